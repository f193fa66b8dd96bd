package dev.lmaas.platform.api.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lmaas.node.NodeProperties;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * deploy/k8s is validated by the build: every overlay renders with the real {@code kubectl
 * kustomize}, every object parses into fabric8's typed classes, and the rendered objects hold what
 * the applications need: probes on endpoints the apps expose, env names the apps read, the images
 * the build makes, non-root pods with limits, network policies that keep nodes and the database
 * private, and no secret in git. Without kubectl on PATH the test is skipped and says so.
 */
class KubernetesManifestsTest {

    static final String CONTROL_PLANE = "lmaas-control-plane";
    static final String NODE = "lmaas-node";
    /** Secrets the manifests may read: created by create-secrets.sh, by CloudNativePG, or for enrollment. */
    static final Set<String> SECRETS = Set.of("lmaas-secrets", "lmaas-db-app", "lmaas-node-enrollment", "lmaas-db-backup-s3");
    /** Where the control plane serves the node link: a Service of its own, named in LMAAS_NODE_LINK_HOSTS. */
    static final String NODE_LINK = "lmaas-control-plane-link";

    static final Map<String, RenderedOverlay> OVERLAYS = new HashMap<>();

    @BeforeAll
    static void render() throws Exception {
        var kubectl = RenderedOverlay.kubectl();
        Assumptions.assumeTrue(kubectl.isPresent(),
                "ASSUMPTION NOT MET: kubectl is not on PATH, so deploy/k8s was NOT rendered or validated (install kubectl >= 1.27 with kustomize)");
        for (String overlay : List.of("dev", "production")) {
            OVERLAYS.put(overlay, RenderedOverlay.render(kubectl.get(), overlay));
        }
    }

    @Test
    void everyObjectParsesIntoATypedClassOrAKnownCustomResource() {
        Set<String> customKinds = Set.of("ScaledObject", "Cluster", "ScheduledBackup");
        OVERLAYS.values().forEach(overlay -> {
            assertThat(overlay.objects()).as(overlay.name()).isNotEmpty();
            for (HasMetadata object : overlay.objects()) {
                if (object instanceof GenericKubernetesResource custom) {
                    assertThat(customKinds).as(overlay.name() + ": untyped " + custom.getKind()).contains(custom.getKind());
                }
                assertThat(object.getMetadata().getLabels()).as(object.getKind() + " " + object.getMetadata().getName())
                        .containsEntry("app.kubernetes.io/part-of", "lmaas");
            }
            assertThat(overlay.all(Namespace.class)).hasSize(1);
            String namespace = overlay.all(Namespace.class).getFirst().getMetadata().getName();
            overlay.objects().stream().filter(o -> !(o instanceof Namespace))
                    .forEach(o -> assertThat(o.getMetadata().getNamespace()).as(o.getKind()).isEqualTo(namespace));
        });
    }

    @Test
    void controlPlaneIsReplicatedSpreadAndProtectedByADisruptionBudget() {
        OVERLAYS.values().forEach(overlay -> {
            Deployment cp = overlay.one(Deployment.class, CONTROL_PLANE);
            assertThat(cp.getSpec().getReplicas()).as(overlay.name()).isGreaterThanOrEqualTo(2);
            assertThat(cp.getSpec().getStrategy().getRollingUpdate().getMaxUnavailable().getIntVal()).isZero();
            PodSpec pod = cp.getSpec().getTemplate().getSpec();
            assertThat(pod.getTopologySpreadConstraints()).extracting(c -> c.getTopologyKey()).contains("kubernetes.io/hostname");
            pod.getTopologySpreadConstraints().forEach(c -> assertThat(c.getLabelSelector().getMatchLabels())
                    .isEqualTo(cp.getSpec().getSelector().getMatchLabels()));
            PodDisruptionBudget pdb = overlay.one(PodDisruptionBudget.class, CONTROL_PLANE);
            assertThat(pdb.getSpec().getSelector().getMatchLabels()).isEqualTo(cp.getSpec().getSelector().getMatchLabels());
            assertThat(pdb.getSpec().getMinAvailable().getIntVal()).isBetween(1, cp.getSpec().getReplicas() - 1);
            Service service = overlay.one(Service.class, CONTROL_PLANE);
            assertThat(service.getSpec().getSelector()).isEqualTo(cp.getSpec().getSelector().getMatchLabels());
        });
    }

    @Test
    void probesHitTheActuatorEndpointsTheApplicationsExpose() throws IOException {
        for (var app : Application.values()) {
            Map<String, Object> config = app.config();
            assertThat(path(config, "management.endpoint.health.probes.enabled")).as(app + " probes").isEqualTo(true);
            assertThat(String.valueOf(path(config, "management.endpoints.web.exposure.include"))).contains("health", "prometheus");
            assertThat(path(config, "management.endpoints.web.base-path")).isNull(); // so /actuator it is
            OVERLAYS.values().forEach(overlay -> {
                Deployment deployment = overlay.one(Deployment.class, app.deployment);
                Container c = deployment.getSpec().getTemplate().getSpec().getContainers().getFirst();
                // A server with an SSL bundle has no plaintext port: its probes must speak TLS.
                String scheme = path(config, "server.ssl.bundle") != null ? "HTTPS" : "HTTP";
                for (Probe probe : List.of(c.getStartupProbe(), c.getLivenessProbe(), c.getReadinessProbe())) {
                    assertThat(probe.getHttpGet().getScheme() == null ? "HTTP" : probe.getHttpGet().getScheme())
                            .as(overlay.name() + " " + app + " probe scheme").isEqualTo(scheme);
                }
                assertProbe(c.getStartupProbe(), "/actuator/health/liveness", c);
                assertProbe(c.getLivenessProbe(), "/actuator/health/liveness", c);
                assertProbe(c.getReadinessProbe(), "/actuator/health/readiness", c);
                int containerPort = c.getPorts().getFirst().getContainerPort();
                // The app listens where server.port says: ${<env>:default}; the manifest sets that env to the container port.
                Matcher port = Pattern.compile("\\$\\{([A-Z_]+):(\\d+)}").matcher(String.valueOf(path(config, "server.port")));
                assertThat(port.matches()).as(app + " server.port").isTrue();
                assertThat(env(c).get(port.group(1))).as(overlay.name() + " " + port.group(1)).isEqualTo(String.valueOf(containerPort));
                Map<String, String> annotations = deployment.getSpec().getTemplate().getMetadata().getAnnotations();
                assertThat(annotations).containsEntry("prometheus.io/path", "/actuator/prometheus")
                        .containsEntry("prometheus.io/port", String.valueOf(containerPort));
            });
        }
    }

    @Test
    void envNamesAndArgumentsAreOnesTheApplicationsRead() throws IOException {
        String externalDatabase = Files.readString(RenderedOverlay.REPOSITORY.resolve("db/src/main/java/dev/lmaas/platform/db/ExternalDatabase.java"));
        Set<String> nodeProperties = Arrays.stream(NodeProperties.class.getRecordComponents())
                .map(rc -> rc.getName().replaceAll("([A-Z])", "-$1").toLowerCase()).collect(Collectors.toSet());
        for (var app : Application.values()) {
            Set<String> placeholders = app.placeholders();
            OVERLAYS.values().forEach(overlay -> {
                Container c = overlay.one(Deployment.class, app.deployment).getSpec().getTemplate().getSpec().getContainers().getFirst();
                for (EnvVar e : c.getEnv()) {
                    boolean downwardApi = e.getValueFrom() != null && e.getValueFrom().getFieldRef() != null;
                    boolean read = placeholders.contains(e.getName()) || downwardApi
                            || (app == Application.CONTROL_PLANE && e.getName().equals("DATABASE_URL") && externalDatabase.contains("\"DATABASE_URL\""));
                    assertThat(read).as(overlay.name() + ": " + app + " does not read env " + e.getName()).isTrue();
                    if (downwardApi) {
                        assertThat(String.join(" ", c.getArgs())).as("downward env used").contains("$(" + e.getName() + ")");
                    }
                }
                for (String arg : c.getArgs() == null ? List.<String>of() : c.getArgs()) {
                    Matcher m = Pattern.compile("--lmaas\\.node\\.([a-z-]+)=.*").matcher(arg);
                    assertThat(m.matches() && app == Application.NODE && nodeProperties.contains(m.group(1)))
                            .as(overlay.name() + ": unknown argument " + arg).isTrue();
                }
            });
        }
    }

    @Test
    void nodesAdvertiseTheirPodAddressAndEnrollOnTheControlPlanesNodeLink() {
        OVERLAYS.values().forEach(overlay -> {
            Container c = overlay.one(Deployment.class, NODE).getSpec().getTemplate().getSpec().getContainers().getFirst();
            assertThat(c.getArgs()).contains("--lmaas.node.advertised-url=https://$(POD_IP):" + c.getPorts().getFirst().getContainerPort());
            assertThat(c.getEnv()).anySatisfy(e -> {
                assertThat(e.getName()).isEqualTo("POD_IP");
                assertThat(e.getValueFrom().getFieldRef().getFieldPath()).isEqualTo("status.podIP");
            });
            // The link Service's port leads to the container port the control plane serves the link on.
            Container cp = overlay.one(Deployment.class, CONTROL_PLANE).getSpec().getTemplate().getSpec().getContainers().getFirst();
            Service link = overlay.one(Service.class, NODE_LINK);
            assertThat(link.getSpec().getSelector()).isEqualTo(overlay.one(Service.class, CONTROL_PLANE).getSpec().getSelector());
            var linkPort = link.getSpec().getPorts().getFirst();
            assertThat(cp.getPorts()).anySatisfy(p -> {
                assertThat(p.getName()).isEqualTo(linkPort.getTargetPort().getStrVal());
                assertThat(String.valueOf(p.getContainerPort())).isEqualTo(env(cp).get("LMAAS_NODE_LINK_PORT"));
            });
            String url = "https://" + NODE_LINK + ":" + linkPort.getPort();
            assertThat(env(c).get("LMAAS_CONTROL_PLANE_URL")).isEqualTo(url);
            assertThat(env(cp).get("LMAAS_NODE_LINK_URL")).isEqualTo(url);
            // The name nodes dial must be a SAN of the link's server certificate.
            assertThat(env(cp).get("LMAAS_NODE_LINK_HOSTS").split(",")).contains(NODE_LINK);
            // Enrollment: a join token and the CA pin, both required (a node without them cannot join).
            for (String name : List.of("LMAAS_JOIN_TOKEN", "LMAAS_CONTROL_PLANE_CA_SHA256")) {
                assertThat(c.getEnv()).as(overlay.name() + " " + name).anySatisfy(e -> {
                    assertThat(e.getName()).isEqualTo(name);
                    assertThat(e.getValueFrom().getSecretKeyRef().getName()).isEqualTo("lmaas-node-enrollment");
                    assertThat(isOptionalSecret(e)).isFalse();
                });
            }
        });
    }

    @Test
    void imagesAreTheOnesTheBuildMakes() throws IOException {
        String version = tag(Files.readString(RenderedOverlay.REPOSITORY.resolve("pom.xml")), "version", 1);
        for (var app : Application.values()) {
            String imageName = tag(Files.readString(RenderedOverlay.REPOSITORY.resolve(app.module).resolve("pom.xml")), "image.name", 0);
            OVERLAYS.values().forEach(overlay -> assertThat(overlay.one(Deployment.class, app.deployment).getSpec().getTemplate()
                    .getSpec().getContainers().getFirst().getImage()).isEqualTo("lmaas/" + imageName + ":" + version));
        }
    }

    @Test
    void podsRunAsNonRootOnReadOnlyRootFilesystemsWithRequestsAndLimits() {
        OVERLAYS.values().forEach(overlay -> overlay.all(Deployment.class).forEach(d -> {
            PodSpec pod = d.getSpec().getTemplate().getSpec();
            assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
            assertThat(pod.getSecurityContext().getRunAsUser()).isEqualTo(65532L); // the image's user (Jib <user>)
            assertThat(pod.getAutomountServiceAccountToken()).isFalse();
            overlay.one(ServiceAccount.class, pod.getServiceAccountName());
            for (Container c : pod.getContainers()) {
                String what = overlay.name() + " " + d.getMetadata().getName();
                assertThat(c.getSecurityContext().getReadOnlyRootFilesystem()).as(what).isTrue();
                assertThat(c.getSecurityContext().getAllowPrivilegeEscalation()).as(what).isFalse();
                assertThat(c.getSecurityContext().getCapabilities().getDrop()).as(what).containsExactly("ALL");
                assertThat(c.getResources().getRequests()).as(what).containsKeys("cpu", "memory");
                assertThat(c.getResources().getLimits()).as(what).containsKey("memory");
                // The image's writable directories are volumes, since the root filesystem is read-only.
                assertThat(c.getVolumeMounts()).extracting(m -> m.getMountPath()).contains("/data", "/tmp");
            }
        }));
    }

    @Test
    void networkPoliciesLetOnlyTheControlPlaneReachNodesAndTheDatabase() {
        OVERLAYS.values().forEach(overlay -> {
            Map<String, String> cpLabels = overlay.one(Deployment.class, CONTROL_PLANE).getSpec().getTemplate().getMetadata().getLabels();
            NetworkPolicy nodes = overlay.one(NetworkPolicy.class, NODE);
            assertThat(nodes.getSpec().getPodSelector().getMatchLabels())
                    .isEqualTo(overlay.one(Deployment.class, NODE).getSpec().getSelector().getMatchLabels());
            List<NetworkPolicyPeer> nodePeers = nodes.getSpec().getIngress().stream().flatMap(r -> r.getFrom().stream()).toList();
            // Node endpoints other than the probes answer only the control plane's certificate: no other peer.
            assertThat(nodePeers).isNotEmpty().allSatisfy(peer -> assertThat(selects(peer, cpLabels)).as("node ingress peer " + peer).isTrue());
            // The control plane's node-link port: only from node pods.
            Map<String, String> nodePodLabels = overlay.one(Deployment.class, NODE).getSpec().getTemplate().getMetadata().getLabels();
            int linkPort = overlay.one(Service.class, NODE_LINK).getSpec().getPorts().getFirst().getPort();
            var cpRules = overlay.one(NetworkPolicy.class, CONTROL_PLANE).getSpec().getIngress();
            assertThat(cpRules.stream().filter(r -> r.getPorts().stream().anyMatch(p -> p.getPort().getIntVal() == linkPort)).toList())
                    .isNotEmpty().allSatisfy(r -> assertThat(r.getFrom()).isNotEmpty()
                            .allSatisfy(peer -> assertThat(selects(peer, nodePodLabels)).as("node-link peer " + peer).isTrue()));
            NetworkPolicy db = overlay.one(NetworkPolicy.class, "lmaas-db");
            assertThat(db.getSpec().getPodSelector().getMatchLabels()).containsEntry("cnpg.io/cluster", "lmaas-db");
            List<NetworkPolicyPeer> dbPeers = db.getSpec().getIngress().stream().flatMap(r -> r.getFrom().stream()).toList();
            assertThat(dbPeers).anySatisfy(peer -> assertThat(selects(peer, cpLabels)).isTrue());
            assertThat(dbPeers).allSatisfy(peer -> assertThat(selects(peer, cpLabels)
                    || selects(peer, Map.of("cnpg.io/cluster", "lmaas-db")) || isNamespace(peer, "cnpg-system")).as("db peer " + peer).isTrue());
            // Every peer that could be a node is refused by the database policy.
            Map<String, String> nodeLabels = overlay.one(Deployment.class, NODE).getSpec().getTemplate().getMetadata().getLabels();
            assertThat(dbPeers).noneSatisfy(peer -> assertThat(selects(peer, nodeLabels)).isTrue());
        });
    }

    @Test
    void secretsAreReferencedNeverCommitted() throws IOException {
        String createSecrets = Files.readString(RenderedOverlay.K8S.resolve("create-secrets.sh"));
        OVERLAYS.values().forEach(overlay -> {
            assertThat(overlay.all(Secret.class)).as(overlay.name() + ": a Secret in git").isEmpty();
            overlay.all(Deployment.class).forEach(d -> d.getSpec().getTemplate().getSpec().getContainers().forEach(c -> c.getEnv().stream()
                    .filter(e -> e.getValueFrom() != null && e.getValueFrom().getSecretKeyRef() != null).forEach(e -> {
                        var ref = e.getValueFrom().getSecretKeyRef();
                        assertThat(SECRETS).contains(ref.getName());
                        if (ref.getName().equals("lmaas-secrets") && !Boolean.TRUE.equals(ref.getOptional())) {
                            assertThat(createSecrets).as("create-secrets.sh makes " + ref.getKey()).contains(ref.getKey() + "=");
                        }
                    })));
            Container cp = overlay.one(Deployment.class, CONTROL_PLANE).getSpec().getTemplate().getSpec().getContainers().getFirst();
            assertThat(cp.getEnv()).extracting(EnvVar::getName).contains("LMAAS_KEY_PEPPER", "LMAAS_MASTER_KEY", "DATABASE_URL")
                    .doesNotContain("LMAAS_CLUSTER_SECRET");
            assertThat(createSecrets).doesNotContain("cluster-secret");
            // The cluster CA's files: paths into a Secret volume that create-secrets.sh makes, shared by all replicas.
            PodSpec pod = overlay.one(Deployment.class, CONTROL_PLANE).getSpec().getTemplate().getSpec();
            for (String name : List.of("LMAAS_NODE_CA_CERT", "LMAAS_NODE_CA_KEY")) {
                String file = env(cp).get(name);
                assertThat(file).as(name).isNotNull();
                var mount = cp.getVolumeMounts().stream().filter(m -> file.startsWith(m.getMountPath() + "/")).findFirst().orElseThrow();
                var volume = pod.getVolumes().stream().filter(v -> v.getName().equals(mount.getName())).findFirst().orElseThrow();
                assertThat(volume.getSecret()).as(name + " from a Secret (an emptyDir is per pod)").isNotNull();
                assertThat(createSecrets).contains("create secret generic " + volume.getSecret().getSecretName())
                        .contains(file.substring(mount.getMountPath().length() + 1) + "=");
            }
        });
    }

    @Test
    void productionNodesAutoscaleOnAMetricTheControlPlaneExportsWithinTheJoinTokensUses() throws IOException {
        // Dev: one node, no autoscaler (KEDA and Prometheus are not assumed there).
        RenderedOverlay dev = OVERLAYS.get("dev");
        assertThat(dev.objects()).noneMatch(o -> o.getKind().equals("ScaledObject"));
        assertThat(dev.one(Deployment.class, NODE).getSpec().getReplicas()).isEqualTo(1);

        RenderedOverlay production = OVERLAYS.get("production");
        GenericKubernetesResource scaled = production.custom("ScaledObject", NODE);
        assertThat(nested(scaled, "spec", "scaleTargetRef", "name")).isEqualTo(NODE);
        int min = ((Number) nested(scaled, "spec", "minReplicaCount")).intValue();
        int max = ((Number) nested(scaled, "spec", "maxReplicaCount")).intValue();
        assertThat(min).isGreaterThanOrEqualTo(2).isEqualTo(production.one(Deployment.class, NODE).getSpec().getReplicas());
        @SuppressWarnings("unchecked")
        Map<String, Object> trigger = ((List<Map<String, Object>>) nested(scaled, "spec", "triggers")).getFirst();
        assertThat(trigger).containsEntry("type", "prometheus");
        @SuppressWarnings("unchecked")
        String query = (String) ((Map<String, Object>) trigger.get("metadata")).get("query");
        // The metric exists: the control plane registers it (Micrometer's Prometheus name of lmaas.nodes.work) ...
        Matcher metric = Pattern.compile("(lmaas_[a-z_]+)\\{namespace=\"([a-z0-9-]+)\"}").matcher(query);
        assertThat(metric.find()).as(query).isTrue();
        String registry = Files.readString(RenderedOverlay.REPOSITORY.resolve("platform-api/src/main/java/dev/lmaas/platform/api/nodes/NodeRegistry.java"));
        assertThat(registry).contains("\"" + metric.group(1).replace('_', '.') + "\"");
        assertThat(metric.group(2)).isEqualTo(production.one(Deployment.class, NODE).getMetadata().getNamespace());
        // ... and is scraped: Prometheus reaches the control plane with the metrics token the Secret holds.
        Container cp = production.one(Deployment.class, CONTROL_PLANE).getSpec().getTemplate().getSpec().getContainers().getFirst();
        EnvVar token = cp.getEnv().stream().filter(e -> e.getName().equals("LMAAS_METRICS_TOKEN")).findFirst().orElseThrow();
        assertThat(token.getValueFrom().getSecretKeyRef().getName()).isEqualTo("lmaas-secrets");
        assertThat(Files.readString(RenderedOverlay.REPOSITORY.resolve("deploy/k8s/create-secrets.sh")))
                .contains("'" + token.getValueFrom().getSecretKeyRef().getKey() + "=");
        // Every pod the autoscaler may start can enroll: the token issue-join-token.sh makes admits at least max pods.
        Matcher uses = Pattern.compile("max_uses=\\$\\{4:-(\\d+)}").matcher(Files.readString(RenderedOverlay.REPOSITORY.resolve("deploy/k8s/issue-join-token.sh")));
        assertThat(uses.find()).as("issue-join-token.sh's default max_uses").isTrue();
        assertThat(Integer.parseInt(uses.group(1))).isGreaterThanOrEqualTo(2 * max);
    }

    @Test
    void databaseIsACloudNativePgClusterWithBackupsInProduction() {
        GenericKubernetesResource dev = OVERLAYS.get("dev").custom("Cluster", "lmaas-db");
        assertThat(nested(dev, "spec", "instances")).isEqualTo(1);
        assertThat(nested(dev, "spec", "bootstrap", "initdb", "owner")).isEqualTo("app"); // -> Secret lmaas-db-app
        RenderedOverlay production = OVERLAYS.get("production");
        GenericKubernetesResource prod = production.custom("Cluster", "lmaas-db");
        assertThat(nested(prod, "spec", "instances")).isEqualTo(3);
        assertThat((Integer) nested(prod, "spec", "minSyncReplicas")).isGreaterThanOrEqualTo(1);
        assertThat(nested(prod, "spec", "backup", "barmanObjectStore", "wal")).as("WAL archiving").isNotNull();
        assertThat((String) nested(prod, "spec", "backup", "barmanObjectStore", "destinationPath")).startsWith("s3://");
        GenericKubernetesResource nightly = production.custom("ScheduledBackup", "lmaas-db-nightly");
        assertThat(nested(nightly, "spec", "cluster", "name")).isEqualTo("lmaas-db");
        assertThat(((String) nested(nightly, "spec", "schedule")).split(" ")).hasSize(6);
    }

    // --- helpers

    enum Application {
        CONTROL_PLANE("platform-api", KubernetesManifestsTest.CONTROL_PLANE, "src/main/resources/application.yaml"),
        NODE("inference-node/server", KubernetesManifestsTest.NODE, "src/main/resources/application.yaml");

        final String module;
        final String deployment;
        final String config;

        Application(String module, String deployment, String config) {
            this.module = module;
            this.deployment = deployment;
            this.config = config;
        }

        Path configFile() {
            return RenderedOverlay.REPOSITORY.resolve(module).resolve(config);
        }

        Map<String, Object> config() throws IOException {
            return new Yaml().load(Files.readString(configFile()));
        }

        /** The environment variables the configuration reads: every ${NAME} or ${NAME:default}. */
        Set<String> placeholders() {
            try {
                Matcher m = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*)[:}]").matcher(Files.readString(configFile()));
                return m.results().map(r -> r.group(1)).collect(Collectors.toSet());
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    static void assertProbe(Probe probe, String path, Container c) {
        assertThat(probe).as(c.getName() + " probe for " + path).isNotNull();
        assertThat(probe.getHttpGet().getPath()).isEqualTo(path);
        Object port = probe.getHttpGet().getPort().getStrVal() != null ? probe.getHttpGet().getPort().getStrVal() : probe.getHttpGet().getPort().getIntVal();
        assertThat(c.getPorts()).anySatisfy(p -> assertThat(port).isIn(p.getName(), p.getContainerPort()));
    }

    static Map<String, String> env(Container c) {
        Map<String, String> env = new HashMap<>();
        c.getEnv().stream().filter(e -> e.getValue() != null).forEach(e -> env.put(e.getName(), e.getValue()));
        return env;
    }

    static boolean isOptionalSecret(EnvVar e) {
        return e.getValueFrom() != null && e.getValueFrom().getSecretKeyRef() != null
                && Boolean.TRUE.equals(e.getValueFrom().getSecretKeyRef().getOptional());
    }

    static boolean selects(NetworkPolicyPeer peer, Map<String, String> podLabels) {
        return peer.getNamespaceSelector() == null && peer.getIpBlock() == null && peer.getPodSelector() != null
                && peer.getPodSelector().getMatchExpressions().isEmpty()
                && podLabels.entrySet().containsAll(peer.getPodSelector().getMatchLabels().entrySet())
                && !peer.getPodSelector().getMatchLabels().isEmpty();
    }

    static boolean isNamespace(NetworkPolicyPeer peer, String namespace) {
        return peer.getPodSelector() == null && peer.getIpBlock() == null && peer.getNamespaceSelector() != null
                && Map.of("kubernetes.io/metadata.name", namespace).equals(peer.getNamespaceSelector().getMatchLabels());
    }

    static Object path(Map<String, Object> config, String dotted) {
        Object at = config;
        for (String key : dotted.split("\\.")) {
            if (!(at instanceof Map<?, ?> map)) {
                return null;
            }
            at = map.get(key);
        }
        return at;
    }

    static Object nested(GenericKubernetesResource resource, String... keys) {
        Object at = resource.getAdditionalProperties();
        for (String key : keys) {
            at = at instanceof Map<?, ?> map ? map.get(key) : null;
        }
        return at;
    }

    /** The n-th (0-based) {@code <tag>value</tag>} of a pom. */
    static String tag(String pom, String tag, int n) {
        Matcher m = Pattern.compile("<" + Pattern.quote(tag) + ">([^<]+)</" + Pattern.quote(tag) + ">").matcher(pom);
        for (int i = 0; i <= n; i++) {
            assertThat(m.find()).as("<" + tag + "> #" + i).isTrue();
        }
        return m.group(1);
    }
}
