package dev.hallmark.cli.shell;

import dev.hallmark.classifier.ClassifierException;
import dev.hallmark.cli.CliException;
import dev.hallmark.cli.ExitCode;
import java.util.Optional;
import org.springframework.stereotype.Component;

/** Verification that could not run: unreadable input -> 3, a broken detector -> 4. */
@Component
public class ClassifierErrors implements ErrorTranslator {
    @Override
    public Optional<CliException> translate(Throwable error) {
        if (error instanceof ClassifierException e) {
            ExitCode code = switch (e.reason()) {
                case UNREADABLE, CORRUPT, UNSUPPORTED, LIMIT_EXCEEDED, MODEL_NOT_FOUND, BAD_MANIFEST, DIGEST_MISMATCH,
                        MODEL_CORRUPT -> ExitCode.BAD_INPUT;
                case ENGINE_UNAVAILABLE, INFERENCE_FAILED, CLOSED -> ExitCode.INTERNAL;
            };
            return Optional.of(new CliException(code, e.getMessage(), e));
        }
        return Optional.empty();
    }
}
