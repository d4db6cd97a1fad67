"""Write docs/findings.md from the catalogue (wifdoctor/knowledge). Run after changing a finding:
python scripts/findings_doc.py   (tests/test_docs.py fails while the file is out of date)"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from wifdoctor.report.catalogue import catalogue_markdown  # noqa: E402

TARGET = ROOT / "docs" / "findings.md"


def main() -> None:
    TARGET.parent.mkdir(exist_ok=True)
    TARGET.write_text(catalogue_markdown(), encoding="utf-8")
    print(TARGET)


if __name__ == "__main__":
    main()
