package dev.hallmark.classifier.collect;

import dev.hallmark.classifier.Evidence;
import dev.hallmark.classifier.Outcome;
import dev.hallmark.media.MediaException;
import dev.hallmark.media.VideoReader;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Declarations outside C2PA and the AIGC label: an IPTC digital source type in XMP (an unsigned declaration:
 * check {@code xmp}), and generator names in container metadata such as encoder, software or comment tags (traces:
 * check {@code container}). Reads container tags through FFmpeg and scans at most the first and last 2 MiB of the
 * file for an XMP packet.
 */
public final class MetadataTraceCollector implements EvidenceCollector {
    private static final int SCAN = 2 << 20;
    private static final Pattern DST = Pattern.compile(
            "DigitalSourceType\\s*(?:=\\s*[\"']|>)\\s*(http://cv\\.iptc\\.org/newscodes/digitalsourcetype/[A-Za-z]+)");
    /** Names of public text-to-video / image generators and toolkits as they appear in tags. */
    private static final List<String> GENERATORS = List.of("sora", "runway", "gen-2", "gen-3", "pika", "kling",
            "veo", "dream machine", "luma ai", "hailuo", "minimax", "stable video diffusion", "animatediff",
            "modelscope", "cogvideo", "hunyuanvideo", "wan2", "midjourney", "dall-e", "stable diffusion",
            "firefly", "synthesia", "heygen", "d-id", "deepfacelab", "faceswap", "hallmark");
    private static final List<String> TAGS = List.of("encoder", "software", "comment", "description", "title",
            "artist", "creation_tool", "com.apple.quicktime.software", "com.apple.quicktime.description",
            "hallmark.visible-label", "make", "model");

    @Override
    public List<Evidence> collect(Path file) {
        List<Evidence> out = new ArrayList<>();
        out.add(xmp(file));
        out.add(container(file));
        return out;
    }

    private Evidence xmp(Path file) {
        String found = null;
        try (FileChannel ch = FileChannel.open(file)) {
            long size = ch.size();
            found = scan(ch, 0, (int) Math.min(SCAN, size));
            if (found == null && size > SCAN) {
                found = scan(ch, Math.max(SCAN, size - SCAN), (int) Math.min(SCAN, size - SCAN));
            }
        } catch (IOException e) {
            return new Evidence("xmp", Outcome.ERROR, "xmp.error", "cannot read: " + e.getMessage(), Map.of());
        }
        if (found == null) {
            return Evidence.of("xmp", Outcome.ABSENT, "xmp.absent", "no IPTC digital source type in XMP");
        }
        return new Evidence("xmp", Outcome.PASS, "xmp.digitalSourceType", "XMP declares digital source type "
                + found.substring(found.lastIndexOf('/') + 1) + " (unsigned)", Map.of("digitalSourceType", found));
    }

    private static String scan(FileChannel ch, long from, int len) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(len);
        while (b.hasRemaining() && ch.read(b, from + b.position()) > 0) {
            // read the window
        }
        String text = new String(b.array(), 0, b.position(), StandardCharsets.ISO_8859_1);
        int x = text.indexOf("xmpmeta");
        if (x < 0) {
            return null;
        }
        Matcher m = DST.matcher(text);
        return m.find(x) ? m.group(1) : null;
    }

    private Evidence container(Path file) {
        Map<String, String> tags;
        try (VideoReader r = VideoReader.open(file)) {
            tags = r.info().metadata();
        } catch (MediaException e) {
            return new Evidence("container", Outcome.ERROR, "container.error", e.getMessage(), Map.of());
        }
        Map<String, Object> hits = new LinkedHashMap<>();
        for (Map.Entry<String, String> t : tags.entrySet()) {
            String key = t.getKey().toLowerCase(Locale.ROOT);
            if (!TAGS.contains(key)) {
                continue;
            }
            String v = t.getValue().toLowerCase(Locale.ROOT);
            for (String g : GENERATORS) {
                if (v.contains(g) || key.startsWith(g)) {
                    hits.put(t.getKey(), t.getValue().length() > 120 ? t.getValue().substring(0, 120) : t.getValue());
                }
            }
        }
        if (hits.isEmpty()) {
            return Evidence.of("container", Outcome.ABSENT, "container.no-trace", "no generator names in container tags");
        }
        return new Evidence("container", Outcome.PASS, "container.generatorTrace",
                "container tags name an AI generator or labeller: " + hits.keySet(), hits);
    }
}
