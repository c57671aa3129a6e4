package dev.hallmark.generator.djl;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hallmark.generator.GenerationRequest;
import dev.hallmark.generator.GeneratorException;
import dev.hallmark.generator.GeneratorOptions;
import dev.hallmark.generator.GeneratorOptions.Engine;
import dev.hallmark.generator.TestBundles;
import dev.hallmark.generator.bundle.BundleSource;
import dev.hallmark.generator.bundle.ModelBundle;
import dev.hallmark.generator.djl.DjlComponent.Tensor;
import dev.hallmark.generator.text.WordTokenizer;
import dev.hallmark.media.FrameRate;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

/** The mini bundle through both DJL engines: PyTorch reference outputs, agreement, determinism. */
class DjlEnginesIT {

    private static DjlComponent component(String file, String engine) throws Exception {
        ModelBundle b = ModelBundle.open(new BundleSource.Folder(TestBundles.mini()));
        return DjlComponent.load("test", b.describe(file), b.read(file), engine, DjlComponent.device(engine, true));
    }

    private static float maxAbsDiff(float[] a, float[] b) {
        assertThat(a).hasSameSizeAs(b);
        float m = 0;
        for (int i = 0; i < a.length; i++) {
            m = Math.max(m, Math.abs(a[i] - b[i]));
        }
        return m;
    }

    @ParameterizedTest
    @EnumSource(value = Engine.class, names = {"ONNX_RUNTIME", "PYTORCH"})
    void componentsReproduceThePyTorchReference(Engine engine) throws Exception {
        String name = engine == Engine.ONNX_RUNTIME ? DjlComponent.ONNX : DjlComponent.PYTORCH;
        String ext = engine == Engine.ONNX_RUNTIME ? ".onnx" : ".pt";
        JsonNode ref = TestBundles.reference();
        long[] ids = new long[ref.get("ids").size()];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = ref.get("ids").get(i).asLong();
        }
        try (DjlComponent text = component("text_encoder" + ext, name);
                DjlComponent den = component("denoiser" + ext, name);
                DjlComponent dec = component("decoder" + ext, name)) {
            float[] ctx = text.run(Tensor.ofLongs("ids", ids, 1, ids.length)).get(0).floats();
            assertThat(maxAbsDiff(ctx, TestBundles.floats(ref.get("context")))).isLessThan(1e-4f);
            float[] x = TestBundles.floats(ref.get("x"));
            float[] out = den.run(Tensor.of("x", x, 1, 4, 4, 8, 8), Tensor.of("t", new float[] {0.7f}, 1),
                    Tensor.of("context", ctx, 1, 16, 16)).get(0).floats();
            assertThat(maxAbsDiff(out, TestBundles.floats(ref.get("denoised")))).isLessThan(1e-4f);
            float[] img = dec.run(Tensor.of("z", x, 1, 4, 4, 8, 8)).get(0).floats();
            assertThat(maxAbsDiff(img, TestBundles.floats(ref.get("decoded")))).isLessThan(1e-4f);
        }
    }

    @Test
    void javaTokenizerMatchesTheTrainingTokenizer() throws Exception {
        JsonNode ref = TestBundles.reference();
        List<String> vocab = Files.readAllLines(TestBundles.mini().resolve("vocab.txt"), StandardCharsets.UTF_8);
        WordTokenizer tok = new WordTokenizer(vocab, 16, true, "[PAD]", "[UNK]", "[CLS]");
        long[] ids = tok.encode(ref.get("prompt").asText());
        for (int i = 0; i < ids.length; i++) {
            assertThat(ids[i]).as("token %d", i).isEqualTo(ref.get("ids").get(i).asLong());
        }
    }

    private static List<String> frameHashes(DjlDiffusionModel model, GenerationRequest req) throws Exception {
        List<String> hashes = new ArrayList<>();
        model.generate(req, f -> {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            hashes.add(HexFormat.of().formatHex(md.digest(f.data())));
        }, p -> { });
        return hashes;
    }

    private static float[] lastFrameLuma(DjlDiffusionModel model, GenerationRequest req) throws Exception {
        float[][] last = new float[1][];
        model.generate(req, f -> {
            float[] y = new float[f.width() * f.height()];
            for (int i = 0; i < y.length; i++) {
                y[i] = f.data()[i] & 0xFF;
            }
            last[0] = y;
        }, p -> { });
        return last[0];
    }

    @ParameterizedTest
    @EnumSource(value = Engine.class, names = {"ONNX_RUNTIME", "PYTORCH"})
    void sameSeedSameFramesDifferentSeedDifferentFrames(Engine engine) throws Exception {
        ModelBundle b = ModelBundle.open(new BundleSource.Folder(TestBundles.mini()));
        GenerationRequest req = new GenerationRequest("a red circle moving left", 1.0, 64, 48, FrameRate.of(8), 42,
                0, Double.NaN);
        try (DjlDiffusionModel m = DjlDiffusionModel.load(b, new GeneratorOptions(engine, true))) {
            List<String> a = frameHashes(m, req);
            List<String> again = frameHashes(m, req);
            List<String> other = frameHashes(m, req.withSeed(43));
            assertThat(a).hasSize(8).isEqualTo(again);
            assertThat(other).isNotEqualTo(a);
        }
        // a fresh load gives the same frames too
        try (DjlDiffusionModel m = DjlDiffusionModel.load(b, new GeneratorOptions(engine, true))) {
            assertThat(frameHashes(m, req)).isEqualTo(frameHashes(m, req));
        }
    }

    @Test
    void onnxRuntimeAndPyTorchAgreeOnAWholeGeneration() throws Exception {
        ModelBundle b = ModelBundle.open(new BundleSource.Folder(TestBundles.mini()));
        GenerationRequest req = new GenerationRequest("a blue square spinning on white", 1.0, 32, 32, FrameRate.of(4),
                7, 0, Double.NaN);
        float[] onnx;
        float[] torch;
        try (DjlDiffusionModel m = DjlDiffusionModel.load(b, new GeneratorOptions(Engine.ONNX_RUNTIME, true))) {
            assertThat(m.info().runtime()).startsWith("OnnxRuntime");
            onnx = lastFrameLuma(m, req);
        }
        try (DjlDiffusionModel m = DjlDiffusionModel.load(b, new GeneratorOptions(Engine.PYTORCH, true))) {
            assertThat(m.info().runtime()).startsWith("PyTorch");
            torch = lastFrameLuma(m, req);
        }
        assertThat(maxAbsDiff(onnx, torch)).isLessThanOrEqualTo(2f); // 8-bit levels, after 4 sampler steps
    }

    @Test
    void progressCountsStepsThenFrames() throws Exception {
        ModelBundle b = ModelBundle.open(new BundleSource.Folder(TestBundles.mini()));
        GenerationRequest req = new GenerationRequest("a dot", 0.5, 32, 32, FrameRate.of(10), 1, 3, 2.0);
        try (DjlDiffusionModel m = DjlDiffusionModel.load(b, GeneratorOptions.defaults())) {
            List<Long> seen = new ArrayList<>();
            m.generate(req, f -> { }, seen::add);
            assertThat(m.workUnits(req)).isEqualTo(3 + 5);
            assertThat(seen).containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L);
            assertThat(m.info().name()).isEqualTo("mini-test");
            assertThat(m.info().filingNumber()).isEqualTo("TEST-0001");
        }
    }

    @Test
    void closedModelRefuses() throws Exception {
        ModelBundle b = ModelBundle.open(new BundleSource.Folder(TestBundles.mini()));
        DjlDiffusionModel m = DjlDiffusionModel.load(b, GeneratorOptions.defaults());
        m.close();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> m.generate(GenerationRequest.of("x"), f -> { },
                p -> { })).isInstanceOfSatisfying(GeneratorException.class,
                        e -> assertThat(e.reason()).isEqualTo(GeneratorException.Reason.CLOSED));
    }
}
