package dev.hallmark.watermark;

import dev.hallmark.watermark.WatermarkException.Reason;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.zip.CRC32;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Watermark keys in a folder ({@code $HALLMARK_HOME/keys/} from the CLI), one file per key, the newest being the
 * active one for embedding; every key in the folder is tried by detection, so rotating keys never orphans marked
 * clips. A key is created on first use.
 *
 * <p>Each secret is encrypted at rest with AES-256-GCM under a key derived (PBKDF2-HMAC-SHA256) from a passphrase:
 * {@code HALLMARK_KEY_PASSPHRASE} when set, otherwise a random passphrase generated once into
 * {@code watermark.passphrase} (mode 0600). Files are written 0600 and replaced atomically.
 *
 * <p>File {@code watermark-<id>.key}, big-endian:
 * <pre>
 * 0   4  magic "HMWK"
 * 4   1  format version (1)
 * 5  22  format name "hallmark.watermark.key" (ASCII)
 * 27  1  passphrase source: 1 = HALLMARK_KEY_PASSPHRASE, 2 = generated passphrase file
 * 28  8  key id (first 8 bytes of SHA-256("hallmark.watermark.key-id/1" || secret))
 * 36  8  creation time, epoch milliseconds
 * 44 16  PBKDF2 salt
 * 60  4  PBKDF2 iterations
 * 64 12  GCM nonce
 * 76 48  AES-256-GCM(secret, AAD = bytes 0..75): 32 bytes secret + 16 bytes tag
 * 124 4  CRC-32 of bytes 0..123
 * </pre>
 *
 * <p><b>Security.</b> Secrets are never printed or logged; a damaged or tampered file (CRC, GCM tag or id mismatch)
 * is refused with {@link Reason#CORRUPT_KEY}, a wrong passphrase with {@link Reason#WRONG_PASSPHRASE}.
 */
public final class WatermarkKeyStore {
    /** Environment variable holding the passphrase that protects keys at rest. */
    public static final String PASSPHRASE_ENV = "HALLMARK_KEY_PASSPHRASE";
    static final String PASSPHRASE_FILE = "watermark.passphrase";
    static final byte[] MAGIC = {'H', 'M', 'W', 'K'};
    static final byte VERSION = 1;
    static final byte[] FORMAT = "hallmark.watermark.key".getBytes(StandardCharsets.US_ASCII);
    static final int FILE_LENGTH = 128;
    static final int DEFAULT_ITERATIONS = 210_000;
    private static final byte SOURCE_ENV = 1;
    private static final byte SOURCE_FILE = 2;
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

    private final Path dir;
    private final char[] envPassphrase;
    private final int iterations;
    private final SecureRandom random;
    /**
     * Keys this store has already decrypted, by the exact bytes of their file: a PBKDF2 derivation costs tens of
     * milliseconds and the pipeline reads the keys for every clip. Memory only; a changed file is decrypted again.
     */
    private final Map<String, WatermarkKey> unlocked = new ConcurrentHashMap<>();

    private WatermarkKeyStore(Path dir, char[] envPassphrase, int iterations, SecureRandom random) {
        this.dir = dir;
        this.envPassphrase = envPassphrase;
        this.iterations = iterations;
        this.random = random;
    }

    /** The key folder, protected by {@code HALLMARK_KEY_PASSPHRASE} or a generated passphrase file. */
    public static WatermarkKeyStore open(Path dir) throws WatermarkException {
        String env = System.getenv(PASSPHRASE_ENV);
        return open(dir, env == null || env.isEmpty() ? null : env.toCharArray(), DEFAULT_ITERATIONS);
    }

    /**
     * The key folder with an explicit passphrase (null: the generated passphrase file) and PBKDF2 cost.
     */
    public static WatermarkKeyStore open(Path dir, char[] passphrase, int iterations) throws WatermarkException {
        if (iterations < 1000) {
            throw new IllegalArgumentException("PBKDF2 iterations below 1000");
        }
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new WatermarkException(Reason.KEY_STORE, dir, "cannot create the key folder (" + e.getMessage() + ")", e);
        }
        if (!Files.isDirectory(dir) || !Files.isWritable(dir)) {
            throw new WatermarkException(Reason.KEY_STORE, dir, "key folder is not a writable directory");
        }
        return new WatermarkKeyStore(dir, passphrase == null ? null : passphrase.clone(), iterations,
                new SecureRandom());
    }

    public Path directory() {
        return dir;
    }

    /** How new keys are protected, in words (never the passphrase itself). */
    public String protection() {
        return envPassphrase != null ? "AES-256-GCM, passphrase from " + PASSPHRASE_ENV
                : "AES-256-GCM, generated passphrase in " + dir.resolve(PASSPHRASE_FILE) + " (mode 0600)";
    }

    /** Every key in the folder, newest first. */
    public List<WatermarkKey> keys() throws WatermarkException {
        List<WatermarkKey> out = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, "watermark-*.key")) {
            for (Path p : ds) {
                out.add(read(p));
            }
        } catch (IOException e) {
            throw new WatermarkException(Reason.KEY_STORE, dir, "cannot list keys (" + e.getMessage() + ")", e);
        }
        out.sort(Comparator.comparing(WatermarkKey::created).reversed().thenComparing(WatermarkKey::id));
        return out;
    }

    /** The newest key, if any. */
    public Optional<WatermarkKey> active() throws WatermarkException {
        List<WatermarkKey> all = keys();
        return all.isEmpty() ? Optional.empty() : Optional.of(all.get(0));
    }

    /** The active key, creating the first one when the folder has none. */
    public synchronized KeyUse activeOrCreate() throws WatermarkException {
        Optional<WatermarkKey> a = active();
        if (a.isPresent()) {
            return new KeyUse(a.get(), false);
        }
        return new KeyUse(rotate(), true);
    }

    /** Creates a new key, which becomes the active one; older keys stay for detection. */
    public synchronized WatermarkKey rotate() throws WatermarkException {
        Instant now = Instant.now();
        List<WatermarkKey> existing = keys();
        if (!existing.isEmpty() && !now.isAfter(existing.get(0).created())) {
            now = existing.get(0).created().plusMillis(1);
        }
        WatermarkKey key = WatermarkKey.generate(random, now);
        write(key);
        return key;
    }

    /** A key and whether it was created by this call. */
    public record KeyUse(WatermarkKey key, boolean created) {
    }

    Path fileFor(String id) {
        return dir.resolve("watermark-" + id + ".key");
    }

    void write(WatermarkKey key) throws WatermarkException {
        byte source = envPassphrase != null ? SOURCE_ENV : SOURCE_FILE;
        char[] pass = passphrase(source, true);
        byte[] secret = key.secretForStorage();
        try {
            ByteBuffer b = ByteBuffer.allocate(FILE_LENGTH);
            b.put(MAGIC).put(VERSION).put(FORMAT).put(source);
            b.put(HexFormat.of().parseHex(key.id()));
            b.putLong(key.created().toEpochMilli());
            byte[] salt = new byte[16];
            random.nextBytes(salt);
            b.put(salt).putInt(iterations);
            byte[] nonce = new byte[12];
            random.nextBytes(nonce);
            b.put(nonce);
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.ENCRYPT_MODE, kek(pass, salt, iterations), new GCMParameterSpec(128, nonce));
            c.updateAAD(b.array(), 0, 76);
            byte[] ct = c.doFinal(secret);
            b.put(ct);
            CRC32 crc = new CRC32();
            crc.update(b.array(), 0, 124);
            b.putInt((int) crc.getValue());
            writeAtomically(fileFor(key.id()), b.array());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM unavailable", e);
        } finally {
            WatermarkKey.wipe(secret);
            Arrays.fill(pass, '\0');
        }
    }

    WatermarkKey read(Path file) throws WatermarkException {
        byte[] bytes;
        try {
            if (Files.size(file) != FILE_LENGTH) {
                throw new WatermarkException(Reason.CORRUPT_KEY, file, "watermark key file has the wrong length ("
                        + Files.size(file) + " bytes, expected " + FILE_LENGTH + "); restore it from a backup");
            }
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new WatermarkException(Reason.KEY_STORE, file, "cannot read key (" + e.getMessage() + ")", e);
        }
        String cacheKey = HexFormat.of().formatHex(bytes);
        WatermarkKey known = unlocked.get(cacheKey);
        if (known != null) {
            return known;
        }
        ByteBuffer b = ByteBuffer.wrap(bytes);
        byte[] magic = new byte[4];
        b.get(magic);
        if (!Arrays.equals(magic, MAGIC)) {
            throw new WatermarkException(Reason.CORRUPT_KEY, file, "not a Hallmark watermark key file");
        }
        byte version = b.get();
        if (version != VERSION) {
            throw new WatermarkException(Reason.CORRUPT_KEY, file, "watermark key format version " + version
                    + " is not supported by this Hallmark (knows version " + VERSION + ")");
        }
        CRC32 crc = new CRC32();
        crc.update(bytes, 0, 124);
        if ((int) crc.getValue() != ByteBuffer.wrap(bytes, 124, 4).getInt()) {
            throw new WatermarkException(Reason.CORRUPT_KEY, file, "watermark key file is damaged (checksum mismatch)");
        }
        byte[] format = new byte[FORMAT.length];
        b.get(format);
        if (!Arrays.equals(format, FORMAT)) {
            throw new WatermarkException(Reason.CORRUPT_KEY, file, "not a Hallmark watermark key file");
        }
        byte source = b.get();
        if (source != SOURCE_ENV && source != SOURCE_FILE) {
            throw new WatermarkException(Reason.CORRUPT_KEY, file, "unknown passphrase source " + source);
        }
        byte[] id = new byte[8];
        b.get(id);
        Instant created = Instant.ofEpochMilli(b.getLong());
        byte[] salt = new byte[16];
        b.get(salt);
        int iter = b.getInt();
        if (iter < 1000 || iter > 10_000_000) {
            throw new WatermarkException(Reason.CORRUPT_KEY, file, "implausible PBKDF2 iteration count " + iter);
        }
        byte[] nonce = new byte[12];
        b.get(nonce);
        byte[] ct = new byte[48];
        b.get(ct);
        char[] pass = passphrase(source, false);
        byte[] secret = null;
        try {
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.DECRYPT_MODE, kek(pass, salt, iter), new GCMParameterSpec(128, nonce));
            c.updateAAD(bytes, 0, 76);
            secret = c.doFinal(ct);
            WatermarkKey key = WatermarkKey.fromSecret(secret, created);
            if (!key.id().equals(HexFormat.of().formatHex(id))) {
                throw new WatermarkException(Reason.CORRUPT_KEY, file, "key id does not match the secret");
            }
            unlocked.put(cacheKey, key);
            return key;
        } catch (AEADBadTagException e) {
            throw new WatermarkException(Reason.WRONG_PASSPHRASE, file, source == SOURCE_ENV
                    ? "cannot decrypt the watermark key: wrong " + PASSPHRASE_ENV + " (or the file was altered)"
                    : "cannot decrypt the watermark key with " + PASSPHRASE_FILE + " (or the file was altered)");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM unavailable", e);
        } finally {
            WatermarkKey.wipe(secret);
            Arrays.fill(pass, '\0');
        }
    }

    private char[] passphrase(byte source, boolean create) throws WatermarkException {
        if (source == SOURCE_ENV) {
            if (envPassphrase == null) {
                throw new WatermarkException(Reason.WRONG_PASSPHRASE, dir,
                        "watermark keys here are protected by " + PASSPHRASE_ENV + "; set it to read them");
            }
            return envPassphrase.clone();
        }
        Path f = dir.resolve(PASSPHRASE_FILE);
        try {
            if (!Files.exists(f)) {
                if (!create) {
                    throw new WatermarkException(Reason.WRONG_PASSPHRASE, f,
                            "passphrase file missing; watermark keys in " + dir + " cannot be decrypted");
                }
                byte[] raw = new byte[32];
                random.nextBytes(raw);
                byte[] text = HexFormat.of().formatHex(raw).getBytes(StandardCharsets.US_ASCII);
                try {
                    writeNew(f, text);
                } catch (FileAlreadyExistsException raced) {
                    // another process created it first: use theirs
                }
            }
            String s = Files.readString(f, StandardCharsets.US_ASCII).strip();
            if (s.length() < 32) {
                throw new WatermarkException(Reason.CORRUPT_KEY, f, "passphrase file is damaged (too short)");
            }
            return s.toCharArray();
        } catch (IOException e) {
            throw new WatermarkException(Reason.KEY_STORE, f, "cannot use the passphrase file (" + e.getMessage() + ")",
                    e);
        }
    }

    private static SecretKeySpec kek(char[] pass, byte[] salt, int iterations) throws GeneralSecurityException {
        SecretKeyFactory f = SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256");
        PBEKeySpec spec = new PBEKeySpec(pass, salt, iterations, 256);
        try {
            return new SecretKeySpec(f.generateSecret(spec).getEncoded(), "AES");
        } finally {
            spec.clearPassword();
        }
    }

    private static void writeNew(Path f, byte[] data) throws IOException {
        try {
            Files.createFile(f, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
        } catch (UnsupportedOperationException e) {
            Files.createFile(f);
        }
        Files.write(f, data, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
    }

    private static void writeAtomically(Path target, byte[] data) throws WatermarkException {
        Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
        try {
            Files.deleteIfExists(tmp);
            writeNew(tmp, data);
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException ignored) {
                // nothing more to do
            }
            throw new WatermarkException(Reason.KEY_STORE, target, "cannot write key (" + e.getMessage() + ")", e);
        }
    }
}
