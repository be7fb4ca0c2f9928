"""Word lists for synthetic practices, in English and the partners' languages (with their accents),
so that full-text search over many languages and unaccented queries can be benchmarked.
"""

# Language of the original text in each country (Harghita is largely Hungarian-speaking).
LANGUAGES_BY_COUNTRY = {
    "EL": ("el",),
    "DE": ("de",),
    "BE": ("nl", "fr"),
    "RO": ("ro", "hu"),
    "PL": ("pl",),
    "PT": ("pt",),
    "LV": ("lv",),
    "ES": ("es",),
    "BG": ("bg",),
    "FR": ("fr",),
    "HU": ("hu",),
    "AT": ("de",),
    "LU": ("fr", "de"),
    "NL": ("nl",),
}

# language -> (organisation words, key phrases, sentence with {region})
NATIVE = {
    "en": (
        ("Cooperative", "Association", "Foundation", "Social Enterprise"),
        ("social economy", "work integration", "rural development", "local products", "social innovation"),
        "A social-economy initiative that supports rural communities in {region}.",
    ),
    "el": (
        ("Κοινωνική Συνεταιριστική Επιχείρηση", "Αστική μη κερδοσκοπική εταιρεία", "Συνεταιρισμός", "Σύλλογος"),
        ("κοινωνική οικονομία", "κοινωνική ένταξη", "αγροτική ανάπτυξη", "τοπικά προϊόντα", "κοινωνική καινοτομία"),
        "Μια πρωτοβουλία κοινωνικής οικονομίας που στηρίζει τις τοπικές κοινότητες στην περιοχή {region}.",
    ),
    "de": (
        ("Genossenschaft", "Verein", "Stiftung", "Sozialunternehmen", "Inklusionsbetrieb"),
        (
            "Sozialwirtschaft",
            "Dorfladen",
            "Nachbarschaftshilfe",
            "gemeinwohlorientierte Beschaffung",
            "Gründungsförderung",
        ),
        "Eine Initiative der Sozialwirtschaft, die Menschen im ländlichen Raum von {region} unterstützt.",
    ),
    "nl": (
        ("Coöperatie", "Vereniging", "Stichting", "Maatwerkbedrijf"),
        ("sociale economie", "maatschappelijk verantwoord aankopen", "plattelandsontwikkeling", "zorgboerderij"),
        "Een initiatief uit de sociale economie dat mensen op het platteland van {region} ondersteunt.",
    ),
    "fr": (
        ("Coopérative", "Association", "Fondation", "Entreprise sociale"),
        ("économie sociale", "insertion professionnelle", "développement rural", "achats publics responsables"),
        "Une initiative de l'économie sociale qui soutient les habitants des zones rurales de {region}.",
    ),
    "ro": (
        ("Cooperativa", "Asociația", "Fundația", "Întreprinderea socială"),
        ("economie socială", "incluziune socială", "dezvoltare rurală", "produse locale", "antreprenoriat social"),
        "O inițiativă de economie socială care sprijină comunitățile rurale din {region}.",
    ),
    "hu": (
        ("Szövetkezet", "Egyesület", "Alapítvány", "Szociális vállalkozás"),
        ("szociális gazdaság", "társadalmi befogadás", "vidékfejlesztés", "helyi termékek", "közösségi vállalkozás"),
        "A szociális gazdaság kezdeményezése, amely a vidéki közösségeket támogatja ({region}).",
    ),
    "pl": (
        ("Spółdzielnia socjalna", "Stowarzyszenie", "Fundacja", "Przedsiębiorstwo społeczne"),
        ("ekonomia społeczna", "integracja zawodowa", "rozwój obszarów wiejskich", "usługi opiekuńcze", "zamówienia"),
        "Inicjatywa ekonomii społecznej wspierająca mieszkańców obszarów wiejskich w regionie {region}.",
    ),
    "pt": (
        ("Cooperativa", "Associação", "Fundação", "Instituição Particular de Solidariedade Social"),
        ("economia social", "inclusão social", "desenvolvimento rural", "empreendedorismo social", "produtos locais"),
        "Uma iniciativa de economia social que apoia as comunidades rurais de {region}.",
    ),
    "lv": (
        ("Biedrība", "Kooperatīvā sabiedrība", "Nodibinājums", "Sociālais uzņēmums"),
        ("sociālā uzņēmējdarbība", "sociālā iekļaušana", "lauku attīstība", "vietējie produkti", "brīvprātīgais darbs"),
        "Sociālās uzņēmējdarbības iniciatīva, kas atbalsta lauku kopienas reģionā {region}.",
    ),
    "es": (
        ("Asociación", "Cooperativa", "Fundación", "Sociedad Cooperativa", "Empresa de inserción"),
        (
            "economía social",
            "inserción laboral",
            "desarrollo rural",
            "compra pública responsable",
            "atención a mayores",
        ),
        "Una iniciativa de economía social que apoya a las personas de las zonas rurales de {region}.",
    ),
    "bg": (
        ("Сдружение", "Кооперация", "Фондация", "Социално предприятие"),
        ("социална икономика", "социално включване", "развитие на селските райони", "местни продукти"),
        "Инициатива на социалната икономика, която подкрепя селските общности в {region}.",
    ),
}

# Invented names for institutions, deliberately not those of real organisations.
NAMES = (
    "Aurora", "Kalos", "Verde", "Lipa", "Orizont", "Zora", "Saule", "Linden", "Nova", "Alba", "Delta",
    "Mirador", "Horizonte", "Brezo", "Kestrel", "Olivo", "Dafni", "Iris", "Vita", "Sol",
)  # fmt: skip

EN_ADJECTIVES = (
    "Community", "Rural", "Inclusive", "Local", "Cooperative", "Green", "Shared", "Regional", "Village",
    "Mobile", "Digital", "Solidarity", "Neighbourhood", "Circular", "Fair",
)  # fmt: skip
EN_NOUNS = (
    "shop", "kitchen", "care service", "energy scheme", "market", "workshop", "incubator", "network",
    "label", "fund", "help desk", "transport service", "repair café", "farm", "academy", "platform",
)  # fmt: skip
EN_PURPOSES = (
    "for long-term unemployed people", "for older people", "run by young people", "for small producers",
    "for people with disabilities", "for migrants and refugees", "for women in villages", "for social enterprises",
    "with public buyers", "for remote villages", "with volunteers", "for local food",
)  # fmt: skip

EN_SENTENCES = (
    "The practice started as a small pilot and grew step by step.",
    "Local authorities, social enterprises and volunteers run it together.",
    "Participants receive training and personal support for up to a year.",
    "Income from sales covers a growing share of the running costs.",
    "Results are measured every year and published in a short report.",
    "It answers a need that the market and public services did not meet.",
    "A small coordination team keeps the partners and volunteers together.",
    "The model has been adapted by two neighbouring municipalities.",
)
RESOURCES = (
    "Two staff members, a small office and volunteers.",
    "A coordinator, premises provided by the municipality and a vehicle.",
    "Five staff, a workshop and a yearly grant.",
    "Volunteers and a part-time coordinator.",
)
EVIDENCE = (
    "Jobs were created and kept for more than two years.",
    "The number of people reached grew every year.",
    "An external evaluation confirmed the results.",
    "Turnover now covers most of the costs.",
)
DIFFICULTIES = (
    "Stable funding after the pilot phase.",
    "Finding and keeping volunteers.",
    "Administrative rules that did not fit social enterprises.",
    "Reaching people in remote villages.",
)
TRANSFER = (
    "Any region with a few committed partners can start a similar practice.",
    "Transferable where public buyers are willing to use social clauses.",
    "Needs a local champion and a small start-up budget.",
    "The method is documented and free to reuse.",
)
