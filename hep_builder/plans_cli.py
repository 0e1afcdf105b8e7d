"""``hep-builder plans`` against the plans server: list and search, migrate-db, import and export (no Qt).

Every failure is one line on stderr and exit 1: no server set, an address that breaks the rules, the
server away (after its timeout), a folder that cannot be read or written.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from hep_builder.core.plan_store import PlanSummary
    from hep_builder.core.settings import Settings


def _fail(message: str) -> int:
    print(f"hep-builder: {message}", file=sys.stderr)
    return 1


def plans_server_command(args: argparse.Namespace, settings: Settings) -> int:
    from hep_builder.core.plans_url import PlansUrlError, check_address, configured_address
    from hep_builder.core.store_api import StoreUnavailable

    address, where = configured_address(settings.plans_store)
    if not address:
        return _fail(
            "no plans server is set: put plans_store: postgresql://server/database in settings.yaml, or set "
            "HEP_BUILDER_PLANS_URL (see README, 'Plans on a PostgreSQL server')"
        )
    try:
        from hep_builder.core.pg_store import PgStore

        store = PgStore(check_address(address, where))
    except PlansUrlError as exc:
        return _fail(str(exc))
    try:
        if args.plans_action == "migrate-db":
            done = store.migrate()
            if done:
                print(f"{store.server.display}: applied {', '.join(done)}")
            else:
                print(f"{store.server.display}: already up to date")
            return 0
        if args.plans_action == "import":
            from hep_builder.core.plan_transfer import import_folder

            report = import_folder(store, args.from_folder)
            print("\n".join(report.lines(f"Imported into {store.server.display} from {args.from_folder}:")))
            return 0
        if args.plans_action == "export":
            from hep_builder.core.plan_transfer import export_folder

            report = export_folder(store, args.to_folder)
            print("\n".join(report.lines(f"Exported from {store.server.display} to {args.to_folder}:")))
            return 0
        return _list(store, args)
    except StoreUnavailable as exc:
        return _fail(str(exc))
    except OSError as exc:
        return _fail(f"{getattr(exc, 'filename', '') or ''} {exc.strerror or exc}".strip())
    finally:
        store.close()


def _list(store, args: argparse.Namespace) -> int:
    return print_plans(store.search(args.search), as_json=args.json, shown_from=f"shown from {store.server.display}")


def print_plans(found: Sequence[PlanSummary], *, as_json: bool, shown_from: str) -> int:
    """The found plans, newest first, as text or JSON (the same for the folder and the server)."""
    if as_json:
        fields = ("id", "patient", "identifier", "modified", "therapist", "path", "exercises", "conflict")
        json.dump([{k: getattr(s, k) for k in fields} for s in found], sys.stdout, indent=2, ensure_ascii=False)
        print()
        return 0
    for summary in found:
        saved = summary.modified[:16].replace("T", " ")
        print(f"{saved}  {summary.patient:<28} {summary.therapist:<20} {summary.path}")
    print(f"{len(found)} plans {shown_from}", file=sys.stderr)
    return 0
