# syntax=docker/dockerfile:1.7
# The embedder service on NVIDIA GPUs (float16 on CUDA), with the project's
# embedded default model. Build from the repository root:
#   docker build -f deploy/docker/embedder-cuda.Dockerfile -t mediasearch-embedder:0.1.0-cuda .
# The node needs the NVIDIA driver and container toolkit; the torch wheel
# brings its own CUDA libraries, so the small `base` CUDA image is enough (it
# carries the driver-compat setup and NVIDIA_* variables the toolkit reads).

ARG CUDA_IMAGE=nvidia/cuda:12.8.1-base-ubuntu24.04

FROM ${CUDA_IMAGE} AS build
ENV PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1 DEBIAN_FRONTEND=noninteractive
RUN apt-get update \
 && apt-get install --yes --no-install-recommends python3 python3-venv \
 && rm -rf /var/lib/apt/lists/*
RUN python3 -m venv /opt/venv
ENV PATH=/opt/venv/bin:$PATH
# Torch's CUDA index must match CUDA_IMAGE's major version (cu128 for 12.8).
# Pinned by version, not by hash: locks/embedder.txt leaves torch out (its CUDA
# build and nvidia-* libraries come from this index, not from PyPI).
ARG TORCH_VERSION=2.13.0
ARG TORCH_INDEX=https://download.pytorch.org/whl/cu128
RUN pip install --index-url "${TORCH_INDEX}" "torch==${TORCH_VERSION}"
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
 && pip uninstall --yes pip

FROM ${CUDA_IMAGE} AS runtime
ENV DEBIAN_FRONTEND=noninteractive
# Only the interpreter the venv links to: no pip, no compilers.
RUN apt-get update \
 && apt-get install --yes --no-install-recommends python3 \
 && rm -rf /var/lib/apt/lists/* \
 && groupadd --system --gid 10001 mediasearch \
 && useradd --system --uid 10001 --gid 10001 --no-create-home --home-dir /nonexistent \
      --shell /usr/sbin/nologin mediasearch
COPY --from=build /opt/venv /opt/venv
COPY deploy/healthcheck.py /opt/mediasearch/healthcheck.py
# The caches point at /tmp because the root filesystem is read-only in
# Kubernetes (CUDA keeps JIT-compiled kernels for GPUs newer than the wheel).
ENV PATH=/opt/venv/bin:$PATH \
    PYTHONUNBUFFERED=1 \
    PYTHONDONTWRITEBYTECODE=1 \
    HF_HUB_OFFLINE=1 \
    HF_HOME=/tmp/huggingface \
    CUDA_CACHE_PATH=/tmp/nv-cache \
    EMBEDDER_DEVICE=cuda
# Fails the build when the embedded default model is missing from the package.
RUN python -c "from embedder_svc.settings import EmbedderSettings; print(EmbedderSettings().model_options().source)"
USER 10001:10001
EXPOSE 50051 9091
# Longer start period than on CPU: CUDA initialisation comes before the model load.
HEALTHCHECK --interval=15s --timeout=5s --start-period=180s --retries=3 \
    CMD ["python", "/opt/mediasearch/healthcheck.py", "mediasearch.embedder.v1.EmbedderService", "--port", "50051", "--port-env", "EMBEDDER_PORT"]
ENTRYPOINT ["mediasearch-embedder"]
