package dev.hallmark.generator.pipeline;

import dev.hallmark.generator.GeneratorException;
import dev.hallmark.generator.GeneratorException.Reason;
import dev.hallmark.media.EncoderSettings;
import dev.hallmark.media.I420Frame;
import dev.hallmark.media.MediaException;
import dev.hallmark.media.ReadOptions;
import dev.hallmark.media.VideoInfo;
import dev.hallmark.media.VideoReader;
import dev.hallmark.media.VideoWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Decode -> frame processors (in place) -> H.264 encode, one pass, audio copied by stream copy. The encoder
 * settings are derived from the input (size rounded down to even, same frame rate) by the caller's function.
 */
public final class Transcode {
    /** What happened: frames, time spent. */
    public record Result(VideoInfo input, long frames, long decodeEncodeNanos) {
    }

    private Transcode() {
    }

    /** Default encode for compliant copies: H.264 CRF 20, preset medium, moov first. */
    public static EncoderSettings defaultSettings(VideoInfo in, int width, int height) {
        return EncoderSettings.h264(width, height, in.frameRate()).withCrf(20).withPreset("medium");
    }

    /**
     * Opens {@code in}, runs {@code processors} on every frame (built once the frame size is known), encodes to
     * {@code out} with the settings {@code settings} returns for the input and the tags {@code metadata}.
     */
    public static Result run(Path in, Path out, Function<VideoInfo, EncoderSettings> settings,
            Function<EncoderSettings, List<FrameProcessor>> processors, Map<String, String> metadata,
            ProgressSink progress) throws GeneratorException, MediaException {
        long t0 = System.nanoTime();
        VideoInfo info;
        try (VideoReader probe = VideoReader.open(in)) {
            info = probe.info();
        }
        EncoderSettings s = settings.apply(info).withMetadata(metadata);
        if (info.hasAudio() && s.audioFrom() == null) {
            s = s.withAudioFrom(in);
        }
        List<FrameProcessor> steps = processors.apply(s);
        ReadOptions ro = (s.width() != info.width() || s.height() != info.height())
                ? ReadOptions.defaults().scaledTo(s.width(), s.height()) : ReadOptions.defaults();
        long n = 0;
        long expected = info.frameCount();
        try (VideoReader r = VideoReader.open(in, ro); VideoWriter w = VideoWriter.create(out, s)) {
            I420Frame f;
            I420Frame last = null;
            while ((f = r.next()) != null) {
                // constant frame rate out: a frame whose time is later than the next slot means the source
                // skipped frames (e.g. AVI null frames); repeat the previous frame so the duration is kept.
                long slot = Math.round(f.timestampMicros() * s.frameRate().fps() / 1e6);
                while (last != null && n < slot) {
                    last.setPosition(n, s.frameRate().timestampMicros(n));
                    w.write(last);
                    progress.update(++n, expected);
                }
                if (slot < n - 1) {
                    continue; // more than a frame early: dropped, as a constant-rate muxer would
                }
                f.setPosition(n, s.frameRate().timestampMicros(n));
                for (FrameProcessor p : steps) {
                    p.process(f);
                }
                w.write(f);
                progress.update(++n, expected);
                if (last == null) {
                    last = new I420Frame(f.width(), f.height());
                }
                System.arraycopy(f.data(), 0, last.data(), 0, f.data().length);
            }
        }
        if (n == 0) {
            throw new GeneratorException(Reason.BAD_INPUT, in, "the video has no frames");
        }
        return new Result(info, n, System.nanoTime() - t0);
    }

    /** The input size rounded down to even numbers (4:2:0 H.264 needs them). */
    public static int even(int v) {
        return Math.max(2, v & ~1);
    }
}
