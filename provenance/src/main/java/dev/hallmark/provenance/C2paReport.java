package dev.hallmark.provenance;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Evidence from verifying a file's C2PA manifest: the overall state, every status code found (successes,
 * informational, failures, named as c2pa-rs names them), and what the active manifest says (claim version,
 * assertions, digital source type, signer, ingredients, soft bindings, latent disclosure). Never a bare boolean:
 * callers decide with {@link #state()} and the codes.
 *
 * @param file the verified file (the init segment for fragmented input)
 * @param state Trusted / Valid / Invalid / Absent
 * @param trustChecked whether trust anchors were configured (without them a file cannot be Trusted)
 * @param activeManifest label of the active manifest, or null
 * @param claimVersion 1 or 2, or null
 * @param title {@code dc:title}, or null
 * @param claimGenerator the claim generator's name, or null
 * @param assertions labels of the active manifest's assertions, in store order
 * @param digitalSourceType the {@code digitalSourceType} of the first {@code c2pa.created} action, or null
 * @param actions action names of the active manifest, in order
 * @param signer who signed the active manifest, or null
 * @param ingredients the active manifest's ingredients, each with its own chain
 * @param softBindings soft bindings declared by the active manifest
 * @param disclosure the latent disclosure assertion when present and well-formed, or null
 * @param successes success codes of the active manifest
 * @param informational informational codes of the active manifest
 * @param failures failure codes of the active manifest
 */
public record C2paReport(Path file, C2paState state, boolean trustChecked, String activeManifest, Integer claimVersion,
        String title, String claimGenerator, List<String> assertions, String digitalSourceType, List<String> actions,
        SignerInfo signer, List<IngredientInfo> ingredients, List<SoftBinding> softBindings, AiDisclosure disclosure,
        List<ValidationStatus> successes, List<ValidationStatus> informational, List<ValidationStatus> failures) {

    /** Schema name of {@link #toJson()}. */
    public static final String SCHEMA = "hallmark.c2pa/1";

    public C2paReport {
        Objects.requireNonNull(state);
        assertions = List.copyOf(assertions);
        actions = List.copyOf(actions);
        ingredients = List.copyOf(ingredients);
        softBindings = List.copyOf(softBindings);
        successes = List.copyOf(successes);
        informational = List.copyOf(informational);
        failures = List.copyOf(failures);
    }

    /** A report for a file without a manifest. */
    public static C2paReport absent(Path file, boolean trustChecked) {
        return new C2paReport(file, C2paState.ABSENT, trustChecked, null, null, null, null, List.of(), null,
                List.of(), null, List.of(), List.of(), null, List.of(), List.of(), List.of());
    }

    /** Failure codes of the active manifest (duplicates kept, in order). */
    public List<String> failureCodes() {
        return failures.stream().map(ValidationStatus::code).toList();
    }

    public List<String> successCodes() {
        return successes.stream().map(ValidationStatus::code).toList();
    }

    /** True when the active manifest or any ingredient reported {@code code} as a failure. */
    public boolean hasFailure(String code) {
        if (failureCodes().contains(code)) {
            return true;
        }
        return ingredients.stream().anyMatch(i -> hasFailure(i, code));
    }

    private static boolean hasFailure(IngredientInfo i, String code) {
        return i.failures().stream().anyMatch(s -> s.code().equals(code))
                || i.ingredients().stream().anyMatch(c -> hasFailure(c, code));
    }

    /** The JSON document of {@code hallmark c2pa verify --json} (schema {@value #SCHEMA}). */
    public Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("schema", SCHEMA);
        m.put("file", file == null ? null : file.toString());
        m.put("state", state.label());
        m.put("trustChecked", trustChecked);
        m.put("failures", statuses(failures));
        m.put("informational", statuses(informational));
        m.put("successes", statuses(successes));
        m.put("activeManifest", activeManifest);
        m.put("claimVersion", claimVersion);
        m.put("title", title);
        m.put("claimGenerator", claimGenerator);
        m.put("assertions", assertions);
        m.put("digitalSourceType", digitalSourceType);
        m.put("actions", actions);
        m.put("signer", signer == null ? null : signer(signer));
        m.put("ingredients", ingredients.stream().map(C2paReport::ingredient).toList());
        List<Object> sb = new ArrayList<>();
        for (SoftBinding b : softBindings) {
            Map<String, Object> x = new LinkedHashMap<>();
            x.put("alg", b.alg());
            x.put("name", b.name());
            x.put("blocks", b.blocks().stream().map(bl -> Map.of("start", bl.startMillis(), "end", bl.endMillis(),
                    "value", HexFormat.of().formatHex(bl.value()))).toList());
            sb.add(x);
        }
        m.put("softBindings", sb);
        if (disclosure != null) {
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("provider", disclosure.provider());
            d.put("systemName", disclosure.systemName());
            d.put("systemVersion", disclosure.systemVersion());
            d.put("createdAt", disclosure.createdAt().toString());
            d.put("uniqueId", disclosure.uniqueId());
            m.put("disclosure", d);
        } else {
            m.put("disclosure", null);
        }
        return m;
    }

    private static List<Map<String, Object>> statuses(List<ValidationStatus> list) {
        return list.stream().map(s -> {
            Map<String, Object> x = new LinkedHashMap<>();
            x.put("code", s.code());
            x.put("url", s.url());
            x.put("explanation", s.explanation());
            return x;
        }).toList();
    }

    private static Map<String, Object> signer(SignerInfo s) {
        Map<String, Object> x = new LinkedHashMap<>();
        x.put("algorithm", s.algorithm());
        x.put("commonName", s.commonName());
        x.put("organization", s.organization());
        x.put("issuer", s.issuer());
        x.put("serialNumber", s.serialNumber());
        x.put("notBefore", s.notBefore() == null ? null : s.notBefore().toString());
        x.put("notAfter", s.notAfter() == null ? null : s.notAfter().toString());
        x.put("chain", s.chain());
        x.put("chainLocation", s.chainLocation());
        x.put("timestamp", s.timestamp() == null ? null : s.timestamp().toString());
        x.put("timestampAuthority", s.timestampAuthority());
        x.put("trustAnchor", s.trustAnchor());
        return x;
    }

    private static Map<String, Object> ingredient(IngredientInfo i) {
        Map<String, Object> x = new LinkedHashMap<>();
        x.put("label", i.label());
        x.put("title", i.title());
        x.put("format", i.format());
        x.put("relationship", i.relationship());
        x.put("manifest", i.manifestLabel());
        x.put("claimVersion", i.claimVersion());
        x.put("signer", i.signer() == null ? null : signer(i.signer()));
        x.put("failures", statuses(i.failures()));
        x.put("ingredients", i.ingredients().stream().map(C2paReport::ingredient).toList());
        return x;
    }
}
