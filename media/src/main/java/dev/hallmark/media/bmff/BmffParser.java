package dev.hallmark.media.bmff;

import dev.hallmark.media.MediaException;
import dev.hallmark.media.MediaException.Reason;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Streaming, bounded ISO-BMFF parser: reads box headers with positional reads (payloads such as {@code mdat} are
 * never read), descends into known container boxes, and rejects nesting deeper than the limit, sizes outside the
 * parent or the file, and more boxes than allowed — each with a one-line reason naming the box and offset.
 */
public final class BmffParser {
    /** Boxes whose payload is a sequence of boxes. */
    static final Set<String> CONTAINERS = Set.of("moov", "trak", "mdia", "minf", "stbl", "edts", "dinf", "udta",
            "mvex", "moof", "traf", "mfra", "tref", "sinf", "schi", "ilst", "meta", "meco", "strk", "strd", "gmhd",
            "tapt", "clip", "matt", "wave");
    /** Top-level types that make a file recognisably ISO-BMFF / QuickTime. */
    private static final Set<String> TOP_LEVEL_HINTS = Set.of("ftyp", "styp", "moov", "mdat", "free", "skip",
            "wide", "uuid", "pnot", "moof", "sidx", "junk");

    private final FileChannel ch;
    private final Path file;
    private final BmffLimits limits;
    private final long fileSize;
    private final ByteBuffer header = ByteBuffer.allocate(32);
    private long boxes;

    private BmffParser(FileChannel ch, Path file, BmffLimits limits) throws IOException {
        this.ch = ch;
        this.file = file;
        this.limits = limits;
        this.fileSize = ch.size();
    }

    /** True when the file starts with a plausible box header of a known top-level type. */
    public static boolean looksLikeBmff(FileChannel ch) throws IOException {
        if (ch.size() < 8) {
            return false;
        }
        ByteBuffer b = ByteBuffer.allocate(8);
        ch.read(b, 0);
        b.flip();
        if (b.remaining() < 8) {
            return false;
        }
        long size = Integer.toUnsignedLong(b.getInt());
        String type = fourCC(b.getInt());
        return (size == 0 || size == 1 || size >= 8) && TOP_LEVEL_HINTS.contains(type);
    }

    public static BoxTree parse(Path file) throws MediaException {
        return parse(file, BmffLimits.DEFAULT);
    }

    public static BoxTree parse(Path file, BmffLimits limits) throws MediaException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            return parse(ch, file, limits);
        } catch (IOException e) {
            throw new MediaException(Reason.UNREADABLE, file, "cannot read: " + e.getMessage(), e);
        }
    }

    /** Parses the whole tree of {@code ch}; {@code file} only names the input in errors. */
    public static BoxTree parse(FileChannel ch, Path file, BmffLimits limits) throws MediaException {
        try {
            BmffParser p = new BmffParser(ch, file, limits);
            if (p.fileSize < 8) {
                throw new MediaException(Reason.CORRUPT, file, "too short to be an MP4/MOV file (" + p.fileSize
                        + " bytes)");
            }
            List<Box> top = p.parseRange(0, p.fileSize, 1, true, "");
            if (top.isEmpty()) {
                throw new MediaException(Reason.CORRUPT, file, "no boxes found");
            }
            return new BoxTree(p.fileSize, top);
        } catch (IOException e) {
            throw new MediaException(Reason.UNREADABLE, file, "cannot read: " + e.getMessage(), e);
        }
    }

    private List<Box> parseRange(long start, long end, int depth, boolean topLevel, String parentType)
            throws IOException, MediaException {
        if (depth > limits.maxDepth()) {
            throw new MediaException(Reason.LIMIT_EXCEEDED, file, "boxes nested deeper than " + limits.maxDepth()
                    + " levels at offset " + start + " (hostile or broken file)");
        }
        List<Box> out = new ArrayList<>();
        long pos = start;
        while (pos < end) {
            long remaining = end - pos;
            if (remaining < 8) {
                if (topLevel || allZero(pos, remaining)) {
                    // trailing padding: tolerated at top level and as zero fill inside containers
                    if (topLevel && !allZero(pos, remaining)) {
                        throw new MediaException(Reason.CORRUPT, file, remaining
                                + " stray bytes at the end of the file (offset " + pos + ")");
                    }
                    break;
                }
                throw new MediaException(Reason.CORRUPT, file, "truncated box header at offset " + pos);
            }
            if (++boxes > limits.maxBoxes()) {
                throw new MediaException(Reason.LIMIT_EXCEEDED, file, "more than " + limits.maxBoxes() + " boxes");
            }
            Box box = readBox(pos, end, depth, topLevel, parentType);
            out.add(box);
            pos = box.end();
        }
        return out;
    }

    private Box readBox(long pos, long parentEnd, int depth, boolean topLevel, String parentType) throws IOException, MediaException {
        header.clear().limit((int) Math.min(32, parentEnd - pos));
        readFully(header, pos);
        header.flip();
        long size = Integer.toUnsignedLong(header.getInt());
        String type = fourCC(header.getInt());
        int headerSize = 8;
        if (size == 1) {
            if (header.remaining() < 8) {
                throw new MediaException(Reason.CORRUPT, file, "box '" + printable(type) + "' at offset " + pos
                        + " has a 64-bit size but is truncated");
            }
            size = header.getLong();
            headerSize = 16;
            if (size < 0) {
                throw new MediaException(Reason.CORRUPT, file, "box '" + printable(type) + "' at offset " + pos
                        + " claims an impossible size (2^63 or more)");
            }
        } else if (size == 0) {
            if (!topLevel) {
                throw new MediaException(Reason.CORRUPT, file, "box '" + printable(type) + "' at offset " + pos
                        + " has size 0 inside a container");
            }
            size = parentEnd - pos;
        }
        UUID userType = null;
        if (type.equals("uuid")) {
            if (header.remaining() < 16) {
                throw new MediaException(Reason.CORRUPT, file, "uuid box at offset " + pos + " is truncated");
            }
            userType = new UUID(header.getLong(), header.getLong());
            headerSize += 16;
        }
        if (size < headerSize) {
            throw new MediaException(Reason.CORRUPT, file, "box '" + printable(type) + "' at offset " + pos
                    + " has size " + size + ", smaller than its header");
        }
        if (size > parentEnd - pos) {
            String where = topLevel ? "the end of the file (" + fileSize + " bytes): the file is truncated"
                    : "the end of its parent box at offset " + parentEnd;
            throw new MediaException(Reason.CORRUPT, file, "box '" + printable(type) + "' at offset " + pos
                    + " claims " + size + " bytes, past " + where);
        }
        List<Box> children = List.of();
        // items of an ilst (iTunes-style or mdta key indexes) are containers of 'data' boxes
        if (CONTAINERS.contains(type) || parentType.equals("ilst")) {
            long childStart = pos + headerSize;
            if (type.equals("meta") && isFullBoxMeta(childStart, pos + size)) {
                childStart += 4;
            }
            children = parseRange(childStart, pos + size, depth + 1, false, type);
        }
        return new Box(type, userType, pos, headerSize, size, children);
    }

    /** ISO {@code meta} is a FullBox (4 bytes version/flags); QuickTime's starts straight with {@code hdlr}. */
    private boolean isFullBoxMeta(long payload, long end) throws IOException {
        if (end - payload < 12) {
            return end - payload >= 4;
        }
        ByteBuffer b = ByteBuffer.allocate(8);
        readFully(b, payload);
        b.flip();
        b.getInt();
        return !fourCC(b.getInt()).equals("hdlr");
    }

    private boolean allZero(long pos, long n) throws IOException {
        ByteBuffer b = ByteBuffer.allocate((int) n);
        readFully(b, pos);
        for (int i = 0; i < n; i++) {
            if (b.get(i) != 0) {
                return false;
            }
        }
        return true;
    }

    private void readFully(ByteBuffer b, long pos) throws IOException {
        long p = pos;
        while (b.hasRemaining()) {
            int n = ch.read(b, p);
            if (n < 0) {
                break;
            }
            p += n;
        }
    }

    static String fourCC(int v) {
        byte[] b = {(byte) (v >>> 24), (byte) (v >>> 16), (byte) (v >>> 8), (byte) v};
        return new String(b, StandardCharsets.ISO_8859_1);
    }

    static String printable(String type) {
        StringBuilder sb = new StringBuilder();
        for (char c : type.toCharArray()) {
            sb.append(c >= 0x20 && c < 0x7f ? c : '?');
        }
        return sb.toString();
    }
}
