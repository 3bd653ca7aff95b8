"""The words the tracker writes into a resolution's own text, in the text's language.

The interface is translated into the reader's language (gettext, locale/); a resolution's
text is not. Where the text itself does not say them, the tracker adds a few words to it:
the enacting formula ("The Human Rights Council,"), the line that says who adopted it and
when, and the closing note ("Adopted without a vote."). They follow `Resolution.language`,
worded as the UN's documents in that language word them, whatever the reader's interface.
English and French are written here; a text in any other language, or by a body the table
does not name, gets the English words.
"""

import datetime
from dataclasses import dataclass, replace

from django.utils import formats, translation


@dataclass(frozen=True)
class TextWords:
    language: str
    # A body as the text names it, by its stored (English) name: "the Human Rights Council".
    bodies: dict[str, str]
    # The kinds of text, each with the word for "adopted" that agrees with it.
    kinds: dict[str, tuple[str, str]]
    adopted_by_line: str  # "{kind} {adopted} by {body} on ", the date after it
    closing: dict[str, str]  # by adoption mode: "{Adopted} without a vote."
    abstentions: tuple[str, str]  # the singular, the plural
    singular_counts: frozenset[int]  # the counts that take the singular

    def _kind(self, kind: str) -> tuple[str, str]:
        return self.kinds.get(kind, self.kinds["resolution"])

    def enacting_formula(self, body_name: str) -> str:
        """ "The Human Rights Council,", "Le Conseil des droits de l'homme,"."""
        return f"{_capitalised(self.bodies[body_name])},"

    def adopted_by(self, kind: str, body_name: str) -> str:
        """What comes before the date of adoption: "Resolution adopted by the Human Rights
        Council on "."""
        kind_name, adopted = self._kind(kind)
        return self.adopted_by_line.format(
            kind=kind_name, adopted=adopted, body=self.bodies[body_name]
        )

    def closing_note(self, kind: str, mode: str, *, in_favour, against, abstaining) -> str:
        """How the text says it was adopted: "Adopted without a vote.", or "" for a mode
        the table does not word (none recorded)."""
        sentence = self.closing.get(mode)
        if sentence is None:
            return ""
        abstaining = abstaining or 0
        singular, plural = self.abstentions
        return sentence.format(
            Adopted=_capitalised(self._kind(kind)[1]),
            in_favour=in_favour,
            against=against,
            abstaining=abstaining,
            abstentions=singular if abstaining in self.singular_counts else plural,
        )

    def long_date(self, date: datetime.date) -> str:
        """ "30 June 2016", "30 juin 2016": the month named in this language (Django's own
        catalogue names the months in every language it has)."""
        with translation.override(self.language):
            return formats.date_format(date, "j F Y")


def _capitalised(words: str) -> str:
    return words[:1].upper() + words[1:]


BODY_NAMES = [
    "Human Rights Council",
    "General Assembly",
    "Security Council",
    "Economic and Social Council",
    "Commission on Human Rights",
]

ENGLISH = TextWords(
    language="en",
    bodies={name: f"the {name}" for name in BODY_NAMES},
    kinds={
        "resolution": ("Resolution", "adopted"),
        "decision": ("Decision", "adopted"),
        "presidential_statement": ("President's statement", "adopted"),
        "amendment": ("Amendment", "adopted"),
    },
    adopted_by_line="{kind} {adopted} by {body} on ",
    closing={
        "without_vote": "{Adopted} without a vote.",
        "consensus": "{Adopted} by consensus.",
        "non_recorded_vote": "{Adopted} by a non-recorded vote.",
        "recorded_vote": (
            "{Adopted} by a recorded vote of {in_favour} to {against}, "
            "with {abstaining} {abstentions}."
        ),
    },
    abstentions=("abstention", "abstentions"),
    singular_counts=frozenset({1}),
)

FRENCH = TextWords(
    language="fr",
    bodies={
        "Human Rights Council": "le Conseil des droits de l'homme",
        "General Assembly": "l'Assemblée générale",
        "Security Council": "le Conseil de sécurité",
        "Economic and Social Council": "le Conseil économique et social",
        "Commission on Human Rights": "la Commission des droits de l'homme",
    },
    kinds={
        "resolution": ("Résolution", "adoptée"),
        "decision": ("Décision", "adoptée"),
        "presidential_statement": ("Déclaration du Président", "adoptée"),
        "amendment": ("Amendement", "adopté"),
    },
    adopted_by_line="{kind} {adopted} par {body} le ",
    closing={
        "without_vote": "{Adopted} sans vote.",
        "consensus": "{Adopted} par consensus.",
        "non_recorded_vote": "{Adopted} à l'issue d'un vote non enregistré.",
        "recorded_vote": (
            "{Adopted} à l'issue d'un vote enregistré par {in_favour} voix contre {against}, "
            "avec {abstaining} {abstentions}."
        ),
    },
    abstentions=("abstention", "abstentions"),
    singular_counts=frozenset({0, 1}),
)

TEXT_WORDS = {words.language: words for words in (ENGLISH, FRENCH)}


def words_for(language: str, body_name: str = "") -> TextWords:
    """The words of a text in `language` (an ISO 639-1 code), adopted by the body of that
    (English) name: English where the table has none for the language or for the body."""
    words = TEXT_WORDS.get((language or "").lower(), ENGLISH)
    if body_name and body_name not in words.bodies:
        return _english_for(body_name)
    return words


def _english_for(body_name: str) -> TextWords:
    """English words that name a body the table does not know as it is stored."""
    if body_name in ENGLISH.bodies:
        return ENGLISH
    return replace(ENGLISH, bodies={**ENGLISH.bodies, body_name: f"the {body_name}"})
