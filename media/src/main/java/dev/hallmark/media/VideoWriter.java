package dev.hallmark.media;

import dev.hallmark.media.ffmpeg.FfmpegVideoWriter;
import java.nio.file.Path;

/**
 * Encodes {@link I420Frame}s at a constant frame rate into a file (H.264 MP4 by default), optionally copying the
 * audio of another file unchanged. {@link #close()} finishes the file; a writer closed after a failure deletes
 * its partial output.
 */
public interface VideoWriter extends AutoCloseable {

    static VideoWriter create(Path out, EncoderSettings settings) throws MediaException {
        return FfmpegVideoWriter.create(out, settings);
    }

    /** Encodes one frame; frames must match the settings' size. Timestamps come from the frame count. */
    void write(I420Frame frame) throws MediaException;

    long framesWritten();

    /** Flushes the encoder and writes the container index. */
    @Override
    void close() throws MediaException;

    /** Stops without finishing; deletes the partial file. */
    void abort();
}
