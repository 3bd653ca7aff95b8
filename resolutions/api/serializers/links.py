"""Where the API's rows point: the address of an endpoint of the API."""

from django.urls import reverse


def api_url(name: str, *args) -> str:
    return reverse(f"api:{name}", args=args)
