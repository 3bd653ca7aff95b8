from resolutions.models import (
    Outcome,
)


def timeline(resolution):
    """The texts of a resolution's series in order of adoption, for its page."""
    if resolution.series_id is None:
        return []
    return list(
        resolution.series.resolutions.filter(outcome=Outcome.ADOPTED)
        .select_related("body")
        .defer("source_text", "annex")  # a series can hold hundreds of texts; none is shown
        .order_by("adopted_on", "id")
    )
