package dev.hallmark.media;

import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * A {@link VideoWriter} that hands frames to its delegate on a thread of its own, so the caller can prepare the next
 * frame (render, label, watermark) while the encoder takes the previous one. {@link #write} copies the frame into
 * one of {@code depth} buffers and returns; it blocks only while all buffers wait for the encoder.
 *
 * <p>Failures keep their meaning: an encoder failure is thrown by the next {@link #write} or by {@link #close}, with
 * the delegate's {@link MediaException} as cause and the same reason; after it, the delegate has deleted its partial
 * output. Frames reach the delegate in the order written, with the index and timestamp they had.
 */
public final class PipelinedVideoWriter implements VideoWriter {
    private static final I420Frame END = new I420Frame(2, 2);

    private final VideoWriter delegate;
    private final BlockingQueue<I420Frame> free;
    private final BlockingQueue<I420Frame> queued;
    private final Thread worker;
    private volatile Throwable failure;
    private long accepted;
    private boolean closed;

    private PipelinedVideoWriter(VideoWriter delegate, int depth, int width, int height) {
        this.delegate = delegate;
        this.free = new ArrayBlockingQueue<>(depth);
        this.queued = new ArrayBlockingQueue<>(depth + 1);
        for (int i = 0; i < depth; i++) {
            free.add(new I420Frame(width, height));
        }
        this.worker = new Thread(this::drain, "hallmark-encode");
        worker.setDaemon(true);
        worker.start();
    }

    /**
     * @param depth frames that may wait for the encoder (2 or 3 keep it busy; each costs one frame of memory)
     */
    public static PipelinedVideoWriter wrap(VideoWriter delegate, int width, int height, int depth) {
        Objects.requireNonNull(delegate);
        if (depth < 1 || depth > 16) {
            throw new IllegalArgumentException("depth must be 1..16, was " + depth);
        }
        return new PipelinedVideoWriter(delegate, depth, width, height);
    }

    /** The worker: writes queued frames in order; after a failure it only recycles buffers until the end marker. */
    private void drain() {
        try {
            for (I420Frame f; (f = queued.take()) != END; ) {
                if (failure == null) {
                    try {
                        delegate.write(f);
                    } catch (Throwable e) { // even an Error: the caller must not wait for a dead worker
                        failure = e;
                    }
                }
                free.add(f);
            }
        } catch (InterruptedException e) {
            failure = failure != null ? failure : e;
        }
    }

    @Override
    public void write(I420Frame frame) throws MediaException {
        if (closed) {
            throw new IllegalStateException("writer closed");
        }
        rethrow();
        I420Frame slot;
        try {
            slot = free.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            abort();
            throw new MediaException(MediaException.Reason.WRITE_FAILED, null, "interrupted while encoding", e);
        }
        if (slot.width() != frame.width() || slot.height() != frame.height()) {
            free.add(slot);
            throw new IllegalArgumentException("frame " + frame.width() + "x" + frame.height()
                    + " does not match the writer's " + slot.width() + "x" + slot.height());
        }
        System.arraycopy(frame.data(), 0, slot.data(), 0, frame.data().length);
        slot.setPosition(frame.index(), frame.timestampMicros());
        queued.add(slot);
        accepted++;
    }

    /** Frames accepted so far (the encoder may still be working on the last few until {@link #close}). */
    @Override
    public long framesWritten() {
        return accepted;
    }

    @Override
    public void close() throws MediaException {
        if (closed) {
            return;
        }
        closed = true;
        if (!stopWorker()) {
            delegate.abort();
            throw new MediaException(MediaException.Reason.WRITE_FAILED, null, "interrupted while finishing the file");
        }
        if (failure != null) {
            delegate.abort();
            rethrow();
        }
        delegate.close();
    }

    @Override
    public void abort() {
        if (!closed) {
            closed = true;
            stopWorker();
        }
        delegate.abort();
    }

    /** Queues the end marker and waits for the worker; false if interrupted. */
    private boolean stopWorker() {
        queued.add(END);
        try {
            worker.join();
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            worker.interrupt();
            return false;
        }
    }

    private void rethrow() throws MediaException {
        Throwable f = failure;
        if (f == null) {
            return;
        }
        if (f instanceof MediaException m) {
            throw new MediaException(m.reason(), m.file(), "encoder failed: " + m.detail(), m);
        }
        if (f instanceof InterruptedException) {
            throw new MediaException(MediaException.Reason.WRITE_FAILED, null, "encoder thread interrupted", f);
        }
        throw new MediaException(MediaException.Reason.WRITE_FAILED, null, "encoder failed: " + f, f);
    }
}
