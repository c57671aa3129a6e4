package dev.hallmark.policies.fuzz;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.hallmark.policies.ConsentRegistry;
import dev.hallmark.policies.Decision;
import dev.hallmark.policies.PolicyException;
import java.nio.charset.StandardCharsets;

/** Consent registries and decision documents read back from filings: refuse cleanly, never crash. */
class JsonDocumentsFuzzTest {
    @FuzzTest(maxDuration = "15s")
    void parseConsentRegistryAndDecision(FuzzedDataProvider data) {
        boolean registry = data.consumeBoolean();
        byte[] bytes = data.consumeRemainingAsBytes();
        try {
            if (registry) {
                ConsentRegistry.parse(bytes, "fuzz.jsonl");
            } else {
                Decision d = Decision.fromJson(new String(bytes, StandardCharsets.UTF_8));
                if (!Decision.fromJson(d.toJson()).equals(d)) {
                    throw new AssertionError("decision does not round-trip: " + d);
                }
            }
        } catch (PolicyException expected) {
            // refused with a reason
        }
    }
}
