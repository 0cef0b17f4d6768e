"""Closed lists of the domain. Values are the stable codes used in the database, the command line
and bundles; `label()` gives the Italian wording an educator reads."""

from __future__ import annotations

from enum import StrEnum


class _Labelled(StrEnum):
    @classmethod
    def _labels(cls) -> dict[str, str]:
        return {}

    def label(self) -> str:
        return self._labels().get(self.value, self.value)

    @classmethod
    def parse(cls, text: str, what: str) -> _Labelled:
        from minorifamiglie.domain.errors import ValidationError

        key = text.strip().lower().replace("_", "-")
        for member in cls:
            if key in (member.value, member.label().lower()):
                return member
        choices = ", ".join(m.value for m in cls)
        # "valore non ammesso" agrees with any label (la Fonte, il Servizio); the text given is
        # repeated only in part: it may be anything a person typed
        raise ValidationError(
            f"{what}: valore non ammesso '{text.strip()[:20]}'. Valori ammessi: {choices}"
        )


class Role(_Labelled):
    EDUCATOR = "educatore"
    SOCIAL_WORKER = "assistente-sociale"
    COORDINATOR = "coordinatore"
    PSYCHOLOGIST = "psicologo"

    @classmethod
    def _labels(cls) -> dict[str, str]:
        return {
            "educatore": "Educatore",
            "assistente-sociale": "Assistente sociale",
            "coordinatore": "Coordinatore",
            "psicologo": "Psicologo",
        }


class Service(_Labelled):
    TUTELA = "tutela"
    AFFIDO = "affido"
    ADM = "adm"
    TUTORING = "tutoring"
    FACILITATED_MEETINGS = "incontri-facilitati"
    CARE_LEAVERS = "neomaggiorenni"
    FRAGILE_FAMILIES = "famiglie-fragili"

    @classmethod
    def _labels(cls) -> dict[str, str]:
        return {
            "tutela": "Tutela minori",
            "affido": "Affido familiare",
            "adm": "Assistenza domiciliare minori",
            "tutoring": "Tutoring",
            "incontri-facilitati": "Incontri facilitati",
            "neomaggiorenni": "Neomaggiorenni",
            "famiglie-fragili": "Famiglie fragili",
        }


class CaseStatus(_Labelled):
    OPEN = "aperta"
    SUSPENDED = "sospesa"
    CLOSED = "chiusa"

    @classmethod
    def _labels(cls) -> dict[str, str]:
        return {"aperta": "Aperta", "sospesa": "Sospesa", "chiusa": "Chiusa"}


class ReferralSource(_Labelled):
    """Who made the segnalazione (aligned with the SINBA code list)."""

    COURT = "autorita-giudiziaria"
    SCHOOL = "scuola"
    HEALTH = "servizi-sanitari"
    POLICE = "forze-ordine"
    FAMILY = "famiglia"
    SOCIAL_SERVICES = "servizi-sociali"
    OTHER = "altro"

    @classmethod
    def _labels(cls) -> dict[str, str]:
        return {
            "autorita-giudiziaria": "Autorità giudiziaria",
            "scuola": "Scuola",
            "servizi-sanitari": "Servizi sanitari",
            "forze-ordine": "Forze dell'ordine",
            "famiglia": "Famiglia (accesso spontaneo)",
            "servizi-sociali": "Servizi sociali",
            "altro": "Altro",
        }


class Sex(_Labelled):
    """A person's sex as the codice fiscale records it (its day of birth plus 40 for F)."""

    FEMALE = "F"
    MALE = "M"

    @classmethod
    def _labels(cls) -> dict[str, str]:
        return {"F": "Femmina", "M": "Maschio"}

    @classmethod
    def parse(cls, text: str, what: str) -> Sex:
        from minorifamiglie.domain.errors import ValidationError

        key = text.strip().upper()
        for member in cls:
            if key in (member.value, member.label().upper()):
                return member
        raise ValidationError(
            f"{what}: valore non ammesso '{text.strip()[:20]}'. Valori ammessi: F, M", "sex"
        )


class MemberRole(_Labelled):
    MINOR = "minore"
    MOTHER = "madre"
    FATHER = "padre"
    GUARDIAN = "tutore"
    SPECIAL_CURATOR = "curatore-speciale"
    FOSTER_CARER = "affidatario"
    SIBLING = "fratello-sorella"
    OTHER = "altro"

    @classmethod
    def _labels(cls) -> dict[str, str]:
        return {
            "minore": "Minore in carico",
            "madre": "Madre",
            "padre": "Padre",
            "tutore": "Tutore",
            "curatore-speciale": "Curatore speciale",
            "affidatario": "Affidatario",
            "fratello-sorella": "Fratello/sorella",
            "altro": "Altro",
        }


class Authority(_Labelled):
    JUVENILE_COURT = "tribunale-minorenni"
    ORDINARY_COURT = "tribunale-ordinario"
    TUTELARY_JUDGE = "giudice-tutelare"
    CONSENSUAL = "consensuale"

    @classmethod
    def _labels(cls) -> dict[str, str]:
        return {
            "tribunale-minorenni": "Tribunale per i Minorenni",
            "tribunale-ordinario": "Tribunale ordinario",
            "giudice-tutelare": "Giudice tutelare",
            "consensuale": "Consensuale",
        }


class MeasureKind(_Labelled):
    ENTRUSTMENT = "affidamento-servizi"
    LIMITATION = "limitazione-responsabilita"
    FORFEITURE = "decadenza-responsabilita"
    COMMUNITY_PLACEMENT = "collocamento-comunita"
    FOSTER_PLACEMENT = "collocamento-affido"
    MEETINGS = "regolamentazione-incontri"
    EMERGENCY_403 = "art-403"
    PROSIEGUO = "prosieguo-amministrativo"
    OTHER = "altro"

    @classmethod
    def _labels(cls) -> dict[str, str]:
        return {
            "affidamento-servizi": "Affidamento ai servizi sociali",
            "limitazione-responsabilita": (
                "Limitazione della responsabilità genitoriale (art. 333 c.c.)"
            ),
            "decadenza-responsabilita": (
                "Decadenza dalla responsabilità genitoriale (art. 330 c.c.)"
            ),
            "collocamento-comunita": "Collocamento in comunità",
            "collocamento-affido": "Collocamento in affido",
            "regolamentazione-incontri": "Regolamentazione degli incontri",
            "art-403": "Intervento ex art. 403 c.c.",
            "prosieguo-amministrativo": "Prosieguo amministrativo",
            "altro": "Altro",
        }


class HoursPeriod(_Labelled):
    WEEK = "settimana"
    MONTH = "mese"


class VisitKind(_Labelled):
    HOME_VISIT = "visita-domiciliare"
    FACILITATED_MEETING = "incontro-facilitato"
    INTERVIEW = "colloquio"
    ACCOMPANIMENT = "accompagnamento"
    SCHOOL = "scuola"
    PHONE_CALL = "telefonata"
    TEAM_MEETING = "riunione-equipe"
    REPORT_WRITING = "stesura-relazione"

    @classmethod
    def _labels(cls) -> dict[str, str]:
        return {
            "visita-domiciliare": "Visita domiciliare",
            "incontro-facilitato": "Incontro facilitato",
            "colloquio": "Colloquio",
            "accompagnamento": "Accompagnamento",
            "scuola": "Scuola",
            "telefonata": "Telefonata",
            "riunione-equipe": "Riunione d'équipe",
            "stesura-relazione": "Stesura relazione",
        }

    @property
    def is_direct(self) -> bool:
        """Ore dirette (with the family) as opposed to indirette (équipe, reports)."""
        return self not in (VisitKind.TEAM_MEETING, VisitKind.REPORT_WRITING, VisitKind.PHONE_CALL)


class VisitOutcome(_Labelled):
    DONE = "svolta"
    CANCELLED_BY_FAMILY = "annullata-famiglia"
    CANCELLED_BY_SERVICE = "annullata-servizio"
    NO_SHOW = "assenza-non-comunicata"

    @classmethod
    def _labels(cls) -> dict[str, str]:
        return {
            "svolta": "Svolta",
            "annullata-famiglia": "Annullata dalla famiglia",
            "annullata-servizio": "Annullata dal servizio",
            "assenza-non-comunicata": "Assenza non comunicata",
        }


class VisitStatus(_Labelled):
    DRAFT = "bozza"
    CLOSED = "chiusa"

    @classmethod
    def _labels(cls) -> dict[str, str]:
        return {"bozza": "Bozza", "chiusa": "Chiusa e firmata"}


class GoalStatus(_Labelled):
    ACTIVE = "in-corso"
    ACHIEVED = "raggiunto"
    PARTIAL = "parzialmente-raggiunto"
    NOT_ACHIEVED = "non-raggiunto"
    DROPPED = "sospeso"

    @classmethod
    def _labels(cls) -> dict[str, str]:
        return {
            "in-corso": "In corso",
            "raggiunto": "Raggiunto",
            "parzialmente-raggiunto": "Parzialmente raggiunto",
            "non-raggiunto": "Non raggiunto",
            "sospeso": "Sospeso",
        }


class PlanKind(_Labelled):
    PEI = "pei"
    FRAMEWORK = "progetto-quadro"

    @classmethod
    def _labels(cls) -> dict[str, str]:
        return {"pei": "PEI", "progetto-quadro": "Progetto Quadro"}


class DeadlineKind(_Labelled):
    COURT_REPORT = "relazione-tribunale"
    PLAN_REVIEW = "verifica-progetto"
    FOSTER_REVIEW = "verifica-semestrale-affido"
    PLACEMENT_END = "fine-affido"
    MISSING_PEI = "pei-mancante"
    MANUAL = "manuale"
    COMING_OF_AGE = "maggiore-eta"  # revision 0007
    AGE_21 = "ventuno-anni"
    COMMUNITY_REVIEW = "verifica-semestrale-comunita"
    GOAL_ACTION = "azione-pei"

    @classmethod
    def _labels(cls) -> dict[str, str]:
        return {
            "relazione-tribunale": "Relazione di aggiornamento al Tribunale",
            "verifica-progetto": "Verifica del progetto",
            "verifica-semestrale-affido": "Verifica semestrale dell'affido",
            "fine-affido": "Scadenza prevista dell'affido",
            "pei-mancante": "PEI non ancora redatto",
            "manuale": "Scadenza",
            "maggiore-eta": "Maggiore età: richiesta di prosieguo amministrativo al Tribunale",
            "ventuno-anni": "Compimento dei 21 anni: termine del prosieguo amministrativo",
            "verifica-semestrale-comunita": "Relazione semestrale sul minore in comunità",
            "azione-pei": "Azione del PEI",
        }


class FosterFamilyStatus(_Labelled):
    IN_TRAINING = "in-formazione"
    ASSESSING = "in-valutazione"
    SUITABLE = "idonea"
    ENGAGED = "impegnata"
    SUSPENDED = "sospesa"
    WITHDRAWN = "ritirata"

    @classmethod
    def _labels(cls) -> dict[str, str]:
        return {
            "in-formazione": "In formazione",
            "in-valutazione": "In valutazione",
            "idonea": "Idonea",
            "impegnata": "Con affido in corso",
            "sospesa": "Sospesa",
            "ritirata": "Ritirata",
        }


class Availability(_Labelled):
    RESIDENTIAL = "residenziale"
    PART_TIME = "part-time"
    DAYTIME = "diurno"
    EMERGENCY = "pronta-accoglienza"

    @classmethod
    def _labels(cls) -> dict[str, str]:
        return {
            "residenziale": "Residenziale",
            "part-time": "Part-time",
            "diurno": "Diurno",
            "pronta-accoglienza": "Pronta accoglienza",
        }


class LegalBasis(_Labelled):
    CONSENSUAL = "consensuale"
    JUDICIAL = "giudiziale"

    @classmethod
    def _labels(cls) -> dict[str, str]:
        return {"consensuale": "Consensuale", "giudiziale": "Giudiziale"}


class PlacementKind(_Labelled):
    HETERO = "etero-familiare"
    INTRA = "intra-familiare"

    @classmethod
    def _labels(cls) -> dict[str, str]:
        return {"etero-familiare": "Etero-familiare", "intra-familiare": "Intra-familiare"}


class SheetStatus(_Labelled):
    """A paper sheet printed for a visit: printed, then transcribed into the diary, or
    destroyed (a handwritten sheet holds personal data and must not be left around)."""

    PRINTED = "stampata"
    TRANSCRIBED = "trascritta"
    DESTROYED = "distrutta"

    @classmethod
    def _labels(cls) -> dict[str, str]:
        return {"stampata": "Stampata", "trascritta": "Trascritta", "distrutta": "Distrutta"}


class CaseClosure(_Labelled):
    """Why a case was closed (revision 0007): what the Ambito's yearly figures ask for."""

    GOALS_MET = "obiettivi-raggiunti"
    COURT_CLOSED = "archiviazione"
    TRANSFERRED = "trasferimento-servizio"
    MOVED_AWAY = "cambio-residenza"
    CAME_OF_AGE = "maggiore-eta"
    ADOPTED = "adozione"
    WITHDRAWN = "rinuncia"
    OTHER = "altro"

    @classmethod
    def _labels(cls) -> dict[str, str]:
        return {
            "obiettivi-raggiunti": "Obiettivi raggiunti",
            "archiviazione": "Archiviazione del procedimento",
            "trasferimento-servizio": "Passaggio ad altro servizio",
            "cambio-residenza": "Trasferimento di residenza fuori Ambito",
            "maggiore-eta": "Maggiore età o fine del prosieguo amministrativo",
            "adozione": "Adozione",
            "rinuncia": "Rinuncia o mancata adesione della famiglia",
            "altro": "Altro motivo",
        }


class MeasureEnd(_Labelled):
    """How a court measure ended (revision 0007)."""

    EXPIRED = "scaduto"
    REVOKED = "revocato"
    REPLACED = "sostituito"
    CAME_OF_AGE = "maggiore-eta"

    @classmethod
    def _labels(cls) -> dict[str, str]:
        return {
            "scaduto": "Scaduto o esaurito",
            "revocato": "Revocato",
            "sostituito": "Sostituito da un nuovo provvedimento",
            "maggiore-eta": "Cessato con la maggiore età",
        }


class PlacementEnd(_Labelled):
    """Why a placement (affido or comunità) ended (revision 0007)."""

    RETURNED_HOME = "rientro-famiglia"
    ADOPTION = "adozione"
    OTHER_FAMILY = "altro-affido"
    COMMUNITY = "comunita"
    AUTONOMY = "autonomia"
    INTERRUPTED = "interruzione"
    OTHER = "altro"

    @classmethod
    def _labels(cls) -> dict[str, str]:
        return {
            "rientro-famiglia": "Rientro nella famiglia d'origine",
            "adozione": "Adozione",
            "altro-affido": "Passaggio ad altra famiglia affidataria",
            "comunita": "Inserimento in comunità",
            "autonomia": "Raggiunta autonomia",
            "interruzione": "Interruzione anticipata",
            "altro": "Altro motivo",
        }


class CommunityKind(_Labelled):
    """Residential communities for minors (revision 0007; DGR Lombardia 20762/2005)."""

    EDUCATIONAL = "educativa"
    FAMILY = "familiare"
    MOTHER_CHILD = "mamma-bambino"
    AUTONOMY = "autonomia"
    EMERGENCY = "pronto-intervento"

    @classmethod
    def _labels(cls) -> dict[str, str]:
        return {
            "educativa": "Comunità educativa",
            "familiare": "Comunità familiare",
            "mamma-bambino": "Comunità mamma-bambino",
            "autonomia": "Alloggio per l'autonomia",
            "pronto-intervento": "Pronto intervento",
        }


class AuditAction(_Labelled):
    VIEW = "view"
    CREATE = "create"
    UPDATE = "update"
    DELETE = "delete"
    CLOSE = "close"
    AMEND = "amend"
    EXPORT = "export"
    PRINT = "print"
    UNLOCK = "unlock"
    UNLOCK_FAILED = "unlock-failed"
    PASSPHRASE_CHANGED = "passphrase-changed"  # noqa: S105 - an event name
    PROFILE_CREATED = "profile-created"
    SYNC = "sync"
    TEAM = "team"
    CONFLICT_RESOLVED = "conflict-resolved"
    IMPORT = "import"
    SCHEMA_UPGRADED = "schema-upgraded"  # a newer version migrated the database


class OpKind(StrEnum):
    INSERT = "insert"
    UPDATE = "update"
    TOMBSTONE = "tombstone"
