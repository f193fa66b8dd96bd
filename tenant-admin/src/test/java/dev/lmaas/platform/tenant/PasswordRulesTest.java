package dev.lmaas.platform.tenant;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;

/** The password rules that sign-up, admin creation and password change share. */
class PasswordRulesTest {

    @Test
    void aPasswordBcryptCannotHashIsRefusedWithAClearMessageNotAnError() {
        String ascii73 = "correct horse battery staple ".repeat(3).substring(0, 73);
        assertThatThrownBy(() -> new BCryptPasswordEncoder(4).encode(ascii73))
                .as("what sign-up did before: an IllegalArgumentException, a 500").isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ConsoleAccounts.requirePassword(ascii73, "a@example.test"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("The password must be at most 72 bytes long: 72 plain letters, digits or symbols, fewer with accented or non-Latin letters")
                .extracting(e -> ((InvalidInputException) e).param()).isEqualTo("password");
        // 25 Chinese characters are 75 bytes in UTF-8: too long for BCrypt although only 25 characters.
        assertThatThrownBy(() -> ConsoleAccounts.requirePassword("这是一个非常安全而且很长的密码我们都喜欢用它来登录系统吧", null))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("at most 72 bytes");
    }

    @Test
    void seventyTwoBytesAreAcceptedAndHashed() {
        String ascii72 = "correct horse battery staple ".repeat(3).substring(0, 72);
        assertThatCode(() -> ConsoleAccounts.requirePassword(ascii72, "a@example.test")).doesNotThrowAnyException();
        assertThatCode(() -> new BCryptPasswordEncoder(4).encode(ascii72)).doesNotThrowAnyException();
    }
}
