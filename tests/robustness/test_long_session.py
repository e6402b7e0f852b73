"""A long editing session leaves nothing behind: pygls 2.1 kept every notification's future
(with the edit's params) for the life of the server; the server takes them out."""

from __future__ import annotations

EXAMPLE = '''import keras
from keras import layers

model = keras.Sequential([
    keras.Input(shape=(10, 3)),
    layers.LSTM(16),
    layers.Dense(1),
])
'''


def test_edits_and_closed_documents_leave_nothing_pending(server):
    uris = []
    for n in range(3):
        uri = server.open(f"long_{n}.py", EXAMPLE)
        uris.append(uri)
        version = 1
        for k in range(300):  # type a comment at the end, one character per notification
            version += 1
            line = EXAMPLE.count("\n")  # the empty last line
            server.change(uri, version, [{"range": {"start": {"line": line, "character": k},
                                                    "end": {"line": line, "character": k}},
                                          "text": "#" if k == 0 else "x"}])
        server.diagnostics(uri, version)
    _, msg = server.request("shapelens/serverStats", None)
    stats = msg["result"]
    assert stats["documents"] == 3 and stats["workspace_documents"] == 3
    assert stats["pending_handlers"] <= 5, stats  # was one per notification: 900+
    for uri in uris:
        server.close_doc(uri)
    _, msg = server.request("shapelens/serverStats", None)
    stats = msg["result"]
    assert stats["documents"] == 0 and stats["workspace_documents"] == 0, stats
    assert stats["pending_handlers"] <= 5, stats
