"""tiny-t2v networks: a word-level transformer text encoder and a factorised space-time U-Net denoiser.

Denoiser contract (what the Java runtime feeds, see generator/BUNDLES.md):
  x        float32 (B, 3, T, H, W)   noisy clip x_t = (1 - t) x0 + t eps, pixels in [-1, 1] at t = 0
  t        float32 (B,)              flow time in [0, 1] (1 = pure noise)
  context  float32 (B, L, D)         text encoder output; position 0 is the pooled [CLS] vector
  returns  float32 (B, 3, T, H, W)   the clean clip x0 ("sample" prediction)

Spatial work is per frame (Conv2d on B*T frames, which oneDNN runs fast on CPU): each 32x32 frame is
pixel-unshuffled into 8x8 cells of 4x4x3 values, processed by a U-Net at 8x8, 4x4 and 2x2 and shuffled back.
Time is mixed by residual temporal convolutions (Conv3d with a (3,1,1) kernel, dilated) at every level. Text and time
condition every residual block through FiLM (with time_film, also a FiLM that varies linearly over the frames,
so the caption can set the direction of motion). Linear layers are avoided in the hot path: this PyTorch build has
no MKL, so matmuls are ~50x slower than oneDNN convolutions.
"""
import math

import torch
import torch.nn as nn
import torch.nn.functional as F


class TextEncoder(nn.Module):
    def __init__(self, vocab_size, dim=128, layers=2, heads=4, max_tokens=16):
        super().__init__()
        self.tok = nn.Embedding(vocab_size, dim)
        self.pos = nn.Parameter(torch.zeros(1, max_tokens, dim))
        nn.init.normal_(self.pos, std=0.02)
        self.layers = nn.ModuleList([Block(dim, heads) for _ in range(layers)])
        self.norm = nn.LayerNorm(dim)

    def forward(self, ids):
        # ids: (B, L) int64; padding id 0 is masked out of attention
        mask = (ids != 0)
        h = self.tok(ids) + self.pos[:, : ids.shape[1]]
        bias = (~mask).float()[:, None, None, :] * -1e4  # (B, 1, 1, L)
        for layer in self.layers:
            h = layer(h, bias)
        return self.norm(h)


class Block(nn.Module):
    def __init__(self, dim, heads):
        super().__init__()
        self.heads = heads
        self.n1 = nn.LayerNorm(dim)
        self.qkv = nn.Linear(dim, 3 * dim)
        self.proj = nn.Linear(dim, dim)
        self.n2 = nn.LayerNorm(dim)
        self.ff = nn.Sequential(nn.Linear(dim, 2 * dim), nn.GELU(), nn.Linear(2 * dim, dim))

    def forward(self, x, bias):
        b, l, d = x.shape
        hd = d // self.heads
        q, k, v = self.qkv(self.n1(x)).reshape(b, l, 3, self.heads, hd).permute(2, 0, 3, 1, 4)
        att = (q @ k.transpose(-1, -2)) / math.sqrt(hd) + bias
        y = (att.softmax(-1) @ v).transpose(1, 2).reshape(b, l, d)
        x = x + self.proj(y)
        return x + self.ff(self.n2(x))


def timestep_embedding(t, dim):
    half = dim // 2
    freqs = torch.exp(-math.log(1000.0) * torch.arange(half, dtype=torch.float32) / half)
    a = t[:, None] * 1000.0 * freqs[None]
    return torch.cat([torch.sin(a), torch.cos(a)], dim=1)


def groups(c):
    return 8 if c % 8 == 0 else 1


class ResBlock(nn.Module):
    """Per-frame 2D residual block with FiLM conditioning."""

    def __init__(self, cin, cout, cond_dim, time_film=False):
        super().__init__()
        self.n1 = nn.GroupNorm(groups(cin), cin)
        self.c1 = nn.Conv2d(cin, cout, 3, padding=1)
        self.film = nn.Linear(cond_dim, 2 * cout)
        # time_film: a second FiLM whose scale and shift grow linearly over the clip (frame position tau in [-1, 1]),
        # so the caption can say directly how features change from first to last frame ("left" vs "right").
        # Zero-initialised: a model warm-started from one without it begins exactly where that one was.
        self.film_t = nn.Linear(cond_dim, 2 * cout) if time_film else None
        if self.film_t is not None:
            nn.init.zeros_(self.film_t.weight)
            nn.init.zeros_(self.film_t.bias)
        self.n2 = nn.GroupNorm(groups(cout), cout)
        self.c2 = nn.Conv2d(cout, cout, 3, padding=1)
        nn.init.zeros_(self.c2.weight)
        nn.init.zeros_(self.c2.bias)
        self.skip = nn.Conv2d(cin, cout, 1) if cin != cout else nn.Identity()

    def forward(self, x, cond, b, t, dcond=None):
        h = self.c1(F.silu(self.n1(x)))
        bt, c, hh, ww = h.shape
        s, sh = self.film(cond).chunk(2, dim=1)  # (B, C) each
        scale = 1 + s[:, None, :, None, None]
        shift = sh[:, None, :, None, None]
        if self.film_t is not None:
            st, sht = self.film_t(dcond).chunk(2, dim=1)
            tau = (torch.arange(t, dtype=h.dtype) / (t - 1) * 2 - 1).view(1, t, 1, 1, 1)
            scale = scale + tau * st[:, None, :, None, None]
            shift = shift + tau * sht[:, None, :, None, None]
        h = self.n2(h).view(b, t, c, hh, ww) * scale + shift
        h = self.c2(F.silu(h.view(bt, c, hh, ww)))
        return self.skip(x) + h


class TemporalBlock(nn.Module):
    """Residual temporal convolution over frames at every pixel."""

    def __init__(self, c, dilation):
        super().__init__()
        self.n = nn.GroupNorm(groups(c), c)
        self.conv = nn.Conv3d(c, c, (3, 1, 1), padding=(dilation, 0, 0), dilation=(dilation, 1, 1))
        nn.init.zeros_(self.conv.weight)
        nn.init.zeros_(self.conv.bias)

    def forward(self, x, b, t):
        bt, c, h, w = x.shape
        y = x.view(b, t, c, h, w).transpose(1, 2)  # (B, C, T, H, W)
        y = self.conv(F.silu(self.n(y)))
        return x + y.transpose(1, 2).reshape(bt, c, h, w)


class Level(nn.Module):
    def __init__(self, cin, cout, n_blocks, cond_dim, temporal_dilations, time_film=False):
        super().__init__()
        self.res = nn.ModuleList()
        self.tmp = nn.ModuleList()
        for i in range(n_blocks):
            self.res.append(ResBlock(cin if i == 0 else cout, cout, cond_dim, time_film))
            d = temporal_dilations[i % len(temporal_dilations)] if temporal_dilations else 0
            self.tmp.append(TemporalBlock(cout, d) if d else nn.Identity())

    def forward(self, x, cond, b, t, dcond=None):
        for r, tb in zip(self.res, self.tmp):
            x = r(x, cond, b, t, dcond)
            if not isinstance(tb, nn.Identity):
                x = tb(x, b, t)
        return x


class Denoiser(nn.Module):
    def __init__(self, channels=(32, 64, 128, 192), blocks=(1, 1, 2, 2), temporal=((), (1,), (1, 2), (1, 2, 4)),
                 text_dim=128, cond_dim=256, in_ch=3, patch=1, time_film=False):
        super().__init__()
        self.in_ch = in_ch
        self.patch = patch  # >1: pixel-unshuffle each frame into patch x patch blocks at the stem, shuffle back at the end
        inner = in_ch * patch * patch
        self.t_mlp = nn.Sequential(nn.Linear(128, cond_dim), nn.SiLU(), nn.Linear(cond_dim, cond_dim))
        self.c_mlp = nn.Sequential(nn.Linear(text_dim, cond_dim), nn.SiLU(), nn.Linear(cond_dim, cond_dim))
        # time_film: the time-linear FiLM reads its own projection of [CLS] (c_mlp of a model trained without it may
        # have all but merged captions that differ only in the direction of motion)
        self.d_mlp = nn.Sequential(nn.Linear(text_dim, cond_dim), nn.SiLU(), nn.Linear(cond_dim, cond_dim)) \
            if time_film else None
        self.stem = nn.Conv2d(inner + 1, channels[0], 3, padding=1)  # input + a frame-index plane
        self.down = nn.ModuleList()
        self.downsample = nn.ModuleList()
        for i, c in enumerate(channels):
            cin = channels[i - 1] if i > 0 else channels[0]
            if i > 0:
                self.downsample.append(nn.Conv2d(cin, cin, 3, stride=2, padding=1))
            self.down.append(Level(cin, c, blocks[i], cond_dim, temporal[i], time_film))
        self.up = nn.ModuleList()
        self.upsample = nn.ModuleList()
        for i in reversed(range(len(channels) - 1)):
            c = channels[i]
            self.upsample.append(nn.Conv2d(channels[i + 1], c, 3, padding=1))
            self.up.append(Level(2 * c, c, blocks[i], cond_dim, temporal[i], time_film))
        self.out_norm = nn.GroupNorm(groups(channels[0]), channels[0])
        self.out = nn.Conv2d(channels[0], inner, 3, padding=1)
        nn.init.zeros_(self.out.weight)
        nn.init.zeros_(self.out.bias)

    def forward(self, x, t, context):
        b, _, tt, h, w = x.shape
        temb = self.t_mlp(timestep_embedding(t, 128))
        cond = F.silu(temb + self.c_mlp(context[:, 0]))
        dcond = None if self.d_mlp is None else F.silu(temb + self.d_mlp(context[:, 0]))
        frames = x.transpose(1, 2).reshape(b * tt, self.in_ch, h, w)
        if self.patch > 1:
            frames = F.pixel_unshuffle(frames, self.patch)
        ph, pw = frames.shape[-2], frames.shape[-1]
        tplane = (torch.arange(tt, dtype=x.dtype) / (tt - 1) * 2 - 1).view(1, tt, 1, 1, 1).expand(b, tt, 1, ph, pw)
        hcur = self.stem(torch.cat([frames, tplane.reshape(b * tt, 1, ph, pw)], dim=1))
        skips = []
        for i, level in enumerate(self.down):
            if i > 0:
                hcur = self.downsample[i - 1](hcur)
            hcur = level(hcur, cond, b, tt, dcond)
            skips.append(hcur)
        skips.pop()  # deepest level output feeds the up path directly
        for up, level in zip(self.upsample, self.up):
            hcur = up(F.interpolate(hcur, scale_factor=2.0, mode="nearest"))
            hcur = level(torch.cat([hcur, skips.pop()], dim=1), cond, b, tt, dcond)
        y = self.out(F.silu(self.out_norm(hcur)))
        if self.patch > 1:
            y = F.pixel_shuffle(y, self.patch)
        return y.reshape(b, tt, self.in_ch, h, w).transpose(1, 2)


class TinyT2V(nn.Module):
    def __init__(self, vocab_size, **kw):
        super().__init__()
        self.text = TextEncoder(vocab_size)
        self.denoiser = Denoiser(**kw)


def count(m):
    return sum(p.numel() for p in m.parameters())


class FrameAutoencoder(nn.Module):
    """Per-frame convolutional autoencoder: (N, 3, 32, 32) in [-1, 1] <-> latents (N, 4, 8, 8).

    Diffusion runs on these latents (16x fewer positions than pixels). The decoder is trained with noise on its
    input so that it tolerates the small errors of sampled latents.
    """

    def __init__(self, latent=4, width=64):
        super().__init__()
        w = width
        self.enc = nn.Sequential(
            nn.Conv2d(3, w // 2, 3, padding=1), nn.SiLU(),
            nn.Conv2d(w // 2, w, 3, stride=2, padding=1), nn.SiLU(),
            nn.Conv2d(w, w, 3, padding=1), nn.SiLU(),
            nn.Conv2d(w, w, 3, stride=2, padding=1), nn.SiLU(),
            nn.Conv2d(w, w, 3, padding=1), nn.SiLU(),
            nn.Conv2d(w, latent, 1))
        self.dec = nn.Sequential(
            nn.Conv2d(latent, w, 3, padding=1), nn.SiLU(),
            nn.Conv2d(w, w, 3, padding=1), nn.SiLU(),
            nn.Upsample(scale_factor=2.0, mode="nearest"),
            nn.Conv2d(w, w, 3, padding=1), nn.SiLU(),
            nn.Conv2d(w, w, 3, padding=1), nn.SiLU(),
            nn.Upsample(scale_factor=2.0, mode="nearest"),
            nn.Conv2d(w, w // 2, 3, padding=1), nn.SiLU(),
            nn.Conv2d(w // 2, 3, 3, padding=1))

    def encode(self, x):
        return self.enc(x)

    def decode(self, z):
        return self.dec(z)


class VideoDecoder(nn.Module):
    """Export wrapper: normalised latents (B, 4, T, 8, 8) -> frames (B, 3, T, 32, 32) in [-1, 1]."""

    def __init__(self, ae, mean, std):
        super().__init__()
        self.ae = ae
        self.register_buffer("mean", mean.view(1, -1, 1, 1))
        self.register_buffer("std", std.view(1, -1, 1, 1))

    def forward(self, z):
        b, c, t, h, w = z.shape
        frames = z.transpose(1, 2).reshape(b * t, c, h, w) * self.std + self.mean
        y = self.ae.decode(frames).clamp(-1, 1)
        return y.view(b, t, 3, h * 4, w * 4).transpose(1, 2)
