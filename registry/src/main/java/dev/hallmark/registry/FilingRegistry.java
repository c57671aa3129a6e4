package dev.hallmark.registry;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hallmark.registry.RegistryException.Reason;
import dev.hallmark.registry.internal.AtomicFiles;
import dev.hallmark.registry.internal.Bytes;
import dev.hallmark.registry.internal.FilingCodec;
import dev.hallmark.registry.internal.GroupCommitWriter;
import dev.hallmark.registry.internal.Json;
import dev.hallmark.registry.internal.Store;
import dev.hallmark.registry.internal.Times;
import dev.hallmark.registry.internal.Ulid;
import dev.hallmark.registry.keys.RecordKeyStore;
import dev.hallmark.registry.keys.Sealer;
import dev.hallmark.registry.lucene.IndexItem;
import dev.hallmark.registry.lucene.IndexSource;
import dev.hallmark.registry.lucene.LuceneFilingIndex;
import dev.hallmark.registry.merkle.Rfc9162;
import dev.hallmark.registry.note.TlogCheckpoint;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.DigestOutputStream;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.LongConsumer;

/**
 * The tamper-evident filing registry: an append-only journal (the source of truth) whose records are the leaves of
 * an RFC 9162 Merkle tree, signed C2SP checkpoints, per-record encryption of personal data with crypto-shredding, a
 * Lucene search index derived from the journal, and the algorithm filings generations link to.
 *
 * <p>Durability: {@link #file} returns (and {@link #fileAsync} completes) only after the record and its key slot are
 * fsync'd; records are grouped so that one fsync covers many concurrent filings. After a crash, {@link #open}
 * recovers: it cuts a torn tail (keeping the bytes in {@code quarantine/}), rebuilds the tree, and checks it against
 * the last signed checkpoint. A checkpoint is signed every {@link RegistryOptions#checkpointInterval()} when the tree
 * grew, and on close.
 *
 * <p>Threads: all methods are thread-safe; many threads may file concurrently. One process at a time may open a
 * registry folder ({@link Reason#LOCKED} otherwise).
 *
 * <p>Security: prompt text and user identity never enter the journal in clear; the leaf holds an AES-256-GCM sealed
 * blob and a salted prompt hash. Erasure or retention expiry deletes the record's key and logs the deletion as its own
 * record; proofs of the filing still verify.
 */
public final class FilingRegistry implements AutoCloseable {
    private final Store store;
    private final RegistryOptions options;
    private final GroupCommitWriter writer;
    private final LuceneFilingIndex index;
    private final ScheduledExecutorService checkpointer;
    private final Object checkpointLock = new Object();
    private final Object shredLock = new Object();
    private final Map<Long, CompletableFuture<ShredResult>> pendingShreds = new java.util.concurrent.ConcurrentHashMap<>();
    private final Object algorithmLock = new Object();
    private volatile Checkpoint lastCheckpoint;
    private volatile boolean closed;

    private FilingRegistry(Store store, RegistryOptions options) throws RegistryException {
        this.store = store;
        this.options = options;
        for (String n : store.recoveryNotes) {
            options.warnings().accept(n);
        }
        LuceneFilingIndex idx = null;
        GroupCommitWriter w;
        try {
            if (options.indexing()) {
                idx = LuceneFilingIndex.open(store.dir.resolve(Store.INDEX), new Source(), options.searchRefreshInterval(),
                        options.indexCommitInterval(), options.warnings());
            }
            LuceneFilingIndex feed = idx;
            w = new GroupCommitWriter(store, options.groupCommitMaxRecords(), options.groupCommitMaxDelay(),
                    feed == null ? null : feed::offer);
            w.start();
        } catch (IOException e) {
            closeQuietly(idx);
            throw new RegistryException(Reason.UNREADABLE, store.dir.resolve(Store.INDEX), "cannot open the search index: " + e.getMessage(), e);
        }
        this.index = idx;
        this.writer = w;
        try {
            String latest = dev.hallmark.registry.internal.CheckpointLog.latest(store.dir);
            if (latest != null) {
                TlogCheckpoint c = store.verifyNote(latest, null);
                lastCheckpoint = checkpointOf(c, latest);
            }
        } catch (IOException e) {
            throw new RegistryException(Reason.CORRUPT, store.dir, "cannot read the latest checkpoint: " + e.getMessage(), e);
        }
        publishCheckpoint();
        long ms = options.checkpointInterval().toMillis();
        this.checkpointer = Executors.newSingleThreadScheduledExecutor(r -> Thread.ofPlatform().name("hallmark-checkpointer").daemon(true).unstarted(r));
        checkpointer.scheduleWithFixedDelay(() -> {
            try {
                publishCheckpoint();
            } catch (RegistryException | RuntimeException e) {
                options.warnings().accept("checkpoint failed: " + e.getMessage());
            }
        }, ms, ms, TimeUnit.MILLISECONDS);
    }

    /** Opens (creating if needed) the registry in {@code dir} with its keys in {@code keysDir}, default options. */
    public static FilingRegistry open(Path dir, Path keysDir) throws RegistryException {
        return open(dir, keysDir, RegistryOptions.defaults());
    }

    /** Opens (creating if needed) the registry in {@code dir}; recovers after a crash. */
    public static FilingRegistry open(Path dir, Path keysDir, RegistryOptions options) throws RegistryException {
        Store s = Store.open(dir, keysDir, options);
        try {
            return new FilingRegistry(s, options);
        } catch (RegistryException | RuntimeException e) {
            try {
                s.close();
            } catch (IOException ignored) {
                // already failing
            }
            throw e;
        }
    }

    /** The log origin (also the checkpoint key name). */
    public String origin() {
        return store.meta.origin();
    }

    /** Number of durable journal records (= Merkle tree size). */
    public long size() {
        return store.size();
    }

    /** What recovery did when this registry was opened (empty after a clean shutdown). */
    public List<String> recoveryNotes() {
        return List.copyOf(store.recoveryNotes);
    }

    /** The folder this registry lives in. */
    public Path dir() {
        return store.dir;
    }

    // ------------------------------------------------------------------------------------------------ filing

    /** A new filing id (ULID) to put in the manifest or watermark before filing; nothing is stored. */
    public String reserveId() {
        return Ulid.create(options.clock().instant());
    }

    /**
     * Files a generation and returns once it is durable (fsync'd).
     *
     * @throws RegistryException {@link Reason#INVALID_RECORD}, {@link Reason#DUPLICATE_ID},
     *     {@link Reason#UNKNOWN_ALGORITHM_FILING}, {@link Reason#WRITE_FAILED}, {@link Reason#CLOSED}
     */
    public Receipt file(FilingRecord record) throws RegistryException {
        return await(fileAsync(record));
    }

    /** Files a generation; the future completes only after the record is durable, or fails with a RegistryException. */
    public CompletableFuture<Receipt> fileAsync(FilingRecord record) {
        try {
            Prepared p = prepare(record);
            return writer.submit(p.op).thenApply(seq -> new Receipt(p.record.id(), seq, seq, p.leafHash, p.record.time(), p.algorithmSeq));
        } catch (RegistryException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    private record Prepared(FilingRecord record, GroupCommitWriter.Op op, byte[] leafHash, long algorithmSeq) {
    }

    private Prepared prepare(FilingRecord r) throws RegistryException {
        ensureOpen();
        if (r == null) {
            throw new RegistryException(Reason.INVALID_RECORD, null, "no record");
        }
        if (r.id() == null) {
            r = r.withId(reserveId());
        }
        long algorithmSeq = -1;
        ModelRef m = r.model();
        if (m.filingNumber() != null) {
            List<AlgorithmFilingHistory.Version> vs = store.algorithmFilings.get(m.filingNumber());
            if (vs == null) {
                throw new RegistryException(Reason.UNKNOWN_ALGORITHM_FILING, null,
                        "algorithm filing " + m.filingNumber() + " is not registered; add it with `hallmark filing add`");
            }
            AlgorithmFilingHistory.Version cur = vs.get(vs.size() - 1);
            if (cur.filing().status() != AlgorithmFiling.Status.ACTIVE) {
                throw new RegistryException(Reason.UNKNOWN_ALGORITHM_FILING, null, "algorithm filing " + m.filingNumber() + " is revoked");
            }
            if (!cur.filing().covers(m.name())) {
                throw new RegistryException(Reason.UNKNOWN_ALGORITHM_FILING, null,
                        "algorithm filing " + m.filingNumber() + " does not cover model " + m.name());
            }
            algorithmSeq = cur.seq();
        } else {
            AlgorithmFilingHistory.Version cur = activeFilingFor(m.name());
            if (cur != null) {
                r = r.withModel(new ModelRef(m.name(), m.version(), cur.filing().number()));
                algorithmSeq = cur.seq();
            }
        }
        byte[] sealed = null;
        byte[] wrapped = null;
        String promptHash = null;
        byte state = RecordKeyStore.NONE;
        if (r.prompt() != null || r.userIdentity() != null) {
            // one draw from the generator: data key, prompt-hash salt, GCM nonce
            byte[] rnd = Sealer.random(32 + 16 + 12);
            byte[] dek = Arrays.copyOfRange(rnd, 0, 32);
            byte[] salt = Arrays.copyOfRange(rnd, 32, 48);
            byte[] nonce = Arrays.copyOfRange(rnd, 48, 60);
            Arrays.fill(rnd, (byte) 0);
            if (r.prompt() != null) {
                promptHash = FilingCodec.promptHash(salt, r.prompt());
            }
            sealed = Sealer.seal(dek, nonce, r.id(), FilingCodec.encodePersonal(r.prompt(), r.userIdentity(), salt));
            wrapped = store.vault.wrap(dek);
            Arrays.fill(dek, (byte) 0);
            state = RecordKeyStore.LIVE;
        }
        Instant until = r.retention().expiry(r.time());
        long untilSec = until.equals(Instant.MAX) ? Long.MAX_VALUE : until.getEpochSecond();
        byte[] payload = FilingCodec.encodeFiling(r, promptHash, until, algorithmSeq, sealed);
        byte[] leafHash = Rfc9162.leafHash(payload);
        long[] id = Ulid.bits(r.id());
        GroupCommitWriter.Op op;
        try {
            op = new GroupCommitWriter.Op(FilingCodec.TYPE_FILING, payload, leafHash, id[0], id[1], state, untilSec,
                    wrapped, -1, -1, r);
        } catch (IllegalArgumentException e) {
            throw new RegistryException(Reason.LIMIT_EXCEEDED, null, e.getMessage());
        }
        return new Prepared(r, op, leafHash, algorithmSeq);
    }

    private AlgorithmFilingHistory.Version activeFilingFor(String model) {
        AlgorithmFilingHistory.Version best = null;
        for (List<AlgorithmFilingHistory.Version> vs : store.algorithmFilings.values()) {
            AlgorithmFilingHistory.Version cur = vs.get(vs.size() - 1);
            if (cur.filing().status() == AlgorithmFiling.Status.ACTIVE && cur.filing().covers(model)
                    && (best == null || cur.seq() > best.seq())) {
                best = cur;
            }
        }
        return best;
    }

    private static <T> T await(CompletableFuture<T> f) throws RegistryException {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RegistryException(Reason.CLOSED, null, "interrupted while waiting for the journal");
        } catch (ExecutionException e) {
            throw unwrap(e.getCause());
        }
    }

    private static RegistryException unwrap(Throwable t) {
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        if (t instanceof RegistryException re) {
            return re;
        }
        return new RegistryException(Reason.WRITE_FAILED, null, "filing failed: " + t, t);
    }

    private void ensureOpen() throws RegistryException {
        if (closed) {
            throw new RegistryException(Reason.CLOSED, store.dir, "the registry is closed");
        }
        RegistryException f = writer == null ? null : writer.failure();
        if (f != null) {
            throw f;
        }
    }

    // ------------------------------------------------------------------------------------------------ reading

    /** The filing with this id, personal data decrypted if its key still exists; empty if unknown. */
    public Optional<Filing> get(String id) throws RegistryException {
        long seq = seqOf(id);
        return seq < 0 ? Optional.empty() : Optional.of(read(seq));
    }

    /** The filing at journal sequence number {@code seq}; empty if that record is not a filing or does not exist. */
    public Optional<Filing> get(long seq) throws RegistryException {
        if (seq < 0 || seq >= store.size() || store.type(seq) != FilingCodec.TYPE_FILING) {
            return Optional.empty();
        }
        return Optional.of(read(seq));
    }

    /** Sequence number of filing {@code id}, or -1. */
    public long seqOf(String id) {
        if (!Ulid.isValid(id)) {
            return -1;
        }
        long[] b = Ulid.bits(id);
        long seq = store.ids.get(b[0], b[1]);
        return seq < store.size() ? seq : -1;
    }

    private Filing read(long seq) throws RegistryException {
        byte[] payload = payload(seq);
        FilingCodec.StoredFiling sf;
        try {
            sf = FilingCodec.decodeFiling(Json.parse(payload));
        } catch (IOException e) {
            throw new RegistryException(Reason.CORRUPT, segmentFile(seq), "record seq " + seq + ": " + e.getMessage(), e);
        }
        FilingRecord r = sf.record();
        Filing.PersonalData pd = Filing.PersonalData.NONE;
        Filing.Shredding shredding = null;
        if (sf.sealed() != null) {
            RecordKeyStore.Slot slot;
            try {
                slot = store.vault.read(seq);
            } catch (IOException e) {
                throw new RegistryException(Reason.UNREADABLE, store.vault.file(), "cannot read the key of seq " + seq, e);
            }
            if (!slot.valid()) {
                throw new RegistryException(Reason.CORRUPT, store.vault.file(), "record key slot " + seq + " is damaged");
            }
            if (slot.state() == RecordKeyStore.SHREDDED) {
                pd = Filing.PersonalData.SHREDDED;
                shredding = shreddingOf(slot);
            } else if (slot.state() == RecordKeyStore.LIVE) {
                try {
                    byte[] dek = store.vault.unwrap(slot.wrappedKey());
                    FilingCodec.Personal p = FilingCodec.decodePersonal(Sealer.open(dek, r.id(), sf.sealed()));
                    Arrays.fill(dek, (byte) 0);
                    r = new FilingRecord(r.id(), r.time(), r.actor(), r.jurisdictions(), r.model(), p.prompt(), p.user(),
                            r.contentSha256(), r.manifestId(), r.watermark(), r.aigc(), r.policy(), r.verification(),
                            r.retention(), r.timingsMicros());
                    pd = Filing.PersonalData.AVAILABLE;
                } catch (GeneralSecurityException | IOException e) {
                    throw new RegistryException(Reason.CORRUPT, store.vault.file(),
                            "the sealed personal data of seq " + seq + " does not open with its key (" + e.getMessage() + ")");
                }
            } else {
                throw new RegistryException(Reason.CORRUPT, store.vault.file(), "seq " + seq + " has sealed data but no key slot");
            }
        }
        return new Filing(seq, r, sf.promptHash(), sf.retainUntil(), sf.algorithmFilingSeq(), pd, shredding, payload);
    }

    private Filing.Shredding shreddingOf(RecordKeyStore.Slot slot) throws RegistryException {
        String reason = "?";
        if (slot.shredSeq() >= 0 && slot.shredSeq() < store.size()) {
            try {
                reason = FilingCodec.decodeShred(Json.parse(payload(slot.shredSeq()))).reason();
            } catch (IOException e) {
                throw new RegistryException(Reason.CORRUPT, segmentFile(slot.shredSeq()), "shred record seq " + slot.shredSeq() + ": " + e.getMessage());
            }
        }
        return new Filing.Shredding(slot.shredSeq(), Instant.ofEpochMilli(slot.shredTimeMillis()), reason);
    }

    private byte[] payload(long seq) throws RegistryException {
        try {
            return store.payload(seq);
        } catch (IOException e) {
            throw new RegistryException(Reason.CORRUPT, segmentFile(seq), e.getMessage(), e);
        }
    }

    private Path segmentFile(long seq) {
        var e = store.journal.segmentOf(seq);
        return e == null ? store.journal.dir() : e.getValue();
    }

    /** The exact leaf bytes of journal record {@code seq} (any record type). */
    public byte[] leaf(long seq) throws RegistryException {
        if (seq < 0 || seq >= store.size()) {
            throw new RegistryException(Reason.NOT_FOUND, null, "no record " + seq + " (registry size " + store.size() + ")");
        }
        return payload(seq);
    }

    // ------------------------------------------------------------------------------------------------ search

    /** Searches filings (newest first); results cover the index view ({@link SearchResult#indexedThrough()}). */
    public SearchResult search(SearchQuery q) throws RegistryException {
        ensureIndex();
        try {
            return index.search(q, store.size());
        } catch (IOException e) {
            throw new RegistryException(Reason.UNREADABLE, store.dir.resolve(Store.INDEX), "search failed: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            throw new RegistryException(Reason.INVALID_RECORD, null, "invalid search: " + e.getMessage(), e);
        }
    }

    /** Filings of the released file with this SHA-256 (hex), newest first. */
    public List<FilingSummary> find(String contentSha256) throws RegistryException {
        return search(SearchQuery.builder().contentSha256(contentSha256).limit(100).build()).hits();
    }

    /** Filings whose watermark payload is {@code hex16} (16 hex digits), newest first. Used by the classifier. */
    public List<FilingSummary> findByWatermark(String hex16) throws RegistryException {
        return search(SearchQuery.builder().watermark(hex16).limit(100).build()).hits();
    }

    /** Waits until everything durable now is searchable; false on timeout. */
    public boolean awaitSearchable(Duration timeout) throws RegistryException {
        ensureIndex();
        try {
            return index.awaitSearchable(store.size(), timeout);
        } catch (IOException e) {
            throw new RegistryException(Reason.UNREADABLE, store.dir.resolve(Store.INDEX), e.getMessage(), e);
        }
    }

    /** Number of records the search index has processed (everything before it is indexed). */
    public long indexedThrough() {
        return index == null ? 0 : index.indexedThrough();
    }

    /** Number of records visible to searches now (every filing before it can be found). */
    public long searchableThrough() {
        return index == null ? 0 : index.searchableThrough();
    }

    private void ensureIndex() throws RegistryException {
        ensureOpen();
        if (index == null) {
            throw new RegistryException(Reason.UNREADABLE, store.dir.resolve(Store.INDEX), "search is disabled for this registry (indexing off)");
        }
    }

    // ------------------------------------------------------------------------------------------------ checkpoints and proofs

    /** Signs and publishes a checkpoint of the current tree if it grew since the last one; returns the latest. */
    public Checkpoint checkpoint() throws RegistryException {
        ensureOpen();
        return publishCheckpoint();
    }

    private Checkpoint publishCheckpoint() throws RegistryException {
        synchronized (checkpointLock) {
            long n = store.size();
            Checkpoint last = lastCheckpoint;
            if (last != null && last.treeSize() >= n) {
                return last;
            }
            TlogCheckpoint body = new TlogCheckpoint(origin(), n, store.tree.root(n));
            String note = store.keys.signer().sign(body.text());
            try {
                store.entries.force();
                store.checkpoints.publish(n, note);
            } catch (IOException e) {
                throw new RegistryException(Reason.WRITE_FAILED, store.dir.resolve("checkpoints"), "cannot publish the checkpoint: " + e.getMessage(), e);
            }
            Checkpoint c = checkpointOf(body, note);
            lastCheckpoint = c;
            return c;
        }
    }

    private Checkpoint checkpointOf(TlogCheckpoint c, String note) {
        var v = store.keys.verifier();
        return new Checkpoint(c.origin(), c.size(), c.rootHash(), note, v.vkey(), v.publicKey());
    }

    /** The inclusion proof of filing {@code id} against a signed checkpoint that covers it. */
    public InclusionProof prove(String id) throws RegistryException {
        long seq = seqOf(id);
        if (seq < 0) {
            throw new RegistryException(Reason.NOT_FOUND, null, "no filing with id " + id);
        }
        return prove(seq);
    }

    /** The inclusion proof of journal record {@code seq} (any type) against a signed checkpoint that covers it. */
    public InclusionProof prove(long seq) throws RegistryException {
        ensureOpen();
        if (seq < 0 || seq >= store.size()) {
            throw new RegistryException(Reason.NOT_FOUND, null, "no record " + seq + " (registry size " + store.size() + ")");
        }
        Checkpoint c = lastCheckpoint;
        if (c == null || c.treeSize() <= seq) {
            c = publishCheckpoint();
        }
        return new InclusionProof(payload(seq), seq, c.treeSize(), store.tree.inclusionPath(seq, c.treeSize()), c.note());
    }

    /** A consistency proof from the tree of {@code fromSize} records to the latest signed checkpoint. */
    public ConsistencyProof consistency(long fromSize) throws RegistryException {
        ensureOpen();
        Checkpoint c = publishCheckpoint();
        if (fromSize < 0 || fromSize > c.treeSize()) {
            throw new RegistryException(Reason.NOT_FOUND, null, "tree size " + fromSize + " is outside 0.." + c.treeSize());
        }
        return new ConsistencyProof(fromSize, c.treeSize(), store.tree.root(fromSize), c.rootHash(),
                store.tree.consistencyPath(fromSize, c.treeSize()), c.note());
    }

    // ------------------------------------------------------------------------------------------------ erasure and retention

    /**
     * Erases filing {@code id}'s personal data: logs a {@code hallmark.shred/1} record, deletes the record key, and
     * removes the prompt from the search index. {@code note} (optional, at most 200 characters, no personal data) is
     * committed with the shred record, e.g. a request reference.
     */
    public ShredResult erase(String id, String note) throws RegistryException {
        long seq = seqOf(id);
        if (seq < 0) {
            throw new RegistryException(Reason.NOT_FOUND, null, "no filing with id " + id);
        }
        if (note != null && (note.length() > 200 || !FilingRecord.validText(note))) {
            throw new RegistryException(Reason.INVALID_RECORD, null, "erasure note must be at most 200 characters");
        }
        ShredResult r = await(shred(seq, Ulid.canonical(id), "ERASURE", note));
        awaitPurge(r);
        return r;
    }

    /** Shreds the personal data of every filing whose retention ended at or before {@code asOf}. */
    public RetentionReport runRetention(Instant asOf) throws RegistryException {
        ensureOpen();
        long n = store.size();
        long already = 0;
        List<CompletableFuture<ShredResult>> pending = new ArrayList<>();
        long asOfSec = asOf.getEpochSecond();
        try {
            for (long s = 0; s < n; s += 4096) {
                int count = (int) Math.min(4096, n - s);
                byte[] raw = store.vault.readRaw(s, count);
                for (int i = 0; i < raw.length / RecordKeyStore.SLOT; i++) {
                    RecordKeyStore.Slot slot = RecordKeyStore.decode(s + i, raw, i * RecordKeyStore.SLOT);
                    if (!slot.valid()) {
                        continue; // reported by audit verify
                    }
                    if (slot.state() == RecordKeyStore.SHREDDED) {
                        already++;
                    } else if (slot.state() == RecordKeyStore.LIVE && slot.retainUntilEpochSecond() <= asOfSec) {
                        String id = FilingCodec.text(Json.parse(payload(s + i)), "id");
                        pending.add(shred(s + i, id, "RETENTION", null));
                    }
                }
            }
        } catch (IOException e) {
            throw new RegistryException(Reason.UNREADABLE, store.vault.file(), "cannot scan record keys: " + e.getMessage(), e);
        }
        List<ShredResult> done = new ArrayList<>();
        ShredResult lastShred = null;
        for (CompletableFuture<ShredResult> f : pending) {
            ShredResult r = await(f);
            done.add(r);
            if (r.outcome() == ShredResult.Outcome.SHREDDED) {
                lastShred = r;
            }
        }
        if (lastShred != null) {
            awaitPurge(lastShred);
        }
        return new RetentionReport(asOf, n, already, done);
    }

    /**
     * Logs a shred record for filing {@code seq} and (in the writer, once that record is durable) deletes its key.
     * Shreds in flight are remembered so a concurrent erasure and retention run never log two shreds of one record.
     */
    private CompletableFuture<ShredResult> shred(long seq, String id, String reason, String note) {
        synchronized (shredLock) {
            CompletableFuture<ShredResult> inFlight = pendingShreds.get(seq);
            if (inFlight != null) {
                return inFlight.thenApply(r -> new ShredResult(id, seq, ShredResult.Outcome.ALREADY_SHREDDED, r.shredSeq()));
            }
            try {
                ensureOpen();
                RecordKeyStore.Slot slot = store.vault.read(seq);
                if (!slot.valid()) {
                    return CompletableFuture.failedFuture(new RegistryException(Reason.CORRUPT, store.vault.file(),
                            "record key slot " + seq + " is damaged; run `hallmark audit verify`"));
                }
                if (slot.state() == RecordKeyStore.SHREDDED) {
                    return CompletableFuture.completedFuture(new ShredResult(id, seq, ShredResult.Outcome.ALREADY_SHREDDED, slot.shredSeq()));
                }
                if (slot.state() == RecordKeyStore.NONE) {
                    return CompletableFuture.completedFuture(new ShredResult(id, seq, ShredResult.Outcome.NOTHING_TO_ERASE, -1));
                }
                Instant now = options.clock().instant();
                byte[] payload = FilingCodec.encodeShred(id, seq, reason, now, note);
                GroupCommitWriter.Op op = new GroupCommitWriter.Op(FilingCodec.TYPE_SHRED, payload, Rfc9162.leafHash(payload),
                        0, 0, RecordKeyStore.NONE, 0, null, seq, now.toEpochMilli(), null);
                CompletableFuture<ShredResult> f = writer.submit(op)
                        .thenApply(shredSeq -> new ShredResult(id, seq, ShredResult.Outcome.SHREDDED, shredSeq));
                pendingShreds.put(seq, f);
                f.whenComplete((r, e) -> pendingShreds.remove(seq));
                return f;
            } catch (IOException e) {
                return CompletableFuture.failedFuture(new RegistryException(Reason.UNREADABLE, store.vault.file(), e.getMessage(), e));
            } catch (RegistryException e) {
                return CompletableFuture.failedFuture(e);
            }
        }
    }

    private void awaitPurge(ShredResult r) throws RegistryException {
        if (index == null || r.outcome() != ShredResult.Outcome.SHREDDED) {
            return;
        }
        try {
            if (!index.awaitPurged(r.shredSeq() + 1, Duration.ofMinutes(5))) {
                options.warnings().accept("the search index has not yet removed the prompt of seq " + r.targetSeq()
                        + "; it will on its next pass");
            }
        } catch (IOException e) {
            throw new RegistryException(Reason.UNREADABLE, store.dir.resolve(Store.INDEX), e.getMessage(), e);
        }
    }

    // ------------------------------------------------------------------------------------------------ algorithm filings

    /**
     * Records an algorithm filing: a new number is FILED; a known number is CHANGED (its {@code changedOn} must be
     * set) or REVOKED (status REVOKED). Returns the version recorded.
     */
    public AlgorithmFilingHistory.Version fileAlgorithm(AlgorithmFiling f) throws RegistryException {
        ensureOpen();
        synchronized (algorithmLock) {
            List<AlgorithmFilingHistory.Version> vs = store.algorithmFilings.get(f.number());
            AlgorithmFilingHistory.Change change;
            if (vs == null) {
                if (f.status() == AlgorithmFiling.Status.REVOKED) {
                    throw new RegistryException(Reason.INVALID_RECORD, null, "cannot revoke filing " + f.number() + ": it is not registered");
                }
                change = AlgorithmFilingHistory.Change.FILED;
            } else {
                AlgorithmFiling cur = vs.get(vs.size() - 1).filing();
                if (cur.equals(f)) {
                    return vs.get(vs.size() - 1);
                }
                if (cur.status() == AlgorithmFiling.Status.REVOKED) {
                    throw new RegistryException(Reason.INVALID_RECORD, null, "filing " + f.number() + " is revoked; it cannot change");
                }
                if (f.changedOn() == null) {
                    throw new RegistryException(Reason.INVALID_RECORD, null, "filing " + f.number() + " exists: a change needs --changed-on");
                }
                if (!f.filedOn().equals(cur.filedOn())) {
                    throw new RegistryException(Reason.INVALID_RECORD, null, "the filed-on date of " + f.number() + " cannot change (" + cur.filedOn() + ")");
                }
                if (cur.changedOn() != null && f.changedOn().isBefore(cur.changedOn())) {
                    throw new RegistryException(Reason.INVALID_RECORD, null, "changed-on " + f.changedOn() + " is before the last change " + cur.changedOn());
                }
                change = f.status() == AlgorithmFiling.Status.REVOKED ? AlgorithmFilingHistory.Change.REVOKED : AlgorithmFilingHistory.Change.CHANGED;
            }
            Instant now = options.clock().instant();
            byte[] payload = FilingCodec.encodeAlgorithm(f, change, now);
            GroupCommitWriter.Op op = new GroupCommitWriter.Op(FilingCodec.TYPE_ALGORITHM, payload, Rfc9162.leafHash(payload),
                    0, 0, RecordKeyStore.NONE, 0, null, -1, -1, null);
            long seq = await(writer.submit(op));
            store.addAlgorithm(seq, new FilingCodec.StoredAlgorithm(f, change, now));
            List<AlgorithmFilingHistory.Version> now2 = store.algorithmFilings.get(f.number());
            return now2.get(now2.size() - 1);
        }
    }

    /** The history of algorithm filing {@code number}, if registered. */
    public Optional<AlgorithmFilingHistory> algorithmFiling(String number) {
        List<AlgorithmFilingHistory.Version> vs = store.algorithmFilings.get(number);
        return vs == null ? Optional.empty() : Optional.of(new AlgorithmFilingHistory(number, vs));
    }

    /** All algorithm filings, by number. */
    public List<AlgorithmFilingHistory> algorithmFilings() {
        return store.algorithmFilings.entrySet().stream().sorted(Map.Entry.comparingByKey())
                .map(e -> new AlgorithmFilingHistory(e.getKey(), e.getValue())).toList();
    }

    // ------------------------------------------------------------------------------------------------ import and export

    /**
     * Files every record of a JSON-lines file ({@link FilingJson} schema). The whole file is validated first (schema,
     * duplicate ids within the file and against the registry, algorithm filings): one bad line and nothing is filed.
     * Then records are filed through the group-commit path with up to 16,384 in flight.
     *
     * @param progress receives the number of records filed so far
     * @throws RegistryException {@link Reason#INVALID_RECORD} naming the file and line of the first problems
     */
    public ImportReport importJsonl(Path file, LongConsumer progress) throws RegistryException {
        ensureOpen();
        List<String> errors = new ArrayList<>();
        long lines = 0;
        Set<String> seen = new HashSet<>();
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            while ((line = readBoundedLine(in)) != null) {
                lines++;
                if (line.isBlank()) {
                    continue;
                }
                try {
                    FilingRecord r = FilingJson.parse(line);
                    if (r.id() != null && (!seen.add(r.id()) || seqOf(r.id()) >= 0)) {
                        throw new IllegalArgumentException("filing id " + r.id() + " is already " + (seqOf(r.id()) >= 0 ? "in the registry" : "earlier in this file"));
                    }
                    checkAlgorithmLink(r);
                } catch (IllegalArgumentException | RegistryException e) {
                    if (errors.size() < 10) {
                        errors.add("line " + lines + ": " + e.getMessage());
                    }
                }
            }
        } catch (IOException e) {
            throw new RegistryException(Reason.UNREADABLE, file, "cannot read: " + e.getMessage(), e);
        }
        if (!errors.isEmpty()) {
            throw new RegistryException(Reason.INVALID_RECORD, file, errors.size() + (errors.size() == 10 ? "+" : "")
                    + " invalid line(s), nothing imported; " + String.join("; ", errors));
        }
        Semaphore window = new Semaphore(16_384);
        List<CompletableFuture<Receipt>> inFlight = new ArrayList<>();
        long filed = 0;
        long first = -1;
        long last = -1;
        java.util.concurrent.atomic.AtomicLong done = new java.util.concurrent.atomic.AtomicLong();
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            while ((line = readBoundedLine(in)) != null) {
                if (line.isBlank()) {
                    continue;
                }
                FilingRecord r = FilingJson.parse(line);
                window.acquireUninterruptibly();
                CompletableFuture<Receipt> f = fileAsync(r).whenComplete((x, e) -> {
                    window.release();
                    progress.accept(done.incrementAndGet());
                });
                inFlight.add(f);
                if (inFlight.size() >= 65_536) {
                    for (CompletableFuture<Receipt> g : inFlight) {
                        Receipt rc = await(g);
                        first = first < 0 ? rc.seq() : Math.min(first, rc.seq());
                        last = Math.max(last, rc.seq());
                        filed++;
                    }
                    inFlight.clear();
                }
            }
        } catch (IOException e) {
            throw new RegistryException(Reason.UNREADABLE, file, "cannot read: " + e.getMessage(), e);
        }
        for (CompletableFuture<Receipt> g : inFlight) {
            Receipt rc = await(g);
            first = first < 0 ? rc.seq() : Math.min(first, rc.seq());
            last = Math.max(last, rc.seq());
            filed++;
        }
        return new ImportReport(filed, first, last);
    }

    private void checkAlgorithmLink(FilingRecord r) throws RegistryException {
        String num = r.model().filingNumber();
        if (num == null) {
            return;
        }
        List<AlgorithmFilingHistory.Version> vs = store.algorithmFilings.get(num);
        if (vs == null) {
            throw new RegistryException(Reason.UNKNOWN_ALGORITHM_FILING, null, "algorithm filing " + num + " is not registered");
        }
        if (!vs.get(vs.size() - 1).filing().covers(r.model().name())) {
            throw new RegistryException(Reason.UNKNOWN_ALGORITHM_FILING, null, "algorithm filing " + num + " does not cover model " + r.model().name());
        }
    }

    private static String readBoundedLine(BufferedReader in) throws IOException {
        StringBuilder b = new StringBuilder();
        int c;
        while ((c = in.read()) >= 0) {
            if (c == '\n') {
                return b.toString();
            }
            if (b.length() >= FilingJson.MAX_LINE) {
                throw new IOException("a line is longer than " + FilingJson.MAX_LINE + " characters");
            }
            if (c != '\r') {
                b.append((char) c);
            }
        }
        return b.isEmpty() ? null : b.toString();
    }

    /**
     * Writes an audit export of every record whose time is in {@code [from, to]} (filings by generation time, shred and
     * algorithm-filing records by when they were logged) into {@code outDir} (created; must be empty):
     * {@code records.jsonl} (seq, leaf as base64, the record), {@code proofs.jsonl} (a {@code hallmark.proof/1} per
     * record, all against one checkpoint), {@code checkpoint.note}, {@code log.vkey}, {@code export.json} and
     * {@code SHA256SUMS} (sha256sum format, over all the other files). No clear personal data is exported.
     */
    public ExportReport export(Instant from, Instant to, Path outDir) throws RegistryException {
        ensureOpen();
        if (to.isBefore(from)) {
            throw new RegistryException(Reason.INVALID_RECORD, null, "--to is before --from");
        }
        Checkpoint c = publishCheckpoint();
        try {
            if (Files.exists(outDir)) {
                try (var s = Files.list(outDir)) {
                    if (s.findAny().isPresent()) {
                        throw new RegistryException(Reason.INVALID_RECORD, outDir, "export folder is not empty");
                    }
                }
            }
            Files.createDirectories(outDir);
            Map<String, String> sums = new LinkedHashMap<>();
            long count = 0;
            MessageDigest recDigest = Bytes.sha256();
            MessageDigest proofDigest = Bytes.sha256();
            try (BufferedWriter recs = writer(outDir.resolve("records.jsonl"), recDigest);
                 BufferedWriter proofs = writer(outDir.resolve("proofs.jsonl"), proofDigest)) {
                for (long seq = 0; seq < c.treeSize(); seq++) {
                    byte[] leaf = payload(seq);
                    JsonNode n = Json.parse(leaf);
                    Instant t = Times.parse(n.path("time").asText());
                    if (t.isBefore(from) || t.isAfter(to)) {
                        continue;
                    }
                    Map<String, Object> line = new LinkedHashMap<>();
                    line.put("seq", seq);
                    line.put("leaf", Base64.getEncoder().encodeToString(leaf));
                    line.put("record", n);
                    recs.write(Json.MAPPER.writeValueAsString(line));
                    recs.write('\n');
                    InclusionProof p = new InclusionProof(leaf, seq, c.treeSize(), store.tree.inclusionPath(seq, c.treeSize()), c.note());
                    proofs.write(Json.MAPPER.writeValueAsString(p.toJson()));
                    proofs.write('\n');
                    count++;
                }
            }
            sums.put("records.jsonl", Bytes.hex(recDigest.digest()));
            sums.put("proofs.jsonl", Bytes.hex(proofDigest.digest()));
            sums.put("checkpoint.note", writeSmall(outDir.resolve("checkpoint.note"), c.note()));
            sums.put("log.vkey", writeSmall(outDir.resolve("log.vkey"), c.verifierKey() + "\n"));
            Map<String, Object> meta = new LinkedHashMap<>();
            meta.put("schema", "hallmark.export/1");
            meta.put("origin", c.origin());
            meta.put("from", Times.format(from));
            meta.put("to", Times.format(to));
            meta.put("records", count);
            meta.put("treeSize", c.treeSize());
            meta.put("rootHash", c.rootHashHex());
            meta.put("publicKey", Base64.getEncoder().encodeToString(c.publicKey()));
            meta.put("exportedAt", Times.format(options.clock().instant()));
            sums.put("export.json", writeSmall(outDir.resolve("export.json"),
                    Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(meta) + "\n"));
            StringBuilder sb = new StringBuilder();
            sums.entrySet().stream().sorted(Map.Entry.comparingByKey())
                    .forEach(e -> sb.append(e.getValue()).append("  ").append(e.getKey()).append('\n'));
            writeSmall(outDir.resolve("SHA256SUMS"), sb.toString());
            AtomicFiles.fsyncDirectory(outDir);
            List<String> files = new ArrayList<>(sums.keySet());
            files.add("SHA256SUMS");
            files.sort(Comparator.naturalOrder());
            return new ExportReport(outDir, count, c.treeSize(), files);
        } catch (IOException e) {
            throw new RegistryException(Reason.WRITE_FAILED, outDir, "export failed: " + e.getMessage(), e);
        }
    }

    private static BufferedWriter writer(Path p, MessageDigest d) throws IOException {
        OutputStream o = new DigestOutputStream(Files.newOutputStream(p, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE), d);
        return new BufferedWriter(new java.io.OutputStreamWriter(o, StandardCharsets.UTF_8), 1 << 16);
    }

    private static String writeSmall(Path p, String content) throws IOException {
        byte[] b = content.getBytes(StandardCharsets.UTF_8);
        Files.write(p, b, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        return Bytes.hex(Bytes.sha256(b));
    }

    // ------------------------------------------------------------------------------------------------ index source

    /** Feeds the search index from the journal (catch-up after restart or backlog, and shredding). */
    private final class Source implements IndexSource {
        @Override
        public long durableSize() {
            return store.size();
        }

        @Override
        public List<IndexItem> read(long from, int max) throws IOException {
            long to = Math.min(store.size(), from + max);
            List<IndexItem> out = new ArrayList<>((int) Math.max(0, to - from));
            for (long s = from; s < to; s++) {
                byte t = store.type(s);
                if (t == FilingCodec.TYPE_FILING) {
                    out.add(load(s));
                } else if (t == FilingCodec.TYPE_SHRED) {
                    out.add(new IndexItem.ShredDoc(s, FilingCodec.decodeShred(Json.parse(store.payload(s))).targetSeq()));
                } else {
                    out.add(new IndexItem.Skip(s));
                }
            }
            return out;
        }

        @Override
        public IndexItem.FilingDoc load(long seq) throws IOException {
            try {
                Filing f = FilingRegistry.this.read(seq);
                return new IndexItem.FilingDoc(seq, f.record(), f.personalData() == Filing.PersonalData.SHREDDED);
            } catch (RegistryException e) {
                throw new IOException(e.getMessage(), e);
            }
        }
    }

    // ------------------------------------------------------------------------------------------------ close

    /**
     * Writes what is queued, signs a final checkpoint, commits the search index, and releases the folder. Filings
     * submitted after close fail with {@link Reason#CLOSED}.
     */
    @Override
    public void close() throws RegistryException {
        if (closed) {
            return;
        }
        closed = true;
        // never interrupt: an interrupted FileChannel operation closes the channel
        checkpointer.shutdown();
        try {
            checkpointer.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        writer.close();
        RegistryException err = null;
        if (writer.failure() == null) {
            try {
                publishCheckpoint();
            } catch (RegistryException e) {
                err = e;
            }
        }
        try {
            if (index != null) {
                index.close();
            }
        } catch (IOException e) {
            err = err != null ? err : new RegistryException(Reason.WRITE_FAILED, store.dir.resolve(Store.INDEX), "closing the search index: " + e.getMessage(), e);
        }
        try {
            store.entries.force();
            store.close();
        } catch (IOException e) {
            err = err != null ? err : new RegistryException(Reason.WRITE_FAILED, store.dir, "closing the registry: " + e.getMessage(), e);
        }
        if (err != null) {
            throw err;
        }
    }

    private static void closeQuietly(AutoCloseable c) {
        if (c != null) {
            try {
                c.close();
            } catch (Exception ignored) {
                // already failing
            }
        }
    }

    /**
     * Group commit statistics since open, for benchmarks: {groups written, records, fsync rounds, nanoseconds in fsync,
     * nanoseconds writing}.
     */
    public long[] writerStats() {
        return writer.stats();
    }
}
