package dev.hallmark.registry.lucene;

import dev.hallmark.registry.FilingRecord;

/** One journal record as the search index sees it. */
public sealed interface IndexItem permits IndexItem.FilingDoc, IndexItem.ShredDoc, IndexItem.Skip {
    long seq();

    /**
     * A filing; {@code record.prompt()} is the clear prompt while its key exists, null once shredded.
     * {@code algorithmFilingNumber} is the linked algorithm filing, or null.
     */
    record FilingDoc(long seq, FilingRecord record, boolean shredded) implements IndexItem {
    }

    /** A crypto-shredding of filing {@code targetSeq}: its prompt must leave the index. */
    record ShredDoc(long seq, long targetSeq) implements IndexItem {
    }

    /** A record with no document (algorithm filing). */
    record Skip(long seq) implements IndexItem {
    }
}
