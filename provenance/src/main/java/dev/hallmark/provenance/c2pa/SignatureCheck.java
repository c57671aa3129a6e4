package dev.hallmark.provenance.c2pa;

import dev.hallmark.provenance.SignerInfo;
import dev.hallmark.provenance.cose.CoseAlgorithm;
import dev.hallmark.provenance.cose.CoseSign1;
import dev.hallmark.provenance.internal.Bc;
import dev.hallmark.provenance.keys.CertificateProfile;
import dev.hallmark.provenance.keys.CertificateTrust;
import java.security.GeneralSecurityException;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.ASN1Sequence;

/**
 * Checks a claim's COSE_Sign1 the way c2pa-rs {@code Verifier::verify_signature} does: supported algorithm, ECDSA in
 * raw r||s form, the signing certificate against the C2PA profile (at the time-stamp time, else now), the chain
 * against trust anchors, the signature over {@code ["Signature1", protected, h'', claim]}, and a subject O in the
 * signing certificate. Profile and trust results are logged and do not stop the signature check.
 *
 * <p>Security: any parse error, unknown algorithm or key mismatch means the signature is not validated.
 */
final class SignatureCheck {
    /** Whether the signature verified, and why not. */
    record Outcome(boolean validated, String detail, X509Certificate anchor) {
    }

    private SignatureCheck() {
    }

    static Outcome verify(CoseSign1 sign1, CoseSign1.X5Chain chain, byte[] claimBytes, boolean certCheck,
            boolean verifyTrust, List<X509Certificate> anchors, TimestampCheck.TstInfo tst, Instant now, StatusLog log) {
        CoseAlgorithm alg = sign1.algorithm().orElse(null);
        if (alg == null) {
            log.failure("", "algorithm.unsupported", "unsupported or missing COSE algorithm");
            return new Outcome(false, "unsupported or missing COSE algorithm", null);
        }
        if (alg.isEcdsa() && isDerEcdsa(sign1.signature())) {
            log.failure("", "signingCredential.invalid",
                    "unsupported signature format (EC signature should be in P1363 r|s format)");
            return new Outcome(false, "ECDSA signature in DER form", null);
        }
        List<byte[]> certs = chain.certificates();
        Instant at = tst != null ? tst.genTime() : now;
        X509Certificate anchor = null;
        if (certCheck) {
            CertificateProfile.Result r = CertificateProfile.checkSigner(certs.get(0), at);
            if (!r.ok()) {
                log.failure("", r.verdict() == CertificateProfile.Verdict.EXPIRED ? "signingCredential.expired"
                        : "signingCredential.invalid", r.detail());
            }
            if (verifyTrust) {
                CertificateTrust.Result t = CertificateTrust.check(certs, anchors, tst != null ? tst.genTime() : null,
                        CertificateProfile.DEFAULT_EXTRA_EKUS);
                if (t.trusted()) {
                    anchor = t.anchor();
                    log.success("", "signingCredential.trusted", "signing certificate trusted, found in trust anchors ("
                            + t.anchor().getSubjectX500Principal().getName() + ")");
                } else {
                    log.failure("", "signingCredential.untrusted", "signing certificate untrusted: " + t.detail());
                }
            }
        }
        X509Certificate leaf;
        try {
            leaf = CertificateTrust.parse(certs.get(0));
        } catch (GeneralSecurityException | RuntimeException e) {
            return new Outcome(false, "invalid X.509 certificate", anchor);
        }
        try {
            Signature s = Signature.getInstance(alg.jcaName(), Bc.PROVIDER);
            s.initVerify(leaf.getPublicKey());
            s.update(CoseSign1.sigStructure(sign1.protectedBytes(), claimBytes));
            if (!s.verify(sign1.signature())) {
                return new Outcome(false, "claim signature is not valid", anchor);
            }
        } catch (GeneralSecurityException | RuntimeException e) {
            return new Outcome(false, "claim signature is not valid (" + e.getMessage() + ")", anchor);
        }
        if (organization(leaf) == null) {
            return new Outcome(false, "signing certificate has no organization (O) in its subject", anchor);
        }
        return new Outcome(true, "claim signature valid", anchor);
    }

    /** True when the bytes parse as a DER ECDSA-Sig-Value (SEQUENCE of two INTEGERs). */
    static boolean isDerEcdsa(byte[] sig) {
        if (sig.length < 8 || (sig[0] & 0xff) != 0x30) {
            return false;
        }
        try {
            ASN1Primitive p = ASN1Primitive.fromByteArray(sig);
            if (!(p instanceof ASN1Sequence s) || s.size() != 2) {
                return false;
            }
            return s.getObjectAt(0) instanceof ASN1Integer && s.getObjectAt(1) instanceof ASN1Integer
                    && java.util.Arrays.equals(p.getEncoded("DER"), sig);
        } catch (Exception e) {
            return false;
        }
    }

    static String organization(X509Certificate c) {
        return attribute(c.getSubjectX500Principal().getName(), "O");
    }

    static String attribute(String dn, String type) {
        try {
            String found = null;
            for (Rdn r : new LdapName(dn).getRdns()) {
                if (r.getType().equalsIgnoreCase(type)) {
                    found = r.getValue().toString();
                }
            }
            return found;
        } catch (Exception e) {
            return null;
        }
    }

    /** Public facts about the signer, from the chain (whatever the signature's validity). */
    static SignerInfo signerInfo(CoseSign1 sign1, CoseSign1.X5Chain chain, TimestampCheck.TstInfo tst,
            X509Certificate anchor) {
        try {
            return signerInfoUnguarded(sign1, chain, tst, anchor);
        } catch (RuntimeException e) {
            return new SignerInfo(sign1.algorithm().map(CoseAlgorithm::displayName).orElse(null), null, null, null,
                    null, null, null, List.of("(unparseable certificate)"), chain.location() == CoseSign1.ChainLocation.PROTECTED
                            ? "protected" : "unprotected", null, null, null);
        }
    }

    private static SignerInfo signerInfoUnguarded(CoseSign1 sign1, CoseSign1.X5Chain chain, TimestampCheck.TstInfo tst,
            X509Certificate anchor) {
        List<String> subjects = new ArrayList<>();
        X509Certificate leaf = null;
        for (byte[] d : chain.certificates()) {
            try {
                X509Certificate c = CertificateTrust.parse(d);
                if (leaf == null) {
                    leaf = c;
                }
                subjects.add(c.getSubjectX500Principal().getName());
            } catch (GeneralSecurityException | RuntimeException e) {
                subjects.add("(unparseable certificate)");
            }
        }
        String alg = sign1.algorithm().map(CoseAlgorithm::displayName).orElse(null);
        String location = chain.location() == CoseSign1.ChainLocation.PROTECTED ? "protected" : "unprotected";
        if (leaf == null) {
            return new SignerInfo(alg, null, null, null, null, null, null, subjects, location,
                    tst == null ? null : tst.genTime(), tst == null ? null : tst.authority(), null);
        }
        String dn = leaf.getSubjectX500Principal().getName();
        return new SignerInfo(alg, attribute(dn, "CN"), attribute(dn, "O"), leaf.getIssuerX500Principal().getName(),
                leaf.getSerialNumber().toString(), leaf.getNotBefore().toInstant(), leaf.getNotAfter().toInstant(),
                subjects, location, tst == null ? null : tst.genTime(), tst == null ? null : tst.authority(),
                anchor == null ? null : anchor.getSubjectX500Principal().getName());
    }
}
