package dev.lmaas.platform.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.lmaas.platform.tenant.Actor;
import dev.lmaas.platform.tenant.ConsoleAccount;
import dev.lmaas.platform.tenant.ConsoleAccounts;
import dev.lmaas.platform.tenant.SecondFactors;
import dev.lmaas.platform.tenant.Totp;
import dev.lmaas.platform.tenant.TenantView;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Two control-plane contexts on one database, as two replicas behind a load balancer: console sessions live in
 * PostgreSQL, so a browser signed in on one replica is recognised on the other; "sign out everywhere" on one ends the
 * account's sessions on both; failed sign-ins count into one budget whichever replica answers them; a sign-in that
 * passed its password on one replica takes its second factor on the other.
 */
class ConsoleSessionsAcrossReplicasIT {

    static final String PASSWORD = "correct horse battery";
    static final int FREE_FAILURES = 4;

    @Test
    void aSessionStartedOnOneReplicaIsRecognisedOnTheOtherAndEndsEverywhere() throws Exception {
        try (Replicas replicas = new Replicas()) {
            var a = replicas.start("lmaas.console.login-free-failures=" + FREE_FAILURES);
            var b = replicas.start("lmaas.console.login-free-failures=" + FREE_FAILURES);
            String base = "http://localhost:";
            String onA = base + Replicas.port(a);
            String onB = base + Replicas.port(b);
            JdbcTemplate jdbc = a.getBean(JdbcTemplate.class);
            String email = "replicas-" + UUID.randomUUID().toString().substring(0, 8) + "@example.test";
            TenantView tenant = a.getBean(ConsoleAccounts.class).signUp("Replicas", email, PASSWORD, "127.0.0.1").orElseThrow();
            String userId = a.getBean(ConsoleAccounts.class).findByEmail(email).orElseThrow().userId().toString();

            Browser laptop = new Browser();
            assertThat(laptop.get(onB + "/account/password").headers().firstValue("Location").orElse("")).as("not signed in yet").endsWith("/login");
            HttpResponse<String> signIn = laptop.signIn(onA, email, PASSWORD);
            assertThat(signIn.statusCode()).isEqualTo(302);
            assertThat(signIn.headers().firstValue("Location").orElseThrow()).doesNotContain("error");
            assertThat(laptop.cookies).containsKey("SESSION");
            assertThat(signIn.headers().allValues("Set-Cookie")).as("a new session id at sign-in, HttpOnly, SameSite=Lax")
                    .anySatisfy(c -> assertThat(c).startsWith("SESSION=").contains("HttpOnly").contains("SameSite=Lax"));

            HttpResponse<String> page = laptop.get(onB + "/account/password");
            assertThat(page.statusCode()).as("the session made on A is recognised on B").isEqualTo(200);
            assertThat(page.body()).contains("Sign out everywhere");
            assertThat(laptop.get(onA + "/account/password").statusCode()).isEqualTo(200);
            assertThat(jdbc.queryForObject("SELECT count(*) FROM spring_session WHERE principal_name = ?", Integer.class, userId))
                    .as("the session is in PostgreSQL, indexed by the account's id").isEqualTo(1);
            assertThat(jdbc.queryForObject("SELECT max_inactive_interval FROM spring_session WHERE principal_name = ?", Integer.class, userId))
                    .as("the console's session timeout (30 min)").isEqualTo(1800);

            Browser phone = new Browser();
            assertThat(phone.signIn(onB, email, PASSWORD).headers().firstValue("Location").orElseThrow()).doesNotContain("error");
            assertThat(phone.get(onA + "/account/password").statusCode()).isEqualTo(200);
            Browser stranger = new Browser();
            String strangerEmail = "other-" + UUID.randomUUID().toString().substring(0, 8) + "@example.test";
            a.getBean(ConsoleAccounts.class).signUp("Other", strangerEmail, PASSWORD, "127.0.0.1").orElseThrow();
            stranger.signIn(onA, strangerEmail, PASSWORD);

            // Without the CSRF token the form is refused, and nothing ends.
            HttpResponse<String> forged = laptop.post(onB + "/account/sign-out-everywhere", Map.of());
            assertThat(forged.statusCode()).isEqualTo(403);
            assertThat(laptop.get(onA + "/account/password").statusCode()).isEqualTo(200);

            HttpResponse<String> everywhere = laptop.post(onB + "/account/sign-out-everywhere", Map.of("_csrf", laptop.csrf(onB + "/account/password")));
            assertThat(everywhere.statusCode()).isEqualTo(302);
            assertThat(everywhere.headers().firstValue("Location").orElseThrow()).endsWith("/login?everywhere");
            assertThat(laptop.get(onA + "/account/password").headers().firstValue("Location").orElse("")).as("ended on A too").endsWith("/login");
            assertThat(phone.get(onA + "/account/password").headers().firstValue("Location").orElse("")).as("every device").endsWith("/login");
            assertThat(phone.get(onB + "/account/password").headers().firstValue("Location").orElse("")).endsWith("/login");
            assertThat(stranger.get(onB + "/account/password").statusCode()).as("another account's session goes on").isEqualTo(200);
            assertThat(jdbc.queryForObject("SELECT count(*) FROM spring_session WHERE principal_name = ?", Integer.class, userId)).isZero();
            assertThat(new Browser().get(onA + "/login?everywhere").body()).contains("Every session of your account was signed out");
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(jdbc.queryForObject(
                    "SELECT count(*) FROM audit_log WHERE tenant_id = ? AND action = 'account.signed_out_everywhere' AND target_id = ?",
                    Integer.class, tenant.id().value(), userId)).isEqualTo(1));

            assertThat(laptop.signIn(onA, email, PASSWORD).headers().firstValue("Location").orElseThrow()).as("signing in again works")
                    .doesNotContain("error");
            assertThat(laptop.get(onB + "/account/password").statusCode()).isEqualTo(200);

            // A password changed through A ends the session on B too (the credential stamp travels with the stored session).
            a.getBean(ConsoleAccounts.class).changePassword(a.getBean(ConsoleAccounts.class).findByEmail(email).orElseThrow().userId(),
                    "another long secret");
            assertThat(laptop.get(onB + "/account/password").headers().firstValue("Location").orElse("")).endsWith("/login?error=signed_out");

            // Expired sessions are deleted by Spring Session's cleanup job (every minute; run here at once).
            jdbc.update("UPDATE spring_session SET expiry_time = 0 WHERE session_id IN (SELECT session_id FROM spring_session WHERE principal_name IS NOT NULL)");
            b.getBean(org.springframework.session.jdbc.JdbcIndexedSessionRepository.class).cleanUpExpiredSessions();
            assertThat(jdbc.queryForObject("SELECT count(*) FROM spring_session WHERE principal_name IS NOT NULL", Integer.class)).isZero();
            assertThat(stranger.get(onA + "/account/password").headers().firstValue("Location").orElse("")).endsWith("/login");
        }
    }

    @Test
    void aSignInStartedOnOneReplicaTakesItsSecondFactorOnTheOther() throws Exception {
        try (Replicas replicas = new Replicas()) {
            var a = replicas.start();
            var b = replicas.start();
            String onA = "http://localhost:" + Replicas.port(a);
            String onB = "http://localhost:" + Replicas.port(b);
            String email = "mfa-" + UUID.randomUUID().toString().substring(0, 8) + "@example.test";
            ConsoleAccounts accounts = a.getBean(ConsoleAccounts.class);
            accounts.signUp("Two Replicas", email, PASSWORD, "127.0.0.1").orElseThrow();
            ConsoleAccount account = accounts.findByEmail(email).orElseThrow();
            SecondFactors factors = a.getBean(SecondFactors.class);
            byte[] secret = Totp.fromBase32(factors.begin(account).secret());
            long step = Totp.step(Instant.now());
            assertThat(factors.confirm(account, Totp.code(secret, step), Actor.SYSTEM)).isPresent();

            Browser laptop = new Browser();
            assertThat(laptop.signIn(onA, email, PASSWORD).headers().firstValue("Location").orElseThrow()).endsWith("/login/mfa");
            // The half-signed-in session, stored by A, is read by B: it opens the code page there and nothing else.
            assertThat(laptop.get(onB + "/login/mfa").statusCode()).isEqualTo(200);
            assertThat(laptop.get(onB + "/dashboard").headers().firstValue("Location").orElse("")).endsWith("/login/mfa");
            String code = Totp.code(secret, Math.max(step + 1, Totp.step(Instant.now()) + 1));
            HttpResponse<String> in = laptop.post(onB + "/login/mfa", Map.of("code", code, "_csrf", laptop.csrf(onB + "/login/mfa")));
            assertThat(in.statusCode()).isEqualTo(302);
            assertThat(in.headers().firstValue("Location").orElseThrow()).isIn("/", onB + "/");
            assertThat(laptop.get(onA + "/dashboard").statusCode()).as("signed in on both").isEqualTo(200);
            // The same code on A, in a new sign-in there: the replicas share what was spent.
            Browser phone = new Browser();
            phone.signIn(onA, email, PASSWORD);
            HttpResponse<String> replay = phone.post(onA + "/login/mfa", Map.of("code", code, "_csrf", phone.csrf(onA + "/login/mfa")));
            assertThat(replay.statusCode()).isEqualTo(400);
            assertThat(replay.body()).contains("That code was already used.");
        }
    }

    @Test
    void failedSignInsCountAcrossReplicas() throws Exception {
        try (Replicas replicas = new Replicas()) {
            var a = replicas.start("lmaas.console.login-free-failures=" + FREE_FAILURES);
            var b = replicas.start("lmaas.console.login-free-failures=" + FREE_FAILURES);
            String[] urls = {"http://localhost:" + Replicas.port(a), "http://localhost:" + Replicas.port(b)};
            String email = "target-" + UUID.randomUUID().toString().substring(0, 8) + "@example.test";
            a.getBean(ConsoleAccounts.class).signUp("Target", email, PASSWORD, "127.0.0.1").orElseThrow();

            // Wrong passwords, alternating between the replicas. Counted per replica, the first wait would come only after
            // FREE_FAILURES failures on each (attempt 2·FREE_FAILURES + 1); counted in the database, right after FREE_FAILURES
            // (a slow machine may let an attempt or two through after the 1-second first wait, each doubling the next).
            int firstWait = 0;
            String waitLocation = null;
            for (int attempt = 1; attempt <= 2 * FREE_FAILURES + 1 && firstWait == 0; attempt++) {
                Browser browser = new Browser();
                String location = browser.signIn(urls[attempt % 2], email, "wrong password " + attempt).headers().firstValue("Location").orElseThrow();
                if (location.contains("error=wait")) {
                    firstWait = attempt;
                    waitLocation = location;
                } else {
                    assertThat(location).endsWith("/login?error=bad");
                }
            }
            assertThat(firstWait).as("the replicas share one budget").isBetween(FREE_FAILURES + 1, FREE_FAILURES + 3);
            assertThat(waitLocation).matches(".*/login\\?error=wait&seconds=\\d+");
            assertThat(new Browser().get(urls[0] + waitLocation.substring(waitLocation.indexOf("/login"))).body())
                    .contains("Too many failed sign-in attempts");
            assertThat(a.getBean(JdbcTemplate.class).queryForObject(
                    "SELECT max(failures) FROM console_throttle WHERE counter = 'login.pair'", Integer.class)).isEqualTo(firstWait - 1);
        }
    }

    /** A browser without a browser: one cookie jar, no redirects followed, forms with their CSRF token. */
    static final class Browser {
        private static final Pattern CSRF = Pattern.compile("name=\"_csrf\"[^>]*value=\"([^\"]+)\"");
        final Map<String, String> cookies = new LinkedHashMap<>();
        private final HttpClient client = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

        HttpResponse<String> get(String url) throws IOException, InterruptedException {
            return send(HttpRequest.newBuilder(URI.create(url)).GET());
        }

        HttpResponse<String> post(String url, Map<String, String> form) throws IOException, InterruptedException {
            String body = form.entrySet().stream().map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                    .collect(Collectors.joining("&"));
            return send(HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(body)));
        }

        String csrf(String pageUrl) throws IOException, InterruptedException {
            HttpResponse<String> page = get(pageUrl);
            Matcher m = CSRF.matcher(page.body());
            assertThat(m.find()).as("a CSRF token on " + pageUrl + " (" + page.statusCode() + ")").isTrue();
            return m.group(1);
        }

        HttpResponse<String> signIn(String base, String email, String password) throws IOException, InterruptedException {
            return post(base + "/login", Map.of("email", email, "password", password, "_csrf", csrf(base + "/login")));
        }

        private HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
            if (!cookies.isEmpty()) {
                request.header("Cookie", cookies.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining("; ")));
            }
            HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
            for (String set : response.headers().allValues("Set-Cookie")) {
                String[] pair = set.split(";", 2)[0].split("=", 2);
                if (pair[1].isEmpty() || set.toLowerCase().contains("max-age=0")) {
                    cookies.remove(pair[0]);
                } else {
                    cookies.put(pair[0], pair[1]);
                }
            }
            return response;
        }
    }
}
