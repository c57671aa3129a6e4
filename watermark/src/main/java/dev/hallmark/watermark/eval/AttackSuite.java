package dev.hallmark.watermark.eval;

import dev.hallmark.media.EncoderSettings.Codec;
import java.util.ArrayList;
import java.util.List;

/**
 * The attack suite of the watermark evaluation protocol: re-encodes (H.264, H.265, VP9, AV1), resizes, crops and
 * reframes, colour changes, frame-rate and time edits, filters, mirroring, rotation, overlays, Video Seal's combined
 * attack (crop 0.71 + brightness 0.5 + H.264) and two platform-like chains. Brightness 0.5 follows Video Seal
 * (torchvision {@code adjust_brightness(0.5)}: every channel times 0.5), applied in YUV around black and neutral.
 */
public final class AttackSuite {
    private static final String CROP71 = "crop=trunc(iw*0.71/2)*2:trunc(ih*0.71/2)*2";
    private static final String HALF_BRIGHT = "lutyuv=y='16+(val-16)*0.5':u='128+(val-128)*0.5':v='128+(val-128)*0.5'";

    private AttackSuite() {
    }

    /** Every attack. */
    public static List<Attack> full() {
        List<Attack> a = new ArrayList<>();
        a.add(new Attack("lossless", "the marked lossless intermediate (FFV1)", List.of(), "reference"));
        for (int crf : new int[] {18, 23, 28, 30, 33, 38, 40, 43}) {
            a.add(Attack.h264("h264-crf" + crf, "codec", "H.264 CRF " + crf, "null", crf));
        }
        for (int crf : new int[] {23, 28, 35, 40}) {
            a.add(Attack.of("h265-crf" + crf, "codec", "H.265 CRF " + crf, "null", Codec.H265, crf));
        }
        for (int crf : new int[] {31, 40}) {
            a.add(Attack.of("vp9-crf" + crf, "codec", "VP9 CRF " + crf, "null", Codec.VP9, crf));
        }
        a.add(Attack.of("av1-crf35", "codec", "AV1 (libaom realtime) CRF 35", "null", Codec.AV1, 35));
        a.add(Attack.h264("resize-0.5", "geometry", "resize to 0.5x, H.264 CRF 23", "scale=trunc(iw/4)*2:trunc(ih/4)*2", 23));
        a.add(Attack.h264("resize-0.71", "geometry", "resize to 0.71x, H.264 CRF 23",
                "scale=trunc(iw*0.71/2)*2:trunc(ih*0.71/2)*2", 23));
        a.add(Attack.h264("resize-1.5", "geometry", "upscale 1.5x, H.264 CRF 23", "scale=trunc(iw*0.75)*2:trunc(ih*0.75)*2",
                23));
        a.add(Attack.h264("resize-2.0", "geometry", "upscale 2x, H.264 CRF 23", "scale=iw*2:ih*2", 23));
        a.add(Attack.h264("resize-360p", "geometry", "resize to 360 lines, H.264 CRF 23", "scale=-2:360", 23));
        a.add(Attack.h264("crop-0.9", "geometry", "centre crop 0.9, H.264 CRF 23",
                "crop=trunc(iw*0.9/2)*2:trunc(ih*0.9/2)*2", 23));
        a.add(Attack.h264("crop-0.71", "geometry", "centre crop 0.71, H.264 CRF 23", CROP71, 23));
        a.add(Attack.h264("crop-0.5", "geometry", "centre crop 0.5, H.264 CRF 23", "crop=trunc(iw/4)*2:trunc(ih/4)*2", 23));
        a.add(Attack.h264("crop-0.71-corner", "geometry", "top-left crop 0.71, H.264 CRF 23", CROP71 + ":0:0", 23));
        a.add(Attack.h264("crop-0.5-resize", "geometry", "centre crop 0.5 resized back to full size, H.264 CRF 23",
                "crop=trunc(iw/4)*2:trunc(ih/4)*2,scale={w}:{h}", 23));
        a.add(Attack.h264("reframe-9x16", "geometry", "9:16 vertical reframe (centre), H.264 CRF 23",
                "crop=trunc(ih*9/32)*2:ih", 23));
        a.add(Attack.h264("brightness", "colour", "brightness +0.1, H.264 CRF 23", "eq=brightness=0.1", 23));
        a.add(Attack.h264("brightness-0.5", "colour", "brightness x0.5, H.264 CRF 23", HALF_BRIGHT, 23));
        a.add(Attack.h264("contrast", "colour", "contrast 1.3, H.264 CRF 23", "eq=contrast=1.3", 23));
        a.add(Attack.h264("gamma", "colour", "gamma 1.4, H.264 CRF 23", "eq=gamma=1.4", 23));
        a.add(Attack.h264("grayscale", "colour", "grayscale, H.264 CRF 23", "hue=s=0", 23));
        a.add(Attack.h264("fps-25", "time", "frame rate to 25, H.264 CRF 23", "fps=25", 23));
        a.add(Attack.h264("fps-6", "time", "frame rate to 6, H.264 CRF 23", "fps=6", 23));
        a.add(Attack.h264("speed-2x", "time", "speed x2 (every other frame), H.264 CRF 23", "setpts=0.5*PTS,fps={fps}", 23));
        a.add(Attack.h264("drop-every-3rd", "time", "drop every third frame, H.264 CRF 23",
                "select='not(eq(mod(n\\,3)\\,2))',setpts=N/FRAME_RATE/TB", 23));
        a.add(Attack.h264("trim-3s", "time", "first 3 seconds only, H.264 CRF 23", "trim=duration=3", 23));
        a.add(Attack.h264("blur", "filter", "Gaussian blur sigma 1, H.264 CRF 23", "gblur=sigma=1", 23));
        a.add(Attack.h264("noise", "filter", "temporal noise 8, H.264 CRF 23", "noise=alls=8:allf=t", 23));
        a.add(Attack.h264("sharpen", "filter", "unsharp 5x5 1.0, H.264 CRF 23", "unsharp=5:5:1.0", 23));
        a.add(Attack.h264("hflip", "geometry", "mirror left-right, H.264 CRF 23", "hflip", 23));
        a.add(Attack.h264("rotate-2", "geometry", "rotate 2 degrees (size kept, black corners), H.264 CRF 23",
                "rotate=2*PI/180", 23));
        a.add(Attack.h264("overlay", "filter", "caption and logo boxes over the picture, H.264 CRF 23",
                "drawbox=x=iw*0.05:y=ih*0.78:w=iw*0.9:h=ih*0.14:color=black@0.7:t=fill,"
                        + "drawbox=x=iw*0.8:y=ih*0.04:w=iw*0.15:h=ih*0.1:color=white@0.9:t=fill", 23));
        for (int crf : new int[] {23, 30, 40, 50}) {
            a.add(Attack.h264("videoseal-crf" + crf, "combined",
                    "Video Seal combined: crop 0.71 + brightness x0.5 + H.264 CRF " + crf, CROP71 + "," + HALF_BRIGHT, crf));
        }
        a.add(Attack.h264("crop-0.71-bright-crf30", "combined", "crop 0.71 + brightness +0.1 + H.264 CRF 30",
                CROP71 + ",eq=brightness=0.1", 30));
        a.add(Attack.h264("screen-recording", "chain",
                "screen recording: scale 0.83, blur, gamma, noise, 30 fps, pad back, H.264 CRF 30",
                "scale=trunc(iw*0.83/2)*2:trunc(ih*0.83/2)*2,gblur=sigma=0.6,eq=gamma=1.1,noise=alls=4:allf=t,"
                        + "fps=30,pad={w}:{h}:(ow-iw)/2:(oh-ih)/2", 30));
        a.add(new Attack("reupload", "re-upload: H.264 CRF 23, then 720 lines at CRF 28",
                List.of(new Attack.Step("null", Codec.H264, 23), new Attack.Step("scale=-2:720", Codec.H264, 28)),
                "chain"));
        a.add(platformReupload());
        return List.copyOf(a);
    }

    /**
     * The platform abuse chain of issue 8 (and the demo): every label and manifest dropped, H.264 CRF 23, then a centre
     * crop to 0.9, resized to 720 lines (an upscale for our 512 x 512 clips) at CRF 28.
     */
    public static Attack platformReupload() {
        return new Attack("platform-reupload", "platform re-upload: H.264 CRF 23, then centre crop 0.9 + 720 lines at "
                + "CRF 28", List.of(new Attack.Step("null", Codec.H264, 23),
                        new Attack.Step("crop=trunc(iw*0.9/2)*2:trunc(ih*0.9/2)*2,scale=-2:720", Codec.H264, 28)),
                "chain");
    }

    /** A few minutes' worth: the headline attacks only. */
    public static List<Attack> quick() {
        List<String> ids = List.of("lossless", "h264-crf28", "h264-crf40", "videoseal-crf30", "resize-0.5",
                "crop-0.71", "fps-25", "hflip", "rotate-2");
        return full().stream().filter(a -> ids.contains(a.id())).toList();
    }

    /** Attacks by id (unknown ids are refused). */
    public static List<Attack> select(List<String> ids) {
        List<Attack> all = full();
        List<Attack> out = new ArrayList<>();
        for (String id : ids) {
            out.add(all.stream().filter(a -> a.id().equals(id)).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("unknown attack " + id)));
        }
        return out;
    }
}
