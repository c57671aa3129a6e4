package dev.hallmark.media.testing;

import dev.hallmark.media.EncoderSettings;
import dev.hallmark.media.FrameRate;
import dev.hallmark.media.I420Frame;
import dev.hallmark.media.MediaException;
import dev.hallmark.media.VideoReader;
import dev.hallmark.media.VideoWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.concurrent.ConcurrentHashMap;

/** Test clips for every module's tests: the bundled real footage, and small synthetic clips made on the fly. */
public final class TestClips {
    private static final ConcurrentHashMap<String, Path> EXTRACTED = new ConcurrentHashMap<>();
    private static Path dir;

    private TestClips() {
    }

    /** A bundled fixture (e.g. {@code video/vtest.avi}, {@code hostile/nested_moov_1000.mp4}) as a real file. */
    public static Path fixture(String name) {
        return EXTRACTED.computeIfAbsent(name, n -> {
            try (InputStream in = TestClips.class.getResourceAsStream("/fixtures/" + n)) {
                if (in == null) {
                    throw new IllegalArgumentException("no test fixture " + n);
                }
                Path out = tempDir().resolve(n.replace('/', '_'));
                Files.copy(in, out, StandardCopyOption.REPLACE_EXISTING);
                return out;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    private static synchronized Path tempDir() throws IOException {
        if (dir == null) {
            dir = Files.createTempDirectory("hallmark-fixtures");
            dir.toFile().deleteOnExit();
        }
        return dir;
    }

    /**
     * Writes an H.264 clip of a textured background with a moving bright square (enough detail for codecs and
     * watermarks to behave as on real video).
     */
    public static Path synthetic(Path out, int width, int height, int frames, FrameRate fps, boolean faststart)
            throws MediaException {
        EncoderSettings s = EncoderSettings.h264(width, height, fps).withPreset("veryfast").withFaststart(faststart);
        try (VideoWriter w = VideoWriter.create(out, s)) {
            I420Frame f = new I420Frame(width, height);
            for (int i = 0; i < frames; i++) {
                paint(f, i);
                w.write(f);
            }
        }
        return out;
    }

    /** Paints frame {@code t} of the synthetic pattern into {@code f}. */
    public static void paint(I420Frame f, int t) {
        byte[] d = f.data();
        int w = f.width();
        int h = f.height();
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int v = 60 + ((x * 3 + y * 2 + t * 4) & 63) + (((x / 16) ^ (y / 16)) & 1) * 40;
                d[y * w + x] = (byte) v;
            }
        }
        int size = Math.max(8, h / 6);
        int sx = (t * 7) % Math.max(1, w - size);
        int sy = h / 3;
        for (int y = sy; y < sy + size && y < h; y++) {
            for (int x = sx; x < sx + size; x++) {
                d[y * w + x] = (byte) 230;
            }
        }
        int cw = f.chromaWidth();
        int ch = f.chromaHeight();
        for (int y = 0; y < ch; y++) {
            for (int x = 0; x < cw; x++) {
                d[f.uOffset() + y * cw + x] = (byte) (128 + ((x + t) & 31) - 16);
                d[f.vOffset() + y * cw + x] = (byte) (128 + ((y - t) & 31) - 16);
            }
        }
    }

    /** MD5 over every decoded frame's I420 bytes, like FFmpeg's framemd5 summed into one digest. */
    public static String frameDigest(Path file) throws MediaException {
        try (VideoReader r = VideoReader.open(file)) {
            MessageDigest md = MessageDigest.getInstance("MD5");
            I420Frame f;
            long n = 0;
            while ((f = r.next()) != null) {
                md.update(f.data());
                n++;
            }
            return n + ":" + HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
