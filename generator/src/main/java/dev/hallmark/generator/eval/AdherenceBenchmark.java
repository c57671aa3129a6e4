package dev.hallmark.generator.eval;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.hallmark.generator.GenerationRequest;
import dev.hallmark.generator.GeneratorException;
import dev.hallmark.generator.GeneratorOptions;
import dev.hallmark.generator.Generators;
import dev.hallmark.generator.TextToVideoModel;
import dev.hallmark.media.FrameRate;
import dev.hallmark.media.I420Frame;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Prompt adherence of a model on a caption set, scored by {@link AdherenceOracle}, with a PNG contact sheet.
 * {@code main} or {@link #run(Options)} (for the {@code hallmark bench} command). Writes
 * {@code adherence.json} (schema {@code hallmark.adherence/1}) and {@code contact_sheet.png} into the output folder.
 */
public final class AdherenceBenchmark {

    /**
     * @param model built-in name or bundle path
     * @param captions caption TSV, or null for the tiny-t2v held-out set
     * @param limit evaluate at most this many captions (0 = all)
     * @param seeds samples per caption (seeds 0..seeds-1)
     */
    public record Options(String model, Path captions, Path outDir, int width, int height, double seconds, int fps,
            int limit, int seeds, GeneratorOptions generator) {
        public static Options defaults(Path outDir) {
            return new Options(Generators.DEFAULT_MODEL, null, outDir, 256, 256, 4, 12, 0, 1,
                    GeneratorOptions.defaults());
        }
    }

    /** Per-attribute and overall rates (0..1) and where the files went. */
    public record Report(String model, String runtime, int clips, double adherence, double colour, double shape,
            double motion, double background, double meanGenerateSeconds, Path json, Path contactSheet) {
    }

    private AdherenceBenchmark() {
    }

    public static Report run(Options o) throws IOException, GeneratorException {
        List<HeldOutCaptions.Item> items = o.captions() == null ? HeldOutCaptions.tinyT2v()
                : HeldOutCaptions.read(o.captions());
        if (o.limit() > 0 && items.size() > o.limit()) {
            items = items.subList(0, o.limit());
        }
        ContactSheet sheet = new ContactSheet(8, 96, 360);
        List<Map<String, Object>> rows = new ArrayList<>();
        int n = 0;
        int all = 0;
        int col = 0;
        int shp = 0;
        int mot = 0;
        int bg = 0;
        double seconds = 0;
        String runtime;
        try (TextToVideoModel model = Generators.load(o.model(), o.generator())) {
            runtime = model.info().runtime();
            for (HeldOutCaptions.Item item : items) {
                for (int seed = 0; seed < o.seeds(); seed++) {
                    GenerationRequest req = new GenerationRequest(item.caption(), o.seconds(), o.width(), o.height(),
                            FrameRate.of(o.fps()), seed, 0, Double.NaN);
                    List<I420Frame> clip = new ArrayList<>();
                    long t0 = System.nanoTime();
                    model.generate(req, f -> clip.add(f.copy()), p -> { });
                    seconds += (System.nanoTime() - t0) / 1e9;
                    AdherenceOracle.Verdict v = AdherenceOracle.check(item.expected(), clip);
                    n++;
                    all += v.adheres() ? 1 : 0;
                    col += v.colour() ? 1 : 0;
                    shp += v.shape() ? 1 : 0;
                    mot += v.motion() ? 1 : 0;
                    bg += v.background() ? 1 : 0;
                    sheet.add(v.summary() + " | " + item.caption() + " (seed " + seed + ")", clip);
                    Map<String, Object> row = new LinkedHashMap<>();
                    row.put("caption", item.caption());
                    row.put("seed", seed);
                    row.put("expected", item.expected());
                    row.put("seen", v.seen());
                    row.put("colour", v.colour());
                    row.put("shape", v.shape());
                    row.put("motion", v.motion());
                    row.put("background", v.background());
                    row.put("adheres", v.adheres());
                    rows.add(row);
                }
            }
        }
        Path json = o.outDir().resolve("adherence.json");
        Path png = o.outDir().resolve("contact_sheet.png");
        sheet.write(png);
        Report r = new Report(o.model(), runtime, n, (double) all / n, (double) col / n, (double) shp / n,
                (double) mot / n, (double) bg / n, seconds / n, json, png);
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("schema", "hallmark.adherence/1");
        doc.put("report", r);
        doc.put("request", Map.of("width", o.width(), "height", o.height(), "seconds", o.seconds(), "fps", o.fps()));
        doc.put("clips", rows);
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(json.toFile(), doc);
        return r;
    }

    /** {@code AdherenceBenchmark [model] [outDir] [limit] [seeds]}. */
    public static void main(String[] args) throws Exception {
        Path out = Path.of(args.length > 1 ? args[1] : "target/adherence");
        Options d = Options.defaults(out);
        Options o = new Options(args.length > 0 ? args[0] : d.model(), null, out, d.width(), d.height(),
                d.seconds(), d.fps(), args.length > 2 ? Integer.parseInt(args[2]) : 0,
                args.length > 3 ? Integer.parseInt(args[3]) : 1, d.generator());
        Report r = run(o);
        System.out.printf("%s (%s): adherence %.1f%% on %d clips (colour %.1f%%, shape %.1f%%, motion %.1f%%, "
                + "background %.1f%%), %.2f s per clip; %s, %s%n", r.model(), r.runtime(), 100 * r.adherence(),
                r.clips(), 100 * r.colour(), 100 * r.shape(), 100 * r.motion(), 100 * r.background(),
                r.meanGenerateSeconds(), r.json(), r.contactSheet());
    }
}
