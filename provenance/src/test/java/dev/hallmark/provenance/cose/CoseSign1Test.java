package dev.hallmark.provenance.cose;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.upokecenter.cbor.CBORObject;
import dev.hallmark.provenance.internal.Malformed;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class CoseSign1Test {
    @Test
    void encodesAndDecodesADetachedTaggedSign1() {
        CBORObject p = CBORObject.NewOrderedMap().Add(1, -7).Add(33, CBORObject.FromObject(new byte[] {1, 2, 3}));
        CBORObject u = CBORObject.NewOrderedMap().Add("pad", CBORObject.FromObject(new byte[4]));
        byte[] enc = CoseSign1.encode(p.EncodeToBytes(), u, new byte[64]);
        assertThat(enc[0] & 0xff).isEqualTo(0xd2); // tag 18
        CoseSign1 s = CoseSign1.decode(enc);
        assertThat(s.algorithm()).contains(CoseAlgorithm.ES256);
        assertThat(s.payload()).isNull();
        assertThat(s.x5chain().certificates()).hasSize(1);
        assertThat(s.x5chain().location()).isEqualTo(CoseSign1.ChainLocation.PROTECTED);
    }

    /** Sig_structure layout from RFC 9052 §4.4 for an empty protected header, no AAD, payload h'01'. */
    @Test
    void sigStructureMatchesRfc9052() {
        assertThat(HexFormat.of().formatHex(CoseSign1.sigStructure(new byte[0], new byte[] {1})))
                .isEqualTo("846a5369676e61747572653140404101");
        assertThat(HexFormat.of().formatHex(CoseSign1.counterSignatureStructure(new byte[0], new byte[] {1})))
                .isEqualTo("84704361756e7465725369676e617475726540404101".replace("4361756e746572", "436f756e746572"));
    }

    @Test
    void acceptsUnprotectedTextX5chainButNotBoth() {
        CBORObject u = CBORObject.NewOrderedMap().Add("x5chain", CBORObject.NewArray().Add(new byte[] {9}));
        CoseSign1 s = CoseSign1.decode(CoseSign1.encode(CBORObject.NewMap().Add(1, -7).EncodeToBytes(), u, new byte[1]));
        assertThat(s.x5chain().location()).isEqualTo(CoseSign1.ChainLocation.UNPROTECTED);
        CBORObject p2 = CBORObject.NewMap().Add(1, -7).Add(33, CBORObject.FromObject(new byte[] {1}));
        CoseSign1 both = CoseSign1.decode(CoseSign1.encode(p2.EncodeToBytes(), u, new byte[1]));
        assertThatThrownBy(both::x5chain).isInstanceOf(Malformed.class);
    }

    @Test
    void refusesUntaggedAndWrongShapes() {
        CBORObject a = CBORObject.NewArray().Add(new byte[0]).Add(CBORObject.NewMap()).Add(CBORObject.Null).Add(new byte[0]);
        assertThatThrownBy(() -> CoseSign1.decode(a.EncodeToBytes())).isInstanceOf(Malformed.class);
        assertThatThrownBy(() -> CoseSign1.decode(CBORObject.FromObjectAndTag(CBORObject.NewArray(), 18).EncodeToBytes()))
                .isInstanceOf(Malformed.class);
        CBORObject wrong = CBORObject.NewArray().Add("x").Add(CBORObject.NewMap()).Add(CBORObject.Null).Add(new byte[0]);
        assertThatThrownBy(() -> CoseSign1.decode(CBORObject.FromObjectAndTag(wrong, 18).EncodeToBytes()))
                .isInstanceOf(Malformed.class);
    }
}
