package dev.lmaas.platform.tenant;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * E-mail domains mapped to organizations for single sign-on, set by the platform's operator once the organization
 * proved it owns the domain. A domain belongs to at most one organization; the role new members get is developer
 * unless the operator says otherwise, and never owner (an owner is made by another owner). Shared mailbox providers
 * (gmail.com, qq.com, ...) cannot be mapped: their addresses belong to anyone. Each change lands in the
 * organization's audit chain.
 */
@Service
public class SsoDomains {

    static final MemberRole DEFAULT_ROLE = MemberRole.DEVELOPER;
    private static final Pattern DOMAIN = Pattern.compile("^(?=.{4,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\\.)+[a-z][a-z0-9-]{0,61}[a-z0-9]$");
    /** Domains whose addresses anyone can get: mapping one would hand the organization to strangers. */
    static final Set<String> SHARED_MAILBOXES = Set.of("gmail.com", "googlemail.com", "outlook.com", "hotmail.com", "live.com", "msn.com",
            "yahoo.com", "icloud.com", "me.com", "aol.com", "proton.me", "protonmail.com", "gmx.com", "gmx.de", "mail.com", "yandex.ru",
            "qq.com", "163.com", "126.com", "sina.com", "sohu.com", "foxmail.com", "aliyun.com");

    private final JdbcTemplate jdbc;
    private final TenantDirectory directory;
    private final ObjectProvider<ActivityLog> activity;

    SsoDomains(JdbcTemplate jdbc, TenantDirectory directory, ObjectProvider<ActivityLog> activity) {
        this.jdbc = jdbc;
        this.directory = directory;
        this.activity = activity;
    }

    /**
     * Maps {@code domain} to {@code tenant} (again: with the new role). {@code role} null means developer.
     *
     * @throws InvalidInputException for a malformed or shared domain ({@code domain}) or the owner role ({@code role})
     * @throws ConflictException when another organization has the domain
     * @throws NotFoundException for an unknown (or deleted) organization
     */
    @Transactional
    public SsoDomain map(TenantId tenant, String domain, MemberRole role, Actor actor) {
        String clean = normalise(domain);
        MemberRole granted = requireRole(role);
        directory.require(tenant);
        Optional<SsoDomain> current = find(clean);
        if (current.isPresent() && !current.get().tenant().equals(tenant)) {
            throw new ConflictException("The domain " + clean + " is mapped to another organization: unmap it there first.", "domain");
        }
        jdbc.update("INSERT INTO sso_domains (domain, tenant_id, member_role, created_by) VALUES (?, ?, ?, ?) "
                + "ON CONFLICT (domain) DO UPDATE SET member_role = EXCLUDED.member_role", clean, tenant.value(), granted.value(), actor.label());
        record(actor, tenant, "sso.domain_mapped", clean + " " + granted.value());
        return find(clean).orElseThrow();
    }

    /**
     * Unmaps a domain of {@code tenant}: nobody new joins through it; members already made stay.
     *
     * @throws NotFoundException when the organization has no such domain
     */
    @Transactional
    public SsoDomain unmap(TenantId tenant, String domain, Actor actor) {
        String clean = domain == null ? "" : domain.strip().toLowerCase(Locale.ROOT);
        SsoDomain mapped = find(clean).filter(d -> d.tenant().equals(tenant)).orElseThrow(() -> new NotFoundException("SSO domain"));
        jdbc.update("DELETE FROM sso_domains WHERE domain = ? AND tenant_id = ?", clean, tenant.value());
        record(actor, tenant, "sso.domain_unmapped", clean);
        return mapped;
    }

    /** The organization's domains, alphabetically. */
    public List<SsoDomain> list(TenantId tenant) {
        directory.require(tenant);
        return jdbc.query("SELECT domain, tenant_id, member_role, created_at, created_by FROM sso_domains WHERE tenant_id = ? ORDER BY domain",
                SsoDomains::row, tenant.value());
    }

    /** The mapping of a domain (lower case), if any. */
    public Optional<SsoDomain> find(String domain) {
        return jdbc.query("SELECT domain, tenant_id, member_role, created_at, created_by FROM sso_domains WHERE domain = ?", SsoDomains::row,
                domain).stream().findFirst();
    }

    /** The domain of an address, lower case; empty for something that is no address. */
    static String domainOf(String email) {
        int at = email == null ? -1 : email.lastIndexOf('@');
        return at < 0 ? "" : email.substring(at + 1).strip().toLowerCase(Locale.ROOT);
    }

    /** A domain as stored: lower case, no leading "@", syntactically a host name, not a shared mailbox provider. */
    static String normalise(String domain) {
        String clean = domain == null ? "" : domain.strip().toLowerCase(Locale.ROOT);
        if (clean.startsWith("@")) {
            clean = clean.substring(1);
        }
        if (clean.isEmpty()) {
            throw new InvalidInputException("Enter the e-mail domain, such as example.com", "domain");
        }
        if (!DOMAIN.matcher(clean).matches()) {
            throw new InvalidInputException("'" + clean + "' is not a domain name such as example.com", "domain");
        }
        if (SHARED_MAILBOXES.contains(clean)) {
            throw new InvalidInputException("Addresses at " + clean + " belong to anyone who signs up there: it cannot be mapped to an organization",
                    "domain");
        }
        return clean;
    }

    /** Developer unless said otherwise; never owner. */
    static MemberRole requireRole(MemberRole role) {
        if (role == MemberRole.OWNER) {
            throw new InvalidInputException("Members who join through single sign-on cannot be owners: choose admin, developer, billing or viewer",
                    "role");
        }
        return role == null ? DEFAULT_ROLE : role;
    }

    private static SsoDomain row(ResultSet rs, int i) throws SQLException {
        return new SsoDomain(rs.getString("domain"), new TenantId(rs.getObject("tenant_id", java.util.UUID.class)),
                MemberRole.fromDb(rs.getString("member_role")), rs.getTimestamp("created_at").toInstant(), rs.getString("created_by"));
    }

    private void record(Actor actor, TenantId tenant, String action, String target) {
        ActivityLog log = activity.getIfAvailable();
        if (log != null) {
            log.record(actor, tenant, action, "sso_domain", target);
        }
    }
}
