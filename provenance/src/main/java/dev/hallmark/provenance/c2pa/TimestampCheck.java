package dev.hallmark.provenance.c2pa;

import com.upokecenter.cbor.CBORObject;
import dev.hallmark.provenance.cose.CoseSign1;
import dev.hallmark.provenance.internal.Bc;
import dev.hallmark.provenance.internal.Cbor;
import dev.hallmark.provenance.internal.Malformed;
import dev.hallmark.provenance.keys.CertificateProfile;
import dev.hallmark.provenance.keys.CertificateTrust;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x500.style.IETFUtils;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cms.CMSSignedData;
import org.bouncycastle.cms.SignerInformation;
import org.bouncycastle.cms.jcajce.JcaSimpleSignerInfoVerifierBuilder;
import org.bouncycastle.tsp.TimeStampResponse;
import org.bouncycastle.tsp.TimeStampToken;
import org.bouncycastle.tsp.TimeStampTokenInfo;
import org.bouncycastle.util.Selector;

/**
 * Validates the RFC 3161 time-stamp in a COSE signature ({@code sigTst} for v1 claims, over the claim;
 * {@code sigTst2} for v2, over the CBOR-encoded signature), logging c2pa-rs's codes: {@code timeStamp.validated}
 * and {@code timeStamp.trusted} on success, informational {@code timeStamp.mismatch|untrusted|malformed|
 * outsideValidity} otherwise. The imprint covers {@code ["CounterSignature", protected, h'', payload]}.
 *
 * <p>Security: a time-stamp that fails any check is ignored (the signer's certificate is then judged at the current
 * time); with trust checking, the TSA's certificate must chain to a trust anchor.
 */
public final class TimestampCheck {
    /** A validated time-stamp: the time and the TSA's name. */
    public record TstInfo(Instant genTime, String authority) {
    }

    private TimestampCheck() {
    }

    /** Returns the validated time-stamp, or null when there is none or it did not validate. */
    public static TstInfo validate(CoseSign1 sign1, byte[] claimBytes, List<X509Certificate> anchors, boolean verifyTrust,
            StatusLog log) {
        CBORObject v2 = sign1.unprotected().get(CBORObject.FromObject("sigTst2"));
        CBORObject v1 = sign1.unprotected().get(CBORObject.FromObject("sigTst"));
        CBORObject container = v2 != null ? v2 : v1;
        if (container == null) {
            return null;
        }
        byte[] payload = v2 != null ? CBORObject.FromObject(sign1.signature()).EncodeToBytes() : claimBytes;
        List<byte[]> tokens = new ArrayList<>();
        try {
            List<CBORObject> t = Cbor.array(container, "tstTokens");
            if (t == null) {
                throw new Malformed("no tstTokens");
            }
            for (CBORObject o : t) {
                byte[] val = Cbor.bytes(o, "val");
                if (val == null) {
                    throw new Malformed("tstToken without val");
                }
                tokens.add(val);
            }
        } catch (Malformed e) {
            log.info("", "timeStamp.malformed", "could not parse timestamp container: " + e.getMessage());
            return null;
        }
        if (tokens.size() > 1) {
            log.info("", "timeStamp.malformed", "only a single timestamp response is allowed in a manifest");
            return null;
        }
        byte[] tbs = CoseSign1.counterSignatureStructure(sign1.protectedBytes(), payload);
        for (byte[] token : tokens) {
            TstInfo info = verifyToken(token, tbs, anchors, verifyTrust, log);
            if (info != null) {
                return info;
            }
        }
        return null;
    }

    static TimeStampToken parseToken(byte[] bytes) {
        try {
            TimeStampResponse r = new TimeStampResponse(bytes);
            if (r.getTimeStampToken() != null) {
                return r.getTimeStampToken();
            }
        } catch (Exception ignored) {
            // not a TimeStampResp: try a bare token
        }
        try {
            return new TimeStampToken(new CMSSignedData(bytes));
        } catch (Exception e) {
            return null;
        }
    }

    private static TstInfo verifyToken(byte[] bytes, byte[] tbs, List<X509Certificate> anchors, boolean verifyTrust,
            StatusLog log) {
        try {
            return verifyTokenUnguarded(bytes, tbs, anchors, verifyTrust, log);
        } catch (RuntimeException e) {
            log.info("", "timeStamp.malformed", "could not parse timestamp data (" + e.getClass().getSimpleName() + ")");
            return null;
        }
    }

    private static TstInfo verifyTokenUnguarded(byte[] bytes, byte[] tbs, List<X509Certificate> anchors,
            boolean verifyTrust, StatusLog log) {
        TimeStampToken token = parseToken(bytes);
        if (token == null) {
            log.info("", "timeStamp.malformed", "could not parse timestamp data");
            return null;
        }
        @SuppressWarnings("unchecked")
        Collection<X509CertificateHolder> all = token.getCertificates().getMatches(null);
        if (all.isEmpty()) {
            log.info("", "timeStamp.untrusted", "time stamp contains no certificates");
            return null;
        }
        @SuppressWarnings("unchecked")
        Collection<X509CertificateHolder> match = token.getCertificates().getMatches((Selector) token.getSID());
        if (match.isEmpty()) {
            return null;
        }
        X509CertificateHolder signerHolder = match.iterator().next();
        String cn = commonName(signerHolder.getSubject());
        TimeStampTokenInfo info = token.getTimeStampInfo();
        Instant genTime = info.getGenTime().toInstant();
        X509Certificate signer;
        try {
            signer = new JcaX509CertificateConverter().setProvider(Bc.PROVIDER).getCertificate(signerHolder);
            SignerInformation si = token.toCMSSignedData().getSignerInfos().getSigners().iterator().next();
            if (!si.verify(new JcaSimpleSignerInfoVerifierBuilder().setProvider(Bc.PROVIDER).build(signer))) {
                log.info("", "timeStamp.untrusted", "timestamp signed data did not match signature: " + cn);
                return null;
            }
        } catch (Exception e) {
            log.info("", "timeStamp.untrusted", "timestamp signed data did not match signature: " + cn);
            return null;
        }
        if (genTime.isBefore(signer.getNotBefore().toInstant()) || genTime.isAfter(signer.getNotAfter().toInstant())) {
            log.info("", "timeStamp.outsideValidity", "timestamp signer outside of certificate validity: " + cn);
            return null;
        }
        try {
            MessageDigest md = MessageDigest.getInstance(info.getHashAlgorithm().getAlgorithm().getId(), Bc.PROVIDER);
            byte[] expected = md.digest(tbs);
            if (!MessageDigest.isEqual(expected, info.getMessageImprintDigest())) {
                log.info("", "timeStamp.mismatch", "timestamp message digest did not match: " + cn);
                return null;
            }
        } catch (Exception e) {
            log.info("", "timeStamp.untrusted", "timestamp unknown message digest algorithm: " + cn);
            return null;
        }
        log.success("", "timeStamp.validated", "timestamp message digest matched: " + cn);
        if (verifyTrust) {
            List<byte[]> chain = new ArrayList<>();
            try {
                chain.add(signerHolder.getEncoded());
                for (X509CertificateHolder h : all) {
                    if (!h.equals(signerHolder)) {
                        chain.add(h.getEncoded());
                    }
                }
            } catch (java.io.IOException e) {
                log.info("", "timeStamp.untrusted", "timestamp cert untrusted: " + cn);
                return null;
            }
            CertificateProfile.Result profile = CertificateProfile.check(chain.get(0), genTime,
                    Set.of(CertificateProfile.EKU_TIME_STAMPING), true);
            if (!profile.ok()) {
                log.info("", "timeStamp.untrusted", "timestamp cert untrusted: " + cn + " (" + profile.detail() + ")");
                return null;
            }
            List<byte[]> ordered = orderLeafToRoot(chain);
            CertificateTrust.Result trust = CertificateTrust.check(ordered, anchors, genTime,
                    Set.of(CertificateProfile.EKU_TIME_STAMPING));
            if (!trust.trusted()) {
                log.info("", "timeStamp.untrusted", "timestamp cert untrusted: " + cn);
                return null;
            }
        }
        log.success("", "timeStamp.trusted", "timestamp cert trusted: " + cn);
        return new TstInfo(genTime, cn);
    }

    /** Leaf first, then each issuer found among the rest (unrelated certificates dropped). */
    private static List<byte[]> orderLeafToRoot(List<byte[]> certs) {
        List<byte[]> out = new ArrayList<>();
        out.add(certs.get(0));
        List<byte[]> rest = new ArrayList<>(certs.subList(1, certs.size()));
        try {
            X509Certificate cur = CertificateTrust.parse(certs.get(0));
            boolean found = true;
            while (found && !rest.isEmpty()) {
                found = false;
                for (int i = 0; i < rest.size(); i++) {
                    X509Certificate c = CertificateTrust.parse(rest.get(i));
                    if (c.getSubjectX500Principal().equals(cur.getIssuerX500Principal())
                            && !c.getSubjectX500Principal().equals(cur.getSubjectX500Principal())) {
                        out.add(rest.remove(i));
                        cur = c;
                        found = true;
                        break;
                    }
                }
            }
        } catch (Exception e) {
            return out;
        }
        return out;
    }

    static String commonName(X500Name name) {
        StringBuilder sb = new StringBuilder();
        for (RDN rdn : name.getRDNs(BCStyle.CN)) {
            sb.append(IETFUtils.valueToString(rdn.getFirst().getValue()));
        }
        return sb.toString();
    }
}
