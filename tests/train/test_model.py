"""Model.train/eval/predict/fit against MindSpore 2.10 (same network, data and weights; its
printed numbers recorded by hand), in both modes."""

import re

import numpy as np
import pytest

import graphc as ms
from graphc import nn
from graphc.train import Callback, LossMonitor, Model

from .standins import Net, TupleDataset, X, Y, make_model

# MindSpore 2.10's LossMonitor(2) lines for make_model's model trained 2 epochs on TupleDataset
MS_TRAIN_LOSSES = [(1, 2, 1.3999370336532593), (1, 4, 0.7391242980957031),
                   (2, 2, 0.13565495610237122), (2, 4, 0.4120444357395172)]
MS_EVAL = {"acc": 0.9, "loss": 0.3530274089425802, "top_1_accuracy": 0.9}
MS_PREDICT = [[-3.4137883, 1.3303137], [-0.8136677, 0.8136677]]
LINE = re.compile(r"^epoch: (\d+) step: (\d+), loss is ([-0-9.e]+)$")


@pytest.fixture(params=[ms.PYNATIVE_MODE, ms.GRAPH_MODE], ids=["pynative", "graph"])
def mode(request):
    ms.set_context(mode=request.param)
    yield request.param
    ms.set_context(mode=ms.PYNATIVE_MODE)


def _loss_lines(text):
    return [(int(m[1]), int(m[2]), float(m[3]))
            for m in (LINE.match(line) for line in text.splitlines()) if m]


def test_train_eval_predict_give_mindspores_numbers(mode, capsys):
    _, model = make_model(metrics={"acc", "loss", "top_1_accuracy"})
    model.train(2, TupleDataset(), callbacks=LossMonitor(2))
    lines = _loss_lines(capsys.readouterr().out)
    assert [(e, s) for e, s, _ in lines] == [(e, s) for e, s, _ in MS_TRAIN_LOSSES]
    np.testing.assert_allclose([v for *_, v in lines], [v for *_, v in MS_TRAIN_LOSSES],
                               rtol=1e-5)
    result = model.eval(TupleDataset())
    assert set(result) == set(MS_EVAL)
    for key, value in MS_EVAL.items():
        assert result[key] == pytest.approx(value, abs=1e-5)
        assert type(result[key]) is float  # printed as MindSpore prints it: {'acc': 0.9, ...}
    assert "'acc': 0.9" in str(result) and "np.float64" not in str(result)
    np.testing.assert_allclose(model.predict(ms.Tensor(X[:2])).asnumpy(), MS_PREDICT, atol=1e-5)


def test_graph_mode_compiles_the_step_once_and_matches_pynative(capsys):
    losses = {}
    for mode in (ms.PYNATIVE_MODE, ms.GRAPH_MODE):
        ms.set_context(mode=mode)
        try:
            _, model = make_model()
            model.train(3, TupleDataset(), callbacks=LossMonitor(1))
        finally:
            ms.set_context(mode=ms.PYNATIVE_MODE)
        losses[mode] = [v for *_, v in _loss_lines(capsys.readouterr().out)]
        if mode == ms.GRAPH_MODE:
            info = model.train_network.graph_cache_info()
            assert info.misses == 1 and info.hits == 11
    assert len(losses[ms.PYNATIVE_MODE]) == 12
    np.testing.assert_allclose(losses[ms.GRAPH_MODE], losses[ms.PYNATIVE_MODE], rtol=1e-6)


class Recorder(Callback):
    def __init__(self):
        self.events = []

    def on_train_begin(self, rc):
        self.events.append(("train_begin", rc.original_args().epoch_num))

    def on_train_epoch_begin(self, rc):
        self.events.append(("epoch_begin", rc.original_args().cur_epoch_num))

    def on_train_step_end(self, rc):
        p = rc.original_args()
        assert isinstance(p.net_outputs, ms.Tensor) and p.mode == "train"
        assert p.train_dataset_element[0].shape == (5, 4)
        self.events.append(("step", p.cur_epoch_num, p.cur_step_num, p.batch_num))

    def on_train_end(self, rc):
        self.events.append(("train_end", rc.original_args().cur_step_num))


def test_callback_protocol_and_params(mode):
    rec = Recorder()
    _, model = make_model()
    model.train(3, TupleDataset(), callbacks=[rec], initial_epoch=1)
    assert rec.events[0] == ("train_begin", 2)
    assert rec.events[1] == ("epoch_begin", 2)
    assert rec.events[2:6] == [("step", 2, i, 4) for i in range(1, 5)]
    assert rec.events[-1] == ("train_end", 8)


def test_mindspore_cb_params_keys():
    keys = {}

    class Keys(Callback):
        def on_train_epoch_end(self, rc):
            keys["train"] = sorted(rc.original_args())

    _, model = make_model()
    model.train(1, TupleDataset(), callbacks=Keys())
    # MindSpore 2.10's keys at on_train_epoch_end of Model.train
    assert keys["train"] == [
        "batch_num", "cur_epoch_num", "cur_step_num", "dataset_sink_mode", "device_number",
        "epoch_num", "initial_step", "last_save_ckpt_step", "latest_ckpt_file", "list_callback",
        "loss_fn", "loss_scale_mananger", "mode", "net_outputs", "network", "optimizer",
        "parallel_mode", "train_dataset", "train_dataset_element", "train_network"]


def test_old_style_callbacks_run_and_warn_in_train_but_fail_in_fit():
    class Old(Callback):
        def __init__(self):
            self.steps = 0

        def step_end(self, rc):
            self.steps += 1

    old = Old()
    _, model = make_model(metrics={"acc"})
    with pytest.warns(UserWarning, match="may not be supported in later version"):
        model.train(1, TupleDataset(), callbacks=[old])
    assert old.steps == 4
    with pytest.raises(ValueError, match="prefixed with 'on_train' or 'on_eval'"):
        model.fit(1, TupleDataset(), TupleDataset(), callbacks=[old])


def test_request_stop_ends_training_after_the_step():
    class StopAt3(Callback):
        def on_train_step_end(self, rc):
            if rc.original_args().cur_step_num == 3:
                rc.request_stop()

    rec = Recorder()
    _, model = make_model()
    model.train(5, TupleDataset(), callbacks=[StopAt3(), rec])
    assert [e for e in rec.events if e[0] == "step"][-1] == ("step", 1, 3, 4)
    assert rec.events[-1] == ("train_end", 3)


def test_fit_evaluates_and_reports(capsys):
    seen = {}

    class Watch(Callback):
        def on_train_epoch_end(self, rc):
            seen[rc.original_args().cur_epoch_num] = dict(rc.original_args().get("eval_results",
                                                                                 {}))

        def on_eval_end(self, rc):
            seen.setdefault("eval_calls", 0)
            seen["eval_calls"] += 1

    _, model = make_model(metrics={"acc"})
    model.fit(4, TupleDataset(), TupleDataset(), valid_frequency=2,
              callbacks=[LossMonitor(100), Watch()])
    assert seen[1] == {} and seen[3] == {}
    assert set(seen[2]) == {"acc", "eval_loss"} and seen["eval_calls"] == 2
    out = capsys.readouterr().out
    assert "Eval result: epoch 2, metrics: {'acc': " in out
    assert "Eval result: epoch 4, metrics: {'acc': " in out


def test_fit_from_mindspores_run():
    _, model = make_model(metrics={"acc", "loss"})
    model.train(2, TupleDataset())
    got = {}

    class Grab(Callback):
        def on_train_epoch_end(self, rc):
            got.update(rc.original_args().get("metrics") or {})

    model.fit(3, TupleDataset(), TupleDataset(), callbacks=Grab(), initial_epoch=2)
    # MindSpore 2.10: Eval result: epoch 3, metrics: {'loss': 0.2615821249783039, 'acc': 0.95}
    assert got["acc"] == pytest.approx(0.95) and got["loss"] == pytest.approx(0.26158212, 1e-5)


def test_plain_iterables_and_one_shot_iterators_work():
    batches = [(ms.Tensor(X[i:i + 5]), ms.Tensor(Y[i:i + 5])) for i in range(0, 20, 5)]
    rec = Recorder()
    _, model = make_model()
    model.train(2, batches, callbacks=[rec])
    assert len([e for e in rec.events if e[0] == "step"]) == 8

    class OneShot(TupleDataset):
        def create_tuple_iterator(self, num_epochs=-1, output_numpy=False):
            self.iterators += 1
            return iter([(ms.Tensor(X[i:i + 5]), ms.Tensor(Y[i:i + 5])) for i in range(0, 20, 5)])

    rec = Recorder()
    data = OneShot()
    model.train(3, data, callbacks=[rec])
    assert len([e for e in rec.events if e[0] == "step"]) == 12 and data.iterators == 3


def test_bad_arguments_are_clear_errors():
    _, model = make_model()
    with pytest.raises(ValueError, match="must bigger than parameter 'initial_epoch'"):
        model.train(2, TupleDataset(), initial_epoch=2)
    with pytest.raises(ValueError, match="positive int"):
        model.train(0, TupleDataset())
    with pytest.raises(ValueError, match="no valid data"):
        model.train(1, [])
    with pytest.raises(TypeError, match="get_dataset_size"):
        model.train(1, object())
    three = [(ms.Tensor(X[:5]), ms.Tensor(Y[:5]), ms.Tensor(Y[:5]))]
    with pytest.raises(ValueError, match="should return two elements, but got 3"):
        model.train(1, three)
    with pytest.raises(ValueError, match="'metrics' can not be None"):
        model.eval(TupleDataset())
    with pytest.raises(ValueError, match="`eval_network` must not be None"):
        Model(Net(), metrics={"acc"})
    with pytest.raises(ValueError, match="optimizer' is None"):
        Model(Net(), nn.MSELoss(), amp_level="O2")
    with pytest.raises(ValueError, match="kwargs"):
        Model(Net(), nn.MSELoss(), unknown=1)
    with pytest.raises(TypeError, match="Callback"):
        model.train(1, TupleDataset(), callbacks=[3])


def test_model_without_optimizer_runs_the_network_with_its_loss():
    model = Model(Net(), nn.SoftmaxCrossEntropyWithLogits(sparse=True, reduction="mean"))
    outs = []

    class Grab(Callback):
        def on_train_step_end(self, rc):
            outs.append(float(rc.original_args().net_outputs.asnumpy()))

    model.train(1, TupleDataset(), callbacks=Grab())
    assert len(outs) == 4 and len(set(outs)) == 4


def test_custom_eval_network_with_indexes():
    net = Net()

    class Eval(nn.Cell):
        def __init__(self, net):
            super().__init__()
            self.net = net

        def construct(self, x, y):
            return y, self.net(x)  # label first

    from graphc.train import Accuracy
    model = Model(net, eval_network=Eval(net), metrics={"acc": Accuracy().set_indexes([1, 0])})
    acc = model.eval(TupleDataset())["acc"]
    pred = net(ms.Tensor(X)).asnumpy().argmax(1)
    assert acc == pytest.approx((pred == Y).mean())


def test_sink_mode_trains_every_batch_and_reports_sink_size_steps(capsys):
    # MindSpore 2.10 on CPU: every batch trains, LossMonitor counts steps modulo sink_size
    _, model = make_model()
    model.train(1, TupleDataset(), callbacks=LossMonitor(), dataset_sink_mode=True, sink_size=2)
    lines = _loss_lines(capsys.readouterr().out)
    assert [(e, s) for e, s, _ in lines] == [(1, 1), (1, 2), (1, 1), (1, 2)]
    np.testing.assert_allclose([lines[1][2], lines[3][2]], [1.3999370336532593,
                                                            0.7391242980957031], rtol=1e-5)
