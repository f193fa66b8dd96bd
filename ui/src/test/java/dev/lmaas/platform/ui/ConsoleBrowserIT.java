package dev.lmaas.platform.ui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lmaas.platform.tenant.ApiKeyVerifier;
import dev.lmaas.platform.tenant.ConsoleAccounts;
import dev.lmaas.platform.tenant.IssuedKey;
import dev.lmaas.platform.tenant.KeyVerification;
import dev.lmaas.platform.tenant.TenantDirectory;
import dev.lmaas.platform.tenant.TenantStatus;
import dev.lmaas.platform.tenant.TenantView;
import dev.lmaas.platform.tenant.ApiKeyIssuer;
import dev.lmaas.platform.tenant.Actor;
import dev.lmaas.platform.ui.fakes.FakeBillingPortal;
import dev.lmaas.platform.ui.port.BillingMode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The console in a real browser (headless Chromium) against the real server: a customer's journey
 * from sign-up to a revoked key, an admin suspending a tenant, the walls between roles and tenants,
 * and every page of both roles rendering. Screenshots of the main pages go to target/screenshots.
 * Every page the browser arrives at is checked by {@link Browser#inspect()}: axe-core (WCAG 2.0/2.1 A
 * and AA) finds nothing serious or critical at 1280 px nor at 390 px, and at 390 px nothing scrolls
 * sideways. The keyboard tests walk each page with Tab and work the confirmations without a mouse.
 */
@ConsoleIT
class ConsoleBrowserIT {

    @RegisterExtension
    static final Browser browser = new Browser();

    @LocalServerPort int port;
    @Autowired ConsoleAccounts accounts;
    @Autowired ApiKeyVerifier verifier;
    @Autowired ApiKeyIssuer keys;
    @Autowired TenantDirectory tenants;
    @Autowired FakeBillingPortal billing;

    String base;

    @BeforeEach
    void start() {
        base = "http://localhost:" + port;
        TestAccounts.ensureAdmin(accounts);
        browser.driver().manage().deleteAllCookies();
        browser.resize(Browser.DESKTOP);
        browser.inspecting(true);
        billing.mode(BillingMode.LOCAL);
    }

    @Test
    void customerSignsUpCreatesAKeyTriesAModelSeesUsageAndRevokesTheKey() {
        String email = "journey-" + UUID.randomUUID().toString().substring(0, 8) + "@example.test";
        browser.open(base + "/signup");
        browser.shot("01-signup");
        browser.type("#organization", "Journey Labs");
        browser.type("#email", email);
        browser.type("#password", TestAccounts.PASSWORD);
        browser.type("#passwordAgain", TestAccounts.PASSWORD);
        // The same answer for a new and a taken email: sign in now.
        browser.clickAndWait("main form button[type=submit]", "/login");
        assertThat(browser.pageText()).contains("Sign in with your email and the password you chose.");
        browser.type("#email", email);
        browser.type("#password", TestAccounts.PASSWORD);
        browser.clickAndWait("main form button[type=submit]", "/dashboard");
        assertThat(browser.pageText()).contains("Journey Labs");

        browser.clickAndWait("a[href='/keys']", "/keys");
        assertThat(browser.pageText()).contains("You have no API keys yet.");
        browser.type("#name", "production backend");
        browser.find("#scope-0").click();
        browser.clickAndWait("#create-title + form button[type=submit]", "/keys");
        String secret = browser.find("#new-secret").getAttribute("value");
        assertThat(browser.pageText()).contains("Copy this key now.").contains("shown only once");
        assertThat(secret).startsWith("lmk_");
        browser.find("[data-copy='new-secret']").click();
        browser.waitForText("[data-copy='new-secret']", "Copied");
        browser.shot("03-key-created");
        assertThat(verifier.verify(secret)).isInstanceOf(KeyVerification.Verified.class);

        browser.open(base + "/keys");
        assertThat(browser.driver().findElements(By.id("new-secret"))).isEmpty();
        assertThat(browser.driver().getPageSource()).doesNotContain(secret);
        assertThat(browser.text("#keys-table")).contains("production backend").contains("all-MiniLM-L6-v2").contains("Active");
        browser.shot("04-keys");

        browser.clickAndWait("a[href='/playground']", "/playground");
        new Select(browser.find("#model")).selectByValue("sentiment-en");
        browser.type("#text", "I love how fast this is. Great service!");
        browser.clickAndWait("main form button[type=submit]", "/playground");
        assertThat(browser.text(".result")).contains("positive").contains("0.940").contains("curl");
        browser.shot("05-playground");

        browser.clickAndWait("a[href='/dashboard']", "/dashboard");
        assertThat(browser.text(".kpi .kpi-value")).isEqualTo("1");
        assertThat(browser.pageText()).contains("sentiment-en");
        assertThat(browser.driver().findElements(By.cssSelector("svg.chart-svg rect"))).isNotEmpty();
        // Chart labels stay readable on a phone: at 390 px the charts' narrow layouts draw their text 9 px high or more
        // (the desktop layout, scaled down to fit, would draw it about 4 px high).
        browser.resize(Browser.PHONE);
        @SuppressWarnings("unchecked")
        List<Number> heights = (List<Number>) ((JavascriptExecutor) browser.driver()).executeScript(
                "return Array.from(document.querySelectorAll('.chart-svg text')).map(function (t) { return t.getBoundingClientRect(); })"
                        + ".filter(function (r) { return r.width > 0; }).map(function (r) { return r.height; });");
        assertThat(heights).isNotEmpty().allSatisfy(h -> assertThat(h.doubleValue()).isGreaterThanOrEqualTo(9.0));
        browser.resize(Browser.DESKTOP);
        browser.shot("02-dashboard");

        browser.open(base + "/keys");
        browser.clickAndWait("#keys-table a.btn", "/keys/");
        browser.shot("06-key-detail");
        // Rotating with no grace period stops the old secret at once: a confirmation page asks why first.
        new Select(browser.find("#graceHours")).selectByValue("0");
        browser.clickAndWait("form[action$='/rotate'] button[type=submit]", "/keys/");
        assertThat(browser.pageText()).contains("with no grace period?");
        browser.shot("06b-key-rotate-now");
        browser.type("#reason", "The secret showed in a screen share");
        browser.clickAndWait("main form button.btn-danger", "/keys");
        String rotated = browser.find("#new-secret").getAttribute("value");
        assertThat(verifier.verify(secret)).as("no grace period").isInstanceOf(KeyVerification.Refused.class);
        secret = rotated;
        browser.open(base + "/keys");
        browser.clickAndWait("#keys-table a.btn", "/keys/");
        browser.clickAndWait("a.btn-danger", "/keys/");
        assertThat(browser.pageText()).contains("This cannot be undone");
        browser.clickAndWait("button.btn-danger", "/keys");
        assertThat(browser.pageText()).contains("was revoked");
        assertThat(browser.text("#keys-table")).contains("Revoked");
        assertThat(verifier.verify(secret)).isInstanceOf(KeyVerification.Refused.class);

        browser.clickAndWait("a[href='/billing']", "/billing");
        assertThat(browser.pageText()).contains("Billing is managed by the operator").contains("Current plan");
        browser.shot("07-billing");
        browser.clickAndWait("a[href='/settings']", "/settings");
        assertThat(browser.pageText()).contains(email).contains("Data retention");
        browser.shot("08-settings");
        browser.clickAndWait("a[href='/settings/audit']", "/settings/audit");
        assertThat(browser.pageText()).contains("api_key.revoked").contains("api_key.created").contains("tenant.created")
                .contains("The secret showed in a screen share");
        browser.shot("09-audit-trail");

        browser.find(".account button").click();
        browser.waitForPath("/login");
        assertThat(browser.pageText()).contains("You have been signed out.");
    }

    @Test
    void adminFindsTheTenantSuspendsItAndItsKeyAndLoginStopWorking() {
        TenantView t = TestAccounts.customer(accounts, "Suspect Systems");
        IssuedKey key = keys.issue(t.id(), "their app", List.of(), null, Actor.SYSTEM);
        login(TestAccounts.ADMIN_EMAIL);
        browser.waitForPath("/admin/tenants");
        browser.shot("10-admin-tenants");
        browser.type("#q", "suspect");
        browser.clickAndWait("form[role=search] button", "/admin/tenants");
        assertThat(browser.text("#tenants-table")).contains("Suspect Systems");
        browser.clickAndWait("#tenants-table a", "/admin/tenants/" + t.id());
        assertThat(browser.pageText()).contains(t.ownerEmail()).contains("their app").contains("Usage this month");
        browser.shot("11-admin-tenant");
        browser.clickAndWait("#suspend", "/admin/tenants/" + t.id() + "/suspend");
        browser.shot("11b-admin-tenant-suspend");
        browser.type("#reason", "Card testing reported by the payment provider");
        browser.clickAndWait("main form button.btn-danger", "/admin/tenants/" + t.id());
        assertThat(browser.pageText()).contains("is suspended").contains("Card testing reported by the payment provider");
        assertThat(tenants.get(t.id()).status()).isEqualTo(TenantStatus.SUSPENDED);
        assertThat(verifier.verify(key.secret())).isInstanceOf(KeyVerification.Refused.class);

        for (var page : List.of("usage", "nodes", "audit", "plans")) {
            browser.clickAndWait("a[href='/admin/" + page + "']", "/admin/" + page);
            assertThat(browser.find("h1").getText()).isNotBlank();
            browser.shot("12-admin-" + page);
        }
        assertThat(browser.text("main")).contains("Plans").contains("Pro");
        browser.find(".account button").click();
        browser.waitForPath("/login");

        login(t.ownerEmail());
        browser.waitForPath("/login");
        assertThat(browser.pageText()).contains("account is suspended").contains("support@lmaas.test");
        browser.shot("13-login-suspended");
    }

    @Test
    void customerMeetsWallsAroundAdminPagesAndOtherTenants() {
        TenantView mine = TestAccounts.customer(accounts, "Wall Street");
        TenantView other = TestAccounts.customer(accounts, "Other Side");
        IssuedKey theirs = keys.issue(other.id(), "their secret app", List.of(), null, Actor.SYSTEM);
        login(mine.ownerEmail());
        browser.waitForPath("/dashboard");

        browser.open(base + "/admin/tenants");
        assertThat(browser.find("h1").getText()).isEqualTo("You don't have access to this page");
        assertThat(browser.pageText()).contains("Wall Street"); // still signed in, in the console layout
        browser.shot("14-forbidden");
        browser.open(base + "/keys/" + theirs.key().id());
        assertThat(browser.find("h1").getText()).isEqualTo("Page not found");
        assertThat(browser.pageText()).doesNotContain("their secret app");
        browser.shot("15-not-found");
        browser.open(base + "/admin/tenants/" + other.id());
        assertThat(browser.find("h1").getText()).isEqualTo("You don't have access to this page");
    }

    @Test
    void everyPageRendersForItsRoleAndRefusesTheOther() {
        TenantView t = TestAccounts.customer(accounts, "Tour Co");
        IssuedKey key = keys.issue(t.id(), "tour key", List.of(), null, Actor.SYSTEM);
        List<String> customerPages = List.of("/dashboard", "/keys", "/keys/" + key.key().id(), "/keys/" + key.key().id() + "/revoke", "/playground",
                "/billing", "/settings", "/settings/audit", "/members");
        List<String> adminPages = List.of("/admin/tenants", "/admin/tenants?q=tour", "/admin/tenants/" + t.id(), "/admin/tenants/" + t.id() + "/delete",
                "/admin/usage", "/admin/nodes", "/admin/audit", "/admin/audit?tenant=" + t.id(), "/admin/plans", "/admin/plans/new", "/admin/plans/pro");

        login(t.ownerEmail());
        browser.waitForPath("/dashboard");
        assertRender(customerPages, true);
        assertRender(adminPages, false);
        browser.find(".account button").click();
        browser.waitForPath("/login");

        login(TestAccounts.ADMIN_EMAIL);
        browser.waitForPath("/admin/tenants");
        assertRender(adminPages, true);
        assertRender(customerPages, false);
        browser.open(base + "/admin/tenants/" + t.id() + "/delete");
        browser.shot("16-admin-delete-confirmation");
    }

    @Test
    void theConsoleInChinesePassesTheChecksForBothRolesAtBothWidths() {
        TenantView t = TestAccounts.customer(accounts, "中文测试公司");
        IssuedKey key = keys.issue(t.id(), "生产环境", List.of(), null, Actor.SYSTEM);
        List<String> customerPages = List.of("/dashboard", "/keys", "/keys/" + key.key().id(), "/keys/" + key.key().id() + "/revoke", "/playground",
                "/billing", "/settings", "/settings/audit", "/members");
        List<String> adminPages = List.of("/admin/tenants", "/admin/tenants/" + t.id(), "/admin/tenants/" + t.id() + "/delete",
                "/admin/usage", "/admin/nodes", "/admin/audit", "/admin/plans", "/admin/plans/new");

        browser.open(base + "/login");
        assertThat(browser.find("h1").getText()).isEqualTo("Sign in to LMaaS");
        browser.clickAndWait("footer a[hreflang=zh-CN]", "/login");
        assertThat(browser.find("html").getAttribute("lang")).isEqualTo("zh-CN");
        assertThat(browser.find("h1").getText()).isEqualTo("登录 LMaaS");
        assertThat(browser.find("label[for=email]").getText()).isEqualTo("邮箱");
        browser.shot("30-login-zh");

        login(t.ownerEmail());
        browser.waitForPath("/dashboard");
        assertChinese(customerPages);
        browser.shot("31-members-zh");
        browser.resize(Browser.DESKTOP);
        browser.find(".account button").click();
        browser.waitForPath("/login");

        login(TestAccounts.ADMIN_EMAIL);
        browser.waitForPath("/admin/tenants");
        assertChinese(adminPages);
        browser.resize(Browser.DESKTOP);
        browser.clickAndWait("footer a[hreflang=en]", "/admin/plans/new");
        assertThat(browser.find("html").getAttribute("lang")).isEqualTo("en");
        assertThat(browser.find("h1").getText()).isEqualTo("New plan");
    }

    /** Each page in Chinese, at desktop and phone width; the Browser extension runs axe and the sideways-scroll check on each. */
    private void assertChinese(List<String> paths) {
        for (var size : List.of(Browser.DESKTOP, Browser.PHONE)) {
            browser.resize(size);
            for (String path : paths) {
                browser.open(base + path);
                assertThat(browser.find("html").getAttribute("lang")).as(path).isEqualTo("zh-CN");
                assertThat(browser.find("footer").getText()).as(path).contains("API 参考").contains("中文");
                assertThat(browser.find("h1").getText()).as(path).isNotBlank().doesNotContain("出错").isNotEqualTo("页面不存在")
                        .isNotEqualTo("你无权访问此页面");
            }
        }
    }

    @Test
    void loginPageShowsAndSessionCookieIsHttpOnlyAndSameSiteLax() throws Exception {
        browser.open(base + "/login");
        browser.shot("00-login");
        assertThat(browser.find("label[for=email]").getText()).isEqualTo("Email");
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(base + "/login")).build(),
                HttpResponse.BodyHandlers.ofString());
        String cookie = r.headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith("JSESSIONID=")).findFirst().orElseThrow();
        assertThat(cookie).contains("HttpOnly").contains("SameSite=Lax").doesNotContain("Secure"); // plain HTTP here; Tomcat adds Secure over HTTPS
        assertThat(r.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(v -> assertThat(v).contains("frame-ancestors 'none'"));
    }

    @Test
    void signedOutPagesPassTheChecksAndFormErrorsAreTiedToTheirField() {
        int before = browser.inspected();
        for (String path : List.of("/login", "/login?error", "/login?logout", "/signup", "/forgot-password", "/reset-password?token=not-a-token")) {
            browser.open(base + path);
            assertThat(browser.find("h1").getText()).as(path).isNotBlank();
            assertThat(browser.find("html").getAttribute("lang")).as(path).isEqualTo("en");
        }
        browser.open(base + "/login?error");
        assertThat(browser.find("#email").getAttribute("aria-describedby")).isEqualTo("form-error");

        browser.open(base + "/signup");
        browser.type("#organization", "Error Prone");
        browser.type("#email", "not-an-email");
        browser.type("#password", TestAccounts.PASSWORD);
        browser.type("#passwordAgain", TestAccounts.PASSWORD);
        browser.clickAndWait("main form button[type=submit]", "/signup");
        WebElement email = browser.find("#email");
        assertThat(email.getAttribute("aria-invalid")).isEqualTo("true");
        assertThat(email.getAttribute("aria-describedby")).isEqualTo("form-error");
        assertThat(browser.text("#form-error")).contains("valid email address");
        assertThat(browser.find("#organization").getAttribute("aria-invalid")).isNull();
        assertThat(browser.find("#organization").getAttribute("aria-describedby")).isEqualTo("organization-hint");
        assertThat(browser.find("#password").getAttribute("aria-describedby")).isEqualTo("password-rules");

        browser.open(base + "/forgot-password");
        ((JavascriptExecutor) browser.driver()).executeScript("document.getElementById('email').removeAttribute('required');"); // as if unchecked
        browser.clickAndWait("main form button[type=submit]", "/forgot-password");
        assertThat(browser.find("#email").getAttribute("aria-describedby")).isEqualTo("form-error");
        assertThat(browser.inspected() - before).as("pages inspected").isGreaterThanOrEqualTo(10);
    }

    @Test
    void theInspectionFailsOnAnAxeViolationAndOnASidewaysScroll() {
        browser.open(base + "/login");
        ((JavascriptExecutor) browser.driver()).executeScript("""
                var main = document.querySelector('main');
                var input = document.createElement('input'); input.id = 'unlabelled'; main.appendChild(input);
                var wide = document.createElement('div'); wide.id = 'too-wide'; wide.style.minWidth = '600px'; wide.textContent = 'wide'; main.appendChild(wide);
                """);
        assertThatThrownBy(browser::inspect).isInstanceOf(AssertionError.class)
                .hasMessageContaining("/login")
                .hasMessageContaining("label (critical)").hasMessageContaining("#unlabelled")
                .hasMessageContaining("scrolls sideways").hasMessageContaining("div#too-wide");
        ((JavascriptExecutor) browser.driver()).executeScript("""
                var b = document.createElement('button'); b.textContent = 'Ringless'; b.style.outline = 'none';
                document.querySelector('main form').appendChild(b);
                """);
        assertThat(browser.keyboardWalk()).containsExactly("no visible focus indicator on button \"Ringless\"");
    }

    @Test
    void atPhoneWidthTheNavigationIsAMenuThatTheKeyboardOpensAndEscapeCloses() {
        // The longest organization name sign-up allows breaks neither the header nor any page.
        String name = "Very Long Organization Name " + "x".repeat(100 - 28 - 9) + " Limited.";
        assertThat(name).hasSize(100);
        TenantView t = accounts.signUp(name, "long-" + UUID.randomUUID().toString().substring(0, 8) + "@example.test", TestAccounts.PASSWORD,
                "127.0.0.1").orElseThrow();
        login(t.ownerEmail());
        browser.waitForPath("/dashboard");
        browser.resize(Browser.PHONE);
        WebElement nav = browser.find("#main-nav");
        assertThat(nav.isDisplayed()).isFalse();
        assertThat(browser.find("#account").isDisplayed()).isFalse();
        WebElement toggle = browser.tabTo("Menu");
        assertThat(toggle.getAttribute("aria-expanded")).isEqualTo("false");
        browser.press(Keys.ENTER);
        assertThat(toggle.getAttribute("aria-expanded")).isEqualTo("true");
        assertThat(nav.isDisplayed()).isTrue();
        assertThat(browser.text("#account strong")).isEqualTo(name);
        assertThat(browser.sidewaysScroll()).as("menu open").isEmpty();
        browser.shot("17-phone-menu");
        browser.tabTo("API keys");
        browser.pressAndWait(Keys.ENTER, "/keys");
        assertThat(browser.find("h1").getText()).isEqualTo("API keys");

        browser.tabTo("Menu");
        browser.press(Keys.SPACE);
        browser.tabTo("Plan & billing");
        browser.press(Keys.ESCAPE);
        assertThat(browser.find("#main-nav").isDisplayed()).isFalse();
        assertThat(browser.focused().getText()).isEqualTo("Menu");
        assertThat(browser.focused().getAttribute("aria-expanded")).isEqualTo("false");

        browser.resize(Browser.DESKTOP);
        assertThat(browser.find(".nav-toggle").isDisplayed()).isFalse();
        assertThat(browser.find("#main-nav").isDisplayed()).isTrue();
        assertThat(browser.find("#account").isDisplayed()).isTrue();
    }

    @Test
    void everyControlIsReachableByKeyboardWithAVisibleFocusAndConfirmationsNeedNoMouse() {
        TenantView t = TestAccounts.customer(accounts, "Keyboard Co");
        IssuedKey key = keys.issue(t.id(), "keyboard key", List.of(), null, Actor.SYSTEM);
        login(t.ownerEmail());
        browser.waitForPath("/dashboard");
        // The first Tab shows the skip link; it takes the keyboard past the header into the page's content.
        browser.press(Keys.TAB);
        WebElement skip = browser.focused();
        assertThat(skip.getText()).isEqualTo("Skip to content");
        assertThat(skip.getRect().getX()).as("on screen while focused").isGreaterThanOrEqualTo(0);
        browser.press(Keys.ENTER);
        browser.press(Keys.TAB);
        assertThat((Boolean) ((JavascriptExecutor) browser.driver()).executeScript("return document.getElementById('main').contains(document.activeElement);"))
                .as("focus after the skip link: " + browser.focused().getText()).isTrue();
        browser.inspecting(false); // everyPageRendersForItsRoleAndRefusesTheOther inspects these pages; here the keyboard walks them
        for (String path : List.of("/dashboard", "/keys", "/keys/" + key.key().id(), "/playground", "/billing", "/settings", "/settings/audit",
                "/account/password")) {
            browser.open(base + path);
            assertThat(browser.keyboardWalk()).as(path).isEmpty();
        }
        browser.inspecting(true);
        browser.open(base + "/keys/" + key.key().id());
        browser.tabTo("Revoke key…");
        browser.pressAndWait(Keys.ENTER, "/keys/" + key.key().id() + "/revoke");
        browser.tabTo("Yes, revoke this key");
        browser.pressAndWait(Keys.ENTER, "/keys");
        assertThat(browser.pageText()).contains("was revoked");
        assertThat(verifier.verify(key.secret())).isInstanceOf(KeyVerification.Refused.class);
        browser.tabTo("Sign out");
        browser.pressAndWait(Keys.ENTER, "/login");

        login(TestAccounts.ADMIN_EMAIL);
        browser.waitForPath("/admin/tenants");
        browser.inspecting(false);
        for (String path : List.of("/admin/tenants", "/admin/tenants/" + t.id(), "/admin/tenants/" + t.id() + "/delete",
                "/admin/tenants/" + t.id() + "/suspend", "/admin/usage",
                "/admin/nodes", "/admin/audit", "/admin/plans", "/admin/plans/pro")) {
            browser.open(base + path);
            assertThat(browser.keyboardWalk()).as(path).isEmpty();
        }
        browser.inspecting(true);
        browser.open(base + "/admin/tenants/" + t.id());
        browser.tabTo("Suspend tenant…");
        browser.pressAndWait(Keys.ENTER, "/admin/tenants/" + t.id() + "/suspend");
        for (int i = 0; i < 80 && !"reason".equals(browser.focused().getAttribute("id")); i++) {
            browser.press(Keys.TAB); // past the page's links to the reason, by keyboard alone
        }
        browser.press("Suspended at the customer's request, by keyboard");
        browser.tabTo("Suspend this tenant");
        browser.pressAndWait(Keys.ENTER, "/admin/tenants/" + t.id());
        assertThat(browser.pageText()).contains("is suspended").contains("Suspended at the customer's request, by keyboard");
        assertThat(tenants.get(t.id()).status()).isEqualTo(TenantStatus.SUSPENDED);
    }

    @Test
    void pagesInTheirOtherStatesPassTheChecks() {
        TenantView t = TestAccounts.customer(accounts, "States Inc");
        login(t.ownerEmail());
        browser.waitForPath("/dashboard");
        billing.mode(BillingMode.STRIPE);
        browser.open(base + "/billing");
        assertThat(browser.pageText()).contains("Invoices");
        billing.mode(BillingMode.LOCAL);
        browser.open(base + "/account/password");
        browser.type("#current", "not my password");
        browser.type("#password", "another good passphrase");
        browser.type("#passwordAgain", "another good passphrase");
        browser.clickAndWait("main form button[type=submit]", "/account/password");
        assertThat(browser.find("#current").getAttribute("aria-invalid")).isEqualTo("true");
        // The playground keeps its layout with long results (inspected at desktop width and at 390 px: no sideways scroll),
        // and offers translation with its languages on a plan that allows it.
        tenants.changePlan(t.id(), "pro", Actor.SYSTEM);
        browser.open(base + "/playground");
        new Select(browser.find("#model")).selectByValue("summarize-extractive");
        browser.type("#text", "Supercalifragilisticexpialidocious".repeat(30) + ". " + "这句话很长而且中间没有任何空格".repeat(40));
        browser.clickAndWait("main form button[type=submit]", "/playground");
        assertThat(browser.text(".output-text")).startsWith("Supercalifragilisticexpialidocious");
        new Select(browser.find("#model")).selectByValue("translation");
        browser.type("#text", "Hello there");
        browser.type("#targetLanguage", "es");
        browser.clickAndWait("main form button[type=submit]", "/playground");
        assertThat(browser.text(".result")).contains("[en→es] Hello there").contains("apertium-en-es").contains("/v1/translations")
                .contains("requests.post(").contains("OpenAI(base_url=");
        browser.find(".account button").click();
        browser.waitForPath("/login");

        login(TestAccounts.ADMIN_EMAIL);
        browser.waitForPath("/admin/tenants");
        browser.open(base + "/admin/audit");
        browser.clickAndWait("form.inline button", "/admin/audit");
        assertThat(browser.find("#chain-result").getText()).contains("Chain intact");
        browser.open(base + "/admin/plans/new");
        browser.type("#id", "pro"); // taken
        browser.type("#name", "Second Pro");
        browser.clickAndWait("main form button[type=submit]", "/admin/plans");
        assertThat(browser.find("#id").getAttribute("aria-invalid")).isEqualTo("true");
        assertThat(browser.find("#id").getAttribute("aria-describedby")).isEqualTo("id-error");
        assertThat(browser.find("#id-error").getText()).contains("already exists");
        browser.open(base + "/account/password");
        browser.open(base + "/no-such-page");
        assertThat(browser.find("h1").getText()).isEqualTo("Page not found");
    }

    private void login(String email) {
        browser.open(base + "/login");
        browser.type("#email", email);
        browser.type("#password", TestAccounts.PASSWORD);
        browser.clickAndLeave("form.form button[type=submit]");
    }

    private void assertRender(List<String> paths, boolean allowed) {
        browser.inspecting(allowed); // a refusal is the same page each time: customerMeetsWallsAroundAdminPagesAndOtherTenants inspects it
        for (String path : paths) {
            browser.open(base + path);
            String h1 = browser.find("h1").getText();
            assertThat(browser.find("footer").getText()).as(path).contains("API reference");
            assertThat(h1).as(path).doesNotContain("Something went wrong").isNotEqualTo("Page not found");
            if (allowed) {
                assertThat(h1).as(path).isNotEqualTo("You don't have access to this page");
            } else {
                assertThat(h1).as(path).isEqualTo("You don't have access to this page");
            }
        }
        browser.inspecting(true);
    }
}
