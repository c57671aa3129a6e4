package dev.hallmark.provenance.jumbf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hallmark.provenance.internal.Malformed;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class JumbfTest {
    static byte[] sample() {
        byte[] a = JumbfWriter.superbox("cbor", "c2pa.actions.v2", new byte[16], JumbfWriter.box("cbor", new byte[] {(byte) 0xa0}));
        byte[] store = JumbfWriter.superbox("c2as", "c2pa.assertions", null, a);
        byte[] m = JumbfWriter.superbox("c2ma", "urn:c2pa:1234", null, store);
        return JumbfWriter.superbox("c2pa", "c2pa", null, m);
    }

    @Test
    void roundTrips() {
        byte[] b = sample();
        JumbfBox root = JumbfReader.parse(b);
        assertThat(root.type()).isEqualTo("c2pa");
        assertThat(root.label()).isEqualTo("c2pa");
        JumbfBox m = root.superboxes().get(0);
        assertThat(m.type()).isEqualTo("c2ma");
        JumbfBox a = m.child("c2pa.assertions").child("c2pa.actions.v2");
        assertThat(a.toggles()).isEqualTo(0x13);
        assertThat(a.salt()).hasSize(16);
        assertThat(a.content("cbor").payload()).containsExactly(0xa0);
        assertThat(root.size()).isEqualTo(b.length);
    }

    /** The hashed-URI value is SHA-256 over the superbox minus its 8-byte header. */
    @Test
    void payloadHashSkipsTheHeader() throws Exception {
        byte[] b = sample();
        JumbfBox root = JumbfReader.parse(b);
        byte[] expect = MessageDigest.getInstance("SHA-256").digest(Arrays.copyOfRange(b, 8, b.length));
        assertThat(root.payloadHash("SHA-256")).isEqualTo(expect);
    }

    @Test
    void typeUuidsFollowTheIsoPattern() {
        assertThat(java.util.HexFormat.of().formatHex(JumbfBox.typeUuid("c2pa")))
                .isEqualTo("6332706100110010800000aa00389b71");
    }

    @Test
    void refusesSizesPastTheParentAndDeepNesting() {
        byte[] b = sample();
        ByteBuffer.wrap(b).putInt(0, b.length + 1);
        assertThatThrownBy(() -> JumbfReader.parse(b)).isInstanceOf(Malformed.class);
        byte[] c = sample();
        ByteBuffer.wrap(c).putInt(0, 1); // 64-bit size, then garbage largesize
        assertThatThrownBy(() -> JumbfReader.parse(c)).isInstanceOf(Malformed.class);
        byte[] inner = JumbfWriter.box("cbor", new byte[0]);
        for (int i = 0; i < 40; i++) {
            inner = JumbfWriter.superbox("c2pa", "x", null, inner);
        }
        byte[] deep = inner;
        assertThatThrownBy(() -> JumbfReader.parse(deep)).isInstanceOf(Malformed.class).hasMessageContaining("deeper");
    }

    @Test
    void seededTruncationsAndFlipsNeverEscapeAsUncheckedSurprises() {
        long seed = System.nanoTime();
        Random rnd = new Random(seed);
        byte[] original = sample();
        for (int i = 0; i < 2000; i++) {
            byte[] b = i % 2 == 0 ? Arrays.copyOf(original, rnd.nextInt(original.length))
                    : original.clone();
            if (i % 2 == 1) {
                b[rnd.nextInt(b.length)] ^= (byte) (1 << rnd.nextInt(8));
            }
            try {
                JumbfReader.parse(b);
            } catch (Malformed expected) {
                // fine
            } catch (RuntimeException e) {
                throw new AssertionError("seed " + seed + " trial " + i + ": " + e, e);
            }
        }
    }
}
