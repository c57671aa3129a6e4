package dev.hallmark.generator.bundle;

import dev.hallmark.generator.GeneratorException;
import dev.hallmark.generator.GeneratorException.Reason;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;

/**
 * Where a bundle's files live: a folder on disk, or a resource folder inside the jar (built-in models). Names are
 * relative, '/'-separated, and may not leave the bundle.
 */
public sealed interface BundleSource permits BundleSource.Folder, BundleSource.Resources {

    /** Largest component file we read (guards against hostile manifests pointing at huge files). */
    long MAX_FILE_BYTES = 8L << 30;

    /** Bundle location for messages. */
    Path location();

    /** The path of a file inside the bundle, for messages (may not exist on disk for resources). */
    default Path describe(String name) {
        return location().resolve(name);
    }

    boolean exists(String name);

    /** Opens a file; the caller closes it. */
    InputStream open(String name) throws GeneratorException;

    /** A real file the engine may load directly, or null when the bundle has no files on disk. */
    Path file(String name);

    static void checkName(Path bundle, String name) throws GeneratorException {
        if (name == null || name.isEmpty() || name.length() > 255 || name.startsWith("/") || name.contains("\\")
                || name.contains("..") || name.contains(":") || name.chars().anyMatch(c -> c < 0x20)) {
            throw new GeneratorException(Reason.BAD_MANIFEST, bundle.resolve("manifest.json"),
                    "file name '" + name + "' is not a plain relative name inside the bundle");
        }
    }

    /** A folder on disk. */
    record Folder(Path dir) implements BundleSource {
        @Override
        public Path location() {
            return dir;
        }

        @Override
        public boolean exists(String name) {
            return Files.isRegularFile(dir.resolve(name), LinkOption.NOFOLLOW_LINKS)
                    || Files.isRegularFile(dir.resolve(name));
        }

        @Override
        public InputStream open(String name) throws GeneratorException {
            Path p = dir.resolve(name);
            try {
                return Files.newInputStream(p);
            } catch (IOException e) {
                throw new GeneratorException(Reason.COMPONENT_MISSING, p, "cannot read: " + e.getMessage(), e);
            }
        }

        @Override
        public Path file(String name) {
            return dir.resolve(name);
        }
    }

    /** A folder of class-path resources, e.g. {@code /dev/hallmark/generator/models/tiny-t2v}. */
    record Resources(String root) implements BundleSource {
        @Override
        public Path location() {
            return Path.of("classpath:" + root);
        }

        @Override
        public boolean exists(String name) {
            return BundleSource.class.getResource(root + "/" + name) != null;
        }

        @Override
        public InputStream open(String name) throws GeneratorException {
            InputStream in = BundleSource.class.getResourceAsStream(root + "/" + name);
            if (in == null) {
                throw new GeneratorException(Reason.COMPONENT_MISSING, describe(name), "resource missing");
            }
            return in;
        }

        @Override
        public Path file(String name) {
            return null;
        }
    }
}
