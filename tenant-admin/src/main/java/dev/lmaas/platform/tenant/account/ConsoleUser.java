package dev.lmaas.platform.tenant.account;

import dev.lmaas.platform.tenant.Role;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** Someone who signs in to the console: a tenant's owner, or a platform admin (no tenant). */
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
    @Column(name = "created_at")
    private Instant createdAt;

    protected ConsoleUser() {
    }

    public ConsoleUser(UUID id, UUID tenantId, String email, String passwordHash, Role role) {
        this.id = id;
        this.tenantId = tenantId;
        this.email = email;
        this.passwordHash = passwordHash;
        this.role = role.name();
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

    public Instant getCreatedAt() {
        return createdAt;
    }

    void setPasswordHash(String passwordHash) {
        this.passwordHash = passwordHash;
    }
}
