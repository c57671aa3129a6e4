package dev.hallmark.generator.pipeline;

import dev.hallmark.media.I420Frame;

/** A step that changes frames in place between decode (or generation) and encode: the label, the watermark. */
@FunctionalInterface
public interface FrameProcessor {
    void process(I420Frame frame);
}
