package dev.hallmark.registry.internal;

import dev.hallmark.registry.RegistryException;
import dev.hallmark.registry.RegistryException.Reason;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

/**
 * {@code registry.meta}: names the log this folder holds. Text, four lines:
 * {@code hallmark-registry 1}, {@code origin <origin>}, {@code created <time>}, {@code crc32c <hex of the bytes
 * before this line>}. Written once, atomically.
 */
public record RegistryMeta(String origin, Instant created) {
    public static final String FILE = "registry.meta";
    private static final String MAGIC = "hallmark-registry 1";

    public static RegistryMeta read(Path dir) throws RegistryException {
        Path f = dir.resolve(FILE);
        String all;
        try {
            if (Files.size(f) > 4096) {
                throw new RegistryException(Reason.CORRUPT, f, "metadata file is too large");
            }
            all = Files.readString(f, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new RegistryException(Reason.UNREADABLE, f, "cannot read registry metadata: " + e.getMessage(), e);
        }
        int crcLine = all.lastIndexOf("crc32c ");
        if (crcLine < 0 || !all.endsWith("\n")) {
            throw new RegistryException(Reason.CORRUPT, f, "metadata has no checksum line");
        }
        byte[] body = all.substring(0, crcLine).getBytes(StandardCharsets.UTF_8);
        String want = String.format("%08x", Bytes.crc32c(body, 0, body.length));
        if (!all.substring(crcLine + 7).strip().equals(want)) {
            throw new RegistryException(Reason.CORRUPT, f, "metadata checksum mismatch");
        }
        String[] lines = all.substring(0, crcLine).split("\n");
        if (lines.length != 3 || !lines[0].equals(MAGIC)) {
            if (lines.length > 0 && lines[0].startsWith("hallmark-registry ")) {
                throw new RegistryException(Reason.UNSUPPORTED_VERSION, f, "registry format '" + lines[0] + "' is not supported (expected '" + MAGIC + "')");
            }
            throw new RegistryException(Reason.CORRUPT, f, "not a Hallmark registry metadata file");
        }
        if (!lines[1].startsWith("origin ") || !lines[2].startsWith("created ")) {
            throw new RegistryException(Reason.CORRUPT, f, "metadata fields missing");
        }
        try {
            return new RegistryMeta(lines[1].substring(7), Instant.parse(lines[2].substring(8)));
        } catch (RuntimeException e) {
            throw new RegistryException(Reason.CORRUPT, f, "metadata fields malformed");
        }
    }

    public void write(Path dir) throws IOException {
        String body = MAGIC + "\norigin " + origin + "\ncreated " + created + "\n";
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        String all = body + String.format("crc32c %08x\n", Bytes.crc32c(b, 0, b.length));
        AtomicFiles.write(dir.resolve(FILE), all.getBytes(StandardCharsets.UTF_8), false);
    }
}
