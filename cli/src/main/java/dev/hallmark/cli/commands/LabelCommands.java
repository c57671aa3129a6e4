package dev.hallmark.cli.commands;

import dev.hallmark.cli.CliException;
import dev.hallmark.cli.HallmarkConfig;
import dev.hallmark.cli.Output;
import dev.hallmark.cli.Progress;
import dev.hallmark.generator.GeneratorException;
import dev.hallmark.generator.pipeline.LabelJob;
import dev.hallmark.media.MediaException;
import dev.hallmark.media.VideoReader;
import dev.hallmark.provenance.aigc.AigcLabel;
import dev.hallmark.watermark.label.LabelPosition;
import dev.hallmark.watermark.label.LabelSpec;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.shell.core.command.annotation.Command;
import org.springframework.shell.core.command.annotation.Option;
import org.springframework.stereotype.Component;

/** {@code hallmark label}: visible label + AIGC implicit label (GB 45438) on an existing clip. */
@Component
public class LabelCommands {
    private static final SecureRandom RANDOM = new SecureRandom();
    private final Output output;
    private final HallmarkConfig config;
    private final dev.hallmark.cli.SigningKeys keys;

    public LabelCommands(Output output, HallmarkConfig config, dev.hallmark.cli.SigningKeys keys) {
        this.output = output;
        this.config = config;
        this.keys = keys;
    }

    @Command(name = "label", group = "Labels",
            description = "Burn in the visible AI label and write the GB 45438 AIGC metadata label (never overwrites the input)")
    public void label(
            @Option(longName = "in", required = true, description = "input video (any format FFmpeg reads)") String in,
            @Option(longName = "out", required = true, description = "output MP4 (must not exist)") String out,
            @Option(longName = "text", description = "label text, must combine AI/人工智能 with 生成/合成 (default AI生成)") String text,
            @Option(longName = "seconds", description = "show the label for the first S seconds (>= 2; default: whole clip)") Double seconds,
            @Option(longName = "position", description = "top-left | top-right | bottom-left | bottom-right (default top-left)") String position,
            @Option(longName = "json", description = "print a JSON result") boolean json)
            throws GeneratorException, dev.hallmark.provenance.ProvenanceException, MediaException {
        LabelSpec spec = LabelSpec.defaults();
        try {
            if (text != null) {
                spec = spec.withText(text);
            }
            if (seconds != null) {
                spec = spec.withSeconds(seconds);
            }
            if (position != null) {
                spec = spec.withPosition(LabelPosition.parse(position));
            }
        } catch (IllegalArgumentException e) {
            throw CliException.usage(e.getMessage());
        }
        Path input = Path.of(in);
        Path output = Path.of(out);
        try (VideoReader probe = VideoReader.open(input)) {
            probe.info(); // refuse unreadable or hostile input before unlocking any key
        }
        String producer = config.providerCode().value();
        var credentials = keys.load().credentials();
        java.util.function.UnaryOperator<AigcLabel> seal = l -> {
            try {
                return l.withReservedCode1(dev.hallmark.provenance.aigc.AigcSeal.seal(l, credentials));
            } catch (dev.hallmark.provenance.ProvenanceException e) {
                throw new CliException(dev.hallmark.cli.ExitCode.INTERNAL, "cannot seal the AIGC label: " + e.getMessage());
            }
        };
        LabelJob.Result r;
        try (Progress p = this.output.progress("label", -1)) {
            r = LabelJob.run(input, output, spec,
                    () -> seal.apply(AigcLabel.generated(producer, "hm-" + HexFormat.of().formatHex(randomBytes()), "")),
                    seal, p);
        }
        if (json) {
            Map<String, Object> doc = new LinkedHashMap<>();
            doc.put("schema", "hallmark.label/1");
            doc.put("input", input.toString());
            doc.put("output", r.output().toString());
            doc.put("reencoded", r.reencoded());
            doc.put("frames", r.frames());
            doc.put("aigc", r.aigc().asMap());
            if (r.geometry() != null) {
                var g = r.geometry();
                doc.put("visibleLabel", Map.of("text", spec.text(), "position", spec.position().cliName(),
                        "seconds", spec.seconds() == 0 ? "whole clip" : spec.seconds(),
                        "textHeightPx", g.textHeight(), "textHeightRatio", round(g.textHeightRatio()),
                        "box", Map.of("x", g.boxX(), "y", g.boxY(), "width", g.boxWidth(), "height", g.boxHeight())));
            }
            this.output.json(doc);
            return;
        }
        if (!r.reencoded()) {
            this.output.line("%s already carries Hallmark's visible label: updated its AIGC label only (no re-encode).",
                    input);
        } else {
            var g = r.geometry();
            this.output.line("Labelled %d frames: \"%s\" %s, text %d px (%.1f%% of the short side), %s.", r.frames(),
                    spec.text(), spec.position().cliName(), g.textHeight(), 100 * g.textHeightRatio(),
                    spec.seconds() == 0 ? "whole clip" : "first " + spec.seconds() + " s");
        }
        this.output.line("AIGC label: %s", r.aigc().toJson());
        this.output.line("Wrote %s", r.output());
    }

    private static byte[] randomBytes() {
        byte[] b = new byte[8];
        RANDOM.nextBytes(b);
        return b;
    }

    static double round(double v) {
        return Math.round(v * 10000) / 10000.0;
    }
}
