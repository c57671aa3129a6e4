package dev.hallmark.provenance.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.upokecenter.cbor.CBORObject;
import dev.hallmark.provenance.ProvenanceException.Reason;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class CborTest {
    static byte[] hex(String h) {
        return HexFormat.of().parseHex(h);
    }

    /** RFC 8949 Appendix A examples decode to the stated values. */
    @Test
    void decodesRfc8949Vectors() {
        assertThat(Cbor.decode(hex("1903e8")).AsInt32()).isEqualTo(1000);
        assertThat(Cbor.decode(hex("3903e7")).AsInt32()).isEqualTo(-1000);
        assertThat(Cbor.decode(hex("6449455446")).AsString()).isEqualTo("IETF");
        assertThat(Cbor.decode(hex("83010203")).size()).isEqualTo(3);
        assertThat(Cbor.decode(hex("a201020304")).get(CBORObject.FromObject(3)).AsInt32()).isEqualTo(4);
        assertThat(Cbor.decode(hex("5f42010243030405ff")).GetByteString()).containsExactly(1, 2, 3, 4, 5);
        assertThat(Cbor.decode(hex("9f018202039f0405ffff")).size()).isEqualTo(3);
        assertThat(Cbor.decode(hex("bf61610161629f0203ffff")).size()).isEqualTo(2);
        assertThat(Cbor.decode(hex("c074323031332d30332d32315432303a30343a30305a")).isTagged()).isTrue();
        assertThat(Cbor.decode(hex("f97c00")).AsDoubleValue()).isInfinite();
    }

    @Test
    void refusesTruncatedAndLyingLengths() {
        assertThatThrownBy(() -> Cbor.decode(hex("5a7fffffff00"))).isInstanceOf(Malformed.class); // 2 GB bstr, 1 byte
        assertThatThrownBy(() -> Cbor.decode(hex("9b00000001000000000000"))).isInstanceOf(Malformed.class); // 2^32 items
        assertThatThrownBy(() -> Cbor.decode(hex("bb7fffffffffffffff"))).isInstanceOf(Malformed.class);
        assertThatThrownBy(() -> Cbor.decode(hex("830102"))).isInstanceOf(Malformed.class);
        assertThatThrownBy(() -> Cbor.decode(hex("1c"))).isInstanceOf(Malformed.class); // reserved ai
        assertThatThrownBy(() -> Cbor.decode(hex("ff"))).isInstanceOf(Malformed.class); // stray break
        assertThatThrownBy(() -> Cbor.decode(hex("5f01ff"))).isInstanceOf(Malformed.class); // bad chunk
        assertThatThrownBy(() -> Cbor.decode(hex("0102"))).isInstanceOf(Malformed.class); // trailing
        assertThatThrownBy(() -> Cbor.decode(hex("a201020103"))).isInstanceOf(Malformed.class); // duplicate key
    }

    @Test
    void boundsNesting() {
        byte[] deep = new byte[100_000];
        java.util.Arrays.fill(deep, (byte) 0x81); // [[[[...
        Malformed m = org.junit.jupiter.api.Assertions.assertThrows(Malformed.class, () -> Cbor.decode(deep));
        assertThat(m.reason()).isEqualTo(Reason.LIMIT_EXCEEDED);
        byte[] tags = new byte[100_000];
        java.util.Arrays.fill(tags, (byte) 0xc6);
        assertThatThrownBy(() -> Cbor.decode(tags)).isInstanceOf(Malformed.class);
    }

    @Test
    void typedAccessorsRejectWrongTypes() {
        CBORObject m = Cbor.decode(hex("a261610161626161")); // {"a": 1, "b": "a"}
        assertThat(Cbor.uint(m, "a")).isEqualTo(1L);
        assertThat(Cbor.text(m, "b")).isEqualTo("a");
        assertThat(Cbor.text(m, "missing")).isNull();
        assertThatThrownBy(() -> Cbor.text(m, "a")).isInstanceOf(Malformed.class);
        assertThatThrownBy(() -> Cbor.bytes(m, "b")).isInstanceOf(Malformed.class);
        assertThatThrownBy(() -> Cbor.array(m, "a")).isInstanceOf(Malformed.class);
    }
}
