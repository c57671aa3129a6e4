package dev.hallmark.generator.internal;

/** BT.601 limited-range conversions between sRGB bytes and Y'CbCr bytes (the inverse of {@link Upscaler}'s). */
public final class Colour {
    private Colour() {
    }

    /** {r, g, b} 0..255 to {y, u, v} 0..255. */
    public static int[] rgbToYuv(int r, int g, int b) {
        double rf = r / 255.0;
        double gf = g / 255.0;
        double bf = b / 255.0;
        int y = (int) (16.5 + 65.481 * rf + 128.553 * gf + 24.966 * bf);
        int u = (int) (128.5 - 37.797 * rf - 74.203 * gf + 112.0 * bf);
        int v = (int) (128.5 + 112.0 * rf - 93.786 * gf - 18.214 * bf);
        return new int[] {clamp(y), clamp(u), clamp(v)};
    }

    /** {y, u, v} 0..255 to {r, g, b} as doubles 0..255 (not rounded). */
    public static double[] yuvToRgb(double y, double u, double v) {
        double c = (y - 16) * 255.0 / 219.0;
        double d = (u - 128) * 255.0 / 224.0;
        double e = (v - 128) * 255.0 / 224.0;
        double r = c + 1.402 * e;
        double g = c - 0.344136 * d - 0.714136 * e;
        double b = c + 1.772 * d;
        return new double[] {clampD(r), clampD(g), clampD(b)};
    }

    private static int clamp(int v) {
        return v < 0 ? 0 : Math.min(255, v);
    }

    private static double clampD(double v) {
        return v < 0 ? 0 : Math.min(255, v);
    }
}
