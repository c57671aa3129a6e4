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
