"""The package's own data, held as its checked models, read back without checking it a second time.

Reference data and the assumption library ship as YAML and are checked by their pydantic models when read.
Building the models' validators would otherwise be about a third of a command's start-up, so beside the YAML the
package ships the checked result (``*.model.json``: the model as JSON and the SHA-256 of every YAML file
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
    for name, alias, convert in _fields(cls):
        key = name if name in data else alias
        if key is not None and key in data:
            values[name] = convert(data[key])
    return cls.model_construct(**values)


_FIELDS: dict[type, list[tuple[str, str | None, Callable[[Any], Any]]]] = {}


def _fields(cls: type[BaseModel]) -> list[tuple[str, str | None, Callable[[Any], Any]]]:
    """Each field of ``cls``: its name, its alias and how to turn its JSON back into its type (worked out once)."""
    plan = _FIELDS.get(cls)
    if plan is None:
        plan = [(name, field.alias, _converter(field.annotation, f"{cls.__name__}.{name}"))
                for name, field in cls.model_fields.items()]
        _FIELDS[cls] = plan
    return plan


def _is_model(tp: object) -> bool:
    return isinstance(tp, type) and issubclass(tp, BaseModel)


def _same(v: Any) -> Any:
    return v


def _converter(tp: Any, where: str) -> Callable[[Any], Any]:
    """How to turn a value of type ``tp``, as JSON holds it, back into that type (None stays None)."""
    if isinstance(tp, (str, typing.ForwardRef)):
        raise TypeError(f"{where}: the annotation {tp!r} is not resolved")
    origin = typing.get_origin(tp)
    args = typing.get_args(tp)
    if _is_model(tp):
        def one(v: Any) -> Any:
            return construct(tp, v)
    elif origin is typing.Annotated:
        return _converter(args[0], where)
    elif origin in (typing.Union, types.UnionType):
        options = [a for a in args if a is not type(None)]
        if len(options) == 1:
            return _converter(options[0], where)
        if any(_is_model(a) or typing.get_origin(a) is not None for a in options):
            raise TypeError(f"{where}: a union of {options} cannot be rebuilt without checking")
        one = _to_float if float in options and int not in options else _same
    elif origin is tuple and len(args) == 2 and args[1] is Ellipsis:
        item = _converter(args[0], where)

        def one(v: Any) -> Any:
            return tuple(item(x) for x in v)
    elif origin is tuple:
        items = [_converter(a, where) for a in args]

        def one(v: Any) -> Any:
            return tuple(f(x) for f, x in zip(items, v, strict=True))
    elif origin in (list, frozenset, set):
        item, kind = _converter(args[0], where), origin

        def one(v: Any) -> Any:
            return kind(item(x) for x in v)
    elif origin is dict:
        key, value = _converter(args[0], where), _converter(args[1], where)

        def one(v: Any) -> Any:
            return {key(k): value(x) for k, x in v.items()}
    elif tp is float:
        one = _to_float
    elif tp is int:
        one = _to_int
    else:  # str, bool, a Literal, Any
        one = _same

    def convert(v: Any) -> Any:
        return None if v is None else one(v)

    return convert


def _to_float(v: Any) -> Any:
    return float(v) if _whole(v) else v


def _to_int(v: Any) -> Any:
    return int(v) if isinstance(v, str) else v  # a JSON object's key


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
