package dev.lmaas.platform.api.console;

import dev.lmaas.node.protocol.InferenceOutput;
import dev.lmaas.node.protocol.InferenceParameters;
import dev.lmaas.node.protocol.ModelDescriptor;
import dev.lmaas.node.protocol.Task;
import dev.lmaas.platform.api.gateway.CallContext;
import dev.lmaas.platform.api.gateway.Gateway;
import dev.lmaas.platform.api.gateway.GatewayAnswer;
import dev.lmaas.platform.api.gateway.InferenceCall;
import dev.lmaas.platform.api.ledger.CallOrigin;
import dev.lmaas.platform.api.web.RecordedCall;
import dev.lmaas.platform.api.ledger.RequestRecorder;
import dev.lmaas.platform.api.nodes.NodeRegistry;
import dev.lmaas.platform.api.web.ApiException;
import dev.lmaas.platform.billing.Plans;
import dev.lmaas.platform.tenant.Actor;
import dev.lmaas.platform.tenant.ApiKeyId;
import dev.lmaas.platform.tenant.ApiKeyVerifier;
import dev.lmaas.platform.tenant.InvalidInputException;
import dev.lmaas.platform.tenant.TenantId;
import dev.lmaas.platform.tenant.TenantStatus;
import dev.lmaas.platform.tenant.VerifiedKey;
import dev.lmaas.platform.tenant.CachedTenant;
import dev.lmaas.platform.ui.port.Playground;
import dev.lmaas.platform.ui.port.PlaygroundInput;
import dev.lmaas.platform.ui.port.PlaygroundModel;
import dev.lmaas.platform.ui.port.PlaygroundRefusedException;
import dev.lmaas.platform.ui.port.PlaygroundRun;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * The console's playground: runs a model through the same gateway as the tenant API, with the
 * tenant's plan, limits, metering and audit, under a stable per-tenant "playground" key id so its
 * usage shows up as such.
 */
@Component
class ConsolePlayground implements Playground {

    static final int MAX_TEXT = 20_000;
    private final Gateway gateway;
    private final NodeRegistry registry;
    private final ApiKeyVerifier verifier;
    private final Plans plans;
    private final RequestRecorder recorder;
    private final JsonMapper json;

    ConsolePlayground(Gateway gateway, NodeRegistry registry, ApiKeyVerifier verifier, Plans plans, RequestRecorder recorder, JsonMapper json) {
        this.gateway = gateway;
        this.registry = registry;
        this.verifier = verifier;
        this.plans = plans;
        this.recorder = recorder;
        this.json = json;
    }

    @Override
    public List<PlaygroundModel> models(TenantId tenant) {
        var plan = verifier.tenant(tenant).flatMap(t -> plans.find(t.planId()));
        List<PlaygroundModel> allowed = registry.routableModels().values().stream().filter(m -> plan.map(p -> p.allows(m.id())).orElse(false))
                .sorted(java.util.Comparator.comparing(ModelDescriptor::id)).map(m -> new PlaygroundModel(m.id(), m.task())).toList();
        // The task aliases first: they pick the model of the text's language, as the API does with no model named.
        List<PlaygroundModel> out = new ArrayList<>();
        registry.routableModels().values().stream().filter(m -> plan.map(p -> p.allows(m.id())).orElse(false))
                .flatMap(m -> m.aliases().stream().map(a -> new PlaygroundModel(a, m.task()))).distinct()
                .sorted(java.util.Comparator.comparing(PlaygroundModel::id)).forEach(out::add);
        out.addAll(allowed);
        return out;
    }

    @Override
    public PlaygroundRun run(TenantId tenant, Actor member, PlaygroundInput input) {
        String model = input.model();
        String text = input.text();
        if (text == null || text.isBlank()) {
            throw new InvalidInputException("Type some text to send to the model", "text");
        }
        if (text.length() > MAX_TEXT) {
            throw new InvalidInputException("The text may have at most " + MAX_TEXT + " characters", "text");
        }
        CachedTenant t = verifier.tenant(tenant).filter(x -> x.status() == TenantStatus.ACTIVE)
                .orElseThrow(() -> new PlaygroundRefusedException("tenant_suspended", "This account is not active."));
        VerifiedKey key = new VerifiedKey(new ApiKeyId(UUID.nameUUIDFromBytes(("playground:" + tenant).getBytes(StandardCharsets.UTF_8))), tenant,
                "playground", Set.of(), t.planId(), t.defaultModel(), t.retentionDays());
        String requestId = "req_pg_" + UUID.randomUUID().toString().replace("-", "").substring(0, 20);
        java.util.Map<String, String> sent = new java.util.LinkedHashMap<>(java.util.Map.of("model", String.valueOf(model), "text", text));
        InferenceParameters parameters = InferenceParameters.NONE;
        Task task = null;
        if (input.translation()) {
            // A translation names its target (and maybe its source) language, as /v1/translations takes them.
            task = Task.TRANSLATION;
            parameters = new InferenceParameters(null, null, input.sourceLanguage(), input.targetLanguage(), null);
            sent.put("target_language", String.valueOf(input.targetLanguage()));
            if (input.sourceLanguage() != null) {
                sent.put("source_language", input.sourceLanguage());
            }
        }
        byte[] body = json.writeValueAsBytes(sent);
        List<String[]> headers = new ArrayList<>();
        CallContext ctx = new CallContext(new CallOrigin(requestId, null, "post /console/playground", member == null ? null : member.clientAddress(),
                "lmaas-console", () -> body, member),
                (k, v) -> headers.add(new String[] {k, v}), new RecordedCall());
        long started = System.nanoTime();
        try {
            GatewayAnswer answer = gateway.execute(ctx, key, new InferenceCall("playground", model, task, List.of(text), parameters, false));
            long millis = (System.nanoTime() - started) / 1_000_000;
            var usage = answer.response().usage();
            return new PlaygroundRun(answer.model().id(), answer.model().task(), answer.language(), output(answer.model(), answer.response().outputs().get(0)),
                    new PlaygroundRun.Usage((int) usage.promptTokens(), (int) usage.totalTokens(), millis));
        } catch (ApiException e) {
            recorder.answered(ctx.origin(), key, model, null, e.status(), e.code(), (System.nanoTime() - started) / 1000);
            throw new PlaygroundRefusedException(e.code(), e.getMessage());
        }
    }

    private static PlaygroundRun.Output output(ModelDescriptor model, InferenceOutput out) {
        if (out.embedding() != null) {
            List<Double> preview = new ArrayList<>();
            for (int i = 0; i < Math.min(8, out.embedding().length); i++) {
                preview.add((double) out.embedding()[i]);
            }
            return PlaygroundRun.Output.embedding(preview, out.embedding().length);
        }
        if (out.labels() != null && !out.labels().isEmpty()) {
            return PlaygroundRun.Output.labels(out.labels().stream().map(l -> new PlaygroundRun.LabelScore(l.label(), l.score())).toList());
        }
        return PlaygroundRun.Output.text(out.text() == null ? "" : out.text());
    }
}
