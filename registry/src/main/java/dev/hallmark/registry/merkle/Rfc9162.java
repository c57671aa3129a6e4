package dev.hallmark.registry.merkle;

import java.security.MessageDigest;
import java.util.Arrays;
import java.util.List;

/**
 * RFC 9162 (Certificate Transparency v2, same tree as RFC 6962) Merkle hashing and proof verification with SHA-256:
 * leaf = SHA-256(0x00 || entry), node = SHA-256(0x01 || left || right), trees split at the largest power of two
 * smaller than their size. The verifiers follow RFC 9162 sections 2.1.3.2 and 2.1.4.2 step by step.
 *
 * <p>Security: verification fails closed. Every hash must be exactly 32 bytes, indices must be in range, the path
 * must be consumed exactly; any deviation is a failure with its own code.
 */
public final class Rfc9162 {
    /** Bytes in a SHA-256 hash. */
    public static final int HASH_SIZE = 32;

    /** Outcome of a proof verification. */
    public enum ProofResult {
        VALID,
        /** A hash (leaf, root or path element) is not 32 bytes. */
        BAD_HASH_LENGTH,
        /** leafIndex >= treeSize, or first > second for consistency. */
        INDEX_OUT_OF_RANGE,
        /** The path has too few or too many elements for these sizes. */
        WRONG_PATH_LENGTH,
        /** The recomputed root differs from the expected root. */
        ROOT_MISMATCH,
        /** Consistency: the recomputed first root differs. */
        FIRST_ROOT_MISMATCH,
        /** Consistency: the recomputed second root differs. */
        SECOND_ROOT_MISMATCH
    }

    private static final ThreadLocal<MessageDigest> SHA = ThreadLocal.withInitial(dev.hallmark.registry.internal.Bytes::sha256);

    private Rfc9162() {
    }

    /** SHA-256 of the empty string: the root of the empty tree. */
    public static byte[] emptyRoot() {
        return SHA.get().digest(new byte[0]);
    }

    /** MTH({d}) = SHA-256(0x00 || d). */
    public static byte[] leafHash(byte[] entry) {
        return leafHash(entry, 0, entry.length);
    }

    public static byte[] leafHash(byte[] entry, int off, int len) {
        MessageDigest md = SHA.get();
        md.update((byte) 0);
        md.update(entry, off, len);
        return md.digest();
    }

    /** SHA-256(0x01 || left || right). */
    public static byte[] nodeHash(byte[] left, byte[] right) {
        MessageDigest md = SHA.get();
        md.update((byte) 1);
        md.update(left);
        md.update(right);
        return md.digest();
    }

    /** Largest power of two strictly smaller than {@code n} (n >= 2). */
    public static long splitPoint(long n) {
        if (n < 2) {
            throw new IllegalArgumentException("no split for n=" + n);
        }
        return Long.highestOneBit(n - 1);
    }

    /** RFC 9162 2.1.3.2: verifies that {@code leafHash} is leaf {@code leafIndex} of the tree of {@code treeSize} with {@code root}. */
    public static ProofResult verifyInclusion(long leafIndex, long treeSize, byte[] leafHash, List<byte[]> path, byte[] root) {
        if (leafHash == null || root == null || leafHash.length != HASH_SIZE || root.length != HASH_SIZE) {
            return ProofResult.BAD_HASH_LENGTH;
        }
        for (byte[] p : path) {
            if (p == null || p.length != HASH_SIZE) {
                return ProofResult.BAD_HASH_LENGTH;
            }
        }
        if (leafIndex < 0 || treeSize <= 0 || leafIndex >= treeSize) {
            return ProofResult.INDEX_OUT_OF_RANGE;
        }
        long fn = leafIndex;
        long sn = treeSize - 1;
        byte[] r = leafHash;
        for (byte[] p : path) {
            if (sn == 0) {
                return ProofResult.WRONG_PATH_LENGTH;
            }
            if ((fn & 1) == 1 || fn == sn) {
                r = nodeHash(p, r);
                if ((fn & 1) == 0) {
                    while ((fn & 1) == 0 && fn != 0) {
                        fn >>>= 1;
                        sn >>>= 1;
                    }
                }
            } else {
                r = nodeHash(r, p);
            }
            fn >>>= 1;
            sn >>>= 1;
        }
        if (sn != 0) {
            return ProofResult.WRONG_PATH_LENGTH;
        }
        return MessageDigest.isEqual(r, root) ? ProofResult.VALID : ProofResult.ROOT_MISMATCH;
    }

    /**
     * RFC 9162 2.1.4.2: verifies that the tree of {@code second} entries extends the tree of {@code first} entries.
     * {@code first == second} needs an empty path and equal roots; {@code first == 0} is refused (nothing to prove).
     */
    public static ProofResult verifyConsistency(long first, long second, byte[] firstRoot, byte[] secondRoot, List<byte[]> path) {
        if (firstRoot == null || secondRoot == null || firstRoot.length != HASH_SIZE || secondRoot.length != HASH_SIZE) {
            return ProofResult.BAD_HASH_LENGTH;
        }
        for (byte[] p : path) {
            if (p == null || p.length != HASH_SIZE) {
                return ProofResult.BAD_HASH_LENGTH;
            }
        }
        if (first < 0 || second < 0 || first > second) {
            return ProofResult.INDEX_OUT_OF_RANGE;
        }
        if (first == second) {
            // Same tree: nothing to prove beyond equal roots.
            if (!path.isEmpty()) {
                return ProofResult.WRONG_PATH_LENGTH;
            }
            return MessageDigest.isEqual(firstRoot, secondRoot) ? ProofResult.VALID : ProofResult.ROOT_MISMATCH;
        }
        if (first == 0) {
            // RFC 9162 defines consistency proofs for 0 < first; a "proof" from the empty tree proves nothing
            return ProofResult.INDEX_OUT_OF_RANGE;
        }
        // 1. an empty path cannot prove 0 < first < second
        if (path.isEmpty()) {
            return ProofResult.WRONG_PATH_LENGTH;
        }
        // 2. if first is an exact power of 2, prepend first_hash
        List<byte[]> c = path;
        if (Long.bitCount(first) == 1) {
            byte[][] withFirst = new byte[path.size() + 1][];
            withFirst[0] = firstRoot;
            for (int i = 0; i < path.size(); i++) {
                withFirst[i + 1] = path.get(i);
            }
            c = Arrays.asList(withFirst);
        }
        // 3.
        long fn = first - 1;
        long sn = second - 1;
        // 4.
        while ((fn & 1) == 1) {
            fn >>>= 1;
            sn >>>= 1;
        }
        // 5.
        byte[] fr = c.get(0);
        byte[] sr = c.get(0);
        // 6.
        for (int i = 1; i < c.size(); i++) {
            byte[] v = c.get(i);
            if (sn == 0) {
                return ProofResult.WRONG_PATH_LENGTH;
            }
            if ((fn & 1) == 1 || fn == sn) {
                fr = nodeHash(v, fr);
                sr = nodeHash(v, sr);
                if ((fn & 1) == 0) {
                    while ((fn & 1) == 0 && fn != 0) {
                        fn >>>= 1;
                        sn >>>= 1;
                    }
                }
            } else {
                sr = nodeHash(sr, v);
            }
            fn >>>= 1;
            sn >>>= 1;
        }
        // 7.
        if (sn != 0) {
            return ProofResult.WRONG_PATH_LENGTH;
        }
        if (!MessageDigest.isEqual(fr, firstRoot)) {
            return ProofResult.FIRST_ROOT_MISMATCH;
        }
        if (!MessageDigest.isEqual(sr, secondRoot)) {
            return ProofResult.SECOND_ROOT_MISMATCH;
        }
        return ProofResult.VALID;
    }
}
