package dev.lmaas.platform.tenant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * {@link SingleSignOn}'s rules on the real database, one at a time: who is created, linked, matched or refused, and
 * that a refusal leaves nothing behind. The console's end-to-end test (SingleSignOnIT in ui) drives them through a real
 * provider.
 */
@TenantAdminIT
class SingleSignOnRulesIT {

    static final String ISSUER = "https://id.corp.example";
    static final Actor OPERATOR = Actor.adminKey("k", "lmk_admin", "127.0.0.1");

    @Autowired SingleSignOn sso;
    @Autowired SsoDomains domains;
    @Autowired ConsoleAccounts accounts;
    @Autowired Invitations invitations;
    @Autowired Members members;
    @Autowired TenantDirectory tenants;
    @Autowired JdbcTemplate jdbc;

    String domain;
    TenantView org;

    @BeforeEach
    void organization() {
        domain = "d" + UUID.randomUUID().toString().substring(0, 8) + ".example";
        org = accounts.signUp("Corp", "owner@" + domain, "correct horse battery", "127.0.0.1").orElseThrow();
        domains.map(org.id(), domain, MemberRole.BILLING, OPERATOR);
    }

    static OidcIdentity person(String subject, String email, boolean verified) {
        return new OidcIdentity(ISSUER, subject, email, verified);
    }

    SsoRefusedException.Reason refusal(OidcIdentity identity) {
        try {
            sso.signIn(identity, "127.0.0.1");
        } catch (SsoRefusedException e) {
            return e.reason();
        }
        throw new AssertionError("signed in: " + identity);
    }

    @Test
    void aVerifiedAddressOfAMappedDomainBecomesAMemberWithTheMappedRoleAndIsMatchedBySubjectAfterwards() {
        String sub = UUID.randomUUID().toString();
        ConsoleAccount first = sso.signIn(person(sub, "Ada@" + domain.toUpperCase(), true), "127.0.0.1");
        assertThat(first.email()).isEqualTo("ada@" + domain);
        assertThat(first.tenantId()).isEqualTo(org.id());
        assertThat(first.memberRole()).isEqualTo(MemberRole.BILLING);
        assertThat(first.passwordHash()).isNull();

        // Later: another address, even an unverified one, and the domain unmapped: the subject decides.
        domains.unmap(org.id(), domain, OPERATOR);
        ConsoleAccount again = sso.signIn(person(sub, "someone-else@elsewhere.example", false), "127.0.0.1");
        assertThat(again.userId()).isEqualTo(first.userId());
        assertThat(audit()).containsExactly("sso.member_created", "sso.signed_in", "sso.signed_in");
    }

    @Test
    void refusalsCreateNobody() {
        assertThat(refusal(person("u1", "bob@" + domain, false))).isEqualTo(SsoRefusedException.Reason.UNVERIFIED_EMAIL);
        assertThat(refusal(person("u2", null, true))).isEqualTo(SsoRefusedException.Reason.UNVERIFIED_EMAIL);
        assertThat(refusal(person("u3", "eve@unmapped-" + domain, true))).isEqualTo(SsoRefusedException.Reason.DOMAIN_NOT_MAPPED);
        assertThat(refusal(person("u4", "sub@sub." + domain, true))).as("a subdomain is another domain")
                .isEqualTo(SsoRefusedException.Reason.DOMAIN_NOT_MAPPED);
        assertThat(refusal(new OidcIdentity(ISSUER, " ", "ada@" + domain, true))).isEqualTo(SsoRefusedException.Reason.NOT_ELIGIBLE);
        assertThat(accounts.members(org.id())).hasSize(1);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM sso_identities WHERE tenant_id = ?", Long.class, org.id().value())).isZero();
        assertThat(audit()).isEmpty();
    }

    @Test
    void anExistingMemberIsLinkedOnlyWithAVerifiedAddressAndOnlyToOnePersonPerProvider() {
        ConsoleAccount owner = accounts.findByEmail("owner@" + domain).orElseThrow();
        assertThat(refusal(person("owner-sub", "owner@" + domain, false))).isEqualTo(SsoRefusedException.Reason.UNVERIFIED_EMAIL);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM sso_identities WHERE user_id = ?", Long.class, owner.userId())).isZero();

        ConsoleAccount linked = sso.signIn(person("owner-sub", "owner@" + domain, true), "127.0.0.1");
        assertThat(linked.userId()).isEqualTo(owner.userId());
        assertThat(linked.memberRole()).as("the role they had").isEqualTo(MemberRole.OWNER);
        try {
            sso.signIn(person("impostor-sub", "owner@" + domain, true), "192.0.2.7");
            throw new AssertionError("an account already linked to another person at this provider was linked again");
        } catch (SsoRefusedException e) {
            assertThat(e.reason()).isEqualTo(SsoRefusedException.Reason.NOT_ELIGIBLE);
            assertThat(e.tenant()).isEqualTo(org.id());
            sso.recordRefusal(e, person("impostor-sub", "owner@" + domain, true), "192.0.2.7");
        }
        assertThat(jdbc.queryForObject("SELECT target_id FROM audit_log WHERE tenant_id = ? AND action = 'sso.refused'", String.class,
                org.id().value())).isEqualTo("not_eligible " + ISSUER);
        assertThat(audit()).containsExactly("sso.linked", "sso.signed_in");
    }

    @Test
    void aPlatformAdminNeverSignsInThroughSso() {
        String admin = "ops-" + UUID.randomUUID().toString().substring(0, 8) + "@" + domain;
        accounts.createAdmin(admin, "correct horse battery");
        assertThat(refusal(person("admin-sub", admin, true))).isEqualTo(SsoRefusedException.Reason.NOT_ELIGIBLE);
    }

    @Test
    void anInvitationWinsOverTheDomainAndARemovedMemberComesBackOnlyByInvitation() {
        ConsoleAccount owner = accounts.findByEmail("owner@" + domain).orElseThrow();
        Actor ownerActor = Actor.user(owner.userId().toString(), owner.email(), "127.0.0.1");
        invitations.invite(org.id(), owner.userId(), "ivy@" + domain, MemberRole.VIEWER, "http://localhost", ownerActor);
        ConsoleAccount ivy = sso.signIn(person("ivy-sub", "ivy@" + domain, true), "127.0.0.1");
        assertThat(ivy.memberRole()).isEqualTo(MemberRole.VIEWER);
        assertThat(jdbc.queryForObject("SELECT status FROM member_invitations WHERE tenant_id = ? AND email = ?", String.class, org.id().value(),
                "ivy@" + domain)).isEqualTo("accepted");

        members.remove(org.id(), owner.userId(), ivy.userId(), ownerActor);
        assertThat(refusal(person("ivy-sub", "ivy@" + domain, true))).isEqualTo(SsoRefusedException.Reason.REMOVED);
        assertThat(refusal(person("ivy-other-sub", "ivy@" + domain, true))).isEqualTo(SsoRefusedException.Reason.REMOVED);
        invitations.invite(org.id(), owner.userId(), "ivy@" + domain, MemberRole.DEVELOPER, "http://localhost", ownerActor);
        assertThat(sso.signIn(person("ivy-sub", "ivy@" + domain, true), "127.0.0.1").memberRole()).isEqualTo(MemberRole.DEVELOPER);
    }

    @Test
    void aSuspendedOrganizationSignsNobodyIn() {
        sso.signIn(person("cy-sub", "cy@" + domain, true), "127.0.0.1");
        tenants.suspend(org.id(), OPERATOR);
        assertThat(refusal(person("cy-sub", "cy@" + domain, true))).isEqualTo(SsoRefusedException.Reason.ORGANIZATION_SUSPENDED);
        assertThat(refusal(person("new-sub", "new@" + domain, true))).isEqualTo(SsoRefusedException.Reason.ORGANIZATION_SUSPENDED);
        assertThat(refusal(person("owner-sub", "owner@" + domain, true))).isEqualTo(SsoRefusedException.Reason.ORGANIZATION_SUSPENDED);
        assertThat(accounts.findByEmail("new@" + domain)).isEmpty();
    }

    private List<String> audit() {
        return jdbc.queryForList("SELECT action FROM audit_log WHERE tenant_id = ? AND action IN ('sso.member_created', 'sso.linked', 'sso.signed_in') "
                + "ORDER BY seq", String.class, org.id().value());
    }
}
