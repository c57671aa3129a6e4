package dev.hallmark.provenance.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * The external C2PA verifier: {@code @contentauth/c2pa-node@0.8.0} (prebuilt c2pa-rs 0.90.1) in
 * {@code <repo>/.test-tools/c2pa-node}, installed by {@code scripts/install-test-tools.sh} (run here if missing).
 * Tests that need it are skipped with the reason when Node/npm are absent.
 */
public final class C2paNode {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Path modules;
    private final Path script;

    private C2paNode(Path modules, Path script) {
        this.modules = modules;
        this.script = script;
    }

    /** Finds (installing if needed) c2pa-node, or aborts the calling test with the reason. */
    public static C2paNode require() throws IOException, InterruptedException {
        Path root = repoRoot();
        Assumptions.assumeTrue(root != null, "repository root (scripts/install-test-tools.sh) not found");
        Path modules = root.resolve(".test-tools/c2pa-node");
        Path pkg = modules.resolve("node_modules/@contentauth/c2pa-node/package.json");
        if (!Files.exists(pkg)) {
            Process p = new ProcessBuilder("bash", root.resolve("scripts/install-test-tools.sh").toString())
                    .redirectErrorStream(true).start();
            String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            boolean done = p.waitFor(10, TimeUnit.MINUTES);
            Assumptions.assumeTrue(done && Files.exists(pkg), "c2pa-node could not be installed: " + log);
        }
        Assumptions.assumeTrue(onPath("node"), "node is not installed");
        Path script = Files.createTempFile("c2pa-node-read", ".mjs");
        try (InputStream in = C2paNode.class.getResourceAsStream("/c2pa-node-read.mjs")) {
            Files.write(script, in.readAllBytes());
        }
        script.toFile().deleteOnExit();
        return new C2paNode(modules, script);
    }

    private static boolean onPath(String exe) {
        String path = System.getenv("PATH");
        if (path == null) {
            return false;
        }
        for (String d : path.split(java.io.File.pathSeparator)) {
            if (Files.isExecutable(Path.of(d, exe))) {
                return true;
            }
        }
        return false;
    }

    static Path repoRoot() {
        Path p = Path.of(System.getProperty("user.dir")).toAbsolutePath();
        while (p != null) {
            if (Files.exists(p.resolve("scripts/install-test-tools.sh"))) {
                return p;
            }
            p = p.getParent();
        }
        return null;
    }

    /** c2pa-rs's verdict on {@code file} with {@code anchors} (PEM files) as trust anchors. */
    public JsonNode read(Path file, Path... anchors) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("node", script.toString(), modules.toString(), file.toString()));
        for (Path a : anchors) {
            cmd.add(a.toString());
        }
        Process p = new ProcessBuilder(cmd).redirectErrorStream(false).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(2, TimeUnit.MINUTES) || p.exitValue() != 0) {
            throw new IOException("c2pa-node failed: " + err);
        }
        String last = out.strip().lines().reduce((a, b) -> b).orElse("{}");
        return JSON.readTree(last);
    }

    /** Codes of one list of the verdict. */
    public static List<String> codes(JsonNode verdict, String list) {
        List<String> out = new ArrayList<>();
        verdict.path(list).forEach(n -> out.add(n.asText()));
        return out;
    }
}
