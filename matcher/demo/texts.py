"""Words for the demo cooperative: names, places, skills, passions and client requests.

Kept apart from :mod:`matcher.demo` so the generator reads as logic and this file as
data. Everything here is fictional but modelled on Roubaix and Tourcoing priority
neighbourhoods and on the requests listed in DOMAIN.md §8. Passions are written the way
members write them (informal, SMS style, spelling slips): the text models must cope.
"""

from __future__ import annotations

from dataclasses import dataclass
from types import MappingProxyType
from typing import NamedTuple

#: The only skill ids the demo uses; the packaged taxonomy contains them all.
SKILL_LABELS_FR: MappingProxyType[str, str] = MappingProxyType(
    {
        "cuisine": "cuisine",
        "cuisine-du-monde": "cuisine du monde",
        "hygiene-alimentaire": "hygiène alimentaire",
        "patisserie": "pâtisserie",
        "service-en-salle": "service en salle",
        "accueil": "accueil",
        "traiteur-buffet": "traiteur / buffet",
        "couture": "couture",
        "couture-machine": "couture à la machine",
        "retouches": "retouches",
        "tricot": "tricot",
        "crochet": "crochet",
        "broderie": "broderie",
        "coiffure": "coiffure",
        "tresses": "tresses",
        "maquillage": "maquillage",
        "menuiserie": "menuiserie",
        "poncage": "ponçage",
        "bricolage": "bricolage",
        "peinture-batiment": "peinture (bâtiment)",
        "soudure": "soudure",
        "mecanique-velo": "mécanique vélo",
        "mecanique-auto": "mécanique auto",
        "jardinage": "jardinage",
        "entretien-espaces-verts": "entretien des espaces verts",
        "taille-haie-thermique": "taille-haie thermique",
        "nettoyage": "nettoyage",
        "lavage-vehicules": "lavage de véhicules",
        "manutention": "manutention",
        "demenagement": "déménagement",
        "garde-enfants": "garde d'enfants",
        "animation-enfants": "animation enfants",
        "graphisme": "graphisme",
        "dessin": "dessin",
        "photographie": "photographie",
        "video": "vidéo",
        "montage-video": "montage vidéo",
        "musique": "musique",
        "son": "son / sonorisation",
        "dj": "DJ",
        "assistance-numerique": "assistance numérique",
        "bureautique": "bureautique",
        "classement-archivage": "classement et archivage",
        "impression-3d": "impression 3D",
        "decoupe-vinyle": "découpe vinyle",
        "animation-atelier": "animation d'atelier",
        "pedagogie": "pédagogie",
        "soutien-scolaire": "soutien scolaire",
        "anglais": "anglais",
        "arabe": "arabe",
        "traduction": "traduction",
        "vente": "vente",
        "tenue-de-caisse": "tenue de caisse",
        "relation-client": "relation client",
        "devis": "devis",
        "comptabilite-simple": "comptabilité simple",
        "communication": "communication",
        "reseaux-sociaux": "réseaux sociaux",
        "distribution-flyers": "distribution de flyers",
        "logistique": "logistique",
        "inventaire": "inventaire",
        "mise-en-rayon": "mise en rayon",
        "organisation": "organisation",
        "travail-en-equipe": "travail en équipe",
        "ponctualite": "ponctualité",
        "patience": "patience",
        "rigueur": "rigueur",
        "confidentialite": "confidentialité",
        "conception": "conception",
    }
)
SKILL_IDS: tuple[str, ...] = tuple(SKILL_LABELS_FR)

#: Savoir-être: held by many, never the skill a référent·e leads on.
SOFT_SKILLS: tuple[str, ...] = (
    "organisation",
    "travail-en-equipe",
    "ponctualite",
    "patience",
    "rigueur",
    "confidentialite",
)

#: Skills whose tools are forbidden under 18 (min_age 18 in the packaged taxonomy):
#: minors neither declare nor wish them, so no pair teaches them to a minor.
ADULT_ONLY_SKILLS: tuple[str, ...] = ("soudure", "taille-haie-thermique")


class Profile(NamedTuple):
    """A cluster of skills that go together, with the passions such people write."""

    weight: int
    skills: tuple[str, ...]
    passions: tuple[str, ...]


PROFILES: MappingProxyType[str, Profile] = MappingProxyType(
    {
        "cuisine": Profile(
            14,
            (
                "cuisine",
                "hygiene-alimentaire",
                "patisserie",
                "cuisine-du-monde",
                "traiteur-buffet",
                "service-en-salle",
                "accueil",
            ),
            (
                "je fais des gâteaux pour tout le monde",
                "je cuisine avec ma mère le week-end, surtout les plats du bled",
                "jfais le meilleur couscous de la famille (c ma grand mere qui ma appris)",
                "les pâtisseries orientales, cornes de gazelle, makrout...",
                "je regarde top chef et aprés j'essaie a la maison",
                "j'ai fait le buffet du mariage de ma cousine avec ma tante",
                "faire des crêpes pour mes petits frères le mercredi",
                "tester des recettes turques et sénégalaises",
                "je fais des cookies et je les vend au lycée",
                "cuisiner pour les autres ça me détend",
                "le mafé de ma mère c'est ma passion lol",
                "j'ai un CAP cuisine pas fini, j'aimerai bien le reprendre",
                "les msemen du ramadan, j'en fait des montagnes",
                "je fais a manger pour mes freres quand ma mere travaille",
                "les gâteaux d'anniversaire en forme de personnages",
                "goûter toutes les cuisines, le thiep, les börek, les pastéis...",
            ),
        ),
        "couture": Profile(
            8,
            ("couture", "couture-machine", "retouches", "broderie", "tricot", "crochet"),
            (
                "je couds des trousses et des chouchous pour mes copines",
                "la couture, j'ai une machine depuis mes 15 ans",
                "jrépare les habits de toute la famille",
                "je customise mes jeans et mes vestes",
                "le tricot avec ma grand-mère l'hiver",
                "je fais du crochet en regardant des tutos youtube",
                "la broderie sur les sweats, je commence a en vendre",
                "je fais des tenues pour les fêtes, les caftans surtout",
                "je transforme les vieux draps en sacs",
                "coudre des masques et des chouchous pour le marché de noël",
                "les patrons de couture sur pinterest",
            ),
        ),
        "beaute": Profile(
            7,
            ("tresses", "coiffure", "maquillage", "accueil", "relation-client"),
            (
                "jfais des tresses a toutes mes cousines",
                "la coiffure, je coiffe mes soeurs pour les mariages",
                "le maquillage, je poste mes looks sur insta",
                "les nattes collées et les box braids, je met 5h mais c'est propre",
                "je coupe les cheveux de mes potes, les dégradés surtout",
                "l'esthétique et le nail art",
                "je maquille mes cousines pour les henné",
                "les vanilles et les tresses collées, c'est ma passion depuis petite",
                "regarder des tutos coiffure sur youtube toute la nuit",
            ),
        ),
        "bois": Profile(
            7,
            ("menuiserie", "poncage", "bricolage", "peinture-batiment", "conception", "soudure"),
            (
                "je fabrique des meubles en palettes",
                "le bricolage avec mon père, on a refait toute la cuisine",
                "la menuiserie, j'ai fait mon stage de 3e chez un ébéniste",
                "je repeins les chambres chez les voisins",
                "je répare tout ce qui est cassé a la maison",
                "poncer, vernir, redonner une vie aux vieux meubles",
                "la soudure, j'ai touché un peu au lycée pro",
                "démonter les vieux meubles pour récupérer le bois",
                "j'ai construit le poulailler de mon grand père",
                "le bricolage, je suis le bricoleur de l'immeuble",
            ),
        ),
        "meca": Profile(
            6,
            ("mecanique-velo", "mecanique-auto", "bricolage", "lavage-vehicules", "soudure"),
            (
                "j'aide mon oncle au garage",
                "je répare les vélos des petits du quartier",
                "les scooters, je démonte tout et je remonte",
                "la mécanique auto, je regarde des vidéos h24",
                "je bricole mon vélo, freins, dérailleur, tout",
                "j'aime bien laver les voitures, c'est satisfaisant",
                "réparer les trotinettes électriques des potes",
                "les voitures, je connais tout les moteurs",
                "je passe mes samedis au garage solidaire",
            ),
        ),
        "jardin": Profile(
            7,
            (
                "jardinage",
                "entretien-espaces-verts",
                "taille-haie-thermique",
                "nettoyage",
                "manutention",
            ),
            (
                "le jardinage au jardin partagé du quartier",
                "je m'occupe des plantes de ma grand mère",
                "j'aime être dehors, planter, arroser",
                "on a un potager au bled, j'adore y aller l'été",
                "faire pousser des tomates sur mon balcon",
                "les espaces verts c'est mon projet pro",
                "les fleurs, j'en plante partout chez ma mère",
                "ramasser les déchets dans le parc avec l'asso",
                "le compost et les vers de terre (oui c'est bizarre)",
            ),
        ),
        "logistique": Profile(
            9,
            (
                "manutention",
                "demenagement",
                "logistique",
                "inventaire",
                "mise-en-rayon",
                "nettoyage",
                "lavage-vehicules",
                "distribution-flyers",
            ),
            (
                "la muscu et aider les gens a déménager",
                "j'ai fait de la préparation de commandes en intérim",
                "je range tout, ma mère dit que je suis maniaque",
                "porter des trucs lourds ça me dérange pas",
                "j'aime bien quand tout est organisé et étiqueté",
                "j'ai aidé 4 fois des potes a déménager cette année",
                "le cariste c'est mon rêve, j'aime la logistique",
                "trier ranger compter, ça me calme",
            ),
        ),
        "enfance": Profile(
            8,
            (
                "garde-enfants",
                "animation-enfants",
                "soutien-scolaire",
                "pedagogie",
                "animation-atelier",
            ),
            (
                "je garde mes petits cousins tout le temps",
                "animer des jeux pour les enfants au centre social",
                "j'aide mon petit frère pour ses devoirs",
                "je veux passer le BAFA",
                "les enfants m'adorent, je sais pas pourquoi mdr",
                "faire des activités manuelles avec les petits",
                "j'anime le club de foot des petits le mercredi",
                "raconter des histoires a ma petite soeur",
                "les colos, j'y allais petit et je veux y retourner comme anim",
            ),
        ),
        "image": Profile(
            8,
            (
                "dessin",
                "graphisme",
                "photographie",
                "video",
                "montage-video",
                "reseaux-sociaux",
                "communication",
            ),
            (
                "je dessine des mangas",
                "la photo, surtout de nuit dans roubaix",
                "je fais des montages vidéo pour mes potes",
                "le graphisme, j'ai fait des logos pour des rappeurs du coin",
                "je fais des tiktoks avec mes soeurs",
                "dessiner des tags sur papier (pas sur les murs promis)",
                "la vidéo, je veux faire des clips",
                "je retouche des photos sur mon tel",
                "je fais les affiches des soirées de mon quartier",
                "le street art et le graff",
                "filmer les matchs de foot du quartier",
            ),
        ),
        "musique": Profile(
            5,
            ("musique", "son", "dj", "video", "communication"),
            (
                "le foot et la musique",
                "je fais du son dans ma chambre, beatmaking",
                "mixer aux anniversaires, j'ai ma petite platine",
                "je joue de la guitare depuis 3 ans",
                "le rap, j'écris des textes",
                "la derbouka aux mariages",
                "je chante dans une chorale",
                "le piano, j'ai appris tout seul sur youtube",
                "faire le son pour les concerts de l'asso",
                "écouter du raï et de la drill en même temps lol",
            ),
        ),
        "numerique": Profile(
            7,
            (
                "assistance-numerique",
                "bureautique",
                "classement-archivage",
                "comptabilite-simple",
                "devis",
                "pedagogie",
            ),
            (
                "les ordis, je monte des pc",
                "j'aide ma mère pour ses papiers sur internet",
                "les jeux vidéo et l'informatique",
                "je dépanne tout le monde pour les téléphones",
                "excel ça me fait pas peur",
                "j'explique l'informatique a mon grand-père, faut être patient",
                "je code un peu en python",
                "réparer les écrans de téléphone cassés",
                "faire des tableaux excel pour tout, même mes courses",
            ),
        ),
        "fablab": Profile(
            4,
            ("impression-3d", "decoupe-vinyle", "conception", "dessin", "animation-atelier"),
            (
                "l'impression 3D, j'ai découvert ça au fablab",
                "je fais des stickers avec la découpeuse vinyle",
                "je modélise des petits objets sur l'ordi",
                "inventer des objets qui servent a rien mais c'est drôle",
                "les drones et la robotique",
                "imprimer des figurines pour mes jeux de plateau",
            ),
        ),
        "commerce": Profile(
            8,
            (
                "vente",
                "tenue-de-caisse",
                "relation-client",
                "mise-en-rayon",
                "inventaire",
                "distribution-flyers",
                "devis",
                "comptabilite-simple",
            ),
            (
                "vendre des trucs sur vinted, j'ai déjà fait 200 ventes",
                "le commerce, je veux ouvrir ma boutique plus tard",
                "j'aide au marché le dimanche avec mon oncle",
                "parler avec les clients, ça me gêne pas",
                "tenir la caisse à la kermesse de l'école",
                "je fais les comptes de l'asso de mon père",
                "négocier les prix au marché de wazemmes",
                "revendre des baskets, je connais toutes les côtes",
                "j'adore conseiller les gens en magasin",
            ),
        ),
        "langues": Profile(
            5,
            ("anglais", "arabe", "traduction", "soutien-scolaire", "accueil", "relation-client"),
            (
                "je parle arabe, français et un peu anglais",
                "je traduis pour ma mère à la CAF",
                "les séries en anglais sans sous-titres",
                "apprendre le coréen tout seul",
                "je parle turc a la maison et je traduis pour les voisins",
                "aider les gens qui parlent pas bien français",
                "apprendre l'espagnol avec les séries",
                "je parle wolof avec ma grand mère",
                "la langue des signes, j'ai commencé une formation",
            ),
        ),
    }
)

#: Passions unrelated to any skill (sport, leisure, "je sais pas"...).
GENERIC_PASSIONS: tuple[str, ...] = (
    "le foot et la musique",
    "je sais pas cuisiner mais jadore manger",
    "le foot, je joue au club du quartier",
    "la boxe thaï 3 fois par semaine",
    "le basket en bas de chez moi",
    "les mangas et les animés",
    "sortir avec mes potes, les jeux vidéo",
    "aider les gens, c'est ce qui me fait kiffer",
    "la danse hip hop",
    "marcher et découvrir lille",
    "je suis bénévole aux restos du coeur",
    "le vélo, je vais partout en vélo",
    "la pêche avec mon père au canal",
    "je lis beaucoup, surtout des romans policiers",
    "le skate au parc",
    "j'aime bien rendre service aux voisins",
    "voyager, un jour j'irai au japon",
    "la natation",
    "faire rire les gens",
    "jsais pas trop encore, je cherche",
    "le futsal avec les grands du quartier",
    "dormir et manger mdr",
    "le cinéma, surtout les films d'horreur",
    "m'occuper de mon chat et de mes lapins",
    "faire des randos en vélo jusqu'en belgique",
)

#: "J'aimerais apprendre..." sentences, keyed by the skill a member wishes to learn.
WISH_PASSIONS: MappingProxyType[str, tuple[str, ...]] = MappingProxyType(
    {
        "couture": (
            "j'aimerais apprendre à coudre",
            "apprendre a coudre pour faire mes propres habits",
        ),
        "couture-machine": ("je voudrais savoir me servir d'une machine a coudre",),
        "cuisine": ("jaimerais savoir cuisiner autre chose que des pâtes",),
        "patisserie": ("je veux apprendre a faire des gateaux d'anniversaire",),
        "mecanique-velo": ("apprendre a réparer mon vélo moi même",),
        "mecanique-auto": ("apprendre la mécanique pour réparer ma future voiture",),
        "menuiserie": ("j'aimerais trop savoir travailler le bois",),
        "graphisme": ("je voudrais apprendre a faire des logos sur ordi",),
        "montage-video": ("apprendre le montage pour ma chaine youtube",),
        "anglais": ("parler anglais correctement pour voyager",),
        "impression-3d": ("je voudrais tester l'imprimante 3D",),
        "tresses": ("j'aimerais apprendre a faire des tresses, les vanilles surtout",),
        "coiffure": ("apprendre la coiffure, peut être en faire mon métier",),
        "photographie": ("apprendre la photo avec un vrai appareil",),
        "devis": ("comprendre comment on fait un devis et des factures",),
        "comptabilite-simple": ("savoir faire un budget pour pas être a découvert",),
        "dj": ("j'aimerais apprendre a mixer",),
        "jardinage": ("j'aimerais avoir un potager et savoir m'en occuper",),
        "bureautique": ("savoir faire un CV propre sur word",),
        "soutien-scolaire": ("je voudrais aider les petits a faire leurs devoirs",),
        "maquillage": ("apprendre le maquillage pour les mariages",),
        "reseaux-sociaux": ("je voudrais apprendre a gérer une page insta pour une asso",),
        "soudure": ("je voudrais essayer la soudure",),
        "crochet": ("apprendre le crochet, ça a l'air trop relaxant",),
        "arabe": ("apprendre a lire l'arabe",),
        "dessin": ("je dessine mal mais j'aimerais progresser",),
    }
)

FIRST_NAMES: tuple[str, ...] = (
    "Yasmine", "Inès", "Amine", "Mehdi", "Rayan", "Sofiane", "Nour", "Aïcha", "Fatou",
    "Mamadou", "Kevin", "Dylan", "Lucas", "Emma", "Léa", "Chloé", "Sarah", "Ibrahim",
    "Moussa", "Kenza", "Lina", "Samia", "Bilal", "Yanis", "Ilyes", "Hugo", "Théo",
    "Manon", "Océane", "Jordan", "Enzo", "Maëlys", "Awa", "Aminata", "Oumar", "Ayoub",
    "Hamza", "Khadija", "Meryem", "Elif", "Emre", "Zeynep", "Tiago", "Ana", "Jessica",
    "Anthony", "Mathis", "Ryan", "Salomé", "Wassim", "Anaïs", "Nassim", "Sabrina",
    "Karim", "Djibril", "Mariam", "Lamine", "Assia", "Imane", "Loubna", "Rania",
    "Souleymane", "Kylian", "Lorenzo", "Jade", "Camille", "Louna", "Naïm", "Adam",
    "Malik", "Farah", "Hafsa", "Selin", "Burak", "Rafael", "Beatriz", "Kelly", "Axel",
    "Mohamed", "Fatima", "Youssef", "Hind", "Ousmane", "Bintou", "Tom", "Lou",
)  # fmt: skip

LAST_NAMES: tuple[str, ...] = (
    "Benali", "Boukhari", "Diallo", "Traoré", "Haddad", "Lefebvre", "Dubois", "Martin",
    "Petit", "Dupont", "Leroy", "Vandenberghe", "Deconinck", "Vermeersch", "Yilmaz",
    "Kaya", "Demir", "Da Silva", "Ferreira", "Pereira", "Mendy", "Ndiaye", "Camara",
    "Mansouri", "Amrani", "El Idrissi", "Cherif", "Kaci", "Bouzid", "Lemaire", "Delattre",
    "Wallart", "Duhamel", "Lambert", "Carpentier", "Desmet", "Vandamme", "Nowak",
    "Kowalski", "Hamidi", "Belkacem", "Ait Ouali", "Sow", "Keita", "Cissé", "Bah",
    "Öztürk", "Çelik", "Gomes", "Rodrigues", "Dufour", "Lecomte", "Descamps", "Dhalluin",
    "Messaoudi", "Saidi", "Ziani", "Mabiala", "Nkemdirim", "Tshibanda",
)  # fmt: skip

#: Priority-neighbourhood quartiers: ASCII id -> display name.
ROUBAIX_ZONES: MappingProxyType[str, str] = MappingProxyType(
    {
        "alma": "Alma-Gare",
        "epeule": "Épeule",
        "pile": "Pile",
        "hommelet": "Hommelet",
        "trois-ponts": "Trois-Ponts",
        "cul-de-four": "Cul-de-Four",
        "sainte-elisabeth": "Sainte-Élisabeth",
        "moulin": "Moulin",
        "fosse-aux-chenes": "Fosse-aux-Chênes",
        "nouveau-roubaix": "Nouveau Roubaix",
    }
)
TOURCOING_ZONES: MappingProxyType[str, str] = MappingProxyType(
    {
        "bourgogne": "La Bourgogne",
        "virolois": "Virolois",
        "phalempins": "Phalempins",
        "pont-rompu": "Pont-Rompu",
        "belencontre": "Belencontre",
    }
)

#: "de" forms of the quartiers, to name clients ("Épicerie solidaire de la Bourgogne").
ZONE_DE: MappingProxyType[str, str] = MappingProxyType(
    {
        "alma": "de l'Alma",
        "epeule": "de l'Épeule",
        "pile": "du Pile",
        "hommelet": "de l'Hommelet",
        "trois-ponts": "des Trois-Ponts",
        "cul-de-four": "du Cul-de-Four",
        "sainte-elisabeth": "de Sainte-Élisabeth",
        "moulin": "du Moulin",
        "fosse-aux-chenes": "de la Fosse-aux-Chênes",
        "nouveau-roubaix": "du Nouveau Roubaix",
        "bourgogne": "de la Bourgogne",
        "virolois": "du Virolois",
        "phalempins": "des Phalempins",
        "pont-rompu": "du Pont-Rompu",
        "belencontre": "de Belencontre",
    }
)

UNAVAILABILITY_REASONS: tuple[str, ...] = (
    "examen",
    "rendez-vous administratif",
    "fête de famille",
    "stage",
    "rendez-vous médical",
    "permis de conduire",
    "",
)


class SkillNeed(NamedTuple):
    """One required skill of a request template (see :class:`matcher.domain.RequiredSkill`)."""

    skill_id: str
    min_level: int = 1
    count: int = 1
    optional: bool = False
    hazards: tuple[str, ...] = ()


@dataclass(frozen=True)
class RequestTemplate:
    """A kind of request a client sends; sessions are (day offset, start, end) in one week.

    ``weekdays`` lists the days (0 = Monday) the first session may fall on.
    """

    key: str
    title: str
    description: str
    clients: tuple[str, ...]
    skills: tuple[SkillNeed, ...]
    team: tuple[int, int]
    sessions: tuple[tuple[int, str, str], ...]
    weekdays: tuple[int, ...]
    learning_slots: int = 0
    hazards: tuple[str, ...] = ()
    licence: str | None = None
    private_home: bool = False
    weight: int = 2


# Client names: ``{de}`` becomes the request's quartier ("Centre social de l'Alma").
_CENTRES = ("Centre social {de}",)
_ASSOS = ("Association Les Amis {de}", "Association des habitants {de}", "Comité des fêtes {de}")
_MAIRIES = ("Mairie de quartier {de}",)
_EPICERIES = ("Épicerie solidaire {de}", "Friperie solidaire {de}")
_BAILLEUR = "Bailleur social – agence {de}"

TEMPLATES: tuple[RequestTemplate, ...] = (
    RequestTemplate(
        "desherbage",
        "Désherbage manuel et nettoyage des sols de la cour du centre social",
        "Bonjour, la cour est envahie par les mauvaises herbes avant notre fête. On cherche "
        "3 jeunes pour désherber à la main et balayer. Outils fournis (binettes, balais), "
        "aucun produit chimique.",
        _CENTRES,
        (
            SkillNeed("entretien-espaces-verts", 1),
            SkillNeed("nettoyage", 1),
            SkillNeed("travail-en-equipe", 1, optional=True),
        ),
        (3, 3),
        ((0, "09:00", "12:00"),),
        (0, 1, 2, 3, 4, 5),
        learning_slots=1,
        weight=3,
    ),
    RequestTemplate(
        "buffet",
        "Buffet pour l'inauguration de l'association, 50 personnes (salé + sucré), service inclus",
        "Pour l'inauguration de notre local on attend une cinquantaine de personnes. Il "
        "nous faudrait un buffet salé et sucré (halal svp) et 2 personnes pour le service. "
        "Budget autour de 600 €.",
        _ASSOS,
        (
            SkillNeed("cuisine", 3),
            SkillNeed("hygiene-alimentaire", 2),
            SkillNeed("service-en-salle", 1),
            SkillNeed("traiteur-buffet", 1, optional=True),
        ),
        (4, 4),
        ((0, "14:00", "18:00"), (1, "09:00", "12:30"), (1, "13:30", "17:00")),
        (3, 4),
        learning_slots=1,
        weight=3,
    ),
    RequestTemplate(
        "retouches",
        "Retouches : 10 ourlets de pantalons et 2 fermetures éclair",
        "On est une petite marque incubée à Roubaix, on a 10 pantalons à ourler et 2 "
        "fermetures à changer sur des vestes. On fournit le fil.",
        ("Atelier textile incubé à la Condition Publique", "Friperie solidaire {de}"),
        (SkillNeed("couture-machine", 2), SkillNeed("retouches", 2)),
        (1, 2),
        ((0, "14:00", "17:00"), (3, "09:30", "11:30")),
        (0, 1, 2),
        learning_slots=1,
    ),
    RequestTemplate(
        "cabanes",
        "Fabrication de 2 cabanes à livres en bois de récupération pour le quartier",
        "La mairie de quartier voudrait 2 boîtes à livres en bois de palette, une près de "
        "l'école et une au square. Il faudra découper à la scie, poncer, peindre. Matériaux "
        "fournis.",
        (*_MAIRIES, _BAILLEUR),
        (
            SkillNeed("menuiserie", 3, hazards=("machine",)),
            SkillNeed("poncage", 1),
            SkillNeed("conception", 2),
            SkillNeed("peinture-batiment", 1, optional=True),
        ),
        (3, 3),
        ((0, "13:30", "17:30"), (3, "09:00", "13:00")),
        (2,),
        hazards=("machine",),
    ),
    RequestTemplate(
        "lavage",
        "Lavage intérieur / extérieur de 15 véhicules de service",
        "Nous avons 15 véhicules de service à laver dedans et dehors sur notre parking. "
        "Eau et produits sur place. Prévoir des vêtements qui ne craignent rien !",
        (_BAILLEUR, "Service propreté de la Ville"),
        (
            SkillNeed("lavage-vehicules", 1),
            SkillNeed("nettoyage", 1),
            SkillNeed("organisation", 1, optional=True),
        ),
        (3, 4),
        ((0, "09:00", "12:00"),),
        (0, 1, 2, 3, 4, 5),
    ),
    RequestTemplate(
        "flyers",
        "Distribution de 2 000 flyers dans le quartier pour la fête de quartier",
        "On a imprimé 2 000 flyers pour la fête de quartier, il faut les mettre dans les "
        "boîtes aux lettres et en donner au marché. Plan des rues fourni.",
        _ASSOS,
        (SkillNeed("distribution-flyers", 1), SkillNeed("relation-client", 1, optional=True)),
        (2, 3),
        ((0, "14:00", "17:00"), (3, "10:00", "13:00")),
        (1, 2),
        learning_slots=1,
        weight=3,
    ),
    RequestTemplate(
        "archivage",
        "Archivage et classement de 20 cartons de documents",
        "Nos archives débordent : 20 cartons de dossiers à trier, classer et étiqueter. "
        "Certains documents sont confidentiels, discrétion demandée.",
        (*_MAIRIES, *_ASSOS),
        (
            SkillNeed("classement-archivage", 1),
            SkillNeed("bureautique", 1),
            SkillNeed("confidentialite", 2, optional=True),
        ),
        (2, 3),
        ((0, "14:00", "17:00"), (1, "14:00", "17:00"), (2, "14:00", "17:00")),
        (0, 1),
    ),
    RequestTemplate(
        "atelier-3d",
        "Atelier découverte impression 3D et découpe vinyle pendant la fête de quartier (samedi)",
        "On aimerait un stand où les enfants et les parents découvrent l'imprimante 3D et "
        "font leurs stickers. Vous amenez les machines du fablab ?",
        _CENTRES,
        (
            SkillNeed("impression-3d", 3),
            SkillNeed("animation-atelier", 2),
            SkillNeed("decoupe-vinyle", 1, optional=True),
        ),
        (1, 2),
        ((0, "14:00", "18:00"),),
        (5,),
        learning_slots=1,
        weight=1,
    ),
    RequestTemplate(
        "logo",
        "Création d'un logo et d'un flyer pour une épicerie itinérante en vrac",
        "Je lance mon épicerie en vrac dans un camion, il me faut un logo et un flyer "
        "simple. J'ai quelques idées de couleurs, on peut en parler.",
        ("Épicerie itinérante « Le Vrac Roulant »", "Foodtruck « Chez Nadia »"),
        (
            SkillNeed("graphisme", 2),
            SkillNeed("relation-client", 2),
            SkillNeed("dessin", 1, optional=True),
        ),
        (2, 2),
        ((0, "14:00", "17:00"), (3, "10:00", "13:00")),
        (0, 1, 2),
        weight=1,
    ),
    RequestTemplate(
        "demenagement",
        "Petit déménagement : vider et réaménager le local d'échange de vêtements",
        "Notre local de troc de vêtements change de pièce. Il faut vider les portants et les "
        "cartons (rien de très lourd) et tout réinstaller dans la nouvelle salle.",
        ("Résidence seniors Les Tilleuls", _BAILLEUR),
        (
            SkillNeed("manutention", 1, 2),
            SkillNeed("organisation", 2),
            SkillNeed("demenagement", 1, optional=True),
        ),
        (4, 5),
        ((0, "09:00", "12:00"), (0, "13:00", "16:00")),
        (2, 5),
    ),
    RequestTemplate(
        "tonte-haie",
        "Tonte et taille de haie chez une personne âgée (jardin 150 m²)",
        "Bonjour, ma mère a 84 ans et ne peut plus entretenir son jardin. Il faudrait tondre "
        "et tailler la haie (taille-haie thermique et tondeuse sur place).",
        ("Particulier (quartier {de})",),
        (
            SkillNeed("entretien-espaces-verts", 2),
            SkillNeed("taille-haie-thermique", 2, hazards=("machine",)),
        ),
        (2, 2),
        ((0, "09:00", "12:00"),),
        (0, 1, 2, 3, 4, 5),
        hazards=("machine",),
        private_home=True,
        weight=1,
    ),
    RequestTemplate(
        "atelier-couture",
        "Atelier couture « répare ton vêtement » pour les habitant·es (2 h, 8 participants)",
        "Un samedi par mois on propose un atelier où les habitants viennent réparer leurs "
        "vêtements. On cherche quelqu'un qui sait bien coudre et expliquer.",
        _CENTRES,
        (SkillNeed("couture", 4), SkillNeed("pedagogie", 2, optional=True)),
        (1, 1),
        ((0, "14:00", "17:00"),),
        (5,),
        learning_slots=2,
    ),
    RequestTemplate(
        "inventaire",
        "Inventaire et mise en rayon pour l'épicerie solidaire (2 matinées)",
        "Avant la distribution de décembre il faut compter le stock, noter les dates et "
        "remettre en rayon. 2 matinées, café offert :)",
        _EPICERIES[:1],
        (
            SkillNeed("inventaire", 1),
            SkillNeed("rigueur", 2, optional=True),
            SkillNeed("mise-en-rayon", 1, optional=True),
        ),
        (3, 3),
        ((0, "09:00", "12:00"), (3, "09:00", "12:00")),
        (0, 1, 2),
        weight=3,
    ),
    RequestTemplate(
        "informatique-seniors",
        "Aide informatique : installer une imprimante, créer des adresses mail pour 5 seniors",
        "Plusieurs résidents voudraient une adresse mail pour recevoir les photos des "
        "petits-enfants, et l'imprimante de la salle commune ne marche pas.",
        ("Résidence seniors Les Tilleuls", "Résidence seniors du quartier {de}"),
        (SkillNeed("assistance-numerique", 2), SkillNeed("patience", 2, optional=True)),
        (2, 2),
        ((0, "14:00", "16:00"),),
        (1, 2, 3),
        learning_slots=1,
        weight=3,
    ),
    RequestTemplate(
        "stand-patisseries",
        "Stand pâtisseries maison (crêpes, tartes) au marché",
        "On vous laisse un emplacement au marché pour vendre crêpes et tartes "
        "maison. Il faut préparer, tenir le stand et la caisse.",
        (*_MAIRIES, "Comité des fêtes {de}"),
        (
            SkillNeed("patisserie", 2),
            SkillNeed("hygiene-alimentaire", 2),
            SkillNeed("tenue-de-caisse", 1),
        ),
        (3, 4),
        ((0, "13:00", "16:00"), (0, "16:30", "19:00")),
        (2, 3, 5),
    ),
    RequestTemplate(
        "devoirs",
        "Accompagnement aux devoirs pour 6 collégiens",
        "On cherche 2 jeunes pour aider des 6e-5e à faire leurs devoirs (maths, français), "
        "dans notre salle, goûter prévu.",
        _CENTRES,
        (SkillNeed("soutien-scolaire", 2), SkillNeed("pedagogie", 1, optional=True)),
        (2, 2),
        ((0, "17:00", "19:00"),),
        (0, 1, 3),
    ),
    RequestTemplate(
        "sono",
        "Sonorisation et DJ pour la fête de fin d'année du centre",
        "Il nous faut du son pour l'après-midi festif (enceintes fournies) et quelqu'un pour "
        "passer de la musique familiale, pas trop fort svp.",
        (*_CENTRES, "Comité des fêtes {de}"),
        (
            SkillNeed("son", 2),
            SkillNeed("dj", 2, optional=True),
            SkillNeed("manutention", 1, optional=True),
        ),
        (2, 3),
        ((0, "14:00", "18:00"),),
        (5,),
        weight=1,
    ),
    RequestTemplate(
        "reportage",
        "Photos et petite vidéo de la journée portes ouvertes",
        "On voudrait des photos et une vidéo de 2 minutes pour nos réseaux après la journée "
        "portes ouvertes.",
        (*_ASSOS, *_EPICERIES),
        (SkillNeed("photographie", 2), SkillNeed("montage-video", 2)),
        (2, 2),
        ((0, "10:00", "13:00"), (2, "14:00", "17:00")),
        (5, 0, 1),
        learning_slots=1,
        weight=1,
    ),
    RequestTemplate(
        "repair-velo",
        "Atelier réparation de vélos au pied des immeubles",
        "Les enfants ont plein de vélos cassés. Un atelier réparation (crevaisons, freins, "
        "chaînes) un après-midi ? On fournit les pièces.",
        (_BAILLEUR, *_CENTRES),
        (SkillNeed("mecanique-velo", 3), SkillNeed("accueil", 1, optional=True)),
        (1, 2),
        ((0, "14:00", "17:30"),),
        (2, 5),
        learning_slots=1,
        weight=1,
    ),
    RequestTemplate(
        "gouter-animation",
        "Animation et goûter pour 15 enfants le mercredi après-midi",
        "Pendant que les parents sont à l'atelier cuisine, on cherche 2-3 jeunes pour "
        "animer des jeux avec les enfants (6-10 ans) et servir le goûter.",
        _CENTRES,
        (SkillNeed("animation-enfants", 2), SkillNeed("patisserie", 1, optional=True)),
        (2, 3),
        ((0, "14:00", "17:00"),),
        (2,),
        learning_slots=1,
    ),
    RequestTemplate(
        "reseaux-asso",
        "Aide pour lancer la page Instagram de l'association",
        "On n'y connaît rien : créer la page, faire un planning de posts et nous montrer "
        "comment publier.",
        _ASSOS,
        (SkillNeed("reseaux-sociaux", 2), SkillNeed("communication", 2, optional=True)),
        (1, 2),
        ((0, "14:00", "16:00"), (2, "14:00", "16:00")),
        (0, 1, 2),
        learning_slots=1,
        weight=1,
    ),
    RequestTemplate(
        "coiffure-gala",
        "Coiffures et tresses pour le gala de danse des enfants",
        "Notre gala de danse approche : 12 petites filles à coiffer (tresses, chignons). "
        "Les parents fournissent les élastiques.",
        _CENTRES,
        (SkillNeed("tresses", 2), SkillNeed("coiffure", 1, optional=True)),
        (2, 3),
        ((0, "13:30", "17:30"),),
        (2, 5),
        learning_slots=1,
    ),
    RequestTemplate(
        "maquillage-carnaval",
        "Maquillage des enfants pour le carnaval du quartier",
        "Pour le carnaval on aimerait un stand maquillage pour les enfants (paillettes, "
        "animaux...). Le maquillage est fourni, hypoallergénique.",
        _ASSOS,
        (SkillNeed("maquillage", 2), SkillNeed("animation-enfants", 1, optional=True)),
        (2, 2),
        ((0, "14:00", "17:00"),),
        (2, 5),
        learning_slots=1,
        weight=1,
    ),
    RequestTemplate(
        "repas-partage",
        "Repas pour 25 personnes pour la fête des voisins",
        "On organise la fête des voisins dans la cour, on voudrait un grand couscous et des "
        "desserts pour 25 personnes. Cuisine du centre disponible.",
        (*_ASSOS, *_CENTRES),
        (SkillNeed("cuisine", 3), SkillNeed("hygiene-alimentaire", 1, optional=True)),
        (2, 3),
        ((0, "09:00", "12:30"), (0, "13:30", "16:00")),
        (2, 4, 5),
        learning_slots=1,
        weight=3,
    ),
    RequestTemplate(
        "menage-local",
        "Grand ménage du local associatif avant la rentrée",
        "Vitres, sols, placards : notre local a besoin d'un bon coup de propre. Produits "
        "écologiques fournis.",
        (*_ASSOS, "Résidence seniors Les Tilleuls"),
        (SkillNeed("nettoyage", 2), SkillNeed("organisation", 1, optional=True)),
        (2, 3),
        ((0, "09:00", "12:00"),),
        (0, 1, 2, 3, 4, 5),
    ),
    RequestTemplate(
        "traduction-permanence",
        "Traduction arabe-français pendant la permanence logement",
        "Beaucoup de locataires parlent mal français. On cherche quelqu'un pour traduire "
        "pendant notre permanence du mardi ou du jeudi.",
        (_BAILLEUR, *_MAIRIES),
        (SkillNeed("traduction", 2), SkillNeed("confidentialite", 2, optional=True)),
        (1, 1),
        ((0, "14:00", "17:00"),),
        (1, 3),
        weight=1,
    ),
    RequestTemplate(
        "peinture-salle",
        "Repeindre la salle polyvalente (murs, sans échafaudage)",
        "Les murs de la salle sont tout gris, on voudrait les repeindre en blanc. Peinture et "
        "rouleaux fournis, pas besoin d'échafaudage (plafond non compris).",
        (*_MAIRIES, *_CENTRES),
        (SkillNeed("peinture-batiment", 2), SkillNeed("poncage", 1, optional=True)),
        (2, 3),
        ((0, "09:00", "12:00"), (0, "13:30", "16:30")),
        (0, 1, 2, 3, 4, 5),
        learning_slots=1,
    ),
    RequestTemplate(
        "stand-friperie",
        "Tenir le stand de la friperie solidaire au marché",
        "Notre bénévole est absente, il nous faudrait 2 personnes pour tenir le stand de "
        "vêtements de seconde main et la caisse.",
        _EPICERIES,
        (SkillNeed("vente", 2), SkillNeed("tenue-de-caisse", 1, optional=True)),
        (2, 2),
        ((0, "09:00", "13:00"),),
        (2, 5),
        learning_slots=1,
    ),
    RequestTemplate(
        "garde-bebe",
        "Garde d'un bébé de 8 mois à domicile",
        "Je reprends le travail et je cherche quelqu'un pour garder ma fille de 8 mois chez "
        "moi deux matinées par semaine.",
        ("Particulier (quartier {de})",),
        (SkillNeed("garde-enfants", 3),),
        (1, 1),
        ((0, "08:00", "12:00"), (2, "08:00", "12:00")),
        (0, 1, 2),
        licence="garde_moins_3_ans",
        private_home=True,
        weight=0,
    ),
)
TEMPLATES_BY_KEY: MappingProxyType[str, RequestTemplate] = MappingProxyType(
    {t.key: t for t in TEMPLATES}
)

#: Client comments by rating (1-5).
CLIENT_COMMENTS: MappingProxyType[int, tuple[str, ...]] = MappingProxyType(
    {
        5: (
            "Travail impeccable, équipe super sympa, on vous rappelle pour la prochaine fête !",
            "Très ponctuels et très polis, merci les jeunes.",
            "Les habitants ont adoré, bravo à toute l'équipe.",
            "Rien à redire, c'était parfait.",
        ),
        4: (
            "Bon travail, juste un peu de retard au début.",
            "Très bien, il manquait du matériel mais ils se sont débrouillés.",
            "Contents du résultat, on refera appel à vous.",
        ),
        3: (
            "Correct, mais il a fallu repasser derrière sur certains points.",
            "Travail fait, la communication avant la mission était compliquée.",
        ),
        2: (
            "Déçus : l'équipe est arrivée avec 45 minutes de retard.",
            "Le travail n'était pas terminé, il a fallu relancer.",
        ),
        1: ("Personne n'est venu le premier jour, très déçue.",),
    }
)

#: What a learner says about a peer-learning pair; ``{skill}`` is replaced by its label.
PAIR_COMMENTS: tuple[str, ...] = (
    "Explique trop bien, j'ai enfin progressé en {skill}.",
    "On a fait plusieurs séances, ça m'a bien aidé ({skill}).",
    "Un peu dur de trouver des créneaux mais c'était cool.",
    "Très patient·e, je me sens capable de le refaire seul·e.",
    "Au début j'osais pas demander, après c'était top.",
)
