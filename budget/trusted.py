"""The package's own data, held as its checked models, read back without checking it a second time.

Reference data and the assumption library ship as YAML and are checked by their pydantic models when read.
Building a model's validator is what most of a command's start-up would otherwise be spent on, so beside the
YAML the package ships the checked result (``*.model.json``: the model as JSON and the SHA-256 of every YAML file
it was made from). ``cached`` returns the model built from that form with ``model_construct`` (no validator is
built or run) only when the digest is that of the YAML files read now; otherwise, or when the form is missing or
unreadable, it builds the model from the YAML, checked, as before. The tests build every shipped model both ways
and require them to be equal, field for field and type for type, so a change to a model's checks or to the
code that builds it is caught there; ``python -m scenarios.package_data`` writes the forms afresh.

``construct`` is for data this package made itself; a file a user gives is always checked.
"""

from __future__ import annotations

import hashlib
import json
import types
import typing
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel

M = TypeVar("M", bound=BaseModel)
MODEL_SUFFIX = ".model.json"


def construct(cls: type[M], data: dict) -> M:
    """An instance of ``cls`` from ``cls.model_dump(mode="json")`` output, made without validation.

    Each field is turned back into the type its annotation names (nested models, tuples, lists, dicts,
    optional values; a whole number for a float field becomes a float), as validation would make it.
    Raises TypeError for a field it cannot rebuild unambiguously (a union of two models, a forward reference).
    """
    if isinstance(data, cls):
        return data
    if not isinstance(data, dict):
        raise TypeError(f"{cls.__name__}: expected an object, got {type(data).__name__}")
    values = {}
    for name, field in cls.model_fields.items():
        key = name if name in data else field.alias
        if key is not None and key in data:
            values[name] = _value(field.annotation, data[key], f"{cls.__name__}.{name}")
    return cls.model_construct(**values)


def _is_model(tp: object) -> bool:
    return isinstance(tp, type) and issubclass(tp, BaseModel)


def _value(tp: Any, v: Any, where: str) -> Any:
    if v is None:
        return None
    if isinstance(tp, (str, typing.ForwardRef)):
        raise TypeError(f"{where}: the annotation {tp!r} is not resolved")
    if _is_model(tp):
        return construct(tp, v)
    origin = typing.get_origin(tp)
    args = typing.get_args(tp)
    if origin is typing.Annotated:
        return _value(args[0], v, where)
    if origin in (typing.Union, types.UnionType):
        options = [a for a in args if a is not type(None)]
        if len(options) == 1:
            return _value(options[0], v, where)
        models = [a for a in options if _is_model(a) or typing.get_origin(a) is not None]
        if models:
            raise TypeError(f"{where}: a union of {options} cannot be rebuilt without checking")
        return float(v) if float in options and int not in options and _whole(v) else v
    if origin is tuple:
        if len(args) == 2 and args[1] is Ellipsis:
            return tuple(_value(args[0], x, where) for x in v)
        return tuple(_value(a, x, where) for a, x in zip(args, v, strict=True))
    if origin is list:
        return [_value(args[0], x, where) for x in v]
    if origin in (frozenset, set):
        return origin(_value(args[0], x, where) for x in v)
    if origin is dict:
        return {_value(args[0], k, where): _value(args[1], x, where) for k, x in v.items()}
    if origin is typing.Literal or tp is Any:
        return v
    if tp is float and _whole(v):
        return float(v)
    if tp is int and isinstance(v, str):
        return int(v)  # a JSON object's key
    return v


def _whole(v: Any) -> bool:
    return isinstance(v, int) and not isinstance(v, bool)


def digest(paths: Iterable[Any]) -> str:
    """The SHA-256 of the files' names and texts, in order (paths or importlib.resources files)."""
    h = hashlib.sha256()
    for p in paths:
        h.update(p.name.encode("utf-8") + b"\0" + p.read_bytes() + b"\0")
    return h.hexdigest()


def cached(cls: type[M], form: Any, sources: Iterable[Any], build: Callable[[], M]) -> M:
    """The model in the shipped form ``form`` when it was made from exactly ``sources``, else ``build()``."""
    sources = list(sources)
    try:
        shipped = json.loads(form.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        shipped = None
    if isinstance(shipped, dict) and "model" in shipped and shipped.get("sources_sha256") == digest(sources):
        try:
            return construct(cls, shipped["model"])
        except (TypeError, ValueError, KeyError, AttributeError):
            pass  # a form this code cannot read: build it from the YAML, checked
    return build()


def form_text(model: BaseModel, sources: Iterable[Any]) -> str:
    """The shipped form of a model made from ``sources``: its digest and the model as JSON."""
    body = {"sources_sha256": digest(sources), "model": model.model_dump(mode="json")}
    return json.dumps(body, ensure_ascii=False, allow_nan=False, separators=(",", ":")) + "\n"


def write_form(path: Path, model: BaseModel, sources: Iterable[Any]) -> Path:
    """Write the shipped form of ``model`` to ``path``; the path written."""
    Path(path).write_text(form_text(model, sources), encoding="utf-8")
    return Path(path)
