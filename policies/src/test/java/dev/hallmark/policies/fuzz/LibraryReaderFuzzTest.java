package dev.hallmark.policies.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.hallmark.policies.PolicyException;
import dev.hallmark.policies.ScreeningLibrary;
import dev.hallmark.policies.lucene.PromptNormalizer;

/** Keyword libraries are operator input: bytes give a compiled library or a {@link PolicyException}. */
class LibraryReaderFuzzTest {
    @FuzzTest(maxDuration = "15s")
    void parseLibrary(byte[] data) {
        ScreeningLibrary lib;
        try {
            lib = ScreeningLibrary.parse(data, "fuzz.tsv");
        } catch (PolicyException expected) {
            return;
        }
        // a library that loads must match without failing
        lib.matcher().match(PromptNormalizer.shared().normalize(new String(data, java.nio.charset.StandardCharsets.UTF_8)));
    }
}
