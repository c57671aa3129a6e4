package dev.hallmark.provenance;

import dev.hallmark.provenance.keys.PemFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;

/**
 * Root certificates a verifier trusts for C2PA signers (and time-stamp authorities). Empty means trust is not
 * checked: a good signature then reads {@link C2paState#VALID}, never {@link C2paState#TRUSTED}.
 */
public final class TrustAnchors {
    private static final TrustAnchors NONE = new TrustAnchors(List.of(), List.of());

    private final List<X509Certificate> certificates;
    private final List<Path> sources;

    private TrustAnchors(List<X509Certificate> certificates, List<Path> sources) {
        this.certificates = List.copyOf(certificates);
        this.sources = List.copyOf(sources);
    }

    public static TrustAnchors none() {
        return NONE;
    }

    public static TrustAnchors of(List<X509Certificate> certificates) {
        return new TrustAnchors(certificates, List.of());
    }

    /** Reads every certificate in the given PEM files. */
    public static TrustAnchors load(List<Path> pemFiles) throws ProvenanceException {
        List<X509Certificate> all = new ArrayList<>();
        for (Path p : pemFiles) {
            all.addAll(PemFiles.readCertificates(p));
        }
        return new TrustAnchors(all, pemFiles);
    }

    /** The default set: {@code <keys>/trust-anchor.pem} when it exists, plus {@code extra} PEM files. */
    public static TrustAnchors defaults(Path keysDir, List<Path> extra) throws ProvenanceException {
        List<Path> files = new ArrayList<>();
        if (keysDir != null && Files.isRegularFile(keysDir.resolve(C2paKeys.TRUST_ANCHOR))) {
            files.add(keysDir.resolve(C2paKeys.TRUST_ANCHOR));
        }
        files.addAll(extra);
        return load(files);
    }

    public List<X509Certificate> certificates() {
        return certificates;
    }

    /** The PEM files these anchors came from (for reports). */
    public List<Path> sources() {
        return sources;
    }

    public boolean isEmpty() {
        return certificates.isEmpty();
    }

    @Override
    public String toString() {
        return "TrustAnchors[" + certificates.size() + " certificates]";
    }
}
