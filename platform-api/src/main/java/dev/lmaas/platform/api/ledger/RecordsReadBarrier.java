package dev.lmaas.platform.api.ledger;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Read-your-writes on one control plane: a served call's records are written right after its answer
 * ({@link RequestLedger#recordAfterAnswer}), so a page or API read (usage, audit, budgets, a kept
 * payload) that comes right after a call first waits, at most as long as a call waits for its own commit
 * (the ledger's timeout, 5 s by default: a slow database makes reads slow, never wrong), for the records of the calls
 * already answered. Costs nothing when none are pending. Reads only: calls never wait for each other.
 */
@Configuration
class RecordsReadBarrier implements WebMvcConfigurer, HandlerInterceptor {

    private final ObjectProvider<RequestLedger> ledger;

    RecordsReadBarrier(ObjectProvider<RequestLedger> ledger) {
        this.ledger = ledger;
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(this).excludePathPatterns("/internal/**", "/actuator/**", "/v1/models", "/v1/models/**", "/css/**", "/js/**", "/webjars/**");
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
        if ("GET".equals(request.getMethod()) || "HEAD".equals(request.getMethod())) {
            RequestLedger l = ledger.getIfAvailable();
            if (l != null) {
                l.awaitRecorded(l.commitTimeout());
            }
        }
        return true;
    }
}
