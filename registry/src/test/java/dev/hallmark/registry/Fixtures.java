package dev.hallmark.registry;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/** Shared test data. */
public final class Fixtures {
    private Fixtures() {
    }

    public static final String FILING_NUMBER = "网信算备110108823483901230031号";

    /** Options for tests: generated passphrase file (no environment), fast timers, warnings collected. */
    public static RegistryOptions options(List<String> warnings) {
        return RegistryOptions.defaults()
                .withPassphrase(() -> null)
                .withSearch(Duration.ofMillis(100), Duration.ofSeconds(2))
                .withCheckpointInterval(Duration.ofMillis(500))
                .withWarnings(warnings::add);
    }

    public static RegistryOptions options() {
        return options(new CopyOnWriteArrayList<>());
    }

    public static String sha(String s) {
        try {
            return HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public static FilingRecord.Builder record(int i, String prompt) {
        return FilingRecord.builder()
                .time(Instant.parse("2026-11-01T00:00:00Z").plusSeconds(i * 60L))
                .actor("u-" + (i % 7))
                .jurisdictions("CN")
                .model("hallmark-video", "1.0")
                .prompt(prompt)
                .userIdentity("user" + i + "@example.com")
                .contentSha256(sha("content " + i))
                .manifestId("urn:c2pa:" + sha("m" + i).substring(0, 32))
                .watermark(String.format("%016x", 0xA5A5000000000000L + i))
                .aigc(Map.of("Label", "1", "ContentProducer", "hallmark", "ProduceID", "p" + i))
                .policy(new PolicyDecision("ALLOW", List.of("cn.label.required")))
                .verification(new VerificationSummary("PASS", List.of("c2pa.valid", "wm.detected")))
                .timingsMicros(Map.of("encode", 1200L + i, "sign", 300L));
    }
}
