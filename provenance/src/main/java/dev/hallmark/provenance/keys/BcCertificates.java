package dev.hallmark.provenance.keys;

import dev.hallmark.provenance.internal.Bc;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Creates the C2PA signing hierarchy with Bouncy Castle: a root CA and a claim-signing leaf, both EC P-256, that
 * meet the C2PA certificate profile (AKI + SKI on both; leaf CA:false, KU digitalSignature, EKU claimSigning, a
 * subject O, which c2pa-rs requires).
 */
public final class BcCertificates {
    /** A generated certificate with its key pair. */
    public record Issued(KeyPair keys, X509Certificate certificate) {
    }

    private static final SecureRandom RANDOM = new SecureRandom();

    private BcCertificates() {
    }

    public static KeyPair ecP256() throws GeneralSecurityException {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
        return g.generateKeyPair();
    }

    private static X500Name name(String cn, String org) {
        return new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.CN, cn).addRDN(BCStyle.O, org).build();
    }

    private static BigInteger serial() {
        return new BigInteger(127, RANDOM).setBit(126);
    }

    /** A self-signed root CA valid for {@code validity} from {@code now} (backdated one hour for clock skew). */
    public static Issued rootCa(String organization, Instant now, Duration validity) throws GeneralSecurityException {
        KeyPair kp = ecP256();
        X500Name subject = name(organization + " C2PA Root CA", organization);
        try {
            JcaX509ExtensionUtils u = new JcaX509ExtensionUtils();
            X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(subject, serial(),
                    Date.from(now.minus(Duration.ofHours(1))), Date.from(now.plus(validity)), subject, kp.getPublic())
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(true))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign))
                    .addExtension(Extension.subjectKeyIdentifier, false, u.createSubjectKeyIdentifier(kp.getPublic()))
                    .addExtension(Extension.authorityKeyIdentifier, false,
                            u.createAuthorityKeyIdentifier(kp.getPublic()));
            return new Issued(kp, sign(b, kp));
        } catch (CertIOException e) {
            throw new GeneralSecurityException("cannot build root certificate", e);
        }
    }

    /** A claim-signing leaf issued by {@code issuer}, valid for {@code validity} but not past the issuer. */
    public static Issued claimSigner(Issued issuer, String organization, Instant now, Duration validity)
            throws GeneralSecurityException {
        KeyPair kp = ecP256();
        Instant end = now.plus(validity);
        Instant issuerEnd = issuer.certificate().getNotAfter().toInstant();
        if (end.isAfter(issuerEnd)) {
            end = issuerEnd;
        }
        try {
            JcaX509ExtensionUtils u = new JcaX509ExtensionUtils();
            X500Name issuerName = X500Name.getInstance(issuer.certificate().getSubjectX500Principal().getEncoded());
            X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(issuerName, serial(),
                    Date.from(now.minus(Duration.ofHours(1))), Date.from(end),
                    name(organization + " C2PA Claim Signer", organization), kp.getPublic())
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature))
                    .addExtension(Extension.extendedKeyUsage, false,
                            new ExtendedKeyUsage(KeyPurposeId.getInstance(
                                    new org.bouncycastle.asn1.ASN1ObjectIdentifier(CertificateProfile.EKU_C2PA_CLAIM_SIGNING))))
                    .addExtension(Extension.subjectKeyIdentifier, false, u.createSubjectKeyIdentifier(kp.getPublic()))
                    .addExtension(Extension.authorityKeyIdentifier, false,
                            u.createAuthorityKeyIdentifier(issuer.certificate()));
            return new Issued(kp, sign(b, issuer.keys()));
        } catch (CertIOException | java.security.cert.CertificateEncodingException e) {
            throw new GeneralSecurityException("cannot build signing certificate", e);
        }
    }

    private static X509Certificate sign(X509v3CertificateBuilder b, KeyPair signer) throws GeneralSecurityException {
        try {
            ContentSigner cs = new JcaContentSignerBuilder("SHA256withECDSA").build(signer.getPrivate());
            return new JcaX509CertificateConverter().setProvider(Bc.PROVIDER).getCertificate(b.build(cs));
        } catch (OperatorCreationException e) {
            throw new GeneralSecurityException("cannot sign certificate", e);
        }
    }
}
