"""The help center's search: the index written at build time (`index`), ranked by the one engine
(theme/assets/hc/search/engine.js) that the page runs and that `node.mjs` runs for the CLI and tests."""
