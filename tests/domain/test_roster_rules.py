import pytest

from lvzhi.domain.roster import mobile_error, normalize_mobile, username_error, validate_rows

LOOKUPS = {
    "groups": {"武原街道", "澉浦镇"},
    "committees": {"提案委员会"},
    "sectors": {"经济界"},
    "existing_mobiles": {"13900000000"},
}


def row(**values):
    base = {
        "name": "张三",
        "gender": "男",
        "mobile": "13800000001",
        "sector": "经济界",
        "committee": "提案委员会",
        "office_group": "武原街道",
    }
    base.update(values)
    return base


def test_valid_row_has_no_errors():
    [checked] = validate_rows([(2, row())], **LOOKUPS)
    assert checked.ok


def test_every_problem_of_every_row_is_listed():
    rows = [
        (2, row(name="", mobile="123")),
        (3, row(office_group="不存在镇", committee="不存在委", sector="不存在界", gender="未知")),
        (4, row(mobile="13900000000")),
    ]
    checked = validate_rows(rows, **LOOKUPS)
    assert checked[0].errors == ["缺少姓名", "手机号“123”格式不正确（应为 11 位数字）"]
    assert checked[1].errors == [
        "性别“未知”应为“男”或“女”",
        "室组“不存在镇”不存在",
        "专委会“不存在委”不存在",
        "界别“不存在界”不存在",
    ]
    assert checked[2].errors == ["手机号 13900000000 已有委员使用"]


def test_duplicate_mobile_within_file_names_the_first_line():
    checked = validate_rows([(2, row()), (5, row(name="李四"))], **LOOKUPS)
    assert checked[0].ok
    assert checked[1].errors == ["手机号 13800000001 与第 2 行重复"]


def test_missing_group_is_an_error():
    [checked] = validate_rows([(2, row(office_group=""))], **LOOKUPS)
    assert checked.errors == ["缺少室组"]


def test_excel_float_mobile_is_normalized():
    assert normalize_mobile(13800000001.0) == "13800000001"
    assert normalize_mobile(" 138-0000-0001 ") == "13800000001"
    assert mobile_error("13800000001") is None
    assert mobile_error("") == "缺少手机号"
    # a long wrong number is named by its start, not repeated whole
    assert mobile_error("1" * 10_000) == "手机号“" + "1" * 20 + "…”格式不正确（应为 11 位数字）"
    assert mobile_error("1" * 20).startswith("手机号“" + "1" * 20 + "”")


@pytest.mark.parametrize(
    "name", ["weiyuan", "chengban02", "13957300000", "fgj.li", "县发改局", "ab"]
)
def test_a_login_name_of_letters_digits_and_few_marks_is_taken(name):
    assert username_error(name) is None


@pytest.mark.parametrize(
    "name", ["a", "../<script>", ".hidden", "有 空格", "a/b", "x" * 61, "-dash", "<b>"]
)
def test_a_login_name_with_spaces_slashes_or_markup_is_refused(name):
    assert username_error(name) == "用户名应为 2–60 位字母、数字或 _ . @ -，以字母或数字开头"
    assert username_error("x" * 60) is None


def test_over_long_text_is_listed_for_every_field_with_its_limit():
    [checked] = validate_rows(
        [(2, row(name="张" * 41, employer="某" * 200, title="长" * 61, term="届" * 41))],
        **LOOKUPS,
    )
    assert checked.errors == [
        "姓名最多 40 个字（现有 41 个字）",
        "工作单位最多 120 个字（现有 200 个字）",
        "职务最多 60 个字（现有 61 个字）",
        "届次最多 40 个字（现有 41 个字）",
    ]
    [fits] = validate_rows(
        [(2, row(name="张" * 40, employer="某" * 120, title="长" * 60, term="届" * 40))],
        **LOOKUPS,
    )
    assert fits.ok
