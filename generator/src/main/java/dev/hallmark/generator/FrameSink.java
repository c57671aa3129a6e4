package dev.hallmark.generator;

import dev.hallmark.media.I420Frame;

/**
 * Receives generated frames in order. The frame (size = the request's, position = index and timestamp set) may be
 * reused by the model after the call returns: copy it to keep it.
 *
 * @param <E> what the sink may throw (e.g. the pipeline's encoder exception); it reaches the caller unchanged
 */
@FunctionalInterface
public interface FrameSink<E extends Exception> {
    void accept(I420Frame frame) throws E;
}
