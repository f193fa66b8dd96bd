package dev.lmaas.node.task.summarize;

import dev.lmaas.node.task.summarize.SentenceSplitter.Span;
import java.util.ArrayList;
import java.util.List;

/**
 * Bounds how many units the summarizer embeds and compares. A document with more than {@code max}
 * sentences is not refused (a long Chinese article near the node's character limit has 600 or more
 * sentences, and its author expects a summary, not an error): consecutive sentences are merged into
 * units of at least {@code total characters / max} characters, so short fragments ("a! a! a!") join
 * their neighbours while sentences of ordinary length stay whole. A unit is always a contiguous
 * piece of the input made of whole sentences.
 */
final class SentenceUnits {

    private SentenceUnits() {
    }

    static List<String> of(String text, List<Span> sentences, int max) {
        List<String> units = new ArrayList<>(Math.min(sentences.size(), max));
        if (sentences.size() <= max) {
            sentences.forEach(s -> units.add(text.substring(s.start(), s.end())));
            return units;
        }
        long total = 0;
        for (Span s : sentences) {
            total += s.end() - s.start();
        }
        // Each closed unit has at least `target` characters, so there are at most total / target <= max of them.
        long target = (total + max - 1) / max;
        List<int[]> bounds = new ArrayList<>();
        int start = -1;
        long length = 0;
        for (Span s : sentences) {
            if (start < 0) {
                start = s.start();
            }
            length += s.end() - s.start();
            if (length >= target) {
                bounds.add(new int[] {start, s.end()});
                start = -1;
                length = 0;
            }
        }
        if (start >= 0) {
            int last = sentences.getLast().end();
            if (bounds.isEmpty()) {
                bounds.add(new int[] {start, last});
            } else {
                bounds.getLast()[1] = last; // a short tail joins the unit before it rather than making one more
            }
        }
        bounds.forEach(b -> units.add(text.substring(b[0], b[1])));
        return units;
    }
}
