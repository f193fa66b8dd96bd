package dev.lmaas.node.task.seq2seq.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Settings as transformers reads them from the two files of an export (Marian- and NLLB-shaped examples). */
class GenerationSettingsTest {

    @TempDir
    Path export;

    void write(String file, String json) throws IOException {
        Files.writeString(export.resolve(file), json);
    }

    @Test
    void marianShapedExportTakesGenerationConfigFirstAndConfigForTheRest() throws Exception {
        write("config.json", """
                {"model_type":"marian","decoder_start_token_id":65000,"eos_token_id":0,"pad_token_id":65000,
                 "max_length":512,"num_beams":4,"bad_words_ids":[[65000]]}""");
        write("generation_config.json", """
                {"bad_words_ids":[[65000]],"decoder_start_token_id":65000,"eos_token_id":0,"max_length":256,
                 "num_beams":6,"pad_token_id":65000,"renormalize_logits":true}""");
        GenerationSettings s = GenerationSettings.read(export);
        assertThat(s.decoderStartTokenId()).isEqualTo(65000);
        assertThat(s.eosTokenIds()).containsExactly(0L);
        assertThat(s.padTokenId()).isEqualTo(65000);
        assertThat(s.badWordsIds()).singleElement().satisfies(b -> assertThat(b).containsExactly(65000L));
        assertThat(s.maxLength()).isEqualTo(256);
        assertThat(s.numBeams()).isEqualTo(6);
        assertThat(s.newTokenBudget()).isEqualTo(255);
        assertThat(s.lengthPenalty()).isEqualTo(1.0);
        assertThat(s.repetitionPenalty()).isEqualTo(1.0);
        assertThat(s.forcedBosTokenId()).isNull();
    }

    @Test
    void nllbShapedExportWithAListOfEosIdsAndPenalties() throws Exception {
        write("config.json", """
                {"model_type":"m2m_100","decoder_start_token_id":2,"eos_token_id":2,"pad_token_id":1,"max_length":200}""");
        write("generation_config.json", """
                {"eos_token_id":[2,3],"max_new_tokens":64,"length_penalty":0.8,"no_repeat_ngram_size":3,
                 "repetition_penalty":1.2,"forced_eos_token_id":2}""");
        GenerationSettings s = GenerationSettings.read(export);
        assertThat(s.eosTokenIds()).containsExactly(2L, 3L);
        assertThat(s.newTokenBudget()).isEqualTo(64);
        assertThat(s.lengthPenalty()).isEqualTo(0.8);
        assertThat(s.noRepeatNgramSize()).isEqualTo(3);
        assertThat(s.repetitionPenalty()).isEqualTo(1.2);
        assertThat(s.forcedEosTokenId()).isEqualTo(2L);
        assertThat(s.withForcedBos(256047L).forcedBosTokenId()).isEqualTo(256047L);
    }

    @Test
    void theLibraryDefaultsApplyWhenTheFilesAreSilent() throws Exception {
        write("config.json", "{\"decoder_start_token_id\":0,\"eos_token_id\":1}");
        GenerationSettings s = GenerationSettings.read(export);
        assertThat(s.maxLength()).isEqualTo(20);
        assertThat(s.numBeams()).isEqualTo(1);
        assertThat(s.padTokenId()).isNull();
        assertThat(s.badWordsIds()).isEmpty();
    }

    @Test
    void brokenOrIncompleteExportsSayWhatIsWrong() throws Exception {
        assertThatThrownBy(() -> GenerationSettings.read(export)).hasMessageContaining("neither generation_config.json nor config.json");
        write("config.json", "{\"eos_token_id\":1}");
        assertThatThrownBy(() -> GenerationSettings.read(export)).hasMessageContaining("decoder_start_token_id");
        write("config.json", "{\"decoder_start_token_id\":0}");
        assertThatThrownBy(() -> GenerationSettings.read(export)).hasMessageContaining("eos_token_id");
        write("config.json", "{\"decoder_start_token_id\":0,\"eos_token_id\":\"one\"}");
        assertThatThrownBy(() -> GenerationSettings.read(export)).hasMessageContaining("eos_token_id must be");
        write("config.json", "{\"decoder_start_token_id\":0,\"eos_token_id\":1,\"bad_words_ids\":[[]]}");
        assertThatThrownBy(() -> GenerationSettings.read(export)).hasMessageContaining("bad_words_ids");
        write("config.json", "{not json");
        assertThatThrownBy(() -> GenerationSettings.read(export)).hasMessageContaining("config.json is not valid JSON");
    }
}
