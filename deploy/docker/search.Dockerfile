# syntax=docker/dockerfile:1.7
# The search service: durable store, USearch index and calibration. It calls
# the embedder over gRPC and needs no model stack, so the image leaves out
# torch and transformers; tests/deploy checks that nothing it runs imports them.
# Build from the repository root:
#   docker build -f deploy/docker/search.Dockerfile -t mediasearch-search:0.1.0 .
# Keep the data folder on a volume:
#   docker run -v mediasearch-data:/var/lib/mediasearch mediasearch-search:0.1.0

ARG PYTHON_IMAGE=python:3.11-slim-bookworm

FROM ${PYTHON_IMAGE} AS build
ENV PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1
RUN python -m venv /opt/venv
ENV PATH=/opt/venv/bin:$PATH
WORKDIR /src
# Dependencies before the source, so code changes reuse this layer: the hashed
# lock of the [search] extra (`make lock`), installed exactly as locked.
COPY locks/search.txt ./
RUN pip install --require-hashes --no-deps -r search.txt
COPY pyproject.toml README.md LICENSE ./
COPY mediasearch ./mediasearch
COPY search_svc ./search_svc
# The package with its [search] extra, resolved offline against what the lock
# installed: the build fails if the lock lacks anything the extra requires.
RUN pip wheel --no-deps --wheel-dir /tmp/dist . \
 && pip install --no-index --find-links /tmp/dist "mediasearch[search]" \
 && pip uninstall --yes pip setuptools

FROM ${PYTHON_IMAGE} AS runtime
# pip and setuptools install things; a running service never should.
# The data folder is created owned by the service user, so a fresh named
# volume mounted there starts writable.
RUN python -m pip uninstall --yes pip setuptools wheel \
 && groupadd --system --gid 10001 mediasearch \
 && useradd --system --uid 10001 --gid 10001 --no-create-home --home-dir /nonexistent \
      --shell /usr/sbin/nologin mediasearch \
 && mkdir -p /var/lib/mediasearch \
 && chown 10001:10001 /var/lib/mediasearch
COPY --from=build /opt/venv /opt/venv
COPY deploy/healthcheck.py /opt/mediasearch/healthcheck.py
ENV PATH=/opt/venv/bin:$PATH \
    PYTHONUNBUFFERED=1 \
    PYTHONDONTWRITEBYTECODE=1 \
    SEARCH_DATA_DIR=/var/lib/mediasearch
USER 10001:10001
EXPOSE 50053 9093
# A long start period: a start after a crash may rebuild the index from the durable record.
HEALTHCHECK --interval=15s --timeout=5s --start-period=300s --retries=3 \
    CMD ["python", "/opt/mediasearch/healthcheck.py", "mediasearch.search.v1.SearchService", "--port", "50053", "--port-env", "SEARCH_PORT"]
ENTRYPOINT ["mediasearch-search"]
