package dev.hallmark.policies;

import java.util.List;
import java.util.Objects;

/**
 * The visible (explicit) label a clip must carry, each property with the rules and reason that set it.
 *
 * @param level           whether a visible label is required, only offered, or not asked for
 * @param text            the label text to draw: acceptable to every selected jurisdiction
 * @param acceptableTexts all texts acceptable to every selected jurisdiction, preferred first
 * @param minHeightRatio  minimum text height as a fraction of the frame's shortest side
 * @param minSeconds      minimum seconds on screen at normal speed
 * @param timings         allowed timings, preferred (default) first
 * @param positions       allowed positions in the frame, preferred (default) first
 * @param burnedIn        whether the label must be burned into the exported pixels
 */
public record VisibleLabelRequirements(
        Requirement<Level> level,
        Requirement<String> text,
        Requirement<List<String>> acceptableTexts,
        Requirement<Double> minHeightRatio,
        Requirement<Double> minSeconds,
        Requirement<List<Timing>> timings,
        Requirement<List<Position>> positions,
        Requirement<Boolean> burnedIn) {
    public VisibleLabelRequirements {
        Objects.requireNonNull(level);
        Objects.requireNonNull(text);
        Objects.requireNonNull(acceptableTexts);
        Objects.requireNonNull(minHeightRatio);
        Objects.requireNonNull(minSeconds);
        Objects.requireNonNull(timings);
        Objects.requireNonNull(positions);
        Objects.requireNonNull(burnedIn);
    }

    /** True when the label must be drawn (not merely offered). */
    public boolean required() {
        return level.value() == Level.REQUIRED;
    }

    /** The default timing: the first allowed one. */
    public Timing defaultTiming() {
        return timings.value().get(0);
    }

    /** The default position: the first allowed one. */
    public Position defaultPosition() {
        return positions.value().get(0);
    }
}
