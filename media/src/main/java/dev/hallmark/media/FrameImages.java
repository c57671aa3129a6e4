package dev.hallmark.media;

import java.awt.image.BufferedImage;

/** I420 frames as RGB images (BT.601 limited range), for thumbnails in reports and for people to look at. */
public final class FrameImages {
    private FrameImages() {
    }

    public static BufferedImage toImage(I420Frame f) {
        BufferedImage img = new BufferedImage(f.width(), f.height(), BufferedImage.TYPE_INT_RGB);
        byte[] d = f.data();
        int cw = f.chromaWidth();
        int[] row = new int[f.width()];
        for (int y = 0; y < f.height(); y++) {
            for (int x = 0; x < f.width(); x++) {
                double yy = 1.164 * ((d[y * f.width() + x] & 0xFF) - 16);
                double u = (d[f.uOffset() + (y / 2) * cw + x / 2] & 0xFF) - 128;
                double v = (d[f.vOffset() + (y / 2) * cw + x / 2] & 0xFF) - 128;
                row[x] = clamp(yy + 1.596 * v) << 16 | clamp(yy - 0.392 * u - 0.813 * v) << 8 | clamp(yy + 2.017 * u);
            }
            img.setRGB(0, y, f.width(), 1, row, 0, f.width());
        }
        return img;
    }

    private static int clamp(double v) {
        return (int) Math.max(0, Math.min(255, Math.round(v)));
    }
}
