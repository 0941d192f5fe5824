# syntax=docker/dockerfile:1
# Multi-stage build: dependencies, Prisma clients and the standalone server (the same artifact the
# end-to-end tests run), then a small runtime image as a non-root user. Data (SQLite database,
# signing key, uploads) lives in the /app/data volume.

FROM node:20-bookworm-slim AS build
WORKDIR /app
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
COPY scripts ./scripts
COPY prisma ./prisma
RUN npm ci --no-audit --no-fund
COPY . .
RUN node scripts/build-standalone.mjs

FROM node:20-bookworm-slim AS runtime
WORKDIR /app
ENV NODE_ENV=production NEXT_TELEMETRY_DISABLED=1 PORT=1411 HOST=0.0.0.0
RUN groupadd --system --gid 1000 pocketid && useradd --system --uid 1000 --gid pocketid --home /app pocketid
COPY --from=build --chown=pocketid:pocketid /app/.next/standalone ./
RUN mkdir -p /app/data && chown pocketid:pocketid /app/data
USER pocketid
VOLUME ["/app/data"]
EXPOSE 1411
HEALTHCHECK --interval=90s --timeout=5s --start-period=20s --retries=3 \
  CMD node -e "require('http').get('http://127.0.0.1:'+(process.env.PORT||1411)+'/healthz',r=>process.exit(r.statusCode===204?0:1)).on('error',()=>process.exit(1))"
# The server itself, no wrapper process. --max-semi-space-size=4 (young generation 4 MB per
# semi-space instead of 16) together with server.mjs's V8 settings (heap growth limit, Liftoff for
# WebAssembly): about 150 MB idle and 200-240 MB after load instead of 240 / 440 MB
# (bench/footprint.mjs --direct), same CPU per request.
CMD ["node", "--max-semi-space-size=4", "server.mjs"]
