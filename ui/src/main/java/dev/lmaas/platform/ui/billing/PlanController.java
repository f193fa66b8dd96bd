package dev.lmaas.platform.ui.billing;

import dev.lmaas.platform.tenant.ConflictException;
import dev.lmaas.platform.tenant.InvalidInputException;
import dev.lmaas.platform.tenant.TenantDirectory;
import dev.lmaas.platform.tenant.TenantView;
import dev.lmaas.platform.ui.port.BillingMode;
import dev.lmaas.platform.ui.port.BillingPortal;
import dev.lmaas.platform.ui.port.PlanCatalog;
import dev.lmaas.platform.ui.port.PlanDetails;
import dev.lmaas.platform.ui.security.ConsolePrincipal;
import dev.lmaas.platform.ui.web.Clients;
import dev.lmaas.platform.ui.web.PortUnavailableException;
import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import java.util.List;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/** Plan and billing: the current plan and its limits, other plans, upgrade through Stripe Checkout, invoices. */
@Controller
@RequestMapping("/billing")
class PlanController {

    /** Where Checkout sends the browser back: {@code /billing?checkout=success|cancelled} (see {@link BillingPortal#startUpgrade}). */
    static final String CHECKOUT_SUCCESS = BillingPortal.CHECKOUT_SUCCESS;
    static final String CHECKOUT_CANCELLED = BillingPortal.CHECKOUT_CANCELLED;

    private final TenantDirectory tenants;
    private final ObjectProvider<PlanCatalog> plans;
    private final ObjectProvider<BillingPortal> billing;

    PlanController(TenantDirectory tenants, ObjectProvider<PlanCatalog> plans, ObjectProvider<BillingPortal> billing) {
        this.tenants = tenants;
        this.plans = plans;
        this.billing = billing;
    }

    @GetMapping
    String page(@AuthenticationPrincipal ConsolePrincipal me, @RequestParam(required = false) String checkout, Model model,
                HttpServletRequest request) {
        TenantView tenant = tenants.get(me.tenant());
        PlanCatalog catalog = plans.getIfAvailable();
        BillingPortal portal = billing.getIfAvailable();
        List<PlanDetails> all = catalog == null ? List.of() : catalog.plans();
        model.addAttribute("tenant", tenant);
        model.addAttribute("plansAvailable", catalog != null);
        model.addAttribute("plans", all);
        model.addAttribute("current", all.stream().filter(p -> p.id().equals(tenant.planId())).findFirst().orElse(null));
        model.addAttribute("billingAvailable", portal != null);
        model.addAttribute("stripe", portal != null && portal.mode() == BillingMode.STRIPE);
        // Only a button here: opening Stripe's portal creates a customer and a portal session, so it
        // happens on the customer's explicit POST, never on a page view.
        model.addAttribute("portalAvailable", portal != null && portal.mode() == BillingMode.STRIPE);
        if (CHECKOUT_SUCCESS.equals(checkout)) {
            model.addAttribute("notice", "Thank you! Your plan changes as soon as the payment is confirmed.");
        } else if (CHECKOUT_CANCELLED.equals(checkout)) {
            model.addAttribute("notice", "Checkout was cancelled; your plan did not change.");
        }
        return "billing";
    }

    @PostMapping("/upgrade")
    String upgrade(@AuthenticationPrincipal ConsolePrincipal me, @RequestParam String plan, HttpServletRequest request,
                   RedirectAttributes redirect) {
        BillingPortal portal = billing.getIfAvailable();
        if (portal == null) {
            throw new PortUnavailableException("Changing plans");
        }
        try {
            URI to = portal.startUpgrade(me.tenant(), plan, here(request), Clients.actor(me, request));
            return "redirect:" + to;
        } catch (ConflictException | InvalidInputException e) {
            redirect.addFlashAttribute("error", e.getMessage());
            return "redirect:/billing";
        }
    }

    @PostMapping("/portal")
    String portal(@AuthenticationPrincipal ConsolePrincipal me, HttpServletRequest request) {
        BillingPortal portal = billing.getIfAvailable();
        if (portal == null) {
            throw new PortUnavailableException("Invoices");
        }
        return portal.customerPortal(me.tenant(), here(request)).map(u -> "redirect:" + u)
                .orElseThrow(() -> new PortUnavailableException("Invoices"));
    }

    private static URI here(HttpServletRequest request) {
        return ServletUriComponentsBuilder.fromContextPath(request).path("/billing").build().toUri();
    }
}
