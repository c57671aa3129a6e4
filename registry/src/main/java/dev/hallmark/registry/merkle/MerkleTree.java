package dev.hallmark.registry.merkle;

import java.util.ArrayList;
import java.util.List;

/**
 * An append-only RFC 9162 Merkle tree held in memory: the hash of every complete subtree is kept per level, so the
 * root of any earlier size, inclusion paths and consistency paths take O(log n) hash look-ups plus at most O(log n)
 * node hashes for the incomplete right edge. 64 bytes of memory per leaf.
 *
 * <p>Threads: one appender; any number of readers see every leaf appended before the last {@link #size()} they read.
 */
public final class MerkleTree {
    private static final int CHUNK_SHIFT = 15;
    private static final int CHUNK = 1 << CHUNK_SHIFT;
    private static final int H = Rfc9162.HASH_SIZE;

    private final Level[] levels = new Level[64];
    private volatile long size;

    public MerkleTree() {
        for (int i = 0; i < levels.length; i++) {
            levels[i] = new Level();
        }
    }

    /** Number of leaves. */
    public long size() {
        return size;
    }

    /** Appends one leaf hash (32 bytes). Single appender only. */
    public void append(byte[] leafHash) {
        if (leafHash.length != H) {
            throw new IllegalArgumentException("leaf hash must be 32 bytes");
        }
        levels[0].add(leafHash);
        int k = 0;
        while ((levels[k].count & 1) == 0) {
            long c = levels[k].count;
            byte[] node = Rfc9162.nodeHash(levels[k].get(c - 2), levels[k].get(c - 1));
            levels[k + 1].add(node);
            k++;
        }
        size = levels[0].count;
    }

    /** Leaf hash {@code i} (i < size). */
    public byte[] leafHash(long i) {
        check(i, size);
        return levels[0].get(i);
    }

    /** Root of the current tree. */
    public byte[] root() {
        return root(size);
    }

    /** MTH of the first {@code n} leaves (n <= size); the empty tree's root is SHA-256(""). */
    public byte[] root(long n) {
        if (n < 0 || n > size) {
            throw new IllegalArgumentException("tree size " + n + " outside 0.." + size);
        }
        return n == 0 ? Rfc9162.emptyRoot() : subtree(0, n);
    }

    /** RFC 9162 PATH(m, D[n]): audit path for leaf {@code m} in the tree of the first {@code n} leaves, leaf end first. */
    public List<byte[]> inclusionPath(long m, long n) {
        if (n < 1 || n > size || m < 0 || m >= n) {
            throw new IllegalArgumentException("no inclusion path for leaf " + m + " in tree size " + n + " (size " + size + ")");
        }
        List<byte[]> out = new ArrayList<>(64);
        path(m, 0, n, out);
        return out;
    }

    /** RFC 9162 PROOF(m, D[n]): consistency path from the tree of {@code m} leaves to that of {@code n}. */
    public List<byte[]> consistencyPath(long m, long n) {
        if (n > size || m < 0 || m > n) {
            throw new IllegalArgumentException("no consistency path from " + m + " to " + n + " (size " + size + ")");
        }
        List<byte[]> out = new ArrayList<>(64);
        if (m == 0 || m == n) {
            return out;
        }
        subproof(m, 0, n, true, out);
        return out;
    }

    private void path(long m, long start, long n, List<byte[]> out) {
        if (n <= 1) {
            return;
        }
        long k = Rfc9162.splitPoint(n);
        if (m < k) {
            path(m, start, k, out);
            out.add(subtree(start + k, n - k));
        } else {
            path(m - k, start + k, n - k, out);
            out.add(subtree(start, k));
        }
    }

    private void subproof(long m, long start, long n, boolean b, List<byte[]> out) {
        if (m == n) {
            if (!b) {
                out.add(subtree(start, n));
            }
            return;
        }
        long k = Rfc9162.splitPoint(n);
        if (m <= k) {
            subproof(m, start, k, b, out);
            out.add(subtree(start + k, n - k));
        } else {
            subproof(m - k, start + k, n - k, false, out);
            out.add(subtree(start, k));
        }
    }

    /** MTH(D[start : start+n]). */
    private byte[] subtree(long start, long n) {
        if (Long.bitCount(n) == 1 && (start & (n - 1)) == 0) {
            int level = Long.numberOfTrailingZeros(n);
            return levels[level].get(start >>> level);
        }
        long k = Rfc9162.splitPoint(n);
        return Rfc9162.nodeHash(subtree(start, k), subtree(start + k, n - k));
    }

    private static void check(long i, long n) {
        if (i < 0 || i >= n) {
            throw new IndexOutOfBoundsException("leaf " + i + " outside 0.." + (n - 1));
        }
    }

    /** Hashes of one level, in 1 MiB chunks. */
    private static final class Level {
        private volatile byte[][] chunks = new byte[16][];
        private long count;

        void add(byte[] hash) {
            int c = (int) (count >>> CHUNK_SHIFT);
            byte[][] cs = chunks;
            if (c >= cs.length) {
                cs = java.util.Arrays.copyOf(cs, cs.length * 2);
            }
            if (cs[c] == null) {
                cs[c] = new byte[CHUNK * H];
            }
            System.arraycopy(hash, 0, cs[c], (int) (count & (CHUNK - 1)) * H, H);
            chunks = cs;
            count++;
        }

        byte[] get(long i) {
            byte[] out = new byte[H];
            System.arraycopy(chunks[(int) (i >>> CHUNK_SHIFT)], (int) (i & (CHUNK - 1)) * H, out, 0, H);
            return out;
        }
    }
}
