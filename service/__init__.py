"""The HTTP service (CONTRACT.md §3) — a thin FastAPI shell over :mod:`idverify`.

Not built yet: see the project's open issue on the verification service. The
library and the CLI are complete without it.
"""
