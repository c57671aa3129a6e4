package dev.hallmark.media.ffmpeg;

import static org.bytedeco.ffmpeg.global.avfilter.AV_BUFFERSRC_FLAG_KEEP_REF;
import static org.bytedeco.ffmpeg.global.avfilter.av_buffersink_get_frame;
import static org.bytedeco.ffmpeg.global.avfilter.av_buffersink_get_frame_rate;
import static org.bytedeco.ffmpeg.global.avfilter.av_buffersink_get_h;
import static org.bytedeco.ffmpeg.global.avfilter.av_buffersink_get_time_base;
import static org.bytedeco.ffmpeg.global.avfilter.av_buffersink_get_w;
import static org.bytedeco.ffmpeg.global.avfilter.av_buffersrc_add_frame_flags;
import static org.bytedeco.ffmpeg.global.avfilter.avfilter_get_by_name;
import static org.bytedeco.ffmpeg.global.avfilter.avfilter_graph_alloc;
import static org.bytedeco.ffmpeg.global.avfilter.avfilter_graph_config;
import static org.bytedeco.ffmpeg.global.avfilter.avfilter_graph_create_filter;
import static org.bytedeco.ffmpeg.global.avfilter.avfilter_graph_free;
import static org.bytedeco.ffmpeg.global.avfilter.avfilter_graph_parse_ptr;
import static org.bytedeco.ffmpeg.global.avfilter.avfilter_inout_alloc;
import static org.bytedeco.ffmpeg.global.avfilter.avfilter_inout_free;
import static org.bytedeco.ffmpeg.global.avutil.AVERROR_EOF;
import static org.bytedeco.ffmpeg.global.avutil.AV_NOPTS_VALUE;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUV420P;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_alloc;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_free;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_get_buffer;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_make_writable;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_unref;
import static org.bytedeco.ffmpeg.global.avutil.av_strdup;

import dev.hallmark.media.FrameRate;
import dev.hallmark.media.I420Frame;
import dev.hallmark.media.MediaException;
import dev.hallmark.media.MediaException.Reason;
import dev.hallmark.media.VideoFilter;
import java.util.Locale;
import org.bytedeco.ffmpeg.avfilter.AVFilterContext;
import org.bytedeco.ffmpeg.avfilter.AVFilterGraph;
import org.bytedeco.ffmpeg.avfilter.AVFilterInOut;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.ffmpeg.avutil.AVRational;
import org.bytedeco.javacpp.BytePointer;

/**
 * {@link VideoFilter} over libavfilter: {@code buffer -> user graph -> format=yuv420p -> buffersink}. Frames are
 * copied into a reusable native frame on the way in and out of a reusable {@link I420Frame} on the way out.
 */
public final class FfmpegVideoFilter implements VideoFilter {
    /** Longest graph description accepted (a hostile or runaway string is refused before FFmpeg parses it). */
    static final int MAX_GRAPH_LENGTH = 4096;

    private final String graphText;
    private final int inWidth;
    private final int inHeight;
    private final FrameRate inRate;
    private final AVFilterGraph graph;
    private final AVFilterContext src;
    private final AVFilterContext sink;
    private final AVFrame in;
    private final AVFrame out;
    private final AVRational sinkTimeBase;
    private final FrameRate outRate;
    private I420Frame result;
    private long pushed;
    private long emitted;
    private boolean eof;
    private boolean drained;
    private boolean closed;

    private FfmpegVideoFilter(String graphText, int inWidth, int inHeight, FrameRate inRate, AVFilterGraph graph,
            AVFilterContext src, AVFilterContext sink) throws MediaException {
        this.graphText = graphText;
        this.inWidth = inWidth;
        this.inHeight = inHeight;
        this.inRate = inRate;
        this.graph = graph;
        this.src = src;
        this.sink = sink;
        this.in = av_frame_alloc();
        this.out = av_frame_alloc();
        in.format(AV_PIX_FMT_YUV420P);
        in.width(inWidth);
        in.height(inHeight);
        Ff.check(av_frame_get_buffer(in, 0), Reason.UNSUPPORTED, null, "filter input frame");
        AVRational tb = av_buffersink_get_time_base(sink);
        this.sinkTimeBase = new AVRational().num(tb.num()).den(tb.den());
        AVRational fr = av_buffersink_get_frame_rate(sink);
        FrameRate rate = inRate;
        if (fr != null && fr.num() > 0 && fr.den() > 0 && (double) fr.num() / fr.den() <= 1000) {
            rate = new FrameRate(fr.num(), fr.den());
        }
        this.outRate = rate;
        this.result = new I420Frame(av_buffersink_get_w(sink), av_buffersink_get_h(sink));
    }

    /** Builds and configures the graph; see {@link VideoFilter#create}. */
    public static FfmpegVideoFilter create(String graphText, int width, int height, FrameRate rate)
            throws MediaException {
        Ff.init();
        if (graphText == null || graphText.isBlank()) {
            throw new MediaException(Reason.UNSUPPORTED, null, "empty filter graph (use \"null\" to pass frames through)");
        }
        if (graphText.length() > MAX_GRAPH_LENGTH) {
            throw new MediaException(Reason.LIMIT_EXCEEDED, null,
                    "filter graph longer than " + MAX_GRAPH_LENGTH + " characters");
        }
        if (width <= 0 || height <= 0 || width > 8192 || height > 8192) {
            throw new IllegalArgumentException("frame size out of range: " + width + "x" + height);
        }
        AVFilterGraph graph = avfilter_graph_alloc();
        if (graph == null || graph.isNull()) {
            throw new IllegalStateException("cannot allocate a filter graph");
        }
        AVFilterInOut outputs = null;
        AVFilterInOut inputs = null;
        try {
            AVFilterContext src = new AVFilterContext(null);
            String args = String.format(Locale.ROOT,
                    "video_size=%dx%d:pix_fmt=%d:time_base=%d/%d:pixel_aspect=1/1:frame_rate=%d/%d", width, height,
                    AV_PIX_FMT_YUV420P, rate.denominator(), rate.numerator(), rate.numerator(), rate.denominator());
            Ff.check(avfilter_graph_create_filter(src, avfilter_get_by_name("buffer"), "in", args, null, graph),
                    Reason.UNSUPPORTED, null, "filter source");
            AVFilterContext sink = new AVFilterContext(null);
            Ff.check(avfilter_graph_create_filter(sink, avfilter_get_by_name("buffersink"), "out", null, null, graph),
                    Reason.UNSUPPORTED, null, "filter sink");

            // the graph's open input "in" is fed by the buffer source, its open output "out" feeds the sink
            outputs = avfilter_inout_alloc();
            outputs.name(av_strdup(new BytePointer("in")));
            outputs.filter_ctx(src);
            outputs.pad_idx(0);
            outputs.next(null);
            inputs = avfilter_inout_alloc();
            inputs.name(av_strdup(new BytePointer("out")));
            inputs.filter_ctx(sink);
            inputs.pad_idx(0);
            inputs.next(null);
            String full = "[in]" + graphText + ",format=yuv420p[out]";
            int ret = avfilter_graph_parse_ptr(graph, full, inputs, outputs, null);
            Ff.check(ret, Reason.UNSUPPORTED, null, "bad filter graph \"" + graphText + "\"");
            Ff.check(avfilter_graph_config(graph, null), Reason.UNSUPPORTED, null,
                    "cannot configure filter graph \"" + graphText + "\"");
            int ow = av_buffersink_get_w(sink);
            int oh = av_buffersink_get_h(sink);
            if (ow <= 0 || oh <= 0 || ow > 8192 || oh > 8192) {
                throw new MediaException(Reason.UNSUPPORTED, null,
                        "filter graph \"" + graphText + "\" gives frames of " + ow + "x" + oh);
            }
            return new FfmpegVideoFilter(graphText, width, height, rate, graph, src, sink);
        } catch (MediaException | RuntimeException e) {
            avfilter_graph_free(graph);
            throw e;
        } finally {
            // avfilter_graph_parse_ptr consumes (and frees) what it links; whatever remains is freed here
            if (inputs != null) {
                avfilter_inout_free(inputs);
            }
            if (outputs != null) {
                avfilter_inout_free(outputs);
            }
        }
    }

    @Override
    public int outputWidth() {
        return result.width();
    }

    @Override
    public int outputHeight() {
        return result.height();
    }

    @Override
    public FrameRate outputFrameRate() {
        return outRate;
    }

    @Override
    public void push(I420Frame frame) throws MediaException {
        ensureOpen();
        if (eof) {
            throw new IllegalStateException("filter already finished");
        }
        if (frame.width() != inWidth || frame.height() != inHeight) {
            throw new IllegalArgumentException("frame " + frame.width() + "x" + frame.height()
                    + " does not match the filter's input " + inWidth + "x" + inHeight);
        }
        Ff.check(av_frame_make_writable(in), Reason.UNSUPPORTED, null, "filter input frame");
        byte[] d = frame.data();
        int cw = frame.chromaWidth();
        int ch = frame.chromaHeight();
        put(in.data(0), in.linesize(0), d, 0, inWidth, inHeight);
        put(in.data(1), in.linesize(1), d, frame.uOffset(), cw, ch);
        put(in.data(2), in.linesize(2), d, frame.vOffset(), cw, ch);
        in.pts(pushed++);
        int ret = av_buffersrc_add_frame_flags(src, in, AV_BUFFERSRC_FLAG_KEEP_REF);
        if (ret == AVERROR_EOF) {
            return; // the graph has ended by itself (e.g. trim): later input is dropped, like ffmpeg does
        }
        Ff.check(ret, Reason.UNSUPPORTED, null, "filter \"" + graphText + "\" refused a frame");
    }

    @Override
    public void finish() throws MediaException {
        ensureOpen();
        if (!eof) {
            eof = true;
            int ret = av_buffersrc_add_frame_flags(src, null, 0);
            if (ret != AVERROR_EOF) {
                Ff.check(ret, Reason.UNSUPPORTED, null, "filter \"" + graphText + "\" end of stream");
            }
        }
    }

    @Override
    public I420Frame poll() throws MediaException {
        ensureOpen();
        if (drained) {
            return null;
        }
        int ret = av_buffersink_get_frame(sink, out);
        if (ret == Ff.EAGAIN) {
            return null;
        }
        if (ret == AVERROR_EOF) {
            drained = true;
            return null;
        }
        Ff.check(ret, Reason.CORRUPT, null, "filter \"" + graphText + "\" failed");
        try {
            int w = out.width();
            int h = out.height();
            if (w != result.width() || h != result.height()) {
                result = new I420Frame(w, h);
            }
            byte[] d = result.data();
            int cw = result.chromaWidth();
            int ch = result.chromaHeight();
            get(out.data(0), out.linesize(0), d, 0, w, h);
            get(out.data(1), out.linesize(1), d, result.uOffset(), cw, ch);
            get(out.data(2), out.linesize(2), d, result.vOffset(), cw, ch);
            long pts = out.pts();
            long micros = pts == AV_NOPTS_VALUE ? outRate.timestampMicros(emitted)
                    : Math.round(pts * 1e6 * sinkTimeBase.num() / sinkTimeBase.den());
            result.setPosition(emitted++, micros);
            return result;
        } finally {
            av_frame_unref(out);
        }
    }

    private static void put(BytePointer dst, int stride, byte[] src, int offset, int w, int h) {
        if (stride == w) {
            dst.position(0).put(src, offset, w * h);
            return;
        }
        for (int row = 0; row < h; row++) {
            dst.position((long) row * stride).put(src, offset + row * w, w);
        }
        dst.position(0);
    }

    private static void get(BytePointer src, int stride, byte[] dst, int offset, int w, int h) {
        if (stride == w) {
            src.position(0).get(dst, offset, w * h);
            return;
        }
        for (int row = 0; row < h; row++) {
            src.position((long) row * stride).get(dst, offset + row * w, w);
        }
        src.position(0);
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("filter closed");
        }
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        av_frame_free(in);
        av_frame_free(out);
        avfilter_graph_free(graph);
    }
}
