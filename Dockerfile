# syntax=docker/dockerfile:1
# aura-miner image: `docker build -t aura-miner:0.1.0 .` (deploy/README-deploy.md).
# Bake a transformer model in with `--build-arg MODEL_DIR=<folder in the build context>`, or mount one
# read-only at /models; either way NLP_MODEL_PATH=/models. No secret enters a layer: the DATABASE_URL_*
# and AURA_API_TOKENS come from the environment (a Kubernetes Secret, a root-only file) at run time.

# Debian slim, not Alpine: onnxruntime-node ships glibc binaries only. Node.js: the newest LTS line
# (test/support/platforms.ts; README, "Supported platforms").
ARG NODE_IMAGE=node:26.12-trixie-slim

# 1. build: dev dependencies and TypeScript; only dist/src leaves this stage.
FROM ${NODE_IMAGE} AS build
WORKDIR /app
COPY package.json package-lock.json .npmrc ./
RUN --mount=type=cache,target=/root/.npm npm ci --ignore-scripts --no-audit --no-fund
COPY tsconfig.json ./
COPY deploy/tsconfig.build.json deploy/
COPY src/ src/
RUN npx tsc -p deploy/tsconfig.build.json

# 2. deps: production dependencies only. No install script is needed at run time (embedded-postgres
# serves local demos only; onnxruntime-node ships its CPU binaries), and other platforms' binaries go.
FROM ${NODE_IMAGE} AS deps
WORKDIR /app
COPY package.json package-lock.json .npmrc ./
RUN --mount=type=cache,target=/root/.npm npm ci --omit=dev --ignore-scripts --no-audit --no-fund \
 && rm -rf node_modules/onnxruntime-node/bin/napi-v6/darwin node_modules/onnxruntime-node/bin/napi-v6/win32

# 3. runtime: owned by root, run as uid 1000 (the image's `node` user), so the code is read-only to it.
FROM ${NODE_IMAGE} AS runtime
ENV NODE_ENV=production
WORKDIR /app
COPY package.json package-lock.json .npmrc ./
COPY --from=deps /app/node_modules/ node_modules/
COPY bin/ bin/
COPY migrations/ migrations/
COPY sql/ sql/
COPY --from=build /app/dist/src/ dist/src/
COPY src/server/dashboard/ src/server/dashboard/
ARG MODEL_DIR=deploy/models
COPY ${MODEL_DIR}/ /models/
RUN ln -s /app/bin/aura-miner.js /usr/local/bin/aura-miner && aura-miner --help > /dev/null
USER 1000:1000
EXPOSE 8001
ENTRYPOINT ["aura-miner"]
CMD ["--help"]
