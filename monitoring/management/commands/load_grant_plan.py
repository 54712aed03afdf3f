from django.core.management.base import BaseCommand

from monitoring.services import load_grant_plan


class Command(BaseCommand):
    help = "Load (or update) the monitoring plan of grant agreement No. 83 (Blocks III and IV) as data."

    def handle(self, *args, **options):
        result = load_grant_plan()
        self.stdout.write(
            self.style.SUCCESS(
                f"Plan {result.plan.name}: {result.tasks} tasks, {result.activities} activities, "
                f"{result.indicators} indicators."
            )
        )
