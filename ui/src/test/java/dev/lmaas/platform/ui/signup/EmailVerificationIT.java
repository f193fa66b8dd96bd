package dev.lmaas.platform.ui.signup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetupTest;
import dev.lmaas.platform.tenant.ConsoleAccounts;
import dev.lmaas.platform.ui.Browser;
import dev.lmaas.platform.ui.ConsoleTestApplication;
import dev.lmaas.platform.ui.TestAccounts;
import jakarta.mail.internet.MimeMessage;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;

/**
 * E-mail verification at sign-up with a real SMTP server in the process (GreenMail): a sign-up mails a single-use link
 * and answers exactly as a sign-up with a taken address does (which mails the address's owner instead); the new
 * account signs in but meets only the "verify your e-mail" page (no key can be made) until the link is used; sending
 * the link again is throttled; a used, expired or forged link is refused with its status and words.
 */
@SpringBootTest(classes = ConsoleTestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureMockMvc
class EmailVerificationIT {

    static final GreenMail smtp = new GreenMail(ServerSetupTest.SMTP.dynamicPort());
    static final Pattern LINK = Pattern.compile("http://localhost/verify-email\\?token=([A-Za-z0-9_-]{43})");

    static {
        smtp.start();
    }

    @DynamicPropertySource
    static void mailServer(DynamicPropertyRegistry registry) {
        registry.add("spring.mail.host", () -> "127.0.0.1");
        registry.add("spring.mail.port", () -> smtp.getSmtp().getPort());
    }

    @AfterAll
    static void stop() {
        smtp.stop();
    }

    @RegisterExtension
    static final Browser browser = new Browser();

    @LocalServerPort int port;
    @Autowired MockMvc mvc;
    @Autowired ConsoleAccounts accounts;
    @Autowired JdbcTemplate jdbc;

    static String email(String who) {
        return who + "-" + UUID.randomUUID().toString().substring(0, 8) + "@example.test";
    }

    void signUp(String email) throws Exception {
        mvc.perform(post("/signup").with(csrf()).param("organization", "Verify Co").param("email", email).param("password", TestAccounts.PASSWORD)
                .param("passwordAgain", TestAccounts.PASSWORD)).andExpect(status().isFound()).andExpect(redirectedUrl("/verify-email/sent"));
    }

    MimeMessage last(String email) {
        MimeMessage[] got = smtp.getReceivedMessagesForDomain(email);
        assertThat(got).isNotEmpty();
        return got[got.length - 1];
    }

    String token(String email) throws Exception {
        Matcher m = LINK.matcher(last(email).getContent().toString());
        assertThat(m.find()).as("a verification link").isTrue();
        return m.group(1);
    }

    @Test
    void aNewAndATakenAddressGetTheSameAnswerAndEachAMail() throws Exception {
        String email = email("new");
        signUp(email);
        MimeMessage link = last(email);
        assertThat(link.getSubject()).isEqualTo("Verify your e-mail address for LMaaS");
        assertThat(link.getContent().toString()).contains("works once, for 24 hours");
        String token = token(email);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM email_verifications WHERE token_sha256 = ?", Long.class, token))
                .as("only the token's hash is stored").isZero();

        signUp(email); // the same address again: the same answer; the owner hears of it by mail (a new link, as it is unverified)
        assertThat(smtp.getReceivedMessagesForDomain(email)).hasSize(2);
        String verified = email("verified");
        signUp(verified);
        mvc.perform(post("/verify-email").with(csrf()).param("token", token(verified))).andExpect(status().isOk());
        signUp(verified);
        assertThat(last(verified).getSubject()).isEqualTo("Someone tried to create an LMaaS account with your address");
        assertThat(accounts.findByEmail(verified)).isPresent();

        mvc.perform(get("/verify-email/sent")).andExpect(status().isOk()).andExpect(content().string(containsString("Check your e-mail")))
                .andExpect(content().string(containsString("if it already had an account, the mail says so")));
    }

    @Test
    void aSignUpFromAChinesePageGetsItsMailInChinese() throws Exception {
        String email = email("zh");
        mvc.perform(post("/signup").with(csrf()).header("Accept-Language", "zh-CN,zh;q=0.9").param("organization", "验证公司").param("email", email)
                .param("password", TestAccounts.PASSWORD).param("passwordAgain", TestAccounts.PASSWORD))
                .andExpect(status().isFound()).andExpect(redirectedUrl("/verify-email/sent"));
        MimeMessage link = last(email);
        assertThat(link.getSubject()).isEqualTo("验证您在 LMaaS 的电子邮件地址");
        assertThat(link.getContent().toString()).contains("24 小时内有效").contains("/verify-email?token=");
    }

    @Test
    void anUnverifiedAccountSignsInButCanOnlyVerifyUntilItOpensTheLink() throws Exception {
        String email = email("gate");
        signUp(email);
        MockHttpSession session = TestAccounts.login(mvc, email);
        mvc.perform(get("/dashboard").session(session)).andExpect(status().isSeeOther()).andExpect(header().string("Location", "/verify-email"));
        mvc.perform(get("/keys").session(session)).andExpect(status().isSeeOther()).andExpect(header().string("Location", "/verify-email"));
        mvc.perform(post("/keys").session(session).with(csrf()).param("name", "too early")).andExpect(status().isSeeOther());
        assertThat(jdbc.queryForObject("SELECT count(*) FROM api_keys k JOIN console_users u ON u.tenant_id = k.tenant_id WHERE u.email = ?",
                Long.class, email)).as("no key before verification").isZero();
        mvc.perform(get("/verify-email").session(session)).andExpect(status().isOk())
                .andExpect(content().string(containsString("We sent a link to " + email)));

        // Sending the link again: refused within a minute of the last one, then sent.
        mvc.perform(post("/verify-email/resend").session(session).with(csrf())).andExpect(status().isTooManyRequests())
                .andExpect(header().exists("Retry-After")).andExpect(content().string(containsString("You can ask for another one in")));
        assertThat(smtp.getReceivedMessagesForDomain(email)).hasSize(1);
        jdbc.update("UPDATE email_verifications SET created_at = created_at - interval '2 minutes' WHERE user_id = (SELECT id FROM console_users "
                + "WHERE email = ?)", email);
        mvc.perform(post("/verify-email/resend").session(session).with(csrf())).andExpect(redirectedUrl("/verify-email"));
        assertThat(smtp.getReceivedMessagesForDomain(email)).hasSize(2);

        // The link's page asks for a click (a mail scanner's GET spends nothing); the click verifies, once.
        String token = token(email);
        mvc.perform(get("/verify-email").param("token", token)).andExpect(status().isOk())
                .andExpect(content().string(containsString("Verify my address")));
        mvc.perform(post("/verify-email").with(csrf()).param("token", token)).andExpect(status().isOk())
                .andExpect(content().string(containsString("Your e-mail address is verified")));
        mvc.perform(post("/verify-email").with(csrf()).param("token", token)).andExpect(status().isGone())
                .andExpect(content().string(containsString("This verification link is invalid, was already used or has expired.")));
        mvc.perform(get("/dashboard").session(session)).andExpect(status().isOk());
        assertThat(jdbc.queryForList("SELECT a.action FROM audit_log a JOIN console_users u ON u.tenant_id = a.tenant_id WHERE u.email = ? "
                + "AND a.action = 'account.email_verified'", String.class, email)).hasSize(1);
    }

    @Test
    void inABrowserEveryVerificationPagePassesTheAccessibilityAnd390PxChecks() throws Exception {
        String base = "http://localhost:" + port;
        String email = email("browser");
        browser.open(base + "/signup");
        browser.type("#organization", "Browser Co");
        browser.type("#email", email);
        browser.type("#password", TestAccounts.PASSWORD);
        browser.type("#passwordAgain", TestAccounts.PASSWORD);
        browser.clickAndWait("main form button[type=submit]", "/verify-email/sent");
        assertThat(browser.find("h1").getText()).isEqualTo("Check your e-mail");
        browser.clickAndWait("main a[href='/login']", "/login");
        browser.type("#email", email);
        browser.type("#password", TestAccounts.PASSWORD);
        browser.clickAndWait("form.form button[type=submit]", "/verify-email");
        assertThat(browser.text("#verify-text")).contains("We sent a link to " + email);
        browser.shot("70-verify-email-pending");
        browser.open(base + "/keys");
        browser.waitForPath("/verify-email");

        String link = Pattern.compile(Pattern.quote(base) + "/verify-email\\?token=[A-Za-z0-9_-]{43}").matcher(last(email).getContent().toString())
                .results().findFirst().orElseThrow().group();
        browser.open(link);
        assertThat(browser.find("h1").getText()).isEqualTo("Confirm your e-mail address");
        browser.clickAndWait("main form button[type=submit]", "/verify-email");
        assertThat(browser.find("h1").getText()).isEqualTo("Your e-mail address is verified");
        browser.clickAndWait("main a.btn-primary", "/dashboard");
        browser.shot("71-verified-dashboard");
    }

    @Test
    void withoutProvidersNothingAboutSingleSignOnAppears() throws Exception {
        mvc.perform(get("/login")).andExpect(status().isOk()).andExpect(content().string(not(containsString("id=\"sso\""))))
                .andExpect(content().string(not(containsString("/oauth2/authorization/"))));
        mvc.perform(get("/oauth2/authorization/acme")).andExpect(status().isFound()).andExpect(redirectedUrl("/login"));
    }

    @Test
    void forgedAndExpiredLinksAreRefused() throws Exception {
        mvc.perform(get("/verify-email").param("token", "forged")).andExpect(status().isGone())
                .andExpect(content().string(containsString("This link cannot be used")));
        mvc.perform(post("/verify-email").with(csrf()).param("token", "x".repeat(500))).andExpect(status().isGone());
        String email = email("late");
        signUp(email);
        String token = token(email);
        jdbc.update("UPDATE email_verifications SET expires_at = now() - interval '1 second' WHERE token_sha256 = encode(sha256(?::bytea), 'hex')", token);
        mvc.perform(post("/verify-email").with(csrf()).param("token", token)).andExpect(status().isGone())
                .andExpect(content().string(containsString("was already used or has expired")));
        MockHttpSession session = TestAccounts.login(mvc, email);
        mvc.perform(get("/dashboard").session(session)).andExpect(status().isSeeOther());
    }
}
