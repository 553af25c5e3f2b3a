"""The base every lowback model shares: frozen, strict about unknown fields."""

from typing import Annotated, Any, Self, TypeVar

from pydantic import BaseModel, ConfigDict, StringConstraints, ValidationError
from pydantic._internal._model_construction import ModelMetaclass

Slug = Annotated[
    str, StringConstraints(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$", min_length=1, max_length=64)
]
"""A lower-case, hyphenated identifier such as ``piriformis-roll``."""

Text = Annotated[str, StringConstraints(min_length=1, max_length=2000)]
"""A human-readable sentence; bounded so that a bad file cannot flood the terminal."""


class _RaisesOwnErrors(ModelMetaclass):
    # Calling the class (``Context(...)``) goes through the metaclass; nested
    # validation inside pydantic-core does not, so inner errors keep their paths.
    def __call__(cls, *args: Any, **kwargs: Any) -> Any:
        try:
            return super().__call__(*args, **kwargs)
        except ValidationError as exc:
            raise _invalid(cls.__name__, exc) from None


class Model(BaseModel, metaclass=_RaisesOwnErrors):
    """Frozen, ``extra='forbid'``; schemas are built on first use, not at import.

    Invalid data raises lowback's :class:`~lowback.errors.InvalidDataError`
    (:class:`~lowback.errors.ContextError` for a context), never pydantic's own
    error, so embedders catch one family of exceptions.
    """

    model_config = ConfigDict(frozen=True, extra="forbid", defer_build=True)

    @classmethod
    def model_validate(cls, obj: Any, *args: Any, **kwargs: Any) -> Self:
        """Validate ``obj``; raises :class:`~lowback.errors.InvalidDataError`."""
        try:
            return super().model_validate(obj, *args, **kwargs)
        except ValidationError as exc:
            raise _invalid(cls.__name__, exc) from None

    @classmethod
    def model_validate_json(cls, json_data: Any, *args: Any, **kwargs: Any) -> Self:
        """Validate JSON text; raises :class:`~lowback.errors.InvalidDataError`."""
        try:
            return super().model_validate_json(json_data, *args, **kwargs)
        except ValidationError as exc:
            raise _invalid(cls.__name__, exc) from None


M = TypeVar("M", bound=Model)


def build(cls: type[M], fields: dict[str, Any]) -> M:
    """``cls(**fields)``, validated by pydantic-core directly.

    The engine builds about twenty output models per recommendation; the class
    call goes through the metaclass and ``BaseModel.__init__`` first, which costs
    about as much again as the validation itself. Errors are lowback's, as with
    the class call.
    """
    try:
        return cls.__pydantic_validator__.validate_python(fields)  # type: ignore[no-any-return]
    except ValidationError as exc:
        raise _invalid(cls.__name__, exc) from None


def _invalid(model: str, exc: ValidationError) -> Exception:
    from ..errors import ContextError, InvalidDataError
    from ..validation import describe_errors

    errors = exc.errors(include_url=False)
    problems = list(describe_errors(errors, None))
    kind = ContextError if model == "Context" else InvalidDataError
    return kind(model, problems, errors)
