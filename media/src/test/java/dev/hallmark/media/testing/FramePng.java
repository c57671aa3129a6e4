package dev.hallmark.media.testing;

import dev.hallmark.media.FrameImages;
import dev.hallmark.media.I420Frame;
import java.io.IOException;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/** Writes an I420 frame as an RGB PNG so tests and people can look at it. */
public final class FramePng {
    private FramePng() {
    }

    public static void write(I420Frame f, Path png) throws IOException {
        ImageIO.write(FrameImages.toImage(f), "png", png.toFile());
    }
}
