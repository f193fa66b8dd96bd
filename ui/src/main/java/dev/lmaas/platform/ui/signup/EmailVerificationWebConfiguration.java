package dev.lmaas.platform.ui.signup;

import dev.lmaas.platform.tenant.EmailVerifications;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/** Puts {@link EmailVerificationGate} in front of the console's pages. */
@Configuration
class EmailVerificationWebConfiguration implements WebMvcConfigurer {

    private final EmailVerifications verifications;

    EmailVerificationWebConfiguration(EmailVerifications verifications) {
        this.verifications = verifications;
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(new EmailVerificationGate(verifications)).excludePathPatterns(EmailVerificationGate.OPEN)
                .excludePathPatterns("/css/**", "/js/**", "/img/**", "/favicon.ico", "/favicon.svg", "/v1/**", "/admin/v1/**", "/internal/**");
    }
}
