package dev.hallmark.provenance.c2pa;

import dev.hallmark.media.MediaException;
import dev.hallmark.media.bmff.BmffLimits;
import dev.hallmark.media.bmff.BmffParser;
import dev.hallmark.media.bmff.Box;
import dev.hallmark.media.bmff.BoxTree;
import dev.hallmark.provenance.ProvenanceException;
import dev.hallmark.provenance.ProvenanceException.Reason;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Finds the C2PA manifest store in an asset without reading the media: in ISO-BMFF the top-level {@code uuid} box
 * with the C2PA user type and purpose {@code manifest}; in JPEG the APP11 segments carrying JUMBF.
 *
 * <pre>
 * BMFF:  uuid box = size | 'uuid' | d8fec3d6-1b0e-483c-9297-5828877ec481 | version u8 | flags u24
 *                   | purpose (UTF-8, NUL) | [u64 aux offset  if purpose == manifest] | JUMBF | zero padding
 * JPEG:  APP11 (FFEB) | len u16 | 'JP' | En u16 | Z u32 | JUMBF box (first: LBox+TBox+payload; next: repeated
 *        LBox+TBox, then more payload)
 * </pre>
 */
public final class AssetReader {
    /** Largest manifest store we load (c2pa-rs limits manifests similarly). */
    public static final int MAX_MANIFEST = 64 << 20;

    /** Container kinds we read. */
    public enum Format { BMFF, JPEG }

    /**
     * What was found.
     *
     * @param format the container
     * @param jumbf the manifest store bytes (padding may follow the superbox), or null when there is none
     * @param tree the box tree (BMFF only)
     * @param manifestOffset offset of the C2PA uuid box / first APP11 segment, -1 when none
     */
    public record Found(Format format, byte[] jumbf, BoxTree tree, long manifestOffset) {
    }

    private AssetReader() {
    }

    public static Found read(FileChannel ch, Path file) throws ProvenanceException {
        try {
            long size = ch.size();
            if (size == 0) {
                throw new ProvenanceException(Reason.UNREADABLE, file, "empty file");
            }
            byte[] head = new byte[(int) Math.min(12, size)];
            readFully(ch, 0, head);
            if (head.length >= 3 && (head[0] & 0xff) == 0xff && (head[1] & 0xff) == 0xd8 && (head[2] & 0xff) == 0xff) {
                return readJpeg(ch, file, size);
            }
            if (BmffParser.looksLikeBmff(ch)) {
                return readBmff(ch, file);
            }
            throw new ProvenanceException(Reason.UNSUPPORTED, file, "not an MP4/MOV (ISO-BMFF) or JPEG file");
        } catch (IOException e) {
            throw new ProvenanceException(Reason.UNREADABLE, file, "cannot read: " + e.getMessage(), e);
        }
    }

    /** Parses the BMFF box tree with the media module's bounded parser, mapping its errors. */
    public static BoxTree tree(FileChannel ch, Path file) throws ProvenanceException {
        try {
            return BmffParser.parse(ch, file, BmffLimits.DEFAULT);
        } catch (MediaException e) {
            Reason r = switch (e.reason()) {
                case LIMIT_EXCEEDED -> Reason.LIMIT_EXCEEDED;
                case UNREADABLE -> Reason.UNREADABLE;
                case UNSUPPORTED -> Reason.UNSUPPORTED;
                default -> Reason.MALFORMED;
            };
            String msg = e.getMessage();
            String prefix = file + ": ";
            throw new ProvenanceException(r, file, msg.startsWith(prefix) ? msg.substring(prefix.length()) : msg, e);
        }
    }

    private static Found readBmff(FileChannel ch, Path file) throws IOException, ProvenanceException {
        BoxTree tree = tree(ch, file);
        Box first = tree.topLevel().get(0);
        if (!first.type().equals("ftyp")) {
            throw new ProvenanceException(Reason.UNSUPPORTED, file, "ISO-BMFF file does not start with 'ftyp' (found '"
                    + first.type() + "'); a media segment must be verified together with its init segment");
        }
        byte[] manifest = null;
        long offset = -1;
        for (Box b : tree.topLevelUuid(Labels.BMFF_UUID)) {
            Purpose p = purpose(ch, file, b);
            if (p.name().equals("manifest")) {
                if (manifest != null) {
                    throw new ProvenanceException(Reason.MALFORMED, file, "more than one C2PA manifest store box");
                }
                long start = p.dataOffset() + 8; // skip the aux-uuid offset
                long len = b.end() - start;
                if (len < 0) {
                    throw new ProvenanceException(Reason.MALFORMED, file, "C2PA box at offset " + b.offset()
                            + " too small for its merkle offset field");
                }
                if (len > MAX_MANIFEST) {
                    throw new ProvenanceException(Reason.LIMIT_EXCEEDED, file, "C2PA manifest store of " + len
                            + " bytes exceeds " + MAX_MANIFEST);
                }
                manifest = new byte[(int) len];
                readFully(ch, start, manifest);
                offset = b.offset();
            } else if (p.name().equals("original") || p.name().equals("update")) {
                throw new ProvenanceException(Reason.UNSUPPORTED, file, "C2PA update manifests are not supported");
            }
        }
        return new Found(Format.BMFF, manifest, tree, offset);
    }

    /** Purpose string of a C2PA uuid box and the offset just after its NUL. */
    public record Purpose(String name, long dataOffset) {
    }

    public static Purpose purpose(FileChannel ch, Path file, Box b) throws IOException, ProvenanceException {
        long p = b.payloadOffset() + 4; // version + flags
        long end = b.end();
        if (p > end) {
            throw new ProvenanceException(Reason.MALFORMED, file, "C2PA box at offset " + b.offset()
                    + " too small for its FullBox header");
        }
        int max = (int) Math.min(256, end - p);
        byte[] buf = new byte[max];
        readFully(ch, p, buf);
        for (int i = 0; i < max; i++) {
            if (buf[i] == 0) {
                return new Purpose(new String(buf, 0, i, StandardCharsets.UTF_8), p + i + 1);
            }
        }
        throw new ProvenanceException(Reason.MALFORMED, file, "C2PA box at offset " + b.offset()
                + " has no NUL-terminated purpose");
    }

    private static Found readJpeg(FileChannel ch, Path file, long size) throws IOException, ProvenanceException {
        long pos = 2;
        ByteArrayOutputStream store = new ByteArrayOutputStream();
        byte[] en = null;
        int segCount = 0;
        int stores = 0;
        long firstOffset = -1;
        byte[] hdr = new byte[4];
        int segments = 0;
        while (pos + 4 <= size) {
            readFully(ch, pos, hdr);
            if ((hdr[0] & 0xff) != 0xff) {
                throw new ProvenanceException(Reason.MALFORMED, file, "JPEG marker expected at offset " + pos);
            }
            int marker = hdr[1] & 0xff;
            if (marker == 0xff) { // fill byte
                pos++;
                continue;
            }
            if (marker == 0xda || marker == 0xd9) { // start of scan / end of image: no more metadata segments
                break;
            }
            if (marker == 0x01 || (marker >= 0xd0 && marker <= 0xd7)) {
                pos += 2;
                continue;
            }
            if (++segments > 100_000) {
                throw new ProvenanceException(Reason.LIMIT_EXCEEDED, file, "more than 100000 JPEG segments");
            }
            int len = ((hdr[2] & 0xff) << 8) | (hdr[3] & 0xff);
            if (len < 2 || pos + 2 + len > size) {
                throw new ProvenanceException(Reason.MALFORMED, file, "JPEG segment at offset " + pos
                        + " runs past the end of the file");
            }
            if (marker == 0xeb && len - 2 > 16) {
                byte[] seg = new byte[len - 2];
                readFully(ch, pos + 4, seg);
                byte[] segEn = Arrays.copyOfRange(seg, 2, 4);
                long z = ((seg[4] & 0xffL) << 24) | ((seg[5] & 0xffL) << 16) | ((seg[6] & 0xffL) << 8) | (seg[7] & 0xffL);
                boolean continuation = en != null && Arrays.equals(en, segEn);
                if (segCount > 0 && continuation) {
                    if (z <= segCount) {
                        en = null; // out of sequence: stop collecting, as c2pa-rs does
                    } else {
                        store.write(seg, 16, seg.length - 16);
                        segCount++;
                    }
                } else if (seg.length > 28 && new String(seg, 24, 4, StandardCharsets.ISO_8859_1).equals("c2pa")) {
                    if (stores == 1) {
                        throw new ProvenanceException(Reason.MALFORMED, file, "more than one C2PA manifest store");
                    }
                    store.write(seg, 8, seg.length - 8);
                    segCount = 1;
                    en = segEn;
                    stores++;
                    firstOffset = pos;
                }
                if (store.size() > MAX_MANIFEST) {
                    throw new ProvenanceException(Reason.LIMIT_EXCEEDED, file, "C2PA manifest store exceeds "
                            + MAX_MANIFEST + " bytes");
                }
            }
            pos += 2 + len;
        }
        return new Found(Format.JPEG, store.size() == 0 ? null : store.toByteArray(), null, firstOffset);
    }

    public static void readFully(FileChannel ch, long pos, byte[] dst) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(dst);
        long p = pos;
        while (b.hasRemaining()) {
            int n = ch.read(b, p);
            if (n < 0) {
                throw new EOFException("unexpected end of file at offset " + p);
            }
            p += n;
        }
    }
}
