"""gunicorn entry point: gunicorn wsgi:app"""

from lvzhi import create_app

app = create_app()
