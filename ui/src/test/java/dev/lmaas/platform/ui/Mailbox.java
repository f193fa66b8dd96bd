package dev.lmaas.platform.ui;

import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The mails the console kept as .eml files (no SMTP server in the shared test context), and the links in them. */
public final class Mailbox {

    private static final Pattern INVITATION = Pattern.compile("/invitations/accept\\?token=([A-Za-z0-9_-]{43})");

    private Mailbox() {
    }

    /** Every mail to {@code to} under {@code folder}, oldest first: "Subject: ..." then the text. */
    public static List<String> to(Path folder, String to) throws Exception {
        List<String> out = new ArrayList<>();
        if (!Files.isDirectory(folder)) {
            return out;
        }
        List<Path> files;
        try (var list = Files.list(folder)) {
            files = list.filter(f -> f.toString().endsWith(".eml")).sorted(Comparator.comparing(Mailbox::modified).thenComparing(Path::toString)).toList();
        }
        for (Path f : files) {
            try (InputStream in = Files.newInputStream(f)) {
                MimeMessage m = new MimeMessage(Session.getInstance(new Properties()), in);
                if (m.getAllRecipients()[0].toString().equals(to)) {
                    out.add("Subject: " + m.getSubject() + "\n" + m.getContent());
                }
            }
        }
        return out;
    }

    /** The invitation token of a mail's link. */
    public static String invitationToken(String mail) {
        Matcher m = INVITATION.matcher(mail);
        if (!m.find()) {
            throw new AssertionError("no invitation link in: " + mail);
        }
        return m.group(1);
    }

    /** The whole invitation link of a mail. */
    public static String invitationLink(String mail) {
        Matcher m = Pattern.compile("https?://\\S+/invitations/accept\\?token=[A-Za-z0-9_-]{43}").matcher(mail);
        if (!m.find()) {
            throw new AssertionError("no invitation link in: " + mail);
        }
        return m.group();
    }

    private static java.nio.file.attribute.FileTime modified(Path f) {
        try {
            return Files.getLastModifiedTime(f);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
