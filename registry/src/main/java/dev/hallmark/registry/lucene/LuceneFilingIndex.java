package dev.hallmark.registry.lucene;

import dev.hallmark.registry.FilingRecord;
import dev.hallmark.registry.FilingSummary;
import dev.hallmark.registry.SearchQuery;
import dev.hallmark.registry.SearchResult;
import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.cn.smart.SmartChineseAnalyzer;
import org.apache.lucene.analysis.miscellaneous.PerFieldAnalyzerWrapper;
import org.apache.lucene.analysis.standard.StandardAnalyzer;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.KeywordField;
import org.apache.lucene.document.LongField;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.ConcurrentMergeScheduler;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.index.Term;
import org.apache.lucene.index.TieredMergePolicy;
import org.apache.lucene.queryparser.simple.SimpleQueryParser;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.SearcherManager;
import org.apache.lucene.search.Sort;
import org.apache.lucene.search.SortField;
import org.apache.lucene.search.SortedNumericSortField;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TopFieldDocs;
import org.apache.lucene.search.TotalHits;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;

/**
 * The search index: a Lucene 10 index derived from the journal, never the source of truth. One document per filing,
 * keyed by its sequence number ({@code updateDocument} makes replays idempotent). A background thread indexes what the
 * writer hands over (or reads the journal when it falls behind), commits on a timer with the next sequence number to
 * index in the commit user data (so a restart resumes there), and a timer refreshes the searcher so a filing is
 * searchable well within a second of its acknowledgement. A crypto-shredding rewrites the target document without its
 * prompt and then purges deleted documents ({@code forceMergeDeletes}) and commits, so the prompt's terms leave the
 * index files.
 *
 * <p>Fields: {@code seqKey} (string, update key), {@code seq}, {@code ts} (LongField, epoch ms, stored, sortable),
 * {@code id}, {@code actor}, {@code model} ({@code name} and {@code name@version}), {@code jurisdiction},
 * {@code decision}, {@code filing} (keywords), {@code sha}, {@code wm}, {@code manifest} (exact strings),
 * {@code promptZh} (SmartChineseAnalyzer), {@code promptStd} (StandardAnalyzer), {@code hasPrompt}, {@code shredded}.
 * The index is sorted newest first ({@code ts}, then {@code seq}, descending), the order results are returned in.
 */
public final class LuceneFilingIndex implements Closeable {
    /** Commit user-data key: the next journal sequence number to index. */
    public static final String NEXT_SEQ = "hallmark.next";
    public static final String FORMAT = "hallmark.format";

    static final String F_SEQKEY = "seqKey";
    static final String F_SEQ = "seq";
    static final String F_TS = "ts";
    static final String F_ID = "id";
    static final String F_ACTOR = "actor";
    static final String F_MODEL = "model";
    static final String F_MODEL_LABEL = "modelLabel";
    static final String F_JUR = "jurisdiction";
    static final String F_DECISION = "decision";
    static final String F_FILING = "filing";
    static final String F_SHA = "sha";
    static final String F_WM = "wm";
    static final String F_MANIFEST = "manifest";
    static final String F_ZH = "promptZh";
    static final String F_STD = "promptStd";
    static final String F_HAS_PROMPT = "hasPrompt";
    static final String F_SHREDDED = "shredded";

    /**
     * Lucene logs a WARNING on every start when the JDK's incubating vector module is not enabled; that is a
     * performance hint for vector search, which the registry does not use. The logger is held strongly so the level
     * sticks. Call before any other Lucene class loads.
     */
    public static void quietVectorHint() {
        VECTOR_HINT.setLevel(java.util.logging.Level.SEVERE);
    }

    private static final java.util.logging.Logger VECTOR_HINT =
            java.util.logging.Logger.getLogger("org.apache.lucene.internal.vectorization.VectorizationProvider");

    static {
        quietVectorHint();
    }

    /** Result order, and the index sort (so searches can terminate early). */
    static final Sort NEWEST_FIRST = new Sort(new SortedNumericSortField(F_TS, SortField.Type.LONG, true),
            new SortedNumericSortField(F_SEQ, SortField.Type.LONG, true));

    private static final Set<String> SUMMARY_FIELDS = Set.of(F_SEQ, F_TS, F_ID, F_ACTOR, F_MODEL_LABEL, F_JUR, F_SHA, F_WM,
            F_MANIFEST, F_DECISION, F_SHREDDED);

    private final Path dir;
    private final Directory directory;
    private final IndexWriter writer;
    private final SearcherManager searchers;
    private final Analyzer analyzer;
    private final IndexSource source;
    private final BlockingQueue<List<IndexItem>> queue = new ArrayBlockingQueue<>(256);
    private final Consumer<String> warnings;
    private final Thread indexer;
    private final java.util.concurrent.ScheduledExecutorService refresher;
    private final java.util.concurrent.ScheduledExecutorService committer;
    private final Object progress = new Object();
    private volatile long next;
    private volatile long committedNext;
    private volatile long searchableThrough;
    private volatile boolean running = true;
    private volatile Throwable failure;
    /** Rounds of {@link #purge} at most (a second is needed only when a natural merge raced the first). */
    private static final int PURGE_PASSES = 5;
    private volatile boolean purgeRequested;
    private volatile long purgeRequestedAt;
    private volatile long purgedThrough;

    private LuceneFilingIndex(Path dir, Directory directory, IndexWriter writer, Analyzer analyzer, IndexSource source,
            Duration refreshInterval, Duration commitInterval, Consumer<String> warnings) throws IOException {
        this.dir = dir;
        this.directory = directory;
        this.writer = writer;
        this.analyzer = analyzer;
        this.source = source;
        this.warnings = warnings;
        Map<String, String> data = new HashMap<>();
        Iterable<Map.Entry<String, String>> live = writer.getLiveCommitData();
        if (live != null) {
            live.forEach(e -> data.put(e.getKey(), e.getValue()));
        }
        long n = 0;
        try {
            n = Long.parseLong(data.getOrDefault(NEXT_SEQ, "0"));
        } catch (NumberFormatException e) {
            warnings.accept("search index commit data is unreadable; reindexing from the start");
        }
        this.next = n;
        this.committedNext = n;
        this.searchers = new SearcherManager(writer, null);
        this.searchableThrough = n;
        this.indexer = Thread.ofPlatform().name("hallmark-indexer").daemon(true).unstarted(this::run);
        this.refresher = java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r ->
                Thread.ofPlatform().name("hallmark-index-refresh").daemon(true).unstarted(r));
        long ms = Math.max(10, refreshInterval.toMillis());
        refresher.scheduleWithFixedDelay(this::refresh, ms, ms, TimeUnit.MILLISECONDS);
        // commits run beside the indexer (IndexWriter allows it), so a commit's fsyncs never stall indexing
        this.committer = java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r ->
                Thread.ofPlatform().name("hallmark-index-commit").daemon(true).unstarted(r));
        long cms = Math.max(100, commitInterval.toMillis());
        committer.scheduleWithFixedDelay(this::timedCommit, cms, cms, TimeUnit.MILLISECONDS);
        indexer.start();
    }

    /** Analyzer used for indexing and queries. */
    public static Analyzer analyzer() {
        return new PerFieldAnalyzerWrapper(new StandardAnalyzer(), Map.of(F_ZH, new SmartChineseAnalyzer()));
    }

    /**
     * Opens (or creates) the index in {@code dir}. If the index cannot be opened (damaged) or claims more than the
     * journal holds, it is deleted and rebuilt from the journal, with a warning.
     */
    public static LuceneFilingIndex open(Path dir, IndexSource source, Duration refreshInterval, Duration commitInterval,
            Consumer<String> warnings) throws IOException {
        Files.createDirectories(dir);
        Analyzer analyzer = analyzer();
        for (int attempt = 0; ; attempt++) {
            Directory d = FSDirectory.open(dir);
            IndexWriter w = null;
            try {
                IndexWriterConfig cfg = new IndexWriterConfig(analyzer);
                cfg.setOpenMode(IndexWriterConfig.OpenMode.CREATE_OR_APPEND);
                cfg.setRAMBufferSizeMB(64);
                cfg.setCommitOnClose(false);
                // documents sorted newest first inside every segment: a search sorted the same way stops after the first
                // `limit` matches of each segment instead of visiting every match of a broad query
                cfg.setIndexSort(NEWEST_FIRST);
                TieredMergePolicy mp = new TieredMergePolicy();
                mp.setForceMergeDeletesPctAllowed(0.0);
                cfg.setMergePolicy(mp);
                w = new IndexWriter(d, cfg);
                LuceneFilingIndex idx = new LuceneFilingIndex(dir, d, w, analyzer, source, refreshInterval, commitInterval, warnings);
                if (idx.next > source.durableSize()) {
                    idx.close();
                    throw new IOException("index claims " + idx.next + " records but the journal has " + source.durableSize());
                }
                return idx;
            } catch (IOException | RuntimeException e) {
                if (w != null) {
                    try {
                        w.rollback();
                    } catch (IOException | RuntimeException ignored) {
                        // best effort
                    }
                }
                d.close();
                if (attempt > 0) {
                    throw e instanceof IOException io ? io : new IOException(e);
                }
                warnings.accept("search index at " + dir + " is unusable (" + e.getMessage() + "); rebuilding it from the journal");
                deleteTree(dir);
                Files.createDirectories(dir);
            }
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (var s = Files.walk(dir)) {
            for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    /** Hands freshly acknowledged records to the indexer; never blocks (a full queue makes the indexer read the journal). */
    public void offer(List<IndexItem> batch) {
        if (!batch.isEmpty()) {
            queue.offer(batch);
        }
    }

    /** Next journal sequence number to be indexed (everything before it has been added to the writer). */
    public long indexedThrough() {
        return next;
    }

    /** Everything before this sequence number is visible to searches. */
    public long searchableThrough() {
        return searchableThrough;
    }

    public long committedThrough() {
        return committedNext;
    }

    /** Waits until records before {@code seq} are indexed and searchable; false on timeout. */
    public boolean awaitSearchable(long seq, Duration timeout) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (progress) {
            while (next < seq) {
                checkFailure();
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                try {
                    progress.wait(Math.max(1, left / 1_000_000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
        }
        refreshNow();
        return true;
    }

    private void checkFailure() throws IOException {
        Throwable f = failure;
        if (f != null) {
            throw new IOException("search indexer stopped: " + f.getMessage(), f);
        }
    }

    private void refresh() {
        try {
            long n = next;
            searchers.maybeRefresh();
            if (n > searchableThrough) {
                // maybeRefresh may skip when another refresh runs; only a blocking refresh guarantees coverage
                searchers.maybeRefreshBlocking();
                searchableThrough = n;
            }
        } catch (IOException | RuntimeException e) {
            failure = e;
        }
    }

    private void refreshNow() throws IOException {
        long n = next;
        searchers.maybeRefreshBlocking();
        if (n > searchableThrough) {
            searchableThrough = n;
        }
    }

    private void timedCommit() {
        try {
            if (next > committedNext && failure == null) {
                commit();
            }
        } catch (IOException | RuntimeException e) {
            failure = e;
            warnings.accept("search index commit failed: " + e);
        }
    }

    private void run() {
        try {
            while (running || !queue.isEmpty()) {
                List<IndexItem> batch = queue.poll(50, TimeUnit.MILLISECONDS);
                if (batch != null) {
                    long first = batch.get(0).seq();
                    if (first > next) {
                        catchUp(first);
                    }
                    apply(batch);
                } else if (source.durableSize() > next) {
                    catchUp(Math.min(source.durableSize(), next + 1024));
                }
                // purge once the backlog is processed (or after 10 s), not after every batch of a large retention run
                if (purgeRequested && ((queue.isEmpty() && source.durableSize() <= next)
                        || System.nanoTime() - purgeRequestedAt > 10_000_000_000L)) {
                    purgeRequested = false;
                    long through = next;
                    purge();
                    purgedThrough = through;
                    synchronized (progress) {
                        progress.notifyAll();
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Throwable t) {
            failure = t;
            warnings.accept("search indexer stopped: " + t);
        } finally {
            synchronized (progress) {
                progress.notifyAll();
            }
        }
    }

    /**
     * Physically removes the documents replaced by crypto-shredding: rewrite segments that hold deletions, commit,
     * move searchers off the old segments, and delete the files nothing references any more.
     */
    private void purge() throws IOException {
        // forceMergeDeletes skips a segment a natural merge already holds, and that merge carries the deletion into the
        // segment it writes: wait for running merges and go again until no segment keeps a deleted document (bounded;
        // the indexer thread is the only writer, so nothing deletes meanwhile)
        for (int pass = 0; pass < PURGE_PASSES; pass++) {
            writer.forceMergeDeletes(true);
            if (writer.getConfig().getMergeScheduler() instanceof ConcurrentMergeScheduler cms) {
                cms.sync();
            }
            if (!writer.hasDeletions()) {
                break;
            }
        }
        commit();
        refreshNow();
        writer.deleteUnusedFiles();
    }

    /** Waits until shreds logged before {@code seq} are purged from the index files; false on timeout. */
    public boolean awaitPurged(long seq, Duration timeout) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (progress) {
            while (purgedThrough < seq) {
                checkFailure();
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                try {
                    progress.wait(Math.max(1, left / 1_000_000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
        }
        return true;
    }

    private void catchUp(long until) throws IOException {
        while (next < until) {
            List<IndexItem> items = source.read(next, (int) Math.min(512, until - next));
            if (items.isEmpty()) {
                return;
            }
            apply(items);
        }
    }

    private void apply(List<IndexItem> items) throws IOException {
        for (IndexItem it : items) {
            if (it.seq() < next) {
                continue; // already indexed (replay)
            }
            if (it.seq() > next) {
                catchUp(it.seq());
                if (it.seq() != next) {
                    return;
                }
            }
            switch (it) {
                case IndexItem.FilingDoc f -> writer.updateDocument(key(f.seq()), document(f));
                case IndexItem.ShredDoc s -> {
                    if (s.targetSeq() < next) {
                        IndexItem.FilingDoc target = source.load(s.targetSeq());
                        writer.updateDocument(key(target.seq()), document(target));
                    }
                    if (!purgeRequested) {
                        purgeRequestedAt = System.nanoTime();
                    }
                    purgeRequested = true;
                }
                case IndexItem.Skip ignored -> {
                    // nothing to index
                }
            }
            synchronized (progress) {
                next = it.seq() + 1;
                progress.notifyAll();
            }
        }
    }

    private static Term key(long seq) {
        return new Term(F_SEQKEY, Long.toString(seq));
    }

    private static Document document(IndexItem.FilingDoc f) {
        FilingRecord r = f.record();
        Document d = new Document();
        d.add(new StringField(F_SEQKEY, Long.toString(f.seq()), Field.Store.NO));
        d.add(new LongField(F_SEQ, f.seq(), Field.Store.YES));
        d.add(new LongField(F_TS, r.time().toEpochMilli(), Field.Store.YES));
        d.add(new StringField(F_ID, r.id(), Field.Store.YES));
        d.add(new KeywordField(F_ACTOR, r.actor(), Field.Store.YES));
        d.add(new KeywordField(F_MODEL, r.model().name(), Field.Store.NO));
        d.add(new KeywordField(F_MODEL, r.model().label(), Field.Store.NO));
        d.add(new StoredField(F_MODEL_LABEL, r.model().label()));
        for (String j : r.jurisdictions()) {
            d.add(new KeywordField(F_JUR, j, Field.Store.YES));
        }
        d.add(new KeywordField(F_DECISION, r.policy().decision(), Field.Store.YES));
        if (r.model().filingNumber() != null) {
            d.add(new KeywordField(F_FILING, r.model().filingNumber(), Field.Store.NO));
        }
        if (r.contentSha256() != null) {
            d.add(new StringField(F_SHA, r.contentSha256(), Field.Store.YES));
        }
        if (r.watermark() != null) {
            d.add(new StringField(F_WM, r.watermark(), Field.Store.YES));
        }
        if (r.manifestId() != null) {
            d.add(new StringField(F_MANIFEST, r.manifestId(), Field.Store.YES));
        }
        if (r.prompt() != null && !f.shredded()) {
            d.add(new TextField(F_ZH, r.prompt(), Field.Store.NO));
            d.add(new TextField(F_STD, r.prompt(), Field.Store.NO));
            d.add(new StringField(F_HAS_PROMPT, "1", Field.Store.YES));
        }
        if (f.shredded()) {
            d.add(new StringField(F_SHREDDED, "1", Field.Store.YES));
        }
        return d;
    }

    private synchronized void commit() throws IOException {
        long n = next;
        writer.setLiveCommitData(List.of(Map.entry(NEXT_SEQ, Long.toString(n)), Map.entry(FORMAT, "1")));
        writer.commit();
        committedNext = n;
    }

    /** Runs a search over the current searcher. */
    public SearchResult search(SearchQuery q, long journalSize) throws IOException {
        checkFailure();
        Query query = query(q);
        IndexSearcher s = searchers.acquire();
        long through = searchableThrough;
        try {
            TopFieldDocs top = s.search(query, q.limit(), NEWEST_FIRST);
            StoredFields stored = s.storedFields();
            List<FilingSummary> hits = new ArrayList<>(top.scoreDocs.length);
            for (ScoreDoc sd : top.scoreDocs) {
                hits.add(summary(stored.document(sd.doc, SUMMARY_FIELDS)));
            }
            return new SearchResult(top.totalHits.value(), top.totalHits.relation() == TotalHits.Relation.GREATER_THAN_OR_EQUAL_TO,
                    hits, through, journalSize);
        } finally {
            searchers.release(s);
        }
    }

    Query query(SearchQuery q) {
        BooleanQuery.Builder b = new BooleanQuery.Builder();
        if (q.text() != null) {
            SimpleQueryParser p = new SimpleQueryParser(analyzer, Map.of(F_ZH, 1.0f, F_STD, 1.0f));
            p.setDefaultOperator(BooleanClause.Occur.MUST);
            Query t = p.parse(q.text());
            b.add(t, BooleanClause.Occur.MUST);
        }
        if (q.from() != null || q.to() != null) {
            long lo = q.from() == null ? Long.MIN_VALUE : q.from().toEpochMilli();
            long hi = q.to() == null ? Long.MAX_VALUE : q.to().toEpochMilli();
            // the index is sorted by ts: the range is a contiguous run of doc ids per segment, found by binary search
            b.add(new org.apache.lucene.search.IndexSortSortedNumericDocValuesRangeQuery(F_TS, lo, hi,
                    LongField.newRangeQuery(F_TS, lo, hi)), BooleanClause.Occur.FILTER);
        }
        if (q.model() != null) {
            b.add(KeywordField.newExactQuery(F_MODEL, q.model()), BooleanClause.Occur.FILTER);
        }
        if (q.actor() != null) {
            b.add(KeywordField.newExactQuery(F_ACTOR, q.actor()), BooleanClause.Occur.FILTER);
        }
        if (q.jurisdiction() != null) {
            b.add(KeywordField.newExactQuery(F_JUR, q.jurisdiction()), BooleanClause.Occur.FILTER);
        }
        if (q.contentSha256() != null) {
            b.add(new TermQuery(new Term(F_SHA, q.contentSha256())), BooleanClause.Occur.FILTER);
        }
        if (q.watermark() != null) {
            b.add(new TermQuery(new Term(F_WM, q.watermark())), BooleanClause.Occur.FILTER);
        }
        if (q.manifestId() != null) {
            b.add(new TermQuery(new Term(F_MANIFEST, q.manifestId())), BooleanClause.Occur.FILTER);
        }
        BooleanQuery built = b.build();
        if (built.clauses().isEmpty()) {
            return new org.apache.lucene.search.MatchAllDocsQuery();
        }
        return built;
    }

    private static FilingSummary summary(Document d) {
        String label = d.get(F_MODEL_LABEL);
        int at = label == null ? -1 : label.lastIndexOf('@');
        return new FilingSummary(
                d.getField(F_SEQ).numericValue().longValue(),
                d.get(F_ID),
                Instant.ofEpochMilli(d.getField(F_TS).numericValue().longValue()),
                d.get(F_ACTOR),
                at < 0 ? label : label.substring(0, at),
                at < 0 ? null : label.substring(at + 1),
                Arrays.asList(d.getValues(F_JUR)),
                d.get(F_SHA),
                d.get(F_WM),
                d.get(F_MANIFEST),
                d.get(F_DECISION),
                "1".equals(d.get(F_SHREDDED)));
    }

    /** Stops the indexer (after it drains what it was handed), commits, and closes. */
    @Override
    public void close() throws IOException {
        running = false;
        // never interrupt: an interrupt during Lucene I/O closes its file channels and breaks the writer
        refresher.shutdown();
        committer.shutdown();
        try {
            refresher.awaitTermination(60, TimeUnit.SECONDS);
            committer.awaitTermination(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            indexer.join(60_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            if (failure == null) {
                commit();
            }
        } finally {
            try {
                searchers.close();
            } finally {
                try {
                    writer.close();
                } finally {
                    directory.close();
                }
            }
        }
    }

    public Path dir() {
        return dir;
    }

    /** A searcher for read-only checks (verification); release with {@link #release}. */
    public IndexSearcher acquire() throws IOException {
        return searchers.acquire();
    }

    public void release(IndexSearcher s) throws IOException {
        searchers.release(s);
    }

    /** Opens a reader on the last commit of an index folder (verification, no writer). */
    public static DirectoryReader openCommitted(Directory d) throws IOException {
        return DirectoryReader.open(d);
    }
}
