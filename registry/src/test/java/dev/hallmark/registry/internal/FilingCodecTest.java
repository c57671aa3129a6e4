package dev.hallmark.registry.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hallmark.registry.FilingRecord;
import dev.hallmark.registry.Fixtures;
import dev.hallmark.registry.ModelRef;
import dev.hallmark.registry.RetentionClass;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class FilingCodecTest {
    @Test
    void streamedEncodingEqualsTheSortedMapEncodingAndRoundTrips() throws Exception {
        long seed = new Random().nextLong();
        Random rnd = new Random(seed);
        for (int i = 0; i < 500; i++) {
            FilingRecord.Builder b = Fixtures.record(i, rnd.nextBoolean() ? null : "提示 \"quoted\" \\ \n\t\u2028 emoji \uD83D\uDE00 " + i)
                    .id(Ulid.create(Instant.now()));
            if (rnd.nextBoolean()) {
                b.manifestId(null).watermark(null);
            }
            if (rnd.nextBoolean()) {
                b.model(new ModelRef("m-" + i, "v" + i, Fixtures.FILING_NUMBER));
            }
            if (rnd.nextBoolean()) {
                b.retention(RetentionClass.LEGAL_HOLD);
            }
            b.aigc(Map.of("Z", "z", "a", "\u0000x".substring(1), "Label", "1"));
            FilingRecord r = b.build();
            Instant until = r.retention().expiry(r.time());
            String ph = rnd.nextBoolean() ? null : "ab".repeat(32);
            byte[] sealed = rnd.nextBoolean() ? null : Randoms.bytes(1 + rnd.nextInt(100));
            long fseq = r.model().filingNumber() != null && rnd.nextBoolean() ? rnd.nextInt(1000) : -1;
            byte[] streamed = FilingCodec.encodeFiling(r, ph, until, fseq, sealed);
            byte[] tree = FilingCodec.encodeFilingViaTree(r, ph, until, fseq, sealed);
            assertThat(new String(streamed, StandardCharsets.UTF_8)).as("seed %d", seed).isEqualTo(new String(tree, StandardCharsets.UTF_8));
            FilingCodec.StoredFiling back = FilingCodec.decodeFiling(Json.parse(streamed));
            assertThat(back.record()).isEqualTo(r.withoutPersonalData());
            assertThat(back.promptHash()).isEqualTo(ph);
            assertThat(back.retainUntil()).isEqualTo(until);
            assertThat(back.sealed()).isEqualTo(sealed);
            assertThat(back.algorithmFilingSeq()).isEqualTo(fseq);
        }
    }
}
