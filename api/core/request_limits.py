"""What a request to /graphql/ may be before its document is read: its body's size and nesting, and
text PostgreSQL can hold. The limits are settings (GRAPHQL_MAX_BODY_BYTES, GRAPHQL_MAX_JSON_DEPTH);
docs/limits.md lists them with the document's own (length, tokens, aliases, depth, cost)."""

import json
import re

from api.core.validation import NUL_MESSAGE

SURROGATE_MESSAGE = "Text may not contain a lone surrogate (U+D800 to U+DFFF): it is not Unicode text."
# A JSON escape of a surrogate: a pair is an ordinary character (an emoji), a lone one is not text.
_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89abcdefABCDEF]")


def body_too_large(content_length: str | None, limit: int) -> str | None:
    """The message refusing a body of content_length bytes (the header's value), or None."""
    try:
        size = int(content_length or 0)
    except ValueError:
        return None  # Django's own reading of the body decides
    if size <= limit:
        return None
    return f"The request body is {size} bytes; at most {limit} are accepted."


def too_deep(value, limit: int) -> str | None:
    """The message refusing parsed JSON that nests lists and objects deeper than limit, or None.

    Level by level over the containers, by exact type (json.loads makes dicts and lists): a tablet's
    batch of 200 sales is ~0.5 ms."""
    level, depth = ([value] if type(value) is dict or type(value) is list else []), 1
    while level:
        if depth > limit:
            return nesting_message(limit)
        below = []
        for item in level:
            for child in item.values() if type(item) is dict else item:
                kind = type(child)
                if kind is dict or kind is list:
                    below.append(child)
        level, depth = below, depth + 1
    return None


def nesting_message(limit: int) -> str:
    return f"The request's JSON nests lists and objects deeper than {limit} levels."


def bad_text(value) -> str | None:
    """The message refusing a (JSON) value that holds a NUL or a lone surrogate in any string, or None.

    One pass of the C encoder finds neither in almost every request (~0.5 ms for a tablet's batch); a
    walk of the strings decides only when its output has a NUL's escape or a surrogate."""
    try:
        text = json.dumps(value, ensure_ascii=False)
    except (TypeError, ValueError):
        return _walk(value)  # not JSON's types: the walk decides
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return SURROGATE_MESSAGE
    return _walk(value) if "\\u0000" in text else None


def bad_text_in_json(raw: str, value) -> str | None:
    """bad_text of value, parsed from the JSON text raw: without a NUL's or a surrogate's escape in
    raw (nearly every request), no string in value can hold either."""
    if "\\u0000" not in raw and _SURROGATE_ESCAPE.search(raw) is None:
        return None
    return bad_text(value)


def _walk(value) -> str | None:
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            if "\x00" in item:
                return NUL_MESSAGE
            try:
                item.encode("utf-8")
            except UnicodeEncodeError:
                return SURROGATE_MESSAGE
        elif isinstance(item, dict):
            stack.extend(item.keys())
            stack.extend(item.values())
        elif isinstance(item, list | tuple):
            stack.extend(item)
    return None
