package dev.lmaas.node.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lmaas.node.protocol.NodeError;
import dev.lmaas.node.testing.RawHttp;
import dev.lmaas.node.testing.TestPki;
import java.nio.file.Path;
import java.time.Duration;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/**
 * The critical finding: the old filter skipped itself on the raw URI while the container routed the
 * decoded one, so {@code POST /%69nternal/v1/infer} reached the inference handler unsigned. A real
 * node over real HTTP, each request line sent byte for byte; every answer's status and body asserted.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "lmaas.node.data-dir=target/it-path-node-data",
        "lmaas.node.node-id=path-it-node",
        "lmaas.node.builtin-models=",
})
class NodePathAuthenticationIT {

    static final TestPki PKI = new TestPki();

    @DynamicPropertySource
    static void certificate(DynamicPropertyRegistry registry) {
        for (String p : TestPki.files(PKI.node("path-it-node", "https://127.0.0.1:18444", Duration.ofHours(1)), Path.of("target", "it-path-tls"))) {
            registry.add(p.substring(0, p.indexOf('=')), () -> p.substring(p.indexOf('=') + 1));
        }
    }

    static final String BODY = "{\"requestId\":\"r\",\"tenantId\":\"t\",\"model\":\"all-minilm-l6-v2\",\"inputs\":[\"free inference?\"]}";

    @LocalServerPort
    int port;
    RawHttp raw;
    final JsonMapper json = JsonMapper.builder().build();

    @BeforeEach
    void client() {
        // TLS without a client certificate: what anyone who can reach the port can do.
        raw = RawHttp.tls(port, TestPki.anonymous(PKI.ca));
    }

    void assertAnswer(RawHttp.Answer answer, int status, String code) {
        assertThat(answer.status()).as(answer.body()).isEqualTo(status);
        NodeError error = json.readValue(answer.body(), NodeError.class);
        assertThat(error.code()).as(answer.body()).isEqualTo(code);
        assertThat(error.message()).isNotBlank();
    }

    /** Paths that decode to a handler's path: authenticated like it, so without the control plane's certificate they are 401. */
    @ParameterizedTest
    @ValueSource(strings = {"/internal/v1/infer", "/%69nternal/v1/infer", "/internal/v1/%69nfer", "/%69%6E%74ernal/v1/infer",
            "/INTERNAL/v1/infer", "/Internal/V1/Infer", "/internal/v1/infer/", "/internal/v1/infer?x=1"})
    void encodedAndCaseVariantsOfTheInferencePathAreUnauthorized(String path) {
        assertAnswer(raw.send("POST", path, BODY), 401, "unauthorized");
    }

    /** Paths whose meaning depends on which layer decodes or normalises them are refused outright. */
    @ParameterizedTest
    @ValueSource(strings = {"/internal/../internal/v1/infer", "/internal/./v1/infer", "/x/..%2Finternal/v1/infer",
            "/x/..%2finternal/v1/infer", "/internal%2Fv1%2Finfer", "/internal%5Cv1/infer", "/internal/%2e%2e/internal/v1/infer",
            "/internal/%2E/v1/infer", "/internal;a=b/v1/infer", "/internal/v1/infer;jsessionid=1", "/%2569nternal/v1/infer",
            "//internal/v1/infer", "/internal//v1/infer", "/internal/v1/infer/..", "/%ZZinternal/v1/infer", "/%C0%AEinternal/v1/infer"})
    void ambiguousPathsAre400(String path) {
        assertAnswer(raw.send("POST", path, BODY), 400, "invalid_path");
    }

    /** Deny by default: every endpoint but the two probes needs the control plane's certificate, metrics included. */
    @ParameterizedTest
    @ValueSource(strings = {"/internal/v1/models", "/actuator/prometheus", "/%61ctuator/prometheus", "/actuator/health",
            "/actuator/info", "/actuator", "/no-such-endpoint", "/", "/actuator/health/liveness/x", "/ACTUATOR/health/liveness"})
    void everyOtherEndpointIsUnauthorizedUnsigned(String path) {
        assertAnswer(raw.send("GET", path, ""), 401, "unauthorized");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/actuator/health/liveness", "/actuator/health/readiness", "/%61ctuator/health/liveness"})
    void onlyTheProbesAnswerWithoutCredentials(String path) {
        RawHttp.Answer answer = raw.send("GET", path, "");
        assertThat(answer.status()).as(answer.body()).isIn(200, 503);
        assertThat(answer.body()).contains("\"status\"");
    }

    @Test
    void anotherNodesCertificateIsUnauthorizedEverywhereButTheProbes() {
        RawHttp otherNode = RawHttp.tls(port, PKI.node("other", "https://127.0.0.1:9", Duration.ofHours(1)).context(PKI.ca));
        assertAnswer(otherNode.send("POST", "/%69nternal/v1/infer", BODY), 401, "unauthorized");
        assertAnswer(otherNode.send("GET", "/actuator/prometheus", ""), 401, "unauthorized");
    }

    @Test
    void theControlPlaneReachesTheHandlersOnTheCanonicalPath() {
        RawHttp controlPlane = RawHttp.tls(port, PKI.controlPlane().context(PKI.ca));
        assertThat(controlPlane.send("GET", "/internal/v1/models", "").status()).isEqualTo(200);
        assertThat(controlPlane.send("GET", "/actuator/prometheus", "").body()).contains("jvm_");
        RawHttp.Answer infer = controlPlane.send("POST", "/%69nternal/v1/infer", BODY);
        assertAnswer(infer, 404, "model_not_found"); // reached the inference handler: this node serves no model
        assertAnswer(controlPlane.send("POST", "/internal/../internal/v1/infer", BODY), 400, "invalid_path");
    }
}
