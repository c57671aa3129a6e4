package dev.hallmark.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.springframework.stereotype.Component;

/**
 * Where commands write: results on stdout (text, or one JSON document with a {@code "schema"} field), progress and
 * logs on stderr. Commands also record their outcome here ({@link #exit(ExitCode)}); the launcher turns it into the
 * process exit code.
 */
@Component
public class Output {
    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .findAndAddModules()
            .build();

    private final PrintStream out = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), true,
            StandardCharsets.UTF_8);
    private final PrintStream err = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.err), true,
            StandardCharsets.UTF_8);
    private volatile ExitCode outcome = ExitCode.OK;
    private volatile boolean debug;

    /** Shared mapper for JSON documents (stable field order from records and LinkedHashMaps). */
    public static ObjectMapper json() {
        return JSON;
    }

    public PrintStream out() {
        return out;
    }

    public PrintStream err() {
        return err;
    }

    /** Prints one line of the human-readable result on stdout. */
    public void line(String format, Object... args) {
        out.println(args.length == 0 ? format : String.format(Locale.ROOT, format, args));
    }

    /** Prints a note for the user on stderr (progress, warnings, "created keys ..."). */
    public void note(String format, Object... args) {
        err.println(args.length == 0 ? format : String.format(Locale.ROOT, format, args));
    }

    /** Prints {@code document} as the command's single JSON document on stdout. */
    public void json(Object document) {
        try {
            out.println(JSON.writeValueAsString(document));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot render JSON result", e);
        }
    }

    /** Records the command's outcome; the last call wins. */
    public void exit(ExitCode code) {
        this.outcome = code;
    }

    public ExitCode outcome() {
        return outcome;
    }

    /** Resets the outcome before a command runs (interactive sessions run many). */
    public void reset() {
        outcome = ExitCode.OK;
    }

    public boolean debug() {
        return debug;
    }

    public void debug(boolean debug) {
        this.debug = debug;
    }

    /** A progress reporter writing one updating line on stderr: frames, percent, ETA. */
    public Progress progress(String what, long total) {
        return new Progress(err, what, total);
    }
}
