package dev.hallmark.generator.pipeline;

import dev.hallmark.generator.FrameSink;
import dev.hallmark.generator.GenerationRequest;
import dev.hallmark.generator.GeneratorException;
import dev.hallmark.generator.ModelInfo;
import dev.hallmark.generator.TextToVideoModel;
import dev.hallmark.generator.scene.SceneModel;
import dev.hallmark.media.EncoderSettings;
import dev.hallmark.media.FrameRate;
import dev.hallmark.media.I420Frame;
import dev.hallmark.media.VideoWriter;
import dev.hallmark.provenance.Passphrase;
import dev.hallmark.provenance.aigc.ProviderCode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongConsumer;
import java.util.stream.Stream;

/**
 * Issue 7's overhead target, side by side in one process: the whole pipeline except model inference (visible
 * label, watermark, encode with the AIGC label, C2PA signing, the self-check's decode + verification, the fsync'd
 * filing, the release) against a bare H.264 encode of the same frames with the same encoder settings. Frames are
 * rendered once into memory and replayed to both, so neither pays for inference. Runs alternate.
 */
public final class PipelineBenchmark {
    /** Medians over the rounds. */
    public record Result(int width, int height, int frames, int rounds, double bareSeconds, double pipelineSeconds,
            Map<String, Long> stepsMs) {
        /** Pipeline time over bare-encode time (target <= 1.25). */
        public double ratio() {
            return pipelineSeconds / bareSeconds;
        }
    }

    private PipelineBenchmark() {
    }

    public static Result run(int width, int height, int frames, int rounds, Path work) throws IOException,
            GeneratorException, dev.hallmark.media.MediaException {
        FrameRate fps = FrameRate.of(24);
        GenerationRequest gr = new GenerationRequest("a yellow square moving right on a striped green background",
                frames / 24.0, width, height, fps, 3, 0, Double.NaN);
        List<byte[]> rendered = new ArrayList<>();
        try (SceneModel scene = new SceneModel()) {
            scene.generate(gr, f -> rendered.add(f.data().clone()), d -> { });
        }
        Path home = Files.createDirectories(work.resolve("bench-home"));
        PipelineSettings settings = new PipelineSettings(home.resolve("keys"), home.resolve("registry"),
                home.resolve("config"), Passphrase.of("bench-only".toCharArray()), ProviderCode.DEMO, "Benchmark",
                "bench", null, 20, System.getProperty("bench.preset", "fast"));
        List<Double> bare = new ArrayList<>();
        List<Double> full = new ArrayList<>();
        Map<String, Long> steps = new LinkedHashMap<>();
        try (CompliancePipeline p = CompliancePipeline.open(settings)) {
            for (int i = -2; i < 2 * rounds; i++) { // rounds -2 and -1 warm up both paths (JIT, caches)
                Path out = work.resolve("bench-" + i + ".mp4");
                long t0 = System.nanoTime();
                if (Math.floorMod(i, 2) == 0) {
                    EncoderSettings es = EncoderSettings.h264(width, height, fps).withCrf(settings.crf())
                            .withPreset(settings.preset());
                    try (VideoWriter w = VideoWriter.create(out, es)) {
                        I420Frame f = new I420Frame(width, height);
                        for (int k = 0; k < rendered.size(); k++) {
                            System.arraycopy(rendered.get(k), 0, f.data(), 0, f.data().length);
                            f.setPosition(k, fps.timestampMicros(k));
                            w.write(f);
                        }
                    }
                    if (i >= 0) {
                        bare.add((System.nanoTime() - t0) / 1e9);
                    }
                } else {
                    GenerateRequest req = new GenerateRequest(gr.prompt(), out, "replay", gr.seconds(), width, height,
                            fps, 3, List.of("cn", "eu", "us-ca"), null, null);
                    PipelineResult r = p.generate(req, new Replay(rendered, width, height, fps), ProgressSink.NONE);
                    if (i >= 0) {
                        full.add((System.nanoTime() - t0) / 1e9);
                        steps = r.timingsMs();
                    }
                }
                Files.deleteIfExists(out);
            }
        } finally {
            deleteTree(home);
        }
        return new Result(width, height, rendered.size(), rounds, median(bare), median(full), steps);
    }

    /** Replays pre-rendered frames: a "model" whose inference costs a copy. */
    private static final class Replay implements TextToVideoModel {
        private final List<byte[]> frames;
        private final ModelInfo info;
        private final int width;
        private final int height;

        Replay(List<byte[]> frames, int width, int height, FrameRate fps) {
            this.frames = frames;
            this.width = width;
            this.height = height;
            this.info = new ModelInfo("replay", "1", null, dev.hallmark.generator.DigitalSourceType.ALGORITHMIC_MEDIA,
                    "Apache-2.0", width, height, frames.size(), fps, "memory");
        }

        @Override
        public ModelInfo info() {
            return info;
        }

        @Override
        public long workUnits(GenerationRequest request) {
            return frames.size();
        }

        @Override
        public <E extends Exception> void generate(GenerationRequest request, FrameSink<E> sink, LongConsumer progress)
                throws E {
            I420Frame f = new I420Frame(width, height);
            for (int k = 0; k < frames.size(); k++) {
                System.arraycopy(frames.get(k), 0, f.data(), 0, f.data().length);
                sink.accept(f);
                progress.accept(k + 1);
            }
        }

        @Override
        public void close() {
        }
    }

    static double median(List<Double> v) {
        List<Double> s = new ArrayList<>(v);
        Collections.sort(s);
        int n = s.size();
        return n % 2 == 1 ? s.get(n / 2) : (s.get(n / 2 - 1) + s.get(n / 2)) / 2;
    }

    private static void deleteTree(Path p) throws IOException {
        if (!Files.exists(p)) {
            return;
        }
        try (Stream<Path> s = Files.walk(p)) {
            for (Path q : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(q);
            }
        }
    }

    /** {@code java ... PipelineBenchmark [WIDTH HEIGHT FRAMES ROUNDS]}. */
    public static void main(String[] args) throws Exception {
        int w = args.length > 0 ? Integer.parseInt(args[0]) : 1280;
        int h = args.length > 1 ? Integer.parseInt(args[1]) : 720;
        int n = args.length > 2 ? Integer.parseInt(args[2]) : 120;
        int rounds = args.length > 3 ? Integer.parseInt(args[3]) : 3;
        Path work = Files.createTempDirectory("pipeline-bench");
        Result r = run(w, h, n, rounds, work);
        System.out.printf(java.util.Locale.ROOT, "pipeline bench %dx%d, %d frames, %d rounds: bare encode %.2f s, "
                + "pipeline %.2f s, ratio %.2f; steps %s%n", r.width(), r.height(), r.frames(), r.rounds(),
                r.bareSeconds(), r.pipelineSeconds(), r.ratio(), r.stepsMs());
    }
}
