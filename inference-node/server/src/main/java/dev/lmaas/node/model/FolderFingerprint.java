package dev.lmaas.node.model;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * A cheap change detector for a model folder: names, sizes and modification times of its files, plus
 * the manifest's content.
 * Polling compares these instead of hashing gigabytes every few seconds; the SHA-256 check runs
 * only when something changed and the folder is loaded again.
 */
final class FolderFingerprint {

    private FolderFingerprint() {
    }

    static String of(Path folder) throws IOException {
        StringBuilder sb = new StringBuilder();
        // Two levels: an export keeps its weights in onnx/.
        try (Stream<Path> files = Files.walk(folder, 2)) {
            List<Path> sorted = files.filter(Files::isRegularFile).sorted().toList();
            for (Path f : sorted) {
                sb.append(folder.relativize(f)).append('|').append(Files.size(f)).append('|')
                        .append(Files.getLastModifiedTime(f).toInstant()).append('\n');
            }
        }
        Path manifest = folder.resolve(ModelManifest.FILE);
        if (Files.isRegularFile(manifest)) {
            sb.append(java.util.Arrays.hashCode(Files.readAllBytes(manifest))); // small, and edits may keep size and time
        }
        return sb.toString();
    }
}
