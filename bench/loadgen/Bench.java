import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;

/**
 * A small closed-loop HTTP/1.1 load generator for the LMaaS benchmarks, one file, no dependencies:
 * {@code java Bench.java <mode> [options]}. Each worker owns one keep-alive connection and sends its
 * next request when the previous answer has been read completely, so "concurrency" is the number of
 * requests in flight. Every request is built fresh with a unique request id. Node targets
 * ({@code https://.../internal/...}) are reached like the control plane reaches them: TLS 1.3 with a
 * client certificate of the cluster CA naming the control plane, trusting that CA only, the node's
 * address checked against its certificate; the handshake happens once per keep-alive connection (as
 * in the control plane's pooled client), so every later request pays record encryption only.
 *
 * <pre>
 * bench  --target NAME=URL[|URL2...] ... --concurrency 1,4,16 --runs 3 --warmup 2 --seconds 8 [--out FILE.md] [--raw FILE.tsv]
 *        runs every target at every concurrency, interleaved (run r: c1: A B C, c4: A B C, ...), prints medians;
 *        [--compare NAME[,NAME2...]] then compares each named target with every other, run by run (default: the last)
 * load   --target NAME=URL --concurrency 8 --seconds 20 [--timeline FILE.tsv] [--log FILE.tsv] [--stamp FILE] [--max-requests N]
 *        steady load on one target; per-second status counts, and optionally one line per request
 *        (id, status, start ms since the load began, latency ms; --stamp writes the load's start as epoch ms)
 * common --key-file F (bearer key for /v1 targets)
 *        --client-cert F --client-key F --ca-cert F (PEM: a client certificate of the cluster CA, its unencrypted
 *        PKCS#8 key, the CA; for https targets; or env LMAAS_BENCH_CLIENT_CERT / _CLIENT_KEY / _CA_CERT). File
 *        names only: no key material or password is ever given on the command line.
 *        --model M (default all-minilm-l6-v2-int8) --input TEXT (default a short sentence) --id-prefix P
 *        --body JSON (a fixed body for /v1 targets instead of the embeddings one: other endpoints)
 *        --body.NAME JSON (the body of target NAME only; several endpoints in one interleaved run)
 *        --cpu LABEL=PID or LABEL=tree:PID (bench mode, repeatable): the CPU time (user + system, from
 *        /proc) that process (tree: with all its descendants, e.g. PostgreSQL's postmaster and backends;
 *        PID self: this load generator) spends during each timed point, divided by the point's answered
 *        requests: CPU ms per request per target. Points run one after the other, so a process's CPU in a
 *        point is that target's cost. With several groups the table adds their sum (the machine's CPU per
 *        request, as far as the groups cover it).
 * </pre>
 */
public class Bench {

    /** One named target; several URLs (NAME=URL1|URL2) spread the workers over them, as a load balancer would. */
    record Target(String name, List<URI> uris) {
        URI uri() {
            return uris.getFirst();
        }

        URI uri(int worker) {
            return uris.get(worker % uris.size());
        }

        boolean node() {
            return uri().getPath().startsWith("/internal/");
        }
    }

    record Result(String target, int concurrency, int run, long ok, long errors, double seconds, long[] latenciesNanos,
                  Map<Integer, Long> statuses, Map<String, Double> cpuMsPerRequest) {
        double throughput() {
            return ok / seconds;
        }

        double pct(double p) {
            if (latenciesNanos.length == 0) {
                return Double.NaN;
            }
            int i = (int) Math.ceil(p / 100.0 * latenciesNanos.length) - 1;
            return latenciesNanos[Math.max(0, Math.min(latenciesNanos.length - 1, i))] / 1e6;
        }
    }

    static final Map<String, String> opts = new LinkedHashMap<>();
    static final List<Target> targets = new ArrayList<>();
    /** --cpu LABEL=PID|tree:PID, in the order given. */
    static final Map<String, String> cpuGroups = new LinkedHashMap<>();
    static String key;
    static SSLContext tls;
    static String model;
    static String input;
    /** A fixed JSON body for /v1 targets (--body), instead of {"model": M, "input": [TEXT]}: other endpoints. */
    static String body;
    static String idPrefix;
    static final AtomicLong seq = new AtomicLong();

    public static void main(String[] args) throws Exception {
        if (args.length == 0) {
            System.err.println("usage: java Bench.java bench|load --target NAME=URL ... (see the source header)");
            System.exit(2);
        }
        String mode = args[0];
        for (int i = 1; i < args.length; i++) {
            String a = args[i];
            if (!a.startsWith("--") || i + 1 >= args.length) {
                throw new IllegalArgumentException("bad argument " + a);
            }
            String v = args[++i];
            if (a.equals("--cpu")) {
                int eq = v.indexOf('=');
                cpuGroups.put(v.substring(0, eq), v.substring(eq + 1));
            } else if (a.equals("--target")) {
                int eq = v.indexOf('=');
                targets.add(new Target(v.substring(0, eq), Arrays.stream(v.substring(eq + 1).split("\\|")).map(URI::create).toList()));
            } else {
                opts.put(a.substring(2), v);
            }
        }
        for (Target t : targets) {
            for (URI u : t.uris()) {
                if (!"127.0.0.1".equals(u.getHost()) && !"localhost".equals(u.getHost())) {
                    throw new IllegalArgumentException("loopback targets only: " + u);
                }
            }
        }
        key = opts.containsKey("key-file") ? Files.readString(Path.of(opts.get("key-file"))).trim() : null;
        if (opts.containsKey("secret-file")) {
            // The node link has no shared secret any more; a stale script must fail loudly, not send unauthenticated requests.
            throw new IllegalArgumentException("--secret-file is gone: node targets need --client-cert/--client-key/--ca-cert (mTLS)");
        }
        tls = tlsContext();
        for (Target t : targets) {
            for (URI u : t.uris()) {
                if ("https".equals(u.getScheme()) && tls == null) {
                    throw new IllegalArgumentException("https target " + u + " needs --client-cert, --client-key and --ca-cert");
                }
            }
        }
        model = opts.getOrDefault("model", "all-minilm-l6-v2-int8");
        input = opts.getOrDefault("input", "The quick brown fox jumps over the lazy dog.");
        body = opts.get("body");
        idPrefix = opts.getOrDefault("id-prefix", "bench-" + Long.toHexString(System.currentTimeMillis()));
        switch (mode) {
            case "bench" -> bench();
            case "load" -> load();
            default -> throw new IllegalArgumentException("unknown mode " + mode);
        }
    }

    // ---------------------------------------------------------------- bench mode

    static void bench() throws Exception {
        int[] concurrencies = Arrays.stream(opts.getOrDefault("concurrency", "1,4,16").split(",")).mapToInt(Integer::parseInt).toArray();
        int runs = Integer.parseInt(opts.getOrDefault("runs", "3"));
        double warmup = Double.parseDouble(opts.getOrDefault("warmup", "2"));
        double seconds = Double.parseDouble(opts.getOrDefault("seconds", "8"));
        long maxRequests = Long.parseLong(opts.getOrDefault("max-requests", "500000"));
        List<Result> results = new ArrayList<>();
        PrintWriter raw = opts.containsKey("raw") ? new PrintWriter(Files.newBufferedWriter(Path.of(opts.get("raw")))) : null;
        if (raw != null) {
            raw.println("target\tconcurrency\trun\tok\terrors\tseconds\trps\tp50_ms\tp90_ms\tp99_ms\tstatuses" + (cpuGroups.isEmpty() ? "" : "\tcpu_ms_per_request"));
        }
        // One untimed pass per target first: JIT of the generator and of every server on the way.
        for (Target t : targets) {
            run(t, Math.max(4, concurrencies[concurrencies.length - 1]), 0, Math.max(2, warmup * 2), maxRequests, null, null);
        }
        for (int r = 1; r <= runs; r++) {
            for (int c : concurrencies) {
                for (Target t : targets) {
                    run(t, c, 0, warmup, maxRequests, null, null);
                    Map<String, Long> cpuBefore = cpuTicks();
                    Result res = run(t, c, r, seconds, maxRequests, null, null);
                    Map<String, Long> cpuAfter = cpuTicks();
                    cpuBefore.forEach((label, ticks) -> res.cpuMsPerRequest().put(label,
                            res.ok() == 0 ? Double.NaN : (cpuAfter.get(label) - ticks) * 1000.0 / CLOCK_TICKS / res.ok()));
                    results.add(res);
                    System.err.printf(Locale.ROOT, "run %d c=%-3d %-8s %8.1f req/s  p50 %7.2f ms  p99 %7.2f ms  errors %d %s%s%n",
                            r, c, t.name(), res.throughput(), res.pct(50), res.pct(99), res.errors(), res.statuses(),
                            res.cpuMsPerRequest().isEmpty() ? "" : "  cpu ms/req " + res.cpuMsPerRequest());
                    if (raw != null) {
                        raw.printf(Locale.ROOT, "%s\t%d\t%d\t%d\t%d\t%.3f\t%.1f\t%.3f\t%.3f\t%.3f\t%s", t.name(), c, r, res.ok(), res.errors(),
                                res.seconds(), res.throughput(), res.pct(50), res.pct(90), res.pct(99), res.statuses());
                        if (!cpuGroups.isEmpty()) {
                            raw.print("\t" + res.cpuMsPerRequest());
                        }
                        raw.println();
                        raw.flush();
                    }
                }
            }
        }
        if (raw != null) {
            raw.close();
        }
        String md = summary(results, concurrencies, runs);
        System.out.println(md);
        if (opts.containsKey("out")) {
            Files.writeString(Path.of(opts.get("out")), md);
        }
    }

    static double median(List<Double> xs) {
        List<Double> s = new ArrayList<>(xs);
        s.sort(null);
        int n = s.size();
        return n == 0 ? Double.NaN : n % 2 == 1 ? s.get(n / 2) : (s.get(n / 2 - 1) + s.get(n / 2)) / 2;
    }

    static double med(List<Result> rs, String target, int c, java.util.function.ToDoubleFunction<Result> f) {
        List<Double> xs = new ArrayList<>();
        for (Result r : rs) {
            if (r.target().equals(target) && r.concurrency() == c) {
                xs.add(f.applyAsDouble(r));
            }
        }
        return median(xs);
    }

    static String summary(List<Result> rs, int[] concurrencies, int runs) {
        StringBuilder sb = new StringBuilder();
        sb.append("### Per path (medians of ").append(runs).append(" runs)\n\n");
        sb.append("| path | concurrency | throughput (req/s) | p50 (ms) | p90 (ms) | p99 (ms) | errors (all runs) |\n");
        sb.append("|---|---:|---:|---:|---:|---:|---:|\n");
        for (int c : concurrencies) {
            for (Target t : targets) {
                long errors = rs.stream().filter(r -> r.target().equals(t.name()) && r.concurrency() == c).mapToLong(Result::errors).sum();
                sb.append(String.format(Locale.ROOT, "| %s | %d | %.0f | %.2f | %.2f | %.2f | %d |\n", t.name(), c,
                        med(rs, t.name(), c, Result::throughput), med(rs, t.name(), c, r -> r.pct(50)),
                        med(rs, t.name(), c, r -> r.pct(90)), med(rs, t.name(), c, r -> r.pct(99)), errors));
            }
        }
        if (!cpuGroups.isEmpty()) {
            sb.append("\n### CPU time per answered request (ms, user + system, medians of ").append(runs).append(" runs)\n\n");
            sb.append("| path | concurrency |");
            cpuGroups.keySet().forEach(label -> sb.append(' ').append(label).append(" |"));
            boolean sum = cpuGroups.size() > 1;
            sb.append(sum ? " sum |" : "").append("\n|---|---:|").append("---:|".repeat(cpuGroups.size() + (sum ? 1 : 0))).append('\n');
            for (Target t : targets) {
                for (int c : concurrencies) {
                    sb.append("| ").append(t.name()).append(" | ").append(c).append(" |");
                    for (String label : cpuGroups.keySet()) {
                        sb.append(String.format(Locale.ROOT, " %.3f |", med(rs, t.name(), c, r -> r.cpuMsPerRequest().getOrDefault(label, Double.NaN))));
                    }
                    if (sum) {
                        sb.append(String.format(Locale.ROOT, " %.3f |", med(rs, t.name(), c,
                                r -> r.cpuMsPerRequest().values().stream().mapToDouble(Double::doubleValue).sum())));
                    }
                    sb.append('\n');
                }
            }
        }
        // Side-by-side comparisons: per run (same run, same concurrency, back to back), then the median of those.
        List<String> names = targets.stream().map(Target::name).toList();
        for (String cp : opts.getOrDefault("compare", names.get(names.size() - 1)).split(",")) {
            sb.append("\n### ").append(cp).append(" compared with the other paths (median over runs of the per-run difference / ratio)\n\n");
            sb.append("| vs | concurrency | added p50 (ms) | added p99 (ms) | throughput ratio ").append(cp).append(" / vs |\n");
            sb.append("|---|---:|---:|---:|---:|\n");
            for (String base : names) {
                if (base.equals(cp)) {
                    continue;
                }
                for (int c : concurrencies) {
                    List<Double> dp50 = new ArrayList<>(), dp99 = new ArrayList<>(), ratio = new ArrayList<>();
                    for (int r = 1; r <= runs; r++) {
                        Result a = find(rs, cp, c, r), b = find(rs, base, c, r);
                        if (a != null && b != null) {
                            dp50.add(a.pct(50) - b.pct(50));
                            dp99.add(a.pct(99) - b.pct(99));
                            ratio.add(a.throughput() / b.throughput());
                        }
                    }
                    sb.append(String.format(Locale.ROOT, "| %s | %d | %+.2f | %+.2f | %.2f |\n", base, c, median(dp50), median(dp99), median(ratio)));
                }
            }
        }
        return sb.toString();
    }

    // ---------------------------------------------------------------- CPU accounting (/proc, Linux)

    /** USER_HZ: /proc/PID/stat counts CPU time in these ticks; 100 on every Linux this runs on. */
    static final long CLOCK_TICKS = Long.parseLong(System.getProperty("bench.clock-ticks", "100"));

    /** CPU ticks (utime + stime) per --cpu group now; a vanished process counts what it had last (0 if never seen). */
    static Map<String, Long> cpuTicks() {
        Map<String, Long> out = new LinkedHashMap<>();
        Map<Long, long[]> all = cpuGroups.values().stream().anyMatch(v -> v.startsWith("tree:")) ? processTable() : Map.of();
        cpuGroups.forEach((label, spec) -> {
            String id = spec.startsWith("tree:") ? spec.substring(5) : spec;
            long root = id.equals("self") ? ProcessHandle.current().pid() : Long.parseLong(id); // self: this load generator
            if (!spec.startsWith("tree:")) {
                long[] st = stat(root);
                out.put(label, st == null ? 0 : st[1]);
                return;
            }
            // The tree: root and every process whose parent chain reaches it.
            long sum = 0;
            for (Map.Entry<Long, long[]> e : all.entrySet()) {
                long pid = e.getKey();
                for (int depth = 0; depth < 64 && pid > 1; depth++) {
                    if (pid == root) {
                        sum += e.getValue()[1];
                        break;
                    }
                    long[] st = all.get(pid);
                    if (st == null) {
                        break;
                    }
                    pid = st[0];
                }
            }
            out.put(label, sum);
        });
        return out;
    }

    /** Every process: pid -> {parent pid, utime + stime}. */
    static Map<Long, long[]> processTable() {
        Map<Long, long[]> table = new java.util.HashMap<>();
        java.io.File[] dirs = new java.io.File("/proc").listFiles((d, n) -> n.chars().allMatch(Character::isDigit));
        for (java.io.File d : dirs == null ? new java.io.File[0] : dirs) {
            long pid = Long.parseLong(d.getName());
            long[] st = stat(pid);
            if (st != null) {
                table.put(pid, st);
            }
        }
        return table;
    }

    /** {parent pid, utime + stime} of one process, null if it is gone. The command name may hold spaces: parse after its ')'. */
    static long[] stat(long pid) {
        try {
            String line = Files.readString(Path.of("/proc/" + pid + "/stat"));
            String[] f = line.substring(line.lastIndexOf(')') + 2).split(" ");
            // After "(comm) ": state=0, ppid=1, ..., utime=11, stime=12 (fields 4, 14, 15 of proc(5)).
            return new long[] {Long.parseLong(f[1]), Long.parseLong(f[11]) + Long.parseLong(f[12])};
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    static Result find(List<Result> rs, String target, int c, int run) {
        return rs.stream().filter(r -> r.target().equals(target) && r.concurrency() == c && r.run() == run).findFirst().orElse(null);
    }

    // ---------------------------------------------------------------- load mode

    static void load() throws Exception {
        Target t = targets.get(0);
        int c = Integer.parseInt(opts.getOrDefault("concurrency", "8"));
        double seconds = Double.parseDouble(opts.getOrDefault("seconds", "20"));
        long maxRequests = Long.parseLong(opts.getOrDefault("max-requests", "200000"));
        PrintWriter log = opts.containsKey("log") ? new PrintWriter(Files.newBufferedWriter(Path.of(opts.get("log")))) : null;
        Map<Long, Map<Integer, Long>> timeline = new ConcurrentHashMap<>();
        Result res = run(t, c, 1, seconds, maxRequests, log, timeline);
        if (log != null) {
            log.close();
        }
        if (opts.containsKey("timeline")) {
            try (PrintWriter w = new PrintWriter(Files.newBufferedWriter(Path.of(opts.get("timeline"))))) {
                w.println("second\tstatuses");
                new TreeMap<>(timeline).forEach((s, m) -> w.println(s + "\t" + new TreeMap<>(m)));
            }
        }
        System.out.printf(Locale.ROOT, "%s c=%d: %d ok, %d not ok in %.1f s (%.1f ok/s), p50 %.2f ms, p99 %.2f ms, max %.1f ms, statuses %s%n",
                t.name(), c, res.ok(), res.errors(), res.seconds(), res.throughput(), res.pct(50), res.pct(99), res.pct(100), res.statuses());
    }

    // ---------------------------------------------------------------- the workers

    /**
     * Runs {@code c} workers on {@code t} for {@code seconds} (or until {@code maxRequests}); status -1
     * means no HTTP answer (connection refused, reset, or read timeout).
     */
    static Result run(Target t, int c, int run, double seconds, long maxRequests, PrintWriter log, Map<Long, Map<Integer, Long>> timeline)
            throws InterruptedException {
        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong budget = new AtomicLong(maxRequests);
        LongAdder ok = new LongAdder(), errors = new LongAdder();
        Map<Integer, Long> statuses = new ConcurrentHashMap<>();
        List<long[]> lat = new ArrayList<>();
        int[] counts = new int[c];
        CountDownLatch done = new CountDownLatch(c);
        long start = System.nanoTime();
        if (log != null && opts.containsKey("stamp")) {
            try {
                Files.writeString(Path.of(opts.get("stamp")), Long.toString(System.currentTimeMillis()));
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
        int timeoutMs = Integer.parseInt(opts.getOrDefault("timeout-ms", "30000"));
        for (int w = 0; w < c; w++) {
            long[] mine = new long[1 << 14];
            lat.add(mine);
            int wi = w;
            Thread.ofPlatform().daemon().name("bench-" + w).start(() -> {
                Conn conn = null;
                long[] l = mine;
                int n = 0;
                try {
                    while (!stop.get() && budget.decrementAndGet() >= 0) {
                        String id = idPrefix + "-" + seq.incrementAndGet();
                        int status;
                        long t0 = System.nanoTime();
                        try {
                            if (conn == null) {
                                conn = new Conn(t.uri(wi), timeoutMs);
                            }
                            status = conn.send(request(t, id));
                            if (conn.closed) {
                                conn.close();
                                conn = null;
                            }
                        } catch (IOException e) {
                            status = -1;
                            if (conn != null) {
                                conn.close();
                                conn = null;
                            }
                            // Do not spin on a dead port: the refusal is counted, the next try waits a little.
                            try {
                                Thread.sleep(20);
                            } catch (InterruptedException ie) {
                                return;
                            }
                        }
                        long t1 = System.nanoTime();
                        statuses.merge(status, 1L, Long::sum);
                        if (timeline != null) {
                            timeline.computeIfAbsent((t1 - start) / 1_000_000_000L, k -> new ConcurrentHashMap<>()).merge(status, 1L, Long::sum);
                        }
                        if (log != null) {
                            synchronized (log) {
                                log.println(id + "\t" + status + "\t" + (t0 - start) / 1_000_000 + "\t" + (t1 - t0) / 1_000_000);
                            }
                        }
                        if (status == 200) {
                            ok.increment();
                            if (n == l.length) {
                                l = Arrays.copyOf(l, n * 2);
                                lat.set(wi, l);
                            }
                            l[n++] = t1 - t0;
                        } else {
                            errors.increment();
                        }
                    }
                } finally {
                    counts[wi] = n;
                    if (conn != null) {
                        conn.close();
                    }
                    done.countDown();
                }
            });
        }
        long deadline = start + (long) (seconds * 1e9);
        while (done.getCount() > 0 && System.nanoTime() < deadline) {
            done.await(Math.max(1, (deadline - System.nanoTime()) / 1_000_000), java.util.concurrent.TimeUnit.MILLISECONDS);
        }
        stop.set(true);
        double elapsed = (System.nanoTime() - start) / 1e9;
        done.await();
        int total = 0;
        for (int x : counts) {
            total += x;
        }
        long[] all = new long[total];
        int p = 0;
        synchronized (lat) {
            for (int w = 0; w < c; w++) {
                System.arraycopy(lat.get(w), 0, all, p, counts[w]);
                p += counts[w];
            }
        }
        Arrays.sort(all);
        return new Result(t.name(), c, run, ok.sum(), errors.sum(), elapsed, all, new TreeMap<>(statuses), new LinkedHashMap<>());
    }

    // ---------------------------------------------------------------- requests

    record Req(String path, byte[] body, String[] headers) {
    }

    static Req request(Target t, String id) {
        String path = t.uri().getRawPath();
        String text = json(input);
        if (t.node()) {
            byte[] body = ("{\"requestId\":\"" + id + "\",\"tenantId\":\"00000000-0000-0000-0000-00000000be9c\",\"model\":\"" + model
                    + "\",\"task\":\"embedding\",\"inputs\":[" + text + "],\"truncate\":true,\"deadlineMillis\":30000}").getBytes(StandardCharsets.UTF_8);
            return new Req(path, body, new String[] {"x-request-id", id});
        }
        String own = opts.getOrDefault("body." + t.name(), body);
        byte[] payload = (own != null ? own : "{\"model\":\"" + model + "\",\"input\":[" + text + "]}").getBytes(StandardCharsets.UTF_8);
        return new Req(path, payload, new String[] {"Authorization", "Bearer " + key, "x-request-id", id});
    }

    static String json(String s) {
        StringBuilder sb = new StringBuilder("\"");
        for (char ch : s.toCharArray()) {
            switch (ch) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                default -> {
                    if (ch < 0x20) {
                        sb.append(String.format("\\u%04x", (int) ch));
                    } else {
                        sb.append(ch);
                    }
                }
            }
        }
        return sb.append('"').toString();
    }

    // ---------------------------------------------------------------- TLS (the node link)

    static String opt(String name, String env) {
        String v = opts.get(name);
        return v != null ? v : System.getenv(env);
    }

    /** TLS 1.3 presenting the PEM client certificate and trusting the PEM CA only; null when no certificate is given. */
    static SSLContext tlsContext() throws IOException, GeneralSecurityException {
        String cert = opt("client-cert", "LMAAS_BENCH_CLIENT_CERT");
        String key = opt("client-key", "LMAAS_BENCH_CLIENT_KEY");
        String ca = opt("ca-cert", "LMAAS_BENCH_CA_CERT");
        if (cert == null && key == null && ca == null) {
            return null;
        }
        if (cert == null || key == null || ca == null) {
            throw new IllegalArgumentException("--client-cert, --client-key and --ca-cert go together");
        }
        CertificateFactory cf = CertificateFactory.getInstance("X.509");
        X509Certificate caCert;
        List<Certificate> chain = new ArrayList<>();
        try (InputStream in = Files.newInputStream(Path.of(ca))) {
            caCert = (X509Certificate) cf.generateCertificate(in);
        }
        try (InputStream in = Files.newInputStream(Path.of(cert))) {
            chain.addAll(cf.generateCertificates(in));
        }
        String pem = Files.readString(Path.of(key));
        if (!pem.contains("-----BEGIN PRIVATE KEY-----")) {
            throw new IllegalArgumentException(key + ": an unencrypted PKCS#8 PEM key (BEGIN PRIVATE KEY) is expected");
        }
        byte[] der = Base64.getMimeDecoder().decode(pem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", ""));
        PrivateKey privateKey = KeyFactory.getInstance(chain.getFirst().getPublicKey().getAlgorithm()).generatePrivate(new PKCS8EncodedKeySpec(der));
        char[] transientPassword = java.util.UUID.randomUUID().toString().toCharArray(); // per run: protects an in-memory keystore only
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        ks.setKeyEntry("client", privateKey, transientPassword, chain.toArray(Certificate[]::new));
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, transientPassword);
        KeyStore ts = KeyStore.getInstance("PKCS12");
        ts.load(null, null);
        ts.setCertificateEntry("ca", caCert);
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(ts);
        SSLContext c = SSLContext.getInstance("TLSv1.3");
        c.init(kmf.getKeyManagers(), tmf.getTrustManagers(), null);
        return c;
    }

    // ---------------------------------------------------------------- a minimal HTTP/1.1 keep-alive client

    static final class Conn {
        final Socket socket;
        final InputStream in;
        final OutputStream out;
        final String host;
        boolean closed;
        static volatile String firstError;

        Conn(URI uri, int timeoutMs) throws IOException {
            Socket plain = new Socket();
            plain.setTcpNoDelay(true);
            plain.connect(new InetSocketAddress(uri.getHost(), uri.getPort()), 2000);
            plain.setSoTimeout(timeoutMs);
            if ("https".equals(uri.getScheme())) {
                SSLSocket s = (SSLSocket) tls.getSocketFactory().createSocket(plain, uri.getHost(), uri.getPort(), true);
                SSLParameters p = s.getSSLParameters();
                p.setProtocols(new String[] {"TLSv1.3"});
                p.setEndpointIdentificationAlgorithm("HTTPS"); // the node's certificate must name the address called
                if (!uri.getHost().matches("[0-9.]+")) {
                    p.setServerNames(List.of(new SNIHostName(uri.getHost())));
                }
                s.setSSLParameters(p);
                try {
                    s.startHandshake();
                } catch (IOException e) {
                    s.close();
                    if (firstError == null) {
                        firstError = "TLS handshake: " + e;
                        System.err.println("first TLS failure: " + e);
                    }
                    throw e;
                }
                socket = s;
            } else {
                socket = plain;
            }
            in = new BufferedInputStream(socket.getInputStream(), 65536);
            out = new BufferedOutputStream(socket.getOutputStream(), 16384);
            host = uri.getHost() + ":" + uri.getPort();
        }

        int send(Req r) throws IOException {
            StringBuilder h = new StringBuilder(256);
            h.append("POST ").append(r.path()).append(" HTTP/1.1\r\nHost: ").append(host)
                    .append("\r\nContent-Type: application/json\r\nAccept: application/json\r\nContent-Length: ").append(r.body().length).append("\r\n");
            for (int i = 0; i < r.headers().length; i += 2) {
                h.append(r.headers()[i]).append(": ").append(r.headers()[i + 1]).append("\r\n");
            }
            h.append("\r\n");
            out.write(h.toString().getBytes(StandardCharsets.ISO_8859_1));
            out.write(r.body());
            out.flush();
            String statusLine = line();
            if (statusLine == null) {
                throw new IOException("connection closed before the answer");
            }
            int status = Integer.parseInt(statusLine.substring(9, 12));
            long length = -1;
            boolean chunked = false;
            String l;
            while ((l = line()) != null && !l.isEmpty()) {
                int colon = l.indexOf(':');
                if (colon < 0) {
                    continue;
                }
                String name = l.substring(0, colon).trim().toLowerCase(Locale.ROOT);
                String value = l.substring(colon + 1).trim();
                switch (name) {
                    case "content-length" -> length = Long.parseLong(value);
                    case "transfer-encoding" -> chunked = value.toLowerCase(Locale.ROOT).contains("chunked");
                    case "connection" -> closed = value.equalsIgnoreCase("close");
                    default -> {
                    }
                }
            }
            ByteArrayOutputStream body = status == 200 ? null : new ByteArrayOutputStream();
            if (chunked) {
                while (true) {
                    String size = line();
                    if (size == null) {
                        throw new IOException("truncated chunked body");
                    }
                    int semi = size.indexOf(';');
                    long n = Long.parseLong((semi < 0 ? size : size.substring(0, semi)).trim(), 16);
                    if (n == 0) {
                        while ((l = line()) != null && !l.isEmpty()) {
                            // trailers
                        }
                        break;
                    }
                    skip(n, body);
                    line();
                }
            } else if (length >= 0) {
                skip(length, body);
            } else {
                closed = true; // no length: the body ends with the connection
                skip(-1, body);
            }
            if (body != null && firstError == null) {
                firstError = status + " " + body.toString(StandardCharsets.UTF_8);
                System.err.println("first non-200 answer: " + firstError.substring(0, Math.min(400, firstError.length())));
            }
            return status;
        }

        private final byte[] buf = new byte[16384];

        /** Reads and drops {@code n} bytes (all until the end of the stream when n is -1), keeping the first 4 KiB in {@code keep}. */
        private void skip(long n, ByteArrayOutputStream keep) throws IOException {
            boolean toEnd = n < 0;
            while (toEnd || n > 0) {
                int r = in.read(buf, 0, toEnd ? buf.length : (int) Math.min(buf.length, n));
                if (r < 0) {
                    if (toEnd) {
                        return;
                    }
                    throw new IOException("truncated body");
                }
                if (keep != null && keep.size() < 4096) {
                    keep.write(buf, 0, r);
                }
                n -= r;
            }
        }

        private String line() throws IOException {
            StringBuilder sb = new StringBuilder(64);
            int b;
            while ((b = in.read()) >= 0) {
                if (b == '\n') {
                    int len = sb.length();
                    if (len > 0 && sb.charAt(len - 1) == '\r') {
                        sb.setLength(len - 1);
                    }
                    return sb.toString();
                }
                sb.append((char) b);
            }
            return sb.isEmpty() ? null : sb.toString();
        }

        void close() {
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
    }
}
