"""Services: the only code that writes. Each loads, applies domain rules, saves, audits."""


class ServiceError(Exception):
    """A rule refused the change; the message is shown to the user as is (Chinese)."""

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field


class ConflictError(ServiceError):
    """Someone else changed the same thing since the form was opened."""

    def __init__(self, message: str = "该内容已被他人修改，请刷新页面后重新编辑。"):
        super().__init__(message)
