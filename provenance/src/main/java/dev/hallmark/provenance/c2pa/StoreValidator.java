package dev.hallmark.provenance.c2pa;

import com.upokecenter.cbor.CBORObject;
import com.upokecenter.cbor.CBORType;
import dev.hallmark.provenance.AiDisclosure;
import dev.hallmark.provenance.C2paReport;
import dev.hallmark.provenance.C2paState;
import dev.hallmark.provenance.IngredientInfo;
import dev.hallmark.provenance.SignerInfo;
import dev.hallmark.provenance.SoftBinding;
import dev.hallmark.provenance.ValidationStatus;
import dev.hallmark.provenance.ValidationStatus.Kind;
import dev.hallmark.provenance.cose.CoseSign1;
import dev.hallmark.provenance.internal.Cbor;
import dev.hallmark.provenance.internal.Malformed;
import java.io.IOException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Validates a parsed manifest store against its asset, step for step as c2pa-rs 0.90 {@code Store::verify_store}
 * does, so that the state and status codes agree with it: the active manifest's claim (signature reference, COSE
 * signature, time-stamp, certificate profile and trust, hashed URIs, undeclared assertions, action rules), then the
 * ingredient chain (manifest hashes, each ingredient's claim, recursively, reported as ingredient deltas), then the
 * hard binding of the active manifest against the asset (BMFF hash or JPEG data hash).
 *
 * <p>Security: fails closed: every check that cannot run is a failure, a missing or unparseable signature is never
 * a pass, and a Trusted verdict needs a trust anchor and no failure anywhere.
 */
public final class StoreValidator {
    /** Deepest ingredient chain followed (c2pa-rs uses a similar bound). */
    static final int MAX_INGREDIENT_DEPTH = 64;

    /** Hard-binding targets. */
    public record Target(AssetReader.Found found, BmffHashCheck.Asset asset, List<BmffHashCheck.Asset> fragments) {
        public Target {
            fragments = List.copyOf(fragments);
        }
    }

    private final ManifestStore store;
    private final Target target;
    private final List<X509Certificate> anchors;
    private final boolean verifyTrust;
    private final Instant now;
    private final StatusLog log = new StatusLog();
    private final Map<String, SignerInfo> signers = new HashMap<>();

    private StoreValidator(ManifestStore store, Target target, List<X509Certificate> anchors, Instant now) {
        this.store = store;
        this.target = target;
        this.anchors = List.copyOf(anchors);
        this.verifyTrust = !anchors.isEmpty();
        this.now = now;
    }

    /** Runs the validation and builds the report. */
    public static C2paReport validate(Path file, ManifestStore store, Target target, List<X509Certificate> anchors,
            Instant now) throws IOException {
        return new StoreValidator(store, target, anchors, now).run(file);
    }

    private C2paReport run(Path file) throws IOException {
        ManifestStore.Manifest active = store.active();
        for (ManifestStore.Manifest m : store.manifests()) {
            for (String box : m.unrecognizedBoxes()) {
                // c2pa-rs from_jumbf: "unrecognized manifest box", logged with CLAIM_MULTIPLE
                log.failure(Labels.manifestUri(m.label()), "claim.multiple", "unrecognized manifest box: " + box);
            }
        }
        boolean proceed = true;
        if (active.claim() == null) {
            log.failure(Labels.manifestUri(active.label()), "claim.malformed",
                    "claim could not be decoded: " + active.claimError());
            proceed = false;
        } else if (hardBindings(active).isEmpty() && !active.update()) {
            log.failure(Labels.manifestUri(active.label()), "claim.hardBindings.missing",
                    "could not find manifest with hard binding");
            proceed = false;
            signerOnly(active);
        }
        if (proceed) {
            Set<String> visited = new HashSet<>();
            visited.add(active.label());
            boolean ok = verifyClaim(active, true);
            if (ok) {
                ingredientChecks(active, 0, visited);
                verifyHashBinding(active);
            }
        }
        return report(file, active);
    }

    // ---- claim -----------------------------------------------------------------------------------------------------

    private static List<ManifestStore.AssertionEntry> hardBindings(ManifestStore.Manifest m) {
        return m.assertions().values().stream().filter(a -> Labels.isHardBinding(a.baseLabel())).toList();
    }

    private void signerOnly(ManifestStore.Manifest m) {
        try {
            CoseSign1 s = CoseSign1.decode(m.signature());
            signers.put(m.label(), SignatureCheck.signerInfo(s, s.x5chain(), null, null));
        } catch (Malformed ignored) {
            // no signer to report
        }
    }

    /** c2pa-rs {@code verify_claim} + {@code verify_internal}; false when validation of this claim had to stop. */
    private boolean verifyClaim(ManifestStore.Manifest m, boolean certCheck) {
        Claim claim = m.claim();
        String label = m.label();
        if (claim == null) {
            log.failure(Labels.manifestUri(label), "claim.malformed", "claim could not be decoded: " + m.claimError());
            return false;
        }
        if (Claim.jcaDigest(claim.alg()) == null) {
            log.failure(Labels.manifestUri(label), "algorithm.unsupported",
                    "no supported hashing algorithm for the claim: " + claim.alg());
            return false;
        }
        String sigUri = Labels.signatureUri(label);
        log.pushUri(sigUri);
        try {
            String sigManifest = Labels.manifestLabelFromUri(claim.signature());
            boolean sigBoxErr = sigManifest != null ? !sigManifest.equals(label)
                    : !Labels.boxNameFromUri(claim.signature()).equals(Labels.SIGNATURE);
            if (sigBoxErr) {
                log.failure(sigUri, "claimSignature.missing", "signature missing");
            }
            if (claim.version() > 1 && !Labels.wellFormedManifestLabel(label)) {
                log.failure(Labels.manifestUri(label), "claim.malformed", "claim box label invalid");
            }
            CoseSign1 sign1;
            try {
                sign1 = CoseSign1.decode(m.signature());
            } catch (Malformed e) {
                log.failure("", "claimSignature.mismatch", "could not parse signature: " + e.getMessage());
                return false;
            }
            CoseSign1.X5Chain chain;
            try {
                chain = sign1.x5chain();
            } catch (Malformed e) {
                log.failure("", "signingCredential.invalid", "no usable certificate chain: " + e.getMessage());
                return false;
            }
            boolean tsTrust = claim.version() != 1 && verifyTrust;
            TimestampCheck.TstInfo tst = TimestampCheck.validate(sign1, m.claimBytes(), anchors, tsTrust, log);
            SignatureCheck.Outcome outcome = SignatureCheck.verify(sign1, chain, m.claimBytes(), certCheck,
                    verifyTrust, anchors, tst, now, log);
            signers.put(label, SignatureCheck.signerInfo(sign1, chain, tst, outcome.anchor()));
            if (outcome.validated()) {
                log.success("", "claimSignature.insideValidity", "claim signature valid");
                log.success("", "claimSignature.validated", "claim signature valid");
            } else {
                log.failure("", "claimSignature.mismatch", outcome.detail());
            }
            // at most one parentOf ingredient
            int parents = 0;
            for (ManifestStore.AssertionEntry a : ingredients(m)) {
                CBORObject ing = ingredientMap(a);
                if (ing != null && "parentOf".equals(safeText(ing, "relationship"))) {
                    parents++;
                }
            }
            if (!m.update() && parents > 1) {
                log.failure(Labels.manifestUri(label), "manifest.multipleParents", "too many ingredient parents");
            }
            // hashed URIs
            String digest = Claim.jcaDigest(claim.alg());
            Set<String> referenced = new HashSet<>();
            for (Claim.HashedUri ref : claim.assertions()) {
                String url = ref.url();
                String absolute;
                if (Labels.isRelative(url)) {
                    absolute = Labels.toAbsolute(label, url);
                } else {
                    String refManifest = Labels.manifestLabelFromUri(url);
                    if (!label.equals(refManifest)) {
                        log.failure(url, "assertion.outsideManifest",
                                "assertion reference to external assertion store: " + url);
                    }
                    absolute = url;
                }
                String boxName = Labels.boxNameFromUri(url);
                referenced.add(boxName);
                ManifestStore.AssertionEntry entry = m.assertions().get(boxName);
                if (entry == null) {
                    log.failure(absolute, "assertion.missing", "cannot find matching assertion: " + url);
                    continue;
                }
                byte[] actual = entry.box().payloadHash(digest);
                if (MessageDigest.isEqual(actual, ref.hash())) {
                    log.success(absolute, "assertion.hashedURI.match", "hashed uri matched: " + url);
                } else {
                    log.failure(absolute, "assertion.hashedURI.mismatch", "hash does not match assertion data: " + url);
                }
            }
            boolean undeclared = false;
            for (String a : m.assertions().keySet()) {
                if (!referenced.contains(a)) {
                    log.failure(Labels.assertionUri(label, a), "assertion.undeclared",
                            "assertion is not referenced by the claim");
                    undeclared = true;
                }
            }
            if (undeclared) {
                return false;
            }
            verifyActions(m);
            return true;
        } finally {
            log.popUri();
        }
    }

    // ---- actions ---------------------------------------------------------------------------------------------------

    private static List<ManifestStore.AssertionEntry> actionAssertions(ManifestStore.Manifest m) {
        return m.assertions().values().stream()
                .filter(a -> a.baseLabel().equals(Labels.ACTIONS) || a.baseLabel().equals(Labels.ACTIONS_V2)).toList();
    }

    private static List<CBORObject> actionsOf(ManifestStore.AssertionEntry a) {
        byte[] cbor = a.cbor();
        if (cbor == null) {
            throw new Malformed("actions assertion is not CBOR");
        }
        CBORObject m = Cbor.requireMap(Cbor.decode(cbor), "actions assertion");
        List<CBORObject> actions = Cbor.array(m, "actions");
        if (actions == null) {
            throw new Malformed("actions assertion without actions");
        }
        return actions;
    }

    private void verifyActions(ManifestStore.Manifest m) {
        Claim claim = m.claim();
        String label = m.label();
        List<ManifestStore.AssertionEntry> all = actionAssertions(m);
        if (claim.version() < 2) {
            if (all.size() > 1) {
                log.failure(label, "assertion.action.malformed", "only one action assertion allowed for v1 claims");
            }
            return;
        }
        Set<String> createdLabels = new HashSet<>();
        for (Claim.HashedUri h : claim.created()) {
            createdLabels.add(Labels.boxNameFromUri(h.url()));
        }
        Map<ManifestStore.AssertionEntry, List<CBORObject>> parsed = new LinkedHashMap<>();
        for (ManifestStore.AssertionEntry a : all) {
            try {
                parsed.put(a, actionsOf(a));
            } catch (Malformed e) {
                log.failure(Labels.assertionUri(label, a.label()), "assertion.action.malformed",
                        "actions assertion could not be parsed: " + e.getMessage());
                return;
            }
        }
        for (var e : parsed.entrySet()) {
            if (e.getValue().isEmpty()) {
                log.failure(Labels.assertionUri(label, e.getKey().label()), "assertion.action.malformed",
                        "Actions missing action array");
                return;
            }
        }
        ManifestStore.AssertionEntry first = null;
        List<ManifestStore.AssertionEntry> created = all.stream().filter(a -> createdLabels.contains(a.label())).toList();
        List<ManifestStore.AssertionEntry> gathered = all.stream().filter(a -> !createdLabels.contains(a.label())).toList();
        for (List<ManifestStore.AssertionEntry> group : List.of(created, gathered)) {
            if (!group.isEmpty()) {
                List<CBORObject> acts = parsed.get(group.get(0));
                String name = acts.isEmpty() ? null : safeText(acts.get(0), "action");
                if ("c2pa.opened".equals(name) || "c2pa.created".equals(name)) {
                    first = group.get(0);
                }
            }
        }
        if (first == null && !m.update()) {
            log.failure(label, "assertion.action.malformed", "first action must be created or opened");
        }
        int index = 0;
        for (ManifestStore.AssertionEntry a : all) {
            String uri = Labels.assertionUri(label, a.label());
            for (CBORObject action : parsed.get(a)) {
                String name = safeText(action, "action");
                if (name == null || name.isEmpty()) {
                    log.failure(uri, "assertion.action.malformed", "action must have an action");
                    continue;
                }
                boolean createdOrOpened = name.equals("c2pa.opened") || name.equals("c2pa.created");
                if (first != null && first != a && createdOrOpened) {
                    log.failure(uri, "assertion.action.malformed", "only first action can be created or opened");
                }
                if (index != 0 && createdOrOpened) {
                    log.failure(uri, "assertion.action.malformed", "created or opened must be first action");
                }
                if (name.equals("c2pa.opened") || name.equals("c2pa.placed") || name.equals("c2pa.removed")) {
                    checkIngredientParams(m, uri, name, action);
                }
                if (name.equals("c2pa.created") && safeText(action, "digitalSourceType") == null) {
                    log.failure(uri, "assertion.action.malformed", "created action must have a digitalSourceType");
                }
            }
            index++;
        }
    }

    private void checkIngredientParams(ManifestStore.Manifest m, String uri, String name, CBORObject action) {
        CBORObject params = Cbor.isMap(action) ? Cbor.get(action, "parameters") : null;
        List<String> refs = new ArrayList<>();
        if (Cbor.isMap(params)) {
            CBORObject one = Cbor.get(params, "ingredient");
            if (Cbor.isMap(one) && safeText(one, "url") != null) {
                refs.add(safeText(one, "url"));
            }
            CBORObject many = Cbor.get(params, "ingredients");
            if (many != null && many.getType() == CBORType.Array) {
                if (many.size() == 0) {
                    log.failure(uri, "assertion.action.ingredientMismatch", "ingredients must not be empty");
                    return;
                }
                for (int i = 0; i < many.size(); i++) {
                    if (Cbor.isMap(many.get(i)) && safeText(many.get(i), "url") != null) {
                        refs.add(safeText(many.get(i), "url"));
                    }
                }
            }
        }
        if (refs.isEmpty()) {
            log.failure(uri, "assertion.action.ingredientMismatch",
                    "opened, placed and removed items must have ingredient(s) parameters");
            return;
        }
        String want = name.equals("c2pa.opened") ? "parentOf" : name.equals("c2pa.placed") ? "componentOf" : null;
        if (want == null) {
            return;
        }
        int good = 0;
        for (String r : refs) {
            String target = Labels.assertionLabelFromUri(r);
            ManifestStore.AssertionEntry e = target == null ? null : m.assertions().get(target);
            CBORObject ing = e == null ? null : ingredientMap(e);
            if (ing != null && want.equals(safeText(ing, "relationship"))) {
                good++;
            }
        }
        if (good != 1 && name.equals("c2pa.opened") || good < 1) {
            log.failure(uri, "assertion.action.ingredientMismatch",
                    "action " + name + " must reference an ingredient with relationship " + want);
        }
    }

    // ---- ingredients -----------------------------------------------------------------------------------------------

    private static List<ManifestStore.AssertionEntry> ingredients(ManifestStore.Manifest m) {
        return m.assertions().values().stream().filter(a -> a.baseLabel().equals(Labels.INGREDIENT)
                || a.baseLabel().startsWith(Labels.INGREDIENT + ".v")).toList();
    }

    private static CBORObject ingredientMap(ManifestStore.AssertionEntry a) {
        try {
            byte[] cbor = a.cbor();
            if (cbor != null) {
                CBORObject o = Cbor.decode(cbor);
                return Cbor.isMap(o) ? o : null;
            }
            byte[] json = a.json();
            if (json != null && json.length < (8 << 20)) {
                CBORObject o = CBORObject.FromJSONBytes(json);
                return Cbor.isMap(o) ? o : null;
            }
        } catch (RuntimeException e) {
            return null;
        }
        return null;
    }

    private static String safeText(CBORObject m, String key) {
        try {
            return Cbor.text(m, key);
        } catch (Malformed e) {
            return null;
        }
    }

    private static boolean allZero(ManifestStore.AssertionEntry a) {
        byte[] p = a.cbor() != null ? a.cbor() : a.json();
        if (p == null) {
            return false;
        }
        for (byte b : p) {
            if (b != 0) {
                return false;
            }
        }
        return true;
    }

    private static Claim.HashedUri manifestRef(CBORObject ing) {
        for (String key : new String[] {"activeManifest", "c2pa_manifest"}) {
            CBORObject v = Cbor.get(ing, key);
            if (v != null) {
                return Claim.HashedUri.from(v);
            }
        }
        return null;
    }

    private void ingredientChecks(ManifestStore.Manifest m, int depth, Set<String> visited) {
        if (depth >= MAX_INGREDIENT_DEPTH) {
            log.failure(Labels.manifestUri(m.label()), "ingredient.manifest.missing",
                    "ingredient chain deeper than " + MAX_INGREDIENT_DEPTH);
            return;
        }
        for (ManifestStore.AssertionEntry a : ingredients(m)) {
            if (allZero(a)) {
                continue;
            }
            String assertionUri = Labels.assertionUri(m.label(), a.label());
            CBORObject ing = ingredientMap(a);
            Claim.HashedUri ref;
            try {
                if (ing == null) {
                    throw new Malformed("not a map");
                }
                ref = manifestRef(ing);
            } catch (Malformed e) {
                log.failure(assertionUri, "assertion.ingredient.malformed", "ingredient assertion could not be parsed");
                return;
            }
            log.pushIngredient(assertionUri);
            try {
                if (ref != null) {
                    int version = Labels.version(a.baseLabel());
                    if (version >= 3 && Cbor.get(ing, "validationResults") == null) {
                        log.failure(assertionUri, "assertion.ingredient.malformed",
                                "ingredient V3 must have validation results");
                    }
                    String label = Labels.manifestLabelFromUri(ref.url());
                    if (label == null) {
                        label = ref.url();
                    }
                    ManifestStore.Manifest ingredient = store.byLabel(label);
                    if (ingredient == null) {
                        log.failure(label, "ingredient.manifest.missing", "ingredient not found: " + label);
                        continue;
                    }
                    String alg = ref.alg() != null ? ref.alg()
                            : ingredient.claim() != null ? ingredient.claim().alg() : null;
                    String digest = Claim.jcaDigest(alg);
                    boolean matches = false;
                    boolean legacy = false;
                    if (digest != null) {
                        if (MessageDigest.isEqual(ref.hash(), ingredient.box().payloadHash(digest))) {
                            matches = true;
                        } else {
                            legacy = true;
                            try {
                                matches = MessageDigest.isEqual(ref.hash(),
                                        MessageDigest.getInstance(digest).digest(ingredient.claimBytes()));
                            } catch (java.security.NoSuchAlgorithmException e) {
                                matches = false;
                            }
                        }
                    }
                    if (matches && !legacy) {
                        log.success(ref.url(), "ingredient.manifest.validated", "ingredient hash matched");
                    }
                    if (!matches) {
                        log.failure(ref.url(), "ingredient.manifest.mismatch", "ingredient hash incorrect");
                    }
                    boolean ok = verifyClaim(ingredient, verifyTrust);
                    if (ok && visited.add(ingredient.label())) {
                        ingredientChecks(ingredient, depth + 1, visited);
                    }
                } else if (!"inputTo".equals(safeText(ing, "relationship"))) {
                    String title = safeText(ing, "dc:title");
                    if (title == null) {
                        title = safeText(ing, "title");
                    }
                    log.info(assertionUri, "ingredient.unknownProvenance",
                            (title == null ? "no title" : title) + ": ingredient does not have provenance");
                }
            } catch (Malformed e) {
                log.failure(assertionUri, "assertion.ingredient.malformed", "ingredient assertion could not be parsed: "
                        + e.getMessage());
            } finally {
                log.popIngredient();
            }
        }
    }

    // ---- hard binding ----------------------------------------------------------------------------------------------

    private void verifyHashBinding(ManifestStore.Manifest m) throws IOException {
        List<ManifestStore.AssertionEntry> bindings = hardBindings(m);
        String claimUri = Labels.manifestUri(m.label());
        if (bindings.isEmpty() && !m.update()) {
            log.failure(claimUri, "claim.hardBindings.missing", "claim missing data binding");
        }
        if (bindings.size() != 1 && !m.update()) {
            log.failure(claimUri, "claim.hardBindings.multiple", "claim has multiple data bindings");
        }
        for (ManifestStore.AssertionEntry b : bindings) {
            String uri = Labels.assertionUri(m.label(), b.label());
            byte[] cbor = b.cbor();
            if (b.baseLabel().equals(Labels.DATA_HASH)) {
                verifyDataHash(m, b, uri, cbor);
            } else if (b.baseLabel().startsWith(Labels.BMFF_HASH)) {
                if (target.found().format() != AssetReader.Format.BMFF || cbor == null) {
                    log.failure(uri, "assertion.bmffHash.mismatch", "asset hash error: BMFF hash on a non-BMFF asset");
                    continue;
                }
                int version = Labels.version(b.baseLabel());
                BmffHashCheck.Result r = target.fragments().isEmpty()
                        ? BmffHashCheck.verify(target.asset(), cbor, version, m.claim().alg())
                        : BmffHashCheck.verifySegments(target.asset(), target.fragments(), cbor, version, m.claim().alg());
                if (r.match()) {
                    log.success(uri, r.code(), r.detail());
                } else {
                    log.failure(uri, r.code(), "asset hash error: " + r.detail());
                }
            } else {
                log.failure(uri, b.baseLabel().equals(Labels.BOX_HASH) ? "assertion.boxesHash.mismatch"
                        : "assertion.collectionHash.mismatch", "hard binding " + b.baseLabel()
                        + " is not supported for this asset type");
            }
        }
    }

    private void verifyDataHash(ManifestStore.Manifest m, ManifestStore.AssertionEntry b, String uri, byte[] cbor)
            throws IOException {
        try {
            if (cbor == null) {
                throw new Malformed("data hash is not CBOR");
            }
            CBORObject d = Cbor.requireMap(Cbor.decode(cbor), "data hash");
            List<RangeHasher.Range> exclusions = new ArrayList<>();
            List<CBORObject> ex = Cbor.array(d, "exclusions");
            if (ex != null) {
                if (ex.size() > 1) {
                    log.info(uri, "assertion.dataHash.additionalExclusions", "extra data hash exclusions found");
                }
                for (CBORObject e : ex) {
                    Long start = Cbor.uint(e, "start");
                    Long length = Cbor.uint(e, "length");
                    if (start == null || length == null) {
                        throw new Malformed("data hash exclusion needs start and length");
                    }
                    exclusions.add(new RangeHasher.Range(start, length));
                }
            }
            if (Cbor.get(d, "url") != null) {
                log.failure(uri, "assertion.dataHash.mismatch", "remote data hash URIs are not supported");
                return;
            }
            byte[] expected = Cbor.bytes(d, "hash");
            if (expected == null) {
                throw new Malformed("data hash without hash");
            }
            String alg = Cbor.text(d, "alg");
            if (alg == null) {
                alg = m.claim().alg();
            }
            if (target.found() == null) {
                throw new Malformed("no asset");
            }
            java.nio.channels.FileChannel ch = channel();
            byte[] actual = RangeHasher.hash(ch, ch.size(), exclusions, List.of(), alg);
            if (MessageDigest.isEqual(actual, expected)) {
                log.success(uri, "assertion.dataHash.match", "data hash valid");
            } else {
                log.failure(uri, "assertion.dataHash.mismatch", "asset hash error: hashes do not match");
            }
        } catch (Malformed | ArithmeticException e) {
            log.failure(uri, "assertion.dataHash.mismatch", "asset hash error: " + e.getMessage());
        }
    }

    private java.nio.channels.FileChannel channel() {
        return target.asset().channel();
    }

    // ---- report ----------------------------------------------------------------------------------------------------

    private C2paReport report(Path file, ManifestStore.Manifest active) {
        List<StatusLog.Entry> entries = log.entries();
        // statuses an ingredient assertion recorded when it was signed are not reported again (c2pa-rs from_store)
        Set<String> recorded = recordedIngredientStatuses();
        List<ValidationStatus> succ = new ArrayList<>();
        List<ValidationStatus> info = new ArrayList<>();
        List<ValidationStatus> fail = new ArrayList<>();
        Map<String, List<ValidationStatus>> deltas = new LinkedHashMap<>();
        String activeLabel = active.label();
        for (StatusLog.Entry e : entries) {
            ValidationStatus s = e.status();
            boolean activeUrl = activeLabel.equals(Labels.manifestLabelFromUri(s.url()));
            if (!activeUrl && recorded.contains(s.code() + "\n" + s.url())) {
                continue;
            }
            if (e.ingredientUri() == null) {
                (s.kind() == Kind.SUCCESS ? succ : s.kind() == Kind.INFORMATIONAL ? info : fail).add(s);
            } else {
                deltas.computeIfAbsent(e.ingredientUri(), k -> new ArrayList<>()).add(s);
            }
        }
        C2paState state = state(succ, fail, deltas);
        Claim claim = active.claim();
        List<String> labels = new ArrayList<>(active.assertions().keySet());
        String dst = null;
        List<String> actionNames = new ArrayList<>();
        for (ManifestStore.AssertionEntry a : actionAssertions(active)) {
            try {
                for (CBORObject act : actionsOf(a)) {
                    String n = safeText(act, "action");
                    if (n != null) {
                        actionNames.add(n);
                    }
                    if (dst == null && Cbor.isMap(act)) {
                        dst = safeText(act, "digitalSourceType");
                    }
                }
            } catch (Malformed ignored) {
                // reported by the action checks
            }
        }
        return new C2paReport(file, state, verifyTrust, activeLabel, claim == null ? null : claim.version(),
                claim == null ? null : claim.title(), claim == null ? null : claim.claimGenerator(), labels, dst,
                actionNames, signers.get(activeLabel), ingredientInfos(active, deltas, 0, new HashSet<>()),
                softBindings(active), disclosure(active), succ, info, fail);
    }

    /** c2pa-rs {@code ValidationResults::validation_state}. */
    static C2paState state(List<ValidationStatus> succ, List<ValidationStatus> fail,
            Map<String, List<ValidationStatus>> deltas) {
        boolean validated = succ.stream().anyMatch(s -> s.code().equals("claimSignature.validated"))
                && succ.stream().anyMatch(s -> s.code().equals("claimSignature.insideValidity"));
        boolean toleratedOnly = fail.stream().allMatch(s -> s.code().equals("signingCredential.untrusted"));
        boolean deltasTolerated = deltas.values().stream().flatMap(List::stream)
                .filter(s -> s.kind() == Kind.FAILURE).allMatch(s -> s.code().equals("signingCredential.untrusted"));
        boolean valid = validated && toleratedOnly && deltasTolerated;
        boolean trusted = valid && succ.stream().anyMatch(s -> s.code().equals("signingCredential.trusted"))
                && fail.isEmpty()
                && deltas.values().stream().flatMap(List::stream).noneMatch(s -> s.kind() == Kind.FAILURE);
        return trusted ? C2paState.TRUSTED : valid ? C2paState.VALID : C2paState.INVALID;
    }

    private Set<String> recordedIngredientStatuses() {
        Set<String> out = new HashSet<>();
        for (ManifestStore.Manifest m : store.manifests()) {
            for (ManifestStore.AssertionEntry a : ingredients(m)) {
                CBORObject ing = ingredientMap(a);
                if (ing == null) {
                    continue;
                }
                String base = null;
                try {
                    Claim.HashedUri ref = manifestRef(ing);
                    base = ref == null ? null : Labels.manifestLabelFromUri(ref.url());
                } catch (Malformed ignored) {
                    // no reference
                }
                List<CBORObject> statuses = new ArrayList<>();
                try {
                    List<CBORObject> vs = Cbor.array(ing, "validationStatus");
                    if (vs != null) {
                        statuses.addAll(vs);
                    }
                    CBORObject vr = Cbor.map(ing, "validationResults");
                    if (vr != null) {
                        CBORObject am = Cbor.map(vr, "activeManifest");
                        for (String k : new String[] {"success", "informational", "failure"}) {
                            List<CBORObject> l = am == null ? null : Cbor.array(am, k);
                            if (l != null) {
                                statuses.addAll(l);
                            }
                        }
                    }
                } catch (Malformed ignored) {
                    // nothing recorded
                }
                for (CBORObject s : statuses) {
                    String code = safeText(s, "code");
                    String url = safeText(s, "url");
                    if (code == null) {
                        continue;
                    }
                    if (url == null) {
                        url = "";
                    }
                    if (base != null && Labels.isRelative(url) && !url.isEmpty()) {
                        url = Labels.toAbsolute(base, url);
                    }
                    out.add(code + "\n" + url);
                }
            }
        }
        return out;
    }

    private List<IngredientInfo> ingredientInfos(ManifestStore.Manifest m, Map<String, List<ValidationStatus>> deltas,
            int depth, Set<String> seen) {
        List<IngredientInfo> out = new ArrayList<>();
        if (depth > MAX_INGREDIENT_DEPTH || !seen.add(m.label())) {
            return out;
        }
        for (ManifestStore.AssertionEntry a : ingredients(m)) {
            CBORObject ing = ingredientMap(a);
            if (ing == null) {
                continue;
            }
            String title = safeText(ing, "dc:title");
            if (title == null) {
                title = safeText(ing, "title");
            }
            String format = safeText(ing, "dc:format");
            if (format == null) {
                format = safeText(ing, "format");
            }
            String manifest = null;
            try {
                Claim.HashedUri ref = manifestRef(ing);
                if (ref != null) {
                    manifest = Labels.manifestLabelFromUri(ref.url());
                    if (manifest == null) {
                        manifest = ref.url();
                    }
                }
            } catch (Malformed ignored) {
                // reported by the ingredient checks
            }
            ManifestStore.Manifest im = manifest == null ? null : store.byLabel(manifest);
            List<ValidationStatus> d = deltas.getOrDefault(Labels.assertionUri(m.label(), a.label()), List.of())
                    .stream().filter(s -> s.kind() == Kind.FAILURE).toList();
            out.add(new IngredientInfo(a.label(), title, format, safeText(ing, "relationship"), manifest,
                    im == null || im.claim() == null ? null : im.claim().version(),
                    im == null ? null : signers.get(im.label()), d,
                    im == null ? List.of() : ingredientInfos(im, deltas, depth + 1, seen)));
        }
        return out;
    }

    private static List<SoftBinding> softBindings(ManifestStore.Manifest m) {
        List<SoftBinding> out = new ArrayList<>();
        for (ManifestStore.AssertionEntry a : m.assertions().values()) {
            if (!a.baseLabel().equals(Labels.SOFT_BINDING) || a.cbor() == null) {
                continue;
            }
            try {
                CBORObject o = Cbor.requireMap(Cbor.decode(a.cbor()), "soft binding");
                List<SoftBinding.Block> blocks = new ArrayList<>();
                for (CBORObject b : Cbor.array(o, "blocks")) {
                    CBORObject ts = Cbor.map(Cbor.map(b, "scope"), "timespan");
                    long start = ts == null ? 0 : Cbor.uint(ts, "start");
                    long end = ts == null ? 0 : Cbor.uint(ts, "end");
                    CBORObject v = Cbor.get(b, "value");
                    byte[] value = v == null ? new byte[0] : v.getType() == CBORType.TextString
                            ? Base64.getDecoder().decode(v.AsString()) : Cbor.asBytes(v, "value");
                    blocks.add(new SoftBinding.Block(start, end, value));
                }
                out.add(new SoftBinding(Cbor.text(o, "alg"), blocks, Cbor.text(o, "name")));
            } catch (RuntimeException ignored) {
                // a malformed soft binding is not reported as one
            }
        }
        return out;
    }

    private static AiDisclosure disclosure(ManifestStore.Manifest m) {
        ManifestStore.AssertionEntry a = m.assertions().get(AiDisclosure.LABEL);
        if (a == null || a.cbor() == null) {
            return null;
        }
        try {
            CBORObject o = Cbor.requireMap(Cbor.decode(a.cbor()), "disclosure");
            CBORObject system = Cbor.map(o, "system");
            return new AiDisclosure(Cbor.text(o, "provider"), Cbor.text(system, "name"), Cbor.text(system, "version"),
                    Instant.parse(Cbor.text(o, "created")), Cbor.text(o, "contentId"));
        } catch (RuntimeException e) {
            return null;
        }
    }
}
