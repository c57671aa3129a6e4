package dev.hallmark.media.bmff;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hallmark.media.MediaException;
import java.nio.ByteBuffer;
import java.util.List;
import org.junit.jupiter.api.Test;

class OffsetPatcherTest {
    static MutableBox stco(long... offsets) {
        ByteBuffer b = ByteBuffer.allocate(8 + 4 * offsets.length);
        b.putInt(0).putInt(offsets.length);
        for (long o : offsets) {
            b.putInt((int) o);
        }
        return MutableBox.leaf("stco", b.array());
    }

    static MutableBox moovWith(MutableBox table) {
        return MutableBox.container("moov", null, List.of(MutableBox.container("trak", null,
                List.of(MutableBox.container("mdia", null, List.of(MutableBox.container("minf", null,
                        List.of(MutableBox.container("stbl", null, List.of(table))))))))));
    }

    @Test
    void shiftsStcoInPlace() throws Exception {
        MutableBox moov = moovWith(stco(100, 200, 0xFFFF0000L));
        OffsetPatcher.patchChunkOffsets(moov, o -> o + 50, null, BmffLimits.DEFAULT);
        ByteBuffer p = ByteBuffer.wrap(moov.all("stco").get(0).payload());
        assertThat(Integer.toUnsignedLong(p.getInt(8))).isEqualTo(150);
        assertThat(Integer.toUnsignedLong(p.getInt(12))).isEqualTo(250);
        assertThat(Integer.toUnsignedLong(p.getInt(16))).isEqualTo(0xFFFF0032L);
    }

    @Test
    void upgradesStcoToCo64PastFourGiB() throws Exception {
        MutableBox moov = moovWith(stco(100, 0xFFFFFF00L));
        long before = moov.size();
        OffsetPatcher.patchChunkOffsets(moov, o -> o + 0x1000, null, BmffLimits.DEFAULT);
        assertThat(moov.all("stco")).isEmpty();
        MutableBox co64 = moov.all("co64").get(0);
        ByteBuffer p = ByteBuffer.wrap(co64.payload());
        assertThat(p.getInt(4)).isEqualTo(2);
        assertThat(p.getLong(8)).isEqualTo(0x1064L);
        assertThat(p.getLong(16)).isEqualTo(0x100000F00L);
        assertThat(moov.size()).isEqualTo(before + 8); // two entries grew by 4 bytes each
    }

    @Test
    void shiftsCo64() throws Exception {
        ByteBuffer b = ByteBuffer.allocate(16);
        b.putInt(0).putInt(1).putLong(5_000_000_000L);
        MutableBox moov = moovWith(MutableBox.leaf("co64", b.array()));
        OffsetPatcher.patchChunkOffsets(moov, o -> o + 7, null, BmffLimits.DEFAULT);
        assertThat(ByteBuffer.wrap(moov.all("co64").get(0).payload()).getLong(8)).isEqualTo(5_000_000_007L);
    }

    @Test
    void rejectsEntryCountLargerThanTheBox() {
        ByteBuffer b = ByteBuffer.allocate(12);
        b.putInt(0).putInt(1_000_000).putInt(5);
        MutableBox moov = moovWith(MutableBox.leaf("stco", b.array()));
        assertThatThrownBy(() -> OffsetPatcher.patchChunkOffsets(moov, o -> o, null, BmffLimits.DEFAULT))
                .isInstanceOf(MediaException.class).hasMessageContaining("claims 1000000 entries");
    }

    @Test
    void patchesTfhdBaseDataOffsetOnlyWhenPresent() throws Exception {
        ByteBuffer with = ByteBuffer.allocate(16);
        with.putInt(0x000001).putInt(1).putLong(1000);
        ByteBuffer without = ByteBuffer.allocate(8);
        without.putInt(0x020000).putInt(2);
        MutableBox moof = MutableBox.container("moof", null, List.of(
                MutableBox.container("traf", null, List.of(MutableBox.leaf("tfhd", with.array()))),
                MutableBox.container("traf", null, List.of(MutableBox.leaf("tfhd", without.array())))));
        OffsetPatcher.patchFragment(moof, o -> o + 24, null);
        assertThat(ByteBuffer.wrap(moof.all("tfhd").get(0).payload()).getLong(8)).isEqualTo(1024);
        assertThat(moof.all("tfhd").get(1).payload()).isEqualTo(without.array());
    }
}
