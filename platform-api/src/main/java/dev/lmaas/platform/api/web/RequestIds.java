package dev.lmaas.platform.api.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;
import org.slf4j.MDC;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Gives every request a server-generated id ({@code req_...}, header {@code x-lmaas-request-id}) that
 * ties together the answer, the usage record, the audit record, the node's log line and the Stripe
 * meter event. A client's own {@code x-request-id} is echoed back and kept in the audit record, but
 * never used as the billing id: usage is idempotent per id, so a client reusing its id must not get
 * free calls.
 */
public class RequestIds extends OncePerRequestFilter {

    public static final String HEADER = "x-request-id";
    public static final String SERVER_HEADER = "x-lmaas-request-id";
    public static final String ATTRIBUTE = RequestIds.class.getName();
    public static final String CLIENT_ATTRIBUTE = RequestIds.class.getName() + ".client";
    private static final Pattern SANE = Pattern.compile("[A-Za-z0-9._:\\-]{1,128}");

    public static String of(HttpServletRequest request) {
        Object id = request.getAttribute(ATTRIBUTE);
        return id == null ? generate() : id.toString();
    }

    /** The client's own request id, if it sent a sane one. */
    public static String client(HttpServletRequest request) {
        Object id = request.getAttribute(CLIENT_ATTRIBUTE);
        return id == null ? null : id.toString();
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String given = request.getHeader(HEADER);
        String client = given != null && SANE.matcher(given).matches() ? given : null;
        String id = generate();
        request.setAttribute(ATTRIBUTE, id);
        if (client != null) {
            request.setAttribute(CLIENT_ATTRIBUTE, client);
        }
        response.setHeader(HEADER, client != null ? client : id);
        response.setHeader(SERVER_HEADER, id);
        MDC.put("requestId", id);
        try {
            chain.doFilter(request, response);
        } finally {
            MDC.remove("requestId");
        }
    }

    static String generate() {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        return "req_" + Long.toHexString(r.nextLong() | Long.MIN_VALUE) + Long.toHexString(r.nextLong() | Long.MIN_VALUE).substring(0, 8);
    }
}
