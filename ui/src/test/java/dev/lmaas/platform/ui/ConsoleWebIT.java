package dev.lmaas.platform.ui;

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

import dev.lmaas.platform.tenant.ApiKeyIssuer;
import dev.lmaas.platform.tenant.ApiKeyVerifier;
import dev.lmaas.platform.tenant.Actor;
import dev.lmaas.platform.tenant.ConsoleAccounts;
import dev.lmaas.platform.tenant.IssuedKey;
import dev.lmaas.platform.tenant.KeyVerification;
import dev.lmaas.platform.tenant.TenantDirectory;
import dev.lmaas.platform.tenant.TenantStatus;
import dev.lmaas.platform.tenant.TenantView;
import dev.lmaas.platform.ui.fakes.AuditLogTrail;
import org.springframework.jdbc.core.JdbcTemplate;
import dev.lmaas.platform.ui.fakes.FakeBillingPortal;
import dev.lmaas.platform.ui.fakes.FakeTenantDataControls;
import dev.lmaas.platform.ui.port.AuditQuery;
import dev.lmaas.platform.ui.port.BillingMode;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.test.web.servlet.MockMvc;

/**
 * The console's rules through its HTTP surface (MockMvc, real tenant-admin on PostgreSQL, fake
 * ports): security headers, CSRF, roles, tenant isolation, sign-up and login refusals, and every
 * action with its refusal path (status and the message the user sees).
 */
@ConsoleIT
class ConsoleWebIT {

    @Autowired MockMvc mvc;
    @Autowired ConsoleAccounts accounts;
    @Autowired TenantDirectory tenants;
    @Autowired ApiKeyIssuer keys;
    @Autowired ApiKeyVerifier verifier;
    @Autowired AuditLogTrail audit;
    @Autowired JdbcTemplate jdbc;
    @Autowired FakeBillingPortal billing;
    @Autowired dev.lmaas.platform.ui.fakes.FakeBudgetControls budgets;
    @Autowired dev.lmaas.platform.ui.fakes.FakeUsageReports usageEvents;
    @Autowired dev.lmaas.platform.db.DataDirectory dataDirectory;
    @Autowired FakeTenantDataControls dataControls;

    @BeforeEach
    void admin() {
        TestAccounts.ensureAdmin(accounts);
        billing.mode(BillingMode.LOCAL);
    }

    @Test
    void pagesCarryStrictSecurityHeaders() throws Exception {
        mvc.perform(get("/login"))
                .andExpect(status().isOk())
                .andExpect(header().string("Content-Security-Policy", containsString("default-src 'self'")))
                .andExpect(header().string("Content-Security-Policy", containsString("script-src 'self';")))
                .andExpect(header().string("Content-Security-Policy", not(containsString("unsafe-inline"))))
                .andExpect(header().string("X-Frame-Options", "DENY"))
                .andExpect(header().string("X-Content-Type-Options", "nosniff"))
                .andExpect(header().string("Referrer-Policy", "strict-origin-when-cross-origin"))
                .andExpect(header().exists("Permissions-Policy"))
                .andExpect(content().string(not(containsString("<script>"))))
                .andExpect(content().string(containsString("name=\"_csrf\"")));
    }

    @Test
    void signedOutVisitorsAreSentToTheLoginPage() throws Exception {
        for (String path : List.of("/", "/dashboard", "/keys", "/admin/tenants", "/settings/audit")) {
            mvc.perform(get(path)).andExpect(status().is3xxRedirection()).andExpect(redirectedUrl("/login"));
        }
    }

    @Test
    void formsWithoutCsrfTokenAreRefused() throws Exception {
        TenantView t = TestAccounts.customer(accounts, "Csrf Co");
        MockHttpSession s = TestAccounts.login(mvc, t.ownerEmail());
        mvc.perform(post("/keys").session(s).param("name", "sneaky")).andExpect(status().isForbidden());
        assertThat(keys.list(t.id())).isEmpty();
    }

    @Test
    void customerCannotOpenAdminPagesAndAdminCannotOpenCustomerPages() throws Exception {
        TenantView t = TestAccounts.customer(accounts, "Curious Ltd");
        MockHttpSession customer = TestAccounts.login(mvc, t.ownerEmail());
        for (String path : List.of("/admin/tenants", "/admin/usage", "/admin/nodes", "/admin/audit", "/admin/plans", "/admin/tenants/" + t.id())) {
            mvc.perform(get(path).session(customer)).andExpect(status().isForbidden()); // the page itself: ConsoleBrowserIT
        }
        mvc.perform(post("/admin/tenants/" + t.id() + "/suspend").session(customer).with(csrf())).andExpect(status().isForbidden());
        assertThat(tenants.get(t.id()).status()).isEqualTo(TenantStatus.ACTIVE);

        MockHttpSession admin = TestAccounts.login(mvc, TestAccounts.ADMIN_EMAIL);
        mvc.perform(get("/keys").session(admin)).andExpect(status().isForbidden());
    }

    @Test
    void anotherTenantsKeyIsNotFoundAndCannotBeRevoked() throws Exception {
        TenantView mine = TestAccounts.customer(accounts, "Mine Inc");
        TenantView theirs = TestAccounts.customer(accounts, "Theirs Inc");
        IssuedKey their = keys.issue(theirs.id(), "their key", List.of(), null, Actor.SYSTEM);
        MockHttpSession s = TestAccounts.login(mvc, mine.ownerEmail());

        mvc.perform(get("/keys/" + their.key().id()).session(s)).andExpect(status().isNotFound())
                .andExpect(content().string(containsString("Page not found")))
                .andExpect(content().string(not(containsString("their key"))));
        mvc.perform(get("/keys/" + their.key().id() + "/revoke").session(s)).andExpect(status().isNotFound());
        mvc.perform(post("/keys/" + their.key().id() + "/revoke").session(s).with(csrf())).andExpect(status().isNotFound());
        mvc.perform(post("/keys/" + their.key().id() + "/rotate").session(s).with(csrf())).andExpect(status().isNotFound());
        mvc.perform(get("/keys/not-a-uuid").session(s)).andExpect(status().isNotFound())
                .andExpect(content().string(containsString("Page not found")));
        assertThat(verifier.verify(their.secret())).isInstanceOf(KeyVerification.Verified.class);
    }

    @Test
    void withEveryPortPresentNoPageSaysNotAvailable() throws Exception {
        TenantView t = TestAccounts.customer(accounts, "Complete Co");
        MockHttpSession s = TestAccounts.login(mvc, t.ownerEmail());
        for (String path : List.of("/dashboard", "/keys", "/playground", "/billing", "/settings", "/settings/audit")) {
            mvc.perform(get(path).session(s)).andExpect(status().isOk()).andExpect(content().string(not(containsString("not available"))));
        }
        MockHttpSession admin = TestAccounts.login(mvc, TestAccounts.ADMIN_EMAIL);
        for (String path : List.of("/admin/tenants", "/admin/tenants/" + t.id(), "/admin/tenants/" + t.id() + "/delete", "/admin/usage",
                "/admin/nodes", "/admin/audit", "/admin/plans", "/admin/plans/new")) {
            mvc.perform(get(path).session(admin)).andExpect(status().isOk()).andExpect(content().string(not(containsString("not available"))));
        }
    }

    @Test
    void unknownUrlsAnswerTheFriendly404Page() throws Exception {
        mvc.perform(get("/no/such/page")).andExpect(redirectedUrl("/login")); // signed out: nothing to learn about URLs
        MockHttpSession s = TestAccounts.login(mvc, TestAccounts.customer(accounts, "Lost Co").ownerEmail());
        mvc.perform(get("/no/such/page").session(s)).andExpect(status().isNotFound()); // the page itself: ConsoleBrowserIT
    }

    @Test
    void signUpRefusesBadInputWithClearMessages() throws Exception {
        mvc.perform(post("/signup").with(csrf()).param("organization", "Weak").param("email", "weak@example.test")
                        .param("password", "short").param("passwordAgain", "short"))
                .andExpect(status().isBadRequest()).andExpect(content().string(containsString("at least 10 characters")))
                .andExpect(content().string(containsString("value=\"weak@example.test\"")))
                .andExpect(content().string(not(containsString("value=\"short\""))));
        mvc.perform(post("/signup").with(csrf()).param("organization", "Typo").param("email", "typo@example.test")
                        .param("password", "correct horse battery").param("passwordAgain", "correct horse batterz"))
                .andExpect(status().isBadRequest()).andExpect(content().string(containsString("The two passwords do not match.")));
        mvc.perform(post("/signup").with(csrf()).param("organization", "Digits").param("email", "digits@example.test")
                        .param("password", "1234567890123").param("passwordAgain", "1234567890123"))
                .andExpect(status().isBadRequest()).andExpect(content().string(containsString("too simple")));
        mvc.perform(post("/signup").with(csrf()).param("organization", "").param("email", "noname@example.test")
                        .param("password", "correct horse battery").param("passwordAgain", "correct horse battery"))
                .andExpect(status().isBadRequest()).andExpect(content().string(containsString("Enter your organization&#39;s name.")));
        mvc.perform(post("/signup").with(csrf()).param("organization", "Bad Mail").param("email", "not-an-email")
                        .param("password", "correct horse battery").param("passwordAgain", "correct horse battery"))
                .andExpect(status().isBadRequest()).andExpect(content().string(containsString("Enter a valid email address, such as you@company.com.")))
                .andExpect(content().string(not(containsString("owner_email"))));
        mvc.perform(post("/signup").with(csrf()).param("organization", "O".repeat(101)).param("email", "longname@example.test")
                        .param("password", "correct horse battery").param("passwordAgain", "correct horse battery"))
                .andExpect(status().isBadRequest()).andExpect(content().string(containsString("Your organization&#39;s name must be at most")));

        String tooLong = "correct horse battery staple ".repeat(3); // 87 bytes: BCrypt reads 72
        mvc.perform(post("/signup").with(csrf()).param("organization", "Long").param("email", "long@example.test")
                        .param("password", tooLong).param("passwordAgain", tooLong))
                .andExpect(status().isBadRequest()).andExpect(content().string(containsString("at most 72 bytes long")));
        String wide = "密码很长但是很安全的句子".repeat(3); // 36 characters, 108 bytes
        mvc.perform(post("/signup").with(csrf()).param("organization", "Wide").param("email", "wide@example.test")
                        .param("password", wide).param("passwordAgain", wide))
                .andExpect(status().isBadRequest()).andExpect(content().string(containsString("fewer with accented or non-Latin letters")));
        assertThat(accounts.findByEmail("long@example.test")).isEmpty();
        assertThat(accounts.findByEmail("wide@example.test")).isEmpty();
    }

    @Test
    void signUpAnswersTheSameForANewAndATakenEmail() throws Exception {
        TenantView existing = TestAccounts.customer(accounts, "Taken");
        String fresh = "fresh-" + java.util.UUID.randomUUID().toString().substring(0, 8) + "@example.test";
        var forNew = mvc.perform(post("/signup").with(csrf()).param("organization", "New Co").param("email", fresh)
                .param("password", "another good secret").param("passwordAgain", "another good secret")).andReturn().getResponse();
        var forTaken = mvc.perform(post("/signup").with(csrf()).param("organization", "Again").param("email", existing.ownerEmail().toUpperCase())
                .param("password", "another good secret").param("passwordAgain", "another good secret")).andReturn().getResponse();

        assertThat(forTaken.getStatus()).isEqualTo(forNew.getStatus()).isEqualTo(302);
        assertThat(forTaken.getRedirectedUrl()).isEqualTo(forNew.getRedirectedUrl()).isEqualTo("/login?registered");
        assertThat(forTaken.getContentAsString()).isEqualTo(forNew.getContentAsString());
        assertThat(forTaken.getHeaderNames()).containsExactlyInAnyOrderElementsOf(forNew.getHeaderNames());
        assertThat(forTaken.getCookies()).isEmpty(); // nobody is signed in by either answer
        assertThat(forNew.getCookies()).isEmpty();
        mvc.perform(get("/login").param("registered", "")).andExpect(status().isOk())
                .andExpect(content().string(containsString("Sign in with your email and the password you chose.")));

        // The new email got its tenant; the taken one kept its owner, tenant and password.
        assertThat(accounts.findByEmail(fresh)).isPresent();
        assertThat(accounts.findByEmail(existing.ownerEmail()).orElseThrow().tenantId()).isEqualTo(existing.id());
        TestAccounts.login(mvc, existing.ownerEmail());
        assertThat(tenants.search("Again", 10)).noneMatch(t -> t.name().equals("Again"));
    }

    @Test
    void signUpCreatesTheTenantThenTheOwnerSignsIn() throws Exception {
        mvc.perform(post("/signup").with(csrf()).param("organization", "Fresh Start").param("email", "fresh@example.test")
                        .param("password", "correct horse battery").param("passwordAgain", "correct horse battery"))
                .andExpect(status().is3xxRedirection()).andExpect(redirectedUrl("/login?registered"));
        MockHttpSession s = TestAccounts.login(mvc, "fresh@example.test");
        mvc.perform(get("/dashboard").session(s)).andExpect(status().isOk()).andExpect(content().string(containsString("Fresh Start")));
        var account = accounts.findByEmail("fresh@example.test").orElseThrow();
        assertThat(tenants.get(account.tenantId()).planId()).isEqualTo("free");
    }

    @Test
    void wrongPasswordSaysSoWithoutTellingWhetherTheEmailExists() throws Exception {
        TenantView t = TestAccounts.customer(accounts, "Careful");
        mvc.perform(post("/login").with(csrf()).param("email", t.ownerEmail()).param("password", "wrong password!"))
                .andExpect(redirectedUrl("/login?error=bad"));
        mvc.perform(post("/login").with(csrf()).param("email", "nobody@example.test").param("password", "wrong password!"))
                .andExpect(redirectedUrl("/login?error=bad"));
        mvc.perform(get("/login").param("error", "bad")).andExpect(content().string(containsString("The email or password is not correct.")));
        // Written off the request's thread (the answer must not wait for a write an unknown email would not make).
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (audit.search(AuditQuery.ofTenant(t.id(), null, 10)).entries().stream().noneMatch(e -> e.action().equals("console.login_failed"))
                && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(audit.search(AuditQuery.ofTenant(t.id(), null, 10)).entries()).anyMatch(e -> e.action().equals("console.login_failed"));
    }

    @Test
    void aPasswordLongerThanBcryptReadsIsAWrongPasswordNotAnError() throws Exception {
        TenantView t = TestAccounts.customer(accounts, "Long Pass");
        mvc.perform(post("/login").with(csrf()).param("email", t.ownerEmail()).param("password", TestAccounts.PASSWORD.repeat(4)))
                .andExpect(status().is3xxRedirection()).andExpect(redirectedUrl("/login?error=bad"));
    }

    @Test
    void aClientHammeringAnAccountWaitsWhileTheOwnerFromAnotherAddressSignsIn() throws Exception {
        // The platform admin too: no account can be locked by someone else's guesses.
        for (String email : List.of(TestAccounts.customer(accounts, "Hammered").ownerEmail(), TestAccounts.ADMIN_EMAIL)) {
            String attacker = "203.0.113." + (email.equals(TestAccounts.ADMIN_EMAIL) ? 67 : 66);
            for (int i = 0; i < 3; i++) {
                mvc.perform(post("/login").with(csrf()).with(from(attacker)).param("email", email).param("password", "guess number " + i))
                        .andExpect(redirectedUrl("/login?error=bad"));
            }
            for (int i = 3; i < 10; i++) {
                mvc.perform(post("/login").with(csrf()).with(from(attacker)).param("email", email).param("password", "guess number " + i))
                        .andExpect(header().string("Location", org.hamcrest.Matchers.startsWith("/login?error=wait&seconds=")));
            }
            // Even the right password waits from the hammering address...
            mvc.perform(post("/login").with(csrf()).with(from(attacker)).param("email", email).param("password", TestAccounts.PASSWORD))
                    .andExpect(header().string("Location", org.hamcrest.Matchers.startsWith("/login?error=wait&seconds=")));
            // ...while the owner, elsewhere, signs in at once.
            mvc.perform(post("/login").with(csrf()).with(from("198.51.100.7")).param("email", email).param("password", TestAccounts.PASSWORD))
                    .andExpect(redirectedUrl("/"));
        }
        mvc.perform(get("/login").param("error", "wait").param("seconds", "8"))
                .andExpect(content().string(containsString("Too many failed sign-in attempts. For your security, wait 8 seconds before trying again.")));
        mvc.perform(get("/login").param("error", "wait").param("seconds", "<b>soon</b>"))
                .andExpect(content().string(containsString("wait a moment before trying again.")));
    }

    private static org.springframework.test.web.servlet.request.RequestPostProcessor from(String address) {
        return request -> {
            request.setRemoteAddr(address);
            return request;
        };
    }

    @Test
    void suspendedTenantCannotSignInAndIsSignedOut() throws Exception {
        TenantView t = TestAccounts.customer(accounts, "Paused Co");
        MockHttpSession s = TestAccounts.login(mvc, t.ownerEmail());
        mvc.perform(get("/keys").session(s)).andExpect(status().isOk());
        tenants.suspend(t.id(), Actor.SYSTEM);

        mvc.perform(get("/keys").session(s)).andExpect(redirectedUrl("/login?error=suspended"));
        mvc.perform(post("/login").with(csrf()).param("email", t.ownerEmail()).param("password", TestAccounts.PASSWORD))
                .andExpect(redirectedUrl("/login?error=suspended"));
        mvc.perform(post("/login").with(csrf()).param("email", t.ownerEmail()).param("password", "not the password"))
                .andExpect(redirectedUrl("/login?error=bad")); // suspension is only revealed to someone who knows the password
        mvc.perform(get("/login").param("error", "suspended"))
                .andExpect(content().string(containsString("account is suspended")))
                .andExpect(content().string(containsString("Contact support@lmaas.test to restore access.")))
                .andExpect(content().string(containsString("support@lmaas.test")));
    }

    @Test
    void sessionIdChangesAtLogin() throws Exception {
        TenantView t = TestAccounts.customer(accounts, "Fixation");
        MockHttpSession before = new MockHttpSession();
        String idBefore = before.getId();
        // The browser presents the session's id (its cookie); since spring-test 7.0.10 the mock request must say so too.
        mvc.perform(post("/login").session(before).with(r -> {
                    r.setRequestedSessionId(idBefore);
                    return r;
                }).with(csrf()).param("email", t.ownerEmail()).param("password", TestAccounts.PASSWORD))
                .andExpect(redirectedUrl("/"));
        assertThat(before.getId()).isNotEqualTo(idBefore);
    }

    @Test
    void keyLifecycleThroughTheConsole() throws Exception {
        TenantView t = TestAccounts.customer(accounts, "Keys R Us");
        MockHttpSession s = TestAccounts.login(mvc, t.ownerEmail());

        // The secret is answered to the form itself (no redirect: a flash attribute would keep it in the stored session).
        var page = mvc.perform(post("/keys").session(s).with(csrf()).param("name", "backend").param("models", "all-MiniLM-L6-v2"))
                .andExpect(status().isOk()).andExpect(header().string("Cache-Control", containsString("no-store")))
                .andExpect(content().string(containsString("Copy this key now."))).andReturn().getResponse().getContentAsString();
        assertThat(s.getAttributeNames().asIterator()).toIterable().as("nothing of the new key in the session")
                .noneMatch(n -> String.valueOf(s.getAttribute(n)).contains("lmk_"));
        String secret = page.replaceAll("(?s).*id=\"new-secret\"[^>]*value=\"(lmk_[A-Za-z0-9]+)\".*", "$1");
        assertThat(secret).startsWith("lmk_");
        assertThat(verifier.verify(secret)).isInstanceOf(KeyVerification.Verified.class);
        mvc.perform(get("/keys").session(s)).andExpect(content().string(not(containsString(secret))));

        var key = keys.list(t.id()).getFirst();
        assertThat(key.models()).containsExactly("all-MiniLM-L6-v2");
        // With no grace period every app still on the old secret fails at once: the member confirms first, with a reason.
        mvc.perform(post("/keys/" + key.id() + "/rotate").session(s).with(csrf()).param("graceHours", "0"))
                .andExpect(status().isOk()).andExpect(content().string(containsString("with no grace period?")))
                .andExpect(content().string(containsString("name=\"reason\"")));
        mvc.perform(post("/keys/" + key.id() + "/rotate").session(s).with(csrf()).param("graceHours", "0").param("confirmed", "true")
                        .param("reason", "  "))
                .andExpect(status().isBadRequest()).andExpect(content().string(containsString("Give a reason: it is kept in the audit trail.")))
                .andExpect(content().string(containsString("aria-invalid=\"true\"")));
        assertThat(verifier.verify(secret)).as("nothing rotated without a reason").isInstanceOf(KeyVerification.Verified.class);
        var rotated = mvc.perform(post("/keys/" + key.id() + "/rotate").session(s).with(csrf()).param("graceHours", "0").param("confirmed", "true")
                        .param("reason", "The secret was pasted into a public issue"))
                .andExpect(status().isOk()).andReturn();
        assertThat(rotated.getModelAndView().getModel().get("issued")).isInstanceOf(IssuedKey.class);
        String newSecret = ((IssuedKey) rotated.getModelAndView().getModel().get("issued")).secret();
        assertThat(rotated.getResponse().getContentAsString()).contains(newSecret);
        assertThat(verifier.verify(newSecret)).isInstanceOf(KeyVerification.Verified.class);

        mvc.perform(get("/keys/" + key.id() + "/revoke").session(s)).andExpect(content().string(containsString("Yes, revoke this key")));
        var revoked = mvc.perform(post("/keys/" + key.id() + "/revoke").session(s).with(csrf())).andExpect(redirectedUrl("/keys")).andReturn();
        assertThat((String) revoked.getFlashMap().get("notice")).contains("was revoked");
        assertThat(verifier.verify(newSecret)).isInstanceOf(KeyVerification.Refused.class);
        assertThat(audit.search(AuditQuery.ofTenant(t.id(), null, 20)).entries()).extracting(e -> e.action())
                .contains("api_key.created", "api_key.rotated", "api_key.revoked", "console.login");
        assertThat(audit.search(AuditQuery.ofTenant(t.id(), null, 20)).entries()).filteredOn(e -> e.action().equals("api_key.rotated"))
                .singleElement().satisfies(e -> {
                    assertThat(e.reason()).isEqualTo("The secret was pasted into a public issue");
                    assertThat(e.actorLabel()).isEqualTo(t.ownerEmail());
                });
        mvc.perform(get("/settings/audit").session(s)).andExpect(content().string(containsString("The secret was pasted into a public issue")));
    }

    @Test
    void aRotationWithAGracePeriodNeedsNoConfirmation() throws Exception {
        TenantView t = TestAccounts.customer(accounts, "Graceful Co");
        MockHttpSession s = TestAccounts.login(mvc, t.ownerEmail());
        IssuedKey old = keys.issue(t.id(), "k", List.of(), null, Actor.SYSTEM);
        var rotated = mvc.perform(post("/keys/" + old.key().id() + "/rotate").session(s).with(csrf()).param("graceHours", "24"))
                .andExpect(status().isOk()).andReturn();
        assertThat(rotated.getModelAndView().getModel().get("issued")).isInstanceOf(IssuedKey.class);
        assertThat(verifier.verify(old.secret())).as("the old secret keeps working for the grace period").isInstanceOf(KeyVerification.Verified.class);
    }

    @Test
    void keyCreationRefusalsAreShownOnThePage() throws Exception {
        TenantView t = TestAccounts.customer(accounts, "Limits Ltd");
        MockHttpSession s = TestAccounts.login(mvc, t.ownerEmail());
        mvc.perform(post("/keys").session(s).with(csrf()).param("name", "old").param("expiresOn", "2001-01-01"))
                .andExpect(status().isBadRequest()).andExpect(content().string(containsString("The expiry date must be in the future")));
        mvc.perform(post("/keys").session(s).with(csrf()).param("name", "x".repeat(101)))
                .andExpect(status().isBadRequest()).andExpect(content().string(containsString("at most 100 characters")));
        assertThat(keys.list(t.id())).isEmpty();
    }

    @Test
    void playgroundRunsAndShowsRefusals() throws Exception {
        TenantView t = TestAccounts.customer(accounts, "Play Co");
        MockHttpSession s = TestAccounts.login(mvc, t.ownerEmail());
        mvc.perform(post("/playground").session(s).with(csrf()).param("model", "sentiment-en").param("text", "I love this product"))
                .andExpect(status().isOk()).andExpect(content().string(containsString("positive")))
                .andExpect(content().string(containsString("curl http://localhost/v1/models"))); // the address this request came to
        mvc.perform(post("/playground").session(s).with(csrf()).param("model", "sentiment-en").param("text", "again #ratelimit"))
                .andExpect(status().isTooManyRequests()).andExpect(content().string(containsString("Rate limit reached")));
        mvc.perform(post("/playground").session(s).with(csrf()).param("model", "gpt-5").param("text", "hi"))
                .andExpect(status().isBadRequest()).andExpect(content().string(containsString("Choose one of the models your plan allows.")));
        mvc.perform(post("/playground").session(s).with(csrf()).param("model", "sentiment-en").param("text", "   "))
                .andExpect(status().isBadRequest()).andExpect(content().string(containsString("Type some text")));
        mvc.perform(get("/dashboard").session(s)).andExpect(status().isOk())
                .andExpect(content().string(containsString("rate_limit_exceeded")))
                .andExpect(content().string(containsString("<svg")));
    }

    @Test
    void billingSaysLocalModeAndUpgradesThroughCheckoutInStripeMode() throws Exception {
        TenantView t = TestAccounts.customer(accounts, "Billing Co");
        MockHttpSession s = TestAccounts.login(mvc, t.ownerEmail());
        mvc.perform(get("/billing").session(s)).andExpect(status().isOk())
                .andExpect(content().string(containsString("Billing is managed by the operator")))
                .andExpect(content().string(not(containsString("Switch to Pro"))));
        var local = mvc.perform(post("/billing/upgrade").session(s).with(csrf()).param("plan", "pro")).andExpect(redirectedUrl("/billing")).andReturn();
        assertThat((String) local.getFlashMap().get("error")).contains("assigned by the operator");

        billing.mode(BillingMode.STRIPE);
        int portalSessions = billing.portalSessions.get();
        mvc.perform(get("/billing").session(s)).andExpect(content().string(containsString("Switch to Pro")))
                .andExpect(content().string(containsString("Invoices &amp; payment method")));
        // Viewing the page creates nothing at Stripe; only the button (a POST) opens a portal session.
        assertThat(billing.portalSessions.get()).isEqualTo(portalSessions);
        mvc.perform(get("/billing/invoices").session(s)).andExpect(status().isNotFound());
        mvc.perform(post("/billing/upgrade").session(s).with(csrf()).param("plan", "pro"))
                .andExpect(status().is3xxRedirection())
                .andExpect(header().string("Location", containsString("https://checkout.stripe.test/c/pay/cs_test_")));
        var unknown = mvc.perform(post("/billing/upgrade").session(s).with(csrf()).param("plan", "platinum")).andReturn();
        assertThat((String) unknown.getFlashMap().get("error")).contains("Unknown plan");
        mvc.perform(post("/billing/portal").session(s)).andExpect(status().isForbidden()); // CSRF
        mvc.perform(post("/billing/portal").session(s).with(csrf())).andExpect(header().string("Location", containsString("billing.stripe.test")));
        assertThat(billing.portalSessions.get()).isEqualTo(portalSessions + 1);
    }

    @Test
    void theBudgetIsSetOnTheBillingPageAndTheDashboardWarnsOnceAThresholdIsReached() throws Exception {
        TenantView t = TestAccounts.customer(accounts, "Budget Co");
        MockHttpSession s = TestAccounts.login(mvc, t.ownerEmail());
        mvc.perform(get("/billing").session(s)).andExpect(content().string(containsString("No budget is set.")));

        var bad = mvc.perform(post("/billing/budget").session(s).with(csrf()).param("amount", "-5")).andExpect(redirectedUrl("/billing")).andReturn();
        assertThat((String) bad.getFlashMap().get("error")).isEqualTo("Enter the monthly budget as an amount such as 50 or 12.50 (at most 1,000,000,000).");
        var words = mvc.perform(post("/billing/budget").session(s).with(csrf()).param("amount", "20").param("thresholds", "half"))
                .andExpect(redirectedUrl("/billing")).andReturn();
        assertThat((String) words.getFlashMap().get("error")).isEqualTo("Alerts are percentages of the budget separated by commas, such as 50, 80, 100.");
        var zero = mvc.perform(post("/billing/budget").session(s).with(csrf()).param("amount", "20").param("thresholds", "0"))
                .andExpect(redirectedUrl("/billing")).andReturn();
        assertThat((String) zero.getFlashMap().get("error")).contains("between 1 and 1000");
        mvc.perform(post("/billing/budget").session(s).param("amount", "20")).andExpect(status().isForbidden()); // CSRF

        var ok = mvc.perform(post("/billing/budget").session(s).with(csrf()).param("amount", "20.50").param("hard", "true")
                .param("thresholds", "50, 80")).andExpect(redirectedUrl("/billing")).andReturn();
        assertThat((String) ok.getFlashMap().get("notice")).isEqualTo("Budget saved.");
        mvc.perform(get("/billing").session(s)).andExpect(content().string(containsString("$20.50")))
                .andExpect(content().string(containsString("value=\"20.50\"")))
                .andExpect(content().string(containsString("Calls are refused before they would pass it.")));
        mvc.perform(get("/dashboard").session(s)).andExpect(content().string(not(containsString("budget-banner"))));

        budgets.spend(t.id(), 17_000_000); // 82 % of 20.50
        mvc.perform(get("/dashboard").session(s)).andExpect(content().string(containsString("budget-banner")))
                .andExpect(content().string(containsString("82%")))
                .andExpect(content().string(containsString("calls will be refused before they pass it")));

        var removed = mvc.perform(post("/billing/budget/remove").session(s).with(csrf())).andExpect(redirectedUrl("/billing")).andReturn();
        assertThat((String) removed.getFlashMap().get("notice")).isEqualTo("Budget removed.");
        mvc.perform(get("/dashboard").session(s)).andExpect(content().string(not(containsString("budget-banner"))));
    }

    @Test
    void statementsListTheMonthsAndDownloadAsCsvAndStripeModeListsInvoices() throws Exception {
        TenantView t = TestAccounts.customer(accounts, "Statement Co");
        MockHttpSession s = TestAccounts.login(mvc, t.ownerEmail());
        java.time.Instant now = java.time.Instant.now();
        usageEvents.record(new dev.lmaas.platform.ui.fakes.FakeUsageReports.Event(t.id(), "minilm", now, 1_200, 60, 200, null, "req_s1"));
        usageEvents.record(new dev.lmaas.platform.ui.fakes.FakeUsageReports.Event(t.id(), "minilm", now, 800, 40, 200, null, "req_s2"));
        java.time.YearMonth month = java.time.YearMonth.now(java.time.ZoneOffset.UTC);

        mvc.perform(get("/billing").session(s)).andExpect(content().string(containsString("Statements")))
                .andExpect(content().string(containsString("/billing/statements/" + month + ".csv")))
                .andExpect(content().string(not(containsString("id=\"invoices\""))));
        var csv = mvc.perform(get("/billing/statements/" + month + ".csv").session(s)).andExpect(status().isOk())
                .andExpect(header().string("Content-Disposition", "attachment; filename=\"statement-" + month + ".csv\"")).andReturn();
        List<String> lines = csv.getResponse().getContentAsString().lines().toList();
        assertThat(lines.getFirst()).isEqualTo("day,requests,tokens,cost,currency");
        assertThat(lines.getLast()).isEqualTo("total,2,2000,0.0001,USD");
        mvc.perform(get("/billing/statements/december.csv").session(s)).andExpect(status().isNotFound());

        billing.mode(BillingMode.STRIPE);
        mvc.perform(get("/billing").session(s)).andExpect(content().string(containsString("LMAAS-0001")))
                .andExpect(content().string(containsString("$49.00")))
                .andExpect(content().string(containsString("https://invoice.stripe.test/i/1")));
    }

    /** The newest mail kept as a file for {@code to} (no SMTP server in these tests: the real fallback path). */
    String lastMailTo(String to) throws Exception {
        java.nio.file.Path folder = dataDirectory.resolve("mail");
        if (!java.nio.file.Files.isDirectory(folder)) {
            return null;
        }
        try (var files = java.nio.file.Files.list(folder)) {
            for (java.nio.file.Path f : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                try (var in = java.nio.file.Files.newInputStream(f)) {
                    var m = new jakarta.mail.internet.MimeMessage(jakarta.mail.Session.getInstance(new java.util.Properties()), in);
                    if (m.getAllRecipients()[0].toString().equals(to)) {
                        return "Subject: " + m.getSubject() + "\n" + m.getContent();
                    }
                }
            }
        }
        return null;
    }

    @Test
    void aForgottenPasswordIsResetWithTheMailedLinkOnceAndEverySessionEnds() throws Exception {
        TenantView t = TestAccounts.customer(accounts, "Reset Co");
        MockHttpSession old = TestAccounts.login(mvc, t.ownerEmail());
        mvc.perform(get("/dashboard").session(old)).andExpect(status().isOk());

        // The same answer for a known and an unknown address; only the known one gets mail.
        String sent = dev.lmaas.platform.ui.security.PasswordResetControllerAccess.SENT;
        mvc.perform(post("/forgot-password").with(csrf()).param("email", "nobody-" + java.util.UUID.randomUUID() + "@example.test"))
                .andExpect(status().isOk()).andExpect(content().string(containsString(sent)));
        mvc.perform(post("/forgot-password").with(csrf()).param("email", t.ownerEmail()))
                .andExpect(status().isOk()).andExpect(content().string(containsString(sent)));
        mvc.perform(post("/forgot-password").with(csrf()).param("email", "")).andExpect(status().isBadRequest())
                .andExpect(content().string(containsString("Enter the email address of your account.")));
        String mail = lastMailTo(t.ownerEmail());
        assertThat(mail).as("kept as an .eml file").isNotNull().contains("Subject: Choose a new password");
        String token = mail.replaceAll("(?s).*reset-password\\?token=([A-Za-z0-9_-]{43}).*", "$1");
        assertThat(token).hasSize(43);

        mvc.perform(get("/reset-password").param("token", "forged")).andExpect(status().isBadRequest())
                .andExpect(content().string(containsString("invalid, was already used or has expired")));
        mvc.perform(get("/reset-password").param("token", token)).andExpect(status().isOk())
                .andExpect(content().string(containsString("Set the new password")));
        mvc.perform(post("/reset-password").with(csrf()).param("token", token).param("password", "a brand new secret")
                .param("passwordAgain", "another one")).andExpect(status().isBadRequest())
                .andExpect(content().string(containsString("The two passwords do not match.")));
        mvc.perform(post("/reset-password").with(csrf()).param("token", token).param("password", "1234567890")
                .param("passwordAgain", "1234567890")).andExpect(status().isBadRequest())
                .andExpect(content().string(containsString("too simple")));
        mvc.perform(post("/reset-password").with(csrf()).param("token", token).param("password", "a brand new secret")
                .param("passwordAgain", "a brand new secret")).andExpect(redirectedUrl("/login?reset"));
        mvc.perform(post("/reset-password").with(csrf()).param("token", token).param("password", "yet another secret")
                .param("passwordAgain", "yet another secret")).andExpect(status().isBadRequest())
                .andExpect(content().string(containsString("invalid, was already used or has expired")));

        mvc.perform(get("/dashboard").session(old)).andExpect(redirectedUrl("/login?error=signed_out"));
        mvc.perform(post("/login").param("email", t.ownerEmail()).param("password", TestAccounts.PASSWORD).with(csrf()))
                .andExpect(redirectedUrl("/login?error=bad"));
        mvc.perform(post("/login").param("email", t.ownerEmail()).param("password", "a brand new secret").with(csrf()))
                .andExpect(redirectedUrl("/"));
        assertThat(jdbc.queryForObject("SELECT count(*) FROM audit_log WHERE tenant_id = ? AND action = 'account.password_reset'", Long.class,
                t.id().value())).isEqualTo(1);
    }

    @Test
    void aSignedInPersonChangesTheirPasswordAndEverySessionEnds() throws Exception {
        TenantView t = TestAccounts.customer(accounts, "Change Co");
        MockHttpSession a = TestAccounts.login(mvc, t.ownerEmail());
        MockHttpSession b = TestAccounts.login(mvc, t.ownerEmail());
        mvc.perform(get("/account/password").session(a)).andExpect(status().isOk());
        mvc.perform(post("/account/password").session(a).with(csrf()).param("current", "wrong password!").param("password", "a new long secret")
                .param("passwordAgain", "a new long secret")).andExpect(status().isBadRequest())
                .andExpect(content().string(containsString("Your current password is not correct.")));
        mvc.perform(post("/account/password").session(a).with(csrf()).param("current", TestAccounts.PASSWORD).param("password", "a new long secret")
                .param("passwordAgain", "a new long secreT")).andExpect(status().isBadRequest())
                .andExpect(content().string(containsString("The two new passwords do not match.")));
        mvc.perform(post("/account/password").session(a).param("current", TestAccounts.PASSWORD)).andExpect(status().isForbidden()); // CSRF
        mvc.perform(post("/account/password").session(a).with(csrf()).param("current", TestAccounts.PASSWORD).param("password", "a new long secret")
                .param("passwordAgain", "a new long secret")).andExpect(redirectedUrl("/login?changed"));
        mvc.perform(get("/dashboard").session(b)).andExpect(redirectedUrl("/login?error=signed_out"));
        mvc.perform(get("/login").param("error", "signed_out")).andExpect(content().string(containsString("Your password was changed")));
        mvc.perform(get("/account/password")).andExpect(redirectedUrl("/login"));
    }

    /**
     * The console on its own keeps sessions in memory (no shared store to search): the button ends this session and is
     * audited; ConsoleSessionsAcrossReplicasIT (platform-api) shows every session ending, on every replica.
     */
    @Test
    void signOutEverywhereEndsThisSessionAndIsAudited() throws Exception {
        TenantView t = TestAccounts.customer(accounts, "Everywhere Co");
        MockHttpSession s = TestAccounts.login(mvc, t.ownerEmail());
        mvc.perform(get("/account/password").session(s)).andExpect(status().isOk())
                .andExpect(content().string(containsString("action=\"/account/sign-out-everywhere\"")));
        mvc.perform(post("/account/sign-out-everywhere").session(s)).andExpect(status().isForbidden()); // CSRF
        mvc.perform(get("/dashboard").session(s)).andExpect(status().isOk());
        mvc.perform(post("/account/sign-out-everywhere").with(csrf())).andExpect(redirectedUrl("/login")); // signed out: nothing to end
        mvc.perform(post("/account/sign-out-everywhere").session(s).with(csrf())).andExpect(redirectedUrl("/login?everywhere"));
        assertThat(s.isInvalid()).isTrue();
        mvc.perform(get("/login").param("everywhere", "")).andExpect(content().string(containsString("Every session of your account was signed out")));
        assertThat(jdbc.queryForObject("SELECT count(*) FROM audit_log WHERE tenant_id = ? AND action = 'account.signed_out_everywhere'", Long.class,
                t.id().value())).isEqualTo(1);
    }

    @Test
    void checkoutReturnsShowTheirNotice() throws Exception {
        TenantView t = TestAccounts.customer(accounts, "Checkout Co");
        MockHttpSession s = TestAccounts.login(mvc, t.ownerEmail());
        billing.mode(BillingMode.STRIPE);
        // The very addresses the billing port hands to Checkout (success and cancel URLs).
        mvc.perform(get("/billing").param("checkout", dev.lmaas.platform.ui.port.BillingPortal.CHECKOUT_SUCCESS).session(s))
                .andExpect(content().string(containsString("Your plan changes as soon as the payment is confirmed")));
        mvc.perform(get("/billing").param("checkout", dev.lmaas.platform.ui.port.BillingPortal.CHECKOUT_CANCELLED).session(s))
                .andExpect(content().string(containsString("Checkout was cancelled; your plan did not change.")));
        mvc.perform(get("/billing").param("checkout", "<script>").session(s))
                .andExpect(content().string(not(containsString("Checkout was cancelled"))))
                .andExpect(content().string(not(containsString("<script>"))));
    }

    @Test
    void retentionSettingsValidateDaysAndThePlansMaximum() throws Exception {
        TenantView t = TestAccounts.customer(accounts, "Retain Co");
        MockHttpSession s = TestAccounts.login(mvc, t.ownerEmail());
        // The free plan keeps no payloads: no number of days is accepted, and the page says why.
        var free = mvc.perform(post("/settings/retention").session(s).with(csrf()).param("mode", "ENCRYPTED").param("days", "365")).andReturn();
        assertThat((String) free.getFlashMap().get("error"))
                .isEqualTo("The 'free' plan does not keep request payloads; choose a plan that does to keep them encrypted. "
                        + "Plans are compared on the Billing page.");
        assertThat(dataControls.retention(t.id())).isEqualTo(dev.lmaas.platform.ui.port.Retention.NONE);
        mvc.perform(get("/settings").session(s)).andExpect(content().string(containsString("Your plan does not keep payloads.")));

        tenants.changePlan(t.id(), "pro", Actor.SYSTEM);
        var tooLong = mvc.perform(post("/settings/retention").session(s).with(csrf()).param("mode", "ENCRYPTED").param("days", "31")).andReturn();
        assertThat((String) tooLong.getFlashMap().get("error")).isEqualTo("The 'pro' plan keeps request payloads for at most 30 days. "
                + "Plans are compared on the Billing page.");
        var bad = mvc.perform(post("/settings/retention").session(s).with(csrf()).param("mode", "ENCRYPTED").param("days", "soon")).andReturn();
        assertThat((String) bad.getFlashMap().get("error")).contains("Enter the number of days");
        var ok = mvc.perform(post("/settings/retention").session(s).with(csrf()).param("mode", "ENCRYPTED").param("days", "30")).andReturn();
        assertThat((String) ok.getFlashMap().get("notice")).contains("encrypted for 30 days");
        assertThat(dataControls.retention(t.id()).days()).isEqualTo(30);
        mvc.perform(get("/settings").session(s)).andExpect(content().string(containsString(t.ownerEmail())))
                .andExpect(content().string(containsString("Your plan keeps payloads for at most <span>30</span> days.")));

        // Moving to a plan that keeps less cuts the retention to what it allows.
        tenants.changePlan(t.id(), "free", Actor.SYSTEM);
        assertThat(dataControls.retention(t.id())).isEqualTo(dev.lmaas.platform.ui.port.Retention.NONE);
    }

    @Test
    void theTenantsDefaultModelIsChosenFromWhatThePlanAllows() throws Exception {
        TenantView t = TestAccounts.customer(accounts, "Default Co");
        MockHttpSession s = TestAccounts.login(mvc, t.ownerEmail());
        mvc.perform(get("/settings").session(s)).andExpect(content().string(containsString("Platform default (sentiment)")))
                .andExpect(content().string(containsString("<option value=\"sentiment-en\">sentiment-en</option>")))
                .andExpect(content().string(org.hamcrest.Matchers.not(containsString("<option value=\"all-MiniLM-L6-v2\""))));
        var ok = mvc.perform(post("/settings/default-model").session(s).with(csrf()).param("model", "sentiment-en")).andReturn();
        assertThat((String) ok.getFlashMap().get("notice")).isEqualTo("Saved: requests that name no model use sentiment-en.");
        assertThat(tenants.get(t.id()).defaultModel()).isEqualTo("sentiment-en");
        // An embedding model (no answer text) or a model outside the plan is refused and nothing changes.
        for (String refused : List.of("all-MiniLM-L6-v2", "gpt-4")) {
            var bad = mvc.perform(post("/settings/default-model").session(s).with(csrf()).param("model", refused)).andReturn();
            assertThat((String) bad.getFlashMap().get("error")).isEqualTo("Choose one of the models your plan allows.");
            assertThat(tenants.get(t.id()).defaultModel()).isEqualTo("sentiment-en");
        }
        var cleared = mvc.perform(post("/settings/default-model").session(s).with(csrf()).param("model", "")).andReturn();
        assertThat((String) cleared.getFlashMap().get("notice")).contains("platform's default");
        assertThat(tenants.get(t.id()).defaultModel()).isNull();
    }

    @Test
    void adminSuspendsResumesAndChangesPlanAndTheTenantSeesTheAccessRecord() throws Exception {
        TenantView t = TestAccounts.customer(accounts, "Watched Co");
        IssuedKey key = keys.issue(t.id(), "k", List.of(), null, Actor.SYSTEM);
        MockHttpSession admin = TestAccounts.login(mvc, TestAccounts.ADMIN_EMAIL);

        mvc.perform(get("/admin/tenants").session(admin).param("q", "watched")).andExpect(content().string(containsString("Watched Co")));
        mvc.perform(get("/admin/tenants/" + t.id()).session(admin)).andExpect(status().isOk());
        // Suspending stops every key at once: a confirmation page of its own asks why, and nothing happens without a reason.
        mvc.perform(get("/admin/tenants/" + t.id()).session(admin))
                .andExpect(content().string(containsString("href=\"/admin/tenants/" + t.id() + "/suspend\"")));
        mvc.perform(get("/admin/tenants/" + t.id() + "/suspend").session(admin)).andExpect(status().isOk())
                .andExpect(content().string(containsString("Suspend “Watched Co”?")));
        mvc.perform(post("/admin/tenants/" + t.id() + "/suspend").session(admin).with(csrf()))
                .andExpect(status().isBadRequest()).andExpect(content().string(containsString("Give a reason: it is kept in the audit trail.")));
        mvc.perform(post("/admin/tenants/" + t.id() + "/suspend").session(admin).with(csrf()).param("reason", "y".repeat(501)))
                .andExpect(status().isBadRequest()).andExpect(content().string(containsString("Keep the reason to 500 characters or fewer.")));
        assertThat(tenants.get(t.id()).status()).isEqualTo(TenantStatus.ACTIVE);
        mvc.perform(post("/admin/tenants/" + t.id() + "/suspend").session(admin).with(csrf()).param("reason", "Card testing from this account"))
                .andExpect(redirectedUrl("/admin/tenants/" + t.id()));
        assertThat(verifier.verify(key.secret())).isInstanceOf(KeyVerification.Refused.class);
        mvc.perform(post("/admin/tenants/" + t.id() + "/resume").session(admin).with(csrf()));
        assertThat(verifier.verify(key.secret())).isInstanceOf(KeyVerification.Verified.class);

        var bad = mvc.perform(post("/admin/tenants/" + t.id() + "/plan").session(admin).with(csrf()).param("plan", "nope")).andReturn();
        assertThat((String) bad.getFlashMap().get("error")).contains("Unknown plan");
        mvc.perform(post("/admin/tenants/" + t.id() + "/plan").session(admin).with(csrf()).param("plan", "pro"));
        assertThat(tenants.get(t.id()).planId()).isEqualTo("pro");

        mvc.perform(get("/admin/tenants/" + java.util.UUID.randomUUID()).session(admin)).andExpect(status().isNotFound());
        // Reading the tenant's audit records in the console is an access the tenant sees too.
        mvc.perform(get("/admin/audit").param("tenant", t.id().toString()).session(admin)).andExpect(status().isOk());
        mvc.perform(get("/admin/audit/export").param("tenant", t.id().toString()).session(admin)).andExpect(status().isOk());

        MockHttpSession customer = TestAccounts.login(mvc, t.ownerEmail());
        mvc.perform(get("/settings/audit").session(customer)).andExpect(status().isOk())
                .andExpect(content().string(containsString("admin.tenant_viewed")))
                .andExpect(content().string(containsString("admin.viewed_audit")))
                .andExpect(content().string(containsString("admin.viewed_audit_export")))
                .andExpect(content().string(containsString(TestAccounts.ADMIN_EMAIL)))
                .andExpect(content().string(containsString("tenant.suspended")))
                .andExpect(content().string(containsString("Card testing from this account")));
        mvc.perform(get("/admin/audit").param("tenant", t.id().toString()).param("action", "tenant.suspended").session(admin))
                .andExpect(content().string(containsString("Card testing from this account")));
    }

    @Test
    void consoleKeysReadOnlyWhatIsTicked() throws Exception {
        TenantView t = TestAccounts.customer(accounts, "Reader Co");
        MockHttpSession s = TestAccounts.login(mvc, t.ownerEmail());
        mvc.perform(post("/keys").session(s).with(csrf()).param("name", "no reads").param("permissionsChosen", "yes"))
                .andExpect(status().isOk());
        mvc.perform(post("/keys").session(s).with(csrf()).param("name", "usage reader").param("permissionsChosen", "yes")
                .param("permissions", "usage:read")).andExpect(status().isOk());
        assertThat(keys.list(t.id())).extracting(k -> k.name() + "=" + k.permissions())
                .containsExactlyInAnyOrder("no reads=[]", "usage reader=[READ_USAGE]");
        mvc.perform(post("/keys").session(s).with(csrf()).param("name", "greedy").param("permissionsChosen", "yes")
                        .param("permissions", "billing:write"))
                .andExpect(status().isBadRequest()).andExpect(content().string(containsString("Unknown permission")));
        var reader = keys.list(t.id()).stream().filter(k -> k.name().equals("usage reader")).findFirst().orElseThrow();
        mvc.perform(get("/keys/" + reader.id()).session(s)).andExpect(content().string(containsString("usage:read")));
    }

    @Test
    void anAdminsResumeLeavesAPaymentSuspensionInPlace() throws Exception {
        TenantView t = TestAccounts.customer(accounts, "Late Payer");
        tenants.suspend(t.id(), dev.lmaas.platform.tenant.SuspensionCause.PAYMENT, Actor.SYSTEM);
        MockHttpSession admin = TestAccounts.login(mvc, TestAccounts.ADMIN_EMAIL);
        mvc.perform(get("/admin/tenants/" + t.id()).session(admin)).andExpect(status().isOk())
                .andExpect(content().string(containsString("a failed payment (lifted when an invoice is paid)")))
                .andExpect(content().string(containsString("Suspend tenant")))
                .andExpect(content().string(not(containsString("Resume tenant"))));
        mvc.perform(post("/admin/tenants/" + t.id() + "/suspend").session(admin).with(csrf()).param("reason", "Chargebacks"));
        var resumed = mvc.perform(post("/admin/tenants/" + t.id() + "/resume").session(admin).with(csrf())).andReturn();
        assertThat((String) resumed.getFlashMap().get("notice")).contains("stays suspended for a failed payment");
        assertThat(tenants.get(t.id()).status()).isEqualTo(TenantStatus.SUSPENDED);
        assertThat(tenants.get(t.id()).suspensionCauses()).containsExactly(dev.lmaas.platform.tenant.SuspensionCause.PAYMENT);
    }

    @Test
    void deletingATenantNeedsItsExactName() throws Exception {
        TenantView t = TestAccounts.customer(accounts, "Doomed Co");
        MockHttpSession admin = TestAccounts.login(mvc, TestAccounts.ADMIN_EMAIL);
        mvc.perform(post("/admin/tenants/" + t.id() + "/delete").session(admin).with(csrf()).param("confirmation", "doomed co"))
                .andExpect(status().isBadRequest()).andExpect(content().string(containsString("does not match")));
        assertThat(dataControls.shredded(t.id())).isFalse();
        mvc.perform(post("/admin/tenants/" + t.id() + "/delete").session(admin).with(csrf()).param("confirmation", "Doomed Co"))
                .andExpect(redirectedUrl("/admin/tenants"));
        assertThat(dataControls.shredded(t.id())).isTrue();
    }

    @Test
    void usageExportIsCsvWithHeaderAndNeutralizedFormulas() throws Exception {
        TenantView t = TestAccounts.customer(accounts, "=HYPERLINK(\"x\")");
        MockHttpSession s = TestAccounts.login(mvc, t.ownerEmail());
        mvc.perform(post("/playground").session(s).with(csrf()).param("model", "all-MiniLM-L6-v2").param("text", "hello there"));
        MockHttpSession admin = TestAccounts.login(mvc, TestAccounts.ADMIN_EMAIL);
        String csv = mvc.perform(get("/admin/usage/export.csv").session(admin)).andExpect(status().isOk())
                .andExpect(header().string("Content-Type", containsString("text/csv")))
                .andReturn().getResponse().getContentAsString();
        assertThat(csv).startsWith("day,tenant_id,tenant_name,model,requests,tokens,cost,currency\r\n");
        assertThat(csv).contains("\"'=HYPERLINK(\"\"x\"\")\",all-MiniLM-L6-v2,1,4,0.000080,USD");
        mvc.perform(get("/admin/usage").session(admin).param("from", "2026-13-01")).andExpect(status().isOk())
                .andExpect(content().string(containsString("Dates must look like 2026-05-31")));
    }

    @Test
    void auditSearchExportAndChainVerification() throws Exception {
        TenantView t = TestAccounts.customer(accounts, "Audited Co");
        keys.issue(t.id(), "audited key", List.of(), null, Actor.SYSTEM);
        MockHttpSession admin = TestAccounts.login(mvc, TestAccounts.ADMIN_EMAIL);
        mvc.perform(get("/admin/audit").session(admin).param("tenant", t.id().toString()).param("action", "api_key."))
                .andExpect(status().isOk()).andExpect(content().string(containsString("api_key.created")))
                .andExpect(content().string(not(containsString("tenant.created"))));
        mvc.perform(get("/admin/audit").session(admin).param("from", "2026-13-01"))
                .andExpect(status().isBadRequest()).andExpect(content().string(containsString("A filter is not valid")));
        mvc.perform(get("/admin/audit").session(admin).param("cursor", "not-a-cursor"))
                .andExpect(status().isBadRequest()).andExpect(content().string(containsString("A filter is not valid")));
        mvc.perform(get("/admin/audit/export").session(admin).param("tenant", "zzz-no-such-organization")).andExpect(status().isBadRequest());

        String jsonl = mvc.perform(get("/admin/audit/export").session(admin).param("format", "jsonl").param("tenant", t.id().toString()))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        assertThat(jsonl.lines()).hasSizeGreaterThanOrEqualTo(2).allMatch(l -> l.startsWith("{\"tenant_id\":"));
        assertThat(jsonl).contains("\"action\":\"api_key.created\"");
        String csv = mvc.perform(get("/admin/audit/export").session(admin).param("tenant", t.id().toString()))
                .andReturn().getResponse().getContentAsString();
        assertThat(csv).startsWith("tenant_id,seq,").contains("tenant.created");

        mvc.perform(post("/admin/audit/verify").session(admin).with(csrf()).param("tenant", t.id().toString()))
                .andExpect(status().isOk()).andExpect(content().string(containsString("Chain intact.")));
        // Someone edits a stored record behind the log's back: verification names the first broken link.
        jdbc.update("UPDATE audit_log SET action = 'nothing.happened' WHERE tenant_id = ? AND seq = 1", t.id().value());
        mvc.perform(post("/admin/audit/verify").session(admin).with(csrf()).param("tenant", t.id().toString()))
                .andExpect(content().string(containsString("Chain broken.")))
                .andExpect(content().string(containsString(t.id() + ":1")))
                .andExpect(content().string(containsString("was changed after it was written")));
        mvc.perform(post("/admin/audit/verify").session(admin).with(csrf())).andExpect(content().string(containsString("Chain broken.")));
        jdbc.update("UPDATE audit_log SET action = 'tenant.created' WHERE tenant_id = ? AND seq = 1", t.id().value());
        mvc.perform(post("/admin/audit/verify").session(admin).with(csrf())).andExpect(content().string(containsString("Chain intact.")));
    }

    @Test
    void planEditorValidatesAndSaves() throws Exception {
        MockHttpSession admin = TestAccounts.login(mvc, TestAccounts.ADMIN_EMAIL);
        mvc.perform(get("/admin/plans/pro").session(admin)).andExpect(status().isOk()).andExpect(content().string(containsString("value=\"49\"")));
        mvc.perform(get("/admin/plans/gold").session(admin)).andExpect(status().isNotFound());
        mvc.perform(post("/admin/plans").session(admin).with(csrf()).param("id", "Team Plan").param("name", "Team"))
                .andExpect(status().isBadRequest()).andExpect(content().string(containsString("lowercase letters")));
        mvc.perform(post("/admin/plans").session(admin).with(csrf()).param("id", "team").param("name", "Team").param("price", "-3"))
                .andExpect(status().isBadRequest()).andExpect(content().string(containsString("positive amount")));
        mvc.perform(post("/admin/plans").session(admin).with(csrf()).param("id", "team").param("name", "Team").param("monthlyTokens", "lots"))
                .andExpect(status().isBadRequest()).andExpect(content().string(containsString("whole numbers")));
        mvc.perform(post("/admin/plans").session(admin).with(csrf()).param("id", "team").param("name", "Team").param("rpmPerKey", "500")
                        .param("rpmPerTenant", "100"))
                .andExpect(status().isBadRequest())
                .andExpect(content().string(containsString("A key&#39;s requests per minute (500) cannot be above the organization&#39;s (100)")));
        mvc.perform(post("/admin/plans").session(admin).with(csrf()).param("id", "team").param("name", "Team").param("tpmPerKey", "9000")
                        .param("tpmPerTenant", "1000"))
                .andExpect(status().isBadRequest()).andExpect(content().string(containsString("tokens per minute (9000) cannot be above")));
        mvc.perform(post("/admin/plans").session(admin).with(csrf()).param("id", "free").param("name", "Dup").param("existing", "false"))
                .andExpect(status().isBadRequest()).andExpect(content().string(containsString("already exists")));
        mvc.perform(post("/admin/plans").session(admin).with(csrf()).param("id", "team").param("name", "Team").param("price", "19.99")
                        .param("currency", "eur").param("monthlyTokens", "5,000,000").param("maxKeys", "10").param("allowedModels", "all-MiniLM-L6-v2, sentiment-en"))
                .andExpect(redirectedUrl("/admin/plans"));
        mvc.perform(get("/admin/plans").session(admin)).andExpect(content().string(containsString("€19.99")))
                .andExpect(content().string(containsString("5,000,000")));
    }
}
