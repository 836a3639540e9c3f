# Stand-in for Mailpit (not in Debian): aiosmtpd on port 1025 keeps every message, and port 8025
# lists them as JSON (GET /messages) for the drill to read.
ARG BASE
FROM ${BASE}
RUN apt-get update \
    && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
       python3-aiosmtpd \
    && rm -rf /var/lib/apt/lists/*
COPY mailcatcher.py /usr/local/bin/
EXPOSE 1025 8025
CMD ["python3", "/usr/local/bin/mailcatcher.py"]
