package dev.hallmark.media;

/**
 * One video frame in planar YUV 4:2:0 (I420), 8 bits, in one heap array: the Y plane ({@code width} x
 * {@code height}, stride {@code width}), then U and V ({@link #chromaWidth()} x {@link #chromaHeight()}, stride
 * {@link #chromaWidth()}). Frames are mutable so the label and the watermark work in place; a reader reuses one
 * frame per call unless asked otherwise.
 *
 * <pre>
 * offset 0                     Y[y * width + x]
 * offset width*height          U[y * cw + x]      cw = (width+1)/2, ch = (height+1)/2
 * offset width*height + cw*ch  V[y * cw + x]
 * </pre>
 */
public final class I420Frame {
    private final int width;
    private final int height;
    private final byte[] data;
    private long index;
    private long timestampMicros;

    public I420Frame(int width, int height) {
        if (width <= 0 || height <= 0 || (long) width * height > 8192L * 8192L) {
            throw new IllegalArgumentException("frame size out of range: " + width + "x" + height);
        }
        this.width = width;
        this.height = height;
        this.data = new byte[bufferSize(width, height)];
    }

    /** Bytes needed for a {@code width} x {@code height} I420 frame. */
    public static int bufferSize(int width, int height) {
        int cw = (width + 1) / 2;
        int ch = (height + 1) / 2;
        return width * height + 2 * cw * ch;
    }

    public int width() {
        return width;
    }

    public int height() {
        return height;
    }

    public int chromaWidth() {
        return (width + 1) / 2;
    }

    public int chromaHeight() {
        return (height + 1) / 2;
    }

    /** The backing array: Y, then U, then V. Writes go straight into the frame. */
    public byte[] data() {
        return data;
    }

    public int uOffset() {
        return width * height;
    }

    public int vOffset() {
        return width * height + chromaWidth() * chromaHeight();
    }

    /** Zero-based position of this frame in its stream. */
    public long index() {
        return index;
    }

    /** Presentation time in microseconds from the start of the stream. */
    public long timestampMicros() {
        return timestampMicros;
    }

    public void setPosition(long index, long timestampMicros) {
        this.index = index;
        this.timestampMicros = timestampMicros;
    }

    /** Luma sample at (x, y), 0..255. */
    public int luma(int x, int y) {
        return data[y * width + x] & 0xFF;
    }

    /** Fills the frame with one colour (Y, U, V in 0..255). */
    public void fill(int y, int u, int v) {
        java.util.Arrays.fill(data, 0, uOffset(), (byte) y);
        java.util.Arrays.fill(data, uOffset(), vOffset(), (byte) u);
        java.util.Arrays.fill(data, vOffset(), data.length, (byte) v);
    }

    /** A deep copy (same position). */
    public I420Frame copy() {
        I420Frame c = new I420Frame(width, height);
        System.arraycopy(data, 0, c.data, 0, data.length);
        c.setPosition(index, timestampMicros);
        return c;
    }
}
