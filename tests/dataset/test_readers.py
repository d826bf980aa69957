"""MnistDataset, Cifar10Dataset, Cifar100Dataset and ImageFolderDataset on small files the tests
write in those formats; layouts, dtypes and orders as MindSpore 2.10 gave them by hand."""

import os
import struct

import numpy as np
import pytest
from PIL import Image

import graphc.dataset as ds
import graphc.dataset.vision as vision

RNG = np.random.default_rng(0)


def write_idx(path, arr, magic_type=8):
    with open(path, "wb") as f:
        f.write(struct.pack(">BBBB", 0, 0, magic_type, arr.ndim))
        f.write(struct.pack(">" + "I" * arr.ndim, *arr.shape))
        f.write(arr.tobytes())


@pytest.fixture
def mnist_dir(tmp_path):
    train = RNG.integers(0, 256, (5, 28, 28), dtype=np.uint8)
    test = RNG.integers(0, 256, (3, 28, 28), dtype=np.uint8)
    write_idx(tmp_path / "train-images-idx3-ubyte", train)
    write_idx(tmp_path / "train-labels-idx1-ubyte", np.array([3, 1, 4, 1, 5], np.uint8))
    write_idx(tmp_path / "t10k-images-idx3-ubyte", test)
    write_idx(tmp_path / "t10k-labels-idx1-ubyte", np.array([9, 2, 6], np.uint8))
    return tmp_path, train, test


def labels(d, column=1):
    return [int(r[column]) for r in d.create_tuple_iterator(output_numpy=True)]


def test_mnist(mnist_dir):
    path, train, test = mnist_dir
    d = ds.MnistDataset(str(path), usage="train", shuffle=False)
    rows = list(d.create_tuple_iterator(output_numpy=True))
    assert d.get_dataset_size() == 5 and d.get_col_names() == ["image", "label"]
    assert rows[0][0].shape == (28, 28, 1) and rows[0][0].dtype == np.uint8
    assert rows[0][1].dtype == np.uint32
    assert np.array_equal(rows[4][0][..., 0], train[4])
    assert labels(d) == [3, 1, 4, 1, 5]
    assert labels(ds.MnistDataset(str(path), usage="test", shuffle=False)) == [9, 2, 6]
    # usage None / 'all': the test files first, then the train files (MindSpore's order)
    assert labels(ds.MnistDataset(str(path), shuffle=False)) == [9, 2, 6, 3, 1, 4, 1, 5]
    assert ds.MnistDataset(str(path), num_samples=2).get_dataset_size() == 2
    assert sorted(labels(ds.MnistDataset(str(path)))) == [1, 1, 2, 3, 4, 5, 6, 9]
    shards = [labels(ds.MnistDataset(str(path), usage="train", shuffle=False, num_shards=2,
                                     shard_id=k)) for k in range(2)]
    assert shards == [[3, 4, 5], [1, 1, 3]]


def test_mnist_errors(mnist_dir, tmp_path):
    path, _, _ = mnist_dir
    with pytest.raises(ValueError, match="does not exist or is not a directory"):
        ds.MnistDataset(str(path / "nope"))
    with pytest.raises(ValueError, match=r"usage is not within the valid set of \['train', "
                       r"'test', 'all'\]"):
        ds.MnistDataset(str(path), usage="val")
    (path / "train-images-idx3-ubyte").write_bytes(b"\x00\x00\x08\x03junk")
    with pytest.raises(RuntimeError, match="train-images-idx3-ubyte should be 16 bytes"):
        ds.MnistDataset(str(path), usage="train")
    write_idx(path / "train-images-idx3-ubyte", np.zeros((4, 28, 28), np.uint8))
    with pytest.raises(RuntimeError, match="4 images but .* 5 labels"):
        ds.MnistDataset(str(path), usage="train")


def write_cifar(path, labels_, images, extra_label=None):
    cols = [labels_[:, None]] if extra_label is None else [extra_label[:, None], labels_[:, None]]
    path.write_bytes(np.concatenate([*cols, images], 1).astype(np.uint8).tobytes())


def test_cifar10(tmp_path):
    imgs = {}
    for name, lab in [("data_batch_2.bin", [9, 9]), ("data_batch_1.bin", [0, 1, 2]),
                      ("test_batch.bin", [7])]:
        imgs[name] = RNG.integers(0, 256, (len(lab), 3072), dtype=np.uint8)
        write_cifar(tmp_path / name, np.array(lab, np.uint8), imgs[name])
    (tmp_path / "readme.html").write_text("x")
    d = ds.Cifar10Dataset(str(tmp_path), shuffle=False)
    rows = list(d.create_tuple_iterator(output_numpy=True))
    assert d.get_dataset_size() == 6 and d.get_col_names() == ["image", "label"]
    assert rows[0][0].shape == (32, 32, 3) and rows[0][1].dtype == np.uint32
    # files in name order, images stored CHW and returned HWC
    assert [int(r[1]) for r in rows] == [0, 1, 2, 9, 9, 7]
    assert np.array_equal(rows[0][0],
                          imgs["data_batch_1.bin"][0].reshape(3, 32, 32).transpose(1, 2, 0))
    assert labels(ds.Cifar10Dataset(str(tmp_path), usage="test", shuffle=False)) == [7]
    assert labels(ds.Cifar10Dataset(str(tmp_path), usage="train", shuffle=False)) == \
        [0, 1, 2, 9, 9]
    d = ds.Cifar10Dataset(str(tmp_path), usage="train", shuffle=False).map(
        vision.HWC2CHW(), input_columns="image").batch(2)
    assert d.output_shapes() == [[2, 3, 32, 32], [2]]
    (tmp_path / "data_batch_3.bin").write_bytes(b"\x01" * 100)
    with pytest.raises(RuntimeError, match="failed to read data from: .*data_batch_3.bin"):
        ds.Cifar10Dataset(str(tmp_path))
    with pytest.raises(ValueError, match="does not exist"):
        ds.Cifar10Dataset(str(tmp_path / "nope"))


def test_cifar100(tmp_path):
    write_cifar(tmp_path / "train.bin", np.array([11, 12], np.uint8),
                RNG.integers(0, 256, (2, 3072), dtype=np.uint8),
                extra_label=np.array([1, 2], np.uint8))
    d = ds.Cifar100Dataset(str(tmp_path), usage="train", shuffle=False)
    assert d.get_col_names() == ["image", "coarse_label", "fine_label"]
    assert [(int(r[1]), int(r[2])) for r in d.create_tuple_iterator(output_numpy=True)] == \
        [(1, 11), (2, 12)]


@pytest.fixture
def folder(tmp_path):
    pixels = {}
    for cls, n in [("dog", 2), ("cat", 3), ("bird", 1)]:
        (tmp_path / cls).mkdir()
        for i in range(n):
            arr = RNG.integers(0, 256, (6, 8, 3), dtype=np.uint8)
            pixels[(cls, i)] = arr
            Image.fromarray(arr).save(tmp_path / cls / f"{i}.png")
    return tmp_path, pixels


def test_image_folder(folder):
    path, pixels = folder
    d = ds.ImageFolderDataset(str(path), shuffle=False)
    rows = list(d.create_tuple_iterator(output_numpy=True))
    assert d.get_dataset_size() == 6 and d.get_col_names() == ["image", "label"]
    assert d.get_class_indexing() == {"bird": 0, "cat": 1, "dog": 2} and d.num_classes() == 3
    assert [int(r[1]) for r in rows] == [0, 1, 1, 1, 2, 2]
    assert rows[0][0].dtype == np.uint8 and rows[0][0].ndim == 1
    assert rows[0][0].tobytes() == (path / "bird" / "0.png").read_bytes()
    assert rows[0][1].dtype == np.int32
    d = ds.ImageFolderDataset(str(path), shuffle=False, decode=True)
    first = next(iter(d.create_tuple_iterator(output_numpy=True)))
    assert np.array_equal(first[0], pixels[("bird", 0)])
    d = ds.ImageFolderDataset(str(path), shuffle=False, class_indexing={"cat": 0, "dog": 1})
    assert labels(d) == [0, 0, 0, 1, 1]
    assert ds.ImageFolderDataset(str(path), extensions=[".txt"]).get_dataset_size() == 0
    assert ds.ImageFolderDataset(str(path), extensions=[".PNG"]).get_dataset_size() == 6
    d = ds.ImageFolderDataset(str(path), shuffle=False).map(
        [vision.Decode(), vision.Resize((4, 4)), vision.HWC2CHW()], input_columns="image")
    assert d.batch(3).output_shapes() == [[3, 3, 4, 4], [3]]


def test_image_folder_errors(folder):
    path, _ = folder
    with pytest.raises(ValueError, match="does not exist or is not a directory"):
        ds.ImageFolderDataset(str(path / "nope"))
    (path / "cat" / "readme.txt").write_text("not an image")
    d = ds.ImageFolderDataset(str(path), shuffle=False, decode=True)
    assert d.get_dataset_size() == 7  # every file counts unless extensions says otherwise
    with pytest.raises(RuntimeError, match=r"readme.txt: Decode: image decode failed"):
        list(d)
    assert os.path.exists(path / "cat" / "readme.txt")


def test_mindspore_lenet_mnist_pipeline_gives_mindspores_numbers(tmp_path):
    """The MNIST pipeline of MindSpore's LeNet tutorial, on 10 random images; MindSpore 2.10
    printed the sums and values below for the same files."""
    from graphc.common import dtype as mstype
    from graphc.dataset import transforms as C
    from graphc.dataset.vision import Inter

    gen = np.random.default_rng(42)
    write_idx(tmp_path / "train-images-idx3-ubyte",
              gen.integers(0, 256, (10, 28, 28), dtype=np.uint8))
    write_idx(tmp_path / "train-labels-idx1-ubyte", gen.integers(0, 10, 10, dtype=np.uint8))
    d = ds.MnistDataset(str(tmp_path), usage="train", shuffle=False)
    d = d.map(operations=C.TypeCast(mstype.int32), input_columns="label")
    d = d.map(operations=[vision.Resize((32, 32), interpolation=Inter.LINEAR),
                          vision.Rescale(1.0 / 255.0, 0.0),
                          vision.Rescale(1 / 0.3081, -1 * 0.1307 / 0.3081), vision.HWC2CHW()],
              input_columns="image")
    d = d.batch(4, drop_remainder=True).repeat(2)
    assert d.get_dataset_size() == 4 and d.get_col_names() == ["image", "label"]
    assert d.output_shapes() == [[4, 1, 32, 32], [4]]
    assert [str(t) for t in d.output_types()] == ["float32", "int32"]
    out = list(d.create_tuple_iterator(output_numpy=True))
    assert len(out) == 4 and out[0][1].tolist() == [9, 5, 9, 8]
    assert float(out[0][0].sum()) == 4922.4208984375
    assert out[0][0][0, 0, 5, :4].tolist() == [0.7849692106246948, 0.5049481391906738,
                                               1.0522621870040894, 1.0649904012680054]


def test_fashion_and_kuzushiji_mnist_read_the_same_files(mnist_dir):
    path, train, _ = mnist_dir
    for cls in (ds.FashionMnistDataset, ds.KMnistDataset):
        d = cls(str(path), usage="train", shuffle=False)
        assert labels(d) == [3, 1, 4, 1, 5]


@pytest.fixture
def csv_files(tmp_path):
    (tmp_path / "t.csv").write_text("a,b,c\n1,2.5,x\n3,4.5,y\n5,6.5,z\n")
    (tmp_path / "t2.csv").write_text("a,b,c\n7,8.5,w\n")
    return str(tmp_path / "t.csv"), str(tmp_path / "t2.csv")


def strs(d):
    return [[str(x) for x in r] for r in d.create_tuple_iterator(output_numpy=True)]


def test_csv_dataset(csv_files):
    t1, t2 = csv_files
    d = ds.CSVDataset([t1], shuffle=False)
    rows = list(d.create_tuple_iterator(output_numpy=True))
    assert d.get_col_names() == ["a", "b", "c"] and d.get_dataset_size() == 3
    assert [str(x.dtype) for x in rows[0]] == ["<U1", "<U3", "<U1"]
    d = ds.CSVDataset([t1], column_defaults=[0, 0.0, ""], shuffle=False)
    rows = list(d.create_tuple_iterator(output_numpy=True))
    assert [str(x.dtype) for x in rows[0]] == ["int32", "float32", "<U1"]
    assert (int(rows[1][0]), float(rows[1][1]), str(rows[1][2])) == (3, 4.5, "y")
    d = ds.CSVDataset([t1], column_names=["p", "q", "r"], shuffle=False)
    assert d.get_col_names() == ["p", "q", "r"] and d.get_dataset_size() == 4
    # MindSpore 2.10 interleaves the files' rows, and shards in wrapping blocks
    assert strs(ds.CSVDataset([t1, t2], shuffle=False)) == \
        [["1", "2.5", "x"], ["7", "8.5", "w"], ["3", "4.5", "y"], ["5", "6.5", "z"]]
    d = ds.CSVDataset(t1, shuffle=False, num_shards=2, shard_id=1)
    assert d.get_dataset_size() == 2 and strs(d) == [["5", "6.5", "z"], ["1", "2.5", "x"]]
    assert sorted(r[0] for r in strs(ds.CSVDataset([t1, t2]))) == ["1", "3", "5", "7"]
    b = ds.CSVDataset([t1], column_defaults=[0, 0.0, ""], shuffle=False).batch(2)
    first = next(iter(b.create_tuple_iterator(output_numpy=True)))
    assert first[0].tolist() == [1, 3] and first[2].tolist() == ["x", "y"]
    assert list(ds.Shuffle.__members__) == ["FALSE", "ADAPTIVE", "GLOBAL", "PARTIAL", "FILES",
                                            "INFILE"]


def test_csv_errors(csv_files, tmp_path):
    t1, _ = csv_files
    with pytest.raises(ValueError, match="does not exist"):
        ds.CSVDataset([str(tmp_path / "nope.csv")])
    (tmp_path / "bad.csv").write_text("a,b\n1\n")
    with pytest.raises(RuntimeError, match="line 2 has 1 fields but there are 2 columns"):
        ds.CSVDataset([str(tmp_path / "bad.csv")])
    (tmp_path / "typed.csv").write_text("a\nx\n")
    with pytest.raises(RuntimeError, match=r"is not of the type \(int\)"):
        ds.CSVDataset([str(tmp_path / "typed.csv")], column_defaults=[0])
