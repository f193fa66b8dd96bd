package dev.lmaas.platform.ui.playground;

import dev.lmaas.platform.tenant.InvalidInputException;
import dev.lmaas.platform.ui.port.Playground;
import dev.lmaas.platform.ui.port.PlaygroundInput;
import dev.lmaas.platform.ui.port.PlaygroundModel;
import dev.lmaas.platform.ui.port.PlaygroundRefusedException;
import dev.lmaas.platform.ui.security.ConsolePrincipal;
import dev.lmaas.platform.ui.web.Clients;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.List;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;

/** Try a model with the tenant's rights: the call is metered like any API call, and the page shows the equivalent curl. */
@Controller
@RequestMapping("/playground")
class PlaygroundController {

    static final int MAX_TEXT = 8_000;
    private final dev.lmaas.platform.ui.web.Messages messages;
    private final ObjectProvider<Playground> playground;

    /** Model (or task alias), text and its language: Chinese first, the brief's own language. */
    static final List<String[]> EXAMPLES = List.of(
            new String[] {"sentiment", "这是一个示例文本", "zh"},
            new String[] {"sentiment", "这家餐厅的菜很好吃，服务也很周到。", "zh"},
            new String[] {"sentiment", "快递等了一个星期还没到，客服也不回复。", "zh"},
            new String[] {"summarization", "今天上午，公司召开了年度总结会议。会上，总经理回顾了过去一年的主要工作。销售额比去年增长了百分之二十。"
                    + "新产品在市场上获得了良好的反响。同时，会议也指出了存在的问题，例如客户服务响应较慢。最后，总经理宣布明年将加大研发投入。", "zh"},
            new String[] {"sentiment", "The service was quick and the staff were lovely.", "en"});

    private final dev.lmaas.platform.ui.web.ApiBaseUrl apiBaseUrl;

    PlaygroundController(ObjectProvider<Playground> playground, dev.lmaas.platform.ui.web.Messages messages,
                         dev.lmaas.platform.ui.web.ApiBaseUrl apiBaseUrl) {
        this.messages = messages;
        this.playground = playground;
        this.apiBaseUrl = apiBaseUrl;
    }

    @GetMapping
    String page(@AuthenticationPrincipal ConsolePrincipal me, @RequestParam(required = false) String model, Model page) {
        page.addAttribute("examples", EXAMPLES);
        Playground p = playground.getIfAvailable();
        page.addAttribute("available", p != null);
        if (p != null) {
            List<PlaygroundModel> models = p.models(me.tenant());
            page.addAttribute("models", models);
            page.addAttribute("selected", model != null ? model : models.isEmpty() ? null : models.getFirst().id());
        }
        page.addAttribute("text", "");
        page.addAttribute("sourceLanguage", "");
        page.addAttribute("targetLanguage", "");
        return "playground";
    }

    @PostMapping
    String run(@AuthenticationPrincipal ConsolePrincipal me, @RequestParam(defaultValue = "") String model,
               @RequestParam(defaultValue = "") String text, @RequestParam(defaultValue = "") String sourceLanguage,
               @RequestParam(defaultValue = "") String targetLanguage, Model page,
               HttpServletRequest request, HttpServletResponse response) {
        Playground p = playground.getIfAvailable();
        page.addAttribute("examples", EXAMPLES);
        page.addAttribute("available", p != null);
        page.addAttribute("text", text);
        page.addAttribute("selected", model);
        page.addAttribute("sourceLanguage", sourceLanguage);
        page.addAttribute("targetLanguage", targetLanguage);
        if (p == null) {
            response.setStatus(503);
            return "playground";
        }
        List<PlaygroundModel> models = p.models(me.tenant());
        page.addAttribute("models", models);
        PlaygroundModel chosen = models.stream().filter(m -> m.id().equals(model)).findFirst().orElse(null);
        if (chosen == null) {
            return refuse(page, response, 400, messages.get("error.chooseModel"), "model");
        }
        if (text.isBlank()) {
            return refuse(page, response, 400, messages.get("error.playground.blank"), "text");
        }
        if (text.length() > MAX_TEXT) {
            return refuse(page, response, 400, messages.get("error.playground.tooLong", MAX_TEXT), "text");
        }
        PlaygroundInput input = new PlaygroundInput(chosen.id(), chosen.task(), text, language(sourceLanguage), language(targetLanguage));
        if (!sourceLanguage.isBlank() && input.sourceLanguage() == null) {
            return refuse(page, response, 400, messages.get("error.playground.languageCode"), "sourceLanguage");
        }
        if (!targetLanguage.isBlank() && input.targetLanguage() == null) {
            return refuse(page, response, 400, messages.get("error.playground.languageCode"), "targetLanguage");
        }
        if (input.translation() && input.targetLanguage() == null) {
            return refuse(page, response, 400, messages.get("error.playground.target"), "targetLanguage");
        }
        try {
            page.addAttribute("run", p.run(me.tenant(), Clients.actor(me, request), input));
            page.addAttribute("code", PlaygroundExamples.of(apiBaseUrl.of(request), input));
        } catch (PlaygroundRefusedException e) {
            return refuse(page, response, "rate_limit_exceeded".equals(e.code()) ? 429 : 422, e.getMessage(), null);
        } catch (InvalidInputException e) {
            return refuse(page, response, 400, e.getMessage(), "text");
        }
        return "playground";
    }

    /** A language code as the API takes it ({@code en}, {@code EN-us}, {@code eng}); blank: none; anything else: null. */
    private static String language(String typed) {
        String code = typed.strip();
        return code.matches("[A-Za-z]{2,3}([-_][A-Za-z0-9]{2,8})?") ? code : null;
    }

    private static String refuse(Model page, HttpServletResponse response, int status, String message, String field) {
        response.setStatus(status);
        page.addAttribute("error", message);
        page.addAttribute("errorField", field);
        return "playground";
    }
}
