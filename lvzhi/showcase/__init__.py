"""晾晒台: every group's submitted monthly report side by side, readable by every role."""

from flask import Blueprint

bp = Blueprint("showcase", __name__)
