package dev.hallmark.registry.bench;

import dev.hallmark.registry.FilingRecord;
import dev.hallmark.registry.FilingRegistry;
import dev.hallmark.registry.PolicyDecision;
import dev.hallmark.registry.RegistryOptions;
import dev.hallmark.registry.VerificationSummary;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The process {@link CrashTrials} kills with SIGKILL: opens (and so recovers) a registry, then files records from
 * several threads forever, printing {@code ACK <seq> <id>} only after each filing is acknowledged (durable),
 * {@code SHRED <id>} after an acknowledged erasure, and {@code READY} once 20 filings were acknowledged. Arguments: registry dir, keys dir, producers, segment bytes,
 * indexing (true/false).
 */
public final class CrashChild {
    private CrashChild() {
    }

    public static void main(String[] args) throws Exception {
        if (args[0].equals("--warmup")) {
            warmup(Path.of(args[1]));
            return;
        }
        Path dir = Path.of(args[0]);
        Path keys = Path.of(args[1]);
        int producers = Integer.parseInt(args[2]);
        long segBytes = Long.parseLong(args[3]);
        boolean indexing = Boolean.parseBoolean(args[4]);
        PrintStream out = new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8);
        RegistryOptions o = RegistryOptions.defaults().withPassphrase(() -> null).withMaxSegmentBytes(segBytes)
                .withIndexing(indexing).withCheckpointInterval(Duration.ofMillis(100))
                .withSearch(Duration.ofMillis(100), Duration.ofMillis(300)).withWarnings(w -> { });
        FilingRegistry reg = FilingRegistry.open(dir, keys, o);
        AtomicLong counter = new AtomicLong(reg.size() * 1000);
        AtomicLong acked = new AtomicLong();
        for (int p = 0; p < producers; p++) {
            Thread.ofPlatform().daemon(false).start(() -> produce(reg, out, counter, acked));
        }
    }

    /** Runs the code paths once and exits normally, so a class-data-sharing archive can be dumped at exit. */
    private static void warmup(Path dir) throws Exception {
        RegistryOptions o = RegistryOptions.defaults().withPassphrase(() -> null).withWarnings(w -> { });
        try (FilingRegistry reg = FilingRegistry.open(dir.resolve("registry"), dir.resolve("keys"), o)) {
            Random rnd = new Random(1);
            String last = null;
            for (int i = 0; i < 50; i++) {
                last = reg.file(record(i, rnd)).id();
            }
            reg.erase(last, null);
            reg.awaitSearchable(Duration.ofSeconds(30));
        }
    }

    private static void produce(FilingRegistry reg, PrintStream out, AtomicLong counter, AtomicLong acked) {
        Random rnd = ThreadLocalRandom.current();
        String lastId = null;
        while (true) {
            long i = counter.incrementAndGet();
            try {
                FilingRecord r = record(i, rnd);
                var receipt = reg.file(r);
                synchronized (out) {
                    out.println("ACK " + receipt.seq() + " " + receipt.id());
                    if (acked.incrementAndGet() == 20) {
                        out.println("READY"); // appends are under way: the kill window starts now
                    }
                }
                if (lastId != null && rnd.nextInt(40) == 0) {
                    reg.erase(lastId, null);
                    synchronized (out) {
                        out.println("SHRED " + lastId);
                    }
                }
                lastId = receipt.id();
            } catch (Exception e) {
                synchronized (out) {
                    out.println("ERROR " + e.getMessage());
                }
                return;
            }
        }
    }

    static FilingRecord record(long i, Random rnd) throws Exception {
        byte[] h = MessageDigest.getInstance("SHA-256").digest(("content " + i + " " + rnd.nextLong()).getBytes(StandardCharsets.UTF_8));
        return FilingRecord.builder()
                .time(Instant.now())
                .actor("u-" + (i % 97))
                .jurisdictions("CN")
                .model("hallmark-video", "1.0")
                .prompt((i % 2 == 0 ? "一只猫在月球上跳舞 " : "a cat dancing on the moon ") + i)
                .userIdentity("user" + i)
                .contentSha256(HexFormat.of().formatHex(h))
                .watermark(String.format("%016x", i))
                .aigc(Map.of("Label", "1"))
                .policy(new PolicyDecision("ALLOW", List.of("r1")))
                .verification(new VerificationSummary("PASS", List.of()))
                .build();
    }
}
