package dev.lmaas.platform.ui.fakes;

import dev.lmaas.platform.tenant.Actor;
import dev.lmaas.platform.tenant.TenantDirectory;
import dev.lmaas.platform.tenant.TenantId;
import dev.lmaas.platform.tenant.TenantView;
import dev.lmaas.platform.ui.port.PlanDetails;
import dev.lmaas.platform.ui.port.Playground;
import dev.lmaas.platform.ui.port.PlaygroundInput;
import dev.lmaas.platform.ui.port.PlaygroundModel;
import dev.lmaas.platform.ui.port.PlaygroundRefusedException;
import dev.lmaas.platform.ui.port.PlaygroundRun;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.springframework.beans.factory.ObjectProvider;

/**
 * Deterministic stand-in for the gateway: embeddings from the text's hash, a sentiment from a word
 * list, an extractive "summary" (the first sentence), a "translation" that tags the text with its languages. Every run is metered into the fake usage;
 * text containing {@code #ratelimit} is refused as the API would when over the limit.
 */
public class FakePlayground implements Playground {

    static final List<PlaygroundModel> MODELS = List.of(new PlaygroundModel("all-MiniLM-L6-v2", "embedding"),
            new PlaygroundModel("sentiment-en", "classification"), new PlaygroundModel("summarize-extractive", "summarization"),
            new PlaygroundModel("translation", "translation"));

    private final ObjectProvider<TenantDirectory> tenants;
    private final FakePlanCatalog plans;
    private final FakeUsageReports usage;

    public FakePlayground(ObjectProvider<TenantDirectory> tenants, FakePlanCatalog plans, FakeUsageReports usage) {
        this.tenants = tenants;
        this.plans = plans;
        this.usage = usage;
    }

    @Override
    public List<PlaygroundModel> models(TenantId tenant) {
        String plan = tenants.getObject().find(tenant).map(TenantView::planId).orElse("free");
        List<String> allowed = plans.find(plan).map(PlanDetails::allowedModels).orElse(List.of());
        return MODELS.stream().filter(m -> allowed.isEmpty() || allowed.contains(m.id())).toList();
    }

    @Override
    public PlaygroundRun run(TenantId tenant, Actor member, PlaygroundInput input) {
        String model = input.model();
        String task = input.task();
        String text = input.text();
        String requestId = "req_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        int tokens = Math.max(1, text.strip().split("\\s+").length + 2);
        if (text.contains("#ratelimit")) {
            usage.record(new FakeUsageReports.Event(tenant, model, Instant.now(), 0, 0, 429, "rate_limit_exceeded", requestId));
            throw new PlaygroundRefusedException("rate_limit_exceeded", "Rate limit reached for requests per minute; try again in 12 s.");
        }
        usage.record(new FakeUsageReports.Event(tenant, model, Instant.now(), tokens, tokens * 20L, 200, null, requestId));
        PlaygroundRun.Output output = switch (task) {
            case "embedding" -> PlaygroundRun.Output.embedding(embedding(text), 384);
            case "classification" -> sentiment(text);
            case "translation" -> PlaygroundRun.Output.text("[" + (input.sourceLanguage() == null ? "en" : input.sourceLanguage()) + "→"
                    + input.targetLanguage() + "] " + text);
            default -> PlaygroundRun.Output.text(text.split("(?<=[.!?])\\s+")[0]);
        };
        String ran = switch (model) {
            case "translation" -> "apertium-" + (input.sourceLanguage() == null ? "en" : input.sourceLanguage()) + "-" + input.targetLanguage();
            default -> model;
        };
        return new PlaygroundRun(ran, task, "en", output, new PlaygroundRun.Usage(tokens, tokens, 7));
    }

    private static List<Double> embedding(String text) {
        java.util.Random r = new java.util.Random(text.hashCode());
        List<Double> v = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            v.add(r.nextGaussian() * 0.05);
        }
        return v;
    }

    private static PlaygroundRun.Output sentiment(String text) {
        String t = text.toLowerCase();
        double positive = t.contains("great") || t.contains("love") || t.contains("lovely") ? 0.94 : t.contains("bad") ? 0.08 : 0.5;
        return PlaygroundRun.Output.labels(List.of(new PlaygroundRun.LabelScore("positive", positive),
                new PlaygroundRun.LabelScore("negative", Math.round((1 - positive) * 1000) / 1000.0)));
    }
}
