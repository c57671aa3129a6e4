package dev.hallmark.policies.pack;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hallmark.policies.Basis;
import dev.hallmark.policies.ConsentSubject;
import dev.hallmark.policies.Jurisdiction;
import dev.hallmark.policies.Level;
import dev.hallmark.policies.PolicyException;
import dev.hallmark.policies.PolicyException.Reason;
import dev.hallmark.policies.Position;
import dev.hallmark.policies.Problem;
import dev.hallmark.policies.RecordClass;
import dev.hallmark.policies.Source;
import dev.hallmark.policies.Timing;
import dev.hallmark.policies.internal.JsonChecks;
import dev.hallmark.policies.internal.StrictJson;
import dev.hallmark.policies.screening.CategoryCode;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.Period;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Reads and validates {@code hallmark.policy-pack} version 1 files (format documented in
 * {@code policies/docs/policy-packs.md}). Validation is complete: every problem is reported with its JSON Pointer,
 * not only the first. Bounded: at most {@link #MAX_BYTES} bytes, {@link #MAX_RULES} rules, nesting depth
 * {@link StrictJson#MAX_DEPTH}.
 */
public final class PackReader {
    public static final long MAX_BYTES = 1024 * 1024;
    public static final int MAX_RULES = 500;

    private static final Pattern RULE_ID = Pattern.compile("[a-z0-9][a-z0-9.-]{0,63}");
    private static final Pattern VERSION = Pattern.compile("[0-9A-Za-z][0-9A-Za-z.+-]{0,31}");
    private static final Pattern FIELD_NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_.-]{0,63}");
    private static final Pattern CARRIER = Pattern.compile("aigc-metadata|latent|manifest");

    private PackReader() {
    }

    /** Reads an operator's pack file. */
    public static PolicyPack read(Path file) throws PolicyException {
        byte[] bytes = StrictJson.readBounded(file, MAX_BYTES);
        return parse(bytes, file.toString(), file.toString(), file);
    }

    /**
     * Parses pack bytes. {@code input} names the input in errors; {@code origin} is recorded in every rule reference
     * ({@code builtin:cn.json} or the file path).
     */
    public static PolicyPack parse(byte[] bytes, String input, String origin) throws PolicyException {
        return parse(bytes, input, origin, null);
    }

    private static PolicyPack parse(byte[] bytes, String input, String origin, Path file) throws PolicyException {
        if (bytes.length > MAX_BYTES) {
            throw fail(Reason.LIMIT_EXCEEDED, file, input, List.of(new Problem("", "pack is " + bytes.length
                    + " bytes; at most " + MAX_BYTES + " accepted")));
        }
        JsonNode root;
        try {
            root = StrictJson.parse(StrictJson.utf8(bytes, input), input);
        } catch (PolicyException e) {
            throw file == null ? e : new PolicyException(e.reason(), file, e.problems());
        }
        List<Problem> problems = new ArrayList<>();
        JsonChecks o = JsonChecks.object(root, "", problems);
        if (o == null) {
            throw fail(Reason.INVALID, file, input, problems);
        }
        String format = o.string("format", true, 64, null, null);
        Integer version = o.integer("formatVersion", true, 0, Integer.MAX_VALUE);
        if (format != null && !format.equals(PolicyPack.FORMAT)) {
            throw fail(Reason.UNSUPPORTED_FORMAT, file, input, List.of(new Problem("/format",
                    "expected '" + PolicyPack.FORMAT + "', got '" + format + "' (is this a policy pack?)")));
        }
        if (version != null && version != PolicyPack.FORMAT_VERSION) {
            throw fail(Reason.UNSUPPORTED_FORMAT, file, input, List.of(new Problem("/formatVersion",
                    "version " + version + " is not supported by this build (it reads version " + PolicyPack.FORMAT_VERSION
                            + "); upgrade Hallmark or convert the pack")));
        }
        if (format == null || version == null) {
            throw fail(Reason.INVALID, file, input, problems);
        }
        String jurisdiction = o.string("jurisdiction", true, 16, Pattern.compile("[a-z][a-z0-9-]{0,15}"),
                "a jurisdiction code such as cn, eu, us-ca");
        String title = o.string("title", true, 200, null, null);
        String packVersion = o.string("packVersion", true, 32, VERSION, "a version such as 2025.11.0");
        LocalDate published = o.date("published", true);
        PolicyPack.Mode mode = o.enumValue("mode", true, s -> switch (s) {
            case "base" -> PolicyPack.Mode.BASE;
            case "override" -> PolicyPack.Mode.OVERRIDE;
            default -> null;
        }, "base, override");
        o.string("description", false, 4000, null, null);
        List<JsonNode> ruleNodes = o.array("rules", true, 1, MAX_RULES);
        o.onlyKnown();

        List<PackRule> rules = new ArrayList<>();
        if (ruleNodes != null) {
            Set<String> ids = new HashSet<>();
            for (int i = 0; i < ruleNodes.size(); i++) {
                PackRule r = rule(ruleNodes.get(i), "/rules/" + i, jurisdiction, problems);
                if (r != null) {
                    if (!ids.add(r.id())) {
                        problems.add(new Problem("/rules/" + i + "/id", "duplicate rule id '" + r.id() + "'"));
                    }
                    if (mode == PolicyPack.Mode.BASE && r.justification().isPresent()) {
                        problems.add(new Problem("/rules/" + i + "/justification",
                                "only override packs carry justifications"));
                    }
                    rules.add(r);
                }
            }
        }
        if (!problems.isEmpty()) {
            throw fail(Reason.INVALID, file, input, problems);
        }
        return new PolicyPack(jurisdiction, title, packVersion, published, mode, rules, origin);
    }

    private static PolicyException fail(Reason reason, Path file, String input, List<Problem> problems) {
        return file != null ? new PolicyException(reason, file, problems) : new PolicyException(reason, input, problems);
    }

    private static PackRule rule(JsonNode node, String path, String jurisdiction, List<Problem> problems) {
        int before = problems.size();
        JsonChecks r = JsonChecks.object(node, path, problems);
        if (r == null) {
            return null;
        }
        String id = r.string("id", true, 64, RULE_ID, "lower-case letters, digits, '.' and '-' (at most 64)");
        if (id != null && jurisdiction != null && !id.startsWith(jurisdiction + ".")) {
            r.problem("id", "must start with the pack's jurisdiction and a dot ('" + jurisdiction + ".'), got '" + id + "'");
        }
        RuleKind kind = r.enumValue("kind", true, RuleKind::fromId, ids(RuleKind.values(), RuleKind::id));
        Level level = r.enumValue("level", true, Level::fromId, ids(Level.values(), Level::id));
        LocalDate from = r.date("effectiveFrom", true);
        LocalDate until = r.date("effectiveUntil", false);
        if (from != null && until != null && !until.isAfter(from)) {
            r.problem("effectiveUntil", "must be after effectiveFrom (" + from + ")");
        }
        List<Source> sources = sources(r, problems);
        String note = r.string("note", false, 2000, null, null);
        String justification = r.string("justification", false, 2000, null, null);
        RuleParams params = new RuleParams.None();
        if (kind != null) {
            if (kind.hasParams()) {
                JsonChecks p = r.object("params", true);
                if (p != null) {
                    params = params(kind, p, problems);
                }
            } else if (r.has("params")) {
                r.object("params", false);
                r.problem("params", "kind '" + kind.id() + "' takes no params");
            }
        }
        r.onlyKnown(kind != null && !kind.hasParams() ? Set.of("params") : Set.of());
        if (problems.size() > before || params == null) {
            return null;
        }
        return new PackRule(id, kind, level, from, Optional.ofNullable(until), sources, Optional.ofNullable(note),
                Optional.ofNullable(justification), params);
    }

    private static List<Source> sources(JsonChecks r, List<Problem> problems) {
        List<JsonNode> arr = r.array("sources", true, 1, 8);
        if (arr == null) {
            return List.of();
        }
        List<Source> out = new ArrayList<>();
        for (int i = 0; i < arr.size(); i++) {
            JsonChecks s = JsonChecks.object(arr.get(i), r.at("sources") + "/" + i, problems);
            if (s == null) {
                continue;
            }
            String instrument = s.string("instrument", true, 300, null, null);
            String clause = s.string("clause", true, 300, null, null);
            Basis basis = s.enumValue("basis", true, Basis::fromId, ids(Basis.values(), Basis::id));
            s.onlyKnown();
            if (instrument != null && clause != null && basis != null) {
                out.add(new Source(instrument, clause, basis));
            }
        }
        return out;
    }

    private static RuleParams params(RuleKind kind, JsonChecks p, List<Problem> problems) {
        int before = problems.size();
        RuleParams out = switch (kind) {
            case VISIBLE_LABEL -> visibleLabel(p);
            case RETENTION -> retention(p);
            case DISCLOSURE_FIELDS -> disclosure(p, problems);
            case CONSENT -> consent(p);
            case SCREENING -> screening(p);
            default -> new RuleParams.None();
        };
        p.onlyKnown();
        return problems.size() > before ? null : out;
    }

    private static RuleParams visibleLabel(JsonChecks p) {
        List<String> texts = p.strings("texts", false, 1, 20, 60, null, null);
        List<List<String>> rule = new ArrayList<>();
        List<JsonNode> groups = p.array("textRule", false, 1, 4);
        if (groups != null) {
            for (int g = 0; g < groups.size(); g++) {
                String where = p.at("textRule") + "/" + g;
                JsonNode group = groups.get(g);
                if (!group.isArray() || group.isEmpty() || group.size() > 10) {
                    p.problem("textRule", "group " + g + " must be an array of 1 to 10 alternative strings");
                    continue;
                }
                List<String> alts = new ArrayList<>();
                for (int a = 0; a < group.size(); a++) {
                    JsonNode alt = group.get(a);
                    if (!alt.isTextual() || alt.textValue().isBlank() || alt.textValue().length() > 40) {
                        p.problem("textRule", "group " + g + " alternative " + a + " must be a string of 1 to 40 characters (at " + where + "/" + a + ")");
                    } else {
                        alts.add(alt.textValue());
                    }
                }
                rule.add(alts);
            }
        }
        if (texts != null && !rule.isEmpty()) {
            for (int i = 0; i < texts.size(); i++) {
                if (!RuleParams.VisibleLabel.satisfies(texts.get(i), rule)) {
                    p.problem("texts", "text " + i + " '" + texts.get(i) + "' does not satisfy textRule");
                }
            }
        }
        Double height = p.number("minHeightRatio", false, 0.0, false, 1.0);
        Double seconds = p.number("minSeconds", false, 0.0, true, 3600.0);
        List<Timing> timings = p.enums("timings", false, 1, Timing.values().length, Timing::fromId, ids(Timing.values(), Timing::id));
        List<Position> positions = p.enums("positions", false, 1, Position.values().length, Position::fromId,
                ids(Position.values(), Position::id));
        Boolean burnedIn = p.bool("burnedIn", false);
        return new RuleParams.VisibleLabel(texts == null ? List.of() : texts, rule,
                height == null ? OptionalDouble.empty() : OptionalDouble.of(height),
                seconds == null ? OptionalDouble.empty() : OptionalDouble.of(seconds),
                timings == null ? List.of() : timings, positions == null ? List.of() : positions,
                Optional.ofNullable(burnedIn));
    }

    private static RuleParams retention(JsonChecks p) {
        RecordClass rc = p.enumValue("recordClass", true, RecordClass::fromId, ids(RecordClass.values(), RecordClass::id));
        Period min = p.period("minimum", false);
        Period max = p.period("maximum", false);
        if (!p.has("minimum") && !p.has("maximum")) {
            p.problem(null, "needs a minimum, a maximum or both");
        }
        LocalDate ref = LocalDate.of(2000, 1, 1);
        if (min != null && max != null && ref.plus(min).isAfter(ref.plus(max))) {
            p.problem("maximum", "is shorter than the minimum " + min);
        }
        return new RuleParams.Retention(rc == null ? RecordClass.GENERATION_LOG : rc, Optional.ofNullable(min),
                Optional.ofNullable(max));
    }

    private static RuleParams disclosure(JsonChecks p, List<Problem> problems) {
        String carrier = p.string("carrier", true, 32, CARRIER, "one of aigc-metadata, latent, manifest");
        List<JsonNode> arr = p.array("fields", true, 1, 32);
        List<RuleParams.Field> fields = new ArrayList<>();
        if (arr != null) {
            Set<String> names = new HashSet<>();
            for (int i = 0; i < arr.size(); i++) {
                JsonChecks f = JsonChecks.object(arr.get(i), p.at("fields") + "/" + i, problems);
                if (f == null) {
                    continue;
                }
                String name = f.string("name", true, 64, FIELD_NAME, "a field name (letters, digits, '_', '.', '-')");
                String desc = f.string("description", true, 500, null, null);
                f.onlyKnown();
                if (name != null && !names.add(name)) {
                    f.problem("name", "duplicate field '" + name + "'");
                }
                if (name != null && desc != null) {
                    fields.add(new RuleParams.Field(name, desc));
                }
            }
        }
        return new RuleParams.Disclosure(carrier == null ? "latent" : carrier, fields);
    }

    private static RuleParams consent(JsonChecks p) {
        ConsentSubject subject = p.enumValue("subject", true, ConsentSubject::fromId, ids(ConsentSubject.values(), ConsentSubject::id));
        List<String> triggers = p.strings("triggers", true, 0, 100, 64, CategoryCode.PATTERN,
                "a category code such as A.4.b or A.4.b/named-person");
        return new RuleParams.Consent(subject == null ? ConsentSubject.REAL_PERSON_LIKENESS : subject,
                triggers == null ? List.of() : triggers);
    }

    private static RuleParams screening(JsonChecks p) {
        List<String> cats = p.strings("blockCategories", true, 0, 200, 64, CategoryCode.PATTERN,
                "a category code such as A.1 or A.1.f/weapons");
        Integer minTerms = p.integer("minLibraryTerms", false, 0, 100_000_000);
        Integer maxChars = p.integer("maxPromptChars", false, 1, 1_000_000);
        return new RuleParams.Screening(cats == null ? List.of() : cats,
                minTerms == null ? OptionalInt.empty() : OptionalInt.of(minTerms),
                maxChars == null ? OptionalInt.empty() : OptionalInt.of(maxChars));
    }

    static <E> String ids(E[] values, Function<E, String> id) {
        return Arrays.stream(values).map(id).collect(Collectors.joining(", "));
    }

    /** Whether {@code code} is a syntactically valid jurisdiction code. */
    static boolean validJurisdiction(String code) {
        return Jurisdiction.isValidCode(code);
    }
}
