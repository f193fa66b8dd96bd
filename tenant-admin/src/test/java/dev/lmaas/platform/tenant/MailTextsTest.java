package dev.lmaas.platform.tenant;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/** Mail texts in the recipient's language: English, Simplified Chinese for any Chinese, English for anything else. */
class MailTextsTest {

    static final Instant EXPIRES = Instant.parse("2026-12-11T09:30:00Z");

    @Test
    void invitationsReadInEnglishAndChinese() {
        assertThat(Invitations.subject(Locale.ENGLISH, "Acme", MemberRole.DEVELOPER)).isEqualTo("You are invited to join \u201cAcme\u201d on LMaaS as developer");
        assertThat(Invitations.text(Locale.ENGLISH, "Acme", "ann@acme.test", MemberRole.ADMIN, "https://c.test/x", EXPIRES))
                .startsWith("ann@acme.test invited you to join the organization \u201cAcme\u201d on LMaaS as an admin: Everything but the owners")
                .contains("until 11 December 2026, 09:30 UTC):\nhttps://c.test/x\n");
        assertThat(Invitations.subject(Locale.forLanguageTag("zh-TW"), "Acme", MemberRole.VIEWER)).isEqualTo("邀请您以查看者身份加入 LMaaS 上的组织“Acme”");
        assertThat(Invitations.text(Locale.SIMPLIFIED_CHINESE, "Acme", "ann@acme.test", MemberRole.OWNER, "https://c.test/x", EXPIRES))
                .startsWith("ann@acme.test 邀请您加入 LMaaS 上的组织“Acme”，角色为所有者：拥有全部权限")
                .contains("有效期至 2026年12月11日 09:30 UTC）：\nhttps://c.test/x\n");
    }

    @Test
    void passwordResetsAndOtherLanguages() {
        assertThat(MailTexts.passwordReset(Locale.GERMAN, "https://c.test/r")).containsExactly("Choose a new password",
                "Someone (hopefully you) asked to reset the password of this account.\n\nChoose a new one here within an hour:\nhttps://c.test/r\n\n"
                        + "If it was not you, ignore this mail: your password stays as it is.\n");
        assertThat(MailTexts.passwordReset(Locale.SIMPLIFIED_CHINESE, "https://c.test/r")[0]).isEqualTo("设置新密码");
        assertThat(MailTexts.passwordReset(null, "l")[0]).isEqualTo("Choose a new password");
    }

    @Test
    void verificationMailsReadInEnglishAndChinese() {
        assertThat(MailTexts.text(Locale.ENGLISH, "verification.text", "https://c.test/v")).startsWith("Welcome to LMaaS.")
                .contains("(it works once, for 24 hours):\nhttps://c.test/v\n");
        assertThat(MailTexts.text(Locale.SIMPLIFIED_CHINESE, "verification.subject")).isEqualTo("验证您在 LMaaS 的电子邮件地址");
        assertThat(MailTexts.text(Locale.SIMPLIFIED_CHINESE, "signup.taken.text")).contains("“忘记密码？”");
        assertThat(MailTexts.text(Locale.ENGLISH, "signup.taken.text")).contains("\u201cForgot your password?\u201d");
    }
}
