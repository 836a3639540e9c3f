# Stand-in for redis:7: Debian's Redis 7.0, data in /data, reachable from the compose network
# (the official image turns protected mode off, as this one does).
ARG BASE
FROM ${BASE}
RUN apt-get update \
    && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends redis-server \
    && rm -rf /var/lib/apt/lists/* \
    && mkdir -p /data && chown redis:redis /data
WORKDIR /data
COPY redis-entrypoint.sh /usr/local/bin/
ENTRYPOINT ["redis-entrypoint.sh"]
EXPOSE 6379
CMD ["redis-server"]
