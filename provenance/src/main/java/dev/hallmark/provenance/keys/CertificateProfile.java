package dev.hallmark.provenance.keys;

import java.io.IOException;
import java.math.BigInteger;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Set;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.RSASSAPSSparams;
import org.bouncycastle.asn1.sec.SECObjectIdentifiers;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Certificate;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x509.TBSCertificate;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.asn1.edec.EdECObjectIdentifiers;

/**
 * The C2PA certificate profile (spec §14.5 / c2pa-rs {@code check_certificate_profile}), applied to signing
 * certificates when importing them and when validating a manifest: X.509 v3, allowed signature and key algorithms
 * (EC P-256/384/521, RSA &gt;= 2048, Ed25519), not a self-signed CA, no unique ids, an AKI (and an SKI on CAs), key
 * usage digitalSignature (no keyCertSign on a leaf), an EKU that is not anyEKU and contains an allowed purpose, no
 * unknown critical extensions, valid at the given time; for end entities also CA:false.
 *
 * <p>Security: the rules here decide whether a signature counts at all; they mirror c2pa-rs so that our verdicts and
 * the ecosystem's agree, and fail closed on anything unparseable.
 */
public final class CertificateProfile {
    /** C2PA claim signing. */
    public static final String EKU_C2PA_CLAIM_SIGNING = "1.3.6.1.4.1.62558.2.1";
    /** id-kp-documentSigning. */
    public static final String EKU_DOCUMENT_SIGNING = "1.3.6.1.5.5.7.3.36";
    /** id-kp-emailProtection. */
    public static final String EKU_EMAIL_PROTECTION = "1.3.6.1.5.5.7.3.4";
    /** id-kp-timeStamping. */
    public static final String EKU_TIME_STAMPING = "1.3.6.1.5.5.7.3.8";
    /** The "other" EKUs c2pa-rs accepts by default ({@code valid_eku_oids.cfg}). */
    public static final Set<String> DEFAULT_EXTRA_EKUS = Set.of(EKU_EMAIL_PROTECTION, EKU_DOCUMENT_SIGNING,
            EKU_TIME_STAMPING, "1.3.6.1.5.5.7.3.9", "1.3.6.1.4.1.311.76.59.1.9", EKU_C2PA_CLAIM_SIGNING);

    /** Outcome kinds, named after the c2pa-rs status codes they produce. */
    public enum Verdict { OK, INVALID, EXPIRED }

    /** Result of a profile check: verdict and the first rule broken. */
    public record Result(Verdict verdict, String detail) {
        public boolean ok() {
            return verdict == Verdict.OK;
        }

        static Result ok(String detail) {
            return new Result(Verdict.OK, detail);
        }

        static Result invalid(String detail) {
            return new Result(Verdict.INVALID, detail);
        }
    }

    private static final Set<ASN1ObjectIdentifier> SIG_ALGS = Set.of(PKCSObjectIdentifiers.sha256WithRSAEncryption,
            PKCSObjectIdentifiers.sha384WithRSAEncryption, PKCSObjectIdentifiers.sha512WithRSAEncryption,
            X9ObjectIdentifiers.ecdsa_with_SHA256, X9ObjectIdentifiers.ecdsa_with_SHA384,
            X9ObjectIdentifiers.ecdsa_with_SHA512, PKCSObjectIdentifiers.id_RSASSA_PSS, EdECObjectIdentifiers.id_Ed25519);
    private static final Set<ASN1ObjectIdentifier> CURVES = Set.of(SECObjectIdentifiers.secp256r1,
            SECObjectIdentifiers.secp384r1, SECObjectIdentifiers.secp521r1);
    private static final Set<ASN1ObjectIdentifier> PSS_HASHES = Set.of(NISTObjectIdentifiers.id_sha256,
            NISTObjectIdentifiers.id_sha384, NISTObjectIdentifiers.id_sha512);
    /** Extensions c2pa-rs understands; any other extension marked critical fails the profile. */
    private static final Set<ASN1ObjectIdentifier> KNOWN_EXTENSIONS = Set.of(Extension.authorityKeyIdentifier,
            Extension.subjectKeyIdentifier, Extension.keyUsage, Extension.certificatePolicies, Extension.policyMappings,
            Extension.subjectAlternativeName, Extension.basicConstraints, Extension.nameConstraints,
            Extension.policyConstraints, Extension.extendedKeyUsage, Extension.cRLDistributionPoints,
            Extension.inhibitAnyPolicy, Extension.authorityInfoAccess, new ASN1ObjectIdentifier("2.16.840.1.113730.1.1"),
            Extension.cRLNumber, Extension.reasonCode, Extension.invalidityDate);

    private CertificateProfile() {
    }

    /** Checks a signing (end-entity) certificate at {@code at} with the default EKU set. */
    public static Result checkSigner(byte[] der, Instant at) {
        return check(der, at, DEFAULT_EXTRA_EKUS, true);
    }

    /**
     * Checks one certificate.
     *
     * @param der the certificate
     * @param at the time it must be valid at (time-stamp time, else now)
     * @param extraEkus dotted OIDs accepted in the EKU besides emailProtection/timeStamping/OCSPSigning
     * @param endEntity also require CA:false
     */
    public static Result check(byte[] der, Instant at, Set<String> extraEkus, boolean endEntity) {
        try {
            return checkUnguarded(der, at, extraEkus, endEntity);
        } catch (RuntimeException e) {
            // Bouncy Castle throws unchecked exceptions on lazily parsed fields (dates, names, extensions)
            return Result.invalid("certificate could not be parsed (" + e.getClass().getSimpleName() + ")");
        }
    }

    private static Result checkUnguarded(byte[] der, Instant at, Set<String> extraEkus, boolean endEntity) {
        Certificate cert;
        try {
            cert = Certificate.getInstance(ASN1Sequence.fromByteArray(der));
        } catch (IOException | RuntimeException e) {
            return Result.invalid("certificate could not be parsed");
        }
        TBSCertificate tbs = cert.getTBSCertificate();
        if (tbs.getVersionNumber() != 3) {
            return Result.invalid("certificate version incorrect (not X.509 v3)");
        }
        Date when = Date.from(at);
        if (when.before(tbs.getStartDate().getDate()) || when.after(tbs.getEndDate().getDate())) {
            return new Result(Verdict.EXPIRED, "certificate not valid at " + at + " (valid "
                    + tbs.getStartDate().getDate().toInstant() + " to " + tbs.getEndDate().getDate().toInstant() + ")");
        }
        AlgorithmIdentifier sigAlg = cert.getSignatureAlgorithm();
        if (!SIG_ALGS.contains(sigAlg.getAlgorithm())) {
            return Result.invalid("certificate algorithm not supported (" + sigAlg.getAlgorithm() + ")");
        }
        if (sigAlg.getAlgorithm().equals(PKCSObjectIdentifiers.id_RSASSA_PSS)) {
            if (sigAlg.getParameters() == null) {
                return Result.invalid("certificate missing algorithm parameters");
            }
            try {
                RSASSAPSSparams p = RSASSAPSSparams.getInstance(sigAlg.getParameters());
                AlgorithmIdentifier mgfHash = AlgorithmIdentifier.getInstance(p.getMaskGenAlgorithm().getParameters());
                if (!p.getHashAlgorithm().getAlgorithm().equals(mgfHash.getAlgorithm())) {
                    return Result.invalid("certificate algorithm error (PSS hash and MGF hash differ)");
                }
                if (!PSS_HASHES.contains(p.getHashAlgorithm().getAlgorithm())) {
                    return Result.invalid("certificate hash algorithm not supported");
                }
            } catch (RuntimeException e) {
                return Result.invalid("certificate PSS parameters could not be parsed");
            }
        }
        SubjectPublicKeyInfo spki = tbs.getSubjectPublicKeyInfo();
        ASN1ObjectIdentifier keyAlg = spki.getAlgorithm().getAlgorithm();
        if (keyAlg.equals(X9ObjectIdentifiers.id_ecPublicKey)) {
            if (!(spki.getAlgorithm().getParameters() instanceof ASN1ObjectIdentifier curve) || !CURVES.contains(curve)) {
                return Result.invalid("certificate unsupported EC curve");
            }
        }
        if (keyAlg.equals(PKCSObjectIdentifiers.rsaEncryption) || keyAlg.equals(PKCSObjectIdentifiers.id_RSASSA_PSS)) {
            try {
                org.bouncycastle.asn1.pkcs.RSAPublicKey rsa =
                        org.bouncycastle.asn1.pkcs.RSAPublicKey.getInstance(spki.parsePublicKey());
                BigInteger n = rsa.getModulus();
                if (n.bitLength() < 2048) {
                    return Result.invalid("certificate key length too short (" + n.bitLength() + " bits)");
                }
            } catch (IOException | RuntimeException e) {
                return Result.invalid("certificate RSA key could not be parsed");
            }
        }
        Extensions ext = tbs.getExtensions();
        boolean ca = false;
        try {
            BasicConstraints bc = ext == null ? null : BasicConstraints.fromExtensions(ext);
            ca = bc != null && bc.isCA();
        } catch (RuntimeException e) {
            return Result.invalid("certificate basic constraints could not be parsed");
        }
        if (ca && tbs.getIssuer().equals(tbs.getSubject())) {
            return Result.invalid("certificate issuer and subject cannot be the same (self-signed disallowed)");
        }
        if (tbs.getIssuerUniqueId() != null || tbs.getSubjectUniqueId() != null) {
            return Result.invalid("certificate issuer/subject unique ids are not allowed");
        }
        boolean ekuGood;
        try {
            ExtendedKeyUsage eku = ext == null ? null : ExtendedKeyUsage.fromExtensions(ext);
            if (eku != null) {
                if (eku.hasKeyPurposeId(KeyPurposeId.anyExtendedKeyUsage)) {
                    return Result.invalid("certificate 'any' EKU not allowed");
                }
                if (!hasAllowedEku(eku, extraEkus)) {
                    return Result.invalid("certificate missing required EKU");
                }
                boolean ocsp = eku.hasKeyPurposeId(KeyPurposeId.id_kp_OCSPSigning);
                boolean ts = eku.hasKeyPurposeId(KeyPurposeId.id_kp_timeStamping);
                boolean others = false;
                for (KeyPurposeId k : eku.getUsages()) {
                    if (!k.equals(KeyPurposeId.id_kp_OCSPSigning) && !k.equals(KeyPurposeId.id_kp_timeStamping)) {
                        others = true;
                    }
                }
                if ((ocsp && ts) || ((ocsp ^ ts) && others)) {
                    return Result.invalid("certificate invalid set of EKUs");
                }
                ekuGood = true;
            } else {
                ekuGood = ca;
            }
        } catch (RuntimeException e) {
            return Result.invalid("certificate EKU could not be parsed");
        }
        boolean aki = false;
        boolean ski = false;
        boolean kuGood = false;
        boolean criticalHandled = true;
        if (ext != null) {
            for (ASN1ObjectIdentifier oid : ext.getExtensionOIDs()) {
                Extension e = ext.getExtension(oid);
                if (oid.equals(Extension.authorityKeyIdentifier)) {
                    aki = true;
                } else if (oid.equals(Extension.subjectKeyIdentifier)) {
                    ski = true;
                } else if (oid.equals(Extension.keyUsage)) {
                    KeyUsage ku;
                    try {
                        ku = KeyUsage.getInstance(e.getParsedValue());
                    } catch (RuntimeException ex) {
                        return Result.invalid("certificate key usage could not be parsed");
                    }
                    if (ku.hasUsages(KeyUsage.digitalSignature)) {
                        if (ku.hasUsages(KeyUsage.keyCertSign) && !ca) {
                            return Result.invalid("certificate has keyCertSign but is not a CA");
                        }
                        kuGood = true;
                    }
                    if (ku.hasUsages(KeyUsage.keyCertSign) || ku.hasUsages(KeyUsage.nonRepudiation)) {
                        kuGood = true;
                    }
                } else if (!KNOWN_EXTENSIONS.contains(oid) && e.isCritical()) {
                    criticalHandled = false;
                }
            }
        }
        boolean skiGood = !ca || ski;
        if (!(aki && skiGood && kuGood && ekuGood && criticalHandled)) {
            StringBuilder why = new StringBuilder("certificate params incorrect:");
            if (!aki) {
                why.append(" no authority key identifier;");
            }
            if (!skiGood) {
                why.append(" CA without subject key identifier;");
            }
            if (!kuGood) {
                why.append(" key usage lacks digitalSignature;");
            }
            if (!ekuGood) {
                why.append(" no extended key usage;");
            }
            if (!criticalHandled) {
                why.append(" unknown critical extension;");
            }
            return Result.invalid(why.substring(0, why.length() - 1));
        }
        if (endEntity && ca) {
            return Result.invalid("expected end-entity certificate (CA:true)");
        }
        return Result.ok("certificate meets the C2PA profile");
    }

    /** c2pa-rs {@code has_allowed_eku}: emailProtection, timeStamping, OCSPSigning, or one of the configured OIDs. */
    static boolean hasAllowedEku(ExtendedKeyUsage eku, Set<String> extra) {
        if (eku.hasKeyPurposeId(KeyPurposeId.id_kp_emailProtection) || eku.hasKeyPurposeId(KeyPurposeId.id_kp_timeStamping)
                || eku.hasKeyPurposeId(KeyPurposeId.id_kp_OCSPSigning)) {
            return true;
        }
        for (KeyPurposeId k : eku.getUsages()) {
            if (extra.contains(k.getId())) {
                return true;
            }
        }
        return false;
    }

    /** True when the certificate has an EKU containing an allowed purpose (the trust check's EKU rule). */
    public static boolean hasAllowedEku(byte[] der, Set<String> extra) {
        try {
            Certificate cert = Certificate.getInstance(ASN1Sequence.fromByteArray(der));
            Extensions ext = cert.getTBSCertificate().getExtensions();
            ExtendedKeyUsage eku = ext == null ? null : ExtendedKeyUsage.fromExtensions(ext);
            return eku != null && hasAllowedEku(eku, extra);
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /** Human-readable list for errors: the rules a certificate chain breaks, empty when all pass. */
    public static List<String> problems(List<byte[]> chain, Instant at) {
        if (chain.isEmpty()) {
            return List.of("empty certificate chain");
        }
        Result r = checkSigner(chain.get(0), at);
        return r.ok() ? List.of() : List.of(r.detail());
    }
}
