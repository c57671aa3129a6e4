package dev.hallmark.classifier.collect;

import dev.hallmark.classifier.Evidence;
import java.nio.file.Path;
import java.util.List;

/**
 * One layer's check. A collector never throws for what it finds or fails to find: a check that could not run
 * returns {@code ERROR} evidence, never a pass.
 */
@FunctionalInterface
public interface EvidenceCollector {
    List<Evidence> collect(Path file);
}
