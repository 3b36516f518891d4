"""The audit log's action codes and the Chinese words users read for them (the log page,
its Excel export). Every code a service passes to ``audit()`` has a label here; a test
collects the codes from ``lvzhi/services`` and fails on any without one."""

from __future__ import annotations

ACTION_LABELS: dict[str, str] = {
    # accounts
    "login": "登录",
    "login.locked": "账户锁定",
    "password.change": "修改密码",
    "password.reset": "重置密码",
    "user.create": "创建账户",
    "user.roles": "调整角色",
    "user.activate": "恢复账户",
    "user.deactivate": "停用账户",
    # roster
    "member.create": "新增委员",
    "member.update": "修改委员",
    "member.activate": "启用委员",
    "member.deactivate": "停用委员",
    "roster.import": "导入名册",
    "roster.credentials": "下载初始密码表",
    # structure and calendar
    "sector.create": "新增界别",
    "sector.update": "修改界别",
    "sector.delete": "删除界别",
    "committee.create": "新增专委会",
    "committee.update": "修改专委会",
    "committee.delete": "删除专委会",
    "committee.groups": "设置联系室组",
    "office_group.create": "新增室组",
    "office_group.update": "修改室组",
    "office_group.delete": "删除室组",
    "group.head_change": "变更室组负责人",
    "department.create": "新增承办单位",
    "department.update": "修改承办单位",
    "meeting.create": "新增会议",
    "meeting.update": "修改会议",
    "meeting.delete": "删除会议",
    "year.open": "开启年度",
    "year.current": "设置当前年度",
    # 十个一
    "duty_item.open_year": "设置年度清单",
    "duty_item.create": "新增十个一事项",
    "duty_item.update": "修改十个一事项",
    "duty_item.move": "调整事项顺序",
    "duty_item.retire": "停用十个一事项",
    "duty_item.restore": "恢复十个一事项",
    "duty_record.create": "登记履职记录",
    "duty_record.update": "修改履职记录",
    "duty_record.submit": "提交履职记录",
    "duty_record.withdraw": "撤回履职记录",
    "duty_record.delete": "删除履职记录",
    "duty_record.confirm": "确认履职记录",
    "duty_record.confirm_many": "批量确认履职记录",
    "duty_record.return": "退回履职记录",
    "duty_record.credit": "自动计入履职",
    "duty_record.credit_withdraw": "撤销自动计入",
    "duty.remind": "发送十个一提醒",
    "attachment.add": "上传附件",
    "attachment.remove": "删除附件",
    # 十加一
    "group_report.rubric": "设置评分规则",
    "group_report.items": "修改十加一清单",
    "group_report.signature": "设置特色工作",
    "group_report.create": "新建月报",
    "group_report.save": "保存月报",
    "group_report.submit": "报送月报",
    "group_report.withdraw": "撤回月报",
    "group_report.score": "月报评分",
    "group_report.comment": "专委会点评",
    "group_report.invite": "邀请参加月度会议",
    "group_report.appearance": "登记会议发言",
    # closed loops (every loop move's code is "<loop>.<action>", labelled below from the specs)
    "proposal.create": "新建提案",
    "proposal.invite": "邀请联名",
    "proposal.consent": "答复联名邀请",
    "loop.settings": "设置闭环年度参数",
    "matter.create": "新建闭环事项",
    "suggestion.add": "新增建议",
    "suggestion.outcome": "登记建议采纳落实",
    "department.account": "创建承办单位账户",
    # 社情民意信息 and the 《社情民意》 bulletin
    "public_opinion.create": "新建社情民意信息",
    "bulletin.create": "新建《社情民意》一期",
    "bulletin.remove": "移出《社情民意》",
    "bulletin.publish": "印发《社情民意》",
    "topic.update": "修改协商监督议题",
    "suggestion.edit": "修改建议",
    "suggestion.answer": "答复建议采纳落实",
    "suggestion.update": "更新建议采纳落实",
    "suggestion.import": "表格导入更新建议",
    # attendance
    "group_activity.create": "安排室组活动",
    "group_activity.update": "修改室组活动",
    "attendance.invite": "邀请参会",
    "attendance.window_open": "开放签到",
    "attendance.window_close": "结束签到",
    "attendance.leave_request": "请假",
    "attendance.leave_approve": "准假",
    "attendance.leave_record": "代登记请假",
    "attendance.leave_refuse": "不准假",
    "attendance.checkin": "签到",
    "attendance.tick": "登记出席",
    "attendance.untick": "撤销出席登记",
    "attendance.import": "导入签到表",
    # points and the year's assessment
    "points_rule.update": "修改积分规则",
    "assessment.settings": "设置年度考评",
    "points.adjust": "调整积分",
    "self_summary.save": "保存述职",
}


def loop_move_labels() -> dict[str, str]:
    """``<loop>.<action>`` → e.g. 提案立案, for every transition of every loop spec."""
    from .loop_specs import LOOPS

    return {
        f"{code}.{t.action}": f"{spec.name}{t.label}"
        for code, spec in LOOPS.items()
        for t in spec.workflow.transitions
    }


ACTION_LABELS.update(loop_move_labels())

OTHER = "其他操作"


def action_label(code: str) -> str:
    """The Chinese name of an action; never the code itself."""
    return ACTION_LABELS.get(code, OTHER)


def actions_matching(text: str) -> list[str]:
    """The codes whose label contains ``text`` — so a search for 登录 finds logins."""
    return [code for code, label in ACTION_LABELS.items() if text and text in label]
