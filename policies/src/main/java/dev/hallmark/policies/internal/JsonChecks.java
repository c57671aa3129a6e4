package dev.hallmark.policies.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hallmark.policies.Problem;
import java.time.LocalDate;
import java.time.Period;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * A tiny schema checker over a Jackson tree: each accessor validates one member and records a {@link Problem} with
 * its JSON Pointer when it is missing, of the wrong type or out of range, then returns null. Unknown members are
 * reported by {@link #onlyKnown()} (typos such as {@code minHeigthRatio} must not pass silently).
 */
public final class JsonChecks {
    private final JsonNode node;
    private final String path;
    private final List<Problem> problems;
    private final List<String> seen = new ArrayList<>();

    private JsonChecks(JsonNode node, String path, List<Problem> problems) {
        this.node = node;
        this.path = path;
        this.problems = problems;
    }

    /** Checks that {@code node} is an object; returns null (and records a problem) otherwise. */
    public static JsonChecks object(JsonNode node, String path, List<Problem> problems) {
        if (node == null || !node.isObject()) {
            problems.add(new Problem(path, "must be a JSON object, got " + describe(node)));
            return null;
        }
        return new JsonChecks(node, path, problems);
    }

    public String path() {
        return path;
    }

    public String at(String member) {
        return path + "/" + member.replace("~", "~0").replace("/", "~1");
    }

    public void problem(String member, String message) {
        problems.add(new Problem(member == null ? path : at(member), message));
    }

    private JsonNode get(String name, boolean required) {
        seen.add(name);
        JsonNode v = node.get(name);
        if (v == null || v.isNull()) {
            if (required) {
                problems.add(new Problem(at(name), "required member is missing"));
            }
            return null;
        }
        return v;
    }

    public boolean has(String name) {
        return node.has(name) && !node.get(name).isNull();
    }

    public String string(String name, boolean required, int maxLength, Pattern pattern, String expected) {
        JsonNode v = get(name, required);
        if (v == null) {
            return null;
        }
        return checkString(v, at(name), maxLength, pattern, expected, problems);
    }

    static String checkString(JsonNode v, String where, int maxLength, Pattern pattern, String expected,
            List<Problem> problems) {
        if (!v.isTextual()) {
            problems.add(new Problem(where, "must be a string, got " + describe(v)));
            return null;
        }
        String s = v.textValue();
        if (s.isBlank()) {
            problems.add(new Problem(where, "must not be empty"));
            return null;
        }
        if (s.length() > maxLength) {
            problems.add(new Problem(where, "must be at most " + maxLength + " characters, got " + s.length()));
            return null;
        }
        if (pattern != null && !pattern.matcher(s).matches()) {
            problems.add(new Problem(where, "must be " + expected + ", got '" + clip(s) + "'"));
            return null;
        }
        return s;
    }

    public Integer integer(String name, boolean required, long min, long max) {
        JsonNode v = get(name, required);
        if (v == null) {
            return null;
        }
        if (!v.isIntegralNumber() || !v.canConvertToLong() || v.longValue() < min || v.longValue() > max) {
            problems.add(new Problem(at(name), "must be a whole number from " + min + " to " + max + ", got " + describe(v)));
            return null;
        }
        return (int) v.longValue();
    }

    /** A number in {@code (minExclusive, max]} (or {@code [min, max]} when {@code minInclusive}). */
    public Double number(String name, boolean required, double min, boolean minInclusive, double max) {
        JsonNode v = get(name, required);
        if (v == null) {
            return null;
        }
        double d = v.isNumber() ? v.doubleValue() : Double.NaN;
        boolean lowOk = minInclusive ? d >= min : d > min;
        if (!v.isNumber() || Double.isNaN(d) || !lowOk || d > max) {
            problems.add(new Problem(at(name), "must be a number " + (minInclusive ? "from " : "above ") + min + " to " + max
                    + ", got " + describe(v)));
            return null;
        }
        return d;
    }

    public Boolean bool(String name, boolean required) {
        JsonNode v = get(name, required);
        if (v == null) {
            return null;
        }
        if (!v.isBoolean()) {
            problems.add(new Problem(at(name), "must be true or false, got " + describe(v)));
            return null;
        }
        return v.booleanValue();
    }

    public LocalDate date(String name, boolean required) {
        JsonNode v = get(name, required);
        if (v == null) {
            return null;
        }
        return checkDate(v, at(name), problems);
    }

    static LocalDate checkDate(JsonNode v, String where, List<Problem> problems) {
        if (!v.isTextual() || !v.textValue().matches("\\d{4}-\\d{2}-\\d{2}")) {
            problems.add(new Problem(where, "must be a date YYYY-MM-DD, got " + describe(v)));
            return null;
        }
        try {
            return LocalDate.parse(v.textValue());
        } catch (DateTimeParseException e) {
            problems.add(new Problem(where, "not a calendar date: '" + v.textValue() + "'"));
            return null;
        }
    }

    /** An ISO-8601 period such as {@code P6M}, {@code P3Y}, {@code P30D}. */
    public Period period(String name, boolean required) {
        JsonNode v = get(name, required);
        if (v == null) {
            return null;
        }
        if (!v.isTextual() || !v.textValue().matches("P(\\d{1,4}Y)?(\\d{1,4}M)?(\\d{1,5}W)?(\\d{1,6}D)?") || v.textValue().equals("P")) {
            problems.add(new Problem(at(name), "must be an ISO-8601 period such as P6M, P3Y or P30D, got " + describe(v)));
            return null;
        }
        return Period.parse(v.textValue());
    }

    public <E> E enumValue(String name, boolean required, Function<String, E> parse, String allowed) {
        JsonNode v = get(name, required);
        if (v == null) {
            return null;
        }
        E e = v.isTextual() ? parse.apply(v.textValue()) : null;
        if (e == null) {
            problems.add(new Problem(at(name), "must be one of " + allowed + ", got " + describe(v)));
        }
        return e;
    }

    /** An array member of {@code minItems..maxItems} elements, or null. */
    public List<JsonNode> array(String name, boolean required, int minItems, int maxItems) {
        JsonNode v = get(name, required);
        if (v == null) {
            return null;
        }
        if (!v.isArray()) {
            problems.add(new Problem(at(name), "must be an array, got " + describe(v)));
            return null;
        }
        if (v.size() < minItems || v.size() > maxItems) {
            problems.add(new Problem(at(name), "must have " + minItems + " to " + maxItems + " elements, got " + v.size()));
            return null;
        }
        List<JsonNode> out = new ArrayList<>(v.size());
        v.forEach(out::add);
        return out;
    }

    /** An array of strings, each checked like {@link #string}; null elements are reported. */
    public List<String> strings(String name, boolean required, int minItems, int maxItems, int maxLength,
            Pattern pattern, String expected) {
        List<JsonNode> arr = array(name, required, minItems, maxItems);
        if (arr == null) {
            return null;
        }
        List<String> out = new ArrayList<>();
        boolean ok = true;
        for (int i = 0; i < arr.size(); i++) {
            String s = checkString(arr.get(i), at(name) + "/" + i, maxLength, pattern, expected, problems);
            if (s == null) {
                ok = false;
            } else if (out.contains(s)) {
                problems.add(new Problem(at(name) + "/" + i, "duplicate value '" + clip(s) + "'"));
                ok = false;
            } else {
                out.add(s);
            }
        }
        return ok ? out : null;
    }

    /** An array of enum values, no duplicates. */
    public <E> List<E> enums(String name, boolean required, int minItems, int maxItems, Function<String, E> parse,
            String allowed) {
        List<JsonNode> arr = array(name, required, minItems, maxItems);
        if (arr == null) {
            return null;
        }
        List<E> out = new ArrayList<>();
        boolean ok = true;
        for (int i = 0; i < arr.size(); i++) {
            JsonNode v = arr.get(i);
            E e = v.isTextual() ? parse.apply(v.textValue()) : null;
            if (e == null) {
                problems.add(new Problem(at(name) + "/" + i, "must be one of " + allowed + ", got " + describe(v)));
                ok = false;
            } else if (out.contains(e)) {
                problems.add(new Problem(at(name) + "/" + i, "duplicate value " + describe(v)));
                ok = false;
            } else {
                out.add(e);
            }
        }
        return ok ? out : null;
    }

    public JsonChecks object(String name, boolean required) {
        JsonNode v = get(name, required);
        if (v == null) {
            return null;
        }
        return object(v, at(name), problems);
    }

    /** Reports every member not read through this checker. */
    public void onlyKnown() {
        onlyKnown(Set.of());
    }

    public void onlyKnown(Set<String> alsoAllowed) {
        Iterator<String> names = node.fieldNames();
        while (names.hasNext()) {
            String n = names.next();
            if (!seen.contains(n) && !alsoAllowed.contains(n)) {
                problems.add(new Problem(at(n), "unknown member (allowed here: " + String.join(", ", seen) + ")"));
            }
        }
    }

    public static String describe(JsonNode v) {
        if (v == null || v.isMissingNode()) {
            return "nothing";
        }
        if (v.isNull()) {
            return "null";
        }
        if (v.isTextual()) {
            return "'" + clip(v.textValue()) + "'";
        }
        if (v.isObject()) {
            return "an object";
        }
        if (v.isArray()) {
            return "an array";
        }
        return clip(v.toString());
    }

    static String clip(String s) {
        String t = s.length() > 60 ? s.substring(0, 60) + "..." : s;
        StringBuilder sb = new StringBuilder();
        t.codePoints().forEach(c -> {
            if (Character.isISOControl(c)) {
                sb.append(String.format("\\u%04x", c));
            } else {
                sb.appendCodePoint(c);
            }
        });
        return sb.toString();
    }
}
