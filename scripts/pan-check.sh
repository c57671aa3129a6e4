#!/usr/bin/env bash
# Issue 4's "no visible pattern on pans (look at frames)": makes two 720p30 pans with the FFmpeg executable that
# JavaCV's FFmpeg jar ships (a still of Megamind.avi upscaled to 2560 px wide, and a smooth blue gradient with
# temporal noise of sd 2 levels, a sky), marks each with the default marking (ss3) and the synthetic one (ss1)
# through `hallmark watermark embed`, and writes the same frame unmarked / default / synthetic, stacked, as PNGs to
# look at: 1:1 crops and 2x (nearest-neighbour) crops of the smoothest area.
# Usage: scripts/pan-check.sh [OUT_DIR]   (default: pan-check; needs the Maven repository the build filled)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
out="$(mkdir -p "${1:-pan-check}" && cd "${1:-pan-check}" && pwd)"
jar="$(find "$HOME/.m2/repository/org/bytedeco/ffmpeg" -name 'ffmpeg-*-linux-x86_64-gpl.jar' 2>/dev/null | sort | tail -1 || true)"
if [ -z "$jar" ]; then
  echo "pan-check: no FFmpeg jar of JavaCV in ~/.m2 (build the project first)" >&2
  exit 2
fi
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
unzip -q -o "$jar" 'org/bytedeco/ffmpeg/linux-x86_64-gpl/*' -d "$work"
bin="$work/org/bytedeco/ffmpeg/linux-x86_64-gpl"
chmod +x "$bin/ffmpeg"
missing="$(LD_LIBRARY_PATH="$bin" ldd "$bin/ffmpeg" | awk '/not found/ {print $1}' | tr '\n' ' ')"
if [ -n "$missing" ]; then
  echo "pan-check: the FFmpeg executable of JavaCV needs system libraries this machine lacks: $missing" >&2
  echo "  (on Debian: apt-get install -y libpulse0 for libpulse.so.0)" >&2
  exit 2
fi
ff() { LD_LIBRARY_PATH="$bin" "$bin/ffmpeg" -loglevel error -y "$@"; }
export HALLMARK_HOME="$work/home"

ff -ss 4 -i "$root/media/src/test/resources/fixtures/video/Megamind.avi" -frames:v 1 \
  -vf scale=2560:1876:flags=lanczos "$work/still.png"
ff -f lavfi -i "gradients=s=2560x1440:c0=0x4a78c0:c1=0xbcd4ee:x0=0:y0=0:x1=2560:y1=1440:d=1:speed=0" \
  -frames:v 1 "$work/sky.png"
# 200 px/s across, 20 or 40 px/s down, 6 s at 30 fps, near-lossless
ff -loop 1 -framerate 30 -i "$work/still.png" -t 6 -vf "crop=1280:720:'min(1280,t*200)':'400+t*20',format=yuv420p" \
  -c:v libx264 -crf 12 -preset veryfast "$work/cartoon.mp4"
ff -loop 1 -framerate 30 -i "$work/sky.png" -t 6 -vf "crop=1280:720:'t*200':'t*40',noise=alls=2:allf=t,format=yuv420p" \
  -c:v libx264 -crf 12 -preset veryfast "$work/sky.mp4"

# name, frame, 1:1 crop (w:h:x:y) of a smooth area
for spec in "cartoon 120 300:170:60:0" "sky 75 400:220:400:250"; do
  read -r name frame crop <<<"$spec"
  "$root/hallmark" watermark embed --in "$work/$name.mp4" --out "$work/$name-ss3.mp4" --payload 0123456789abcdef >/dev/null
  "$root/hallmark" watermark embed --synthetic --in "$work/$name.mp4" --out "$work/$name-ss1.mp4" \
    --payload 0123456789abcdef >/dev/null
  for v in "$name" "$name-ss3" "$name-ss1"; do
    ff -i "$work/$v.mp4" -vf "select=eq(n\,$frame)" -frames:v 1 "$work/$v-f.png"
  done
  IFS=: read -r w h _ _ <<<"$crop"
  ff -i "$work/$name-f.png" -i "$work/$name-ss3-f.png" -i "$work/$name-ss1-f.png" -filter_complex \
    "[0]crop=$crop[a];[1]crop=$crop[b];[2]crop=$crop[c];[a][b][c]vstack=3" "$out/$name-1x.png"
  ff -i "$out/$name-1x.png" -vf "scale=$((2 * w)):$((6 * h)):flags=neighbor" "$out/$name-2x.png"
  cp "$work/$name-f.png" "$out/$name-frame$frame.png"
done
echo "pan-check: $out: cartoon-1x.png, cartoon-2x.png, sky-1x.png, sky-2x.png (top to bottom: unmarked, default"
echo "  marking ss3, synthetic marking ss1), and the whole unmarked frames"
