package dev.hallmark.registry;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hallmark.registry.RegistryException.Reason;
import dev.hallmark.registry.VerifyReport.Code;
import dev.hallmark.registry.VerifyReport.Problem;
import dev.hallmark.registry.internal.CheckpointLog;
import dev.hallmark.registry.internal.EntryIndex;
import dev.hallmark.registry.internal.FilingCodec;
import dev.hallmark.registry.internal.Json;
import dev.hallmark.registry.internal.RegistryMeta;
import dev.hallmark.registry.internal.Store;
import dev.hallmark.registry.internal.Ulid;
import dev.hallmark.registry.journal.Journal;
import dev.hallmark.registry.journal.SegmentScanner;
import dev.hallmark.registry.keys.LogKeys;
import dev.hallmark.registry.keys.RecordKeyStore;
import dev.hallmark.registry.merkle.MerkleTree;
import dev.hallmark.registry.merkle.Rfc9162;
import dev.hallmark.registry.note.SignedNote;
import dev.hallmark.registry.note.TlogCheckpoint;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.LongConsumer;
import org.apache.lucene.index.CheckIndex;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.LeafReader;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.util.Bits;

/**
 * {@code audit verify}: reads every registry file without changing any and reports every problem with the file and,
 * where it applies, the record's sequence number and byte offset. Checks: segment headers, record lengths, CRC32C and
 * sequence continuity, seals; payload schemas and unique ids; the Merkle tree recomputed from the journal against
 * every signed checkpoint (signature, origin, root); the checkpoint history's CRCs; the entry index against the
 * journal; every record-key slot (CRC, sequence, key unwraps, shredded exactly when a shred record says so); the
 * search index (Lucene checksums of every file, one document per indexed filing, shredded prompts absent); the key
 * file and metadata checksums.
 *
 * <p>Security: fails closed — a check that cannot run (missing key, unreadable file) is a problem, not a pass.
 */
public final class RegistryVerifier {
    private final Path dir;
    private final Path keysDir;
    private final RegistryOptions options;
    private final LongConsumer progress;
    private final List<Problem> problems = new ArrayList<>();
    private final MerkleTree tree = new MerkleTree();
    private final dev.hallmark.registry.internal.LongList offsets = new dev.hallmark.registry.internal.LongList();
    private final dev.hallmark.registry.internal.ByteList types = new dev.hallmark.registry.internal.ByteList();
    private final dev.hallmark.registry.internal.LongList idHi = new dev.hallmark.registry.internal.LongList();
    private final dev.hallmark.registry.internal.LongList idLo = new dev.hallmark.registry.internal.LongList();
    private final Map<Long, Long> shredOf = new HashMap<>();
    private final BitSet sealed = new BitSet();
    private final BitSet hasPrompt = new BitSet();
    private LogKeys keys;
    private RegistryMeta meta;
    private long checkpointsChecked;
    private long indexedDocs = -1;

    private RegistryVerifier(Path dir, Path keysDir, RegistryOptions options, LongConsumer progress) {
        this.dir = dir;
        this.keysDir = keysDir;
        this.options = options;
        this.progress = progress;
    }

    /**
     * Verifies the registry in {@code dir}. Takes the folder lock (the registry must not be open elsewhere).
     *
     * @param progress receives the number of journal records checked so far
     * @throws RegistryException only when the check cannot start ({@link Reason#LOCKED}, folder missing)
     */
    public static VerifyReport verify(Path dir, Path keysDir, RegistryOptions options, LongConsumer progress) throws RegistryException {
        if (!Files.isDirectory(dir)) {
            throw new RegistryException(Reason.UNREADABLE, dir, "no registry here");
        }
        try (FileChannel lockCh = FileChannel.open(dir.resolve(Store.LOCK), StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            FileLock lock;
            try {
                lock = lockCh.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null;
            }
            if (lock == null) {
                throw new RegistryException(Reason.LOCKED, dir, "the registry is open in another process; close it before verifying");
            }
            try {
                RegistryVerifier v = new RegistryVerifier(dir, keysDir, options, progress);
                v.run();
                long n = v.tree.size();
                return new VerifyReport(v.problems, n, v.checkpointsChecked, v.indexedDocs, v.tree.root(n));
            } finally {
                lock.release();
            }
        } catch (IOException e) {
            throw new RegistryException(Reason.UNREADABLE, dir, "cannot verify: " + e.getMessage(), e);
        }
    }

    private void problem(Code code, Path file, long seq, long offset, String detail) {
        if (problems.size() < 1000) {
            problems.add(new Problem(code, file, seq, offset, detail));
        }
    }

    private void run() throws IOException {
        try {
            meta = RegistryMeta.read(dir);
        } catch (RegistryException e) {
            problem(Code.KEY, e.file(), -1, -1, e.getMessage().substring(e.file() == null ? 0 : e.file().toString().length() + 2));
        }
        try {
            keys = LogKeys.load(keysDir, options.passphrase());
            if (meta != null && !keys.origin().equals(meta.origin())) {
                problem(Code.KEY, keysDir.resolve(LogKeys.KEY_FILE), -1, -1, "key is for log " + keys.origin() + ", registry is " + meta.origin());
                keys = null;
            }
        } catch (RegistryException e) {
            problem(Code.KEY, e.file(), -1, -1, detail(e));
        }
        checkPublicKeyFile();
        checkJournal();
        checkEntries();
        checkVault();
        checkCheckpoints();
        checkSearchIndex();
    }

    private static String detail(RegistryException e) {
        String m = e.getMessage();
        String prefix = e.file() == null ? null : e.file() + ": ";
        return prefix != null && m.startsWith(prefix) ? m.substring(prefix.length()) : m;
    }

    private void checkPublicKeyFile() {
        if (keys == null) {
            return;
        }
        Path pub = keysDir.resolve(LogKeys.PUB_FILE);
        try {
            if (Files.exists(pub) && !Files.readString(pub, StandardCharsets.UTF_8).equals(keys.verifier().vkey() + "\n")) {
                problem(Code.KEY, pub, -1, -1, "public key file does not match the registry key");
            }
        } catch (IOException e) {
            problem(Code.KEY, pub, -1, -1, "unreadable: " + e.getMessage());
        }
    }

    // ------------------------------------------------------------------------------------------------ journal

    private void checkJournal() throws IOException {
        Journal j;
        try {
            j = Journal.open(dir.resolve(Store.JOURNAL), Long.MAX_VALUE);
        } catch (RegistryException e) {
            problem(Code.UNREADABLE, e.file(), -1, -1, detail(e));
            return;
        }
        try (j) {
            var segs = j.segments();
            long next = 0;
            boolean treeBroken = false;
            dev.hallmark.registry.internal.IdMap ids = new dev.hallmark.registry.internal.IdMap(1 << 16);
            for (int i = 0; i < segs.size(); i++) {
                long first = segs.get(i).getKey();
                Path file = segs.get(i).getValue();
                boolean last = i == segs.size() - 1;
                if (first != next) {
                    problem(Code.SEQUENCE_GAP, file, next, -1, "segment starts at seq " + first + " but the previous one ended before seq " + next);
                    treeBroken = true;
                }
                try (SegmentScanner sc = new SegmentScanner(file, first)) {
                    if (sc.headerProblem() != null) {
                        problem(Code.CHECKSUM, file, -1, 0, "segment header: " + sc.headerProblem());
                        treeBroken = true;
                        next = first;
                        continue;
                    }
                    boolean ended = false;
                    while (!ended) {
                        SegmentScanner.Item it = sc.next();
                        switch (it) {
                            case SegmentScanner.Rec r -> {
                                if (!treeBroken) {
                                    admit(r, file, ids);
                                }
                                next = r.seq() + 1;
                                if ((next & 0xFFFF) == 0) {
                                    progress.accept(next);
                                }
                            }
                            case SegmentScanner.Sealed s -> {
                                if (s.trailing()) {
                                    problem(Code.CHECKSUM, file, -1, s.offset(), "bytes follow the segment seal");
                                }
                                if (last) {
                                    // a sealed last segment is fine (crash during a roll); nothing to report
                                }
                                ended = true;
                            }
                            case SegmentScanner.End e -> {
                                if (!last) {
                                    problem(Code.TRUNCATED, file, next, e.offset(), "segment ends without a seal but later segments exist");
                                }
                                ended = true;
                            }
                            case SegmentScanner.Bad b -> {
                                Code code = b.problem().contains("gap") ? Code.SEQUENCE_GAP
                                        : b.problem().contains("past end") || b.problem().contains("truncated") ? Code.TRUNCATED : Code.CHECKSUM;
                                problem(code, file, b.expectedSeq(), b.offset(), b.problem()
                                        + (b.tornTail() && last ? " (torn tail: opening the registry will cut it)" : ""));
                                treeBroken = true;
                                next = b.expectedSeq();
                                ended = true;
                            }
                        }
                    }
                }
            }
            progress.accept(next);
        }
    }

    private void admit(SegmentScanner.Rec r, Path file, dev.hallmark.registry.internal.IdMap ids) {
        tree.append(Rfc9162.leafHash(r.payload()));
        offsets.add(r.offset());
        long[] bits = {0, 0};
        byte type = 0;
        try {
            JsonNode n = Json.parse(r.payload());
            type = FilingCodec.typeOf(n);
            switch (type) {
                case FilingCodec.TYPE_FILING -> {
                    FilingCodec.StoredFiling f = FilingCodec.decodeFiling(n);
                    bits = Ulid.bits(f.record().id());
                    if (!ids.put(bits[0], bits[1], r.seq())) {
                        problem(Code.INVALID_RECORD, file, r.seq(), r.offset(), "filing id " + f.record().id() + " appears twice");
                    }
                    if (f.sealed() != null) {
                        sealed.set((int) r.seq());
                    }
                    if (f.promptHash() != null) {
                        hasPrompt.set((int) r.seq());
                    }
                }
                case FilingCodec.TYPE_SHRED -> {
                    FilingCodec.StoredShred s = FilingCodec.decodeShred(n);
                    if (s.targetSeq() < 0 || s.targetSeq() >= r.seq() || types.get((int) s.targetSeq()) != FilingCodec.TYPE_FILING) {
                        problem(Code.INVALID_RECORD, file, r.seq(), r.offset(), "shred record targets seq " + s.targetSeq() + ", which is not an earlier filing");
                    } else if (shredOf.putIfAbsent(s.targetSeq(), r.seq()) != null) {
                        problem(Code.INVALID_RECORD, file, r.seq(), r.offset(), "seq " + s.targetSeq() + " is shredded twice");
                    }
                }
                default -> FilingCodec.decodeAlgorithm(n);
            }
        } catch (IOException | IllegalArgumentException e) {
            problem(Code.INVALID_RECORD, file, r.seq(), r.offset(), "payload: " + e.getMessage());
        }
        types.add(type);
        idHi.add(bits[0]);
        idLo.add(bits[1]);
    }

    // ------------------------------------------------------------------------------------------------ derived and keys

    private void checkEntries() throws IOException {
        Path f = dir.resolve(Store.ENTRIES);
        if (!Files.exists(f)) {
            problem(Code.ENTRY_INDEX, f, -1, -1, "missing (it is rebuilt from the journal on the next open)");
            return;
        }
        EntryIndex e;
        try {
            e = EntryIndex.open(f, true);
        } catch (RegistryException ex) {
            problem(Code.ENTRY_INDEX, f, -1, -1, detail(ex));
            return;
        }
        try (e) {
            String hp = e.headerProblem();
            if (hp != null) {
                problem(Code.ENTRY_INDEX, f, -1, 0, "header: " + hp);
                return;
            }
            long count = e.count();
            long n = tree.size();
            if (count > n) {
                problem(Code.ENTRY_INDEX, f, n, EntryIndex.HEADER + n * EntryIndex.ENTRY, "lists " + count + " records but the journal has " + n);
            } else if (count < n) {
                problem(Code.ENTRY_INDEX, f, count, EntryIndex.HEADER + count * EntryIndex.ENTRY,
                        "lists " + count + " of the journal's " + n + " records (opening the registry rebuilds the rest)");
            }
            if ((Files.size(f) - EntryIndex.HEADER) % EntryIndex.ENTRY != 0) {
                problem(Code.ENTRY_INDEX, f, -1, Files.size(f), "ends in the middle of an entry");
            }
            for (long s = 0; s < Math.min(count, n); s += 65_536) {
                int want = (int) Math.min(65_536, Math.min(count, n) - s);
                List<EntryIndex.Entry> es = e.read(s, want);
                for (EntryIndex.Entry en : es) {
                    int i = (int) en.seq();
                    if (!MessageDigest.isEqual(en.leafHash(), tree.leafHash(en.seq())) || en.offset() != offsets.get(i)
                            || en.type() != types.get(i) || en.idHi() != idHi.get(i) || en.idLo() != idLo.get(i)) {
                        problem(Code.ENTRY_INDEX, f, en.seq(), EntryIndex.HEADER + en.seq() * EntryIndex.ENTRY, "entry disagrees with the journal");
                    }
                }
                if (es.size() < want) {
                    long bad = s + es.size();
                    problem(Code.ENTRY_INDEX, f, bad, EntryIndex.HEADER + bad * EntryIndex.ENTRY, "entry fails its CRC32C");
                    // keep checking the rest one by one
                    for (long t = bad + 1; t < s + want; t++) {
                        List<EntryIndex.Entry> one = e.read(t, 1);
                        if (one.isEmpty()) {
                            problem(Code.ENTRY_INDEX, f, t, EntryIndex.HEADER + t * EntryIndex.ENTRY, "entry fails its CRC32C");
                        }
                    }
                }
            }
        }
    }

    private void checkVault() throws IOException {
        Path f = dir.resolve(Store.VAULT);
        if (keys == null) {
            problem(Code.KEY_STORE, f, -1, -1, "not checked: the registry key is unavailable");
            return;
        }
        RecordKeyStore v;
        try {
            v = RecordKeyStore.open(f, keys.kek(), true);
        } catch (RegistryException e) {
            problem(Code.KEY_STORE, f, -1, -1, detail(e));
            return;
        }
        try (v) {
            long n = tree.size();
            long slots = v.slotCount();
            if ((Files.size(f) - RecordKeyStore.HEADER) % RecordKeyStore.SLOT != 0) {
                problem(Code.KEY_STORE, f, -1, Files.size(f), "ends in the middle of a slot");
            }
            if (slots > n) {
                problem(Code.KEY_STORE, f, n, RecordKeyStore.HEADER + n * RecordKeyStore.SLOT,
                        (slots - n) + " key slot(s) beyond the journal's end (unacknowledged writes; opening the registry cuts them)");
            }
            for (long s = 0; s < n; s += 4096) {
                int count = (int) Math.min(4096, n - s);
                byte[] raw = v.readRaw(s, count);
                for (int i = 0; i < count; i++) {
                    long seq = s + i;
                    long off = RecordKeyStore.HEADER + seq * RecordKeyStore.SLOT;
                    if ((i + 1) * RecordKeyStore.SLOT > raw.length) {
                        problem(Code.KEY_STORE, f, seq, off, "key slot missing");
                        continue;
                    }
                    RecordKeyStore.Slot slot = RecordKeyStore.decode(seq, raw, i * RecordKeyStore.SLOT);
                    if (!slot.valid()) {
                        problem(Code.KEY_STORE, f, seq, off, "key slot fails its CRC32C or names another record");
                        continue;
                    }
                    boolean isSealed = sealed.get((int) seq);
                    Long shred = shredOf.get(seq);
                    switch (slot.state()) {
                        case RecordKeyStore.NONE -> {
                            if (isSealed) {
                                problem(Code.KEY_STORE, f, seq, off, "record has sealed personal data but no key");
                            }
                        }
                        case RecordKeyStore.LIVE -> {
                            if (!isSealed) {
                                problem(Code.KEY_STORE, f, seq, off, "key present for a record without sealed data");
                            } else if (shred != null) {
                                problem(Code.KEY_STORE, f, seq, off, "key still present although shred record seq " + shred + " deleted it");
                            } else {
                                try {
                                    v.unwrap(slot.wrappedKey());
                                } catch (GeneralSecurityException e) {
                                    problem(Code.KEY_STORE, f, seq, off, "wrapped key does not unwrap (altered)");
                                }
                            }
                        }
                        default -> {
                            if (shred == null) {
                                problem(Code.KEY_STORE, f, seq, off, "key was deleted but no shred record logs it");
                            } else if (slot.shredSeq() != shred) {
                                problem(Code.KEY_STORE, f, seq, off, "slot names shred record " + slot.shredSeq() + " but the journal has " + shred);
                            }
                        }
                    }
                }
            }
        }
    }

    // ------------------------------------------------------------------------------------------------ checkpoints

    private void checkCheckpoints() throws IOException {
        Path cpDir = dir.resolve(CheckpointLog.DIR);
        Path latest = cpDir.resolve(CheckpointLog.LATEST);
        Path history = cpDir.resolve(CheckpointLog.HISTORY);
        String latestNote = null;
        if (Files.exists(latest)) {
            try {
                latestNote = CheckpointLog.latest(dir);
                checkNote(latestNote, latest, -1);
            } catch (IOException e) {
                problem(Code.CHECKPOINT, latest, -1, -1, "unreadable: " + e.getMessage());
            }
        } else if (tree.size() > 0) {
            problem(Code.CHECKPOINT, latest, -1, -1, "missing: no signed checkpoint covers the journal");
        }
        if (!Files.exists(history)) {
            if (tree.size() > 0) {
                problem(Code.CHECKPOINT, history, -1, -1, "missing");
            }
            return;
        }
        CheckpointLog.Read r = CheckpointLog.read(history);
        long prev = -1;
        boolean latestSeen = latestNote == null;
        for (CheckpointLog.Entry e : r.entries()) {
            checkNote(e.note(), history, e.offset());
            if (e.treeSize() < prev) {
                problem(Code.CHECKPOINT, history, -1, e.offset(), "checkpoint of size " + e.treeSize() + " follows one of size " + prev);
            }
            prev = e.treeSize();
            if (e.note().equals(latestNote)) {
                latestSeen = true;
            }
        }
        if (r.problem() != null) {
            problem(r.tornTail() ? Code.TRUNCATED : Code.CHECKSUM, history, -1, r.validEnd(), r.problem());
        }
        if (!latestSeen) {
            problem(Code.CHECKPOINT, latest, -1, -1, "the latest checkpoint is not in the checkpoint history");
        }
    }

    private void checkNote(String note, Path file, long offset) {
        checkpointsChecked++;
        SignedNote n;
        TlogCheckpoint c;
        try {
            n = SignedNote.parse(note);
            c = TlogCheckpoint.parse(n.text());
        } catch (IllegalArgumentException e) {
            problem(Code.CHECKPOINT, file, -1, offset, "malformed checkpoint: " + e.getMessage());
            return;
        }
        String where = "checkpoint of size " + c.size();
        if (keys == null) {
            problem(Code.CHECKPOINT, file, -1, offset, where + ": signature not checked, the registry key is unavailable");
        } else if (n.verify(keys.verifier()) != SignedNote.Verification.VALID) {
            problem(Code.CHECKPOINT, file, -1, offset, where + ": signature does not verify with the registry key");
        }
        if (meta != null && !c.origin().equals(meta.origin())) {
            problem(Code.CHECKPOINT, file, -1, offset, where + ": origin " + c.origin() + " is not this log (" + meta.origin() + ")");
        }
        if (c.size() > tree.size()) {
            problem(Code.CHECKPOINT, file, -1, offset, where + " covers more records than the sound journal holds (" + tree.size() + ")");
        } else if (!MessageDigest.isEqual(tree.root(c.size()), c.rootHash())) {
            problem(Code.CHECKPOINT, file, -1, offset, where + ": root hash differs from the tree recomputed from the journal");
        }
    }

    // ------------------------------------------------------------------------------------------------ search index

    private void checkSearchIndex() throws IOException {
        dev.hallmark.registry.lucene.LuceneFilingIndex.quietVectorHint();
        Path idx = dir.resolve(Store.INDEX);
        if (!Files.isDirectory(idx) || isEmpty(idx)) {
            return;
        }
        try (Directory d = FSDirectory.open(idx)) {
            try (CheckIndex ci = new CheckIndex(d)) {
                ci.setLevel(CheckIndex.Level.MIN_LEVEL_FOR_CHECKSUM_CHECKS);
                CheckIndex.Status st = ci.checkIndex();
                if (!st.clean) {
                    problem(Code.SEARCH_INDEX, idx, -1, -1, "Lucene checksum check failed (" + st.segmentsFileName + "); "
                            + "delete the index folder to rebuild it from the journal");
                    return;
                }
            } catch (IOException | RuntimeException e) {
                problem(Code.SEARCH_INDEX, idx, -1, -1, "Lucene index is damaged (" + e.getClass().getSimpleName() + ": "
                        + firstLine(e.getMessage()) + "); delete the index folder to rebuild it from the journal");
                return;
            }
            try (DirectoryReader r = DirectoryReader.open(d)) {
                Map<String, String> data = r.getIndexCommit().getUserData();
                long next = Long.parseLong(data.getOrDefault(dev.hallmark.registry.lucene.LuceneFilingIndex.NEXT_SEQ, "0"));
                long n = tree.size();
                if (next > n) {
                    problem(Code.SEARCH_INDEX, idx, next, -1, "index claims " + next + " records but the journal has " + n);
                }
                BitSet seen = new BitSet();
                long docs = 0;
                for (LeafReaderContext ctx : r.leaves()) {
                    LeafReader lr = ctx.reader();
                    Bits live = lr.getLiveDocs();
                    StoredFields sf = lr.storedFields();
                    for (int doc = 0; doc < lr.maxDoc(); doc++) {
                        if (live != null && !live.get(doc)) {
                            continue;
                        }
                        docs++;
                        var document = sf.document(doc, Set.of("seq", "id", "hasPrompt", "shredded"));
                        long seq = document.getField("seq").numericValue().longValue();
                        if (seq < 0 || seq >= n || types.get((int) seq) != FilingCodec.TYPE_FILING) {
                            problem(Code.SEARCH_INDEX, idx, seq, -1, "document for a record that is not a filing in the journal");
                            continue;
                        }
                        if (seen.get((int) seq)) {
                            problem(Code.SEARCH_INDEX, idx, seq, -1, "two documents for one filing");
                        }
                        seen.set((int) seq);
                        if (!Ulid.format(idHi.get((int) seq), idLo.get((int) seq)).equals(document.get("id"))) {
                            problem(Code.SEARCH_INDEX, idx, seq, -1, "document id differs from the journal");
                        }
                        boolean shredded = shredOf.containsKey(seq);
                        if (shredded && "1".equals(document.get("hasPrompt"))) {
                            Long s = shredOf.get(seq);
                            if (s < next) {
                                problem(Code.SEARCH_INDEX, idx, seq, -1, "prompt of a crypto-shredded filing is still indexed");
                            }
                        }
                    }
                }
                for (long s = 0; s < Math.min(next, n); s++) {
                    if (types.get((int) s) == FilingCodec.TYPE_FILING && !seen.get((int) s)) {
                        problem(Code.SEARCH_INDEX, idx, s, -1, "filing missing from the search index");
                    }
                }
                indexedDocs = docs;
            } catch (IOException | RuntimeException e) {
                problem(Code.SEARCH_INDEX, idx, -1, -1, "cannot read the index: " + firstLine(e.getMessage()));
            }
        }
    }

    private static boolean isEmpty(Path d) throws IOException {
        try (var s = Files.list(d)) {
            return s.findAny().isEmpty();
        }
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
