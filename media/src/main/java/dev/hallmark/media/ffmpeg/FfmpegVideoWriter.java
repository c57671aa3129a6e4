package dev.hallmark.media.ffmpeg;

import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_FLAG_GLOBAL_HEADER;
import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_FLAG_QSCALE;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_alloc;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_free;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_rescale_ts;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_unref;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_alloc_context3;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_find_encoder_by_name;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_free_context;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_open2;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_parameters_copy;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_parameters_from_context;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_receive_packet;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_send_frame;
import static org.bytedeco.ffmpeg.global.avformat.AVFMT_GLOBALHEADER;
import static org.bytedeco.ffmpeg.global.avformat.AVFMT_NOFILE;
import static org.bytedeco.ffmpeg.global.avformat.AVIO_FLAG_WRITE;
import static org.bytedeco.ffmpeg.global.avformat.av_find_best_stream;
import static org.bytedeco.ffmpeg.global.avformat.av_interleaved_write_frame;
import static org.bytedeco.ffmpeg.global.avformat.av_read_frame;
import static org.bytedeco.ffmpeg.global.avformat.av_write_trailer;
import static org.bytedeco.ffmpeg.global.avformat.avformat_alloc_output_context2;
import static org.bytedeco.ffmpeg.global.avformat.avformat_close_input;
import static org.bytedeco.ffmpeg.global.avformat.avformat_find_stream_info;
import static org.bytedeco.ffmpeg.global.avformat.avformat_free_context;
import static org.bytedeco.ffmpeg.global.avformat.avformat_new_stream;
import static org.bytedeco.ffmpeg.global.avformat.avformat_open_input;
import static org.bytedeco.ffmpeg.global.avformat.avformat_write_header;
import static org.bytedeco.ffmpeg.global.avformat.avio_closep;
import static org.bytedeco.ffmpeg.global.avformat.avio_open;
import static org.bytedeco.ffmpeg.global.avutil.AVMEDIA_TYPE_AUDIO;
import static org.bytedeco.ffmpeg.global.avutil.AV_NOPTS_VALUE;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUV420P;
import static org.bytedeco.ffmpeg.global.avutil.FF_QP2LAMBDA;
import static org.bytedeco.ffmpeg.global.avutil.av_dict_free;
import static org.bytedeco.ffmpeg.global.avutil.av_dict_set;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_alloc;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_free;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_get_buffer;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_make_writable;
import static org.bytedeco.ffmpeg.global.avutil.av_make_q;

import dev.hallmark.media.EncoderSettings;
import dev.hallmark.media.EncoderSettings.Codec;
import dev.hallmark.media.I420Frame;
import dev.hallmark.media.MediaException;
import dev.hallmark.media.MediaException.Reason;
import dev.hallmark.media.VideoWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.bytedeco.ffmpeg.avcodec.AVCodec;
import org.bytedeco.ffmpeg.avcodec.AVCodecContext;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avformat.AVIOContext;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.ffmpeg.avutil.AVRational;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.PointerPointer;

/**
 * {@link VideoWriter} over libavcodec + libavformat: encodes I420 frames (x264 by default) and muxes them, with the
 * first audio stream of another file copied packet for packet, and container tags written as {@code mdta} keys in
 * MP4/MOV ({@code movflags +use_metadata_tags}).
 */
public final class FfmpegVideoWriter implements VideoWriter {
    private final Path out;
    private final EncoderSettings settings;
    private final AVFormatContext oc;
    private final AVCodecContext enc;
    private final AVStream videoStream;
    private final AVFrame picture;
    private final AVPacket packet;
    private final AudioCopy audio;
    private long frames;
    private boolean finished;

    private FfmpegVideoWriter(Path out, EncoderSettings settings, AVFormatContext oc, AVCodecContext enc,
            AVStream videoStream, AudioCopy audio) throws MediaException {
        this.out = out;
        this.settings = settings;
        this.oc = oc;
        this.enc = enc;
        this.videoStream = videoStream;
        this.audio = audio;
        this.packet = av_packet_alloc();
        this.picture = av_frame_alloc();
        picture.format(AV_PIX_FMT_YUV420P);
        picture.width(settings.width());
        picture.height(settings.height());
        Ff.check(av_frame_get_buffer(picture, 0), Reason.WRITE_FAILED, out, "cannot allocate frame");
    }

    public static FfmpegVideoWriter create(Path out, EncoderSettings s) throws MediaException {
        Ff.init();
        String path = out.toAbsolutePath().toString();
        AVFormatContext oc = new AVFormatContext(null);
        int ret = avformat_alloc_output_context2(oc, null, null, path);
        if (ret < 0 || oc.isNull()) {
            throw new MediaException(Reason.UNSUPPORTED, out, "unknown output container (use .mp4, .mov, .mkv or .webm)");
        }
        AVCodecContext enc = null;
        AudioCopy audio = null;
        boolean opened = false;
        try {
            AVCodec codec = avcodec_find_encoder_by_name(s.codec().encoderName());
            if (codec == null) {
                throw new MediaException(Reason.UNSUPPORTED, out, "encoder " + s.codec().encoderName()
                        + " is not in this FFmpeg build");
            }
            AVStream vs = avformat_new_stream(oc, null);
            enc = avcodec_alloc_context3(codec);
            enc.width(s.width());
            enc.height(s.height());
            enc.pix_fmt(AV_PIX_FMT_YUV420P);
            enc.time_base(av_make_q(s.frameRate().denominator(), s.frameRate().numerator()));
            enc.framerate(av_make_q(s.frameRate().numerator(), s.frameRate().denominator()));
            enc.thread_count(s.threads());
            if ((oc.oformat().flags() & AVFMT_GLOBALHEADER) != 0) {
                enc.flags(enc.flags() | AV_CODEC_FLAG_GLOBAL_HEADER);
            }
            AVDictionary opts = new AVDictionary(null);
            encoderOptions(s, enc, opts);
            ret = avcodec_open2(enc, codec, opts);
            av_dict_free(opts);
            Ff.check(ret, Reason.UNSUPPORTED, out, "cannot open encoder " + s.codec().encoderName());
            Ff.check(avcodec_parameters_from_context(vs.codecpar(), enc), Reason.WRITE_FAILED, out,
                    "codec parameters");
            vs.time_base(enc.time_base());
            vs.avg_frame_rate(enc.framerate());

            if (s.audioFrom() != null) {
                audio = AudioCopy.open(s.audioFrom(), oc, out);
            }
            AVDictionary tags = new AVDictionary(null);
            for (Map.Entry<String, String> e : s.metadata().entrySet()) {
                av_dict_set(tags, new BytePointer(e.getKey(), java.nio.charset.StandardCharsets.UTF_8),
                        new BytePointer(e.getValue(), java.nio.charset.StandardCharsets.UTF_8), 0);
            }
            oc.metadata(tags);

            if ((oc.oformat().flags() & AVFMT_NOFILE) == 0) {
                AVIOContext pb = new AVIOContext(null);
                Ff.check(avio_open(pb, path, AVIO_FLAG_WRITE), Reason.WRITE_FAILED, out, "cannot create the file");
                oc.pb(pb);
                opened = true;
            }
            AVDictionary mux = new AVDictionary(null);
            String movflags = "+use_metadata_tags" + (s.faststart() ? "+faststart" : "")
                    + s.muxerOptions().getOrDefault("movflags", "");
            av_dict_set(mux, "movflags", movflags, 0);
            for (Map.Entry<String, String> e : s.muxerOptions().entrySet()) {
                if (!e.getKey().equals("movflags")) {
                    av_dict_set(mux, e.getKey(), e.getValue(), 0);
                }
            }
            ret = avformat_write_header(oc, mux);
            av_dict_free(mux);
            Ff.check(ret, Reason.WRITE_FAILED, out, "cannot write the container header");
            return new FfmpegVideoWriter(out, s, oc, enc, vs, audio);
        } catch (MediaException | RuntimeException e) {
            if (audio != null) {
                audio.close();
            }
            if (enc != null) {
                avcodec_free_context(enc);
            }
            if (opened) {
                avio_closep(oc.pb());
            }
            avformat_free_context(oc);
            deleteQuietly(out);
            throw e;
        }
    }

    private static void encoderOptions(EncoderSettings s, AVCodecContext enc, AVDictionary opts) {
        String crf = Integer.toString(s.crf());
        switch (s.codec()) {
            case H264, H265 -> {
                av_dict_set(opts, "crf", crf, 0);
                av_dict_set(opts, "preset", s.preset(), 0);
                if (s.codec() == Codec.H265) {
                    av_dict_set(opts, "x265-params", "log-level=none", 0);
                }
            }
            case VP9 -> {
                enc.bit_rate(0);
                av_dict_set(opts, "crf", crf, 0);
                av_dict_set(opts, "deadline", "good", 0);
                av_dict_set(opts, "cpu-used", "5", 0);
                av_dict_set(opts, "row-mt", "1", 0);
            }
            case AV1 -> {
                enc.bit_rate(0);
                av_dict_set(opts, "crf", crf, 0);
                av_dict_set(opts, "cpu-used", "8", 0);
                av_dict_set(opts, "row-mt", "1", 0);
                av_dict_set(opts, "usage", "realtime", 0);
            }
            case MPEG4 -> {
                enc.flags(enc.flags() | AV_CODEC_FLAG_QSCALE);
                enc.global_quality(Math.max(2, Math.min(31, s.crf() / 2)) * FF_QP2LAMBDA);
            }
            case FFV1 -> av_dict_set(opts, "level", "3", 0);
            default -> throw new IllegalStateException();
        }
        for (Map.Entry<String, String> e : s.encoderOptions().entrySet()) {
            av_dict_set(opts, e.getKey(), e.getValue(), 0);
        }
    }

    @Override
    public void write(I420Frame frame) throws MediaException {
        if (finished) {
            throw new IllegalStateException("writer closed");
        }
        if (frame.width() != settings.width() || frame.height() != settings.height()) {
            throw new IllegalArgumentException("frame " + frame.width() + "x" + frame.height()
                    + " does not match the encoder's " + settings.width() + "x" + settings.height());
        }
        try {
            Ff.check(av_frame_make_writable(picture), Reason.WRITE_FAILED, out, "frame buffer");
            byte[] d = frame.data();
            int cw = frame.chromaWidth();
            int ch = frame.chromaHeight();
            fill(picture.data(0), picture.linesize(0), d, 0, frame.width(), frame.height());
            fill(picture.data(1), picture.linesize(1), d, frame.uOffset(), cw, ch);
            fill(picture.data(2), picture.linesize(2), d, frame.vOffset(), cw, ch);
            picture.pts(frames++);
            Ff.check(avcodec_send_frame(enc, picture), Reason.WRITE_FAILED, out, "encoding failed");
            drain();
        } catch (MediaException | RuntimeException e) {
            abort();
            throw e;
        }
    }

    private static void fill(BytePointer dst, int stride, byte[] src, int offset, int w, int h) {
        if (stride == w) {
            dst.position(0).put(src, offset, w * h);
            return;
        }
        for (int row = 0; row < h; row++) {
            dst.position((long) row * stride).put(src, offset + row * w, w);
        }
        dst.position(0);
    }

    /** Moves every finished packet from the encoder to the muxer, interleaving audio up to the same time. */
    private void drain() throws MediaException {
        while (true) {
            int ret = avcodec_receive_packet(enc, packet);
            if (ret == Ff.EAGAIN || ret == org.bytedeco.ffmpeg.global.avutil.AVERROR_EOF) {
                return;
            }
            Ff.check(ret, Reason.WRITE_FAILED, out, "encoder error");
            av_packet_rescale_ts(packet, enc.time_base(), videoStream.time_base());
            packet.stream_index(videoStream.index());
            if (audio != null) {
                AVRational tb = videoStream.time_base();
                long dts = packet.dts() == AV_NOPTS_VALUE ? packet.pts() : packet.dts();
                audio.copyUntil(oc, dts * (double) tb.num() / tb.den());
            }
            ret = av_interleaved_write_frame(oc, packet);
            av_packet_unref(packet);
            Ff.check(ret, Reason.WRITE_FAILED, out, "cannot write video data");
        }
    }

    @Override
    public long framesWritten() {
        return frames;
    }

    @Override
    public void close() throws MediaException {
        if (finished) {
            return;
        }
        try {
            Ff.check(avcodec_send_frame(enc, null), Reason.WRITE_FAILED, out, "flushing the encoder");
            drain();
            if (audio != null) {
                audio.copyUntil(oc, Double.MAX_VALUE);
            }
            Ff.check(av_write_trailer(oc), Reason.WRITE_FAILED, out, "cannot finish the file");
        } catch (MediaException | RuntimeException e) {
            abort();
            throw e;
        }
        release();
    }

    @Override
    public void abort() {
        if (finished) {
            return;
        }
        release();
        deleteQuietly(out);
    }

    private void release() {
        finished = true;
        if (audio != null) {
            audio.close();
        }
        av_frame_free(picture);
        av_packet_free(packet);
        avcodec_free_context(enc);
        if ((oc.oformat().flags() & AVFMT_NOFILE) == 0) {
            avio_closep(oc.pb());
        }
        avformat_free_context(oc);
    }

    private static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException ignored) {
            // best effort: nothing more to do for a partial file we could not delete
        }
    }

    /** The first audio stream of another file, copied packet for packet (no re-encode). */
    private static final class AudioCopy implements AutoCloseable {
        private final AVFormatContext in;
        private final int inIndex;
        private final AVStream outStream;
        private final AVPacket pkt = av_packet_alloc();
        private boolean pending;
        private boolean eof;
        private long firstDts = AV_NOPTS_VALUE;

        private AudioCopy(AVFormatContext in, int inIndex, AVStream outStream) {
            this.in = in;
            this.inIndex = inIndex;
            this.outStream = outStream;
        }

        static AudioCopy open(Path source, AVFormatContext oc, Path out) throws MediaException {
            AVFormatContext in = new AVFormatContext(null);
            int ret = avformat_open_input(in, source.toAbsolutePath().toString(), null, null);
            if (ret < 0) {
                throw new MediaException(Reason.UNREADABLE, source, "cannot open for audio: " + Ff.describe(ret));
            }
            try {
                Ff.check(avformat_find_stream_info(in, (PointerPointer<?>) null), Reason.CORRUPT, source,
                        "stream information");
                int ai = av_find_best_stream(in, AVMEDIA_TYPE_AUDIO, -1, -1, (AVCodec) null, 0);
                if (ai < 0) {
                    avformat_close_input(in);
                    return null;
                }
                for (int i = 0; i < in.nb_streams(); i++) {
                    if (i != ai) {
                        in.streams(i).discard(org.bytedeco.ffmpeg.global.avcodec.AVDISCARD_ALL);
                    }
                }
                AVStream os = avformat_new_stream(oc, null);
                Ff.check(avcodec_parameters_copy(os.codecpar(), in.streams(ai).codecpar()), Reason.UNSUPPORTED,
                        source, "audio parameters");
                os.codecpar().codec_tag(0);
                os.time_base(in.streams(ai).time_base());
                return new AudioCopy(in, ai, os);
            } catch (MediaException | RuntimeException e) {
                avformat_close_input(in);
                throw e;
            }
        }

        /** Writes audio packets whose time (seconds from the audio start) is at most {@code seconds}. */
        void copyUntil(AVFormatContext oc, double seconds) throws MediaException {
            AVRational tb = in.streams(inIndex).time_base();
            while (!eof) {
                if (!pending) {
                    int ret = av_read_frame(in, pkt);
                    if (ret < 0) {
                        eof = true;
                        return;
                    }
                    if (pkt.stream_index() != inIndex) {
                        av_packet_unref(pkt);
                        continue;
                    }
                    pending = true;
                }
                long dts = pkt.dts() == AV_NOPTS_VALUE ? pkt.pts() : pkt.dts();
                if (firstDts == AV_NOPTS_VALUE && dts != AV_NOPTS_VALUE) {
                    firstDts = dts;
                }
                double t = dts == AV_NOPTS_VALUE ? 0 : (dts - firstDts) * (double) tb.num() / tb.den();
                if (t > seconds) {
                    return;
                }
                if (pkt.pts() != AV_NOPTS_VALUE) {
                    pkt.pts(pkt.pts() - firstDts);
                }
                if (pkt.dts() != AV_NOPTS_VALUE) {
                    pkt.dts(pkt.dts() - firstDts);
                }
                av_packet_rescale_ts(pkt, tb, outStream.time_base());
                pkt.stream_index(outStream.index());
                pkt.pos(-1);
                int ret = av_interleaved_write_frame(oc, pkt);
                av_packet_unref(pkt);
                pending = false;
                if (ret < 0) {
                    throw new MediaException(Reason.WRITE_FAILED, null, "cannot write audio data: " + Ff.describe(ret));
                }
            }
        }

        @Override
        public void close() {
            if (pending) {
                av_packet_unref(pkt);
            }
            av_packet_free(pkt);
            avformat_close_input(in);
        }
    }
}
