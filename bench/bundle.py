"""The clinic bundle: its size and the frozen start-up to a ready window (build it first: .ci/bundle).

Run: python bench/bundle.py   (budgets: <= 170 MB; frozen start <= 0.6 s)
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BUNDLE = Path(__file__).resolve().parent.parent / "dist" / "hep-builder"


def main() -> int:
    program = BUNDLE / ("HEP Builder.exe" if sys.platform == "win32" else "HEP Builder")
    if not program.exists():
        print(f"no bundle at {BUNDLE}: build it with 'pyinstaller --noconfirm build.spec' first")
        return 1
    # Count each file once: the bundle links some libraries by symlink.
    size = sum(f.lstat().st_size for f in BUNDLE.rglob("*") if f.is_file() and not f.is_symlink())
    print(f"bundle size:          {size / 1024 / 1024:6.1f} MB  (budget 170 MB)")
    with tempfile.TemporaryDirectory() as home:
        env = {**os.environ, "HOME": home, "QT_QPA_PLATFORM": os.environ.get("QT_QPA_PLATFORM", "offscreen"),
               "HEP_BUILDER_CONFIG_DIR": f"{home}/c", "HEP_BUILDER_DATA_DIR": f"{home}/d"}  # fmt: skip
        command = [str(program), "--quit-when-ready"]
        subprocess.run(command, env=env, check=True)  # first run fills the OS file cache and our parse cache
        times = []
        for _ in range(7):
            start = time.perf_counter()
            subprocess.run(command, env=env, check=True)
            times.append(time.perf_counter() - start)
    print(f"frozen start, ready:  {statistics.median(times):6.2f} s   (budget 0.6 s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
