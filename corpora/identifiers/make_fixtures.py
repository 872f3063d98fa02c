#!/usr/bin/env python3
"""Writes corpora/identifiers: labelled fixtures for seven Canadian identifiers
(issue 20), in English and French: payment card numbers, provincial health
numbers (RAMQ, OHIP, BC PHN), driver's licences (Quebec, Ontario, Alberta),
Canadian passports, bank accounts (transit, institution, account), business
numbers (BN, with or without a program account) and dates of birth.

Text files mix the positives of their class with its hard negatives in prose,
logs, JSON and chats; the CSV files and the Markdown register give context by
their column headers only. Values are generated with their real checks (Luhn
for cards, OHIP and BN; the BC PHN mod-11 weights; RAMQ numbers hold a real
birth date, month + 50 for women). Published test card numbers are hard
negatives, never positives.

Labels (`expected.tsv`: path, line, category) come from what this script
plants and the line it writes it to, never from piimap's output. Phones and
SINs are planted only where a file needs them (a `telephone` column, a sole
proprietor's SIN, a phone that is not a health number) and labelled too. Hard
negatives are counted per category (printed, and in README.md) but have no
rows. Python 3.11, standard library only; fixed seeds, so two runs write
identical files.
"""

import calendar
import csv
import datetime
import io
import pathlib
import random
import unicodedata

HERE = pathlib.Path(__file__).resolve().parent
CATEGORIES = [
    "credit_card", "health_number", "drivers_license", "passport", "bank_account", "business_number", "date_of_birth",
]
AREAS = [204, 250, 306, 403, 416, 418, 438, 450, 506, 514, 519, 579, 581, 604, 613, 705, 780, 819, 873, 902]

FR_PEOPLE = [
    ("Marie", "Gagnon", "F"), ("Jean", "Tremblay", "M"), ("Luc", "Roy", "M"), ("Anne", "Côté", "F"),
    ("Paul", "Morin", "M"), ("Sophie", "Lavoie", "F"), ("Nathalie", "Bouchard", "F"), ("François", "Gauthier", "M"),
    ("Isabelle", "Pelletier", "F"), ("Mathieu", "Bélanger", "M"), ("Chantal", "Lévesque", "F"),
    ("Éric", "Bergeron", "M"), ("Julie", "Leblanc", "F"), ("Alain", "Girard", "M"), ("Geneviève", "Fortin", "F"),
    ("Simon", "Ouellet", "M"), ("Émilie", "Caron", "F"), ("Denis", "Paquette", "M"), ("Karine", "Simard", "F"),
    ("Yves", "Boucher", "M"), ("Josée", "Nadeau", "F"), ("Martin", "Després", "M"), ("Lucie", "Hébert", "F"),
    ("Benoît", "Poirier", "M"),
]
EN_PEOPLE = [
    ("John", "Smith", "M"), ("Emily", "Brown", "F"), ("Michael", "Wilson", "M"), ("Sarah", "MacDonald", "F"),
    ("David", "Taylor", "M"), ("Jessica", "Campbell", "F"), ("Daniel", "Anderson", "M"), ("Ashley", "Thompson", "F"),
    ("Ryan", "Clarke", "M"), ("Megan", "Stewart", "F"), ("Kevin", "Robinson", "M"), ("Laura", "Murphy", "F"),
    ("Brian", "Li", "M"), ("Priya", "Patel", "F"), ("Wei", "Chen", "M"), ("Olivia", "Singh", "F"),
    ("Connor", "O'Brien", "M"), ("Hannah", "Fraser", "F"), ("Jason", "Wong", "M"), ("Rachel", "Grant", "F"),
]

# Card issuer ranges (prefixes, length). Printed in groups when the length has a grouping.
MC2 = [str(p) for p in range(2221, 2721)]
JCB = [str(p) for p in range(3528, 3590)]
MAESTRO = ["5018", "5020", "5038", "5893", "6304", "6759", "6761", "6762", "6763"]
GROUPABLE = [
    ("Visa", ["4"], 16),
    ("Mastercard", ["51", "52", "53", "54", "55"], 16),
    ("Amex", ["34", "37"], 15),
    ("Mastercard", MC2, 16),
    ("Discover", ["6011", "644", "645", "646", "647", "648", "649", "65"], 16),
    ("Visa", ["4"], 19),
    ("JCB", JCB, 16),
    ("Diners", ["300", "301", "302", "303", "304", "305", "36", "38", "39"], 14),
    ("UnionPay", ["62"], 16),
    ("Maestro", MAESTRO, 16),
]
BARE_ONLY = [
    ("Visa", ["4"], 13),
    ("Maestro", MAESTRO, 13),
    ("Discover", ["6011", "65"], 19),
    ("JCB", JCB, 19),
    ("UnionPay", ["62"], 19),
    ("Diners", ["36", "38"], 16),
]
# Brand names that are card keywords (the others need "card"/"carte" beside them).
BRAND_KEYWORDS = {"Visa", "Mastercard", "Amex", "Discover", "JCB"}
TEST_CARDS = [
    "4111111111111111", "4242424242424242", "4012888888881881", "5555555555554444", "5105105105105100",
    "378282246310005", "371449635398431", "6011111111111117", "6011000990139424", "3530111333300000",
    "3566002020360505", "4000056655665556", "5200828282828210", "4222222222222", "30569309025904",
    "38520000023237", "2223003122003222",
]

# Canadian financial institution numbers (the spec's list) and numbers no bank has.
INSTITUTIONS = [
    ("001", "BMO"), ("002", "Scotiabank"), ("003", "RBC"), ("004", "TD"), ("006", "Banque Nationale"),
    ("010", "CIBC"), ("016", "HSBC"), ("030", "CWB"), ("039", "Banque Laurentienne"), ("219", "ATB"),
    ("260", "Citibank"), ("540", "Manuvie"), ("614", "Tangerine"), ("815", "Desjardins"), ("828", "Central 1"),
    ("829", "Desjardins Ontario"), ("837", "Meridian"), ("865", "Caisse populaire acadienne"), ("869", "Central 1"),
    ("809", "Central 1"), ("621", "Peoples Trust"), ("623", "Equitable"),
]
UNKNOWN_INSTITUTIONS = ["999", "998", "997", "990", "555"]
PROGRAMS = ["RT", "RP", "RC", "RM", "RR", "RZ"]

EN_MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
             "November", "December"]
FR_MONTHS = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre",
             "novembre", "décembre"]
FR_MONTHS_PLAIN = ["janvier", "fevrier", "mars", "avril", "mai", "juin", "juillet", "aout", "septembre", "octobre",
                   "novembre", "decembre"]


# Checks.
def luhn_ok(digits):
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = int(ch)
        if i % 2 == 1:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return total % 10 == 0


def luhn_complete(partial):
    """`partial` followed by the digit that makes it pass Luhn."""
    for check in "0123456789":
        if luhn_ok(partial + check):
            return partial + check
    raise AssertionError


def phn_ok(digits):
    """BC PHN: 10 digits starting with 9; weights 2,4,8,5,10,9,7,3 on digits 2..9; check = 11 - (sum mod 11)."""
    if len(digits) != 10 or digits[0] != "9":
        return False
    rem = sum(int(d) * w for d, w in zip(digits[1:9], [2, 4, 8, 5, 10, 9, 7, 3])) % 11
    return rem not in (0, 1) and 11 - rem == int(digits[9])


def nanp_ok(digits):
    """Whether ten digits could be a NANP phone number (area code and exchange 2-9 first, not N11)."""
    ok = lambda code: code[0] >= "2" and code[1:] != "11"  # noqa: E731
    return len(digits) == 10 and ok(digits[:3]) and ok(digits[3:6])


def plain(text):
    """Upper-case ASCII letters of a name (RAMQ codes drop accents, spaces, apostrophes)."""
    folded = unicodedata.normalize("NFD", text)
    return "".join(c for c in folded if c.isascii() and c.isalpha()).upper()


def csv_text(cells):
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerow(cells)
    return buffer.getvalue().rstrip("\n")


class File:
    """A fixture being written: its lines, its labels and its hard negatives."""

    def __init__(self, name):
        self.name = name
        self.lines = []
        self.labels = []
        self.hard = {}
        self.rng = random.Random("identifiers:" + name)

    def line(self, text, *categories, hard=()):
        """One line; `categories` are the findings planted on it, `hard` the hard negatives it holds."""
        assert "\n" not in text
        self.lines.append(text)
        for category in categories:
            self.labels.append((self.name, len(self.lines), category))
        for category in hard:
            self.hard[category] = self.hard.get(category, 0) + 1

    def row(self, cells, *categories, hard=()):
        """One CSV record on one physical line."""
        self.line(csv_text(cells), *categories, hard=hard)

    def write(self):
        (HERE / self.name).write_text("\n".join(self.lines) + "\n", encoding="utf-8")

    # People and dates.
    def person(self, french):
        return self.rng.choice(FR_PEOPLE if french else EN_PEOPLE)

    def dob(self, first=1938, last=2006, months=None, day=None):
        r = self.rng
        year = r.randint(first, last)
        month = r.choice(months) if months else r.randint(1, 12)
        return datetime.date(year, month, day or r.randint(1, calendar.monthrange(year, month)[1]))

    def recent(self):
        """A recent past date (visits, invoices, purchases): never anyone's birth date."""
        start = datetime.date(2023, 1, 1)
        return start + datetime.timedelta(days=self.rng.randint(0, 1300))

    def issued(self):
        """An issue date whose five-year expiry is past too (never February 29)."""
        return datetime.date(self.rng.randint(2014, 2019), self.rng.randint(1, 12), self.rng.randint(1, 28))

    def stamp(self, i, t=True):
        d = self.recent()
        sep = "T" if t else " "
        return f"{d.isoformat()}{sep}{8 + i % 10:02d}:{self.rng.randint(0, 59):02d}:{self.rng.randint(0, 59):02d}"

    # Other categories, only where a file needs them (labelled).
    def phone(self):
        r = self.rng
        exchange = r.randint(200, 999)
        while exchange % 100 == 11:
            exchange = r.randint(200, 999)
        return f"{r.choice(AREAS)}-{exchange}-{r.randint(0, 9999):04d}"

    def sin(self):
        r = self.rng
        digits = luhn_complete(str(r.choice([1, 2, 3, 4, 5, 6, 7, 9])) + "".join(str(r.randint(0, 9)) for _ in range(7)))
        return f"{digits[:3]} {digits[3:6]} {digits[6:]}"

    def digits(self, n):
        return "".join(str(self.rng.randint(0, 9)) for _ in range(n))

    # Cards.
    def pan(self, brand):
        _, prefixes, length = brand
        while True:
            prefix = self.rng.choice(prefixes)
            number = luhn_complete(prefix + self.digits(length - len(prefix) - 1))
            if number not in TEST_CARDS:
                return number

    def bad_luhn(self, number):
        """The same number with its last digit changed so that it fails Luhn."""
        last = int(number[-1])
        return number[:-1] + str((last + 1 + self.rng.randint(0, 8)) % 10)

    def outside_range(self, length=16):
        """Luhn-valid digits whose prefix no issuer uses (1, 7, 8, 9)."""
        return luhn_complete(self.rng.choice("1789") + self.digits(length - 2))

    # Health numbers.
    def ramq(self, person, born, sep=" "):
        first, last, sex = person
        letters = (plain(last) + "XXX")[:3] + plain(first)[0]
        month = born.month + (50 if sex == "F" else 0)
        digits = f"{born.year % 100:02d}{month:02d}{born.day:02d}{self.rng.randint(10, 99)}"
        return f"{letters}{sep}{digits[:4]}{sep}{digits[4:]}" if sep is not None else letters + digits

    def ramq_impossible(self, person, sep=" "):
        """A RAMQ shape whose date cannot be: month 13-50 or 63+, day 32, or February 30."""
        first, last, sex = person
        r = self.rng
        letters = (plain(last) + "XXX")[:3] + plain(first)[0]
        kind = r.randint(0, 3)
        yy = r.randint(40, 99)
        if kind == 0:
            mm, dd = r.randint(13, 50), r.randint(1, 28)
        elif kind == 1:
            mm, dd = r.randint(63, 99), r.randint(1, 28)
        elif kind == 2:
            mm, dd = r.choice([1, 3, 5, 7, 8, 10, 12]) + (50 if sex == "F" else 0), 32
        else:
            mm, dd = 2 + (50 if sex == "F" else 0), 30
        digits = f"{yy:02d}{mm:02d}{dd:02d}{r.randint(10, 99)}"
        return f"{letters}{sep}{digits[:4]}{sep}{digits[4:]}"

    def ramq_shape(self, sep=" "):
        """Four capitals and eight digits holding a real date: a lab code, no health number without a keyword."""
        r = self.rng
        letters = "".join(r.choice("ABCDEFGHJKLMNPRSTVWXZ") for _ in range(4))
        d = self.recent()
        digits = f"{d.year % 100:02d}{d.month:02d}{d.day:02d}{r.randint(10, 99)}"
        return f"{letters}{sep}{digits[:4]}{sep}{digits[4:]}"

    def ohip(self, bare=False):
        while True:
            number = luhn_complete(self.digits(9))
            if not bare or not nanp_ok(number):
                return number

    def phn(self, bare=False):
        while True:
            partial = "9" + self.digits(8)
            rem = sum(int(d) * w for d, w in zip(partial[1:], [2, 4, 8, 5, 10, 9, 7, 3])) % 11
            if rem in (0, 1):
                continue
            number = partial + str(11 - rem)
            assert phn_ok(number)
            if not bare or not nanp_ok(number):
                return number

    def health_invalid(self, first="9"):
        """Ten digits that pass neither Luhn (OHIP) nor the PHN check, and are no phone."""
        while True:
            number = (first or str(self.rng.randint(1, 8))) + self.digits(9)
            if not luhn_ok(number) and not phn_ok(number) and not nanp_ok(number):
                return number

    def version_code(self):
        return "".join(self.rng.choice("ABCDEFGHJKLMNPRSTVWXYZ") for _ in range(2))

    # Licences and passports.
    def dl_qc(self, last, style=0):
        letter = plain(last)[0]
        d = self.digits(12)
        return [f"{letter}{d[:4]}-{d[4:10]}-{d[10:]}", f"{letter}{d[:4]} {d[4:10]} {d[10:]}", f"{letter}{d}"][style % 3]

    def dl_on(self, last, style=0):
        letter = plain(last)[0]
        d = self.digits(14)
        return [f"{letter}{d[:4]}-{d[4:9]}-{d[9:]}", f"{letter}{d}"][style % 2]

    def dl_ab(self):
        return f"{self.digits(6)}-{self.digits(3)}"

    def passport(self):
        r = self.rng
        return r.choice("ABCGHJKMPRSTW") + r.choice("ABCEGHKLMNPRSTVWXZ") + f"{r.randint(0, 999999):06d}"

    def booking(self):
        r = self.rng
        return "".join(r.choice("ABCDEFGHJKLMNPQRSTUVWXYZ") for _ in range(2)) + f"{r.randint(0, 999999):06d}"

    # Banking.
    def account_digits(self, length):
        while True:
            account = self.digits(length)
            # Ten digits beside "account number" must not read as a bare phone.
            if length != 10 or not nanp_ok(account):
                return account

    def bank(self, style=0, institution=None, length=None):
        r = self.rng
        inst, name = institution or r.choice(INSTITUTIONS)
        transit = f"{r.randint(0, 99999):05d}"
        account = self.account_digits(length or r.randint(7, 12))
        text = [
            f"{transit}-{inst}-{account}",
            f"{transit} {inst} {account}",
            f"0{inst}{transit} {account}",
            f"0{inst}{transit}-{account}",
        ][style % 4]
        return text, name

    def bn9(self):
        r = self.rng
        return luhn_complete(r.choice("123456788899") + self.digits(7))

    def bn(self, style=0, number=None):
        r = self.rng
        n = number or self.bn9()
        program = r.choice(PROGRAMS) if style % 5 != 0 else "RT"
        account = f"{r.randint(1, 3):04d}"
        return [
            f"{n} RT{account}",
            f"{n}{program}{account}",
            f"{n} {program} {account}",
            f"{n[:5]} {n[5:]} {program}{account}",
            f"{n} {program}{account}",
        ][style % 5]


def date_text(d, style, french=False):
    """`d` written in one of the formats of the spec."""
    y, m, day = d.year, d.month, d.day
    if style == "iso":
        return f"{y}-{m:02d}-{day:02d}"
    if style == "iso_slash":
        return f"{y}/{m:02d}/{day:02d}"
    if style == "dmy_slash":
        return f"{day:02d}/{m:02d}/{y}"
    if style == "mdy_slash":
        return f"{m:02d}/{day:02d}/{y}"
    if style == "dmy_dash":
        return f"{day:02d}-{m:02d}-{y}"
    if style == "dmy_dot":
        return f"{day:02d}.{m:02d}.{y}"
    if style == "fr_long":
        return f"{'1er' if day == 1 else day} {FR_MONTHS[m - 1]} {y}"
    if style == "fr_plain":
        return f"{'1er' if day == 1 else day} {FR_MONTHS_PLAIN[m - 1]} {y}"
    if style == "en_long":
        return f"{day} {EN_MONTHS[m - 1]} {y}"
    if style == "en_mdy":
        return f"{EN_MONTHS[m - 1]} {day}, {y}"
    if style == "en_abbr":
        return f"{EN_MONTHS[m - 1][:3]} {day}, {y}"
    if style == "en_abbr_dot":
        return f"{EN_MONTHS[m - 1][:3]}{'' if m == 5 else '.'} {day}, {y}"
    raise ValueError(style)


EN_STYLES = ["iso", "en_mdy", "dmy_slash", "en_abbr", "iso_slash", "en_long", "mdy_slash", "en_abbr_dot", "dmy_dash",
             "dmy_dot"]
FR_STYLES = ["iso", "fr_long", "dmy_slash", "fr_plain", "dmy_dot", "iso_slash", "dmy_dash", "fr_long"]


def impossible_date_text(r, style):
    """A date that is no calendar date (or before 1900, or in the future), written in `style`."""
    kind = r.randint(0, 4)
    if kind == 0:
        y, m, d = r.randint(1950, 1999), 2, 30
    elif kind == 1:
        y, m, d = r.randint(1950, 1999), r.choice([4, 6, 9, 11]), 31
    elif kind == 2:
        y, m, d = r.choice([1957, 1963, 1975, 1987, 1991]), 2, 29
    elif kind == 3:
        y, m, d = r.randint(1840, 1880), r.randint(1, 12), r.randint(1, 28)
    else:
        y, m, d = r.randint(2031, 2040), r.randint(1, 12), r.randint(1, 28)
    if style in ("fr_long", "fr_plain", "en_long", "en_mdy", "en_abbr", "en_abbr_dot") and kind in (0, 1, 2):
        style = "iso"  # a written month with an impossible day reads as a typo in any format; keep it numeric
    return {
        "iso": f"{y}-{m:02d}-{d:02d}",
        "iso_slash": f"{y}/{m:02d}/{d:02d}",
        "dmy_slash": f"{d:02d}/{m:02d}/{y}",
        "mdy_slash": f"{d:02d}/{m:02d}/{y}",
        "dmy_dash": f"{d:02d}-{m:02d}-{y}",
        "dmy_dot": f"{d:02d}.{m:02d}.{y}",
    }.get(style) or (
        f"{d} {FR_MONTHS[m - 1]} {y}" if style.startswith("fr") else f"{EN_MONTHS[m - 1]} {d}, {y}"
    )


def group_card(number, sep=" "):
    n = len(number)
    if n == 16:
        parts = [number[0:4], number[4:8], number[8:12], number[12:16]]
    elif n == 19:
        parts = [number[0:4], number[4:8], number[8:12], number[12:16], number[16:]]
    elif n == 15:
        parts = [number[0:4], number[4:10], number[10:]]
    elif n == 14:
        parts = [number[0:4], number[4:10], number[10:]]
    else:
        return number
    return sep.join(parts)


# ---------------------------------------------------------------------------
# Text files.
# ---------------------------------------------------------------------------


def cards(name, french):
    """Card numbers: grouped ones stand alone, bare ones need a card keyword; lookalikes never count."""
    f = File(name)
    r = f.rng
    for i in range(18):
        who = f.person(french)
        brand = GROUPABLE[i % len(GROUPABLE)]
        grouped = group_card(f.pan(brand), " " if i % 3 else "-")
        bare_brand = (GROUPABLE + BARE_ONLY)[(i * 7) % (len(GROUPABLE) + len(BARE_ONLY))]
        bare = f.pan(bare_brand)
        brand_word = bare_brand[0] if bare_brand[0] in BRAND_KEYWORDS else ("carte" if french else "card")
        plain_grouped = group_card(f.pan(GROUPABLE[(i + 3) % len(GROUPABLE)]), " " if i % 2 else "-")
        amount = f"{r.randint(5, 480)}.{r.randint(0, 99):02d}"
        exp = f"{r.randint(1, 12):02d}/{r.randint(27, 31)}"
        if french:
            f.line(f"{who[0]} {who[1]} a payé avec la carte {grouped} le {r.randint(2, 28)} {FR_MONTHS[i % 12]}.", "credit_card")
            f.line(f"Copie du formulaire web : {plain_grouped}, exp. {exp}", "credit_card")
            f.line(f"{f.stamp(i)} WARN passerelle paiement refusé no_carte={bare} montant={amount.replace('.', ',')}", "credit_card")
            if i % 4 == 3:
                brand_word = "carte de débit"
            f.line(f"Bonjour, voici ma {brand_word} : {f.pan(bare_brand)} (exp. {exp}). Merci !", "credit_card")
        else:
            f.line(f"{who[0]} {who[1]} paid with card {grouped} on {EN_MONTHS[i % 12]} {r.randint(2, 28)}.", "credit_card")
            f.line(f"Copied from the web form: {plain_grouped}, exp {exp}", "credit_card")
            f.line(f"{f.stamp(i)} WARN payment-gw declined cc_number={bare} amount={amount}", "credit_card")
            key = ["card_number", "pan", "cc_number", "credit_card"][i % 4]
            f.line(f'{{"name": "{who[0]} {who[1]}", "{key}": "{f.pan(bare_brand)}", "exp": "{exp}"}}', "credit_card")
        if i % 3 == 0:
            agent, client = ("Agente", "Client") if french else ("Agent", "Customer")
            q = "Quel est le numéro de votre carte de crédit ?" if french else "What is the number on your credit card?"
            f.line(f"[10:{i:02d}] {agent} : {q}" if french else f"[10:{i:02d}] {agent}: {q}")
            f.line(f"[10:{i:02d}] {client} : {f.pan(brand)}" if french else f"[10:{i:02d}] {client}: {f.pan(brand)}", "credit_card")
        # Hard negatives, two per round.
        kind = i % 9
        valid = f.pan(GROUPABLE[0] if kind == 7 else GROUPABLE[i % 10])
        if kind == 0:
            text = (f"Carte {group_card(f.bad_luhn(valid))} refusée : numéro mal saisi" if french
                    else f"Card {group_card(f.bad_luhn(valid))} rejected: mistyped number")
        elif kind == 1:
            text = (f"Carte de crédit inconnue {group_card(f.outside_range(), ' ')}" if french
                    else f"Unknown credit card {group_card(f.outside_range(), ' ')}")
        elif kind == 2:
            text = (f"paiement ratio={'0.' + valid}" if french else f"payment ratio={'0.' + valid}")
        elif kind == 3:
            text = (f"Colonne carte exportée en {valid[0]}.{valid[1:]}e+{len(valid) - 1} par le tableur" if french
                    else f"card column exported as {valid[0]}.{valid[1:]}e+{len(valid) - 1} by the spreadsheet")
        elif kind == 4:
            text = f"carte {valid}{f.digits(4)}" if french else f"card ref {valid}{f.digits(4)}"
        elif kind == 5:
            text = f"card token id{valid} created" if not french else f"jeton de carte id{valid} créé"
        elif kind == 6:
            text = f"payment request req_{valid} accepted" if not french else f"paiement requête req_{valid} acceptée"
        elif kind == 7:
            uuid = f"{f.digits(1)}c1f0a2b-{valid[0:4]}-{valid[4:8]}-{valid[8:12]}-{valid[12:16]}a9b8c7d6"
            text = f"card session {uuid}" if not french else f"session carte {uuid}"
        else:
            text = f"carte abc-{valid}" if french else f"card abc-{valid}"
        f.line(text, hard=("credit_card",))
        # Published test numbers, in every grouping: capped at low even beside a keyword.
        test = TEST_CARDS[i % len(TEST_CARDS)]
        shown = [group_card(test, " "), group_card(test, "-"), test][i % 3] if len(test) != 13 else test
        f.line(f"Carte de test {shown} (environnement de recette)" if french else f"QA test card {shown} (sandbox)",
               hard=("credit_card",))
        second = [
            f"commande={f.pan(GROUPABLE[(i + 1) % 10])} expédiée" if french else f"order={f.pan(GROUPABLE[(i + 1) % 10])} shipped",
            f"lot {f.pan(GROUPABLE[(i + 2) % 10])} traité" if french else f"batch {f.pan(GROUPABLE[(i + 2) % 10])} processed",
            f"IMEI : {luhn_complete('35' + f.digits(12))}" if french else f"IMEI: {luhn_complete('35' + f.digits(12))}",
            f"iccid={luhn_complete('8901' + f.digits(14))}",
            f"{f.pan(GROUPABLE[i % 10])}.{r.randint(10, 99)} $ au total" if french else f"total {f.pan(GROUPABLE[i % 10])}.{r.randint(10, 99)}",
        ][i % 5]
        f.line(second, hard=("credit_card",))
    f.write()
    return f


def health(name, french):
    """Health numbers: RAMQ, OHIP and BC PHN, each only with a health keyword."""
    f = File(name)
    r = f.rng
    for i in range(10):
        if french:
            p = f.person(True)
            born = f.dob()
            sep = [" ", "-", None][i % 3]
            title = "Patiente" if p[2] == "F" else "Patient"
            ne = "née le" if p[2] == "F" else "né le"
            f.line(f"{title} : {p[0]} {p[1]}, NAM : {f.ramq(p, born, sep)}, {ne} {date_text(born, FR_STYLES[i % 8])}",
                   "health_number", "date_of_birth")
            p = f.person(True)
            card = ["Carte d'assurance maladie", "Carte soleil", "Numéro d'assurance maladie", "Assurance-maladie"][i % 4]
            f.line(f"{card} : {f.ramq(p, f.dob(), ' ')} (expire en {r.randint(2027, 2031)})", "health_number")
            p = f.person(True)
            f.line(f"Rendez-vous de {p[0]} {p[1]} le {r.randint(2, 28)} {FR_MONTHS[i % 12]}, RAMQ {f.ramq(p, f.dob(), None)}", "health_number")
            o = f.ohip()
            f.line(f"Patient de l'Ontario, carte santé {o[:4]} {o[4:7]} {o[7:]} {f.version_code()}", "health_number")
            o = f.ohip(bare=True) if i % 2 else f.phn(bare=True)
            f.line(f'{{"no_assurance_maladie": "{o}", "province": "{"ON" if i % 2 else "BC"}"}}', "health_number")
            if i % 2 == 0:
                p = f.person(True)
                f.line(f"[09:{i:02d}] Agente : Quel est votre numéro d'assurance maladie ?")
                f.line(f"[09:{i:02d}] Client : {f.ramq(p, f.dob(), ' ')}", "health_number")
            # Hard negatives.
            p = f.person(True)
            f.line(f"NAM : {f.ramq_impossible(p)} (refusé : date impossible)", hard=("health_number",))
            bad = f.health_invalid(first=None)
            f.line(f"Carte santé Ontario {bad[:4]}-{bad[4:7]}-{bad[7:]} : numéro invalide", hard=("health_number",))
            while True:
                tel = f.phone().replace("-", "")
                if luhn_ok(tel):
                    break
            f.line(f"Clinique, tél. : {tel}", "phone", hard=("health_number",))
            f.line(f"Échantillon {f.ramq_shape(' ')} reçu au laboratoire", hard=("health_number",))
            o = f.ohip()
            f.line(f"Lot {o[:4]}-{o[4:7]}-{o[7:]} transmis le {r.randint(2, 28)} {FR_MONTHS[(i + 3) % 12]}", hard=("health_number",))
        else:
            p = f.person(False)
            born = f.dob()
            o = f.ohip()
            f.line(f"Patient: {p[0]} {p[1]}, DOB {date_text(born, EN_STYLES[i % 10])}, health card {o[:4]}-{o[4:7]}-{o[7:]}-{f.version_code()}",
                   "date_of_birth", "health_number")
            o = f.ohip()
            f.line(f"OHIP {o[:4]} {o[4:7]} {o[7:]} verified at front desk", "health_number")
            ph = f.phn()
            f.line(f"{['BC PHN', 'BC CareCard / care card', 'Personal Health Number', 'HCN'][i % 4]} {ph[:4]} {ph[4:7]} {ph[7:]} "
                   f"(MSP coverage active)", "health_number")
            ph = f.phn(bare=True)
            f.line(f"{f.stamp(i)} INFO intake saved personal_health_number={ph}", "health_number")
            p = f.person(True)
            f.line(f"Transferred from Quebec: RAMQ {f.ramq(p, f.dob(), ['-', ' ', None][i % 3])}", "health_number")
            if i % 2 == 0:
                f.line(f"[14:{i:02d}] Nurse: Can you read me your health card number?")
                o = f.ohip(bare=True)
                f.line(f"[14:{i:02d}] Patient: {o}", "health_number")
            # Hard negatives.
            bad = f.health_invalid(first=None)
            f.line(f"OHIP {bad[:4]}-{bad[4:7]}-{bad[7:]} rejected by the eligibility check", hard=("health_number",))
            bad = f.health_invalid(first="9")
            f.line(f"PHN {bad[:4]} {bad[4:7]} {bad[7:]} failed the check digit", hard=("health_number",))
            while True:
                tel = f.phone().replace("-", "")
                if luhn_ok(tel):
                    break
            f.line(f"Clinic phone: {tel}", "phone", hard=("health_number",))
            f.line(f"Lab specimen {f.ramq_shape(' ')} received", hard=("health_number",))
            p = f.person(True)
            f.line(f"RAMQ {f.ramq_impossible(p, '-')} bounced: impossible date", hard=("health_number",))
    if not french:
        # A table in the text: its header gives each column its context.
        f.line("")
        f.line("Out-of-province patients seen this week:")
        f.line("")
        f.line("| Patient | Province | Health card | Date of birth |")
        f.line("|---|---|---|---|")
        for i in range(14):
            p = f.person(False)
            dob = date_text(f.dob(), EN_STYLES[i % 10])
            if i % 7 == 6:
                bad = f.health_invalid(first="9" if i % 2 else None)
                f.line(f"| {p[0]} {p[1]} | {'BC' if i % 2 else 'ON'} | {bad} | {dob} |", "date_of_birth", hard=("health_number",))
            elif i % 2:
                ph = f.phn(bare=True)
                f.line(f"| {p[0]} {p[1]} | BC | {ph if i % 3 else ph[:4] + ' ' + ph[4:7] + ' ' + ph[7:]} | {dob} |",
                       "health_number", "date_of_birth")
            else:
                o = f.ohip(bare=True)
                f.line(f"| {p[0]} {p[1]} | ON | {o if i % 4 else o[:4] + '-' + o[4:7] + '-' + o[7:] + '-' + f.version_code()} | {dob} |",
                       "health_number", "date_of_birth")
    f.write()
    return f


def ids(name, french):
    """Driver's licences and passports: context required; software keys, bookings and wrong lengths are not."""
    f = File(name)
    r = f.rng
    for i in range(10):
        if french:
            p = f.person(True)
            f.line(f"{['Permis de conduire :', 'Numéro de permis :', 'Permis SAAQ no', 'Permis de conduire (classe 5) :'][i % 4]} "
                   f"{f.dl_qc(p[1], i)}", "drivers_license")
            p = f.person(True)
            f.line(f"{p[0]} {p[1]}, no de permis {f.dl_qc(p[1], i + 1)}, classe 5", "drivers_license")
            p = f.person(False)
            f.line(f"Client ontarien — permis {f.dl_on(p[1], i)}", "drivers_license")
            if i % 2 == 0:
                f.line(f"Permis de l'Alberta : {f.dl_ab()}", "drivers_license")
            else:
                f.line(f"{f.stamp(i)} saaq vérification permis_conduire={f.dl_qc(p[1], 2)}", "drivers_license")
            p = f.person(True)
            f.line(f"Passeport : {f.passport()}", "passport")
            f.line(f"Voyageur {p[0]} {p[1]}, numéro de passeport {f.passport()}, {'née' if p[2] == 'F' else 'né'} le {date_text(f.dob(), FR_STYLES[i % 8])}",
                   "passport", "date_of_birth")
            f.line(f"Document de voyage {f.passport()} vérifié au comptoir", "passport")
            if i % 2 == 0:
                f.line(f"[11:{i:02d}] Agente : Pouvez-vous me donner votre numéro de passeport ?")
                f.line(f"[11:{i:02d}] Client : {f.passport()}", "passport")
            # Hard negatives.
            f.line(f"Clé de licence du logiciel : {f.dl_qc('Tremblay', i)}", hard=("drivers_license",))
            f.line(f"Pièce {f.dl_on('Roy', i)} commandée chez le fournisseur", hard=("drivers_license",))
            wrong = f"{r.choice('BCGLMT')}{f.digits(11 if i % 2 else 13)}"
            f.line(f"Permis de conduire {wrong} (longueur invalide)", hard=("drivers_license",))
            f.line(f"Réservation : {f.booking()}", hard=("passport",))
            f.line(f"Vol AC{r.randint(100, 999)}, siège {r.randint(1, 40)}{r.choice('ABCDEF')}, confirmation {f.booking()}", hard=("passport",))
            odd = [f"{f.passport()}{r.randint(0, 9)}", r.choice("ABC") + f.passport(), f.passport().lower()][i % 3]
            f.line(f"Passeport {odd} refusé par le formulaire", hard=("passport",))
            f.line(f"Billet {f.passport()} imprimé", hard=("passport",))
        else:
            p = f.person(False)
            f.line(f"{['Driver' + chr(39) + 's licence:', 'Driver' + chr(39) + 's license #', 'DL:', 'Driving licence no.'][i % 4]} "
                   f"{f.dl_on(p[1], i)}", "drivers_license")
            f.line(f"{f.stamp(i)} kyc check drivers_license={f.dl_ab()} province=AB", "drivers_license")
            p = f.person(True)
            f.line(f"{p[0]} {p[1]} moved from Quebec, licence {f.dl_qc(p[1], i)}", "drivers_license")
            p = f.person(False)
            f.line(f'{{"name": "{p[0]} {p[1]}", "license_number": "{f.dl_on(p[1], i + 1)}"}}', "drivers_license")
            f.line(f"{['Passport number:', 'Travel document', 'Passport #', 'passport_number='][i % 4]} {f.passport()}", "passport")
            p = f.person(False)
            f.line(f"Traveller {p[0]} {p[1]}, passport {f.passport()}, born {date_text(f.dob(), EN_STYLES[i % 10])}",
                   "passport", "date_of_birth")
            f.line(f"{f.stamp(i)} INFO visa application passport_no={f.passport()} status=received", "passport")
            if i % 2 == 0:
                f.line(f"[16:{i:02d}] Agent: Could you read me your passport number?")
                f.line(f"[16:{i:02d}] Customer: {f.passport()}", "passport")
            # Hard negatives.
            f.line(f"Software licence key: {f.dl_qc('Smith', i)}", hard=("drivers_license",))
            f.line(f"MIT License, product key {f.dl_on('Brown', i)}", hard=("drivers_license",))
            f.line(f"Part {f.dl_ab()} back-ordered", hard=("drivers_license",))
            wrong = f"{r.choice('BCGLMT')}{f.digits(13 if i % 2 else 11)}"
            f.line(f"Driver's licence {wrong} has the wrong length", hard=("drivers_license",))
            f.line(f"Booking: {f.booking()}", hard=("passport",))
            f.line(f"Flight AC{r.randint(100, 999)} seat {r.randint(1, 40)}{r.choice('ABCDEF')} confirmation {f.booking()}", hard=("passport",))
            odd = [f"{f.passport()}{r.randint(0, 9)}", r.choice("ABC") + f.passport(), f.passport().lower()][i % 3]
            f.line(f"Passport {odd} rejected by the form", hard=("passport",))
            f.line(f"Ticket {f.passport()} printed", hard=("passport",))
    f.write()
    return f


def banking(name, french):
    """Bank accounts (transit, known institution, account) and business numbers (a company's, not a person's)."""
    f = File(name)
    r = f.rng
    for i in range(10):
        if french:
            acct, bank = f.bank(i)
            f.line(f"{['Dépôt direct :', 'Spécimen de chèque :', 'RIB :', 'Numéro de compte :'][i % 4]} {acct} ({bank})", "bank_account")
            acct, bank = f.bank(i + 1)
            f.line(f"Veuillez verser le remboursement dans mon compte bancaire {acct}, merci.", "bank_account")
            acct, _ = f.bank(i + 2)
            f.line(f"{f.stamp(i)} virement no_compte={acct} statut=accepté", "bank_account")
            corp = r.choice(["Boulangerie Lavoie inc.", "Transport Côté ltée", "Services Nadeau inc.", "Érablière Simard"])
            f.line(f"{corp} — No de TPS/TVH : {f.bn(i)}", "business_number")
            f.line(f"Numéro d'entreprise (NE) : {f.bn9()}", "business_number")
            n = f.bn9()
            f.line(f"Organisme de bienfaisance enregistré, no {n[:3]} {n[3:6]} {n[6:]}", "business_number")
            f.line(f"Remise à l'ARC pour {f.bn(i + 2)}", "business_number")
            # Hard negatives.
            acct, _ = f.bank(i, institution=(r.choice(UNKNOWN_INSTITUTIONS), "?"))
            f.line(f"Compte bancaire {acct} refusé : institution inconnue", hard=("bank_account",))
            acct, _ = f.bank(i + 1, length=r.choice([6, 13, 14]))
            f.line(f"Numéro de compte {acct} : longueur invalide", hard=("bank_account",))
            acct, _ = f.bank(i + 2)
            f.line([f"commande : {acct}", f"facture={acct}", f"suivi {acct} livré", f"Lot {acct} expédié"][i % 4], hard=("bank_account",))
            n = f.bn9()
            f.line(f"No de TPS {f.bad_luhn(n)} RT0001 : chiffre de contrôle invalide", hard=("business_number",))
            f.line(f"Pièce {f.bn9()} {r.choice(['KX', 'TQ', 'NE', 'AB'])}0001 en stock", hard=("business_number",))
            f.line(f"Lot {f.bn9()} fermé", hard=("business_number",))
            f.line(f"TVQ : 1{f.digits(9)} TQ0001", hard=("business_number",))
            if i % 2 == 0:
                f.line(f"Travailleur autonome, NAS : {f.sin()}", "sin", hard=("business_number",))
        else:
            acct, bank = f.bank(i)
            f.line(f"{['Direct deposit to account', 'Transit/institution/account:', 'Bank account', 'Account number:'][i % 4]} "
                   f"{acct} ({bank})", "bank_account")
            acct, _ = f.bank(i + 1)
            f.line(f"Please send the refund to my chequing account {acct}. Thanks!", "bank_account")
            acct, _ = f.bank(i + 2)
            f.line(f'{{"payee": "{f.person(False)[1]}", "bank_account": "{acct}"}}', "bank_account")
            corp = r.choice(["Northern Pine Ltd.", "Maple Freight Inc.", "Harbour Bakery Co.", "Prairie Tools Ltd."])
            f.line(f"{corp} GST/HST registration: {f.bn(i)}", "business_number")
            f.line(f"Business number (BN): {f.bn9()}", "business_number")
            n = f.bn9()
            f.line(f"Charity registration number {n[:3]} {n[3:6]} {n[6:]}", "business_number")
            f.line(f"Remit source deductions to payroll account {f.bn9()} RP0001", "business_number")
            f.line(f"Vendor master updated: {f.bn(i + 3)}", "business_number")
            # Hard negatives.
            acct, _ = f.bank(i, institution=(r.choice(UNKNOWN_INSTITUTIONS), "?"))
            f.line(f"Bank account {acct} rejected: unknown institution", hard=("bank_account",))
            acct, _ = f.bank(i + 1, length=r.choice([6, 13, 14]))
            f.line(f"Account number {acct} has the wrong length", hard=("bank_account",))
            acct, _ = f.bank(i + 2)
            f.line([f"order: {acct}", f"invoice={acct}", f"tracking {acct} delivered", f"Batch {acct} shipped"][i % 4], hard=("bank_account",))
            n = f.bn9()
            f.line(f"GST {f.bad_luhn(n)} RT0001 failed the check digit", hard=("business_number",))
            f.line(f"Part {f.bn9()} {r.choice(['KX', 'XX', 'NE', 'AB'])}0001 in stock", hard=("business_number",))
            f.line(f"Batch {f.bn9()} closed", hard=("business_number",))
            f.line(f"BN {f.bad_luhn(f.bn9())} does not validate", hard=("business_number",))
            if i % 2 == 0:
                f.line(f"Sole proprietor, SIN: {f.sin()}", "sin", hard=("business_number",))
    f.write()
    return f


def birth(name, french):
    """Dates of birth: only with a birth keyword; other dates, timestamps and impossible dates are not."""
    f = File(name)
    r = f.rng
    styles = FR_STYLES if french else EN_STYLES
    for i in range(12):
        s = styles[i % len(styles)]
        p = f.person(french)
        if french:
            ne = ["née le" if p[2] == "F" else "né le", "né(e) le"][i % 3 == 2]
            f.line(f"{p[0]} {p[1]}, {ne} {date_text(f.dob(), s)} à Québec", "date_of_birth")
            key = ["Date de naissance :", "Naissance :", "Date d'anniversaire :"][i % 3]
            f.line(f"{key} {date_text(f.dob(), styles[(i + 1) % len(styles)])}", "date_of_birth")
            f.line(f"{f.stamp(i)} profil mis à jour date_naissance={date_text(f.dob(), 'iso')}", "date_of_birth")
            month_plain = f.dob(months=[2, 8, 12], day=1 if i % 3 == 0 else None)
            f.line(f"DDN {date_text(month_plain, 'fr_plain' if i % 2 else 'fr_long')} (formulaire papier)", "date_of_birth")
            issued = f.issued()
            f.line(f"Permis — naissance : {date_text(f.dob(), 'iso')} ; délivré : {issued.isoformat()} ; expiration : "
                   f"{issued.replace(year=issued.year + 5).isoformat()}",
                   "date_of_birth", hard=("date_of_birth", "date_of_birth"))
            if i % 2 == 0:
                f.line(f"[13:{i:02d}] Agente : Quelle est votre date de naissance ?")
                f.line(f"[13:{i:02d}] Client : {date_text(f.dob(), s)}", "date_of_birth")
            # Hard negatives.
            f.line(f"Facture du {date_text(f.recent(), s)} : 42,10 $", hard=("date_of_birth",))
            f.line(f"{f.stamp(i, t=i % 2 == 0)[:None if i % 4 < 2 else 16]} anniversaire : rappel envoyé à {r.randint(2, 90)} membres",
                   hard=("date_of_birth",))
            f.line(f"Date de naissance : {impossible_date_text(r, s)} (rejetée)", hard=("date_of_birth",))
            f.line(f"{['Inscription :', 'Créé :', 'Modifié :'][i % 3]} {date_text(f.recent(), 'iso')}", hard=("date_of_birth",))
        else:
            born = ["was born on", "born"][i % 2]
            f.line(f"{p[0]} {p[1]} {born} {date_text(f.dob(), s)} in Ottawa", "date_of_birth")
            key = ["Date of birth:", "Birth date:", "Birthdate:"][i % 3]
            f.line(f"{key} {date_text(f.dob(), styles[(i + 1) % len(styles)])}", "date_of_birth")
            key = ["dob", "date_of_birth", "birth_date", "birthdate"][i % 4]
            f.line(f'{{"id": {1000 + i}, "{key}": "{date_text(f.dob(), "iso")}", "plan": "basic"}}', "date_of_birth")
            f.line(f"Birthday: {date_text(f.dob(), ['en_long', 'en_abbr', 'en_mdy'][i % 3])}", "date_of_birth")
            issued = f.issued()
            f.line(f"DOB: {date_text(f.dob(), 'iso')} | issued: {issued.isoformat()} | expiry: "
                   f"{issued.replace(year=issued.year + 5).isoformat()}",
                   "date_of_birth", hard=("date_of_birth", "date_of_birth"))
            if i % 2 == 0:
                f.line(f"[15:{i:02d}] Agent: What is your date of birth?")
                f.line(f"[15:{i:02d}] Customer: {date_text(f.dob(), s)}", "date_of_birth")
            # Hard negatives.
            f.line(f"Invoice date {date_text(f.recent(), s)}, amount due $42.10", hard=("date_of_birth",))
            f.line(f"{f.stamp(i, t=i % 2 == 0)[:None if i % 4 < 2 else 16]} birthday reminder sent to {r.randint(2, 90)} members",
                   hard=("date_of_birth",))
            f.line(f"Date of birth: {impossible_date_text(r, s)} (rejected)", hard=("date_of_birth",))
            f.line(f"{['created:', 'signup:', 'last_login:', 'updated:'][i % 4]} {date_text(f.recent(), 'iso')}", hard=("date_of_birth",))
    f.write()
    return f


# ---------------------------------------------------------------------------
# Columns.
# ---------------------------------------------------------------------------


def patients(name):
    """A Quebec clinic's patient export: NAM for Quebecers, another province's card for the others."""
    f = File(name)
    r = f.rng
    f.row(["nom", "date_naissance", "nam", "carte_santé", "telephone", "derniere_visite", "echantillon"])
    for i in range(40):
        p = f.person(i % 4 != 3)
        born = f.dob()
        labels, hard = ["phone"], ["date_of_birth", "health_number"]  # derniere_visite, echantillon
        if i % 13 == 12:
            dob = impossible_date_text(r, "iso")
            hard.append("date_of_birth")
        else:
            dob = date_text(born, ["iso", "iso", "dmy_slash", "fr_long", "iso_slash", "dmy_dot"][i % 6])
            labels.append("date_of_birth")
        nam = carte = ""
        if i % 4 != 3:
            if i % 11 == 5:
                nam = f.ramq_impossible(p, ["", " "][i % 2])
                hard.append("health_number")
            else:
                nam = f.ramq(p, born, ["", " ", "-"][i % 3] if i % 3 else None)
                labels.append("health_number")
        else:
            if i % 8 == 7:
                bad = f.health_invalid(first=None)
                carte = f"{bad[:4]}-{bad[4:7]}-{bad[7:]}"
                hard.append("health_number")
            elif i % 3 == 0:
                ph = f.phn(bare=True)
                carte = ph if i % 2 else f"{ph[:4]} {ph[4:7]} {ph[7:]}"
                labels.append("health_number")
            else:
                o = f.ohip(bare=True)
                carte = [f"{o[:4]}-{o[4:7]}-{o[7:]}-{f.version_code()}", o, f"{o[:4]} {o[4:7]} {o[7:]}"][i % 3]
                labels.append("health_number")
        f.row([f"{p[0]} {p[1]}", dob, nam, carte, f.phone(), f.recent().isoformat(), f.ramq_shape("")], *labels, hard=hard)
    f.write()
    return f


def customers(name):
    """An online shop's customer export, English headers."""
    f = File(name)
    r = f.rng
    f.row(["id", "name", "card_number", "dob", "passport_number", "drivers_licence", "bank_account", "order_id",
           "created_at"])
    for i in range(40):
        p = f.person(i % 5 == 4)
        labels = []
        hard = ["credit_card", "date_of_birth"]  # order_id, created_at
        brand = (GROUPABLE + BARE_ONLY)[i % (len(GROUPABLE) + len(BARE_ONLY))]
        number = f.pan(brand)
        if i % 8 == 7:
            test = TEST_CARDS[(i // 8) * 3 % len(TEST_CARDS)]
            card = [group_card(test), f.bad_luhn(number), group_card(f.outside_range(), "-"), test, f.bad_luhn(number)][i // 8]
            hard.append("credit_card")
        else:
            card = group_card(number, " " if i % 2 else "-") if i % 3 == 0 and brand in GROUPABLE else number
            labels.append("credit_card")
        if i % 9 == 8:
            dob = impossible_date_text(r, EN_STYLES[i % 10])
            hard.append("date_of_birth")
        else:
            dob = date_text(f.dob(), EN_STYLES[i % 10])
            labels.append("date_of_birth")
        if i % 7 == 6:
            passport = [f"{f.passport()}{r.randint(0, 9)}", r.choice("ABC") + f.passport(), f.passport().lower()][i % 3]
            hard.append("passport")
        else:
            passport = f.passport()
            labels.append("passport")
        if i % 10 == 9:
            licence = f"{plain(p[1])[0]}{f.digits([11, 13][i % 2])}"
            hard.append("drivers_license")
        else:
            licence = [f.dl_on(p[1], 0), f.dl_ab(), f.dl_qc(p[1], i), f.dl_on(p[1], 1)][i % 4]
            labels.append("drivers_license")
        if i % 6 == 5:
            if i % 12 == 5:
                account, _ = f.bank(i, institution=(r.choice(UNKNOWN_INSTITUTIONS), "?"))
            else:
                account, _ = f.bank(i, length=r.choice([6, 13]))
            hard.append("bank_account")
        else:
            account, _ = f.bank(i)
            labels.append("bank_account")
        order = f.pan(GROUPABLE[(i + 4) % len(GROUPABLE)])
        f.row([str(i + 1), f"{p[0]} {p[1]}", card, dob, passport, licence, account, order, f.stamp(i, t=False)],
              *labels, hard=hard)
    f.write()
    return f


def suppliers(name):
    """A supplier register: each company's BN (bare) or GST account; a sole proprietor's SIN is a SIN."""
    f = File(name)
    r = f.rng
    f.row(["supplier", "business_number", "gst_number", "sin", "phone", "invoice_no"])
    companies = ["Boulangerie Lavoie inc.", "Transport Côté ltée", "Maple Freight Inc.", "Northern Pine Ltd.",
                 "Services Nadeau inc.", "Harbour Bakery Co.", "Érablière Simard", "Prairie Tools Ltd.",
                 "Imprimerie Hébert", "Nettoyage Fortin enr."]
    for i in range(44):
        labels, hard = ["phone"], ["business_number"]  # phone, invoice_no
        sole = i % 3 == 2
        if sole:
            p = f.person(i % 2 == 0)
            supplier = f"{p[0]} {p[1]} (travailleur autonome)" if i % 2 == 0 else f"{p[0]} {p[1]} (sole proprietor)"
            sin = f.sin()
            labels.append("sin")
        else:
            supplier = companies[i % len(companies)]
            sin = ""
        bn_cell = gst_cell = ""
        if i % 2 == 0:
            n = f.bn9()
            if i % 10 == 6:
                bn_cell = f.bad_luhn(n)
                hard.append("business_number")
            else:
                bn_cell = [n, f"{n[:3]} {n[3:6]} {n[6:]}", f.bn(3, n)][(i // 2 + i // 12) % 3]
                labels.append("business_number")
        else:
            n = f.bn9()
            if i % 10 == 7:
                gst_cell = f"{f.bad_luhn(n)}RT0001"
                hard.append("business_number")
            else:
                gst_cell = [f"{n}RT0001", f"{n} RT0001", f"{n} RT 0001"][i // 2 % 3]
                labels.append("business_number")
        f.row([supplier, bn_cell, gst_cell, sin, f.phone(), f.bn9()], *labels, hard=hard)
    f.write()
    return f


def register(name):
    """A Markdown register: the header row gives each column its context."""
    f = File(name)
    r = f.rng
    f.line("# Registre des conducteurs — Clinique du Faubourg")
    f.line("")
    f.line("Extrait du registre pour l'évaluation médicale des conducteurs (données fictives).")
    f.line("")
    f.line("| Nom | Date de naissance | NAM | Permis de conduire |")
    f.line("|---|---|---|---|")
    for i in range(30):
        p = f.person(True)
        born = f.dob()
        f.line(f"| {p[0]} {p[1]} | {date_text(born, FR_STYLES[i % 8])} | {f.ramq(p, born, [' ', '-', None][i % 3])} | "
               f"{f.dl_qc(p[1], i)} |", "date_of_birth", "health_number", "drivers_license")
    f.line("")
    f.line("Patients de l'extérieur, frais et remboursements :")
    f.line("")
    f.line("| Patient | Passeport | Carte de crédit | Compte bancaire |")
    f.line("|---|---|---|---|")
    for i in range(16):
        p = f.person(i % 2 == 0)
        labels, hard = [], []
        if i % 8 == 5:
            passport = [f.passport().lower(), f"{f.passport()}{r.randint(0, 9)}"][i // 8]
            hard.append("passport")
        else:
            passport = f.passport()
            labels.append("passport")
        number = f.pan(GROUPABLE[i % len(GROUPABLE)])
        if i % 8 == 3:
            card = [TEST_CARDS[4 + i], f.bad_luhn(number)][i // 8]
            hard.append("credit_card")
        else:
            card = number if i % 3 else group_card(number)
            labels.append("credit_card")
        if i % 8 == 6:
            account, _ = f.bank(i, institution=(r.choice(UNKNOWN_INSTITUTIONS), "?"))
            hard.append("bank_account")
        else:
            account, _ = f.bank(i)
            labels.append("bank_account")
        f.line(f"| {p[0]} {p[1]} | {passport} | {card} | {account} |", *labels, hard=hard)
    f.line("")
    f.line("Licences logicielles du poste d'accueil :")
    f.line("")
    f.line("| Produit | Clé de licence | Date d'achat |")
    f.line("|---|---|---|")
    products = ["Dossier Santé Pro", "Agenda Clinique", "Facturation Plus", "Archiveur 7", "Lecteur PDF"]
    for i in range(12):
        key = [f.dl_qc("Tremblay", i), f.dl_on("Gagnon", i), f.dl_ab()][i % 3]
        f.line(f"| {products[i % 5]} | {key} | {date_text(f.recent(), FR_STYLES[i % 8])} |",
               hard=("drivers_license", "date_of_birth"))
    f.line("")
    f.line("Déplacements du personnel :")
    f.line("")
    f.line("| Vol | Réservation | Départ |")
    f.line("|---|---|---|")
    for i in range(12):
        f.line(f"| AC{r.randint(100, 999)} | {f.booking()} | {date_text(f.recent(), 'iso')} |", hard=("passport", "date_of_birth"))
    f.line("")
    f.line("| Échantillon | Prélevé le |")
    f.line("|---|---|")
    for i in range(10):
        f.line(f"| {f.ramq_shape(' ')} | {date_text(f.recent(), 'fr_long')} |", hard=("health_number", "date_of_birth"))
    f.write()
    return f


def main():
    files = [
        cards("cards_en.txt", False),
        cards("cards_fr.txt", True),
        health("health_en.txt", False),
        health("health_fr.txt", True),
        ids("ids_en.txt", False),
        ids("ids_fr.txt", True),
        banking("banking_en.txt", False),
        banking("banking_fr.txt", True),
        birth("birth_en.txt", False),
        birth("birth_fr.txt", True),
        patients("patients.csv"),
        customers("customers.csv"),
        suppliers("suppliers.csv"),
        register("register_fr.md"),
    ]
    labels = sorted(label for f in files for label in f.labels)
    rows = ["path\tline\tcategory"] + [f"{p}\t{l}\t{c}" for p, l, c in labels]
    (HERE / "expected.tsv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    counts, hard = {}, {}
    for _, _, category in labels:
        counts[category] = counts.get(category, 0) + 1
    for f in files:
        for category, n in f.hard.items():
            hard[category] = hard.get(category, 0) + n
    print(f"{'category':<16} {'positives':>9} {'hard negatives':>15}")
    for category in sorted(set(counts) | set(hard)):
        print(f"{category:<16} {counts.get(category, 0):>9} {hard.get(category, 0):>15}")
    print(f"{'total':<16} {len(labels):>9} {sum(hard.values()):>15}")


if __name__ == "__main__":
    main()
