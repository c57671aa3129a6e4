package dev.hallmark.media.bmff;

import java.nio.ByteBuffer;
import java.util.UUID;

/**
 * Sees every top-level box of a file as {@link BmffRewriter} writes it, in order: one {@link #boxStart} and then
 * the box's bytes (header included) in one or more {@link #boxBytes} calls. Lets a signer hash the output in the
 * same pass that writes it.
 */
public interface BoxListener {
    void boxStart(String type, UUID userType, long offset, long size);

    /** The next bytes of the current box; the buffer is only valid during the call. */
    void boxBytes(ByteBuffer bytes);
}
