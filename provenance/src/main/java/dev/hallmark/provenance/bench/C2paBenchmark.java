package dev.hallmark.provenance.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hallmark.media.EncoderSettings;
import dev.hallmark.media.FrameRate;
import dev.hallmark.media.I420Frame;
import dev.hallmark.media.VideoWriter;
import dev.hallmark.media.bmff.BmffParser;
import dev.hallmark.media.bmff.Box;
import dev.hallmark.media.bmff.BoxTree;
import dev.hallmark.provenance.AiDisclosure;
import dev.hallmark.provenance.C2paReport;
import dev.hallmark.provenance.C2paSigner;
import dev.hallmark.provenance.C2paState;
import dev.hallmark.provenance.DigitalSourceType;
import dev.hallmark.provenance.ManifestSpec;
import dev.hallmark.provenance.ManifestVerifier;
import dev.hallmark.provenance.SignerOptions;
import dev.hallmark.provenance.SigningCredentials;
import dev.hallmark.provenance.SoftwareAgent;
import dev.hallmark.provenance.TrustAnchors;
import dev.hallmark.provenance.keys.BcCertificates;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;

/**
 * Signing and verifying a large MP4 against one SHA-256 pass over the same file, and against c2pa-node (c2pa-rs)
 * doing the same, side by side. Targets: Hallmark sign and verify each &lt;= 1.5x the SHA-256 pass and faster than
 * c2pa-node. Callable from {@code hallmark bench} ({@link #run}) or as a program:
 *
 * <pre>
 * java -cp ... dev.hallmark.provenance.bench.C2paBenchmark [--size 1g] [--work DIR] [--c2pa-node DIR] [--report FILE]
 * </pre>
 *
 * The input is a real H.264 clip (encoded with {@link VideoWriter}, moov last) whose {@code mdat} is extended with
 * pseudo-random filler to the requested size; chunk offsets stay valid because the 64-bit mdat header takes the place
 * of FFmpeg's 8-byte {@code free} placeholder. Each timing is the best of {@code repeats} runs with the file in the
 * page cache (what the first SHA-256 pass leaves there), so all tools see the same I/O conditions.
 */
public final class C2paBenchmark {
    /** Timings in seconds; c2pa-node ones are null when it is not available. */
    public record Result(long fileBytes, double sha256, double sign, double verify, Double nodeSign, Double nodeVerify,
            Double nodeVerifyOurs, String ourState, String nodeStateOnOurs, List<Hostile> hostile, List<String> notes) {

        public double signRatio() {
            return sign / sha256;
        }

        public double verifyRatio() {
            return verify / sha256;
        }

        public String toMarkdown() {
            StringBuilder sb = new StringBuilder();
            sb.append("# C2PA sign/verify benchmark\n\n");
            sb.append(String.format(Locale.ROOT, "file: %.2f GiB MP4 (H.264, moov last, %d bytes)%n%n",
                    fileBytes / (double) (1L << 30), fileBytes));
            sb.append("| operation | seconds | x SHA-256 pass | MB/s |\n|---|---|---|---|\n");
            row(sb, "SHA-256 single pass (read + hash)", sha256);
            row(sb, "Hallmark sign (write copy + hash + sign)", sign);
            row(sb, "Hallmark verify", verify);
            if (nodeSign != null) {
                row(sb, "c2pa-node 0.8.0 sign", nodeSign);
            }
            if (nodeVerify != null) {
                row(sb, "c2pa-node 0.8.0 verify (its own file)", nodeVerify);
            }
            if (nodeVerifyOurs != null) {
                row(sb, "c2pa-node 0.8.0 verify (Hallmark's file)", nodeVerifyOurs);
            }
            sb.append(String.format(Locale.ROOT, "%nTargets: sign <= 1.5x SHA-256: %s (%.2fx); verify <= 1.5x: %s (%.2fx)",
                    signRatio() <= 1.5 ? "met" : "NOT met", signRatio(), verifyRatio() <= 1.5 ? "met" : "NOT met",
                    verifyRatio()));
            if (nodeSign != null) {
                sb.append(String.format(Locale.ROOT, "; faster than c2pa-node: sign %s (%.2fx), verify %s (%.2fx)",
                        sign < nodeSign ? "yes" : "NO", nodeSign / sign,
                        nodeVerify != null && verify < nodeVerify ? "yes" : "NO",
                        nodeVerify == null ? 0 : nodeVerify / verify));
            }
            sb.append(String.format(Locale.ROOT, "%nVerdicts: Hallmark on its file: %s; c2pa-node on Hallmark's file: %s%n",
                    ourState, nodeStateOnOurs));
            sb.append("\n| hostile input | outcome | seconds |\n|---|---|---|\n");
            for (Hostile h : hostile) {
                sb.append(String.format(Locale.ROOT, "| %s | %s | %.3f |%n", h.name(), h.outcome(), h.seconds()));
            }
            sb.append(String.format(Locale.ROOT, "%nHostile inputs: slowest %.3f s (target < 2 s)%n%n",
                    hostile.stream().mapToDouble(Hostile::seconds).max().orElse(0)));
            for (String n : notes) {
                sb.append("- ").append(n).append('\n');
            }
            return sb.toString();
        }

        private void row(StringBuilder sb, String what, double secs) {
            sb.append(String.format(Locale.ROOT, "| %s | %.3f | %.2f | %.0f |%n", what, secs, secs / sha256,
                    fileBytes / secs / 1e6));
        }
    }

    /** One hostile input: what the verifier did and how long it took. */
    public record Hostile(String name, String outcome, double seconds) {
    }

    private C2paBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        long size = 1L << 30;
        Path work = Path.of(System.getProperty("java.io.tmpdir"), "hallmark-c2pa-bench");
        Path node = null;
        Path report = null;
        int repeats = 2;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--size" -> size = parseSize(args[++i]);
                case "--work" -> work = Path.of(args[++i]);
                case "--c2pa-node" -> node = Path.of(args[++i]);
                case "--report" -> report = Path.of(args[++i]);
                case "--repeats" -> repeats = Integer.parseInt(args[++i]);
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        Result r = run(work, size, node, repeats, System.err);
        String md = r.toMarkdown();
        System.out.println(md);
        if (report != null) {
            Files.writeString(report, md);
        }
    }

    static long parseSize(String s) {
        String t = s.toLowerCase(Locale.ROOT).strip();
        long mult = 1;
        if (t.endsWith("g")) {
            mult = 1L << 30;
        } else if (t.endsWith("m")) {
            mult = 1L << 20;
        }
        if (mult != 1) {
            t = t.substring(0, t.length() - 1);
        }
        return (long) (Double.parseDouble(t) * mult);
    }

    /**
     * Runs the benchmark in {@code work} (created; large files are deleted afterwards).
     *
     * @param c2paNode folder holding {@code node_modules/@contentauth/c2pa-node}, or null to skip the comparison
     */
    public static Result run(Path work, long size, Path c2paNode, int repeats, PrintStream log) throws Exception {
        Files.createDirectories(work);
        List<String> notes = new ArrayList<>();
        Path input = work.resolve("bench-input.mp4");
        Path ours = work.resolve("bench-hallmark.mp4");
        Path theirs = work.resolve("bench-c2pa-node.mp4");
        try {
            log.println("bench: making a " + size + "-byte MP4 ...");
            makeInput(work, input, size);
            long bytes = Files.size(input);
            // credentials shared by both signers (throwaway, in the work folder only)
            BcCertificates.Issued root = BcCertificates.rootCa("Hallmark Bench", Instant.now(), Duration.ofDays(2));
            BcCertificates.Issued leaf = BcCertificates.claimSigner(root, "Hallmark Bench", Instant.now(),
                    Duration.ofDays(1));
            Path chainPem = work.resolve("bench-chain.pem");
            Path keyPem = work.resolve("bench-key.pem");
            Path anchorPem = work.resolve("bench-anchor.pem");
            Files.writeString(chainPem, pem(leaf.certificate()));
            Files.writeString(anchorPem, pem(root.certificate()));
            Files.writeString(keyPem, pem(new org.bouncycastle.openssl.jcajce.JcaPKCS8Generator(leaf.keys().getPrivate(),
                    null).generate()));
            Files.setPosixFilePermissions(keyPem, PosixFilePermissions.fromString("rw-------"));
            SigningCredentials creds = SigningCredentials.of(leaf.keys().getPrivate(), List.of(leaf.certificate()));
            C2paSigner signer = C2paSigner.create(creds, SignerOptions.of(new SoftwareAgent("Hallmark", "bench")));
            ManifestVerifier verifier = ManifestVerifier.create(TrustAnchors.of(List.of(root.certificate())));
            ManifestSpec spec = ManifestSpec.builder().title("bench.mp4")
                    .sourceType(DigitalSourceType.TRAINED_ALGORITHMIC_MEDIA)
                    .softwareAgent(new SoftwareAgent("BenchModel", "1"))
                    .disclosure(new AiDisclosure("Hallmark Bench", "BenchModel", "1", Instant.now(), "urn:uuid:bench"))
                    .build();
            // JIT warm-up on a small file
            Path small = work.resolve("bench-small.mp4");
            makeInput(work, small, 8L << 20);
            for (int i = 0; i < 3; i++) {
                signer.sign(small, work.resolve("bench-small-signed.mp4"), spec);
                verifier.verify(work.resolve("bench-small-signed.mp4"));
                sha256(small);
            }
            flushAndDelete(null);
            forceToDisk(input);
            sha256(input); // page cache
            double sha = Double.MAX_VALUE;
            double sign = Double.MAX_VALUE;
            double verify = Double.MAX_VALUE;
            C2paReport report = null;
            for (int i = 0; i < repeats; i++) {
                long t0 = System.nanoTime();
                sha256(input);
                sha = Math.min(sha, (System.nanoTime() - t0) / 1e9);
                flushAndDelete(ours); // every timed write starts without a write-back backlog from the last one
                t0 = System.nanoTime();
                signer.sign(input, ours, spec);
                sign = Math.min(sign, (System.nanoTime() - t0) / 1e9);
                t0 = System.nanoTime();
                report = verifier.verify(ours);
                verify = Math.min(verify, (System.nanoTime() - t0) / 1e9);
                log.printf(Locale.ROOT, "bench: sha256 %.3f s, sign %.3f s, verify %.3f s%n", sha, sign, verify);
            }
            if (report.state() != C2paState.TRUSTED) {
                notes.add("Hallmark's own verdict was " + report.state() + " " + report.failureCodes());
            }
            Double nodeSign = null;
            Double nodeVerify = null;
            Double nodeVerifyOurs = null;
            String nodeState = "not run";
            if (c2paNode != null && Files.exists(c2paNode.resolve("node_modules/@contentauth/c2pa-node"))) {
                Path script = work.resolve("c2pa-node-bench.mjs");
                try (InputStream in = C2paBenchmark.class.getResourceAsStream("c2pa-node-bench.mjs")) {
                    Files.write(script, in.readAllBytes());
                }
                List<String> internal = new ArrayList<>();
                for (int i = 0; i < repeats; i++) {
                    flushAndDelete(theirs);
                    NodeRun s = node(script, c2paNode, "sign", input.toString(), theirs.toString(), chainPem.toString(),
                            keyPem.toString());
                    nodeSign = nodeSign == null ? s.wallSeconds() : Math.min(nodeSign, s.wallSeconds());
                    NodeRun v = node(script, c2paNode, "read", theirs.toString(), anchorPem.toString());
                    nodeVerify = nodeVerify == null ? v.wallSeconds() : Math.min(nodeVerify, v.wallSeconds());
                    NodeRun o = node(script, c2paNode, "read", ours.toString(), anchorPem.toString());
                    nodeVerifyOurs = nodeVerifyOurs == null ? o.wallSeconds() : Math.min(nodeVerifyOurs, o.wallSeconds());
                    nodeState = o.json().path("state").asText();
                    internal.add(String.format(Locale.ROOT, "sign %.3f s, verify %.3f s, verify ours %.3f s",
                            s.internalSeconds(), v.internalSeconds(), o.internalSeconds()));
                    log.printf(Locale.ROOT, "bench: c2pa-node sign %.3f s, verify %.3f s (ours %.3f s)%n", nodeSign,
                            nodeVerify, nodeVerifyOurs);
                }
                notes.add("c2pa-node times are wall-clock of the node process (startup included); its in-process "
                        + "times: " + String.join("; ", internal));
            } else {
                notes.add("c2pa-node not found (run scripts/install-test-tools.sh and pass --c2pa-node .test-tools/c2pa-node)");
            }
            notes.add(String.format(Locale.ROOT, "best of %d runs; JDK %s; %d CPUs", repeats,
                    Runtime.version(), Runtime.getRuntime().availableProcessors()));
            List<Hostile> hostile = hostile(work, verifier, work.resolve("bench-small-signed.mp4"));
            return new Result(bytes, sha, sign, verify, nodeSign, nodeVerify, nodeVerifyOurs, report.state().label(),
                    nodeState, hostile, notes);
        } finally {
            for (Path p : List.of(input, ours, theirs, work.resolve("bench-small.mp4"),
                    work.resolve("bench-small-signed.mp4"), work.resolve("bench-key.pem"))) {
                Files.deleteIfExists(p);
            }
        }
    }

    /** Hostile variants of a small signed file (and from scratch), each verified once. */
    static List<Hostile> hostile(Path work, ManifestVerifier verifier, Path signed) throws Exception {
        byte[] good = Files.readAllBytes(signed);
        java.util.Map<String, byte[]> cases = new java.util.LinkedHashMap<>();
        // 1000 nested moov boxes (like c2pa-rs's nested_moov_1000.mp4)
        int depth = 1000;
        ByteBuffer nested = ByteBuffer.allocate(24 + 8 * depth);
        nested.putInt(24).put("ftyp".getBytes(StandardCharsets.US_ASCII)).put("isom".getBytes(StandardCharsets.US_ASCII))
                .putInt(0).put("isomiso2".getBytes(StandardCharsets.US_ASCII));
        for (int i = 0; i < depth; i++) {
            nested.putInt(8 * (depth - i)).put("moov".getBytes(StandardCharsets.US_ASCII));
        }
        cases.put("1000 nested moov boxes", nested.array());
        int jumbf = indexOf(good, "jumb".getBytes(StandardCharsets.US_ASCII)) - 4;
        byte[] lie = good.clone();
        ByteBuffer.wrap(lie).putInt(jumbf, 0x7fffffff);
        cases.put("JUMBF superbox claiming 2 GiB", lie);
        byte[] big = good.clone();
        ByteBuffer.wrap(big).putInt(jumbf, 1);
        cases.put("JUMBF 64-bit size garbage", big);
        byte[] deep = good.clone();
        int claim = indexOf(deep, "c2pa.claim.v2".getBytes(StandardCharsets.US_ASCII)) + 14 + 8;
        int len = ByteBuffer.wrap(deep).getInt(claim - 8) - 8;
        java.util.Arrays.fill(deep, claim, claim + len, (byte) 0x81);
        cases.put("claim CBOR nested " + len + " levels", deep);
        byte[] lyingCbor = good.clone();
        lyingCbor[claim] = (byte) 0x9b; // array with a 64-bit element count
        java.util.Arrays.fill(lyingCbor, claim + 1, claim + 9, (byte) 0x7f);
        cases.put("claim CBOR claiming 2^62 elements", lyingCbor);
        byte[] huge = java.util.Arrays.copyOf(good, good.length + 16);
        ByteBuffer.wrap(huge, good.length, 16).putInt(1).put("free".getBytes(StandardCharsets.US_ASCII))
                .putLong(Long.MAX_VALUE);
        cases.put("top-level box with 2^63-byte size", huge);
        byte[] truncated = java.util.Arrays.copyOf(good, good.length / 2);
        cases.put("truncated file", truncated);
        byte[] garbage = new byte[1 << 20];
        new SplittableRandom(7).nextBytes(garbage);
        cases.put("1 MiB of random bytes", garbage);
        List<Hostile> out = new ArrayList<>();
        Path p = work.resolve("bench-hostile.mp4");
        try {
            for (var e : cases.entrySet()) {
                Files.write(p, e.getValue());
                long t0 = System.nanoTime();
                String outcome;
                try {
                    C2paReport r = verifier.verify(p);
                    outcome = r.state().label() + " " + r.failureCodes();
                } catch (dev.hallmark.provenance.ProvenanceException ex) {
                    outcome = "ProvenanceException " + ex.reason();
                }
                out.add(new Hostile(e.getKey(), outcome, (System.nanoTime() - t0) / 1e9));
            }
        } finally {
            Files.deleteIfExists(p);
        }
        return out;
    }

    private static int indexOf(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= hay.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new IllegalStateException("pattern not found");
    }

    /** One c2pa-node run: its own timing, the process wall time, and its JSON line. */
    record NodeRun(double internalSeconds, double wallSeconds, JsonNode json) {
    }

    private static NodeRun node(Path script, Path modules, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("node", script.toString(), modules.toString()));
        cmd.addAll(List.of(args));
        long t0 = System.nanoTime();
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(30, TimeUnit.MINUTES) || p.exitValue() != 0) {
            throw new IOException("c2pa-node " + args[0] + " failed: " + out);
        }
        double wall = (System.nanoTime() - t0) / 1e9;
        JsonNode j = new ObjectMapper().readTree(out.strip().lines().reduce((a, b) -> b).orElse("{}"));
        return new NodeRun(j.path("ms").asDouble() / 1000, wall, j);
    }

    /** One SHA-256 pass over the file (1 MiB direct buffer, positional reads). */
    /** Writes {@code file}'s dirty pages to disk (outside any timing), so the next timed write starts clean. */
    static void forceToDisk(Path file) throws IOException {
        if (file != null && Files.exists(file)) {
            try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(file,
                    java.nio.file.StandardOpenOption.WRITE)) {
                ch.force(true);
            }
        }
    }

    static void flushAndDelete(Path file) throws IOException {
        if (file != null) {
            forceToDisk(file);
            Files.deleteIfExists(file);
        }
    }

    public static byte[] sha256(Path file) throws Exception {
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        ByteBuffer buf = ByteBuffer.allocateDirect(1 << 20);
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long pos = 0;
            while (true) {
                buf.clear();
                int n = ch.read(buf, pos);
                if (n < 0) {
                    break;
                }
                buf.flip();
                md.update(buf);
                pos += n;
            }
        }
        return md.digest();
    }

    /** A real H.264 MP4 (moov last) whose mdat is extended with filler to about {@code size} bytes. */
    static void makeInput(Path work, Path out, long size) throws Exception {
        Path clip = work.resolve("bench-clip.mp4");
        EncoderSettings s = EncoderSettings.h264(320, 240, FrameRate.of(25)).withPreset("ultrafast")
                .withFaststart(false);
        try (VideoWriter w = VideoWriter.create(clip, s)) {
            I420Frame f = new I420Frame(320, 240);
            for (int i = 0; i < 50; i++) {
                byte[] d = f.data();
                for (int j = 0; j < d.length; j++) {
                    d[j] = (byte) ((j * 7 + i * 13) & 0xff);
                }
                w.write(f);
            }
        }
        BoxTree tree = BmffParser.parse(clip);
        List<Box> top = tree.topLevel();
        if (top.size() < 4 || !top.get(0).type().equals("ftyp") || !top.get(1).type().equals("free")
                || top.get(1).size() != 8 || !top.get(2).type().equals("mdat") || top.get(2).headerSize() != 8) {
            throw new IOException("unexpected layout of the encoded clip: " + top);
        }
        Box ftyp = top.get(0);
        Box mdat = top.get(2);
        Box moov = top.get(3);
        long payload = mdat.payloadSize();
        long filler = Math.max(0, size - (ftyp.size() + 16 + payload + moov.size()));
        try (FileChannel in = FileChannel.open(clip, StandardOpenOption.READ);
                FileChannel o = FileChannel.open(out, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                        StandardOpenOption.TRUNCATE_EXISTING)) {
            in.transferTo(0, ftyp.size(), o);
            ByteBuffer h = ByteBuffer.allocate(16).putInt(1).put("mdat".getBytes(StandardCharsets.US_ASCII))
                    .putLong(16 + payload + filler);
            h.flip();
            o.write(h);
            in.transferTo(mdat.payloadOffset(), payload, o);
            SplittableRandom rnd = new SplittableRandom(42);
            ByteBuffer block = ByteBuffer.allocateDirect(4 << 20);
            long left = filler;
            while (left > 0) {
                block.clear();
                while (block.remaining() >= 8) {
                    block.putLong(rnd.nextLong());
                }
                block.flip();
                if (left < block.limit()) {
                    block.limit((int) left);
                }
                left -= o.write(block);
            }
            in.transferTo(moov.offset(), moov.size(), o);
        } finally {
            Files.deleteIfExists(clip);
        }
    }

    private static String pem(Object o) throws IOException {
        StringWriter w = new StringWriter();
        try (JcaPEMWriter pw = new JcaPEMWriter(w)) {
            pw.writeObject(o);
        }
        return w.toString();
    }
}
