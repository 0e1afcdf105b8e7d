"""Optional video QR codes: validated in the library, printed beside the steps, never saved in a plan file."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from reportlab.graphics.barcode.qr import QrCodeWidget
from reportlab.graphics.shapes import Drawing
from reportlab.platypus import Table

from hep_builder.core.library import Library
from hep_builder.core.plan import Patient, Plan, PlanItem
from hep_builder.core.planfile import read_plan, write_plan
from hep_builder.pdf import handout
from hep_builder.pdf.handout import build_handout
from hep_builder.pdf.styles import LAYOUT_SPECS, PAGE_SIZES, styles_for
from tests.core.test_schema import GOOD, load, one_problem
from tests.pdf.conftest import reader, squash

URL = "https://videos.orthorehab.example/hip/glute-bridge"
LAYOUTS = ("standard", "compact", "large-print")


@pytest.fixture
def with_video(bundled_library) -> Library:
    bridge = replace(bundled_library["glute-bridge"], video_url=URL)
    return Library({**{e.id: e for e in bundled_library}, "glute-bridge": bridge})


def qr_values(flowables) -> list[str]:
    """The addresses of every QR code in a story, however deep in tables and lists."""
    found = []
    for flowable in flowables:
        if isinstance(flowable, Drawing):
            found += [each.value for each in flowable.contents if isinstance(each, QrCodeWidget)]
        elif isinstance(flowable, Table):
            found += qr_values(cell for row in flowable._cellvalues for cell in row)
        elif isinstance(flowable, list | tuple):
            found += qr_values(flowable)
        for attr in ("_content", "_flowables"):
            found += qr_values(getattr(flowable, attr, []) or [])
    return found


def test_a_valid_address_loads_and_bad_ones_name_the_line(tmp_path: Path) -> None:
    good = load(tmp_path, GOOD.format(id="glute-bridge") + f"    video_url: {URL}\n")
    assert not good.problems and good.exercises[0].video_url == URL
    for bad in ("ftp://example.org/v", "javascript:alert(1)", "www.example.org/v", "https://", "https://a b"):
        result = load(tmp_path, GOOD.format(id="glute-bridge") + f"    video_url: '{bad}'\n")
        assert not result.exercises
        assert "lib.yaml:14" in one_problem(result) and "video_url" in one_problem(result), bad


def test_the_bundled_exercises_have_no_video(bundled_library) -> None:
    assert not [e.id for e in bundled_library if e.video_url]


@pytest.mark.parametrize("layout", LAYOUTS)
def test_the_qr_code_and_watch_how_print_beside_the_steps(with_video, profile, layout) -> None:
    plan = Plan(Patient("Ada Park"), items=(PlanItem("heel-slide"), PlanItem("glute-bridge")))
    context = handout.HandoutContext(
        plan, profile, LAYOUT_SPECS[layout], styles_for(layout), PAGE_SIZES["letter"], plan.resolve(with_video),
        videos=handout._videos(plan, with_video),
    )  # fmt: skip
    assert qr_values(handout._story(context)) == [URL]  # one code, for the exercise with a video
    data = build_handout(plan, with_video, profile, layout=layout)
    pages = [squash(page.extract_text()) for page in reader(data).pages]
    text = " ".join(pages)
    assert text.count("Watch how") == 1
    steps = squash(with_video["glute-bridge"].instructions[0])
    assert any("Watch how" in page and steps in page for page in pages)


def test_no_video_no_code(bundled_library, profile) -> None:
    plan = Plan(Patient("Ada Park"), items=(PlanItem("glute-bridge"),))
    data = build_handout(plan, bundled_library, profile)
    assert "Watch how" not in " ".join(page.extract_text() for page in reader(data).pages)


def test_no_address_ever_goes_into_the_plan_file(with_video, profile, tmp_path: Path) -> None:
    plan = Plan(Patient("Ada Park"), items=(PlanItem("glute-bridge", snapshot=with_video["glute-bridge"]),))
    path = tmp_path / "ada.hepplan"
    write_plan(path, plan)
    saved = path.read_text("utf-8")
    assert "video_url" not in saved and "http" not in saved and "snapshot" in saved
    again = read_plan(path).plan
    assert again.items[0].snapshot is not None and again.items[0].snapshot.video_url is None
    # the code still prints, from the clinic's library at print time
    assert "Watch how" in " ".join(p.extract_text() for p in reader(build_handout(again, with_video, profile)).pages)
    # and a hand-edited plan file cannot smuggle one in
    path.write_text(saved.replace("  snapshot:\n", f"  snapshot:\n    video_url: {URL}\n"), "utf-8")
    assert f"video_url: {URL}" in path.read_text("utf-8")
    edited = read_plan(path).plan
    assert edited.items[0].snapshot is not None and edited.items[0].snapshot.video_url is None
