package dev.hallmark.registry;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hallmark.registry.internal.Bytes;
import dev.hallmark.registry.internal.Json;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An RFC 9162 inclusion proof for one journal record, self-contained: the exact leaf bytes (the canonical JSON payload;
 * leaf hash = SHA-256(0x00 || leaf)), its index, the tree size, the audit path (leaf end first) and the signed
 * checkpoint of that tree size. JSON form (schema {@code hallmark.proof/1}):
 * {@code {"schema","leaf":base64,"leafIndex","treeSize","inclusionPath":[hex...],"checkpoint":note}}.
 * Verifiable with nothing but RFC 9162 and the log's public key ({@link ProofVerifier}).
 */
public record InclusionProof(byte[] leaf, long leafIndex, long treeSize, List<byte[]> inclusionPath, String checkpoint) {
    public static final String SCHEMA = "hallmark.proof/1";

    public InclusionProof {
        leaf = leaf.clone();
        inclusionPath = inclusionPath.stream().map(byte[]::clone).toList();
    }

    @Override
    public byte[] leaf() {
        return leaf.clone();
    }

    /** SHA-256(0x00 || leaf). */
    public byte[] leafHash() {
        return dev.hallmark.registry.merkle.Rfc9162.leafHash(leaf);
    }

    /** The JSON document, fields in the documented order. */
    public Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("schema", SCHEMA);
        m.put("leaf", Base64.getEncoder().encodeToString(leaf));
        m.put("leafIndex", leafIndex);
        m.put("treeSize", treeSize);
        m.put("inclusionPath", inclusionPath.stream().map(Bytes::hex).toList());
        m.put("checkpoint", checkpoint);
        return m;
    }

    /** Parses the JSON form; IllegalArgumentException if malformed. */
    public static InclusionProof fromJson(String json) {
        JsonNode n;
        try {
            n = Json.parse(json);
        } catch (IOException e) {
            throw new IllegalArgumentException("proof is not valid JSON: " + String.valueOf(e.getMessage()).lines().findFirst().orElse(""));
        }
        if (!n.isObject() || !SCHEMA.equals(n.path("schema").asText())) {
            throw new IllegalArgumentException("not a " + SCHEMA + " document");
        }
        try {
            byte[] leaf = Base64.getDecoder().decode(n.path("leaf").asText(""));
            if (!n.path("leafIndex").canConvertToExactIntegral() || !n.path("treeSize").canConvertToExactIntegral()) {
                throw new IllegalArgumentException("leafIndex and treeSize must be integers");
            }
            List<byte[]> path = new ArrayList<>();
            JsonNode p = n.path("inclusionPath");
            if (!p.isArray() || p.size() > 64) {
                throw new IllegalArgumentException("inclusionPath must be an array of at most 64 hashes");
            }
            for (JsonNode h : p) {
                path.add(Bytes.HEX.parseHex(h.asText()));
            }
            if (!n.path("checkpoint").isTextual()) {
                throw new IllegalArgumentException("checkpoint must be the signed note text");
            }
            return new InclusionProof(leaf, n.path("leafIndex").asLong(), n.path("treeSize").asLong(), path,
                    n.path("checkpoint").asText());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("malformed proof: " + e.getMessage());
        }
    }
}
