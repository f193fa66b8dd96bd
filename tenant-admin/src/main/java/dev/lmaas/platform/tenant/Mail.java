package dev.lmaas.platform.tenant;

/**
 * Mail to people (owners, invited members): sent through the operator's SMTP server when one is configured
 * ({@code spring.mail.host}); otherwise, and whenever sending fails, written as an {@code .eml} file under
 * {@code DATA_DIR/mail/} so nothing is ever dropped (the log names the file, never its content).
 */
public interface Mail {

    /** How a message left: through SMTP, or as a file (its path). */
    record Outcome(boolean sent, String file) {
    }

    Outcome send(String to, String subject, String text);

    /** True when an SMTP server is configured. */
    boolean smtp();
}
