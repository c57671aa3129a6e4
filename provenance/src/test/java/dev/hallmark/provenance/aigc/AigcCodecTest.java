package dev.hallmark.provenance.aigc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class AigcCodecTest {
    static final String CODE = "001191110102MACQD9K64010000"; // example provider code from the TC260 guide

    @Test
    void writesTheSevenKeysInStandardOrderWithoutSpaces() {
        AigcLabel l = AigcLabel.generated(CODE, "clip-42", "");
        assertThat(l.toJson()).isEqualTo("{\"Label\":\"1\",\"ContentProducer\":\"" + CODE
                + "\",\"ProduceID\":\"clip-42\",\"ReservedCode1\":\"\",\"ContentPropagator\":\"\","
                + "\"PropagateID\":\"\",\"ReservedCode2\":\"\"}");
        assertThat(AigcCodec.inStandardOrder(l.toJson())).isTrue();
    }

    @Test
    void readsBareWrappedAndReorderedForms() throws Exception {
        AigcLabel l = AigcLabel.generated(CODE, "p1", "x");
        assertThat(AigcCodec.parseJson(l.toJson())).isEqualTo(l);
        assertThat(AigcCodec.parseJson("{\"AIGC\":" + l.toJson() + "}")).isEqualTo(l);
        String reordered = "{ \"ProduceID\": \"p1\", \"Label\": \"1\", \"ContentProducer\": \"" + CODE
                + "\", \"ReservedCode1\":\"x\"}";
        assertThat(AigcCodec.parseJson(reordered)).isEqualTo(l);
        assertThat(AigcCodec.inStandardOrder(reordered)).isFalse();
    }

    @Test
    void rejectsMalformedLabels() {
        assertThatThrownBy(() -> AigcCodec.parseJson("{\"Label\":\"4\"}")).hasMessageContaining("Label must be");
        assertThatThrownBy(() -> AigcCodec.parseJson("{\"Label\":\"1\",\"Label\":\"1\"}")).hasMessageContaining("twice");
        assertThatThrownBy(() -> AigcCodec.parseJson("{\"Label\":\"1\",\"Extra\":\"a\"}")).hasMessageContaining("unknown");
        assertThatThrownBy(() -> AigcCodec.parseJson("{\"Label\":1}")).hasMessageContaining("not a string");
        assertThatThrownBy(() -> AigcCodec.parseJson("{\"Label\":\"1\",\"ProduceID\":\"a b\"}"))
                .hasMessageContaining("not allowed");
        assertThatThrownBy(() -> AigcCodec.parseJson("{\"Label\":\"1\",\"ProduceID\":\"中\"}"))
                .hasMessageContaining("U+4E2D");
        assertThatThrownBy(() -> AigcCodec.parseJson("[1,2]")).hasMessageContaining("not a JSON object");
        assertThatThrownBy(() -> AigcCodec.parseJson("{\"Label\":\"1\"} trailing")).isInstanceOf(AigcFormatException.class);
        assertThatThrownBy(() -> AigcCodec.parseJson("{\"ContentProducer\":\"a\"}")).hasMessageContaining("no Label");
        assertThatThrownBy(() -> AigcCodec.parseJson("{\"Label\":\"1\"".repeat(1))).isInstanceOf(AigcFormatException.class);
        assertThatThrownBy(() -> AigcCodec.parseJson("{\"AIGC\":{\"AIGC\":{\"AIGC\":{\"AIGC\":{\"AIGC\":{}}}}}}"))
                .isInstanceOf(AigcFormatException.class);
    }

    @Test
    void xmpRoundTripAndAttributeForm() throws Exception {
        AigcLabel l = AigcLabel.generated(CODE, "p2", "");
        assertThat(AigcCodec.parseXmp(AigcCodec.toXmp(l))).containsExactly(l);
        String attr = "<x:xmpmeta xmlns:x=\"adobe:ns:meta/\"><rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">"
                + "<rdf:Description rdf:about=\"\" xmlns:TC260=\"" + AigcCodec.XMP_NS + "\" TC260:AIGC=\""
                + l.toJson().replace("\"", "&quot;") + "\"/></rdf:RDF></x:xmpmeta>";
        assertThat(AigcCodec.parseXmp(attr)).containsExactly(l);
    }

    @Test
    void xmpParserRefusesEntities() throws Exception {
        String evil = "<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]>"
                + "<x:xmpmeta xmlns:x=\"adobe:ns:meta/\">&e;</x:xmpmeta>";
        assertThat(AigcCodec.parseXmp(evil)).isEmpty();
    }

    @Test
    void providerCodes() {
        assertThat(ProviderCode.parse(CODE).role()).isEqualTo('1');
        assertThat(ProviderCode.DEMO.isDemo()).isTrue();
        assertThat(ProviderCode.DEMO.value()).hasSize(27);
        assertThat(ProviderCode.problem("001191110102MACQD9K65010000")).contains("check character");
        assertThat(ProviderCode.problem("0011911101")).contains("27 characters");
        assertThat(ProviderCode.problem("001191110102MACQD9K64030000")).contains("character 23");
        assertThat(ProviderCode.problem("0011DEMO12345678901234" + "10000")).contains("reserved");
        assertThat(ProviderCode.parse(CODE).isDemo()).isFalse();
    }
}
