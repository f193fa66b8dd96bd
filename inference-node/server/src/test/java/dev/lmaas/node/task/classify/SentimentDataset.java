package dev.lmaas.node.task.classify;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A sentiment head's committed sentences: {@code train.tsv} to fit on and a separately written
 * {@code heldout.tsv} that is only ever used to measure (never to fit or to choose hyper-parameters).
 * Lines are {@code label<TAB>text} under a header line.
 */
public record SentimentDataset(String trainResource, String heldOutResource, List<Example> train, List<Example> heldOut) {

    /** In this order in every head, so label indices agree between heads, datasets and answers. */
    public static final List<String> LABELS = List.of("negative", "neutral", "positive");

    public record Example(String text, int label) {
    }

    /** @param folder a classpath folder such as {@code builtin/sentiment-minilm} */
    public static SentimentDataset load(String folder) {
        String train = folder + "/train.tsv";
        String heldOut = folder + "/heldout.tsv";
        return new SentimentDataset(train, heldOut, read(train), read(heldOut));
    }

    /** Examples per label, in {@link #LABELS} order. */
    public static int[] counts(List<Example> examples) {
        int[] counts = new int[LABELS.size()];
        examples.forEach(e -> counts[e.label()]++);
        return counts;
    }

    static List<Example> read(String resource) {
        InputStream stream = SentimentDataset.class.getClassLoader().getResourceAsStream(resource);
        if (stream == null) {
            throw new IllegalStateException(resource + " is not on the classpath");
        }
        List<Example> examples = new ArrayList<>();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
            in.readLine(); // header
            for (String line; (line = in.readLine()) != null; ) {
                if (line.isBlank()) {
                    continue;
                }
                String[] cols = line.split("\t", 2);
                int label = LABELS.indexOf(cols[0].strip());
                if (label < 0 || cols.length < 2 || cols[1].isBlank()) {
                    throw new IllegalStateException(resource + ": bad line: " + line);
                }
                examples.add(new Example(cols[1].strip(), label));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return List.copyOf(examples);
    }
}
