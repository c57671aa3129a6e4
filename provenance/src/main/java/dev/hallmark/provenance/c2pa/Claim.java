package dev.hallmark.provenance.c2pa;

import com.upokecenter.cbor.CBORObject;
import com.upokecenter.cbor.CBORType;
import dev.hallmark.provenance.internal.Cbor;
import dev.hallmark.provenance.internal.Malformed;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * A decoded C2PA claim, v1 ({@code c2pa.claim}: {@code assertions}, {@code claim_generator}, {@code dc:format}) or v2
 * ({@code c2pa.claim.v2}: {@code created_assertions} + {@code gathered_assertions}, {@code claim_generator_info} as a
 * map). The version follows the content, as in c2pa-rs; unknown v1 fields are refused.
 *
 * @param version 1 or 2
 * @param alg hash algorithm for hashed URIs ({@code sha256} ...), never null
 * @param title {@code dc:title} or null
 * @param format {@code dc:format} or null
 * @param instanceId {@code instanceID}
 * @param claimGenerator v1 {@code claim_generator} string, or the v2 generator's name
 * @param claimGeneratorVersion the generator version when given, or null
 * @param signature the {@code signature} URI
 * @param assertions every referenced assertion: v1 {@code assertions}, v2 created then gathered
 * @param created v2 created assertions (empty for v1)
 * @param redacted {@code redacted_assertions}
 */
public record Claim(int version, String alg, String title, String format, String instanceId, String claimGenerator,
        String claimGeneratorVersion, String signature, List<HashedUri> assertions, List<HashedUri> created,
        List<String> redacted) {

    private static final Set<String> V1_FIELDS = Set.of("claim_generator", "claim_generator_hints",
            "claim_generator_info", "signature", "assertions", "dc:format", "instanceID", "dc:title",
            "redacted_assertions", "alg", "alg_soft", "metadata");

    public Claim {
        assertions = List.copyOf(assertions);
        created = List.copyOf(created);
        redacted = List.copyOf(redacted);
    }

    /** A reference to a JUMBF object with the hash of its content. */
    public record HashedUri(String url, String alg, byte[] hash) {
        public static HashedUri from(CBORObject m) {
            if (!Cbor.isMap(m)) {
                throw new Malformed("hashed URI is not a map");
            }
            String url = Cbor.text(m, "url");
            byte[] hash = Cbor.bytes(m, "hash");
            if (url == null || hash == null) {
                throw new Malformed("hashed URI lacks url or hash");
            }
            return new HashedUri(url, Cbor.text(m, "alg"), hash);
        }
    }

    /** Decodes claim CBOR; throws {@link Malformed} (status {@code claim.malformed}) when it is not a claim. */
    public static Claim decode(byte[] cbor) {
        CBORObject m = Cbor.decode(cbor);
        if (m.getType() != CBORType.Map) {
            throw new Malformed("claim is not a map");
        }
        boolean hasV1 = Cbor.get(m, "assertions") != null;
        boolean hasV2 = Cbor.get(m, "created_assertions") != null;
        int version;
        if (hasV1 && !hasV2) {
            version = 1;
        } else if (hasV2 && !hasV1) {
            version = 2;
        } else {
            throw new Malformed("unsupported claim version (needs either assertions or created_assertions)");
        }
        String alg = Cbor.text(m, "alg");
        String signature = Cbor.text(m, "signature");
        String instanceId = Cbor.text(m, "instanceID");
        if (signature == null || instanceId == null) {
            throw new Malformed("claim lacks signature or instanceID");
        }
        List<String> redacted = new ArrayList<>();
        List<CBORObject> r = Cbor.array(m, "redacted_assertions");
        if (r != null) {
            for (CBORObject o : r) {
                if (o.getType() != CBORType.TextString) {
                    throw new Malformed("redacted_assertions entry is not a string");
                }
                redacted.add(o.AsString());
            }
        }
        String title = Cbor.text(m, "dc:title");
        if (version == 1) {
            for (CBORObject k : m.getKeys()) {
                if (k.getType() != CBORType.TextString || !V1_FIELDS.contains(k.AsString())) {
                    throw new Malformed("unknown V1 claim field: " + k);
                }
            }
            String generator = Cbor.text(m, "claim_generator");
            String format = Cbor.text(m, "dc:format");
            if (generator == null || format == null) {
                throw new Malformed("v1 claim lacks claim_generator or dc:format");
            }
            List<HashedUri> as = hashedUris(Cbor.array(m, "assertions"));
            String genVersion = null;
            List<CBORObject> info = Cbor.array(m, "claim_generator_info");
            if (info != null && !info.isEmpty() && Cbor.isMap(info.get(0))) {
                genVersion = Cbor.text(info.get(0), "version");
            }
            return new Claim(1, alg, title, format, instanceId, generator, genVersion, signature, as, List.of(),
                    redacted);
        }
        CBORObject info = Cbor.get(m, "claim_generator_info");
        if (info == null || info.getType() != CBORType.Map) {
            throw new Malformed("v2 claim_generator_info must be a map");
        }
        List<HashedUri> created = hashedUris(Cbor.array(m, "created_assertions"));
        List<CBORObject> g = Cbor.array(m, "gathered_assertions");
        List<HashedUri> all = new ArrayList<>(created);
        if (g != null) {
            all.addAll(hashedUris(g));
        }
        return new Claim(2, alg, title, Cbor.text(m, "dc:format"), instanceId, Cbor.text(info, "name"),
                Cbor.text(info, "version"), signature, all, created, redacted);
    }

    private static List<HashedUri> hashedUris(List<CBORObject> a) {
        List<HashedUri> out = new ArrayList<>();
        if (a != null) {
            for (CBORObject o : a) {
                out.add(HashedUri.from(o));
            }
        }
        return out;
    }

    /** The JCA digest name for a C2PA hash algorithm name, or null when unsupported. */
    public static String jcaDigest(String alg) {
        if (alg == null) {
            return null;
        }
        return switch (alg) {
            case "sha256" -> "SHA-256";
            case "sha384" -> "SHA-384";
            case "sha512" -> "SHA-512";
            default -> null;
        };
    }
}
