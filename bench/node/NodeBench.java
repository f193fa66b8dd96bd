import dev.lmaas.node.protocol.InferenceParameters;
import dev.lmaas.node.runtime.OnnxRuntimeEngine;
import dev.lmaas.node.task.embedding.EmbeddingModel;
import dev.lmaas.node.task.embedding.Pooling;
import dev.lmaas.node.tokenize.EncodedText;
import dev.lmaas.node.tokenize.TextTokenizer;
import dev.lmaas.node.tokenize.TokenizerNatives;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * Node benchmark (not a test): the raw in-process ONNX Runtime loop at its best batch size versus the
 * running node over HTTP under concurrent load, for MiniLM fp32 and int8 at ~32 and ~128 tokens.
 * Started by bench/node/run.sh, which builds, starts the node and passes its URL and the directory of
 * the client's certificate files (client.crt, client.key, ca.crt: the node link's mTLS).
 *
 * <p>Arguments: nodeUrl tlsDir workDir reportFile secondsPerRun [rounds [model,model...]]
 */
public class NodeBench {

    static final int[] RAW_BATCHES = {1, 8, 16, 32, 64};
    static int rounds = 3;
    /** Node load shapes: inputs per request x concurrent clients. */
    static final int[][] NODE_SHAPES = {{1, 64}, {16, 8}, {32, 4}};
    static final String[] WORDS = ("time people way year work world life hand part child eye place week case point government company "
            + "number group problem fact night home water room mother area money story month lot right study book job word "
            + "business issue side kind head house service friend father power hour game line end member law car city community "
            + "name president team minute idea kid body information back parent face others level office door health person "
            + "art war history party result change morning reason research girl guy moment air teacher force education").split(" ");

    /** Chinese inputs for the Chinese models: common two-character words (bge-small-zh's tokenizer gives one token per Han character). */
    static final String[] ZH_WORDS = ("时间 工作 世界 生活 公司 问题 国家 朋友 学校 老师 学生 城市 手机 电脑 天气 价格 服务 质量 产品 市场 "
            + "经济 发展 技术 文化 历史 医院 银行 飞机 火车 酒店 餐厅 味道 音乐 电影 新闻 政府 社会 家庭 孩子 父母 "
            + "健康 运动 比赛 旅游 机场 地铁 网站 软件 数据 系统 方法 结果 原因 希望 认为 喜欢 需要 开始 结束 今天").split(" ");

    /** A model the bench knows: its id on the node, its resource in the jars, its pooling and the language of its inputs. */
    record Model(String id, String resource, Pooling pooling, String language) {
        static final List<Model> KNOWN = List.of(
                new Model("all-minilm-l6-v2", "all-minilm-l6-v2", Pooling.MEAN, "en"),
                new Model("all-minilm-l6-v2-int8", "all-minilm-l6-v2-q", Pooling.MEAN, "en"),
                new Model("bge-small-zh-v1.5", "bge-small-zh-v1.5", Pooling.CLS, "zh"),
                new Model("bge-small-zh-v1.5-int8", "bge-small-zh-v1.5-q", Pooling.CLS, "zh"));

        static Model named(String id) {
            return KNOWN.stream().filter(m -> m.id().equals(id)).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("unknown model " + id + "; known: " + KNOWN.stream().map(Model::id).toList()));
        }
    }

    record Figures(double perSecond, double p50Millis, double p99Millis, String shape) {
    }

    public static void main(String[] args) throws Exception {
        String nodeUrl = args[0];
        SSLContext tls = tls(Path.of(args[1]));
        Path work = Path.of(args[2]);
        Path report = Path.of(args[3]);
        double seconds = Double.parseDouble(args[4]);
        rounds = args.length > 5 ? Integer.parseInt(args[5]) : 3;
        List<Model> models = Arrays.stream((args.length > 6 ? args[6] : "all-minilm-l6-v2,all-minilm-l6-v2-int8").split(","))
                .map(String::trim).map(Model::named).toList();
        TokenizerNatives.prepare(work.resolve("cache"));
        StringBuilder table = new StringBuilder();
        table.append("| model | tokens/input | raw best batch | raw emb/s | raw batch p50 / p99 ms | node load (inputs/request x clients) | node emb/s | node p50 / p99 ms | node/raw |\n");
        table.append("|---|---|---|---|---|---|---|---|---|\n");
        for (Model model : models) {
            EmbeddingModel raw = open(model, work);
            for (int words : new int[] {30, 126}) {
                List<String> texts = model.language().equals("zh") ? texts(ZH_WORDS, "", words / 2, 512, words * 31L)
                        : texts(WORDS, " ", words, 512, words * 31L);
                List<EncodedText> encoded = texts.stream().map(t -> raw.prepare(t, true, InferenceParameters.NONE).encoded()).toList();
                double tokens = encoded.stream().mapToInt(EncodedText::length).average().orElseThrow();
                // 1. Find the raw limit's batch size with a short sweep.
                int bestBatch = 1;
                double best = 0;
                for (int batch : RAW_BATCHES) {
                    Figures f = raw(raw, encoded, batch, Math.min(seconds, 1.5));
                    System.out.printf(Locale.ROOT, "%-22s %5.0f tok  sweep raw batch %-3d %8.1f emb/s%n", model.id(), tokens, batch, f.perSecond());
                    if (f.perSecond() > best) {
                        best = f.perSecond();
                        bestBatch = batch;
                    }
                }
                // 2. Interleave raw and node runs: the machine's speed drifts (shared host), so each
                //    ratio compares measurements taken minutes, not hours, apart; medians of the rounds.
                // Long inputs mean long batches: a longer window keeps the count of answers meaningful.
                double window = words > 64 ? seconds * 5 / 3 : seconds;
                List<Figures> raws = new ArrayList<>();
                List<List<Figures>> nodes = new ArrayList<>();
                for (int[] ignored : NODE_SHAPES) {
                    nodes.add(new ArrayList<>());
                }
                for (int round = 0; round < rounds; round++) {
                    raws.add(raw(raw, encoded, bestBatch, window));
                    for (int s = 0; s < NODE_SHAPES.length; s++) {
                        nodes.get(s).add(node(nodeUrl, tls, model.id(), texts, NODE_SHAPES[s][0], NODE_SHAPES[s][1], window));
                    }
                }
                Figures rawMedian = median(raws);
                System.out.printf(Locale.ROOT, "%-22s %5.0f tok  raw %-10s %8.1f emb/s  p50 %7.2f ms  p99 %7.2f ms%n",
                        model.id(), tokens, rawMedian.shape(), rawMedian.perSecond(), rawMedian.p50Millis(), rawMedian.p99Millis());
                for (List<Figures> runs : nodes) {
                    Figures f = median(runs);
                    double ratio = f.perSecond() / rawMedian.perSecond();
                    System.out.printf(Locale.ROOT, "%-22s %5.0f tok  node %-9s %8.1f emb/s  p50 %7.2f ms  p99 %7.2f ms  node/raw %.2f%n",
                            model.id(), tokens, f.shape(), f.perSecond(), f.p50Millis(), f.p99Millis(), ratio);
                    table.append(String.format(Locale.ROOT, "| %s | %.0f | %s | %.1f | %.2f / %.2f | %s | %.1f | %.2f / %.2f | **%.2f** |%n",
                            model.id(), tokens, rawMedian.shape(), rawMedian.perSecond(), rawMedian.p50Millis(), rawMedian.p99Millis(),
                            f.shape(), f.perSecond(), f.p50Millis(), f.p99Millis(), ratio));
                }
            }
            raw.close();
        }
        Files.writeString(report, Files.readString(report) + table);
    }

    static EmbeddingModel open(Model model, Path work) throws Exception {
        Path onnx = extract(model.resource() + ".onnx", work);
        Path tokenizer = extract(model.resource() + "-tokenizer.json", work);
        return new EmbeddingModel(new OnnxRuntimeEngine(Runtime.getRuntime().availableProcessors()).open(onnx),
                TextTokenizer.load(tokenizer, 256), model.pooling());
    }

    static Path extract(String name, Path work) throws Exception {
        Path target = work.resolve(name);
        if (!Files.exists(target)) {
            Files.createDirectories(work);
            try (InputStream in = NodeBench.class.getClassLoader().getResourceAsStream(name)) {
                Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
            }
        }
        return target;
    }

    static List<String> texts(String[] vocabulary, String separator, int words, int count, long seed) {
        Random random = new Random(seed);
        List<String> texts = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            StringBuilder sb = new StringBuilder();
            for (int w = 0; w < words; w++) {
                sb.append(w == 0 ? "" : separator).append(vocabulary[random.nextInt(vocabulary.length)]);
            }
            texts.add(sb.toString());
        }
        return texts;
    }

    /** The limit: one thread calling the session back to back with ready-made batches, no tokenizing, no HTTP. */
    static Figures raw(EmbeddingModel model, List<EncodedText> encoded, int batch, double seconds) {
        int offset = 0;
        long warmUntil = System.nanoTime() + 500_000_000L;
        while (System.nanoTime() < warmUntil) {
            model.embed(slice(encoded, offset++, batch));
        }
        List<Long> latencies = new ArrayList<>();
        long start = System.nanoTime();
        long end = start + (long) (seconds * 1e9);
        long done = 0;
        while (System.nanoTime() < end) {
            long t = System.nanoTime();
            model.embed(slice(encoded, offset++, batch));
            latencies.add(System.nanoTime() - t);
            done += batch;
        }
        double elapsed = (System.nanoTime() - start) / 1e9;
        return new Figures(done / elapsed, percentile(latencies, 0.50), percentile(latencies, 0.99), "batch " + batch);
    }

    static List<EncodedText> slice(List<EncodedText> all, int offset, int size) {
        List<EncodedText> out = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            out.add(all.get((offset * size + i) % all.size()));
        }
        return out;
    }

    /** Concurrent clients, each sending requests back to back over the mTLS link; counts embeddings answered with 200. */
    /** TLS 1.3 with the control plane's kind of client certificate, trusting the (bench) cluster CA only. */
    static SSLContext tls(Path dir) throws Exception {
        CertificateFactory cf = CertificateFactory.getInstance("X.509");
        X509Certificate cert;
        X509Certificate ca;
        try (var in = Files.newInputStream(dir.resolve("client.crt"))) {
            cert = (X509Certificate) cf.generateCertificate(in);
        }
        try (var in = Files.newInputStream(dir.resolve("ca.crt"))) {
            ca = (X509Certificate) cf.generateCertificate(in);
        }
        String pem = Files.readString(dir.resolve("client.key"));
        byte[] der = Base64.getMimeDecoder().decode(pem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", ""));
        PrivateKey key = KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(der));
        char[] password = java.util.UUID.randomUUID().toString().toCharArray(); // per run: an in-memory keystore only
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        ks.setKeyEntry("client", key, password, new Certificate[] {cert});
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, password);
        KeyStore ts = KeyStore.getInstance("PKCS12");
        ts.load(null, null);
        ts.setCertificateEntry("ca", ca);
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(ts);
        SSLContext c = SSLContext.getInstance("TLSv1.3");
        c.init(kmf.getKeyManagers(), tmf.getTrustManagers(), null);
        return c;
    }

    static Figures node(String url, SSLContext tls, String model, List<String> texts, int perRequest, int clients, double seconds)
            throws Exception {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).sslContext(tls).build();
        List<byte[]> bodies = new ArrayList<>();
        for (int i = 0; i < 256; i++) {
            StringBuilder inputs = new StringBuilder();
            for (int j = 0; j < perRequest; j++) {
                inputs.append(j == 0 ? "" : ",").append('"').append(texts.get((i * perRequest + j) % texts.size())).append('"');
            }
            bodies.add(("{\"requestId\":\"bench-" + i + "\",\"tenantId\":\"bench-" + (i % 4) + "\",\"model\":\"" + model
                    + "\",\"inputs\":[" + inputs + "],\"truncate\":true}").getBytes(StandardCharsets.UTF_8));
        }
        URI uri = URI.create(url + "/internal/v1/infer");
        AtomicLong embeddings = new AtomicLong();
        AtomicLong failures = new AtomicLong();
        List<Long> latencies = java.util.Collections.synchronizedList(new ArrayList<>());
        long warmUntil = System.nanoTime() + 1_500_000_000L;
        long start = warmUntil;
        long end = start + (long) (seconds * 1e9);
        CountDownLatch finished = new CountDownLatch(clients);
        for (int c = 0; c < clients; c++) {
            int client = c;
            Thread.ofVirtual().start(() -> {
                int i = client;
                try {
                    while (true) {
                        long t = System.nanoTime();
                        if (t >= end) {
                            break;
                        }
                        byte[] body = bodies.get(i++ % bodies.size());
                        HttpRequest request = HttpRequest.newBuilder(uri)
                                .header("Content-Type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
                        HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
                        long done = System.nanoTime();
                        long took = done - t;
                        // Steady state: count what completes inside the window, whenever it was sent.
                        if (done >= start && done < end) {
                            if (response.statusCode() == 200) {
                                embeddings.addAndGet(perRequest);
                                latencies.add(took);
                            } else {
                                failures.incrementAndGet();
                            }
                        }
                    }
                } catch (Exception e) {
                    failures.incrementAndGet();
                } finally {
                    finished.countDown();
                }
            });
        }
        finished.await(); // every client has its last answer, so nothing spills into the next measurement
        double elapsed = (end - start) / 1e9;
        if (failures.get() > 0) {
            System.out.println("  (" + failures.get() + " failed requests)");
        }
        return new Figures(embeddings.get() / elapsed, percentile(latencies, 0.50), percentile(latencies, 0.99), perRequest + "x" + clients);
    }

    /** The run with the median throughput of the rounds (its latencies come with it). */
    static Figures median(List<Figures> runs) {
        List<Figures> sorted = new ArrayList<>(runs);
        sorted.sort(java.util.Comparator.comparingDouble(Figures::perSecond));
        return sorted.get(sorted.size() / 2);
    }

    static double percentile(List<Long> nanos, double p) {
        long[] sorted = nanos.stream().mapToLong(Long::longValue).toArray();
        if (sorted.length == 0) {
            return Double.NaN;
        }
        Arrays.sort(sorted);
        return sorted[Math.min(sorted.length - 1, (int) Math.floor(p * sorted.length))] / 1e6;
    }
}
