package dev.lmaas.node.tokenize;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * A Hugging Face {@code tokenizer.json} loaded with DJL's native tokenizers (offline, ids identical to
 * Hugging Face). Padding is off: batches are padded by the model code to the longest member only.
 * Thread-safe; the native tokenizer is freed on {@link #close()}.
 */
public final class TextTokenizer implements AutoCloseable {

    private final HuggingFaceTokenizer tokenizer;
    private final int maxLength;

    private TextTokenizer(HuggingFaceTokenizer tokenizer, int maxLength) {
        this.tokenizer = tokenizer;
        this.maxLength = maxLength;
    }

    /**
     * Loads {@code file}, truncating at {@code maxLength} tokens (special tokens included).
     * Call {@link TokenizerNatives#prepare(Path)} once before the first load.
     */
    public static TextTokenizer load(Path file, int maxLength) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IOException("tokenizer file " + file.getFileName() + " is missing");
        }
        try {
            HuggingFaceTokenizer tokenizer = HuggingFaceTokenizer.newInstance(file, Map.of(
                    "padding", "false",
                    "truncation", "true",
                    "maxLength", Integer.toString(maxLength)));
            return new TextTokenizer(tokenizer, maxLength);
        } catch (RuntimeException e) {
            throw new IOException("tokenizer " + file.getFileName() + " could not be read: " + e.getMessage(), e);
        }
    }

    /** Encodes with special tokens; an over-long text is cut, or refused when {@code truncate} is false. */
    public EncodedText encode(String text, boolean truncate) {
        Encoding encoding = tokenizer.encode(text, true, false);
        if (encoding.exceedMaxLength() && !truncate) {
            throw new InputTooLongException(maxLength);
        }
        return new EncodedText(encoding.getIds(), encoding.getTypeIds(), encoding.exceedMaxLength());
    }

    /** Token count without special tokens, for length budgets measured on plain text. */
    public int countContentTokens(String text) {
        Encoding encoding = tokenizer.encode(text, false, false);
        return encoding.getIds().length;
    }

    public String decode(long[] ids) {
        return tokenizer.decode(ids, true);
    }

    public int maxLength() {
        return maxLength;
    }

    @Override
    public void close() {
        tokenizer.close();
    }
}
