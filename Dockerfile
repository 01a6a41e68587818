# One image for the API and the CPU worker (the command picks the process).
# Build on a machine with internet: docker compose build
FROM node:20-bookworm-slim
ENV NODE_ENV=production
WORKDIR /app
COPY package.json package-lock.json ./
COPY apps/api/package.json apps/api/package.json
COPY apps/worker/package.json apps/worker/package.json
COPY packages/catalog/package.json packages/catalog/package.json
COPY packages/config/package.json packages/config/package.json
COPY packages/db/package.json packages/db/package.json
COPY packages/errors/package.json packages/errors/package.json
COPY packages/logger/package.json packages/logger/package.json
COPY packages/pipeline/package.json packages/pipeline/package.json
COPY packages/queue/package.json packages/queue/package.json
COPY packages/storage/package.json packages/storage/package.json
RUN npm ci --omit=dev --no-audit --no-fund
COPY tsconfig.json ./
COPY apps apps
COPY packages packages
COPY migrations migrations
COPY scripts scripts
USER node
EXPOSE 8080
CMD ["node", "--import", "tsx", "apps/api/src/main.ts"]
