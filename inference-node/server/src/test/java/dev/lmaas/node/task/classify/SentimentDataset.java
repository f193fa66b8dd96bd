package dev.lmaas.node.task.classify;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The committed labelled sentences ({@code builtin/sentiment-minilm/dataset.tsv}) and the one fixed,
 * stratified train / held-out split that training and the accuracy test both use.
 */
public record SentimentDataset(List<Example> train, List<Example> heldOut) {

    public static final String RESOURCE = "builtin/sentiment-minilm/dataset.tsv";
    public static final List<String> LABELS = List.of("negative", "positive");
    public static final long SEED = 20240611L;
    static final double HELD_OUT_SHARE = 0.2;

    public record Example(String text, int label) {
    }

    public static SentimentDataset load() {
        List<List<Example>> byLabel = List.of(new ArrayList<>(), new ArrayList<>());
        try (BufferedReader in = new BufferedReader(new InputStreamReader(
                SentimentDataset.class.getClassLoader().getResourceAsStream(RESOURCE), StandardCharsets.UTF_8))) {
            in.readLine(); // header
            for (String line; (line = in.readLine()) != null; ) {
                if (line.isBlank()) {
                    continue;
                }
                String[] cols = line.split("\t", 2);
                int label = LABELS.indexOf(cols[0]);
                if (label < 0 || cols.length < 2) {
                    throw new IllegalStateException("bad dataset line: " + line);
                }
                byLabel.get(label).add(new Example(cols[1], label));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Random random = new Random(SEED);
        List<Example> train = new ArrayList<>();
        List<Example> heldOut = new ArrayList<>();
        for (List<Example> examples : byLabel) {
            java.util.Collections.shuffle(examples, random);
            int cut = (int) Math.round(examples.size() * HELD_OUT_SHARE);
            heldOut.addAll(examples.subList(0, cut));
            train.addAll(examples.subList(cut, examples.size()));
        }
        return new SentimentDataset(List.copyOf(train), List.copyOf(heldOut));
    }
}
