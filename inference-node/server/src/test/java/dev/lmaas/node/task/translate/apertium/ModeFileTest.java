package dev.lmaas.node.task.translate.apertium;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ModeFileTest {

    @Test
    void aModeBecomesItsProgramsInNullFlushModeWithUnknownWordsUnmarked() throws Exception {
        List<List<String>> stages = ModeFile.stages(
                "lt-proc '/d/eng-spa.automorf.bin' | apertium-tagger -g $2 '/d/eng-spa.prob' | lt-proc $1 \"/d/gen.bin\" | lt-proc -p '/d/a b.bin'\n");
        assertThat(stages).containsExactly(
                List.of("lt-proc", "-z", "/d/eng-spa.automorf.bin"),
                List.of("apertium-tagger", "-z", "-g", "/d/eng-spa.prob"),
                List.of("lt-proc", "-z", "-n", "/d/gen.bin"),
                List.of("lt-proc", "-z", "-p", "/d/a b.bin"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"lt-proc x; rm -rf /", "lt-proc x && true", "lt-proc $(id)", "lt-proc `id`", "lt-proc x > /tmp/y",
            "lt-proc $HOME", "lt-proc \"$HOME\"", "lt-proc x | | lt-proc y", "lt-proc 'unclosed", "lt-proc *", "", "a\nb"})
    void anythingAShellWouldInterpretMakesTheModeUnusable(String mode) {
        assertThatThrownBy(() -> ModeFile.stages(mode)).isInstanceOf(ModeFile.UnsupportedModeException.class);
    }
}
