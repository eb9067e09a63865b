# A Dockerfile with several targets; the default is the last one.
FROM rust:1.79-slim-bookworm AS chef
RUN cargo install cargo-chef

FROM chef AS planner
COPY . .
RUN cargo chef prepare --recipe-path recipe.json

FROM chef AS builder
COPY --from=planner /recipe.json recipe.json
RUN cargo chef cook --release --recipe-path recipe.json
COPY . .
RUN cargo build --release

FROM builder AS test
COPY --from=docker.io/bitnami/postgresql:16 /opt/bitnami/postgresql /pg
RUN cargo test --release

FROM gcr.io/distroless/cc-debian12 AS prod
COPY --from=builder /target/release/app /app
ENTRYPOINT ["/app"]
