"""Permission matrix of numbered suggestions and the overdue list: the secretariat enters,
edits, bulk-updates, exports and uploads suggestions and sees the overview and the overdue
list; leaders see the overdue list; a department contact (县教育局) answers only its own
suggestions in its portal, where the secretariat acts on its behalf; another organization
finds nothing."""

from __future__ import annotations

from ..factories import World, gen_department, gen_loop_matter, gen_suggestions
from .matrix import ACTORS, DENY, LOGIN, MISSING, OK, SEE_OTHER, role_home, secretariat_only

PORTAL = {a: DENY for a in ACTORS} | {
    "anon": LOGIN,
    "secretariat": OK,
    "other_org": MISSING,
    "department": OK,
}
# the secretariat must name the department it acts for
UNNAMED = PORTAL | {"secretariat": MISSING}
OTHER_DEPARTMENT = PORTAL | {"department": MISSING, "secretariat": MISSING}

OWN = "/department/suggestions/{dept_suggestion}"
OTHER = "/department/suggestions/{other_suggestion}"

MATRIX = [
    (
        "GET",
        "/secretariat/matters/{sg_matter}/suggestions",
        "secretariat.matter_suggestions",
        secretariat_only(True),
    ),
    # an empty paste comes back with its error
    (
        "POST",
        "/secretariat/matters/{sg_matter}/suggestions",
        "secretariat.matter_suggestions",
        secretariat_only(True),
    ),
    (
        "GET",
        "/secretariat/suggestions/{dept_suggestion}/edit",
        "secretariat.suggestion_edit",
        secretariat_only(True),
    ),
    (
        "POST",
        "/secretariat/suggestions/{dept_suggestion}/edit",
        "secretariat.suggestion_edit",
        secretariat_only(True),
    ),
    ("GET", "/secretariat/suggestions", "secretariat.suggestions", secretariat_only(False)),
    # a page of the table, filtered by state, department and text
    (
        "GET",
        "/secretariat/suggestions?page=2&state=open&department={dept}&q=基金",
        "secretariat.suggestions",
        secretariat_only(False),
    ),
    # an empty row is refused (no outcome chosen) and the page comes back
    (
        "POST",
        "/secretariat/suggestions/{row_suggestion}/row",
        "secretariat.suggestion_row",
        secretariat_only(True),
    ),
    (
        "GET",
        "/secretariat/suggestions/export.xlsx",
        "secretariat.suggestions_export",
        secretariat_only(False),
    ),
    (
        "GET",
        "/secretariat/suggestions/import",
        "secretariat.suggestions_import",
        secretariat_only(False),
    ),
    (
        "POST",
        "/secretariat/suggestions/import",
        "secretariat.suggestions_import",
        secretariat_only(False),
    ),
    # an unknown upload token: refused, back to the upload page
    (
        "POST",
        "/secretariat/suggestions/import/no-such-token",
        "secretariat.suggestions_import_confirm",
        secretariat_only(False, SEE_OTHER),
    ),
    (
        "GET",
        "/secretariat/suggestions/overview",
        "secretariat.suggestions_overview",
        secretariat_only(False),
    ),
    ("GET", "/secretariat/overdue", "secretariat.overdue", secretariat_only(False)),
    ("GET", "/secretariat/overdue?page=2", "secretariat.overdue", secretariat_only(False)),
    ("GET", "/board/overdue", "board.overdue", role_home("leader")),
    ("GET", "/board/overdue?page=2", "board.overdue", role_home("leader")),
    ("GET", "/department/suggestions", "department.suggestions", UNNAMED),
    ("GET", "/department/suggestions?department={dept}", "department.suggestions", PORTAL),
    ("GET", OWN, "department.suggestion", UNNAMED),
    ("GET", OWN + "?department={dept}", "department.suggestion", PORTAL),
    ("GET", OTHER + "?department={dept}", "department.suggestion", OTHER_DEPARTMENT),
    # an answer without an outcome comes back with its error
    ("POST", OWN + "?department={dept}", "department.suggestion", PORTAL),
    ("POST", OTHER + "?department={dept}", "department.suggestion", OTHER_DEPARTMENT),
]


def extra_ids(w: World) -> dict[str, int]:
    from sqlalchemy import select

    from lvzhi.extensions import db
    from lvzhi.models import Department

    dept = db.session.scalar(
        select(Department).where(Department.org_id == w.org.id, Department.name == "县教育局")
    )
    other = gen_department(w.org, "县科学技术局")
    m = gen_loop_matter(w, kind="chair_thematic", title="“专精特新”培育工程")
    own, row = gen_suggestions(w, m, ["建立产业基金", "培育带头人"], dept)
    (elsewhere,) = gen_suggestions(w, m, ["完善梯度培育库"], other)
    db.session.commit()
    return {
        "sg_matter": m.id,
        "dept_suggestion": own.id,
        "row_suggestion": row.id,
        "other_suggestion": elsewhere.id,
    }
