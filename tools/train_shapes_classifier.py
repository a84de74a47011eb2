"""Train the frozen shapes classifier that lesson 08 and `gan-lessons score` use, and write it as package data.

    python tools/train_shapes_classifier.py            # writes gan_lessons/assets/shapes_classifier.pt, prints its sha256

Seeded and single-threaded, so it gives the same file on the same torch version. Four classes: disc, square, triangle,
and "not a clean shape". The shapes come from `make_shapes`, which knows what it drew; the fourth class is made here
from eight kinds of failure a generator shows (blurred, noisy, irregular blobs, rounded squares and ellipses, two
shapes at once, colour that is not flat, a dirty background, untrained networks). The held-out checks (5x5 box blur,
an untrained DCGAN generator, a failed GAN's samples) are NOT among them: lesson 08 runs them.
"""
import hashlib, sys, time
from pathlib import Path
import torch
import torch.nn.functional as F
from gan_lessons.data import make_shapes, shapes_colour, SHAPES_RADIUS
from gan_lessons.layers import basic_generator
from gan_lessons.evaluation import ShapesNet, SHAPES_BACKGROUND

BG = SHAPES_BACKGROUND

def real(n, seed): return make_shapes(n, 32, seed, labels=True)

def gauss_blur(x, sigma):              # images (n, c, h, w) in [0, 1], one sigma per image
    k = torch.arange(-4, 5).float()
    w = torch.exp(-0.5 * (k[None] / sigma[:, None]) ** 2); w = w / w.sum(1, keepdim=True)   # (n, 9)
    n, c, h, _ = x.shape
    out = F.pad(x, (4, 4, 4, 4), mode='replicate').reshape(1, n * c, h + 8, h + 8)
    wk = w.repeat_interleave(c, 0)
    out = F.conv2d(out, wk.view(n * c, 1, 1, 9), groups=n * c)
    out = F.conv2d(out, wk.view(n * c, 1, 9, 1), groups=n * c)
    return out.view(n, c, h, h)

def paint(mask, colour, bg=BG):        # a mask drawn at 2x (n, 64, 64) -> (n, 3, 32, 32), soft edges as make_shapes
    m = F.avg_pool2d(mask.float()[:, None], 2)
    return bg + m * (colour[:, :, None, None] - bg)

def coords(n, g):
    pix = (torch.arange(64) + 0.5) / 64
    r = torch.empty(n).uniform_(*SHAPES_RADIUS, generator=g)
    cx, cy = r + torch.rand(2, n, generator=g) * (1 - 2 * r)
    return pix[None, None, :] - cx[:, None, None], pix[None, :, None] - cy[:, None, None], r[:, None, None]

def colours(n, g): return shapes_colour(torch.rand(n, generator=g))
def fg_mask(x): return (x - BG).abs().amax(1, keepdim=True) > 0.05

def negatives(n, seed):
    "`n` images in [0, 1] that are NOT one clean disc, square or triangle: 8 families, n/8 each."
    g = torch.Generator().manual_seed(seed); torch.manual_seed(seed)
    per, out = n // 8, []
    x = real(per, seed + 1)[0].float() / 255                                                   # 1 blurred
    out.append(gauss_blur(x, torch.empty(per).uniform_(1.0, 2.5, generator=g)))
    x = real(per, seed + 2)[0].float() / 255                                                   # 2 noisy
    out.append((x + torch.randn(x.shape, generator=g) * torch.empty(per, 1, 1, 1).uniform_(0.12, 0.4, generator=g)).clamp(0, 1))
    field = F.interpolate(torch.randn(per, 1, 5, 5, generator=g), size=64, mode='bicubic', align_corners=False)[:, 0]
    thr = torch.stack([f.flatten().quantile(q) for f, q in zip(field, torch.empty(per).uniform_(0.6, 0.9, generator=g))])
    out.append(paint(field > thr[:, None, None], colours(per, g)))                             # 3 irregular blobs
    dx, dy, r = coords(per, g)                                                                 # 4 rounded squares, ellipses
    p, a = torch.empty(per, 1, 1).uniform_(3.2, 6, generator=g), torch.empty(per, 1, 1).uniform_(0.45, 0.7, generator=g)
    superellipse = (dx.abs() / (0.9 * r)) ** p + (dy.abs() / (0.9 * r)) ** p <= 1
    ellipse = (dx / r) ** 2 + (dy / (a * r)) ** 2 <= 1
    out.append(paint(torch.where(torch.rand(per, 1, 1, generator=g) < 0.5, superellipse, ellipse), colours(per, g)))
    x1, x2 = real(per, seed + 3)[0].float() / 255, real(per, seed + 4)[0].float() / 255      # 5 two shapes, or a ghost
    out.append(torch.where(torch.rand(per, 1, 1, 1, generator=g) < 0.5, torch.maximum(x1, x2), (x1 + x2) / 2))
    x = real(per, seed + 5)[0].float() / 255                                                   # 6 colour not flat
    ramp = torch.linspace(-1, 1, 32)[None, None, None, :] * torch.empty(per, 3, 1, 1).uniform_(-0.5, 0.5, generator=g)
    out.append(torch.where(fg_mask(x), (x + ramp).clamp(0, 1), x))
    x = real(per, seed + 6)[0].float() / 255                                                   # 7 wrong or dirty background
    flat = (torch.rand(per, 3, 1, 1, generator=g) * 0.6 + 0.2).expand_as(x)
    dirt = BG + F.interpolate(torch.rand(per, 3, 4, 4, generator=g), size=32, mode='bilinear') * 0.5
    out.append(torch.where(fg_mask(x), x, torch.where(torch.rand(per, 1, 1, 1, generator=g) < 0.5, flat, dirt)))
    rest, imgs = n - 7 * per, []                                                               # 8 untrained networks
    for i in range(0, rest, 100):
        gen = basic_generator(32, 3, 100, 16).eval()                # fastai's networks, not the DCGAN checked in lesson 08
        with torch.no_grad():
            scale = torch.empty(1).uniform_(1, 5, generator=g)
            imgs.append((gen(torch.randn(min(100, rest - i), 100, generator=g)) * scale).tanh() * 0.5 + 0.5)
    out.append(torch.cat(imgs))
    return torch.cat(out)

def positives(n, seed):
    "`n` real shapes in [0, 1] with their kinds; some with the faint noise or softness a good generator may leave."
    g = torch.Generator().manual_seed(seed)
    x, y = real(n, seed); x = x.float() / 255
    soft = torch.rand(n, generator=g) < 0.3
    x[soft] = gauss_blur(x[soft], torch.empty(int(soft.sum())).uniform_(0.3, 0.6, generator=g))
    x = (x + torch.randn(x.shape, generator=g) * torch.empty(n, 1, 1, 1).uniform_(0, 0.03, generator=g)).clamp(0, 1)
    return x, y

def train(epochs=8, bs=128):
    torch.set_num_threads(1)
    start = time.perf_counter()
    xp, yp = positives(24_000, 100); xn = negatives(12_000, 200)
    x = torch.cat([xp, xn]) * 2 - 1; y = torch.cat([yp, torch.full((len(xn),), 3)])
    torch.manual_seed(0)
    net = ShapesNet(); opt = torch.optim.Adam(net.parameters(), 1e-3)
    sched = torch.optim.lr_scheduler.OneCycleLR(opt, 2e-3, total_steps=epochs * (len(x) // bs))
    g = torch.Generator().manual_seed(0)
    for epoch in range(epochs):
        perm, total = torch.randperm(len(x), generator=g), 0.
        for i in range(0, len(x) - bs + 1, bs):
            idx = perm[i:i + bs]
            loss = F.cross_entropy(net(x[idx]), y[idx]); opt.zero_grad(); loss.backward(); opt.step(); sched.step()
            total += loss.item()
        print(f"epoch {epoch + 1}/{epochs}: loss {total / (len(x) // bs):.4f}, {time.perf_counter() - start:.0f} s", flush=True)
    return net.eval()

if __name__ == '__main__':
    out = Path(sys.argv[1] if len(sys.argv) > 1 else Path(__file__).parent.parent/'gan_lessons/assets/shapes_classifier.pt')
    torch.save(train().state_dict(), out)
    print(f"{out}: sha256 {hashlib.sha256(out.read_bytes()).hexdigest()}")
