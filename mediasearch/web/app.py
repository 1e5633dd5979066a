"""The web component's ASGI application and its `main()`: pages, static files, the JSON API and /openapi.json.

Starlette rather than FastAPI: the request and response shapes come from the
protos (json_format), not from Python models, so FastAPI's model-driven
validation and schema would describe a second, drifting copy of the API.
"""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator
from pathlib import Path

import uvicorn
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.middleware import Middleware
from starlette.middleware.gzip import GZipMiddleware
from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from mediasearch.web.api import api_routes
from mediasearch.web.backend import SearchBackend
from mediasearch.web.fragments import fragment_routes
from mediasearch.web.media import media_routes
from mediasearch.web.openapi import openapi_document
from mediasearch.web.pages import TEMPLATES, page_routes
from mediasearch.web.settings import WebSettings
from mediasearch.web.tls import follow_certificate

STATIC = Path(__file__).parent / "static"


def create_app(settings: WebSettings, backend: SearchBackend | None = None) -> Starlette:
    backend = backend or SearchBackend.connect(
        settings.search_address, own_identity=settings.own_identity, timeout_s=settings.timeout_s
    )
    document = openapi_document()

    async def openapi(request: Request) -> JSONResponse:
        return JSONResponse(document)

    async def healthz(request: Request) -> PlainTextResponse:
        """Liveness: the event loop answers."""
        return PlainTextResponse("ok")

    async def readyz(request: Request) -> PlainTextResponse:
        """Readiness: this process reaches a SERVING search service with its own channel (TLS, client
        certificate), so a pod with a broken certificate or a blocked route takes no traffic."""
        if await run_in_threadpool(backend.search_serving):
            return PlainTextResponse("ready")
        return PlainTextResponse(f"the search service at {settings.search_address} is not serving", status_code=503)

    routes = [
        *page_routes(settings),
        Route("/openapi.json", openapi),
        Route("/healthz", healthz),
        Route("/readyz", readyz),
        Mount("/static", StaticFiles(directory=STATIC), name="static"),
        *api_routes(backend, settings.max_upload_bytes),
        *fragment_routes(backend, TEMPLATES, settings.max_upload_bytes),
        *media_routes(backend, settings),
    ]

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        yield
        backend.close()

    app = Starlette(routes=routes, middleware=[Middleware(GZipMiddleware, minimum_size=1024)], lifespan=lifespan)
    app.state.backend = backend
    return app


def serve(settings: WebSettings) -> None:
    make_server(settings).run()


def make_server(settings: WebSettings, backend: SearchBackend | None = None) -> uvicorn.Server:
    """The uvicorn server for `settings`; with TLS, its certificate follows renewals on disk."""
    config = uvicorn.Config(
        create_app(settings, backend),
        host=settings.host,
        port=settings.port,
        log_level="warning",
        ssl_certfile=settings.tls_cert_file or None,
        ssl_keyfile=settings.tls_key_file or None,
    )
    if settings.tls_cert_file:
        config.load()
        assert config.ssl is not None
        follow_certificate(config.ssl, settings.tls_cert_file, settings.tls_key_file)
    return uvicorn.Server(config)


def main(argv: list[str] | None = None) -> None:
    import argparse

    parser = argparse.ArgumentParser(prog="mediasearch-web", description=__doc__)
    for name, info in WebSettings.model_fields.items():
        parser.add_argument("--" + name.replace("_", "-"), dest=name, help=info.description)
    given = {k: v for k, v in vars(parser.parse_args(argv)).items() if v is not None}
    settings = WebSettings(**given)
    print(
        f"web page and HTTP API on {'https' if settings.tls_cert_file else 'http'}://{settings.host}:{settings.port}/ "
        f"(search at {settings.search_address})",
        flush=True,
    )
    serve(settings)


if __name__ == "__main__":
    main()
