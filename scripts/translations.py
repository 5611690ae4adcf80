#!/usr/bin/env python3
"""For developers: re-extract the strings, update the catalogs, list what lacks a translation.

    python scripts/translations.py            extract + update, report untranslated / fuzzy
    python scripts/translations.py --fill F   also take translations from F (a file with VI = {...})

The setup scripts only compile (``votesys translations compile``); this is for whoever adds strings.
"""

from __future__ import annotations

import fcntl
import runpy
import subprocess
import sys
from pathlib import Path

from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
CATALOGS = ROOT / "votesys" / "translations"
LOCK = CATALOGS / ".update.lock"  # not tracked (.gitignore)
KEYWORDS = ["-k", "N_", "-k", "_l", "-k", "lazy_gettext"]


def extract() -> None:
    pot = CATALOGS / "messages.pot"
    run = [sys.executable, "-m", "babel.messages.frontend"]
    subprocess.run(
        [
            *run,
            "extract",
            "-F",
            str(ROOT / "babel.cfg"),
            *KEYWORDS,
            "--no-location",
            "--omit-header",
            "-o",
            str(pot),
            str(ROOT),
        ],
        check=True,
        capture_output=True,
    )
    subprocess.run(
        [*run, "update", "-i", str(pot), "-d", str(CATALOGS), "--no-fuzzy-matching"],
        check=True,
        capture_output=True,
    )


def fill(po_path: Path, translations: dict[str, str]) -> list[str]:
    with po_path.open("rb") as handle:
        catalog = read_po(handle)
    missing = []
    for message in catalog:
        if not message.id:
            continue
        if message.id in translations:
            message.string = translations[message.id]
            message.flags.discard("fuzzy")
        forms = message.string if isinstance(message.string, tuple) else (message.string,)
        if not all(forms) or message.fuzzy:
            missing.append(message.id)
    with po_path.open("wb") as handle:
        write_po(handle, catalog, width=100, omit_header=False)
    return missing


def main() -> int:
    # Several people may add strings at once: one update of the catalogs at a time.
    lock = open(LOCK, "w")  # noqa: SIM115 (held until the process ends)
    fcntl.flock(lock, fcntl.LOCK_EX)
    extract()
    extra = {}
    if len(sys.argv) == 3 and sys.argv[1] == "--fill":
        extra = runpy.run_path(sys.argv[2])["VI"]
    missing = fill(CATALOGS / "vi" / "LC_MESSAGES" / "messages.po", extra)
    for message_id in missing:
        print(f"untranslated: {message_id!r}")
    return 1 if missing else 0


if __name__ == "__main__":
    raise SystemExit(main())
