"""Italian text pools for the demo data: what educators and social workers really write, never
lorem ipsum, each sentence where it belongs.

A `Line` says for which ages of the child it fits (in years, at the day it is written) and,
when it matters, for which services and kinds of entry, and whether only an educator writes it
(an activity with the child, not an observation any operator makes). What a sentence mentions
decides the rest (`needs`): a sentence about the mother only where there is a mother (at home,
for what is seen at home), about the foster carers only in an affido, about "l'assistente
sociale" only in an educator's entry, about the court only where there is a measure. The school
words follow the age bands: 0-2 nido, 3-5 scuola dell'infanzia, 6-10 primaria, 11-13 secondaria
di primo grado, 14-17 secondaria di secondo grado or formazione professionale, 18-21
neomaggiorenni.

Placeholders: `{nome}` the child's first name, `{o}` the child's gender ending (sereno /
serena, lo / la), `{la}` the article after "del" (del / della), `{figlio}` (figlio / figlia),
`{ora}` a time of the visit; `{op}`, `{Op}`, `{all_op}`, `{dall_op}`, `{dell_op}` the operator
who writes (l'educatrice, l'educatore, l'assistente sociale); `{genitore}`, `{Genitore}`,
`{al_genitore}`, `{dal_genitore}`, `{del_genitore}`, `{g}` the parent met in the neutral space
and his or her gender ending; `{ritardo}` minutes late; `{da_chi}` who brings the child to the
meeting; `{il_minore}`, `{del_minore}` the child in a decree.

The plain views at the end (`NOTES_GENERAL`, `NOTES_BY_KIND`, `FACTS`, …) keep the sentences
that need only the first five placeholders, for the benchmarks that write synthetic notes."""

from __future__ import annotations

import re
import string
from dataclasses import dataclass
from functools import cache

from minorifamiglie.domain.enums import Service, VisitKind

K = VisitKind
S = Service
EDUCATIONAL = frozenset(
    {S.ADM, S.TUTORING, S.FACILITATED_MEETINGS, S.CARE_LEAVERS, S.FRAGILE_FAMILIES}
)
IN_PERSON = frozenset({K.HOME_VISIT, K.FACILITATED_MEETING, K.INTERVIEW, K.ACCOMPANIMENT, K.SCHOOL})


@dataclass(frozen=True, slots=True)
class Line:
    """A sentence and where it fits."""

    text: str
    lo: int = 0  # the child's age in years, from
    hi: int = 21  # to, both included
    services: frozenset[Service] | None = None  # None: any
    kinds: frozenset[VisitKind] | None = None  # None: any
    edu: bool = False  # an educational activity: only an educator writes it
    tags: frozenset[str] = frozenset()  # facts of the case it needs besides those it mentions


def L(
    text: str,
    lo: int = 0,
    hi: int = 21,
    *,
    services: tuple[Service, ...] | None = None,
    kinds: tuple[VisitKind, ...] | None = None,
    edu: bool = False,
    tags: tuple[str, ...] = (),
) -> Line:
    return Line(
        text,
        lo,
        hi,
        None if services is None else frozenset(services),
        None if kinds is None else frozenset(kinds),
        edu,
        frozenset(tags),
    )


# What a sentence mentions, and the fact of the case it then needs.
_MENTIONS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("mother", re.compile(r"\b(madre|mamma)\b", re.IGNORECASE)),
    ("father", re.compile(r"\b(padre|papà)\b", re.IGNORECASE)),
    ("parents", re.compile(r"\bgenitori\b", re.IGNORECASE)),
    ("parent", re.compile(r"\bgenitore\b|\{(genitore|Genitore|al_genitore|dal_genitore)\}")),
    ("siblings", re.compile(r"\b(fratell|sorell)\w*", re.IGNORECASE)),
    ("foster", re.compile(r"affidatari\w*|famiglia affidataria", re.IGNORECASE)),
    ("educator", re.compile(r"assistente sociale|informato il servizio sociale", re.IGNORECASE)),
    ("social_worker", re.compile(r"\bl'educat(rice|ore)\b", re.IGNORECASE)),
    ("court", re.compile(r"Tribunale|decreto", re.IGNORECASE)),
    ("foreign", re.compile(r"permesso di soggiorno|mediatric|mediatore|in Italia|Questura")),
)


@cache
def needs(line: Line) -> frozenset[str]:
    """The facts of the case a sentence needs: what it mentions, and its tags."""
    found = {fact for fact, pattern in _MENTIONS if pattern.search(line.text)}
    return frozenset(found) | line.tags


def fits(
    line: Line,
    age: int,
    service: Service,
    facts: frozenset[str],
    kind: VisitKind | None = None,
) -> bool:
    """Whether a sentence fits a child of that age, in that service, in a case with those
    facts ("mother", "father", "siblings", "foster", "educator", …), in that kind of entry."""
    return (
        line.lo <= age <= line.hi
        and (line.services is None or service in line.services)
        and (line.kinds is None or kind is None or kind in line.kinds)
        and (not line.edu or "educator" in facts)
        and needs(line) <= facts
    )


def band(age: int) -> str:
    """The age band that decides school words: nido, infanzia, primaria, medie, superiori,
    adulti."""
    if age <= 2:
        return "nido"
    if age <= 5:
        return "infanzia"
    if age <= 10:
        return "primaria"
    if age <= 13:
        return "medie"
    if age <= 17:
        return "superiori"
    return "adulti"


# ------------------------------------------------------------------------------ places

# The municipalities of each Ambito (a selection): where families live and children were born.
COMUNI: dict[str, tuple[str, ...]] = {
    "BG": ("Bergamo", "Gorle", "Orio al Serio", "Ponteranica", "Sorisole", "Torre Boldone"),
    "DAL": ("Dalmine", "Stezzano", "Osio Sotto", "Treviolo", "Lallio", "Levate", "Zanica"),
    "SER": ("Seriate", "Pedrengo", "Scanzorosciate", "Grassobbio", "Albano Sant'Alessandro"),
    "GRU": ("Grumello del Monte", "Telgate", "Castelli Calepio", "Chiuduno", "Bolgare"),
    "VCA": ("Trescore Balneario", "Casazza", "Endine Gaiano", "Borgo di Terzo", "Zandobbio"),
    "MBS": ("Sarnico", "Villongo", "Predore", "Adrara San Martino", "Credaro"),
    "ASE": ("Lovere", "Costa Volpino", "Castro", "Rogno"),
    "VSE": ("Albino", "Nembro", "Alzano Lombardo", "Gazzaniga", "Ranica", "Vertova"),
    "VSS": ("Clusone", "Rovetta", "Ardesio", "Castione della Presolana", "Vilminore di Scalve"),
    "VBR": ("Zogno", "San Pellegrino Terme", "San Giovanni Bianco", "Piazza Brembana", "Serina"),
    "VIM": ("Sant'Omobono Terme", "Almè", "Villa d'Almè", "Almenno San Salvatore", "Berbenno"),
    "ISO": ("Ponte San Pietro", "Bonate Sopra", "Brembate di Sopra", "Suisio", "Calusco d'Adda"),
    "TRE": ("Treviglio", "Caravaggio", "Arcene", "Brignano Gera d'Adda", "Calvenzano"),
    "ROM": ("Romano di Lombardia", "Martinengo", "Cologno al Serio", "Covo", "Ghisalba"),
}
# Birthplaces for codici fiscali: mostly the hospitals of the province; some parents were born
# elsewhere in Italy.
BIRTH_HOSPITALS = ("Bergamo", "Seriate", "Ponte San Pietro", "Alzano Lombardo", "Treviglio")
ITALIAN_CITIES = ("Milano", "Brescia", "Napoli", "Palermo", "Bari", "Catania")
# Streets as the province names them (people's surnames are never used for streets).
STREETS = (
    "Via Roma", "Via Garibaldi", "Via Papa Giovanni XXIII", "Via Marconi", "Via Kennedy",
    "Via Don Bosco", "Via Dante", "Via XXV Aprile", "Via IV Novembre", "Via Matteotti",
    "Via Volta", "Via San Francesco", "Via Fiume", "Via Trento", "Via Bergamo", "Via Brescia",
    "Via dei Mille", "Via Europa", "Via Monte Grappa", "Via Carducci", "Via Pascoli",
    "Via Camozzi", "Via Tasso", "Via Don Milani", "Via della Repubblica", "Viale Italia",
    "Piazza della Libertà", "Via Sant'Alessandro", "Via dei Gelsi", "Via delle Rose",
)  # fmt: skip
COMMUNITY_ADDRESS = "Comunità educativa per minori"
AUTONOMY_FLAT = "Appartamento per l'autonomia"

SCHOOL_PLACES: dict[str, tuple[str, ...]] = {
    "nido": ("Asilo nido",),
    "infanzia": ("Scuola dell'infanzia",),
    "primaria": ("Scuola primaria",),
    "medie": ("Scuola secondaria di primo grado",),
    "superiori": ("Istituto superiore", "Centro di formazione professionale"),
    "adulti": ("Centro di formazione professionale",),
}
MEETING_PLACES = ("Spazio neutro", "Spazio incontri del consultorio")
INTERVIEW_PLACES = ("Sede del Servizio Tutela Minori", "Sede del servizio sociale comunale")
OFFICE_PLACES = {
    "educator": "Sede della cooperativa",
    "social_worker": "Sede del Servizio Tutela Minori",
}
FOSTER_HOME = "Domicilio della famiglia affidataria"
HOME = "Domicilio"

# The places by kind of entry, for the benchmarks (the demo picks them by age and service).
PLACES: dict[VisitKind, tuple[str, ...]] = {
    K.HOME_VISIT: (HOME,),
    K.FACILITATED_MEETING: MEETING_PLACES,
    K.INTERVIEW: INTERVIEW_PLACES,
    K.ACCOMPANIMENT: ("Esterno", "Centro per l'Impiego", "Ambulatorio ASST"),
    K.SCHOOL: ("Scuola primaria", "Scuola secondaria di primo grado"),
    K.PHONE_CALL: ("",),
    K.TEAM_MEETING: ("Sede del Servizio Tutela Minori",),
    K.REPORT_WRITING: ("Sede della cooperativa",),
}

# ------------------------------------------------------------------------------ case files

CASE_TITLES: dict[Service, tuple[str, ...]] = {
    S.TUTELA: ("Tutela minore", "Indagine psicosociale", "Vigilanza sul nucleo"),
    S.AFFIDO: ("Affido familiare", "Progetto di affido", "Affido e rientro in famiglia"),
    S.ADM: ("Sostegno educativo domiciliare", "ADM", "Intervento educativo a domicilio"),
    S.TUTORING: ("Tutoring scolastico", "Sostegno allo studio", "Tutoring e orientamento"),
    S.FACILITATED_MEETINGS: ("Incontri protetti", "Incontri facilitati genitore-figli"),
    S.CARE_LEAVERS: ("Progetto di autonomia", "Accompagnamento all'autonomia"),
    S.FRAGILE_FAMILIES: ("Sostegno alla genitorialità", "Famiglia fragile"),
}

# The situation at the referral; ages are the child's at the opening of the case.
_COMMON_SUMMARIES = (
    L("Nucleo monoparentale; la madre lavora su turni e fatica a seguire {nome} nei compiti.",
      6, 17, tags=("single_mother",)),
    L("Famiglia con difficoltà economiche e abitative, seguita anche dal CPS per la madre."),
    L("Nucleo arrivato da poco in Italia; barriere linguistiche, buona disponibilità.",
      tags=("foreign_recent",)),
    L("Accesso spontaneo della madre al segretariato sociale per difficoltà educative.", 3, 17),
    L("Padre detenuto; la madre chiede supporto nella gestione quotidiana.",
      tags=("father_away",)),
)  # fmt: skip
SUMMARY_LINES: dict[Service, tuple[Line, ...]] = {
    S.TUTELA: (
        L("Decreto del Tribunale per i Minorenni di Brescia con affidamento al servizio sociale."),
        L("Situazione di trascuratezza segnalata dal pediatra di libera scelta.", 0, 10),
        L("Rientro in famiglia dopo un periodo in comunità educativa; monitoraggio del rientro.",
          3, 17),
        L("Segnalazione delle forze dell'ordine dopo un intervento per lite in famiglia.",
          tags=("parents_home",)),
        L("Segnalazione della scuola per lividi notati dalle insegnanti; indagine in corso.",
          4, 14),
        L("Presa in carico su segnalazione; valutazione psicosociale del nucleo in corso."),
        *_COMMON_SUMMARIES,
    ),
    S.AFFIDO: (
        L("Affido presso i parenti; genitori con dipendenze in trattamento al SerD.",
          tags=("intra",)),
        L("Affido etero-familiare dopo un periodo in comunità; incontri con la madre in corso.",
          2, 17, tags=("hetero", "residential", "met_mother")),
        L("Affido part-time a sostegno di una madre sola con orari di lavoro serali.",
          tags=("part_time", "single_mother")),
        L("Affido residenziale dopo la dimissione dall'ospedale; valutazione della madre in corso.",
          0, 1, tags=("residential",)),
        L("Progetto di affido condiviso con la famiglia per un periodo di difficoltà del nucleo."),
    ),
    S.ADM: (
        L("Segnalazione della scuola per frequenti assenze e ritardi; rete familiare scarsa.",
          6, 16),
        L("Disturbo specifico dell'apprendimento certificato; genitori collaboranti.", 7, 16),
        L("Difficoltà dei genitori nel porre regole; {nome} trascorre molte ore da sol{o}.",
          9, 16, tags=("parents_home",)),
        L("Segnalazione del pediatra per ritardo nel linguaggio; la madre fatica a organizzare "
          "la giornata.", 2, 5),
        L("Madre sola con più figli piccoli; sostegno nella gestione delle routine.",
          0, 8, tags=("single_mother", "siblings")),
        L("Intervento educativo domiciliare attivato dal Servizio Tutela Minori."),
        *_COMMON_SUMMARIES,
    ),
    S.TUTORING: (
        L("Dispersione scolastica alle medie; progetto condiviso con la scuola e l'oratorio.",
          11, 14),
        L("Disturbo specifico dell'apprendimento certificato; genitori collaboranti.", 8, 17),
        L("Bocciatura nell'ultimo anno; sostegno allo studio e alla motivazione.", 12, 17),
        L("Difficoltà con la lingua italiana dopo l'arrivo recente; sostegno ai compiti.",
          8, 17, tags=("foreign_recent",)),
        L("Abbandono del primo anno di istituto professionale; riorientamento in corso.", 14, 17),
        L("Difficoltà di concentrazione e nell'organizzazione dei compiti segnalate dalla scuola.",
          8, 13),
        L("Difficoltà negli apprendimenti segnalate dalla scuola; sostegno allo studio.", 6, 17),
    ),
    S.FACILITATED_MEETINGS: (
        L("Conflittualità elevata tra i genitori separati, incontri regolamentati dal Tribunale.",
          tags=("separated",)),
        L("Incontri protetti con il padre dopo un lungo periodo senza contatti.",
          tags=("met_father",)),
        L("{nome} vive in {presso}; incontri facilitati con la madre ogni due settimane.",
          tags=("community", "met_mother")),
        L("Padre residente fuori provincia; incontri facilitati mensili in spazio neutro.",
          tags=("met_father",)),
        L("Incontri in spazio neutro disposti dal Tribunale per i Minorenni di Brescia.",
          tags=("juvenile_court",)),
        L("Incontri in spazio neutro per riprendere la relazione con il genitore non convivente."),
    ),
    S.CARE_LEAVERS: (
        L("Uscita dalla comunità al compimento dei diciotto anni, prosieguo amministrativo in "
          "corso.", tags=("court",)),
        L("Neomaggiorenne in appartamento per l'autonomia; tirocinio in corso."),
        L("Ex minore straniero non accompagnato; percorso di inserimento lavorativo.",
          tags=("msna",)),
        L("Conclusione dell'affido alla maggiore età; accompagnamento all'autonomia abitativa."),
    ),
    S.FRAGILE_FAMILIES: (
        L("Genitori molto giovani, supporto nella cura del neonato e nell'organizzazione "
          "domestica.", 0, 1, tags=("young_parents", "parents_home")),
        L("Famiglia numerosa con un solo reddito; sostegno nella gestione della casa.",
          tags=("siblings", "parents_home")),
        L("Madre sola arrivata da poco in Italia; sostegno nella rete dei servizi.",
          tags=("foreign_recent", "single_mother")),
        L("Segnalazione del consultorio per fatica della madre dopo la nascita del secondo figlio.",
          0, 3, tags=("siblings",)),
        L("Famiglia segnalata dal consultorio; sostegno alla genitorialità."),
        *_COMMON_SUMMARIES,
    ),
}  # fmt: skip

MOTHER_NOTES = (
    "",
    "",
    "Lavora su turni in un'azienda della zona.",
    "Segue un percorso presso il CPS.",
    "Casalinga.",
    "Lavora come addetta alle pulizie, part-time.",
)
FATHER_NOTES = ("", "", "Operaio in un'azienda metalmeccanica.", "Lavora nei cantieri edili.")
GUARDIAN_NOTE = "Avvocato del Foro di Bergamo, nominato tutore dal Tribunale."
CURATOR_NOTE = "Curatore speciale del minore nel procedimento."
# Who the relatives of an intra-family affido are: (note, side, generation), side "madre" or
# "padre", generation "nonni" (born 20-35 years before the parent) or "zii" (the parent's age).
RELATIVES: tuple[tuple[str, str, str], ...] = (
    ("Nonni materni del minore.", "madre", "nonni"),
    ("Nonni paterni del minore.", "padre", "nonni"),
    ("Zii materni del minore.", "madre", "zii"),
    ("Zii paterni del minore.", "padre", "zii"),
)
RELATIVES_NOTES = tuple(note for note, _, _ in RELATIVES)
FAMILY_CHILDREN = (
    "senza figli",
    "con un figlio di 9 anni",
    "con due figli adolescenti",
    "con una figlia di 6 anni",
    "con due figli grandi, ormai fuori casa",
)
FAMILY_NOTES = (
    "Disponibili ad accogliere fratelli.",
    "Preferenza per bambini in età scolare.",
    "Esperienza precedente di affido diurno.",
    "Partecipano al gruppo di sostegno delle famiglie affidatarie.",
    "",
)

# ------------------------------------------------------------------------------ the diary

# Visite domiciliari: what is seen and done at home (not in an affido or with a care leaver).
HOME_LINES: tuple[Line, ...] = (
    # the family, any age
    L("La madre riferisce difficoltà nella gestione degli orari serali."),
    L("{nome} appare seren{o} e accoglie {op} sulla porta di casa.", 2, 17),
    L("La casa si presenta in ordine; il frigorifero è fornito."),
    L("Il padre è rientrato dal lavoro durante la visita e si è fermato a parlare."),
    L("La nonna materna era presente e ha partecipato attivamente alla conversazione."),
    L("La madre appare più tranquilla rispetto alle ultime settimane."),
    L("Il clima familiare risulta teso per questioni economiche non risolte."),
    L("La madre racconta di aver trovato un nuovo lavoro part-time in zona."),
    L("La visita si è svolta in cucina, unico ambiente riscaldato della casa."),
    L("Si osserva un buon legame affettivo tra {nome} e la madre."),
    L("I genitori hanno litigato davanti a {nome}; si è ripreso con loro l'accaduto.", 2, 17),
    L("Si osserva una maggiore collaborazione tra i fratelli durante il gioco.", 3, 14),
    L("{nome} è appars{o} stanc{o} e poco disponibile all'inizio, poi si è sciolt{o}.", 3, 17),
    L("Il padre riferisce che {nome} dorme poco e usa il tablet fino a tardi.", 6, 17),
    L("La madre chiede un confronto sulle regole per l'uso del telefono.", 10, 17),
    L("Si è concordato con la madre di anticipare l'orario della cena.", 2, 12),
    L("Il padre si è reso disponibile ad accompagnare {nome} agli allenamenti.", 6, 16),
    L("La famiglia ha ricevuto la visita dell'assistente sociale la settimana scorsa."),
    L("Si rileva ancora difficoltà nel rispetto degli orari concordati."),
    L("Il fratello maggiore ha interrotto più volte; si è concordato uno spazio separato.", 3, 12),
    L("{nome} ha manifestato rabbia dopo un litigio con un fratello, poi si è calmat{o}.", 3, 14),
    L("Visita domiciliare per verificare le condizioni abitative e di cura.",
      services=(S.TUTELA,)),
    L("Si sono verificati con i genitori gli impegni presi all'ultimo colloquio.",
      services=(S.TUTELA, S.FRAGILE_FAMILIES)),
    L("L'abitazione è piccola per il numero dei componenti; la famiglia è in graduatoria per "
      "una casa popolare.", tags=("siblings",)),
    L("{nome} ha mostrato la propria cameretta, che divide con un fratello.", 3, 14),
    # nido, 0-2
    L("{nome} gioca sul tappeto con le costruzioni mentre la madre prepara la pappa.", 1, 2),
    L("Si osserva la madre durante il cambio e il bagnetto: gesti sicuri e affettuosi.", 0, 2),
    L("{nome} dorme durante la prima parte della visita; si parla con la madre dei ritmi del "
      "sonno.", 0, 2),
    L("La madre chiede consigli sullo svezzamento e sugli orari dei pasti.", 0, 1),
    L("{nome} ha iniziato a frequentare il nido tre mattine alla settimana.", 1, 2),
    L("La madre riferisce che {nome} si sveglia più volte durante la notte.", 0, 3),
    L("{nome} gattona per la stanza e cerca lo sguardo della madre.", 0, 1),
    L("Si è preparato insieme alla madre il biberon, con attenzione alle dosi.", 0, 1, edu=True),
    L("Il padre ha dato la pappa a {nome} con calma, alternando cucchiaio e gioco.", 0, 2),
    L("{nome} cammina per casa tenendosi ai mobili e porta i giochi alla madre.", 1, 2),
    # infanzia, 2-5
    L("Si legge un libro illustrato insieme a {nome}, che indica e nomina gli animali.", 2, 4,
      edu=True),
    L("{nome} racconta della giornata alla scuola dell'infanzia e dei compagni di sezione.", 3, 5),
    L("Si è giocato con la plastilina e i colori; {nome} è rimast{o} concentrat{o} per una "
      "ventina di minuti.", 3, 6, edu=True),
    L("Si è lavorato con la madre sulla routine della sera: bagno, cena, storia e nanna.", 2, 5,
      edu=True),
    L("{nome} fatica ad accettare i no e si butta a terra; la madre riesce a calmarl{o}.", 2, 5),
    L("Abbiamo letto insieme una fiaba; {nome} ha riconosciuto le lettere del proprio nome.",
      4, 5, edu=True),
    L("La madre riferisce che {nome} non vuole più dormire il pomeriggio.", 3, 4),
    L("Le maestre della scuola dell'infanzia hanno segnalato alla madre alcuni morsi ai "
      "compagni.", 3, 4),
    L("Si è svolta un'uscita al parco giochi del quartiere con attività motoria.", 2, 10,
      edu=True),
    L("{nome} ha disegnato la propria famiglia e ne ha parlato spontaneamente.", 4, 10),
    L("Si è giocato a un gioco da tavolo per lavorare sul rispetto dei turni.", 5, 12, edu=True),
    # primaria, 6-10
    L("{nome} ha svolto i compiti con attenzione e ha chiesto aiuto solo per matematica.", 6, 13,
      edu=True),
    L("Si è lavorato sull'organizzazione dello zaino e del diario per la settimana.", 6, 13,
      edu=True),
    L("{nome} racconta volentieri della giornata a scuola e degli amici di classe.", 6, 13),
    L("{nome} fatica a concentrarsi per più di dieci minuti; si alternano pause brevi.", 6, 12,
      edu=True),
    L("Si è lavorato sulla lettura ad alta voce, con miglioramenti nella fluidità.", 6, 10,
      edu=True),
    L("{nome} è riuscit{o} a completare gli esercizi da sol{o} per la prima volta.", 6, 13,
      edu=True),
    L("{nome} ha mostrato con orgoglio il voto positivo nella verifica di italiano.", 7, 17),
    L("Si è ripassata la tabellina del sette con un gioco di carte.", 7, 9, edu=True),
    L("{nome} ha riordinato la propria stanza su richiesta, senza opposizione.", 5, 17),
    L("Si lavora sull'autonomia nella preparazione della cartella la sera prima.", 6, 11,
      edu=True),
    L("{nome} ha chiesto di poter invitare un compagno di classe la prossima volta.", 6, 12),
    L("Durante la merenda si è parlato delle attività sportive del fine settimana.", 6, 15),
    L("La madre ha mostrato le comunicazioni della scuola ricevute sul registro elettronico.",
      6, 17),
    L("Si è fatto il punto sulle assenze scolastiche del mese.", 6, 17),
    L("Si è aiutata la madre a compilare la domanda per il centro estivo.", 3, 13, edu=True),
    # medie, 11-13
    L("Si è preparata insieme la verifica di storia di giovedì.", 10, 17, edu=True),
    L("{nome} ha chiesto di parlare da sol{o} con {op} e ha raccontato un litigio con un "
      "compagno.", 9, 17),
    L("Si è parlato dell'uso dei social e delle chat di classe.", 11, 15, edu=True),
    L("{nome} ha organizzato da sol{o} sul diario il piano dei compiti della settimana.", 11, 14),
    L("Si è ripreso il calendario delle attività pomeridiane concordato con la famiglia.", 8, 17),
    L("{nome} si mostra più chius{o} del solito e risponde a monosillabi; non si insiste.",
      11, 17),
    L("Si è parlato con la famiglia degli open day delle scuole superiori.", 12, 13),
    L("Si è svolto un esercizio di inglese con l'aiuto di un'app sul telefono.", 10, 15,
      edu=True),
    # superiori, 14-17
    L("{nome} racconta del primo periodo alla scuola superiore e dei nuovi compagni.", 14, 15),
    L("Si è lavorato sul metodo di studio per le interrogazioni di diritto.", 14, 17, edu=True),
    L("{nome} ha parlato del lavoretto estivo in un bar del paese.", 15, 17),
    L("Si è discusso dell'orario di rientro serale concordato con la madre.", 14, 17),
    L("{nome} chiede informazioni sul corso per il patentino del motorino.", 14, 15),
    L("Si è controllato il registro elettronico insieme a {nome}: due insufficienze da "
      "recuperare.", 14, 17, edu=True),
    L("Si è parlato dello stage in azienda previsto dal corso di formazione professionale.",
      15, 17),
)  # fmt: skip

# Visits at the foster family's home (affido).
FOSTER_HOME_LINES: tuple[Line, ...] = (
    L("Visita presso la famiglia affidataria; {nome} mostra la propria stanza.", 3, 17),
    L("Gli affidatari riferiscono che {nome} si è ambientat{o} bene e dorme tutta la notte.",
      0, 10),
    L("La famiglia affidataria racconta la fatica dei giorni successivi agli incontri con la "
      "madre.", 3, 17, tags=("met_mother",)),
    L("Gli affidatari chiedono come rispondere alle domande di {nome} sulla famiglia d'origine.",
      4, 17),
    L("Si è fatto il punto con gli affidatari sull'inserimento al nido e sui ritmi della "
      "giornata.", 1, 2),
    L("Gli affidatari riferiscono un buon rapporto con le insegnanti di {nome}.", 3, 17),
    L("{nome} gioca con i figli della famiglia affidataria; il clima è sereno.", 2, 12),
    L("L'affidataria segnala che {nome} fatica ad addormentarsi dopo le telefonate con il "
      "padre.", 3, 12),
    L("Si è concordato con gli affidatari il calendario delle vacanze estive."),
    L("Gli affidatari riferiscono che {nome} racconta volentieri della scuola a cena.", 6, 17),
    L("Si è parlato con gli affidatari della visita dal pediatra e delle vaccinazioni.", 0, 5),
    L("Gli affidatari riferiscono che {nome} esce con gli amici e rispetta gli orari concordati.",
      14, 17),
)  # fmt: skip

# Neomaggiorenni: the flat, the job, the documents.
CARE_LEAVER_LINES: tuple[Line, ...] = (
    L("{nome} ha portato il contratto di tirocinio da rileggere insieme.", 17, 21),
    L("Si è compilato insieme il bilancio delle spese del mese.", 17, 21),
    L("{nome} riferisce di trovarsi bene con il coinquilino dell'appartamento.", 18, 21),
    L("Si è preparato il curriculum per la candidatura in un'azienda di Dalmine.", 17, 21),
    L("{nome} ha saltato due giorni di tirocinio; si è ripreso il tema della puntualità.", 17, 21),
    L("Si è verificata la scadenza del permesso di soggiorno e della tessera sanitaria.", 17, 21),
    L("{nome} chiede aiuto per aprire un conto corrente in banca.", 18, 21),
    L("Si è parlato del rapporto con la famiglia d'origine dopo l'uscita dalla comunità.", 18, 21),
    L("{nome} ha superato l'esame teorico della patente e ne è molto soddisfatt{o}.", 18, 21),
    L("Si è pianificata la spesa settimanale con un budget definito.", 17, 21),
    L("L'appartamento è in ordine; la bolletta della luce risulta pagata.", 18, 21),
    L("{nome} racconta dei turni al lavoro e della fatica ad alzarsi la mattina.", 18, 21),
)  # fmt: skip

SCHOOL_LINES: tuple[Line, ...] = (
    L("Colloquio con le educatrici del nido sull'inserimento di {nome}.", 1, 2),
    L("Le educatrici del nido riferiscono che {nome} mangia volentieri e dorme dopo pranzo.",
      1, 2),
    L("Colloquio con le maestre della scuola dell'infanzia sull'autonomia di {nome} a pranzo e "
      "in bagno.", 3, 5),
    L("Le maestre riferiscono che {nome} gioca soprattutto da sol{o} e fatica a condividere i "
      "giochi.", 3, 5),
    L("Si è concordato con le maestre della scuola dell'infanzia chi ritira {nome} all'uscita.",
      3, 5),
    L("Colloquio con le maestre di classe sull'andamento del quadrimestre.", 6, 10),
    L("La maestra riferisce miglioramenti nella lettura e nel comportamento in classe.", 6, 10),
    L("L'insegnante di sostegno segnala difficoltà nella comprensione del testo.", 6, 13),
    L("Colloquio con la coordinatrice di classe sull'andamento del quadrimestre.", 11, 17),
    L("Si è condiviso con la scuola il calendario delle verifiche del mese.", 11, 17),
    L("Incontro con il consiglio di classe per il piano didattico personalizzato.", 9, 17),
    L("Incontro di orientamento con la scuola per la scelta della scuola superiore.", 13, 13),
    L("Colloquio con il tutor del centro di formazione professionale sulle assenze.", 14, 17),
    L("Il coordinatore di classe segnala il rischio di non ammissione per le assenze.", 14, 17),
    L("Si è concordato con la scuola il calendario dello stage in azienda.", 15, 17),
)  # fmt: skip

# (sentence, place) of the accompaniments.
ACCOMPANIMENTS: tuple[tuple[Line, str], ...] = (
    (L("Accompagnamento di {nome} e della madre alla visita dal neuropsichiatra infantile.",
       2, 17), "Ambulatorio di neuropsichiatria infantile"),
    (L("Accompagnamento di {nome} al Centro per l'Impiego per l'iscrizione al programma GOL.",
       16, 21), "Centro per l'Impiego"),
    (L("Accompagnamento in Comune per il rinnovo della carta d'identità.", 14, 21), "Comune"),
    (L("Si è accompagnat{o} {nome} al primo allenamento con la squadra del paese.", 6, 16),
     "Esterno"),
    (L("Si è accompagnat{o} {nome} in biblioteca per l'iscrizione al prestito.", 6, 14),
     "Biblioteca comunale"),
    (L("Accompagnamento della madre e di {nome} al consultorio per il controllo pediatrico.",
       0, 5), "Consultorio familiare"),
    (L("Accompagnamento di {nome} alla seduta di logopedia.", 3, 8), "Ambulatorio ASST"),
    (L("Accompagnamento di {nome} all'open day di un istituto professionale.", 13, 14),
     "Esterno"),
    (L("Accompagnamento in Questura per il rinnovo del permesso di soggiorno.", 14, 21),
     "Questura"),
    (L("Accompagnamento di {nome} al colloquio per un tirocinio in un'azienda della zona.",
       16, 21), "Esterno"),
    (L("Accompagnamento della madre e di {nome} al centro estivo per l'iscrizione.", 4, 12),
     "Esterno"),
    (L("Uscita con {nome} per acquistare il materiale scolastico.", 6, 17), "Esterno"),
    (L("Accompagnamento di {nome} all'ambulatorio per le vaccinazioni.", 0, 6),
     "Ambulatorio ASST"),
)  # fmt: skip
ACCOMPANIMENT_EXTRA: tuple[Line, ...] = (
    L("Durante il tragitto in macchina {nome} ha parlato volentieri della scuola.", 6, 17),
    L("In sala d'attesa si è sfogliato insieme un libro illustrato.", 1, 6),
    L("Durante il tragitto si è parlato dei progetti per l'estate.", 8, 21),
    L("{nome} ha gestito da sol{o} la richiesta allo sportello, con {op} accanto.", 14, 21),
)

# Colloqui of the social worker (with the parents, the child, the foster carers, the young adult).
INTERVIEW_LINES: tuple[Line, ...] = (
    L("Colloquio con la madre sull'organizzazione della settimana e sui turni di lavoro."),
    L("Colloquio individuale con {nome} sui progetti per il prossimo anno.", 11, 21),
    L("Colloquio con gli affidatari sull'inserimento scolastico di {nome}.", 3, 17),
    L("Colloquio di verifica del progetto con entrambi i genitori.", 0, 17),
    L("Colloquio con il padre, che chiede di vedere {nome} più spesso.", 0, 17),
    L("Colloquio con la madre per la restituzione della relazione al Tribunale.", 0, 17),
    L("Colloquio con {nome} sul tirocinio e sulla gestione dei soldi.", 17, 21),
    L("Colloquio con la madre sul rapporto con la scuola e sulle assenze di {nome}.", 6, 17),
    L("Colloquio con i genitori sulle regole e sui tempi di gioco di {nome}.", 2, 10),
    L("Colloquio con la madre sul percorso al consultorio familiare.", 0, 17),
    L("Colloquio con la famiglia d'origine per preparare il rientro a casa di {nome}.", 0, 17,
      services=(S.AFFIDO,)),
    L("Colloquio con il padre, con l'aiuto di una mediatrice linguistica.", 0, 17),
    L("Colloquio con la madre, con l'aiuto di una mediatrice linguistica.", 0, 17),
    L("Colloquio con il genitore sull'andamento degli incontri in spazio neutro.", 0, 17,
      services=(S.FACILITATED_MEETINGS, S.AFFIDO)),
    L("Colloquio con la coordinatrice della comunità sull'andamento di {nome}.", 0, 17,
      tags=("community",)),
    L("Colloquio con {nome} sull'uscita dalla comunità e sulla casa.", 18, 21),
)  # fmt: skip

PHONE_LINES: tuple[Line, ...] = (
    L("Telefonata con la madre per riprogrammare l'incontro della settimana."),
    L("Aggiornamento telefonico con l'assistente sociale sull'andamento del progetto."),
    L("La scuola telefona per segnalare un'assenza non giustificata.", 6, 17),
    L("Il nido telefona: {nome} ha la febbre e la madre non risponde.", 1, 2),
    L("Telefonata con gli affidatari per organizzare il trasporto all'incontro.", 0, 17),
    L("Telefonata con l'educatrice per un aggiornamento sul progetto.", tags=("with_educator",)),
    L("{nome} chiama per spostare l'appuntamento a causa di un colloquio di lavoro.", 17, 21),
    L("Telefonata con il padre, che chiede notizie di {nome}.", 0, 17),
    L("Telefonata con la neuropsichiatria infantile per fissare il controllo.", 2, 17),
    L("Telefonata con {nome} per ricordare la scadenza dell'affitto.", 18, 21),
)  # fmt: skip

TEAM_LINES: tuple[Line, ...] = (
    L("Riunione d'équipe con l'educatrice e la psicologa sull'andamento del caso.",
      tags=("with_educator",)),
    L("Riunione d'équipe con la psicologa sull'andamento del caso."),
    L("Si condivide in équipe la proposta di ridurre il monte ore da settembre.",
      services=tuple(EDUCATIONAL)),
    L("In équipe si valuta la richiesta della famiglia di cambiare giorno di visita.",
      services=(S.ADM, S.TUTORING, S.FRAGILE_FAMILIES)),
    L("UVM con neuropsichiatria infantile e scuola per la definizione del progetto.", 3, 17),
    L("Équipe tutela minori: aggiornamento sulla situazione e sulle prescrizioni del decreto."),
    L("Incontro di rete con la comunità e il servizio per il progetto di autonomia.", 17, 21),
    L("Équipe affido: verifica dell'abbinamento e del sostegno alla famiglia affidataria.",
      services=(S.AFFIDO,)),
    L("Équipe sul calendario degli incontri in spazio neutro.",
      services=(S.FACILITATED_MEETINGS, S.AFFIDO)),
)  # fmt: skip

REPORT_LINES: tuple[Line, ...] = (
    L("Stesura della relazione di aggiornamento per l'assistente sociale."),
    L("Raccolta del materiale per la relazione semestrale al Tribunale."),
    L("Stesura del verbale degli incontri facilitati del mese.",
      services=(S.FACILITATED_MEETINGS,)),
    L("Stesura della relazione di aggiornamento al Tribunale per i Minorenni.",
      services=(S.TUTELA, S.AFFIDO)),
    L("Aggiornamento del PEI con le verifiche del trimestre.",
      services=(S.ADM, S.TUTORING, S.FRAGILE_FAMILIES, S.CARE_LEAVERS)),
    L("Relazione semestrale sull'andamento dell'affido.", services=(S.AFFIDO,)),
)  # fmt: skip

NOTES_BY_KIND_LINES: dict[VisitKind, tuple[Line, ...]] = {
    K.SCHOOL: SCHOOL_LINES,
    K.PHONE_CALL: PHONE_LINES,
    K.TEAM_MEETING: TEAM_LINES,
    K.REPORT_WRITING: REPORT_LINES,
    K.ACCOMPANIMENT: tuple(line for line, _ in ACCOMPANIMENTS),
    K.INTERVIEW: INTERVIEW_LINES,
}

# ------------------------------------------------------------------------------ incontri facilitati

MEETING_ON_TIME = (
    L("{Genitore} arriva puntuale allo spazio neutro e attende {nome} in sala."),
    L("{Genitore} arriva con qualche minuto di anticipo e attende nella sala d'attesa."),
)
MEETING_LATE = (
    L("{Genitore} arriva con {ritardo} minuti di ritardo; {nome} attende giocando con {op}."),
    L(
        "{Genitore} arriva in ritardo di {ritardo} minuti, scusandosi; l'incontro termina "
        "all'orario previsto."
    ),
)
MEETING_WELCOME = (
    L("{nome} viene accompagnat{o} {da_chi} ed entra nella stanza con {op}."),
    L("{nome}, accompagnat{o} {da_chi}, entra volentieri nella stanza e saluta {genitore}.", 2),
    L("{nome} è inizialmente titubante, poi si avvicina {al_genitore}.", 2),
    L("{nome} viene pres{o} in braccio {dal_genitore} e si tranquillizza.", 0, 3),
)
MEETING_ACTIVITY = (
    L(
        "Durante l'incontro {genitore} gioca con {nome} sul tappeto con i cubi e i libri di "
        "stoffa.",
        0,
        2,
    ),
    L("{Genitore} dà la merenda a {nome} con l'aiuto {dell_op}.", 0, 3),
    L(
        "Si gioca con la cucina giocattolo e le costruzioni; {genitore} segue i giochi proposti "
        "da {nome}.",
        2,
        5,
    ),
    L("{Genitore} legge una fiaba a {nome}, che si siede in braccio.", 2, 6),
    L("Si gioca a carte e a un gioco da tavolo; il clima è disteso.", 6, 12),
    L("{nome} mostra {al_genitore} i quaderni e un disegno fatto a scuola.", 6, 10),
    L("{nome} e {genitore} parlano della scuola e dello sport; la conversazione è fluida.", 10, 17),
    L("Si gioca a Uno; {nome} ride e scherza con {genitore}.", 8, 14),
    L(
        "{nome} e {genitore} parlano dei progetti per l'estate e guardano alcune foto sul "
        "telefono.",
        12,
        17,
    ),
    L("La conversazione resta superficiale; {nome} risponde a monosillabi.", 12, 17),
)
MEETING_RELATION = (
    L("{Genitore} porta una merenda e un piccolo regalo per {nome}."),
    L("Si osserva una comunicazione affettuosa, con contatto fisico adeguato."),
    L(
        "{Genitore} chiede di poter prolungare l'incontro; si ricordano le prescrizioni del "
        "decreto."
    ),
    L("{Genitore} ha ricevuto una telefonata e si è allontanat{g} per alcuni minuti."),
    L(
        "{Genitore} fa molte domande a {nome} sulla vita quotidiana; {op} invita a lasciare "
        "spazio al gioco.",
        4,
    ),
)
MEETING_PARTING = {
    "good": (
        L("Il distacco al termine dell'incontro è gestito con serenità."),
        L("Al momento dei saluti {nome} chiede quando sarà il prossimo incontro.", 3),
    ),
    "hard": (
        L(
            "{nome} fatica a separarsi {dal_genitore} alla fine dell'incontro e piange brevemente.",
            0,
            12,
        ),
        L("Il distacco è faticoso: {genitore} prolunga i saluti e va sostenut{g} da {op}."),
    ),
}
# The verbale's headings (domain/observations.py MEETING_TEXTS).
PUNCTUALITY = {
    "on_time": ("{Genitore} puntuale.", "Puntuali sia {genitore} sia chi accompagna {nome}."),
    "late": ("{Genitore} in ritardo di {ritardo} minuti.",),
}
MEETING_TEXTS: dict[str, tuple[Line, ...]] = {
    "reazioni_prima": (
        L("{nome} arriva seren{o} e chiede se {genitore} è già arrivat{g}.", 3),
        L("{nome} arriva un po' agitat{o}; si tranquillizza in sala d'attesa.", 2),
        L("Tranquill{o} in braccio a chi l{o} accompagna.", 0, 2),
    ),
    "reazioni_durante": (
        L("Partecipa ai giochi e cerca il contatto con {genitore}."),
        L("Alterna momenti di gioco a richieste di vicinanza a {op}.", 2, 10),
        L("Disponibile al dialogo, a tratti distratt{o} dal telefono.", 12, 17),
    ),
    "reazioni_dopo": (
        L("Riferito da chi l{o} accompagna: seren{o} al rientro."),
        L("Riferito da chi l{o} accompagna: più nervos{o} la sera dopo l'incontro."),
    ),
    "interventi_operatore": (
        L("Nessun intervento necessario."),
        L("Richiamo {al_genitore} a non parlare del procedimento davanti a {nome}."),
        L("Invito a rispettare l'orario di chiusura dell'incontro."),
    ),
}
MEETING_CRITICAL = (
    "L'incontro è stato interrotto dieci minuti prima per lo stato di agitazione "
    "{del_genitore}; informato il servizio sociale."
)

# ------------------------------------------------------------------------------ the three fields

FACT_LINES: tuple[Line, ...] = (
    L("Alle {ora} {nome} non era ancora rientrat{o} da scuola; è arrivat{o} venti minuti dopo.",
      9, 17, kinds=(K.HOME_VISIT,)),
    L("Il frigorifero risultava vuoto e in casa non era presente un adulto.", 8, 17,
      kinds=(K.HOME_VISIT,)),
    L("{nome} presentava un livido sul braccio sinistro, che ha attribuito a una caduta al parco.",
      3, 17, kinds=(K.HOME_VISIT, K.SCHOOL)),
    L("All'arrivo la televisione era accesa ad alto volume.", kinds=(K.HOME_VISIT,)),
    L("Il registro elettronico riporta sei assenze nelle ultime due settimane.", 6, 17,
      kinds=(K.HOME_VISIT, K.SCHOOL, K.INTERVIEW)),
    L("Il materiale scolastico è completo e i compiti del giorno risultano svolti.", 6, 17,
      kinds=(K.HOME_VISIT,)),
    L("Il libretto delle vaccinazioni risulta aggiornato.", 0, 5, kinds=(K.HOME_VISIT,)),
    L("Il lettino di {nome} è nella camera dei genitori; la stanza è riscaldata.", 0, 2,
      kinds=(K.HOME_VISIT,)),
    L("Al colloquio si è presentata solo la madre; il padre era al lavoro.",
      kinds=(K.INTERVIEW,), tags=("parents_home",)),
    L("Il contratto di tirocinio scade a fine mese.", 17, 21),
    L("L'affitto del mese risulta pagato.", 18, 21, kinds=(K.HOME_VISIT, K.INTERVIEW)),
)  # fmt: skip

STATEMENT_LINES: tuple[Line, ...] = (
    L("La madre dichiara di non riuscire a farsi ascoltare quando {nome} è arrabbiat{o}.", 2, 17),
    L("Il padre riferisce di aver perso il lavoro a fine mese."),
    L("{nome} riferisce che a scuola alcuni compagni l{o} prendono in giro.", 6, 17),
    L("La nonna afferma di poter accompagnare {nome} a scuola tre mattine alla settimana.", 3, 13),
    L("La madre dichiara di voler riprendere il percorso al consultorio familiare."),
    L("{nome} racconta di aver sentito i genitori litigare la sera precedente.", 4, 17),
    L("Gli affidatari riferiscono che {nome} si è ambientat{o} bene nella nuova scuola.", 3, 17),
    L("Il padre afferma di non aver ricevuto la comunicazione sul cambio di orario."),
    L("{nome} riferisce di voler restare nell'appartamento anche dopo la fine del progetto.",
      18, 21),
    L("{nome} dichiara di aver trovato un lavoro serale nel fine settimana.", 17, 21),
)  # fmt: skip
MEETING_STATEMENTS = (
    L("{Genitore} dichiara di voler chiedere al Tribunale incontri più frequenti."),
    L("{nome} dice di essere content{o} di vedere {genitore}.", 4, 17),
    L("{Genitore} riferisce di aver cambiato lavoro e di poter venire anche il sabato."),
)

EVALUATION_LINES: tuple[Line, ...] = (
    L("Si valuta positivamente la maggiore costanza della madre nel rispetto degli accordi.",
      0, 17),
    L("Si ritiene opportuno mantenere la frequenza settimanale degli interventi.",
      services=(S.ADM, S.TUTORING)),
    L("Dall'osservazione emerge una relazione affettiva significativa ma poco contenitiva.", 0, 17,
      tags=("parent",)),
    L("Si valuta che {nome} tragga beneficio dalla regolarità degli incontri."),
    L("Persistono elementi di fragilità nella gestione delle regole quotidiane.", 2, 17),
    L("Si ritiene utile un confronto con la neuropsichiatria sull'attenzione in classe.", 6, 14),
    L("Il genitore appare più consapevole dei bisogni del{la} {figlio}.", 0, 17),
    L("La situazione appare stabile; non si rilevano elementi di rischio immediato."),
    L("Buona autonomia nella gestione della casa; più fragile la gestione del denaro.", 18, 21),
    L("Si osserva un attaccamento sicuro tra {nome} e la madre.", 0, 3),
    L("L'inserimento nella famiglia affidataria appare positivo e stabile."),
)  # fmt: skip
MEETING_EVALUATIONS = (
    L(
        "La relazione con {genitore} appare calda; {genitore} fatica però a rispettare i tempi "
        "dell'incontro."
    ),
    L("Si valuta una buona sintonia emotiva tra {nome} e {genitore}."),
    L("Si valuta opportuno mantenere la cadenza quindicinale degli incontri."),
)

NEXT_STEP_LINES: tuple[Line, ...] = (
    L("Prossima visita martedì alle 15:00, con verifica dei compiti di matematica.", 7, 14,
      edu=True, kinds=(K.HOME_VISIT,)),
    L("Concordare con l'assistente sociale un colloquio con entrambi i genitori.", 0, 17),
    L("Contattare la scuola per fissare un incontro con il consiglio di classe.", 11, 17),
    L("Proporre alla famiglia l'iscrizione al centro estivo comunale.", 4, 13),
    L("Portare la modulistica per la richiesta della dote scuola.", 6, 17, edu=True),
    L("Verificare alla prossima visita l'uso del diario scolastico.", 6, 13, edu=True),
    L("Aggiornare l'équipe sull'esito dell'incontro."),
    L("Richiedere all'assistente sociale la conferma del calendario degli incontri.",
      kinds=(K.FACILITATED_MEETING,)),
    L("Prossimo incontro in spazio neutro tra due settimane, stesso orario.",
      kinds=(K.FACILITATED_MEETING,)),
    L("Accompagnare la madre all'iscrizione al nido per settembre.", 0, 2, edu=True),
    L("Verificare con {nome} la candidatura al tirocinio.", 17, 21),
    L("Relazione di aggiornamento al Tribunale entro la scadenza del decreto."),
)  # fmt: skip

AMENDMENT_LINES: tuple[Line, ...] = (
    L("Integrazione: si precisa che era presente anche la nonna materna.", 0, 17,
      kinds=(K.HOME_VISIT, K.INTERVIEW)),
    L("Integrazione: l'orario di fine effettivo è di quindici minuti successivo."),
    L("Integrazione: la madre ha richiamato in serata per scusarsi dell'accaduto.", 0, 17,
      kinds=(K.HOME_VISIT, K.INTERVIEW, K.PHONE_CALL)),
    L("Integrazione: la scuola ha confermato per iscritto quanto riferito a voce.", 6, 17,
      kinds=(K.SCHOOL, K.PHONE_CALL)),
    L("Integrazione: informato il servizio sociale il giorno stesso.",
      kinds=(K.HOME_VISIT, K.SCHOOL, K.ACCOMPANIMENT, K.FACILITATED_MEETING)),
    L("Integrazione: {genitore} ha scritto per confermare il prossimo incontro.",
      kinds=(K.FACILITATED_MEETING,)),
)  # fmt: skip

CANCELLED_LINES: dict[str, tuple[Line, ...]] = {
    "annullata-famiglia": (
        L("Visita annullata: la madre ha comunicato telefonicamente un impegno di lavoro.",
          kinds=(K.HOME_VISIT, K.ACCOMPANIMENT, K.INTERVIEW)),
        L("La famiglia ha disdetto in mattinata per malattia di {nome}.", 0, 17,
          kinds=(K.HOME_VISIT, K.ACCOMPANIMENT, K.SCHOOL)),
        L("Annullata su richiesta del padre per una visita medica concomitante.",
          kinds=(K.HOME_VISIT, K.INTERVIEW)),
        L("{nome} ha disdetto per un turno di lavoro.", 17, 21),
        L("Gli affidatari hanno disdetto per una gita scolastica di {nome}.", 6, 17,
          kinds=(K.HOME_VISIT, K.INTERVIEW)),
        L("Incontro annullato: {genitore} ha comunicato di essere malat{g}.",
          kinds=(K.FACILITATED_MEETING,)),
        L("Incontro annullato per febbre di {nome}, comunicata da chi l{o} accompagna.",
          kinds=(K.FACILITATED_MEETING,)),
        L("La scuola ha chiesto di rinviare il colloquio.", 3, 17, kinds=(K.SCHOOL,)),
        L("Il nido ha chiesto di rinviare il colloquio.", 1, 2, kinds=(K.SCHOOL,)),
    ),
    "annullata-servizio": (
        L("Annullata per malattia {dell_op}; recupero da concordare."),
        L("Annullata per sovrapposizione con una riunione d'équipe straordinaria."),
        L("Incontro annullato per indisponibilità dello spazio neutro; recupero la settimana "
          "successiva.", kinds=(K.FACILITATED_MEETING,)),
    ),
    "assenza-non-comunicata": (
        L("Al domicilio non risponde nessuno; la madre non risponde al telefono.",
          kinds=(K.HOME_VISIT,)),
        L("Al domicilio non risponde nessuno all'orario concordato.", kinds=(K.HOME_VISIT,)),
        L("{nome} non era a casa all'orario concordato; nessuna comunicazione preventiva.", 10, 21,
          kinds=(K.HOME_VISIT, K.ACCOMPANIMENT)),
        L("Nessuno si è presentato all'appuntamento, senza avvisare.",
          kinds=(K.INTERVIEW, K.ACCOMPANIMENT)),
        L("{Genitore} non si è presentat{g} allo spazio neutro e non ha avvisato; {nome} è "
          "stat{o} riaccompagnat{o}.", kinds=(K.FACILITATED_MEETING,)),
    ),
}  # fmt: skip

# Osservazioni of the scheda visita (domain/observations.py VISIT_TEXTS), by heading.
VISIT_OBSERVATIONS: dict[str, tuple[Line, ...]] = {
    "sul_minore": (
        L("Vigile e sorridente, cerca il contatto visivo.", 0, 2),
        L("Gioca con piacere; linguaggio ancora povero per l'età.", 2, 5),
        L("Collaborante nei compiti, si stanca presto.", 6, 13),
        L("Chius{o} all'inizio, poi disponibile al dialogo.", 11, 17),
        L("Motivat{o} rispetto al tirocinio, meno sulla gestione della casa.", 17, 21),
    ),
    "sugli_adulti": (
        L("La madre appare stanca ma collaborante."),
        L("Il padre partecipa poco e delega alla madre."),
        L("Gli affidatari sono accoglienti e attenti ai bisogni di {nome}."),
    ),
    "sulla_relazione": (
        L("Relazione affettuosa, con poche regole condivise.", 0, 17, tags=("parent",)),
        L("Buona sintonia, scambi frequenti e sereni.", 0, 17),
    ),
    "rischi": (
        L("Nessun elemento di rischio rilevato."),
        L("Nessun elemento di rischio rilevato."),
        L("Da monitorare la gestione del pomeriggio in assenza di adulti.", 8, 13),
    ),
}

# ------------------------------------------------------------------------------ plans and decrees

GoalText = tuple[str, str, str]  # title, description, indicators


@dataclass(frozen=True, slots=True)
class GoalLine:
    goal: GoalText
    plan: str  # PlanKind value
    lo: int = 0
    hi: int = 21
    services: frozenset[Service] | None = None
    tags: frozenset[str] = frozenset()


def G(
    plan: str,
    title: str,
    description: str,
    indicators: str,
    lo: int = 0,
    hi: int = 21,
    *,
    services: tuple[Service, ...] | None = None,
    tags: tuple[str, ...] = (),
) -> GoalLine:
    return GoalLine(
        (title, description, indicators),
        plan,
        lo,
        hi,
        None if services is None else frozenset(services),
        frozenset(tags),
    )


PEI, PQ = "pei", "progetto-quadro"
GOAL_LINES: tuple[GoalLine, ...] = (
    G(PEI, "Cura e routine quotidiane",
      "Sostenere i genitori nella cura di pasti, sonno e igiene del bambino.",
      "Routine di pasti e sonno stabile, osservata nelle visite", 0, 2),
    G(PEI, "Relazione genitore-bambino",
      "Favorire momenti di gioco e di cura condivisi tra genitore e bambino.",
      "Gioco condiviso osservato in almeno metà delle visite", 0, 3, tags=("parent",)),
    G(PEI, "Inserimento al nido",
      "Accompagnare la famiglia nell'iscrizione e nell'inserimento al nido.",
      "Frequenza di almeno tre mattine alla settimana", 1, 2),
    G(PEI, "Frequenza regolare della scuola dell'infanzia",
      "Sostenere la famiglia nell'accompagnare il bambino alla scuola dell'infanzia ogni "
      "giorno.", "Meno di tre assenze non giustificate al mese", 3, 5),
    G(PEI, "Regole e limiti",
      "Accompagnare i genitori nel porre regole chiare e coerenti.",
      "Riduzione delle crisi serali riferite dai genitori", 2, 10, tags=("parent",)),
    G(PEI, "Linguaggio e gioco",
      "Stimolare il linguaggio con il gioco e la lettura condivisa, in raccordo con la "
      "logopedista.", "Uso di nuove parole osservato nelle visite", 2, 5),
    G(PEI, "Autonomia nello svolgimento dei compiti",
      "Sostenere il minore nell'organizzazione del lavoro scolastico pomeridiano.",
      "Compiti svolti in autonomia almeno tre giorni su cinque", 7, 16),
    G(PEI, "Regolarità della frequenza scolastica",
      "Ridurre assenze e ritardi con il coinvolgimento della famiglia.",
      "Meno di due assenze non giustificate al mese", 6, 17),
    G(PEI, "Gestione delle emozioni",
      "Aiutare il minore a riconoscere e nominare rabbia e frustrazione.",
      "Riduzione degli episodi di crisi riferiti dalla scuola", 5, 15),
    G(PEI, "Routine serali condivise",
      "Accompagnare i genitori nella definizione di orari e regole serali.",
      "Orario della cena e del sonno rispettato quattro sere su sette", 3, 12,
      tags=("parent",)),
    G(PEI, "Socializzazione con i pari",
      "Favorire la partecipazione ad attività sportive o oratoriali.",
      "Frequenza di almeno un'attività extrascolastica", 6, 16),
    G(PEI, "Orientamento alla scuola superiore",
      "Accompagnare la scelta della scuola superiore con la famiglia.",
      "Iscrizione effettuata entro i termini", 12, 13),
    G(PEI, "Uso consapevole del telefono",
      "Concordare con il ragazzo e la famiglia tempi e regole per telefono e social.",
      "Telefono spento durante i compiti e la notte", 11, 16),
    G(PEI, "Prevenzione della dispersione scolastica",
      "Sostenere la motivazione allo studio e il raccordo con la scuola o il centro di "
      "formazione professionale.", "Ammissione all'anno successivo", 14, 17),
    G(PEI, "Autonomia negli spostamenti",
      "Imparare a usare i mezzi pubblici per raggiungere la scuola e le attività.",
      "Tragitto casa-scuola svolto in autonomia", 12, 17),
    G(PEI, "Autonomia abitativa ed economica",
      "Sostenere il neomaggiorenne nella gestione del budget e della casa.",
      "Bilancio mensile compilato; affitto pagato regolarmente", 18, 21),
    G(PEI, "Inserimento lavorativo",
      "Accompagnare il tirocinio e la ricerca di un lavoro stabile.",
      "Tirocinio concluso; almeno un colloquio di lavoro al mese", 17, 21),
    G(PEI, "Documenti e servizi",
      "Rendere il giovane autonomo nel rinnovo dei documenti e nell'accesso ai servizi.",
      "Documenti rinnovati in autonomia", 18, 21),
    G(PEI, "Rete di sostegno della famiglia",
      "Costruire con i genitori una rete di aiuto tra vicini, parrocchia e associazioni.",
      "Almeno un contatto stabile fuori dal nucleo", 0, 17, tags=("parent",)),
    G(PQ, "Tutela del minore nel contesto familiare",
      "Monitorare le condizioni di cura e protezione nel nucleo.",
      "Assenza di nuovi eventi pregiudizievoli segnalati", 0, 17, services=(S.TUTELA,)),
    G(PQ, "Recupero delle competenze genitoriali",
      "Percorso di sostegno alla genitorialità con il consultorio.",
      "Partecipazione regolare ai colloqui programmati", 0, 17, tags=("parent",)),
    G(PQ, "Mantenimento dei legami con la famiglia d'origine",
      "Garantire incontri regolari con i genitori secondo il decreto.",
      "Incontri svolti secondo calendario senza interruzioni", 0, 17,
      services=(S.AFFIDO, S.FACILITATED_MEETINGS)),
    G(PQ, "Stabilità dell'affido",
      "Sostenere la famiglia affidataria e l'inserimento del minore.",
      "Verifiche semestrali con esito positivo", 0, 17, services=(S.AFFIDO,)),
    G(PQ, "Verifica delle condizioni per il rientro in famiglia",
      "Valutare con l'équipe tempi e modi del rientro del minore presso i genitori.",
      "Relazione di valutazione entro la scadenza", 0, 17, services=(S.AFFIDO,)),
    G(PQ, "Continuità della relazione con il genitore non convivente",
      "Sostenere la relazione con il genitore non convivente negli incontri in spazio neutro.",
      "Almeno otto incontri su dieci svolti", 0, 17, services=(S.FACILITATED_MEETINGS,)),
    G(PQ, "Valutazione delle competenze genitoriali",
      "Completare con la psicologa la valutazione richiesta dal Tribunale.",
      "Relazione depositata entro la scadenza", 0, 17, services=(S.TUTELA,),
      tags=("court",)),
)  # fmt: skip

MANUAL_DEADLINES: tuple[Line, ...] = (
    L("Consegnare la relazione di aggiornamento all'assistente sociale"),
    L("Incontro di rete con scuola e neuropsichiatria", 3, 17),
    L("Rinnovo del permesso di soggiorno della madre"),
    L("Verifica del calendario degli incontri protetti",
      services=(S.FACILITATED_MEETINGS, S.AFFIDO)),
    L("Colloquio con la famiglia affidataria"),
    L("Presentare la domanda per il centro estivo", 3, 13),
    L("Richiedere il certificato di frequenza scolastica", 6, 17),
    L("Iscrizione al nido per settembre", 0, 2),
    L("Rinnovo del contratto di tirocinio", 17, 21),
)  # fmt: skip

# Decrees, by measure kind; ordinary court and tutelary judge have their own.
PRESCRIPTIONS: dict[str, tuple[str, ...]] = {
    "affidamento-servizi": (
        "Affida {il_minore} al Servizio Tutela Minori dell'Ambito, con collocamento presso "
        "{presso}; incarica il servizio di relazionare ogni sei mesi.",
    ),
    "limitazione-responsabilita": (
        "Limita la responsabilità genitoriale {dei_genitori} per le scelte sanitarie e "
        "scolastiche; prescrive di collaborare con i servizi.",
        "Prescrive {ai_genitori} di seguire un percorso di sostegno presso il consultorio "
        "familiare e di collaborare con i servizi.",
    ),
    "decadenza-responsabilita": (
        "Dichiara la decadenza {del_genitore} dalla responsabilità genitoriale (art. 330 c.c.) "
        "e affida {il_minore} al servizio sociale.",
    ),
    "regolamentazione-incontri": (
        "Dispone incontri protetti tra {genitore} e {il_minore} con cadenza quindicinale in "
        "spazio neutro, alla presenza di un educatore.",
    ),
    "collocamento-affido": (
        "Dispone il collocamento {del_minore} in affido {tipo_affido}; regolamenta i rapporti "
        "con i genitori tramite incontri facilitati.",
    ),
    "prosieguo-amministrativo": (
        "Dispone il prosieguo amministrativo fino al compimento del ventunesimo anno, con la "
        "prosecuzione del progetto di autonomia.",
    ),
    "art-403": (
        "Convalida il collocamento d'urgenza disposto dal servizio sociale ai sensi dell'art. "
        "403 c.c.",
    ),
    "tribunale-ordinario": (
        "Nell'ambito della separazione dei genitori, incarica i servizi sociali di organizzare "
        "incontri protetti tra {genitore} e {il_minore}.",
        "Dispone l'affidamento condiviso con collocamento prevalente presso {presso} e incontri "
        "protetti con {genitore} tramite i servizi sociali.",
    ),
    "giudice-tutelare": (
        "Rende esecutivo il provvedimento di affido consensuale disposto dal servizio sociale.",
    ),
}

COURTS: dict[str, tuple[str, str]] = {  # authority: (who issues it, docket suffix)
    "tribunale-minorenni": ("Tribunale per i Minorenni di Brescia", "R.G. V.G."),
    "tribunale-ordinario": ("Tribunale di Bergamo", "R.G."),
    "giudice-tutelare": ("Giudice tutelare del Tribunale di Bergamo", "G.T."),
    "consensuale": ("Servizio sociale", ""),
}

# ------------------------------------------------------------------------------ revision 0007

# The methods behind the valutazioni (art. 473-bis.27 c.p.c. wants them named), by kind of
# entry; the colloqui name who was heard (demo.py picks from who was there).
EVALUATION_METHODS: dict[VisitKind, tuple[str, ...]] = {
    K.HOME_VISIT: (
        "osservazione diretta in contesto domiciliare",
        "osservazione diretta delle routine familiari a domicilio",
    ),
    K.FACILITATED_MEETING: (
        "osservazione strutturata dell'incontro con la griglia di osservazione",
        "osservazione diretta dell'incontro in spazio neutro",
    ),
    K.ACCOMPANIMENT: ("osservazione diretta durante l'accompagnamento",),
    K.SCHOOL: ("confronto con le insegnanti", "colloquio con il coordinatore di classe"),
    K.TEAM_MEETING: (
        "confronto in équipe",
        "confronto multiprofessionale in équipe con la neuropsichiatria infantile",
        "confronto in équipe con il consultorio familiare",
    ),
    K.REPORT_WRITING: (
        "analisi della documentazione del periodo",
        "rilettura del diario degli interventi e confronto in équipe",
    ),
}
FOSTER_HOME_METHOD = "osservazione diretta presso la famiglia affidataria"
NURSERY_METHOD = "confronto con le educatrici del nido"


@dataclass(frozen=True, slots=True)
class ActionLine:
    """An action under a PEI goal and who takes care of it: "educatore" (the case's educator,
    educatrice or educatore), "genitore" (a parent living with the child), "ragazzo" (the young
    person, ragazzo or ragazza), "scuola", "assistente sociale"."""

    text: str
    who: str
    tags: frozenset[str] = frozenset()


def A(text: str, who: str, *tags: str) -> ActionLine:
    return ActionLine(text, who, frozenset(tags))


# Actions under each PEI goal of GOAL_LINES, by its title.
GOAL_ACTIONS: dict[str, tuple[ActionLine, ...]] = {
    "Cura e routine quotidiane": (
        A("Preparare uno schema settimanale di pasti e sonnellini", "educatore"),
        A("Prenotare dal pediatra la visita per il bilancio di salute", "genitore"),
        A("Partecipare all'incontro sull'alimentazione al consultorio", "genitore"),
    ),
    "Relazione genitore-bambino": (
        A("Proporre a ogni visita un momento di gioco condiviso", "educatore"),
        A("Partecipare al gruppo genitori-bambini del consultorio", "genitore"),
        A("Leggere insieme un libro illustrato la sera", "genitore"),
    ),
    "Inserimento al nido": (
        A("Presentare la domanda di iscrizione al nido comunale", "genitore"),
        A("Accompagnare la famiglia al colloquio con le educatrici del nido", "educatore"),
        A("Richiedere la riduzione della retta del nido", "assistente sociale"),
    ),
    "Frequenza regolare della scuola dell'infanzia": (
        A("Concordare con le insegnanti un avviso il giorno stesso dell'assenza", "scuola"),
        A("Preparare la sera lo zaino e i vestiti per il mattino", "genitore"),
        A("Verificare ogni mese le presenze con la scuola", "educatore"),
    ),
    "Regole e limiti": (
        A("Scrivere tre regole di casa e appenderle in cucina", "educatore"),
        A("Annotare per due settimane i momenti di crisi serale", "genitore"),
        A("Colloquio di verifica sulle regole concordate", "assistente sociale"),
    ),
    "Linguaggio e gioco": (
        A("Prenotare la valutazione logopedica in neuropsichiatria infantile", "genitore"),
        A("Portare ogni settimana un gioco di parole e immagini", "educatore"),
        A("Iscriversi alla biblioteca comunale per il prestito dei libri", "genitore"),
    ),
    "Autonomia nello svolgimento dei compiti": (
        A("Preparare un planner settimanale dei compiti", "educatore"),
        A("Controllare il diario e il registro elettronico due volte a settimana", "genitore"),
        A("Comunicare alla famiglia il calendario delle verifiche", "scuola"),
    ),
    "Regolarità della frequenza scolastica": (
        A("Concordare con la scuola un aggiornamento settimanale sulle assenze", "scuola"),
        A("Giustificare le assenze entro il giorno successivo", "genitore"),
        A("Incontro di rete con il coordinatore di classe", "assistente sociale"),
    ),
    "Gestione delle emozioni": (
        A("Costruire insieme il termometro delle emozioni", "educatore"),
        A("Richiedere un colloquio in neuropsichiatria infantile", "assistente sociale"),
        A("Concordare con le insegnanti come gestire le crisi in classe", "scuola"),
    ),
    "Routine serali condivise": (
        A("Fissare l'orario della cena e del sonno e provarlo per due settimane", "genitore"),
        A("Preparare un cartellone della routine serale", "educatore"),
    ),
    "Socializzazione con i pari": (
        A("Iscrivere il minore a un'attività sportiva o all'oratorio", "genitore"),
        A("Chiedere al Comune la riduzione della quota del centro sportivo", "assistente sociale"),
        A("Accompagnare il minore alle prime due uscite del gruppo", "educatore"),
    ),
    "Orientamento alla scuola superiore": (
        A("Visitare con la famiglia due open day delle scuole superiori", "educatore"),
        A("Colloquio di orientamento con il docente referente", "scuola"),
        A("Completare l'iscrizione online entro la scadenza", "genitore"),
    ),
    "Uso consapevole del telefono": (
        A("Concordare per iscritto gli orari senza telefono", "genitore"),
        A("Parlare dei rischi dei social durante la visita", "educatore"),
    ),
    "Prevenzione della dispersione scolastica": (
        A("Incontro con il tutor della scuola o del centro di formazione", "scuola"),
        A("Verificare ogni mese frequenza e voti", "educatore"),
        A("Valutare con la famiglia un percorso di riorientamento", "assistente sociale"),
    ),
    "Autonomia negli spostamenti": (
        A("Richiedere l'abbonamento agevolato dell'autobus", "genitore"),
        A("Percorrere insieme in autobus il tragitto casa-scuola", "educatore"),
    ),
    "Autonomia abitativa ed economica": (
        A("Compilare insieme il bilancio mensile delle spese", "educatore"),
        A("Pagare l'affitto entro il giorno 5 di ogni mese", "ragazzo"),
        A("Presentare la domanda per il contributo affitto del Comune", "assistente sociale"),
    ),
    "Inserimento lavorativo": (
        A("Aggiornare il curriculum e iscriversi al centro per l'impiego", "ragazzo"),
        A("Colloquio di verifica con il tutor del tirocinio", "educatore"),
        A("Attivare la dote lavoro con il servizio inserimenti lavorativi", "assistente sociale"),
    ),
    "Documenti e servizi": (
        A("Rinnovare la carta d'identità in Comune", "ragazzo"),
        A("Scegliere il medico di base e attivare il fascicolo sanitario", "ragazzo"),
        A("Prenotare in Questura il rinnovo del permesso di soggiorno", "ragazzo", "foreign"),
    ),
    "Rete di sostegno della famiglia": (
        A("Presentare la famiglia al gruppo di mutuo aiuto della parrocchia", "educatore"),
        A("Contattare l'associazione del quartiere per il doposcuola", "genitore"),
        A("Verificare l'accesso ai contributi comunali per le famiglie", "assistente sociale"),
    ),
}

# Notes of a relazione sent to the court (most have none).
COURT_REPORT_NOTES = (
    "Inviata via PEC alla cancelleria.",
    "Relazione di aggiornamento semestrale, inviata via PEC.",
    "Relazione congiunta con il consultorio familiare.",
    "Inviata via PEC; richiesta la proroga dell'incarico.",
)

# Invented names (no real organisation): the cooperative an Ambito names on its documents
# (ambito_settings), and the partners of co-designed activations (co-progettazione).
SETTINGS_COOPERATIVES = {
    "VBR": "Cooperativa sociale Sentieri di Valle",
    "DAL": "Cooperativa sociale Trame Leggere",
    "ISO": "Cooperativa sociale Il Ponte Sospeso",
}
PARTNERS = (
    "Cooperativa sociale Passi Lenti",
    "Cooperativa sociale Bussola di Carta",
    "Cooperativa sociale Semi di Quartiere",
    "Cooperativa sociale Orizzonte Chiaro",
    "Cooperativa sociale Lanterna Verde",
)


@dataclass(frozen=True, slots=True)
class CommunityLine:
    """A residential community of the registry (invented, as every name of the demo)."""

    name: str
    kind: str  # CommunityKind value
    ambito: str
    comune: str
    places: int
    notes: str


COMMUNITIES: tuple[CommunityLine, ...] = (
    CommunityLine("Comunità educativa Il Girasole", "educativa", "BG", "Bergamo", 10,
                  "Accoglie minori dai 6 ai 17 anni; équipe educativa presente sulle 24 ore."),
    CommunityLine("Comunità educativa Casa del Glicine", "educativa", "VSE", "Albino", 8,
                  "Accoglie ragazze e ragazzi dai 10 ai 17 anni."),
    CommunityLine("Comunità educativa Il Tiglio", "educativa", "VBR", "Zogno", 8,
                  "Accoglie minori dai 6 ai 17 anni; inserimenti anche in pronta accoglienza."),
    CommunityLine("Comunità familiare Casa Aquilone", "familiare", "ISO", "Bonate Sopra", 6,
                  "Una coppia residente con figli propri; accoglie bambini da 0 a 10 anni."),
    CommunityLine("Comunità mamma-bambino Casa Lucciola", "mamma-bambino", "DAL", "Stezzano", 6,
                  "Accoglie madri con figli fino a 6 anni, anche in gravidanza."),
    CommunityLine("Alloggio per l'autonomia Il Trampolino", "autonomia", "DAL", "Dalmine", 5,
                  "Appartamento per ragazzi dai 17 ai 21 anni in uscita dalla comunità."),
    CommunityLine("Pronto intervento minori Il Faro", "pronto-intervento", "TRE", "Treviglio", 4,
                  "Accoglienza d'urgenza, anche ex art. 403 c.c., per al massimo 60 giorni."),
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class ProjectLine:
    """A community project (welfare di comunità) and its weekly activity: only hours and
    participant counts are recorded, never who came."""

    title: str
    ambito: str
    comune: str
    partners: str
    description: str
    weekday: int  # 0 Monday
    minutes: tuple[int, int]  # shortest, longest
    participants: tuple[int, int]
    activities: tuple[str, ...]
    summer: bool = True  # the activity goes on in July and August


COMMUNITY_PROJECTS: tuple[ProjectLine, ...] = (
    ProjectLine(
        "Cortili aperti: compiti e merenda insieme", "SER", "Scanzorosciate",
        "Oratorio parrocchiale, associazione genitori, biblioteca comunale",
        "Spazio compiti e merenda per i ragazzi delle medie nel cortile dell'oratorio, con "
        "volontari del quartiere.",
        2, (120, 150), (8, 22),
        ("Spazio compiti e merenda", "Spazio compiti e giochi in cortile",
         "Merenda con i volontari e ripasso per le verifiche"),
        summer=False,
    ),
    ProjectLine(
        "Genitori in cerchio", "BG", "Bergamo",
        "Consultorio familiare, istituto comprensivo del quartiere",
        "Gruppo di parola per genitori di figli adolescenti, con una conduttrice e un'educatrice.",
        3, (90, 120), (6, 14),
        ("Gruppo di parola: regole e autonomia", "Gruppo di parola: scuola e compiti",
         "Gruppo di parola: telefono e social"),
        summer=False,
    ),
    ProjectLine(
        "Piazza dei ragazzi", "VSE", "Albino",
        "Comune, polisportiva locale, associazione giovani",
        "Educativa di strada nel parco e in piazza: giochi, tornei e ascolto dei ragazzi.",
        4, (120, 180), (10, 30),
        ("Educativa di strada al parco", "Torneo di calcetto in piazza",
         "Ascolto e giochi al parco"),
    ),
    ProjectLine(
        "Orti condivisi di quartiere", "TRE", "Treviglio",
        "Associazione pensionati, scuola primaria del quartiere",
        "Orti coltivati insieme da famiglie, anziani e bambini del quartiere.",
        5, (90, 150), (6, 18),
        ("Semina e cura dell'orto", "Raccolto e merenda condivisa", "Laboratorio di compostaggio"),
    ),
    ProjectLine(
        "Piccoli al parco", "ISO", "Ponte San Pietro",
        "Consultorio familiare, biblioteca comunale, associazione di volontariato",
        "Mattine di gioco e incontro per genitori con bambini piccoli, con una mediatrice "
        "linguistica.",
        1, (90, 120), (4, 12),
        ("Gioco libero e merenda al parco", "Letture ad alta voce per i piccoli",
         "Incontro sullo svezzamento con l'ostetrica"),
        summer=False,
    ),
)  # fmt: skip


# ------------------------------------------------------------------------------ plain views

_PLAIN_FIELDS = frozenset({"nome", "o", "la", "figlio", "ora"})


def _fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def plain(lines: tuple[Line, ...]) -> tuple[str, ...]:
    """The sentences that need only `{nome}`, `{o}`, `{la}`, `{figlio}` and `{ora}`."""
    return tuple(line.text for line in lines if _fields(line.text) <= _PLAIN_FIELDS)


NOTES_GENERAL = plain(HOME_LINES)
NOTES_BY_KIND: dict[VisitKind, tuple[str, ...]] = {
    kind: plain(lines) for kind, lines in NOTES_BY_KIND_LINES.items()
} | {K.FACILITATED_MEETING: plain(MEETING_ACTIVITY[4:5] + MEETING_RELATION[1:2])}
FACTS = plain(FACT_LINES)
STATEMENTS = plain(STATEMENT_LINES)
EVALUATIONS = plain(EVALUATION_LINES)
NEXT_STEPS = plain(NEXT_STEP_LINES)
AMENDMENTS = plain(AMENDMENT_LINES)
CASE_SUMMARIES: dict[Service, tuple[str, ...]] = {
    service: plain(lines) for service, lines in SUMMARY_LINES.items()
}
