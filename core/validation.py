"""Model validation turned into the domain's ValidationFailed, with the API's camelCase field names."""

from django.core.exceptions import NON_FIELD_ERRORS
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Field, Model

from core.errors import ValidationFailed


def camel_case(name: str) -> str:
    first, *rest = name.split("_")
    return first + "".join(part.capitalize() for part in rest)


def full_clean_or_raise(instance, **options) -> None:
    """instance.full_clean(**options); the first field's messages become a ValidationFailed."""
    try:
        instance.full_clean(**options)
    except DjangoValidationError as error:
        field, messages = next(iter(error.message_dict.items()))
        raise ValidationFailed(
            " ".join(messages), field=None if field == NON_FIELD_ERRORS else camel_case(field)
        ) from error


def max_length(model: type[Model], name: str) -> int:
    """The max_length of a model's text field, for the checks a service makes before it writes."""
    field = model._meta.get_field(name)
    assert isinstance(field, Field) and field.max_length is not None, name
    return field.max_length
