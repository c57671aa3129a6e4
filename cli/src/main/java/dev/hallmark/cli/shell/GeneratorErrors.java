package dev.hallmark.cli.shell;

import dev.hallmark.cli.CliException;
import dev.hallmark.cli.ExitCode;
import dev.hallmark.generator.GeneratorException;
import java.util.Optional;
import org.springframework.stereotype.Component;

/** Pipeline failures: bad inputs/models -> 3, policy refusal and failed self-check -> 1, failed steps -> 4. */
@Component
public class GeneratorErrors implements ErrorTranslator {
    @Override
    public Optional<CliException> translate(Throwable error) {
        if (error instanceof GeneratorException e) {
            ExitCode code = switch (e.reason()) {
                case BAD_INPUT, MODEL_NOT_FOUND, BAD_MANIFEST, COMPONENT_MISSING, DIGEST_MISMATCH,
                        COMPONENT_CORRUPT, SHAPE_MISMATCH, BAD_REQUEST -> ExitCode.BAD_INPUT;
                case POLICY_REFUSED, SELF_CHECK_FAILED -> ExitCode.CHECK_FAILED;
                case STEP_FAILED, ENGINE_UNAVAILABLE, INFERENCE_FAILED, CLOSED -> ExitCode.INTERNAL;
            };
            return Optional.of(new CliException(code, e.getMessage(), e));
        }
        return Optional.empty();
    }
}
