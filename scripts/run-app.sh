#!/bin/sh
# `npm run start:api|start:worker [-- args]`: one process. With NODE_ENV=production it runs the compiled build
# (`npm run build` writes dist/); otherwise the TypeScript sources through tsx, as `npm start` and the tests do.
set -e
app="$1"
shift
if [ "$NODE_ENV" = production ]; then
  if [ ! -f "dist/apps/$app/src/main.js" ]; then
    echo "dist/apps/$app/src/main.js is missing: production runs the compiled build, make it with \`npm run build\`" >&2
    exit 1
  fi
  exec node "dist/apps/$app/src/main.js" "$@"
fi
exec node --import tsx "apps/$app/src/main.ts" "$@"
