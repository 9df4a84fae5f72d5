# idverify: the verifier with Tesseract (Japanese) in a slim Debian image.
# The image runs the CLI as a non-root user; the HTTP service comes with its issue.
FROM python:3.11-slim-bookworm

RUN apt-get update \
 && apt-get install -y --no-install-recommends \
      tesseract-ocr tesseract-ocr-jpn tesseract-ocr-script-jpan \
 && rm -rf /var/lib/apt/lists/*

WORKDIR /app
COPY pyproject.toml README.md ./
COPY idverify ./idverify
COPY scripts/fetch_models.py ./scripts/
RUN pip install --no-cache-dir . \
 && python scripts/fetch_models.py \
 && useradd --create-home --uid 10001 idverify

USER idverify
# Tesseract's OpenMP threads slow it down under concurrency (domain notes): one per process.
ENV OMP_THREAD_LIMIT=1
ENTRYPOINT ["idverify"]
CMD ["--help"]
