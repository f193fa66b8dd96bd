package dev.lmaas.platform.tenant.mail;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetupTest;
import dev.lmaas.platform.tenant.Mail;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.support.StaticListableBeanFactory;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.mail.javamail.JavaMailSenderImpl;

/** Mail through a real SMTP server (GreenMail, in-process); without one, or when it refuses, an .eml file nobody else can read. */
class OutboundMailTest {

    @RegisterExtension
    static final GreenMailExtension smtp = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort());

    @TempDir Path data;
    final Clock clock = Clock.fixed(Instant.parse("2026-12-04T03:00:00Z"), ZoneOffset.UTC);

    OutboundMail mail(JavaMailSender sender) {
        StaticListableBeanFactory beans = new StaticListableBeanFactory();
        if (sender != null) {
            beans.addBean("mailSender", sender);
        }
        return new OutboundMail(beans.getBeanProvider(JavaMailSender.class), data.resolve("mail"), "LMaaS <no-reply@lmaas.test>", clock);
    }

    static JavaMailSender sender(int port) {
        JavaMailSenderImpl s = new JavaMailSenderImpl();
        s.setHost("127.0.0.1");
        s.setPort(port);
        return s;
    }

    @Test
    void sendsThroughTheConfiguredSmtpServer() throws Exception {
        Mail.Outcome out = mail(sender(smtp.getSmtp().getPort())).send("owner@acme.test", "Budget alert: 80 %", "Your organization used 80 % of its budget.");

        assertThat(out.sent()).isTrue();
        MimeMessage[] got = smtp.getReceivedMessages();
        assertThat(got).hasSize(1);
        assertThat(got[0].getSubject()).isEqualTo("Budget alert: 80 %");
        assertThat(got[0].getAllRecipients()[0].toString()).isEqualTo("owner@acme.test");
        assertThat(GreenMailUtil.getBody(got[0])).contains("80 % of its budget");
        assertThat(data.resolve("mail")).doesNotExist();
    }

    @Test
    void withoutSmtpTheMessageIsKeptAsAnEmlFileOnlyTheServiceCanRead() throws Exception {
        Mail.Outcome out = mail(null).send("new@acme.test", "Reset your password", "Open https://console.test/reset?token=abc within an hour.");

        assertThat(out.sent()).isFalse();
        Path file = Path.of(out.file());
        assertThat(file.getParent()).isEqualTo(data.resolve("mail"));
        assertThat(file.getFileName().toString()).startsWith("20261204-030000-").endsWith(".eml");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        try (InputStream in = Files.newInputStream(file)) {
            MimeMessage m = new MimeMessage(Session.getInstance(new Properties()), in);
            assertThat(m.getSubject()).isEqualTo("Reset your password");
            assertThat(m.getAllRecipients()[0].toString()).isEqualTo("new@acme.test");
            assertThat(m.getContent().toString()).contains("token=abc");
        }
    }

    @Test
    void whenTheServerRefusesNothingIsLost() {
        Mail.Outcome out = mail(sender(1)).send("owner@acme.test", "Budget alert", "text"); // nothing listens on port 1

        assertThat(out.sent()).isFalse();
        assertThat(Path.of(out.file())).exists();
    }

    @Test
    void logsNameTheDomainOnly() {
        assertThat(OutboundMail.redact("someone@acme.test")).isEqualTo("…@acme.test");
        assertThat(OutboundMail.redact(null)).isEqualTo("(no address)");
    }
}
