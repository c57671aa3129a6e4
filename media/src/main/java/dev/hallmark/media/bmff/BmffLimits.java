package dev.hallmark.media.bmff;

/**
 * Bounds applied to untrusted ISO-BMFF input.
 *
 * @param maxDepth deepest nesting of boxes accepted (c2pa-rs uses 32)
 * @param maxBoxes most boxes parsed in one file
 * @param maxInMemoryBox largest box we load into memory to edit ({@code moov}, {@code moof}); {@code mdat} never is
 * @param maxTableEntries most entries in one sample table ({@code stco}, {@code co64}, {@code keys} ...)
 */
public record BmffLimits(int maxDepth, long maxBoxes, long maxInMemoryBox, long maxTableEntries) {
    public static final BmffLimits DEFAULT = new BmffLimits(32, 2_000_000, 256L << 20, 50_000_000);

    public BmffLimits {
        if (maxDepth < 1 || maxBoxes < 1 || maxInMemoryBox < 1024 || maxTableEntries < 1) {
            throw new IllegalArgumentException("limits too small");
        }
    }
}
