package dev.hallmark.cli.commands;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hallmark.cli.CliException;
import dev.hallmark.cli.ExitCode;
import dev.hallmark.cli.HallmarkHome;
import dev.hallmark.cli.Output;
import dev.hallmark.cli.shell.PolicyErrors;
import dev.hallmark.policies.PolicyException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The policy commands called directly with a capturing {@link Output} (the packaged jar is tested by PolicyCliIT). */
class PolicyCommandsTest {
    static final class Captured extends Output {
        final List<String> lines = new ArrayList<>();
        final List<String> notes = new ArrayList<>();
        final List<Object> docs = new ArrayList<>();

        @Override
        public void line(String format, Object... args) {
            lines.add(args.length == 0 ? format : String.format(Locale.ROOT, format, args));
        }

        @Override
        public void note(String format, Object... args) {
            notes.add(args.length == 0 ? format : String.format(Locale.ROOT, format, args));
        }

        @Override
        public void json(Object document) {
            docs.add(document);
        }

        JsonNode doc() {
            return Output.json().valueToTree(docs.get(0));
        }
    }

    @TempDir
    Path tmp;
    Captured out;
    PolicyCommands commands;

    @BeforeEach
    void setUp() {
        out = new Captured();
        commands = new PolicyCommands(out, new HallmarkHome(tmp.resolve("home")));
    }

    @Test
    void showJsonForCnOnADate() throws Exception {
        commands.show("cn", "2025-11-01", true);
        JsonNode d = out.doc();
        assertThat(d.get("schema").asText()).isEqualTo("hallmark.policy-requirements/1");
        assertThat(d.at("/visibleLabel/text/value").asText()).isEqualTo("AI生成");
        assertThat(d.at("/visibleLabel/minHeightRatio/value").asDouble()).isEqualTo(0.05);
        assertThat(d.at("/visibleLabel/minSeconds/value").asDouble()).isEqualTo(2.0);
        assertThat(d.at("/aigcMetadata/value").asText()).isEqualTo("required");
        assertThat(d.at("/c2pa/value").asText()).isEqualTo("not-required");
        assertThat(d.at("/retention/generation-log/value/minimum").asText()).isEqualTo("P6M");
        assertThat(d.at("/screening/minLibraryTerms/value").asInt()).isEqualTo(10_000);
        assertThat(d.at("/rules/cn.aigc-metadata/sources/0/clause").asText()).startsWith("Art. 5(1)");
        assertThat(out.outcome()).isEqualTo(ExitCode.OK);
    }

    @Test
    void showTextNamesRulesAndReasons() throws Exception {
        commands.show("cn,eu,us-ca", "2026-09-01", false);
        String text = String.join("\n", out.lines);
        assertThat(text).contains("Visible label       required", "AI生成", "Watermark           required  [eu.watermark, us-ca.watermark]",
                "generation-log", "keep >= P6M", "detection-upload", "delete within P1D", "latent", "providerName");
    }

    @Test
    void checkSetsTheExitOutcome() throws Exception {
        commands.check("一只猫在草地上奔跑", "cn", "2026-09-01", null, null, true);
        assertThat(out.doc().get("decision").asText()).isEqualTo("allow");
        assertThat(out.outcome()).isEqualTo(ExitCode.OK);

        Captured blocked = new Captured();
        new PolicyCommands(blocked, new HallmarkHome(tmp.resolve("home"))).check("教我製作炸藥", "cn", "2026-09-01", null, null, true);
        assertThat(blocked.doc().get("decision").asText()).isEqualTo("block");
        assertThat(blocked.outcome()).isEqualTo(ExitCode.CHECK_FAILED);
        assertThat(blocked.notes).anyMatch(n -> n.startsWith("warning: library 'hallmark-starter'"));

        Captured consent = new Captured();
        new PolicyCommands(consent, new HallmarkHome(tmp.resolve("home"))).check("成龙打功夫", "cn", "2026-09-01", null, "C-7", false);
        assertThat(consent.lines.get(0)).isEqualTo("allow");
        assertThat(consent.lines).anyMatch(l -> l.contains("hallmark.consent.given"));
    }

    @Test
    void consentRegistryAndOverridesAreReadFromHome() throws Exception {
        Path home = tmp.resolve("home2");
        Files.createDirectories(home.resolve("config/policies"));
        Files.writeString(home.resolve("config/consents.jsonl"), "{\"format\":\"hallmark.consent-registry\",\"formatVersion\":1}\n");
        Files.writeString(home.resolve("config/policies/10-acme.json"), """
                {"format":"hallmark.policy-pack","formatVersion":1,"jurisdiction":"cn","title":"Acme","packVersion":"a1",
                 "published":"2026-01-01","mode":"override","rules":[{"id":"cn.watermark","kind":"watermark","level":"required",
                 "effectiveFrom":"2025-09-01","sources":[{"instrument":"Acme policy","clause":"1","basis":"design"}],
                 "justification":"Acme watermarks everything"}]}""");
        Captured c = new Captured();
        PolicyCommands pc = new PolicyCommands(c, new HallmarkHome(home));
        pc.check("成龙打功夫", "cn", "2026-09-01", null, "C-7", true);
        assertThat(c.doc().get("decision").asText()).as("C-7 is not in the registry").isEqualTo("needs-consent");
        pc.show("cn", "2026-09-01", true);
        assertThat(Output.json().valueToTree(c.docs.get(1)).at("/watermark/value").asText()).isEqualTo("required");
    }

    @Test
    void validateReportsEveryProblemAndExitsThree() throws Exception {
        Path bad = Files.writeString(tmp.resolve("bad.json"), """
                {"format":"hallmark.policy-pack","formatVersion":1,"jurisdiction":"cn","title":"x","packVersion":"1",
                 "published":"2026-01-01","mode":"override","rules":[{"id":"cn.x","kind":"watermark","level":"maybe",
                 "effectiveFrom":"2026-13-01","sources":[]}]}""");
        commands.validate(bad.toString(), false);
        assertThat(out.outcome()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(out.lines.get(0)).isEqualTo(bad + ": INVALID (invalid, 3 problems)");
        assertThat(out.lines).contains("  /rules/0/level: must be one of not-required, recommended, offered, required, got 'maybe'");

        Captured ok = new Captured();
        Path lib = Files.writeString(tmp.resolve("lib.tsv"), "#format: hallmark.screening-library/1\n#name: t\n#version: 1\nA.1.f\t炸药\n");
        new PolicyCommands(ok, new HallmarkHome(tmp.resolve("home"))).validate(lib.toString(), true);
        assertThat(ok.outcome()).isEqualTo(ExitCode.OK);
        assertThat(ok.doc().get("kind").asText()).isEqualTo("screening-library");
        assertThat(ok.doc().get("valid").asBoolean()).isTrue();

        Captured missing = new Captured();
        new PolicyCommands(missing, new HallmarkHome(tmp.resolve("home"))).validate(tmp.resolve("nope.json").toString(), true);
        assertThat(missing.outcome()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(missing.doc().get("reason").asText()).isEqualTo("UNREADABLE");
    }

    @Test
    void badArgumentsAreUsageErrors() {
        assertThatThrownBy(() -> commands.show("cn,mars", null, false)).isInstanceOfSatisfying(PolicyException.class,
                e -> assertThat(new PolicyErrors().translate(e).orElseThrow().exitCode()).isEqualTo(ExitCode.USAGE));
        assertThatThrownBy(() -> commands.show("cn", "2026-02-30", false)).isInstanceOfSatisfying(CliException.class,
                e -> assertThat(e.exitCode()).isEqualTo(ExitCode.USAGE));
        assertThatThrownBy(() -> commands.check("x", "cn", null, null, "bad id!", false)).isInstanceOfSatisfying(CliException.class,
                e -> assertThat(e.exitCode()).isEqualTo(ExitCode.USAGE));
        assertThatThrownBy(() -> commands.check("x", "cn", null, tmp.resolve("none.tsv").toString(), null, false))
                .isInstanceOfSatisfying(PolicyException.class,
                        e -> assertThat(new PolicyErrors().translate(e).orElseThrow().exitCode()).isEqualTo(ExitCode.BAD_INPUT));
    }
}
