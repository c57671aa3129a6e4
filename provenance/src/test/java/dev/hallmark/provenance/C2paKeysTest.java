package dev.hallmark.provenance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hallmark.provenance.ProvenanceException.Reason;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class C2paKeysTest {
    @TempDir
    Path dir;

    private static final Passphrase PW = Passphrase.of("s3cret passphrase".toCharArray());

    @Test
    void initCreatesAProfileConformingHierarchyWithEncryptedKeys() throws Exception {
        Path keys = dir.resolve("keys");
        KeyInfo info = C2paKeys.init(keys, PW, "Example Org", false);
        assertThat(info.created()).isTrue();
        assertThat(info.passphraseSource()).isEqualTo(KeyInfo.PassphraseSource.ENVIRONMENT);
        assertThat(info.passphraseFile()).isNull();
        assertThat(keys.resolve(C2paKeys.PASSPHRASE_FILE)).doesNotExist();
        CertificateSummary leaf = info.chain().get(0);
        assertThat(leaf.ca()).isFalse();
        assertThat(leaf.keyAlgorithm()).isEqualTo("EC P-256");
        assertThat(leaf.extendedKeyUsages()).containsExactly("1.3.6.1.4.1.62558.2.1");
        assertThat(leaf.subject()).contains("O=Example Org");
        assertThat(info.root().ca()).isTrue();
        assertThat(info.trustAnchor()).isEqualTo(keys.resolve("trust-anchor.pem"));
        for (String f : List.of(C2paKeys.KEY, C2paKeys.ROOT_KEY)) {
            String pem = Files.readString(keys.resolve(f));
            assertThat(pem).startsWith("-----BEGIN ENCRYPTED PRIVATE KEY-----").doesNotContain("BEGIN PRIVATE KEY");
            assertThat(Files.getPosixFilePermissions(keys.resolve(f)))
                    .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
        }
        SigningCredentials creds = C2paKeys.load(keys, PW);
        assertThat(creds.toString()).doesNotContain("PRIVATE").contains("ES256");
        assertThat(C2paKeys.profileProblems(creds.chain())).isEmpty();
    }

    @Test
    void withoutAPassphraseOneIsGeneratedIntoAnOwnerOnlyFile() throws Exception {
        Path keys = dir.resolve("keys");
        KeyInfo info = C2paKeys.init(keys, Passphrase.none(), "Hallmark", false);
        assertThat(info.passphraseSource()).isEqualTo(KeyInfo.PassphraseSource.GENERATED_FILE);
        Path pf = keys.resolve(C2paKeys.PASSPHRASE_FILE);
        assertThat(info.passphraseFile()).isEqualTo(pf);
        assertThat(Files.getPosixFilePermissions(pf))
                .isEqualTo(Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE));
        assertThat(Files.readString(pf).strip()).hasSizeGreaterThanOrEqualTo(40);
        assertThat(C2paKeys.load(keys, Passphrase.none())).isNotNull();
    }

    @Test
    void wrongOrMissingPassphraseIsRefused() throws Exception {
        Path keys = dir.resolve("keys");
        C2paKeys.init(keys, PW, "Hallmark", false);
        assertThatThrownBy(() -> C2paKeys.load(keys, Passphrase.of("wrong".toCharArray())))
                .isInstanceOfSatisfying(ProvenanceException.class, e -> assertThat(e.reason()).isEqualTo(Reason.BAD_PASSPHRASE));
        assertThatThrownBy(() -> C2paKeys.load(keys, Passphrase.none()))
                .isInstanceOfSatisfying(ProvenanceException.class, e -> assertThat(e.reason()).isEqualTo(Reason.BAD_PASSPHRASE));
    }

    @Test
    void existingKeysAreNotReplacedWithoutForce() throws Exception {
        Path keys = dir.resolve("keys");
        KeyInfo first = C2paKeys.init(keys, PW, "Hallmark", false);
        assertThatThrownBy(() -> C2paKeys.init(keys, PW, "Hallmark", false))
                .isInstanceOfSatisfying(ProvenanceException.class, e -> assertThat(e.reason()).isEqualTo(Reason.KEY_INVALID));
        KeyInfo second = C2paKeys.init(keys, PW, "Hallmark", true);
        assertThat(second.chain().get(0).sha256()).isNotEqualTo(first.chain().get(0).sha256());
    }

    @Test
    void loadOrCreateSaysWhenItCreated() throws Exception {
        Path keys = dir.resolve("keys");
        assertThat(C2paKeys.loadOrCreate(keys, PW, "Hallmark").info().created()).isTrue();
        assertThat(C2paKeys.loadOrCreate(keys, PW, "Hallmark").info().created()).isFalse();
    }

    @Test
    void missingKeysAreATypedError() {
        assertThatThrownBy(() -> C2paKeys.load(dir.resolve("none"), PW))
                .isInstanceOfSatisfying(ProvenanceException.class, e -> assertThat(e.reason()).isEqualTo(Reason.NO_KEYS));
    }

    /** Seeded bit flips and truncations of every persisted key file must be detected (never a silent load). */
    @Test
    void bitFlipsAndTruncationsAreDetected() throws Exception {
        Path keys = dir.resolve("keys");
        C2paKeys.init(keys, PW, "Hallmark", false);
        long seed = System.nanoTime();
        Random rnd = new Random(seed);
        for (String name : List.of(C2paKeys.METADATA, C2paKeys.KEY, C2paKeys.CHAIN, C2paKeys.ROOT, C2paKeys.ROOT_KEY,
                C2paKeys.TRUST_ANCHOR)) {
            Path f = keys.resolve(name);
            byte[] original = Files.readAllBytes(f);
            for (int trial = 0; trial < 8; trial++) {
                byte[] b = original.clone();
                if (trial % 2 == 0) {
                    int at = rnd.nextInt(b.length);
                    b[at] ^= (byte) (1 << rnd.nextInt(8));
                } else {
                    b = java.util.Arrays.copyOf(b, rnd.nextInt(b.length));
                }
                Files.write(f, b);
                final String what = name + " trial " + trial + " (seed " + seed + ")";
                assertThatThrownBy(() -> C2paKeys.load(keys, PW)).as(what).isInstanceOf(ProvenanceException.class);
                assertThatThrownBy(() -> C2paKeys.show(keys)).as(what).isInstanceOf(ProvenanceException.class);
            }
            Files.write(f, original);
        }
        assertThat(C2paKeys.load(keys, PW)).isNotNull();
    }

    @Test
    void unknownMetadataVersionIsRefusedClearly() throws Exception {
        Path keys = dir.resolve("keys");
        C2paKeys.init(keys, PW, "Hallmark", false);
        Path meta = keys.resolve(C2paKeys.METADATA);
        Files.writeString(meta, Files.readString(meta).replace("\"version\" : 1", "\"version\" : 9"));
        assertThatThrownBy(() -> C2paKeys.load(keys, PW)).hasMessageContaining("version 9 is not supported");
    }

    @Test
    void importsACaIssuedChainThatMeetsTheProfile() throws Exception {
        Path keys = dir.resolve("imported");
        KeyInfo info = C2paKeys.importChain(keys, Fixtures.c2pa("trust/c2pa-rs_es256_chain.pem"),
                Fixtures.c2pa("trust/c2pa-rs_es256_key_TEST_ONLY.pem"), PW, false);
        assertThat(info.origin()).isEqualTo("imported");
        assertThat(info.chain().get(0).subject()).contains("CN=C2PA Signer");
        String pem = Files.readString(keys.resolve(C2paKeys.KEY));
        assertThat(pem).startsWith("-----BEGIN ENCRYPTED PRIVATE KEY-----");
        SigningCredentials creds = C2paKeys.load(keys, PW);
        // it signs files that the c2pa-rs test root anchors
        Path out = dir.resolve("imported.mp4");
        C2paSigner.create(creds, SignerOptions.of(new SoftwareAgent("Hallmark", "test")))
                .sign(Fixtures.c2pa("signed-by-c2pa-rs/faststart.mp4"), out, C2paSignerTest.spec());
        C2paReport r = ManifestVerifier.create(Fixtures.anchors()).verify(out);
        assertThat(r.state()).isEqualTo(C2paState.TRUSTED);
    }

    @Test
    void importRefusesASelfSignedLeaf() throws Exception {
        Path key = dir.resolve("k.pem");
        Files.writeString(key, Files.readString(Fixtures.c2pa("trust/c2pa-rs_es256_key_TEST_ONLY.pem")));
        assertThatThrownBy(() -> C2paKeys.importChain(dir.resolve("k"), Fixtures.c2pa("trust/generated_selfsigned_leaf.pem"),
                key, PW, false)).isInstanceOfSatisfying(ProvenanceException.class,
                        e -> assertThat(e.reason()).isIn(Reason.CERTIFICATE_PROFILE, Reason.KEY_INVALID));
    }

    @Test
    void importRefusesAKeyThatDoesNotMatch() throws Exception {
        Path other = dir.resolve("other");
        C2paKeys.init(other, PW, "Other", false);
        Path plainKey = dir.resolve("other-key.pem");
        // a matching-format but unrelated key: the root CA key of another set, decrypted
        var creds = C2paKeys.load(other, PW);
        assertThat(creds).isNotNull();
        Files.writeString(plainKey, Files.readString(Fixtures.c2pa("trust/c2pa-rs_es256_key_TEST_ONLY.pem")));
        assertThatThrownBy(() -> C2paKeys.importChain(dir.resolve("x"), other.resolve(C2paKeys.CHAIN), plainKey, PW,
                false)).isInstanceOfSatisfying(ProvenanceException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.KEY_INVALID));
    }

    @Test
    void nothingPrintsPrivateMaterial() throws Exception {
        Path keys = dir.resolve("keys");
        KeyInfo info = C2paKeys.init(keys, Passphrase.none(), "Hallmark", false);
        String secret = Files.readString(keys.resolve(C2paKeys.PASSPHRASE_FILE)).strip();
        String shown = info.toString() + C2paKeys.show(keys) + C2paKeys.load(keys, Passphrase.none());
        assertThat(shown).doesNotContain(secret).doesNotContain("PRIVATE KEY");
        assertThat(Passphrase.of(secret.toCharArray()).toString()).doesNotContain(secret);
        assertThat(new String(Files.readAllBytes(keys.resolve(C2paKeys.METADATA)), StandardCharsets.UTF_8))
                .doesNotContain(secret);
    }
}
