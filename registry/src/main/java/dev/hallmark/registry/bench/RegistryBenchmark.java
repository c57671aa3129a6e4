package dev.hallmark.registry.bench;

import dev.hallmark.registry.FilingRecord;
import dev.hallmark.registry.FilingRegistry;
import dev.hallmark.registry.InclusionProof;
import dev.hallmark.registry.PolicyDecision;
import dev.hallmark.registry.ProofVerifier;
import dev.hallmark.registry.Receipt;
import dev.hallmark.registry.RegistryException;
import dev.hallmark.registry.RegistryOptions;
import dev.hallmark.registry.RegistryVerifier;
import dev.hallmark.registry.SearchQuery;
import dev.hallmark.registry.VerificationSummary;
import dev.hallmark.registry.VerifyReport;
import dev.hallmark.registry.merkle.MerkleTree;
import dev.hallmark.registry.merkle.Rfc9162;
import dev.hallmark.registry.note.NoteVerifier;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * Registry benchmark. Measures, against the targets:
 * <ul>
 *   <li>durable filings per second with many concurrent producers (each waits for its fsync'd acknowledgement),
 *       with and without the search index running, and the acknowledgement latency;</li>
 *   <li>time from acknowledgement to searchable at a steady rate;</li>
 *   <li>search latency p50/p99 per query kind on a registry of {@code searchCorpus} filings (default 1 M);</li>
 *   <li>inclusion-proof generation and verification time at that size, open (recovery) time, {@code audit verify}
 *       time;</li>
 *   <li>kill -9 trials ({@link CrashTrials}).</li>
 * </ul>
 * {@link #run} is what {@code hallmark bench} calls; {@link #main} writes the report to a file.
 * Usage: {@code RegistryBenchmark [--work DIR] [--out report.json] [--quick | --long] [--producers N]
 * [--filings N] [--corpus N] [--crash-trials N] [--seed S] [--only writes,visibility,search,crash]}.
 */
public final class RegistryBenchmark {
    /** What to measure. */
    public record Options(Path work, long durableFilings, int producers, long searchCorpus, int queriesPerKind,
            int crashTrials, long seed, java.util.Set<String> sections) {
        /** Every section. */
        public static final java.util.Set<String> ALL = java.util.Set.of("writes", "visibility", "search", "crash");

        /** Tens of minutes on 2 cores: 200 k durable filings, 1 M search corpus, 100 crash trials. */
        public static Options standard(Path work) {
            return new Options(work, 200_000, 512, 1_000_000, 300, 100, System.nanoTime(), ALL);
        }

        /** About a minute, small sizes: for smoke runs. */
        public static Options quick(Path work) {
            return new Options(work, 20_000, 256, 50_000, 50, 10, System.nanoTime(), ALL);
        }

        /** The long mode: 1,000 kill -9 trials. */
        public static Options longRun(Path work) {
            return new Options(work, 500_000, 512, 1_000_000, 500, 1000, System.nanoTime(), ALL);
        }
    }

    private RegistryBenchmark() {
    }

    private static final String[] ZH = {"一只", "猫", "熊猫", "在", "月球", "上", "跳舞", "雪山", "滑雪", "城市", "夜晚", "霓虹灯", "下雨",
        "森林", "里", "奔跑", "的", "小狗", "海边", "日落", "古老", "寺庙", "樱花", "飘落", "机器人", "做饭", "龙", "飞过", "长城", "春天",
        "宇航员", "骑马", "沙漠", "星空", "孩子们", "放风筝", "未来", "列车", "穿过", "草原"};
    private static final String[] EN = {"a", "cat", "panda", "dancing", "on", "the", "moon", "skiing", "down", "snowy", "mountain",
        "city", "at", "night", "neon", "rain", "forest", "running", "dog", "beach", "sunset", "ancient", "temple", "cherry",
        "blossoms", "falling", "robot", "cooking", "dragon", "flying", "over", "great", "wall", "astronaut", "riding", "horse",
        "desert", "starry", "sky", "children", "flying", "kites", "future", "train", "crossing", "grassland"};
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    /** Runs everything in {@code o} and returns the report (also printed as it goes to {@code log}). */
    public static Map<String, Object> run(Options o, PrintStream log) throws IOException, RegistryException, InterruptedException {
        Files.createDirectories(o.work());
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("schema", "hallmark.bench.registry/1");
        report.put("machine", machine());
        report.put("seed", o.seed());
        log.println("registry benchmark in " + o.work() + " (seed " + o.seed() + ", load average " + loadAverage() + ")");
        if (o.sections().contains("writes")) {
            report.put("durableWrites", durableWrites(o, false, log));
            report.put("durableWritesBulk", bulkWrites(o, log));
            report.put("durableWritesWithIndex", durableWrites(o, true, log));
        }
        if (o.sections().contains("visibility")) {
            report.put("searchVisibility", List.of(visibility(o, 500, log), visibility(o, 2000, log)));
        }
        if (o.sections().contains("search")) {
            report.put("search", searchAndProofs(o, log));
        }
        if (o.sections().contains("crash") && o.crashTrials() > 0) {
            CrashTrials.Result r = CrashTrials.run(o.work().resolve("crash"), new CrashTrials.Options(o.crashTrials(), 25, 8,
                    64 * 1024, 10, 400, 10, 25, 2, o.seed()), log);
            Map<String, Object> c = new LinkedHashMap<>();
            c.put("trials", r.trials());
            c.put("acknowledgedFilingsChecked", r.acknowledged());
            c.put("erasuresChecked", r.shredsChecked());
            c.put("fullVerifies", r.fullVerifies());
            c.put("failures", r.failures());
            c.put("seconds", round(r.seconds()));
            report.put("crashTrials", c);
            log.printf("kill -9: %d trials, %d acknowledged filings checked, %d failures%n", r.trials(), r.acknowledged(), r.failures().size());
        }
        report.put("loadAverageAtEnd", loadAverage());
        return report;
    }

    /** The 1/5/15-minute load averages (Linux), to judge how contended the machine was. */
    static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }

    static Map<String, Object> machine() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("cpus", Runtime.getRuntime().availableProcessors());
        m.put("java", System.getProperty("java.version"));
        m.put("os", System.getProperty("os.name") + " " + System.getProperty("os.arch"));
        m.put("maxHeapMiB", Runtime.getRuntime().maxMemory() >> 20);
        return m;
    }

    static RegistryOptions options(boolean indexing) {
        return RegistryOptions.defaults().withPassphrase(() -> null).withIndexing(indexing).withWarnings(w -> { });
    }

    // ------------------------------------------------------------------------------------------------ records

    static FilingRecord record(long i, Random rnd, Instant time) {
        StringBuilder p = new StringBuilder();
        boolean zh = (i & 1) == 0;
        String[] vocab = zh ? ZH : EN;
        int words = 6 + rnd.nextInt(8);
        for (int w = 0; w < words; w++) {
            // Zipf-like: low indices are common
            int k = (int) Math.min(vocab.length - 1, Math.floor(Math.pow(rnd.nextDouble(), 2.2) * vocab.length));
            if (!zh && w > 0) {
                p.append(' ');
            }
            p.append(vocab[k]);
        }
        return FilingRecord.builder()
                .id(dev.hallmark.registry.internal.Ulid.create(time))
                .time(time)
                .actor("u-" + (i % 5000))
                .jurisdictions(i % 10 == 0 ? List.of("CN", "EU") : List.of("CN"))
                .model(i % 3 == 0 ? "hallmark-video-xl" : "hallmark-video", i % 3 == 0 ? "2.1" : "1.4")
                .prompt(p.toString())
                .userIdentity("user" + (i % 5000) + "@example.com")
                .contentSha256(sha256("content " + i))
                .manifestId("urn:uuid:" + new java.util.UUID(i, i * 31).toString())
                .watermark(String.format("%016x", i * 0x9E3779B97F4A7C15L))
                .aigc(Map.of("Label", "1", "ContentProducer", "hallmark", "ProduceID", Long.toString(i)))
                .policy(new PolicyDecision("ALLOW", List.of("cn.aigc.label")))
                .verification(new VerificationSummary("PASS", List.of("c2pa.valid", "watermark.detected")))
                .timingsMicros(Map.of("generate", 4_000_000L, "encode", 800_000L, "sign", 2_000L))
                .build();
    }

    static String sha256(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    // ------------------------------------------------------------------------------------------------ writes

    static Map<String, Object> durableWrites(Options o, boolean indexing, PrintStream log) throws IOException, RegistryException, InterruptedException {
        Path d = o.work().resolve(indexing ? "writes-indexed" : "writes");
        CrashTrials.deleteTree(d);
        long n = indexing ? Math.min(o.durableFilings(), 100_000) : o.durableFilings();
        int producers = o.producers();
        long[] latencies = new long[(int) n];
        AtomicLong next = new AtomicLong();
        Map<String, Object> m = new LinkedHashMap<>();
        // records are made before the clock starts: the benchmark measures the registry, not the record generator
        FilingRecord[] records = new FilingRecord[(int) n];
        java.util.stream.IntStream.range(0, (int) n).parallel().forEach(i -> records[i] =
                record(1_000_000L + i, new Random(o.seed() + i), T0.plusMillis((1_000_000L + i) * 15)));
        try (FilingRegistry reg = FilingRegistry.open(d.resolve("registry"), d.resolve("keys"), options(indexing))) {
            // warm up the code paths (not timed)
            warm(reg, 20_000, o.seed());
            if (indexing) {
                reg.awaitSearchable(Duration.ofMinutes(10));
            }
            long[] statsBefore = reg.writerStats();
            CountDownLatch done = new CountDownLatch(producers);
            long start = System.nanoTime();
            for (int p = 0; p < producers; p++) {
                Thread.ofVirtual().start(() -> {
                    try {
                        long i;
                        while ((i = next.getAndIncrement()) < n) {
                            long t = System.nanoTime();
                            reg.file(records[(int) i]);
                            latencies[(int) i] = System.nanoTime() - t;
                        }
                    } catch (RegistryException e) {
                        log.println("  producer failed: " + e.getMessage());
                    } finally {
                        done.countDown();
                    }
                });
            }
            done.await();
            double secs = (System.nanoTime() - start) / 1e9;
            long[] stats = reg.writerStats();
            long recs = stats[1] - statsBefore[1];
            long fsyncs = stats[2] - statsBefore[2];
            Arrays.sort(latencies);
            m.put("filings", n);
            m.put("producers", producers);
            m.put("indexing", indexing);
            m.put("seconds", round(secs));
            m.put("filingsPerSecond", Math.round(n / secs));
            m.put("fsyncRounds", fsyncs);
            m.put("meanRecordsPerFsync", round((double) recs / Math.max(1, fsyncs)));
            m.put("meanFsyncMs", round((stats[3] - statsBefore[3]) / 1e6 / Math.max(1, fsyncs)));
            m.put("fsyncBusyFraction", round((stats[3] - statsBefore[3]) / 1e9 / secs));
            m.put("writerBusyFraction", round((stats[4] - statsBefore[4]) / 1e9 / secs));
            m.put("ackLatencyMs", percentiles(latencies));
            if (indexing) {
                long t = System.nanoTime();
                reg.awaitSearchable(Duration.ofMinutes(30));
                m.put("indexCatchUpSecondsAfterLastAck", round((System.nanoTime() - t) / 1e9));
            }
        }
        log.printf("durable writes%s: %,d filings, %d producers: %,d filings/s, ack p50 %s ms p99 %s ms, %s records per fsync, fsync %s ms (busy %s), writer busy %s%n",
                indexing ? " (index running)" : "", n, producers, m.get("filingsPerSecond"),
                ((Map<?, ?>) m.get("ackLatencyMs")).get("p50"), ((Map<?, ?>) m.get("ackLatencyMs")).get("p99"), m.get("meanRecordsPerFsync"),
                m.get("meanFsyncMs"), m.get("fsyncBusyFraction"), m.get("writerBusyFraction"));
        CrashTrials.deleteTree(d);
        return m;
    }

    /**
     * The bulk path ({@code audit import}): one thread submits with {@code fileAsync}, up to 16,384 filings in flight;
     * each future still completes only after its fsync.
     */
    static Map<String, Object> bulkWrites(Options o, PrintStream log) throws IOException, RegistryException, InterruptedException {
        Path d = o.work().resolve("writes-bulk");
        CrashTrials.deleteTree(d);
        long n = o.durableFilings();
        FilingRecord[] records = new FilingRecord[(int) n];
        java.util.stream.IntStream.range(0, (int) n).parallel().forEach(i -> records[i] =
                record(2_000_000L + i, new Random(o.seed() + i), T0.plusMillis((2_000_000L + i) * 15)));
        Map<String, Object> m = new LinkedHashMap<>();
        try (FilingRegistry reg = FilingRegistry.open(d.resolve("registry"), d.resolve("keys"), options(false))) {
            warm(reg, 20_000, o.seed());
            long[] before = reg.writerStats();
            Semaphore window = new Semaphore(16_384);
            long start = System.nanoTime();
            for (FilingRecord r : records) {
                window.acquire();
                reg.fileAsync(r).whenComplete((x, e) -> window.release());
            }
            window.acquire(16_384);
            double secs = (System.nanoTime() - start) / 1e9;
            long[] after = reg.writerStats();
            m.put("filings", n);
            m.put("inFlight", 16_384);
            m.put("seconds", round(secs));
            m.put("filingsPerSecond", Math.round(n / secs));
            m.put("meanRecordsPerFsync", round((double) (after[1] - before[1]) / Math.max(1, after[2] - before[2])));
            m.put("meanFsyncMs", round((after[3] - before[3]) / 1e6 / Math.max(1, after[2] - before[2])));
        }
        log.printf("durable writes, bulk path (fileAsync, 16,384 in flight): %,d filings: %,d filings/s, %s records per fsync, fsync %s ms%n",
                n, m.get("filingsPerSecond"), m.get("meanRecordsPerFsync"), m.get("meanFsyncMs"));
        CrashTrials.deleteTree(d);
        return m;
    }

    private static void warm(FilingRegistry reg, int n, long seed) throws RegistryException {
        Random rnd = new Random(seed);
        List<java.util.concurrent.CompletableFuture<Receipt>> fs = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            fs.add(reg.fileAsync(record(i + 10_000_000L, rnd, T0)));
        }
        for (var f : fs) {
            f.join();
        }
    }

    static Map<String, Object> visibility(Options o, int rate, PrintStream log) throws IOException, RegistryException, InterruptedException {
        Path d = o.work().resolve("visibility");
        CrashTrials.deleteTree(d);
        int seconds = 10;
        Map<Long, Long> ackedAt = new ConcurrentHashMap<>();
        List<Long> delays = new ArrayList<>();
        try (FilingRegistry reg = FilingRegistry.open(d.resolve("registry"), d.resolve("keys"), options(true))) {
            warm(reg, 2000, o.seed());
            reg.awaitSearchable(Duration.ofMinutes(1));
            long base = reg.size();
            AtomicLong visible = new AtomicLong(base);
            Thread watcher = Thread.ofPlatform().start(() -> {
                while (!Thread.currentThread().isInterrupted()) {
                    long s = reg.searchableThrough();
                    long now = System.nanoTime();
                    for (long q = visible.get(); q < s; q++) {
                        Long a = ackedAt.remove(q);
                        if (a != null) {
                            synchronized (delays) {
                                delays.add(now - a);
                            }
                        }
                    }
                    visible.set(Math.max(visible.get(), s));
                    try {
                        Thread.sleep(2);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            });
            ExecutorService ex = Executors.newVirtualThreadPerTaskExecutor();
            Random rnd = new Random(o.seed());
            long start = System.nanoTime();
            long total = (long) rate * seconds;
            for (long i = 0; i < total; i++) {
                long due = start + i * 1_000_000_000L / rate;
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                }
                FilingRecord r = record(base + i, rnd, T0.plusSeconds(i));
                ex.submit(() -> {
                    Receipt rc = reg.file(r);
                    ackedAt.put(rc.seq(), System.nanoTime());
                    return null;
                });
            }
            ex.shutdown();
            ex.awaitTermination(1, java.util.concurrent.TimeUnit.MINUTES);
            reg.awaitSearchable(Duration.ofMinutes(1));
            Thread.sleep(600);
            watcher.interrupt();
            watcher.join();
        }
        long[] ds = delays.stream().mapToLong(Long::longValue).sorted().toArray();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("ratePerSecond", rate);
        m.put("filingsMeasured", ds.length);
        m.put("ackToSearchableMs", percentiles(ds));
        log.printf("visibility at %d filings/s: ack -> searchable p50 %s ms, p99 %s ms, max %s ms%n", rate,
                ((Map<?, ?>) m.get("ackToSearchableMs")).get("p50"), ((Map<?, ?>) m.get("ackToSearchableMs")).get("p99"),
                ((Map<?, ?>) m.get("ackToSearchableMs")).get("max"));
        CrashTrials.deleteTree(d);
        return m;
    }

    // ------------------------------------------------------------------------------------------------ search and proofs

    static Map<String, Object> searchAndProofs(Options o, PrintStream log) throws IOException, RegistryException, InterruptedException {
        Path d = o.work().resolve("corpus-" + o.searchCorpus());
        Path reg = d.resolve("registry");
        Path keys = d.resolve("keys");
        long n = o.searchCorpus();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("filings", n);
        Duration span = Duration.ofDays(180);
        long stepMs = Math.max(1, span.toMillis() / n);
        if (!Files.exists(reg)) {
            log.printf("building a corpus of %,d filings ...%n", n);
            long t = System.nanoTime();
            try (FilingRegistry r = FilingRegistry.open(reg, keys, options(true))) {
                Semaphore window = new Semaphore(20_000);
                Random rnd = new Random(o.seed());
                for (long i = 0; i < n; i++) {
                    window.acquire();
                    r.fileAsync(record(i, rnd, T0.plusMillis(i * stepMs))).whenComplete((x, e) -> window.release());
                    if (i % 100_000 == 0 && i > 0) {
                        log.printf("  %,d filed, %,d indexed, %.0f s%n", i, r.indexedThrough(), (System.nanoTime() - t) / 1e9);
                    }
                }
                window.acquire(20_000);
                double fileSecs = (System.nanoTime() - t) / 1e9;
                while (!r.awaitSearchable(Duration.ofSeconds(10))) {
                    log.printf("  indexing: %,d of %,d, %.0f s%n", r.indexedThrough(), n, (System.nanoTime() - t) / 1e9);
                }
                m.put("buildFileSeconds", round(fileSecs));
                m.put("buildIndexSeconds", round((System.nanoTime() - t) / 1e9));
            }
        }
        long t0 = System.nanoTime();
        try (FilingRegistry r = FilingRegistry.open(reg, keys, options(true))) {
            m.put("openSeconds", round((System.nanoTime() - t0) / 1e9));
            r.awaitSearchable(Duration.ofMinutes(30));
            Random rnd = new Random(o.seed() + 1);
            Map<String, Function<Random, SearchQuery>> kinds = new LinkedHashMap<>();
            kinds.put("watermark (exact)", q -> SearchQuery.builder().watermark(String.format("%016x", (long) q.nextInt((int) n) * 0x9E3779B97F4A7C15L)).build());
            kinds.put("content hash (exact)", q -> SearchQuery.builder().contentSha256(sha256("content " + q.nextInt((int) n))).build());
            kinds.put("user + 30 days", q -> {
                Instant from = T0.plusMillis((long) (q.nextDouble() * 150) * 86_400_000L);
                return SearchQuery.builder().actor("u-" + q.nextInt(5000)).from(from).to(from.plus(Duration.ofDays(30))).build();
            });
            kinds.put("model + 1 day", q -> {
                Instant from = T0.plusMillis((long) (q.nextDouble() * 179) * 86_400_000L);
                return SearchQuery.builder().model("hallmark-video-xl").from(from).to(from.plus(Duration.ofDays(1))).build();
            });
            kinds.put("model + 30 days", q -> {
                Instant from = T0.plusMillis((long) (q.nextDouble() * 150) * 86_400_000L);
                return SearchQuery.builder().model("hallmark-video").from(from).to(from.plus(Duration.ofDays(30))).build();
            });
            kinds.put("Chinese text", q -> SearchQuery.builder().text(ZH[q.nextInt(ZH.length)] + ZH[q.nextInt(ZH.length)]).build());
            kinds.put("Chinese text + 7 days", q -> {
                Instant from = T0.plusMillis((long) (q.nextDouble() * 170) * 86_400_000L);
                return SearchQuery.builder().text(ZH[q.nextInt(20)] + ZH[20 + q.nextInt(20)]).from(from).to(from.plus(Duration.ofDays(7))).build();
            });
            kinds.put("Latin text", q -> SearchQuery.builder().text(EN[q.nextInt(EN.length)] + " " + EN[q.nextInt(EN.length)]).build());
            kinds.put("Latin text + model + jurisdiction", q -> SearchQuery.builder().text(EN[10 + q.nextInt(EN.length - 10)])
                    .model("hallmark-video-xl").jurisdiction("EU").build());
            Map<String, Object> perKind = new LinkedHashMap<>();
            List<Long> all = new ArrayList<>();
            for (var e : kinds.entrySet()) {
                for (int w = 0; w < 30; w++) {
                    r.search(e.getValue().apply(rnd)); // warm-up
                }
                long[] lat = new long[o.queriesPerKind()];
                long hits = 0;
                for (int i = 0; i < lat.length; i++) {
                    SearchQuery q = e.getValue().apply(rnd);
                    long t = System.nanoTime();
                    hits += r.search(q).totalHits();
                    lat[i] = System.nanoTime() - t;
                    all.add(lat[i]);
                }
                Arrays.sort(lat);
                Map<String, Object> pk = percentiles(lat);
                pk.put("meanHits", round((double) hits / lat.length));
                perKind.put(e.getKey(), pk);
                log.printf("  search %-36s p50 %6s ms  p99 %6s ms  (mean %s hits)%n", e.getKey(), pk.get("p50"), pk.get("p99"), pk.get("meanHits"));
            }
            m.put("queries", perKind);
            long[] allSorted = all.stream().mapToLong(Long::longValue).sorted().toArray();
            m.put("allQueriesMs", percentiles(allSorted));
            log.printf("search at %,d filings, all kinds: p50 %s ms, p99 %s ms (limit 50 hits, stored fields loaded)%n", n,
                    ((Map<?, ?>) m.get("allQueriesMs")).get("p50"), ((Map<?, ?>) m.get("allQueriesMs")).get("p99"));
            m.put("proofs", proofs(r, n, rnd, log));
        }
        long tv = System.nanoTime();
        VerifyReport v = RegistryVerifier.verify(reg, keys, options(true), x -> { });
        m.put("auditVerifySeconds", round((System.nanoTime() - tv) / 1e9));
        m.put("auditVerifyOk", v.ok());
        log.printf("audit verify of %,d records: %s s, %s%n", v.records(), m.get("auditVerifySeconds"), v.ok() ? "OK" : v.problems());
        return m;
    }

    static Map<String, Object> proofs(FilingRegistry r, long n, Random rnd, PrintStream log) throws RegistryException {
        var cp = r.checkpoint();
        NoteVerifier key;
        try {
            key = new NoteVerifier(cp.origin(), cp.publicKey());
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException("registry key unusable", e);
        }
        int k = 2000;
        long[] gen = new long[k];
        long[] ver = new long[k];
        long[] rawVer = new long[k];
        for (int i = 0; i < k + 200; i++) {
            long seq = rnd.nextLong(n);
            long t = System.nanoTime();
            InclusionProof p = r.prove(seq);
            long t1 = System.nanoTime();
            boolean ok = ProofVerifier.verify(p, key).valid();
            long t2 = System.nanoTime();
            boolean ok2 = Rfc9162.verifyInclusion(p.leafIndex(), p.treeSize(), Rfc9162.leafHash(p.leaf()), p.inclusionPath(), cp.rootHash())
                    == Rfc9162.ProofResult.VALID;
            long t3 = System.nanoTime();
            if (!ok || !ok2) {
                throw new IllegalStateException("proof of " + seq + " does not verify");
            }
            if (i >= 200) {
                gen[i - 200] = t1 - t;
                ver[i - 200] = t2 - t1;
                rawVer[i - 200] = t3 - t2;
            }
        }
        // the Merkle part alone: path generation in the in-memory tree
        MerkleTree tree = new MerkleTree();
        for (long i = 0; i < n; i++) {
            tree.append(Rfc9162.leafHash(Long.toString(i).getBytes(StandardCharsets.UTF_8)));
        }
        long[] path = new long[k];
        long[] cons = new long[k];
        for (int i = 0; i < k; i++) {
            long m = rnd.nextLong(n);
            long t = System.nanoTime();
            tree.inclusionPath(m, n);
            path[i] = System.nanoTime() - t;
            long a = 1 + rnd.nextLong(n - 1);
            t = System.nanoTime();
            tree.consistencyPath(a, n);
            cons[i] = System.nanoTime() - t;
        }
        Arrays.sort(gen);
        Arrays.sort(ver);
        Arrays.sort(rawVer);
        Arrays.sort(path);
        Arrays.sort(cons);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("proveMs", percentiles(gen));
        m.put("verifyWithCheckpointSignatureMs", percentiles(ver));
        m.put("verifyRfc9162PathOnlyMs", percentiles(rawVer));
        m.put("inclusionPathOnlyMs", percentiles(path));
        m.put("consistencyPathOnlyMs", percentiles(cons));
        log.printf("proofs at %,d: prove p50 %s ms p99 %s ms; verify (with Ed25519 checkpoint) p50 %s ms; RFC 9162 path verify p50 %s ms; path generation p50 %s ms%n",
                n, ((Map<?, ?>) m.get("proveMs")).get("p50"), ((Map<?, ?>) m.get("proveMs")).get("p99"),
                ((Map<?, ?>) m.get("verifyWithCheckpointSignatureMs")).get("p50"), ((Map<?, ?>) m.get("verifyRfc9162PathOnlyMs")).get("p50"),
                ((Map<?, ?>) m.get("inclusionPathOnlyMs")).get("p50"));
        return m;
    }

    // ------------------------------------------------------------------------------------------------ helpers

    static Map<String, Object> percentiles(long[] sortedNanos) {
        Map<String, Object> m = new LinkedHashMap<>();
        if (sortedNanos.length == 0) {
            return m;
        }
        m.put("p50", ms(sortedNanos[(int) (sortedNanos.length * 0.50)]));
        m.put("p90", ms(sortedNanos[(int) (sortedNanos.length * 0.90)]));
        m.put("p99", ms(sortedNanos[Math.min(sortedNanos.length - 1, (int) (sortedNanos.length * 0.99))]));
        m.put("max", ms(sortedNanos[sortedNanos.length - 1]));
        return m;
    }

    static double ms(long nanos) {
        return Math.round(nanos / 1e3) / 1e3;
    }

    static double round(double v) {
        return Math.round(v * 100) / 100.0;
    }

    public static void main(String[] args) throws Exception {
        Path work = Path.of(System.getProperty("java.io.tmpdir"), "hallmark-registry-bench");
        Path out = null;
        String mode = "standard";
        Long producers = null;
        Long filings = null;
        Long corpus = null;
        Long trials = null;
        Long seed = null;
        java.util.Set<String> sections = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--work" -> work = Path.of(args[++i]);
                case "--out" -> out = Path.of(args[++i]);
                case "--quick" -> mode = "quick";
                case "--long" -> mode = "long";
                case "--producers" -> producers = Long.parseLong(args[++i]);
                case "--filings" -> filings = Long.parseLong(args[++i]);
                case "--corpus" -> corpus = Long.parseLong(args[++i]);
                case "--crash-trials" -> trials = Long.parseLong(args[++i]);
                case "--seed" -> seed = Long.parseLong(args[++i]);
                case "--only" -> sections = java.util.Set.of(args[++i].split(","));
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        Options o = switch (mode) {
            case "quick" -> Options.quick(work);
            case "long" -> Options.longRun(work);
            default -> Options.standard(work);
        };
        o = new Options(work, filings != null ? filings : o.durableFilings(), producers != null ? producers.intValue() : o.producers(),
                corpus != null ? corpus : o.searchCorpus(), o.queriesPerKind(), trials != null ? trials.intValue() : o.crashTrials(),
                seed != null ? seed : o.seed(), sections != null ? sections : o.sections());
        Map<String, Object> report = run(o, System.out);
        String json = dev.hallmark.registry.internal.Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(report);
        if (out != null) {
            Files.writeString(out, json + "\n");
            System.out.println("report written to " + out);
        } else {
            System.out.println(json);
        }
    }
}
