package dev.lmaas.node.api;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.slf4j.MDC;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The control plane's request id in the log lines of a call ({@code logging.pattern.correlation}): the controller puts it
 * in the MDC once it has read the body, and it stays there until the answer is written, so the error advice's line
 * carries it too; this filter removes it after every request (a pooled thread must not lend it to the next one).
 */
@Component
class RequestIdLogging extends OncePerRequestFilter {

    static final String MDC_KEY = "requestId";

    static void put(String requestId) {
        MDC.put(MDC_KEY, requestId);
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        try {
            chain.doFilter(request, response);
        } finally {
            MDC.remove(MDC_KEY);
        }
    }
}
