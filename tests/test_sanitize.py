"""The HTML policy (ir_site.sanitize): both engines, one hostile corpus, one checker."""

from __future__ import annotations

import html
import os
import re
import unicodedata
from concurrent.futures import ThreadPoolExecutor

from django.core.exceptions import ImproperlyConfigured
from django.test import override_settings

import pytest
from bleach import html5lib_shim
from bs4 import BeautifulSoup
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from ir_site import sanitize
from ir_site.sanitize import (
    ALLOWED_ATTRIBUTES,
    ALLOWED_PROTOCOLS,
    ALLOWED_TAGS,
    DROP_CONTENT_TAGS,
    ENGINES,
    clean_html,
    is_allowed_url,
)
from tests.sanitizer_corpus import ALERT, FRAGMENTS, HOSTILE, PASTES

ENGINE_NAMES = ["bleach", "nh3"]
XHTML = "http://www.w3.org/1999/xhtml"
SCRIPT_LIKE = frozenset({"script", "style", "iframe", "object", "embed", "svg", "math", "template", "noscript"})
FORBIDDEN_ATTRIBUTES = frozenset({"style", "formaction", "srcdoc", "action", "srcset", "xlink:href"})
URL_SCHEME = re.compile(r"([a-z][a-z0-9+.\-]*):")


# -- the checker ------------------------------------------------------------------


def _invisible(ch: str) -> bool:
    return ch.isspace() or unicodedata.category(ch) in {"Cc", "Cf", "Zs", "Zl", "Zp"}


def _url_problem(value: str) -> str | None:
    """Why `value` is not a relative URL or one with an allowed scheme, as a browser could read it."""
    url = "".join(ch for ch in html.unescape(value) if not _invisible(ch)).lower()
    match = URL_SCHEME.match(url)
    if match and match[1] not in ALLOWED_PROTOCOLS:
        return f"scheme {match[1]!r}"
    return None


def _check_element(tag: str, attributes: dict[str, str], text: str, where: str) -> list[str]:
    problems = []
    if tag in SCRIPT_LIKE:
        detail = " with alert( inside" if "alert(" in text else ""
        problems.append(f"{where}: script-like element <{tag}>{detail}")
    elif tag not in ALLOWED_TAGS:
        problems.append(f"{where}: element <{tag}> is not allowed")
    for name, value in attributes.items():
        lowered = name.lower()
        if lowered.startswith("on"):
            problems.append(f"{where}: event handler {name}= on <{tag}>")
        elif lowered in FORBIDDEN_ATTRIBUTES or lowered not in ALLOWED_ATTRIBUTES.get(tag, ()):
            problems.append(f"{where}: attribute {name}= on <{tag}>")
        if lowered in {"href", "src"} and (reason := _url_problem(value)):
            problems.append(f"{where}: {name}={value!r} has {reason}")
    return problems


def _html5lib_problems(output: str) -> list[str]:
    """Problems as a browser's parser (the HTML5 algorithm, in an HTML <div>) sees the output."""
    fragment = html5lib_shim.HTMLParser(namespaceHTMLElements=True).parseFragment(output)
    problems = []
    for element in fragment.iter():
        if element is fragment:
            continue
        if not isinstance(element.tag, str):
            problems.append(f"html5lib: comment or other node {element.tag!r}")
            continue
        namespace, _, tag = element.tag[1:].partition("}")
        if namespace != XHTML:
            problems.append(f"html5lib: foreign element {element.tag}")
        attributes = {name.rpartition("}")[2] if "}" in name else name: v for name, v in element.attrib.items()}
        if any(name.startswith("{") for name in element.attrib):
            problems.append(f"html5lib: namespaced attribute on <{tag}>: {dict(element.attrib)}")
        problems += _check_element(tag, attributes, "".join(element.itertext()), "html5lib")
    return problems


def _html_parser_problems(output: str) -> list[str]:
    """Problems as a second, different parser (Python's html.parser) sees the output."""
    soup = BeautifulSoup(output, "html.parser")
    problems = []
    for element in soup.find_all(True):
        attributes = {k: " ".join(v) if isinstance(v, list) else v for k, v in element.attrs.items()}
        problems += _check_element(element.name, attributes, element.get_text(), "html.parser")
    return problems


def assert_inert(output: str) -> None:
    """Fail unless `output` has only allowed elements, attributes and URL schemes, and nothing executable.

    Checked on two parses: the HTML5 algorithm (what a browser builds) and Python's
    html.parser (a differently-built parser, so that a parser differential shows).
    """
    problems = _html5lib_problems(output) + _html_parser_problems(output)
    assert not problems, f"output {output!r} is not inert:\n" + "\n".join(problems)


def _text(markup: str) -> str:
    """The words of `markup` as a reader sees them, whitespace (and &nbsp;) collapsed."""
    return " ".join(BeautifulSoup(markup, "html.parser").get_text().split())


@pytest.fixture(params=ENGINE_NAMES)
def engine(request) -> str:
    return request.param


# -- the checker itself -------------------------------------------------------------


@pytest.mark.parametrize(
    "unsafe",
    [
        "<script>alert(1)</script>",
        "<img src=x onerror=alert(1)>",
        '<a href="java\u200bscript:alert(1)">x</a>',
        '<a href="jav&#x09;ascript:alert(1)">x</a>',
        '<p style="color:red">x</p>',
        '<button formaction="javascript:alert(1)">x</button>',
        "<svg><a>x</a></svg>",
        "<!-- comment -->",
        '<p class="x">x</p>',
    ],
)
def test_checker_rejects_unsafe_markup(unsafe):
    """assert_inert fails on each kind of markup it is there to catch (it is not vacuous)."""
    with pytest.raises(AssertionError):
        assert_inert(unsafe)


# -- the policy as data ----------------------------------------------------------------


def test_policy_is_the_documented_data():
    """The tags, attributes and schemes are exactly the documented policy, with no style, class or on*."""
    assert {
        *("p", "br", "a", "strong", "b", "em", "i", "u", "sub", "sup", "ul", "ol", "li", "blockquote"),
        *("h2", "h3", "h4", "table", "caption", "thead", "tbody", "tfoot", "tr", "th", "td"),
        *("figure", "figcaption", "img", "span", "abbr", "cite", "code", "pre", "hr", "div"),
    } == ALLOWED_TAGS
    assert {
        "a": {"href", "title", "rel"},
        "img": {"src", "alt", "width", "height"},
        "th": {"colspan", "rowspan", "scope"},
        "td": {"colspan", "rowspan", "scope"},
        "abbr": {"title"},
    } == ALLOWED_ATTRIBUTES
    assert {"http", "https", "mailto", "tel"} == ALLOWED_PROTOCOLS
    every_attribute = set().union(*ALLOWED_ATTRIBUTES.values())
    assert not {"style", "class"} & every_attribute
    assert not any(name.startswith("on") for name in every_attribute)
    assert set(ALLOWED_ATTRIBUTES) <= ALLOWED_TAGS
    assert not ALLOWED_TAGS & DROP_CONTENT_TAGS
    assert {"script", "style", "iframe", "object", "embed", "template", "noscript"} <= DROP_CONTENT_TAGS
    assert {"svg", "math", "textarea", "select", "button", "form"} <= DROP_CONTENT_TAGS
    assert set(ENGINES) == set(ENGINE_NAMES)


# -- the hostile corpus ------------------------------------------------------------------


def test_corpus_is_large_enough():
    """The hostile corpus has at least 40 payloads, with unique ids."""
    ids = [name for name, _ in HOSTILE] + [name for name, _, _ in PASTES]
    assert len(HOSTILE) >= 40
    assert len(ids) == len(set(ids))


@pytest.mark.parametrize("payload", [p for _, p in HOSTILE], ids=[name for name, _ in HOSTILE])
def test_hostile_payload_comes_out_inert(engine, payload):
    """Every hostile payload comes out of the engine with nothing executable left."""
    assert_inert(clean_html(payload, engine=engine))


@pytest.mark.parametrize(("payload", "words"), [(p, w) for _, p, w in PASTES], ids=[name for name, _, _ in PASTES])
def test_paste_comes_out_inert_with_its_words(engine, payload, words):
    """Word and wire-service pastes lose their formatting and Office markup but keep their words."""
    output = clean_html(payload, engine=engine)
    assert_inert(output)
    assert words in _text(output)
    assert "mso" not in output.lower() and "<o:p" not in output and "<font" not in output


# frame and frameset are ignored in a body, embed has no content, plaintext has no end: tested apart.
@pytest.mark.parametrize("tag", sorted(DROP_CONTENT_TAGS - {"embed", "frame", "frameset", "plaintext"}))
def test_dropped_element_leaves_no_content(engine, tag):
    """A script-like, form or foreign element goes with all its text, and the text around it stays."""
    output = clean_html(f"<p>before</p><{tag}>SECRET alert(1)</{tag}><p>after</p>", engine=engine)
    assert "SECRET" not in output and ALERT not in output
    assert output == "<p>before</p><p>after</p>"


def test_plaintext_drops_everything_after_it(engine):
    """`<plaintext>` turns the rest of the input into its content, and all of it goes."""
    assert clean_html("<p>before</p><plaintext><p>SECRET</p>", engine=engine) == "<p>before</p>"


def test_javascript_with_zero_width_space_loses_its_href(engine):
    """`javascript\\u200b:` (bleach's 6.4.0 advisory) loses the href; the link text stays."""
    output = clean_html('<a href="javascript\u200b:alert(document.cookie)">Click</a>', engine=engine)
    assert output == "<a>Click</a>"


def test_formaction_never_survives(engine):
    """`formaction` (bleach's other 6.4.0 advisory) is gone, with the form and button it came in."""
    for payload in (
        '<form><button formaction="javascript:alert(1)">go</button></form>',
        '<input type="submit" formaction="javascript:alert(1)">',
    ):
        output = clean_html(payload, engine=engine)
        assert "formaction" not in output and "javascript" not in output


def test_script_text_does_not_survive_as_text(engine):
    """The code inside script and style elements is dropped, not left behind as visible text."""
    output = clean_html("<p>a<script>alert(1)</script>b<style>p{color:red}</style>c</p>", engine=engine)
    assert output == "<p>abc</p>"


# -- URLs ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)",
        "JaVaScRiPt:alert(1)",
        " javascript:alert(1)",
        "\x01javascript:alert(1)",
        "java\tscript:alert(1)",
        "jav&#x09;ascript:alert(1)",
        "java\u200bscript:alert(1)",
        "javascript\u200b:alert(1)",
        "\ufeffjavascript:alert(1)",
        "&#106;avascript:alert(1)",
        "&#x6A;avascript:alert(1)",
        "&amp;#106;avascript:alert(1)",
        "javascript&colon;alert(1)",
        "vbscript:msgbox(1)",
        "data:text/html;base64,PHNjcmlwdD4=",
        "data:image/png;base64,iVBORw0KGgo=",
        "file:///etc/passwd",
        "ftp://example.com/",
        ":no-scheme",
        "&" * 3 + "amp;" * 10 + "#106;avascript:alert(1)",
    ],
)
def test_url_with_a_disallowed_or_hidden_scheme_is_refused(url):
    """is_allowed_url refuses disallowed schemes however they are spelled, cased or padded."""
    assert not is_allowed_url(url)


@pytest.mark.parametrize(
    "url",
    [
        "https://www.tecogen.com/",
        "HTTP://example.com",
        "mailto:ir@tecogen.com",
        "tel:+1-781-466-6444",
        "/news/x/",
        "#frag",
        "?page=2",
        "../x",
        "news/2011/",
        "/search?q=a:b",
        "//cdn.example.com/logo.png",
        "",
    ],
)
def test_relative_and_allowed_urls_are_accepted(url):
    """Relative URLs and http, https, mailto and tel URLs are allowed."""
    assert is_allowed_url(url)


@pytest.mark.parametrize("href", ["/news/x/", "#frag", "?page=2", "https://example.com/a?b=1&amp;c=2"])
def test_relative_links_survive(engine, href):
    """Relative and https links keep their href."""
    assert clean_html(f'<a href="{href}">x</a>', engine=engine) == f'<a href="{href}">x</a>'


# -- what survives --------------------------------------------------------------------

ALLOWED_SAMPLE = (
    "<h2>Results</h2><p>Revenue of <strong>$2,937,750</strong> &amp; more, <em>up</em> 5%.<br>"
    'See <a href="https://www.tecogen.com/ir/" title="IR" rel="nofollow">our site</a>, '
    '<a href="mailto:ir@tecogen.com">email</a>, <a href="tel:+1-781-466-6444">call</a>.</p>'
    "<ul><li>one</li><li>two</li></ul><ol><li>three</li></ol>"
    '<table><caption>Q4</caption><thead><tr><th scope="col">Item</th></tr></thead>'
    '<tbody><tr><td colspan="2" rowspan="1">x</td></tr></tbody></table>'
    '<figure><img src="https://www.tecogen.com/logo.png" alt="Logo" width="120" height="40">'
    "<figcaption>Logo</figcaption></figure><blockquote><p>q</p></blockquote><hr>"
    '<p><abbr title="Combined Heat and Power">CHP</abbr> <sub>2</sub><sup>3</sup> <b>b</b> <i>i</i> '
    "<u>u</u> <cite>c</cite> <span>s</span></p><div><pre><code>x = 1</code></pre></div><h3>a</h3><h4>b</h4>"
)


def test_allowed_markup_survives_unchanged(engine):
    """Paragraphs, https/mailto/tel links, tables, lists, images and inline markup come out unchanged."""
    assert clean_html(ALLOWED_SAMPLE, engine=engine) == ALLOWED_SAMPLE


def test_text_survives(engine):
    """Dollar figures, escaped ampersands and angle brackets, quotes and non-ASCII text are kept."""
    output = clean_html(
        "<p>Raised $2,937,750 at R&amp;D &lt;10% \u201cquoted\u201d caf\u00e9 \u2014 5 &gt; 3</p>",
        engine=engine,
    )
    assert output == "<p>Raised $2,937,750 at R&amp;D &lt;10% \u201cquoted\u201d caf\u00e9 \u2014 5 &gt; 3</p>"


def test_disallowed_attributes_go_and_the_element_stays(engine):
    """class, style, id and on* are removed from an allowed element, which keeps its text."""
    output = clean_html('<p class="x" id="y" style="color:red" onclick="alert(1)" data-x="1">text</p>', engine=engine)
    assert output == "<p>text</p>"


def test_disallowed_tags_go_and_their_text_stays(engine):
    """A tag outside the policy (font, o:p, h1) is removed but its text is kept."""
    output = clean_html("<p><font face=Arial>body</font> <o:p>x</o:p> <h1>Title</h1>", engine=engine)
    assert output.startswith("<p>body x </p>")
    assert output.endswith("Title") and "<h1" not in output


def test_empty_input(engine):
    """Empty input gives empty output."""
    assert clean_html("", engine=engine) == ""


# -- idempotence and threads ------------------------------------------------------------

SAMPLE_IDS = [name for name, _ in HOSTILE] + [name for name, _, _ in PASTES] + ["allowed-sample"]
SAMPLE = [p for _, p in HOSTILE] + [p for _, p, _ in PASTES] + [ALLOWED_SAMPLE]


@pytest.mark.parametrize("payload", SAMPLE, ids=SAMPLE_IDS)
def test_cleaning_twice_changes_nothing(engine, payload):
    """clean(clean(x)) == clean(x): the output is a fixed point, so no second parse finds more."""
    once = clean_html(payload, engine=engine)
    assert clean_html(once, engine=engine) == once


def test_threads_get_the_same_results(engine):
    """Cleaning from many threads at once gives the results of cleaning one by one."""
    expected = [clean_html(payload, engine=engine) for payload in SAMPLE]
    with ThreadPoolExecutor(max_workers=8) as pool:
        results = list(pool.map(lambda payload: clean_html(payload, engine=engine), SAMPLE * 3))
    assert results == expected * 3


# -- choosing the engine ---------------------------------------------------------------


def _spy_on_engines(monkeypatch) -> list[str]:
    calls: list[str] = []
    for name, function in list(ENGINES.items()):

        def spy(text, _name=name, _function=function):
            calls.append(_name)
            return _function(text)

        monkeypatch.setitem(sanitize.ENGINES, name, spy)
    return calls


def test_setting_comes_from_the_environment_with_bleach_as_default(settings):
    """IR_SANITIZER_ENGINE is read from the environment variable of that name, "bleach" when unset."""
    assert os.environ.get("IR_SANITIZER_ENGINE", "bleach") == settings.IR_SANITIZER_ENGINE


def test_bleach_cleans_when_the_setting_is_missing(monkeypatch, settings):
    """A settings module without IR_SANITIZER_ENGINE gets bleach."""
    del settings.IR_SANITIZER_ENGINE
    calls = _spy_on_engines(monkeypatch)
    clean_html("<p>x</p>")
    assert calls == ["bleach"]


def test_bleach_setting_uses_bleach(monkeypatch):
    """IR_SANITIZER_ENGINE="bleach" makes bleach do the cleaning."""
    calls = _spy_on_engines(monkeypatch)
    with override_settings(IR_SANITIZER_ENGINE="bleach"):
        assert clean_html("<p>x<script>y</script></p>") == "<p>x</p>"
    assert calls == ["bleach"]


def test_setting_switches_engine(monkeypatch):
    """IR_SANITIZER_ENGINE="nh3" makes nh3 do the cleaning."""
    calls = _spy_on_engines(monkeypatch)
    with override_settings(IR_SANITIZER_ENGINE="nh3"):
        assert clean_html("<p>x<script>y</script></p>") == "<p>x</p>"
    assert calls == ["nh3"]


def test_engine_argument_overrides_setting(monkeypatch):
    """An explicit engine= wins over the setting."""
    calls = _spy_on_engines(monkeypatch)
    with override_settings(IR_SANITIZER_ENGINE="nh3"):
        clean_html("<p>x</p>", engine="bleach")
    assert calls == ["bleach"]


@pytest.mark.parametrize("value", ["lxml", "", "NH3", None])
def test_unknown_engine_setting_is_a_configuration_error(value):
    """An IR_SANITIZER_ENGINE other than "bleach" or "nh3" raises ImproperlyConfigured, naming the choices."""
    with (
        override_settings(IR_SANITIZER_ENGINE=value),
        pytest.raises(ImproperlyConfigured, match="bleach, nh3"),
    ):
        clean_html("<p>x</p>")


def test_unknown_engine_argument_is_a_value_error():
    """An unknown engine= argument raises ValueError."""
    with pytest.raises(ValueError, match="Unknown sanitizer engine"):
        clean_html("<p>x</p>", engine="html5lib")


def test_wire_import_paragraphs_go_through_the_policy(monkeypatch):
    """Wire-text import passes the paragraph HTML it builds through clean_html."""
    from releases.wire_import import parse_wire_text

    calls = _spy_on_engines(monkeypatch)
    parsed = parse_wire_text(
        "Acme Ships\n\nBOSTON, March 5, 2026 (GLOBE NEWSWIRE) -- Acme <script>x</script> shipped R&D.\n"
    )
    assert len(calls) == 1
    assert parsed.body == [("paragraph", "<p>Acme &lt;script&gt;x&lt;/script&gt; shipped R&amp;D.</p>")]


# -- property ------------------------------------------------------------------------

_PIECES = st.one_of(
    st.sampled_from(FRAGMENTS),
    st.sampled_from([payload for _, payload in HOSTILE]),
    st.text(max_size=12),
)
_MIXED_HTML = st.lists(_PIECES, max_size=12).map("".join)


@pytest.mark.parametrize("engine_name", ENGINE_NAMES)
@hypothesis_settings(max_examples=200, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=_MIXED_HTML)
def test_any_mix_of_fragments_comes_out_inert(engine_name, text):
    """Random mixes of corpus payloads, HTML-ish fragments and arbitrary text always come out inert."""
    assert_inert(clean_html(text, engine=engine_name))
