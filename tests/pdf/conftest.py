from __future__ import annotations

import io
from pathlib import Path

import pytest
from pypdf import PdfReader

from hep_builder.core.clinic import load_profile
from tests.conftest import REPO

EXAMPLES = sorted((REPO / "examples").glob("*.hepplan"))


@pytest.fixture(scope="session")
def profile():
    return load_profile()[0]


def reader(data: bytes) -> PdfReader:
    return PdfReader(io.BytesIO(data))


def all_text(data: bytes) -> str:
    return "\n".join(page.extract_text() or "" for page in reader(data).pages)


def squash(text: str) -> str:
    """Text with all white space folded, so line wraps do not matter."""
    return " ".join(text.split())


def example_paths() -> list[Path]:
    return EXAMPLES
