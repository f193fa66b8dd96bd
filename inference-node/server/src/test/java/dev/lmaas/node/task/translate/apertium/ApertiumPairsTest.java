package dev.lmaas.node.task.translate.apertium;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Discovery from a modes folder written by the test; nothing is run, so it needs no Apertium. */
class ApertiumPairsTest {

    static final String PIPELINE = "lt-proc '/x/automorf.bin' | apertium-tagger -g $2 '/x/prob' | lt-proc $1 '/x/autogen.bin'";

    @TempDir
    Path modes;
    final ApertiumPairs pairs = new ApertiumPairs(Set.of("lt-proc", "apertium-tagger")::contains);

    void mode(String name, String content) throws Exception {
        Files.writeString(modes.resolve(name + ".mode"), content);
    }

    @Test
    void servesPlainTranslationDirectionsWithIso6391LanguagesAndSkipsTheRestSayingWhy() throws Exception {
        mode("eng-spa", PIPELINE);
        mode("spa-eng", PIPELINE);
        mode("eng-cat_valencia", PIPELINE);     // a variant
        mode("eng-spa-tagger", PIPELINE);       // a debugging mode
        mode("spa-eng-anmor", PIPELINE);
        mode("ast-spa", PIPELINE);              // Asturian has no ISO 639-1 code
        mode("eng-xyz", PIPELINE);              // unknown language
        mode("eng-fra", PIPELINE + "; rm -rf /"); // shell syntax
        mode("eng-por", "hfst-proc '/x/b.hfst'"); // program not installed
        Files.writeString(modes.resolve("README"), "not a mode");

        ApertiumPairs.Found found = pairs.find(modes);

        assertThat(found.pairs()).extracting(ApertiumPair::modelId, ApertiumPair::source, ApertiumPair::target)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("apertium-eng-spa", "en", "es"),
                        org.assertj.core.groups.Tuple.tuple("apertium-spa-eng", "es", "en"));
        assertThat(found.pairs().getFirst().stages().getLast()).containsExactly("lt-proc", "-z", "-n", "/x/autogen.bin");
        assertThat(found.pairs().getFirst().version()).startsWith("apertium-").hasSize("apertium-".length() + 12);
        assertThat(found.skipped()).extracting(ApertiumPairs.Skipped::mode)
                .containsExactlyInAnyOrder("eng-cat_valencia", "eng-spa-tagger", "spa-eng-anmor", "ast-spa", "eng-xyz", "eng-fra", "eng-por");
        assertThat(found.skipped()).filteredOn(s -> s.mode().equals("eng-por")).singleElement()
                .satisfies(s -> assertThat(s.reason()).contains("hfst-proc is not installed"));
        assertThat(found.skipped()).filteredOn(s -> s.mode().equals("ast-spa")).singleElement()
                .satisfies(s -> assertThat(s.reason()).contains("ast"));
    }

    @Test
    void theDigestChangesWhenTheModeChanges() throws Exception {
        mode("eng-spa", PIPELINE);
        String before = pairs.find(modes).pairs().getFirst().digest();
        mode("eng-spa", PIPELINE.replace("/x/prob", "/x/prob2"));
        assertThat(pairs.find(modes).pairs().getFirst().digest()).isNotEqualTo(before);
    }

    @Test
    void modesOthersCanWriteAreNotRunBecauseAModeNamesTheProgramsTheNodeStarts() throws Exception {
        mode("eng-spa", PIPELINE);
        mode("spa-eng", PIPELINE);
        Files.setPosixFilePermissions(modes.resolve("spa-eng.mode"), PosixFilePermissions.fromString("rw-rw-rw-"));
        assertThat(pairs.find(modes).pairs()).extracting(ApertiumPair::mode).containsExactly("eng-spa");
        assertThat(pairs.find(modes).skipped()).extracting(ApertiumPairs.Skipped::reason).containsExactly("the mode file is writable by group or others");

        Files.setPosixFilePermissions(modes, PosixFilePermissions.fromString("rwxrwxrwx"));
        assertThat(pairs.find(modes).pairs()).isEmpty();
        assertThat(pairs.find(modes).skipped()).singleElement().satisfies(s -> assertThat(s.reason()).contains("modes folder is writable"));
    }

    @Test
    void aMissingModesFolderIsNoPairs() throws Exception {
        ApertiumPairs.Found found = pairs.find(modes.resolve("absent"));
        assertThat(found.pairs()).isEmpty();
        assertThat(found.skipped()).isEmpty();
    }

    @Test
    void withoutTheProgramsNothingIsServed() throws Exception {
        mode("eng-spa", PIPELINE);
        assertThat(new ApertiumPairs(program -> false).find(modes).pairs()).isEmpty();
    }
}
