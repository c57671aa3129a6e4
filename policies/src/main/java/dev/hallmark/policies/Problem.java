package dev.hallmark.policies;

import java.util.Objects;

/**
 * One thing wrong with an input: {@code where} is a JSON Pointer ({@code /rules/2/params/minHeightRatio}), a line
 * ({@code line 14}) or empty for the input as a whole; {@code message} says what is wrong and what is expected.
 */
public record Problem(String where, String message) {
    public Problem {
        Objects.requireNonNull(where, "where");
        Objects.requireNonNull(message, "message");
    }

    @Override
    public String toString() {
        return where.isEmpty() ? message : where + ": " + message;
    }
}
