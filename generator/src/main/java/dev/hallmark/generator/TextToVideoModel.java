package dev.hallmark.generator;

import java.util.function.LongConsumer;

/**
 * A text-to-video model: turns a prompt into frames of the requested size and rate. Thread-safe for sequential
 * use; one generation at a time per instance. Close it to free native memory (engines, sessions).
 */
public interface TextToVideoModel extends AutoCloseable {

    ModelInfo info();

    /**
     * Units of work {@link #generate} reports through its progress callback for this request (e.g. sampler steps
     * plus output frames), so callers can show a bar and an ETA.
     */
    long workUnits(GenerationRequest request);

    /**
     * Makes the clip and streams its {@link GenerationRequest#frameCount()} frames, in order, to {@code sink}.
     *
     * @param progress called with the number of work units done so far (monotonic, ends at
     *     {@link #workUnits(GenerationRequest)}); may be a no-op
     * @throws GeneratorException the request is out of range for this model, or the engine failed
     * @throws E the sink's own failure, unchanged; generation stops at once
     */
    <E extends Exception> void generate(GenerationRequest request, FrameSink<E> sink, LongConsumer progress)
            throws GeneratorException, E;

    @Override
    void close();
}
