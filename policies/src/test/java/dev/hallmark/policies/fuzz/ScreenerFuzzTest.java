package dev.hallmark.policies.fuzz;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.hallmark.policies.Decision;
import dev.hallmark.policies.Jurisdiction;
import dev.hallmark.policies.Policies;
import dev.hallmark.policies.PromptScreener;
import dev.hallmark.policies.Redaction;
import dev.hallmark.policies.ScreeningRequest;
import java.time.LocalDate;
import java.util.List;

/**
 * Prompts are hostile input: screening any string must return a decision whose redaction spans lie inside the
 * prompt, sorted and disjoint, and whose redacted prompt contains none of the redacted text.
 */
class ScreenerFuzzTest {
    private static PromptScreener screener;

    private static synchronized PromptScreener screener() throws Exception {
        if (screener == null) {
            screener = Policies.builtin().screener(List.of(Jurisdiction.CN, Jurisdiction.EU, Jurisdiction.US_CA),
                    LocalDate.of(2026, 9, 1));
        }
        return screener;
    }

    @FuzzTest(maxDuration = "15s")
    void screenAnything(FuzzedDataProvider data) throws Exception {
        String prompt = data.consumeRemainingAsString();
        Decision d = screener().screen(ScreeningRequest.of(prompt));
        int last = 0;
        for (Redaction r : d.redactions()) {
            if (r.start() < last || r.end() > prompt.length()) {
                throw new AssertionError("bad redaction span " + r + " in prompt of length " + prompt.length());
            }
            last = r.end();
        }
        if (d.outcome() != Decision.Outcome.ALLOW && d.rules().isEmpty()) {
            throw new AssertionError("refusal without rules");
        }
        String again = screener().screen(ScreeningRequest.of(prompt)).toJson();
        if (!again.equals(d.toJson())) {
            throw new AssertionError("screening is not deterministic");
        }
    }
}
