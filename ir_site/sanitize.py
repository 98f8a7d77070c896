"""The one HTML policy for everything that enters the site or the feeds from outside
the admin's rich-text editor. (Placeholder: the policy and engines land with issue 5.)"""


def clean_html(html: str) -> str:
    raise NotImplementedError
