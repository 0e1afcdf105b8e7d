"""Command implementations that need more than core: export, figures, smoke-test.

``export`` and ``figures`` never load Qt; ``smoke-test`` opens the window offscreen at its end.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def _fail(message: str) -> int:
    print(f"hep-builder: {message}", file=sys.stderr)
    return 1


def export_command(args: argparse.Namespace) -> int:
    from hep_builder.core.clinic import load_profile
    from hep_builder.core.i18n import catalog_languages
    from hep_builder.core.library import load_default_library
    from hep_builder.core.planfile import PlanFileError, read_plan
    from hep_builder.core.precautions import plan_conflicts
    from hep_builder.core.settings import load_settings
    from hep_builder.core.translations import missing_translations
    from hep_builder.pdf.handout import export_handout

    try:
        loaded = read_plan(args.plan)
    except PlanFileError as exc:
        return _fail(str(exc))
    for message in loaded.messages:
        print(f"note: {message}", file=sys.stderr)
    plan = loaded.plan
    if not plan.patient.name.strip():
        return _fail(f"{args.plan}: the plan has no patient name; add one before printing")
    settings, _ = load_settings()
    library = load_default_library(settings.clinic_library_path)
    profile, profile_problems = load_profile()
    for problem in profile_problems:
        print(f"warning: {problem}", file=sys.stderr)
    from hep_builder.pdf.logo import prepare_logo

    logo = prepare_logo(profile.logo)  # a logo that cannot be used is left out: say so, once
    if logo.problem:
        print(f"warning: {logo.problem}", file=sys.stderr)
    missing = [resolved.item.exercise_id for resolved in plan.resolve(library) if resolved.missing]
    for exercise_id in missing:
        print(
            f"warning: exercise '{exercise_id}' is not in this library; printed from the plan",
            file=sys.stderr,
        )
    language = args.language or plan.language
    if language not in catalog_languages():
        print(f"warning: no handout text for language '{language}' ({', '.join(catalog_languages())} are installed); "
              "it prints in English", file=sys.stderr)  # fmt: skip
    for untranslated in missing_translations(plan, library, args.language):
        print(f"warning: {untranslated.message()}", file=sys.stderr)
    for conflict in plan_conflicts(plan, library):
        print(f"warning: {conflict.line()}", file=sys.stderr)
    try:
        export_handout(
            plan,
            library,
            profile,
            Path(args.output),
            layout=args.layout or plan.layout,
            paper=args.paper or plan.paper or settings.paper,
            language=args.language,
        )
    except OSError as exc:
        return _fail(f"cannot write {args.output}: {exc.strerror or exc}")
    return 0


def check_command(args: argparse.Namespace) -> int:
    """One line per exercise that breaks the plan's precautions or lacks the plan's language; exit 1 if any.

    Conflicts the therapist acknowledged are listed too, marked as kept on purpose, and do not fail the check.
    An exercise without the handout's language still prints (in English, marked), but the check names it.
    """
    from hep_builder.core.library import load_default_library
    from hep_builder.core.planfile import PlanFileError, read_plan
    from hep_builder.core.precautions import plan_conflicts
    from hep_builder.core.settings import load_settings
    from hep_builder.core.translations import missing_translations

    try:
        plan = read_plan(args.plan).plan
    except PlanFileError as exc:
        return _fail(str(exc))
    settings, _ = load_settings()
    library = load_default_library(settings.clinic_library_path)
    conflicts = plan_conflicts(plan, library)
    for conflict in conflicts:
        print(conflict.line())
    untranslated = missing_translations(plan, library)
    for missing in untranslated:
        print(missing.message())
    open_conflicts = [c for c in conflicts if not c.acknowledged]
    if not plan.precautions:
        print("the plan states no precautions; nothing to check", file=sys.stderr)
    else:
        print(f"{len(open_conflicts)} conflict{'s' if len(open_conflicts) != 1 else ''} with the plan's precautions",
              file=sys.stderr)  # fmt: skip
    if untranslated:
        print(f"{len(untranslated)} exercise{'s' if len(untranslated) != 1 else ''} not in the plan's language",
              file=sys.stderr)  # fmt: skip
    return 1 if open_conflicts or untranslated else 0


def figures_command(args: argparse.Namespace) -> int:
    from hep_builder.core.library import load_default_library
    from hep_builder.core.planfile import write_atomic
    from hep_builder.core.search import in_category_order
    from hep_builder.figures.scene import bundled_mannequin_specs
    from hep_builder.pdf.contact_sheet import build_contact_sheet

    library = load_default_library()
    exercises = [e for e in in_category_order(library) if not args.only or e.id in args.only]
    if args.report:
        return _figure_report(exercises, library)
    if args.sheet is None:
        return _fail("say what to make: --sheet OUT.pdf (a contact sheet) or --report --json")
    specs, problems = bundled_mannequin_specs()
    for problem in problems:
        print(f"warning: {problem}", file=sys.stderr)
    missing = [e.id for e in exercises if e.figure and not e.figure_is_image and e.figure not in specs]
    if missing:
        print(f"warning: no figure spec for: {', '.join(missing)}", file=sys.stderr)
    try:
        write_atomic(args.sheet, build_contact_sheet(exercises))
    except OSError as exc:
        return _fail(f"cannot write {args.sheet}: {exc.strerror or exc}")
    print(f"{len(exercises)} figures written to {args.sheet}", file=sys.stderr)
    return 0


def _figure_report(exercises: list, library) -> int:
    import json

    from hep_builder.figures.report import figure_report
    from hep_builder.figures.scene import bundled_mannequin_specs
    from hep_builder.pdf.figure_flowable import printed_heights

    for problem in bundled_mannequin_specs()[1]:
        print(f"warning: {problem}", file=sys.stderr)
    print(json.dumps(figure_report(exercises, printed_heights(exercises, library)), indent=1))
    return 0


def smoke_test() -> int:
    """Load everything, build a sample plan, export it, open the window offscreen. Exit 0 or 1."""
    import os
    import tempfile
    import time

    from hep_builder.core.clinic import load_profile
    from hep_builder.core.library import load_default_library
    from hep_builder.core.plan import Patient
    from hep_builder.core.templates import template_plan
    from hep_builder.figures.scene import bundled_mannequin_specs
    from hep_builder.pdf.handout import build_handout

    started = time.perf_counter()
    library = load_default_library()
    checks: list[tuple[str, bool, str]] = []
    checks.append(("library", len(library) >= 55 and not library.problems, f"{len(library)} exercises"))
    specs, problems = bundled_mannequin_specs()
    missing = [e.id for e in library if e.figure and not e.figure_is_image and e.figure not in specs]
    checks.append(("figures", not problems and not missing, f"{len(specs)} figure specs"))
    profile, profile_problems = load_profile()
    checks.append(("clinic profile", not profile_problems, profile.name))
    plan = template_plan(2, library, Patient("Smoke Test"))
    data = b""
    for layout in ("standard", "compact", "large-print"):
        data = build_handout(plan, library, profile, layout=layout)
        checks.append((f"export {layout}", data.startswith(b"%PDF") and len(data) > 10_000, f"{len(data)} bytes"))
    # Spanish: the compiled catalog and Babel's CLDR data must both be in the bundle.
    from dataclasses import replace
    from datetime import date

    from hep_builder.core.i18n import translator

    spanish = translator("es")
    wednesday = spanish.long_date(date(2026, 12, 23)) if spanish.translated else ""
    data_es = build_handout(replace(plan, language="es"), library, profile)
    ok = wednesday == "miércoles, 23 de diciembre de 2026" and data_es.startswith(b"%PDF")
    checks.append(("export es", ok, wednesday or "no Spanish catalog"))
    with tempfile.TemporaryDirectory() as folder:
        target = os.path.join(folder, "smoke.pdf")
        with open(target, "wb") as handle:
            handle.write(data)
        checks.append(("write pdf", os.path.getsize(target) == len(data), "ok"))
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    try:
        from hep_builder.ui.app import create_application
        from hep_builder.ui.main_window import MainWindow

        app = create_application()
        window = MainWindow(library, profile)
        window.start_new(plan)
        window.show()
        app.processEvents()
        window.preview.refresh_now()
        pages = window.preview.document.pageCount()
        window.close()
        checks.append(("window", pages >= 3, f"preview shows {pages} pages"))
    except Exception as exc:  # report, do not crash: this is a diagnostic
        checks.append(("window", False, f"{type(exc).__name__}: {exc}"))
    failed = [name for name, ok, _ in checks if not ok]
    for name, ok, detail in checks:
        print(f"{'ok  ' if ok else 'FAIL'} {name}: {detail}")
    print(f"smoke test {'passed' if not failed else 'FAILED'} in {time.perf_counter() - started:.2f} s")
    return 1 if failed else 0
