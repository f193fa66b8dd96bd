package dev.lmaas.platform.api.admin;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.lmaas.platform.api.auth.AdminKeyAuthentication;
import dev.lmaas.platform.tenant.ApiKeyId;
import dev.lmaas.platform.tenant.ApiKeyIssuer;
import dev.lmaas.platform.tenant.ApiKeyView;
import dev.lmaas.platform.tenant.InvalidInputException;
import dev.lmaas.platform.tenant.IssuedKey;
import dev.lmaas.platform.tenant.TenantId;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** Admin API for a tenant's keys: issue (the secret is in this answer only), list, rotate, revoke. */
@RestController
@org.springframework.web.bind.annotation.RequestMapping(produces = "application/json")
class ApiKeyAdminController {

    /** {@code expires_at}: epoch seconds or an ISO-8601 instant. */
    /** {@code permissions}: {@code usage:read}, {@code audit:read}, {@code budget:write}; absent means the defaults (the reads for an unscoped key, none for a scoped one). */
    record CreateKey(String name, List<String> models, @JsonProperty("expires_at") Object expiresAt, List<String> permissions) {
    }

    record RotateKey(@JsonProperty("grace_period_seconds") Long gracePeriodSeconds) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record KeyJson(String id, String object, @JsonProperty("tenant_id") String tenantId, String name, String prefix, List<String> models,
                   String status, @JsonProperty("created_at") Long createdAt, @JsonProperty("expires_at") Long expiresAt,
                   @JsonProperty("last_used_at") Long lastUsedAt, @JsonProperty("revoked_at") Long revokedAt, List<String> permissions, String key) {
        static KeyJson of(ApiKeyView v, String secret) {
            return new KeyJson(v.id().toString(), "api_key", v.tenantId().toString(), v.name(), v.prefix(), v.models(), v.status(),
                    epoch(v.createdAt()), epoch(v.expiresAt()), epoch(v.lastUsedAt()), epoch(v.revokedAt()),
                    v.permissions().stream().map(dev.lmaas.platform.tenant.KeyPermission::value).sorted().toList(), secret);
        }
    }

    record KeyList(String object, List<KeyJson> data) {
    }

    private final ApiKeyIssuer issuer;
    private final AccessTransparency transparency;

    ApiKeyAdminController(ApiKeyIssuer issuer, AccessTransparency transparency) {
        this.issuer = issuer;
        this.transparency = transparency;
    }

    @PostMapping(path = "/admin/v1/tenants/{tenantId}/api-keys", consumes = "application/json")
    @ResponseStatus(HttpStatus.CREATED)
    KeyJson create(@PathVariable UUID tenantId, @RequestBody(required = false) CreateKey body, HttpServletRequest request) {
        CreateKey b = body == null ? new CreateKey(null, null, null, null) : body;
        var permissions = b.permissions() == null ? null : dev.lmaas.platform.tenant.KeyPermission.parseAll(b.permissions());
        IssuedKey issued = issuer.issue(new TenantId(tenantId), b.name(), b.models(), parseInstant(b.expiresAt()), permissions,
                AdminKeyAuthentication.actor(request));
        return KeyJson.of(issued.key(), issued.secret());
    }

    @GetMapping("/admin/v1/tenants/{tenantId}/api-keys")
    KeyList list(@PathVariable UUID tenantId, HttpServletRequest request) {
        KeyList keys = new KeyList("list", issuer.list(new TenantId(tenantId)).stream().map(v -> KeyJson.of(v, null)).toList());
        transparency.viewed(AdminKeyAuthentication.actor(request), new TenantId(tenantId), "api_keys");
        return keys;
    }

    @PostMapping("/admin/v1/api-keys/{id}/rotate")
    KeyJson rotate(@PathVariable UUID id, @RequestBody(required = false) RotateKey body, HttpServletRequest request) {
        Duration grace = body == null || body.gracePeriodSeconds() == null ? null : Duration.ofSeconds(body.gracePeriodSeconds());
        IssuedKey issued = issuer.rotate(new ApiKeyId(id), grace, AdminKeyAuthentication.actor(request));
        return KeyJson.of(issued.key(), issued.secret());
    }

    @DeleteMapping("/admin/v1/api-keys/{id}")
    KeyJson revoke(@PathVariable UUID id, HttpServletRequest request) {
        return KeyJson.of(issuer.revoke(new ApiKeyId(id), AdminKeyAuthentication.actor(request)), null);
    }

    static Instant parseInstant(Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof Number n) {
            return Instant.ofEpochSecond(n.longValue());
        }
        try {
            return Instant.parse(value.toString());
        } catch (DateTimeParseException e) {
            throw new InvalidInputException("expires_at must be epoch seconds or an ISO-8601 instant", "expires_at");
        }
    }

    static Long epoch(Instant i) {
        return i == null ? null : i.getEpochSecond();
    }
}
