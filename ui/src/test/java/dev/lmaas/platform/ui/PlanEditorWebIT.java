package dev.lmaas.platform.ui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.matchesPattern;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.lmaas.platform.tenant.ConsoleAccounts;
import dev.lmaas.platform.ui.fakes.FakePlanCatalog;
import dev.lmaas.platform.ui.port.Money;
import dev.lmaas.platform.ui.port.PlanDetails;
import dev.lmaas.platform.ui.port.PlanLimits;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

/** The admin's plan editor: refusals next to the field they concern, unknown models, and the price, overage and retention fields. */
@ConsoleIT
class PlanEditorWebIT {

    @Autowired MockMvc mvc;
    @Autowired ConsoleAccounts accounts;
    @Autowired FakePlanCatalog catalog;

    MockHttpSession admin;

    @BeforeEach
    void signIn() throws Exception {
        TestAccounts.ensureAdmin(accounts);
        admin = TestAccounts.login(mvc, TestAccounts.ADMIN_EMAIL);
    }

    private MockHttpServletRequestBuilder save(String id, String... params) {
        MockHttpServletRequestBuilder b = post("/admin/plans").session(admin).with(csrf()).param("id", id).param("name", "Plan " + id);
        for (int i = 0; i < params.length; i += 2) {
            b.param(params[i], params[i + 1]);
        }
        return b;
    }

    @Test
    void aModelNoNodeServesIsRefusedNextToTheModelsField() throws Exception {
        mvc.perform(save("typo", "allowedModels", "sentiment-en, all-MiniLM-L6-v3"))
                .andExpect(status().isBadRequest())
                .andExpect(content().string(matchesPattern("(?s).*<p class=\"field-error\" id=\"allowedModels-error\">No node serves all-MiniLM-L6-v3\\..*")))
                .andExpect(content().string(containsString("aria-describedby=\"allowedModels-error allowedModels-hint\"")));
        assertThat(catalog.find("typo")).isEmpty();
        // Known models, task aliases and prefixes are fine.
        mvc.perform(save("typo", "allowedModels", "sentiment-en, summarization, apertium-*")).andExpect(redirectedUrl("/admin/plans"));
        // A model the plan already lists stays, though no node serves it now (the node may be down).
        catalog.save(new PlanDetails("legacy", "Legacy", PlanLimits.UNLIMITED, Money.zero("USD"), List.of("retired-model")), null);
        mvc.perform(save("legacy", "existing", "true", "allowedModels", "retired-model, sentiment-en")).andExpect(redirectedUrl("/admin/plans"));
        assertThat(catalog.find("legacy").orElseThrow().allowedModels()).containsExactly("retired-model", "sentiment-en");
    }

    @Test
    void aKeyLimitAboveTheOrganizationsIsRefusedNextToTheKeyField() throws Exception {
        mvc.perform(save("keyed", "rpmPerKey", "500", "rpmPerTenant", "100")).andExpect(status().isBadRequest())
                .andExpect(content().string(containsString(
                        "<p class=\"field-error\" id=\"rpmPerKey-error\">A key&#39;s requests per minute (500) cannot be above the organization&#39;s (100)</p>")))
                .andExpect(content().string(containsString("aria-describedby=\"rpmPerKey-error\"")));
        mvc.perform(save("keyed", "tpmPerKey", "9000", "tpmPerTenant", "1000").header("Accept-Language", "zh-CN"))
                .andExpect(status().isBadRequest())
                .andExpect(content().string(containsString("id=\"tpmPerKey-error\">单个密钥的每分钟 token 数（9000）不能高于组织的限额（1000）</p>")));
    }

    @Test
    void perTokenPriceOverageAndRetentionAreEditedAndBlankLimitsStayUnlimited() throws Exception {
        mvc.perform(save("metered", "price", "10", "pricePerMillion", "2.50", "overage", "true", "monthlyTokens", "1,000,000",
                "retentionDays", "30")).andExpect(redirectedUrl("/admin/plans"));
        PlanDetails saved = catalog.find("metered").orElseThrow();
        assertThat(saved.pricePerMillionTokens()).isEqualTo(Money.of(2_500_000, "USD"));
        assertThat(saved.overageAllowed()).isTrue();
        assertThat(saved.maxRetentionDays()).isEqualTo(30);
        assertThat(saved.limits()).isEqualTo(new PlanLimits(null, null, null, null, 1_000_000L, null));
        mvc.perform(get("/admin/plans/metered").session(admin)).andExpect(status().isOk())
                .andExpect(content().string(containsString("id=\"pricePerMillion\" name=\"pricePerMillion\" type=\"text\" inputmode=\"decimal\" value=\"2.5\"")))
                .andExpect(content().string(containsString("id=\"retentionDays\" name=\"retentionDays\" type=\"text\" inputmode=\"numeric\" value=\"30\"")))
                .andExpect(content().string(matchesPattern("(?s).*id=\"overage\" name=\"overage\" type=\"checkbox\" value=\"true\" checked=\"checked\".*")))
                .andExpect(content().string(containsString("id=\"rpmPerKey\" name=\"rpmPerKey\" type=\"text\" inputmode=\"numeric\" value=\"\"")));

        mvc.perform(save("metered", "existing", "true", "overage", "true")).andExpect(status().isBadRequest())
                .andExpect(content().string(containsString("id=\"overage-error\">Overage needs a monthly token quota")));
        mvc.perform(save("metered", "existing", "true", "retentionDays", "4000")).andExpect(status().isBadRequest())
                .andExpect(content().string(containsString("id=\"retentionDays-error\">Payload retention is a number of days from 0 to 3650.")));
        mvc.perform(save("metered", "existing", "true", "pricePerMillion", "-1")).andExpect(status().isBadRequest())
                .andExpect(content().string(containsString("id=\"pricePerMillion-error\">The price must be a positive amount")));
        // Unticked, the checkbox sends nothing: overage is off.
        mvc.perform(save("metered", "existing", "true", "monthlyTokens", "1000")).andExpect(redirectedUrl("/admin/plans"));
        assertThat(catalog.find("metered").orElseThrow().overageAllowed()).isFalse();
    }
}
