package dev.hallmark.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/** An {@link Output} that keeps what a command printed, for tests that call command methods directly. */
public class CapturingOutput extends Output {
    private final ByteArrayOutputStream outBytes = new ByteArrayOutputStream();
    private final ByteArrayOutputStream errBytes = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(outBytes, true, StandardCharsets.UTF_8);
    private final PrintStream err = new PrintStream(errBytes, true, StandardCharsets.UTF_8);

    @Override
    public PrintStream out() {
        return out;
    }

    @Override
    public PrintStream err() {
        return err;
    }

    @Override
    public void line(String format, Object... args) {
        out.println(args.length == 0 ? format : String.format(Locale.ROOT, format, args));
    }

    @Override
    public void note(String format, Object... args) {
        err.println(args.length == 0 ? format : String.format(Locale.ROOT, format, args));
    }

    @Override
    public void json(Object document) {
        try {
            out.println(Output.json().writeValueAsString(document));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public Progress progress(String what, long total) {
        return new Progress(err, what, total);
    }

    public String stdout() {
        return outBytes.toString(StandardCharsets.UTF_8);
    }

    public String stderr() {
        return errBytes.toString(StandardCharsets.UTF_8);
    }

    /** Parses stdout as one JSON document and starts a fresh capture. */
    public JsonNode takeJson() throws Exception {
        JsonNode n = Output.json().readTree(stdout());
        clear();
        return n;
    }

    public String take() {
        String s = stdout();
        clear();
        return s;
    }

    public void clear() {
        outBytes.reset();
        errBytes.reset();
        reset();
    }
}
