package dev.hallmark.registry.keys;

import dev.hallmark.registry.RegistryException;
import dev.hallmark.registry.RegistryException.Reason;
import dev.hallmark.registry.internal.AtomicFiles;
import dev.hallmark.registry.internal.Bytes;
import dev.hallmark.registry.note.Ed25519Keys;
import dev.hallmark.registry.note.NoteSigner;
import dev.hallmark.registry.note.NoteVerifier;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.Set;
import java.util.function.Supplier;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The registry log's keys, kept in the keys folder: the Ed25519 checkpoint-signing key and the 256-bit key-encryption
 * key (KEK) that wraps every per-record key. Both are stored in one file, {@code registry-log.key}, encrypted at rest
 * with AES-256-GCM under a key derived (PBKDF2-HMAC-SHA256) from a passphrase:
 * <ul>
 *   <li>{@code HALLMARK_KEY_PASSPHRASE} when that environment variable is set at creation (600,000 iterations); the
 *       same variable must then be set every time the registry is opened;</li>
 *   <li>otherwise a generated 256-bit passphrase in {@code registry-log.passphrase} (owner-only permissions,
 *       refused if group or others can read it).</li>
 * </ul>
 * The public verifier key is also written in clear to {@code registry-log.pub} (C2SP vkey form).
 *
 * <p>Layout of {@code registry-log.key} (big-endian):
 * <pre>
 *  0   8  magic "HMLOGKEY"
 *  8   2  format version (1)
 * 10   1  passphrase source: 1 = HALLMARK_KEY_PASSPHRASE, 2 = registry-log.passphrase
 * 11   1  KDF: 1 = PBKDF2-HMAC-SHA256
 * 12   4  KDF iterations
 * 16  16  KDF salt
 * 32  12  AES-GCM nonce
 * 44   2  origin length n (UTF-8)
 * 46   n  origin (the log's name, also the signature key name)
 * ..   4  ciphertext length m
 * ..   m  AES-256-GCM(seed[32] || public key[32] || KEK[32]), AAD = every byte before the ciphertext
 * ..   4  CRC32C of every byte before
 * </pre>
 *
 * <p>Security: the private key and the KEK are never printed or logged; a wrong passphrase, a damaged file or a file
 * whose public key does not match its private key is refused ({@link Reason#KEY_UNAVAILABLE} / {@link Reason#CORRUPT}).
 */
public final class LogKeys {
    public static final String KEY_FILE = "registry-log.key";
    public static final String PUB_FILE = "registry-log.pub";
    public static final String PASSPHRASE_FILE = "registry-log.passphrase";
    public static final String PASSPHRASE_ENV = "HALLMARK_KEY_PASSPHRASE";
    /** PBKDF2 iterations for a human passphrase (OWASP 2023 for PBKDF2-HMAC-SHA256). */
    public static final int ITERATIONS_ENV = 600_000;
    /**
     * PBKDF2 iterations for the generated 256-bit passphrase: its entropy, not the KDF's work factor, protects it, so a
     * token count keeps opening fast.
     */
    public static final int ITERATIONS_FILE = 1_000;

    private static final byte[] MAGIC = "HMLOGKEY".getBytes(StandardCharsets.US_ASCII);
    private static final int VERSION = 1;
    private static final byte SOURCE_ENV = 1;
    private static final byte SOURCE_FILE = 2;

    private final String origin;
    private final NoteSigner signer;
    private final byte[] kek;

    private LogKeys(String origin, NoteSigner signer, byte[] kek) {
        this.origin = origin;
        this.signer = signer;
        this.kek = kek;
    }

    public String origin() {
        return origin;
    }

    public NoteSigner signer() {
        return signer;
    }

    public NoteVerifier verifier() {
        return signer.verifier();
    }

    /** The record key-encryption key (a copy). */
    public byte[] kek() {
        return kek.clone();
    }

    /** True if the keys folder holds a registry log key. */
    public static boolean exists(Path keysDir) {
        return Files.exists(keysDir.resolve(KEY_FILE));
    }

    /**
     * Loads the log key from {@code keysDir}, creating it (with {@code originIfNew}) if there is none.
     *
     * @param passphrase supplies {@code HALLMARK_KEY_PASSPHRASE} (null or empty when unset)
     */
    public static LogKeys loadOrCreate(Path keysDir, String originIfNew, Supplier<char[]> passphrase) throws RegistryException {
        Path keyFile = keysDir.resolve(KEY_FILE);
        if (!Files.exists(keyFile)) {
            create(keysDir, originIfNew, passphrase.get());
        }
        return load(keysDir, passphrase);
    }

    /** Loads an existing log key. */
    public static LogKeys load(Path keysDir, Supplier<char[]> passphrase) throws RegistryException {
        Path keyFile = keysDir.resolve(KEY_FILE);
        byte[] all;
        try {
            all = Files.readAllBytes(keyFile);
        } catch (IOException e) {
            throw new RegistryException(Reason.KEY_UNAVAILABLE, keyFile, "cannot read the registry log key (" + e.getMessage() + ")", e);
        }
        if (all.length < 64 || all.length > 4096) {
            throw new RegistryException(Reason.CORRUPT, keyFile, "key file has an impossible size (" + all.length + " bytes)");
        }
        int crc = ByteBuffer.wrap(all, all.length - 4, 4).getInt();
        if (crc != Bytes.crc32c(all, 0, all.length - 4)) {
            throw new RegistryException(Reason.CORRUPT, keyFile, "key file checksum mismatch (damaged); restore it from a backup");
        }
        ByteBuffer b = ByteBuffer.wrap(all, 0, all.length - 4);
        byte[] magic = new byte[8];
        b.get(magic);
        if (!Arrays.equals(magic, MAGIC)) {
            throw new RegistryException(Reason.CORRUPT, keyFile, "not a Hallmark registry log key (bad magic)");
        }
        int version = b.getShort() & 0xFFFF;
        if (version != VERSION) {
            throw new RegistryException(Reason.UNSUPPORTED_VERSION, keyFile, "key file version " + version + " is not supported (expected 1)");
        }
        byte source = b.get();
        byte kdf = b.get();
        int iterations = b.getInt();
        byte[] salt = new byte[16];
        b.get(salt);
        byte[] nonce = new byte[12];
        b.get(nonce);
        int originLen = b.getShort() & 0xFFFF;
        if (kdf != 1 || iterations < 1 || originLen < 1 || originLen > 512 || b.remaining() < originLen + 4) {
            throw new RegistryException(Reason.CORRUPT, keyFile, "key file header is inconsistent");
        }
        byte[] originBytes = new byte[originLen];
        b.get(originBytes);
        int ctLen = b.getInt();
        if (ctLen != b.remaining() || ctLen != 96 + 16) {
            throw new RegistryException(Reason.CORRUPT, keyFile, "key file ciphertext length is wrong");
        }
        int aadLen = b.position();
        byte[] ct = new byte[ctLen];
        b.get(ct);
        char[] pass = switch (source) {
            case SOURCE_ENV -> {
                char[] p = passphrase.get();
                if (p == null || p.length == 0) {
                    throw new RegistryException(Reason.KEY_UNAVAILABLE, keyFile,
                            "this key is protected by " + PASSPHRASE_ENV + ", which is not set; set it to the passphrase used when the key was created");
                }
                yield p.clone();
            }
            case SOURCE_FILE -> readPassphraseFile(keysDir.resolve(PASSPHRASE_FILE));
            default -> throw new RegistryException(Reason.CORRUPT, keyFile, "unknown passphrase source " + source);
        };
        byte[] plain;
        try {
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.DECRYPT_MODE, derive(pass, salt, iterations), new GCMParameterSpec(128, nonce));
            c.updateAAD(all, 0, aadLen);
            plain = c.doFinal(ct);
        } catch (AEADBadTagException e) {
            throw new RegistryException(Reason.KEY_UNAVAILABLE, keyFile, source == SOURCE_ENV
                    ? "wrong " + PASSPHRASE_ENV + " (or the key file was altered)"
                    : "the passphrase in " + PASSPHRASE_FILE + " does not open this key (or the key file was altered)");
        } catch (GeneralSecurityException e) {
            throw new RegistryException(Reason.KEY_UNAVAILABLE, keyFile, "cannot decrypt the key: " + e.getMessage(), e);
        } finally {
            Arrays.fill(pass, '\0');
        }
        String origin = new String(originBytes, StandardCharsets.UTF_8);
        try {
            NoteSigner signer = new NoteSigner(origin, Arrays.copyOfRange(plain, 0, 32), Arrays.copyOfRange(plain, 32, 64));
            return new LogKeys(origin, signer, Arrays.copyOfRange(plain, 64, 96));
        } catch (GeneralSecurityException e) {
            throw new RegistryException(Reason.CORRUPT, keyFile, "the stored key pair is inconsistent: " + e.getMessage());
        } finally {
            Arrays.fill(plain, (byte) 0);
        }
    }

    private static char[] readPassphraseFile(Path file) throws RegistryException {
        try {
            try {
                Set<PosixFilePermission> perms = Files.getPosixFilePermissions(file);
                if (perms.contains(PosixFilePermission.GROUP_READ) || perms.contains(PosixFilePermission.OTHERS_READ)
                        || perms.contains(PosixFilePermission.GROUP_WRITE) || perms.contains(PosixFilePermission.OTHERS_WRITE)) {
                    throw new RegistryException(Reason.KEY_UNAVAILABLE, file,
                            "passphrase file is readable by other users; run chmod 600 on it");
                }
            } catch (UnsupportedOperationException ignored) {
                // non-POSIX file system
            }
            if (Files.size(file) > 1024) {
                throw new RegistryException(Reason.KEY_UNAVAILABLE, file, "passphrase file is too large");
            }
            String s = Files.readString(file, StandardCharsets.UTF_8);
            // exactly one line, no other whitespace: a damaged file must not silently yield the same passphrase
            if (!s.endsWith("\n") || s.length() < 2 || s.substring(0, s.length() - 1).chars().anyMatch(c -> c < 0x21 || c == 0x7f)) {
                throw new RegistryException(Reason.KEY_UNAVAILABLE, file, "passphrase file is malformed (expected one line of printable text)");
            }
            return s.substring(0, s.length() - 1).toCharArray();
        } catch (IOException e) {
            throw new RegistryException(Reason.KEY_UNAVAILABLE, file,
                    "cannot read the generated passphrase (" + e.getMessage() + "); set " + PASSPHRASE_ENV + " if the key was created with it", e);
        }
    }

    private static void create(Path keysDir, String origin, char[] envPassphrase) throws RegistryException {
        Path keyFile = keysDir.resolve(KEY_FILE);
        try {
            AtomicFiles.ensureDirectory(keysDir);
            SecureRandom rnd = new SecureRandom();
            boolean fromEnv = envPassphrase != null && envPassphrase.length > 0;
            char[] pass;
            if (fromEnv) {
                pass = envPassphrase;
            } else {
                byte[] raw = new byte[32];
                rnd.nextBytes(raw);
                String p = Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
                AtomicFiles.write(keysDir.resolve(PASSPHRASE_FILE), (p + "\n").getBytes(StandardCharsets.US_ASCII), true);
                pass = p.toCharArray();
            }
            int iterations = fromEnv ? ITERATIONS_ENV : ITERATIONS_FILE;
            KeyPair kp = Ed25519Keys.generate();
            byte[] seed = Ed25519Keys.seed(kp.getPrivate());
            byte[] pub = Ed25519Keys.rawPublic(kp.getPublic());
            byte[] kek = new byte[32];
            rnd.nextBytes(kek);
            byte[] salt = new byte[16];
            rnd.nextBytes(salt);
            byte[] nonce = new byte[12];
            rnd.nextBytes(nonce);
            byte[] originBytes = origin.getBytes(StandardCharsets.UTF_8);
            ByteBuffer head = ByteBuffer.allocate(46 + originBytes.length + 4);
            head.put(MAGIC).putShort((short) VERSION).put(fromEnv ? SOURCE_ENV : SOURCE_FILE).put((byte) 1)
                    .putInt(iterations).put(salt).put(nonce).putShort((short) originBytes.length).put(originBytes)
                    .putInt(96 + 16);
            byte[] plain = new byte[96];
            System.arraycopy(seed, 0, plain, 0, 32);
            System.arraycopy(pub, 0, plain, 32, 32);
            System.arraycopy(kek, 0, plain, 64, 32);
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.ENCRYPT_MODE, derive(pass, salt, iterations), new GCMParameterSpec(128, nonce));
            c.updateAAD(head.array());
            byte[] ct = c.doFinal(plain);
            Arrays.fill(plain, (byte) 0);
            Arrays.fill(seed, (byte) 0);
            Arrays.fill(kek, (byte) 0);
            ByteBuffer file = ByteBuffer.allocate(head.capacity() + ct.length + 4);
            file.put(head.array()).put(ct);
            file.putInt(Bytes.crc32c(file.array(), 0, file.position()));
            AtomicFiles.write(keyFile, file.array(), true);
            NoteVerifier v = new NoteVerifier(origin, pub);
            AtomicFiles.write(keysDir.resolve(PUB_FILE), (v.vkey() + "\n").getBytes(StandardCharsets.UTF_8), false);
        } catch (IOException e) {
            throw new RegistryException(Reason.WRITE_FAILED, keyFile, "cannot create the registry log key: " + e.getMessage(), e);
        } catch (GeneralSecurityException e) {
            throw new RegistryException(Reason.KEY_UNAVAILABLE, keyFile, "cannot create the registry log key: " + e.getMessage(), e);
        }
    }

    private static SecretKeySpec derive(char[] pass, byte[] salt, int iterations) throws GeneralSecurityException {
        PBEKeySpec spec = new PBEKeySpec(pass, salt, iterations, 256);
        try {
            byte[] k = SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
            return new SecretKeySpec(k, "AES");
        } finally {
            spec.clearPassword();
        }
    }

    @Override
    public String toString() {
        return "LogKeys[" + signer.verifier().vkey() + "]";
    }
}
