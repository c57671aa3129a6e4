package dev.hallmark.provenance.jumbf;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Builds JUMBF boxes (layout in {@link JumbfBox}). Superboxes carry toggles {@code 0x03} (requestable, labelled), or
 * {@code 0x13} with a private {@code c2sh} salt box, as C2PA assertions do.
 */
public final class JumbfWriter {
    private JumbfWriter() {
    }

    /** A plain box: {@code u32 size | type | payload}. */
    public static byte[] box(String type, byte[] payload) {
        byte[] t = type.getBytes(StandardCharsets.ISO_8859_1);
        if (t.length != 4) {
            throw new IllegalArgumentException("box type must be 4 characters: " + type);
        }
        long size = 8L + payload.length;
        if (size > 0xffffffffL) {
            throw new IllegalArgumentException("box too large: " + size);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream((int) size);
        u32(out, size);
        out.writeBytes(t);
        out.writeBytes(payload);
        return out.toByteArray();
    }

    /** A superbox of 4cc description type {@code type} with {@code label}, an optional salt, and content boxes. */
    public static byte[] superbox(String type, String label, byte[] salt, byte[]... contents) {
        ByteArrayOutputStream d = new ByteArrayOutputStream();
        d.writeBytes(JumbfBox.typeUuid(type));
        d.write(salt == null ? 0x03 : 0x13);
        d.writeBytes(label.getBytes(StandardCharsets.UTF_8));
        d.write(0);
        if (salt != null) {
            d.writeBytes(box("c2sh", salt));
        }
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(box("jumd", d.toByteArray()));
        for (byte[] c : contents) {
            body.writeBytes(c);
        }
        return box("jumb", body.toByteArray());
    }

    private static void u32(ByteArrayOutputStream out, long v) {
        out.write((int) (v >>> 24));
        out.write((int) (v >>> 16));
        out.write((int) (v >>> 8));
        out.write((int) v);
    }
}
