package dev.hallmark.media.bmff;

import java.util.List;
import java.util.UUID;

/**
 * Where the top-level boxes of a rewritten file ended up.
 *
 * @param boxes top-level boxes of the output in file order
 * @param insertedOffset offset of the inserted box, -1 if none
 * @param insertedSize its size, 0 if none
 * @param fileSize size of the output
 */
public record Layout(List<Placed> boxes, long insertedOffset, long insertedSize, long fileSize) {
    public Layout {
        boxes = List.copyOf(boxes);
    }

    /** One top-level box of the output. */
    public record Placed(String type, UUID userType, long offset, long size) {
    }
}
