"""Seed the Disclosure Committee on a fresh install: the one door that needs no second member.

    manage.py bootstrap_committee compliance counsel --reason "Board resolution of 2 March"

Refused once the committee has two members (from then on a member proposes and a second
confirms, Admin → Committee membership). Each person added is recorded and logged as a
bootstrap with the reason.
"""

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError

from disclosure import committee


class Command(BaseCommand):
    help = "Add people to a Disclosure Committee that has fewer than two members (logged as a bootstrap)."

    def add_arguments(self, parser):
        parser.add_argument("usernames", nargs="+")
        parser.add_argument("--reason", required=True, help="Why the committee is seeded this way (logged).")

    def handle(self, *args, usernames, reason, **options):
        User = get_user_model()
        people = []
        for username in usernames:
            try:
                people.append(User.objects.get(**{User.USERNAME_FIELD: username}))
            except User.DoesNotExist as error:
                raise CommandError(f"No user {username!r}.") from error
        try:
            added = committee.bootstrap(people, reason=reason)
        except (PermissionDenied, ValidationError) as error:
            raise CommandError(" ".join(getattr(error, "messages", [str(error)]))) from error
        for record in added:
            self.stdout.write(f"Added {record.person.get_username()} to the Disclosure Committee (bootstrap).")
        if not added:
            self.stdout.write("Nothing to do: everyone named is already on the committee.")
