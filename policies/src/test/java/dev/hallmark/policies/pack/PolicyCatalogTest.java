package dev.hallmark.policies.pack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hallmark.policies.Jurisdiction;
import dev.hallmark.policies.PolicyException;
import dev.hallmark.policies.PolicyException.Reason;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class PolicyCatalogTest {
    static byte[] shipped(String name) throws Exception {
        try (InputStream in = PolicyCatalog.class.getResourceAsStream(PolicyCatalog.BUILTIN_DIR + name)) {
            return in.readAllBytes();
        }
    }

    static String sum(String name) throws Exception {
        for (String line : new String(shipped("SHA256SUMS"), StandardCharsets.UTF_8).split("\n")) {
            if (line.endsWith("  " + name)) {
                return line.substring(0, 64);
            }
        }
        throw new AssertionError(name);
    }

    @Test
    void shippedDigestsMatch() throws Exception {
        for (String n : List.of("cn.json", "eu.json", "us-ca.json", "none.json")) {
            assertThat(PolicyCatalog.sha256(shipped(n))).as("regenerate SHA256SUMS after editing %s", n).isEqualTo(sum(n));
        }
    }

    @Test
    void seededBitFlipsAndTruncationsOfAShippedPackAreDetected() throws Exception {
        long seed = 0x5EED_6L;
        Random rnd = new Random(seed);
        byte[] good = shipped("cn.json");
        String digest = sum("cn.json");
        for (int i = 0; i < 200; i++) {
            byte[] bad = good.clone();
            int pos = rnd.nextInt(bad.length);
            bad[pos] ^= (byte) (1 << rnd.nextInt(8));
            assertThatThrownBy(() -> PolicyCatalog.verifyAndParse(bad, "cn.json", digest))
                    .as("seed %d flip %d at %d", seed, i, pos)
                    .isInstanceOfSatisfying(PolicyException.class, e -> assertThat(e.reason()).isEqualTo(Reason.CORRUPT));
            int len = rnd.nextInt(good.length);
            byte[] cut = java.util.Arrays.copyOf(good, len);
            assertThatThrownBy(() -> PolicyCatalog.verifyAndParse(cut, "cn.json", digest))
                    .as("seed %d truncation to %d", seed, len)
                    .isInstanceOfSatisfying(PolicyException.class, e -> assertThat(e.reason()).isEqualTo(Reason.CORRUPT));
        }
        assertThat(PolicyCatalog.verifyAndParse(good, "cn.json", digest).jurisdiction()).isEqualTo("cn");
    }

    static PolicyPack override(String rulesJson) throws PolicyException {
        String json = "{\"format\":\"hallmark.policy-pack\",\"formatVersion\":1,\"jurisdiction\":\"cn\",\"title\":\"op\","
                + "\"packVersion\":\"op.1\",\"published\":\"2026-03-01\",\"mode\":\"override\",\"rules\":[" + rulesJson + "]}";
        return PackReader.parse(json.getBytes(StandardCharsets.UTF_8), "op.json", "op.json");
    }

    static final String CN_WATERMARK_REQUIRED = "{\"id\":\"cn.watermark\",\"kind\":\"watermark\",\"level\":\"required\","
            + "\"effectiveFrom\":\"2026-01-01\",\"sources\":[{\"instrument\":\"Operator policy\",\"clause\":\"3.2\",\"basis\":\"design\"}]";

    @Test
    void overrideReplacingAShippedRuleNeedsAJustification() throws Exception {
        List<PolicyPack> packs = new ArrayList<>(PolicyCatalog.builtinPacks());
        packs.add(override(CN_WATERMARK_REQUIRED + "}"));
        assertThatThrownBy(() -> PolicyCatalog.of(packs)).isInstanceOfSatisfying(PolicyException.class, e -> {
            assertThat(e.reason()).isEqualTo(Reason.INVALID);
            assertThat(e.getMessage()).startsWith("op.json: /rules/0/justification: rule 'cn.watermark' replaces a rule from builtin:cn.json");
        });
        packs.set(packs.size() - 1, override(CN_WATERMARK_REQUIRED + ",\"justification\":\"we always watermark\"}"));
        PolicyCatalog c = PolicyCatalog.of(packs);
        EffectiveRule wm = c.rules(Jurisdiction.CN).stream().filter(r -> r.rule().id().equals("cn.watermark")).findFirst().orElseThrow();
        assertThat(wm.replacedShipped()).isTrue();
        assertThat(wm.origin()).isEqualTo("op.json@op.1");
        assertThat(c.packs(Jurisdiction.CN)).hasSize(2);
    }

    @Test
    void overrideMayAddRulesAndCannotChangeAKind() throws Exception {
        List<PolicyPack> packs = new ArrayList<>(PolicyCatalog.builtinPacks());
        packs.add(override(CN_WATERMARK_REQUIRED.replace("cn.watermark", "cn.op.extra-watermark") + "}"));
        assertThat(PolicyCatalog.of(packs).rules(Jurisdiction.CN)).extracting(r -> r.rule().id()).contains("cn.op.extra-watermark");
        packs.set(packs.size() - 1, override(CN_WATERMARK_REQUIRED.replace("cn.watermark", "cn.aigc-metadata")
                + ",\"justification\":\"x\"}"));
        assertThatThrownBy(() -> PolicyCatalog.of(packs)).hasMessageContaining("cannot change its kind");
    }

    @Test
    void baseForAShippedJurisdictionAndOverrideOfAnUnknownOneAreRejected() throws Exception {
        List<PolicyPack> packs = new ArrayList<>(PolicyCatalog.builtinPacks());
        PolicyPack cnAgain = packs.get(0);
        packs.add(new PolicyPack(cnAgain.jurisdiction(), "again", "9", cnAgain.published(), PolicyPack.Mode.BASE,
                cnAgain.rules(), "again.json"));
        assertThatThrownBy(() -> PolicyCatalog.of(packs)).hasMessageContaining("use \"mode\": \"override\"");
        List<PolicyPack> only = new ArrayList<>(PolicyCatalog.builtinPacks().subList(1, 4));
        only.add(override(CN_WATERMARK_REQUIRED + "}"));
        assertThatThrownBy(() -> PolicyCatalog.of(only)).hasMessageContaining("no pack defines that jurisdiction");
    }

    @Test
    void unknownJurisdictionListsKnownOnes() throws Exception {
        assertThatThrownBy(() -> PolicyCatalog.builtin().rules(new Jurisdiction("uk")))
                .isInstanceOfSatisfying(PolicyException.class, e -> {
                    assertThat(e.reason()).isEqualTo(Reason.UNKNOWN_JURISDICTION);
                    assertThat(e.getMessage()).contains("known: cn, eu, us-ca, none");
                });
    }
}
