"""Stock changes nowhere but in the inventory.services package: only it uses the movement writer."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
ALLOWED = {
    "inventory/services/holds.py",
    "inventory/services/operations.py",
    "inventory/services/movements.py",
    "inventory/services/sales.py",
}
WRITER = re.compile(r"inventory\.services\.movements|record_movements|lock_levels")


def test_only_inventory_services_use_the_movement_writer():
    sources = (
        path
        for path in ROOT.rglob("*.py")
        if not {".venv", "var", "tests", "migrations"} & set(path.relative_to(ROOT).parts)
    )
    users = {
        str(path.relative_to(ROOT)) for path in sources if WRITER.search(path.read_text(encoding="utf-8"))
    }
    assert users <= ALLOWED, users - ALLOWED
