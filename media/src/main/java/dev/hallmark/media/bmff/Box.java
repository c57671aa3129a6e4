package dev.hallmark.media.bmff;

import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * One box of an ISO-BMFF file as parsed (position and size only; payload stays in the file).
 *
 * <pre>
 * u32 size | u32 type | [u64 largesize if size == 1] | [u8[16] usertype if type == 'uuid'] | payload
 * size 0 = box extends to the end of the file (top level only)
 * </pre>
 *
 * @param type four-character code (ISO-8859-1)
 * @param userType the extended type of a {@code uuid} box, else null
 * @param offset file offset of the first header byte
 * @param headerSize bytes of header (8, 16, +16 for uuid)
 * @param size total box size including header
 * @param children parsed children for container boxes, empty otherwise
 */
public record Box(String type, UUID userType, long offset, int headerSize, long size, List<Box> children) {
    public Box {
        Objects.requireNonNull(type);
        children = List.copyOf(children);
    }

    public long payloadOffset() {
        return offset + headerSize;
    }

    public long payloadSize() {
        return size - headerSize;
    }

    public long end() {
        return offset + size;
    }

    /** First child of that type, or null. */
    public Box child(String childType) {
        for (Box b : children) {
            if (b.type.equals(childType)) {
                return b;
            }
        }
        return null;
    }

    /** All children of that type, in file order. */
    public List<Box> children(String childType) {
        return children.stream().filter(b -> b.type.equals(childType)).toList();
    }

    @Override
    public String toString() {
        return type + (userType != null ? "[" + userType + "]" : "") + "@" + offset + "+" + size;
    }
}
