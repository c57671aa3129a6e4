package dev.hallmark.generator.pipeline;

/** Receives progress of a long job: units done so far and the expected total (-1 when unknown). */
@FunctionalInterface
public interface ProgressSink {
    ProgressSink NONE = (done, total) -> { };

    void update(long done, long total);
}
