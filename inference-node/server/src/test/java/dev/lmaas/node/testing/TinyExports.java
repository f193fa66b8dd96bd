package dev.lmaas.node.testing;

import ai.onnx.proto.OnnxMl;
import ai.onnx.proto.OnnxMl.TensorProto.DataType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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

    public record Weights(int hidden, int vocab, float[] embedding, float[] wq, float[] wk, float[] wv, float[] cq, float[] ck, float[] cv,
                          float[] out, float[] bias) {
    }

    public static Weights writeSplitDecoder(Path folder, long seed, int hidden) throws IOException {
        return writeSplitDecoder(folder, weights(seed, hidden, VOCAB), "");
    }

    static Weights weights(long seed, int hidden, int vocab) {
        Random r = new Random(seed);
        return new Weights(hidden, vocab, gaussian(r, vocab * hidden, 1.0), gaussian(r, hidden * hidden, 0.7), gaussian(r, hidden * hidden, 0.7),
                gaussian(r, hidden * hidden, 0.7), gaussian(r, hidden * hidden, 0.7), gaussian(r, hidden * hidden, 0.7),
                gaussian(r, hidden * hidden, 0.7), gaussian(r, hidden * vocab, 1.5), gaussian(r, vocab, 0.3));
    }

    private static Weights writeSplitDecoder(Path folder, Weights w, String suffix) throws IOException {
        Files.createDirectories(folder.resolve("onnx"));
        Files.write(folder.resolve("onnx/decoder_model" + suffix + ".onnx"), splitDecoder(w, false));
        Files.write(folder.resolve("onnx/decoder_with_past_model" + suffix + ".onnx"), splitDecoder(w, true));
        return w;
    }

    /**
     * The same decoder as one {@code onnx/decoder_model_merged.onnx}, as Optimum merges it: every input
     * of both halves plus {@code use_cache_branch} (bool [1]), and an {@code If} whose then-branch is the
     * decoder with past (the cross-attention pasts passed through) and whose else-branch is the first decoder.
     */
    public static Weights writeMergedDecoder(Path folder, long seed, int hidden) throws IOException {
        return writeMergedDecoder(folder, weights(seed, hidden, VOCAB), "");
    }

    private static Weights writeMergedDecoder(Path folder, Weights w, String suffix) throws IOException {
        int h = w.hidden();
        OnnxGraph g = new OnnxGraph();
        g.input("input_ids", DataType.INT64, "batch", "target");
        g.input("encoder_attention_mask", DataType.INT64, "batch", "source");
        g.input("encoder_hidden_states", DataType.FLOAT, "batch", "source", h);
        for (String name : List.of("decoder.key", "decoder.value")) {
            g.input("past_key_values.0." + name, DataType.FLOAT, "batch", 1, "past", h);
        }
        for (String name : List.of("encoder.key", "encoder.value")) {
            g.input("past_key_values.0." + name, DataType.FLOAT, "batch", 1, "source_past", h);
        }
        g.input("use_cache_branch", DataType.BOOL, 1);
        List<String> outputs = List.of("logits", "present.0.decoder.key", "present.0.decoder.value", "present.0.encoder.key",
                "present.0.encoder.value");
        g.output("logits", DataType.FLOAT, "batch", "target", w.vocab());
        for (String name : outputs.subList(1, outputs.size())) {
            g.output(name, DataType.FLOAT, "batch", 1, name.contains("decoder") ? "total" : "source", h);
        }
        OnnxGraph withPast = new OnnxGraph("with_past", "then_");
        body(withPast, g, w, true, "then_");
        withPast.op("Identity", List.of("past_key_values.0.encoder.key"), "then_present.0.encoder.key");
        withPast.op("Identity", List.of("past_key_values.0.encoder.value"), "then_present.0.encoder.value");
        OnnxGraph first = new OnnxGraph("first", "else_");
        body(first, g, w, false, "else_");
        for (String name : outputs) {
            int rank = name.equals("logits") ? 3 : 4;
            Object[] dims = rank == 3 ? new Object[] {"b", "t", w.vocab()} : new Object[] {"b", 1, "s", h};
            withPast.output("then_" + name, DataType.FLOAT, dims);
            first.output("else_" + name, DataType.FLOAT, dims);
        }
        g.multiOutputOp("If", List.of("use_cache_branch"), outputs, OnnxGraph.graphAttribute("then_branch", withPast),
                OnnxGraph.graphAttribute("else_branch", first));
        Files.createDirectories(folder.resolve("onnx"));
        Files.write(folder.resolve("onnx/decoder_model_merged" + suffix + ".onnx"), g.toBytes());
        return w;
    }

    private static byte[] splitDecoder(Weights w, boolean withPast) {
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
        g.output("logits", DataType.FLOAT, "batch", "target", w.vocab());
        g.output("present.0.decoder.key", DataType.FLOAT, "batch", 1, "total", h);
        g.output("present.0.decoder.value", DataType.FLOAT, "batch", 1, "total", h);
        if (!withPast) {
            g.output("present.0.encoder.key", DataType.FLOAT, "batch", 1, "source", h);
            g.output("present.0.encoder.value", DataType.FLOAT, "batch", 1, "source", h);
        }
        body(g, g, w, withPast, "");
        return g.toBytes();
    }

    /**
     * The decoder's nodes, written into {@code g} with their weights in {@code weights} (the outer graph
     * when {@code g} is a branch); its outputs are {@code out + "logits"} and {@code out + "present.*"}.
     */
    private static void body(OnnxGraph g, OnnxGraph weights, Weights w, boolean withPast, String out) {
        int h = w.hidden();
        int vocab = w.vocab();
        String head = weights.longs("head_axis", new long[] {1}, 1);
        String x = g.op("Gather", weights.floats("E", w.embedding(), vocab, h), "input_ids");
        String q = g.op("Unsqueeze", g.op("MatMul", x, weights.floats("Wq", w.wq(), h, h)), head);
        String k = g.op("Unsqueeze", g.op("MatMul", x, weights.floats("Wk", w.wk(), h, h)), head);
        String v = g.op("Unsqueeze", g.op("MatMul", x, weights.floats("Wv", w.wv(), h, h)), head);
        String qc = g.op("Unsqueeze", g.op("MatMul", x, weights.floats("Cq", w.cq(), h, h)), head);
        String keys;
        String values;
        String crossKeys;
        String crossValues;
        if (withPast) {
            keys = g.op("Concat", List.of("past_key_values.0.decoder.key", k), out + "present.0.decoder.key", OnnxGraph.intAttribute("axis", 2));
            values = g.op("Concat", List.of("past_key_values.0.decoder.value", v), out + "present.0.decoder.value", OnnxGraph.intAttribute("axis", 2));
            crossKeys = "past_key_values.0.encoder.key";
            crossValues = "past_key_values.0.encoder.value";
        } else {
            keys = g.op("Identity", List.of(k), out + "present.0.decoder.key");
            values = g.op("Identity", List.of(v), out + "present.0.decoder.value");
            crossKeys = g.op("Unsqueeze", List.of(g.op("MatMul", "encoder_hidden_states", weights.floats("Ck", w.ck(), h, h)), head),
                    out + "present.0.encoder.key");
            crossValues = g.op("Unsqueeze", List.of(g.op("MatMul", "encoder_hidden_states", weights.floats("Cv", w.cv(), h, h)), head),
                    out + "present.0.encoder.value");
        }
        String scale = weights.floats("scale", new float[] {(float) (1 / Math.sqrt(h))});
        String self = g.op("MatMul", g.op("Softmax", g.op("Mul", g.op("MatMul", q, transpose(g, keys)), scale)), values);
        String mask = g.op("Cast", List.of(g.op("Unsqueeze", "encoder_attention_mask", weights.longs("mask_axes", new long[] {1, 2}, 2))), null,
                OnnxGraph.intAttribute("to", DataType.FLOAT.getNumber()));
        String bias = g.op("Mul", g.op("Sub", weights.floats("one", new float[] {1f}), mask), weights.floats("minus", new float[] {-10000f}));
        String cross = g.op("MatMul", g.op("Softmax", g.op("Add", g.op("Mul", g.op("MatMul", qc, transpose(g, crossKeys)), scale), bias)), crossValues);
        String hidden = g.op("Tanh", g.op("Add", g.op("Add", x, g.op("Squeeze", self, head)), g.op("Squeeze", cross, head)));
        g.op("Add", List.of(g.op("MatMul", hidden, weights.floats("U", w.out(), h, vocab)), weights.floats("b", w.bias(), vocab)), out + "logits");
    }

    /** How the decoder is exported. */
    public enum Layout { SPLIT, MERGED }

    /**
     * A whole export folder as transformers.js publishes one: {@code config.json},
     * {@code generation_config.json}, {@code tokenizer.json} and {@code onnx/} with the encoder and the
     * decoder in {@code layout}, with {@code _quantized} names when asked.
     *
     * @param vocabulary the tokens by id
     * @param encoderEmbedding the encoder: {@code tanh(E[x]·We)} per source token, zero where masked
     */
    public record Export(Path folder, List<String> vocabulary, float[] encoderEmbedding, float[] encoderWeight, Weights decoder,
                         long decoderStart, long eos, long pad, List<Long> banned, Long forcedEos, int maxLength) {

        public long id(String token) {
            int i = vocabulary.indexOf(token);
            if (i < 0) {
                throw new IllegalArgumentException(token);
            }
            return i;
        }

        /**
         * Next-token logits after {@code prefix} for one unpadded source, in plain double-precision loops
         * written from the model's definition: what the node must agree with.
         */
        public double[] referenceLogits(long[] source, long[] prefix) {
            Weights w = decoder;
            int h = w.hidden();
            double[][] enc = new double[source.length][h];
            for (int j = 0; j < source.length; j++) {
                for (int c = 0; c < h; c++) {
                    double z = 0;
                    for (int k = 0; k < h; k++) {
                        z += encoderEmbedding[(int) source[j] * h + k] * encoderWeight[k * h + c];
                    }
                    enc[j][c] = Math.tanh(z);
                }
            }
            double[] x = row(w.embedding(), prefix[prefix.length - 1], h);
            double[][] keys = new double[prefix.length][];
            double[][] values = new double[prefix.length][];
            for (int i = 0; i < prefix.length; i++) {
                double[] e = row(w.embedding(), prefix[i], h);
                keys[i] = times(e, w.wk(), h);
                values[i] = times(e, w.wv(), h);
            }
            double[][] crossKeys = new double[source.length][];
            double[][] crossValues = new double[source.length][];
            for (int j = 0; j < source.length; j++) {
                crossKeys[j] = times(enc[j], w.ck(), h);
                crossValues[j] = times(enc[j], w.cv(), h);
            }
            double[] self = attend(times(x, w.wq(), h), keys, values);
            double[] cross = attend(times(x, w.cq(), h), crossKeys, crossValues);
            double[] logits = new double[w.vocab()];
            for (int v = 0; v < w.vocab(); v++) {
                logits[v] = w.bias()[v];
            }
            for (int c = 0; c < h; c++) {
                double hidden = Math.tanh(x[c] + self[c] + cross[c]);
                for (int v = 0; v < w.vocab(); v++) {
                    logits[v] += hidden * w.out()[c * w.vocab() + v];
                }
            }
            return logits;
        }

        /**
         * Greedy decoding as transformers does it for this export: the pad and banned tokens never
         * chosen, {@code forcedBos} (a target language) as the first token, EOS forced at the last position.
         */
        public long[] referenceGreedy(long[] source, int maxNew, Long forcedBos) {
            List<Long> prefix = new ArrayList<>(List.of(decoderStart));
            List<Long> out = new ArrayList<>();
            for (int t = 0; t < maxNew; t++) {
                double[] logits = referenceLogits(source, prefix.stream().mapToLong(Long::longValue).toArray());
                for (long b : banned) {
                    logits[(int) b] = Double.NEGATIVE_INFINITY;
                }
                long next;
                if (t == 0 && forcedBos != null) {
                    next = forcedBos;
                } else if (forcedEos != null && prefix.size() == maxNew) { // transformers' forced EOS at max_length - 1, max_length = 1 + maxNew
                    next = forcedEos;
                } else {
                    next = 0;
                    for (int v = 1; v < logits.length; v++) {
                        if (logits[v] > logits[(int) next]) {
                            next = v;
                        }
                    }
                }
                out.add(next);
                prefix.add(next);
                if (next == eos) {
                    break;
                }
            }
            return out.stream().mapToLong(Long::longValue).toArray();
        }

        private static double[] row(float[] m, long index, int h) {
            double[] r = new double[h];
            for (int c = 0; c < h; c++) {
                r[c] = m[(int) index * h + c];
            }
            return r;
        }

        private static double[] times(double[] x, float[] m, int h) {
            double[] r = new double[h];
            for (int c = 0; c < h; c++) {
                for (int k = 0; k < h; k++) {
                    r[c] += x[k] * m[k * h + c];
                }
            }
            return r;
        }

        private static double[] attend(double[] query, double[][] keys, double[][] values) {
            double scale = 1 / Math.sqrt(query.length);
            double[] scores = new double[keys.length];
            double max = Double.NEGATIVE_INFINITY;
            for (int i = 0; i < keys.length; i++) {
                for (int c = 0; c < query.length; c++) {
                    scores[i] += query[c] * keys[i][c];
                }
                scores[i] *= scale;
                max = Math.max(max, scores[i]);
            }
            double sum = 0;
            for (int i = 0; i < keys.length; i++) {
                scores[i] = Math.exp(scores[i] - max);
                sum += scores[i];
            }
            double[] out = new double[query.length];
            for (int i = 0; i < keys.length; i++) {
                for (int c = 0; c < query.length; c++) {
                    out[c] += scores[i] / sum * values[i][c];
                }
            }
            return out;
        }
    }

    static final List<String> WORDS = List.of("red", "green", "blue", "cat", "dog", "sun", "moon", "star", "tree");

    /**
     * An opus-mt (Marian) export: {@code </s>} is 0 and ends sequences, {@code <pad>} is the last id and
     * starts the decoder, is a bad word and never generated; the tokenizer appends {@code </s>} to the source.
     */
    public static Export writeMarian(Path folder, long seed, int hidden, Layout layout, boolean quantizedNames) throws IOException {
        List<String> vocabulary = new ArrayList<>(List.of("</s>", "<unk>"));
        vocabulary.addAll(WORDS);
        vocabulary.add("<pad>");
        long pad = vocabulary.size() - 1;
        int maxLength = 10;
        writeJson(folder.resolve("config.json"), Map.of("architectures", List.of("MarianMTModel"), "model_type", "marian",
                "_name_or_path", "Helsinki-NLP/" + folder.getFileName(), "is_encoder_decoder", true, "d_model", hidden,
                "decoder_attention_heads", 1, "decoder_layers", 1, "vocab_size", vocabulary.size(), "max_position_embeddings", 64));
        writeJson(folder.resolve("generation_config.json"), Map.of("bad_words_ids", List.of(List.of(pad)), "decoder_start_token_id", pad,
                "eos_token_id", 0, "forced_eos_token_id", 0, "max_length", maxLength, "num_beams", 1, "pad_token_id", pad));
        writeTokenizer(folder.resolve("tokenizer.json"), vocabulary, List.of("</s>", "<unk>", "<pad>"), List.of(), List.of("</s>"));
        return writeExport(folder, seed, hidden, layout, quantizedNames, vocabulary, pad, 0, pad, List.of(pad), 0L, maxLength);
    }

    /**
     * A Marian export that never ends a sequence ({@code </s>} is a bad word and no EOS is forced): every
     * generation runs to its token limit, so a test can leave a stream while it is still generating.
     */
    public static Export writeEndlessMarian(Path folder, long seed, int hidden) throws IOException {
        Export export = writeMarian(folder, seed, hidden, Layout.MERGED, false);
        long pad = export.pad();
        writeJson(folder.resolve("generation_config.json"), Map.of("bad_words_ids", List.of(List.of(pad), List.of(0)),
                "decoder_start_token_id", pad, "eos_token_id", 0, "max_length", 512, "num_beams", 1, "pad_token_id", pad));
        return export;
    }

    /**
     * An NLLB-style export (M2M100 architecture): {@code </s>} (2) starts the decoder and ends
     * sequences, {@code <pad>} is 1, and language tokens follow the words; the tokenizer's template
     * puts {@code eng_Latn} before the source and {@code </s>} after it, and the target language is the
     * forced first token.
     */
    public static Export writeNllb(Path folder, long seed, int hidden, Layout layout) throws IOException {
        List<String> vocabulary = new ArrayList<>(List.of("<s>", "<pad>", "</s>", "<unk>"));
        vocabulary.addAll(WORDS);
        List<String> languages = List.of("eng_Latn", "spa_Latn", "zho_Hans");
        vocabulary.addAll(languages);
        int maxLength = 10;
        writeJson(folder.resolve("config.json"), Map.of("architectures", List.of("M2M100ForConditionalGeneration"), "model_type", "m2m_100",
                "_name_or_path", "facebook/nllb-200-distilled-600M", "is_encoder_decoder", true, "d_model", hidden,
                "decoder_attention_heads", 1, "decoder_layers", 1, "vocab_size", vocabulary.size(), "max_position_embeddings", 64));
        writeJson(folder.resolve("generation_config.json"), Map.of("bos_token_id", 0, "decoder_start_token_id", 2, "eos_token_id", 2,
                "max_length", maxLength, "pad_token_id", 1));
        List<String> special = new ArrayList<>(List.of("<s>", "<pad>", "</s>", "<unk>"));
        special.addAll(languages);
        writeTokenizer(folder.resolve("tokenizer.json"), vocabulary, special, List.of("eng_Latn"), List.of("</s>"));
        return writeExport(folder, seed, hidden, layout, false, vocabulary, 2, 2, 1, List.of(1L), null, maxLength);
    }

    private static Export writeExport(Path folder, long seed, int hidden, Layout layout, boolean quantizedNames, List<String> vocabulary,
                                      long start, long eos, long pad, List<Long> banned, Long forcedEos, int maxLength)
            throws IOException {
        Random r = new Random(seed * 31 + 7);
        float[] embedding = gaussian(r, vocabulary.size() * hidden, 1.0);
        float[] weight = gaussian(r, hidden * hidden, 0.8);
        Weights decoder = weights(seed, hidden, vocabulary.size());
        String suffix = quantizedNames ? "_quantized" : "";
        Files.createDirectories(folder.resolve("onnx"));
        Files.write(folder.resolve("onnx/encoder_model" + suffix + ".onnx"), encoder(embedding, weight, hidden, vocabulary.size()));
        if (layout == Layout.MERGED) {
            writeMergedDecoder(folder, decoder, suffix);
        } else {
            writeSplitDecoder(folder, decoder, suffix);
        }
        return new Export(folder, List.copyOf(vocabulary), embedding, weight, decoder, start, eos, pad, banned, forcedEos, maxLength);
    }

    private static byte[] encoder(float[] embedding, float[] weight, int h, int vocab) {
        OnnxGraph g = new OnnxGraph();
        g.input("input_ids", DataType.INT64, "batch", "source");
        g.input("attention_mask", DataType.INT64, "batch", "source");
        g.output("last_hidden_state", DataType.FLOAT, "batch", "source", h);
        String emb = g.op("Gather", g.floats("E", embedding, vocab, h), "input_ids");
        String states = g.op("Tanh", g.op("MatMul", emb, g.floats("We", weight, h, h)));
        String mask = g.op("Unsqueeze", g.op("Cast", List.of("attention_mask"), null, OnnxGraph.intAttribute("to", DataType.FLOAT.getNumber())),
                g.longs("axis2", new long[] {2}, 1));
        g.op("Mul", List.of(states, mask), "last_hidden_state");
        return g.toBytes();
    }

    /** A WordLevel tokenizer.json with a template: {@code before}, the text, {@code after}. */
    private static void writeTokenizer(Path file, List<String> vocabulary, List<String> special, List<String> before, List<String> after)
            throws IOException {
        Map<String, Integer> vocab = new LinkedHashMap<>();
        for (int i = 0; i < vocabulary.size(); i++) {
            vocab.put(vocabulary.get(i), i);
        }
        List<Map<String, Object>> added = new ArrayList<>();
        for (String token : special) {
            added.add(Map.of("id", vocab.get(token), "content", token, "single_word", false, "lstrip", false, "rstrip", false,
                    "normalized", false, "special", true));
        }
        List<Object> single = new ArrayList<>();
        Map<String, Object> specialTokens = new LinkedHashMap<>();
        for (String token : before) {
            single.add(Map.of("SpecialToken", Map.of("id", token, "type_id", 0)));
        }
        single.add(Map.of("Sequence", Map.of("id", "A", "type_id", 0)));
        for (String token : after) {
            single.add(Map.of("SpecialToken", Map.of("id", token, "type_id", 0)));
        }
        for (String token : concat(before, after)) {
            specialTokens.put(token, Map.of("id", token, "ids", List.of(vocab.get(token)), "tokens", List.of(token)));
        }
        List<Object> pair = new ArrayList<>(single);
        pair.add(Map.of("Sequence", Map.of("id", "B", "type_id", 0)));
        Map<String, Object> tokenizer = new LinkedHashMap<>();
        tokenizer.put("version", "1.0");
        tokenizer.put("truncation", null);
        tokenizer.put("padding", null);
        tokenizer.put("added_tokens", added);
        tokenizer.put("normalizer", Map.of("type", "Lowercase"));
        tokenizer.put("pre_tokenizer", Map.of("type", "Whitespace"));
        tokenizer.put("post_processor", Map.of("type", "TemplateProcessing", "single", single, "pair", pair, "special_tokens", specialTokens));
        tokenizer.put("decoder", null);
        tokenizer.put("model", Map.of("type", "WordLevel", "vocab", vocab, "unk_token", "<unk>"));
        writeJson(file, tokenizer);
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    private static void writeJson(Path file, Object value) throws IOException {
        Files.createDirectories(file.getParent());
        TinyModels.JSON.writeValue(file.toFile(), value);
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
