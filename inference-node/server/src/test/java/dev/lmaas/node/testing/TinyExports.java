package dev.lmaas.node.testing;

import ai.onnx.proto.OnnxMl;
import ai.onnx.proto.OnnxMl.TensorProto.DataType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;

/**
 * A tiny seeded decoder in Hugging Face Optimum's split layout, with the input and output names and
 * shapes of a real export: {@code onnx/decoder_model.onnx} (input_ids, encoder_hidden_states,
 * encoder_attention_mask → logits, present.0.{decoder,encoder}.{key,value}) and
 * {@code onnx/decoder_with_past_model.onnx} (input_ids, encoder_attention_mask,
 * past_key_values.0.{decoder,encoder}.{key,value} → logits, present.0.decoder.{key,value}). One layer,
 * one head: self-attention over every token read so far and cross-attention over the masked source,
 * so a wrong or missing past changes the logits.
 */
public final class TinyExports {

    public static final int VOCAB = 12;

    private TinyExports() {
    }

    public record Weights(int hidden, float[] embedding, float[] wq, float[] wk, float[] wv, float[] cq, float[] ck, float[] cv,
                          float[] out, float[] bias) {
    }

    public static Weights writeSplitDecoder(Path folder, long seed, int hidden) throws IOException {
        Random r = new Random(seed);
        Weights w = new Weights(hidden, gaussian(r, VOCAB * hidden, 1.0), gaussian(r, hidden * hidden, 0.7), gaussian(r, hidden * hidden, 0.7),
                gaussian(r, hidden * hidden, 0.7), gaussian(r, hidden * hidden, 0.7), gaussian(r, hidden * hidden, 0.7),
                gaussian(r, hidden * hidden, 0.7), gaussian(r, hidden * VOCAB, 1.5), gaussian(r, VOCAB, 0.3));
        Files.createDirectories(folder.resolve("onnx"));
        Files.write(folder.resolve("onnx/decoder_model.onnx"), decoder(w, false));
        Files.write(folder.resolve("onnx/decoder_with_past_model.onnx"), decoder(w, true));
        return w;
    }

    private static byte[] decoder(Weights w, boolean withPast) {
        int h = w.hidden();
        OnnxGraph g = new OnnxGraph();
        g.input("input_ids", DataType.INT64, "batch", "target");
        if (!withPast) {
            g.input("encoder_hidden_states", DataType.FLOAT, "batch", "source", h);
        }
        g.input("encoder_attention_mask", DataType.INT64, "batch", "source");
        if (withPast) {
            for (String name : List.of("decoder.key", "decoder.value")) {
                g.input("past_key_values.0." + name, DataType.FLOAT, "batch", 1, "past", h);
            }
            for (String name : List.of("encoder.key", "encoder.value")) {
                g.input("past_key_values.0." + name, DataType.FLOAT, "batch", 1, "source", h);
            }
        }
        g.output("logits", DataType.FLOAT, "batch", "target", VOCAB);
        g.output("present.0.decoder.key", DataType.FLOAT, "batch", 1, "total", h);
        g.output("present.0.decoder.value", DataType.FLOAT, "batch", 1, "total", h);
        if (!withPast) {
            g.output("present.0.encoder.key", DataType.FLOAT, "batch", 1, "source", h);
            g.output("present.0.encoder.value", DataType.FLOAT, "batch", 1, "source", h);
        }
        String head = g.longs("head_axis", new long[] {1}, 1);
        String x = g.op("Gather", g.floats("E", w.embedding(), VOCAB, h), "input_ids");
        String q = g.op("Unsqueeze", g.op("MatMul", x, g.floats("Wq", w.wq(), h, h)), head);
        String k = g.op("Unsqueeze", g.op("MatMul", x, g.floats("Wk", w.wk(), h, h)), head);
        String v = g.op("Unsqueeze", g.op("MatMul", x, g.floats("Wv", w.wv(), h, h)), head);
        String qc = g.op("Unsqueeze", g.op("MatMul", x, g.floats("Cq", w.cq(), h, h)), head);
        String keys;
        String values;
        String crossKeys;
        String crossValues;
        if (withPast) {
            keys = g.op("Concat", List.of("past_key_values.0.decoder.key", k), "present.0.decoder.key", OnnxGraph.intAttribute("axis", 2));
            values = g.op("Concat", List.of("past_key_values.0.decoder.value", v), "present.0.decoder.value", OnnxGraph.intAttribute("axis", 2));
            crossKeys = "past_key_values.0.encoder.key";
            crossValues = "past_key_values.0.encoder.value";
        } else {
            keys = g.op("Identity", List.of(k), "present.0.decoder.key");
            values = g.op("Identity", List.of(v), "present.0.decoder.value");
            crossKeys = g.op("Unsqueeze", List.of(g.op("MatMul", "encoder_hidden_states", g.floats("Ck", w.ck(), h, h)), head), "present.0.encoder.key");
            crossValues = g.op("Unsqueeze", List.of(g.op("MatMul", "encoder_hidden_states", g.floats("Cv", w.cv(), h, h)), head), "present.0.encoder.value");
        }
        String scale = g.floats("scale", new float[] {(float) (1 / Math.sqrt(h))});
        String self = g.op("MatMul", g.op("Softmax", g.op("Mul", g.op("MatMul", q, transpose(g, keys)), scale)), values);
        String mask = g.op("Cast", List.of(g.op("Unsqueeze", "encoder_attention_mask", g.longs("mask_axes", new long[] {1, 2}, 2))), null,
                OnnxGraph.intAttribute("to", DataType.FLOAT.getNumber()));
        String bias = g.op("Mul", g.op("Sub", g.floats("one", new float[] {1f}), mask), g.floats("minus", new float[] {-10000f}));
        String cross = g.op("MatMul", g.op("Softmax", g.op("Add", g.op("Mul", g.op("MatMul", qc, transpose(g, crossKeys)), scale), bias)), crossValues);
        String hidden = g.op("Tanh", g.op("Add", g.op("Add", x, g.op("Squeeze", self, head)), g.op("Squeeze", cross, head)));
        g.op("Add", List.of(g.op("MatMul", hidden, g.floats("U", w.out(), h, VOCAB)), g.floats("b", w.bias(), VOCAB)), "logits");
        return g.toBytes();
    }

    private static String transpose(OnnxGraph g, String tensor) {
        OnnxMl.AttributeProto perm = OnnxMl.AttributeProto.newBuilder().setName("perm").setType(OnnxMl.AttributeProto.AttributeType.INTS)
                .addAllInts(List.of(0L, 1L, 3L, 2L)).build();
        return g.op("Transpose", List.of(tensor), null, perm);
    }

    private static float[] gaussian(Random random, int n, double scale) {
        float[] out = new float[n];
        for (int i = 0; i < n; i++) {
            out[i] = (float) (random.nextGaussian() * scale);
        }
        return out;
    }
}
