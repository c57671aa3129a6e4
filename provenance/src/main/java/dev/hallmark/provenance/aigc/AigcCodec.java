package dev.hallmark.provenance.aigc;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NamedNodeMap;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;

/**
 * Reads and writes the AIGC implicit label: the bare JSON object, the {@code {"AIGC": {...}}} wrapper, and the XMP
 * form ({@code TC260:AIGC} in namespace {@value #XMP_NS}, as element text or attribute). Parsing is strict about
 * the seven keys (no unknown, missing or duplicate keys; string values only) and bounded in size.
 */
public final class AigcCodec {
    public static final String XMP_NS = "http://www.tc260.org.cn/ns/AIGC/1.0/";
    private static final int MAX_JSON = 16 * 1024;
    private static final int MAX_XMP = 4 * 1024 * 1024;
    private static final JsonMapper JSON = JsonMapper.builder()
            .enable(JsonReadFeature.ALLOW_TRAILING_COMMA.mappedFeature()).build();
    static {
        JSON.getFactory().setStreamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(4)
                .maxStringLength(MAX_JSON).build());
    }

    private AigcCodec() {
    }

    /** Parses the bare object or the {@code {"AIGC":{...}}} wrapper. */
    public static AigcLabel parseJson(String json) throws AigcFormatException {
        if (json == null || json.isBlank()) {
            throw new AigcFormatException("empty AIGC value");
        }
        if (json.length() > MAX_JSON) {
            throw new AigcFormatException("AIGC value longer than " + MAX_JSON + " characters");
        }
        try (JsonParser p = JSON.getFactory().createParser(json)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new AigcFormatException("AIGC value is not a JSON object");
            }
            Map<String, String> fields = new LinkedHashMap<>();
            boolean wrapped = false;
            JsonToken t = p.nextToken();
            if (t == JsonToken.FIELD_NAME && p.currentName().equals("AIGC")) {
                if (p.nextToken() != JsonToken.START_OBJECT) {
                    throw new AigcFormatException("\"AIGC\" wrapper does not hold an object");
                }
                wrapped = true;
                t = p.nextToken();
            }
            while (t == JsonToken.FIELD_NAME) {
                String key = p.currentName();
                JsonToken v = p.nextToken();
                if (v != JsonToken.VALUE_STRING) {
                    throw new AigcFormatException("AIGC field " + key + " is not a string");
                }
                if (fields.put(key, p.getText()) != null) {
                    throw new AigcFormatException("AIGC field " + key + " appears twice");
                }
                t = p.nextToken();
            }
            if (t != JsonToken.END_OBJECT) {
                throw new AigcFormatException("malformed AIGC JSON");
            }
            if (wrapped && (p.nextToken() != JsonToken.END_OBJECT)) {
                throw new AigcFormatException("the AIGC wrapper holds more than the label");
            }
            if (p.nextToken() != null) {
                throw new AigcFormatException("text after the AIGC JSON object");
            }
            return fromFields(fields);
        } catch (IOException e) {
            throw new AigcFormatException("malformed AIGC JSON: " + firstLine(e.getMessage()));
        }
    }

    private static AigcLabel fromFields(Map<String, String> f) throws AigcFormatException {
        List<String> unknown = new ArrayList<>(f.keySet());
        unknown.removeAll(List.of(AigcLabel.KEYS));
        if (!unknown.isEmpty()) {
            throw new AigcFormatException("unknown AIGC field(s) " + unknown);
        }
        List<String> missing = new ArrayList<>(List.of(AigcLabel.KEYS));
        missing.removeAll(f.keySet());
        if (missing.contains("Label")) {
            throw new AigcFormatException("AIGC label has no Label field");
        }
        try {
            return new AigcLabel(f.get("Label"), f.getOrDefault("ContentProducer", ""),
                    f.getOrDefault("ProduceID", ""), f.getOrDefault("ReservedCode1", ""),
                    f.getOrDefault("ContentPropagator", ""), f.getOrDefault("PropagateID", ""),
                    f.getOrDefault("ReservedCode2", ""));
        } catch (IllegalArgumentException e) {
            throw new AigcFormatException(e.getMessage());
        }
    }

    /** True when the JSON has the seven keys in the standard order (a reader accepts other orders too). */
    public static boolean inStandardOrder(String json) {
        int at = -1;
        for (String k : AigcLabel.KEYS) {
            int i = json.indexOf("\"" + k + "\"");
            if (i < at) {
                return false;
            }
            at = i;
        }
        return true;
    }

    private static final Pattern XMP_ATTR = Pattern.compile("AIGC\\s*=\\s*\"([^\"]*)\"|AIGC\\s*=\\s*'([^']*)'");

    /**
     * Finds every {@code TC260:AIGC} value in an XMP packet (element text or attribute, any prefix bound to the
     * TC260 namespace). External entities and DTDs are refused.
     */
    public static List<AigcLabel> parseXmp(String xmp) throws AigcFormatException {
        if (xmp.length() > MAX_XMP) {
            throw new AigcFormatException("XMP packet larger than " + MAX_XMP + " bytes");
        }
        int start = xmp.indexOf("<x:xmpmeta");
        int end = xmp.lastIndexOf("</x:xmpmeta>");
        String xml = start >= 0 && end > start ? xmp.substring(start, end + "</x:xmpmeta>".length()) : xmp;
        List<AigcLabel> out = new ArrayList<>();
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setNamespaceAware(true);
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            f.setXIncludeAware(false);
            f.setExpandEntityReferences(false);
            DocumentBuilder b = f.newDocumentBuilder();
            b.setErrorHandler(null);
            Document doc = b.parse(new InputSource(new StringReader(xml)));
            NodeList elements = doc.getElementsByTagNameNS(XMP_NS, "AIGC");
            for (int i = 0; i < elements.getLength(); i++) {
                out.add(parseJson(((Element) elements.item(i)).getTextContent().trim()));
            }
            collectAttributes(doc.getDocumentElement(), out);
        } catch (AigcFormatException e) {
            throw e;
        } catch (Exception e) {
            // not well-formed XML: fall back to a conservative attribute scan, so a damaged packet still shows
            // a label it carries
            if (!xmp.contains(XMP_NS)) {
                return out;
            }
            Matcher m = XMP_ATTR.matcher(xmp);
            while (m.find()) {
                String v = m.group(1) != null ? m.group(1) : m.group(2);
                out.add(parseJson(unescapeXml(v)));
            }
        }
        return out;
    }

    private static void collectAttributes(Node n, List<AigcLabel> out) throws AigcFormatException {
        if (n instanceof Element e) {
            NamedNodeMap attrs = e.getAttributes();
            for (int i = 0; i < attrs.getLength(); i++) {
                Node a = attrs.item(i);
                if (XMP_NS.equals(a.getNamespaceURI()) && "AIGC".equals(a.getLocalName())) {
                    out.add(parseJson(a.getNodeValue()));
                }
            }
            for (Node c = e.getFirstChild(); c != null; c = c.getNextSibling()) {
                collectAttributes(c, out);
            }
        }
    }

    /** An XMP packet carrying the label as {@code TC260:AIGC} element text. */
    public static String toXmp(AigcLabel label) {
        return "<?xpacket begin=\"\uFEFF\" id=\"W5M0MpCehiHzreSzNTczkc9d\"?>\n"
                + "<x:xmpmeta xmlns:x=\"adobe:ns:meta/\">\n"
                + " <rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">\n"
                + "  <rdf:Description rdf:about=\"\" xmlns:TC260=\"" + XMP_NS + "\">\n"
                + "   <TC260:AIGC>" + escapeXml(label.toJson()) + "</TC260:AIGC>\n"
                + "  </rdf:Description>\n </rdf:RDF>\n</x:xmpmeta>\n<?xpacket end=\"w\"?>";
    }

    private static String escapeXml(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    private static String unescapeXml(String s) {
        return s.replace("&quot;", "\"").replace("&apos;", "'").replace("&lt;", "<").replace("&gt;", ">")
                .replace("&amp;", "&");
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
