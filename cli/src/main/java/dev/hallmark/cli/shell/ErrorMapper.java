package dev.hallmark.cli.shell;

import dev.hallmark.cli.CliException;
import dev.hallmark.cli.ExitCode;
import dev.hallmark.cli.HallmarkApplication;
import dev.hallmark.cli.Output;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.util.List;
import org.springframework.core.convert.ConversionException;
import org.springframework.shell.core.command.ExitStatus;
import org.springframework.shell.core.command.exit.ExitStatusExceptionMapper;
import org.springframework.stereotype.Component;

/**
 * Maps whatever a command throws to an {@link ExitStatus} whose code is one of {@link ExitCode} and whose
 * description is the one line shown to the user. Stack traces only with {@code --debug}.
 */
@Component
public class ErrorMapper implements ExitStatusExceptionMapper {
    private final List<ErrorTranslator> translators;
    private final Output output;

    public ErrorMapper(List<ErrorTranslator> translators, Output output) {
        this.translators = translators;
        this.output = output;
    }

    @Override
    public ExitStatus apply(Exception exception) {
        CliException e = toCliException(exception);
        if (output.debug() || Boolean.getBoolean("hallmark.debug")) {
            exception.printStackTrace(output.err());
        }
        return new ExitStatus(e.exitCode().code(), e.getMessage());
    }

    /** Unwraps reflection and Spring wrappers, then asks the module translators. */
    public CliException toCliException(Throwable thrown) {
        Throwable t = thrown;
        while ((t instanceof InvocationTargetException || isSpringWrapper(t)) && t.getCause() != null) {
            t = t.getCause();
        }
        if (t instanceof CliException c) {
            return c;
        }
        for (ErrorTranslator translator : translators) {
            var translated = translator.translate(t);
            if (translated.isPresent()) {
                return translated.get();
            }
        }
        if (t instanceof ConversionException) {
            return CliException.usage("invalid option value: " + HallmarkApplication.rootMessage(t));
        }
        if (t instanceof IllegalArgumentException && t.getMessage() != null
                && (t.getMessage().startsWith("Required option") || t.getMessage().contains("requires a value"))) {
            return CliException.usage(t.getMessage());
        }
        if (t instanceof UncheckedIOException u) {
            t = u.getCause();
        }
        if (t instanceof NoSuchFileException f) {
            return CliException.badInput(f.getFile() + ": no such file");
        }
        if (t instanceof AccessDeniedException f) {
            return CliException.badInput(f.getFile() + ": permission denied");
        }
        if (t instanceof FileSystemException f) {
            return new CliException(ExitCode.BAD_INPUT, f.getFile() + ": " + f.getReason());
        }
        if (t instanceof IOException io) {
            return new CliException(ExitCode.INTERNAL, "I/O error: " + io.getMessage());
        }
        return new CliException(ExitCode.INTERNAL, "internal error: " + HallmarkApplication.rootMessage(t)
                + " (run again with --debug for details)");
    }

    private static boolean isSpringWrapper(Throwable t) {
        String n = t.getClass().getName();
        return n.equals("java.lang.reflect.UndeclaredThrowableException")
                || n.equals("org.springframework.shell.core.command.CommandExecutionException");
    }
}
