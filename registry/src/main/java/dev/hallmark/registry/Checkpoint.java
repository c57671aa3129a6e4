package dev.hallmark.registry;

import dev.hallmark.registry.internal.Bytes;

/**
 * A signed checkpoint of the registry log (C2SP tlog-checkpoint body in a C2SP signed note, Ed25519): origin, tree
 * size and root hash, with the complete note text and the verifier key ({@code origin+keyid+base64(0x01||pubkey)})
 * that standard transparency-log tooling accepts.
 */
public record Checkpoint(String origin, long treeSize, byte[] rootHash, String note, String verifierKey, byte[] publicKey) {
    public Checkpoint {
        rootHash = rootHash.clone();
        publicKey = publicKey.clone();
    }

    @Override
    public byte[] rootHash() {
        return rootHash.clone();
    }

    /** The raw 32-byte Ed25519 public key. */
    @Override
    public byte[] publicKey() {
        return publicKey.clone();
    }

    public String rootHashHex() {
        return Bytes.hex(rootHash);
    }

    /** The verifier for this log's checkpoints (key name = origin). */
    public dev.hallmark.registry.note.NoteVerifier verifier() {
        try {
            return new dev.hallmark.registry.note.NoteVerifier(origin, publicKey);
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException("the registry's public key is not a valid Ed25519 key", e);
        }
    }
}
