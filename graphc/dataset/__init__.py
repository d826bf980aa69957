"""graphc.dataset: MindSpore's `mindspore.dataset` data pipeline, plus small real data.

The pipeline (`import graphc.dataset as ds`):
- sources: `GeneratorDataset`, `NumpySlicesDataset` (sources.py); readers of standard files:
  `MnistDataset`, `Cifar10Dataset`, `ImageFolderDataset` (readers.py), `CSVDataset`
  (text_readers.py);
- chaining: `batch`, `map`, `shuffle`, `repeat`, `take`, `skip`, `filter`, `project`,
  `rename`, `zip`, `concat` / `+`, `split` (datasets.py, pipeline.py);
- iterators: `create_tuple_iterator`, `create_dict_iterator`, prefetched by a background
  thread (iterators.py);
- samplers (samplers.py), `config` (seed, workers, prefetch), `transforms` and `vision`.

Shipped data: `load_digits(split, seed, test_fraction, pad)`, the UCI 8x8 handwritten digits
(1,797 images, 10 classes; E. Alpaydin and C. Kaynak, 1998, https://doi.org/10.24432/C50P49,
CC BY 4.0) as float32 NCHW images in [0, 1] and int32 labels, with a stratified, seeded
train/test split (see `digits.py`); `batches(...)`, a NumPy batch iterator; `DigitsLeNet`, a
LeNet-style network for 1x8x8 inputs.
"""

from . import config, transforms, vision
from .datasets import Dataset
from .digits import IMAGE_SIZE, NUM_CLASSES, batches, load_digits, load_digits_raw, num_batches
from .iterators import DictIterator, TupleIterator
from .lenet import DigitsLeNet
from .pipeline import BatchInfo
from .readers import (
    Cifar10Dataset,
    Cifar100Dataset,
    FashionMnistDataset,
    ImageFolderDataset,
    KMnistDataset,
    MnistDataset,
)
from .samplers import (
    DistributedSampler,
    RandomSampler,
    Sampler,
    SequentialSampler,
    SubsetRandomSampler,
    SubsetSampler,
    WeightedRandomSampler,
)
from .sources import GeneratorDataset, NumpySlicesDataset
from .text_readers import CSVDataset, Shuffle


def zip(datasets):  # noqa: A001  (MindSpore's name)
    """`ds.zip((a, b, ...))`: the datasets' rows side by side."""
    datasets = list(datasets)
    if len(datasets) < 2:
        raise ValueError("For 'zip', give at least two datasets, as a tuple.")
    return datasets[0].zip(datasets[1:])


__all__ = ["load_digits", "load_digits_raw", "batches", "num_batches", "NUM_CLASSES",
           "IMAGE_SIZE", "DigitsLeNet", "config", "Dataset", "GeneratorDataset",
           "NumpySlicesDataset", "TupleIterator", "DictIterator", "BatchInfo", "Sampler",
           "SequentialSampler", "RandomSampler", "SubsetRandomSampler", "SubsetSampler",
           "DistributedSampler", "WeightedRandomSampler", "zip", "MnistDataset",
           "Cifar10Dataset", "Cifar100Dataset", "ImageFolderDataset", "transforms", "vision",
           "FashionMnistDataset", "KMnistDataset", "CSVDataset", "Shuffle"]
