"""Large alternations of cue words as regular expressions that stay fast.

Python's `re` tries the alternatives of `a|b|c...` one after the other at every place it
looks. For hundreds of cue words that is most of the cost of a search. `alternation` groups the
alternatives by their first character behind a lookahead on that character, so at each place
only the cues that can start there are tried; inside a group the order is kept, so the match
found is the one the flat alternation would find.

>>> import re
>>> cues = [("visa policy", "(?i:visa[\\\\s-]+policy)"), ("ToT", "ToT"), ("training", "(?i:training)"), ("visa", "(?i:visa)")]
>>> pattern = re.compile(alternation(cues))
>>> [m.group(0) for m in pattern.finditer("Visa policy, training of TOT and ToT; visa")]
['Visa policy', 'training', 'ToT', 'visa']
"""

import re


def alternation(cues: list[tuple[str, str]]) -> str:
    """`(?:body|body...)` of (cue, regex body) pairs, grouped by the cue's first character.

    Each body must match only text that starts with its cue's first character, in either case
    (a case-sensitive body, its exact case). The pairs' order is the order of preference.
    """
    groups: dict[str, list[str]] = {}
    for cue, body in cues:
        first = cue[:1].lower()
        # characters that match each other case-insensitively (k and the Kelvin sign) share a group
        key = next((k for k in groups if _same_letter(k, first)), first)
        groups.setdefault(key, []).append(body)
    branches = []
    for first, bodies in groups.items():
        head = f"(?=(?i:{re.escape(first)}))" if first else ""
        branches.append(f"{head}(?:{'|'.join(bodies)})")
    return f"(?:{'|'.join(branches)})"


def _same_letter(a: str, b: str) -> bool:
    if a == b:
        return True
    if not a or not b:
        return False
    return bool(re.fullmatch(f"(?i:{re.escape(a)})", b) or re.fullmatch(f"(?i:{re.escape(b)})", a))
