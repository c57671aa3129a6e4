package dev.hallmark.provenance.c2pa;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hallmark.media.bmff.BmffParser;
import dev.hallmark.media.bmff.Box;
import dev.hallmark.media.bmff.BoxTree;
import dev.hallmark.provenance.Fixtures;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class BmffHashCheckTest {
    static BmffHashCheck.Asset asset(Path p) throws Exception {
        FileChannel ch = FileChannel.open(p);
        return new BmffHashCheck.Asset(ch, ch.size(), BmffParser.parse(p), p);
    }

    @Test
    void chunkOffsetsIntoExcludedBytesAreFlagged() throws Exception {
        BmffHashCheck.Asset a = asset(Fixtures.c2pa("signed-by-c2pa-rs/moov_end.mp4"));
        Box mdat = a.tree().find("mdat");
        Box free = a.tree().find("free");
        assertThat(BmffHashCheck.referencedExclusion(a, List.of(new RangeHasher.Range(free.offset(), free.size()))))
                .isNull();
        assertThat(BmffHashCheck.referencedExclusion(a, List.of(new RangeHasher.Range(mdat.offset(), mdat.size()))))
                .contains("not bound");
        a.channel().close();
    }

    /** c2pa-rs layout: [count, ceil(count/2), ..., 1]. */
    @Test
    void merkleLayoutAndProofs() {
        assertThat(BmffHashCheck.layout(5)).containsExactly(5L, 3L, 2L, 1L);
        assertThat(BmffHashCheck.layout(1)).containsExactly(1L);
        // tree over 3 leaves, stored row = leaves; a leaf verifies against its own entry without a proof
        byte[] l0 = {0};
        byte[] l1 = {1};
        byte[] l2 = {2};
        BmffHashCheck.MerkleMap leaves = new BmffHashCheck.MerkleMap(1, 1, 3, "sha256", null, List.of(l0, l1, l2),
                null, null);
        assertThat(BmffHashCheck.checkMerkleTree(leaves, "sha256", l1, 1, null)).isTrue();
        assertThat(BmffHashCheck.checkMerkleTree(leaves, "sha256", l1, 2, null)).isFalse();
        // stored row = root; proofs walk up: H(H(l0|l1) | l2) with the odd node promoted
        byte[] h01 = BmffHashCheck.concatHash("sha256", l0, l1);
        byte[] root = BmffHashCheck.concatHash("sha256", h01, l2);
        BmffHashCheck.MerkleMap rooted = new BmffHashCheck.MerkleMap(1, 1, 3, "sha256", null, List.of(root), null, null);
        assertThat(BmffHashCheck.checkMerkleTree(rooted, "sha256", l0, 0, List.of(l1, l2))).isTrue();
        assertThat(BmffHashCheck.checkMerkleTree(rooted, "sha256", l2, 2, List.of(h01))).isTrue();
        assertThat(BmffHashCheck.checkMerkleTree(rooted, "sha256", l2, 2, List.of(l0))).isFalse();
        assertThat(BmffHashCheck.checkMerkleTree(rooted, "sha256", l0, 0, List.of(l1))).isFalse();
    }

    /** Exclusion ranges and box offsets are merged exactly as c2pa-rs's hash_stream_by_alg does. */
    @Test
    void offsetMarkersPrecedeTheirBoxes() {
        List<RangeHasher.Range> ex = new ArrayList<>(List.of(new RangeHasher.Range(0, 10), new RangeHasher.Range(30, 5)));
        List<long[]> r = RangeHasher.ranges(100, ex, List.of(10L, 40L));
        List<String> s = r.stream().map(x -> x[0] + "-" + x[1]).toList();
        assertThat(s).containsExactly("10-10", "10-29", "35-39", "40-40", "40-99");
    }

    @Test
    void xpathSelectsAllMatchesOrTheIndexedOne() throws Exception {
        BoxTree t = BmffParser.parse(Fixtures.c2pa("c2pa-rs/video1.mp4"));
        assertThat(BmffHashCheck.fetch(t, "/moov/trak")).hasSizeGreaterThanOrEqualTo(1);
        assertThat(BmffHashCheck.fetch(t, "/moov/trak[1]")).hasSize(1);
        assertThat(BmffHashCheck.fetch(t, "/moov/trak[99]")).isNull();
        assertThat(BmffHashCheck.fetch(t, "/moo")).isNull();
        assertThat(BmffHashCheck.fetch(t, "/moov/trak/mdia/minf/stbl/stco")).isNotNull();
    }
}
