package dev.lmaas.platform.ui;

import static org.hamcrest.Matchers.containsString;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.lmaas.platform.tenant.ConsoleAccounts;
import dev.lmaas.platform.tenant.TenantView;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.test.web.servlet.MockMvc;

/** With no port implemented at all, every page still renders and says what is not available; actions answer 503. */
@SpringBootTest(classes = ConsoleTestApplication.class, properties = "console.test.fakes=false")
@AutoConfigureMockMvc
class PortsMissingIT {

    @Autowired MockMvc mvc;
    @Autowired ConsoleAccounts accounts;

    @Test
    void customerPagesSayWhatIsNotAvailable() throws Exception {
        TenantView t = TestAccounts.customer(accounts, "Bare Co");
        MockHttpSession s = TestAccounts.login(mvc, t.ownerEmail());
        for (String path : List.of("/dashboard", "/playground", "/billing", "/settings", "/settings/audit")) {
            mvc.perform(get(path).session(s)).andExpect(status().isOk()).andExpect(content().string(containsString("not available on this installation")));
        }
        mvc.perform(get("/keys").session(s)).andExpect(status().isOk()).andExpect(content().string(containsString("Create a key")));
        mvc.perform(post("/billing/upgrade").session(s).with(csrf()).param("plan", "pro")).andExpect(status().isServiceUnavailable())
                .andExpect(content().string(containsString("Changing plans is not available on this installation.")));
        mvc.perform(post("/settings/retention").session(s).with(csrf()).param("mode", "NONE")).andExpect(status().isServiceUnavailable());
        mvc.perform(post("/playground").session(s).with(csrf()).param("model", "m").param("text", "t")).andExpect(status().isServiceUnavailable());
    }

    @Test
    void adminPagesSayWhatIsNotAvailable() throws Exception {
        TestAccounts.ensureAdmin(accounts);
        TenantView t = TestAccounts.customer(accounts, "Bare Admin View");
        MockHttpSession s = TestAccounts.login(mvc, TestAccounts.ADMIN_EMAIL);
        for (String path : List.of("/admin/usage", "/admin/nodes", "/admin/audit", "/admin/plans", "/admin/tenants/" + t.id() + "/delete")) {
            mvc.perform(get(path).session(s)).andExpect(status().isOk()).andExpect(content().string(containsString("not available on this installation")));
        }
        mvc.perform(get("/admin/tenants/" + t.id()).session(s)).andExpect(status().isOk())
                .andExpect(content().string(containsString("Usage reporting is not available")));
        mvc.perform(get("/admin/usage/export.csv").session(s)).andExpect(status().isServiceUnavailable());
        mvc.perform(get("/admin/plans/new").session(s)).andExpect(status().isServiceUnavailable());
        mvc.perform(post("/admin/tenants/" + t.id() + "/delete").session(s).with(csrf()).param("confirmation", "Bare Admin View"))
                .andExpect(status().isServiceUnavailable());
    }
}
