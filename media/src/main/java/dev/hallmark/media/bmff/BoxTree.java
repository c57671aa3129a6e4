package dev.hallmark.media.bmff;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** The parsed box structure of one file: its top-level boxes and their descendants. */
public record BoxTree(long fileSize, List<Box> topLevel) {
    public BoxTree {
        topLevel = List.copyOf(topLevel);
    }

    /** The box at a slash-separated path of types from the top, e.g. {@code moov/udta/meta}; null if absent. */
    public Box find(String path) {
        String[] parts = path.split("/");
        List<Box> level = topLevel;
        Box found = null;
        for (String p : parts) {
            found = null;
            for (Box b : level) {
                if (b.type().equals(p)) {
                    found = b;
                    break;
                }
            }
            if (found == null) {
                return null;
            }
            level = found.children();
        }
        return found;
    }

    /** Every box of that type anywhere in the tree, depth first. */
    public List<Box> all(String type) {
        List<Box> out = new ArrayList<>();
        collect(topLevel, type, out);
        return out;
    }

    private static void collect(List<Box> boxes, String type, List<Box> out) {
        for (Box b : boxes) {
            if (b.type().equals(type)) {
                out.add(b);
            }
            collect(b.children(), type, out);
        }
    }

    /** Top-level {@code uuid} boxes with that extended type. */
    public List<Box> topLevelUuid(UUID userType) {
        return topLevel.stream().filter(b -> userType.equals(b.userType())).toList();
    }

    /** True if the file has a {@code moof} box (fragmented MP4). */
    public boolean fragmented() {
        return topLevel.stream().anyMatch(b -> b.type().equals("moof"));
    }

    /** A one-line-per-box outline, indented by depth, for {@code inspect}. */
    public List<String> outline(int maxDepth) {
        List<String> lines = new ArrayList<>();
        outline(topLevel, 0, maxDepth, lines);
        return lines;
    }

    private static void outline(List<Box> boxes, int depth, int maxDepth, List<String> lines) {
        for (Box b : boxes) {
            lines.add("  ".repeat(depth) + b.type() + (b.userType() != null ? " " + b.userType() : "") + " "
                    + b.size());
            if (depth + 1 < maxDepth) {
                outline(b.children(), depth + 1, maxDepth, lines);
            }
        }
    }
}
