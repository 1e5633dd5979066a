# syntax=docker/dockerfile:1.7
# The expansion service (query expansion over the distilled WordNet lexicon
# that ships in the package). It needs no model stack, so the image leaves out
# torch and transformers; tests/deploy checks that nothing it runs imports them.
# Build from the repository root:
#   docker build -f deploy/docker/expansion.Dockerfile -t mediasearch-expansion:0.1.0 .

ARG PYTHON_IMAGE=python:3.11-slim-bookworm

FROM ${PYTHON_IMAGE} AS build
ENV PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1
RUN python -m venv /opt/venv
ENV PATH=/opt/venv/bin:$PATH
WORKDIR /src
# Dependencies before the source, so code changes reuse this layer: the hashed
# lock of the [expansion] extra (`make lock`), installed exactly as locked.
COPY locks/expansion.txt ./
RUN pip install --require-hashes --no-deps -r expansion.txt
COPY pyproject.toml README.md LICENSE ./
COPY mediasearch ./mediasearch
COPY expansion_svc ./expansion_svc
# The package with its [expansion] extra, resolved offline against what the lock
# installed: the build fails if the lock lacks anything the extra requires.
RUN pip wheel --no-deps --wheel-dir /tmp/dist . \
 && pip install --no-index --find-links /tmp/dist "mediasearch[expansion]" \
 && pip uninstall --yes pip setuptools

FROM ${PYTHON_IMAGE} AS runtime
# pip and setuptools install things; a running service never should.
RUN python -m pip uninstall --yes pip setuptools wheel \
 && groupadd --system --gid 10001 mediasearch \
 && useradd --system --uid 10001 --gid 10001 --no-create-home --home-dir /nonexistent \
      --shell /usr/sbin/nologin mediasearch
COPY --from=build /opt/venv /opt/venv
COPY deploy/healthcheck.py /opt/mediasearch/healthcheck.py
ENV PATH=/opt/venv/bin:$PATH \
    PYTHONUNBUFFERED=1 \
    PYTHONDONTWRITEBYTECODE=1
USER 10001:10001
EXPOSE 50052 9092
HEALTHCHECK --interval=15s --timeout=5s --start-period=60s --retries=3 \
    CMD ["python", "/opt/mediasearch/healthcheck.py", "mediasearch.expansion.v1.ExpansionService", "--port", "50052", "--port-env", "EXPANSION_PORT"]
ENTRYPOINT ["mediasearch-expansion"]
