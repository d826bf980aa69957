"""graphc.dataset: small real data shipped with graphc, and models sized for it.

- `load_digits(split, seed, test_fraction, pad)`: the UCI 8x8 handwritten digits (1,797
  images, 10 classes; E. Alpaydin and C. Kaynak, 1998, https://doi.org/10.24432/C50P49,
  CC BY 4.0) as float32 NCHW images in [0, 1] and int32 labels, with a stratified, seeded
  train/test split (see `digits.py`).
- `batches(images, labels, batch_size, shuffle, seed, drop_last)`: a NumPy batch iterator.
- `DigitsLeNet`: a LeNet-style network for 1x8x8 inputs.
"""

from .digits import IMAGE_SIZE, NUM_CLASSES, batches, load_digits, load_digits_raw, num_batches
from .lenet import DigitsLeNet

__all__ = ["load_digits", "load_digits_raw", "batches", "num_batches", "NUM_CLASSES",
           "IMAGE_SIZE", "DigitsLeNet"]
