"""JSON-RPC as the server speaks it: every request answered (pygls drops unreadable ones), a
header reader that recovers from a broken header, and stdin read by the event loop."""

from __future__ import annotations

import asyncio
import json
import logging
import os
import re
from typing import Optional

from pygls.exceptions import JsonRpcException, JsonRpcInvalidParams, JsonRpcInvalidRequest, JsonRpcMethodNotFound
from pygls.protocol import LanguageServerProtocol

log = logging.getLogger("shapelens.server")


_ANSWERED = object()  # a request pygls could not read, already answered with an error


class ShapelensProtocol(LanguageServerProtocol):
    """pygls' protocol, except that every request gets an answer: pygls drops a request whose
    params it cannot read (none at all, a string, wrong types) without a word, and the client
    waits forever.  Here ``params`` may be left out (JSON-RPC allows it), and a request that
    still cannot be read is answered with InvalidRequest, MethodNotFound or InvalidParams."""

    def _check_handler_result(self, future) -> None:
        """The callback of every notification's handler.  pygls 2.1 files each notification's
        future in ``_request_futures`` under a fresh id and never takes it out: with it stay the
        params (an edit's text) and the handler's generator, ~1 KB or more per keystroke for as
        long as the server runs.  Here it is taken out when it is done (the dict holds only the
        handlers still running, so the search is short)."""
        for key, pending in list(self._request_futures.items()):
            if pending is future:
                del self._request_futures[key]
                break
        super()._check_handler_result(future)

    cold_cache = None  # the "messages" compile cache, open from main_lsp to the first message

    def structure_message(self, data):
        if not isinstance(data, dict) or "jsonrpc" not in data:
            return data
        cache, self.cold_cache = self.cold_cache, None
        if cache is not None:
            try:  # the client's initialize: its converters compiled inside the cache
                return self._structure_message(data)
            finally:
                cache.close()
        return self._structure_message(data)

    def _structure_message(self, data):
        if "method" in data and "params" not in data:
            data = dict(data, params=None)
        try:
            return super().structure_message(data)
        except Exception as exc:
            if "id" not in data or "method" not in data or "error" in data:
                raise  # a notification or a response: nobody waits for an answer
            method = data.get("method")
            if not isinstance(method, str) or not isinstance(data.get("id"), (int, str)):
                error: JsonRpcException = JsonRpcInvalidRequest.of(exc)
            elif self.get_message_type(method) is None and method not in self.fm.features \
                    and method not in self.fm.builtin_features:
                error = JsonRpcMethodNotFound.of(method)
            else:
                error = JsonRpcInvalidParams.of(exc)
            log.warning("shapelens: cannot read request %r (%s): %s", data.get("id"), method, exc)
            msg_id = data.get("id")
            self._send_response(msg_id if isinstance(msg_id, (int, str)) else None, None,
                                error.to_response_error())
            return _ANSWERED

    def handle_message(self, message):
        if message is _ANSWERED:
            return
        super().handle_message(message)


_CONTENT_LENGTH = re.compile(rb"content-length:[ \t]*(\d+)", re.IGNORECASE)


async def _read_messages(stop_event, reader, protocol: ShapelensProtocol, error_handler) -> None:
    """pygls' ``run_async`` with a forgiving header parser: pygls only accepts a header line
    that is exactly ``Content-Length: N``, so after a broken header (``Content-Length: abc``
    followed by a body) the next header arrives glued to that body and it never finds a
    message again -- alive but deaf.  Here a ``Content-Length`` anywhere in a header line
    counts, so at most one message is lost."""
    content_length = None
    while not stop_event.is_set():
        header = await reader.readline()
        if not header:
            break
        match = _CONTENT_LENGTH.search(header)
        if match:
            content_length = int(match.group(1))
            continue
        if header.strip() or content_length is None:
            continue  # another header (Content-Type), or a blank line without a length
        length, content_length = content_length, None
        body = await reader.readexactly(length) if length else b""
        if length and not body:
            break
        try:
            message = json.loads(body, object_hook=protocol.structure_message)
            protocol.handle_message(message)
        except Exception as exc:
            log.warning("shapelens: unable to handle a message: %s", exc)
            error_handler(exc, JsonRpcException)


class _PipeReader:
    """stdin read by the event loop itself, as asyncio reads a pipe or socket.

    pygls reads stdin in a worker thread, three hand-overs per message (header line, blank
    line, body), and each hand-over waits for the GIL.  While an analysis runs in another
    thread the loop gets the GIL back only every few milliseconds, so during a burst of edits
    the messages were read more slowly than they came, and a hover queued behind them was
    answered after more than a second.  Here one wake-up of the loop reads everything that has
    arrived (many messages at once) and the rest is parsing in memory.  Where stdin cannot be
    watched by the loop (a regular file, some platforms) pygls' reader is used."""

    HEADER_LIMIT = 1 << 20  # a longer header line is skipped as garbage

    def __init__(self, stream: asyncio.StreamReader):
        self.stream = stream

    @classmethod
    async def open(cls, stdin) -> Optional["_PipeReader"]:
        loop = asyncio.get_running_loop()
        stream = asyncio.StreamReader(limit=cls.HEADER_LIMIT, loop=loop)
        pipe = None
        try:
            # a second descriptor: the transport closes its own when it is done, stdin stays
            pipe = os.fdopen(os.dup(stdin.fileno()), "rb", buffering=0)
            await loop.connect_read_pipe(lambda: asyncio.StreamReaderProtocol(stream, loop=loop), pipe)
        except (ValueError, OSError, NotImplementedError, AttributeError) as exc:
            log.debug("shapelens: stdin is read by a thread (%s)", exc)
            if pipe is not None:
                pipe.close()
            return None
        return cls(stream)

    async def readline(self) -> bytes:
        try:
            return await self.stream.readline()
        except ValueError:  # over HEADER_LIMIT: dropped by the stream; not a header we can use
            return b"?\r\n"

    async def readexactly(self, n: int) -> bytes:
        try:
            return await self.stream.readexactly(n)
        except asyncio.IncompleteReadError as exc:  # the client went away mid-message
            return exc.partial
