"""The words that open UN resolution paragraphs, built once at import.

Preambular paragraphs open with a participle or an adjective ("Recalling", "Deeply
concerned", "Mindful"); operative paragraphs with a verb in the present tense ("Requests",
"Takes note"). Both may be preceded by adverbs ("Also", "Further", "Once again",
"Strongly"). The lists are not closed: a paragraph that opens with an unknown "-ing" or
"-ed" word and ends with a comma is also read as preambular (see paragraphs.py).
"""

from __future__ import annotations

import re

PREAMBULAR = frozenset(
    """
    acknowledging affirming alarmed appalled appreciating approving aware bearing believing
    cognizant commending concerned condemning conscious considering convinced deploring
    desiring desirous determined disturbed emphasizing encouraged encouraging endorsing
    expressing fully gravely guided having highlighting inspired keeping mindful noting
    observing persuaded reaffirming realizing recalling recognizing regretting reiterating
    reminding resolved seeking seized shocked stressing taking troubled underlining
    underscoring urging welcoming acknowledged alarming believing cognisant recognising
    realising emphasising underlining outraged saddened deeply profoundly strongly
    re-emphasizing reemphasizing responding pursuant referring looking agreeing accepting
    determining continuing confirming declaring notes noting emphasising
    """.split()
) - {"notes"}

OPERATIVE = frozenset(
    """
    accepts acknowledges adopts affirms agrees appeals applauds appreciates approves
    authorizes calls commends concurs condemns confirms considers declares decides
    demands deplores designates directs emphasizes encourages endorses establishes expresses
    extends highlights insists instructs invites notes proclaims reaffirms recalls
    recognizes recommends regrets reiterates rejects renews reminds requests requires
    resolves stresses strongly supports takes underlines underscores urges welcomes
    calls expects agrees elects appoints deems looks wishes draws pays salutes
    transmits approves determines emphasises recognises authorises re-emphasizes adopt
    welcome recognize reaffirm commit request decide call urge encourage invite note
    acknowledge stress emphasize underline express recall pledge resolve commits pledges
    """.split()
)

ADVERBS = frozenset(
    "also further again once moreover furthermore more strongly deeply gravely firmly "
    "fully particularly seriously profoundly solemnly".split()
)

_WORD = re.compile(r"[A-Za-z][A-Za-z'\-]*")


def core_word(text: str) -> str:
    """The first non-adverb word of `text`, lower-cased: "Also requests" -> "requests"."""
    for match in _WORD.finditer(text[:80]):
        word = match.group(0).lower()
        if word not in ADVERBS and not (len(word) > 4 and word.endswith("ly")):
            return word
    return ""


def starts_like_paragraph(text: str) -> bool:
    """Whether a line could open a paragraph of its own: its first real word is a lead word.

    Used where no blank line separates paragraphs, so it errs towards known words and
    participles: a capitalised noun at the start of a wrapped line must not split a paragraph.
    """
    word = core_word(text)
    return word in PREAMBULAR or word in OPERATIVE or (len(word) > 5 and word.endswith("ing"))
