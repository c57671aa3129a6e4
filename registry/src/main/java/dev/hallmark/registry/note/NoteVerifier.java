package dev.hallmark.registry.note;

import dev.hallmark.registry.internal.Bytes;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.Signature;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;

/**
 * An Ed25519 signed-note verifier key (C2SP signed-note): a key name, the 4-byte key id
 * {@code SHA-256(name || 0x0A || 0x01 || pubkey)[:4]} and the 32-byte public key. Its text form ("vkey") is
 * {@code <name>+<hex key id>+<base64(0x01 || pubkey)>}.
 *
 * <p>Security: the key id in a vkey is recomputed and must match; names may not contain whitespace or '+'.
 */
public final class NoteVerifier {
    /** Signature type byte of plain Ed25519 in signed notes. */
    public static final byte ALG_ED25519 = 0x01;

    private final String name;
    private final byte[] publicKey;
    private final int keyId;
    private final PublicKey jcaKey;

    public NoteVerifier(String name, byte[] rawPublicKey) throws GeneralSecurityException {
        if (!validName(name)) {
            throw new GeneralSecurityException("invalid key name: must be non-empty UTF-8 without spaces or '+'");
        }
        this.name = name;
        this.publicKey = rawPublicKey.clone();
        this.jcaKey = Ed25519Keys.publicKey(rawPublicKey);
        this.keyId = keyId(name, rawPublicKey);
    }

    /** Parses a vkey {@code name+hexid+base64key}; fails if malformed or the key id does not match. */
    public static NoteVerifier parse(String vkey) throws GeneralSecurityException {
        if (vkey == null) {
            throw new GeneralSecurityException("no verifier key");
        }
        String v = vkey.strip();
        // names and key ids contain no '+'; the base64 key material may, so split on the first two
        int first = v.indexOf('+');
        int second = first < 0 ? -1 : v.indexOf('+', first + 1);
        if (first <= 0 || second < 0) {
            throw new GeneralSecurityException("malformed verifier key: expected name+keyid+key");
        }
        String name = v.substring(0, first);
        String hexId = v.substring(first + 1, second);
        String b64 = v.substring(second + 1);
        if (hexId.length() != 8 || !hexId.chars().allMatch(c -> (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
            throw new GeneralSecurityException("malformed verifier key id '" + hexId + "'");
        }
        byte[] key;
        try {
            key = Base64.getDecoder().decode(b64);
        } catch (IllegalArgumentException e) {
            throw new GeneralSecurityException("malformed verifier key material (not base64)");
        }
        if (key.length != 33 || key[0] != ALG_ED25519) {
            throw new GeneralSecurityException("verifier key is not an Ed25519 key (type byte or length)");
        }
        if (!Base64.getEncoder().encodeToString(key).equals(b64)) {
            throw new GeneralSecurityException("verifier key material is not canonical base64");
        }
        NoteVerifier nv = new NoteVerifier(name, Arrays.copyOfRange(key, 1, 33));
        if (nv.keyId != (int) Long.parseLong(hexId, 16)) {
            throw new GeneralSecurityException("verifier key id does not match the key");
        }
        return nv;
    }

    static boolean validName(String name) {
        if (name == null || name.isEmpty()) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c == '+' || Character.isWhitespace(c) || Character.isISOControl(c) || Character.isSpaceChar(c)) {
                return false;
            }
        }
        return true;
    }

    /** SHA-256(name || '\n' || 0x01 || key)[:4] as a big-endian int. */
    public static int keyId(String name, byte[] rawPublicKey) {
        MessageDigest md = Bytes.sha256();
        md.update(name.getBytes(StandardCharsets.UTF_8));
        md.update((byte) '\n');
        md.update(ALG_ED25519);
        md.update(rawPublicKey);
        return ByteBuffer.wrap(md.digest(), 0, 4).getInt();
    }

    public String name() {
        return name;
    }

    public int keyId() {
        return keyId;
    }

    public byte[] publicKey() {
        return publicKey.clone();
    }

    /** The vkey text. */
    public String vkey() {
        byte[] k = new byte[33];
        k[0] = ALG_ED25519;
        System.arraycopy(publicKey, 0, k, 1, 32);
        return name + "+" + HexFormat.of().toHexDigits(keyId) + "+" + Base64.getEncoder().encodeToString(k);
    }

    /** True if {@code sig} is a valid Ed25519 signature of {@code message} by this key. */
    public boolean verify(byte[] message, byte[] sig) {
        if (sig.length != 64) {
            return false;
        }
        try {
            Signature s = Signature.getInstance("Ed25519");
            s.initVerify(jcaKey);
            s.update(message);
            return s.verify(sig);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    @Override
    public String toString() {
        return vkey();
    }
}
