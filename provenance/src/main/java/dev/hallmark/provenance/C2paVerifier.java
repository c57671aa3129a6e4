package dev.hallmark.provenance;

import dev.hallmark.provenance.ProvenanceException.Reason;
import dev.hallmark.provenance.c2pa.AssetReader;
import dev.hallmark.provenance.c2pa.BmffHashCheck;
import dev.hallmark.provenance.c2pa.ManifestStore;
import dev.hallmark.provenance.c2pa.StoreValidator;
import dev.hallmark.provenance.internal.Malformed;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * The C2PA verifier: reads the manifest store from the file (BMFF {@code uuid} box or JPEG APP11), parses JUMBF,
 * CBOR and COSE with bounded parsers, and validates it as c2pa-rs 0.90 does ({@link StoreValidator}).
 *
 * <p>Security: see {@link ManifestVerifier}; the file is read with positional reads, media data only streamed
 * through the hash.
 */
public final class C2paVerifier implements ManifestVerifier {
    private final TrustAnchors anchors;
    private final Clock clock;

    public C2paVerifier(TrustAnchors anchors) {
        this(anchors, Clock.systemUTC());
    }

    /** With a clock, for validating certificates at a fixed time. */
    public C2paVerifier(TrustAnchors anchors, Clock clock) {
        this.anchors = anchors;
        this.clock = clock;
    }

    @Override
    public C2paReport verify(Path file) throws ProvenanceException {
        return verifyFragmented(file, List.of());
    }

    @Override
    public C2paReport verifyFragmented(Path init, List<Path> fragments) throws ProvenanceException {
        List<FileChannel> open = new ArrayList<>();
        try {
            FileChannel ch = open(init, open);
            AssetReader.Found found = AssetReader.read(ch, init);
            if (found.jumbf() == null) {
                return C2paReport.absent(init, !anchors.isEmpty());
            }
            ManifestStore store;
            try {
                store = ManifestStore.parse(found.jumbf());
            } catch (Malformed e) {
                throw new ProvenanceException(e.reason(), init, "C2PA manifest store is malformed: " + e.getMessage());
            } catch (StackOverflowError e) {
                throw new ProvenanceException(Reason.LIMIT_EXCEEDED, init, "C2PA manifest store nests too deeply");
            }
            BmffHashCheck.Asset asset = new BmffHashCheck.Asset(ch, ch.size(), found.tree(), init);
            List<BmffHashCheck.Asset> frags = new ArrayList<>();
            for (Path f : fragments) {
                FileChannel fc = open(f, open);
                frags.add(new BmffHashCheck.Asset(fc, fc.size(), AssetReader.tree(fc, f), f));
            }
            try {
                return StoreValidator.validate(init, store, new StoreValidator.Target(found, asset, frags),
                        anchors.certificates(), clock.instant());
            } catch (Malformed e) {
                throw new ProvenanceException(e.reason(), init, e.getMessage());
            } catch (RuntimeException | StackOverflowError e) {
                // last line of defence for untrusted input: never a stack trace, never a verdict
                throw new ProvenanceException(Reason.MALFORMED, init, "manifest could not be validated ("
                        + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()) + ")", e);
            }
        } catch (IOException e) {
            throw new ProvenanceException(Reason.UNREADABLE, init, "cannot read: " + e.getMessage(), e);
        } finally {
            for (FileChannel c : open) {
                try {
                    c.close();
                } catch (IOException ignored) {
                    // read-only
                }
            }
        }
    }

    private static FileChannel open(Path p, List<FileChannel> open) throws ProvenanceException {
        try {
            FileChannel c = FileChannel.open(p, StandardOpenOption.READ);
            open.add(c);
            return c;
        } catch (NoSuchFileException e) {
            throw new ProvenanceException(Reason.UNREADABLE, p, "no such file");
        } catch (IOException e) {
            throw new ProvenanceException(Reason.UNREADABLE, p, "cannot open: " + e.getMessage());
        }
    }
}
