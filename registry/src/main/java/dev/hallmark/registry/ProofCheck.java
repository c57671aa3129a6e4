package dev.hallmark.registry;

/** Outcome of checking a proof: {@link Valid} with what was established, or {@link Invalid} with a code. */
public sealed interface ProofCheck permits ProofCheck.Valid, ProofCheck.Invalid {

    /** Why a proof was refused. */
    enum Code {
        /** The proof document or checkpoint is not well formed. */
        MALFORMED,
        /** The checkpoint carries no signature by the given key. */
        NO_SIGNATURE_FOR_KEY,
        /** The checkpoint signature by the given key does not verify. */
        BAD_SIGNATURE,
        /** The checkpoint is for another log (origin differs from the key name). */
        ORIGIN_MISMATCH,
        /** The checkpoint's tree size differs from the proof's. */
        TREE_SIZE_MISMATCH,
        /** The inclusion path does not lead from the leaf to the checkpoint's root. */
        INCLUSION_FAILED,
        /** The consistency path does not link the two roots. */
        CONSISTENCY_FAILED
    }

    boolean valid();

    /** The proof holds: the leaf (or old tree) is committed in the signed tree {@code treeSize} with {@code rootHash}. */
    record Valid(String origin, long treeSize, byte[] rootHash, long leafIndex) implements ProofCheck {
        @Override
        public boolean valid() {
            return true;
        }
    }

    /** The proof fails; {@code detail} is one line. */
    record Invalid(Code code, String detail) implements ProofCheck {
        @Override
        public boolean valid() {
            return false;
        }
    }
}
