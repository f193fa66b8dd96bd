package dev.lmaas.platform.ui.security;

import dev.lmaas.platform.tenant.Actor;
import dev.lmaas.platform.tenant.ConsoleAccount;
import dev.lmaas.platform.tenant.Role;
import dev.lmaas.platform.tenant.TenantId;
import dev.lmaas.platform.tenant.TenantStatus;
import java.io.Serial;
import java.io.Serializable;
import java.util.Collection;
import java.util.List;
import java.util.UUID;
import org.springframework.security.core.CredentialsContainer;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.userdetails.UserDetails;

/**
 * The signed-in console user: a tenant's member ({@code ROLE_CUSTOMER}, always with a tenant) or a
 * platform admin ({@code ROLE_ADMIN}, no tenant). Kept in the HTTP session, hence serializable.
 */
public final class ConsolePrincipal implements UserDetails, CredentialsContainer, Serializable {

    @Serial
    private static final long serialVersionUID = 1L;

    private final UUID userId;
    private final UUID tenantId;
    private final String email;
    private final Role role;
    private final boolean tenantActive;
    private String passwordHash;
    /** A digest of the password hash at sign-in, kept after the hash is erased: a changed password ends this session. */
    private final String credentialStamp;

    ConsolePrincipal(ConsoleAccount account) {
        this.userId = account.userId();
        this.tenantId = account.tenantId() == null ? null : account.tenantId().value();
        this.email = account.email();
        this.role = account.role();
        this.tenantActive = account.tenantStatus() == TenantStatus.ACTIVE;
        this.passwordHash = account.passwordHash();
        this.credentialStamp = stamp(account.passwordHash());
    }

    /** False once the account's password changed (or was removed) since this session signed in. */
    public boolean sameCredentials(ConsoleAccount current) {
        return credentialStamp.equals(stamp(current.passwordHash()));
    }

    static String stamp(String passwordHash) {
        if (passwordHash == null) {
            return "none";
        }
        try {
            byte[] d = java.security.MessageDigest.getInstance("SHA-256").digest(passwordHash.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return java.util.HexFormat.of().formatHex(d, 0, 16);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public UUID userId() {
        return userId;
    }

    /** The user's tenant; only admins have none. */
    public TenantId tenant() {
        if (tenantId == null) {
            throw new IllegalStateException("An admin has no tenant");
        }
        return new TenantId(tenantId);
    }

    public boolean hasTenant() {
        return tenantId != null;
    }

    public String email() {
        return email;
    }

    public Role role() {
        return role;
    }

    public boolean isAdmin() {
        return role == Role.ADMIN;
    }

    /** Who acts, for the audit log. */
    public Actor actor(String clientAddress) {
        return Actor.user(userId.toString(), email, clientAddress);
    }

    @Override
    public Collection<? extends GrantedAuthority> getAuthorities() {
        return List.of(new SimpleGrantedAuthority(role == Role.ADMIN ? "ROLE_ADMIN" : "ROLE_CUSTOMER"));
    }

    @Override
    public String getPassword() {
        return passwordHash;
    }

    @Override
    public String getUsername() {
        return email;
    }

    @Override
    public boolean isEnabled() {
        return tenantActive && (role == Role.ADMIN || tenantId != null);
    }

    @Override
    public void eraseCredentials() {
        passwordHash = null;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ConsolePrincipal p && p.userId.equals(userId);
    }

    @Override
    public int hashCode() {
        return userId.hashCode();
    }

    @Override
    public String toString() {
        return "ConsolePrincipal[" + userId + ", " + role + "]";
    }
}
