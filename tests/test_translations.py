"""Every string a person reads goes through Babel and has its Vietnamese translation."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parent.parent
PO = ROOT / "votesys" / "translations" / "vi" / "LC_MESSAGES" / "messages.po"


def catalog():
    with PO.open("rb") as handle:
        return read_po(handle)


def test_every_message_has_a_vietnamese_translation():
    missing = [m.id for m in catalog() if m.id and (not _translated(m.string) or m.fuzzy)]
    assert missing == []


def _translated(string) -> bool:
    """A translation, or every form of a plural one, is there."""
    forms = string if isinstance(string, tuple) else (string,)
    return bool(forms) and all(forms)


def test_the_catalog_holds_every_string_in_the_code_and_templates(tmp_path):
    pot = tmp_path / "messages.pot"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "babel.messages.frontend",
            "extract",
            "-F",
            str(ROOT / "babel.cfg"),
            "-k",
            "N_",
            "-k",
            "_l",
            "-k",
            "lazy_gettext",
            "-o",
            str(pot),
            str(ROOT),
        ],
        check=True,
        capture_output=True,
        cwd=ROOT,
    )
    with pot.open("rb") as handle:
        extracted = {m.id for m in read_po(handle) if m.id}
    known = {m.id for m in catalog() if m.id}
    assert sorted(extracted - known) == [], "run scripts/translations.py and translate"


def test_placeholders_survive_translation():
    import re

    placeholder = re.compile(r"%\((\w+)\)[sd]")
    for message in catalog():
        if not (message.id and message.string):
            continue
        # A plural entry has a tuple of forms, each of which keeps the placeholders.
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        names = set().union(*(placeholder.findall(text) for text in ids))
        for text in strings:
            assert names == set(placeholder.findall(text)), message.id
