package dev.hallmark.registry.note;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * A parsed C2SP signed note: the text (ending in a newline), a blank line, then signature lines
 * {@code "— <name> <base64(keyid[4] || signature)>"}. Parsing is bounded (size, number of signatures) and strict.
 *
 * <p>Security: {@link #verify(NoteVerifier)} accepts the note only if a signature line names the verifier's key
 * (name and key id) and its Ed25519 signature over the exact text bytes is valid; other signatures are ignored.
 */
public record SignedNote(String text, List<Line> signatures) {
    /** U+2014 EM DASH, which starts every signature line. */
    public static final String DASH = "\u2014";
    /** Largest note accepted. */
    public static final int MAX_NOTE_BYTES = 1 << 20;
    /** Most signature lines accepted. */
    public static final int MAX_SIGNATURES = 100;

    /** One signature line. */
    public record Line(String name, int keyId, byte[] signature) {
    }

    public SignedNote {
        signatures = List.copyOf(signatures);
    }

    /** Outcome of verifying a note with one key. */
    public enum Verification { VALID, NO_SIGNATURE_FOR_KEY, BAD_SIGNATURE }

    /** Checks the note body rules: non-empty, valid text, ends in '\n', no control characters other than '\n'. */
    static void checkText(String text) {
        if (text.isEmpty() || !text.endsWith("\n")) {
            throw new IllegalArgumentException("note text must end with a newline");
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c != '\n' && Character.isISOControl(c)) {
                throw new IllegalArgumentException("note text contains a control character");
            }
        }
    }

    /** Parses a signed note; throws IllegalArgumentException naming the first rule broken. */
    public static SignedNote parse(byte[] bytes) {
        if (bytes.length > MAX_NOTE_BYTES) {
            throw new IllegalArgumentException("note larger than " + MAX_NOTE_BYTES + " bytes");
        }
        String all;
        try {
            all = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException("note is not valid UTF-8");
        }
        return parse(all);
    }

    public static SignedNote parse(String all) {
        if (!all.endsWith("\n")) {
            throw new IllegalArgumentException("note does not end with a newline");
        }
        int split = all.lastIndexOf("\n\n");
        if (split < 0) {
            throw new IllegalArgumentException("note has no blank line before its signatures");
        }
        String text = all.substring(0, split + 1);
        checkText(text);
        String sigBlock = all.substring(split + 2);
        List<Line> lines = new ArrayList<>();
        for (String line : sigBlock.split("\n", -1)) {
            if (line.isEmpty()) {
                continue; // the final newline
            }
            if (lines.size() >= MAX_SIGNATURES) {
                throw new IllegalArgumentException("more than " + MAX_SIGNATURES + " signatures");
            }
            if (!line.startsWith(DASH + " ")) {
                throw new IllegalArgumentException("signature line does not start with an em dash");
            }
            String rest = line.substring(2);
            int sp = rest.indexOf(' ');
            if (sp <= 0 || rest.indexOf(' ', sp + 1) >= 0) {
                throw new IllegalArgumentException("malformed signature line");
            }
            String name = rest.substring(0, sp);
            if (!NoteVerifier.validName(name)) {
                throw new IllegalArgumentException("invalid key name in signature line");
            }
            byte[] blob;
            String b64 = rest.substring(sp + 1);
            try {
                blob = Base64.getDecoder().decode(b64);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("signature is not base64");
            }
            if (!Base64.getEncoder().encodeToString(blob).equals(b64)) {
                throw new IllegalArgumentException("signature is not canonical base64");
            }
            if (blob.length < 5) {
                throw new IllegalArgumentException("signature too short");
            }
            int id = ByteBuffer.wrap(blob, 0, 4).getInt();
            byte[] sig = java.util.Arrays.copyOfRange(blob, 4, blob.length);
            lines.add(new Line(name, id, sig));
        }
        if (lines.isEmpty()) {
            throw new IllegalArgumentException("note has no signatures");
        }
        return new SignedNote(text, lines);
    }

    /** Verifies the note against one key (see class comment). */
    public Verification verify(NoteVerifier key) {
        boolean seen = false;
        byte[] msg = text.getBytes(StandardCharsets.UTF_8);
        for (Line l : signatures) {
            if (l.name().equals(key.name()) && l.keyId() == key.keyId()) {
                seen = true;
                if (key.verify(msg, l.signature())) {
                    return Verification.VALID;
                }
            }
        }
        return seen ? Verification.BAD_SIGNATURE : Verification.NO_SIGNATURE_FOR_KEY;
    }
}
