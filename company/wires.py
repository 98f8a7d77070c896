"""The distribution channels a release goes out on; the company profile names its default one."""

PR_NEWSWIRE = "prnewswire"
BUSINESS_WIRE = "businesswire"
GLOBE_NEWSWIRE = "globenewswire"
WEBSITE_ONLY = "website"

WIRE_CHOICES = [
    (PR_NEWSWIRE, "PR Newswire"),
    (BUSINESS_WIRE, "Business Wire"),
    (GLOBE_NEWSWIRE, "GlobeNewswire"),
    (WEBSITE_ONLY, "Website only"),
]
