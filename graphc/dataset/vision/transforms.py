"""The image transforms of `mindspore.dataset.vision`, on NumPy HWC arrays (and Pillow
images, which are read as arrays): Decode, Resize, CenterCrop, RandomCrop, RandomResizedCrop,
RandomHorizontalFlip, RandomVerticalFlip, Pad, Normalize, HWC2CHW, ToTensor, Rescale,
ToPIL, ToType. Random ones draw from the generator the pipeline installs for the row, so a
seeded pipeline gives the same images whatever the number of workers."""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

import numpy as np

from ...common import dtype as mstype
from .. import config
from ..transforms.transforms import TensorOperation
from . import image_ops as K
from .utils import Border, Inter


def _is_pil(x: Any) -> bool:
    return type(x).__module__.startswith("PIL.")


def _back(result: np.ndarray, was_pil: bool) -> Any:
    if not was_pil:
        return result
    from PIL import Image
    return Image.fromarray(result)


def _size_pair(where: str, size: Any, allow_int: bool = True) -> Any:
    if isinstance(size, bool):
        raise TypeError(f"For '{where}', size must be an int or a (height, width) pair.")
    if isinstance(size, (int, np.integer)):
        if size < 1:
            raise ValueError(f"For '{where}', size must be positive, but got {size}.")
        return int(size) if allow_int else (int(size), int(size))
    if isinstance(size, (list, tuple)) and len(size) == 2 and all(
            isinstance(s, (int, np.integer)) and not isinstance(s, bool) and s >= 1
            for s in size):
        return int(size[0]), int(size[1])
    raise TypeError(f"For '{where}', size must be a positive int or a (height, width) pair of "
                    f"positive ints, but got {size!r}.")


def _inter(where: str, mode: Any) -> Inter:
    try:
        return Inter(mode)
    except ValueError:
        raise TypeError(f"For '{where}', interpolation must be a vision.Inter, but got "
                        f"{mode!r}.") from None


def _padding(where: str, padding: Any) -> tuple[int, int, int, int]:
    """(left, top, right, bottom) from an int, a (left/right, top/bottom) pair or 4 values."""
    if isinstance(padding, (int, np.integer)) and not isinstance(padding, bool):
        p = int(padding)
        vals = (p, p, p, p)
    elif isinstance(padding, (list, tuple)) and len(padding) == 2:
        vals = (padding[0], padding[1], padding[0], padding[1])
    elif isinstance(padding, (list, tuple)) and len(padding) == 4:
        vals = tuple(padding)
    else:
        raise TypeError(f"For '{where}', padding must be an int or a sequence of 2 or 4 ints, "
                        f"but got {padding!r}.")
    if any(not isinstance(v, (int, np.integer)) or v < 0 for v in vals):
        raise ValueError(f"For '{where}', padding values must be non-negative ints, but got "
                         f"{padding!r}.")
    return tuple(int(v) for v in vals)  # type: ignore[return-value]


class ImageOperation(TensorOperation):
    """A transform of one image column (array or PIL image)."""

    def __call__(self, *columns: Any) -> Any:
        if len(columns) != 1:
            raise TypeError(f"{type(self).__name__} takes one image column, but got "
                            f"{len(columns)}.")
        img = columns[0]
        was_pil = _is_pil(img)
        if was_pil and self.keeps_pil:
            return self.pil_image(img)
        return self.image(K.image_array(img, type(self).__name__))

    keeps_pil = True

    def image(self, img: np.ndarray) -> np.ndarray:
        raise NotImplementedError

    def pil_image(self, img: Any) -> Any:
        """A PIL image in, a PIL image out. By default through the array kernel; ops whose
        MindSpore PIL path computes differently (Resize, CenterCrop) override it."""
        return _back(self.image(K.image_array(img, type(self).__name__)), True)


class Decode(TensorOperation):
    """Encoded image bytes (a 1-D uint8 array) to an RGB HWC uint8 array (or a PIL image
    with `to_pil=True`)."""

    def __init__(self, to_pil: bool = False) -> None:
        self.to_pil = to_pil

    def __call__(self, *columns: Any) -> Any:
        if len(columns) != 1:
            raise TypeError(f"Decode takes one column, but got {len(columns)}.")
        data = columns[0]
        if not isinstance(data, (bytes, bytearray)):
            data = np.asarray(data)
        return K.decode(data, self.to_pil)


class Resize(ImageOperation):
    """To `size` (an int resizes the shorter side, keeping the aspect ratio)."""

    def __init__(self, size: Any, interpolation: Inter = Inter.LINEAR) -> None:
        self.size = _size_pair("Resize", size)
        self.interpolation = _inter("Resize", interpolation)

    def image(self, img: np.ndarray) -> np.ndarray:
        return K.resize(img, self.size, self.interpolation)

    def pil_image(self, img: Any) -> Any:
        return K.pil_resize(img, self.size, self.interpolation)


class CenterCrop(ImageOperation):
    def __init__(self, size: Any) -> None:
        self.size = _size_pair("CenterCrop", size, allow_int=False)

    def image(self, img: np.ndarray) -> np.ndarray:
        return K.center_crop(img, *self.size)

    def pil_image(self, img: Any) -> Any:
        h, w = self.size
        if h > img.height or w > img.width:  # padded as the array path pads
            return _back(self.image(K.image_array(img, "CenterCrop")), True)
        top, left = int(round((img.height - h) / 2.0)), int(round((img.width - w) / 2.0))
        return img.crop((left, top, left + w, top + h))


class Pad(ImageOperation):
    """Pad the borders: `padding` is an int, (left/right, top/bottom) or (left, top, right,
    bottom); `fill_value` an int or an RGB triple (CONSTANT mode)."""

    def __init__(self, padding: Any, fill_value: Any = 0,
                 padding_mode: Border = Border.CONSTANT) -> None:
        self.padding = _padding("Pad", padding)
        self.fill_value = fill_value
        self.padding_mode = Border(padding_mode)

    def image(self, img: np.ndarray) -> np.ndarray:
        return K.pad(img, *self.padding, self.fill_value, self.padding_mode)


class RandomCrop(ImageOperation):
    """A `size` window at a random place, after optional `padding`; with `pad_if_needed` an
    image smaller than the window is padded first."""

    def __init__(self, size: Any, padding: Any = None, pad_if_needed: bool = False,
                 fill_value: Any = 0, padding_mode: Border = Border.CONSTANT) -> None:
        self.size = _size_pair("RandomCrop", size, allow_int=False)
        self.padding = None if padding is None else _padding("RandomCrop", padding)
        self.pad_if_needed, self.fill_value = pad_if_needed, fill_value
        self.padding_mode = Border(padding_mode)

    def image(self, img: np.ndarray) -> np.ndarray:
        if self.padding is not None:
            img = K.pad(img, *self.padding, self.fill_value, self.padding_mode)
        h, w = self.size
        ih, iw = img.shape[:2]
        if self.pad_if_needed and (ih < h or iw < w):
            ph, pw = max(h - ih, 0), max(w - iw, 0)
            img = K.pad(img, pw, ph, pw, ph, self.fill_value, self.padding_mode)
            ih, iw = img.shape[:2]
        if ih < h or iw < w:
            raise RuntimeError(f"RandomCrop: the crop size {(h, w)} is larger than the image "
                               f"{(ih, iw)}; pass pad_if_needed=True or a smaller size.")
        gen = config.current_rng()
        top, left = int(gen.integers(ih - h + 1)), int(gen.integers(iw - w + 1))
        return K.crop(img, top, left, h, w)


class RandomResizedCrop(ImageOperation):
    """A random window (area fraction in `scale`, aspect ratio in `ratio`) resized to `size`;
    after `max_attempts` misses, a center crop of the whole image's clamped ratio."""

    def __init__(self, size: Any, scale: Sequence[float] = (0.08, 1.0),
                 ratio: Sequence[float] = (3.0 / 4.0, 4.0 / 3.0),
                 interpolation: Inter = Inter.BILINEAR, max_attempts: int = 10) -> None:
        self.size = _size_pair("RandomResizedCrop", size, allow_int=False)
        if not (0 <= scale[0] <= scale[1]) or not (0 < ratio[0] <= ratio[1]):
            raise ValueError("For 'RandomResizedCrop', scale and ratio must be (min, max) "
                             f"pairs with 0 <= min <= max, but got {scale}, {ratio}.")
        self.scale, self.ratio = tuple(scale), tuple(ratio)
        self.interpolation = _inter("RandomResizedCrop", interpolation)
        self.max_attempts = max_attempts

    def _window(self, ih: int, iw: int) -> tuple[int, int, int, int]:
        gen = config.current_rng()
        area = ih * iw
        log_ratio = (math.log(self.ratio[0]), math.log(self.ratio[1]))
        for _ in range(self.max_attempts):
            target = area * gen.uniform(self.scale[0], self.scale[1])
            aspect = math.exp(gen.uniform(log_ratio[0], log_ratio[1]))
            w = int(round(math.sqrt(target * aspect)))
            h = int(round(math.sqrt(target / aspect)))
            if 0 < w <= iw and 0 < h <= ih:
                return int(gen.integers(ih - h + 1)), int(gen.integers(iw - w + 1)), h, w
        in_ratio = iw / ih
        if in_ratio < self.ratio[0]:
            w, h = iw, int(round(iw / self.ratio[0]))
        elif in_ratio > self.ratio[1]:
            h, w = ih, int(round(ih * self.ratio[1]))
        else:
            h, w = ih, iw
        return (ih - h) // 2, (iw - w) // 2, h, w

    def image(self, img: np.ndarray) -> np.ndarray:
        top, left, h, w = self._window(*img.shape[:2])
        return K.resize(K.crop(img, top, left, h, w), self.size, self.interpolation)

    def pil_image(self, img: Any) -> Any:
        top, left, h, w = self._window(img.height, img.width)
        return K.pil_resize(img.crop((left, top, left + w, top + h)), self.size,
                            self.interpolation)


class RandomHorizontalFlip(ImageOperation):
    def __init__(self, prob: float = 0.5) -> None:
        if not 0.0 <= prob <= 1.0:
            raise ValueError(f"For 'RandomHorizontalFlip', prob must be in [0, 1], but got "
                             f"{prob}.")
        self.prob = prob

    def image(self, img: np.ndarray) -> np.ndarray:
        return img[:, ::-1].copy() if config.current_rng().random() < self.prob else img


class RandomVerticalFlip(ImageOperation):
    def __init__(self, prob: float = 0.5) -> None:
        if not 0.0 <= prob <= 1.0:
            raise ValueError(f"For 'RandomVerticalFlip', prob must be in [0, 1], but got "
                             f"{prob}.")
        self.prob = prob

    def image(self, img: np.ndarray) -> np.ndarray:
        return img[::-1].copy() if config.current_rng().random() < self.prob else img


class Normalize(ImageOperation):
    """(image - mean) / std per channel, as float32 (`is_hwc=False` for CHW images)."""

    keeps_pil = False

    def __init__(self, mean: Sequence[float], std: Sequence[float], is_hwc: bool = True) -> None:
        self.mean = np.asarray(mean, dtype=np.float32).reshape(-1)
        self.std = np.asarray(std, dtype=np.float32).reshape(-1)
        if len(self.mean) != len(self.std) or not len(self.mean):
            raise ValueError("For 'Normalize', mean and std must have the same (non-zero) "
                             f"length, but got {len(self.mean)} and {len(self.std)}.")
        if (self.std <= 0).any():
            raise ValueError(f"For 'Normalize', std values must be positive, but got "
                             f"{self.std.tolist()}.")
        self.is_hwc = is_hwc

    def __call__(self, *columns: Any) -> Any:
        if len(columns) != 1:
            raise TypeError(f"Normalize takes one image column, but got {len(columns)}.")
        img = np.asarray(columns[0])
        if img.ndim not in (2, 3):
            raise RuntimeError(f"Normalize: the input must be an image of shape <H,W> or "
                               f"<H,W,C>, but got shape {img.shape}.")
        return K.normalize(img, self.mean, self.std, self.is_hwc)


class HWC2CHW(ImageOperation):
    keeps_pil = False

    def image(self, img: np.ndarray) -> np.ndarray:
        if img.ndim == 2:
            return img[None].copy()
        return np.ascontiguousarray(img.transpose(2, 0, 1))


class ToTensor(ImageOperation):
    """A HWC image (uint8 0..255) to a CHW array scaled to [0, 1], of `output_type`."""

    keeps_pil = False

    def __init__(self, output_type: Any = np.float32) -> None:
        self.np_dtype = mstype.to_dtype(output_type).np_dtype

    def image(self, img: np.ndarray) -> np.ndarray:
        x = img[..., None] if img.ndim == 2 else img
        scaled = x.astype(np.float32) * np.float32(1 / 255) if img.dtype == np.uint8 else x
        return np.ascontiguousarray(scaled.transpose(2, 0, 1)).astype(self.np_dtype)


class Rescale(TensorOperation):
    """image * rescale + shift, as float32: float32 coefficients, the multiply-add rounded
    once (as MindSpore's kernel, bit for bit)."""

    def __init__(self, rescale: float, shift: float) -> None:
        self.rescale = float(np.float32(rescale))
        self.shift = float(np.float32(shift))

    def apply(self, img: Any) -> np.ndarray:
        return (np.asarray(img).astype(np.float64) * self.rescale + self.shift).astype(
            np.float32)


class ToPIL(TensorOperation):
    """A HWC uint8 array to a PIL image."""

    def __call__(self, *columns: Any) -> Any:
        from PIL import Image
        img = columns[0]
        return img if _is_pil(img) else Image.fromarray(np.asarray(img))


class ToType(TensorOperation):
    def __init__(self, data_type: Any) -> None:
        self.np_dtype = mstype.to_dtype(data_type).np_dtype

    def apply(self, img: Any) -> np.ndarray:
        return np.asarray(img).astype(self.np_dtype)
