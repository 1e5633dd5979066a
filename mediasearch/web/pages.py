"""The HTML pages: server-rendered shells (Jinja2) that the small script in static/app.js fills from the JSON API.

The page calls the same /api/v1 routes as any HTTP client, so the page and
the API cannot disagree; there is no build step and nothing is fetched from
outside this process.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from pathlib import Path

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route
from starlette.templating import Jinja2Templates

from mediasearch.web.settings import WebSettings

TEMPLATES = Jinja2Templates(directory=str(Path(__file__).parent / "templates"))
PAGES = (
    ("/", "search.html", "Search"),
    ("/collections", "collections.html", "Collections"),
    ("/calibration", "calibration.html", "Calibration"),
    ("/debug", "debug.html", "Score debugger"),
)


def page_routes(settings: WebSettings) -> list[Route]:
    def page(template: str, title: str) -> Callable[[Request], Awaitable[Response]]:
        async def render(request: Request) -> Response:
            context = {
                "title": title,
                "collection": settings.collection,
                "pages": PAGES,
                "path": request.url.path,
                "max_upload_bytes": settings.max_upload_bytes,
                "plays_videos": bool(settings.media_roots),
            }
            return TEMPLATES.TemplateResponse(request, template, context)

        return render

    return [Route(path, page(template, title)) for path, template, title in PAGES]
