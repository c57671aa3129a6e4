package dev.hallmark.policies;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hallmark.policies.PolicyException.Reason;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ConsentRegistryTest {
    static ConsentRegistry parse(String s) throws PolicyException {
        return ConsentRegistry.parse(s.getBytes(StandardCharsets.UTF_8), "consents.jsonl");
    }

    @Test
    void validityWindowAndScope() throws Exception {
        ConsentRegistry r = parse("""
                {"format":"hallmark.consent-registry","formatVersion":1}
                {"id":"C-1","subject":"A","covers":["real-person-likeness"],"grantedOn":"2026-01-01","expiresOn":"2026-12-31","revokedOn":"2026-10-01"}
                """);
        Set<ConsentSubject> likeness = Set.of(ConsentSubject.REAL_PERSON_LIKENESS);
        assertThat(r.check("C-1", likeness, LocalDate.of(2025, 12, 31)).valid()).isFalse();
        assertThat(r.check("C-1", likeness, LocalDate.of(2026, 1, 1)).valid()).isTrue();
        assertThat(r.check("C-1", likeness, LocalDate.of(2026, 10, 1)).detail()).contains("revoked");
        assertThat(r.check("C-1", Set.of(ConsentSubject.FACE_VOICE_EDITING), LocalDate.of(2026, 2, 1)).valid()).isFalse();
        assertThat(r.check("nope", likeness, LocalDate.of(2026, 2, 1)).valid()).isFalse();
    }

    @Test
    void invalidRegistriesAreRejectedWithLines() {
        assertThatThrownBy(() -> parse("{\"format\":\"other\",\"formatVersion\":1}\n"))
                .isInstanceOfSatisfying(PolicyException.class, e -> assertThat(e.reason()).isEqualTo(Reason.UNSUPPORTED_FORMAT));
        assertThatThrownBy(() -> parse("""
                {"format":"hallmark.consent-registry","formatVersion":1}
                {"id":"C 1","subject":"A","covers":["everything"],"grantedOn":"2026-01-01"}
                {"id":"C-2","subject":"A","covers":["real-person-likeness"],"grantedOn":"2026-01-01","expiresOn":"2025-01-01"}
                not json
                """)).isInstanceOfSatisfying(PolicyException.class, e -> {
                    assertThat(e.reason()).isEqualTo(Reason.INVALID);
                    assertThat(e.problems()).extracting(Problem::where).containsExactly("line 2/id", "line 2/covers/0",
                            "line 3/expiresOn", "line 4");
                });
    }
}
