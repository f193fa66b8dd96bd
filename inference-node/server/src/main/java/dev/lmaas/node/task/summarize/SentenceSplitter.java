package dev.lmaas.node.task.summarize;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Splits prose into sentences at {@code . ! ?} (and line breaks between paragraphs) followed by
 * whitespace, without splitting after common abbreviations, initials or decimals. Good enough for
 * extractive summaries of English text; it never drops or reorders characters of a sentence.
 */
public final class SentenceSplitter {

    private static final Set<String> ABBREVIATIONS = Set.of(
            "mr", "mrs", "ms", "dr", "prof", "sr", "jr", "st", "vs", "etc", "e.g", "i.e", "inc", "ltd", "co", "corp",
            "no", "fig", "approx", "dept", "est", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept",
            "oct", "nov", "dec", "u.s", "u.k", "a.m", "p.m");

    public List<String> split(String text) {
        List<String> sentences = new ArrayList<>();
        int start = 0;
        int n = text.length();
        for (int i = 0; i < n; i++) {
            char c = text.charAt(i);
            boolean paragraphBreak = c == '\n' && i + 1 < n && text.charAt(i + 1) == '\n';
            if (paragraphBreak || (isTerminator(c) && endsSentence(text, start, i))) {
                int end = i + 1;
                while (end < n && isCloser(text.charAt(end))) {
                    end++; // keep closing quotes and brackets with their sentence
                }
                add(sentences, text.substring(start, end));
                start = end;
                i = end - 1;
            }
        }
        add(sentences, text.substring(start));
        return sentences;
    }

    private static boolean isTerminator(char c) {
        return c == '.' || c == '!' || c == '?';
    }

    private static boolean isCloser(char c) {
        return c == '"' || c == '\'' || c == ')' || c == ']' || c == '\u201d' || c == '\u2019' || isTerminator(c);
    }

    private static boolean endsSentence(String text, int start, int i) {
        int next = i + 1;
        while (next < text.length() && isCloser(text.charAt(next))) {
            next++;
        }
        if (next < text.length() && !Character.isWhitespace(text.charAt(next))) {
            return false; // "3.14", "example.com", "e.g.x"
        }
        if (text.charAt(i) != '.') {
            return true;
        }
        int w = i;
        while (w > start && !Character.isWhitespace(text.charAt(w - 1))) {
            w--;
        }
        String word = text.substring(w, i).toLowerCase().replaceAll("^[(\"'\\[]+", "");
        if (ABBREVIATIONS.contains(word)) {
            return false;
        }
        if (word.length() == 1 && Character.isLetter(word.charAt(0))) {
            return false; // an initial, as in "J. Smith"
        }
        // A lower-case word after the period means the sentence goes on ("approx. ten").
        int after = next;
        while (after < text.length() && Character.isWhitespace(text.charAt(after))) {
            after++;
        }
        return after >= text.length() || !Character.isLowerCase(text.charAt(after));
    }

    private static void add(List<String> sentences, String candidate) {
        String s = candidate.strip();
        if (!s.isEmpty()) {
            sentences.add(s);
        }
    }
}
