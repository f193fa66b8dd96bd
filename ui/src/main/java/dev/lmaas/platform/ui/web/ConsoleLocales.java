package dev.lmaas.platform.ui.web;

import jakarta.servlet.http.HttpServletRequest;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import org.springframework.context.MessageSource;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.support.ResourceBundleMessageSource;
import org.springframework.web.servlet.LocaleResolver;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import org.springframework.web.servlet.i18n.CookieLocaleResolver;
import org.springframework.web.servlet.i18n.LocaleChangeInterceptor;

/**
 * The console speaks English and Simplified Chinese. The language is the one chosen with the
 * switch ({@code ?lang=zh-CN}, remembered in the {@value #COOKIE} cookie), else the one the signed-in
 * member chose on the account page (kept with the account, read once per session), else the browser's
 * {@code Accept-Language}, else English. Texts live in {@code messages*.properties}.
 */
@Configuration(proxyBeanMethods = false)
public class ConsoleLocales implements WebMvcConfigurer {

    public static final String COOKIE = "lmaas-lang";
    public static final String PARAM = "lang";
    public static final List<Locale> SUPPORTED = List.of(Locale.ENGLISH, Locale.SIMPLIFIED_CHINESE);

    /** One of the supported locales for any language tag or locale: Chinese for zh*, else English. */
    public static Locale supported(Locale requested) {
        return requested != null && "zh".equals(requested.getLanguage()) ? Locale.SIMPLIFIED_CHINESE : Locale.ENGLISH;
    }

    static boolean chinese(Locale l) {
        return l != null && "zh".equals(l.getLanguage());
    }

    @Bean
    MessageSource messageSource() {
        ResourceBundleMessageSource messages = new ResourceBundleMessageSource();
        messages.setBasename("messages");
        messages.setDefaultEncoding("UTF-8");
        // English is messages.properties: never fall back to the server's own locale.
        messages.setFallbackToSystemLocale(false);
        messages.setDefaultLocale(Locale.ENGLISH);
        // Every text goes through MessageFormat, so an apostrophe is always written twice ('').
        messages.setAlwaysUseMessageFormat(true);
        return messages;
    }

    /** Where a session keeps its member's chosen language once read ({@code browser}: none chosen). */
    public static final String MEMBER_LANGUAGE = "lmaas.member-language";

    @Bean
    LocaleResolver localeResolver(org.springframework.beans.factory.ObjectProvider<dev.lmaas.platform.tenant.MemberLanguages> languages) {
        CookieLocaleResolver resolver = new CookieLocaleResolver(COOKIE);
        resolver.setCookieMaxAge(Duration.ofDays(365));
        resolver.setCookieSameSite("Lax");
        resolver.setCookieHttpOnly(true);
        resolver.setDefaultLocaleFunction(request -> memberLanguage(request, languages.getIfAvailable()).orElseGet(() -> fromAcceptLanguage(request)));
        return new SupportedOnly(resolver);
    }

    /** The signed-in member's chosen language, from the session, or once per session from their account. */
    static java.util.Optional<Locale> memberLanguage(HttpServletRequest request, dev.lmaas.platform.tenant.MemberLanguages languages) {
        jakarta.servlet.http.HttpSession session = request.getSession(false);
        if (session == null || languages == null) {
            return java.util.Optional.empty();
        }
        Object cached = session.getAttribute(MEMBER_LANGUAGE);
        if (cached == null) {
            var auth = org.springframework.security.core.context.SecurityContextHolder.getContext().getAuthentication();
            if (auth == null || !(auth.getPrincipal() instanceof dev.lmaas.platform.ui.security.ConsolePrincipal me)) {
                return java.util.Optional.empty();
            }
            cached = languages.of(me.userId()).map(Locale::toLanguageTag).orElse("browser");
            session.setAttribute(MEMBER_LANGUAGE, cached);
        }
        return "browser".equals(cached) ? java.util.Optional.empty() : java.util.Optional.of(supported(Locale.forLanguageTag((String) cached)));
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        LocaleChangeInterceptor change = new LocaleChangeInterceptor() {
            @Override
            protected Locale parseLocaleValue(String value) {
                Locale parsed = super.parseLocaleValue(value);
                if (parsed == null || !(chinese(parsed) || "en".equals(parsed.getLanguage()))) {
                    throw new IllegalArgumentException("unsupported language");
                }
                return supported(parsed);
            }
        };
        change.setParamName(PARAM);
        change.setIgnoreInvalidLocale(true);
        // The console only: a ?lang= on the machine APIs must not set a cookie on an API client.
        registry.addInterceptor(change).excludePathPatterns("/v1/**", "/admin/v1/**", "/internal/**", "/stripe/**", "/actuator/**");
    }

    /** The first Chinese or English language the browser asks for; English when it asks for neither or nothing. */
    static Locale fromAcceptLanguage(HttpServletRequest request) {
        if (request.getHeader("Accept-Language") == null) {
            return Locale.ENGLISH;
        }
        for (Locale l : Collections.list(request.getLocales())) {
            if (chinese(l)) {
                return Locale.SIMPLIFIED_CHINESE;
            }
            if ("en".equals(l.getLanguage())) {
                return Locale.ENGLISH;
            }
        }
        return Locale.ENGLISH;
    }

    /** Keeps a hand-edited cookie from selecting a language the console does not have. */
    private record SupportedOnly(CookieLocaleResolver cookies) implements LocaleResolver {
        @Override
        public Locale resolveLocale(HttpServletRequest request) {
            return supported(cookies.resolveLocale(request));
        }

        @Override
        public void setLocale(HttpServletRequest request, jakarta.servlet.http.HttpServletResponse response, Locale locale) {
            cookies.setLocale(request, response, locale == null ? null : supported(locale));
        }
    }
}
