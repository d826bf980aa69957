"""The protobuf message of MindSpore's `.ckpt` files, built at import from a descriptor made here.

A checkpoint file is one serialized `Checkpoint` message (proto2):

    message Checkpoint {
      message Value {
        required string tag = 1;                       // the parameter's name
        oneof value { TensorProto tensor = 2; MapTensorProto maptensor = 3; }
      }
      repeated Value value = 1;
    }
    message TensorProto {
      repeated int64 dims = 1;
      required string tensor_type = 2;                 // "Float32", "Int64", "str", ...
      required bytes tensor_content = 3;               // C-order, little-endian
    }
    message MapTensorProto { repeated TensorProto tensor = 1; }

MindSpore writes each parameter as its own `Checkpoint` message (large ones in several slices
with the same tag) and concatenates them; protobuf's merge rules read the concatenation back as
one message. The classes live in a private descriptor pool, so they never clash with another
library's `checkpoint.proto`.
"""

from __future__ import annotations

from google.protobuf import descriptor_pb2, descriptor_pool, message_factory

_F = descriptor_pb2.FieldDescriptorProto


def _field(message: descriptor_pb2.DescriptorProto, name: str, number: int, label: int,
           ftype: int, type_name: str = "", oneof: int | None = None) -> None:
    f = message.field.add(name=name, number=number, label=label, type=ftype)
    if type_name:
        f.type_name = type_name
    if oneof is not None:
        f.oneof_index = oneof


def _file_descriptor() -> descriptor_pb2.FileDescriptorProto:
    fd = descriptor_pb2.FileDescriptorProto(name="checkpoint.proto", syntax="proto2")
    ckpt = fd.message_type.add(name="Checkpoint")
    _field(ckpt, "value", 1, _F.LABEL_REPEATED, _F.TYPE_MESSAGE, ".Checkpoint.Value")
    value = ckpt.nested_type.add(name="Value")
    value.oneof_decl.add(name="value")
    _field(value, "tag", 1, _F.LABEL_REQUIRED, _F.TYPE_STRING)
    _field(value, "tensor", 2, _F.LABEL_OPTIONAL, _F.TYPE_MESSAGE, ".TensorProto", oneof=0)
    _field(value, "maptensor", 3, _F.LABEL_OPTIONAL, _F.TYPE_MESSAGE, ".MapTensorProto", oneof=0)
    tensor = fd.message_type.add(name="TensorProto")
    _field(tensor, "dims", 1, _F.LABEL_REPEATED, _F.TYPE_INT64)
    _field(tensor, "tensor_type", 2, _F.LABEL_REQUIRED, _F.TYPE_STRING)
    _field(tensor, "tensor_content", 3, _F.LABEL_REQUIRED, _F.TYPE_BYTES)
    maptensor = fd.message_type.add(name="MapTensorProto")
    _field(maptensor, "tensor", 1, _F.LABEL_REPEATED, _F.TYPE_MESSAGE, ".TensorProto")
    return fd


_POOL = descriptor_pool.DescriptorPool()
_POOL.Add(_file_descriptor())

Checkpoint = message_factory.GetMessageClass(_POOL.FindMessageTypeByName("Checkpoint"))
TensorProto = message_factory.GetMessageClass(_POOL.FindMessageTypeByName("TensorProto"))

__all__ = ["Checkpoint", "TensorProto"]
