package dev.hallmark.media.testing;

import dev.hallmark.media.I420Frame;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/** Writes an I420 frame as an RGB PNG (BT.601 limited range) so tests and people can look at it. */
public final class FramePng {
    private FramePng() {
    }

    public static BufferedImage toImage(I420Frame f) {
        BufferedImage img = new BufferedImage(f.width(), f.height(), BufferedImage.TYPE_INT_RGB);
        byte[] d = f.data();
        int cw = f.chromaWidth();
        for (int y = 0; y < f.height(); y++) {
            for (int x = 0; x < f.width(); x++) {
                double yy = 1.164 * ((d[y * f.width() + x] & 0xFF) - 16);
                double u = (d[f.uOffset() + (y / 2) * cw + x / 2] & 0xFF) - 128;
                double v = (d[f.vOffset() + (y / 2) * cw + x / 2] & 0xFF) - 128;
                int r = clamp(yy + 1.596 * v);
                int g = clamp(yy - 0.392 * u - 0.813 * v);
                int b = clamp(yy + 2.017 * u);
                img.setRGB(x, y, (r << 16) | (g << 8) | b);
            }
        }
        return img;
    }

    public static void write(I420Frame f, Path png) throws IOException {
        ImageIO.write(toImage(f), "png", png.toFile());
    }

    private static int clamp(double v) {
        return (int) Math.max(0, Math.min(255, Math.round(v)));
    }
}
