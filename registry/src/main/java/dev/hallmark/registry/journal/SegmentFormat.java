package dev.hallmark.registry.journal;

import dev.hallmark.registry.internal.Bytes;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.zip.CRC32C;

/**
 * Journal segment layout (big-endian). A segment is named by the sequence number of its first record, 20 decimal
 * digits + {@code .seg}.
 * <pre>
 * header (32 bytes)
 *   0  8  magic "HMJOURNL"
 *   8  2  format version (1)
 *  10  2  header size (32)
 *  12  2  payload encoding: 1 = canonical JSON (UTF-8)
 *  14  2  reserved (0)
 *  16  8  first sequence number
 *  24  4  reserved (0)
 *  28  4  CRC32C of bytes 0..27
 * record (16 + n bytes), repeated
 *   0  4  n = payload length (1 .. 1 MiB)
 *   4  4  CRC32C over length[4] || seq[8] || payload[n]
 *   8  8  seq
 *  16  n  payload (the Merkle leaf: leaf hash = SHA-256(0x00 || payload))
 * seal (16 bytes), only once a segment is rolled: no record may follow
 *   0  4  0xFFFFFFFF
 *   4  4  CRC32C over the next 8 bytes
 *   8  8  next sequence number (first of the next segment)
 * </pre>
 */
public final class SegmentFormat {
    public static final byte[] MAGIC = "HMJOURNL".getBytes(StandardCharsets.US_ASCII);
    public static final int VERSION = 1;
    public static final int HEADER = 32;
    public static final int RECORD_HEADER = 16;
    public static final int MAX_PAYLOAD = 1 << 20;
    public static final int SEAL_MARK = 0xFFFFFFFF;
    public static final int ENCODING_JSON = 1;
    public static final String SUFFIX = ".seg";

    private SegmentFormat() {
    }

    public static String fileName(long firstSeq) {
        return String.format("%020d%s", firstSeq, SUFFIX);
    }

    /** The first seq encoded in a segment file name, or -1 if the name is not a segment name. */
    public static long parseName(String name) {
        if (name.length() != 20 + SUFFIX.length() || !name.endsWith(SUFFIX)) {
            return -1;
        }
        for (int i = 0; i < 20; i++) {
            if (!Character.isDigit(name.charAt(i)) || name.charAt(i) > '9') {
                return -1;
            }
        }
        try {
            return Long.parseLong(name.substring(0, 20));
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    public static byte[] header(long firstSeq) {
        ByteBuffer b = ByteBuffer.allocate(HEADER);
        b.put(MAGIC).putShort((short) VERSION).putShort((short) HEADER).putShort((short) ENCODING_JSON).putShort((short) 0)
                .putLong(firstSeq).putInt(0);
        b.putInt(Bytes.crc32c(b.array(), 0, 28));
        return b.array();
    }

    /** Problem with a header, or null if it is sound. */
    public static String checkHeader(byte[] h, long expectedFirstSeq) {
        if (h.length < HEADER) {
            return "header truncated";
        }
        if (ByteBuffer.wrap(h, 28, 4).getInt() != Bytes.crc32c(h, 0, 28)) {
            return "header checksum mismatch";
        }
        if (!Arrays.equals(h, 0, 8, MAGIC, 0, 8)) {
            return "not a journal segment (bad magic)";
        }
        ByteBuffer b = ByteBuffer.wrap(h);
        int version = b.getShort(8) & 0xFFFF;
        if (version != VERSION) {
            return "segment format version " + version + " is not supported (expected " + VERSION + ")";
        }
        if ((b.getShort(10) & 0xFFFF) != HEADER || (b.getShort(12) & 0xFFFF) != ENCODING_JSON) {
            return "unknown header size or payload encoding";
        }
        long first = b.getLong(16);
        if (first != expectedFirstSeq) {
            return "header says first seq " + first + " but the file name says " + expectedFirstSeq;
        }
        return null;
    }

    /** CRC32C over length || seq || payload. */
    public static int recordCrc(int length, long seq, byte[] payload, int off, int len) {
        CRC32C c = new CRC32C();
        ByteBuffer h = ByteBuffer.allocate(12);
        h.putInt(length).putLong(seq);
        c.update(h.array(), 0, 12);
        c.update(payload, off, len);
        return (int) c.getValue();
    }

    /** Appends one record (header + payload) to {@code out}. */
    public static void putRecord(ByteBuffer out, long seq, byte[] payload) {
        out.putInt(payload.length).putInt(recordCrc(payload.length, seq, payload, 0, payload.length)).putLong(seq).put(payload);
    }

    public static byte[] seal(long nextSeq) {
        ByteBuffer b = ByteBuffer.allocate(RECORD_HEADER);
        ByteBuffer s = ByteBuffer.allocate(8).putLong(nextSeq);
        b.putInt(SEAL_MARK).putInt(Bytes.crc32c(s.array(), 0, 8)).putLong(nextSeq);
        return b.array();
    }
}
