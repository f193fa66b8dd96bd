package dev.lmaas.node.task.translate.apertium;

import java.util.ArrayList;
import java.util.List;

/**
 * Reads an Apertium {@code .mode} file, a one-line shell pipeline such as
 * {@code lt-proc 'eng-spa.automorf.bin' | apertium-tagger -g $2 'eng-spa.prob' | ... | lt-proc $1 'eng-spa.autogen.bin'},
 * into the argument lists of its programs, so the node starts them itself without a shell.
 *
 * <p>Why not the {@code apertium} launcher script: in Apertium 3.8 it wraps the pipeline in {@code gawk}
 * filters whose regular-expression record separator waits for more input before passing a NUL on, and
 * its {@code apertium-destxt} deformatter swallows NULs, so one text never comes back until the next
 * is sent. Running the mode's programs directly, each with {@code -z} (exactly what
 * {@code apertium-wblank-mode -z} does), flushes every text at its NUL.
 *
 * <p>Only plain words, single- and double-quoted strings, {@code |}, {@code $1} and {@code $2} are
 * accepted; anything else a shell would interpret ({@code ; & < > ( ) `}, other {@code $}, globs) makes
 * the mode unusable rather than guessed at.
 */
final class ModeFile {

    /**
     * {@code $1} is the generator's unknown-word option. {@code -n} (the launcher's {@code -u}) leaves
     * unknown words unmarked: without it they come back as {@code *word} (and generation gaps as
     * {@code #word}), Apertium's debugging notation, which would leak into every answer and mangle names,
     * codes and URLs the dictionaries do not hold. The price: a client cannot see which words were not
     * translated.
     */
    static final String GENERATION_OPTION = "-n";
    /** Null-flush: a NUL ends a text and makes every program flush its output. */
    static final String NULL_FLUSH = "-z";

    private ModeFile() {
    }

    static final class UnsupportedModeException extends Exception {
        UnsupportedModeException(String message) {
            super(message);
        }
    }

    static List<List<String>> stages(String content) throws UnsupportedModeException {
        String line = content.strip();
        if (line.isEmpty() || line.contains("\n")) {
            throw new UnsupportedModeException("a mode must be one non-empty line");
        }
        List<List<String>> stages = new ArrayList<>();
        List<String> words = new ArrayList<>();
        StringBuilder word = null;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == ' ' || c == '\t' || c == '|') {
                word = endWord(words, word);
                if (c == '|') {
                    endStage(stages, words);
                    words = new ArrayList<>();
                }
            } else if (c == '\'') {
                int close = line.indexOf('\'', i + 1);
                if (close < 0) {
                    throw new UnsupportedModeException("unbalanced single quote");
                }
                word = (word == null ? new StringBuilder() : word).append(line, i + 1, close);
                i = close;
            } else if (c == '"') {
                int close = line.indexOf('"', i + 1);
                String quoted = close < 0 ? null : line.substring(i + 1, close);
                if (quoted == null || quoted.matches(".*[$`\\\\].*")) {
                    throw new UnsupportedModeException("unsupported double-quoted string");
                }
                word = (word == null ? new StringBuilder() : word).append(quoted);
                i = close;
            } else if (c == '$') {
                if (word != null || i + 1 >= line.length() || !isWordEnd(line, i + 2)) {
                    throw new UnsupportedModeException("unsupported $ expansion");
                }
                char n = line.charAt(++i);
                if (n == '1') {
                    words.add(GENERATION_OPTION);
                } else if (n != '2') { // $2 is the tagger option the launcher leaves empty: no word at all
                    throw new UnsupportedModeException("unsupported variable $" + n);
                }
            } else if (";&<>()`\\*?[]{}~#!\n".indexOf(c) >= 0) {
                throw new UnsupportedModeException("unsupported shell syntax '" + c + "'");
            } else {
                word = (word == null ? new StringBuilder() : word).append(c);
            }
        }
        endWord(words, word);
        endStage(stages, words);
        return stages;
    }

    private static boolean isWordEnd(String line, int i) {
        return i >= line.length() || " \t|".indexOf(line.charAt(i)) >= 0;
    }

    private static StringBuilder endWord(List<String> words, StringBuilder word) {
        if (word != null) {
            words.add(word.toString());
        }
        return null;
    }

    private static void endStage(List<List<String>> stages, List<String> words) throws UnsupportedModeException {
        if (words.isEmpty()) {
            throw new UnsupportedModeException("empty pipeline stage");
        }
        List<String> argv = new ArrayList<>(words);
        if (!argv.contains(NULL_FLUSH)) {
            argv.add(1, NULL_FLUSH);
        }
        stages.add(argv);
    }
}
