package dev.hallmark.cli.shell;

import dev.hallmark.cli.CliException;
import dev.hallmark.cli.ExitCode;
import dev.hallmark.provenance.ProvenanceException;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * Provenance failures: unreadable, malformed, hostile or unsupported inputs and unusable keys -> exit 3; a TSA that
 * cannot be reached, a failed signature or write -> exit 4. Verification outcomes (Invalid) are not exceptions.
 */
@Component
public class ProvenanceErrors implements ErrorTranslator {
    @Override
    public Optional<CliException> translate(Throwable error) {
        if (error instanceof ProvenanceException e) {
            ExitCode code = switch (e.reason()) {
                case UNREADABLE, MALFORMED, LIMIT_EXCEEDED, UNSUPPORTED, NO_KEYS, KEY_INVALID, KEY_PROBLEM,
                        BAD_PASSPHRASE, CERTIFICATE_PROFILE -> ExitCode.BAD_INPUT;
                case TIMESTAMP_FAILED, SIGNING_FAILED, WRITE_FAILED -> ExitCode.INTERNAL;
            };
            return Optional.of(new CliException(code, e.getMessage() + hint(e.reason()), e));
        }
        return Optional.empty();
    }

    private static String hint(ProvenanceException.Reason r) {
        return switch (r) {
            case NO_KEYS -> "";
            case BAD_PASSPHRASE -> " (the keys were created with HALLMARK_KEY_PASSPHRASE set; set it to the same value)";
            case TIMESTAMP_FAILED -> " (check --tsa / HALLMARK_TSA_URL, or sign without a time-stamp)";
            default -> "";
        };
    }
}
