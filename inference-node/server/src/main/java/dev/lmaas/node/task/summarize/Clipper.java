package dev.lmaas.node.task.summarize;

import com.ibm.icu.text.BreakIterator;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToIntFunction;

/**
 * Cuts one sentence to a token budget when no whole sentence fits, so that a non-empty document never
 * gets an empty summary. Cuts at word boundaries (ICU: spaces in English, dictionary words in
 * Chinese), else at characters; the longest prefix within the budget wins (binary search, so a few
 * tokenizer calls). If not even the first character fits, that character is returned anyway: an
 * answer one token over a tiny budget beats an empty one.
 */
final class Clipper {

    record Clip(String text, int tokens) {
    }

    private Clipper() {
    }

    static Clip clip(String sentence, int budget, ToIntFunction<String> tokens) {
        Clip byWords = longestPrefix(sentence, boundaries(sentence, BreakIterator.getWordInstance()), budget, tokens);
        if (byWords != null) {
            return byWords;
        }
        List<Integer> chars = boundaries(sentence, BreakIterator.getCharacterInstance());
        Clip byChars = longestPrefix(sentence, chars, budget, tokens);
        if (byChars != null) {
            return byChars;
        }
        String first = sentence.substring(0, chars.getFirst());
        return new Clip(first, tokens.applyAsInt(first));
    }

    /** Ends of the candidate prefixes, ascending, each ending on a non-space character. */
    private static List<Integer> boundaries(String s, BreakIterator it) {
        it.setText(s);
        List<Integer> ends = new ArrayList<>();
        for (int end = it.next(); end != BreakIterator.DONE; end = it.next()) {
            if (!Character.isWhitespace(s.charAt(end - 1)) && !s.substring(0, end).isBlank()) {
                ends.add(end);
            }
        }
        return ends;
    }

    private static Clip longestPrefix(String s, List<Integer> ends, int budget, ToIntFunction<String> tokens) {
        int lo = 0, hi = ends.size() - 1;
        Clip best = null;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            String prefix = s.substring(0, ends.get(mid)).strip();
            int count = tokens.applyAsInt(prefix);
            if (count <= budget) {
                best = new Clip(prefix, count);
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        return best;
    }
}
