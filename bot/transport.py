"""How the bot reaches the Bot API over HTTP: PTB's request interface, carried by aiohttp.

PTB talks to Telegram through a ``BaseRequest``; its default one uses httpx. Measured against
the fake Bot API, one httpx call costs this process 1.5 to 2 ms of CPU and an aiohttp call about
0.5 ms (bench/README.md, "End to end"); every answer is one call, so at a few hundred answers a
second the client library is the largest cost left. PTB documents ``BaseRequest`` as the place
to plug in another asyncio HTTP library; ``AiohttpRequest`` does only that: it maps PTB's
timeouts onto aiohttp's and aiohttp's errors onto PTB's (``TimedOut``, ``NetworkError``), and
leaves every Bot API rule (status codes, ``retry_after``, JSON) to PTB's ``BaseRequest.post``.

Certificates come from certifi, as with httpx. This module builds no URL and logs nothing: URLs
hold the bot token.

Only PTB's public API is used (``telegram.request``), so any 22.x release fits. PTB annotates the
timeouts with ``ODVInput``, which lives in a private module; the parameters here are typed
``object`` instead (an override may accept more than its base) and narrowed by ``_chosen``.
"""

from __future__ import annotations

import ssl

import aiohttp
import certifi
from telegram.error import NetworkError, TimedOut
from telegram.request import BaseRequest, RequestData

DEFAULT_POOL_SIZE = 64
DEFAULT_TIMEOUT = 5.0


class AiohttpRequest(BaseRequest):
    """PTB's request interface over one aiohttp session with a bounded connection pool."""

    def __init__(
        self,
        *,
        connection_pool_size: int = DEFAULT_POOL_SIZE,
        read_timeout: float | None = DEFAULT_TIMEOUT,
        connect_timeout: float | None = DEFAULT_TIMEOUT,
        pool_timeout: float | None = 1.0,
        certificates: bool = True,
    ) -> None:
        """``certificates=False`` skips loading the CA bundle: only for plain-HTTP servers."""
        self._pool_size = connection_pool_size
        self._read_timeout = read_timeout
        self._connect_timeout = connect_timeout
        self._pool_timeout = pool_timeout
        self._certificates = certificates
        self._session: aiohttp.ClientSession | None = None

    @property
    def read_timeout(self) -> float | None:
        """The read timeout PTB adds to a long poll's own timeout."""
        return self._read_timeout

    async def initialize(self) -> None:
        """Open the session (again, after a shutdown)."""
        if self._session is not None and not self._session.closed:
            return
        tls: ssl.SSLContext | bool = False
        if self._certificates:
            tls = ssl.create_default_context(cafile=certifi.where())
        connector = aiohttp.TCPConnector(limit=self._pool_size, ssl=tls)
        self._session = aiohttp.ClientSession(
            connector=connector, headers={"User-Agent": self.USER_AGENT}
        )

    async def shutdown(self) -> None:
        """Close the session and its connections."""
        if self._session is not None and not self._session.closed:
            await self._session.close()

    async def do_request(
        self,
        url: str,
        method: str,
        request_data: RequestData | None = None,
        read_timeout: object = BaseRequest.DEFAULT_NONE,
        write_timeout: object = BaseRequest.DEFAULT_NONE,
        connect_timeout: object = BaseRequest.DEFAULT_NONE,
        pool_timeout: object = BaseRequest.DEFAULT_NONE,
    ) -> tuple[int, bytes]:
        """One HTTP request: its status code and body."""
        if self._session is None or self._session.closed:
            raise RuntimeError("This AiohttpRequest is not initialized!")
        del write_timeout  # aiohttp has no separate write timeout; the read one covers a reply
        read = _chosen(read_timeout, self._read_timeout)
        connect = _chosen(connect_timeout, self._connect_timeout)
        pool = _chosen(pool_timeout, self._pool_timeout)
        timeout = aiohttp.ClientTimeout(
            total=None,
            # aiohttp's "connect" covers waiting for a free pooled connection and connecting.
            connect=None if connect is None or pool is None else connect + pool,
            sock_connect=connect,
            sock_read=read,
        )
        try:
            async with self._session.request(
                method, url, data=_body(request_data), timeout=timeout
            ) as response:
                return response.status, await response.read()
        except TimeoutError as error:
            raise TimedOut from error
        except aiohttp.ClientError as error:
            raise NetworkError(f"aiohttp.{type(error).__name__}: {error}") from error


def _chosen(given: object, default: float | None) -> float | None:
    """The timeout PTB passed (seconds, or None for no limit), else ours.

    PTB marks "not passed" with ``BaseRequest.DEFAULT_NONE``, which is neither a number nor None;
    like PTB's own HTTPXRequest, any such marker means "use the default".
    """
    if given is None:
        return None
    if isinstance(given, int | float):
        return float(given)
    return default


def _body(request_data: RequestData | None) -> aiohttp.FormData | dict[str, str] | None:
    if request_data is None:
        return None
    if not request_data.contains_files:
        return request_data.json_parameters
    form = aiohttp.FormData()
    for name, value in request_data.json_parameters.items():
        form.add_field(name, value)
    for name, (filename, content, mime_type) in request_data.multipart_data.items():
        form.add_field(name, content, filename=filename, content_type=mime_type)
    return form
