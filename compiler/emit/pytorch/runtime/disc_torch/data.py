"""Data for the PyTorch target: the procedural dSprites (Matthey et al. 2017) rendered on
demand with the geometry of runtime/data/dsprites-render.ts, or images from a .npz file.

Images are float32 [C, H, W] in [0, 1]. Pixel (row r, col c) is on iff (c + 0.5, r + 0.5) lies
inside the shape (even-odd rule for polygons); posY = 0 is the top row, as in the TS runtime.
"""

import math

import numpy as np
import torch
from torch.utils.data import Dataset

FACTOR_NAMES = ("shape", "scale", "orientation", "posX", "posY")
FACTOR_SIZES = (3, 6, 40, 32, 32)
_HEART_N = 256


def _heart_unit():
    t = 2 * np.pi * np.arange(_HEART_N) / _HEART_N
    x = 16 * np.sin(t) ** 3
    y = 13 * np.cos(t) - 5 * np.cos(2 * t) - 2 * np.cos(3 * t) - np.cos(4 * t)
    return np.stack([x, y], 1)


_HEART = _heart_unit()
_SQUARE = np.array([[-0.5, -0.5], [0.5, -0.5], [0.5, 0.5], [-0.5, 0.5]])
_PX = np.arange(64) + 0.5


def _inside_polygon(poly):
    """Even-odd point-in-polygon for every pixel centre of a 64×64 canvas; poly [V, 2] (x, y down)."""
    xi, yi = poly[:, 0], poly[:, 1]
    xj, yj = np.roll(xi, 1), np.roll(yi, 1)
    py = _PX[:, None]  # [64 rows, 1]
    crosses = (yi[None, :] > py) != (yj[None, :] > py)  # [64, V]
    with np.errstate(divide="ignore", invalid="ignore"):
        xint = xi[None, :] + (py - yi[None, :]) * (xj - xi)[None, :] / (yj - yi)[None, :]
    # on iff an odd number of crossings lies left of the pixel centre
    left = crosses[:, None, :] & (xint[:, None, :] < _PX[None, :, None])  # [64, 64, V]
    return (left.sum(2) % 2) == 1


def render_sprite(shape, scale, theta, pos_x, pos_y):
    """One binary 64×64 image (float32) of the sprite; shape 0 square, 1 ellipse, 2 heart."""
    t = theta % (2 * math.pi)
    cos, sin = math.cos(t), math.sin(t)
    cx, cy = 16 + 32 * pos_x, 16 + 32 * pos_y
    if shape == 1:
        a, b = 12.75 * scale, 7.25 * scale
        dx = _PX[None, :] - cx
        dy = cy - _PX[:, None]
        u = cos * dx + sin * dy
        v = -sin * dx + cos * dy
        return ((u / a) ** 2 + (v / b) ** 2 < 1).astype(np.float32)
    if shape == 0:
        unit, sx, sy, up = _SQUARE, 20 * scale, 20 * scale, 0.0
    elif shape == 2:
        unit, sx, sy, up = _HEART, 0.6 * scale, 0.65 * scale, 1.5 * scale
    else:
        raise ValueError(f"render_sprite: shape must be 0, 1 or 2, got {shape}")
    u = unit[:, 0] * sx
    v = unit[:, 1] * sy + up
    poly = np.stack([cx + u * cos - v * sin, cy - (u * sin + v * cos)], 1)
    return _inside_polygon(poly).astype(np.float32)


class DSprites(Dataset):
    """Procedural dSprites: item i -> (image [1, S, S], factor classes int64 [5]), index
    row-major over the (sub-)grid, posY fastest. size 64 or 32 (2×2 average pool);
    `factors` maps a factor name to the subset of class indices to keep."""

    def __init__(self, size=64, factors=None):
        if size not in (32, 64):
            raise ValueError(f"dsprites: size must be 64 or 32, got {size}")
        factors = factors or {}
        for k in factors:
            if k not in FACTOR_NAMES:
                raise ValueError(f"dsprites: unknown factor '{k}'; expected one of {', '.join(FACTOR_NAMES)}")
        self.size = size
        self.values = [list(factors.get(n, range(s))) for n, s in zip(FACTOR_NAMES, FACTOR_SIZES)]
        self.sizes = [len(v) for v in self.values]
        self.n = math.prod(self.sizes)

    def __len__(self):
        return self.n

    def __getitem__(self, i):
        if not 0 <= i < self.n:
            raise IndexError(f"dsprites: example index {i} outside [0, {self.n})")
        sub, rest = [0] * 5, int(i)
        for k in range(4, -1, -1):
            sub[k], rest = rest % self.sizes[k], rest // self.sizes[k]
        sh, sc, orient, x, y = (self.values[k][sub[k]] for k in range(5))
        img = render_sprite(sh, 0.5 + 0.5 * sc / 5, 2 * math.pi * orient / 39, x / 31, y / 31)
        if self.size == 32:
            img = img.reshape(32, 2, 32, 2).mean((1, 3))
        return torch.from_numpy(img[None]), torch.tensor(sub)


class NpzImages(Dataset):
    """Images from a .npz: member `imgs` (dSprites) or `images`, [N, H, W] or [N, H, W, C],
    uint8 in {0, 1} / {0..255} or float in [0, 1]. Items: (image [C, H, W] float32, index)."""

    def __init__(self, path, size=None):
        try:
            npz = np.load(path, mmap_mode="r")
        except OSError as e:
            raise ValueError(f"{path}: cannot read the .npz file ({e})") from e
        key = "imgs" if "imgs" in npz.files else "images" if "images" in npz.files else None
        if key is None:
            raise ValueError(f"{path}: no member 'imgs' or 'images' (found {', '.join(npz.files)})")
        self.images = npz[key]
        self.scale = 255.0 if self.images.dtype == np.uint8 and self.images.max() > 1 else 1.0
        self.size = size

    def __len__(self):
        return int(self.images.shape[0])

    def __getitem__(self, i):
        img = np.asarray(self.images[i], dtype=np.float32) / self.scale
        if img.ndim == 2:
            img = img[:, :, None]
        if self.size is not None and img.shape[0] == 2 * self.size:
            img = img.reshape(self.size, 2, self.size, 2, img.shape[2]).mean((1, 3))
        return torch.from_numpy(np.ascontiguousarray(img.transpose(2, 0, 1))), i


def make_dataset(name, args):
    """The training set of the spec: `path` (a .npz) when given, else the procedural set."""
    if args.get("path"):
        return NpzImages(args["path"], args.get("size"))
    if name != "dsprites":
        raise ValueError(f'the pytorch target generates dsprites only; give data {name}(path: "….npz")')
    # `factors: [names]` selects what metrics score, not the training set.
    return DSprites(args.get("size", 64))
