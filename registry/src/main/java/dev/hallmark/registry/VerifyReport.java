package dev.hallmark.registry;

import java.nio.file.Path;
import java.util.List;

/**
 * Outcome of {@code audit verify}: every problem found (empty when the registry is sound) and what was checked.
 *
 * @param records journal records read and checked
 * @param checkpoints signed checkpoints checked against the recomputed tree
 * @param indexedDocuments search documents compared with the journal (-1 if there is no index)
 */
public record VerifyReport(List<Problem> problems, long records, long checkpoints, long indexedDocuments, byte[] rootHash) {
    public VerifyReport {
        problems = List.copyOf(problems);
        rootHash = rootHash == null ? null : rootHash.clone();
    }

    public boolean ok() {
        return problems.isEmpty();
    }

    /** What kind of problem. */
    public enum Code {
        /** A header, record or entry fails its checksum, or a structure is broken. */
        CHECKSUM,
        /** A file ends in the middle of a record (crash before recovery, or truncation). */
        TRUNCATED,
        /** Sequence numbers skip or repeat, or segments do not join up. */
        SEQUENCE_GAP,
        /** A record's payload is not a valid record of its schema. */
        INVALID_RECORD,
        /** A checkpoint's signature fails, or its root differs from the recomputed tree. */
        CHECKPOINT,
        /** A record key is missing, damaged or inconsistent with the shred records. */
        KEY_STORE,
        /** The entry index disagrees with the journal. */
        ENTRY_INDEX,
        /** The search index disagrees with the journal or fails its checksums. */
        SEARCH_INDEX,
        /** A file is missing or unreadable. */
        UNREADABLE,
        /** The registry key or metadata is damaged or belongs to another log. */
        KEY
    }

    /** One problem: the file, the record sequence number and byte offset when known (else -1), and a one-line detail. */
    public record Problem(Code code, Path file, long seq, long offset, String detail) {
        @Override
        public String toString() {
            StringBuilder b = new StringBuilder();
            b.append(file == null ? "(registry)" : file.toString());
            if (seq >= 0) {
                b.append(": record seq ").append(seq);
            }
            if (offset >= 0) {
                b.append(seq >= 0 ? " at offset " : ": offset ").append(offset);
            }
            b.append(": ").append(detail).append(" [").append(code).append(']');
            return b.toString();
        }
    }
}
