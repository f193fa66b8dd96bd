package dev.lmaas.platform.ui.security;

import dev.lmaas.platform.tenant.Actor;
import dev.lmaas.platform.tenant.ConsoleAccount;
import dev.lmaas.platform.tenant.MemberPermission;
import dev.lmaas.platform.tenant.MemberRole;
import dev.lmaas.platform.tenant.Role;
import dev.lmaas.platform.tenant.TenantId;
import dev.lmaas.platform.tenant.TenantStatus;
import java.io.Serial;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.UUID;
import org.springframework.security.core.CredentialsContainer;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.userdetails.UserDetails;

/**
 * The signed-in console user: a tenant's member ({@code ROLE_CUSTOMER}, always with a tenant, plus one authority per
 * {@link MemberPermission} their {@link MemberRole} grants) or a platform admin ({@code ROLE_ADMIN}, no tenant). Kept
 * in the HTTP session, hence serializable; {@link ActiveTenantFilter} replaces it when the member's role changes.
 */
public final class ConsolePrincipal implements UserDetails, CredentialsContainer, Serializable {

    @Serial
    private static final long serialVersionUID = 2L;

    private final UUID userId;
    private final UUID tenantId;
    private final String email;
    private final Role role;
    private final MemberRole memberRole;
    private final boolean tenantActive;
    private String passwordHash;
    /** A digest of the password hash at sign-in, kept after the hash is erased: a changed password ends this session. */
    private final String credentialStamp;

    ConsolePrincipal(ConsoleAccount account) {
        this.userId = account.userId();
        this.tenantId = account.tenantId() == null ? null : account.tenantId().value();
        this.email = account.email();
        this.role = account.role();
        this.memberRole = account.memberRole();
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

    /** The member's role in their organization as it was when this session last looked; null for platform admins. */
    public MemberRole memberRole() {
        return memberRole;
    }

    /** Whether the member's role grants {@code permission} (platform admins hold none: they have their own pages). */
    public boolean may(MemberPermission permission) {
        return memberRole != null && memberRole.may(permission);
    }

    /**
     * The signed-in form of an account, for a sign-in that does not go through the login form (an accepted
     * invitation). Its credentials are erased at once, as after a form login.
     */
    public static ConsolePrincipal signedIn(ConsoleAccount account) {
        ConsolePrincipal p = new ConsolePrincipal(account);
        p.eraseCredentials();
        return p;
    }

    /** Who acts, for the audit log. */
    public Actor actor(String clientAddress) {
        return Actor.user(userId.toString(), email, clientAddress);
    }

    @Override
    public Collection<? extends GrantedAuthority> getAuthorities() {
        List<GrantedAuthority> out = new ArrayList<>();
        out.add(new SimpleGrantedAuthority(role == Role.ADMIN ? "ROLE_ADMIN" : "ROLE_CUSTOMER"));
        if (memberRole != null) {
            memberRole.permissions().stream().sorted().forEach(p -> out.add(new SimpleGrantedAuthority(p.authority())));
        }
        return List.copyOf(out);
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
        return tenantActive && (role == Role.ADMIN || (tenantId != null && memberRole != null));
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
        return "ConsolePrincipal[" + userId + ", " + role + (memberRole == null ? "" : "/" + memberRole.value()) + "]";
    }
}
