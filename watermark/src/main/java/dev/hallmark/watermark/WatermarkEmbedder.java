package dev.hallmark.watermark;

import dev.hallmark.media.FrameRate;
import dev.hallmark.media.I420Frame;
import dev.hallmark.watermark.spread.SpreadSpectrumEmbedder;

/**
 * Adds the invisible watermark to video frames in place, one frame at a time, before they are encoded: the pipeline
 * calls {@link #embed} on every decoded or generated frame and hands the same frame to the encoder. Only the luma
 * plane changes. Frames of one embedder must share one size.
 *
 * <pre>{@code
 * try (WatermarkEmbedder wm = WatermarkEmbedder.create(key, WatermarkPayload.parse("00000000deadbeef"),
 *         EmbedOptions.defaults(), frameRate)) {
 *     for (I420Frame f; (f = reader.next()) != null; ) { wm.embed(f); writer.write(f); }
 *     SoftBinding binding = wm.softBinding();   // for the C2PA c2pa.soft-binding assertion
 * }
 * }</pre>
 *
 * <p><b>Security.</b> The pattern is derived from the secret key; without it the mark can be neither read nor
 * written. The key never leaves {@link WatermarkKey}; the payload is public once read (it is an id, not a secret).
 * Known limit: a party with many marked videos of the same key could estimate the fixed pattern by averaging them.
 */
public interface WatermarkEmbedder extends AutoCloseable {

    /** The spread-spectrum embedder ({@value SoftBinding#ALG}). */
    static WatermarkEmbedder create(WatermarkKey key, WatermarkPayload payload, EmbedOptions options,
            FrameRate frameRate) {
        return new SpreadSpectrumEmbedder(key, payload, options, frameRate);
    }

    /** Marks {@code frame} in place (its Y plane). Thread-confined: call from one thread. */
    void embed(I420Frame frame);

    /** Frames marked so far. */
    long framesEmbedded();

    /** What the C2PA {@code c2pa.soft-binding} assertion declares, covering the frames marked so far. */
    SoftBinding softBinding();

    /** Stops the worker threads. */
    @Override
    void close();
}
