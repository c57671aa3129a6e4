package dev.hallmark.registry.note;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.util.Arrays;
import java.util.Base64;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** C2SP signed-note and tlog-checkpoint, checked byte for byte against the Go reference example (see vectors/README.md). */
class SignedNoteTest {
    static final String VKEY = "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW";
    static final String SKEY = "PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz";
    static final String TEXT = "If you think cryptography is the answer to your problem,\nthen you don't know what your problem is.\n";
    static final String NOTE = TEXT + "\n\u2014 PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n";

    private static byte[] seed() {
        String b64 = SKEY.substring(SKEY.indexOf("c74f20a3+") + 9); // key material may contain "+"
        byte[] k = Base64.getDecoder().decode(b64);
        assertThat(k[0]).isEqualTo((byte) 1);
        return Arrays.copyOfRange(k, 1, 33);
    }

    @Test
    void parsesTheReferenceVerifierKeyAndRecomputesItsId() throws Exception {
        NoteVerifier v = NoteVerifier.parse(VKEY);
        assertThat(v.name()).isEqualTo("PeterNeumann");
        assertThat(Integer.toHexString(v.keyId())).isEqualTo("c74f20a3");
        assertThat(v.vkey()).isEqualTo(VKEY);
    }

    @Test
    void signsTheReferenceNoteByteForByte() throws Exception {
        NoteVerifier v = NoteVerifier.parse(VKEY);
        NoteSigner s = new NoteSigner("PeterNeumann", seed(), v.publicKey());
        assertThat(s.sign(TEXT)).isEqualTo(NOTE);
    }

    @Test
    void verifiesTheReferenceNoteAndRejectsAnyChange() throws Exception {
        NoteVerifier v = NoteVerifier.parse(VKEY);
        assertThat(SignedNote.parse(NOTE).verify(v)).isEqualTo(SignedNote.Verification.VALID);
        assertThat(SignedNote.parse(NOTE.replace("cryptography", "cryptographY")).verify(v))
                .isEqualTo(SignedNote.Verification.BAD_SIGNATURE);
        NoteVerifier other = new NoteVerifier("PeterNeumann", Ed25519Keys.rawPublic(Ed25519Keys.generate().getPublic()));
        assertThat(SignedNote.parse(NOTE).verify(other)).isEqualTo(SignedNote.Verification.NO_SIGNATURE_FOR_KEY);
    }

    @Test
    void everyFlippedBitOfTheNoteIsRejectedOrUnparseable() throws Exception {
        long seed = new Random().nextLong();
        System.out.println("SignedNoteTest seed " + seed);
        Random rnd = new Random(seed);
        NoteVerifier v = NoteVerifier.parse(VKEY);
        byte[] b = NOTE.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < b.length; i++) {
            byte[] c = b.clone();
            c[i] ^= (byte) (1 << rnd.nextInt(8));
            boolean accepted;
            try {
                accepted = SignedNote.parse(c).verify(v) == SignedNote.Verification.VALID;
            } catch (IllegalArgumentException e) {
                accepted = false;
            }
            assertThat(accepted).as("seed %d, flipped byte %d", seed, i).isFalse();
        }
    }

    @Test
    void rejectsManglementsOfTheVerifierKey() {
        assertThatThrownBy(() -> NoteVerifier.parse("PeterNeumann+c74f20a4+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW"))
                .isInstanceOf(GeneralSecurityException.class);
        assertThatThrownBy(() -> NoteVerifier.parse("PeterNeumann+c74f20a3+AhpcQcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW"))
                .isInstanceOf(GeneralSecurityException.class);
        assertThatThrownBy(() -> NoteVerifier.parse("Peter Neumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW"))
                .isInstanceOf(GeneralSecurityException.class);
        for (int i = 1; i < VKEY.length(); i++) {
            String cut = VKEY.substring(0, i);
            assertThatThrownBy(() -> NoteVerifier.parse(cut)).as(cut).isInstanceOf(GeneralSecurityException.class);
        }
    }

    @Test
    void checkpointBodyRoundTripsAndIsStrict() throws Exception {
        byte[] root = new byte[32];
        root[0] = 7;
        TlogCheckpoint c = new TlogCheckpoint("example.com/log", 42, root);
        assertThat(c.text()).isEqualTo("example.com/log\n42\n" + Base64.getEncoder().encodeToString(root) + "\n");
        TlogCheckpoint back = TlogCheckpoint.parse(c.text());
        assertThat(back.size()).isEqualTo(42);
        assertThat(back.rootHash()).isEqualTo(root);
        assertThat(TlogCheckpoint.parse(c.text() + "extension line\n").size()).isEqualTo(42);
        assertThatThrownBy(() -> TlogCheckpoint.parse("o\n042\n" + Base64.getEncoder().encodeToString(root) + "\n"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> TlogCheckpoint.parse("o\n42\nAAAA\n")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> TlogCheckpoint.parse("o\n-1\n" + Base64.getEncoder().encodeToString(root) + "\n"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void ourOwnKeysSignCheckpointsThatVerify() throws Exception {
        KeyPair kp = Ed25519Keys.generate();
        NoteSigner s = new NoteSigner("hallmark.registry/test", Ed25519Keys.seed(kp.getPrivate()), Ed25519Keys.rawPublic(kp.getPublic()));
        String note = s.sign(new TlogCheckpoint("hallmark.registry/test", 3, new byte[32]).text());
        assertThat(SignedNote.parse(note).verify(NoteVerifier.parse(s.verifier().vkey()))).isEqualTo(SignedNote.Verification.VALID);
        KeyPair other = Ed25519Keys.generate();
        assertThatThrownBy(() -> new NoteSigner("x", Ed25519Keys.seed(other.getPrivate()), Ed25519Keys.rawPublic(kp.getPublic())))
                .isInstanceOf(GeneralSecurityException.class);
    }
}
