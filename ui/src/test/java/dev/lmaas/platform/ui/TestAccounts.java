package dev.lmaas.platform.ui;

import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import dev.lmaas.platform.tenant.ConflictException;
import dev.lmaas.platform.tenant.ConsoleAccounts;
import dev.lmaas.platform.tenant.TenantView;
import java.util.UUID;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;

/** Creates customers and the admin for tests, and signs them in through the real login form. */
public final class TestAccounts {

    public static final String PASSWORD = "correct horse battery";
    public static final String ADMIN_EMAIL = "ops@lmaas.test";

    private TestAccounts() {
    }

    /** A new tenant with its owner; the email is unique per call. */
    public static TenantView customer(ConsoleAccounts accounts, String name) {
        String email = name.toLowerCase().replaceAll("[^a-z0-9]", "") + "-" + UUID.randomUUID().toString().substring(0, 8) + "@example.test";
        return accounts.signUp(name, email, PASSWORD, "127.0.0.1").orElseThrow();
    }

    public static void ensureAdmin(ConsoleAccounts accounts) {
        if (accounts.findByEmail(ADMIN_EMAIL).isEmpty()) {
            try {
                accounts.createAdmin(ADMIN_EMAIL, PASSWORD);
            } catch (ConflictException raced) {
                // another test class created it
            }
        }
    }

    /**
     * A new member of the owner's organization, through the real way: the owner's invitation form, the mailed link
     * (kept as an .eml file under {@code mailFolder}) and the acceptance form, which signs them in.
     */
    public static MockHttpSession join(MockMvc mvc, MockHttpSession owner, java.nio.file.Path mailFolder, String email, String role)
            throws Exception {
        MvcResult invited = mvc.perform(post("/members/invitations").session(owner).with(csrf()).param("email", email).param("role", role))
                .andReturn();
        if (!"/members".equals(invited.getResponse().getRedirectedUrl())) {
            throw new AssertionError("invitation of " + email + " refused: " + invited.getResponse().getStatus());
        }
        java.util.List<String> mails = Mailbox.to(mailFolder, email);
        String token = Mailbox.invitationToken(mails.getLast());
        MvcResult accepted = mvc.perform(post("/invitations/accept").with(csrf()).param("token", token).param("password", PASSWORD)
                .param("passwordAgain", PASSWORD)).andReturn();
        if (!"/dashboard?welcome".equals(accepted.getResponse().getRedirectedUrl())) {
            throw new AssertionError("acceptance of " + email + " refused: " + accepted.getResponse().getStatus());
        }
        return (MockHttpSession) accepted.getRequest().getSession(false);
    }

    public static MockHttpSession login(MockMvc mvc, String email) throws Exception {
        MvcResult r = mvc.perform(post("/login").param("email", email).param("password", PASSWORD).with(csrf())).andReturn();
        String location = r.getResponse().getRedirectedUrl();
        if (location == null || location.contains("error")) {
            throw new AssertionError("login of " + email + " failed: " + location);
        }
        return (MockHttpSession) r.getRequest().getSession(false);
    }
}
