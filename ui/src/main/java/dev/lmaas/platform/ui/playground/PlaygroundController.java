package dev.lmaas.platform.ui.playground;

import dev.lmaas.platform.tenant.InvalidInputException;
import dev.lmaas.platform.ui.port.Playground;
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

    PlaygroundController(ObjectProvider<Playground> playground, dev.lmaas.platform.ui.web.Messages messages) {
        this.messages = messages;
        this.playground = playground;
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
        return "playground";
    }

    @PostMapping
    String run(@AuthenticationPrincipal ConsolePrincipal me, @RequestParam(defaultValue = "") String model,
               @RequestParam(defaultValue = "") String text, Model page, HttpServletRequest request, HttpServletResponse response) {
        Playground p = playground.getIfAvailable();
        page.addAttribute("examples", EXAMPLES);
        page.addAttribute("available", p != null);
        page.addAttribute("text", text);
        page.addAttribute("selected", model);
        if (p == null) {
            response.setStatus(503);
            return "playground";
        }
        List<PlaygroundModel> models = p.models(me.tenant());
        page.addAttribute("models", models);
        PlaygroundModel chosen = models.stream().filter(m -> m.id().equals(model)).findFirst().orElse(null);
        if (chosen == null) {
            return refuse(page, response, 400, messages.get("error.chooseModel"));
        }
        if (text.isBlank()) {
            return refuse(page, response, 400, messages.get("error.playground.blank"));
        }
        if (text.length() > MAX_TEXT) {
            return refuse(page, response, 400, messages.get("error.playground.tooLong", MAX_TEXT));
        }
        try {
            page.addAttribute("run", p.run(me.tenant(), Clients.actor(me, request), chosen.id(), chosen.task(), text));
        } catch (PlaygroundRefusedException e) {
            return refuse(page, response, "rate_limit_exceeded".equals(e.code()) ? 429 : 422, e.getMessage());
        } catch (InvalidInputException e) {
            return refuse(page, response, 400, e.getMessage());
        }
        return "playground";
    }

    private static String refuse(Model page, HttpServletResponse response, int status, String message) {
        response.setStatus(status);
        page.addAttribute("error", message);
        return "playground";
    }
}
