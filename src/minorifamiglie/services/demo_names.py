"""Names for the demo's people, from the origin of each person: never a famous one.

Italian names come from short curated lists: common surnames of the province of Bergamo and of
the families who moved north from the rest of Italy, and given names by generation (a child born
in 2015 is not called Pierina, a grandmother may be). Faker's it_IT surname list is not used: it
is a who's who (Borsellino, Falcone, Bergoglio, Berlusconi, Baggio, Buscetta…).

The foreign origins are the larger communities of the province. Faker is used where one of its
locales really holds names of that country written in Latin letters: the surnames of ro_RO
(Romania; its given names include many archaic ones, Paraschiva, Blanduzia, so the parents'
given names are curated) and the names of en_NG (Nigeria). Elsewhere it does not fit, checked
on the installed Faker: sq_AL has no person names (it falls back to English ones), uk_UA
writes in Cyrillic, the ar_* locales in Arabic script, en_PK mixes male and female given names,
and there is no locale for Senegal, Morocco or Bolivia.
Those get a small curated list of common given names and surnames, as they are written in
Italian documents. Children born in Italy to foreign parents mostly get names of the family's
origin (the curated `girls` / `boys` lists, names common in that generation), sometimes an
Italian one. Every name, curated or from Faker, goes through `DENY_SURNAMES`."""

from __future__ import annotations

import importlib
import random
import re
from dataclasses import dataclass

from faker import Faker

# Surnames that evoke one famous person (victims of the mafia and mafiosi, popes, presidents and
# politicians, footballers and sportsmen, singers, artists): never given to a synthetic person,
# even when a Faker locale offers them. Compared case-insensitively.
DENY_SURNAMES: frozenset[str] = frozenset(
    name.casefold()
    for name in (
        # victims of the mafia, and mafiosi
        "Borsellino", "Falcone", "Impastato", "Chinnici", "Livatino", "Dalla Chiesa",
        "Cassarà", "La Torre", "Mattarella", "Puglisi", "Terranova", "Costa", "Montana",
        "Buscetta", "Riina", "Provenzano", "Messina Denaro", "Badalamenti", "Cutolo",
        # popes
        "Bergoglio", "Ratzinger", "Wojtyla", "Wojtyła", "Roncalli", "Montini", "Luciani",
        "Pacelli",
        # presidents, prime ministers, politicians
        "Berlusconi", "Meloni", "Draghi", "Renzi", "Prodi", "Salvini", "Andreotti", "Craxi",
        "Moro", "Berlinguer", "Mussolini", "Matteotti", "Gramsci", "Togliatti", "Pertini",
        "Cossiga", "Scalfaro", "Ciampi", "Napolitano", "Segni", "Saragat", "Einaudi", "Leone",
        "Letta", "Bersani", "D'Alema", "Veltroni", "Casini", "Fini", "Bossi", "Di Maio",
        "Grillo", "Casaleggio", "Schlein", "Tajani", "Calenda", "Bonino", "Carfagna",
        "Gelmini", "Brunetta", "Tremonti", "Mogherini", "Casellati", "Conte", "Monti",
        "Giolitti", "Crispi", "De Gasperi", "Fanfani", "Almirante", "Nenni", "Badoglio",
        "Gentiloni", "Boldrini", "Grasso", "Santanchè", "Garibaldi", "Mazzini", "Cavour",
        # footballers, coaches, champions
        "Totti", "Baggio", "Maldini", "Del Piero", "Buffon", "Pirlo", "Cannavaro", "Baresi",
        "Zoff", "Rivera", "Mazzola", "Facchetti", "Vialli", "Mancini", "Gattuso", "Nesta",
        "Chiellini", "Bonucci", "Insigne", "Donnarumma", "Verratti", "Inzaghi", "Vieri",
        "Zola", "Scirea", "Tardelli", "Riva", "Meazza", "Balotelli", "Ancelotti", "Sacchi",
        "Lippi", "Trapattoni", "Capello", "Donadoni", "Gimondi", "Pantani", "Coppi",
        "Bartali", "Nibali", "Tomba", "Mennea", "Vezzali", "Sinner", "Valentino",
        # singers, actors, directors, designers, writers, scientists
        "Pausini", "Ramazzotti", "Ligabue", "Morandi", "Celentano", "Battisti", "De André",
        "Dalla", "Modugno", "Mannoia", "Bocelli", "Pavarotti", "Ferro", "Nannini",
        "Venditti", "Baglioni", "Cocciante", "Antonacci", "Bertè", "Vanoni", "Carrà",
        "Tenco", "Gaber", "Battiato", "Mengoni", "Ferragni", "Facchinetti", "Fornaciari",
        "Pezzali", "Jovanotti", "Cherubini", "Fellini", "Rossellini", "Pasolini", "Sordi",
        "Mastroianni", "Benigni", "Tognazzi", "Gassman", "Bellucci", "Loren",
        "Lollobrigida", "Morricone", "Armani", "Versace", "Gucci", "Prada", "Ferragamo",
        "Agnelli", "Verdi", "Puccini", "Rossini", "Vivaldi", "Manzoni", "Leopardi",
        "Alighieri", "Petrarca", "Boccaccio", "Machiavelli", "Galilei", "Marconi", "Volta",
        "Fermi", "Montessori", "Montalcini", "Pirandello", "Ungaretti", "Quasimodo",
        "Caravaggio", "Merisi", "Botticelli", "Michelangelo", "Buonarroti",
        # famous names offered by the foreign locales used
        "Abiola", "Adetokunbo", "Ekwueme", "Obasanjo", "Buhari", "Tinubu", "Okocha",
        "Osimhen", "Ceaușescu", "Ceausescu", "Iohannis", "Hagi", "Comăneci", "Comaneci",
        "Năstase", "Nastase", "Hoxha", "Berisha", "Rama", "Meta", "Zelensky", "Zelenskyy",
        "Shevchenko", "Klitschko", "Poroshenko", "Tymoshenko", "Yanukovych", "Senghor",
        "Wade", "Sall", "Faye", "Mané", "Koulibaly", "Ndour", "Bhutto", "Sharif",
        "Morales", "Arce", "Hakimi", "Ziyech",
    )
)  # fmt: skip

_UPPER, _LOWER = "A-ZÀ-ÖØ-ÞĂÂÎȘȚŞŢ", "a-zà-öø-ÿăâîșțşţ"
_WORD = f"(?:[DL]['’])?[{_UPPER}][{_LOWER}]+"
_LATIN_NAME = re.compile(f"{_WORD}(?:[ -]{_WORD})*")


def allowed(surname: str) -> bool:
    """Not a famous surname, and written in Latin letters as an Italian register would."""
    return surname.casefold() not in DENY_SURNAMES and bool(_LATIN_NAME.fullmatch(surname))


# ------------------------------------------------------------------------------ Italy

ITALIAN_SURNAMES: tuple[str, ...] = (
    # common in the province of Bergamo and in Lombardy
    "Rota", "Locatelli", "Pesenti", "Carminati", "Cortinovis", "Mazzoleni", "Ravasio",
    "Brignoli", "Previtali", "Bonacina", "Milesi", "Ghilardi", "Belotti", "Gamba", "Arnoldi",
    "Bettoni", "Zanchi", "Bergamelli", "Pedretti", "Maffeis", "Pezzotta", "Bertocchi",
    "Quarti", "Moioli", "Capelli", "Lazzari", "Bonetti", "Vitali", "Sala", "Colombo",
    "Galli", "Crippa", "Brambilla", "Cattaneo", "Mapelli", "Bonfanti", "Vavassori", "Salvi",
    "Tiraboschi", "Perico", "Personeni", "Rossi", "Ferrari", "Bianchi", "Fumagalli",
    "Villa", "Gatti", "Valsecchi", "Corna", "Cividini", "Gervasoni", "Bosio", "Signorelli",
    "Nava", "Testa", "Rizzi", "Sonzogni", "Agostinelli", "Cornali", "Manenti", "Frigeni",
    "Plebani", "Carrara", "Ruggeri", "Suardi", "Bana", "Oberti", "Trapletti", "Zambelli",
    "Gualini", "Rinaldi", "Finazzi", "Lorenzi", "Gotti", "Epis", "Baronchelli", "Bortolotti",
    "Pagani", "Mologni", "Cefis", "Rizzoli", "Assolari", "Invernici", "Zucchinali",
    # families who came from the rest of Italy
    "Russo", "Esposito", "Romano", "Ricci", "Marino", "Greco", "Bruno", "Gallo",
    "Giordano", "Rizzo", "Lombardi", "Moretti", "Barbieri", "Fontana", "Santoro", "Mariani",
    "Caruso", "Ferrara", "Fabbri", "De Luca", "Longo", "Martinelli", "Serra", "Vitale",
    "Coppola", "D'Angelo", "Pellegrino", "Palumbo", "Sanna", "Messina", "Amato", "Parisi",
    "Cirillo", "Gentile", "D'Amico", "Marchetti", "Mancuso", "Orlando", "Ruggiero",
    "Piras", "Farina", "Fiore", "Catalano", "Lombardo", "La Rosa", "Sorce", "Pagano",
)  # fmt: skip

# Given names by generation: born from 2004 (children), 1966-2003 (parents, operators),
# before 1966 (grandparents).
ITALIAN_GIVEN: dict[str, tuple[str, ...]] = {
    "girls": (
        "Sofia", "Aurora", "Giulia", "Ginevra", "Alice", "Beatrice", "Emma", "Giorgia",
        "Vittoria", "Matilde", "Martina", "Chiara", "Anna", "Sara", "Greta", "Noemi",
        "Francesca", "Nicole", "Ludovica", "Elisa", "Gaia", "Rebecca", "Camilla", "Arianna",
        "Viola", "Alessia", "Bianca", "Marta", "Elena", "Asia", "Irene", "Azzurra", "Mia",
    ),
    "boys": (
        "Leonardo", "Francesco", "Alessandro", "Lorenzo", "Mattia", "Andrea", "Gabriele",
        "Riccardo", "Tommaso", "Edoardo", "Matteo", "Giuseppe", "Nicolò", "Antonio",
        "Federico", "Diego", "Davide", "Christian", "Samuele", "Pietro", "Filippo",
        "Giovanni", "Marco", "Luca", "Simone", "Alessio", "Michele", "Emanuele", "Jacopo",
        "Elia", "Giulio", "Enea", "Thomas", "Cristian",
    ),
    "women": (
        "Francesca", "Chiara", "Sara", "Silvia", "Valentina", "Elena", "Laura", "Federica",
        "Giulia", "Martina", "Alessandra", "Paola", "Roberta", "Elisa", "Simona", "Monica",
        "Barbara", "Cristina", "Daniela", "Manuela", "Michela", "Debora", "Katia", "Jessica",
        "Veronica", "Serena", "Ilaria", "Stefania", "Erika", "Claudia", "Sabrina", "Lucia",
    ),
    "men": (
        "Andrea", "Marco", "Luca", "Alessandro", "Matteo", "Davide", "Simone", "Stefano",
        "Paolo", "Fabio", "Roberto", "Daniele", "Massimo", "Francesco", "Giuseppe", "Mauro",
        "Claudio", "Emanuele", "Michele", "Nicola", "Cristian", "Mirko", "Omar", "Ivan",
        "Gianluca", "Alberto", "Diego", "Giovanni", "Enrico", "Riccardo", "Fabrizio",
    ),
    "old_women": (
        "Maria", "Rosa", "Giuseppina", "Anna", "Angela", "Teresa", "Lucia", "Carla", "Franca",
        "Rosanna", "Giovanna", "Mariangela", "Luisa", "Gabriella", "Pierina", "Santina",
        "Elena", "Bruna", "Graziella", "Marisa",
    ),
    "old_men": (
        "Giuseppe", "Giovanni", "Angelo", "Luigi", "Franco", "Mario", "Pierluigi", "Gianni",
        "Bruno", "Sergio", "Renato", "Battista", "Pietro", "Carlo", "Antonio", "Gianfranco",
        "Roberto", "Lino", "Aldo", "Emilio",
    ),
}  # fmt: skip


# ------------------------------------------------------------------------------ foreign origins


@dataclass(frozen=True, slots=True)
class Origin:
    """Where a family comes from: the country (as the codice fiscale names it) and its names.
    `locale`: a Faker locale whose surnames fit the country (and its given names too, unless
    `women` and `men` are given), else the curated lists are used."""

    country: str
    weight: float  # share among the foreign families of the demo
    locale: str | None = None
    women: tuple[str, ...] = ()
    men: tuple[str, ...] = ()
    surnames: tuple[str, ...] = ()
    girls: tuple[str, ...] = ()  # children born in Italy to the family
    boys: tuple[str, ...] = ()
    msna: bool = False  # a usual origin of unaccompanied minors (care leavers without family)


ITALY = "Italia"

ORIGINS: dict[str, Origin] = {
    o.country: o
    for o in (
        Origin(
            "Marocco", 24.0,
            women=("Fatima", "Khadija", "Aicha", "Naima", "Samira", "Zineb", "Hanane", "Malika",
                   "Soukaina", "Latifa", "Nadia", "Rachida", "Houda", "Loubna", "Meryem"),
            men=("Mohamed", "Youssef", "Rachid", "Said", "Abdelaziz", "Mustapha", "Karim",
                 "Hassan", "Abdellah", "Khalid", "Aziz", "Driss", "Nabil", "Hicham", "Omar"),
            surnames=("El Amrani", "Benali", "El Idrissi", "Bouzid", "Ait Ali", "El Khatib",
                      "Ouali", "Tahiri", "Bennani", "Chakir", "Lahlou", "Berrada",
                      "El Mansouri", "Ouazzani", "Bakkali", "El Fassi", "Zaidi", "Rachidi",
                      "Tazi", "Naciri", "Boukhari", "Haddad", "Amrani", "Kaddouri"),
            girls=("Nour", "Sara", "Yasmine", "Ines", "Malak", "Hiba", "Aya", "Salma", "Amira",
                   "Lina", "Jana", "Maryam", "Rania", "Doua"),
            boys=("Adam", "Rayan", "Amir", "Ilyas", "Youssef", "Yassin", "Sami", "Imran",
                  "Zakaria", "Anas", "Ayoub", "Idris", "Ismail", "Hamza"),
            msna=True,
        ),
        Origin("Romania", 20.0, locale="ro_RO",
               women=("Andreea", "Elena", "Ioana", "Maria", "Mihaela", "Alina", "Cristina",
                      "Daniela", "Gabriela", "Simona", "Florentina", "Loredana", "Ramona",
                      "Adriana", "Nicoleta", "Roxana"),
               men=("Ionut", "Andrei", "Alexandru", "Mihai", "Florin", "Marius", "Adrian",
                    "Bogdan", "Cătălin", "Constantin", "Gheorghe", "Vasile", "Daniel",
                    "Cristian", "Costel", "Dorin"),
               girls=("Maria", "Ioana", "Sofia", "Daria", "Andreea", "Bianca", "Ana", "Alesia",
                      "Eva", "Denisa", "Antonia", "Alexia"),
               boys=("David", "Andrei", "Luca", "Stefan", "Alexandru", "Gabriel", "Matei",
                     "Rares", "Darius", "Eric", "Mihai", "Denis")),
        Origin(
            "Albania", 16.0,
            women=("Elona", "Anila", "Blerina", "Mirela", "Eriola", "Jonida", "Valbona", "Ilda",
                   "Entela", "Klodiana", "Alma", "Ornela", "Brunilda", "Elda", "Manjola"),
            men=("Arben", "Ilir", "Gentian", "Artan", "Besnik", "Fatmir", "Dritan", "Erion",
                 "Agron", "Klodian", "Ardian", "Edmond", "Sokol", "Luan", "Altin"),
            surnames=("Gjoka", "Kola", "Dervishi", "Cela", "Muca", "Hysa", "Krasniqi", "Gashi",
                      "Bajrami", "Dushku", "Prifti", "Lika", "Zeneli", "Marku", "Gjini", "Doci",
                      "Hasani", "Llaci", "Xhafa", "Tafaj", "Bregu", "Sula", "Kapllani",
                      "Shkurti"),
            girls=("Klea", "Ajla", "Ela", "Amelia", "Sara", "Erisa", "Melisa", "Anisa", "Kejsi",
                   "Reina", "Leandra", "Noemi"),
            boys=("Ardit", "Klejdi", "Kevin", "Denis", "Endri", "Arlind", "Ergi", "Aron", "Noel",
                  "Erik", "Dario", "Liam"),
            msna=True,
        ),
        Origin(
            "Senegal", 11.0,
            women=("Fatou", "Aminata", "Awa", "Khady", "Ndeye", "Mariama", "Astou", "Coumba",
                   "Aissatou", "Rokhaya", "Sokhna", "Adama", "Binta", "Dieynaba", "Mareme"),
            men=("Mamadou", "Cheikh", "Ousmane", "Moussa", "Ibrahima", "Abdoulaye", "Modou",
                 "Babacar", "Pape", "Serigne", "Alioune", "Assane", "Lamine", "Malick",
                 "Saliou"),
            surnames=("Diop", "Ndiaye", "Gueye", "Sow", "Diallo", "Sarr", "Mbaye", "Ba", "Seck",
                      "Cissé", "Thiam", "Niang", "Kane", "Sy", "Dieng", "Mbengue", "Samb",
                      "Diagne", "Gaye", "Fall", "Sene", "Badji"),
            girls=("Fatou", "Aminata", "Awa", "Mariama", "Khadija", "Adama", "Aissatou",
                   "Seynabou", "Ndeye", "Sokhna", "Astou"),
            boys=("Mamadou", "Abdou", "Moussa", "Ibrahima", "Cheikh", "Amadou", "Omar",
                  "Samba", "Elhadji", "Modou", "Ousmane"),
            msna=True,
        ),
        Origin(
            "Pakistan", 9.0,
            women=("Ayesha", "Fatima", "Sadia", "Nazia", "Shazia", "Rubina", "Saima", "Amna",
                   "Hina", "Samina", "Farzana", "Nadia", "Asma", "Rabia", "Sana"),
            men=("Muhammad", "Ali", "Ahmed", "Asif", "Kashif", "Tariq", "Shahid", "Zahid",
                 "Naveed", "Rizwan", "Faisal", "Usman", "Bilal", "Waqas", "Adnan"),
            surnames=("Hussain", "Ahmed", "Ali", "Iqbal", "Akhtar", "Rehman", "Shah", "Mahmood",
                      "Anwar", "Raza", "Aslam", "Javed", "Bashir", "Rashid", "Khan", "Abbas",
                      "Qureshi", "Mirza", "Hameed", "Saleem"),
            girls=("Aleena", "Zara", "Hania", "Fatima", "Eman", "Anaya", "Inaya", "Maryam",
                   "Ayesha", "Zainab"),
            boys=("Ayan", "Zain", "Hamza", "Rayan", "Abdullah", "Ibrahim", "Muhammad", "Arham",
                  "Haris", "Ahmad"),
            msna=True,
        ),
        Origin(
            "Ucraina", 7.0,
            women=("Olena", "Natalia", "Tetiana", "Iryna", "Oksana", "Svitlana", "Halyna",
                   "Liudmyla", "Nadiya", "Yulia", "Maria", "Kateryna", "Viktoria", "Larysa"),
            men=("Oleksandr", "Andriy", "Serhiy", "Mykola", "Ivan", "Vasyl", "Yuriy", "Oleh",
                 "Taras", "Dmytro", "Roman", "Petro", "Ihor", "Bohdan"),
            surnames=("Kovalenko", "Bondarenko", "Tkachenko", "Kravchenko", "Oliynyk",
                      "Shevchuk", "Koval", "Polishchuk", "Bondar", "Tkachuk", "Marchenko",
                      "Rudenko", "Savchenko", "Lysenko", "Melnyk", "Moroz", "Boyko",
                      "Kovalchuk", "Petrenko", "Hnatiuk"),
            girls=("Sofiia", "Anastasiia", "Veronika", "Solomiia", "Daryna", "Anna", "Polina",
                   "Viktoriia", "Milana"),
            boys=("Artem", "Maksym", "Danylo", "Mark", "Matvii", "Denys", "Nazar", "Tymur",
                  "Kyrylo"),
        ),
        Origin("Nigeria", 7.0, locale="en_NG",
               girls=("Blessing", "Favour", "Precious", "Joy", "Esther", "Grace", "Peace",
                      "Gift", "Princess", "Miracle"),
               boys=("David", "Daniel", "Emmanuel", "Divine", "Godswill", "Samuel", "Joshua",
                     "Osas", "Efosa", "Prince"),
               msna=True),
        Origin(
            "Bolivia", 6.0,
            women=("María", "Rosa", "Lidia", "Ximena", "Carla", "Jhenny", "Marisol", "Patricia",
                   "Roxana", "Gladys", "Mirian", "Wendy", "Lourdes", "Sandra"),
            men=("Juan Carlos", "Luis Fernando", "Jorge", "Marco Antonio", "Freddy", "Wilson",
                 "Edwin", "René", "Mario", "Víctor", "Rolando", "Limbert", "Jhonny", "Grover"),
            surnames=("Mamani", "Quispe", "Condori", "Choque", "Flores", "Rojas", "Vargas",
                      "Gutiérrez", "Rodríguez", "Guzmán", "Vaca", "Mendoza", "Fernández",
                      "Limachi", "Ticona", "Apaza", "Huanca", "Cruz", "Torrez", "Salazar"),
            girls=("Valentina", "Camila", "Luciana", "Isabella", "Sofía", "Ariana", "Abril",
                   "Mía", "Emily"),
            boys=("Mateo", "Santiago", "Thiago", "Sebastián", "Gael", "Joel", "Dylan",
                  "Matías", "Alejandro"),
        ),
    )
}  # fmt: skip


class NameBook:
    """Given names and surnames by origin, drawn with the demo's random generator (and, for the
    Faker locales, Faker instances seeded with the demo's seed): deterministic for a seed."""

    def __init__(self, rng: random.Random, seed: int) -> None:
        self.rng = rng
        self.seed = seed
        self._fakers: dict[str, Faker] = {}

    def _faker(self, locale: str) -> Faker:
        if locale not in self._fakers:
            fake = Faker(locale)
            fake.seed_instance(self.seed)
            self._fakers[locale] = fake
        return self._fakers[locale]

    def surname(self, origin: str = ITALY) -> str:
        found = ORIGINS.get(origin)
        for _ in range(50):
            if found is None:
                name = self.rng.choice(ITALIAN_SURNAMES)
            elif found.locale is not None:
                name = str(self._faker(found.locale).last_name())
            else:
                name = self.rng.choice(found.surnames)
            if allowed(name):
                return name
        raise RuntimeError("no allowed surname")  # pragma: no cover - the lists are long

    def given(self, origin: str, female: bool, born_year: int, *, in_italy: bool = False) -> str:
        """A given name for someone of that origin born in that year; `in_italy`: a child of
        the family born (or growing up) here, named as that generation of the community is."""
        found = ORIGINS.get(origin)
        child = born_year >= 2004
        if found is None:
            if child:
                pool = ITALIAN_GIVEN["girls" if female else "boys"]
            elif born_year >= 1966:
                pool = ITALIAN_GIVEN["women" if female else "men"]
            else:
                pool = ITALIAN_GIVEN["old_women" if female else "old_men"]
            return self.rng.choice(pool)
        if child and in_italy:
            return self.rng.choice(found.girls if female else found.boys)
        if found.locale is not None and not found.women:
            fake = self._faker(found.locale)
            for _ in range(50):
                name = str(fake.first_name_female() if female else fake.first_name_male())
                if allowed(name):
                    return name
        if child:
            return self.rng.choice(found.girls if female else found.boys)
        return self.rng.choice(found.women if female else found.men)

    def pick_origin(self, msna: bool = False) -> str:
        """A foreign origin, weighted by the size of the community (`msna`: among the usual
        origins of unaccompanied minors)."""
        pool = [o for o in ORIGINS.values() if o.msna or not msna]
        return self.rng.choices([o.country for o in pool], [o.weight for o in pool])[0]


def surnames_of(origin: str) -> frozenset[str]:
    """Every surname the demo may give to someone of that origin (for the tests)."""
    found = ORIGINS.get(origin)
    if found is None:
        return frozenset(ITALIAN_SURNAMES)
    if found.locale is not None:
        provider = importlib.import_module(f"faker.providers.person.{found.locale}").Provider
        return frozenset(str(n) for n in provider.last_names)
    return frozenset(found.surnames)
