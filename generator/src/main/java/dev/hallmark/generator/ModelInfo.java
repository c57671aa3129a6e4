package dev.hallmark.generator;

import dev.hallmark.media.FrameRate;
import java.util.Objects;
import java.util.Optional;

/**
 * What a model is, for labels, C2PA actions and filings.
 *
 * @param name model name (e.g. {@code tiny-t2v})
 * @param version model version
 * @param filingNumber algorithm-filing number of the model (e.g. a CAC filing), or null when it has none
 * @param digitalSourceType what kind of media it makes (IPTC)
 * @param licence licence of the weights (SPDX id or text)
 * @param nativeWidth width the model works at, in pixels (frames are resampled to the requested size)
 * @param nativeHeight height the model works at
 * @param nativeFrames frames the model makes in one pass (0: any number, e.g. a procedural renderer)
 * @param nativeFps frame rate of the native frames
 * @param runtime how it runs, for logs and reports (e.g. {@code OnnxRuntime on cpu()}, {@code procedural})
 */
public record ModelInfo(String name, String version, String filingNumber, DigitalSourceType digitalSourceType,
        String licence, int nativeWidth, int nativeHeight, int nativeFrames, FrameRate nativeFps, String runtime) {

    public ModelInfo {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(digitalSourceType, "digitalSourceType");
        Objects.requireNonNull(licence, "licence");
        Objects.requireNonNull(nativeFps, "nativeFps");
        Objects.requireNonNull(runtime, "runtime");
        if (name.isBlank() || version.isBlank()) {
            throw new IllegalArgumentException("model name and version must not be blank");
        }
        if (nativeWidth <= 0 || nativeHeight <= 0 || nativeFrames < 0) {
            throw new IllegalArgumentException("bad native size " + nativeWidth + "x" + nativeHeight + "x" + nativeFrames);
        }
    }

    public Optional<String> filing() {
        return Optional.ofNullable(filingNumber);
    }

    /** The IPTC URI of {@link #digitalSourceType()}. */
    public String digitalSourceTypeUri() {
        return digitalSourceType.uri();
    }
}
