"""dataset.transforms and dataset.vision against values MindSpore 2.10 printed by hand."""

import io
import time

import numpy as np
import pytest
from PIL import Image

import graphc as ms
import graphc.dataset as ds
import graphc.dataset.transforms as T
import graphc.dataset.vision as vision
from graphc.dataset.transforms import c_transforms
from graphc.dataset.vision import c_transforms as vc
from graphc.dataset.vision import py_transforms as vp

# the red plane of np.random.default_rng(0).integers(0, 256, (5, 7, 3), dtype=np.uint8)
IMG = np.random.default_rng(0).integers(0, 256, (5, 7, 3), dtype=np.uint8)
MS_MNIST_NORM = [-0.3351152837276459, -0.25874587893486023, -0.15692003071308136,
                 -0.13146357238292694]
RED = [[95, 217, 15, 215, 248, 69, 205], [61, 29, 19, 59, 81, 120, 208],
       [64, 89, 127, 128, 76, 154, 95], [186, 220, 1, 237, 143, 96, 55],
       [77, 208, 190, 120, 240, 100, 126]]


def test_the_image_is_the_one_mindspore_saw():
    assert IMG[..., 0].tolist() == RED


def test_general_transforms():
    assert T.TypeCast(ms.int32)(np.array([1.7, -2.5])).tolist() == [1, -2]
    assert T.TypeCast(np.float16)(np.array([1, 2])).dtype == np.float16
    assert T.OneHot(4)(np.array([1, 3])).tolist() == [[0, 1, 0, 0], [0, 0, 0, 1]]
    assert T.OneHot(3)(np.array(2)).dtype == np.int64
    np.testing.assert_allclose(T.OneHot(4, smoothing_rate=0.1)(np.array(1)),
                               [0.025, 0.925, 0.025, 0.025])
    with pytest.raises(RuntimeError, match="index values should not bigger than num classes"):
        T.OneHot(3)(np.array(5))
    assert T.Fill(7)(np.array([1, 2, 3])).tolist() == [7, 7, 7]
    assert T.Fill(0.5)(np.array([1, 2, 3])).tolist() == [0, 0, 0]  # the input's dtype stays
    assert [a.tolist() for a in T.Duplicate()(np.array([1, 2]))] == [[1, 2], [1, 2]]
    assert T.Concatenate(0, np.array([9]), np.array([8, 7]))(np.array([1, 2])).tolist() == \
        [9, 1, 2, 8, 7]
    assert T.PadEnd([4], 0)(np.array([1, 2])).tolist() == [1, 2, 0, 0]
    assert T.PadEnd([2, 3], -1)(np.array([[1], [2]])).tolist() == [[1, -1, -1], [2, -1, -1]]
    assert T.PadEnd([1])(np.array([1, 2, 3])).tolist() == [1]
    out = T.Compose([T.TypeCast(ms.float32), T.Fill(2)])(np.array([1, 2]))
    assert out.dtype == np.float32 and out.tolist() == [2.0, 2.0]
    assert T.Compose([lambda x: x + 1, lambda x: x * 2])(np.array([1, 2])).tolist() == [4, 6]
    assert T.RandomApply([T.Fill(2)], prob=1.0)(np.array([1, 2])).tolist() == [2, 2]
    assert T.RandomApply([T.Fill(2)], prob=0.0)(np.array([1, 2])).tolist() == [1, 2]
    assert T.RandomChoice([T.Fill(2), T.Fill(2)])(np.array([1, 2])).tolist() == [2, 2]
    assert T.Mask(T.Relational.GT, 1)(np.array([1, 2, 3])).tolist() == [False, True, True]
    assert T.Slice(slice(0, 2))(np.array([1, 2, 3])).tolist() == [1, 2]
    assert c_transforms.TypeCast is T.TypeCast


def test_random_choice_uses_both_and_is_seeded():
    def run():
        d = ds.NumpySlicesDataset(np.zeros(40, np.int64), ["x"], shuffle=False)
        d = d.map(T.RandomChoice([T.Fill(1), T.Fill(2)]), input_columns="x")
        return [int(r[0]) for r in d.create_tuple_iterator(output_numpy=True)]

    ds.config.set_seed(11)
    a = run()
    ds.config.set_seed(11)
    assert run() == a and set(a) == {1, 2}


def test_transforms_in_map():
    d = ds.NumpySlicesDataset([1, 2], ["x"], shuffle=False).map(T.OneHot(3), input_columns="x")
    assert [r[0].tolist() for r in d.create_tuple_iterator(output_numpy=True)] == \
        [[0, 1, 0], [0, 0, 1]]
    d = ds.NumpySlicesDataset([1, 2], ["x"], shuffle=False).map(
        T.Duplicate(), input_columns="x", output_columns=["x", "y"])
    assert d.get_col_names() == ["x", "y"]
    assert [[int(v) for v in r] for r in d.create_tuple_iterator(output_numpy=True)] == \
        [[1, 1], [2, 2]]


def test_resize_matches_mindspore():
    r = vision.Resize((3, 4))(IMG)
    assert r.dtype == np.uint8 and r.shape == (3, 4, 3)
    assert r[..., 0].tolist() == [[110, 35, 189, 161], [73, 127, 83, 117], [150, 131, 201, 101]]
    assert vision.Resize((3, 4))(IMG[..., 0]).tolist() == r[..., 0].tolist()
    assert vision.Resize((3, 4), vision.Inter.NEAREST)(IMG)[..., 0].tolist() == \
        [[95, 217, 215, 69], [61, 29, 59, 120], [186, 220, 237, 96]]
    f = vision.Resize((3, 4))(IMG.astype(np.float32) / 3)
    assert f.dtype == np.float32
    np.testing.assert_allclose(f[..., 0], [[36.7222, 11.5556, 62.8889, 53.6667],
                                           [24.4583, 42.375, 27.5, 39.0417],
                                           [50.1111, 43.6667, 67.1944, 33.6528]], atol=1e-4)
    assert vision.Resize(4)(IMG).shape == (4, 5, 3)
    assert vision.Resize(4)(IMG.transpose(1, 0, 2)).shape == (5, 4, 3)


def test_upscaling_resize_matches_mindspore():
    # OpenCV keeps the fractional row weights at the top and bottom edges (a row blends with
    # itself there, and the fixed-point truncation shows): MindSpore's row 0, column 6 is 148
    ms_up = [[95, 176, 127, 59, 215, 241, 148, 114, 205],
             [80, 116, 82, 45, 147, 169, 128, 130, 206],
             [61, 42, 30, 34, 63, 77, 103, 148, 201], [63, 68, 80, 96, 106, 84, 114, 139, 130],
             [102, 120, 111, 104, 162, 111, 119, 118, 82],
             [178, 201, 122, 58, 230, 159, 117, 85, 57],
             [125, 184, 166, 121, 171, 192, 142, 97, 95],
             [77, 164, 200, 174, 120, 213, 162, 109, 126]]
    assert vision.Resize((8, 9))(IMG)[..., 0].tolist() == ms_up
    ramp = np.array([[0, 255]], np.uint8)[..., None].repeat(3, -1)
    assert vision.Resize((1, 9))(ramp)[0, :, 0].tolist() == [0, 0, 14, 71, 128, 184, 241, 255,
                                                              255]
    assert vision.Resize((9, 1))(ramp.transpose(1, 0, 2))[:, 0, 0].tolist() == \
        [0, 0, 14, 71, 128, 184, 241, 255, 255]


def _checksums(r):
    r = r.astype(np.int64)
    return int(r.sum()), int((r * np.arange(r.size).reshape(r.shape) % 9973).sum())


def test_resize_of_larger_images_matches_mindspore_bit_for_bit():
    gen = np.random.default_rng(1)
    a = gen.integers(0, 256, (240, 320, 3), dtype=np.uint8)
    b = gen.integers(0, 256, (16, 16, 3), dtype=np.uint8)
    # (sum, position-weighted sum) of MindSpore 2.10's outputs
    ra = vision.Resize((224, 224))(a)
    assert _checksums(ra) == (19181255, 749257640)
    assert ra[5, :6, 1].tolist() == [68, 108, 205, 182, 187, 113]
    assert _checksums(vision.Resize((120, 160))(a)) == (7355719, 287512287)
    rb = vision.Resize((37, 29))(b)
    assert _checksums(rb) == (413561, 16019933)
    assert rb[5, :6, 1].tolist() == [44, 82, 147, 182, 209, 202]
    rf = vision.Resize((37, 29))(b.astype(np.float32))
    assert rf[3, :3, 2].tolist() == [137.02703857421875, 132.755126953125, 125.56033325195312]
    assert rf.astype(np.float64).sum() == pytest.approx(413965.0062611103, abs=1e-6)


def test_normalize_and_layout_ops():
    n = vision.Normalize([10., 20., 30.], [2., 4., 8.])(IMG)
    assert n.dtype == np.float32 and n.shape == (5, 7, 3)
    assert n[0, 0].tolist() == [42.5, 27.5, 20.5]
    n = vision.Normalize([10., 20., 30.], [2., 4., 8.], is_hwc=False)(IMG.transpose(2, 0, 1))
    assert n[:, 0, 0].tolist() == [42.5, 27.5, 20.5]
    assert vision.HWC2CHW()(IMG).shape == (3, 5, 7)
    t = vision.ToTensor()(IMG)
    assert t.dtype == np.float32 and t.shape == (3, 5, 7)
    assert t[:, 0, 0].tolist() == [0.37254902720451355, 0.5098039507865906, 0.760784387588501]
    assert vision.Rescale(1 / 255., -0.5)(IMG).dtype == np.float32
    assert vision.Rescale(2, 1)(IMG)[0, 0].tolist() == [191.0, 261.0, 389.0]
    # MindSpore rounds x * rescale + shift once (float32 coefficients): these four values of
    # the MNIST normalisation come out 1 ulp lower when computed in float32 steps
    x = vision.Rescale(1.0 / 255.0, 0.0)(np.array([[[7]], [[13]], [[21]], [[23]]], np.uint8))
    y = vision.Rescale(1 / 0.3081, -1 * 0.1307 / 0.3081)(x)
    assert y.ravel().tolist() == MS_MNIST_NORM
    with pytest.raises(RuntimeError, match="3 channels"):
        vision.Normalize([1., 2.], [1., 1.])(IMG)


def test_crops_pads_flips():
    c = vision.CenterCrop((2, 3))(IMG)
    assert c.shape == (2, 3, 3) and c[..., 0].tolist() == [[19, 59, 81], [127, 128, 76]]
    assert vision.CenterCrop(4)(IMG)[..., 0].tolist() == \
        [[217, 15, 215, 248], [29, 19, 59, 81], [89, 127, 128, 76], [220, 1, 237, 143]]
    big = vision.CenterCrop((7, 9))(IMG)
    assert big.shape == (7, 9, 3) and big[1, 1:8, 0].tolist() == RED[0]
    assert big[0].sum() == 0 and big[:, 0].sum() == 0
    p = vision.Pad(1)(IMG)
    assert p.shape == (7, 9, 3) and p[1, :, 0].tolist() == [0, *RED[0], 0]
    assert vision.Pad((1, 2), fill_value=9)(IMG).shape == (9, 9, 3)
    assert vision.Pad((1, 2, 3, 4))(IMG).shape == (11, 11, 3)
    refl = vision.Pad(2, padding_mode=vision.Border.REFLECT)(IMG[..., 0:1])
    assert refl[0, :, 0].tolist() == [127, 89, 64, 89, 127, 128, 76, 154, 95, 154, 76]
    assert vision.RandomHorizontalFlip(1.0)(IMG)[0, :, 0].tolist() == RED[0][::-1]
    assert vision.RandomVerticalFlip(1.0)(IMG)[:, 0, 0].tolist() == [77, 186, 64, 61, 95]
    assert vision.RandomHorizontalFlip(0.0)(IMG) is IMG
    assert vision.RandomCrop((5, 7))(IMG).shape == (5, 7, 3)
    assert vision.RandomCrop(8, pad_if_needed=True)(IMG).shape == (8, 8, 3)
    with pytest.raises(RuntimeError, match="pad_if_needed"):
        vision.RandomCrop(8)(IMG)
    assert vision.RandomResizedCrop(4)(IMG).shape == (4, 4, 3)
    crop = vision.RandomCrop((2, 2))(IMG)[..., 0]
    assert any(crop.tolist() == [row[j:j + 2] for row in RED[i:i + 2]]
               for i in range(4) for j in range(6))


def _jpeg(array: np.ndarray) -> np.ndarray:
    buf = io.BytesIO()
    Image.fromarray(array).save(buf, "JPEG", quality=90)
    return np.frombuffer(buf.getvalue(), np.uint8)


def test_decode_and_pil():
    data = _jpeg(np.random.default_rng(0).integers(0, 256, (16, 16, 3), dtype=np.uint8))
    d = vision.Decode()(data)
    assert d.shape == (16, 16, 3) and d.dtype == np.uint8
    # MindSpore 2.10 decoded an image made the same way to the same pixels as Pillow
    assert np.array_equal(d, np.asarray(Image.open(io.BytesIO(data.tobytes())).convert("RGB")))
    assert isinstance(vision.Decode(to_pil=True)(data), Image.Image)
    pil = vision.ToPIL()(IMG)
    assert isinstance(pil, Image.Image)
    assert isinstance(vision.Resize((3, 4))(pil), Image.Image)
    assert vision.ToTensor()(pil).shape == (3, 5, 7)
    with pytest.raises(RuntimeError, match="image decode failed"):
        vision.Decode()(np.frombuffer(b"not an image", np.uint8))
    assert vc.Resize is vision.Resize and vp.ToTensor is vision.ToTensor
    assert [m for m in vision.Inter.__members__] == \
        ["NEAREST", "ANTIALIAS", "BILINEAR", "LINEAR", "BICUBIC", "CUBIC", "AREA", "PILCUBIC"]


def test_image_pipeline_is_seeded_and_independent_of_workers():
    imgs = np.random.default_rng(1).integers(0, 256, (12, 10, 10, 3), dtype=np.uint8)

    def slow(x):  # slow enough for map to hand rows to its worker threads
        time.sleep(0.001)
        return x

    def run(workers):
        d = ds.NumpySlicesDataset({"image": imgs}, shuffle=False)
        d = d.map([vision.RandomCrop(6), vision.RandomHorizontalFlip(),
                   vision.Normalize([0.0] * 3, [255.0] * 3), vision.HWC2CHW(), slow],
                  input_columns="image", num_parallel_workers=workers)
        return np.stack([r[0] for r in d.batch(4).create_tuple_iterator(output_numpy=True)])

    ds.config.set_seed(5)
    one = run(1)
    ds.config.set_seed(5)
    assert np.array_equal(run(3), one)
    assert one.shape == (3, 4, 3, 6, 6) and one.dtype == np.float32


def test_failing_vision_op_names_itself_and_the_column():
    d = ds.NumpySlicesDataset({"image": np.zeros((2, 4), np.uint8)}, shuffle=False)
    with pytest.raises(RuntimeError, match=r"(?s)map operation: \[Resize\] failed on input "
                       r"column\(s\) \['image'\].*shape <H,W> or <H,W,C>"):
        list(d.map(vision.Resize(2), input_columns="image"))


def test_pillow_computed_transforms_match_mindspore():
    pil = Image.fromarray(IMG)
    g = vision.Grayscale()(pil)
    assert isinstance(g, Image.Image)
    assert np.asarray(g)[0].tolist() == [127, 213, 104, 206, 187, 155, 126]
    assert np.asarray(vision.Grayscale(3)(pil)).shape == (5, 7, 3)
    assert vision.Grayscale()(IMG).shape == (5, 7)
    assert vision.Invert()(IMG)[0, 0].tolist() == [160, 125, 61]
    assert vision.Rotate(90)(IMG)[..., 0].tolist() == [
        [0, 69, 120, 154, 96, 100, 0], [0, 248, 81, 76, 143, 240, 0],
        [0, 215, 59, 128, 237, 120, 0], [0, 15, 19, 127, 1, 190, 0],
        [0, 217, 29, 89, 220, 208, 0]]
    r = vision.Rotate(90, expand=True)(IMG)
    assert r.shape == (7, 5, 3) and r[0, :, 0].tolist() == [205, 208, 95, 55, 126]
    assert vision.Rotate(30)(IMG)[..., 0].tolist() == [
        [0, 0, 215, 248, 120, 208, 0], [217, 15, 59, 81, 76, 154, 55],
        [61, 29, 127, 128, 143, 96, 126], [61, 89, 127, 237, 237, 240, 100],
        [0, 186, 220, 190, 120, 0, 0]]


def test_random_pillow_transforms():
    ds.config.set_seed(2)
    a = vision.RandomRotation(45)(IMG)
    ds.config.set_seed(2)
    assert np.array_equal(vision.RandomRotation(45)(IMG), a) and a.shape == IMG.shape
    assert vision.RandomRotation((0, 0))(IMG).tolist() == IMG.tolist()
    assert np.array_equal(vision.RandomColorAdjust()(IMG), IMG)  # identity ranges
    j = vision.RandomColorAdjust(brightness=0.4, contrast=0.4, saturation=0.4, hue=0.1)(IMG)
    assert j.shape == IMG.shape and j.dtype == np.uint8 and not np.array_equal(j, IMG)
    assert vision.RandomGrayscale(1.0)(IMG).shape == (5, 7, 3)
    assert vision.RandomGrayscale(0.0)(IMG) is IMG
    with pytest.raises(ValueError, match="hue"):
        vision.RandomColorAdjust(hue=0.7)
    with pytest.raises(RuntimeError, match="uint8 image"):
        vision.Rotate(10)(IMG.astype(np.float32))


def test_engine_settings_are_accepted():
    ds.config.set_enable_shared_mem(False)
    assert ds.config.get_enable_shared_mem() is False
    ds.config.set_callback_timeout(5)
    assert ds.config.get_callback_timeout() == 5
    ds.config.set_enable_shared_mem(True)
    ds.config.set_callback_timeout(60)


def test_pil_inputs_take_mindspores_pil_path():
    pil = Image.fromarray(IMG)
    r = vision.Resize((3, 4))(pil)  # Pillow's bilinear, as MindSpore's PIL path
    assert isinstance(r, Image.Image)
    assert np.asarray(r)[..., 0].tolist() == [[101, 77, 152, 155], [96, 98, 113, 120],
                                              [162, 147, 170, 102]]
    c = vision.CenterCrop((2, 3))(pil)  # offsets rounded, not floored, on this path
    assert isinstance(c, Image.Image)
    assert np.asarray(c)[..., 0].tolist() == [[127, 128, 76], [1, 237, 143]]
    big = vision.CenterCrop((7, 9))(pil)
    assert np.asarray(big)[1, :, 0].tolist() == [0, *RED[0], 0]
    assert isinstance(vision.RandomResizedCrop(4)(pil), Image.Image)
    assert isinstance(vision.HWC2CHW()(pil), np.ndarray)
    assert vision.Normalize([1., 2., 3.], [1., 1., 1.])(pil).dtype == np.float32
