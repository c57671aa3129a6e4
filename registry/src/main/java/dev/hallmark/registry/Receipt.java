package dev.hallmark.registry;

import dev.hallmark.registry.internal.Bytes;
import java.time.Instant;

/**
 * Proof of filing, returned only after the record is fsync'd: the filing id, its journal sequence number, its leaf
 * index in the Merkle tree (equal to the sequence number: every journal record is one leaf), the leaf hash, and the
 * algorithm-filing record the generation was linked to (-1 if none).
 */
public record Receipt(String id, long seq, long leafIndex, byte[] leafHash, Instant time, long algorithmFilingSeq) {
    public Receipt {
        leafHash = leafHash.clone();
    }

    @Override
    public byte[] leafHash() {
        return leafHash.clone();
    }

    public String leafHashHex() {
        return Bytes.hex(leafHash);
    }

    @Override
    public String toString() {
        return "Receipt[id=" + id + ", seq=" + seq + ", leafHash=" + leafHashHex() + "]";
    }
}
