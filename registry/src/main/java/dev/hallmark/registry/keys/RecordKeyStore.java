package dev.hallmark.registry.keys;

import dev.hallmark.registry.RegistryException;
import dev.hallmark.registry.RegistryException.Reason;
import dev.hallmark.registry.internal.Bytes;
import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.spec.SecretKeySpec;

/**
 * The per-record key store ({@code vault/record-keys.dat}): one fixed 64-byte slot per journal sequence number,
 * holding the record's data-encryption key wrapped (AES key wrap, RFC 3394) under the log's KEK, and the instant its
 * personal data expires. Crypto-shredding overwrites the slot in place with state SHREDDED and zero key bytes.
 *
 * <p>Layout (big-endian). Header, 64 bytes: magic "HMRECKEY", u16 version (1), u16 header size (64), u32 slot size
 * (64), 16 bytes SHA-256(KEK)[:16] (detects a store opened with another log's key), 28 reserved, u32 CRC32C of bytes
 * 0..59. Slot {@code s} at {@code 64 + 64*s}:
 * <pre>
 *  0  8  seq (must equal s)
 *  8  1  state: 0 NONE (no personal data), 1 LIVE, 2 SHREDDED
 *  9  3  reserved (0)
 * 12  8  retain-until, epoch seconds (Long.MAX_VALUE = legal hold)
 * 20 40  LIVE: AESWrap(KEK, DEK); SHREDDED: u64 seq of the shred record, u64 shred time (epoch ms), 24 zeros;
 *         NONE: zeros
 * 60  4  CRC32C of bytes 0..59
 * </pre>
 *
 * <p>Security: the KEK never leaves memory; shredded slots keep no key material. Remnants of overwritten blocks on the
 * storage device are out of this format's reach; the wrapped form means such remnants are useless without the KEK.
 */
public final class RecordKeyStore implements Closeable {
    public static final int HEADER = 64;
    public static final int SLOT = 64;
    public static final byte NONE = 0;
    public static final byte LIVE = 1;
    public static final byte SHREDDED = 2;
    private static final byte[] MAGIC = "HMRECKEY".getBytes(StandardCharsets.US_ASCII);

    private final Path file;
    private final FileChannel ch;
    private final SecretKeySpec kek;
    private final ThreadLocal<Cipher> wrapCipher;

    /**
     * One decoded slot. {@code valid} is false when the CRC or the sequence number is wrong. {@code shredSeq} and
     * {@code shredTimeMillis} are set (else -1) for SHREDDED slots.
     */
    public record Slot(long seq, byte state, long retainUntilEpochSecond, byte[] wrappedKey, long shredSeq,
            long shredTimeMillis, boolean valid) {
    }

    private RecordKeyStore(Path file, FileChannel ch, byte[] kekBytes) {
        this.file = file;
        this.ch = ch;
        this.kek = new SecretKeySpec(kekBytes, "AES");
        this.wrapCipher = ThreadLocal.withInitial(() -> {
            try {
                return Cipher.getInstance("AESWrap");
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("the JDK has no AESWrap", e);
            }
        });
    }

    /** Opens (creating if missing) the store; checks the header and that it belongs to {@code kek}. */
    public static RecordKeyStore open(Path file, byte[] kek, boolean readOnly) throws RegistryException {
        try {
            boolean fresh = !Files.exists(file);
            if (fresh && readOnly) {
                throw new RegistryException(Reason.CORRUPT, file, "record key store is missing");
            }
            FileChannel ch = readOnly ? FileChannel.open(file, StandardOpenOption.READ)
                    : FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE, StandardOpenOption.CREATE);
            RecordKeyStore s = new RecordKeyStore(file, ch, kek);
            try {
                if (fresh || ch.size() == 0) {
                    ch.write(ByteBuffer.wrap(s.header()), 0);
                    ch.force(true);
                } else {
                    s.checkHeader();
                }
            } catch (RegistryException | IOException | RuntimeException e) {
                ch.close();
                throw e;
            }
            return s;
        } catch (IOException e) {
            throw new RegistryException(Reason.UNREADABLE, file, "cannot open the record key store: " + e.getMessage(), e);
        }
    }

    private byte[] fingerprint() {
        return Arrays.copyOf(Bytes.sha256(kek.getEncoded()), 16);
    }

    private byte[] header() {
        ByteBuffer b = ByteBuffer.allocate(HEADER);
        b.put(MAGIC).putShort((short) 1).putShort((short) HEADER).putInt(SLOT).put(fingerprint());
        b.position(60);
        b.putInt(Bytes.crc32c(b.array(), 0, 60));
        return b.array();
    }

    private void checkHeader() throws RegistryException, IOException {
        ByteBuffer b = ByteBuffer.allocate(HEADER);
        if (ch.read(b, 0) != HEADER) {
            throw new RegistryException(Reason.CORRUPT, file, "record key store header is truncated");
        }
        byte[] h = b.array();
        if (ByteBuffer.wrap(h, 60, 4).getInt() != Bytes.crc32c(h, 0, 60)) {
            throw new RegistryException(Reason.CORRUPT, file, "record key store header checksum mismatch");
        }
        if (!Arrays.equals(h, 0, 8, MAGIC, 0, 8)) {
            throw new RegistryException(Reason.CORRUPT, file, "not a record key store (bad magic)");
        }
        int version = ByteBuffer.wrap(h, 8, 2).getShort();
        if (version != 1) {
            throw new RegistryException(Reason.UNSUPPORTED_VERSION, file, "record key store version " + version + " is not supported");
        }
        if (!MessageDigest.isEqual(Arrays.copyOfRange(h, 16, 32), fingerprint())) {
            throw new RegistryException(Reason.TAMPERED, file, "record key store belongs to another registry key");
        }
    }

    public Path file() {
        return file;
    }

    /** Number of whole slots in the file. */
    public long slotCount() throws IOException {
        return Math.max(0, (ch.size() - HEADER) / SLOT);
    }

    /** Wraps a 32-byte data key under the KEK (40 bytes). */
    public byte[] wrap(byte[] dek) {
        try {
            Cipher c = wrapCipher.get();
            c.init(Cipher.WRAP_MODE, kek);
            return c.wrap(new SecretKeySpec(dek, "AES"));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES key wrap failed", e);
        }
    }

    /** Unwraps a data key; throws GeneralSecurityException if the wrapped bytes were altered. */
    public byte[] unwrap(byte[] wrapped) throws GeneralSecurityException {
        Cipher c = wrapCipher.get();
        c.init(Cipher.UNWRAP_MODE, kek);
        return c.unwrap(wrapped, "AES", Cipher.SECRET_KEY).getEncoded();
    }

    /** Encodes one slot into {@code out} at its current position (64 bytes). */
    public static void encodeSlot(ByteBuffer out, long seq, byte state, long retainUntil, byte[] wrapped) {
        if (wrapped != null && wrapped.length != 40) {
            throw new IllegalArgumentException("wrapped key must be 40 bytes");
        }
        encode(out, seq, state, retainUntil, wrapped == null ? new byte[40] : wrapped);
    }

    private static void encode(ByteBuffer out, long seq, byte state, long retainUntil, byte[] body) {
        int start = out.position();
        out.putLong(seq).put(state).put(new byte[3]).putLong(retainUntil);
        out.put(body);
        java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
        ByteBuffer dup = out.duplicate();
        dup.position(start).limit(start + 60);
        crc.update(dup);
        out.putInt((int) crc.getValue());
    }

    /** Writes encoded slots starting at {@code firstSeq} (writer thread only). */
    public void write(long firstSeq, ByteBuffer slots) throws IOException {
        long pos = HEADER + firstSeq * SLOT;
        while (slots.hasRemaining()) {
            pos += ch.write(slots, pos);
        }
    }

    public void force() throws IOException {
        ch.force(false);
    }

    /** Reads slot {@code seq}; an absent slot reads as invalid. */
    public Slot read(long seq) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(SLOT);
        long pos = HEADER + seq * SLOT;
        int n = 0;
        while (b.hasRemaining()) {
            int r = ch.read(b, pos + n);
            if (r < 0) {
                break;
            }
            n += r;
        }
        if (n < SLOT) {
            return new Slot(seq, NONE, 0, null, -1, -1, false);
        }
        return decode(seq, b.array(), 0);
    }

    /** Decodes a slot from {@code buf} at {@code off}; valid only if the CRC matches and the stored seq is {@code seq}. */
    public static Slot decode(long seq, byte[] buf, int off) {
        ByteBuffer b = ByteBuffer.wrap(buf, off, SLOT);
        long s = b.getLong();
        byte state = b.get();
        b.position(off + 12);
        long retain = b.getLong();
        byte[] wrapped = new byte[40];
        b.get(wrapped);
        int crc = b.getInt();
        boolean valid = crc == Bytes.crc32c(buf, off, 60) && s == seq && state >= NONE && state <= SHREDDED;
        long shredSeq = -1;
        long shredTime = -1;
        if (state == SHREDDED) {
            ByteBuffer w = ByteBuffer.wrap(wrapped);
            shredSeq = w.getLong();
            shredTime = w.getLong();
        }
        return new Slot(seq, state, retain, state == LIVE ? wrapped : null, shredSeq, shredTime, valid);
    }

    /** Reads {@code count} raw slots from {@code firstSeq} into a byte array (for scans). */
    public byte[] readRaw(long firstSeq, int count) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(count * SLOT);
        long pos = HEADER + firstSeq * SLOT;
        while (b.hasRemaining()) {
            int r = ch.read(b, pos + b.position());
            if (r < 0) {
                break;
            }
        }
        return Arrays.copyOf(b.array(), b.position());
    }

    /** Crypto-shreds slot {@code seq}: state SHREDDED, key bytes gone, shred record noted (caller forces). */
    public void shred(long seq, long retainUntil, long shredSeq, long shredTimeMillis) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(SLOT);
        byte[] body = new byte[40];
        ByteBuffer.wrap(body).putLong(shredSeq).putLong(shredTimeMillis);
        encode(b, seq, SHREDDED, retainUntil, body);
        b.flip();
        write(seq, b);
    }

    /** Drops slots at and beyond {@code slots} (recovery, after the journal was truncated). */
    public void truncate(long slots) throws IOException {
        if (ch.size() > HEADER + slots * SLOT) {
            ch.truncate(HEADER + slots * SLOT);
            ch.force(true);
        }
    }

    @Override
    public void close() throws IOException {
        ch.close();
    }
}
