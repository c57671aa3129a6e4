package dev.hallmark.provenance.c2pa;

import dev.hallmark.provenance.internal.Malformed;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.TreeSet;

/**
 * Hashes a file minus exclusion ranges, inserting the big-endian 64-bit offset of each remaining top-level box before
 * its bytes for BMFF hash v2/v3 — the same range arithmetic as c2pa-rs {@code hash_stream_by_alg} so the digests agree
 * in every corner (subset exclusions, boxes whose start is excluded).
 */
public final class RangeHasher {
    private static final int BUFFER = 1 << 20;

    /** An exclusion: {@code [start, start+length)}. */
    public record Range(long start, long length) {
    }

    private RangeHasher() {
    }

    public static MessageDigest digest(String c2paAlg) {
        String jca = Claim.jcaDigest(c2paAlg);
        if (jca == null) {
            throw new Malformed("unsupported hash algorithm: " + c2paAlg);
        }
        try {
            return MessageDigest.getInstance(jca);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The digest of {@code [0, size)} minus {@code exclusions}, with each of {@code boxOffsets} hashed as u64be where
     * its box starts (empty for data hashes and BMFF hash v1).
     *
     * @throws Malformed when an exclusion runs past the end of the file
     */
    public static byte[] hash(FileChannel ch, long size, List<Range> exclusions, List<Long> boxOffsets, String alg)
            throws IOException {
        MessageDigest md = digest(alg);
        if (size < 1) {
            throw new Malformed("no data to hash");
        }
        List<long[]> ranges = ranges(size, exclusions, boxOffsets);
        TreeSet<Long> offsets = new TreeSet<>(boxOffsets);
        ByteBuffer buf = ByteBuffer.allocateDirect(BUFFER);
        ByteBuffer u64 = ByteBuffer.allocate(8);
        for (long[] r : ranges) {
            if (r[0] == r[1] && offsets.contains(r[0])) {
                u64.clear();
                u64.putLong(r[0]);
                md.update(u64.array());
                continue;
            }
            update(md, ch, r[0], r[1] - r[0] + 1, buf);
        }
        return md.digest();
    }

    /** Inclusive ranges to hash in order; single-point ranges at a box offset mean "hash the offset". */
    static List<long[]> ranges(long size, List<Range> exclusions, List<Long> boxOffsets) {
        List<long[]> out = new ArrayList<>();
        long dataEnd = size - 1;
        boolean any = !exclusions.isEmpty() || !boxOffsets.isEmpty();
        if (!any) {
            out.add(new long[] {0, dataEnd});
            return out;
        }
        // c2pa-rs checks the exclusion that starts last (offset markers count as 1-byte entries)
        long lastStart = -1;
        long lastEnd = 0;
        for (Range e : exclusions) {
            if (e.start() >= lastStart) {
                lastStart = e.start();
                lastEnd = Math.addExact(e.start(), e.length());
            }
        }
        for (Long o : boxOffsets) {
            if (o >= lastStart) {
                lastStart = o;
                lastEnd = o + 1;
            }
        }
        if (size < lastEnd) {
            throw new Malformed("the exclusion range exceeds the data length");
        }
        // included = [0, dataEnd] minus exclusions
        List<long[]> included = new ArrayList<>();
        included.add(new long[] {0, dataEnd});
        List<Range> sorted = new ArrayList<>(exclusions);
        sorted.sort(Comparator.comparingLong(Range::start));
        for (Range e : sorted) {
            if (e.length() == 0) {
                continue;
            }
            long xs = e.start();
            long xe = Math.addExact(e.start(), e.length()) - 1;
            List<long[]> next = new ArrayList<>();
            for (long[] r : included) {
                if (xe < r[0] || xs > r[1]) {
                    next.add(r);
                    continue;
                }
                if (xs > r[0]) {
                    next.add(new long[] {r[0], xs - 1});
                }
                if (xe < r[1]) {
                    next.add(new long[] {xe + 1, r[1]});
                }
            }
            included = next;
        }
        if (boxOffsets.isEmpty()) {
            return included;
        }
        List<Long> starts = new ArrayList<>(new TreeSet<>(boxOffsets));
        for (long[] r : included) {
            long[] current = r;
            for (long os : starts) {
                if (os >= current[0] && os <= current[1]) {
                    if (current[0] == os) {
                        out.add(new long[] {os, os});
                    } else {
                        out.add(new long[] {current[0], os - 1});
                        out.add(new long[] {os, os});
                        current = new long[] {os, current[1]};
                    }
                }
            }
            out.add(current);
        }
        long before = out.isEmpty() ? 0 : out.get(0)[0];
        long after = out.isEmpty() ? dataEnd : out.get(out.size() - 1)[1];
        List<long[]> extra = new ArrayList<>();
        for (long os : starts) {
            boolean inside = false;
            for (long[] r : out) {
                if (os >= r[0] && os <= r[1]) {
                    inside = true;
                    break;
                }
            }
            if (!inside && os > before && os < after) {
                extra.add(new long[] {os, os});
            }
        }
        out.addAll(extra);
        out.sort(Comparator.comparingLong(a -> a[0])); // stable: an offset marker stays before its box's bytes
        return out;
    }

    /** Feeds {@code [start, start+len)} of the file to {@code md}. */
    public static void update(MessageDigest md, FileChannel ch, long start, long len, ByteBuffer buf) throws IOException {
        long pos = start;
        long left = len;
        while (left > 0) {
            buf.clear();
            if (left < buf.capacity()) {
                buf.limit((int) left);
            }
            int n = ch.read(buf, pos);
            if (n < 0) {
                throw new EOFException("file ended at offset " + pos + " while hashing");
            }
            buf.flip();
            md.update(buf);
            pos += n;
            left -= n;
        }
    }

    /** Digest of one range of the file. */
    public static byte[] hashRange(FileChannel ch, long start, long len, String alg) throws IOException {
        MessageDigest md = digest(alg);
        update(md, ch, start, len, ByteBuffer.allocateDirect((int) Math.min(BUFFER, Math.max(len, 1))));
        return md.digest();
    }
}
