"""The mutation base: check permission, parse, call one service, map its errors (Saleor's shape).

Each mutation runs in its own savepoint, so a failure writes nothing, and answers a payload with its
object and `errors`; bad input never surfaces as an unhandled exception.
"""

import logging
from contextlib import nullcontext
from typing import ClassVar

import graphene
from django.db import DataError, IntegrityError, transaction

from api.core.errors import Error, ErrorCode, error_from_domain
from api.core.permissions import require_permission, require_superuser
from core.errors import DomainError

logger = logging.getLogger(__name__)


class BaseMutation(graphene.Mutation):
    errors = graphene.List(graphene.NonNull(Error), required=True, description="Empty when it worked.")

    class Meta:
        abstract = True

    # Staff-only unless a mutation says otherwise (then it checks its callers itself): the staff
    # member must hold every one of `permissions`, the model permissions the admin checks for the
    # same work. A staff-only mutation that names none is refused to all but superusers.
    staff_only: ClassVar[bool] = True
    permissions: ClassVar[tuple[str, ...]] = ()
    # Each mutation defines `perform(cls, info, **data)`: parse, call one service, return the payload.
    # A service's field name -> the input's name, where they differ (e.g. "shares" -> "agreement").
    error_fields: ClassVar[dict[str, str]] = {}
    # False where the service commits its own steps because they talk to Stripe: a refusal after a
    # refund went out must not roll back the record of it (checkoutComplete).
    atomic: ClassVar[bool] = True

    @classmethod
    def mutate(cls, root, info, **data):
        try:
            if cls.staff_only:
                if cls.permissions:
                    require_permission(info, *cls.permissions)
                else:
                    require_superuser(info)
            with transaction.atomic() if cls.atomic else nullcontext():
                payload = cls.perform(info, **data)
        except DomainError as error:
            return cls(errors=[error_from_domain(error, fields=cls.error_fields)])
        except IntegrityError:
            # A race past the services' own checks (two creates of one SKU at once): the unique
            # index held and the savepoint was rolled back.
            logger.info("%s hit a database constraint", cls.__name__, exc_info=True)
            return cls(
                errors=[Error(field=None, code=ErrorCode.UNIQUE, message="This clashes with existing data.")]
            )
        except DataError:
            logger.info("%s sent a value the database refused", cls.__name__, exc_info=True)
            return cls(errors=[Error(field=None, code=ErrorCode.INVALID, message="A value is out of range.")])
        if payload.errors is None:
            payload.errors = []
        return payload
