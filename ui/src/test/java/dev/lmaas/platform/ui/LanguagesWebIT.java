package dev.lmaas.platform.ui;

import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.cookie;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.lmaas.platform.tenant.ConsoleAccounts;
import dev.lmaas.platform.tenant.TenantView;
import dev.lmaas.platform.ui.web.ConsoleLocales;
import jakarta.servlet.http.Cookie;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.test.web.servlet.MockMvc;

/**
 * The console in Simplified Chinese and English: the browser's Accept-Language picks the language,
 * the switch ({@code ?lang=}) overrides it and is remembered in a cookie, and English is the default.
 */
@ConsoleIT
class LanguagesWebIT {

    @Autowired MockMvc mvc;
    @Autowired ConsoleAccounts accounts;

    @Test
    void theSignInPageFollowsAcceptLanguage() throws Exception {
        mvc.perform(get("/login").header("Accept-Language", "zh-CN,zh;q=0.9,en;q=0.8"))
                .andExpect(status().isOk())
                .andExpect(content().string(allOf(containsString("<html lang=\"zh-CN\""), containsString("登录 LMaaS"),
                        containsString("忘记密码？"), containsString("注册账号"), not(containsString("Sign in to LMaaS")))));
        mvc.perform(get("/login").header("Accept-Language", "zh-TW,zh;q=0.9"))
                .andExpect(content().string(containsString("登录 LMaaS")));
        mvc.perform(get("/login").header("Accept-Language", "en-GB,en;q=0.9"))
                .andExpect(content().string(allOf(containsString("<html lang=\"en\""), containsString("Sign in to LMaaS"),
                        not(containsString("登录 LMaaS")))));
    }

    @Test
    void englishIsTheDefaultForNoOrAnotherLanguage() throws Exception {
        mvc.perform(get("/login")).andExpect(content().string(allOf(containsString("<html lang=\"en\""), containsString("Sign in to LMaaS"))));
        mvc.perform(get("/login").header("Accept-Language", "de-DE,fr;q=0.8"))
                .andExpect(content().string(allOf(containsString("<html lang=\"en\""), containsString("Sign in to LMaaS"))));
        mvc.perform(get("/login").header("Accept-Language", "de-DE,zh;q=0.5"))
                .andExpect(content().string(containsString("登录 LMaaS")));
    }

    @Test
    void theSwitchSetsACookieThatWinsOverAcceptLanguage() throws Exception {
        mvc.perform(get("/login").param("lang", "zh-CN").header("Accept-Language", "en"))
                .andExpect(status().isOk())
                .andExpect(cookie().value(ConsoleLocales.COOKIE, "zh-CN"))
                .andExpect(cookie().httpOnly(ConsoleLocales.COOKIE, true))
                .andExpect(content().string(containsString("登录 LMaaS")));
        Cookie chinese = new Cookie(ConsoleLocales.COOKIE, "zh-CN");
        mvc.perform(get("/login").cookie(chinese).header("Accept-Language", "en"))
                .andExpect(content().string(allOf(containsString("<html lang=\"zh-CN\""), containsString("登录 LMaaS"))));
        mvc.perform(get("/login").param("lang", "en").cookie(chinese).header("Accept-Language", "zh-CN"))
                .andExpect(cookie().value(ConsoleLocales.COOKIE, "en"))
                .andExpect(content().string(containsString("Sign in to LMaaS")));
        mvc.perform(get("/login").cookie(new Cookie(ConsoleLocales.COOKIE, "en")).header("Accept-Language", "zh-CN"))
                .andExpect(content().string(containsString("Sign in to LMaaS")));
    }

    @Test
    void unsupportedLanguagesAreIgnored() throws Exception {
        mvc.perform(get("/login").param("lang", "fr"))
                .andExpect(status().isOk())
                .andExpect(cookie().doesNotExist(ConsoleLocales.COOKIE))
                .andExpect(content().string(containsString("Sign in to LMaaS")));
        mvc.perform(get("/login").param("lang", "<script>"))
                .andExpect(status().isOk())
                .andExpect(cookie().doesNotExist(ConsoleLocales.COOKIE));
        mvc.perform(get("/login").cookie(new Cookie(ConsoleLocales.COOKIE, "fr-FR")).header("Accept-Language", "zh-CN"))
                .andExpect(content().string(allOf(containsString("<html lang=\"en\""), containsString("Sign in to LMaaS"))));
    }

    @Test
    void theDashboardAndKeysPagesSpeakChinese() throws Exception {
        TenantView t = TestAccounts.customer(accounts, "Languages Co");
        MockHttpSession s = TestAccounts.login(mvc, t.ownerEmail());
        mvc.perform(get("/dashboard").session(s).header("Accept-Language", "zh-CN"))
                .andExpect(status().isOk())
                .andExpect(content().string(allOf(containsString("<html lang=\"zh-CN\""), containsString("<h1>概览</h1>"),
                        containsString("最近的错误"), containsString("API 密钥"), containsString("退出登录"),
                        containsString(">所有者<"), not(containsString("Recent errors")))));
        mvc.perform(get("/keys").session(s).cookie(new Cookie(ConsoleLocales.COOKIE, "zh-CN")))
                .andExpect(status().isOk())
                .andExpect(content().string(allOf(containsString("创建密钥"), containsString("你还没有 API 密钥"),
                        containsString("placeholder=\"例如：生产环境后端\""), not(containsString("Create a key")))));
        mvc.perform(get("/keys").session(s))
                .andExpect(content().string(allOf(containsString("Create a key"), containsString("<html lang=\"en\""),
                        not(containsString("创建密钥")))));
        mvc.perform(get("/dashboard").session(s).header("Accept-Language", "en-US"))
                .andExpect(content().string(allOf(containsString("<h1>Dashboard</h1>"), containsString("Recent errors"))));
    }

    @Test
    void formErrorsAndNoticesSpeakTheReadersLanguage() throws Exception {
        mvc.perform(post("/signup").with(csrf()).header("Accept-Language", "zh-CN").param("organization", "Lang Form Co")
                        .param("email", "lang-form@example.com").param("password", "a long password 1").param("passwordAgain", "another one 2"))
                .andExpect(status().isBadRequest())
                .andExpect(content().string(allOf(containsString("两次输入的密码不一致。"), not(containsString("do not match")))));
        mvc.perform(post("/signup").with(csrf()).param("organization", "Lang Form Co")
                        .param("email", "lang-form@example.com").param("password", "a long password 1").param("passwordAgain", "another one 2"))
                .andExpect(status().isBadRequest())
                .andExpect(content().string(containsString("The two passwords do not match.")));
        // The sign-in page's own sentences come from English-only code; the layout shows the bundle's Chinese.
        mvc.perform(get("/login").param("error", "").header("Accept-Language", "zh-CN"))
                .andExpect(content().string(allOf(containsString("邮箱或密码不正确。"), not(containsString("is not correct")))));
        mvc.perform(get("/login").param("error", ""))
                .andExpect(content().string(containsString("The email or password is not correct.")));
    }

    @Test
    void chartsAndDatesFollowTheLanguage() throws Exception {
        TenantView t = TestAccounts.customer(accounts, "Languages Chart Co");
        MockHttpSession s = TestAccounts.login(mvc, t.ownerEmail());
        String month = java.time.YearMonth.now(java.time.ZoneOffset.UTC).toString(); // 2026-12
        String chinese = Integer.parseInt(month.substring(0, 4)) + "年" + Integer.parseInt(month.substring(5)) + "月";
        mvc.perform(get("/dashboard").session(s).header("Accept-Language", "zh-CN"))
                .andExpect(content().string(allOf(containsString("每日请求数"), containsString("各模型 Token 数"),
                        containsString(chinese), not(containsString("Requests per day")))));
        mvc.perform(get("/dashboard").session(s))
                .andExpect(content().string(allOf(containsString("Requests per day"), not(containsString(chinese)))));
    }

    @Test
    void errorPagesSpeakTheLanguageToo() throws Exception {
        TenantView t = TestAccounts.customer(accounts, "Languages 404 Co");
        MockHttpSession s = TestAccounts.login(mvc, t.ownerEmail());
        mvc.perform(get("/keys/00000000-0000-0000-0000-000000000000").session(s).header("Accept-Language", "zh-CN"))
                .andExpect(status().isNotFound())
                .andExpect(content().string(allOf(containsString("页面不存在"), containsString("返回控制台首页"))));
        mvc.perform(get("/keys/00000000-0000-0000-0000-000000000000").session(s))
                .andExpect(status().isNotFound())
                .andExpect(content().string(containsString("Page not found")));
    }
}
