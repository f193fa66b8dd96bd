package dev.lmaas.platform.ui.security;

import dev.lmaas.platform.tenant.InvalidInputException;
import dev.lmaas.platform.tenant.MemberLanguages;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.util.Locale;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.LocaleResolver;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The language a member chose on the account page ({@code en}, {@code zh-CN}, or none: follow the browser). It is
 * stored with the account (tenant-admin), so it wins over {@code Accept-Language} on every device the member signs in
 * on, and mail to the member is written in it. Saving it also sets this browser's language cookie, so it applies at
 * once; the footer's switch still changes one browser's language.
 */
@Controller
class AccountLanguageController {

    /** Where a session keeps its member's choice once read ({@code browser}: none), so the database is asked once per session. */
    static final String SESSION_ATTRIBUTE = "lmaas.member-language"; // ConsoleLocales.MEMBER_LANGUAGE: security may not depend on web

    private final MemberLanguages languages;
    private final LocaleResolver locales;

    AccountLanguageController(MemberLanguages languages, LocaleResolver locales) {
        this.languages = languages;
        this.locales = locales;
    }

    @PostMapping("/account/language")
    String choose(@AuthenticationPrincipal ConsolePrincipal me, @RequestParam(defaultValue = "") String language, HttpServletRequest request,
                  HttpServletResponse response, RedirectAttributes redirect) {
        try {
            languages.set(me.userId(), me.hasTenant() ? me.tenant() : null, language, me.actor(request.getRemoteAddr()));
        } catch (InvalidInputException e) { // only a forged form sends another value
            redirect.addFlashAttribute("error", "account.language.invalid");
            return "redirect:/account/password";
        }
        Locale chosen = language.isBlank() ? null : Locale.forLanguageTag(language.strip());
        HttpSession session = request.getSession();
        session.setAttribute(SESSION_ATTRIBUTE, chosen == null ? "browser" : chosen.toLanguageTag());
        locales.setLocale(request, response, chosen);
        redirect.addFlashAttribute("notice", "account.language.saved");
        return "redirect:/account/password";
    }

    /** The account page shows the member's current choice. */
    @ControllerAdvice(assignableTypes = PasswordChangeController.class)
    static class CurrentChoice {

        private final MemberLanguages languages;

        CurrentChoice(MemberLanguages languages) {
            this.languages = languages;
        }

        @ModelAttribute("memberLanguage")
        String memberLanguage(@AuthenticationPrincipal ConsolePrincipal me) {
            return me == null ? "" : languages.of(me.userId()).map(Locale::toLanguageTag).orElse("");
        }
    }
}
