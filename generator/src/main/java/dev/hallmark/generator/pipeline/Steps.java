package dev.hallmark.generator.pipeline;

import dev.hallmark.generator.GeneratorException;
import dev.hallmark.generator.GeneratorException.Reason;
import dev.hallmark.media.MediaException;
import dev.hallmark.provenance.ProvenanceException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Runs the pipeline's steps, timing each, and turns any module's checked exception into a
 * {@link GeneratorException} that names the step: bad inputs stay {@code BAD_INPUT}, everything else is
 * {@code STEP_FAILED}.
 */
final class Steps {
    /** A step's body. */
    @FunctionalInterface
    interface Body<T> {
        T run() throws Exception;
    }

    private final Map<String, Long> nanos = new LinkedHashMap<>();

    <T> T run(String name, Body<T> body) throws GeneratorException {
        long t0 = System.nanoTime();
        try {
            return body.run();
        } catch (GeneratorException e) {
            throw e;
        } catch (MediaException e) {
            Reason r = e.reason() == MediaException.Reason.WRITE_FAILED ? Reason.STEP_FAILED : Reason.BAD_INPUT;
            throw new GeneratorException(r, null, name + ": " + e.getMessage(), e);
        } catch (ProvenanceException e) {
            throw new GeneratorException(Reason.STEP_FAILED, null, name + ": " + e.getMessage(), e);
        } catch (java.io.UncheckedIOException e) {
            // e.g. a disk filling up under a model or filter: a failed step like any other (filed, no output)
            throw new GeneratorException(Reason.STEP_FAILED, null, name + ": " + e.getCause().getMessage(), e);
        } catch (RuntimeException e) {
            throw new GeneratorException(Reason.STEP_FAILED, null, name + ": internal error ("
                    + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()) + ")", e);
        } catch (Exception e) {
            throw new GeneratorException(Reason.STEP_FAILED, null, name + ": " + e.getMessage(), e);
        } finally {
            nanos.merge(name, System.nanoTime() - t0, Long::sum);
        }
    }

    /** Microseconds per step (what the registry records). */
    Map<String, Long> micros() {
        Map<String, Long> m = new LinkedHashMap<>();
        nanos.forEach((k, v) -> m.put(k, v / 1000));
        return Collections.unmodifiableMap(m);
    }

    /** Milliseconds per step (what users see). */
    Map<String, Long> millis() {
        Map<String, Long> m = new LinkedHashMap<>();
        nanos.forEach((k, v) -> m.put(k, v / 1_000_000));
        return Collections.unmodifiableMap(m);
    }
}
