"""Errors the user can act on; their message is shown as it is, so it never holds personal data."""


class DomainError(Exception):
    """A user error: bad input, a forbidden change. Exit code 1 on the command line."""

    exit_code = 1


class ValidationError(DomainError):
    """One or more fields are invalid; `field` names the first, for the form to highlight."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


class NotFoundError(DomainError):
    """A record asked for by id or code does not exist (or was deleted)."""


class ImmutableError(DomainError):
    """A closed visit or an applied record cannot change; only amendments can be added."""


class WrongPassphraseError(DomainError):
    """The passphrase does not unwrap the master key."""

    exit_code = 3


class UncountedWrongPassphraseError(WrongPassphraseError):
    """A wrong passphrase whose attempt could not be recorded in profile.json (a full disk,
    another writer): the message says why, so the screen can say it too."""


class IntegrityError(DomainError):
    """The database, the audit chain or the change log was tampered with or is damaged."""

    exit_code = 4


class DiskFullError(DomainError):
    """The disk holding the profile is full: SQLite rolled the transaction back, so nothing of
    it was written. Not damage: freeing space is all it takes."""

    def __init__(self) -> None:
        super().__init__(
            "Spazio su disco esaurito (disco pieno): nessuna modifica è stata salvata. "
            "Liberare spazio sul disco del profilo e riprovare."
        )


class StorageUnreachableError(DomainError):
    """The database file could not be opened or read by the operating system (a folder whose
    permissions changed, a disk error): not a wrong key and not tampering."""

    def __init__(self) -> None:
        super().__init__(
            "Il disco o la cartella del profilo non sono accessibili (chiavetta scollegata, "
            "permessi, spazio esaurito o errore del disco): nessuna modifica è stata salvata."
        )


class ProfileError(DomainError):
    """The profile folder is missing, already exists, or is not a profile."""


class ProfileInUseError(DomainError):
    """Another process holds the profile's lock (the application has it open, or another
    command rewrites profile.json or the database): nothing was done. Exit code 5: try again."""

    exit_code = 5

    def __init__(self) -> None:
        super().__init__(
            "Il profilo è in uso da un altro programma (l'applicazione aperta o un altro "
            "comando): chiudere l'applicazione o attendere che il comando finisca, poi riprovare."
            " Nulla è stato cambiato."
        )


class ProfileBusyError(DomainError):
    """Another process held the profile's database for writing longer than the busy timeout:
    nothing of this transaction was written. Exit code 5 on the command line: try again."""

    exit_code = 5

    def __init__(self) -> None:
        super().__init__(
            "Il profilo è in uso da un altro programma (l'applicazione o un altro comando): "
            "riprovare tra poco. Nessuna modifica è stata salvata."
        )


class NewerProfileError(ProfileError):
    """The profile was written by a newer version of the application: nothing was changed."""

    def __init__(self) -> None:
        super().__init__(
            "Questo profilo è stato aggiornato da una versione più recente di Minori e Famiglie: "
            "installare la versione più recente. Il profilo non è stato modificato."
        )
