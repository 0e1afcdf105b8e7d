"""Start-up: a bare PySide6 window versus HEP Builder's ready window, same run, same machine.

Run: python bench/startup.py [RUNS]   (budget: HEP Builder <= 1.6x the bare window)

Both are whole processes: start Python, show the window, close it, exit. They run alternately so that a
busy moment on the machine hits both; the medians are compared, and the fastest runs shown beside them.
Bytecode is written and used as on an installed copy (an environment with PYTHONDONTWRITEBYTECODE would
otherwise recompile every module of ours on each start and measure that instead).
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time

BARE = """
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMainWindow
app = QApplication([])
window = QMainWindow()
window.resize(1366, 768)
window.show()
QTimer.singleShot(0, app.quit)
app.exec()
"""


def seconds(command: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, env=env, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def main() -> None:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 15
    with tempfile.TemporaryDirectory() as home:
        # A fresh user (HOME) rather than our HEP_BUILDER_* overrides: the folders are found the way a
        # clinic PC finds them (platformdirs), and nothing of the real user's is read or written.
        dropped = ("PYTHONDONTWRITEBYTECODE", "XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME")
        env = {k: v for k, v in os.environ.items() if k not in dropped and not k.startswith("HEP_BUILDER_")}
        env = {**env, "HOME": home, "QT_QPA_PLATFORM": os.environ.get("QT_QPA_PLATFORM", "offscreen")}
        app = [sys.executable, "-m", "hep_builder", "gui", "--quit-when-ready"]
        bare = [sys.executable, "-c", BARE]
        for _ in range(2):  # warm: bytecode, the parse cache, the OS file cache
            seconds(app, env)
            seconds(bare, env)
        bare_times, app_times = [], []
        for _ in range(runs):
            bare_times.append(seconds(bare, env))
            app_times.append(seconds(app, env))
    bare_time, app_time = statistics.median(bare_times), statistics.median(app_times)
    print(f"bare PySide6 window:   {bare_time * 1000:6.0f} ms median  ({min(bare_times) * 1000:.0f} fastest)")
    print(f"HEP Builder ready:     {app_time * 1000:6.0f} ms median  ({min(app_times) * 1000:.0f} fastest)")
    print(
        f"ratio:                 {app_time / bare_time:6.2f}x  (budget 1.6x; fastest/fastest "
        f"{min(app_times) / min(bare_times):.2f}x)"
    )


if __name__ == "__main__":
    main()
