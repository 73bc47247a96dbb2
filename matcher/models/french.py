"""French as members and clients write it, turned into tokens the extractor can match.

Members write "jsais faire des tresses", "g appris la soudure", "jkiffe la pâtisserie",
with or without accents, apostrophes of every shape and a typo or two. Each step here is a
small pure function so it can be tested alone:

1. :func:`fold` lowercases, folds accents and apostrophe variants and keeps, for every
   folded character, the index of the original character it came from;
2. :func:`tokenize` cuts the folded text into words and punctuation, splitting elisions
   (``j'`` → ``je``, ``l'`` → ``le``, ``qu'`` → ``que``…);
3. :func:`expand_informal` rewrites SMS and informal spellings (``jsais`` → ``je sais``,
   ``chui`` → ``je suis``, ``g`` → ``je ai`` before a word, ``ptite`` → ``petite``…);
4. :func:`skill_stem` stems a word with Snowball French, then maps verb stems onto the
   noun stem the taxonomy uses (``couds`` → ``coutur`` like ``couture``).

Every token keeps the ``[start, end)`` character offsets of the original text it came
from, so a matched phrase is always shown as an exact substring of what the person wrote.

>>> [t.text for t in analyse("Jsais coudre à l’atelier")]
['je', 'sais', 'coudre', 'a', 'le', 'atelier']
>>> skill_stem("couds") == skill_stem("couture")
True
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from functools import lru_cache

import snowballstemmer

__all__ = [
    "BANNED_PHRASES",
    "BANNED_TERMS",
    "BARE_DENIAL",
    "BEGINNER_CUES",
    "BE_FORMS",
    "CLAUSE_WORDS",
    "CLITICS",
    "COMMON_WORDS",
    "CONFIRMED_CUES",
    "CONTRAST_WORDS",
    "DISLIKE_AFTER_ME",
    "ENDINGS",
    "GENERIC_HEADS",
    "HELPER_CUES",
    "INFORMAL_SYNONYMS",
    "INVERSE_VERBS",
    "KNOW_WORDS",
    "LEAD_WORDS",
    "LEVEL_WORDS",
    "LIGHT_VERBS",
    "LONG_TAIL_BLOCKED",
    "LOSS_WORDS",
    "LOVE_WORDS",
    "NEGATION_IDIOMS_AFTER",
    "NEGATION_IDIOMS_BEFORE",
    "NEGATION_INTENSIFIERS",
    "NEGATION_SCOPE_ENDS",
    "NEGATION_WORDS",
    "NEGATIVE_EVALUATIONS",
    "NEUTRAL_AFTER_JE",
    "NO_LONGER_NEXT",
    "PASSION_ONLY",
    "POSSESSIVES",
    "PUNCT",
    "REQUEST_VERBS",
    "REQUIREMENT_ADJECTIVES",
    "REQUIREMENT_NOUNS",
    "SANS_IDIOMS",
    "SLANG_FOOLS",
    "SMS",
    "STEM_EXCEPTIONS",
    "STOPWORDS",
    "SUBJECT_WORDS",
    "TEACH_CUES",
    "VERB_SKILLS",
    "VERB_STEMS",
    "WEAK_TERMS",
    "WISH_AFTER_ME",
    "WISH_WORDS",
    "WORD",
    "ZERO_IDIOMS",
    "Token",
    "analyse",
    "content_stems",
    "content_words",
    "expand_informal",
    "fold",
    "is_cue_word",
    "singular",
    "skill_stem",
    "split_elisions",
    "stem",
    "tokenize",
    "words",
]

WORD = "word"
PUNCT = "punct"

_APOSTROPHES = frozenset("'’‘`´ʼ′‛")
_LIGATURES = {"œ": "oe", "æ": "ae", "ß": "ss"}
_TOKEN_RE = re.compile(r"[a-z0-9]+'?|[.,;:!?()\[\]…/\n]")

#: Elided forms and the full word they stand for.
_ELISIONS = {
    "j'": "je",
    "l'": "le",
    "d'": "de",
    "qu'": "que",
    "n'": "ne",
    "m'": "me",
    "t'": "te",
    "s'": "se",
    "c'": "ce",
    "jusqu'": "jusque",
    "lorsqu'": "lorsque",
    "puisqu'": "puisque",
}

#: Informal and SMS spellings, folded, and what they stand for.
SMS: dict[str, str] = {
    "jsais": "je sais",
    "jsai": "je sais",
    "jse": "je sais",
    "chai": "je sais",
    "chais": "je sais",
    "jsp": "je sais pas",
    "jsaispas": "je sais pas",
    "jsaipa": "je sais pas",
    "jsaispa": "je sais pas",
    "chepa": "je sais pas",
    "chepas": "je sais pas",
    "chaipa": "je sais pas",
    "chaipas": "je sais pas",
    "jconnaispas": "je connais pas",
    "jfais": "je fais",
    "jfai": "je fais",
    "jfe": "je fais",
    "chui": "je suis",
    "chuis": "je suis",
    "jsuis": "je suis",
    "jsui": "je suis",
    "jai": "je ai",
    "jadore": "je adore",
    "jador": "je adore",
    "jaime": "je aime",
    "jaimerais": "je aimerais",
    "jaimerai": "je aimerais",
    "jaimerait": "je aimerais",
    "jaimrais": "je aimerais",
    "jaimrai": "je aimerais",
    "aimerai": "aimerais",
    "aimerait": "aimerais",
    "aimrais": "aimerais",
    "aimrai": "aimerais",
    "voudrai": "voudrais",
    "voudrait": "voudrais",
    "jveux": "je veux",
    "jvoudrais": "je voudrais",
    "jvoudrai": "je voudrais",
    "jkiffe": "je kiffe",
    "jkiff": "je kiffe",
    "jkif": "je kiffe",
    "jkiffais": "je kiffe",
    "jvais": "je vais",
    "jvai": "je vais",
    "jpeux": "je peux",
    "jconnais": "je connais",
    "japprends": "je apprends",
    "japprend": "je apprends",
    "jappren": "je apprends",
    "fai": "fais",
    "fe": "fais",
    "sui": "suis",
    "connai": "connais",
    "appri": "appris",
    "pk": "pourquoi",
    "pq": "pourquoi",
    "pourkoi": "pourquoi",
    "pcq": "parce que",
    "pck": "parce que",
    "psk": "parce que",
    "paske": "parce que",
    "passke": "parce que",
    "ptit": "petit",
    "ptite": "petite",
    "ptits": "petits",
    "ptites": "petites",
    "tkt": "te inquiete",
    "tqt": "te inquiete",
    "bcp": "beaucoup",
    "bocou": "beaucoup",
    "tt": "tout",
    "tte": "toute",
    "tjr": "toujours",
    "tjrs": "toujours",
    "qd": "quand",
    "kan": "quand",
    "mtn": "maintenant",
    "mnt": "maintenant",
    "ds": "dans",
    "ke": "que",
    "koi": "quoi",
    "ki": "qui",
    "ya": "il y a",
    "ct": "ce etait",
    "vrmt": "vraiment",
    "tro": "trop",
    "pa": "pas",
    "po": "pas",
    "aps": "pas",
    "r1": "rien",
    "ri1": "rien",
    "plu": "plus",
    "nn": "non",
    "nan": "non",
    "jamai": "jamais",
    "jame": "jamais",
    "jms": "jamais",
    "mm": "meme",
    "ossi": "aussi",
    "oci": "aussi",
    "dla": "de la",
    "avc": "avec",
    "ac": "avec",
    "pr": "pour",
    "qqch": "quelque chose",
    "kiff": "kiffe",
    "kif": "kiffe",
    "kiffer": "kiffe",
    "kiffais": "kiffe",
    "kiffes": "kiffe",
    "ador": "adore",
    "oue": "oui",
    "ouais": "oui",
    "tuto": "tutos",
    "insta": "instagram",
    "ordi": "ordinateur",
    "ordis": "ordinateurs",
    "tel": "telephone",
    "tels": "telephones",
    "restau": "restaurant",
    "restaus": "restaurants",
    "anniv": "anniversaire",
    "annivs": "anniversaires",
    "asso": "association",
    "assos": "associations",
    "qqn": "quelqu un",
    "qqun": "quelqu un",
}

#: One-letter SMS words that only mean something in front of another word.
_CONTEXTUAL = {"g": "je ai", "c": "ce est", "j": "je"}


def words(text: str) -> frozenset[str]:
    """The whitespace-separated words of ``text``: keeps the word lists below readable."""
    return frozenset(text.split())


#: Function words dropped before phrase matching (determiners, pronouns, prepositions).
STOPWORDS = words("""
    le la les un une des du de au aux a et ou en y ce cet cette ces ca cela
    mon ma mes ton ta tes son sa ses notre nos votre vos leur leurs
    je tu il elle on nous vous ils elles me te se lui moi toi eux
    que qui quoi dont pour par sur sous avec dans chez vers entre
    est sont suis es etre ai as avons ont etait
    tres trop bien plein peu beaucoup tout tous toute toutes
    ne pas plus jamais rien
    d l j n m t s c qu
    """)

#: Verb stems (after :func:`stem`) mapped onto the noun stem the taxonomy uses, so that
#: "je couds", "je bricole", "je peins" find couture, bricolage, peinture.
VERB_STEMS: dict[str, str] = {
    "coud": "coutur",
    "coudr": "coutur",
    "cousu": "coutur",
    "cous": "coutur",
    "bricol": "bricolag",
    "bricoleur": "bricolag",
    "bricoleux": "bricolag",
    "pein": "peintur",
    "peindr": "peintur",
    "peint": "peintur",
    "peintr": "peintur",
    "repein": "peintur",
    "repeindr": "peintur",
    "repeint": "peintur",
    "soud": "soudur",
    "soudeur": "soudur",
    "soudeux": "soudur",
    "maquill": "maquillag",
    "maquilleux": "maquillag",
    "coiff": "coiffur",
    "coiffeur": "coiffur",
    "coiffeux": "coiffur",
    "brod": "broder",
    "vend": "vent",
    "vendr": "vent",
    "vendu": "vent",
    "repass": "repassag",
    "nettoi": "nettoyag",
    "nettoy": "nettoyag",
    "cuisini": "cuisin",
    "cuisinier": "cuisin",
    "cuistot": "cuisin",
    "patissi": "patisser",
    "patissier": "patisser",
    "photographi": "photograph",
    "photographier": "photograph",
    "chanteur": "chant",
    "chanteux": "chant",
    "danseur": "dans",
    "danseux": "dans",
    "dessinateur": "dessin",
    "dessinatric": "dessin",
    "jardini": "jardin",
    "jardinier": "jardin",
    "jardinag": "jardin",
    "menuisi": "menuiser",
    "menuisier": "menuiser",
    "tress": "tress",
    "tressag": "tress",
    "tricoteux": "tricot",
    "mecanicien": "mecan",
    "mecanicienn": "mecan",
    "mecaniqu": "mecan",
    "soudag": "soudur",
    "traducteur": "tradu",
    "traductric": "tradu",
    "traduct": "tradu",
    "tradui": "tradu",
    "traduir": "tradu",
    "traduis": "tradu",
    "demenageur": "demenag",
    "tondr": "tont",
    "tond": "tont",
    "tondu": "tont",
    "livr": "livraison",
    "tien": "ten",
    "tienn": "ten",
    "tenu": "ten",
    "refait": "refair",
    "ref": "refair",
    "refai": "refair",
    "fai": "fair",
    "fais": "fair",
    "fait": "fair",
    "faison": "fair",
    "font": "fair",
}

_STEMMER = snowballstemmer.stemmer("french")


@lru_cache(maxsize=4096)
def _fold_char(char: str) -> str:
    """One original character as lowercase, accent-free text (possibly 0 or 2 characters)."""
    low = char.lower()
    if low in _APOSTROPHES or char in _APOSTROPHES:
        return "'"
    if low in _LIGATURES:
        return _LIGATURES[low]
    decomposed = unicodedata.normalize("NFKD", low)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


_ASCII_FOLD = str.maketrans({"`": "'"})


class _FoldTable(dict[int, str]):
    """A ``str.translate`` table filled on demand; remembers characters not folded 1:1."""

    irregular: set[str]

    def __init__(self) -> None:
        super().__init__()
        self.irregular = set()

    def __missing__(self, code: int) -> str:
        folded = _fold_char(chr(code))
        if len(folded) != 1:
            self.irregular.add(chr(code))
        self[code] = folded
        return folded


_FOLD_TABLE = _FoldTable()


def fold(text: str) -> tuple[str, list[int]]:
    """Lowercase and accent-fold ``text``; also return each folded char's original index.

    Most characters fold to exactly one character, so one ``str.translate`` does it; the
    rare ones that vanish or double (combining accents typed apart, ``œ`` → ``oe``) take
    the character-by-character path that keeps offsets right.

    >>> fold("Œuf à l’eau")
    ("oeuf a l'eau", [0, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10])
    """
    if text.isascii():
        return text.lower().translate(_ASCII_FOLD), list(range(len(text)))
    folded = text.translate(_FOLD_TABLE)
    if _FOLD_TABLE.irregular.isdisjoint(text):
        return folded, list(range(len(text)))
    chars: list[str] = []
    offsets: list[int] = []
    for index, char in enumerate(text):
        for piece in _fold_char(char):
            chars.append(piece)
            offsets.append(index)
    return "".join(chars), offsets


@dataclass(frozen=True)
class Token:
    """A normalised word or punctuation mark and the original characters it came from."""

    text: str
    start: int
    end: int
    kind: str = WORD


def tokenize(text: str) -> list[Token]:
    """Words and punctuation of ``text`` (folded), with offsets into the original ``text``.

    Hyphens, quotes and symbols separate words but are not tokens, so "taille-haie" and
    "taille haie" give the same tokens. Elisions are split by :func:`split_elisions`.
    """
    folded, offsets = fold(text)
    tokens: list[Token] = []
    for match in _TOKEN_RE.finditer(folded):
        piece = match.group()
        start = offsets[match.start()]
        end = offsets[match.end() - 1] + 1
        kind = WORD if piece[0].isalnum() else PUNCT
        tokens.append(Token(piece, start, end, kind))
    return split_elisions(tokens)


def split_elisions(tokens: Iterable[Token]) -> list[Token]:
    """``j'`` → ``je``, ``l'`` → ``le``…; other words lose a trailing apostrophe.

    "aujourd'hui" becomes two harmless tokens; an apostrophe typed as a quote ("'cuisine'")
    is dropped.
    """
    out: list[Token] = []
    for token in tokens:
        if token.kind == WORD and token.text.endswith("'"):
            word = _ELISIONS.get(token.text, token.text[:-1])
            out.append(replace(token, text=word))
        else:
            out.append(token)
    return out


def _split_word(token: Token, replacement: str) -> list[Token]:
    return [replace(token, text=word) for word in replacement.split()]


def expand_informal(
    tokens: list[Token], is_known: Callable[[str], bool] | None = None
) -> list[Token]:
    """Rewrite SMS and informal spellings into standard words, keeping offsets.

    ``is_known`` tells whether a word is meaningful to the caller (a cue or a skill word):
    it lets "jrépare" or "jdessine" split into ``je`` + verb without a table entry, while
    real words starting with j ("jardin", "jeux") are left alone.
    """
    out: list[Token] = []
    for index, token in enumerate(tokens):
        text = token.text
        following = tokens[index + 1] if index + 1 < len(tokens) else None
        if token.kind != WORD:
            out.append(token)
        elif text in SMS:
            out.extend(_split_word(token, SMS[text]))
        elif text in _CONTEXTUAL and following is not None and following.kind == WORD:
            out.extend(_split_word(token, _CONTEXTUAL[text]))
        elif _is_glued_je(text, is_known):
            out.extend([replace(token, text="je"), replace(token, text=text[1:])])
        else:
            out.append(token)
    return out


def _is_glued_je(word: str, is_known: Callable[[str], bool] | None) -> bool:
    """A j glued to a known word that is not itself known: "jrepare" = "je repare"."""
    if is_known is None or len(word) < 4 or word[0] != "j" or word[1] in "aeiouy":
        return False
    return is_known(word[1:]) and not is_known(word)


def singular(word: str) -> str:
    """A folded word without its plural ``s``/``x`` ("videos" → "video", "gateaux" → "gateau").

    The light normalisation used where stems are too loose (the ESCO long tail).
    """
    if len(word) > 3 and word[-1] in "sx" and not word.endswith("ss"):
        return word[:-1]
    return word


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """Snowball French stem of a folded word, plural ``s``/``x`` dropped first.

    Snowball expects accents; on folded text it keeps some plurals ("videos"), so the
    plural is removed before stemming. Both the taxonomy and the texts go through here,
    so what matters is consistency, not linguistic exactness.
    """
    return _STEMMER.stemWord(singular(word))


#: Words whose Snowball stem collides with an unrelated skill word ("manger" and "manga"
#: both give "mang", "boxe" and "box" both give "box"): they keep their own stem.
STEM_EXCEPTIONS: dict[str, str] = {
    **dict.fromkeys(("manger", "mange", "manges", "mangent", "mangeais", "mangeons"), "manger"),
    **dict.fromkeys(("boxe", "boxer", "boxeur", "boxeuse"), "boxe"),
    **dict.fromkeys(("repas",), "repas"),
    **dict.fromkeys(("grave",), "grave"),
    **dict.fromkeys(("devant",), "devant"),
    **dict.fromkeys(("tennis",), "tennis"),
    **dict.fromkeys(("peine", "peines"), "peine"),
    **dict.fromkeys(("demarche", "demarches"), "demarche"),
}


@lru_cache(maxsize=65536)
def skill_stem(word: str) -> str:
    """:func:`stem`, then verb stems mapped to the taxonomy's noun stems (:data:`VERB_STEMS`)."""
    if word in STEM_EXCEPTIONS:
        return STEM_EXCEPTIONS[word]
    base = stem(word)
    return VERB_STEMS.get(base, base)


def analyse(text: str, is_known: Callable[[str], bool] | None = None) -> list[Token]:
    """The whole pipeline: fold, tokenize, split elisions, expand informal spellings."""
    return expand_informal(tokenize(text), is_known)


@lru_cache(maxsize=65536)
def content_words(text: str) -> tuple[str, ...]:
    """The non-stopwords of a phrase, folded, e.g. of a taxonomy label or synonym."""
    return tuple(t.text for t in analyse(text) if t.kind == WORD and t.text not in STOPWORDS)


def content_stems(text: str) -> tuple[str, ...]:
    """Stems of the non-stopwords of a phrase.

    >>> content_stems("Coudre à la main")
    ('coutur', 'main')
    """
    return tuple(skill_stem(word) for word in content_words(text))


# --- Cue words, read by the extractor on folded tokens (after SMS expansion) ---------------

#: Wish to learn ("j'aimerais apprendre", "je voudrais essayer", "j'ai envie de").
WISH_WORDS = words("""
    aimerais aimerions voudrais voudrions veux voulu souhaite souhaiterais souhaiterai
    reve revais envie apprendre apprends apprend essayer tester decouvrir progresser
    ameliorer initier perfectionner cherche espere interesserait voudrait aimerait
    """)

#: Wish verbs after "me": "ça me tente", "ça me dirait bien".
WISH_AFTER_ME = words("tente tentent tenterait tenteraient dirait diraient")

#: Passion or interest without a claim of practice ("j'adore", "je kiffe", "fan de").
LOVE_WORDS = words("""
    adore adorais aime aimais kiffe passion passions passionne passionnee passionnes
    fan fans fou folle accro mordu mordue interesse interessee plait plaisir detend
    regarde regardais truc kif
    """)

#: Practice cues ("je fais", "j'ai appris", "je bosse", "depuis 3 ans").
KNOW_WORDS = words("""
    fais fait faisais sais savais appris bosse bossais travaille travaillais repare
    occupe aide aidais pratique pratiquais fabrique cree donne experience experiences
    diplome diplomee cap bts stage depuis maitrise gere connais habitude joue jouais
    deja debrouille propose realise confectionne peux monte vends vend commence ai
    formation aise fort forte bon bonne doue douee gere tiens suis
    """)

#: Words after "je" that say nothing about practice ("je pense", "je suis", "je vais").
NEUTRAL_AFTER_JE = words("""
    pense crois trouve vais dois vois comprends sais ne me te le la les lui en y
    """)


def is_cue_word(word: str) -> bool:
    """Whether a folded word is an intent cue (wish, passion or practice)."""
    return word in WISH_WORDS or word in LOVE_WORDS or word in KNOW_WORDS


#: Saying one is bad at something: a negation on its own ("nul en maths"), cancelled by
#: a negation before it ("pas nulle en dessin", "pas mauvaise en couture").
NEGATIVE_EVALUATIONS = words("""
    nul nulle nuls nulles nulos mauvais mauvaise mauvaises catastrophe incapable incapables
    naze nazes nase brele
    """)

#: Negation words; "plus" only counts after "ne" (else "je fais plus de couture" = more).
#: Dislike ("je déteste", "je hais", "la couture c'est relou") denies a skill too.
NEGATION_WORDS = NEGATIVE_EVALUATIONS | words("""
    pas jamais rien aucun aucune ni guere deteste detestais hais hait horreur galere
    galerais zero 0 walou wallou nada bof inutile relou chiant chiante
    """)

#: Dislike verbs after "me": "ça me saoule", "ça me gonfle" (not "je gonfle les pneus").
DISLIKE_AFTER_ME = words("""
    saoule saoulent soule soulent gonfle gonflent gave gavent ennuie ennuient fatigue
    """)

#: Losing a skill: "j'ai tout oublié" (a negation, unless "j'oublie jamais").
LOSS_WORDS = words("oublie oublies oubliee oubliees")

#: Possessive determiners: "c'est ma mère qui cuisine" is someone close, not the member.
POSSESSIVES = words("mon ma mes son sa ses leur leurs notre nos")

#: Slang for a fool, a negation after "je suis une": "je suis une quiche en maths".
SLANG_FOOLS = words("quiche buse tanche truffe chevre pipe")
BE_FORMS = words("suis sui es est etais etait")

#: Skipped when looking at what follows a negation: "pas trop mal", "pas de souci".
NEGATION_INTENSIFIERS = words("trop tres vraiment si aussi du de d tout")

#: A negation followed by one of these is an idiom, not a negation ("pas mal", "pas que").
NEGATION_IDIOMS_AFTER = words(
    "mal que seulement juste uniquement souci soucis probleme problemes peur part non"
)

#: A negation preceded by one of these is an idiom ("ça me dérange pas").
NEGATION_IDIOMS_BEFORE = words("derange gene genent derangent inquiete")

#: Verbs of failing or stopping: negated, they say the opposite ("je rate jamais mes
#: crêpes", "j'arrête pas de dessiner", "j'ai jamais lâché la boxe").
INVERSE_VERBS = words("""
    rate rates rater loupe loupes louper arrete arretes arreter lache laches lacher
    oublie oublies
    """)

#: After a negation, a level rather than a refusal: "je suis pas une pro de la couture",
#: "on cherche pas un expert", "mon anglais est pas parfait".
LEVEL_WORDS = words("""
    pro pros professionnel professionnelle professionnels expert experte experts
    specialiste specialistes as champion championne genie crack parfait parfaite parfaits
    """)

#: "Aucune expérience requise": a level 0 in a request, not a refusal of the skill.
REQUIREMENT_NOUNS = words("""
    experience experiences diplome diplomes competence competences connaissance
    connaissances niveau formation
    """)
REQUIREMENT_ADJECTIVES = words("""
    requise requis requises necessaire necessaires demandee demande demandees exigee exige
    exigees obligatoire obligatoires
    """)

#: Idioms with "sans": "sans expérience", "sans problème", "je dessine sans arrêt".
SANS_IDIOMS = words("""
    experience diplome probleme problemes souci soucis forcement arret cesse doute blague
    hesiter hesitation compter mentir pression stress etre
    """)

#: "Zéro déchet" and "de zéro" are not refusals.
ZERO_IDIOMS = words("dechet dechets gaspi gaspillage faute fautes")

#: Inside a clause, a word that ends what a negation covers: "pas de maquillage juste
#: les ongles", "pas la couture plutôt le tricot".
NEGATION_SCOPE_ENDS = words("juste plutot seulement uniquement surtout sauf")

#: Words opening a clause that contrasts with a negated one: "je fais pas de couture mais
#: de la broderie" (the broderie is done).
CONTRAST_WORDS = words("mais juste plutot seulement sauf")

#: The only words of a comment that denies what was said before: "le crochet ? non",
#: "mon frère fait de la mécanique, moi non", "pas moi".
BARE_DENIAL = words("""
    moi perso personnellement non nan pas jamais plus du tout rien merci de la vie
    absolument franchement ca ce est
    """)

#: Words that end a clause: a new clause may carry a new intent.
CLAUSE_WORDS = words("mais sauf car cependant pourtant sinon tandis puisque")

#: Subject words: "et"/"ou" followed by one of them starts a new clause.
SUBJECT_WORDS = words("je on ce ca il elle nous mon ma mes")

#: Verbs (and short verb phrases) that say a skill where the taxonomy only lists nouns:
#: "je sers", "je bricole", "je repeins". Added to the skill's synonyms at fit time.
VERB_SKILLS: dict[str, tuple[str, ...]] = {
    "couture": ("coudre", "couds", "cousu"),
    "cuisine": ("cuisiner", "cuisine", "cuisinier", "cuisinière"),
    "bricolage": ("bricoler", "bricole", "bricoleur", "bricoleuse"),
    "peinture-batiment": ("peindre", "peins", "repeindre", "repeins", "repeint"),
    "reparation-objets": ("réparer", "répare"),
    "coiffure": ("coiffer", "coiffe", "coiffeuse", "coiffeur"),
    "tresses": ("tresser", "tresse"),
    "dessin": ("dessiner", "dessine", "dessinateur", "dessinatrice"),
    "danse": ("danser", "danse"),
    "chant": ("chanter", "chante"),
    "jardinage": ("jardiner",),
    "tricot": ("tricoter", "tricote"),
    "crochet": ("crocheter",),
    "broderie": ("broder", "brode"),
    "photographie": ("photographier", "photos"),
    "maquillage": ("maquiller", "maquille"),
    "soudure": ("souder", "soude"),
    "demenagement": ("déménager", "déménage"),
    "nettoyage": ("nettoyer", "nettoie"),
    "repassage": ("repasser", "repasse"),
    "traduction": ("traduire", "traduis"),
    "vente": ("vendre", "vends"),
    "patisserie": ("pâtisser", "pâtisserie"),
    "video": ("faire des vidéos",),
    "programmation": ("coder", "programmer"),
    "service-en-salle": ("servir",),
    "garde-enfants": ("garde des enfants", "garder les petits"),
}


#: Everyday words for skills that the taxonomy names formally ("le basket" is a sport a
#: member could lead, "la play" is video games, "le centre aéré" is children's activities).
INFORMAL_SYNONYMS: dict[str, tuple[str, ...]] = {
    "animation-sportive": (
        "basket",
        "boxe",
        "futsal",
        "handball",
        "hand",
        "volley",
        "tennis",
        "judo",
        "karaté",
        "muscu",
        "musculation",
        "rugby",
        "natation",
        "athlétisme",
        "gym",
        "foot",
        "football",
        "skate",
        "sport",
        "escalade",
        "course à pied",
    ),
    "jeux-video": ("console", "play", "playstation", "fifa", "fortnite", "gaming", "gamer"),
    "animation-enfants": ("centre aéré", "colo", "colonie de vacances", "périscolaire"),
    "montage-video": ("montage", "monter des vidéos"),
    "retouches": ("réparer des vêtements", "réparer les habits", "répare ton vêtement"),
    "francais-ecrit": ("français",),
    "tournage": ("clip", "clips", "court métrage"),
    "mecanique-deux-roues": ("mob", "mobs", "moto", "motos"),
    "garde-enfants": ("baby-sitter", "baby-sitteuse", "garder des enfants", "nourrice"),
    "usage-smartphone": ("smartphone", "iphone"),
    "cuisine-du-monde": (
        "sushi",
        "sushis",
        "nems",
        "samoussas",
        "bricks",
        "yassa",
        "thiéboudienne",
        "chorba",
        "harira",
        "pho",
        "ramen",
        "paella",
        "accras",
        "rougail",
        "colombo",
    ),
}

#: Hobbies read as passions: doing a sport is not yet leading a sports activity, so
#: "je fais du basket" is ``loves`` for animation sportive (unless the member wants to learn).
PASSION_ONLY = frozenset({"animation-sportive", "jeux-video"})

#: Leading or teaching the hobby is practice of the service: "j'entraîne les U9 au foot",
#: "je coache les petits au basket", "je donne des cours de boxe" are ``knows``.
LEAD_WORDS = words("""
    entraine entraines entrainer entraineur entraineuse entrainement coache coaches coacher
    coach encadre encadrer anime animer animateur animatrice educateur educatrice moniteur
    monitrice arbitre arbitrer initie initier
    """)


# --- Lexicon of the extractor: which words prove a skill, which levels a request asks ---

#: Single words never taken as evidence alone: too common, or a synonym by accident
#: ("mariage" is a synonym of event photography, "besoin" of needs analysis).
BANNED_TERMS = words("""
    mariage mariages fete fetes petit petits petite petites aide aides aider jeu soiree
    soirees besoin besoins projet projets dossier dossiers mesure mesurer niveau niveaux
    heure heures compte comptes boutique magasin prix etapes objectifs flux idees
    secret dates cartes version change questionner reception appels commander contenu
    plan plans activites engagement disponible satisfaire assumer prendre analyser
    decider choisir modeles templates formules fichier tableau live story box annonces
    transport emission interview visuel manger gouter jeux changement cap premiere
    """)

#: Multi-word synonyms that are idioms in everyday French ("un coup de main" is help).
BANNED_PHRASES = frozenset({"coup main"})

#: Single words that prove a skill only with an intent cue and nothing stronger around
#: ("je kiffe les voitures" is car mechanics, "la voiture de mon père" is not).
WEAK_TERMS = words("""
    animer porter sport voiture voitures velo bois jardin histoire texte ecrire lecture
    calme respect garage couleur restaurant accompagner compter ranger trier classer
    saisir taper code planche cadrer tourner enregistrer micro studio voix basse accords
    gratter instrument prod instru composer transmettre expliquer former monter menu
    frigo restes conserver stand commerce telephone applis connexion ordinateur planifier
    anticiper organiser priorites jouer responsable attentif attentive ecouter reformuler
    curieux curieuse creatif creative imagination poli polie courtoisie tolerance diversite
    inclusion feuilles herbe legumes viande poisson poulet creme mousse tarte sauce
    soupe the cafe pain fleurs portrait mail oral pitch article blog scanner numeriser pdf
    vitrine etiquettes charger decharger deplacer soulever coupe couper decouper
    laver nettoyer balayer bebe surveillance livrer livraison coursier collecte dons
    archiver radio enfants vaisselle courses reparer reparation repare cartons
    francais montage logo organise organisee marche assistance atelier ateliers balance
    bar batterie bride bureaux cables caler calendrier chariot chemises cheville chevilles
    clavier communiquer communication compromis conseil conseiller convaincre contours cp
    discussion forum concevoir designer panne dispute desaccord distribution education
    evenement festival kermesse facade terrasse faciliter filtres fuite influence
    relations medias joints pull echarpe locaux mode motifs motivation murs office
    standard presentation pression precision promotion partage reserve reservation
    revision roue rouleau rythmes signer silhouette soutien transfert virus vote zoom
    teams cloud windows publier alpha bac brevet cantine colis collage perles
    diable douches especes flex graver hand marge massif metre paroles patins personnages
    piquer plafond remises roulement soldes sourds tarif technologie tentes toilettes
    tracer trancher vitesses wc camera moteur smartphone iphone
    """)

#: Label head words too generic to stand for the skill ("Gestion des stocks" → "gestion").
GENERIC_HEADS = words("""
    gestion mise prise animation service entretien pose installation preparation
    conception creation organisation recherche activites jeux langue taille lecture
    ecriture montage coupe decoupe reparation diffusion information relation
    sens esprit travail securite soins produits outils plats repas suivi calcul
    classement protection presentation respect vente nettoyage peinture couture cuisine
    photo video mecanique menuiserie soudure maquillage garde transmission usage
    utilisation chargement gestes premiers petite petit apprentissage analyse boissons
    jus reglage montage numerisation traitement conseil tenue sortie agrement atelier
    ateliers bande point ouverture resolution street ramassage soutien
    """)

#: Light verbs before a synonym's object: "faire la vaisselle" is also found as "vaisselle".
LIGHT_VERBS = words("faire utiliser effectuer realiser")

#: Inflectional and derivational endings that keep a word on its skill's meaning; a stem
#: match with any other ending ("élèves"/"élévateur") is a collision, not a match.
ENDINGS = words("""
    _ e es s x er ez ee ees ent ons ais ait aient ant ants age ages eur eurs euse euses
    ation ations ure ures erie eries ier iers iere ieres ie ies i is it ement ements ite
    ites eux al aux ale iste istes isme ique iques ir lir re
    ai ions iez erai erais erait eras era
    """)

#: Level cues in requests. Teaching (4): the skill of a workshop or of a lesson; leading
#: or confirmed (3), in the skill's clause; beginners welcome (0); helpers (1).
TEACH_CUES = words(
    "atelier ateliers initiation initier enseigner apprendre transmettre cours montrer"
)
CONFIRMED_CUES = words("""
    confirme confirmee confirmes confirmees experimente experimentee experimentes
    experimentees expert experte pro professionnel professionnelle qualifie qualifiee
    maitrise maitriser autonome referent referente chef responsable diplome diplomee
    solide encadrer aise
    """)
BEGINNER_CUES = words("debutant debutante debutants debutantes apprenti apprentie")
HELPER_CUES = words("""
    jeunes bras benevoles volontaires aides aider coup renfort renforts juste seulement
    """)
#: Object pronouns and negation that may stand between "je" and its verb ("je lui raconte").
CLITICS = words("ne n me m te t lui leur le la les l y en se s")


NO_LONGER_NEXT = words("le la les l trop beaucoup vraiment depuis maintenant rien jamais")
REQUEST_VERBS = words("cherche cherchent cherchons recherche recherchent recherchons")

#: ESCO single words too common in everyday French to be evidence on their own.
LONG_TAIL_BLOCKED = words("""
    paris politique logique machines reflexion consultation morale energie similitude
    devises optique economie medicaments grossesse communication boissons nutrition
    histoire montage litterature reclassement matrices capteurs brevets moulins engrais
    explosifs prothese obesite camouflage artisanat esthetique radars gemmes chef
    """)

#: Frequent words a typo corrector must leave alone (close to a taxonomy word by chance).
COMMON_WORDS = words("""
    cousine cousines cousin cousins maison famille parents copine copines copain copains
    soeur soeurs frere freres grand grande petit petite mere pere oncle tante voisins
    voisin quartier ecole lycee college samedi dimanche semaine weekend matin soir
    toujours souvent vraiment surtout aussi encore depuis pendant avant apres quand
    chose choses truc trucs gens monde personne personnes jeunes enfant enfants temps
    heure heures annee annees mariage mariages anniversaire fetes mercredi vendredi
    lundi mardi jeudi besoin cherche cherchons recherche quelqu quelque plusieurs
    contre roman romans grave
    """)
