"""The word tables behind extraction and speaker resolution: the words of news text that cues,
roles, pronouns and descriptions are read from. (Tables for comparing names are in
:mod:`quotes.name_tables`.)

Each table says where it comes from. They were written by hand for this project from general
knowledge of English news style (reporting verbs and titles as wire services use them), checked
against the frequencies of cue words in annotated news (PolNeAR), never against single sentences.
"""

from __future__ import annotations

from .name_tables import COUNTRIES


# Speech acts that introduce reported speech: `X said (that) ...`, `..., X stressed`.
# Beliefs, wishes and intentions (believe, think, want, plan, hope, expect, feel, fear) are not
# quotes and are deliberately absent. Lemmas, as spaCy's English lemmatizer gives them.
SPEECH_VERBS = frozenset("""
say tell add state stress note warn announce deny insist explain claim argue report write
declare confirm reiterate emphasize emphasise underline underscore suggest acknowledge admit
assert maintain contend complain comment remark reply respond answer recall predict promise
pledge vow urge ask tweet post testify disclose reveal concede observe mention inform assure
caution accuse allege charge conclude indicate quip joke boast counter shout exclaim
affirm propose demand recommend advise brief lament proclaim retort rule
specify stipulate point criticize criticise blame denounce condemn describe call tout
""".split())

# Verbs that are speech only with a reported clause (`he continued: ...`, `she added that`).
COMPLEMENT_ONLY_VERBS = frozenset("continue go".split())

# Verbs that need a particle to be speech: `pointed out`, `called for`, `went on`.
PARTICLE_VERBS = {"point": {"out"}, "go": {"on"}, "call": {"for", "on"}}

# Verbs whose content is an object plus an infinitive (`urged Washington to honor ...`).
DIRECTIVE_VERBS = frozenset("urge ask call demand advise order tell warn encourage invite".split())

# Speech acts whose object is what was said (`called the plan "a disaster"`, `cited the
# figures`, `called for a ceasefire`): the object and what follows it are the content.
OBJECT_CONTENT_VERBS = frozenset("""
call cite criticize criticise describe mention claim pledge promise propose deny blame praise
reject defend demand announce acknowledge recommend denounce condemn dismiss label brand
accuse slam blast attack thank respond complain speak
""".split())
# Prepositions that introduce what a speech act is about (`called for`, `spoke of`, `complained
# about`, `described as`); others say where, when or to whom (`at a rally`, `spoke to Kerry`).
CONTENT_PREPOSITIONS = frozenset("for on about of as against over to with".split())
# ... except `to`/`with` after verbs where they name the listener (`spoke to Kerry`).
LISTENER_PREPOSITIONS = frozenset("to with".split())
LISTENER_VERBS = frozenset("speak talk complain explain write say mention describe".split())

# Nouns that report speech when a that-clause says what was said and someone owns them
# (`his claim that ...`, `a Daily Ledger report that ...`, `the warning by X that ...`).
NOMINAL_CUES = frozenset("""
claim report statement assertion allegation charge accusation warning promise pledge
announcement argument insistence suggestion admission denial remark comment testimony
""".split())

# Spoken commitments and proposals whose content is an infinitive or gerund (`vowed to bring
# back mining jobs`, `suggested looking at the bill`). Intentions (plan, intend, want) are not here.
COMMISSIVE_VERBS = frozenset("vow pledge promise propose suggest".split())
# Verbs of naming: speech when they give an object and what it is called.
NAMING_VERBS = frozenset("call label brand dub term".split())
OBJECT_DEPS = frozenset("dobj oprd xcomp attr prep dative".split())
# Speech verbs whose direct object is the person addressed, not what was said.
ADDRESSEE_VERBS = frozenset("tell ask inform brief assure answer thank urge advise warn remind".split())

# Verbs that report findings only when the subject is a document-like source (`the poll showed`).
FINDING_VERBS = frozenset("show find suggest indicate reveal estimate conclude read".split())
DOCUMENT_NOUNS = frozenset("""
poll survey study report data analysis research review investigation audit figures
statement release communique document letter memo filing complaint lawsuit indictment ruling
database
""".split())

# Nouns that name a statement issued by someone (`the statement read`, `in a statement`).
STATEMENT_NOUNS = frozenset("""
statement release communique announcement report document letter memo note message post tweet
""".split())

# Heads of noun phrases that are organisations even when NER misses them.
ORG_HEADS = frozenset("""
ministry department agency office government administration council committee commission
service services army military forces force command staff newspaper paper campaign
party company corporation court embassy kremlin pentagon parliament congress senate
authorities authority leadership bureau directorate
house police organization organisation group coalition center centre
team camp union network website site channel station bank firm university institute
foundation association board outlet magazine city county town
""".split())

# Heads of descriptions that point to a person (`the New York businessman`, `the senator`): a
# definite one with no role that fits goes to the most salient person. Source: the title table
# below plus the person nouns of US political and wire copy (PolNeAR cue subjects).
PERSON_HEADS = frozenset("""
man woman businessman businesswoman billionaire mogul tycoon nominee candidate politician
lawmaker legislator senator congressman congresswoman governor mayor president official
diplomat minister secretary spokesman spokeswoman spokesperson adviser advisor aide general
commander lawyer attorney judge justice prosecutor chairman chairwoman chief executive
leader founder author writer host actor actress singer star player coach doctor physician
economist analyst strategist expert activist veteran officer director ambassador envoy
father mother son daughter wife husband brother sister
""".split())

# Gendered role words: evidence for `he`/`she` (`the spokeswoman` is not the man just named).
GENDERED_ROLE_WORDS = {
    **{w: "f" for w in """spokeswoman congresswoman chairwoman businesswoman woman mother daughter
        wife sister actress queen princess lady councilwoman widow niece granddaughter grandmother
        stepdaughter stepmother ex-wife daughter-in-law sister-in-law""".split()},
    **{w: "m" for w in """spokesman congressman chairman businessman man father son husband
        brother actor king prince councilman widower nephew grandson grandfather stepson
        stepfather ex-husband son-in-law brother-in-law""".split()},
}

# Kinship words in a person's role (`Ivanka Trump, the nominee's eldest daughter`): a relative
# who may share the surname is about, so a bare surname is not taken to mean this person.
FAMILY_WORDS = frozenset("""
daughter son wife husband mother father brother sister niece nephew widow widower cousin
grandson granddaughter grandfather grandmother stepdaughter stepson stepmother stepfather
ex-wife ex-husband in-law daughter-in-law son-in-law brother-in-law sister-in-law
""".split())

# The last word of a person's outfit (`the Clinton campaign`, `the Trump team`, `Sanders camp`):
# one body whichever of these words, and whichever form of the person's name, is used.
CAMPAIGN_WORDS = frozenset("campaign team camp".split())

# Determiners after which a description does not point back to someone named: indefinites, and
# first- and second-person possessives (`my father` is the writer's, not the last man named).
NON_ANAPHORIC_DETERMINERS = frozenset("a an some any no another every each my our your".split())

# Things that speak for whoever owns them: `Mr. Quinn's letter said` is Quinn speaking, while
# `Mr. Quinn's allies said` is not. Source: the document and statement tables above, plus the
# media forms of campaign and court copy.
OWNED_SPEECH_NOUNS = STATEMENT_NOUNS | DOCUMENT_NOUNS | frozenset("""
brief book ad advert advertisement account speech remarks interview submission video clip
op-ed article column blog website site page campaign email e-mail letter tweet response reply
answer comment comments testimony
""".split())

# Party words in descriptions and roles: `the GOP nominee` cannot be the Libertarian nominee.
# Source: the parties of US and UK political copy and their usual short forms.
PARTY_WORDS = {
    "republican": "republican", "gop": "republican", "democratic": "democratic",
    "democrat": "democratic", "libertarian": "libertarian", "green": "green",
    "conservative": "conservative", "tory": "conservative", "labour": "labour",
}

# Words in an organisation's name that show what kind of body it is, for a description by kind:
# `the agency` is the Congressional Budget Office, `the union` the United Mine Workers. A head
# not listed here fits names that contain the head itself (`the ministry`, `the court`).
# Source: the generic heads above and the usual name endings of US and UK bodies and outlets.
ORGANISATION_KIND_WORDS: dict[str, frozenset[str]] = {
    head: frozenset(words.split()) for head, words in {
        "agency": "agency office bureau administration service department commission board "
                  "authority investigations",
        "union": "union workers association federation brotherhood teamsters guild",
        "network": "network news tv television broadcasting channel cnn msnbc nbc abc cbs fox bbc",
        "newspaper": "times post journal herald tribune gazette telegraph guardian chronicle "
                     "globe daily newspaper",
        "paper": "times post journal herald tribune gazette telegraph guardian chronicle globe "
                 "daily newspaper",
        "outlet": "times post journal herald tribune news network tv",
        "company": "inc inc. corp corp. co co. company corporation llc ltd holdings group",
        "firm": "inc inc. corp corp. co co. company corporation llc ltd holdings group partners",
        "university": "university college",
    }.items()
}

# Heads that speak for a body: `a spokesman for the ministry` speaks as the ministry.
SPOKESPERSON_HEADS = frozenset("spokesman spokeswoman spokesperson representative".split())

PERSON_PRONOUNS = {"he": "m", "she": "f", "him": "m", "her": "f", "his": "m"}

# Generic sources that are never resolved to a named speaker.
GENERIC_SOURCE_HEADS = frozenset("""
source sources official officials expert experts analyst analysts observer observers people
witness witnesses residents critics supporters aides aide insiders someone many some others
""".split())

# Description words and the role words that fit them: `the high-ranking diplomat` goes to the
# latest person whose role contains one of these. A head not listed here fits roles that
# contain the head itself (`the senator` ↔ `Senator`).
DESCRIPTION_FITS: dict[str, tuple[str, ...]] = {
    "diplomat": ("foreign minister", "secretary of state", "ambassador", "envoy", "diplomat",
                 "foreign ministry", "foreign affairs", "consul"),
    "minister": ("minister",),
    "official": ("minister", "secretary", "spokesman", "spokeswoman", "spokesperson", "official",
                 "director", "chief", "head", "deputy", "ambassador", "envoy", "commander",
                 "general", "adviser", "advisor", "aide", "president", "governor", "senator",
                 "representative", "mayor", "press secretary", "department", "ministry"),
    "spokesman": ("spokesman", "spokeswoman", "spokesperson", "press secretary"),
    "spokeswoman": ("spokesman", "spokeswoman", "spokesperson", "press secretary"),
    "spokesperson": ("spokesman", "spokeswoman", "spokesperson", "press secretary"),
    "general": ("general", "commander", "chief of"),
    "commander": ("commander", "general"),
    "candidate": ("candidate", "nominee"),
    "nominee": ("nominee", "candidate"),
    "lawmaker": ("senator", "representative", "congressman", "congresswoman", "lawmaker", "mp"),
    "leader": ("leader", "president", "prime minister", "chairman", "head"),
}

# Title words: a token of a name's premodifier or appositive that makes it a role. From
# `superintendent` on: the written-out ranks of ROLE_ABBREVIATIONS (AP "military titles"), then
# the occupations and offices news copy gives before names and in appositives (`Marseille
# prosecutor Brice Robin`, `X, a senior fellow at Y`), from the AP Stylebook "titles" entry and
# the heads of speaker appositives in PolNeAR dev and news-20k. Words that are also common
# first names or surnames (dean, bishop, marshal, cardinal, driver) are left out, as they would
# read as titles inside names (`Dean Baker`).
ROLE_WORDS = frozenset("""
minister secretary spokesman spokeswoman spokesperson president vice prime chief head deputy
director ambassador envoy general commander lieutenant colonel major admiral adviser advisor
aide official chairman chairwoman chair governor senator sen. rep. representative congressman
congresswoman mayor leader candidate nominee speaker judge justice attorney counsel
professor analyst economist strategist manager founder ceo executive officer
press correspondent editor reporter chancellor king queen prince emir sheikh pope
diplomat consul lawmaker mp member councilman councilwoman commissioner inspector
superintendent sergeant captain corporal brigadier ensign detective delegate monsignor
specialist
prosecutor lawyer sheriff trooper assemblyman assemblywoman legislator alderman supervisor
treasurer comptroller auditor administrator provost veteran fellow researcher scientist
historian author columnist commentator pollster consultant lobbyist activist organizer coach
owner publisher anchor host producer physician surgeon doctor chaplain archbishop rabbi imam
pastor priest cleric ayatollah partner cfo coo principal lecturer scholar expert negotiator
operative staffer investigator ombudsman banker investor entrepreneur businessman businesswoman
premier councillor councilor whip chairperson trustee regent commandant warden monarch sultan
contender challenger incumbent hopeful surrogate nurse teacher student engineer firefighter
agent journalist photographer filmmaker actor actress musician artist writer novelist comedian
athlete epidemiologist psychologist psychiatrist physicist demographer developer designer
programmer worker employee accountant architect contractor counselor therapist dentist
pharmacist veterinarian mechanic soldier volunteer campaigner advocate mogul tycoon magnate
""".split())
# Endings of occupation nouns the list above does not name: `criminologist`, `pediatrician`,
# `choreographer`. Source: English agent-noun suffixes of professions; `-ist` and `-er` are
# left out, as they also end verbs and common nouns (`insist`, `letter`).
ROLE_SUFFIXES = ("ologist", "ician", "ographer")

# Title words that make a role only with another word before them or an of-phrase after them
# (`senior fellow`, `member of the board`, `press secretary`): `fellow Coloradan X`, `the
# press` are not roles.
ROLE_WORDS_NOT_ALONE = frozenset("fellow member vice prime press".split())

# Abbreviated titles written out for readers: `Gov.` -> `Governor`. Keys are lower-case as
# written before a name, with the period. Source: AP Stylebook, "abbreviations and acronyms",
# "titles" and "military titles" (Army, Navy, Air Force, Marine Corps and Coast Guard ranks),
# plus `Atty.`, `Supt.`, `Sec.`, `Dist.` as US papers write them (`Atty. Gen.`, `Dist. Atty.`).
ROLE_ABBREVIATIONS: dict[str, str] = {
    "sen.": "Senator", "sens.": "Senators", "rep.": "Representative", "reps.": "Representatives",
    "gov.": "Governor", "govs.": "Governors", "lt.": "Lieutenant", "atty.": "Attorney",
    "gen.": "General", "sec.": "Secretary", "secy.": "Secretary", "supt.": "Superintendent",
    "adm.": "Admiral", "brig.": "Brigadier", "capt.": "Captain", "cmdr.": "Commander",
    "cdr.": "Commander", "comdr.": "Commander", "col.": "Colonel", "maj.": "Major",
    "sgt.": "Sergeant", "cpl.": "Corporal", "pvt.": "Private", "pfc.": "Private First Class",
    "spc.": "Specialist", "ens.": "Ensign", "amb.": "Ambassador", "asst.": "Assistant",
    "assoc.": "Associate", "dist.": "District", "det.": "Detective", "insp.": "Inspector",
    "pres.": "President", "del.": "Delegate", "msgr.": "Monsignor",
}

# Words that open a phrase in front of a title but are no part of it: conjunctions, sentence
# adverbs, determiners, possessives and prepositions the parser leaves on a premodifier or an
# appositive (`But Attorney General`, `As President`, `his spokesman`, `Thursday US Secretary`).
# Source: the openers of roles stored from PolNeAR dev and 1,000 news-20k articles.
ROLE_OPENERS = frozenset("""
but and or nor so yet when while as meanwhile then also if after before because though
although however still now even indeed instead plus like both either neither only just
frankly already once since until unless whereas where who whom whose which said says
what how why whether monday tuesday wednesday thursday friday saturday sunday today
yesterday tonight
the a an this that these those another each every some any such
his her their its our my your
by from with to for of at in on into including among under than about
""".split())

# Words that open a rank (`Vice Adm.`, `Rear Adm.`): after another title they are the name's
# own rank, not the role (`Joint Staff Director Vice Adm.`). Source: AP "military titles".
RANK_MODIFIERS = frozenset("vice rear".split())

# Honorifics that precede names and carry gender: `Mr. Trump`, `Mrs. Clinton`.
HONORIFIC_GENDER = {"mr": "m", "mr.": "m", "mrs": "f", "mrs.": "f", "ms": "f", "ms.": "f",
                    "miss": "f", "sir": "m", "lady": "f", "madam": "f"}

# --- Titles that are no role ----------------------------------------------------------------
# (the tables for comparing names, titles inside names, spellings, countries and organisation
# forms, are in quotes.name_tables.)
# Courtesy titles: stripped from a person's name for matching, and say nothing about the role.
# Source: AP Stylebook courtesy titles plus the abbreviations seen in wire copy (TASS, Reuters).
COURTESY_TITLES: frozenset[str] = frozenset(
    {"mr", "mrs", "ms", "miss", "mx", "dr", "prof", "professor", "sir", "dame", "rev", "madam"}
)

# Words that point to a country, for speakers' affiliations: the one-word names and adjectives
# of quotes.name_tables.COUNTRIES (the table speaker merging uses), plus capitals and bodies that
# stand for their state in wire copy, and a few unions and alliances.
_STANDS_FOR = {
    "moscow": "Russia", "kremlin": "Russia", "washington": "United States",
    "pentagon": "United States", "mexican": "Mexico", "european": "European Union",
    "eu": "European Union", "un": "United Nations", "u.n.": "United Nations", "nato": "NATO",
}


def _nationality_words() -> dict[str, str]:
    words = {}
    for country, *names_of_it in COUNTRIES:
        for name in (country, *names_of_it):
            if " " not in name:
                words[name.lower()] = country
    words.update({f"{w}{s}": c for w, c in list(words.items()) for s in ("'s", "’s")})
    words.update(_STANDS_FOR)
    return words


NATIONALITY: dict[str, str] = _nationality_words()


# --- Cue classes: what the reporting words say about the statement -------------------------
# Each reporting cue (by lemma, as quotes.cue_class reads it from the cue as written) gets one
# class, stored in quotes.cue_class. Sources:
# - "said" as the neutral default: the AP Stylebook entry "said" ("said is almost always the
#   best choice") and the Reuters Handbook of Journalism entry "said" (verbs such as "claimed"
#   or "admitted" carry a judgement the reporter may not intend).
# - directive, commitment, expressive: the illocutionary classes of J. R. Searle, "A
#   classification of illocutionary acts", Language in Society 5(1), 1976 (directives,
#   commissives, expressives).
# - hedged, conceding, assertive, critical: the evaluation reporting verbs carry in news, after
#   S. Bergler, "Evidential analysis of reported speech", PhD thesis, Brandeis University, 1992
#   (reporting verbs signal the reporter's and the source's commitment), G. Thompson and Y. Ye,
#   "Evaluation in the reporting verbs used in academic papers", Applied Linguistics 12(4), 1991
#   (factive, counter-factive and non-factive verbs), and C. R. Caldas-Coulthard, "On reporting
#   reporting", in Advances in Written Text Analysis, Routledge 1994 (neutral, descriptive and
#   metapropositional verbs).
# - denying, announcing and warning are split off for news copy, where denials, disclosures and
#   warnings are frequent and asked for by fact-checkers.
# The lemmas are every lemma SPEECH_VERBS, COMPLEMENT_ONLY_VERBS, PARTICLE_VERBS, NOMINAL_CUES,
# STATEMENT_NOUNS, FINDING_VERBS and OBJECT_CONTENT_VERBS can produce as a cue (a test checks
# that none is missing), plus `according to`.
CUE_CLASSES: dict[str, frozenset[str]] = {
    name: frozenset(lemma.strip() for lemma in lemmas.split(",")) for name, lemmas in {
        "neutral": "say, tell, add, state, note, comment, remark, mention, report, write, tweet, "
                   "post, explain, describe, speak, talk, reply, respond, answer, recall, observe, "
                   "inform, brief, specify, indicate, continue, go, go on, read, according to, "
                   "statement, release, communique, document, letter, memo, note, message, show, "
                   "find, conclude, cite, testimony, testify, call, label, dub, term, "
                   "brand, remark, comment, response, point",
        "assertive": "stress, insist, emphasize, emphasise, underline, underscore, assert, maintain, "
                     "declare, affirm, reiterate, proclaim, point out, assure, argue, contend, "
                     "insistence, assertion, argument, stipulate, rule",
        "hedged": "claim, allege, suggest, suggestion, allegation, purport, speculate, predict, "
                  "estimate",
        "conceding": "admit, acknowledge, concede, admission, confess, grant",
        "denying": "deny, denial, reject, dismiss, counter, retort, refute, rebut",
        "directive": "urge, ask, call for, call on, demand, recommend, advise, propose, order, "
                     "encourage, invite, request, appeal",
        "commitment": "vow, promise, pledge, guarantee, swear, commit",
        "critical": "accuse, accusation, charge, criticize, criticise, blame, denounce, condemn, "
                    "slam, blast, attack, lambast, complain, lament, decry",
        "expressive": "boast, joke, quip, shout, exclaim, praise, thank, tout, defend",
        "announcing": "announce, announcement, confirm, disclose, reveal, unveil",
        "warning": "warn, warning, caution, threaten",
    }.items()
}
