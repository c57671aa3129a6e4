package dev.hallmark.provenance.internal;

import com.upokecenter.cbor.CBOREncodeOptions;
import com.upokecenter.cbor.CBORException;
import com.upokecenter.cbor.CBORObject;
import com.upokecenter.cbor.CBORType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * CBOR through PeterO's {@code com.upokecenter:cbor}, guarded for untrusted input: every item is first walked by a
 * small structural scanner that bounds nesting depth and checks every declared length and count against the bytes
 * actually present, so the library never sees an item that could make it recurse deeply or allocate on a claimed
 * size. Also typed accessors that throw {@link Malformed} instead of returning surprises.
 *
 * <pre>
 * initial byte = major type (3 bits) | additional info (5 bits); ai &lt; 24 value, 24..27 = 1/2/4/8-byte argument,
 * 28..30 reserved, 31 = indefinite length (types 2..5) or "break" (type 7)
 * </pre>
 */
public final class Cbor {
    /** Deepest nesting of arrays, maps and tags accepted (C2PA structures use fewer than 10). */
    public static final int MAX_DEPTH = 64;
    private static final CBOREncodeOptions DECODE = new CBOREncodeOptions("allowduplicatekeys=false;keepkeyorder=true");

    private Cbor() {
    }

    /** Decodes exactly one item filling {@code bytes}. */
    public static CBORObject decode(byte[] bytes) {
        return decode(bytes, 0, bytes.length, false);
    }

    /** Decodes the first item of {@code bytes[off, off+len)}; trailing bytes are an error unless allowed. */
    public static CBORObject decode(byte[] bytes, int off, int len, boolean allowTrailing) {
        int end = itemEnd(bytes, off, off + len);
        if (!allowTrailing && end != off + len) {
            throw new Malformed("CBOR item followed by " + (off + len - end) + " unexpected bytes");
        }
        byte[] item = off == 0 && end == bytes.length ? bytes : Arrays.copyOfRange(bytes, off, end);
        try {
            return CBORObject.DecodeFromBytes(item, DECODE);
        } catch (CBORException | IllegalArgumentException | IllegalStateException | ArithmeticException e) {
            throw new Malformed("invalid CBOR: " + e.getMessage());
        }
    }

    /** Offset just past the single well-formed item starting at {@code off}; throws {@link Malformed} otherwise. */
    public static int itemEnd(byte[] b, int off, int end) {
        if (off < 0 || end > b.length || off > end) {
            throw new IllegalArgumentException("bad range");
        }
        return new Scanner(b, end).item(off, 0);
    }

    private static final class Scanner {
        private final byte[] b;
        private final int end;

        Scanner(byte[] b, int end) {
            this.b = b;
            this.end = end;
        }

        private long arg(int pos, int ai) {
            int n = switch (ai) {
                case 24 -> 1;
                case 25 -> 2;
                case 26 -> 4;
                case 27 -> 8;
                default -> throw new Malformed("reserved CBOR additional information " + ai);
            };
            need(pos, n);
            long v = 0;
            for (int i = 0; i < n; i++) {
                v = (v << 8) | (b[pos + i] & 0xff);
            }
            return v;
        }

        private void need(int pos, long n) {
            if (n < 0 || n > end - pos) {
                throw new Malformed("truncated CBOR: needs " + (n < 0 ? "2^63+" : n) + " bytes at offset " + pos
                        + ", " + (end - pos) + " left");
            }
        }

        /** Returns the offset after the item at {@code pos}. */
        int item(int pos, int depth) {
            if (depth > MAX_DEPTH) {
                throw Malformed.limit("CBOR nested deeper than " + MAX_DEPTH + " levels");
            }
            need(pos, 1);
            int ib = b[pos] & 0xff;
            int mt = ib >>> 5;
            int ai = ib & 31;
            pos++;
            if (ai == 31) {
                return indefinite(pos, mt, depth);
            }
            long v;
            if (ai < 24) {
                v = ai;
            } else {
                v = arg(pos, ai);
                pos += 1 << (ai - 24);
            }
            switch (mt) {
                case 0, 1 -> {
                    return pos;
                }
                case 2, 3 -> {
                    need(pos, v);
                    return pos + (int) v;
                }
                case 4 -> {
                    need(pos, v); // every element takes at least one byte
                    for (long i = 0; i < v; i++) {
                        pos = item(pos, depth + 1);
                    }
                    return pos;
                }
                case 5 -> {
                    if (v > Integer.MAX_VALUE / 2) {
                        throw new Malformed("CBOR map claims " + v + " entries");
                    }
                    need(pos, v * 2);
                    for (long i = 0; i < v * 2; i++) {
                        pos = item(pos, depth + 1);
                    }
                    return pos;
                }
                case 6 -> {
                    return item(pos, depth + 1);
                }
                default -> { // 7: simple values and floats; value already consumed
                    if (ai == 24 && v < 32) {
                        throw new Malformed("invalid CBOR simple value encoding");
                    }
                    return pos;
                }
            }
        }

        private int indefinite(int pos, int mt, int depth) {
            switch (mt) {
                case 2, 3 -> {
                    while (true) {
                        need(pos, 1);
                        int ib = b[pos] & 0xff;
                        if (ib == 0xff) {
                            return pos + 1;
                        }
                        if (ib >>> 5 != mt || (ib & 31) == 31) {
                            throw new Malformed("invalid chunk in indefinite-length CBOR string");
                        }
                        pos = item(pos, depth + 1);
                    }
                }
                case 4, 5 -> {
                    int items = 0;
                    while (true) {
                        need(pos, 1);
                        if ((b[pos] & 0xff) == 0xff) {
                            if (mt == 5 && items % 2 != 0) {
                                throw new Malformed("indefinite-length CBOR map with a key but no value");
                            }
                            return pos + 1;
                        }
                        pos = item(pos, depth + 1);
                        items++;
                    }
                }
                default -> throw new Malformed(mt == 7 ? "unexpected CBOR break" : "indefinite length on CBOR major type " + mt);
            }
        }
    }

    // ---- typed accessors -------------------------------------------------------------------------------------------

    public static boolean isMap(CBORObject o) {
        return o != null && o.getType() == CBORType.Map;
    }

    public static CBORObject requireMap(CBORObject o, String what) {
        if (!isMap(o)) {
            throw new Malformed(what + " is not a CBOR map");
        }
        return o;
    }

    /** Value of a text key, or null when absent or CBOR null. */
    public static CBORObject get(CBORObject map, String key) {
        if (!isMap(map)) {
            return null;
        }
        CBORObject v = map.get(key);
        return v == null || v.isNull() || v.isUndefined() ? null : v;
    }

    public static String text(CBORObject map, String key) {
        CBORObject v = get(map, key);
        if (v == null) {
            return null;
        }
        if (v.getType() != CBORType.TextString) {
            throw new Malformed("'" + key + "' is not a text string");
        }
        return v.AsString();
    }

    public static byte[] bytes(CBORObject map, String key) {
        CBORObject v = get(map, key);
        if (v == null) {
            return null;
        }
        return asBytes(v, key);
    }

    /** A byte string, or an array of small integers (how some JSON-derived manifests carry hashes). */
    public static byte[] asBytes(CBORObject v, String what) {
        if (v.getType() == CBORType.ByteString) {
            return v.GetByteString();
        }
        if (v.getType() == CBORType.Array && v.size() <= 4096) {
            byte[] out = new byte[v.size()];
            for (int i = 0; i < out.length; i++) {
                CBORObject e = v.get(i);
                if (e.getType() != CBORType.Integer || !e.CanValueFitInInt32() || e.AsInt32Value() < 0
                        || e.AsInt32Value() > 255) {
                    throw new Malformed("'" + what + "' is not a byte string");
                }
                out[i] = (byte) e.AsInt32Value();
            }
            return out;
        }
        throw new Malformed("'" + what + "' is not a byte string");
    }

    /** Unsigned integer value, or null when absent. */
    public static Long uint(CBORObject map, String key) {
        CBORObject v = get(map, key);
        if (v == null) {
            return null;
        }
        if (v.getType() != CBORType.Integer || !v.CanValueFitInInt64() || v.AsInt64Value() < 0) {
            throw new Malformed("'" + key + "' is not an unsigned integer");
        }
        return v.AsInt64Value();
    }

    public static List<CBORObject> array(CBORObject map, String key) {
        CBORObject v = get(map, key);
        if (v == null) {
            return null;
        }
        if (v.getType() != CBORType.Array) {
            throw new Malformed("'" + key + "' is not an array");
        }
        List<CBORObject> out = new ArrayList<>(v.size());
        for (int i = 0; i < v.size(); i++) {
            out.add(v.get(i));
        }
        return out;
    }

    public static CBORObject map(CBORObject map, String key) {
        CBORObject v = get(map, key);
        if (v != null && v.getType() != CBORType.Map) {
            throw new Malformed("'" + key + "' is not a map");
        }
        return v;
    }

    /** Canonical-enough encoding of our own structures (definite lengths, insertion order). */
    public static byte[] encode(CBORObject o) {
        return o.EncodeToBytes();
    }

    /** A map that keeps insertion order when encoded. */
    public static CBORObject newMap() {
        return CBORObject.NewOrderedMap();
    }
}
