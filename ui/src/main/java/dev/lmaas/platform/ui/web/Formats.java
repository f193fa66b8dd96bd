package dev.lmaas.platform.ui.web;

import dev.lmaas.platform.ui.port.Money;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.text.NumberFormat;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Currency;
import java.util.Locale;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.stereotype.Component;

/**
 * How numbers, money and times look on every page (used in templates as {@code @consoleFormats}).
 * Times are UTC, the platform's billing clock.
 */
@Component("consoleFormats")
public class Formats {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("d MMM yyyy", Locale.ENGLISH).withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter DATE_ZH = DateTimeFormatter.ofPattern("yyyy年M月d日", Locale.SIMPLIFIED_CHINESE).withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter MONTH = DateTimeFormatter.ofPattern("MMMM yyyy", Locale.ENGLISH);
    private static final DateTimeFormatter MONTH_ZH = DateTimeFormatter.ofPattern("yyyy年M月", Locale.SIMPLIFIED_CHINESE);
    private static final DateTimeFormatter SHORT_MONTH = DateTimeFormatter.ofPattern("MMM yyyy", Locale.ENGLISH);

    /** Chinese when the request's language is Chinese; English otherwise (and outside a request). */
    private static boolean zh() {
        return "zh".equals(LocaleContextHolder.getLocale().getLanguage());
    }

    /** A billing month: "May 2026" or "2026年5月". */
    public String month(java.time.YearMonth m) {
        return zh() ? m.format(MONTH_ZH) : m.format(MONTH);
    }

    /** A billing month in the pager: "May 2026" or "2026年5月". */
    public String shortMonth(java.time.YearMonth m) {
        return zh() ? m.format(MONTH_ZH) : m.format(SHORT_MONTH);
    }

    public String number(long n) {
        return NumberFormat.getIntegerInstance(Locale.ENGLISH).format(n);
    }

    public String number(Integer n) {
        return n == null ? unlimited() : number(n.longValue());
    }

    public String number(Long n) {
        return n == null ? unlimited() : number(n.longValue());
    }

    private static String unlimited() {
        return zh() ? "不限" : "Unlimited";
    }

    /** A number of tokens: "1,234 tokens" or "1,234 个 Token". */
    public String tokens(long n) {
        return number(n) + (zh() ? " 个 Token" : " tokens");
    }

    /** A number of requests: "12 requests" or "12 次请求". */
    public String requests(long n) {
        return number(n) + (zh() ? " 次请求" : " requests");
    }

    /** Short form for charts: 1.2k, 3.4M. */
    public String compact(long n) {
        if (n < 1_000) {
            return Long.toString(n);
        }
        if (n < 1_000_000) {
            return trim(n / 1_000.0) + "k";
        }
        if (n < 1_000_000_000) {
            return trim(n / 1_000_000.0) + "M";
        }
        return trim(n / 1_000_000_000.0) + "G";
    }

    /** Money with the currency's usual decimals, more when the amount is below one cent. */
    public String money(Money m) {
        if (m == null) {
            return "—";
        }
        BigDecimal amount = BigDecimal.valueOf(m.micros(), 6);
        int decimals = Math.abs(m.micros()) > 0 && Math.abs(m.micros()) < 10_000 ? 4 : 2;
        String symbol = switch (m.currency().toUpperCase(Locale.ROOT)) {
            case "USD" -> "$";
            case "EUR" -> "€";
            case "GBP" -> "£";
            default -> null;
        };
        String digits = NumberFormat.getNumberInstance(Locale.ENGLISH) instanceof java.text.DecimalFormat f
                ? withDecimals(f, decimals).format(amount.setScale(decimals, RoundingMode.HALF_UP))
                : amount.setScale(decimals, RoundingMode.HALF_UP).toPlainString();
        return symbol != null ? symbol + digits : digits + " " + validCurrency(m.currency());
    }

    /** An amount as a form field shows it: plain digits, no symbol or grouping, no trailing zeros past the cents (12.5 -> 12.50). */
    public String decimal(Money m) {
        BigDecimal amount = BigDecimal.valueOf(m.micros(), 6).stripTrailingZeros();
        return (amount.scale() < 2 ? amount.setScale(2) : amount).toPlainString();
    }

    /** An embedding's first values: [0.0123, -0.0456, …]. */
    public String vector(java.util.List<Double> values, int dimensions) {
        String shown = values.stream().map(v -> String.format(Locale.ENGLISH, "%.4f", v)).collect(java.util.stream.Collectors.joining(", "));
        return "[" + shown + (dimensions > values.size() ? ", …]" : "]");
    }

    public String time(Instant t) {
        return t == null ? "—" : TIME.format(t);
    }

    public String date(Instant t) {
        return t == null ? "—" : zh() ? DATE_ZH.format(t) : DATE.format(t);
    }

    public String day(LocalDate d) {
        return d == null ? "—" : zh() ? d.format(DateTimeFormatter.ofPattern("M月d日", Locale.SIMPLIFIED_CHINESE))
                : d.format(DateTimeFormatter.ofPattern("d MMM", Locale.ENGLISH));
    }

    /** "just now", "5 min ago", "3 h ago", or the date. */
    public String ago(Instant t) {
        boolean zh = zh();
        if (t == null) {
            return zh ? "从未使用" : "never";
        }
        long s = Duration.between(t, Instant.now()).getSeconds();
        if (s < 10) {
            return zh ? "刚刚" : "just now";
        }
        if (s < 90) {
            return s + (zh ? " 秒前" : " s ago");
        }
        if (s < 3600) {
            return (s / 60) + (zh ? " 分钟前" : " min ago");
        }
        if (s < 86400) {
            return (s / 3600) + (zh ? " 小时前" : " h ago");
        }
        return date(t);
    }

    /** Percentage of a limit used, 0..100, for meters; 0 when unlimited. */
    public long percent(long used, Long limit) {
        if (limit == null || limit <= 0) {
            return 0;
        }
        return Math.min(100, Math.round(used * 100.0 / limit));
    }

    private static java.text.DecimalFormat withDecimals(java.text.DecimalFormat f, int decimals) {
        f.setMinimumFractionDigits(decimals);
        f.setMaximumFractionDigits(decimals);
        f.setGroupingUsed(true);
        return f;
    }

    private static String validCurrency(String code) {
        try {
            return Currency.getInstance(code.toUpperCase(Locale.ROOT)).getCurrencyCode();
        } catch (IllegalArgumentException e) {
            return code;
        }
    }

    private static String trim(double v) {
        String s = String.format(Locale.ENGLISH, "%.1f", v);
        return s.endsWith(".0") ? s.substring(0, s.length() - 2) : s;
    }
}
