"""The staff roles (api/roles.py): the migration that makes their groups, and staff_roles_sync."""

import importlib

import pytest
from django.apps import apps
from django.contrib.auth.models import Group

from api.roles import FINANCE, MANAGER, STAFF_ROLES, STOCK_CLERK, staff_roles_sync

# The latest migration that wrote the roles' table.
ROLES_MIGRATION = importlib.import_module("api.migrations.0004_staff_see_cart_refunds")


def _group_permissions() -> dict[str, set[str]]:
    return {
        group.name: {f"{p.content_type.app_label}.{p.codename}" for p in group.permissions.all()}
        for group in Group.objects.prefetch_related("permissions__content_type").filter(name__in=STAFF_ROLES)
    }


def test_the_migrations_roles_are_the_roles_the_code_describes():
    # A change to api/roles.py comes with a migration that brings the groups along.
    assert {name: sorted(perms) for name, perms in ROLES_MIGRATION.ROLES.items()} == {
        name: sorted(perms) for name, perms in STAFF_ROLES.items()
    }


@pytest.mark.django_db
def test_the_migration_makes_each_roles_group_with_exactly_its_permissions():
    Group.objects.filter(name__in=STAFF_ROLES).delete()
    stray = Group.objects.create(name="其他")

    ROLES_MIGRATION.make_roles(apps, None)

    assert _group_permissions() == {name: set(perms) for name, perms in STAFF_ROLES.items()}
    assert Group.objects.filter(pk=stray.pk).exists()


@pytest.mark.django_db
def test_sync_puts_back_what_a_group_lost_and_takes_away_what_it_gained():
    groups = {group.name: group for group in staff_roles_sync()}
    groups[FINANCE].permissions.clear()
    groups[STOCK_CLERK].permissions.add(*groups[MANAGER].permissions.all())

    staff_roles_sync()

    assert _group_permissions() == {name: set(perms) for name, perms in STAFF_ROLES.items()}
    assert sorted(Group.objects.filter(name__in=STAFF_ROLES).values_list("name", flat=True)) == sorted(
        STAFF_ROLES
    )


def test_no_role_may_touch_the_users_or_the_groups():
    # Who holds which role is the superuser's to say: no role edits users, groups or permissions.
    assert [
        (name, perm)
        for name, perms in STAFF_ROLES.items()
        for perm in perms
        if perm.startswith(("accounts.", "auth."))
    ] == []
