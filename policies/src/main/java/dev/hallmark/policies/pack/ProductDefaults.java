package dev.hallmark.policies.pack;

import dev.hallmark.policies.Position;
import dev.hallmark.policies.Timing;
import java.util.List;

/**
 * Values Hallmark uses when no selected rule sets one [design decisions, labeling notes "[D]"]. They are never
 * weaker than what a shipped pack asks for: a corner label from frame 0 for the whole clip, burned in.
 */
public final class ProductDefaults {
    public static final String LABEL_TEXT = "AI-generated";
    public static final double MIN_HEIGHT_RATIO = 0.05;
    public static final double MIN_SECONDS = 2.0;
    public static final List<Timing> TIMINGS = List.of(Timing.WHOLE, Timing.START);
    public static final List<Position> POSITIONS = List.of(Position.TOP_RIGHT, Position.TOP_LEFT,
            Position.BOTTOM_RIGHT, Position.BOTTOM_LEFT, Position.TOP, Position.BOTTOM, Position.CENTER);
    public static final boolean BURNED_IN = true;
    /** Longest prompt screened; longer prompts are blocked (bounded work on untrusted input). */
    public static final int MAX_PROMPT_CHARS = 16_384;

    private ProductDefaults() {
    }
}
