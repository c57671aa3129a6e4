"""Contact sheets: rows = clips, columns = frames, upscaled with nearest neighbour, caption on the left."""
import numpy as np
from PIL import Image, ImageDraw


def contact_sheet(videos, captions, path, scale=3, every=1, label_width=260):
    """videos: (N, 3, T, H, W) in [-1, 1]."""
    v = np.clip((np.asarray(videos) + 1) * 127.5, 0, 255).astype(np.uint8)
    n, _, t, h, w = v.shape
    frames = list(range(0, t, every))
    cell_w, cell_h = w * scale + 2, h * scale + 2
    sheet = Image.new("RGB", (label_width + cell_w * len(frames), cell_h * n), (60, 60, 60))
    draw = ImageDraw.Draw(sheet)
    for i in range(n):
        draw.text((4, i * cell_h + cell_h // 2 - 6), captions[i][:42], fill=(255, 255, 255))
        for j, f in enumerate(frames):
            img = Image.fromarray(v[i, :, f].transpose(1, 2, 0)).resize((w * scale, h * scale), Image.NEAREST)
            sheet.paste(img, (label_width + j * cell_w + 1, i * cell_h + 1))
    sheet.save(path)
