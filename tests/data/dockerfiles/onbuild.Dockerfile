FROM alpine:3.20 AS toolbox
ONBUILD COPY --from=busybox:1.36 /bin/busybox /bin/busybox
ONBUILD RUN --mount=type=bind,from=ghcr.io/acme/certs:2024,target=/certs cp /certs/* /etc/ssl/

FROM toolbox AS app
COPY app /app

FROM debian:bookworm-slim AS unused
ONBUILD COPY --from=redis:7.2 /usr/local/bin/redis-server /bin/

FROM app
CMD ["/app"]
