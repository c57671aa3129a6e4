package dev.hallmark.policies;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hallmark.policies.Decision.FiredRule;
import dev.hallmark.policies.Decision.Outcome;
import dev.hallmark.policies.PolicyException.Reason;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DecisionTest {
    @Test
    void roundTrips() throws Exception {
        Decision d = new Decision(Outcome.NEEDS_CONSENT, List.of(new FiredRule("cn.consent.likeness", "Civil Code Art. 1019")),
                List.of(new Redaction(Redaction.Kind.EMAIL, 3, 10)), "ab [REDACTED:email]", Optional.empty());
        String json = d.toJson();
        assertThat(json).isEqualTo("{\"schema\":\"hallmark.policy-decision/1\",\"decision\":\"needs-consent\","
                + "\"rules\":[{\"id\":\"cn.consent.likeness\",\"source\":\"Civil Code Art. 1019\"}],"
                + "\"redactions\":[{\"kind\":\"email\",\"start\":3,\"end\":10}],\"redactedPrompt\":\"ab [REDACTED:email]\"}");
        assertThat(Decision.fromJson(json)).isEqualTo(d);
    }

    @Test
    void rejectsBadDocuments() {
        assertThatThrownBy(() -> Decision.fromJson("{\"schema\":\"hallmark.policy-decision/2\"}"))
                .isInstanceOfSatisfying(PolicyException.class, e -> assertThat(e.reason()).isEqualTo(Reason.UNSUPPORTED_FORMAT));
        assertThatThrownBy(() -> Decision.fromJson("{\"schema\":\"hallmark.policy-decision/1\",\"decision\":\"block\","
                + "\"rules\":[],\"redactions\":[],\"redactedPrompt\":\"x\"}")).hasMessageContaining("must name at least one rule");
        assertThatThrownBy(() -> Decision.fromJson("{\"schema\":\"hallmark.policy-decision/1\",\"decision\":\"allow\","
                + "\"rules\":[],\"redactions\":[{\"kind\":\"phone\",\"start\":5,\"end\":2}],\"redactedPrompt\":\"x\",\"extra\":1}"))
                .isInstanceOfSatisfying(PolicyException.class, e -> assertThat(e.problems()).extracting(Problem::where)
                        .containsExactly("/redactions/0", "/extra"));
        assertThatThrownBy(() -> Decision.fromJson("not json")).isInstanceOfSatisfying(PolicyException.class,
                e -> assertThat(e.reason()).isEqualTo(Reason.MALFORMED));
        assertThatThrownBy(() -> new Decision(Outcome.BLOCK, List.of(), List.of(), "", Optional.empty()))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
