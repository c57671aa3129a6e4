package dev.hallmark.policies.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.hallmark.policies.PolicyException;
import dev.hallmark.policies.pack.PackReader;
import dev.hallmark.policies.pack.PolicyCatalog;
import dev.hallmark.policies.pack.PolicyPack;
import java.util.ArrayList;
import java.util.List;

/**
 * Policy pack files are operator input: any bytes must give a pack or a {@link PolicyException}, never another
 * exception, a hang or an out-of-memory. Seeds: src/test/resources/dev/hallmark/policies/fuzz/PackReaderFuzzTestInputs.
 */
class PackReaderFuzzTest {
    @FuzzTest(maxDuration = "15s")
    void parsePack(byte[] data) throws Exception {
        PolicyPack p;
        try {
            p = PackReader.parse(data, "fuzz.json", "fuzz.json");
        } catch (PolicyException expected) {
            if (expected.problems().isEmpty() || expected.getMessage().isBlank()) {
                throw new AssertionError("exception without a reason", expected);
            }
            return;
        }
        // an accepted pack must also combine with the shipped ones (as override or new base) or be refused cleanly
        List<PolicyPack> all = new ArrayList<>(PolicyCatalog.builtinPacks());
        all.add(p);
        try {
            PolicyCatalog.of(all);
        } catch (PolicyException expected) {
            // base for a shipped jurisdiction, missing justification: refused with a reason
        }
    }
}
