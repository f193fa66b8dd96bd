package dev.lmaas.platform.ui.keys;

import dev.lmaas.platform.tenant.ApiKeyId;
import dev.lmaas.platform.tenant.ApiKeyIssuer;
import dev.lmaas.platform.tenant.ApiKeyView;
import dev.lmaas.platform.tenant.ConflictException;
import dev.lmaas.platform.tenant.InvalidInputException;
import dev.lmaas.platform.tenant.KeyPermission;
import dev.lmaas.platform.tenant.IssuedKey;
import dev.lmaas.platform.ui.port.Playground;
import dev.lmaas.platform.ui.port.PlaygroundModel;
import dev.lmaas.platform.ui.security.ConsolePrincipal;
import dev.lmaas.platform.ui.web.Clients;
import dev.lmaas.platform.ui.web.Ids;
import dev.lmaas.platform.ui.web.ReasonRefusals;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
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

/**
 * The tenant's API keys: list, create (the secret is shown once, on the page right after), rotate
 * and revoke (after a confirmation page). Every key is looked up through the signed-in user's
 * tenant, so another tenant's key id is "not found".
 */
@Controller
@RequestMapping("/keys")
class KeysController {

    /** The key-creation form. */
    /** The new-key form; {@code permissionsChosen} tells an empty choice (no reads) from a form without the choice (defaults). */
    record NewKey(String name, List<String> models, String modelsText, String expiresOn, List<String> permissions, String permissionsChosen) {
    }

    private final dev.lmaas.platform.ui.web.Messages messages;
    private final ApiKeyIssuer keys;
    private final ObjectProvider<Playground> playground;

    KeysController(ApiKeyIssuer keys, ObjectProvider<Playground> playground, dev.lmaas.platform.ui.web.Messages messages) {
        this.messages = messages;
        this.keys = keys;
        this.playground = playground;
    }

    @GetMapping
    String list(@AuthenticationPrincipal ConsolePrincipal me, Model model) {
        List<ApiKeyView> all = keys.list(me.tenant());
        model.addAttribute("keys", all);
        model.addAttribute("activeCount", all.stream().filter(k -> "active".equals(k.status())).count());
        List<String> choices = modelChoices(me);
        model.addAttribute("modelChoices", choices);
        if (model.getAttribute("issued") instanceof IssuedKey issued) {
            model.addAttribute("curlExample", curl((String) model.getAttribute("apiBase"), issued.secret(),
                    choices.isEmpty() ? "all-MiniLM-L6-v2" : choices.getFirst()));
        }
        if (!model.containsAttribute("form")) {
            model.addAttribute("form", new NewKey("", List.of(), "", "", List.of(), null));
        }
        return "keys/list";
    }

    @PostMapping
    String create(@AuthenticationPrincipal ConsolePrincipal me, NewKey form, Model model, HttpServletRequest request,
                  HttpServletResponse response) {
        try {
            Instant expires = expiry(form.expiresOn());
            Set<KeyPermission> permissions = form.permissionsChosen() == null ? null
                    : KeyPermission.parseAll(form.permissions() == null ? List.of() : form.permissions());
            IssuedKey issued = keys.issue(me.tenant(), form.name(), scopes(form), expires, permissions, Clients.actor(me, request));
            return showOnce(me, issued, model, response);
        } catch (InvalidInputException | ConflictException e) {
            response.setStatus(e instanceof ConflictException ? 409 : 400);
            model.addAttribute("error", messages.orText(e.getMessage()));
            model.addAttribute("form", form);
            return list(me, model);
        }
    }

    @GetMapping("/{id}")
    String detail(@AuthenticationPrincipal ConsolePrincipal me, @PathVariable String id, Model model) {
        model.addAttribute("key", owned(me, id));
        return "keys/detail";
    }

    /**
     * A rotation with a grace period happens at once. Without one the current secret stops at once and every app still
     * using it fails, so the member first confirms on a page of its own and gives a reason, which the audit record keeps.
     */
    @PostMapping("/{id}/rotate")
    String rotate(@AuthenticationPrincipal ConsolePrincipal me, @PathVariable String id, @RequestParam(defaultValue = "24") long graceHours,
                  @RequestParam(defaultValue = "false") boolean confirmed, @RequestParam(defaultValue = "") String reason,
                  HttpServletRequest request, HttpServletResponse response, Model model) {
        ApiKeyView key = owned(me, id);
        long grace = Math.max(0, Math.min(graceHours, 720));
        if (grace == 0 && !confirmed) {
            model.addAttribute("key", key);
            model.addAttribute("reason", "");
            return "keys/rotate-now";
        }
        IssuedKey issued;
        try {
            issued = keys.rotate(key.id(), Duration.ofHours(grace), Clients.actor(me, request), grace == 0 ? reason : null);
        } catch (InvalidInputException e) {
            response.setStatus(400);
            model.addAttribute("key", key);
            model.addAttribute("reason", reason);
            model.addAttribute("errorField", "reason");
            model.addAttribute("error", ReasonRefusals.message(messages, reason));
            return "keys/rotate-now";
        }
        model.addAttribute("rotatedGraceHours", grace);
        return showOnce(me, issued, model, response);
    }

    /**
     * The keys page with a new secret, answered to the form itself rather than carried through a redirect: a flash
     * attribute would keep the secret in the session, and sessions are stored in the database, where only a key's HMAC
     * may ever be. Nothing caches the page.
     */
    private String showOnce(ConsolePrincipal me, IssuedKey issued, Model model, HttpServletResponse response) {
        response.setHeader("Cache-Control", "no-store");
        model.addAttribute("issued", issued);
        return list(me, model);
    }

    @GetMapping("/{id}/revoke")
    String confirmRevoke(@AuthenticationPrincipal ConsolePrincipal me, @PathVariable String id, Model model) {
        model.addAttribute("key", owned(me, id));
        return "keys/revoke";
    }

    @PostMapping("/{id}/revoke")
    String revoke(@AuthenticationPrincipal ConsolePrincipal me, @PathVariable String id, HttpServletRequest request, RedirectAttributes redirect) {
        ApiKeyView key = owned(me, id);
        keys.revoke(key.id(), Clients.actor(me, request));
        redirect.addFlashAttribute("notice", messages.get("notice.keyRevoked", key.name()));
        return "redirect:/keys";
    }

    private ApiKeyView owned(ConsolePrincipal me, String id) {
        ApiKeyId keyId = Ids.key(id);
        return keys.viewOwned(me.tenant(), keyId);
    }

    private List<String> modelChoices(ConsolePrincipal me) {
        Playground p = playground.getIfAvailable();
        return p == null ? List.of() : p.models(me.tenant()).stream().map(PlaygroundModel::id).toList();
    }

    static String curl(String base, String secret, String model) {
        return "curl " + base + "/v1/embeddings \\\n"
                + "  -H 'Authorization: Bearer " + secret + "' \\\n"
                + "  -H 'Content-Type: application/json' \\\n"
                + "  -d '{\"model\": \"" + model + "\", \"input\": \"Hello world\"}'";
    }

    private static List<String> scopes(NewKey form) {
        List<String> scopes = new ArrayList<>(form.models() == null ? List.of() : form.models());
        if (form.modelsText() != null && !form.modelsText().isBlank()) {
            scopes.addAll(Arrays.stream(form.modelsText().split("[,\\s]+")).filter(s -> !s.isBlank()).toList());
        }
        return scopes;
    }

    private static Instant expiry(String expiresOn) {
        if (expiresOn == null || expiresOn.isBlank()) {
            return null;
        }
        try {
            LocalDate day = LocalDate.parse(expiresOn.strip());
            if (!day.isAfter(LocalDate.now(ZoneOffset.UTC))) {
                throw new InvalidInputException("error.expiry.past", "expires_at");
            }
            return day.atStartOfDay(ZoneOffset.UTC).toInstant();
        } catch (DateTimeParseException e) {
            throw new InvalidInputException("error.expiry.invalid", "expires_at");
        }
    }
}
