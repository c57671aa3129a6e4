package dev.hallmark.generator.eval;

import dev.hallmark.generator.GenerationRequest;
import dev.hallmark.generator.Generators;
import dev.hallmark.generator.TextToVideoModel;
import dev.hallmark.generator.scene.SceneModel;
import dev.hallmark.generator.scene.Vocabulary;
import dev.hallmark.media.EncoderSettings;
import dev.hallmark.media.FrameRate;
import dev.hallmark.media.VideoWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Renders raw clips of a model for training and evaluating the forensic detector
 * (tools/train/forensic/): random prompts from the scene vocabulary, random seeds, sizes, frame rates and lengths,
 * written losslessly (FFV1 in Matroska; or H.264 MP4 at {@code --crf N > 0}) with <b>no</b> visible label, watermark
 * or metadata, so that the detector learns the generator's pixels and not our marks. Deterministic for a given
 * {@code --seed}. Also writes {@code samples.tsv} (file, model, prompt, seed, width, height, fps, frames).
 *
 * <p>Usage: {@code RawSamples --model scene|tiny-t2v|BUNDLE_DIR --out DIR [--count 40] [--seed 1]
 * [--min-side 144] [--max-side 720] [--min-seconds 1] [--max-seconds 3] [--prefix NAME] [--crf 0]}. A bundle folder is
 * prompted with the core vocabulary it was trained on; {@code scene} with the whole vocabulary.
 */
public final class RawSamples {
    private static final double[] ASPECTS = {1.0, 4.0 / 3, 3.0 / 2, 16.0 / 9, 1.85, 3.0 / 4, 9.0 / 16};
    private static final int[] RATES = {8, 12, 15, 24, 25, 30};

    private RawSamples() {
    }

    /** One clip to render. */
    public record Sample(String file, GenerationRequest request) {
    }

    /** The requests {@code count} clips use; a pure function of the arguments. */
    public static List<Sample> plan(String prefix, String extension, boolean coreVocabulary, int count, long seed,
            int minSide, int maxSide, double minSeconds, double maxSeconds) {
        SplittableRandom rnd = new SplittableRandom(seed);
        List<String> colours = coreVocabulary ? Vocabulary.CORE_COLOURS : List.copyOf(Vocabulary.COLOURS.keySet());
        List<String> backgrounds = coreVocabulary ? Vocabulary.CORE_BACKGROUNDS
                : List.copyOf(Vocabulary.BACKGROUNDS.keySet());
        List<Vocabulary.Shape> shapes = coreVocabulary ? Vocabulary.CORE_SHAPES
                : List.of(Vocabulary.Shape.values());
        List<Vocabulary.Motion> motions = coreVocabulary ? Vocabulary.CORE_MOTIONS
                : List.of(Vocabulary.Motion.values());
        List<Sample> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            String colour = colours.get(rnd.nextInt(colours.size()));
            String bg = backgrounds.get(rnd.nextInt(backgrounds.size()));
            while (bg.equals(colour)) {
                bg = backgrounds.get(rnd.nextInt(backgrounds.size()));
            }
            Vocabulary.Shape shape = shapes.get(rnd.nextInt(shapes.size()));
            Vocabulary.Motion motion = motions.get(rnd.nextInt(motions.size()));
            String m = switch (motion) {
                case LEFT, RIGHT, UP, DOWN -> "moving " + motion.word();
                default -> motion.word();
            };
            String prompt = "a " + colour + " " + shape.word() + " " + m + " on a " + bg + " background";
            int shortSide = minSide + rnd.nextInt(maxSide - minSide + 1);
            double aspect = ASPECTS[rnd.nextInt(ASPECTS.length)];
            int w = even(aspect >= 1 ? shortSide * aspect : shortSide);
            int h = even(aspect >= 1 ? shortSide : shortSide / aspect);
            int fps = RATES[rnd.nextInt(RATES.length)];
            double seconds = Math.round((minSeconds + rnd.nextDouble() * (maxSeconds - minSeconds)) * 10) / 10.0;
            long clipSeed = rnd.nextLong() & 0xFFFFFFFFL;
            GenerationRequest req = new GenerationRequest(prompt, seconds, w, h, FrameRate.of(fps), clipSeed, 0,
                    Double.NaN);
            out.add(new Sample(String.format(Locale.ROOT, "%s-%03d.%s", prefix, i, extension), req));
        }
        return out;
    }

    private static int even(double v) {
        int i = (int) Math.round(v);
        return Math.max(16, Math.min(GenerationRequest.MAX_SIDE, i + (i & 1)));
    }

    public static void main(String[] args) throws Exception {
        String model = null;
        Path out = null;
        int count = 40;
        long seed = 1;
        int minSide = 144;
        int maxSide = 720;
        double minSeconds = 1;
        double maxSeconds = 3;
        String prefix = null;
        int crf = 0;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (i + 1 >= args.length) {
                usage("missing value for " + a);
            }
            String v = args[++i];
            switch (a) {
                case "--model" -> model = v;
                case "--out" -> out = Path.of(v);
                case "--count" -> count = Integer.parseInt(v);
                case "--seed" -> seed = Long.parseLong(v);
                case "--min-side" -> minSide = Integer.parseInt(v);
                case "--max-side" -> maxSide = Integer.parseInt(v);
                case "--min-seconds" -> minSeconds = Double.parseDouble(v);
                case "--max-seconds" -> maxSeconds = Double.parseDouble(v);
                case "--prefix" -> prefix = v;
                case "--crf" -> crf = Integer.parseInt(v);
                default -> usage("unknown option " + a);
            }
        }
        if (model == null || out == null || count < 1 || minSide < 16 || maxSide < minSide || minSeconds < 0.1
                || maxSeconds < minSeconds || crf < 0 || crf > 51) {
            usage("need --model and --out, count >= 1, 16 <= min-side <= max-side, "
                    + "0.1 <= min-seconds <= max-seconds, crf 0..51");
        }
        if (prefix == null) {
            prefix = Path.of(model).getFileName().toString();
        }
        Files.createDirectories(out);
        boolean core = !model.equals(SceneModel.NAME);
        List<Sample> plan = plan(prefix, crf == 0 ? "mkv" : "mp4", core, count, seed, minSide, maxSide, minSeconds,
                maxSeconds);
        Path index = out.resolve("samples.tsv");
        boolean fresh = !Files.exists(index);
        long t0 = System.nanoTime();
        try (TextToVideoModel m = Generators.load(model);
                Writer tsv = Files.newBufferedWriter(index, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                        StandardOpenOption.APPEND)) {
            if (fresh) {
                tsv.write("file\tmodel\tversion\tprompt\tseed\twidth\theight\tfps\tframes\n");
            }
            for (Sample s : plan) {
                GenerationRequest r = s.request();
                Path file = out.resolve(s.file());
                Path tmp = out.resolve("part-" + s.file());
                EncoderSettings enc = crf == 0
                        ? EncoderSettings.h264(r.width(), r.height(), r.fps()).withCodec(EncoderSettings.Codec.FFV1, 0)
                                .withFaststart(false)
                        : EncoderSettings.h264(r.width(), r.height(), r.fps()).withCrf(crf);
                try (VideoWriter w = VideoWriter.create(tmp, enc)) {
                    m.generate(r, w::write, p -> { });
                }
                Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                tsv.write(String.join("\t", s.file(), m.info().name(), m.info().version(), r.prompt(),
                        Long.toString(r.seed()), Integer.toString(r.width()), Integer.toString(r.height()),
                        Integer.toString((int) Math.round(r.fps().fps())), Integer.toString(r.frameCount())) + "\n");
                tsv.flush();
                System.out.printf(Locale.ROOT, "%s %dx%d %d frames  %s%n", s.file(), r.width(), r.height(),
                        r.frameCount(), r.prompt());
            }
        }
        System.out.printf(Locale.ROOT, "%d clips in %.1f s%n", plan.size(), (System.nanoTime() - t0) / 1e9);
    }

    private static void usage(String why) {
        System.err.println("RawSamples: " + why);
        System.err.println("usage: RawSamples --model scene|tiny-t2v|BUNDLE_DIR --out DIR [--count N] [--seed S] "
                + "[--min-side PX] [--max-side PX] [--min-seconds S] [--max-seconds S] [--prefix NAME] [--crf 0..51]");
        System.exit(2);
    }
}
