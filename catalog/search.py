"""Text search over products: their names (Chinese and English), their category's names, their
variants' SKUs and their makers' Chinese and Latin names (docs/search.md).

Every word of the query must be found somewhere, as a case-insensitive substring: Chinese needs no
word segmentation that way ("其木格", "荷包" inside "刺绣荷包"). On PostgreSQL the substring tests use
pg_trgm's GIN indexes, and a Latin word of four letters or more also matches a word within trigram
tolerance ("galoping" finds "Galloping horse"). SQLite (the embedded demo) does the substring
match only. Results are ranked: an exact name, SKU or maker first, then names starting with the
query, then names containing it, then the rest (on PostgreSQL by trigram similarity).
"""

from django.contrib.postgres.search import TrigramWordSimilarity
from django.db import connection
from django.db.models import Case, Exists, IntegerField, OuterRef, Q, QuerySet, Value, When
from django.db.models.functions import Greatest

from catalog.models import Product, Variant

MAX_WORDS = 5
MAX_LENGTH = 100
FUZZY_MIN_LENGTH = 4  # shorter words have too few trigrams to tell a typo from another word


def search_words(term: str) -> list[str]:
    return term[:MAX_LENGTH].split()[:MAX_WORDS]


def _fuzzy(word: str) -> bool:
    """Trigram tolerance for Latin words only: a Chinese typo is a wrong homophone from the input
    method, which shares no trigrams with the right one."""
    return connection.vendor == "postgresql" and word.isascii() and len(word) >= FUZZY_MIN_LENGTH


def _word_found(word: str) -> Q:
    in_variants = Q(sku__icontains=word) | Q(artisan__name_zh__icontains=word)
    in_variants |= Q(artisan__name_latin__icontains=word)
    found = (
        Q(name_zh__icontains=word)
        | Q(name_en__icontains=word)
        | Q(category__name_zh__icontains=word)
        | Q(category__name_en__icontains=word)
    )
    if _fuzzy(word):
        in_variants |= Q(artisan__name_latin__trigram_word_similar=word)
        found |= Q(name_en__trigram_word_similar=word) | Q(category__name_en__trigram_word_similar=word)
    return found | Q(Exists(Variant.objects.filter(in_variants, product=OuterRef("pk"))))


def products_matching(products: QuerySet[Product], *, term: str) -> QuerySet[Product]:
    """The products with every word of the term somewhere (all of them for a blank term)."""
    for word in search_words(term):
        products = products.filter(_word_found(word))
    return products


def with_search_rank(products: QuerySet[Product], *, term: str) -> QuerySet[Product]:
    """Annotates search_rank (0 best) and, on PostgreSQL, search_similarity (higher better), for
    ordering by relevance: order_by(*RELEVANCE)."""
    phrase = " ".join(search_words(term))
    exact_variant = Variant.objects.filter(product=OuterRef("pk")).filter(
        Q(sku__iexact=phrase) | Q(artisan__name_zh__iexact=phrase) | Q(artisan__name_latin__iexact=phrase)
    )
    products = products.annotate(
        search_rank=Case(
            When(Q(name_zh__iexact=phrase) | Q(name_en__iexact=phrase), then=Value(0)),
            When(Exists(exact_variant), then=Value(0)),
            When(Q(name_zh__istartswith=phrase) | Q(name_en__istartswith=phrase), then=Value(1)),
            When(Q(name_zh__icontains=phrase) | Q(name_en__icontains=phrase), then=Value(2)),
            default=Value(3),
            output_field=IntegerField(),
        )
    )
    if connection.vendor == "postgresql":
        products = products.annotate(
            search_similarity=Greatest(
                TrigramWordSimilarity(phrase, "name_zh"), TrigramWordSimilarity(phrase, "name_en")
            )
        )
    else:
        products = products.annotate(search_similarity=Value(0.0))
    return products


RELEVANCE = ("search_rank", "-search_similarity")
