"""The built-in callbacks: ModelCheckpoint's files (MindSpore 2.10's names, recorded by hand),
TimeMonitor's and ProgressBar's lines, EarlyStopping, ReduceLROnPlateau, LambdaCallback."""

import io
import os
import re

import numpy as np
import pytest

import graphc as ms
from graphc.train import (
    CheckpointConfig,
    EarlyStopping,
    LambdaCallback,
    LossMonitor,
    ModelCheckpoint,
    ProgressBar,
    ReduceLROnPlateau,
    TimeMonitor,
)

from .standins import Net, TupleDataset, X, make_model


def test_model_checkpoint_names_keeps_and_never_overwrites(tmp_path):
    d = str(tmp_path / "ck")
    net, model = make_model()
    cfg = CheckpointConfig(save_checkpoint_steps=3, keep_checkpoint_max=2,
                           append_info=["epoch_num", "step_num", {"note": "x"}])
    model.train(2, TupleDataset(), callbacks=[ModelCheckpoint("net", d, cfg)])
    # MindSpore 2.10 leaves these files for the same run
    assert sorted(os.listdir(d)) == ["net-2_2.ckpt", "net-2_4.ckpt"]
    cb = ModelCheckpoint("net", d, cfg)
    model.train(1, TupleDataset(), callbacks=[cb])
    assert sorted(os.listdir(d)) == ["net-2_2.ckpt", "net-2_4.ckpt", "net_1-1_3.ckpt",
                                     "net_1-1_4.ckpt"]
    assert cb.latest_ckpt_file_name == os.path.join(os.path.realpath(d), "net_1-1_4.ckpt")
    saved = ms.load_checkpoint(os.path.join(d, "net_1-1_4.ckpt"))
    assert sorted(saved) == [
        "epoch_num", "fc1.bias", "fc1.weight", "fc2.bias", "fc2.weight", "global_step",
        "learning_rate", "moments.fc1.bias", "moments.fc1.weight", "moments.fc2.bias",
        "moments.fc2.weight", "momentum", "note", "step_num"]
    assert int(saved["epoch_num"].asnumpy()) == 1 and saved["note"] == "x"
    fresh = Net()
    assert ms.load_param_into_net(fresh, saved)[0] == []
    x = ms.Tensor(X)
    np.testing.assert_array_equal(fresh(x).asnumpy(), net(x).asnumpy())


def test_checkpoint_config_rules():
    with pytest.raises(ValueError, match="can't be all None or 0"):
        CheckpointConfig(save_checkpoint_steps=0, keep_checkpoint_max=0)
    assert CheckpointConfig(save_checkpoint_steps=5, save_checkpoint_seconds=9) \
        .save_checkpoint_seconds is None
    assert CheckpointConfig(keep_checkpoint_max=0).keep_checkpoint_max == 1
    with pytest.raises(ValueError, match="'prefix'"):
        ModelCheckpoint("a/b")
    with pytest.raises(TypeError, match="CheckpointConfig"):
        ModelCheckpoint("a", config={})
    with pytest.raises(ValueError, match="epoch_num"):
        CheckpointConfig(append_info=["nope"])


def test_time_monitor_line(capsys):
    _, model = make_model()
    model.train(2, TupleDataset(), callbacks=TimeMonitor())
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 2
    assert all(re.fullmatch(r"Train epoch time: \d+\.\d{3} ms, per step time: \d+\.\d{3} ms", s)
               for s in lines)


def test_loss_monitor_stops_on_nan():
    _, model = make_model(lr=1e30)
    with pytest.raises(ValueError, match="loss is NAN or INF"):
        model.train(5, TupleDataset(), callbacks=LossMonitor())


def test_progress_bar_prints_one_line_per_epoch():
    out = io.StringIO()
    _, model = make_model(metrics={"acc"})
    bar = ProgressBar(out)
    model.fit(2, TupleDataset(), TupleDataset(), callbacks=bar)
    lines = out.getvalue().splitlines()
    assert len(lines) == 2
    assert re.fullmatch(r"epoch 1/2 \[#{24}\]   4/4  loss \d\.\d{4}  acc \d\.\d{4}\s+"
                        r"\d+\.\d\d ms/step", lines[0])
    assert len(bar.epoch_losses) == 4


def test_lambda_callback_calls_the_functions():
    steps = []
    _, model = make_model()
    cb = LambdaCallback(on_train_step_end=lambda rc: steps.append(rc.original_args().cur_step_num))
    model.train(1, TupleDataset(), callbacks=cb)
    assert steps == [1, 2, 3, 4]
    with pytest.raises(TypeError, match="callable"):
        LambdaCallback(on_train_end=3)


def test_early_stopping_as_mindspore(capsys):
    # MindSpore 2.10 prints 'Epoch 00002: early stopping' for this run, best 0.95
    _, model = make_model(metrics={"acc"})
    model.train(2, TupleDataset())
    es = EarlyStopping(monitor="acc", patience=1, verbose=True, mode="max")
    model.fit(6, TupleDataset(), TupleDataset(), callbacks=[es])
    assert capsys.readouterr().out.strip() == "Epoch 00002: early stopping"
    assert es.best == pytest.approx(0.95) and es.stopped_epoch == 2


def test_early_stopping_restores_best_weights():
    # min_delta too large for any later epoch to improve: stops after epoch 3, restoring the
    # weights at the end of epoch 1 (the best)
    net, model = make_model()
    es = EarlyStopping(monitor="loss", patience=2, min_delta=100.0, restore_best_weights=True)
    model.train(5, TupleDataset(), callbacks=[es])
    assert es.stopped_epoch == 3
    one_epoch, model1 = make_model()
    model1.train(1, TupleDataset())
    np.testing.assert_array_equal(net.fc1.weight.asnumpy(), one_epoch.fc1.weight.asnumpy())


def test_reduce_lr_on_plateau_scales_the_learning_rate(capsys):
    _, model = make_model(metrics={"acc"})
    rl = ReduceLROnPlateau(monitor="acc", patience=0, factor=0.5, mode="max", min_delta=10.0,
                           verbose=True)
    model.fit(3, TupleDataset(), TupleDataset(), callbacks=[rl])
    lr = model.train_network.optimizer.learning_rate
    assert float(lr.asnumpy()) == pytest.approx(0.1 * 0.5 * 0.5)
    # MindSpore 2.10's lines for this run
    assert capsys.readouterr().out.splitlines() == [
        "Epoch 00002: ReduceLROnPlateau reducing learning rate to 0.05.",
        "Epoch 00003: ReduceLROnPlateau reducing learning rate to 0.025."]
    with pytest.raises(ValueError, match="factor"):
        ReduceLROnPlateau(factor=1.5)


def test_history_and_learning_rate_scheduler_as_mindspore():
    from graphc.train import History, LearningRateScheduler

    _, model = make_model(metrics={"acc"})
    history = History()
    halve = LearningRateScheduler(lambda lr, step: lr * 0.5 if step % 3 == 0 else lr)
    model.fit(2, TupleDataset(), TupleDataset(), callbacks=[history, halve])
    # MindSpore 2.10 for this run: net_output [0.739124, 0.529967], acc [0.8, 0.85], lr 0.025
    assert history.epoch == {"epoch": [1, 2]}
    np.testing.assert_allclose(history.history["net_output"], [0.739124, 0.529967], atol=2e-6)
    assert history.history["acc"] == [pytest.approx(0.8), pytest.approx(0.85)]
    lr = model.train_network.optimizer.learning_rate
    assert float(lr.asnumpy()) == pytest.approx(0.025)
