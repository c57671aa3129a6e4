package dev.hallmark.watermark.spread;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TileLayoutTest {
    @Test
    void onePilotPerTwoByTwoBlockAndEveryCodedBitThreeTimesOrSo() {
        TileLayout t = TileLayout.of(PayloadCodecTest.key(1));
        int pilots = 0;
        int[] uses = new int[PayloadCodec.CODED_BITS];
        for (int br = 0; br < TileLayout.N / 2; br++) {
            for (int bc = 0; bc < TileLayout.N / 2; bc++) {
                int inBlock = 0;
                for (int d = 0; d < 4; d++) {
                    int cell = (2 * br + d / 2) * TileLayout.N + 2 * bc + d % 2;
                    if (t.isPilot(cell)) {
                        inBlock++;
                        assertThat(t.bitOf(cell)).isEqualTo(-1);
                    } else {
                        uses[t.bitOf(cell)]++;
                    }
                }
                assertThat(inBlock).isEqualTo(1);
                pilots += inBlock;
            }
        }
        assertThat(pilots).isEqualTo(TileLayout.PILOTS);
        for (int u : uses) {
            assertThat(u).isBetween(2, 3);
        }
    }

    @Test
    void layoutIsDeterministicPerKeyAndDiffersBetweenKeys() {
        TileLayout a = TileLayout.of(PayloadCodecTest.key(1));
        TileLayout b = TileLayout.of(PayloadCodecTest.key(1));
        TileLayout c = TileLayout.of(PayloadCodecTest.key(2));
        int same = 0;
        int chipsAgree = 0;
        for (int i = 0; i < TileLayout.CELLS; i++) {
            assertThat(a.chip(i)).isEqualTo(b.chip(i));
            assertThat(a.bitOf(i)).isEqualTo(b.bitOf(i));
            if (a.isPilot(i) == c.isPilot(i)) {
                same++;
            }
            if (a.chip(i) == c.chip(i)) {
                chipsAgree++;
            }
        }
        assertThat(same).isLessThan(TileLayout.CELLS * 3 / 4); // chance agreement: 62.5%
        assertThat(chipsAgree).isBetween(400, 624);
    }
}
