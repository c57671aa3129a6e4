package dev.hallmark.media.bmff;

import dev.hallmark.media.MediaException;
import dev.hallmark.media.MediaException.Reason;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * An editable in-memory box (for {@code moov}, {@code moof} and their descendants; never {@code mdat}). A leaf
 * holds its payload; a container holds {@code prefix} bytes (e.g. the 4-byte version/flags of a FullBox
 * {@code meta}), children, and {@code suffix} bytes (e.g. a QuickTime zero terminator).
 */
public final class MutableBox {
    private String type;
    private final UUID userType;
    private byte[] payload;
    private byte[] prefix;
    private byte[] suffix;
    private final List<MutableBox> children;

    private MutableBox(String type, UUID userType, byte[] payload, byte[] prefix, byte[] suffix,
            List<MutableBox> children) {
        if (type.length() != 4) {
            throw new IllegalArgumentException("box type must be 4 characters: '" + type + "'");
        }
        this.type = type;
        this.userType = userType;
        this.payload = payload;
        this.prefix = prefix;
        this.suffix = suffix;
        this.children = children;
    }

    /** A leaf box with that payload. */
    public static MutableBox leaf(String type, byte[] payload) {
        return new MutableBox(type, null, payload.clone(), null, null, null);
    }

    /** A container box with optional prefix bytes (4 zero bytes for a FullBox container such as ISO meta). */
    public static MutableBox container(String type, byte[] prefix, List<MutableBox> children) {
        return new MutableBox(type, null, null, prefix == null ? new byte[0] : prefix.clone(), new byte[0],
                new ArrayList<>(children));
    }

    /** Loads {@code box} (as parsed) and all its descendants from the file into memory. */
    public static MutableBox load(FileChannel ch, Path file, Box box, BmffLimits limits) throws MediaException {
        if (box.size() > limits.maxInMemoryBox()) {
            throw new MediaException(Reason.LIMIT_EXCEEDED, file, "box '" + box.type() + "' is " + box.size()
                    + " bytes, more than the " + limits.maxInMemoryBox() + " we edit in memory");
        }
        ByteBuffer all = ByteBuffer.allocate((int) box.size());
        try {
            long p = box.offset();
            while (all.hasRemaining()) {
                int n = ch.read(all, p);
                if (n < 0) {
                    throw new MediaException(Reason.CORRUPT, file, "file ends inside box '" + box.type() + "'");
                }
                p += n;
            }
        } catch (IOException e) {
            throw new MediaException(Reason.UNREADABLE, file, "cannot read: " + e.getMessage(), e);
        }
        return build(all.array(), box.offset(), box);
    }

    private static MutableBox build(byte[] bytes, long base, Box box) {
        int start = (int) (box.offset() - base);
        int payloadStart = start + box.headerSize();
        int end = (int) (box.end() - base);
        boolean container = BmffParser.CONTAINERS.contains(box.type()) || !box.children().isEmpty();
        if (!container) {
            return new MutableBox(box.type(), box.userType(), slice(bytes, payloadStart, end), null, null, null);
        }
        List<MutableBox> kids = new ArrayList<>();
        int firstChild = box.children().isEmpty() ? end : (int) (box.children().get(0).offset() - base);
        int lastEnd = box.children().isEmpty() ? end : (int) (box.children().get(box.children().size() - 1).end() - base);
        for (Box c : box.children()) {
            kids.add(build(bytes, base, c));
        }
        if (box.children().isEmpty()) {
            // an empty container: keep its bytes as prefix so it round-trips
            return new MutableBox(box.type(), box.userType(), null, slice(bytes, payloadStart, end), new byte[0],
                    kids);
        }
        return new MutableBox(box.type(), box.userType(), null, slice(bytes, payloadStart, firstChild),
                slice(bytes, lastEnd, end), kids);
    }

    private static byte[] slice(byte[] b, int from, int to) {
        byte[] out = new byte[to - from];
        System.arraycopy(b, from, out, 0, out.length);
        return out;
    }

    public String type() {
        return type;
    }

    /** Renames the box (e.g. {@code stco} -> {@code co64} after rewriting its payload). */
    public void setType(String type) {
        if (type.length() != 4) {
            throw new IllegalArgumentException("box type must be 4 characters");
        }
        this.type = type;
    }

    public UUID userType() {
        return userType;
    }

    public boolean isContainer() {
        return children != null;
    }

    /** The payload of a leaf (a live array; call {@link #setPayload} to change its size). */
    public byte[] payload() {
        requireLeaf();
        return payload;
    }

    public void setPayload(byte[] payload) {
        requireLeaf();
        this.payload = Objects.requireNonNull(payload);
    }

    public byte[] prefix() {
        requireContainer();
        return prefix;
    }

    /** Children of a container (a live list: add, remove and replace freely). */
    public List<MutableBox> children() {
        requireContainer();
        return children;
    }

    public MutableBox child(String childType) {
        for (MutableBox c : children()) {
            if (c.type.equals(childType)) {
                return c;
            }
        }
        return null;
    }

    public List<MutableBox> children(String childType) {
        return children().stream().filter(c -> c.type.equals(childType)).toList();
    }

    /** Every descendant (and this box) of that type, depth first. */
    public List<MutableBox> all(String boxType) {
        List<MutableBox> out = new ArrayList<>();
        collect(this, boxType, out);
        return out;
    }

    private static void collect(MutableBox b, String t, List<MutableBox> out) {
        if (b.type.equals(t)) {
            out.add(b);
        }
        if (b.children != null) {
            for (MutableBox c : b.children) {
                collect(c, t, out);
            }
        }
    }

    /** Serialized size including the header. */
    public long size() {
        long body = bodySize();
        int header = 8 + (userType != null ? 16 : 0);
        return body + header > 0xFFFFFFFFL ? body + header + 8 : body + header;
    }

    private long bodySize() {
        if (children == null) {
            return payload.length;
        }
        long n = prefix.length + suffix.length;
        for (MutableBox c : children) {
            n += c.size();
        }
        return n;
    }

    /** The complete box bytes, header included. */
    public byte[] toBytes() {
        long size = size();
        if (size > Integer.MAX_VALUE - 16) {
            throw new IllegalStateException("box too large to serialise in memory: " + size);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream((int) size);
        write(out);
        return out.toByteArray();
    }

    private void write(ByteArrayOutputStream out) {
        long size = size();
        boolean large = size > 0xFFFFFFFFL;
        ByteBuffer h = ByteBuffer.allocate(32);
        h.putInt(large ? 1 : (int) size);
        h.put(type.getBytes(StandardCharsets.ISO_8859_1));
        if (large) {
            h.putLong(size);
        }
        if (userType != null) {
            h.putLong(userType.getMostSignificantBits()).putLong(userType.getLeastSignificantBits());
        }
        out.write(h.array(), 0, h.position());
        if (children == null) {
            out.write(payload, 0, payload.length);
        } else {
            out.write(prefix, 0, prefix.length);
            for (MutableBox c : children) {
                c.write(out);
            }
            out.write(suffix, 0, suffix.length);
        }
    }

    private void requireLeaf() {
        if (children != null) {
            throw new IllegalStateException("'" + type + "' is a container");
        }
    }

    private void requireContainer() {
        if (children == null) {
            throw new IllegalStateException("'" + type + "' is not a container");
        }
    }

    @Override
    public String toString() {
        return type + (children == null ? "[" + payload.length + "]" : children.toString());
    }
}
