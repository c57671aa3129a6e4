package dev.hallmark.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hallmark.registry.internal.Store;
import dev.hallmark.registry.journal.SegmentFormat;
import dev.hallmark.registry.keys.RecordKeyStore;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Deterministic recovery cases (the random kill -9 trials are in CrashRecoveryIT). */
class RecoveryTest {
    @TempDir
    Path tmp;

    private Path dir() {
        return tmp.resolve("registry");
    }

    private FilingRegistry open(List<String> warnings) throws RegistryException {
        return FilingRegistry.open(dir(), tmp.resolve("keys"), Fixtures.options(warnings).withIndexing(false).withMaxSegmentBytes(8192));
    }

    private List<Receipt> fill(int n) throws RegistryException {
        List<Receipt> rs = new ArrayList<>();
        try (FilingRegistry r = open(new ArrayList<>())) {
            for (int i = 0; i < n; i++) {
                rs.add(r.file(Fixtures.record(i, "prompt " + i).build()));
            }
        }
        return rs;
    }

    private Path lastSegment() throws Exception {
        try (Stream<Path> s = Files.list(dir().resolve(Store.JOURNAL))) {
            return s.sorted().reduce((a, b) -> b).orElseThrow();
        }
    }

    private static long recordOffset(Path seg, int index) throws Exception {
        try (RandomAccessFile raf = new RandomAccessFile(seg.toFile(), "r")) {
            long pos = SegmentFormat.HEADER;
            for (int i = 0; i < index; i++) {
                raf.seek(pos);
                pos += SegmentFormat.RECORD_HEADER + raf.readInt();
            }
            return pos;
        }
    }

    @Test
    void aTornTailBeyondTheCheckpointIsCutAndKept() throws Exception {
        List<Receipt> rs = fill(30);
        // simulate a crash while appending one more record: half a record after the last one
        Path seg = lastSegment();
        byte[] garbage = new byte[300];
        ByteBuffer.wrap(garbage).putInt(1000).putInt(0x12345678).putLong(rs.size());
        Files.write(seg, garbage, StandardOpenOption.APPEND);
        List<String> warnings = new CopyOnWriteArrayList<>();
        try (FilingRegistry r = open(warnings)) {
            assertThat(r.size()).isEqualTo(30);
            assertThat(r.recoveryNotes()).anyMatch(n -> n.contains("torn tail at seq 30"));
            for (Receipt rc : rs) {
                assertThat(r.seqOf(rc.id())).isEqualTo(rc.seq());
            }
            assertThat(r.file(Fixtures.record(99, "after").build()).seq()).isEqualTo(30);
        }
        try (Stream<Path> q = Files.list(dir().resolve(Store.QUARANTINE))) {
            assertThat(q.toList()).hasSize(1);
        }
        assertThat(RegistryVerifier.verify(dir(), tmp.resolve("keys"), Fixtures.options(), n -> { }).problems()).isEmpty();
    }

    @Test
    void aRecordWhoseKeySlotNeverBecameDurableIsTreatedAsUnacknowledged() throws Exception {
        fill(10);
        // write a sound journal record 10 whose key slot is missing (the crash hit between the two writes)
        Path seg = lastSegment();
        byte[] payload = "{\"schema\":\"hallmark.filing/1\"}".getBytes();
        ByteBuffer b = ByteBuffer.allocate(SegmentFormat.RECORD_HEADER + payload.length);
        SegmentFormat.putRecord(b, 10, payload);
        Files.write(seg, b.array(), StandardOpenOption.APPEND);
        // and the checkpoint must not have covered it
        try (FilingRegistry r = open(new ArrayList<>())) {
            assertThat(r.size()).isEqualTo(10);
            assertThat(r.recoveryNotes()).anyMatch(n -> n.contains("record-key slot"));
        }
    }

    @Test
    void damageBelowTheSignedCheckpointIsRefusedNotRepaired() throws Exception {
        fill(30);
        Path seg = lastSegment();
        long off = recordOffset(seg, 0);
        try (RandomAccessFile raf = new RandomAccessFile(seg.toFile(), "rw")) {
            raf.setLength(off + 20); // cut inside the segment's first record, far below the checkpoint
        }
        assertThatThrownBy(() -> open(new ArrayList<>())).isInstanceOf(RegistryException.class)
                .satisfies(e -> assertThat(((RegistryException) e).reason()).isIn(RegistryException.Reason.CORRUPT, RegistryException.Reason.TAMPERED))
                .hasMessageContaining(seg.getFileName().toString());
    }

    @Test
    void anAlteredRecordWithARecomputedCrcIsCaughtByTheSignedCheckpoint() throws Exception {
        fill(12);
        // forge: change a byte of the last record's payload and fix its CRC, and drop the derived entry index
        Path seg = lastSegment();
        long size = Files.size(seg);
        long off;
        int idx = 0;
        while (true) {
            long o = recordOffset(seg, idx);
            if (o >= size) {
                break;
            }
            idx++;
        }
        off = recordOffset(seg, idx - 1);
        try (FileChannel ch = FileChannel.open(seg, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            ByteBuffer h = ByteBuffer.allocate(16);
            ch.read(h, off);
            h.flip();
            int len = h.getInt();
            h.getInt();
            long seq = h.getLong();
            ByteBuffer p = ByteBuffer.allocate(len);
            ch.read(p, off + 16);
            byte[] payload = p.array();
            int at = new String(payload).indexOf("\"actor\":\"u-") + 11;
            payload[at] = (byte) (payload[at] == '1' ? '2' : '1');
            ByteBuffer rec = ByteBuffer.allocate(16 + len);
            SegmentFormat.putRecord(rec, seq, payload);
            rec.flip();
            ch.write(rec, off);
        }
        Files.delete(dir().resolve(Store.ENTRIES));
        assertThatThrownBy(() -> open(new ArrayList<>())).isInstanceOf(RegistryException.class)
                .extracting(e -> ((RegistryException) e).reason()).isEqualTo(RegistryException.Reason.TAMPERED);
        VerifyReport v = RegistryVerifier.verify(dir(), tmp.resolve("keys"), Fixtures.options(), n -> { });
        assertThat(v.problems()).anyMatch(p -> p.code() == VerifyReport.Code.CHECKPOINT && p.detail().contains("root hash differs"));
    }

    @Test
    void recordsRemovedFromTheEndAreReportedAsTampering() throws Exception {
        fill(30);
        Path seg = lastSegment();
        long off = recordOffset(seg, 1);
        try (RandomAccessFile raf = new RandomAccessFile(seg.toFile(), "rw")) {
            raf.setLength(off); // a clean cut at a record boundary: only the checkpoint can tell
        }
        assertThatThrownBy(() -> open(new ArrayList<>())).isInstanceOf(RegistryException.class)
                .extracting(e -> ((RegistryException) e).reason()).isEqualTo(RegistryException.Reason.TAMPERED);
    }

    @Test
    void theEntryIndexIsRebuiltFromTheJournal() throws Exception {
        List<Receipt> rs = fill(40);
        Files.delete(dir().resolve(Store.ENTRIES));
        try (FilingRegistry r = open(new ArrayList<>())) {
            assertThat(r.size()).isEqualTo(40);
            assertThat(r.get(rs.get(17).id()).orElseThrow().record().prompt()).isEqualTo("prompt 17");
        }
        assertThat(RegistryVerifier.verify(dir(), tmp.resolve("keys"), Fixtures.options(), n -> { }).problems()).isEmpty();
    }

    @Test
    void aShredLoggedBeforeTheCrashIsCompletedOnOpen() throws Exception {
        List<Receipt> rs = fill(5);
        Path vault = dir().resolve(Store.VAULT);
        byte[] before = Files.readAllBytes(vault);
        try (FilingRegistry r = open(new ArrayList<>())) {
            r.erase(rs.get(2).id(), null);
        }
        // put the key back as if the crash came after the shred record was durable but before the key was deleted,
        // and drop the entry index so recovery rescans the shred record
        byte[] after = Files.readAllBytes(vault);
        System.arraycopy(before, RecordKeyStore.HEADER + 2 * RecordKeyStore.SLOT, after, RecordKeyStore.HEADER + 2 * RecordKeyStore.SLOT, RecordKeyStore.SLOT);
        Files.write(vault, after);
        Files.delete(dir().resolve(Store.ENTRIES));
        try (FilingRegistry r = open(new ArrayList<>())) {
            assertThat(r.recoveryNotes()).anyMatch(n -> n.contains("completed the crypto-shredding of seq 2"));
            assertThat(r.get(rs.get(2).id()).orElseThrow().personalData()).isEqualTo(Filing.PersonalData.SHREDDED);
        }
        assertThat(RegistryVerifier.verify(dir(), tmp.resolve("keys"), Fixtures.options(), n -> { }).problems()).isEmpty();
    }

    @Test
    void aRollInterruptedAfterTheSealStartsANewSegment() throws Exception {
        fill(30);
        long segments;
        try (Stream<Path> s = Files.list(dir().resolve(Store.JOURNAL))) {
            segments = s.count();
        }
        assertThat(segments).isGreaterThan(1);
        // a half-created next segment (header torn) after a sealed one
        Path seg = lastSegment();
        long first = SegmentFormat.parseName(seg.getFileName().toString());
        long size = Files.size(seg);
        ByteBuffer b = ByteBuffer.wrap(SegmentFormat.seal(30));
        try (FileChannel ch = FileChannel.open(seg, StandardOpenOption.WRITE)) {
            ch.write(b, size);
        }
        Files.write(dir().resolve(Store.JOURNAL).resolve(SegmentFormat.fileName(30)), new byte[] {'H', 'M'});
        try (FilingRegistry r = open(new ArrayList<>())) {
            assertThat(first).isLessThan(30);
            assertThat(r.size()).isEqualTo(30);
            assertThat(r.file(Fixtures.record(50, "x").build()).seq()).isEqualTo(30);
        }
        assertThat(RegistryVerifier.verify(dir(), tmp.resolve("keys"), Fixtures.options(), n -> { }).problems()).isEmpty();
    }

    @Test
    void wrongOrMissingKeysAreRefusedClearly() throws Exception {
        fill(3);
        Path keys = tmp.resolve("keys");
        Path other = tmp.resolve("other-keys");
        try (FilingRegistry r = FilingRegistry.open(tmp.resolve("other-registry"), other, Fixtures.options())) {
            assertThat(r.size()).isZero();
        }
        assertThatThrownBy(() -> FilingRegistry.open(dir(), other, Fixtures.options()))
                .extracting(e -> ((RegistryException) e).reason()).isEqualTo(RegistryException.Reason.TAMPERED);
        assertThatThrownBy(() -> FilingRegistry.open(dir(), tmp.resolve("empty-keys"), Fixtures.options()))
                .extracting(e -> ((RegistryException) e).reason()).isEqualTo(RegistryException.Reason.KEY_UNAVAILABLE);
        Files.writeString(keys.resolve("registry-log.passphrase"), "wrong-passphrase\n");
        assertThatThrownBy(() -> FilingRegistry.open(dir(), keys, Fixtures.options()))
                .extracting(e -> ((RegistryException) e).reason()).isEqualTo(RegistryException.Reason.KEY_UNAVAILABLE);
        // a key made with HALLMARK_KEY_PASSPHRASE needs it again
        Path envKeys = tmp.resolve("env-keys");
        try (FilingRegistry r = FilingRegistry.open(tmp.resolve("env-registry"), envKeys,
                Fixtures.options().withPassphrase(() -> "correct horse battery staple".toCharArray()))) {
            r.file(Fixtures.record(1, "p").build());
        }
        assertThat(Files.exists(envKeys.resolve("registry-log.passphrase"))).isFalse();
        assertThatThrownBy(() -> FilingRegistry.open(tmp.resolve("env-registry"), envKeys, Fixtures.options()))
                .isInstanceOf(RegistryException.class).hasMessageContaining("HALLMARK_KEY_PASSPHRASE");
        assertThatThrownBy(() -> FilingRegistry.open(tmp.resolve("env-registry"), envKeys,
                Fixtures.options().withPassphrase(() -> "wrong".toCharArray())))
                .extracting(e -> ((RegistryException) e).reason()).isEqualTo(RegistryException.Reason.KEY_UNAVAILABLE);
    }

    @Test
    void aSecondOpenOfTheSameFolderIsRefused() throws Exception {
        try (FilingRegistry r = open(new ArrayList<>())) {
            assertThatThrownBy(() -> open(new ArrayList<>())).extracting(e -> ((RegistryException) e).reason())
                    .isEqualTo(RegistryException.Reason.LOCKED);
            assertThatThrownBy(() -> RegistryVerifier.verify(dir(), tmp.resolve("keys"), Fixtures.options(), n -> { }))
                    .extracting(e -> ((RegistryException) e).reason()).isEqualTo(RegistryException.Reason.LOCKED);
        }
    }
}
