package dev.hallmark.policies.bench;

import dev.hallmark.policies.Decision;
import dev.hallmark.policies.Jurisdiction;
import dev.hallmark.policies.LibraryEntry;
import dev.hallmark.policies.MatchMode;
import dev.hallmark.policies.PolicyException;
import dev.hallmark.policies.Policies;
import dev.hallmark.policies.PromptScreener;
import dev.hallmark.policies.ScreeningLibrary;
import dev.hallmark.policies.ScreeningRequest;
import dev.hallmark.policies.lucene.PromptNormalizer;
import dev.hallmark.policies.screening.TestBanks;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;

/**
 * Screening throughput on one thread with a large keyword library (issue target: >= 20,000 prompts/s on one core
 * with 10,000 terms). The library is the starter library plus synthetic terms (Chinese terms of 2-6 ideographs,
 * Latin phrases of 1-3 pseudo-words, in the auto/prefix/word/all modes); the prompts are Hallmark's test banks
 * plus synthetic prompts, a tenth of which contain a library term. Each prompt goes through the whole
 * {@link PromptScreener#screen} path: PII scan, Lucene normalisation, Aho-Corasick matching, decision.
 *
 * <p>Run: {@code java -cp ... dev.hallmark.policies.bench.ScreeningBenchmark [--terms N] [--seconds S] [--out FILE.md]}
 * (pin to one core with {@code taskset -c 0} for the one-core figure). {@link #run(Options)} is what
 * {@code hallmark bench} calls.
 */
public final class ScreeningBenchmark {
    /** What to measure. */
    public record Options(int terms, double warmupSeconds, double measureSeconds, long seed) {
        public static Options defaults() {
            return new Options(10_000, 3, 8, 20261101L);
        }

        public static Options quick() {
            return new Options(10_000, 1, 2, 20261101L);
        }
    }

    /** Measured figures: short (bank) prompts and long (paragraph) prompts. */
    public record Result(int libraryTerms, int patterns, double buildMillis, Measure shortPrompts, Measure longPrompts,
            String jvm, int availableProcessors) {
        public static final double TARGET = 20_000;

        /**
         * The headline figure: prompts per second of one fully used core (CPU time of the whole JVM, GC and JIT
         * included, so time spent descheduled on a shared machine does not count), for the slower prompt set.
         */
        public double promptsPerSecond() {
            return Math.min(shortPrompts.promptsPerCpuSecond(), longPrompts.promptsPerCpuSecond());
        }

        public boolean meetsTarget() {
            return promptsPerSecond() >= TARGET;
        }
    }

    private ScreeningBenchmark() {
    }

    public static Result run(Options o) throws PolicyException {
        Random rnd = new Random(o.seed());
        ScreeningLibrary starter = ScreeningLibrary.starter();
        List<LibraryEntry> entries = new ArrayList<>(starter.entries());
        List<String> synthetic = syntheticTerms(rnd, Math.max(0, o.terms() - starter.terms()));
        String[] cats = {"A.1.a", "A.1.b", "A.1.c", "A.1.d", "A.1.e", "A.1.f/weapons", "A.1.g", "A.1.h/fraud", "A.2.a",
            "A.2.b", "A.2.c", "A.2.d", "A.2.e", "A.2.f", "A.2.g", "A.2.h", "A.2.i"};
        MatchMode[] modes = {MatchMode.AUTO, MatchMode.AUTO, MatchMode.PREFIX, MatchMode.WORD};
        for (int i = 0; i < synthetic.size(); i++) {
            String t = synthetic.get(i);
            MatchMode m = t.indexOf('&') >= 0 ? MatchMode.ALL : modes[i % modes.length];
            entries.add(new LibraryEntry("bench:" + i, cats[i % cats.length], t, m, 100_000 + i));
        }
        long b0 = System.nanoTime();
        ScreeningLibrary lib = ScreeningLibrary.of("bench-synthetic", "1", entries);
        double buildMillis = (System.nanoTime() - b0) / 1e6;
        Policies policies = Policies.builder().library(lib).build();
        PromptScreener screener = policies.screener(List.of(Jurisdiction.CN, Jurisdiction.EU, Jurisdiction.US_CA),
                LocalDate.of(2026, 9, 1));

        List<String> bank = new ArrayList<>();
        TestBanks.mustRefuse().forEach(i -> bank.add(i.prompt()));
        TestBanks.mustNotRefuse().forEach(i -> bank.add(i.prompt()));
        // short: bank prompts, a tenth with a synthetic term inserted; long: 3-9 bank prompts joined (video prompts
        // are often a paragraph)
        List<String> shortPrompts = new ArrayList<>();
        List<String> longPrompts = new ArrayList<>();
        for (int i = 0; i < bank.size(); i++) {
            String base = bank.get(i);
            if (rnd.nextInt(10) == 0) {
                String term = synthetic.get(rnd.nextInt(synthetic.size())).replace("&", " and ");
                int at = rnd.nextInt(base.length() + 1);
                base = base.substring(0, at) + " " + term + " " + base.substring(at);
            }
            shortPrompts.add(base);
            StringBuilder sb = new StringBuilder();
            int parts = 3 + rnd.nextInt(7);
            for (int p = 0; p < parts; p++) {
                sb.append(p == 0 ? "" : ". ").append(bank.get(rnd.nextInt(bank.size())));
            }
            longPrompts.add(sb.toString());
        }
        Measure s = measure(screener, shortPrompts.toArray(String[]::new), o);
        Measure l = measure(screener, longPrompts.toArray(String[]::new), o);
        return new Result(lib.terms(), lib.patterns(), buildMillis, s, l,
                System.getProperty("java.vm.name") + " " + Runtime.version(), Runtime.getRuntime().availableProcessors());
    }

    /** Throughput on one prompt set. */
    public record Measure(int distinctPrompts, double meanPromptChars, long screened, double seconds,
            double cpuSeconds, double promptsPerSecond, double promptsPerCpuSecond, double normalizeOnlyPerSecond,
            double refusedShare) {
    }

    /**
     * CPU time of the whole JVM (screening thread plus GC and JIT threads), so "per CPU-second" is the throughput
     * of one fully used core when the JVM is pinned to one ({@code taskset -c 0}).
     */
    static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    private static Measure measure(PromptScreener screener, String[] ps, Options o) {
        double meanChars = java.util.Arrays.stream(ps).mapToInt(String::length).average().orElse(0);
        long refused = 0;
        long end = System.nanoTime() + (long) (o.warmupSeconds() * 1e9);
        int k = 0;
        while (System.nanoTime() < end) {
            for (int j = 0; j < 256; j++) {
                refused += screener.screen(ScreeningRequest.of(ps[k++ % ps.length])).allowed() ? 0 : 1;
            }
        }
        refused = 0;
        long n = 0;
        long c0 = processCpuNanos();
        long t0 = System.nanoTime();
        long stop = t0 + (long) (o.measureSeconds() * 1e9);
        long now;
        while ((now = System.nanoTime()) < stop) {
            for (int j = 0; j < 256; j++) {
                Decision d = screener.screen(ScreeningRequest.of(ps[k++ % ps.length]));
                if (!d.allowed()) {
                    refused++;
                }
            }
            n += 256;
        }
        double secs = (now - t0) / 1e9;
        double cpu = (processCpuNanos() - c0) / 1e9;
        PromptNormalizer norm = PromptNormalizer.shared();
        long m = 0;
        long sink = 0;
        long uc0 = processCpuNanos();
        long u0 = System.nanoTime();
        long ustop = u0 + (long) (Math.max(1, o.measureSeconds() / 4) * 1e9);
        while ((now = System.nanoTime()) < ustop) {
            for (int j = 0; j < 256; j++) {
                sink += norm.normalize(ps[k++ % ps.length]).length();
            }
            m += 256;
        }
        if (sink == 42) {
            System.out.print("");
        }
        double ucpu = (processCpuNanos() - uc0) / 1e9;
        return new Measure(ps.length, meanChars, n, secs, cpu, n / secs, n / cpu, m / ucpu, (double) refused / n);
    }

    private static final String HAN = "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机当使点从业本去把性好应开它合还因由其些然前外天政四日那社义事平形相全表间样与关各重新线内数正心反你明看原又么利比或但质气第向道命此变条只没结解问意建月公无系军很情者最立代想已通并提直题党程展五果料象员革位入常文总次品式活设及管特件长求老头基资边流路级少图山统接知较将组见计别她手角期根论运农指几九区强放决西被干做必战先回则任取据处队南给色光门即保治北造百规热领七海口东导器压志世金增争济阶油思术极交受联什认六共权收证改清己美再采转更单风切打白教速花带安场身车例真务具万每目至达走积示议声报斗完类八离华名确才科张信马节话米整空元况今集温传土许步群广石记需段研界拉林律叫且究观越织装影算低持音众书布复容儿须际商非验连断深难近矿千周委素技备半办青省列习响约支般史感劳便团往酸历市克何除消构府称太准精值号率族维划选标写存候毛亲快效斯院查江型眼王按格养易置派层片始却专状育厂京识适属圆包火住调满县局照参红细引听该铁价严";

    static List<String> syntheticTerms(Random rnd, int count) {
        Set<String> out = new LinkedHashSet<>();
        String[] syll = {"ka", "lo", "mi", "ne", "ru", "ta", "vo", "zi", "pa", "qe", "sh", "tr", "ble", "gra", "nox", "ver", "ix", "ul"};
        while (out.size() < count) {
            int kind = rnd.nextInt(10);
            if (kind < 6) {
                int len = 2 + rnd.nextInt(5);
                StringBuilder sb = new StringBuilder();
                for (int i = 0; i < len; i++) {
                    sb.append(HAN.charAt(rnd.nextInt(HAN.length())));
                }
                // two-ideograph terms drawn from common characters would match everywhere; keep them rarer
                if (len == 2 && rnd.nextBoolean()) {
                    sb.append(HAN.charAt(rnd.nextInt(HAN.length())));
                }
                out.add(sb.toString());
            } else if (kind < 9) {
                int words = 1 + rnd.nextInt(3);
                StringBuilder sb = new StringBuilder();
                for (int w = 0; w < words; w++) {
                    if (w > 0) {
                        sb.append(' ');
                    }
                    int sy = 2 + rnd.nextInt(3);
                    for (int s = 0; s < sy; s++) {
                        sb.append(syll[rnd.nextInt(syll.length)]);
                    }
                }
                out.add(sb.toString());
            } else {
                out.add(HAN.substring(rnd.nextInt(HAN.length() - 3)).substring(0, 3) + "&"
                        + syll[rnd.nextInt(syll.length)] + syll[rnd.nextInt(syll.length)] + syll[rnd.nextInt(syll.length)]);
            }
        }
        return new ArrayList<>(out);
    }

    /** The result as a Markdown report. */
    public static String markdown(Result r, String command) {
        StringBuilder sb = new StringBuilder("# Prompt screening throughput\n\n");
        sb.append("Date: ").append(Instant.now()).append("  \nCommand: `").append(command).append("`  \n");
        sb.append("Reproduce: `mvn -q -o compile dependency:build-classpath -pl policies -Dmdep.outputFile=cp.txt && taskset -c 0 java -cp "
                + "policies/target/classes:$(cat cp.txt) dev.hallmark.policies.bench.ScreeningBenchmark --out report.md`  \n");
        sb.append("JVM: ").append(r.jvm()).append("; processors visible: ").append(r.availableProcessors())
                .append("; screening runs on one thread.\n\n");
        sb.append(String.format(Locale.ROOT, "Library: %,d terms (%,d distinct normalised patterns), built in %.0f ms.%n%n",
                r.libraryTerms(), r.patterns(), r.buildMillis()));
        sb.append("| prompts | distinct | mean length | per CPU-second of one core | per wall-clock second | CPU per prompt | normalisation alone (per CPU-second) | refused |\n");
        sb.append("|---|---|---|---|---|---|---|---|\n");
        for (var e : List.of(java.util.Map.entry("bank prompts", r.shortPrompts()), java.util.Map.entry("paragraphs of 3-9 bank prompts", r.longPrompts()))) {
            Measure m = e.getValue();
            sb.append(String.format(Locale.ROOT, "| %s | %,d | %.0f chars | %,.0f | %,.0f | %.1f us | %,.0f/s | %.0f%% |%n", e.getKey(),
                    m.distinctPrompts(), m.meanPromptChars(), m.promptsPerCpuSecond(), m.promptsPerSecond(),
                    1e6 / m.promptsPerCpuSecond(), m.normalizeOnlyPerSecond(), 100 * m.refusedShare()));
        }
        sb.append(String.format(Locale.ROOT, "%nHeadline (slower set, per CPU-second of one core): %,.0f prompts/s; target >= 20,000 with"
                + " >= 10,000 terms: %s.%n", r.promptsPerSecond(), r.meetsTarget() ? "met" : "SHORT"));
        sb.append(String.format(Locale.ROOT, "Machine load average when the run ended: %.1f on %d processors (wall-clock figures on a"
                + " shared machine understate a core's throughput; CPU-time figures count all JVM threads (GC, JIT) but not time spent descheduled).%n",
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(), r.availableProcessors()));
        return sb.toString();
    }

    public static void main(String[] args) throws PolicyException, IOException {
        Options o = Options.defaults();
        Path out = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--terms" -> o = new Options(Integer.parseInt(args[++i]), o.warmupSeconds(), o.measureSeconds(), o.seed());
                case "--seconds" -> o = new Options(o.terms(), o.warmupSeconds(), Double.parseDouble(args[++i]), o.seed());
                case "--quick" -> o = Options.quick();
                case "--out" -> out = Path.of(args[++i]);
                default -> throw new IllegalArgumentException("usage: ScreeningBenchmark [--terms N] [--seconds S] [--quick] [--out FILE.md]");
            }
        }
        Result r = run(o);
        String cmd = "java " + String.join(" ", ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .filter(a -> !a.startsWith("-Djava.class.path")).toList()) + " dev.hallmark.policies.bench.ScreeningBenchmark "
                + String.join(" ", args);
        String md = markdown(r, cmd.strip());
        if (out != null) {
            if (out.getParent() != null) {
                Files.createDirectories(out.getParent());
            }
            Files.writeString(out, md);
            System.err.println("wrote " + out);
        }
        System.out.print(md);
    }
}
