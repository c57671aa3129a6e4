package dev.hallmark.registry;

import dev.hallmark.registry.internal.Bytes;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An RFC 9162 consistency proof that the tree of {@code toSize} entries extends the tree of {@code fromSize}:
 * nothing filed before was removed or changed. {@code checkpoint} is the signed checkpoint of {@code toSize};
 * the auditor compares {@code fromRoot} with the checkpoint it saved earlier.
 */
public record ConsistencyProof(long fromSize, long toSize, byte[] fromRoot, byte[] toRoot, List<byte[]> path, String checkpoint) {
    public static final String SCHEMA = "hallmark.consistency/1";

    public ConsistencyProof {
        fromRoot = fromRoot.clone();
        toRoot = toRoot.clone();
        path = path.stream().map(byte[]::clone).toList();
    }

    @Override
    public byte[] fromRoot() {
        return fromRoot.clone();
    }

    @Override
    public byte[] toRoot() {
        return toRoot.clone();
    }

    public Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("schema", SCHEMA);
        m.put("fromSize", fromSize);
        m.put("toSize", toSize);
        m.put("fromRoot", Bytes.hex(fromRoot));
        m.put("toRoot", Bytes.hex(toRoot));
        m.put("consistencyPath", path.stream().map(Bytes::hex).toList());
        m.put("checkpoint", checkpoint);
        return m;
    }
}
