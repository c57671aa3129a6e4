package dev.hallmark.registry;

/**
 * Outcome of an erasure or retention shredding of one filing's personal data.
 *
 * @param shredSeq sequence number of the shred record that logged the deletion (-1 unless {@link Outcome#SHREDDED})
 */
public record ShredResult(String id, long targetSeq, Outcome outcome, long shredSeq) {
    /** What happened. */
    public enum Outcome {
        /** The record key was deleted and the deletion logged. */
        SHREDDED,
        /** Already shredded earlier: nothing to do. */
        ALREADY_SHREDDED,
        /** The filing holds no personal data. */
        NOTHING_TO_ERASE
    }
}
