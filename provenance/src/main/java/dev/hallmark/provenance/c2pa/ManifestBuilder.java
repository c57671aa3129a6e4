package dev.hallmark.provenance.c2pa;

import com.upokecenter.cbor.CBORObject;
import dev.hallmark.provenance.ActionSpec;
import dev.hallmark.provenance.AiDisclosure;
import dev.hallmark.provenance.ManifestSpec;
import dev.hallmark.provenance.ProvenanceException;
import dev.hallmark.provenance.ProvenanceException.Reason;
import dev.hallmark.provenance.SigningCredentials;
import dev.hallmark.provenance.SoftBinding;
import dev.hallmark.provenance.SoftwareAgent;
import dev.hallmark.provenance.cose.CoseSign1;
import dev.hallmark.provenance.internal.Cbor;
import dev.hallmark.provenance.jumbf.JumbfWriter;
import dev.hallmark.provenance.tsa.Rfc3161Client;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Builds the C2PA manifest store for one signing: assertions ({@code c2pa.actions.v2}, {@code c2pa.hash.bmff.v3},
 * the latent disclosure, soft bindings), a v2 claim, and the COSE_Sign1 signature, wrapped in the BMFF {@code uuid}
 * box. The box has the same size before and after the hash is known: the placeholder carries a zero hash and a
 * padded dummy signature; the final box pads the real signature (and time-stamp) to the same length with the COSE
 * {@code pad}/{@code pad2} headers.
 *
 * <pre>
 * uuid box = u32 size | 'uuid' | d8fec3d6-1b0e-483c-9297-5828877ec481 | 00 000000 | "manifest\0" | u64 0 | JUMBF
 * JUMBF    = c2pa &gt; urn:c2pa:&lt;uuid&gt; &gt; { c2pa.assertions &gt; {...}, c2pa.claim.v2, c2pa.signature }
 * </pre>
 */
public final class ManifestBuilder {
    /** Room left for the time-stamp token in the signature box. */
    static final int TSA_RESERVE = 16 * 1024;
    static final int SPARE = 512;
    private static final SecureRandom RANDOM = new SecureRandom();

    private record Assertion(String label, byte[] cbor, byte[] salt) {
    }

    private final String manifestLabel;
    private final String instanceId;
    private final ManifestSpec spec;
    private final SoftwareAgent generator;
    private final SigningCredentials credentials;
    private final Rfc3161Client tsa;
    private final List<Assertion> assertions = new ArrayList<>();
    private final int bmffIndex;
    private final byte[] protectedHeader;
    private final int reservedSignature;

    public ManifestBuilder(ManifestSpec spec, SoftwareAgent generator, SigningCredentials credentials,
            Rfc3161Client tsa) throws ProvenanceException {
        this.manifestLabel = "urn:c2pa:" + UUID.randomUUID();
        this.instanceId = "xmp:iid:" + UUID.randomUUID();
        this.spec = spec;
        this.generator = generator;
        this.credentials = credentials;
        this.tsa = tsa;
        assertions.add(new Assertion(Labels.ACTIONS_V2, actions(), salt()));
        bmffIndex = assertions.size();
        assertions.add(new Assertion(Labels.BMFF_HASH_V3, bmffHash(new byte[32]), salt()));
        if (spec.disclosure() != null) {
            assertions.add(new Assertion(AiDisclosure.LABEL, disclosure(spec.disclosure()), salt()));
        }
        int i = 0;
        for (SoftBinding sb : spec.softBindings()) {
            assertions.add(new Assertion(i == 0 ? SoftBinding.LABEL : SoftBinding.LABEL + "__" + i, softBinding(sb),
                    salt()));
            i++;
        }
        this.protectedHeader = protectedHeader();
        int base = cose(new byte[credentials.maxSignatureLength()], null, -1, -1).length;
        this.reservedSignature = base + SPARE + (tsa != null ? TSA_RESERVE : 0);
    }

    public String manifestLabel() {
        return manifestLabel;
    }

    public String instanceId() {
        return instanceId;
    }

    private static byte[] salt() {
        byte[] s = new byte[16];
        RANDOM.nextBytes(s);
        return s;
    }

    // ---- assertions ------------------------------------------------------------------------------------------------

    private static CBORObject agent(SoftwareAgent a) {
        CBORObject m = Cbor.newMap();
        m.Add("name", a.name());
        m.Add("version", a.version());
        return m;
    }

    private byte[] actions() {
        CBORObject list = CBORObject.NewArray();
        CBORObject created = Cbor.newMap();
        created.Add("action", "c2pa.created");
        created.Add("softwareAgent", agent(spec.softwareAgent()));
        created.Add("digitalSourceType", spec.sourceType().uri());
        if (spec.disclosure() != null) {
            created.Add("when", DateTimeFormatter.ISO_INSTANT.format(spec.disclosure().createdAt()));
        }
        list.Add(created);
        for (ActionSpec a : spec.extraActions()) {
            CBORObject m = Cbor.newMap();
            m.Add("action", a.action());
            m.Add("softwareAgent", agent(a.softwareAgent() != null ? a.softwareAgent() : spec.softwareAgent()));
            if (a.description() != null) {
                m.Add("description", a.description());
            }
            if (!a.parameters().isEmpty()) {
                CBORObject p = Cbor.newMap();
                for (Map.Entry<String, Object> e : a.parameters().entrySet()) {
                    p.Add(e.getKey(), CBORObject.FromObject(e.getValue()));
                }
                m.Add("parameters", p);
            }
            list.Add(m);
        }
        CBORObject root = Cbor.newMap();
        root.Add("actions", list);
        return root.EncodeToBytes();
    }

    /** Our hard binding: the mandatory exclusions only (no {@code /free} or {@code /skip}: everything else is bound). */
    static byte[] bmffHash(byte[] hash) {
        CBORObject ex = CBORObject.NewArray();
        CBORObject uuid = Cbor.newMap();
        uuid.Add("xpath", "/uuid");
        CBORObject data = Cbor.newMap();
        data.Add("offset", 8);
        data.Add("value", CBORObject.FromObject(Labels.BMFF_UUID_BYTES));
        uuid.Add("data", CBORObject.NewArray().Add(data));
        ex.Add(uuid);
        for (String x : new String[] {"/ftyp", "/mfra"}) {
            CBORObject m = Cbor.newMap();
            m.Add("xpath", x);
            ex.Add(m);
        }
        CBORObject root = Cbor.newMap();
        root.Add("exclusions", ex);
        root.Add("alg", "sha256");
        root.Add("hash", CBORObject.FromObject(hash));
        root.Add("name", "jumbf manifest");
        return root.EncodeToBytes();
    }

    private static byte[] disclosure(AiDisclosure d) {
        CBORObject m = Cbor.newMap();
        m.Add("provider", d.provider());
        CBORObject system = Cbor.newMap();
        system.Add("name", d.systemName());
        system.Add("version", d.systemVersion());
        m.Add("system", system);
        m.Add("created", DateTimeFormatter.ISO_INSTANT.format(d.createdAt()));
        m.Add("contentId", d.uniqueId());
        m.Add("aiGenerated", true);
        m.Add("jurisdiction", "US-CA");
        m.Add("basis", "California AI Transparency Act (SB 942), Bus. & Prof. Code 22757.3(b): latent disclosure");
        return m.EncodeToBytes();
    }

    private static byte[] softBinding(SoftBinding sb) {
        CBORObject m = Cbor.newMap();
        m.Add("alg", sb.alg());
        CBORObject blocks = CBORObject.NewArray();
        for (SoftBinding.Block b : sb.blocks()) {
            CBORObject ts = Cbor.newMap();
            ts.Add("start", b.startMillis());
            ts.Add("end", b.endMillis());
            CBORObject scope = Cbor.newMap();
            scope.Add("timespan", ts);
            CBORObject block = Cbor.newMap();
            block.Add("scope", scope);
            block.Add("value", Base64.getEncoder().encodeToString(b.value()));
            blocks.Add(block);
        }
        m.Add("blocks", blocks);
        m.Add("pad", CBORObject.FromObject(new byte[0]));
        if (sb.name() != null) {
            m.Add("name", sb.name());
        }
        return m.EncodeToBytes();
    }

    // ---- JUMBF -----------------------------------------------------------------------------------------------------

    private static byte[] assertionBox(Assertion a) {
        return JumbfWriter.superbox(Labels.T_CBOR, a.label(), a.salt(), JumbfWriter.box("cbor", a.cbor()));
    }

    private static byte[] sha256(byte[] b, int from) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            md.update(b, from, b.length - from);
            return md.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private byte[] claim(List<byte[]> assertionBoxes) {
        CBORObject created = CBORObject.NewArray();
        for (int i = 0; i < assertions.size(); i++) {
            CBORObject h = Cbor.newMap();
            h.Add("url", "self#jumbf=" + Labels.ASSERTIONS + "/" + assertions.get(i).label());
            h.Add("hash", CBORObject.FromObject(sha256(assertionBoxes.get(i), 8)));
            created.Add(h);
        }
        CBORObject info = Cbor.newMap();
        info.Add("name", generator.name());
        info.Add("version", generator.version());
        CBORObject c = Cbor.newMap();
        c.Add("instanceID", instanceId);
        c.Add("claim_generator_info", info);
        c.Add("signature", "self#jumbf=/" + Labels.MANIFEST_STORE + "/" + manifestLabel + "/" + Labels.SIGNATURE);
        c.Add("created_assertions", created);
        c.Add("dc:title", spec.title());
        c.Add("alg", "sha256");
        return c.EncodeToBytes();
    }

    private byte[] protectedHeader() throws ProvenanceException {
        CBORObject p = Cbor.newMap();
        p.Add(CoseSign1.HEADER_ALG, credentials.algorithm().id());
        List<X509Certificate> chain = credentials.chain();
        try {
            if (chain.size() == 1) {
                p.Add(CoseSign1.HEADER_X5CHAIN, CBORObject.FromObject(chain.get(0).getEncoded()));
            } else {
                CBORObject a = CBORObject.NewArray();
                for (X509Certificate c : chain) {
                    a.Add(CBORObject.FromObject(c.getEncoded()));
                }
                p.Add(CoseSign1.HEADER_X5CHAIN, a);
            }
        } catch (CertificateEncodingException e) {
            throw new ProvenanceException(Reason.KEY_INVALID, null, "certificate cannot be encoded");
        }
        return p.EncodeToBytes();
    }

    /** COSE_Sign1 with {@code pad} of {@code pad} bytes (none when negative) and {@code pad2} likewise. */
    private byte[] cose(byte[] signature, byte[] token, int pad, int pad2) {
        CBORObject u = Cbor.newMap();
        if (token != null) {
            CBORObject val = Cbor.newMap();
            val.Add("val", CBORObject.FromObject(token));
            CBORObject c = Cbor.newMap();
            c.Add("tstTokens", CBORObject.NewArray().Add(val));
            u.Add("sigTst2", c);
        }
        if (pad >= 0) {
            u.Add("pad", CBORObject.FromObject(new byte[pad]));
        }
        if (pad2 >= 0) {
            u.Add("pad2", CBORObject.FromObject(new byte[pad2]));
        }
        return CoseSign1.encode(protectedHeader, u, signature);
    }

    /** Pads a COSE_Sign1 to exactly {@code size} bytes, adding {@code pad2} when one pad cannot hit the size. */
    private byte[] padded(byte[] signature, byte[] token, int size) throws ProvenanceException {
        int bare = cose(signature, token, -1, -1).length;
        for (int pad2 = -1; pad2 < 4; pad2++) {
            int guess = Math.max(0, size - bare - 8 - (pad2 >= 0 ? 6 + pad2 : 0));
            for (int n = guess; n < guess + 24; n++) {
                byte[] c = cose(signature, token, n, pad2);
                if (c.length == size) {
                    return c;
                }
                if (c.length > size) {
                    break;
                }
            }
        }
        throw new ProvenanceException(Reason.SIGNING_FAILED, null, "signature (" + bare
                + " bytes with time-stamp) does not fit the " + size + " bytes reserved for it");
    }

    private byte[] store(List<byte[]> assertionBoxes, byte[] claim, byte[] cose) {
        byte[] as = JumbfWriter.superbox(Labels.T_ASSERTION_STORE, Labels.ASSERTIONS, null,
                assertionBoxes.toArray(byte[][]::new));
        byte[] cl = JumbfWriter.superbox(Labels.T_CLAIM, Labels.CLAIM_V2, null, JumbfWriter.box("cbor", claim));
        byte[] sg = JumbfWriter.superbox(Labels.T_SIGNATURE, Labels.SIGNATURE, null, JumbfWriter.box("cbor", cose));
        byte[] manifest = JumbfWriter.superbox(Labels.T_MANIFEST, manifestLabel, null, as, cl, sg);
        return JumbfWriter.superbox(Labels.T_STORE, Labels.MANIFEST_STORE, null, manifest);
    }

    /** Wraps a manifest store in the C2PA {@code uuid} box (purpose {@code manifest}, no aux Merkle boxes). */
    static byte[] uuidBox(byte[] jumbf) {
        byte[] purpose = "manifest".getBytes(StandardCharsets.US_ASCII);
        int size = 8 + 16 + 4 + purpose.length + 1 + 8 + jumbf.length;
        ByteBuffer b = ByteBuffer.allocate(size);
        b.putInt(size).put("uuid".getBytes(StandardCharsets.US_ASCII)).put(Labels.BMFF_UUID_BYTES).putInt(0)
                .put(purpose).put((byte) 0).putLong(0).put(jumbf);
        return b.array();
    }

    private List<byte[]> assertionBoxes() {
        List<byte[]> out = new ArrayList<>();
        for (Assertion a : assertions) {
            out.add(assertionBox(a));
        }
        return out;
    }

    /** The placeholder box: zero hash, dummy signature padded to the reserved size. */
    public byte[] placeholder() throws ProvenanceException {
        List<byte[]> boxes = assertionBoxes();
        byte[] claim = claim(boxes);
        byte[] cose = padded(new byte[credentials.maxSignatureLength()], null, reservedSignature);
        return uuidBox(store(boxes, claim, cose));
    }

    /** The final box for the computed hard-binding hash; its size equals {@code placeholderSize}. */
    public byte[] signed(byte[] bmffHash, int placeholderSize) throws ProvenanceException {
        Assertion old = assertions.get(bmffIndex);
        assertions.set(bmffIndex, new Assertion(old.label(), bmffHash(bmffHash), old.salt()));
        List<byte[]> boxes = assertionBoxes();
        byte[] claim = claim(boxes);
        byte[] signature = credentials.sign(CoseSign1.sigStructure(protectedHeader, claim));
        byte[] token = null;
        if (tsa != null) {
            byte[] payload = CBORObject.FromObject(signature).EncodeToBytes();
            token = tsa.timestamp(CoseSign1.counterSignatureStructure(protectedHeader, payload));
        }
        byte[] cose = padded(signature, token, reservedSignature);
        byte[] box = uuidBox(store(boxes, claim, cose));
        if (box.length != placeholderSize) {
            throw new IllegalStateException("signed manifest is " + box.length + " bytes, placeholder "
                    + placeholderSize);
        }
        return box;
    }
}
