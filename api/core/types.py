"""Small types every domain shares: Money (integer fen, never a float) and Image (a sized URL)."""

import graphene

from api.core.scalars import Fen
from core.i18n import localized
from core.money import CURRENCY, format_fen


class Money(graphene.ObjectType):
    amount_fen = Fen(required=True, description="The amount in fen (1/100 yuan).")
    currency = graphene.String(required=True, description="ISO 4217 code, e.g. CNY.")
    amount = graphene.String(required=True, description='The amount in yuan as a decimal, e.g. "128.00".')
    formatted = graphene.String(required=True, description='For display, e.g. "¥1,280.00".')

    @staticmethod
    def of(amount_fen: int, currency: str = CURRENCY) -> "Money":
        return Money(amount_fen=amount_fen, currency=currency)

    @staticmethod
    def resolve_amount(root, info):
        return format_fen(root.amount_fen, symbol="").replace(",", "")

    @staticmethod
    def resolve_formatted(root, info):
        return format_fen(root.amount_fen)


class Image(graphene.ObjectType):
    """An image at a given width: the smallest thumbnail at least that wide (the original until the
    thumbnails are made)."""

    url = graphene.String(required=True)
    alt = graphene.String(required=True)

    @staticmethod
    def of(info, image, size: int | None) -> "Image":
        url = image.thumbnail_url(size) if size else image.file.url
        return Image(url=info.context.build_absolute_uri(url), alt=localized(image, "alt"))
