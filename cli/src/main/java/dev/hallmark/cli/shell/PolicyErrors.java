package dev.hallmark.cli.shell;

import dev.hallmark.cli.CliException;
import dev.hallmark.cli.ExitCode;
import dev.hallmark.policies.PolicyException;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * Policy failures: a bad --jurisdiction/--date/--consent value -> exit 2; an unusable pack, library or consent
 * registry -> exit 3 naming the file, where in it and what is wrong; a damaged shipped pack -> exit 4.
 */
@Component
public class PolicyErrors implements ErrorTranslator {
    @Override
    public Optional<CliException> translate(Throwable error) {
        if (error instanceof PolicyException e) {
            ExitCode code = switch (e.reason()) {
                case BAD_ARGUMENT, UNKNOWN_JURISDICTION -> ExitCode.USAGE;
                case CORRUPT -> ExitCode.INTERNAL;
                default -> ExitCode.BAD_INPUT;
            };
            return Optional.of(new CliException(code, e.getMessage(), e));
        }
        return Optional.empty();
    }
}
