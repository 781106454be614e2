"""The locks in requirements/ answer pyproject.toml: every dependency it names is pinned, within its
range and with hashes, in each lock that installs it, and the locks agree on every version. A branch
that adds a dependency without `make lock`, or a merge that kept one side's lock, fails here rather
than on a fresh machine."""

import re
import tomllib
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

ROOT = Path(__file__).resolve().parent.parent
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text())
PROJECT = PYPROJECT["project"]
GROUPS = PYPROJECT["dependency-groups"]

# What each lock installs (scripts/lock.sh): the project's dependencies, an extra, dependency groups.
LOCKS = {
    "dev.txt": PROJECT["dependencies"] + PROJECT["optional-dependencies"]["dev"] + GROUPS["build"],
    "demo.txt": PROJECT["dependencies"] + PROJECT["optional-dependencies"]["demo"] + GROUPS["build"],
    "base.txt": PROJECT["dependencies"] + GROUPS["build"],
    "build.txt": GROUPS["build"],
    "uv.txt": GROUPS["installer"],
}


def read_lock(name: str) -> dict[str, tuple[Version, int]]:
    """{package: (pinned version, number of hashes)} of one lock."""
    text = (ROOT / "requirements" / name).read_text()
    pins = {}
    for entry in text.replace("\\\n", " ").splitlines():
        if not entry.strip() or entry.lstrip().startswith("#"):
            continue
        hashes = re.findall(r"--hash=sha256:[0-9a-f]{64}", entry)
        requirement = Requirement(entry.split("--hash", 1)[0].strip())
        (specifier,) = requirement.specifier
        assert specifier.operator == "==", f"{name}: {requirement} is not pinned"
        pins[canonicalize_name(requirement.name)] = (Version(specifier.version), len(hashes))
    return pins


@pytest.mark.parametrize("lock", sorted(LOCKS))
def test_every_dependency_is_pinned_in_range_with_hashes(lock):
    pins = read_lock(lock)
    problems = []
    for line in LOCKS[lock]:
        wanted = Requirement(line)
        pin = pins.get(canonicalize_name(wanted.name))
        if pin is None:
            problems.append(f"{wanted.name} is missing")
        elif pin[0] not in wanted.specifier:
            problems.append(f"{wanted.name}=={pin[0]} is outside {wanted.specifier}")
    unhashed = sorted(name for name, (_version, hashes) in pins.items() if hashes == 0)

    assert problems == [], f"requirements/{lock} does not answer pyproject.toml: run `make lock`"
    assert unhashed == []


def test_the_locks_agree_on_every_version():
    dev = read_lock("dev.txt")
    disagreements = [
        f"{lock}: {name}=={version}, dev.txt: {dev.get(name, (None,))[0]}"
        for lock in ("demo.txt", "base.txt", "build.txt")
        for name, (version, _hashes) in read_lock(lock).items()
        if dev.get(name, (None,))[0] != version
    ]

    assert disagreements == []


def test_production_installs_no_test_tools():
    base = read_lock("base.txt")

    assert sorted(set(base) & {"pytest", "localstripe", "playwright", "locust", "ruff", "hypothesis"}) == []
    assert {"django", "gunicorn", "weasyprint", "graphql-core", "setuptools"} <= set(base)
