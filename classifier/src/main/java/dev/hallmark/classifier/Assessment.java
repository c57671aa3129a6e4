package dev.hallmark.classifier;

import java.util.List;
import java.util.Map;

/**
 * The full answer to "is this video AI-generated?": the verdict with the evidence it relied on, tampering
 * findings, every piece of evidence collected (strongest layers first), and the registry filing when the local
 * registry knows the clip.
 *
 * @param file the file examined
 * @param verdict the verdict
 * @param tampering signs of altered labels or provenance
 * @param evidence everything every check found
 * @param filing the filing record (JSON-friendly map) or null
 */
public record Assessment(String file, Verdict verdict, List<Tampering> tampering, List<Evidence> evidence,
        Map<String, Object> filing) {
    public Assessment {
        tampering = List.copyOf(tampering);
        evidence = List.copyOf(evidence);
        filing = filing == null ? null : Map.copyOf(filing);
    }
}
