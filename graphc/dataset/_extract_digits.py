"""Regenerate `digits.npz` from scikit-learn's copy of the UCI digits (run once, by hand).

    python3 -m graphc.dataset._extract_digits

scikit-learn is not a graphc dependency: it is needed only to run this script, never to load
the data. The file holds `images` (uint8, (1797, 8, 8), values 0..16) and `labels` (uint8,
(1797,), 0..9) in scikit-learn's order.
"""

from __future__ import annotations

import os

import numpy as np


def main() -> None:
    from sklearn.datasets import load_digits  # only here: not a graphc dependency

    digits = load_digits()
    images = digits.images
    if not np.array_equal(images, np.round(images)) or images.min() < 0 or images.max() > 16:
        raise ValueError("expected integer pixels in 0..16")
    out = os.path.join(os.path.dirname(os.path.abspath(__file__)), "digits.npz")
    np.savez_compressed(out, images=images.astype(np.uint8),
                        labels=digits.target.astype(np.uint8))
    print(f"wrote {out}: {images.shape[0]} images, {os.path.getsize(out)} bytes")


if __name__ == "__main__":
    main()
