FROM alpine:3.19 AS base
RUN apk add --no-cache \
    curl \
    # a comment inside the continuation
    git

FROM base
COPY --from=quay.io/prometheus/node-exporter:v1.8.1 \
     /bin/node_exporter /bin/
