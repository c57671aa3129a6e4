package dev.hallmark.generator.bundle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hallmark.generator.GeneratorException;
import dev.hallmark.generator.GeneratorException.Reason;
import dev.hallmark.generator.Generators;
import dev.hallmark.generator.TestBundles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bundle integrity: every component is checked against its SHA-256 before any engine parses it. */
class ModelBundleTest {

    @Test
    void readsVerifiedComponents(@TempDir Path tmp) throws Exception {
        ModelBundle b = ModelBundle.open(new BundleSource.Folder(TestBundles.copyOfMini(tmp)));
        assertThat(b.read("denoiser.onnx")).hasSize((int) Files.size(b.source().file("denoiser.onnx")));
    }

    @Test
    void everySeededBitFlipIsDetected(@TempDir Path tmp) throws Exception {
        Path dir = TestBundles.copyOfMini(tmp);
        long seed = System.nanoTime();
        SplittableRandom r = new SplittableRandom(seed);
        for (String name : new String[] {"denoiser.onnx", "text_encoder.pt", "decoder.onnx", "vocab.txt"}) {
            byte[] original = Files.readAllBytes(dir.resolve(name));
            for (int trial = 0; trial < 25; trial++) {
                byte[] bad = original.clone();
                int pos = r.nextInt(bad.length);
                bad[pos] ^= (byte) (1 << r.nextInt(8));
                Files.write(dir.resolve(name), bad);
                ModelBundle b = ModelBundle.open(new BundleSource.Folder(dir));
                assertThatThrownBy(() -> b.read(name)).as("seed %d, %s byte %d", seed, name, pos)
                        .isInstanceOfSatisfying(GeneratorException.class, e -> {
                            assertThat(e.reason()).isEqualTo(Reason.DIGEST_MISMATCH);
                            assertThat(e.file().getFileName().toString()).isEqualTo(name);
                        });
            }
            Files.write(dir.resolve(name), original);
        }
    }

    @Test
    void truncationIsDetected(@TempDir Path tmp) throws Exception {
        Path dir = TestBundles.copyOfMini(tmp);
        byte[] original = Files.readAllBytes(dir.resolve("denoiser.pt"));
        for (int len : new int[] {0, 1, original.length / 2, original.length - 1}) {
            Files.write(dir.resolve("denoiser.pt"), Arrays.copyOf(original, len));
            ModelBundle b = ModelBundle.open(new BundleSource.Folder(dir));
            assertThatThrownBy(() -> b.read("denoiser.pt")).isInstanceOfSatisfying(GeneratorException.class,
                    e -> assertThat(e.reason()).isEqualTo(Reason.DIGEST_MISMATCH));
        }
    }

    @Test
    void missingComponentAndMissingManifest(@TempDir Path tmp) throws Exception {
        Path dir = TestBundles.copyOfMini(tmp);
        Files.delete(dir.resolve("decoder.onnx"));
        ModelBundle b = ModelBundle.open(new BundleSource.Folder(dir));
        assertThatThrownBy(() -> b.read("decoder.onnx")).isInstanceOfSatisfying(GeneratorException.class, e -> {
            assertThat(e.reason()).isEqualTo(Reason.COMPONENT_MISSING);
            assertThat(e.getMessage()).contains("decoder.onnx").contains("missing");
        });
        Files.delete(dir.resolve("manifest.json"));
        assertThatThrownBy(() -> ModelBundle.open(new BundleSource.Folder(dir)))
                .isInstanceOfSatisfying(GeneratorException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.BAD_MANIFEST));
    }

    @Test
    void unknownModelName() {
        assertThatThrownBy(() -> Generators.load("no-such-model")).isInstanceOfSatisfying(GeneratorException.class,
                e -> {
                    assertThat(e.reason()).isEqualTo(Reason.MODEL_NOT_FOUND);
                    assertThat(e.getMessage()).contains("no-such-model").contains("tiny-t2v");
                });
    }
}
