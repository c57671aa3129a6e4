package dev.hallmark.generator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hallmark.generator.bundle.ModelBundle;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** The test bundle (src/test/resources/bundles/mini, made by tools/train/tiny_t2v/make_test_bundle.py). */
public final class TestBundles {
    public static final ObjectMapper JSON = new ObjectMapper();

    private TestBundles() {
    }

    public static Path mini() {
        try {
            return Path.of(TestBundles.class.getResource("/bundles/mini/manifest.json").toURI()).getParent();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A writable copy of the mini bundle. */
    public static Path copyOfMini(Path dir) throws IOException {
        Path dst = dir.resolve("mini");
        Files.createDirectories(dst);
        try (Stream<Path> s = Files.list(mini())) {
            for (Path p : s.toList()) {
                Files.copy(p, dst.resolve(p.getFileName().toString()));
            }
        }
        return dst;
    }

    public static JsonNode reference() {
        try {
            return JSON.readTree(mini().resolve("reference.json").toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static ObjectNode manifest(Path bundle) throws IOException {
        return (ObjectNode) JSON.readTree(bundle.resolve("manifest.json").toFile());
    }

    public static void writeManifest(Path bundle, JsonNode m) throws IOException {
        JSON.writerWithDefaultPrettyPrinter().writeValue(bundle.resolve("manifest.json").toFile(), m);
    }

    /** Replaces a file and records its new digest in the manifest (so only the content is wrong). */
    public static void replaceVerified(Path bundle, String name, byte[] bytes) throws IOException {
        Files.write(bundle.resolve(name), bytes);
        ObjectNode m = manifest(bundle);
        ((ObjectNode) m.get("files")).put(name, ModelBundle.sha256(bytes));
        writeManifest(bundle, m);
    }

    public static float[] floats(JsonNode array) {
        float[] f = new float[array.size()];
        for (int i = 0; i < f.length; i++) {
            f[i] = (float) array.get(i).asDouble();
        }
        return f;
    }
}
