package dev.lmaas.platform.ui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;

import dev.lmaas.platform.db.DataDirectory;
import dev.lmaas.platform.tenant.ConsoleAccounts;
import dev.lmaas.platform.tenant.TenantView;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.RequestPostProcessor;

/**
 * A member's own language, chosen on the account page and kept with the account: it wins over the browser's
 * Accept-Language on every new session, and the mail to the member (password resets) and from the member
 * (invitations they send) is written in it. Without a choice, mail follows the page that asked for it.
 */
@ConsoleIT
class MemberLanguageWebIT {

    @Autowired MockMvc mvc;
    @Autowired ConsoleAccounts accounts;
    @Autowired JdbcTemplate jdbc;
    @Autowired DataDirectory data;

    /** Password resets are throttled per client address: these come from an address of their own. */
    static final RequestPostProcessor OWN_ADDRESS = r -> {
        r.setRemoteAddr("10.21.0." + (1 + (int) (Math.random() * 250)));
        return r;
    };

    Path mail() {
        return data.resolve("mail");
    }

    String language(TenantView t) {
        return jdbc.queryForObject("SELECT language FROM console_users WHERE lower(email) = lower(?)", String.class, t.ownerEmail());
    }

    @Test
    void theMembersChoiceWinsOverTheBrowserAndWritesTheirMail() throws Exception {
        TenantView t = TestAccounts.customer(accounts, "Sprache Co");
        MockHttpSession s = TestAccounts.login(mvc, t.ownerEmail());
        mvc.perform(get("/account/password").session(s).header("Accept-Language", "en"))
                .andExpect(content().string(containsString("<option value=\"\" selected=\"selected\">As my browser asks</option>")));
        var saved = mvc.perform(post("/account/language").session(s).with(csrf()).param("language", "zh-CN"))
                .andExpect(redirectedUrl("/account/password")).andReturn();
        assertThat(saved.getFlashMap().get("notice")).isEqualTo("account.language.saved");
        assertThat(saved.getResponse().getCookie("lmaas-lang").getValue()).as("this browser follows at once").isEqualTo("zh-CN");
        assertThat(language(t)).isEqualTo("zh-CN");

        // Another device: a new session, no language cookie, a browser asking for English. The member's choice wins.
        MockHttpSession other = TestAccounts.login(mvc, t.ownerEmail());
        mvc.perform(get("/account/password").session(other).header("Accept-Language", "en-US,en;q=0.9"))
                .andExpect(content().string(containsString("跟随浏览器设置")))
                .andExpect(content().string(containsString("<option value=\"zh-CN\" lang=\"zh-CN\" selected=\"selected\">中文</option>")));

        // Mail to the member is in their language, whatever the page that asked for it spoke.
        mvc.perform(post("/forgot-password").with(csrf()).with(OWN_ADDRESS).param("email", t.ownerEmail()).header("Accept-Language", "en"));
        assertThat(Mailbox.to(mail(), t.ownerEmail())).singleElement().asString().startsWith("Subject: 设置新密码")
                .contains("请在一小时内通过以下链接设置新密码").contains("/reset-password?token=");
        // An invitation they send is written in it too.
        String invitee = "neu-" + UUID.randomUUID().toString().substring(0, 8) + "@example.test";
        mvc.perform(post("/members/invitations").session(other).with(csrf()).param("email", invitee).param("role", "developer")
                .header("Accept-Language", "en")).andExpect(redirectedUrl("/members"));
        assertThat(Mailbox.to(mail(), invitee)).singleElement().asString()
                .startsWith("Subject: 邀请您以开发者身份加入 LMaaS 上的组织“Sprache Co”")
                .contains(t.ownerEmail() + " 邀请您加入 LMaaS 上的组织“Sprache Co”，角色为开发者：管理 API 密钥和使用试用台；可查看用量。")
                .contains("/invitations/accept?token=");

        // A forged value changes nothing; choosing the browser again clears the choice.
        var forged = mvc.perform(post("/account/language").session(s).with(csrf()).param("language", "fr"))
                .andExpect(redirectedUrl("/account/password")).andReturn();
        assertThat(forged.getFlashMap().get("error")).isEqualTo("account.language.invalid");
        assertThat(language(t)).isEqualTo("zh-CN");
        mvc.perform(post("/account/language").session(s).with(csrf()).param("language", "")).andExpect(redirectedUrl("/account/password"));
        assertThat(language(t)).isNull();
        mvc.perform(get("/account/password").session(TestAccounts.login(mvc, t.ownerEmail())).header("Accept-Language", "en"))
                .andExpect(content().string(containsString("As my browser asks")));
        assertThat(jdbc.queryForList("SELECT target_id FROM audit_log WHERE tenant_id = ? AND action = 'account.language_changed' ORDER BY seq",
                String.class, t.id().value())).hasSize(2).last().asString().endsWith(" browser");
    }

    @Test
    void withoutAChoiceResetMailFollowsThePageThatAskedForIt() throws Exception {
        TenantView t = TestAccounts.customer(accounts, "Browser Co");
        mvc.perform(post("/forgot-password").with(csrf()).with(OWN_ADDRESS).param("email", t.ownerEmail()).header("Accept-Language", "zh-CN"));
        assertThat(Mailbox.to(mail(), t.ownerEmail())).singleElement().asString().startsWith("Subject: 设置新密码");
        mvc.perform(post("/forgot-password").with(csrf()).with(OWN_ADDRESS).param("email", t.ownerEmail()).header("Accept-Language", "en"));
        assertThat(Mailbox.to(mail(), t.ownerEmail())).hasSize(2).anySatisfy(m -> assertThat(m).startsWith("Subject: Choose a new password")
                .contains("Choose a new one here within an hour:"));
    }
}
