package dev.hallmark.cli.commands;

import dev.hallmark.cli.CliException;
import dev.hallmark.cli.ExitCode;
import dev.hallmark.cli.HallmarkHome;
import dev.hallmark.cli.Output;
import dev.hallmark.cli.Progress;
import dev.hallmark.registry.Checkpoint;
import dev.hallmark.registry.ConsistencyProof;
import dev.hallmark.registry.ExportReport;
import dev.hallmark.registry.Filing;
import dev.hallmark.registry.FilingJson;
import dev.hallmark.registry.FilingRegistry;
import dev.hallmark.registry.FilingSummary;
import dev.hallmark.registry.ImportReport;
import dev.hallmark.registry.InclusionProof;
import dev.hallmark.registry.ProofCheck;
import dev.hallmark.registry.ProofVerifier;
import dev.hallmark.registry.RegistryException;
import dev.hallmark.registry.RegistryOptions;
import dev.hallmark.registry.RegistryVerifier;
import dev.hallmark.registry.RetentionReport;
import dev.hallmark.registry.SearchQuery;
import dev.hallmark.registry.SearchResult;
import dev.hallmark.registry.ShredResult;
import dev.hallmark.registry.VerifyReport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.shell.core.command.annotation.Argument;
import org.springframework.shell.core.command.annotation.Command;
import org.springframework.shell.core.command.annotation.Option;
import org.springframework.stereotype.Component;

/**
 * {@code hallmark audit ...}: search, show, prove, check and export the filing registry under
 * {@code $HALLMARK_HOME/registry} (keys under {@code $HALLMARK_HOME/keys}).
 */
@Component
public class AuditCommands {
    private final HallmarkHome home;
    private final Output output;

    public AuditCommands(HallmarkHome home, Output output) {
        this.home = home;
        this.output = output;
    }

    /** Opens the registry; with {@code catchUpIndex} waits (with progress) until the search index covers the journal. */
    static FilingRegistry open(HallmarkHome home, Output output, boolean catchUpIndex) throws RegistryException {
        RegistryOptions o = RegistryOptions.defaults().withWarnings(w -> output.note("hallmark registry: %s", w));
        FilingRegistry reg = FilingRegistry.open(home.registry(), home.keys(), o);
        if (catchUpIndex) {
            try {
                long size = reg.size();
                if (reg.indexedThrough() < size) {
                    try (Progress p = output.progress("indexing", size)) {
                        while (!reg.awaitSearchable(Duration.ofMillis(200))) {
                            p.accept(reg.indexedThrough());
                        }
                        p.accept(size);
                    }
                }
            } catch (RegistryException | RuntimeException e) {
                reg.close();
                throw e;
            }
        }
        return reg;
    }

    @Command(name = "audit search", group = "Audit", description = "Search filings by prompt text, time, model, user, content hash or watermark")
    public void search(
            @Option(longName = "query", description = "words of the prompt (Chinese or Latin script)") String query,
            @Option(longName = "from", description = "earliest generation time (YYYY-MM-DD or ISO-8601)") String from,
            @Option(longName = "to", description = "latest generation time (YYYY-MM-DD or ISO-8601)") String to,
            @Option(longName = "model", description = "model name or name@version") String model,
            @Option(longName = "user", description = "pseudonymous user id (actor)") String user,
            @Option(longName = "content-hash", description = "SHA-256 of the released file (hex)") String contentHash,
            @Option(longName = "watermark", description = "watermark payload (16 hex digits)") String watermark,
            @Option(longName = "jurisdiction", description = "jurisdiction code, e.g. CN") String jurisdiction,
            @Option(longName = "limit", description = "most hits to show (default 50)", defaultValue = "50") int limit,
            @Option(longName = "json", description = "print a hallmark.search/1 JSON document") boolean json) throws RegistryException {
        SearchQuery q;
        try {
            q = new SearchQuery(query, from == null ? null : SearchQuery.parseTime(from, false),
                    to == null ? null : SearchQuery.parseTime(to, true), model, user, jurisdiction, contentHash, watermark, null,
                    limit == 0 ? 50 : limit);
        } catch (IllegalArgumentException e) {
            throw CliException.usage(e.getMessage());
        }
        try (FilingRegistry reg = open(home, output, true)) {
            SearchResult r = reg.search(q);
            if (json) {
                Map<String, Object> doc = new LinkedHashMap<>();
                doc.put("schema", "hallmark.search/1");
                doc.put("total", r.totalHits());
                doc.put("totalIsLowerBound", r.totalIsLowerBound());
                doc.put("indexedThrough", r.indexedThrough());
                doc.put("journalSize", r.journalSize());
                doc.put("hits", r.hits().stream().map(AuditCommands::hitJson).toList());
                output.json(doc);
                return;
            }
            output.line("%d%s filing(s)%s", r.totalHits(), r.totalIsLowerBound() ? "+" : "",
                    r.totalHits() > r.hits().size() ? ", newest " + r.hits().size() + " shown" : "");
            for (FilingSummary h : r.hits()) {
                output.line("%-8d %s  %s  %-12s %-24s wm=%s sha=%s%s", h.seq(), h.id(), h.time(), h.actor(),
                        h.model() + "@" + h.modelVersion(), h.watermark() == null ? "-" : h.watermark(),
                        h.contentSha256().substring(0, 16), h.shredded() ? "  [personal data shredded]" : "");
            }
        }
    }

    static Map<String, Object> hitJson(FilingSummary h) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("seq", h.seq());
        m.put("id", h.id());
        m.put("time", h.time().toString());
        m.put("actor", h.actor());
        m.put("model", h.model());
        m.put("modelVersion", h.modelVersion());
        m.put("jurisdictions", h.jurisdictions());
        m.put("contentSha256", h.contentSha256());
        m.put("watermark", h.watermark());
        m.put("manifestId", h.manifestId());
        m.put("decision", h.decision());
        m.put("shredded", h.shredded());
        return m;
    }

    @Command(name = "audit show", group = "Audit", description = "Show one filing (personal data included while its key exists)")
    public void show(
            @Argument(index = 0, description = "filing id") String id,
            @Option(longName = "json", description = "print a hallmark.filing-view/1 JSON document") boolean json) throws RegistryException {
        requireId(id);
        try (FilingRegistry reg = open(home, output, false)) {
            Filing f = reg.get(id.strip()).orElseThrow(() -> CliException.badInput("no filing with id " + id.strip()));
            Map<String, Object> doc = new LinkedHashMap<>();
            doc.put("schema", "hallmark.filing-view/1");
            doc.put("seq", f.seq());
            doc.put("leafIndex", f.seq());
            doc.put("leafHash", HexFormat.of().formatHex(f.leafHash()));
            doc.put("personalData", f.personalData().name());
            if (f.shredding() != null) {
                doc.put("shredding", Map.of("seq", f.shredding().seq(), "time", f.shredding().time().toString(), "reason", f.shredding().reason()));
            }
            doc.put("promptHash", f.promptHash());
            doc.put("retainUntil", f.retainUntil().equals(Instant.MAX) ? "never" : f.retainUntil().toString());
            doc.put("algorithmFilingSeq", f.algorithmFilingSeq());
            doc.put("record", FilingJson.toJson(f.record()));
            if (json) {
                output.json(doc);
                return;
            }
            var r = f.record();
            output.line("filing %s  (seq %d)", r.id(), f.seq());
            output.line("  time          %s", r.time());
            output.line("  actor         %s", r.actor());
            output.line("  jurisdictions %s", String.join(", ", r.jurisdictions()));
            output.line("  model         %s%s", r.model().label(), r.model().filingNumber() == null ? "" : "  filing " + r.model().filingNumber());
            output.line("  content       sha256 %s", r.contentSha256());
            output.line("  manifest      %s", r.manifestId() == null ? "-" : r.manifestId());
            output.line("  watermark     %s", r.watermark() == null ? "-" : r.watermark());
            output.line("  policy        %s %s", r.policy().decision(), r.policy().ruleIds());
            output.line("  verification  %s %s", r.verification().result(), r.verification().codes());
            output.line("  retention     %s until %s", r.retention(), doc.get("retainUntil"));
            switch (f.personalData()) {
                case AVAILABLE -> {
                    output.line("  prompt        %s", r.prompt() == null ? "-" : r.prompt());
                    output.line("  user          %s", r.userIdentity() == null ? "-" : r.userIdentity());
                }
                case SHREDDED -> output.line("  personal data shredded (%s) at %s, logged as seq %d",
                        f.shredding().reason(), f.shredding().time(), f.shredding().seq());
                case NONE -> output.line("  personal data none filed");
            }
        }
    }

    @Command(name = "audit prove", group = "Audit", description = "Print the inclusion proof of a filing with a signed checkpoint")
    public void prove(
            @Argument(index = 0, description = "filing id") String id,
            @Option(longName = "json", description = "print the hallmark.proof/1 JSON document") boolean json) throws RegistryException {
        requireId(id);
        try (FilingRegistry reg = open(home, output, false)) {
            InclusionProof p = reg.prove(id.strip());
            if (json) {
                output.json(p.toJson());
                return;
            }
            Checkpoint c = reg.checkpoint();
            ProofCheck check = ProofVerifier.verify(p, c.verifier());
            output.line("filing %s is leaf %d of the tree of %d records", id.strip(), p.leafIndex(), p.treeSize());
            output.line("leaf hash %s", HexFormat.of().formatHex(p.leafHash()));
            output.line("inclusion path (%d hashes):", p.inclusionPath().size());
            p.inclusionPath().forEach(h -> output.line("  %s", HexFormat.of().formatHex(h)));
            output.line("checkpoint:");
            p.checkpoint().lines().forEach(l -> output.line("  %s", l));
            output.line("checked here against the log key: %s", check.valid() ? "valid" : "INVALID " + check);
            if (!check.valid()) {
                output.exit(ExitCode.CHECK_FAILED);
            }
        } catch (RegistryException e) {
            if (e.reason() == RegistryException.Reason.NOT_FOUND) {
                throw CliException.badInput("no filing with id " + id.strip());
            }
            throw e;
        }
    }

    @Command(name = "audit consistency", group = "Audit", description = "Prove that the log extends its earlier tree of N records")
    public void consistency(
            @Option(longName = "from-size", description = "tree size of the earlier checkpoint you hold", required = true) long fromSize,
            @Option(longName = "json", description = "print a hallmark.consistency/1 JSON document") boolean json) throws RegistryException {
        if (fromSize < 1) {
            throw CliException.usage("--from-size must be at least 1");
        }
        try (FilingRegistry reg = open(home, output, false)) {
            if (fromSize > reg.size()) {
                throw CliException.badInput("--from-size " + fromSize + " is larger than the log (" + reg.size() + " records)");
            }
            ConsistencyProof p = reg.consistency(fromSize);
            if (json) {
                output.json(p.toJson());
                return;
            }
            output.line("tree of %d records (root %s)", p.fromSize(), HexFormat.of().formatHex(p.fromRoot()));
            output.line("is a prefix of the tree of %d records (root %s)", p.toSize(), HexFormat.of().formatHex(p.toRoot()));
            output.line("consistency path (%d hashes):", p.path().size());
            p.path().forEach(h -> output.line("  %s", HexFormat.of().formatHex(h)));
            output.line("checkpoint:");
            p.checkpoint().lines().forEach(l -> output.line("  %s", l));
        }
    }

    @Command(name = "audit checkpoint", group = "Audit", description = "Sign and print the latest checkpoint and the log's public key")
    public void checkpoint(@Option(longName = "json", description = "print a hallmark.checkpoint/1 JSON document") boolean json)
            throws RegistryException {
        try (FilingRegistry reg = open(home, output, false)) {
            Checkpoint c = reg.checkpoint();
            if (json) {
                Map<String, Object> doc = new LinkedHashMap<>();
                doc.put("schema", "hallmark.checkpoint/1");
                doc.put("note", c.note());
                doc.put("publicKey", Base64.getEncoder().encodeToString(c.publicKey()));
                doc.put("origin", c.origin());
                doc.put("verifierKey", c.verifierKey());
                doc.put("treeSize", c.treeSize());
                doc.put("rootHash", c.rootHashHex());
                output.json(doc);
                return;
            }
            output.out().print(c.note());
            output.line("");
            output.line("verifier key: %s", c.verifierKey());
        }
    }

    @Command(name = "audit verify", group = "Audit",
            description = "Check every registry file: CRCs, tree vs checkpoints, sequence gaps, keys, search index (exit 1 on any problem)")
    public void verify(@Option(longName = "json", description = "print a hallmark.verify/1 JSON document") boolean json)
            throws RegistryException {
        Path dir = home.root().resolve("registry");
        if (!Files.isDirectory(dir)) {
            throw CliException.badInput(dir + ": no registry here (set HALLMARK_HOME)");
        }
        VerifyReport r;
        try (Progress p = output.progress("verifying records", 0)) {
            r = RegistryVerifier.verify(dir, home.keys(), RegistryOptions.defaults().withWarnings(w -> output.note("%s", w)), p);
        }
        if (json) {
            Map<String, Object> doc = new LinkedHashMap<>();
            doc.put("schema", "hallmark.verify/1");
            doc.put("ok", r.ok());
            doc.put("records", r.records());
            doc.put("checkpoints", r.checkpoints());
            doc.put("indexedDocuments", r.indexedDocuments());
            doc.put("rootHash", r.rootHash() == null ? null : HexFormat.of().formatHex(r.rootHash()));
            List<Object> ps = new ArrayList<>();
            for (VerifyReport.Problem pr : r.problems()) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("code", pr.code().name());
                m.put("file", pr.file() == null ? null : pr.file().toString());
                m.put("seq", pr.seq() < 0 ? null : pr.seq());
                m.put("offset", pr.offset() < 0 ? null : pr.offset());
                m.put("detail", pr.detail());
                ps.add(m);
            }
            doc.put("problems", ps);
            output.json(doc);
        } else if (r.ok()) {
            output.line("registry OK: %d records, %d signed checkpoints match the tree, %s", r.records(), r.checkpoints(),
                    r.indexedDocuments() < 0 ? "no search index" : r.indexedDocuments() + " search documents match the journal");
        } else {
            output.line("registry has %d problem(s):", r.problems().size());
            r.problems().forEach(p -> output.line("  %s", p));
        }
        if (!r.ok()) {
            output.exit(ExitCode.CHECK_FAILED);
        }
    }

    @Command(name = "audit export", group = "Audit",
            description = "Export the records of a time range with proofs, the checkpoint and a SHA-256 manifest")
    public void export(
            @Option(longName = "from", description = "start (YYYY-MM-DD or ISO-8601)", required = true) String from,
            @Option(longName = "to", description = "end (YYYY-MM-DD or ISO-8601)", required = true) String to,
            @Option(longName = "out", description = "new or empty folder to write", required = true) String out,
            @Option(longName = "json", description = "print a hallmark.export-report/1 JSON document") boolean json) throws RegistryException {
        Instant f;
        Instant t;
        try {
            f = SearchQuery.parseTime(from, false);
            t = SearchQuery.parseTime(to, true);
        } catch (IllegalArgumentException e) {
            throw CliException.usage(e.getMessage());
        }
        try (FilingRegistry reg = open(home, output, false)) {
            ExportReport r = reg.export(f, t, Path.of(out).toAbsolutePath());
            if (json) {
                Map<String, Object> doc = new LinkedHashMap<>();
                doc.put("schema", "hallmark.export-report/1");
                doc.put("dir", r.dir().toString());
                doc.put("records", r.records());
                doc.put("treeSize", r.treeSize());
                doc.put("files", r.files());
                output.json(doc);
            } else {
                output.line("exported %d record(s) with proofs against the tree of %d to %s", r.records(), r.treeSize(), r.dir());
                output.line("check it with: (cd %s && sha256sum -c SHA256SUMS)", r.dir());
            }
        }
    }

    @Command(name = "audit retention run", group = "Audit",
            description = "Crypto-shred the personal data of filings whose retention period has ended")
    public void retention(
            @Option(longName = "as-of", description = "treat this as the current time (default: now)") String asOf,
            @Option(longName = "json", description = "print a hallmark.retention-report/1 JSON document") boolean json) throws RegistryException {
        Instant now;
        try {
            now = asOf == null ? Instant.now() : SearchQuery.parseTime(asOf, false);
        } catch (IllegalArgumentException e) {
            throw CliException.usage(e.getMessage());
        }
        try (FilingRegistry reg = open(home, output, false)) {
            RetentionReport r = reg.runRetention(now);
            if (json) {
                Map<String, Object> doc = new LinkedHashMap<>();
                doc.put("schema", "hallmark.retention-report/1");
                doc.put("asOf", r.asOf().toString());
                doc.put("scanned", r.scanned());
                doc.put("alreadyShredded", r.alreadyShredded());
                doc.put("shredded", r.shredded().stream().map(AuditCommands::shredJson).toList());
                output.json(doc);
            } else {
                output.line("retention as of %s: %d record(s) scanned, %d shredded now, %d shredded earlier", r.asOf(), r.scanned(),
                        r.shredded().size(), r.alreadyShredded());
                r.shredded().forEach(s -> output.line("  %s (seq %d) -> shred record seq %d", s.id(), s.targetSeq(), s.shredSeq()));
            }
        }
    }

    @Command(name = "audit erase", group = "Audit",
            description = "Erase a filing's personal data (crypto-shredding); the deletion is logged and proofs stay valid")
    public void erase(
            @Argument(index = 0, description = "filing id") String id,
            @Option(longName = "note", description = "reference of the erasure request (no personal data; kept in the log)") String note,
            @Option(longName = "json", description = "print a hallmark.erasure/1 JSON document") boolean json) throws RegistryException {
        requireId(id);
        try (FilingRegistry reg = open(home, output, false)) {
            ShredResult r = reg.erase(id.strip(), note);
            if (json) {
                Map<String, Object> doc = new LinkedHashMap<>();
                doc.put("schema", "hallmark.erasure/1");
                doc.putAll(shredJson(r));
                output.json(doc);
                return;
            }
            switch (r.outcome()) {
                case SHREDDED -> output.line("erased the personal data of %s (seq %d); logged as seq %d", r.id(), r.targetSeq(), r.shredSeq());
                case ALREADY_SHREDDED -> output.line("%s was already erased (logged as seq %d)", r.id(), r.shredSeq());
                case NOTHING_TO_ERASE -> output.line("%s holds no personal data; nothing erased", r.id());
            }
        } catch (RegistryException e) {
            if (e.reason() == RegistryException.Reason.NOT_FOUND) {
                throw CliException.badInput("no filing with id " + id.strip());
            }
            throw e;
        }
    }

    static Map<String, Object> shredJson(ShredResult r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", r.id());
        m.put("seq", r.targetSeq());
        m.put("outcome", r.outcome().name());
        m.put("shredSeq", r.shredSeq() < 0 ? null : r.shredSeq());
        return m;
    }

    @Command(name = "audit import", group = "Audit",
            description = "File the records of a JSON-lines file (hallmark.filing/1 per line); the whole file is validated first")
    public void importJsonl(
            @Option(longName = "jsonl", description = "file with one filing JSON object per line", required = true) String file,
            @Option(longName = "json", description = "print a hallmark.import-report/1 JSON document") boolean json) throws RegistryException {
        Path p = Path.of(file);
        if (!Files.isRegularFile(p)) {
            throw CliException.badInput(p + ": no such file");
        }
        long lines;
        try (var s = Files.lines(p, java.nio.charset.StandardCharsets.UTF_8)) {
            lines = s.filter(l -> !l.isBlank()).count();
        } catch (java.io.IOException | java.io.UncheckedIOException e) {
            throw CliException.badInput(p + ": cannot read (" + e.getMessage() + ")");
        }
        try (FilingRegistry reg = open(home, output, false)) {
            ImportReport r;
            try (Progress pr = output.progress("filing", lines)) {
                r = reg.importJsonl(p, pr);
            }
            if (json) {
                Map<String, Object> doc = new LinkedHashMap<>();
                doc.put("schema", "hallmark.import-report/1");
                doc.put("filed", r.filed());
                doc.put("firstSeq", r.firstSeq());
                doc.put("lastSeq", r.lastSeq());
                output.json(doc);
            } else {
                output.line("filed %d record(s)%s", r.filed(), r.filed() == 0 ? "" : " as seq " + r.firstSeq() + ".." + r.lastSeq());
            }
        }
    }

    private static void requireId(String id) {
        if (id == null || id.isBlank()) {
            throw CliException.usage("give the filing id");
        }
    }
}
