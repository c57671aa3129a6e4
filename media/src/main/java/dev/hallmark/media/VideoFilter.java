package dev.hallmark.media;

import dev.hallmark.media.ffmpeg.FfmpegVideoFilter;

/**
 * An FFmpeg filter graph applied to {@link I420Frame}s in process: frames go in one at a time, filtered frames come
 * out (possibly fewer or more of them, of another size or rate: {@code crop}, {@code scale}, {@code fps},
 * {@code setpts}, {@code select}, {@code rotate}, {@code eq}, {@code noise} ...). Used to simulate what platforms do
 * to a video (attack suites) and for any resize the pipeline needs. The output is always I420.
 *
 * <pre>{@code
 * try (VideoFilter f = VideoFilter.create("crop=iw*0.5:ih*0.5,scale=640:360", 1280, 720, FrameRate.of(25))) {
 *     f.push(frame);
 *     for (I420Frame out; (out = f.poll()) != null; ) { ... }
 *     f.finish();
 *     for (I420Frame out; (out = f.poll()) != null; ) { ... }
 * }
 * }</pre>
 */
public interface VideoFilter extends AutoCloseable {

    /**
     * Builds the graph {@code buffer -> graph -> format=yuv420p -> buffersink} for input frames of the given size and
     * rate.
     *
     * @param graph an FFmpeg filter description with one input and one output (e.g. {@code "hflip,eq=gamma=1.2"});
     *              {@code "null"} passes frames through
     * @throws MediaException {@link MediaException.Reason#UNSUPPORTED} when the graph does not parse or configure
     */
    static VideoFilter create(String graph, int width, int height, FrameRate frameRate) throws MediaException {
        return FfmpegVideoFilter.create(graph, width, height, frameRate);
    }

    /** Width of the frames {@link #poll()} returns. */
    int outputWidth();

    /** Height of the frames {@link #poll()} returns. */
    int outputHeight();

    /** Nominal frame rate of the output (the input rate unless the graph changes it). */
    FrameRate outputFrameRate();

    /**
     * Sends one frame (copied; the caller keeps ownership). Its timestamp is the number of frames pushed before it at
     * the input rate, like {@link VideoWriter}, so callers need not set positions.
     */
    void push(I420Frame frame) throws MediaException;

    /** Signals the end of the input; frames held by the graph (e.g. by {@code fps}) then become available. */
    void finish() throws MediaException;

    /**
     * The next filtered frame, owned by the filter and overwritten by the following call, or null when none is
     * ready. Its position is its output index and presentation time.
     */
    I420Frame poll() throws MediaException;

    @Override
    void close();
}
