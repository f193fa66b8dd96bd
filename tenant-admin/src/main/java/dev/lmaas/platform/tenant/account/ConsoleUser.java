package dev.lmaas.platform.tenant.account;

import dev.lmaas.platform.tenant.MemberRole;
import dev.lmaas.platform.tenant.Role;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** Someone who signs in to the console: a member of one tenant (with a {@link MemberRole}), or a platform admin (no tenant, no member role). */
@Entity
@Table(name = "console_users")
public class ConsoleUser {

    @Id
    private UUID id;
    @Column(name = "tenant_id")
    private UUID tenantId;
    private String email;
    @Column(name = "password_hash")
    private String passwordHash;
    private String role;
    @Column(name = "member_role")
    private String memberRole;
    @Column(name = "created_at")
    private Instant createdAt;

    protected ConsoleUser() {
    }

    /** A platform admin. */
    public static ConsoleUser admin(UUID id, String email, String passwordHash) {
        return new ConsoleUser(id, null, email, passwordHash, Role.ADMIN, null);
    }

    /** A member of {@code tenantId}; {@code passwordHash} is null until they choose one (an invited owner). */
    public static ConsoleUser member(UUID id, UUID tenantId, String email, String passwordHash, MemberRole memberRole) {
        return new ConsoleUser(id, tenantId, email, passwordHash, Role.CUSTOMER, memberRole);
    }

    private ConsoleUser(UUID id, UUID tenantId, String email, String passwordHash, Role role, MemberRole memberRole) {
        this.id = id;
        this.tenantId = tenantId;
        this.email = email;
        this.passwordHash = passwordHash;
        this.role = role.name();
        this.memberRole = memberRole == null ? null : memberRole.value();
        this.createdAt = Instant.now();
    }

    public UUID getId() {
        return id;
    }

    public UUID getTenantId() {
        return tenantId;
    }

    public String getEmail() {
        return email;
    }

    public String getPasswordHash() {
        return passwordHash;
    }

    public Role getRole() {
        return Role.valueOf(role);
    }

    /** The role in its tenant; null for platform admins. */
    public MemberRole getMemberRole() {
        return MemberRole.fromDb(memberRole);
    }

    public Instant getCreatedAt() {
        return createdAt;
    }

    void setPasswordHash(String passwordHash) {
        this.passwordHash = passwordHash;
    }

    void setMemberRole(MemberRole memberRole) {
        this.memberRole = memberRole.value();
    }
}
