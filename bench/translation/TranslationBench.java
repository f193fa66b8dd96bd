package dev.lmaas.node.task.translate.apertium;

import dev.lmaas.node.protocol.InferenceParameters;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;

/**
 * Apertium eng-spa through the node's pool: cold start, per-request latency one at a time, throughput
 * with concurrent callers, and a process per request (the {@code apertium} launcher) for comparison.
 * Prints markdown; run through bench/translation/run.sh. Not a test: nothing here passes or fails.
 */
public final class TranslationBench {

    static final String[] SUBJECTS = {"The weather", "My brother", "The old teacher", "Our new neighbour", "The little cat",
            "The government", "This small company", "My best friend", "The red car", "The children"};
    static final String[] PREDICATES = {"is beautiful today and I would like to buy a new phone.",
            "works in a big city near the river.", "reads a long book in the library every evening.",
            "wants to travel to Spain next summer.", "has lost the keys of the house again.",
            "will open a shop on the main street.", "likes to eat fresh bread with cheese.",
            "was very happy when the letter arrived.", "needs more time to finish the difficult work.",
            "sleeps on the sofa after lunch."};

    public static void main(String[] args) throws Exception {
        int pipelines = Integer.parseInt(args.length > 0 ? args[0] : "2");
        int callers = Integer.parseInt(args.length > 1 ? args[1] : "8");
        List<String> sentences = new ArrayList<>();
        for (String s : SUBJECTS) {
            for (String p : PREDICATES) {
                sentences.add(s + " " + p);
            }
        }
        ApertiumPair pair = new ApertiumPairs().find(Path.of("/usr/share/apertium/modes")).pairs().stream()
                .filter(p -> p.mode().equals("eng-spa")).findFirst().orElseThrow(() -> new IllegalStateException("apt-get install apertium-eng-spa"));
        ScheduledExecutorService watchdog = Executors.newSingleThreadScheduledExecutor();
        StringBuilder md = new StringBuilder();
        try (ApertiumTranslator t = new ApertiumTranslator(new PipelinePool(pair, pipelines, Duration.ofSeconds(20), watchdog), 4096)) {
            long t0 = System.nanoTime();
            t.run(List.of(t.prepare(sentences.getFirst(), false, InferenceParameters.NONE)));
            double coldMs = (System.nanoTime() - t0) / 1e6;

            for (String s : sentences) { // warm every pipeline's caches
                t.run(List.of(t.prepare(s, false, InferenceParameters.NONE)));
            }
            double[] one = new double[sentences.size()];
            long words = 0;
            for (int i = 0; i < sentences.size(); i++) {
                long s = System.nanoTime();
                var out = t.run(List.of(t.prepare(sentences.get(i), false, InferenceParameters.NONE)));
                one[i] = (System.nanoTime() - s) / 1e6;
                words += out.getFirst().completionTokens();
            }
            Arrays.sort(one);

            int rounds = 5;
            long c0 = System.nanoTime();
            double[] concurrent;
            try (ExecutorService pool = Executors.newFixedThreadPool(callers)) {
                List<Future<Double>> lat = new ArrayList<>();
                for (int r = 0; r < rounds; r++) {
                    for (String s : sentences) {
                        lat.add(pool.submit(() -> {
                            long s0 = System.nanoTime();
                            t.run(List.of(t.prepare(s, false, InferenceParameters.NONE)));
                            return (System.nanoTime() - s0) / 1e6;
                        }));
                    }
                }
                concurrent = new double[lat.size()];
                for (int i = 0; i < lat.size(); i++) {
                    concurrent[i] = lat.get(i).get();
                }
            }
            double seconds = (System.nanoTime() - c0) / 1e9;
            Arrays.sort(concurrent);

            double[] launcher = new double[10];
            for (int i = 0; i < launcher.length; i++) {
                long s = System.nanoTime();
                Process p = new ProcessBuilder("apertium", "eng-spa").redirectError(ProcessBuilder.Redirect.DISCARD).start();
                p.getOutputStream().write(sentences.get(i).getBytes(StandardCharsets.UTF_8));
                p.getOutputStream().close();
                p.getInputStream().readAllBytes();
                p.waitFor();
                launcher[i] = (System.nanoTime() - s) / 1e6;
            }
            Arrays.sort(launcher);

            md.append("| measurement | figure |\n|---|---|\n");
            md.append(String.format("| cold start: first text on a new pipeline | %.0f ms |%n", coldMs));
            md.append(String.format("| one request at a time, %d sentences (%d words out) | median %.2f ms, p90 %.2f ms, max %.2f ms |%n",
                    one.length, words, pct(one, 50), pct(one, 90), one[one.length - 1]));
            md.append(String.format("| %d callers, %d pipelines, %d requests | %.0f requests/s; latency median %.2f ms, p90 %.2f ms, p99 %.2f ms |%n",
                    callers, pipelines, concurrent.length, concurrent.length / seconds, pct(concurrent, 50), pct(concurrent, 90), pct(concurrent, 99)));
            md.append(String.format("| a process per request (`apertium eng-spa`), 10 sentences | median %.0f ms |%n", pct(launcher, 50)));
        } finally {
            watchdog.shutdownNow();
        }
        System.out.print(md);
    }

    static double pct(double[] sorted, int p) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p / 100.0 * sorted.length) - 1)];
    }
}
