package dev.lmaas.platform.api.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Map;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * {@code /actuator/prometheus} only with {@code Authorization: Bearer <scrape token>}: the metrics
 * name models, plans, nodes and traffic per tenant plan, which is nobody's business but the
 * operator's. The token is {@code LMAAS_METRICS_TOKEN}, else generated into
 * {@code DATA_DIR/secrets/metrics-token} (0600) for Prometheus's {@code authorization.credentials_file}.
 */
public class MetricsScrapeToken extends OncePerRequestFilter {

    public static final String FILE = "secrets/metrics-token";
    private final byte[] expected;

    public MetricsScrapeToken(String token) {
        this.expected = ("Bearer " + token).getBytes(StandardCharsets.UTF_8);
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String presented = request.getHeader("Authorization");
        // Constant-time comparison: the answer's timing says nothing about how much of a guess was right.
        if (presented == null || !MessageDigest.isEqual(presented.strip().getBytes(StandardCharsets.UTF_8), expected)) {
            ErrorResponses.write(response, new ApiException(401, "authentication_error", "invalid_scrape_token",
                    "Metrics need the scrape token: 'Authorization: Bearer <LMAAS_METRICS_TOKEN or DATA_DIR/" + FILE + ">'.", null,
                    Map.of("WWW-Authenticate", "Bearer realm=\"lmaas-metrics\"")));
            return;
        }
        chain.doFilter(request, response);
    }
}
