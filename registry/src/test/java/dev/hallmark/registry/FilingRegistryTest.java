package dev.hallmark.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hallmark.registry.internal.FilingCodec;
import dev.hallmark.registry.note.NoteVerifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FilingRegistryTest {
    @TempDir
    Path tmp;

    private FilingRegistry open() throws RegistryException {
        return FilingRegistry.open(tmp.resolve("registry"), tmp.resolve("keys"), Fixtures.options());
    }

    @Test
    void filesProvesFindsAndReopens() throws Exception {
        Receipt r0;
        Receipt r1;
        String origin;
        try (FilingRegistry reg = open()) {
            origin = reg.origin();
            assertThat(origin).startsWith("hallmark.registry/");
            String id = reg.reserveId();
            r0 = reg.file(Fixtures.record(0, "一只熊猫在竹林里弹吉他").id(id).build());
            assertThat(r0.id()).isEqualTo(id);
            assertThat(r0.seq()).isEqualTo(0);
            assertThat(r0.leafIndex()).isEqualTo(0);
            r1 = reg.file(Fixtures.record(1, "A red fox jumping over a frozen lake at dawn").build());
            assertThat(r1.seq()).isEqualTo(1);

            Filing f = reg.get(id).orElseThrow();
            assertThat(f.record().prompt()).isEqualTo("一只熊猫在竹林里弹吉他");
            assertThat(f.record().userIdentity()).isEqualTo("user0@example.com");
            assertThat(f.personalData()).isEqualTo(Filing.PersonalData.AVAILABLE);
            assertThat(f.promptHash()).hasSize(64);
            assertThat(new String(f.leaf(), StandardCharsets.UTF_8)).doesNotContain("熊猫").doesNotContain("user0@example.com");
            assertThat(f.retainUntil()).isEqualTo(f.record().time().plus(Duration.ofDays(183)));

            InclusionProof p = reg.prove(id);
            Checkpoint c = reg.checkpoint();
            NoteVerifier key = ProofVerifier.key(c.origin(), Base64.getEncoder().encodeToString(c.publicKey()));
            assertThat(ProofVerifier.verify(p, key).valid()).isTrue();
            assertThat(p.toJson().keySet()).containsExactly("schema", "leaf", "leafIndex", "treeSize", "inclusionPath", "checkpoint");
            InclusionProof back = InclusionProof.fromJson(dev.hallmark.registry.internal.Json.MAPPER.writeValueAsString(p.toJson()));
            assertThat(ProofVerifier.verify(back, key).valid()).isTrue();
            // a proof for another leaf's bytes fails
            InclusionProof forged = new InclusionProof(reg.leaf(1), p.leafIndex(), p.treeSize(), p.inclusionPath(), p.checkpoint());
            assertThat(ProofVerifier.verify(forged, key)).isInstanceOf(ProofCheck.Invalid.class);

            assertThat(reg.awaitSearchable(Duration.ofSeconds(10))).isTrue();
            assertThat(reg.findByWatermark(Fixtures.record(1, "x").build().watermark())).extracting(FilingSummary::id).containsExactly(r1.id());
            assertThat(reg.find(Fixtures.sha("content 0"))).extracting(FilingSummary::seq).containsExactly(0L);
        }
        try (FilingRegistry reg = open()) {
            assertThat(reg.origin()).isEqualTo(origin);
            assertThat(reg.size()).isEqualTo(2);
            assertThat(reg.recoveryNotes()).isEmpty();
            assertThat(reg.get(r1.id()).orElseThrow().record().prompt()).startsWith("A red fox");
            Receipt r2 = reg.file(Fixtures.record(2, "third").build());
            assertThat(r2.seq()).isEqualTo(2);
            ConsistencyProof cp = reg.consistency(2);
            Checkpoint c = reg.checkpoint();
            NoteVerifier key = ProofVerifier.key(c.origin(), Base64.getEncoder().encodeToString(c.publicKey()));
            assertThat(ProofVerifier.verify(cp, key, cp.fromRoot()).valid()).isTrue();
            byte[] wrong = cp.fromRoot();
            wrong[3] ^= 1;
            assertThat(ProofVerifier.verify(cp, key, wrong).valid()).isFalse();
        }
        VerifyReport v = RegistryVerifier.verify(tmp.resolve("registry"), tmp.resolve("keys"), Fixtures.options(), n -> { });
        assertThat(v.problems()).isEmpty();
        assertThat(v.records()).isEqualTo(3);
    }

    @Test
    void rejectsDuplicatesInvalidRecordsAndUnknownFilings() throws Exception {
        try (FilingRegistry reg = open()) {
            String id = reg.reserveId();
            reg.file(Fixtures.record(0, "p").id(id).build());
            assertThatThrownBy(() -> reg.file(Fixtures.record(1, "q").id(id).build()))
                    .isInstanceOf(RegistryException.class)
                    .extracting(e -> ((RegistryException) e).reason()).isEqualTo(RegistryException.Reason.DUPLICATE_ID);
            // two concurrent filings with one id: exactly one wins, no sequence gap
            String id2 = reg.reserveId();
            CompletableFuture<Receipt> a = reg.fileAsync(Fixtures.record(2, "a").id(id2).build());
            CompletableFuture<Receipt> b = reg.fileAsync(Fixtures.record(3, "b").id(id2).build());
            int ok = 0;
            for (CompletableFuture<Receipt> f : List.of(a, b)) {
                try {
                    f.join();
                    ok++;
                } catch (Exception e) {
                    assertThat(e.getCause()).isInstanceOf(RegistryException.class);
                }
            }
            assertThat(ok).isEqualTo(1);
            assertThat(reg.size()).isEqualTo(2);
            assertThatThrownBy(() -> Fixtures.record(4, "x").watermark("xyz").build()).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> Fixtures.record(4, "x").contentSha256("00").build()).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> Fixtures.record(4, "x").jurisdictions("china").build()).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> reg.file(Fixtures.record(5, "x").model(new ModelRef("m", "1", Fixtures.FILING_NUMBER)).build()))
                    .extracting(e -> ((RegistryException) e).reason()).isEqualTo(RegistryException.Reason.UNKNOWN_ALGORITHM_FILING);
        }
    }

    @Test
    void algorithmFilingsKeepHistoryAndGenerationsLinkToTheVersionInForce() throws Exception {
        AlgorithmFiling f1 = new AlgorithmFiling(Fixtures.FILING_NUMBER, "Hallmark 视频生成算法", List.of("hallmark-video"),
                "Hallmark Ltd", LocalDate.parse("2025-03-01"), null, AlgorithmFiling.Status.ACTIVE, null);
        assertThatThrownBy(() -> new AlgorithmFiling("网信算备12345号", "a", List.of("m"), "p", LocalDate.now(), null,
                AlgorithmFiling.Status.ACTIVE, null)).isInstanceOf(IllegalArgumentException.class);
        long firstSeq;
        try (FilingRegistry reg = open()) {
            AlgorithmFilingHistory.Version v1 = reg.fileAlgorithm(f1);
            assertThat(v1.change()).isEqualTo(AlgorithmFilingHistory.Change.FILED);
            firstSeq = v1.seq();
            Receipt g1 = reg.file(Fixtures.record(0, "p").build());
            assertThat(g1.algorithmFilingSeq()).isEqualTo(v1.seq());
            assertThat(reg.get(g1.id()).orElseThrow().record().model().filingNumber()).isEqualTo(Fixtures.FILING_NUMBER);
            AlgorithmFiling f2 = new AlgorithmFiling(Fixtures.FILING_NUMBER, "Hallmark 视频生成算法 v2", List.of("hallmark-video", "hallmark-video-xl"),
                    "Hallmark Ltd", LocalDate.parse("2025-03-01"), LocalDate.parse("2025-09-01"), AlgorithmFiling.Status.ACTIVE, "added XL");
            assertThatThrownBy(() -> reg.fileAlgorithm(new AlgorithmFiling(f2.number(), f2.algorithm(), f2.models(), f2.provider(),
                    f2.filedOn(), null, f2.status(), null))).extracting(e -> ((RegistryException) e).reason())
                    .isEqualTo(RegistryException.Reason.INVALID_RECORD);
            AlgorithmFilingHistory.Version v2 = reg.fileAlgorithm(f2);
            assertThat(v2.change()).isEqualTo(AlgorithmFilingHistory.Change.CHANGED);
            Receipt g2 = reg.file(Fixtures.record(1, "q").model(new ModelRef("hallmark-video-xl", "2.0", Fixtures.FILING_NUMBER)).build());
            assertThat(g2.algorithmFilingSeq()).isEqualTo(v2.seq());
        }
        try (FilingRegistry reg = open()) {
            AlgorithmFilingHistory h = reg.algorithmFiling(Fixtures.FILING_NUMBER).orElseThrow();
            assertThat(h.versions()).hasSize(2);
            assertThat(h.versions().get(0).seq()).isEqualTo(firstSeq);
            assertThat(h.current().filing().models()).contains("hallmark-video-xl");
        }
    }

    @Test
    void erasureShredsThePromptKeepsProofsAndLogsTheDeletion() throws Exception {
        List<String> warnings = new CopyOnWriteArrayList<>();
        Path dir = tmp.resolve("registry");
        try (FilingRegistry reg = FilingRegistry.open(dir, tmp.resolve("keys"), Fixtures.options(warnings))) {
            Receipt a = reg.file(Fixtures.record(0, "秘密的提示词 giraffe").build());
            Receipt b = reg.file(Fixtures.record(1, "another giraffe prompt").build());
            assertThat(reg.awaitSearchable(Duration.ofSeconds(10))).isTrue();
            assertThat(reg.search(SearchQuery.builder().text("giraffe").build()).hits()).hasSize(2);
            ShredResult r = reg.erase(a.id(), "request 42");
            assertThat(r.outcome()).isEqualTo(ShredResult.Outcome.SHREDDED);
            assertThat(reg.erase(a.id(), null).outcome()).isEqualTo(ShredResult.Outcome.ALREADY_SHREDDED);
            Filing f = reg.get(a.id()).orElseThrow();
            assertThat(f.personalData()).isEqualTo(Filing.PersonalData.SHREDDED);
            assertThat(f.record().prompt()).isNull();
            assertThat(f.record().userIdentity()).isNull();
            assertThat(f.shredding().reason()).isEqualTo("ERASURE");
            assertThat(f.shredding().seq()).isEqualTo(r.shredSeq());
            // the prompt has left the index; the other filing is still found
            assertThat(reg.search(SearchQuery.builder().text("giraffe").build()).hits()).extracting(FilingSummary::id).containsExactly(b.id());
            assertThat(reg.search(SearchQuery.builder().text("秘密").build()).hits()).isEmpty();
            assertThat(reg.search(SearchQuery.builder().contentSha256(Fixtures.sha("content 0")).build()).hits())
                    .singleElement().extracting(FilingSummary::shredded).isEqualTo(true);
            // proof of the shredded filing still verifies; the shred record itself is provable too
            Checkpoint c = reg.checkpoint();
            NoteVerifier key = ProofVerifier.key(c.origin(), Base64.getEncoder().encodeToString(c.publicKey()));
            assertThat(ProofVerifier.verify(reg.prove(a.id()), key).valid()).isTrue();
            InclusionProof sp = reg.prove(r.shredSeq());
            assertThat(ProofVerifier.verify(sp, key).valid()).isTrue();
            assertThat(new String(sp.leaf(), StandardCharsets.UTF_8)).contains(FilingCodec.SHRED_SCHEMA).contains(a.id());
        }
        VerifyReport v = RegistryVerifier.verify(dir, tmp.resolve("keys"), Fixtures.options(), n -> { });
        assertThat(v.problems()).isEmpty();
        assertThat(v.indexedDocuments()).isEqualTo(2);
        // the erased prompt's words are gone from the index files themselves, not just hidden from searches
        try (var d = org.apache.lucene.store.FSDirectory.open(dir.resolve("index"));
             var reader = org.apache.lucene.index.DirectoryReader.open(d)) {
            for (var leaf : reader.leaves()) {
                assertThat(leaf.reader().maxDoc()).as("no deleted documents kept").isEqualTo(leaf.reader().numDocs());
                for (String[] fieldTerm : new String[][] {{"promptZh", "秘密"}, {"promptStd", "秘"}, {"promptZh", "提示"}}) {
                    var terms = leaf.reader().terms(fieldTerm[0]);
                    if (terms != null) {
                        assertThat(terms.iterator().seekExact(new org.apache.lucene.util.BytesRef(fieldTerm[1])))
                                .as("term %s in %s", fieldTerm[1], fieldTerm[0]).isFalse();
                    }
                }
            }
            // and the other filing's prompt is still there
            assertThat(reader.docFreq(new org.apache.lucene.index.Term("promptStd", "giraffe"))).isEqualTo(1);
        }
    }

    @Test
    void retentionRunShredsExpiredRecordsOnly() throws Exception {
        try (FilingRegistry reg = open()) {
            Instant t0 = Instant.parse("2026-01-01T00:00:00Z");
            Receipt shortOne = reg.file(Fixtures.record(0, "short lived").time(t0).retention(RetentionClass.SHORT).build());
            Receipt std = reg.file(Fixtures.record(1, "standard").time(t0).build());
            Receipt hold = reg.file(Fixtures.record(2, "held").time(t0).retention(RetentionClass.LEGAL_HOLD).build());
            Receipt none = reg.file(Fixtures.record(3, null).userIdentity(null).time(t0).retention(RetentionClass.SHORT).build());
            RetentionReport rr = reg.runRetention(t0.plus(Duration.ofDays(31)));
            assertThat(rr.shredded()).extracting(ShredResult::id).containsExactly(shortOne.id());
            assertThat(reg.get(std.id()).orElseThrow().personalData()).isEqualTo(Filing.PersonalData.AVAILABLE);
            assertThat(reg.get(none.id()).orElseThrow().personalData()).isEqualTo(Filing.PersonalData.NONE);
            RetentionReport later = reg.runRetention(t0.plus(Duration.ofDays(4000)));
            assertThat(later.shredded()).extracting(ShredResult::id).containsExactly(std.id());
            assertThat(later.alreadyShredded()).isEqualTo(1);
            assertThat(reg.get(hold.id()).orElseThrow().personalData()).isEqualTo(Filing.PersonalData.AVAILABLE);
            assertThat(reg.get(shortOne.id()).orElseThrow().shredding().reason()).isEqualTo("RETENTION");
        }
    }

    @Test
    void importValidatesTheWholeFileFirstThenFilesEverything() throws Exception {
        Path good = tmp.resolve("good.jsonl");
        Path bad = tmp.resolve("bad.jsonl");
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            lines.add(dev.hallmark.registry.internal.Json.MAPPER.writeValueAsString(FilingJson.toJson(Fixtures.record(i, "prompt " + i).build())));
        }
        Files.write(good, lines);
        List<String> badLines = new ArrayList<>(lines.subList(0, 3));
        badLines.add("{\"time\":\"2026-01-01T00:00:00Z\",\"actor\":\"u\",\"jurisdictions\":[\"CN\"],\"model\":{\"name\":\"m\",\"version\":\"1\"},\"contentSha256\":\"zz\"}");
        badLines.add("{\"unexpected\":1}");
        Files.write(bad, badLines);
        try (FilingRegistry reg = open()) {
            assertThatThrownBy(() -> reg.importJsonl(bad, n -> { }))
                    .isInstanceOf(RegistryException.class)
                    .hasMessageContaining("line 4").hasMessageContaining("line 5").hasMessageContaining("contentSha256");
            assertThat(reg.size()).isZero();
            ImportReport r = reg.importJsonl(good, n -> { });
            assertThat(r.filed()).isEqualTo(500);
            assertThat(r.firstSeq()).isZero();
            assertThat(r.lastSeq()).isEqualTo(499);
            assertThat(reg.size()).isEqualTo(500);
        }
    }
}
