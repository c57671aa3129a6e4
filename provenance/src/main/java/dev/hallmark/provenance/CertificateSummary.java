package dev.hallmark.provenance;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;

/**
 * Public facts about one certificate, for {@code keys show} and reports.
 *
 * @param subject subject DN
 * @param issuer issuer DN
 * @param serialNumber hex serial
 * @param notBefore validity start
 * @param notAfter validity end
 * @param sha256 SHA-256 fingerprint of the DER encoding (hex)
 * @param keyAlgorithm e.g. {@code EC P-256}
 * @param ca basic constraints CA flag
 * @param extendedKeyUsages dotted EKU OIDs
 */
public record CertificateSummary(String subject, String issuer, String serialNumber, Instant notBefore,
        Instant notAfter, String sha256, String keyAlgorithm, boolean ca, List<String> extendedKeyUsages) {
    public CertificateSummary {
        extendedKeyUsages = List.copyOf(extendedKeyUsages);
    }

    public static CertificateSummary of(X509Certificate c) {
        String fp;
        try {
            fp = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(c.getEncoded()));
        } catch (NoSuchAlgorithmException | CertificateEncodingException e) {
            fp = "?";
        }
        List<String> ekus;
        try {
            ekus = c.getExtendedKeyUsage() == null ? List.of() : c.getExtendedKeyUsage();
        } catch (CertificateParsingException e) {
            ekus = List.of();
        }
        return new CertificateSummary(c.getSubjectX500Principal().getName(), c.getIssuerX500Principal().getName(),
                c.getSerialNumber().toString(16), c.getNotBefore().toInstant(), c.getNotAfter().toInstant(), fp,
                keyAlgorithm(c), c.getBasicConstraints() >= 0, ekus);
    }

    private static String keyAlgorithm(X509Certificate c) {
        var k = c.getPublicKey();
        if (k instanceof java.security.interfaces.ECPublicKey ec) {
            int bits = ec.getParams().getCurve().getField().getFieldSize();
            return "EC P-" + bits;
        }
        if (k instanceof java.security.interfaces.RSAPublicKey rsa) {
            return "RSA " + rsa.getModulus().bitLength();
        }
        return k.getAlgorithm();
    }
}
