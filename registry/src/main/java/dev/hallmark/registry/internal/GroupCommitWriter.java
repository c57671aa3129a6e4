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
 * The single journal writer with group commit, in two stages.
 * <ol>
 *   <li>The writer thread takes what producers {@link #submit}ted (payload built, personal data sealed, leaf hash
 *       computed on their own threads) in groups of up to the record limit, waiting at most the group delay while a
 *       group is smaller than the previous one; assigns sequence numbers; writes the record-key slots, then the journal
 *       records (page cache only); hands the group to the sync stage and goes on with the next group.</li>
 *   <li>The sync thread takes every group written so far and fsyncs the key store and the journal (in parallel) once
 *       for all of them; then, group by group and in order, deletes the keys of crypto-shredded records (and fsyncs
 *       that), appends the leaves to the Merkle tree and the entry index, publishes the new size and only then
 *       completes the producers' futures.</li>
 * </ol>
 * Nothing is acknowledged before an fsync that covers it. A record whose key slot is not durable is treated as
 * unacknowledged by recovery (slots are written before records, so such a record can only be in the unacknowledged
 * tail). If a write or fsync fails, every pending and later op fails and the registry stops: after a failed fsync the
 * page cache cannot be trusted.
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
        long offset;

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

    /** A group written to the page cache, waiting for its fsync. */
    private record Written(long firstSeq, List<Op> ops) {
    }

    private final Store store;
    private final int maxRecords;
    private final long maxDelayNanos;
    private final Consumer<List<IndexItem>> indexFeed;
    private final LinkedBlockingQueue<Op> queue = new LinkedBlockingQueue<>();
    private final LinkedBlockingQueue<Written> written = new LinkedBlockingQueue<>();
    private final Thread writerThread;
    private final Thread syncThread;
    private final ExecutorService keySync;
    private volatile boolean running = true;
    private volatile boolean writerDone;
    private volatile RegistryException failure;
    /** Ids in groups written but not yet durable (the writer's duplicate check must see them). */
    private final Set<java.util.UUID> pendingIds = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private long next;
    private ByteBuffer journalBuf = ByteBuffer.allocateDirect(1 << 20);
    private ByteBuffer slotBuf = ByteBuffer.allocateDirect(RecordKeyStore.SLOT * 4096);
    private ByteBuffer entryBuf = ByteBuffer.allocateDirect(EntryIndex.ENTRY * 4096);

    // statistics for benchmarks
    private volatile long groups;
    private volatile long records;
    private volatile long fsyncs;
    private volatile long fsyncNanos;
    private volatile long writeNanos;

    public GroupCommitWriter(Store store, int maxRecords, java.time.Duration maxDelay, Consumer<List<IndexItem>> indexFeed) {
        this.store = store;
        this.maxRecords = maxRecords;
        this.maxDelayNanos = maxDelay.toNanos();
        this.indexFeed = indexFeed;
        this.next = store.size();
        this.keySync = Executors.newSingleThreadExecutor(r -> Thread.ofPlatform().name("hallmark-key-fsync").daemon(true).unstarted(r));
        this.writerThread = Thread.ofPlatform().name("hallmark-journal-writer").daemon(true).unstarted(this::writeLoop);
        this.syncThread = Thread.ofPlatform().name("hallmark-journal-sync").daemon(true).unstarted(this::syncLoop);
    }

    public void start() throws IOException {
        store.journal.startWriting(next, store.lastSegmentSealed);
        writerThread.start();
        syncThread.start();
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

    /**
     * Statistics since start: {groups written, records, fsync rounds, nanoseconds in fsync, nanoseconds writing}.
     * One fsync round covers every group written while the previous round ran.
     */
    public long[] stats() {
        return new long[] {groups, records, fsyncs, fsyncNanos, writeNanos};
    }

    private void fail(RegistryException e) {
        if (failure == null) {
            failure = e;
        }
    }

    // ------------------------------------------------------------------------------------------------ stage 1

    private void writeLoop() {
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
                if (batch.size() < target && maxDelayNanos > 0 && written.isEmpty()) {
                    // only worth waiting when nothing is being synced: otherwise the sync stage coalesces groups anyway
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
                RegistryException f = failure;
                if (f != null) {
                    batch.forEach(op -> op.done.completeExceptionally(f));
                } else {
                    write(batch);
                }
                batch = new ArrayList<>(maxRecords);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Throwable t) {
            fail(new RegistryException(Reason.WRITE_FAILED, store.journal.dir(), "journal writer failed: " + t, t));
            batch.forEach(op -> op.done.completeExceptionally(failure));
        } finally {
            writerDone = true;
        }
    }

    private void write(List<Op> batch) {
        List<Op> accepted = new ArrayList<>(batch.size());
        Set<java.util.UUID> batchIds = new HashSet<>();
        long firstSeq = next;
        int bytes = 0;
        for (Op op : batch) {
            if (op.type == FilingCodec.TYPE_FILING) {
                java.util.UUID key = new java.util.UUID(op.idHi, op.idLo);
                // durable ids, ids written but not yet durable, and ids earlier in this batch
                boolean dup = store.ids.get(op.idHi, op.idLo) >= 0 || pendingIds.contains(key) || !batchIds.add(key);
                if (dup) {
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
            long off = store.journal.append(firstSeq, journalBuf);
            for (Op op : accepted) {
                op.offset = off;
                off += SegmentFormat.RECORD_HEADER + op.payload.length;
                if (op.type == FilingCodec.TYPE_FILING) {
                    pendingIds.add(new java.util.UUID(op.idHi, op.idLo));
                }
            }
            writeNanos += System.nanoTime() - t0;
            written.add(new Written(firstSeq, accepted));
        } catch (IOException | RuntimeException e) {
            fail(new RegistryException(Reason.WRITE_FAILED, store.journal.dir(),
                    "writing the journal failed (" + e + "); the registry stopped accepting filings and must be reopened", e));
            accepted.forEach(op -> op.done.completeExceptionally(failure));
        }
    }

    // ------------------------------------------------------------------------------------------------ stage 2

    private void syncLoop() {
        try {
            while (true) {
                Written w = written.poll(20, TimeUnit.MILLISECONDS);
                if (w == null) {
                    if (writerDone && written.isEmpty()) {
                        break;
                    }
                    continue;
                }
                List<Written> round = new ArrayList<>();
                round.add(w);
                written.drainTo(round);
                if (failure != null) {
                    round.forEach(r -> r.ops().forEach(op -> op.done.completeExceptionally(failure)));
                    continue;
                }
                try {
                    long f0 = System.nanoTime();
                    Future<?> keysSynced = keySync.submit(() -> {
                        store.vault.force();
                        return null;
                    });
                    store.journal.force();
                    keysSynced.get();
                    fsyncNanos += System.nanoTime() - f0;
                    fsyncs++;
                    for (Written g : round) {
                        finish(g);
                    }
                } catch (Exception e) {
                    Throwable cause = e instanceof java.util.concurrent.ExecutionException ? e.getCause() : e;
                    fail(new RegistryException(Reason.WRITE_FAILED, store.journal.dir(),
                            "fsync failed (" + cause + "); the registry stopped accepting filings and must be reopened", cause));
                    round.forEach(r -> r.ops().forEach(op -> op.done.completeExceptionally(failure)));
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            RegistryException closed = failure != null ? failure
                    : new RegistryException(Reason.CLOSED, store.dir, "the registry is closed");
            Written w;
            while ((w = written.poll()) != null) {
                w.ops().forEach(op -> op.done.completeExceptionally(closed));
            }
            Op op;
            while ((op = queue.poll()) != null) {
                op.done.completeExceptionally(closed);
            }
        }
    }

    /** After the fsync: shred keys, update the tree and indexes, publish, acknowledge. In group order. */
    private void finish(Written g) throws IOException {
        List<Op> ops = g.ops();
        boolean shredded = false;
        for (Op op : ops) {
            if (op.shredTarget >= 0) {
                RecordKeyStore.Slot t = store.vault.read(op.shredTarget);
                store.vault.shred(op.shredTarget, t.retainUntilEpochSecond(), op.seq, op.shredTime);
                shredded = true;
            }
        }
        if (shredded) {
            store.vault.force();
        }
        entryBuf = ensure(entryBuf, ops.size() * EntryIndex.ENTRY);
        entryBuf.clear();
        List<IndexItem> items = new ArrayList<>(ops.size());
        for (Op op : ops) {
            EntryIndex.encode(entryBuf, op.seq, op.leafHash, op.idHi, op.idLo, op.offset, op.type);
            store.tree.append(op.leafHash);
            store.offsets.add(op.offset);
            store.types.add(op.type);
            if (op.type == FilingCodec.TYPE_FILING) {
                store.ids.put(op.idHi, op.idLo, op.seq);
                pendingIds.remove(new java.util.UUID(op.idHi, op.idLo));
                items.add(new IndexItem.FilingDoc(op.seq, op.indexRecord, false));
            } else if (op.type == FilingCodec.TYPE_SHRED) {
                items.add(new IndexItem.ShredDoc(op.seq, op.shredTarget));
            } else {
                items.add(new IndexItem.Skip(op.seq));
            }
        }
        entryBuf.flip();
        store.entries.write(g.firstSeq(), entryBuf);
        store.publishSize(g.firstSeq() + ops.size());
        groups++;
        records += ops.size();
        for (Op op : ops) {
            op.done.complete(op.seq);
        }
        if (indexFeed != null) {
            indexFeed.accept(items);
        }
    }

    private static ByteBuffer ensure(ByteBuffer b, int n) {
        if (b.capacity() >= n) {
            return b;
        }
        return ByteBuffer.allocateDirect(Integer.highestOneBit(n - 1) << 1);
    }

    /** Stops after writing and syncing everything already queued. */
    public void close() {
        running = false;
        try {
            writerThread.join();
            syncThread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        keySync.shutdown();
    }
}
