package dev.hallmark.generator.eval;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.hallmark.generator.GenerationRequest;
import dev.hallmark.generator.GeneratorOptions;
import dev.hallmark.generator.Generators;
import dev.hallmark.generator.TextToVideoModel;
import dev.hallmark.media.FrameRate;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Model speed: load time, and per request the time to the last sampler step (text encoding + sampling) and to the
 * last frame (+ decoding, resampling, I420), median of a few runs. Frames go to a sink that drops them, so this is
 * model inference only (the pipeline's label/watermark/encode/sign come on top). Writes
 * {@code generator-bench.json} (schema {@code hallmark.generator-bench/1}).
 */
public final class GeneratorBenchmark {

    /** One measured case. */
    public record Case(String model, String engine, String runtime, int width, int height, double seconds, int fps,
            int frames, double loadSeconds, double samplingSeconds, double totalSeconds, double framesPerSecond) {
    }

    private GeneratorBenchmark() {
    }

    public static Case measure(String model, GeneratorOptions options, GenerationRequest req, int runs)
            throws Exception {
        long l0 = System.nanoTime();
        try (TextToVideoModel m = Generators.load(model, options)) {
            double load = (System.nanoTime() - l0) / 1e9;
            long steps = m.workUnits(req) - req.frameCount();
            List<double[]> times = new ArrayList<>();
            for (int r = 0; r < runs + 1; r++) { // first run warms up
                long t0 = System.nanoTime();
                long[] sampled = {t0};
                m.generate(req.withSeed(r), f -> { }, p -> {
                    if (p == steps) {
                        sampled[0] = System.nanoTime();
                    }
                });
                long t1 = System.nanoTime();
                if (r > 0) {
                    times.add(new double[] {(sampled[0] - t0) / 1e9, (t1 - t0) / 1e9});
                }
            }
            times.sort((a, b) -> Double.compare(a[1], b[1]));
            double[] med = times.get(times.size() / 2);
            return new Case(model, options.engine().name(), m.info().runtime(), req.width(), req.height(),
                    req.seconds(), (int) Math.round(req.fps().fps()), req.frameCount(), load, med[0], med[1],
                    req.frameCount() / med[1]);
        }
    }

    /** {@code GeneratorBenchmark [outDir] [runs]}. */
    public static void main(String[] args) throws Exception {
        Path out = Path.of(args.length > 0 ? args[0] : "target/bench");
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        GenerationRequest dflt = GenerationRequest.of("a red circle moving left on a black background");
        List<Case> cases = new ArrayList<>();
        GeneratorOptions onnx = GeneratorOptions.defaults().withEngine(GeneratorOptions.Engine.ONNX_RUNTIME);
        GeneratorOptions torch = GeneratorOptions.defaults().withEngine(GeneratorOptions.Engine.PYTORCH);
        cases.add(measure("tiny-t2v", onnx, dflt, runs));
        cases.add(measure("tiny-t2v", torch, dflt, runs));
        cases.add(measure("tiny-t2v", onnx, dflt.withSize(1280, 720), runs));
        cases.add(measure("scene", GeneratorOptions.defaults(), dflt.withSize(1280, 720).withFps(FrameRate.of(30)),
                runs));
        cases.add(measure("scene", GeneratorOptions.defaults(), dflt.withSize(1920, 1080).withFps(FrameRate.of(30)),
                runs));
        for (Case c : cases) {
            System.out.printf("%-9s %-12s %4dx%-4d %4.1fs@%2dfps %3d frames: load %.2fs, to last step %.2fs, total "
                    + "%.2fs (%.0f frames/s)  [%s]%n", c.model(), c.engine(), c.width(), c.height(), c.seconds(),
                    c.fps(), c.frames(), c.loadSeconds(), c.samplingSeconds(), c.totalSeconds(), c.framesPerSecond(),
                    c.runtime());
        }
        Files.createDirectories(out);
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("schema", "hallmark.generator-bench/1");
        doc.put("cpus", Runtime.getRuntime().availableProcessors());
        doc.put("cases", cases);
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
                .writeValue(out.resolve("generator-bench.json").toFile(), doc);
    }
}
