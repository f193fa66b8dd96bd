package dev.lmaas.platform.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;
import tools.jackson.databind.JsonNode;

/** The OpenAPI document covers every /v1 endpoint there is; Prometheus sees requests, latencies and routing. */
class ApiDocsAndMetricsIT extends NodeBackedIT {

    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    RequestMappingHandlerMapping mappings;

    @Test
    void theOpenApiDocumentListsEveryTenantEndpoint() {
        var docs = http.get("/v3/api-docs", null);
        assertThat(docs.status()).isEqualTo(200);
        JsonNode paths = docs.json().get("paths");
        Set<String> documented = new TreeSet<>();
        paths.propertyNames().forEach(p -> paths.get(p).propertyNames().forEach(m -> documented.add(m.toUpperCase() + " " + p)));
        Set<String> served = new TreeSet<>();
        mappings.getHandlerMethods().keySet().forEach(info -> info.getPathPatternsCondition().getPatternValues().stream()
                .filter(p -> p.startsWith("/v1/")).forEach(p -> info.getMethodsCondition().getMethods().forEach(m -> served.add(m.name() + " " + p))));
        assertThat(served).isNotEmpty().contains("POST /v1/embeddings", "GET /v1/models", "POST /v1/models");
        assertThat(documented).isEqualTo(served);
        assertThat(docs.json().at("/components/securitySchemes/apiKey/scheme").asString()).isEqualTo("bearer");
        assertThat(http.get("/swagger-ui/index.html", null).status()).isEqualTo(200);
    }

    @Test
    void prometheusSeesRequestsLatencySplitAndRouting() {
        String key = newKey(newTenant("pro"));
        assertThat(http.post("/v1/embeddings", key, TestHttp.json("model", "all-minilm-l6-v2", "input", "metrics please")).status()).isEqualTo(200);
        var refused = http.get("/actuator/prometheus", null);
        assertThat(refused.status()).as("metrics are not public").isEqualTo(401);
        assertThat(refused.errorCode()).isEqualTo("invalid_scrape_token");
        assertThat(http.get("/actuator/prometheus", "not-the-token").status()).isEqualTo(401);
        String token = dataDirectory.readSecret(dev.lmaas.platform.api.web.MetricsScrapeToken.FILE).orElseThrow();
        var scraped = http.get("/actuator/prometheus", token);
        assertThat(scraped.status()).isEqualTo(200);
        String metrics = scraped.body();
        assertThat(metrics).contains("lmaas_gateway_requests_total{endpoint=\"embeddings\",model=\"all-minilm-l6-v2\",plan=\"pro\",status=\"200\"}");
        assertThat(metrics).contains("lmaas_gateway_node_time_seconds_count{model=\"all-minilm-l6-v2\"}");
        assertThat(metrics).contains("lmaas_gateway_overhead_time_seconds_count{model=\"all-minilm-l6-v2\"}");
        assertThat(metrics).contains("lmaas_routing_decisions_total").contains("lmaas_nodes_evictions_total").contains("lmaas_routing_retries_total")
                .contains("# TYPE lmaas_nodes_work gauge");
        // Served without MVC's dispatch (DirectInferenceEndpoints), the call still counts under its endpoint's URI.
        assertThat(metrics).containsPattern("http_server_requests_seconds_count\\{[^}]*method=\"POST\"[^}]*status=\"200\",uri=\"/v1/embeddings\"\\}");
        assertThat(metrics).doesNotContain(key.substring(4));
    }
}
