package dev.lmaas.platform.ui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.model;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.lmaas.platform.tenant.Actor;
import dev.lmaas.platform.tenant.AuditEntry;
import dev.lmaas.platform.tenant.AuditLog;
import dev.lmaas.platform.tenant.ConsoleAccounts;
import dev.lmaas.platform.tenant.TenantView;
import dev.lmaas.platform.ui.port.AuditPage;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.test.web.servlet.MockMvc;

/**
 * The admin audit log as operators read it: tenants by name (shown and searched), records named by who acted, pages
 * to older records and back to newer ones. Real tenant-admin audit log on PostgreSQL.
 */
@ConsoleIT
class AuditTrailWebIT {

    @Autowired MockMvc mvc;
    @Autowired ConsoleAccounts accounts;
    @Autowired AuditLog log;

    MockHttpSession admin;

    @BeforeEach
    void signIn() throws Exception {
        TestAccounts.ensureAdmin(accounts);
        admin = TestAccounts.login(mvc, TestAccounts.ADMIN_EMAIL);
    }

    @Test
    void tenantsAreShownByNameAndFoundByName() throws Exception {
        String brand = "Zebra" + UUID.randomUUID().toString().substring(0, 6);
        TenantView labs = TestAccounts.customer(accounts, brand + " Labs");
        TenantView europe = TestAccounts.customer(accounts, brand + " Labs Europe");

        mvc.perform(get("/admin/audit").session(admin).param("tenant", labs.id().toString())).andExpect(status().isOk())
                .andExpect(content().string(containsString(">" + brand + " Labs</a>")))
                .andExpect(model().attribute("tenantId", labs.id().toString()));
        // The name it names exactly (in any case) wins, though it is also part of another name.
        mvc.perform(get("/admin/audit").session(admin).param("tenant", (brand + " labs").toUpperCase())).andExpect(status().isOk())
                .andExpect(model().attribute("tenantId", labs.id().toString()))
                .andExpect(content().string(containsString(">" + brand + " Labs</a>")))
                .andExpect(content().string(not(containsString(">" + brand + " Labs Europe</a>"))));
        // Part of one name only: that tenant.
        mvc.perform(get("/admin/audit").session(admin).param("tenant", brand + " Labs Eu"))
                .andExpect(model().attribute("tenantId", europe.id().toString()));
        // Part of several: a choice, never a guess, and no record until one is chosen.
        var several = mvc.perform(get("/admin/audit").session(admin).param("tenant", brand).param("action", "tenant."))
                .andExpect(status().isOk()).andExpect(content().string(containsString("Several organizations match “" + brand + "”")))
                .andExpect(content().string(containsString("tenant=" + labs.id() + "&amp;action=tenant.")))
                .andExpect(content().string(containsString("tenant=" + europe.id() + "&amp;action=tenant.")))
                .andReturn();
        assertThat(((AuditPage) several.getModelAndView().getModel().get("page")).entries()).isEmpty();
        mvc.perform(get("/admin/audit").session(admin).param("tenant", "Nobody " + brand)).andExpect(status().isOk())
                .andExpect(content().string(containsString("No organization matches “Nobody " + brand + "”")));
    }

    @Test
    void pagesGoToOlderRecordsAndBackToNewerOnes() throws Exception {
        TenantView t = TestAccounts.customer(accounts, "Busy " + UUID.randomUUID().toString().substring(0, 6));
        Actor member = Actor.user(UUID.randomUUID().toString(), "dev@busy.test", "10.1.2.3");
        List<AuditEntry> actions = new ArrayList<>();
        for (int i = 0; i < 120; i++) {
            actions.add(AuditEntry.action(member, t.id(), "member.noted", "note", "n" + i));
        }
        log.append(actions);

        AuditPage first = page(get("/admin/audit").session(admin).param("tenant", t.id().toString()).param("action", "member."),
                "id=\"older\"", "id=\"newer\"");
        assertThat(first.entries()).hasSize(50).allSatisfy(e -> assertThat(e.actorLabel()).isEqualTo("dev@busy.test"));
        AuditPage second = page(get("/admin/audit").session(admin).param("tenant", t.id().toString()).param("action", "member.")
                .param("cursor", first.nextCursor()), "id=\"newer\"", null);
        AuditPage third = page(get("/admin/audit").session(admin).param("tenant", t.id().toString()).param("action", "member.")
                .param("cursor", second.nextCursor()), "id=\"newer\"", "id=\"older\"");
        assertThat(third.entries()).hasSize(20);
        AuditPage backToSecond = page(get("/admin/audit").session(admin).param("tenant", t.id().toString()).param("action", "member.")
                .param("cursor", third.newerCursor()), "id=\"older\"", null);
        assertThat(ids(backToSecond)).isEqualTo(ids(second));
        AuditPage backToFirst = page(get("/admin/audit").session(admin).param("tenant", t.id().toString()).param("action", "member.")
                .param("cursor", backToSecond.newerCursor()), "id=\"older\"", "id=\"newer\"");
        assertThat(ids(backToFirst)).isEqualTo(ids(first));
    }

    /** Reads a page, checking the pager link it must show and the one it must not (null: no check). */
    private AuditPage page(org.springframework.test.web.servlet.RequestBuilder request, String shows, String hides) throws Exception {
        var result = mvc.perform(request).andExpect(status().isOk()).andExpect(content().string(containsString(shows)));
        if (hides != null) {
            result.andExpect(content().string(not(containsString(hides))));
        }
        return (AuditPage) result.andReturn().getModelAndView().getModel().get("page");
    }

    private static List<String> ids(AuditPage page) {
        return page.entries().stream().map(e -> e.id()).toList();
    }
}
