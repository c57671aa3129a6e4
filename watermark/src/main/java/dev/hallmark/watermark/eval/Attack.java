package dev.hallmark.watermark.eval;

import dev.hallmark.media.EncoderSettings.Codec;
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

    static Attack of(String id, String group, String description, String graph, Codec codec, int crf) {
        return new Attack(id, description, List.of(new Step(graph, codec, crf)), group);
    }

    static Attack h264(String id, String group, String description, String graph, int crf) {
        return of(id, group, description, graph, Codec.H264, crf);
    }
}
