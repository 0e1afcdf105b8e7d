"""Reading level of patient text: Flesch-Kincaid grade (English), Fernández-Huerta ease (Spanish) (core layer)."""

from __future__ import annotations

import re

_WORD = re.compile(r"[A-Za-z]+(?:'[A-Za-z]+)?")
_SENTENCE_END = re.compile(r"[.!?]+(?:\s|$)")
_VOWEL_GROUPS = re.compile(r"[aeiouy]+")


def count_syllables(word: str) -> int:
    """A common English heuristic: vowel groups, minus a silent final e, at least one."""
    word = word.lower().strip("'")
    if len(word) <= 3:
        return 1
    word = re.sub(r"(?:[^laeiouy]es|ed|[^laeiouy]e)$", "", word)
    word = re.sub(r"^y", "", word)
    return max(1, len(_VOWEL_GROUPS.findall(word)))


def sentences(text: str) -> int:
    """Sentences, counting each list item or line without end punctuation as one."""
    count = 0
    for chunk in text.splitlines():
        chunk = chunk.strip()
        if not chunk:
            continue
        count += max(1, len(_SENTENCE_END.findall(chunk + " ")))
    return max(1, count)


def flesch_kincaid_grade(text: str) -> float:
    words = _WORD.findall(text)
    if not words:
        return 0.0
    syllables = sum(count_syllables(w) for w in words)
    return 0.39 * (len(words) / sentences(text)) + 11.8 * (syllables / len(words)) - 15.59


# --- Spanish: Fernández-Huerta reading ease -------------------------------------------------------------

_SPANISH_WORD = re.compile(r"[A-Za-zÁÉÍÓÚÜÑáéíóúüñ]+")
_SPANISH_VOWELS = re.compile(r"[aeiouáéíóúü]+")
_STRONG = set("aeoáéó")
_ACCENTED_WEAK = set("íú")


def count_spanish_syllables(word: str) -> int:
    """Spanish syllables: one per vowel group, plus one per hiatus inside a group.

    A weak vowel (i, u, ü) beside another vowel forms a diphthong (one syllable: "cuer-po", "ai-re");
    two strong vowels (a, e, o) or an accented weak one (í, ú) split into two ("le-a", "dí-a").
    The silent u of "qu"/"gu" before e/i joins its group, so it adds nothing.
    """
    word = re.sub(r"y$", "i", word.lower())  # "hoy", "muy", "y": a vowel at the end, a consonant elsewhere
    total = 0
    for group in _SPANISH_VOWELS.findall(word):
        total += 1
        for left, right in zip(group, group[1:], strict=False):
            if (left in _STRONG and right in _STRONG) or left in _ACCENTED_WEAK or right in _ACCENTED_WEAK:
                total += 1
    return max(1, total)


def fernandez_huerta(text: str) -> float:
    """Fernández-Huerta reading ease for Spanish (0-100; 70 or more is easy, about grade 6).

    Computed like the English grade: words, syllables and sentences of the same text. We use the corrected
    form (Law, 2011): 206.84 - 60 x syllables per word - 1.02 x words per sentence; the 1959 paper's
    "sentences per 100 words" term rewards long sentences by mistake.
    """
    words = _SPANISH_WORD.findall(text)
    if not words:
        return 100.0
    syllables = sum(count_spanish_syllables(w) for w in words)
    return 206.84 - 60 * (syllables / len(words)) - 1.02 * (len(words) / sentences(text))
