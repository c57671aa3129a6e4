package dev.hallmark.watermark.eval;

import dev.hallmark.media.EncoderSettings.Codec;
import dev.hallmark.media.MediaException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One attack of the suite: a chain of steps, each an FFmpeg filter graph followed by an encode (or none: the
 * lossless intermediate itself). Graph strings may use {@code {w}}, {@code {h}} (input size) and {@code {fps}}
 * (input frame rate), filled in when the attack runs.
 *
 * @param id          short stable identifier (JSON key)
 * @param description what it simulates
 * @param steps       filter + encode steps, in order; empty = detect on the lossless intermediate
 * @param group       report section
 */
public record Attack(String id, String description, List<Step> steps, String group) {
    public Attack {
        Objects.requireNonNull(id);
        Objects.requireNonNull(description);
        steps = List.copyOf(steps);
    }

    /** One filter-and-encode step. */
    public record Step(String graph, Codec codec, int crf) {
        public Step {
            Objects.requireNonNull(graph);
            Objects.requireNonNull(codec);
        }

        /** The graph with {@code {w}}, {@code {h}}, {@code {fps}} filled in. */
        public String graphFor(int w, int h, double fps) {
            return graph.replace("{w}", Integer.toString(w)).replace("{h}", Integer.toString(h))
                    .replace("{fps}", String.format(java.util.Locale.ROOT, "%.6g", fps));
        }
    }

    /**
     * Runs the attack on a file, as a platform would: each step decodes, filters and re-encodes (no metadata or manifest
     * survives). Intermediate files sit beside {@code out} and are deleted.
     *
     * @throws MediaException when a file cannot be read or written
     * @throws IllegalArgumentException for an attack without steps
     */
    public void apply(Path in, Path out) throws MediaException {
        if (steps.isEmpty()) {
            throw new IllegalArgumentException("attack " + id + " has no steps to apply");
        }
        Path current = in;
        List<Path> temps = new ArrayList<>();
        try {
            for (int s = 0; s < steps.size(); s++) {
                boolean last = s == steps.size() - 1;
                Path next = last ? out
                        : out.resolveSibling(out.getFileName() + ".step" + s + WatermarkEvaluation.extension(steps.get(s)));
                if (!last) {
                    temps.add(next);
                }
                WatermarkEvaluation.applyStep(current, next, steps.get(s));
                current = next;
            }
        } finally {
            for (Path p : temps) {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    // a leftover intermediate file is harmless
                }
            }
        }
    }

    static Attack of(String id, String group, String description, String graph, Codec codec, int crf) {
        return new Attack(id, description, List.of(new Step(graph, codec, crf)), group);
    }

    static Attack h264(String id, String group, String description, String graph, int crf) {
        return of(id, group, description, graph, Codec.H264, crf);
    }
}
