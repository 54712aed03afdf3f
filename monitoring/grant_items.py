"""The items of the grant in the signed acts with the grantor, and how many reached people.

An act indicator (2.1.d medals, 3.1.b the four handouts) counts the acts an organiser filed
under it that are signed and not undone by a signed counter-act. Its second figure is the
quantity in those acts of the grant item that has the fewest (each must reach ≥ 300), summed
over the inventory's item types linked to the grant item, never matched by name. Beside it,
the net number handed out: handouts less what came back.
"""

from dataclasses import dataclass, field

from inventory import selectors as inventory

from .models import ActFiling, GrantItem, GrantPlan


@dataclass(frozen=True)
class ItemFigures:
    grant_item: GrantItem
    item_type_names: list[str]
    in_acts: int
    handed_out_net: int


@dataclass(frozen=True)
class ActsReading:
    acts: list[inventory.ActSummary] = field(default_factory=list)
    items: list[ItemFigures] = field(default_factory=list)

    @property
    def acts_counted(self) -> int:
        return sum(1 for act in self.acts if act.counts)

    @property
    def smallest_quantity(self) -> int:
        """The quantity in the counted acts of the grant item with the fewest; 0 without items."""
        return min((item.in_acts for item in self.items), default=0)


def acts_readings(plan: GrantPlan) -> dict[int, ActsReading]:
    """{act indicator id: ActsReading} for every act indicator of `plan`, in five queries."""
    filed: dict[int, list[int]] = {}
    for indicator_id, act_id in (
        ActFiling.objects.filter(indicator__plan=plan).order_by("filed_at", "pk").values_list("indicator_id", "act_id")
    ):
        filed.setdefault(indicator_id, []).append(act_id)
    acts = inventory.act_summaries({act_id for ids in filed.values() for act_id in ids})
    net = inventory.net_handed_out_by_item()
    items: dict[int, list[GrantItem]] = {}
    for grant_item in (
        GrantItem.objects.filter(indicator__plan=plan).prefetch_related("item_types").order_by("indicator", "order")
    ):
        items.setdefault(grant_item.indicator_id, []).append(grant_item)
    readings = {}
    for indicator_id in set(filed) | set(items):
        summaries = [acts[act_id] for act_id in filed.get(indicator_id, []) if act_id in acts]
        counted = [act for act in summaries if act.counts]
        figures = []
        for grant_item in items.get(indicator_id, []):
            types = list(grant_item.item_types.all())
            figures.append(
                ItemFigures(
                    grant_item=grant_item,
                    item_type_names=[item_type.name for item_type in types],
                    in_acts=sum(act.lines.get(item_type.pk, 0) for act in counted for item_type in types),
                    handed_out_net=sum(net.get(item_type.pk, 0) for item_type in types),
                )
            )
        readings[indicator_id] = ActsReading(acts=summaries, items=figures)
    return readings
