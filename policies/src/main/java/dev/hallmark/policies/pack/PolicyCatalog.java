package dev.hallmark.policies.pack;

import dev.hallmark.policies.Jurisdiction;
import dev.hallmark.policies.PackInfo;
import dev.hallmark.policies.PolicyException;
import dev.hallmark.policies.PolicyException.Reason;
import dev.hallmark.policies.Problem;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The packs in effect: the shipped packs (CN, EU, US-CA, none), verified against their SHA-256 list, then the
 * operator's files in the order given. An {@code override} file replaces shipped rules by id (each replacement must
 * carry a {@code justification}) and adds rules; a {@code base} file adds a jurisdiction that is not shipped.
 */
public final class PolicyCatalog {
    /** Resource folder of the shipped packs; {@code SHA256SUMS} there lists each pack and its digest. */
    public static final String BUILTIN_DIR = "/dev/hallmark/policies/packs/";

    private final Map<String, List<EffectiveRule>> rules;
    private final Map<String, List<PackInfo>> packs;

    private PolicyCatalog(Map<String, List<EffectiveRule>> rules, Map<String, List<PackInfo>> packs) {
        this.rules = rules;
        this.packs = packs;
    }

    /** The shipped packs only. */
    public static PolicyCatalog builtin() throws PolicyException {
        return load(List.of());
    }

    /** The shipped packs with the operator's pack files applied in order. */
    public static PolicyCatalog load(List<Path> operatorFiles) throws PolicyException {
        List<PolicyPack> all = new ArrayList<>(builtinPacks());
        for (Path f : operatorFiles) {
            all.add(PackReader.read(f));
        }
        return of(all);
    }

    /** Combines already-read packs: base packs first define jurisdictions, overrides then apply in order. */
    public static PolicyCatalog of(List<PolicyPack> packList) throws PolicyException {
        Map<String, LinkedHashMap<String, EffectiveRule>> byJurisdiction = new LinkedHashMap<>();
        Map<String, List<PackInfo>> infos = new LinkedHashMap<>();
        for (PolicyPack p : packList) {
            if (p.mode() != PolicyPack.Mode.BASE) {
                continue;
            }
            if (byJurisdiction.containsKey(p.jurisdiction())) {
                throw new PolicyException(Reason.INVALID, p.origin(), "/mode", "a pack for '" + p.jurisdiction()
                        + "' is already loaded (" + infos.get(p.jurisdiction()).get(0).origin()
                        + "); use \"mode\": \"override\" to change its rules");
            }
            LinkedHashMap<String, EffectiveRule> m = new LinkedHashMap<>();
            for (PackRule r : p.rules()) {
                m.put(r.id(), new EffectiveRule(p.jurisdiction(), r, origin(p), false));
            }
            byJurisdiction.put(p.jurisdiction(), m);
            infos.computeIfAbsent(p.jurisdiction(), k -> new ArrayList<>()).add(p.info());
        }
        for (PolicyPack p : packList) {
            if (p.mode() != PolicyPack.Mode.OVERRIDE) {
                continue;
            }
            LinkedHashMap<String, EffectiveRule> m = byJurisdiction.get(p.jurisdiction());
            if (m == null) {
                throw new PolicyException(Reason.INVALID, p.origin(), "/jurisdiction", "override for '" + p.jurisdiction()
                        + "' but no pack defines that jurisdiction (known: " + String.join(", ", byJurisdiction.keySet())
                        + "); use \"mode\": \"base\" for a new jurisdiction");
            }
            List<Problem> problems = new ArrayList<>();
            for (int i = 0; i < p.rules().size(); i++) {
                PackRule r = p.rules().get(i);
                EffectiveRule old = m.get(r.id());
                if (old != null && r.justification().isEmpty()) {
                    problems.add(new Problem("/rules/" + i + "/justification", "rule '" + r.id()
                            + "' replaces a rule from " + old.origin() + "; say why in \"justification\""));
                }
                if (old != null && old.rule().kind() != r.kind()) {
                    problems.add(new Problem("/rules/" + i + "/kind", "rule '" + r.id() + "' is a " + old.rule().kind().id()
                            + " rule in " + old.origin() + "; an override cannot change its kind"));
                }
                m.put(r.id(), new EffectiveRule(p.jurisdiction(), r, origin(p), old != null));
            }
            if (!problems.isEmpty()) {
                throw new PolicyException(Reason.INVALID, p.origin(), problems);
            }
            infos.get(p.jurisdiction()).add(p.info());
        }
        Map<String, List<EffectiveRule>> frozen = new LinkedHashMap<>();
        byJurisdiction.forEach((k, v) -> frozen.put(k, List.copyOf(v.values())));
        Map<String, List<PackInfo>> frozenInfo = new LinkedHashMap<>();
        infos.forEach((k, v) -> frozenInfo.put(k, List.copyOf(v)));
        return new PolicyCatalog(frozen, frozenInfo);
    }

    private static String origin(PolicyPack p) {
        return p.origin() + "@" + p.packVersion();
    }

    /** Jurisdiction codes defined, shipped first. */
    public List<String> jurisdictions() {
        return List.copyOf(rules.keySet());
    }

    /** The effective rules of {@code j}, or an error listing the known codes. */
    public List<EffectiveRule> rules(Jurisdiction j) throws PolicyException {
        List<EffectiveRule> r = rules.get(j.code());
        if (r == null) {
            throw new PolicyException(Reason.UNKNOWN_JURISDICTION, "jurisdiction '" + j.code() + "'", "",
                    "no policy pack for it; known: " + String.join(", ", rules.keySet()));
        }
        return r;
    }

    /** The packs that make up {@code j}: the base pack, then overrides in order. */
    public List<PackInfo> packs(Jurisdiction j) throws PolicyException {
        rules(j);
        return packs.get(j.code());
    }

    /** Reads and verifies every shipped pack listed in {@code SHA256SUMS}. */
    public static List<PolicyPack> builtinPacks() throws PolicyException {
        String sums = new String(resource("SHA256SUMS"), StandardCharsets.UTF_8);
        List<PolicyPack> out = new ArrayList<>();
        for (String line : sums.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] parts = line.trim().split("\\s+");
            if (parts.length != 2 || !parts[0].matches("[0-9a-f]{64}")) {
                throw new PolicyException(Reason.CORRUPT, "builtin:SHA256SUMS", "", "malformed line '" + line + "'");
            }
            byte[] bytes = resource(parts[1]);
            out.add(verifyAndParse(bytes, parts[1], parts[0]));
        }
        return out;
    }

    /** Checks a shipped pack's digest before parsing it (a damaged or altered build fails here, closed). */
    public static PolicyPack verifyAndParse(byte[] bytes, String name, String expectedSha256) throws PolicyException {
        String actual = sha256(bytes);
        if (!actual.equals(expectedSha256)) {
            throw new PolicyException(Reason.CORRUPT, "builtin:" + name, "", "SHA-256 " + actual
                    + " does not match the shipped digest " + expectedSha256 + "; the build is damaged or was altered");
        }
        return PackReader.parse(bytes, "builtin:" + name, "builtin:" + name);
    }

    public static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 missing from the JDK", e);
        }
    }

    static byte[] resource(String name) throws PolicyException {
        try (InputStream in = PolicyCatalog.class.getResourceAsStream(BUILTIN_DIR + name)) {
            if (in == null) {
                throw new PolicyException(Reason.CORRUPT, "builtin:" + name, "", "shipped resource missing from the build");
            }
            return in.readNBytes((int) PackReader.MAX_BYTES + 1);
        } catch (IOException e) {
            throw new PolicyException(Reason.UNREADABLE, "builtin:" + name, "", "cannot read (" + e.getMessage() + ")");
        }
    }
}
