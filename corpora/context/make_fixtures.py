#!/usr/bin/env python3
"""Writes corpora/context: labelled fixtures for detection that reads context
like a person (issue 14), in English and French.

Each file exercises one class: the key a value is attached to, product tokens
that look like keywords, table headers, questions answered on the next line, a
province before a postal code, phone shapes (3-7 grouping, slash, two numbers
in a row, international numbers), email domains (internationalized TLDs,
domains that only have a valid prefix, overlong addresses), and IPv6
addresses carrying an IPv4 one. Every file mixes positives with the hard
negatives of its class.

Labels (`expected.tsv`: path, line, category) come from what this script
plants and the line it writes it to, never from piimap's output. Python 3.11,
standard library only; fixed seeds, so two runs write identical files.
"""

import pathlib
import random

HERE = pathlib.Path(__file__).resolve().parent
AREAS = [418, 438, 450, 514, 579, 581, 819, 873]
POSTAL_FIRST = "ABCEGHJKLMNPRSTVXY"
POSTAL_OTHER = "ABCEGHJKLMNPRSTVWXYZ"


class File:
    """A fixture being written: its lines and its labels."""

    def __init__(self, name):
        self.name = name
        self.lines = []
        self.labels = []
        self.rng = random.Random("context:" + name)

    def line(self, text, *categories):
        self.lines.append(text)
        for category in categories:
            self.labels.append((self.name, len(self.lines), category))

    # Values.
    def phone_digits(self):
        exchange = self.rng.randint(200, 999)
        while exchange % 100 == 11:
            exchange = self.rng.randint(200, 999)
        return f"{self.rng.choice(AREAS)}{exchange}{self.rng.randint(0, 9999):04d}"

    def sin(self):
        while True:
            digits = [self.rng.choice([1, 2, 3, 4, 5, 6, 7, 9])] + [self.rng.randint(0, 9) for _ in range(7)]
            for check in range(10):
                candidate = digits + [check]
                total = 0
                for i, d in enumerate(reversed(candidate)):
                    if i % 2 == 1:
                        d *= 2
                        if d > 9:
                            d -= 9
                    total += d
                if total % 10 == 0:
                    return "".join(map(str, candidate))

    def postal(self):
        r = self.rng
        return f"{r.choice(POSTAL_FIRST)}{r.randint(0, 9)}{r.choice(POSTAL_OTHER)}{r.randint(0, 9)}{r.choice(POSTAL_OTHER)}{r.randint(0, 9)}"

    def ipv4(self):
        net = self.rng.choice(["203.0.113", "198.51.100", "192.0.2"])
        return f"{net}.{self.rng.randint(1, 254)}"

    def person(self):
        return self.rng.choice(["Jean Tremblay", "Marie Gagnon", "Luc Roy", "Anne Côté", "Paul Morin", "Sophie Lavoie"])

    def write(self):
        (HERE / self.name).write_text("\n".join(self.lines) + "\n", encoding="utf-8")


def keys(name, french):
    """The key a value is attached to decides, whatever else is on the line."""
    f = File(name)
    host = "hôte" if french else "host"
    for i in range(30):
        f.line(f"ts=2026-11-{i % 28 + 1:02d} {host}=web-{i % 4} client_ip={f.ipv4()} status=200", "ip_address")
        f.line(f"{host}=web-{i % 4} oid=2.5.{i % 9 + 1}.{i % 20 + 1} status=ok")
        f.line(f"{host}=db-{i % 3} snmp_oid=1.3.6.{i % 9 + 1} uptime={i * 37}")
        f.line(f'{{"{host}": "web-{i % 4}", "oid": "2.5.4.{i % 30 + 1}"}}')
        f.line(f'{{"ip": "{f.ipv4()}", "version": "{i % 5 + 1}"}}', "ip_address")
        f.line(f"version=10.{i % 9}.2.1 {host}=build-{i % 3}")
        if french:
            f.line(f"nas={f.sin()} commande=C-{1000 + i}", "sin")
            f.line(f"commande={f.sin()} nas_client=inconnu")
            f.line(f"téléphone={f.phone_digits()} facture=F-{2000 + i}", "phone")
        else:
            f.line(f"sin={f.sin()} order=O-{1000 + i}", "sin")
            f.line(f"order={f.sin()} customer_sin=unknown")
            f.line(f"phone={f.phone_digits()} invoice=I-{2000 + i}", "phone")
    f.write()
    return f


def user_agents(name):
    """A User-Agent's product tokens (`Version/17.2`) are not the word "version"."""
    f = File(name)
    agents = [
        "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.2 Safari/605.1.15",
        "Mozilla/5.0 (iPhone; CPU iPhone OS 17_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.1 Mobile/15E148 Safari/604.1",
        "Mozilla/5.0 (X11; Linux x86_64; rv:120.0) Gecko/20100101 Firefox/120.0",
    ]
    for i in range(60):
        agent = agents[i % len(agents)]
        stamp = f"[01/Dec/2026:10:{i % 60:02d}:00 +0000]"
        f.line(f'{f.ipv4()} - - {stamp} "GET /aide HTTP/1.1" 200 {512 + i} "-" "{agent}" {f.ipv4()}', "ip_address", "ip_address")
        if i % 4 == 0:
            f.line(f"deploy: release build 10.{i % 9}.0.{i % 7 + 1} rolled out")
    f.write()
    return f


def tables(name, french):
    """A table's header gives its column context, as a CSV header does."""
    f = File(name)
    if french:
        head, order = ["Nom", "Téléphone", "Code postal", "NAS"], "Numéro de commande"
        intro = "Liste des clients à rappeler :"
    else:
        head, order = ["Name", "Phone", "Postal code", "SIN"], "Order number"
        intro = "Customers to call back:"
    f.line(intro)
    f.line("")
    f.line("| " + " | ".join(head) + " |")
    f.line("|" + "|".join("-" * (len(h) + 2) for h in head) + "|")
    for _ in range(25):
        f.line(f"| {f.person()} | {f.phone_digits()} | {f.postal()} | {f.sin()} |", "phone", "postal_code", "sin")
    f.line("")
    f.line("psql output:")
    f.line("")
    f.line(" id |      nom       | telephone  | code_postal")
    f.line("----+----------------+------------+-------------")
    for i in range(20):
        f.line(f" {i + 1:2d} | {f.person():<14} | {f.phone_digits()} | {f.postal()}", "phone", "postal_code")
    f.line(f"({20} rows)")
    f.line("")
    f.line("+----+--------------+------------+")
    f.line(f"| id | {order[:12]:<12} | ref        |")
    f.line("+----+--------------+------------+")
    for i in range(20):
        # Luhn-valid nine digits under an order header, ten digits under "ref": not personal data.
        f.line(f"| {i + 1:2d} | {f.sin():<12} | {f.phone_digits()} |")
    f.line("+----+--------------+------------+")
    f.line("")
    f.line("\t".join(head))
    for _ in range(15):
        f.line("\t".join([f.person(), f.phone_digits(), f.postal(), f.sin()]), "phone", "postal_code", "sin")
    # A plain-text table aligned with spaces (a report, `column -t`): cells in
    # character columns (`Téléphone` is nine characters, eleven bytes).
    f.line("")
    f.line("Rapport imprimé :" if french else "Printed report:")
    f.line("")
    widths = [16, 14, 13, 11]
    aligned = lambda cells, widths: "".join(c.ljust(w) for c, w in zip(cells, widths)).rstrip()
    f.line(aligned(head, widths))
    f.line("  ".join("-" * (w - 2) for w in widths))
    for _ in range(15):
        cells = [f.person(), f.phone_digits(), f.postal(), f.sin()]
        f.line(aligned(cells, widths), "phone", "postal_code", "sin")
    f.line("")
    # Hard negatives: Luhn-valid nine digits under an order header, ten digits
    # under a reference, in the same kind of table.
    widths = [6, 22, 12]
    f.line(aligned(["No", order, "Référence" if french else "Reference"], widths))
    for i in range(15):
        f.line(aligned([str(i + 1), f.sin(), f.phone_digits()], widths))
    f.write()
    return f


def dialogue(name, french):
    """An answer on the line after a question gets the question's context."""
    f = File(name)
    if french:
        questions = [
            ("Quel est votre code postal ?", "postal", "postal_code"),
            ("Votre numéro de téléphone, s'il vous plaît ?", "phone", "phone"),
            ("Pouvez-vous confirmer votre NAS ?", "sin", "sin"),
        ]
        unrelated = [("Quel est votre numéro de commande ?", "phone"), ("Et le numéro de facture ?", "phone")]
        agent, client = "Agente", "Client"
    else:
        questions = [
            ("What is your postal code?", "postal", "postal_code"),
            ("And your phone number?", "phone", "phone"),
            ("Could you confirm your SIN?", "sin", "sin"),
        ]
        unrelated = [("What is your order number?", "phone"), ("And the invoice number?", "phone")]
        agent, client = "Agent", "Client"
    for i in range(25):
        stamp = f"[10:{i % 60:02d}:00]"
        for question, kind, category in questions:
            f.line(f"{stamp} {agent}: {question}")
            value = {"postal": f.postal(), "phone": f.phone_digits(), "sin": f.sin()}[kind]
            f.line(f"{stamp} {client}: {value}", category)
        question, kind = unrelated[i % 2]
        f.line(f"{stamp} {agent}: {question}")
        f.line(f"{stamp} {client}: {f.phone_digits()}")
        f.line(f"{stamp} {client}: {f.postal()}")
        f.line("")
    # An email reply quoting the question.
    f.line("> " + questions[0][0])
    f.line(f.postal(), "postal_code")
    f.write()
    return f


def addresses(name, french):
    """A province right before a postal code is context."""
    f = File(name)
    cities = [("Montréal", "QC"), ("Québec", "QC"), ("Gatineau", "QC"), ("Ottawa", "ON"), ("Toronto", "ON"), ("Moncton", "NB")]
    for i in range(30):
        city, province = cities[i % len(cities)]
        street = f"{100 + i} rue {'Principale' if french else 'Main'}"
        f.line(f"{f.person()}, {street}, {city}, {province} {f.postal()}", "postal_code")
        if french and i % 3 == 0:
            f.line(f"{street}, Québec (Québec) {f.postal()}", "postal_code")
        # A code alone, or after a word that is no province: no context.
        f.line(f"Lot {f.postal()} expédié" if french else f"Batch {f.postal()} shipped")
        f.line(f"AQC {f.postal()}")
    f.write()
    return f


def phones(name, french):
    """Every phone shape, and the lookalikes."""
    f = File(name)
    say = "Rejoindre" if french else "Reach"
    r = f.rng
    intl = [
        lambda: f"+33 1 {r.randint(10, 99)} {r.randint(10, 99)} {r.randint(10, 99)} {r.randint(10, 99)}",
        lambda: f"+33 6 {r.randint(10, 29)} {r.randint(10, 99)} {r.randint(10, 99)} {r.randint(10, 99)}",
        lambda: f"+44 20 7946 0{r.randint(0, 999):03d}",
        lambda: f"+32 2 {r.randint(200, 799)} {r.randint(10, 99)} {r.randint(10, 99)}",
    ]
    for i in range(25):
        d = f.phone_digits()
        f.line(f"{f.person()}: {d[:3]} {d[3:]}", "phone")
        d = f.phone_digits()
        f.line(f"{f.person()}: ({d[:3]}){d[3:]}", "phone")
        d = f.phone_digits()
        f.line(f"{f.person()}: {d[:3]}/{d[3:6]}-{d[6:]}", "phone")
        a, b = f.phone_digits(), f.phone_digits()
        f.line(f"{say}: {a[:3]} {a[3:6]} {a[6:]} {b[:3]} {b[3:6]} {b[6:]}", "phone", "phone")
        f.line(f"{f.person()} (Europe) : {intl[i % len(intl)]()}", "phone")
        # Glued to a letter, accented or not: part of a code.
        d = f.phone_digits()
        f.line(f"réf. é{d} / code {d[:3]}-{d[3:6]}-{d[6:]}é")
        f.line(f"+33 1 {r.randint(10, 99)} ; score +3 {r.randint(10, 99)}")
    f.write()
    return f


def emails(name):
    """Domains kept whole, or refused whole."""
    f = File(name)
    r = f.rng
    for i in range(30):
        f.line(f"Écrire à user{i}@exemple.xn--p1ai pour la Russie", "email")
        f.line(f"Contact: team{i}@exemple.qc.ca", "email")
        f.line(f"not an address: first.last{i}@iana.co-uk")
        local = "".join(r.choice("abcdefghij") for _ in range(60))
        labels = ".".join("".join(r.choice("klmnopqrst") for _ in range(50)) for _ in range(4))
        f.line(f"overlong: {local}@{labels}.com")
    f.write()
    return f


def ipv6(name):
    """An IPv6 address carrying an IPv4 one is rated like the IPv4 address."""
    f = File(name)
    for i in range(40):
        f.line(f"accepted connection from ::ffff:{f.ipv4()} port {40000 + i}", "ip_address")
        f.line(f"health check from ::ffff:127.0.0.1 port {50000 + i}")
        f.line(f"listening on ::ffff:0.0.0.0 port {8000 + i}")
    f.write()
    return f


def main():
    files = [
        keys("keys_en.log", False),
        keys("keys_fr.log", True),
        user_agents("user_agents.log"),
        tables("tables_en.md", False),
        tables("tables_fr.md", True),
        dialogue("dialogue_en.txt", False),
        dialogue("dialogue_fr.txt", True),
        addresses("addresses_en.txt", False),
        addresses("addresses_fr.txt", True),
        phones("phones_en.txt", False),
        phones("phones_fr.txt", True),
        emails("emails.txt"),
        ipv6("ipv6.log"),
    ]
    labels = sorted(label for f in files for label in f.labels)
    rows = ["path\tline\tcategory"] + [f"{p}\t{l}\t{c}" for p, l, c in labels]
    (HERE / "expected.tsv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    counts = {}
    for _, _, category in labels:
        counts[category] = counts.get(category, 0) + 1
    for category in sorted(counts):
        print(f"{category:<12} {counts[category]}")


if __name__ == "__main__":
    main()
