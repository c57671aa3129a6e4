package dev.hallmark.policies;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * A policy pack, screening library, consent registry, decision document or argument could not be used. Carries a
 * {@link Reason} that callers and tests assert on, the input concerned and every {@link Problem} found;
 * {@link #getMessage()} is one line naming the input, where in it and what is wrong.
 */
public final class PolicyException extends Exception {
    /** Why an input was refused. */
    public enum Reason {
        /** Missing, unreadable or empty. */
        UNREADABLE,
        /** Not well-formed: JSON syntax error, broken line structure, bad encoding. */
        MALFORMED,
        /** Well-formed but breaks the schema: missing or unknown field, wrong type, value out of range. */
        INVALID,
        /** A format name or version this build does not know. */
        UNSUPPORTED_FORMAT,
        /** A shipped resource whose checksum does not match (damaged build or tampering). */
        CORRUPT,
        /** Exceeds a safety bound (size, nesting depth, count) — possibly hostile. */
        LIMIT_EXCEEDED,
        /** A jurisdiction code no loaded pack defines. */
        UNKNOWN_JURISDICTION,
        /** A bad argument: malformed date, consent id or jurisdiction list. */
        BAD_ARGUMENT
    }

    private final Reason reason;
    private final String input;
    private final transient Path file;
    private final List<Problem> problems;

    /** An error about {@code file} (may be null when the input is not a file). */
    public PolicyException(Reason reason, Path file, List<Problem> problems) {
        this(reason, file, file == null ? null : file.toString(), problems);
    }

    /** An error about an input named {@code input} (a resource name, "argument --date", ...). */
    public PolicyException(Reason reason, String input, List<Problem> problems) {
        this(reason, null, input, problems);
    }

    public PolicyException(Reason reason, String input, String where, String message) {
        this(reason, null, input, List.of(new Problem(where, message)));
    }

    public PolicyException(Reason reason, Path file, String where, String message) {
        this(reason, file, file == null ? null : file.toString(), List.of(new Problem(where, message)));
    }

    private PolicyException(Reason reason, Path file, String input, List<Problem> problems) {
        super(format(input, problems));
        if (problems == null || problems.isEmpty()) {
            throw new IllegalArgumentException("a PolicyException needs at least one problem");
        }
        this.reason = Objects.requireNonNull(reason);
        this.file = file;
        this.input = input;
        this.problems = List.copyOf(problems);
    }

    private static String format(String input, List<Problem> problems) {
        if (problems == null || problems.isEmpty()) {
            return String.valueOf(input);
        }
        StringBuilder sb = new StringBuilder();
        if (input != null) {
            sb.append(input).append(": ");
        }
        sb.append(problems.get(0));
        if (problems.size() > 1) {
            sb.append(" (and ").append(problems.size() - 1).append(" more problem")
                    .append(problems.size() > 2 ? "s" : "").append(')');
        }
        return sb.toString();
    }

    public Reason reason() {
        return reason;
    }

    /** The file concerned, or null when the input is a resource or an argument. */
    public Path file() {
        return file;
    }

    /** The name of the input concerned (file path, resource name or argument), or null. */
    public String input() {
        return input;
    }

    /** Every problem found, in document order; never empty. */
    public List<Problem> problems() {
        return problems;
    }
}
