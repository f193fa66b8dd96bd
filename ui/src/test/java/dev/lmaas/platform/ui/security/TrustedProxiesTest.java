package dev.lmaas.platform.ui.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.apache.catalina.valves.RemoteIpValve;
import org.junit.jupiter.api.Test;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServer;

/**
 * A real Tomcat with the customizer applied, called over HTTP with forged forwarding headers: the
 * client address, the scheme and the session cookie's {@code Secure} flag change only when the
 * connection comes from a configured proxy.
 */
class TrustedProxiesTest {

    /** Echoes what the application would see, and opens a session so Tomcat writes its cookie. */
    static final class Echo extends HttpServlet {
        @Override
        protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
            request.getSession(true);
            response.getWriter().print(request.getRemoteAddr() + " " + request.getScheme() + " " + request.isSecure());
        }
    }

    record Seen(String body, String cookie) {
    }

    @Test
    void withNoTrustedProxyForwardedHeadersAreIgnored() throws Exception {
        Seen seen = call(List.of());
        assertThat(seen.body()).isEqualTo("127.0.0.1 http false");
        assertThat(seen.cookie()).doesNotContain("Secure");
    }

    @Test
    void fromAProxyThatIsNotTheConfiguredOneTheyAreIgnored() throws Exception {
        assertThat(call(List.of("10.11.12.13")).body()).isEqualTo("127.0.0.1 http false");
    }

    @Test
    void fromATrustedProxyTheClientAddressAndHttpsAreBelievedAndTheCookieIsSecure() throws Exception {
        Seen seen = call(List.of("127.0.0.1"));
        assertThat(seen.body()).isEqualTo("203.0.113.9 https true");
        assertThat(seen.cookie()).contains("Secure");
    }

    @Test
    void springBootsOwnValveTrustingEveryPrivateAddressIsRemoved() {
        TomcatServletWebServerFactory factory = new TomcatServletWebServerFactory(0);
        factory.addEngineValves(new RemoteIpValve()); // what server.forward-headers-strategy=native (or Kubernetes) adds
        new TrustedProxies(List.of()).customize(factory);
        assertThat(factory.getEngineValves()).noneMatch(v -> v instanceof RemoteIpValve);
    }

    @Test
    void onlyIpAddressesAreAccepted() {
        assertThatThrownBy(() -> new TrustedProxies(List.of("proxy.internal"))).hasMessageContaining("IP addresses");
        assertThatThrownBy(() -> new TrustedProxies(List.of("10.0.0.0/8"))).hasMessageContaining("IP addresses");
        assertThat(new TrustedProxies(List.of("::1")).addresses()).contains("0:0:0:0:0:0:0:1");
    }

    private static Seen call(List<String> trusted) throws Exception {
        TomcatServletWebServerFactory factory = new TomcatServletWebServerFactory(0);
        factory.setAddress(java.net.InetAddress.getLoopbackAddress());
        new TrustedProxies(trusted).customize(factory);
        WebServer server = factory.getWebServer(context -> context.addServlet("echo", new Echo()).addMapping("/*"));
        server.start();
        try (HttpClient http = HttpClient.newHttpClient()) {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.getPort() + "/"))
                    .header("X-Forwarded-For", "203.0.113.9")
                    .header("X-Forwarded-Proto", "https")
                    .header("Forwarded", "for=198.51.100.1;proto=https")
                    .build(), HttpResponse.BodyHandlers.ofString());
            return new Seen(r.body(), r.headers().firstValue("Set-Cookie").orElse(""));
        } finally {
            server.stop();
        }
    }
}
