#!/usr/bin/env python3
"""Generate the demo export of a fictional Alloprof deployment (corpora/demo).

    python3 corpora/demo/make_demo.py            # write every demo file and expected.tsv
    python3 corpora/demo/make_demo.py --verify BIN
                                                 # also scan the demo with BIN (a piimap binary)
                                                 # and compare with expected.tsv

Python 3.11+, standard library only. Every file is written next to this script, whatever the
current directory. One `random.Random` per file, seeded with a fixed string, so two runs write
byte-identical files.

All data is synthetic: invented names; emails at example.com, example.org and example.net;
valid NANP numbers on Quebec and Ottawa area codes (exchange 2-9, never N11, never 555);
postal codes with no D F I O Q U (nor W or Z first); SINs that are random Luhn-valid nine-digit
numbers starting with 1-7 or 9; client IPs from the documentation ranges (192.0.2.0/24,
198.51.100.0/24, 203.0.113.0/24, 2001:db8::/32). None of it is Alloprof's data.

expected.tsv is written from the generator's model (what was planted where), not from a scan.
The status of each (location, category) is stated in the model and cross-checked against the
data map of rules/policies/alloprof.toml by a small reimplementation of the inventory rules
(see `policy_status`); the script stops if the two disagree.
"""
from __future__ import annotations

import argparse
import csv
import io
import json
import re
import subprocess
import sys
import tomllib
from collections import OrderedDict
from pathlib import Path
from datetime import date, timedelta
from random import Random

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
POLICY = REPO / "rules/policies/alloprof.toml"
SEED = "piimap-demo-alloprof-v1"

# ---------------------------------------------------------------------------------------------
# Synthetic values
# ---------------------------------------------------------------------------------------------
FIRST = [
    "Léa", "Zoé", "Florence", "Alice", "Emma", "Charlotte", "Rosalie", "Béatrice", "Maëlle", "Juliette",
    "Noémie", "Camille", "Laurence", "Anaïs", "Clara", "Mila", "Élodie", "Sarah", "Maude", "Inès",
    "Liam", "Noah", "William", "Thomas", "Jacob", "Félix", "Nathan", "Samuel", "Émile", "Olivier",
    "Raphaël", "Louis", "Xavier", "Antoine", "Gabriel", "Zacharie", "Mathis", "Édouard", "Jérémie", "Hugo",
]
LAST = [
    "Bélanger", "Gagnon", "Côté", "Bouchard", "Gauthier", "Morin", "Lavoie", "Fortin", "Gagné", "Ouellet",
    "Pelletier", "Bergeron", "Lévesque", "Girard", "Simard", "Boucher", "Caron", "Beaulieu", "Cloutier", "Dubé",
    "Poirier", "Fournier", "Lapointe", "Leclerc", "Lefebvre", "Poulin", "Thibault", "St-Pierre", "Nadeau", "Martel",
    "Paquette", "Desjardins", "Vachon", "Bédard", "Landry", "Turcotte", "D'Amours", "Labelle", "Mercier", "Rioux",
]
DOMAINS = ["example.com", "example.org", "example.net"]

# Area codes by region; the postal code's first letter and the city go with them.
REGIONS = [
    # (province, city, postal first letters/digits, area codes, weight)
    ("QC", "Montréal", ["H1", "H2", "H3", "H4"], ["514", "438"], 30),
    ("QC", "Laval", ["H7"], ["450", "579"], 8),
    ("QC", "Québec", ["G1", "G2"], ["418", "581"], 16),
    ("QC", "Lévis", ["G6"], ["418", "581"], 4),
    ("QC", "Longueuil", ["J4"], ["450", "579"], 8),
    ("QC", "Sherbrooke", ["J1"], ["819", "873"], 6),
    ("QC", "Gatineau", ["J8", "J9"], ["819", "873"], 6),
    ("QC", "Trois-Rivières", ["G8", "G9"], ["819", "873"], 4),
    ("QC", "Saguenay", ["G7"], ["418", "581"], 3),
    ("ON", "Ottawa", ["K1", "K2"], ["613", "343"], 4),
    ("NB", "Moncton", ["E1"], ["506"], 2),
]
POSTAL_LETTERS = "ABCEGHJKLMNPRSTVWXYZ"  # never D F I O Q U


def region(rng: Random):
    return rng.choices(REGIONS, weights=[r[4] for r in REGIONS])[0]


def phone_number(rng: Random, areas: list[str], used: set[str], style: str = "dash") -> str:
    while True:
        area = rng.choice(areas)
        exchange = f"{rng.randint(2, 9)}{rng.randint(0, 9)}{rng.randint(0, 9)}"
        if exchange[1:] == "11" or exchange == "555":
            continue
        line = f"{rng.randint(0, 9999):04d}"
        key = area + exchange + line
        if key in used:
            continue
        used.add(key)
        if style == "dash":
            return f"{area}-{exchange}-{line}"
        if style == "paren":
            return f"({area}) {exchange}-{line}"
        if style == "space":
            return f"{area} {exchange} {line}"
        if style == "dot":
            return f"{area}.{exchange}.{line}"
        if style == "mixed":
            return f"{area} {exchange}-{line}"
        raise ValueError(style)


def postal_code(rng: Random, prefixes: list[str]) -> str:
    p = rng.choice(prefixes)
    return f"{p}{rng.choice(POSTAL_LETTERS)} {rng.randint(0, 9)}{rng.choice(POSTAL_LETTERS)}{rng.randint(0, 9)}"


def luhn_ok(digits: str) -> bool:
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = int(ch)
        if i % 2 == 1:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return total % 10 == 0


def luhn_completed(rng: Random, prefix: str, length: int) -> str:
    """`prefix` followed by random digits and the Luhn check digit: `length` digits in all."""
    body = prefix + "".join(rng.choice("0123456789") for _ in range(length - len(prefix) - 1))
    return next(body + c for c in "0123456789" if luhn_ok(body + c))


def card_number(rng: Random) -> str:
    """A Visa-range card number that passes Luhn, grouped 4-4-4-4 (never a published test number)."""
    digits = luhn_completed(rng, "45", 16)
    return " ".join(digits[i:i + 4] for i in range(0, 16, 4))


def bank_account(rng: Random) -> str:
    """Transit, institution (a real one: RBC 003, Desjardins 815, National 006) and account."""
    institution = rng.choice(["003", "815", "006", "001"])
    return f"{rng.randint(10000, 99999)}-{institution}-{rng.randint(1000000, 9999999)}"


def ramq_number(rng: Random, first: str, last: str, born: date) -> str:
    """A RAMQ number as the card prints it: three letters of the surname, one of the given
    name, the birth date (month + 50 for women) and two digits."""
    letters = (ascii_slug(last).upper().replace("-", "") + "XXX")[:3] + ascii_slug(first).upper()[:1]
    month = born.month + (50 if rng.random() < 0.5 else 0)
    return f"{letters} {born.year % 100:02d}{month:02d} {born.day:02d}{rng.randint(10, 99)}"


def sin_number(rng: Random, used: set[str]) -> str:
    while True:
        first = rng.choice("12345679")
        body = first + "".join(str(rng.randint(0, 9)) for _ in range(7))
        for check in "0123456789":
            if luhn_ok(body + check):
                s = body + check
                break
        if s in used:
            continue
        used.add(s)
        return f"{s[0:3]} {s[3:6]} {s[6:9]}"


def ascii_slug(text: str) -> str:
    table = str.maketrans("àâäéèêëîïôöùûüçÉÈÊÀÂÎÔÛÇ'", "aaaeeeeiioouuucEEEAAIOUC-")
    return re.sub(r"[^a-z-]", "", text.translate(table).lower().replace(" ", "-"))


def email_for(rng: Random, first: str, last: str, used: set[str]) -> str:
    while True:
        f, l = ascii_slug(first), ascii_slug(last).replace("-", "")
        style = rng.randrange(4)
        local = [f"{f}.{l}", f"{f[0]}{l}", f"{f}.{l}{rng.randint(1, 99):02d}", f"{f}{l[0]}{rng.randint(2000, 2015)}"][style]
        addr = f"{local}@{rng.choice(DOMAINS)}"
        if addr not in used:
            used.add(addr)
            return addr


def timestamp(rng: Random, year: int, month_lo: int, month_hi: int) -> str:
    month = rng.randint(month_lo, month_hi)
    return f"{year}-{month:02d}-{rng.randint(1, 28):02d} {rng.randint(6, 22):02d}:{rng.randint(0, 59):02d}:{rng.randint(0, 59):02d}"


# ---------------------------------------------------------------------------------------------
# The model: every (location, category) planted, with its status and the reason.
# A location is (path, table, field); table and field are empty for text files.
# ---------------------------------------------------------------------------------------------
PLANTED: "OrderedDict[tuple[str, str, str, str], tuple[str, str]]" = OrderedDict()


def plant(path: str, table: str, field: str, category: str, status: str, why: str) -> None:
    key = (path, table, field, category)
    if key in PLANTED and PLANTED[key][0] != status:
        raise SystemExit(f"conflicting status for {key}")
    PLANTED[key] = (status, why)


# ---------------------------------------------------------------------------------------------
# users.csv: the account table
# ---------------------------------------------------------------------------------------------
GRADES_PRIMARY = [f"primaire-{n}" for n in range(1, 7)]
GRADES_SECONDARY = [f"secondaire-{n}" for n in range(1, 6)]
B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"


def argon2_hash(rng: Random) -> str:
    salt = "".join(rng.choice(B64) for _ in range(22))
    digest = "".join(rng.choice(B64) for _ in range(43))
    return f"$argon2id$v=19$m=65536,t=3,p=4${salt}${digest}"


def make_users(used_emails: set[str], used_phones: set[str]) -> list[dict]:
    rng = Random(f"{SEED}:users.csv")
    users = []
    for i in range(120):
        uid = 20101 + i * 7 + rng.randint(0, 6)
        first, last = rng.choice(FIRST), rng.choice(LAST)
        user_type = rng.choices(["student", "parent", "teacher", "adult_student"], weights=[70, 18, 9, 3])[0]
        prov, _city, _pc, areas, _w = region(rng)
        if user_type == "student":
            grade = rng.choice(GRADES_PRIMARY[2:] + GRADES_SECONDARY * 2)
        elif user_type == "parent":
            grade = rng.choice(GRADES_PRIMARY + GRADES_SECONDARY)
        elif user_type == "adult_student":
            grade = "formation-adultes"
        else:
            grade = ""
        language = "en" if (prov != "QC" or rng.random() < 0.12) else "fr"
        # Only Quebec residents can be called back by a teacher, and only some gave a number.
        phone = ""
        if prov == "QC" and user_type in ("student", "parent", "adult_student") and rng.random() < 0.3:
            phone = phone_number(rng, areas, used_phones, rng.choice(["dash", "dash", "paren", "space"]))
        created = timestamp(rng, rng.choice([2023, 2024, 2025]), 1, 12)
        users.append({
            "id": uid,
            "email": email_for(rng, first, last, used_emails),
            "password_hash": argon2_hash(rng),
            "user_type": user_type,
            "grade_level": grade,
            "province": prov,
            "language": language,
            "phone": phone,
            "newsletter_opt_in": "true" if rng.random() < 0.35 else "false",
            "created_at": created,
        })
    buf = io.StringIO()
    out = csv.DictWriter(buf, fieldnames=list(users[0]), lineterminator="\n")
    out.writeheader()
    out.writerows(users)
    write("users.csv", buf.getvalue())
    plant("users.csv", "users", "email", "email", "covered",
          "account-security, newsletter-contests and registration declare email at users.email / users.*")
    plant("users.csv", "users", "phone", "phone", "covered",
          "phone-callbacks declares phone at users.phone")
    return users


# ---------------------------------------------------------------------------------------------
# donations.sql: CanadaHelps donation reports imported into a `donations` table (mysqldump)
# ---------------------------------------------------------------------------------------------
STREETS = ["rue Saint-Denis", "avenue du Parc", "rue Fabre", "boulevard René-Lévesque", "rue Cartier",
           "chemin Sainte-Foy", "rue King Ouest", "boulevard Taschereau", "rue Principale", "avenue Laurier",
           "rue des Érables", "boulevard Talbot", "rue Wellington", "rue Notre-Dame", "rue de la Montagne"]


class Raw(str):
    """A value written as is (decimal literals)."""


def sql_str(value) -> str:
    if value is None:
        return "NULL"
    if isinstance(value, (int, Raw)):
        return str(value)
    s = str(value).replace("\\", "\\\\").replace("'", "\\'")
    return f"'{s}'"


def make_donations(used_emails: set[str], used_phones: set[str]) -> None:
    rng = Random(f"{SEED}:donations.sql")
    corporate = Random(f"{SEED}:donations.sql:donor_business_number")
    rows = []
    for i in range(60):
        first, last = rng.choice(FIRST), rng.choice(LAST)
        prov, city, prefixes, areas, _w = region(rng)
        phone = phone_number(rng, areas, used_phones, rng.choice(["dash", "paren", "dot"])) if rng.random() < 0.6 else None
        amount = rng.choice([10, 20, 25, 25, 50, 50, 75, 100, 100, 150, 250, 500])
        donated = timestamp(rng, 2026, 1, 9)
        rows.append((
            3001 + i,
            "CH-" + "".join(rng.choice("ABCDEFGHJKLMNPQRSTUVWXYZ23456789") for _ in range(8)),
            f"{first} {last}",
            email_for(rng, first, last, used_emails),
            phone,
            f"{rng.randint(100, 9899)}, {rng.choice(STREETS)}",
            city,
            prov,
            postal_code(rng, prefixes),
            Raw(f"{amount}.00"),
            "CAD",
            donated,
            f"REC-2026-{i + 1:05d}" if amount >= 20 else None,
            # Companies matching their employees' gifts: the company's business number.
            f"{luhn_completed(corporate, '7', 9)} RT0001" if corporate.random() < 0.15 else None,
        ))
    head = """-- MySQL dump 10.13  Distrib 8.0.39, for Linux (x86_64)
--
-- Host: localhost    Database: alloprof_dons
-- ------------------------------------------------------
-- Server version	8.0.39

/*!40101 SET @OLD_CHARACTER_SET_CLIENT=@@CHARACTER_SET_CLIENT */;
/*!40101 SET @OLD_CHARACTER_SET_RESULTS=@@CHARACTER_SET_RESULTS */;
/*!40101 SET @OLD_COLLATION_CONNECTION=@@COLLATION_CONNECTION */;
/*!50503 SET NAMES utf8mb4 */;
/*!40103 SET @OLD_TIME_ZONE=@@TIME_ZONE */;
/*!40103 SET TIME_ZONE='+00:00' */;
/*!40014 SET @OLD_UNIQUE_CHECKS=@@UNIQUE_CHECKS, UNIQUE_CHECKS=0 */;
/*!40014 SET @OLD_FOREIGN_KEY_CHECKS=@@FOREIGN_KEY_CHECKS, FOREIGN_KEY_CHECKS=0 */;
/*!40101 SET @OLD_SQL_MODE=@@SQL_MODE, SQL_MODE='NO_AUTO_VALUE_ON_ZERO' */;
/*!40111 SET @OLD_SQL_NOTES=@@SQL_NOTES, SQL_NOTES=0 */;

--
-- Table structure for table `donations`
--

DROP TABLE IF EXISTS `donations`;
/*!40101 SET @saved_cs_client     = @@character_set_client */;
/*!50503 SET character_set_client = utf8mb4 */;
CREATE TABLE `donations` (
  `id` int NOT NULL AUTO_INCREMENT,
  `canadahelps_ref` varchar(16) NOT NULL,
  `donor_name` varchar(120) NOT NULL,
  `email` varchar(190) NOT NULL,
  `phone` varchar(20) DEFAULT NULL,
  `address` varchar(190) NOT NULL,
  `city` varchar(80) NOT NULL,
  `province` char(2) NOT NULL,
  `postal_code` varchar(7) NOT NULL,
  `amount` decimal(10,2) NOT NULL,
  `currency` char(3) NOT NULL DEFAULT 'CAD',
  `donated_at` datetime NOT NULL,
  `receipt_number` varchar(16) DEFAULT NULL,
  `donor_business_number` varchar(20) DEFAULT NULL,
  PRIMARY KEY (`id`),
  UNIQUE KEY `canadahelps_ref` (`canadahelps_ref`)
) ENGINE=InnoDB AUTO_INCREMENT=3061 DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_0900_ai_ci;
/*!40101 SET character_set_client = @saved_cs_client */;

--
-- Dumping data for table `donations`
--

LOCK TABLES `donations` WRITE;
/*!40000 ALTER TABLE `donations` DISABLE KEYS */;
"""
    values = ",".join("(" + ",".join(sql_str(v) for v in row) + ")" for row in rows)
    tail = """/*!40000 ALTER TABLE `donations` ENABLE KEYS */;
UNLOCK TABLES;
/*!40103 SET TIME_ZONE=@OLD_TIME_ZONE */;

/*!40101 SET SQL_MODE=@OLD_SQL_MODE */;
/*!40014 SET FOREIGN_KEY_CHECKS=@OLD_FOREIGN_KEY_CHECKS */;
/*!40014 SET UNIQUE_CHECKS=@OLD_UNIQUE_CHECKS */;
/*!40101 SET CHARACTER_SET_CLIENT=@OLD_CHARACTER_SET_CLIENT */;
/*!40101 SET CHARACTER_SET_RESULTS=@OLD_CHARACTER_SET_RESULTS */;
/*!40101 SET COLLATION_CONNECTION=@OLD_COLLATION_CONNECTION */;
/*!40111 SET SQL_NOTES=@OLD_SQL_NOTES */;

-- Dump completed on 2026-10-05  2:00:04
"""
    write("donations.sql", head + f"INSERT INTO `donations` VALUES {values};\n" + tail)
    plant("donations.sql", "donations", "email", "email", "unexpected_location",
          "email is declared (accounts, newsletter), but donation-receipts declares only name, mailing address and amount")
    plant("donations.sql", "donations", "phone", "phone", "unexpected_location",
          "phone is declared for callbacks (users.phone), not for donors")
    plant("donations.sql", "donations", "postal_code", "postal_code", "covered",
          "donation-receipts declares the mailing address (postal code included) at donations.*")
    plant("donations.sql", "donations", "donor_business_number", "business_number", "not_personal",
          "a company's business number identifies the company, not a person")


# ---------------------------------------------------------------------------------------------
# support-chat/*.log: homework-help chat transcripts with teachers (recorded for quality control)
# ---------------------------------------------------------------------------------------------
# Each conversation: (language, grade, [(speaker, text)]). {phone:STYLE} and {email} are planted.
# S = the student, T = the teacher.
CONVERSATIONS = {
    "2026-10-01": [
        ("fr", "secondaire-2", [
            ("S", "Bonjour! Je comprends pas comment additionner des fractions avec des dénominateurs différents"),
            ("T", "Bonjour! Pas de souci. Quel numéro du cahier fais-tu?"),
            ("S", "le numéro 14, 2/3 + 1/4"),
            ("T", "Il faut d'abord trouver un dénominateur commun. Quel est le plus petit multiple commun de 3 et 4?"),
            ("S", "12?"),
            ("T", "Exactement! Alors 2/3 devient 8/12 et 1/4 devient 3/12. Ça donne combien?"),
            ("S", "11/12 !! merci"),
        ]),
        ("fr", "secondaire-4", [
            ("S", "allo, c'est long à écrire, tu peux m'appeler au {phone:mixed} ?"),
            ("T", "Pour ta sécurité, ne partage pas ton numéro dans le clavardage. Utilise plutôt le bouton « Me faire rappeler » : le système te rappelle sans que je voie ton numéro."),
            ("S", "ah ok désolé"),
            ("T", "Aucun problème! Sur quoi travailles-tu?"),
            ("S", "les fonctions quadratiques, trouver le sommet de y = 2(x - 3)^2 + 5"),
            ("T", "La forme canonique te donne le sommet directement : (h, k). Ici?"),
            ("S", "(3, 5)"),
            ("T", "Bravo!"),
        ]),
        ("en", "secondaire-3", [
            ("S", "hi, I need help with my history project on New France"),
            ("T", "Hi! Happy to help. What is the question exactly?"),
            ("S", "explain why the seigneurial system was important. can you send me the notes at {email}"),
            ("T", "I can't send files by email from the chat, and please don't post your email address here. You can download the reference sheet from the Alloprof library."),
            ("S", "ok thanks"),
            ("T", "Start with how land was divided into long narrow lots along the river."),
        ]),
        ("fr", "primaire-6", [
            ("S", "bonjour j'ai un problème de périmètre"),
            ("T", "Bonjour! Lis-moi l'énoncé."),
            ("S", "un rectangle mesure 7 cm sur 4 cm. Quel est son périmètre?"),
            ("T", "Le périmètre, c'est la somme des 4 côtés. Essaie!"),
            ("S", "7 + 4 + 7 + 4 = 22 cm"),
            ("T", "Parfait!"),
        ]),
        ("en", "secondaire-5", [
            ("S", "my mom says a teacher can call us back, her cell is {phone:paren}"),
            ("T", "Thanks, but please remove personal details from the chat. Your parent can request a callback from your account page; the callback service keeps the number out of the conversation."),
            ("S", "sorry! ok"),
            ("T", "What are you working on tonight?"),
            ("S", "chemistry, balancing equations"),
            ("T", "Let's try: H2 + O2 -> H2O. How many oxygen atoms on each side?"),
        ]),
        ("fr", "secondaire-1", [
            ("S", "Comment on écrit 0,375 en fraction?"),
            ("T", "Bonne question. 0,375 = 375/1000. Peux-tu simplifier?"),
            ("S", "3/8"),
            ("T", "Oui!"),
        ]),
    ],
    "2026-10-02": [
        ("fr", "secondaire-3", [
            ("S", "bonsoir, est-ce que je peux avoir de l'aide en français écrit?"),
            ("T", "Bonsoir! Bien sûr. Qu'est-ce qui te pose problème?"),
            ("S", "les participes passés avec avoir"),
            ("T", "Avec avoir, le participe s'accorde avec le complément direct s'il est placé avant. Exemple : les pommes que j'ai mangées."),
            ("S", "ok mon enseignante veut que je lui envoie ma rédaction, écris-moi à {email} pour la corriger"),
            ("T", "Je ne peux pas corriger par courriel et il ne faut pas écrire ton adresse ici. Tu peux coller un extrait de ta rédaction dans la conversation."),
            ("S", "d'accord"),
        ]),
        ("en", "secondaire-4", [
            ("S", "hello, is there someone for math? you can text me at {phone:dash}"),
            ("T", "Hi! Please don't share your phone number in the chat. If you prefer to talk, use the callback button on your account."),
            ("S", "ok"),
            ("T", "What's the problem?"),
            ("S", "solve 3x - 5 = 16"),
            ("T", "Add 5 on both sides first. What do you get?"),
            ("S", "3x = 21 so x = 7"),
        ]),
        ("fr", "primaire-5", [
            ("S", "allo c'est pour les sciences, les états de la matière"),
            ("T", "Allo! Il y a trois états principaux. Les connais-tu?"),
            ("S", "solide liquide gazeux"),
            ("T", "Super! Et quand la glace fond, on passe de quel état à quel état?"),
        ]),
        ("fr", "secondaire-5", [
            ("S", "rappelez-moi au {phone:space} svp c'est pour mon examen de demain"),
            ("T", "Attention : ne partage pas tes coordonnées dans le clavardage, je vais masquer ton message. Demande un rappel avec le bouton « Me faire rappeler »."),
            ("S", "ok merci"),
        ]),
        ("en", "secondaire-2", [
            ("S", "what is the difference between weather and climate?"),
            ("T", "Weather is what happens over hours or days; climate is the average over about 30 years."),
            ("S", "thanks!!"),
        ]),
        ("fr", "parent", [
            ("S", "Bonjour, je veux faire un don de 50 $ pour remercier les profs, voici ma carte : {card}"),
            ("T", "Merci beaucoup! Ne partagez jamais votre carte ici, je masque votre message. Les dons se font sur la page « Donner »."),
        ]),
        ("fr", "parent", [
            ("S", "Bonjour, je veux fermer le compte de ma fille. Pour prouver que je suis sa mère, mon permis de conduire : {licence}"),
            ("T", "Merci, mais nous n'avons pas besoin d'une pièce d'identité : je masque votre message. Écrivez à l'adresse de la page « Confidentialité »."),
            ("S", "Sinon mon numéro de passeport est {passport} si ça aide"),
            ("T", "Ce n'est pas nécessaire, je le masque aussi."),
        ]),
    ],
}


def make_chats(used_emails: set[str], used_phones: set[str]) -> None:
    teachers = {"fr": ["Mélanie", "Jean-Philippe", "Sophie", "Karim", "Geneviève"],
                "en": ["Kevin", "Rachel", "Nadia"]}
    for day, convs in CONVERSATIONS.items():
        rng = Random(f"{SEED}:support-chat/{day}.log")
        path = f"support-chat/{day}.log"
        hour, minute = 15, rng.randint(0, 20)
        conv_id = 48200 + rng.randint(0, 60) if day.endswith("01") else 48600 + rng.randint(0, 60)
        lines = []
        for lang, grade, turns in convs:
            conv_id += rng.randint(3, 40)
            student = 20101 + rng.randint(0, 840)
            teacher = rng.choice(teachers[lang])
            s_label = f"{'élève' if lang == 'fr' else 'student'} {student}"
            t_label = f"{'prof' if lang == 'fr' else 'teacher'} {teacher}"
            second = rng.randint(0, 59)
            lines.append(f"[{day} {hour:02d}:{minute:02d}:{second:02d}] conv {conv_id} | system | "
                         + (f"Nouvelle conversation ({grade}, {lang})" if lang == "fr" else f"New conversation ({grade}, {lang})"))
            for speaker, text in turns:
                second += rng.randint(15, 70)
                minute += second // 60
                second %= 60
                hour += minute // 60
                minute %= 60

                def fill(m: re.Match) -> str:
                    identity = Random(f"{SEED}:{path}:{m.group(1)}")
                    if m.group(1) == "licence":
                        plant(path, "", "", "drivers_license", "undeclared",
                              "no purpose declares identity documents: a parent proving who she is")
                        return f"L{identity.randint(1000, 9999)}-{identity.randint(1, 28):02d}0{identity.randint(1, 9)}78-0{identity.randint(1, 9)}"
                    if m.group(1) == "passport":
                        plant(path, "", "", "passport", "undeclared",
                              "no purpose declares identity documents: a parent proving who she is")
                        return "".join(identity.choice("ABCGHJKLMNPRSTWX") for _ in range(2)) + f"{identity.randint(100000, 999999)}"
                    if m.group(1) == "card":
                        plant(path, "", "", "credit_card", "undeclared",
                              "no purpose declares payment card numbers: donations go through CanadaHelps")
                        return card_number(Random(f"{SEED}:{path}:card"))
                    if m.group(1) == "email":
                        first, last = rng.choice(FIRST), rng.choice(LAST)
                        plant(path, "", "", "email", "unexpected_location",
                              "email is declared for accounts and the newsletter (users.email), not in chat transcripts")
                        return email_for(rng, first, last, used_emails)
                    plant(path, "", "", "phone", "unexpected_location",
                          "phone is declared for callbacks (users.phone); quality-training (chat recordings) does not declare it")
                    return phone_number(rng, ["514", "438", "450", "418", "819"], used_phones, m.group(2))

                text = re.sub(r"\{(email|phone|card|licence|passport):?(\w*)\}", fill, text)
                label = s_label if speaker == "S" else t_label
                lines.append(f"[{day} {hour:02d}:{minute:02d}:{second:02d}] conv {conv_id} | {label} | {text}")
            lines.append(f"[{day} {hour:02d}:{minute:02d}:{second:02d}] conv {conv_id} | system | "
                         + ("Conversation terminée" if lang == "fr" else "Conversation closed"))
            minute += rng.randint(2, 9)
            hour += minute // 60
            minute %= 60
        write(path, "\n".join(lines) + "\n")


# ---------------------------------------------------------------------------------------------
# logs/access.log: the web front end, combined log format
# ---------------------------------------------------------------------------------------------
AGENTS = [
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/129.0.6668.90 Safari/537.36",
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.0 Safari/605.1.15",
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_6 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.6 Mobile/15E148 Safari/604.1",
    "Mozilla/5.0 (X11; Linux x86_64; rv:131.0) Gecko/20100101 Firefox/131.0",
    "Mozilla/5.0 (X11; CrOS x86_64 14541.0.0) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/129.0.6668.100 Safari/537.36",
    "Mozilla/5.0 (iPad; CPU OS 17_6 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.6 Mobile/15E148 Safari/604.1",
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:131.0) Gecko/20100101 Firefox/131.0",
]
PAGES = [
    ("/fr", "text/html"), ("/en", "text/html"), ("/fr/zone-entraide", "text/html"),
    ("/fr/zone-entraide/questions/mathematiques", "text/html"), ("/fr/bibliotheque/francais/les-participes-passes", "text/html"),
    ("/fr/bibliotheque/mathematiques/les-fractions", "text/html"), ("/en/library/science/states-of-matter", "text/html"),
    ("/fr/jeux", "text/html"), ("/fr/pose-ta-question", "text/html"), ("/en/ask-a-teacher", "text/html"),
    ("/fr/connexion", "text/html"), ("/api/session", "application/json"), ("/api/notifications", "application/json"),
    ("/static/js/app.7c41e2.js", "js"), ("/static/css/app.2f9a0b.css", "css"), ("/favicon.ico", "ico"),
]


def client_ip(rng: Random) -> str:
    r = rng.random()
    if r < 0.3:
        return f"192.0.2.{rng.randint(1, 254)}"
    if r < 0.6:
        return f"198.51.100.{rng.randint(1, 254)}"
    if r < 0.9:
        return f"203.0.113.{rng.randint(1, 254)}"
    return f"2001:db8:{rng.randint(1, 0xffff):x}:{rng.randint(1, 0xffff):x}::{rng.randint(1, 0xffff):x}"


def make_access_log() -> None:
    rng = Random(f"{SEED}:logs/access.log")
    clients = [(client_ip(rng), rng.choice(AGENTS)) for _ in range(45)]
    lines = []
    t = 14 * 3600
    for _ in range(170):
        t += rng.randint(1, 40)
        ip, agent = rng.choice(clients)
        page, kind = rng.choice(PAGES)
        method = "POST" if page in ("/fr/connexion", "/api/session") and rng.random() < 0.5 else "GET"
        status = rng.choices([200, 304, 302, 404], weights=[80, 10, 6, 4])[0]
        if method == "POST":
            status = rng.choice([200, 302, 401])
        size = 0 if status == 304 else rng.randint(320, 48000)
        referer = "-" if rng.random() < 0.3 else f"https://www.alloprof.example{rng.choice(PAGES[:11])[0]}"
        stamp = f"05/Oct/2026:{t // 3600:02d}:{t // 60 % 60:02d}:{t % 60:02d} -0400"
        lines.append(f'{ip} - - [{stamp}] "{method} {page} HTTP/1.1" {status} {size} "{referer}" "{agent}"')
    write("logs/access.log", "\n".join(lines) + "\n")
    plant("logs/access.log", "", "", "ip_address", "covered",
          "account-security declares the IP address and covers logs/*.log (security logging)")


# ---------------------------------------------------------------------------------------------
# legacy_import.ndjson: accounts migrated from the previous registration system (2019)
# ---------------------------------------------------------------------------------------------
def make_legacy(used_emails: set[str]) -> None:
    rng = Random(f"{SEED}:legacy_import.ndjson")
    births = Random(f"{SEED}:legacy_import.ndjson:date_naissance")
    health = Random(f"{SEED}:legacy_import.ndjson:no_assurance_maladie")
    debits = Random(f"{SEED}:legacy_import.ndjson:no_compte")
    used_sins: set[str] = set()
    lines = []
    for i in range(40):
        first, last = rng.choice(FIRST), rng.choice(LAST)
        prov = "QC" if rng.random() < 0.92 else rng.choice(["ON", "NB"])
        user_type = rng.choices(["student", "parent"], weights=[60, 40])[0]
        record = {
            "legacy_id": f"INS-2018-{rng.randint(100, 9999):05d}",
            "imported_at": "2019-08-12T03:00:00Z",
            "user_type": user_type,
            "grade_level": rng.choice(GRADES_PRIMARY + GRADES_SECONDARY),
            "province": prov,
            # The old registration form asked parents for a NAS "to verify identity".
            "nas": sin_number(rng, used_sins) if rng.random() < 0.75 else None,
            "contact": {
                "email": email_for(rng, first, last, used_emails),
                "language": "fr" if prov == "QC" else "en",
            },
            "migrated_to": 20101 + rng.randint(0, 840),
        }
        if user_type == "student":
            # The old form also asked students for their date of birth.
            born = date(2006, 1, 1) + timedelta(days=births.randint(0, 9 * 365))
            record["date_naissance"] = born.isoformat()
            # ... and, for school outings, the student's health insurance number.
            if health.random() < 0.6:
                record["no_assurance_maladie"] = ramq_number(health, first, last, born)
        if user_type == "parent" and debits.random() < 0.5:
            # The old system billed its paid homework-help plan by pre-authorized debit.
            record["no_compte"] = bank_account(debits)
        lines.append(json.dumps(record, ensure_ascii=False))
    write("legacy_import.ndjson", "\n".join(lines) + "\n")
    plant("legacy_import.ndjson", "legacy_import", "contact.email", "email", "covered",
          "registration declares email and covers legacy_import.* (migrated accounts)")
    plant("legacy_import.ndjson", "legacy_import", "date_naissance", "date_of_birth", "over_retention",
          "no purpose of the policy declares a date of birth (of students: minors), and the rows are dated 2019")
    plant("legacy_import.ndjson", "legacy_import", "nas", "sin", "over_retention",
          "no purpose of the policy declares a Social Insurance Number, and the rows are dated 2019")
    plant("legacy_import.ndjson", "legacy_import", "no_compte", "bank_account", "over_retention",
          "no purpose of the policy declares a bank account (the old paid plan's debits), and the rows are dated 2019")
    plant("legacy_import.ndjson", "legacy_import", "no_assurance_maladie", "health_number", "over_retention",
          "no purpose of the policy declares a health insurance number (of students: minors), and the rows are dated 2019")


# ---------------------------------------------------------------------------------------------
# Cross-check with the policy's data map (the inventory rules, reimplemented)
# ---------------------------------------------------------------------------------------------
# Categories that identify an organization (rules/categories/categories.toml, `personal = false`).
NOT_PERSONAL = {"business_number"}


def glob_re(glob: str) -> re.Pattern:
    out, i = "", 0
    while i < len(glob):
        c = glob[i]
        if glob.startswith("**/", i):
            out += "(?:.*/)?"
            i += 3
            continue
        if glob.startswith("**", i):
            out += ".*"
            i += 2
            continue
        out += {"*": "[^/]*", "?": "[^/]"}.get(c, re.escape(c))
        i += 1
    return re.compile(out + r"\Z")


# Tables whose rows carry the date they were collected, before any day the demo is run
# (`imported_at` 2019; the donations' 2026 dates would depend on the day).
DATED_TABLES = {"legacy_import"}


def policy_status(policy: dict, path: str, table: str, field: str, category: str) -> str:
    if category in NOT_PERSONAL:
        return "not_personal"
    declaring = [p for p in policy["purposes"] if category in p["categories"]]
    if not declaring:
        # Dated rows past the promise to destroy data collected by accident
        # (`[accidental]`, P0D) are kept too long; undated, undeclared.
        return "over_retention" if "accidental" in policy and table in DATED_TABLES else "undeclared"
    for p in declaring:
        paths, fields = p.get("paths", []), p.get("fields", [])
        if not paths and not fields:
            return "covered"
        if any(glob_re(g).match(path) for g in paths):
            return "covered"
        if table and any(glob_re(g).match(f"{table}.{field}") for g in fields):
            return "covered"
    return "unexpected_location"


# ---------------------------------------------------------------------------------------------
def write(rel: str, text: str) -> None:
    path = HERE / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8", newline="\n")


def write_expected() -> None:
    with open(POLICY, "rb") as f:
        policy = tomllib.load(f)
    rows = ["path\ttable\tfield\tcategory\tstatus"]
    for (path, table, field, category), (status, why) in sorted(PLANTED.items()):
        derived = policy_status(policy, path, table, field, category)
        if derived != status:
            raise SystemExit(f"{path} {table}.{field} {category}: model says {status}, policy says {derived} ({why})")
        rows.append("\t".join((path, table, field, category, status)))
    write("expected.tsv", "\n".join(rows) + "\n")


def verify(binary: str) -> int:
    """Scan the demo with BINARY and compare its (location, category) set with expected.tsv."""
    out = subprocess.run([binary, "scan", str(HERE), "--format", "jsonl", "-q", "-j", "1", "--exit-zero"],
                         capture_output=True, text=True, check=True).stdout
    found = set()
    prefix = str(HERE) + "/"
    for line in out.splitlines():
        f = json.loads(line)
        path = f["path"][len(prefix):] if f["path"].startswith(prefix) else f["path"]
        found.add((path, f.get("table", ""), f.get("field", ""), f["category"]))
    expected = set()
    for line in (HERE / "expected.tsv").read_text(encoding="utf-8").splitlines()[1:]:
        path, table, field, category, _status = line.split("\t")
        expected.add((path, table, field, category))
    for key in sorted(found - expected):
        print("reported, not expected:", "\t".join(key))
    for key in sorted(expected - found):
        print("expected, not reported:", "\t".join(key))
    ok = found == expected
    print(f"{len(found)} (location, category) reported, {len(expected)} expected: {'OK' if ok else 'MISMATCH'}")
    return 0 if ok else 1


def main() -> int:
    parser = argparse.ArgumentParser(description="Generate corpora/demo.")
    parser.add_argument("--verify", metavar="BIN", help="after generating, scan with this piimap binary and compare")
    args = parser.parse_args()
    used_emails: set[str] = set()
    used_phones: set[str] = set()
    make_users(used_emails, used_phones)
    make_donations(used_emails, used_phones)
    make_chats(used_emails, used_phones)
    make_access_log()
    make_legacy(used_emails)
    write_expected()
    print(f"wrote {HERE.relative_to(REPO)}: {len(PLANTED)} (location, category) entries in expected.tsv")
    return verify(args.verify) if args.verify else 0


if __name__ == "__main__":
    sys.exit(main())
