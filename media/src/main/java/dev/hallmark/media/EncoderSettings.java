package dev.hallmark.media;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * How to encode. The container follows the output file's extension (.mp4, .mov, .mkv, .webm).
 *
 * @param width frame width (even, for 4:2:0)
 * @param height frame height (even)
 * @param frameRate constant output frame rate
 * @param codec encoder (x264 by default)
 * @param crf constant rate factor (x264/x265 0..51, 0 = lossless; VP9/AV1 0..63)
 * @param preset encoder speed preset (x264/x265 names; ignored by encoders without presets)
 * @param faststart put the {@code moov} box first (progressive playback)
 * @param audioFrom copy the first audio stream of this file unchanged into the output (null: no audio)
 * @param metadata container tags; written as QuickTime {@code mdta} keys in MP4/MOV so ffprobe lists them
 * @param encoderOptions extra private options for the encoder (e.g. {@code x264-params})
 * @param muxerOptions extra muxer options (e.g. {@code movflags=+frag_keyframe+empty_moov} for fragmented MP4;
 *     movflags are added to ours)
 * @param threads encoder threads, 0 = encoder's choice
 */
public record EncoderSettings(int width, int height, FrameRate frameRate, Codec codec, int crf, String preset,
        boolean faststart, Path audioFrom, Map<String, String> metadata, Map<String, String> encoderOptions,
        Map<String, String> muxerOptions, int threads) {

    /** Encoders we drive; all ship in the FFmpeg build JavaCV bundles. */
    public enum Codec {
        H264("libx264"), H265("libx265"), VP9("libvpx-vp9"), AV1("libaom-av1"), MPEG4("mpeg4"), FFV1("ffv1");

        private final String encoder;

        Codec(String encoder) {
            this.encoder = encoder;
        }

        public String encoderName() {
            return encoder;
        }
    }

    public EncoderSettings {
        Objects.requireNonNull(frameRate, "frameRate");
        Objects.requireNonNull(codec, "codec");
        if (width <= 0 || height <= 0 || width > 8192 || height > 8192) {
            throw new IllegalArgumentException("frame size out of range: " + width + "x" + height);
        }
        if (codec != Codec.FFV1 && (width % 2 != 0 || height % 2 != 0)) {
            throw new IllegalArgumentException("4:2:0 encoding needs even width and height, got " + width + "x" + height);
        }
        if (crf < 0 || crf > 63) {
            throw new IllegalArgumentException("crf out of range 0..63: " + crf);
        }
        metadata = Map.copyOf(new LinkedHashMap<>(metadata));
        encoderOptions = Map.copyOf(encoderOptions);
        muxerOptions = Map.copyOf(muxerOptions);
        if (threads < 0) {
            throw new IllegalArgumentException("threads must be >= 0");
        }
    }

    /** H.264, CRF 23, preset medium, faststart, no audio, no tags. */
    public static EncoderSettings h264(int width, int height, FrameRate frameRate) {
        return new EncoderSettings(width, height, frameRate, Codec.H264, 23, "medium", true, null, Map.of(),
                Map.of(), Map.of(), 0);
    }

    public EncoderSettings withCodec(Codec codec, int crf) {
        return new EncoderSettings(width, height, frameRate, codec, crf, preset, faststart, audioFrom, metadata,
                encoderOptions, muxerOptions, threads);
    }

    public EncoderSettings withCrf(int crf) {
        return withCodec(codec, crf);
    }

    public EncoderSettings withPreset(String preset) {
        return new EncoderSettings(width, height, frameRate, codec, crf, preset, faststart, audioFrom, metadata,
                encoderOptions, muxerOptions, threads);
    }

    public EncoderSettings withFaststart(boolean faststart) {
        return new EncoderSettings(width, height, frameRate, codec, crf, preset, faststart, audioFrom, metadata,
                encoderOptions, muxerOptions, threads);
    }

    public EncoderSettings withAudioFrom(Path audioFrom) {
        return new EncoderSettings(width, height, frameRate, codec, crf, preset, faststart, audioFrom, metadata,
                encoderOptions, muxerOptions, threads);
    }

    public EncoderSettings withMetadata(Map<String, String> metadata) {
        return new EncoderSettings(width, height, frameRate, codec, crf, preset, faststart, audioFrom, metadata,
                encoderOptions, muxerOptions, threads);
    }

    public EncoderSettings withEncoderOptions(Map<String, String> encoderOptions) {
        return new EncoderSettings(width, height, frameRate, codec, crf, preset, faststart, audioFrom, metadata,
                encoderOptions, muxerOptions, threads);
    }

    public EncoderSettings withMuxerOptions(Map<String, String> muxerOptions) {
        return new EncoderSettings(width, height, frameRate, codec, crf, preset, faststart, audioFrom, metadata,
                encoderOptions, muxerOptions, threads);
    }

    public EncoderSettings withThreads(int threads) {
        return new EncoderSettings(width, height, frameRate, codec, crf, preset, faststart, audioFrom, metadata,
                encoderOptions, muxerOptions, threads);
    }
}
