package dev.lmaas.node.task.seq2seq.export;

import dev.lmaas.node.protocol.InferenceParameters;
import dev.lmaas.node.protocol.Task;
import dev.lmaas.node.runtime.InferenceSession;
import dev.lmaas.node.runtime.Tensor;
import dev.lmaas.node.task.EncoderBatch;
import dev.lmaas.node.task.TaskModel;
import dev.lmaas.node.task.TaskOutput;
import dev.lmaas.node.task.TokenizedInput;
import dev.lmaas.node.task.seq2seq.BeamSearch;
import dev.lmaas.node.task.seq2seq.GenerationProgress;
import dev.lmaas.node.task.seq2seq.GenerationConfig;
import dev.lmaas.node.task.seq2seq.GreedySearch;
import dev.lmaas.node.task.seq2seq.Seq2SeqModel;
import dev.lmaas.node.tokenize.EncodedText;
import dev.lmaas.node.tokenize.TextTokenizer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A Hugging Face encoder/decoder export served as it was exported: the encoder runs once per batch,
 * the decoder reads one new token per row and step with its KV cache ({@link OnnxIncrementalDecoder},
 * split or merged), and decoding follows the export's {@link GenerationSettings} with transformers'
 * logits processors. For a multilingual model (NLLB, M2M100) the request's languages pick the language
 * token put before the source and the token forced as the first output.
 */
public final class ExportedSeq2SeqModel implements TaskModel<TokenizedInput> {

    /** The decoder files: a merged one ({@code withPast} null) or the split pair. */
    public record Decoder(InferenceSession first, InferenceSession withPast, OnnxIncrementalDecoder.Heads heads) {

        boolean merged() {
            return withPast == null;
        }
    }

    private record Setting(int beams, int maxNewTokens, String targetLanguage) {
    }

    private final Task task;
    private final InferenceSession encoder;
    private final Decoder decoder;
    private final TextTokenizer tokenizer;
    private final GenerationSettings settings;
    private final TargetLanguageTokens languages;

    public ExportedSeq2SeqModel(Task task, InferenceSession encoder, Decoder decoder, TextTokenizer tokenizer,
                                GenerationSettings settings, TargetLanguageTokens languages) {
        Seq2SeqModel.requireIo(encoder, "encoder", Set.of("input_ids", "attention_mask"), "last_hidden_state");
        this.task = task;
        this.encoder = encoder;
        this.decoder = decoder;
        this.tokenizer = tokenizer;
        this.settings = settings;
        this.languages = languages;
    }

    @Override
    public Task task() {
        return task;
    }

    @Override
    public int maxSequenceLength() {
        return tokenizer.maxLength();
    }

    /** Tokenizes; a multilingual tokenizer's source language token is set to the request's source language. */
    @Override
    public TokenizedInput prepare(String text, boolean truncate, InferenceParameters parameters) {
        EncodedText encoded = tokenizer.encode(text, truncate);
        if (languages.multilingual() && parameters.sourceLanguage() != null) {
            long source = languages.forLanguage(parameters.sourceLanguage()).orElseThrow(() -> new IllegalArgumentException(
                    "the model has no language token for source language " + parameters.sourceLanguage()));
            encoded = withSourceLanguage(encoded, source);
        }
        return new TokenizedInput(encoded, parameters);
    }

    /** NLLB's tokenizer.json fixes one source language token (eng_Latn) in its template: replace it, or add one in front. */
    private EncodedText withSourceLanguage(EncodedText encoded, long token) {
        long[] ids = encoded.ids();
        for (int i = 0; i < Math.min(ids.length, 2); i++) {
            if (languages.isLanguageToken(ids[i])) {
                long[] copy = ids.clone();
                copy[i] = token;
                return new EncodedText(copy, encoded.typeIds(), encoded.truncated());
            }
        }
        long[] copy = new long[ids.length + 1];
        copy[0] = token;
        System.arraycopy(ids, 0, copy, 1, ids.length);
        return new EncodedText(copy, new long[copy.length], encoded.truncated());
    }

    @Override
    public List<TaskOutput> run(List<TokenizedInput> batch) {
        Map<Setting, List<Integer>> groups = new LinkedHashMap<>();
        for (int i = 0; i < batch.size(); i++) {
            groups.computeIfAbsent(setting(batch.get(i).parameters()), k -> new ArrayList<>()).add(i);
        }
        TaskOutput[] out = new TaskOutput[batch.size()];
        groups.forEach((setting, members) -> {
            List<long[]> generated = generate(members.stream().map(batch::get).toList(), setting);
            for (int m = 0; m < members.size(); m++) {
                long[] tokens = generated.get(m);
                out[members.get(m)] = TaskOutput.text(tokenizer.decode(withoutEos(tokens)), tokens.length);
            }
        });
        return Arrays.asList(out);
    }

    private Setting setting(InferenceParameters p) {
        int beams = p.numBeams() != null ? p.numBeams() : settings.numBeams();
        int budget = p.maxTokens() != null ? p.maxTokens() : settings.newTokenBudget();
        String target = languages.multilingual() && p.targetLanguage() != null ? p.targetLanguage().toLowerCase(Locale.ROOT) : null;
        return new Setting(beams, budget, target);
    }

    /** Generated token ids per input (EOS included when reached); public for tests and benchmarks. */
    public List<long[]> generate(List<TokenizedInput> inputs, int maxNewTokens, int beams, String targetLanguage) {
        return generate(inputs, new Setting(beams, maxNewTokens, targetLanguage));
    }

    private List<long[]> generate(List<TokenizedInput> inputs, Setting setting) {
        GenerationSettings effective = settings;
        if (setting.targetLanguage() != null) {
            long token = languages.forLanguage(setting.targetLanguage()).orElseThrow(() -> new IllegalArgumentException(
                    "the model has no language token for target language " + setting.targetLanguage()));
            effective = settings.withForcedBos(token);
        }
        long pad = settings.padTokenId() != null ? settings.padTokenId() : settings.eosTokenIds().getFirst();
        EncoderBatch source = EncoderBatch.of(inputs.stream().map(TokenizedInput::encoded).toList(), pad);
        Tensor.Float32 hidden = encoder.run(source.inputs(encoder.inputNames()), Set.of("last_hidden_state")).get("last_hidden_state");
        OnnxIncrementalDecoder incremental = decoder.merged()
                ? OnnxIncrementalDecoder.merged(decoder.first(), hidden, source.attentionMask(), decoder.heads())
                : new OnnxIncrementalDecoder(decoder.first(), decoder.withPast(), hidden, source.attentionMask());
        CachedDecoderStep<OnnxIncrementalDecoder.Past> step = new CachedDecoderStep<>(incremental,
                new LogitsProcessing(effective, 1 + setting.maxNewTokens()));
        GenerationConfig config = new GenerationConfig(effective.decoderStartTokenId(), new HashSet<>(effective.eosTokenIds()), pad,
                setting.maxNewTokens(), setting.beams(), effective.lengthPenalty());
        return setting.beams() == 1
                ? GreedySearch.generate(step, inputs.size(), config, setting.maxNewTokens(), GenerationProgress.of(inputs, tokenizer))
                : BeamSearch.generate(step, inputs.size(), config, setting.maxNewTokens(), setting.beams());
    }

    private long[] withoutEos(long[] tokens) {
        int n = tokens.length;
        return n > 0 && settings.eosTokenIds().contains(tokens[n - 1]) ? Arrays.copyOf(tokens, n - 1) : tokens;
    }

    @Override
    public void close() {
        encoder.close();
        decoder.first().close();
        if (decoder.withPast() != null) {
            decoder.withPast().close();
        }
        tokenizer.close();
    }
}
