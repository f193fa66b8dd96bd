package dev.lmaas.node.task.translate.apertium;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.lmaas.node.NodeProperties;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/** The real engine, for tests that translate: Debian's apertium-eng-spa, which .ci/run installs. */
public final class InstalledApertium {

    public static final Path MODES = Path.of("/usr/share/apertium/modes");

    private InstalledApertium() {
    }

    /** Skips the calling test, saying why, on a machine without the engine or the English→Spanish pair. */
    public static void assume() {
        assumeTrue(ApertiumPairs.onPath("lt-proc") && Files.isRegularFile(MODES.resolve("eng-spa.mode")),
                "Apertium's eng-spa pair is not installed (apt-get install apertium-eng-spa; .ci/run installs it)");
    }

    static NodeProperties.Apertium settings(int pipelines, Duration timeout, int maxWords) {
        return new NodeProperties.Apertium(true, MODES, pipelines, timeout, maxWords);
    }
}
