package dev.lmaas.platform.ui.billing;

import dev.lmaas.platform.tenant.ConflictException;
import dev.lmaas.platform.tenant.InvalidInputException;
import dev.lmaas.platform.tenant.TenantDirectory;
import dev.lmaas.platform.tenant.TenantView;
import dev.lmaas.platform.ui.port.BillingMode;
import dev.lmaas.platform.ui.port.BillingPortal;
import dev.lmaas.platform.ui.port.BudgetControls;
import dev.lmaas.platform.ui.port.TenantUsage;
import dev.lmaas.platform.ui.port.UsageReports;
import dev.lmaas.platform.ui.web.CsvWriter;
import dev.lmaas.platform.ui.web.Formats;
import dev.lmaas.platform.ui.web.MalformedIdException;
import dev.lmaas.platform.ui.port.PlanCatalog;
import dev.lmaas.platform.ui.port.PlanDetails;
import dev.lmaas.platform.ui.security.ConsolePrincipal;
import dev.lmaas.platform.ui.web.Clients;
import dev.lmaas.platform.ui.web.PortUnavailableException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.List;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
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

    private final dev.lmaas.platform.ui.web.Messages messages;
    private final TenantDirectory tenants;
    private final ObjectProvider<PlanCatalog> plans;
    private final ObjectProvider<BillingPortal> billing;
    private final ObjectProvider<BudgetControls> budgets;
    private final ObjectProvider<UsageReports> usage;
    private final Formats formats;

    PlanController(TenantDirectory tenants, ObjectProvider<PlanCatalog> plans, ObjectProvider<BillingPortal> billing,
                   ObjectProvider<BudgetControls> budgets, ObjectProvider<UsageReports> usage, Formats formats, dev.lmaas.platform.ui.web.Messages messages) {
        this.messages = messages;
        this.tenants = tenants;
        this.plans = plans;
        this.billing = billing;
        this.budgets = budgets;
        this.usage = usage;
        this.formats = formats;
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
        statements(me, model, portal);
        BudgetControls budget = budgets.getIfAvailable();
        model.addAttribute("budgetsAvailable", budget != null);
        model.addAttribute("budget", budget == null ? null : budget.tenantBudget(me.tenant()).orElse(null));
        if (CHECKOUT_SUCCESS.equals(checkout)) {
            model.addAttribute("notice", messages.get("notice.checkout.success"));
        } else if (CHECKOUT_CANCELLED.equals(checkout)) {
            model.addAttribute("notice", messages.get("notice.checkout.cancelled"));
        }
        return "billing";
    }

    @PostMapping("/upgrade")
    String upgrade(@AuthenticationPrincipal ConsolePrincipal me, @RequestParam String plan, HttpServletRequest request,
                   RedirectAttributes redirect) {
        BillingPortal portal = billing.getIfAvailable();
        if (portal == null) {
            throw new PortUnavailableException("unavailable.changingPlans");
        }
        try {
            URI to = portal.startUpgrade(me.tenant(), plan, here(request), Clients.actor(me, request));
            return "redirect:" + to;
        } catch (ConflictException | InvalidInputException e) {
            redirect.addFlashAttribute("error", messages.orText(e.getMessage()));
            return "redirect:/billing";
        }
    }

    /** The last six months from the ledger (both modes), and Stripe's invoices in Stripe mode (a read; a failure is said, not thrown). */
    private void statements(ConsolePrincipal me, Model model, BillingPortal portal) {
        UsageReports reports = usage.getIfAvailable();
        YearMonth now = YearMonth.now(ZoneOffset.UTC);
        model.addAttribute("statements", reports == null ? List.of()
                : reports.months(me.tenant(), now.minusMonths(5), now).reversed());
        if (portal != null && portal.mode() == BillingMode.STRIPE) {
            try {
                model.addAttribute("invoiceList", portal.invoices(me.tenant()));
            } catch (RuntimeException e) {
                model.addAttribute("invoicesError", messages.get("error.invoices"));
            }
        }
    }

    /** One month's statement as CSV: a row per day (UTC) with requests, tokens and cost, then the total. */
    @GetMapping(path = "/statements/{month}.csv", produces = "text/csv")
    void statementCsv(@AuthenticationPrincipal ConsolePrincipal me, @PathVariable String month, HttpServletResponse response) throws IOException {
        UsageReports reports = usage.getIfAvailable();
        if (reports == null) {
            throw new PortUnavailableException("unavailable.statements");
        }
        YearMonth m;
        try {
            m = YearMonth.parse(month);
        } catch (java.time.format.DateTimeParseException e) {
            throw new MalformedIdException();
        }
        TenantUsage u = reports.forTenant(me.tenant(), m);
        response.setContentType("text/csv");
        response.setCharacterEncoding("UTF-8");
        response.setHeader("Content-Disposition", "attachment; filename=\"statement-" + m + ".csv\"");
        CsvWriter csv = new CsvWriter(response.getWriter()).row(List.of("day", "requests", "tokens", "cost", "currency"));
        for (TenantUsage.Day d : u.perDay()) {
            csv.row(List.of(d.day(), d.requests(), d.tokens(), formats.decimal(d.cost()), d.cost().currency().toUpperCase(java.util.Locale.ROOT)));
        }
        csv.row(List.of("total", u.totals().requests(), u.totals().tokens(), formats.decimal(u.totals().cost()), u.totals().cost().currency().toUpperCase(java.util.Locale.ROOT)))
                .flush();
    }

    /** Sets the organization's monthly budget: an amount in the plan's currency, hard or soft, alert percentages. */
    @PostMapping("/budget")
    String setBudget(@AuthenticationPrincipal ConsolePrincipal me, @RequestParam(required = false) String amount,
                     @RequestParam(defaultValue = "false") boolean hard, @RequestParam(defaultValue = "50, 80, 100") String thresholds,
                     HttpServletRequest request, RedirectAttributes redirect) {
        BudgetControls budget = budgets.getIfAvailable();
        if (budget == null) {
            throw new PortUnavailableException("unavailable.budgets");
        }
        try {
            budget.setTenantBudget(me.tenant(), micros(amount), hard, percentages(thresholds), Clients.actor(me, request));
            redirect.addFlashAttribute("notice", messages.get("notice.budget.saved"));
        } catch (InvalidInputException e) {
            redirect.addFlashAttribute("error", messages.orText(e.getMessage()));
        }
        return "redirect:/billing";
    }

    @PostMapping("/budget/remove")
    String removeBudget(@AuthenticationPrincipal ConsolePrincipal me, HttpServletRequest request, RedirectAttributes redirect) {
        BudgetControls budget = budgets.getIfAvailable();
        if (budget == null) {
            throw new PortUnavailableException("unavailable.budgets");
        }
        redirect.addFlashAttribute("notice", budget.removeTenantBudget(me.tenant(), Clients.actor(me, request))
                ? messages.get("notice.budget.removed") : messages.get("notice.budget.none"));
        return "redirect:/billing";
    }

    /** "50" or "12.345678" units of the currency, as integer micro-units. */
    static long micros(String amount) {
        try {
            java.math.BigDecimal units = new java.math.BigDecimal(amount == null ? "" : amount.strip().replace(",", ""));
            if (units.signum() < 0 || units.scale() > 6 || units.compareTo(java.math.BigDecimal.valueOf(1_000_000_000L)) > 0) {
                throw new NumberFormatException();
            }
            return units.movePointRight(6).longValueExact();
        } catch (NumberFormatException | ArithmeticException e) {
            throw new InvalidInputException("error.budget.amount", "amount");
        }
    }

    /** "50, 80, 100" as percentages; anything else is a clear error. */
    static List<Integer> percentages(String list) {
        try {
            return java.util.Arrays.stream((list == null ? "" : list).split("[,\\s]+")).filter(x -> !x.isBlank())
                    .map(x -> Integer.parseInt(x.replace("%", ""))).toList();
        } catch (NumberFormatException e) {
            throw new InvalidInputException("error.budget.thresholds", "thresholds");
        }
    }

    @PostMapping("/portal")
    String portal(@AuthenticationPrincipal ConsolePrincipal me, HttpServletRequest request) {
        BillingPortal portal = billing.getIfAvailable();
        if (portal == null) {
            throw new PortUnavailableException("unavailable.invoices");
        }
        return portal.customerPortal(me.tenant(), here(request)).map(u -> "redirect:" + u)
                .orElseThrow(() -> new PortUnavailableException("unavailable.invoices"));
    }

    private static URI here(HttpServletRequest request) {
        return ServletUriComponentsBuilder.fromContextPath(request).path("/billing").build().toUri();
    }
}
