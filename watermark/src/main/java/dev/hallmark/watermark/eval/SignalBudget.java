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
import dev.hallmark.watermark.spread.SignFlip;
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
import java.util.Optional;
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
 *
 * <p><b>Flipped marking (what-if).</b> With {@link Options#flipSeconds()} set, a third copy carries the same mark with
 * its sign flipped every {@code flipSeconds} (a linear crossfade of {@value SignFlip#CROSSFADE_SECONDS} s through
 * zero at each flip), and is read at the known phase: the mean of the frames of one sign minus the mean of the frames of the other.
 * A picture that does not change over time then cancels out of the cells exactly, whatever its texture, at the price
 * of the changes the encoder must code at every flip (the size change columns). The rows of attacks that retime the
 * frames ({@code setpts}) are left out of this comparison, since the phase would no longer be known.
 */
public final class SignalBudget {
    private static final Set<String> SAME_GEOMETRY = Set.of("reference", "codec", "colour", "time", "filter");

    /**
     * @param attacks attacks to run (each must keep the geometry or scale the whole frame)
     * @param seconds how much of the clip's start to use
     * @param seed    seed of the key and payload
     * @param embed   embedding options
     * @param workDir scratch folder
     * @param flipSeconds 0, or also measure the mark flipped in sign every this many seconds (see the class comment)
     */
    public record Options(List<Attack> attacks, double seconds, long seed, EmbedOptions embed, Path workDir,
            double flipSeconds) {
        public Options {
            attacks = List.copyOf(attacks);
            if (!(seconds >= 1)) {
                throw new IllegalArgumentException("need at least 1 s of video, got " + seconds);
            }
            if (flipSeconds != 0 && !(flipSeconds >= 2 * SignFlip.CROSSFADE_SECONDS && 2 * flipSeconds <= seconds)) {
                throw new IllegalArgumentException("the flip interval must be within " + 2 * SignFlip.CROSSFADE_SECONDS
                        + " s and half the measured length (" + seconds + " s), so that both signs are seen; got "
                        + flipSeconds);
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

        /** Without the flipped marking. */
        public Options(List<Attack> attacks, double seconds, long seed, EmbedOptions embed, Path workDir) {
            this(attacks, seconds, seed, embed, workDir, 0);
        }
    }

    /**
     * One attack's budget.
     *
     * @param retained         mark per residual sample relative to the lossless marked copy (1 = all of it)
     * @param snrMarkOnly      per-cell signal-to-noise ratio of the mark alone (the picture subtracted)
     * @param snrWithPicture   per-cell ratio as the detector sees it (mark + picture)
     * @param pictureShare     share of the noise variance the picture brings
     * @param sizeChange       file size of the attacked marked copy relative to the attacked unmarked one, minus 1
     *                         (NaN for the lossless reference)
     * @param flipped          the flipped marking's figures, when measured for this attack
     */
    public record Row(String attack, String description, int width, int height, long frames, double retained,
            double snrMarkOnly, double snrWithPicture, double pictureShare, double sizeChange,
            Optional<Flipped> flipped) {
        /** Approximate detector score (256 pilot cells) without the picture. */
        public double scoreMarkOnly() {
            return score(snrMarkOnly);
        }

        /** Approximate detector score as it is. */
        public double scoreWithPicture() {
            return score(snrWithPicture);
        }
    }

    /**
     * The flipped marking under one attack, read at the known phase.
     *
     * @param snrMarkOnly    per-cell ratio of the mark alone
     * @param snrWithPicture per-cell ratio as read (mark + picture)
     * @param sizeChange     file size relative to the attacked unmarked copy, minus 1 (NaN for the reference)
     */
    public record Flipped(double snrMarkOnly, double snrWithPicture, double sizeChange) {
        public double scoreMarkOnly() {
            return score(snrMarkOnly);
        }

        public double scoreWithPicture() {
            return score(snrWithPicture);
        }
    }

    /** The detector's approximate score at a per-cell signal-to-noise ratio: 256 pilot cells, so 16 x. */
    static double score(double perCellSnr) {
        return 16 * perCellSnr;
    }

    /** The budget of one clip. */
    public record Report(String clip, int width, int height, double fps, long frames, EmbedOptions embed,
            double flipSeconds, List<Row> rows) {
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
            if (flipSeconds > 0) {
                m.put("flipSeconds", flipSeconds);
            }
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
                x.put("sizeChange", Double.isNaN(r.sizeChange()) ? null : round(r.sizeChange()));
                r.flipped().ifPresent(f -> {
                    Map<String, Object> y = new LinkedHashMap<>();
                    y.put("snrMarkOnly", round(f.snrMarkOnly()));
                    y.put("snrWithPicture", round(f.snrWithPicture()));
                    y.put("scoreMarkOnly", round(f.scoreMarkOnly()));
                    y.put("scoreWithPicture", round(f.scoreWithPicture()));
                    y.put("sizeChange", Double.isNaN(f.sizeChange()) ? null : round(f.sizeChange()));
                    x.put("flipped", y);
                });
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
            boolean flip = flipSeconds > 0;
            if (flip) {
                sb.append(String.format(Locale.ROOT, "Flipped: the same mark with its sign flipped every %.3g s, read "
                        + "at the known phase (a static picture cancels out). Size change: the attacked marked file "
                        + "against the attacked unmarked one.%n%n", flipSeconds));
            }
            sb.append("| attack | size | mark retained | per-cell SNR, mark alone | with the picture | "
                    + "score, mark alone | with the picture | picture's share of the noise | size change |");
            sb.append(flip ? " flipped: score, mark alone | with the picture | size change |\n" : "\n");
            sb.append("|---|---|---|---|---|---|---|---|---|").append(flip ? "---|---|---|\n" : "\n");
            for (Row r : rows) {
                sb.append(String.format(Locale.ROOT, "| %s | %dx%d | %.2f | %.3f | %.3f | %.1f | %.1f | %.0f%% | %s |",
                        r.description(), r.width(), r.height(), r.retained(), r.snrMarkOnly(), r.snrWithPicture(),
                        r.scoreMarkOnly(), r.scoreWithPicture(), 100 * r.pictureShare(), percent(r.sizeChange())));
                if (flip) {
                    sb.append(r.flipped().map(f -> String.format(Locale.ROOT, " %.1f | %.1f | %s |",
                            f.scoreMarkOnly(), f.scoreWithPicture(), percent(f.sizeChange())))
                            .orElse(" retimed | | |"));
                }
                sb.append('\n');
            }
            return sb.toString();
        }
    }

    private static String percent(double change) {
        return Double.isNaN(change) ? "" : String.format(Locale.ROOT, "%+.1f%%", 100 * change);
    }

    private SignalBudget() {
    }


    /** Whether an attack keeps the frames' timing (so the flipped marking's phase stays known). */
    static boolean keepsTiming(Attack a) {
        return a.steps().stream().noneMatch(s -> s.graph().contains("setpts"));
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
        double flipSeconds = o.flipSeconds();
        Path original = o.workDir().resolve("budget-original.mkv");
        Path marked = o.workDir().resolve("budget-marked.mkv");
        Path flipped = o.workDir().resolve("budget-flipped.mkv");
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
            // the fixed pattern (a flipped default marking is what the flipped copy below measures, at any interval)
            try (WatermarkEmbedder e = WatermarkEmbedder.create(key, payload, o.embed().withFlipSeconds(0), rate);
                    VideoWriter a = VideoWriter.create(original, lossless);
                    VideoWriter b = VideoWriter.create(marked, lossless);
                    VideoWriter c = flipSeconds > 0 ? VideoWriter.create(flipped, lossless) : null) {
                for (I420Frame f; frames < count && (f = r.next()) != null; frames++) {
                    a.write(f);
                    I420Frame unmarked = c != null ? f.copy() : null;
                    e.embed(f);
                    b.write(f);
                    if (c != null) {
                        c.write(flippedCopy(unmarked, f, SignFlip.factor(frames / rate.fps(), flipSeconds)));
                    }
                }
            }
        }
        WatermarkEvaluation.requireOneSecond(clip, frames, rate);
        progress.accept(String.format(Locale.ROOT, "marked the first %d frames", frames));
        double cell = TileGeometry.cellSize(w, h) * o.embed().cellScale();
        byte[] signs = CellSums.signs(key, payload);
        List<Row> rows = new ArrayList<>();
        try {
            Geometry g = new Geometry(w, h, cell, signs);
            Measured ref = measure(original, marked, g, 0);
            Measured flipRef = flipSeconds > 0 ? measure(original, flipped, g, flipSeconds) : null;
            for (Attack a : o.attacks()) {
                Measured m;
                Measured fm = null;
                double size = Double.NaN;
                double flipSize = Double.NaN;
                boolean withFlip = flipSeconds > 0 && keepsTiming(a);
                if (a.steps().isEmpty()) {
                    m = ref;
                    fm = flipRef;
                } else {
                    String ext = WatermarkEvaluation.extension(a.steps().get(a.steps().size() - 1));
                    Path ao = o.workDir().resolve("budget-original-" + a.id() + ext);
                    Path am = o.workDir().resolve("budget-marked-" + a.id() + ext);
                    Path af = o.workDir().resolve("budget-flipped-" + a.id() + ext);
                    try {
                        a.apply(original, ao);
                        a.apply(marked, am);
                        m = measure(ao, am, g, 0);
                        size = (double) Files.size(am) / Files.size(ao) - 1;
                        if (withFlip) {
                            a.apply(flipped, af);
                            fm = measure(ao, af, g, flipSeconds);
                            flipSize = (double) Files.size(af) / Files.size(ao) - 1;
                        }
                    } finally {
                        Files.deleteIfExists(ao);
                        Files.deleteIfExists(am);
                        Files.deleteIfExists(af);
                    }
                }
                Optional<Flipped> fl = withFlip
                        ? Optional.of(new Flipped(fm.snrMarkOnly, fm.snrWithPicture, flipSize)) : Optional.empty();
                rows.add(new Row(a.id(), a.description(), m.width, m.height, m.frames,
                        m.meanPerSample / ref.meanPerSample, m.snrMarkOnly, m.snrWithPicture, m.pictureShare, size, fl));
                progress.accept(String.format(Locale.ROOT, "%s: score %.1f, %.1f without the picture%s", a.id(),
                        score(m.snrWithPicture), score(m.snrMarkOnly), fl.map(f -> String.format(Locale.ROOT,
                                "; flipped %.1f, %.1f", f.scoreWithPicture(), f.scoreMarkOnly())).orElse("")));
            }
        } finally {
            Files.deleteIfExists(original);
            Files.deleteIfExists(marked);
            Files.deleteIfExists(flipped);
        }
        return new Report(clip.getFileName().toString(), w, h, rate.fps(), frames, o.embed(), flipSeconds, rows);
    }

    /** The unmarked frame plus {@code factor} times the mark {@code marked} carries (luma only; chroma as is). */
    static I420Frame flippedCopy(I420Frame unmarked, I420Frame marked, double factor) {
        byte[] u = unmarked.data();
        byte[] m = marked.data();
        int n = marked.width() * marked.height();
        for (int i = 0; i < n; i++) {
            int base = u[i] & 0xFF;
            long v = Math.round(base + factor * ((m[i] & 0xFF) - base));
            u[i] = (byte) Math.max(0, Math.min(255, v));
        }
        return unmarked;
    }

    /** The marked clip's frame size, cell size and cell signs. */
    private record Geometry(int width, int height, double cell, byte[] signs) {
    }

    private record Measured(int width, int height, long frames, double meanPerSample, double snrMarkOnly,
            double snrWithPicture, double pictureShare) {
    }

    /**
     * Per-cell sums of both copies at the mark's position, scaled to their frame size. With {@code flipSeconds}, the
     * sums are the mean over the frames of one sign minus the mean over the frames of the other (crossfade frames
     * left out), at the phase of each frame's timestamp.
     */
    private static Measured measure(Path original, Path marked, Geometry g, double flipSeconds)
            throws MediaException {
        double[] so;
        double[] sm;
        int w;
        int h;
        long frames = 0;
        try (VideoReader ro = VideoReader.open(original); VideoReader rm = VideoReader.open(marked)) {
            w = rm.outputWidth();
            h = rm.outputHeight();
            if (ro.outputWidth() != w || ro.outputHeight() != h) {
                throw new IllegalArgumentException("the attack made the marked and the unmarked copy different sizes ("
                        + w + "x" + h + " and " + ro.outputWidth() + "x" + ro.outputHeight() + ")");
            }
            double cw = g.cell() * w / g.width();
            double ch = g.cell() * h / g.height();
            // [0]: frames of the positive sign (all frames without flipping), [1]: of the negative sign
            CellSums[] co = {new CellSums(w, h, cw, ch), new CellSums(w, h, cw, ch)};
            CellSums[] cm = {new CellSums(w, h, cw, ch), new CellSums(w, h, cw, ch)};
            long first = Long.MIN_VALUE;
            // frame by frame; a copy one frame longer than the other (a filter's rounding) ends at the shorter one
            for (I420Frame f, o; (f = rm.next()) != null && (o = ro.next()) != null; frames++) {
                int side = 0;
                if (flipSeconds > 0) {
                    if (first == Long.MIN_VALUE) {
                        first = f.timestampMicros();
                    }
                    double factor = SignFlip.factor((f.timestampMicros() - first) / 1e6, flipSeconds);
                    if (Math.abs(factor) < 0.5) {
                        continue;
                    }
                    side = factor > 0 ? 0 : 1;
                }
                cm[side].add(f);
                co[side].add(o);
            }
            so = perSample(co, flipSeconds > 0);
            sm = perSample(cm, flipSeconds > 0);
        }
        byte[] signs = g.signs();
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
        // the sums are per residual sample already, so the mark's mean is its level per sample
        return new Measured(w, h, frames, mean, mean / Math.sqrt(markVar), mean(seen) / Math.sqrt(variance(seen)),
                pictureVar / (pictureVar + markVar));
    }

    /**
     * Per-cell sums per residual sample: of the positive side, or with {@code difference}, the positive side's minus
     * the negative side's.
     */
    private static double[] perSample(CellSums[] sides, boolean difference) {
        double[] plus = sides[0].sums();
        double np = Math.max(1, sides[0].samples());
        double[] minus = sides[1].sums();
        double nm = Math.max(1, sides[1].samples());
        double[] out = new double[plus.length];
        for (int c = 0; c < out.length; c++) {
            out[c] = plus[c] / np - (difference ? minus[c] / nm : 0);
        }
        return out;
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
