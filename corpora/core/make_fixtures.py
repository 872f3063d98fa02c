#!/usr/bin/env python3
# -*- coding: utf-8 -*-
"""Generate the labelled test corpus for piimap's core text scanner.

Usage (from the repository root, or from anywhere):

    python3 corpora/core/make_fixtures.py

The script writes every fixture, ``expected.tsv`` and ``README.md`` into the
directory that contains it.  It uses only the Python 3.11 standard library and
seeded ``random.Random`` instances, so the output is byte-identical on every
run.

Every value that should be reported is *planted* through a ``{field}``
placeholder whose generator knows its category; the ground truth is the list of
planted values and the line they were written to.  Nothing is labelled by
pattern-matching the output.  All data is synthetic: fictional names, example
domains, documentation / private IP ranges, random phone exchanges and random
Luhn-valid SINs.
"""

import datetime
import ipaddress
import os
import random
import re
import unicodedata
import uuid

HERE = os.path.dirname(os.path.abspath(__file__))
SEED = "piimap-corpora-core-v1"
CATEGORIES = ("email", "ip_address", "phone", "postal_code", "sin")

# --------------------------------------------------------------------------
# Context keywords.
#
# BRIEF_* are the keyword lists of the labelling rules (README.md).  RULES_*
# mirror the extra words of rules/*.toml.  A value that *needs* a keyword gets
# one that is in both lists, placed well inside the window; a value that must
# *not* have one is checked against the union, over a window wider than the
# 48/24 bytes of the rules.  Positives are kept away from every negative word
# of either list.
# --------------------------------------------------------------------------
BRIEF_KW = {
    "phone": ["phone", "telephone", "téléphone", "tél", "tel", "cell", "cellulaire", "mobile",
              "cellphone", "fax", "télécopieur", "call", "appeler", "appelez", "rejoindre",
              "contact", "sms", "texto", "numéro", "number", "ph"],
    "sin": ["sin", "nas", "social insurance", "insurance number", "assurance sociale",
            "numéro d'assurance sociale", "ssn"],
    "postal_code": ["postal", "postal code", "code postal", "zip", "cp"],
    "email": ["email", "e-mail", "courriel", "mail", "adresse électronique"],
    "ip_address": ["ip", "ip address", "adresse ip", "client_ip", "remote_addr", "src_ip", "ipv4",
                   "ipv6", "x-forwarded-for", "host", "addr"],
}
BRIEF_NEGATIVE = ["order", "commande", "invoice", "facture", "tracking", "suivi", "isbn", "version",
                  "build", "ref", "référence", "confirmation"]
RULES_KW_EXTRA = {
    "phone": ["telecopieur", "numero", "phone_number", "phonenumber", "tel_number"],
    "sin": ["social insurance number", "numero d'assurance sociale", "no_assurance_sociale",
            "sin_number"],
    "postal_code": ["postal_code", "postalcode", "code_postal", "zip_code", "c.p"],
    "email": ["adresse courriel", "mailto"],
    "ip_address": ["ip_address", "ipaddress", "clientip", "remote_ip", "dst_ip", "source_ip",
                   "x-real-ip", "from"],
}
RULES_NEGATIVE_EXTRA = {
    "phone": ["id"],
    "sin": ["account", "compte", "transaction"],
    "postal_code": ["sku", "part", "model", "modèle"],
    "email": [],
    "ip_address": ["v", "release", "oid"],
}


def _kw_re(words):
    alts = sorted(set(words), key=lambda w: (-len(w), w))
    body = "|".join(re.escape(w) for w in alts)
    # whole word: no letter or digit may touch it; '_' and '-' are separators
    return re.compile(r"(?<![^\W_])(?:" + body + r")(?![^\W_])", re.IGNORECASE)


NEED_RE = {c: _kw_re(BRIEF_KW[c]) for c in CATEGORIES}
ANY_RE = {c: _kw_re(BRIEF_KW[c] + RULES_KW_EXTRA[c]) for c in CATEGORIES}
NEGATIVE_RE = {c: _kw_re(BRIEF_NEGATIVE + RULES_NEGATIVE_EXTRA[c]) for c in CATEGORIES}
VERSION_RE = _kw_re(["version", "build"])


def _b(line, i):
    return len(line[:i].encode("utf-8"))


def kw_close(line, s, e, rx, before=40, after=20):
    """A keyword lies entirely within `before` bytes ahead / `after` bytes behind."""
    vs, ve = _b(line, s), _b(line, e)
    for m in rx.finditer(line):
        ks, ke = _b(line, m.start()), _b(line, m.end())
        if ke <= vs and vs - ks <= before:
            return True
        if ks >= ve and ke - ve <= after:
            return True
    return False


def kw_touch(line, s, e, rx, before=80, after=48):
    """Any keyword overlaps the (generous) window around the value, or the value itself."""
    vs, ve = _b(line, s), _b(line, e)
    for m in rx.finditer(line):
        ks, ke = _b(line, m.start()), _b(line, m.end())
        if ke > vs - before and ks < ve + after:
            return True
    return False


# --------------------------------------------------------------------------
# Checksums and validity helpers (used to *generate* values, and to assert that
# generated values are what we claim they are).
# --------------------------------------------------------------------------
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


def luhn_complete(prefix):
    for c in "0123456789":
        if luhn_ok(prefix + c):
            return prefix + c
    raise AssertionError(prefix)


def nanp_ok(three):
    return three[0] in "23456789" and three[1:] != "11"


def fold(s):
    """ASCII-fold a name for an email local part."""
    s = unicodedata.normalize("NFKD", s)
    return "".join(c for c in s if not unicodedata.combining(c)).lower().replace(" ", "")


POSTAL_FIRST = "ABCEGHJKLMNPRSTVXY"
POSTAL_OTHER = "ABCEGHJKLMNPRSTVWXYZ"

# --------------------------------------------------------------------------
# Synthetic vocabulary
# --------------------------------------------------------------------------
FIRST_FR = ["Jean", "Marie", "Luc", "Sophie", "Étienne", "Geneviève", "Mathieu", "Chloé", "Benoît",
            "Isabelle", "François", "Émilie", "Yannick", "Josée", "Réjean", "Nathalie", "Olivier",
            "Maude", "Sébastien", "Annie", "Jean-François", "Marie-Ève", "Gabriel", "Léa"]
LAST_FR = ["Tremblay", "Gagnon", "Roy", "Côté", "Bouchard", "Gauthier", "Morin", "Lavoie", "Fortin",
           "Gagné", "Ouellet", "Pelletier", "Bélanger", "Lévesque", "Bergeron", "Leblanc",
           "Paquette", "Girard", "Simard", "Boucher", "Poirier", "Cloutier", "Lapointe", "Dubé"]
FIRST_EN = ["Emily", "Liam", "Olivia", "Noah", "Ava", "Ethan", "Chloe", "Lucas", "Mia", "Owen",
            "Hannah", "Connor", "Grace", "Wyatt", "Abigail", "Nathan", "Zoe", "Caleb", "Leah",
            "Logan"]
LAST_EN = ["Smith", "MacDonald", "Wilson", "Campbell", "Anderson", "Stewart", "Thompson", "Young",
           "Robertson", "Fraser", "Murphy", "Walsh", "Kowalski", "Nguyen", "Patel", "Okafor",
           "Chen", "Brown"]
AGENTS_EN = ["Dana", "Priya", "Marcus", "Jordan", "Sam", "Alexis"]
AGENTS_FR = ["Karine", "Maxime", "Sylvie", "Alexandre", "Mélanie", "Guillaume"]
CITIES_FR = ["Montréal", "Québec", "Laval", "Gatineau", "Longueuil", "Sherbrooke", "Saguenay",
             "Lévis", "Trois-Rivières", "Terrebonne", "Rimouski", "Drummondville"]
STREETS_FR = ["rue Saint-Denis", "boulevard René-Lévesque Est", "avenue du Parc",
              "chemin Sainte-Foy", "rue des Érables", "boul. Laurier", "rue Principale",
              "rang Saint-Joseph", "avenue Cartier", "rue Wellington"]
CITIES_EN = [("Toronto", "ON", "M"), ("Ottawa", "ON", "K"), ("Hamilton", "ON", "L"),
             ("Vancouver", "BC", "V"), ("Calgary", "AB", "T"), ("Edmonton", "AB", "T"),
             ("Halifax", "NS", "B"), ("Winnipeg", "MB", "R"), ("Regina", "SK", "S"),
             ("Moncton", "NB", "E"), ("Charlottetown", "PE", "C"), ("Whitehorse", "YT", "Y"),
             ("Yellowknife", "NT", "X"), ("Montreal", "QC", "H"), ("Sherbrooke", "QC", "J")]
STREETS_EN = ["Maple Street", "Bay St, Suite 400", "King St W", "Elm Avenue", "Jasper Ave NW",
              "Barrington Street", "Portage Ave", "Albert Street", "Queen St E", "Water Street"]
EMAIL_DOMAINS = ["example.com", "example.org", "example.net", "example.ca", "exemple.ca",
                 "exemple.qc.ca", "mail.example.com", "courriel.exemple.qc.ca",
                 "support.example.org", "clients.example.ca"]
EMAIL_TAGS = ["news", "billing", "test", "qc", "promo", "2024"]
AREA_CODES = ["418", "438", "450", "514", "581", "819", "873", "367"]
TOLL_FREE = ["800", "833", "844", "855", "866", "877", "888"]
MONTHS_EN = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
MONTHS_FR = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août",
             "septembre", "octobre", "novembre", "décembre"]
USER_AGENTS = [
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/120.0.6099.109 Safari/537.36",
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/121.0.6167.85 Safari/537.36",
    "Mozilla/5.0 (X11; Linux x86_64; rv:121.0) Gecko/20100101 Firefox/121.0",
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:122.0) Gecko/20100101 Firefox/122.0",
    "Mozilla/5.0 (Linux; Android 14; Pixel 7) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/120.0.6099.144 Safari/537.36",
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/120.0.6099.217 Safari/537.36 Edg/120.0.2210.144",
    "curl/8.4.0",
    "python-requests/2.31.0",
    "Wget/1.21.4",
    "Go-http-client/2.0",
]
CPP_PATHS = ["std::io::Read", "std::vec::Vec", "std::collections::HashMap", "std::fmt::Display",
             "std::sync::Arc", "std::path::PathBuf", "tokio::net::TcpListener",
             "serde_json::Value", "std::string::String", "core::ops::Range",
             "boost::asio::io_context", "std::chrono::steady_clock", "std::unique_ptr<Node>",
             "crate::rules::Registry"]
PRODUCT_CODES = ["SKU-4821-XL", "PRD-000231", "MX500", "RTX-4090", "KB-104-FR", "AB-12-CD",
                 "ZX-81", "P/N 74HC595", "QC-2024-77", "LOT 58-B", "TX-9000", "CAB-CAT6-3M",
                 "BRK-220V", "NW-7741-B"]
PKG_AT = ["lodash@4.17.21", "react@18.2.0", "@babel/core@7.23.7", "serde@1.0.195",
          "tokio@1.35.1", "left-pad@1.3.0", "typescript@5.3.3", "@types/node@20.11.5",
          "requests@2.31.0", "express@4.18.2", "pkg@1.2.3", "clap@4.4.18"]
IMG_NAMES = ["logo", "icon", "avatar", "banner", "hero", "sprite", "badge", "btn-close"]
LOCAL_USERS = ["user", "root", "postgres", "admin", "deploy", "git", "www-data"]
OIDS = ["1.3.6.1.4.1.311.21.8", "1.2.840.113549.1.1.11", "1.3.6.1.5.5.7.3.1",
        "2.16.840.1.101.3.4.2.1", "1.3.6.1.4.1.11129.2.4.2", "1.3.6.1.2.1.1.3.0",
        "1.2.840.10045.4.3.2", "1.3.6.1.4.1.2021.10.1.3.1", "2.23.140.1.2.2",
        "1.3.6.1.4.1.8072.3.2.10", "1.2.840.113549.1.9.1", "1.3.6.1.5.5.7.48.1"]
IPV6_RESERVED = ["::1", "::", "ff02::1", "ff02::2", "ff02::fb"]


class Value:
    __slots__ = ("text", "cat", "kind", "need", "forbid")

    def __init__(self, text, cat=None, kind="plain", need=None, forbid=None):
        self.text, self.cat, self.kind, self.need, self.forbid = text, cat, kind, need, forbid


def pos(text, cat, need=None):
    return Value(text, cat, "pos", need=need)


def neg(text, forbid=None, need=None):
    return Value(text, None, "neg", need=need, forbid=forbid)


class Gen:
    """Field generators.  f_<name> backs the placeholder {name}."""

    def __init__(self, rng, lang):
        self.r = rng
        self.lang = lang
        self._postal_letter = None
        self._clock = datetime.datetime(2024, 3, 4, 8, 0, 0)      # chat / log clock
        self._ts_clock = datetime.datetime(2024, 1, 8, 7, 0, 0)   # free-standing timestamps
        self.cur_agent = None
        self._person = None   # last name pair written, reused by the next email

    # ---- helpers ---------------------------------------------------------
    def hexs(self, n, upper=False):
        s = "".join(self.r.choice("0123456789abcdef") for _ in range(n))
        return s.upper() if upper else s

    def h16(self):
        return format(self.r.randrange(0x10, 0x10000), "x")

    def area_exch(self, toll_free=False):
        area = self.r.choice(TOLL_FREE if toll_free else AREA_CODES)
        while True:
            ex = str(self.r.randint(200, 999))
            if nanp_ok(ex):
                break
        line = "%04d" % self.r.randint(0, 9999)
        assert nanp_ok(area) and nanp_ok(ex)
        return area, ex, line

    def names(self):
        if self.lang == "fr":
            return self.r.choice(FIRST_FR), self.r.choice(LAST_FR)
        return self.r.choice(FIRST_EN), self.r.choice(LAST_EN)

    def when(self, minutes=(1, 90)):
        self._clock += datetime.timedelta(minutes=self.r.randint(*minutes),
                                          seconds=self.r.randint(0, 59))
        return self._clock

    def ts_when(self, minutes):
        self._ts_clock += datetime.timedelta(minutes=self.r.randint(*minutes),
                                             seconds=self.r.randint(0, 59))
        return self._ts_clock

    # ---- plain fields ----------------------------------------------------
    def f_first(self):
        self._person = self.names()
        return Value(self._person[0])

    def f_last(self):
        return Value((self._person or self.names())[1])

    def f_name(self):
        self._person = self.names()
        return Value(" ".join(self._person))

    def f_agent(self):
        if self.cur_agent:
            return Value(self.cur_agent)
        return Value(self.r.choice(AGENTS_FR if self.lang == "fr" else AGENTS_EN))

    def f_session_ts(self):
        """Start of a chat session: jump the chat clock ahead, print an ISO timestamp."""
        t = self.when((40, 300))
        if not 8 <= t.hour < 18:  # business hours only
            t = (t + datetime.timedelta(days=1 if t.hour >= 18 else 0)).replace(
                hour=8, minute=self.r.randint(0, 59))
            self._clock = t
        self.cur_agent = self.r.choice(AGENTS_FR if self.lang == "fr" else AGENTS_EN)
        return Value(t.strftime("%Y-%m-%dT%H:%M:%S") + self.r.choice(["-04:00", "-05:00", "Z"]))

    def f_clock(self):
        return Value(self.when((0, 2)).strftime("%H:%M:%S"))

    def f_ticket(self):
        return Value("#%d" % self.r.randint(10000, 99999))

    def f_num(self):
        return Value(str(self.r.randint(2, 60)))

    def f_port(self):
        return Value(self.r.choice(["22", "80", "443", "8080", "8443", "5432", "6379", "25", "587"]))

    def f_ms(self):
        return Value(str(self.r.randint(2, 900)))

    def f_status(self):
        return Value(self.r.choice(["200", "200", "200", "304", "404", "302", "500", "201"]))

    def f_bytes(self):
        return Value(str(self.r.randint(120, 48000)))

    def f_uid(self):
        return Value(str(self.r.randint(1000, 99999)))

    def f_city(self):
        if self.lang == "fr":
            return Value(self.r.choice(CITIES_FR))
        c, p, letter = self.r.choice(CITIES_EN)
        self._postal_letter = letter
        return Value(c)

    def f_city_prov(self):
        c, p, letter = self.r.choice(CITIES_EN)
        self._postal_letter = letter
        return Value("%s, %s" % (c, p))

    def f_street(self):
        n = self.r.randint(12, 9800)
        if self.lang == "fr":
            return Value("%d, %s" % (n, self.r.choice(STREETS_FR)))
        return Value("%d %s" % (n, self.r.choice(STREETS_EN)))

    # ---- positives: phone ------------------------------------------------
    def _phone(self, fmt=None, ext=None):
        r = self.r
        if fmt is None:
            fmt = r.randrange(8)
        a, e, l = self.area_exch(toll_free=(fmt == 7))
        text = ["(%s) %s-%s", "%s-%s-%s", "%s.%s.%s", "%s %s %s", "%s %s-%s",
                "+1 %s %s %s", "+1%s%s%s", "1-%s-%s-%s"][fmt] % (a, e, l)
        if ext is None:
            ext = fmt != 6 and r.random() < 0.12
        if ext:
            n = r.randint(2, 4999)
            if self.lang == "fr":
                text += r.choice([" poste %d", " poste %d", " x%d"]) % n
            else:
                text += r.choice([" ext. %d", " x%d", " ext %d"]) % n
        return text

    def f_phone(self):
        return pos(self._phone(), "phone")

    def f_phone_noext(self):
        return pos(self._phone(ext=False), "phone")

    def f_phone_ext(self):
        return pos(self._phone(fmt=self.r.choice([0, 1, 3, 4]), ext=True), "phone")

    def f_phone_intl(self):
        return pos(self._phone(fmt=self.r.choice([5, 6]), ext=False), "phone")

    def f_phone_plus(self):
        return pos(self._phone(fmt=6, ext=False), "phone")

    def f_phone_tollfree(self):
        return pos(self._phone(fmt=7, ext=False), "phone")

    def f_phone_bare(self):
        a, e, l = self.area_exch()
        return pos(a + e + l, "phone", need="phone")

    # ---- positives: email ------------------------------------------------
    def _email(self):
        r = self.r
        f, l = self._person or self.names()
        self._person = None
        f, l = fold(f), fold(l)
        local = r.choice(["%(f)s.%(l)s", "%(f)s.%(l)s", "%(i)s.%(l)s", "%(f)s_%(l)s",
                          "%(f)s%(l)s%(n)d", "%(f)s.%(l)s+%(t)s", "%(f)s-%(l)s", "%(l)s.%(i)s",
                          "%(f)s%(n)d"]) % {"f": f, "l": l, "i": f[0], "n": r.randint(1, 99),
                                            "t": r.choice(EMAIL_TAGS)}
        domain = r.choice(EMAIL_DOMAINS)
        if r.random() < 0.08:
            local = ".".join(p[:1].upper() + p[1:] for p in local.split("."))
            domain = domain.split(".")[0].capitalize() + "." + ".".join(
                domain.split(".")[1:]).upper()
        assert len(local) <= 64 and local[0] != "." and local[-1] != "."
        assert re.fullmatch(r"[A-Za-z0-9._%+-]+", local)
        return local + "@" + domain

    def f_email(self):
        return pos(self._email(), "email")

    # ---- positives: postal code ------------------------------------------
    def _postal(self, space=True):
        r = self.r
        if self._postal_letter:
            first, self._postal_letter = self._postal_letter, None
        elif self.lang == "fr":
            first = r.choice("GHJ")
        else:
            first = r.choice(POSTAL_FIRST)
        s = "%s%d%s%s%d%s%d" % (first, r.randint(0, 9), r.choice(POSTAL_OTHER),
                                " " if space else "", r.randint(0, 9), r.choice(POSTAL_OTHER),
                                r.randint(0, 9))
        return s

    def f_postal(self):
        s = self._postal()
        return pos(s.lower() if self.r.random() < 0.15 else s, "postal_code")

    def f_postal_lc(self):
        return pos(self._postal().lower(), "postal_code")

    def f_postal_compact(self):
        return pos(self._postal(space=False), "postal_code", need="postal_code")

    # ---- positives: SIN --------------------------------------------------
    def _sin_digits(self, first_digits="12345679"):
        r = self.r
        prefix = r.choice(first_digits) + "".join(r.choice("0123456789") for _ in range(7))
        return luhn_complete(prefix)

    def f_sin(self):
        d = self._sin_digits()
        sep = self.r.choice([" ", " ", "-"])
        return pos(sep.join((d[:3], d[3:6], d[6:])), "sin")

    def f_sin_bare(self):
        return pos(self._sin_digits(), "sin", need="sin")

    # ---- positives: IP ---------------------------------------------------
    def _ipv4(self):
        r = self.r
        k = r.randrange(8)
        if k == 0:
            return "192.0.2.%d" % r.randint(1, 254)
        if k == 1:
            return "198.51.100.%d" % r.randint(1, 254)
        if k == 2:
            return "203.0.113.%d" % r.randint(1, 254)
        if k == 3:
            return "10.%d.%d.%d" % (r.randint(0, 254), r.randint(0, 254), r.randint(1, 254))
        if k == 4:
            return "172.%d.%d.%d" % (r.randint(16, 31), r.randint(0, 254), r.randint(1, 254))
        if k == 5:
            return "192.168.%d.%d" % (r.randint(0, 254), r.randint(2, 254))
        if k == 6:
            return "100.%d.%d.%d" % (r.randint(64, 127), r.randint(0, 254), r.randint(1, 254))
        return "198.18.%d.%d" % (r.randint(0, 254), r.randint(1, 254))

    def f_ipv4(self):
        return pos(self._ipv4(), "ip_address")

    def _ipv6(self, kind=None):
        r, h = self.r, self.h16
        if kind is None:
            kind = r.randrange(9)
        if kind == 0:
            s = "2001:db8:%s:%s::%s" % (h(), h(), h())
        elif kind == 1:
            s = "2001:db8:%s::%s:%s:%s" % (h(), h(), h(), h())
        elif kind == 2:
            s = "2001:0db8:" + ":".join("%04x" % r.randrange(0, 0x10000) for _ in range(6))
        elif kind == 3:
            s = "2001:db8:" + ":".join(format(r.randrange(0, 0x10000), "x") for _ in range(6))
        elif kind == 4:
            s = "2001:db8::%s" % h()
        elif kind == 5:
            s = "::ffff:" + self._ipv4()
        elif kind == 6:
            s = "fe80::%s:%s:%s:%s%%%s" % (h(), h(), h(), h(),
                                          r.choice(["eth0", "en0", "wlan0", "enp3s0"]))
        elif kind == 7:
            s = "fd%s:%s:%s::%s" % (self.hexs(2), h(), h(), h())
        else:
            s = ("2001:db8:%s::%s:%s" % (h(), h(), h())).upper()
        addr = s.split("%")[0]
        ip = ipaddress.IPv6Address(addr)
        assert not ip.is_multicast and not ip.is_loopback and not ip.is_unspecified
        assert self._groups_written(addr) >= 3, s
        return s

    @staticmethod
    def _groups_written(addr):
        n = 0
        for part in addr.split(":"):
            if part == "":
                continue
            n += 2 if "." in part else 1
        return n

    def f_ipv6(self):
        return pos(self._ipv6(), "ip_address")

    def f_ipv6_full(self):
        return pos(self._ipv6(self.r.choice([2, 3])), "ip_address")

    def f_ipv6_mapped(self):
        return pos(self._ipv6(5), "ip_address")

    def f_ipv6_zone(self):
        return pos(self._ipv6(6), "ip_address")

    def f_ipv6_short(self):
        s = self.r.choice(["fe80::%s", "fd00::%s", "fe80::%s"]) % self.r.choice(
            ["1", "2", "a", "10", self.h16()])
        assert self._groups_written(s) == 2
        return pos(s, "ip_address", need="ip_address")

    # ---- hard negatives --------------------------------------------------
    def f_n_uuid(self):
        return neg(str(uuid.UUID(int=self.r.getrandbits(128), version=4)))

    def f_n_uuid_uc(self):
        return neg(str(uuid.UUID(int=self.r.getrandbits(128), version=4)).upper())

    def f_n_md5(self):
        return neg(self.hexs(32))

    def f_n_md5_uc(self):
        return neg(self.hexs(32, upper=True))

    def f_n_sha1(self):
        return neg(self.hexs(40))

    def f_n_sha1_uc(self):
        return neg(self.hexs(40, upper=True))

    def f_n_sha256(self):
        return neg(self.hexs(64))

    def f_n_sha256_uc(self):
        return neg(self.hexs(64, upper=True))

    def f_n_hash(self):
        n = self.r.choice([32, 40, 64])
        return neg(self.hexs(n, upper=self.r.random() < 0.3))

    def f_n_hex8(self):
        return neg(self.hexs(8))

    def f_n_ts(self):
        t = self.ts_when((5, 600))
        fmt = self.r.randrange(4)
        if fmt == 0:
            return neg(t.strftime("%Y-%m-%dT%H:%M:%SZ"))
        if fmt == 1:
            return neg(t.strftime("%Y-%m-%dT%H:%M:%S.") + "%03d" % self.r.randint(0, 999) + "Z")
        if fmt == 2:
            return neg(t.strftime("%Y-%m-%d %H:%M:%S"))
        return neg(t.strftime("%Y-%m-%dT%H:%M:%S") + self.r.choice(["-04:00", "-05:00", "+00:00"]))

    def f_n_tsz(self):
        t = self.when((0, 3))
        return neg(t.strftime("%Y-%m-%dT%H:%M:%S.") + "%03dZ" % self.r.randint(0, 999))

    def f_n_clfts(self):
        t = self.when((0, 2))
        return neg("%02d/%s/%d:%s +0000" % (t.day, MONTHS_EN[t.month - 1], t.year,
                                             t.strftime("%H:%M:%S")))

    def f_n_time(self):
        return neg("%02d:%02d:%02d" % (self.r.randint(0, 23), self.r.randint(0, 59),
                                       self.r.randint(0, 59)))

    def f_n_date(self):
        t = self.ts_when((60, 4000))
        if self.lang == "fr":
            return neg(self.r.choice(["%d-%02d-%02d" % (t.year, t.month, t.day),
                                      "%02d/%02d/%d" % (t.day, t.month, t.year),
                                      "%d %s %d" % (t.day, MONTHS_FR[t.month - 1], t.year)]))
        return neg(self.r.choice(["%d-%02d-%02d" % (t.year, t.month, t.day),
                                  "%02d/%02d/%d" % (t.month, t.day, t.year),
                                  t.strftime("%B ") + "%d, %d" % (t.day, t.year)]))

    def f_n_unix(self):
        return neg(str(self.r.randint(1700000000, 1799999999)))

    def f_n_price(self):
        v = self.r.randint(100, 2500000)
        return neg("${:,}.{:02d}".format(v // 100, v % 100))

    def f_n_price_fr(self):
        v = self.r.randint(100, 2500000)
        return neg("{:,},{:02d} $".format(v // 100, v % 100).replace(",", " ", 1)
                   if v >= 100000 else "{},{:02d} $".format(v // 100, v % 100))

    def f_n_bignum_fr(self):
        r = self.r
        while True:
            lead = str(r.randint(1, 99))
            groups = ["%03d" % r.randint(0, 999) for _ in range(r.choice([2, 3, 3, 4]))]
            windows = ["".join(groups[i:i + 3]) for i in range(len(groups) - 2)]
            # no three consecutive 3-digit groups may look like a valid SIN
            if all(not luhn_ok(w) or w[0] in "08" for w in windows):
                return neg(" ".join([lead] + groups))

    def _isbn13(self):
        r = self.r
        body = "978" + "2" + "".join(r.choice("0123456789") for _ in range(8))
        s = sum(int(c) * (1 if i % 2 == 0 else 3) for i, c in enumerate(body))
        check = (10 - s % 10) % 10
        return "%s-%s-%s-%s-%d" % (body[:3], body[3], body[4:8], body[8:12], check)

    def _isbn10(self):
        r = self.r
        body = "2" + "".join(r.choice("0123456789") for _ in range(8))
        s = sum(int(c) * (10 - i) for i, c in enumerate(body))
        check = (11 - s % 11) % 11
        return "%s-%s-%s-%s" % (body[0], body[1:5], body[5:9], "X" if check == 10 else check)

    def f_n_isbn13(self):
        return neg(self._isbn13())

    def f_n_isbn10(self):
        return neg(self._isbn10())

    def f_n_oid(self):
        return neg(self.r.choice(OIDS))

    def f_n_ver3(self):
        r = self.r
        return neg("%d.%d.%d" % (r.randint(0, 30), r.randint(0, 40), r.randint(0, 200)))

    def f_n_ver5(self):
        r = self.r
        return neg(".".join(str(r.randint(0, 40)) for _ in range(5)))

    def f_n_ver4(self):
        """A dotted quad that would be a valid IPv4 address, preceded by 'version'/'build'."""
        r = self.r
        s = "%d.%d.%d.%d" % (r.randint(1, 30), r.randint(0, 40), r.randint(0, 200),
                             r.randint(1, 250))
        return neg(s, need="verkw")

    def f_n_ver4v(self):
        r = self.r
        return neg("v%d.%d.%d.%d" % (r.randint(1, 12), r.randint(0, 40), r.randint(0, 99),
                                     r.randint(1, 250)))

    def f_n_ua(self):
        return neg(self.r.choice(USER_AGENTS))

    def f_n_order9(self):
        r = self.r
        while True:
            d = str(r.randint(100000000, 999999999))
            if not luhn_ok(d):
                break
        if r.random() < 0.2:
            return neg("%s-%s-%s" % (d[:3], d[3:6], d[6:]))
        return neg(d)

    def f_n_order9_bare(self):
        r = self.r
        while True:
            d = str(r.randint(100000000, 999999999))
            if not luhn_ok(d):
                return neg(d)

    def f_n_card16(self):
        r = self.r
        # Luhn-valid, but no issuer hands out 9... or 7... card numbers:
        # card-shaped hard negatives (real card numbers: corpora/identifiers).
        first = {"4": "9", "5": "7"}[r.choice(["4", "5", "4"])]
        d = luhn_complete(first + "".join(r.choice("0123456789") for _ in range(14)))
        style = r.randrange(3)
        if style == 0:
            return neg(d)
        sep = " " if style == 1 else "-"
        return neg(sep.join(d[i:i + 4] for i in range(0, 16, 4)))

    def f_n_mac(self):
        r = self.r
        up = r.random() < 0.3
        sep = r.choice([":", ":", "-"])
        return neg(sep.join(self.hexs(2, upper=up) for _ in range(6)))

    def f_n_badip(self):
        r = self.r
        k = r.randrange(6)
        if k == 0:
            return neg("10.0.0.256")
        if k == 1:
            return neg("999.1.1.1")
        if k == 2:
            return neg("192.168.%d.%d" % (r.randint(0, 254), r.randint(256, 999)))
        if k == 3:
            return neg("%d.%d.%d.%d" % (r.randint(256, 999), r.randint(0, 255),
                                        r.randint(0, 255), r.randint(1, 254)))
        if k == 4:
            return neg("192.168.%03d.%03d" % (r.randint(0, 99), r.randint(1, 99)))
        return neg(".".join(str(r.randint(1, 200)) for _ in range(5)))

    def f_n_ip_reserved(self):
        r = self.r
        k = r.randrange(8)
        return neg(["127.0.0.1", "0.0.0.0", "255.255.255.255", "224.0.0.1", "239.255.255.250",
                    "127.0.1.1", "224.0.0.251",
                    "%d.%d.%d.%d" % (r.randint(224, 254), r.randint(0, 255), r.randint(0, 255),
                                     r.randint(1, 254))][k])

    def f_n_ip6_reserved(self):
        return neg(self.r.choice(IPV6_RESERVED))

    def f_n_ipv6_short(self):
        s = "fe80::%s" % self.r.choice(["1", "2", "a", self.h16()])
        return neg(s, forbid="ip_address")

    def f_n_imgat(self):
        r = self.r
        return neg("%s@%dx.%s" % (r.choice(IMG_NAMES), r.choice([2, 3]),
                                  r.choice(["png", "jpg", "png"])))

    def f_n_pkgat(self):
        return neg(self.r.choice(PKG_AT))

    def f_n_localat(self):
        return neg("%s@localhost" % self.r.choice(LOCAL_USERS))

    def f_n_cpp(self):
        return neg(self.r.choice(CPP_PATHS))

    def f_n_product(self):
        return neg(self.r.choice(PRODUCT_CODES))

    def f_n_sin08(self):
        """Luhn-valid, 3-3-3, but starting with 0 or 8: never issued to a person (low only)."""
        if self.r.random() < 0.25:
            return neg("046 454 286")
        d = self._sin_digits("08")
        sep = self.r.choice([" ", "-"])
        return neg(sep.join((d[:3], d[3:6], d[6:])))

    def f_n_sin_badluhn(self):
        r = self.r
        while True:
            d = r.choice("12345679") + "".join(r.choice("0123456789") for _ in range(8))
            if not luhn_ok(d):
                break
        sep = r.choice([" ", "-"])
        return neg(sep.join((d[:3], d[3:6], d[6:])))

    def f_n_sin_bare(self):
        """Luhn-valid bare 9 digits with no SIN keyword nearby."""
        return neg(self._sin_digits(), forbid="sin")

    def f_n_phone_invalid(self):
        r = self.r
        a, e, l = self.area_exch()
        k = r.randrange(4)
        if k == 0:
            a = r.choice("01") + a[1:]
        elif k == 1:
            e = r.choice("01") + e[1:]
        elif k == 2:
            a = r.choice("2345789") + "11"
        else:
            e = r.choice("2345689") + "11"
        assert not (nanp_ok(a) and nanp_ok(e))
        fmt = r.choice(["(%s) %s-%s", "%s-%s-%s", "%s.%s.%s", "%s %s %s"])
        return neg(fmt % (a, e, l))

    def f_n_phone_bare(self):
        a, e, l = self.area_exch()
        return neg(a + e + l, forbid="phone")

    def f_n_phone7(self):
        return neg("555-%04d" % self.r.randint(100, 199))

    def f_n_postal_invalid(self):
        r = self.r
        k = r.randrange(3)
        a, b, c = r.choice(POSTAL_FIRST), r.choice(POSTAL_OTHER), r.choice(POSTAL_OTHER)
        if k == 0:
            a = r.choice("DFIOQUWZ")
        elif k == 1:
            b = r.choice("DFIOQU")
        else:
            c = r.choice("DFIOQU")
        return neg("%s%d%s %d%s%d" % (a, r.randint(0, 9), b, r.randint(0, 9), c, r.randint(0, 9)))

    def f_n_postal_compact(self):
        return neg(self._postal(space=False), forbid="postal_code")


FIELD_RE = re.compile(r"\{([a-z][a-z0-9_]*)\}")


class Fixture:
    def __init__(self, name, lang="en", encoding="utf-8"):
        self.name = name
        self.encoding = encoding
        self.lines = []
        self.labels = []          # (line, category)
        self.neg_lines = 0
        self.g = Gen(random.Random("%s/%s" % (SEED, name)), lang)
        self.r = self.g.r
        # True for tables with a header row: a value's column name is its context
        # (piimap reads CSV by column), so bare values need no keyword on the line.
        self.column_context = False

    def lit(self, text):
        """A literal line holding a hard negative."""
        self.neg_lines += 1
        return self.raw(text)

    def raw(self, text=""):
        assert "\n" not in text and not FIELD_RE.search(text), text
        self.lines.append(text)
        return len(self.lines)

    def emit(self, template):
        out, spans, last = "", [], 0
        for m in FIELD_RE.finditer(template):
            out += template[last:m.start()]
            fn = getattr(self.g, "f_" + m.group(1), None)
            if fn is None:
                raise KeyError("unknown field {%s} in %r" % (m.group(1), template))
            v = fn()
            spans.append((len(out), len(out) + len(v.text), v))
            out += v.text
            last = m.end()
        out += template[last:]
        self._check(out, spans)
        self.lines.append(out)
        n = len(self.lines)
        for _, _, v in spans:
            if v.kind == "pos":
                self.labels.append((n, v.cat))
        if any(v.kind == "neg" for _, _, v in spans):
            self.neg_lines += 1
        return n

    def _check(self, line, spans):
        assert "\n" not in line and "\r" not in line
        line.encode(self.encoding)
        for s, e, v in spans:
            if v.kind == "pos":
                assert not kw_touch(line, s, e, NEGATIVE_RE[v.cat]), ("negative keyword near", line)
            if v.need == "verkw":
                assert kw_close(line, s, e, VERSION_RE), ("needs version/build", line)
            elif v.need and not self.column_context:
                assert kw_close(line, s, e, NEED_RE[v.need]), ("needs %s keyword" % v.need, line)
            if v.forbid:
                assert not kw_touch(line, s, e, ANY_RE[v.forbid], 120, 80), \
                    ("must not have %s keyword" % v.forbid, line)

    def pick(self, seq):
        return self.r.choice(seq)

    def data(self):
        text = "\n".join(self.lines) + "\n"
        return text.encode(self.encoding)


class Deck:
    """Deals templates in shuffled rounds so that every template gets used."""

    def __init__(self, rng, items):
        self.r, self.items, self.queue = rng, list(items), []

    def next(self):
        if not self.queue:
            self.queue = list(self.items)
            self.r.shuffle(self.queue)
        return self.queue.pop()


# ==========================================================================
# chat_en.log
# ==========================================================================
CHAT_EN_POS = [
    "Customer: Sure, my email is {email}.",
    "Customer: it's {email}",
    "Customer: You can reach me at {phone}.",
    "Customer: my cell is {phone}, evenings are best",
    "Customer: Home: {phone_noext} / Mobile: {phone_noext}",
    "Customer: Phone {phone_bare} works too.",
    "Customer: I live at {street}, {city_prov} {postal}.",
    "Customer: postal code is {postal_compact}",
    "Customer: My SIN is {sin}.",
    "Customer: SIN {sin_bare}",
    "Customer: social insurance number: {sin}",
    "Customer: the router says my IP is {ipv4}",
    "Customer: I'm connecting from {ipv4} at the office",
    "Customer: ipconfig shows {ipv6}",
    "Customer: my IPv6 is {ipv6_short}",
    "Customer: Old email was {email}, new one is {email}.",
    "Customer: send it to \"{email}\" please",
    "Customer: text me at {phone}",
    "Customer: {postal}",
    "Customer: {phone}",
    "Customer: number is {phone_bare}",
    "Customer: mailto:{email} works for me",
    "Customer: my address: {street}, {city_prov}, {postal_lc}",
    "Customer: fax {phone_noext}",
    "Customer: toll free line at work is {phone_tollfree}",
    "Customer: the ticket system showed {ipv4}:{port}?",
    "Customer: SIN: {sin} (I had to look it up)",
    "Customer: {sin}",
    "Agent ({agent}): Thanks, I have {email} on file.",
    "Agent ({agent}): To be sure, your number: {phone}.",
    "Agent ({agent}): I see a login from {ipv4} yesterday and one from {ipv4} today.",
    "Agent ({agent}): The address we have is {street}, {city_prov} {postal}",
    "Agent ({agent}): Our billing team is at {email} or {phone_tollfree}.",
    "Customer: my wife's cell, {phone_noext}, can be a backup",
    "Customer: ZIP {postal_compact}, sorry, postal code",
    "Customer: my laptop has {ipv6_full}",
    "Customer: the VPN page says {ipv6_mapped}",
]
CHAT_EN_NEG = [
    "Agent ({agent}): Your order {n_order9} shipped on {n_date}.",
    "Agent ({agent}): Tracking number {n_order9} should update tonight.",
    "Customer: I was charged {n_price} twice, at {n_time}",
    "Customer: the app says version {n_ver4}",
    "Customer: I'm on {n_ver4v} of the desktop client",
    "Agent ({agent}): Please ignore the sample SIN {n_sin08} on the form.",
    "Customer: is it safe to give you card {n_card16}?",
    "Agent ({agent}): Your case id is {n_uuid}.",
    "Customer: the error code was {n_md5}",
    "Agent ({agent}): Device {n_mac} is registered to your profile.",
    "Customer: the setup page said {n_ip_reserved}",
    "Customer: I tried {n_badip} but it did not load",
    "Customer: the screenshot is called {n_imgat}",
    "Customer: my session is {n_phone_bare}, if that helps",
    "Customer: the label on the box says {n_product}",
    "Customer: the form rejected my SIN {n_sin_badluhn}, says checksum failed",
    "Customer: the phone number on your flyer, {n_phone_invalid}, doesn't work",
    "Customer: login at {n_ts} failed again",
    "Customer: is {n_postal_invalid} a real postal code? the site rejects it",
    "Customer: coupon {n_postal_compact} did not apply",
    "Customer: gateway is {n_ipv6_short}",
    "Customer: ping {n_ip6_reserved} works though",
    "Customer: my employee badge says {n_sin_bare}",
    "Agent ({agent}): Release notes: {n_ver3} and {n_ver5}.",
    "Customer: the invoice total was {n_price}",
    "Customer: I ran pip and it installed {n_pkgat}",
    "Customer: the hash they sent me: {n_sha256}",
    "Customer: the old desk line was {n_phone7}, local only",
    "Agent ({agent}): Your confirmation code is {n_order9}.",
    "Customer: build {n_ver4} crashed at {n_time}",
]
CHAT_EN_PLAIN = [
    "Customer: ok thanks",
    "Customer: Hi, I can't log into my account.",
    "Customer: I moved last month and never got my package.",
    "Agent ({agent}): Let me check that for you.",
    "Agent ({agent}): One moment please.",
    "Customer: sure, no problem",
    "Agent ({agent}): I've updated your file.",
    "Customer: lol it's been a week",
    "Agent ({agent}): I understand, sorry for the wait.",
    "Customer: can you also change my billing details?",
]


def build_chat_en():
    fx = Fixture("chat_en.log", "en")
    pos_d, neg_d, plain_d = (Deck(fx.r, CHAT_EN_POS), Deck(fx.r, CHAT_EN_NEG),
                             Deck(fx.r, CHAT_EN_PLAIN))
    for s in range(30):
        fx.emit("=== session {n_uuid} opened {session_ts} queue=billing ===")
        fx.emit("[{clock}] Agent ({agent}): Hi, thanks for reaching out to Northwind Support. "
                "How can I help?")
        for _ in range(fx.r.randint(7, 11)):
            k = fx.r.random()
            deck = pos_d if k < 0.52 else neg_d if k < 0.80 else plain_d
            fx.emit("[{clock}] " + deck.next())
        fx.emit("[{clock}] Agent ({agent}): Is there anything else I can help you with today?")
        fx.emit("[{clock}] Customer: " + fx.pick(["No, that's all. Thanks!", "nope, bye",
                                                   "That's it, have a good day."]))
        fx.raw("=== session closed ===")
        fx.raw("")
    return fx


# ==========================================================================
# chat_fr.log
# ==========================================================================
CHAT_FR_POS = [
    "Client : Mon courriel, c'est {email}.",
    "Client : vous pouvez m'écrire à {email}",
    "Client : Vous pouvez me rejoindre au {phone}.",
    "Client : mon cellulaire : {phone}",
    "Client : Tél. : {phone_noext} / cell. : {phone_noext}",
    "Client : mon numéro de téléphone c'est {phone_bare}",
    "Client : J'habite au {street}, {city} (Québec) {postal}",
    "Client : code postal {postal_compact}",
    "Client : le code postal est {postal_lc}",
    "Client : mon NAS est le {sin}.",
    "Client : NAS : {sin_bare}",
    "Client : numéro d'assurance sociale {sin}",
    "Client : mon adresse IP est {ipv4}, je pense",
    "Client : l'adresse IP du modem : {ipv6}",
    "Client : adresse IPv6 {ipv6_short}",
    "Client : texto au {phone} svp",
    "Client : écrivez-moi à « {email} »",
    "Client : {postal}",
    "Client : {email}",
    "Agent ({agent}) : J'ai bien noté {email}.",
    "Agent ({agent}) : Je vois une connexion depuis {ipv4} hier soir.",
    "Client : appelez-moi au {phone} après 17 h",
    "Client : mon adresse : {street}, app. 4, {city} QC {postal}",
    "Client : cellulaire {phone_bare}",
    "Client : mon NAS, c'est {sin}, je crois",
    "Client : {sin}",
    "Client : courriel : {email} ou {email}",
    "Agent ({agent}) : Pour nous joindre : {phone_tollfree} ou {email}.",
    "Client : mon ordi affiche {ipv4} et {ipv6_zone}",
    "Client : le VPN me donne {ipv6_mapped}",
    "Client : ancienne adresse {street}, {city} {postal}, nouvelle au {street}, {city} {postal}",
    "Client : NAS {sin}",
    "Client : téléphone au bureau {phone_ext}",
    "Client : mon code postal c'est {postal_compact}",
]
CHAT_FR_NEG = [
    "Agent ({agent}) : Votre commande {n_order9} a été expédiée le {n_date}.",
    "Agent ({agent}) : Le montant de la facture est de {n_price_fr}.",
    "Client : j'ai la version {n_ver4} de l'appli",
    "Client : la boîte dit {n_product}",
    "Agent ({agent}) : Le NAS {n_sin08} du formulaire est un exemple, ne l'utilisez pas.",
    "Client : mon NAS c'est {n_sin_badluhn}? Le site dit qu'il est invalide.",
    "Client : l'écran affiche {n_ip_reserved}",
    "Client : j'ai essayé {n_badip} mais ça ne marche pas",
    "Client : j'ai {n_bignum_fr} points de fidélité, c'est bizarre",
    "Agent ({agent}) : Le numéro de suivi est {n_order9}.",
    "Client : l'identifiant de session est {n_phone_bare}",
    "Client : est-ce que {n_postal_invalid} est un vrai code postal?",
    "Client : le coupon {n_postal_compact} ne passe pas",
    "Client : le fichier s'appelle {n_imgat}",
    "Agent ({agent}) : Votre dossier porte l'identifiant {n_uuid}.",
    "Client : le routeur indique la passerelle {n_ipv6_short}",
    "Client : ping {n_ip6_reserved} fonctionne",
    "Client : mon matricule d'employé est {n_sin_bare}",
    "Client : j'ai payé avec la carte {n_card16}",
    "Client : le prix affiché était {n_price_fr} au lieu de {n_price_fr}",
    "Client : le numéro sur la carte, {n_phone_invalid}, ne répond pas",
    "Client : connexion refusée à {n_time} le {n_date}",
    "Agent ({agent}) : Référence interne : {n_sha1}",
    "Client : la mise à jour {n_ver3} a planté, puis la {n_ver5}",
    "Client : le code d'erreur est {n_md5_uc}",
    "Client : c'est l'appareil {n_mac}",
    "Agent ({agent}) : Confirmation no {n_order9}.",
    "Client : le build {n_ver4} est encore là",
]
CHAT_FR_PLAIN = [
    "Client : Bonjour, je n'arrive plus à me connecter à mon dossier.",
    "Client : ok merci",
    "Agent ({agent}) : Un instant, je vérifie.",
    "Agent ({agent}) : C'est noté, merci!",
    "Client : ça fait deux semaines que j'attends mon colis...",
    "Client : parfait",
    "Agent ({agent}) : Désolée pour le délai.",
    "Client : pouvez-vous aussi changer mon adresse de livraison?",
    "Agent ({agent}) : Je transfère votre demande à l'équipe responsable.",
]


def build_chat_fr():
    fx = Fixture("chat_fr.log", "fr")
    pos_d, neg_d, plain_d = (Deck(fx.r, CHAT_FR_POS), Deck(fx.r, CHAT_FR_NEG),
                             Deck(fx.r, CHAT_FR_PLAIN))
    for s in range(30):
        fx.emit("=== session {n_uuid} ouverte {session_ts} file=soutien ===")
        fx.emit("[{clock}] Agent ({agent}) : Bonjour! Bienvenue au soutien Northwind, "
                "comment puis-je vous aider?")
        for _ in range(fx.r.randint(7, 11)):
            k = fx.r.random()
            deck = pos_d if k < 0.55 else neg_d if k < 0.82 else plain_d
            fx.emit("[{clock}] " + deck.next())
        fx.emit("[{clock}] Agent ({agent}) : Y a-t-il autre chose que je peux faire pour vous?")
        fx.emit("[{clock}] Client : " + fx.pick(["Non, c'est tout. Merci!", "non merci, bonne "
                                                  "journée", "C'est beau, merci beaucoup."]))
        fx.raw("=== session fermée ===")
        fx.raw("")
    return fx


# ==========================================================================
# access.log
# ==========================================================================
PATHS = ["/", "/login", "/logout", "/api/v2/profile", "/api/v2/users/{uid}",
         "/static/css/app.{n_hex8}.css", "/static/js/main.{n_hex8}.js", "/favicon.ico",
         "/search?q=poutine+recette", "/robots.txt", "/api/v2/health", "/panier",
         "/static/img/{n_imgat}", "/assets/{n_imgat}", "/unsubscribe?email={email}",
         "/api/v2/cart/{uid}/items", "/fr/aide", "/en/help"]
REFERERS = ["-", "https://www.example.com/", "https://shop.example.ca/panier",
            "https://www.example.org/fr/aide", "-"]


def build_access_log():
    fx = Fixture("access.log", "en")
    clients = (["{ipv4}"] * 12 + ["{ipv6}", "{ipv6}", "{ipv6_full}", "{ipv6_mapped}"]
               + ["{n_ip_reserved}", "127.0.0.1", "::1", "{n_ip6_reserved}"])
    for i in range(430):
        k = fx.r.random()
        if k < 0.72:
            client = fx.pick(clients)
            method = fx.pick(["GET", "GET", "GET", "POST", "HEAD", "PUT"])
            path = fx.pick(PATHS)
            line = ('%s - - [{n_clfts}] "%s %s HTTP/1.1" {status} {bytes} "%s" "{n_ua}"'
                    % (client, method, path, fx.pick(REFERERS)))
            if fx.r.random() < 0.15:
                line += ' "{ipv4}, {ipv4}"'
            fx.emit(line)
        else:
            fx.emit(fx.pick([
                "{n_tsz} INFO  api.auth login ok user={uid} client_ip={ipv4} took={ms}ms",
                "{n_tsz} WARN  api.auth failed login attempts=3 client_ip={ipv6}",
                "{n_tsz} INFO  api.health probe ok client_ip={n_ip_reserved}",
                "{n_tsz} INFO  api.health probe ok client_ip={n_ip6_reserved}",
                "{n_tsz} DEBUG proxy X-Forwarded-For: {ipv4}, {ipv4}",
                "{n_tsz} INFO  mailer sent receipt to={email} status=queued",
                "{n_tsz} INFO  http remote_addr={ipv4} trace={n_uuid} status={status}",
                "{n_tsz} INFO  http src_ip={ipv6_short} status={status} took={ms}ms",
                "{n_tsz} INFO  ws connect client_ip=\"{ipv6_zone}\"",
                "{n_tsz} INFO  deploy finished build={n_ver4} commit={n_sha1}",
                "{n_tsz} ERROR upstream 10.0.0.256 rejected: not an address",
                "{n_tsz} INFO  cache hit key={n_sha256} took={ms}ms",
                "{n_tsz} INFO  http client_ip={ipv4} path=/static/img/{n_imgat} status=200",
                "{n_tsz} WARN  rate limit client_ip={ipv4} limit=100/min",
                "{n_tsz} INFO  session start client_ip={ipv6_mapped} ua=\"{n_ua}\"",
            ]))
    return fx


# ==========================================================================
# app.log (JSON lines)
# ==========================================================================
def build_app_log():
    fx = Fixture("app.log", "en")
    templates = [
        '{"ts":"{n_tsz}","level":"info","event":"user.signup","email":"{email}","ip":"{ipv4}"}',
        '{"ts":"{n_tsz}","level":"info","event":"profile.update","phone":"{phone}"}',
        '{"ts":"{n_tsz}","level":"info","event":"profile.update","phone":"{phone_bare}"}',
        '{"ts":"{n_tsz}","level":"info","event":"address.update","postal_code":"{postal}"}',
        '{"ts":"{n_tsz}","level":"info","event":"address.update","postal_code":"{postal_compact}"}',
        '{"ts":"{n_tsz}","level":"warn","event":"kyc.submitted","sin":"{sin}"}',
        '{"ts":"{n_tsz}","level":"warn","event":"kyc.submitted","sin":"{sin_bare}"}',
        '{"ts":"{n_tsz}","level":"info","event":"login","client_ip":"{ipv6}"}',
        '{"ts":"{n_tsz}","level":"info","event":"login","remote_addr":"{ipv4}","ms":{ms}}',
        '{"ts":"{n_tsz}","level":"debug","event":"notify","to":["{email}","{email}"]}',
        '{"ts":"{n_tsz}","level":"info","event":"sms.sent","mobile":"{phone_intl}"}',
        '{"ts":"{n_tsz}","level":"info","event":"cart.checkout","total":"{n_price}","sku":"{n_product}"}',
        '{"ts":"{n_tsz}","level":"info","event":"app.start","version":"{n_ver3}","commit":"{n_sha1}"}',
        '{"ts":"{n_tsz}","level":"info","event":"app.start","build":"{n_ver4}"}',
        '{"ts":"{n_tsz}","level":"debug","event":"request","trace":"{n_uuid}","span":"{n_hex8}"}',
        '{"ts":"{n_tsz}","level":"info","event":"shipment","tracking":"{n_order9}"}',
        '{"ts":"{n_tsz}","level":"info","event":"listen","addr":"{n_ip_reserved}:8080"}',
        '{"ts":"{n_tsz}","level":"info","event":"listen","addr":"[{n_ip6_reserved}]:8080"}',
        '{"ts":"{n_tsz}","level":"debug","event":"asset","path":"/img/{n_imgat}"}',
        '{"ts":"{n_tsz}","level":"info","event":"kyc.sample","value":"{n_sin08}"}',
        '{"ts":"{n_tsz}","level":"info","event":"device","mac":"{n_mac}"}',
        '{"ts":"{n_tsz}","level":"info","event":"contact.update","email":"{email}","phone":"{phone}","postal":"{postal}"}',
        '{"ts":"{n_tsz}","level":"info","event":"address.verify","result":"ok","line2":"{street}, {city_prov} {postal}"}',
        '{"ts":"{n_tsz}","level":"warn","event":"kyc.rejected","reason":"luhn","value":"{n_sin_badluhn}"}',
        '{"ts":"{n_tsz}","level":"info","event":"payment","card":"{n_card16}","amount":"{n_price}"}',
        '{"ts":"{n_tsz}","level":"info","event":"session","x-forwarded-for":"{ipv4}, {ipv4}"}',
        '{"ts":"{n_tsz}","level":"info","event":"call.forward","to":"{phone_tollfree}"}',
        '{"ts":"{n_tsz}","level":"info","event":"deps","resolved":"{n_pkgat}"}',
        '{"ts":"{n_tsz}","level":"info","event":"login","client_ip":"{ipv6_mapped}"}',
    ]
    deck = Deck(fx.r, templates)
    for i in range(290):
        fx.emit(deck.next())
    return fx


# ==========================================================================
# app.conf (INI)
# ==========================================================================
def build_app_conf():
    fx = Fixture("app.conf", "en")
    e = fx.emit
    e("# Northwind ticketing service -- generated {n_ts}")
    e("# config schema {n_ver3}; do not edit by hand")
    fx.raw("")
    fx.raw("[server]")
    e("listen = {ipv4}:8443")
    e("listen_v6 = [{ipv6}]:8443")
    fx.lit("bind_address = 0.0.0.0")
    fx.lit("admin_listen = 127.0.0.1:9090")
    fx.lit("health_listen = [::1]:9091")
    e("workers = {num}")
    e("tls_cert_sha256 = {n_sha256_uc}")
    e("build = {n_ver4}")
    e("api_version = {n_ver3}")
    fx.raw("")
    fx.raw("[mail]")
    e("from = \"Northwind Support <{email}>\"")
    e("reply_to = {email}")
    e("smtp_host = {ipv4}")
    e("smtp_user = {n_localat}")
    e("bounce_address = {email}")
    fx.raw("")
    fx.raw("[contact]")
    e("support_phone = {phone_noext}")
    e("fax = {phone_noext}")
    e("toll_free = {phone_tollfree}")
    e("escalation = {email}, {email}")
    fx.raw("")
    fx.raw("[snmp]")
    e("enterprise_oid = {n_oid}")
    e("sys_object_id = {n_oid}")
    e("trap_sink = {ipv4}:162")
    e("community_hash = {n_md5}")
    fx.raw("")
    fx.raw("[assets]")
    e("logo = /static/{n_imgat}")
    e("logo_hidpi = /static/{n_imgat}")
    e("cdn_etag = \"{n_sha1}\"")
    fx.raw("")
    fx.raw("[multicast]")
    fx.lit("discovery_group = 239.255.255.250:1900")
    fx.lit("mdns_group = 224.0.0.251")
    fx.lit("mdns_group_v6 = ff02::fb")
    fx.lit("broadcast = 255.255.255.255")
    fx.raw("")
    tenants = ["montreal", "quebec", "laval", "gatineau", "sherbrooke", "toronto", "ottawa",
               "halifax", "calgary", "vancouver"]
    for t in tenants:
        fx.raw("")
        fx.raw("[tenant.%s]" % t)
        e("tenant_id = {n_uuid}")
        e("contact_email = {email}")
        e(fx.pick(["contact_phone = {phone}", "phone = {phone_bare}",
                   "contact_phone = \"{phone_noext}\"", "telephone = {phone_intl}"]))
        e(fx.pick(["office_postal_code = {postal}", "postal_code = {postal_compact}",
                   "office_address = \"{street}, {city_prov} {postal}\""]))
        e(fx.pick(["allow_ip = {ipv4}", "allow_ip = {ipv4}, {ipv4}", "allow_cidr_v6 = {ipv6}",
                   "egress_ip = {ipv4}"]))
        e("deny = {n_ip_reserved}")
        e(fx.pick(["db_host = {ipv4}", "db_host = {ipv6}", "db_host = db-%s.internal" % t]))
        e("db_port = 5432")
        e("schema_checksum = {n_sha1}")
        e(fx.pick(["client_version = {n_ver3}", "plugin_version = {n_ver5}",
                   "min_build = {n_ver4}", "agent = {n_ver4v}"]))
        e(fx.pick(["billing_contact = {email}", "billing_sin_sample = {n_sin08}",
                   "invoice_prefix = {n_order9}", "sku_default = {n_product}"]))
        e(fx.pick(["# rotated {n_ts}", "# owner: {name}", "# migrated {n_date}"]))
    return fx


# ==========================================================================
# config.yaml
# ==========================================================================
def build_config_yaml():
    fx = Fixture("config.yaml", "fr")
    e = fx.emit
    e("# yaml-language-server: $schema=./schema.json -- generated {n_ts}")
    e("version: \"{n_ver3}\"")
    e("build: \"{n_ver4}\"")
    fx.raw("service:")
    fx.raw("  name: guichet-clients")
    e("  listen: \"{ipv4}:8080\"")
    e("  listen_v6: \"[{ipv6}]:8080\"")
    fx.lit("  bind: 0.0.0.0")
    fx.lit("  metrics_bind: \"[::]:9100\"")
    e("  image: registry.example.com/guichet@sha256:{n_sha256}")
    fx.raw("  contacts:")
    e("    admin: {email}")
    e("    security: \"{email}\"")
    e("    support_phone: \"{phone}\"")
    e("    fax: {phone_noext}")
    e("    pager: {phone_intl}")
    fx.raw("snmp:")
    e("  enterprise_oid: {n_oid}")
    e("  sys_descr_oid: {n_oid}")
    e("  trap_receiver: {ipv4}")
    fx.raw("assets:")
    e("  - {n_imgat}")
    e("  - {n_imgat}")
    e("  - \"/img/{n_imgat}\"")
    fx.raw("dependencies:")
    for _ in range(5):
        e("  - \"{n_pkgat}\"")
    fx.raw("succursales:")
    for i in range(14):
        e("  - id: {n_uuid}")
        e("    nom: \"Succursale {city}\"")
        e(fx.pick(["    courriel: {email}", "    courriel: \"{email}\"",
                   "    email: '{email}'"]))
        e(fx.pick(["    téléphone: \"{phone}\"", "    telephone: {phone_bare}",
                   "    tel: '{phone}'", "    cellulaire: {phone_noext}"]))
        e(fx.pick(["    adresse: \"{street}, {city} (Québec) {postal}\"",
                   "    code_postal: {postal_compact}", "    code_postal: \"{postal}\""]))
        e(fx.pick(["    ip_publique: {ipv4}", "    adresse_ip: \"{ipv4}\"",
                   "    passerelle_v6: {ipv6}", "    ip_publique: [{ipv4}, {ipv4}]"]))
        e(fx.pick(["    ouverture: \"{n_time}\"", "    ouvert_depuis: {n_date}",
                   "    loyer: \"{n_price_fr}\"", "    superficie_pi2: \"{n_bignum_fr}\""]))
        e(fx.pick(["    firmware: {n_ver4v}", "    firmware_build: {n_ver4}",
                   "    mac_caisse: \"{n_mac}\"", "    catalogue: {n_product}",
                   "    checksum: {n_md5}"]))
    fx.raw("monitoring:")
    fx.lit("  healthcheck: \"http://127.0.0.1:8080/health\"")
    fx.lit("  multicast: 224.0.0.1")
    fx.lit("  ignore_hosts_v6: [\"::1\", \"ff02::1\"]")
    e("  started: {n_ts}")
    return fx


# ==========================================================================
# seed_users.py
# ==========================================================================
def build_seed_users():
    fx = Fixture("seed_users.py", "fr")
    e, raw = fx.emit, fx.raw
    raw('"""Seed the development database with fake users.')
    raw("")
    raw("Every value below is synthetic test data.")
    raw('"""')
    raw("import uuid")
    raw("from decimal import Decimal")
    raw("")
    e('SEED_VERSION = "{n_ver3}"')
    e('SCHEMA_SHA1 = "{n_sha1}"')
    e('AVATAR_DEFAULT = "/static/{n_imgat}"')
    raw("")
    raw("USERS = [")
    for i in range(24):
        raw("    {")
        e('        "id": "{n_uuid}",')
        e('        "name": "{name}",')
        e(fx.pick(['        "email": "{email}",', '        "courriel": "{email}",',
                   "        'email': '{email}',"]))
        e(fx.pick(['        "phone": "{phone}",', '        "phone": "{phone_bare}",',
                   '        "mobile": "{phone_intl}",', '        "telephone": "{phone_ext}",']))
        e(fx.pick(['        "postal_code": "{postal}",', '        "postal_code": "{postal_compact}",',
                   '        "address": "{street}, {city} QC {postal}",']))
        e(fx.pick(['        "sin": "{sin}",', '        "sin": "{sin_bare}",',
                   '        "nas": "{sin}",']))
        e(fx.pick(['        "last_ip": "{ipv4}",', '        "last_ip": "{ipv6}",',
                   '        "signup_ip": "{ipv4}",']))
        e(fx.pick(['        "balance": Decimal("{n_price}".strip("$").replace(",", "")),',
                   '        "order_ids": [{n_order9_bare}, {n_order9_bare}],',
                   '        "avatar": "{n_imgat}",', '        "created": "{n_ts}",',
                   '        "client_version": "{n_ver3}",']))
        raw("    },")
    raw("]")
    raw("")
    raw("# Values that look like personal data but are not (kept for regression tests).")
    raw("NOT_PII = {")
    e('    "sample_sin": "{n_sin08}",')
    e('    "bad_checksum": "{n_sin_badluhn}",')
    e('    "order": "{n_order9}",')
    e('    "card": "{n_card16}",')
    e('    "mac": "{n_mac}",')
    e('    "loopback": "{n_ip_reserved}",')
    e('    "loopback_v6": "{n_ip6_reserved}",')
    e('    "bad_ip": "{n_badip}",')
    e('    "oid": "{n_oid}",')
    e('    "isbn": "{n_isbn13}",')
    e('    "pkg": "{n_pkgat}",')
    e('    "ssh": "{n_localat}",')
    e('    "retina": "{n_imgat}",')
    e('    "product": "{n_product}",')
    e('    "not_postal": "{n_postal_invalid}",')
    e('    "bad_phone": "{n_phone_invalid}",')
    raw("}")
    raw("")
    raw("")
    raw("def make_user(idx):")
    e('    """Return a throwaway user; ids are {n_uuid}-style."""')
    raw("    return {")
    raw('        "id": str(uuid.uuid4()),')
    raw('        "name": "Test User %d" % idx,')
    raw("    }")
    raw("")
    raw("")
    raw("def main():")
    raw("    for u in USERS:")
    raw("        print(u[\"id\"], u.get(\"name\"))")
    raw("")
    raw("")
    raw('if __name__ == "__main__":')
    raw("    main()")
    return fx


# ==========================================================================
# fixtures.js
# ==========================================================================
def build_fixtures_js():
    fx = Fixture("fixtures.js", "en")
    e, raw = fx.emit, fx.raw
    raw("// Test fixtures for the signup form. All values are synthetic.")
    raw("'use strict';")
    raw("")
    e("const ASSET_HASH = '{n_sha256}';")
    e("const RETINA = ['/img/{n_imgat}', '/img/{n_imgat}'];")
    e("const DEPS = ['{n_pkgat}', '{n_pkgat}', '{n_pkgat}'];")
    raw("")
    raw("export const users = [")
    for i in range(22):
        e(fx.pick([
            "  { id: '{n_uuid}', name: '{name}', email: '{email}' },",
            "  { id: {uid}, email: \"{email}\", active: true },",
        ]))
        e(fx.pick([
            "  { contact: { phone: '{phone}', email: '{email}' } },",
            "  { phone: \"{phone_bare}\" },",
            "  { tel: '{phone_intl}', sms: true },",
            "  { fax: '{phone_noext}' },",
        ]))
        e(fx.pick([
            "  { address: { line1: '{street}', city: '{city}', postal: '{postal}' } },",
            "  { postalCode: '{postal}' },",
            "  { zip: '{postal_compact}' },",
        ]))
        e(fx.pick([
            "  { sin: '{sin}' },",
            "  { sin: '{sin_bare}' },",
            "  { socialInsurance: \"{sin}\" },",
        ]))
        e(fx.pick([
            "  { lastLogin: { ip: '{ipv4}', at: '{n_ts}' } },",
            "  { ipv6: '{ipv6}' },",
            "  { remote_addr: '{ipv4}' },",
            "  { host: '{ipv6_short}' },",
        ]))
        e(fx.pick([
            "  { orderNo: '{n_order9}', total: '{n_price}' },",
            "  { avatar: '{n_imgat}' },",
            "  { createdAt: '{n_ts}', etag: '{n_md5}' },",
            "  { device: '{n_mac}', fw: '{n_ver4v}' },",
            "  { sku: '{n_product}' },",
        ]))
    raw("];")
    raw("")
    raw("// Lookalikes that the scanner must ignore.")
    raw("export const lookalikes = {")
    e("  sampleSin: '{n_sin08}',")
    e("  badLuhn: '{n_sin_badluhn}',")
    e("  isbn: 'ISBN {n_isbn13}',")
    e("  oid: '{n_oid}',")
    e("  buildVersion: 'build {n_ver4}',")
    e("  fiveParts: '{n_ver5}',")
    e("  loopback: '{n_ip_reserved}',")
    e("  loopback6: '{n_ip6_reserved}',")
    e("  badIp: '{n_badip}',")
    e("  card: '{n_card16}',")
    e("  localUser: '{n_localat}',")
    e("  badPhone: '{n_phone_invalid}',")
    e("  notPostal: '{n_postal_invalid}',")
    e("  session: '{n_phone_bare}',")
    raw("};")
    raw("")
    raw("export function mailtoLink(user) {")
    raw("  return `mailto:${user.email}`;")
    raw("}")
    raw("")
    e("export const support = 'mailto:{email}?subject=Aide';")
    e("export const supportPhone = 'tel:{phone_plus}';")
    raw("")
    raw("export default { users, lookalikes, support, supportPhone };")
    return fx


# ==========================================================================
# build.rs (no PII at all)
# ==========================================================================
def build_build_rs():
    fx = Fixture("build.rs", "en")
    e, raw = fx.emit, fx.raw
    raw("//! Build script for the asset bundle. Contains no personal data: only hashes,")
    raw("//! UUIDs, dependency pins and Rust paths that look a bit like findings.")
    raw("use std::collections::HashMap;")
    raw("use std::env;")
    raw("use std::fs;")
    raw("use std::io::Read;")
    raw("use std::path::PathBuf;")
    raw("")
    e("const BUNDLE_SHA256: &str = \"{n_sha256}\";")
    e("const BUNDLE_SHA256_UPPER: &str = \"{n_sha256_uc}\";")
    e("const LEGACY_MD5: &str = \"{n_md5}\";")
    e("const GIT_COMMIT: &str = \"{n_sha1}\";")
    e("const BUILD_ID: &str = \"{n_uuid}\";")
    e("const BUILD_ID_UPPER: &str = \"{n_uuid_uc}\";")
    e("const MIN_RUSTC: &str = \"{n_ver3}\";")
    e("const TOOLCHAIN_BUILD: &str = \"build {n_ver4}\";")
    e("const PROTO_VERSION: &str = \"{n_ver5}\";")
    e("const AGENT_TAG: &str = \"{n_ver4v}\";")
    e("const BUILT_AT: &str = \"{n_ts}\";")
    e("const EPOCH: u64 = {n_unix};")
    raw("")
    raw("const PINS: &[&str] = &[")
    for _ in range(8):
        e("    \"{n_pkgat}\",")
    raw("];")
    raw("")
    raw("const RETINA_ASSETS: &[&str] = &[")
    for _ in range(6):
        e("    \"assets/{n_imgat}\",")
    raw("];")
    raw("")
    raw("const OIDS: &[&str] = &[")
    for _ in range(6):
        e("    \"{n_oid}\",")
    raw("];")
    raw("")
    raw("const LISTEN_DEFAULTS: &[&str] = &[")
    for _ in range(5):
        e("    \"{n_ip_reserved}\",")
    for x in IPV6_RESERVED:
        fx.lit("    \"%s\"," % x)
    raw("];")
    raw("")
    raw("const ASSET_HASHES: &[(&str, &str)] = &[")
    for i in range(14):
        e("    (\"chunk-%02d.js\", \"{n_hash}\")," % i)
    raw("];")
    raw("")
    raw("fn read_all(path: &PathBuf) -> std::io::Result<std::vec::Vec<u8>> {")
    raw("    let mut f = fs::File::open(path)?;")
    raw("    let mut buf: std::vec::Vec<u8> = Vec::new();")
    raw("    f.read_to_end(&mut buf)?;")
    raw("    Ok(buf)")
    raw("}")
    raw("")
    raw("fn angle_table() -> Vec<f64> {")
    raw("    // sin/cos lookup table for the spinner animation")
    raw("    (0..360).map(|d| (d as f64).to_radians().sin()).collect()")
    raw("}")
    raw("")
    raw("fn main() {")
    raw("    let out = PathBuf::from(env::var(\"OUT_DIR\").expect(\"OUT_DIR\"));")
    raw("    let mut manifest: HashMap<&str, &str> = HashMap::new();")
    raw("    manifest.insert(\"sha256\", BUNDLE_SHA256);")
    raw("    manifest.insert(\"id\", BUILD_ID);")
    raw("    let _ = (BUNDLE_SHA256_UPPER, LEGACY_MD5, GIT_COMMIT, BUILD_ID_UPPER, MIN_RUSTC);")
    raw("    let _ = (TOOLCHAIN_BUILD, PROTO_VERSION, AGENT_TAG, BUILT_AT, EPOCH, OIDS);")
    raw("    let _ = (LISTEN_DEFAULTS, ASSET_HASHES, angle_table());")
    raw("    for pin in PINS {")
    raw("        println!(\"cargo:rerun-if-env-changed=PIN_{}\", pin.replace('@', \"_\"));")
    raw("    }")
    raw("    for asset in RETINA_ASSETS {")
    raw("        let data = read_all(&PathBuf::from(asset)).unwrap_or_default();")
    raw("        manifest.insert(asset, if data.is_empty() { \"missing\" } else { \"ok\" });")
    raw("    }")
    for _ in range(6):
        e("    // checked against {n_sha1} on {n_date} at {n_time}")
    e("    // layout: {n_cpp} -> {n_cpp} -> {n_cpp}")
    e("    // broadcast {n_ip_reserved}; bad examples {n_badip} and {n_badip}")
    e("    // card-like test pan {n_card16}; ISBN {n_isbn13}; MAC {n_mac}")
    e("    // release tarball price {n_price} (CAD)")
    raw("    let listing = format!(\"{:?}\", manifest);")
    raw("    fs::write(out.join(\"manifest.txt\"), listing).expect(\"write manifest\");")
    raw("    println!(\"cargo:rerun-if-changed=build.rs\");")
    raw("}")
    return fx


# ==========================================================================
# customers.csv
# ==========================================================================
def build_customers_csv():
    fx = Fixture("customers.csv", "fr")
    # A CSV export: the header names every column, so a bare ten-digit number
    # under `telephone`, nine Luhn-valid digits under `nas` and a compact postal
    # code under `code_postal` are personal data (piimap reads CSV by column).
    fx.column_context = True
    fx.raw("id,prenom,nom,courriel,telephone,code_postal,nas,ip_inscription,inscrit_le,solde")
    for i in range(130):
        row = ["%d" % (1000 + i), "{first}", "{last}"]
        row.append(fx.pick(["{email}", "{email}", "{email}", "\"{email}\"", ""]))
        row.append(fx.pick(["{phone_noext}", "\"{phone}\"", "{phone_intl}", "",
                            "{phone_bare}", "{phone_noext}"]))
        row.append(fx.pick(["{postal}", "{postal}", "\"{postal_lc}\"", "",
                            "{postal_compact}"]))
        row.append(fx.pick(["{sin}", "{sin}", "", "", "{n_sin08}", "{n_sin_badluhn}",
                            "{sin_bare}"]))
        row.append(fx.pick(["{ipv4}", "{ipv4}", "{ipv6}", "", "{n_ip_reserved}"]))
        row.append("{n_date}")
        row.append("\"{n_price_fr}\"")
        fx.emit(",".join(row))
    return fx


# ==========================================================================
# contacts.json
# ==========================================================================
def build_contacts_json():
    fx = Fixture("contacts.json", "en")
    e, raw = fx.emit, fx.raw
    raw("{")
    e('  "exported_at": "{n_ts}",')
    e('  "exporter": "crm-sync {n_ver3}",')
    e('  "schema": "urn:uuid:{n_uuid}",')
    raw('  "contacts": [')
    n = 26
    for i in range(n):
        raw("    {")
        e('      "uuid": "{n_uuid}",')
        e('      "display_name": "{name}",')
        e(fx.pick(['      "email": "{email}",', '      "emails": ["{email}", "{email}"],']))
        e(fx.pick(['      "phone": "{phone}",', '      "phone": "{phone_bare}",',
                   '      "phones": {"home": "{phone_noext}", "cell": "{phone_noext}"},',
                   '      "fax": "{phone_ext}",']))
        e(fx.pick(['      "postal_code": "{postal}",', '      "address": "{street}, {city_prov} {postal}",',
                   '      "zip": "{postal_compact}",']))
        e(fx.pick(['      "sin": "{sin}",', '      "ssn": "{sin_bare}",', '      "notes": "",']))
        e(fx.pick(['      "last_seen_ip": "{ipv4}",', '      "last_seen_ip": "{ipv6}",',
                   '      "ipv6": "{ipv6_short}",']))
        e(fx.pick(['      "avatar": "https://cdn.example.com/{n_imgat}"',
                   '      "etag": "{n_md5}"', '      "created": "{n_ts}"',
                   '      "loyalty_points": "{n_bignum_fr}"',
                   '      "device_mac": "{n_mac}"']))
        raw("    }," if i < n - 1 else "    }")
    raw("  ],")
    raw('  "lookalikes": {')
    e('    "oid": "{n_oid}",')
    e('    "version_string": "version {n_ver4}",')
    e('    "sample_sin": "{n_sin08}",')
    e('    "isbn": "{n_isbn13}",')
    e('    "loopback": "{n_ip_reserved}",')
    e('    "ipv6_loopback": "{n_ip6_reserved}",')
    e('    "multicast": "{n_ip_reserved}",')
    e('    "pkg": "{n_pkgat}",')
    e('    "localhost_user": "{n_localat}"')
    raw("  }")
    raw("}")
    return fx


# ==========================================================================
# notes_en.md
# ==========================================================================
def build_notes_en():
    fx = Fixture("notes_en.md", "en")
    e, raw = fx.emit, fx.raw
    raw("# Support escalations -- weekly notes")
    raw("")
    raw("Internal notes, synthetic data only. Do not copy into tickets.")
    raw("")
    for week in range(6):
        e("## Week of {n_date}")
        raw("")
        items = [
            "- {name} asked us to update their email to {email}.",
            "- Call back {name} at {phone} before noon.",
            "- {name}'s new mailing address: {street}, {city_prov} {postal}.",
            "- Verified SIN {sin} against the CRA letter (copy in the vault).",
            "- Login anomaly: 3 attempts from {ipv4}, then from {ipv6}.",
            "- Contact: [{name}](mailto:{email})",
            "- Phone: {phone_bare}",
            "- Customer gave social insurance number {sin_bare} over chat; remind agents not to ask.",
            "- Postal code on file ({postal_compact}) was missing its space.",
            "- WAN address of the kiosk is `{ipv4}`; its admin page listens on `127.0.0.1`.",
            "- Forwarded to {email}; cc {email}.",
            "- IPv6 of the kiosk: {ipv6_short}",
            "- Mobile {phone_intl} (prefers SMS).",
        ]
        negs = [
            "- Order {n_order9} refunded ({n_price}).",
            "- Rolled out version {n_ver4} to the kiosks; {n_ver4v} stays on the old ones.",
            "- Sample SIN {n_sin08} in the training deck is fine to keep.",
            "- Hash of the export: `{n_sha256}`",
            "- Ticket {n_uuid} closed at {n_time}.",
            "- Bad IPs in the allow list: {n_badip}, {n_badip}.",
            "- OID for the new cert profile: {n_oid}",
            "- Dependency bump: {n_pkgat} and {n_pkgat}.",
            "- Asset {n_imgat} is blurry on retina.",
            "- Invoice {n_order9} for {n_price} is overdue.",
            "- The kiosk's MAC is {n_mac}.",
            "- Build {n_ver4} failed on {n_cpp}.",
        ]
        for t in fx.r.sample(items, 8):
            e(t)
        for t in fx.r.sample(negs, 5):
            e(t)
        raw("")
        raw("| Customer | Email | Phone | Postal code |")
        raw("|---|---|---|---|")
        for _ in range(3):
            e("| {name} | {email} | {phone} | {postal} |")
        raw("")
        raw("```text")
        e("{n_ts} kiosk-{num} client_ip={ipv4} status=ok")
        e("{n_ts} kiosk-{num} client_ip={n_ip_reserved} status=probe")
        e("{n_ts} kiosk-{num} firmware build {n_ver4} sha1={n_sha1}")
        raw("```")
        raw("")
    return fx


# ==========================================================================
# notes_fr.md
# ==========================================================================
def build_notes_fr():
    fx = Fixture("notes_fr.md", "fr")
    e, raw = fx.emit, fx.raw
    raw("# Notes de suivi -- service à la clientèle")
    raw("")
    raw("Données fictives seulement. Ne pas recopier dans les dossiers.")
    raw("")
    for week in range(6):
        e("## Semaine du {n_date}")
        raw("")
        items = [
            "- {name} a changé son courriel pour {email}.",
            "- Rappeler {name} au {phone} avant midi.",
            "- Nouvelle adresse de {name} : {street}, {city} (Québec) {postal}.",
            "- NAS {sin} vérifié avec la lettre de l'ARC.",
            "- Connexions suspectes depuis l'adresse IP {ipv4}, puis {ipv6}.",
            "- Courriel : <{email}>",
            "- Téléphone : {phone_bare}",
            "- Numéro d'assurance sociale : {sin_bare} (transmis par clavardage, à effacer)",
            "- Code postal {postal_compact} saisi sans espace.",
            "- Adresse IP du kiosque : `{ipv4}`",
            "- Cellulaire : {phone_noext}, télécopieur : {phone_noext}",
            "- Adresse IPv6 du kiosque : {ipv6_short}",
            "- Écrire à {email} ou appeler le {phone_tollfree}.",
        ]
        negs = [
            "- Commande {n_order9} remboursée ({n_price_fr}).",
            "- Déploiement de la version {n_ver4} sur les kiosques.",
            "- Le NAS d'exemple {n_sin08} du guide de formation peut rester.",
            "- Empreinte de l'export : `{n_sha256}`",
            "- Dossier {n_uuid} fermé à {n_time}.",
            "- Adresses invalides dans la liste : {n_badip}, {n_badip}.",
            "- Facture {n_order9} de {n_price_fr} en retard.",
            "- {n_bignum_fr} clients servis cette année.",
            "- Fichier {n_imgat} flou sur écran Retina.",
            "- Le ISBN du guide est {n_isbn13}.",
            "- Le code {n_postal_invalid} n'est pas un code postal canadien.",
            "- Numéro de suivi {n_order9} chez le transporteur.",
        ]
        for t in fx.r.sample(items, 8):
            e(t)
        for t in fx.r.sample(negs, 5):
            e(t)
        raw("")
        raw("| Client | Courriel | Téléphone | Code postal |")
        raw("|---|---|---|---|")
        for _ in range(3):
            e("| {name} | {email} | {phone} | {postal} |")
        raw("")
    return fx


# ==========================================================================
# notes_latin1.txt (ISO-8859-1 bytes)
# ==========================================================================
def build_notes_latin1():
    fx = Fixture("notes_latin1.txt", "fr", encoding="latin-1")
    e, raw = fx.emit, fx.raw
    raw("NOTES DE DOSSIERS - exportées de l'ancien système (encodage ISO-8859-1)")
    raw("Données fictives. Ne contient aucune information réelle.")
    raw("")
    items = [
        "Client : {name} - téléphone : {phone}",
        "Client : {name} - téléphone : {phone_bare}",
        "Courriel : {email}",
        "Adresse : {street}, {city} (Québec)  {postal}",
        "Numéro d'assurance sociale : {sin}",
        "Numéro d'assurance sociale : {sin_bare}",
        "NAS : {sin}",
        "Code postal : {postal_compact}",
        "Adresse IP de connexion : {ipv4}",
        "Adresse IP (v6) de connexion : {ipv6}",
        "Cellulaire : {phone_noext} ; télécopieur : {phone_noext}",
        "Courriel secondaire : {email}",
        "Dernière connexion depuis {ipv4} à {n_time}",
        "Joindre au {phone} (poste du soir)",
    ]
    negs = [
        "Référence dossier : {n_uuid}",
        "Commande no {n_order9}, montant {n_price_fr}",
        "Version du logiciel : {n_ver4}",
        "Empreinte MD5 : {n_md5}",
        "Ouvert le {n_date} à {n_time}",
        "NAS d'exemple (ne pas utiliser) : {n_sin08}",
        "Numéro de suivi : {n_order9}",
        "Montant dû : {n_price_fr} (taxes incluses)",
        "Population desservie : {n_bignum_fr} personnes",
        "Code produit : {n_product}",
        "Identifiant de session : {n_phone_bare}",
        "Matricule d'employé : {n_sin_bare}",
    ]
    pos_d, neg_d = Deck(fx.r, items), Deck(fx.r, negs)
    for d in range(16):
        raw("-" * 60)
        e("Dossier {ticket} - créé le {n_date}")
        for _ in range(5):
            e(pos_d.next())
        for _ in range(2):
            e(neg_d.next())
        raw("Remarque : client très satisfait du délai de réponse; à rappeler en août.")
    raw("-" * 60)
    raw("Fin de l'export.")
    return fx


# ==========================================================================
# hard_negatives.txt
# ==========================================================================
HARD_NEG_SECTIONS = [
    ("UUIDs", 14, ["request_id={n_uuid}", "Trace-Id: {n_uuid}", "UUID {n_uuid_uc}",
                   "\"id\": \"{n_uuid}\",", "urn:uuid:{n_uuid}", "session {n_uuid} expired"]),
    ("Hex hashes (md5 / sha1 / sha256, both cases)", 24,
     ["md5  {n_md5}  setup.exe", "sha1: {n_sha1}", "SHA256 (release.tar.gz) = {n_sha256}",
      "commit {n_sha1}", "etag=\"{n_md5}\"", "checksum {n_sha256_uc}", "MD5={n_md5_uc}",
      "SHA1 {n_sha1_uc}", "{n_sha256}  dist/app.js"]),
    ("Timestamps, times and dates", 20,
     ["{n_ts} INFO worker started", "started at {n_time}, finished at {n_time}",
      "date: {n_date}", "[{n_clfts}] heartbeat", "due {n_date} {n_time}", "epoch {n_unix}",
      "timestamp={n_unix} tz=America/Toronto", "{n_tsz} scheduler tick"]),
    ("Prices", 14, ["Total: {n_price}", "Sous-total : {n_price_fr}", "Balance {n_price} CAD",
                    "Prix : {n_price_fr} (taxes incluses)", "paid {n_price} on {n_date}",
                    "{n_price_fr}"]),
    ("French-grouped numbers", 14, ["Population : {n_bignum_fr} habitants",
                                    "Budget de {n_bignum_fr} $",
                                    "{n_bignum_fr} visites en 2023", "{n_bignum_fr}"]),
    ("ISBNs", 12, ["ISBN {n_isbn13}", "ISBN-13: {n_isbn13}", "ISBN {n_isbn10}",
                   "Bibliographie : ISBN {n_isbn13}"]),
    ("OIDs", 10, ["oid {n_oid}", "OID: {n_oid}", "sysObjectID.0 = OID: {n_oid}",
                  "certificate policy {n_oid}", "{n_oid}"]),
    ("Version strings", 34,
     ["version {n_ver4}", "build {n_ver4}", "{n_ver4v}", "release {n_ver3}",
      "libfoo {n_ver5}", "Version: {n_ver4}", "firmware build {n_ver4} (stable)",
      "{n_ver3}-rc.1", "User-Agent: {n_ua}", "Package version {n_ver4} installed",
      "upgrade to {n_ver3}", "{n_ver5}", "app-{n_ver3}.tar.gz", "kernel {n_ver3}-generic"]),
    ("Order / tracking / confirmation numbers (9 digits, fail Luhn)", 24,
     ["Order #{n_order9}", "order {n_order9} shipped", "Tracking: {n_order9}",
      "Commande no {n_order9}", "Invoice {n_order9} due {n_date}", "Facture {n_order9}",
      "Confirmation {n_order9}", "ref {n_order9}", "{n_order9_bare}",
      "SIN {n_order9_bare} (fails checksum)", "NAS invalide : {n_order9_bare}",
      "social insurance number {n_order9_bare}? no, checksum fails"]),
    ("Card-like 16-digit numbers", 10, ["card {n_card16}", "Visa {n_card16} exp 12/27",
                                        "PAN={n_card16}", "card number {n_card16}",
                                        "{n_card16}"]),
    ("MAC addresses", 10, ["MAC {n_mac}", "ether {n_mac}", "hwaddr={n_mac}",
                           "link/ether {n_mac} brd ff:ff:ff:ff:ff:ff", "{n_mac}"]),
    ("Invalid IPv4", 14, ["{n_badip}", "invalid address {n_badip}", "ping {n_badip}",
                          "upstream {n_badip} rejected", "10.0.0.256", "999.1.1.1"]),
    ("Loopback / unspecified / broadcast / multicast IPv4", 20,
     ["listen {n_ip_reserved}:8080", "bind {n_ip_reserved}", "ping {n_ip_reserved}",
      "mdns group {n_ip_reserved}", "broadcast 255.255.255.255", "client_ip=127.0.0.1",
      "0.0.0.0", "224.0.0.1", "SSDP 239.255.255.250:1900", "{n_ip_reserved}"]),
    ("Loopback / unspecified / multicast IPv6 and two-group forms without context", 14,
     ["listen [::]:443", "[{n_ip6_reserved}]:8080", "ping6 ::1", "mcast ff02::1",
      "route via {n_ipv6_short} dev eth0", "gateway {n_ipv6_short}", "::1", "::",
      "ff02::1", "client_ip=::1"]),
    ("@ that is not an email", 20,
     ["{n_imgat}", "<img src=\"/img/{n_imgat}\" srcset=\"/img/{n_imgat} 2x\">",
      "npm install {n_pkgat}", "\"{n_pkgat}\"", "ssh {n_localat}", "From {n_localat}",
      "logo@2x.png", "icon@3x.jpg", "pkg@1.2.3", "user@localhost"]),
    ("C++ / Rust paths", 12, ["use {n_cpp};", "impl {n_cpp} for Foo", "{n_cpp}",
                              "std::io::Read", "std::vec::Vec",
                              "error[E0277]: the trait {n_cpp} is not implemented"]),
    ("Product codes (not postal-shaped)", 12, ["SKU {n_product}", "part no. {n_product}",
                                               "model {n_product}", "{n_product}",
                                               "code produit : {n_product}"]),
    ("SIN-shaped but not reportable at medium", 18,
     ["SIN {n_sin08} (sample from the government guide)", "NAS {n_sin08}", "{n_sin08}",
      "046 454 286", "{n_sin_badluhn}", "SIN {n_sin_badluhn} (fails checksum)",
      "employee badge {n_sin_bare}", "member {n_sin_bare}", "numéro d'employé {n_sin_bare}"]),
    ("Phone-shaped but not reportable", 22,
     ["{n_phone_invalid}", "phone {n_phone_invalid}", "tél. : {n_phone_invalid}",
      "session {n_phone_bare}", "batch={n_phone_bare}", "dial {n_phone7} from the lobby",
      "{n_phone_bare}", "epoch {n_unix}", "(123) 456-7890", "411-555-0123"]),
    ("Postal-shaped but not reportable", 16,
     ["{n_postal_invalid}", "coupon {n_postal_compact}", "batch {n_postal_compact}",
      "W1A 1AA", "H2O 3V9", "D2K 3V9", "Z2K 3V9", "{n_postal_compact}",
      "code {n_postal_invalid}"]),
    ("Mixed lines", 20,
     ["{n_ts} {n_uuid} {n_sha1} {n_ver3}", "{n_date},{n_price},{n_order9},{n_product}",
      '{"id":"{n_uuid}","sha":"{n_sha1}","at":"{n_ts}"}', "{n_time} {n_mac} {n_ip_reserved}",
      "{n_imgat} {n_pkgat} {n_localat}", "{n_isbn13} / {n_oid} / {n_ver5}",
      "{n_card16};{n_sin08};{n_bignum_fr}", "{n_cpp} {n_badip} {n_ip6_reserved}"]),
]


def build_hard_negatives():
    fx = Fixture("hard_negatives.txt", "en")
    fx.raw("# piimap core corpus -- hard negatives.")
    fx.raw("# Nothing in this file should be reported at the default (medium) threshold.")
    for title, count, templates in HARD_NEG_SECTIONS:
        fx.raw("")
        fx.raw("## " + title)
        for i in range(count):
            t = templates[i % len(templates)]
            if FIELD_RE.search(t):
                fx.emit(t)
            else:
                fx.lit(t)
    return fx


BUILDERS = [build_chat_en, build_chat_fr, build_access_log, build_app_log, build_app_conf,
            build_config_yaml, build_seed_users, build_fixtures_js, build_build_rs,
            build_customers_csv, build_contacts_json, build_notes_en, build_notes_fr,
            build_notes_latin1, build_hard_negatives]

README_HEAD = """\
# Core scanner corpus

Labelled fixtures for piimap's core text scanner (email, phone, postal code,
SIN/NAS and IP address detection).  Everything here is generated by
`make_fixtures.py`; do not edit the files by hand.

All data is synthetic: fictional names, example domains (`example.com`,
`exemple.qc.ca`, ...), documentation and private IP ranges (192.0.2.0/24,
198.51.100.0/24, 203.0.113.0/24, 10/8, 172.16/12, 192.168/16, 100.64/10,
198.18/15, 2001:db8::/32, fe80::/10, fd00::/8), Quebec area codes with random
exchanges, and random Luhn-valid nine-digit SINs.

## Regenerating

    python3 corpora/core/make_fixtures.py

Python 3.11, standard library only.  The generator uses fixed seeds (one
`random.Random` per file, seeded from the file name), so two runs produce
byte-identical files.  It writes next to itself, whatever the current directory.

## Files

| File | Lines | Expected findings | Hard-negative lines | Notes |
|---|---:|---:|---:|---|
"""

FILE_NOTES = {
    "access.log": "nginx combined lines (IPv4/IPv6 clients, user agents) and app lines with `client_ip=`",
    "app.conf": "INI config: listen addresses, contact emails/phones, OIDs, versions",
    "app.log": "JSON-lines application log",
    "build.rs": "Rust build script: hashes, UUIDs, `pkg@1.2.3`, `logo@2x.png`, `std::vec::Vec`; no PII",
    "chat_en.log": "English support chat transcripts",
    "chat_fr.log": "Quebec French support chat transcripts (UTF-8)",
    "config.yaml": "YAML config with French keys",
    "contacts.json": "pretty-printed JSON CRM export",
    "customers.csv": "CSV export, French headers; bare values whose column names them",
    "fixtures.js": "JavaScript test fixtures with PII in string literals",
    "hard_negatives.txt": "only lookalikes; nothing should be reported",
    "notes_en.md": "English Markdown notes with tables and code blocks",
    "notes_fr.md": "French Markdown notes",
    "notes_latin1.txt": "French notes encoded in **ISO-8859-1**, not UTF-8",
    "seed_users.py": "Python seed data with PII in string literals",
}

README_RULES = """\

`expected.tsv` is the ground truth: header `path\\tline\\tcategory`, one row per
expected finding (path relative to this directory, 1-based line number,
category), sorted by path, line, category.  A line holding two findings of the
same category has two rows.  Labels come from what the generator planted and
the line it wrote it to, never from matching the output.

## Labelling rules

The rows are exactly what `piimap` should report at its default threshold
(`medium`).

**Context keyword**: one of the words below, case-insensitive, as a whole word
(letters and digits may not touch it; `_` and `-` are separators), on the same
line, at most 48 bytes before the value's first byte or at most 24 bytes after
its last byte.

| Category | Keywords |
|---|---|
| phone | phone, telephone, téléphone, tél, tel, cell, cellulaire, mobile, cellphone, fax, télécopieur, call, appeler, appelez, rejoindre, contact, sms, texto, numéro, number, ph |
| sin | sin, nas, social insurance, insurance number, assurance sociale, numéro d'assurance sociale, ssn |
| postal_code | postal, postal code, code postal, zip, cp |
| email | email, e-mail, courriel, mail, adresse électronique |
| ip_address | ip, ip address, adresse ip, client_ip, remote_addr, src_ip, ipv4, ipv6, x-forwarded-for, host, addr |

Negative keywords (order, commande, invoice, facture, tracking, suivi, isbn,
version, build, ref, référence, confirmation) lower the confidence one level.
The generator keeps every positive away from all of them (and from the extra
negative words of `rules/*.toml`: id, v, release, oid, sku, part, model,
modèle, account, compte, transaction), so no label depends on that arithmetic.
Values that need a keyword get one a few bytes away; values that must not have
one have none within a much wider window than 48/24 bytes.

Positives:

- **email**: `local@domain.tld`, TLD of 2-63 ASCII letters, local part of at
  most 64 characters of `[A-Za-z0-9._%+-]` not starting or ending with a dot;
  also inside `mailto:`, `<...>`, quotes.  Never: `logo@2x.png`, `icon@3x.jpg`,
  `pkg@1.2.3`, `user@localhost`.
- **phone**: `(418) 549-6754`, `418-549-6754`, `418.549.6754`, `418 549 6754`,
  `514 555-0123`, `+1 418 549 6754`, `+14185496754`, `1-855-752-6476`, with an
  optional extension (`ext. 12`, `x12`, `poste 12`) that belongs to the same
  finding.  Area code and exchange start with 2-9 and are not N11.  A bare
  ten-digit run is a positive only with a phone keyword.
- **postal_code**: `H2K 3V9` (one space), upper or lower case, anywhere; the
  compact `H2K3V9` only with a postal keyword.  D F I O Q U never appear, W and
  Z never first.
- **sin**: `123 456 782` / `123-456-782`, Luhn-valid, first digit 1-7 or 9;
  bare nine digits only with a SIN keyword.  SINs starting with 0 or 8 (such
  as the well-known sample `046 454 286`) are low confidence: not labelled.
  Luhn-invalid numbers never.
- **ip_address**: IPv4 dotted quads (no leading zeros, not part of a longer
  dotted run, not glued to letters/digits), except 0.x.x.x, 127.x.x.x and first
  octet 224-255, and except four-part numbers with `version`/`build` nearby.
  IPv6 with at least three written groups (full, `::`-compressed, IPv4-mapped
  `::ffff:192.0.2.128` = one finding, zone id `%eth0`); `::1`, `::`,
  `ff02::1` never; two-group forms like `fe80::1` only with an IP keyword.

Hard negatives (never labelled) include UUIDs, md5/sha1/sha256 hashes in both
cases, ISO timestamps and times, dates, prices (`$1,234.56`, `1 234,56 $`),
French-grouped numbers (`1 234 567 890`, chosen so that no three groups form
a Luhn-valid SIN), ISBNs, OIDs, 3- and 5-part versions, 4-part versions after
`version`/`build` or glued to `v`, nine-digit order/tracking numbers that fail
Luhn, 16-digit card-like numbers, MAC addresses, invalid IPv4 (`10.0.0.256`,
`999.1.1.1`, leading zeros), `logo@2x.png`, `pkg@1.2.3`, `user@localhost`,
`std::io::Read`, reserved IPv4/IPv6, invalid NANP numbers, 7-digit local
numbers, postal-shaped strings with forbidden letters, compact postal codes
and bare ten/nine-digit numbers without a keyword, and product codes.

Decisions the rules above do not settle on their own:

- Private (RFC 1918), CGNAT (100.64/10), benchmarking (198.18/15) and
  documentation ranges are labelled IPv4 positives; only the exclusions listed
  above are not.  No network or broadcast-looking last octets (`.0`, `.255`)
  are planted.
- IPv4 followed by a port (`192.0.2.10:8443`) and IPv6 in brackets with a port
  (`[2001:db8::1]:8443`) are positives.
- An IPv4-mapped IPv6 address counts as three or more written groups.
- Bare ten-digit numbers in CSV rows (no keyword on the line; the column
  header is on line 1) are not labelled, per the same-line rule.
- Four-part OIDs with all arcs below 256 (such as `2.5.29.17`) would be valid
  IPv4 addresses, and Chrome's reduced user agent `Chrome/120.0.0.0` likewise;
  neither is planted.
- "Hard-negative lines" counts every line holding at least one planted
  lookalike, including the timestamp and user agent of each access.log line;
  the chat-line clock prefixes (`[12:30:45]`) are not counted.

## Counts

"""


def main():
    fixtures = [b() for b in BUILDERS]
    names = [fx.name for fx in fixtures]
    assert len(set(names)) == len(names)
    rows = []
    for fx in fixtures:
        with open(os.path.join(HERE, fx.name), "wb") as f:
            f.write(fx.data())
        for line, cat in fx.labels:
            assert cat in CATEGORIES
            rows.append((fx.name, line, cat))
    rows.sort()
    with open(os.path.join(HERE, "expected.tsv"), "wb") as f:
        f.write(("path\tline\tcategory\n" + "".join("%s\t%d\t%s\n" % r for r in rows))
                .encode("utf-8"))

    per_cat = {c: 0 for c in CATEGORIES}
    for _, _, c in rows:
        per_cat[c] += 1
    readme = [README_HEAD]
    for fx in sorted(fixtures, key=lambda x: x.name):
        readme.append("| `%s` | %d | %d | %d | %s |\n" % (fx.name, len(fx.lines), len(fx.labels),
                                                       fx.neg_lines, FILE_NOTES[fx.name]))
    readme.append(README_RULES)
    readme.append("| Category | Expected findings |\n|---|---:|\n")
    for c in CATEGORIES:
        readme.append("| %s | %d |\n" % (c, per_cat[c]))
    readme.append("| **total** | %d |\n" % len(rows))
    readme.append("\nHard-negative lines (lines with at least one planted lookalike): %d\n"
                  % sum(fx.neg_lines for fx in fixtures))
    with open(os.path.join(HERE, "README.md"), "wb") as f:
        f.write("".join(readme).encode("utf-8"))

    for c in CATEGORIES:
        print("%-12s %4d" % (c, per_cat[c]))
    print("%-12s %4d" % ("total", len(rows)))
    print("hard-negative lines: %d" % sum(fx.neg_lines for fx in fixtures))


if __name__ == "__main__":
    main()
