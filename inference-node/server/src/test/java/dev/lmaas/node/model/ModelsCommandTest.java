package dev.lmaas.node.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lmaas.node.testing.TinyExports;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ./lmaas models add}: what it prints, what it installs, and each refusal. */
class ModelsCommandTest {

    @TempDir
    Path dir;

    String add(String... args) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertThat(ModelsCommand.run(List.of(args), new PrintStream(out, true, StandardCharsets.UTF_8))).isZero();
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void anExportIsDescribedWithItsDigestsAndInstalledWholeUnderItsId() throws Exception {
        Path download = dir.resolve("download");
        TinyExports.writeMarian(download, 1, 8, TinyExports.Layout.MERGED, false);
        Path a = dir.resolve("node-1/models");
        Path b = dir.resolve("node-2/models");
        String out = add("add", download.toString(), "--id", "opus-mt-zh-en", "--store", a.toString(), "--store", b.toString());
        assertThat(out).startsWith("opus-mt-zh-en: translation, languages [zh] -> [en]\n")
                .contains("onnx/decoder_model_merged.onnx  sha256 " + dev.lmaas.node.testing.TinyModels.sha256(download.resolve("onnx/decoder_model_merged.onnx")))
                .contains("added to " + a.resolve("opus-mt-zh-en"));
        for (Path store : List.of(a, b)) {
            assertThat(store.resolve("opus-mt-zh-en/onnx/encoder_model.onnx")).hasSameBinaryContentAs(download.resolve("onnx/encoder_model.onnx"));
            try (Stream<Path> entries = Files.list(store)) {
                assertThat(entries.map(p -> p.getFileName().toString())).containsExactly("opus-mt-zh-en"); // nothing half-copied left
            }
        }
    }

    @Test
    void anExistingModelIsReplacedOnlyWhenAsked() throws Exception {
        Path v1 = dir.resolve("opus-mt-en-es");
        TinyExports.writeMarian(v1, 1, 8, TinyExports.Layout.SPLIT, false);
        Path store = dir.resolve("models");
        add("add", v1.toString(), "--store", store.toString());
        assertThatThrownBy(() -> add("add", v1.toString(), "--store", store.toString()))
                .isInstanceOf(FileAlreadyExistsException.class).hasMessageContaining("give --replace");
        Path v2 = dir.resolve("v2/opus-mt-en-es");
        TinyExports.writeMarian(v2, 2, 8, TinyExports.Layout.MERGED, false);
        add("add", v2.toString(), "--store", store.toString(), "--replace");
        assertThat(store.resolve("opus-mt-en-es/onnx/decoder_model_merged.onnx")).exists();
    }

    @Test
    void foldersTheNodeCouldNotServeAreRefusedBeforeAnythingIsCopied() throws Exception {
        Path store = dir.resolve("models");
        Path unnamed = dir.resolve("download");
        TinyExports.writeMarian(unnamed, 1, 8, TinyExports.Layout.MERGED, false);
        assertThatThrownBy(() -> add("add", unnamed.toString(), "--store", store.toString()))
                .isInstanceOf(ModelLoadException.class).hasMessageStartingWith("cannot tell which languages this Marian export translates");
        Path empty = Files.createDirectories(dir.resolve("empty"));
        assertThatThrownBy(() -> add("add", empty.toString(), "--store", store.toString()))
                .isInstanceOf(ModelLoadException.class).hasMessageStartingWith("model.json is missing");
        assertThatThrownBy(() -> add("add", unnamed.toString(), "--id", "Bad Name", "--store", store.toString()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("must be lowercase letters");
        assertThatThrownBy(() -> add("add", unnamed.toString(), "--id", "opus-mt-en-zh"))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("no --store given");
        assertThat(store).doesNotExist();
    }
}
