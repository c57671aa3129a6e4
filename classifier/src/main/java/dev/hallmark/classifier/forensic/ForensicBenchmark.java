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
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Speed of the forensic check on a long clip (target: a 60 s 1080p H.264 clip in about 2 s of the 10 s budget of
 * {@code hallmark verify} on 2 cores): model load, then the median of a few {@link ForensicDetector#score} runs
 * and, for the breakdown, of a key-frame-only decode at the canonical size. Without a clip argument it encodes a
 * 60 s 1920x1080 30 fps H.264 clip (x264 defaults: CRF 23, preset medium, key frame at most every 250 frames) of
 * moving texture once, under the output folder. Writes {@code forensic-bench.json}
 * (schema {@code hallmark.forensic-bench/1}).
 *
 * <p>Usage: {@code ForensicBenchmark [outDir=target/bench] [runs=3] [clip]}.
 */
public final class ForensicBenchmark {
    private ForensicBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Path out = Path.of(args.length > 0 ? args[0] : "target/bench");
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        Files.createDirectories(out);
        Path clip = args.length > 2 ? Path.of(args[2]) : out.resolve("forensic-60s-1080p.mp4");
        if (!Files.exists(clip)) {
            long t0 = System.nanoTime();
            makeClip(clip, 60, 1920, 1080, 30);
            System.out.printf(Locale.ROOT, "encoded %s in %.1f s%n", clip, (System.nanoTime() - t0) / 1e9);
        }
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("schema", "hallmark.forensic-bench/1");
        doc.put("cpus", Runtime.getRuntime().availableProcessors());
        VideoInfo info;
        int keyframes = 0;
        try (VideoReader r = VideoReader.open(clip)) {
            info = r.info();
        }
        doc.put("clip", Map.of("file", clip.toString(), "width", info.width(), "height", info.height(),
                "seconds", info.durationSeconds(), "codec", info.videoCodec()));
        long l0 = System.nanoTime();
        try (ForensicDetector d = ForensicDetector.builtIn()) {
            double load = (System.nanoTime() - l0) / 1e9;
            int[] size = d.canonicalSize(info.width(), info.height());
            double[] decode = new double[runs];
            double[] score = new double[runs];
            ForensicResult last = null;
            d.score(clip); // warm-up
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
            doc.put("model", d.modelName());
            doc.put("loadSeconds", load);
            doc.put("keyframesInClip", keyframes);
            doc.put("keyframeDecodeSecondsMedian", median(decode));
            doc.put("scoreSecondsMedian", median(score));
            doc.put("scoreSeconds", score);
            doc.put("framesUsed", last.framesUsed());
            doc.put("patchesUsed", last.patchesUsed());
            doc.put("keyframesOnly", last.keyframesOnly());
            doc.put("score", last.score());
            System.out.printf(Locale.ROOT, "%s: load %.2f s; score %.2f s median of %d (key-frame decode alone %.2f s,"
                    + " %d key frames); %d frames, %d patches, score %.4f%n", d.modelName(), load, median(score), runs,
                    median(decode), keyframes, last.framesUsed(), last.patchesUsed(), last.score());
        }
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
                .writeValue(out.resolve("forensic-bench.json").toFile(), doc);
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s[s.length / 2];
    }

    /** A clip of drifting, textured gradients with a moving block: detail for the encoder, no scene cuts. */
    static void makeClip(Path out, int seconds, int width, int height, int fps) throws Exception {
        Path tmp = out.resolveSibling(out.getFileName() + ".part.mp4");
        try (VideoWriter w = VideoWriter.create(tmp, EncoderSettings.h264(width, height, FrameRate.of(fps)))) {
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
