"""The vision transforms Pillow computes: `Rotate`, `RandomRotation`, `Grayscale`,
`RandomGrayscale`, `Invert`, `RandomColorAdjust`. They take NumPy HWC uint8 arrays or PIL
images and give back the same kind. Rotate with NEAREST equals MindSpore 2.10's output (both
rotate with Pillow's kernel); the colour jitter follows MindSpore's definitions (factors drawn
uniformly from the given ranges, applied in a random order) with Pillow's enhancers."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from .. import config
from ..transforms.transforms import TensorOperation
from .image_ops import PIL_FILTERS
from .utils import Inter


def _to_pil(img: Any, where: str) -> tuple[Any, bool]:
    from PIL import Image
    if isinstance(img, Image.Image):
        return img, True
    arr = np.asarray(img)
    if arr.dtype != np.uint8 or arr.ndim not in (2, 3) or (
            arr.ndim == 3 and arr.shape[2] not in (1, 3, 4)):
        raise RuntimeError(f"{where}: the input must be a uint8 image of shape <H,W> or "
                           f"<H,W,C> with C in (1, 3, 4), but got {arr.dtype} {arr.shape}.")
    squeeze = arr.ndim == 3 and arr.shape[2] == 1
    return Image.fromarray(arr[..., 0] if squeeze else arr), False


def _back(pil: Any, was_pil: bool, like: Any) -> Any:
    if was_pil:
        return pil
    out = np.asarray(pil)
    if np.ndim(like) == 3 and np.shape(like)[2] == 1 and out.ndim == 2:
        out = out[..., None]
    return out


def _range(where: str, name: str, value: Any, center: float, low: float) -> tuple[float, float]:
    if isinstance(value, (int, float)):
        if value < 0:
            raise ValueError(f"For '{where}', {name} must be non-negative, but got {value}.")
        pair = (max(center - value, low), center + value)
    else:
        pair = (float(value[0]), float(value[1]))
    if pair[0] > pair[1] or pair[0] < low:
        raise ValueError(f"For '{where}', {name} must be a (min, max) range with min >= {low}, "
                         f"but got {value!r}.")
    return pair


class Rotate(TensorOperation):
    """Rotate counter-clockwise by `degrees` about `center` (the image center by default)."""

    def __init__(self, degrees: float, resample: Inter = Inter.NEAREST, expand: bool = False,
                 center: Sequence[float] | None = None, fill_value: Any = 0) -> None:
        self.degrees, self.resample = float(degrees), Inter(resample)
        self.expand, self.center = expand, None if center is None else tuple(center)
        self.fill_value = fill_value

    def _rotate(self, img: Any, degrees: float) -> Any:
        from PIL import Image
        pil, was_pil = _to_pil(img, type(self).__name__)
        fill = self.fill_value
        if isinstance(fill, int) and pil.mode in ("RGB", "RGBA"):
            fill = (fill,) * len(pil.mode)
        out = pil.rotate(degrees, getattr(Image.Resampling, PIL_FILTERS[self.resample]),
                         expand=self.expand, center=self.center, fillcolor=fill)
        return _back(out, was_pil, img)

    def __call__(self, img: Any) -> Any:
        return self._rotate(img, self.degrees)


class RandomRotation(Rotate):
    """Rotate by an angle drawn uniformly from `degrees` ((-d, d) for a number d)."""

    def __init__(self, degrees: float | Sequence[float], resample: Inter = Inter.NEAREST,
                 expand: bool = False, center: Sequence[float] | None = None,
                 fill_value: Any = 0) -> None:
        super().__init__(0.0, resample, expand, center, fill_value)
        if isinstance(degrees, (int, float)):
            if degrees < 0:
                raise ValueError(f"For 'RandomRotation', degrees must be non-negative, but got "
                                 f"{degrees}.")
            self.range = (-float(degrees), float(degrees))
        else:
            self.range = (float(degrees[0]), float(degrees[1]))

    def __call__(self, img: Any) -> Any:
        return self._rotate(img, float(config.current_rng().uniform(*self.range)))


class Grayscale(TensorOperation):
    """RGB to luma (ITU-R 601-2, as Pillow's "L"), with 1 or 3 output channels."""

    def __init__(self, num_output_channels: int = 1) -> None:
        if num_output_channels not in (1, 3):
            raise ValueError("For 'Grayscale', num_output_channels must be 1 or 3, but got "
                             f"{num_output_channels}.")
        self.channels = num_output_channels

    def __call__(self, img: Any) -> Any:
        pil, was_pil = _to_pil(img, type(self).__name__)
        gray = pil.convert("L")
        if self.channels == 3:
            gray = gray.convert("RGB")
        return gray if was_pil else np.asarray(gray)


class RandomGrayscale(Grayscale):
    """Grayscale with probability `prob` (three channels kept)."""

    def __init__(self, prob: float = 0.1) -> None:
        super().__init__(3)
        if not 0.0 <= prob <= 1.0:
            raise ValueError(f"For 'RandomGrayscale', prob must be in [0, 1], but got {prob}.")
        self.prob = prob

    def __call__(self, img: Any) -> Any:
        return super().__call__(img) if config.current_rng().random() < self.prob else img


class Invert(TensorOperation):
    """255 - pixel, for uint8 images."""

    def __call__(self, img: Any) -> Any:
        from PIL import ImageOps
        pil, was_pil = _to_pil(img, "Invert")
        return _back(ImageOps.invert(pil.convert("RGB") if pil.mode == "RGBA" else pil),
                     was_pil, img)


class RandomColorAdjust(TensorOperation):
    """Brightness, contrast and saturation factors drawn from their ranges, and a hue shift,
    applied in a random order."""

    def __init__(self, brightness: Any = (1, 1), contrast: Any = (1, 1),
                 saturation: Any = (1, 1), hue: Any = (0, 0)) -> None:
        where = "RandomColorAdjust"
        self.ranges = {"brightness": _range(where, "brightness", brightness, 1.0, 0.0),
                       "contrast": _range(where, "contrast", contrast, 1.0, 0.0),
                       "saturation": _range(where, "saturation", saturation, 1.0, 0.0)}
        self.hue = _range(where, "hue", hue, 0.0, -0.5)
        if self.hue[1] > 0.5:
            raise ValueError(f"For '{where}', hue must be within [-0.5, 0.5], but got {hue}.")

    def __call__(self, img: Any) -> Any:
        from PIL import Image, ImageEnhance
        pil, was_pil = _to_pil(img, "RandomColorAdjust")
        gen = config.current_rng()
        enhancers = {"brightness": ImageEnhance.Brightness, "contrast": ImageEnhance.Contrast,
                     "saturation": ImageEnhance.Color}
        steps = ["brightness", "contrast", "saturation", "hue"]
        for k in gen.permutation(len(steps)):
            name = steps[int(k)]
            if name == "hue":
                shift = float(gen.uniform(*self.hue))
                if shift and pil.mode == "RGB":
                    h, s, v = pil.convert("HSV").split()
                    hue = (np.asarray(h).astype(np.int16) + int(round(shift * 255))) % 256
                    h = Image.fromarray(hue.astype(np.uint8), "L")
                    pil = Image.merge("HSV", (h, s, v)).convert("RGB")
                continue
            factor = float(gen.uniform(*self.ranges[name]))
            pil = enhancers[name](pil).enhance(factor)
        return _back(pil, was_pil, img)
