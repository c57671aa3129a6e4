package dev.hallmark.watermark.label;

import java.util.Objects;

/**
 * What the visible (explicit) label must look like. GB 45438-2025 for video: text combining "人工智能" or "AI" with
 * "生成" or "合成", at least 5% of the frame's shortest side high, shown at least 2 s from the opening.
 *
 * @param text the label text (default {@code AI生成})
 * @param heightRatio text height / shortest frame side (>= 0.05)
 * @param seconds how long it is shown from frame 0; 0 = the whole clip (the default); otherwise >= 2
 * @param position the corner
 * @param backingOpacity opacity of the dark box behind the text (0..1)
 */
public record LabelSpec(String text, double heightRatio, double seconds, LabelPosition position,
        double backingOpacity) {
    public static final String DEFAULT_TEXT = "AI生成";
    public static final double MIN_HEIGHT_RATIO = 0.05;
    public static final double MIN_SECONDS = 2.0;

    public LabelSpec {
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(position, "position");
        String problem = textProblem(text);
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
        if (!(heightRatio >= MIN_HEIGHT_RATIO) || heightRatio > 0.5) {
            throw new IllegalArgumentException("label height must be 5% to 50% of the frame's shortest side, got "
                    + heightRatio);
        }
        if (seconds != 0 && !(seconds >= MIN_SECONDS)) {
            throw new IllegalArgumentException("the label must be shown at least 2 s (or 0 = whole clip), got " + seconds);
        }
        if (!(backingOpacity >= 0 && backingOpacity <= 1)) {
            throw new IllegalArgumentException("backing opacity must be within 0..1");
        }
    }

    /** {@code AI生成}, 5.5% high (a little above the 5% minimum), whole clip, top-left, 55% backing. */
    public static LabelSpec defaults() {
        return new LabelSpec(DEFAULT_TEXT, 0.055, 0, LabelPosition.TOP_LEFT, 0.55);
    }

    public LabelSpec withText(String t) {
        return new LabelSpec(t, heightRatio, seconds, position, backingOpacity);
    }

    public LabelSpec withSeconds(double s) {
        return new LabelSpec(text, heightRatio, s, position, backingOpacity);
    }

    public LabelSpec withPosition(LabelPosition p) {
        return new LabelSpec(text, heightRatio, seconds, p, backingOpacity);
    }

    public LabelSpec withHeightRatio(double r) {
        return new LabelSpec(text, r, seconds, position, backingOpacity);
    }

    /** Null when the text satisfies GB 45438 for video, else what is missing. */
    public static String textProblem(String text) {
        if (text.isBlank() || text.length() > 64) {
            return "label text must be 1..64 characters";
        }
        boolean ai = text.contains("人工智能") || text.contains("AI");
        boolean made = text.contains("生成") || text.contains("合成");
        if (!ai || !made) {
            return "label text must combine \"人工智能\" or \"AI\" with \"生成\" or \"合成\" (GB 45438), e.g. AI生成; got \""
                    + text + "\"";
        }
        return null;
    }
}
