package dev.lmaas.node.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClusterSecretTest {

    @TempDir
    Path data;

    @Test
    void aConfiguredSecretWinsAndNoFileIsWritten() {
        assertThat(ClusterSecret.resolve("  from-the-environment-123  ", data)).isEqualTo("from-the-environment-123");
        assertThat(data.resolve("secrets")).doesNotExist();
    }

    @Test
    void withoutOneASecretIsGeneratedOnceWithOwnerOnlyPermissions() throws Exception {
        String first = ClusterSecret.resolve(null, data);
        Path file = data.resolve("secrets/cluster-secret");
        assertThat(first).hasSizeGreaterThanOrEqualTo(40).matches("[A-Za-z0-9_-]+");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(ClusterSecret.resolve("", data)).as("the same file is reused").isEqualTo(first);
        assertThat(ClusterSecret.resolve(null, Files.createTempDirectory(data, "other"))).isNotEqualTo(first);
    }

    @Test
    void aSecretWrittenByTheControlPlaneIsRead() throws Exception {
        Files.createDirectories(data.resolve("secrets"));
        Files.writeString(data.resolve("secrets/cluster-secret"), "shared-by-both-processes-42\n");
        assertThat(ClusterSecret.resolve(null, data)).isEqualTo("shared-by-both-processes-42");
    }
}
