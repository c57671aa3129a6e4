package dev.hallmark.provenance.c2pa;

import dev.hallmark.media.bmff.BoxListener;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * Computes our {@code c2pa.hash.bmff.v3} flat hash while {@code BmffRewriter} writes the output, so signing reads the
 * media once: for every top-level box except {@code ftyp}, {@code mfra} and C2PA {@code uuid} boxes, the box's
 * offset as u64 big-endian, then its bytes. With whole top-level boxes as the only exclusions this is exactly what
 * c2pa-rs computes when validating ({@link RangeHasher}).
 *
 * <p>Hashing runs on its own thread, fed copies of the written chunks through a small bounded pool, so the copy and
 * the SHA-256 overlap instead of adding up. {@link #digest()} waits for it and rethrows its failure.
 */
public final class BmffStreamHasher implements BoxListener, AutoCloseable {
    private static final int CHUNK = 1 << 20;
    private static final int POOL = 8;

    private final BlockingQueue<byte[]> free = new ArrayBlockingQueue<>(POOL);
    private final BlockingQueue<Item> work = new ArrayBlockingQueue<>(POOL + 2);
    private final Thread worker;
    private final MessageDigest md;
    private volatile Throwable failure;
    private boolean excluded;
    private long hashedBytes;
    private byte[] result;

    /** A chunk to hash ({@code length} bytes of {@code data}), an offset marker, or the end. */
    private record Item(byte[] data, int length, boolean pooled, boolean end) {
    }

    public BmffStreamHasher() {
        try {
            md = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        for (int i = 0; i < POOL; i++) {
            free.add(new byte[CHUNK]);
        }
        worker = Thread.ofPlatform().name("c2pa-bmff-hash").daemon().start(this::hashLoop);
    }

    private void hashLoop() {
        try {
            while (true) {
                Item it = work.take();
                if (it.end()) {
                    return;
                }
                md.update(it.data(), 0, it.length());
                if (it.pooled()) {
                    free.put(it.data());
                }
            }
        } catch (Throwable t) {
            failure = t;
        }
    }

    private void put(Item it) {
        if (failure != null) {
            throw new IllegalStateException("hashing failed", failure);
        }
        try {
            work.put(it);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while hashing", e);
        }
    }

    /** Whether our hard binding leaves this top-level box out. */
    public static boolean excluded(String type, UUID userType) {
        return type.equals("ftyp") || type.equals("mfra") || (type.equals("uuid") && Labels.BMFF_UUID.equals(userType));
    }

    @Override
    public void boxStart(String type, UUID userType, long offset, long size) {
        excluded = excluded(type, userType);
        if (!excluded) {
            byte[] u64 = ByteBuffer.allocate(8).putLong(offset).array();
            put(new Item(u64, 8, false, false));
        }
    }

    @Override
    public void boxBytes(ByteBuffer bytes) {
        if (excluded) {
            return;
        }
        ByteBuffer b = bytes.duplicate();
        while (b.hasRemaining()) {
            byte[] chunk = null;
            try {
                while (chunk == null) {
                    if (failure != null || !worker.isAlive()) {
                        throw new IllegalStateException("hashing thread stopped", failure);
                    }
                    chunk = free.poll(100, java.util.concurrent.TimeUnit.MILLISECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while hashing", e);
            }
            int n = Math.min(chunk.length, b.remaining());
            b.get(chunk, 0, n);
            hashedBytes += n;
            put(new Item(chunk, n, true, false));
        }
    }

    public long hashedBytes() {
        return hashedBytes;
    }

    /** Waits for the hashing thread and returns the SHA-256. */
    public byte[] digest() {
        if (result == null) {
            put(new Item(null, 0, false, true));
            try {
                worker.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while hashing", e);
            }
            if (failure != null) {
                throw new IllegalStateException("hashing failed", failure);
            }
            result = md.digest();
        }
        return result.clone();
    }

    /** Stops the hashing thread if {@link #digest()} was never called (error paths). */
    @Override
    public void close() {
        if (result == null && worker.isAlive()) {
            worker.interrupt();
        }
    }
}
