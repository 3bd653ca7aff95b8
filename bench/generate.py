"""Realistic data at scale: N resolutions of about 30 paragraphs each, from the shapes of
real texts, written in bulk into the database named by DATABASE_URL.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/tracker_bench \\
        .venv/bin/python bench/generate.py --count 10000

Paragraphs are drawn from the parsed texts under tests/data/ (preambular from preambular,
operative from operative, with their citations and follow-up requests), spread over the
Human Rights Council's and the General Assembly's sessions and agenda items, with the
adoption modes and vote counts in the proportions of the catalogue. The same seed gives
the same data. Used by bench/search.py and bench/pages.py; never by tests.
"""

import argparse
import datetime
import os
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
BATCH = 2000


def paragraph_pool():
    from resolutions.parsing import ParseError, parse
    from resolutions.sources.textfiles import read_text

    preambular, operative = [], []
    for path in sorted((ROOT / "tests" / "data").rglob("*.txt")):
        try:
            parsed = parse(read_text(path))
        except ParseError:
            continue
        cited = {}
        for citation in parsed.citations:
            cited.setdefault(citation.paragraph, []).append(citation.symbol)
        asked = {}
        for follow_up in parsed.follow_ups:
            asked.setdefault(follow_up.paragraph, []).append(follow_up)
        for paragraph in parsed.paragraphs:
            entry = (paragraph, cited.get(paragraph.label, []), asked.get(paragraph.label, []))
            (preambular if paragraph.kind == "preambular" else operative).append(entry)
    return preambular, operative


def generate(count: int, seed: int = 2016, progress=print):
    from django.db import transaction

    from resolutions import models
    from resolutions.importing.rows import documents_for

    rng = random.Random(seed)
    preambular, operative = paragraph_pool()
    hrc = models.Body.objects.get(short_name="HRC")
    ga = models.Body.objects.get(short_name="GA")
    hrc_sessions = list(models.Session.objects.filter(body=hrc, kind="regular", number__gte=7))
    items = {b.id: list(models.AgendaItem.objects.filter(body=b)) for b in (hrc, ga)}
    if not items[ga.id]:
        items[ga.id] = [
            models.AgendaItem.objects.get_or_create(body=ga, number=n)[0] for n in range(60, 75)
        ]
    titles = sorted({p.text.split(",")[0][:120] for p, _, _ in preambular})
    modes = ["without_vote"] * 6 + ["recorded_vote"] * 3 + ["non_recorded_vote"]
    start = time.perf_counter()
    made = 0
    while made < count:
        size = min(BATCH // 40, count - made)
        with transaction.atomic():
            resolutions = []
            for index in range(made, made + size):
                body = hrc if index % 4 else ga
                if body is hrc:
                    session = rng.choice(hrc_sessions)
                    adopted = session.end_date or datetime.date(session.year, 12, 1)
                else:
                    session = None
                    adopted = datetime.date(2000 + index % 26, 12, 1 + index % 20)
                mode = rng.choice(modes)
                voted = mode == "recorded_vote"
                resolutions.append(
                    models.Resolution(
                        symbol=f"{body.symbol_prefix}/RES/BENCH/{index + 1}",
                        number=f"BENCH/{index + 1}",
                        title=rng.choice(titles),
                        body=body,
                        session=session,
                        adopted_on=adopted,
                        adoption_mode=mode,
                        votes_in_favour=rng.randint(20, 35) if voted else None,
                        votes_against=rng.randint(0, 15) if voted else None,
                        votes_abstaining=rng.randint(0, 12) if voted else None,
                    )
                )
            models.Resolution.objects.bulk_create(resolutions)
            through = models.Resolution.agenda_items.through
            through.objects.bulk_create(
                through(resolution_id=r.id, agendaitem_id=rng.choice(items[r.body_id]).id)
                for r in resolutions
            )
            paragraphs, picked = [], []
            for resolution in resolutions:
                chosen = [("preambular", entry) for entry in rng.sample(preambular, 10)]
                chosen += [("operative", entry) for entry in rng.sample(operative, 20)]
                for position, (kind, (source, cited, asked)) in enumerate(chosen, start=1):
                    number = position - 10 if kind == "operative" else None
                    label = f"OP{number}" if number else f"PP{position}"
                    paragraphs.append(
                        models.Paragraph(
                            resolution=resolution,
                            kind=kind,
                            position=position,
                            number=number,
                            label=label,
                            lead=source.lead[:100],
                            text=source.text,
                        )
                    )
                    picked.append((cited, asked))
            models.Paragraph.objects.bulk_create(paragraphs, batch_size=BATCH)
            documents = documents_for({s for cited, _ in picked for s in cited})
            citations, follow_ups = [], []
            for paragraph, (cited, asked) in zip(paragraphs, picked, strict=True):
                citations += [
                    models.Citation(paragraph=paragraph, document=documents[s]) for s in set(cited)
                ]
                for sequence, request in enumerate(asked, start=1):
                    follow_up = models.FollowUp(
                        paragraph=paragraph,
                        sequence=sequence,
                        action=request.action,
                        verb=request.verb[:60],
                        addressee=request.addressee[:300],
                        addressee_kind=request.addressee_kind,
                        summary=request.summary,
                        due_year=paragraph.resolution.adopted_on.year + 1,
                    )
                    follow_up.derive_fields()
                    follow_ups.append(follow_up)
            models.Citation.objects.bulk_create(citations, batch_size=BATCH)
            models.FollowUp.objects.bulk_create(follow_ups, batch_size=BATCH)
        made += size
        if made % 1000 == 0 or made == count:
            progress(f"  {made}/{count} resolutions, {time.perf_counter() - start:.0f} s")
    return made


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=2016)
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tracker.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    generate(args.count, args.seed)


if __name__ == "__main__":
    main()
