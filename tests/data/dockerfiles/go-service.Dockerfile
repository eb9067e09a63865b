# syntax=docker/dockerfile:1.7
# check=error=true

# Build on the native platform, cross-compile for the target.
ARG GO_VERSION=1.22.5
ARG ALPINE_VERSION=3.20
ARG DISTROLESS=gcr.io/distroless/static-debian12:nonroot

FROM --platform=$BUILDPLATFORM golang:${GO_VERSION}-alpine${ALPINE_VERSION} AS build
WORKDIR /src
RUN --mount=type=cache,target=/go/pkg/mod \
    --mount=type=bind,source=go.mod,target=go.mod \
    --mount=type=bind,source=go.sum,target=go.sum \
    go mod download
ARG TARGETOS TARGETARCH
RUN --mount=type=cache,target=/root/.cache/go-build \
    --mount=type=bind,target=. \
    CGO_ENABLED=0 GOOS=$TARGETOS GOARCH=$TARGETARCH go build -o /out/api ./cmd/api

FROM build AS test
RUN --mount=type=cache,target=/root/.cache/go-build go test ./...

FROM --platform=$BUILDPLATFORM golangci/golangci-lint:v1.59.1 AS lint
COPY --from=build /src /src
RUN golangci-lint run ./...

FROM ${DISTROLESS} AS runtime
COPY --from=build /out/api /usr/local/bin/api
COPY --from=ghcr.io/grpc-ecosystem/grpc-health-probe:v0.4.28 /ko-app/grpc-health-probe /bin/
USER nonroot:nonroot
ENTRYPOINT ["/usr/local/bin/api"]
