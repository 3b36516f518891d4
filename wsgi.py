"""gunicorn entry point: gunicorn wsgi:app"""

from lvzhi import create_app
from lvzhi.ops import settle_after_start

app = create_app()
settle_after_start()
