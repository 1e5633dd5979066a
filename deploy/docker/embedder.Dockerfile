# syntax=docker/dockerfile:1.7
# The embedder service on CPU, with the project's embedded default model (it
# ships inside the installed package, so no EMBEDDER_MODEL is needed).
# Build from the repository root:
#   docker build -f deploy/docker/embedder.Dockerfile -t mediasearch-embedder:0.1.0 .
# The CUDA variant is embedder-cuda.Dockerfile.

ARG PYTHON_IMAGE=python:3.11-slim-bookworm

FROM ${PYTHON_IMAGE} AS build
ENV PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1
RUN python -m venv /opt/venv
ENV PATH=/opt/venv/bin:$PATH
# The CPU wheel first: the project's open torch range, resolved from PyPI,
# would pull the multi-GB CUDA build into a CPU image. torch is pinned by
# version here and left out of locks/embedder.txt, whose hashes cannot cover
# PyTorch's own index (the lock's torch is the CPU wheel CI installs from disk).
ARG TORCH_VERSION=2.13.0
RUN pip install --index-url https://download.pytorch.org/whl/cpu "torch==${TORCH_VERSION}"
WORKDIR /src
# Dependencies before the source, so code changes reuse this layer: the hashed
# lock of the [embedder] extra (`make lock`), installed exactly as locked.
COPY locks/embedder.txt ./
RUN pip install --require-hashes --no-deps -r embedder.txt
COPY pyproject.toml README.md LICENSE ./
COPY mediasearch ./mediasearch
COPY embedder_svc ./embedder_svc
# The package with its [embedder] extra, resolved offline against what the lock
# installed: the build fails if the lock lacks anything the extra requires.
RUN pip wheel --no-deps --wheel-dir /tmp/dist . \
 && pip install --no-index --find-links /tmp/dist "mediasearch[embedder]" \
 && pip uninstall --yes pip setuptools

FROM ${PYTHON_IMAGE} AS runtime
# pip and setuptools install things; a running service never should.
RUN python -m pip uninstall --yes pip setuptools wheel \
 && groupadd --system --gid 10001 mediasearch \
 && useradd --system --uid 10001 --gid 10001 --no-create-home --home-dir /nonexistent \
      --shell /usr/sbin/nologin mediasearch
COPY --from=build /opt/venv /opt/venv
COPY deploy/healthcheck.py /opt/mediasearch/healthcheck.py
# HF_HOME points at /tmp because the root filesystem is read-only in Kubernetes
# (an emptyDir is mounted there); nothing is downloaded at run time.
ENV PATH=/opt/venv/bin:$PATH \
    PYTHONUNBUFFERED=1 \
    PYTHONDONTWRITEBYTECODE=1 \
    HF_HUB_OFFLINE=1 \
    HF_HOME=/tmp/huggingface
# Fails the build when the embedded default model is missing from the package,
# rather than shipping an image that cannot start without EMBEDDER_MODEL.
RUN python -c "from embedder_svc.settings import EmbedderSettings; print(EmbedderSettings().model_options().source)"
USER 10001:10001
EXPOSE 50051 9091
HEALTHCHECK --interval=15s --timeout=5s --start-period=120s --retries=3 \
    CMD ["python", "/opt/mediasearch/healthcheck.py", "mediasearch.embedder.v1.EmbedderService", "--port", "50051", "--port-env", "EMBEDDER_PORT"]
ENTRYPOINT ["mediasearch-embedder"]
