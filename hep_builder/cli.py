"""The command line: GUI by default, plus export, validate, list, figures and smoke-test.

Commands import only what they need: ``export``, ``validate`` and ``list`` never load Qt.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import sys
from collections.abc import Sequence
from pathlib import Path

from hep_builder import __version__


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="hep-builder",
        description="Build and print illustrated home-exercise programs. With no command, opens the program.",
    )
    parser.add_argument("--version", action="version", version=f"hep-builder {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    gui = commands.add_parser("gui", help="open the program (the default)")
    gui.add_argument("plan", nargs="?", type=Path, help="a .hepplan file to open")
    gui.add_argument("--quit-when-ready", action="store_true", help="exit 0 once the window is ready")

    export = commands.add_parser("export", help="write the handout PDF of a plan")
    export.add_argument("plan", type=Path, help="the .hepplan file")
    export.add_argument("-o", "--output", type=Path, required=True, help="the PDF to write")
    export.add_argument("--layout", choices=("standard", "compact", "large-print"))
    export.add_argument("--paper", choices=("letter", "a4"))
    export.add_argument("--language", help="language code of the handout text (default: the plan's)")

    check = commands.add_parser(
        "check", help="list exercises of a plan that break its hip precautions or lack its language"
    )
    check.add_argument("plan", type=Path, help="the .hepplan file")

    plans = commands.add_parser("plans", help="list saved plans (in the plans folder, or on the plans server)")
    plans.add_argument("--search", default="", help="words to find in patient, chart number, therapist, date")
    plans.add_argument("--json", action="store_true", help="print a JSON array")
    plans_actions = plans.add_subparsers(dest="plans_action", metavar="ACTION")
    plans_actions.add_parser("migrate-db", help="create or update the plans server's tables (the clinic admin)")
    plans_import = plans_actions.add_parser("import", help="load a plans folder into the plans server")
    plans_import.add_argument("--from-folder", type=Path, required=True, metavar="DIR")
    plans_export = plans_actions.add_parser("export", help="write the plans server's plans out as plan files")
    plans_export.add_argument("--to-folder", type=Path, required=True, metavar="DIR")

    figures = commands.add_parser("figures", help="illustration tools")
    figures.add_argument("--sheet", type=Path, help="write a contact sheet PDF of every figure")
    figures.add_argument("--report", action="store_true", help="print each figure's own account (angles, contacts)")
    figures.add_argument("--json", action="store_true", help="the report as JSON (the only form for now)")
    figures.add_argument("--only", nargs="*", default=[], help="just these exercise ids")

    commands.add_parser("smoke-test", help="load everything, export a sample, open the window offscreen")

    validate = commands.add_parser("validate", help="check exercise library files")
    validate.add_argument("paths", nargs="*", type=Path, help="files or folders (default: every library source)")

    listing = commands.add_parser("list", help="list library exercises")
    listing.add_argument("--category", choices=("mobility", "strengthening", "gait", "balance", "functional"))
    listing.add_argument("--phase", type=int, choices=(1, 2, 3))
    listing.add_argument("--search", default="", help="words to find in name, summary, tags and aliases")
    listing.add_argument("--language", help="show the patient text in this language (e.g. es)")
    listing.add_argument("--json", action="store_true", help="print a JSON array")

    return parser


COMMANDS = ("gui", "export", "figures", "smoke-test", "validate", "list", "plans", "check")


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    # No command means the GUI: "hep-builder plan.hepplan" (a double-clicked file) or "--quit-when-ready".
    if argv and argv[0] not in COMMANDS and argv[0] not in ("-h", "--help", "--version"):
        argv.insert(0, "gui")
    # The staff's double-click needs no argparse (building every subcommand's parser costs ~9 ms of start-up).
    plain = _plain_gui_args(argv)
    args = _parser().parse_args(argv) if plain is None else argparse.Namespace(command="gui")
    command = args.command or "gui"
    try:
        if command == "gui":
            if plain is not None:
                return _gui(*plain)
            return _gui(getattr(args, "plan", None), getattr(args, "quit_when_ready", False))
        if command == "validate":
            return _validate(args.paths)
        if command == "list":
            return _list(args)
        if command == "export":
            from hep_builder.commands import export_command

            return export_command(args)
        if command == "check":
            from hep_builder.commands import check_command

            return check_command(args)
        if command == "figures":
            from hep_builder.commands import figures_command

            return figures_command(args)
        if command == "plans":
            return _plans(args)
        if command == "smoke-test":
            from hep_builder.commands import smoke_test

            return smoke_test()
    except KeyboardInterrupt:
        return 130
    except Exception as exc:  # last line of defence: a clear message, the details in the log
        return _report_crash(command, exc)
    return 2


def _report_crash(command: str, exc: Exception) -> int:
    from hep_builder.crashlog import write_crash_log

    log = write_crash_log(command, type(exc), exc, exc.__traceback__)
    where = f"; details were written to {log}" if log else ""
    print(f"hep-builder: {command} failed: {type(exc).__name__}: {exc}{where}", file=sys.stderr)
    if command == "gui":  # the windowed program has no console: say it in a window, if Qt can show one
        with contextlib.suppress(Exception):
            from hep_builder.ui.app import show_start_failure

            show_start_failure(f"{type(exc).__name__}: {exc}", log)
    return 1


def _print_problems(problems: Sequence[object]) -> None:
    for problem in problems:
        print(problem, file=sys.stderr)


def _validate(targets: Sequence[Path]) -> int:
    from hep_builder.core.library import LibrarySource, load_default_library, load_library
    from hep_builder.core.settings import load_settings

    if targets:
        missing = [t for t in targets if not t.exists()]
        for target in missing:
            print(f"{target}: no such file or folder", file=sys.stderr)
        # Paths given by hand are checked as clinic files: a figure is optional there.
        library = load_library(LibrarySource(t, "clinic") for t in targets if t.exists())
        problems = library.problems
        failed = bool(missing or problems)
    else:
        settings, settings_problems = load_settings()
        library = load_default_library(settings.clinic_library_path)
        problems = [*settings_problems, *library.problems]
        failed = bool(library.problems)
    for problem in problems:
        print(problem)
    summary = f"{len(library)} exercises loaded, {len(problems)} problem{'s' if len(problems) != 1 else ''}"
    print(summary, file=sys.stderr)
    return 1 if failed else 0


def _list(args: argparse.Namespace) -> int:
    from hep_builder.core.library import load_default_library
    from hep_builder.core.search import ExerciseFilter, in_category_order, search
    from hep_builder.core.settings import load_settings

    settings, settings_problems = load_settings()
    library = load_default_library(settings.clinic_library_path)
    _print_problems([*settings_problems, *library.problems])
    flt = ExerciseFilter(text=args.search, category=args.category, phase=args.phase)
    found = search(in_category_order(library), flt)
    language = args.language or "en"
    if args.json:
        json.dump([_listed(e, language) for e in found], sys.stdout, indent=2, ensure_ascii=False)
        print()
        return 0
    for exercise in found:
        phases = ",".join(str(p) for p in exercise.phases)
        name = exercise.localized(language).name + (" (English only)" if exercise.untranslated(language) else "")
        print(f"{exercise.id:<34} {exercise.category:<14} phase {phases:<6} {name}")
    print(f"{len(found)} of {len(library)} exercises", file=sys.stderr)
    return 0


def _listed(exercise, language: str) -> dict:
    """One exercise for ``list --json``: its patient text in ``language``, and what it still lacks there."""
    from hep_builder.core.schema import exercise_to_json

    data = exercise_to_json(exercise.localized(language))
    missing = exercise.untranslated(language)
    if missing:
        data["untranslated"] = list(missing)
    return data


def _plans(args: argparse.Namespace) -> int:
    from hep_builder.core.plan_store import PlanStore
    from hep_builder.core.plans_url import configured_address
    from hep_builder.core.settings import load_settings

    settings, problems = load_settings()
    _print_problems(problems)
    if args.plans_action or configured_address(settings.plans_store)[0]:
        from hep_builder.plans_cli import plans_server_command

        return plans_server_command(args, settings)
    from hep_builder.plans_cli import print_plans

    store = PlanStore(settings.plans_path)
    return print_plans(store.search(args.search), as_json=args.json, shown_from=f"in {store.folder}")


def _plain_gui_args(argv: list[str]) -> tuple[Path | None, bool] | None:
    """(plan, quit_when_ready) for a plain GUI start ("gui" [PLAN] [--quit-when-ready]); None for anything else,
    which argparse then reads (and explains if it is wrong)."""
    words = argv[1:] if argv[:1] == ["gui"] else ([] if not argv else None)
    if words is None:
        return None
    quit_when_ready = "--quit-when-ready" in words
    rest = [word for word in words if word != "--quit-when-ready"]
    if len(rest) > 1 or words.count("--quit-when-ready") > 1 or any(word.startswith("-") for word in rest):
        return None
    return (Path(rest[0]) if rest else None), quit_when_ready


def _gui(plan: Path | None, quit_when_ready: bool) -> int:
    import gc

    # Start-up makes only objects that live as long as the program (modules, classes, Qt's enums, the
    # library, the window). Hunting for garbage cycles among them is wasted work: about a tenth of the start
    # time (measured: about 13 ms of a ~190 ms start). run_gui switches the collector back on once the window
    # is shown (and freezes what start-up made).
    gc.disable()
    try:
        from hep_builder.core.startup import load_start_data

        data = load_start_data()  # before Qt loads: see core/startup.py
        from hep_builder.ui.app import run_gui

        return run_gui(plan, quit_when_ready=quit_when_ready, data=data)
    finally:
        gc.enable()


if __name__ == "__main__":
    sys.exit(main())
