from django.conf import settings
from django.core.management.base import BaseCommand

from events.demo import load_demo


class Command(BaseCommand):
    help = (
        "Load the grant's programme (23 events around today, most of them already held, one youth session today "
        "with its door open, with the conference's 5 speakers), the demo users, and what the other apps add to it "
        "(attendees, a full seminar's waitlist, evidence, the inventory and its acts, kits, the grant plan)."
    )

    def handle(self, *args, **options):
        result = load_demo()
        self.stdout.write(self.style.SUCCESS(f"Demo programme: {result.events} events ({result.created_events} new)."))
        for note in result.notes:
            self.stdout.write(note)
        self.stdout.write("Demo logins (username / password, role):")
        for username, password, role in result.users:
            self.stdout.write(f"  {username:<10} / {password:<16} {role}")
        self.stdout.write(f"Open {settings.SITE_URL}/")
