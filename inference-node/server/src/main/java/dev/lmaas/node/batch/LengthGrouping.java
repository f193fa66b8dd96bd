package dev.lmaas.node.batch;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.ToIntFunction;

/**
 * Splits a batch into runs of similar length: a batch is padded to its longest member, so one long
 * input next to many short ones multiplies the work. Sorted by length, a new run starts where the
 * longest would exceed {@code maxPaddingRatio} times the run's shortest.
 */
final class LengthGrouping {

    private LengthGrouping() {
    }

    static <T> List<List<T>> split(List<T> items, ToIntFunction<T> length, double maxPaddingRatio) {
        List<T> sorted = new ArrayList<>(items);
        sorted.sort(Comparator.comparingInt(length));
        List<List<T>> groups = new ArrayList<>();
        List<T> current = new ArrayList<>();
        int shortest = 0;
        for (T item : sorted) {
            int len = Math.max(1, length.applyAsInt(item));
            if (!current.isEmpty() && len > shortest * maxPaddingRatio) {
                groups.add(current);
                current = new ArrayList<>();
            }
            if (current.isEmpty()) {
                shortest = len;
            }
            current.add(item);
        }
        if (!current.isEmpty()) {
            groups.add(current);
        }
        return groups;
    }
}
