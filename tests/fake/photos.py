"""sendPhoto and photo results of answerInlineQuery, as the real server checks them.

A photo sent as an upload (a multipart file part) gets a new ``file_id``, remembered with its
bytes; a photo named by a ``file_id`` must be one the fake gave out, else the real server's
"wrong file identifier" error. The returned Message carries the photo in two sizes, the largest
last, as Telegram's does.
"""

from __future__ import annotations

import copy
import io
import struct
from collections.abc import Mapping
from typing import Any, Final

from tests.fake.errors import JSONDict, bad_request
from tests.fake.html import format_text
from tests.fake.objects import default_chat, now
from tests.fake.params import UploadedFile

WRONG_FILE: Final = "wrong file identifier/HTTP URL specified"
MAX_CAPTION_CHARS: Final = 1024
PNG_SIGNATURE: Final = b"\x89PNG\r\n\x1a\n"


def png_size(data: bytes) -> tuple[int, int]:
    """Width and height of a PNG file, from its header (the real server decodes the image)."""
    if not data.startswith(PNG_SIGNATURE) or len(data) < 24:
        raise bad_request("IMAGE_PROCESS_FAILED")
    width, height = struct.unpack(">II", io.BytesIO(data[16:24]).read())
    return int(width), int(height)


def stored_photo(files: dict[str, bytes], photo: object) -> tuple[str, bytes]:
    """The file id and bytes of ``photo``: a new upload, or a file id given out before."""
    if isinstance(photo, UploadedFile):
        file_id = f"photo-{len(files) + 1}"
        png_size(photo.data)
        files[file_id] = photo.data
        return file_id, photo.data
    if isinstance(photo, str) and photo in files:
        return photo, files[photo]
    raise bad_request(WRONG_FILE)


def send_photo(
    state: Any, params: Mapping[str, Any], markup: JSONDict | None, message_id: int
) -> JSONDict:
    """The Message of a sendPhoto call (``methods.send_photo`` numbers and stores it)."""
    file_id, data = stored_photo(state.files, params.get("photo"))
    width, height = png_size(data)
    message: JSONDict = {
        "message_id": message_id,
        "from": state.bot,
        "chat": default_chat(int(params["chat_id"])),
        "date": now(),
        "photo": [
            _size(f"{file_id}-small", width // 4, height // 4, len(data) // 8),
            _size(file_id, width, height, len(data)),
        ],
    }
    if params.get("caption"):
        caption, entities = format_text(
            params["caption"], params.get("parse_mode"), params.get("caption_entities")
        )
        if len(caption) > MAX_CAPTION_CHARS:
            raise bad_request("message caption is too long")
        message["caption"] = caption
        if entities:
            message["caption_entities"] = entities
    if markup:
        message["reply_markup"] = markup
    return copy.deepcopy(message)


def check_photo_result(files: Mapping[str, bytes], result: Mapping[str, Any]) -> None:
    """A cached photo result must name a file id the fake gave out."""
    if result.get("type") == "photo" and "photo_file_id" in result:
        if result["photo_file_id"] not in files:
            raise bad_request(WRONG_FILE)
        if result.get("caption"):
            format_text(result["caption"], result.get("parse_mode"))


def _size(file_id: str, width: int, height: int, size: int) -> JSONDict:
    return {
        "file_id": file_id,
        "file_unique_id": f"u-{file_id}",
        "width": width,
        "height": height,
        "file_size": size,
    }
