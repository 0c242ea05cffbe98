"""Event candidates from the dependency parse: a trigger word, its clause's status, its actor and recipient.

The rules read spaCy's parse of en_core_web_sm, which is fast but often wrong on long names and lists, so
the argument spans are widened over the proper-noun runs the parser splits off ("met with the secretary of
X, A and Minister B"), and each argument is split into its conjuncts.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from dateline.events.lexicon import COOPERATIVE, Lexicon, Trigger

MATERIAL_CONFLICT = frozenset({"PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT"})

if TYPE_CHECKING:
    from spacy.tokens import Span, Token

SUBJECTS = frozenset({"nsubj", "csubj"})
OBJECTS = frozenset({"dobj", "dative"})
#: Dependents that are not part of a participant's name.
NOT_NAME = frozenset(
    {"relcl", "acl", "advcl", "conj", "cc", "punct", "appos", "prep", "det", "case", "nummod"}
)
#: Nouns whose possessor is the victim, not the doer ("Soleimani's assassination").
PATIENT_NOUNS = frozenset(
    {"assassination", "killing", "murder", "execution", "arrest", "detention", "abduction", "deportation",
     "release", "kidnapping", "torture"}
)  # fmt: skip
#: Clause links a status climbs through to find a governing verb or noun.
EMBEDDING = frozenset({"xcomp", "ccomp", "dobj", "pobj", "acl", "prep", "pcomp", "advcl", "attr", "oprd"})
NAMED = frozenset({"ORG", "GPE", "NORP", "PERSON"})
RELATIVES = frozenset({"who", "that", "which", "whom"})
#: Modals that make a reported clause a demand: "Peru says Chile must end raids".
DEMAND_MODALS = frozenset({"must", "should"})
FIRST_PERSON = frozenset({"we", "i", "us", "our", "my", "me"})


@dataclass
class Arg:
    """One side of an event: a head token and the token span [start, end) of its name."""

    head: Token
    start: int
    end: int


@dataclass
class Candidate:
    """A trigger in context, before participants are resolved to entities."""

    trigger: Token
    entry: Trigger
    type: str
    mode: str | None
    status: str  # "ok", "negated", "hypothetical", "willing", "governed", "silent", "enacted"
    actors: list[Arg] = field(default_factory=list)
    recipients: list[Arg] = field(default_factory=list)
    nominal: bool = False
    passive: bool = False
    separately: bool = False
    #: the trigger this one is embedded under (its status comes from there)
    governor: Token | None = None
    consumed: set[int] = field(default_factory=set)
    #: for a request recoded from "X said Y must ...": the speech verb whose subject asks
    trigger_subject: Token | None = None
    #: another trigger is embedded under this one ("called for talks", "pledged that X will stand by Y"):
    #: the construction, decoded by the rules, fixes this one's type
    governs: bool = False
    #: what another trigger tells is this one's content ("pledged that X will stand by Y"): a promise is
    #: an AGREE whatever is promised
    promises: bool = False


def is_verb(tok: Token) -> bool:
    return tok.pos_ == "VERB" or (tok.tag_.startswith("VB") and tok.pos_ != "AUX")


def infinitive(tok: Token) -> bool:
    """Whether a verb is a to-infinitive ("to carry out", "to drop")."""
    return any(c.dep_ == "aux" and c.lower_ == "to" for c in tok.children)


def names_party(tok: Token, lex: Lexicon) -> bool:
    """Whether a noun names an actor: a named one, or a common noun of the actor list ("rebels")."""
    return tok.ent_type_ in NAMED or tok.lemma_.lower() in lex.actor_nouns or tok.lower_ in lex.actor_nouns


def is_noun(tok: Token) -> bool:
    return tok.pos_ in ("NOUN", "PROPN")


def match(tok: Token, lex: Lexicon) -> tuple[Trigger, Token | None] | None:
    """The trigger entry a token starts, with the child that completes a two-word trigger."""
    lemma = tok.lemma_.lower()
    verb, noun = is_verb(tok), is_noun(tok)
    if not (verb or noun):
        return None
    pairs = lex.paired.get(lemma)
    if pairs:
        for c in tok.children:
            t = pairs.get(c.lemma_.lower())
            if t is None:
                continue
            if t.object_only and c.dep_ not in ("dobj", "nsubjpass", "conj"):
                continue
            if ("V" in t.pos and verb) or ("N" in t.pos and noun):
                return t, c
    for t in lex.single.get(lemma, ()):
        if ("V" in t.pos and verb) or ("N" in t.pos and noun):
            return t, None
    return None


def clause_status(tok: Token, lex: Lexicon, triggers: dict[int, Trigger]) -> tuple[str, Token | None]:
    """Whether the event is told as having happened ("ok"), or is negated, hypothetical, or the content of
    another trigger ("governed": "called for talks", "threatened to strike"), with the governing word."""
    if is_verb(tok) and tok.dep_ != "relcl" and any(wh_phrase(c) for c in tok.children):
        return "hypothetical", None  # "to what extent the United States will defend its ally": a question
    if any(c.dep_ == "neg" or (c.dep_ == "det" and c.lower_ in ("no", "neither")) for c in tok.children):
        return "negated", None  # "would not accept": the negation, whatever the modal before it
    for c in tok.children:
        low = c.lower_
        if c.dep_ in ("aux", "auxpass") and low in lex.modals:
            return ("willing" if low in ("will", "shall", "'ll") else "hypothetical"), None
        if c.dep_ == "mark" and low in lex.conditional_marks:
            return "hypothetical", None
        if c.dep_ == "advmod" and low in lex.habitual_adverbs:
            return "hypothetical", None
    if tok.dep_ == "conj" and is_verb(tok) and is_verb(tok.head):
        return clause_status(tok.head, lex, triggers)
    if infinitive(tok) and any(c.dep_ == "mark" and c.lower_ == "for" for c in tok.children):
        return "hypothetical", None  # "a brief for the government to assist in the fight": a plan for another
    h = tok
    for level in range(4):
        if h.dep_ not in EMBEDDING or h.head.i == h.i:
            break
        parent = h.head
        plemma = parent.lemma_.lower()
        if parent.i in triggers and (
            h.dep_ in ("xcomp", "ccomp") or (level == 0 and h.dep_ == "dobj" and not is_verb(h))
        ):
            return "governed", parent
        if (
            level == 1
            and h.dep_ == "prep"
            and h.lower_ in ("for", "to", "of")
            and parent.i in triggers
            and ((tok.dep_ == "pobj" and not is_verb(tok)) or tok.dep_ == "pcomp")
        ):
            return "governed", parent  # "called for talks", "accused of aiding rebels"
        if (
            level == 0
            and h.dep_ == "acl"
            and is_noun(parent)
            and parent.dep_ == "dobj"
            and parent.head.i in triggers
            and is_verb(parent.head)
        ):
            return "governed", parent.head  # "lifted orders blocking X": what the lifting is of
        if negates(parent, lex) and h.dep_ in ("xcomp", "ccomp", "dobj", "pobj", "pcomp"):
            return "negated", parent
        if plemma in lex.uncertain_heads and h.dep_ in ("xcomp", "ccomp", "acl", "pcomp", "pobj", "dobj"):
            return "hypothetical", parent
        if plemma in lex.intending_heads and h.dep_ in ("xcomp", "ccomp", "dobj", "pobj", "acl", "pcomp"):
            return "willing", parent
        if (
            h.dep_ in ("xcomp", "advcl")
            and infinitive(h)
            and any(c.dep_ == "dobj" and c.lemma_.lower() in lex.intending_heads for c in parent.children)
        ):  # "underlined Iran's will to continue to cooperate": the noun's clause, hung on the verb
            return "willing", parent
        if h.dep_ == "xcomp" and any(c.dep_ == "aux" and c.lower_ in lex.modals for c in parent.children):
            return "hypothetical", parent
        if is_verb(parent) and parent.dep_ != "relcl" and any(wh_phrase(c) for c in parent.children):
            return "hypothetical", parent  # "in what way X will defend Y in its battle against Z"
        if is_verb(parent) and parent.lemma_.lower() in lex.speech_verbs:
            break
        if h.dep_ in ("xcomp", "advcl") and infinitive(h) and parent.dep_ == "acl" and parent.tag_ == "VBN":
            return "hypothetical", None  # "a plane used to help troops share intelligence": what it is for
        h = parent
    # A noun told through a light verb ("conducts bombings", "to carry out attacks") takes the verb's mood.
    verb = tok.head if tok.dep_ == "dobj" and not is_verb(tok) and is_verb(tok.head) else tok
    if verb is not tok and any(
        c.dep_ == "advmod" and c.lower_ in lex.habitual_adverbs for c in verb.children
    ):
        return "hypothetical", None  # "the group frequently conducts bombings": what it does, not a happening
    if infinitive(verb) and verb.dep_ in ("advcl", "acl", "relcl", "csubj"):
        return "hypothetical", None  # "bombs to carry out attacks": a purpose or a plan, not a happening
    if tok.tag_ == "VBG" and tok.dep_ in ("csubj", "csubjpass", "nsubj", "nsubjpass"):
        return "hypothetical", None  # "negotiating with armed groups is a crime": an activity in general
    return "ok", None


#: Verbs a past participle describes their subject through ("stand accused", "remain detained").
STATIVE_HEADS = frozenset({"stand", "remain", "stay", "be", "sit", "lie"})


def refused_purpose(tok: Token, lex: Lexicon) -> Token | None:
    """The negated verb whose purpose an infinitive is ("will not go to Moscow to meet X": the meeting is
    refused too), or None. Read by the coder, not in the typer's features, which keep the purpose
    hypothetical."""
    if not (infinitive(tok) and tok.dep_ == "advcl"):
        return None
    return tok.head if negates(tok.head, lex) else None


def negates(verb: Token, lex: Lexicon) -> bool:
    """Whether a word denies what hangs on it: a negating head ("refused", "denied") or one negated."""
    return verb.lemma_.lower() in lex.negating_heads or any(c.dep_ == "neg" for c in verb.children)


def light_verb_mood(tok: Token, lex: Lexicon) -> str | None:
    """The mood a noun takes from the modal of the light verb it is told through ("will begin a new military
    operation": announced; "could launch attacks": possible), or None."""
    verb = tok.head
    if tok.dep_ != "dobj" or is_verb(tok) or not is_verb(verb) or verb.lemma_.lower() not in lex.light_verbs:
        return None
    modal = next((c.lower_ for c in verb.children if c.dep_ == "aux" and c.lower_ in lex.modals), None)
    if modal is None:
        return None
    return "willing" if modal in ("will", "shall", "'ll") else "hypothetical"


def stative_passive(tok: Token) -> bool:
    """Whether a past participle with no subject of its own tells what was done to the subject of the verb
    it hangs on: "two soldiers stand accused of the bombing" (they are accused)."""
    return (
        tok.tag_ == "VBN"
        and tok.dep_ in ("advcl", "acomp", "oprd", "xcomp")
        and tok.head.lemma_.lower() in STATIVE_HEADS
        and not any(c.dep_ in ("nsubj", "nsubjpass") for c in tok.children)
    )


def wh_phrase(c: Token) -> bool:
    """Whether a verb's dependent asks ("to what extent", "in what way", "how"), making its clause a
    question."""
    if c.dep_ == "prep":
        return any(
            o.dep_ in ("pobj", "pcomp") and any(d.tag_ == "WDT" for d in o.children) for o in c.children
        )
    return c.dep_ == "advmod" and c.tag_ == "WRB" and c.lower_ in ("how", "why")


def subject_of(v: Token) -> Token | None:
    """The doer of a verb: its subject, a controlling verb's subject, or the noun a relative clause
    modifies (or that a sentence's main verb was misparsed as modifying)."""
    for _ in range(5):
        for c in v.children:
            if c.dep_ in SUBJECTS:
                if c.lower_ in RELATIVES and v.dep_ == "relcl":
                    return v.head
                return c
        if v.dep_ == "relcl":
            return v.head
        if v.dep_ == "acl" and v.tag_ == "VBD" and v.head.dep_ == "ROOT" and v.head.pos_ == "PROPN":
            return v.head  # "X, a former tycoon, called for ...": the parser hung the main verb on the name
        if v.dep_ in ("xcomp", "conj", "advcl", "acomp") and v.head.i != v.i:  # "is willing to help"
            v = v.head
            continue
        return None
    return None


def agent_of(v: Token) -> Token | None:
    for c in v.children:
        if c.dep_ == "agent":
            for p in c.children:
                if p.dep_ == "pobj":
                    return p
    return None


def objects(v: Token) -> list[Token]:
    """A verb's objects; the parser's dative "to" ("gave aid to X") is a preposition, its object found
    through it."""
    return [c for c in v.children if c.dep_ in OBJECTS and c.pos_ != "ADP"]


def pobjs(prep: Token) -> list[Token]:
    out = []
    for c in prep.children:
        if c.dep_ == "pobj":
            out.append(c)
        elif c.dep_ == "pcomp":  # "with visiting X"
            out.extend(g for g in c.children if g.dep_ in ("dobj", "pobj"))
    return out


def conjuncts(tok: Token) -> list[Token]:
    out = [tok]
    for c in tok.children:
        if c.dep_ == "conj" and is_noun(c):
            out.extend(conjuncts(c))
    return out


def members(tok: Token) -> list[Token]:
    """The named members a group is told by ("student groups including A, B and C"), else none."""
    if tok.pos_ != "NOUN":
        return []
    for c in tok.children:
        such_as = c.lower_ == "as" and c.i > 0 and c.nbor(-1).lower_ == "such"
        if c.dep_ == "prep" and (c.lower_ == "including" or such_as):
            named = [m for o in pobjs(c) for m in conjuncts(o) if m.pos_ == "PROPN"]
            if named:
                return named
    return []


def name_span(tok: Token, stops: set[int], limit: int) -> tuple[int, int]:
    """Token span of a participant's name: its subtree without clauses, conjuncts and other prepositions
    than "of", widened over a following run of proper nouns that the parser attached elsewhere."""
    keep = [tok]
    for c in tok.children:
        if (
            c.dep_ in NOT_NAME
            and not (c.dep_ == "prep" and c.lower_ == "of")
            and c.dep_ not in ("det", "case")
        ):
            continue
        keep.extend(c.subtree)
    start = min(t.i for t in keep)
    end = max(t.i for t in keep) + 1
    doc = tok.doc
    i = end
    while i < limit and i not in stops:
        t = doc[i]
        if (
            t.pos_ == "PROPN"
            or (t.text in "()" and len(t.text) == 1)
            or (t.pos_ == "PUNCT" and t.text == "-")
        ):
            i += 1
            continue
        break
    if i > end and doc[i - 1].text != "(":
        end = i
    while end > start + 1 and doc[end - 1].is_punct and doc[end - 1].text not in ")":
        end -= 1
    return start, end


def expand(tok: Token, stops: set[int], limit: int) -> list[Arg]:
    """The argument at a head token, split into its conjuncts (and the proper-noun groups after it)."""
    args = []
    for h in (m for c in conjuncts(tok) for m in members(c) or [c]):
        if h.i in stops or h.ent_type_ in ("DATE", "TIME"):
            continue  # "withdrew its ambassador on Friday": a day is no party
        s, e = name_span(h, stops, limit)
        args.append(Arg(h, s, e))
    if not args:
        return []
    # Names the parser ran together: "President A and Prime Minister B" as one compound.
    split: list[Arg] = []
    doc = tok.doc
    for a in args:
        start = a.start
        for k in range(a.start + 1, a.end - 1):
            if doc[k].lower_ == "and" and doc[k - 1].pos_ == "PROPN" and doc[k + 1].pos_ in ("PROPN", "ADJ"):
                split.append(Arg(doc[k - 1], start, k))
                start = k + 1
        split.append(Arg(a.head if start == a.start else doc[a.end - 1], start, a.end))
    args = split
    # A list the parser cut off: "A and Defense Minister B" after the last conjunct.
    last = args[-1]
    i = last.end
    sent_end = limit
    while i + 1 < sent_end and doc[i].lower_ == "and" and doc[i + 1].pos_ == "PROPN":
        j = i + 1
        while j < sent_end and j not in stops and doc[j].pos_ == "PROPN":
            j += 1
        if any(a.start <= i + 1 < a.end for a in args):
            break
        args.append(Arg(doc[j - 1], i + 1, j))
        i = j
    return args


def prep_objects(children: Iterable[Token], preps: frozenset[str], lex: Lexicon) -> list[Token]:
    """Objects of the recipient prepositions among `children`; one that also names a place ("protested at
    the university against the siege") names the recipient only where no other does ("protested outside
    the embassy")."""
    # "on" is no place here: it names the object of attacks and sanctions.
    found = [
        (c.lower_ in lex.place_preps and c.lower_ != "on", o)
        for c in children
        if (c.dep_ in ("prep", "prt") or (c.dep_ == "dative" and c.pos_ == "ADP")) and c.lower_ in preps
        for o in pobjs(c)
    ]
    elsewhere = [o for place, o in found if not place]
    return elsewhere or [o for _, o in found]


def recipients_of(v: Token, type_: str, lex: Lexicon, skip: Token | None, prep: Token | None) -> list[Token]:
    """Object, then the prepositional objects the type takes ("met with", "called on", "attack on"); for a
    two-word trigger ending in a preposition ("stand by", "call on") that preposition's object first."""
    if prep is not None and prep.dep_ in ("prep", "prt"):
        found = pobjs(prep)
        if not found and prep.dep_ == "prt":
            found = objects(v)
        if found:
            return found
    # "discussed China's role": a meeting's object is its topic, not a party.
    topic = type_ == "CONSULT" and v.lemma_.lower() in lex.topic_verbs
    objs = [c for c in objects(v) if (skip is None or c.i != skip.i) and not topic]
    preps = lex.recipient_preps.get(type_, frozenset())
    objs.extend(prep_objects(v.children, preps, lex))
    if skip is not None:  # "impose sanctions on X": the preposition hangs on the object noun
        objs.extend(prep_objects(skip.children, preps, lex))
    if not objs and type_ in ("REQUEST", "ACCUSE", "REJECT"):
        for c in v.children:  # "demanded that the government resign"; "pleading with X to drop Y"
            if c.dep_ == "ccomp" or (c.dep_ == "advcl" and infinitive(c) and type_ == "REQUEST"):
                objs.extend(s for s in c.children if s.dep_ in ("nsubj", "nsubjpass"))
            elif c.dep_ == "xcomp" and type_ == "REJECT":  # "refused to admit her son"
                objs.extend(o for o in c.children if o.dep_ == "dobj")
    return objs


def noun_args(n: Token, type_: str, lex: Lexicon) -> tuple[list[Token], list[Token], bool]:
    """Actor and recipient heads of a nominal trigger (possessor, "by", compounds, "with", "of", "on"), and
    whether any of them is an argument proper rather than a modifier or the clause's subject."""
    actors: list[Token] = []
    recips: list[Token] = []
    explicit = False
    patient = n.lemma_.lower() in PATIENT_NOUNS
    preps = lex.recipient_preps.get(type_, frozenset())
    for c in n.children:
        if c.dep_ == "poss":
            who = c
            if c.tag_ == "PRP$":  # "X said during his meeting", "forces continued their attacks": X, forces
                v = n.head.head if n.dep_ == "pobj" else n.head if n.dep_ == "dobj" else None
                s = subject_of(v) if v is not None and is_verb(v) else None
                if s is not None and (s.pos_ == "PROPN" or (s.pos_ == "NOUN" and c.lower_ == "their")):
                    who = s
            (recips if patient else actors).append(who)
            explicit = True
        elif (c.dep_ == "compound" and c.pos_ == "PROPN" and c.ent_type_ in NAMED) or (
            c.dep_ == "amod" and c.ent_type_ in ("NORP", "GPE")
        ):
            actors.append(c)
        elif c.dep_ == "prep" and c.lower_ == "by":
            actors.extend(pobjs(c))
            explicit = True
        elif c.dep_ == "prep" and (
            c.lower_ in preps or (type_ == "CONSULT" and c.lower_ == "with") or (patient and c.lower_ == "of")
        ):  # "the release of X": a happening done to someone names them with "of"
            found = pobjs(c)
            recips.extend(found)
            explicit = explicit or bool(found)
    # "began a new round of exercises", "launched a wave of attacks": the events stand where their count does.
    if n.dep_ == "pobj" and n.head.lower_ == "of" and n.head.head.lemma_.lower() in lex.container_nouns:
        n = n.head.head
    if not actors and n.dep_ in ("pobj", "dobj"):
        # "said during a meeting with X", "held a meeting with X": the clause's subject took part;
        # "suffered sanctions": the subject is on the receiving end.
        v = n.head.head if n.dep_ == "pobj" else n.head
        vl = v.lemma_.lower()
        light = n.dep_ == "dobj" and vl in lex.light_verbs
        # "after talks with X, he said": only a meeting has its subject take part from before or after it;
        # "spoke after the attack", "issued a statement on the release" tell of someone else's doing.
        took_part = ("during", "at", "in") + (("after", "on", "before") if type_ == "CONSULT" else ())
        during = n.dep_ == "pobj" and n.head.lower_ in took_part
        suffered = n.dep_ == "dobj" and vl in lex.suffer_verbs
        if is_verb(v) and (light or during or suffered):
            s = subject_of(v)
            if s is not None:
                (recips if suffered else actors).append(s)
                explicit = explicit or light or suffered
            if light and not recips:  # "launched an assault on X": the parser hangs "on X" on the verb
                recips.extend(prep_objects(v.children, preps, lex))
    return actors, recips, explicit


def candidates(sent: Span, lex: Lexicon, stops: set[int]) -> list[Candidate]:
    """Every trigger of a sentence with its status and its argument spans."""
    found: dict[int, tuple[Trigger, Token | None]] = {}
    for tok in sent:
        if tok.lemma_.lower() in lex.words:
            m = match(tok, lex)
            if m is not None:
                found[tok.i] = m
    asked = demands(sent, lex, stops, set(found))
    if not found:
        return asked
    consumed = {c.i for _, c in found.values() if c is not None}
    triggers = {i: t for i, (t, _) in found.items() if i not in consumed}
    # A demand governs what it asks for ("Chile must end raids on Peru"): no attack is told as done.
    above = {**triggers, **{c.trigger.i: c.entry for c in asked}}
    out = []
    for i, entry in triggers.items():
        tok = sent.doc[i]
        # "U.S.-backed", "rebels fighting X", "with visiting X": a description, not an event (but a document's
        # participle tells its event: "a decree granting citizenship", "a letter threatening to cut funds").
        if (
            tok.dep_ == "amod"
            or (tok.tag_ == "VBG" and tok.dep_ == "acl" and names_party(tok.head, lex))
            or (tok.tag_ == "VBG" and tok.dep_ == "pcomp" and tok.lemma_ == "visit")
        ):
            continue
        child = found[i][1]
        status, governor = clause_status(tok, lex, above)
        if entry.type == "REJECT" and any(
            c.dep_ == "xcomp" and c.lemma_.lower() in lex.silence_verbs and not answers(c)
            for c in tok.children
        ):
            status = "silent"  # "declined to comment": no refusal of anything, and no other reading
        cand = Candidate(tok, entry, entry.type, entry.mode, status, governor=governor)
        nominal = not is_verb(tok)
        cand.nominal = nominal
        if nominal:
            a_heads, r_heads, explicit = noun_args(tok, entry.type, lex)
            if not explicit:
                continue
        else:
            passive = any(c.dep_ in ("nsubjpass", "auxpass") for c in tok.children)
            stative = stative_passive(tok)
            cand.passive = passive or stative
            if passive or stative:
                a = agent_of(tok)
                a_heads = [a] if a is not None else []
                patients = tok.head.children if stative else tok.children
                r_heads = [
                    c
                    for c in patients
                    if c.dep_ in (("nsubj", "nsubjpass") if stative else ("nsubjpass",))
                    and (child is None or c.i != child.i)
                ]
                r_heads = [tok.head if r.lower_ in RELATIVES and tok.dep_ == "relcl" else r for r in r_heads]
                to = prep_objects(tok.children, lex.recipient_preps.get(entry.type, frozenset()), lex)
                if (
                    to
                    and passive
                    and r_heads
                    and not any(names_party(r, lex) or r.pos_ in ("PROPN", "PRON") for r in r_heads)
                ):
                    r_heads = to  # "documents were provided to the opposition": what is given is no party
            else:
                s = subject_of(tok)
                a_heads = [s] if s is not None else []
                r_heads = recipients_of(
                    tok,
                    entry.type,
                    lex,
                    child if entry.object_only else None,
                    None if entry.object_only else child,
                )
                giver = [o for c in tok.children if c.dep_ == "prep" and c.lower_ == "from" for o in pobjs(c)]
                if giver and tok.lemma_.lower() in lex.suffer_verbs:
                    # "received an award from X": X gives, the subject is given to
                    a_heads, r_heads = giver, a_heads
            cand.separately = any(c.lower_ in ("separately", "individually") for c in tok.children)
        cand.actors = [a for h in a_heads for a in expand(h, stops, sent.end)]
        cand.recipients = [a for h in r_heads for a in expand(h, stops, sent.end)]
        if not cand.separately and not nominal:  # the parser often hangs it on the last name
            cand.separately = any(
                t.lower_ in ("separately", "individually") for t in sent.doc[tok.i + 1 : sent.end]
            )
        out.append(cand)
    return out + asked


def answers(v: Token) -> bool:
    """Whether a verb of saying is a reply to something ("respond to a request from X"): refusing it refuses
    that."""
    return any(c.dep_ == "prep" and c.lower_ == "to" and pobjs(c) for c in v.children)


def demands(sent: Span, lex: Lexicon, stops: set[int], words: set[int]) -> list[Candidate]:
    """A reported "X must do Y" or "Y should be done" ("EU says intervention must be avoided") whose verb is
    no trigger word (those are `recode`d): the demand itself, a candidate that `recode` makes the speaker's
    REQUEST to the doer (see `demanded`)."""
    out = []
    for tok in sent:
        if tok.i in words or not is_verb(tok) or tok.dep_ not in ("ccomp", "conj"):
            continue
        if demanded(tok, lex) is None:
            continue
        entry = Trigger(tok.lemma_.lower(), tok.lemma_.lower(), None, False, "V", "REQUEST", None)
        cand = Candidate(tok, entry, "REQUEST", None, "hypothetical")
        cand.passive = any(c.dep_ in ("nsubjpass", "auxpass") for c in tok.children)
        doer = agent_of(tok) if cand.passive else subject_of(tok)
        cand.actors = expand(doer, stops, sent.end) if doer is not None else []
        out.append(cand)
    return out


def fallback(sent: Span, lex: Lexicon, loose: bool = False) -> Candidate | None:
    """The sentence's main verb as a candidate when no trigger word is there, for the model to type: a verb
    with both a subject and an object, the shape of a reported interaction; or, loose, the first main verb
    with either, else the sentence's root verb (the model's last resort)."""
    root = subj = None
    objs: list[Token] = []
    for v in sent:
        if not is_verb(v) or v.dep_ in ("amod", "acl", "relcl", "advcl", "pcomp"):
            continue
        s = subject_of(v)
        o = objects(v)
        o += [p for c in v.children if c.dep_ in ("prep", "dative") for p in pobjs(c)]
        if s is not None and o:
            root, subj, objs = v, s, o
            break
        if loose and root is None and (s is not None or o):
            root, subj, objs = v, s, o
    if loose and root is None and is_verb(sent.root):
        root, subj = sent.root, subject_of(sent.root)
        objs = objects(sent.root)
    if root is None or (subj is None and not loose):
        return None
    entry = Trigger(root.lemma_.lower(), root.lemma_.lower(), None, False, "V", "NONE", None)
    status, governor = clause_status(root, lex, {})
    cand = Candidate(root, entry, "NONE", None, status, governor=governor)
    cand.actors = expand(subj, set(), sent.end) if subj is not None else []
    cand.recipients = [a for o in objs[:1] for a in expand(o, set(), sent.end)]
    cand.passive = any(c.dep_ in ("nsubjpass", "auxpass") for c in root.children)
    if cand.passive:
        cand.actors, cand.recipients = cand.recipients, cand.actors
    return cand


def demanded(verb: Token, lex: Lexicon) -> Token | None:
    """The speech verb through which a reported "X must/should do Y" is a demand, or None: "must have given"
    is a guess about the past, "argues the border should run east" a view of what ought to be."""
    auxes = [c for c in verb.children if c.dep_ in ("aux", "auxpass")]
    if not any(a.lower_ in DEMAND_MODALS for a in auxes) or any(a.lemma_ == "have" for a in auxes):
        return None
    if verb_above(verb, lex.opinion_verbs) is not None:
        return None
    doer = subject_of(verb)
    if doer is not None and doer.lower_ in FIRST_PERSON:
        return None  # "we must see these attacks as a danger": a call on oneself asks no one
    return speech_head(verb, lex)


def speech_head(tok: Token, lex: Lexicon) -> Token | None:
    """The speech verb whose complement a clause is ("said that X must ..."), if any."""
    return verb_above(tok, lex.speech_verbs)


def verb_above(tok: Token, lemmas: frozenset[str]) -> Token | None:
    """The verb of one of these lemmas that a clause is the complement of, up to three clauses up (through
    a predicate adjective: "said it is ready to accept")."""
    h = tok
    for _ in range(3):
        if h.dep_ not in ("ccomp", "xcomp", "conj", "acomp") or h.head.i == h.i:
            return None
        h = h.head
        if is_verb(h) and h.lemma_.lower() in lemmas:
            return h
    return None


def opinion_of_another(tok: Token, lex: Lexicon) -> bool:
    """Whether a clause is someone's view of another party ("critics suggest Europe can't afford to defend
    Ukraine"): an opinion verb above it whose subject is not the clause's own (a pronoun may be either)."""
    h = verb_above(tok, lex.opinion_verbs)
    if h is None:
        return False
    holder, own = subject_of(h), subject_of(tok)
    if holder is None or own is None or "PRON" in (holder.pos_, own.pos_):
        return False
    return holder.lemma_.lower() != own.lemma_.lower()


def recode(c: Candidate, lex: Lexicon) -> bool:
    """What PLOVER codes for a trigger that is not told as done; False when nothing is coded.

    Refusing or failing to cooperate is a REJECT; an intention to cooperate, an AGREE; an announced
    material conflict ("will boycott"), a THREATEN; a reported "X must do Y", the speaker's REQUEST to X.
    A hypothetical or requested event is not coded (the requesting verb codes its own event)."""
    t = c.trigger
    if c.status == "ok":
        return True
    if c.status == "negated":
        if opinion_of_another(t, lex):
            return False
        if not c.actors and c.passive:
            return False  # "is not allowed to leave": a restriction told with no one who refuses
        if c.type in COOPERATIVE or (
            c.governor is not None and c.governor.lemma_.lower() in lex.negating_heads
        ):
            c.type, c.mode = "REJECT", None
            if not c.recipients:  # "does not allow agencies to go": the agencies are refused
                c.recipients = [
                    a
                    for h in recipients_of(t, "REJECT", lex, None, None)
                    for a in expand(h, set(), t.sent.end)
                ]
            return True
        return False
    # "must ensure security and provide aid": coordinated verbs share the modal of the first.
    verb = t.head if t.dep_ == "conj" and is_verb(t.head) else t
    modal = next(
        (
            x.lower_
            for v in (t, verb)
            for x in v.children
            if x.dep_ in ("aux", "auxpass") and x.lower_ in lex.modals
        ),
        None,
    )
    sh = (demanded(t, lex) or demanded(verb, lex)) if c.status == "hypothetical" else None
    if sh is not None:
        c.recipients = c.actors or c.recipients
        asker = subject_of(sh)
        c.actors = expand(asker, set(), t.sent.end) if asker is not None else []
        c.trigger_subject = sh
        c.type, c.mode = "REQUEST", None
        return True
    willing = c.status == "willing" or (modal == "would" and speech_head(t, lex) is not None)
    if willing:
        if c.type in COOPERATIVE:
            c.type, c.mode = "AGREE", None
            return True
        if c.type in MATERIAL_CONFLICT:
            c.type, c.mode = "THREATEN", None
            return True
        return c.status == "willing" and c.governor is None
    return False
