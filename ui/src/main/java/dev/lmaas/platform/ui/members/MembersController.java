package dev.lmaas.platform.ui.members;

import dev.lmaas.platform.tenant.ConflictException;
import dev.lmaas.platform.tenant.InvalidInputException;
import dev.lmaas.platform.tenant.Invitation;
import dev.lmaas.platform.tenant.Invitations;
import dev.lmaas.platform.tenant.Mail;
import dev.lmaas.platform.tenant.Member;
import dev.lmaas.platform.tenant.MemberRole;
import dev.lmaas.platform.tenant.Members;
import dev.lmaas.platform.tenant.NotFoundException;
import dev.lmaas.platform.ui.security.ConsolePrincipal;
import dev.lmaas.platform.ui.web.Clients;
import dev.lmaas.platform.ui.web.Ids;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.util.List;
import java.util.UUID;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/**
 * The organization's members: who they are and their roles; owners and admins invite (by e-mail), change roles,
 * remove members and revoke pending invitations; anyone may leave. The rules (only owners touch owners, the last
 * owner stays) are tenant-admin's {@link Members} and {@link Invitations}; a refusal comes back here with its reason
 * next to the form (400 for input, 403 for a role that may not, 409 for the last owner). A removed member's
 * sessions end on their next request.
 */
@Controller
@RequestMapping("/members")
class MembersController {

    /** The invitation form, kept when it is refused. */
    record InviteForm(String email, String role) {
    }

    private final dev.lmaas.platform.ui.web.Messages messages;
    private final Members members;
    private final Invitations invitations;
    private final Mail mail;

    MembersController(Members members, Invitations invitations, Mail mail, dev.lmaas.platform.ui.web.Messages messages) {
        this.messages = messages;
        this.members = members;
        this.invitations = invitations;
        this.mail = mail;
    }

    @GetMapping
    String page(@AuthenticationPrincipal ConsolePrincipal me, Model model) {
        List<Member> all = members.list(me.tenant());
        model.addAttribute("members", all);
        model.addAttribute("owners", all.stream().filter(m -> m.role() == MemberRole.OWNER).count());
        model.addAttribute("invitations", invitations.pending(me.tenant()));
        model.addAttribute("roles", MemberRole.values());
        model.addAttribute("me", me.userId());
        if (!model.containsAttribute("form")) {
            model.addAttribute("form", new InviteForm("", MemberRole.DEVELOPER.value()));
        }
        return "members/index";
    }

    @PostMapping("/invitations")
    String invite(@AuthenticationPrincipal ConsolePrincipal me, InviteForm form, HttpServletRequest request, HttpServletResponse response,
                  Model model, RedirectAttributes redirect) {
        try {
            MemberRole role = MemberRole.parse(form.role());
            Invitation sent = invitations.invite(me.tenant(), me.userId(), form.email(), role, consoleUrl(request), Clients.actor(me, request),
                    org.springframework.context.i18n.LocaleContextHolder.getLocale());
            redirect.addFlashAttribute("notice", messages.get("notice.invited", sent.email(), messages.get("role." + sent.role().name() + ".lower"))
                    + (mail.smtp() ? "" : " " + messages.get("notice.invited.noSmtp")));
            return "redirect:/members";
        } catch (InvalidInputException | ConflictException e) {
            response.setStatus(e instanceof ConflictException ? 409 : 400);
            model.addAttribute("error", sentence(messages.orText(e.getMessage())));
            model.addAttribute("errorField", e instanceof InvalidInputException i ? i.param() : ((ConflictException) e).param());
            model.addAttribute("form", form);
            return page(me, model);
        }
    }

    @PostMapping("/invitations/{id}/revoke")
    String revoke(@AuthenticationPrincipal ConsolePrincipal me, @PathVariable String id, HttpServletRequest request, RedirectAttributes redirect) {
        Invitation revoked = invitations.revoke(me.tenant(), me.userId(), Ids.uuid(id), Clients.actor(me, request));
        redirect.addFlashAttribute("notice", messages.get("notice.invitationRevoked", revoked.email()));
        return "redirect:/members";
    }

    @PostMapping("/{id}/role")
    String changeRole(@AuthenticationPrincipal ConsolePrincipal me, @PathVariable String id, @RequestParam(required = false) String role,
                      HttpServletRequest request, HttpServletResponse response, Model model, RedirectAttributes redirect) {
        UUID target = Ids.uuid(id);
        try {
            Member changed = members.changeRole(me.tenant(), me.userId(), target, MemberRole.parse(role), Clients.actor(me, request));
            redirect.addFlashAttribute("notice", messages.get("notice.roleChanged." + article(changed.role()), changed.email(),
                    messages.get("role." + changed.role().name() + ".lower")));
            return "redirect:/members";
        } catch (InvalidInputException | ConflictException e) {
            return refuse(me, model, response, e);
        }
    }

    @GetMapping("/{id}/remove")
    String confirmRemove(@AuthenticationPrincipal ConsolePrincipal me, @PathVariable String id, Model model) {
        model.addAttribute("member", members.find(me.tenant(), Ids.uuid(id)).orElseThrow(() -> new NotFoundException("Member")));
        return "members/remove";
    }

    @PostMapping("/{id}/remove")
    String remove(@AuthenticationPrincipal ConsolePrincipal me, @PathVariable String id, HttpServletRequest request, HttpServletResponse response,
                  Model model, RedirectAttributes redirect) {
        UUID target = Ids.uuid(id);
        if (target.equals(me.userId())) {
            return leave(me, request, response, model);
        }
        try {
            Member removed = members.remove(me.tenant(), me.userId(), target, Clients.actor(me, request));
            redirect.addFlashAttribute("notice", messages.get("notice.memberRemoved", removed.email()));
            return "redirect:/members";
        } catch (ConflictException e) {
            return refuse(me, model, response, e);
        }
    }

    /** The signed-in member leaves the organization; their account ends with it. */
    @PostMapping("/leave")
    String leave(@AuthenticationPrincipal ConsolePrincipal me, HttpServletRequest request, HttpServletResponse response, Model model) {
        try {
            members.remove(me.tenant(), me.userId(), me.userId(), Clients.actor(me, request));
        } catch (ConflictException e) {
            return refuse(me, model, response, e);
        }
        SecurityContextHolder.clearContext();
        HttpSession session = request.getSession(false);
        if (session != null) {
            session.invalidate();
        }
        return "redirect:/login?left";
    }

    private String refuse(ConsolePrincipal me, Model model, HttpServletResponse response, RuntimeException e) {
        response.setStatus(e instanceof ConflictException ? 409 : 400);
        model.addAttribute("error", sentence(messages.orText(e.getMessage())));
        return page(me, model);
    }

    /** Where invitation links point: this console, as the browser reached it (forwarded headers only from trusted proxies). */
    static String consoleUrl(HttpServletRequest request) {
        return ServletUriComponentsBuilder.fromContextPath(request).replaceQuery(null).toUriString();
    }

    private static String article(MemberRole role) {
        return role == MemberRole.OWNER || role == MemberRole.ADMIN ? "an" : "a";
    }

    private static String sentence(String message) {
        return message.endsWith(".") || message.endsWith("。") ? message : message + ".";
    }
}
