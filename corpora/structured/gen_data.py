#!/usr/bin/env python3
"""Synthetic data model and file writers for piimap's structured-source fixtures.

Everything is derived from fixed seeds, so the same call always produces the
same rows.  Ground-truth labels are recorded at the moment a value is planted,
never recovered by pattern matching.

Sub-commands (run by make_fixtures.sh; paths are relative to this directory):

    pg-load OUT       PostgreSQL script (DDL + INSERTs) that loads the tables
    mysql-load OUT    MariaDB/MySQL script that loads the same tables
    files             csv/, json/, sqlite/, compressed/ (not parquet/, see make_parquet.py)
    truncate          pg/export_truncated.sql from pg/export.sql
    check             parse the produced dumps and check row order and cell values
    expected          expected.tsv
    counts            per-file, per-table row counts (Markdown, for the README)
    partial           what an ideal reader could recover from the damaged files (TSV on stdout)

Python 3.11, standard library only (the parquet writer needs pyarrow).
"""

import csv
import gzip
import io
import json
import os
import random
import re
import shutil
import sqlite3
import subprocess
import sys
from datetime import datetime, timedelta, timezone

HERE = os.path.dirname(os.path.abspath(__file__))

# --------------------------------------------------------------------------
# Value generators
# --------------------------------------------------------------------------

# Letters allowed in Canadian postal codes: never D F I O Q U; W and Z never first.
POSTAL_FIRST = "ABCEGHJKLMNPRSTVXY"
POSTAL_OTHER = "ABCEGHJKLMNPRSTVWXYZ"

AREA_CODES = ["418", "581", "367", "450", "579", "514", "438", "819", "873", "613",
              "343", "416", "647", "437", "905", "289", "604", "778", "403", "587",
              "780", "902", "506", "709", "306", "204", "705"]

# Documentation ranges only (RFC 5737, RFC 3849): no private/loopback ambiguity.
IPV4_NETS = ["192.0.2", "198.51.100", "203.0.113"]

FIRST = ["Hélène", "Zoé", "Jérôme", "François", "Élise", "Gaëlle", "Noémie", "Maël",
         "Béatrice", "Loïc", "Ève", "Chloé", "Mathieu", "Olivier", "Sophie", "Liam",
         "Emma", "Raphaël", "Anaïs", "Cédric", "Marguerite", "Étienne", "Josée",
         "Benoît", "Amélie", "Rémi", "Noah", "Florence", "Léa", "Thomas"]
LAST = ["Côté", "Gagnon", "Bouchard", "Lévesque-Bélanger", "O'Brien", "D'Amours",
        "Thériault", "Pelletier", "Beaulieu", "Fournier", "Ouellet", "MacLeod",
        "Desjardins", "Lachance", "St-Onge", "Bérubé", "Nadeau", "Paquette",
        "Sirois", "Vézina", "Gingras", "Lemieux", "Drouin", "Poirier"]
CITIES = [("Québec", "QC"), ("Montréal", "QC"), ("Gatineau", "QC"), ("Sherbrooke", "QC"),
          ("Trois-Rivières", "QC"), ("Rimouski", "QC"), ("Ottawa", "ON"), ("Toronto", "ON"),
          ("Moncton", "NB"), ("Halifax", "NS"), ("Vancouver", "BC"), ("Calgary", "AB")]
DOMAINS = ["exemple.qc.ca", "example.com", "example.org", "exemple.ca", "courriel.exemple.ca",
           "example.net"]
STREETS = ["rue Saint-Jean", "boulevard René-Lévesque", "avenue des Érables", "chemin du Lac",
           "rue Principale", "rang Saint-Joseph", "avenue Cartier"]

USER_AGENTS = [
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/120.0.6099.130 Safari/537.36",
    "Mozilla/5.0 (X11; Linux x86_64; rv:121.0) Gecko/20100101 Firefox/121.0",
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) "
    "Version/17.2 Safari/605.1.15",
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_1 like Mac OS X) AppleWebKit/605.1.15 Mobile/15E148",
    "curl/8.4.0",
    "python-requests/2.31.0",
    'DonsApp/2.3 (Android 14; "bêta")',
    "Outil\\Import v3 (C:\\Program Files\\Dons)",
    "Mozilla/5.0 (compatible; FondationBot/1.2; +https://www.example.org/bot)",
]


def luhn_complete(digits8):
    """Append the Luhn check digit to an 8-digit string."""
    total = 0
    for i, ch in enumerate(reversed(digits8)):
        d = int(ch)
        if i % 2 == 0:  # these positions are doubled once the check digit is appended
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return digits8 + str((10 - total % 10) % 10)


def luhn_ok(s):
    digits = [int(c) for c in s]
    total = 0
    for i, d in enumerate(reversed(digits)):
        if i % 2 == 1:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return total % 10 == 0


class Gen:
    """Random values of each category, all valid and all synthetic."""

    def __init__(self, seed):
        self.r = random.Random(seed)

    def sin(self):
        first = self.r.choice("12345679")  # never 0 or 8
        return luhn_complete(first + "".join(self.r.choice("0123456789") for _ in range(7)))

    def order_id(self):
        # Luhn-valid nine-digit numbers that look exactly like SINs: negatives by column.
        return self.sin()

    def phone_digits(self):
        area = self.r.choice(AREA_CODES)
        while True:
            exch = str(self.r.randint(2, 9)) + "%02d" % self.r.randint(0, 99)
            if exch[1:] != "11":
                break
        if self.r.random() < 0.2:
            exch, line = "555", "01%02d" % self.r.randint(0, 99)
        else:
            line = "%04d" % self.r.randint(0, 9999)
        return area + exch + line

    def fmt_phone(self, d, style=None):
        a, e, l = d[:3], d[3:6], d[6:]
        styles = ["({a}) {e}-{l}", "{a}-{e}-{l}", "{a}.{e}.{l}", "+1 {a} {e} {l}",
                  "1-{a}-{e}-{l}", "{a} {e}-{l}", "+1{a}{e}{l}"]
        s = styles[style] if style is not None else self.r.choice(styles)
        return s.format(a=a, e=e, l=l)

    def phone(self):
        return self.fmt_phone(self.phone_digits(), self.r.randint(0, 5))

    def postal(self, compact=False):
        r = self.r
        s = (r.choice(POSTAL_FIRST) + str(r.randint(0, 9)) + r.choice(POSTAL_OTHER) + " " +
             str(r.randint(0, 9)) + r.choice(POSTAL_OTHER) + str(r.randint(0, 9)))
        return s.replace(" ", "") if compact else s

    def ipv4(self):
        return "%s.%d" % (self.r.choice(IPV4_NETS), self.r.randint(1, 254))

    def ipv6(self):
        r = self.r
        h = lambda: "%x" % r.randint(1, 0xFFFF)
        k = r.randint(0, 3)
        if k == 0:
            return "2001:db8:%s::%s:%s" % (h(), h(), h())
        if k == 1:  # full, zero-padded form
            return "2001:0db8:" + ":".join("%04x" % r.randint(0, 0xFFFF) for _ in range(6))
        if k == 2:
            return "::ffff:%s" % self.ipv4()
        return "2001:db8::%s:%s" % (h(), h())

    def email(self, first, last):
        def ascii_slug(s):
            tbl = str.maketrans("éèêëàâäîïôöûüùçÉÈÊËÀÂÎÏÔÖÛÜÇ", "eeeeaaaiioouuucEEEEAAIIOOUUC")
            return re.sub(r"[^a-z0-9]+", "", s.translate(tbl).lower())
        f, l = ascii_slug(first), ascii_slug(last)
        r = self.r
        local = r.choice(["{f}.{l}", "{f}{l}", "{f0}{l}", "{f}.{l}{n}", "{f}_{l}", "{f}+dons"]).format(
            f=f, l=l, f0=f[0], n=r.randint(1, 99))
        e = "%s@%s" % (local, r.choice(DOMAINS))
        return e.upper() if r.random() < 0.05 else e

    def name(self):
        return self.r.choice(FIRST), self.r.choice(LAST)

    def ts(self, start=datetime(2018, 1, 1, tzinfo=timezone.utc), span_days=2000):
        return start + timedelta(seconds=self.r.randint(0, span_days * 86400))


# --------------------------------------------------------------------------
# The organization export: four relational tables
# --------------------------------------------------------------------------

class Table:
    def __init__(self, name, columns):
        self.name = name
        self.columns = columns  # list of column names
        self.rows = []          # list of dicts column -> python value (None = NULL)
        self.labels = []        # per row: list of (field, category)

    def add(self, row, labels):
        self.rows.append(row)
        self.labels.append(labels)


def build_tables():
    g = Gen("piimap-structured-v1")
    r = g.r

    # ---------------- users
    users = Table("users", ["id", "nom", "courriel", "telephone", "code_postal", "ville", "created_at"])
    people = []  # kept for the other tables and the nested formats
    for i in range(1, 57):
        first, last = g.name()
        nom = "%s %s" % (first, last)
        if i == 7:
            nom = 'Marie "Mimi" Lavoie'
        elif i == 19:
            nom = "Jean-François O'Neil"
        elif i == 33:
            nom = "Zoé\tTab-Séparée"  # a tab inside a value
        city, prov = r.choice(CITIES)
        email = g.email(first, last)
        pdig = g.phone_digits()
        style = r.randint(0, 7)
        tel = pdig if style == 7 else g.fmt_phone(pdig, style)  # style 7: bare ten digits
        if i % 11 == 5:
            tel += " poste " + str(r.randint(10, 999))
        postal = g.postal(compact=(i % 13 == 4))
        if i % 17 == 9:
            postal = postal.lower()
        row = {"id": i, "nom": nom, "courriel": email, "telephone": tel,
               "code_postal": postal, "ville": city,
               "created_at": g.ts().replace(microsecond=0)}
        # NULLs and rows with no PII at all
        if i % 9 == 0:
            row["courriel"] = None
        if i % 7 == 3:
            row["telephone"] = None
        if i % 10 == 6:
            row["code_postal"] = None
        if i in (12, 40, 51):
            row["courriel"] = row["telephone"] = row["code_postal"] = None
        labels = []
        for col, cat in (("courriel", "email"), ("telephone", "phone"), ("code_postal", "postal_code")):
            if row[col] is not None:
                labels.append((col, cat))
        users.add(row, labels)
        people.append({"id": i, "first": first, "last": last, "nom": nom, "city": city,
                       "prov": prov, "email": row["courriel"], "phone_digits": pdig,
                       "tel": row["telephone"], "postal": row["code_postal"]})

    # ---------------- donations (no personal data; order_id is a Luhn-valid decoy)
    donations = Table("donations", ["id", "user_id", "amount", "card_last4", "order_id", "created_at"])
    for i in range(1, 49):
        row = {"id": i, "user_id": r.randint(1, 56) if i % 6 else None,
               "amount": "%d.%02d" % (r.choice([5, 10, 20, 25, 50, 100, 250, 1000]), r.choice([0, 0, 0, 50, 99])),
               "card_last4": "%04d" % r.randint(0, 9999) if i % 8 else None,
               "order_id": int(g.order_id()),
               "created_at": g.ts().replace(microsecond=0)}
        assert luhn_ok(str(row["order_id"]))
        donations.add(row, [])

    # ---------------- legacy_import (SIN column, bigint phone, free-text notes)
    legacy = Table("legacy_import", ["id", "full_name", "nas", "phone", "notes"])

    def note(kind, p):
        """A free-text note; returns (text, [categories in order of appearance])."""
        first, last = p["first"], p["last"]
        if kind == 0:
            return "Rappeler au %s après 17 h." % g.phone(), ["phone"]
        if kind == 1:
            return "Nouveau courriel : %s" % g.email(first, last), ["email"]
        if kind == 2:
            s = g.sin()
            return "NAS vérifié : %s %s %s\tdossier papier" % (s[:3], s[3:6], s[6:]), ["sin"]
        if kind == 3:
            return "Déménagé ; nouveau code postal %s." % g.postal(), ["postal_code"]
        if kind == 4:
            return "Tél. %s / courriel %s" % (g.phone(), g.email(first, last)), ["phone", "email"]
        if kind == 5:
            return "Connexion depuis %s le 2019-03-04" % g.ipv4(), ["ip_address"]
        if kind == 6:
            return "Import depuis C:\\Dons\\2019\\liste.xlsx, aucune donnée perso", []
        if kind == 7:
            return "Ligne 1\nLigne 2 : appeler %s\nLigne 3" % g.phone(), ["phone"]
        if kind == 8:
            return ('Client dit "ne plus appeler" ; ancien numéro %s, nouveau %s'
                    % (g.phone(), g.phone()), ["phone", "phone"])
        if kind == 9:
            return "Don anonyme de 125,00 $ reçu le 2017-12-24.", []
        if kind == 10:
            return "Adresses courriel : %s et %s" % (g.email(first, last), g.email(first, last)), ["email", "email"]
        if kind == 11:
            s = g.sin()
            return "SIN on file: %s-%s-%s" % (s[:3], s[3:6], s[6:]), ["sin"]
        if kind == 12:
            return ("Contact: %s; postal code %s; IP %s"
                    % (g.email(first, last), g.postal(), g.ipv6()), ["email", "postal_code", "ip_address"])
        if kind == 13:
            return "Windows paste\r\nrappel: %s\r\n" % g.phone(), ["phone"]
        if kind == 14:
            return "Aucune remarque \\ voir l'onglet « Dons »", []
        return None, []

    for i in range(1, 45):
        p = people[(i * 5) % len(people)]
        nas = g.sin() if i % 5 != 2 else None
        phone = int(g.phone_digits()) if i % 6 != 1 else None
        text, cats = note(i % 16, p)  # kinds 15 -> NULL note
        row = {"id": i, "full_name": "%s %s" % (p["last"].upper(), p["first"]), "nas": nas,
               "phone": phone, "notes": text}
        if i in (14, 29):
            row["nas"], row["phone"] = None, None
            text, cats = note(9, p)
            row["notes"] = text
        labels = []
        if row["nas"] is not None:
            labels.append(("nas", "sin"))
        if row["phone"] is not None:
            labels.append(("phone", "phone"))
        labels += [("notes", c) for c in cats]
        legacy.add(row, labels)

    # ---------------- sessions (inet client_ip, text ipv6, user agent)
    sessions = Table("sessions", ["id", "user_id", "client_ip", "ipv6", "user_agent", "started_at"])
    for i in range(1, 61):
        row = {"id": i, "user_id": r.randint(1, 56) if i % 10 else None,
               "client_ip": g.ipv4() if i % 8 != 3 else None,
               "ipv6": g.ipv6() if i % 3 == 0 else None,
               "user_agent": r.choice(USER_AGENTS) if i % 12 else None,
               "started_at": g.ts().replace(microsecond=0)}
        labels = []
        if row["client_ip"] is not None:
            labels.append(("client_ip", "ip_address"))
        if row["ipv6"] is not None:
            labels.append(("ipv6", "ip_address"))
        sessions.add(row, labels)

    return {"users": users, "donations": donations, "legacy_import": legacy,
            "sessions": sessions}, people, g


# --------------------------------------------------------------------------
# Nested records: users.json, events.ndjson and the Parquet users table
# --------------------------------------------------------------------------

def build_nested(people):
    """Richer per-user records shared by users.json and the Parquet files.

    Returns a list of (record, labels) with labels as (dotted field path, category);
    list levels are written [] in the path.
    """
    g = Gen("piimap-structured-nested-v1")
    r = g.r
    out = []
    for p in people:
        rec = {"id": p["id"], "nom": p["nom"]}
        labels = []
        # contact: email + list of phones (formatted strings)
        email = p["email"] if p["id"] % 4 else g.email(p["first"], p["last"])
        if p["id"] % 15 == 7:
            contact = None
        else:
            phones = [g.fmt_phone(p["phone_digits"], p["id"] % 6)]
            for _ in range(r.choice([0, 0, 1, 2])):
                phones.append(g.phone())
            if p["id"] % 10 == 4:
                phones = []
            if p["id"] % 12 == 1:
                email = None
            contact = {"email": email, "phones": phones}
            if email is not None:
                labels.append(("contact.email", "email"))
            labels += [("contact.phones[]", "phone")] * len(phones)
        rec["contact"] = contact
        # addresses: 0..3, each with a postal code (some null)
        addrs = []
        for k in range(r.choice([0, 1, 1, 1, 2, 3])):
            city, prov = r.choice(CITIES)
            pc = g.postal() if r.random() > 0.12 else None
            addrs.append({"type": ["domicile", "travail", "chalet"][k],
                          "rue": "%d %s" % (r.randint(1, 9999), r.choice(STREETS)),
                          "city": city, "province": prov, "postal_code": pc})
            if pc is not None:
                labels.append(("addresses[].postal_code", "postal_code"))
        rec["addresses"] = addrs
        # SIN: integer-valued in Parquet, string in JSON
        rec["nas"] = g.sin() if p["id"] % 3 == 0 else None
        if rec["nas"] is not None:
            labels.append(("nas", "sin"))
        rec["telephone"] = int(g.phone_digits()) if p["id"] % 5 != 2 else None
        if rec["telephone"] is not None:
            labels.append(("telephone", "phone"))
        rec["last_login_ip"] = g.ipv4() if p["id"] % 4 != 1 else (g.ipv6() if p["id"] % 8 == 1 else None)
        if rec["last_login_ip"] is not None:
            labels.append(("last_login_ip", "ip_address"))
        rec["ville"] = p["city"]
        rec["code_postal"] = g.postal() if p["id"] % 9 != 8 else None
        if rec["code_postal"] is not None:
            labels.append(("code_postal", "postal_code"))
        # attributes: a map with non-personal keys; some values are personal
        attrs = {"langue": r.choice(["fr", "en"]), "source": r.choice(["web", "kiosque", "téléphone"])}
        alabels = []
        if p["id"] % 4 == 2:
            attrs["courriel_secondaire"] = g.email(p["first"], p["last"])
            alabels.append(("attributes.courriel_secondaire", "email"))
        if p["id"] % 6 == 5:
            attrs["ip_inscription"] = g.ipv4()
            alabels.append(("attributes.ip_inscription", "ip_address"))
        rec["attributes"] = attrs if p["id"] % 14 != 13 else None
        if rec["attributes"] is not None:
            # JSON object keys are part of the path; Parquet's map is named attributes[].value
            labels += alabels
        # free text
        ck = p["id"] % 7
        if ck == 0:
            rec["commentaire"] = "Préfère être rejoint au %s" % g.phone()
            labels.append(("commentaire", "phone"))
        elif ck == 3:
            rec["commentaire"] = 'Écrit "urgent" à %s\nsuivi fait' % g.email(p["first"], p["last"])
            labels.append(("commentaire", "email"))
        elif ck == 5:
            rec["commentaire"] = "Bénévole depuis 2015\\2016, aucun suivi"
        else:
            rec["commentaire"] = None
        rec["created_at"] = g.ts().replace(microsecond=0)
        out.append((rec, labels))
    return out


def parquet_labels(rec, labels):
    """Labels of a nested record as stored in Parquet.

    contact.phone holds only the first phone of the JSON list, and the attributes
    object is a Parquet MAP (repeated key_value group): its values are attributes[].value.
    """
    out = [("attributes[].value", c) if f.startswith("attributes.") else (f, c)
           for f, c in labels if f != "contact.phones[]"]
    if rec["contact"] is not None and rec["contact"]["phones"]:
        out.append(("contact.phone", "phone"))
    return out


def build_events(people, n=60, seed="piimap-structured-events-v1"):
    g = Gen(seed)
    r = g.r
    out = []
    t = datetime(2024, 3, 1, 8, 0, 0, tzinfo=timezone.utc)
    for i in range(n):
        t = t + timedelta(seconds=r.randint(5, 4000))
        ts = t.strftime("%Y-%m-%dT%H:%M:%SZ")
        p = r.choice(people)
        k = i % 9
        labels = []
        if k == 0:
            ev = {"ts": ts, "type": "login", "user": {"id": p["id"], "email": g.email(p["first"], p["last"])},
                  "request": {"ip": g.ipv4(), "ua": r.choice(USER_AGENTS)}}
            labels = [("user.email", "email"), ("request.ip", "ip_address")]
        elif k == 1:
            ev = {"ts": ts, "type": "profile_update", "user": {"id": p["id"], "email": None},
                  "changes": {"telephone": {"old": g.phone(), "new": g.phone()},
                              "address": {"postal_code": g.postal(), "city": p["city"]}}}
            labels = [("changes.telephone.old", "phone"), ("changes.telephone.new", "phone"),
                      ("changes.address.postal_code", "postal_code")]
        elif k == 2:
            rcpts = [g.email(*g.name()) for _ in range(r.randint(2, 4))]
            ev = {"ts": ts, "type": "newsletter_send", "campaign": "printemps-2024", "recipients": rcpts}
            labels = [("recipients[]", "email")] * len(rcpts)
        elif k == 3:
            ev = {"ts": ts, "type": "donation", "user": {"id": p["id"]}, "amount": r.choice([10, 25.5, 100]),
                  "order_id": int(g.order_id()), "currency": "CAD"}
        elif k == 4:
            ev = {"ts": ts, "type": "heartbeat", "service": "web-01", "latency_ms": r.randint(3, 90),
                  "tags": ["prod", "ca-east"]}
        elif k == 5:
            ev = {"ts": ts, "type": "support_ticket", "user": {"id": p["id"]},
                  "message": "Bonjour,\nrappelez-moi au %s svp. Merci « beaucoup »" % g.phone()}
            labels = [("message", "phone")]
        elif k == 6:
            a, b = g.ipv4(), g.ipv4()
            ev = {"ts": ts, "type": "login_failed",
                  "request": {"ip": g.ipv6(), "headers": {"x-forwarded-for": "%s, %s" % (a, b)}}}
            labels = [("request.ip", "ip_address"), ("request.headers.x-forwarded-for", "ip_address"),
                      ("request.headers.x-forwarded-for", "ip_address")]
        elif k == 7:
            s = g.sin()
            ev = {"ts": ts, "type": "identity_check", "user": {"id": p["id"]},
                  "kyc": {"nas": "%s %s %s" % (s[:3], s[3:6], s[6:]), "verified": r.random() < 0.5}}
            labels = [("kyc.nas", "sin")]
        else:
            ev = {"ts": ts, "type": "export_job", "rows": r.randint(100, 9000), "path": "C:\\exports\\dons.csv",
                  "note": 'rapport "mensuel"\ttab'}
        out.append((ev, labels))
    return out


# --------------------------------------------------------------------------
# Load scripts for the real database servers
# --------------------------------------------------------------------------

def pg_literal(v):
    if v is None:
        return "NULL"
    if isinstance(v, int):
        return str(v)
    if isinstance(v, datetime):
        return "'%s'" % v.strftime("%Y-%m-%d %H:%M:%S+00")
    return "E'%s'" % (str(v).replace("\\", "\\\\").replace("'", "\\'")
                      .replace("\n", "\\n").replace("\r", "\\r").replace("\t", "\\t"))


PG_DDL = """
CREATE TABLE users (
    id serial PRIMARY KEY,
    nom text NOT NULL,
    courriel text,
    telephone text,
    code_postal varchar(7),
    ville text,
    created_at timestamptz NOT NULL
);
COMMENT ON TABLE users IS 'Donateurs et bénévoles';
CREATE TABLE donations (
    id serial PRIMARY KEY,
    user_id integer REFERENCES users(id),
    amount numeric(10,2) NOT NULL,
    card_last4 char(4),
    order_id bigint NOT NULL,
    created_at timestamptz NOT NULL
);
CREATE TABLE legacy_import (
    id integer PRIMARY KEY,
    full_name text,
    nas varchar(11),
    phone bigint,
    notes text
);
CREATE TABLE sessions (
    id bigserial PRIMARY KEY,
    user_id integer REFERENCES users(id),
    client_ip inet,
    ipv6 text,
    user_agent text,
    started_at timestamptz NOT NULL
);
"""

MYSQL_DDL = """
CREATE TABLE users (
  id int NOT NULL AUTO_INCREMENT,
  nom varchar(200) NOT NULL,
  courriel varchar(254) DEFAULT NULL,
  telephone varchar(40) DEFAULT NULL,
  code_postal varchar(7) DEFAULT NULL,
  ville varchar(100) DEFAULT NULL,
  created_at datetime NOT NULL,
  PRIMARY KEY (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci COMMENT='Donateurs et bénévoles';
CREATE TABLE donations (
  id int NOT NULL AUTO_INCREMENT,
  user_id int DEFAULT NULL,
  amount decimal(10,2) NOT NULL,
  card_last4 char(4) DEFAULT NULL,
  order_id bigint NOT NULL,
  created_at datetime NOT NULL,
  PRIMARY KEY (id),
  KEY user_id (user_id),
  CONSTRAINT donations_ibfk_1 FOREIGN KEY (user_id) REFERENCES users (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
CREATE TABLE legacy_import (
  id int NOT NULL,
  full_name varchar(200) DEFAULT NULL,
  nas char(11) DEFAULT NULL,
  phone bigint DEFAULT NULL,
  notes text DEFAULT NULL,
  PRIMARY KEY (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
CREATE TABLE sessions (
  id bigint NOT NULL AUTO_INCREMENT,
  user_id int DEFAULT NULL,
  client_ip inet4 DEFAULT NULL,
  ipv6 varchar(45) DEFAULT NULL,
  user_agent varchar(400) DEFAULT NULL,
  started_at datetime NOT NULL,
  PRIMARY KEY (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
"""


def mysql_literal(v):
    if v is None:
        return "NULL"
    if isinstance(v, int):
        return str(v)
    if isinstance(v, datetime):
        return "'%s'" % v.strftime("%Y-%m-%d %H:%M:%S")
    return "'%s'" % (str(v).replace("\\", "\\\\").replace("'", "\\'")
                     .replace("\n", "\\n").replace("\r", "\\r").replace("\t", "\\t"))


TABLE_ORDER = ["users", "donations", "legacy_import", "sessions"]


def write_load(path, dialect):
    tables, _, _ = build_tables()
    lit = pg_literal if dialect == "pg" else mysql_literal
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        if dialect == "pg":
            f.write("SET client_encoding = 'UTF8';\nSET TimeZone = 'UTC';\nBEGIN;\n")
            f.write(PG_DDL)
        else:
            f.write("SET NAMES utf8mb4;\nSET time_zone = '+00:00';\n")
            f.write(MYSQL_DDL)
        for name in TABLE_ORDER:
            t = tables[name]
            for row in t.rows:
                f.write("INSERT INTO %s (%s) VALUES (%s);\n" % (
                    name, ", ".join(t.columns), ", ".join(lit(row[c]) for c in t.columns)))
        if dialect == "pg":
            for name in ("users", "donations", "sessions"):
                f.write("SELECT setval(pg_get_serial_sequence('%s', 'id'), (SELECT max(id) FROM %s));\n"
                        % (name, name))
            f.write("COMMIT;\n")


# --------------------------------------------------------------------------
# File writers: CSV, JSON, SQLite, compressed
# --------------------------------------------------------------------------

def cell(v):
    if v is None:
        return ""
    if isinstance(v, datetime):
        return v.strftime("%Y-%m-%d %H:%M:%S+00:00")
    return str(v)


FR_HEADERS = {"id": "Identifiant", "nom": "Nom complet", "courriel": "Courriel",
              "telephone": "Téléphone", "code_postal": "Code postal", "ville": "Ville",
              "created_at": "Date de création"}


def out_path(*parts):
    p = os.path.join(HERE, *parts)
    os.makedirs(os.path.dirname(p), exist_ok=True)
    return p


def write_csv(path, header, rows, delimiter=",", quoting=csv.QUOTE_MINIMAL, lineterminator="\n", bom=False):
    buf = io.StringIO()
    w = csv.writer(buf, delimiter=delimiter, quoting=quoting, lineterminator=lineterminator)
    w.writerow(header)
    for row in rows:
        w.writerow(row)
    data = buf.getvalue().encode("utf-8")
    if bom:
        data = b"\xef\xbb\xbf" + data
    with open(path, "wb") as f:
        f.write(data)


def ragged_rows(tables):
    """bad_ragged.csv: users rows where some lines have too few or too many fields."""
    t = tables["users"]
    lines = [",".join(t.columns)]
    for i, row in enumerate(t.rows[:20]):
        vals = [cell(row[c]).replace(",", " ").replace("\t", " ").replace('"', "") for c in t.columns]
        if i == 4:
            vals = vals[:3]                       # short row: id, nom, courriel
        elif i == 9:
            vals = vals + ["extra", "champ"]      # two trailing extra fields
        elif i == 13:
            vals = vals[:1] + vals[2:]            # nom missing: every later field shifted left
        lines.append(",".join(vals))
    return "\n".join(lines) + "\n"


def write_files():
    tables, people, _ = build_tables()

    # ---- csv/
    for name in TABLE_ORDER:
        if name == "legacy_import":
            continue
        t = tables[name]
        write_csv(out_path("csv", name + ".csv"), t.columns, [[cell(r[c]) for c in t.columns] for r in t.rows])
    t = tables["legacy_import"]
    write_csv(out_path("csv", "legacy_import.csv"), t.columns,
              [[cell(r[c]) for c in t.columns] for r in t.rows], quoting=csv.QUOTE_ALL)
    t = tables["users"]
    write_csv(out_path("csv", "users_fr.csv"), [FR_HEADERS[c] for c in t.columns],
              [[cell(r[c]) for c in t.columns] for r in t.rows],
              delimiter=";", lineterminator="\r\n", bom=True)
    t = tables["sessions"]
    write_csv(out_path("csv", "sessions.tsv"), t.columns,
              [[cell(r[c]) for c in t.columns] for r in t.rows], delimiter="\t")
    with open(out_path("csv", "bad_ragged.csv"), "w", encoding="utf-8", newline="\n") as f:
        f.write(ragged_rows(tables))

    # ---- json/
    nested = build_nested(people)
    users_json = []
    for rec, _ in nested:
        d = {"id": rec["id"], "nom": rec["nom"], "contact": rec["contact"], "addresses": rec["addresses"],
             "nas": rec["nas"], "telephone": rec["telephone"], "last_login_ip": rec["last_login_ip"],
             "ville": rec["ville"], "code_postal": rec["code_postal"], "attributes": rec["attributes"],
             "commentaire": rec["commentaire"], "created_at": rec["created_at"].strftime("%Y-%m-%dT%H:%M:%SZ")}
        users_json.append(d)
    with open(out_path("json", "users.json"), "w", encoding="utf-8", newline="\n") as f:
        json.dump(users_json, f, ensure_ascii=True, indent=2)
        f.write("\n")
    events = build_events(people)
    with open(out_path("json", "events.ndjson"), "w", encoding="utf-8", newline="\n") as f:
        for ev, _ in events:
            f.write(json.dumps(ev, ensure_ascii=False, separators=(",", ":")) + "\n")
    bad = build_events(people, n=40, seed="piimap-structured-bad-v1")
    with open(out_path("json", "bad_halfway.ndjson"), "w", encoding="utf-8", newline="\n") as f:
        for i, (ev, _) in enumerate(bad):
            line = json.dumps(ev, ensure_ascii=False, separators=(",", ":"))
            if i == 20:
                line = line[: len(line) // 2]  # line 21: a record cut in half (no closing braces)
            f.write(line + "\n")

    # ---- sqlite/
    db = out_path("sqlite", "app.db")
    if os.path.exists(db):
        os.remove(db)
    con = sqlite3.connect(db)
    con.executescript("""
        PRAGMA page_size = 4096;
        CREATE TABLE users (id INTEGER PRIMARY KEY, nom TEXT NOT NULL, courriel TEXT, telephone TEXT,
                            code_postal TEXT, ville TEXT, created_at TEXT NOT NULL);
        CREATE TABLE donations (id INTEGER PRIMARY KEY, user_id INTEGER REFERENCES users(id),
                                amount NUMERIC NOT NULL, card_last4 TEXT, order_id INTEGER NOT NULL,
                                created_at TEXT NOT NULL);
        CREATE TABLE legacy_import (id INTEGER PRIMARY KEY, full_name TEXT, nas TEXT, phone INTEGER, notes TEXT);
        CREATE TABLE sessions (id INTEGER PRIMARY KEY, user_id INTEGER, client_ip TEXT, ipv6 TEXT,
                               user_agent TEXT, started_at TEXT NOT NULL);
        CREATE INDEX sessions_user ON sessions(user_id);
    """)
    for name in TABLE_ORDER:
        t = tables[name]
        vals = []
        for row in t.rows:
            v = []
            for c in t.columns:
                x = row[c]
                if isinstance(x, datetime):
                    x = x.strftime("%Y-%m-%d %H:%M:%S")
                elif c == "amount":
                    x = float(x)
                v.append(x)
            vals.append(v)
        con.executemany("INSERT INTO %s (%s) VALUES (%s)" % (name, ",".join(t.columns), ",".join("?" * len(t.columns))), vals)
    con.commit()
    con.execute("VACUUM")
    con.close()
    shutil.copyfile(db, out_path("sqlite", "export.bin"))

    # ---- compressed/
    for src, stem in (("csv/users.csv", "users.csv"), ("json/events.ndjson", "events.ndjson")):
        with open(os.path.join(HERE, src), "rb") as f:
            data = f.read()
        with open(out_path("compressed", stem + ".gz"), "wb") as f:
            f.write(gzip.compress(data, compresslevel=9, mtime=0))
        subprocess.run(["zstd", "-q", "-f", "-19", "--no-progress", os.path.join(HERE, src),
                        "-o", out_path("compressed", stem + ".zst")], check=True)


# --------------------------------------------------------------------------
# Ground truth
# --------------------------------------------------------------------------

DUMPS = ["pg/export.sql", "pg/export_inserts.sql", "pg/export_column_inserts.sql", "mysql/export.sql",
         "mysql/export_complete_insert.sql", "mysql/export_oneline.sql"]
PG_DUMP_TABLE_ORDER = sorted(TABLE_ORDER)  # pg_dump writes table data in name order


def expected_rows():
    tables, people, _ = build_tables()
    rows = []

    def add_table(path, table, t, fieldmap=None):
        for i, labels in enumerate(t.labels):
            for field, cat in labels:
                rows.append((path, table, fieldmap[field] if fieldmap else field, i, cat))

    for path in DUMPS:
        for name in TABLE_ORDER:
            add_table(path, name, tables[name])
    for path in ("sqlite/app.db", "sqlite/export.bin"):
        for name in TABLE_ORDER:
            add_table(path, name, tables[name])
    for name in TABLE_ORDER:
        add_table("csv/%s.csv" % name, name, tables[name])
    add_table("csv/users_fr.csv", "users_fr", tables["users"], FR_HEADERS)
    add_table("csv/sessions.tsv", "sessions", tables["sessions"])
    for path in ("compressed/users.csv.gz", "compressed/users.csv.zst"):
        add_table(path, "users", tables["users"])

    nested = build_nested(people)
    for i, (_, labels) in enumerate(nested):
        for field, cat in labels:
            rows.append(("json/users.json", "users", field, i, cat))
    for path in ("parquet/users.parquet", "parquet/users_zstd.parquet", "parquet/users_gzip.parquet",
                 "parquet/users_none.parquet"):
        stem = os.path.basename(path)[: -len(".parquet")]
        for i, (rec, labels) in enumerate(nested):
            for field, cat in parquet_labels(rec, labels):
                rows.append((path, stem, field, i, cat))
    events = build_events(people)
    for path in ("json/events.ndjson", "compressed/events.ndjson.gz", "compressed/events.ndjson.zst"):
        for i, (_, labels) in enumerate(events):
            for field, cat in labels:
                rows.append((path, "events", field, i, cat))
    rows.sort(key=lambda x: (x[0], x[1], x[3], x[2], x[4]))
    return rows


def write_expected():
    rows = expected_rows()
    with open(os.path.join(HERE, "expected.tsv"), "w", encoding="utf-8", newline="\n") as f:
        f.write("path\ttable\tfield\trow\tcategory\n")
        for r in rows:
            f.write("%s\t%s\t%s\t%d\t%s\n" % r)


def counts():
    tables, people, _ = build_tables()
    nested = build_nested(people)
    events = build_events(people)
    exp = expected_rows()
    from collections import Counter
    per_file = Counter((r[0], r[1]) for r in exp)
    lines = ["| File | Table | Rows | Labelled values |", "|---|---|---:|---:|"]
    for path in DUMPS + ["sqlite/app.db", "sqlite/export.bin"]:
        for name in (PG_DUMP_TABLE_ORDER if not path.startswith("sqlite/") else TABLE_ORDER):
            lines.append("| `%s` | %s | %d | %d |" % (path, name, len(tables[name].rows), per_file[(path, name)]))
    for name in TABLE_ORDER:
        p = "csv/%s.csv" % name
        lines.append("| `%s` | %s | %d | %d |" % (p, name, len(tables[name].rows), per_file[(p, name)]))
    lines.append("| `csv/users_fr.csv` | users_fr | %d | %d |" % (len(tables["users"].rows), per_file[("csv/users_fr.csv", "users_fr")]))
    lines.append("| `csv/sessions.tsv` | sessions | %d | %d |" % (len(tables["sessions"].rows), per_file[("csv/sessions.tsv", "sessions")]))
    lines.append("| `json/users.json` | users | %d | %d |" % (len(nested), per_file[("json/users.json", "users")]))
    lines.append("| `json/events.ndjson` | events | %d | %d |" % (len(events), per_file[("json/events.ndjson", "events")]))
    for stem in ("users", "users_zstd", "users_gzip", "users_none"):
        p = "parquet/%s.parquet" % stem
        lines.append("| `%s` | %s | %d | %d |" % (p, stem, len(nested), per_file[(p, stem)]))
    for p, t, n in (("compressed/users.csv.gz", "users", len(tables["users"].rows)),
                    ("compressed/users.csv.zst", "users", len(tables["users"].rows)),
                    ("compressed/events.ndjson.gz", "events", len(events)),
                    ("compressed/events.ndjson.zst", "events", len(events))):
        lines.append("| `%s` | %s | %d | %d |" % (p, t, n, per_file[(p, t)]))
    print("\n".join(lines))
    print()
    c = Counter(r[4] for r in exp)
    print("| Category | Rows in expected.tsv |\n|---|---:|")
    for k in sorted(c):
        print("| %s | %d |" % (k, c[k]))
    print("| **total** | %d |" % len(exp))


# --------------------------------------------------------------------------
# Truncated dump and dump checks
# --------------------------------------------------------------------------

def truncate():
    src = os.path.join(HERE, "pg", "export.sql")
    with open(src, "rb") as f:
        data = f.read()
    start = data.index(b"COPY public.sessions ")
    body = data.index(b"\n", start) + 1
    end = data.index(b"\n\\.\n", body)
    lines = data[body:end].split(b"\n")
    half = len(lines) // 2
    # keep `half` complete rows, then half of the next row (cut inside a value)
    cut = body + sum(len(l) + 1 for l in lines[:half]) + len(lines[half]) // 2
    with open(os.path.join(HERE, "pg", "export_truncated.sql"), "wb") as f:
        f.write(data[:cut])
    print("export_truncated.sql: sessions COPY cut after %d complete rows, inside row %d (0-based)" % (half, half))


def mysql_oneline():
    """mysql/export_oneline.sql: the MariaDB dump in Oracle MySQL mysqldump's row layout.

    mariadb-dump 10.11 starts each row of an extended INSERT on its own line
    ("VALUES\n(...),\n(...);"); Oracle MySQL's mysqldump writes the whole statement
    on one line ("VALUES (...),(...);").  Values never hold a raw newline in either
    (it is escaped as \\n), so the rewrite below only touches row separators.  The
    MariaDB-only first line (/*M!999999\\- enable the sandbox mode */) is dropped.
    """
    with open(os.path.join(HERE, "mysql", "export.sql"), encoding="utf-8", newline="") as f:
        lines = f.read().split("\n")
    if lines[0].startswith("/*M!999999"):
        lines = lines[1:]
    out, stmt = [], None
    for line in lines:
        if stmt is not None:
            stmt += line
            if line.endswith(");"):
                out.append(stmt)
                stmt = None
        elif line.startswith("INSERT INTO `") and line.endswith(" VALUES"):
            stmt = line + " "
        else:
            out.append(line)
    assert stmt is None
    with open(os.path.join(HERE, "mysql", "export_oneline.sql"), "w", encoding="utf-8", newline="") as f:
        f.write("\n".join(out))


def pg_copy_unescape(s):
    if s == "\\N":
        return None
    out, i = [], 0
    esc = {"t": "\t", "n": "\n", "r": "\r", "\\": "\\", "b": "\b", "f": "\f", "v": "\v"}
    while i < len(s):
        ch = s[i]
        if ch == "\\" and i + 1 < len(s):
            out.append(esc.get(s[i + 1], s[i + 1]))
            i += 2
        else:
            out.append(ch)
            i += 1
    return "".join(out)


def parse_sql_values(s, i, mysql):
    """Parse one parenthesised tuple starting at s[i] == '('; return (values, next index)."""
    while s[i] in " \n":
        i += 1
    assert s[i] == "(", s[i:i + 40]
    i += 1
    vals = []
    while True:
        while s[i] == " ":
            i += 1
        if s[i] == "'":
            i += 1
            buf = []
            while True:
                ch = s[i]
                if mysql and ch == "\\":
                    nxt = s[i + 1]
                    buf.append({"n": "\n", "r": "\r", "t": "\t", "0": "\0", "Z": "\x1a"}.get(nxt, nxt))
                    i += 2
                elif ch == "'":
                    if s[i + 1] == "'":
                        buf.append("'")
                        i += 2
                    else:
                        i += 1
                        break
                else:
                    buf.append(ch)
                    i += 1
            vals.append("".join(buf))
        else:
            j = i
            while s[j] not in ",)":
                j += 1
            tok = s[i:j].strip()
            vals.append(None if tok == "NULL" else tok)
            i = j
        if s[i] == ",":
            i += 1
            continue
        assert s[i] == ")"
        return vals, i + 1


def parse_dump(path):
    """Rows per table, in dump order, as lists of strings/None."""
    with open(path, encoding="utf-8", newline="") as f:
        text = f.read()
    mysql = path.startswith(os.path.join(HERE, "mysql"))
    res = {}
    if not mysql:
        for m in re.finditer(r"^COPY public\.(\w+) \(([^)]*)\) FROM stdin;\n(.*?)^\\\.$", text, re.M | re.S):
            res[m.group(1)] = [[pg_copy_unescape(x) for x in line.split("\t")]
                               for line in m.group(3).split("\n") if line]
        for m in re.finditer(r"^INSERT INTO public\.(\w+)(?: \([^)]*\))? VALUES ", text, re.M):
            vals, _ = parse_sql_values(text, m.end(), False)
            res.setdefault(m.group(1), []).append(vals)
    else:
        for m in re.finditer(r"^INSERT INTO `(\w+)`(?: \([^)]*\))? VALUES\s*", text, re.M):
            i = m.end()
            while True:
                vals, i = parse_sql_values(text, i, True)
                res.setdefault(m.group(1), []).append(vals)
                if text[i] == ",":
                    i += 1
                    continue
                assert text[i] == ";", text[i:i + 40]
                break
    return res


def check():
    tables, _, _ = build_tables()
    ok = True
    for rel in DUMPS + ["pg/export_truncated.sql"]:
        got = parse_dump(os.path.join(HERE, rel))
        for name in TABLE_ORDER:
            t = tables[name]
            rows = got.get(name, [])
            if rel.endswith("truncated.sql"):
                continue
            if len(rows) != len(t.rows):
                print("%s %s: %d rows, expected %d" % (rel, name, len(rows), len(t.rows)))
                ok = False
                continue
            for i, (dr, mr) in enumerate(zip(rows, t.rows)):
                if str(mr["id"]) != dr[0]:
                    print("%s %s row %d: id %s, expected %s" % (rel, name, i, dr[0], mr["id"]))
                    ok = False
                for field, _ in t.labels[i]:
                    v = dr[t.columns.index(field)]
                    if v != str(mr[field]):
                        print("%s %s row %d %s: %r != %r" % (rel, name, i, field, v, mr[field]))
                        ok = False
        if rel.endswith("truncated.sql"):
            print("%s: rows per table %s" % (rel, {k: len(v) for k, v in got.items()}))
    # SQLite: rowid order and values
    for rel in ("sqlite/app.db", "sqlite/export.bin"):
        con = sqlite3.connect("file:%s?mode=ro" % os.path.join(HERE, rel), uri=True)
        for name in TABLE_ORDER:
            t = tables[name]
            rows = con.execute("SELECT %s FROM %s ORDER BY rowid" % (",".join(t.columns), name)).fetchall()
            assert len(rows) == len(t.rows)
            for i, (dr, mr) in enumerate(zip(rows, t.rows)):
                for field, _ in t.labels[i]:
                    if dr[t.columns.index(field)] != mr[field]:
                        print("%s %s row %d %s mismatch" % (rel, name, i, field))
                        ok = False
        con.close()
    # CSV files read back with the csv module
    for rel, name, kw in (("csv/users.csv", "users", {}), ("csv/legacy_import.csv", "legacy_import", {}),
                          ("csv/sessions.tsv", "sessions", {"delimiter": "\t"}),
                          ("csv/users_fr.csv", "users", {"delimiter": ";"})):
        with open(os.path.join(HERE, rel), encoding="utf-8-sig", newline="") as f:
            data = list(csv.reader(f, **kw))[1:]
        t = tables[name]
        assert len(data) == len(t.rows), rel
        for i, (dr, mr) in enumerate(zip(data, t.rows)):
            for field, _ in t.labels[i]:
                if dr[t.columns.index(field)] != cell(mr[field]):
                    print("%s row %d %s mismatch" % (rel, i, field))
                    ok = False
    for name in TABLE_ORDER:
        for i, labels in enumerate(tables[name].labels):
            for field, cat in labels:
                assert field in tables[name].columns
    ok = check_nested() and ok
    print("check:", "OK" if ok else "FAILED")
    return ok


def partial():
    """What an ideal reader could still recover from the damaged files (not in expected.tsv).

    Prints TSV rows (path, table, field, row, category, status) where status is
    `intact` (the record is whole), `partial-record` (the record is cut or malformed
    but this value is whole), or `misaligned` (the value is whole but under another
    column's header).
    """
    tables, people, _ = build_tables()
    out = []
    # pg/export_truncated.sql: donations and legacy_import whole; sessions cut inside row 30
    with open(os.path.join(HERE, "pg", "export_truncated.sql"), encoding="utf-8", newline="") as f:
        text = f.read()
    body = text[text.index("COPY public.sessions "):].split("\n")[1:]
    complete, last = body[:-1], body[-1]
    for name in ("donations", "legacy_import"):
        for i, labels in enumerate(tables[name].labels):
            out += [("pg/export_truncated.sql", name, fld, i, cat, "intact") for fld, cat in labels]
    t = tables["sessions"]
    for i in range(len(complete)):
        out += [("pg/export_truncated.sql", "sessions", fld, i, cat, "intact") for fld, cat in t.labels[i]]
    cut_fields = last.split("\t")
    i = len(complete)
    for fld, cat in t.labels[i]:
        k = t.columns.index(fld)
        if k < len(cut_fields) - 1 and pg_copy_unescape(cut_fields[k]) == str(t.rows[i][fld]):
            out.append(("pg/export_truncated.sql", "sessions", fld, i, cat, "partial-record"))
    # csv/bad_ragged.csv: first 20 users; rows 4 (short), 9 (extra fields), 13 (nom missing)
    t = tables["users"]
    for i in range(20):
        for fld, cat in t.labels[i]:
            k = t.columns.index(fld)
            if i == 4:
                if k < 3:
                    out.append(("csv/bad_ragged.csv", "bad_ragged", fld, i, cat, "partial-record"))
            elif i == 9:
                out.append(("csv/bad_ragged.csv", "bad_ragged", fld, i, cat, "partial-record"))
            elif i == 13:
                out.append(("csv/bad_ragged.csv", "bad_ragged", t.columns[k - 1], i, cat, "misaligned"))
            else:
                out.append(("csv/bad_ragged.csv", "bad_ragged", fld, i, cat, "intact"))
    # json/bad_halfway.ndjson: line 20 (0-based) is half a record
    bad = build_events(people, n=40, seed="piimap-structured-bad-v1")
    for i, (_, labels) in enumerate(bad):
        if i != 20:
            out += [("json/bad_halfway.ndjson", "bad_halfway", fld, i, cat, "intact") for fld, cat in labels]
    # parquet/corrupt_page.parquet: only contact.email of row group 1 (rows 16-31) is lost
    nested = build_nested(people)
    for i, (rec, labels) in enumerate(nested):
        for fld, cat in parquet_labels(rec, labels):
            if not (fld == "contact.email" and 16 <= i < 32):
                out.append(("parquet/corrupt_page.parquet", "corrupt_page", fld, i, cat, "intact"))
    # parquet/corrupt_footer.parquet: nothing without the footer
    for r in out:
        print("%s\t%s\t%s\t%d\t%s\t%s" % r)


FREE_TEXT = {"notes", "commentaire", "message", "request.headers.x-forwarded-for"}


def leaves(rec, path):
    """Non-null values at a dotted path; `x[]` walks a list, a list of pairs is a map."""
    vals = [rec]
    for part in path.split("."):
        nxt = []
        is_list = part.endswith("[]")
        key = part[:-2] if is_list else part
        for v in vals:
            if isinstance(v, tuple):  # pyarrow reads a map entry as a (key, value) pair
                v = {"key": v[0], "value": v[1]}
            if isinstance(v, list):
                nxt += [x.get(key) if isinstance(x, dict) else None for x in v]
            elif isinstance(v, dict):
                nxt.append(v.get(key))
        vals = []
        for v in nxt:
            if is_list and isinstance(v, list):
                vals += v
            elif v is not None:
                vals.append(v)
    return [v for v in vals if v is not None]


def check_nested():
    """Read the JSON and Parquet files back and compare them with expected.tsv, both ways."""
    from collections import Counter, defaultdict
    exp = defaultdict(Counter)
    with open(os.path.join(HERE, "expected.tsv"), encoding="utf-8") as f:
        next(f)
        for line in f:
            path, table, field, row, cat = line.rstrip("\n").split("\t")
            exp[path][(int(row), field)] += 1
    files = {}
    with open(os.path.join(HERE, "json", "users.json"), encoding="utf-8") as f:
        files["json/users.json"] = json.load(f)
    with open(os.path.join(HERE, "json", "events.ndjson"), encoding="utf-8") as f:
        files["json/events.ndjson"] = [json.loads(l) for l in f]
    try:
        import pyarrow.parquet as pq
        for stem in ("users", "users_zstd", "users_gzip", "users_none"):
            rel = "parquet/%s.parquet" % stem
            files[rel] = pq.read_table(os.path.join(HERE, rel)).to_pylist()
    except ImportError:
        print("check: pyarrow missing, Parquet files not checked")
    ok = True
    for rel, recs in files.items():
        labelled_fields = {fld for (_, fld) in exp[rel]}
        for i, rec in enumerate(recs):
            for fld in labelled_fields:
                n_vals = len(leaves(rec, fld))
                n_exp = exp[rel][(i, fld)]
                if fld in FREE_TEXT or fld.startswith("attributes[]"):
                    # free text may hold no personal data; map values may be non-personal
                    good = (n_exp == 0 or n_vals > 0) if fld in FREE_TEXT else n_exp <= n_vals
                else:
                    good = n_vals == n_exp
                if not good:
                    print("%s row %d %s: %d values, %d labels" % (rel, i, fld, n_vals, n_exp))
                    ok = False
        rows_in_exp = {r for (r, _) in exp[rel]}
        if rows_in_exp and max(rows_in_exp) >= len(recs):
            print("%s: labels past the last record" % rel)
            ok = False
    return ok


def main():
    cmd = sys.argv[1] if len(sys.argv) > 1 else ""
    if cmd == "pg-load":
        write_load(sys.argv[2], "pg")
    elif cmd == "mysql-load":
        write_load(sys.argv[2], "mysql")
    elif cmd == "files":
        write_files()
    elif cmd == "truncate":
        truncate()
    elif cmd == "partial":
        partial()
    elif cmd == "mysql-oneline":
        mysql_oneline()
    elif cmd == "check":
        sys.exit(0 if check() else 1)
    elif cmd == "expected":
        write_expected()
    elif cmd == "counts":
        counts()
    else:
        print(__doc__)
        sys.exit(2)


if __name__ == "__main__":
    main()
