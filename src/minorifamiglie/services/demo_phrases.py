"""Italian text pools for the demo data: what educators really write, never lorem ipsum.

Placeholders: `{nome}` the minor's first name, `{o}` the gender ending (sereno / serena,
lo / la), `{la}` the article after "del" (del / della), `{figlio}` (figlio / figlia), `{ora}` a
time of the visit."""

from __future__ import annotations

from minorifamiglie.domain.enums import Service, VisitKind

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
# Birthplaces for codici fiscali: mostly the hospitals of the province.
BIRTH_HOSPITALS = ("Bergamo", "Seriate", "Ponte San Pietro", "Alzano Lombardo", "Treviglio")
FOREIGN_BIRTHPLACES = ("Marocco", "Romania", "Albania", "Senegal", "Pakistan", "Ucraina")

CASE_TITLES: dict[Service, tuple[str, ...]] = {
    Service.TUTELA: ("Tutela minore", "Indagine psicosociale", "Vigilanza sul nucleo"),
    Service.AFFIDO: ("Affido familiare", "Progetto di affido", "Affido e rientro in famiglia"),
    Service.ADM: ("Sostegno educativo domiciliare", "ADM", "Intervento educativo a domicilio"),
    Service.TUTORING: ("Tutoring scolastico", "Sostegno ai compiti", "Tutoring e orientamento"),
    Service.FACILITATED_MEETINGS: ("Incontri protetti", "Incontri facilitati genitore-figli"),
    Service.CARE_LEAVERS: ("Progetto di autonomia", "Accompagnamento all'autonomia"),
    Service.FRAGILE_FAMILIES: ("Sostegno alla genitorialità", "Famiglia fragile"),
}

_COMMON_SUMMARIES = (
    "Nucleo monoparentale; la madre lavora su turni e fatica a seguire i compiti dei figli.",
    "Famiglia con difficoltà economiche e abitative, seguita anche dal CPS per la madre.",
    "Nucleo arrivato da poco in Italia; barriere linguistiche, buona disponibilità.",
    "Accesso spontaneo della madre al segretariato sociale per difficoltà educative.",
    "Padre detenuto; la madre chiede supporto nella gestione dei figli.",
)
CASE_SUMMARIES: dict[Service, tuple[str, ...]] = {
    Service.TUTELA: (
        "Decreto del Tribunale per i Minorenni di Brescia con affidamento al servizio sociale.",
        "Situazione di trascuratezza segnalata dal pediatra di libera scelta.",
        "Rientro in famiglia dopo un periodo in comunità educativa; monitoraggio del rientro.",
        "Segnalazione delle forze dell'ordine dopo un intervento per lite in famiglia.",
        *_COMMON_SUMMARIES,
    ),
    Service.AFFIDO: (
        "Affido presso i parenti, genitori con dipendenze in trattamento al SerD.",
        "Affido etero-familiare dopo un periodo in comunità; incontri con la madre in corso.",
        "Affido part-time a sostegno di una madre sola con orari di lavoro serali.",
    ),
    Service.ADM: (
        "Segnalazione della scuola per frequenti assenze e ritardi; rete familiare scarsa.",
        "Minore con disturbo specifico dell'apprendimento, certificato; genitori collaboranti.",
        "Difficoltà dei genitori nel porre regole; il minore trascorre molte ore da solo.",
        *_COMMON_SUMMARIES,
    ),
    Service.TUTORING: (
        "Dispersione scolastica alle medie; progetto condiviso con la scuola e l'oratorio.",
        "Minore con disturbo specifico dell'apprendimento, certificato; genitori collaboranti.",
        "Bocciatura nell'ultimo anno; sostegno allo studio e alla motivazione.",
    ),
    Service.FACILITATED_MEETINGS: (
        "Conflittualità elevata tra i genitori separati, incontri regolamentati dal Tribunale.",
        "Incontri protetti con il padre dopo un lungo periodo senza contatti.",
        "Minore collocato in comunità; incontri facilitati con la madre ogni due settimane.",
    ),
    Service.CARE_LEAVERS: (
        "Ragazzo in uscita dalla comunità al compimento dei diciotto anni, prosieguo in corso.",
        "Neomaggiorenne in appartamento per l'autonomia; tirocinio in corso.",
        "Ex minore straniero non accompagnato; percorso di inserimento lavorativo.",
    ),
    Service.FRAGILE_FAMILIES: (
        "Genitori molto giovani, supporto nella cura del neonato e nell'organizzazione domestica.",
        "Famiglia numerosa con un solo reddito; sostegno nella gestione della casa.",
        *_COMMON_SUMMARIES,
    ),
}

NOTES_GENERAL = (
    "{nome} ha svolto i compiti con attenzione e ha chiesto aiuto solo per matematica.",
    "La madre riferisce difficoltà nella gestione degli orari serali.",
    "{nome} appare seren{o} e accoglie l'educatrice sulla porta di casa.",
    "Si è lavorato sull'organizzazione dello zaino e del diario per la settimana.",
    "Il padre è rientrato dal lavoro durante la visita e si è fermato a parlare.",
    "{nome} racconta volentieri della giornata a scuola e degli amici di classe.",
    "Si osserva una maggiore collaborazione tra i fratelli durante il gioco.",
    "La casa si presenta in ordine; il frigorifero è fornito.",
    "{nome} fatica a concentrarsi per più di dieci minuti; si alternano pause brevi.",
    "Abbiamo letto insieme un capitolo del libro assegnato per le vacanze.",
    "La madre chiede un confronto sulle regole per l'uso del telefono.",
    "{nome} è appars{o} stanc{o} e poco disponibile all'inizio, poi si è sciolt{o}.",
    "Si è preparata insieme la verifica di storia di giovedì.",
    "Durante la merenda si è parlato delle attività sportive del fine settimana.",
    "La nonna materna era presente e ha partecipato attivamente alla conversazione.",
    "{nome} ha mostrato con orgoglio il voto positivo nella verifica di italiano.",
    "Si è ripreso il calendario delle attività pomeridiane concordato con la famiglia.",
    "La madre appare più tranquilla rispetto alle ultime settimane.",
    "Il fratello maggiore ha interrotto più volte; si è concordato uno spazio separato.",
    "{nome} ha riordinato la propria stanza su richiesta, senza opposizione.",
    "Si è svolta un'uscita al parco giochi del quartiere con attività motoria.",
    "Si è accompagnat{o} {nome} in biblioteca per l'iscrizione al prestito.",
    "Il clima familiare risulta teso per questioni economiche non risolte.",
    "La madre racconta di aver trovato un nuovo lavoro part-time in zona.",
    "{nome} ha chiesto di poter invitare un compagno di classe la prossima volta.",
    "Si lavora sull'autonomia nella preparazione della cartella la sera prima.",
    "Si è giocato a un gioco da tavolo per lavorare sul rispetto dei turni.",
    "Il padre riferisce che {nome} dorme poco e usa il tablet fino a tardi.",
    "Si è concordato con la madre di anticipare l'orario della cena.",
    "{nome} ha manifestato rabbia dopo un litigio con la sorella, poi si è calmat{o}.",
    "La visita si è svolta in cucina, unico ambiente riscaldato della casa.",
    "Si è fatto il punto sulle assenze scolastiche del mese.",
    "La madre ha mostrato le comunicazioni della scuola ricevute sul registro elettronico.",
    "{nome} è riuscit{o} a completare gli esercizi da sol{o} per la prima volta.",
    "Si è parlato del prossimo controllo dal neuropsichiatra infantile.",
    "Si osserva un buon legame affettivo tra {nome} e la madre.",
    "I genitori hanno litigato davanti a {nome}; si è ripreso con loro l'accaduto.",
    "Si è aiutata la madre a compilare la domanda per il centro estivo.",
    "{nome} ha disegnato la propria famiglia e ne ha parlato spontaneamente.",
    "Si è lavorato sulla lettura ad alta voce, con miglioramenti nella fluidità.",
    "Il padre si è reso disponibile ad accompagnare {nome} agli allenamenti.",
    "La famiglia ha ricevuto la visita dell'assistente sociale la settimana scorsa.",
    "Si rileva ancora difficoltà nel rispetto degli orari concordati.",
    "{nome} ha chiesto di parlare da sol{o} con l'educatrice e ha raccontato un litigio.",
)

NOTES_YOUNG = (
    "{nome} gioca sul tappeto con le costruzioni mentre la madre prepara la pappa.",
    "Si osserva la madre durante il cambio e il bagnetto: gesti sicuri e affettuosi.",
    "{nome} dorme durante la prima parte della visita; si parla con la madre dei ritmi.",
    "La madre chiede consigli sullo svezzamento e sugli orari del sonno.",
    "{nome} ha iniziato a frequentare il nido tre mattine alla settimana.",
    "Si legge un libro illustrato insieme a {nome}, che indica e nomina gli animali.",
    "La madre riferisce che {nome} si sveglia più volte durante la notte.",
    "Si è accompagnata la madre al consultorio per il controllo pediatrico.",
)

NOTES_CARE_LEAVERS = (
    "{nome} ha portato il contratto di tirocinio da rileggere insieme.",
    "Si è compilato insieme il bilancio delle spese del mese.",
    "{nome} riferisce di trovarsi bene con il coinquilino dell'appartamento.",
    "Si è preparato il curriculum per la candidatura in un'azienda di Dalmine.",
    "{nome} ha saltato due giorni di tirocinio; si è ripreso il tema della puntualità.",
    "Si è verificata la scadenza del permesso di soggiorno e della tessera sanitaria.",
    "{nome} chiede aiuto per aprire un conto corrente in banca.",
    "Si è parlato del rapporto con la famiglia d'origine dopo l'uscita dalla comunità.",
    "{nome} ha superato l'esame teorico della patente e ne è molto soddisfatt{o}.",
    "Si è pianificata la spesa settimanale con un budget definito.",
)

NOTES_BY_KIND: dict[VisitKind, tuple[str, ...]] = {
    VisitKind.FACILITATED_MEETING: (
        "Il padre arriva puntuale allo spazio neutro e attende {nome} in sala.",
        "{nome} entra nella stanza con l'operatrice e saluta la madre con un abbraccio.",
        "Durante l'incontro si gioca a carte; il clima è disteso.",
        "La madre porta una merenda e un piccolo regalo per {nome}.",
        "Si è richiamato il genitore a non parlare del procedimento davanti a {nome}.",
        "Il distacco al termine dell'incontro è gestito con serenità.",
        "{nome} fatica a separarsi dal padre alla fine dell'incontro e piange brevemente.",
        "Il genitore chiede di poter prolungare l'incontro; si ricordano le prescrizioni.",
        "Si osserva una comunicazione affettuosa, con contatto fisico adeguato.",
        "Il padre ha ricevuto una telefonata e si è allontanato per alcuni minuti.",
    ),
    VisitKind.SCHOOL: (
        "Colloquio con la coordinatrice di classe sull'andamento del quadrimestre.",
        "Gli insegnanti riferiscono miglioramenti nel comportamento in classe.",
        "Si è condiviso con la scuola il calendario delle verifiche del mese.",
        "La docente di sostegno segnala difficoltà nella lettura e nella comprensione.",
    ),
    VisitKind.PHONE_CALL: (
        "Telefonata con la madre per riprogrammare l'incontro della settimana.",
        "Aggiornamento telefonico con l'assistente sociale sull'andamento del progetto.",
        "La scuola telefona per segnalare un'assenza non giustificata.",
    ),
    VisitKind.TEAM_MEETING: (
        "Riunione d'équipe con assistente sociale e psicologa sull'andamento del caso.",
        "Si condivide in équipe la proposta di ridurre il monte ore da settembre.",
        "In équipe si valuta la richiesta della famiglia di cambiare giorno di visita.",
    ),
    VisitKind.REPORT_WRITING: (
        "Stesura della relazione di aggiornamento per l'assistente sociale.",
        "Raccolta del materiale per la relazione semestrale al Tribunale.",
    ),
    VisitKind.ACCOMPANIMENT: (
        "Accompagnamento di {nome} alla visita dal neuropsichiatra infantile.",
        "Accompagnamento al Centro per l'Impiego per l'iscrizione al programma GOL.",
        "Accompagnamento in Comune per il rinnovo della carta d'identità.",
        "Si è accompagnat{o} {nome} al primo allenamento con la squadra del paese.",
    ),
    VisitKind.INTERVIEW: (
        "Colloquio con la madre sull'organizzazione della settimana e sui turni di lavoro.",
        "Colloquio individuale con {nome} sui progetti per il prossimo anno.",
        "Colloquio con gli affidatari sull'inserimento scolastico di {nome}.",
        "Colloquio di verifica del progetto con entrambi i genitori.",
    ),
}

CANCELLED_NOTES = {
    "annullata-famiglia": (
        "Visita annullata: la madre ha comunicato telefonicamente un impegno di lavoro.",
        "La famiglia ha disdetto in mattinata per malattia di {nome}.",
        "Annullata su richiesta del padre per una visita medica concomitante.",
    ),
    "annullata-servizio": (
        "Visita annullata per malattia dell'operatrice; recupero da concordare.",
        "Annullata per sovrapposizione con la riunione d'équipe straordinaria.",
    ),
    "assenza-non-comunicata": (
        "Al domicilio non risponde nessuno; la madre non risponde al telefono.",
        "Il genitore non si è presentato allo spazio neutro e non ha avvisato.",
        "{nome} non era a casa all'orario concordato; nessuna comunicazione preventiva.",
    ),
}

FACTS = (
    "Alle {ora} {nome} non era ancora rientrat{o} da scuola; è arrivat{o} venti minuti dopo.",
    "Il frigorifero risultava vuoto e in casa non era presente un adulto.",
    "{nome} presentava un livido sul braccio sinistro, che ha attribuito a una caduta al parco.",
    "La porta d'ingresso è stata aperta dal fratello di dodici anni, solo in casa.",
    "Il registro elettronico riporta sei assenze nelle ultime due settimane.",
    "All'arrivo dell'educatrice la televisione era accesa ad alto volume.",
    "Il genitore si è presentato all'incontro con trenta minuti di ritardo.",
    "Il materiale scolastico è completo e i compiti del giorno risultano svolti.",
)

STATEMENTS = (
    "La madre dichiara di non riuscire a farsi ascoltare quando {nome} è arrabbiat{o}.",
    "Il padre riferisce di aver perso il lavoro a fine mese.",
    "{nome} riferisce che a scuola alcuni compagni l{o} prendono in giro.",
    "La nonna afferma di poter accompagnare {nome} a scuola tre mattine alla settimana.",
    "La madre dichiara di voler riprendere il percorso al consultorio familiare.",
    "{nome} racconta di aver sentito i genitori litigare la sera precedente.",
    "Gli affidatari riferiscono che {nome} si è ambientat{o} bene nella nuova scuola.",
    "Il padre afferma di non aver ricevuto la comunicazione sul cambio di orario.",
)

EVALUATIONS = (
    "Si valuta positivamente la maggiore costanza della madre nel rispetto degli accordi.",
    "Si ritiene opportuno mantenere la frequenza settimanale degli interventi.",
    "Dall'osservazione emerge una relazione affettiva significativa ma poco contenitiva.",
    "Si valuta che {nome} tragga beneficio dalla regolarità degli incontri.",
    "Persistono elementi di fragilità nella gestione delle regole quotidiane.",
    "Si ritiene utile un confronto con la neuropsichiatria sull'attenzione in classe.",
    "Il genitore appare più consapevole dei bisogni del{la} {figlio}.",
    "La situazione appare stabile; non si rilevano elementi di rischio immediato.",
)

NEXT_STEPS = (
    "Prossima visita martedì alle 15:00, con verifica dei compiti di matematica.",
    "Concordare con l'assistente sociale un colloquio con entrambi i genitori.",
    "Contattare la scuola per fissare un incontro con il consiglio di classe.",
    "Proporre alla famiglia l'iscrizione al centro estivo comunale.",
    "Portare la modulistica per la richiesta della dote scuola.",
    "Verificare alla prossima visita l'uso del diario scolastico.",
    "Aggiornare l'équipe sull'esito dell'incontro.",
    "Richiedere all'assistente sociale la conferma del calendario degli incontri.",
)

AMENDMENTS = (
    "Integrazione: si precisa che all'incontro era presente anche la nonna materna.",
    "Integrazione: l'orario di fine corretto è di quindici minuti successivo.",
    "Integrazione: la madre ha richiamato in serata per scusarsi dell'accaduto.",
    "Integrazione: la scuola ha confermato per iscritto quanto riferito a voce.",
    "Integrazione: l'assistente sociale è stata informata il giorno stesso.",
)

GOALS: dict[str, tuple[tuple[str, str, str], ...]] = {
    # (title, description, indicators)
    "pei": (
        (
            "Autonomia nello svolgimento dei compiti",
            "Sostenere il minore nell'organizzazione del lavoro scolastico pomeridiano.",
            "Compiti svolti in autonomia almeno tre giorni su cinque",
        ),
        (
            "Regolarità della frequenza scolastica",
            "Ridurre assenze e ritardi con il coinvolgimento della famiglia.",
            "Meno di due assenze non giustificate al mese",
        ),
        (
            "Gestione delle emozioni",
            "Aiutare il minore a riconoscere e nominare rabbia e frustrazione.",
            "Riduzione degli episodi di crisi riferiti dalla scuola",
        ),
        (
            "Routine serali condivise",
            "Accompagnare i genitori nella definizione di orari e regole serali.",
            "Orario della cena e del sonno rispettato quattro sere su sette",
        ),
        (
            "Socializzazione con i pari",
            "Favorire la partecipazione ad attività sportive o oratoriali.",
            "Frequenza di almeno un'attività extrascolastica",
        ),
        (
            "Orientamento alla scuola superiore",
            "Accompagnare la scelta della scuola superiore con la famiglia.",
            "Iscrizione effettuata entro i termini",
        ),
        (
            "Autonomia abitativa ed economica",
            "Sostenere il neomaggiorenne nella gestione del budget e della casa.",
            "Bilancio mensile compilato; affitto pagato regolarmente",
        ),
    ),
    "progetto-quadro": (
        (
            "Tutela del minore nel contesto familiare",
            "Monitorare le condizioni di cura e protezione nel nucleo.",
            "Assenza di nuovi eventi pregiudizievoli segnalati",
        ),
        (
            "Recupero delle competenze genitoriali",
            "Percorso di sostegno alla genitorialità con il consultorio.",
            "Partecipazione regolare ai colloqui programmati",
        ),
        (
            "Mantenimento dei legami con la famiglia d'origine",
            "Garantire incontri regolari con i genitori secondo il decreto.",
            "Incontri svolti secondo calendario senza interruzioni",
        ),
        (
            "Stabilità dell'affido",
            "Sostenere la famiglia affidataria e l'inserimento del minore.",
            "Verifiche semestrali con esito positivo",
        ),
    ),
}

MANUAL_DEADLINES = (
    "Consegnare la relazione di aggiornamento all'assistente sociale",
    "Incontro di rete con scuola e neuropsichiatria",
    "Rinnovo del permesso di soggiorno della madre",
    "Verifica del calendario degli incontri protetti",
    "Colloquio con la famiglia affidataria",
    "Presentare la domanda per il centro estivo",
    "Richiedere il certificato di frequenza scolastica",
)

PRESCRIPTIONS: dict[str, tuple[str, ...]] = {
    "tribunale-minorenni": (
        "Affida il minore al Servizio Tutela Minori dell'Ambito, con collocamento presso la "
        "madre; incarica il servizio di relazionare ogni sei mesi.",
        "Dispone incontri protetti tra il padre e il minore con cadenza quindicinale in spazio "
        "neutro, alla presenza di un educatore.",
        "Limita la responsabilità genitoriale di entrambi i genitori per le scelte sanitarie e "
        "scolastiche; prescrive sostegno educativo domiciliare.",
        "Dispone il collocamento del minore in affido etero-familiare; regolamenta i rapporti "
        "con i genitori tramite incontri facilitati.",
        "Prescrive ai genitori di seguire un percorso di sostegno presso il consultorio "
        "familiare e di collaborare con i servizi.",
    ),
    "tribunale-ordinario": (
        "Nell'ambito della separazione, incarica i servizi sociali di organizzare incontri "
        "protetti tra il padre e i figli.",
        "Dispone l'affidamento condiviso con collocamento prevalente presso la madre e "
        "monitoraggio dei servizi sociali.",
    ),
    "giudice-tutelare": (
        "Rende esecutivo il provvedimento di affido consensuale disposto dal servizio sociale.",
    ),
    "consensuale": ("Progetto concordato con la famiglia e sottoscritto da entrambi i genitori.",),
}

FAMILY_CHILDREN = (
    "senza figli",
    "con un figlio di 9 anni",
    "con due figli adolescenti",
    "con una figlia di 6 anni",
)
FAMILY_NOTES = (
    "Disponibili ad accogliere fratelli.",
    "Preferenza per bambini in età scolare.",
    "Esperienza precedente di affido diurno.",
    "Partecipano al gruppo di sostegno delle famiglie affidatarie.",
    "",
)
RELATIVES_NOTES = ("Nonni materni del minore.", "Zii paterni del minore.", "Nonna paterna.")
MOTHER_NOTES = (
    "",
    "",
    "Lavora su turni in un'azienda della zona.",
    "Segue un percorso presso il CPS.",
    "Casalinga.",
)
GUARDIAN_NOTE = "Avvocato del Foro di Bergamo, nominato tutore dal Tribunale."
CURATOR_NOTE = "Curatore speciale del minore nel procedimento."
STREETS = ("Via", "Via", "Via", "Viale", "Piazza", "Vicolo")

PLACES: dict[VisitKind, tuple[str, ...]] = {
    VisitKind.HOME_VISIT: ("Domicilio",),
    VisitKind.FACILITATED_MEETING: ("Spazio neutro", "Spazio incontri del consultorio"),
    VisitKind.INTERVIEW: ("Sede del Servizio Tutela Minori", "Sede della cooperativa"),
    VisitKind.ACCOMPANIMENT: ("Esterno", "Centro per l'Impiego", "Ambulatorio ASST"),
    VisitKind.SCHOOL: ("Scuola primaria", "Scuola secondaria di primo grado"),
    VisitKind.PHONE_CALL: ("",),
    VisitKind.TEAM_MEETING: ("Sede del Servizio Tutela Minori",),
    VisitKind.REPORT_WRITING: ("Sede della cooperativa",),
}
FOSTER_HOME = "Domicilio della famiglia affidataria"

COURTS: dict[str, tuple[str, str]] = {  # authority: (who issues it, docket suffix)
    "tribunale-minorenni": ("Tribunale per i Minorenni di Brescia", "R.G. V.G."),
    "tribunale-ordinario": ("Tribunale di Bergamo", "R.G."),
    "giudice-tutelare": ("Giudice tutelare del Tribunale di Bergamo", "G.T."),
    "consensuale": ("Servizio sociale", ""),
}
