package dev.hallmark.classifier;

import java.util.List;

/**
 * How strongly a video is evidenced to be AI-generated, following China's Labeling Measures Art. 6 and the EU Code
 * of Practice: each verdict lists the evidence it relied on, strongest first. There is deliberately no "real" or
 * "authentic" verdict: {@link NoEvidence} means no evidence of AI generation was found by these methods.
 */
public sealed interface Verdict permits Verdict.AiGenerated, Verdict.PossiblyAi, Verdict.SuspectedAi,
        Verdict.NoEvidence {

    /** The evidence this verdict rests on. */
    List<Evidence> reliedOn();

    /** Stable name for JSON and platforms: {@code AI_GENERATED}, {@code POSSIBLY_AI} ... */
    String name();

    /** A valid C2PA manifest declaring AI as the source, an AIGC label "1", or our watermark. */
    record AiGenerated(List<Evidence> reliedOn) implements Verdict {
        public AiGenerated {
            reliedOn = List.copyOf(reliedOn);
        }

        @Override
        public String name() {
            return "AI_GENERATED";
        }
    }

    /** Declared as AI without verifiable proof: AIGC label "2", an unsigned or unverifiable declaration. */
    record PossiblyAi(List<Evidence> reliedOn) implements Verdict {
        public PossiblyAi {
            reliedOn = List.copyOf(reliedOn);
        }

        @Override
        public String name() {
            return "POSSIBLY_AI";
        }
    }

    /** Traces only: AIGC label "3", the forensic model over its threshold, generator traces in metadata. */
    record SuspectedAi(List<Evidence> reliedOn) implements Verdict {
        public SuspectedAi {
            reliedOn = List.copyOf(reliedOn);
        }

        @Override
        public String name() {
            return "SUSPECTED_AI";
        }
    }

    /** None of the checks found evidence of AI generation. Not a statement that the video is real. */
    record NoEvidence(List<Evidence> reliedOn) implements Verdict {
        public NoEvidence {
            reliedOn = List.copyOf(reliedOn);
        }

        @Override
        public String name() {
            return "NO_EVIDENCE";
        }
    }
}
