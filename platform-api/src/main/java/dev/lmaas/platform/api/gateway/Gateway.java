package dev.lmaas.platform.api.gateway;

import dev.lmaas.node.protocol.InferenceEvent;
import dev.lmaas.node.protocol.InferenceOutput;
import dev.lmaas.node.protocol.InferenceRequest;
import dev.lmaas.node.protocol.InferenceResponse;
import dev.lmaas.node.protocol.ModelDescriptor;
import dev.lmaas.node.protocol.NodeError;
import dev.lmaas.platform.api.nodes.InferenceRouter;
import dev.lmaas.platform.api.nodes.NoCapacityException;
import dev.lmaas.platform.api.nodes.NodeCallException;
import dev.lmaas.node.protocol.Task;
import dev.lmaas.platform.billing.Admission;
import dev.lmaas.platform.billing.AdmissionRequest;
import dev.lmaas.platform.billing.Entitlements;
import dev.lmaas.platform.billing.RefusalReason;
import dev.lmaas.platform.api.ledger.RequestLedger;
import dev.lmaas.platform.api.ledger.RequestRecorder;
import dev.lmaas.platform.api.nodes.NodesProperties;
import dev.lmaas.platform.api.web.ApiException;
import dev.lmaas.platform.api.web.RequestIds;
import dev.lmaas.platform.tenant.VerifiedKey;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.springframework.stereotype.Service;

/**
 * The request's way through the control plane: resolve and authorise the model, route to a node,
 * translate node failures into API errors, and set the timing headers.
 */
@Service
public class Gateway {

    private final ModelResolver models;
    private final LanguageRouting routing;
    private final InferenceRouter router;
    private final NodesProperties nodes;
    private final MeterRegistry meters;
    private final RequestRecorder recorder;
    private final Entitlements entitlements;

    Gateway(ModelResolver models, LanguageRouting routing, InferenceRouter router, NodesProperties nodes, MeterRegistry meters,
            RequestRecorder recorder, Entitlements entitlements) {
        this.models = models;
        this.routing = routing;
        this.recorder = recorder;
        this.entitlements = entitlements;
        this.router = router;
        this.nodes = nodes;
        this.meters = meters;
    }

    public GatewayAnswer execute(HttpServletRequest request, HttpServletResponse response, VerifiedKey key, InferenceCall call) {
        return execute(CallContext.of(request, response), key, call);
    }

    /** A call routed to its model and admitted against the tenant's limits, ready for a node. */
    private record Admitted(LanguageRouting.Routed route, ModelDescriptor model, Admission.Admitted admission, InferenceRequest nodeRequest) {
    }

    private Admitted admitCall(CallContext ctx, VerifiedKey key, InferenceCall call) {
        LanguageRouting.Routed route = routing.route(call, key);
        ModelDescriptor model = models.resolve(route.model(), call.task(), key);
        ctx.call().servedBy(model.id());
        Admission.Admitted admitted = admit(key, model, call, ctx);
        // No silent truncation (OpenAI's rule): an over-long input is a 400 context_length_exceeded unless the call opts in.
        // A summarizer reads documents longer than its context by design; only each sentence's embedding is capped.
        boolean truncate = call.truncate() || Task.SUMMARIZATION.wireName().equals(model.task());
        return new Admitted(route, model, admitted, new InferenceRequest(ctx.requestId(), key.tenantId().toString(), model.id(), model.task(),
                call.inputs(), truncate, nodes.requestTimeout().toMillis(), route.parameters()));
    }

    public GatewayAnswer execute(CallContext ctx, VerifiedKey key, InferenceCall call) {
        long started = System.nanoTime();
        Admitted prepared = admitCall(ctx, key, call);
        LanguageRouting.Routed route = prepared.route();
        ModelDescriptor model = prepared.model();
        Admission.Admitted admitted = prepared.admission();
        InferenceRequest nodeRequest = prepared.nodeRequest();
        String status = "200";
        // Its admission commits while the node works, so the answer waits for no commit of its own (RequestLedger).
        recorder.admitted(ctx.origin(), key, model.id());
        try {
            InferenceRouter.Routed routed = router.route(nodeRequest, nodes.requestTimeout());
            InferenceResponse answer = routed.response();
            // Charged at the real count whether or not the records below commit: the work was done,
            // and a failed commit errs towards refusing later calls, never towards free calls.
            admitted.settle(answer.usage().totalTokens());
            ctx.call().node(routed.node().id());
            long totalMicros = (System.nanoTime() - started) / 1000;
            try {
                record(ctx, key, call, model, route.language(), new Served(routed.node().id(), answer.usage().promptTokens(),
                        answer.usage().completionTokens(), answer.outputs(), 200, null), totalMicros, true);
            } catch (RequestLedger.LedgerUnavailableException e) {
                // Never answer for free or unaudited: the work is dropped and the client may retry.
                status = "503";
                throw notRecorded(ctx);
            }
            long nodeMicros = answer.timing() == null ? 0 : answer.timing().queueMicros() + answer.timing().inferenceMicros();
            ctx.header().accept("x-lmaas-queue-ms", millis(answer.timing() == null ? 0 : answer.timing().queueMicros()));
            ctx.header().accept("x-lmaas-inference-ms", millis(answer.timing() == null ? 0 : answer.timing().inferenceMicros()));
            ctx.header().accept("openai-processing-ms", millis(totalMicros));
            ctx.header().accept("openai-model", model.id());
            ModelTimers timers = timers(model.id());
            timers.node().record(nodeMicros, TimeUnit.MICROSECONDS);
            timers.overhead().record(Math.max(0, totalMicros - nodeMicros), TimeUnit.MICROSECONDS);
            if (route.language() != null) {
                ctx.header().accept("x-lmaas-language", route.language());
            }
            return new GatewayAnswer(answer, model, route.language());
        } catch (NoCapacityException e) {
            status = "503";
            throw new ApiException(503, "server_error", "no_capacity", e.getMessage(), null, Map.of("Retry-After", "5"));
        } catch (NodeCallException e) {
            ApiException api = translate(e);
            status = Integer.toString(api.status());
            throw api;
        } finally {
            admitted.release(); // no-op once settled: a request that never ran costs nothing
            requests(call.endpoint(), model.id(), status, key.planId()).increment();
        }
    }

    /** What a node did for a call, as recorded: its answer, or the part produced before the answer broke off. */
    private record Served(String node, long promptTokens, long completionTokens, List<InferenceOutput> outputs, int status, String errorCode) {
    }

    /** The usage record, the audit record and the stored payload of one call, in one commit. */
    private void record(CallContext ctx, VerifiedKey key, InferenceCall call, ModelDescriptor model, String language, Served served,
                        long totalMicros) {
        record(ctx, key, call, model, language, served, totalMicros, false);
    }

    /** @param admitted the call's admission was written ({@link RequestRecorder#admitted}): its records may follow the answer */
    private void record(CallContext ctx, VerifiedKey key, InferenceCall call, ModelDescriptor model, String language, Served served,
                        long totalMicros, boolean admitted) {
        RequestRecorder.Served record = new RequestRecorder.Served(call.endpoint(), model.id(), served.node(), language,
                served.promptTokens(), served.completionTokens(), call.inputs().size(), served.status(), served.errorCode());
        if (admitted) {
            recorder.servedAfterAnswer(ctx.origin(), key, record, served.outputs(), totalMicros);
        } else {
            recorder.served(ctx.origin(), key, record, served.outputs(), totalMicros);
        }
        ctx.call().recorded();
    }

    static ApiException notRecorded(CallContext ctx) {
        ctx.call().ledgerDown();
        return new ApiException(503, "server_error", "usage_not_recorded",
                "The request could not be recorded and was not billed. Retry after a few seconds.", null, Map.of("Retry-After", "2"));
    }

    /**
     * A call answered as a stream: admitted, routed and recorded like {@link #execute}, with the text
     * written to {@code out} as the node generates it. Refusals before the node accepted the inputs are
     * thrown as usual (the answer is not committed yet). After that, the usage and audit records are the
     * same as for the unstreamed call; a client that leaves (status 499) or an answer that breaks off is
     * charged for what the node had produced by then, and recorded with that status.
     */
    public void stream(CallContext ctx, VerifiedKey key, InferenceCall call, AnswerStream out) {
        long started = System.nanoTime();
        Admitted prepared = admitCall(ctx, key, call);
        LanguageRouting.Routed route = prepared.route();
        ModelDescriptor model = prepared.model();
        Admission.Admitted admitted = prepared.admission();
        InferenceRequest nodeRequest = prepared.nodeRequest();
        StreamProgress progress = new StreamProgress(call.inputs().size());
        String status = "200";
        ctx.header().accept("openai-model", model.id());
        if (route.language() != null) {
            ctx.header().accept("x-lmaas-language", route.language());
        }
        try {
            InferenceRouter.Routed routed = router.routeStreaming(nodeRequest, nodes.requestTimeout(), event -> {
                progress.heard(event);
                switch (event.type()) {
                    case InferenceEvent.START -> out.begin(model.id(), route.language());
                    case InferenceEvent.DELTA -> out.delta(event.index(), event.text());
                    case InferenceEvent.PING -> out.keepAlive();
                    default -> { } // a newer node's event this control plane does not know
                }
            });
            InferenceResponse answer = routed.response();
            admitted.settle(answer.usage().totalTokens());
            ctx.call().node(routed.node().id());
            try {
                record(ctx, key, call, model, route.language(), new Served(routed.node().id(), answer.usage().promptTokens(),
                        answer.usage().completionTokens(), answer.outputs(), 200, null), (System.nanoTime() - started) / 1000);
            } catch (RequestLedger.LedgerUnavailableException e) {
                status = "503";
                finish(() -> out.fail(notRecorded(ctx))); // the text is out; the client learns that this call was not recorded
                return;
            }
            finish(() -> out.end(answer.usage()));
        } catch (ClientGoneException gone) {
            status = "499";
            brokenOff(ctx, key, call, model, route.language(), progress, admitted, 499, "client_closed", started);
        } catch (NoCapacityException e) {
            status = "503";
            throw new ApiException(503, "server_error", "no_capacity", e.getMessage(), null, Map.of("Retry-After", "5"));
        } catch (NodeCallException e) {
            ApiException api = translate(e);
            status = Integer.toString(api.status());
            if (!progress.started()) {
                throw api;
            }
            brokenOff(ctx, key, call, model, route.language(), progress, admitted, api.status(), api.code(), started);
            try {
                out.fail(api);
            } catch (ClientGoneException ignored) {
                // recorded above; nobody is left to tell
            }
        } finally {
            admitted.release();
            requests(call.endpoint(), model.id(), status, key.planId()).increment();
        }
    }

    /**
     * Writes a stream's last chunk once its call is recorded: a client that leaves now has had the whole
     * answer but its usage line, and the call must not be recorded a second time as cut short.
     */
    private static void finish(Runnable lastChunk) {
        try {
            lastChunk.run();
        } catch (ClientGoneException ignored) {
            // recorded already; nobody is left to tell
        }
    }

    /** Charges and records what the node had produced when a streamed answer stopped early. */
    private void brokenOff(CallContext ctx, VerifiedKey key, InferenceCall call, ModelDescriptor model, String language, StreamProgress progress,
                           Admission.Admitted admitted, int status, String code, long started) {
        admitted.settle(progress.promptTokens() + progress.completionTokens());
        try {
            record(ctx, key, call, model, language, new Served(progress.node(), progress.promptTokens(), progress.completionTokens(),
                    progress.outputs(), status, code), (System.nanoTime() - started) / 1000);
        } catch (RequestLedger.LedgerUnavailableException e) {
            ctx.call().ledgerDown(); // the answer is already out; the outage is logged and metered
        }
    }

    /** Looked up once per model: building meters per request showed in profiles of the request path. */
    private record ModelTimers(Timer node, Timer overhead) {
    }

    private final Map<String, ModelTimers> timersByModel = new ConcurrentHashMap<>();

    private record RequestsTags(String endpoint, String model, String status, String plan) {
    }

    /** Few endpoints, models, statuses and plans: a lookup per request instead of building the meter's id (sorting its tags). */
    private final Map<RequestsTags, Counter> requestCounters = new ConcurrentHashMap<>();

    private Counter requests(String endpoint, String model, String status, String plan) {
        return requestCounters.computeIfAbsent(new RequestsTags(endpoint, model, status, plan), t -> meters.counter("lmaas.gateway.requests",
                "endpoint", t.endpoint(), "model", t.model(), "status", t.status(), "plan", t.plan()));
    }

    private ModelTimers timers(String model) {
        return timersByModel.computeIfAbsent(model, m -> new ModelTimers(
                Timer.builder("lmaas.gateway.node.time").tag("model", m).register(meters),
                Timer.builder("lmaas.gateway.overhead.time").tag("model", m).register(meters)));
    }

    private Admission.Admitted admit(VerifiedKey key, ModelDescriptor model, InferenceCall call, CallContext ctx) {
        Admission admission = entitlements.admit(new AdmissionRequest(key.tenantId(), key.keyId(), key.planId(), model.id(),
                estimateTokens(model, call), call.inputs().size()));
        admission.rateLimits().headers().forEach(ctx.header());
        return switch (admission) {
            case Admission.Admitted a -> a;
            case Admission.Refused r -> {
                Map<String, String> headers = new java.util.LinkedHashMap<>(r.rateLimits().headers());
                r.retryAfterSeconds().ifPresent(s -> headers.put("Retry-After", Long.toString(s)));
                meters.counter("lmaas.gateway.refusals", "reason", r.reason().code()).increment();
                throw new ApiException(r.httpStatus(), r.reason().type(), r.reason().code(), r.message(),
                        r.reason() == RefusalReason.MODEL_NOT_ALLOWED ? "model" : r.reason() == RefusalReason.TOO_MANY_INPUTS ? "input" : null, headers);
            }
        };
    }

    /**
     * An upper bound of the call's tokens before the tokenizer runs, to reserve against limits and
     * quota; settled to the node's real count afterwards. Word-piece tokenizers make at most about
     * one token per character (CJK) plus two special tokens; inputs the model truncates are capped.
     */
    static long estimateTokens(ModelDescriptor model, InferenceCall call) {
        boolean truncating = Task.EMBEDDING.wireName().equals(model.task()) || Task.CLASSIFICATION.wireName().equals(model.task());
        long total = 0;
        for (String text : call.inputs()) {
            long t = text.length() + 2L;
            total += truncating && model.maxSequenceLength() > 0 ? Math.min(t, model.maxSequenceLength()) : t;
        }
        if (!truncating) {
            total += call.parameters().maxTokens() == null ? 256 : call.parameters().maxTokens();
        }
        return total;
    }

    static ApiException translate(NodeCallException e) {
        return switch (e.kind()) {
            case TIMEOUT -> new ApiException(504, "server_error", "node_timeout", "The model did not answer in time. Retry later.", null, null);
            case UNREACHABLE -> new ApiException(502, "server_error", "node_unreachable", "The inference node could not be reached. Retry.", null, null);
            case BAD_ANSWER -> new ApiException(502, "server_error", "node_error", "The inference node gave an unreadable answer.", null, null);
            case REFUSED -> refused(e.status(), e.error(), e.retryAfter());
        };
    }

    private static ApiException refused(int status, NodeError error, String retryAfter) {
        String code = error == null ? "node_error" : error.code();
        String message = error == null ? "The inference node refused the request." : error.message();
        if (status == 400 || status == 413 || status == 422) {
            String apiCode = "input_too_long".equals(code) ? "context_length_exceeded" : code;
            return new ApiException(status == 413 ? 413 : 400, "invalid_request_error", apiCode, message, "input", null);
        }
        if (status == 404) {
            return ApiException.notFound("model_not_found", message);
        }
        if (status == 503) {
            return new ApiException(503, "server_error", "overloaded", "The model is overloaded. Retry after a moment.", null,
                    Map.of("Retry-After", retryAfter == null ? "1" : retryAfter));
        }
        if (status == 504) {
            return new ApiException(504, "server_error", "node_timeout", "The model did not answer in time. Retry later.", null, null);
        }
        return new ApiException(502, "server_error", "node_error", "The inference node failed to process the request.", null, null);
    }

    private static String millis(long micros) {
        return Long.toString(Duration.ofNanos(micros * 1000).toMillis());
    }
}
