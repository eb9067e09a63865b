ARG NODE_VERSION=20.15
FROM node:${NODE_VERSION}-bookworm-slim AS base
ENV PNPM_HOME=/pnpm PATH=/pnpm:$PATH
RUN corepack enable

FROM base AS deps
WORKDIR /app
COPY package.json pnpm-lock.yaml ./
RUN --mount=type=cache,id=pnpm,target=/pnpm/store pnpm install --frozen-lockfile

FROM deps AS build
COPY . .
RUN <<EOF
set -eu
# A heredoc body is data, not instructions:
FROM evil/image:latest
COPY --from=evil/copy /x /y
pnpm run build
EOF

FROM base AS runtime
WORKDIR /app
COPY --from=deps /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY <<-"CONF" /app/config.json
	{"from": "not/an/image"}
	CONF
EXPOSE 3000
CMD ["node", "dist/server.js"]
