# idverify: the verification service (CONTRACT.md §3) with Tesseract (Japanese) in
# a slim Debian image, run as a non-root user with a health check.
#   docker build -t idverify .
#   docker run -p 8000:8000 -v idverify-data:/data \
#     -e IDVERIFY_ENCRYPTION_KEY="$(python3 -c 'import base64,os;print(base64.urlsafe_b64encode(os.urandom(32)).decode())')" \
#     idverify
#   docker exec <container> idverify keys create dsar-portal
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
 && useradd --create-home --uid 10001 idverify \
 && mkdir /data && chown idverify /data

USER idverify
# Tesseract's OpenMP threads slow it down under concurrency (domain notes): one per process.
ENV OMP_THREAD_LIMIT=1 \
    IDVERIFY_DATA_DIR=/data
VOLUME ["/data"]
EXPOSE 8000
# Readiness, not only liveness: the database answers and the OCR models are loaded.
HEALTHCHECK --interval=30s --timeout=10s --start-period=60s --retries=3 \
  CMD ["python", "-c", "import sys,urllib.request; sys.exit(urllib.request.urlopen('http://127.0.0.1:8000/readyz', timeout=8).status != 200)"]
ENTRYPOINT ["idverify"]
CMD ["serve", "--host", "0.0.0.0", "--port", "8000", "--workers", "2"]
