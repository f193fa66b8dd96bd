package dev.lmaas.platform.api.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.lmaas.platform.api.MachineApiSlice;
import dev.lmaas.platform.api.web.RequestIds;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.logging.LoggingInitializationContext;
import org.springframework.boot.logging.LoggingSystem;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Every line logged while a request is served carries that request's id: in the text lines of the console pattern
 * ({@code logback-spring.xml}, {@code logging.pattern.correlation}) and, with {@code LMAAS_LOG_FORMAT=ecs}, as a field of
 * each JSON line, with secrets masked in both. Lines logged outside a request carry none.
 */
@MachineApiSlice
@Import(RequestLogLinesTest.Probe.class)
@ExtendWith(OutputCaptureExtension.class)
class RequestLogLinesTest {

    static final String SECRET = "lmk_" + "A1b2C3d4E5f6G7h8J9k0L1m2N3p4Q5r6";

    /** A controller that logs as request-serving code does, and one that fails into the error advice (which logs). */
    @RestController
    static class Probe {
        private static final Logger log = LoggerFactory.getLogger(Probe.class);

        @GetMapping("/log-probe")
        Map<String, String> probe() {
            log.info("probe line one");
            log.warn("probe line two with {}", SECRET);
            return Map.of("ok", "yes");
        }

        @GetMapping("/v1/log-probe-fails")
        String fails() {
            log.info("probe about to fail");
            throw new IllegalStateException("probe failure");
        }
    }

    @Autowired
    MockMvc mvc;
    @Autowired
    ConfigurableEnvironment environment;
    @Autowired
    dev.lmaas.platform.tenant.ApiKeyVerifier verifier;

    String requestId(String path, int status) throws Exception {
        return mvc.perform(get(path).header("Authorization", "Bearer lmk_probe")).andExpect(status().is(status)).andReturn().getResponse()
                .getHeader(RequestIds.SERVER_HEADER);
    }

    static List<String> linesWith(CapturedOutput output, String marker) {
        return output.getOut().lines().filter(l -> l.contains(marker)).toList();
    }

    @Test
    void textLinesCarryTheRequestId(CapturedOutput output) throws Exception {
        String id = requestId("/log-probe", 200);
        LoggerFactory.getLogger(RequestLogLinesTest.class).info("probe line outside any request");

        assertThat(linesWith(output, "probe line ")).hasSize(3);
        assertThat(linesWith(output, "probe line one")).singleElement().asString().contains("[" + id + "] ");
        assertThat(linesWith(output, "probe line two")).singleElement().asString().contains("[" + id + "] ")
                .contains("lmk_[REDACTED]").doesNotContain(SECRET);
        assertThat(linesWith(output, "probe line outside")).singleElement().asString().contains("[] ").doesNotContain(id);
    }

    @Test
    void theErrorAdvicesLineCarriesItToo(CapturedOutput output) throws Exception {
        org.mockito.Mockito.when(verifier.verifyHeader("Bearer lmk_probe")).thenReturn(new dev.lmaas.platform.tenant.KeyVerification.Verified(
                new dev.lmaas.platform.tenant.VerifiedKey(new dev.lmaas.platform.tenant.ApiKeyId(java.util.UUID.randomUUID()),
                        new dev.lmaas.platform.tenant.TenantId(java.util.UUID.randomUUID()), "probe", java.util.Set.of(), "free", null, null)));
        String id = requestId("/v1/log-probe-fails", 500);
        assertThat(linesWith(output, "probe about to fail")).singleElement().asString().contains("[" + id + "] ");
        assertThat(linesWith(output, "Unexpected error on GET /v1/log-probe-fails")).singleElement().asString().contains("[" + id + "] ");
    }

    @Test
    void jsonLinesCarryTheRequestIdAsAField(CapturedOutput output) throws Exception {
        MapPropertySource json = new MapPropertySource("json-logs", Map.of("lmaas.log-format", "ecs"));
        environment.getPropertySources().addFirst(json);
        try {
            reinitializeLogging();
            String id = requestId("/log-probe", 200);
            List<JsonNode> lines = output.getOut().lines().filter(l -> l.startsWith("{") && l.contains("probe line "))
                    .map(l -> JsonMapper.shared().readTree(l)).toList();
            assertThat(lines).hasSize(2);
            for (JsonNode line : lines) {
                assertThat(line.path("requestId").asString()).as(line.toString()).isEqualTo(id);
                assertThat(line.at("/log/level").asString()).isIn("INFO", "WARN");
            }
            assertThat(lines.get(1).path("message").asString()).isEqualTo("probe line two with lmk_[REDACTED]");
            assertThat(output.getOut()).doesNotContain(SECRET);
        } finally {
            environment.getPropertySources().remove(json.getName());
            reinitializeLogging(); // the text lines again, for whatever runs next in this JVM
        }
    }

    private void reinitializeLogging() {
        LoggingSystem logging = LoggingSystem.get(getClass().getClassLoader());
        logging.cleanUp();
        logging.beforeInitialize();
        logging.initialize(new LoggingInitializationContext(environment), null, null);
    }
}
