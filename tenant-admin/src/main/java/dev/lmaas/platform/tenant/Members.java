package dev.lmaas.platform.tenant;

import dev.lmaas.platform.tenant.account.ConsoleUser;
import dev.lmaas.platform.tenant.account.ConsoleUsers;
import dev.lmaas.platform.tenant.account.TenantAccounts;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * An organization's members: list, change a role, remove a member, leave. The acting member's role is read from the
 * database (never from a session), the organization is locked for the change (two owners demoting each other at once
 * cannot leave it without one), {@link MembershipRules} decides, and each change lands in the organization's audit
 * chain. A removed member's account is deleted, so each of their console sessions ends on its next request; the API
 * keys they made stay: keys belong to the organization.
 */
@Service
public class Members {

    private final ConsoleUsers users;
    private final TenantAccounts accounts;
    private final TenantDirectory directory;
    private final JdbcTemplate jdbc;
    private final ObjectProvider<ActivityLog> activity;

    Members(ConsoleUsers users, TenantAccounts accounts, TenantDirectory directory, JdbcTemplate jdbc, ObjectProvider<ActivityLog> activity) {
        this.users = users;
        this.accounts = accounts;
        this.directory = directory;
        this.jdbc = jdbc;
        this.activity = activity;
    }

    /** The organization's members, oldest first. */
    public List<Member> list(TenantId tenant) {
        directory.require(tenant);
        return users.findByTenantIdOrderByCreatedAtAsc(tenant.value()).stream().map(Members::view).toList();
    }

    /** A member of {@code tenant}; another organization's user is not found. */
    public Optional<Member> find(TenantId tenant, UUID userId) {
        return member(tenant, userId).map(Members::view);
    }

    /**
     * Gives {@code target} a new role.
     *
     * @throws ForbiddenException when the acting member's role does not allow it
     * @throws ConflictException when it would leave the organization without an owner
     * @throws NotFoundException when {@code target} is not a member of {@code tenant}
     */
    @Transactional
    public Member changeRole(TenantId tenant, UUID acting, UUID target, MemberRole role, Actor actor) {
        lock(tenant);
        MemberRole actingRole = actingRole(tenant, acting);
        ConsoleUser user = member(tenant, target).orElseThrow(() -> new NotFoundException("Member"));
        MemberRole current = user.getMemberRole();
        if (current == role) {
            return view(user);
        }
        MembershipRules.changeRole(actingRole, current, role, owners(tenant));
        accounts.changeMemberRole(user, role);
        users.flush();
        record(actor, tenant, "member.role_changed", user.getId() + " " + current.value() + "->" + role.value());
        return view(user);
    }

    /**
     * Removes {@code target} from the organization ({@code acting == target}: the member leaves). Their sessions end.
     *
     * @throws ForbiddenException when the acting member's role does not allow it
     * @throws ConflictException when {@code target} is the last owner
     * @throws NotFoundException when {@code target} is not a member of {@code tenant}
     */
    @Transactional
    public Member remove(TenantId tenant, UUID acting, UUID target, Actor actor) {
        lock(tenant);
        MemberRole actingRole = actingRole(tenant, acting);
        ConsoleUser user = member(tenant, target).orElseThrow(() -> new NotFoundException("Member"));
        boolean self = user.getId().equals(acting);
        MembershipRules.remove(actingRole, self, user.getMemberRole(), owners(tenant));
        Member removed = view(user);
        users.delete(user);
        users.flush();
        // A domain mapped for single sign-on must not bring them back on their next sign-in; a new invitation does.
        jdbc.update("INSERT INTO sso_departed_members (tenant_id, email) VALUES (?, lower(?)) "
                + "ON CONFLICT (tenant_id, email) DO UPDATE SET departed_at = now()", tenant.value(), user.getEmail());
        record(actor, tenant, self ? "member.left" : "member.removed", user.getId() + " " + removed.role().value());
        return removed;
    }

    /** The acting member's current role; a user who is not (or no longer) a member of {@code tenant} may do nothing here. */
    MemberRole actingRole(TenantId tenant, UUID acting) {
        if (acting == null) {
            throw new ForbiddenException(MembershipRules.MANAGERS_ONLY);
        }
        return member(tenant, acting).map(ConsoleUser::getMemberRole)
                .orElseThrow(() -> new ForbiddenException("You are no longer a member of this organization."));
    }

    /** Serialises membership changes of one organization across requests and replicas. */
    void lock(TenantId tenant) {
        if (jdbc.queryForList("SELECT id FROM tenants WHERE id = ? AND status <> 'deleted' FOR UPDATE", tenant.value()).isEmpty()) {
            throw new NotFoundException("Tenant");
        }
    }

    long owners(TenantId tenant) {
        return users.countByTenantIdAndMemberRole(tenant.value(), MemberRole.OWNER.value());
    }

    private Optional<ConsoleUser> member(TenantId tenant, UUID userId) {
        return userId == null ? Optional.empty() : users.findById(userId).filter(u -> tenant.value().equals(u.getTenantId()));
    }

    private void record(Actor actor, TenantId tenant, String action, String target) {
        ActivityLog log = activity.getIfAvailable();
        if (log != null) {
            log.record(actor, tenant, action, "member", target);
        }
    }

    private static Member view(ConsoleUser u) {
        return new Member(u.getId(), new TenantId(u.getTenantId()), u.getEmail(), u.getMemberRole(), u.getCreatedAt(), u.getPasswordHash() != null);
    }
}
