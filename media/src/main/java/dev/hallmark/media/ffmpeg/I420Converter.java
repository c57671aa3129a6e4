package dev.hallmark.media.ffmpeg;

import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUV420P;
import static org.bytedeco.ffmpeg.global.avutil.av_free;
import static org.bytedeco.ffmpeg.global.avutil.av_malloc;
import static org.bytedeco.ffmpeg.global.swscale.SWS_BICUBIC;
import static org.bytedeco.ffmpeg.global.swscale.sws_freeContext;
import static org.bytedeco.ffmpeg.global.swscale.sws_getCachedContext;
import static org.bytedeco.ffmpeg.global.swscale.sws_scale;

import dev.hallmark.media.I420Frame;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.ffmpeg.swscale.SwsContext;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.javacpp.PointerPointer;

/**
 * Decoded picture (any pixel format and size) to an {@link I420Frame}: a plane copy when it already is I420 of the
 * right size, libswscale otherwise (into one native scratch buffer, then one bulk copy).
 */
final class I420Converter implements AutoCloseable {
    private final int width;
    private final int height;
    private final int cw;
    private final int ch;
    private SwsContext sws;
    private BytePointer scratch;
    private PointerPointer<BytePointer> planes;
    private IntPointer strides;

    I420Converter(int width, int height) {
        this.width = width;
        this.height = height;
        this.cw = (width + 1) / 2;
        this.ch = (height + 1) / 2;
    }

    void convert(AVFrame src, I420Frame dst) {
        byte[] out = dst.data();
        if (src.format() == AV_PIX_FMT_YUV420P && src.width() == width && src.height() == height) {
            copyPlane(src.data(0), src.linesize(0), out, 0, width, height);
            copyPlane(src.data(1), src.linesize(1), out, dst.uOffset(), cw, ch);
            copyPlane(src.data(2), src.linesize(2), out, dst.vOffset(), cw, ch);
            return;
        }
        if (scratch == null) {
            int size = I420Frame.bufferSize(width, height);
            scratch = new BytePointer(av_malloc(size)).capacity(size);
            BytePointer y = new BytePointer(scratch).position(0);
            BytePointer u = new BytePointer(scratch).position((long) width * height);
            BytePointer v = new BytePointer(scratch).position((long) width * height + (long) cw * ch);
            planes = new PointerPointer<>(y, u, v, null);
            strides = new IntPointer(width, cw, cw, 0);
        }
        sws = sws_getCachedContext(sws, src.width(), src.height(), src.format(), width, height, AV_PIX_FMT_YUV420P,
                SWS_BICUBIC, null, null, (DoublePointer) null);
        if (sws == null) {
            throw new IllegalStateException("libswscale cannot convert pixel format " + src.format());
        }
        sws_scale(sws, src.data(), src.linesize(), 0, src.height(), planes, strides);
        scratch.position(0).get(out, 0, out.length);
    }

    private static void copyPlane(BytePointer src, int stride, byte[] out, int offset, int w, int h) {
        if (stride == w) {
            src.position(0).get(out, offset, w * h);
            return;
        }
        for (int row = 0; row < h; row++) {
            src.position((long) row * stride).get(out, offset + row * w, w);
        }
        src.position(0);
    }

    @Override
    public void close() {
        if (sws != null) {
            sws_freeContext(sws);
            sws = null;
        }
        if (scratch != null) {
            av_free(scratch.position(0));
            scratch = null;
        }
    }
}
