package dev.hallmark.watermark.eval;

import dev.hallmark.media.EncoderSettings;
import dev.hallmark.media.FrameRate;
import dev.hallmark.media.I420Frame;
import dev.hallmark.media.MediaException;
import dev.hallmark.media.ReadOptions;
import dev.hallmark.media.VideoReader;
import dev.hallmark.media.VideoWriter;
import dev.hallmark.watermark.DetectOptions;
import dev.hallmark.watermark.EmbedOptions;
import dev.hallmark.watermark.WatermarkDetector;
import dev.hallmark.watermark.WatermarkEmbedder;
import dev.hallmark.watermark.WatermarkException;
import dev.hallmark.watermark.WatermarkKey;
import dev.hallmark.watermark.WatermarkPayload;
import dev.hallmark.watermark.WatermarkResult;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * Speed of the watermark: embedding at 1080p on 1 and 2 threads (frames already decoded, as in the pipeline) and blind
 * detection of a 10 s 720p H.264 file (decode included). Reports wall-clock and process CPU time, because shared
 * machines make wall time alone misleading. A benchmark: it never fails a build.
 *
 * <p>Run: {@code java ... dev.hallmark.watermark.eval.WatermarkBenchmark [source-video] [report.md]}; without a source
 * video it generates textured, panning frames.
 */
public final class WatermarkBenchmark {
    /** One measurement. */
    public record Figure(String what, long frames, double wallSeconds, double cpuSeconds, String note) {
        public double fps() {
            return frames / wallSeconds;
        }

        /** Frames per second of CPU time (what an otherwise idle core would give, per core). */
        public double fpsPerCpu() {
            return frames / cpuSeconds;
        }
    }

    private WatermarkBenchmark() {
    }

    private static double cpu() {
        OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        if (os instanceof com.sun.management.OperatingSystemMXBean s) {
            return s.getProcessCpuTime() / 1e9;
        }
        return Double.NaN;
    }

    /** Frames of {@code w x h}: from {@code source} (scaled) when given, else generated. */
    static List<I420Frame> frames(Path source, int w, int h, int count) throws MediaException {
        List<I420Frame> out = new ArrayList<>();
        if (source != null) {
            try (VideoReader r = VideoReader.open(source, ReadOptions.defaults().scaledTo(w, h))) {
                for (I420Frame f; out.size() < count && (f = r.next()) != null; ) {
                    out.add(f.copy());
                }
            }
            if (!out.isEmpty()) {
                while (out.size() < count) {
                    out.add(out.get(out.size() % Math.max(1, out.size())).copy());
                }
                return out;
            }
        }
        Random r = new Random(1);
        int tw = w + count * 4;
        short[] tex = new short[tw * h];
        for (int i = 0; i < tex.length; i++) {
            tex[i] = (short) r.nextInt(64);
        }
        // smooth the noise into blobs of a few pixels, then add broad shading
        for (int pass = 0; pass < 3; pass++) {
            for (int y = 1; y < h - 1; y++) {
                for (int x = 1; x < tw - 1; x++) {
                    int i = y * tw + x;
                    tex[i] = (short) ((tex[i - 1] + tex[i + 1] + tex[i - tw] + tex[i + tw] + 4 * tex[i]) / 8);
                }
            }
        }
        for (int t = 0; t < count; t++) {
            I420Frame f = new I420Frame(w, h);
            f.fill(0, 120, 136);
            byte[] d = f.data();
            for (int y = 0; y < h; y++) {
                int shade = 60 + 100 * y / h;
                for (int x = 0; x < w; x++) {
                    d[y * w + x] = (byte) Math.min(235, shade + 2 * tex[y * tw + x + 4 * t] - 40);
                }
            }
            f.setPosition(t, t * 1_000_000L / 30);
            out.add(f);
        }
        return out;
    }

    /** Embeds {@code rounds} passes over the frames (after one warm-up pass). */
    static Figure embed(List<I420Frame> frames, int threads, int rounds) {
        WatermarkKey key = WatermarkKey.fromSecret(new byte[WatermarkKey.SECRET_BYTES], Instant.EPOCH);
        I420Frame work = new I420Frame(frames.get(0).width(), frames.get(0).height());
        try (WatermarkEmbedder e = WatermarkEmbedder.create(key, WatermarkPayload.of(1),
                EmbedOptions.defaults().withThreads(threads), FrameRate.of(30))) {
            for (I420Frame f : frames) {
                System.arraycopy(f.data(), 0, work.data(), 0, work.data().length);
                e.embed(work);
            }
            double c0 = cpu();
            long t0 = System.nanoTime();
            long n = 0;
            for (int r = 0; r < rounds; r++) {
                for (I420Frame f : frames) {
                    System.arraycopy(f.data(), 0, work.data(), 0, work.data().length);
                    e.embed(work);
                    n++;
                }
            }
            double wall = (System.nanoTime() - t0) / 1e9;
            return new Figure(String.format(Locale.ROOT, "embed %dx%d, %d thread%s", work.width(), work.height(), threads,
                    threads == 1 ? "" : "s"), n, wall, cpu() - c0, "frames in memory; includes one frame copy each");
        }
    }

    /** Writes a marked 720p H.264 clip of {@code frames} and times blind detection on it. */
    static List<Figure> detect(List<I420Frame> frames, Path dir) throws MediaException, WatermarkException,
            IOException {
        WatermarkKey key = WatermarkKey.fromSecret(new byte[WatermarkKey.SECRET_BYTES], Instant.EPOCH);
        Path file = dir.resolve("bench-720p.mp4");
        int w = frames.get(0).width();
        int h = frames.get(0).height();
        try (WatermarkEmbedder e = WatermarkEmbedder.create(key, WatermarkPayload.of(1), EmbedOptions.defaults(),
                FrameRate.of(30)); VideoWriter wr = VideoWriter.create(file, EncoderSettings.h264(w, h, FrameRate.of(30))
                        .withPreset("veryfast"))) {
            for (I420Frame f : frames) {
                I420Frame c = f.copy();
                e.embed(c);
                wr.write(c);
            }
        }
        List<Figure> out = new ArrayList<>();
        try {
            for (int step : new int[] {1, 2}) {
                WatermarkDetector d = WatermarkDetector.create(List.of(key), DetectOptions.defaults().withFrameStep(step));
                d.detect(file); // warm-up
                double c0 = cpu();
                long t0 = System.nanoTime();
                WatermarkResult r = d.detect(file);
                double wall = (System.nanoTime() - t0) / 1e9;
                out.add(new Figure(String.format(Locale.ROOT, "detect %dx%d H.264, every %sframe", w, h,
                        step == 1 ? "" : "2nd "), frames.size(), wall, cpu() - c0,
                        String.format(Locale.ROOT, "decode + fold + search; %s, score %.1f", r.verifiedPayload()
                                .map(p -> "payload read").orElse("PAYLOAD NOT READ"), r.stats().score())));
            }
        } finally {
            Files.deleteIfExists(file);
        }
        return out;
    }

    /**
     * The figures: embedding 1080p frames (one thread, two threads; {@code hdFrames} frames, {@code rounds} passes)
     * and blind detection of a marked 720p H.264 clip of {@code detectFrames} frames (every frame, every 2nd).
     */
    public static List<Figure> figures(Path source, Path scratch, int hdFrames, int rounds, int detectFrames)
            throws MediaException, WatermarkException, IOException {
        List<Figure> figs = new ArrayList<>();
        List<I420Frame> hd = frames(source, 1920, 1080, hdFrames);
        figs.add(embed(hd, 1, rounds));
        figs.add(embed(hd, 2, rounds));
        hd = null;
        figs.addAll(detect(frames(source, 1280, 720, detectFrames), scratch));
        return figs;
    }

    /** Runs everything; returns the Markdown report. */
    public static String run(Path source, Path scratch) throws MediaException, WatermarkException, IOException {
        List<Figure> figs = figures(source, scratch, 60, 3, 300);
        StringBuilder b = new StringBuilder("# Watermark speed\n\n");
        b.append(String.format(Locale.ROOT, "%d cores available; %s frames.%n%n",
                Runtime.getRuntime().availableProcessors(), source == null ? "generated" : source.getFileName() + ""));
        b.append("| measurement | frames | wall fps | fps per CPU-second | note |\n|---|---|---|---|---|\n");
        for (Figure f : figs) {
            b.append(String.format(Locale.ROOT, "| %s | %d | %.0f | %.0f | %s |%n", f.what(), f.frames(), f.fps(),
                    f.fpsPerCpu(), f.note()));
        }
        b.append("\nTargets: embed >= 60 fps at 1080p on 2 cores; detect >= 120 fps at 720p.\n");
        return b.toString();
    }

    public static void main(String[] args) throws Exception {
        Path source = args.length > 0 && !args[0].isEmpty() ? Path.of(args[0]) : null;
        Path scratch = Files.createTempDirectory("hallmark-bench");
        try {
            String report = run(source, scratch);
            System.out.println(report);
            if (args.length > 1) {
                Files.writeString(Path.of(args[1]), report, StandardCharsets.UTF_8);
            }
        } finally {
            Files.deleteIfExists(scratch);
        }
    }
}
