package dev.hallmark.provenance.aigc;

/** An AIGC label value that is not well-formed (bad JSON, wrong keys or values). */
public final class AigcFormatException extends Exception {
    public AigcFormatException(String message) {
        super(message);
    }
}
