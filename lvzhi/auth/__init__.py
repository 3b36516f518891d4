"""Login, logout, password, role switching; the permission checks live in permissions.py."""

from flask import Blueprint

bp = Blueprint("auth", __name__)
