"""The API's error bodies, as `config/api.py` writes them and every operation declares them."""

from ninja import Field, Schema


class ErrorOut(Schema):
    code: str = Field(description="Stable, for programs: `unauthorized`, `forbidden`, `not_found`, `duplicate`…")
    message: str = Field(description="For people, in the request's language (`Accept-Language`: kk, ru or en).")


class ConflictOut(ErrorOut):
    """409: a business rule refused the request; nothing was changed."""

    field: str | None = Field(None, description="The input field the rule is about, when it is about one.")


class FieldErrorOut(Schema):
    field: str = Field(
        description="The field's name, dotted for nested ones (`codes.0`); empty or `body` for the whole body."
    )
    message: str = Field(description="What is wrong, in the request's language.")
    type: str = Field(description="The kind of error, for programs: `missing`, `string_too_long`, `value_error`…")


class ValidationErrorOut(ErrorOut):
    """422: the input does not fit the schema. `code` is `invalid`, or `control_characters` for text
    with invisible control characters (NUL…), refused before the operation runs."""

    errors: list[FieldErrorOut]
