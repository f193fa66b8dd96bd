package dev.lmaas.node.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lmaas.node.testing.TestPki;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;

/** The control plane's certificate is remembered by identity; nothing else ever rides on that memory. */
class ControlPlaneCertificateTest {

    private final TestPki pki = new TestPki();

    private static MockHttpServletRequest over(boolean secure, X509Certificate... chain) {
        MockHttpServletRequest request = new MockHttpServletRequest("POST", "/internal/v1/infer");
        request.setSecure(secure);
        if (chain.length > 0) {
            request.setAttribute("jakarta.servlet.request.X509Certificate", chain);
        }
        return request;
    }

    @Test
    void onlyACertificateNamingTheControlPlaneIsAcceptedBeforeOrAfterOneWas() {
        X509Certificate controlPlane = pki.controlPlane().certificate();
        X509Certificate node = pki.node("node-1", "https://127.0.0.1:9443", Duration.ofHours(1)).certificate();
        X509Certificate other = pki.issue("spiffe://lmaas.cluster/something-else", List.of(), Duration.ofHours(1)).certificate();

        assertThat(NodeAuthenticationFilter.fromControlPlane(over(true, node))).isFalse();
        assertThat(NodeAuthenticationFilter.fromControlPlane(over(true, controlPlane))).isTrue();
        assertThat(NodeAuthenticationFilter.fromControlPlane(over(true, controlPlane))).as("the remembered one").isTrue();
        assertThat(NodeAuthenticationFilter.fromControlPlane(over(true, node))).isFalse();
        assertThat(NodeAuthenticationFilter.fromControlPlane(over(true, other))).isFalse();
        assertThat(NodeAuthenticationFilter.fromControlPlane(over(false, controlPlane))).as("never over plaintext").isFalse();
        assertThat(NodeAuthenticationFilter.fromControlPlane(over(true))).as("no certificate").isFalse();
        assertThat(NodeAuthenticationFilter.fromControlPlane(over(true, pki.controlPlane().certificate()))).as("another, equally valid").isTrue();
    }
}
