package dev.hallmark.classifier.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.hallmark.classifier.AiVideoVerifier;
import dev.hallmark.classifier.Assessment;
import dev.hallmark.media.testing.TestClips;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The HTML report is self-contained and renders in headless Chromium (Debian's {@code chromium}). */
class HtmlReportIT {
    @TempDir
    Path tmp;

    @Test
    void reportIsSelfContainedAndRendersInChromium() throws Exception {
        Path video = TestClips.fixture("video/tree.avi");
        Assessment a = AiVideoVerifier.builder().build().verify(video);
        String html = HtmlReport.render(a, video);
        assertThat(html).contains("id=\"verdict\"").contains("NO_EVIDENCE").contains("data:image/png;base64,")
                .contains("<table id=\"evidence\"");
        assertThat(html).doesNotContain("<script").doesNotContain("http://").doesNotContain("https://");
        Path file = tmp.resolve("report.html");
        Files.writeString(file, html, StandardCharsets.UTF_8);

        Path chromium = Path.of("/usr/bin/chromium");
        assumeTrue(Files.isExecutable(chromium), "Debian chromium not installed: rendering check skipped");
        ProcessBuilder pb = new ProcessBuilder(List.of(chromium.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--user-data-dir=" + tmp.resolve("profile"), "--virtual-time-budget=2000",
                "--dump-dom", file.toUri().toString()));
        pb.redirectError(ProcessBuilder.Redirect.DISCARD);
        Process p = pb.start();
        byte[] dom = p.getInputStream().readAllBytes();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String rendered = new String(dom, StandardCharsets.UTF_8);
        assertThat(rendered).contains("id=\"verdict\"").contains("NO_EVIDENCE").contains("<img");
        Path png = tmp.resolve("report.png");
        Process shot = new ProcessBuilder(List.of(chromium.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--user-data-dir=" + tmp.resolve("profile2"), "--screenshot=" + png, "--window-size=1000,1400",
                file.toUri().toString())).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        assertThat(shot.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(Files.size(png)).isGreaterThan(10_000);
    }
}
