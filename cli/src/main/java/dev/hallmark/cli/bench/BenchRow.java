package dev.hallmark.cli.bench;

import java.util.Objects;

/**
 * One line of the benchmark report: a measured figure next to the target of the issue that set it.
 *
 * @param area     what was measured (pipeline, label, watermark, c2pa, registry, screening, verify, generate, robustness)
 * @param figure   the figure's name
 * @param measured the measured value with its unit, as printed
 * @param target   the target, as printed ("" when the row is informational)
 * @param status   whether the target is met
 * @param note     conditions of the measurement (sizes, rounds, what was skipped)
 */
public record BenchRow(String area, String figure, String measured, String target, Status status, String note) {
    /** Target met, short of it, no target (a reference figure), or not measured in this run. */
    public enum Status {
        PASS, SHORT, INFO, SKIPPED;

        /** {@code PASS} when {@code met}, else {@code SHORT}. */
        public static Status of(boolean met) {
            return met ? PASS : SHORT;
        }
    }

    public BenchRow {
        Objects.requireNonNull(area);
        Objects.requireNonNull(figure);
        Objects.requireNonNull(measured);
        Objects.requireNonNull(status);
        target = target == null ? "" : target;
        note = note == null ? "" : note;
    }

    static BenchRow skipped(String area, String figure, String target, String why) {
        return new BenchRow(area, figure, "-", target, Status.SKIPPED, why);
    }
}
