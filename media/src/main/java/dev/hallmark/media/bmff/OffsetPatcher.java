package dev.hallmark.media.bmff;

import dev.hallmark.media.MediaException;
import dev.hallmark.media.MediaException.Reason;
import java.nio.ByteBuffer;
import java.nio.file.Path;

/**
 * Rewrites the absolute file offsets an ISO-BMFF file stores, after boxes before them moved:
 * {@code stco} (upgraded to {@code co64} when an offset passes 4 GiB), {@code co64}, {@code tfhd}
 * base_data_offset and {@code tfra} moof offsets.
 *
 * <pre>
 * stco: u8 version | u24 flags | u32 entry_count | u32 chunk_offset[entry_count]
 * co64: u8 version | u24 flags | u32 entry_count | u64 chunk_offset[entry_count]
 * tfhd: u8 version | u24 flags | u32 track_ID | [u64 base_data_offset if flags &amp; 0x000001] ...
 * tfra: u8 version | u24 flags | u32 track_ID | u32 (26 reserved, 2+2+2 length sizes) | u32 number_of_entry |
 *       { (v1 ? u64 : u32) time, (v1 ? u64 : u32) moof_offset, traf/trun/sample numbers } [number_of_entry]
 * </pre>
 */
final class OffsetPatcher {
    /** Maps an offset in the input file to the same byte's offset in the output file. */
    @FunctionalInterface
    interface OffsetMap {
        long map(long oldOffset) throws MediaException;
    }

    private OffsetPatcher() {
    }

    /** The payload of an offset table; a hostile file can make one look like a container of boxes. */
    private static byte[] leafPayload(MutableBox box, Path file) throws MediaException {
        if (box.isContainer()) {
            throw new MediaException(Reason.CORRUPT, file, "'" + box.type() + "' box holds child boxes instead of a table");
        }
        return box.payload();
    }

    static void patchChunkOffsets(MutableBox root, OffsetMap map, Path file, BmffLimits limits)
            throws MediaException {
        // co64 boxes of the input, listed before any stco is upgraded (those are mapped once, below)
        java.util.List<MutableBox> inputCo64 = root.all("co64");
        for (MutableBox stco : root.all("stco")) {
            ByteBuffer p = ByteBuffer.wrap(leafPayload(stco, file));
            int count = tableCount(p, 4, "stco", file, limits);
            long[] mapped = new long[count];
            boolean needs64 = false;
            for (int i = 0; i < count; i++) {
                mapped[i] = map.map(Integer.toUnsignedLong(p.getInt(8 + 4 * i)));
                needs64 |= mapped[i] > 0xFFFFFFFFL;
            }
            if (needs64) {
                ByteBuffer q = ByteBuffer.allocate(8 + 8 * count);
                q.putInt(p.getInt(0)).putInt(count);
                for (long m : mapped) {
                    q.putLong(m);
                }
                stco.setPayload(q.array());
                stco.setType("co64");
            } else {
                for (int i = 0; i < count; i++) {
                    p.putInt(8 + 4 * i, (int) mapped[i]);
                }
            }
        }
        for (MutableBox co64 : inputCo64) {
            ByteBuffer p = ByteBuffer.wrap(leafPayload(co64, file));
            int count = tableCount(p, 8, "co64", file, limits);
            for (int i = 0; i < count; i++) {
                int at = 8 + 8 * i;
                long v = p.getLong(at);
                if (v < 0) {
                    throw new MediaException(Reason.CORRUPT, file, "co64 entry " + i + " is negative");
                }
                p.putLong(at, map.map(v));
            }
        }
    }

    /** Patches {@code tfhd} base_data_offset fields inside a {@code moof}. */
    static void patchFragment(MutableBox moof, OffsetMap map, Path file) throws MediaException {
        for (MutableBox tfhd : moof.all("tfhd")) {
            ByteBuffer p = ByteBuffer.wrap(leafPayload(tfhd, file));
            if (p.capacity() < 8) {
                throw new MediaException(Reason.CORRUPT, file, "tfhd box too short");
            }
            int flags = p.getInt(0) & 0xFFFFFF;
            if ((flags & 0x1) != 0) {
                if (p.capacity() < 16) {
                    throw new MediaException(Reason.CORRUPT, file, "tfhd announces base_data_offset but is too short");
                }
                p.putLong(8, map.map(p.getLong(8)));
            }
        }
    }

    /** Patches the moof offsets of every {@code tfra} in an {@code mfra}. */
    static void patchRandomAccess(MutableBox mfra, OffsetMap map, Path file, BmffLimits limits)
            throws MediaException {
        for (MutableBox tfra : mfra.all("tfra")) {
            ByteBuffer p = ByteBuffer.wrap(leafPayload(tfra, file));
            if (p.capacity() < 16) {
                throw new MediaException(Reason.CORRUPT, file, "tfra box too short");
            }
            int version = p.get(0) & 0xFF;
            int sizes = p.getInt(8);
            int entryBytes = (version == 1 ? 16 : 8) + ((sizes >> 4) & 3) + 1 + ((sizes >> 2) & 3) + 1 + (sizes & 3) + 1;
            long count = Integer.toUnsignedLong(p.getInt(12));
            if (count > limits.maxTableEntries() || 16 + count * entryBytes > p.capacity()) {
                throw new MediaException(Reason.CORRUPT, file, "tfra entry count " + count + " does not fit its box");
            }
            for (int i = 0; i < count; i++) {
                int at = 16 + i * entryBytes;
                if (version == 1) {
                    p.putLong(at + 8, map.map(p.getLong(at + 8)));
                } else {
                    long mapped = map.map(Integer.toUnsignedLong(p.getInt(at + 4)));
                    if (mapped > 0xFFFFFFFFL) {
                        throw new MediaException(Reason.UNSUPPORTED, file, "tfra v0 offset would pass 4 GiB");
                    }
                    p.putInt(at + 4, (int) mapped);
                }
            }
        }
    }

    private static int tableCount(ByteBuffer p, int entrySize, String type, Path file, BmffLimits limits)
            throws MediaException {
        if (p.capacity() < 8) {
            throw new MediaException(Reason.CORRUPT, file, type + " box too short");
        }
        long count = Integer.toUnsignedLong(p.getInt(4));
        if (count > limits.maxTableEntries() || 8 + count * entrySize > p.capacity()) {
            throw new MediaException(Reason.CORRUPT, file, type + " claims " + count + " entries, more than its "
                    + p.capacity() + "-byte box holds");
        }
        return (int) count;
    }
}
