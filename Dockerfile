# One image for the API and the CPU worker (the command picks the process), running the compiled build.
# Build on a machine that reaches the npm registry: docker compose build
FROM node:20-bookworm-slim AS build
WORKDIR /app
# package.json's devEngines asks for npm ≥ 11.16, which honours its allowScripts (onnxruntime-node's optional
# CUDA download stays off for CPU images; Dockerfile.gpu runs it on purpose)
RUN npm install -g npm@11.19.1
# the whole workspace (apps/*, packages/*; .dockerignore keeps node_modules, dist, data and backups out):
# every workspace's package.json must be there for `npm ci` to link it
COPY . .
RUN npm ci --no-audit --no-fund \
 && npm run build \
 && npm prune --omit=dev --no-audit --no-fund \
 && npm cache clean --force

FROM node:20-bookworm-slim
ENV NODE_ENV=production
# jemalloc instead of glibc malloc: sharp/libvips and the model runtime free many large buffers, and glibc's
# arenas keep the freed pages, so a long-running worker's RSS creeps up without any leak (npm run bench:soak)
RUN apt-get update && apt-get install -y --no-install-recommends libjemalloc2 && rm -rf /var/lib/apt/lists/*
ENV LD_PRELOAD=/usr/lib/x86_64-linux-gnu/libjemalloc.so.2
WORKDIR /app
# dist/ is what runs; the sources and tsx stay for the operator CLIs (`npm run keys`, export, backup)
COPY --from=build /app /app
# DATA_DIR (compose mounts the `images` volume here): a fresh named volume takes this directory's owner
RUN mkdir -p /data && chown node:node /data
USER node
EXPOSE 8080
CMD ["node", "dist/apps/api/src/main.js"]
