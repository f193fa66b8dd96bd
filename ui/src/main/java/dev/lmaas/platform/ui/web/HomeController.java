package dev.lmaas.platform.ui.web;

import dev.lmaas.platform.ui.security.ConsolePrincipal;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;

/** The console's front door: admins land on tenants, customers on their dashboard. */
@Controller
class HomeController {

    @GetMapping("/")
    String home(@AuthenticationPrincipal ConsolePrincipal me) {
        return me.isAdmin() ? "redirect:/admin/tenants" : "redirect:/dashboard";
    }
}
