"""Reading the documents users bring (resolutions/sources/): one entry point for every format."""

import pytest

from resolutions.sources.documents import Unreadable, format_of, read_document
from tests.conftest import SEED


def test_a_plain_text_reads_as_itself_with_its_provenance():
    data = SEED.read_bytes()
    source = read_document(data, SEED.name)
    assert source.format == "text" and source.reader == "plain text"
    assert source.text == data.decode("utf-8") and source.pages is None
    assert source.warnings == []


def test_the_format_is_told_from_the_bytes_not_the_name():
    png = b"\x89PNG\r\n\x1a\n" + bytes(64)
    assert format_of(png) == "PNG image"
    with pytest.raises(Unreadable) as refused:
        read_document(png, "resolution.txt")
    assert refused.value.name == "resolution.txt" and "PNG image" in refused.value.reason
    assert format_of(b"junk\n%PDF-1.7\n") == "pdf"
