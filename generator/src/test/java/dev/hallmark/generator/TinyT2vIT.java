package dev.hallmark.generator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hallmark.generator.GeneratorOptions.Engine;
import dev.hallmark.generator.eval.AdherenceOracle;
import dev.hallmark.generator.eval.HeldOutCaptions;
import dev.hallmark.media.FrameRate;
import dev.hallmark.media.I420Frame;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The built-in tiny-t2v model: metadata, both engines, and a held-out adherence check that can fail. */
class TinyT2vIT {

    private static List<I420Frame> clip(TextToVideoModel m, GenerationRequest req) throws Exception {
        List<I420Frame> out = new ArrayList<>();
        m.generate(req, f -> out.add(f.copy()), p -> { });
        return out;
    }

    @Test
    void declaresItselfAndMakesTheDefaultClip() throws Exception {
        try (TextToVideoModel m = Generators.load(Generators.DEFAULT_MODEL)) {
            ModelInfo info = m.info();
            assertThat(info.name()).isEqualTo("tiny-t2v");
            assertThat(info.digitalSourceType()).isEqualTo(DigitalSourceType.TRAINED_ALGORITHMIC_MEDIA);
            assertThat(info.nativeFrames()).isEqualTo(16);
            GenerationRequest req = GenerationRequest.of("a yellow triangle moving right on a navy background");
            List<I420Frame> frames = clip(m, req);
            assertThat(frames).hasSize(48);
            assertThat(frames.get(0).width()).isEqualTo(512);
            assertThat(frames.get(47).timestampMicros()).isEqualTo(FrameRate.of(12).timestampMicros(47));
        }
    }

    @Test
    void bothEnginesMakeTheSameScene() throws Exception {
        GenerationRequest req = new GenerationRequest("a red square moving left on a white background", 4, 128,
                128, FrameRate.of(8), 5, 0, Double.NaN);
        List<I420Frame> a;
        List<I420Frame> b;
        try (TextToVideoModel m = Generators.load("tiny-t2v", GeneratorOptions.defaults().withEngine(Engine.ONNX_RUNTIME))) {
            a = clip(m, req);
        }
        try (TextToVideoModel m = Generators.load("tiny-t2v", GeneratorOptions.defaults().withEngine(Engine.PYTORCH))) {
            b = clip(m, req);
        }
        double diff = 0;
        for (int i = 0; i < a.size(); i++) {
            byte[] x = a.get(i).data();
            byte[] y = b.get(i).data();
            for (int k = 0; k < a.get(i).uOffset(); k++) {
                diff += Math.abs((x[k] & 0xFF) - (y[k] & 0xFF));
            }
        }
        diff /= a.size() * a.get(0).uOffset();
        assertThat(diff).as("mean luma difference ONNX Runtime vs PyTorch").isLessThan(2.0);
    }

    /**
     * The caption, not the seed, sets the direction of motion: for the same seeds, opposite words give clips that the
     * oracle sees moving the opposite ways (version 1.1.0 drew the same clip for both, so half went the wrong way).
     */
    @Test
    void theCaptionSetsTheDirectionOfMotion() throws Exception {
        String[][] pairs = {{"left", "right"}, {"growing", "shrinking"}};
        List<String> wrong = new ArrayList<>();
        int n = 0;
        try (TextToVideoModel m = Generators.load("tiny-t2v")) {
            for (String[] pair : pairs) {
                for (String motion : pair) {
                    String caption = pair[0].equals("left") ? "a red circle moving " + motion + " on a black background"
                            : "a green square " + motion + " on a white background";
                    for (int seed = 1; seed <= 3; seed++) {
                        GenerationRequest req = new GenerationRequest(caption, 4, 128, 128, FrameRate.of(8), seed, 0,
                                Double.NaN);
                        var seen = AdherenceOracle.analyse(clip(m, req)).motion();
                        n++;
                        if (seen == null || !seen.word().equals(motion)) {
                            wrong.add(caption + " (seed " + seed + ") -> " + seen);
                        }
                    }
                }
            }
        }
        assertThat(wrong).as("clips moving otherwise than asked, of %d", n).hasSizeLessThanOrEqualTo(1);
    }

    /**
     * A floor on a slice of the held-out captions (combinations never seen in training), well above chance (all three
     * attributes right by chance: about 1 %) and above what version 1.1.0 reached (about half); the committed 1.2.0
     * meets the 80 % target on the full set (generator/MODELS.md). Colour and background are asserted as well. The full
     * measurement is
     * {@link dev.hallmark.generator.eval.AdherenceBenchmark}.
     */
    @Test
    void followsHeldOutPrompts() throws Exception {
        List<HeldOutCaptions.Item> items = HeldOutCaptions.tinyT2v();
        int ok = 0;
        int n = 0;
        int colour = 0;
        int background = 0;
        List<String> misses = new ArrayList<>();
        try (TextToVideoModel m = Generators.load("tiny-t2v")) {
            for (int i = 0; i < items.size(); i += 2) { // one caption per held-out triple
                HeldOutCaptions.Item item = items.get(i);
                GenerationRequest req = new GenerationRequest(item.caption(), 4, 128, 128, FrameRate.of(8), 11, 0,
                        Double.NaN);
                AdherenceOracle.Verdict v = AdherenceOracle.check(item.expected(), clip(m, req));
                n++;
                colour += v.colour() ? 1 : 0;
                background += v.background() ? 1 : 0;
                if (v.adheres()) {
                    ok++;
                } else {
                    misses.add(item.caption() + " -> " + v.summary());
                }
            }
        }
        assertThat((double) ok / n).as("held-out adherence; misses %s", misses).isGreaterThanOrEqualTo(0.7);
        assertThat((double) colour / n).as("colour; misses %s", misses).isGreaterThanOrEqualTo(0.9);
        assertThat((double) background / n).as("background; misses %s", misses).isGreaterThanOrEqualTo(0.8);
    }
}
