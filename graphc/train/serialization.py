"""Checkpoints in MindSpore's `.ckpt` format: `save_checkpoint`, `load_checkpoint`,
`load_param_into_net`.

The file is the protobuf message of `checkpoint_proto` (one `Value` per parameter, large ones
in slices of 512 MB with the same tag, optionally followed by MindSpore's CRC trailer
`b"crc_num" + crc32.to_bytes(10, "big")`). A file MindSpore 2.10 writes loads here with the
same values and one written here loads into MindSpore.

Loading only decodes protobuf and copies bytes into NumPy arrays of a known dtype: nothing in
the file is executed. Sizes are checked before anything is allocated (the file against
`MAX_CHECKPOINT_BYTES`, each tensor's bytes against its dims and dtype). A corrupt file, an
unknown `tensor_type` or a dims/bytes mismatch is a ValueError naming the file and the
parameter. `load_param_into_net` checks every parameter (shape, dtype) before it assigns any,
so a failed load leaves the network as it was.
"""

from __future__ import annotations

import binascii
import math
import os
import stat
import warnings
from collections import OrderedDict
from collections.abc import Callable
from typing import Any

import numpy as np
from google.protobuf.message import DecodeError

from ..common import dtype as mstype
from ..common.parameter import Parameter
from ..common.tensor import Tensor
from ..nn.cell import Cell
from .checkpoint_proto import Checkpoint

# protobuf cannot parse a message of 2 GB or more, so no readable .ckpt is larger
MAX_CHECKPOINT_BYTES = 2**31 - 1
_MAX_NDIM = 64
_SLICE_BYTES = 512 * 1024 * 1024  # MindSpore writes larger parameters in slices of this size
_CRC_TAG = b"crc_num"
_CRC_TRAILER = len(_CRC_TAG) + 10

# tensor_type string -> (NumPy dtype of the stored bytes, graphc dtype of the loaded Tensor)
_TENSOR_TYPES: dict[str, tuple[np.dtype, mstype.DType]] = {
    d.name: (d.np_dtype.newbyteorder("<"), d)
    for d in (mstype.int8, mstype.uint8, mstype.int16, mstype.uint16, mstype.int32,
              mstype.uint32, mstype.int64, mstype.uint64, mstype.float16, mstype.float32,
              mstype.float64, mstype.bool_)
}
# graphc has no bfloat16: such tensors load as float32 (exact: bfloat16 is float32's top half)
_BFLOAT16 = "BFloat16"
_FLOAT_TYPES = frozenset(("float16", "float32", "float64"))
_INT_TYPES = frozenset(("int8", "int16", "int32", "int64"))


# ---------------------------------------------------------------------------- saving
def _check_save_file_name(ckpt_file_name: Any) -> str:
    if not isinstance(ckpt_file_name, str):
        raise TypeError(f"For 'save_checkpoint', the parameter {ckpt_file_name} for checkpoint "
                        f"file name is invalid, 'ckpt_file_name' must be string, but got "
                        f"{type(ckpt_file_name)}.")
    path = os.path.realpath(ckpt_file_name)
    if os.path.isdir(path):
        raise IsADirectoryError(f"For 'save_checkpoint', the parameter `ckpt_file_name`: {path} "
                                "is a directory, it must be a file name.")
    if not path.endswith("ckpt"):
        path += ".ckpt"
    return path


def _entries_of_list(save_obj: list[Any], choice_func: Callable[[str], bool] | None
                     ) -> list[tuple[str, Any]]:
    out = []
    if save_obj and isinstance(save_obj[0], dict):
        for item in save_obj:
            if not (isinstance(item, dict) and "name" in item and "data" in item):
                raise TypeError("For save_checkpoint, save_obj should be a list of dict items, "
                                "and the dict should have key values 'name' and 'data', but got "
                                f"{type(item)} and {item}.")
            if not isinstance(item["name"], str):
                raise TypeError("For save_checkpoint, when save_obj is a list of dict items, the "
                                f"name in dict should be string, but got {type(item['name'])}.")
            if not isinstance(item["data"], Tensor):
                raise TypeError("For save_checkpoint, when save_obj is a list of dict items, the "
                                f"data in dict should be parameter, but got {type(item['data'])}.")
            if choice_func is None or choice_func(item["name"]):
                out.append((item["name"], item["data"]))
        return out
    for item in save_obj:
        if not isinstance(item, Parameter):
            raise TypeError("For save_checkpoint, when save_obj is made up by list of Parameter, "
                            f"the param should be parameter, but got {type(item)}.")
        if choice_func is None or choice_func(item.name):
            out.append((item.name, item))
    return out


def _entries_of_dict(save_obj: dict[Any, Any], choice_func: Callable[[str], bool] | None
                     ) -> list[tuple[str, Any]]:
    out = []
    for key, value in save_obj.items():
        if not isinstance(key, str) or not isinstance(value, (Tensor, str, np.ndarray)):
            raise TypeError("For save_checkpoint, when save_obj is made up by dict, the key should "
                            "be str and value should be Parameter, but got the type of key is "
                            f"{type(key)} and the type of value is {type(value)}.")
        if choice_func is None or choice_func(key):
            out.append((key, value))
    return out


def _check_append_dict(append_dict: Any) -> dict[str, Any] | None:
    if append_dict is None:
        return None
    if not isinstance(append_dict, dict):
        raise TypeError(f"For 'save_checkpoint', the argument 'append_dict' must be dict, but got "
                        f"{type(append_dict)}.")
    for key, value in append_dict.items():
        if not isinstance(key, str) or not isinstance(value, (int, float, bool, str, Tensor)):
            raise TypeError("For 'save_checkpoint', the type of dict 'append_info' must be key: "
                            "string, value: int, float, bool or Generator, but got key: "
                            f"{type(key)}, value: {type(value)}")
    return append_dict


def _encode(name: str, value: Any) -> list[bytes]:
    """The serialized `Checkpoint` messages (one per slice) holding `value` under `name`."""
    if isinstance(value, str):
        dims, type_name = [0], "str"
        # NumPy's UCS4 bytes of np.array(value), as MindSpore writes them ('' is one NUL)
        slices = [value.encode("utf-32-le", "surrogatepass") or bytes(4)]
    else:
        array = value.asnumpy() if isinstance(value, Tensor) else np.asarray(value)
        dtype = mstype.from_numpy(array.dtype)
        if dtype.name not in _TENSOR_TYPES:
            raise TypeError(f"For 'save_checkpoint', the parameter '{name}' has dtype {dtype}, "
                            "which a .ckpt file cannot hold.")
        array = np.asarray(array, dtype=_TENSOR_TYPES[dtype.name][0], order="C")
        dims, type_name = list(array.shape), dtype.name
        if array.nbytes > _SLICE_BYTES and array.ndim > 0:
            parts = np.array_split(array, math.ceil(array.nbytes / _SLICE_BYTES))
            slices = [p.tobytes() for p in parts]
        else:
            slices = [array.tobytes()]
    out = []
    for content in slices:
        message = Checkpoint()
        entry = message.value.add()
        entry.tag = name
        entry.tensor.dims.extend(dims)
        entry.tensor.tensor_type = type_name
        entry.tensor.tensor_content = content
        out.append(message.SerializeToString())
    return out


def save_checkpoint(save_obj: Any, ckpt_file_name: str, integrated_save: bool = True,
                    async_save: bool | str = False, append_dict: dict[str, Any] | None = None,
                    enc_key: bytes | None = None, enc_mode: str = "AES-GCM",
                    choice_func: Callable[[str], bool] | None = None, crc_check: bool = False,
                    format: str = "ckpt", **kwargs: Any) -> None:
    """Write the parameters of `save_obj` (a Cell, a list of Parameters, a list of
    {"name": str, "data": Tensor} dicts, or a dict name -> Parameter/str/ndarray) to
    `ckpt_file_name` (".ckpt" is appended if missing), followed by `append_dict`'s entries.

    The file is written to a temporary name of this process's own and renamed over the target
    in one step, then made read-only, so no reader ever sees a partial file. In a DATA_PARALLEL
    job every rank holds the same Parameters (the integrated copy MindSpore's
    `integrated_save` means), so ranks that save to one path leave that one complete file and
    do not clobber each other, and no rank waits for another: saving on rank 0 only (`if
    get_rank() == 0:`), on every rank, or into per-rank directories all work, and every rank
    can load a file once its own save returns. `async_save` is accepted and the save happens
    before returning. Encryption and the safetensors format are not supported (ValueError)."""
    if format != "ckpt":
        raise ValueError(f"For 'save_checkpoint', graphc writes only the 'ckpt' format, but got "
                         f"format={format!r}.")
    if not isinstance(save_obj, (Cell, list, dict)):
        raise TypeError("For 'save_checkpoint', the parameter 'save_obj' must be nn.Cell, list or "
                        f"dict, but got {type(save_obj)}.")
    path = _check_save_file_name(ckpt_file_name)
    if not isinstance(async_save, (bool, str)):
        raise TypeError("For 'save_checkpoint', the parameter 'async_save' must be bool or str, "
                        f"but got {type(async_save)}.")
    if isinstance(async_save, str) and async_save not in ("process", "thread"):
        raise ValueError("For 'save_checkpoint', the argument 'async_save' can only be 'process' "
                         f"or 'thread', but got {async_save}.")
    if enc_key is not None:
        raise ValueError("For 'save_checkpoint', graphc does not encrypt checkpoints: pass "
                         "enc_key=None.")
    if not isinstance(crc_check, bool):
        raise TypeError(f"For 'save_checkpoint', the 'crc_check' must be a bool, but got "
                        f"{type(crc_check).__name__}.")
    append = _check_append_dict(append_dict)
    entries: list[tuple[str, Any]]
    if isinstance(save_obj, Cell):
        entries = [(p.name, p) for _, p in save_obj.parameters_and_names()
                   if choice_func is None or choice_func(p.name)]
    elif isinstance(save_obj, list):
        entries = _entries_of_list(save_obj, choice_func)
    else:
        entries = _entries_of_dict(save_obj, choice_func)
    for key, value in (append or {}).items():
        entries.append((key, value if isinstance(value, (str, Tensor)) else Tensor(value)))
    # the last entry of a name wins, keeping the first position (MindSpore's OrderedDict)
    merged: OrderedDict[str, Any] = OrderedDict()
    for key, value in entries:
        merged[key] = value
    blobs = [blob for key, value in merged.items() for blob in _encode(key, value)]
    _write(path, blobs, crc_check)


def _write(path: str, blobs: list[bytes], crc_check: bool) -> None:
    root, _ = os.path.splitext(path)
    tmp = f"{root}.{os.getpid()}.tmp"  # this process's own: ranks saving one path never collide
    if os.path.exists(tmp):
        os.chmod(tmp, stat.S_IWUSR)
        os.remove(tmp)
    crc = 0
    with open(tmp, "wb") as f:
        for blob in blobs:
            if crc_check:
                crc = binascii.crc32(blob, crc)
            f.write(blob)
        if crc_check:
            f.write(_CRC_TAG + crc.to_bytes(10, byteorder="big"))
    os.chmod(tmp, stat.S_IRUSR)
    os.replace(tmp, path)  # one step: a reader sees the old file or the new one, never a part


# ---------------------------------------------------------------------------- loading
def _check_prefix(prefix: Any) -> tuple[str, ...] | None:
    if prefix is None:
        return None
    if not isinstance(prefix, (str, list, tuple)):
        raise TypeError("For 'load_checkpoint', the type of 'specify_prefix' or 'filter_prefix' "
                        f"must be string, list[string] or tuple[string], but got {type(prefix)}.")
    if isinstance(prefix, str):
        prefix = (prefix,)
    if not prefix:
        raise ValueError("For 'load_checkpoint', the argument 'specify_prefix' or 'filter_prefix' "
                         "can't be empty when 'specify_prefix' or 'filter_prefix' is list or "
                         "tuple.")
    for index, pre in enumerate(prefix):
        if not isinstance(pre, str):
            raise TypeError("For 'load_checkpoint', when 'specify_prefix' or 'filter_prefix' is "
                            "list or tuple, the element in it must be string, but got "
                            f"{type(pre)} at index {index}.")
        if pre == "":
            raise ValueError("For 'load_checkpoint', the value of 'specify_prefix' or "
                             "'filter_prefix' can't include ''.")
    return tuple(prefix)


def _wanted(name: str, specify: tuple[str, ...] | None, filter_: tuple[str, ...] | None,
            choice_func: Callable[[str], bool] | None) -> bool:
    if specify and not any(name.startswith(p) for p in specify):
        return False
    if filter_ and any(name.startswith(p) for p in filter_):
        return False
    if specify is None and filter_ is None and choice_func is not None:
        return bool(choice_func(name))
    return True


def _read_message(path: str, crc_check: bool) -> Any:
    size = os.path.getsize(path)
    if size > MAX_CHECKPOINT_BYTES:
        raise ValueError(f"For 'load_checkpoint', the checkpoint file {path} is {size} bytes, "
                         f"more than a .ckpt file can hold ({MAX_CHECKPOINT_BYTES} bytes).")
    try:
        with open(path, "rb") as f:
            content = f.read()
    except OSError as exc:
        raise ValueError(f"Failed to read the checkpoint file {path}. May not have permission to "
                         f"read it, please check the correct of the file. ({exc})") from exc
    if content[-_CRC_TRAILER:-10] == _CRC_TAG:
        stored = int.from_bytes(content[-10:], byteorder="big")
        content = content[:-_CRC_TRAILER]
        if crc_check and binascii.crc32(content, 0) != stored:
            raise ValueError("For 'load_checkpoint', the crc check is failed, please check "
                             f"whether the ckpt file {path} is damaged.")
    elif crc_check:
        warnings.warn(f"For 'load_checkpoint', the ckpt file {path} does not contain the crc "
                      "code, please check the file.", stacklevel=3)
    message = Checkpoint()
    try:
        message.ParseFromString(content)
    except DecodeError as exc:
        raise ValueError(f"Failed to read the checkpoint file {path}. The file may be corrupted, "
                         f"and the content cannot be parsed. ({exc})") from exc
    return message


def _decode(path: str, tag: str, dims: list[int], type_name: str, content: bytes) -> Any:
    """The Parameter (or str) one checkpoint entry holds; ValueError naming the file and
    the parameter when the entry is not a valid tensor."""
    where = f"the parameter '{tag}' in the checkpoint file {path}"
    if type_name == "str":
        if len(content) % 4:
            raise ValueError(f"For 'load_checkpoint', {where} is a string of {len(content)} bytes, "
                             "not a multiple of 4 (UTF-32).")
        try:
            return content.decode("utf-32-le").rstrip("\x00")
        except UnicodeDecodeError as exc:
            raise ValueError(f"For 'load_checkpoint', {where} is not a valid string: "
                             f"{exc}.") from exc
    if type_name != _BFLOAT16 and type_name not in _TENSOR_TYPES:
        raise ValueError(f"For 'load_checkpoint', {where} has tensor_type {type_name!r}, which "
                         f"graphc cannot load (known: {sorted(_TENSOR_TYPES) + [_BFLOAT16]}).")
    if dims == [0]:
        dims = []
    if len(dims) > _MAX_NDIM or any(d < 0 for d in dims):
        raise ValueError(f"For 'load_checkpoint', {where} has invalid dims {dims}.")
    itemsize = 2 if type_name == _BFLOAT16 else _TENSOR_TYPES[type_name][0].itemsize
    expected = math.prod(dims) * itemsize
    if expected != len(content):
        raise ValueError(f"For 'load_checkpoint', {where} has dims {dims} of {type_name}, which "
                         f"need {expected} bytes, but the file holds {len(content)}.")
    if type_name == _BFLOAT16:
        half = np.frombuffer(content, dtype="<u2").astype(np.uint32) << 16
        array = half.view(np.float32).reshape(dims)
    else:
        array = np.frombuffer(content, dtype=_TENSOR_TYPES[type_name][0]).reshape(dims)
        array = array.astype(_TENSOR_TYPES[type_name][1].np_dtype)
    return Parameter(Tensor(array), name=tag)


def _parse(path: str, specify: tuple[str, ...] | None, filter_: tuple[str, ...] | None,
           choice_func: Callable[[str], bool] | None, crc_check: bool) -> dict[str, Any]:
    values = _read_message(path, crc_check).value
    out: dict[str, Any] = {}
    pending: list[bytes] = []
    for i, entry in enumerate(values):
        # proto2 strings are not checked as UTF-8: invalid bytes come back as `bytes`
        if not isinstance(entry.tag, str) or (entry.HasField("tensor")
                                              and not isinstance(entry.tensor.tensor_type, str)):
            raise ValueError(f"Failed to read the checkpoint file {path}. The file may be "
                             f"corrupted: the name or type of entry {i} is not valid UTF-8 "
                             f"({entry.tag!r}).")
        if not _wanted(entry.tag, specify, filter_, choice_func):
            continue
        if not entry.HasField("tensor"):
            raise ValueError(f"For 'load_checkpoint', the parameter '{entry.tag}' in the "
                             f"checkpoint file {path} is a MapParameter, which graphc cannot load.")
        pending.append(entry.tensor.tensor_content)
        last = i == len(values) - 1 or values[i + 1].tag != entry.tag
        if last:
            content = b"".join(pending)
            pending.clear()
            out[entry.tag] = _decode(path, entry.tag, list(entry.tensor.dims),
                                     entry.tensor.tensor_type, content)
    return out


def load_checkpoint(ckpt_file_name: str, net: Cell | None = None, strict_load: bool = False,
                    filter_prefix: Any = None, dec_key: bytes | None = None,
                    dec_mode: str = "AES-GCM", specify_prefix: Any = None,
                    choice_func: Callable[[str], bool] | None = None, crc_check: bool = False,
                    remove_redundancy: bool = False, format: str = "ckpt") -> dict[str, Any]:
    """The parameters of a `.ckpt` file as a dict name -> Parameter (str for string entries of
    `append_dict`), loaded into `net` too when given (see `load_param_into_net`).

    `specify_prefix` keeps only names starting with one of its prefixes, `filter_prefix`
    drops those; when neither is given, `choice_func(name)` decides. The whole file is read
    and checked before `net` is touched."""
    specify = _check_prefix(specify_prefix)
    filter_ = _check_prefix(filter_prefix)
    if dec_key is not None:
        raise ValueError("For 'load_checkpoint', graphc does not decrypt checkpoints: pass "
                         "dec_key=None.")
    if not isinstance(dec_mode, str):
        raise TypeError(f"For 'load_checkpoint', the 'dec_mode' must be a str, but got "
                        f"{type(dec_mode).__name__}.")
    for name, flag in (("crc_check", crc_check), ("remove_redundancy", remove_redundancy)):
        if not isinstance(flag, bool):
            raise TypeError(f"For 'load_checkpoint', the '{name}' must be a bool, but got "
                            f"{type(flag).__name__}.")
    if format != "ckpt":
        raise ValueError(f"For 'load_checkpoint', graphc reads only the 'ckpt' format, but got "
                         f"format={format!r}.")
    if not isinstance(ckpt_file_name, str):
        raise TypeError("For 'load_checkpoint', the argument 'ckpt_file_name' must be string, but "
                        f"got {type(ckpt_file_name)}.")
    if not ckpt_file_name.endswith("ckpt"):
        raise ValueError("For 'load_checkpoint', the checkpoint file format must same with "
                         f"'format', but got file_name:'{ckpt_file_name}', format:'ckpt'")
    path = os.path.realpath(ckpt_file_name)
    if not os.path.isfile(path):
        raise ValueError(f"For 'load_checkpoint', the checkpoint file: {path} does not exist, "
                         "please check whether the 'ckpt_file_name' is correct.")
    parameter_dict = _parse(path, specify, filter_, choice_func, crc_check)
    if not parameter_dict:
        raise ValueError("The loaded parameter dict is empty after filter or specify, please "
                         "check whether 'filter_prefix' or 'specify_prefix' are set correctly.")
    if net is not None:
        _load_into_net(net, parameter_dict, strict_load, source=path)
    return parameter_dict


# ---------------------------------------------------------------------------- into a network
def _check_load_args(net: Any, parameter_dict: Any, strict_load: Any) -> None:
    if not isinstance(net, Cell):
        raise TypeError("For 'load_param_into_net', the argument 'net' should be a Cell, but got "
                        f"{type(net)}.")
    if not isinstance(parameter_dict, dict):
        raise TypeError("For 'load_param_into_net', the argument 'parameter_dict' should be a "
                        f"dict, but got {type(parameter_dict)}.")
    for key, value in parameter_dict.items():
        if not isinstance(key, str) or not isinstance(value, (Parameter, str, list)):
            raise TypeError("For 'parameter_dict', the element in the argument 'parameter_dict' "
                            "should be a 'str' and 'Parameter' , but got "
                            f"{type(key)} and {type(value)}.")
    if not isinstance(strict_load, bool):
        raise TypeError(f"For 'load_param_into_net', the 'strict_load' must be a bool, but got "
                        f"{type(strict_load).__name__}.")


def _new_value(param: Parameter, new: Parameter, strict_load: bool, source: str) -> np.ndarray:
    """The array `param` would take from `new`, after MindSpore's checks (RuntimeError)."""
    where = f" (from the checkpoint file {source})" if source else ""
    value = new.asnumpy()
    if value.shape != param.shape:
        extra = value.shape[len(param.shape):]
        # MindSpore drops trailing 1-dims: (12, 2048, 1, 1) loads into (12, 2048)
        if not (len(value.shape) > len(param.shape) and all(d == 1 for d in extra)
                and value.shape[:len(param.shape)] == tuple(param.shape)):
            raise RuntimeError(
                f"For 'load_param_into_net', {param.name} in the argument 'net' should have the "
                f"same shape as {param.name} in the argument 'parameter_dict'. But got its shape "
                f"{tuple(param.shape)} in the argument 'net' and shape {value.shape} in the "
                f"argument 'parameter_dict'{where}. May you need to check whether the checkpoint "
                "you loaded is correct or the batch size and so on in the 'net' and "
                "'parameter_dict' are same.")
        value = value.reshape(param.shape)
    if new.dtype is not param.dtype:
        pair = {param.dtype.short, new.dtype.short}
        if strict_load or not (pair <= _FLOAT_TYPES or pair <= _INT_TYPES):
            raise RuntimeError(
                f"For 'load_param_into_net', {param.name} in the argument 'net' should have the "
                f"same type as {param.name} in the argument 'parameter_dict'. but got its type "
                f"{param.dtype} in the argument 'net' and type {new.dtype} in the argument "
                f"'parameter_dict'{where}. May you need to check whether the checkpoint you "
                "loaded is correct.")
        value = value.astype(param.dtype.np_dtype)
    return value


def _plan(net: Cell, parameter_dict: dict[str, Any], strict_load: bool, source: str
          ) -> tuple[list[tuple[Parameter, np.ndarray]], list[str], list[str]]:
    """The assignments MindSpore's load_param_into_net makes, and its two lists."""
    updates: list[tuple[Parameter, np.ndarray]] = []
    param_not_load: list[str] = []
    ckpt_not_load = list(parameter_dict)
    params = [p for _, p in net.parameters_and_names()]
    for param in params:
        if param.name in parameter_dict:
            new = parameter_dict[param.name]
            if not isinstance(new, Parameter):  # a string entry: nothing to load
                continue
            updates.append((param, _new_value(param, new, strict_load, source)))
            ckpt_not_load.remove(param.name)
        elif not param.name.startswith("accu_grads"):
            param_not_load.append(param.name)
    if param_not_load and not strict_load:
        updates += _plan_prefixed(params, parameter_dict, param_not_load, strict_load, source)
    return updates, param_not_load, ckpt_not_load


def _plan_prefixed(params: list[Parameter], parameter_dict: dict[str, Any],
                   param_not_load: list[str], strict_load: bool, source: str
                   ) -> list[tuple[Parameter, np.ndarray]]:
    """MindSpore's second pass: a checkpoint name that ends with a parameter's name gives a
    prefix ('backbone.' for 'backbone.dense.weight'); parameters found under that prefix load.
    Repeats while it finds new prefixes. Removes what it loads from `param_not_load`."""
    updates = []
    prefix = ""
    longest = param_not_load[0]
    while prefix != longest and param_not_load:
        prefix = longest
        for name in param_not_load:
            for dict_name in parameter_dict:
                if dict_name.endswith(name):
                    prefix = dict_name[:-len(name)]
                    break
            if prefix != longest:
                break
        if prefix != longest:
            for param in params:
                full = prefix + param.name
                if param.name in param_not_load and full in parameter_dict:
                    new = parameter_dict[full]
                    if isinstance(new, Parameter):
                        updates.append((param, _new_value(param, new, strict_load, source)))
                    param_not_load.remove(param.name)
    return updates


def _load_into_net(net: Cell, parameter_dict: dict[str, Any], strict_load: bool,
                   source: str = "") -> tuple[list[str], list[str]]:
    _check_load_args(net, parameter_dict, strict_load)
    updates, param_not_load, ckpt_not_load = _plan(net, parameter_dict, strict_load, source)
    for param, value in updates:  # every check passed: now assign
        param.set_data(Tensor(value))
    return param_not_load, ckpt_not_load


def load_param_into_net(net: Cell, parameter_dict: dict[str, Any], strict_load: bool = False,
                        remove_redundancy: bool = False) -> tuple[list[str], list[str]]:
    """Copy `parameter_dict`'s values into `net`'s Parameters of the same names and return
    `(param_not_load, ckpt_not_load)`: the network's parameter names that got no value, and the
    dict's names that went into no parameter (MindSpore 2.x's pair).

    Without `strict_load`, float/float and int/int dtype differences are converted, and names
    under a common prefix ('backbone.' + name) are matched as MindSpore matches them. A shape
    or dtype mismatch is a RuntimeError naming the parameter, raised before anything is
    assigned."""
    if not isinstance(remove_redundancy, bool):
        raise TypeError(f"For 'load_param_into_net', the 'remove_redundancy' must be a bool, but "
                        f"got {type(remove_redundancy).__name__}.")
    return _load_into_net(net, parameter_dict, strict_load)


__all__ = ["save_checkpoint", "load_checkpoint", "load_param_into_net", "MAX_CHECKPOINT_BYTES"]
