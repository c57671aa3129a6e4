package dev.hallmark.generator.eval;

import dev.hallmark.generator.scene.SceneSpec;
import dev.hallmark.generator.scene.Vocabulary;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Evaluation captions with the scene each one asks for: a TSV of {@code caption, colour, shape, motion,
 * background}. The tiny-t2v bundle ships its held-out set (captions of colour-shape-motion triples never shown in
 * training) as {@code /models/tiny-t2v/heldout.tsv}.
 */
public final class HeldOutCaptions {
    public static final String TINY_T2V = "/models/tiny-t2v/heldout.tsv";

    /** One caption and what it asks for. */
    public record Item(String caption, SceneSpec expected) {
    }

    private HeldOutCaptions() {
    }

    public static List<Item> tinyT2v() throws IOException {
        try (InputStream in = HeldOutCaptions.class.getResourceAsStream(TINY_T2V)) {
            if (in == null) {
                throw new IOException("resource " + TINY_T2V + " missing");
            }
            return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    public static List<Item> read(Path tsv) throws IOException {
        return parse(Files.readString(tsv));
    }

    static List<Item> parse(String tsv) throws IOException {
        List<Item> items = new ArrayList<>();
        for (String line : tsv.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] f = line.split("\t");
            if (f.length != 5) {
                throw new IOException("bad caption line (need 5 tab-separated fields): " + line);
            }
            try {
                items.add(new Item(f[0], new SceneSpec(Vocabulary.Shape.valueOf(f[2].toUpperCase(Locale.ROOT)), f[1],
                        Vocabulary.Motion.valueOf(f[3].toUpperCase(Locale.ROOT)), f[4].trim())));
            } catch (IllegalArgumentException e) {
                throw new IOException("bad caption line: " + line + " (" + e.getMessage() + ")", e);
            }
        }
        return items;
    }
}
