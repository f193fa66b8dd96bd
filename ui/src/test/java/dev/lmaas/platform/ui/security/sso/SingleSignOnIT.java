package dev.lmaas.platform.ui.security.sso;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lmaas.platform.db.DataDirectory;
import dev.lmaas.platform.tenant.Actor;
import dev.lmaas.platform.tenant.ConsoleAccount;
import dev.lmaas.platform.tenant.ConsoleAccounts;
import dev.lmaas.platform.tenant.Invitations;
import dev.lmaas.platform.tenant.MemberRole;
import dev.lmaas.platform.tenant.Members;
import dev.lmaas.platform.tenant.SsoDomains;
import dev.lmaas.platform.tenant.TenantDirectory;
import dev.lmaas.platform.tenant.TenantView;
import dev.lmaas.platform.ui.Browser;
import dev.lmaas.platform.ui.ConsoleTestApplication;
import dev.lmaas.platform.ui.Mailbox;
import dev.lmaas.platform.ui.TestAccounts;
import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Single sign-on end to end against a real OpenID Connect provider ({@link OidcProvider}: Spring Authorization Server on
 * its own port) over real HTTP: a headless Chromium signs in through the provider's own login form and lands on the
 * dashboard as a new member of the organization that mapped its domain; the next sign-in finds the same member by the
 * provider's subject even after the address changed. A cookie-keeping HTTP client drives the refusals, each with its
 * status and words (unverified address, unmapped domain, removed member, suspended organization), the linking of an
 * existing member, an invitation accepted through SSO, and the protocol's state, nonce and PKCE.
 */
@SpringBootTest(classes = ConsoleTestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class SingleSignOnIT {

    static final OidcProvider provider = OidcProvider.start();

    @RegisterExtension
    static final Browser browser = new Browser();

    @DynamicPropertySource
    static void sso(DynamicPropertyRegistry registry) {
        String p = "spring.security.oauth2.client.";
        registry.add(p + "registration.acme.client-id", () -> OidcProvider.CLIENT_ID);
        registry.add(p + "registration.acme.client-secret", () -> OidcProvider.CLIENT_SECRET);
        registry.add(p + "registration.acme.client-name", () -> "Acme SSO");
        registry.add(p + "registration.acme.scope", () -> "openid,email");
        registry.add(p + "provider.acme.issuer-uri", provider::issuer);
    }

    @AfterAll
    static void stop() {
        provider.close();
    }

    @LocalServerPort int port;
    @Autowired ConsoleAccounts accounts;
    @Autowired SsoDomains domains;
    @Autowired Members members;
    @Autowired Invitations invitations;
    @Autowired TenantDirectory tenants;
    @Autowired JdbcTemplate jdbc;
    @Autowired DataDirectory data;

    String base;
    String domain;
    TenantView org;

    @BeforeEach
    void organization() {
        base = "http://localhost:" + port;
        provider.redirectTo(base + "/login/oauth2/code/acme");
        domain = "m" + UUID.randomUUID().toString().substring(0, 8) + ".test";
        org = accounts.signUp("Mapped Co", "owner@" + domain, TestAccounts.PASSWORD, "127.0.0.1").orElseThrow();
        domains.map(org.id(), domain, null, Actor.adminKey("k", "lmk_admin", "127.0.0.1"));
        browser.driver().manage().deleteAllCookies();
    }

    @Test
    void aPersonFromAMappedDomainSignsInThroughTheProviderBecomesADeveloperAndIsKnownBySubjectNextTime() {
        String ada = "ada-" + domain;
        provider.person(ada, "ada@" + domain, true);

        browser.open(base + "/login");
        assertThat(browser.text("#sso")).contains("Sign in with Acme SSO");
        browser.shot("60-login-with-sso");
        String before = sessionCookie();
        browser.inspecting(false); // the provider's own login page is not ours to check
        browser.clickAndLeave("#sso a");
        new WebDriverWait(browser.driver(), Duration.ofSeconds(15)).until(d -> d.getCurrentUrl().startsWith(provider.issuer() + "/login"));
        browser.type("#username", ada);
        browser.type("#password", OidcProvider.PASSWORD);
        browser.inspecting(true);
        browser.clickAndWait("button[type=submit]", "/dashboard");
        assertThat(browser.text("#my-role")).isEqualTo("Developer");
        assertThat(browser.pageText()).contains("Mapped Co").contains("ada@" + domain);
        assertThat(sessionCookie()).as("a new session id at sign-in").isNotNull().isNotEqualTo(before);
        browser.shot("61-sso-dashboard");

        ConsoleAccount member = accounts.findByEmail("ada@" + domain).orElseThrow();
        assertThat(member.tenantId()).isEqualTo(org.id());
        assertThat(member.memberRole()).isEqualTo(MemberRole.DEVELOPER);
        assertThat(member.passwordHash()).as("single sign-on only: no password").isNull();

        // Signed out; the provider changes the address; the next sign-in (the provider remembers the person) is the same member.
        browser.clickAndWait("form[action='/logout'] button", "/login");
        provider.person(ada, "ada.renamed@" + domain, true);
        browser.clickAndWait("#sso a", "/dashboard");
        assertThat(browser.pageText()).contains("ada@" + domain);
        assertThat(accounts.findByEmail("ada.renamed@" + domain)).isEmpty();
        assertThat(jdbc.queryForObject("SELECT count(*) FROM sso_identities WHERE user_id = ?", Long.class, member.userId())).isEqualTo(1);

        assertThat(ssoAudit()).containsExactly("sso.member_created " + member.userId() + " developer " + domain,
                "sso.signed_in " + member.userId() + " " + provider.issuer(), "sso.signed_in " + member.userId() + " " + provider.issuer());
    }

    @Test
    void thePlatformAdminMapsAndUnmapsDomainsOnTheTenantPage() {
        TestAccounts.ensureAdmin(accounts);
        browser.open(base + "/login");
        browser.type("#email", TestAccounts.ADMIN_EMAIL);
        browser.type("#password", TestAccounts.PASSWORD);
        browser.clickAndWait("form.form button[type=submit]", "/admin");
        browser.open(base + "/admin/tenants/" + org.id().value());
        assertThat(browser.text("#sso-domains-table")).contains(domain).contains("Developer");
        String second = "second-" + domain;
        browser.type("#sso-domain", second.toUpperCase());
        new Select(browser.find("#sso-role")).selectByValue("viewer");
        assertThat(browser.driver().findElements(By.cssSelector("#sso-role option[value=owner]"))).as("never owner").isEmpty();
        browser.clickAndWait("#sso-domain-form button[type=submit]", "/admin/tenants/");
        assertThat(browser.pageText()).contains(second + " is mapped to this organization: new members get the role Viewer.");
        assertThat(browser.text("#sso-domains-table")).contains(second).contains("Viewer");
        browser.shot("63-admin-sso-domains");

        browser.type("#sso-domain", "gmail.com");
        browser.clickAndWait("#sso-domain-form button[type=submit]", "/admin/tenants/");
        assertThat(browser.text("#form-error")).contains("belong to anyone");

        browser.clickAndWait("button[aria-label='Unmap " + second + "']", "/admin/tenants/");
        assertThat(browser.pageText()).contains(second + " is no longer mapped");
        assertThat(browser.text("#sso-domains-table")).doesNotContain(second);
        assertThat(jdbc.queryForList("SELECT action || ' ' || target_id FROM audit_log WHERE tenant_id = ? AND action LIKE 'sso.domain%' ORDER BY seq",
                String.class, org.id().value())).containsExactly("sso.domain_mapped " + domain + " developer", "sso.domain_mapped " + second + " viewer",
                "sso.domain_unmapped " + second);
    }

    @Test
    void aRefusalIsAPageThatSaysWhyAndTheBrowserPassesItsChecks() {
        String eve = "eve-" + domain;
        provider.person(eve, "eve@elsewhere-" + domain, true);
        browser.open(base + "/login");
        browser.inspecting(false);
        browser.clickAndLeave("#sso a");
        new WebDriverWait(browser.driver(), Duration.ofSeconds(15)).until(d -> d.getCurrentUrl().startsWith(provider.issuer() + "/login"));
        browser.type("#username", eve);
        browser.type("#password", OidcProvider.PASSWORD);
        browser.inspecting(true);
        browser.clickAndWait("button[type=submit]", "/sso/refused");
        assertThat(browser.find("h1").getText()).isEqualTo("Single sign-on did not sign you in");
        assertThat(browser.text("#sso-refused")).contains("No organization on LMaaS uses your e-mail domain");
        browser.shot("62-sso-refused");
        browser.open(base + "/dashboard");
        browser.waitForPath("/login"); // not signed in
    }

    @Test
    void anUnverifiedAddressAndAnUnmappedDomainAreRefusedAndCreateNobody() throws Exception {
        provider.person("bob-" + domain, "bob@" + domain, false);
        Visitor bob = new Visitor();
        HttpResponse<String> refused = bob.signIn("bob-" + domain);
        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(refused.uri().getPath()).isEqualTo("/sso/refused");
        assertThat(refused.body()).contains("Your sign-in provider did not confirm that the e-mail address is yours")
                .contains("Nothing was created and you are not signed in");
        assertThat(accounts.findByEmail("bob@" + domain)).isEmpty();
        assertThat(bob.get(base + "/dashboard").uri().getPath()).isEqualTo("/login");

        provider.person("eve-" + domain, "eve@unmapped-" + domain, true);
        HttpResponse<String> unmapped = new Visitor().signIn("eve-" + domain);
        assertThat(unmapped.statusCode()).isEqualTo(403);
        assertThat(unmapped.body()).contains("No organization on LMaaS uses your e-mail domain for single sign-on");
        assertThat(accounts.findByEmail("eve@unmapped-" + domain)).isEmpty();
        assertThat(jdbc.queryForObject("SELECT count(*) FROM sso_identities WHERE tenant_id = ?", Long.class, org.id().value())).isZero();
        assertThat(ssoAudit()).isEmpty();
    }

    @Test
    void anExistingMemberIsLinkedAnInvitationIsAcceptedARemovedMemberAndASuspendedOrganizationAreRefused() throws Exception {
        // The owner, who signed up with a password, is linked on the first SSO sign-in and keeps the owner's role.
        ConsoleAccount owner = accounts.findByEmail("owner@" + domain).orElseThrow();
        provider.person("owner-" + domain, "owner@" + domain, true);
        HttpResponse<String> linked = new Visitor().signIn("owner-" + domain);
        assertThat(linked.statusCode()).isEqualTo(200);
        assertThat(linked.uri().getPath()).isEqualTo("/dashboard");
        assertThat(linked.body()).contains("owner@" + domain);
        assertThat(accounts.find(owner.userId()).orElseThrow().memberRole()).isEqualTo(MemberRole.OWNER);

        // An invited address outside the domain joins with the invitation's role by signing in with SSO.
        String ivyEmail = "ivy@invited-" + domain;
        invitations.invite(org.id(), owner.userId(), ivyEmail, MemberRole.VIEWER, base, Actor.user(owner.userId().toString(), owner.email(),
                "127.0.0.1"));
        provider.person("ivy-" + domain, ivyEmail, true);
        Visitor ivyVisitor = new Visitor();
        HttpResponse<String> invitationPage = ivyVisitor.get(Mailbox.invitationLink(Mailbox.to(data.resolve("mail"), ivyEmail).getLast()));
        assertThat(invitationPage.statusCode()).isEqualTo(200);
        assertThat(invitationPage.body()).contains("Or accept by signing in as " + ivyEmail + " with your organization&#39;s single sign-on")
                .contains("Sign in with Acme SSO");
        HttpResponse<String> invited = ivyVisitor.signIn("ivy-" + domain);
        assertThat(invited.statusCode()).isEqualTo(200);
        ConsoleAccount ivy = accounts.findByEmail(ivyEmail).orElseThrow();
        assertThat(ivy.tenantId()).isEqualTo(org.id());
        assertThat(ivy.memberRole()).isEqualTo(MemberRole.VIEWER);

        // A member who was removed does not come back through the mapped domain.
        provider.person("dan-" + domain, "dan@" + domain, true);
        assertThat(new Visitor().signIn("dan-" + domain).statusCode()).isEqualTo(200);
        ConsoleAccount dan = accounts.findByEmail("dan@" + domain).orElseThrow();
        members.remove(org.id(), owner.userId(), dan.userId(), Actor.user(owner.userId().toString(), owner.email(), "127.0.0.1"));
        HttpResponse<String> removed = new Visitor().signIn("dan-" + domain);
        assertThat(removed.statusCode()).isEqualTo(403);
        assertThat(removed.body()).contains("You are no longer a member of this organization. An owner or admin can invite you again.");
        assertThat(accounts.findByEmail("dan@" + domain)).isEmpty();

        // A suspended organization: nobody of it signs in, linked or new.
        tenants.suspend(org.id(), Actor.adminKey("k", "lmk_admin", "127.0.0.1"));
        HttpResponse<String> suspended = new Visitor().signIn("owner-" + domain);
        assertThat(suspended.statusCode()).isEqualTo(403);
        assertThat(suspended.body()).contains("Your organization&#39;s account is suspended, so you cannot sign in.");
        provider.person("sue-" + domain, "sue@" + domain, true);
        assertThat(new Visitor().signIn("sue-" + domain).statusCode()).isEqualTo(403);
        assertThat(accounts.findByEmail("sue@" + domain)).isEmpty();

        List<String> audit = ssoAudit();
        assertThat(audit).contains("sso.linked " + owner.userId() + " " + provider.issuer(), "sso.linked " + ivy.userId() + " " + provider.issuer());
        assertThat(audit.stream().filter(a -> a.startsWith("sso.refused "))).as("refusals concerning the organization")
                .containsExactly("sso.refused removed " + provider.issuer(), "sso.refused organization_suspended " + provider.issuer(),
                        "sso.refused organization_suspended " + provider.issuer());
        assertThat(audit.stream().filter(a -> a.startsWith("sso.member_created "))).hasSize(1);
        assertThat(jdbc.queryForList("SELECT action FROM audit_log WHERE tenant_id = ? AND action = 'member.invitation_accepted'", String.class,
                org.id().value())).hasSize(1);
    }

    @Test
    void theAuthorizationRequestCarriesStateNonceAndPkceAndATamperedAnswerIsRefused() throws Exception {
        HttpClient noRedirects = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
        HttpResponse<String> start = noRedirects.send(HttpRequest.newBuilder(URI.create(base + "/oauth2/authorization/acme")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(start.statusCode()).isEqualTo(302);
        String location = start.headers().firstValue("Location").orElseThrow();
        assertThat(location).startsWith(provider.issuer() + "/oauth2/authorize?").contains("state=").contains("nonce=")
                .contains("code_challenge=").contains("code_challenge_method=S256").doesNotContain(OidcProvider.CLIENT_SECRET);

        // A callback with a state this browser never got is refused (401) and signs nobody in.
        HttpResponse<String> forged = new Visitor().get(base + "/login/oauth2/code/acme?code=x&state=forged");
        assertThat(forged.statusCode()).isEqualTo(401);
        assertThat(forged.body()).contains("The sign-in with your provider did not complete");
        HttpResponse<String> madeUp = new Visitor().get(base + "/sso/refused?reason=%3Cscript%3E");
        assertThat(madeUp.statusCode()).as("an unknown reason reads as a failed exchange").isEqualTo(401);
        assertThat(madeUp.body()).contains("The sign-in with your provider did not complete").doesNotContain("<script>");
    }

    private String sessionCookie() {
        Cookie c = browser.driver().manage().getCookieNamed("JSESSIONID");
        return c == null ? null : c.getValue();
    }

    private List<String> ssoAudit() {
        return jdbc.queryForList("SELECT action || ' ' || target_id FROM audit_log WHERE tenant_id = ? AND action LIKE 'sso.%' "
                + "AND action NOT LIKE 'sso.domain%' ORDER BY seq", String.class, org.id().value());
    }

    /** A browser without a browser: keeps cookies (per host, as browsers do), follows redirects, fills the provider's login form. */
    final class Visitor {
        private static final Pattern CSRF = Pattern.compile("name=\"_csrf\"[^>]*value=\"([^\"]+)\"");
        final HttpClient http = HttpClient.newBuilder().cookieHandler(new CookieManager(null, CookiePolicy.ACCEPT_ALL))
                .followRedirects(HttpClient.Redirect.NORMAL).build();

        HttpResponse<String> get(String url) throws Exception {
            return http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
        }

        /** Clicks "Sign in with Acme SSO" and, when the provider asks, signs in there; the console's last answer. */
        HttpResponse<String> signIn(String username) throws Exception {
            HttpResponse<String> page = get(base + "/oauth2/authorization/acme");
            if (!page.uri().toString().startsWith(provider.issuer() + "/login")) {
                return page;
            }
            Matcher csrf = CSRF.matcher(page.body());
            assertThat(csrf.find()).as("the provider's login form").isTrue();
            String form = Map.of("username", username, "password", OidcProvider.PASSWORD, "_csrf", csrf.group(1)).entrySet().stream()
                    .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8)).collect(Collectors.joining("&"));
            return http.send(HttpRequest.newBuilder(URI.create(provider.issuer() + "/login")).header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
        }
    }
}
