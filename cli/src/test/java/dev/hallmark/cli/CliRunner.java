package dev.hallmark.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs the packaged {@code hallmark.jar} as a user would (a separate JVM), for the CLI integration tests. */
public final class CliRunner {
    /** Exit code, stdout, stderr and wall time of one run. */
    public record Run(int exit, String out, String err, double seconds) {
    }

    private final Path home;

    public CliRunner(Path home) {
        this.home = home;
    }

    public Run run(String... args) throws IOException, InterruptedException {
        Path jar = Path.of("target", "hallmark.jar").toAbsolutePath();
        if (!Files.exists(jar)) {
            throw new IllegalStateException("package the CLI first: " + jar);
        }
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-Xss4m", "-Djava.awt.headless=true", "-Dai.djl.offline=true",
                "-jar", jar.toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().put("HALLMARK_HOME", home.toString());
        pb.environment().put("OPT_OUT_TRACKING", "true");
        pb.environment().remove("HALLMARK_KEY_PASSPHRASE"); // the generated passphrase file, as on a fresh machine
        Path out = Files.createTempFile("cli-out", ".txt");
        Path err = Files.createTempFile("cli-err", ".txt");
        pb.redirectOutput(out.toFile()).redirectError(err.toFile()).redirectInput(ProcessBuilder.Redirect.PIPE);
        long t0 = System.nanoTime();
        Process p = pb.start();
        p.getOutputStream().close();
        if (!p.waitFor(600, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException("hallmark " + String.join(" ", args) + " did not finish in 600 s");
        }
        double secs = (System.nanoTime() - t0) / 1e9;
        Run r = new Run(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8), secs);
        Files.deleteIfExists(out);
        Files.deleteIfExists(err);
        return r;
    }
}
