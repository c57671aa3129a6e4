package dev.hallmark.provenance.c2pa;

import dev.hallmark.media.bmff.BoxListener;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.UUID;

/**
 * Computes our {@code c2pa.hash.bmff.v3} flat hash while {@code BmffRewriter} writes the output, so signing reads the
 * media once: for every top-level box except {@code ftyp}, {@code mfra} and C2PA {@code uuid} boxes, the box's
 * offset as u64 big-endian, then its bytes. With whole top-level boxes as the only exclusions this is exactly what
 * c2pa-rs computes when validating ({@link RangeHasher}).
 */
public final class BmffStreamHasher implements BoxListener {
    private final MessageDigest md;
    private final ByteBuffer u64 = ByteBuffer.allocate(8);
    private boolean excluded;
    private long hashedBytes;

    public BmffStreamHasher() {
        try {
            md = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Whether our hard binding leaves this top-level box out. */
    public static boolean excluded(String type, UUID userType) {
        return type.equals("ftyp") || type.equals("mfra") || (type.equals("uuid") && Labels.BMFF_UUID.equals(userType));
    }

    @Override
    public void boxStart(String type, UUID userType, long offset, long size) {
        excluded = excluded(type, userType);
        if (!excluded) {
            u64.clear();
            u64.putLong(offset);
            md.update(u64.array());
        }
    }

    @Override
    public void boxBytes(ByteBuffer bytes) {
        if (!excluded) {
            hashedBytes += bytes.remaining();
            md.update(bytes);
        }
    }

    public long hashedBytes() {
        return hashedBytes;
    }

    public byte[] digest() {
        return md.digest();
    }
}
