package dev.hallmark.watermark.eval;

import dev.hallmark.media.EncoderSettings;
import dev.hallmark.media.EncoderSettings.Codec;
import dev.hallmark.media.FrameRate;
import dev.hallmark.media.I420Frame;
import dev.hallmark.media.MediaException;
import dev.hallmark.media.VideoReader;
import dev.hallmark.media.VideoWriter;
import dev.hallmark.watermark.EmbedOptions;
import dev.hallmark.watermark.WatermarkEmbedder;
import dev.hallmark.watermark.WatermarkException;
import dev.hallmark.watermark.WatermarkKey;
import dev.hallmark.watermark.WatermarkPayload;
import dev.hallmark.watermark.spread.CellSums;
import dev.hallmark.watermark.spread.TileGeometry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Where the watermark's signal goes under an attack: the clip's first seconds are marked with a random key, then the
 * marked and the unmarked copy go through the same attack, and the detector's per-cell sums ({@link CellSums}, at the
 * mark's true position) are taken on both. Their difference is the mark alone; the unmarked copy's sums are the
 * picture's interference. Per attack it reports how much of the mark per sample survived, and the per-cell
 * signal-to-noise ratio with and without the picture, so a failing attack shows whether the codec erased the mark or
 * the picture drowned it. The pilot score the detector would reach is about {@code 16 x} the per-cell ratio
 * (256 pilot cells).
 *
 * <p>Needs the mark's position after the attack, so only attacks that keep the frame's geometry or scale the whole
 * frame qualify: codecs, colour, time and filter attacks, resizes and the re-upload chain.
 */
public final class SignalBudget {
    private static final Set<String> SAME_GEOMETRY = Set.of("reference", "codec", "colour", "time", "filter");

    /**
     * @param attacks attacks to run (each must keep the geometry or scale the whole frame)
     * @param seconds how much of the clip's start to use
     * @param seed    seed of the key and payload
     * @param embed   embedding options
     * @param workDir scratch folder
     */
    public record Options(List<Attack> attacks, double seconds, long seed, EmbedOptions embed, Path workDir) {
        public Options {
            attacks = List.copyOf(attacks);
            if (!(seconds >= 1)) {
                throw new IllegalArgumentException("need at least 1 s of video, got " + seconds);
            }
            Objects.requireNonNull(embed);
            Objects.requireNonNull(workDir);
            for (Attack a : attacks) {
                if (!keepsGeometry(a)) {
                    throw new IllegalArgumentException("attack " + a.id() + " (" + a.description() + ") moves the "
                            + "picture other than by scaling the whole frame; the budget needs the mark's position: "
                            + "use codec, colour, time, filter or resize attacks");
                }
            }
        }
    }

    /**
     * One attack's budget.
     *
     * @param retained         mark per residual sample relative to the lossless marked copy (1 = all of it)
     * @param snrMarkOnly      per-cell signal-to-noise ratio of the mark alone (the picture subtracted)
     * @param snrWithPicture   per-cell ratio as the detector sees it (mark + picture)
     * @param pictureShare     share of the noise variance the picture brings
     */
    public record Row(String attack, String description, int width, int height, long frames, double retained,
            double snrMarkOnly, double snrWithPicture, double pictureShare) {
        /** Approximate detector score (256 pilot cells) without the picture. */
        public double scoreMarkOnly() {
            return 16 * snrMarkOnly;
        }

        /** Approximate detector score as it is. */
        public double scoreWithPicture() {
            return 16 * snrWithPicture;
        }
    }

    /** The budget of one clip. */
    public record Report(String clip, int width, int height, double fps, long frames, EmbedOptions embed,
            List<Row> rows) {
        public Report {
            rows = List.copyOf(rows);
        }

        public Map<String, Object> toJson() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("schema", "hallmark.watermark.budget/1");
            m.put("clip", clip);
            m.put("width", width);
            m.put("height", height);
            m.put("fps", fps);
            m.put("frames", frames);
            m.put("targetPsnrY", embed.targetPsnrY());
            m.put("cellScale", embed.cellScale());
            List<Map<String, Object>> rs = new ArrayList<>();
            for (Row r : rows) {
                Map<String, Object> x = new LinkedHashMap<>();
                x.put("attack", r.attack());
                x.put("description", r.description());
                x.put("width", r.width());
                x.put("height", r.height());
                x.put("frames", r.frames());
                x.put("retained", round(r.retained()));
                x.put("snrMarkOnly", round(r.snrMarkOnly()));
                x.put("snrWithPicture", round(r.snrWithPicture()));
                x.put("scoreMarkOnly", round(r.scoreMarkOnly()));
                x.put("scoreWithPicture", round(r.scoreWithPicture()));
                x.put("pictureShare", round(r.pictureShare()));
                rs.add(x);
            }
            m.put("attacks", rs);
            return m;
        }

        public String markdown() {
            StringBuilder sb = new StringBuilder();
            sb.append(String.format(Locale.ROOT, "# Watermark signal budget: %s (%dx%d, %.3g fps, first %d frames)%n%n",
                    clip, width, height, fps, frames));
            sb.append(String.format(Locale.ROOT, "Marking: target %.1f dB luma PSNR, cells %.2f x nominal. Score = "
                    + "about 16 x the per-cell ratio (256 pilots); the payload needs a score near 9.5 to decode "
                    + "reliably.%n%n", embed.targetPsnrY(), embed.cellScale()));
            sb.append("| attack | size | mark retained | per-cell SNR, mark alone | with the picture | "
                    + "score, mark alone | with the picture | picture's share of the noise |\n");
            sb.append("|---|---|---|---|---|---|---|---|\n");
            for (Row r : rows) {
                sb.append(String.format(Locale.ROOT, "| %s | %dx%d | %.2f | %.3f | %.3f | %.1f | %.1f | %.0f%% |%n",
                        r.description(), r.width(), r.height(), r.retained(), r.snrMarkOnly(), r.snrWithPicture(),
                        r.scoreMarkOnly(), r.scoreWithPicture(), 100 * r.pictureShare()));
            }
            return sb.toString();
        }
    }

    private SignalBudget() {
    }

    static boolean keepsGeometry(Attack a) {
        return SAME_GEOMETRY.contains(a.group()) || a.id().startsWith("resize-") || a.id().equals("reupload");
    }

    /** Runs the budget on the first {@code o.seconds()} of {@code clip}. */
    public static Report run(Path clip, Options o, Consumer<String> progress)
            throws MediaException, WatermarkException, IOException {
        Files.createDirectories(o.workDir());
        Random rnd = new Random(o.seed());
        byte[] secret = new byte[WatermarkKey.SECRET_BYTES];
        rnd.nextBytes(secret);
        WatermarkKey key = WatermarkKey.fromSecret(secret, Instant.EPOCH);
        WatermarkPayload payload = WatermarkPayload.of(rnd.nextLong());
        Path original = o.workDir().resolve("budget-original.mkv");
        Path marked = o.workDir().resolve("budget-marked.mkv");
        int w;
        int h;
        FrameRate rate;
        long frames = 0;
        try (VideoReader r = VideoReader.open(clip)) {
            rate = r.info().frameRate();
            w = r.outputWidth();
            h = r.outputHeight();
            long count = Math.round(o.seconds() * rate.fps());
            EncoderSettings lossless = EncoderSettings.h264(w, h, rate).withCodec(Codec.FFV1, 0);
            try (WatermarkEmbedder e = WatermarkEmbedder.create(key, payload, o.embed(), rate);
                    VideoWriter a = VideoWriter.create(original, lossless);
                    VideoWriter b = VideoWriter.create(marked, lossless)) {
                for (I420Frame f; frames < count && (f = r.next()) != null; frames++) {
                    a.write(f);
                    e.embed(f);
                    b.write(f);
                }
            }
        }
        progress.accept(String.format(Locale.ROOT, "marked the first %d frames", frames));
        double cell = TileGeometry.cellSize(w, h) * o.embed().cellScale();
        byte[] signs = CellSums.signs(key, payload);
        List<Row> rows = new ArrayList<>();
        try {
            Measured ref = measure(original, marked, w, h, cell, signs);
            double referencePerSample = ref.meanPerSample;
            for (Attack a : o.attacks()) {
                Measured m;
                if (a.steps().isEmpty()) {
                    m = ref;
                } else {
                    String ext = WatermarkEvaluation.extension(a.steps().get(a.steps().size() - 1));
                    Path ao = o.workDir().resolve("budget-original-" + a.id() + ext);
                    Path am = o.workDir().resolve("budget-marked-" + a.id() + ext);
                    try {
                        a.apply(original, ao);
                        a.apply(marked, am);
                        m = measure(ao, am, w, h, cell, signs);
                    } finally {
                        Files.deleteIfExists(ao);
                        Files.deleteIfExists(am);
                    }
                }
                rows.add(new Row(a.id(), a.description(), m.width, m.height, m.frames,
                        m.meanPerSample / referencePerSample, m.snrMarkOnly, m.snrWithPicture, m.pictureShare));
                progress.accept(String.format(Locale.ROOT, "%s: score %.1f, %.1f without the picture", a.id(),
                        16 * m.snrWithPicture, 16 * m.snrMarkOnly));
            }
        } finally {
            Files.deleteIfExists(original);
            Files.deleteIfExists(marked);
        }
        return new Report(clip.getFileName().toString(), w, h, rate.fps(), frames, o.embed(), rows);
    }

    private record Measured(int width, int height, long frames, double meanPerSample, double snrMarkOnly,
            double snrWithPicture, double pictureShare) {
    }

    /** Per-cell sums of both copies at the mark's position, scaled to their frame size. */
    private static Measured measure(Path original, Path marked, int w0, int h0, double cell, byte[] signs)
            throws MediaException {
        double[] so;
        double[] sm;
        int w;
        int h;
        long frames = 0;
        long samples;
        try (VideoReader ro = VideoReader.open(original); VideoReader rm = VideoReader.open(marked)) {
            w = rm.outputWidth();
            h = rm.outputHeight();
            if (ro.outputWidth() != w || ro.outputHeight() != h) {
                throw new IllegalArgumentException("the attack made the marked and the unmarked copy different sizes ("
                        + w + "x" + h + " and " + ro.outputWidth() + "x" + ro.outputHeight() + ")");
            }
            CellSums co = new CellSums(w, h, cell * w / w0, cell * h / h0);
            CellSums cm = new CellSums(w, h, cell * w / w0, cell * h / h0);
            // frame by frame; a copy one frame longer than the other (a filter's rounding) ends at the shorter one
            for (I420Frame f, g; (f = rm.next()) != null && (g = ro.next()) != null; frames++) {
                cm.add(f);
                co.add(g);
            }
            so = co.sums();
            sm = cm.sums();
            samples = cm.samples();
        }
        int n = signs.length;
        double[] markOnly = new double[n];
        double[] seen = new double[n];
        double[] picture = new double[n];
        for (int c = 0; c < n; c++) {
            markOnly[c] = signs[c] * (sm[c] - so[c]);
            seen[c] = signs[c] * sm[c];
            picture[c] = signs[c] * so[c];
        }
        double mean = mean(markOnly);
        double markVar = variance(markOnly);
        double pictureVar = variance(picture);
        return new Measured(w, h, frames, mean / Math.max(1, samples), mean / Math.sqrt(markVar),
                mean(seen) / Math.sqrt(variance(seen)), pictureVar / (pictureVar + markVar));
    }

    private static double mean(double[] v) {
        double s = 0;
        for (double x : v) {
            s += x;
        }
        return s / v.length;
    }

    private static double variance(double[] v) {
        double m = mean(v);
        double s = 0;
        for (double x : v) {
            s += (x - m) * (x - m);
        }
        return s / (v.length - 1);
    }

    private static double round(double v) {
        return Double.isFinite(v) ? Math.round(v * 1000) / 1000.0 : v;
    }
}
