"""The bundle builds from pinned versions: every dependency the bundle ships is pinned in constraints-bundle.txt."""

from __future__ import annotations

import re
import tomllib
from importlib import metadata

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from tests.conftest import REPO


def pins() -> dict[str, str]:
    found: dict[str, str] = {}
    for line in (REPO / "constraints-bundle.txt").read_text("utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            name, _, version = line.partition("==")
            assert version, f"not pinned with ==: {line}"
            found[canonicalize_name(name)] = version.strip()
    return found


def bundle_requirements() -> list[Requirement]:
    project = tomllib.loads((REPO / "pyproject.toml").read_text("utf-8"))["project"]
    return [Requirement(text) for text in project["dependencies"] + project["optional-dependencies"]["build"]]


def closure(requirements: list[Requirement]) -> set[str]:
    """Names of the requirements and, for those installed here, of everything they pull in."""
    seen: set[str] = set()
    todo = [(req, frozenset(req.extras)) for req in requirements]
    while todo:
        req, extras = todo.pop()
        name = canonicalize_name(req.name)
        if name in seen:
            continue
        seen.add(name)
        try:
            wanted = metadata.requires(req.name) or []
        except metadata.PackageNotFoundError:
            continue
        for text in wanted:
            sub = Requirement(text)
            # "extra" is "" for a plain requirement, so only the extras asked for bring theirs in.
            if sub.marker is None or any(sub.marker.evaluate({"extra": extra}) for extra in extras or {""}):
                todo.append((sub, frozenset(sub.extras)))
    return seen


def test_every_dependency_of_the_bundle_is_pinned() -> None:
    pinned = pins()
    missing = sorted(closure(bundle_requirements()) - set(pinned))
    assert not missing, f"add to constraints-bundle.txt: {missing}"


def test_the_pins_satisfy_the_declared_ranges() -> None:
    pinned = pins()
    for req in bundle_requirements():
        assert req.specifier.contains(pinned[canonicalize_name(req.name)], prereleases=True), req


def test_the_bundle_build_uses_the_pins() -> None:
    assert re.search(r"pip install -q -c constraints-bundle\.txt -e '\.\[build\]'", (REPO / ".ci/bundle").read_text())
    assert "pip install -c constraints-bundle.txt -e" in (REPO / "README.md").read_text("utf-8")


def test_the_bundle_keeps_what_psycopg_needs() -> None:
    # psycopg_binary's pq module imports Python's ssl at load; without it no plans server can be reached.
    spec = (REPO / "build.spec").read_text("utf-8")
    excludes = spec.split("PY_EXCLUDES = [", 1)[1].split("]", 1)[0]
    assert '"ssl"' not in excludes and '"_ssl"' not in excludes
    assert '"psycopg_binary"' in spec and '"hep_builder/core/sql"' in spec
