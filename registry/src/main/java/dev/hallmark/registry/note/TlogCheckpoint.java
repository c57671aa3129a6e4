package dev.hallmark.registry.note;

import java.util.Base64;

/**
 * The body of a C2SP tlog-checkpoint: origin line, decimal tree size, base64 root hash, each ending in a newline
 * (extension lines, if any, are ignored when parsing and never written).
 */
public record TlogCheckpoint(String origin, long size, byte[] rootHash) {
    public TlogCheckpoint {
        if (origin == null || origin.isEmpty() || origin.contains("\n") || origin.contains(" ") || origin.contains("+")) {
            throw new IllegalArgumentException("checkpoint origin must be non-empty, without spaces, '+' or newlines");
        }
        if (size < 0) {
            throw new IllegalArgumentException("negative tree size");
        }
        if (rootHash == null || rootHash.length != 32) {
            throw new IllegalArgumentException("root hash must be 32 bytes");
        }
        rootHash = rootHash.clone();
    }

    @Override
    public byte[] rootHash() {
        return rootHash.clone();
    }

    /** The checkpoint text (the part that is signed). */
    public String text() {
        return origin + "\n" + size + "\n" + Base64.getEncoder().encodeToString(rootHash) + "\n";
    }

    /** Parses a checkpoint body; throws IllegalArgumentException naming the rule broken. */
    public static TlogCheckpoint parse(String text) {
        String[] lines = text.split("\n", -1);
        if (lines.length < 4 || !text.endsWith("\n")) {
            throw new IllegalArgumentException("checkpoint needs origin, size and root hash lines");
        }
        String sizeLine = lines[1];
        if (sizeLine.isEmpty() || sizeLine.length() > 20 || !sizeLine.chars().allMatch(c -> c >= '0' && c <= '9')
                || (sizeLine.length() > 1 && sizeLine.charAt(0) == '0')) {
            throw new IllegalArgumentException("checkpoint tree size is not a canonical decimal number");
        }
        long size;
        try {
            size = Long.parseLong(sizeLine);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("checkpoint tree size out of range");
        }
        byte[] root;
        try {
            root = Base64.getDecoder().decode(lines[2]);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("checkpoint root hash is not base64");
        }
        if (root.length != 32) {
            throw new IllegalArgumentException("checkpoint root hash is not 32 bytes");
        }
        if (!Base64.getEncoder().encodeToString(root).equals(lines[2])) {
            throw new IllegalArgumentException("checkpoint root hash is not canonical base64");
        }
        return new TlogCheckpoint(lines[0], size, root);
    }
}
