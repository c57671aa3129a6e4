package dev.hallmark.media;

import dev.hallmark.media.ffmpeg.FfmpegVideoReader;
import java.nio.file.Path;

/**
 * Decodes the first video stream of any file FFmpeg reads (MP4/MOV/MKV/AVI/WebM; H.264, H.265, VP9, AV1, MPEG-4
 * Part 2 ...) into {@link I420Frame}s, without RGB round trips. ISO-BMFF files are checked with the bounded box
 * parser before FFmpeg sees them, so hostile nesting or impossible sizes fail fast with a clear reason.
 */
public interface VideoReader extends AutoCloseable {

    static VideoReader open(Path file) throws MediaException {
        return open(file, ReadOptions.defaults());
    }

    static VideoReader open(Path file, ReadOptions options) throws MediaException {
        return FfmpegVideoReader.open(file, options);
    }

    /** Facts about the file, known before the first frame. */
    VideoInfo info();

    /** Width and height of the frames {@link #next()} returns. */
    int outputWidth();

    int outputHeight();

    /**
     * Decodes the next frame into a frame owned by the reader (overwritten by the following call), or returns
     * null at the end of the stream.
     */
    I420Frame next() throws MediaException;

    @Override
    void close();
}
