package dev.hallmark.generator.pipeline;

import dev.hallmark.generator.GeneratorException;
import dev.hallmark.generator.GeneratorException.Reason;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.UUID;

/**
 * Release discipline for outputs: work in temp files beside the destination, fsync, then rename into place in one
 * step. Until {@link #release} nothing exists at the destination; {@link #close} removes every temp file.
 */
public final class AtomicOutput implements AutoCloseable {
    private final Path target;
    private final Path dir;
    private final String stem;
    private final java.util.List<Path> temps = new java.util.ArrayList<>();
    private boolean released;

    public AtomicOutput(Path target) throws GeneratorException {
        this.target = target.toAbsolutePath().normalize();
        this.dir = this.target.getParent();
        this.stem = ".hallmark-" + UUID.randomUUID().toString().substring(0, 8) + "-";
        if (dir == null || !Files.isDirectory(dir)) {
            throw new GeneratorException(Reason.BAD_INPUT, target, "the output folder does not exist");
        }
        if (!Files.isWritable(dir)) {
            throw new GeneratorException(Reason.BAD_INPUT, target, "the output folder is not writable");
        }
    }

    public Path target() {
        return target;
    }

    /** A fresh temp path beside the target, with the target's extension (FFmpeg picks the container from it). */
    public Path temp(String tag) {
        String name = target.getFileName().toString();
        int dot = name.lastIndexOf('.');
        String ext = dot >= 0 ? name.substring(dot) : ".mp4";
        Path p = dir.resolve(stem + tag + ext);
        temps.add(p);
        return p;
    }

    /** fsyncs {@code finished} and renames it to the target (never overwriting an existing file). */
    public void release(Path finished) throws GeneratorException {
        try (FileChannel ch = FileChannel.open(finished, StandardOpenOption.WRITE)) {
            ch.force(true);
        } catch (IOException e) {
            throw new GeneratorException(Reason.STEP_FAILED, target, "cannot flush the output: " + e.getMessage(), e);
        }
        try {
            if (Files.exists(target)) {
                throw new GeneratorException(Reason.BAD_INPUT, target, "already exists; refusing to overwrite it");
            }
            try {
                Files.move(finished, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(finished, target);
            }
            released = true;
            try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
                d.force(true);
            } catch (IOException ignored) {
                // some file systems cannot fsync a directory; the rename itself is done
            }
        } catch (FileAlreadyExistsException e) {
            throw new GeneratorException(Reason.BAD_INPUT, target, "already exists; refusing to overwrite it");
        } catch (IOException e) {
            throw new GeneratorException(Reason.STEP_FAILED, target, "cannot move the output into place: "
                    + e.getMessage(), e);
        }
    }

    public boolean released() {
        return released;
    }

    @Override
    public void close() {
        for (Path p : temps) {
            try {
                Files.deleteIfExists(p);
            } catch (IOException ignored) {
                // best effort
            }
        }
    }
}
