package dev.hallmark.registry;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hallmark.registry.internal.Store;
import dev.hallmark.registry.keys.LogKeys;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every file the registry writes (journal segments, entry index, record-key store, checkpoints, history, metadata,
 * search index, key files) gets a seeded random bit flip, and separately a random truncation; {@code audit verify}
 * must report a problem naming that file. Seeds are printed and shown in assertion messages.
 */
class CorruptionTest {
    @TempDir
    static Path tmp;
    static Path pristine;
    static long seed;

    @BeforeAll
    static void build() throws Exception {
        seed = Long.getLong("corruption.seed", new Random().nextLong());
        System.out.println("CorruptionTest seed " + seed + " (rerun with -Dcorruption.seed=" + seed + ")");
        pristine = tmp.resolve("pristine");
        Path reg = pristine.resolve("registry");
        Path keys = pristine.resolve("keys");
        try (FilingRegistry r = FilingRegistry.open(reg, keys, Fixtures.options().withMaxSegmentBytes(64 * 1024))) {
            r.fileAlgorithm(new AlgorithmFiling(Fixtures.FILING_NUMBER, "算法", List.of("hallmark-video"), "Hallmark",
                    LocalDate.parse("2025-01-01"), null, AlgorithmFiling.Status.ACTIVE, null));
            List<Receipt> rs = new ArrayList<>();
            for (int i = 0; i < 240; i++) {
                rs.add(r.file(Fixtures.record(i, i % 2 == 0 ? "春天的樱花在风中飘落 " + i : "cherry blossoms falling " + i).build()));
                if (i % 60 == 0) {
                    r.checkpoint();
                }
            }
            r.erase(rs.get(5).id(), null);
            r.awaitSearchable(java.time.Duration.ofSeconds(30));
        }
        VerifyReport clean = RegistryVerifier.verify(reg, keys, Fixtures.options(), n -> { });
        assertThat(clean.problems()).as("pristine registry").isEmpty();
        assertThat(Files.list(reg.resolve(Store.JOURNAL)).count()).isGreaterThan(2);
    }

    static List<Path> damageableFiles() throws IOException {
        try (Stream<Path> s = Files.walk(pristine)) {
            return s.filter(Files::isRegularFile)
                    .filter(p -> !p.getFileName().toString().equals(Store.LOCK))
                    .filter(p -> !p.getFileName().toString().equals("write.lock"))
                    .sorted().toList();
        }
    }

    @TestFactory
    Stream<DynamicTest> aFlippedBitInAnyFileIsReported() throws IOException {
        return damageableFiles().stream().map(f -> DynamicTest.dynamicTest("flip " + pristine.relativize(f), () -> check(f, false)));
    }

    @TestFactory
    Stream<DynamicTest> aTruncationOfAnyFileIsReported() throws IOException {
        return damageableFiles().stream().map(f -> DynamicTest.dynamicTest("truncate " + pristine.relativize(f), () -> check(f, true)));
    }

    private void check(Path original, boolean truncate) throws Exception {
        Path rel = pristine.relativize(original);
        Random rnd = new Random(seed ^ rel.toString().hashCode() ^ (truncate ? 1 : 0));
        Path copy = Files.createTempDirectory(tmp, "case");
        copyTree(pristine, copy);
        Path target = copy.resolve(rel);
        long size = Files.size(target);
        String what;
        try (RandomAccessFile raf = new RandomAccessFile(target.toFile(), "rw")) {
            if (truncate) {
                long len = size == 0 ? 0 : (long) (rnd.nextDouble() * size);
                raf.setLength(len);
                what = "truncated to " + len + " of " + size + " bytes";
            } else {
                long pos = (long) (rnd.nextDouble() * size);
                int bit = rnd.nextInt(8);
                raf.seek(pos);
                int b = raf.read();
                raf.seek(pos);
                raf.write(b ^ (1 << bit));
                what = "bit " + bit + " of byte " + pos + " flipped";
            }
        }
        VerifyReport r = RegistryVerifier.verify(copy.resolve("registry"), copy.resolve("keys"), Fixtures.options(), n -> { });
        List<Path> expected = new ArrayList<>(List.of(target));
        if (rel.startsWith(Path.of("registry", Store.INDEX))) {
            expected.add(copy.resolve("registry").resolve(Store.INDEX));
        } else if (rel.getFileName().toString().equals(LogKeys.PASSPHRASE_FILE)) {
            expected.add(copy.resolve("keys").resolve(LogKeys.KEY_FILE)); // a changed passphrase no longer opens the key
        }
        assertThat(r.problems())
                .as("seed %d: %s %s; problems: %s", seed, rel, what, r.problems())
                .anyMatch(p -> expected.contains(p.file()));
        deleteTree(copy);
    }

    static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> s = Files.walk(from)) {
            for (Path p : s.toList()) {
                Path t = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(t);
                } else {
                    Files.copy(p, t, StandardCopyOption.COPY_ATTRIBUTES, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    static void deleteTree(Path d) throws IOException {
        try (Stream<Path> s = Files.walk(d)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
