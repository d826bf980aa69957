"""Benchmark: images per second through a graphc.dataset image pipeline.

Writes synthetic JPEGs (an ImageFolder tree of --images pictures, 320x240, two classes) to a
temporary directory, then times one epoch of

    ImageFolderDataset -> map([Decode, Resize(224, 224), Normalize, HWC2CHW]) -> batch(32)

read through `create_tuple_iterator()` (graphc Tensors), for several numbers of map workers,
next to Pillow's decode + resize alone (the floor the pipeline's kernels start from). A last
row reads the demo's data (the shipped digits, NumpySlicesDataset -> TypeCast -> batch 32) in
batches per second, to compare with a training step of the demo.

    python bench/dataset_pipeline.py [--images 256] [--repeat 3] [--workers 1 2 4]
"""

from __future__ import annotations

import argparse
import io
import os
import tempfile
import time

import numpy as np
from PIL import Image

import graphc as ms
import graphc.dataset as ds
import graphc.dataset.transforms as T
import graphc.dataset.vision as vision

MEAN = [0.485 * 255, 0.456 * 255, 0.406 * 255]
STD = [0.229 * 255, 0.224 * 255, 0.225 * 255]
BATCH = 32


def write_jpegs(root: str, n: int) -> None:
    gen = np.random.default_rng(0)
    yy, xx = np.mgrid[0:240, 0:320]
    for i in range(n):
        cls = os.path.join(root, f"class_{i % 2}")
        os.makedirs(cls, exist_ok=True)
        # smooth gradients plus noise: compresses like a photo, not like white noise
        base = np.stack([(xx + 7 * i) % 256, (yy + 3 * i) % 256, (xx + yy) // 3 % 256], -1)
        img = np.clip(base + gen.normal(0, 12, base.shape), 0, 255).astype(np.uint8)
        Image.fromarray(img).save(os.path.join(cls, f"{i:05d}.jpg"), quality=90)


def pipeline(root: str, workers: int) -> ds.Dataset:
    d = ds.ImageFolderDataset(root, shuffle=True)
    d = d.map([vision.Decode(), vision.Resize((224, 224)), vision.Normalize(MEAN, STD),
               vision.HWC2CHW()], input_columns="image", num_parallel_workers=workers)
    return d.batch(BATCH, drop_remainder=False)


def epoch_seconds(d: ds.Dataset) -> tuple[float, int]:
    start = time.perf_counter()
    n = 0
    for image, _label in d.create_tuple_iterator(num_epochs=1):
        assert isinstance(image, ms.Tensor) and image.shape[1:] == (3, 224, 224)
        n += image.shape[0]
    return time.perf_counter() - start, n


def pillow_floor(root: str) -> tuple[float, int]:
    files = [os.path.join(dp, f) for dp, _, fs in os.walk(root) for f in fs]
    blobs = [open(p, "rb").read() for p in files]
    start = time.perf_counter()
    for b in blobs:
        Image.open(io.BytesIO(b)).convert("RGB").resize((224, 224), Image.Resampling.BILINEAR)
    return time.perf_counter() - start, len(blobs)


def stage_ms(root: str, repeat: int) -> list[tuple[str, float]]:
    """Milliseconds per image of each op alone, on the first JPEG."""
    path = next(os.path.join(dp, f) for dp, _, fs in os.walk(root) for f in sorted(fs))
    data = np.fromfile(path, np.uint8)
    img = vision.Decode()(data)
    small = vision.Resize((224, 224))(img)
    norm = vision.Normalize(MEAN, STD)(small)
    ops = [("Decode", vision.Decode(), data), ("Resize(224, 224)", vision.Resize((224, 224)), img),
           ("Normalize", vision.Normalize(MEAN, STD), small), ("HWC2CHW", vision.HWC2CHW(), norm)]
    out = []
    for name, op, x in ops:
        best = float("inf")
        for _ in range(repeat):
            start = time.perf_counter()
            for _ in range(20):
                op(x)
            best = min(best, (time.perf_counter() - start) / 20)
        out.append((name, best * 1e3))
    return out


def digits_batches_per_second(repeat: int) -> float:
    images, labels = ds.load_digits("train")
    best = float("inf")
    for _ in range(repeat):
        d = ds.NumpySlicesDataset({"image": images, "label": labels}, shuffle=True)
        d = d.map(T.TypeCast(ms.int32), input_columns="label").batch(BATCH, drop_remainder=True)
        start = time.perf_counter()
        k = sum(1 for _ in d.create_tuple_iterator(num_epochs=1))
        best = min(best, (time.perf_counter() - start) / k)
    return 1.0 / best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--images", type=int, default=256)
    parser.add_argument("--repeat", type=int, default=3, help="epochs timed (best is kept)")
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2, 4])
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="graphc-bench-") as root:
        write_jpegs(root, args.images)
        print(f"{args.images} JPEGs 320x240 -> Decode, Resize(224, 224), Normalize, HWC2CHW, "
              f"batch({BATCH}); cores: {os.cpu_count()}")
        print(f"{'variant':<38}{'images/s':>10}")
        sec, n = min(pillow_floor(root) for _ in range(args.repeat))
        print(f"{'Pillow decode+resize alone, 1 thread':<38}{n / sec:>10.0f}")
        for w in args.workers:
            sec, n = min(epoch_seconds(pipeline(root, w)) for _ in range(args.repeat))
            print(f"{f'graphc pipeline, {w} map worker(s)':<38}{n / sec:>10.0f}")
        print(f"{'one op alone, first image':<38}{'ms/image':>10}")
        for name, ms_per in stage_ms(root, args.repeat):
            print(f"{'  ' + name:<38}{ms_per:>10.2f}")
    print(f"{'digits NumpySlices+TypeCast+batch(32)':<38}"
          f"{digits_batches_per_second(args.repeat):>10.0f} batches/s")


if __name__ == "__main__":
    main()
