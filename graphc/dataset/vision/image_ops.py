"""The image kernels behind `graphc.dataset.vision`, on NumPy arrays of shape (H, W) or
(H, W, C): decode, resize, crop, pad, flip, normalize.

`resize` with NEAREST or LINEAR follows OpenCV's `cv::resize`, which MindSpore's C++ ops call
(float32 positions with pixel centers at +0.5; uint8 weights fixed-point with 11 fractional
bits and OpenCV's vectorised rounding): the results equal MindSpore 2.10's bit for bit, for
uint8 and float images, up- and downscaling. The other modes go through Pillow and may differ
from MindSpore's (OpenCV's) cubic/area kernels. A PIL image is resized by Pillow itself
(`pil_resize`), as MindSpore's PIL path does.
"""

from __future__ import annotations

import io
from typing import Any

import numpy as np

from .utils import Border, Inter

_COEF_BITS = 11
_COEF_SCALE = 1 << _COEF_BITS


# Pillow's filter for each Inter mode
PIL_FILTERS = {Inter.NEAREST: "NEAREST", Inter.LINEAR: "BILINEAR", Inter.BICUBIC: "BICUBIC",
               Inter.PILCUBIC: "BICUBIC", Inter.ANTIALIAS: "LANCZOS", Inter.AREA: "BOX"}


def image_array(img: Any, where: str) -> np.ndarray:
    """`img` (a NumPy array or a PIL image) as an (H, W) or (H, W, C) array."""
    if type(img).__module__.startswith("PIL."):
        img = np.asarray(img)
    arr = np.asarray(img)
    if arr.ndim not in (2, 3):
        raise RuntimeError(f"{where}: the input must be an image of shape <H,W> or <H,W,C>, "
                           f"but got shape {arr.shape}.")
    return arr


def decode(data: Any, to_pil: bool = False) -> Any:
    """JPEG/PNG/BMP/... bytes (a uint8 array or bytes) to an RGB (H, W, 3) uint8 array."""
    from PIL import Image, UnidentifiedImageError
    raw = data.tobytes() if isinstance(data, np.ndarray) else bytes(data)
    if isinstance(data, np.ndarray) and (data.dtype != np.uint8 or data.ndim != 1):
        raise RuntimeError(f"Decode: the input must be a 1-D uint8 array of encoded image "
                           f"bytes, but got dtype {data.dtype}, shape {data.shape}.")
    try:
        rgb = Image.open(io.BytesIO(raw)).convert("RGB")
    except (UnidentifiedImageError, OSError) as exc:
        raise RuntimeError("Decode: image decode failed: the data is not a JPEG, PNG, BMP, "
                           f"GIF or TIFF image Pillow can read ({exc}).") from None
    return rgb if to_pil else np.asarray(rgb)


def _linear_taps(n_in: int, n_out: int, clamp_weight: bool
                 ) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """OpenCV's taps for each output pixel: (first index, second index, their weights).

    Positions are float32 as in OpenCV. Along x a position outside the image takes the edge
    pixel with weight 1 (`clamp_weight`); along y OpenCV keeps the fractional weights and
    only clamps the row indices, so the edge rows blend a row with itself."""
    scale = n_in / n_out
    pos = ((np.arange(n_out) + 0.5) * scale - 0.5).astype(np.float32)
    first = np.floor(pos).astype(np.int64)
    frac = pos - first.astype(np.float32)
    if clamp_weight:
        frac[first < 0] = 0.0
        first[first < 0] = 0
        last = first >= n_in - 1
        frac[last] = 0.0
        first[last] = n_in - 1
    w1 = frac
    w0 = np.float32(1.0) - frac
    i0 = np.clip(first, 0, n_in - 1)
    i1 = np.clip(first + 1, 0, n_in - 1)
    return i0, i1, w0, w1


def _fixed(w: np.ndarray) -> np.ndarray:
    """A float weight as OpenCV's 11-bit fixed-point coefficient (rounded to nearest)."""
    return np.rint(w * np.float32(_COEF_SCALE)).astype(np.int32)


def _resize_linear(img: np.ndarray, h: int, w: int) -> np.ndarray:
    y0, y1, wy0, wy1 = _linear_taps(img.shape[0], h, clamp_weight=False)
    x0, x1, wx0, wx1 = _linear_taps(img.shape[1], w, clamp_weight=True)
    c = 1 if img.ndim == 2 else img.shape[2]
    # the horizontal pass runs only on the source rows the vertical pass reads, on rows seen
    # as (needed, W * C) so that both passes index and broadcast along contiguous memory
    needed, where = np.unique(np.concatenate([y0, y1]), return_inverse=True)
    r0, r1 = where[:h], where[h:]
    lanes = np.arange(c)
    i0, i1 = (x0[:, None] * c + lanes).ravel(), (x1[:, None] * c + lanes).ravel()
    flat = img[needed].reshape(len(needed), -1)
    if img.dtype == np.uint8:
        a0, a1 = np.repeat(_fixed(wx0), c), np.repeat(_fixed(wx1), c)
        b0, b1 = _fixed(wy0)[:, None], _fixed(wy1)[:, None]
        src = flat.astype(np.int32)
        rows = np.take(src, i0, axis=1) * a0 + np.take(src, i1, axis=1) * a1
        rows >>= 4
        # OpenCV's vectorised vertical pass: each term pre-shifted, then rounded by 2 bits
        out = ((rows[r0] * b0) >> 16) + ((rows[r1] * b1) >> 16)
        out += 2
        out >>= 2
        result = out.clip(0, 255).astype(np.uint8)
    else:
        work = flat.astype(np.float32) if img.dtype != np.float64 else flat
        bx0, bx1 = np.repeat(wx0, c).astype(work.dtype), np.repeat(wx1, c).astype(work.dtype)
        by0, by1 = wy0.astype(work.dtype)[:, None], wy1.astype(work.dtype)[:, None]
        rows = np.take(work, i0, axis=1) * bx0 + np.take(work, i1, axis=1) * bx1
        out = rows[r0] * by0 + rows[r1] * by1
        result = (out.astype(img.dtype) if img.dtype.kind == "f"
                  else np.round(out).astype(img.dtype))
    return result.reshape((h, w) + img.shape[2:])


def _resize_nearest(img: np.ndarray, h: int, w: int) -> np.ndarray:
    ys = np.minimum(np.floor(np.arange(h) * (img.shape[0] / h)).astype(np.int64),
                    img.shape[0] - 1)
    xs = np.minimum(np.floor(np.arange(w) * (img.shape[1] / w)).astype(np.int64),
                    img.shape[1] - 1)
    return img[ys][:, xs]


def _resize_pil(img: np.ndarray, h: int, w: int, mode: Inter) -> np.ndarray:
    from PIL import Image
    resample = getattr(Image.Resampling, PIL_FILTERS[mode])
    if img.dtype == np.uint8 and (img.ndim == 2 or img.shape[2] in (1, 3, 4)):
        squeeze = img.ndim == 3 and img.shape[2] == 1
        src = img[..., 0] if squeeze else img
        out = np.asarray(Image.fromarray(src).resize((w, h), resample))
        return out[..., None] if squeeze else out
    planes = img[..., None] if img.ndim == 2 else img
    out = np.stack([np.asarray(Image.fromarray(planes[..., c].astype(np.float32), "F")
                               .resize((w, h), resample)) for c in range(planes.shape[2])], -1)
    out = out[..., 0] if img.ndim == 2 else out
    return out.astype(img.dtype) if img.dtype.kind == "f" else np.round(out).clip(
        np.iinfo(img.dtype).min, np.iinfo(img.dtype).max).astype(img.dtype)


def resize_shape(h: int, w: int, size: int | tuple[int, int]) -> tuple[int, int]:
    """The output (h, w): a pair as given; an int is the shorter side, the aspect kept."""
    if isinstance(size, int):
        if h <= w:
            return size, int(w * size / h)
        return int(h * size / w), size
    return int(size[0]), int(size[1])


def resize(img: np.ndarray, size: int | tuple[int, int], mode: Inter) -> np.ndarray:
    h, w = resize_shape(img.shape[0], img.shape[1], size)
    if h < 1 or w < 1:
        raise RuntimeError(f"Resize: the output size {(h, w)} must be positive.")
    if (h, w) == img.shape[:2]:
        return img.copy()
    if mode == Inter.NEAREST:
        return _resize_nearest(img, h, w)
    if mode == Inter.LINEAR:
        return _resize_linear(img, h, w)
    return _resize_pil(img, h, w, mode)


def pil_resize(img: Any, size: int | tuple[int, int], mode: Inter) -> Any:
    """MindSpore's resize of a PIL image: Pillow's own `resize` (its bilinear filter widens
    when shrinking, unlike OpenCV's), giving a PIL image."""
    from PIL import Image
    h, w = resize_shape(img.height, img.width, size)
    return img.resize((w, h), getattr(Image.Resampling, PIL_FILTERS[mode]))


def pad(img: np.ndarray, left: int, top: int, right: int, bottom: int, fill: Any,
        mode: Border) -> np.ndarray:
    widths = [(top, bottom), (left, right)] + [(0, 0)] * (img.ndim - 2)
    if mode == Border.CONSTANT:
        if img.ndim == 3 and isinstance(fill, (tuple, list)):
            planes = [np.pad(img[..., c], widths[:2], constant_values=fill[c % len(fill)])
                      for c in range(img.shape[2])]
            return np.stack(planes, -1)
        return np.pad(img, widths, mode="constant", constant_values=fill)
    return np.pad(img, widths, mode=mode.value)


def crop(img: np.ndarray, top: int, left: int, h: int, w: int) -> np.ndarray:
    return img[top:top + h, left:left + w]


def center_crop(img: np.ndarray, h: int, w: int) -> np.ndarray:
    """The centered (h, w) window (offsets rounded down); an image smaller than the window is
    padded with zeros around it first, as MindSpore does."""
    ih, iw = img.shape[:2]
    if h > ih or w > iw:
        ph, pw = max(h - ih, 0), max(w - iw, 0)
        img = pad(img, pw // 2, ph // 2, pw - pw // 2, ph - ph // 2, 0, Border.CONSTANT)
        ih, iw = img.shape[:2]
    return crop(img, (ih - h) // 2, (iw - w) // 2, h, w)


def normalize(img: np.ndarray, mean: np.ndarray, std: np.ndarray, is_hwc: bool) -> np.ndarray:
    x = img.astype(np.float32)
    if x.ndim == 2:
        return (x - mean[0]) / std[0]
    shape = (1, 1, -1) if is_hwc else (-1, 1, 1)
    channels = x.shape[2] if is_hwc else x.shape[0]
    if len(mean) not in (1, channels):
        raise RuntimeError(f"Normalize: mean and std have {len(mean)} values but the image "
                           f"has {channels} channels (is_hwc={is_hwc}).")
    return (x - mean.reshape(shape)) / std.reshape(shape)
