package dev.lmaas.node.model;

import dev.lmaas.node.protocol.Task;
import dev.lmaas.node.task.seq2seq.export.TargetLanguageTokens;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * Reads a Hugging Face encoder/decoder export as it comes out of Optimum or transformers.js, with no
 * hand-written manifest: {@code config.json}, {@code generation_config.json}, {@code tokenizer.json}
 * and the ONNX files, either in {@code onnx/} (transformers.js) or beside the config (optimum-cli).
 * What the node needs to know is derived from those files:
 * <ul>
 *   <li>the task from {@code architectures}: Marian and M2M100/NLLB translate, BART, Pegasus and T5
 *       summarize;</li>
 *   <li>the languages: a Marian export's from its name ({@code opus-mt-zh-en}, the folder's or
 *       {@code _name_or_path}'s), a multilingual one's from the language tokens of its vocabulary;</li>
 *   <li>the files: the int8 {@code _quantized} variants when present (transformers.js' choice on a
 *       CPU: about a third of the work at nearly the same quality), and a merged decoder when present,
 *       else the split pair. Delete the variants you do not want served.</li>
 * </ul>
 * The weights' digests are computed at load time, since nobody wrote them down.
 */
final class ExportFolder {

    private static final Pattern OPUS_MT = Pattern.compile("opus-mt-(?:tc-big-)?([a-z]{2})-([a-z]{2})$");
    private static final List<String> TRANSLATORS = List.of("MarianMTModel", "M2M100ForConditionalGeneration");
    private static final List<String> SUMMARIZERS = List.of("BartForConditionalGeneration", "PegasusForConditionalGeneration",
            "T5ForConditionalGeneration");
    private static final int DEFAULT_MAX_LENGTH = 512;

    private ExportFolder() {
    }

    /** True when the folder has an export's config and an encoder, and no {@code model.json} says otherwise. */
    static boolean isExport(Path folder) {
        return !Files.exists(folder.resolve(ModelManifest.FILE)) && Files.isRegularFile(folder.resolve("config.json"))
                && onnxFile(folder, "encoder_model").isPresent();
    }

    /** What the node reports and loads for the export in {@code folder}. */
    static ModelManifest describe(Path folder) throws ModelLoadException {
        JsonNode config = read(folder.resolve("config.json"));
        String id = folder.getFileName().toString();
        String architecture = config.path("architectures").path(0).asString("");
        Task task;
        if (TRANSLATORS.contains(architecture)) {
            task = Task.TRANSLATION;
        } else if (SUMMARIZERS.contains(architecture)) {
            task = Task.SUMMARIZATION;
        } else {
            throw new ModelLoadException("config.json names architecture '" + architecture + "'; encoder/decoder exports of "
                    + TRANSLATORS + " (translation) and " + SUMMARIZERS + " (summarization) are served");
        }
        if (!Files.isRegularFile(folder.resolve("tokenizer.json"))) {
            throw new ModelLoadException("tokenizer.json is missing (transformers.js exports ship one; for optimum-cli run it with the tokenizer)");
        }
        String encoder = onnxFile(folder, "encoder_model").orElseThrow();
        Optional<String> merged = onnxFile(folder, "decoder_model_merged");
        Optional<String> first = onnxFile(folder, "decoder_model");
        Optional<String> withPast = onnxFile(folder, "decoder_with_past_model");
        String decoder;
        String decoderWithPast = null;
        if (merged.isPresent()) {
            decoder = merged.get();
        } else if (first.isPresent() && withPast.isPresent()) {
            decoder = first.get();
            decoderWithPast = withPast.get();
        } else {
            throw new ModelLoadException("no decoder with a KV cache: the export needs decoder_model_merged.onnx, or decoder_model.onnx"
                    + " and decoder_with_past_model.onnx (export with the 'text2text-generation-with-past' task)");
        }
        List<String> languages;
        List<String> targets;
        if (task == Task.SUMMARIZATION) {
            languages = List.of("en");
            targets = List.of();
        } else if ("MarianMTModel".equals(architecture)) {
            Matcher m = opusName(id).or(() -> opusName(config.path("_name_or_path").asString(""))).orElseThrow(() -> new ModelLoadException(
                    "cannot tell which languages this Marian export translates: name its folder opus-mt-SRC-TGT (two-letter codes,"
                            + " e.g. opus-mt-zh-en)"));
            languages = List.of(m.group(1));
            targets = List.of(m.group(2));
        } else {
            TargetLanguageTokens tokens;
            try {
                tokens = TargetLanguageTokens.read(folder.resolve("tokenizer.json"));
            } catch (IOException e) {
                throw new ModelLoadException(e.getMessage(), e);
            }
            languages = tokens.languages();
            targets = languages;
            if (languages.isEmpty()) {
                throw new ModelLoadException("the vocabulary has no language tokens (NLLB's eng_Latn or M2M100's __en__) the node knows");
            }
        }
        int maxLength = config.path("max_position_embeddings").asInt(DEFAULT_MAX_LENGTH);
        return new ModelManifest(id, null, task.wireName(), null, languages, List.of(task.wireName()), targets, null,
                maxLength, null, null, "tokenizer.json", null, null, null, encoder, decoder, null, null, null, null, null, null,
                ModelManifest.OPTIMUM, decoderWithPast);
    }

    private static Optional<Matcher> opusName(String name) {
        Matcher m = OPUS_MT.matcher(name.toLowerCase(Locale.ROOT));
        return m.find() ? Optional.of(m) : Optional.empty();
    }

    /** {@code onnx/NAME_quantized.onnx}, {@code onnx/NAME.onnx}, then the same beside the config. */
    private static Optional<String> onnxFile(Path folder, String name) {
        for (String dir : List.of("onnx/", "")) {
            for (String variant : List.of(name + "_quantized.onnx", name + ".onnx")) {
                if (Files.isRegularFile(folder.resolve(dir + variant))) {
                    return Optional.of(dir + variant);
                }
            }
        }
        return Optional.empty();
    }

    private static JsonNode read(Path file) throws ModelLoadException {
        try {
            return ModelLoader.JSON.readTree(file.toFile());
        } catch (JacksonException e) {
            throw new ModelLoadException(file.getFileName() + " is not valid JSON: " + e.getOriginalMessage());
        }
    }
}
