package dev.hallmark.provenance.testing;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaCertStore;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;
import org.bouncycastle.cms.jcajce.JcaSignerInfoGeneratorBuilder;
import org.bouncycastle.tsp.TSPAlgorithms;
import org.bouncycastle.tsp.TimeStampRequest;
import org.bouncycastle.tsp.TimeStampResponse;
import org.bouncycastle.tsp.TimeStampResponseGenerator;
import org.bouncycastle.tsp.TimeStampTokenGenerator;

/**
 * An RFC 3161 time-stamp authority for tests: Bouncy Castle's {@link TimeStampResponseGenerator} behind the JDK's
 * {@code com.sun.net.httpserver} on 127.0.0.1, with its own root CA and a TSA certificate (EKU timeStamping,
 * critical). {@link #rootPem(Path)} writes the root so verifiers can trust it.
 */
public final class LocalTsa implements AutoCloseable {
    private final HttpServer server;
    private final X509Certificate root;
    private final X509Certificate tsaCert;
    private final AtomicInteger requests = new AtomicInteger();
    private final AtomicLong serial = new AtomicLong(1);
    private volatile boolean failing;

    private LocalTsa() throws Exception {
        BouncyCastleProvider bc = new BouncyCastleProvider();
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair rootKeys = g.generateKeyPair();
        KeyPair tsaKeys = g.generateKeyPair();
        Instant now = Instant.now();
        JcaX509ExtensionUtils u = new JcaX509ExtensionUtils();
        X500Name rootName = new X500Name("CN=Hallmark Test TSA Root,O=Hallmark Tests");
        root = new JcaX509CertificateConverter().setProvider(bc).getCertificate(new JcaX509v3CertificateBuilder(rootName,
                BigInteger.valueOf(1), Date.from(now.minus(Duration.ofDays(1))), Date.from(now.plus(Duration.ofDays(30))),
                rootName, rootKeys.getPublic())
                .addExtension(Extension.basicConstraints, true, new BasicConstraints(true))
                .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign))
                .addExtension(Extension.subjectKeyIdentifier, false, u.createSubjectKeyIdentifier(rootKeys.getPublic()))
                .addExtension(Extension.authorityKeyIdentifier, false, u.createAuthorityKeyIdentifier(rootKeys.getPublic()))
                .build(new JcaContentSignerBuilder("SHA256withECDSA").build(rootKeys.getPrivate())));
        tsaCert = new JcaX509CertificateConverter().setProvider(bc).getCertificate(new JcaX509v3CertificateBuilder(
                rootName, BigInteger.valueOf(2), Date.from(now.minus(Duration.ofDays(1))),
                Date.from(now.plus(Duration.ofDays(20))), new X500Name("CN=Hallmark Test TSA,O=Hallmark Tests"),
                tsaKeys.getPublic())
                .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
                .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature))
                .addExtension(Extension.extendedKeyUsage, true, new ExtendedKeyUsage(KeyPurposeId.id_kp_timeStamping))
                .addExtension(Extension.subjectKeyIdentifier, false, u.createSubjectKeyIdentifier(tsaKeys.getPublic()))
                .addExtension(Extension.authorityKeyIdentifier, false, u.createAuthorityKeyIdentifier(root))
                .build(new JcaContentSignerBuilder("SHA256withECDSA").build(rootKeys.getPrivate())));
        TimeStampTokenGenerator tokens = new TimeStampTokenGenerator(
                new JcaSignerInfoGeneratorBuilder(new JcaDigestCalculatorProviderBuilder().build())
                        .build(new JcaContentSignerBuilder("SHA256withECDSA").build(tsaKeys.getPrivate()), tsaCert),
                new JcaDigestCalculatorProviderBuilder().build().get(
                        new org.bouncycastle.asn1.x509.AlgorithmIdentifier(
                                org.bouncycastle.asn1.oiw.OIWObjectIdentifiers.idSHA1)),
                new ASN1ObjectIdentifier("1.3.6.1.4.1.99999.1"));
        tokens.addCertificates(new JcaCertStore(List.of(tsaCert, root)));
        TimeStampResponseGenerator responses = new TimeStampResponseGenerator(tokens, TSPAlgorithms.ALLOWED);
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/tsa", exchange -> {
            requests.incrementAndGet();
            try (InputStream in = exchange.getRequestBody(); OutputStream out = exchange.getResponseBody()) {
                if (failing) {
                    exchange.sendResponseHeaders(503, -1);
                    return;
                }
                TimeStampRequest req = new TimeStampRequest(in.readAllBytes());
                TimeStampResponse resp = responses.generate(req, BigInteger.valueOf(serial.getAndIncrement()),
                        new Date());
                byte[] body = resp.getEncoded();
                exchange.getResponseHeaders().add("Content-Type", "application/timestamp-reply");
                exchange.sendResponseHeaders(200, body.length);
                out.write(body);
            } catch (Exception e) {
                exchange.sendResponseHeaders(500, -1);
            }
        });
        server.start();
    }

    public static LocalTsa start() throws Exception {
        return new LocalTsa();
    }

    public URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/tsa");
    }

    public X509Certificate root() {
        return root;
    }

    public int requests() {
        return requests.get();
    }

    /** Makes the TSA answer HTTP 503 from now on. */
    public void fail() {
        failing = true;
    }

    public Path rootPem(Path file) throws IOException {
        try (JcaPEMWriter w = new JcaPEMWriter(Files.newBufferedWriter(file))) {
            w.writeObject(root);
        }
        return file;
    }

    public X509CertificateHolder tsaCertificate() throws Exception {
        return new X509CertificateHolder(tsaCert.getEncoded());
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
