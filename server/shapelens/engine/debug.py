"""One switch for the whole engine: tests set SHAPELENS_STRICT=1 so that an engine bug fails
loudly instead of going silent (the engine then re-raises what it would otherwise log and skip).
Read it as ``debug.STRICT`` (a script may turn it off at run time)."""

import os

STRICT = os.environ.get("SHAPELENS_STRICT") == "1"
