package dev.hallmark.provenance.tsa;

import dev.hallmark.provenance.ProvenanceException;
import dev.hallmark.provenance.ProvenanceException.Reason;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.math.BigInteger;
import java.net.HttpURLConnection;
import java.net.URI;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.tsp.TSPException;
import org.bouncycastle.tsp.TimeStampRequest;
import org.bouncycastle.tsp.TimeStampRequestGenerator;
import org.bouncycastle.tsp.TimeStampResponse;

/**
 * RFC 3161 time-stamp client with Bouncy Castle {@code tsp}: SHA-256 imprint, random nonce, certReq, HTTP POST of
 * {@code application/timestamp-query}. The response is checked against the request (status granted, imprint, nonce)
 * before its token is returned.
 *
 * <p>Security: the response body is bounded (1 MiB); nothing from the TSA is trusted beyond what validation of the
 * resulting manifest checks.
 */
public final class Rfc3161Client {
    private static final int MAX_RESPONSE = 1 << 20;
    private final URI url;
    private final Duration timeout;
    private final SecureRandom random = new SecureRandom();

    public Rfc3161Client(URI url, Duration timeout) {
        this.url = url;
        this.timeout = timeout;
    }

    public URI url() {
        return url;
    }

    /** Time-stamps {@code data} (its SHA-256 is sent) and returns the DER TimeStampToken (CMS ContentInfo). */
    public byte[] timestamp(byte[] data) throws ProvenanceException {
        byte[] digest;
        try {
            digest = MessageDigest.getInstance("SHA-256").digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        TimeStampRequestGenerator gen = new TimeStampRequestGenerator();
        gen.setCertReq(true);
        TimeStampRequest req = gen.generate(NISTObjectIdentifiers.id_sha256, digest, new BigInteger(64, random));
        byte[] body;
        try {
            HttpURLConnection c = (HttpURLConnection) url.toURL().openConnection();
            c.setConnectTimeout((int) timeout.toMillis());
            c.setReadTimeout((int) timeout.toMillis());
            c.setDoOutput(true);
            c.setRequestMethod("POST");
            c.setRequestProperty("Content-Type", "application/timestamp-query");
            c.setRequestProperty("Accept", "application/timestamp-reply");
            byte[] encoded = req.getEncoded();
            c.setFixedLengthStreamingMode(encoded.length);
            try (OutputStream os = c.getOutputStream()) {
                os.write(encoded);
            }
            int code = c.getResponseCode();
            if (code != 200) {
                throw new ProvenanceException(Reason.TIMESTAMP_FAILED, null, "time-stamp authority " + url
                        + " answered HTTP " + code);
            }
            try (InputStream is = c.getInputStream()) {
                body = is.readNBytes(MAX_RESPONSE + 1);
            }
            if (body.length > MAX_RESPONSE) {
                throw new ProvenanceException(Reason.TIMESTAMP_FAILED, null, "time-stamp response from " + url
                        + " larger than 1 MiB");
            }
        } catch (IOException | IllegalArgumentException e) {
            throw new ProvenanceException(Reason.TIMESTAMP_FAILED, null, "cannot reach time-stamp authority " + url
                    + ": " + e.getMessage(), e);
        }
        try {
            TimeStampResponse resp = new TimeStampResponse(body);
            resp.validate(req);
            if (resp.getTimeStampToken() == null) {
                throw new ProvenanceException(Reason.TIMESTAMP_FAILED, null, "time-stamp authority " + url
                        + " refused: " + resp.getStatusString());
            }
            return resp.getTimeStampToken().getEncoded();
        } catch (TSPException | IOException | RuntimeException e) {
            throw new ProvenanceException(Reason.TIMESTAMP_FAILED, null, "bad time-stamp response from " + url + ": "
                    + e.getMessage(), e);
        }
    }
}
