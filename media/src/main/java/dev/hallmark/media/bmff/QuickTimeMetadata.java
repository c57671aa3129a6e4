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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * QuickTime {@code mdta} metadata in {@code moov/udta/meta} — what {@code ffmpeg -movflags use_metadata_tags}
 * writes and {@code ffprobe -show_format} lists as tags.
 *
 * <pre>
 * meta  (FullBox: u8 version | u24 flags)
 *   hdlr  u32 pre_defined | 'mdta' | u32[3] reserved | name (NUL)
 *   keys  u8 version | u24 flags | u32 entry_count | { u32 key_size | 'mdta' | key bytes } [entry_count]
 *   ilst  { box type = u32 1-based key index { 'data' u32 type (1 = UTF-8) | u32 locale | value bytes } }
 * </pre>
 */
public final class QuickTimeMetadata {
    private static final int MAX_KEYS = 4096;
    private static final int UTF8 = 1;

    private QuickTimeMetadata() {
    }

    /** Reads the {@code mdta} items of a file ({@code moov/udta/meta}, also {@code moov/meta}); empty if none. */
    public static Map<String, List<String>> read(Path file) throws MediaException {
        BoxTree tree = BmffParser.parse(file);
        Box moov = tree.find("moov");
        if (moov == null) {
            return Map.of();
        }
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            return read(MutableBox.load(ch, file, moov, BmffLimits.DEFAULT), file);
        } catch (IOException e) {
            throw new MediaException(Reason.UNREADABLE, file, "cannot read: " + e.getMessage(), e);
        }
    }

    /**
     * All {@code mdta} items of an in-memory {@code moov}, in file order; a key listed more than once keeps all its
     * values (so callers can refuse files with two labels).
     */
    public static Map<String, List<String>> read(MutableBox moov, Path file) throws MediaException {
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (MutableBox meta : mdtaMetas(moov)) {
            List<String> keys = keys(meta.child("keys"), file);
            MutableBox ilst = meta.child("ilst");
            if (ilst == null) {
                continue;
            }
            for (MutableBox item : ilst.children()) {
                int index = ByteBuffer.wrap(item.type().getBytes(StandardCharsets.ISO_8859_1)).getInt();
                if (index < 1 || index > keys.size() || !item.isContainer()) {
                    continue;
                }
                for (MutableBox data : item.children("data")) {
                    if (data.isContainer()) {
                        throw new MediaException(Reason.CORRUPT, file, "metadata value box holds child boxes");
                    }
                    byte[] p = data.payload();
                    if (p.length < 8) {
                        throw new MediaException(Reason.CORRUPT, file, "metadata value box too short");
                    }
                    String value = new String(p, 8, p.length - 8, StandardCharsets.UTF_8);
                    out.computeIfAbsent(keys.get(index - 1), k -> new ArrayList<>()).add(value);
                }
            }
        }
        return out;
    }

    /**
     * Sets {@code key} to {@code value} in {@code moov/udta/meta}: replaces the value of an existing key (and drops
     * duplicate values of it), or adds the key. Creates {@code udta}/{@code meta} when missing.
     */
    public static void set(MutableBox moov, String key, String value, Path file) throws MediaException {
        if (key.isEmpty() || key.length() > 255) {
            throw new IllegalArgumentException("metadata key must be 1..255 characters");
        }
        List<MutableBox> metas = mdtaMetas(moov);
        MutableBox meta;
        if (metas.isEmpty()) {
            MutableBox udta = moov.child("udta");
            if (udta == null) {
                udta = MutableBox.container("udta", null, List.of());
                moov.children().add(udta);
            }
            meta = MutableBox.container("meta", new byte[4], List.of(hdlr(), keysBox(List.of()),
                    MutableBox.container("ilst", null, List.of())));
            udta.children().add(meta);
        } else {
            meta = metas.get(0);
            // the key must live in one meta only: remove it from any other
            for (MutableBox other : metas.subList(1, metas.size())) {
                removeKey(other, key, file);
            }
        }
        List<String> keys = new ArrayList<>(keys(meta.child("keys"), file));
        MutableBox ilst = meta.child("ilst");
        if (ilst == null) {
            ilst = MutableBox.container("ilst", null, List.of());
            meta.children().add(ilst);
        }
        int index = keys.indexOf(key) + 1;
        if (index == 0) {
            keys.add(key);
            index = keys.size();
            replaceKeys(meta, keys);
        }
        String itemType = itemType(index);
        ilst.children().removeIf(item -> item.type().equals(itemType));
        ilst.children().add(MutableBox.container(itemType, null, List.of(dataBox(value))));
    }

    private static void removeKey(MutableBox meta, String key, Path file) throws MediaException {
        List<String> keys = keys(meta.child("keys"), file);
        int index = keys.indexOf(key) + 1;
        MutableBox ilst = meta.child("ilst");
        if (index > 0 && ilst != null) {
            String t = itemType(index);
            ilst.children().removeIf(item -> item.type().equals(t));
        }
    }

    private static List<MutableBox> mdtaMetas(MutableBox moov) {
        List<MutableBox> out = new ArrayList<>();
        MutableBox udta = moov.child("udta");
        List<MutableBox> candidates = new ArrayList<>(moov.children("meta"));
        if (udta != null) {
            candidates.addAll(0, udta.children("meta"));
        }
        for (MutableBox meta : candidates) {
            MutableBox h = meta.child("hdlr");
            if (h != null && !h.isContainer() && h.payload().length >= 12
                    && new String(h.payload(), 8, 4, StandardCharsets.ISO_8859_1).equals("mdta")) {
                out.add(meta);
            }
        }
        return out;
    }

    private static List<String> keys(MutableBox keys, Path file) throws MediaException {
        if (keys == null) {
            return List.of();
        }
        if (keys.isContainer()) {
            throw new MediaException(Reason.CORRUPT, file, "metadata keys box holds child boxes");
        }
        ByteBuffer p = ByteBuffer.wrap(keys.payload());
        if (p.remaining() < 8) {
            throw new MediaException(Reason.CORRUPT, file, "metadata keys box too short");
        }
        p.getInt();
        long count = Integer.toUnsignedLong(p.getInt());
        if (count > MAX_KEYS) {
            throw new MediaException(Reason.LIMIT_EXCEEDED, file, "metadata lists " + count + " keys");
        }
        List<String> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            if (p.remaining() < 8) {
                throw new MediaException(Reason.CORRUPT, file, "metadata keys box truncated");
            }
            long size = Integer.toUnsignedLong(p.getInt());
            p.getInt(); // namespace
            if (size < 8 || size - 8 > p.remaining()) {
                throw new MediaException(Reason.CORRUPT, file, "metadata key " + (i + 1) + " has a bad size");
            }
            byte[] k = new byte[(int) size - 8];
            p.get(k);
            out.add(new String(k, StandardCharsets.UTF_8));
        }
        return out;
    }

    private static void replaceKeys(MutableBox meta, List<String> keys) {
        MutableBox fresh = keysBox(keys);
        List<MutableBox> kids = meta.children();
        for (int i = 0; i < kids.size(); i++) {
            if (kids.get(i).type().equals("keys")) {
                kids.set(i, fresh);
                return;
            }
        }
        int hdlrAt = kids.indexOf(meta.child("hdlr"));
        kids.add(hdlrAt + 1, fresh);
    }

    private static MutableBox keysBox(List<String> keys) {
        int size = 8;
        for (String k : keys) {
            size += 8 + k.getBytes(StandardCharsets.UTF_8).length;
        }
        ByteBuffer b = ByteBuffer.allocate(size);
        b.putInt(0).putInt(keys.size());
        for (String k : keys) {
            byte[] kb = k.getBytes(StandardCharsets.UTF_8);
            b.putInt(8 + kb.length).put("mdta".getBytes(StandardCharsets.ISO_8859_1)).put(kb);
        }
        return MutableBox.leaf("keys", b.array());
    }

    private static MutableBox hdlr() {
        ByteBuffer b = ByteBuffer.allocate(25);
        b.putInt(0).putInt(0).put("mdta".getBytes(StandardCharsets.ISO_8859_1)).putInt(0).putInt(0).putInt(0).put((byte) 0);
        return MutableBox.leaf("hdlr", b.array());
    }

    private static MutableBox dataBox(String value) {
        byte[] v = value.getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(8 + v.length);
        b.putInt(UTF8).putInt(0).put(v);
        return MutableBox.leaf("data", b.array());
    }

    private static String itemType(int index) {
        byte[] b = ByteBuffer.allocate(4).putInt(index).array();
        return new String(b, StandardCharsets.ISO_8859_1);
    }
}
