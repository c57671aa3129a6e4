package dev.hallmark.registry.bench;

import dev.hallmark.registry.Filing;
import dev.hallmark.registry.FilingRegistry;
import dev.hallmark.registry.ProofCheck;
import dev.hallmark.registry.ProofVerifier;
import dev.hallmark.registry.RegistryException;
import dev.hallmark.registry.RegistryOptions;
import dev.hallmark.registry.RegistryVerifier;
import dev.hallmark.registry.VerifyReport;
import dev.hallmark.registry.note.NoteVerifier;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Kill -9 trials: a child JVM ({@link CrashChild}) files records from several threads; it is killed with SIGKILL at a
 * random moment; then the registry is reopened here (recovery runs) and checked: every filing the child printed as
 * acknowledged is present with its sequence number, every acknowledged erasure holds, the tree matches the last
 * signed checkpoint (the open fails otherwise), proofs verify, and periodically the full {@code audit verify} passes.
 * Registries accumulate across trials (each child also recovers its predecessor's crash) and start afresh every
 * {@code trialsPerRegistry} trials.
 */
public final class CrashTrials {
    /** What to run. */
    public record Options(int trials, int trialsPerRegistry, int producers, long segmentBytes, int minKillMillis,
            int maxKillMillis, int indexEvery, int fullVerifyEvery, long seed) {
    }

    /** Outcome: trials run, acknowledged filings checked, failures (empty = all good). */
    public record Result(int trials, long acknowledged, long shredsChecked, long fullVerifies, List<String> failures, double seconds) {
    }

    private CrashTrials() {
    }

    public static Result run(Path work, Options o, PrintStream log) throws IOException, InterruptedException {
        Random rnd = new Random(o.seed());
        log.println("crash trials: seed " + o.seed() + ", " + o.trials() + " trials");
        List<String> failures = new ArrayList<>();
        long acked = 0;
        long shreds = 0;
        long verifies = 0;
        long start = System.nanoTime();
        Path reg = null;
        Path keys = null;
        Map<String, Long> allAcked = new HashMap<>();
        Set<String> allShredded = new HashSet<>();
        Path cds = prepareClassDataArchive(work, log);
        for (int t = 0; t < o.trials(); t++) {
            if (t % o.trialsPerRegistry() == 0) {
                Path d = work.resolve("crash-" + t);
                reg = d.resolve("registry");
                keys = d.resolve("keys");
                allAcked.clear();
                allShredded.clear();
                if (t > 0) {
                    deleteTree(work.resolve("crash-" + (t - o.trialsPerRegistry())));
                }
            }
            boolean indexing = o.indexEvery() > 0 && t % o.indexEvery() == 0;
            int killAfter = o.minKillMillis() + rnd.nextInt(Math.max(1, o.maxKillMillis() - o.minKillMillis()));
            Child c = Child.start(reg, keys, o.producers(), o.segmentBytes(), indexing, cds);
            try {
                if (!c.ready.await(60, TimeUnit.SECONDS)) {
                    failures.add("trial " + t + ": child did not start: " + c.errors);
                    c.process.destroyForcibly().waitFor();
                    continue;
                }
                Thread.sleep(killAfter);
            } finally {
                c.process.destroyForcibly();
                c.process.waitFor();
                c.reader.join(10_000);
            }
            if (!c.errors.isEmpty()) {
                failures.add("trial " + t + ": child reported " + c.errors.get(0));
            }
            allAcked.putAll(c.acks);
            allShredded.addAll(c.shreds);
            acked += c.acks.size();
            shreds += c.shreds.size();
            String problem = check(reg, keys, allAcked, allShredded, indexing, rnd);
            if (problem != null) {
                failures.add("trial " + t + " (killed after " + killAfter + " ms, " + c.acks.size() + " acks): " + problem);
                log.println("  FAILED trial " + t + ": " + problem);
            }
            if (o.fullVerifyEvery() > 0 && (t + 1) % o.fullVerifyEvery() == 0) {
                try {
                    VerifyReport v = RegistryVerifier.verify(reg, keys, options(false), n -> { });
                    verifies++;
                    if (!v.ok()) {
                        failures.add("trial " + t + ": audit verify found " + v.problems());
                    }
                } catch (RegistryException e) {
                    failures.add("trial " + t + ": audit verify failed: " + e.getMessage());
                }
            }
            if ((t + 1) % 10 == 0) {
                log.printf("  %d/%d trials, %d acknowledged filings checked, %d failures, %.0f s%n", t + 1, o.trials(), acked,
                        failures.size(), (System.nanoTime() - start) / 1e9);
            }
        }
        return new Result(o.trials(), acked, shreds, verifies, failures, (System.nanoTime() - start) / 1e9);
    }

    /**
     * Runs the child once to completion with {@code -XX:ArchiveClassesAtExit} so the trial JVMs (which never exit
     * normally) start from a class-data-sharing archive. Returns the archive, or null if it could not be made.
     */
    private static Path prepareClassDataArchive(Path work, PrintStream log) throws IOException, InterruptedException {
        Path jsa = work.resolve("crash-child.jsa");
        Path scratch = work.resolve("warmup");
        List<String> cmd = new ArrayList<>(List.of(javaBin(), "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
                "-XX:ArchiveClassesAtExit=" + jsa, "-cp", System.getProperty("java.class.path"), CrashChild.class.getName(),
                "--warmup", scratch.toString()));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        boolean done = p.waitFor(120, TimeUnit.SECONDS);
        if (!done) {
            p.destroyForcibly().waitFor();
        }
        deleteTree(scratch);
        if (done && p.exitValue() == 0 && Files.exists(jsa)) {
            return jsa;
        }
        log.println("  (no class-data archive; children start slower)");
        return null;
    }

    static String javaBin() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    static RegistryOptions options(boolean indexing) {
        return RegistryOptions.defaults().withPassphrase(() -> null).withIndexing(indexing).withWarnings(w -> { });
    }

    /** Reopens (recovers) and checks; returns the first problem or null. */
    private static String check(Path reg, Path keys, Map<String, Long> acked, Set<String> shredded, boolean indexing, Random rnd) {
        try (FilingRegistry r = FilingRegistry.open(reg, keys, options(indexing))) {
            for (Map.Entry<String, Long> e : acked.entrySet()) {
                long seq = r.seqOf(e.getKey());
                if (seq != e.getValue()) {
                    return "acknowledged filing " + e.getKey() + " (seq " + e.getValue() + ") is " + (seq < 0 ? "missing" : "at seq " + seq);
                }
            }
            for (String id : shredded) {
                Filing f = r.get(id).orElse(null);
                if (f == null || f.personalData() != Filing.PersonalData.SHREDDED) {
                    return "acknowledged erasure of " + id + " did not hold";
                }
            }
            if (!acked.isEmpty()) {
                var ck = r.checkpoint();
                NoteVerifier key = new NoteVerifier(ck.origin(), ck.publicKey());
                List<String> ids = new ArrayList<>(acked.keySet());
                for (int i = 0; i < 5; i++) {
                    String id = ids.get(rnd.nextInt(ids.size()));
                    ProofCheck pc = ProofVerifier.verify(r.prove(id), key);
                    if (!pc.valid()) {
                        return "proof of " + id + " does not verify: " + pc;
                    }
                    Filing f = r.get(id).orElseThrow();
                    if (f.personalData() == Filing.PersonalData.AVAILABLE && f.record().prompt() == null) {
                        return "prompt of " + id + " lost";
                    }
                }
            }
            if (indexing && !r.awaitSearchable(Duration.ofSeconds(60))) {
                return "search index did not catch up";
            }
            return null;
        } catch (Exception e) {
            return "reopen failed: " + e;
        }
    }

    static void deleteTree(Path d) throws IOException {
        if (!Files.exists(d)) {
            return;
        }
        try (var s = Files.walk(d)) {
            for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    /** A running child and what it printed. */
    private static final class Child {
        final Process process;
        final Map<String, Long> acks = new HashMap<>();
        final Set<String> shreds = new HashSet<>();
        final List<String> errors = new ArrayList<>();
        final CountDownLatch ready = new CountDownLatch(1);
        Thread reader;

        private Child(Process p) {
            this.process = p;
        }

        static Child start(Path reg, Path keys, int producers, long segBytes, boolean indexing, Path cds) throws IOException {
            List<String> cmd = new ArrayList<>(List.of(javaBin(), "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xmx256m"));
            if (cds != null) {
                cmd.add("-XX:SharedArchiveFile=" + cds);
            }
            cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), CrashChild.class.getName(),
                    reg.toString(), keys.toString(), Integer.toString(producers), Long.toString(segBytes), Boolean.toString(indexing)));
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD);
            Child c = new Child(pb.start());
            c.reader = Thread.ofPlatform().daemon(true).start(c::read);
            return c;
        }

        private void read() {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                StringBuilder line = new StringBuilder();
                int ch;
                while ((ch = in.read()) >= 0) {
                    if (ch != '\n') {
                        line.append((char) ch);
                        continue;
                    }
                    // only complete lines count: a line cut by the kill was not fully reported
                    String l = line.toString();
                    line.setLength(0);
                    if (l.startsWith("ACK ")) {
                        String[] p = l.split(" ");
                        acks.put(p[2], Long.parseLong(p[1]));
                    } else if (l.startsWith("SHRED ")) {
                        shreds.add(l.substring(6));
                    } else if (l.startsWith("READY")) {
                        ready.countDown();
                    } else if (l.startsWith("ERROR")) {
                        errors.add(l);
                    }
                }
            } catch (IOException e) {
                errors.add("reading child output: " + e);
            }
        }
    }
}
