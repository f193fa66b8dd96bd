package dev.lmaas.platform.ui.security;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.catalina.Valve;
import org.apache.catalina.valves.RemoteIpValve;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.tomcat.TomcatWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.core.Ordered;

/**
 * Who the client is, and whether it came over HTTPS, when a reverse proxy sits in front: Tomcat
 * takes {@code X-Forwarded-For} and {@code X-Forwarded-Proto} into account only when the connection
 * comes from one of {@code lmaas.console.trusted-proxies} (exact addresses; none by default). With
 * the proxy trusted, the client's address is what the login throttle and the audit log see, and an
 * HTTPS request terminated at the proxy makes the session cookie {@code Secure} and brings HSTS.
 * With none configured, the headers are ignored, whoever sends them. {@code Forwarded} (RFC 7239)
 * is never read.
 *
 * <p>Runs after Spring Boot's own customizer and removes any {@code RemoteIpValve} it added: Boot
 * turns forwarded headers on by itself on Kubernetes and Cloud Foundry, trusting every private
 * address, which would let any pod in the cluster pose as any client.
 */
final class TrustedProxies implements WebServerFactoryCustomizer<TomcatWebServerFactory>, Ordered {

    private static final Logger log = LoggerFactory.getLogger(TrustedProxies.class);
    private static final Pattern LITERAL = Pattern.compile("[0-9A-Fa-f:.]+");

    private final Set<String> addresses;

    TrustedProxies(List<String> configured) {
        this.addresses = normalize(configured == null ? List.of() : configured);
    }

    @Override
    public void customize(TomcatWebServerFactory factory) {
        List<Valve> kept = new ArrayList<>(factory.getEngineValves());
        if (kept.removeIf(v -> v instanceof RemoteIpValve)) {
            log.info("Forwarded headers are honoured only from lmaas.console.trusted-proxies; server.forward-headers-strategy is ignored");
        }
        RemoteIpValve valve = valve();
        if (valve != null) {
            kept.add(valve);
        }
        factory.setEngineValves(kept);
    }

    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE;
    }

    /** The valve for the configured proxies, or null when none is trusted. */
    RemoteIpValve valve() {
        if (addresses.isEmpty()) {
            return null;
        }
        RemoteIpValve valve = new RemoteIpValve();
        valve.setInternalProxies(addresses.stream().map(Pattern::quote).collect(Collectors.joining("|")));
        valve.setTrustedProxies(null);
        valve.setRemoteIpHeader("X-Forwarded-For");
        valve.setProxiesHeader("X-Forwarded-By");
        valve.setProtocolHeader("X-Forwarded-Proto");
        valve.setProtocolHeaderHttpsValue("https");
        return valve;
    }

    Set<String> addresses() {
        return addresses;
    }

    /** Each address as written and as Java prints it (the form Tomcat compares), so "::1" matches "0:0:0:0:0:0:0:1". */
    private static Set<String> normalize(List<String> configured) {
        Set<String> out = new LinkedHashSet<>();
        for (String raw : configured) {
            String a = raw == null ? "" : raw.strip();
            if (a.isEmpty()) {
                continue;
            }
            if (!LITERAL.matcher(a).matches()) {
                throw new IllegalArgumentException("lmaas.console.trusted-proxies takes IP addresses, not names or ranges: " + a);
            }
            try {
                out.add(a);
                out.add(InetAddress.getByName(a).getHostAddress()); // a literal: no DNS look-up happens
            } catch (UnknownHostException e) {
                throw new IllegalArgumentException("Not an IP address in lmaas.console.trusted-proxies: " + a, e);
            }
        }
        return Set.copyOf(out);
    }
}
