package dev.hallmark.provenance.aigc;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.util.List;
import org.junit.jupiter.api.Test;

class AigcSealTest {
    static KeyPair p256() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        return g.generateKeyPair();
    }

    @Test
    void sealVerifiesAndDetectsTampering() throws Exception {
        KeyPair k = p256();
        AigcLabel unsealed = AigcLabel.generated(ProviderCode.DEMO.value(), "id-1", "");
        AigcLabel sealed = unsealed.withReservedCode1(AigcSeal.seal(unsealed, k.getPrivate(), k.getPublic()));
        assertThat(sealed.reservedCode1()).startsWith("HM1.").hasSizeLessThan(120);
        assertThat(AigcCodec.parseJson(sealed.toJson())).isEqualTo(sealed); // legal AIGC value characters
        assertThat(AigcSeal.check(sealed, List.of(k.getPublic()))).isEqualTo(AigcSeal.Check.VALID);
        AigcLabel altered = new AigcLabel("1", sealed.contentProducer(), "id-2", sealed.reservedCode1(), "", "", "");
        assertThat(AigcSeal.check(altered, List.of(k.getPublic()))).isEqualTo(AigcSeal.Check.INVALID);
        assertThat(AigcSeal.check(sealed, List.of(p256().getPublic()))).isEqualTo(AigcSeal.Check.UNKNOWN_KEY);
        assertThat(AigcSeal.check(unsealed, List.of(k.getPublic()))).isEqualTo(AigcSeal.Check.NOT_HALLMARK);
        // a platform adding its propagation fields keeps the producer's seal valid
        AigcLabel propagated = sealed.propagated("1", "0011DEMO00000000000000" + "20000", "post-9", "");
        assertThat(AigcSeal.check(propagated, List.of(k.getPublic()))).isEqualTo(AigcSeal.Check.VALID);
    }
}
