package dev.lmaas.platform.ui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetupTest;
import dev.lmaas.platform.db.DataDirectory;
import dev.lmaas.platform.tenant.ConsoleAccounts;
import dev.lmaas.platform.tenant.Invitations;
import dev.lmaas.platform.tenant.MemberRole;
import dev.lmaas.platform.tenant.Members;
import dev.lmaas.platform.tenant.TenantView;
import jakarta.mail.internet.MimeMessage;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;

/**
 * Invitations end to end with a real SMTP server in the process (GreenMail): the owner's form sends the mail, its
 * link opens the acceptance page, and accepting works exactly once; a second use, an expired, a revoked and a
 * replaced link are each refused with their status and the words the page shows, and none of them makes a member.
 */
@SpringBootTest(classes = ConsoleTestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureMockMvc
class InvitationsIT {

    static final GreenMail smtp = new GreenMail(ServerSetupTest.SMTP.dynamicPort());

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

    @Autowired MockMvc mvc;
    @Autowired ConsoleAccounts accounts;
    @Autowired Members members;
    @Autowired JdbcTemplate jdbc;
    @Autowired DataDirectory data;

    TenantView tenant;
    MockHttpSession owner;

    @BeforeEach
    void owner() throws Exception {
        tenant = TestAccounts.customer(accounts, "Invite Co");
        owner = TestAccounts.login(mvc, tenant.ownerEmail());
    }

    static String email(String who) {
        return who + "-" + UUID.randomUUID().toString().substring(0, 8) + "@example.test";
    }

    /** The owner invites through the form; the token of the mail GreenMail received. */
    String invite(String email, String role) throws Exception {
        int before = smtp.getReceivedMessagesForDomain(email).length;
        mvc.perform(post("/members/invitations").session(owner).with(csrf()).param("email", email).param("role", role))
                .andExpect(redirectedUrl("/members"));
        MimeMessage[] got = smtp.getReceivedMessagesForDomain(email);
        assertThat(got).hasSize(before + 1);
        return Mailbox.invitationToken(got[got.length - 1].getContent().toString());
    }

    MvcResult accept(String token) throws Exception {
        return mvc.perform(post("/invitations/accept").with(csrf()).param("token", token).param("password", TestAccounts.PASSWORD)
                .param("passwordAgain", TestAccounts.PASSWORD)).andReturn();
    }

    @Test
    void theMailedLinkWorksOnceAndSignsTheNewMemberIn() throws Exception {
        String dev = email("dev");
        String token = invite(dev, "developer");
        MimeMessage mail = Arrays.stream(smtp.getReceivedMessagesForDomain(dev)).reduce((a, b) -> b).orElseThrow();
        assertThat(mail.getSubject()).isEqualTo("You are invited to join \u201cInvite Co\u201d on LMaaS as developer");
        assertThat(mail.getContent().toString()).contains(tenant.ownerEmail() + " invited you to join the organization")
                .contains("http://localhost/invitations/accept?token=" + token).contains("works once");
        assertThat(jdbc.queryForObject("SELECT count(*) FROM member_invitations WHERE token_sha256 = ? OR token_sha256 = ?", Long.class, token,
                sha256(token))).as("only the token's hash is stored").isEqualTo(1);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM member_invitations WHERE token_sha256 = ?", Long.class, token)).isZero();
        assertThat(data.resolve("mail").toFile().exists()).as("sent by SMTP, not kept as a file").isFalse();

        mvc.perform(get("/members").session(owner)).andExpect(content().string(containsString(dev)))
                .andExpect(content().string(containsString("invitations-table")));
        mvc.perform(get("/invitations/accept").param("token", token)).andExpect(status().isOk())
                .andExpect(content().string(containsString("Join <span>Invite Co</span>")))
                .andExpect(content().string(containsString(dev))).andExpect(content().string(containsString("Developer")));
        // Refused passwords keep the link usable.
        mvc.perform(post("/invitations/accept").with(csrf()).param("token", token).param("password", "a long secret one")
                .param("passwordAgain", "another long one")).andExpect(status().isBadRequest())
                .andExpect(content().string(containsString("The two passwords do not match.")));
        mvc.perform(post("/invitations/accept").with(csrf()).param("token", token).param("password", "1234567890")
                .param("passwordAgain", "1234567890")).andExpect(status().isBadRequest())
                .andExpect(content().string(containsString("The password is too simple")));
        assertThat(accounts.findByEmail(dev)).isEmpty();

        MvcResult accepted = accept(token);
        assertThat(accepted.getResponse().getRedirectedUrl()).isEqualTo("/dashboard?welcome");
        MockHttpSession session = (MockHttpSession) accepted.getRequest().getSession(false);
        mvc.perform(get("/dashboard").param("welcome", "").session(session)).andExpect(status().isOk())
                .andExpect(content().string(containsString("Welcome! You joined the organization as developer")));
        assertThat(members.list(tenant.id())).anySatisfy(m -> {
            assertThat(m.email()).isEqualTo(dev);
            assertThat(m.role()).isEqualTo(MemberRole.DEVELOPER);
        });
        mvc.perform(get("/members").session(owner)).andExpect(content().string(not(containsString("invitations-table"))));

        // Second use: refused, on the page and the form alike, and no second account.
        mvc.perform(get("/invitations/accept").param("token", token)).andExpect(status().isGone())
                .andExpect(content().string(containsString("This invitation was already accepted. Sign in with the password chosen then.")))
                .andExpect(content().string(not(containsString("Accept the invitation"))));
        MvcResult again = accept(token);
        assertThat(again.getResponse().getStatus()).isEqualTo(410);
        assertThat(again.getResponse().getContentAsString()).contains("This invitation was already accepted.");
        assertThat(jdbc.queryForObject("SELECT count(*) FROM console_users WHERE lower(email) = ?", Long.class, dev)).isEqualTo(1);
        // And the new member signs in with the password chosen.
        mvc.perform(post("/login").param("email", dev).param("password", TestAccounts.PASSWORD).with(csrf())).andExpect(redirectedUrl("/"));
    }

    @Test
    void anExpiredLinkIsRefused() throws Exception {
        String who = email("late");
        String token = invite(who, "viewer");
        jdbc.update("UPDATE member_invitations SET expires_at = now() - interval '1 minute' WHERE token_sha256 = ?", sha256(token));

        mvc.perform(get("/invitations/accept").param("token", token)).andExpect(status().isGone())
                .andExpect(content().string(containsString("This invitation has expired (its link works for 7 days). "
                        + "Ask the person who invited you for a new one.")));
        MvcResult r = accept(token);
        assertThat(r.getResponse().getStatus()).isEqualTo(410);
        assertThat(r.getResponse().getContentAsString()).contains("This invitation has expired");
        assertThat(accounts.findByEmail(who)).isEmpty();
        mvc.perform(get("/members").session(owner)).andExpect(content().string(containsString("Expired")));
    }

    @Test
    void aRevokedLinkIsRefused() throws Exception {
        String who = email("revoked");
        String token = invite(who, "billing");
        UUID id = jdbc.queryForObject("SELECT id FROM member_invitations WHERE token_sha256 = ?", UUID.class, sha256(token));
        mvc.perform(post("/members/invitations/" + id + "/revoke").session(owner).with(csrf())).andExpect(redirectedUrl("/members"));

        mvc.perform(get("/invitations/accept").param("token", token)).andExpect(status().isGone())
                .andExpect(content().string(containsString("This invitation was revoked. Ask the person who invited you for a new one.")));
        MvcResult r = accept(token);
        assertThat(r.getResponse().getStatus()).isEqualTo(410);
        assertThat(r.getResponse().getContentAsString()).contains("This invitation was revoked.");
        assertThat(accounts.findByEmail(who)).isEmpty();
    }

    @Test
    void invitingAgainReplacesTheOldLinkAndUnknownLinksAreNotFound() throws Exception {
        String who = email("again");
        String first = invite(who, "viewer");
        String second = invite(who, "developer");
        assertThat(second).isNotEqualTo(first);
        mvc.perform(get("/invitations/accept").param("token", first)).andExpect(status().isGone())
                .andExpect(content().string(containsString("A newer invitation replaced this one: use the link in the latest mail.")));
        assertThat(accept(first).getResponse().getStatus()).isEqualTo(410);
        mvc.perform(get("/invitations/accept").param("token", second)).andExpect(status().isOk())
                .andExpect(content().string(containsString("Developer")));
        assertThat(jdbc.queryForObject("SELECT count(*) FROM member_invitations WHERE tenant_id = ? AND status = 'pending'", Long.class,
                tenant.id().value())).isEqualTo(1);

        for (String forged : List.of("forged", "A".repeat(43), "x".repeat(500))) {
            mvc.perform(get("/invitations/accept").param("token", forged)).andExpect(status().isNotFound())
                    .andExpect(content().string(containsString("This invitation link is not valid.")));
        }
        mvc.perform(get("/invitations/accept")).andExpect(status().isNotFound());
        mvc.perform(post("/invitations/accept").param("token", second).param("password", TestAccounts.PASSWORD)
                .param("passwordAgain", TestAccounts.PASSWORD)).andExpect(status().isForbidden()); // no CSRF token
        assertThat(accounts.findByEmail(who)).isEmpty();
    }

    @Test
    void anAddressWithAnAccountElsewhereIsToldOnlyWhenItOpensTheLink() throws Exception {
        TenantView other = TestAccounts.customer(accounts, "Other Co");
        String token = invite(other.ownerEmail(), "developer"); // the inviter learns nothing about the address
        mvc.perform(get("/invitations/accept").param("token", token)).andExpect(status().isConflict())
                .andExpect(content().string(containsString("This address already has an LMaaS account")));
        assertThat(accept(token).getResponse().getStatus()).isEqualTo(409);
        assertThat(accounts.findByEmail(other.ownerEmail()).orElseThrow().tenantId()).isEqualTo(other.id());
    }

    static String sha256(String token) throws Exception {
        return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                .digest(token.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    }
}
