package dev.lmaas.node.task.summarize;

import com.ibm.icu.text.BreakIterator;
import dev.lmaas.node.task.embedding.EmbeddingModel;
import dev.lmaas.node.tokenize.EncodedText;
import dev.lmaas.node.tokenize.TextTokenizer;
import java.util.List;

/**
 * What the summarizer needs from an embedding model: token counts (the length budget is counted in
 * the model's own tokens) and unit sentence vectors. An interface so that tests can count the
 * sentences a document costs without running a model.
 */
interface SentenceEncoder extends AutoCloseable {

    /** The model's window, special tokens included. */
    int maxLength();

    /**
     * Token ids for embedding. A sentence longer than the window is embedded on its first
     * {@link #maxLength()} tokens: the vector only ranks it, the whole sentence is still read, billed
     * and can be part of the summary.
     */
    EncodedText encode(String sentence);

    /** Tokens of the text without special tokens: what budgets and usage count. */
    int countTokens(String text);

    /** Unit vectors, one per text, in order. */
    float[][] embed(List<EncodedText> texts);

    @Override
    void close();

    /** Adapts a shared embedding model; closing the adapter releases the reference it holds. */
    static SentenceEncoder of(EmbeddingModel shared) {
        TextTokenizer tokenizer = shared.tokenizer();
        return new SentenceEncoder() {
            @Override
            public int maxLength() {
                return tokenizer.maxLength();
            }

            @Override
            public EncodedText encode(String sentence) {
                return tokenizer.encode(sentence, true);
            }

            @Override
            public int countTokens(String text) {
                return countExactly(tokenizer, text);
            }

            @Override
            public float[][] embed(List<EncodedText> texts) {
                return shared.embed(texts);
            }

            @Override
            public void close() {
                shared.close();
            }
        };
    }

    /**
     * The tokenizer stops counting at its window; a text that reaches it is counted in two halves cut
     * at a word boundary (WordPiece never joins tokens across words, so the halves add up exactly).
     */
    private static int countExactly(TextTokenizer tokenizer, String text) {
        int count = tokenizer.countContentTokens(text);
        if (count < tokenizer.maxLength() - 2 || text.length() < 2) {
            return count;
        }
        BreakIterator words = BreakIterator.getWordInstance();
        words.setText(text);
        int cut = words.following(text.length() / 2);
        if (cut == BreakIterator.DONE || cut >= text.length()) {
            cut = words.preceding(text.length() / 2);
        }
        if (cut == BreakIterator.DONE || cut <= 0) {
            return count; // one enormous word: the window's count is the best there is
        }
        return countExactly(tokenizer, text.substring(0, cut)) + countExactly(tokenizer, text.substring(cut));
    }
}
