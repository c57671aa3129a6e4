package dev.hallmark.media;

import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;

/**
 * What a decoder learned about a file before reading frames.
 *
 * @param file the file
 * @param container FFmpeg demuxer name (e.g. {@code mov,mp4,m4a,3gp,3g2,mj2}, {@code avi})
 * @param videoCodec FFmpeg codec name of the first video stream (e.g. {@code h264}, {@code mpeg4})
 * @param width coded picture width
 * @param height coded picture height
 * @param frameRate average frame rate
 * @param frameCount frames in the stream as the container declares them, or an estimate from duration; -1 unknown
 * @param durationMicros duration of the file, -1 when unknown
 * @param bitRate overall bit rate in bit/s, 0 when unknown
 * @param audioCodec codec of the first audio stream, or null when there is none
 * @param metadata container-level tags (what {@code ffprobe -show_format} lists)
 */
public record VideoInfo(Path file, String container, String videoCodec, int width, int height, FrameRate frameRate,
        long frameCount, long durationMicros, long bitRate, String audioCodec, Map<String, String> metadata) {
    public VideoInfo {
        Objects.requireNonNull(file);
        Objects.requireNonNull(frameRate);
        metadata = Map.copyOf(metadata);
    }

    public boolean hasAudio() {
        return audioCodec != null;
    }

    public double durationSeconds() {
        return durationMicros < 0 ? -1 : durationMicros / 1e6;
    }
}
