# Shadowtrade's web app and REST API for a team, behind a reverse proxy that terminates TLS
# (docs/deploy.md). Build: docker build -t shadowtrade .
# Run:   docker run -v shadowtrade-data:/data -p 127.0.0.1:8000:8000 shadowtrade
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    SHADOWTRADE_WORKSPACE=/data/workspace \
    SHADOWTRADE_MEMORY_LIMIT=4GB

WORKDIR /app
# The runtime dependencies at the versions of the lock file (the lock's dev tools are left out:
# it is used as constraints, not as the list to install).
COPY pyproject.toml requirements.lock README.md ./
COPY src ./src
RUN pip install --constraint requirements.lock . \
    && useradd --create-home --uid 10001 shadowtrade \
    && mkdir -p /data && chown shadowtrade /data

USER shadowtrade
VOLUME ["/data"]
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s \
    CMD python -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/healthz', timeout=4)"

# Behind the proxy: X-Forwarded-Proto/-For trusted from the proxy's address (set
# FORWARDED_ALLOW_IPS to it), session cookies marked Secure. Add --root-path /PREFIX when the
# proxy serves the app under a path prefix.
ENV FORWARDED_ALLOW_IPS=127.0.0.1
CMD ["sh", "-c", "exec shadowtrade serve --host 0.0.0.0 --port 8000 --proxy-headers --forwarded-allow-ips \"$FORWARDED_ALLOW_IPS\" --secure-cookies"]
