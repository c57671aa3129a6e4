package dev.hallmark.provenance.cose;

import com.upokecenter.cbor.CBORObject;
import com.upokecenter.cbor.CBORType;
import dev.hallmark.provenance.internal.Cbor;
import dev.hallmark.provenance.internal.Malformed;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A COSE_Sign1 structure (RFC 9052 §4.2) as C2PA uses it: detached payload (the claim), tag 18 required.
 *
 * <pre>
 * COSE_Sign1 = #6.18([ protected: bstr .cbor header_map, unprotected: header_map, payload: bstr / nil, signature: bstr ])
 * protected   {1: alg, 33: x5chain}           x5chain = bstr (one cert) / [+ bstr] (leaf first, no root)
 * unprotected {"pad": bstr, "sigTst2": {"tstTokens": [{"val": bstr}]}, ...}
 * Sig_structure = ["Signature1", protected, external_aad (h''), payload]
 * </pre>
 *
 * @param protectedBytes the protected header exactly as serialized (signed over)
 * @param protectedHeader the decoded protected header map (empty map when the bstr is empty)
 * @param unprotected the unprotected header map
 * @param payload the embedded payload, null when detached
 * @param signature the signature bytes
 */
public record CoseSign1(byte[] protectedBytes, CBORObject protectedHeader, CBORObject unprotected, byte[] payload,
        byte[] signature) {
    public static final int TAG = 18;
    public static final int HEADER_ALG = 1;
    public static final int HEADER_X5CHAIN = 33;

    public CoseSign1 {
        Objects.requireNonNull(protectedBytes);
        Objects.requireNonNull(protectedHeader);
        Objects.requireNonNull(unprotected);
        Objects.requireNonNull(signature);
    }

    /** Parses a tagged COSE_Sign1; throws {@link Malformed} when the bytes are not one. */
    public static CoseSign1 decode(byte[] bytes) {
        CBORObject o = Cbor.decode(bytes, 0, bytes.length, true);
        if (!o.isTagged() || !o.HasMostOuterTag(TAG)) {
            throw new Malformed("COSE_Sign1 is not tagged 18");
        }
        CBORObject a = o.UntagOne();
        if (a.getType() != CBORType.Array || a.size() != 4) {
            throw new Malformed("COSE_Sign1 is not an array of 4 items");
        }
        CBORObject p = a.get(0);
        CBORObject u = a.get(1);
        CBORObject payload = a.get(2);
        CBORObject sig = a.get(3);
        if (p.getType() != CBORType.ByteString || u.getType() != CBORType.Map || sig.getType() != CBORType.ByteString
                || !(payload.isNull() || payload.getType() == CBORType.ByteString)) {
            throw new Malformed("COSE_Sign1 items have the wrong types");
        }
        byte[] pb = p.GetByteString();
        CBORObject ph = pb.length == 0 ? CBORObject.NewMap() : Cbor.decode(pb);
        if (ph.getType() != CBORType.Map) {
            throw new Malformed("COSE protected header is not a map");
        }
        return new CoseSign1(pb, ph, u, payload.isNull() ? null : payload.GetByteString(), sig.GetByteString());
    }

    /** Serializes as a tagged COSE_Sign1 with a detached (nil) payload. */
    public static byte[] encode(byte[] protectedBytes, CBORObject unprotected, byte[] signature) {
        CBORObject a = CBORObject.NewArray();
        a.Add(CBORObject.FromObject(protectedBytes));
        a.Add(unprotected);
        a.Add(CBORObject.Null);
        a.Add(CBORObject.FromObject(signature));
        return CBORObject.FromObjectAndTag(a, TAG).EncodeToBytes();
    }

    /** The protected {@code alg}, if it names an algorithm C2PA allows. */
    public Optional<CoseAlgorithm> algorithm() {
        CBORObject alg = protectedHeader.get(CBORObject.FromObject(HEADER_ALG));
        if (alg == null || alg.getType() != CBORType.Integer || !alg.CanValueFitInInt64()) {
            return Optional.empty();
        }
        return CoseAlgorithm.byId(alg.AsInt64Value());
    }

    /** Where the certificate chain was found. */
    public enum ChainLocation { PROTECTED, UNPROTECTED }

    /** The certificate chain and where it was found. */
    public record X5Chain(List<byte[]> certificates, ChainLocation location) {
        public X5Chain {
            certificates = List.copyOf(certificates);
        }
    }

    /**
     * The x5chain as c2pa-rs finds it: protected label 33 or "x5chain", else unprotected "x5chain"; present in both is
     * an error, as is an empty chain.
     */
    public X5Chain x5chain() {
        CBORObject prot = protectedHeader.get(CBORObject.FromObject(HEADER_X5CHAIN));
        if (prot == null) {
            prot = protectedHeader.get(CBORObject.FromObject("x5chain"));
        }
        CBORObject unprot = unprotected.get(CBORObject.FromObject("x5chain"));
        if (prot != null && unprot != null) {
            throw new Malformed("certificate chains in both the protected and the unprotected header");
        }
        if (prot != null) {
            return new X5Chain(certs(prot), ChainLocation.PROTECTED);
        }
        if (unprot != null) {
            return new X5Chain(certs(unprot), ChainLocation.UNPROTECTED);
        }
        throw new Malformed("no x5chain in the COSE headers");
    }

    private static List<byte[]> certs(CBORObject v) {
        List<byte[]> out = new ArrayList<>();
        if (v.getType() == CBORType.ByteString) {
            out.add(v.GetByteString());
        } else if (v.getType() == CBORType.Array) {
            for (int i = 0; i < v.size(); i++) {
                if (v.get(i).getType() == CBORType.ByteString) {
                    out.add(v.get(i).GetByteString());
                }
            }
        }
        if (out.isEmpty()) {
            throw new Malformed("x5chain holds no certificate");
        }
        return out;
    }

    /** {@code ["Signature1", protected, h'', payload]} — what the signature covers. */
    public static byte[] sigStructure(byte[] protectedBytes, byte[] payload) {
        CBORObject a = CBORObject.NewArray();
        a.Add(CBORObject.FromObject("Signature1"));
        a.Add(CBORObject.FromObject(protectedBytes));
        a.Add(CBORObject.FromObject(new byte[0]));
        a.Add(CBORObject.FromObject(payload));
        return a.EncodeToBytes();
    }

    /** {@code ["CounterSignature", protected, h'', payload]} — what an RFC 3161 time-stamp in sigTst/sigTst2 covers. */
    public static byte[] counterSignatureStructure(byte[] protectedBytes, byte[] payload) {
        CBORObject a = CBORObject.NewArray();
        a.Add(CBORObject.FromObject("CounterSignature"));
        a.Add(CBORObject.FromObject(protectedBytes));
        a.Add(CBORObject.FromObject(new byte[0]));
        a.Add(CBORObject.FromObject(payload));
        return a.EncodeToBytes();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CoseSign1 c && java.util.Arrays.equals(c.protectedBytes, protectedBytes)
                && java.util.Arrays.equals(c.signature, signature);
    }

    @Override
    public int hashCode() {
        return java.util.Arrays.hashCode(signature);
    }

    @Override
    public String toString() {
        return "COSE_Sign1[" + algorithm().map(Enum::name).orElse("?") + ", " + signature.length + "-byte signature]";
    }
}
