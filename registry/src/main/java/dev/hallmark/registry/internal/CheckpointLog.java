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
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * Signed checkpoints: {@code checkpoints/latest.note} (the newest signed note, replaced atomically: temp file, fsync,
 * rename, fsync folder) and {@code checkpoints/history.log}, every checkpoint ever published, so auditors can ask for
 * consistency between any two.
 *
 * <p>{@code history.log} layout (big-endian): header 64 bytes (magic "HMCKPLOG", u16 version 1, u16 header size 64,
 * 48 reserved, u32 CRC32C of bytes 0..59); records {@code u32 n | u32 CRC32C(n || size || note) | u64 tree size |
 * note[n]} (n <= 64 KiB). A torn last record (crash while appending) is cut off on open.
 */
public final class CheckpointLog implements Closeable {
    public static final String DIR = "checkpoints";
    public static final String LATEST = "latest.note";
    public static final String HISTORY = "history.log";
    private static final byte[] MAGIC = "HMCKPLOG".getBytes(StandardCharsets.US_ASCII);
    private static final int HEADER = 64;
    private static final int MAX_NOTE = 64 * 1024;

    private final Path dir;
    private final FileChannel history;
    private long end;

    /** One history record, or a problem found while reading. */
    public record Entry(long offset, long treeSize, String note) {
    }

    /** Result of reading the history: sound entries, then the problem that stopped reading (null if none). */
    public record Read(List<Entry> entries, long validEnd, String problem, boolean tornTail) {
    }

    private CheckpointLog(Path dir, FileChannel history) {
        this.dir = dir;
        this.history = history;
    }

    /** Opens for appending; cuts a torn final record. Refuses a history with damage before its end. */
    public static CheckpointLog open(Path registryDir) throws RegistryException {
        Path dir = registryDir.resolve(DIR);
        Path h = dir.resolve(HISTORY);
        try {
            AtomicFiles.ensureDirectory(dir);
            boolean fresh = !Files.exists(h);
            FileChannel ch = FileChannel.open(h, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
            CheckpointLog log = new CheckpointLog(dir, ch);
            if (fresh || ch.size() == 0) {
                ch.write(ByteBuffer.wrap(header()), 0);
                ch.force(true);
                AtomicFiles.fsyncDirectory(dir);
                log.end = HEADER;
                return log;
            }
            Read r = read(ch, h);
            if (r.problem() != null && !r.tornTail()) {
                ch.close();
                throw new RegistryException(Reason.CORRUPT, h, r.problem());
            }
            if (r.validEnd() < ch.size()) {
                ch.truncate(r.validEnd());
                ch.force(true);
            }
            log.end = r.validEnd();
            return log;
        } catch (IOException e) {
            throw new RegistryException(Reason.UNREADABLE, h, "cannot open the checkpoint history: " + e.getMessage(), e);
        }
    }

    private static byte[] header() {
        ByteBuffer b = ByteBuffer.allocate(HEADER);
        b.put(MAGIC).putShort((short) 1).putShort((short) HEADER);
        b.position(60);
        b.putInt(Bytes.crc32c(b.array(), 0, 60));
        return b.array();
    }

    /** Reads a history file without changing it. */
    public static Read read(Path historyFile) throws IOException {
        try (FileChannel ch = FileChannel.open(historyFile, StandardOpenOption.READ)) {
            return read(ch, historyFile);
        }
    }

    private static Read read(FileChannel ch, Path file) throws IOException {
        long size = ch.size();
        List<Entry> out = new ArrayList<>();
        ByteBuffer hb = ByteBuffer.allocate(HEADER);
        ch.read(hb, 0);
        byte[] h = hb.array();
        if (size < HEADER || ByteBuffer.wrap(h, 60, 4).getInt() != Bytes.crc32c(h, 0, 60) || !Arrays.equals(h, 0, 8, MAGIC, 0, 8)) {
            return new Read(out, 0, "checkpoint history header is damaged", false);
        }
        if (ByteBuffer.wrap(h, 8, 2).getShort() != 1) {
            return new Read(out, 0, "checkpoint history version is not supported", false);
        }
        long pos = HEADER;
        while (pos < size) {
            if (size - pos < 16) {
                return new Read(out, pos, "truncated checkpoint record at offset " + pos, true);
            }
            ByteBuffer rh = ByteBuffer.allocate(16);
            ch.read(rh, pos);
            rh.flip();
            int n = rh.getInt();
            int crc = rh.getInt();
            long treeSize = rh.getLong();
            if (n <= 0 || n > MAX_NOTE || pos + 16 + n > size) {
                boolean torn = pos + 16 + Math.max(0, Math.min(n, MAX_NOTE)) >= size || n <= 0;
                return new Read(out, pos, "checkpoint record at offset " + pos + " has a bad length", torn);
            }
            ByteBuffer nb = ByteBuffer.allocate(n);
            ch.read(nb, pos + 16);
            CRC32C c = new CRC32C();
            c.update(ByteBuffer.allocate(12).putInt(n).putLong(treeSize).flip());
            c.update(nb.array());
            if ((int) c.getValue() != crc) {
                return new Read(out, pos, "checkpoint record at offset " + pos + " (tree size field " + treeSize + ") fails its CRC32C",
                        pos + 16 + n == size);
            }
            out.add(new Entry(pos, treeSize, new String(nb.array(), StandardCharsets.UTF_8)));
            pos += 16 + n;
        }
        return new Read(out, pos, null, false);
    }

    /** Appends to the history (fsync'd), then replaces {@code latest.note} atomically. */
    public void publish(long treeSize, String note) throws IOException {
        byte[] nb = note.getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(16 + nb.length);
        CRC32C c = new CRC32C();
        c.update(ByteBuffer.allocate(12).putInt(nb.length).putLong(treeSize).flip());
        c.update(nb);
        b.putInt(nb.length).putInt((int) c.getValue()).putLong(treeSize).put(nb).flip();
        long pos = end;
        while (b.hasRemaining()) {
            pos += history.write(b, pos);
        }
        history.force(false);
        end = pos;
        AtomicFiles.write(dir.resolve(LATEST), nb, false);
    }

    /** The latest signed note, or null if none was published. */
    public static String latest(Path registryDir) throws IOException {
        Path f = registryDir.resolve(DIR).resolve(LATEST);
        if (!Files.exists(f)) {
            return null;
        }
        if (Files.size(f) > MAX_NOTE) {
            throw new IOException(f + ": larger than a checkpoint can be");
        }
        return Files.readString(f, StandardCharsets.UTF_8);
    }

    @Override
    public void close() throws IOException {
        history.close();
    }
}
