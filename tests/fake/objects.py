"""The Bot API objects in updates and answers: users, the bot, chats, chat members.

Each function returns the JSON Telegram sends, with every field PTB requires to parse it.
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from typing import Any, Final

from tests.fake.errors import JSONDict

DEFAULT_BOT_ID: Final = 123456789
DEFAULT_BOT_USERNAME: Final = "memoria_test_bot"
DEFAULT_BOT_NAME: Final = "Memoria"


def now() -> int:
    """Telegram's clock: Unix seconds (PTB fails on milliseconds)."""
    return int(time.time())


def user(
    user_id: int,
    first_name: str = "Ana",
    username: str | None = None,
    language_code: str | None = None,
) -> JSONDict:
    """A human ``User``."""
    person: JSONDict = {"id": user_id, "is_bot": False, "first_name": first_name}
    if username is not None:
        person["username"] = username
    if language_code is not None:
        person["language_code"] = language_code
    return person


def bot_user(bot_id: int, username: str, first_name: str = DEFAULT_BOT_NAME) -> JSONDict:
    """The bot's own ``User``."""
    return {"id": bot_id, "is_bot": True, "first_name": first_name, "username": username}


def chat(
    chat_id: int,
    chat_type: str = "private",
    *,
    title: str = "Grupo",
    first_name: str = "Ana",
    username: str | None = None,
) -> JSONDict:
    """A ``Chat``: private (with the user's name) or a group, supergroup or channel (a title)."""
    if chat_type == "private":
        private: JSONDict = {"id": chat_id, "type": "private", "first_name": first_name}
        if username is not None:
            private["username"] = username
        return private
    return {"id": chat_id, "type": chat_type, "title": title}


def default_chat(chat_id: int) -> JSONDict:
    """The chat the fake's answers carry for ``chat_id``: private, group or supergroup by id."""
    if chat_id > 0:
        return chat(chat_id, first_name=f"Usuario {chat_id}")
    # Supergroup and channel ids look like -100xxxxxxxxxx.
    return chat(chat_id, "supergroup" if chat_id < -1_000_000_000_000 else "group")


_ADMIN_RIGHTS: Final = {
    "can_be_edited": False,
    "is_anonymous": False,
    "can_manage_chat": True,
    "can_delete_messages": True,
    "can_manage_video_chats": True,
    "can_restrict_members": True,
    "can_promote_members": False,
    "can_change_info": True,
    "can_invite_users": True,
    "can_post_stories": False,
    "can_edit_stories": False,
    "can_delete_stories": False,
    "can_pin_messages": True,
    "can_manage_topics": False,
}
_RESTRICTIONS: Final = {
    "is_member": True,
    "can_change_info": False,
    "can_invite_users": False,
    "can_pin_messages": False,
    "can_send_messages": False,
    "can_send_polls": False,
    "can_send_other_messages": False,
    "can_add_web_page_previews": False,
    "can_manage_topics": False,
    "can_send_audios": False,
    "can_send_documents": False,
    "can_send_photos": False,
    "can_send_videos": False,
    "can_send_video_notes": False,
    "can_send_voice_notes": False,
    "can_edit_tag": False,
    "can_react_to_messages": False,
    "until_date": 0,
}


def chat_member(who: Mapping[str, Any], status: str) -> JSONDict:
    """A ChatMember of any status with every field PTB requires."""
    member: JSONDict = {"status": status, "user": dict(who)}
    if status == "creator":
        member["is_anonymous"] = False
    elif status == "administrator":
        member.update(_ADMIN_RIGHTS)
    elif status == "restricted":
        member.update(_RESTRICTIONS)
    elif status == "kicked":
        member["until_date"] = 0
    elif status not in ("member", "left"):
        raise ValueError(f"unknown chat member status {status!r}")
    return member
