"""The handout's own words in the patient's language: gettext catalogs and Babel dates (core layer).

English is the source language: every string is its own msgid. Other languages come from the compiled
catalog ``locale/<lang>/LC_MESSAGES/hep_builder.mo`` (``paths.locale_dir``), built from the ``.po`` beside
it. Dates and weekday names come from Babel's CLDR data, so "miércoles, 23 de diciembre de 2026" is
spelled the way the language spells it. A language without a catalog prints English.
"""

from __future__ import annotations

import gettext
from dataclasses import dataclass
from datetime import date
from functools import cache, cached_property
from typing import Any

from hep_builder import paths

DOMAIN = "hep_builder"
SOURCE_LANGUAGE = "en"
# Each language named in itself: what the language chooser shows.
LANGUAGE_NAMES = {"en": "English", "es": "Español"}


def N_(text: str) -> str:
    """Marks ``text`` for the catalog where it is defined; it is translated where it is printed."""
    return text


@dataclass(frozen=True)
class Translator:
    """The words of one language: ``tr("Tips:")``, ``tr.plural(...)`` and dates."""

    language: str
    catalog: gettext.NullTranslations

    def __call__(self, text: str) -> str:
        return self.catalog.gettext(text)

    def plural(self, singular: str, plural: str, count: int) -> str:
        return self.catalog.ngettext(singular, plural, count)

    def format(self, text: str, **values: Any) -> str:
        """Translate, then fill the ``{named}`` places (translators may move them)."""
        return self(text).format(**values)

    @property
    def translated(self) -> bool:
        """False for English, and for a language we have no catalog for (it prints English)."""
        return type(self.catalog) is not gettext.NullTranslations

    @cached_property
    def _locale(self) -> Any:
        from babel import Locale, UnknownLocaleError  # lazily: the GUI start never pays for CLDR data

        for code in (self.language.replace("-", "_"), self.language.split("-")[0], SOURCE_LANGUAGE):
            try:
                return Locale.parse(code)
            except (ValueError, UnknownLocaleError):
                continue
        raise AssertionError("English CLDR data is always shipped")

    def _babel_locale(self) -> Any:
        return self._locale if self.translated else _english_locale()

    def long_date(self, day: date) -> str:
        """ "Wednesday, December 23, 2026"; "miércoles, 23 de diciembre de 2026"."""
        from babel.dates import format_date

        return format_date(day, "full", locale=self._babel_locale())

    def medium_date(self, day: date) -> str:
        """ "December 23, 2026"; "23 de diciembre de 2026"."""
        from babel.dates import format_date

        return format_date(day, "long", locale=self._babel_locale())

    def weekday(self, day: date, width: str = "abbreviated") -> str:
        """The weekday's name, capitalised for a column head: "Wed", "Mié"; ``width="short"``: "We", "Mi"."""
        name = self._babel_locale().days["format"][width][day.weekday()]
        return name[:1].upper() + name[1:].lower().rstrip(".")

    def month_day(self, day: date) -> str:
        """The short numeric date of a log column: "12/23"; "23/12"."""
        from babel.dates import format_skeleton

        return format_skeleton("Md", day, locale=self._babel_locale())


@cache
def _english_locale() -> Any:
    from babel import Locale

    return Locale.parse(SOURCE_LANGUAGE)


def _catalog(language: str) -> gettext.NullTranslations:
    codes = [language.replace("-", "_"), language.split("-")[0]]
    return gettext.translation(DOMAIN, paths.locale_dir(), languages=codes, fallback=True)


@cache
def translator(language: str | None = None) -> Translator:
    """The words of ``language`` (a code like ``es``); English when it is empty or ``en``."""
    language = (language or SOURCE_LANGUAGE).strip() or SOURCE_LANGUAGE
    if language == SOURCE_LANGUAGE:
        return Translator(language, gettext.NullTranslations())
    return Translator(language, _catalog(language))


ENGLISH = translator(SOURCE_LANGUAGE)


def catalog_languages() -> tuple[str, ...]:
    """English and every language whose compiled catalog ships with the program."""
    found = sorted(p.parent.parent.name for p in paths.locale_dir().glob(f"*/LC_MESSAGES/{DOMAIN}.mo"))
    return (SOURCE_LANGUAGE, *(lang for lang in found if lang != SOURCE_LANGUAGE))


@cache
def language_label(code: str) -> str:
    """A language's name in English, for the therapist and the admin: "Spanish"."""
    from babel import Locale, UnknownLocaleError

    try:
        return Locale.parse(code.replace("-", "_")).get_display_name("en") or code
    except (ValueError, UnknownLocaleError):
        return code


@cache
def language_self_name(code: str) -> str:
    """A language named in itself, for the language box: "Español"; Babel's name for one a clinic added."""
    if code in LANGUAGE_NAMES:
        return LANGUAGE_NAMES[code]
    from babel import Locale, UnknownLocaleError

    try:
        name = Locale.parse(code.replace("-", "_")).get_display_name(code.replace("-", "_")) or code
    except (ValueError, UnknownLocaleError):
        return code
    return name[:1].upper() + name[1:]
