"""Shared fixtures. The fake Bot API server lives in ``faketelegram.py``."""

from collections.abc import Iterator

import pytest

from tests.faketelegram import FakeTelegram


@pytest.fixture
def fake_telegram() -> Iterator[FakeTelegram]:
    """A started fake Bot API server; fails the test if the fake itself crashed."""
    with FakeTelegram() as fake:
        yield fake
    assert not fake.internal_errors, "\n".join(fake.internal_errors)


def pytest_addoption(parser: pytest.Parser) -> None:
    """``pytest --update-golden`` rewrites tests/golden/ from the current templates."""
    parser.addoption(
        "--update-golden",
        action="store_true",
        default=False,
        help="rewrite the golden rendered answers in tests/golden/",
    )


@pytest.fixture
def update_golden(request: pytest.FixtureRequest) -> bool:
    """Whether this run rewrites golden files instead of comparing with them."""
    return bool(request.config.getoption("--update-golden"))
