"""The daily log matches the dose: boxes per day, "K days each week", the pain row and the 4-week cap."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime

from reportlab.platypus import KeepTogether, Table

from hep_builder.core.plan import Patient, Plan, PlanItem
from hep_builder.pdf.handout import build_handout
from hep_builder.pdf.log import MAX_WEEKS, TickBoxes, daily_log
from hep_builder.pdf.styles import LAYOUT_SPECS, styles_for
from tests.pdf.conftest import all_text, squash

LAYOUTS = ("standard", "compact", "large-print")
START = datetime(2026, 11, 23, 9, 0)  # a Monday


def plan_of(*items: PlanItem, follow_up: date | None = date(2026, 12, 7)) -> Plan:
    return Plan(Patient("Ada Park"), modified=START, follow_up=follow_up, items=items)


def log_tables(plan: Plan, library, layout: str, *, pain: bool = True) -> list[Table]:
    story = daily_log(plan.resolve(library), plan.log_days(), 500, LAYOUT_SPECS[layout], styles_for(layout), pain=pain)
    tables = []
    for flowable in story:
        content = flowable._content if isinstance(flowable, KeepTogether) else [flowable]
        tables += [each for each in content if isinstance(each, Table)]
    return tables


def test_n_times_a_day_gets_n_boxes_each_day(bundled_library) -> None:
    plan = plan_of(PlanItem("heel-slide", {"times_per_day": 3}), PlanItem("glute-bridge", {"times_per_day": 1}))
    for layout in LAYOUTS:
        tables = log_tables(plan, bundled_library, layout)
        assert tables
        for table in tables:
            thrice, once = table._cellvalues[1], table._cellvalues[2]
            assert [cell.count for cell in thrice[1:] if isinstance(cell, TickBoxes)] == [3] * 7 * (
                2 if layout == "compact" else 1
            )
            assert {cell.count for cell in once[1:] if isinstance(cell, TickBoxes)} == {1}


def test_k_days_a_week_is_said_on_the_row(bundled_library, profile) -> None:
    plan = plan_of(PlanItem("glute-bridge", {"days_per_week": 3}), PlanItem("heel-slide", {"days_per_week": 7}))
    for layout in LAYOUTS:
        text = squash(all_text(build_handout(plan, bundled_library, profile, layout=layout)))
        # one reminder per week row of the one exercise that is not daily
        weeks_shown = 1 if layout == "compact" else 2
        assert text.count("3 days each week") == weeks_shown, layout  # a compact table holds two weeks
        assert "7 days each week" not in text and "this week" not in text


def test_pain_row_on_by_default_and_off_in_the_clinic_profile(bundled_library, profile) -> None:
    plan = plan_of(PlanItem("glute-bridge"))
    text = squash(all_text(build_handout(plan, bundled_library, profile)))
    assert "Pain today (0-10)" in text and "0 is no pain, 10 is the worst pain" in text
    quiet = replace(profile, log_pain=False)
    text = squash(all_text(build_handout(plan, bundled_library, quiet)))
    assert "Pain today" not in text and "worst pain" not in text
    assert len(log_tables(plan, bundled_library, "standard", pain=False)[0]._cellvalues) == 2  # head + 1 item


def test_log_covers_at_most_four_weeks_and_asks_for_a_new_sheet(bundled_library, profile) -> None:
    long_plan = plan_of(PlanItem("glute-bridge"), follow_up=date(2027, 2, 1))  # ten weeks away
    assert len(long_plan.log_days()) > MAX_WEEKS * 7
    for layout in LAYOUTS:
        tables = log_tables(long_plan, bundled_library, layout)
        boxes = sum(isinstance(cell, TickBoxes) for table in tables for row in table._cellvalues for cell in row)
        assert boxes == MAX_WEEKS * 7, layout
        text = squash(all_text(build_handout(long_plan, bundled_library, profile, layout=layout)))
        # It says plainly what to do between the log's last day and the visit.
        assert "Keep doing your exercises until your visit on Monday, February 1, 2027. Ask us for a new sheet." in text
        assert "Week 5" not in text and "Weeks 5" not in text
        assert "December 20, 2026" in text and "December 21, 2026" not in text  # day 28 is the last
    short = squash(all_text(build_handout(plan_of(PlanItem("glute-bridge")), bundled_library, profile)))
    assert "Ask us for a new sheet" not in short


def test_large_print_day_heads_show_the_month_where_it_changes(bundled_library) -> None:
    plan = plan_of(PlanItem("glute-bridge"), follow_up=date(2027, 2, 1))
    heads = [cell for table in log_tables(plan, bundled_library, "large-print") for cell in table._cellvalues[0][1:]]
    firsts = [head.text for head in heads if not isinstance(head, str)]
    assert firsts == ['Tu<br/><font size="13">12/1</font>'], heads  # four weeks from Monday, November 23
    assert "Mo\n30" in heads


def test_tick_boxes_wrap_to_the_cell_and_never_overflow() -> None:
    boxes = TickBoxes(5, 13)
    width, height = boxes.wrap(40, 100)
    assert width == 40 and boxes.per_line(40) == 2 and height == 3 * 13 + 2 * boxes.gap
