package dev.hallmark.policies.screening;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hallmark.policies.Jurisdiction;
import dev.hallmark.policies.Policies;
import dev.hallmark.policies.screening.TestBanks.Expect;
import dev.hallmark.policies.screening.TestBanks.Item;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The accuracy targets on the shipped banks; the report goes to target/reports/screening-accuracy.md. */
class ScreeningBanksTest {
    @Test
    void generatedBanksAreUpToDate() {
        assertThat(TestBanks.resource("must-refuse.tsv")).as("run TestBanks.main to regenerate").isEqualTo(TestBanks.generatedRefuse());
        assertThat(TestBanks.resource("must-not-refuse.tsv")).as("run TestBanks.main to regenerate").isEqualTo(TestBanks.generatedAllow());
    }

    @Test
    void banksHaveTheRequiredVariants() throws Exception {
        List<Item> refuse = TestBanks.mustRefuse();
        assertThat(refuse).extracting(Item::variant).contains("traditional", "fullwidth", "spaced", "zero-width", "punctuated",
                "mixed-case", "traditional-spaced");
        assertThat(refuse).allMatch(i -> i.expect() != Expect.ALLOW);
        assertThat(refuse.size()).isGreaterThanOrEqualTo(500);
        List<Item> allow = TestBanks.mustNotRefuse();
        assertThat(allow).allMatch(i -> i.expect() == Expect.ALLOW);
        assertThat(allow.size()).isGreaterThanOrEqualTo(500);
    }

    @Test
    void meetsTheAccuracyTargets() throws Exception {
        ScreeningEvaluation.Result r = ScreeningEvaluation.run(
                Policies.builtin().screener(Jurisdiction.parseList("cn,eu,us-ca"), LocalDate.of(2026, 9, 1)),
                TestBanks.mustRefuse(), TestBanks.mustNotRefuse());
        Path out = Path.of("target", "reports", "screening-accuracy.md");
        Files.createDirectories(out.getParent());
        Files.writeString(out, ScreeningEvaluation.markdown(r));
        assertThat(r.refused()).as("every must-refuse prompt refused; misses: %s", r.misses()).isEqualTo(r.refuseTotal());
        assertThat(r.refusedAsExpected()).isEqualTo(r.refuseTotal());
        assertThat(r.allowedRate()).as("must-not-refuse allowed; misses: %s", r.misses()).isGreaterThanOrEqualTo(0.99);
        assertThat(r.piiRedacted()).isEqualTo(r.piiItems());
    }
}
