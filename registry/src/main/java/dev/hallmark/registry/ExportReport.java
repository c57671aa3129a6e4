package dev.hallmark.registry;

import java.nio.file.Path;
import java.util.List;

/** An audit export: the folder, how many records it holds, the tree size its proofs are against, and its files. */
public record ExportReport(Path dir, long records, long treeSize, List<String> files) {
    public ExportReport {
        files = List.copyOf(files);
    }
}
