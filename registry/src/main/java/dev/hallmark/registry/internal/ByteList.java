package dev.hallmark.registry.internal;

/** A growable array of bytes readable while one thread appends. */
public final class ByteList {
    private volatile byte[] a = new byte[1024];
    private int n;

    public void add(byte v) {
        byte[] x = a;
        if (n == x.length) {
            x = java.util.Arrays.copyOf(x, x.length * 2);
        }
        x[n++] = v;
        a = x;
    }

    public byte get(int i) {
        return a[i];
    }

    public int size() {
        return n;
    }
}
