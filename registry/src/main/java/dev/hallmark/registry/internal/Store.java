package dev.hallmark.registry.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hallmark.registry.AlgorithmFilingHistory;
import dev.hallmark.registry.RegistryException;
import dev.hallmark.registry.RegistryException.Reason;
import dev.hallmark.registry.RegistryOptions;
import dev.hallmark.registry.journal.Journal;
import dev.hallmark.registry.journal.SegmentFormat;
import dev.hallmark.registry.journal.SegmentScanner;
import dev.hallmark.registry.keys.LogKeys;
import dev.hallmark.registry.keys.RecordKeyStore;
import dev.hallmark.registry.merkle.MerkleTree;
import dev.hallmark.registry.merkle.Rfc9162;
import dev.hallmark.registry.note.SignedNote;
import dev.hallmark.registry.note.TlogCheckpoint;
import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The registry's files and in-memory indexes, and crash recovery. Folder layout:
 * <pre>
 * registry.meta             origin of the log (text + CRC32C)
 * LOCK                      held by the process that has the registry open
 * journal/NNNN...NNNN.seg   the append-only journal (source of truth)
 * tree/entries.dat          per-record leaf hash, id, offset, type (derived)
 * vault/record-keys.dat     per-record data keys, wrapped (crypto-shredding deletes them)
 * checkpoints/latest.note   newest signed checkpoint (C2SP signed note)
 * checkpoints/history.log   every published checkpoint
 * index/                    Lucene search index (derived)
 * quarantine/               bytes cut from a torn journal tail, kept for inspection
 * </pre>
 */
public final class Store implements Closeable {
    public static final String JOURNAL = "journal";
    public static final String ENTRIES = "tree/entries.dat";
    public static final String VAULT = "vault/record-keys.dat";
    public static final String INDEX = "index";
    public static final String QUARANTINE = "quarantine";
    public static final String LOCK = "LOCK";

    public final Path dir;
    public final RegistryOptions options;
    public final LogKeys keys;
    public final RegistryMeta meta;
    public final Journal journal;
    public final EntryIndex entries;
    public final RecordKeyStore vault;
    public final CheckpointLog checkpoints;
    public final MerkleTree tree = new MerkleTree();
    public final IdMap ids;
    public final LongList offsets = new LongList();
    public final ByteList types = new ByteList();
    /** Algorithm filings by number, versions oldest first. */
    public final Map<String, List<AlgorithmFilingHistory.Version>> algorithmFilings = new ConcurrentHashMap<>();
    /** Notes about what recovery did (tail quarantined, index rebuilt). */
    public final List<String> recoveryNotes = new ArrayList<>();
    /** Whether the last segment ends with a seal (the writer must start a new segment). */
    public boolean lastSegmentSealed;
    /** Tree size of the last verified checkpoint (0 if none). */
    public long lastCheckpointSize;
    public byte[] lastCheckpointRoot;

    private final FileChannel lockChannel;
    private final FileLock lock;
    private volatile long size;

    private Store(Path dir, RegistryOptions options, LogKeys keys, RegistryMeta meta, Journal journal, EntryIndex entries,
            RecordKeyStore vault, CheckpointLog checkpoints, FileChannel lockChannel, FileLock lock, int expected) {
        this.dir = dir;
        this.options = options;
        this.keys = keys;
        this.meta = meta;
        this.journal = journal;
        this.entries = entries;
        this.vault = vault;
        this.checkpoints = checkpoints;
        this.lockChannel = lockChannel;
        this.lock = lock;
        this.ids = new IdMap(expected);
    }

    /** Number of durable records (= tree size). */
    public long size() {
        return size;
    }

    /** Publishes a new durable size (writer thread, after appending to the tree). */
    public void publishSize(long n) {
        size = n;
    }

    /** Takes the folder lock, loads or creates keys and metadata, and recovers. */
    public static Store open(Path dir, Path keysDir, RegistryOptions o) throws RegistryException {
        FileChannel lockCh = null;
        FileLock lock = null;
        try {
            AtomicFiles.ensureDirectory(dir);
            Path lockFile = dir.resolve(LOCK);
            lockCh = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            try {
                lock = lockCh.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null;
            }
            if (lock == null) {
                lockCh.close();
                throw new RegistryException(Reason.LOCKED, dir, "the registry is open in another process (or twice in this one); close it first");
            }
        } catch (IOException e) {
            closeQuietly(lockCh);
            throw new RegistryException(Reason.UNREADABLE, dir, "cannot open the registry folder: " + e.getMessage(), e);
        }
        Store s = null;
        try {
            RegistryMeta meta;
            LogKeys keys;
            Path metaFile = dir.resolve(RegistryMeta.FILE);
            if (!Files.exists(metaFile)) {
                if (Files.isDirectory(dir.resolve(JOURNAL)) && hasSegments(dir.resolve(JOURNAL))) {
                    throw new RegistryException(Reason.CORRUPT, metaFile, "registry metadata is missing but the journal has records");
                }
                String origin = o.origin() != null ? o.origin()
                        : "hallmark.registry/" + HexFormat.of().formatHex(dev.hallmark.registry.keys.Sealer.random(8));
                keys = LogKeys.loadOrCreate(keysDir, origin, o.passphrase());
                meta = new RegistryMeta(keys.origin(), o.clock().instant());
                meta.write(dir);
            } else {
                meta = RegistryMeta.read(dir);
                if (!LogKeys.exists(keysDir)) {
                    throw new RegistryException(Reason.KEY_UNAVAILABLE, keysDir.resolve(LogKeys.KEY_FILE),
                            "the key of registry " + meta.origin() + " is not in this keys folder");
                }
                keys = LogKeys.load(keysDir, o.passphrase());
            }
            if (!keys.origin().equals(meta.origin())) {
                throw new RegistryException(Reason.TAMPERED, keysDir.resolve(LogKeys.KEY_FILE),
                        "this key belongs to log " + keys.origin() + " but the registry is log " + meta.origin());
            }
            Journal journal = Journal.open(dir.resolve(JOURNAL), o.maxSegmentBytes());
            EntryIndex entries = EntryIndex.open(dir.resolve(ENTRIES), false);
            AtomicFiles.ensureDirectory(dir.resolve("vault"));
            RecordKeyStore vault = RecordKeyStore.open(dir.resolve(VAULT), keys.kek(), false);
            CheckpointLog cps = CheckpointLog.open(dir);
            long expected = Math.max(entries.count(), 1024);
            s = new Store(dir, o, keys, meta, journal, entries, vault, cps, lockCh, lock, (int) Math.min(expected, 1 << 28));
            s.recover();
            return s;
        } catch (RegistryException e) {
            if (s != null) {
                s.closeQuietly();
            } else {
                releaseLock(lock, lockCh);
            }
            throw e;
        } catch (IOException | RuntimeException e) {
            if (s != null) {
                s.closeQuietly();
            } else {
                releaseLock(lock, lockCh);
            }
            throw new RegistryException(Reason.UNREADABLE, dir, "cannot open the registry: " + e, e);
        }
    }

    private static boolean hasSegments(Path journalDir) throws IOException {
        try (var s = Files.list(journalDir)) {
            return s.anyMatch(p -> SegmentFormat.parseName(p.getFileName().toString()) >= 0);
        }
    }

    // ------------------------------------------------------------------------------------------------ recovery

    private void recover() throws RegistryException, IOException {
        loadCheckpointFloor();
        long trusted = loadEntries();
        scanTail(trusted);
        checkCheckpoint();
        loadAlgorithmFilings();
    }

    /** Reads the latest checkpoint (signature checked) so recovery never cuts below it. */
    private void loadCheckpointFloor() throws RegistryException, IOException {
        Path f = dir.resolve(CheckpointLog.DIR).resolve(CheckpointLog.LATEST);
        String note;
        try {
            note = CheckpointLog.latest(dir);
        } catch (IOException e) {
            throw new RegistryException(Reason.CORRUPT, f, "cannot read the latest checkpoint: " + e.getMessage(), e);
        }
        if (note == null) {
            return;
        }
        TlogCheckpoint c = verifyNote(note, f);
        lastCheckpointSize = c.size();
        lastCheckpointRoot = c.rootHash();
    }

    /** Parses and verifies a signed checkpoint of this log. */
    public TlogCheckpoint verifyNote(String note, Path file) throws RegistryException {
        SignedNote n;
        TlogCheckpoint c;
        try {
            n = SignedNote.parse(note);
            c = TlogCheckpoint.parse(n.text());
        } catch (IllegalArgumentException e) {
            throw new RegistryException(Reason.CORRUPT, file, "checkpoint is malformed: " + e.getMessage());
        }
        if (n.verify(keys.verifier()) != SignedNote.Verification.VALID) {
            throw new RegistryException(Reason.TAMPERED, file, "checkpoint signature does not verify with the registry key");
        }
        if (!c.origin().equals(meta.origin())) {
            throw new RegistryException(Reason.TAMPERED, file, "checkpoint is for log " + c.origin() + ", not " + meta.origin());
        }
        return c;
    }

    /** Loads the sound prefix of the entry index; returns how many entries are trusted. */
    private long loadEntries() throws IOException {
        final int chunk = 65_536;
        long count = entries.count();
        long n = 0;
        EntryIndex.Entry last = null;
        while (n < count) {
            int want = (int) Math.min(chunk, count - n);
            List<EntryIndex.Entry> es = entries.read(n, want);
            if (!es.isEmpty()) {
                last = es.get(es.size() - 1);
            }
            n += es.size();
            if (es.size() < want) {
                break;
            }
        }
        if (n > 0) {
            // the last trusted entry must match the journal, or the entry index is from another history: rebuild it
            boolean ok;
            try {
                byte[] payload = journal.read(last.seq(), last.offset());
                ok = MessageDigest.isEqual(Rfc9162.leafHash(payload), last.leafHash());
            } catch (IOException ex) {
                ok = false;
            }
            if (!ok) {
                recoveryNotes.add("entry index disagrees with the journal at seq " + last.seq() + "; rebuilding it from the journal");
                n = 0;
            }
        }
        if (n < count) {
            recoveryNotes.add("entry index had " + count + " entries, " + n + " usable; rebuilt the rest from the journal");
        }
        long loaded = 0;
        while (loaded < n) {
            List<EntryIndex.Entry> es = entries.read(loaded, (int) Math.min(chunk, n - loaded));
            for (EntryIndex.Entry e : es) {
                addToMemory(e.seq(), e.leafHash(), e.idHi(), e.idLo(), e.offset(), e.type());
            }
            loaded += es.size();
        }
        return n;
    }

    private void addToMemory(long seq, byte[] leafHash, long idHi, long idLo, long offset, byte type) {
        tree.append(leafHash);
        offsets.add(offset);
        types.add(type);
        if (type == FilingCodec.TYPE_FILING) {
            ids.put(idHi, idLo, seq);
        }
    }

    /** Scans the journal after the trusted entries: rebuilds their entries, cuts a torn tail, reconciles shreds. */
    private void scanTail(long trusted) throws RegistryException, IOException {
        List<Map.Entry<Long, Path>> segs = journal.segments();
        if (segs.isEmpty()) {
            if (trusted > 0) {
                throw new RegistryException(Reason.CORRUPT, journal.dir(), "the journal is empty but the entry index lists " + trusted + " records");
            }
            finishTail(0);
            return;
        }
        if (segs.get(0).getKey() != 0) {
            throw new RegistryException(Reason.CORRUPT, segs.get(0).getValue(),
                    "the journal starts at seq " + segs.get(0).getKey() + ": records before it are missing");
        }
        int segIdx = 0;
        long startOffset = SegmentFormat.HEADER;
        long nextSeq = 0;
        if (trusted > 0) {
            long lastSeq = trusted - 1;
            Map.Entry<Long, Path> seg = journal.segmentOf(lastSeq);
            for (int i = 0; i < segs.size(); i++) {
                if (segs.get(i).getKey().equals(seg.getKey())) {
                    segIdx = i;
                }
            }
            byte[] p = journal.read(lastSeq, offsets.get((int) lastSeq));
            startOffset = offsets.get((int) lastSeq) + SegmentFormat.RECORD_HEADER + p.length;
            nextSeq = trusted;
        }
        ByteBuffer newEntries = ByteBuffer.allocate(64 * 4096);
        long newEntriesFirst = nextSeq;
        for (int i = segIdx; i < segs.size(); i++) {
            long first = segs.get(i).getKey();
            Path file = segs.get(i).getValue();
            boolean lastSeg = i == segs.size() - 1;
            if (first != nextSeq && !(i == segIdx)) {
                throw new RegistryException(Reason.CORRUPT, file,
                        "sequence gap between segments: expected a segment starting at " + nextSeq + ", found " + first);
            }
            try (SegmentScanner sc = new SegmentScanner(file, first, i == segIdx ? startOffset : SegmentFormat.HEADER, nextSeq)) {
                if (sc.headerProblem() != null) {
                    if (lastSeg && sc.size() <= SegmentFormat.HEADER + SegmentFormat.RECORD_HEADER && first >= lastCheckpointSize) {
                        Path q = journal.quarantineTail(first, 0, dir.resolve(QUARANTINE), "segment header torn: " + sc.headerProblem());
                        recoveryNotes.add("removed a half-created segment " + file.getFileName() + " (" + sc.headerProblem() + "), kept in " + q);
                        lastSegmentSealed = true;
                        break;
                    }
                    throw new RegistryException(Reason.CORRUPT, file, "segment header: " + sc.headerProblem());
                }
                lastSegmentSealed = false;
                while (true) {
                    SegmentScanner.Item item = sc.next();
                    if (item instanceof SegmentScanner.Rec r) {
                        String cut = admit(r, file);
                        if (cut != null) {
                            flushEntries(newEntries, newEntriesFirst);
                            cutTail(first, r.offset(), r.seq(), file, lastSeg, cut);
                            newEntries.clear();
                            finishTail(r.seq());
                            return;
                        }
                        appendEntry(newEntries, r);
                        if (!newEntries.hasRemaining()) {
                            newEntriesFirst = flushEntries(newEntries, newEntriesFirst);
                        }
                        nextSeq = r.seq() + 1;
                    } else if (item instanceof SegmentScanner.Sealed s) {
                        if (s.trailing()) {
                            throw new RegistryException(Reason.CORRUPT, file, "bytes follow the seal at offset " + s.offset());
                        }
                        if (lastSeg) {
                            lastSegmentSealed = true;
                        }
                        break;
                    } else if (item instanceof SegmentScanner.End) {
                        if (!lastSeg) {
                            throw new RegistryException(Reason.CORRUPT, file, "segment is not sealed but a later segment exists (records may be missing)");
                        }
                        break;
                    } else if (item instanceof SegmentScanner.Bad b) {
                        if (lastSeg && b.tornTail()) {
                            flushEntries(newEntries, newEntriesFirst);
                            cutTail(first, b.offset(), b.expectedSeq(), file, true, b.problem());
                            finishTail(b.expectedSeq());
                            return;
                        }
                        throw new RegistryException(Reason.CORRUPT, file,
                                "record seq " + b.expectedSeq() + " at offset " + b.offset() + ": " + b.problem());
                    }
                }
            }
        }
        flushEntries(newEntries, newEntriesFirst);
        finishTail(nextSeq);
    }

    /** Checks a scanned tail record; returns why it must be cut (unacknowledged), or null to keep it. */
    private String admit(SegmentScanner.Rec r, Path file) throws RegistryException, IOException {
        RecordKeyStore.Slot slot = vault.read(r.seq());
        if (!slot.valid()) {
            return "its record-key slot was never made durable (write not acknowledged)";
        }
        JsonNode n;
        byte type;
        try {
            n = Json.parse(r.payload());
            type = FilingCodec.typeOf(n);
        } catch (IOException e) {
            throw new RegistryException(Reason.CORRUPT, file, "record seq " + r.seq() + " at offset " + r.offset()
                    + " has a sound checksum but an invalid payload (" + e.getMessage() + ")");
        }
        long hi = 0;
        long lo = 0;
        if (type == FilingCodec.TYPE_FILING) {
            String id = n.path("id").asText("");
            if (!Ulid.isValid(id)) {
                throw new RegistryException(Reason.CORRUPT, file, "record seq " + r.seq() + " has no valid id");
            }
            long[] b = Ulid.bits(id);
            hi = b[0];
            lo = b[1];
            if (ids.get(hi, lo) >= 0) {
                throw new RegistryException(Reason.CORRUPT, file, "record seq " + r.seq() + " repeats filing id " + id);
            }
        } else if (type == FilingCodec.TYPE_SHRED) {
            FilingCodec.StoredShred sh = FilingCodec.decodeShred(n);
            if (sh.targetSeq() >= r.seq()) {
                throw new RegistryException(Reason.CORRUPT, file, "shred record seq " + r.seq() + " targets a later record");
            }
            RecordKeyStore.Slot t = vault.read(sh.targetSeq());
            if (t.valid() && t.state() == RecordKeyStore.LIVE) {
                // the shred was logged but the crash came before the key was deleted: finish it now
                vault.shred(sh.targetSeq(), t.retainUntilEpochSecond(), r.seq(), sh.time().toEpochMilli());
                vault.force();
                recoveryNotes.add("completed the crypto-shredding of seq " + sh.targetSeq() + " logged at seq " + r.seq());
            }
        }
        addToMemory(r.seq(), Rfc9162.leafHash(r.payload()), hi, lo, r.offset(), type);
        lastHi = hi;
        lastLo = lo;
        return null;
    }

    private long lastHi;
    private long lastLo;

    private void appendEntry(ByteBuffer buf, SegmentScanner.Rec r) {
        EntryIndex.encode(buf, r.seq(), tree.leafHash(r.seq()), lastHi, lastLo, r.offset(), types.get((int) r.seq()));
    }

    private long flushEntries(ByteBuffer buf, long first) throws IOException {
        buf.flip();
        int n = buf.remaining() / EntryIndex.ENTRY;
        entries.write(first, buf);
        buf.clear();
        return first + n;
    }

    private void cutTail(long segFirst, long offset, long seq, Path file, boolean lastSeg, String why) throws RegistryException, IOException {
        if (!lastSeg) {
            throw new RegistryException(Reason.CORRUPT, file, "record seq " + seq + " at offset " + offset + ": " + why);
        }
        if (seq < lastCheckpointSize) {
            throw new RegistryException(Reason.CORRUPT, file, "record seq " + seq + " at offset " + offset + ": " + why
                    + "; it is covered by the signed checkpoint of size " + lastCheckpointSize + ", so this is damage, not a torn write");
        }
        Path q = journal.quarantineTail(segFirst, offset, dir.resolve(QUARANTINE), "seq " + seq + ": " + why);
        recoveryNotes.add("cut the journal's torn tail at seq " + seq + " (" + why + "); bytes kept in " + q);
    }

    private void finishTail(long n) throws IOException {
        vault.truncate(n);
        entries.truncate(n);
        entries.force();
        size = n;
        if (tree.size() != n) {
            throw new IllegalStateException("tree size " + tree.size() + " != journal size " + n);
        }
    }

    private void checkCheckpoint() throws RegistryException {
        if (lastCheckpointRoot == null) {
            return;
        }
        Path f = dir.resolve(CheckpointLog.DIR).resolve(CheckpointLog.LATEST);
        if (lastCheckpointSize > size) {
            throw new RegistryException(Reason.TAMPERED, f, "the signed checkpoint covers " + lastCheckpointSize
                    + " records but the journal holds " + size + ": records were removed");
        }
        if (!MessageDigest.isEqual(tree.root(lastCheckpointSize), lastCheckpointRoot)) {
            throw new RegistryException(Reason.TAMPERED, f, "the journal's Merkle root at size " + lastCheckpointSize
                    + " differs from the signed checkpoint: records were altered");
        }
    }

    private void loadAlgorithmFilings() throws RegistryException {
        long n = size;
        for (int i = 0; i < n; i++) {
            if (types.get(i) == FilingCodec.TYPE_ALGORITHM) {
                try {
                    FilingCodec.StoredAlgorithm a = FilingCodec.decodeAlgorithm(Json.parse(payload(i)));
                    addAlgorithm(i, a);
                } catch (IOException e) {
                    throw new RegistryException(Reason.CORRUPT, journal.segmentOf(i).getValue(),
                            "algorithm filing record seq " + i + ": " + e.getMessage());
                }
            }
        }
    }

    /** Records an algorithm-filing version in memory. */
    public void addAlgorithm(long seq, FilingCodec.StoredAlgorithm a) {
        algorithmFilings.compute(a.filing().number(), (k, v) -> {
            List<AlgorithmFilingHistory.Version> l = v == null ? new ArrayList<>() : new ArrayList<>(v);
            l.add(new AlgorithmFilingHistory.Version(seq, a.time(), a.change(), a.filing()));
            return List.copyOf(l);
        });
    }

    // ------------------------------------------------------------------------------------------------ reads

    /** The checked payload of record {@code seq} (seq < size). */
    public byte[] payload(long seq) throws IOException {
        return journal.read(seq, offsets.get((int) seq));
    }

    public byte type(long seq) {
        return types.get((int) seq);
    }

    // ------------------------------------------------------------------------------------------------ close

    private static void closeQuietly(Closeable c) {
        if (c != null) {
            try {
                c.close();
            } catch (IOException ignored) {
                // closing
            }
        }
    }

    private static void releaseLock(FileLock lock, FileChannel ch) {
        try {
            if (lock != null) {
                lock.release();
            }
        } catch (IOException ignored) {
            // closing
        }
        closeQuietly(ch);
    }

    private void closeQuietly() {
        try {
            close();
        } catch (IOException ignored) {
            // closing after a failure
        }
    }

    @Override
    public void close() throws IOException {
        IOException first = null;
        for (Closeable c : new Closeable[] {journal, entries, vault, checkpoints}) {
            try {
                if (c != null) {
                    c.close();
                }
            } catch (IOException e) {
                if (first == null) {
                    first = e;
                }
            }
        }
        releaseLock(lock, lockChannel);
        if (first != null) {
            throw first;
        }
    }
}
