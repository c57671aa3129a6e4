package dev.hallmark.watermark.spread;

import dev.hallmark.media.I420Frame;
import dev.hallmark.watermark.WatermarkKey;
import dev.hallmark.watermark.WatermarkPayload;

/**
 * The detector's view of one tile when the pattern's position is known (no search): the sum, over frames and over
 * every repetition of the tile, of the {@link ResidualFilter} output inside each of the tile's cells. Correlated with
 * the cell signs it is what the detector's pilots and payload cells read at the true geometry; taken on the unmarked
 * and on the marked copy of the same frames it splits what the detector reads into the mark and the picture.
 *
 * <p>Not thread-safe.
 */
public final class CellSums {
    private final ResidualFilter filter;
    private final int[] cellX;
    private final int[] cellY;
    private final float[] q;
    private final double[] sums = new double[TileLayout.CELLS];
    private long samples;

    /**
     * @param width  frame width
     * @param height frame height
     * @param cellW  cell width in frame pixels (the embedded cell size times any horizontal scaling since)
     * @param cellH  cell height in frame pixels
     */
    public CellSums(int width, int height, double cellW, double cellH) {
        if (!(cellW > 0 && cellH > 0)) {
            throw new IllegalArgumentException("cell size must be positive");
        }
        this.filter = ResidualFilter.forFrame(width, height);
        int k = filter.decimation();
        this.cellX = TileGeometry.cellIndex(filter.width(), cellW / k);
        this.cellY = TileGeometry.cellIndex(filter.height(), cellH / k);
        this.q = new float[filter.width() * filter.height()];
    }

    /** The cell signs (+1/-1, cell index {@code row * 32 + col}) that {@code key} embeds for {@code payload}. */
    public static byte[] signs(WatermarkKey key, WatermarkPayload payload) {
        return TileLayout.of(key).signs(new PayloadCodec(key).encode(payload));
    }

    /** Adds one frame (must have the size given at construction). */
    public void add(I420Frame frame) {
        if (frame.width() != filter.frameWidth() || frame.height() != filter.frameHeight()) {
            throw new IllegalArgumentException("frame size changed to " + frame.width() + "x" + frame.height());
        }
        filter.apply(frame.data(), q);
        int w = filter.width();
        for (int y = 0; y < filter.height(); y++) {
            int row = cellY[y] * TileLayout.N;
            int base = y * w;
            for (int x = 0; x < w; x++) {
                sums[row + cellX[x]] += q[base + x];
            }
        }
        samples += (long) w * filter.height();
    }

    /** Sum per cell so far (a copy). */
    public double[] sums() {
        return sums.clone();
    }

    /** Residual samples added so far (working-resolution pixels times frames). */
    public long samples() {
        return samples;
    }
}
