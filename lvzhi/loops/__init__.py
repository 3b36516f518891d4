"""履职闭环: the cross-role pages of a matter (its timeline, people, assignments, reply and
evaluation) and the public list of filed proposals. Any logged-in user of the organization;
what each may see is ``can_see_matter``."""

from flask import Blueprint

bp = Blueprint("loops", __name__)
