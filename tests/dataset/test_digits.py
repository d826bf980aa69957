"""The shipped digits data and its loader: shapes, dtypes, split sizes, determinism."""

import hashlib

import numpy as np
import pytest

from graphc.dataset import batches, load_digits, load_digits_raw, num_batches

# sha256 of images.tobytes() + labels.tobytes() of the shipped digits.npz (uint8 arrays)
_DIGITS_SHA256 = "87ff0c9e40dc7e2c0e34e7257799c2e3f3aec1a016363bb11cad869ec428a826"
_CLASS_COUNTS = [178, 182, 177, 183, 181, 182, 181, 179, 174, 180]
_PINNED_TRAIN = [4, 2, 1, 4, 5, 3, 0, 1, 5, 0, 0, 3]
_PINNED_TEST = [9, 3, 7, 1, 6, 9, 9, 9, 5, 1, 7, 3]


def test_shipped_file_is_the_uci_digits():
    images, labels = load_digits_raw()
    assert images.shape == (1797, 8, 8) and images.dtype == np.uint8
    assert labels.shape == (1797,) and labels.dtype == np.uint8
    assert images.min() == 0 and images.max() == 16
    assert np.bincount(labels).tolist() == _CLASS_COUNTS
    digest = hashlib.sha256(images.tobytes() + labels.tobytes()).hexdigest()
    assert digest == _DIGITS_SHA256


def test_raw_arrays_are_read_only():
    images, labels = load_digits_raw()
    with pytest.raises(ValueError):
        images[0, 0, 0] = 1
    with pytest.raises(ValueError):
        labels[0] = 1


def test_default_split_sizes_shapes_and_dtypes():
    x_train, y_train = load_digits("train")
    x_test, y_test = load_digits("test")
    assert x_train.shape == (1438, 1, 8, 8) and x_test.shape == (359, 1, 8, 8)
    assert x_train.dtype == np.float32 and x_test.dtype == np.float32
    assert y_train.dtype == np.int32 and y_test.dtype == np.int32
    assert y_train.shape == (1438,) and y_test.shape == (359,)
    assert 0.0 <= x_train.min() and x_train.max() == 1.0
    assert x_train.flags.c_contiguous


def test_split_is_stratified():
    _, y_test = load_digits("test")
    expected = [round(0.2 * n) for n in _CLASS_COUNTS]
    assert np.bincount(y_test, minlength=10).tolist() == expected
    _, y_train = load_digits("train")
    assert (np.bincount(y_train) + np.bincount(y_test)).tolist() == _CLASS_COUNTS


def test_splits_are_disjoint_and_cover_everything():
    raw, _ = load_digits_raw()
    all_x, all_y = load_digits("all")
    assert all_x.shape == (1797, 1, 8, 8)
    np.testing.assert_array_equal(all_x[:, 0] * 16, raw)
    # Identify each image by its bytes plus label; the data has duplicate images, so compare
    # multisets.
    def keys(x, y):
        return sorted(xi.tobytes() + bytes([yi]) for xi, yi in zip(x, y))
    x_tr, y_tr = load_digits("train")
    x_te, y_te = load_digits("test")
    assert keys(np.concatenate([x_tr, x_te]), np.concatenate([y_tr, y_te])) == keys(all_x, all_y)


def test_split_is_deterministic_and_depends_on_seed():
    a = load_digits("train", seed=0)
    b = load_digits("train", seed=0)
    np.testing.assert_array_equal(a[0], b[0])
    np.testing.assert_array_equal(a[1], b[1])
    c = load_digits("train", seed=1)
    assert not np.array_equal(a[1], c[1])


def test_split_first_labels_are_pinned():
    # Pins the documented split algorithm (and NumPy's PCG64 stream) for seed=0.
    _, y_train = load_digits("train")
    _, y_test = load_digits("test")
    assert y_train[:12].tolist() == _PINNED_TRAIN
    assert y_test[:12].tolist() == _PINNED_TEST


def test_test_fraction_changes_sizes():
    x_test, _ = load_digits("test", test_fraction=0.5)
    x_train, _ = load_digits("train", test_fraction=0.5)
    assert len(x_test) + len(x_train) == 1797
    assert abs(len(x_test) - 1797 / 2) <= 5


def test_padding():
    x, _ = load_digits("test", pad=12)
    assert x.shape == (359, 1, 32, 32)
    plain, _ = load_digits("test")
    np.testing.assert_array_equal(x[:, :, 12:20, 12:20], plain)
    assert not x[:, :, :12].any() and not x[:, :, 20:].any()


@pytest.mark.parametrize("kwargs", [{"split": "val"}, {"test_fraction": 0.0},
                                    {"test_fraction": 1.0}, {"pad": -1}, {"pad": 1.5}])
def test_bad_arguments_raise(kwargs):
    with pytest.raises(ValueError):
        load_digits(**kwargs)


def test_batches_in_order_keep_the_short_last_batch():
    x = np.arange(10, dtype=np.float32).reshape(10, 1)
    y = np.arange(10, dtype=np.int32)
    got = list(batches(x, y, 4))
    assert [len(b[1]) for b in got] == [4, 4, 2]
    assert num_batches(10, 4) == 3
    np.testing.assert_array_equal(np.concatenate([b[1] for b in got]), y)
    assert [len(b[1]) for b in batches(x, y, 4, drop_last=True)] == [4, 4]
    assert num_batches(10, 4, drop_last=True) == 2


def test_batches_shuffle_is_seeded_and_keeps_pairs():
    x = np.arange(10, dtype=np.float32).reshape(10, 1)
    y = np.arange(10, dtype=np.int32)
    first = [b[1].tolist() for b in batches(x, y, 3, shuffle=True, seed=5)]
    again = [b[1].tolist() for b in batches(x, y, 3, shuffle=True, seed=5)]
    assert first == again
    assert sorted(sum(first, [])) == list(range(10))
    assert sum(first, []) != list(range(10))
    for bx, by in batches(x, y, 3, shuffle=True, seed=5):
        np.testing.assert_array_equal(bx[:, 0], by)


def test_batches_bad_arguments():
    x = np.zeros((4, 1), np.float32)
    with pytest.raises(ValueError):
        list(batches(x, np.zeros(3, np.int32), 2))
    with pytest.raises(ValueError):
        list(batches(x, np.zeros(4, np.int32), 0))


def test_setup_cfg_ships_the_npz():
    import configparser
    import pathlib

    cfg = configparser.ConfigParser()
    cfg.read(pathlib.Path(__file__).resolve().parents[2] / "setup.cfg")
    assert cfg["options.package_data"]["graphc.dataset"].strip() == "*.npz"


def test_the_shipped_file_is_read_with_the_checked_reader(tmp_path, monkeypatch):
    from graphc.common.safe_read import FileFormatError
    from graphc.dataset import digits

    canary = tmp_path / "CANARY"

    class Evil:
        def __reduce__(self):
            return (open, (str(canary), "w"))

    bad = tmp_path / "digits.npz"
    with open(bad, "wb") as f:
        np.savez(f, images=np.array([Evil()], dtype=object), labels=np.zeros(1, np.uint8))
    # (np.savez pickles the object array: the file holds a payload that would create `canary`)
    monkeypatch.setattr(digits, "_PATH", str(bad))
    digits._raw.cache_clear()
    try:
        with pytest.raises(FileFormatError, match="images.npy, field 'dtype'"):
            digits.load_digits_raw()
        with open(bad, "wb") as f:
            np.savez(f, images=np.zeros((2, 4, 4), np.uint8), labels=np.zeros(2, np.uint8))
        digits._raw.cache_clear()
        with pytest.raises(FileFormatError, match="expected uint8 'images' \\(N, 8, 8\\)"):
            digits.load_digits_raw()
    finally:
        digits._raw.cache_clear()
    assert not canary.exists()
    monkeypatch.undo()
    assert digits.load_digits_raw()[0].shape == (1797, 8, 8)
