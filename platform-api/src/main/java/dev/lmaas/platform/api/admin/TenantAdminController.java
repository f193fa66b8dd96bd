package dev.lmaas.platform.api.admin;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.lmaas.platform.api.ApiProperties;
import dev.lmaas.platform.api.auth.AdminKeyAuthentication;
import dev.lmaas.platform.api.gateway.ModelResolver;
import dev.lmaas.platform.api.web.ApiException;
import dev.lmaas.platform.tenant.DataKeyDestroyedException;
import dev.lmaas.platform.tenant.Invitation;
import dev.lmaas.platform.tenant.Invitations;
import dev.lmaas.platform.tenant.Member;
import dev.lmaas.platform.tenant.MemberRole;
import dev.lmaas.platform.tenant.Members;
import dev.lmaas.platform.tenant.StoredPayloads;
import dev.lmaas.platform.tenant.SuspensionCause;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.springframework.web.bind.annotation.DeleteMapping;
import dev.lmaas.platform.tenant.TenantDirectory;
import dev.lmaas.platform.tenant.TenantId;
import dev.lmaas.platform.tenant.TenantView;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/**
 * Admin API for tenants: create, list/search, view, suspend, resume, change plan, retention, members and
 * invitations. A tenant created here has an owner without a password, who gets an invitation mail to choose one
 * (its link points at {@code lmaas.api.public-url}, or at the address this request came to). An
 * admin's suspend and resume concern the admin's own suspension only; a payment suspension (listed in
 * {@code suspension_causes}) is lifted by the payment.
 */
@RestController
@RequestMapping(path = "/admin/v1/tenants", produces = "application/json")
class TenantAdminController {

    record CreateTenant(String name, @JsonProperty("owner_email") String ownerEmail, String plan) {
    }

    record ChangePlan(String plan) {
    }

    record TenantJson(String id, String object, String name, String status, String plan, @JsonProperty("default_model") String defaultModel,
                      @JsonProperty("owner_email") String ownerEmail, @JsonProperty("created_at") long createdAt,
                      @JsonProperty("updated_at") long updatedAt, String retention, @JsonProperty("retention_days") Integer retentionDays,
                      @JsonProperty("suspension_causes") List<String> suspensionCauses) {
        static TenantJson of(TenantView t) {
            return new TenantJson(t.id().toString(), "tenant", t.name(), t.status().dbValue(), t.planId(), t.defaultModel(), t.ownerEmail(),
                    epoch(t.createdAt()), epoch(t.updatedAt()), t.retention(), t.retentionDays(),
                    t.suspensionCauses().stream().map(SuspensionCause::apiValue).sorted().toList());
        }
    }

    record TenantList(String object, List<TenantJson> data) {
    }

    record MemberJson(String id, String object, String email, String role, boolean active, @JsonProperty("joined_at") long joinedAt) {
        static MemberJson of(Member m) {
            return new MemberJson(m.userId().toString(), "member", m.email(), m.role().value(), m.active(), epoch(m.joinedAt()));
        }
    }

    record InvitationJson(String id, String object, String email, String role, @JsonProperty("invited_by") String invitedBy,
                          @JsonProperty("created_at") long createdAt, @JsonProperty("expires_at") long expiresAt, boolean expired) {
        static InvitationJson of(Invitation i) {
            return new InvitationJson(i.id().toString(), "invitation", i.email(), i.role().value(), i.invitedBy(), epoch(i.createdAt()),
                    epoch(i.expiresAt()), i.expired());
        }
    }

    record Invite(String email, String role) {
    }

    private final TenantDirectory tenants;
    private final StoredPayloads payloads;
    private final ModelResolver models;
    private final Members members;
    private final Invitations invitations;
    private final ApiProperties api;

    TenantAdminController(TenantDirectory tenants, StoredPayloads payloads, ModelResolver models, Members members, Invitations invitations,
                          ApiProperties api) {
        this.models = models;
        this.tenants = tenants;
        this.payloads = payloads;
        this.members = members;
        this.invitations = invitations;
        this.api = api;
    }

    /** Creates the tenant; its owner is invited by mail to choose a password (they have none until then). */
    @PostMapping(consumes = "application/json")
    @ResponseStatus(HttpStatus.CREATED)
    TenantJson create(@RequestBody CreateTenant body, HttpServletRequest request) {
        return TenantJson.of(invitations.createTenantInvitingOwner(body.name(), body.ownerEmail(), body.plan(), consoleUrl(),
                AdminKeyAuthentication.actor(request)));
    }

    @GetMapping("/{id}/members")
    Map<String, Object> members(@PathVariable UUID id) {
        return Map.of("object", "list", "data", members.list(new TenantId(id)).stream().map(MemberJson::of).toList());
    }

    @GetMapping("/{id}/invitations")
    Map<String, Object> invitations(@PathVariable UUID id) {
        TenantId tenant = new TenantId(id);
        tenants.get(tenant);
        return Map.of("object", "list", "data", invitations.pending(tenant).stream().map(InvitationJson::of).toList());
    }

    /** Invites an address (or sends a member who has no password yet, such as the owner, a new link). */
    @PostMapping(path = "/{id}/invitations", consumes = "application/json")
    @ResponseStatus(HttpStatus.CREATED)
    InvitationJson invite(@PathVariable UUID id, @RequestBody Invite body, HttpServletRequest request) {
        MemberRole role = MemberRole.parse(body == null ? null : body.role());
        return InvitationJson.of(invitations.inviteAsOperator(new TenantId(id), body.email(), role, consoleUrl(),
                AdminKeyAuthentication.actor(request)));
    }

    /** Where invitation links point: the configured public URL, else this request's own base. */
    private String consoleUrl() {
        return api.publicUrl() == null || api.publicUrl().isBlank() ? ServletUriComponentsBuilder.fromCurrentContextPath().toUriString()
                : api.publicUrl();
    }

    @GetMapping
    TenantList list(@RequestParam(name = "q", required = false) String query, @RequestParam(name = "limit", defaultValue = "100") int limit) {
        return new TenantList("list", tenants.search(query, limit).stream().map(TenantJson::of).toList());
    }

    @GetMapping("/{id}")
    TenantJson get(@PathVariable UUID id) {
        return TenantJson.of(tenants.get(new TenantId(id)));
    }

    @PostMapping("/{id}/suspend")
    TenantJson suspend(@PathVariable UUID id, HttpServletRequest request) {
        return TenantJson.of(tenants.suspend(new TenantId(id), AdminKeyAuthentication.actor(request)));
    }

    @PostMapping("/{id}/resume")
    TenantJson resume(@PathVariable UUID id, HttpServletRequest request) {
        return TenantJson.of(tenants.resume(new TenantId(id), AdminKeyAuthentication.actor(request)));
    }

    @PostMapping(path = "/{id}/plan", consumes = "application/json")
    TenantJson changePlan(@PathVariable UUID id, @RequestBody ChangePlan body, HttpServletRequest request) {
        return TenantJson.of(tenants.changePlan(new TenantId(id), body.plan(), AdminKeyAuthentication.actor(request)));
    }

    record Retention(String mode, Integer days) {
    }

    record DefaultModel(String model) {
    }

    /**
     * The model the brief's plain shape ({@code POST /v1/models} with only {@code text}) runs for this
     * tenant: a model id or a task alias such as {@code sentiment}; null or empty restores the platform's.
     */
    @PostMapping(path = "/{id}/default-model", consumes = "application/json")
    TenantJson defaultModel(@PathVariable UUID id, @RequestBody DefaultModel body, HttpServletRequest request) {
        String model = body.model() == null || body.model().isBlank() ? null : body.model().strip();
        if (model != null && !models.known(model)) {
            throw ApiException.invalidRequest("model_not_found", "'" + model + "' is neither a model nor a task alias this platform serves.", "model");
        }
        return TenantJson.of(tenants.setDefaultModel(new TenantId(id), model, AdminKeyAuthentication.actor(request)));
    }

    record Deletion(String confirm) {
    }

    @PostMapping(path = "/{id}/retention", consumes = "application/json")
    TenantJson retention(@PathVariable UUID id, @RequestBody Retention body, HttpServletRequest request) {
        return TenantJson.of(tenants.setRetention(new TenantId(id), body.mode(), body.days(), AdminKeyAuthentication.actor(request)));
    }

    /** Deletes a tenant (crypto-shredding its payloads); the body must repeat the tenant's name. */
    @DeleteMapping(path = "/{id}", consumes = "application/json")
    Map<String, Object> delete(@PathVariable UUID id, @RequestBody Deletion body, HttpServletRequest request) {
        TenantView t = tenants.get(new TenantId(id));
        if (body == null || !t.name().equals(body.confirm())) {
            throw ApiException.invalidRequest("confirmation_required", "Repeat the tenant's exact name in 'confirm' to delete it.", "confirm");
        }
        tenants.delete(t.id(), AdminKeyAuthentication.actor(request));
        return Map.of("id", id.toString(), "object", "tenant", "deleted", true);
    }

    @GetMapping("/{id}/payloads/{requestId}")
    Map<String, Object> payload(@PathVariable UUID id, @PathVariable String requestId, HttpServletRequest request) {
        TenantId tenant = new TenantId(id);
        tenants.get(tenant);
        try {
            StoredPayloads.Opened p = payloads.open(tenant, requestId, AdminKeyAuthentication.actor(request))
                    .orElseThrow(() -> ApiException.notFound("not_found", "No stored payload for this request (retention none, expired or unknown)."));
            return Map.of("request_id", p.requestId(), "created_at", p.createdAt().toString(), "expires_at", p.expiresAt().toString(),
                    "request", new String(p.request(), StandardCharsets.UTF_8), "response", new String(p.response(), StandardCharsets.UTF_8));
        } catch (DataKeyDestroyedException e) {
            throw new ApiException(410, "invalid_request_error", "data_key_destroyed", "This tenant's data key was destroyed; its payloads cannot be read.",
                    null, null);
        }
    }

    static long epoch(Instant i) {
        return i == null ? 0 : i.getEpochSecond();
    }
}
