package dev.hallmark.provenance.keys;

import dev.hallmark.provenance.ProvenanceException;
import dev.hallmark.provenance.ProvenanceException.Reason;
import dev.hallmark.provenance.internal.Bc;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.openssl.PEMEncryptedKeyPair;
import org.bouncycastle.openssl.PEMException;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8DecryptorProviderBuilder;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8EncryptorBuilder;
import org.bouncycastle.openssl.jcajce.JcePEMDecryptorProviderBuilder;
import org.bouncycastle.operator.InputDecryptorProvider;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.OutputEncryptor;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;
import org.bouncycastle.pkcs.PKCSException;
import org.bouncycastle.util.io.pem.PemObject;

/**
 * PEM certificates and private keys with Bouncy Castle. Private keys are written only as encrypted PKCS#8
 * ({@code ENCRYPTED PRIVATE KEY}: PBES2, PBKDF2-HMAC-SHA256, AES-256-CBC).
 */
public final class PemFiles {
    /** PBKDF2 iterations for keys at rest. */
    static final int ITERATIONS = 210_000;

    private PemFiles() {
    }

    public static List<X509Certificate> readCertificates(Path file) throws ProvenanceException {
        String text = read(file);
        return parseCertificates(text, file);
    }

    public static List<X509Certificate> parseCertificates(String text, Path file) throws ProvenanceException {
        List<X509Certificate> out = new ArrayList<>();
        try (PEMParser p = new PEMParser(new StringReader(text))) {
            Object o;
            while ((o = p.readObject()) != null) {
                if (o instanceof X509CertificateHolder h) {
                    out.add(new JcaX509CertificateConverter().setProvider(Bc.PROVIDER).getCertificate(h));
                }
                if (out.size() > 64) {
                    throw new ProvenanceException(Reason.LIMIT_EXCEEDED, file, "more than 64 certificates");
                }
            }
        } catch (IOException | CertificateException | RuntimeException e) {
            throw new ProvenanceException(Reason.MALFORMED, file, "not a PEM certificate file: " + e.getMessage());
        }
        if (out.isEmpty()) {
            throw new ProvenanceException(Reason.MALFORMED, file, "no PEM certificate found (expected -----BEGIN CERTIFICATE-----)");
        }
        return out;
    }

    /**
     * Reads a private key: PKCS#8 ({@code PRIVATE KEY}), encrypted PKCS#8 (needs {@code password}), or OpenSSL
     * {@code EC/RSA PRIVATE KEY}, possibly encrypted.
     */
    public static PrivateKey readPrivateKey(Path file, char[] password) throws ProvenanceException {
        String text = read(file);
        try (PEMParser p = new PEMParser(new StringReader(text))) {
            Object o;
            while ((o = p.readObject()) != null) {
                JcaPEMKeyConverter conv = new JcaPEMKeyConverter().setProvider(Bc.PROVIDER);
                if (o instanceof PrivateKeyInfo pki) {
                    return conv.getPrivateKey(pki);
                }
                if (o instanceof PEMKeyPair kp) {
                    return conv.getKeyPair(kp).getPrivate();
                }
                if (o instanceof PKCS8EncryptedPrivateKeyInfo enc) {
                    if (password == null) {
                        throw new ProvenanceException(Reason.BAD_PASSPHRASE, file,
                                "the private key is encrypted; set HALLMARK_KEY_PASSPHRASE to its passphrase");
                    }
                    try {
                        InputDecryptorProvider dp = new JceOpenSSLPKCS8DecryptorProviderBuilder().setProvider(Bc.PROVIDER)
                                .build(password);
                        return conv.getPrivateKey(enc.decryptPrivateKeyInfo(dp));
                    } catch (PKCSException | OperatorCreationException e) {
                        throw new ProvenanceException(Reason.BAD_PASSPHRASE, file,
                                "cannot decrypt the private key: wrong passphrase or damaged key file");
                    }
                }
                if (o instanceof PEMEncryptedKeyPair ekp) {
                    if (password == null) {
                        throw new ProvenanceException(Reason.BAD_PASSPHRASE, file,
                                "the private key is encrypted; set HALLMARK_KEY_PASSPHRASE to its passphrase");
                    }
                    try {
                        return conv.getKeyPair(ekp.decryptKeyPair(new JcePEMDecryptorProviderBuilder().build(password)))
                                .getPrivate();
                    } catch (IOException e) {
                        throw new ProvenanceException(Reason.BAD_PASSPHRASE, file,
                                "cannot decrypt the private key: wrong passphrase or damaged key file");
                    }
                }
            }
        } catch (PEMException e) {
            throw new ProvenanceException(Reason.KEY_INVALID, file, "unusable private key: " + e.getMessage());
        } catch (IOException | RuntimeException e) {
            throw new ProvenanceException(Reason.KEY_INVALID, file, "not a PEM private key: " + e.getMessage());
        }
        throw new ProvenanceException(Reason.KEY_INVALID, file, "no private key found (expected -----BEGIN PRIVATE KEY-----)");
    }

    /** Encrypted PKCS#8 PEM of {@code key} under {@code password}. */
    public static String encryptedPem(PrivateKey key, char[] password) throws ProvenanceException {
        try {
            OutputEncryptor enc = new JceOpenSSLPKCS8EncryptorBuilder(JcaPKCS8Generator.AES_256_CBC)
                    .setProvider(Bc.PROVIDER).setPRF(JcaPKCS8Generator.PRF_HMACSHA256).setIterationCount(ITERATIONS)
                    .setPassword(password).build();
            PemObject pem = new JcaPKCS8Generator(key, enc).generate();
            StringWriter w = new StringWriter();
            try (JcaPEMWriter pw = new JcaPEMWriter(w)) {
                pw.writeObject(pem);
            }
            return w.toString();
        } catch (OperatorCreationException | IOException e) {
            throw new ProvenanceException(Reason.SIGNING_FAILED, null, "cannot encrypt private key: " + e.getMessage());
        } finally {
            Arrays.fill(password, '\0');
        }
    }

    public static String certificatesPem(List<X509Certificate> certs) throws ProvenanceException {
        StringWriter w = new StringWriter();
        try (JcaPEMWriter pw = new JcaPEMWriter(w)) {
            for (X509Certificate c : certs) {
                pw.writeObject(c);
            }
        } catch (IOException e) {
            throw new ProvenanceException(Reason.WRITE_FAILED, null, "cannot encode certificate: " + e.getMessage());
        }
        return w.toString();
    }

    private static String read(Path file) throws ProvenanceException {
        try {
            if (Files.size(file) > 1 << 20) {
                throw new ProvenanceException(Reason.LIMIT_EXCEEDED, file, "larger than 1 MiB: not a PEM file");
            }
            return Files.readString(file, StandardCharsets.US_ASCII);
        } catch (java.nio.charset.MalformedInputException e) {
            throw new ProvenanceException(Reason.MALFORMED, file, "not a PEM file (binary content)");
        } catch (IOException e) {
            throw new ProvenanceException(Reason.UNREADABLE, file, "cannot read: " + e.getMessage());
        }
    }
}
