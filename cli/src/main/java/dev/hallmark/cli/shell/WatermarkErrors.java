package dev.hallmark.cli.shell;

import dev.hallmark.cli.CliException;
import dev.hallmark.cli.ExitCode;
import dev.hallmark.watermark.WatermarkException;
import java.util.Optional;
import org.springframework.stereotype.Component;

/** Maps {@link WatermarkException} to the one-line message and exit code the user sees. */
@Component
public class WatermarkErrors implements ErrorTranslator {
    @Override
    public Optional<CliException> translate(Throwable error) {
        if (!(error instanceof WatermarkException e)) {
            return Optional.empty();
        }
        ExitCode code = switch (e.reason()) {
            case WRITE_FAILED, CORRUPT_CALIBRATION -> ExitCode.INTERNAL;
            default -> ExitCode.BAD_INPUT;
        };
        String hint = switch (e.reason()) {
            case WRONG_PASSPHRASE -> " (set HALLMARK_KEY_PASSPHRASE to the passphrase the keys were made with)";
            case CORRUPT_KEY -> " (restore the key file from a backup, or move it away to stop using it)";
            case CORRUPT_CALIBRATION -> " (reinstall Hallmark; the bundled calibration is damaged)";
            default -> "";
        };
        return Optional.of(new CliException(code, "watermark: " + e.getMessage() + hint, e));
    }
}
