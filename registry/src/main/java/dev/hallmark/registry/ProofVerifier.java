package dev.hallmark.registry;

import dev.hallmark.registry.merkle.Rfc9162;
import dev.hallmark.registry.note.NoteVerifier;
import dev.hallmark.registry.note.SignedNote;
import dev.hallmark.registry.note.TlogCheckpoint;
import java.security.GeneralSecurityException;
import java.util.Base64;

/**
 * Checks proofs with nothing but RFC 9162 and the log's public key: no registry, no network.
 *
 * <p>Security: fails closed. The checkpoint must carry a valid Ed25519 signature by the given key (key name = the
 * log origin), its tree size must equal the proof's, and the path must recompute the signed root exactly.
 */
public final class ProofVerifier {
    private ProofVerifier() {
    }

    /** A verifier key from the {@code audit checkpoint} output: the origin (key name) and the base64 raw public key. */
    public static NoteVerifier key(String origin, String publicKeyBase64) throws GeneralSecurityException {
        byte[] raw;
        try {
            raw = Base64.getDecoder().decode(publicKeyBase64);
        } catch (IllegalArgumentException e) {
            throw new GeneralSecurityException("public key is not base64");
        }
        return new NoteVerifier(origin, raw);
    }

    /** Verifies an inclusion proof against the log key. */
    public static ProofCheck verify(InclusionProof proof, NoteVerifier key) {
        ProofCheck cp = verifyCheckpoint(proof.checkpoint(), key);
        if (!(cp instanceof ProofCheck.Valid c)) {
            return cp;
        }
        if (c.treeSize() != proof.treeSize()) {
            return new ProofCheck.Invalid(ProofCheck.Code.TREE_SIZE_MISMATCH,
                    "proof is for tree size " + proof.treeSize() + " but the checkpoint signs size " + c.treeSize());
        }
        byte[] leafHash = Rfc9162.leafHash(proof.leaf());
        Rfc9162.ProofResult r = Rfc9162.verifyInclusion(proof.leafIndex(), proof.treeSize(), leafHash,
                proof.inclusionPath(), c.rootHash());
        if (r != Rfc9162.ProofResult.VALID) {
            return new ProofCheck.Invalid(ProofCheck.Code.INCLUSION_FAILED, "inclusion path check failed: " + r);
        }
        return new ProofCheck.Valid(c.origin(), c.treeSize(), c.rootHash(), proof.leafIndex());
    }

    /**
     * Verifies a consistency proof: the signed checkpoint covers {@code toSize} with {@code toRoot}, and the path links
     * {@code trustedFromRoot} (from a checkpoint the auditor kept) at {@code fromSize} to it.
     */
    public static ProofCheck verify(ConsistencyProof proof, NoteVerifier key, byte[] trustedFromRoot) {
        ProofCheck cp = verifyCheckpoint(proof.checkpoint(), key);
        if (!(cp instanceof ProofCheck.Valid c)) {
            return cp;
        }
        if (c.treeSize() != proof.toSize() || !java.security.MessageDigest.isEqual(c.rootHash(), proof.toRoot())) {
            return new ProofCheck.Invalid(ProofCheck.Code.TREE_SIZE_MISMATCH,
                    "the checkpoint signs size " + c.treeSize() + ", not the proof's tree " + proof.toSize());
        }
        Rfc9162.ProofResult r = Rfc9162.verifyConsistency(proof.fromSize(), proof.toSize(), trustedFromRoot,
                c.rootHash(), proof.path());
        if (r != Rfc9162.ProofResult.VALID) {
            return new ProofCheck.Invalid(ProofCheck.Code.CONSISTENCY_FAILED, "consistency path check failed: " + r);
        }
        return new ProofCheck.Valid(c.origin(), c.treeSize(), c.rootHash(), -1);
    }

    /** Verifies a signed checkpoint note: {@link ProofCheck.Valid} carries its origin, tree size and root (leafIndex -1). */
    public static ProofCheck verifyCheckpoint(String note, NoteVerifier key) {
        SignedNote n;
        TlogCheckpoint c;
        try {
            n = SignedNote.parse(note);
            c = TlogCheckpoint.parse(n.text());
        } catch (IllegalArgumentException e) {
            return new ProofCheck.Invalid(ProofCheck.Code.MALFORMED, "checkpoint: " + e.getMessage());
        }
        switch (n.verify(key)) {
            case VALID -> {
                if (!c.origin().equals(key.name())) {
                    return new ProofCheck.Invalid(ProofCheck.Code.ORIGIN_MISMATCH,
                            "checkpoint origin " + c.origin() + " is not the log " + key.name());
                }
                return new ProofCheck.Valid(c.origin(), c.size(), c.rootHash(), -1);
            }
            case NO_SIGNATURE_FOR_KEY -> {
                return new ProofCheck.Invalid(ProofCheck.Code.NO_SIGNATURE_FOR_KEY,
                        "checkpoint has no signature by " + key.name() + " (key id " + Integer.toHexString(key.keyId()) + ")");
            }
            default -> {
                return new ProofCheck.Invalid(ProofCheck.Code.BAD_SIGNATURE, "checkpoint signature by " + key.name() + " does not verify");
            }
        }
    }
}
