<?xml version="1.0" encoding="UTF-8"?>
<!--
  What a person sees who opens one of our Atom 1.0 feeds in a browser (releases/feeds.py names
  this file in an xml-stylesheet instruction; feed readers ignore it).

  XSLT 1.0, the version browsers run. A page in plain words: what a feed is, how to follow this
  one, then its items (headline linked, date in market time, summary). No script, no inline
  style (the site's Content-Security-Policy allows neither): the look comes from the CSS file
  the feed names in its second xml-stylesheet instruction (static/feeds/feed.css), read here so
  that its hashed production name works. rss.xsl is the same page for RSS feeds.

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
    <xsl:variable name="feed" select="/atom:feed"/>
    <xsl:variable name="self" select="$feed/atom:link[@rel='self']/@href"/>
    <xsl:variable name="site" select="$feed/atom:link[@rel='alternate' or not(@rel)][1]/@href"/>
    <xsl:variable name="site-host">
        <xsl:call-template name="host">
            <xsl:with-param name="url" select="$site"/>
        </xsl:call-template>
    </xsl:variable>

    <xsl:template match="/">
        <html>
            <xsl:attribute name="lang">
                <xsl:choose>
                    <xsl:when test="normalize-space($feed/@xml:lang)"><xsl:value-of select="substring-before(concat(normalize-space($feed/@xml:lang), '-'), '-')"/></xsl:when>
                    <xsl:otherwise>en</xsl:otherwise>
                </xsl:choose>
            </xsl:attribute>
            <head>
                <meta charset="utf-8"/>
                <meta name="viewport" content="width=device-width, initial-scale=1"/>
                <meta name="robots" content="noindex"/>
                <title><xsl:value-of select="$feed/atom:title"/> – news feed</title>
                <xsl:if test="$css">
                    <link rel="stylesheet" href="{$css}"/>
                </xsl:if>
            </head>
            <body class="feed-page">
                <a class="skip-link" href="#main">Skip to main content</a>
                <header class="feed-header">
                    <p class="feed-kind">News feed</p>
                    <p><a href="{$site}">Go to the website</a></p>
                </header>
                <main id="main" tabindex="-1">
                    <h1><xsl:value-of select="$feed/atom:title"/></h1>
                    <xsl:if test="normalize-space($feed/atom:subtitle)">
                        <p class="feed-lede"><xsl:value-of select="$feed/atom:subtitle"/></p>
                    </xsl:if>
                    <xsl:call-template name="how-to-follow"/>
                    <section class="feed-items-section" aria-labelledby="items-heading">
                        <h2 id="items-heading">Newest first</h2>
                        <xsl:choose>
                            <xsl:when test="$feed/atom:entry">
                                <ol class="feed-items">
                                    <xsl:apply-templates select="$feed/atom:entry"/>
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
                    <p>This page is a feed in the Atom format, shown as a page by your browser. <a href="{$site}">Go to the website</a></p>
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

    <xsl:template match="atom:entry">
        <xsl:variable name="link" select="atom:link[@rel='alternate' or not(@rel)][1]/@href"/>
        <xsl:variable name="host">
            <xsl:call-template name="host">
                <xsl:with-param name="url" select="$link"/>
            </xsl:call-template>
        </xsl:variable>
        <li>
            <article class="feed-item">
                <h3>
                    <a href="{$link}"><xsl:value-of select="atom:title"/></a>
                    <xsl:if test="$host != '' and $host != $site-host">
                        <span class="feed-external"> (on <xsl:value-of select="$host"/>, leaves this site)</span>
                    </xsl:if>
                </h3>
                <xsl:if test="atom:published | atom:updated">
                    <p class="feed-meta">
                        <xsl:call-template name="rfc3339-date">
                            <xsl:with-param name="value" select="normalize-space((atom:published | atom:updated)[1])"/>
                        </xsl:call-template>
                    </p>
                </xsl:if>
                <xsl:if test="normalize-space(atom:summary)">
                    <!-- Our summaries are plain text (type="text"): no HTML to decode. -->
                    <p class="feed-summary"><xsl:value-of select="atom:summary"/></p>
                </xsl:if>
            </article>
        </li>
    </xsl:template>

    <xsl:template name="pages">
        <xsl:variable name="newer" select="$feed/atom:link[@rel='previous']/@href"/>
        <xsl:variable name="older" select="$feed/atom:link[@rel='next']/@href"/>
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

    <!-- `2011-12-02T08:00:00-05:00` (RFC 3339, as feedgen writes it) as `Dec. 2, 2011, 8:00 a.m. ET`. -->
    <xsl:template name="rfc3339-date">
        <xsl:param name="value"/>
        <xsl:variable name="offset">
            <xsl:choose>
                <xsl:when test="substring($value, string-length($value)) = 'Z'">Z</xsl:when>
                <xsl:otherwise><xsl:value-of select="substring($value, string-length($value) - 5)"/></xsl:otherwise>
            </xsl:choose>
        </xsl:variable>
        <xsl:choose>
            <xsl:when test="string-length($value) &gt;= 20 and substring($value, 5, 1) = '-' and substring($value, 11, 1) = 'T' and number(substring($value, 6, 2)) &gt;= 1 and number(substring($value, 6, 2)) &lt;= 12">
                <time datetime="{$value}">
                    <xsl:call-template name="ap-datetime">
                        <xsl:with-param name="year" select="substring($value, 1, 4)"/>
                        <xsl:with-param name="month" select="number(substring($value, 6, 2))"/>
                        <xsl:with-param name="day" select="number(substring($value, 9, 2))"/>
                        <xsl:with-param name="hour" select="number(substring($value, 12, 2))"/>
                        <xsl:with-param name="minute" select="substring($value, 15, 2)"/>
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

</xsl:stylesheet>
