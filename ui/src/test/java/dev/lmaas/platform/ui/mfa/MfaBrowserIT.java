package dev.lmaas.platform.ui.mfa;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lmaas.platform.tenant.ConsoleAccounts;
import dev.lmaas.platform.tenant.TenantView;
import dev.lmaas.platform.ui.Authenticator;
import dev.lmaas.platform.ui.Browser;
import dev.lmaas.platform.ui.ConsoleIT;
import dev.lmaas.platform.ui.TestAccounts;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.TestPropertySource;

/**
 * Two-factor authentication end to end in a real browser (headless Chromium), as a person with a phone would: set it
 * up from the account page (the key read off the page into a test authenticator), sign out, sign in with a code, then
 * with a recovery code, which works once. A platform admin without a second factor lands on the set-up and nowhere
 * else. Every page on the way passes axe-core and fits 390 px (Browser inspects each); screenshots in target/screenshots.
 */
@ConsoleIT
@TestPropertySource(properties = MfaWebIT.DEFAULT_POLICY)
class MfaBrowserIT {

    @RegisterExtension
    static final Browser browser = new Browser();

    @LocalServerPort int port;
    @Autowired ConsoleAccounts accounts;
    String base;

    @BeforeEach
    void start() {
        base = "http://localhost:" + port;
        browser.driver().manage().deleteAllCookies();
    }

    @Test
    void enrolSignOutSignInWithACodeThenARecoveryCodeWhichWorksOnce() {
        TenantView t = TestAccounts.customer(accounts, "Phone Co");
        signIn(t.ownerEmail(), "/dashboard");

        // Set up, from the account page.
        browser.open(base + "/account/password");
        browser.shot("59-account-page");
        browser.clickAndWait("#mfa-manage", "/account/mfa");
        assertThat(browser.text("#mfa-status")).contains("Off");
        browser.clickAndWait("#setup-form button", "/account/mfa");
        WebElement qr = browser.find("img.qr-code");
        assertThat(qr.getAttribute("src")).startsWith("data:image/svg+xml;base64,");
        assertThat(qr.getAttribute("alt")).isEqualTo("QR code to set up your authenticator app");
        assertThat(browser.find("a.mfa-link").getAttribute("href")).startsWith("otpauth://totp/LMaaS:");
        browser.shot("60-mfa-setup");
        Authenticator app = new Authenticator(browser.text("#mfa-secret"));
        browser.type("#confirm-code", "999999");
        browser.clickAndWait("#confirm-form button", "/account/mfa/confirm");
        assertThat(browser.pageText()).contains("That code is not correct.");
        browser.type("#confirm-code", app.nextCode());
        browser.clickAndWait("#confirm-form button", "/account/mfa/confirm");
        assertThat(browser.pageText()).contains("Two-factor authentication is on.").contains("they are not shown again");
        List<String> recovery = browser.driver().findElements(By.cssSelector("#recovery-codes code")).stream().map(WebElement::getText).toList();
        assertThat(recovery).hasSize(10).allMatch(c -> c.matches("[a-z2-9]{5}-[a-z2-9]{5}"));
        browser.shot("61-mfa-recovery-codes");
        browser.clickAndWait("main a.btn-primary", "/dashboard");

        // Sign out, and in again: the password, then a code.
        signOut();
        signIn(t.ownerEmail(), "/login/mfa");
        assertThat(browser.find("h1").getText()).isEqualTo("Two-factor authentication");
        browser.shot("62-mfa-challenge");
        browser.type("#code", "000000");
        browser.clickAndWait("main form.form button[type=submit]", "/login/mfa");
        assertThat(browser.pageText()).contains("That code is not correct.");
        assertThat(browser.find("#code").getAttribute("aria-invalid")).isEqualTo("true");
        browser.shot("63-mfa-wrong-code");
        browser.type("#code", app.nextCode());
        browser.clickAndWait("main form.form button[type=submit]", "/dashboard");
        assertThat(browser.pageText()).contains("Phone Co");

        // Lost phone: a recovery code signs in once.
        signOut();
        signIn(t.ownerEmail(), "/login/mfa");
        browser.type("#code", recovery.get(0));
        browser.clickAndWait("main form.form button[type=submit]", "/account/mfa");
        assertThat(browser.pageText()).contains("You signed in with a recovery code, which cannot be used again.")
                .contains("Recovery codes left: 9.");
        browser.shot("64-mfa-recovered");
        signOut();
        signIn(t.ownerEmail(), "/login/mfa");
        browser.type("#code", recovery.get(0));
        browser.clickAndWait("main form.form button[type=submit]", "/login/mfa");
        assertThat(browser.pageText()).contains("That recovery code was already used. Each recovery code works only once.");
        browser.open(base + "/dashboard");
        browser.waitForPath("/login/mfa");
        browser.clickAndWait("form.mfa-cancel button", "/login");
        assertThat(browser.pageText()).contains("You have been signed out.");
        assertThat(browser.inspected()).as("pages checked with axe at both widths").isGreaterThanOrEqualTo(15);
    }

    @Test
    void anAdminWithoutASecondFactorLandsOnTheSetUpInEnglishAndChinese() {
        String email = "ops-" + UUID.randomUUID().toString().substring(0, 8) + "@lmaas.test";
        accounts.createAdmin(email, TestAccounts.PASSWORD);
        signIn(email, "/account/mfa");
        assertThat(browser.text("#mfa-required")).isEqualTo("Platform admins must use two-factor authentication. Set it up to continue.");
        browser.open(base + "/admin/tenants");
        browser.waitForPath("/account/mfa");
        browser.shot("65-mfa-admin-required");
        browser.open(base + "/account/mfa?lang=zh-CN");
        assertThat(browser.text("#mfa-required")).isEqualTo("平台管理员必须使用双重验证。请先完成设置再继续。");
        browser.clickAndWait("#setup-form button", "/account/mfa");
        assertThat(browser.find("h2").getText()).isEqualTo("设置身份验证器应用");
        browser.shot("66-mfa-setup-zh");
        browser.open(base + "/account/mfa?lang=en");
    }

    private void signIn(String email, String lands) {
        browser.open(base + "/login");
        browser.type("#email", email);
        browser.type("#password", TestAccounts.PASSWORD);
        browser.clickAndWait("form.form button[type=submit]", lands);
    }

    private void signOut() {
        browser.clickAndWait(".account form button", "/login");
    }
}
