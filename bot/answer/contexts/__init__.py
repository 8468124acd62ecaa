"""One documented context per template: what each template in ``templates/`` may use.

Every template also receives, from ``render``: ``t`` (the UI strings of the language, from
``content/locales``), ``lang``, ``org`` (name, description, contact: each None when unset),
``org_name`` (the name, or a phrase for "whoever runs this bot"), ``bot_username`` (None
outside Telegram), ``day(date)`` (a date in words), ``month(date)`` (its month's name) and
``deep_link(bot_username, payload)`` (the one builder of t.me links, ``callbacks.deep_link``).
Texts here are plain text; templates escape them.

The records live by subject: chat.py (conversation pages), items.py (topics and cases, layer by
layer), alerts.py (alerts and broadcasts). ``TEMPLATES`` maps each to its template file.
"""

from __future__ import annotations

from bot.answer.contexts.alerts import (
    AlertContext,
    AlertsChange,
    AlertsContext,
    BroadcastCounts,
    BroadcastPreviewContext,
    BroadcastProgressContext,
    BroadcastReportContext,
    RecipientCount,
    RefusedContext,
    RefusedReason,
)
from bot.answer.contexts.chat import (
    CategoryContext,
    CommandLine,
    ErrorContext,
    ForgetContext,
    ForgetState,
    GroupIntroContext,
    HelpContext,
    LanguageContext,
    MenuContext,
    NewsContext,
    NewsLine,
    NotFoundContext,
    OpinionContext,
    PrivacyContext,
    SmalltalkContext,
    SuggestionsContext,
    UnclearContext,
    UsageContext,
    UsageKey,
    WelcomeContext,
)
from bot.answer.contexts.items import (
    CardContext,
    CaseContext,
    CaseDetailContext,
    CaseHeading,
    CaseLine,
    CaseListContext,
    FollowUpContext,
    ReferencesContext,
    SourceLine,
    SourcesContext,
    TopicContext,
    TopicDetailContext,
)

TemplateContext = (
    WelcomeContext
    | GroupIntroContext
    | PrivacyContext
    | ForgetContext
    | HelpContext
    | MenuContext
    | CategoryContext
    | TopicContext
    | TopicDetailContext
    | CaseContext
    | FollowUpContext
    | CaseDetailContext
    | SourcesContext
    | CaseListContext
    | SuggestionsContext
    | NotFoundContext
    | UnclearContext
    | OpinionContext
    | SmalltalkContext
    | UsageContext
    | ErrorContext
    | LanguageContext
    | AlertContext
    | AlertsContext
    | BroadcastPreviewContext
    | BroadcastProgressContext
    | BroadcastReportContext
    | RefusedContext
    | NewsContext
    | ReferencesContext
    | CardContext
)

TEMPLATES: dict[type[TemplateContext], str] = {
    WelcomeContext: "welcome.html",
    GroupIntroContext: "group_intro.html",
    PrivacyContext: "privacy.html",
    ForgetContext: "forget.html",
    HelpContext: "help.html",
    MenuContext: "menu.html",
    CategoryContext: "category.html",
    TopicContext: "topic.html",
    TopicDetailContext: "topic_detail.html",
    CaseContext: "case.html",
    FollowUpContext: "followup.html",
    CaseDetailContext: "case_detail.html",
    SourcesContext: "sources.html",
    CaseListContext: "case_list.html",
    SuggestionsContext: "suggestions.html",
    NotFoundContext: "not_found.html",
    UnclearContext: "unclear.html",
    OpinionContext: "opinion.html",
    SmalltalkContext: "smalltalk.html",
    UsageContext: "usage.html",
    ErrorContext: "error.html",
    LanguageContext: "language.html",
    AlertContext: "alert.html",
    AlertsContext: "alerts.html",
    BroadcastPreviewContext: "broadcast_preview.html",
    BroadcastProgressContext: "broadcast_progress.html",
    BroadcastReportContext: "broadcast_report.html",
    RefusedContext: "refused.html",
    NewsContext: "news.html",
    ReferencesContext: "references.html",
    CardContext: "card.html",
}

__all__ = [
    "TEMPLATES",
    "AlertContext",
    "AlertsChange",
    "AlertsContext",
    "BroadcastCounts",
    "BroadcastPreviewContext",
    "BroadcastProgressContext",
    "BroadcastReportContext",
    "CardContext",
    "CaseContext",
    "CaseDetailContext",
    "CaseHeading",
    "CaseLine",
    "CaseListContext",
    "CategoryContext",
    "CommandLine",
    "ErrorContext",
    "FollowUpContext",
    "ForgetContext",
    "ForgetState",
    "GroupIntroContext",
    "HelpContext",
    "LanguageContext",
    "MenuContext",
    "NewsContext",
    "NewsLine",
    "NotFoundContext",
    "OpinionContext",
    "PrivacyContext",
    "RecipientCount",
    "ReferencesContext",
    "RefusedContext",
    "RefusedReason",
    "SmalltalkContext",
    "SourceLine",
    "SourcesContext",
    "SuggestionsContext",
    "TemplateContext",
    "TopicContext",
    "TopicDetailContext",
    "UnclearContext",
    "UsageContext",
    "UsageKey",
    "WelcomeContext",
]
