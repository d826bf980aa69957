"""End to end: DigitsLeNet learns the shipped UCI digits in PYNATIVE_MODE with the standard
MindSpore training wrappers (WithLossCell + TrainOneStepCell + Momentum with a dynamic
learning rate), to at least 95% accuracy on the held-out split."""

import numpy as np
import pytest

import graphc as ms
from graphc import nn
from graphc.dataset import DigitsLeNet, batches, load_digits

EPOCHS = 10
BATCH_SIZE = 32
PEAK_LR = 0.05


def _accuracy(net, images, labels):
    net.set_train(False)
    logits = net(ms.Tensor(images)).asnumpy()
    net.set_train(True)
    return float((logits.argmax(axis=1) == labels).mean())


def _train(epochs, seed=0):
    """Train from `graphc.set_seed(seed)`; return (net, mean loss per epoch)."""
    ms.set_seed(seed)
    x_train, y_train = load_digits("train")
    net = DigitsLeNet()
    loss_fn = nn.SoftmaxCrossEntropyWithLogits(sparse=True, reduction="mean")
    # A per-step cosine decay from PEAK_LR to 0 (a dynamic learning rate) ends training at a
    # stable accuracy, not on whichever side of an oscillation the last step lands.
    steps = epochs * -(-len(y_train) // BATCH_SIZE)
    lrs = [PEAK_LR * 0.5 * (1 + np.cos(np.pi * i / steps)) for i in range(steps)]
    opt = nn.Momentum(net.trainable_params(), learning_rate=lrs, momentum=0.9)
    step = nn.TrainOneStepCell(nn.WithLossCell(net, loss_fn), opt)
    step.set_train()
    epoch_losses = []
    for epoch in range(epochs):
        losses = [float(step(ms.Tensor(xb), ms.Tensor(yb)).asnumpy())
                  for xb, yb in batches(x_train, y_train, BATCH_SIZE, shuffle=True, seed=epoch)]
        epoch_losses.append(float(np.mean(losses)))
    return net, epoch_losses


@pytest.fixture(autouse=True)
def pynative():
    ms.set_context(mode=ms.PYNATIVE_MODE)


def test_digits_lenet_output_shape_and_parameters():
    ms.set_seed(0)
    net = DigitsLeNet()
    out = net(ms.Tensor(np.zeros((3, 1, 8, 8), np.float32)))
    assert out.shape == (3, 10) and out.dtype == ms.float32
    assert [p.name for p in net.trainable_params()] == [
        "conv1.weight", "conv1.bias", "conv2.weight", "conv2.bias",
        "fc1.weight", "fc1.bias", "fc2.weight", "fc2.bias"]


def test_lenet_reaches_95_percent_test_accuracy():
    net, losses = _train(EPOCHS)
    x_test, y_test = load_digits("test")
    assert _accuracy(net, x_test, y_test) >= 0.95
    assert losses[-1] < 0.1 < losses[0]
    assert all(np.isfinite(losses))


def test_training_is_reproducible_with_a_fixed_seed():
    net_a, losses_a = _train(1, seed=3)
    net_b, losses_b = _train(1, seed=3)
    assert losses_a == losses_b
    for pa, pb in zip(net_a.trainable_params(), net_b.trainable_params()):
        np.testing.assert_array_equal(pa.asnumpy(), pb.asnumpy())


def test_demo_prints_the_seed_example_then_trains():
    import io

    from graphc.__main__ import demo

    buf = io.StringIO()
    demo(out=buf, epochs=1)
    text = buf.getvalue()
    lines = text.splitlines()
    seed = "[[[[15.99984]]\n\n  [[15.99984]]]]"
    for label in ("PYNATIVE_MODE", "PYNATIVE_MODE + @jit AddMulMul", "GRAPH_MODE"):
        assert f"== the seed example network, {label}\n{seed}\n" in text
    assert "== all three print the same: yes" in text
    assert "epoch 1/1" in text and "test acc" in text and "ms/step" in text
    pynative = next(ln for ln in lines if ln.startswith("PYNATIVE_MODE: test accuracy"))
    graph = next(ln for ln in lines if ln.startswith("GRAPH_MODE: test accuracy"))
    assert pynative.split(",")[0].split()[-1] == graph.split(",")[0].split()[-1]
    reload = next(ln for ln in lines if "loaded into a fresh DigitsLeNet" in ln)
    assert reload.startswith("== digits_lenet-1_45.ckpt (MindSpore's .ckpt format)")
    assert reload.endswith("same as trained: yes")
    assert lines[-1].startswith("GRAPH_MODE speed-up per training step:")
    assert lines[-1].endswith("same accuracy: yes")


def test_train_returns_stats_per_epoch(tmp_path):
    from graphc.__main__ import reload_accuracy, train

    stats = train(ms.PYNATIVE_MODE, epochs=2, checkpoint_dir=str(tmp_path))
    assert stats.mode_name == "PYNATIVE_MODE"
    assert len(stats.losses) == len(stats.accuracies) == len(stats.step_ms) == 2
    assert stats.steps_per_epoch == 45
    assert stats.losses[1] < stats.losses[0]
    # the ModelCheckpoint kept only the last epoch's file, which reloads to the same accuracy
    assert sorted(p.name for p in tmp_path.iterdir()) == ["digits_lenet-2_45.ckpt"]
    assert reload_accuracy(stats.checkpoint) == stats.final_accuracy


def test_graph_mode_training_matches_pynative_and_reaches_95_percent():
    from graphc.__main__ import train

    eager = train(ms.PYNATIVE_MODE, epochs=10)
    graph = train(ms.GRAPH_MODE, epochs=10)
    ms.set_context(mode=ms.PYNATIVE_MODE)
    assert graph.final_accuracy >= 0.95
    assert graph.final_accuracy == eager.final_accuracy
    np.testing.assert_allclose(graph.losses, eager.losses, rtol=1e-4)


def test_demo_training_reads_a_seeded_graphc_dataset_pipeline(monkeypatch):
    import graphc.dataset as ds
    from graphc.__main__ import train

    built = []

    class Recording(ds.NumpySlicesDataset):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            built.append(self)

    monkeypatch.setattr(ds, "NumpySlicesDataset", Recording)
    first = train(ms.PYNATIVE_MODE, epochs=1, seed=1)
    assert len(built) == 2  # the train and test splits
    assert first.steps_per_epoch == 45  # ceil(1438 / 32): batch keeps the remainder
    again = train(ms.PYNATIVE_MODE, epochs=1, seed=1)
    assert again.losses == first.losses  # dataset.config.set_seed fixes the shuffle
