package dev.hallmark.watermark.spread;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hallmark.media.FrameRate;
import dev.hallmark.media.I420Frame;
import dev.hallmark.watermark.EmbedOptions;
import dev.hallmark.watermark.WatermarkKey;
import dev.hallmark.watermark.WatermarkPayload;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The embedder's eight-pixels-per-long arithmetic against what it must compute per pixel: every luma change is the
 * cell's sign (or zero) of at most 3 levels, clipped at 0 and 255, and the MSE it reports (which steers the next
 * frame's gain) is the one it caused. Frames mix black, white, ramps and texture, at widths that are and are not
 * multiples of 8 and with one and two worker threads.
 *
 * <p>The digests were produced by the embedder's earlier pixel-by-pixel implementation (before the packed arithmetic)
 * on the same input: the rewrite changed no output bit.
 */
class EmbedderArithmeticTest {
    static final FrameRate RATE = FrameRate.of(24);
    static final WatermarkKey KEY = WatermarkKey.fromSecret(new byte[32], Instant.EPOCH);
    static final WatermarkPayload PAYLOAD = WatermarkPayload.parse("0123456789abcdef");

    @Test
    void laneArithmeticMatchesBytes() {
        Random r = new Random(9);
        for (int i = 0; i < 200_000; i++) {
            long a = r.nextLong();
            long b = i % 3 == 0 ? a ^ (r.nextLong() & 0x0101010101010101L * (i % 7)) : r.nextLong();
            long diff = SpreadSpectrumEmbedder.absDiff(a, b);
            int sum = 0;
            for (int k = 0; k < 64; k += 8) {
                int x = (int) ((a >>> k) & 0xFF);
                int z = (int) ((b >>> k) & 0xFF);
                assertThat((diff >>> k) & 0xFF).isEqualTo((long) Math.abs(x - z));
                sum += x;
            }
            assertThat(SpreadSpectrumEmbedder.laneSum(a)).isEqualTo(sum);
        }
        assertThat(SpreadSpectrumEmbedder.absDiff(0xFF00FF00FF00FF00L, 0x00FF00FF00FF00FFL)).isEqualTo(-1L);
        assertThat(SpreadSpectrumEmbedder.laneSum(-1L)).isEqualTo(8 * 255);
    }

    /** Black and white noise (clipping), ramps, strong texture (the largest changes) and flat grey. */
    static int pixel(int x, int y, int k, Random r) {
        return switch (((x + k * 7) / 97 + y / 61) % 6) {
            case 0 -> r.nextInt(3);
            case 1 -> 253 + r.nextInt(3);
            case 2 -> (x * 3 + y + k * 11) & 0xFF;
            case 3 -> x < 160 && y < 96 ? 128 + r.nextInt(120) - 60 : 128;
            default -> 128;
        };
    }

    @ParameterizedTest(name = "{0}x{1} {2}, {3} thread(s)")
    @CsvSource({
        "1286, 722, synthetic, 1, 74227e7543dfb2e6",
        "1286, 722, default, 2, 304551c68a4bb620",
        "770, 578, synthetic, 2, f429ca17ae635236",
        "770, 578, default, 1, d78a2ec91d41a616",
        "646, 362, synthetic, 1, cb7a13521cac90ee",
        "646, 362, default, 2, a7d54a2ec77b9e26",
        "1280, 720, synthetic, 2, 6230f4d4d97b2ef3",
        "1280, 720, default, 1, de6ec39f28e064c0",
    })
    void changesArePerPixelCorrectAndUnchangedFromTheScalarEmbedder(int w, int h, String marking, int threads,
            String digest) throws Exception {
        EmbedOptions o = (marking.equals("synthetic") ? EmbedOptions.synthetic() : EmbedOptions.defaults())
                .withThreads(threads);
        int n = TileLayout.N;
        byte[] signs = TileLayout.of(KEY).signs(new PayloadCodec(KEY).encode(PAYLOAD));
        int[] colCell = TileGeometry.cellIndex(w, TileGeometry.cellSize(w, h) * o.cellScale());
        int[] rowCell = TileGeometry.cellIndex(h, TileGeometry.cellSize(w, h) * o.cellScale());
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        I420Frame f = new I420Frame(w, h);
        Random r = new Random(5);
        long clipped = 0;
        long full = 0;
        try (SpreadSpectrumEmbedder e = new SpreadSpectrumEmbedder(KEY, PAYLOAD, o, RATE)) {
            for (int k = 0; k < 20; k++) {
                byte[] d = f.data();
                for (int y = 0; y < h; y++) {
                    for (int x = 0; x < w; x++) {
                        d[y * w + x] = (byte) pixel(x, y, k, r);
                    }
                }
                byte[] before = d.clone();
                f.setPosition(k, RATE.timestampMicros(k));
                e.embed(f);
                long sq = 0;
                for (int y = 0; y < h; y++) {
                    for (int x = 0; x < w; x++) {
                        int old = before[y * w + x] & 0xFF;
                        int now = d[y * w + x] & 0xFF;
                        int delta = now - old;
                        sq += (long) delta * delta;
                        assertThat(Math.abs(delta)).as("change at %d,%d", x, y).isLessThanOrEqualTo(3);
                        int sign = signs[rowCell[y] * n + colCell[x]];
                        if (delta != 0) {
                            assertThat(Integer.signum(delta)).as("direction at %d,%d", x, y).isEqualTo(sign);
                        }
                        if (Math.abs(delta) == 3) {
                            full++;
                        }
                        if ((now == 0 && sign < 0) || (now == 255 && sign > 0)) {
                            clipped++;
                        }
                    }
                }
                for (int i = w * h; i < d.length; i++) {
                    assertThat(d[i]).as("chroma untouched").isEqualTo(before[i]);
                }
                assertThat(e.lastMse()).as("reported MSE of frame %d", k).isEqualTo(sq / ((double) w * h));
                md.update(d, 0, w * h);
            }
        }
        assertThat(clipped).as("the frames exercise clipping").isPositive();
        if (marking.equals("default")) { // the synthetic marking's gain never reaches 3 levels
            assertThat(full).as("the frames exercise the largest change").isPositive();
        }
        assertThat(HexFormat.of().formatHex(md.digest()).substring(0, 16)).isEqualTo(digest);
    }
}
