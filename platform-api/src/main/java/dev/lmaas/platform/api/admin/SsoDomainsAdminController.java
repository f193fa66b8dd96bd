package dev.lmaas.platform.api.admin;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.lmaas.platform.api.auth.AdminKeyAuthentication;
import dev.lmaas.platform.tenant.MemberRole;
import dev.lmaas.platform.tenant.SsoDomain;
import dev.lmaas.platform.tenant.SsoDomains;
import dev.lmaas.platform.tenant.TenantId;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Map;
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

/**
 * Admin API for single sign-on domains: the operator maps an e-mail domain an organization proved it owns to that
 * organization, with the role its people get on their first sign-in (developer unless given; never owner), lists and
 * unmaps them. Each change lands in the organization's audit chain.
 */
@RestController
@RequestMapping(path = "/admin/v1/tenants/{id}/sso-domains", produces = "application/json")
class SsoDomainsAdminController {

    record MapDomain(String domain, String role) {
    }

    record DomainJson(String domain, String object, String role, @JsonProperty("created_by") String createdBy, @JsonProperty("created_at") long createdAt) {
        static DomainJson of(SsoDomain d) {
            return new DomainJson(d.domain(), "sso_domain", d.role().value(), d.createdBy(), d.createdAt().getEpochSecond());
        }
    }

    private final SsoDomains domains;

    SsoDomainsAdminController(SsoDomains domains) {
        this.domains = domains;
    }

    @GetMapping
    Map<String, Object> list(@PathVariable UUID id) {
        return Map.of("object", "list", "data", domains.list(new TenantId(id)).stream().map(DomainJson::of).toList());
    }

    @PostMapping(consumes = "application/json")
    @ResponseStatus(HttpStatus.CREATED)
    DomainJson map(@PathVariable UUID id, @RequestBody MapDomain body, HttpServletRequest request) {
        MemberRole role = body.role() == null ? null : MemberRole.parse(body.role());
        return DomainJson.of(domains.map(new TenantId(id), body.domain(), role, AdminKeyAuthentication.actor(request)));
    }

    @DeleteMapping("/{domain}")
    DomainJson unmap(@PathVariable UUID id, @PathVariable String domain, HttpServletRequest request) {
        return DomainJson.of(domains.unmap(new TenantId(id), domain, AdminKeyAuthentication.actor(request)));
    }
}
