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
import java.io.IOException;
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
import java.util.concurrent.TimeUnit;

/**
 * Kill -9 trials: a child JVM ({@link CrashChild}) files records from several threads; it is killed with SIGKILL at a
 * random moment; then the registry is reopened here (recovery runs) and checked: every filing the child printed as
 * acknowledged is present with its sequence number, every acknowledged erasure holds, the tree matches the last
 * signed checkpoint (the open fails otherwise), proofs verify, and periodically the full {@code audit verify} passes.
 * Registries accumulate across trials (each child also recovers its predecessor's crash) and start afresh every
 * {@code trialsPerRegistry} trials. {@code streams} independent sequences run in parallel (children spend much of
 * their life starting up or waiting on fsync).
 */
public final class CrashTrials {
    /** What to run. */
    public record Options(int trials, int trialsPerRegistry, int producers, long segmentBytes, int minKillMillis,
            int maxKillMillis, int indexEvery, int fullVerifyEvery, int streams, long seed) {
    }

    /** Outcome: trials run, acknowledged filings checked, failures (empty = all good). */
    public record Result(int trials, long acknowledged, long shredsChecked, long fullVerifies, List<String> failures, double seconds) {
    }

    private CrashTrials() {
    }

    /** Children still running; killed if this JVM is stopped, so no child outlives its trial. */
    private static final Set<Process> LIVE = java.util.concurrent.ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> LIVE.forEach(Process::destroyForcibly)));
    }

    public static Result run(Path work, Options o, PrintStream log) throws IOException, InterruptedException {
        log.println("crash trials: seed " + o.seed() + ", " + o.trials() + " trials in " + o.streams() + " parallel stream(s)");
        Files.createDirectories(work);
        Path cds = prepareClassDataArchive(work, log);
        Stats total = new Stats(o.trials(), System.nanoTime(), log);
        List<Thread> threads = new ArrayList<>();
        for (int s = 0; s < o.streams(); s++) {
            int stream = s;
            threads.add(Thread.ofPlatform().name("crash-stream-" + s).start(() -> {
                try {
                    stream(work.resolve("stream-" + stream), o, stream, cds, total);
                } catch (IOException | RuntimeException e) {
                    total.fail("stream " + stream + " stopped: " + e);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }));
        }
        for (Thread t : threads) {
            t.join();
        }
        return new Result(total.trials, total.acked, total.shreds, total.verifies, List.copyOf(total.failures),
                (System.nanoTime() - total.start) / 1e9);
    }

    /** Counters shared by the streams. */
    private static final class Stats {
        final int planned;
        final long start;
        final PrintStream log;
        final List<String> failures = new ArrayList<>();
        int trials;
        long acked;
        long shreds;
        long verifies;
        long startMillis;
        long checkMillis;

        Stats(int planned, long start, PrintStream log) {
            this.planned = planned;
            this.start = start;
            this.log = log;
        }

        synchronized void fail(String f) {
            failures.add(f);
            log.println("  FAILED " + f);
        }

        synchronized void trial(long ackCount, long shredCount, long startMs, long checkMs) {
            trials++;
            acked += ackCount;
            shreds += shredCount;
            startMillis += startMs;
            checkMillis += checkMs;
            if (trials % 10 == 0) {
                log.printf("  %d/%d trials, %d acknowledged filings checked, %d failures, %.0f s (child start to ready %d ms, check %d ms per trial)%n",
                        trials, planned, acked, failures.size(), (System.nanoTime() - start) / 1e9, startMillis / trials, checkMillis / trials);
            }
        }

        synchronized void verified() {
            verifies++;
        }
    }

    /** Runs trials {@code stream}, {@code stream + streams}, ... one after another on its own registries. */
    private static void stream(Path work, Options o, int stream, Path cds, Stats stats) throws IOException, InterruptedException {
        Random rnd = new Random(o.seed() + stream);
        Path reg = null;
        Path keys = null;
        Path dir = null;
        Map<String, Long> allAcked = new HashMap<>();
        Set<String> allShredded = new HashSet<>();
        Files.createDirectories(work);
        int local = 0;
        for (int t = stream; t < o.trials(); t += o.streams(), local++) {
            if (local % o.trialsPerRegistry() == 0) {
                if (dir != null) {
                    deleteTree(dir);
                }
                dir = work.resolve("registry-" + t);
                reg = dir.resolve("registry");
                keys = dir.resolve("keys");
                allAcked.clear();
                allShredded.clear();
            }
            boolean indexing = o.indexEvery() > 0 && local % o.indexEvery() == 0;
            int killAfter = o.minKillMillis() + rnd.nextInt(Math.max(1, o.maxKillMillis() - o.minKillMillis()));
            long t0 = System.nanoTime();
            Child c = Child.start(reg, keys, o.producers(), o.segmentBytes(), indexing, cds, work.resolve("child.out"));
            long startMs;
            try {
                if (!c.awaitReady(60_000)) {
                    c.process.destroyForcibly().waitFor();
                    c.parse();
                    stats.fail("trial " + t + ": child did not start: " + c.errors + " " + c.stderrHead());
                    continue;
                }
                startMs = (System.nanoTime() - t0) / 1_000_000;
                Thread.sleep(killAfter);
            } finally {
                c.process.destroyForcibly();
                c.process.waitFor();
            }
            c.parse();
            if (!c.errors.isEmpty()) {
                stats.fail("trial " + t + ": child reported " + c.errors.get(0));
            }
            allAcked.putAll(c.acks);
            allShredded.addAll(c.shreds);
            long tc = System.nanoTime();
            String problem = check(reg, keys, allAcked, allShredded, indexing, rnd);
            long checkMs = (System.nanoTime() - tc) / 1_000_000;
            if (problem != null) {
                stats.fail("trial " + t + " (killed " + killAfter + " ms after 20 acks, " + c.acks.size() + " acks): " + problem);
            }
            if (o.fullVerifyEvery() > 0 && (local + 1) % o.fullVerifyEvery() == 0) {
                try {
                    VerifyReport v = RegistryVerifier.verify(reg, keys, options(false), n -> { });
                    stats.verified();
                    if (!v.ok()) {
                        stats.fail("trial " + t + ": audit verify found " + v.problems());
                    }
                } catch (RegistryException e) {
                    stats.fail("trial " + t + ": audit verify failed: " + e.getMessage());
                }
            }
            stats.trial(c.acks.size(), c.shreds.size(), startMs, checkMs);
        }
        if (dir != null) {
            deleteTree(dir);
        }
    }

    /**
     * Runs the child once to completion with {@code -XX:ArchiveClassesAtExit} so the trial JVMs (which never exit
     * normally) start from a class-data-sharing archive. Returns the archive, or null if it could not be made.
     */
    private static Path prepareClassDataArchive(Path work, PrintStream log) throws IOException, InterruptedException {
        childClasspath = jarsOnly(work);
        Path jsa = work.resolve("crash-child.jsa");
        Path scratch = work.resolve("warmup");
        List<String> cmd = new ArrayList<>(List.of(javaBin(), "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
                "-XX:ArchiveClassesAtExit=" + jsa, "-cp", childClasspath, CrashChild.class.getName(),
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

    /** Classpath of the children: this JVM's, with class folders packed into jars (class-data sharing needs jars). */
    private static volatile String childClasspath = System.getProperty("java.class.path");

    private static String jarsOnly(Path work) throws IOException {
        List<String> out = new ArrayList<>();
        int n = 0;
        for (String e : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
            Path p = Path.of(e);
            if (!Files.isDirectory(p)) {
                out.add(e);
                continue;
            }
            Path jar = work.resolve("classes-" + (n++) + ".jar");
            try (var jos = new java.util.jar.JarOutputStream(Files.newOutputStream(jar)); var files = Files.walk(p)) {
                for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
                    jos.putNextEntry(new java.util.jar.JarEntry(p.relativize(f).toString().replace(java.io.File.separatorChar, '/')));
                    Files.copy(f, jos);
                    jos.closeEntry();
                }
            }
            out.add(jar.toString());
        }
        return String.join(java.io.File.pathSeparator, out);
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
                for (int i = 0; i < 2; i++) {
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

    /** A running child; its output goes to a file that is parsed after the kill (only complete lines count). */
    private static final class Child {
        final Process process;
        final Path out;
        final Map<String, Long> acks = new HashMap<>();
        final Set<String> shreds = new HashSet<>();
        final List<String> errors = new ArrayList<>();

        private Child(Process p, Path out) {
            this.process = p;
            this.out = out;
        }

        static Child start(Path reg, Path keys, int producers, long segBytes, boolean indexing, Path cds, Path out) throws IOException {
            List<String> cmd = new ArrayList<>(List.of(javaBin(), "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xmx256m"));
            if (cds != null) {
                cmd.add("-XX:SharedArchiveFile=" + cds);
            }
            cmd.addAll(List.of("-cp", childClasspath, CrashChild.class.getName(),
                    reg.toString(), keys.toString(), Integer.toString(producers), Long.toString(segBytes), Boolean.toString(indexing)));
            Files.deleteIfExists(out);
            Path err = out.resolveSibling(out.getFileName() + ".err");
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectError(err.toFile()).redirectOutput(out.toFile());
            Process p = pb.start();
            LIVE.add(p);
            p.onExit().thenRun(() -> LIVE.remove(p));
            return new Child(p, out);
        }

        /** Polls the output file for the READY line. */
        boolean awaitReady(long timeoutMillis) throws IOException, InterruptedException {
            long deadline = System.nanoTime() + timeoutMillis * 1_000_000;
            long scanned = 0;
            while (System.nanoTime() < deadline) {
                if (Files.exists(out) && Files.size(out) > scanned) {
                    byte[] all = Files.readAllBytes(out);
                    String s = new String(all, StandardCharsets.UTF_8);
                    if (s.contains("\nREADY\n") || s.startsWith("READY\n") || s.contains("\nERROR")) {
                        return s.contains("READY\n");
                    }
                    scanned = all.length;
                }
                if (!process.isAlive()) {
                    return false;
                }
                Thread.sleep(5);
            }
            return false;
        }

        /** The first lines the child wrote on stderr (why it did not start). */
        String stderrHead() {
            try {
                Path err = out.resolveSibling(out.getFileName() + ".err");
                List<String> lines = Files.exists(err) ? Files.readAllLines(err, StandardCharsets.UTF_8) : List.of();
                return String.join(" | ", lines.subList(0, Math.min(3, lines.size())));
            } catch (IOException e) {
                return "";
            }
        }

        void parse() throws IOException {
            if (!Files.exists(out)) {
                return;
            }
            String s = new String(Files.readAllBytes(out), StandardCharsets.UTF_8);
            int end = s.lastIndexOf('\n');
            if (end < 0) {
                return;
            }
            // a line cut off by the kill (no newline yet) was not fully reported: ignore it
            for (String l : s.substring(0, end).split("\n")) {
                if (l.startsWith("ACK ")) {
                    String[] p = l.split(" ");
                    acks.put(p[2], Long.parseLong(p[1]));
                } else if (l.startsWith("SHRED ")) {
                    shreds.add(l.substring(6));
                } else if (l.startsWith("ERROR")) {
                    errors.add(l);
                }
            }
        }
    }
}
