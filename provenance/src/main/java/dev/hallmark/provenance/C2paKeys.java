package dev.hallmark.provenance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.hallmark.provenance.ProvenanceException.Reason;
import dev.hallmark.provenance.keys.BcCertificates;
import dev.hallmark.provenance.keys.CertificateProfile;
import dev.hallmark.provenance.keys.PemFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The C2PA signing keys in a folder ({@code $HALLMARK_HOME/keys}): create, import, describe, load.
 *
 * <pre>
 * keys.json                 {"format":"hallmark.c2pa-keys","version":1,"origin":..,"passphrase":"env"|"file",
 *                            "created":..,"files":{name: sha256},"checksum": sha256 of the rest}
 * c2pa-signer-chain.pem     leaf [+ intermediates]          (public)
 * c2pa-signer-key.pem       ENCRYPTED PRIVATE KEY (PKCS#8, PBKDF2-SHA256 + AES-256-CBC), 0600
 * c2pa-root-ca.pem          root CA certificate              (generated keys only)
 * c2pa-root-ca-key.pem      ENCRYPTED PRIVATE KEY, 0600      (generated keys only)
 * trust-anchor.pem          the public root to give verifiers (when known)
 * passphrase                generated passphrase, 0600       (only when HALLMARK_KEY_PASSPHRASE was not set)
 * </pre>
 *
 * <p>Security: private keys exist on disk only encrypted; nothing here prints or logs private material or the
 * passphrase; {@code keys.json} checksums every file so a swapped certificate or key is refused at load.
 */
public final class C2paKeys {
    public static final String METADATA = "keys.json";
    public static final String CHAIN = "c2pa-signer-chain.pem";
    public static final String KEY = "c2pa-signer-key.pem";
    public static final String ROOT = "c2pa-root-ca.pem";
    public static final String ROOT_KEY = "c2pa-root-ca-key.pem";
    public static final String TRUST_ANCHOR = "trust-anchor.pem";
    public static final String PASSPHRASE_FILE = "passphrase";
    private static final String FORMAT = "hallmark.c2pa-keys";
    private static final int VERSION = 1;
    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS).build();

    /** Credentials plus what was loaded or created. */
    public record Loaded(SigningCredentials credentials, KeyInfo info) {
    }

    private C2paKeys() {
    }

    /** True when {@code dir} holds a keys set (its metadata file exists). */
    public static boolean exists(Path dir) {
        return Files.isRegularFile(dir.resolve(METADATA));
    }

    /**
     * Creates a root CA and a claim-signing leaf in {@code dir}.
     *
     * @param passphrase encrypts the private keys; when absent one is generated into a 0600 file
     * @param organization subject O of both certificates
     * @param force replace existing keys
     */
    public static KeyInfo init(Path dir, Passphrase passphrase, String organization, boolean force)
            throws ProvenanceException {
        if (organization == null || organization.isBlank()) {
            throw new IllegalArgumentException("organization must not be blank");
        }
        ensureDir(dir);
        if (exists(dir) && !force) {
            throw new ProvenanceException(Reason.KEY_INVALID, dir.resolve(METADATA),
                    "keys already exist; use --force to replace them");
        }
        Instant now = Instant.now();
        BcCertificates.Issued root;
        BcCertificates.Issued leaf;
        try {
            root = BcCertificates.rootCa(organization, now, Duration.ofDays(3650));
            leaf = BcCertificates.claimSigner(root, organization, now, Duration.ofDays(730));
        } catch (GeneralSecurityException e) {
            throw new ProvenanceException(Reason.SIGNING_FAILED, dir, "cannot generate keys: " + e.getMessage(), e);
        }
        Secret secret = secret(dir, passphrase);
        Map<String, String> files = new TreeMap<>();
        write(dir, CHAIN, PemFiles.certificatesPem(List.of(leaf.certificate())), false, files);
        write(dir, KEY, PemFiles.encryptedPem(leaf.keys().getPrivate(), secret.chars()), true, files);
        write(dir, ROOT, PemFiles.certificatesPem(List.of(root.certificate())), false, files);
        write(dir, ROOT_KEY, PemFiles.encryptedPem(root.keys().getPrivate(), secret.chars()), true, files);
        write(dir, TRUST_ANCHOR, PemFiles.certificatesPem(List.of(root.certificate())), false, files);
        if (!secret.fromEnv()) {
            files.put(PASSPHRASE_FILE, sha256(dir.resolve(PASSPHRASE_FILE)));
        } else {
            deleteQuietly(dir.resolve(PASSPHRASE_FILE));
        }
        writeMetadata(dir, "generated", secret.fromEnv(), now, files);
        secret.wipe();
        return show(dir).withCreated(true);
    }

    /**
     * Imports a CA-issued chain and its private key, after checking the leaf against the C2PA certificate profile
     * and the key against the leaf. A self-signed root at the end of the chain file becomes {@code trust-anchor.pem}
     * and is left out of the signing chain. An encrypted key file is opened with {@code passphrase}.
     */
    public static KeyInfo importChain(Path dir, Path chainPem, Path keyPem, Passphrase passphrase, boolean force)
            throws ProvenanceException {
        List<X509Certificate> chain = new ArrayList<>(PemFiles.readCertificates(chainPem));
        char[] pw = passphrase.isPresent() ? passphrase.chars() : null;
        PrivateKey key;
        try {
            key = PemFiles.readPrivateKey(keyPem, pw);
        } finally {
            if (pw != null) {
                Arrays.fill(pw, '\0');
            }
        }
        X509Certificate root = null;
        X509Certificate last = chain.get(chain.size() - 1);
        if (chain.size() > 1 && last.getSubjectX500Principal().equals(last.getIssuerX500Principal())) {
            root = last;
            chain.remove(chain.size() - 1);
        }
        try {
            SigningCredentials.of(key, chain);
        } catch (ProvenanceException e) {
            throw new ProvenanceException(e.reason(), chainPem, e.getMessage());
        }
        if (root != null) {
            try {
                chain.get(chain.size() - 1).verify(root.getPublicKey(), dev.hallmark.provenance.internal.Bc.PROVIDER);
            } catch (GeneralSecurityException e) {
                throw new ProvenanceException(Reason.CERTIFICATE_PROFILE, chainPem,
                        "the root at the end of the chain did not issue " + chain.get(chain.size() - 1)
                                .getSubjectX500Principal().getName());
            }
        }
        ensureDir(dir);
        if (exists(dir) && !force) {
            throw new ProvenanceException(Reason.KEY_INVALID, dir.resolve(METADATA),
                    "keys already exist; use --force to replace them");
        }
        Secret secret = secret(dir, passphrase);
        Map<String, String> files = new TreeMap<>();
        write(dir, CHAIN, PemFiles.certificatesPem(chain), false, files);
        write(dir, KEY, PemFiles.encryptedPem(key, secret.chars()), true, files);
        deleteQuietly(dir.resolve(ROOT));
        deleteQuietly(dir.resolve(ROOT_KEY));
        if (root != null) {
            write(dir, ROOT, PemFiles.certificatesPem(List.of(root)), false, files);
            write(dir, TRUST_ANCHOR, PemFiles.certificatesPem(List.of(root)), false, files);
        } else {
            deleteQuietly(dir.resolve(TRUST_ANCHOR));
        }
        if (!secret.fromEnv()) {
            files.put(PASSPHRASE_FILE, sha256(dir.resolve(PASSPHRASE_FILE)));
        } else {
            deleteQuietly(dir.resolve(PASSPHRASE_FILE));
        }
        writeMetadata(dir, "imported", secret.fromEnv(), Instant.now(), files);
        secret.wipe();
        return show(dir).withCreated(true);
    }

    /** Describes the keys in {@code dir} (public facts only); checks the metadata and file checksums. */
    public static KeyInfo show(Path dir) throws ProvenanceException {
        JsonNode meta = readMetadata(dir);
        List<X509Certificate> chain = PemFiles.readCertificates(dir.resolve(CHAIN));
        CertificateSummary root = null;
        if (Files.exists(dir.resolve(ROOT))) {
            root = CertificateSummary.of(PemFiles.readCertificates(dir.resolve(ROOT)).get(0));
        }
        boolean env = meta.path("passphrase").asText().equals("env");
        Path anchor = Files.exists(dir.resolve(TRUST_ANCHOR)) ? dir.resolve(TRUST_ANCHOR) : null;
        return new KeyInfo(dir, meta.path("origin").asText(), env ? KeyInfo.PassphraseSource.ENVIRONMENT
                : KeyInfo.PassphraseSource.GENERATED_FILE, env ? null : dir.resolve(PASSPHRASE_FILE),
                chain.stream().map(CertificateSummary::of).toList(), root, anchor, false);
    }

    /** Loads the signing credentials; {@code passphrase} is needed when the keys were created with one. */
    public static SigningCredentials load(Path dir, Passphrase passphrase) throws ProvenanceException {
        JsonNode meta = readMetadata(dir);
        boolean env = meta.path("passphrase").asText().equals("env");
        char[] pw;
        if (env) {
            if (!passphrase.isPresent()) {
                throw new ProvenanceException(Reason.BAD_PASSPHRASE, dir,
                        "the signing key is protected by a passphrase; set " + Passphrase.ENV);
            }
            pw = passphrase.chars();
        } else {
            pw = readPassphraseFile(dir.resolve(PASSPHRASE_FILE));
        }
        try {
            PrivateKey key = PemFiles.readPrivateKey(dir.resolve(KEY), pw);
            List<X509Certificate> chain = PemFiles.readCertificates(dir.resolve(CHAIN));
            return SigningCredentials.of(key, chain);
        } finally {
            Arrays.fill(pw, '\0');
        }
    }

    /** Loads the keys, creating a generated set first when {@code dir} has none ({@link KeyInfo#created()} says so). */
    public static Loaded loadOrCreate(Path dir, Passphrase passphrase, String organization) throws ProvenanceException {
        KeyInfo info;
        if (!exists(dir)) {
            info = init(dir, passphrase, organization, false);
        } else {
            info = show(dir);
        }
        return new Loaded(load(dir, passphrase), info);
    }

    // ---- files -----------------------------------------------------------------------------------------------------

    private record Secret(char[] value, boolean fromEnv) {
        char[] chars() {
            return value.clone();
        }

        void wipe() {
            Arrays.fill(value, '\0');
        }
    }

    private static Secret secret(Path dir, Passphrase passphrase) throws ProvenanceException {
        if (passphrase.isPresent()) {
            return new Secret(passphrase.chars(), true);
        }
        byte[] raw = new byte[32];
        new SecureRandom().nextBytes(raw);
        String generated = Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
        Path f = dir.resolve(PASSPHRASE_FILE);
        writeAtomically(f, (generated + "\n").getBytes(StandardCharsets.US_ASCII), true);
        return new Secret(generated.toCharArray(), false);
    }

    private static char[] readPassphraseFile(Path f) throws ProvenanceException {
        try {
            String s = Files.readString(f, StandardCharsets.US_ASCII).strip();
            if (s.isEmpty()) {
                throw new ProvenanceException(Reason.BAD_PASSPHRASE, f, "passphrase file is empty");
            }
            return s.toCharArray();
        } catch (IOException e) {
            throw new ProvenanceException(Reason.BAD_PASSPHRASE, f, "cannot read the passphrase file: " + e.getMessage());
        }
    }

    private static void write(Path dir, String name, String content, boolean secret, Map<String, String> files)
            throws ProvenanceException {
        byte[] bytes = content.getBytes(StandardCharsets.US_ASCII);
        writeAtomically(dir.resolve(name), bytes, secret);
        files.put(name, sha256(bytes));
    }

    private static void writeAtomically(Path target, byte[] bytes, boolean secret) throws ProvenanceException {
        try {
            Path tmp = Files.createTempFile(target.getParent(), "." + target.getFileName(), ".tmp");
            try {
                setMode(tmp, secret ? "rw-------" : "rw-r--r--");
                Files.write(tmp, bytes);
                try {
                    Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
                }
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            throw new ProvenanceException(Reason.WRITE_FAILED, target, "cannot write: " + e.getMessage());
        }
    }

    private static void setMode(Path p, String mode) throws IOException {
        try {
            Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(mode));
        } catch (UnsupportedOperationException ignored) {
            // non-POSIX file system
        }
    }

    private static void ensureDir(Path dir) throws ProvenanceException {
        try {
            if (!Files.isDirectory(dir)) {
                Files.createDirectories(dir);
                setMode(dir, "rwx------");
            }
        } catch (IOException e) {
            throw new ProvenanceException(Reason.WRITE_FAILED, dir, "cannot create the keys folder: " + e.getMessage());
        }
    }

    private static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException ignored) {
            // best effort
        }
    }

    private static void writeMetadata(Path dir, String origin, boolean env, Instant created, Map<String, String> files)
            throws ProvenanceException {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("format", FORMAT);
        m.put("version", VERSION);
        m.put("origin", origin);
        m.put("passphrase", env ? "env" : "file");
        m.put("created", created.toString());
        m.put("files", files);
        m.put("checksum", checksum(m));
        try {
            writeAtomically(dir.resolve(METADATA), JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(m), false);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new ProvenanceException(Reason.WRITE_FAILED, dir, "cannot encode key metadata");
        }
    }

    private static String checksum(Map<String, Object> m) {
        Map<String, Object> copy = new TreeMap<>(m);
        copy.remove("checksum");
        try {
            return sha256(JSON.writeValueAsBytes(copy));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode readMetadata(Path dir) throws ProvenanceException {
        Path f = dir.resolve(METADATA);
        if (!Files.isRegularFile(f)) {
            throw new ProvenanceException(Reason.NO_KEYS, dir, "no C2PA keys here; run `hallmark keys init`");
        }
        JsonNode n;
        try {
            if (Files.size(f) > 1 << 16) {
                throw new ProvenanceException(Reason.KEY_INVALID, f, "key metadata larger than 64 KiB");
            }
            n = JSON.readTree(Files.readAllBytes(f));
        } catch (IOException e) {
            throw new ProvenanceException(Reason.KEY_INVALID, f, "unreadable key metadata: " + e.getMessage());
        }
        if (n == null || !FORMAT.equals(n.path("format").asText())) {
            throw new ProvenanceException(Reason.KEY_INVALID, f, "not a Hallmark C2PA key metadata file");
        }
        if (n.path("version").asInt(-1) != VERSION) {
            throw new ProvenanceException(Reason.KEY_INVALID, f, "key metadata version " + n.path("version")
                    + " is not supported (this build reads version " + VERSION + ")");
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> m = JSON.convertValue(n, LinkedHashMap.class);
        if (!checksum(m).equals(n.path("checksum").asText())) {
            throw new ProvenanceException(Reason.KEY_INVALID, f, "key metadata checksum mismatch (file damaged or edited)");
        }
        var it = n.path("files").fields();
        while (it.hasNext()) {
            var e = it.next();
            Path p = dir.resolve(e.getKey()).normalize();
            if (!p.getParent().equals(dir.normalize())) {
                throw new ProvenanceException(Reason.KEY_INVALID, f, "key metadata names a file outside the folder");
            }
            if (!Files.isRegularFile(p)) {
                throw new ProvenanceException(Reason.KEY_INVALID, p, "key file missing");
            }
            if (!sha256(p).equals(e.getValue().asText())) {
                throw new ProvenanceException(Reason.KEY_INVALID, p,
                        "key file changed since it was created (checksum mismatch); restore it or run `hallmark keys init --force`");
            }
        }
        return n;
    }

    private static String sha256(Path p) throws ProvenanceException {
        try {
            return sha256(Files.readAllBytes(p));
        } catch (IOException e) {
            throw new ProvenanceException(Reason.UNREADABLE, p, "cannot read: " + e.getMessage());
        }
    }

    static String sha256(byte[] b) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** DER of a certificate (for reports). */
    static byte[] der(X509Certificate c) {
        try {
            return c.getEncoded();
        } catch (CertificateEncodingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Profile problems of a chain at the current time (empty when the leaf is fine). */
    public static List<String> profileProblems(List<X509Certificate> chain) {
        return CertificateProfile.problems(chain.stream().map(C2paKeys::der).toList(), Instant.now());
    }
}
