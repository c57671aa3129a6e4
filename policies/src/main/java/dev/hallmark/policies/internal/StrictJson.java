package dev.hallmark.policies.internal;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.hallmark.policies.PolicyException;
import dev.hallmark.policies.PolicyException.Reason;
import dev.hallmark.policies.Problem;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;

/**
 * Bounded, strict JSON reading for untrusted policy inputs: UTF-8 only, duplicate keys rejected, nesting depth,
 * string and number lengths capped, trailing content rejected. Errors become {@link PolicyException}s naming the
 * input and the line/column.
 */
public final class StrictJson {
    /** Deepest nesting any of our formats needs is 5; allow some slack, never the parser default of 1000. */
    public static final int MAX_DEPTH = 16;
    public static final int MAX_STRING = 16 * 1024;

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
            .enable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
            .disable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .build();

    static {
        MAPPER.getFactory().setStreamReadConstraints(StreamReadConstraints.builder()
                .maxNestingDepth(MAX_DEPTH)
                .maxStringLength(MAX_STRING)
                .maxNumberLength(32)
                .maxNameLength(256)
                .maxDocumentLength(16L * 1024 * 1024)
                .build());
    }

    private StrictJson() {
    }

    public static ObjectMapper mapper() {
        return MAPPER;
    }

    /** Reads at most {@code maxBytes} of {@code file}; larger files are refused unread. */
    public static byte[] readBounded(Path file, long maxBytes) throws PolicyException {
        try {
            long size = Files.size(file);
            if (size > maxBytes) {
                throw new PolicyException(Reason.LIMIT_EXCEEDED, file, "",
                        "file is " + size + " bytes; at most " + maxBytes + " accepted");
            }
            if (size == 0) {
                throw new PolicyException(Reason.UNREADABLE, file, "", "file is empty");
            }
            try (InputStream in = Files.newInputStream(file)) {
                byte[] b = in.readNBytes((int) maxBytes + 1);
                if (b.length > maxBytes) {
                    throw new PolicyException(Reason.LIMIT_EXCEEDED, file, "", "file grew beyond " + maxBytes + " bytes while reading");
                }
                return b;
            }
        } catch (NoSuchFileException e) {
            throw new PolicyException(Reason.UNREADABLE, file, "", "no such file");
        } catch (IOException e) {
            throw new PolicyException(Reason.UNREADABLE, file, "", "cannot read (" + e.getMessage() + ")");
        }
    }

    /** Decodes strict UTF-8 (malformed bytes are an error, never replaced). */
    public static String utf8(byte[] bytes, String input) throws PolicyException {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(java.nio.ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new PolicyException(Reason.MALFORMED, input, "", "not valid UTF-8 text");
        }
    }

    /** Parses one JSON document. */
    public static JsonNode parse(String text, String input) throws PolicyException {
        if (text.isBlank()) {
            throw new PolicyException(Reason.UNREADABLE, input, "", "empty document");
        }
        try {
            JsonNode node = MAPPER.readTree(text);
            if (node == null || node.isMissingNode()) {
                throw new PolicyException(Reason.MALFORMED, input, "", "no JSON value");
            }
            return node;
        } catch (StreamConstraintsException e) {
            throw new PolicyException(Reason.LIMIT_EXCEEDED, input, "", firstLine(e.getOriginalMessage()));
        } catch (JsonParseException e) {
            throw new PolicyException(Reason.MALFORMED, input, where(e), "JSON syntax: " + firstLine(e.getOriginalMessage()));
        } catch (JsonProcessingException e) {
            String m = firstLine(e.getOriginalMessage());
            Reason r = m.contains("nesting depth") || m.contains("exceeds the maximum") ? Reason.LIMIT_EXCEEDED : Reason.MALFORMED;
            throw new PolicyException(r, input, where(e), "JSON: " + m);
        }
    }

    private static String where(JsonProcessingException e) {
        var loc = e.getLocation();
        return loc == null ? "" : "line " + loc.getLineNr() + ", column " + loc.getColumnNr();
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "unreadable";
        }
        int nl = s.indexOf('\n');
        String line = nl < 0 ? s : s.substring(0, nl);
        return line.length() > 200 ? line.substring(0, 200) + "..." : line;
    }

    /** Problem list helper for callers that collect. */
    public static PolicyException invalid(String input, List<Problem> problems) {
        return new PolicyException(Reason.INVALID, input, problems);
    }
}
