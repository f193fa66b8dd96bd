package dev.lmaas.platform.ui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lmaas.platform.db.DataDirectory;
import dev.lmaas.platform.tenant.ApiKeyVerifier;
import dev.lmaas.platform.tenant.ConsoleAccounts;
import dev.lmaas.platform.tenant.KeyVerification;
import dev.lmaas.platform.tenant.TenantView;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.Select;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * A team in two real browsers (headless Chromium each, so two sessions side by side): the owner invites a
 * developer; the developer opens the mailed link (no SMTP here: the mail is the .eml file the console kept),
 * chooses a password, creates a key and meets the wall around billing; the owner removes them, and the
 * developer's very next request lands on the login page. Screenshots go to target/screenshots.
 */
@ConsoleIT
class MembersBrowserIT {

    @RegisterExtension
    static final Browser owner = new Browser();
    @RegisterExtension
    static final Browser developer = new Browser();

    @LocalServerPort int port;
    @Autowired ConsoleAccounts accounts;
    @Autowired DataDirectory data;
    @Autowired ApiKeyVerifier verifier;

    String base;

    @BeforeEach
    void start() {
        base = "http://localhost:" + port;
        owner.driver().manage().deleteAllCookies();
        developer.driver().manage().deleteAllCookies();
    }

    @Test
    void ownerInvitesADeveloperWhoJoinsMakesAKeyMeetsTheBillingWallAndIsSignedOutWhenRemoved() throws Exception {
        TenantView team = TestAccounts.customer(accounts, "Team Co");
        String devEmail = "dev-" + UUID.randomUUID().toString().substring(0, 8) + "@example.test";

        // The owner invites.
        owner.open(base + "/login");
        owner.type("#email", team.ownerEmail());
        owner.type("#password", TestAccounts.PASSWORD);
        owner.clickAndWait("form.form button[type=submit]", "/dashboard");
        owner.clickAndWait("a[href='/members']", "/members");
        assertThat(owner.text("#members-table")).contains(team.ownerEmail()).contains("Owner");
        owner.type("#invite-email", devEmail);
        new Select(owner.find("#invite-role")).selectByValue("developer");
        owner.clickAndWait("#invite-form button[type=submit]", "/members");
        assertThat(owner.pageText()).contains("Invitation sent to " + devEmail + " as developer")
                .contains("No mail server is configured, so the mail was saved on the server");
        assertThat(owner.text("#invitations-table")).contains(devEmail).contains("Developer").contains(team.ownerEmail());
        owner.shot("20-members-invited");

        // The developer opens the mailed link and joins.
        List<String> mails = Mailbox.to(data.resolve("mail"), devEmail);
        assertThat(mails).hasSize(1);
        assertThat(mails.getFirst()).contains("Subject: You are invited to join \u201cTeam Co\u201d on LMaaS as developer");
        String link = Mailbox.invitationLink(mails.getFirst());
        assertThat(link).startsWith(base + "/invitations/accept?token=");
        developer.open(link);
        assertThat(developer.find("h1").getText()).isEqualTo("Join Team Co");
        assertThat(developer.text("#invited-role")).isEqualTo("Developer");
        developer.shot("21-invitation-accept");
        developer.type("#password", TestAccounts.PASSWORD);
        developer.type("#passwordAgain", TestAccounts.PASSWORD);
        developer.clickAndWait("main form button[type=submit]", "/dashboard");
        assertThat(developer.pageText()).contains("Welcome! You joined the organization as developer").contains("Team Co");
        assertThat(developer.text("#my-role")).isEqualTo("Developer");

        // ... creates a key, which names them ...
        developer.clickAndWait("a[href='/keys']", "/keys");
        developer.type("#name", "dev service");
        developer.clickAndWait("#create-title + form button[type=submit]", "/keys");
        String secret = developer.find("#new-secret").getAttribute("value");
        assertThat(verifier.verify(secret)).isInstanceOf(KeyVerification.Verified.class);
        assertThat(developer.text("#keys-table")).contains("dev service").contains(devEmail);
        developer.shot("22-developer-keys");

        // ... and cannot see billing: no link, and the page itself refuses.
        assertThat(developer.driver().findElements(By.cssSelector("a[href='/billing']"))).isEmpty();
        assertThat(developer.driver().findElements(By.cssSelector("a[href='/members']"))).hasSize(1);
        developer.open(base + "/billing");
        assertThat(developer.find("h1").getText()).isEqualTo("You don't have access to this page");
        assertThat(developer.pageText()).contains("Team Co"); // still signed in, in the console's layout
        developer.shot("23-developer-billing-refused");
        developer.open(base + "/members");
        assertThat(developer.driver().findElements(By.id("invite-form"))).as("no invitation form for a developer").isEmpty();

        // The owner removes the developer ...
        owner.open(base + "/members");
        assertThat(owner.driver().findElements(By.id("invitations-table"))).as("the invitation was accepted").isEmpty();
        assertThat(owner.text("#members-table")).contains(devEmail).contains("Developer");
        owner.shot("24-members");
        owner.clickAndWait("a[aria-label='Remove " + devEmail + "']", "/members/");
        assertThat(owner.pageText()).contains("Remove " + devEmail + "?").contains("keep working");
        owner.shot("24-member-remove-confirmation");
        owner.clickAndWait("button.btn-danger", "/members");
        assertThat(owner.pageText()).contains(devEmail + " was removed from the organization and signed out.");
        assertThat(owner.text("#members-table")).doesNotContain(devEmail);
        owner.open(base + "/keys");
        assertThat(owner.text("#keys-table")).contains("dev service").contains(devEmail + " (no longer a member)");
        owner.shot("25-keys-after-removal");

        // ... whose next request is signed out; the key they made keeps working (it belongs to the organization).
        developer.open(base + "/keys");
        developer.waitForPath("/login");
        assertThat(developer.pageText()).contains("You are no longer a member of this organization, so this session was signed out.");
        developer.shot("26-developer-signed-out");
        developer.open(base + "/dashboard");
        developer.waitForPath("/login");
        assertThat(verifier.verify(secret)).isInstanceOf(KeyVerification.Verified.class);
    }
}
