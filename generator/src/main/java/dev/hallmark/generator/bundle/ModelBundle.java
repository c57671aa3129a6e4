package dev.hallmark.generator.bundle;

import dev.hallmark.generator.GeneratorException;
import dev.hallmark.generator.GeneratorException.Reason;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A bundle whose manifest has been parsed; its files are read through {@link #read(String)}, which checks each
 * against the SHA-256 the manifest records before anything parses it.
 */
public final class ModelBundle {
    /** Largest component read into memory (ONNX protobufs are limited to 2 GiB anyway). */
    public static final long MAX_COMPONENT_BYTES = (2L << 30) - 64;

    private final BundleSource source;
    private final BundleManifest manifest;

    private ModelBundle(BundleSource source, BundleManifest manifest) {
        this.source = source;
        this.manifest = manifest;
    }

    /** Opens a bundle folder (or resource folder): reads and validates {@code manifest.json}. */
    public static ModelBundle open(BundleSource source) throws GeneratorException {
        Path mf = source.describe("manifest.json");
        if (source instanceof BundleSource.Folder f && !Files.isDirectory(f.dir())) {
            throw new GeneratorException(Reason.MODEL_NOT_FOUND, f.dir(), "no such bundle folder");
        }
        if (!source.exists("manifest.json")) {
            throw new GeneratorException(Reason.BAD_MANIFEST, mf, "missing: a bundle folder needs manifest.json");
        }
        byte[] bytes = readBounded(source, "manifest.json", ManifestParser.MAX_BYTES, mf);
        BundleManifest m = ManifestParser.parse(bytes, mf);
        return new ModelBundle(source, m);
    }

    public BundleManifest manifest() {
        return manifest;
    }

    public BundleSource source() {
        return source;
    }

    public Path describe(String name) {
        return source.describe(name);
    }

    /**
     * Reads a file named in the manifest and verifies its SHA-256.
     *
     * @throws GeneratorException COMPONENT_MISSING, DIGEST_MISMATCH
     */
    public byte[] read(String name) throws GeneratorException {
        Path p = source.describe(name);
        String expected = manifest.digests().get(name);
        if (expected == null) {
            throw new GeneratorException(Reason.BAD_MANIFEST, source.describe("manifest.json"),
                    "files has no SHA-256 for '" + name + "'");
        }
        if (!source.exists(name)) {
            throw new GeneratorException(Reason.COMPONENT_MISSING, p, "missing (named in manifest.json)");
        }
        byte[] bytes = readBounded(source, name, MAX_COMPONENT_BYTES, p);
        String actual = sha256(bytes);
        if (!actual.equals(expected)) {
            throw new GeneratorException(Reason.DIGEST_MISMATCH, p, "SHA-256 is " + actual.substring(0, 16)
                    + "..., manifest.json records " + expected.substring(0, 16) + "... (corrupt or altered file)");
        }
        return bytes;
    }

    private static byte[] readBounded(BundleSource source, String name, long max, Path p) throws GeneratorException {
        try (InputStream in = source.open(name)) {
            byte[] b = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 16, max + 1));
            if (b.length > max) {
                throw new GeneratorException(Reason.BAD_MANIFEST, p, "larger than " + max + " bytes");
            }
            return b;
        } catch (IOException e) {
            throw new GeneratorException(Reason.COMPONENT_MISSING, p, "cannot read: " + e.getMessage(), e);
        }
    }

    public static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
