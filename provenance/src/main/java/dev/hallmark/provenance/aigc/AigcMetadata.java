package dev.hallmark.provenance.aigc;

import dev.hallmark.media.MediaException;
import dev.hallmark.media.bmff.BmffLimits;
import dev.hallmark.media.bmff.BmffParser;
import dev.hallmark.media.bmff.BmffRewriter;
import dev.hallmark.media.bmff.Box;
import dev.hallmark.media.bmff.BoxTree;
import dev.hallmark.media.bmff.MutableBox;
import dev.hallmark.media.bmff.QuickTimeMetadata;
import dev.hallmark.provenance.ProvenanceException;
import dev.hallmark.provenance.ProvenanceException.Reason;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The AIGC implicit label in MP4/MOV files: written as the {@code mdta} key {@value #KEY} in
 * {@code moov/udta/meta} (what {@code ffprobe -show_format} lists), read from there and from XMP
 * ({@code moov/udta/XMP_}, or the top-level XMP {@code uuid} box).
 */
public final class AigcMetadata {
    /** The metadata key. */
    public static final String KEY = "AIGC";
    /** Top-level uuid box type for XMP in ISO-BMFF. */
    public static final UUID XMP_UUID = UUID.fromString("be7acfcb-97a9-42e8-9c71-999491e3afac");
    private static final long MAX_XMP = 4L << 20;

    /** Where a label was found. */
    public enum Source { MDTA, XMP_UDTA, XMP_UUID }

    /**
     * One label occurrence: the raw text and either the parsed label or why it could not be parsed.
     *
     * @param source where it was found
     * @param raw the raw value (JSON, or the XMP packet)
     * @param label the parsed label, or null when malformed
     * @param problem why it is malformed, or null
     */
    public record Found(Source source, String raw, AigcLabel label, String problem) {
    }

    /**
     * Every AIGC label occurrence in the file, in file order. The standard allows exactly one label per file:
     * callers report more than one distinct label as a problem.
     */
    public record Reading(List<Found> found) {
        public Reading {
            found = List.copyOf(found);
        }

        /** The label when the file carries exactly one well-formed label (duplicates of the same JSON count once). */
        public AigcLabel single() {
            List<AigcLabel> distinct = found.stream().filter(f -> f.label() != null).map(Found::label).distinct()
                    .toList();
            return distinct.size() == 1 && found.stream().allMatch(f -> f.label() != null) ? distinct.get(0) : null;
        }

        public boolean present() {
            return !found.isEmpty();
        }
    }

    private AigcMetadata() {
    }

    /** The encoder tags that write {@code label} into a file being encoded. */
    public static Map<String, String> encoderTags(AigcLabel label) {
        return Map.of(KEY, label.toJson());
    }

    /** Reads every AIGC label of an ISO-BMFF file (MP4/MOV). Non-BMFF files have none here. */
    public static Reading read(Path file) throws ProvenanceException {
        BoxTree tree;
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            if (!BmffParser.looksLikeBmff(ch)) {
                return new Reading(List.of());
            }
            tree = BmffParser.parse(ch, file, BmffLimits.DEFAULT);
            List<Found> found = new ArrayList<>();
            Box moov = tree.find("moov");
            if (moov != null) {
                MutableBox m = MutableBox.load(ch, file, moov, BmffLimits.DEFAULT);
                List<String> values = QuickTimeMetadata.read(m, file).getOrDefault(KEY, List.of());
                for (String v : values) {
                    found.add(parse(Source.MDTA, v));
                }
                MutableBox udta = m.child("udta");
                if (udta != null) {
                    for (MutableBox xmp : udta.children("XMP_")) {
                        found.addAll(xmp(Source.XMP_UDTA, new String(xmp.payload(), StandardCharsets.UTF_8)));
                    }
                }
            }
            for (Box b : tree.topLevelUuid(XMP_UUID)) {
                if (b.payloadSize() - 16 > MAX_XMP) {
                    found.add(new Found(Source.XMP_UUID, "", null, "XMP packet larger than 4 MiB"));
                    continue;
                }
                ByteBuffer buf = ByteBuffer.allocate((int) (b.size() - b.headerSize()));
                ch.read(buf, b.payloadOffset());
                found.addAll(xmp(Source.XMP_UUID, new String(buf.array(), 0, buf.position(), StandardCharsets.UTF_8)));
            }
            return new Reading(found);
        } catch (MediaException e) {
            throw new ProvenanceException(Reason.MALFORMED, file, stripPath(e.getMessage(), file), e);
        } catch (IOException e) {
            throw new ProvenanceException(Reason.UNREADABLE, file, "cannot read: " + e.getMessage(), e);
        }
    }

    private static Found parse(Source s, String raw) {
        try {
            return new Found(s, raw, AigcCodec.parseJson(raw), null);
        } catch (AigcFormatException e) {
            return new Found(s, raw, null, e.getMessage());
        }
    }

    private static List<Found> xmp(Source s, String packet) {
        if (!packet.contains(AigcCodec.XMP_NS)) {
            return List.of();
        }
        try {
            return AigcCodec.parseXmp(packet).stream().map(l -> new Found(s, l.toJson(), l, null)).toList();
        } catch (AigcFormatException e) {
            return List.of(new Found(s, packet, null, e.getMessage()));
        }
    }

    /**
     * Copies {@code in} to {@code out} with {@code label} as its one AIGC label (replacing an existing one), without
     * re-encoding: only {@code moov} changes; media data is streamed.
     */
    public static void write(Path in, Path out, AigcLabel label) throws ProvenanceException {
        try {
            BmffRewriter.open(in).editMoov(moov -> QuickTimeMetadata.set(moov, KEY, label.toJson(), in)).write(out);
        } catch (MediaException e) {
            Reason r = switch (e.reason()) {
                case WRITE_FAILED -> Reason.WRITE_FAILED;
                case UNREADABLE -> Reason.UNREADABLE;
                case UNSUPPORTED -> Reason.UNSUPPORTED;
                default -> Reason.MALFORMED;
            };
            Path which = e.reason() == MediaException.Reason.WRITE_FAILED ? out : in;
            throw new ProvenanceException(r, which, stripPath(e.getMessage(), which), e);
        }
    }

    private static String stripPath(String msg, Path file) {
        String prefix = file + ": ";
        return msg != null && msg.startsWith(prefix) ? msg.substring(prefix.length()) : msg;
    }
}
