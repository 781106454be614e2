"""The GraphQL schema: each domain's queries and mutations, composed (Saleor's names where it has them)."""

import graphene

from api.accounts.schema import AccountMutations, AccountQueries
from api.artisans.schema import ArtisanMutations, ArtisanQueries
from api.catalog.schema import CatalogMutations, CatalogQueries
from api.checkout.schema import CheckoutMutations, CheckoutQueries
from api.core.permissions import guard_readable_types
from api.inventory.schema import InventoryMutations, InventoryQueries
from api.ledger.schema import LedgerMutations, LedgerQueries
from api.pos.schema import PosMutations, PosQueries
from api.workbench.schema import WorkbenchMutations, WorkbenchQueries


# graphene lists the fields of the last base first: accounts, artisans, catalogue, checkout,
# inventory, pos, ledger, workbench.
class Query(
    WorkbenchQueries,
    LedgerQueries,
    PosQueries,
    InventoryQueries,
    CheckoutQueries,
    CatalogQueries,
    ArtisanQueries,
    AccountQueries,
    graphene.ObjectType,
):
    pass


class Mutation(
    WorkbenchMutations,
    LedgerMutations,
    PosMutations,
    InventoryMutations,
    CheckoutMutations,
    CatalogMutations,
    ArtisanMutations,
    AccountMutations,
    graphene.ObjectType,
):
    pass


schema = graphene.Schema(query=Query, mutation=Mutation)
# Payouts, balances, statements and the books check their reader in each of their fields, wherever
# a query reaches them from (api/core/permissions.py).
guard_readable_types(schema)
