package dev.lmaas.platform.tenant.mail;

import dev.lmaas.platform.db.DataDirectory;
import dev.lmaas.platform.tenant.Mail;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.format.DateTimeFormatter;
import java.util.Date;
import java.util.Properties;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.mail.MailException;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.stereotype.Component;

/**
 * Spring Boot's mail support when the operator configured SMTP ({@code spring.mail.*} makes Boot create the
 * {@link JavaMailSender}); an {@code .eml} file (0600, it may hold a sign-in link) under {@code DATA_DIR/mail}
 * otherwise, or when the server refuses, so {@code ./lmaas run} works out of the box and no message is lost.
 */
@Component
public class OutboundMail implements Mail {

    private static final Logger log = LoggerFactory.getLogger(OutboundMail.class);
    private static final DateTimeFormatter FILE_TIME = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(java.time.ZoneOffset.UTC);

    private final ObjectProvider<JavaMailSender> smtp;
    private final Path folder;
    private final String from;
    private final Clock clock;

    @Autowired
    public OutboundMail(ObjectProvider<JavaMailSender> smtp, DataDirectory data, @Value("${lmaas.mail.from:LMaaS <no-reply@localhost>}") String from) {
        this(smtp, data.resolve("mail"), from, Clock.systemUTC());
    }

    OutboundMail(ObjectProvider<JavaMailSender> smtp, Path folder, String from, Clock clock) {
        this.smtp = smtp;
        this.folder = folder;
        this.from = from;
        this.clock = clock;
    }

    @Override
    public boolean smtp() {
        return smtp.getIfAvailable() != null;
    }

    @Override
    public Outcome send(String to, String subject, String text) {
        JavaMailSender sender = smtp.getIfAvailable();
        if (sender != null) {
            try {
                MimeMessage m = sender.createMimeMessage();
                fill(m, to, subject, text);
                sender.send(m);
                return new Outcome(true, null);
            } catch (MailException | MessagingException e) {
                log.warn("The SMTP server did not take the mail to {} ({}); kept as a file instead", redact(to), e.getMessage());
            }
        }
        try {
            MimeMessage m = new MimeMessage(Session.getInstance(new Properties()));
            fill(m, to, subject, text);
            Files.createDirectories(folder);
            Path file = folder.resolve(FILE_TIME.format(clock.instant()) + "-" + UUID.randomUUID().toString().substring(0, 8) + ".eml");
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            try (OutputStream out = Files.newOutputStream(file, StandardOpenOption.WRITE)) {
                m.writeTo(out);
            }
            log.info("Mail to {} (\"{}\") written to {} (no SMTP server configured: spring.mail.host)", redact(to), subject, file);
            return new Outcome(false, file.toString());
        } catch (IOException | MessagingException e) {
            throw new IllegalStateException("mail could neither be sent nor kept: " + e.getMessage(), e);
        }
    }

    private void fill(MimeMessage m, String to, String subject, String text) throws MessagingException {
        m.setFrom(new InternetAddress(from));
        m.setRecipient(MimeMessage.RecipientType.TO, new InternetAddress(to, true));
        m.setSubject(subject, "UTF-8");
        m.setText(text, "UTF-8");
        m.setSentDate(Date.from(clock.instant()));
    }

    /** Logs name the domain only: an address is personal data. */
    static String redact(String address) {
        int at = address == null ? -1 : address.indexOf('@');
        return at < 0 ? "(no address)" : "…" + address.substring(at);
    }
}
