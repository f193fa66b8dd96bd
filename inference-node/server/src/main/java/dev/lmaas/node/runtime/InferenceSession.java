package dev.lmaas.node.runtime;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One loaded ONNX graph, reused for every call (ONNX Runtime sessions are thread-safe). Reference
 * counted because a head model (sentiment, summarizer) shares its base model's session: the native
 * session is released only when the last holder closes it.
 */
public final class InferenceSession implements AutoCloseable {

    private final OrtEnvironment environment;
    private final OrtSession session;
    private final String fileName;
    private final AtomicInteger holders = new AtomicInteger(1);

    InferenceSession(OrtEnvironment environment, OrtSession session, String fileName) {
        this.environment = environment;
        this.session = session;
        this.fileName = fileName;
    }

    public Set<String> inputNames() {
        return session.getInputNames();
    }

    public Set<String> outputNames() {
        return session.getOutputNames();
    }

    /** The declared shape of an input (-1 for dynamic axes), or null when the input is not a tensor. */
    public long[] inputShape(String name) {
        try {
            NodeInfo info = session.getInputInfo().get(name);
            return info != null && info.getInfo() instanceof TensorInfo t ? t.getShape() : null;
        } catch (OrtException e) {
            throw new ModelRuntimeException("cannot read input info of " + fileName, e);
        }
    }

    /** The declared shape of an output (-1 for dynamic axes), or null when the output is not a tensor. */
    public long[] outputShape(String name) {
        try {
            NodeInfo info = session.getOutputInfo().get(name);
            return info != null && info.getInfo() instanceof TensorInfo t ? t.getShape() : null;
        } catch (OrtException e) {
            throw new ModelRuntimeException("cannot read output info of " + fileName, e);
        }
    }

    /** Runs the graph and copies the requested float outputs out of native memory. */
    public Map<String, Tensor.Float32> run(Map<String, Tensor> inputs, Set<String> outputs) {
        Map<String, OnnxTensor> native_ = new HashMap<>();
        try {
            for (var e : inputs.entrySet()) {
                native_.put(e.getKey(), toNative(e.getValue()));
            }
            try (OrtSession.Result result = session.run(native_, outputs)) {
                Map<String, Tensor.Float32> out = new LinkedHashMap<>();
                for (String name : outputs) {
                    OnnxValue value = result.get(name).orElseThrow();
                    OnnxTensor tensor = (OnnxTensor) value;
                    FloatBuffer buffer = tensor.getFloatBuffer();
                    float[] data = new float[buffer.remaining()];
                    buffer.get(data);
                    out.put(name, new Tensor.Float32(data, tensor.getInfo().getShape()));
                }
                return out;
            }
        } catch (OrtException e) {
            throw new ModelRuntimeException("ONNX Runtime failed running " + fileName + ": " + OnnxRuntimeEngine.firstLine(e.getMessage()), e);
        } finally {
            native_.values().forEach(OnnxTensor::close);
        }
    }

    private OnnxTensor toNative(Tensor tensor) throws OrtException {
        return switch (tensor) {
            case Tensor.Int64 t -> OnnxTensor.createTensor(environment, LongBuffer.wrap(t.data()), t.shape());
            case Tensor.Float32 t -> OnnxTensor.createTensor(environment, FloatBuffer.wrap(t.data()), t.shape());
            case Tensor.Bool t -> OnnxTensor.createTensor(environment, booleans(t.data(), t.shape()));
        };
    }

    /** ONNX Runtime's Java API builds boolean tensors from (nested) Java arrays only: a flag is a one-element array. */
    private static Object booleans(boolean[] data, long[] shape) {
        if (shape.length == 1) {
            return data;
        }
        if (shape.length == 0 && data.length == 1) {
            return data[0];
        }
        throw new IllegalArgumentException("boolean tensors of rank " + shape.length + " are not supported");
    }

    /** Another holder shares this session; each holder calls {@link #close()} once. */
    public InferenceSession retain() {
        holders.incrementAndGet();
        return this;
    }

    @Override
    public void close() {
        if (holders.decrementAndGet() == 0) {
            try {
                session.close();
            } catch (OrtException e) {
                throw new ModelRuntimeException("cannot close " + fileName, e);
            }
        }
    }
}
