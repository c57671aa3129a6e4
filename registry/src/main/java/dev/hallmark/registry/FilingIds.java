package dev.hallmark.registry;

import dev.hallmark.registry.internal.Ulid;
import java.time.Instant;
import java.util.HexFormat;

/**
 * Filing ids are ULIDs (26 Crockford base-32 characters: 48-bit millisecond time + 80 random bits). The invisible
 * watermark carries 64 bits of it: the high half — the filing time in milliseconds and 16 random bits — written as
 * 16 lower-case hex digits. {@link FilingRegistry#findByWatermark(String)} finds the filing from those bits.
 */
public final class FilingIds {
    private FilingIds() {
    }

    /** The 64-bit watermark payload (16 hex digits) of a filing id. */
    public static String watermarkPayload(String filingId) {
        return HexFormat.of().withLowerCase().toHexDigits(Ulid.hi(filingId));
    }

    /** True when {@code payloadHex} is the watermark form of {@code filingId}. */
    public static boolean matches(String filingId, String payloadHex) {
        return Ulid.isValid(filingId) && payloadHex != null && watermarkPayload(filingId).equalsIgnoreCase(payloadHex);
    }

    /** The filing time a watermark payload records (its high 48 bits). */
    public static Instant timeOf(String payloadHex) {
        long v = Long.parseUnsignedLong(payloadHex, 16);
        return Instant.ofEpochMilli(v >>> 16);
    }

    public static boolean isValid(String filingId) {
        return Ulid.isValid(filingId);
    }
}
