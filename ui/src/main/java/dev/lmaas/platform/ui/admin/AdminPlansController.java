package dev.lmaas.platform.ui.admin;

import dev.lmaas.platform.tenant.InvalidInputException;
import dev.lmaas.platform.tenant.NotFoundException;
import dev.lmaas.platform.ui.port.Money;
import dev.lmaas.platform.ui.port.PlanCatalog;
import dev.lmaas.platform.ui.port.PlanDetails;
import dev.lmaas.platform.ui.port.PlanLimits;
import dev.lmaas.platform.ui.security.ConsolePrincipal;
import dev.lmaas.platform.ui.web.Clients;
import dev.lmaas.platform.ui.web.PortUnavailableException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.math.BigDecimal;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** Admin: the plans on offer, with their limits, price and allowed models. */
@Controller
@RequestMapping("/admin/plans")
class AdminPlansController {

    /** The edit form, as text so bad input comes back with a message; blank limits mean unlimited. */
    record PlanForm(String id, String name, String rpmPerKey, String tpmPerKey, String rpmPerTenant, String tpmPerTenant,
                    String monthlyTokens, String maxKeys, String price, String currency, String allowedModels, Boolean existing) {

        static PlanForm of(PlanDetails p) {
            PlanLimits l = p.limits();
            return new PlanForm(p.id(), p.name(), s(l.requestsPerMinutePerKey()), s(l.tokensPerMinutePerKey()), s(l.requestsPerMinutePerTenant()),
                    s(l.tokensPerMinutePerTenant()), s(l.monthlyTokens()), s(l.maxKeys()),
                    BigDecimal.valueOf(p.monthlyPrice().micros(), 6).stripTrailingZeros().toPlainString(), p.monthlyPrice().currency(),
                    String.join(", ", p.allowedModels()), true);
        }

        PlanDetails toPlan() {
            if (id == null || !ID.matcher(id.strip()).matches()) {
                throw new InvalidInputException("error.plan.id", "id");
            }
            if (name == null || name.isBlank()) {
                throw new InvalidInputException("error.plan.name", "name");
            }
            PlanLimits limits = new PlanLimits(intOrNull(rpmPerKey, "rpmPerKey"), intOrNull(tpmPerKey, "tpmPerKey"),
                    intOrNull(rpmPerTenant, "rpmPerTenant"), intOrNull(tpmPerTenant, "tpmPerTenant"), longOrNull(monthlyTokens, "monthlyTokens"),
                    intOrNull(maxKeys, "maxKeys"));
            // A key's share can never exceed its organization's: such a plan would promise keys what the tenant limit refuses.
            notAbove(limits.requestsPerMinutePerKey(), limits.requestsPerMinutePerTenant(), "rpmPerKey", "requests per minute");
            notAbove(limits.tokensPerMinutePerKey(), limits.tokensPerMinutePerTenant(), "tpmPerKey", "tokens per minute");
            String cur = currency == null || currency.isBlank() ? "USD" : currency.strip().toUpperCase();
            if (!cur.matches("[A-Z]{3}")) {
                throw new InvalidInputException("error.plan.currency", "currency");
            }
            List<String> models = allowedModels == null ? List.of()
                    : Arrays.stream(allowedModels.split("[,\\s]+")).filter(s -> !s.isBlank()).distinct().toList();
            return new PlanDetails(id.strip(), name.strip(), limits, new Money(micros(price), cur), models);
        }

        private static void notAbove(Integer perKey, Integer perOrganization, String field, String what) {
            if (perKey != null && perOrganization != null && perKey > perOrganization) {
                throw new InvalidInputException("A key's " + what + " (" + perKey + ") cannot be above the organization's (" + perOrganization + ")",
                        field);
            }
        }

        private static long micros(String price) {
            try {
                BigDecimal p = new BigDecimal(price == null || price.isBlank() ? "0" : price.strip());
                if (p.signum() < 0 || p.scale() > 6) {
                    throw new NumberFormatException();
                }
                return p.movePointRight(6).longValueExact();
            } catch (NumberFormatException | ArithmeticException e) {
                throw new InvalidInputException("error.plan.price", "price");
            }
        }

        private static Integer intOrNull(String v, String field) {
            Long l = longOrNull(v, field);
            if (l != null && l > Integer.MAX_VALUE) {
                throw new InvalidInputException("error.plan.limitTooLarge", field);
            }
            return l == null ? null : l.intValue();
        }

        private static Long longOrNull(String v, String field) {
            if (v == null || v.isBlank()) {
                return null;
            }
            try {
                long l = Long.parseLong(v.strip().replace("_", "").replace(",", ""));
                if (l < 0) {
                    throw new NumberFormatException();
                }
                return l;
            } catch (NumberFormatException e) {
                throw new InvalidInputException("error.plan.limit", field);
            }
        }

        private static String s(Number n) {
            return n == null ? "" : n.toString();
        }
    }

    private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9_-]{0,39}");
    private final dev.lmaas.platform.ui.web.Messages messages;
    private final ObjectProvider<PlanCatalog> plans;

    AdminPlansController(ObjectProvider<PlanCatalog> plans, dev.lmaas.platform.ui.web.Messages messages) {
        this.messages = messages;
        this.plans = plans;
    }

    @GetMapping
    String list(Model model) {
        PlanCatalog catalog = plans.getIfAvailable();
        model.addAttribute("available", catalog != null);
        model.addAttribute("plans", catalog == null ? List.of() : catalog.plans());
        return "admin/plans";
    }

    @GetMapping("/new")
    String create(Model model) {
        catalog();
        model.addAttribute("form", new PlanForm("", "", "", "", "", "", "", "", "0", "USD", "", false));
        return "admin/plan-edit";
    }

    @GetMapping("/{id}")
    String edit(@PathVariable String id, Model model) {
        PlanDetails plan = catalog().find(id).orElseThrow(() -> new NotFoundException("Plan"));
        model.addAttribute("form", PlanForm.of(plan));
        return "admin/plan-edit";
    }

    @PostMapping
    String save(@AuthenticationPrincipal ConsolePrincipal me, PlanForm form, Model model, HttpServletRequest request,
                HttpServletResponse response, RedirectAttributes redirect) {
        PlanCatalog catalog = catalog();
        try {
            PlanDetails plan = form.toPlan();
            if (!Boolean.TRUE.equals(form.existing()) && catalog.find(plan.id()).isPresent()) {
                throw new InvalidInputException("A plan with this id already exists", "id");
            }
            catalog.save(plan, Clients.actor(me, request));
            redirect.addFlashAttribute("notice", messages.get("notice.plan.saved", plan.name()));
            return "redirect:/admin/plans";
        } catch (InvalidInputException e) {
            response.setStatus(400);
            model.addAttribute("form", form);
            model.addAttribute("error", messages.orText(e.getMessage()));
            model.addAttribute("errorField", e.param());
            return "admin/plan-edit";
        }
    }

    private PlanCatalog catalog() {
        PlanCatalog catalog = plans.getIfAvailable();
        if (catalog == null) {
            throw new PortUnavailableException("unavailable.plans");
        }
        return catalog;
    }
}
