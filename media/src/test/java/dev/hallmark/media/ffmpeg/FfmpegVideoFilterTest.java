package dev.hallmark.media.ffmpeg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hallmark.media.FrameRate;
import dev.hallmark.media.I420Frame;
import dev.hallmark.media.MediaException;
import dev.hallmark.media.VideoFilter;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;

class FfmpegVideoFilterTest {

    /** Luma = a diagonal gradient that also encodes the frame number; chroma flat. */
    private static I420Frame frame(int w, int h, int n) {
        I420Frame f = new I420Frame(w, h);
        f.fill(0, 128, 128);
        byte[] d = f.data();
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                d[y * w + x] = (byte) (16 + (x + 2 * y + 7 * n) % 200);
            }
        }
        return f;
    }

    private static List<I420Frame> run(String graph, int w, int h, int frames, IntFunction<I420Frame> source)
            throws MediaException {
        List<I420Frame> out = new ArrayList<>();
        try (VideoFilter f = VideoFilter.create(graph, w, h, FrameRate.of(10))) {
            for (int i = 0; i < frames; i++) {
                f.push(source.apply(i));
                for (I420Frame o; (o = f.poll()) != null; ) {
                    out.add(o.copy());
                }
            }
            f.finish();
            for (I420Frame o; (o = f.poll()) != null; ) {
                out.add(o.copy());
            }
        }
        return out;
    }

    @Test
    void nullGraphPassesFramesThroughBitExact() throws Exception {
        List<I420Frame> out = run("null", 64, 48, 5, i -> frame(64, 48, i));
        assertThat(out).hasSize(5);
        for (int i = 0; i < 5; i++) {
            assertThat(out.get(i).data()).isEqualTo(frame(64, 48, i).data());
            assertThat(out.get(i).index()).isEqualTo(i);
            assertThat(out.get(i).timestampMicros()).isEqualTo(i * 100_000L);
        }
    }

    @Test
    void cropTakesTheRequestedWindow() throws Exception {
        List<I420Frame> out = run("crop=32:16:8:4", 64, 48, 1, i -> frame(64, 48, 0));
        I420Frame src = frame(64, 48, 0);
        I420Frame o = out.get(0);
        assertThat(o.width()).isEqualTo(32);
        assertThat(o.height()).isEqualTo(16);
        for (int y = 0; y < 16; y++) {
            for (int x = 0; x < 32; x++) {
                assertThat(o.luma(x, y)).isEqualTo(src.luma(x + 8, y + 4));
            }
        }
    }

    @Test
    void scaleChangesTheOutputSize() throws Exception {
        try (VideoFilter f = VideoFilter.create("scale=32:24", 64, 48, FrameRate.of(10))) {
            assertThat(f.outputWidth()).isEqualTo(32);
            assertThat(f.outputHeight()).isEqualTo(24);
            f.push(frame(64, 48, 0));
            f.finish();
            I420Frame o = f.poll();
            assertThat(o.width()).isEqualTo(32);
            assertThat(o.height()).isEqualTo(24);
        }
    }

    @Test
    void hflipMirrorsLuma() throws Exception {
        I420Frame src = frame(64, 48, 3);
        I420Frame o = run("hflip", 64, 48, 1, i -> src).get(0);
        for (int y = 0; y < 48; y++) {
            for (int x = 0; x < 64; x++) {
                assertThat(o.luma(x, y)).isEqualTo(src.luma(63 - x, y));
            }
        }
    }

    @Test
    void brightnessRaisesMeanLuma() throws Exception {
        I420Frame src = frame(64, 48, 0);
        I420Frame o = run("eq=brightness=0.2", 64, 48, 1, i -> src).get(0);
        assertThat(meanLuma(o)).isGreaterThan(meanLuma(src) + 20);
    }

    @Test
    void frameRateAndSpeedFiltersChangeTheFrameCount() throws Exception {
        assertThat(run("fps=20", 32, 32, 10, i -> frame(32, 32, i))).hasSizeBetween(17, 21);
        assertThat(run("select='not(eq(mod(n\\,3)\\,2))'", 32, 32, 9, i -> frame(32, 32, i))).hasSize(6);
        List<I420Frame> fast = run("setpts=0.5*PTS,fps=10", 32, 32, 20, i -> frame(32, 32, i));
        assertThat(fast).hasSizeBetween(9, 11);
        try (VideoFilter f = VideoFilter.create("fps=25", 32, 32, FrameRate.of(10))) {
            assertThat(f.outputFrameRate()).isEqualTo(FrameRate.of(25));
        }
    }

    @Test
    void aGraphThatEndsByItselfDropsLaterFramesEvenFollowedByAnotherFilter() throws Exception {
        // trim ends the stream after 1 s (10 frames at 10 fps); a filter after it must not turn that into an error
        List<I420Frame> out = run("trim=duration=1,crop=trunc(iw/2)*2:trunc(ih/2)*2", 32, 32, 30,
                i -> frame(32, 32, i));
        assertThat(out).hasSize(10);
    }

    @Test
    void badGraphsAreRefusedWithAReason() {
        assertThatThrownBy(() -> VideoFilter.create("nosuchfilter=3", 32, 32, FrameRate.of(10)))
                .isInstanceOf(MediaException.class)
                .satisfies(e -> assertThat(((MediaException) e).reason()).isEqualTo(MediaException.Reason.UNSUPPORTED))
                .hasMessageContaining("nosuchfilter");
        assertThatThrownBy(() -> VideoFilter.create("crop=w=", 32, 32, FrameRate.of(10)))
                .isInstanceOf(MediaException.class);
        assertThatThrownBy(() -> VideoFilter.create(" ", 32, 32, FrameRate.of(10)))
                .isInstanceOf(MediaException.class);
        assertThatThrownBy(() -> VideoFilter.create("null,".repeat(2000), 32, 32, FrameRate.of(10)))
                .isInstanceOf(MediaException.class)
                .satisfies(e -> assertThat(((MediaException) e).reason())
                        .isEqualTo(MediaException.Reason.LIMIT_EXCEEDED));
    }

    @Test
    void wrongFrameSizeIsABug() throws Exception {
        try (VideoFilter f = VideoFilter.create("null", 32, 32, FrameRate.of(10))) {
            assertThatThrownBy(() -> f.push(new I420Frame(16, 16))).isInstanceOf(IllegalArgumentException.class);
        }
    }

    private static double meanLuma(I420Frame f) {
        long s = 0;
        for (int i = 0; i < f.width() * f.height(); i++) {
            s += f.data()[i] & 0xFF;
        }
        return (double) s / (f.width() * f.height());
    }
}
