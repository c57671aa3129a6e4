package dev.hallmark.registry.internal;

import dev.hallmark.registry.RegistryException;
import dev.hallmark.registry.RegistryException.Reason;
import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.zip.CRC32C;

/**
 * {@code tree/entries.dat}: one 64-byte entry per journal record, derived from the journal (rebuilt from it when
 * missing or damaged) so that opening a large registry does not re-read and re-hash every record.
 *
 * <p>Layout (big-endian). Header, 64 bytes: magic "HMENTRYS", u16 version (1), u16 header size (64), u32 entry size
 * (64), 48 reserved, u32 CRC32C of bytes 0..59. Entry {@code s} at {@code 64 + 64*s}:
 * <pre>
 *  0 32  leaf hash SHA-256(0x00 || payload)
 * 32  8  filing id, high 64 bits (0 for records that are not filings)
 * 40  8  filing id, low 64 bits
 * 48  8  byte offset of the record in its segment
 * 56  1  record type (1 filing, 2 shred, 3 algorithm filing)
 * 57  3  reserved (0)
 * 60  4  CRC32C of bytes 0..59 followed by the 8-byte seq
 * </pre>
 */
public final class EntryIndex implements Closeable {
    public static final int HEADER = 64;
    public static final int ENTRY = 64;
    private static final byte[] MAGIC = "HMENTRYS".getBytes(StandardCharsets.US_ASCII);

    private final Path file;
    private final FileChannel ch;

    /** One decoded entry. */
    public record Entry(long seq, byte[] leafHash, long idHi, long idLo, long offset, byte type) {
    }

    private EntryIndex(Path file, FileChannel ch) {
        this.file = file;
        this.ch = ch;
    }

    public static EntryIndex open(Path file, boolean readOnly) throws RegistryException {
        try {
            if (readOnly) {
                return new EntryIndex(file, FileChannel.open(file, StandardOpenOption.READ));
            }
            Files.createDirectories(file.getParent());
            FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE, StandardOpenOption.CREATE);
            EntryIndex e = new EntryIndex(file, ch);
            if (ch.size() < HEADER || e.headerProblem() != null) {
                // derived file: start it again; the journal is the source of truth
                ch.truncate(0);
                ch.write(ByteBuffer.wrap(header()), 0);
                ch.force(true);
            }
            return e;
        } catch (IOException e) {
            throw new RegistryException(Reason.UNREADABLE, file, "cannot open the entry index: " + e.getMessage(), e);
        }
    }

    public Path file() {
        return file;
    }

    static byte[] header() {
        ByteBuffer b = ByteBuffer.allocate(HEADER);
        b.put(MAGIC).putShort((short) 1).putShort((short) HEADER).putInt(ENTRY);
        b.position(60);
        b.putInt(Bytes.crc32c(b.array(), 0, 60));
        return b.array();
    }

    /** Null if the header is sound, else the problem. */
    public String headerProblem() throws IOException {
        ByteBuffer b = ByteBuffer.allocate(HEADER);
        int n = ch.read(b, 0);
        if (n < HEADER) {
            return "header truncated";
        }
        byte[] h = b.array();
        if (ByteBuffer.wrap(h, 60, 4).getInt() != Bytes.crc32c(h, 0, 60)) {
            return "header checksum mismatch";
        }
        if (!Arrays.equals(h, 0, 8, MAGIC, 0, 8)) {
            return "bad magic";
        }
        if (ByteBuffer.wrap(h, 8, 2).getShort() != 1) {
            return "unsupported version";
        }
        return null;
    }

    public static void encode(ByteBuffer out, long seq, byte[] leafHash, long idHi, long idLo, long offset, byte type) {
        int start = out.position();
        out.put(leafHash).putLong(idHi).putLong(idLo).putLong(offset).put(type).put((byte) 0).put((byte) 0).put((byte) 0);
        out.putInt(crc(out, start, seq));
    }

    private static int crc(ByteBuffer buf, int start, long seq) {
        CRC32C c = new CRC32C();
        ByteBuffer d = buf.duplicate();
        d.position(start).limit(start + 60);
        c.update(d);
        c.update(ByteBuffer.allocate(8).putLong(0, seq));
        return (int) c.getValue();
    }

    /** Number of whole entries in the file. */
    public long count() throws IOException {
        return Math.max(0, (ch.size() - HEADER) / ENTRY);
    }

    public void write(long firstSeq, ByteBuffer entries) throws IOException {
        long pos = HEADER + firstSeq * ENTRY;
        while (entries.hasRemaining()) {
            pos += ch.write(entries, pos);
        }
    }

    public void force() throws IOException {
        ch.force(false);
    }

    public void truncate(long entries) throws IOException {
        if (ch.size() > HEADER + entries * ENTRY) {
            ch.truncate(HEADER + entries * ENTRY);
        }
    }

    /** Reads entries from {@code firstSeq}; stops at the first entry whose CRC fails (returned list is the sound prefix). */
    public java.util.List<Entry> read(long firstSeq, int max) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(max * ENTRY);
        long pos = HEADER + firstSeq * ENTRY;
        while (b.hasRemaining()) {
            int r = ch.read(b, pos + b.position());
            if (r < 0) {
                break;
            }
        }
        int n = b.position() / ENTRY;
        java.util.List<Entry> out = new java.util.ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            long seq = firstSeq + i;
            int off = i * ENTRY;
            if (b.getInt(off + 60) != crc(b, off, seq)) {
                break;
            }
            byte[] h = new byte[32];
            b.get(off, h);
            out.add(new Entry(seq, h, b.getLong(off + 32), b.getLong(off + 40), b.getLong(off + 48), b.get(off + 56)));
        }
        return out;
    }

    @Override
    public void close() throws IOException {
        ch.close();
    }
}
