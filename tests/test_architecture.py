"""The build keeps its own promises: the layers hold, the code is linted, formatted and type-checked,
and the migrations match the models."""

import subprocess
import sys
import tomllib
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from tests.faketime import environ_without_faketime

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent


def run(*command):
    return subprocess.run(command, cwd=ROOT, capture_output=True, text=True, env=environ_without_faketime())


def test_import_layers_hold():
    result = run(str(BIN / "lint-imports"), "--no-cache")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


def test_the_layers_have_no_exceptions():
    """The layers hold as written: no exception at all (a wildcard one would hide every new breach)."""
    contracts = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["importlinter"]["contracts"]
    assert [rule for contract in contracts for rule in contract.get("ignore_imports", [])] == []
    assert not any("unmatched_ignore_imports_alerting" in contract for contract in contracts)


def test_ruff_lint_is_clean():
    result = run(str(BIN / "ruff"), "check", ".")
    assert result.returncode == 0, result.stdout + result.stderr


def test_ruff_format_is_clean():
    result = run(str(BIN / "ruff"), "format", "--check", ".")
    assert result.returncode == 0, result.stdout + result.stderr


def test_types_check():
    """mypy with django-stubs over the domain apps ([tool.mypy] in pyproject.toml), incremental with its
    cache in .mypy_cache: about a minute on a fresh checkout, seconds after."""
    result = run(str(BIN / "mypy"))
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.startswith("Success: no issues found")


def test_the_type_check_covers_the_domain_without_blanket_exceptions():
    mypy = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["mypy"]
    assert {"core", "inventory", "ledger", "orders", "carts"} <= set(mypy["files"])
    assert [override for override in mypy["overrides"] if "ignore_errors" in override] == []


@pytest.mark.django_db
def test_migrations_match_models():
    out = StringIO()
    try:
        call_command("makemigrations", "--check", "--dry-run", stdout=out, stderr=out)
    except SystemExit as exit_:
        pytest.fail(f"models changed without a migration (exit {exit_.code}):\n{out.getvalue()}")
