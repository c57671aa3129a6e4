package dev.hallmark.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.springframework.stereotype.Component;

/**
 * All state of the product lives under {@code $HALLMARK_HOME} (default {@code ~/.hallmark}): keys, the registry,
 * configuration. Commands resolve their folders here and pass plain paths to the library modules.
 */
@Component
public class HallmarkHome {
    private final Path root;

    public HallmarkHome() {
        this(resolve());
    }

    public HallmarkHome(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    private static Path resolve() {
        String env = System.getenv("HALLMARK_HOME");
        if (env != null && !env.isBlank()) {
            return Path.of(env);
        }
        return Path.of(System.getProperty("user.home"), ".hallmark");
    }

    public Path root() {
        return root;
    }

    /** {@code keys/}: signing credentials, watermark keys, registry signing key (created 0700). */
    public Path keys() {
        return dir("keys");
    }

    /** {@code registry/}: the filing journal, checkpoints and search index. */
    public Path registry() {
        return dir("registry");
    }

    /** {@code config/}: operator configuration (provider code, TSA URL, policy overrides). */
    public Path config() {
        return dir("config");
    }

    private Path dir(String name) {
        Path p = root.resolve(name);
        try {
            if (!Files.isDirectory(p)) {
                Files.createDirectories(p);
                try {
                    Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwx------"));
                } catch (UnsupportedOperationException ignored) {
                    // non-POSIX file system: nothing stricter available
                }
            }
        } catch (IOException e) {
            throw new CliException(ExitCode.BAD_INPUT,
                    "cannot create " + p + " under HALLMARK_HOME (" + e.getMessage() + "); set HALLMARK_HOME to a writable folder");
        }
        return p;
    }
}
