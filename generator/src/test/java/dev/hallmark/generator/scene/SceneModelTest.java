package dev.hallmark.generator.scene;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hallmark.generator.DigitalSourceType;
import dev.hallmark.generator.GenerationRequest;
import dev.hallmark.generator.eval.AdherenceOracle;
import dev.hallmark.generator.scene.Vocabulary.Motion;
import dev.hallmark.generator.scene.Vocabulary.Shape;
import dev.hallmark.media.FrameRate;
import dev.hallmark.media.I420Frame;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SceneModelTest {
    private final SceneModel model = new SceneModel();

    private List<I420Frame> frames(GenerationRequest req) throws Exception {
        List<I420Frame> out = new ArrayList<>();
        model.generate(req, f -> out.add(f.copy()), p -> { });
        return out;
    }

    private static String hash(List<I420Frame> frames) throws Exception {
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        for (I420Frame f : frames) {
            md.update(f.data());
        }
        return HexFormat.of().formatHex(md.digest());
    }

    @Test
    void declaresAlgorithmicMedia() {
        assertThat(model.info().digitalSourceType()).isEqualTo(DigitalSourceType.ALGORITHMIC_MEDIA);
        assertThat(model.info().digitalSourceTypeUri())
                .isEqualTo("http://cv.iptc.org/newscodes/digitalsourcetype/algorithmicMedia");
        assertThat(model.info().filing()).isEmpty();
    }

    @Test
    void deterministicPerSeed() throws Exception {
        GenerationRequest req = new GenerationRequest("a green star spinning on a sky background", 1, 320, 180,
                FrameRate.of(10), 3, 0, Double.NaN);
        String a = hash(frames(req));
        assertThat(hash(frames(req))).isEqualTo(a);
        assertThat(hash(frames(req.withSeed(4)))).isNotEqualTo(a);
    }

    @ParameterizedTest
    @CsvSource({"1280, 720", "1920, 1080", "720, 1280", "64, 64", "98, 34"})
    void anySizeFramesAndTimestamps(int w, int h) throws Exception {
        GenerationRequest req = new GenerationRequest("a red square moving right", 0.5, w, h, FrameRate.of(24), 1,
                0, Double.NaN);
        List<I420Frame> f = frames(req);
        assertThat(f).hasSize(12);
        assertThat(f.get(0).width()).isEqualTo(w);
        assertThat(f.get(0).height()).isEqualTo(h);
        assertThat(f.get(11).index()).isEqualTo(11);
        assertThat(f.get(11).timestampMicros()).isEqualTo(FrameRate.of(24).timestampMicros(11));
        assertThat(hash(f.subList(0, 1))).isNotEqualTo(hash(f.subList(11, 12))); // it moves
    }

    @Test
    void everyShapeAndBackgroundDraws() throws Exception {
        for (Shape s : Shape.values()) {
            for (String bg : Vocabulary.BACKGROUNDS.keySet()) {
                SceneSpec spec = new SceneSpec(s, "red", Motion.STILL, bg);
                SceneRenderer r = new SceneRenderer(spec, 96, 64, 2, 1);
                I420Frame f = new I420Frame(96, 64);
                r.render(0, f);
                byte[] bgOnly = SceneRenderer.background(bg, 96, 64);
                int changed = 0;
                for (int i = 0; i < 96 * 64; i++) {
                    changed += f.data()[i] != bgOnly[i] ? 1 : 0;
                }
                assertThat(changed).as("%s on %s", s, bg).isGreaterThan(30);
            }
        }
    }

    /** The oracle reads the scene renderer's ground truth back: validates both. */
    @Test
    void oracleRecognisesRenderedScenes() throws Exception {
        SplittableRandom r = new SplittableRandom(12);
        int ok = 0;
        int n = 0;
        List<String> misses = new ArrayList<>();
        for (Shape shape : Vocabulary.CORE_SHAPES) {
            for (Motion motion : Vocabulary.CORE_MOTIONS) {
                if (shape == Shape.CIRCLE && motion == Motion.SPINNING) {
                    continue;
                }
                for (int rep = 0; rep < 2; rep++) {
                    String colour = Vocabulary.CORE_COLOURS.get(r.nextInt(8));
                    String bg = Vocabulary.CORE_BACKGROUNDS.get(r.nextInt(4));
                    if (colour.equals(bg) || (colour.equals("blue") && bg.equals("navy"))) {
                        bg = "black";
                    }
                    SceneSpec spec = new SceneSpec(shape, colour, motion, bg);
                    GenerationRequest req = new GenerationRequest(spec.caption(), 4, 256, 256, FrameRate.of(12),
                            r.nextLong(), 0, Double.NaN);
                    AdherenceOracle.Verdict v = AdherenceOracle.check(spec, frames(req));
                    n++;
                    if (v.adheres() && v.background()) {
                        ok++;
                    } else {
                        misses.add(spec + " -> " + v.summary());
                    }
                }
            }
        }
        assertThat(ok).as("misses: %s", misses).isGreaterThanOrEqualTo(n - 1);
    }
}
