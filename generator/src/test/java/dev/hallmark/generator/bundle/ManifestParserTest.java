package dev.hallmark.generator.bundle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hallmark.generator.DigitalSourceType;
import dev.hallmark.generator.GeneratorException;
import dev.hallmark.generator.GeneratorException.Reason;
import dev.hallmark.generator.TestBundles;
import dev.hallmark.generator.sampling.NoiseSchedule;
import dev.hallmark.generator.sampling.Prediction;
import dev.hallmark.generator.sampling.Sampler;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class ManifestParserTest {
    private static final Path FILE = Path.of("bundle/manifest.json");

    private static ObjectNode mini() throws Exception {
        return TestBundles.manifest(TestBundles.mini());
    }

    private static BundleManifest parse(ObjectNode m) throws GeneratorException {
        return ManifestParser.parse(m.toString().getBytes(StandardCharsets.UTF_8), FILE);
    }

    private static void rejects(Consumer<ObjectNode> edit, String messagePart) throws Exception {
        ObjectNode m = mini();
        edit.accept(m);
        assertThatThrownBy(() -> parse(m)).isInstanceOfSatisfying(GeneratorException.class, e -> {
            assertThat(e.reason()).isEqualTo(Reason.BAD_MANIFEST);
            assertThat(e.file()).isEqualTo(FILE);
            assertThat(e.getMessage()).contains(messagePart).doesNotContain("\n");
        });
    }

    @Test
    void parsesTheTestBundle() throws Exception {
        BundleManifest m = parse(mini());
        assertThat(m.name()).isEqualTo("mini-test");
        assertThat(m.filingNumber()).isEqualTo("TEST-0001");
        assertThat(m.digitalSourceType()).isEqualTo(DigitalSourceType.TRAINED_ALGORITHMIC_MEDIA);
        assertThat(m.latentShape()).containsExactly(4, 4, 8, 8);
        assertThat(m.nativeFrames()).isEqualTo(4);
        assertThat(m.sampler().sampler()).isEqualTo(Sampler.FLOW_EULER);
        assertThat(m.sampler().prediction()).isEqualTo(Prediction.VELOCITY);
        assertThat(m.sampler().schedule()).isInstanceOf(NoiseSchedule.Flow.class);
        assertThat(m.decoder().onnx()).isEqualTo("decoder.onnx");
        assertThat(m.denoiser().inputNames()).containsExactly("x", "t", "context");
        assertThat(m.digests()).containsKeys("vocab.txt", "denoiser.onnx", "denoiser.pt");
    }

    @Test
    void rejectsBrokenManifests() throws Exception {
        rejects(m -> m.put("format", "something-else"), "format");
        rejects(m -> m.put("formatVersion", 2), "formatVersion 2 is not supported");
        rejects(m -> m.remove("name"), "missing 'name'");
        rejects(m -> m.put("digitalSourceType", "http://example.com/x"), "digitalSourceType");
        rejects(m -> ((ObjectNode) m.get("native")).put("width", 0), "'width'");
        rejects(m -> ((ObjectNode) m.get("components")).remove("denoiser"), "denoiser");
        rejects(m -> ((ObjectNode) m.get("files")).remove("denoiser.onnx"), "no SHA-256 for 'denoiser.onnx'");
        rejects(m -> ((ObjectNode) m.get("files")).put("denoiser.onnx", "abc"), "SHA-256");
        rejects(m -> ((ObjectNode) m.at("/components/decoder")).put("onnx", "../../etc/passwd"), "plain relative");
        rejects(m -> ((ObjectNode) m.at("/sampler")).put("default", "plms"), "unknown sampler");
        rejects(m -> ((ObjectNode) m.at("/sampler/schedule")).put("type", "karras"), "schedule.type");
        rejects(m -> ((ArrayNode) m.at("/latent/shape")).remove(0), "latent.shape");
        rejects(m -> m.remove("components"), "components");
        rejects(m -> {
            m.with("components").remove("decoder");
        }, "without a decoder");
    }

    @Test
    void rejectsDenoiserWithoutAnyFile() throws Exception {
        ObjectNode m = mini();
        ((ObjectNode) m.at("/components/denoiser")).remove("onnx");
        ((ObjectNode) m.at("/components/denoiser")).remove("torchscript");
        assertThatThrownBy(() -> parse(m)).hasMessageContaining("denoiser names neither");
    }

    @Test
    void rejectsNonJsonAndOversizeAndDeepNesting() {
        assertThatThrownBy(() -> ManifestParser.parse("{not json".getBytes(StandardCharsets.UTF_8), FILE))
                .isInstanceOfSatisfying(GeneratorException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.BAD_MANIFEST));
        assertThatThrownBy(() -> ManifestParser.parse(new byte[ManifestParser.MAX_BYTES + 1], FILE))
                .hasMessageContaining("larger than");
        String deep = "[".repeat(100) + "]".repeat(100);
        assertThatThrownBy(() -> ManifestParser.parse(deep.getBytes(StandardCharsets.UTF_8), FILE))
                .isInstanceOf(GeneratorException.class);
    }

    @Test
    void rejectsEveryTruncationOfTheManifest() throws Exception {
        byte[] full = Files.readAllBytes(TestBundles.mini().resolve("manifest.json"));
        for (int cut = 0; cut < full.length - 2; cut += 7) { // a valid JSON prefix cannot end inside the object
            byte[] part = java.util.Arrays.copyOf(full, cut);
            assertThatThrownBy(() -> ManifestParser.parse(part, FILE)).as("cut at %d", cut)
                    .isInstanceOfSatisfying(GeneratorException.class,
                            e -> assertThat(e.reason()).isEqualTo(Reason.BAD_MANIFEST));
        }
    }
}
