package dev.hallmark.media.bmff;

import dev.hallmark.media.MediaException;
import dev.hallmark.media.MediaException.Reason;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * Writes a copy of an ISO-BMFF file with a top-level box inserted right after {@code ftyp} (or replacing earlier
 * ones of the same uuid type) and/or an edited {@code moov}, in one streaming pass: {@code mdat} is copied, never
 * buffered. Every absolute offset the file stores is moved with its data: {@code stco}/{@code co64} (stco is
 * upgraded to co64 when needed), {@code tfhd} base_data_offset, {@code tfra} moof offsets. A {@link BoxListener}
 * sees the output as it is written.
 *
 * <p>Files with sample data referenced outside any top-level box, or inside a box being replaced, are refused.
 */
public final class BmffRewriter {
    private static final int COPY_BUFFER = 1 << 20;

    private final Path in;
    private final BoxTree tree;
    private final BmffLimits limits;
    private byte[] inserted;
    private UUID replaceUserType;
    private final List<MoovEdit> moovEdits = new ArrayList<>();
    private BoxListener listener;

    private BmffRewriter(Path in, BoxTree tree, BmffLimits limits) {
        this.in = in;
        this.tree = tree;
        this.limits = limits;
    }

    public static BmffRewriter open(Path in) throws MediaException {
        return open(in, BmffLimits.DEFAULT);
    }

    public static BmffRewriter open(Path in, BmffLimits limits) throws MediaException {
        return new BmffRewriter(in, BmffParser.parse(in, limits), limits);
    }

    /** The parsed input. */
    public BoxTree tree() {
        return tree;
    }

    /**
     * Places {@code completeBox} (header included) right after {@code ftyp} (at the start when there is none),
     * removing every top-level {@code uuid} box whose user type is {@code replaceUserType} (may be null).
     */
    public BmffRewriter insertAfterFtyp(byte[] completeBox, UUID replaceUserType) {
        Objects.requireNonNull(completeBox);
        if (completeBox.length < 8) {
            throw new IllegalArgumentException("a box needs at least 8 bytes");
        }
        long declared = Integer.toUnsignedLong(ByteBuffer.wrap(completeBox).getInt(0));
        if (declared != completeBox.length) {
            throw new IllegalArgumentException("box header says " + declared + " bytes, got " + completeBox.length);
        }
        this.inserted = completeBox.clone();
        this.replaceUserType = replaceUserType;
        return this;
    }

    /** An edit of the in-memory {@code moov}; may refuse with a {@link MediaException}. */
    @FunctionalInterface
    public interface MoovEdit {
        void apply(MutableBox moov) throws MediaException;
    }

    /** Applies {@code edit} to the in-memory {@code moov} before offsets are patched. */
    public BmffRewriter editMoov(MoovEdit edit) {
        moovEdits.add(Objects.requireNonNull(edit));
        return this;
    }

    public BmffRewriter listener(BoxListener listener) {
        this.listener = listener;
        return this;
    }

    /** Writes the result to {@code out} (created or truncated; must differ from the input). */
    public Layout write(Path out) throws MediaException {
        try {
            if (Files.exists(out) && Files.isSameFile(in, out)) {
                throw new IllegalArgumentException("output must differ from the input: " + out);
            }
        } catch (IOException e) {
            throw new MediaException(Reason.WRITE_FAILED, out, "cannot check the output path: " + e.getMessage(), e);
        }
        try (FileChannel src = FileChannel.open(in, StandardOpenOption.READ)) {
            Plan plan = plan(src);
            try (FileChannel dst = FileChannel.open(out, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                return emit(plan, src, dst, out);
            } catch (IOException e) {
                throw new MediaException(Reason.WRITE_FAILED, out, "cannot write: " + e.getMessage(), e);
            }
        } catch (IOException e) {
            throw new MediaException(Reason.UNREADABLE, in, "cannot read: " + e.getMessage(), e);
        }
    }

    /** One output box: copied from the input ({@code bytes == null}) or written from memory. */
    private static final class Entry {
        final Box original;
        final String type;
        final UUID userType;
        byte[] bytes;
        long newOffset;

        Entry(Box original, String type, UUID userType, byte[] bytes) {
            this.original = original;
            this.type = type;
            this.userType = userType;
            this.bytes = bytes;
        }

        long size() {
            return bytes != null ? bytes.length : original.size();
        }
    }

    private record Plan(List<Entry> entries, Entry insertedEntry) {
    }

    private Plan plan(FileChannel src) throws MediaException {
        List<Box> top = tree.topLevel();
        List<Entry> entries = new ArrayList<>();
        Entry insertedEntry = null;
        int insertAt = !top.isEmpty() && top.get(0).type().equals("ftyp") ? 1 : 0;
        MutableBox moovTemplate = null;
        Entry moovEntry = null;
        Map<Entry, Box> fragmentBoxes = new IdentityHashMap<>();
        for (Box b : top) {
            if (inserted != null && replaceUserType != null && replaceUserType.equals(b.userType())) {
                continue; // replaced by the inserted box
            }
            Entry e = new Entry(b, b.type(), b.userType(), null);
            if (b.type().equals("moov")) {
                if (moovEntry != null) {
                    throw new MediaException(Reason.CORRUPT, in, "more than one top-level moov box");
                }
                moovTemplate = MutableBox.load(src, in, b, limits);
                moovEntry = e;
            } else if (b.type().equals("moof") || b.type().equals("mfra")) {
                fragmentBoxes.put(e, b);
            }
            entries.add(e);
        }
        if (inserted != null) {
            ByteBuffer h = ByteBuffer.wrap(inserted);
            String type = BmffParser.fourCC(h.getInt(4));
            UUID ut = type.equals("uuid") && inserted.length >= 24 ? new UUID(h.getLong(8), h.getLong(16)) : null;
            insertedEntry = new Entry(null, type, ut, inserted);
            entries.add(Math.min(insertAt, entries.size()), insertedEntry);
        }
        if (moovEntry == null && !moovEdits.isEmpty()) {
            throw new MediaException(Reason.UNSUPPORTED, in, "no moov box to edit");
        }
        // Original top-level boxes sorted by offset, for mapping old offsets to entries.
        Box[] originals = top.toArray(Box[]::new);
        Map<Box, Entry> byOriginal = new IdentityHashMap<>();
        for (Entry e : entries) {
            if (e.original != null) {
                byOriginal.put(e.original, e);
            }
        }
        OffsetPatcher.OffsetMap map = old -> {
            Box box = containing(originals, old);
            if (box == null) {
                throw new MediaException(Reason.CORRUPT, in, "a stored offset (" + old
                        + ") points outside every top-level box");
            }
            Entry e = byOriginal.get(box);
            if (e == null || box.type().equals("moov")) {
                throw new MediaException(Reason.UNSUPPORTED, in, "a stored offset (" + old + ") points into the '"
                        + box.type() + "' box being replaced");
            }
            return e.newOffset + (old - box.offset());
        };
        // Sizes depend on offsets (stco -> co64) and offsets on sizes: iterate to a fixed point.
        long assumedMoovSize = -1;
        if (moovEntry != null) {
            MutableBox edited = MutableBox.load(src, in, moovEntry.original, limits);
            for (MoovEdit edit : moovEdits) {
                edit.apply(edited);
            }
            moovEntry.bytes = edited.toBytes();
            assumedMoovSize = moovEntry.bytes.length;
        }
        for (int round = 0; round < 8; round++) {
            assignOffsets(entries);
            if (moovEntry == null) {
                break;
            }
            MutableBox moov = MutableBox.load(src, in, moovEntry.original, limits);
            for (MoovEdit edit : moovEdits) {
                edit.apply(moov);
            }
            OffsetPatcher.patchChunkOffsets(moov, map, in, limits);
            moovEntry.bytes = moov.toBytes();
            if (moovEntry.bytes.length == assumedMoovSize) {
                break;
            }
            assumedMoovSize = moovEntry.bytes.length;
            if (round == 7) {
                throw new IllegalStateException("moov layout did not converge");
            }
        }
        assignOffsets(entries);
        for (Map.Entry<Entry, Box> f : fragmentBoxes.entrySet()) {
            MutableBox b = MutableBox.load(src, in, f.getValue(), limits);
            if (b.type().equals("moof")) {
                OffsetPatcher.patchFragment(b, map, in);
            } else {
                OffsetPatcher.patchRandomAccess(b, map, in, limits);
            }
            byte[] bytes = b.toBytes();
            if (bytes.length != f.getValue().size()) {
                throw new IllegalStateException("fragment box changed size");
            }
            f.getKey().bytes = bytes;
        }
        return new Plan(entries, insertedEntry);
    }

    private static void assignOffsets(List<Entry> entries) {
        long pos = 0;
        for (Entry e : entries) {
            e.newOffset = pos;
            pos += e.size();
        }
    }

    private static Box containing(Box[] sorted, long offset) {
        int lo = 0;
        int hi = sorted.length - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            Box b = sorted[mid];
            if (offset < b.offset()) {
                hi = mid - 1;
            } else if (offset >= b.end()) {
                lo = mid + 1;
            } else {
                return b;
            }
        }
        return null;
    }

    private Layout emit(Plan plan, FileChannel src, FileChannel dst, Path out) throws IOException {
        List<Layout.Placed> placed = new ArrayList<>();
        ByteBuffer buf = listener != null ? ByteBuffer.allocateDirect(COPY_BUFFER) : null;
        long pos = 0;
        for (Entry e : plan.entries()) {
            if (pos != e.newOffset) {
                throw new IllegalStateException("layout mismatch at " + e.type);
            }
            long size = e.size();
            if (listener != null) {
                listener.boxStart(e.type, e.userType, pos, size);
            }
            if (e.bytes != null) {
                ByteBuffer b = ByteBuffer.wrap(e.bytes);
                if (listener != null) {
                    listener.boxBytes(b.asReadOnlyBuffer());
                }
                writeFully(dst, b, pos);
            } else if (listener == null) {
                long done = 0;
                while (done < size) {
                    long n = src.transferTo(e.original.offset() + done, size - done, dst.position(pos + done));
                    if (n <= 0) {
                        throw new IOException("input ended early while copying '" + e.type + "'");
                    }
                    done += n;
                }
            } else {
                long done = 0;
                while (done < size) {
                    buf.clear().limit((int) Math.min(COPY_BUFFER, size - done));
                    while (buf.hasRemaining()) {
                        if (src.read(buf, e.original.offset() + done + buf.position()) < 0) {
                            throw new IOException("input ended early while copying '" + e.type + "'");
                        }
                    }
                    buf.flip();
                    listener.boxBytes(buf.asReadOnlyBuffer());
                    writeFully(dst, buf, pos + done);
                    done += buf.limit();
                }
            }
            placed.add(new Layout.Placed(e.type, e.userType, pos, size));
            pos += size;
        }
        dst.truncate(pos);
        Entry ins = plan.insertedEntry();
        return new Layout(placed, ins == null ? -1 : ins.newOffset, ins == null ? 0 : ins.size(), pos);
    }

    private static void writeFully(FileChannel dst, ByteBuffer b, long pos) throws IOException {
        long p = pos;
        while (b.hasRemaining()) {
            p += dst.write(b, p);
        }
    }
}
