package dev.lmaas.platform.ui;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.lmaas.platform.tenant.ConsoleAccounts;
import dev.lmaas.platform.tenant.TenantView;
import dev.lmaas.platform.ui.fakes.FakeBillingPortal;
import dev.lmaas.platform.ui.port.BillingMode;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.servlet.MockMvc;

/**
 * An installation as its operator set it up: no support contact ({@code lmaas.console.support-contact} unset), so no
 * page shows a made-up contact and the sentences that would name one say what to do without it (with a contact set,
 * ConsoleWebIT and ConsoleBrowserIT see it); and a public URL ({@code lmaas.api.public-url}), which the playground's
 * code examples use instead of the address the console was reached at.
 */
@ConsoleIT
@TestPropertySource(properties = {"lmaas.console.support-contact=", "lmaas.api.public-url=https://api.lmaas.example/"})
class OperatorSettingsWebIT {

    @Autowired MockMvc mvc;
    @Autowired ConsoleAccounts accounts;
    @Autowired FakeBillingPortal billing;

    @Test
    void noContactIsInventedWhereTheOperatorSetNone() throws Exception {
        mvc.perform(get("/login").param("error", "suspended")).andExpect(status().isOk())
                .andExpect(content().string(containsString("Your organization&#39;s account is suspended, so you cannot sign in.")))
                .andExpect(content().string(not(containsString("Contact "))))
                .andExpect(content().string(not(containsString("the operator of this LMaaS installation"))))
                .andExpect(content().string(not(containsString("Support:"))));
        mvc.perform(get("/login").param("error", "suspended").header("Accept-Language", "zh-CN"))
                .andExpect(content().string(containsString("您所在组织的账户已被暂停，因此无法登录。")))
                .andExpect(content().string(not(containsString("请联系"))));
        mvc.perform(get("/login").param("registered", "1"))
                .andExpect(content().string(containsString("use that account&#39;s password instead.")))
                .andExpect(content().string(not(containsString("or contact"))));

        billing.mode(BillingMode.LOCAL);
        TenantView t = TestAccounts.customer(accounts, "Contactless Co");
        MockHttpSession s = TestAccounts.login(mvc, t.ownerEmail());
        mvc.perform(get("/billing").session(s)).andExpect(status().isOk())
                .andExpect(content().string(containsString("To change your plan, ask an administrator of this installation.")))
                .andExpect(content().string(not(containsString("the operator of this LMaaS installation"))))
                .andExpect(content().string(not(containsString("Support:"))));
    }

    @Test
    void thePlaygroundsExamplesUseTheConfiguredPublicUrl() throws Exception {
        TenantView t = TestAccounts.customer(accounts, "Public Url Co");
        MockHttpSession s = TestAccounts.login(mvc, t.ownerEmail());
        mvc.perform(post("/playground").session(s).with(csrf()).param("model", "sentiment-en").param("text", "I love it"))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("curl https://api.lmaas.example/v1/models")))
                .andExpect(content().string(containsString("&quot;https://api.lmaas.example/v1/models&quot;")))
                .andExpect(content().string(containsString("OpenAI(base_url=&quot;https://api.lmaas.example/v1&quot;")))
                .andExpect(content().string(not(containsString("http://localhost/v1"))));
    }
}
