package dev.hallmark.generator.pipeline;

import dev.hallmark.generator.GeneratorException;
import dev.hallmark.media.EncoderSettings;
import dev.hallmark.media.MediaException;
import dev.hallmark.media.VideoInfo;
import dev.hallmark.watermark.label.LabelSpec;
import dev.hallmark.watermark.label.VisibleLabel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Issue 2's speed target, measured side by side in one process: {@code label} (decode + visible label + encode)
 * against a bare decode + encode of the same clip with the same encoder settings. Runs alternate (bare, label,
 * bare, label ...) so drift in machine load hits both; the ratio of the medians is reported.
 */
public final class LabelBenchmark {
    /** Medians over the rounds, in seconds, and their ratio. */
    public record Result(int rounds, long frames, int width, int height, double bareSeconds, double labelSeconds) {
        public double ratio() {
            return labelSeconds / bareSeconds;
        }

        public double labelFps() {
            return frames / labelSeconds;
        }
    }

    private LabelBenchmark() {
    }

    public static Result run(Path clip, int rounds, Path workDir) throws IOException, MediaException, GeneratorException {
        List<Double> bare = new ArrayList<>();
        List<Double> label = new ArrayList<>();
        long frames = 0;
        int[] size = new int[2];
        Function<VideoInfo, EncoderSettings> settings = i -> {
            size[0] = Transcode.even(i.width());
            size[1] = Transcode.even(i.height());
            return Transcode.defaultSettings(i, size[0], size[1]);
        };
        for (int i = 0; i < rounds * 2; i++) {
            boolean withLabel = (i % 2) == 1;
            Path out = workDir.resolve("bench-" + i + ".mp4");
            long t0 = System.nanoTime();
            Transcode.Result r = Transcode.run(clip, out, settings,
                    s -> withLabel
                            ? List.of(VisibleLabel.prepare(LabelSpec.defaults(), s.width(), s.height(), s.frameRate())::apply)
                            : List.of(),
                    Map.of(), ProgressSink.NONE);
            double secs = (System.nanoTime() - t0) / 1e9;
            (withLabel ? label : bare).add(secs);
            frames = r.frames();
            Files.deleteIfExists(out);
        }
        return new Result(rounds, frames, size[0], size[1], median(bare), median(label));
    }

    static double median(List<Double> v) {
        List<Double> s = new ArrayList<>(v);
        Collections.sort(s);
        int n = s.size();
        return n % 2 == 1 ? s.get(n / 2) : (s.get(n / 2 - 1) + s.get(n / 2)) / 2;
    }

    /** {@code java ... LabelBenchmark CLIP [ROUNDS]}: prints the medians and the ratio. */
    public static void main(String[] args) throws Exception {
        Path clip = Path.of(args[0]);
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        Path work = Files.createTempDirectory("label-bench");
        Result r = run(clip, rounds, work);
        System.out.printf(java.util.Locale.ROOT,
                "label bench: %dx%d, %d frames, %d rounds: bare decode+encode %.2f s, label %.2f s, ratio %.3f (%.1f fps)%n",
                r.width(), r.height(), r.frames(), r.rounds(), r.bareSeconds(), r.labelSeconds(), r.ratio(), r.labelFps());
        Files.deleteIfExists(work);
    }
}
