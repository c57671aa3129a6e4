package dev.hallmark.registry.internal;

/** A growable array of longs readable while one thread appends (readers only read indices below a published size). */
public final class LongList {
    private volatile long[] a = new long[1024];
    private int n;

    public void add(long v) {
        long[] x = a;
        if (n == x.length) {
            x = java.util.Arrays.copyOf(x, x.length * 2);
        }
        x[n++] = v;
        a = x;
    }

    public long get(int i) {
        return a[i];
    }

    public int size() {
        return n;
    }
}
