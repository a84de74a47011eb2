"""Cut lesson 06's 32 recorded 64-px samples out of its notebook's figure and write them as package data.

    python tools/cut_lesson06_samples.py    # writes gan_lessons/assets/lesson06_samples.png (8 x 4 tiles of 64 px, no padding)

Lesson 06's WGAN run takes 18 CPU minutes and keeps no checkpoint; its samples survive as the figure "after 20 more
epochs at 64 px" in nbs/06_wgan_lsun.ipynb. matplotlib drew each 64-px sample over about 89 screen pixels, so each
tile is cut between the white padding lines and resized back to 64 px (area average): close to the samples, not
bit-identical. Lesson 11 uses them to show that its near-duplicate measure flags lesson 06's mode collapse.
"""
import base64, io, json
from pathlib import Path
import numpy as np
from PIL import Image

ROOT = Path(__file__).parent.parent

def figure():
    for cell in json.loads((ROOT/'nbs/06_wgan_lsun.ipynb').read_text())['cells']:
        if 'after 20 more epochs at 64 px' in ''.join(cell['source']):
            png = next(o['data']['image/png'] for o in cell['outputs'] if 'image/png' in o.get('data', {}))
            return Image.open(io.BytesIO(base64.b64decode(png))).convert('RGB')
    raise SystemExit("nbs/06_wgan_lsun.ipynb has no recorded figure 'after 20 more epochs at 64 px': run its slow cells first.")

def runs(mask):
    "(start, end) of each run of True in a 1-d boolean array."
    edges = np.flatnonzero(np.diff(np.r_[0, mask.astype(int), 0]))
    return list(zip(edges[::2], edges[1::2]))

if __name__ == '__main__':
    img = figure(); a = np.asarray(img).astype(int)
    white = (a > 245).all(2)
    cols = [r for r in runs(white[40:].mean(0) < 0.5) if r[1] - r[0] > 40]
    rows = [r for r in runs(white[:, 20:-20].mean(1) < 0.5) if r[1] - r[0] > 40]
    if (len(cols), len(rows)) != (8, 4): raise SystemExit(f"expected 8 x 4 tiles, found {len(cols)} x {len(rows)}")
    out = Image.new('RGB', (8 * 64, 4 * 64))
    for j, (y0, y1) in enumerate(rows):
        for i, (x0, x1) in enumerate(cols): out.paste(img.crop((x0, y0, x1, y1)).resize((64, 64), Image.BOX), (i * 64, j * 64))
    path = ROOT/'gan_lessons/assets/lesson06_samples.png'
    out.save(path); print(f"{path}: {len(cols) * len(rows)} samples")
