"""Validators for pack records that check exactly what the models check, without building them.

Ingesting a large pack validates millions of records; constructing a pydantic model for each
costs more than the validation itself. `record_adapter(Model)` validates against a TypedDict
twin of the model (derived from it, not written twice: same fields, same constraints, nested
models replaced by their twins, enums by literals of their values, unknown fields forbidden,
strict types) and yields plain dicts.
"""

from __future__ import annotations

from enum import Enum
from functools import cache
from typing import Annotated, Any, Literal, NotRequired, Union, get_args, get_origin

from pydantic import BaseModel, ConfigDict, TypeAdapter
from typing_extensions import TypedDict

# Strict: a JSON string is not an integer and 4.0 is not a count; what passes is exactly
# what the typed readers load, with nothing coerced on the way; no Infinity or NaN either.
_RECORD_CONFIG = ConfigDict(extra="forbid", strict=True, allow_inf_nan=False)


@cache
def typeddict_twin(model: type[BaseModel]) -> Any:
    """A TypedDict with the model's fields; fields with defaults are NotRequired."""
    fields: dict[str, Any] = {}
    for name, info in model.model_fields.items():
        annotation = _twin_annotation(info.rebuild_annotation())
        fields[name] = annotation if info.is_required() else NotRequired[annotation]
    twin: Any = TypedDict(f"{model.__name__}Record", fields)  # type: ignore[misc]
    setattr(twin, "__pydantic_config__", _RECORD_CONFIG)  # noqa: B010  (pydantic reads it from the class)
    return twin


def _twin_annotation(annotation: Any) -> Any:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return typeddict_twin(annotation)
    if isinstance(annotation, type) and issubclass(annotation, Enum):
        return Literal[tuple(member.value for member in annotation)]  # the same values, as str
    origin, args = get_origin(annotation), get_args(annotation)
    if not args:
        return annotation
    if origin is Annotated:
        return Annotated[(_twin_annotation(args[0]), *annotation.__metadata__)]
    twins = tuple(_twin_annotation(arg) for arg in args)
    if origin is Union or type(annotation).__name__ == "UnionType":
        return Union[twins]  # noqa: UP007
    return origin[twins] if len(twins) > 1 else origin[twins[0]]


@cache
def record_adapter(model: type[BaseModel]) -> TypeAdapter[list[dict[str, Any]]]:
    """Validates a JSON array of records of `model`."""
    return TypeAdapter(list[typeddict_twin(model)])  # type: ignore[misc,arg-type]


@cache
def line_adapter(model: type[BaseModel]) -> TypeAdapter[dict[str, Any]]:
    """Validates one JSON Lines line: exactly one record of `model`, columns as in the file."""
    return TypeAdapter(typeddict_twin(model))
