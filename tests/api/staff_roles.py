"""Tokens of staff members in one role's group (api/roles.py), for the staff queries' tests."""

from django.contrib.auth.models import Group

from api.core.tokens import token_for
from tests import factories


def role_token(role: str, username: str) -> str:
    user = factories.StaffFactory(username=username, is_superuser=False)
    user.groups.add(Group.objects.get(name=role))
    return token_for(user)
