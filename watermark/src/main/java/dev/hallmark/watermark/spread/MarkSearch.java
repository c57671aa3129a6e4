package dev.hallmark.watermark.spread;

import dev.hallmark.watermark.SoftBinding;

/**
 * One of the searches a detector runs over a folded video, each with a calibration of its own: for fixed marks
 * ({@code ss1}) on the plain mean of the frames, or for flipped marks ({@code ss3}) on the frames demodulated at the
 * flip rate times {@code speed}. A copy played at double speed flips twice as often, and over a long clip a
 * demodulation at the marking's own rate loses it; the search at speed 2 reads such copies.
 *
 * @param alg   the marking the search reads
 * @param speed 0 for fixed marks; for flipped ones the playback speed the demodulation assumes (1 or 2)
 */
public record MarkSearch(String alg, int speed) {
    public static final MarkSearch FIXED = new MarkSearch(SoftBinding.ALG, 0);
    public static final MarkSearch FLIPPED = new MarkSearch(SoftBinding.ALG_FLIPPED, 1);
    public static final MarkSearch FLIPPED_X2 = new MarkSearch(SoftBinding.ALG_FLIPPED, 2);

    public MarkSearch {
        if (!(speed == 0 && SoftBinding.ALG.equals(alg))
                && !(speed >= 1 && speed <= SignFlip.MAX_SPEED && SoftBinding.ALG_FLIPPED.equals(alg))) {
            throw new IllegalArgumentException("no search for " + alg + " at speed " + speed);
        }
    }

    public boolean flipped() {
        return speed > 0;
    }

    /** The bundled calibration's resource name. */
    String resource() {
        return switch (speed) {
            case 0 -> "calibration-ss1.txt";
            case 1 -> "calibration-ss3.txt";
            default -> "calibration-ss3-x" + speed + ".txt";
        };
    }

    @Override
    public String toString() {
        return speed <= 1 ? alg : alg + " at speed x" + speed;
    }
}
