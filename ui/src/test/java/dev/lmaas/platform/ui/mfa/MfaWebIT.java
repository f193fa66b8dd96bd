package dev.lmaas.platform.ui.mfa;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import dev.lmaas.platform.db.DataDirectory;
import dev.lmaas.platform.tenant.AuditEntry;
import dev.lmaas.platform.tenant.ConsoleAccounts;
import dev.lmaas.platform.tenant.TenantView;
import dev.lmaas.platform.ui.Authenticator;
import dev.lmaas.platform.ui.ConsoleIT;
import dev.lmaas.platform.ui.TestAccounts;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;

/**
 * Multi-factor authentication over real HTTP (Tomcat on a random port, CSRF tokens from the pages, one cookie jar per
 * client) on a real PostgreSQL, with the default policy: platform admins must enrol. Every refusal is checked by status
 * and by what the page says. The organization's rule is driven through MockMvc (its members join by invitation).
 */
@ConsoleIT
@TestPropertySource(properties = MfaWebIT.DEFAULT_POLICY)
class MfaWebIT {

    /** The shipped default, stated again because the console's other ITs turn it off (see their application.properties). */
    static final String DEFAULT_POLICY = "lmaas.console.mfa.required-for-admins=true";

    @LocalServerPort int port;
    @Autowired ConsoleAccounts accounts;
    @Autowired JdbcTemplate jdbc;
    @Autowired MockMvc mvc;
    @Autowired DataDirectory data;
    String base;

    @BeforeEach
    void base() {
        base = "http://localhost:" + port;
    }

    @Test
    void anAdminWithoutASecondFactorCanOnlySetOneUpThenEverythingOpens() throws Exception {
        String email = "ops-" + UUID.randomUUID().toString().substring(0, 8) + "@lmaas.test";
        accounts.createAdmin(email, TestAccounts.PASSWORD);
        Client admin = new Client();
        assertThat(admin.signIn(email, TestAccounts.PASSWORD).location()).isEqualTo(base + "/");
        for (String page : List.of("/", "/admin/tenants", "/admin/audit", "/account/password", "/keys")) {
            assertThat(admin.get(page).location()).as(page).isEqualTo(base + "/account/mfa");
        }
        Answer setup = admin.get("/account/mfa");
        assertThat(setup.status()).isEqualTo(200);
        assertThat(setup.body()).contains("Platform admins must use two-factor authentication. Set it up to continue.");
        // A form elsewhere is refused too (not only pages): the gate stands before every handler.
        assertThat(admin.post("/admin/plans", Map.of("id", "sneaky"), "/account/mfa").location()).isEqualTo(base + "/account/mfa");

        assertThat(admin.post("/account/mfa/setup", Map.of(), "/account/mfa").location()).isEqualTo(base + "/account/mfa");
        Answer pending = admin.get("/account/mfa");
        assertThat(pending.body()).contains("Set up your authenticator app").contains("data:image/svg+xml;base64,")
                .contains("otpauth://totp/LMaaS:" + email.replace("@", "%40"));
        Authenticator app = Authenticator.fromPage(pending.body());

        Answer wrong = admin.post("/account/mfa/confirm", Map.of("code", "000000"), "/account/mfa");
        assertThat(wrong.status()).isEqualTo(400);
        assertThat(wrong.body()).contains("That code is not correct.");
        assertThat(admin.get("/admin/tenants").location()).as("still nothing else").isEqualTo(base + "/account/mfa");

        Answer on = admin.post("/account/mfa/confirm", Map.of("code", app.nextCode()), "/account/mfa");
        assertThat(on.status()).isEqualTo(200);
        assertThat(on.body()).contains("Two-factor authentication is on.").contains("they are not shown again");
        assertThat(codes(on.body())).hasSize(10);
        assertThat(admin.get("/admin/tenants").status()).isEqualTo(200);
        assertThat(platformActions()).contains("mfa.enabled");

        // Signing in again now takes a code; the half-signed-in session opens nothing.
        admin.post("/logout", Map.of(), "/admin/tenants");
        assertThat(admin.signIn(email, TestAccounts.PASSWORD).location()).isEqualTo(base + "/login/mfa");
        for (String page : List.of("/admin/tenants", "/account/mfa", "/account/password", "/")) {
            assertThat(admin.get(page).location()).as(page).isEqualTo(base + "/login/mfa");
        }
        assertThat(admin.post("/account/mfa/disable", Map.of("proof", TestAccounts.PASSWORD), "/login/mfa").location())
                .isEqualTo(base + "/login/mfa");
        Answer in = admin.post("/login/mfa", Map.of("code", app.nextCode()), "/login/mfa");
        assertThat(in.location()).isEqualTo(base + "/");
        assertThat(admin.get("/admin/tenants").status()).isEqualTo(200);
    }

    @Test
    void signInWithACodeRefusesWrongReusedAndThrottledCodesAndTakesARecoveryCodeOnce() throws Exception {
        TenantView t = TestAccounts.customer(accounts, "Two Factor Co");
        Client owner = new Client();
        assertThat(owner.signIn(t.ownerEmail(), TestAccounts.PASSWORD).location()).as("no second factor yet").isEqualTo(base + "/");
        assertThat(owner.get("/account/password").body()).contains("Manage two-factor authentication");
        owner.post("/account/mfa/setup", Map.of(), "/account/mfa");
        Authenticator app = Authenticator.fromPage(owner.get("/account/mfa").body());
        List<String> recovery = codes(owner.post("/account/mfa/confirm", Map.of("code", app.nextCode()), "/account/mfa").body());
        assertThat(recovery).hasSize(10);
        owner.post("/logout", Map.of(), "/dashboard");

        // The password alone is not enough any more (here for a page opened while signed out, which opens at the end).
        assertThat(owner.get("/keys").location()).isEqualTo(base + "/login");
        Answer half = owner.signIn(t.ownerEmail(), TestAccounts.PASSWORD);
        assertThat(half.location()).isEqualTo(base + "/login/mfa");
        assertThat(owner.get("/dashboard").location()).isEqualTo(base + "/login/mfa");
        assertThat(owner.get("/settings").location()).isEqualTo(base + "/login/mfa");
        Answer challenge = owner.get("/login/mfa");
        assertThat(challenge.status()).isEqualTo(200);
        assertThat(challenge.body()).contains("enter the 6-digit code").contains("Cancel and sign out").doesNotContain("id=\"main-nav\"");

        Answer wrong = owner.post("/login/mfa", Map.of("code", "123456"), "/login/mfa");
        assertThat(wrong.status()).isEqualTo(400);
        assertThat(wrong.body()).contains("That code is not correct.");
        Answer garbage = owner.post("/login/mfa", Map.of("code", "not a code"), "/login/mfa");
        assertThat(garbage.status()).isEqualTo(400);
        assertThat(garbage.body()).contains("That code is not correct.");

        String code = app.nextCode();
        Answer in = owner.post("/login/mfa", Map.of("code", code), "/login/mfa");
        assertThat(in.location()).as("the page first asked for, after the sign-in").startsWith(base + "/keys");
        assertThat(owner.get("/keys").status()).isEqualTo(200);
        owner.post("/logout", Map.of(), "/keys");

        // The same code again (someone who watched it being typed): refused.
        owner.signIn(t.ownerEmail(), TestAccounts.PASSWORD);
        Answer replay = owner.post("/login/mfa", Map.of("code", code), "/login/mfa");
        assertThat(replay.status()).isEqualTo(400);
        assertThat(replay.body()).contains("That code was already used. Wait for the next code in your app.");

        // A recovery code signs in once, and says so.
        Answer recovered = owner.post("/login/mfa", Map.of("code", recovery.get(2).toUpperCase()), "/login/mfa");
        assertThat(recovered.location()).isEqualTo(base + "/account/mfa?recovered");
        Answer notice = owner.get("/account/mfa?recovered");
        assertThat(notice.body()).contains("You signed in with a recovery code, which cannot be used again.").contains("Recovery codes left: 9.");
        owner.post("/logout", Map.of(), "/account/mfa");
        owner.signIn(t.ownerEmail(), TestAccounts.PASSWORD);
        Answer reused = owner.post("/login/mfa", Map.of("code", recovery.get(2)), "/login/mfa");
        assertThat(reused.status()).isEqualTo(400);
        assertThat(reused.body()).contains("That recovery code was already used. Each recovery code works only once.");

        // Guessing is slowed down like password guessing, and a right code waits its turn too.
        Answer throttled = null;
        for (int i = 0; i < 12 && throttled == null; i++) {
            Answer a = owner.post("/login/mfa", Map.of("code", String.format("%06d", i)), "/login/mfa");
            if (a.status() == 429) {
                throttled = a;
            } else {
                assertThat(a.status()).isEqualTo(400);
            }
        }
        assertThat(throttled).as("refused for a while after wrong codes").isNotNull();
        assertThat(throttled.body()).containsPattern("Too many wrong codes. For your security, wait \\d+ seconds before trying again.");
        Answer rightButThrottled = owner.post("/login/mfa", Map.of("code", recovery.get(5)), "/login/mfa");
        assertThat(rightButThrottled.status()).isEqualTo(429);
        assertThat(owner.get("/dashboard").location()).isEqualTo(base + "/login/mfa");
        assertThat(jdbc.queryForObject("SELECT count(*) FROM console_throttle WHERE counter = 'mfa.account'", Integer.class)).isPositive();

        assertThat(tenantActions(t)).contains("mfa.enabled", "mfa.recovery_code_used", "console.login_failed", "console.login");
    }

    @Test
    void aPasswordChangedWhileTheCodeIsAwaitedEndsTheHalfSignedInSession() throws Exception {
        TenantView t = TestAccounts.customer(accounts, "Reset Co");
        Client owner = new Client();
        owner.signIn(t.ownerEmail(), TestAccounts.PASSWORD);
        owner.post("/account/mfa/setup", Map.of(), "/account/mfa");
        Authenticator app = Authenticator.fromPage(owner.get("/account/mfa").body());
        owner.post("/account/mfa/confirm", Map.of("code", app.nextCode()), "/account/mfa");
        owner.post("/logout", Map.of(), "/account/mfa");

        assertThat(owner.signIn(t.ownerEmail(), TestAccounts.PASSWORD).location()).isEqualTo(base + "/login/mfa");
        accounts.changePassword(accounts.findByEmail(t.ownerEmail()).orElseThrow().userId(), "another horse battery");
        Answer ended = owner.post("/login/mfa", Map.of("code", app.nextCode()), "/login/mfa");
        assertThat(ended.location()).isEqualTo(base + "/login?error=signed_out");
        assertThat(owner.get("/login?error=signed_out").body()).contains("Your password was changed, so this session was signed out.");
        assertThat(owner.get("/dashboard").location()).isEqualTo(base + "/login");
    }

    @Test
    void newRecoveryCodesAndTurningOffAskForThePasswordOrACurrentCode() throws Exception {
        TenantView t = TestAccounts.customer(accounts, "Careful Co");
        Client owner = new Client();
        owner.signIn(t.ownerEmail(), TestAccounts.PASSWORD);
        owner.post("/account/mfa/setup", Map.of(), "/account/mfa");
        Authenticator app = Authenticator.fromPage(owner.get("/account/mfa").body());
        List<String> first = codes(owner.post("/account/mfa/confirm", Map.of("code", app.nextCode()), "/account/mfa").body());

        Answer refused = owner.post("/account/mfa/recovery-codes", Map.of("proof", "not my password"), "/account/mfa");
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.body()).contains("Your password or the code is not correct.");
        Answer again = owner.post("/account/mfa/recovery-codes", Map.of("proof", TestAccounts.PASSWORD), "/account/mfa");
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.body()).contains("New recovery codes were made; the old ones no longer work.");
        List<String> second = codes(again.body());
        assertThat(second).hasSize(10).doesNotContainAnyElementsOf(first);

        Answer wrongCode = owner.post("/account/mfa/disable", Map.of("proof", "000000"), "/account/mfa");
        assertThat(wrongCode.status()).isEqualTo(400);
        assertThat(wrongCode.body()).contains("Your password or the code is not correct.").contains("Recovery codes left: 10.");
        Answer off = owner.post("/account/mfa/disable", Map.of("proof", app.nextCode()), "/account/mfa");
        assertThat(off.location()).isEqualTo(base + "/account/mfa");
        assertThat(owner.get("/account/mfa").body()).contains("Two-factor authentication is off.").contains("Set up two-factor authentication");
        owner.post("/logout", Map.of(), "/account/mfa");
        assertThat(owner.signIn(t.ownerEmail(), TestAccounts.PASSWORD).location()).as("the password alone again").isEqualTo(base + "/");
        assertThat(tenantActions(t)).containsSubsequence("mfa.enabled", "mfa.recovery_codes_regenerated", "mfa.disabled");
    }

    @Test
    void anOwnerRequiresASecondFactorAndMembersWithoutOneAreSentToSetItUp() throws Exception {
        TenantView t = TestAccounts.customer(accounts, "Strict Co");
        MockHttpSession owner = TestAccounts.login(mvc, t.ownerEmail());
        String dev = "dev-" + UUID.randomUUID().toString().substring(0, 8) + "@example.test";
        String admin = "adm-" + UUID.randomUUID().toString().substring(0, 8) + "@example.test";
        MockHttpSession developer = TestAccounts.join(mvc, owner, data.resolve("mail"), dev, "developer");
        MockHttpSession orgAdmin = TestAccounts.join(mvc, owner, data.resolve("mail"), admin, "admin");

        assertThat(settingsAfter(orgAdmin, "true")).contains("Only owners can change whether two-factor authentication is required.");
        assertThat(mvc.perform(post("/settings/mfa").session(developer).with(csrf()).param("required", "true")).andReturn().getResponse()
                .getStatus()).as("developers change no setting").isEqualTo(403);
        assertThat(settingsAfter(owner, "true")).contains("Set up two-factor authentication for your own account first");
        assertThat(page(owner, "/settings")).contains("Members choose whether to use two-factor authentication.");

        mvc.perform(post("/account/mfa/setup").session(owner).with(csrf()));
        Authenticator app = Authenticator.fromPage(page(owner, "/account/mfa"));
        mvc.perform(post("/account/mfa/confirm").session(owner).with(csrf()).param("code", app.nextCode()));
        assertThat(settingsAfter(owner, "true")).contains("Two-factor authentication is now required for every member.")
                .contains("Every member must use two-factor authentication.");
        String members = page(owner, "/members");
        assertThat(row(members, t.ownerEmail())).as("the members page marks who has it").contains(">2FA</span>");
        assertThat(row(members, dev)).doesNotContain(">2FA</span>");

        // The developer's session, signed in before the rule, is sent to set up at its next page.
        MvcResult next = mvc.perform(get("/dashboard").session(developer)).andReturn();
        assertThat(next.getResponse().getRedirectedUrl()).isEqualTo("/account/mfa");
        assertThat(mvc.perform(post("/keys").session(developer).with(csrf()).param("name", "x")).andReturn().getResponse().getRedirectedUrl())
                .isEqualTo("/account/mfa");
        assertThat(page(developer, "/account/mfa")).contains("Your organization requires two-factor authentication. Set it up to continue.");
        assertThat(mvc.perform(get("/dashboard").session(owner)).andReturn().getResponse().getStatus()).as("the owner has one").isEqualTo(200);

        assertThat(settingsAfter(owner, "false")).contains("Two-factor authentication is now optional for members.");
        assertThat(mvc.perform(get("/dashboard").session(developer)).andReturn().getResponse().getStatus()).isEqualTo(200);
        assertThat(tenantActions(t)).containsSubsequence("mfa.enabled", "mfa.required_changed", "mfa.required_changed");
    }

    private String settingsAfter(MockHttpSession session, String required) throws Exception {
        MvcResult r = mvc.perform(post("/settings/mfa").session(session).with(csrf()).param("required", required)).andReturn();
        assertThat(r.getResponse().getRedirectedUrl()).isEqualTo("/settings");
        return mvc.perform(get("/settings").session(session).flashAttrs(r.getFlashMap())).andReturn().getResponse().getContentAsString();
    }

    private String page(MockHttpSession session, String path) throws Exception {
        MvcResult r = mvc.perform(get(path).session(session)).andReturn();
        assertThat(r.getResponse().getStatus()).as(path).isEqualTo(200);
        return r.getResponse().getContentAsString();
    }

    private static String row(String html, String email) {
        int start = html.indexOf("data-member=\"" + email + "\"");
        assertThat(start).as("a row for " + email).isPositive();
        return html.substring(start, html.indexOf("</tr>", start));
    }

    static List<String> codes(String html) {
        return Pattern.compile("<code>([a-z2-9]{5}-[a-z2-9]{5})</code>").matcher(html).results().map(m -> m.group(1)).toList();
    }

    private List<String> platformActions() {
        return jdbc.queryForList("SELECT action FROM audit_log WHERE tenant_id = ? ORDER BY seq", String.class, AuditEntry.PLATFORM.value());
    }

    private List<String> tenantActions(TenantView t) {
        return jdbc.queryForList("SELECT action FROM audit_log WHERE tenant_id = ? ORDER BY seq", String.class, t.id().value());
    }

    record Answer(int status, String location, String body) {
    }

    /** A browser without a browser: one cookie jar, no redirects followed, forms with the CSRF token of the page they are on. */
    final class Client {
        private static final Pattern CSRF = Pattern.compile("name=\"_csrf\"[^>]*value=\"([^\"]+)\"");
        private final Map<String, String> cookies = new LinkedHashMap<>();
        private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

        Answer signIn(String email, String password) throws IOException, InterruptedException {
            return post("/login", Map.of("email", email, "password", password), "/login");
        }

        Answer get(String path) throws IOException, InterruptedException {
            return send(HttpRequest.newBuilder(URI.create(base + path)).GET());
        }

        /** Posts a form as the page at {@code from} would (with that page's CSRF token; a page that redirects lends the login page's). */
        Answer post(String path, Map<String, String> form, String from) throws IOException, InterruptedException {
            Map<String, String> fields = new LinkedHashMap<>(form);
            fields.put("_csrf", csrf(from));
            String body = fields.entrySet().stream().map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                    .collect(Collectors.joining("&"));
            return send(HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(body)));
        }

        private String csrf(String from) throws IOException, InterruptedException {
            Answer page = get(from);
            if (page.status() != 200) {
                page = get("/login");
            }
            Matcher m = CSRF.matcher(page.body());
            assertThat(m.find()).as("a CSRF token on " + from).isTrue();
            return m.group(1);
        }

        private Answer send(HttpRequest.Builder request) throws IOException, InterruptedException {
            if (!cookies.isEmpty()) {
                request.header("Cookie", cookies.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining("; ")));
            }
            HttpResponse<String> r = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            for (String set : r.headers().allValues("Set-Cookie")) {
                String[] pair = set.split(";", 2)[0].split("=", 2);
                if (pair[1].isEmpty() || set.toLowerCase().contains("max-age=0")) {
                    cookies.remove(pair[0]);
                } else {
                    cookies.put(pair[0], pair[1]);
                }
            }
            String location = r.headers().firstValue("Location").orElse(null);
            return new Answer(r.statusCode(), location == null ? null : URI.create(base).resolve(location).toString(), r.body());
        }
    }
}
