package dev.hallmark.provenance;

import dev.hallmark.provenance.cose.CoseAlgorithm;
import dev.hallmark.provenance.internal.Bc;
import dev.hallmark.provenance.keys.CertificateProfile;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A claim-signing private key with its certificate chain (leaf first, no root). The key stays inside: callers get
 * signatures, never the key, and {@link #toString()} shows only the certificate.
 *
 * <p>Security: {@link #of} refuses a chain whose leaf fails the C2PA certificate profile, whose order is broken, or
 * whose key does not match the leaf certificate.
 */
public final class SigningCredentials {
    private final PrivateKey key;
    private final List<X509Certificate> chain;
    private final CoseAlgorithm algorithm;

    private SigningCredentials(PrivateKey key, List<X509Certificate> chain, CoseAlgorithm algorithm) {
        this.key = key;
        this.chain = List.copyOf(chain);
        this.algorithm = algorithm;
    }

    /**
     * Checks and wraps a key and its chain.
     *
     * @throws ProvenanceException CERTIFICATE_PROFILE when the leaf breaks the profile or the chain is out of order,
     *     KEY_INVALID when the key does not match the leaf or its type is not one C2PA signs with
     */
    public static SigningCredentials of(PrivateKey key, List<X509Certificate> chain) throws ProvenanceException {
        Objects.requireNonNull(key);
        if (chain.isEmpty()) {
            throw new ProvenanceException(ProvenanceException.Reason.CERTIFICATE_PROFILE, null, "empty certificate chain");
        }
        X509Certificate leaf = chain.get(0);
        List<byte[]> ders = new ArrayList<>();
        for (X509Certificate c : chain) {
            try {
                ders.add(c.getEncoded());
            } catch (CertificateEncodingException e) {
                throw new ProvenanceException(ProvenanceException.Reason.KEY_INVALID, null, "certificate cannot be encoded");
            }
        }
        CertificateProfile.Result r = CertificateProfile.checkSigner(ders.get(0), Instant.now());
        if (!r.ok()) {
            throw new ProvenanceException(ProvenanceException.Reason.CERTIFICATE_PROFILE, null,
                    "signing certificate " + leaf.getSubjectX500Principal().getName() + " fails the C2PA profile: "
                            + r.detail());
        }
        for (int i = 1; i < chain.size(); i++) {
            try {
                chain.get(i - 1).verify(chain.get(i).getPublicKey(), Bc.PROVIDER);
            } catch (GeneralSecurityException e) {
                throw new ProvenanceException(ProvenanceException.Reason.CERTIFICATE_PROFILE, null,
                        "certificate chain out of order: " + chain.get(i - 1).getSubjectX500Principal().getName()
                                + " is not signed by " + chain.get(i).getSubjectX500Principal().getName());
            }
        }
        CoseAlgorithm alg = algorithmFor(leaf.getPublicKey());
        SigningCredentials creds = new SigningCredentials(key, chain, alg);
        // prove the key belongs to the certificate
        byte[] probe = new byte[32];
        new SecureRandom().nextBytes(probe);
        try {
            byte[] sig = creds.sign(probe);
            Signature v = Signature.getInstance(alg.jcaName(), Bc.PROVIDER);
            v.initVerify(leaf.getPublicKey());
            v.update(probe);
            if (!v.verify(sig)) {
                throw new ProvenanceException(ProvenanceException.Reason.KEY_INVALID, null,
                        "the private key does not match the signing certificate");
            }
        } catch (GeneralSecurityException e) {
            throw new ProvenanceException(ProvenanceException.Reason.KEY_INVALID, null,
                    "the private key does not match the signing certificate (" + e.getMessage() + ")");
        }
        return creds;
    }

    private static CoseAlgorithm algorithmFor(PublicKey pk) throws ProvenanceException {
        if (pk instanceof ECPublicKey ec) {
            return switch (ec.getParams().getCurve().getField().getFieldSize()) {
                case 256 -> CoseAlgorithm.ES256;
                case 384 -> CoseAlgorithm.ES384;
                case 521 -> CoseAlgorithm.ES512;
                default -> throw new ProvenanceException(ProvenanceException.Reason.KEY_INVALID, null,
                        "unsupported EC curve for C2PA signing");
            };
        }
        if (pk instanceof RSAPublicKey) {
            return CoseAlgorithm.PS256;
        }
        if (pk.getAlgorithm().equals("Ed25519") || pk.getAlgorithm().equals("EdDSA")) {
            return CoseAlgorithm.ED25519;
        }
        throw new ProvenanceException(ProvenanceException.Reason.KEY_INVALID, null,
                "unsupported key type for C2PA signing: " + pk.getAlgorithm());
    }

    /** The chain, leaf first. */
    public List<X509Certificate> chain() {
        return chain;
    }

    /** The COSE algorithm these credentials sign with. */
    public CoseAlgorithm algorithm() {
        return algorithm;
    }

    /** Signs {@code data} in COSE encoding (raw r||s for ECDSA). */
    public byte[] sign(byte[] data) throws ProvenanceException {
        try {
            Signature s = Signature.getInstance(algorithm.jcaName(), Bc.PROVIDER);
            s.initSign(key);
            s.update(data);
            return s.sign();
        } catch (GeneralSecurityException e) {
            throw new ProvenanceException(ProvenanceException.Reason.SIGNING_FAILED, null,
                    "signing failed: " + e.getMessage(), e);
        }
    }

    /** The signature length for this key (fixed for ECDSA and RSA, used to reserve manifest space). */
    public int maxSignatureLength() {
        PublicKey pk = chain.get(0).getPublicKey();
        if (pk instanceof ECPublicKey ec) {
            int bytes = (ec.getParams().getCurve().getField().getFieldSize() + 7) / 8;
            return 2 * bytes;
        }
        if (pk instanceof RSAPublicKey rsa) {
            return (rsa.getModulus().bitLength() + 7) / 8;
        }
        return 64;
    }

    @Override
    public String toString() {
        return "SigningCredentials[" + algorithm + ", " + chain.get(0).getSubjectX500Principal().getName() + "]";
    }
}
