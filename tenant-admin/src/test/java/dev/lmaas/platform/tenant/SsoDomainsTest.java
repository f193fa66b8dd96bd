package dev.lmaas.platform.tenant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The mapping rules that need no database: what a domain is, which role a mapping may give, whose verified address counts. */
class SsoDomainsTest {

    @Test
    void aDomainIsStoredLowerCaseWithoutItsAt() {
        assertThat(SsoDomains.normalise("  @Corp.Example ")).isEqualTo("corp.example");
        assertThat(SsoDomains.normalise("mail.corp-1.example.cn")).isEqualTo("mail.corp-1.example.cn");
    }

    @Test
    void malformedAndSharedDomainsAreRefused() {
        for (String bad : new String[] {null, "", " ", "localhost", "corp", "-corp.example", "corp-.example", "a..example", "corp.example.",
            "corp example.com", "ad@min.example", "a.b/c.example"}) {
            assertThatThrownBy(() -> SsoDomains.normalise(bad)).as(String.valueOf(bad)).isInstanceOf(InvalidInputException.class)
                    .extracting(e -> ((InvalidInputException) e).param()).isEqualTo("domain");
        }
        assertThatThrownBy(() -> SsoDomains.normalise("GMail.com")).hasMessageContaining("belong to anyone");
        assertThatThrownBy(() -> SsoDomains.normalise("qq.com")).hasMessageContaining("belong to anyone");
    }

    @Test
    void theRoleIsDeveloperUnlessGivenAndNeverOwner() {
        assertThat(SsoDomains.requireRole(null)).isEqualTo(MemberRole.DEVELOPER);
        assertThat(SsoDomains.requireRole(MemberRole.VIEWER)).isEqualTo(MemberRole.VIEWER);
        assertThat(SsoDomains.requireRole(MemberRole.ADMIN)).isEqualTo(MemberRole.ADMIN);
        assertThatThrownBy(() -> SsoDomains.requireRole(MemberRole.OWNER)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("cannot be owners");
    }

    @Test
    void theDomainOfAnAddressIsWhatFollowsItsLastAt() {
        assertThat(SsoDomains.domainOf("Ada@Corp.Example")).isEqualTo("corp.example");
        assertThat(SsoDomains.domainOf("\"a@b\"@corp.example")).isEqualTo("corp.example");
        assertThat(SsoDomains.domainOf("no-at-sign")).isEmpty();
        assertThat(SsoDomains.domainOf(null)).isEmpty();
    }

    @Test
    void onlyAVerifiedAddressCounts() {
        assertThat(SingleSignOn.verifiedEmail(new OidcIdentity("https://id.example", "s", " Ada@Corp.Example ", true))).isEqualTo("ada@corp.example");
        for (OidcIdentity unverified : new OidcIdentity[] {new OidcIdentity("https://id.example", "s", "ada@corp.example", false),
            new OidcIdentity("https://id.example", "s", null, true), new OidcIdentity("https://id.example", "s", "not an address", true)}) {
            assertThatThrownBy(() -> SingleSignOn.verifiedEmail(unverified)).isInstanceOf(SsoRefusedException.class)
                    .extracting(e -> ((SsoRefusedException) e).reason()).isEqualTo(SsoRefusedException.Reason.UNVERIFIED_EMAIL);
        }
    }

    @Test
    void anIdentityNeverPrintsTheAddress() {
        assertThat(new OidcIdentity("https://id.example", "s1", "ada@corp.example", true).toString()).doesNotContain("ada");
    }
}
