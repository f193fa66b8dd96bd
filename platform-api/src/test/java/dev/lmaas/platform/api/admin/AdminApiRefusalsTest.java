package dev.lmaas.platform.api.admin;

import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.lmaas.platform.api.MachineApiSlice;
import dev.lmaas.platform.api.gateway.ModelResolver;
import dev.lmaas.platform.api.nodes.NodeRegistry;
import dev.lmaas.platform.billing.BudgetWebhookSettings;
import dev.lmaas.platform.billing.Budgets;
import dev.lmaas.platform.billing.Plans;
import dev.lmaas.platform.tenant.AdminKeys;
import dev.lmaas.platform.tenant.ApiKeyIssuer;
import dev.lmaas.platform.tenant.AuditLog;
import dev.lmaas.platform.tenant.ConflictException;
import dev.lmaas.platform.tenant.DataKeyDestroyedException;
import dev.lmaas.platform.tenant.Invitations;
import dev.lmaas.platform.tenant.Members;
import dev.lmaas.platform.tenant.NotFoundException;
import dev.lmaas.platform.tenant.StoredPayloads;
import dev.lmaas.platform.tenant.TenantDirectory;
import dev.lmaas.platform.tenant.TenantId;
import dev.lmaas.platform.tenant.TenantStatus;
import dev.lmaas.platform.tenant.TenantView;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.test.json.JsonCompareMode;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

/**
 * Every refusal of the admin API ({@code /admin/v1}) that the web layer decides, status and exact error body, in a web
 * slice: the real filters, controllers and error advice; the admin keys, tenant directory, key issuer, plans and the
 * rest below the controllers mocked.
 */
@MachineApiSlice
@Import({TenantAdminController.class, ApiKeyAdminController.class, PlansAdminController.class, AdminKeyAdminController.class,
        BudgetsAdminController.class, UsageAdminController.class, AuditAdminController.class, NodesAdminController.class, ModelResolver.class})
class AdminApiRefusalsTest {

    static final String BEARER = "Bearer lma_slice";
    static final UUID TENANT = UUID.randomUUID();

    @Autowired
    MockMvc mvc;
    @Autowired
    AdminKeys adminKeys;
    @MockitoBean
    TenantDirectory tenants;
    @MockitoBean
    StoredPayloads payloads;
    @MockitoBean
    Members members;
    @MockitoBean
    Invitations invitations;
    @MockitoBean
    ApiKeyIssuer issuer;
    @MockitoBean
    AccessTransparency transparency;
    @MockitoBean
    Plans plans;
    @MockitoBean
    AuditLog audit;
    @MockitoBean
    dev.lmaas.platform.api.json.AuditExport export;
    @MockitoBean
    Budgets budgets;
    @MockitoBean
    BudgetWebhookSettings webhooks;
    @MockitoBean
    NodeRegistry registry;
    @MockitoBean
    dev.lmaas.platform.billing.UsageReports reports;

    @BeforeEach
    void anAdminKeyAndOneTenant() {
        when(adminKeys.verifyHeader(BEARER)).thenReturn(Optional.of(new AdminKeys.AdminKey(UUID.randomUUID(), "slice", "lma_slic")));
        TenantView acme = new TenantView(new TenantId(TENANT), "Acme", TenantStatus.ACTIVE, "free", null, "owner@acme.test", Instant.EPOCH,
                Instant.EPOCH, "none", null, null);
        when(tenants.get(any())).thenAnswer(call -> {
            if (acme.id().equals(call.getArgument(0))) {
                return acme;
            }
            throw new NotFoundException("tenant");
        });
    }

    static String error(String message, String type, String param, String code) {
        return "{\"error\":{\"message\":" + json(message) + ",\"type\":\"" + type + "\",\"param\":" + json(param) + ",\"code\":\"" + code + "\"}}";
    }

    static String json(String s) {
        return s == null ? "null" : "\"" + s.replace("\"", "\\\"") + "\"";
    }

    static MockHttpServletRequestBuilder as(MockHttpServletRequestBuilder request) {
        return request.header("Authorization", BEARER);
    }

    static MockHttpServletRequestBuilder json(MockHttpServletRequestBuilder request, String body) {
        return as(request).contentType(MediaType.APPLICATION_JSON).content(body);
    }

    ResultActions refused(MockHttpServletRequestBuilder request, int status, String body) throws Exception {
        return mvc.perform(request).andExpect(status().is(status)).andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_JSON))
                .andExpect(content().json(body, JsonCompareMode.STRICT));
    }

    @Test
    void withoutAValidAdminKeyNothingIsAnswered() throws Exception {
        String body = error("A valid admin key is required: 'Authorization: Bearer lma_...'.", "authentication_error", null, "invalid_admin_key");
        refused(get("/admin/v1/tenants"), 401, body).andExpect(header().string("WWW-Authenticate", "Bearer realm=\"lmaas-admin\""));
        refused(get("/admin/v1/tenants").header("Authorization", "Bearer lmk_a_tenant_key"), 401, body);
        refused(post("/admin/v1/tenants").contentType(MediaType.APPLICATION_JSON).content("{\"name\":\"x\"}"), 401, body);
        verifyNoInteractions(tenants, invitations);
    }

    @Test
    void bodiesMustBeJsonAndWellFormed() throws Exception {
        refused(as(post("/admin/v1/tenants")).contentType(MediaType.APPLICATION_FORM_URLENCODED).content("name=x"), 415,
                error("Unsupported Content-Type; send 'application/json'.", "invalid_request_error", null, "unsupported_media_type"));
        refused(json(post("/admin/v1/tenants"), "{\"name\":"), 400, error("We could not parse the JSON body of your request. (HINT: This likely "
                + "means you aren't using your HTTP library correctly: send valid JSON with Content-Type: application/json.)",
                "invalid_request_error", null, "invalid_json"));
        refused(json(put("/admin/v1/plans/pro"), "{\"key_requests_per_minute\":\"fast\"}"), 400,
                error("Invalid value for 'key_requests_per_minute': wrong type or shape.", "invalid_request_error", "key_requests_per_minute",
                        "invalid_type"));
        verifyNoInteractions(invitations, plans);
    }

    @Test
    void unknownAndMalformedIdsAreNotFoundAlike() throws Exception {
        refused(as(get("/admin/v1/tenants/" + UUID.randomUUID())), 404, error("tenant not found", "invalid_request_error", null, "not_found"));
        refused(as(get("/admin/v1/tenants/not-a-uuid")), 404, error("id not found", "invalid_request_error", null, "not_found"));
        refused(as(get("/admin/v1/plans/gold")), 404, error("Plan not found", "invalid_request_error", null, "not_found"));
        refused(as(get("/admin/v1/nothing-here")), 404, error("Unknown request URL: GET /admin/v1/nothing-here.", "invalid_request_error", null,
                "unknown_url"));
    }

    @Test
    void aWrongMethodNamesTheAllowedOnes() throws Exception {
        refused(as(put("/admin/v1/tenants")), 405, error("PUT is not allowed on /admin/v1/tenants.", "invalid_request_error", null,
                "method_not_allowed")).andExpect(header().string("Allow", allOf(containsString("GET"), containsString("POST"))));
    }

    @Test
    void aTenantIsDeletedOnlyWhenItsNameIsRepeated() throws Exception {
        refused(json(delete("/admin/v1/tenants/" + TENANT), "{\"confirm\":\"acme\"}"), 400, error("Repeat the tenant's exact name in 'confirm' "
                + "to delete it.", "invalid_request_error", "confirm", "confirmation_required"));
    }

    @Test
    void aDefaultModelMustBeOneThePlatformServes() throws Exception {
        refused(json(post("/admin/v1/tenants/" + TENANT + "/default-model"), "{\"model\":\"gpt-9\"}"), 400, error("'gpt-9' is neither a model "
                + "nor a task alias this platform serves.", "invalid_request_error", "model", "model_not_found"));
    }

    @Test
    void domainRefusalsKeepTheirStatusAndParam() throws Exception {
        when(issuer.issue(any(), any(), any(), any(), any(), any())).thenThrow(new ConflictException("The plan allows at most 2 API keys.",
                "max_api_keys"));
        refused(json(post("/admin/v1/tenants/" + TENANT + "/api-keys"), "{\"name\":\"third\"}"), 409,
                error("The plan allows at most 2 API keys.", "invalid_request_error", "max_api_keys", "conflict"));
        refused(json(post("/admin/v1/tenants/" + TENANT + "/api-keys"), "{\"expires_at\":\"next tuesday\"}"), 400,
                error("expires_at must be epoch seconds or an ISO-8601 instant", "invalid_request_error", "expires_at", "invalid_value"));
        when(adminKeys.revoke(any(), any())).thenThrow(new ConflictException("The last active admin key cannot be revoked.", null));
        refused(as(delete("/admin/v1/admin-keys/" + UUID.randomUUID())), 409,
                error("The last active admin key cannot be revoked.", "invalid_request_error", null, "conflict"));
    }

    static String plan(int keyRequestsPerMinute) {
        return "{\"name\":\"Pro\",\"key_requests_per_minute\":" + keyRequestsPerMinute + ",\"key_tokens_per_minute\":1,"
                + "\"tenant_requests_per_minute\":1,\"tenant_tokens_per_minute\":1,\"monthly_token_quota\":0,\"max_api_keys\":1,"
                + "\"max_inputs_per_request\":1,\"price_micros\":0,\"overage_allowed\":false,\"price_per_million_tokens_micros\":0}";
    }

    @Test
    void anInvalidPlanIsRefusedWithItsReason() throws Exception {
        refused(json(put("/admin/v1/plans/pro"), plan(0)), 400,
                error("keyRequestsPerMinute must be positive", "invalid_request_error", null, "invalid_value"));
        refused(json(put("/admin/v1/plans/Pro"), plan(1)), 400,
                error("plan id must be lower-case letters, digits, '-' or '_': Pro", "invalid_request_error", null, "invalid_value"));
        verifyNoInteractions(plans);
    }

    @Test
    void aDestroyedDataKeyIsGoneAndAMissingPayloadNotFound() throws Exception {
        refused(as(get("/admin/v1/tenants/" + TENANT + "/payloads/req_1")), 404, error("No stored payload for this request (retention none, "
                + "expired or unknown).", "invalid_request_error", null, "not_found"));
        when(payloads.open(any(), anyString(), any())).thenThrow(new DataKeyDestroyedException(new TenantId(TENANT)));
        refused(as(get("/admin/v1/tenants/" + TENANT + "/payloads/req_1")), 410, error("This tenant's data key was destroyed; its payloads "
                + "cannot be read.", "invalid_request_error", null, "data_key_destroyed"));
    }

    @Test
    void budgetsAndWebhooksRefuseWhatIsMissing() throws Exception {
        refused(as(get("/admin/v1/tenants/" + TENANT + "/budget")), 404,
                error("No budget is set for this tenant.", "invalid_request_error", null, "budget_not_found"));
        refused(json(put("/admin/v1/tenants/" + TENANT + "/budget/webhook"), "{}"), 400,
                error("'url' is required.", "invalid_request_error", "url", "missing_parameter"));
        when(webhooks.set(any(), anyString())).thenThrow(new IllegalArgumentException("The webhook URL must use https."));
        refused(json(put("/admin/v1/tenants/" + TENANT + "/budget/webhook"), "{\"url\":\"http://example.test/hook\"}"), 400,
                error("The webhook URL must use https.", "invalid_request_error", "url", "invalid_value"));
        refused(as(delete("/admin/v1/tenants/" + TENANT + "/budget/webhook")), 404,
                error("No budget webhook is set for this tenant.", "invalid_request_error", null, "webhook_not_found"));
    }

    @Test
    void reportsRefuseUnknownParameters() throws Exception {
        refused(as(get("/admin/v1/usage")).param("group_by", "colour"), 400,
                error("'group_by' must be one of model, key, day.", "invalid_request_error", "group_by", "invalid_value"));
        refused(as(get("/admin/v1/audit/export")).param("format", "xlsx"), 400,
                error("'format' must be csv or jsonl.", "invalid_request_error", "format", "invalid_value"));
        refused(json(post("/admin/v1/models/minilm/pin"), "{\"sha256\":\"abc\"}"), 400,
                error("'sha256' must be 64 hex characters.", "invalid_request_error", "sha256", "invalid_value"));
        refused(json(post("/admin/v1/models/minilm/pin"), "{\"sha256\":\"" + "a".repeat(64) + "\"}"), 404,
                error("No node has reported the model 'minilm'.", "invalid_request_error", null, "model_not_found"));
        verifyNoInteractions(reports);
    }
}
