"""Reading-level estimate (Flesch-Kincaid grade) for patient-facing text (core layer)."""

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
