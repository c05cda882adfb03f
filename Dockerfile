# FastForward hub image: what CI tests, packaged (npm ci, build, `node dist/cli.js serve --role …`).
# Not built by CI (no Docker engine there): test/static/deploy-files.test.ts keeps this file, compose.yaml
# and the README's environment table in step. See docs/deployment.md.

# --- build: dependencies (with dev tools), TypeScript → dist/, then only production dependencies kept
FROM node:24-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json .npmrc ./
# Scripts off: `prepare` (the build) needs the sources, copied below; the build runs once, after them.
RUN npm ci --ignore-scripts --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
COPY web ./web
COPY drizzle ./drizzle
# `npm run build` also makes the pages (dist/web, Vite) and dist/embedded-template (used only without DATABASE_URL).
RUN npm run build && npm prune --omit=dev --no-audit --no-fund

# --- runtime: the built hub, production dependencies, migrations; a non-root user
FROM node:24-bookworm-slim
ENV NODE_ENV=production HOST=0.0.0.0 PORT=3000 DATA_DIR=/app/data
WORKDIR /app
COPY --from=build --chown=node:node /app/package.json ./
COPY --from=build --chown=node:node /app/node_modules ./node_modules
COPY --from=build --chown=node:node /app/dist ./dist
COPY --from=build --chown=node:node /app/drizzle ./drizzle
RUN mkdir -p /app/data && chown node:node /app/data
USER node
EXPOSE 3000
# Liveness only (/healthz answers 200 while the process serves); load balancers use /readyz. A worker
# (`serve --role worker`) does not listen: its compose service turns this check off.
HEALTHCHECK --interval=10s --timeout=3s --start-period=30s --retries=3 \
  CMD node -e "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
# node itself is PID 1: SIGTERM reaches the hub, which drains and closes (docs/deployment.md "Graceful shutdown").
ENTRYPOINT ["node", "dist/cli.js"]
CMD ["serve", "--role", "api"]
