"""The checkout self-check's Python runtime, served by the site: Pyodide and the wheels (`runtime`),
their lock file (`lock`), and the standard library trimmed to what the checks import (`stdlib`,
traced by `stdlib_trace.mjs`; `package_loader` and `sitecustomize` go into that zip)."""
