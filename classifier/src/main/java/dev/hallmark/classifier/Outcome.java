package dev.hallmark.classifier;

/** What one check found. A check that could not run is {@link #ERROR}, never a pass. */
public enum Outcome {
    /** The check ran and found the mark/label/manifest intact. */
    PASS,
    /** The check ran and found the material present but failing (tampered, mismatched, invalid). */
    FAIL,
    /** The check ran and the material is not there. */
    ABSENT,
    /** The check could not run (unreadable input, missing model, internal error). */
    ERROR
}
