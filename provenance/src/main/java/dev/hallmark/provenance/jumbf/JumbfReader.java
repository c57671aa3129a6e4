package dev.hallmark.provenance.jumbf;

import dev.hallmark.provenance.internal.Malformed;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Bounded JUMBF parser for untrusted input: every size is checked against its parent, nesting is limited to
 * {@link #MAX_DEPTH}, the number of boxes to {@link #MAX_BOXES}; anything else is a {@link Malformed} with a reason.
 * Layout: see {@link JumbfBox}.
 */
public final class JumbfReader {
    /** C2PA stores nest 4 levels (store, manifest, assertion store, assertion); ingredients add none. */
    public static final int MAX_DEPTH = 16;
    public static final int MAX_BOXES = 100_000;
    private static final int MAX_LABEL = 4096;

    private final byte[] buf;
    private int boxes;

    private JumbfReader(byte[] buf) {
        this.buf = buf;
    }

    /** Parses the superbox starting at {@code off}; bytes after it (padding) up to {@code off+len} are ignored. */
    public static JumbfBox parse(byte[] buf, int off, int len) {
        if (off < 0 || len < 0 || off + len > buf.length) {
            throw new IllegalArgumentException("bad range");
        }
        JumbfReader r = new JumbfReader(buf);
        return r.superbox(off, off + len, 1);
    }

    public static JumbfBox parse(byte[] buf) {
        return parse(buf, 0, buf.length);
    }

    private long u32(int pos) {
        return ((buf[pos] & 0xffL) << 24) | ((buf[pos + 1] & 0xffL) << 16) | ((buf[pos + 2] & 0xffL) << 8)
                | (buf[pos + 3] & 0xffL);
    }

    /** Returns {size, headerSize, typeInt}; validates against {@code end}. */
    private long[] header(int pos, int end) {
        if (end - pos < 8) {
            throw JumbfBox.bad("truncated box header at offset " + pos);
        }
        if (++boxes > MAX_BOXES) {
            throw Malformed.limit("JUMBF: more than " + MAX_BOXES + " boxes");
        }
        long size = u32(pos);
        long type = u32(pos + 4);
        int hs = 8;
        if (size == 1) {
            if (end - pos < 16) {
                throw JumbfBox.bad("truncated 64-bit box size at offset " + pos);
            }
            size = (u32(pos + 8) << 32) | u32(pos + 12);
            hs = 16;
        } else if (size == 0) {
            size = end - pos; // box extends to the end of its container
        }
        if (size < hs || size > end - pos) {
            throw JumbfBox.bad("box at offset " + pos + " claims " + (size < 0 ? "2^63+" : size)
                    + " bytes, " + (end - pos) + " available");
        }
        return new long[] {size, hs, type};
    }

    private static String fourCC(long t) {
        byte[] b = {(byte) (t >>> 24), (byte) (t >>> 16), (byte) (t >>> 8), (byte) t};
        return new String(b, StandardCharsets.ISO_8859_1);
    }

    private JumbfBox superbox(int pos, int end, int depth) {
        if (depth > MAX_DEPTH) {
            throw Malformed.limit("JUMBF: superboxes nested deeper than " + MAX_DEPTH);
        }
        long[] h = header(pos, end);
        int size = (int) h[0];
        int hs = (int) h[1];
        if (!fourCC(h[2]).equals("jumb")) {
            throw JumbfBox.bad("expected a 'jumb' superbox at offset " + pos + ", found '" + printable(fourCC(h[2])) + "'");
        }
        int boxEnd = pos + size;
        int p = pos + hs;
        // description box
        long[] dh = header(p, boxEnd);
        if (!fourCC(dh[2]).equals("jumd")) {
            throw JumbfBox.bad("superbox at offset " + pos + " does not start with a 'jumd' description");
        }
        int dEnd = p + (int) dh[0];
        int q = p + (int) dh[1];
        if (dEnd - q < 17) {
            throw JumbfBox.bad("description box at offset " + p + " too short");
        }
        byte[] typeUuid = Arrays.copyOfRange(buf, q, q + 16);
        int toggles = buf[q + 16] & 0xff;
        if ((toggles & 0xe0) != 0) {
            throw JumbfBox.bad("description at offset " + p + " sets reserved toggle bits (0x" + Integer.toHexString(toggles) + ")");
        }
        q += 17;
        String label = null;
        if ((toggles & 0x02) != 0) {
            int z = q;
            while (z < dEnd && buf[z] != 0) {
                z++;
            }
            if (z >= dEnd) {
                throw JumbfBox.bad("label of the description at offset " + p + " is not NUL-terminated");
            }
            if (z - q > MAX_LABEL) {
                throw Malformed.limit("JUMBF: label longer than " + MAX_LABEL + " bytes");
            }
            label = utf8(q, z - q);
            q = z + 1;
        }
        if ((toggles & 0x04) != 0) {
            if (dEnd - q < 4) {
                throw JumbfBox.bad("truncated description id at offset " + q);
            }
            q += 4;
        }
        if ((toggles & 0x08) != 0) {
            if (dEnd - q < 32) {
                throw JumbfBox.bad("truncated description signature at offset " + q);
            }
            q += 32;
        }
        byte[] salt = null;
        if ((toggles & 0x10) != 0) {
            long[] ph = header(q, dEnd);
            if (fourCC(ph[2]).equals("c2sh")) {
                salt = Arrays.copyOfRange(buf, q + (int) ph[1], q + (int) ph[0]);
            }
        }
        List<JumbfBox.Content> children = new ArrayList<>();
        p = dEnd;
        while (p < boxEnd) {
            long[] ch = header(p, boxEnd);
            String t = fourCC(ch[2]);
            if (t.equals("jumb")) {
                JumbfBox child = superbox(p, boxEnd, depth + 1);
                children.add(new JumbfBox.Super(child));
            } else {
                children.add(new JumbfBox.Plain(t, buf, p + (int) ch[1], (int) (ch[0] - ch[1])));
            }
            p += (int) ch[0];
        }
        return new JumbfBox(buf, pos, size, hs, JumbfBox.typeName(typeUuid), typeUuid, toggles, label, salt, children);
    }

    private String utf8(int off, int len) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(java.nio.ByteBuffer.wrap(buf, off, len)).toString();
        } catch (CharacterCodingException e) {
            throw JumbfBox.bad("label is not valid UTF-8 at offset " + off);
        }
    }

    private static String printable(String s) {
        StringBuilder sb = new StringBuilder();
        for (char c : s.toCharArray()) {
            sb.append(c >= 0x20 && c < 0x7f ? c : '?');
        }
        return sb.toString();
    }
}
