package dev.lmaas.platform.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lmaas.platform.db.DataDirectory;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The admin API for single sign-on domains over real HTTP: map (developer by default), change the role, list, unmap,
 * each in the organization's audit chain; and every refusal with its status and error body.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "lmaas.data-dir=target/it-data/${random.uuid}")
class SsoDomainsAdminIT {

    @LocalServerPort int port;
    @Autowired DataDirectory dataDirectory;
    @Autowired JdbcTemplate jdbc;

    TestHttp http;
    String admin;

    @BeforeEach
    void setUp() {
        http = new TestHttp(port);
        admin = dataDirectory.readSecret("admin-key").orElseThrow();
    }

    String newTenant(String name) {
        var created = http.post("/admin/v1/tenants", admin, TestHttp.json("name", name, "owner_email", UUID.randomUUID() + "@example.com"));
        assertThat(created.status()).isEqualTo(201);
        return created.json().get("id").asString();
    }

    @Test
    void mapsListsChangesAndUnmapsADomainInTheAuditChain() {
        String tenant = newTenant("Mapped");
        String domain = "corp-" + UUID.randomUUID().toString().substring(0, 8) + ".example";
        var mapped = http.post("/admin/v1/tenants/" + tenant + "/sso-domains", admin, TestHttp.json("domain", "@" + domain.toUpperCase()));
        assertThat(mapped.status()).isEqualTo(201);
        assertThat(mapped.json().get("domain").asString()).isEqualTo(domain);
        assertThat(mapped.json().get("role").asString()).as("developer by default").isEqualTo("developer");
        assertThat(mapped.json().get("object").asString()).isEqualTo("sso_domain");

        var changed = http.post("/admin/v1/tenants/" + tenant + "/sso-domains", admin, TestHttp.json("domain", domain, "role", "viewer"));
        assertThat(changed.status()).isEqualTo(201);
        assertThat(changed.json().get("role").asString()).isEqualTo("viewer");
        var list = http.get("/admin/v1/tenants/" + tenant + "/sso-domains", admin);
        assertThat(list.status()).isEqualTo(200);
        assertThat(list.json().at("/data").size()).isEqualTo(1);
        assertThat(list.json().at("/data/0/role").asString()).isEqualTo("viewer");

        var unmapped = http.delete("/admin/v1/tenants/" + tenant + "/sso-domains/" + domain, admin);
        assertThat(unmapped.status()).isEqualTo(200);
        assertThat(http.get("/admin/v1/tenants/" + tenant + "/sso-domains", admin).json().at("/data").size()).isZero();

        List<String> audit = jdbc.queryForList("SELECT action || ' ' || target_id FROM audit_log WHERE tenant_id = ?::uuid AND action LIKE 'sso.%' "
                + "ORDER BY seq", String.class, tenant);
        assertThat(audit).containsExactly("sso.domain_mapped " + domain + " developer", "sso.domain_mapped " + domain + " viewer",
                "sso.domain_unmapped " + domain);
    }

    @Test
    void refusals() {
        String tenant = newTenant("Refusing");
        String other = newTenant("Other");
        String path = "/admin/v1/tenants/" + tenant + "/sso-domains";

        var noKey = http.post(path, null, TestHttp.json("domain", "a.example"));
        assertThat(noKey.status()).isEqualTo(401);
        assertThat(noKey.errorCode()).isEqualTo("invalid_admin_key");

        var owner = http.post(path, admin, TestHttp.json("domain", "owners.example", "role", "owner"));
        assertThat(owner.status()).isEqualTo(400);
        assertThat(owner.json().at("/error/param").asString()).isEqualTo("role");
        assertThat(owner.json().at("/error/message").asString()).contains("cannot be owners");

        var unknownRole = http.post(path, admin, TestHttp.json("domain", "roles.example", "role", "god"));
        assertThat(unknownRole.status()).isEqualTo(400);
        assertThat(unknownRole.json().at("/error/param").asString()).isEqualTo("role");

        for (String bad : List.of("", "not a domain", "localhost", "-x.example", "a..example")) {
            var malformed = http.post(path, admin, TestHttp.json("domain", bad));
            assertThat(malformed.status()).as(bad).isEqualTo(400);
            assertThat(malformed.json().at("/error/param").asString()).as(bad).isEqualTo("domain");
        }
        var shared = http.post(path, admin, TestHttp.json("domain", "gmail.com"));
        assertThat(shared.status()).isEqualTo(400);
        assertThat(shared.json().at("/error/message").asString()).contains("belong to anyone");

        String domain = "taken-" + UUID.randomUUID().toString().substring(0, 8) + ".example";
        assertThat(http.post(path, admin, TestHttp.json("domain", domain)).status()).isEqualTo(201);
        var taken = http.post("/admin/v1/tenants/" + other + "/sso-domains", admin, TestHttp.json("domain", domain));
        assertThat(taken.status()).isEqualTo(409);
        assertThat(taken.errorCode()).isEqualTo("conflict");
        assertThat(taken.json().at("/error/message").asString()).contains("mapped to another organization");

        var notOurs = http.delete("/admin/v1/tenants/" + other + "/sso-domains/" + domain, admin);
        assertThat(notOurs.status()).as("another organization's domain is not found").isEqualTo(404);
        assertThat(notOurs.errorCode()).isEqualTo("not_found");
        var unknownTenant = http.post("/admin/v1/tenants/" + UUID.randomUUID() + "/sso-domains", admin, TestHttp.json("domain", "new.example"));
        assertThat(unknownTenant.status()).isEqualTo(404);
        assertThat(unknownTenant.errorCode()).isEqualTo("not_found");
        assertThat(jdbc.queryForObject("SELECT count(*) FROM sso_domains WHERE tenant_id = ?::uuid", Long.class, tenant)).isEqualTo(1);
    }
}
