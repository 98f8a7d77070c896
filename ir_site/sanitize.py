"""The one HTML policy for everything that enters the site or the feeds from outside
the admin's rich-text editor (imports, pasted HTML).

The policy is plain data: `ALLOWED_TAGS`, `ALLOWED_ATTRIBUTES`, `ALLOWED_PROTOCOLS`
and `DROP_CONTENT_TAGS` (elements removed together with everything inside them).
Two engines apply it, chosen by the `IR_SANITIZER_ENGINE` setting:

* ``"bleach"`` (the default; bleach 6.4.0, which its maintainers no longer maintain);
* ``"nh3"`` (Rust's ammonia), the tested replacement.

Both pass the same hostile corpus (tests/sanitizer_corpus.py). They do not produce
identical strings (entity spelling and serialisation differ), only equally inert
markup. Everything both engines must agree on that neither does alone (dropping
the content of script-like elements, URL schemes hidden behind invisible
characters or entities) is done here, identically for both.

`clean_html` is safe to call from any thread: neither engine keeps state between calls.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

import bleach
import nh3
from bleach import html5lib_shim

__all__ = [
    "ALLOWED_ATTRIBUTES",
    "ALLOWED_PROTOCOLS",
    "ALLOWED_TAGS",
    "DEFAULT_ENGINE",
    "DROP_CONTENT_TAGS",
    "ENGINES",
    "clean_html",
    "clean_with_bleach",
    "clean_with_nh3",
    "is_allowed_url",
]

# -- the policy -----------------------------------------------------------------

ALLOWED_TAGS: frozenset[str] = frozenset(
    {
        "p", "br", "a", "strong", "b", "em", "i", "u", "sub", "sup",
        "ul", "ol", "li", "blockquote", "h2", "h3", "h4",
        "table", "caption", "thead", "tbody", "tfoot", "tr", "th", "td",
        "figure", "figcaption", "img", "span", "abbr", "cite", "code", "pre", "hr", "div",
    }
)  # fmt: skip

# Per tag; any tag not named here keeps no attribute at all. Never `style`, `class`, `on*`.
ALLOWED_ATTRIBUTES: dict[str, frozenset[str]] = {
    "a": frozenset({"href", "title", "rel"}),
    "img": frozenset({"src", "alt", "width", "height"}),
    "th": frozenset({"colspan", "rowspan", "scope"}),
    "td": frozenset({"colspan", "rowspan", "scope"}),
    "abbr": frozenset({"title"}),
}

# Schemes an `href` or `src` may name. Relative URLs (`/news/x/`, `#frag`, `?q=1`) are allowed.
ALLOWED_PROTOCOLS: frozenset[str] = frozenset({"http", "https", "mailto", "tel"})

# Elements removed with their content: their text is code, a form, or a foreign
# (SVG/MathML) document, never prose a reader should see. The raw-text elements
# (`title`, `xmp`, `noembed`, `noframes`, `plaintext`) are here too, so that no
# element whose content the parsers read differently survives to be re-parsed.
DROP_CONTENT_TAGS: frozenset[str] = frozenset(
    {
        "script", "style", "iframe", "object", "embed", "template", "noscript",
        "svg", "math", "textarea", "select", "button", "form",
        "applet", "frame", "frameset", "noembed", "noframes", "plaintext", "title", "xmp",
    }
)  # fmt: skip

URL_ATTRIBUTES: frozenset[str] = frozenset({"href", "src"})

DEFAULT_ENGINE = "bleach"


# -- URLs -------------------------------------------------------------------------

# Before the first of these, a ':' ends a scheme; after one of them it is part of a path or query.
_SCHEME_END = re.compile(r"[/?#]")
_NOT_SCHEME_CHARACTER = re.compile(r"[^a-z0-9+.\-]")
_MAX_UNESCAPES = 4


def is_allowed_url(value: str) -> bool:
    """True for a relative URL or one whose scheme is in ALLOWED_PROTOCOLS.

    The scheme is judged the hard way, so that no spelling of `javascript:` gets
    through: character references are decoded until nothing changes (`&#106;`,
    `&#x09;`, `&amp;#106;`), the text is lower-cased, and everything before the
    first ':' (when it comes before any '/', '?' or '#') is stripped down to the
    characters a scheme can have. That drops whitespace, control and zero-width
    characters anywhere in it (` javascript:`, `java\\tscript:`, `javascript\\u200b:`),
    so a browser can never see a scheme that this check did not.
    """
    url = value
    for _ in range(_MAX_UNESCAPES):
        decoded = html.unescape(url)
        if decoded == url:
            break
        url = decoded
    else:
        return False  # still decoding after several rounds: nothing a person pasted
    url = url.lower()
    head = _SCHEME_END.split(url, maxsplit=1)[0]
    if ":" not in head:
        return True  # relative: a path, a query or a fragment
    scheme = _NOT_SCHEME_CHARACTER.sub("", head.partition(":")[0])
    return scheme in ALLOWED_PROTOCOLS


def _attribute_allowed(tag: str, name: str, value: str) -> bool:
    if name not in ALLOWED_ATTRIBUTES.get(tag, ()):
        return False
    return name not in URL_ATTRIBUTES or is_allowed_url(value)


# -- bleach -------------------------------------------------------------------------


def _local_name(tag: Any) -> str | None:
    """`svg` from `{http://www.w3.org/2000/svg}svg`; None for comments and other non-elements."""
    if not isinstance(tag, str):
        return None
    return tag.rpartition("}")[2].lower()


def _drop_content_elements(parent: Any) -> None:
    """Remove every DROP_CONTENT_TAGS element under `parent` with its content, keeping the text after it."""
    previous = None
    for child in list(parent):
        if _local_name(child.tag) in DROP_CONTENT_TAGS:
            tail = child.tail or ""
            if previous is not None:
                previous.tail = (previous.tail or "") + tail
            else:
                parent.text = (parent.text or "") + tail
            parent.remove(child)
            continue
        _drop_content_elements(child)
        previous = child


def _without_dropped_content(text: str) -> str:
    """`text` with the DROP_CONTENT_TAGS elements and their content removed.

    bleach with strip=True removes a disallowed tag but keeps its text, which for
    `<script>` is the script. So the fragment is first parsed by the same HTML5
    parser bleach uses (a new parser per call: it has state), pruned and serialised.
    bleach then parses that again and applies the policy, so nothing this step
    does or misses can make the output less safe.
    """
    parser = html5lib_shim.HTMLParser(namespaceHTMLElements=False)
    fragment = parser.parseFragment(text)
    _drop_content_elements(fragment)
    serializer = html5lib_shim.HTMLSerializer(
        quote_attr_values="always",
        omit_optional_tags=False,
        escape_lt_in_attrs=True,
        alphabetical_attributes=False,
    )
    return serializer.render(html5lib_shim.getTreeWalker("etree")(fragment))


def clean_with_bleach(text: str) -> str:
    """The policy applied by bleach (a fresh `bleach.clean` per call; a Cleaner is not thread-safe)."""
    if not text:
        return ""
    return bleach.clean(
        _without_dropped_content(text),
        tags=ALLOWED_TAGS,
        attributes=_attribute_allowed,
        protocols=ALLOWED_PROTOCOLS,
        strip=True,
        strip_comments=True,
    )


# -- nh3 --------------------------------------------------------------------------


def _nh3_attribute_filter(tag: str, name: str, value: str) -> str | None:
    return value if _attribute_allowed(tag, name, value) else None


_NH3_ATTRIBUTES = {tag: set(names) for tag, names in ALLOWED_ATTRIBUTES.items()}


def clean_with_nh3(text: str) -> str:
    """The policy applied by nh3 (ammonia). `rel` is kept as given, as bleach does, not rewritten."""
    if not text:
        return ""
    return nh3.clean(
        text,
        tags=set(ALLOWED_TAGS),
        clean_content_tags=set(DROP_CONTENT_TAGS),
        attributes=_NH3_ATTRIBUTES,
        attribute_filter=_nh3_attribute_filter,
        url_schemes=set(ALLOWED_PROTOCOLS),
        strip_comments=True,
        link_rel=None,
    )


# -- choosing the engine ------------------------------------------------------------

ENGINES: dict[str, Callable[[str], str]] = {
    "bleach": clean_with_bleach,
    "nh3": clean_with_nh3,
}


def _configured_engine() -> str:
    engine = getattr(settings, "IR_SANITIZER_ENGINE", DEFAULT_ENGINE)
    if engine not in ENGINES:
        raise ImproperlyConfigured(
            f"IR_SANITIZER_ENGINE is {engine!r}; it must be one of: {', '.join(sorted(ENGINES))}."
        )
    return engine


def clean_html(html: str, *, engine: str | None = None) -> str:
    """`html` reduced to the policy: allowed tags, attributes and URL schemes only.

    `engine` ("bleach" or "nh3") overrides the IR_SANITIZER_ENGINE setting; an
    unknown setting raises ImproperlyConfigured, an unknown argument ValueError.
    """
    if engine is None:
        engine = _configured_engine()
    elif engine not in ENGINES:
        raise ValueError(f"Unknown sanitizer engine {engine!r}; expected one of: {', '.join(sorted(ENGINES))}.")
    return ENGINES[engine](html)
