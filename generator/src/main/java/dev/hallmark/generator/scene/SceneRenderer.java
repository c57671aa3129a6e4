package dev.hallmark.generator.scene;

import dev.hallmark.generator.internal.Colour;
import dev.hallmark.generator.scene.Vocabulary.Motion;
import dev.hallmark.generator.scene.Vocabulary.Shape;
import dev.hallmark.media.I420Frame;
import java.util.SplittableRandom;

/**
 * Draws a {@link SceneSpec} straight into I420 frames of any size: the background is prepared once, then each frame
 * copies it and blends one anti-aliased shape (signed distance, one-pixel ramp) over the shape's bounding box.
 * Geometry follows the tiny-t2v training clips (tools/train/tiny_t2v/data.py) in units where the short side of the
 * frame is 32, and the motion spans the whole clip: frame i of n is at {@code u = i / (n - 1)}.
 */
public final class SceneRenderer {
    private final SceneSpec spec;
    private final int width;
    private final int height;
    private final int frames;
    private final double k; // pixels per unit
    private final byte[] background;
    private final int objY;
    private final int objU;
    private final int objV;
    // trajectory parameters (units)
    private double x0;
    private double y0;
    private double x1;
    private double y1;
    private double r0;
    private double r1;
    private double theta0;
    private double spin;
    private double hop;
    private double phase;

    public SceneRenderer(SceneSpec spec, int width, int height, int frames, long seed) {
        if (frames < 1) {
            throw new IllegalArgumentException("frames must be >= 1");
        }
        this.spec = spec;
        this.width = width;
        this.height = height;
        this.frames = frames;
        this.k = Math.min(width, height) / 32.0;
        int[] rgb = Vocabulary.COLOURS.get(spec.colour());
        int[] yuv = Colour.rgbToYuv(rgb[0], rgb[1], rgb[2]);
        objY = yuv[0];
        objU = yuv[1];
        objV = yuv[2];
        background = background(spec.background(), width, height);
        plan(new SplittableRandom(seed));
    }

    private void plan(SplittableRandom rnd) {
        double ex = width / k;
        double ey = height / k;
        spin = 0;
        hop = 0;
        theta0 = 0;
        switch (spec.motion()) {
            case LEFT, RIGHT, UP, DOWN -> {
                r0 = r1 = uniform(rnd, 3.5, 5.5);
                boolean horizontal = spec.motion() == Motion.LEFT || spec.motion() == Motion.RIGHT;
                double e = horizontal ? ex : ey;
                double ec = horizontal ? ey : ex;
                double lo = r0 + 1;
                double hi = e - r0 - 1;
                double dist = Math.min(uniform(rnd, 14, 20) * e / 32, hi - lo - 0.5);
                double start = uniform(rnd, lo + dist, hi);
                double end = start - dist;
                if (spec.motion() == Motion.RIGHT || spec.motion() == Motion.DOWN) {
                    start = e - start;
                    end = start + dist;
                }
                double cross = uniform(rnd, r0 + 2, ec - r0 - 2);
                if (horizontal) {
                    x0 = start;
                    x1 = end;
                    y0 = y1 = cross;
                } else {
                    y0 = start;
                    y1 = end;
                    x0 = x1 = cross;
                }
            }
            case BOUNCING -> {
                r0 = r1 = uniform(rnd, 3.5, 5.0);
                x0 = x1 = uniform(rnd, r0 + 3, ex - r0 - 3);
                y0 = y1 = ey - r0 - 1.5; // the floor
                hop = uniform(rnd, 10, 16) * ey / 32;
                phase = rnd.nextDouble();
            }
            case SPINNING, STILL -> {
                r0 = r1 = uniform(rnd, 4.5, 6.5);
                x0 = x1 = uniform(rnd, r0 + 4, ex - r0 - 4);
                y0 = y1 = uniform(rnd, r0 + 4, ey - r0 - 4);
                if (spec.motion() == Motion.SPINNING) {
                    theta0 = rnd.nextDouble() * 2 * Math.PI;
                    spin = (rnd.nextBoolean() ? 1 : -1) * 2 * Math.PI;
                }
            }
            case GROWING, SHRINKING -> {
                double small = uniform(rnd, 2.0, 3.0);
                double big = uniform(rnd, 7.0, 9.0);
                r0 = spec.motion() == Motion.GROWING ? small : big;
                r1 = spec.motion() == Motion.GROWING ? big : small;
                x0 = x1 = uniform(rnd, big + 2, ex - big - 2);
                y0 = y1 = uniform(rnd, big + 2, ey - big - 2);
            }
            case CIRCLING -> {
                r0 = r1 = uniform(rnd, 3.5, 5.0);
                x0 = ex / 2;
                y0 = ey / 2;
                hop = Math.min(ex, ey) / 2 - r0 - 2; // orbit radius
                phase = rnd.nextDouble() * 2 * Math.PI;
            }
        }
    }

    private static double uniform(SplittableRandom r, double lo, double hi) {
        return hi <= lo ? lo : lo + (hi - lo) * r.nextDouble();
    }

    /** Draws frame {@code index} (0-based) into {@code out} (which must be width x height). */
    public void render(int index, I420Frame out) {
        if (out.width() != width || out.height() != height) {
            throw new IllegalArgumentException("frame size mismatch");
        }
        byte[] d = out.data();
        System.arraycopy(background, 0, d, 0, background.length);
        double u = frames == 1 ? 0 : (double) index / (frames - 1);
        double cx = x0 + (x1 - x0) * u;
        double cy = y0 + (y1 - y0) * u;
        double r = r0 + (r1 - r0) * u;
        double theta = theta0 + spin * u;
        if (spec.motion() == Motion.BOUNCING) {
            cy = y0 - hop * Math.abs(Math.sin(Math.PI * (2 * u + phase)));
        } else if (spec.motion() == Motion.CIRCLING) {
            cx = x0 + hop * Math.cos(phase + 2 * Math.PI * u);
            cy = y0 + hop * Math.sin(phase + 2 * Math.PI * u);
        }
        Sdf sdf = new Sdf(spec.shape(), r, theta);
        double extent = sdf.extent() * k + 2;
        double pcx = cx * k;
        double pcy = cy * k;
        // luma
        int xa = Math.max(0, (int) Math.floor(pcx - extent));
        int xb = Math.min(width - 1, (int) Math.ceil(pcx + extent));
        int ya = Math.max(0, (int) Math.floor(pcy - extent));
        int yb = Math.min(height - 1, (int) Math.ceil(pcy + extent));
        for (int y = ya; y <= yb; y++) {
            double py = (y + 0.5 - pcy) / k;
            int row = y * width;
            for (int x = xa; x <= xb; x++) {
                double cov = 0.5 - sdf.distance((x + 0.5 - pcx) / k, py) * k;
                if (cov <= 0) {
                    continue;
                }
                blend(d, row + x, objY, cov);
            }
        }
        // chroma, one sample per 2x2 block at its centre, ramp two luma pixels wide
        int cw = out.chromaWidth();
        int uo = out.uOffset();
        int vo = out.vOffset();
        for (int y = ya / 2; y <= Math.min(out.chromaHeight() - 1, yb / 2); y++) {
            double py = (2 * y + 1 - pcy) / k;
            for (int x = xa / 2; x <= Math.min(cw - 1, xb / 2); x++) {
                double cov = 0.5 - sdf.distance((2 * x + 1 - pcx) / k, py) * k / 2;
                if (cov <= 0) {
                    continue;
                }
                blend(d, uo + y * cw + x, objU, cov);
                blend(d, vo + y * cw + x, objV, cov);
            }
        }
    }

    private static void blend(byte[] d, int i, int value, double cov) {
        if (cov >= 1) {
            d[i] = (byte) value;
        } else {
            int bg = d[i] & 0xFF;
            d[i] = (byte) (int) (bg + (value - bg) * cov + 0.5);
        }
    }

    /** Background as an I420 buffer: a flat colour, or one of the named gradients. */
    static byte[] background(String name, int w, int h) {
        I420Frame f = new I420Frame(w, h);
        int[][] stops = switch (name) {
            case "sky" -> new int[][] {{70, 130, 220}, {175, 210, 245}};
            case "sunset" -> new int[][] {{60, 40, 110}, {250, 150, 60}};
            case "night" -> new int[][] {{4, 6, 20}, {30, 36, 80}};
            case "grass" -> new int[][] {{110, 170, 230}, {170, 210, 240}, {60, 140, 55}, {40, 110, 40}};
            default -> null;
        };
        if (stops == null) {
            int[] rgb = Vocabulary.BACKGROUNDS.containsKey(name) ? Vocabulary.BACKGROUNDS.get(name)
                    : Vocabulary.COLOURS.get(name);
            int[] yuv = Colour.rgbToYuv(rgb[0], rgb[1], rgb[2]);
            f.fill(yuv[0], yuv[1], yuv[2]);
            return f.data();
        }
        byte[] d = f.data();
        int cw = f.chromaWidth();
        for (int y = 0; y < h; y++) {
            int[] yuv = gradient(stops, (y + 0.5) / h);
            java.util.Arrays.fill(d, y * w, y * w + w, (byte) yuv[0]);
            if (y % 2 == 0) {
                int cy = y / 2;
                java.util.Arrays.fill(d, f.uOffset() + cy * cw, f.uOffset() + cy * cw + cw, (byte) yuv[1]);
                java.util.Arrays.fill(d, f.vOffset() + cy * cw, f.vOffset() + cy * cw + cw, (byte) yuv[2]);
            }
        }
        return d;
    }

    private static int[] gradient(int[][] stops, double t) {
        if (stops.length == 4) { // horizon at 60%: sky gradient above, ground gradient below
            return t < 0.6 ? gradient(new int[][] {stops[0], stops[1]}, t / 0.6)
                    : gradient(new int[][] {stops[2], stops[3]}, (t - 0.6) / 0.4);
        }
        int[] a = stops[0];
        int[] b = stops[1];
        return Colour.rgbToYuv((int) Math.round(a[0] + (b[0] - a[0]) * t), (int) Math.round(a[1] + (b[1] - a[1]) * t),
                (int) Math.round(a[2] + (b[2] - a[2]) * t));
    }

    /** Signed distance (units) to a shape of size r centred at the origin, rotated by theta. */
    static final class Sdf {
        private final Shape shape;
        private final double r;
        private final double c;
        private final double s;

        Sdf(Shape shape, double r, double theta) {
            this.shape = shape;
            this.r = r;
            this.c = Math.cos(theta);
            this.s = Math.sin(theta);
        }

        /** Radius of a circle (units) that contains the shape. */
        double extent() {
            return switch (shape) {
                case TRIANGLE -> 1.3 * r;
                case SQUARE -> 0.88 * r * Math.sqrt(2);
                case DIAMOND -> 1.2 * r;
                case CROSS -> r * 1.06;
                default -> r;
            };
        }

        double distance(double px, double py) {
            double qx = c * px + s * py;
            double qy = -s * px + c * py;
            return switch (shape) {
                case CIRCLE -> Math.sqrt(px * px + py * py) - r;
                case SQUARE -> box(qx, qy, 0.88 * r, 0.88 * r);
                case DIAMOND -> {
                    double h = 1.2 * r / Math.sqrt(2);
                    double a = (qx - qy) / Math.sqrt(2);
                    double b = (qx + qy) / Math.sqrt(2);
                    yield box(a, b, h, h);
                }
                case TRIANGLE -> {
                    double ri = 1.3 * r / 2;
                    double d = -1e9;
                    for (int i = 0; i < 3; i++) {
                        double a = Math.PI / 2 + i * 2 * Math.PI / 3;
                        d = Math.max(d, qx * Math.cos(a) + qy * Math.sin(a) - ri);
                    }
                    yield d;
                }
                case RING -> Math.abs(Math.sqrt(px * px + py * py) - 0.78 * r) - 0.22 * r;
                case CROSS -> Math.min(box(qx, qy, r * 0.95, r * 0.32), box(qx, qy, r * 0.32, r * 0.95));
                case STAR -> star(qx, -qy, r, 5, 3.0);
                case HEXAGON -> star(qx, qy, r, 6, 2.0);
            };
        }

        private static double box(double x, double y, double hx, double hy) {
            double ax = Math.abs(x) - hx;
            double ay = Math.abs(y) - hy;
            double outside = Math.hypot(Math.max(ax, 0), Math.max(ay, 0));
            return outside + Math.min(Math.max(ax, ay), 0);
        }

        /** Regular star / polygon (Inigo Quilez's sdStar): n points, m in [2, n] (2 = polygon). */
        private static double star(double x, double y, double r, int n, double m) {
            double an = Math.PI / n;
            double en = Math.PI / m;
            double acx = Math.cos(an);
            double acy = Math.sin(an);
            double ecx = Math.cos(en);
            double ecy = Math.sin(en);
            double a = Math.atan2(x, y);
            double bn = a - 2 * an * Math.floor(a / (2 * an)) - an;
            double len = Math.hypot(x, y);
            double px = len * Math.cos(bn) - r * acx;
            double py = len * Math.abs(Math.sin(bn)) - r * acy;
            double t = Math.max(0, Math.min(r * acy / ecy, -(px * ecx + py * ecy)));
            px += ecx * t;
            py += ecy * t;
            return Math.hypot(px, py) * Math.signum(px);
        }
    }
}
