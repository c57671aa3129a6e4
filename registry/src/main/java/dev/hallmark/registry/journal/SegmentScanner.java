package dev.hallmark.registry.journal;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Reads a segment's records in order, checking every length, CRC and sequence number. Stops at the first problem and
 * says what and where; never throws for bad data (only for I/O failures). Bounded: payloads above
 * {@link SegmentFormat#MAX_PAYLOAD} are a problem, not an allocation.
 */
public final class SegmentScanner implements Closeable {
    /** What the scanner found next. */
    public sealed interface Item permits Rec, Sealed, End, Bad {
    }

    /** A sound record. */
    public record Rec(long seq, long offset, byte[] payload) implements Item {
    }

    /** The segment's seal; {@code trailing} is true if bytes follow it. */
    public record Sealed(long nextSeq, long offset, boolean trailing) implements Item {
    }

    /** Clean end of file after the last record. */
    public record End(long offset) implements Item {
    }

    /**
     * A problem at {@code offset}. {@code tornTail} is true when nothing sound follows it (a write cut short by a crash
     * looks like this); false when a sound record with the next sequence number follows (mid-file corruption).
     */
    public record Bad(long offset, long expectedSeq, String problem, boolean tornTail) implements Item {
    }

    private static final int BUF = 1 << 20;

    private final Path file;
    private final FileChannel ch;
    private final long size;
    private final ByteBuffer buf = ByteBuffer.allocate(BUF + SegmentFormat.RECORD_HEADER);
    private long bufStart;
    private long pos;
    private long nextSeq;
    private String headerProblem;

    public SegmentScanner(Path file, long firstSeq) throws IOException {
        this(file, firstSeq, SegmentFormat.HEADER, firstSeq);
    }

    /** Scans from {@code startOffset}, where record {@code startSeq} begins (the header is still checked). */
    public SegmentScanner(Path file, long firstSeq, long startOffset, long startSeq) throws IOException {
        this.file = file;
        this.ch = FileChannel.open(file, StandardOpenOption.READ);
        this.size = ch.size();
        this.nextSeq = startSeq;
        byte[] h = new byte[SegmentFormat.HEADER];
        ByteBuffer hb = ByteBuffer.wrap(h);
        while (hb.hasRemaining() && ch.read(hb, hb.position()) > 0) {
            // read header
        }
        headerProblem = hb.hasRemaining() ? "header truncated (" + hb.position() + " bytes)" : SegmentFormat.checkHeader(h, firstSeq);
        pos = startOffset;
        bufStart = pos;
        buf.limit(0);
    }

    public Path file() {
        return file;
    }

    public long size() {
        return size;
    }

    /** Null if the header is sound, else the problem (then {@link #next()} is not meaningful). */
    public String headerProblem() {
        return headerProblem;
    }

    public Item next() throws IOException {
        if (pos == size) {
            return new End(pos);
        }
        if (size - pos < SegmentFormat.RECORD_HEADER) {
            return new Bad(pos, nextSeq, "truncated record header (" + (size - pos) + " bytes at end of file)", true);
        }
        ByteBuffer h = read(pos, SegmentFormat.RECORD_HEADER);
        int len = h.getInt();
        int crc = h.getInt();
        long seq = h.getLong();
        if (len == SegmentFormat.SEAL_MARK) {
            ByteBuffer s = ByteBuffer.allocate(8).putLong(seq);
            if (crc != dev.hallmark.registry.internal.Bytes.crc32c(s.array(), 0, 8)) {
                return new Bad(pos, nextSeq, "seal checksum mismatch", false);
            }
            if (seq != nextSeq) {
                return new Bad(pos, nextSeq, "seal says next seq " + seq + " but the last record was " + (nextSeq - 1), false);
            }
            return new Sealed(seq, pos, pos + SegmentFormat.RECORD_HEADER != size);
        }
        if (len <= 0 || len > SegmentFormat.MAX_PAYLOAD) {
            return new Bad(pos, nextSeq, "record length " + Integer.toUnsignedString(len) + " out of range", tornAfter(pos, -1));
        }
        if (pos + SegmentFormat.RECORD_HEADER + len > size) {
            return new Bad(pos, nextSeq, "record of " + len + " bytes runs past end of file", true);
        }
        byte[] payload = new byte[len];
        read(pos + SegmentFormat.RECORD_HEADER, len).get(payload);
        if (crc != SegmentFormat.recordCrc(len, seq, payload, 0, len)) {
            return new Bad(pos, nextSeq, "CRC32C mismatch", tornAfter(pos, len));
        }
        if (seq != nextSeq) {
            return new Bad(pos, nextSeq, "sequence gap: found seq " + seq + ", expected " + nextSeq, false);
        }
        Rec r = new Rec(seq, pos, payload);
        pos += SegmentFormat.RECORD_HEADER + len;
        nextSeq++;
        return r;
    }

    /** Sequence number the next record should carry. */
    public long nextSeq() {
        return nextSeq;
    }

    /**
     * Whether a bad record at {@code at} is a torn tail: true unless a sound record with the following sequence
     * number starts right after it (only checkable when its length field is plausible).
     */
    private boolean tornAfter(long at, int len) throws IOException {
        if (len < 0) {
            return !soundRecordAnywhereAfter(at);
        }
        long next = at + SegmentFormat.RECORD_HEADER + len;
        if (next + SegmentFormat.RECORD_HEADER > size) {
            return true;
        }
        ByteBuffer h = read(next, SegmentFormat.RECORD_HEADER);
        int l2 = h.getInt();
        int c2 = h.getInt();
        long s2 = h.getLong();
        if (l2 == SegmentFormat.SEAL_MARK) {
            return false; // a seal follows: the segment was complete, so this is corruption
        }
        if (l2 <= 0 || l2 > SegmentFormat.MAX_PAYLOAD || next + SegmentFormat.RECORD_HEADER + l2 > size) {
            return !soundRecordAnywhereAfter(at);
        }
        byte[] p2 = new byte[l2];
        read(next + SegmentFormat.RECORD_HEADER, l2).get(p2);
        return !(c2 == SegmentFormat.recordCrc(l2, s2, p2, 0, l2) && s2 == nextSeq + 1);
    }

    /**
     * When the length field itself is damaged, look for any sound record header later in the file (bounded scan of
     * the next 4 MiB): finding one means the damage is not at the tail.
     */
    private boolean soundRecordAnywhereAfter(long at) throws IOException {
        long limit = Math.min(size - SegmentFormat.RECORD_HEADER, at + (4L << 20));
        for (long p = at + 1; p <= limit; p++) {
            ByteBuffer h = read(p, SegmentFormat.RECORD_HEADER);
            int l = h.getInt();
            int c = h.getInt();
            long s = h.getLong();
            if (s <= nextSeq || s > nextSeq + (1L << 20) || l <= 0 || l > SegmentFormat.MAX_PAYLOAD || p + SegmentFormat.RECORD_HEADER + l > size) {
                continue;
            }
            byte[] pl = new byte[l];
            read(p + SegmentFormat.RECORD_HEADER, l).get(pl);
            if (c == SegmentFormat.recordCrc(l, s, pl, 0, l)) {
                return true;
            }
        }
        return false;
    }

    /** A buffer positioned at {@code at} with {@code n} readable bytes (n <= MAX_PAYLOAD). */
    private ByteBuffer read(long at, int n) throws IOException {
        if (n > BUF) {
            ByteBuffer big = ByteBuffer.allocate(n);
            while (big.hasRemaining()) {
                if (ch.read(big, at + big.position()) < 0) {
                    throw new IOException("unexpected end of " + file);
                }
            }
            return big.flip();
        }
        if (at < bufStart || at + n > bufStart + buf.limit()) {
            buf.clear();
            bufStart = at;
            while (buf.position() < n) {
                int r = ch.read(buf, at + buf.position());
                if (r < 0) {
                    break;
                }
            }
            buf.flip();
            if (buf.limit() < n) {
                throw new IOException("unexpected end of " + file);
            }
        }
        ByteBuffer d = buf.duplicate();
        d.position((int) (at - bufStart));
        d.limit(d.position() + n);
        return d.slice();
    }

    @Override
    public void close() throws IOException {
        ch.close();
    }
}
