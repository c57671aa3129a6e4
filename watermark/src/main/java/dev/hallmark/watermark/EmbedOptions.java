package dev.hallmark.watermark;

/**
 * How strongly and with how many threads to embed.
 *
 * @param targetPsnrY luma PSNR (dB) the perceptual mask is scaled to on each frame; higher is fainter. 50.5 dB gives
 *                    RGB PSNR near 49 dB and SSIM-Y near 0.997 on camera footage
 * @param maxStrength cap on the mark's amplitude in luma levels at any pixel (before rounding)
 * @param threads     worker threads for the frame passes (rows are split between them); 1 = the caller's thread
 */
public record EmbedOptions(double targetPsnrY, double maxStrength, int threads) {
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
    }

    /** Target 50.5 dB luma PSNR, amplitude cap 3 levels, 2 threads. */
    public static EmbedOptions defaults() {
        return new EmbedOptions(50.5, 3.0, 2);
    }

    public EmbedOptions withTargetPsnrY(double psnr) {
        return new EmbedOptions(psnr, maxStrength, threads);
    }

    public EmbedOptions withThreads(int n) {
        return new EmbedOptions(targetPsnrY, maxStrength, n);
    }

    public EmbedOptions withMaxStrength(double s) {
        return new EmbedOptions(targetPsnrY, s, threads);
    }
}
