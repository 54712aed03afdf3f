"""The monitoring plan of grant agreement No. 83 of 28 May 2024 (Appendix 3, Blocks III and IV).

The Kazakh titles are the grantor's own words, copied from the document with its line breaks
made spaces (typos included: the grantor checks the report against its text); the Russian and
English ones are translations, kept as data beside them. The plan has 79 indicators, in the
document's order: a photo/video report such as "4/1" is one indicator with two figures.
"""

from .outreach import TASK_C, TASK_IV, TASK_P
from .spec import DIRECT_BENEFICIARIES_CODE, PLAN, Act, Ind, Item, TaskSpec
from .task1 import TASK_1
from .task2_3 import TASK_2, TASK_3
from .task4_5 import TASK_4, TASK_5

TASKS: list[TaskSpec] = [TASK_1, TASK_2, TASK_3, TASK_4, TASK_5, TASK_P, TASK_C, TASK_IV]

__all__ = ["DIRECT_BENEFICIARIES_CODE", "PLAN", "TASKS", "Act", "Ind", "Item", "TaskSpec"]
