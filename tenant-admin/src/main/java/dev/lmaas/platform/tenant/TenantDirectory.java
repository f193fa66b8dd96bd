package dev.lmaas.platform.tenant;

import dev.lmaas.platform.db.ChangeFeed;
import dev.lmaas.platform.tenant.account.ConsoleUser;
import dev.lmaas.platform.tenant.account.ConsoleUsers;
import dev.lmaas.platform.tenant.account.Tenant;
import dev.lmaas.platform.tenant.account.TenantAccounts;
import dev.lmaas.platform.tenant.account.Tenants;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.data.domain.PageRequest;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/** Tenants and their console users: create, find, search, suspend, resume, change plan. */
@Service
public class TenantDirectory {

    private static final Pattern EMAIL = Pattern.compile("^[^@\\s]{1,64}@[^@\\s]+\\.[^@\\s]{2,}$");
    private static final int MAX_NAME = 100;

    private final Tenants tenants;
    private final ConsoleUsers users;
    private final TenantAccounts accounts;
    private final ChangeFeed feed;
    private final ObjectProvider<ApiKeyVerifier> verifier;
    private final ObjectProvider<KnownPlans> plans;
    private final ObjectProvider<ActivityLog> activity;
    private final PasswordEncoder passwords;
    private final org.springframework.jdbc.core.JdbcTemplate jdbc;
    private final ObjectProvider<TenantDataKeys> dataKeys;
    private final ApplicationEventPublisher events;

    TenantDirectory(Tenants tenants, ConsoleUsers users, TenantAccounts accounts, ChangeFeed feed, ObjectProvider<ApiKeyVerifier> verifier,
                    ObjectProvider<KnownPlans> plans, ObjectProvider<ActivityLog> activity, PasswordEncoder passwords,
                    org.springframework.jdbc.core.JdbcTemplate jdbc, ObjectProvider<TenantDataKeys> dataKeys,
                    ApplicationEventPublisher events) {
        this.jdbc = jdbc;
        this.events = events;
        this.dataKeys = dataKeys;
        this.tenants = tenants;
        this.users = users;
        this.accounts = accounts;
        this.feed = feed;
        this.verifier = verifier;
        this.plans = plans;
        this.activity = activity;
        this.passwords = passwords;
    }

    /** Creates a tenant and its owner; {@code password} may be null (admin-created tenants set it later). */
    @Transactional
    public TenantView create(String name, String ownerEmail, String planId, String password, Actor actor) {
        if (password != null) {
            ConsoleAccounts.requirePassword(password, ownerEmail);
        }
        return createWithPasswordHash(name, ownerEmail, planId, password == null ? null : passwords.encode(password), actor);
    }

    /** {@link #create} with the owner's password already hashed (or null). */
    @Transactional
    TenantView createWithPasswordHash(String name, String ownerEmail, String planId, String passwordHash, Actor actor) {
        String cleanName = requireName(name);
        String email = requireEmail(ownerEmail);
        if (users.findByEmail(email).isPresent()) {
            throw new ConflictException("A user with this email already exists", "owner_email");
        }
        KnownPlans known = plans.getIfAvailable();
        String plan = planId != null && !planId.isBlank() ? planId.strip() : known == null ? "free" : known.defaultPlan();
        if (known != null && !known.exists(plan)) {
            throw new InvalidInputException("Unknown plan '" + plan + "'", "plan");
        }
        Tenant tenant = tenants.save(new Tenant(UUID.randomUUID(), cleanName, plan));
        users.save(ConsoleUser.member(UUID.randomUUID(), tenant.getId(), email, passwordHash, MemberRole.OWNER));
        TenantId id = new TenantId(tenant.getId());
        announce(id);
        record(actor, id, "tenant.created");
        return view(tenant);
    }

    public TenantView get(TenantId id) {
        return view(load(id));
    }

    public Optional<TenantView> find(TenantId id) {
        return tenants.findById(id.value()).filter(t -> t.getStatus() != TenantStatus.DELETED).map(this::view);
    }

    /** The tenants on a plan, deleted ones included: for work that follows the plan (billing's raw-record retention). */
    public List<TenantId> onPlan(String planId) {
        return tenants.idsOnPlan(planId).stream().map(TenantId::new).toList();
    }

    /** Several tenants at once, deleted ones included (their records outlive them), for reports that name them. */
    public Map<TenantId, TenantView> views(Collection<TenantId> ids) {
        Map<TenantId, TenantView> out = new HashMap<>();
        tenants.findAllById(ids.stream().map(TenantId::value).distinct().toList()).forEach(t -> {
            TenantView v = view(t);
            out.put(v.id(), v);
        });
        return out;
    }

    public List<TenantView> search(String query, int limit) {
        String q = query == null || query.isBlank() ? null : query.strip();
        return tenants.search(q, PageRequest.of(0, Math.max(1, Math.min(limit, 500)))).stream().map(this::view).toList();
    }

    /** An admin's suspension (lifted only by {@link #resume}). */
    @Transactional
    public TenantView suspend(TenantId id, Actor actor) {
        return suspend(id, SuspensionCause.ADMIN, actor);
    }

    /** Lifts an admin's suspension; a payment suspension, if any, stays until billing lifts it. */
    @Transactional
    public TenantView resume(TenantId id, Actor actor) {
        return lift(id, SuspensionCause.ADMIN, actor);
    }

    /**
     * An admin's suspension, confirmed in the console with a reason, which the tenant's audit record keeps.
     *
     * @throws InvalidInputException (field {@code reason}) without a reason
     */
    @Transactional
    public TenantView suspend(TenantId id, Actor actor, String reason) {
        return suspend(id, SuspensionCause.ADMIN, actor, AuditEntry.requireReason(reason));
    }

    /** Suspends for {@code cause} (adding to any other cause already holding). */
    @Transactional
    public TenantView suspend(TenantId id, SuspensionCause cause, Actor actor) {
        return suspend(id, cause, actor, null);
    }

    private TenantView suspend(TenantId id, SuspensionCause cause, Actor actor, String reason) {
        Tenant t = load(id);
        if (!t.getSuspensionCauses().contains(cause)) {
            accounts.suspend(t, cause);
            announce(id);
            ActivityLog log = activity.getIfAvailable();
            if (log != null) {
                log.record(actor, id, cause.suspendedAction(), "tenant", id.toString(), reason);
            }
        }
        return view(t);
    }

    /** Lifts the suspension for {@code cause} only; the tenant is active again when no other cause holds. */
    @Transactional
    public TenantView lift(TenantId id, SuspensionCause cause, Actor actor) {
        Tenant t = load(id);
        if (t.getSuspensionCauses().contains(cause)) {
            accounts.lift(t, cause);
            announce(id);
            record(actor, id, cause.liftedAction());
        }
        return view(t);
    }

    @Transactional
    public TenantView changePlan(TenantId id, String planId, Actor actor) {
        KnownPlans known = plans.getIfAvailable();
        if (planId == null || planId.isBlank() || (known != null && !known.exists(planId))) {
            throw new InvalidInputException("Unknown plan '" + planId + "'", "plan");
        }
        Tenant t = load(id);
        if (planId.equals(t.getPlanId())) {
            return view(t);
        }
        accounts.changePlan(t, planId);
        // A smaller plan may allow a shorter retention than the tenant chose: cut it to what the plan allows.
        Integer days = t.getRetentionDays();
        int max = maxRetentionDays(planId);
        boolean cut = "encrypted".equals(t.getRetention()) && days != null && days > max;
        if (cut) {
            accounts.changeRetention(t, max == 0 ? "none" : "encrypted", max == 0 ? null : max);
        }
        announce(id);
        record(actor, id, "tenant.plan_changed");
        if (cut) {
            record(actor, id, "tenant.retention_changed");
        }
        return view(t);
    }

    @Transactional
    public TenantView setDefaultModel(TenantId id, String model, Actor actor) {
        Tenant t = load(id);
        accounts.changeDefaultModel(t, model == null || model.isBlank() ? null : model.strip());
        announce(id);
        record(actor, id, "tenant.settings_changed");
        return view(t);
    }

    /**
     * Retention: {@code none} (only body hashes) or {@code encrypted} for {@code days}, at most what
     * the tenant's plan allows (a refusal names the limit).
     */
    @Transactional
    public TenantView setRetention(TenantId id, String mode, Integer days, Actor actor) {
        Tenant t = load(id);
        if ("none".equals(mode)) {
            accounts.changeRetention(t, "none", null);
        } else if ("encrypted".equals(mode)) {
            if (days == null || days < 1 || days > 3650) {
                throw new InvalidInputException("days must be between 1 and 3650", "days");
            }
            int max = maxRetentionDays(t.getPlanId());
            if (days > max) {
                throw new InvalidInputException(max == 0
                        ? "The '" + t.getPlanId() + "' plan does not keep request payloads; choose a plan that does to keep them encrypted"
                        : "The '" + t.getPlanId() + "' plan keeps request payloads for at most " + max + " days", "days");
            }
            accounts.changeRetention(t, "encrypted", days);
        } else {
            throw new InvalidInputException("mode must be 'none' or 'encrypted'", "mode");
        }
        announce(id);
        record(actor, id, "tenant.retention_changed");
        return view(t);
    }

    /** The longest payload retention the tenant's plan allows, in days (0: none). */
    public int maxRetentionDays(TenantId id) {
        return maxRetentionDays(load(id).getPlanId());
    }

    /** The plan's longest retention; without a plan module (tests of this module alone) the schema's own limit. */
    private int maxRetentionDays(String planId) {
        KnownPlans known = plans.getIfAvailable();
        return known == null ? 3650 : known.maxRetentionDays(planId).orElse(0);
    }

    /**
     * Deletes a tenant: its keys stop working, its console users are removed, its data key is
     * destroyed (so stored payloads become unreadable) and stored payloads are dropped; other modules drop
     * what they keep for it on {@link TenantDeleted} (kept idempotent answers, for one). Usage and
     * audit records stay: they are needed for billing and accountability.
     */
    @Transactional
    public void delete(TenantId id, Actor actor) {
        Tenant t = load(id);
        record(actor, id, "tenant.deleted");
        accounts.markDeleted(t);
        tenants.flush();
        jdbc.update("UPDATE api_keys SET status = 'revoked', revoked_at = now() WHERE tenant_id = ? AND status = 'active'", id.value());
        jdbc.update("DELETE FROM console_users WHERE tenant_id = ?", id.value());
        jdbc.update("DELETE FROM member_invitations WHERE tenant_id = ?", id.value());
        jdbc.update("DELETE FROM stored_payloads WHERE tenant_id = ?", id.value());
        dataKeys.getObject().destroy(id);
        events.publishEvent(new TenantDeleted(id));
        announce(id);
    }

    void require(TenantId id) {
        load(id);
    }

    void requireActive(TenantId id) {
        Tenant t = load(id);
        if (t.getStatus() != TenantStatus.ACTIVE) {
            throw new ConflictException("The tenant is " + t.getStatus().dbValue(), "tenant");
        }
    }

    private Tenant load(TenantId id) {
        return tenants.findById(id.value()).filter(t -> t.getStatus() != TenantStatus.DELETED)
                .orElseThrow(() -> new NotFoundException("Tenant"));
    }

    private TenantView view(Tenant t) {
        // The first owner (the one who created the organization, unless they handed it over): where owner mail goes.
        String owner = users.findByTenantIdOrderByCreatedAtAsc(t.getId()).stream().filter(u -> u.getMemberRole() == MemberRole.OWNER)
                .map(ConsoleUser::getEmail).findFirst().orElse(null);
        return new TenantView(new TenantId(t.getId()), t.getName(), t.getStatus(), t.getPlanId(), t.getDefaultModel(), owner,
                t.getCreatedAt(), t.getUpdatedAt(), t.getRetention(), t.getRetentionDays(), t.getSuspensionCauses());
    }

    private void announce(TenantId id) {
        feed.publish(ApiKeyVerifier.TENANT_TOPIC, id.value());
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                ApiKeyVerifier v = verifier.getIfAvailable();
                if (v != null) {
                    v.reloadTenant(id.value());
                }
            }
        });
    }

    private void record(Actor actor, TenantId tenant, String action) {
        ActivityLog log = activity.getIfAvailable();
        if (log != null) {
            log.record(actor, tenant, action, "tenant", tenant.toString());
        }
    }

    static String requireName(String name) {
        if (name == null || name.isBlank()) {
            throw new InvalidInputException("name is required", "name");
        }
        String clean = name.strip();
        if (clean.length() > MAX_NAME) {
            throw new InvalidInputException("name must be at most " + MAX_NAME + " characters", "name");
        }
        return clean;
    }

    static String requireEmail(String email) {
        if (email == null || email.isBlank()) {
            throw new InvalidInputException("owner_email is required", "owner_email");
        }
        String clean = email.strip().toLowerCase();
        if (clean.length() > 254 || !EMAIL.matcher(clean).matches()) {
            throw new InvalidInputException("owner_email is not a valid email address", "owner_email");
        }
        return clean;
    }
}
