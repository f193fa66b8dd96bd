package dev.lmaas.platform.tenant;

import dev.lmaas.platform.tenant.account.ConsoleUser;
import dev.lmaas.platform.tenant.account.ConsoleUsers;
import dev.lmaas.platform.tenant.account.TenantAccounts;
import java.security.SecureRandom;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Invitations to join an organization by e-mail. An owner or admin (or the platform's operator, through the admin
 * API) invites an address with a role; the address gets a link through {@link Mail} (SMTP, or an {@code .eml} file
 * under {@code DATA_DIR/mail} without one) that works once, for {@value #VALIDITY_DAYS} days. Only a SHA-256 of its
 * random token (256 bits) is stored. Inviting the address again replaces the pending invitation (its old link stops
 * working); an owner or admin may revoke one; accepting it sets a password and makes the person a member. The owner
 * of a tenant the operator creates is invited the same way (they have no password until they accept). Every
 * invitation event lands in the organization's audit chain.
 */
@Service
public class Invitations {

    static final int VALIDITY_DAYS = 7;
    public static final Duration VALIDITY = Duration.ofDays(VALIDITY_DAYS);
    /** Bounds on what one organization can make the platform mail. */
    static final int MAX_PENDING = 100;
    static final int MAX_PER_DAY = 50;
    private static final int MAX_TOKEN = 100;

    /** What the acceptance page shows of a usable invitation. */
    public record Opened(String organization, String email, MemberRole role, Instant expiresAt) {
    }

    private final JdbcTemplate jdbc;
    private final ConsoleUsers users;
    private final TenantAccounts accounts;
    private final ConsoleAccounts consoleAccounts;
    private final TenantDirectory directory;
    private final Members members;
    private final Mail mail;
    private final PasswordEncoder passwords;
    private final ObjectProvider<ActivityLog> activity;
    private final Clock clock;
    private final MemberLanguages languages;
    private final SecureRandom random = new SecureRandom();

    Invitations(JdbcTemplate jdbc, ConsoleUsers users, TenantAccounts accounts, ConsoleAccounts consoleAccounts, TenantDirectory directory,
                Members members, Mail mail, PasswordEncoder passwords, ObjectProvider<ActivityLog> activity, Optional<Clock> clock,
                MemberLanguages languages) {
        this.languages = languages;
        this.jdbc = jdbc;
        this.users = users;
        this.accounts = accounts;
        this.consoleAccounts = consoleAccounts;
        this.directory = directory;
        this.members = members;
        this.mail = mail;
        this.passwords = passwords;
        this.activity = activity;
        this.clock = clock.orElse(Clock.systemUTC());
    }

    /**
     * A member invites {@code email} with {@code role}; the mail's link starts with {@code consoleUrl}.
     *
     * @throws ForbiddenException when the acting member's role does not allow it
     * @throws ConflictException when the address is already a member, or the organization invited too many
     * @throws InvalidInputException for an address that is not one ({@code email})
     */
    @Transactional
    public Invitation invite(TenantId tenant, UUID acting, String email, MemberRole role, String consoleUrl, Actor actor) {
        return invite(tenant, acting, email, role, consoleUrl, actor, Locale.ENGLISH);
    }

    /**
     * As {@link #invite(TenantId, UUID, String, MemberRole, String, Actor)}, the mail in {@code language}: the language the
     * address's account chose, if it has one, else the inviter's (the people of one organization tend to share one).
     */
    @Transactional
    public Invitation invite(TenantId tenant, UUID acting, String email, MemberRole role, String consoleUrl, Actor actor, Locale language) {
        String address = address(email);
        directory.requireActive(tenant);
        members.lock(tenant);
        return send(tenant, members.actingRole(tenant, acting), address, role, consoleUrl, actor, language);
    }

    /** The platform's operator invites (the admin API): as an owner would, the last-owner rule aside. */
    @Transactional
    public Invitation inviteAsOperator(TenantId tenant, String email, MemberRole role, String consoleUrl, Actor actor) {
        String address = address(email);
        directory.requireActive(tenant);
        members.lock(tenant);
        return send(tenant, null, address, role, consoleUrl, actor, Locale.ENGLISH);
    }

    /** A tenant created by the operator, its owner invited to choose a password, in one transaction. */
    @Transactional
    public TenantView createTenantInvitingOwner(String name, String ownerEmail, String planId, String consoleUrl, Actor actor) {
        TenantView created = directory.create(name, ownerEmail, planId, null, actor);
        inviteAsOperator(created.id(), created.ownerEmail(), MemberRole.OWNER, consoleUrl, actor);
        return created;
    }

    /** Pending invitations (expired ones included, marked), newest first. */
    public List<Invitation> pending(TenantId tenant) {
        Instant now = clock.instant();
        return jdbc.query("SELECT id, tenant_id, email, role, invited_by_label, created_at, expires_at FROM member_invitations "
                + "WHERE tenant_id = ? AND status = 'pending' ORDER BY created_at DESC", (rs, i) -> view(rs, now), tenant.value());
    }

    /**
     * Revokes a pending invitation: its link stops working.
     *
     * @throws NotFoundException for an unknown id, another organization's, or one no longer pending
     */
    @Transactional
    public Invitation revoke(TenantId tenant, UUID acting, UUID invitation, Actor actor) {
        members.lock(tenant);
        MemberRole actingRole = members.actingRole(tenant, acting);
        Instant now = clock.instant();
        Invitation pending = jdbc.query("SELECT id, tenant_id, email, role, invited_by_label, created_at, expires_at FROM member_invitations "
                        + "WHERE id = ? AND tenant_id = ? AND status = 'pending'", (rs, i) -> view(rs, now), invitation, tenant.value())
                .stream().findFirst().orElseThrow(() -> new NotFoundException("Invitation"));
        MembershipRules.revokeInvitation(actingRole, pending.role());
        jdbc.update("UPDATE member_invitations SET status = 'revoked', ended_at = ? WHERE id = ?", Timestamp.from(now), invitation);
        record(actor, tenant, "member.invitation_revoked", "invitation", invitation + " " + pending.role().value());
        return pending;
    }

    /**
     * What the link's page shows.
     *
     * @throws InvitationRefusedException when the link cannot be used, saying why
     */
    public Opened open(String token) {
        if (token == null || token.isBlank() || token.length() > MAX_TOKEN) {
            throw new InvitationRefusedException(InvitationRefusedException.Reason.UNKNOWN);
        }
        record Row(UUID tenant, String email, MemberRole role, String status, Instant expiresAt) {
        }
        Row row = jdbc.query("SELECT tenant_id, email, role, status, expires_at FROM member_invitations WHERE token_sha256 = ?",
                        (rs, i) -> new Row(rs.getObject("tenant_id", UUID.class), rs.getString("email"), MemberRole.fromDb(rs.getString("role")),
                                rs.getString("status"), rs.getTimestamp("expires_at").toInstant()), PasswordResets.sha256(token))
                .stream().findFirst().orElseThrow(() -> new InvitationRefusedException(InvitationRefusedException.Reason.UNKNOWN));
        InvitationRefusedException.Reason refused = switch (row.status()) {
            case "accepted" -> InvitationRefusedException.Reason.USED;
            case "revoked" -> InvitationRefusedException.Reason.REVOKED;
            case "replaced" -> InvitationRefusedException.Reason.REPLACED;
            default -> row.expiresAt().isAfter(clock.instant()) ? null : InvitationRefusedException.Reason.EXPIRED;
        };
        if (refused != null) {
            throw new InvitationRefusedException(refused);
        }
        TenantView tenant = directory.find(new TenantId(row.tenant()))
                .orElseThrow(() -> new InvitationRefusedException(InvitationRefusedException.Reason.UNKNOWN));
        if (tenant.status() != TenantStatus.ACTIVE) {
            throw new InvitationRefusedException(InvitationRefusedException.Reason.ORGANIZATION_UNAVAILABLE);
        }
        users.findByEmail(row.email()).filter(u -> !awaitingPassword(u, row.tenant())).ifPresent(u -> {
            throw new InvitationRefusedException(InvitationRefusedException.Reason.ACCOUNT_EXISTS);
        });
        return new Opened(tenant.name(), row.email(), row.role(), row.expiresAt());
    }

    /**
     * Accepts the invitation with a new password: the person becomes a member (or, for an invited owner who has no
     * password yet, gets one). The link is spent in the same transaction; a refused password leaves it usable.
     *
     * @return the account, for signing in
     * @throws InvitationRefusedException when the link cannot be used
     * @throws InvalidInputException ({@code password}) for a password the rules refuse
     */
    @Transactional
    public ConsoleAccount accept(String token, String password, String clientAddress) {
        Opened opened = open(token);
        ConsoleAccounts.requirePassword(password, opened.email());
        String hash = passwords.encode(password);
        Instant now = clock.instant();
        record Spent(UUID id, UUID tenant, String email, MemberRole role) {
        }
        Spent spent = jdbc.query("UPDATE member_invitations SET status = 'accepted', ended_at = ? WHERE token_sha256 = ? AND status = 'pending' "
                        + "AND expires_at > ? RETURNING id, tenant_id, email, role", (rs, i) -> new Spent(rs.getObject("id", UUID.class),
                        rs.getObject("tenant_id", UUID.class), rs.getString("email"), MemberRole.fromDb(rs.getString("role"))),
                Timestamp.from(now), PasswordResets.sha256(token), Timestamp.from(now))
                .stream().findFirst().orElseThrow(() -> new InvitationRefusedException(InvitationRefusedException.Reason.USED)); // raced
        Optional<ConsoleUser> existing = users.findByEmail(spent.email());
        ConsoleUser member;
        if (existing.isPresent()) {
            if (!awaitingPassword(existing.get(), spent.tenant())) {
                throw new InvitationRefusedException(InvitationRefusedException.Reason.ACCOUNT_EXISTS);
            }
            member = existing.get();
            accounts.setPassword(member, hash);
        } else {
            try {
                member = users.saveAndFlush(ConsoleUser.member(UUID.randomUUID(), spent.tenant(), spent.email(), hash, spent.role()));
            } catch (DataIntegrityViolationException raced) {
                throw new InvitationRefusedException(InvitationRefusedException.Reason.ACCOUNT_EXISTS);
            }
        }
        jdbc.update("UPDATE member_invitations SET accepted_by = ? WHERE id = ?", member.getId(), spent.id());
        TenantId tenant = new TenantId(spent.tenant());
        record(Actor.user(member.getId().toString(), member.getEmail(), clientAddress), tenant, "member.invitation_accepted", "member",
                member.getId() + " " + member.getMemberRole().value());
        return consoleAccounts.find(member.getId()).orElseThrow();
    }

    /**
     * Accepts the newest usable invitation for {@code email} without its link, for a person whose single sign-on
     * provider verified that address (they prove the address as the link would): the person becomes a member with the
     * invitation's role and no password. Empty when no invitation waits for the address.
     *
     * @throws InvitationRefusedException ({@code ORGANIZATION_UNAVAILABLE}) when the inviting organization is suspended
     */
    @Transactional
    public Optional<ConsoleAccount> acceptBySignIn(String email, String clientAddress) {
        Instant now = clock.instant();
        record Pending(UUID id, UUID tenant, String email, MemberRole role) {
        }
        Optional<Pending> pending = jdbc.query("SELECT id, tenant_id, email, role FROM member_invitations WHERE lower(email) = lower(?) "
                        + "AND status = 'pending' AND expires_at > ? ORDER BY created_at DESC LIMIT 1 FOR UPDATE", (rs, i) -> new Pending(
                        rs.getObject("id", UUID.class), rs.getObject("tenant_id", UUID.class), rs.getString("email"), MemberRole.fromDb(rs.getString("role"))),
                email, Timestamp.from(now)).stream().findFirst();
        if (pending.isEmpty()) {
            return Optional.empty();
        }
        TenantId tenant = new TenantId(pending.get().tenant());
        if (directory.find(tenant).map(t -> t.status() != TenantStatus.ACTIVE).orElse(true)) {
            throw new InvitationRefusedException(InvitationRefusedException.Reason.ORGANIZATION_UNAVAILABLE);
        }
        jdbc.update("UPDATE member_invitations SET status = 'accepted', ended_at = ? WHERE id = ?", Timestamp.from(now), pending.get().id());
        ConsoleUser member;
        try {
            member = users.saveAndFlush(ConsoleUser.member(UUID.randomUUID(), tenant.value(), pending.get().email(), null, pending.get().role()));
        } catch (DataIntegrityViolationException raced) {
            throw new InvitationRefusedException(InvitationRefusedException.Reason.ACCOUNT_EXISTS);
        }
        jdbc.update("UPDATE member_invitations SET accepted_by = ? WHERE id = ?", member.getId(), pending.get().id());
        record(Actor.user(member.getId().toString(), member.getEmail(), clientAddress), tenant, "member.invitation_accepted", "member",
                member.getId() + " " + member.getMemberRole().value());
        return consoleAccounts.find(member.getId());
    }

    private Invitation send(TenantId tenant, MemberRole actingRole, String address, MemberRole role, String consoleUrl, Actor actor,
                            Locale inviterLanguage) {
        if (role == null) {
            throw new InvalidInputException("Choose a role", "role");
        }
        MemberRole invited = role;
        Optional<ConsoleUser> existing = users.findByEmail(address);
        if (existing.isPresent() && tenant.value().equals(existing.get().getTenantId())) {
            if (existing.get().getPasswordHash() != null) {
                throw new ConflictException("This address is already a member of the organization.", "email");
            }
            invited = existing.get().getMemberRole(); // their first link, sent again: the role they have stays
        }
        MembershipRules.invite(actingRole, invited);
        Instant now = clock.instant();
        Integer pending = jdbc.queryForObject("SELECT count(*) FROM member_invitations WHERE tenant_id = ? AND status = 'pending' "
                + "AND expires_at > ? AND lower(email) <> ?", Integer.class, tenant.value(), Timestamp.from(now), address);
        if (pending != null && pending >= MAX_PENDING) {
            throw new ConflictException("The organization has " + MAX_PENDING + " pending invitations: revoke some first.", "email");
        }
        Integer today = jdbc.queryForObject("SELECT count(*) FROM member_invitations WHERE tenant_id = ? AND created_at > ?", Integer.class,
                tenant.value(), Timestamp.from(now.minus(Duration.ofDays(1))));
        if (today != null && today >= MAX_PER_DAY) {
            throw new ConflictException("The organization sent " + MAX_PER_DAY + " invitations in the last 24 hours: try again tomorrow.", "email");
        }
        for (UUID replaced : jdbc.queryForList("UPDATE member_invitations SET status = 'replaced', ended_at = ? WHERE tenant_id = ? "
                + "AND lower(email) = ? AND status = 'pending' RETURNING id", UUID.class, Timestamp.from(now), tenant.value(), address)) {
            record(actor, tenant, "member.invitation_replaced", "invitation", replaced.toString());
        }
        byte[] raw = new byte[32];
        random.nextBytes(raw);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
        UUID id = UUID.randomUUID();
        Locale language = existing.map(ConsoleUser::getId).flatMap(languages::of).orElse(inviterLanguage);
        String inviter = actingRole == null ? MailTexts.text(language, "invitation.operator") : actor.label();
        Instant expires = now.plus(VALIDITY);
        jdbc.update("INSERT INTO member_invitations (id, tenant_id, email, role, token_sha256, invited_by, invited_by_label, created_at, expires_at) "
                + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", id, tenant.value(), address, invited.value(), PasswordResets.sha256(token),
                "user".equals(actor.kind()) ? parse(actor.id()) : null, actingRole == null ? "operator" : actor.label(), Timestamp.from(now),
                Timestamp.from(expires));
        String organization = directory.get(tenant).name();
        mail.send(address, subject(language, organization, invited), text(language, organization, inviter, invited, link(consoleUrl, token), expires));
        record(actor, tenant, "member.invited", "invitation", id + " " + invited.value());
        return new Invitation(id, tenant, address, invited, actingRole == null ? "operator" : actor.label(), now, expires, false);
    }

    static String subject(Locale language, String organization, MemberRole role) {
        String org = organization.replaceAll("\\p{Cntrl}", " ");
        return MailTexts.text(language, "invitation.subject", org, MailTexts.text(language, "role." + role.value()));
    }

    static String text(Locale language, String organization, String inviter, MemberRole role, String link, Instant expires) {
        return MailTexts.text(language, "invitation.text", inviter, organization, MailTexts.text(language, "role." + role.value() + ".as"),
                MailTexts.text(language, "role." + role.value() + ".description"), MailTexts.date(language, expires), link);
    }

    private static String link(String consoleUrl, String token) {
        String base = consoleUrl == null ? "" : consoleUrl.strip().replaceAll("/+$", "");
        if (!base.startsWith("https://") && !base.startsWith("http://")) {
            throw new IllegalArgumentException("the console's address must be an http(s) URL");
        }
        return base + "/invitations/accept?token=" + token;
    }

    private static String address(String email) {
        try {
            return TenantDirectory.requireEmail(email);
        } catch (InvalidInputException e) {
            throw new InvalidInputException("Enter a valid email address", "email");
        }
    }

    /** A member of {@code tenant} who has no password yet: accepting the invitation gives them one. */
    private static boolean awaitingPassword(ConsoleUser u, UUID tenant) {
        return tenant.equals(u.getTenantId()) && u.getPasswordHash() == null;
    }

    private static UUID parse(String id) {
        try {
            return id == null ? null : UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static Invitation view(ResultSet rs, Instant now) throws SQLException {
        Instant expires = rs.getTimestamp("expires_at").toInstant();
        return new Invitation(rs.getObject("id", UUID.class), new TenantId(rs.getObject("tenant_id", UUID.class)), rs.getString("email"),
                MemberRole.fromDb(rs.getString("role")), rs.getString("invited_by_label"), rs.getTimestamp("created_at").toInstant(), expires,
                !expires.isAfter(now));
    }

    private void record(Actor actor, TenantId tenant, String action, String targetType, String targetId) {
        ActivityLog log = activity.getIfAvailable();
        if (log != null) {
            log.record(actor, tenant, action, targetType, targetId);
        }
    }
}
