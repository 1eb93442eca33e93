"""Name keys for matching: normalisation, phonetic codes and given-name variants.

``normalise`` is the one rule for "matching ignores case, accents, apostrophes, hyphens and
spaces" (product.md §4): ``O'Neill`` and ``oneill`` share the key ``oneill``. The population
stores these keys at generation time; the search computes the same keys for the query.
"""

from __future__ import annotations

import functools
import unicodedata

import jellyfish

_VARIANT_GROUPS: tuple[tuple[str, ...], ...] = (
    ("kate", "katherine", "katie", "kathryn", "catherine", "kathleen", "cath", "kat", "katy"),
    ("william", "will", "bill", "billy", "liam", "willie"),
    ("robert", "rob", "bob", "bobby", "robbie", "bert"),
    ("elizabeth", "liz", "lizzie", "beth", "eliza", "betty", "libby", "elsie"),
    ("james", "jim", "jimmy", "jamie"),
    ("margaret", "maggie", "meg", "peggy", "megan"),
    ("thomas", "tom", "tommy"),
    ("john", "jonathan", "jon", "johnny", "jack"),
    ("alexander", "alex", "alec", "sandy", "xander"),
    ("alexandra", "alex", "lexi", "sasha", "alexa"),
    ("daniel", "dan", "danny"),
    ("michael", "mike", "mikey", "mickey"),
    ("christopher", "chris", "kit"),
    ("matthew", "matt", "matty"),
    ("joseph", "joe", "joey"),
    ("samuel", "sam", "sammy"),
    ("samantha", "sam", "sammie"),
    ("benjamin", "ben", "benny"),
    ("charlotte", "charlie", "lottie"),
    ("charles", "charlie", "chas", "chuck"),
    ("oliver", "ollie", "olly"),
    ("olivia", "liv", "livvy", "livia"),
    ("rebecca", "becky", "becca"),
    ("jessica", "jess", "jessie"),
    ("abigail", "abby", "abbie", "gail"),
    ("victoria", "vicky", "vicki", "tori"),
    ("edward", "ed", "eddie", "ted", "ned"),
    ("henry", "harry", "hal"),
    ("jennifer", "jenny", "jen", "jenna"),
    ("jane", "jenny", "janey"),
    ("susan", "sue", "susie", "suzanne"),
    ("nicholas", "nick", "nicky"),
    ("anthony", "tony", "ant"),
    ("stephen", "steven", "steve", "stevie"),
    ("richard", "rich", "richie", "dick"),
    ("patrick", "pat", "paddy"),
    ("frederick", "fred", "freddie", "freddy"),
    ("isabella", "isabelle", "isobel", "izzy", "bella"),
    ("eleanor", "ellie", "elle", "nell", "nellie"),
    ("amelia", "amy", "millie", "mia"),
    ("emily", "em", "emmy"),
    ("emma", "em", "emmy"),
    ("zoe", "zoey"),
    ("sophie", "sophia", "soph"),
    ("louise", "louisa", "lou"),
    ("hannah", "anna", "annie"),
    ("ann", "anne", "annie", "anna"),
    ("kelly", "kel"),
    ("joshua", "josh"),
    ("nathan", "nathaniel", "nat", "nate"),
    ("theodore", "theo", "ted", "teddy"),
    ("jacob", "jake", "jack"),
    ("lucy", "lucille", "luce"),
    ("gabriel", "gabe", "gabby"),
    ("callum", "cal"),
    ("harriet", "hattie", "harry"),
    ("andrew", "andy", "drew"),
    ("david", "dave", "davey"),
    ("peter", "pete"),
    ("timothy", "tim", "timmy"),
)


@functools.lru_cache(maxsize=262144)
def normalise(text: str) -> str:
    """Lower-case ASCII letters and digits only: accents folded, punctuation and spaces gone."""
    folded = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in folded if ch.isascii() and ch.isalnum())


@functools.lru_cache(maxsize=262144)
def name_tokens(text: str) -> tuple[str, ...]:
    """Normalised keys of each word of a name (``Mary-Jane Ann`` → ``maryjane``, ``ann``)."""
    return tuple(key for key in (normalise(word) for word in text.split()) if key)


@functools.lru_cache(maxsize=65536)
def soundex(key: str) -> str:
    return jellyfish.soundex(key) if key else ""


@functools.lru_cache(maxsize=65536)
def metaphone(key: str) -> str:
    return jellyfish.metaphone(key) if key else ""


def _variant_index() -> dict[str, frozenset[str]]:
    index: dict[str, set[str]] = {}
    for group in _VARIANT_GROUPS:
        for name in group:
            index.setdefault(name, set()).update(group)
    return {name: frozenset(members) for name, members in index.items()}


_VARIANTS = _variant_index()


def given_variants(key: str) -> frozenset[str]:
    """The normalised given name and its common variants (Kate / Katherine / Katie)."""
    return _VARIANTS.get(key, frozenset()) | {key}
