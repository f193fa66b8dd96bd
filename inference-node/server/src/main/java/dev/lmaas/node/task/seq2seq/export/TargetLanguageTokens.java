package dev.lmaas.node.task.seq2seq.export;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Multilingual exports choose the output language by the first generated token: NLLB's
 * {@code spa_Latn}, M2M100's {@code __es__}. This finds that token's id in the export's
 * {@code tokenizer.json} for an ISO 639-1 code, so a request's {@code target_language} becomes the
 * forced BOS token. A bilingual export (Marian opus-mt) has no such tokens, and needs none.
 */
public final class TargetLanguageTokens {

    /** NLLB-200's FLORES codes for the languages the platform routes; the script matters (zho_Hans vs zho_Hant). */
    private static final Map<String, String> NLLB = Map.ofEntries(
            Map.entry("en", "eng_Latn"), Map.entry("zh", "zho_Hans"), Map.entry("es", "spa_Latn"), Map.entry("fr", "fra_Latn"),
            Map.entry("de", "deu_Latn"), Map.entry("pt", "por_Latn"), Map.entry("it", "ita_Latn"), Map.entry("ca", "cat_Latn"),
            Map.entry("ja", "jpn_Jpan"), Map.entry("ko", "kor_Hang"), Map.entry("ru", "rus_Cyrl"), Map.entry("ar", "arb_Arab"),
            Map.entry("nl", "nld_Latn"), Map.entry("gl", "glg_Latn"), Map.entry("eu", "eus_Latn"), Map.entry("ro", "ron_Latn"));
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static final java.util.regex.Pattern M2M100 = java.util.regex.Pattern.compile("__([a-z]{2})__");

    private final Map<String, Long> tokens;
    private final java.util.SortedSet<String> languages = new java.util.TreeSet<>();
    private final java.util.Set<Long> languageTokenIds = new java.util.HashSet<>();

    private TargetLanguageTokens(Map<String, Long> tokens) {
        this.tokens = tokens;
        NLLB.forEach((iso, flores) -> {
            if (tokens.containsKey(flores)) {
                languages.add(iso);
                languageTokenIds.add(tokens.get(flores));
            }
        });
        tokens.forEach((piece, id) -> {
            java.util.regex.Matcher m = M2M100.matcher(piece);
            if (m.matches()) {
                languages.add(m.group(1));
                languageTokenIds.add(id);
            }
        });
    }

    /** Reads the added tokens and the vocabulary of a {@code tokenizer.json}. */
    public static TargetLanguageTokens read(Path tokenizerJson) throws IOException {
        JsonNode root;
        try {
            root = JSON.readTree(tokenizerJson.toFile());
        } catch (JacksonException e) {
            throw new IOException(tokenizerJson.getFileName() + " is not valid JSON: " + e.getOriginalMessage(), e);
        }
        Map<String, Long> tokens = new HashMap<>();
        JsonNode vocab = root.path("model").path("vocab");
        if (vocab.isObject()) {
            for (Map.Entry<String, JsonNode> e : vocab.properties()) {
                tokens.put(e.getKey(), e.getValue().longValue());
            }
        } else if (vocab.isArray()) { // Unigram: [piece, score] pairs, the id is the position
            for (int i = 0; i < vocab.size(); i++) {
                tokens.put(vocab.get(i).get(0).asString(), (long) i);
            }
        }
        for (JsonNode added : root.path("added_tokens")) {
            tokens.put(added.path("content").asString(), added.path("id").longValue());
        }
        return new TargetLanguageTokens(tokens);
    }

    /** The token that starts output in {@code language} (ISO 639-1), if the vocabulary has one. */
    public Optional<Long> forLanguage(String language) {
        String code = language.toLowerCase(java.util.Locale.ROOT);
        for (String candidate : List.of(NLLB.getOrDefault(code, ""), "__" + code + "__")) {
            Long id = tokens.get(candidate);
            if (id != null) {
                return Optional.of(id);
            }
        }
        return Optional.empty();
    }

    /** The ISO 639-1 codes whose language token the vocabulary has, sorted. */
    public List<String> languages() {
        return List.copyOf(languages);
    }

    /** True for a token that marks a language, such as the one a multilingual tokenizer puts before the source. */
    public boolean isLanguageToken(long id) {
        return languageTokenIds.contains(id);
    }

    /** True when the vocabulary has language tokens at all, so a target language must be given. */
    public boolean multilingual() {
        return !languages.isEmpty();
    }
}
