package dev.hallmark.classifier.forensic;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.hallmark.media.EncoderSettings;
import dev.hallmark.media.FrameRate;
import dev.hallmark.media.I420Frame;
import dev.hallmark.media.ReadOptions;
import dev.hallmark.media.VideoInfo;
import dev.hallmark.media.VideoReader;
import dev.hallmark.media.VideoWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Speed of the forensic check on a long clip (target: a 60 s 1080p H.264 clip in about 2 s of the 10 s budget of
 * {@code hallmark verify} on 2 cores): model load, then per clip the median of a few {@link ForensicDetector#score}
 * runs and, for the breakdown, of a key-frame-only decode at the canonical size. Without a clip argument it encodes
 * two 60 s 1920x1080 30 fps H.264 clips of moving texture once, under the output folder: x264 defaults (CRF 23,
 * preset medium, a key frame at most every 250 frames) and the worst case, a single key frame. Writes
 * {@code forensic-bench.json} (schema {@code hallmark.forensic-bench/1}).
 *
 * <p>Usage: {@code ForensicBenchmark [outDir=target/bench] [runs=3] [clip]}.
 */
public final class ForensicBenchmark {
    private ForensicBenchmark() {
    }

    /** One measured clip. */
    public record Case(String clip, String what, int width, int height, double seconds, int keyframes,
            double keyframeDecodeSeconds, double scoreSecondsMedian, double[] scoreSeconds, int framesUsed,
            int patchesUsed, boolean keyframesOnly, double score) {
    }

    public static void main(String[] args) throws Exception {
        Path out = Path.of(args.length > 0 ? args[0] : "target/bench");
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        Files.createDirectories(out);
        Map<String, Path> clips = new LinkedHashMap<>();
        if (args.length > 2) {
            clips.put("given clip", Path.of(args[2]));
        } else {
            clips.put("60 s 1080p30 H.264, x264 defaults (key frame <= every 250 frames)",
                    ensure(out.resolve("forensic-60s-1080p.mp4"), Map.of()));
            clips.put("60 s 1080p30 H.264, one key frame (worst case: stride sampling within the decode budget)",
                    ensure(out.resolve("forensic-60s-1080p-onekey.mp4"),
                            Map.of("x264-params", "keyint=100000:min-keyint=100000:scenecut=0")));
        }
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("schema", "hallmark.forensic-bench/1");
        doc.put("cpus", Runtime.getRuntime().availableProcessors());
        long l0 = System.nanoTime();
        try (ForensicDetector d = ForensicDetector.builtIn()) {
            double load = (System.nanoTime() - l0) / 1e9;
            doc.put("model", d.modelName());
            doc.put("loadSeconds", load);
            System.out.printf(Locale.ROOT, "%s: loaded in %.2f s%n", d.modelName(), load);
            List<Case> cases = new ArrayList<>();
            for (Map.Entry<String, Path> c : clips.entrySet()) {
                cases.add(measure(d, c.getValue(), c.getKey(), runs));
            }
            doc.put("cases", cases);
        }
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
                .writeValue(out.resolve("forensic-bench.json").toFile(), doc);
    }

    static Case measure(ForensicDetector d, Path clip, String what, int runs) throws Exception {
        VideoInfo info;
        try (VideoReader r = VideoReader.open(clip)) {
            info = r.info();
        }
        int[] size = d.canonicalSize(info.width(), info.height());
        double[] decode = new double[runs];
        double[] score = new double[runs];
        int keyframes = 0;
        ForensicResult last = d.score(clip); // warm-up
        for (int i = 0; i < runs; i++) {
            long t0 = System.nanoTime();
            keyframes = 0;
            try (VideoReader r = VideoReader.open(clip, ReadOptions.defaults().scaledTo(size[0], size[1])
                    .keyframes())) {
                while (r.next() != null) {
                    keyframes++;
                }
            }
            decode[i] = (System.nanoTime() - t0) / 1e9;
            long t1 = System.nanoTime();
            last = d.score(clip);
            score[i] = (System.nanoTime() - t1) / 1e9;
        }
        Case c = new Case(clip.toString(), what, info.width(), info.height(), info.durationSeconds(), keyframes,
                median(decode), median(score), score, last.framesUsed(), last.patchesUsed(), last.keyframesOnly(),
                last.score());
        System.out.printf(Locale.ROOT, "%s%n  score() %.2f s median of %d (decoding the %d key frames alone: %.2f s);"
                + " %d frames (%s), %d patches, score %.4f%n", what, c.scoreSecondsMedian(), runs, keyframes,
                c.keyframeDecodeSeconds(), c.framesUsed(), c.keyframesOnly() ? "key frames" : "stride",
                c.patchesUsed(), c.score());
        return c;
    }

    private static Path ensure(Path clip, Map<String, String> encoderOptions) throws Exception {
        if (!Files.exists(clip)) {
            long t0 = System.nanoTime();
            makeClip(clip, 60, 1920, 1080, 30, encoderOptions);
            System.out.printf(Locale.ROOT, "encoded %s in %.1f s%n", clip, (System.nanoTime() - t0) / 1e9);
        }
        return clip;
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s[s.length / 2];
    }

    /** A clip of drifting, textured gradients with a moving block: detail for the encoder, no scene cuts. */
    static void makeClip(Path out, int seconds, int width, int height, int fps, Map<String, String> encoderOptions)
            throws Exception {
        Path tmp = out.resolveSibling(out.getFileName() + ".part.mp4");
        try (VideoWriter w = VideoWriter.create(tmp, EncoderSettings.h264(width, height, FrameRate.of(fps))
                .withEncoderOptions(encoderOptions))) {
            I420Frame f = new I420Frame(width, height);
            byte[] d = f.data();
            int[] noise = new java.util.SplittableRandom(7).ints(4096, 0, 24).toArray();
            for (int t = 0; t < seconds * fps; t++) {
                for (int y = 0; y < height; y++) {
                    int row = y * width;
                    for (int x = 0; x < width; x++) {
                        int v = 40 + ((x + 2 * t) * 120 / width) + ((y + t) % height) * 60 / height
                                + noise[(x * 7 + y * 13 + t) & 4095];
                        d[row + x] = (byte) Math.min(235, v);
                    }
                }
                int cw = f.chromaWidth();
                int ch = f.chromaHeight();
                for (int y = 0; y < ch; y++) {
                    for (int x = 0; x < cw; x++) {
                        d[f.uOffset() + y * cw + x] = (byte) (110 + (x + t) % 40);
                        d[f.vOffset() + y * cw + x] = (byte) (120 + (y + t) % 30);
                    }
                }
                int s = height / 6;
                int bx = (t * 7) % (width - s);
                int by = height / 3 + (int) (Math.sin(t / 20.0) * height / 4);
                for (int y = by; y < by + s; y++) {
                    Arrays.fill(d, y * width + bx, y * width + bx + s, (byte) 200);
                }
                f.setPosition(t, FrameRate.of(fps).timestampMicros(t));
                w.write(f);
            }
        }
        Files.move(tmp, out, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }
}
