package dev.lmaas.node.task.translate.apertium;

/**
 * Apertium's usage unit: words, counted as whitespace-separated tokens (what {@code wc -w} counts).
 * A rule-based engine has no subword tokenizer, so "tokens" would be invented; words are what a
 * translation agency bills, easy for a customer to check, and the same for input and output.
 */
final class WordCount {

    private WordCount() {
    }

    static int of(String text) {
        int words = 0;
        boolean inWord = false;
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            boolean space = Character.isWhitespace(cp) || Character.isSpaceChar(cp);
            if (!space && !inWord) {
                words++;
            }
            inWord = !space;
            i += Character.charCount(cp);
        }
        return words;
    }

    /** The text up to the end of its {@code max}-th word. */
    static String firstWords(String text, int max) {
        int words = 0;
        boolean inWord = false;
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            boolean space = Character.isWhitespace(cp) || Character.isSpaceChar(cp);
            if (!space && !inWord && ++words > max) {
                return text.substring(0, i).stripTrailing();
            }
            inWord = !space;
            i += Character.charCount(cp);
        }
        return text;
    }
}
