package dev.hallmark.provenance.jumbf;

import dev.hallmark.provenance.internal.Malformed;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;

/**
 * One parsed JUMBF superbox (ISO/IEC 19566-5) over a byte array it does not copy.
 *
 * <pre>
 * jumb := u32 size | 'jumb' | [u64 largesize if size == 1] | jumd | content box*
 * jumd := u32 size | 'jumd' | type uuid (16) | toggles (u8) | [label utf-8, NUL  if toggles &amp; 0x02]
 *         | [id u32  if &amp; 0x04] | [sha-256 (32)  if &amp; 0x08] | [private box  if &amp; 0x10]
 * type uuid := 4cc | 0011-0010-8000-00AA00389B71
 * content box := u32 size | 4cc | payload   (cbor, json, uuid, bfdb, bidb, or a nested jumb)
 * </pre>
 *
 * @param buf the bytes holding the box
 * @param offset offset of the superbox's first header byte
 * @param size total size of the superbox
 * @param headerSize 8 or 16
 * @param type the description's type as its 4-character code (e.g. {@code c2pa}, {@code c2ma}, {@code cbor}),
 *     or the hex UUID when the type is not of the 4cc form
 * @param typeUuid the 16-byte type
 * @param toggles description toggles
 * @param label the label, or null
 * @param salt payload of a private {@code c2sh} box (C2PA salt), or null
 * @param children content boxes in order, nested superboxes included
 */
public record JumbfBox(byte[] buf, int offset, int size, int headerSize, String type, byte[] typeUuid, int toggles,
        String label, byte[] salt, List<Content> children) {

    /** Tail shared by the ISO 4cc-derived type UUIDs. */
    static final byte[] UUID_TAIL = HexFormat.of().parseHex("00110010800000AA00389B71");

    public JumbfBox {
        Objects.requireNonNull(buf);
        children = List.copyOf(children);
    }

    /** A content box inside a superbox: either a nested superbox or a plain box with a payload range. */
    public sealed interface Content permits Super, Plain {
        /** The box's 4-character type ({@code jumb} for superboxes). */
        String boxType();
    }

    /** A nested superbox. */
    public record Super(JumbfBox box) implements Content {
        @Override
        public String boxType() {
            return "jumb";
        }
    }

    /** A leaf box: its type and the range of its payload in the shared buffer. */
    public record Plain(String boxType, byte[] buf, int payloadOffset, int payloadLength) implements Content {
        public byte[] payload() {
            return Arrays.copyOfRange(buf, payloadOffset, payloadOffset + payloadLength);
        }
    }

    public int end() {
        return offset + size;
    }

    /** The superbox bytes, header included. */
    public byte[] bytes() {
        return Arrays.copyOfRange(buf, offset, offset + size);
    }

    /** SHA-256 (or another digest) over the superbox minus its own header: the C2PA hashed-URI value. */
    public byte[] payloadHash(String jcaAlg) {
        try {
            MessageDigest md = MessageDigest.getInstance(jcaAlg);
            md.update(buf, offset + headerSize, size - headerSize);
            return md.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Nested superboxes in order. */
    public List<JumbfBox> superboxes() {
        List<JumbfBox> out = new ArrayList<>();
        for (Content c : children) {
            if (c instanceof Super s) {
                out.add(s.box());
            }
        }
        return out;
    }

    /** First nested superbox with that label, or null. */
    public JumbfBox child(String childLabel) {
        for (JumbfBox b : superboxes()) {
            if (childLabel.equals(b.label())) {
                return b;
            }
        }
        return null;
    }

    /** First nested superbox of that description type, or null. */
    public JumbfBox childOfType(String childType) {
        for (JumbfBox b : superboxes()) {
            if (childType.equals(b.type())) {
                return b;
            }
        }
        return null;
    }

    /** First plain content box of that type, or null. */
    public Plain content(String boxType) {
        for (Content c : children) {
            if (c instanceof Plain p && p.boxType().equals(boxType)) {
                return p;
            }
        }
        return null;
    }

    /** First plain content box whatever its type, or null. */
    public Plain firstPlain() {
        for (Content c : children) {
            if (c instanceof Plain p) {
                return p;
            }
        }
        return null;
    }

    /** The type UUID for a 4-character code: {@code 4cc-0011-0010-8000-00AA00389B71}. */
    public static byte[] typeUuid(String fourCC) {
        byte[] cc = fourCC.getBytes(StandardCharsets.ISO_8859_1);
        if (cc.length != 4) {
            throw new IllegalArgumentException("JUMBF type must be 4 characters: " + fourCC);
        }
        byte[] out = new byte[16];
        System.arraycopy(cc, 0, out, 0, 4);
        System.arraycopy(UUID_TAIL, 0, out, 4, 12);
        return out;
    }

    static String typeName(byte[] uuid) {
        if (Arrays.equals(uuid, 4, 16, UUID_TAIL, 0, 12)) {
            boolean printable = true;
            for (int i = 0; i < 4; i++) {
                int c = uuid[i] & 0xff;
                printable &= c >= 0x20 && c < 0x7f;
            }
            if (printable) {
                return new String(uuid, 0, 4, StandardCharsets.ISO_8859_1);
            }
        }
        return HexFormat.of().formatHex(uuid);
    }

    static Malformed bad(String detail) {
        return new Malformed("JUMBF: " + detail);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof JumbfBox other && other.buf == buf && other.offset == offset && other.size == size;
    }

    @Override
    public int hashCode() {
        return Objects.hash(System.identityHashCode(buf), offset, size);
    }

    @Override
    public String toString() {
        return "jumb[" + type + (label != null ? " '" + label + "'" : "") + " @" + offset + "+" + size + "]";
    }
}
