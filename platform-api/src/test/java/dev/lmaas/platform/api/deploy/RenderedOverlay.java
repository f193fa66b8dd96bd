package dev.lmaas.platform.api.deploy;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * One kustomize overlay of {@code deploy/k8s}, rendered by the real {@code kubectl kustomize} and
 * parsed document by document into fabric8's typed model classes (custom resources such as KEDA's
 * ScaledObject and CloudNativePG's Cluster come back as {@link GenericKubernetesResource}).
 */
record RenderedOverlay(String name, List<HasMetadata> objects) {

    static final Path REPOSITORY = Path.of("..").toAbsolutePath().normalize();
    static final Path K8S = REPOSITORY.resolve("deploy/k8s");

    /** The kubectl binary on PATH, if any. */
    static Optional<Path> kubectl() {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path candidate = Path.of(dir, "kubectl");
            if (Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    static RenderedOverlay render(Path kubectl, String overlay) throws IOException, InterruptedException {
        Path dir = K8S.resolve("overlays").resolve(overlay);
        Process process = new ProcessBuilder(kubectl.toString(), "kustomize", dir.toString())
                .redirectErrorStream(false).start();
        byte[] out = process.getInputStream().readAllBytes();
        String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new AssertionError("kubectl kustomize " + dir + " failed: " + err);
        }
        return new RenderedOverlay(overlay, parse(new String(out, StandardCharsets.UTF_8)));
    }

    static List<HasMetadata> parse(String yaml) {
        KubernetesSerialization serialization = new KubernetesSerialization();
        List<HasMetadata> objects = new ArrayList<>();
        for (String document : yaml.split("(?m)^---\\s*$")) {
            if (!document.isBlank()) {
                objects.add(serialization.unmarshal(document, HasMetadata.class));
            }
        }
        return objects;
    }

    <T extends HasMetadata> T one(Class<T> type, String name) {
        return all(type).stream().filter(o -> o.getMetadata().getName().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError(this.name + ": no " + type.getSimpleName() + " named " + name));
    }

    <T extends HasMetadata> List<T> all(Class<T> type) {
        return objects.stream().filter(type::isInstance).map(type::cast).toList();
    }

    GenericKubernetesResource custom(String kind, String name) {
        return all(GenericKubernetesResource.class).stream()
                .filter(o -> o.getKind().equals(kind) && o.getMetadata().getName().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError(this.name + ": no " + kind + " named " + name));
    }
}
