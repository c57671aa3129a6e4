package dev.hallmark.cli.shell;

import dev.hallmark.cli.CliException;
import dev.hallmark.cli.ExitCode;
import dev.hallmark.media.MediaException;
import java.util.Optional;
import org.springframework.stereotype.Component;

/** Media failures: bad input files -> exit 3; failed writes -> exit 4. */
@Component
public class MediaErrors implements ErrorTranslator {
    @Override
    public Optional<CliException> translate(Throwable error) {
        if (error instanceof MediaException e) {
            ExitCode code = e.reason() == MediaException.Reason.WRITE_FAILED ? ExitCode.INTERNAL : ExitCode.BAD_INPUT;
            return Optional.of(new CliException(code, e.getMessage(), e));
        }
        return Optional.empty();
    }
}
