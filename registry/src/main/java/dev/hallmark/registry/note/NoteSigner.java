package dev.hallmark.registry.note;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Signature;
import java.util.Base64;

/**
 * Signs notes (C2SP signed-note) with an Ed25519 key through the JDK's built-in provider.
 *
 * <p>Security: holds the private key in memory only; {@link #toString()} never prints it.
 */
public final class NoteSigner {
    private final NoteVerifier verifier;
    private final PrivateKey key;

    public NoteSigner(String name, byte[] seed, byte[] rawPublicKey) throws GeneralSecurityException {
        this.verifier = new NoteVerifier(name, rawPublicKey);
        this.key = Ed25519Keys.privateKey(seed);
        // refuse a seed that does not belong to the public key: sign and verify a probe
        byte[] probe = "hallmark key check\n".getBytes(StandardCharsets.UTF_8);
        if (!verifier.verify(probe, rawSign(probe))) {
            throw new GeneralSecurityException("private key does not match public key");
        }
    }

    public NoteVerifier verifier() {
        return verifier;
    }

    /** Signs {@code text} (which must end in a newline) and returns the complete signed note. */
    public String sign(String text) {
        SignedNote.checkText(text);
        byte[] sig = rawSign(text.getBytes(StandardCharsets.UTF_8));
        ByteBuffer b = ByteBuffer.allocate(4 + sig.length);
        b.putInt(verifier.keyId()).put(sig);
        return text + "\n" + SignedNote.DASH + " " + verifier.name() + " " + Base64.getEncoder().encodeToString(b.array()) + "\n";
    }

    private byte[] rawSign(byte[] msg) {
        try {
            Signature s = Signature.getInstance("Ed25519");
            s.initSign(key);
            s.update(msg);
            return s.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Ed25519 signing failed", e);
        }
    }

    @Override
    public String toString() {
        return "NoteSigner[" + verifier.vkey() + "]";
    }
}
