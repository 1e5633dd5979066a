# syntax=docker/dockerfile:1.7
# The web component: the search page and the HTTP/JSON API, a gRPC client of
# the search service only. No model stack and no service package: it runs
# mediasearch.web, which imports none (tests/deploy checks what it imports).
# Build from the repository root:
#   docker build -f deploy/docker/web.Dockerfile -t mediasearch-web:0.1.0 .
#   docker run -p 8080:8080 -e WEB_SEARCH_ADDRESS=search:50053 mediasearch-web:0.1.0

ARG PYTHON_IMAGE=python:3.11-slim-bookworm

FROM ${PYTHON_IMAGE} AS build
ENV PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1
RUN python -m venv /opt/venv
ENV PATH=/opt/venv/bin:$PATH
WORKDIR /src
# Dependencies before the source, so code changes reuse this layer: the hashed
# lock of the [web] extra (`make lock`), installed exactly as locked.
COPY locks/web.txt ./
RUN pip install --require-hashes --no-deps -r web.txt
COPY pyproject.toml README.md LICENSE ./
COPY mediasearch ./mediasearch
# The package with its [web] extra, resolved offline against what the lock
# installed: the build fails if the lock lacks anything the extra requires.
RUN pip wheel --no-deps --wheel-dir /tmp/dist . \
 && pip install --no-index --find-links /tmp/dist "mediasearch[web]" \
 && pip uninstall --yes pip setuptools

FROM ${PYTHON_IMAGE} AS runtime
# pip and setuptools install things; a running service never should.
RUN python -m pip uninstall --yes pip setuptools wheel \
 && groupadd --system --gid 10001 mediasearch \
 && useradd --system --uid 10001 --gid 10001 --no-create-home --home-dir /nonexistent \
      --shell /usr/sbin/nologin mediasearch
COPY --from=build /opt/venv /opt/venv
COPY deploy/healthcheck.py /opt/mediasearch/healthcheck.py
# Listen on every interface inside the container (the settings default is loopback).
ENV PATH=/opt/venv/bin:$PATH \
    PYTHONUNBUFFERED=1 \
    PYTHONDONTWRITEBYTECODE=1 \
    WEB_HOST=0.0.0.0
USER 10001:10001
EXPOSE 8080
# Liveness, as the Kubernetes probe asks it: HTTPS once WEB_TLS_CERT_FILE is set.
HEALTHCHECK --interval=15s --timeout=5s --start-period=20s --retries=3 \
    CMD ["python", "/opt/mediasearch/healthcheck.py", "/healthz", "--port", "8080", "--port-env", "WEB_PORT", "--https-env", "WEB_TLS_CERT_FILE"]
ENTRYPOINT ["mediasearch-web"]
