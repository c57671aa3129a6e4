package dev.hallmark.registry.lucene;

import java.io.IOException;
import java.util.List;

/** Where the index reads the journal from when it catches up (after a restart, a backlog, or a shred). */
public interface IndexSource {
    /** Number of durable journal records. */
    long durableSize();

    /** Items for records {@code [from, from + max)} that are durable, in order. */
    List<IndexItem> read(long from, int max) throws IOException;

    /** The filing at {@code seq} as it must be indexed now (prompt removed if shredded). */
    IndexItem.FilingDoc load(long seq) throws IOException;
}
