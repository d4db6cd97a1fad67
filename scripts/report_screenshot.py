"""Render the support report's HTML page in headless Chromium: screenshots/report.png.

Run: python scripts/report_screenshot.py [--out PATH] [--html PATH]
Needs Debian's chromium (apt-get install chromium). The report is the one `wifdoctor report
--lab subject-case --exchange --format html` writes: the live walk against the in-process lab,
with the real exchange, its HTTP trace and Entra's trace and correlation IDs.
Exits 3 when chromium is not installed.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WIFDOCTOR = Path(sys.executable).with_name("wifdoctor")
CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome")
# Flags for a quiet, isolated, offline run (no sandbox: CI containers run as root).
FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--hide-scrollbars",
    "--run-all-compositor-stages-before-draw",
    "--virtual-time-budget=5000",
)


def find_chromium() -> str | None:
    return next((found for name in CHROMIUM_NAMES if (found := shutil.which(name))), None)


def write_report(html: Path) -> None:
    env = {**os.environ, "SYSTEM_ACCESSTOKEN": "an-example-secret-value", "NO_COLOR": "1"}
    done = subprocess.run(
        [
            str(WIFDOCTOR),
            *("report", "--lab", "subject-case", "--exchange"),
            *("--format", "html", "--output", str(html)),
        ],
        env=env,
        capture_output=True,
        text=True,
    )
    if done.returncode not in (0, 1):  # 1: the scenario has an error finding, as it should
        raise SystemExit(f"wifdoctor report failed: {done.stderr}")


def screenshot(chromium: str, html: Path, png: Path, size: tuple[int, int] = (1100, 2000)) -> None:
    with tempfile.TemporaryDirectory(prefix="wifdoctor-chromium-") as profile:
        subprocess.run(
            [
                chromium,
                *FLAGS,
                f"--user-data-dir={profile}",
                f"--window-size={size[0]},{size[1]}",
                f"--screenshot={png}",
                html.as_uri(),
            ],
            check=True,
            capture_output=True,
            timeout=120,
        )


def print_pdf(chromium: str, html: Path, pdf: Path) -> None:
    """The page as printed (A4/Letter by Chromium's defaults, the page's print styles)."""
    with tempfile.TemporaryDirectory(prefix="wifdoctor-chromium-") as profile:
        subprocess.run(
            [
                chromium,
                *FLAGS,
                f"--user-data-dir={profile}",
                "--no-pdf-header-footer",
                f"--print-to-pdf={pdf}",
                html.as_uri(),
            ],
            check=True,
            capture_output=True,
            timeout=120,
        )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out", type=Path, default=ROOT / "screenshots" / "report.png")
    parser.add_argument("--html", type=Path, help="Render this HTML file instead.")
    args = parser.parse_args()
    chromium = find_chromium()
    if chromium is None:
        print("chromium is not installed (apt-get install chromium)", file=sys.stderr)
        return 3
    with tempfile.TemporaryDirectory(prefix="wifdoctor-report-") as tmp:
        html = args.html
        if html is None:
            html = Path(tmp) / "report.html"
            write_report(html)
        args.out.parent.mkdir(parents=True, exist_ok=True)
        screenshot(chromium, html.resolve(), args.out.resolve())
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
