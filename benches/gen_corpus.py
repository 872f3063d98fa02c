#!/usr/bin/env python3
"""Generate a deterministic, synthetic benchmark corpus for piimap.

    python3 benches/gen_corpus.py OUT_DIR [--size-mib 1100] [--seed 42]

The corpus mixes web/application logs, CSV exports (English and Quebec French),
PostgreSQL and MySQL dumps, JSON lines, prose and support notes, with Canadian
PII (emails, NANP phone numbers, postal codes, Luhn-valid SINs, IPv4/IPv6) at
realistic densities, plus hard negatives (UUIDs, sha256 hashes, timestamps,
prices, 9-digit order numbers, Luhn-invalid 3-3-3 reference numbers, version
strings such as Chrome/122.0.0.0 or OIDs).

Everything is synthetic: example.com/.org/.net domains, documentation and
private IP ranges mixed with random ones, invented name combinations.

Determinism: the same --seed and --size-mib produce byte-identical files.
Every pool and every file has its own random.Random seeded from a string
(seeding from str is hashed with SHA-512, so it does not depend on
PYTHONHASHSEED), and nothing iterates over a set.

Speed: values and lines are pre-rendered into pools once, then files are
assembled by sampling those pools and written in multi-MiB blocks.
"""

import argparse
import datetime
import itertools
import json
import math
import os
import random
import sys
import time
import unicodedata
from urllib.parse import quote

MiB = 1 << 20
KiB = 1 << 10
BLOCK = 4 * MiB  # bytes assembled per write

# --------------------------------------------------------------------------
# Vocabulary
# --------------------------------------------------------------------------

FIRST_NAMES = (
    "Jean-François Marie-Ève Gabrielle Étienne Chloé Noémie Zoé Léa Mathieu Olivier "
    "Félix Sébastien Geneviève Mélanie Josée Benoît Frédéric Hélène Émilie Jérôme "
    "Amélie Rosalie Maxime Samuel William Thomas Alexis Antoine Charlotte Florence "
    "Béatrice Raphaël Océane Justine Ariane Vincent Nathalie Sylvie Luc Pierre-Luc "
    "Marc-André Anne-Sophie Catherine Isabelle Julie Annie Karine Stéphane Éric "
    "Simon Louis Laurence Juliette Camille Jacob Liam Noah Emma Olivia Ava Sophia "
    "James Benjamin Lucas Ethan Mia Amelia Harper Evelyn Daniel Michael Sarah "
    "Jessica Jennifer Ryan Tyler Megan Priya Arjun Wei Mei Hiroshi Yuki Aaliyah "
    "Mohamed Fatima Youssef Amira Omar Nour Diego Valentina Kwame Ama Siobhan "
    "Declan Aoife Connor Ingrid Lars Anika Mateo Sofía Thi Minh Hoa"
).split()

LAST_NAMES = (
    "Tremblay Gagnon Roy Côté Bouchard Gauthier Morin Lavoie Fortin Gagné Ouellet "
    "Pelletier Bélanger Lévesque Bergeron Leblanc Paquette Girard Simard Boucher "
    "Caron Beaulieu Cloutier Dubé Poirier Fournier Lapointe Leclerc Lefebvre Poulin "
    "Thibault St-Pierre Nadeau Martin Landry Martel Bédard Grenier Lessard Bernier "
    "Richard Michaud Hébert Desjardins Turcotte Veilleux Charbonneau Gingras Dion "
    "Rousseau Brisebois Laflamme Beauchemin Després Smith Brown Wilson MacDonald "
    "Taylor Campbell Anderson Johnson Williams Jones Stewart Thompson Robinson "
    "Clarke O'Brien O'Connor McKenzie MacLeod Fraser Li Wong Chen Zhang Singh "
    "Patel Sharma Nguyen Tran Kim Park Haddad Khalil Benali Diallo Mensah Okafor "
    "Rodríguez García Silva Santos Kowalski Nowak Müller Schmidt Jensen Larsen "
    "Sato Tanaka Ivanova Popescu Rossi Esposito"
).split()

# (city, province, first letters of FSA valid for the city, area codes)
CITIES = [
    ("Montréal", "QC", "H", ["514", "438", "263"]),
    ("Laval", "QC", "H", ["450", "579"]),
    ("Longueuil", "QC", "J", ["450", "579"]),
    ("Québec", "QC", "G", ["418", "581", "367"]),
    ("Lévis", "QC", "G", ["418", "581"]),
    ("Saguenay", "QC", "G", ["418", "581"]),
    ("Rimouski", "QC", "G", ["418", "581"]),
    ("Gatineau", "QC", "J", ["819", "873"]),
    ("Sherbrooke", "QC", "J", ["819", "873"]),
    ("Trois-Rivières", "QC", "G", ["819", "873"]),
    ("Saint-Jean-sur-Richelieu", "QC", "J", ["450", "579"]),
    ("Toronto", "ON", "M", ["416", "647", "437"]),
    ("Ottawa", "ON", "K", ["613", "343"]),
    ("Mississauga", "ON", "L", ["905", "289", "365"]),
    ("Hamilton", "ON", "L", ["905", "289"]),
    ("London", "ON", "N", ["519", "226", "548"]),
    ("Sudbury", "ON", "P", ["705", "249"]),
    ("Thunder Bay", "ON", "P", ["807"]),
    ("Vancouver", "BC", "V", ["604", "778", "236"]),
    ("Victoria", "BC", "V", ["250", "778"]),
    ("Calgary", "AB", "T", ["403", "587", "825"]),
    ("Edmonton", "AB", "T", ["780", "587"]),
    ("Regina", "SK", "S", ["306", "639"]),
    ("Saskatoon", "SK", "S", ["306", "639"]),
    ("Winnipeg", "MB", "R", ["204", "431"]),
    ("Halifax", "NS", "B", ["902", "782"]),
    ("Moncton", "NB", "E", ["506"]),
    ("Fredericton", "NB", "E", ["506"]),
    ("Charlottetown", "PE", "C", ["902", "782"]),
    ("St. John's", "NL", "A", ["709"]),
    ("Whitehorse", "YT", "Y", ["867"]),
    ("Yellowknife", "NT", "X", ["867"]),
]
# Montréal/Québec dominate, like a Quebec company's data.
CITY_WEIGHTS = [30, 6, 5, 12, 3, 2, 1, 4, 3, 3, 2, 8, 5, 2, 1, 1, 1, 1, 4, 1, 2, 2, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1]

STREETS = [
    "rue Saint-Denis", "boul. René-Lévesque O.", "avenue du Parc", "rue Sherbrooke Est",
    "chemin de la Côte-des-Neiges", "rue Ontario Est", "boul. Saint-Laurent", "rue des Érables",
    "avenue Laurier Ouest", "rue Beaubien", "boul. Charest Ouest", "rue Saint-Jean",
    "Grande Allée Est", "chemin Sainte-Foy", "rue Principale", "rang Saint-Joseph",
    "boul. des Forges", "rue King Ouest", "Main Street", "King Street West", "Queen Street East",
    "Yonge Street", "Bank Street", "Rideau Street", "Granville Street", "Jasper Avenue",
    "17 Avenue SW", "Portage Avenue", "Spring Garden Road", "Water Street",
]
UNITS = ["", "", "", "", "app. {n}", "bureau {n}", "unit {n}", "suite {n}", "#{n}"]

PROVINCE_FR = {"QC": "Québec", "ON": "Ontario", "BC": "Colombie-Britannique", "AB": "Alberta",
               "SK": "Saskatchewan", "MB": "Manitoba", "NS": "Nouvelle-Écosse",
               "NB": "Nouveau-Brunswick", "PE": "Île-du-Prince-Édouard",
               "NL": "Terre-Neuve-et-Labrador", "YT": "Yukon", "NT": "Territoires du Nord-Ouest"}

EMAIL_DOMAINS = ["example.com", "example.org", "example.net", "mail.example.com",
                 "courriel.example.org", "clients.example.net", "example.test",
                 "qc.example.com", "students.example.edu", "corp.example"]
EMAIL_DOMAIN_WEIGHTS = [30, 15, 12, 10, 6, 6, 5, 6, 5, 5]

DEPARTMENTS = ["Finance", "Ressources humaines", "Ventes", "Marketing", "TI", "Soutien",
               "Logistique", "Juridique", "R&D", "Service à la clientèle", "Operations", "Legal"]
LOYALTY = ["bronze", "silver", "gold", "platinum", "none"]

PRODUCTS = ["sirop d'érable", "tuque en laine", "raquettes", "café équitable", "vélo hybride",
            "casque audio", "thermos", "parka d'hiver", "bottes imperméables", "lampe frontale",
            "maple syrup", "wool toque", "snowshoes", "fair-trade coffee", "hybrid bike",
            "headphones", "winter parka", "waterproof boots", "headlamp", "cast-iron pan"]
PRODUCT_SLUGS = ["sirop-erable-amber", "tuque-laine-merinos", "raquettes-alu-25",
                 "cafe-equitable-1kg", "velo-hybride-700c", "casque-audio-bt", "thermos-750ml",
                 "parka-hiver-femme", "bottes-impermeables", "lampe-frontale-400lm",
                 "cast-iron-pan-12in", "gift-card-50", "carte-cadeau-100"]

USER_AGENTS = [
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/{chrome}.0.0.0 Safari/537.36",
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/{chrome}.0.{cb}.{cp} Safari/537.36 Edg/{chrome}.0.{eb}.{ep}",
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/{safari}.{sm} Safari/605.1.15",
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 10.15; rv:{ff}.0) Gecko/20100101 Firefox/{ff}.0",
    "Mozilla/5.0 (X11; Linux x86_64; rv:{ff}.0) Gecko/20100101 Firefox/{ff}.0",
    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/{chrome}.0.{cb}.{cp} Safari/537.36",
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_{ios} like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.{ios} Mobile/15E148 Safari/604.1",
    "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/{chrome}.0.{cb}.{cp} Mobile Safari/537.36",
    "Mozilla/5.0 (Linux; Android 13; SM-S911W) AppleWebKit/537.36 (KHTML, like Gecko) SamsungBrowser/24.0 Chrome/{chrome}.0.0.0 Mobile Safari/537.36",
    "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
    "Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)",
    "curl/8.{cm}.0",
    "python-requests/2.{pr}.0",
    "okhttp/4.12.0",
    "Go-http-client/2.0",
    "Prometheus/2.{pm}.1",
    "kube-probe/1.{k8s}",
]
UA_WEIGHTS = [30, 8, 12, 6, 3, 5, 10, 8, 3, 2, 2, 2, 2, 2, 1, 1, 2]

WEEKDAYS_EN = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"]
WEEKDAYS_FR = ["lundi", "mardi", "mercredi", "jeudi", "vendredi"]
MONTHS_EN = ["January", "February", "March", "April", "May", "June", "July", "August",
             "September", "October", "November", "December"]
MONTHS_FR = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août",
             "septembre", "octobre", "novembre", "décembre"]
MONTH_ABBR = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

TEAMS_EN = ["the billing team", "the platform group", "customer success", "the data team",
            "the Quebec City office", "our logistics partner", "the security team", "finance"]
TEAMS_FR = ["l'équipe de facturation", "le groupe plateforme", "le service à la clientèle",
            "l'équipe des données", "le bureau de Québec", "notre partenaire logistique",
            "l'équipe de sécurité", "les finances"]
TOPICS_EN = ["the migration to the new warehouse system", "the spring promotion",
             "quarter-end reconciliation", "the loyalty program", "the mobile app release",
             "shipping delays in the Maritimes", "the privacy impact assessment",
             "the retention schedule for old exports", "the vendor contract renewal",
             "the on-call rotation", "the backup restore test", "the accessibility audit"]
TOPICS_FR = ["la migration vers le nouveau système d'entrepôt", "la promotion du printemps",
             "la conciliation de fin de trimestre", "le programme de fidélité",
             "la sortie de l'application mobile", "les retards de livraison en Gaspésie",
             "l'évaluation des facteurs relatifs à la vie privée",
             "le calendrier de conservation des anciens exports",
             "le renouvellement du contrat fournisseur", "la rotation de garde",
             "le test de restauration des sauvegardes", "l'audit d'accessibilité",
             "la conformité à la Loi 25"]

SENT_EN = [
    "We reviewed {topic} with {team} on {weekday} and agreed to revisit it next sprint.",
    "The dashboard now loads in about {n} ms, down from {n2} ms before the cache change.",
    "{first} suggested we split the job into smaller batches to reduce lock contention.",
    "Nothing in {topic} blocks the release, but {team} wants a written summary first.",
    "Order {order} was refunded in full ({price}) after the carrier lost the parcel.",
    "Version {version} fixes the rounding bug that showed up in the {month} statements.",
    "The nightly export finished at {hms} and produced {n} rows, which matches yesterday.",
    "Please keep the discussion about {topic} in the shared channel so everyone can follow.",
    "We expect roughly {n} orders per hour during the holiday peak.",
    "The checksum of the archive is {sha_short}..., see the release notes for the full value.",
    "As a reminder, the office in {city} is closed on {weekday} for maintenance.",
    "{team} confirmed that the invoice template uses the new tax rates since {month}.",
    "Build {version} was rolled back because the health checks failed after {n} seconds.",
    "The median basket is {price} and the 95th percentile is around {price2}.",
    "If the retry queue grows above {n} items, page the on-call engineer.",
    "Customer feedback on {product} has been mostly positive this quarter.",
    "The incident started at {hms} UTC and was resolved {n} minutes later.",
    "We archived {n} old tickets; none of them contained attachments.",
    "Request {uuid} timed out twice; the third attempt succeeded.",
    "I moved the meeting about {topic} to {weekday} afternoon.",
    "The supplier raised the price of {product} to {price} per unit.",
    "Our target for {month} is {n} new loyalty members in {city}.",
]
SENT_FR = [
    "Nous avons revu {topic} avec {team} {weekday} et convenu d'y revenir au prochain sprint.",
    "Le tableau de bord se charge maintenant en environ {n} ms, contre {n2} ms avant le changement de cache.",
    "{first} a proposé de découper la tâche en lots plus petits pour réduire la contention.",
    "Rien dans {topic} ne bloque la mise en production, mais {team} veut d'abord un résumé écrit.",
    "La commande {order} a été remboursée au complet ({price_fr}) après la perte du colis par le transporteur.",
    "La version {version} corrige l'erreur d'arrondi apparue dans les relevés de {month_fr}.",
    "L'exportation de nuit s'est terminée à {hms} et a produit {n} lignes, comme hier.",
    "Merci de garder la discussion sur {topic} dans le canal partagé pour que tout le monde puisse suivre.",
    "On prévoit environ {n} commandes à l'heure pendant la période des Fêtes.",
    "La somme de contrôle de l'archive commence par {sha_short}; voir les notes de version.",
    "Petit rappel : le bureau de {city} sera fermé {weekday} pour entretien.",
    "{team} a confirmé que le gabarit de facture utilise les nouveaux taux de TPS/TVQ depuis {month_fr}.",
    "Le build {version} a été annulé parce que les vérifications de santé ont échoué après {n} secondes.",
    "Le panier médian est de {price_fr} et le 95e centile tourne autour de {price2_fr}.",
    "Si la file de reprise dépasse {n} éléments, il faut appeler la personne de garde.",
    "Les commentaires sur le produit « {product} » sont plutôt positifs ce trimestre.",
    "L'incident a commencé à {hms} (UTC) et a été réglé {n} minutes plus tard.",
    "On a archivé {n} vieux billets; aucun ne contenait de pièce jointe.",
    "La requête {uuid} a expiré deux fois; la troisième tentative a réussi.",
    "J'ai déplacé la rencontre sur {topic} à {weekday} après-midi.",
    "Le fournisseur a augmenté le prix du produit « {product} » à {price_fr} l'unité.",
    "Notre objectif pour {month_fr} est de {n} nouveaux membres du programme à {city}.",
    "Ça roule bien de notre côté, à part quelques pépins avec l'imprimante du 3e étage.",
    "Il faudrait préciser la finalité de la collecte avant d'élargir l'accès au fichier.",
]
PII_SENT_EN = [
    "If anything comes up, call me at {phone}.",
    "You can reach {first} at {email} or {phone}.",
    "Please ship the replacement to {street}, {city}, {prov} {postal}.",
    "The customer gave their SIN ({sin}) on the form even though we never asked for it.",
    "The suspicious login came from {ip}.",
    "Send the signed copy to {email} before Friday.",
    "Her new mailing address is {street}, {city} {prov} {postal}.",
    "Sorry I missed you, call me at {phone} after 5 pm.",
]
PII_SENT_FR = [
    "Vous pouvez me joindre au {phone} en tout temps.",
    "Le client a écrit : « mon NAS est {sin}, pouvez-vous corriger mon T4? »",
    "Mon adresse courriel est {email}, merci de mettre à jour le dossier.",
    "Livrer au {street}, {city} ({prov_fr}) {postal}.",
    "La connexion suspecte provenait de l'adresse {ip}.",
    "Rappeler {first} au {phone} pour confirmer le rendez-vous.",
    "Bonjour, mon NAS est {sin} et je n'ai toujours pas reçu mon relevé.",
    "Son nouveau code postal est {postal} ({city}).",
]

LOG_MSGS = [
    ("INFO", "c.e.billing.InvoiceService", "invoice sent"),
    ("INFO", "c.e.checkout.CheckoutController", "checkout completed"),
    ("INFO", "c.e.auth.LoginHandler", "login succeeded"),
    ("WARN", "c.e.auth.LoginHandler", "login failed: bad password"),
    ("INFO", "c.e.account.ProfileService", "profile updated"),
    ("DEBUG", "c.e.cache.RedisCache", "cache miss"),
    ("INFO", "c.e.notify.EmailSender", "confirmation email queued"),
    ("ERROR", "c.e.payments.GatewayClient", "payment declined by gateway"),
    ("INFO", "c.e.search.SearchResource", "search executed"),
    ("WARN", "c.e.ratelimit.Limiter", "rate limit exceeded"),
    ("INFO", "c.e.shipping.LabelService", "shipping label created"),
    ("DEBUG", "c.e.db.Pool", "connection acquired"),
]
LOG_MSG_WEIGHTS = [10, 12, 14, 3, 5, 8, 6, 2, 10, 2, 5, 6]

STACK_TRACE = """java.lang.IllegalStateException: Connection pool exhausted (active=50, idle=0, waiting=17)
\tat com.example.db.Pool.acquire(Pool.java:212)
\tat com.example.billing.InvoiceRepository.findByOrder(InvoiceRepository.java:88)
\tat com.example.billing.InvoiceService.send(InvoiceService.java:141)
\tat java.base/java.util.concurrent.ThreadPoolExecutor.runWorker(ThreadPoolExecutor.java:1144)
\tat java.base/java.lang.Thread.run(Thread.java:1583)
"""

EVENTS = ["checkout.completed", "account.created", "account.updated", "password.reset",
          "newsletter.subscribed", "order.shipped", "order.refunded", "session.started",
          "support.ticket.opened", "consent.changed", "page.viewed", "cart.abandoned"]
EVENT_WEIGHTS = [10, 5, 5, 3, 3, 6, 2, 12, 3, 2, 30, 6]

# --------------------------------------------------------------------------
# Value generators
# --------------------------------------------------------------------------


def ascii_fold(s):
    return "".join(c for c in unicodedata.normalize("NFKD", s) if not unicodedata.combining(c))


def luhn_check_digit(d8):
    total = 0
    for i, d in enumerate(d8):
        if i % 2 == 1:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return (10 - total % 10) % 10


def sin_digits(rng):
    d8 = [rng.choice((1, 2, 3, 4, 5, 6, 7, 9))] + [rng.randrange(10) for _ in range(7)]
    return d8 + [luhn_check_digit(d8)]


def fmt_333(d, sep):
    s = "".join(map(str, d))
    return s[0:3] + sep + s[3:6] + sep + s[6:9]


def gen_sin(rng, sep=None):
    if sep is None:
        sep = " " if rng.random() < 0.6 else "-"
    if rng.random() < 0.01:  # the well-known CRA example number
        d = [0, 4, 6, 4, 5, 4, 2, 8, 6]
    else:
        d = sin_digits(rng)
    return fmt_333(d, sep)


def gen_fake_sin(rng):
    """Hard negative: a 3-3-3 formatted reference number that fails Luhn."""
    d8 = [rng.randrange(10) for _ in range(8)]
    good = luhn_check_digit(d8)
    return fmt_333(d8 + [(good + 1 + rng.randrange(9)) % 10], rng.choice((" ", "-")))


def nanp_parts(rng, area):
    while True:
        exch = rng.randrange(200, 1000)
        if exch % 100 != 11:  # no N11
            break
    if rng.random() < 0.08:  # 555-01XX fictional numbers
        return area, "555", "01%02d" % rng.randrange(100)
    return area, "%03d" % exch, "%04d" % rng.randrange(10000)


PHONE_FORMATS = ["({a}) {e}-{l}", "{a}-{e}-{l}", "{a} {e} {l}", "{a}.{e}.{l}", "+1 {a} {e} {l}",
                 "+1-{a}-{e}-{l}", "1-{a}-{e}-{l}", "+1{a}{e}{l}", "{a}{e}{l}", "({a}){e}-{l}",
                 "+1 ({a}) {e}-{l}"]
PHONE_WEIGHTS = [25, 25, 10, 8, 10, 5, 5, 4, 4, 2, 2]


def gen_phone(rng, area, fmt=None, ext_prob=0.0):
    a, e, l = nanp_parts(rng, area)
    if fmt is None:
        fmt = rng.choices(PHONE_FORMATS, PHONE_WEIGHTS)[0]
    s = fmt.format(a=a, e=e, l=l)
    if ext_prob and rng.random() < ext_prob:
        s += rng.choice((" x", " ext. ", " poste ", " #")) + str(rng.randrange(10, 9999))
    return s


def gen_postal(rng, first, style=None):
    L = "ABCEGHJKLMNPRSTVXY"  # never D F I O Q U; W and Z only after the first position
    s1 = first + str(rng.randrange(10)) + rng.choice(L)
    s2 = str(rng.randrange(10)) + rng.choice(L + "WZ") + str(rng.randrange(10))
    r = rng.random() if style is None else style
    if r < 0.85:
        return s1 + " " + s2
    if r < 0.95:
        return s1 + s2
    if r < 0.98:
        return (s1 + " " + s2).lower()
    return s1 + "-" + s2


def gen_ipv4(rng):
    r = rng.random()
    if r < 0.40:
        while True:
            a = rng.randrange(1, 224)
            if a not in (10, 127, 169, 172, 192):
                break
        return "%d.%d.%d.%d" % (a, rng.randrange(256), rng.randrange(256), rng.randrange(1, 255))
    if r < 0.55:
        return "10.%d.%d.%d" % (rng.randrange(256), rng.randrange(256), rng.randrange(1, 255))
    if r < 0.65:
        return "192.168.%d.%d" % (rng.randrange(256), rng.randrange(1, 255))
    if r < 0.72:
        return "172.%d.%d.%d" % (rng.randrange(16, 32), rng.randrange(256), rng.randrange(1, 255))
    return "%s.%d" % (rng.choice(("192.0.2", "198.51.100", "203.0.113")), rng.randrange(1, 255))


def gen_ipv6(rng):
    h = lambda: "%x" % rng.randrange(0x10000)
    r = rng.random()
    if r < 0.45:
        return "2001:db8:%s:%s::%s" % (h(), h(), h())
    if r < 0.65:
        return "2001:db8:%s:%s:%s:%s:%s:%s" % tuple(h() for _ in range(6))
    if r < 0.75:
        return "2001:0db8:%04x:%04x:0000:0000:%04x:%04x" % tuple(rng.randrange(0x10000) for _ in range(4))
    if r < 0.85:
        return "fe80::%s:%s:%s:%s" % (h(), h(), h(), h())
    if r < 0.95:
        return "2001:db8::%s" % h()
    return "::ffff:192.0.2.%d" % rng.randrange(1, 255)


def gen_ip(rng, v6_share=0.1):
    return gen_ipv6(rng) if rng.random() < v6_share else gen_ipv4(rng)


def gen_uuid(rng):
    x = "%032x" % rng.getrandbits(128)
    return "%s-%s-4%s-%s%s-%s" % (x[0:8], x[8:12], x[13:16], "89ab"[int(x[16], 16) & 3], x[17:20], x[20:32])


def gen_sha256(rng):
    return "%064x" % rng.getrandbits(256)


def gen_order_no(rng):
    return str(rng.randrange(100000000, 999999999))


def gen_version(rng):
    r = rng.random()
    if r < 0.6:
        return "%d.%d.%d" % (rng.randrange(0, 6), rng.randrange(0, 30), rng.randrange(0, 40))
    if r < 0.8:
        return "v%d.%d.%d" % (rng.randrange(1, 4), rng.randrange(0, 20), rng.randrange(0, 20))
    if r < 0.9:  # 4-part build numbers, shaped like IPv4 addresses
        return "%d.%d.%d.%d" % (rng.randrange(1, 12), rng.randrange(0, 10), rng.randrange(0, 300), rng.randrange(0, 200))
    return "%d.%d.%d-rc.%d" % (rng.randrange(0, 6), rng.randrange(0, 30), rng.randrange(0, 40), rng.randrange(1, 5))


def gen_price(rng, fr=False, hi=500.0):
    v = round(math.exp(rng.uniform(math.log(1.0), math.log(hi))), 2)
    if fr:
        s = ("%.2f" % v).replace(".", ",")
        if v >= 1000:
            s = s[:-6] + "\u00a0" + s[-6:]
        return s + "\u00a0$"
    return "${:,.2f}".format(v)


def gen_amount(rng, fr=False, hi=2000.0):
    v = math.exp(rng.uniform(0.0, math.log(hi)))
    s = "%.2f" % v
    return s.replace(".", ",") if fr else s


def gen_ua(rng):
    t = rng.choices(USER_AGENTS, UA_WEIGHTS)[0]
    chrome = rng.randrange(110, 126)
    return t.format(chrome=chrome, cb=rng.randrange(5000, 6500), cp=rng.randrange(0, 200),
                    eb=rng.randrange(1500, 2600), ep=rng.randrange(0, 120),
                    safari=rng.randrange(15, 18), sm=rng.randrange(0, 5), ff=rng.randrange(115, 126),
                    ios=rng.randrange(0, 5), cm=rng.randrange(0, 9), pr=rng.randrange(25, 32),
                    pm=rng.randrange(40, 52), k8s=rng.randrange(26, 31))


def gen_person(rng):
    first = rng.choice(FIRST_NAMES)
    last = rng.choice(LAST_NAMES)
    city, prov, fsa, areas = rng.choices(CITIES, CITY_WEIGHTS)[0]
    f = ascii_fold(first).lower().replace(" ", "")
    l = ascii_fold(last).lower().replace("'", "").replace(" ", "")
    r = rng.random()
    if r < 0.35:
        local = f + "." + l
    elif r < 0.55:
        local = f[0] + l
    elif r < 0.70:
        local = f + "_" + l + str(rng.randrange(1, 100))
    elif r < 0.80:
        local = f + str(rng.randrange(1960, 2006))
    elif r < 0.88:
        local = f + "." + l + "+" + rng.choice(("shop", "news", "promo", "factures"))
    else:
        local = l + "." + f[0] + str(rng.randrange(1, 1000))
    domain = rng.choices(EMAIL_DOMAINS, EMAIL_DOMAIN_WEIGHTS)[0]
    email = local + "@" + domain
    if rng.random() < 0.03:
        email = email.capitalize()
    unit = rng.choice(UNITS).format(n=rng.randrange(1, 1500))
    street = "%d %s" % (rng.randrange(1, 9999), rng.choice(STREETS))
    if unit:
        street += ", " + unit
    return {
        "first": first, "last": last, "email": email, "city": city, "prov": prov,
        "area": rng.choice(areas), "street": street, "postal": gen_postal(rng, fsa),
        "fsa": fsa,
    }


# --------------------------------------------------------------------------
# Timestamps
# --------------------------------------------------------------------------

HMS = ["%02d:%02d:%02d" % (h, m, s) for h in range(24) for m in range(60) for s in range(60)]
MS3 = ["%03d" % i for i in range(1000)]
EPOCH_2023 = 1672531200  # 2023-01-01T00:00:00Z


class Timeline:
    """Monotonic timestamps for one log file, rendered from cached tables."""

    def __init__(self, rng, style):
        self.rng = rng
        self.style = style
        self.t = EPOCH_2023 + rng.randrange(0, 2 * 365 * 86400)
        self.days = {}
        self.tz = rng.choice((" -0500", " -0400", " +0000"))
        # Increments in seconds between consecutive lines.
        self.steps = [0] * 6 + [1] * 3 + [2, 3, 5]

    def day_prefix(self, day):
        p = self.days.get(day)
        if p is None:
            d = datetime.date.fromordinal(datetime.date(1970, 1, 1).toordinal() + day)
            if self.style == "nginx":
                p = "%02d/%s/%04d:" % (d.day, MONTH_ABBR[d.month - 1], d.year)
            elif self.style == "iso":
                p = "%04d-%02d-%02dT" % (d.year, d.month, d.day)
            else:
                p = "%04d-%02d-%02d " % (d.year, d.month, d.day)
            self.days[day] = p
        return p

    def take(self, k):
        incs = self.rng.choices(self.steps, k=k)
        ts = list(itertools.accumulate(incs, initial=self.t))[1:]
        self.t = ts[-1] if ts else self.t
        dp = self.day_prefix
        if self.style == "nginx":
            tz = self.tz
            return [dp(t // 86400) + HMS[t % 86400] + tz for t in ts]
        ms = self.rng.choices(MS3, k=k)
        if self.style == "iso":
            return [dp(t // 86400) + HMS[t % 86400] + "." + m + "Z" for t, m in zip(ts, ms)]
        return [dp(t // 86400) + HMS[t % 86400] + "," + m for t, m in zip(ts, ms)]


def random_datetime(rng, sep=" "):
    t = EPOCH_2023 + rng.randrange(0, 2 * 365 * 86400)
    d = datetime.datetime.fromtimestamp(t, datetime.timezone.utc)
    return "%04d-%02d-%02d%s%s" % (d.year, d.month, d.day, sep, HMS[t % 86400])


def random_date(rng, y0=2015, y1=2025):
    return "%04d-%02d-%02d" % (rng.randrange(y0, y1), rng.randrange(1, 13), rng.randrange(1, 29))


# --------------------------------------------------------------------------
# Kinds: each kind pre-renders a pool, then assembles blocks from it.
# --------------------------------------------------------------------------


def sql_str(s):
    return "'" + s.replace("\\", "\\\\").replace("'", "\\'") + "'"


def pg_text(s):
    return s.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n")


def csv_field(s, delim):
    if delim in s or '"' in s or "\n" in s:
        return '"' + s.replace('"', '""') + '"'
    return s


class Kind:
    name = "?"
    ext = "txt"
    has_timeline = None  # style string for Timeline, or None

    def __init__(self, seed, pool_n):
        self.rng = random.Random("%s:pool:%s:%d" % (seed, self.name, pool_n))
        self.pool_n = pool_n
        self.pool = self.build_pool(self.rng, pool_n)
        sample = self.pool[: min(len(self.pool), 500)]
        self.avg = max(1.0, sum(len(self.render_one(x).encode("utf-8")) for x in sample) / len(sample))

    # hooks
    def build_pool(self, rng, n):
        raise NotImplementedError

    def render_one(self, x):
        return x

    def header(self, rng, state):
        return ""

    def new_state(self, rng):
        return {"tl": Timeline(rng, self.has_timeline) if self.has_timeline else None, "id": 1}

    def block(self, rng, state, nbytes):
        """Return a str of roughly nbytes UTF-8 bytes (whole lines)."""
        k = max(1, int(nbytes / self.avg))
        return "".join(rng.choices(self.pool, k=k))


# ---- web access log (nginx combined) -------------------------------------

class AccessLog(Kind):
    name = "access_log"
    ext = "log"
    has_timeline = "nginx"

    def build_pool(self, rng, n):
        people = [gen_person(rng) for _ in range(max(200, n // 10))]
        pool = []
        for _ in range(n):
            ip = gen_ip(rng, 0.12)
            user = "-" if rng.random() < 0.97 else ascii_fold(rng.choice(FIRST_NAMES)).lower()
            r = rng.random()
            if r < 0.25:
                path = "/static/js/app.%s.js" % ("%08x" % rng.getrandbits(32))
            elif r < 0.40:
                path = "/%s/produits/%s" % (rng.choice(("fr", "en")), rng.choice(PRODUCT_SLUGS))
            elif r < 0.52:
                path = "/api/v1/customers/%d" % rng.randrange(1, 2000000)
            elif r < 0.60:
                path = "/api/v2/orders/%s" % gen_order_no(rng)
            elif r < 0.66:
                path = "/assets/img/%s.webp?v=%s" % (rng.choice(PRODUCT_SLUGS), "%012x" % rng.getrandbits(48))
            elif r < 0.72:
                path = "/track?id=%s" % gen_uuid(rng)
            elif r < 0.76:
                p = rng.choice(people)
                path = "/unsubscribe?email=%s&token=%s" % (quote(p["email"], safe=""), "%016x" % rng.getrandbits(64))
            elif r < 0.79:
                p = rng.choice(people)
                path = "/fr/magasins?code_postal=%s" % p["postal"].replace(" ", "+")
            elif r < 0.85:
                path = "/search?q=%s&page=%d" % (quote(rng.choice(PRODUCTS)), rng.randrange(1, 6))
            elif r < 0.90:
                path = "/account/login"
            elif r < 0.95:
                path = "/healthz"
            else:
                path = "/"
            method = "POST" if path in ("/account/login",) or (path.startswith("/api/") and rng.random() < 0.3) else "GET"
            status = rng.choices((200, 201, 204, 301, 302, 304, 400, 401, 403, 404, 429, 500, 502),
                                 (70, 3, 2, 2, 3, 8, 1, 2, 1, 5, 1, 1, 1))[0]
            size = 0 if status in (204, 304) else rng.randrange(120, 250000)
            ref = "-" if rng.random() < 0.5 else "https://www.example.com/%s/%s" % (rng.choice(("fr", "en")), rng.choice(PRODUCT_SLUGS))
            extra = ""
            if rng.random() < 0.3:  # some servers log request time / upstream time
                extra = " %.3f %.3f" % (rng.uniform(0.001, 2.5), rng.uniform(0.001, 2.4))
            head = "%s - %s [" % (ip, user)
            tail = '] "%s %s HTTP/%s" %d %d "%s" "%s"%s\n' % (
                method, path, rng.choice(("1.1", "1.1", "2.0")), status, size, ref, gen_ua(rng), extra)
            pool.append((head, tail))
        return pool

    def render_one(self, x):
        return x[0] + "15/Mar/2024:14:22:07 -0400" + x[1]

    def block(self, rng, state, nbytes):
        k = max(1, int(nbytes / self.avg))
        rows = rng.choices(self.pool, k=k)
        ts = state["tl"].take(k)
        return "".join([h + t + tail for (h, tail), t in zip(rows, ts)])


# ---- application log (key=value) ----------------------------------------

class AppLog(Kind):
    name = "app_log"
    ext = "log"
    has_timeline = "iso"

    def build_pool(self, rng, n):
        people = [gen_person(rng) for _ in range(max(200, n // 3))]
        pool = []
        for _ in range(n):
            level, logger, msg = rng.choices(LOG_MSGS, LOG_MSG_WEIGHTS)[0]
            thread = rng.choice(("http-nio-8080-exec-%d" % rng.randrange(1, 200), "scheduler-%d" % rng.randrange(1, 8),
                                 "kafka-consumer-%d" % rng.randrange(0, 12), "main"))
            kv = ["request_id=" + gen_uuid(rng)]
            if rng.random() < 0.93:
                kv.append("client_ip=" + gen_ip(rng, 0.08))
            p = rng.choice(people)
            r = rng.random()
            if r < 0.45:
                kv.append("user_email=" + p["email"])
            elif r < 0.75:
                kv.append("user_id=%d" % rng.randrange(1, 3000000))
            if rng.random() < 0.08:
                kv.append("phone=\"%s\"" % gen_phone(rng, p["area"]))
            if rng.random() < 0.05:
                kv.append("postal_code=\"%s\"" % p["postal"])
            if "checkout" in logger or "payments" in logger or "billing" in logger:
                kv.append("order_no=" + gen_order_no(rng))
                kv.append("amount=" + gen_amount(rng))
                kv.append("currency=CAD")
            if rng.random() < 0.15:
                kv.append("payload_sha256=" + gen_sha256(rng))
            if rng.random() < 0.2:
                kv.append("app_version=" + gen_version(rng))
            kv.append("duration_ms=%d" % int(math.exp(rng.uniform(0, 8))))
            kv.append("status=%d" % rng.choice((200, 200, 200, 201, 400, 401, 404, 500)))
            body = ' %-5s [%s] %s - msg="%s" %s\n' % (level, thread, logger, msg, " ".join(kv))
            if level == "ERROR" and rng.random() < 0.5:
                body += STACK_TRACE
            pool.append(body)
        return pool

    def render_one(self, x):
        return "2024-03-15T14:22:07.123Z" + x

    def block(self, rng, state, nbytes):
        k = max(1, int(nbytes / self.avg))
        rows = rng.choices(self.pool, k=k)
        ts = state["tl"].take(k)
        return "".join([t + b for t, b in zip(ts, rows)])


# ---- CSV exports -------------------------------------------------------

class CsvBase(Kind):
    ext = "csv"
    delim = ","
    header_line = ""

    def header(self, rng, state):
        state["id"] = rng.randrange(1, 500000)
        return self.header_line + "\n"

    def render_one(self, x):
        return "123456" + x

    def block(self, rng, state, nbytes):
        k = max(1, int(nbytes / self.avg))
        rows = rng.choices(self.pool, k=k)
        i0 = state["id"]
        state["id"] = i0 + k
        return "".join([str(i) + r for i, r in zip(range(i0, i0 + k), rows)])


class CsvCustomers(CsvBase):
    name = "csv_customers"
    header_line = ("customer_id,first_name,last_name,email,phone,street_address,city,province,"
                   "postal_code,total_spent,last_order_no,created_at,loyalty_tier")

    def build_pool(self, rng, n):
        pool = []
        d = self.delim
        for _ in range(n):
            p = gen_person(rng)
            phone = gen_phone(rng, p["area"], ext_prob=0.02) if rng.random() < 0.95 else ""
            email = p["email"] if rng.random() < 0.97 else ""
            f = [p["first"], p["last"], email, phone, p["street"], p["city"], p["prov"], p["postal"],
                 gen_amount(rng, hi=8000), gen_order_no(rng), random_datetime(rng), rng.choice(LOYALTY)]
            pool.append(d + d.join(csv_field(x, d) for x in f) + "\n")
        return pool


class CsvClientsFr(CsvBase):
    name = "csv_clients_fr"
    delim = ";"
    header_line = ("no_client;prénom;nom;courriel;téléphone;adresse;ville;province;code_postal;"
                   "solde;no_commande;date_inscription;langue;consentement_marketing")

    def build_pool(self, rng, n):
        pool = []
        d = self.delim
        for _ in range(n):
            p = gen_person(rng)
            f = [p["first"], p["last"], p["email"], gen_phone(rng, p["area"], ext_prob=0.03),
                 p["street"], p["city"], p["prov"], p["postal"], gen_amount(rng, fr=True, hi=5000),
                 gen_order_no(rng), random_date(rng, 2016, 2025), rng.choice(("fr", "fr", "fr", "en")),
                 rng.choice(("oui", "non", "non"))]
            pool.append(d + d.join(csv_field(x, d) for x in f) + "\n")
        return pool


class CsvEmployees(CsvBase):
    name = "csv_employees"
    header_line = ("matricule,prenom,nom,nas,date_naissance,date_embauche,service,salaire_annuel,"
                   "courriel_travail,telephone_travail,code_postal_domicile")

    def build_pool(self, rng, n):
        pool = []
        for _ in range(n):
            p = gen_person(rng)
            f = [p["first"], p["last"], gen_sin(rng), random_date(rng, 1960, 2004),
                 random_date(rng, 2000, 2025), rng.choice(DEPARTMENTS), "%d" % rng.randrange(38000, 190000),
                 ascii_fold(p["first"]).lower().replace(" ", "") + "." + ascii_fold(p["last"]).lower().replace("'", "").replace(" ", "") + "@corp.example",
                 gen_phone(rng, p["area"], fmt="{a}-{e}-{l}", ext_prob=0.5), p["postal"]]
            pool.append("," + ",".join(csv_field(x, ",") for x in f) + "\n")
        return pool


class CsvOrders(CsvBase):
    """Lower PII density: orders keyed by number/hash, only shipping FSA+email."""
    name = "csv_orders"
    header_line = "order_id,order_no,created_at,customer_email,items,subtotal,tax,total,currency,payment_token_sha256,ship_postal_code,tracking_ref"

    def build_pool(self, rng, n):
        pool = []
        for _ in range(n):
            p = gen_person(rng)
            sub = math.exp(rng.uniform(1, 7))
            f = [gen_order_no(rng), random_datetime(rng, "T") + "Z",
                 p["email"] if rng.random() < 0.6 else "", str(rng.randrange(1, 12)),
                 "%.2f" % sub, "%.2f" % (sub * 0.14975), "%.2f" % (sub * 1.14975), "CAD",
                 gen_sha256(rng), p["postal"] if rng.random() < 0.7 else "",
                 gen_fake_sin(rng) if rng.random() < 0.3 else "1Z%016X" % rng.getrandbits(64)]
            pool.append("," + ",".join(f) + "\n")
        return pool


# ---- JSON lines ----------------------------------------------------------

class JsonEvents(Kind):
    name = "jsonl_events"
    ext = "jsonl"
    has_timeline = "iso"

    def build_pool(self, rng, n):
        pool = []
        for _ in range(n):
            ev = rng.choices(EVENTS, EVENT_WEIGHTS)[0]
            p = gen_person(rng)
            o = {"event": ev, "id": gen_uuid(rng), "session_id": gen_uuid(rng),
                 "client": {"ip": gen_ip(rng, 0.15), "ua": gen_ua(rng), "app_version": gen_version(rng)}}
            if ev != "page.viewed" or rng.random() < 0.2:
                contact = {"email": p["email"]}
                if rng.random() < 0.7:
                    contact["phone"] = gen_phone(rng, p["area"])
                if rng.random() < 0.6:
                    contact["address"] = {"street": p["street"], "city": p["city"], "province": p["prov"],
                                          "postal_code": p["postal"], "country": "CA"}
                o["user"] = {"id": rng.randrange(1, 3000000), "name": p["first"] + " " + p["last"],
                             "locale": rng.choice(("fr-CA", "en-CA")), "contact": contact}
            else:
                o["page"] = {"path": "/%s/produits/%s" % (rng.choice(("fr", "en")), rng.choice(PRODUCT_SLUGS)),
                             "referrer": None, "load_ms": rng.randrange(80, 4000)}
            if ev in ("checkout.completed", "order.shipped", "order.refunded"):
                o["order"] = {"no": gen_order_no(rng), "total": round(math.exp(rng.uniform(1, 7)), 2),
                              "currency": "CAD", "payment_fingerprint": gen_sha256(rng),
                              "items": [{"sku": "SKU-%06d" % rng.randrange(1000000), "qty": rng.randrange(1, 4),
                                         "price": round(rng.uniform(2, 300), 2)} for _ in range(rng.randrange(1, 4))]}
            if ev == "support.ticket.opened":
                o["ticket"] = {"subject": rng.choice(("Problème de livraison", "Wrong size", "Facture en double")),
                               "body": "Bonjour, vous pouvez me rappeler au %s. Merci!" % gen_phone(rng, p["area"])}
            o["dur_ms"] = rng.randrange(1, 5000)
            s = json.dumps(o, ensure_ascii=rng.random() < 0.3, separators=(",", ":"))
            pool.append('",' + s[1:] + "\n")
        return pool

    def render_one(self, x):
        return '{"ts":"2024-03-15T14:22:07.123Z' + x

    def block(self, rng, state, nbytes):
        k = max(1, int(nbytes / self.avg))
        rows = rng.choices(self.pool, k=k)
        ts = state["tl"].take(k)
        return "".join(['{"ts":"' + t + r for t, r in zip(ts, rows)])


# ---- SQL dumps -------------------------------------------------------------

PG_TABLES = {
    "customers": ("id", "first_name", "last_name", "email", "phone", "street", "city", "province", "postal_code", "created_at"),
    "orders": ("id", "order_no", "customer_id", "total", "currency", "status", "payment_sha256", "created_at"),
    "sessions": ("id", "session_uuid", "user_id", "ip_address", "user_agent", "started_at"),
    "employees": ("id", "first_name", "last_name", "sin", "birth_date", "department", "home_phone", "postal_code"),
}


def table_rows(rng, table, n, fmt):
    """Pre-render row bodies (all columns but id) for one table. fmt: 'pg' or 'mysql'."""
    out = []
    for _ in range(n):
        p = gen_person(rng)
        if table == "customers":
            v = [p["first"], p["last"], p["email"], gen_phone(rng, p["area"]) if rng.random() < 0.9 else None,
                 p["street"], p["city"], p["prov"], p["postal"], random_datetime(rng) + "-05"]
        elif table == "orders":
            v = [gen_order_no(rng), rng.randrange(1, 2000000), "%.2f" % math.exp(rng.uniform(1, 7)), "CAD",
                 rng.choice(("paid", "shipped", "refunded", "pending")), gen_sha256(rng), random_datetime(rng) + "-05"]
        elif table == "sessions":
            v = [gen_uuid(rng), rng.randrange(1, 2000000) if rng.random() < 0.7 else None, gen_ip(rng, 0.15),
                 gen_ua(rng), random_datetime(rng) + "-05"]
        else:
            v = [p["first"], p["last"], gen_sin(rng), random_date(rng, 1960, 2004), rng.choice(DEPARTMENTS),
                 gen_phone(rng, p["area"]), p["postal"]]
        if fmt == "pg":
            out.append("\t" + "\t".join("\\N" if x is None else pg_text(str(x)) for x in v) + "\n")
        else:
            out.append("," + ",".join("NULL" if x is None else (str(x) if isinstance(x, int) else sql_str(x)) for x in v) + ")")
    return out


TABLE_WEIGHTS = {"customers": 40, "orders": 30, "sessions": 22, "employees": 8}


class PgDump(Kind):
    name = "pg_dump"
    ext = "sql"
    dialect = "pg"        # row syntax passed to table_rows
    row_overhead = 7      # bytes each rendered row adds (id, separators)

    def build_pool(self, rng, n):
        per = {t: table_rows(rng, t, max(100, n * w // 100), self.dialect) for t, w in TABLE_WEIGHTS.items()}
        self.tables = per
        self.tavg = {t: sum(len(r.encode()) for r in rows[:300]) / min(300, len(rows)) + self.row_overhead
                     for t, rows in per.items()}
        return per["customers"]

    def render_one(self, x):
        return "1234567" + x

    def header(self, rng, state):
        state["ids"] = {t: 1 for t in PG_TABLES}
        h = ["--\n-- PostgreSQL database dump\n--\n\n",
             "-- Dumped from database version 15.%d\n-- Dumped by pg_dump version 16.%d\n\n" % (rng.randrange(2, 8), rng.randrange(1, 4)),
             "SET statement_timeout = 0;\nSET lock_timeout = 0;\nSET client_encoding = 'UTF8';\n",
             "SET standard_conforming_strings = on;\nSELECT pg_catalog.set_config('search_path', '', false);\n\n"]
        for t, cols in PG_TABLES.items():
            h.append("CREATE TABLE public.%s (\n    %s\n);\n\nALTER TABLE public.%s OWNER TO app;\n\n" % (
                t, ",\n    ".join(c + (" bigint NOT NULL" if c == "id" else " text") for c in cols), t))
        return "".join(h)

    def block(self, rng, state, nbytes):
        out = []
        size = 0
        while size < nbytes:
            t = rng.choices(list(TABLE_WEIGHTS), list(TABLE_WEIGHTS.values()))[0]
            want = min(nbytes - size, rng.randrange(256 * KiB, 2 * MiB))
            k = max(1, int(want / self.tavg[t]))
            rows = rng.choices(self.tables[t], k=k)
            i0 = state["ids"][t]
            state["ids"][t] = i0 + k
            s = "COPY public.%s (%s) FROM stdin;\n%s\\.\n\n" % (
                t, ", ".join(PG_TABLES[t]), "".join([str(i) + r for i, r in zip(range(i0, i0 + k), rows)]))
            out.append(s)
            size += int(k * self.tavg[t]) + 80
        return "".join(out)


class MysqlDump(PgDump):
    name = "mysql_dump"
    ext = "sql"
    dialect = "mysql"
    row_overhead = 9

    def render_one(self, x):
        return "(1234567" + x

    def header(self, rng, state):
        state["ids"] = {t: 1 for t in PG_TABLES}
        h = ["-- MySQL dump 10.13  Distrib 8.0.%d, for Linux (x86_64)\n--\n-- Host: 10.20.%d.%d    Database: boutique\n"
             % (rng.randrange(30, 40), rng.randrange(256), rng.randrange(1, 255)),
             "-- ------------------------------------------------------\n-- Server version\t8.0.%d\n\n" % rng.randrange(30, 40),
             "/*!40101 SET @OLD_CHARACTER_SET_CLIENT=@@CHARACTER_SET_CLIENT */;\n/*!50503 SET NAMES utf8mb4 */;\n",
             "/*!40014 SET @OLD_UNIQUE_CHECKS=@@UNIQUE_CHECKS, UNIQUE_CHECKS=0 */;\n\n"]
        return "".join(h)

    def block(self, rng, state, nbytes):
        out = []
        size = 0
        while size < nbytes:
            t = rng.choices(list(TABLE_WEIGHTS), list(TABLE_WEIGHTS.values()))[0]
            if not state.get("created_" + t):
                state["created_" + t] = True
                out.append("--\n-- Table structure for table `%s`\n--\n\nDROP TABLE IF EXISTS `%s`;\nCREATE TABLE `%s` (\n  %s,\n  PRIMARY KEY (`id`)\n) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;\n\n"
                           % (t, t, t, ",\n  ".join("`%s` %s" % (c, "bigint NOT NULL" if c == "id" else "varchar(255) DEFAULT NULL") for c in PG_TABLES[t])))
            out.append("LOCK TABLES `%s` WRITE;\n/*!40000 ALTER TABLE `%s` DISABLE KEYS */;\n" % (t, t))
            # a few extended INSERT lines of up to ~1 MiB each (mysqldump's net_buffer_length)
            for _ in range(rng.randrange(1, 5)):
                want = min(max(nbytes - size, 1), rng.randrange(64 * KiB, 1 * MiB))
                k = max(1, int(want / self.tavg[t]))
                rows = rng.choices(self.tables[t], k=k)
                i0 = state["ids"][t]
                state["ids"][t] = i0 + k
                out.append("INSERT INTO `%s` VALUES %s;\n" % (t, ",".join(["(" + str(i) + r for i, r in zip(range(i0, i0 + k), rows)])))
                size += int(k * self.tavg[t]) + 30
                if size >= nbytes:
                    break
            out.append("/*!40000 ALTER TABLE `%s` ENABLE KEYS */;\nUNLOCK TABLES;\n\n" % t)
            size += 120
        return "".join(out)


# ---- Prose, notes, markdown ----------------------------------------------

SLOTS = {
    "topic": lambda r, s: r.choice(TOPICS_EN),
    "team": lambda r, s: r.choice(TEAMS_EN),
    "weekday": lambda r, s: r.choice(WEEKDAYS_EN),
    "n": lambda r, s: r.randrange(2, 5000),
    "n2": lambda r, s: r.randrange(5000, 20000),
    "first": lambda r, s: s.person["first"],
    "order": lambda r, s: gen_order_no(r),
    "price": lambda r, s: gen_price(r),
    "price2": lambda r, s: gen_price(r, hi=2000),
    "price_fr": lambda r, s: gen_price(r, fr=True),
    "price2_fr": lambda r, s: gen_price(r, fr=True, hi=2000),
    "version": lambda r, s: gen_version(r),
    "month": lambda r, s: r.choice(MONTHS_EN),
    "month_fr": lambda r, s: r.choice(MONTHS_FR),
    "hms": lambda r, s: HMS[r.randrange(86400)],
    "sha_short": lambda r, s: gen_sha256(r)[:12],
    "city": lambda r, s: s.person["city"],
    "product": lambda r, s: r.choice(PRODUCTS),
    "uuid": lambda r, s: gen_uuid(r),
    "phone": lambda r, s: gen_phone(r, s.person["area"]),
    "email": lambda r, s: s.person["email"],
    "street": lambda r, s: s.person["street"],
    "prov": lambda r, s: s.person["prov"],
    "prov_fr": lambda r, s: PROVINCE_FR[s.person["prov"]],
    "postal": lambda r, s: s.person["postal"],
    "sin": lambda r, s: gen_sin(r),
    "ip": lambda r, s: gen_ip(r, 0.1),
}


class Slots(dict):
    """Template values computed only when a template uses them."""

    def __init__(self, rng, fr=False):
        super().__init__()
        self.rng = rng
        self._person = None
        if fr:
            self["topic"] = rng.choice(TOPICS_FR)
            self["team"] = rng.choice(TEAMS_FR)
            self["weekday"] = rng.choice(WEEKDAYS_FR)

    @property
    def person(self):
        if self._person is None:
            self._person = gen_person(self.rng)
        return self._person

    def __missing__(self, key):
        v = self[key] = SLOTS[key](self.rng, self)
        return v


def fill_template(rng, tpl):
    s = tpl.format_map(Slots(rng))
    return s[0].upper() + s[1:]


def fr_template(rng, tpl):
    s = tpl.format_map(Slots(rng, fr=True))
    return s[0].upper() + s[1:]


class Prose(Kind):
    """Paragraphs of English or French prose; a PII sentence every few KB."""
    name = "prose_en"
    ext = "txt"
    fr = False
    pii_every = 4 * KiB  # average bytes between PII-bearing paragraphs

    def sentence(self, rng, pii=False):
        tpls = (PII_SENT_FR if pii else SENT_FR) if self.fr else (PII_SENT_EN if pii else SENT_EN)
        t = rng.choice(tpls)
        return fr_template(rng, t) if self.fr else fill_template(rng, t)

    def paragraph(self, rng, pii):
        n = rng.randrange(2, 7)
        ss = [self.sentence(rng) for _ in range(n)]
        if pii:
            ss.insert(rng.randrange(len(ss) + 1), self.sentence(rng, True))
        text = " ".join(ss)
        if rng.random() < 0.5:  # hard-wrapped at ~78 columns, like emails and plain-text notes
            lines, cur = [], ""
            for w in text.split(" "):
                if cur and len(cur) + 1 + len(w) > 78:
                    lines.append(cur)
                    cur = w
                else:
                    cur = cur + " " + w if cur else w
            lines.append(cur)
            text = "\n".join(lines)
        return text + "\n\n"

    def build_pool(self, rng, n):
        pool = [self.paragraph(rng, False) for _ in range(n)]
        self.pii_pool = [self.paragraph(rng, True) for _ in range(max(50, n // 10))]
        return pool

    def block(self, rng, state, nbytes):
        k = max(1, int(nbytes / self.avg))
        paras = rng.choices(self.pool, k=k)
        # Replace some paragraphs with PII-bearing ones: on average one per pii_every bytes.
        n_pii = int(nbytes / self.pii_every + rng.random())
        for _ in range(n_pii):
            paras[rng.randrange(k)] = rng.choice(self.pii_pool)
        return "".join(paras)


class ProseFr(Prose):
    name = "prose_fr"
    fr = True


class SupportNotes(Prose):
    """Ticket notes: mostly text with a few PII values per ticket."""
    name = "support_notes"
    ext = "txt"
    pii_every = 10**12  # PII is already part of each ticket

    def build_pool(self, rng, n):
        pool = []
        for _ in range(max(100, n // 4)):
            self.fr = rng.random() < 0.6
            p = gen_person(rng)
            tid = "INC%07d" % rng.randrange(10**7)
            if self.fr:
                head = "=== Billet %s | ouvert le %s | priorité : %s | agent : %s ===\n" % (
                    tid, random_datetime(rng), rng.choice(("basse", "moyenne", "haute")), rng.choice(FIRST_NAMES))
                head += "Client : %s %s (no client %d)\n\n" % (p["first"], p["last"], rng.randrange(1, 2000000))
            else:
                head = "=== Ticket %s | opened %s | priority: %s | agent: %s ===\n" % (
                    tid, random_datetime(rng), rng.choice(("low", "medium", "high")), rng.choice(FIRST_NAMES))
                head += "Customer: %s %s (account %d)\n\n" % (p["first"], p["last"], rng.randrange(1, 2000000))
            body = []
            for _ in range(rng.randrange(1, 4)):
                body.append(self.paragraph(rng, rng.random() < 0.7))
            if rng.random() < 0.3:
                body.append(("Référence interne : %s — ne pas confondre avec un NAS.\n\n" if self.fr else
                             "Internal reference: %s (not a SIN).\n\n") % gen_fake_sin(rng))
            pool.append(head + "".join(body))
        self.fr = False
        return pool

    def block(self, rng, state, nbytes):
        return Kind.block(self, rng, state, nbytes)


MD_CODE = [
    "```bash\ncurl -sSfL https://downloads.example.com/tool/v{ver}/tool-{ver}-x86_64.tar.gz -o tool.tgz\necho \"{sha}  tool.tgz\" | sha256sum -c -\ntar xzf tool.tgz && ./tool --version\n```\n\n",
    "```toml\n[server]\nlisten = \"0.0.0.0:8080\"\nupstream = \"http://{ip}:9000\"\nrequest_timeout_ms = {n}\nbuild = \"{ver}\"\n```\n\n",
    "```json\n{{\"id\": \"{uuid}\", \"version\": \"{ver}\", \"created\": \"{ts}\", \"checksum\": \"sha256:{sha}\"}}\n```\n\n",
    "```\n$ git log --oneline -3\n{h1} Bump version to {ver}\n{h2} Fix rounding of prices above {price}\n{h3} Merge pull request #{n} from example/feature\n```\n\n",
    "```sql\nSELECT order_no, total FROM orders WHERE created_at >= '{date}' AND total > {amount};\n```\n\n",
]
MD_TABLES = [
    "| Forfait | Prix mensuel | Utilisateurs |\n|---|---:|---:|\n| Base | {pfr} | 5 |\n| Pro | {pfr2} | 25 |\n| Entreprise | sur demande | illimité |\n\n",
    "| Release | Date | Notes |\n|---|---|---|\n| {ver} | {date} | bug fixes |\n| {ver2} | {date2} | new export format |\n\n",
]


class MarkdownDocs(Prose):
    name = "md_docs"
    ext = "md"
    pii_every = 12 * KiB

    def build_pool(self, rng, n):
        pool = []
        for i in range(max(100, n // 3)):
            self.fr = rng.random() < 0.5
            parts = []
            if rng.random() < 0.3:
                parts.append("%s %s\n\n" % ("#" * rng.randrange(1, 4), rng.choice(TOPICS_FR if self.fr else TOPICS_EN).capitalize()))
            parts.append(self.paragraph(rng, False))
            r = rng.random()
            if r < 0.3:
                p = gen_person(rng)
                parts.append(rng.choice(MD_CODE).format(
                    ver=gen_version(rng).lstrip("v"), sha=gen_sha256(rng), ip=gen_ipv4(rng), n=rng.randrange(100, 99999),
                    uuid=gen_uuid(rng), ts=random_datetime(rng, "T") + "Z", h1="%07x" % rng.getrandbits(28),
                    h2="%07x" % rng.getrandbits(28), h3="%07x" % rng.getrandbits(28), price=gen_price(rng),
                    date=random_date(rng), amount=gen_amount(rng)))
            elif r < 0.4:
                parts.append(rng.choice(MD_TABLES).format(pfr=gen_price(rng, True, 100), pfr2=gen_price(rng, True, 400),
                                                          ver=gen_version(rng), ver2=gen_version(rng),
                                                          date=random_date(rng), date2=random_date(rng)))
            elif r < 0.6:
                items = [(fr_template if self.fr else fill_template)(rng, rng.choice(SENT_FR if self.fr else SENT_EN))
                         for _ in range(rng.randrange(2, 6))]
                parts.append("".join("- " + it + "\n" for it in items) + "\n")
            pool.append("".join(parts))
        self.pii_pool = []
        for _ in range(max(30, n // 30)):
            self.fr = rng.random() < 0.5
            self.pii_pool.append(self.paragraph(rng, True))
        self.fr = False
        return pool


KINDS = [AccessLog, AppLog, CsvCustomers, CsvClientsFr, CsvEmployees, CsvOrders, JsonEvents,
         PgDump, MysqlDump, Prose, ProseFr, SupportNotes, MarkdownDocs]
KIND_BY_NAME = {k.name: k for k in KINDS}

# --------------------------------------------------------------------------
# Layout
# --------------------------------------------------------------------------

LARGE = [  # (relative path, kind, share of total size)
    ("large/web/access-2024.log", "access_log", 0.19),
    ("large/app/billing-service.log", "app_log", 0.11),
    ("large/db/boutique-mysqldump.sql", "mysql_dump", 0.14),
    ("large/exports/customers-full-export.csv", "csv_customers", 0.12),
]
MEDIUM_SHARE = 0.34
MEDIUM_KINDS = [  # (kind, weight, directory, file stem)
    ("access_log", 10, "medium/logs/nginx", "access"),
    ("app_log", 12, "medium/logs/services", "service"),
    ("csv_customers", 6, "medium/exports", "customers"),
    ("csv_clients_fr", 8, "medium/exports/fr", "clients"),
    ("csv_employees", 3, "medium/rh", "employes"),
    ("csv_orders", 6, "medium/exports", "orders"),
    ("jsonl_events", 15, "medium/events", "events"),
    ("pg_dump", 14, "medium/db", "pg_dump"),
    ("mysql_dump", 5, "medium/db", "mysqldump"),
    ("prose_en", 4, "medium/docs", "report"),
    ("prose_fr", 5, "medium/docs", "rapport"),
    ("support_notes", 7, "medium/support", "notes"),
    ("md_docs", 5, "medium/wiki", "wiki"),
]
SMALL_KINDS = [  # (kind, weight, file stem)
    ("prose_en", 14, "meeting-notes"), ("prose_fr", 16, "compte-rendu"), ("support_notes", 14, "ticket"),
    ("md_docs", 16, "README"), ("csv_customers", 4, "extract"), ("csv_clients_fr", 5, "extraction"),
    ("csv_employees", 2, "liste-employes"), ("csv_orders", 4, "orders"), ("jsonl_events", 8, "events"),
    ("app_log", 7, "app"), ("access_log", 6, "access"), ("pg_dump", 3, "fixture"), ("mysql_dump", 1, "seed"),
]
TOP_DIRS = ["finance", "rh", "support", "marketing", "ventes", "it-ops", "juridique", "data-science",
            "clients", "archives", "projets", "partage"]
SUB_DIRS = ["2021", "2022", "2023", "2024", "2025", "q1", "q2", "q3", "q4", "brouillons", "final", "old",
            "exports", "notes", "montreal", "quebec", "toronto", "tmp", "équipe-a", "équipe-b"]


def log_uniform(rng, lo, hi):
    return int(math.exp(rng.uniform(math.log(lo), math.log(hi))))


def make_plan(total, seed):
    rng = random.Random("%s:plan:%d" % (seed, total))
    plan = []
    for path, kind, share in LARGE:
        plan.append((path, kind, int(total * share), "large"))
    used = sum(p[2] for p in plan)
    budget = int(total * MEDIUM_SHARE)
    i = 0
    while budget > 256 * KiB:
        kind, _, d, stem = rng.choices(MEDIUM_KINDS, [k[1] for k in MEDIUM_KINDS])[0]
        size = min(budget, log_uniform(rng, 1 * MiB, 20 * MiB))
        ext = KIND_BY_NAME[kind].ext
        if kind in ("prose_en", "prose_fr") and rng.random() < 0.3:
            ext = "md"
        plan.append(("%s/%s-%03d.%s" % (d, stem, i, ext), kind, size, "medium"))
        budget -= size
        used += size
        i += 1
    budget = total - used
    i = 0
    while budget > 0:
        kind, _, stem = rng.choices(SMALL_KINDS, [k[1] for k in SMALL_KINDS])[0]
        size = min(max(budget, 256), log_uniform(rng, 1 * KiB, 64 * KiB))
        ext = KIND_BY_NAME[kind].ext
        if kind in ("prose_en", "prose_fr", "support_notes") and rng.random() < 0.25:
            ext = "md"
        depth = rng.randrange(1, 5)
        parts = ["small", rng.choice(TOP_DIRS)] + [rng.choice(SUB_DIRS) for _ in range(depth - 1)]
        plan.append(("%s/%s-%05d.%s" % ("/".join(parts), stem, i, ext), kind, size, "small"))
        budget -= size
        i += 1
    return plan


# --------------------------------------------------------------------------
# Main
# --------------------------------------------------------------------------


def write_file(out_dir, rel, kind, nbytes, seed):
    path = os.path.join(out_dir, rel)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    rng = random.Random("%s:file:%s" % (seed, rel))
    state = kind.new_state(rng)
    written = 0
    with open(path, "wb") as f:
        h = kind.header(rng, state).encode("utf-8")
        f.write(h)
        written += len(h)
        while True:  # at least one block, even when the header fills the budget
            want = max(1, min(BLOCK, nbytes - written))
            data = kind.block(rng, state, want).encode("utf-8")
            f.write(data)
            written += len(data)
            if written >= nbytes:
                break
    return written


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("out_dir")
    ap.add_argument("--size-mib", type=float, default=1100.0, help="approximate total size (default 1100)")
    ap.add_argument("--seed", default="42", help="random seed (default 42)")
    ap.add_argument("--pool", type=int, default=0,
                    help="pre-rendered values per kind (default: scales with size, 5000..60000)")
    args = ap.parse_args()

    t0 = time.time()
    total = int(args.size_mib * MiB)
    pool_n = args.pool or int(min(60000, max(5000, args.size_mib * 50)))
    if os.path.exists(args.out_dir) and os.listdir(args.out_dir):
        print("error: %s exists and is not empty (remove it first so stale files do not skew results)" % args.out_dir,
              file=sys.stderr)
        return 2
    os.makedirs(args.out_dir, exist_ok=True)

    plan = make_plan(total, args.seed)
    kinds = {}
    stats = {}
    classes = {}
    for n, (rel, kname, size, cls) in enumerate(plan):
        kind = kinds.get(kname)
        if kind is None:
            tk = time.time()
            kind = kinds[kname] = KIND_BY_NAME[kname](args.seed, pool_n)
            print("  pool %-15s %6d entries, avg %5.0f B  (%.1fs)" % (kname, len(kind.pool), kind.avg, time.time() - tk),
                  file=sys.stderr)
        b = write_file(args.out_dir, rel, kind, size, args.seed)
        s = stats.setdefault(kname, [0, 0])
        s[0] += 1
        s[1] += b
        c = classes.setdefault(cls, [0, 0])
        c[0] += 1
        c[1] += b
        if cls != "small" or n % 1000 == 0:
            print("  [%5.1fs] %-55s %9.1f MiB" % (time.time() - t0, rel, b / MiB), file=sys.stderr)

    tot_files = sum(v[0] for v in stats.values())
    tot_bytes = sum(v[1] for v in stats.values())
    el = time.time() - t0
    print("corpus: %s  (seed %s, pool %d)" % (args.out_dir, args.seed, pool_n))
    print("%-16s %7s %12s %7s" % ("kind", "files", "MiB", "share"))
    for k in sorted(stats, key=lambda k: -stats[k][1]):
        f, b = stats[k]
        print("%-16s %7d %12.1f %6.1f%%" % (k, f, b / MiB, 100.0 * b / tot_bytes))
    print("%-16s %7s %12s" % ("-" * 16, "-" * 7, "-" * 12))
    for c in ("large", "medium", "small"):
        if c in classes:
            print("%-16s %7d %12.1f" % (c + " files", classes[c][0], classes[c][1] / MiB))
    print("%-16s %7d %12.1f   (%.1f s, %.1f MiB/s)" % ("total", tot_files, tot_bytes / MiB, el, tot_bytes / MiB / max(el, 1e-9)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
