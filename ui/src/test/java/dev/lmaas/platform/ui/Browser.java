package dev.lmaas.platform.ui;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterTestExecutionCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * One headless Debian Chromium per test class, driven through the system chromedriver (nothing is
 * downloaded). Screenshots go to {@code target/screenshots}: on every failure, and where a test asks.
 * Every page the browser arrives at ({@link #open}, {@link #waitForPath}) is {@linkplain #inspect() inspected}:
 * axe-core finds no serious or critical WCAG A/AA violation at desktop width nor at 390 px, and at
 * 390 px the page does not scroll sideways. All violations, of any impact, are listed in
 * {@code target/axe/violations.txt}.
 */
public class Browser implements BeforeAllCallback, AfterAllCallback, AfterTestExecutionCallback {

    static final Path SHOTS = Path.of("target", "screenshots");
    static final Path AXE_LOG = Path.of("target", "axe", "violations.txt");
    static final Dimension DESKTOP = new Dimension(1280, 1100);
    static final Dimension PHONE = new Dimension(390, 844);
    private WebDriver driver;
    private Path profile;
    private boolean inspecting = true;
    private int inspected;

    @Override
    public void beforeAll(ExtensionContext context) throws IOException {
        profile = Files.createTempDirectory("lmaas-chromium-");
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(new File("/usr/bin/chromedriver"))
                .usingAnyFreePort().build();
        ChromeOptions options = new ChromeOptions().setBinary("/usr/bin/chromium").addArguments("--headless=new", "--no-sandbox",
                "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--no-first-run", "--window-size=" + DESKTOP.width + "," + DESKTOP.height, "--user-data-dir=" + profile.toAbsolutePath());
        driver = new ChromeDriver(service, options);
        driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(30));
        Files.createDirectories(SHOTS);
        Files.createDirectories(AXE_LOG.getParent());
    }

    @Override
    public void afterTestExecution(ExtensionContext context) {
        if (context.getExecutionException().isPresent() && driver != null) {
            shot("FAILED-" + context.getRequiredTestClass().getSimpleName() + "-" + context.getRequiredTestMethod().getName());
        }
    }

    @Override
    public void afterAll(ExtensionContext context) throws IOException {
        if (driver != null) {
            driver.quit();
        }
        if (profile != null) {
            try (var files = Files.walk(profile)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    public WebDriver driver() {
        return driver;
    }

    public void open(String url) {
        driver.get(url);
        inspectIfOn();
    }

    /** Whether arriving at a page inspects it (on unless a test turns it off for a stretch). */
    public void inspecting(boolean on) {
        inspecting = on;
    }

    /** How many pages this browser has inspected, so a test can tell the checks ran. */
    public int inspected() {
        return inspected;
    }

    private void inspectIfOn() {
        if (inspecting) {
            inspect();
        }
    }

    /**
     * Fails when the current page has a serious or critical axe-core violation at desktop width or at
     * 390 x 844, or when at 390 px its document is wider than the window. The message names the page,
     * the width, each rule with its impact and the elements that break it.
     */
    public void inspect() {
        String page = URI.create(driver.getCurrentUrl()).getPath();
        Dimension before = driver.manage().window().getSize();
        List<String> problems = new ArrayList<>();
        try {
            resize(DESKTOP);
            problems.addAll(axe(page, DESKTOP));
            resize(PHONE);
            problems.addAll(sidewaysScroll());
            problems.addAll(axe(page, PHONE));
        } finally {
            resize(before);
        }
        inspected++;
        if (!problems.isEmpty()) {
            throw new AssertionError(page + " fails the console's accessibility and 390 px checks:\n  " + String.join("\n  ", problems));
        }
    }

    /** Sets the window's size and waits until the page has seen it (its resize handlers have run). */
    public void resize(Dimension size) {
        if (driver.manage().window().getSize().equals(size)) {
            return;
        }
        driver.manage().window().setSize(size);
        JavascriptExecutor js = (JavascriptExecutor) driver;
        new WebDriverWait(driver, Duration.ofSeconds(5)).until(d -> ((Number) js.executeScript("return window.innerWidth;")).intValue() == size.width);
        js.executeAsyncScript("var done = arguments[0]; requestAnimationFrame(function () { requestAnimationFrame(function () { done(); }); });");
    }

    /** The page's width at the current window size: a message when it scrolls sideways, naming what sticks out. */
    @SuppressWarnings("unchecked")
    public List<String> sidewaysScroll() {
        Map<String, Object> m = (Map<String, Object>) ((JavascriptExecutor) driver).executeScript("""
                var w = window.innerWidth, out = [];
                var sticksOut = function (e) {
                  if (e.getBoundingClientRect().right <= w + 0.5 || getComputedStyle(e).position === 'fixed') { return false; }
                  // A box that scrolls or clips holds what sticks out of it, unless that is positioned against a block outside it.
                  var block = getComputedStyle(e).position === 'absolute' ? e.offsetParent : null, reached = block === null;
                  for (var a = e.parentElement; a && a !== document.body; a = a.parentElement) {
                    reached = reached || a === block;
                    if (reached && getComputedStyle(a).overflowX !== 'visible') { return false; }
                  }
                  return true;
                };
                document.querySelectorAll('body *').forEach(function (e) {
                  if (sticksOut(e) && !(e.parentElement && e.parentElement !== document.body && sticksOut(e.parentElement))) {
                    var cls = typeof e.className === 'string' && e.className.trim() ? '.' + e.className.trim().split(/\\s+/).join('.') : '';
                    out.push(e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') + cls + ' (right edge ' + Math.round(e.getBoundingClientRect().right) + ')');
                  }
                });
                return {scroll: document.documentElement.scrollWidth, inner: w, out: out.slice(0, 6)};
                """);
        long scroll = ((Number) m.get("scroll")).longValue();
        long inner = ((Number) m.get("inner")).longValue();
        if (scroll <= inner) {
            return List.of();
        }
        return List.of("at " + inner + " px the page scrolls sideways: document.documentElement.scrollWidth is " + scroll + "; sticking out: " + m.get("out"));
    }

    private List<String> axe(String page, Dimension size) {
        List<Axe.Violation> violations = Axe.check(driver);
        if (!violations.isEmpty()) {
            StringBuilder log = new StringBuilder();
            violations.forEach(v -> log.append(page).append(" @").append(size.width).append(": ").append(v).append('\n'));
            try {
                Files.writeString(AXE_LOG, log, java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
            } catch (IOException e) {
                System.err.println("axe log: " + e);
            }
        }
        return violations.stream().filter(Axe.Violation::failing).map(v -> "axe at " + size.width + " px: " + v).toList();
    }

    public WebElement find(String css) {
        return driver.findElement(By.cssSelector(css));
    }

    public String text(String css) {
        return find(css).getText();
    }

    /** Waits (up to 5 s) until the element's text is {@code expected}; for changes made by scripts. */
    public void waitForText(String css, String expected) {
        new WebDriverWait(driver, Duration.ofSeconds(5)).until(d -> expected.equals(d.findElement(By.cssSelector(css)).getText()));
    }

    public String pageText() {
        return driver.findElement(By.tagName("body")).getText();
    }

    /** Clicks and waits for the browser to leave this page and arrive on one whose path starts with {@code path}. */
    public void clickAndWait(String css, String path) {
        clickAndLeave(css);
        waitForPath(path);
    }

    /** Clicks and waits until the browser has left this page (the next one may still be loading). */
    public void clickAndLeave(String css) {
        WebElement old = driver.findElement(By.tagName("html"));
        find(css).click();
        new WebDriverWait(driver, Duration.ofSeconds(15)).until(d -> gone(old));
    }

    /** Presses a key (Enter on a focused link or button) and waits to arrive on a new page whose path starts with {@code path}. */
    public void pressAndWait(CharSequence key, String path) {
        WebElement old = driver.findElement(By.tagName("html"));
        press(key);
        new WebDriverWait(driver, Duration.ofSeconds(15)).until(d -> gone(old));
        waitForPath(path);
    }

    public void waitForPath(String path) {
        new WebDriverWait(driver, Duration.ofSeconds(15)).until(d -> java.net.URI.create(d.getCurrentUrl()).getPath().startsWith(path));
        new WebDriverWait(driver, Duration.ofSeconds(15)).until(ExpectedConditions.presenceOfElementLocated(By.tagName("footer")));
        inspectIfOn();
    }

    public void type(String css, String text) {
        WebElement e = find(css);
        e.clear();
        e.sendKeys(text);
    }

    /** Presses keys on whatever has the focus, as a keyboard user would. */
    public void press(CharSequence... keys) {
        new Actions(driver).sendKeys(keys).perform();
    }

    /** The element that has the keyboard focus. */
    public WebElement focused() {
        return driver.switchTo().activeElement();
    }

    /** Presses Tab until the focus is on a control whose text (or accessible label) is {@code name}; fails after 80 presses. */
    public WebElement tabTo(String name) {
        for (int i = 0; i < 80; i++) {
            press(Keys.TAB);
            WebElement e = focused();
            if (name.equals(e.getText().trim()) || name.equals(e.getAttribute("aria-label"))) {
                return e;
            }
        }
        throw new AssertionError("no control named '" + name + "' is reachable with Tab on " + driver.getCurrentUrl());
    }

    /**
     * Walks the page with Tab from its top: every visible link, button and form control is reached, and
     * each shows a focus indicator (an outline or a ring) while it has the focus. Returns the problems.
     */
    @SuppressWarnings("unchecked")
    public List<String> keyboardWalk() {
        JavascriptExecutor js = (JavascriptExecutor) driver;
        List<String> expected = (List<String>) js.executeScript("""
                var all = Array.from(document.querySelectorAll('a[href], button, input:not([type=hidden]), select, textarea, summary, [tabindex]'));
                all.forEach(function (e, i) { e.setAttribute('data-kbd', String(i)); });
                var seenRadio = {}, out = [];
                all.forEach(function (e) {
                  if (e.disabled || e.tabIndex < 0 || e.getClientRects().length === 0 || getComputedStyle(e).visibility === 'hidden') { return; }
                  if (e.type === 'radio') {
                    if (seenRadio[e.name]) { return; }
                    seenRadio[e.name] = true;
                    var group = Array.from(document.getElementsByName(e.name)).filter(function (r) { return !r.disabled; });
                    e = group.find(function (r) { return r.checked; }) || group[0];
                  }
                  out.push(e.getAttribute('data-kbd'));
                });
                if (document.activeElement) { document.activeElement.blur(); }
                window.scrollTo(0, 0);
                return out;
                """);
        // Each focus is recorded by the page itself, with whether it shows a ring, so the Tabs go in batches.
        js.executeScript("""
                window.__kbd = [];
                document.addEventListener('focusin', function (event) {
                  var e = event.target, s = getComputedStyle(e);
                  window.__kbd.push({id: e.getAttribute('data-kbd'),
                    ring: (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 1) || s.boxShadow !== 'none',
                    name: e.tagName.toLowerCase() + ' "' + (e.innerText || e.value || e.getAttribute('aria-label') || e.name || '').trim().substring(0, 40) + '"'});
                });
                """);
        java.util.Set<String> reached = new java.util.LinkedHashSet<>();
        List<String> problems = new ArrayList<>();
        for (int round = 0; round < 2 && !reached.containsAll(expected); round++) {
            CharSequence[] tabs = new CharSequence[expected.size() + 3];
            java.util.Arrays.fill(tabs, Keys.TAB);
            press(tabs);
            for (Map<String, Object> f : (List<Map<String, Object>>) js.executeScript("var r = window.__kbd; window.__kbd = []; return r;")) {
                if (reached.add(String.valueOf(f.get("id"))) && !Boolean.TRUE.equals(f.get("ring"))) {
                    problems.add("no visible focus indicator on " + f.get("name"));
                }
            }
        }
        List<String> missing = expected.stream().filter(k -> !reached.contains(k)).toList();
        if (!missing.isEmpty()) {
            problems.add("not reachable with Tab: " + js.executeScript(
                    "return arguments[0].map(function (k) { var e = document.querySelector('[data-kbd=\"' + k + '\"]'); return e.outerHTML.substring(0, 120); });", missing));
        }
        return problems;
    }

    public void shot(String name) {
        try {
            byte[] png = ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES);
            Files.write(SHOTS.resolve(name + ".png"), png);
        } catch (IOException | RuntimeException e) {
            System.err.println("screenshot " + name + " failed: " + e);
        }
    }

    /**
     * True once {@code old} belongs to a page the browser has left. Chromium may answer a question about an
     * element of a page being replaced with "Node with given id does not belong to the document" rather
     * than a stale-element error; that means the same, so it is not a failure.
     */
    private static boolean gone(WebElement old) {
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
}
