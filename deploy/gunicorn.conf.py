"""Gunicorn settings for the tracker: `gunicorn -c deploy/gunicorn.conf.py tracker.wsgi`.

Every value can be changed from the environment, so that one file serves a laptop, a
single server and several application servers behind a load balancer.
"""

import multiprocessing
import os

# Behind a reverse proxy or load balancer on the same host, listen on loopback only.
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
# Pages spend most of their time in Python, not waiting: about two workers per core.
workers = int(os.environ.get("GUNICORN_WORKERS", multiprocessing.cpu_count() * 2 + 1))
threads = int(os.environ.get("GUNICORN_THREADS", "1"))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = 30
keepalive = 5
# Recycle workers now and then, so that a slow leak never becomes an outage.
max_requests = 2000
max_requests_jitter = 200
accesslog = "-"
errorlog = "-"
loglevel = os.environ.get("LOG_LEVEL", "info").lower()
# Trust X-Forwarded-* only from the proxy in front (set BEHIND_TLS_PROXY=true for Django too).
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
