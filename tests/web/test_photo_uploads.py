"""Photos on the member's item page: pixel bombs refused before decoding (issue 7.7), the
photo's thumbnail and files made before the database write, and iPhone HEIC photos converted
to JPEG (issue 8)."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from PIL import Image
from sqlalchemy import event, func, select

from lvzhi import storage
from lvzhi.clock import local_today
from lvzhi.extensions import db
from lvzhi.models import Attachment, DutyRecord

from ..factories import gen_duty_items, heic_bytes, png_bomb_bytes, png_bytes, world

Y = local_today().year


def _post(client, data: bytes, filename: str, title: str = "参加义诊"):
    return client.post(
        f"/member/duties/{Y}/public_welfare/new",
        data={
            "occurred_on": local_today().isoformat(),
            "title": title,
            "body": "",
            "token": "t-photo",
            "action": "submit",
            "files": [(io.BytesIO(data), filename)],
        },
        content_type="multipart/form-data",
    )


@pytest.fixture
def member_client(app, client, auth):
    gen_duty_items(world().org)
    db.session.commit()
    auth.login("weiyuan")
    return client


def _stored_files(app) -> list[Path]:
    root = Path(app.config["UPLOAD_FOLDER"])
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


def _nothing_stored(app) -> bool:
    return (
        db.session.scalar(select(func.count(DutyRecord.id))) == 0
        and db.session.scalar(select(func.count(Attachment.id))) == 0
        and not _stored_files(app)
    )


def test_a_pixel_bomb_is_refused_naming_the_file_and_nothing_is_stored(app, member_client):
    bomb = png_bomb_bytes(20000, 20000)  # 400 million pixels in a small file
    assert len(bomb) < 300 * 1024
    response = _post(member_client, bomb, "巨幅照片.png")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "“巨幅照片.png”无法上传：图片像素过多，最多 5000 万像素，请缩小尺寸后再上传。" in html
    assert 'value="参加义诊"' in html  # nothing typed is lost
    assert _nothing_stored(app)


@pytest.mark.filterwarnings("ignore::PIL.Image.DecompressionBombWarning")
def test_an_image_just_over_the_limit_is_refused_with_its_size(app, member_client):
    response = _post(member_client, png_bomb_bytes(8000, 8000), "大图.png")  # 64 MP
    assert "“大图.png”无法上传：图片像素过多（8000×8000），最多 5000 万像素" in response.get_data(
        as_text=True
    )
    assert _nothing_stored(app)


def test_pillow_itself_refuses_images_over_the_limit():
    from lvzhi.domain.uploads import MAX_IMAGE_PIXELS
    from lvzhi.files import images

    assert Image.MAX_IMAGE_PIXELS == MAX_IMAGE_PIXELS
    with pytest.raises(images.ImageRefused, match="图片像素过多"):
        images.photo_prepare(png_bomb_bytes(20000, 20000), "png")


def test_the_photo_is_decoded_and_written_before_the_first_database_write(
    app, member_client, monkeypatch
):
    steps: list[str] = []
    thumbnail, save = Image.Image.thumbnail, storage.save

    def logged_thumbnail(img, *args, **kwargs):
        steps.append("thumbnail")
        return thumbnail(img, *args, **kwargs)

    def logged_save(*args, **kwargs):
        steps.append("file")
        return save(*args, **kwargs)

    def on_statement(_conn, _cursor, statement, *_args):
        words = statement.split()
        if words[0] in ("INSERT", "UPDATE", "DELETE") and any(
            table in statement for table in ("duty_records", "attachments", "audit_events")
        ):
            steps.append("db write")

    monkeypatch.setattr(Image.Image, "thumbnail", logged_thumbnail)
    monkeypatch.setattr(storage, "save", logged_save)
    event.listen(db.engine, "before_cursor_execute", on_statement)
    try:
        assert _post(member_client, png_bytes((640, 480)), "现场.png").status_code == 303
    finally:
        event.remove(db.engine, "before_cursor_execute", on_statement)
    first_write = steps.index("db write")
    assert steps[:first_write] == ["thumbnail", "file"]
    (photo,) = db.session.scalars(select(Attachment))
    assert photo.has_thumbnail and storage.thumb_path(photo.stored_name).exists()


def test_a_refused_record_leaves_no_file_behind(app, member_client):
    response = _post(member_client, png_bytes(), "现场.png", title="   ")
    assert response.status_code == 200 and "请填写活动名称" in response.get_data(as_text=True)
    assert _nothing_stored(app)


def test_an_iphone_heic_photo_is_converted_to_jpeg_on_upload(app, member_client):
    response = _post(member_client, heic_bytes((120, 90)), "IMG_0001.HEIC")
    assert response.status_code == 303
    (photo,) = db.session.scalars(select(Attachment))
    assert photo.kind == "jpg" and photo.display_name == "IMG_0001.jpg"
    assert photo.has_thumbnail
    stored = storage.file_path(photo.stored_name).read_bytes()
    assert stored[:3] == b"\xff\xd8\xff"
    with Image.open(io.BytesIO(stored)) as img:
        assert img.format == "JPEG" and img.size == (120, 90)
    shown = member_client.get(f"/files/{photo.id}")
    assert shown.status_code == 200 and shown.mimetype == "image/jpeg"


def test_a_broken_heic_is_refused_with_how_to_send_jpg(app, member_client):
    broken = b"\x00\x00\x00\x1cftypheic" + b"\x00" * 200
    html = _post(member_client, broken, "IMG_0002.HEIC").get_data(as_text=True)
    assert "“IMG_0002.HEIC”无法上传：无法读取这张 HEIC 照片，请改为 JPG 格式后再上传" in html
    assert "设置→相机→格式→兼容性最佳" in html
    assert _nothing_stored(app)
