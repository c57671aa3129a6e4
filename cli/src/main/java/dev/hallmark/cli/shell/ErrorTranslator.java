package dev.hallmark.cli.shell;

import dev.hallmark.cli.CliException;
import java.util.Optional;

/**
 * Turns one module's checked exception (which carries a reason code) into the one-line message and exit code the
 * user sees. One bean per module; the first translator that recognises a throwable wins.
 */
@FunctionalInterface
public interface ErrorTranslator {
    Optional<CliException> translate(Throwable error);
}
