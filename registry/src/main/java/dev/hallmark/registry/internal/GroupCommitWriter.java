package dev.hallmark.registry.internal;

import dev.hallmark.registry.FilingRecord;
import dev.hallmark.registry.RegistryException;
import dev.hallmark.registry.RegistryException.Reason;
import dev.hallmark.registry.journal.SegmentFormat;
import dev.hallmark.registry.keys.RecordKeyStore;
import dev.hallmark.registry.lucene.IndexItem;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The single journal writer with group commit. Producers {@link #submit} prepared records (payload built, personal
 * data sealed, leaf hash computed on their own threads); this thread collects a group (up to the record limit, waiting
 * at most the delay while the group is smaller than the previous one, so concurrent producers coalesce), assigns
 * sequence numbers, writes the record-key slots and the journal records, fsyncs both, then (and only then) appends
 * the leaves to the Merkle tree, publishes the new size and completes the producers' futures. Crypto-shredding
 * ops delete their target's key after their shred record is durable. If a write or fsync fails, every pending and
 * future op fails and the registry stops: after a failed fsync the page cache cannot be trusted.
 */
public final class GroupCommitWriter {
    /** One record to append. */
    public static final class Op {
        final byte type;
        final byte[] payload;
        final byte[] leafHash;
        final long idHi;
        final long idLo;
        final byte slotState;
        final long retainUntil;
        final byte[] wrappedKey;
        final long shredTarget;
        final long shredTime;
        final FilingRecord indexRecord;
        final CompletableFuture<Long> done = new CompletableFuture<>();
        long seq = -1;

        /** A filing (id bits, sealed-key slot) or, with {@code type} SHRED/ALGORITHM, another record. */
        public Op(byte type, byte[] payload, byte[] leafHash, long idHi, long idLo, byte slotState, long retainUntil,
                byte[] wrappedKey, long shredTarget, long shredTime, FilingRecord indexRecord) {
            if (payload.length > SegmentFormat.MAX_PAYLOAD) {
                throw new IllegalArgumentException("record of " + payload.length + " bytes exceeds the 1 MiB limit");
            }
            this.type = type;
            this.payload = payload;
            this.leafHash = leafHash;
            this.idHi = idHi;
            this.idLo = idLo;
            this.slotState = slotState;
            this.retainUntil = retainUntil;
            this.wrappedKey = wrappedKey;
            this.shredTarget = shredTarget;
            this.shredTime = shredTime;
            this.indexRecord = indexRecord;
        }

        public CompletableFuture<Long> future() {
            return done;
        }
    }

    private final Store store;
    private final int maxRecords;
    private final long maxDelayNanos;
    private final Consumer<List<IndexItem>> indexFeed;
    private final LinkedBlockingQueue<Op> queue = new LinkedBlockingQueue<>();
    private final Thread thread;
    private final ExecutorService syncer;
    private volatile boolean running = true;
    private volatile RegistryException failure;
    private long next;
    private ByteBuffer journalBuf = ByteBuffer.allocateDirect(1 << 20);
    private ByteBuffer slotBuf = ByteBuffer.allocateDirect(RecordKeyStore.SLOT * 4096);
    private ByteBuffer entryBuf = ByteBuffer.allocateDirect(EntryIndex.ENTRY * 4096);

    // statistics for benchmarks
    private volatile long groups;
    private volatile long records;
    private volatile long fsyncNanos;
    private volatile long processNanos;

    public GroupCommitWriter(Store store, int maxRecords, java.time.Duration maxDelay, Consumer<List<IndexItem>> indexFeed) {
        this.store = store;
        this.maxRecords = maxRecords;
        this.maxDelayNanos = maxDelay.toNanos();
        this.indexFeed = indexFeed;
        this.next = store.size();
        this.syncer = Executors.newSingleThreadExecutor(r -> Thread.ofPlatform().name("hallmark-fsync").daemon(true).unstarted(r));
        this.thread = Thread.ofPlatform().name("hallmark-journal-writer").daemon(true).unstarted(this::run);
    }

    public void start() throws IOException {
        store.journal.startWriting(next, store.lastSegmentSealed);
        thread.start();
    }

    /** Queues an op; its future completes with the sequence number once durable, or fails. */
    public CompletableFuture<Long> submit(Op op) {
        RegistryException f = failure;
        if (f != null) {
            op.done.completeExceptionally(f);
        } else if (!running) {
            op.done.completeExceptionally(new RegistryException(Reason.CLOSED, store.dir, "the registry is closed"));
        } else {
            queue.add(op);
        }
        return op.done;
    }

    public RegistryException failure() {
        return failure;
    }

    /** Groups committed, records written, nanoseconds waiting for fsync, nanoseconds processing groups (incl. fsync). */
    public long[] stats() {
        return new long[] {groups, records, fsyncNanos, processNanos};
    }

    private void run() {
        List<Op> batch = new ArrayList<>(maxRecords);
        int target = 1;
        try {
            while (true) {
                Op first = queue.poll(20, TimeUnit.MILLISECONDS);
                if (first == null) {
                    if (!running) {
                        break;
                    }
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, maxRecords - 1);
                if (batch.size() < target && maxDelayNanos > 0) {
                    long deadline = System.nanoTime() + maxDelayNanos;
                    while (batch.size() < target) {
                        long left = deadline - System.nanoTime();
                        if (left <= 0) {
                            break;
                        }
                        Op o = queue.poll(left, TimeUnit.NANOSECONDS);
                        if (o == null) {
                            break;
                        }
                        batch.add(o);
                        queue.drainTo(batch, maxRecords - batch.size());
                    }
                }
                target = Math.max(1, batch.size());
                if (failure != null) {
                    for (Op op : batch) {
                        op.done.completeExceptionally(failure);
                    }
                } else {
                    process(batch);
                }
                batch.clear();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Throwable t) {
            fail(new RegistryException(Reason.WRITE_FAILED, store.journal.dir(), "journal writer failed: " + t, t), batch);
        } finally {
            RegistryException closed = failure != null ? failure
                    : new RegistryException(Reason.CLOSED, store.dir, "the registry is closed");
            Op op;
            while ((op = queue.poll()) != null) {
                op.done.completeExceptionally(closed);
            }
        }
    }

    private void fail(RegistryException e, List<Op> batch) {
        failure = e;
        for (Op op : batch) {
            op.done.completeExceptionally(e);
        }
    }

    private void process(List<Op> batch) {
        List<Op> accepted = new ArrayList<>(batch.size());
        Set<Long> batchIds = new HashSet<>();
        long firstSeq = next;
        int bytes = 0;
        for (Op op : batch) {
            if (op.type == FilingCodec.TYPE_FILING) {
                if (store.ids.get(op.idHi, op.idLo) >= 0 || !batchIds.add(op.idHi * 31 + op.idLo) && dup(accepted, op)) {
                    op.done.completeExceptionally(new RegistryException(Reason.DUPLICATE_ID, null,
                            "filing " + Ulid.format(op.idHi, op.idLo) + " is already in the registry"));
                    continue;
                }
            }
            op.seq = next++;
            accepted.add(op);
            bytes += SegmentFormat.RECORD_HEADER + op.payload.length;
        }
        if (accepted.isEmpty()) {
            return;
        }
        long t0 = System.nanoTime();
        try {
            journalBuf = ensure(journalBuf, bytes);
            slotBuf = ensure(slotBuf, accepted.size() * RecordKeyStore.SLOT);
            entryBuf = ensure(entryBuf, accepted.size() * EntryIndex.ENTRY);
            journalBuf.clear();
            slotBuf.clear();
            for (Op op : accepted) {
                SegmentFormat.putRecord(journalBuf, op.seq, op.payload);
                RecordKeyStore.encodeSlot(slotBuf, op.seq, op.slotState, op.retainUntil, op.wrappedKey);
            }
            journalBuf.flip();
            slotBuf.flip();
            // key slots first: a record whose slot is not durable is treated as unacknowledged by recovery
            store.vault.write(firstSeq, slotBuf);
            long start = store.journal.append(firstSeq, journalBuf);
            long f0 = System.nanoTime();
            Future<?> keysSynced = syncer.submit(() -> {
                store.vault.force();
                return null;
            });
            store.journal.force();
            keysSynced.get();
            fsyncNanos += System.nanoTime() - f0;
            boolean shredded = false;
            for (Op op : accepted) {
                if (op.shredTarget >= 0) {
                    RecordKeyStore.Slot t = store.vault.read(op.shredTarget);
                    store.vault.shred(op.shredTarget, t.retainUntilEpochSecond(), op.seq, op.shredTime);
                    shredded = true;
                }
            }
            if (shredded) {
                store.vault.force();
            }
            // durable: now derived state, then acknowledge
            entryBuf.clear();
            long off = start;
            List<IndexItem> items = new ArrayList<>(accepted.size());
            for (Op op : accepted) {
                EntryIndex.encode(entryBuf, op.seq, op.leafHash, op.idHi, op.idLo, off, op.type);
                store.tree.append(op.leafHash);
                store.offsets.add(off);
                store.types.add(op.type);
                if (op.type == FilingCodec.TYPE_FILING) {
                    store.ids.put(op.idHi, op.idLo, op.seq);
                    items.add(new IndexItem.FilingDoc(op.seq, op.indexRecord, false));
                } else if (op.type == FilingCodec.TYPE_SHRED) {
                    items.add(new IndexItem.ShredDoc(op.seq, op.shredTarget));
                } else {
                    items.add(new IndexItem.Skip(op.seq));
                }
                off += SegmentFormat.RECORD_HEADER + op.payload.length;
            }
            entryBuf.flip();
            store.entries.write(firstSeq, entryBuf);
            store.publishSize(next);
            groups++;
            records += accepted.size();
            processNanos += System.nanoTime() - t0;
            for (Op op : accepted) {
                op.done.complete(op.seq);
            }
            if (indexFeed != null) {
                indexFeed.accept(items);
            }
        } catch (Exception e) {
            Throwable cause = e instanceof java.util.concurrent.ExecutionException ? e.getCause() : e;
            fail(new RegistryException(Reason.WRITE_FAILED, store.journal.dir(),
                    "writing the journal failed (" + cause + "); the registry stopped accepting filings and must be reopened", cause), accepted);
        }
    }

    private static boolean dup(List<Op> accepted, Op op) {
        for (Op a : accepted) {
            if (a.type == FilingCodec.TYPE_FILING && a.idHi == op.idHi && a.idLo == op.idLo) {
                return true;
            }
        }
        return false;
    }

    private static ByteBuffer ensure(ByteBuffer b, int n) {
        if (b.capacity() >= n) {
            return b;
        }
        return ByteBuffer.allocateDirect(Integer.highestOneBit(n - 1) << 1);
    }

    /** Stops after writing everything already queued. */
    public void close() {
        running = false;
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        syncer.shutdown();
    }
}
