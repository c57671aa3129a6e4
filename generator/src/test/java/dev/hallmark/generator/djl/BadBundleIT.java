package dev.hallmark.generator.djl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hallmark.generator.GeneratorException;
import dev.hallmark.generator.GeneratorException.Reason;
import dev.hallmark.generator.GeneratorOptions;
import dev.hallmark.generator.GeneratorOptions.Engine;
import dev.hallmark.generator.Generators;
import dev.hallmark.generator.TestBundles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Bundles whose files pass the digest check but are wrong for the engine or the manifest. */
class BadBundleIT {

    private static void fails(Path dir, Engine engine, Reason reason, String part) {
        assertThatThrownBy(() -> Generators.load(dir.toString(), new GeneratorOptions(engine, true)))
                .isInstanceOfSatisfying(GeneratorException.class, e -> {
                    assertThat(e.reason()).isEqualTo(reason);
                    assertThat(e.getMessage()).contains(part).doesNotContain("\n");
                });
    }

    @ParameterizedTest
    @EnumSource(value = Engine.class, names = {"ONNX_RUNTIME", "PYTORCH"})
    void corruptGraphIsComponentCorrupt(Engine engine, @TempDir Path tmp) throws Exception {
        Path dir = TestBundles.copyOfMini(tmp);
        String name = engine == Engine.ONNX_RUNTIME ? "denoiser.onnx" : "denoiser.pt";
        byte[] b = Files.readAllBytes(dir.resolve(name));
        TestBundles.replaceVerified(dir, name, Arrays.copyOf(b, b.length / 3));
        fails(dir, engine, Reason.COMPONENT_CORRUPT, name);
    }

    @ParameterizedTest
    @EnumSource(value = Engine.class, names = {"ONNX_RUNTIME", "PYTORCH"})
    void garbageGraphIsComponentCorrupt(Engine engine, @TempDir Path tmp) throws Exception {
        Path dir = TestBundles.copyOfMini(tmp);
        String name = engine == Engine.ONNX_RUNTIME ? "text_encoder.onnx" : "text_encoder.pt";
        TestBundles.replaceVerified(dir, name, "this is not a model".getBytes());
        fails(dir, engine, Reason.COMPONENT_CORRUPT, name);
    }

    @ParameterizedTest
    @EnumSource(value = Engine.class, names = {"ONNX_RUNTIME", "PYTORCH"})
    void wrongLatentShapeIsShapeMismatch(Engine engine, @TempDir Path tmp) throws Exception {
        Path dir = TestBundles.copyOfMini(tmp);
        ObjectNode m = TestBundles.manifest(dir);
        ArrayNode shape = (ArrayNode) m.at("/latent/shape");
        shape.set(0, 3); // the graphs take 4 latent channels
        TestBundles.writeManifest(dir, m);
        fails(dir, engine, Reason.SHAPE_MISMATCH, "denoiser");
    }

    @ParameterizedTest
    @EnumSource(value = Engine.class, names = {"ONNX_RUNTIME", "PYTORCH"})
    void wrongNativeSizeIsShapeMismatch(Engine engine, @TempDir Path tmp) throws Exception {
        Path dir = TestBundles.copyOfMini(tmp);
        ObjectNode m = TestBundles.manifest(dir);
        ((ObjectNode) m.get("native")).put("width", 64);
        TestBundles.writeManifest(dir, m);
        fails(dir, engine, Reason.SHAPE_MISMATCH, "decoder output");
    }

    @ParameterizedTest
    @EnumSource(value = Engine.class, names = {"ONNX_RUNTIME", "PYTORCH"})
    void swappedComponentsAreShapeMismatch(Engine engine, @TempDir Path tmp) throws Exception {
        Path dir = TestBundles.copyOfMini(tmp);
        String ext = engine == Engine.ONNX_RUNTIME ? ".onnx" : ".pt";
        TestBundles.replaceVerified(dir, "decoder" + ext, Files.readAllBytes(dir.resolve("text_encoder" + ext)));
        fails(dir, engine, Reason.SHAPE_MISMATCH, "decoder");
    }

    @ParameterizedTest
    @EnumSource(value = Engine.class, names = {"ONNX_RUNTIME", "PYTORCH"})
    void missingFileForTheChosenEngine(Engine engine, @TempDir Path tmp) throws Exception {
        Path dir = TestBundles.copyOfMini(tmp);
        ObjectNode m = TestBundles.manifest(dir);
        ((ObjectNode) m.at("/components/denoiser")).remove(engine == Engine.ONNX_RUNTIME ? "onnx" : "torchscript");
        TestBundles.writeManifest(dir, m);
        fails(dir, engine, Reason.ENGINE_UNAVAILABLE, "denoiser has no");
    }
}
