package dev.hallmark.registry.internal;

import java.util.Arrays;

/**
 * Filing id (128-bit ULID) to sequence number, open addressing with linear probing: 24 bytes per slot, no per-entry
 * objects. Thread-safe (synchronized; the single writer inserts in batches).
 */
public final class IdMap {
    private long[] his;
    private long[] los;
    private long[] seqs; // -1 = empty
    private int size;

    public IdMap(int expected) {
        int cap = Integer.highestOneBit(Math.max(16, expected * 2 - 1)) << 1;
        alloc(cap);
    }

    private void alloc(int cap) {
        his = new long[cap];
        los = new long[cap];
        seqs = new long[cap];
        Arrays.fill(seqs, -1L);
    }

    private static int hash(long hi, long lo) {
        long h = hi * 0x9E3779B97F4A7C15L ^ lo * 0xC2B2AE3D27D4EB4FL;
        return (int) (h ^ (h >>> 32));
    }

    /** The seq for id, or -1. */
    public synchronized long get(long hi, long lo) {
        int mask = seqs.length - 1;
        for (int i = hash(hi, lo) & mask; ; i = (i + 1) & mask) {
            if (seqs[i] < 0) {
                return -1;
            }
            if (his[i] == hi && los[i] == lo) {
                return seqs[i];
            }
        }
    }

    /** Inserts; returns false (and changes nothing) if the id is present. */
    public synchronized boolean put(long hi, long lo, long seq) {
        if ((size + 1) * 4L > seqs.length * 3L) {
            grow();
        }
        int mask = seqs.length - 1;
        for (int i = hash(hi, lo) & mask; ; i = (i + 1) & mask) {
            if (seqs[i] < 0) {
                his[i] = hi;
                los[i] = lo;
                seqs[i] = seq;
                size++;
                return true;
            }
            if (his[i] == hi && los[i] == lo) {
                return false;
            }
        }
    }

    public synchronized int size() {
        return size;
    }

    private void grow() {
        long[] oh = his;
        long[] ol = los;
        long[] os = seqs;
        alloc(seqs.length * 2);
        size = 0;
        for (int i = 0; i < os.length; i++) {
            if (os[i] >= 0) {
                put(oh[i], ol[i], os[i]);
            }
        }
    }
}
