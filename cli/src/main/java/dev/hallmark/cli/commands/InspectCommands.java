package dev.hallmark.cli.commands;

import dev.hallmark.cli.Output;
import dev.hallmark.generator.pipeline.LabelJob;
import dev.hallmark.media.MediaException;
import dev.hallmark.media.VideoInfo;
import dev.hallmark.media.VideoReader;
import dev.hallmark.media.bmff.BmffParser;
import dev.hallmark.media.bmff.BoxTree;
import dev.hallmark.provenance.ProvenanceException;
import dev.hallmark.provenance.aigc.AigcMetadata;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.springframework.shell.core.command.annotation.Argument;
import org.springframework.shell.core.command.annotation.Command;
import org.springframework.shell.core.command.annotation.Option;
import org.springframework.stereotype.Component;

/** {@code hallmark inspect}: what a video file is and which labels it carries. */
@Component
public class InspectCommands {
    static final UUID C2PA_UUID = UUID.fromString("d8fec3d6-1b0e-483c-9297-5828877ec481");
    private final Output output;

    public InspectCommands(Output output) {
        this.output = output;
    }

    @Command(name = "inspect", group = "Labels",
            description = "Show container, codec, size, frame rate, box tree, the AIGC label and whether a C2PA manifest is present")
    public void inspect(@Argument(index = 0, description = "video file") String file,
            @Option(longName = "json", description = "print one JSON document") boolean json)
            throws MediaException, IOException {
        if (file == null || file.isBlank()) {
            throw dev.hallmark.cli.CliException.usage("give the file to inspect: hallmark inspect FILE");
        }
        Path p = Path.of(file);
        VideoInfo info;
        try (VideoReader r = VideoReader.open(p)) {
            info = r.info();
        }
        BoxTree tree = null;
        try (FileChannel ch = FileChannel.open(p)) {
            if (BmffParser.looksLikeBmff(ch)) {
                tree = BmffParser.parse(ch, p, dev.hallmark.media.bmff.BmffLimits.DEFAULT);
            }
        }
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("schema", "hallmark.inspect/1");
        doc.put("file", p.toString());
        doc.put("sizeBytes", Files.size(p));
        doc.put("container", info.container());
        doc.put("videoCodec", info.videoCodec());
        doc.put("width", info.width());
        doc.put("height", info.height());
        doc.put("fps", Math.round(info.frameRate().fps() * 1000) / 1000.0);
        doc.put("frameRate", info.frameRate().toString());
        doc.put("frameCount", info.frameCount());
        doc.put("durationSeconds", info.durationMicros() < 0 ? null : Math.round(info.durationSeconds() * 1000) / 1000.0);
        doc.put("bitRate", info.bitRate());
        doc.put("audioCodec", info.audioCodec());
        Object aigc = null;
        List<String> aigcProblems = new ArrayList<>();
        int aigcCount = 0;
        try {
            AigcMetadata.Reading reading = AigcMetadata.read(p);
            aigcCount = reading.found().size();
            for (AigcMetadata.Found f : reading.found()) {
                if (f.problem() != null) {
                    aigcProblems.add(f.source() + ": " + f.problem());
                }
            }
            if (reading.single() != null) {
                aigc = reading.single().asMap();
            } else if (aigcCount > 1) {
                aigcProblems.add(aigcCount + " AIGC labels in one file (the standard allows one)");
            }
        } catch (ProvenanceException e) {
            aigcProblems.add(e.getMessage());
        }
        doc.put("aigc", aigc);
        doc.put("aigcLabelCount", aigcCount);
        doc.put("aigcProblems", aigcProblems);
        doc.put("visibleLabel", info.metadata().get(LabelJob.VISIBLE_LABEL_KEY) == null ? null
                : Output.json().readTree(info.metadata().get(LabelJob.VISIBLE_LABEL_KEY)));
        doc.put("c2paManifestPresent", tree != null && !tree.topLevelUuid(C2PA_UUID).isEmpty());
        doc.put("fragmented", tree != null && tree.fragmented());
        doc.put("boxes", tree == null ? null : tree.outline(3));
        doc.put("tags", info.metadata());
        if (json) {
            output.json(doc);
            return;
        }
        output.line("%s", p);
        output.line("  container   %s, %s", info.container(), humanBytes(Files.size(p)));
        output.line("  video       %s %dx%d, %s fps, %d frames, %s", info.videoCodec(), info.width(), info.height(),
                info.frameRate(), info.frameCount(),
                info.durationMicros() < 0 ? "duration unknown" : String.format(Locale.ROOT, "%.2f s", info.durationSeconds()));
        output.line("  audio       %s", info.audioCodec() == null ? "none" : info.audioCodec());
        output.line("  AIGC label  %s", aigc == null ? (aigcProblems.isEmpty() ? "none" : "PROBLEM: " + aigcProblems)
                : new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(aigc));
        output.line("  visible     %s", doc.get("visibleLabel") == null ? "no Hallmark visible label recorded"
                : doc.get("visibleLabel"));
        output.line("  C2PA        %s", Boolean.TRUE.equals(doc.get("c2paManifestPresent"))
                ? "manifest present (check it with: hallmark c2pa verify " + p + ")" : "no manifest");
        if (tree != null) {
            output.line("  boxes");
            for (String l : tree.outline(2)) {
                output.line("    %s", l);
            }
        }
    }

    static String humanBytes(long n) {
        if (n < 1024) {
            return n + " B";
        }
        if (n < 1 << 20) {
            return String.format(Locale.ROOT, "%.1f KiB", n / 1024.0);
        }
        return String.format(Locale.ROOT, "%.1f MiB", n / (1024.0 * 1024));
    }
}
