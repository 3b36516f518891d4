"""季度排名: the office groups' quarter ranking board — leaders' page, readable by everyone."""

from flask import Blueprint

bp = Blueprint("ranking", __name__)
