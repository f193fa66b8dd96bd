package dev.lmaas.node.task.seq2seq.export;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TargetLanguageTokensTest {

    @TempDir
    Path dir;

    @Test
    void nllbLanguageCodesAreAddedTokensAndZhMeansSimplifiedChinese() throws Exception {
        Path file = dir.resolve("tokenizer.json");
        Files.writeString(file, """
                {"added_tokens":[{"id":256047,"content":"eng_Latn"},{"id":256161,"content":"spa_Latn"},{"id":256200,"content":"zho_Hans"},
                                 {"id":256201,"content":"zho_Hant"}],
                 "model":{"type":"Unigram","vocab":[["<s>",0.0],["<pad>",0.0],["</s>",0.0]]}}""");
        TargetLanguageTokens t = TargetLanguageTokens.read(file);
        assertThat(t.multilingual()).isTrue();
        assertThat(t.forLanguage("es")).contains(256161L);
        assertThat(t.forLanguage("ZH")).contains(256200L);
        assertThat(t.forLanguage("fr")).isEmpty();
    }

    @Test
    void m2m100CodesAreFoundInAVocabularyMapAndBilingualVocabulariesHaveNone() throws Exception {
        Path m2m = dir.resolve("m2m.json");
        Files.writeString(m2m, "{\"model\":{\"type\":\"BPE\",\"vocab\":{\"__en__\":128022,\"__es__\":128024,\"hello\":5}}}");
        assertThat(TargetLanguageTokens.read(m2m).forLanguage("es")).contains(128024L);
        Path marian = dir.resolve("marian.json");
        Files.writeString(marian, "{\"model\":{\"type\":\"Unigram\",\"vocab\":[[\"</s>\",0.0],[\"<unk>\",0.0],[\"▁hola\",-3.2]]}}");
        TargetLanguageTokens bilingual = TargetLanguageTokens.read(marian);
        assertThat(bilingual.multilingual()).isFalse();
        assertThat(bilingual.forLanguage("es")).isEmpty();
    }
}
