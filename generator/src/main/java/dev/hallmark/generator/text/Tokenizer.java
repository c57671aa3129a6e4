package dev.hallmark.generator.text;

/** Prompt text to the fixed-length token ids a text encoder takes. */
public interface Tokenizer {

    /** Token ids, exactly {@link #maxTokens()} long (padded / truncated). */
    long[] encode(String text);

    int maxTokens();
}
