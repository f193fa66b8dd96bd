package dev.lmaas.platform.ui;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.lmaas.platform.tenant.Actor;
import dev.lmaas.platform.tenant.ConsoleAccounts;
import dev.lmaas.platform.tenant.TenantDirectory;
import dev.lmaas.platform.tenant.TenantView;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.test.web.servlet.MockMvc;

/**
 * The playground offers every task the plan allows (translation with its languages), says which model ran and in
 * which language, and shows the call as curl, Python requests and the OpenAI client against this platform's address.
 */
@ConsoleIT
class PlaygroundWebIT {

    @Autowired MockMvc mvc;
    @Autowired ConsoleAccounts accounts;
    @Autowired TenantDirectory tenants;

    private MockHttpSession customerOn(String plan) throws Exception {
        TenantView t = TestAccounts.customer(accounts, "Player " + plan);
        tenants.changePlan(t.id(), plan, Actor.SYSTEM);
        return TestAccounts.login(mvc, t.ownerEmail());
    }

    @Test
    void everyTaskThePlanAllowsIsOfferedAndNoOther() throws Exception {
        mvc.perform(get("/playground").session(customerOn("pro"))).andExpect(status().isOk())
                .andExpect(content().string(containsString("all-MiniLM-L6-v2 (embedding)")))
                .andExpect(content().string(containsString("sentiment-en (classification)")))
                .andExpect(content().string(containsString("summarize-extractive (summarization)")))
                .andExpect(content().string(containsString("translation (translation)")))
                .andExpect(content().string(containsString("id=\"targetLanguage\"")));
        mvc.perform(get("/playground").session(customerOn("free"))).andExpect(status().isOk())
                .andExpect(content().string(containsString("sentiment-en (classification)")))
                .andExpect(content().string(not(containsString("translation (translation)"))))
                .andExpect(content().string(not(containsString("id=\"targetLanguage\""))));
    }

    @Test
    void aTranslationNamesItsLanguagesAndShowsTheModelThatRan() throws Exception {
        MockHttpSession s = customerOn("pro");
        mvc.perform(post("/playground").session(s).with(csrf()).param("model", "translation").param("text", "Hello"))
                .andExpect(status().isBadRequest())
                .andExpect(content().string(containsString("<p class=\"field-error\" id=\"targetLanguage-error\">Say which language to translate into")))
                .andExpect(content().string(containsString("aria-describedby=\"targetLanguage-error\"")));
        mvc.perform(post("/playground").session(s).with(csrf()).param("model", "translation").param("text", "Hello").param("targetLanguage", "es!"))
                .andExpect(status().isBadRequest()).andExpect(content().string(containsString("id=\"targetLanguage-error\">A language is a code")));
        mvc.perform(post("/playground").session(s).with(csrf()).param("model", "translation").param("text", "Hello").param("sourceLanguage", "en")
                        .param("targetLanguage", "es"))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("[en→es] Hello")))
                .andExpect(content().string(containsString("<code>apertium-en-es</code>")))
                .andExpect(content().string(containsString("<span class=\"language\">en</span>")))
                .andExpect(content().string(containsString("curl http://localhost/v1/translations")))
                .andExpect(content().string(containsString("&quot;source_language&quot;:&quot;en&quot;,&quot;target_language&quot;:&quot;es&quot;")))
                .andExpect(content().string(containsString("client.post(&quot;/translations&quot;, cast_to=httpx.Response")));
    }

    @Test
    void theExamplesUseTheBriefsShapeAndOpenAisClient() throws Exception {
        MockHttpSession s = customerOn("pro");
        mvc.perform(post("/playground").session(s).with(csrf()).param("model", "sentiment-en").param("text", "I love it, isn't it great?"))
                .andExpect(status().isOk())
                // curl: the body as JSON, a quote in the text escaped for the shell
                .andExpect(content().string(containsString("curl http://localhost/v1/models")))
                .andExpect(content().string(containsString("-d &#39;{&quot;model&quot;:&quot;sentiment-en&quot;,&quot;text&quot;:&quot;I love it, isn&#39;\\&#39;&#39;t it great?&quot;}&#39;")))
                // Python requests: {"text": ...} in, {"output_text": ...} out
                .andExpect(content().string(containsString("requests.post(\n    &quot;http://localhost/v1/models&quot;")))
                .andExpect(content().string(containsString("json={&quot;model&quot;: &quot;sentiment-en&quot;, &quot;text&quot;: &quot;I love it, isn&#39;t it great?&quot;}")))
                .andExpect(content().string(containsString("print(answer.json()[&quot;output_text&quot;])")))
                .andExpect(content().string(containsString("OpenAI(base_url=&quot;http://localhost/v1&quot;, api_key=os.environ[&quot;LMAAS_API_KEY&quot;])")));
        mvc.perform(post("/playground").session(s).with(csrf()).param("model", "all-MiniLM-L6-v2").param("text", "你好"))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("curl http://localhost/v1/embeddings")))
                .andExpect(content().string(containsString("client.embeddings.create(model=&quot;all-MiniLM-L6-v2&quot;, input=[&quot;你好&quot;])")));
    }
}
