package dev.lmaas.platform.ui.members;

import dev.lmaas.platform.tenant.ConsoleAccount;
import dev.lmaas.platform.tenant.ConsoleAccounts;
import dev.lmaas.platform.tenant.InvalidInputException;
import dev.lmaas.platform.tenant.InvitationRefusedException;
import dev.lmaas.platform.tenant.Invitations;
import dev.lmaas.platform.ui.security.ConsoleSignIn;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The invitation link's page (public: the invited person has no account yet): it names the organization and the role
 * and asks for a password; accepting makes the person a member and signs them in. A link that cannot be used says
 * why: unknown (404), already used, revoked, replaced or expired (410), or an address that already has an account
 * or an organization that is suspended (409).
 */
@Controller
class InvitationController {

    private final dev.lmaas.platform.ui.web.Messages messages;
    private final Invitations invitations;
    private final ConsoleSignIn signIn;

    InvitationController(Invitations invitations, ConsoleSignIn signIn, dev.lmaas.platform.ui.web.Messages messages) {
        this.messages = messages;
        this.invitations = invitations;
        this.signIn = signIn;
    }

    @GetMapping("/invitations/accept")
    String form(@RequestParam(required = false) String token, Model model, HttpServletResponse response) {
        model.addAttribute("minPassword", ConsoleAccounts.MIN_PASSWORD);
        try {
            model.addAttribute("invitation", invitations.open(token));
            model.addAttribute("token", token);
        } catch (InvitationRefusedException e) {
            return refused(e, model, response);
        }
        return "invitation-accept";
    }

    @PostMapping("/invitations/accept")
    String accept(@RequestParam(required = false) String token, @RequestParam(required = false) String password,
                  @RequestParam(required = false) String passwordAgain, Model model, HttpServletRequest request, HttpServletResponse response) {
        model.addAttribute("minPassword", ConsoleAccounts.MIN_PASSWORD);
        try {
            model.addAttribute("invitation", invitations.open(token));
            model.addAttribute("token", token);
            if (password == null || !password.equals(passwordAgain)) {
                response.setStatus(400);
                model.addAttribute("errorField", "passwordAgain");
                model.addAttribute("error", messages.get("error.passwordsDiffer"));
                return "invitation-accept";
            }
            ConsoleAccount account = invitations.accept(token, password, request.getRemoteAddr());
            signIn.signIn(account, request, response);
            return "redirect:/dashboard?welcome";
        } catch (InvitationRefusedException e) {
            return refused(e, model, response);
        } catch (InvalidInputException e) {
            response.setStatus(400);
            model.addAttribute("errorField", "password");
            model.addAttribute("error", e.getMessage().endsWith(".") ? e.getMessage() : e.getMessage() + ".");
            return "invitation-accept";
        }
    }

    private static String refused(InvitationRefusedException e, Model model, HttpServletResponse response) {
        response.setStatus(switch (e.reason()) {
            case UNKNOWN -> 404;
            case USED, REVOKED, REPLACED, EXPIRED -> 410;
            case ACCOUNT_EXISTS, ORGANIZATION_UNAVAILABLE -> 409;
        });
        model.addAttribute("refused", e.reason().name().toLowerCase(java.util.Locale.ROOT));
        model.addAttribute("error", e.getMessage());
        model.addAttribute("invitation", null);
        return "invitation-accept";
    }
}
