"""Flask extensions, created unbound and attached in create_app()."""

from flask_login import LoginManager
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from flask_wtf import CSRFProtect, FlaskForm
from sqlalchemy import MetaData
from sqlalchemy.orm import DeclarativeBase

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


db = SQLAlchemy(model_class=Base)
migrate = Migrate(render_as_batch=True, compare_type=True)
csrf = CSRFProtect()
# WTForms' own messages (length, number range, invalid choice …) in Chinese for every form;
# Flask-WTF's Babel hook is off (WTF_I18N_ENABLED = False in config) so these locales apply.
FlaskForm.Meta.locales = ("zh",)


class _ChineseMessages:
    """WTForms' Chinese catalogue, plus the messages it leaves in English (marked fuzzy there,
    so never compiled): every word a user reads is Chinese."""

    MISSING = {
        "'%(value)s' is not a valid choice for this field.": "“%(value)s”不是该项的有效选择。",
        "'%(value)s' are not valid choices for this field.": "“%(value)s”不是该项的有效选择。",
    }

    def __init__(self, catalogue):
        self.catalogue = catalogue

    def gettext(self, string: str) -> str:
        return self.MISSING.get(string) or self.catalogue.gettext(string)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        missing = self.MISSING.get(singular if n == 1 else plural)
        return missing or self.catalogue.ngettext(singular, plural, n)


_get_translations = FlaskForm.Meta.get_translations
FlaskForm.Meta.get_translations = lambda self, form: _ChineseMessages(_get_translations(self, form))
login_manager = LoginManager()
login_manager.login_view = "auth.login"
login_manager.login_message = "请先登录。"
login_manager.login_message_category = "info"
