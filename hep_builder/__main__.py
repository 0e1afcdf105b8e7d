"""Entry point for ``python -m hep_builder``."""

from __future__ import annotations

import sys

from hep_builder.cli import main

if __name__ == "__main__":
    sys.exit(main())
