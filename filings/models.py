"""The company's SEC filings as EDGAR lists them: links to EDGAR, never the filings themselves.

* `Filing`: one EDGAR submission (an 8-K, a 10-Q, a proxy statement ...), keyed by its accession
  number, with what the public list shows and the address of its filing index on sec.gov. Only
  `import_filings` (filings/edgar.py) writes them; nobody edits them in the admin.
* `FilingImport`: one row per import run (the schedule's, the command's), so the admin can say
  when the list was last brought up to date and whether the last run failed.
"""

from __future__ import annotations

from django.db import models
from django.utils import timezone

from company.ap_style import ap_date

# Where the project's illustrative sample of EDGAR's feed is read from (demo/filings.py): its
# accession numbers are made up, so the public list says it is demo data.
SAMPLE_SOURCE_PREFIX = "sample_data/"


class Filing(models.Model):
    """A filing on EDGAR: what it is, when it was filed, where it is on sec.gov.

    The SEC is the publisher: the site lists the filing and links to EDGAR, it hosts nothing.
    """

    accession_number = models.CharField(
        max_length=20, unique=True, help_text="EDGAR's id of the submission, e.g. 0001437749-24-034567."
    )
    form_type = models.CharField(max_length=20, db_index=True, help_text="e.g. 8-K, 10-Q, DEF 14A.")
    filing_date = models.DateField(help_text="The date EDGAR gives as filed (an Eastern Time business day).")
    accepted_at = models.DateTimeField(
        null=True, blank=True, help_text="When EDGAR accepted it (the Atom entry's updated time)."
    )
    title = models.CharField(max_length=300, help_text="EDGAR's name of the form, e.g. Current report.")
    items = models.TextField(blank=True, help_text="For 8-Ks: the items reported, one a line, as EDGAR lists them.")
    edgar_url = models.URLField("EDGAR link", max_length=500, help_text="The filing's index page on sec.gov.")
    period_of_report = models.DateField(null=True, blank=True)
    size = models.CharField(max_length=20, blank=True, help_text="As EDGAR gives it, e.g. 245 KB.")
    imported_at = models.DateTimeField(default=timezone.now, help_text="When this site first imported it.")
    changed_at = models.DateTimeField(default=timezone.now, help_text="When an import last changed it.")

    class Meta:
        ordering = ["-filing_date", "-accepted_at", "-accession_number"]
        indexes = [models.Index(fields=["-filing_date", "-accepted_at", "-accession_number"], name="filing_newest")]
        verbose_name = "SEC filing"

    def __str__(self) -> str:
        return f"{self.form_type} filed {self.filing_date:%Y-%m-%d} ({self.accession_number})"

    @property
    def filed_on(self) -> str:
        """`Nov. 13, 2025`: the filing date in AP style."""
        return ap_date(self.filing_date)

    @property
    def period_on(self) -> str:
        return ap_date(self.period_of_report) if self.period_of_report else ""

    @property
    def item_lines(self) -> list[str]:
        return [line for line in self.items.splitlines() if line.strip()]

    @property
    def description(self) -> str:
        """`Current report: Item 2.02 Results of Operations and Financial Condition; Item 9.01 ...`."""
        if not self.item_lines:
            return self.title
        return f"{self.title}: {'; '.join(self.item_lines)}"


class FilingImport(models.Model):
    """One run of the EDGAR import: when, from where, what it did, or why it refused the feed."""

    started_at = models.DateTimeField(default=timezone.now)
    source = models.CharField(max_length=500, help_text="The URL fetched or the file read.")
    succeeded = models.BooleanField(default=False)
    entries = models.PositiveIntegerField(default=0)
    created = models.PositiveIntegerField(default=0)
    updated = models.PositiveIntegerField(default=0)
    problem = models.TextField(blank=True)

    class Meta:
        ordering = ["-started_at", "-pk"]
        get_latest_by = "started_at"

    def __str__(self) -> str:
        outcome = "succeeded" if self.succeeded else "failed"
        return f"EDGAR import {outcome} at {self.started_at:%Y-%m-%d %H:%M} UTC"

    @property
    def is_sample(self) -> bool:
        """Read from the project's own sample of EDGAR's feed (the demo, sample_data/edgar/): not real filings."""
        return self.source.startswith(SAMPLE_SOURCE_PREFIX)

    @classmethod
    def last(cls) -> FilingImport | None:
        return cls.objects.order_by("-started_at", "-pk").first()

    @classmethod
    def last_success(cls) -> FilingImport | None:
        return cls.objects.filter(succeeded=True).order_by("-started_at", "-pk").first()
