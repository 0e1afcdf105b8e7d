"""The handout's own words: catalogs complete and compiled, Spanish dose grammar, Babel dates."""

from __future__ import annotations

import gettext
import re
from datetime import date

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from hep_builder import paths
from hep_builder.core.dose_text import dose_sentence
from hep_builder.core.exercise import Dosage
from hep_builder.core.i18n import DOMAIN, catalog_languages, translator
from tests.conftest import REPO

# The same keywords as the README's `pybabel extract` line.
KEYWORDS = {"N_": None, "tr": None, "format": None, "plural": (1, 2)}
PLACES = re.compile(r"\{\w+\}")


def source_messages() -> set[str | tuple[str, str]]:
    found = set()
    for _file, _line, message, _comments, _context in extract_from_dir(
        REPO / "hep_builder", method_map=[("**.py", "python")], keywords=KEYWORDS
    ):
        found.add(message if isinstance(message, str) else tuple(message))
    return found


def po_catalog(language: str):
    with open(paths.locale_dir() / language / "LC_MESSAGES" / f"{DOMAIN}.po", "rb") as handle:
        return read_po(handle)


def test_the_spanish_catalog_is_complete_and_keeps_every_placeholder() -> None:
    catalog = po_catalog("es")
    messages = {m.id if isinstance(m.id, str) else tuple(m.id): m for m in catalog if m.id}
    missing = sorted(str(m) for m in source_messages() if m not in messages)
    assert missing == [], "untranslated: run pybabel extract + update (README)"
    for key, message in messages.items():
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        assert all(strings) and not message.fuzzy, f"no Spanish for {key!r}"
        wanted = set(PLACES.findall(key if isinstance(key, str) else key[1]))
        for text in strings:
            assert set(PLACES.findall(text)) <= wanted, f"{key!r}: {text!r} has an unknown {{place}}"
    assert catalog.num_plurals == 2


def test_the_compiled_catalogs_and_the_template_are_up_to_date() -> None:
    for language in catalog_languages()[1:]:
        po = po_catalog(language)
        with open(paths.locale_dir() / language / "LC_MESSAGES" / f"{DOMAIN}.mo", "rb") as handle:
            compiled = gettext.GNUTranslations(handle)
        for message in po:
            if not message.id:
                continue
            if isinstance(message.id, str):
                assert compiled.gettext(message.id) == message.string, "stale .mo: run pybabel compile (README)"
            else:
                for count, text in zip((1, 2), message.string, strict=True):
                    assert compiled.ngettext(*message.id, count) == text, "stale .mo: run pybabel compile"
    with open(paths.locale_dir() / f"{DOMAIN}.pot", "rb") as handle:
        template = {m.id if isinstance(m.id, str) else tuple(m.id) for m in read_po(handle) if m.id}
    assert template == source_messages(), "stale .pot: run pybabel extract (README)"


def test_spanish_is_shipped_and_unknown_languages_print_english() -> None:
    assert catalog_languages() == ("en", "es")
    assert translator("es").translated and not translator("en").translated
    french = translator("fr")
    assert not french.translated and french("Tips:") == "Tips:"
    assert french.long_date(date(2026, 12, 23)) == "Wednesday, December 23, 2026"


@pytest.mark.parametrize(
    ("dose", "english", "spanish"),
    [
        (
            Dosage(sets=2, reps=10, hold_seconds=5, times_per_day=1, days_per_week=5, side="each"),
            "2 sets of 10 · hold each 5 seconds · once a day · 5 days a week · each side",
            "2 series de 10 · mantenga 5 segundos · una vez al día · 5 días a la semana · cada lado",
        ),
        (
            Dosage(sets=1, reps=1, times_per_day=3, days_per_week=1, resistance="light band"),
            "1 set of 1 · use: light band · 3 times a day · 1 day a week",
            "1 serie de 1 · use: liga suave · 3 veces al día · 1 día a la semana",
        ),
        (
            Dosage(sets=3, hold_seconds=60, rest_seconds=30, times_per_day=2, days_per_week=7, side="alternate"),
            "3 holds of 1 minute · rest 30 seconds between sets · twice a day · every day · switch sides each time",
            "mantenga 1 minuto, 3 veces · descanse 30 segundos entre series · dos veces al día · todos los días · "
            "cambie de lado cada vez",
        ),
        (Dosage(resistance="Theraband azul"), "use: Theraband azul", "use: Theraband azul"),  # typed: as typed
        (Dosage(), "As your therapist showed you", "Como le enseñó su terapeuta"),
    ],
)
def test_the_dose_in_plain_words(dose: Dosage, english: str, spanish: str) -> None:
    assert dose_sentence(dose) == english
    assert dose_sentence(dose, translator("es")) == spanish


def test_dates_and_weekdays_in_each_language() -> None:
    day = date(2026, 12, 23)
    spanish, english = translator("es"), translator("en")
    assert spanish.long_date(day) == "miércoles, 23 de diciembre de 2026"
    assert spanish.medium_date(day) == "23 de diciembre de 2026"
    assert (spanish.weekday(day), spanish.weekday(day, "short"), spanish.month_day(day)) == ("Mié", "Mi", "23/12")
    assert english.long_date(day) == "Wednesday, December 23, 2026"
    assert english.medium_date(day) == "December 23, 2026"
    assert (english.weekday(day), english.weekday(day, "short"), english.month_day(day)) == ("Wed", "We", "12/23")
    assert [spanish.weekday(date(2026, 12, 21 + n)) for n in range(7)] == [
        "Lun", "Mar", "Mié", "Jue", "Vie", "Sáb", "Dom",
    ]  # fmt: skip


def test_languages_are_named_in_themselves_and_in_english() -> None:
    from hep_builder.core.i18n import language_label, language_self_name

    assert [language_self_name(c) for c in ("en", "es", "so", "zz")] == ["English", "Español", "Soomaali", "zz"]
    assert [language_label(c) for c in ("es", "so", "zz")] == ["Spanish", "Somali", "zz"]


def test_the_handouts_own_spanish_words_read_easily() -> None:
    from hep_builder.core.readability import fernandez_huerta
    from hep_builder.core.red_flags import HOW_TO_USE, RED_FLAGS

    spanish = translator("es")
    safety = [spanish(g.heading) for g in RED_FLAGS] + [spanish(item) for g in RED_FLAGS for item in g.items]
    for text in (safety, [spanish(line) for line in HOW_TO_USE]):
        assert fernandez_huerta("\n".join(text)) >= 70
