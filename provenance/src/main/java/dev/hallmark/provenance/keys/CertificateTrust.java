package dev.hallmark.provenance.keys;

import dev.hallmark.provenance.internal.Bc;
import java.io.ByteArrayInputStream;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Set;

/**
 * Chains a signing certificate to trust anchors the way c2pa-rs does ({@code check_certificate_trust}): the leaf must
 * carry an allowed EKU, each certificate of the supplied chain must be signed by the next, and walking from the top
 * of the chain down, the first certificate whose issuer is an anchor's subject and whose signature that anchor's key
 * verifies makes the chain trusted. With a signing time, every certificate must be valid then.
 *
 * <p>Security: an empty anchor set trusts nothing; any parse or signature failure means untrusted.
 */
public final class CertificateTrust {
    /** Result: trusted with the anchor that matched, or not with a reason. */
    public record Result(boolean trusted, X509Certificate anchor, String detail) {
    }

    private CertificateTrust() {
    }

    public static X509Certificate parse(byte[] der) throws GeneralSecurityException {
        CertificateFactory cf = CertificateFactory.getInstance("X.509", Bc.PROVIDER);
        return (X509Certificate) cf.generateCertificate(new ByteArrayInputStream(der));
    }

    public static Result check(List<byte[]> chainDer, List<X509Certificate> anchors, Instant signingTime,
            Set<String> allowedEkus) {
        try {
            return checkUnguarded(chainDer, anchors, signingTime, allowedEkus);
        } catch (RuntimeException e) {
            return new Result(false, null, "certificate could not be processed (" + e.getClass().getSimpleName() + ")");
        }
    }

    private static Result checkUnguarded(List<byte[]> chainDer, List<X509Certificate> anchors, Instant signingTime,
            Set<String> allowedEkus) {
        if (anchors.isEmpty()) {
            return new Result(false, null, "no trust anchors configured");
        }
        if (chainDer.isEmpty()) {
            return new Result(false, null, "no certificate");
        }
        if (!CertificateProfile.hasAllowedEku(chainDer.get(0), allowedEkus)) {
            return new Result(false, null, "signing certificate lacks an allowed extended key usage");
        }
        List<X509Certificate> chain = new ArrayList<>();
        try {
            for (byte[] d : chainDer) {
                chain.add(parse(d));
            }
        } catch (GeneralSecurityException | RuntimeException e) {
            return new Result(false, null, "certificate could not be parsed");
        }
        for (int i = 1; i < chain.size(); i++) {
            try {
                chain.get(i - 1).verify(chain.get(i).getPublicKey(), Bc.PROVIDER);
            } catch (GeneralSecurityException | RuntimeException e) {
                return new Result(false, null, "certificate chain out of order or broken at "
                        + chain.get(i - 1).getSubjectX500Principal().getName());
            }
        }
        for (int i = chain.size() - 1; i >= 0; i--) {
            X509Certificate c = chain.get(i);
            if (signingTime != null) {
                try {
                    c.checkValidity(Date.from(signingTime));
                } catch (GeneralSecurityException e) {
                    return new Result(false, null, c.getSubjectX500Principal().getName() + " not valid at " + signingTime);
                }
            }
            for (X509Certificate anchor : anchors) {
                if (c.getIssuerX500Principal().equals(anchor.getSubjectX500Principal())) {
                    try {
                        c.verify(anchor.getPublicKey(), Bc.PROVIDER);
                        return new Result(true, anchor, "signing certificate trusted, found in trust anchors");
                    } catch (GeneralSecurityException | RuntimeException e) {
                        // same name, different key: keep looking
                    }
                }
            }
        }
        return new Result(false, null, "no certificate in the chain is issued by a trust anchor");
    }
}
