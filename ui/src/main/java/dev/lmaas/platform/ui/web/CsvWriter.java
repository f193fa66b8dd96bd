package dev.lmaas.platform.ui.web;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/**
 * The platform's one CSV writer (console exports, the admin audit export, {@code /v1/usage?format=csv}): RFC 4180
 * through Apache Commons CSV, plus a guard the library leaves to us: cells that a spreadsheet would run as a
 * formula ({@code = + - @}, tab, CR) are prefixed with a quote, since tenant names and audit fields come from users.
 */
public final class CsvWriter {

    private static final CSVFormat FORMAT = CSVFormat.RFC4180.builder().setRecordSeparator("\r\n").get();

    private final CSVPrinter out;

    public CsvWriter(Writer out) {
        try {
            this.out = new CSVPrinter(out, FORMAT);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public CsvWriter row(List<?> cells) {
        try {
            for (Object cell : cells) {
                out.print(safe(cell));
            }
            out.println();
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public void flush() {
        try {
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The cell as text, with a leading quote where a spreadsheet would otherwise evaluate it; numbers as they are. */
    static String safe(Object value) {
        if (value == null) {
            return "";
        }
        String s = value.toString();
        if (!s.isEmpty() && "=+-@\t\r".indexOf(s.charAt(0)) >= 0 && !(value instanceof Number)) {
            return "'" + s;
        }
        return s;
    }
}
