package dev.hallmark.watermark;

import dev.hallmark.watermark.spread.SignFlip;

/**
 * How strongly and with how many threads to embed.
 *
 * @param targetPsnrY luma PSNR (dB) the perceptual mask is scaled to on each frame; higher is fainter. 50.5 dB gives
 *                    RGB PSNR near 49 dB and SSIM-Y near 0.997 on camera footage
 * @param maxStrength cap on the mark's amplitude in luma levels at any pixel (before rounding)
 * @param threads     worker threads for the frame passes (rows are split between them); 1 = the caller's thread
 * @param cellScale   size of the pattern's cells relative to the nominal {@code shortSide / 144} (1 to 1.5). Coarser
 *                    cells sit at lower spatial frequencies, which a codec keeps on smooth pictures; on camera footage
 *                    the finer nominal cells read better. The detector searches tile periods up to 3.4 x nominal, so a
 *                    scale of 1.5 is still found after crops down to 0.44 of the frame's short side, a 9:16 reframe
 *                    of a 16:9 or square picture included (1.0: down to 0.29)
 * @param maxGain     largest frame gain over the perceptual mask. The mask's floor on flat blocks times this gain
 *                    bounds the mark on a frame without texture, whatever the PSNR target allows
 * @param textureCap  ceiling of the texture masking factor (0.3 to 3; the floor on flat blocks is 0.3). 3 hides most of
 *                    the mark in texture, where camera footage masks it; 0.3 spreads it evenly, for pictures whose only
 *                    texture is an overlay (such as the visible label), which would otherwise take most of it
 * @param fadeNearBlackAndWhite weaken the mark on blocks near black (to 0.1) and near white (to 0.25), where camera
 *                    footage's clipped highlights and crushed shadows would show it; off, a black or white backdrop of
 *                    a synthetic picture carries its share (+-1 level on Y 16 or 235 is invisible once clipped to RGB)
 * @param flipSeconds 0 for a fixed mark ({@code ss1}); else the mark's sign flips every this many seconds
 *                    ({@code ss3}, {@link SignFlip}), so a detector can cancel a static
 *                    picture's texture ({@link SignFlip#INTERVAL_SECONDS})
 */
public record EmbedOptions(double targetPsnrY, double maxStrength, int threads, double cellScale, double maxGain,
        double textureCap, boolean fadeNearBlackAndWhite, double flipSeconds) {
    public static final double MAX_CELL_SCALE = 1.5;

    public EmbedOptions {
        if (!(targetPsnrY >= 35 && targetPsnrY <= 70)) {
            throw new IllegalArgumentException("target PSNR must be within 35..70 dB, got " + targetPsnrY);
        }
        if (!(maxStrength > 0 && maxStrength <= 16)) {
            throw new IllegalArgumentException("max strength must be within (0, 16], got " + maxStrength);
        }
        if (threads < 1 || threads > 64) {
            throw new IllegalArgumentException("threads must be within 1..64, got " + threads);
        }
        if (!(cellScale >= 1 && cellScale <= MAX_CELL_SCALE)) {
            throw new IllegalArgumentException("cell scale must be within 1.." + MAX_CELL_SCALE + ", got " + cellScale);
        }
        if (!(maxGain > 0 && maxGain <= 8)) {
            throw new IllegalArgumentException("max gain must be within (0, 8], got " + maxGain);
        }
        if (!(textureCap >= 0.3 && textureCap <= 3)) {
            throw new IllegalArgumentException("texture cap must be within 0.3..3, got " + textureCap);
        }
        if (flipSeconds != 0 && flipSeconds != SignFlip.INTERVAL_SECONDS) {
            throw new IllegalArgumentException("flip interval must be 0 (fixed mark) or " + SignFlip.INTERVAL_SECONDS
                    + " s (the rate detectors demodulate at), got " + flipSeconds);
        }
    }

    public EmbedOptions(double targetPsnrY, double maxStrength, int threads, double cellScale, double maxGain,
            double textureCap, boolean fadeNearBlackAndWhite) {
        this(targetPsnrY, maxStrength, threads, cellScale, maxGain, textureCap, fadeNearBlackAndWhite, 0);
    }

    /**
     * For camera footage and content of unknown kind: target 50.5 dB luma PSNR, amplitude cap 3 levels, 2 threads,
     * nominal cells, frame gain at most 2 (a flat frame gets at most +-0.6 levels), texture masking up to 3x the flat
     * level, faded near black and white, and the sign flipped every {@link SignFlip#INTERVAL_SECONDS} ({@code ss3}):
     * a still camera's texture, which a fixed mark cannot be told apart from, then cancels out at detection.
     */
    public static EmbedOptions defaults() {
        return new EmbedOptions(50.5, 3.0, 2, 1.0, 2.0, 3.0, true, SignFlip.INTERVAL_SECONDS);
    }

    /**
     * For smooth synthetic pictures (generated or rendered: flat areas, soft edges, little noise), where a codec
     * erases a faint fine pattern: cells 1.5 x nominal, target 49.5 dB luma PSNR, a frame gain up to 4 so flat
     * frames reach that target (whole-level +-1 cells, which cost the encoder fewer bits than a sparse dither), an
     * even mask (texture cap 0.3: the burnt-in label would otherwise draw most of the mark) and no fading on black or
     * white backdrops. Measured on tiny-t2v clips after the re-upload chain of issue 8: see watermark/README.md.
     */
    public static EmbedOptions synthetic() {
        return new EmbedOptions(49.5, 3.0, 2, MAX_CELL_SCALE, 4.0, 0.3, false);
    }

    public EmbedOptions withTargetPsnrY(double psnr) {
        return new EmbedOptions(psnr, maxStrength, threads, cellScale, maxGain, textureCap, fadeNearBlackAndWhite, flipSeconds);
    }

    public EmbedOptions withThreads(int n) {
        return new EmbedOptions(targetPsnrY, maxStrength, n, cellScale, maxGain, textureCap, fadeNearBlackAndWhite, flipSeconds);
    }

    public EmbedOptions withMaxStrength(double s) {
        return new EmbedOptions(targetPsnrY, s, threads, cellScale, maxGain, textureCap, fadeNearBlackAndWhite, flipSeconds);
    }

    public EmbedOptions withFlipSeconds(double seconds) {
        return new EmbedOptions(targetPsnrY, maxStrength, threads, cellScale, maxGain, textureCap, fadeNearBlackAndWhite,
                seconds);
    }
}
