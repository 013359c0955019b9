# syntax=docker/dockerfile:1
# The help desk bot as a production image: compiled once in the build stage, run with
# production dependencies only, as the unprivileged `node` user.
# test/productionInstall.test.ts reads this file and performs the runtime stage's steps
# (COPY, npm ci, ENV, VOLUME, CMD) outside Docker: keep each instruction on one line.
ARG NODE_VERSION=22

FROM node:${NODE_VERSION}-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN --mount=type=cache,target=/root/.npm npm ci --no-audit --no-fund
COPY . .
RUN npm run build

FROM node:${NODE_VERSION}-slim
ENV NODE_ENV=production
WORKDIR /app
COPY package.json package-lock.json ./
RUN --mount=type=cache,target=/root/.npm npm ci --omit=dev --no-audit --no-fund
COPY --from=build /app/dist ./dist
COPY knowledge/data ./knowledge/data
COPY cards/templates ./cards/templates
COPY localChat/public ./localChat/public
COPY dashboard/public ./dashboard/public
# /knowledge: KB articles and knowledge files besides the shipped ones (read-only is fine).
# /data: tickets and outbox with STORAGE=file, and the knowledge index cache.
ENV PORT=3978 DATA_DIR=/data KNOWLEDGE_PATH=/knowledge
RUN mkdir -p /data /knowledge && chown node:node /data /knowledge
VOLUME ["/data", "/knowledge"]
USER node
EXPOSE 3978
# A cold start on a large archive reads and indexes it first: give it time before failing.
HEALTHCHECK --interval=30s --timeout=5s --start-period=120s CMD ["node", "-e", "fetch('http://127.0.0.1:' + process.env.PORT + '/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# restify 11 loads spdy, whose http-deceiver reads process.binding('http_parser') (DEP0111).
CMD ["node", "--disable-warning=DEP0111", "dist/server/index.js"]
