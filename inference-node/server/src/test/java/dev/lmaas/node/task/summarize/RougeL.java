package dev.lmaas.node.task.summarize;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * ROUGE-L (Lin, 2004): precision, recall and F1 of the longest common subsequence between a candidate
 * and a reference, over lower-cased words for English and over characters for Chinese (Chinese has
 * no spaces; character ROUGE is the usual choice). Punctuation and whitespace are not units.
 */
record RougeL(double precision, double recall, double f1) {

    static RougeL score(String candidate, String reference, boolean chinese) {
        List<String> c = units(candidate, chinese);
        List<String> r = units(reference, chinese);
        int lcs = lcs(c, r);
        if (lcs == 0) {
            return new RougeL(0, 0, 0);
        }
        double p = (double) lcs / c.size();
        double rec = (double) lcs / r.size();
        return new RougeL(p, rec, 2 * p * rec / (p + rec));
    }

    /** Words ([letters and digits]+, lower-cased), or single letters and digits for Chinese. */
    static List<String> units(String text, boolean chinese) {
        List<String> out = new ArrayList<>();
        if (chinese) {
            text.codePoints().filter(Character::isLetterOrDigit).forEach(cp -> out.add(Character.toString(cp)));
            return out;
        }
        for (String w : text.toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}]+")) {
            if (!w.isEmpty()) {
                out.add(w);
            }
        }
        return out;
    }

    /** Classic dynamic programme in O(|a|·|b|) time and O(|b|) memory. */
    static int lcs(List<String> a, List<String> b) {
        int[] prev = new int[b.size() + 1];
        int[] cur = new int[b.size() + 1];
        for (String x : a) {
            for (int j = 1; j <= b.size(); j++) {
                cur[j] = x.equals(b.get(j - 1)) ? prev[j - 1] + 1 : Math.max(prev[j], cur[j - 1]);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.size()];
    }
}
