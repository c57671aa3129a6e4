package dev.hallmark.watermark.spread;

/**
 * Nominal size of the pattern in a frame: cells of {@code max(2, shortSide / 144)} pixels, so a tile of
 * {@value TileLayout#N} cells spans about 22% of the short side whatever the resolution, and a resized copy of a
 * marked video keeps the pattern at the same size relative to its frame.
 */
public final class TileGeometry {
    /** Cells per short side of the frame. */
    public static final double CELLS_PER_SHORT_SIDE = 144.0;
    public static final double MIN_CELL = 2.0;

    private TileGeometry() {
    }

    /** Cell size in pixels for a frame of this size. */
    public static double cellSize(int width, int height) {
        return Math.max(MIN_CELL, Math.min(width, height) / CELLS_PER_SHORT_SIDE);
    }

    /** Tile period in pixels. */
    public static double period(int width, int height) {
        return TileLayout.N * cellSize(width, height);
    }

    /** Cell index (0..N-1) of every coordinate 0..length-1 for a cell of {@code cell} pixels. */
    static int[] cellIndex(int length, double cell) {
        int[] idx = new int[length];
        for (int i = 0; i < length; i++) {
            idx[i] = (int) Math.floor((i + 0.5) / cell) % TileLayout.N;
        }
        return idx;
    }
}
