package dev.hallmark.watermark.spread;

import java.util.ArrayList;
import java.util.List;

/**
 * Folds frames over time: the mean, over all frames, of each frame's {@link ResidualFilter} output at the working
 * resolution. A pattern fixed in the frame adds up while moving content averages out, whatever the frame rate, trims
 * or dropped frames. Partial sums over windows of about a second are kept at half the working resolution for
 * per-window scores; at most {@value #MAX_WINDOWS} windows are kept (neighbours merge when more arrive).
 *
 * <p>Key-independent: one accumulation serves every key a detector tries, and every random key a calibration run
 * tries.
 */
public final class ResidualAccumulator {
    static final int MAX_WINDOWS = 48;

    private final ResidualFilter filter;
    private final int w;
    private final int h;
    private final float[] q;
    private final float[] total;
    private final float[] window;
    /**
     * Per speed 1..{@link SignFlip#MAX_SPEED} (index speed - 1): sums of the residual weighted by the cosine and the
     * sine of the ss3 flip phase at that speed, and the sums of the weights.
     */
    private final float[][] inPhase;
    private final float[][] quadrature;
    private final double[] sumCos;
    private final double[] sumSin;
    /** Speeds demodulated (0: none, for a detector that runs only the fixed-mark search). */
    private final int speeds;
    private long firstMicros = Long.MIN_VALUE;
    private int windowFrames;
    private long windowFirst;
    private long windowFirstMicros;
    private long lastMicros;
    private int windowLength;
    private final List<Window> windows = new ArrayList<>();
    private long frames;

    /** A stored window: half-resolution sum of residuals over {@code frames} frames. */
    public record Window(long firstFrame, int frames, long startMicros, long endMicros, float[] halfSum) {
    }

    /**
     * @param filter       the per-frame operator (fixes frame and working sizes)
     * @param windowFrames frames per window at first
     */
    public ResidualAccumulator(ResidualFilter filter, int windowFrames) {
        this(filter, windowFrames, SignFlip.MAX_SPEED);
    }

    /**
     * @param speeds demodulate at the flip rate times 1..speeds (0: the plain mean only)
     */
    public ResidualAccumulator(ResidualFilter filter, int windowFrames, int speeds) {
        if (windowFrames < 1) {
            throw new IllegalArgumentException("bad window length");
        }
        if (speeds < 0 || speeds > SignFlip.MAX_SPEED) {
            throw new IllegalArgumentException("speeds must be within 0.." + SignFlip.MAX_SPEED);
        }
        this.speeds = speeds;
        this.inPhase = new float[speeds][];
        this.quadrature = new float[speeds][];
        this.sumCos = new double[speeds];
        this.sumSin = new double[speeds];
        this.filter = filter;
        this.w = filter.width();
        this.h = filter.height();
        this.q = new float[w * h];
        this.total = new float[w * h];
        this.window = new float[w * h];
        for (int k = 0; k < speeds; k++) {
            inPhase[k] = new float[w * h];
            quadrature[k] = new float[w * h];
        }
        this.windowLength = windowFrames;
    }

    public int width() {
        return w;
    }

    public int height() {
        return h;
    }

    public long frames() {
        return frames;
    }

    /** Adds one frame's luma (row stride = frame width). */
    public void add(byte[] luma, long timestampMicros) {
        filter.apply(luma, q);
        if (firstMicros == Long.MIN_VALUE) {
            firstMicros = timestampMicros;
        }
        double phase = Math.PI * ((timestampMicros - firstMicros) / 1e6) / SignFlip.INTERVAL_SECONDS;
        float[] win = window;
        for (int i = 0; i < q.length; i++) {
            win[i] += q[i];
        }
        for (int k = 0; k < speeds; k++) {
            float c = (float) Math.cos((k + 1) * phase);
            float s = (float) Math.sin((k + 1) * phase);
            sumCos[k] += c;
            sumSin[k] += s;
            float[] ip = inPhase[k];
            float[] qp = quadrature[k];
            for (int i = 0; i < q.length; i++) {
                float v = q[i];
                ip[i] += c * v;
                qp[i] += s * v;
            }
        }
        if (windowFrames == 0) {
            windowFirst = frames;
            windowFirstMicros = timestampMicros;
        }
        lastMicros = timestampMicros;
        windowFrames++;
        frames++;
        if (windowFrames >= windowLength) {
            closeWindow();
        }
    }

    private void closeWindow() {
        if (windowFrames == 0) {
            return;
        }
        int hw = w / 2;
        int hh = h / 2;
        float[] half = new float[hw * hh];
        for (int y = 0; y < h; y++) {
            int base = y * w;
            for (int x = 0; x < w; x++) {
                float v = window[base + x];
                total[base + x] += v;
                if (x < 2 * hw && y < 2 * hh) {
                    half[(y >> 1) * hw + (x >> 1)] += v;
                }
            }
        }
        java.util.Arrays.fill(window, 0f);
        windows.add(new Window(windowFirst, windowFrames, windowFirstMicros, lastMicros, half));
        windowFrames = 0;
        if (windows.size() > MAX_WINDOWS) {
            List<Window> merged = new ArrayList<>();
            for (int i = 0; i < windows.size(); i += 2) {
                if (i + 1 == windows.size()) {
                    merged.add(windows.get(i));
                    break;
                }
                Window a = windows.get(i);
                Window b = windows.get(i + 1);
                float[] s = a.halfSum().clone();
                for (int j = 0; j < s.length; j++) {
                    s[j] += b.halfSum()[j];
                }
                merged.add(new Window(a.firstFrame(), a.frames() + b.frames(), a.startMicros(), b.endMicros(), s));
            }
            windows.clear();
            windows.addAll(merged);
            windowLength *= 2;
        }
    }

    /** Finishes the open window and returns the folded result. */
    public ResidualImage finish() {
        closeWindow();
        float[] mean = new float[w * h];
        List<ResidualImage.Quadrature> demodulated = new ArrayList<>();
        float inv = frames > 0 ? 1f / frames : 0f;
        for (int i = 0; i < mean.length; i++) {
            mean[i] = total[i] * inv;
        }
        for (int k = 0; k < speeds; k++) {
            float[] ip = new float[w * h];
            float[] qp = new float[w * h];
            if (frames > 0) {
                // zero-mean weights: subtract each weight's mean times the plain sum, so a static picture cancels
                float mc = (float) (sumCos[k] / frames);
                float ms = (float) (sumSin[k] / frames);
                for (int i = 0; i < mean.length; i++) {
                    ip[i] = (inPhase[k][i] - mc * total[i]) * inv;
                    qp[i] = (quadrature[k][i] - ms * total[i]) * inv;
                }
            }
            demodulated.add(new ResidualImage.Quadrature(k + 1, ip, qp));
        }
        return new ResidualImage(w, h, filter.decimation(), filter.frameWidth(), filter.frameHeight(), frames, mean,
                List.copyOf(windows), demodulated);
    }
}
