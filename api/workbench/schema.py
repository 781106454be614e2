"""The staff's workbench over GraphQL: the restock plan (docs/restock.md), so a script or another
client can plan the carts' transfers as the restock page does."""

import graphene

from api.core.permissions import query_requires_permission
from api.workbench.front_page import StaffHome, resolve_staff_home
from api.workbench.mutations.restock_target_set import RestockTargetSet
from api.workbench.reports import resolve_sales_report, sales_report_field
from workbench.restock import restock_plan_for_page

PLAN_TRANSFERS = "inventory.add_transfer"


class RestockSuggestion(graphene.ObjectType):
    sku = graphene.String(required=True)
    product_name = graphene.String(required=True)
    sold = graphene.Int(required=True, description="Sold at this cart in the last 28 days, net of returns.")
    on_hand = graphene.Int(required=True, description="Held at the cart, less what is allocated.")
    # Not "inTransit": that name is an artisan's money on its way (tests/api/test_readable_types.py).
    pieces_in_transit = graphene.Int(required=True)
    forecast = graphene.Float(
        required=True, description="Pieces expected to sell over the cart's days of cover."
    )
    quantity = graphene.Int(required=True, description="Pieces to send from the base.")
    one_of_a_kind = graphene.Boolean(required=True, description="Sent where its category sells best.")

    @staticmethod
    def resolve_sku(root, info):
        return root.variant.sku

    @staticmethod
    def resolve_product_name(root, info):
        return root.variant.product.name_zh

    @staticmethod
    def resolve_pieces_in_transit(root, info):
        return root.in_transit

    @staticmethod
    def resolve_forecast(root, info):
        return round(float(root.forecast), 2)

    @staticmethod
    def resolve_one_of_a_kind(root, info):
        return root.unique


class RestockCartPlan(graphene.ObjectType):
    cart_code = graphene.String(required=True)
    cart_name = graphene.String(required=True)
    cover_days = graphene.Int(required=True)
    pieces = graphene.Int(required=True)
    suggestions = graphene.List(graphene.NonNull(RestockSuggestion), required=True)

    @staticmethod
    def resolve_cart_code(root, info):
        return root.cart.code

    @staticmethod
    def resolve_cart_name(root, info):
        return root.cart.name_zh


class WorkbenchQueries(graphene.ObjectType):
    restock_suggestions = graphene.List(
        graphene.NonNull(RestockCartPlan),
        cart=graphene.String(description="A cart's code: its plan only."),
        description="Per active cart, the pieces to send from the base (docs/restock.md). Staff with "
        "inventory.add_transfer only.",
    )

    sales_report = sales_report_field()
    staff_home = graphene.Field(
        StaffHome,
        required=True,
        description="What needs doing today, as the admin's front page shows it (each block null for "
        "staff who may not see it). Active staff only.",
    )

    @staticmethod
    def resolve_staff_home(root, info):
        return resolve_staff_home(info)

    @staticmethod
    def resolve_sales_report(root, info, group_by, period):
        return resolve_sales_report(info, group_by, period)

    @staticmethod
    def resolve_restock_suggestions(root, info, cart=None):
        query_requires_permission(info, PLAN_TRANSFERS)
        plans = restock_plan_for_page()
        return [plan for plan in plans if cart is None or plan.cart.code == cart]


class WorkbenchMutations(graphene.ObjectType):
    restock_target_set = RestockTargetSet.Field()
