from django.core.management.base import BaseCommand, CommandError

from core.errors import DomainError
from core.services import issue_api_token


class Command(BaseCommand):
    help = "Print a new API token for USERNAME (a volunteer's phone or scanner): Authorization: Bearer <token>."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--device", default="", help="A label for the device that will hold the token.")

    def handle(self, *args, username, device, **options):
        try:
            token = issue_api_token(username=username, device=device)
        except DomainError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(token)
