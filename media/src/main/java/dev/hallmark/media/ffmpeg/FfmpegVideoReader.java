package dev.hallmark.media.ffmpeg;

import static org.bytedeco.ffmpeg.global.avcodec.AVDISCARD_ALL;
import static org.bytedeco.ffmpeg.global.avcodec.AVDISCARD_NONKEY;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_alloc;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_free;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_unref;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_alloc_context3;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_find_decoder;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_free_context;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_get_name;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_open2;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_parameters_to_context;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_receive_frame;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_send_packet;
import static org.bytedeco.ffmpeg.global.avformat.av_find_best_stream;
import static org.bytedeco.ffmpeg.global.avformat.av_read_frame;
import static org.bytedeco.ffmpeg.global.avformat.avformat_close_input;
import static org.bytedeco.ffmpeg.global.avformat.avformat_find_stream_info;
import static org.bytedeco.ffmpeg.global.avformat.avformat_open_input;
import static org.bytedeco.ffmpeg.global.avutil.AVERROR_EOF;
import static org.bytedeco.ffmpeg.global.avutil.AVMEDIA_TYPE_AUDIO;
import static org.bytedeco.ffmpeg.global.avutil.AVMEDIA_TYPE_VIDEO;
import static org.bytedeco.ffmpeg.global.avutil.AV_DICT_IGNORE_SUFFIX;
import static org.bytedeco.ffmpeg.global.avutil.AV_NOPTS_VALUE;
import static org.bytedeco.ffmpeg.global.avutil.av_dict_get;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_alloc;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_free;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_unref;

import dev.hallmark.media.FrameRate;
import dev.hallmark.media.I420Frame;
import dev.hallmark.media.MediaException;
import dev.hallmark.media.MediaException.Reason;
import dev.hallmark.media.ReadOptions;
import dev.hallmark.media.VideoInfo;
import dev.hallmark.media.VideoReader;
import dev.hallmark.media.bmff.BmffLimits;
import dev.hallmark.media.bmff.BmffParser;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.Map;
import org.bytedeco.ffmpeg.avcodec.AVCodec;
import org.bytedeco.ffmpeg.avcodec.AVCodecContext;
import org.bytedeco.ffmpeg.avcodec.AVCodecParameters;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.ffmpeg.avutil.AVDictionaryEntry;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.ffmpeg.avutil.AVRational;
import org.bytedeco.javacpp.PointerPointer;

/**
 * {@link VideoReader} over libavformat + libavcodec, converting each decoded picture to I420 with libswscale
 * straight into the frame's array (no RGB, no BufferedImage).
 */
public final class FfmpegVideoReader implements VideoReader {
    private final Path file;
    private final AVFormatContext fmt;
    private final AVCodecContext codec;
    private final AVStream stream;
    private final int streamIndex;
    private final AVPacket packet;
    private final AVFrame decoded;
    private final I420Converter converter;
    private final I420Frame frame;
    private final VideoInfo info;
    private final long startPts;
    private long index;
    private boolean draining;
    private boolean finished;
    private int badPackets;
    private boolean closed;

    private FfmpegVideoReader(Path file, AVFormatContext fmt, AVCodecContext codec, int streamIndex, VideoInfo info,
            ReadOptions options) {
        this.file = file;
        this.fmt = fmt;
        this.codec = codec;
        this.streamIndex = streamIndex;
        this.stream = fmt.streams(streamIndex);
        this.info = info;
        this.packet = av_packet_alloc();
        this.decoded = av_frame_alloc();
        int w = options.width() > 0 ? options.width() : info.width();
        int h = options.height() > 0 ? options.height() : info.height();
        this.frame = new I420Frame(w, h);
        this.converter = new I420Converter(w, h);
        long st = stream.start_time();
        this.startPts = st == AV_NOPTS_VALUE ? 0 : st;
    }

    /** Opens {@code file}; see {@link VideoReader#open(Path, ReadOptions)}. */
    public static FfmpegVideoReader open(Path file, ReadOptions options) throws MediaException {
        preflight(file); // before any native library loads: hostile files are refused fast
        Ff.init();
        AVFormatContext fmt = new AVFormatContext(null);
        int ret = avformat_open_input(fmt, file.toAbsolutePath().toString(), null, null);
        if (ret < 0) {
            throw new MediaException(Reason.UNSUPPORTED, file,
                    "not a video file FFmpeg can read (" + Ff.describe(ret) + ")");
        }
        AVCodecContext codec = null;
        try {
            ret = avformat_find_stream_info(fmt, (PointerPointer<?>) null);
            Ff.check(ret, Reason.CORRUPT, file, "cannot read stream information");
            int vi = av_find_best_stream(fmt, AVMEDIA_TYPE_VIDEO, -1, -1, (AVCodec) null, 0);
            if (vi < 0) {
                throw new MediaException(Reason.UNSUPPORTED, file, "no video stream in the file");
            }
            AVStream st = fmt.streams(vi);
            AVCodecParameters par = st.codecpar();
            AVCodec dec = avcodec_find_decoder(par.codec_id());
            if (dec == null) {
                throw new MediaException(Reason.UNSUPPORTED, file,
                        "no decoder for video codec " + avcodec_get_name(par.codec_id()).getString());
            }
            if (par.width() <= 0 || par.height() <= 0 || par.width() > 8192 || par.height() > 8192) {
                throw new MediaException(Reason.UNSUPPORTED, file,
                        "video size " + par.width() + "x" + par.height() + " is out of range (1..8192)");
            }
            codec = avcodec_alloc_context3(dec);
            Ff.check(avcodec_parameters_to_context(codec, par), Reason.CORRUPT, file, "bad codec parameters");
            codec.thread_count(options.threads());
            codec.pkt_timebase(st.time_base());
            if (options.keyframesOnly()) {
                codec.skip_frame(AVDISCARD_NONKEY);
            }
            Ff.check(avcodec_open2(codec, dec, (PointerPointer<?>) null), Reason.UNSUPPORTED, file,
                    "cannot open the video decoder");
            for (int i = 0; i < fmt.nb_streams(); i++) {
                if (i != vi) {
                    fmt.streams(i).discard(AVDISCARD_ALL);
                }
            }
            VideoInfo info = describe(file, fmt, vi);
            return new FfmpegVideoReader(file, fmt, codec, vi, info, options);
        } catch (MediaException | RuntimeException e) {
            if (codec != null) {
                avcodec_free_context(codec);
            }
            avformat_close_input(fmt);
            throw e;
        }
    }

    /** Refuses missing, empty and hostile files before any native parser sees them. */
    static void preflight(Path file) throws MediaException {
        if (!Files.exists(file)) {
            throw new MediaException(Reason.UNREADABLE, file, "no such file");
        }
        if (!Files.isRegularFile(file)) {
            throw new MediaException(Reason.UNREADABLE, file, "not a regular file");
        }
        if (!Files.isReadable(file)) {
            throw new MediaException(Reason.UNREADABLE, file, "permission denied");
        }
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            if (ch.size() == 0) {
                throw new MediaException(Reason.UNREADABLE, file, "the file is empty");
            }
            if (BmffParser.looksLikeBmff(ch)) {
                BmffParser.parse(ch, file, BmffLimits.DEFAULT);
            }
        } catch (IOException e) {
            throw new MediaException(Reason.UNREADABLE, file, "cannot read: " + e.getMessage(), e);
        }
    }

    private static VideoInfo describe(Path file, AVFormatContext fmt, int vi) {
        AVStream st = fmt.streams(vi);
        FrameRate rate = rate(st.avg_frame_rate());
        if (rate == null) {
            rate = rate(st.r_frame_rate());
        }
        if (rate == null) {
            rate = FrameRate.of(25);
        }
        long durationMicros = -1;
        if (fmt.duration() > 0) {
            durationMicros = fmt.duration(); // AV_TIME_BASE = 1,000,000
        } else if (st.duration() > 0) {
            AVRational tb = st.time_base();
            durationMicros = Math.round(st.duration() * 1e6 * tb.num() / tb.den());
        }
        long frames = st.nb_frames();
        if (frames <= 0 && durationMicros > 0) {
            frames = Math.round(durationMicros / 1e6 * rate.fps());
        }
        int ai = av_find_best_stream(fmt, AVMEDIA_TYPE_AUDIO, -1, vi, (AVCodec) null, 0);
        String audio = ai >= 0 ? avcodec_get_name(fmt.streams(ai).codecpar().codec_id()).getString() : null;
        Map<String, String> tags = tags(fmt.metadata());
        AVCodecParameters par = st.codecpar();
        return new VideoInfo(file, fmt.iformat().name().getString(), avcodec_get_name(par.codec_id()).getString(),
                par.width(), par.height(), rate, frames <= 0 ? -1 : frames, durationMicros,
                Math.max(0, fmt.bit_rate()), audio, tags);
    }

    private static FrameRate rate(AVRational r) {
        if (r == null || r.num() <= 0 || r.den() <= 0 || (double) r.num() / r.den() > 1000) {
            return null;
        }
        return new FrameRate(r.num(), r.den());
    }

    static Map<String, String> tags(AVDictionary dict) {
        Map<String, String> out = new LinkedHashMap<>();
        if (dict == null || dict.isNull()) {
            return out;
        }
        AVDictionaryEntry e = null;
        while ((e = av_dict_get(dict, "", e, AV_DICT_IGNORE_SUFFIX)) != null && !e.isNull()) {
            out.put(e.key().getString(), e.value().getString(java.nio.charset.StandardCharsets.UTF_8));
        }
        return out;
    }

    @Override
    public VideoInfo info() {
        return info;
    }

    @Override
    public int outputWidth() {
        return frame.width();
    }

    @Override
    public int outputHeight() {
        return frame.height();
    }

    @Override
    public I420Frame next() throws MediaException {
        if (closed) {
            throw new IllegalStateException("reader closed");
        }
        while (!finished) {
            int ret = avcodec_receive_frame(codec, decoded);
            if (ret >= 0) {
                try {
                    converter.convert(decoded, frame);
                    long pts = decoded.best_effort_timestamp();
                    AVRational tb = stream.time_base();
                    long micros = pts == AV_NOPTS_VALUE ? info.frameRate().timestampMicros(index)
                            : Math.round((pts - startPts) * 1e6 * tb.num() / tb.den());
                    frame.setPosition(index++, micros);
                } finally {
                    av_frame_unref(decoded);
                }
                return frame;
            }
            if (ret == AVERROR_EOF) {
                finished = true;
                break;
            }
            if (ret != Ff.EAGAIN) {
                throw new MediaException(Reason.CORRUPT, file, "video decoding failed: " + Ff.describe(ret));
            }
            if (draining) {
                finished = true;
                break;
            }
            feed();
        }
        if (index == 0) {
            throw new MediaException(Reason.CORRUPT, file, "no decodable video frames"
                    + (badPackets > 0 ? " (" + badPackets + " damaged packets)" : ""));
        }
        return null;
    }

    /** Sends the next video packet (or the end-of-stream signal) to the decoder. */
    private void feed() throws MediaException {
        while (true) {
            int ret = av_read_frame(fmt, packet);
            if (ret < 0) {
                // end of file or a read error: drain what the decoder holds
                avcodec_send_packet(codec, null);
                draining = true;
                return;
            }
            try {
                if (packet.stream_index() != streamIndex) {
                    continue;
                }
                ret = avcodec_send_packet(codec, packet);
                if (ret < 0 && ret != Ff.EAGAIN) {
                    // a damaged packet: decoders conceal; give up only if nothing at all decodes
                    if (++badPackets > 1000 && index == 0) {
                        throw new MediaException(Reason.CORRUPT, file, "video stream is damaged: "
                                + Ff.describe(ret));
                    }
                    continue;
                }
                return;
            } finally {
                av_packet_unref(packet);
            }
        }
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        converter.close();
        av_frame_free(decoded);
        av_packet_free(packet);
        avcodec_free_context(codec);
        avformat_close_input(fmt);
    }
}
