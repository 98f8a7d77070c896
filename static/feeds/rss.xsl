<?xml version="1.0" encoding="UTF-8"?>
<!--
  What a person sees who opens one of our RSS 2.0 feeds in a browser (releases/feeds.py and
  filings/feeds.py name this file in an xml-stylesheet instruction; feed readers ignore it).

  XSLT 1.0, the version browsers run. A page in plain words: what a feed is, how to follow this
  one, then its items (headline linked, date in market time, summary). No script, no inline
  style (the site's Content-Security-Policy allows neither): the look comes from the CSS file
  the feed names in its second xml-stylesheet instruction (static/feeds/feed.css), read here so
  that its hashed production name works. atom.xsl is the same page for Atom feeds.

  Browsers are removing XSLT (Chromium 156 shows a warning banner over the page); a browser
  without it applies feed.css to the feed itself instead.
-->
<xsl:stylesheet version="1.0"
                xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
                xmlns:atom="http://www.w3.org/2005/Atom"
                exclude-result-prefixes="atom">
    <xsl:output method="html" encoding="UTF-8" indent="no" doctype-system="about:legacy-compat"/>

    <!-- The e-mail alerts sign-up (alerts/urls.py), on the feed's own site. -->
    <xsl:variable name="alerts-url" select="'/alerts/'"/>
    <xsl:variable name="css-instruction" select="/processing-instruction('xml-stylesheet')[contains(., 'text/css')][1]"/>
    <xsl:variable name="css" select="substring-before(substring-after($css-instruction, 'href=&quot;'), '&quot;')"/>
    <xsl:variable name="channel" select="/rss/channel"/>
    <xsl:variable name="self" select="$channel/atom:link[@rel='self']/@href"/>
    <xsl:variable name="site-host">
        <xsl:call-template name="host">
            <xsl:with-param name="url" select="$channel/link"/>
        </xsl:call-template>
    </xsl:variable>

    <xsl:template match="/">
        <html>
            <xsl:attribute name="lang">
                <xsl:choose>
                    <xsl:when test="normalize-space($channel/language)"><xsl:value-of select="substring-before(concat(normalize-space($channel/language), '-'), '-')"/></xsl:when>
                    <xsl:otherwise>en</xsl:otherwise>
                </xsl:choose>
            </xsl:attribute>
            <head>
                <meta charset="utf-8"/>
                <meta name="viewport" content="width=device-width, initial-scale=1"/>
                <meta name="robots" content="noindex"/>
                <title><xsl:value-of select="$channel/title"/> – news feed</title>
                <xsl:if test="$css">
                    <link rel="stylesheet" href="{$css}"/>
                </xsl:if>
            </head>
            <body class="feed-page">
                <a class="skip-link" href="#main">Skip to main content</a>
                <header class="feed-header">
                    <p class="feed-kind">News feed</p>
                    <p><a href="{$channel/link}">Go to the website</a></p>
                </header>
                <main id="main" tabindex="-1">
                    <h1><xsl:value-of select="$channel/title"/></h1>
                    <xsl:if test="normalize-space($channel/description)">
                        <p class="feed-lede"><xsl:value-of select="$channel/description"/></p>
                    </xsl:if>
                    <xsl:call-template name="how-to-follow"/>
                    <section class="feed-items-section" aria-labelledby="items-heading">
                        <h2 id="items-heading">Newest first</h2>
                        <xsl:choose>
                            <xsl:when test="$channel/item">
                                <ol class="feed-items">
                                    <xsl:apply-templates select="$channel/item"/>
                                </ol>
                            </xsl:when>
                            <xsl:otherwise>
                                <p>Nothing has been published in this feed yet.</p>
                            </xsl:otherwise>
                        </xsl:choose>
                        <xsl:call-template name="pages"/>
                    </section>
                </main>
                <footer class="feed-footer">
                    <p>This page is a feed in the RSS format, shown as a page by your browser. <a href="{$channel/link}">Go to the website</a></p>
                </footer>
            </body>
        </html>
    </xsl:template>

    <xsl:template name="how-to-follow">
        <section class="feed-help" aria-labelledby="what-heading">
            <h2 id="what-heading">What is this page?</h2>
            <p>This is a news feed. A feed reader app checks it for you and shows you each new item as soon as it is published, so you do not need to keep coming back to the website.</p>
            <h2 id="how-heading">How to follow it</h2>
            <ol class="feed-steps">
                <li>
                    <p>Copy this address:</p>
                    <p><code class="feed-address"><xsl:value-of select="$self"/></code></p>
                </li>
                <li><p>Open your feed reader app and add the address (look for “Add”, “Follow” or “Subscribe”). Any feed reader will do; many are free.</p></li>
                <li><p>That is all: new items show up in your reader by themselves.</p></li>
            </ol>
            <p class="feed-alerts">No feed reader? <a href="{$alerts-url}">Get our press releases by e-mail</a> instead: one message each time a release is published.</p>
        </section>
    </xsl:template>

    <xsl:template match="item">
        <xsl:variable name="host">
            <xsl:call-template name="host">
                <xsl:with-param name="url" select="link"/>
            </xsl:call-template>
        </xsl:variable>
        <li>
            <article class="feed-item">
                <h3>
                    <a href="{link}"><xsl:value-of select="title"/></a>
                    <xsl:if test="$host != '' and $host != $site-host">
                        <span class="feed-external"> (on <xsl:value-of select="$host"/>, leaves this site)</span>
                    </xsl:if>
                </h3>
                <xsl:if test="pubDate">
                    <p class="feed-meta">
                        <xsl:call-template name="rfc822-date">
                            <xsl:with-param name="value" select="normalize-space(pubDate)"/>
                        </xsl:call-template>
                    </p>
                </xsl:if>
                <xsl:if test="normalize-space(description)">
                    <p class="feed-summary">
                        <!-- RSS descriptions are HTML; ours are escaped plain text, decoded here (no disable-output-escaping). -->
                        <xsl:call-template name="unescape">
                            <xsl:with-param name="text" select="description"/>
                        </xsl:call-template>
                    </p>
                </xsl:if>
            </article>
        </li>
    </xsl:template>

    <xsl:template name="pages">
        <xsl:variable name="newer" select="$channel/atom:link[@rel='previous']/@href"/>
        <xsl:variable name="older" select="$channel/atom:link[@rel='next']/@href"/>
        <xsl:if test="$newer or $older">
            <nav class="feed-pages" aria-label="Pages of this feed">
                <ul>
                    <xsl:if test="$newer"><li><a href="{$newer}" rel="prev">Newer items</a></li></xsl:if>
                    <xsl:if test="$older"><li><a href="{$older}" rel="next">Older items</a></li></xsl:if>
                </ul>
            </nav>
        </xsl:if>
    </xsl:template>

    <!-- `www.sec.gov` of `https://www.sec.gov/Archives/...`. -->
    <xsl:template name="host">
        <xsl:param name="url"/>
        <xsl:variable name="rest" select="concat(substring-after($url, '://'), '/')"/>
        <xsl:value-of select="substring-before($rest, '/')"/>
    </xsl:template>

    <!-- `Fri, 02 Dec 2011 08:00:00 -0500` (RFC 822, as feedgen writes it) as `Dec. 2, 2011, 8:00 a.m. ET`. -->
    <xsl:template name="rfc822-date">
        <xsl:param name="value"/>
        <xsl:variable name="months" select="'JanFebMarAprMayJunJulAugSepOctNovDec'"/>
        <xsl:variable name="name" select="substring($value, 9, 3)"/>
        <xsl:variable name="month" select="(string-length(substring-before($months, $name)) div 3) + 1"/>
        <xsl:variable name="offset" select="substring($value, 27, 5)"/>
        <xsl:choose>
            <xsl:when test="string-length($value) = 31 and contains($months, $name) and $month = floor($month) and contains('+-', substring($offset, 1, 1))">
                <time datetime="{concat(substring($value, 13, 4), '-', format-number($month, '00'), '-', substring($value, 6, 2), 'T', substring($value, 18, 8), substring($offset, 1, 3), ':', substring($offset, 4, 2))}">
                    <xsl:call-template name="ap-datetime">
                        <xsl:with-param name="year" select="substring($value, 13, 4)"/>
                        <xsl:with-param name="month" select="$month"/>
                        <xsl:with-param name="day" select="number(substring($value, 6, 2))"/>
                        <xsl:with-param name="hour" select="number(substring($value, 18, 2))"/>
                        <xsl:with-param name="minute" select="substring($value, 21, 2)"/>
                        <xsl:with-param name="offset" select="$offset"/>
                    </xsl:call-template>
                </time>
            </xsl:when>
            <xsl:otherwise><xsl:value-of select="$value"/></xsl:otherwise>
        </xsl:choose>
    </xsl:template>

    <!-- AP style, as company/ap_style.py prints dates and times: `Dec. 2, 2011, 8:00 a.m. ET`. -->
    <xsl:template name="ap-datetime">
        <xsl:param name="year"/>
        <xsl:param name="month"/>
        <xsl:param name="day"/>
        <xsl:param name="hour"/>
        <xsl:param name="minute"/>
        <xsl:param name="offset"/>
        <xsl:value-of select="substring-before(substring-after('|1Jan.|2Feb.|3March|4April|5May|6June|7July|8Aug.|9Sept.|10Oct.|11Nov.|12Dec.|', concat('|', $month)), '|')"/>
        <xsl:value-of select="concat(' ', $day, ', ', $year, ', ')"/>
        <xsl:choose>
            <xsl:when test="$hour mod 12 = 0">12</xsl:when>
            <xsl:otherwise><xsl:value-of select="$hour mod 12"/></xsl:otherwise>
        </xsl:choose>
        <xsl:value-of select="concat(':', $minute, ' ')"/>
        <xsl:choose>
            <xsl:when test="$hour &lt; 12">a.m.</xsl:when>
            <xsl:otherwise>p.m.</xsl:otherwise>
        </xsl:choose>
        <xsl:text> </xsl:text>
        <xsl:call-template name="zone">
            <xsl:with-param name="offset" select="translate($offset, ':', '')"/>
        </xsl:call-template>
    </xsl:template>

    <!--
      The feeds give times in the company's market time zone with its offset. Eastern Time's two
      offsets read as "ET" (the default market time zone); any other as UTC with the offset.
    -->
    <xsl:template name="zone">
        <xsl:param name="offset"/>
        <xsl:choose>
            <xsl:when test="$offset = '-0500' or $offset = '-0400'">ET</xsl:when>
            <xsl:when test="$offset = 'Z' or $offset = '+0000' or $offset = '-0000' or $offset = 'GMT'">UTC</xsl:when>
            <xsl:otherwise><xsl:value-of select="concat('UTC', substring($offset, 1, 3), ':', substring($offset, 4, 2))"/></xsl:otherwise>
        </xsl:choose>
    </xsl:template>

    <!-- The five entities Django's escape() writes, decoded; `&amp;` last, so `&amp;lt;` stays `&lt;`. -->
    <xsl:template name="unescape">
        <xsl:param name="text"/>
        <xsl:call-template name="replace">
            <xsl:with-param name="text">
                <xsl:call-template name="replace">
                    <xsl:with-param name="text">
                        <xsl:call-template name="replace">
                            <xsl:with-param name="text">
                                <xsl:call-template name="replace">
                                    <xsl:with-param name="text">
                                        <xsl:call-template name="replace">
                                            <xsl:with-param name="text">
                                                <xsl:call-template name="replace">
                                                    <xsl:with-param name="text" select="$text"/>
                                                    <xsl:with-param name="from" select="'&amp;lt;'"/>
                                                    <xsl:with-param name="to" select="'&lt;'"/>
                                                </xsl:call-template>
                                            </xsl:with-param>
                                            <xsl:with-param name="from" select="'&amp;gt;'"/>
                                            <xsl:with-param name="to" select="'&gt;'"/>
                                        </xsl:call-template>
                                    </xsl:with-param>
                                    <xsl:with-param name="from" select="'&amp;quot;'"/>
                                    <xsl:with-param name="to" select="'&quot;'"/>
                                </xsl:call-template>
                            </xsl:with-param>
                            <xsl:with-param name="from" select="'&amp;#x27;'"/>
                            <xsl:with-param name="to" select="&quot;'&quot;"/>
                        </xsl:call-template>
                    </xsl:with-param>
                    <xsl:with-param name="from" select="'&amp;#39;'"/>
                    <xsl:with-param name="to" select="&quot;'&quot;"/>
                </xsl:call-template>
            </xsl:with-param>
            <xsl:with-param name="from" select="'&amp;amp;'"/>
            <xsl:with-param name="to" select="'&amp;'"/>
        </xsl:call-template>
    </xsl:template>

    <xsl:template name="replace">
        <xsl:param name="text"/>
        <xsl:param name="from"/>
        <xsl:param name="to"/>
        <xsl:choose>
            <xsl:when test="contains($text, $from)">
                <xsl:value-of select="concat(substring-before($text, $from), $to)"/>
                <xsl:call-template name="replace">
                    <xsl:with-param name="text" select="substring-after($text, $from)"/>
                    <xsl:with-param name="from" select="$from"/>
                    <xsl:with-param name="to" select="$to"/>
                </xsl:call-template>
            </xsl:when>
            <xsl:otherwise><xsl:value-of select="$text"/></xsl:otherwise>
        </xsl:choose>
    </xsl:template>
</xsl:stylesheet>
