package dev.hallmark.cli.shell;

import dev.hallmark.cli.CliException;
import dev.hallmark.cli.ExitCode;
import dev.hallmark.registry.RegistryException;
import java.util.Optional;
import org.springframework.stereotype.Component;

/** Maps {@link RegistryException} to the one-line message and exit code the user sees. */
@Component
public class RegistryErrors implements ErrorTranslator {
    @Override
    public Optional<CliException> translate(Throwable error) {
        if (!(error instanceof RegistryException e)) {
            return Optional.empty();
        }
        ExitCode code = switch (e.reason()) {
            case CORRUPT, TAMPERED -> ExitCode.CHECK_FAILED;
            case WRITE_FAILED, CLOSED -> ExitCode.INTERNAL;
            default -> ExitCode.BAD_INPUT;
        };
        String hint = switch (e.reason()) {
            case CORRUPT, TAMPERED -> " (run `hallmark audit verify` for a full report)";
            case LOCKED -> "";
            default -> "";
        };
        return Optional.of(new CliException(code, "registry: " + e.getMessage() + hint, e));
    }
}
