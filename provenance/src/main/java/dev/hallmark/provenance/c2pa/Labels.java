package dev.hallmark.provenance.c2pa;

import java.util.HexFormat;
import java.util.UUID;

/**
 * C2PA labels, JUMBF box types and {@code self#jumbf=} URI handling, with the same normalisation rules as c2pa-rs
 * ({@code jumbf/labels.rs}) so that URIs in reports and comparisons agree with it.
 */
public final class Labels {
    /** User type of the top-level {@code uuid} box carrying C2PA data in ISO-BMFF. */
    public static final UUID BMFF_UUID = UUID.fromString("d8fec3d6-1b0e-483c-9297-5828877ec481");
    public static final byte[] BMFF_UUID_BYTES = HexFormat.of().parseHex("d8fec3d61b0e483c92975828877ec481");

    public static final String MANIFEST_STORE = "c2pa";
    public static final String ASSERTIONS = "c2pa.assertions";
    public static final String CLAIM = "c2pa.claim";
    public static final String CLAIM_V2 = "c2pa.claim.v2";
    public static final String SIGNATURE = "c2pa.signature";
    public static final String DATABOXES = "c2pa.databoxes";
    public static final String CREDENTIALS = "c2pa.credentials";

    /** JUMBF description types (4cc of the type UUID). */
    public static final String T_STORE = "c2pa";
    public static final String T_MANIFEST = "c2ma";
    public static final String T_UPDATE_MANIFEST = "c2um";
    public static final String T_MANIFEST_C2MD = "c2md";
    public static final String T_ASSERTION_STORE = "c2as";
    public static final String T_CLAIM = "c2cl";
    public static final String T_SIGNATURE = "c2cs";
    public static final String T_CBOR = "cbor";
    public static final String T_JSON = "json";

    public static final String BMFF_HASH = "c2pa.hash.bmff";
    public static final String BMFF_HASH_V2 = "c2pa.hash.bmff.v2";
    public static final String BMFF_HASH_V3 = "c2pa.hash.bmff.v3";
    public static final String DATA_HASH = "c2pa.hash.data";
    public static final String BOX_HASH = "c2pa.hash.boxes";
    public static final String COLLECTION_HASH = "c2pa.hash.collection.data";
    public static final String ACTIONS = "c2pa.actions";
    public static final String ACTIONS_V2 = "c2pa.actions.v2";
    public static final String INGREDIENT = "c2pa.ingredient";
    public static final String SOFT_BINDING = "c2pa.soft-binding";

    private static final String PREFIX = "self#jumbf";

    private Labels() {
    }

    public static String manifestUri(String manifestLabel) {
        return PREFIX + "=/" + MANIFEST_STORE + "/" + manifestLabel;
    }

    public static String assertionUri(String manifestLabel, String assertionLabel) {
        return manifestUri(manifestLabel) + "/" + ASSERTIONS + "/" + assertionLabel;
    }

    public static String signatureUri(String manifestLabel) {
        return manifestUri(manifestLabel) + "/" + SIGNATURE;
    }

    /** The path part of a JUMBF URI, with {@code c2pa/...} made absolute. */
    public static String normalize(String uri) {
        String[] parts = uri.split("=", -1);
        String out = parts.length == 1 ? parts[0] : parts[1];
        if (!out.isEmpty() && out.startsWith(MANIFEST_STORE + "/")) {
            return "/" + out;
        }
        return out;
    }

    public static String toAbsolute(String manifestLabel, String uri) {
        String raw = normalize(uri);
        String[] parts = raw.split("/", -1);
        if (parts.length > 2 && parts[1].equals(MANIFEST_STORE)) {
            return uri;
        }
        return manifestUri(manifestLabel) + "/" + raw;
    }

    /** Manifest label named by an absolute URI, or null for a relative one. */
    public static String manifestLabelFromUri(String uri) {
        String[] parts = normalize(uri).split("/", -1);
        if (parts.length > 2 && parts[1].equals(MANIFEST_STORE)) {
            return parts[2];
        }
        return null;
    }

    /** Assertion label named by an absolute or relative assertion URI, or null. */
    public static String assertionLabelFromUri(String uri) {
        String[] parts = normalize(uri).split("/", -1);
        if (parts.length > 4 && parts[1].equals(MANIFEST_STORE) && (parts[3].equals(ASSERTIONS)
                || parts[3].equals(DATABOXES))) {
            return parts[4];
        }
        if (parts.length > 1 && parts[0].equals(ASSERTIONS)) {
            return parts[1];
        }
        return null;
    }

    /** Last path element of a URI. */
    public static String boxNameFromUri(String uri) {
        String[] parts = normalize(uri).split("/", -1);
        return parts[parts.length - 1];
    }

    /** True when the URI is relative to its manifest (no {@code /c2pa/<label>} part). */
    public static boolean isRelative(String uri) {
        return manifestLabelFromUri(uri) == null;
    }

    /** Splits {@code label__N} into base label and instance (0 when absent), as c2pa-rs does. */
    public static LabelInstance labelInstance(String label) {
        int i = label.lastIndexOf("__");
        if (i > 0) {
            String n = label.substring(i + 2);
            if (!n.isEmpty() && n.chars().allMatch(Character::isDigit) && n.length() < 9) {
                return new LabelInstance(label.substring(0, i), Integer.parseInt(n));
            }
        }
        return new LabelInstance(label, 0);
    }

    /** A label and its instance number. */
    public record LabelInstance(String label, int instance) {
    }

    /** True when {@code label} is a hard-binding assertion label ({@code c2pa.hash.data}, {@code c2pa.hash.bmff*}, boxes). */
    public static boolean isHardBinding(String baseLabel) {
        return baseLabel.equals(DATA_HASH) || baseLabel.startsWith(BMFF_HASH) || baseLabel.equals(BOX_HASH)
                || baseLabel.equals(COLLECTION_HASH);
    }

    /** Version of a versioned label ({@code x.v3} -&gt; 3), 1 when unversioned. */
    public static int version(String label) {
        int i = label.lastIndexOf(".v");
        if (i > 0) {
            String n = label.substring(i + 2);
            if (!n.isEmpty() && n.length() < 6 && n.chars().allMatch(Character::isDigit)) {
                return Integer.parseInt(n);
            }
        }
        return 1;
    }

    /**
     * Whether a manifest label has a form c2pa-rs accepts: {@code urn:c2pa:<guid>[:vendor[:version[_reason]]]},
     * {@code urn:uuid:<guid>}, or {@code vendor:urn:uuid:<guid>}.
     */
    public static boolean wellFormedManifestLabel(String label) {
        String m = manifestLabelFromUri(label);
        if (m == null) {
            m = label;
        }
        String[] p = m.split(":", -1);
        if (p.length < 3) {
            return false;
        }
        if (p[0].equals("urn")) {
            boolean v1 = p[1].equals("uuid");
            if (!v1 && !p[1].equals("c2pa")) {
                return false;
            }
            if (!v1) {
                if (p.length > 5) {
                    return false;
                }
                if (p.length > 3 && !p[3].isEmpty()) {
                    if (p[3].length() > 32 || p[3].isBlank() || p[3].split("\\s+").length != 1
                            || !p[3].chars().allMatch(c -> c < 128)) {
                        return false;
                    }
                }
                if (p.length > 4 && !p[4].isEmpty()) {
                    String[] vr = p[4].split("_", -1);
                    if (!vr[0].chars().allMatch(Character::isDigit) || vr[0].isEmpty()) {
                        return false;
                    }
                    if (vr.length > 1 && (vr[1].isEmpty() || !vr[1].chars().allMatch(Character::isDigit))) {
                        return false;
                    }
                }
            }
            return true;
        }
        if (p[1].equals("urn")) {
            return p[2].equals("uuid") && p.length == 4;
        }
        return false;
    }
}
