"""The public JSON API under /api/: resolutions, their paragraphs, citations and follow-up,
readable by anyone; staff who may record follow-up write events with a token."""
