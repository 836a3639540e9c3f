# Stand-in for python:3.11-slim-bookworm: Debian's own Python 3.11, with venv and pip.
ARG BASE
FROM ${BASE}
RUN apt-get update \
    && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
       python3 python3-venv python3-pip \
    && rm -rf /var/lib/apt/lists/*
CMD ["python3"]
