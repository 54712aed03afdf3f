"""Text helpers shared by every app: the one fold used to search people's names.

The door page does the same fold in JavaScript for its offline roster; docs/door-api.md holds
the definition and test vectors both sides must agree on. Change one, change the other.
"""

import unicodedata

# Kazakh letters people type as their Russian look-alikes on a Russian keyboard, and ё as е.
_KAZAKH_TO_RUSSIAN = str.maketrans("әіңғүұқөһё", "аингуукохе")


def fold(text: str) -> str:
    """`text` as the search compares it: NFC, case-folded, Kazakh letters mapped to their Russian
    look-alikes (ә→а, і→и, ң→н, ғ→г, ү/ұ→у, қ→к, ө→о, һ→х, ё→е), white space collapsed.

    «Айгерім» and «Айгерим» fold to the same «айгерим»; «Нұрланқызы» and «Нурланкызы» to «нурланкызы».
    """
    folded = unicodedata.normalize("NFC", text or "").casefold().translate(_KAZAKH_TO_RUSSIAN)
    return " ".join(folded.split())
