package dev.hallmark.generator.pipeline;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.hallmark.generator.GeneratorException;
import dev.hallmark.generator.GeneratorException.Reason;
import dev.hallmark.media.MediaException;
import dev.hallmark.media.VideoInfo;
import dev.hallmark.media.VideoReader;
import dev.hallmark.provenance.ProvenanceException;
import dev.hallmark.provenance.aigc.AigcLabel;
import dev.hallmark.provenance.aigc.AigcMetadata;
import dev.hallmark.watermark.label.LabelSpec;
import dev.hallmark.watermark.label.VisibleLabel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * {@code hallmark label}: makes a clip GB 45438 label-compliant. Burns in the visible label and writes the AIGC
 * implicit label in one decode/encode pass. A file that already carries Hallmark's visible label (recorded in the
 * {@value #VISIBLE_LABEL_KEY} tag) is not labelled twice: only its implicit label is updated, without re-encoding.
 * An existing AIGC label is kept (producer fields preserved), never duplicated. The input is never modified; the
 * output appears atomically or not at all.
 */
public final class LabelJob {
    /** Container tag recording the burned-in visible label (JSON of its spec). */
    public static final String VISIBLE_LABEL_KEY = "hallmark.visible-label";

    /**
     * What the job did.
     *
     * @param output the written file
     * @param frames frames encoded (0 when only metadata was updated)
     * @param reencoded false when the input already carried the visible label and only metadata changed
     * @param aigc the implicit label now in the file
     * @param geometry where the visible label is (null when not re-encoded)
     * @param input facts about the input
     */
    public record Result(Path output, long frames, boolean reencoded, AigcLabel aigc,
            VisibleLabel.LabelGeometry geometry, VideoInfo input) {
    }

    private LabelJob() {
    }

    /**
     * @param newLabel makes the implicit label for a file that has none (the caller seals it with its key)
     * @param sealer re-seals a label after its fields change (identity when no key is available)
     */
    public static Result run(Path in, Path out, LabelSpec spec, java.util.function.Supplier<AigcLabel> newLabel,
            UnaryOperator<AigcLabel> sealer, ProgressSink progress) throws GeneratorException {
        if (Files.exists(out)) {
            // also covers out == in: the input is never overwritten
            throw new GeneratorException(Reason.BAD_INPUT, out, "already exists; choose another output file");
        }
        try (AtomicOutput release = new AtomicOutput(out)) {
            VideoInfo info;
            try (VideoReader r = VideoReader.open(in)) {
                info = r.info();
            }
            AigcMetadata.Reading existing = AigcMetadata.read(in);
            if (existing.present() && existing.single() == null) {
                throw new GeneratorException(Reason.BAD_INPUT, in, "carries " + existing.found().size()
                        + " conflicting or malformed AIGC labels; refusing to add another");
            }
            AigcLabel label = existing.single() != null ? asGenerated(existing.single(), sealer) : newLabel.get();
            boolean alreadyVisible = info.metadata().containsKey(VISIBLE_LABEL_KEY);
            if (alreadyVisible) {
                if (!isMp4(in)) {
                    throw new GeneratorException(Reason.BAD_INPUT, in, "already labelled but not an MP4/MOV file");
                }
                Path tmp = release.temp("meta");
                AigcMetadata.write(in, tmp, label);
                release.release(tmp);
                return new Result(release.target(), 0, false, label, null, info);
            }
            Map<String, String> tags = new LinkedHashMap<>(AigcMetadata.encoderTags(label));
            VisibleLabel[] prepared = new VisibleLabel[1];
            Path tmp = release.temp("label");
            Transcode.Result t = Transcode.run(in, tmp,
                    i -> Transcode.defaultSettings(i, Transcode.even(i.width()), Transcode.even(i.height())),
                    s -> {
                        prepared[0] = VisibleLabel.prepare(spec, s.width(), s.height(), s.frameRate());
                        return List.of(prepared[0]::apply);
                    }, withSpec(tags, spec), progress);
            release.release(tmp);
            return new Result(release.target(), t.frames(), true, label, prepared[0].geometry(), info);
        } catch (MediaException e) {
            throw new GeneratorException(Reason.BAD_INPUT, null, e.getMessage(), e);
        } catch (ProvenanceException e) {
            throw new GeneratorException(Reason.BAD_INPUT, null, e.getMessage(), e);
        }
    }

    /** An existing label stays; only "possibly"/"suspected" becomes "generated" (and is re-sealed). */
    private static AigcLabel asGenerated(AigcLabel l, UnaryOperator<AigcLabel> sealer) {
        if (l.label().equals("1")) {
            return l;
        }
        return sealer.apply(new AigcLabel("1", l.contentProducer(), l.produceId(), l.reservedCode1(),
                l.contentPropagator(), l.propagateId(), l.reservedCode2()));
    }

    private static Map<String, String> withSpec(Map<String, String> tags, LabelSpec spec) {
        Map<String, String> m = new LinkedHashMap<>(tags);
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("text", spec.text());
        s.put("heightRatio", spec.heightRatio());
        s.put("seconds", spec.seconds());
        s.put("position", spec.position().cliName());
        try {
            m.put(VISIBLE_LABEL_KEY, JsonMapper.builder().build().writeValueAsString(s));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        return m;
    }

    private static boolean isMp4(Path p) {
        try (var ch = java.nio.channels.FileChannel.open(p)) {
            return dev.hallmark.media.bmff.BmffParser.looksLikeBmff(ch);
        } catch (java.io.IOException e) {
            return false;
        }
    }
}
