package dev.hallmark.registry.journal;

import dev.hallmark.registry.RegistryException;
import dev.hallmark.registry.RegistryException.Reason;
import dev.hallmark.registry.internal.AtomicFiles;
import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * The append-only journal: a folder of segments ({@link SegmentFormat}) named by their first sequence number. One
 * writer appends (positional writes at the end of the active segment, then {@link #force()}); readers fetch records
 * by (seq, offset) concurrently. Segments roll when the active one exceeds the size limit: the old one is sealed and
 * fsync'd, the new one created with its header, fsync'd, and the folder fsync'd.
 */
public final class Journal implements Closeable {
    private final Path dir;
    private final long maxSegmentBytes;
    private final ConcurrentSkipListMap<Long, Path> segments = new ConcurrentSkipListMap<>();
    private final Map<Long, FileChannel> readers = new ConcurrentHashMap<>();
    private volatile FileChannel active;
    private final List<FileChannel> retired = new ArrayList<>();
    private long activeFirst = -1;
    private long activeEnd;

    private Journal(Path dir, long maxSegmentBytes) {
        this.dir = dir;
        this.maxSegmentBytes = maxSegmentBytes;
    }

    /** Opens the folder and lists its segments (no recovery: see {@link SegmentScanner}). */
    public static Journal open(Path dir, long maxSegmentBytes) throws RegistryException {
        Journal j = new Journal(dir, maxSegmentBytes);
        try {
            AtomicFiles.ensureDirectory(dir);
            try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
                for (Path p : ds) {
                    String name = p.getFileName().toString();
                    long first = SegmentFormat.parseName(name);
                    if (first >= 0) {
                        j.segments.put(first, p);
                    }
                }
            }
        } catch (IOException e) {
            throw new RegistryException(Reason.UNREADABLE, dir, "cannot list the journal: " + e.getMessage(), e);
        }
        return j;
    }

    public Path dir() {
        return dir;
    }

    /** First sequence number of each segment, ascending, with its file. */
    public List<Map.Entry<Long, Path>> segments() {
        return new ArrayList<>(segments.entrySet());
    }

    /** The segment holding {@code seq} (by name), or null. */
    public Map.Entry<Long, Path> segmentOf(long seq) {
        return segments.floorEntry(seq);
    }

    /**
     * Moves bytes {@code [offset, end)} of segment {@code first} into {@code quarantineDir} (kept for inspection, never
     * deleted by us) and truncates the segment at {@code offset}. With {@code offset == 0} the whole file moves.
     */
    public Path quarantineTail(long first, long offset, Path quarantineDir, String why) throws IOException {
        Path seg = segments.get(first);
        AtomicFiles.ensureDirectory(quarantineDir);
        String stamp = Instant.now().toString().replace(':', '-');
        Path q = quarantineDir.resolve(seg.getFileName() + "." + offset + "." + stamp + ".torn");
        closeReader(first);
        try (FileChannel in = FileChannel.open(seg, StandardOpenOption.READ, StandardOpenOption.WRITE);
             FileChannel out = FileChannel.open(q, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            long size = in.size();
            long pos = offset;
            while (pos < size) {
                pos += in.transferTo(pos, size - pos, out);
            }
            out.write(ByteBuffer.wrap(("\n# quarantined by recovery: " + why + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8)));
            out.force(true);
            AtomicFiles.fsyncDirectory(quarantineDir);
            if (offset == 0) {
                in.close();
                Files.delete(seg);
                segments.remove(first);
            } else {
                in.truncate(offset);
                in.force(true);
            }
        }
        AtomicFiles.fsyncDirectory(dir);
        return q;
    }

    /** Removes the seal at {@code sealOffset} of the last segment so it can be appended to again. */
    public void unseal(long first, long sealOffset) throws IOException {
        closeReader(first);
        try (FileChannel ch = FileChannel.open(segments.get(first), StandardOpenOption.WRITE)) {
            ch.truncate(sealOffset);
            ch.force(true);
        }
    }

    /**
     * Prepares to append record {@code nextSeq} at the end of the last segment, or in a new segment when there is
     * none or the last one is sealed.
     */
    public void startWriting(long nextSeq, boolean lastSealed) throws IOException {
        if (segments.isEmpty() || lastSealed) {
            create(nextSeq);
            return;
        }
        Map.Entry<Long, Path> last = segments.lastEntry();
        active = FileChannel.open(last.getValue(), StandardOpenOption.READ, StandardOpenOption.WRITE);
        activeFirst = last.getKey();
        activeEnd = active.size();
    }

    private void create(long firstSeq) throws IOException {
        Path p = dir.resolve(SegmentFormat.fileName(firstSeq));
        FileChannel ch = FileChannel.open(p, StandardOpenOption.CREATE_NEW, StandardOpenOption.READ, StandardOpenOption.WRITE);
        ByteBuffer h = ByteBuffer.wrap(SegmentFormat.header(firstSeq));
        while (h.hasRemaining()) {
            ch.write(h, h.position());
        }
        ch.force(true);
        AtomicFiles.fsyncDirectory(dir);
        segments.put(firstSeq, p);
        active = ch;
        activeFirst = firstSeq;
        activeEnd = SegmentFormat.HEADER;
    }

    /**
     * Appends encoded records (not yet durable: call {@link #force()}). {@code firstSeq} is the first record's
     * sequence number; the records land in one segment. Returns the offset where they start.
     */
    public long append(long firstSeq, ByteBuffer records) throws IOException {
        if (activeEnd >= maxSegmentBytes && firstSeq > activeFirst) {
            roll(firstSeq);
        }
        long start = activeEnd;
        long pos = start;
        while (records.hasRemaining()) {
            pos += active.write(records, pos);
        }
        activeEnd = pos;
        return start;
    }

    private void roll(long nextSeq) throws IOException {
        FileChannel old = active;
        ByteBuffer seal = ByteBuffer.wrap(SegmentFormat.seal(nextSeq));
        long pos = activeEnd;
        while (seal.hasRemaining()) {
            pos += old.write(seal, pos);
        }
        old.force(true);
        create(nextSeq);
        synchronized (retired) {
            // already forced; closed by the next force() so a concurrent force never meets a closed channel
            retired.add(old);
        }
    }

    /**
     * Makes everything appended so far durable (fdatasync). May run on another thread than {@link #append}:
     * segments rolled meanwhile were fsync'd when they were sealed.
     */
    public void force() throws IOException {
        FileChannel ch = active;
        List<FileChannel> done;
        synchronized (retired) {
            done = new ArrayList<>(retired);
            retired.removeAll(done);
        }
        ch.force(false);
        for (FileChannel c : done) {
            if (c != ch) {
                c.close();
            }
        }
    }

    /** First sequence number of the segment being appended to. */
    public long activeFirst() {
        return activeFirst;
    }

    /**
     * Reads and checks the record {@code seq} at {@code offset}: length bounds, CRC32C and sequence number.
     *
     * @throws IOException if the record is damaged or unreadable (message names file, seq and offset)
     */
    public byte[] read(long seq, long offset) throws IOException {
        Map.Entry<Long, Path> seg = segments.floorEntry(seq);
        if (seg == null) {
            throw new IOException("no segment holds seq " + seq);
        }
        FileChannel ch = readers.computeIfAbsent(seg.getKey(), k -> {
            try {
                return FileChannel.open(seg.getValue(), StandardOpenOption.READ);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        ByteBuffer h = ByteBuffer.allocate(SegmentFormat.RECORD_HEADER);
        readFully(ch, h, offset, seg.getValue());
        h.flip();
        int len = h.getInt();
        int crc = h.getInt();
        long s = h.getLong();
        if (len <= 0 || len > SegmentFormat.MAX_PAYLOAD) {
            throw new IOException(seg.getValue() + ": record seq " + seq + " at offset " + offset + ": length out of range");
        }
        ByteBuffer p = ByteBuffer.allocate(len);
        readFully(ch, p, offset + SegmentFormat.RECORD_HEADER, seg.getValue());
        byte[] payload = p.array();
        if (s != seq || crc != SegmentFormat.recordCrc(len, s, payload, 0, len)) {
            throw new IOException(seg.getValue() + ": record seq " + seq + " at offset " + offset + ": CRC32C or sequence mismatch");
        }
        return payload;
    }

    private static void readFully(FileChannel ch, ByteBuffer b, long pos, Path file) throws IOException {
        while (b.hasRemaining()) {
            int r = ch.read(b, pos + b.position());
            if (r < 0) {
                throw new IOException(file + ": unexpected end of file at offset " + (pos + b.position()));
            }
        }
    }

    private void closeReader(long first) throws IOException {
        FileChannel c = readers.remove(first);
        if (c != null) {
            c.close();
        }
    }

    @Override
    public void close() throws IOException {
        IOException err = null;
        for (FileChannel c : readers.values()) {
            try {
                c.close();
            } catch (IOException e) {
                err = e;
            }
        }
        readers.clear();
        synchronized (retired) {
            for (FileChannel c : retired) {
                c.close();
            }
            retired.clear();
        }
        if (active != null) {
            active.close();
            active = null;
        }
        if (err != null) {
            throw err;
        }
    }
}
