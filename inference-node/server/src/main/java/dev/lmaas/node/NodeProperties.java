package dev.lmaas.node;

import dev.lmaas.node.protocol.InferenceLimits;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Everything the node reads from {@code lmaas.node.*}. The defaults run a standalone node with the
 * built-in models under {@code ./data}; nothing here is required.
 *
 * @param nodeId id reported to the control plane; generated per process when blank
 * @param dataDir root of the node's writable state (models, caches, generated secret)
 * @param modelDir the model store; {@code <data-dir>/models} when blank
 * @param builtinModels built-in model ids to materialise into the store at start
 * @param reloadInterval how often the model store is polled for new or changed folders
 * @param intraOpThreads ONNX Runtime intra-op threads per session; 0 = one per core. One by default: the cores are
 *     used by running batches side by side ({@link Batch#concurrency}), since splitting each operator of a short
 *     input across threads costs more in thread wake-ups than it saves (bench/results/ab-node-2026-12-04-*:
 *     1.4x the throughput at one caller, half the CPU per call)
 * @param intraOpSpinning let idle ONNX Runtime threads busy-wait between runs (off: leaves the CPU to HTTP work)
 * @param controlPlaneUrl the control plane's node link ({@code https://host:port}); blank = standalone, no registration
 * @param advertisedUrl where the control plane calls this node, {@code https://host:port} only; {@code https://127.0.0.1:<server.port>} when blank
 * @param apertium the Apertium translation pairs installed on the machine
 * @param tls this node's certificate on the node link: enrolled with a join token, or given as files
 */
@Validated
@ConfigurationProperties("lmaas.node")
public record NodeProperties(
        String nodeId,
        @DefaultValue("./data") @NotNull Path dataDir,
        Path modelDir,
        @DefaultValue({"all-minilm-l6-v2", "all-minilm-l6-v2-int8", "bge-small-zh-v1.5", "bge-small-zh-v1.5-int8", "bge-small-en-v1.5",
                "sentiment-minilm", "sentiment-bge-en", "sentiment-bge-zh", "summarizer-minilm", "summarizer-bge-zh"}) List<String> builtinModels,
        @DefaultValue("3s") @NotNull Duration reloadInterval,
        @DefaultValue("1") @Min(0) @Max(256) int intraOpThreads,
        @DefaultValue("false") boolean intraOpSpinning,
        String controlPlaneUrl,
        String advertisedUrl,
        @DefaultValue @Valid Batch batch,
        @DefaultValue @Valid Limits limits,
        @DefaultValue @Valid Registration registration,
        @DefaultValue @Valid Apertium apertium,
        @DefaultValue Tls tls) {

    public NodeProperties {
        nodeId = nodeId == null || nodeId.isBlank() ? "node-" + UUID.randomUUID().toString().substring(0, 8) : nodeId;
        builtinModels = builtinModels == null ? List.of() : List.copyOf(builtinModels);
    }

    public Path resolvedModelDir() {
        return modelDir != null ? modelDir : dataDir.resolve("models");
    }

    public Path cacheDir() {
        return dataDir.resolve("cache");
    }

    public int effectiveIntraOpThreads() {
        return intraOpThreads > 0 ? intraOpThreads : Runtime.getRuntime().availableProcessors();
    }

    public boolean standalone() {
        return controlPlaneUrl == null || controlPlaneUrl.isBlank();
    }

    /**
     * The node link's TLS: the node serves TLS 1.3 only and answers only the control plane's certificate
     * (probes excepted). Either a one-time join token with the pin of the cluster CA (the node enrolls
     * and renews by itself, key kept in memory), or certificate files issued by the cluster CA.
     *
     * @param joinToken one-time token from {@code POST /admin/v1/nodes/join-tokens} (env {@code LMAAS_JOIN_TOKEN})
     * @param caPin {@code sha256:<hex>} of the cluster CA's public key, given with the token (env {@code LMAAS_CONTROL_PLANE_CA_SHA256})
     * @param certificate PEM certificate file (instead of enrolling)
     * @param privateKey PEM private key file of {@code certificate}
     * @param caCertificate PEM file of the cluster CA
     */
    public record Tls(String joinToken, String caPin, Path certificate, Path privateKey, Path caCertificate) {

        public boolean fromFiles() {
            return certificate != null && privateKey != null && caCertificate != null;
        }

        @Override
        public String toString() {
            return "Tls[certificate=" + certificate + "]"; // never the token
        }
    }

    /**
     * Dynamic batching, per model.
     *
     * @param maxBatchSize most inputs run together in one session call
     * @param maxWait how long a free worker waits for its batch to fill while another batch runs (an idle model runs at once)
     * @param queueCapacity most inputs queued per model; beyond it requests get 503 {@code overloaded}
     * @param concurrency batches run at the same time per model; 0 = one per core (with one intra-op thread each)
     * @param maxPaddingRatio a batch is split when its longest input is more than this many times its shortest
     */
    public record Batch(
            @DefaultValue("32") @Min(1) @Max(1024) int maxBatchSize,
            @DefaultValue("2ms") @NotNull Duration maxWait,
            @DefaultValue("512") @Min(1) int queueCapacity,
            @DefaultValue("0") @Min(0) @Max(64) int concurrency,
            @DefaultValue("2.0") double maxPaddingRatio) {

        public int effectiveConcurrency() {
            return concurrency > 0 ? concurrency : Runtime.getRuntime().availableProcessors();
        }
    }

    /**
     * What one call may ask for.
     *
     * @param maxInputs texts per call
     * @param maxInputChars characters per text
     * @param maxBodyBytes request body size; larger bodies get 413
     * @param defaultDeadline used when a request gives no deadline
     * @param maxDeadline upper bound on a request's deadline
     * @param maxBeams largest beam width a request may ask for
     * @param maxNewTokens largest generation length a request may ask for
     */
    public record Limits(
            @DefaultValue(InferenceLimits.MAX_INPUTS_TEXT) @Min(1) int maxInputs,
            @DefaultValue("20000") @Min(1) int maxInputChars,
            @DefaultValue("2097152") @Min(1024) int maxBodyBytes,
            @DefaultValue("30s") @NotNull Duration defaultDeadline,
            @DefaultValue("120s") @NotNull Duration maxDeadline,
            @DefaultValue(InferenceLimits.MAX_BEAMS_TEXT) @Min(1) int maxBeams,
            @DefaultValue(InferenceLimits.MAX_NEW_TOKENS_TEXT) @Min(1) int maxNewTokens) {
    }

    /**
     * Talking to the control plane.
     *
     * @param heartbeatInterval used until the control plane says otherwise
     * @param initialBackoff first retry delay while the control plane is unreachable
     * @param maxBackoff retry delays double up to this
     * @param requestTimeout per HTTP call
     */
    public record Registration(
            @DefaultValue("5s") @NotNull Duration heartbeatInterval,
            @DefaultValue("500ms") @NotNull Duration initialBackoff,
            @DefaultValue("30s") @NotNull Duration maxBackoff,
            @DefaultValue("5s") @NotNull Duration requestTimeout) {
    }

    /**
     * Apertium's rule-based translation pairs (Debian packages {@code apertium-eng-spa}, ...), served as
     * translation models {@code apertium-<pair>}.
     *
     * @param enabled false: never look for pairs
     * @param modesDir where the pairs' {@code *.mode} files are; a missing folder simply means no pairs
     * @param pipelines most long-lived pipelines per pair; 0 = one per core, at most 4. Beyond the first (started
     *                  at warm-up) they start only when texts wait, since each holds ~200 MB (eng-spa, 13 processes)
     * @param timeout longest one text may take in a pipeline before it is killed and restarted
     * @param maxWords words per text a pair accepts, the unit usage counts (longer texts are refused or cut
     *                 after that word); {@code limits.max-input-chars} bounds the characters before this
     */
    public record Apertium(
            @DefaultValue("true") boolean enabled,
            @DefaultValue("/usr/share/apertium/modes") @NotNull Path modesDir,
            @DefaultValue("0") @Min(0) @Max(64) int pipelines,
            @DefaultValue("10s") @NotNull Duration timeout,
            @DefaultValue("4096") @Min(1) int maxWords) {

        public int effectivePipelines() {
            return pipelines > 0 ? pipelines : Math.min(4, Runtime.getRuntime().availableProcessors());
        }
    }
}
