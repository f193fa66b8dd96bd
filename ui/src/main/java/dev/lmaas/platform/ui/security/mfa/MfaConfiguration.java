package dev.lmaas.platform.ui.security.mfa;

import dev.lmaas.platform.tenant.ActivityLog;
import dev.lmaas.platform.tenant.SecondFactors;
import dev.lmaas.platform.ui.ConsoleProperties;
import dev.lmaas.platform.ui.security.FailureCounts;
import dev.lmaas.platform.ui.security.LoginThrottle;
import java.time.Clock;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;

/** The console's second factor: policy ({@code lmaas.console.mfa.*}), throttle and the sign-in step. */
@Configuration
@EnableConfigurationProperties(MfaProperties.class)
class MfaConfiguration {

    /** Wrong codes an account may make before each further one waits (1 s, doubling up to the login's longest wait). */
    static final int FREE_WRONG_CODES = 5;

    @Bean
    MfaPolicy mfaPolicy(MfaProperties properties, SecondFactors factors) {
        return new MfaPolicy(properties, factors);
    }

    @Bean
    MfaThrottle mfaThrottle(LoginThrottle logins, FailureCounts counts, ConsoleProperties console) {
        return new MfaThrottle(logins, counts, FREE_WRONG_CODES, console.loginMaxDelay(), Clock.systemUTC());
    }

    @Bean
    MfaSignIn mfaSignIn(SecondFactors factors, MfaPolicy policy, HttpSessionSecurityContextRepository contexts,
                        ObjectProvider<ActivityLog> activity) {
        return new MfaSignIn(factors, policy, contexts, activity, Clock.systemUTC());
    }
}
