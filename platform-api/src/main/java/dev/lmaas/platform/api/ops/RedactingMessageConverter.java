package dev.lmaas.platform.api.ops;

import ch.qos.logback.classic.pattern.MessageConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;
import java.util.regex.Pattern;

/**
 * The log message converter ({@code %m}) with secrets masked by their format: LMaaS tenant and admin
 * keys, Stripe secret, restricted and webhook keys. Code never logs a key on purpose; this catches
 * the accidents (a key in a URL, a header dump, a library's debug line).
 */
public class RedactingMessageConverter extends MessageConverter {

    static final Pattern SECRETS = Pattern.compile("\\b(lmk_|lma_|whsec_|sk_live_|sk_test_|rk_live_|rk_test_)[A-Za-z0-9]{6,}");

    @Override
    public String convert(ILoggingEvent event) {
        return redact(super.convert(event));
    }

    public static String redact(String message) {
        if (message == null || message.indexOf('_') < 0) {
            return message;
        }
        return SECRETS.matcher(message).replaceAll(m -> m.group(1) + "[REDACTED]");
    }
}
