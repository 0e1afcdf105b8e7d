"""Start-up: a bare PySide6 window versus HEP Builder's ready window, same run, same machine.

Run: python bench/startup.py   (budget: HEP Builder <= 1.6x the bare window)
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


def median_seconds(command: list[str], env: dict[str, str], repeat: int = 7) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        subprocess.run(command, env=env, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    with tempfile.TemporaryDirectory() as home:
        env = {**os.environ, "QT_QPA_PLATFORM": os.environ.get("QT_QPA_PLATFORM", "offscreen"),
               "HEP_BUILDER_CONFIG_DIR": f"{home}/c", "HEP_BUILDER_DATA_DIR": f"{home}/d",
               "HEP_BUILDER_PLANS_DIR": f"{home}/p"}  # fmt: skip
        app = [sys.executable, "-m", "hep_builder", "gui", "--quit-when-ready"]
        bare = [sys.executable, "-c", BARE]
        subprocess.run(app, env=env, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # warm caches
        bare_time = median_seconds(bare, env)
        app_time = median_seconds(app, env)
    print(f"bare PySide6 window:   {bare_time * 1000:6.0f} ms")
    print(f"HEP Builder ready:     {app_time * 1000:6.0f} ms")
    print(f"ratio:                 {app_time / bare_time:6.2f}x  (budget 1.6x)")


if __name__ == "__main__":
    main()
