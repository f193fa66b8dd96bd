package dev.lmaas.platform.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lmaas.platform.tenant.Totp;
import java.io.File;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The whole product in a real browser: a customer signs up, creates a key, calls the API with it
 * from outside, sees the request on the dashboard, tries the playground and revokes the key; an
 * admin suspends the tenant and its keys stop working. Real control plane, console, node and models.
 * Every console page on the way is checked as the real platform renders it: axe-core (WCAG 2.0/2.1 A
 * and AA, from its webjar) finds nothing serious or critical at 1280 px nor at 390 px, and nothing
 * scrolls sideways at 390 px (the console module's own browser tests do the same for every page).
 */
class ProductJourneyIT extends NodeBackedIT {

    static final Dimension DESKTOP = new Dimension(1280, 1100);
    static final Dimension PHONE = new Dimension(390, 844);
    static WebDriver driver;
    static Path profile;
    static String axe;
    static int checked;

    @BeforeAll
    static void browser() throws Exception {
        profile = Files.createTempDirectory("lmaas-journey-");
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(new File("/usr/bin/chromedriver")).usingAnyFreePort().build();
        driver = new ChromeDriver(service, new ChromeOptions().setBinary("/usr/bin/chromium").addArguments("--headless=new", "--no-sandbox",
                "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--no-first-run", "--window-size=1280,1100", "--user-data-dir=" + profile.toAbsolutePath()));
        driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(30));
        ClassLoader loader = ProductJourneyIT.class.getClassLoader();
        try (InputStream pom = loader.getResourceAsStream("META-INF/maven/org.webjars.npm/axe-core/pom.properties")) {
            Properties p = new Properties();
            p.load(pom);
            try (InputStream js = loader.getResourceAsStream("META-INF/resources/webjars/axe-core/" + p.getProperty("version") + "/axe.min.js")) {
                axe = new String(js.readAllBytes(), StandardCharsets.UTF_8);
            }
        }
    }

    @AfterAll
    static void close() {
        if (driver != null) {
            driver.quit();
        }
    }

    @Test
    void signUpKeyApiCallDashboardPlaygroundRevokeThenAdminSuspends() throws Exception {
        String base = "http://localhost:" + port;
        String email = "journey-" + UUID.randomUUID().toString().substring(0, 8) + "@example.test";
        String password = "correct horse battery staple";
        try {
            driver.get(base + "/signup");
            waitForFooter();
            type("#organization", "Journey Inc");
            type("#email", email);
            type("#password", password);
            type("#passwordAgain", password);
            clickAndWait("main form button[type=submit]", "/login"); // sign-up answers alike for new and taken emails: now sign in
            type("#email", email);
            type("#password", password);
            clickAndWait("main form button[type=submit]", "/dashboard");

            driver.get(base + "/keys");
            type("#name", "backend");
            clickAndWait("#create-title + form button[type=submit]", "/keys");
            String secret = driver.findElement(By.id("new-secret")).getAttribute("value");
            assertThat(secret).startsWith("lmk_");

            var call = http.post("/v1/embeddings", secret, TestHttp.json("model", "all-minilm-l6-v2", "input", List.of("from the browser test")));
            assertThat(call.status()).isEqualTo(200);
            var refused = http.post("/v1/embeddings", secret, TestHttp.json("model", "no-such-model", "input", List.of("x")));
            assertThat(refused.status()).isEqualTo(404);
            assertThat(refused.errorCode()).isEqualTo("model_not_found");

            // The dashboard's figures come from billing's usage reports and tenant-admin's audit log (no SQL of the console's own).
            driver.get(base + "/dashboard");
            waitForFooter();
            assertThat(driver.findElement(By.cssSelector(".kpi .kpi-value")).getText()).isEqualTo("1");
            assertThat(body()).contains("all-minilm-l6-v2").contains("model_not_found");

            driver.get(base + "/playground");
            new Select(driver.findElement(By.id("model"))).selectByValue("sentiment-minilm");
            type("#text", "I love how fast this is. Great service!");
            clickAndWait("main form button[type=submit]", "/playground");
            assertThat(driver.findElement(By.cssSelector(".result")).getText()).contains("positive").contains("curl")
                    .as("the curl example names the URL this platform runs on").contains(base + "/v1/models");
            // The brief's own language: the alias picks the Chinese model, and the page says which language it saw.
            new Select(driver.findElement(By.id("model"))).selectByValue("sentiment");
            type("#text", "这是一个示例文本");
            clickAndWait("main form button[type=submit]", "/playground");
            assertThat(driver.findElement(By.cssSelector(".result")).getText()).contains("neutral").contains("sentiment-bge-zh")
                    .contains("zh").contains("\"model\":\"sentiment\"");
            driver.get(base + "/dashboard");
            waitForFooter();
            assertThat(driver.findElement(By.cssSelector(".kpi .kpi-value")).getText()).as("the playground is metered like any call").isEqualTo("3");
            // The audit trail names who acted: an API call by its key's name, a playground run by the signed-in person.
            String tenant = http.get("/admin/v1/tenants?q=Journey", admin).json().at("/data/0/id").asString();
            recorded();
            List<String> actors = jdbc.queryForList("SELECT action || ' by ' || actor_type || ' ' || actor_label FROM audit_log"
                    + " WHERE tenant_id = ?::uuid AND kind = 'api' ORDER BY seq", String.class, tenant);
            assertThat(actors).containsExactly("api.post /v1/embeddings by api_key backend", "api.post /v1/embeddings by api_key backend",
                    "api.post /console/playground by user " + email, "api.post /console/playground by user " + email);
            if (Files.exists(Path.of("/usr/share/apertium/modes/eng-spa.mode"))) {
                // A translation in the playground goes through the gateway with its target language, to the node's Apertium pair
                // (which the node serves once it has found the installed pair).
                new WebDriverWait(driver, Duration.ofSeconds(30)).until(d -> {
                    d.get(base + "/playground");
                    return !d.findElements(By.cssSelector("#model option[value='apertium-eng-spa']")).isEmpty();
                });
                waitForFooter();
                new Select(driver.findElement(By.id("model"))).selectByValue("apertium-eng-spa");
                type("#text", "The weather is beautiful today.");
                type("#targetLanguage", "es");
                clickAndWait("main form button[type=submit]", "/playground");
                assertThat(driver.findElement(By.cssSelector(".result")).getText()).contains("tiempo").contains("apertium-eng-spa")
                        .contains(base + "/v1/translations").contains("\"target_language\":\"es\"");
            }

            driver.get(base + "/keys");
            clickAndWait("#keys-table a.btn", "/keys/");
            clickAndWait("a.btn-danger", "/keys/");
            clickAndWait("button.btn-danger", "/keys");
            var revoked = http.get("/v1/models", secret);
            assertThat(revoked.status()).isEqualTo(401);
            assertThat(revoked.errorCode()).isEqualTo("key_revoked");

            String other = http.post("/admin/v1/tenants/" + tenant + "/api-keys", admin, TestHttp.json("name", "second")).json().get("key").asString();
            assertThat(http.get("/v1/models", other).status()).isEqualTo(200);
            clickAndWait(".account button", "/login");

            // The operator's first sign-in: platform admins must set up a second factor before anything else (the default).
            String[] adminLogin = dataDirectory.readSecret("admin-password").orElseThrow().split("\n");
            driver.get(base + "/login");
            waitForFooter();
            type("#email", adminLogin[0]);
            type("#password", adminLogin[1]);
            clickAndWait("form.form button[type=submit]", "/account/mfa");
            assertThat(body()).contains("Platform admins must use two-factor authentication. Set it up to continue.");
            clickAndWait("#setup-form button", "/account/mfa");
            String mfaSecret = driver.findElement(By.id("mfa-secret")).getText();
            long step = Totp.step(Instant.now());
            type("#confirm-code", Totp.code(Totp.fromBase32(mfaSecret), step));
            clickAndWait("#confirm-form button", "/account/mfa/confirm");
            assertThat(body()).contains("Two-factor authentication is on.");
            assertThat(driver.findElements(By.cssSelector("#recovery-codes code"))).hasSize(10);
            clickAndWait(".account button", "/login");

            // Signed out at an address the console does not have: sign-in (password, then a code: the half-signed-in
            // session lives in PostgreSQL like any other) returns there (Spring's saved request, /password?continue)
            // and the console's 404 page answers, never the machine API's JSON.
            driver.get(base + "/password");
            waitForPath("/login");
            type("#email", adminLogin[0]);
            type("#password", adminLogin[1]);
            clickAndWait("form.form button[type=submit]", "/login/mfa");
            // The next step's code: the set-up spent this one, and the console refuses a code twice.
            type("#code", Totp.code(Totp.fromBase32(mfaSecret), Math.max(step + 1, Totp.step(Instant.now()) + 1)));
            driver.findElement(By.cssSelector("main form.form button[type=submit]")).click();
            waitForPath("/password");
            waitForFooter();
            assertThat(body()).contains("Page not found").doesNotContain("unknown_url");
            driver.get(base + "/admin");
            waitForPath("/admin");
            driver.get(base + "/admin/usage");
            waitForFooter();
            assertThat(body()).as("usage across tenants, named through tenant-admin's directory").contains("Journey Inc").contains("all-minilm-l6-v2");
            // The nodes page counts what its badges show: the real node registry's status, not a word only the fakes use.
            driver.get(base + "/admin/nodes");
            waitForFooter();
            assertThat(body()).contains("1 of 1 nodes ready");
            assertThat(driver.findElements(By.cssSelector(".node .card-header .badge-ready"))).hasSize(1);
            driver.get(base + "/admin/tenants/" + tenant);
            waitForFooter();
            // Suspending asks for confirmation and a reason, which the tenant's audit record keeps and the page shows.
            clickAndWait("#suspend", "/admin/tenants/" + tenant + "/suspend");
            type("#reason", "Abuse report 42 from the journey test");
            clickAndWait("main form button.btn-danger", "/admin/tenants/" + tenant);
            assertThat(body()).contains("is suspended").contains("Abuse report 42 from the journey test");
            var suspended = http.get("/v1/models", other);
            assertThat(suspended.status()).isEqualTo(403);
            assertThat(suspended.errorCode()).isEqualTo("tenant_suspended");
            assertThat(checked).as("console pages checked for accessibility and width").isGreaterThanOrEqualTo(15);
        } catch (AssertionError | RuntimeException e) {
            Files.createDirectories(Path.of("target", "screenshots"));
            Files.write(Path.of("target", "screenshots", "FAILED-journey.png"), ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));
            throw e;
        }
    }

    private static void type(String css, String text) {
        var e = driver.findElement(By.cssSelector(css));
        e.clear();
        e.sendKeys(text);
    }

    private static void clickAndWait(String css, String path) {
        var old = driver.findElement(By.tagName("html"));
        driver.findElement(By.cssSelector(css)).click();
        new WebDriverWait(driver, Duration.ofSeconds(20)).until(d -> gone(old));
        waitForPath(path);
    }

    /** Left behind: stale, or Chromium's "does not belong to the document" for a page being replaced. */
    private static boolean gone(org.openqa.selenium.WebElement old) {
        try {
            old.isEnabled();
            return false;
        } catch (org.openqa.selenium.StaleElementReferenceException e) {
            return true;
        } catch (org.openqa.selenium.WebDriverException e) {
            if (e.getMessage() != null && e.getMessage().contains("does not belong to the document")) {
                return true;
            }
            throw e;
        }
    }

    private static void waitForPath(String path) {
        new WebDriverWait(driver, Duration.ofSeconds(20)).until(d -> java.net.URI.create(d.getCurrentUrl()).getPath().startsWith(path));
        waitForFooter();
    }

    private static void waitForFooter() {
        new WebDriverWait(driver, Duration.ofSeconds(20)).until(ExpectedConditions.presenceOfElementLocated(By.tagName("footer")));
        checkPage();
    }

    /** The page passes axe-core's WCAG A/AA rules (no serious or critical violation) at both widths, and fits 390 px. */
    @SuppressWarnings("unchecked")
    private static void checkPage() {
        JavascriptExecutor js = (JavascriptExecutor) driver;
        List<String> problems = new ArrayList<>();
        for (Dimension size : List.of(DESKTOP, PHONE)) {
            driver.manage().window().setSize(size);
            new WebDriverWait(driver, Duration.ofSeconds(5)).until(d -> ((Number) js.executeScript("return window.innerWidth;")).intValue() == size.width);
            js.executeAsyncScript("var done = arguments[0]; requestAnimationFrame(function () { requestAnimationFrame(function () { done(); }); });");
            if (size.equals(PHONE)) {
                Map<String, Object> w = (Map<String, Object>) js.executeScript(
                        "return {scroll: document.documentElement.scrollWidth, inner: window.innerWidth};");
                if (((Number) w.get("scroll")).intValue() > ((Number) w.get("inner")).intValue()) {
                    problems.add("scrolls sideways at 390 px: " + w);
                }
            }
            if (!Boolean.TRUE.equals(js.executeScript("return typeof window.axe === 'object';"))) {
                js.executeScript(axe);
            }
            Object found = js.executeAsyncScript("""
                    var done = arguments[arguments.length - 1];
                    axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}, resultTypes: ['violations']})
                      .then(function (r) {
                        done(r.violations.filter(function (v) { return v.impact === 'serious' || v.impact === 'critical'; })
                          .map(function (v) { return v.id + ' (' + v.impact + '): ' + v.help + ' at '
                            + v.nodes.map(function (n) { return n.target.join(' '); }).join(', '); }));
                      }, function (e) { done(['axe failed: ' + e]); });
                    """);
            ((List<String>) found).forEach(v -> problems.add("axe at " + size.width + " px: " + v));
        }
        driver.manage().window().setSize(DESKTOP);
        checked++;
        assertThat(problems).as(URI.create(driver.getCurrentUrl()).getPath()).isEmpty();
    }

    private static String body() {
        return driver.findElement(By.tagName("body")).getText();
    }
}
