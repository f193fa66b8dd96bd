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
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
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

    /**
     * The edit form, as text so bad input comes back with a message; blank limits mean unlimited.
     *
     * @param pricePerMillion the price of a million tokens on top of the monthly price
     * @param overage bill tokens past the monthly quota instead of refusing (a checkbox: null when unticked)
     * @param retentionDays the longest tenants on the plan may keep request payloads, encrypted (blank or 0: not at all)
     */
    record PlanForm(String id, String name, String rpmPerKey, String tpmPerKey, String rpmPerTenant, String tpmPerTenant,
                    String monthlyTokens, String maxKeys, String price, String currency, String allowedModels, Boolean existing,
                    String pricePerMillion, Boolean overage, String retentionDays) {

        static PlanForm of(PlanDetails p) {
            PlanLimits l = p.limits();
            return new PlanForm(p.id(), p.name(), s(l.requestsPerMinutePerKey()), s(l.tokensPerMinutePerKey()), s(l.requestsPerMinutePerTenant()),
                    s(l.tokensPerMinutePerTenant()), s(l.monthlyTokens()), s(l.maxKeys()), decimal(p.monthlyPrice()), p.monthlyPrice().currency(),
                    String.join(", ", p.allowedModels()), true, decimal(p.pricePerMillionTokens()), p.overageAllowed(),
                    String.valueOf(p.maxRetentionDays()));
        }

        static PlanForm blank() {
            return new PlanForm("", "", "", "", "", "", "", "", "0", "USD", "", false, "0", false, "0");
        }

        private static String decimal(Money m) {
            return BigDecimal.valueOf(m.micros(), 6).stripTrailingZeros().toPlainString();
        }

        PlanDetails toPlan(dev.lmaas.platform.ui.web.Messages messages) {
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
            notAbove(limits.requestsPerMinutePerKey(), limits.requestsPerMinutePerTenant(), "rpmPerKey", "error.plan.rpmAboveOrganization", messages);
            notAbove(limits.tokensPerMinutePerKey(), limits.tokensPerMinutePerTenant(), "tpmPerKey", "error.plan.tpmAboveOrganization", messages);
            String cur = currency == null || currency.isBlank() ? "USD" : currency.strip().toUpperCase();
            if (!cur.matches("[A-Z]{3}")) {
                throw new InvalidInputException("error.plan.currency", "currency");
            }
            if (overage != null && overage && limits.monthlyTokens() == null) {
                throw new InvalidInputException("error.plan.overageWithoutQuota", "overage");
            }
            return new PlanDetails(id.strip(), name.strip(), limits, new Money(micros(price, "price"), cur), models(),
                    new Money(micros(pricePerMillion, "pricePerMillion"), cur), overage != null && overage, retention());
        }

        List<String> models() {
            return allowedModels == null ? List.of()
                    : Arrays.stream(allowedModels.split("[,\\s]+")).filter(s -> !s.isBlank()).distinct().toList();
        }

        private int retention() {
            Long days = longOrNull(retentionDays, "retentionDays");
            if (days != null && days > 3650) {
                throw new InvalidInputException("error.plan.retention", "retentionDays");
            }
            return days == null ? 0 : days.intValue();
        }

        private static void notAbove(Integer perKey, Integer perOrganization, String field, String key, dev.lmaas.platform.ui.web.Messages messages) {
            if (perKey != null && perOrganization != null && perKey > perOrganization) {
                throw new InvalidInputException(messages.get(key, String.valueOf(perKey), String.valueOf(perOrganization)), field);
            }
        }

        private static long micros(String price, String field) {
            try {
                BigDecimal p = new BigDecimal(price == null || price.isBlank() ? "0" : price.strip());
                if (p.signum() < 0 || p.scale() > 6) {
                    throw new NumberFormatException();
                }
                return p.movePointRight(6).longValueExact();
            } catch (NumberFormatException | ArithmeticException e) {
                throw new InvalidInputException("error.plan.price", field);
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
        model.addAttribute("form", PlanForm.blank());
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
            PlanDetails plan = form.toPlan(messages);
            Optional<PlanDetails> current = catalog.find(plan.id());
            if (!Boolean.TRUE.equals(form.existing()) && current.isPresent()) {
                throw new InvalidInputException("A plan with this id already exists", "id");
            }
            List<String> unknown = unknownModels(plan, current, catalog);
            if (!unknown.isEmpty()) {
                throw new InvalidInputException(messages.get("error.plan.unknownModels", String.join(", ", unknown)), "allowedModels");
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

    /**
     * Models newly listed that no node serves or has served: most likely a typo, which would leave the plan's tenants
     * with a model they can never call. Models the plan already lists stay (a node may be down for now), and a prefix
     * ({@code apertium-*}) names models to come.
     */
    private static List<String> unknownModels(PlanDetails plan, Optional<PlanDetails> current, PlanCatalog catalog) {
        Set<String> known = new HashSet<>(catalog.knownModels());
        current.ifPresent(c -> known.addAll(c.allowedModels()));
        return plan.allowedModels().stream().filter(m -> !m.endsWith("*") && !known.contains(m)).toList();
    }

    private PlanCatalog catalog() {
        PlanCatalog catalog = plans.getIfAvailable();
        if (catalog == null) {
            throw new PortUnavailableException("unavailable.plans");
        }
        return catalog;
    }
}
