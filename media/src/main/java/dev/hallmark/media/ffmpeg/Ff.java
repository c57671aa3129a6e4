package dev.hallmark.media.ffmpeg;

import static org.bytedeco.ffmpeg.global.avutil.AVERROR_EOF;
import static org.bytedeco.ffmpeg.global.avutil.AV_LOG_ERROR;
import static org.bytedeco.ffmpeg.global.avutil.AV_LOG_QUIET;
import static org.bytedeco.ffmpeg.global.avutil.av_log_set_level;
import static org.bytedeco.ffmpeg.global.avutil.av_strerror;

import dev.hallmark.media.MediaException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/** Small shared helpers for the FFmpeg C API: error text, return-code checks, quiet logging. */
final class Ff {
    static final int EAGAIN = -11;

    static {
        // FFmpeg's own log goes to stderr and would mix with our output; errors reach the user through return
        // codes. HALLMARK_FFMPEG_LOG=1 turns it back on for debugging.
        av_log_set_level(System.getenv("HALLMARK_FFMPEG_LOG") != null ? AV_LOG_ERROR : AV_LOG_QUIET);
    }

    private Ff() {
    }

    /** Forces the static initialiser (log level) before the first FFmpeg call. */
    static void init() {
        // nothing: loading the class did it
    }

    static String describe(int ret) {
        if (ret == AVERROR_EOF) {
            return "end of file";
        }
        byte[] buf = new byte[256];
        av_strerror(ret, buf, buf.length);
        int n = 0;
        while (n < buf.length && buf[n] != 0) {
            n++;
        }
        return new String(buf, 0, n, StandardCharsets.UTF_8) + " (" + ret + ")";
    }

    static void check(int ret, MediaException.Reason reason, Path file, String what) throws MediaException {
        if (ret < 0) {
            throw new MediaException(reason, file, what + ": " + describe(ret));
        }
    }
}
