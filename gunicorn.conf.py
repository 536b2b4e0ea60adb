# gunicorn settings for production: `gunicorn -c gunicorn.conf.py app:app`
import os

bind = os.environ.get("GUNICORN_BIND", "0.0.0.0:8000")
workers = int(os.environ.get("GUNICORN_WORKERS", "4"))
worker_class = "sync"
preload_app = True  # one import, shared pages of memory (about 50 MiB per worker)
timeout = 30
accesslog = "-"
logger_class = "portal.gunicorn_logging.RedactingLogger"
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1")
