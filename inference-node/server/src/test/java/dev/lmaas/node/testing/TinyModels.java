package dev.lmaas.node.testing;

import ai.onnx.proto.OnnxMl.TensorProto.DataType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes tiny seeded ONNX models into model folders (ONNX graphs, a WordLevel {@code tokenizer.json}
 * and a {@code model.json} with the right SHA-256s), and keeps their weights so tests can compute the
 * expected outputs independently in plain Java ({@link ClassifierWeights}, {@link Seq2SeqWeights}).
 *
 * <p>Vocabulary: {@code <pad>}=0 (also the decoder start), {@code </s>}=1 (EOS), {@code <unk>}=2, then
 * {@link #WORDS}.
 */
public final class TinyModels {

    public static final List<String> WORDS = List.of("red", "green", "blue", "cat", "dog", "sun", "moon");
    public static final int VOCAB = 3 + WORDS.size();
    public static final int PAD = 0;
    public static final int EOS = 1;
    static final JsonMapper JSON = JsonMapper.builder().build();

    private TinyModels() {
    }

    /** Weights of the classifier: mean of masked embeddings, tanh, then a linear layer to the labels. */
    public record ClassifierWeights(float[] embedding, float[] weight, float[] bias, int hidden, int labels) {

        public double[] logits(long[] ids) {
            double[] mean = new double[hidden];
            for (long id : ids) {
                for (int h = 0; h < hidden; h++) {
                    mean[h] += embedding[(int) id * hidden + h] / ids.length;
                }
            }
            double[] out = new double[labels];
            for (int l = 0; l < labels; l++) {
                out[l] = bias[l];
                for (int h = 0; h < hidden; h++) {
                    out[l] += Math.tanh(mean[h]) * weight[h * labels + l];
                }
            }
            return out;
        }
    }

    /**
     * Weights of the encoder/decoder pair. Encoder: {@code tanh(E[x]·We)} per source token. Decoder at
     * position t: {@code tanh(D[y_t] + 0.5·Σ_{i≤t} D[y_i] + mean(encoder states)) · Wo + bo}.
     */
    public record Seq2SeqWeights(float[] encEmbedding, float[] encWeight, float[] decEmbedding, float[] outWeight,
                                 float[] outBias, int hidden) {

        /** Next-token logits after {@code prefix} (which starts with the decoder start token) for one source. */
        public double[] nextLogits(long[] source, long[] prefix) {
            double[] context = new double[hidden];
            for (long id : source) {
                for (int j = 0; j < hidden; j++) {
                    double z = 0;
                    for (int k = 0; k < hidden; k++) {
                        z += encEmbedding[(int) id * hidden + k] * encWeight[k * hidden + j];
                    }
                    context[j] += Math.tanh(z) / source.length;
                }
            }
            double[] cum = new double[hidden];
            for (long id : prefix) {
                for (int j = 0; j < hidden; j++) {
                    cum[j] += decEmbedding[(int) id * hidden + j];
                }
            }
            long last = prefix[prefix.length - 1];
            double[] logits = new double[VOCAB];
            for (int v = 0; v < VOCAB; v++) {
                logits[v] = outBias[v];
            }
            for (int j = 0; j < hidden; j++) {
                double h = Math.tanh(decEmbedding[(int) last * hidden + j] + 0.5 * cum[j] + context[j]);
                for (int v = 0; v < VOCAB; v++) {
                    logits[v] += h * outWeight[j * VOCAB + v];
                }
            }
            return logits;
        }
    }

    public static ClassifierWeights writeClassifier(Path folder, String id, long seed, List<String> labels, int hidden) throws IOException {
        Random random = new Random(seed);
        int l = labels.size();
        ClassifierWeights w = new ClassifierWeights(gaussian(random, VOCAB * hidden, 1.0), gaussian(random, hidden * l, 1.0),
                gaussian(random, l, 0.1), hidden, l);
        OnnxGraph g = new OnnxGraph();
        g.input("input_ids", DataType.INT64, "batch", "sequence");
        g.input("attention_mask", DataType.INT64, "batch", "sequence");
        g.output("logits", DataType.FLOAT, "batch", l);
        String emb = g.op("Gather", g.floats("E", w.embedding(), VOCAB, hidden), "input_ids");
        String mask = maskedColumn(g, "attention_mask");
        String summed = g.op("ReduceSum", List.of(g.op("Mul", emb, mask), g.longs("axis1", new long[] {1}, 1)), null,
                OnnxGraph.intAttribute("keepdims", 0));
        String count = g.op("ReduceSum", List.of(mask, "axis1"), null, OnnxGraph.intAttribute("keepdims", 0));
        String mean = g.op("Tanh", g.op("Div", summed, count));
        g.op("Add", List.of(g.op("MatMul", mean, g.floats("W", w.weight(), hidden, l)), g.floats("b", w.bias(), l)), "logits");
        Files.createDirectories(folder);
        Files.write(folder.resolve("model.onnx"), g.toBytes());
        writeTokenizer(folder.resolve("tokenizer.json"));
        Map<String, Object> manifest = new LinkedHashMap<>();
        manifest.put("id", id);
        manifest.put("version", "seed-" + seed);
        manifest.put("task", "classification");
        manifest.put("labels", labels);
        manifest.put("max_sequence_length", 16);
        manifest.put("sha256", Map.of("model.onnx", sha256(folder.resolve("model.onnx"))));
        JSON.writeValue(folder.resolve("model.json").toFile(), manifest);
        return w;
    }

    public static Seq2SeqWeights writeSeq2Seq(Path folder, String id, long seed, int hidden, int maxNewTokens) throws IOException {
        Random random = new Random(seed);
        Seq2SeqWeights w = new Seq2SeqWeights(gaussian(random, VOCAB * hidden, 1.0), gaussian(random, hidden * hidden, 0.8),
                gaussian(random, VOCAB * hidden, 0.6), gaussian(random, hidden * VOCAB, 1.5), gaussian(random, VOCAB, 0.3), hidden);
        Files.createDirectories(folder);
        Files.write(folder.resolve("encoder_model.onnx"), encoder(w));
        Files.write(folder.resolve("decoder_model.onnx"), decoder(w));
        writeTokenizer(folder.resolve("tokenizer.json"));
        Map<String, Object> manifest = new LinkedHashMap<>();
        manifest.put("id", id);
        manifest.put("version", "seed-" + seed);
        manifest.put("task", "translation");
        manifest.put("encoder", "encoder_model.onnx");
        manifest.put("decoder", "decoder_model.onnx");
        manifest.put("decoder_start_token_id", PAD);
        manifest.put("eos_token_id", EOS);
        manifest.put("pad_token_id", PAD);
        manifest.put("max_new_tokens", maxNewTokens);
        manifest.put("max_sequence_length", 16);
        manifest.put("sha256", Map.of("encoder_model.onnx", sha256(folder.resolve("encoder_model.onnx")),
                "decoder_model.onnx", sha256(folder.resolve("decoder_model.onnx"))));
        JSON.writeValue(folder.resolve("model.json").toFile(), manifest);
        return w;
    }

    private static byte[] encoder(Seq2SeqWeights w) {
        int h = w.hidden();
        OnnxGraph g = new OnnxGraph();
        g.input("input_ids", DataType.INT64, "batch", "source");
        g.input("attention_mask", DataType.INT64, "batch", "source");
        g.output("last_hidden_state", DataType.FLOAT, "batch", "source", h);
        String emb = g.op("Gather", g.floats("E", w.encEmbedding(), VOCAB, h), "input_ids");
        String states = g.op("Tanh", g.op("MatMul", emb, g.floats("We", w.encWeight(), h, h)));
        g.op("Mul", List.of(states, maskedColumn(g, "attention_mask")), "last_hidden_state");
        return g.toBytes();
    }

    private static byte[] decoder(Seq2SeqWeights w) {
        int h = w.hidden();
        OnnxGraph g = new OnnxGraph();
        g.input("input_ids", DataType.INT64, "batch", "target");
        g.input("encoder_hidden_states", DataType.FLOAT, "batch", "source", h);
        g.input("encoder_attention_mask", DataType.INT64, "batch", "source");
        g.output("logits", DataType.FLOAT, "batch", "target", VOCAB);
        String mask = maskedColumn(g, "encoder_attention_mask");
        String axis = g.longs("axis1", new long[] {1}, 1);
        String sum = g.op("ReduceSum", List.of(g.op("Mul", "encoder_hidden_states", mask), axis), null, OnnxGraph.intAttribute("keepdims", 1));
        String count = g.op("ReduceSum", List.of(mask, axis), null, OnnxGraph.intAttribute("keepdims", 1));
        String context = g.op("Div", sum, count);
        String tok = g.op("Gather", g.floats("D", w.decEmbedding(), VOCAB, h), "input_ids");
        String cum = g.op("CumSum", tok, g.longs("axis_scalar", new long[] {1}));
        String half = g.op("Mul", cum, g.floats("half", new float[] {0.5f}));
        String hidden = g.op("Tanh", g.op("Add", g.op("Add", tok, half), context));
        g.op("Add", List.of(g.op("MatMul", hidden, g.floats("Wo", w.outWeight(), h, VOCAB)), g.floats("bo", w.outBias(), VOCAB)), "logits");
        return g.toBytes();
    }

    /** The int64 mask [batch, seq] as float [batch, seq, 1], ready to multiply states with. */
    private static String maskedColumn(OnnxGraph g, String mask) {
        String f = g.op("Cast", List.of(mask), null, OnnxGraph.intAttribute("to", DataType.FLOAT.getNumber()));
        return g.op("Unsqueeze", f, g.longs(mask + "_axis2", new long[] {2}, 1));
    }

    /** A WordLevel tokenizer over the tiny vocabulary, split on whitespace, no special tokens added. */
    public static void writeTokenizer(Path file) throws IOException {
        Map<String, Integer> vocab = new LinkedHashMap<>();
        vocab.put("<pad>", 0);
        vocab.put("</s>", 1);
        vocab.put("<unk>", 2);
        for (int i = 0; i < WORDS.size(); i++) {
            vocab.put(WORDS.get(i), 3 + i);
        }
        List<Map<String, Object>> added = new ArrayList<>();
        for (String special : List.of("<pad>", "</s>", "<unk>")) {
            added.add(Map.of("id", vocab.get(special), "content", special, "single_word", false, "lstrip", false,
                    "rstrip", false, "normalized", false, "special", true));
        }
        Map<String, Object> tokenizer = new LinkedHashMap<>();
        tokenizer.put("version", "1.0");
        tokenizer.put("truncation", null);
        tokenizer.put("padding", null);
        tokenizer.put("added_tokens", added);
        tokenizer.put("normalizer", Map.of("type", "Lowercase"));
        tokenizer.put("pre_tokenizer", Map.of("type", "Whitespace"));
        tokenizer.put("post_processor", null);
        tokenizer.put("decoder", null);
        tokenizer.put("model", Map.of("type", "WordLevel", "vocab", vocab, "unk_token", "<unk>"));
        JSON.writeValue(file.toFile(), tokenizer);
    }

    /** Token ids the tiny tokenizer gives for {@code text}: known words, else {@code <unk>}. */
    public static long[] ids(String text) {
        String[] words = text.toLowerCase().trim().split("\\s+");
        long[] ids = new long[words.length];
        for (int i = 0; i < words.length; i++) {
            int w = WORDS.indexOf(words[i]);
            ids[i] = w < 0 ? 2 : 3 + w;
        }
        return ids;
    }

    public static String sha256(Path file) throws IOException {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static float[] gaussian(Random random, int n, double scale) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = (float) (random.nextGaussian() * scale);
        }
        return a;
    }
}
