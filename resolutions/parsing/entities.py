"""The catalogue of addressee entities the tracker knows by name: who a resolution may ask to
act, with the names texts use for each.

Each entry is one entity, with its kind and a short stable slug; `aliases` are the ways
texts write it, compared without regard to case after "the". Mandates that texts create and
name by their title (each special rapporteur, independent expert and working group, each
commission of inquiry) are not listed here: addressees.py reads them from the text.

The High Commissioner and the Office of the High Commissioner are one entity, OHCHR: the
High Commissioner heads the Office, requests to either are answered by the Office's reports
(A/HRC/31/81 is "Report of the United Nations High Commissioner for Human Rights" whatever
the request named), and staff follow them as one queue. The same holds for the High
Commissioner for Refugees and UNHCR.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

SECRETARIAT = "secretariat"
SPECIAL_PROCEDURE = "special_procedure"
COMMISSION_OF_INQUIRY = "commission_of_inquiry"
TREATY_BODY = "treaty_body"
AGENCY = "agency"
ADVISORY_COMMITTEE = "advisory_committee"
STATES = "states"
BODY_ITSELF = "body_itself"
OTHER = "other"

KINDS = (
    SECRETARIAT,
    SPECIAL_PROCEDURE,
    COMMISSION_OF_INQUIRY,
    TREATY_BODY,
    AGENCY,
    ADVISORY_COMMITTEE,
    STATES,
    BODY_ITSELF,
    OTHER,
)


@dataclass(frozen=True)
class Known:
    name: str
    kind: str
    slug: str
    aliases: tuple[str, ...]
    # The short forms that refer back to this entity when it is the last of them named:
    # "the Office" after "the United Nations Office on Drugs and Crime" is UNODC.
    families: tuple[str, ...] = ()


OHCHR_SLUG = "ohchr"

CATALOGUE = (
    Known(
        "Secretary-General",
        SECRETARIAT,
        "secretary-general",
        ("Secretary-General", "Secretary General", "Secretary-General of the United Nations"),
    ),
    Known("United Nations Secretariat", SECRETARIAT, "secretariat", ("Secretariat",)),
    Known(
        "Emergency Relief Coordinator", SECRETARIAT, "emergency-relief-coordinator",
        ("Emergency Relief Coordinator",),
    ),
    Known(
        "Office of the United Nations High Commissioner for Human Rights (OHCHR)",
        SECRETARIAT,
        OHCHR_SLUG,
        (
            "Office of the United Nations High Commissioner for Human Rights",
            "United Nations High Commissioner for Human Rights",
            "Office of the High Commissioner for Human Rights",
            "High Commissioner for Human Rights",
            "OHCHR",
        ),
        ("high_commissioner", "office"),
    ),
    Known(
        "Office of the United Nations High Commissioner for Refugees (UNHCR)",
        AGENCY,
        "unhcr",
        (
            "Office of the United Nations High Commissioner for Refugees",
            "United Nations High Commissioner for Refugees",
            "High Commissioner for Refugees",
            "UNHCR",
        ),
        ("high_commissioner", "office"),
    ),
    Known(
        "Human Rights Council Advisory Committee",
        ADVISORY_COMMITTEE,
        "advisory-committee",
        (
            "Human Rights Council Advisory Committee",
            "Advisory Committee of the Human Rights Council",
            "Advisory Committee",
        ),
        ("committee",),
    ),
    Known(
        "Advisory Committee on Administrative and Budgetary Questions",
        OTHER,
        "acabq",
        ("Advisory Committee on Administrative and Budgetary Questions", "ACABQ"),
        ("committee",),
    ),
    Known(
        "Human rights treaty bodies", TREATY_BODY, "treaty-bodies",
        ("human rights treaty bodies", "treaty bodies"),
    ),
    Known("Human Rights Committee", TREATY_BODY, "ccpr", ("Human Rights Committee",),
          ("committee",)),
    Known(
        "Committee on Economic, Social and Cultural Rights", TREATY_BODY, "cescr",
        ("Committee on Economic, Social and Cultural Rights",), ("committee",),
    ),
    Known(
        "Committee on the Elimination of Racial Discrimination", TREATY_BODY, "cerd",
        ("Committee on the Elimination of Racial Discrimination",), ("committee",),
    ),
    Known(
        "Committee on the Elimination of Discrimination against Women", TREATY_BODY, "cedaw",
        ("Committee on the Elimination of Discrimination against Women",), ("committee",),
    ),
    Known("Committee against Torture", TREATY_BODY, "cat", ("Committee against Torture",),
          ("committee",)),
    Known(
        "Subcommittee on Prevention of Torture", TREATY_BODY, "spt",
        ("Subcommittee on Prevention of Torture and Other Cruel, Inhuman or Degrading Treatment "
         "or Punishment", "Subcommittee on Prevention of Torture"), ("committee",),
    ),
    Known(
        "Committee on the Rights of the Child", TREATY_BODY, "crc",
        ("Committee on the Rights of the Child",), ("committee",),
    ),
    Known(
        "Committee on Migrant Workers", TREATY_BODY, "cmw",
        ("Committee on the Protection of the Rights of All Migrant Workers and Members of "
         "Their Families", "Committee on Migrant Workers"), ("committee",),
    ),
    Known(
        "Committee on the Rights of Persons with Disabilities", TREATY_BODY, "crpd",
        ("Committee on the Rights of Persons with Disabilities",), ("committee",),
    ),
    Known(
        "Committee on Enforced Disappearances", TREATY_BODY, "ced",
        ("Committee on Enforced Disappearances",), ("committee",),
    ),
    Known(
        "Commission on Human Rights in South Sudan", COMMISSION_OF_INQUIRY,
        "commission-on-human-rights-in-south-sudan", ("Commission on Human Rights in South Sudan",),
        ("commission",),
    ),
    Known(
        "Special procedures of the Human Rights Council", SPECIAL_PROCEDURE, "special-procedures",
        ("special procedures mandate holders", "special procedure mandate holders",
         "special procedures", "mandate holders"),
    ),
    Known(
        "Expert Mechanism on the Rights of Indigenous Peoples", OTHER, "emrip",
        ("Expert Mechanism on the Rights of Indigenous Peoples",), ("expert_mechanism",),
    ),
    Known(
        "United Nations Office on Drugs and Crime (UNODC)", AGENCY, "unodc",
        ("United Nations Office on Drugs and Crime", "UNODC"), ("office",),
    ),
    Known(
        "Office for the Coordination of Humanitarian Affairs (OCHA)", SECRETARIAT, "ocha",
        ("Office for the Coordination of Humanitarian Affairs", "OCHA"), ("office",),
    ),
    Known("United Nations Children's Fund (UNICEF)", AGENCY, "unicef",
          ("United Nations Children's Fund", "UNICEF")),
    Known("United Nations Development Programme (UNDP)", AGENCY, "undp",
          ("United Nations Development Programme", "UNDP")),
    Known("United Nations Population Fund (UNFPA)", AGENCY, "unfpa",
          ("United Nations Population Fund", "UNFPA")),
    Known("United Nations Entity for Gender Equality and the Empowerment of Women (UN-Women)",
          AGENCY, "un-women",
          ("United Nations Entity for Gender Equality and the Empowerment of Women", "UN-Women",
           "UN Women")),
    Known("United Nations Educational, Scientific and Cultural Organization (UNESCO)", AGENCY,
          "unesco", ("United Nations Educational, Scientific and Cultural Organization",
                     "UNESCO")),
    Known("United Nations Environment Programme (UNEP)", AGENCY, "unep",
          ("United Nations Environment Programme", "UNEP")),
    Known("United Nations Conference on Trade and Development (UNCTAD)", AGENCY, "unctad",
          ("United Nations Conference on Trade and Development", "UNCTAD")),
    Known("Joint United Nations Programme on HIV/AIDS (UNAIDS)", AGENCY, "unaids",
          ("Joint United Nations Programme on HIV/AIDS", "UNAIDS")),
    Known("World Health Organization (WHO)", AGENCY, "who", ("World Health Organization",)),
    Known("International Labour Organization (ILO)", AGENCY, "ilo",
          ("International Labour Organization", "International Labour Office", "ILO")),
    Known("Food and Agriculture Organization of the United Nations (FAO)", AGENCY, "fao",
          ("Food and Agriculture Organization of the United Nations",
           "Food and Agriculture Organization", "FAO")),
    Known("World Food Programme (WFP)", AGENCY, "wfp", ("World Food Programme", "WFP")),
    Known("International Organization for Migration (IOM)", AGENCY, "iom",
          ("International Organization for Migration", "IOM")),
    Known("World Bank", AGENCY, "world-bank", ("World Bank",)),
    Known("International Monetary Fund", AGENCY, "imf", ("International Monetary Fund", "IMF")),
    Known("United Nations system", AGENCY, "united-nations-system",
          ("United Nations system", "United Nations development system")),
    Known("United Nations agencies, funds and programmes", AGENCY, "un-agencies",
          ("United Nations agencies, funds and programmes", "specialized agencies",
           "funds and programmes")),
    Known("Non-governmental organizations", OTHER, "ngos",
          ("non-governmental organizations", "civil society organizations", "civil society")),
    Known("National human rights institutions", OTHER, "nhris",
          ("national human rights institutions",)),
    Known("Business enterprises", OTHER, "business",
          ("business enterprises", "private sector")),
    Known("Regional organizations", OTHER, "regional-organizations",
          ("regional and subregional organizations", "regional organizations")),
    Known("International community", OTHER, "international-community",
          ("international community",)),
    Known("President of the Human Rights Council", OTHER, "president-hrc",
          ("President of the Human Rights Council", "President of the Council")),
    Known("President of the General Assembly", OTHER, "president-ga",
          ("President of the General Assembly",)),
)  # fmt: skip

_WORD = re.compile(r"[^a-z0-9]+")
SLUG_LENGTH = 100


def slug_of(name: str) -> str:
    """A URL's name for an entity: ascii, lower case, words joined by hyphens, at most
    SLUG_LENGTH characters cut at a word."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    slug = _WORD.sub("-", ascii_name.lower()).strip("-")
    if len(slug) > SLUG_LENGTH:
        slug = slug[:SLUG_LENGTH].rsplit("-", 1)[0]
    return slug
