"""Countries as stored: the UN's States from resolutions/data/countries.csv, and the names
no State answers to, kept as written.

Votes and sponsorships name a State as the text or the catalogue spells it; `countries_for`
turns those names into stored countries (parsing/countries.py reads them), so that
"Turkey" in a 2015 vote and "Türkiye" in a 2023 one are one country page. `sync_countries`
brings the stored list in line with the data file, and moves the votes and sponsorships of
a name stored as written to its State once the file knows the name; the migration that
introduced codes runs it, and a migration runs it again whenever the file changes.
"""

from resolutions.parsing import countries as data


def sync_countries(Country, CountryVote, Sponsorship):
    """The models are passed in so that a migration can run this with its own."""
    by_code = {c.code: c for c in Country.objects.exclude(code=None)}
    by_name = {c.name: c for c in Country.objects.filter(code=None)}
    for state in data.states().values():
        country = by_code.get(state.code) or by_name.pop(state.name, None) or Country()
        country.code, country.name = state.code, state.name
        country.name_fr, country.status = state.name_fr, state.status
        country.save()
        by_code[state.code] = country
    for name, country in by_name.items():
        parts = data.split_joined([name])
        codes = [data.code_of(part) for part in parts]
        if not all(codes):
            continue
        for code in codes:
            _move_votes(CountryVote, country, by_code[code])
        CountryVote.objects.filter(country=country).delete()
        Sponsorship.objects.filter(name=name).update(country=by_code[codes[0]])
        country.delete()
    for sponsorship in Sponsorship.objects.filter(country=None, kind="country"):
        code = data.code_of(sponsorship.name)
        if code:
            sponsorship.country = by_code[code]
            sponsorship.save(update_fields=["country"])


def _move_votes(CountryVote, source, target):
    voted = set(CountryVote.objects.filter(country=target).values_list("resolution_id", flat=True))
    for vote in CountryVote.objects.filter(country=source):
        if vote.resolution_id in voted:
            continue  # the list named the State twice, under two spellings
        CountryVote.objects.create(
            resolution_id=vote.resolution_id, country=target, position=vote.position
        )


def _states(codes) -> dict:
    """The stored country of each State's code, made from the data file where a database
    emptied since its migrations (a test's flush) lacks it."""
    from resolutions.models import Country

    stored = {c.code: c for c in Country.objects.filter(code__in=codes)}
    for code in set(codes) - stored.keys():
        state = data.states()[code]
        stored[code], _ = Country.objects.update_or_create(
            name=state.name,
            defaults={"code": code, "name_fr": state.name_fr, "status": state.status},
        )
    return stored


def countries_for(names) -> dict:
    """The stored country of each name: its State's where the data file knows the name,
    otherwise one stored under the name as written (created if new)."""
    from resolutions.models import Country

    codes = {name: data.code_of(name) for name in names}
    states = _states(set(codes.values()) - {None})
    unknown = [name for name, code in codes.items() if code is None]
    if unknown:
        Country.objects.bulk_create([Country(name=name) for name in unknown], ignore_conflicts=True)
    as_written = {c.name: c for c in Country.objects.filter(name__in=unknown)}
    return {name: states[code] if code else as_written[name] for name, code in codes.items()}


def country_ids(names) -> dict[str, int | None]:
    """The stored State of each sponsor name, by id, or None: a group, or a name no State
    answers to (a sponsor name as written is not stored as a country)."""
    codes = {name: data.code_of(name) for name in names}
    states = _states(set(codes.values()) - {None})
    return {name: states[code].id if code else None for name, code in codes.items()}
