package dev.lmaas.platform.ui.security.sso;

import dev.lmaas.platform.tenant.SsoRefusedException;
import dev.lmaas.platform.ui.ConsoleProperties;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Arrays;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * Where a refused single sign-on lands: 403 with the reason in words (nobody was created or signed in), or 401 when
 * the exchange with the provider itself failed (cancelled, expired, tampered with).
 */
@Controller
class SsoRefusedController {

    private final ConsoleProperties properties;

    SsoRefusedController(ConsoleProperties properties) {
        this.properties = properties;
    }

    @GetMapping("/sso/refused")
    String refused(@RequestParam(required = false) String reason, Model model, HttpServletResponse response) {
        String code = Arrays.stream(SsoRefusedException.Reason.values()).map(SsoRefusedException.Reason::code)
                .filter(c -> c.equals(reason)).findFirst().orElse("failed");
        response.setStatus("failed".equals(code) ? 401 : 403);
        model.addAttribute("reason", code);
        model.addAttribute("support", properties.supportContact());
        return "sso-refused";
    }
}
