"""The README's GraphQL session runs as written: its bash block, pointed at a live server holding the
demo's staff login and the Chaka cart, signs in and reads the cart's stock."""

import json
import re
import subprocess
from pathlib import Path

import pytest

from tests import factories
from tests.storefront.conftest import picture, shop  # noqa: F401 (the shop fixture and its helper)

pytestmark = pytest.mark.django_db(transaction=True)

README = Path(__file__).resolve().parent.parent / "README.md"


def graphql_session_block() -> str:
    text = README.read_text()
    found = re.search(r"A GraphQL session, as a client would do it.*?```bash\n(.*?)```", text, re.S)
    assert found, "the README has no GraphQL session block"
    return found.group(1)


def test_the_readme_graphql_session_runs_as_written(live_server, shop):  # noqa: F811
    staff = factories.StaffFactory(username="staff")
    staff.set_password("gongfang-staff")
    staff.save()
    host = live_server.url.removeprefix("http://")
    script = graphql_session_block().replace("localhost:8000", host)

    run = subprocess.run(
        ["bash", "-euo", "pipefail", "-c", script], capture_output=True, text=True, timeout=60
    )

    assert run.returncode == 0, run.stderr
    answer = json.loads(run.stdout)
    assert "errors" not in answer
    location = answer["data"]["location"]
    assert location["name"] == "茶卡盐湖零售车"
    stocks = {edge["node"]["variant"]["sku"]: edge["node"] for edge in location["stocks"]["edges"]}
    assert location["stocks"]["totalCount"] == 2
    assert stocks == {
        "PURSE-RED": {"quantity": 3, "available": 3, "variant": {"sku": "PURSE-RED"}},
        "SALT-HORSE": {"quantity": 1, "available": 1, "variant": {"sku": "SALT-HORSE"}},
    }
