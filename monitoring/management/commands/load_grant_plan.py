from datetime import date

from django.core.management.base import BaseCommand, CommandError

from monitoring.services import load_grant_plan


class Command(BaseCommand):
    help = (
        "Load (or update in place) the monitoring plan of grant agreement No. 83 (Blocks III and IV, 79 indicators) "
        "as data. The grant's period (August–November 2024) is set when the plan is created; give --starts-on and "
        "--ends-on to change it (an extension agreed with the grantor)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--starts-on", type=date.fromisoformat, help="First day of the period, YYYY-MM-DD.")
        parser.add_argument("--ends-on", type=date.fromisoformat, help="Last day of the period, YYYY-MM-DD.")

    def handle(self, *args, **options):
        starts_on, ends_on = options.get("starts_on"), options.get("ends_on")
        if (starts_on is None) != (ends_on is None):
            raise CommandError("Give both --starts-on and --ends-on, or neither.")
        if starts_on and ends_on < starts_on:
            raise CommandError("The period must end on or after its start.")
        result = load_grant_plan(period=(starts_on, ends_on) if starts_on else None)
        plan = result.plan
        self.stdout.write(
            self.style.SUCCESS(
                f"Plan {plan.name}: {result.tasks} tasks, {result.activities} activities, "
                f"{result.indicators} indicators; period {plan.starts_on}–{plan.ends_on}"
                f"{' (new)' if result.created else ''}."
            )
        )
