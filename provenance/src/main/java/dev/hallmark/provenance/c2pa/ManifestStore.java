package dev.hallmark.provenance.c2pa;

import dev.hallmark.provenance.internal.Malformed;
import dev.hallmark.provenance.jumbf.JumbfBox;
import dev.hallmark.provenance.jumbf.JumbfReader;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A parsed C2PA manifest store (JUMBF superbox of type {@code c2pa}): its manifests in order, the last being the
 * active one. Structural damage (not JUMBF, wrong store type, a manifest without claim or signature box) throws
 * {@link Malformed}; a claim whose CBOR does not decode is kept with its error so validation can report
 * {@code claim.malformed}.
 *
 * <pre>
 * c2pa (c2pa) &gt; urn:c2pa:&lt;uuid&gt; (c2ma)  &gt; c2pa.assertions (c2as) &gt; &lt;assertion&gt; (cbor|json|...)
 *                                          &gt; c2pa.claim.v2 | c2pa.claim (c2cl) &gt; cbor
 *                                          &gt; c2pa.signature (c2cs) &gt; cbor (COSE_Sign1)
 * </pre>
 */
public record ManifestStore(JumbfBox root, List<Manifest> manifests) {
    /** Bound on assertions per manifest (c2pa-rs refuses unbounded stores too). */
    public static final int MAX_ASSERTIONS = 10_000;

    public ManifestStore {
        manifests = List.copyOf(manifests);
    }

    /**
     * One manifest.
     *
     * @param label the manifest label ({@code urn:c2pa:...})
     * @param box its superbox
     * @param update an update manifest ({@code c2um})
     * @param claim the decoded claim, or null when {@link #claimError} is set
     * @param claimError why the claim did not decode, or null
     * @param claimBytes the claim CBOR exactly as stored (what the signature covers)
     * @param claimBoxLabel {@code c2pa.claim} or {@code c2pa.claim.v2}
     * @param signature the COSE_Sign1 bytes
     * @param assertions the assertion store's entries in order, keyed by their JUMBF label
     * @param unrecognizedBoxes labels of manifest boxes that are none of assertions, claim, signature, credentials,
     *     databoxes (c2pa-rs reports them as {@code claim.multiple})
     */
    public record Manifest(String label, JumbfBox box, boolean update, Claim claim, String claimError,
            byte[] claimBytes, String claimBoxLabel, byte[] signature, Map<String, AssertionEntry> assertions,
            List<String> unrecognizedBoxes) {
        public Manifest {
            assertions = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(assertions));
            unrecognizedBoxes = List.copyOf(unrecognizedBoxes);
        }

        /** Entries whose base label (without {@code __N}) starts with {@code prefix}. */
        public List<AssertionEntry> assertionsStartingWith(String prefix) {
            return assertions.values().stream().filter(a -> a.baseLabel().startsWith(prefix)).toList();
        }
    }

    /** One assertion box of a manifest. */
    public record AssertionEntry(String label, String baseLabel, int instance, JumbfBox box) {
        /** The CBOR payload, or null when the assertion is not CBOR. */
        public byte[] cbor() {
            JumbfBox.Plain p = box.content("cbor");
            return p == null ? null : p.payload();
        }

        /** The JSON payload, or null. */
        public byte[] json() {
            JumbfBox.Plain p = box.content("json");
            return p == null ? null : p.payload();
        }
    }

    /** Parses the JUMBF bytes of a manifest store. */
    public static ManifestStore parse(byte[] jumbf) {
        JumbfBox root = JumbfReader.parse(jumbf);
        if (!Labels.T_STORE.equals(root.type())) {
            throw new Malformed("JUMBF is not a C2PA manifest store (type " + root.type() + ")");
        }
        List<Manifest> manifests = new ArrayList<>();
        for (JumbfBox m : root.superboxes()) {
            String t = m.type();
            if (!t.equals(Labels.T_MANIFEST) && !t.equals(Labels.T_UPDATE_MANIFEST) && !t.equals(Labels.T_MANIFEST_C2MD)) {
                continue; // unknown boxes are ignored per the spec
            }
            manifests.add(manifest(m));
        }
        if (manifests.isEmpty()) {
            throw new Malformed("manifest store holds no manifest");
        }
        return new ManifestStore(root, manifests);
    }

    private static Manifest manifest(JumbfBox m) {
        String label = m.label();
        if (label == null || label.isEmpty()) {
            throw new Malformed("manifest without a label");
        }
        JumbfBox claimBox = null;
        JumbfBox sigBox = null;
        JumbfBox store = null;
        List<String> unrecognized = new ArrayList<>();
        for (JumbfBox b : m.superboxes()) {
            String boxLabel = b.label() == null ? "" : Labels.labelInstance(b.label()).label();
            String base = boxLabel.replaceFirst("\\.v[0-9]$", "");
            if (!List.of(Labels.ASSERTIONS, Labels.CLAIM, Labels.SIGNATURE, Labels.CREDENTIALS, Labels.DATABOXES)
                    .contains(base)) {
                unrecognized.add(b.label() == null ? "(no label)" : b.label());
            }
            switch (b.type()) {
                case Labels.T_CLAIM -> {
                    if (claimBox != null) {
                        throw new Malformed("manifest " + label + " has more than one claim box");
                    }
                    claimBox = b;
                }
                case Labels.T_SIGNATURE -> sigBox = sigBox == null ? b : sigBox;
                case Labels.T_ASSERTION_STORE -> store = store == null ? b : store;
                default -> {
                    // credentials, databoxes: not needed for validation here
                }
            }
        }
        if (claimBox == null) {
            throw new Malformed("manifest " + label + " has no claim box");
        }
        if (sigBox == null) {
            throw new Malformed("manifest " + label + " has no signature box");
        }
        if (store == null) {
            throw new Malformed("manifest " + label + " has no assertion store");
        }
        JumbfBox.Plain claimCbor = claimBox.content("cbor");
        if (claimCbor == null) {
            throw new Malformed("claim of manifest " + label + " is not CBOR");
        }
        JumbfBox.Plain sigCbor = sigBox.content("cbor");
        if (sigCbor == null) {
            throw new Malformed("signature of manifest " + label + " is not CBOR");
        }
        byte[] claimBytes = claimCbor.payload();
        Claim claim = null;
        String error = null;
        try {
            claim = Claim.decode(claimBytes);
        } catch (Malformed e) {
            error = e.getMessage();
        }
        Map<String, AssertionEntry> assertions = new LinkedHashMap<>();
        List<JumbfBox> boxes = store.superboxes();
        if (boxes.size() > MAX_ASSERTIONS) {
            throw Malformed.limit("manifest " + label + " has more than " + MAX_ASSERTIONS + " assertions");
        }
        for (JumbfBox a : boxes) {
            String al = a.label();
            if (al == null) {
                throw new Malformed("assertion without label in manifest " + label);
            }
            Labels.LabelInstance li = Labels.labelInstance(al);
            assertions.putIfAbsent(al, new AssertionEntry(al, li.label(), li.instance(), a));
        }
        return new Manifest(label, m, m.type().equals(Labels.T_UPDATE_MANIFEST), claim, error, claimBytes,
                claimBox.label(), sigCbor.payload(), assertions, unrecognized);
    }

    public Manifest active() {
        return manifests.get(manifests.size() - 1);
    }

    public Manifest byLabel(String label) {
        for (Manifest m : manifests) {
            if (m.label().equals(label)) {
                return m;
            }
        }
        return null;
    }
}
