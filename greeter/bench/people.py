"""Synthetic people for the benchmark shop: names from many cultures, phones, emails, items."""

from __future__ import annotations

import random
from collections.abc import Callable

from greeter.core.text import fold

# Given names and surnames as people write them, diacritics and other scripts included.
GIVEN = """Zoë Chloé Hélène Léa Amélie Élodie Jérôme François Benoît Rémi Gaëlle Noël Anaïs Maël
Inès Loïc José María Inés Sofía Lucía Martín Andrés Raúl Joaquín Begoña João Conceição Gonçalo
Jürgen Jörg Björn Søren Åsa Ingrid Felix Lena Mette Ørjan Håkon Tomáš Jiří Zdeněk Łukasz
Małgorzata Agnieszka Wojciech Dušan Miloš Nataša Siobhán Seán Niamh Aoife Ciarán Pádraig Róisín
Oisín Lan Minh Thảo Hương Phương Tuấn Đức Quỳnh Wei Mei Jun Xiùyīng Ömer Şükrü Gülşen Ayşe Çağla
Yusuf Fatima Layla Amira Khalid Priya Aarav Ananya Rohan Saanvi Vikram Kwame Ama Kofi Adwoa Chidi
Ngozi Oluwaseun Yūki Haruto Sakura Jiwoo Min-jun Seo-yeon Þóra Guðrún Ágnes Zoltán Ștefan Νίκος
Ελένη Ольга Дмитрий Anna Emma Olivia Liam Noah James Sarah David Michael Laura Daniel Grace Hannah
Sam Alex Chris Pat Jean-Luc Marie-Ève Anne-Sophie Paul Peter Robert Linda Susan Karen
Thomas""".split()
SURNAMES = """Dubois Lefèvre Gagnon Côté Bélanger Lévesque Gauthier Bouchard Pelletier Béliveau
Thériault Ménard Lachance Dupré Brûlé García Martínez Rodríguez Núñez Peña Ibáñez Muñoz Gómez
Fernández Álvarez Araújo Gonçalves Magalhães Müller Schröder Weiß Groß Jørgensen Nyström Åberg
Bäcklund Kühn Dvořák Novák Černý Procházka Wiśniewski Kowalczyk Łukaszewicz Jovanović Petrović
Kovač O'Brien O'Sullivan McCarthy Fitzgerald MacDonald Nguyễn Trần Lê Phạm Hoàng Đặng Võ Bùi
Wáng Lǐ Zhāng Liú Chén 王 李 Yılmaz Öztürk Çelik Şahin Al-Sayed El-Amin Haddad Nasser Sharma Patel
Iyer Reddy Gupta Nair Mensah Boateng Okafor Adeyemi Nwosu Ọlọ́runfẹ́mi Satō Suzuki Takahashi Kim
Park Choi Itō Þórsdóttir Guðmundsson Kovács Szabó Ionescu Popescu Παπαδόπουλος Иванова Smith
Johnson Williams Brown Jones Miller Davis Wilson Anderson Taylor Thomas Moore Martin Lee Clark
Lewis Walker Young King Wright Scott Green Baker Adams Nelson Hill Campbell Mitchell
Roberts""".split()
NICKNAMES = {
    "Robert": "Bob", "Michael": "Mike", "Daniel": "Dan", "Alex": "Sasha", "James": "Jim",
    "Dmitry": "Dima", "Małgorzata": "Gosia", "Joaquín": "Quino", "Peter": "Pete",
}  # fmt: skip
# Syllables for surnames beyond the common ones: a big shop has thousands of distinct surnames.
_HEADS = """Bel Du Le Mar Ro Ché Gré Thé Nov Kov Dvo Petr Šim Hor Vlč Fer Ibá Gon Rodr Ló Wen Ng
Øst Ås Bjør Mül Sch Ha Ka Ta Ad Ok Nw Ọ Sza Kol Ion Pop Mac O'Ke Al-Ha Ben Yıl Öz Çe Şa Đo Trư
Huỳ Lâm""".split()
_MIDS = "a e i o u an en ol ar ič ás ö ü é ø ắ ọ ịn ow".split()
_TAILS = """ault ier ette eau ière ard ois ák ović ský ek ička ová ández ínez ñez zález igo sen
dóttir son mann berg ström ki ska wicz escu ianu yan oğlu ara ama ito elli etti ez uez ng
nh""".split()

ITEM_WORDS = """Espresso Café Crème Brûlée Matcha Chai Croissant Pain Baguette Gâteau Macaron Tarte
Sourdough Bagel Muffin Scone Cookie Brownie Granola Honey Jam Olive Oil Vinegar Pasta Risotto Rice
Noodles Tea Coffee Beans Chocolate Truffle Candle Soap Notebook Pen Card Wrapping Ribbon Mug Glass
Plate Bowl Spoon Socks Scarf Gloves Hat Umbrella Battery Cable Charger Lamp Bulb Plant Pot Seeds
Shampoo Lotion Balm Perfume Vase Frame Puzzle Toy Book Map Sticker Magnet Keyring""".split()
ITEM_KINDS = "small large 250 g 500 g 1 kg dark light organic bio classic deluxe mini".split()


def surname_pool(size: int, rng: random.Random) -> list[str]:
    """Common surnames first, then made-up ones until there are `size` distinct."""
    names = list(dict.fromkeys(SURNAMES))
    seen = set(names)
    while len(names) < size:
        name = rng.choice(_HEADS) + rng.choice(_MIDS) + rng.choice(_TAILS)
        if rng.random() < 0.25:
            name += rng.choice(_MIDS) + rng.choice(_TAILS)
        name = name[0].upper() + name[1:]
        if name not in seen:
            seen.add(name)
            names.append(name)
    return names


def skewed(pool: list[str], rng: random.Random, power: float = 2.5) -> Callable[[], str]:
    """Pick from `pool`, the first entries (the common names) far more often than the last."""
    size, rand = len(pool), rng.random
    return lambda: pool[int(size * rand() ** power)]


def person(
    given: Callable[[], str], surname: Callable[[], str], rng: random.Random
) -> tuple[str, str]:
    """(preferred name, full name): a nickname now and then, middle names, double surnames."""
    first = given()
    last = surname()
    roll = rng.random()
    if roll < 0.05:
        last = f"{last}-{surname()}"
    elif roll < 0.12:
        first = f"{first} {given()}"
    preferred = first.split()[0]
    if preferred in NICKNAMES and rng.random() < 0.5:
        preferred = NICKNAMES[preferred]
    elif rng.random() < 0.03:
        preferred = given()
    return preferred, f"{first} {last}"


def ascii_part(text: str) -> str:
    return "".join(ch for ch in fold(text) if "a" <= ch <= "z") or "guest"


def email_for(preferred: str, full: str, number: int) -> str:
    domain = ("example.com", "example.org", "mail.example.net", "example.ca")[number % 4]
    return f"{ascii_part(preferred)}.{ascii_part(full.split()[-1])}{number}@{domain}"


# Area code and exchange pairs every one of which phonenumbers accepts as a Canadian number.
AREA_CODES = (613, 343, 416, 647, 437, 514, 438, 450, 604, 778, 236, 403, 587, 780, 902, 506,
              709, 306, 204, 519, 226, 705, 905, 289, 819, 418, 581, 250)  # fmt: skip
EXCHANGES = (555, 201, 224, 288, 321, 355, 402, 459, 520, 617, 684, 737, 760, 822, 868, 915, 946,
             983)  # fmt: skip
PHONE_SLOTS = len(AREA_CODES) * len(EXCHANGES) * 10_000


def phone_e164(slot: int) -> str:
    """The `slot`th distinct valid phone number (slot < PHONE_SLOTS)."""
    line = slot % 10_000
    pair = slot // 10_000
    area = AREA_CODES[pair % len(AREA_CODES)]
    exchange = EXCHANGES[pair // len(AREA_CODES)]
    return f"+1{area}{exchange}{line:04d}"


def phone_typed(e164: str, style: int) -> str:
    """The number as people type it: five common shapes."""
    area, exchange, line = e164[2:5], e164[5:8], e164[8:]
    return (
        f"({area}) {exchange}-{line}",
        f"{area}-{exchange}-{line}",
        f"+1 {area} {exchange} {line}",
        f"{area}.{exchange}.{line}",
        f"{area}{exchange}{line}",
    )[style % 5]


def catalogue(size: int, rng: random.Random) -> list[tuple[str, str, int]]:
    """(item name, SKU, price in cents), the most popular first."""
    items: list[tuple[str, str, int]] = []
    names: set[str] = set()
    while len(items) < size:
        name = f"{rng.choice(ITEM_WORDS)} {rng.choice(ITEM_WORDS).lower()} {rng.choice(ITEM_KINDS)}"
        if name in names:
            continue
        names.add(name)
        price = int(rng.lognormvariate(6.8, 0.9)) // 5 * 5 + 95
        items.append((name, f"SKU-{len(items):06d}", price))
    return items


NOTES = (
    ("general", "Prefers to pay by card; likes a paper receipt."),
    ("general", "Works at the library across the street."),
    ("preference", "Oat milk, never dairy."),
    ("preference", "Gift wrap everything, no plastic bags."),
    ("caution", "Allergic to nuts: check labels with them."),
    ("general", "Training for a marathon in the spring."),
    ("preference", "Likes to hear about new arrivals first."),
    ("general", "Daughter Ana started university this year."),
)
FOLLOW_UPS = (
    ("reserved", "Reserved the blue scarf until Saturday."),
    ("promise", "Call when the new espresso beans arrive."),
    ("problem", "Charger stopped working: exchange offered."),
    ("call_back", "Wants a quote for 40 gift boxes."),
)
PREFERENCES = (("Shoe size", "11"), ("Avoids", "Brand X"), ("Coffee", "Flat white"),
               ("Size", "M"), ("Gift budget", "about 50"))  # fmt: skip
TAGS = ("wholesale", "staff", "teacher", "neighbour", "newsletter")
