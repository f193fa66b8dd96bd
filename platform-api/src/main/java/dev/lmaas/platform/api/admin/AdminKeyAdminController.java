package dev.lmaas.platform.api.admin;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.lmaas.platform.api.auth.AdminKeyAuthentication;
import dev.lmaas.platform.tenant.AdminKeys;
import dev.lmaas.platform.tenant.AdminKeys.AdminKeyView;
import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** Admin API for the admin keys themselves: list, create (the secret is in this answer only), revoke, rotate. */
@RestController
@RequestMapping(produces = "application/json")
class AdminKeyAdminController {

    record CreateAdminKey(String name) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record AdminKeyJson(String id, String object, String name, String prefix, boolean revoked, @JsonProperty("created_at") Long createdAt,
                        @JsonProperty("revoked_at") Long revokedAt, @JsonProperty("replaces") String replaces, String key) {
        static AdminKeyJson of(AdminKeyView v, String replaces, String secret) {
            return new AdminKeyJson(v.id().toString(), "admin_key", v.name(), v.prefix(), v.revokedAt() != null,
                    ApiKeyAdminController.epoch(v.createdAt()), ApiKeyAdminController.epoch(v.revokedAt()), replaces, secret);
        }
    }

    record AdminKeyList(String object, List<AdminKeyJson> data) {
    }

    private final AdminKeys adminKeys;

    AdminKeyAdminController(AdminKeys adminKeys) {
        this.adminKeys = adminKeys;
    }

    @GetMapping("/admin/v1/admin-keys")
    AdminKeyList list() {
        return new AdminKeyList("list", adminKeys.list().stream().map(v -> AdminKeyJson.of(v, null, null)).toList());
    }

    @PostMapping(path = "/admin/v1/admin-keys", consumes = "application/json")
    @ResponseStatus(HttpStatus.CREATED)
    AdminKeyJson create(@RequestBody(required = false) CreateAdminKey body, HttpServletRequest request) {
        var issued = adminKeys.create(body == null ? null : body.name(), AdminKeyAuthentication.actor(request));
        return AdminKeyJson.of(issued.key(), null, issued.secret());
    }

    @DeleteMapping("/admin/v1/admin-keys/{id}")
    AdminKeyJson revoke(@PathVariable UUID id, HttpServletRequest request) {
        return AdminKeyJson.of(adminKeys.revoke(id, AdminKeyAuthentication.actor(request)), null, null);
    }

    /** The old secret stops working at once; the new key has a new id ({@code replaces} names the old one). */
    @PostMapping("/admin/v1/admin-keys/{id}/rotate")
    AdminKeyJson rotate(@PathVariable UUID id, HttpServletRequest request) {
        var issued = adminKeys.rotate(id, AdminKeyAuthentication.actor(request));
        return AdminKeyJson.of(issued.key(), id.toString(), issued.secret());
    }
}
