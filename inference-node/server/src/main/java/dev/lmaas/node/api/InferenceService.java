package dev.lmaas.node.api;

import dev.lmaas.node.NodeProperties;
import dev.lmaas.node.batch.BatchResult;
import dev.lmaas.node.batch.BatcherClosedException;
import dev.lmaas.node.task.DeadlineExceededException;
import dev.lmaas.node.batch.DynamicBatcher;
import dev.lmaas.node.batch.QueueFullException;
import dev.lmaas.node.model.ModelCatalog;
import dev.lmaas.node.model.ServedModel;
import dev.lmaas.node.protocol.InferenceOutput;
import dev.lmaas.node.protocol.InferenceParameters;
import dev.lmaas.node.protocol.InferenceRequest;
import dev.lmaas.node.protocol.InferenceResponse;
import dev.lmaas.node.protocol.InferenceTiming;
import dev.lmaas.node.protocol.InferenceUsage;
import dev.lmaas.node.protocol.ModelDescriptor;
import dev.lmaas.node.protocol.Task;
import dev.lmaas.node.task.PreparedInput;
import dev.lmaas.node.task.TaskOutput;
import dev.lmaas.node.tokenize.InputTooLongException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One inference call from validation to answer: checks the request against the limits and the model,
 * tokenizes on the caller's thread, queues the inputs in the model's batcher and waits until they ran
 * or the deadline passed. Usage counts the real tokens after truncation.
 */
final class InferenceService {

    static final String ANONYMOUS_TENANT = "anonymous";

    private final ModelCatalog catalog;
    private final NodeProperties props;
    private final MeterRegistry metrics;
    /** Per model, looked up once: registering a meter on every call sorts its tags and searches the registry (JFR). */
    private final Map<String, TokenCounters> tokenCounters = new ConcurrentHashMap<>();

    private record TokenCounters(Counter prompt, Counter completion) {
    }

    InferenceService(ModelCatalog catalog, NodeProperties props, MeterRegistry metrics) {
        this.catalog = catalog;
        this.props = props;
        this.metrics = metrics;
    }

    /** A call whose inputs are queued in the model's batcher. */
    record Started(ServedModel<?> model, List<PreparedInput> prepared, DynamicBatcher.Job<?> job, long deadline) {
    }

    InferenceResponse infer(InferenceRequest request) {
        return finish(request, start(request, null));
    }

    /**
     * Validates, tokenizes and queues the call; {@code progress} (may be null) gives each input's
     * listener for a streamed answer.
     */
    Started start(InferenceRequest request, java.util.function.IntFunction<dev.lmaas.node.task.TextProgress> progress) {
        validateShape(request);
        ServedModel<?> model = servedModel(request.model());
        if (request.task() != null && !request.task().equals(model.task().wireName())) {
            throw new NodeErrorException(400, "wrong_task", "model " + model.id() + " serves " + model.task().wireName()
                    + ", not " + request.task());
        }
        validateParameters(request.parameters(), model.task());
        LanguagePair.check(model, request.parameters());
        List<PreparedInput> prepared = new ArrayList<>(request.inputs().size());
        for (int i = 0; i < request.inputs().size(); i++) {
            try {
                PreparedInput input = model.prepare(request.inputs().get(i), request.truncate(), request.parameters());
                prepared.add(progress == null ? input : input.withProgress(progress.apply(i)));
            } catch (InputTooLongException e) {
                throw new NodeErrorException(400, "input_too_long", "inputs[" + i + "]: " + e.getMessage());
            }
        }
        long deadline = System.nanoTime() + deadlineNanos(request.deadlineMillis());
        String tenant = request.tenantId() == null || request.tenantId().isBlank() ? ANONYMOUS_TENANT : request.tenantId();
        return new Started(model, prepared, submit(model, tenant, prepared, deadline), deadline);
    }

    /** Waits for a started call's batch and builds the answer. */
    InferenceResponse finish(InferenceRequest request, Started started) {
        BatchResult result = await(started.job(), started.deadline());
        return answer(request, started.model(), started.prepared(), result);
    }

    private void validateShape(InferenceRequest request) {
        if (request.model() == null || request.model().isBlank()) {
            throw NodeErrorException.invalid("model is required");
        }
        List<String> inputs = request.inputs();
        if (inputs.isEmpty()) {
            throw NodeErrorException.invalid("inputs must hold at least one text");
        }
        if (inputs.size() > props.limits().maxInputs()) {
            throw NodeErrorException.invalid("at most " + props.limits().maxInputs() + " inputs per call, got " + inputs.size());
        }
        for (int i = 0; i < inputs.size(); i++) {
            if (inputs.get(i).isBlank()) {
                throw NodeErrorException.invalid("inputs[" + i + "] is empty");
            }
            if (inputs.get(i).length() > props.limits().maxInputChars()) {
                throw new NodeErrorException(400, "input_too_long", "inputs[" + i + "] has " + inputs.get(i).length()
                        + " characters, the limit is " + props.limits().maxInputChars());
            }
        }
        if (request.deadlineMillis() < 0) {
            throw NodeErrorException.invalid("deadlineMillis must not be negative");
        }
    }

    private void validateParameters(InferenceParameters p, Task task) {
        if (p.maxTokens() != null && (p.maxTokens() < 1 || p.maxTokens() > props.limits().maxNewTokens())) {
            throw NodeErrorException.invalid("parameters.maxTokens must be between 1 and " + props.limits().maxNewTokens());
        }
        if (p.ratio() != null && !(p.ratio() > 0 && p.ratio() <= 1)) {
            throw NodeErrorException.invalid("parameters.ratio must be in (0, 1]");
        }
        if (p.numBeams() != null && (p.numBeams() < 1 || p.numBeams() > props.limits().maxBeams())) {
            throw NodeErrorException.invalid("parameters.numBeams must be between 1 and " + props.limits().maxBeams());
        }
    }

    private ServedModel<?> servedModel(String id) {
        return catalog.find(id).orElseThrow(() -> {
            ModelDescriptor d = catalog.describe(id).orElse(null);
            if (d == null) {
                return new NodeErrorException(404, "model_not_found", "this node has no model " + id);
            }
            String why = d.error() != null ? ": " + d.error() : " (" + d.status() + ")";
            return new NodeErrorException(503, "model_unavailable", "model " + id + " is not available" + why, 5);
        });
    }

    private DynamicBatcher.Job<?> submit(ServedModel<?> model, String tenant, List<PreparedInput> prepared, long deadline) {
        try {
            return model.submit(tenant, prepared, deadline);
        } catch (QueueFullException e) {
            throw new NodeErrorException(503, "overloaded", e.getMessage(), 1);
        } catch (BatcherClosedException e) {
            // Swapped for a new version between lookup and submit; the new version tokenizes the same way.
            ServedModel<?> current = servedModel(model.id());
            if (current == model) {
                throw new NodeErrorException(503, "model_unavailable", e.getMessage(), 1);
            }
            return submit(current, tenant, prepared, deadline);
        }
    }

    private static BatchResult await(DynamicBatcher.Job<?> job, long deadline) {
        try {
            return job.result().get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            job.cancel();
            throw deadlineExceeded();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            job.cancel();
            throw new NodeErrorException(503, "overloaded", "the node is shutting down", 1);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof DeadlineExceededException) {
                throw deadlineExceeded();
            }
            throw new NodeErrorException(500, "internal_error", "the model failed on this batch");
        }
    }

    private static NodeErrorException deadlineExceeded() {
        return new NodeErrorException(504, "deadline_exceeded", "the request's deadline passed before it was answered");
    }

    private long deadlineNanos(long requested) {
        long max = props.limits().maxDeadline().toNanos();
        return requested > 0 ? Math.min(TimeUnit.MILLISECONDS.toNanos(requested), max) : props.limits().defaultDeadline().toNanos();
    }

    private InferenceResponse answer(InferenceRequest request, ServedModel<?> model, List<PreparedInput> prepared, BatchResult result) {
        List<InferenceOutput> outputs = new ArrayList<>(prepared.size());
        long prompt = 0, completion = 0;
        for (int i = 0; i < prepared.size(); i++) {
            TaskOutput o = result.outputs().get(i);
            int tokens = prepared.get(i).tokens();
            prompt += tokens;
            completion += o.completionTokens();
            outputs.add(new InferenceOutput(i, o.embedding(), o.labels(), o.text(), tokens));
        }
        TokenCounters counters = tokenCounters.computeIfAbsent(model.id(), id -> new TokenCounters(
                Counter.builder("lmaas.node.tokens").tag("model", id).tag("kind", "prompt").register(metrics),
                Counter.builder("lmaas.node.tokens").tag("model", id).tag("kind", "completion").register(metrics)));
        counters.prompt().increment(prompt);
        counters.completion().increment(completion);
        return new InferenceResponse(request.requestId(), model.id(), model.version(), props.nodeId(), outputs,
                new InferenceUsage(prompt, completion), new InferenceTiming(result.queueMicros(), result.inferenceMicros()));
    }
}
