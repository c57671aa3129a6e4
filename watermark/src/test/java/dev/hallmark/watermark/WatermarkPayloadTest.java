package dev.hallmark.watermark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class WatermarkPayloadTest {
    @Test
    void parsesAndPrintsSixteenHexDigits() {
        WatermarkPayload p = WatermarkPayload.parse("DEADBEEF00C0FFEE");
        assertThat(p.hex()).isEqualTo("deadbeef00c0ffee");
        assertThat(p.bit(0)).isEqualTo(1);
        assertThat(p.bit(63)).isEqualTo(0);
        assertThat(p.bytes()).hasSize(8).startsWith((byte) 0xDE);
        assertThat(WatermarkPayload.parse("ffffffffffffffff").value()).isEqualTo(-1L);
    }

    @Test
    void refusesAnythingElse() {
        for (String bad : new String[] {"", "123", "0x0000000000000001", "000000000000000g", "00000000000000001"}) {
            assertThatThrownBy(() -> WatermarkPayload.parse(bad)).isInstanceOf(IllegalArgumentException.class);
        }
        assertThatThrownBy(() -> WatermarkPayload.parse(null)).isInstanceOf(IllegalArgumentException.class);
    }
}
