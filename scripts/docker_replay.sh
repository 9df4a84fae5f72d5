#!/usr/bin/env bash
# Replays the Dockerfile's steps where no container registry is reachable (run as
# root on Debian 12): a non-editable install of the working tree in a fresh venv
# of Debian's Python 3.11, the models, a non-root user, a data directory, `idverify
# serve` with two workers, the image's health check, one verification.
#   bash scripts/docker_replay.sh
set -euo pipefail
REPO="$(cd "$(dirname "$0")/.." && pwd)"
rm -rf /tmp/dsim && mkdir -p /tmp/dsim/app /tmp/dsim/data
cd "$REPO" && tar -c --exclude=__pycache__ pyproject.toml README.md idverify scripts/fetch_models.py | tar -x -C /tmp/dsim/app
/usr/bin/python3.11 -m venv /tmp/dsim/venv
cd /tmp/dsim/app
/tmp/dsim/venv/bin/pip install -q --no-cache-dir . 2>&1 | grep -v WARNING || true
/tmp/dsim/venv/bin/python scripts/fetch_models.py
id idvsim >/dev/null 2>&1 || useradd --create-home --uid 10077 idvsim
chown idvsim /tmp/dsim/data; chmod 755 /tmp/dsim /tmp/dsim/venv
cd /tmp
touch /tmp/dsim-serve.log && chown idvsim /tmp/dsim-serve.log
su idvsim -s /bin/bash -c "OMP_THREAD_LIMIT=1 IDVERIFY_DATA_DIR=/tmp/dsim/data /tmp/dsim/venv/bin/idverify serve --host 127.0.0.1 --port 8019 --workers 2 > /tmp/dsim-serve.log 2>&1 &"
for i in $(seq 90); do
  if su idvsim -s /bin/bash -c "/tmp/dsim/venv/bin/python -c \"import sys,urllib.request; sys.exit(urllib.request.urlopen('http://127.0.0.1:8019/readyz', timeout=8).status != 200)\"" 2>/dev/null; then echo "healthcheck ok after ${i}s"; break; fi
  sleep 1
done
ps -o user=,args= -C idverify | head -3 || true
ps aux | grep "[i]dverify serve" | awk '{print $1}' | sort | uniq -c
ls -la /tmp/dsim/data
KEY=$(su idvsim -s /bin/bash -c "IDVERIFY_DATA_DIR=/tmp/dsim/data /tmp/dsim/venv/bin/idverify keys create sim" | python3 -c "import json,sys;print(json.load(sys.stdin)['key'])")
curl -s -H "Authorization: Bearer $KEY" -F files=@$REPO/samples/images/dl_yamada_front_scan.png -F name="山田 太郎" -F birth_date=1985-04-01 http://127.0.0.1:8019/v1/verifications | python3 -c "import json,sys;d=json.load(sys.stdin);print(d['status'],d['verdict'])"
pkill -u idvsim -f "idverify serve" || true
