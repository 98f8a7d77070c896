from django.core.management.base import BaseCommand

from demo.builder import USERS, load_demo


class Command(BaseCommand):
    help = "Build the demo site (idempotent): company profile, reference release, Code page, demo users."

    def handle(self, *args, **options):
        made = load_demo()
        self.stdout.write(self.style.SUCCESS("Demo site ready."))
        self.stdout.write(f"  Reference release: {made['release'].url} ({made['release'].title})")
        if made["upcoming"] is not None:
            upcoming = made["upcoming"]
            self.stdout.write(
                f"  Scheduled release: {upcoming.title} (goes public {upcoming.release_at:%Y-%m-%d %H:%M} UTC)"
            )
        if made["results"] is not None and not made["results"].live:
            results = made["results"]
            self.stdout.write(
                f"  Results release:   {results.title} (goes public {results.release_at:%Y-%m-%d %H:%M} UTC, "
                "before the earnings call it is tied to)"
            )
        self.stdout.write(f"  Code of conduct:   {made['code'].url}")
        self.stdout.write(f"  Demo logins at /admin/ (password for all: {made['password']}):")
        for username, (_f, _l, title, group, superuser) in USERS.items():
            role = "superuser" if superuser else group
            self.stdout.write(f"    {username:<11} {role}{' - ' + title if title else ''}")
