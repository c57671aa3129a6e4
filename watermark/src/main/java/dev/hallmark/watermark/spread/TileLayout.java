package dev.hallmark.watermark.spread;

import dev.hallmark.watermark.WatermarkKey;

/**
 * The keyed arrangement of one tile: {@value #N} x {@value #N} cells, one pilot cell in every 2 x 2 block (keyed
 * position, {@value #PILOTS} pilots in all, evenly spread for synchronisation) and {@value #DATA} data cells that carry
 * the 264 coded bits about three times each, in a keyed scatter. Every cell has a keyed chip (+1/-1). All of it comes
 * from the key's PRF, so without the key the pattern is noise.
 *
 * <p>Cell index {@code row * N + col}.
 */
public final class TileLayout {
    /** Cells per tile side. */
    public static final int N = 32;
    public static final int CELLS = N * N;
    public static final int PILOTS = CELLS / 4;
    public static final int DATA = CELLS - PILOTS;
    private static final String PURPOSE = "hallmark.watermark.ss1/tile-layout";

    private final boolean[] pilot = new boolean[CELLS];
    private final byte[] chip = new byte[CELLS];
    /** Coded bit carried by each data cell; -1 for pilots. */
    private final short[] bitOf = new short[CELLS];
    private final int[] pilotCells = new int[PILOTS];
    private final int[] dataCells = new int[DATA];

    private TileLayout(byte[] stream) {
        int[] pos = {0};
        // pilots: one per 2x2 block
        int np = 0;
        for (int br = 0; br < N / 2; br++) {
            for (int bc = 0; bc < N / 2; bc++) {
                int k = nextInt(stream, pos, 4);
                int cell = (2 * br + (k >> 1)) * N + 2 * bc + (k & 1);
                pilot[cell] = true;
                pilotCells[np++] = cell;
            }
        }
        int nd = 0;
        for (int c = 0; c < CELLS; c++) {
            if (!pilot[c]) {
                dataCells[nd++] = c;
            }
        }
        // keyed scatter of the data cells (Fisher-Yates)
        int[] order = dataCells.clone();
        for (int i = order.length - 1; i > 0; i--) {
            int j = nextInt(stream, pos, i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        java.util.Arrays.fill(bitOf, (short) -1);
        for (int i = 0; i < order.length; i++) {
            bitOf[order[i]] = (short) (i % PayloadCodec.CODED_BITS);
        }
        for (int c = 0; c < CELLS; c++) {
            chip[c] = (byte) (nextInt(stream, pos, 2) == 0 ? 1 : -1);
        }
    }

    /** The layout for {@code key}. */
    public static TileLayout of(WatermarkKey key) {
        return new TileLayout(key.derive(PURPOSE, 16 * 1024));
    }

    /** Uniform integer in [0, bound) by rejection sampling 32-bit words from the stream. */
    private static int nextInt(byte[] s, int[] pos, int bound) {
        long limit = (0x1_0000_0000L / bound) * bound;
        while (true) {
            if (pos[0] + 4 > s.length) {
                throw new IllegalStateException("layout stream exhausted");
            }
            int p = pos[0];
            long v = ((s[p] & 0xFFL) << 24) | ((s[p + 1] & 0xFFL) << 16) | ((s[p + 2] & 0xFFL) << 8) | (s[p + 3] & 0xFFL);
            pos[0] += 4;
            if (v < limit) {
                return (int) (v % bound);
            }
        }
    }

    public boolean isPilot(int cell) {
        return pilot[cell];
    }

    public int chip(int cell) {
        return chip[cell];
    }

    /** Coded bit of a data cell, -1 for a pilot. */
    public int bitOf(int cell) {
        return bitOf[cell];
    }

    int[] pilotCells() {
        return pilotCells;
    }

    int[] dataCells() {
        return dataCells;
    }

    /** Sign (+1/-1) of every cell for the given coded bits: pilots carry their chip, data cells chip x (1 - 2 bit). */
    public byte[] signs(int[] codedBits) {
        if (codedBits.length != PayloadCodec.CODED_BITS) {
            throw new IllegalArgumentException("expected " + PayloadCodec.CODED_BITS + " coded bits");
        }
        byte[] s = new byte[CELLS];
        for (int c = 0; c < CELLS; c++) {
            s[c] = pilot[c] ? chip[c] : (byte) (chip[c] * (1 - 2 * codedBits[bitOf[c]]));
        }
        return s;
    }
}
