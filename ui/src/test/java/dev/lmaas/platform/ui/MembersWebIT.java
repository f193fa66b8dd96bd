package dev.lmaas.platform.ui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.lmaas.platform.db.DataDirectory;
import dev.lmaas.platform.tenant.Actor;
import dev.lmaas.platform.tenant.ApiKeyIssuer;
import dev.lmaas.platform.tenant.ApiKeyView;
import dev.lmaas.platform.tenant.AuditLog;
import dev.lmaas.platform.tenant.ConsoleAccounts;
import dev.lmaas.platform.tenant.ForbiddenException;
import dev.lmaas.platform.tenant.IssuedKey;
import dev.lmaas.platform.tenant.Member;
import dev.lmaas.platform.tenant.MemberRole;
import dev.lmaas.platform.tenant.Members;
import dev.lmaas.platform.tenant.TenantView;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.test.web.servlet.MockMvc;

/**
 * Members and roles through the console's HTTP surface (MockMvc, real tenant-admin on PostgreSQL, mail kept as .eml
 * files): what each role may open and post, the owner rules with their refusals (status and the words shown), a
 * role change taking effect on the member's next request, a removal ending their session, keys naming who made
 * them, and every membership event in the organization's audit chain.
 */
@ConsoleIT
class MembersWebIT {

    @Autowired MockMvc mvc;
    @Autowired ConsoleAccounts accounts;
    @Autowired Members members;
    @Autowired ApiKeyIssuer keys;
    @Autowired AuditLog audit;
    @Autowired JdbcTemplate jdbc;
    @Autowired DataDirectory data;

    Path mail;

    @BeforeEach
    void setUp() {
        mail = data.resolve("mail");
        TestAccounts.ensureAdmin(accounts);
    }

    static String email(String who) {
        return who + "-" + UUID.randomUUID().toString().substring(0, 8) + "@example.test";
    }

    @Test
    void eachRoleOpensItsPagesAndIsRefusedTheOthers() throws Exception {
        TenantView t = TestAccounts.customer(accounts, "Roles Co");
        MockHttpSession owner = TestAccounts.login(mvc, t.ownerEmail());
        IssuedKey key = keys.issue(t.id(), "shared", List.of(), null, Actor.SYSTEM);
        Map<String, MockHttpSession> as = new LinkedHashMap<>();
        as.put("owner", owner);
        for (String role : List.of("admin", "developer", "billing", "viewer")) {
            as.put(role, TestAccounts.join(mvc, owner, mail, email(role), role));
        }
        // page -> the roles that may open it; every other role gets the 403 page.
        Map<String, List<String>> pages = new LinkedHashMap<>();
        pages.put("/dashboard", List.of("owner", "admin", "developer", "billing", "viewer"));
        pages.put("/keys", List.of("owner", "admin", "developer", "viewer"));
        pages.put("/keys/" + key.key().id(), List.of("owner", "admin", "developer", "viewer"));
        pages.put("/keys/" + key.key().id() + "/revoke", List.of("owner", "admin", "developer"));
        pages.put("/playground", List.of("owner", "admin", "developer"));
        pages.put("/billing", List.of("owner", "admin", "billing"));
        pages.put("/settings", List.of("owner", "admin", "developer", "billing", "viewer"));
        pages.put("/settings/audit", List.of("owner", "admin", "viewer"));
        pages.put("/members", List.of("owner", "admin", "developer", "billing", "viewer"));
        for (var page : pages.entrySet()) {
            for (var who : as.entrySet()) {
                boolean allowed = page.getValue().contains(who.getKey());
                var r = mvc.perform(get(page.getKey()).session(who.getValue()));
                if (allowed) {
                    r.andExpect(status().isOk());
                } else {
                    // The 403 page itself is rendered by the error dispatch, which MockMvc does not run: MembersBrowserIT sees it.
                    r.andExpect(status().isForbidden());
                }
            }
        }

        // The navigation shows only what the role may open.
        mvc.perform(get("/dashboard").session(as.get("developer"))).andExpect(content().string(not(containsString("href=\"/billing\""))))
                .andExpect(content().string(containsString("href=\"/keys\""))).andExpect(content().string(containsString("Developer")));
        mvc.perform(get("/dashboard").session(as.get("billing"))).andExpect(content().string(containsString("href=\"/billing\"")))
                .andExpect(content().string(not(containsString("href=\"/keys\""))));
        // A viewer sees the keys, without the form to create one.
        mvc.perform(get("/keys").session(as.get("viewer"))).andExpect(content().string(containsString("shared")))
                .andExpect(content().string(not(containsString("Create a key")))).andExpect(content().string(containsString("keys-read-only")));
        mvc.perform(get("/settings").session(as.get("viewer"))).andExpect(content().string(containsString("owners and admins change them")))
                .andExpect(content().string(not(containsString("Save retention"))));

        // Forms: refused before anything changes.
        for (String role : List.of("viewer", "billing")) {
            mvc.perform(post("/keys").session(as.get(role)).with(csrf()).param("name", "by " + role)).andExpect(status().isForbidden());
            mvc.perform(post("/keys/" + key.key().id() + "/revoke").session(as.get(role)).with(csrf())).andExpect(status().isForbidden());
        }
        for (String role : List.of("developer", "viewer")) {
            mvc.perform(post("/billing/budget").session(as.get(role)).with(csrf()).param("amount", "10")).andExpect(status().isForbidden());
            mvc.perform(post("/billing/upgrade").session(as.get(role)).with(csrf()).param("plan", "pro")).andExpect(status().isForbidden());
        }
        for (String role : List.of("developer", "billing", "viewer")) {
            mvc.perform(post("/settings/default-model").session(as.get(role)).with(csrf()).param("model", "")).andExpect(status().isForbidden());
            mvc.perform(post("/members/invitations").session(as.get(role)).with(csrf()).param("email", email("sneak")).param("role", "admin"))
                    .andExpect(status().isForbidden());
        }
        assertThat(keys.list(t.id())).extracting(ApiKeyView::name).containsExactly("shared");
        assertThat(keys.list(t.id()).getFirst().status()).isEqualTo("active");

        // Allowed: a developer makes a key, which names them; billing sets the budget.
        mvc.perform(post("/keys").session(as.get("developer")).with(csrf()).param("name", "by developer")).andExpect(status().isOk());
        ApiKeyView made = keys.list(t.id()).stream().filter(k -> k.name().equals("by developer")).findFirst().orElseThrow();
        String developerEmail = memberByRole(t, MemberRole.DEVELOPER).email();
        assertThat(made.createdBy()).isEqualTo(developerEmail);
        mvc.perform(get("/keys").session(owner)).andExpect(content().string(containsString(developerEmail)));
        mvc.perform(post("/billing/budget").session(as.get("billing")).with(csrf()).param("amount", "10")).andExpect(redirectedUrl("/billing"));
    }

    @Test
    void theLastOwnerCannotBeDemotedNorRemovedNorLeaveAndOnlyOwnersTouchOwners() throws Exception {
        TenantView t = TestAccounts.customer(accounts, "Owners Co");
        MockHttpSession owner = TestAccounts.login(mvc, t.ownerEmail());
        Member first = memberByRole(t, MemberRole.OWNER);

        mvc.perform(post("/members/" + first.userId() + "/role").session(owner).with(csrf()).param("role", "admin"))
                .andExpect(status().isConflict())
                .andExpect(content().string(containsString("An organization needs at least one owner: make another member an owner first.")));
        mvc.perform(post("/members/leave").session(owner).with(csrf()))
                .andExpect(status().isConflict())
                .andExpect(content().string(containsString("You are the organization&#39;s last owner: make another member an owner before you leave.")));
        assertThat(members.find(t.id(), first.userId()).orElseThrow().role()).isEqualTo(MemberRole.OWNER);
        mvc.perform(get("/dashboard").session(owner)).andExpect(status().isOk()); // still signed in

        // An admin manages members, but not owners, and cannot promote themselves.
        MockHttpSession admin = TestAccounts.join(mvc, owner, mail, email("admin"), "admin");
        Member adminMember = memberByRole(t, MemberRole.ADMIN);
        mvc.perform(post("/members/" + adminMember.userId() + "/role").session(admin).with(csrf()).param("role", "owner"))
                .andExpect(status().isForbidden())
                .andExpect(content().string(containsString("Only an owner can make someone an owner, or change or remove an owner.")));
        mvc.perform(post("/members/" + first.userId() + "/role").session(admin).with(csrf()).param("role", "viewer"))
                .andExpect(status().isForbidden());
        mvc.perform(post("/members/" + first.userId() + "/remove").session(admin).with(csrf())).andExpect(status().isForbidden());
        mvc.perform(post("/members/invitations").session(admin).with(csrf()).param("email", email("boss")).param("role", "owner"))
                .andExpect(status().isForbidden()).andExpect(content().string(containsString("Only an owner can make someone an owner")));
        mvc.perform(post("/members/invitations").session(admin).with(csrf()).param("email", "not an address").param("role", "viewer"))
                .andExpect(status().isBadRequest()).andExpect(content().string(containsString("Enter a valid email address.")));
        mvc.perform(post("/members/invitations").session(admin).with(csrf()).param("email", email("x")).param("role", "superuser"))
                .andExpect(status().isBadRequest()).andExpect(content().string(containsString("Choose one of the roles: owner, admin, developer, billing, viewer.")));
        mvc.perform(post("/members/invitations").session(admin).with(csrf()).param("email", t.ownerEmail()).param("role", "viewer"))
                .andExpect(status().isConflict()).andExpect(content().string(containsString("This address is already a member of the organization.")));
        // The rules hold below the console too: a developer's id cannot change a role through the API.
        TestAccounts.join(mvc, owner, mail, email("dev"), "developer");
        Member dev = memberByRole(t, MemberRole.DEVELOPER);
        assertThatThrownBy(() -> members.changeRole(t.id(), dev.userId(), dev.userId(), MemberRole.ADMIN, Actor.SYSTEM))
                .isInstanceOf(ForbiddenException.class).hasMessage("Only owners and admins manage the organization's members.");
        // Another organization's member is not found, never forbidden.
        TenantView other = TestAccounts.customer(accounts, "Elsewhere Co");
        Member stranger = memberByRole(other, MemberRole.OWNER);
        mvc.perform(post("/members/" + stranger.userId() + "/role").session(owner).with(csrf()).param("role", "viewer"))
                .andExpect(status().isNotFound());
        mvc.perform(get("/members/" + stranger.userId() + "/remove").session(owner)).andExpect(status().isNotFound());
        mvc.perform(post("/members/not-an-id/remove").session(owner).with(csrf())).andExpect(status().isNotFound());

        // With a second owner, the first may step down, and then leave.
        mvc.perform(post("/members/" + adminMember.userId() + "/role").session(owner).with(csrf()).param("role", "owner"))
                .andExpect(redirectedUrl("/members"));
        mvc.perform(post("/members/" + first.userId() + "/role").session(owner).with(csrf()).param("role", "admin"))
                .andExpect(redirectedUrl("/members"));
        mvc.perform(post("/members/leave").session(owner).with(csrf())).andExpect(redirectedUrl("/login?left"));
        assertThat(members.find(t.id(), first.userId())).isEmpty();
        assertThat(members.list(t.id())).extracting(Member::role).containsOnlyOnce(MemberRole.OWNER);
    }

    @Test
    void twoOwnersDemotingEachOtherAtOnceLeaveOneOwner() throws Exception {
        TenantView t = TestAccounts.customer(accounts, "Race Co");
        MockHttpSession owner = TestAccounts.login(mvc, t.ownerEmail());
        TestAccounts.join(mvc, owner, mail, email("second"), "developer");
        Member a = memberByRole(t, MemberRole.OWNER);
        Member b = memberByRole(t, MemberRole.DEVELOPER);
        members.changeRole(t.id(), a.userId(), b.userId(), MemberRole.OWNER, Actor.SYSTEM);
        for (int round = 0; round < 5; round++) {
            java.util.concurrent.CyclicBarrier start = new java.util.concurrent.CyclicBarrier(2);
            try (var pool = java.util.concurrent.Executors.newFixedThreadPool(2)) {
                var first = pool.submit(() -> demote(t, start, a, b));
                var second = pool.submit(() -> demote(t, start, b, a));
                assertThat(List.of(first.get(), second.get())).as("exactly one demotion wins").containsExactlyInAnyOrder(true, false);
            }
            List<Member> now = members.list(t.id());
            assertThat(now).extracting(Member::role).containsOnlyOnce(MemberRole.OWNER);
            // Make both owners again for the next round.
            Member stillOwner = now.stream().filter(m -> m.role() == MemberRole.OWNER).findFirst().orElseThrow();
            Member demoted = now.stream().filter(m -> m.role() != MemberRole.OWNER).findFirst().orElseThrow();
            members.changeRole(t.id(), stillOwner.userId(), demoted.userId(), MemberRole.OWNER, Actor.SYSTEM);
        }
    }

    /** {@code by} demotes {@code target} to admin once both threads are ready; false when the rules refused. */
    private boolean demote(TenantView t, java.util.concurrent.CyclicBarrier start, Member by, Member target) throws Exception {
        start.await();
        try {
            members.changeRole(t.id(), by.userId(), target.userId(), MemberRole.ADMIN, Actor.SYSTEM);
            return true;
        } catch (dev.lmaas.platform.tenant.ConflictException | ForbiddenException refused) {
            return false; // the last owner stays, or the actor was demoted first and may no longer touch owners
        }
    }

    @Test
    void aRoleChangeAppliesToTheNextRequestAndARemovalEndsTheSessionButNotTheKeys() throws Exception {
        TenantView t = TestAccounts.customer(accounts, "Change Co");
        MockHttpSession owner = TestAccounts.login(mvc, t.ownerEmail());
        String devEmail = email("dev");
        MockHttpSession dev = TestAccounts.join(mvc, owner, mail, devEmail, "developer");
        mvc.perform(post("/keys").session(dev).with(csrf()).param("name", "service key")).andExpect(status().isOk());
        Member member = memberByRole(t, MemberRole.DEVELOPER);

        mvc.perform(post("/members/" + member.userId() + "/role").session(owner).with(csrf()).param("role", "viewer"))
                .andExpect(redirectedUrl("/members"));
        mvc.perform(post("/keys").session(dev).with(csrf()).param("name", "another")).andExpect(status().isForbidden());
        mvc.perform(get("/keys").session(dev)).andExpect(status().isOk()).andExpect(content().string(containsString("Viewer")));
        mvc.perform(get("/settings/audit").session(dev)).andExpect(status().isOk());

        mvc.perform(get("/members/" + member.userId() + "/remove").session(owner)).andExpect(status().isOk())
                .andExpect(content().string(containsString("Yes, remove this member")));
        mvc.perform(post("/members/" + member.userId() + "/remove").session(owner).with(csrf())).andExpect(redirectedUrl("/members"));
        mvc.perform(get("/dashboard").session(dev)).andExpect(redirectedUrl("/login?error=removed"));
        mvc.perform(get("/login").param("error", "removed"))
                .andExpect(content().string(containsString("You are no longer a member of this organization, so this session was signed out.")));
        mvc.perform(post("/login").param("email", devEmail).param("password", TestAccounts.PASSWORD).with(csrf()))
                .andExpect(redirectedUrl("/login?error=bad"));

        ApiKeyView kept = keys.list(t.id()).stream().filter(k -> k.name().equals("service key")).findFirst().orElseThrow();
        assertThat(kept.status()).isEqualTo("active");
        assertThat(kept.createdBy()).isEqualTo(devEmail);
        assertThat(kept.creatorLeft()).isTrue();
        mvc.perform(get("/keys").session(owner)).andExpect(content().string(containsString("(no longer a member)")));
    }

    @Test
    void everyMembershipEventLandsInTheOrganizationsAuditChain() throws Exception {
        TenantView t = TestAccounts.customer(accounts, "Audit Members Co");
        MockHttpSession owner = TestAccounts.login(mvc, t.ownerEmail());
        String viewerEmail = email("viewer");
        TestAccounts.join(mvc, owner, mail, viewerEmail, "viewer");
        Member viewer = memberByRole(t, MemberRole.VIEWER);
        mvc.perform(post("/members/" + viewer.userId() + "/role").session(owner).with(csrf()).param("role", "billing"))
                .andExpect(redirectedUrl("/members"));
        String pendingEmail = email("pending");
        mvc.perform(post("/members/invitations").session(owner).with(csrf()).param("email", pendingEmail).param("role", "developer"))
                .andExpect(redirectedUrl("/members"));
        mvc.perform(post("/members/invitations").session(owner).with(csrf()).param("email", pendingEmail).param("role", "viewer"))
                .andExpect(redirectedUrl("/members"));
        UUID invitation = jdbc.queryForObject("SELECT id FROM member_invitations WHERE tenant_id = ? AND status = 'pending'", UUID.class,
                t.id().value());
        mvc.perform(post("/members/invitations/" + invitation + "/revoke").session(owner).with(csrf())).andExpect(redirectedUrl("/members"));
        mvc.perform(post("/members/invitations/" + invitation + "/revoke").session(owner).with(csrf())).andExpect(status().isNotFound());
        mvc.perform(post("/members/" + viewer.userId() + "/remove").session(owner).with(csrf())).andExpect(redirectedUrl("/members"));

        List<String> actions = jdbc.queryForList("SELECT action || ' ' || coalesce(target_type, '') || ' ' || coalesce(target_id, '') FROM audit_log "
                + "WHERE tenant_id = ? AND action LIKE 'member.%' ORDER BY seq", String.class, t.id().value());
        assertThat(actions).hasSize(8);
        assertThat(actions.get(0)).startsWith("member.invited invitation ").endsWith(" viewer");
        assertThat(actions.get(1)).isEqualTo("member.invitation_accepted member " + viewer.userId() + " viewer");
        assertThat(actions.get(2)).isEqualTo("member.role_changed member " + viewer.userId() + " viewer->billing");
        assertThat(actions.get(3)).startsWith("member.invited invitation ").endsWith(" developer");
        assertThat(actions.get(4)).startsWith("member.invitation_replaced invitation ");
        assertThat(actions.get(5)).startsWith("member.invited invitation " + invitation).endsWith(" viewer");
        assertThat(actions.get(6)).isEqualTo("member.invitation_revoked invitation " + invitation + " viewer");
        assertThat(actions.get(7)).isEqualTo("member.removed member " + viewer.userId() + " billing");
        // Who did it: the owner's email, from the console.
        assertThat(jdbc.queryForList("SELECT DISTINCT actor_label FROM audit_log WHERE tenant_id = ? AND action IN ('member.invited', "
                + "'member.role_changed', 'member.removed')", String.class, t.id().value())).containsExactly(t.ownerEmail());
        assertThat(audit.verify(t.id()).ok()).isTrue();
    }

    private Member memberByRole(TenantView t, MemberRole role) {
        return members.list(t.id()).stream().filter(m -> m.role() == role).findFirst().orElseThrow();
    }
}
