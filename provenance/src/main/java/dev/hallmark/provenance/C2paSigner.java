package dev.hallmark.provenance;

import dev.hallmark.media.MediaException;
import dev.hallmark.media.bmff.BmffRewriter;
import dev.hallmark.media.bmff.Box;
import dev.hallmark.media.bmff.Layout;
import dev.hallmark.provenance.ProvenanceException.Reason;
import dev.hallmark.provenance.c2pa.BmffStreamHasher;
import dev.hallmark.provenance.c2pa.Labels;
import dev.hallmark.provenance.c2pa.ManifestBuilder;
import dev.hallmark.provenance.tsa.Rfc3161Client;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.HexFormat;
import java.util.Objects;

/**
 * Signs MP4/MOV files with a C2PA manifest (claim v2, {@code c2pa.hash.bmff.v3}, {@code c2pa.actions.v2}, latent
 * disclosure, optional soft bindings and RFC 3161 {@code sigTst2}), placeholder-then-patch:
 * <ol>
 *   <li>build the manifest with a zero hash and a dummy signature padded to its reserved size;</li>
 *   <li>write the output once with {@link BmffRewriter} (box inserted after {@code ftyp}, {@code stco}/{@code co64},
 *       {@code tfhd}, {@code tfra} offsets moved), hashing every box as it is written;</li>
 *   <li>sign the claim over that hash and overwrite the placeholder in place (same size: COSE {@code pad}).</li>
 * </ol>
 * The media data is read once, streamed, never buffered whole. The output appears at its path only when complete.
 *
 * <p>Security: credentials are checked against the C2PA profile when loaded ({@link SigningCredentials#of}); the
 * private key never leaves them.
 */
public final class C2paSigner implements ManifestSigner {
    private final SigningCredentials credentials;
    private final SignerOptions options;
    private final Rfc3161Client tsa;

    private C2paSigner(SigningCredentials credentials, SignerOptions options) {
        this.credentials = Objects.requireNonNull(credentials);
        this.options = Objects.requireNonNull(options);
        this.tsa = options.tsaUrl() == null ? null : new Rfc3161Client(options.tsaUrl(), options.tsaTimeout());
    }

    public static C2paSigner create(SigningCredentials credentials, SignerOptions options) {
        return new C2paSigner(credentials, options);
    }

    /** A signer from the keys in {@code keysDir} (which must exist; see {@link C2paKeys#loadOrCreate}). */
    public static C2paSigner fromKeys(Path keysDir, Passphrase passphrase, SignerOptions options)
            throws ProvenanceException {
        return new C2paSigner(C2paKeys.load(keysDir, passphrase), options);
    }

    public SigningCredentials credentials() {
        return credentials;
    }

    @Override
    public SignResult sign(Path in, Path out, ManifestSpec spec) throws ProvenanceException {
        Objects.requireNonNull(spec, "spec");
        Path target = out.toAbsolutePath().normalize();
        try {
            if (Files.exists(target) && Files.isSameFile(in, target)) {
                throw new ProvenanceException(Reason.WRITE_FAILED, out, "output must differ from the input");
            }
        } catch (IOException e) {
            throw new ProvenanceException(Reason.WRITE_FAILED, out, "cannot check the output path: " + e.getMessage());
        }
        if (!Files.isRegularFile(in)) {
            throw new ProvenanceException(Reason.UNREADABLE, in, "no such file");
        }
        BmffRewriter rewriter;
        try {
            rewriter = BmffRewriter.open(in);
        } catch (MediaException e) {
            throw mapped(e, in);
        }
        Box first = rewriter.tree().topLevel().get(0);
        if (!first.type().equals("ftyp")) {
            throw new ProvenanceException(Reason.UNSUPPORTED, in, "ISO-BMFF file does not start with 'ftyp' (found '"
                    + first.type() + "'); C2PA readers require it");
        }
        ManifestBuilder builder = new ManifestBuilder(spec, options.claimGenerator(), credentials, tsa);
        byte[] placeholder = builder.placeholder();
        BmffStreamHasher hasher = new BmffStreamHasher();
        Path dir = target.getParent();
        Path tmp;
        try {
            tmp = Files.createTempFile(dir, "." + target.getFileName() + ".", ".part");
            try {
                Files.setPosixFilePermissions(tmp, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
            } catch (UnsupportedOperationException ignored) {
                // non-POSIX file system
            }
        } catch (IOException e) {
            throw new ProvenanceException(Reason.WRITE_FAILED, out, "cannot create a file beside the output: "
                    + e.getMessage());
        }
        boolean done = false;
        try {
            Layout layout;
            try {
                layout = rewriter.insertAfterFtyp(placeholder, Labels.BMFF_UUID).listener(hasher).write(tmp);
            } catch (MediaException e) {
                throw mapped(e, e.reason() == MediaException.Reason.WRITE_FAILED ? out : in);
            }
            if (layout.insertedSize() != placeholder.length) {
                throw new IllegalStateException("rewriter placed " + layout.insertedSize() + " bytes, expected "
                        + placeholder.length);
            }
            byte[] hash = hasher.digest();
            byte[] box = builder.signed(hash, placeholder.length);
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                ByteBuffer b = ByteBuffer.wrap(box);
                long p = layout.insertedOffset();
                while (b.hasRemaining()) {
                    p += ch.write(b, p);
                }
            }
            // no fsync of the whole output: the input is never touched and the rename below is atomic, so a crash
            // leaves either the old target or the complete new file (the file system orders data before rename)
            try {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
            done = true;
            return new SignResult(target, builder.manifestLabel(), builder.instanceId(), layout.insertedOffset(),
                    layout.insertedSize(), layout.fileSize(), HexFormat.of().formatHex(hash), tsa != null);
        } catch (IOException e) {
            throw new ProvenanceException(Reason.WRITE_FAILED, out, "cannot write: " + e.getMessage(), e);
        } finally {
            hasher.close();
            if (!done) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // best effort
                }
            }
        }
    }

    private static ProvenanceException mapped(MediaException e, Path file) {
        Reason r = switch (e.reason()) {
            case LIMIT_EXCEEDED -> Reason.LIMIT_EXCEEDED;
            case UNREADABLE -> Reason.UNREADABLE;
            case UNSUPPORTED -> Reason.UNSUPPORTED;
            case WRITE_FAILED -> Reason.WRITE_FAILED;
            default -> Reason.MALFORMED;
        };
        return new ProvenanceException(r, file, e.detail(), e);
    }
}
