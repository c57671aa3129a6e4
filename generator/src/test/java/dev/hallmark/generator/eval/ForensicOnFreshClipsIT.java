package dev.hallmark.generator.eval;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hallmark.classifier.forensic.ForensicDetector;
import dev.hallmark.classifier.forensic.ForensicResult;
import dev.hallmark.generator.GenerationRequest;
import dev.hallmark.generator.Generators;
import dev.hallmark.generator.TextToVideoModel;
import dev.hallmark.media.EncoderSettings;
import dev.hallmark.media.VideoWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The built-in forensic detector flags fresh raw output of the {@code scene} generator: new random seeds, prompts
 * and sizes on every run (the seed is printed on failure), encoded as a user would get it (H.264, CRF 23).
 */
class ForensicOnFreshClipsIT {
    @TempDir
    Path tmp;

    @Test
    void freshSceneClipsAreSuspected() throws Exception {
        long seed = new Random().nextLong();
        List<RawSamples.Sample> plan = RawSamples.plan("fresh", "mp4", false, 3, seed, 144, 480, 1, 2);
        try (TextToVideoModel m = Generators.load("scene"); ForensicDetector d = ForensicDetector.builtIn()) {
            for (RawSamples.Sample s : plan) {
                GenerationRequest r = s.request();
                Path file = tmp.resolve(s.file());
                try (VideoWriter w = VideoWriter.create(file, EncoderSettings.h264(r.width(), r.height(), r.fps()))) {
                    m.generate(r, w::write, p -> { });
                }
                ForensicResult res = d.score(file);
                assertThat(res.suspected()).as("seed %d: '%s' %dx%d scored %.4f, threshold %.4f", seed, r.prompt(),
                        r.width(), r.height(), res.score(), res.threshold()).isTrue();
            }
        }
    }
}
