"""Model validation turned into the domain's ValidationFailed, with the API's camelCase field names."""

from django.core.exceptions import NON_FIELD_ERRORS
from django.core.exceptions import ValidationError as DjangoValidationError

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
