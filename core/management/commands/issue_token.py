from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from core.errors import DomainError
from core.services import issue_api_token


class Command(BaseCommand):
    help = (
        "Print a new API token for USERNAME (a volunteer's phone or scanner): Authorization: Bearer <token>. "
        "It expires after --days days; organisers list and revoke tokens on /manage/tokens/."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--device", default="", help="A label for the device that will hold the token.")
        parser.add_argument(
            "--days",
            type=int,
            default=settings.API_TOKEN_DAYS,
            help=f"Days until the token expires (default {settings.API_TOKEN_DAYS}, API_TOKEN_DAYS; 0: never).",
        )

    def handle(self, *args, username, device, days, **options):
        try:
            token = issue_api_token(username=username, device=device, days=days)
        except DomainError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(token)
