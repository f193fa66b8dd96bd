package dev.lmaas.node.task.summarize;

import com.ibm.icu.text.BreakIterator;
import com.ibm.icu.util.ULocale;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Splits prose into sentences with ICU's sentence {@link BreakIterator} (Unicode UAX #29 rules with
 * ICU's English abbreviation list): Chinese {@code 。！？} with their closing quotes ({@code 。”}
 * {@code ！」}), English {@code . ! ?}, decimals ({@code 3.5}) and paragraph breaks. Three things ICU
 * leaves to the caller are added here, each for a reason given where it is done: no break after a
 * few more abbreviations and initials ({@code Dr.}, {@code U.S.}, {@code J.}), breaks after Chinese
 * {@code ；} and {@code …}, and no break at a single line break inside hard-wrapped Latin text. A
 * sentence is always a contiguous piece of the input, stripped of surrounding whitespace: nothing
 * inside it is dropped or reordered.
 */
public final class SentenceSplitter {

    /**
     * ICU's own English list ({@code ss=standard}) keeps "Mr." and "e.g." but not these; a break after
     * them is far more often wrong than right. "U.S." at the very end of a sentence is then joined to
     * the next one, which costs a longer unit, not a wrong cut. "a.m." and "p.m." are left to ICU: it
     * keeps them before a lower-case word, and before a capital they end a sentence far more often.
     */
    private static final Set<String> ABBREVIATIONS = Set.of(
            "Mr.", "Mrs.", "Ms.", "Dr.", "Prof.", "Sr.", "Jr.", "St.", "Gen.", "Gov.", "Sen.", "Rep.", "Lt.", "Col.",
            "Capt.", "Sgt.", "vs.", "e.g.", "i.e.", "approx.", "No.", "Fig.", "U.S.", "U.K.", "U.N.", "E.U.",
            "Jan.", "Feb.", "Aug.", "Sept.", "Oct.", "Nov.", "Dec.");
    /** Closing quotes and brackets stay with the sentence they close. */
    private static final String CLOSERS = "\"'”’」』）)]》〉】";

    private static final ULocale RULES = new ULocale("en@ss=standard");

    /** A sentence as offsets into the text it came from: {@code text.substring(start, end)}. */
    public record Span(int start, int end) {
    }

    public List<String> split(String text) {
        return spans(text).stream().map(s -> text.substring(s.start(), s.end())).toList();
    }

    /** The sentences' positions, in order, without surrounding whitespace; none for a blank text. */
    public List<Span> spans(String text) {
        List<Span> sentences = new ArrayList<>();
        BreakIterator icu = BreakIterator.getSentenceInstance(RULES);
        icu.setText(joinWrappedLines(text));
        int start = 0;
        for (int end = icu.next(); end != BreakIterator.DONE; end = icu.next()) {
            if (end < text.length() && endsWithAbbreviation(text, start, end)) {
                continue; // keep going: the next boundary closes this sentence
            }
            splitClauses(text, start, end, sentences);
            start = end;
        }
        if (start < text.length()) {
            splitClauses(text, start, text.length(), sentences);
        }
        return sentences;
    }

    /**
     * A lone line break between Latin words is a hard wrap, not a sentence end (ICU breaks at every
     * line break); it is shown to ICU as a space so offsets stay the same. Blank lines, and line
     * breaks next to Chinese text (where a line is a paragraph), still end a sentence.
     */
    private static String joinWrappedLines(String text) {
        char[] chars = null;
        for (int i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) {
            int before = i - 1;
            while (before >= 0 && (text.charAt(before) == ' ' || text.charAt(before) == '\t' || text.charAt(before) == '\r')) {
                before--;
            }
            int after = i + 1;
            while (after < text.length() && (text.charAt(after) == ' ' || text.charAt(after) == '\t' || text.charAt(after) == '\r')) {
                after++;
            }
            if (before < 0 || after >= text.length() || text.charAt(before) == '\n' || text.charAt(after) == '\n'
                    || Cjk.isCjk(text.charAt(before)) || Cjk.isCjk(text.charAt(after))) {
                continue;
            }
            if (chars == null) {
                chars = text.toCharArray();
            }
            for (int j = before + 1; j < after; j++) {
                chars[j] = ' ';
            }
        }
        return chars == null ? text : new String(chars);
    }

    private static boolean endsWithAbbreviation(String text, int start, int end) {
        int e = end;
        while (e > start && Character.isWhitespace(text.charAt(e - 1))) {
            e--;
        }
        if (e <= start || text.charAt(e - 1) != '.') {
            return false;
        }
        int w = e - 1;
        while (w > start && !Character.isWhitespace(text.charAt(w - 1)) && "(\"'“‘[".indexOf(text.charAt(w - 1)) < 0) {
            w--;
        }
        String word = text.substring(w, e);
        boolean initial = word.length() == 2 && Character.isUpperCase(word.charAt(0)); // "J. Doe"
        return initial || ABBREVIATIONS.contains(word);
    }

    /**
     * ICU does not end a sentence at the Chinese semicolon {@code ；} or at an ellipsis {@code …}, but
     * in Chinese prose both close a complete clause as often as {@code 。} does; cutting there gives
     * the summarizer units of a readable size instead of paragraph-long ones.
     */
    private static void splitClauses(String text, int start, int end, List<Span> out) {
        int from = start;
        for (int i = start; i < end; i++) {
            char c = text.charAt(i);
            if (c != '；' && c != '…') {
                continue;
            }
            int cut = i + 1;
            while (cut < end && (text.charAt(cut) == '…' || CLOSERS.indexOf(text.charAt(cut)) >= 0)) {
                cut++;
            }
            if (c == '…' && !(cut < end && Cjk.isCjk(text.charAt(cut)))) {
                i = cut - 1;
                continue; // an English "wait… what" or a trailing ellipsis: ICU's decision stands
            }
            add(out, text, from, cut);
            from = cut;
            i = cut - 1;
        }
        add(out, text, from, end);
    }

    private static void add(List<Span> sentences, String text, int start, int end) {
        while (start < end && Character.isWhitespace(text.charAt(start))) {
            start++;
        }
        while (end > start && Character.isWhitespace(text.charAt(end - 1))) {
            end--;
        }
        if (start < end) {
            sentences.add(new Span(start, end));
        }
    }
}
