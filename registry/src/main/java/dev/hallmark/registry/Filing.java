package dev.hallmark.registry;

import java.time.Instant;

/**
 * A filing as stored: its sequence number (= leaf index), the record (with prompt and user identity decrypted while
 * their key exists, null after crypto-shredding), the registry-computed fields committed in the leaf, and the exact
 * leaf bytes.
 *
 * @param promptHash SHA-256 over a per-record salt and the prompt (hex); the salt is sealed with the prompt, so once
 *     the key is shredded the hash can no longer be tested against guessed prompts. Null when no prompt was filed.
 * @param retainUntil when the personal data expires ({@link Instant#MAX} for legal hold)
 * @param algorithmFilingSeq journal sequence number of the algorithm-filing version in force when filed, or -1
 * @param personalData whether personal data was filed, is still readable, or was shredded
 * @param shredding the shred record when shredded, else null
 */
public record Filing(
        long seq,
        FilingRecord record,
        String promptHash,
        Instant retainUntil,
        long algorithmFilingSeq,
        PersonalData personalData,
        Shredding shredding,
        byte[] leaf) {

    /** State of the sealed personal data. */
    public enum PersonalData { NONE, AVAILABLE, SHREDDED }

    /** The journal record that logged a crypto-shredding. */
    public record Shredding(long seq, Instant time, String reason) {
    }

    public Filing {
        leaf = leaf.clone();
    }

    @Override
    public byte[] leaf() {
        return leaf.clone();
    }

    public String id() {
        return record.id();
    }

    /** SHA-256(0x00 || leaf): this filing's Merkle leaf hash. */
    public byte[] leafHash() {
        return dev.hallmark.registry.merkle.Rfc9162.leafHash(leaf);
    }
}
