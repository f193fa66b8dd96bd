package dev.lmaas.platform.tenant;

import dev.lmaas.platform.tenant.account.ConsoleUser;
import dev.lmaas.platform.tenant.account.ConsoleUsers;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Who a single sign-on signs in. In this order:
 * <ol>
 * <li>a person seen before is matched by the provider's issuer and subject, whatever address the token carries now;</li>
 * <li>otherwise the provider must have verified the e-mail address, and then: an existing member with that address is
 *     linked to the subject; a pending invitation for it is accepted (the member gets the invitation's role); or the
 *     address's domain is mapped to an organization ({@link SsoDomains}), and a member is created with its role.</li>
 * </ol>
 * Anything else is refused and nobody is created. Suspended organizations and members who were removed (or left) are
 * refused as they are with a password. Every step lands in the organization's audit chain: {@code sso.member_created},
 * {@code sso.linked}, {@code sso.signed_in}.
 */
@Service
public class SingleSignOn {

    private static final int MAX_CLAIM = 1000;

    private final JdbcTemplate jdbc;
    private final ConsoleUsers users;
    private final ConsoleAccounts accounts;
    private final SsoDomains domains;
    private final TenantDirectory directory;
    private final Invitations invitations;
    private final ObjectProvider<ActivityLog> activity;
    private final Clock clock;

    SingleSignOn(JdbcTemplate jdbc, ConsoleUsers users, ConsoleAccounts accounts, SsoDomains domains, TenantDirectory directory,
                 Invitations invitations, ObjectProvider<ActivityLog> activity, Optional<Clock> clock) {
        this.directory = directory;
        this.jdbc = jdbc;
        this.users = users;
        this.accounts = accounts;
        this.domains = domains;
        this.invitations = invitations;
        this.activity = activity;
        this.clock = clock.orElse(Clock.systemUTC());
    }

    /**
     * The account {@code identity} signs in as, created or linked on the way when the rules allow.
     *
     * @throws SsoRefusedException when nobody may sign in, saying why
     */
    @Transactional
    public ConsoleAccount signIn(OidcIdentity identity, String clientAddress) {
        requireClaim(identity.issuer());
        requireClaim(identity.subject());
        Optional<UUID> known = linkedUser(identity);
        if (known.isPresent()) {
            ConsoleAccount account = accounts.find(known.get()).orElseThrow(() -> new SsoRefusedException(SsoRefusedException.Reason.REMOVED));
            requireActive(account);
            return signedIn(identity, account, clientAddress);
        }
        String email = verifiedEmail(identity);
        Optional<ConsoleAccount> existing = accounts.findByEmail(email);
        if (existing.isPresent()) {
            return link(identity, existing.get(), clientAddress);
        }
        Optional<ConsoleAccount> invited;
        try {
            invited = invitations.acceptBySignIn(email, clientAddress);
        } catch (InvitationRefusedException e) {
            throw new SsoRefusedException(e.reason() == InvitationRefusedException.Reason.ORGANIZATION_UNAVAILABLE
                    ? SsoRefusedException.Reason.ORGANIZATION_SUSPENDED : SsoRefusedException.Reason.NOT_ELIGIBLE);
        }
        if (invited.isPresent()) {
            return link(identity, invited.get(), clientAddress);
        }
        return create(identity, email, clientAddress);
    }

    /**
     * Records a refusal in the organization's audit chain when it concerns a known organization ({@code sso.refused}:
     * the reason and the provider). Its own transaction: the refused sign-in's was rolled back.
     */
    @Transactional
    public void recordRefusal(SsoRefusedException refusal, OidcIdentity identity, String clientAddress) {
        ActivityLog log = activity.getIfAvailable();
        if (log != null && refusal.tenant() != null && directory.find(refusal.tenant()).isPresent()) {
            log.record(Actor.user(null, identity.email() == null ? identity.subject() : identity.email(), clientAddress), refusal.tenant(),
                    "sso.refused", "sso_identity", refusal.reason().code() + " " + identity.issuer());
        }
    }

    private ConsoleAccount link(OidcIdentity identity, ConsoleAccount account, String clientAddress) {
        if (account.tenantId() == null) {
            throw new SsoRefusedException(SsoRefusedException.Reason.NOT_ELIGIBLE); // platform admins sign in with their password
        }
        requireActive(account);
        List<String> sameIssuer = jdbc.queryForList("SELECT subject FROM sso_identities WHERE user_id = ? AND issuer = ?", String.class,
                account.userId(), identity.issuer());
        if (!sameIssuer.isEmpty()) {
            // Another person at this provider has this account: worth the organization's attention.
            throw new SsoRefusedException(SsoRefusedException.Reason.NOT_ELIGIBLE, account.tenantId());
        }
        insertIdentity(identity, account);
        record(account, clientAddress, "sso.linked", account.userId() + " " + identity.issuer());
        return signedIn(identity, account, clientAddress);
    }

    private ConsoleAccount create(OidcIdentity identity, String email, String clientAddress) {
        SsoDomain mapped = domains.find(SsoDomains.domainOf(email))
                .orElseThrow(() -> new SsoRefusedException(SsoRefusedException.Reason.DOMAIN_NOT_MAPPED));
        if (!jdbc.queryForList("SELECT 1 FROM sso_departed_members WHERE tenant_id = ? AND email = ?", Integer.class, mapped.tenant().value(),
                email).isEmpty()) {
            throw new SsoRefusedException(SsoRefusedException.Reason.REMOVED, mapped.tenant());
        }
        if (directory.find(mapped.tenant()).map(t -> t.status() != TenantStatus.ACTIVE).orElse(true)) {
            throw new SsoRefusedException(SsoRefusedException.Reason.ORGANIZATION_SUSPENDED, mapped.tenant());
        }
        ConsoleUser member;
        try {
            member = users.saveAndFlush(ConsoleUser.member(UUID.randomUUID(), mapped.tenant().value(), email, null, mapped.role()));
        } catch (DataIntegrityViolationException raced) {
            throw new SsoRefusedException(SsoRefusedException.Reason.NOT_ELIGIBLE); // the same address joined a moment ago
        }
        ConsoleAccount account = accounts.find(member.getId()).orElseThrow();
        insertIdentity(identity, account);
        record(account, clientAddress, "sso.member_created", account.userId() + " " + mapped.role().value() + " " + mapped.domain());
        return signedIn(identity, account, clientAddress);
    }

    private ConsoleAccount signedIn(OidcIdentity identity, ConsoleAccount account, String clientAddress) {
        jdbc.update("UPDATE sso_identities SET last_signed_in = ? WHERE issuer = ? AND subject = ?", Timestamp.from(clock.instant()),
                identity.issuer(), identity.subject());
        record(account, clientAddress, "sso.signed_in", account.userId() + " " + identity.issuer());
        return account;
    }

    private Optional<UUID> linkedUser(OidcIdentity identity) {
        return jdbc.queryForList("SELECT user_id FROM sso_identities WHERE issuer = ? AND subject = ?", UUID.class, identity.issuer(),
                identity.subject()).stream().findFirst();
    }

    private void insertIdentity(OidcIdentity identity, ConsoleAccount account) {
        jdbc.update("INSERT INTO sso_identities (issuer, subject, user_id, tenant_id, created_at) VALUES (?, ?, ?, ?, ?)", identity.issuer(),
                identity.subject(), account.userId(), account.tenantId().value(), Timestamp.from(clock.instant()));
    }

    private static void requireActive(ConsoleAccount account) {
        if (account.tenantId() != null && account.tenantStatus() != TenantStatus.ACTIVE) {
            throw new SsoRefusedException(SsoRefusedException.Reason.ORGANIZATION_SUSPENDED, account.tenantId());
        }
    }

    /** Only an address the provider verified counts: anyone can type an unverified one into their profile. */
    static String verifiedEmail(OidcIdentity identity) {
        if (!identity.emailVerified() || identity.email() == null) {
            throw new SsoRefusedException(SsoRefusedException.Reason.UNVERIFIED_EMAIL);
        }
        try {
            return TenantDirectory.requireEmail(identity.email());
        } catch (InvalidInputException e) {
            throw new SsoRefusedException(SsoRefusedException.Reason.UNVERIFIED_EMAIL);
        }
    }

    private static void requireClaim(String claim) {
        if (claim == null || claim.isBlank() || claim.length() > MAX_CLAIM) {
            throw new SsoRefusedException(SsoRefusedException.Reason.NOT_ELIGIBLE);
        }
    }

    private void record(ConsoleAccount account, String clientAddress, String action, String target) {
        ActivityLog log = activity.getIfAvailable();
        if (log != null) {
            log.record(Actor.user(account.userId().toString(), account.email(), clientAddress), account.tenantId(), action, "console_user", target);
        }
    }
}
