package dev.lmaas.node.task.translate.apertium;

/**
 * Plain text to Apertium's stream format and back: what {@code apertium-destxt} and
 * {@code apertium-retxt} do for {@code apertium -f txt}, done here because the deformatter loses the
 * NUL that separates texts in null-flush mode (see {@link ModeFile}).
 *
 * <ul>
 *   <li>The stream's reserved characters {@code \ [ ] ^ $ @ / < > { }} are escaped with a backslash,
 *       so a user's {@code ^cat<n>$} is text, not a lexical unit.</li>
 *   <li>Whitespace other than a single space (newlines, tabs, runs of spaces) and {@code ~} (the
 *       generator's post-generation mark) become "superblanks" {@code [...]}, which every program
 *       passes through untouched and in place.</li>
 *   <li>Like {@code destxt}, a final {@code .[]} tells the tagger the text ends, and is removed again
 *       from the answer.</li>
 * </ul>
 * NUL (the text separator) is removed from the input: it cannot be sent, and has no meaning in text.
 */
final class ApertiumFormat {

    private static final String RESERVED = "\\[]^$@/<>{}";
    private static final String END = ".[]";
    /** The superblank that ends every text sent, and so every complete answer. */
    static final String END_BLANK = "[]";

    private ApertiumFormat() {
    }

    static String escape(String raw) {
        String text = raw.replace("\0", "");
        StringBuilder out = new StringBuilder(text.length() + text.length() / 8 + END.length());
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c == ' ' && (i + 1 == text.length() || !blank(text.charAt(i + 1)))) {
                out.append(' ');
                i++;
            } else if (blank(c)) {
                int end = i;
                while (end < text.length() && blank(text.charAt(end))) {
                    end++;
                }
                out.append('[').append(text, i, end).append(']');
                i = end;
            } else {
                if (RESERVED.indexOf(c) >= 0) {
                    out.append('\\');
                }
                out.append(c);
                i++;
            }
        }
        return out.append(END).toString();
    }

    /** Whitespace and {@code ~}: carried in superblanks. */
    private static boolean blank(char c) {
        return Character.isWhitespace(c) || Character.isSpaceChar(c) || c == '~';
    }

    static String unescape(String stream) {
        String s = stream.endsWith(END) ? stream.substring(0, stream.length() - END.length()) : stream;
        StringBuilder out = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && i + 1 < s.length()) {
                out.append(s.charAt(++i));
            } else if (c != '[' && c != ']') { // unescaped brackets only delimit superblanks
                out.append(c);
            }
        }
        return out.toString();
    }
}
