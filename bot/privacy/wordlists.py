"""Word lists that keep the name patterns from masking ordinary Dutch words.

``NOT_NAMES``: capitalised words that follow "ik ben", "dit is" … but are no names
(pronouns, school types, nationalities). ``COMMON_WORDS``: lowercase words that are never
taken as a lowercase name, and known names equal to one of them ("Ben", "Wil") are only
masked when capitalised. Both are compared in lowercase.
"""

from __future__ import annotations


def _words(text: str) -> frozenset[str]:
    """A readable way to write long word lists (one string, split on whitespace)."""
    return frozenset(text.split())


PARTICLES = _words(
    "van de der den het 't te ter ten la le du da di del della dos das von vom el al bin ibn"
)
# "in 't Veld", "op de Beek", "uit den Bogaard": only particles when another particle follows.
LEADING_PARTICLES = _words("in op uit aan onder over bij voor")

_FUNCTION_WORDS = """
ik jij je hij zij ze wij we jullie u het de een dit dat die deze niet geen wel ook ja nee
oke oké ok hoi hallo hey hee hi dag sorry dank bedankt mijn jouw zijn haar hun onze ons uw
en of maar want dus als toen nu hier daar wat wie waar hoe waarom welke wanneer graag
misschien echt gewoon eigenlijk nog al heel erg zo even weer alles iets niets niks iemand
niemand er met van voor na naar om op in uit aan bij tot door over onder zonder tegen
"""
_DOMAIN_WORDS = """
mbo vmbo havo vwo pro vso so isk bbl bol mavo entree entreeopleiding praktijkonderwijs
praktijkschool onderwijs niveau school opleiding college roc uwv sbb rmc wajong gemeente
jeugdhulp jeugdzorg participatiewet wmo leerplicht leerplichtambtenaar mentor docent
leraar lerares leerling student studente jongere ouder ouders moeder vader zoon dochter
intaker consulent jobcoach begeleider zorg welzijn techniek economie horeca logistiek ict
detailhandel bouw meneer mevrouw juf meester startkwalificatie diploma certificaat
praktijkverklaring stage bpv leerbedrijf werk baan
maandag dinsdag woensdag donderdag vrijdag zaterdag zondag
"""
_NATIONALITIES = """
nederlands nederlandse nederlander nederlanders marokkaans marokkaanse marokkaan turks
turkse turk surinaams surinaamse antilliaans antilliaanse syrisch syrische syriër eritrees
eritrese pools poolse engels engelse duits duitse frans franse arabisch arabische somalisch
somalische afghaans afghaanse oekraïens oekraiens oekraïense koerdisch koerdische berbers
spaans portugees italiaans chinees hindoestaans hindoestaanse kaapverdiaans ghanees
ghanese somaliër iraaks iraakse iraans iraanse koerd afghaan eritreeër europees europese
moslim moslima christen christelijk islamitisch joods katholiek
"""
_COMMON_EXTRA = """
moe blij klaar bang ziek boos verdrietig zenuwachtig benieuwd bezig thuis nieuw oud jong
goed slecht druk rustig lief gelukkig alleen samen zeker bijna eerst later morgen vandaag
gisteren straks welkom fijn leuk stom saai
ben bent is was waren heb hebt heeft hebben had wil wilt wilde kan kun kunt mag moet
moeten zal zou ga gaat gaan doe doet kom komt woon woont werk werkt zit zat heet heten
noem noemt noemen word wordt weet vind denk zeg zegt leer leert
geheim onbekend lastig moeilijk bekend anders hetzelfde zelfde officieel voluit trouwens
zoals net precies belangrijk prive privé eh uh ehm hmm hm haha jaja nvt
januari februari maart april mei juni juli augustus september oktober november december
jaar jaren oud jong klas groep thuis school
"""

NOT_NAMES = _words(_FUNCTION_WORDS + _DOMAIN_WORDS + _NATIONALITIES)
COMMON_WORDS = _words(_FUNCTION_WORDS + _DOMAIN_WORDS + _COMMON_EXTRA)

# After a lowercase name ("ik heet sanne en ik …") one of these may follow; anything else
# means the lowercase word was probably not a name ("mijn naam is lastig uit te spreken").
LOWERCASE_BOUNDARY = _words(
    "en maar want of ik wij we mijn ben heb woon kom zit doe wil ga is hij zij ze"
)

# Who a name belongs to in "mijn zoon Jan", "de leerling Sanne heet …".
PERSON_WORDS = _words(
    """
zoon dochter kind leerling leerlinge pupil cliënt client student studente deelnemer jongere
broer broertje zus zusje neef nicht pleegzoon pleegdochter pleegkind stiefzoon stiefdochter
vriend vriendin moeder vader mama papa ouder oom tante opa oma mentor docent docente leraar
lerares begeleider begeleidster jobcoach consulent coach collega zorgcoördinator
zorgcoordinator intaker contactpersoon buurman buurvrouw stiefvader stiefmoeder pleegvader
pleegmoeder pleegouder voogd gezinsvoogd casemanager trajectbegeleider baas bazin werkgever
praktijkopleider
leidinggevende mentrix woonbegeleider ambulant hulpverlener maatschappelijk werker
schoolmaatschappelijk leerplichtambtenaar klasgenoot vriendje vriendinnetje man vrouw
"""
)

# Capitalised words that start no name even when a name list has them, and words of the
# names of places and organisations ("Albert Heijn", "Stichting MEE", "Graafschap College").
# A capitalised word from this list ends a name, and a name never starts with it.
ORGANISATION_WORDS = _words(
    """
stichting college roc school scholen groep zorggroep zorg ziekenhuis gemeente werkplein
jeugdbescherming leger heils hogeschool universiteit academie instituut centrum praktijkcollege
kinderopvang wijkteam voedselbank jumbo lidl aldi hema action bijenkorf politie defensie
ajax vitesse psv feyenoord postnl mcdonald's rijkswaterstaat staatsbosbeheer uwv duo sbb rmc
heijn albert koning willem sint maarten jeroen bosch den haag noord zuid oost west
summa deltion albeda noorderpoort aventus graafschap mondriaan rijzert ambelt tender wissel
pameijer philadelphia amerpoort lunet nidos mee
"""
)

# Names that are also ordinary words or places: only taken after a phrase that gives a
# name ("ik heet Roos"), never on their own ("Roos" as an answer, "Mijn broer Kan niet").
AMBIGUOUS_NAMES = _words(
    """
roos kan moe ben wil mark storm vos haas bakker visser smit smid kapper berg graaf
bas max mees merel jade maan hoop dag koning kok post prins groen zwart klein lange
bos dam wal meer beek steen hoek tuin kroon keizer boer mol vink brink horst laan velde
bosch veen broek linde linden kamp akker poel sluis loon pol heuvel leeuw wit jonge
jong groot ven vliet rijn noort haan bruin milan lot lies roos eden sultan
nova luna angel said hoeven elisabeth frans maas
"""
)
