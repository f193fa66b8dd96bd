package dev.lmaas.platform.api.v1;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.argThat;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.lmaas.node.protocol.InferenceOutput;
import dev.lmaas.node.protocol.InferenceResponse;
import dev.lmaas.node.protocol.InferenceUsage;
import dev.lmaas.node.protocol.ModelDescriptor;
import dev.lmaas.node.protocol.Task;
import dev.lmaas.platform.api.MachineApiSlice;
import dev.lmaas.platform.api.gateway.Gateway;
import dev.lmaas.platform.api.gateway.GatewayAnswer;
import dev.lmaas.platform.api.gateway.ModelResolver;
import dev.lmaas.platform.api.nodes.NodeRegistry;
import dev.lmaas.platform.api.web.ApiException;
import dev.lmaas.platform.api.web.JsonEndpoints;
import dev.lmaas.platform.billing.Budgets;
import dev.lmaas.platform.billing.Plans;
import dev.lmaas.platform.billing.UsageReports;
import dev.lmaas.platform.tenant.ApiKeyId;
import dev.lmaas.platform.tenant.ApiKeyVerifier;
import dev.lmaas.platform.tenant.AuditCheckpoints;
import dev.lmaas.platform.tenant.AuditLog;
import dev.lmaas.platform.tenant.KeyPermission;
import dev.lmaas.platform.tenant.KeyRefusal;
import dev.lmaas.platform.tenant.KeyVerification;
import dev.lmaas.platform.tenant.TenantDirectory;
import dev.lmaas.platform.tenant.TenantId;
import dev.lmaas.platform.tenant.VerifiedKey;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Import;
import org.springframework.core.ResolvableType;
import org.springframework.http.MediaType;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

/**
 * Every refusal of the tenant API ({@code /v1}) that the web layer decides, status and exact error body, in a web
 * slice: the real filters, controllers, {@link ModelResolver} and error advice; the gateway, the node registry, the
 * key cache and the reports mocked. Each refusal that happens before the gateway leaves the gateway untouched.
 * The inference endpoints are served here by {@link DirectInferenceEndpoints}; {@link TenantApiRefusalsViaMvcTest}
 * runs every case again through Spring MVC's dispatch, so the two give the same answers.
 */
@MachineApiSlice
@Import({EmbeddingsController.class, ClassificationsController.class, TextGenerationController.class, ModelsController.class,
        UsageController.class, AuditController.class, BudgetController.class, AuditCheckpointsController.class, ModelResolver.class,
        DirectInferenceEndpoints.class})
@TestPropertySource(properties = "lmaas.api.max-inputs=4")
class TenantApiRefusalsTest {

    static final String BEARER = "Bearer lmk_slice";
    static final VerifiedKey KEY = key(Set.of(), Set.of());

    @Autowired
    MockMvc mvc;
    @Autowired
    ApplicationContext context;
    @Autowired
    ApiKeyVerifier verifier;
    @MockitoBean
    Gateway gateway;
    @MockitoBean
    NodeRegistry registry;
    @MockitoBean
    UsageReports reports;
    @MockitoBean
    AuditLog audit; // also the budget controller's ActivityLog
    @MockitoBean
    AuditCheckpoints checkpoints;
    @MockitoBean
    Budgets budgets;
    @MockitoBean
    TenantDirectory tenants;
    @MockitoBean
    Plans plans;

    static VerifiedKey key(Set<String> models, Set<KeyPermission> permissions) {
        return new VerifiedKey(new ApiKeyId(UUID.randomUUID()), new TenantId(UUID.randomUUID()), "slice", models, "free", null, null, permissions);
    }

    static ModelDescriptor model(String id, Task task, Integer dimensions) {
        return new ModelDescriptor(id, "1", task.wireName(), "abc", 256, dimensions, List.of(), ModelDescriptor.READY, null, List.of("en"),
                List.of(), List.of());
    }

    @BeforeEach
    void keysAndModels() {
        when(verifier.verifyHeader(any())).thenReturn(new KeyVerification.Refused(KeyRefusal.MISSING));
        when(verifier.verifyHeader(BEARER)).thenReturn(new KeyVerification.Verified(KEY));
        when(registry.routableModels()).thenReturn(Map.of("minilm", model("minilm", Task.EMBEDDING, 384),
                "sentiment-en", model("sentiment-en", Task.CLASSIFICATION, null)));
    }

    static String error(String message, String type, String param, String code) {
        return "{\"error\":{\"message\":" + json(message) + ",\"type\":\"" + type + "\",\"param\":" + json(param) + ",\"code\":\"" + code + "\"}}";
    }

    static String json(String s) {
        return s == null ? "null" : "\"" + s.replace("\"", "\\\"") + "\"";
    }

    static MockHttpServletRequestBuilder postJson(String path, String body) {
        return post(path).header("Authorization", BEARER).contentType(MediaType.APPLICATION_JSON).content(body);
    }

    ResultActions refused(MockHttpServletRequestBuilder request, int status, String body) throws Exception {
        return mvc.perform(request).andExpect(status().is(status)).andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_JSON))
                .andExpect(content().json(body, org.springframework.test.json.JsonCompareMode.STRICT))
                .andExpect(header().exists("x-request-id"));
    }

    // --- authentication: the key filter answers before any controller

    @Test
    void noKeyIsUnauthenticated() throws Exception {
        refused(post("/v1/embeddings").contentType(MediaType.APPLICATION_JSON).content("{}"), 401,
                error(KeyRefusal.MISSING.message(), "authentication_error", null, "invalid_api_key"))
                .andExpect(header().string("WWW-Authenticate", "Bearer realm=\"lmaas\""));
        verifyNoInteractions(gateway);
    }

    @Test
    void aRevokedKeyIsUnauthenticatedAndASuspendedTenantForbidden() throws Exception {
        when(verifier.verifyHeader("Bearer lmk_revoked")).thenReturn(new KeyVerification.Refused(KeyRefusal.REVOKED));
        when(verifier.verifyHeader("Bearer lmk_suspended")).thenReturn(new KeyVerification.Refused(KeyRefusal.TENANT_SUSPENDED));
        refused(get("/v1/models").header("Authorization", "Bearer lmk_revoked"), 401,
                error(KeyRefusal.REVOKED.message(), "authentication_error", null, "key_revoked"));
        refused(get("/v1/models").header("Authorization", "Bearer lmk_suspended"), 403,
                error(KeyRefusal.TENANT_SUSPENDED.message(), "permission_error", null, "tenant_suspended"))
                .andExpect(header().doesNotExist("WWW-Authenticate"));
    }

    // --- the body: JSON, content type, fields

    @Test
    void malformedJsonIsInvalidJson() throws Exception {
        refused(postJson("/v1/embeddings", "{\"model\": \"minilm\", \"input\": [\"a\""), 400, error("We could not parse the JSON body of your "
                + "request. (HINT: This likely means you aren't using your HTTP library correctly: send valid JSON with Content-Type: "
                + "application/json.)", "invalid_request_error", null, "invalid_json"));
        verifyNoInteractions(gateway);
    }

    @Test
    void aMissingBodyIsRefused() throws Exception {
        refused(post("/v1/classifications").header("Authorization", BEARER).contentType(MediaType.APPLICATION_JSON), 400,
                error("The request needs a JSON body.", "invalid_request_error", null, "missing_body"));
    }

    @Test
    void whatServesTheInferenceEndpoints() {
        assertThat(context.getBeanNamesForType(ResolvableType.forClassWithGenerics(FilterRegistrationBean.class, JsonEndpoints.class)))
                .hasSize(1);
    }

    @Test
    void aNullBlankOrArrayBodyIsRefused() throws Exception {
        refused(postJson("/v1/embeddings", "null"), 400, error("The request needs a JSON body.", "invalid_request_error", null, "missing_body"));
        refused(postJson("/v1/models", "  "), 400, error("We could not parse the JSON body of your request. (HINT: This likely means you "
                + "aren't using your HTTP library correctly: send valid JSON with Content-Type: application/json.)", "invalid_request_error", null,
                "invalid_json"));
        refused(postJson("/v1/classifications", "[\"great\"]"), 400, error("We could not parse the JSON body of your request. (HINT: This "
                + "likely means you aren't using your HTTP library correctly: send valid JSON with Content-Type: application/json.)",
                "invalid_request_error", null, "invalid_json"));
        verifyNoInteractions(gateway);
    }

    @Test
    void anAnswerTheClientDoesNotAcceptIsNotAcceptable() throws Exception {
        refused(postJson("/v1/embeddings", "{\"model\":\"minilm\",\"input\":\"a\"}").accept(MediaType.TEXT_HTML), 406,
                error("This endpoint answers application/json only.", "invalid_request_error", null, "not_acceptable"));
        verifyNoInteractions(gateway);
    }

    @Test
    void anAnswerIsTheSameWhateverServesIt() throws Exception {
        when(gateway.execute(any(), any(), any(), any())).thenReturn(new GatewayAnswer(new InferenceResponse("r", "minilm", "1", "n",
                List.of(new InferenceOutput(0, new float[] {0.5f, -0.25f}, null, null, 3)), new InferenceUsage(3, 0), null),
                model("minilm", Task.EMBEDDING, 2), null));
        mvc.perform(postJson("/v1/embeddings", "{\"model\":\"minilm\",\"input\":\"a\"}").accept(MediaType.APPLICATION_JSON))
                .andExpect(status().isOk()).andExpect(content().contentType(MediaType.APPLICATION_JSON))
                .andExpect(content().json("{\"object\":\"list\",\"data\":[{\"object\":\"embedding\",\"index\":0,\"embedding\":[0.5,-0.25]}],"
                        + "\"model\":\"minilm\",\"usage\":{\"prompt_tokens\":3,\"total_tokens\":3}}", org.springframework.test.json.JsonCompareMode.STRICT));
        // A charset other than JSON's own is read by MVC's converter, which decodes it.
        mvc.perform(post("/v1/embeddings").header("Authorization", BEARER).contentType("application/json;charset=ISO-8859-1")
                        .content("{\"model\":\"minilm\",\"input\":\"caf\u00e9\"}".getBytes(StandardCharsets.ISO_8859_1)))
                .andExpect(status().isOk());
        verify(gateway).execute(any(), any(), any(), argThat(call -> call.inputs().equals(List.of("caf\u00e9"))));
    }

    @Test
    void anythingButJsonIsAnUnsupportedMediaType() throws Exception {
        String body = error("Unsupported Content-Type; send 'application/json'.", "invalid_request_error", null, "unsupported_media_type");
        for (String path : List.of("/v1/embeddings", "/v1/classifications", "/v1/summaries", "/v1/translations", "/v1/models")) {
            refused(post(path).header("Authorization", BEARER).contentType(MediaType.TEXT_PLAIN).content("hello"), 415, body);
        }
        verifyNoInteractions(gateway);
    }

    @Test
    void aWrongMethodNamesTheAllowedOnes() throws Exception {
        refused(get("/v1/embeddings").header("Authorization", BEARER), 405,
                error("GET is not allowed on /v1/embeddings.", "invalid_request_error", null, "method_not_allowed"))
                .andExpect(header().string("Allow", "POST"));
    }

    @Test
    void anUnknownUrlIsNotFound() throws Exception {
        refused(get("/v1/nothing-here").header("Authorization", BEARER), 404,
                error("Unknown request URL: GET /v1/nothing-here.", "invalid_request_error", null, "unknown_url"));
    }

    // --- fields of the body: one row a refusal, each a 400 naming the field, each before the gateway

    static Arguments badBody(String path, String body, String message, String param, String code) {
        return Arguments.of(path, body, message, param, code);
    }

    static Stream<Arguments> badBodies() {
        String tooMany = "[\"a\",\"b\",\"c\",\"d\",\"e\"]";
        String tokenIds = "Token-id input is not supported: this platform's models use their own tokenizers, so send text.";
        return Stream.of(
                badBody("/v1/embeddings", "{\"model\":\"minilm\",\"input\":\"a\",\"dimensions\":\"many\"}",
                        "Invalid value for 'dimensions': wrong type or shape.", "dimensions", "invalid_type"),
                badBody("/v1/embeddings", "{\"input\":\"a\"}", "'model' is required.", "model", "missing_model"),
                badBody("/v1/embeddings", "{\"model\":\"minilm\",\"input\":\"a\",\"encoding_format\":\"hex\"}",
                        "'encoding_format' must be 'float' or 'base64'.", "encoding_format", "invalid_value"),
                badBody("/v1/embeddings", "{\"model\":\"minilm\"}", "'input' is required.", "input", "missing_input"),
                badBody("/v1/embeddings", "{\"model\":\"minilm\",\"input\":42}", "'input' must be a string or an array of strings.", "input",
                        "invalid_type"),
                badBody("/v1/embeddings", "{\"model\":\"minilm\",\"input\":[]}", "'input' must not be an empty array.", "input", "invalid_input"),
                badBody("/v1/embeddings", "{\"model\":\"minilm\",\"input\":[\"a\",\" \"]}", "'input[1]' must not be empty.", "input[1]",
                        "invalid_input"),
                badBody("/v1/embeddings", "{\"model\":\"minilm\",\"input\":[1,2,3]}", tokenIds, "input", "unsupported_input"),
                badBody("/v1/embeddings", "{\"model\":\"minilm\",\"input\":" + tooMany + "}", "'input' has 5 items; at most 4 are allowed per request.",
                        "input", "too_many_inputs"),
                badBody("/v1/classifications", "{\"input\":" + tooMany + "}", "'input' has 5 items; at most 4 are allowed per request.", "input",
                        "too_many_inputs"),
                badBody("/v1/summaries", "{\"input\":\"a text\",\"max_tokens\":0}", "'max_tokens' must be between 1 and 4096.", "max_tokens",
                        "invalid_value"),
                badBody("/v1/summaries", "{\"input\":\"a text\",\"ratio\":1.5}", "'ratio' must be greater than 0 and at most 1.", "ratio",
                        "invalid_value"),
                badBody("/v1/summaries", "{\"ratio\":0.5}", "'input' is required.", "input", "missing_input"),
                badBody("/v1/translations", "{\"input\":\"hello\"}", "'target_language' is required.", "target_language", "missing_parameter"),
                badBody("/v1/translations", "{\"input\":\"hello\",\"target_language\":\"es\",\"num_beams\":9}",
                        "'num_beams' must be between 1 and 8.", "num_beams", "invalid_value"),
                badBody("/v1/translations", "{\"input\":\"hello\",\"target_language\":\"es\",\"max_tokens\":4097}",
                        "'max_tokens' must be between 1 and 4096.", "max_tokens", "invalid_value"),
                badBody("/v1/models", "{\"model\":\"sentiment-en\"}", "'text' is required.", "text", "missing_parameter"),
                badBody("/v1/models", "{\"text\":[\"a\"]}", "'text' must be a string.", "text", "invalid_type"),
                badBody("/v1/models", "{\"text\":\"  \"}", "'text' must not be empty.", "text", "invalid_input"),
                badBody("/v1/models/sentiment-en", "{\"text\":\"good\",\"model\":\"minilm\"}",
                        "The path names the model 'sentiment-en' but the body names 'minilm'.", "model", "model_mismatch"));
    }

    @ParameterizedTest(name = "{0} {1}: {4}")
    @MethodSource("badBodies")
    void aBadFieldIsRefusedByName(String path, String body, String message, String param, String code) throws Exception {
        refused(postJson(path, body), 400, error(message, "invalid_request_error", param, code));
        verifyNoInteractions(gateway);
    }

    @Test
    void anUnknownModelIsNotFoundAndAModelOutOfTheKeysScopeForbidden() throws Exception {
        refused(postJson("/v1/embeddings", "{\"model\":\"no-such-model\",\"input\":\"a\"}"), 404, error("The model 'no-such-model' does not "
                + "exist or you do not have access to it.", "invalid_request_error", null, "model_not_found"));
        when(verifier.verifyHeader("Bearer lmk_scoped")).thenReturn(new KeyVerification.Verified(key(Set.of("other"), Set.of())));
        refused(post("/v1/embeddings").header("Authorization", "Bearer lmk_scoped").contentType(MediaType.APPLICATION_JSON)
                        .content("{\"model\":\"minilm\",\"input\":\"a\"}"), 403,
                error("This API key may not use the model 'minilm'.", "permission_error", "model", "model_not_allowed"));
        verifyNoInteractions(gateway);
    }

    @Test
    void aModelOfAnotherTaskOrLoadingOrWithOtherDimensionsIsRefused() throws Exception {
        refused(postJson("/v1/embeddings", "{\"model\":\"sentiment-en\",\"input\":\"a\"}"), 400, error("The model 'sentiment-en' is a "
                + "classification model; this endpoint needs a embedding model.", "invalid_request_error", "model", "wrong_model_task"));
        refused(postJson("/v1/embeddings", "{\"model\":\"minilm\",\"input\":\"a\",\"dimensions\":256}"), 400, error("The model 'minilm' produces "
                + "384 dimensions and cannot shorten them.", "invalid_request_error", "dimensions", "unsupported_dimensions"));
        when(registry.loading("bge-big")).thenReturn(true);
        refused(postJson("/v1/embeddings", "{\"model\":\"bge-big\",\"input\":\"a\"}"), 503, error("The model 'bge-big' is still loading on its "
                + "nodes. Retry in a few seconds.", "server_error", null, "model_loading")).andExpect(header().string("Retry-After", "5"));
        verifyNoInteractions(gateway);
    }

    // --- what the gateway refuses is answered in the same shape, with its headers

    @Test
    void aGatewayRefusalKeepsItsStatusBodyAndHeaders() throws Exception {
        when(gateway.execute(any(), any(), any(), any())).thenThrow(new ApiException(429, "rate_limit_error", "rate_limit_exceeded",
                "Rate limit reached for requests per minute.", null, Map.of("Retry-After", "7")));
        refused(postJson("/v1/classifications", "{\"input\":\"great\"}"), 429,
                error("Rate limit reached for requests per minute.", "rate_limit_error", null, "rate_limit_exceeded"))
                .andExpect(header().string("Retry-After", "7"));
    }

    @Test
    void aBlankIdempotencyKeyIsRefusedBeforeAnythingRuns() throws Exception {
        refused(postJson("/v1/summaries", "{\"input\":\"a text\"}").header("Idempotency-Key", " "), 400,
                error("Idempotency-Key must be 1 to 255 characters.", "invalid_request_error", "Idempotency-Key", "invalid_idempotency_key"));
        verifyNoInteractions(gateway);
    }

    // --- the brief's {"text"} shape and the model list

    @Test
    void anUnknownOrOutOfScopeModelIsNotFoundInTheList() throws Exception {
        refused(get("/v1/models/no-such-model").header("Authorization", BEARER), 404, error("The model 'no-such-model' does not exist or you "
                + "do not have access to it.", "invalid_request_error", null, "model_not_found"));
        when(verifier.verifyHeader("Bearer lmk_scoped")).thenReturn(new KeyVerification.Verified(key(Set.of("sentiment-en"), Set.of())));
        // Another scope's model is not forbidden but absent: a key learns nothing about models it may not use.
        refused(get("/v1/models/minilm").header("Authorization", "Bearer lmk_scoped"), 404, error("The model 'minilm' does not exist or you "
                + "do not have access to it.", "invalid_request_error", null, "model_not_found"));
    }

    // --- usage, audit and budget: permissions and parameters

    @Test
    void usageAuditAndBudgetNeedTheirPermissions() throws Exception {
        refused(get("/v1/usage").header("Authorization", BEARER), 403, error("This API key may not read the tenant's usage: it needs the "
                + "'usage:read' permission (keys scoped to models do not have it unless granted).", "permission_error", null,
                "insufficient_permissions"));
        refused(get("/v1/audit").header("Authorization", BEARER), 403, error("This API key may not read the tenant's audit trail: it needs the "
                + "'audit:read' permission (keys scoped to models do not have it unless granted).", "permission_error", null,
                "insufficient_permissions"));
        refused(put("/v1/budget").header("Authorization", BEARER).contentType(MediaType.APPLICATION_JSON).content("{}"), 403,
                error("This API key may not set the tenant's budget: it needs the 'budget:write' permission, which is only ever granted "
                        + "explicitly.", "permission_error", null, "insufficient_permissions"));
        verifyNoInteractions(reports, audit, budgets);
    }

    @Test
    void usageRefusesUnknownFormatsAndGroupings() throws Exception {
        when(verifier.verifyHeader("Bearer lmk_reader")).thenReturn(new KeyVerification.Verified(key(Set.of(),
                Set.of(KeyPermission.READ_USAGE, KeyPermission.READ_AUDIT))));
        refused(get("/v1/usage").param("format", "xml").header("Authorization", "Bearer lmk_reader"), 400,
                error("'format' must be json or csv.", "invalid_request_error", "format", "invalid_value"));
        refused(get("/v1/usage").param("group_by", "colour").header("Authorization", "Bearer lmk_reader"), 400,
                error("'group_by' must be one of model, key, day.", "invalid_request_error", "group_by", "invalid_value"));
        refused(get("/v1/budget").header("Authorization", "Bearer lmk_reader"), 404,
                error("No budget is set for this organization.", "invalid_request_error", null, "budget_not_found"));
        verifyNoInteractions(reports);
    }

    @Test
    void aMalformedCheckpointIsRefused() throws Exception {
        refused(postJson("/v1/audit/checkpoints/verify", "{\"data\":[{\"tenant_id\":\"x\",\"seq\":1,\"hash\":\"zz\"}]}"), 400,
                error("A checkpoint is malformed: tenant_id, seq, hash (hex), signed_at (ISO-8601) and signature (base64) are required, as GET "
                        + "/v1/audit/checkpoints gives them.", "invalid_request_error", "data", "invalid_checkpoint"));
        verifyNoInteractions(audit);
    }
}
