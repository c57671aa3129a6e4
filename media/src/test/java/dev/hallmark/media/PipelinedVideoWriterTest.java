package dev.hallmark.media;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class PipelinedVideoWriterTest {

    /** Records what reached the encoder; can block or fail on a chosen frame. */
    static final class Recording implements VideoWriter {
        final List<String> seen = new ArrayList<>();
        final int failAt;
        final CountDownLatch gate;
        volatile boolean closed;
        volatile boolean aborted;

        Recording(int failAt, CountDownLatch gate) {
            this.failAt = failAt;
            this.gate = gate;
        }

        @Override
        public void write(I420Frame f) throws MediaException {
            try {
                gate.await();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
            if (seen.size() == failAt) {
                aborted = true; // as FfmpegVideoWriter does: a failed write deletes the partial output
                throw new MediaException(MediaException.Reason.WRITE_FAILED, Path.of("out.mp4"), "No space left on device");
            }
            seen.add(f.index() + ":" + f.timestampMicros() + ":" + (f.data()[0] & 0xFF));
        }

        @Override
        public long framesWritten() {
            return seen.size();
        }

        @Override
        public void close() {
            closed = true;
        }

        @Override
        public void abort() {
            aborted = true;
        }
    }

    private static I420Frame frame(int k) {
        I420Frame f = new I420Frame(16, 16);
        f.data()[0] = (byte) (k * 7);
        f.setPosition(k, k * 40_000L);
        return f;
    }

    @Test
    void deliversEveryFrameInOrderWithItsPosition() throws Exception {
        Recording rec = new Recording(-1, new CountDownLatch(0));
        try (VideoWriter w = PipelinedVideoWriter.wrap(rec, 16, 16, 3)) {
            for (int k = 0; k < 50; k++) {
                w.write(frame(k));
            }
            assertThat(w.framesWritten()).isEqualTo(50);
        }
        assertThat(rec.closed).isTrue();
        assertThat(rec.seen).hasSize(50);
        for (int k = 0; k < 50; k++) {
            assertThat(rec.seen.get(k)).isEqualTo(k + ":" + k * 40_000L + ":" + ((k * 7) & 0xFF));
        }
    }

    @Test
    void copiesTheFrameSoTheCallerMayReuseItAtOnce() throws Exception {
        CountDownLatch gate = new CountDownLatch(1);
        Recording rec = new Recording(-1, gate);
        try (VideoWriter w = PipelinedVideoWriter.wrap(rec, 16, 16, 2)) {
            I420Frame f = frame(1);
            w.write(f); // the encoder is held: the frame waits in the queue
            f.data()[0] = 99;
            f.setPosition(2, 80_000);
            w.write(f);
            gate.countDown();
        }
        assertThat(rec.seen).containsExactly("1:40000:7", "2:80000:99");
    }

    @Test
    void anEncoderFailureReachesTheCallerAndNothingIsFinished() {
        Recording rec = new Recording(4, new CountDownLatch(0));
        VideoWriter w = PipelinedVideoWriter.wrap(rec, 16, 16, 2);
        assertThatThrownBy(() -> {
            try (w) {
                for (int k = 0; k < 100; k++) {
                    w.write(frame(k));
                }
            }
        }).isInstanceOfSatisfying(MediaException.class, e -> {
            assertThat(e.reason()).isEqualTo(MediaException.Reason.WRITE_FAILED);
            assertThat(e.getMessage()).contains("out.mp4").contains("No space left on device");
        });
        assertThat(rec.closed).isFalse();
        assertThat(rec.aborted).isTrue();
        assertThat(rec.seen).hasSize(4);
    }

    @Test
    void abortStopsTheWorkerAndAbortsTheDelegate() throws Exception {
        CountDownLatch gate = new CountDownLatch(1);
        Recording rec = new Recording(-1, gate);
        PipelinedVideoWriter w = PipelinedVideoWriter.wrap(rec, 16, 16, 2);
        w.write(frame(0));
        w.write(frame(1));
        Thread opener = new Thread(() -> {
            try {
                TimeUnit.MILLISECONDS.sleep(50);
            } catch (InterruptedException ignored) {
                // the test fails on its own if the gate never opens
            }
            gate.countDown();
        });
        opener.start();
        w.abort();
        assertThat(rec.aborted).isTrue();
        assertThat(rec.closed).isFalse();
        assertThatThrownBy(() -> w.write(frame(2))).isInstanceOf(IllegalStateException.class);
        w.close(); // closing after an abort does nothing
        assertThat(rec.closed).isFalse();
    }

    @Test
    void refusesAFrameOfAnotherSize() throws Exception {
        Recording rec = new Recording(-1, new CountDownLatch(0));
        try (VideoWriter w = PipelinedVideoWriter.wrap(rec, 16, 16, 2)) {
            assertThatThrownBy(() -> w.write(new I420Frame(32, 16))).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("32x16");
            w.write(frame(0));
        }
        assertThat(rec.seen).hasSize(1);
    }
}
