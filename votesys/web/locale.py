"""The language of the pages: Vietnamese first, English second (ngôn ngữ).

The chosen language is kept in the session; without a choice every page is in Vietnamese, whatever
the browser asks for. Catalogs are compiled from the .po files when they are newer than the .mo
files (``votesys translations compile`` does it at set-up; the app repeats it if needed).
"""

from __future__ import annotations

from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from flask import Flask, current_app, session

from votesys.extensions import babel

TRANSLATIONS = Path(__file__).resolve().parent.parent / "translations"
LANGUAGES = {"vi": "Tiếng Việt", "en": "English"}


def init_app(app: Flask) -> None:
    compile_catalogs()
    babel.init_app(
        app,
        locale_selector=current_language,
        default_translation_directories=str(TRANSLATIONS),
    )
    app.jinja_env.globals["LANGUAGES"] = LANGUAGES
    app.jinja_env.globals["current_language"] = current_language
    app.jinja_env.filters["day"] = day


def day(value) -> str:
    """A date as the hall writes it, whatever the language: 20/05/2025."""
    return value.strftime("%d/%m/%Y") if value else ""


def current_language() -> str:
    chosen = session.get("lang")
    return chosen if chosen in LANGUAGES else current_app.config["BABEL_DEFAULT_LOCALE"]


def compile_catalogs() -> list[Path]:
    """Compile every .po whose .mo is missing or older; return the catalogs compiled."""
    compiled = []
    for po_path in TRANSLATIONS.glob("*/LC_MESSAGES/*.po"):
        mo_path = po_path.with_suffix(".mo")
        if mo_path.exists() and mo_path.stat().st_mtime >= po_path.stat().st_mtime:
            continue
        with po_path.open("rb") as po_file:
            catalog = read_po(po_file, locale=po_path.parent.parent.name)
        with mo_path.open("wb") as mo_file:
            write_mo(mo_file, catalog)
        compiled.append(mo_path)
    return compiled
