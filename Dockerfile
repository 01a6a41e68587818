# One image for the API and the CPU worker (the command picks the process).
# Build on a machine with internet: docker compose build
FROM node:20-bookworm-slim
ENV NODE_ENV=production
# jemalloc instead of glibc malloc: sharp/libvips and the model runtime free many large buffers, and glibc's
# arenas keep the freed pages, so a long-running worker's RSS creeps up without any leak (npm run bench:soak)
RUN apt-get update && apt-get install -y --no-install-recommends libjemalloc2 && rm -rf /var/lib/apt/lists/*
ENV LD_PRELOAD=/usr/lib/x86_64-linux-gnu/libjemalloc.so.2
WORKDIR /app
# the whole workspace (apps/*, packages/*; .dockerignore keeps node_modules, data and backups out):
# every workspace's package.json must be there for `npm ci` to link it
COPY . .
# onnxruntime-node runs the attribute models on its CPU kernels; skip its optional CUDA download
ENV ONNXRUNTIME_NODE_INSTALL_CUDA=skip
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force
USER node
EXPOSE 8080
CMD ["node", "--import", "tsx", "apps/api/src/main.ts"]
