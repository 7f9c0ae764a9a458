"""Goods named in an allegation → HS headings, through the description classifier.

A goods phrase is found with the words of the text's language (`goods_words.csv`: per goods
term, its forms in eight languages, `*` standing for an ending) and read, in its English term,
by the description classifier that ranks the HS 2022 headings (`classify/hs_text.py`): cars →
8703, gunpowder → 3601, drone parts → 8807, chips → 8542. The heading must exist in the shipped
nomenclature. Nothing is assumed: a text that names no goods gets no goods, and the grade says so.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

import pandas as pd

from shadowtrade.claims.cues import BUYER
from shadowtrade.reference.loaders import DATA_DIR, control_list, hs_texts

GOODS_FILE = DATA_DIR / "goods_words.csv"
# "arms" that are not goods: "arms traders", "arms factories", "the arms pipeline".
_NOT_GOODS = re.compile(
    r"\s+(?:factor|industr|plant|maker|manufactur|trade|pipeline|deal|embargo|control|race|"
    r"sale|transfer|export|import|smuggl|broker|compan|firm|supplier|company)", re.I
)  # fmt: skip
# A car word before "transport" is the road the goods took ("автомобильным транспортом",
# "silniční dopravou", "автомобилен транспорт").
_ROAD = re.compile(r"\s+(?:транспорт\w*|transport\w*|doprav\w*|превоз\w*|prevoz\w*)", re.I)
# A goods word before what it was used for names no goods: "a drone attack on a refinery".
_USE = re.compile(r"[\s-]+(?:attacks?|strikes?|raids?|warfare|assaults?|bombardments?)\b", re.I)
_TRADERS = re.compile(
    r"(?:traders?|dealers?|торговц\w*|трговц\w*|trgovc\w*|търговц\w*|obchodník\w*|Händler\w*)\s*$",
    re.I,
)
# Weapons of mass destruction named as a class ("a chemical weapons precursor", "хімічної
# зброї", "armes chimiques"): the goods are the precursor or the programme's inputs, not arms.
_MASS_KIND = re.compile(
    r"(?<![\w-])(?:chemical|biological|nuclear|химическ\w*|биологическ\w*|ядерн\w*|хімічн\w*|"
    r"біологічн\w*|hemijsk\w*|хемијск\w*|химическ\w*|chemick\w*|biologick\w*|jadern\w*|"
    r"chemisch\w*|biologisch\w*|atom\w*)[\s-]*$",
    re.I,
)
_MASS_KIND_AFTER = re.compile(r"\s+(?:chimiques?|biologiques?|nucléaires?)(?!\w)", re.I)
_MAKERS = re.compile(
    r"[\s-]+(?:makers?|manufacturers?|producers?|factor(?:y|ies)|plants?|prices?|revenues?|money|"
    r"sector|industry|market|assemblers?|dealers?|dealerships?|traders?|firms?|companies|"
    r"exporters?|importers?|smugglers?|brokers?|shops?|stores?)\b",
    re.I,
)
# Who makes the goods named after them ("российские производители беспилотников", "виробникам
# дронів", "proizvođači dronova", "výrobci dronů", "Hersteller von Drohnen", "fabricants de
# drones", "makers of drones"): a buyer or a maker, not goods shipped.
_MAKERS_BEFORE = re.compile(
    r"(?<!\w)(?:производител\w*|изготовител\w*|виробник\w*|proizvođač\w*|произвођач\w*|"
    r"výrobc\w*|výrobce|Hersteller\w*|fabricants?|producteurs?|constructeurs?|makers?|"
    r"manufacturers?|producers?)\s+(?:(?:на|von|de|des|of)\s+|d')?$",
    re.I,
)
# ... but the maker ships what it makes ("Serbian producers of ammunition shipped it", "Iran, a
# maker of drones, sent them"): its goods are set aside only where other goods are named beside
# them, where goods go to it (the maker in the dative: "к производителям беспилотников") or where
# it gets goods ("производители беспилотников получают", "makers of drones bought").
_MAKER_GETS = re.compile(
    r"(?<!\w)(?:производителям|изготовителям|виробникам|proizvođačima|произвођачима|"
    r"производителите|výrobcům|Herstellern|to\s+(?:\w+\s+)?(?:makers|manufacturers|producers))"
    r"\s+(?:(?:на|von|de|des|of)\s+|d')?$",
    re.I,
)
_MAKER_BUYS = re.compile(
    r"(?<!\w)(?:receiv\w*|bought|buy\w*|purchas\w*|obtain\w*|acquir\w*|получа\w*|получи\w*|"
    r"закупа\w*|закупи\w*|покупа\w*|купи\w*|купу\w*|отриму\w*|отрима\w*|закупову\w*|"
    r"dobija\w*|dobi\w*|добија\w*|доби\w*|nabavlja\w*|набавља\w*|kupova\w*|kupuj\w*|"
    r"куповали|купуваха|získáv\w*|získal\w*|nakupov\w*|nakoupil\w*|bezieh\w*|bezog\w*|"
    r"erhalt\w*|erhielt\w*|kauf\w*|gekauft|reçoi\w*|reçu\w*|achèt\w*|achet\w*|acqui\w*)(?!\w)",
    re.I,
)
# A goods word that is part of who reports: "a Prague think-tank" ("think-tanku" is no tank),
# "investigativní server" (a news site, no computer).
_OUTLET_BEFORE = re.compile(
    r"(?:think[- ]?|(?:investigativn\w*|zpravodajsk\w*|internetov\w*|news|investigative)\s+)$",
    re.I,
)
# "gold mines", "oil fields", "diamond deposits": where a raw material lies, not goods.
_RAW = {"gold", "diamonds", "titanium", "niobium ores", "crude oil"}
_PITS = re.compile(r"[\s-]+(?:mines?|miners?|mining|fields?|deposits?|reserves|wells?|pits?)\b",
                   re.I)  # fmt: skip
_SHELL_FIRM = re.compile(r"\s+(?:compan|firm|corporation|entit|structure)", re.I)
# "a Hong Kong shell that took in …", "a Dubai shell": one shell of a place is a firm.
_SHELL_DOES = re.compile(
    r"\s*(?:,|\s(?:that|which|who|took|bought|sold|received|registered|"
    r"owned|set up|based|in|with|run|linked)\b)"
)
_SHELL_OF_PLACE = re.compile(r"(?<!\w)(?:[Aa]n?|[Oo]ne)\s+(?:[A-Z][\w'-]*\s+){1,3}$")
_FOR = re.compile(r"\s+(?:for|of|za|за|для|до|pro|na|на|für|pour|de)\s+(?:\w+\s+)?", re.I)
# "двигуни для дронів типу Shahed", "engines for drones of the Shahed type": the model named
# after what the goods are for is that too, no goods of its own.
_OF_TYPE = re.compile(r"\s+(?:of\s+the\s+|like\s+(?:the\s+)?)?(?:type|типа|типу|tipa|типа|typu|"
                      r"vom\s+Typ|de\s+type|du\s+type)?\s*", re.I)  # fmt: skip
# Parts of goods have their own heading: parts of aircraft and drones 8807, of motor vehicles
# 8708, of arms 9305 ("helicopter parts", "запчасти для вертолётов", "díly pro vrtulníky").
_PARTS_OF = {"helicopters": "8807", "aircraft": "8807", "drones": "8807", "cars": "8708",
             "trucks": "8708", "firearms": "9305", "military rifles": "9305",
             "weapons": "9305", "machine tools": "8466",
             "bicycles": "8714", "engines": "8409", "diesel engines": "8409"}  # fmt: skip
# A German compound on a parts noun: "Hubschrauberteile", "Drohnenbauteile" are parts.
_PARTS_COMPOUND = re.compile(r"(?:bau|ersatz)?teile?n?$|komponenten$", re.I)
# "helicopter parts", "хеликоптерни части", "вертолётные запчасти": the parts named after.
# Bodies of vehicles ("car bodies", "кузови для легкових автомобілів", "Karosserien für Pkw"):
# heading 8707, not the parts' 8708 nor the vehicles'.
_BODIES = r"bod(?:y|ies)|bodywork|кузов\w*|каросери\w*|karoseri\w*|Karosserie\w*|carrosserie\w*"
_BODY_HEADING = {"cars": "8707", "trucks": "8707"}
_PART_KINDS = (
    r"(?:rotor|turbine|transmission|gearbox|airframe|fuselage|wing|tail|propeller|"
    r"landing-gear|avionics|cockpit|structural|replacement|blade|body)"
)
_PARTS_AFTER = re.compile(
    # (a word naming which part between: "helicopter rotor parts", "helicopter turbine parts";
    # not an engine's parts, 8409/8411, nor a verb: "drones hit parts of Kyiv")
    rf"[\s-]+(?:{_PART_KINDS}\s+(?=(?:spare\s+)?(?:parts|components)\b))?"
    rf"(?:spare\s+)?(?:{_BODIES}|parts|components|части|запчаст\w*|детал\w*|комплектующ\w*|"
    r"запчастин\w*|комплектуюч\w*|делов\w*|delov\w*|díl\w*|součást\w*|Teile|Ersatzteile|"
    r"pièces)(?!\w)",
    re.I,
)
_PARTS_BEFORE = re.compile(
    rf"(?<!\w)(?:{_BODIES}|(?:spare\s+)?parts|components|запчаст\w*|детал\w*|комплектующ\w*|"
    r"запчастин\w*|комплектуюч\w*|делов\w*|delov\w*|резервни\s+части|части|díl\w*|"
    r"součást\w*|Teile|Ersatzteile|pièces(?:\s+détachées)?)\s+(?:(?:for|of|для|до|за|za|"
    r"pro|für|de|d'|des|du|k|ke|к|na|на)\s*(?:(?:attack|combat|military|kamikaze|ударн\w+|бойов\w+|"
    r"военн\w+|bojov\w+|passenger|легков\w+|легков\w+|osobní\w*|лек\w+|putničk\w+|"
    r"путничк\w+|electric|електрическ\w+|електричн\w+|электрическ\w+|elektrick\w+|"
    r"električn\w+|електричн\w+)\s+|(?:the\s+)?[^\W\d_][\w-]*(?:\s+and\s+[^\W\d_][\w-]*)?\s+"
    # ("spare parts for Russian-built Mi-17 helicopters": a maker and a model between)
    r"|(?:the\s+)?[^\W\d_][\w-]*-(?:built|made)\s+[^\W\d_][\w-]*\s+)?)?$",
    re.I,
)
# The load word may come some words after the vehicle: "a truck of Italian gunpowder", "the
# trucks out of Minsk that crossed into Russia were full of shells", "вантажівку з мінами".
_LOAD_WORDS = (
    r"\s*(?:[^.;!?]{0,60}?\s)??(?:(?:of|carrying|loaded with|laden with|full of|"
    r"packed with|with|transporting|hauling|loaded|carried|unloaded|discharged|ferried|"
    r"перевозивш\w*|с|со|з|із|із вантажем|превозио\w*|prevozio\w*|са|sa|с товар|s|se|mit|"
    r"chargé\w* d[e']|transportant|avec|de|със|натоварен\w* с)\s+|d')"
)
_LOAD = re.compile(_LOAD_WORDS + r"(?:\S+\s+){0,4}$", re.I)
_LOAD_AHEAD = re.compile(_LOAD_WORDS + r"(?!(?:spare\s+)?parts\b)\S", re.I)


# Goods words that can name the vehicle the goods travel in (by road, rail or sea), not goods.
CONVEYANCES = ("trucks", "ships", "railway wagons", "yachts", "aircraft")
# A cargo plane or lorry is the means of carriage wherever other goods are read ("aboard Iranian
# cargo aircraft", "tri teretna aviona … sa municijom", "товарни самолети", "Frachtflugzeuge").
_CARGO_BEFORE = re.compile(
    r"(?<!\w)(?:cargo|freight|transport|teretn\w*|теретн\w*|товарн\w*|товарен|грузов\w*|"
    r"транспортн\w*|вантажн\w*|nákladní\w*|dopravní\w*|Fracht\w*|Transport\w*)"
    r"(?:\s+[\w-]+)?\s+$",
    re.I,
)


def _cargo_plane(text: str, h: GoodsPhrase) -> bool:
    """ "cargo aircraft", "teretna aviona", "Frachtflugzeuge", "avions cargos": planes that
    carry goods."""
    return bool(
        _CARGO_BEFORE.search(text[max(0, h.start - 40) : h.start])
        or re.match(r"(?:Fracht|Transport)", h.words)
        or re.match(r"\s+cargos?(?!\w)", text[h.end :], re.I)
    )


# A vehicle stopped or searched ("einen Lkw kontrolliert", "a truck was stopped"): it carried
# the goods read beside it.
# A verb of holding a vehicle before it: "stopped a car", "затримали мікроавтобус".
_HELD_BEFORE = re.compile(
    r"(?<!\w)(?:stopped|seized|detained|intercepted|searched|inspected|halted|затрима\w*|"
    r"зупини\w*|задержа\w*|останови\w*|задржа\w*|заустави\w*|zadrža\w*|zaustavi\w*|"
    r"задържа\w*|спря\w*|zastavil\w*|zadržel\w*|stoppten|hielten|arrêté\w*|intercepté\w*)"
    # (the vehicle itself, not a trade in them: "stopped exports of cars", "остановил поставки")
    r"\s+(?:(?!(?:exports?|imports?|shipments?|supplies|deliveries|sales|trade|поставк\w*|"
    r"экспорт\w*|експорт\w*|импорт\w*|імпорт\w*|izvoz\w*|uvoz\w*|vývoz\w*|dovoz\w*|"
    r"износ\w*|внос\w*|Ausfuhr\w*|Export\w*|livraisons?|exportations?)\b)[\w-]+\s+){0,3}$",
    re.I,
)
# Parts of the vehicle itself, no load: "cars with German engines", "a car with winter tyres".
_VEHICLE_OWN = ("8407", "8408", "8409", "8483", "8708", "4011")
_HELD_VEHICLE = re.compile(
    r"\s+(?:[\w-]+\s+){0,2}?(?:kontrolliert|angehalten|gestoppt|durchsucht|stopped|detained|"
    r"inspected|searched|halted|zadržan\w*|zaustavljen\w*|задржан\w*|заустављен\w*|"
    r"задержан\w*|остановлен\w*|затриман\w*|зупинен\w*|задържан\w*|zastaven\w*|"
    r"zadržen\w*|contrôlé\w*|arrêté\w*|intercepté\w*)(?!\w)",
    re.I,
)


def carrier(text: str, g: GoodsPhrase) -> bool:
    """Whether goods read are the vehicle that carries a load named after it ("a truck carrying
    Bolivian dynamite", "the bulk carrier … loaded Egyptian ammonium nitrate"): the load, read
    some other way, is what is traded."""
    return g.term in CONVEYANCES and _LOAD_AHEAD.match(text, g.end) is not None


# "… mortar rounds in a truck", "hidden aboard lorries": the vehicle holds the goods named before.
_INSIDE = re.compile(
    r"(?<!\w)(?:in|on|aboard|inside|into|onto|в|во|на|у|u|v|ve|im|in einem|dans|à bord d[e'])"
    r"(?:\s+(?:an?|the|two|three|several|a few|einem|einen|un|une|des))?\s*$|"
    # one English word between ("onto army trucks", "on Caspian ferries"); a Slavic "на"/"в"
    # before a word governs that word ("на фронт грузовики", "в Россию яхты")
    r"(?<!\w)(?:in|on|aboard|inside|into|onto)(?:\s+(?:an?|the))?\s+[a-zA-Z][\w-]*\s*$",
    re.I,
)
# The words before a vehicle that make it the means of transport: "by", "per", "mit dem", "par",
# "en", "на" right before it ("by truck", "per Lkw", "на грузовиках", "na kamiony"; an article or
# a number may come between), or a verb that stops or searches it ("intercepted a truck",
# "зупинили вантажівку"). A preposition further away governs something else: "отправила на
# фронт грузовики", "livré en Russie des camions" trade the trucks.
_MEANS = re.compile(
    r"(?:(?<!\w)(?:by|per|mit dem|mit|par|en|по|na|на|onto|on to|auf|from|off)"
    r"(?:\s+(?:an?|the|two|three|several|a few|\d+|einem|einen|un|une))?"
    r"|(?<!\w)(?:seiz\w*|detain\w*|stopp\w*|intercept\w*|boarded|searched|impound\w*|задерж\w*|"
    r"затрима\w*|зупини\w*|остановил\w*|задржа\w*|zadrža\w*|спря\w*|zadržel\w*|"
    r"zastavil\w*|angehalten|gestoppt|abgefangen|arrêt\w*)\s+(?:\S+\s+){0,2}?)\s*$",
    re.I,
)
# A Slavic vehicle in the instrumental case ("вантажівками", "грузовиками", "kamionima"): by it,
# unless it is the object of a verb of supply or trade that takes the instrumental ("снабжает
# Россию грузовиками", "trgovala kamionima"): then the vehicles are the goods.
_INSTRUMENTAL = re.compile(r"(?:ами|ями|ама|има|ima|ami|ama|ом|ем|ой|ою)$", re.I)
_LEG_AFTER = re.compile(
    r"\s*[,—–-]?\s*(?:до|в|во|у|на|к|u|do|v|na|k|preko|през|через|přes)\s(?![\d(])", re.I
)
_SUPPLY_INSTRUMENTAL = re.compile(
    r"(?<!\w)(?:снабж\w*|снабд\w*|обеспеч\w*|торгов\w*|торгу\w*|постача\w*|забезпеч\w*|"
    r"торгува\w*|торгу\w*|снабдева\w*|snabdeva\w*|снабде\w*|snabde\w*|opskrb\w*|trgova\w*|"
    r"trguj\w*|тргова\w*|тргуј\w*|zásob\w*|obchod\w*|търгува\w*|снабдява\w*|завал\w*|"
    r"наводн\w*|наводни\w*|заполон\w*|zatrpa\w*|затрпа\w*|zaplav\w*|заплав\w*)"
    r"[^.;!?]{0,60}$",
    re.I,
)
COMPONENTS = re.compile(
    r"\b(?:components?|parts|casings?|bodies|blanks|komponent\w*|компонент\w*|součást\w*|"
    r"Bauteil\w*|Teile|composants?|делови|delovi|части|комплектующ\w*)\b", re.I
)  # fmt: skip
# `--goods CATEGORY`: control categories and the headings they stand for.
CATEGORY_CODES: dict[str, list[str]] = {
    "ammunition": ["9306"],
    "arms": ["9301", "9302", "9305"],
    "explosives_propellants": ["3601", "3602", "3603"],
    "aircraft_drones": ["8806"],
    "military_vehicles": ["8710"],
    "optics_sights": ["9013"],
}


@dataclass(frozen=True)
class GoodsPhrase:
    """Goods read in a text: the words, where, the English term and the HS heading."""

    start: int
    end: int
    words: str
    term: str
    heading: str


_SLAVIC = ("ru", "uk", "sr", "bg", "cs")


def _declined(form: str) -> str:
    """A Slavic phrase of several words with each word's ending free: the adjective before the
    noun declines with it ("obráběcí stroje" → "obráběcích strojů", "металообработващи машини"
    → "металообработващите машини"); one word is left as written."""
    words = form.split(" ")
    if len(words) < 2 or any(ch in form for ch in "()[]?|\\"):
        return form
    out = []
    for w in words:
        stem = re.sub(r"[aeiouyáéíýůúěаеиоуыэюяієїј]{1,2}$", "", w, flags=re.I)
        out.append(w if w.endswith("*") or len(stem) < 4 else stem + "*")
    return " ".join(out)


_CONSONANT = r"[^\W\daeiouyáéíýůúěаеиоуыэюяієїјъь]"


def _fleeting(form: str) -> str:
    """A Slavic stem ending in a consonant and -k takes a vowel before the -k in the genitive
    plural ("pušk*" → "pušek", "винтовк*" → "винтовок", "гвинтівк*" → "гвинтівок")."""
    return re.sub(rf"({_CONSONANT})([kк])\*", r"\1(?:[eoaеоа])?\2*", form, flags=re.I)


@cache
def _table() -> pd.DataFrame:
    return pd.read_csv(GOODS_FILE, dtype=str, keep_default_na=False)


def _alternatives(forms: str) -> list[str]:
    """The top-level `|` alternatives of a goods-words cell (not those inside brackets)."""
    out, depth, start = [], 0, 0
    for i, ch in enumerate(forms):
        depth += ch == "("
        depth -= ch == ")"
        if ch == "|" and depth == 0:
            out.append(forms[start:i])
            start = i + 1
    out.append(forms[start:])
    return [f for f in out if f]


@cache
def _patterns(lang: str) -> tuple[tuple[re.Pattern[str], str], ...]:
    t = _table()
    col = lang if lang in t.columns else "en"
    out = []
    for r in t.to_dict("records"):
        for c in dict.fromkeys((col, "en")):
            # The longer forms first: an alternation takes the first that fits, and "fusils
            # d'assaut" must not stop at "fusils".
            alts = sorted(_alternatives(str(r[c])), key=len, reverse=True)
            if c in _SLAVIC:
                alts = [_fleeting(_declined(a)) for a in alts]
            elif c == "de":  # the dative plural: "von Halbleitern", "mit Zündern"
                alts = [a + "n?" if re.search(r"(?:er|el)$", a) else a for a in alts]
            forms = "|".join(alts).replace("*", r"\w{0,6}").replace(" ", r"\s+")
            if forms:
                out.append(
                    (re.compile(rf"(?<!\w)(?:{forms})(?!\w)", re.IGNORECASE), str(r["term"]))
                )
    if lang == "de":
        # German compounds end on their head noun: "Drohnenmotoren" are engines, "Artillerie-
        # munition" ammunition. A German form is also read as a compound's lower-case tail.
        for r in t.to_dict("records"):
            for alt in _alternatives(str(r["de"])):
                if " " in alt or len(alt.rstrip("*")) < 5 or not alt[:1].isupper():
                    continue
                tail = (alt[:1].lower() + alt[1:]).replace("*", r"\w{0,6}")
                out.append(
                    (re.compile(rf"(?<!\w)[A-ZÄÖÜ][a-zäöüß]+-?(?:{tail})(?!\w)"), str(r["term"]))
                )
    return tuple(out)


@cache
def heading_of(term: str) -> str:
    """The HS heading the description classifier reads in an English goods term."""
    from shadowtrade.classify.hs_text import hs_text_model

    heading = str(hs_text_model().predict([term], top=1)["heading_1"].iloc[0])
    return heading if heading in hs_texts() else ""


def _literal(m: re.Match[str], term: str) -> int:
    """How many letters of the match the pattern spells out (the rest its `*` endings)."""
    # (an optional letter is no letter spelled out: "Aluminiumpulvern?" spells "Aluminiumpulver")
    literal = re.sub(r"\\w\{0,6\}|[^\W\d_]\?", "", m.re.pattern)
    words = re.findall(r"[^\W\d_]{2,}", literal)
    return max((len(w) for w in words if w.casefold() in m.group(0).casefold()), default=0)


# An HS code written in the text ("heat exchangers (HS 8419)", "code SH 8419.50", "ТН ВЭД
# 8542", "kód KN 8419 50 00"): what the writer says the goods are, in the nomenclature itself.
_HS_CODE = re.compile(
    r"(?<![\w.])(?:H\.?S\.?|SH|CN|KN|ТН\s?ВЭД(?:\s?ЕАЭС)?|УКТ\s?ЗЕД)"
    r"(?:[\s-]*(?:[Cc]odes?|[Hh]eadings?|[Ss]ubheadings?|Kode|Position|kódu?|код[ау]?|кодом|"
    r"позици[ияюей]))?[\s:#№.-]*(\d{4})(?:[.\s]?\d{2}){0,3}(?!\d)"
)
_BEFORE_CODE = re.compile(r"[\s(,:–-]*")  # between goods words and the code they are given


def find(text: str, lang: str = "en") -> list[GoodsPhrase]:
    """Goods phrases in order of appearance (the longest where two overlap); a heading written
    as an HS code gives the goods its own heading, whatever the words beside it would say."""
    hits = _words_found(text, lang)
    for m in _HS_CODE.finditer(text):
        heading = m.group(1)
        if heading not in hs_texts():
            continue  # not a heading of HS 2022: no goods are read from it
        named = [i for i, h in enumerate(hits) if h.end <= m.start()]
        if named and _BEFORE_CODE.fullmatch(text, hits[named[-1]].end, m.start()):
            h = hits[named[-1]]  # "heat exchangers (HS 8419)": those words are that heading
            words = text[h.start : m.end()]
            hits[named[-1]] = GoodsPhrase(h.start, m.end(), words, h.term, heading)
        elif not any(h.start < m.end() and m.start() < h.end for h in hits):
            hits.append(GoodsPhrase(m.start(), m.end(), m.group(0), f"HS {heading}", heading))
    return sorted(hits, key=lambda h: h.start)


def _words_found(text: str, lang: str) -> list[GoodsPhrase]:
    """Goods phrases read from words, in order of appearance (the longest where two overlap),
    less those read as what other goods are for or go into."""
    return _without_purposes(text, _words_read(text, lang))[0]


def purposes_said(text: str, lang: str = "en") -> list[tuple[str, str]]:
    """(heading, note) for each goods phrase set aside as what the goods named before it are for
    or go into ("chips … for use in the production of drones"): left out of the claim's goods,
    so the reading says so ("goods_read")."""
    aside = _without_purposes(text, _words_read(text, lang))[1]
    notes = {
        h.words: (
            h.heading,
            f"goods '{h.words}' read as what the goods named before them are for or go into,"
            " not as goods traded",
        )
        for h in aside
    }
    return list(notes.values())


def _maker_not_shipper(text: str, found: list[re.Match[str]], made: list[re.Match[str]]) -> bool:
    """Whether the goods named after a maker noun (`made`) are what it makes, not goods it
    ships: other goods are named beside them, goods go to the maker, or the maker gets goods."""
    return bool(made) and (
        any(not any(o.start() < g.end() and g.start() < o.end() for g in made) for o in found)
        or any(_MAKER_GETS.search(text[max(0, g.start() - 40) : g.start()]) for g in made)
        or any(_MAKER_BUYS.search(text[g.end() : g.end() + 60]) for g in made)
    )


def makers_said(text: str, lang: str = "en") -> list[tuple[str, str]]:
    """(heading, note) for each goods phrase set aside as what a maker named before it makes
    ("Russian makers of drones received chips …"): left out of the claim's goods, so the reading
    says so ("goods_read")."""
    hits = _words_read(text, lang)
    notes: dict[str, tuple[str, str]] = {}
    for pattern, term in _patterns(lang):
        for m in pattern.finditer(text):
            before = _MAKERS_BEFORE.search(text[max(0, m.start() - 25) : m.start()])
            heading = SPREAD[term][0] if term in SPREAD else heading_of(term)
            if (
                before
                and heading
                and not any(h.start < m.end() and m.start() < h.end for h in hits)
            ):
                notes[m.group(0)] = (
                    heading,
                    f"goods '{m.group(0)}' read as what the maker named before them makes"
                    f" ('{before.group(0).strip()}'), not as goods traded",
                )
    return list(notes.values())


# Motors named for drones: "motors for drones", "моторы для дронов", "motorů pro drony" (the
# small electric motors of drones, read as drone parts; "engines for Shahed-type drones",
# "двигуни для ударних дронів" are piston engines, 8407, and stay so).
_MOTORS_FOR = re.compile(
    r"(?<!\w)(?:motors?|мотор\w*|motor(?!c)\w*|мотори|Motoren)\s+"
    r"(?:for|для|до|pro|für|za|за|pour)\s+(?:[\w-]+\s+)?$",
    re.I,
)


def _parts_read(
    text: str, m: re.Match[str], term: str, lang: str, heading: str
) -> tuple[int, int, str]:
    """The span and heading of goods of `_PARTS_OF` named as parts or bodies ("helicopter
    parts", "díly pro vrtulníky", "Hubschrauberteile", "car bodies"), else as they are."""
    a, b = m.start(), m.end()
    after = _PARTS_AFTER.match(text, b)
    before = _PARTS_BEFORE.search(text[max(0, a - 40) : a])
    if lang == "de" and _PARTS_COMPOUND.search(m.group(0)):
        return a, b, _PARTS_OF[term]
    motors = _MOTORS_FOR.search(text[max(0, a - 40) : a]) if term == "drones" else None
    if motors:  # "motorů pro drony", "двигуни для дронів": parts of drones, not engines
        return a - len(motors.group(0)), b, _PARTS_OF[term]
    if not (after or before):
        return a, b, heading
    heading = _PARTS_OF[term]
    said = (after or before).group(0)  # type: ignore[union-attr]
    if re.search(rf"(?<!\w)(?:{_BODIES})(?!\w)", said, re.I):
        heading = _BODY_HEADING.get(term, heading)
    a, b = (a, after.end()) if after else (a - len(before.group(0)) if before else a, b)
    return a, b, heading


def _shell_firm(text: str, m: re.Match[str]) -> bool:
    """ "shell companies", "a Hong Kong shell": a firm, not artillery shells."""
    return bool(
        _SHELL_FIRM.match(text, m.end())
        or (m.group(0).lower() == "shell"
            and _SHELL_OF_PLACE.search(text[max(0, m.start() - 40) : m.start()])
            and _SHELL_DOES.match(text, m.end()))
    )  # fmt: skip


def _words_read(text: str, lang: str) -> list[GoodsPhrase]:
    """Every goods phrase read from words, in order of appearance (the longest where two
    overlap)."""
    return _read_with_carriers(text, lang)[0]


def carriers_said(text: str, lang: str = "en") -> list[tuple[str, str]]:
    """(heading, note) for each vehicle read as how other goods travel ("a truck carrying
    Romanian ammunition", "stopped a car with Dutch-made microchips"): left out of the claim's
    goods, so the reading says so ("goods_read")."""
    notes = {
        h.words: (
            h.heading,
            f"goods '{h.words}' (HS {h.heading}) read as the vehicle that carried other goods,"
            " not as goods traded",
        )
        for h in _read_with_carriers(text, lang)[1]
    }
    return list(notes.values())


def _read_with_carriers(text: str, lang: str) -> tuple[list[GoodsPhrase], list[GoodsPhrase]]:
    """The goods phrases read from words (`_words_read`) and the vehicles among them read as
    what carried the others (`_carriers`), left out of the first."""
    found: list[tuple[re.Match[str], str]] = []
    made: list[tuple[re.Match[str], str]] = []  # goods named after a maker noun
    for pattern, term in _patterns(lang):
        for m in pattern.finditer(text):
            if _USE.match(text, m.end()):
                continue  # "a drone attack", "missile strikes": what the goods did, no goods
            if term == "cars" and _ROAD.match(text, m.end()):
                continue  # "автомобильным транспортом": by road, no goods
            if term == "weapons" and (
                _NOT_GOODS.match(text, m.end())
                or _TRADERS.search(text[max(0, m.start() - 20) : m.start()])
            ):
                continue  # "arms traders", "трговци оружјем": people, not goods
            if term == "weapons" and (
                _MASS_KIND.search(text[max(0, m.start() - 20) : m.start()])
                or _MASS_KIND_AFTER.match(text, m.end())
            ):
                continue  # "a chemical-weapons precursor": a class of weapons, no arms traded
            if term == "shells" and _shell_firm(text, m):
                continue  # "shell companies": firms, not shells
            if _MAKERS.match(text, m.end()):
                continue  # "Iranian drone makers", "car dealers": who makes or sells, not goods
            if _MAKERS_BEFORE.search(text[max(0, m.start() - 25) : m.start()]):
                made.append((m, term))  # "makers of drones": what a maker makes (below)
                continue
            if _OUTLET_BEFORE.search(text[max(0, m.start() - 25) : m.start()]):
                continue  # "think-tanku", "investigativní server": who reports, not goods
            found.append((m, term))
    if not _maker_not_shipper(text, [m for m, _ in found], [m for m, _ in made]):
        found += made  # "Serbian producers of ammunition shipped it": the maker's goods shipped
    hits: list[GoodsPhrase] = []
    # The longest phrase wins where two overlap ("nákladní auta" is trucks, not "auta"); of two
    # as long, the one spelt out further ("гранатомет*" over "гранат*" in "гранатомети").
    for m, term in sorted(found, key=lambda x: (-(x[0].end() - x[0].start()), -_literal(*x))):
        if any(m.start() < h.end and h.start < m.end() for h in hits):
            continue
        heading = SPREAD[term][0] if term in SPREAD else heading_of(term)
        a, b = m.start(), m.end()
        if term in _PARTS_OF:  # "helicopter parts", "запчасти для вертолётов": the parts' heading
            a, b, heading = _parts_read(text, m, term, lang, heading)
        if heading:
            hits.append(GoodsPhrase(a, b, text[a:b], term, heading))
    # (a phrase inside the span a parts reading grew to: "motorů" in "motorů pro drony")
    hits = [
        h for h in hits
        if not any(o.start <= h.start and h.end <= o.end and o.end - o.start > h.end - h.start
                   for o in hits)
    ]  # fmt: skip
    hits.sort(key=lambda h: h.start)
    # "ammonium nitrate fertiliser", "urea fertiliser": a class noun right after goods of its
    # chapter names what they are, not other goods.
    hits = [
        h for i, h in enumerate(hits)
        if not (i and hits[i - 1].heading[:2] == h.heading[:2]
                and re.fullmatch(r"[\s-]*", text[hits[i - 1].end : h.start])
                # (parts are no class noun: "artillery shell bodies" are the bodies)
                and not COMPONENTS.search(h.words))
    ]  # fmt: skip
    carried = _carriers(text, hits, lang)
    hits = [h for h in hits if h not in carried]
    # "drone batteries", "drone cameras": a goods word before a noun the HS trade names hold
    # (`hs_trade_terms.csv`, one heading) says what the goods are for; the noun is the goods.
    if lang == "en":
        hits = [h for h in hits if not (h.term in _RAW and _PITS.match(text, h.end))]
        heads = _trade_heads()
        for i, h in enumerate(hits):
            nxt = re.match(r"[\s-]+([a-z]{5,})\b", text[h.end :])
            b = h.end + nxt.end() if nxt else 0
            if (
                nxt
                and nxt.group(1).lower() in heads
                and not re.match(r"parts|components", nxt.group(1))
                and not any(o.start < b and h.end < o.end for o in hits)  # a goods word itself
            ):
                word = nxt.group(1).lower()
                hits[i] = GoodsPhrase(h.start, b, text[h.start : b], word, heads[word])
    # "pistol ammunition", "howitzer shells": two goods words side by side in English are one
    # noun phrase whose head is the last word; the first only says what the goods are for.
    if lang == "en":
        hits = [
            h for i, h in enumerate(hits)
            if not (i + 1 < len(hits) and re.fullmatch(r"[\s-]+", text[h.end : hits[i + 1].start]))
        ]  # fmt: skip
    hits = _parts_among_aircraft_parts(text, hits)
    hits = _with_parts_for_them(text, hits)
    # "nitrocellulose-based propellant powder", "на основе нитроцеллюлозы порох": what the goods
    # are made of, before the goods, is no goods of its own
    hits = [
        h for i, h in enumerate(hits)
        if not (i + 1 < len(hits) and re.fullmatch(r"-based\s+(?:[\w-]+\s+)?",
                                                    text[h.end : hits[i + 1].start], re.I))
    ]  # fmt: skip
    return hits, carried


def _carriers(text: str, hits: list[GoodsPhrase], lang: str) -> list[GoodsPhrase]:
    """The vehicles among `hits` read as how the other goods travel, not as goods traded
    (said to the user by `carriers_said`)."""
    # "a truck carrying Romanian ammunition", "ein Lkw mit Munition": the vehicle is how the
    # goods travel, not what is traded, when other goods follow as its load.
    # So is a vehicle named as the means ("by truck", "per Lkw", "вантажівками", "z lodí na
    # kamiony", "detained a lorry carrying …") where other goods are read.
    carried = [
        h for i, h in enumerate(hits)
        if (
            # (a cargo plane carries, even in a clause of its own: "…, flown into Port Sudan
            # aboard Iranian cargo aircraft")
            (h.term == "aircraft" and _cargo_plane(text, h))
            or (h.term == "ships" and re.search(r"(?<!\w)avions?\s+$", text[: h.start], re.I))
            # ("loaded aboard a cargo ship", "un cargo": a ship that carries the goods read)
            or (h.term == "ships" and len(hits) > 1 and (
                _cargo_plane(text, h) or re.match(r"(?:cargo|container|bulk)", h.words, re.I)))
            # a vehicle in the instrumental before a leg's end: "а звідти вантажівками — до
            # отримувачів у Росії", "kamionima u Rusiju" (by truck, though no other goods)
            or (  # ("через Бишкек, машинами, в Екатеринбург": by car)
                h.term in (*CONVEYANCES, "cars")
                and _INSTRUMENTAL.search(h.words)
                and _LEG_AFTER.match(text, h.end)
                and not _SUPPLY_INSTRUMENTAL.search(text[max(0, h.start - 80) : h.start])
            )
            # ("stopped a car … with Dutch-made microchips", "затримали мікроавтобус із 40
            # китайськими дронами": a car or a van held with its load carries it)
            or (
                h.term in ("cars", "buses")
                and _HELD_BEFORE.search(text[max(0, h.start - 40) : h.start])
                and i + 1 < len(hits)
                and not hits[i + 1].heading.startswith("87")
                and hits[i + 1].heading not in _VEHICLE_OWN
                and _LOAD.match(text[h.end : hits[i + 1].start])
            )
            or (
                h.term in CONVEYANCES
                and len(hits) > 1
                and (
                    (
                        i + 1 < len(hits)
                        and _LOAD.match(text[h.end : hits[i + 1].start])
                        # ("trucks with Chinese engines": the vehicle's own parts, no load)
                        and not (
                            hits[i + 1].heading in _VEHICLE_OWN
                            and _OWN_PARTS.fullmatch(text[h.end : hits[i + 1].start])
                        )
                    )
                    or _INSIDE.search(
                        text[max(hits[i - 1].end if i else 0, h.start - 30) : h.start]
                    )
                    or _MEANS.search(text[max(0, h.start - 50) : h.start])
                    or _HELD_VEHICLE.match(text, h.end)
                    or (
                        _INSTRUMENTAL.search(h.words)
                        and not _SUPPLY_INSTRUMENTAL.search(text[max(0, h.start - 80) : h.start])
                    )
                )
            )
        )
    ]  # fmt: skip
    # A lorry beside goods that are no vehicles carries them, however the text says so ("на
    # ГКПП задържаха товарен автомобил, превозващ 7 тона барут", "on a truck heading for
    # Minsk", "kamioni sa „poljoprivrednim mašinama“"), unless listed with them ("trucks and
    # ammunition") or named with its maker ("Belarusian trucks").
    others = [h for h in hits if h not in carried]
    return [*carried, *(h for h in others if _lorry_beside_goods(text, h, others, lang))]


# Words for parts, in each language ("parts", "комплектуючі", "delovi", "díly", "Teile", "pièces").
PARTS_WORD = (r"(?:spare\s+)?(?:parts|components)|комплектующ\w*|комплектуюч\w*|запчаст\w*|"
              r"запчастин\w*|детал\w*|компонент\w*|delov\w*|делов\w*|dijelov\w*|дијелов\w*|"
              r"(?:резервни\s+)?части(?:те)?|součást\w*|díl\w*|komponent\w*|(?:Ersatz|Bau)?[Tt]eile|"
              r"Komponenten|pièces(?:\s+détachées)?|composants")  # fmt: skip
# Parts pointing back to the goods named before them: "parts for them", "комплектуючі до них",
# "delovi za njih", "their components", "Teile dafür", "leurs pièces détachées".
PARTS_OF_THEM = (rf"(?:{PARTS_WORD})\s+(?:(?:for|of|to|к|для|до|za|за|k|pro)\s+(?:them|it|these|"
                 r"those|ним|них|нему|него|нього|їх|njih|њих|njega|њега|тях|нея|nim|ně|němu)|"
                 r"dafür|davon|für\s+sie|pour\s+(?:eux|elles|ceux-ci|celles-ci))|"
                 rf"(?:their|its|leurs|ses)\s+(?:{PARTS_WORD})")  # fmt: skip
# Parts named after the goods they are for, pointing back to them: "ударні дрони та
# комплектуючі до них", "kineski dronovi i delovi za njih", "drones and parts for them".
_PARTS_FOR_THEM = re.compile(
    r"\s*(?:,|and|or|и|і|та|й|i|a|und|sowie|et)\s+(?:(?:spare|des|les)\s+)?"
    rf"(?P<w>{PARTS_OF_THEM})(?!\w)",
    re.I,
)


def _with_parts_for_them(text: str, hits: list[GoodsPhrase]) -> list[GoodsPhrase]:
    """Goods of `_PARTS_OF` followed by parts pointing back to them ("дрони та комплектуючі до
    них") are two goods: the goods and their parts' heading (8807 for drones)."""
    out = list(hits)
    for h in hits:
        m = _PARTS_FOR_THEM.match(text, h.end)
        if (
            m is None
            or h.term not in _PARTS_OF
            or h.heading == _PARTS_OF[h.term]
            or any(o.start < m.end() and m.start("w") < o.end for o in hits if o is not h)
        ):
            continue
        a = m.start("w")
        out.append(GoodsPhrase(a, m.end(), text[a : m.end()], h.term, _PARTS_OF[h.term]))
    return sorted(out, key=lambda x: x.start)


# Items of one list: a comma, "and" or "or" between them (at most a few words more).
_LIST_GAP = re.compile(
    r"\s*(?:,|and|or|as well as|и|і|та|или|або|i|a|ili|und|oder|sowie|et|ou|—|-)\s*"
    r"(?:(?:and|и|і|та|i|a|und|et)\s+)?(?:[\w-]+\s+){0,2}",
    re.I,
)


# Goods of any use that a list of aircraft or drone parts (8807) makes parts of the same: electric
# motors (8501; not "motors for trams": their use said), gearboxes (8483; "main gearbox parts for
# Mi-17 helicopters" are helicopter parts).
AMONG_PARTS = {"8501": False, "8483": True}  # heading → re-read when its use is aircraft
# An aircraft or a drone named as the use: "gearbox parts for Russian-built Mi-17 helicopters".
_AIRCRAFT = re.compile(
    r"(?:[\w-]+\s+){0,3}?(?:helicopters?|aircraft|airplanes?|drones?|UAVs?|Mi-\d+|вертол\w*|"
    r"гелікоптер\w*|хеликоптер\w*|helikopter\w*|vrtulník\w*|Hubschrauber\w*|hélicoptères?|"
    r"самол[её]т\w*|літак\w*|avion\w*|letadl\w*|Flugzeug\w*|дрон\w*|dron\w*|Drohne\w*)",
    re.I,
)


def _parts_among_aircraft_parts(text: str, hits: list[GoodsPhrase]) -> list[GoodsPhrase]:
    """ "brushless motors, flight controllers and carbon-fibre frames", "rotor blades, gearboxes
    and other helicopter spare parts": motors or gearboxes listed with aircraft or drone parts
    are such parts (8807), as the list says, not goods of any use (8501, 8483)."""
    out = list(hits)
    for i, h in enumerate(out):
        use = _FOR.match(text, h.end)
        if h.heading not in AMONG_PARTS or (
            use and not (AMONG_PARTS[h.heading] and _AIRCRAFT.match(text, use.end()))
        ):
            continue  # ("electric motors for its trams", "gearboxes for cement mixers")
        for j in (i - 1, i + 1):
            if not 0 <= j < len(out):
                continue
            # (gearboxes listed with car engines or car parts are motor-vehicle parts, 8708)
            to = "8807" if out[j].heading == "8807" else _vehicle_part(text, out[j], h)
            if to is None:
                continue
            a, b = (out[j], h) if j < i else (h, out[j])
            if _LIST_GAP.fullmatch(text, a.end, b.start):
                out[i] = GoodsPhrase(h.start, h.end, h.words, h.term, to)
                break
    return out


# Goods of road vehicles: "car engines", "truck parts", "Pkw-Motoren", "автомобильные двигатели".
_VEHICLE_WORDS = re.compile(
    r"(?<!\w)(?:car|cars|vehicles?|truck|trucks|lorry|automotive|автомоб\w*|автомобил\w*|"
    r"вантажів\w*|грузовик\w*|automobil\w*|аутомобил\w*|auto|aut|Pkw|Lkw|Auto|Fahrzeug\w*|"
    r"voitures?|véhicules?|camions?)(?:[\s-]|$)",
    re.I,
)


def _vehicle_part(text: str, neighbour: GoodsPhrase, h: GoodsPhrase) -> str | None:
    """8708 where gearboxes (8483) are listed beside motor vehicles, their parts or their
    engines ("Korean-made car engines and gearboxes"): gearboxes of motor vehicles."""
    if h.heading != "8483":
        return None
    if neighbour.heading in ("8703", "8704", "8708") or (
        neighbour.heading in ("8407", "8408", "8409")
        and _VEHICLE_WORDS.search(text[max(0, neighbour.start - 20) : neighbour.end])
    ):
        return "8708"
    return None


_LISTED = re.compile(
    r"\s(?:and|и|і|та|a|i|und|et|&|as well as|както и|sowie|ainsi que)\s+(?:\S+\s+){0,2}$|"
    r"^\s*(?:and|и|і|та|a|i|und|et|&|as well as|както и|sowie|ainsi que)\s",
    re.I,
)


# Between a vehicle and its own parts: "trucks with Chinese engines", "Lkw mit Motoren".
_OWN_PARTS = re.compile(r"\s*(?:with|mit|s|se|с|з|sa|avec)\s+(?:\S+\s+)?", re.I)


def _lorry_beside_goods(text: str, h: GoodsPhrase, hits: list[GoodsPhrase], lang: str) -> bool:
    """Whether `h` is a lorry that carries the other goods read (no vehicles among them)."""
    from shadowtrade.claims import places

    if h.term != "trucks" or not any(
        o.term not in CONVEYANCES and not o.heading.startswith("87") for o in hits
    ):
        return False
    for o in hits:
        gap = text[o.end : h.start] if o.end <= h.start else text[h.end : o.start]
        if o is not h and len(gap) <= 30 and _LISTED.search(gap):
            return False  # ("exports of trucks and ammunition")
        if o.start >= h.end and o.heading in _VEHICLE_OWN and _OWN_PARTS.fullmatch(gap):
            return False  # ("trucks with Chinese engines": the lorries' own engines)
    before = text[max(0, h.start - 30) : h.start]
    return not any(  # ("Belarusian trucks", "Chinese trucks with fresh Kazakh plates")
        m.kind == "demonym" and len(before) - m.end <= 2 for m in places.mentions(before, lang)
    )


def _without_purposes(
    text: str, hits: list[GoodsPhrase]
) -> tuple[list[GoodsPhrase], list[GoodsPhrase]]:
    """The goods traded, and apart what goods named before them are for or go into."""
    # "fuzes for shells", "upaljače za granate": the second goods are what the first are for.
    out: list[GoodsPhrase] = []
    aside: list[GoodsPhrase] = []
    purpose: GoodsPhrase | None = None  # the last goods read as what others are for
    for i, h in enumerate(hits):
        if i and _FOR.fullmatch(text[hits[i - 1].end : h.start]):
            purpose = h
            aside.append(h)
        elif (
            purpose is not None
            and purpose is hits[i - 1]
            and h.heading == purpose.heading
            and _OF_TYPE.fullmatch(text[purpose.end : h.start])
        ):
            purpose = h  # "… для дронів типу Shahed": the model of what they are for
            aside.append(h)
        elif out and _PURPOSE.search(text[max(out[-1].end, h.start - 90) : h.start]):
            aside.append(h)  # "chips … for use in the production of drones": what they go into
        else:
            out.append(h)
    return out, aside


# What goods named before are used in, not goods traded: "electronic components … for use in the
# production of one-way attack drones", "микросхем, применяемых в системах управления
# беспилотниками", "мікросхем, які використовуються в крилатих ракетах", "koji se koriste u
# dronovima", "използвани в", "používané v", "verwendet in", "utilisés dans", "destinés à".
_PURPOSE = re.compile(
    r"(?<!\w)(?:for use in|used in|intended for use in|применя\w+ в|использу\w+ в|"
    r"використову\w+ (?:в|у)|застосову\w+ (?:в|у)|кој\w* се користе у|koj\w* se koriste u|"
    r"користе се у|koriste se u|използва\w* (?:в|за)|používan\w* v|(?:die|der|das) in|"
    r"verwendet in|eingesetzt in|utilisé\w* dans|destiné\w* à)\s+"
    r"(?:[\w-]+\s+){0,5}?$",
    re.I,
)


@cache
def _trade_heads() -> dict[str, str]:
    """One-word trade names of goods that name a single HS heading ("batteries" 8507), from
    the description classifier's own training list `hs_trade_terms.csv`."""
    t = pd.read_csv(DATA_DIR / "hs_trade_terms.csv", dtype=str, keep_default_na=False)
    owners: dict[str, set[str]] = {}
    for heading, terms in zip(t["heading"], t["terms"], strict=True):
        for w in terms.split("|"):
            w = w.strip().lower()
            if re.fullmatch(r"[a-z]{5,}", w):
                owners.setdefault(w, set()).add(heading)
    return {w: next(iter(h)) for w, h in owners.items() if len(h) == 1 and h <= set(hs_texts())}


# Goods outside the vocabulary, read as the object of a verb of trade ("exported record volumes
# of rice to …") and classified by the description classifier; English only (the classifier
# reads English), and only when it is confident (score above 0: "rice" 1.05, "sugar" 0.58,
# while "talks" or "cooperation" score below -0.2).
_OBJECT = re.compile(
    r"(?<!\w)(?:export(?:s|ed|ing)?|re-?export(?:s|ed|ing)?|ship(?:s|ped|ping)?|sold|sells?|"
    r"suppl(?:y|ies|ied|ying)|deliver(?:s|ed|ing)?|smuggl(?:e|es|ed|ing)|sen(?:t|ds?)|"
    r"rout(?:e|es|ed|ing)|re-?rout(?:e|es|ed|ing)|mov(?:e|es|ed|ing)|transferr?(?:s|ed|ing)?|"
    r"divert(?:s|ed|ing)?|funnel+(?:s|ed|ing)?|traffick(?:s|ed|ing)|truck(?:s|ed|ing)|flew|"
    r"flown|transship(?:s|ped|ping)?|trans-ship(?:s|ped|ping)?)\s+"
    r"(?P<g>[^,.;:]{2,60}?)\s+(?=(?:to|into|via|through|from|for|in|across)\b)",
    re.IGNORECASE,
)
_QUANTITY = re.compile(
    r"^(?:(?:record|large|huge|small|big|growing|some|about|roughly|nearly|over|more than)\s+)*"
    r"(?:(?:volumes?|quantities|amounts?|tons?|tonnes?|shipments?|batch(?:es)?|cargoes?|"
    r"consignments?|lots?|loads?|millions?|billions?|thousands?|hundreds?|[\d.,]+)\s+(?:of\s+)?)*",
    re.IGNORECASE,
)
MIN_SCORE = 0.0


def object_goods(text: str, lang: str) -> list[GoodsPhrase]:
    """Goods the vocabulary does not name, from the object of a verb of trade (English)."""
    if lang != "en":
        return []
    from shadowtrade.classify.hs_text import hs_text_model

    out: list[GoodsPhrase] = []
    for m in _OBJECT.finditer(text):
        words = _QUANTITY.sub("", m.group("g")).strip()
        if not words or len(words.split()) > 4 or re.search(r"\b(?:them|it|goods)\b", words, re.I):
            continue
        top = hs_text_model().predict([words], top=1).iloc[0]
        heading = str(top["heading_1"])
        if float(top["score_1"]) > MIN_SCORE and heading in hs_texts():
            out.append(GoodsPhrase(m.start("g"), m.end("g"), words, words, heading))
    return out


# Arms named by their kind, traded beside ammunition (not "weapons" the ammunition is for).
SPECIFIC_ARMS = (
    "firearms",
    "military rifles",
    "pistols",
    "military weapons",
    "shotguns",
    "air guns",
)
# Words that point back to goods named before ("the fertiliser", "these rifles", "diese Waffen").
BACK_ARTICLE = (r"the|these|those|this|that|such|эти|этих|этой|ці|цих|ови|ове|ovi|ove|тези|"
                r"tyto|těchto|diese|dieser|diesen|ces|cette|ce")  # fmt: skip


# Goods terms that name a class, and the headings (by prefix) of the goods of that kind they
# can name again ("Vietnamese urea … the fertiliser", "Zastava rifles … the weapons").
CLASS_WORDS = {
    "fertilizers": ("31",),
    "engines": ("8407", "8408", "8409", "8411", "8412"),
    "weapons": ("9301", "9302", "9303", "9304", "9305"),
    "military weapons": ("9301", "9302", "9303", "9304", "9305"),
    "firearms": ("9301", "9302", "9303"),
    "explosives": ("3601", "3602", "3603", "3604"),
    "machine tools": ("8456", "8457", "8458", "8459", "8460", "8461", "8462", "8463"),
}


def _named_again(p: GoodsPhrase, earlier: list[GoodsPhrase], text: str) -> bool:
    """Whether `p`, written "the/these/such X", names again goods of an earlier phrase: one
    named before it in the text with the same heading, or of the kind its class word names.
    "ammunition and rifles …; the rifles were M70s" names rifles, not the ammunition again."""
    for m in re.finditer(rf"(?<!\w)(?:{BACK_ARTICLE})\s+{re.escape(p.words)}(?!\w)", text, re.I):
        for q in earlier:
            same = q.heading == p.heading or (
                q.term != p.term and q.heading.startswith(CLASS_WORDS.get(p.term, ("-",)))
            )
            at = text.lower().find(q.words.lower())
            if same and 0 <= at < m.start():
                return True
    return False


# Goods words that name a class the nomenclature spreads over several headings, read as all
# of them: "machine tools" ("станки", "obráběcí stroje", "Werkzeugmaschinen") in sanctions
# usage are the metal-cutting machines the Common High Priority List names (EU, US, UK, Japan;
# tier 4.B: machining centres 8457, lathes 8458, milling and drilling machines 8459), not laser
# or spark machining (8456), grinding (8460) or planing (8461), which have words of their own;
# the description classifier alone read 8462 (presses and forging machines), whose legal text
# only begins with the words "machine tools".
SPREAD = {"machine tools": ("8457", "8458", "8459")}
# Goods words that name a class spread over several headings but are read as one, the heading
# such goods are mostly traded under; the reading says so ("goods_read").
ONE_OF = {
    "electronic components": (
        "8542", "integrated circuits; electronics are also computers (8471), telephone and "
        "network sets (8517), radio and camera sets (8525-8527) and components (8532-8541)"
    ),
}  # fmt: skip
# Class words that name again the goods of their class named beside them: "pistols … the
# weapons bought in Texas", "pistole … Naše zbraně" are the pistols, not other weapons.
# ("explosives" are not one: "explosives and detonators" are two goods, 3602 and 3603.)
HYPERNYMS = {"weapons": ("9301", "9302", "9303", "9304", "9305"),
             "machine tools": SPREAD["machine tools"]}  # fmt: skip


def headings_of(p: GoodsPhrase) -> tuple[str, ...]:
    """The HS headings a goods phrase is read as (several for a class word of `SPREAD`)."""
    spread = SPREAD.get(p.term, ())
    return spread if spread and p.heading == spread[0] else (p.heading,)


def readings(phrases: list[GoodsPhrase]) -> list[str]:
    """What was read from goods words that name more than one heading, said to the user."""
    out: list[str] = []
    for p in phrases:
        spread = headings_of(p)
        if len(spread) > 1:
            out.append(f"goods {p.words!r} name several HS headings: read as all of "
                       f"{spread[0]}-{spread[-1]}")  # fmt: skip
        elif p.term in ONE_OF and p.heading == ONE_OF[p.term][0]:
            out.append(f"goods {p.words!r} name several HS headings: read as {p.heading} "
                       f"({ONE_OF[p.term][1]})")  # fmt: skip
        elif p.heading == "8807" and heading_of(p.term) in AMONG_PARTS:
            own = heading_of(p.term)
            out.append(f"goods {p.words!r} read as aircraft or drone parts (8807), as the parts"
                       f" named with them, not as goods of any use ({own})")  # fmt: skip
        elif p.heading == "8708" and p.term == "gearboxes":
            out.append(
                f"goods {p.words!r} read as motor-vehicle parts (8708), listed with"
                " vehicles or their engines, not as gearboxes of any use (8483)"
            )
        elif (
            p.term in _PARTS_OF
            and p.heading == _PARTS_OF[p.term]
            and _PARTS_FOR_THEM.match(" and " + p.words)
        ):
            out.append(f"goods {p.words!r} read as parts of the {p.term} named before them"
                       f" ({p.heading})")  # fmt: skip
    return list(dict.fromkeys(out))


def reading_said(phrases: list[GoodsPhrase]) -> dict[str, list[str]]:
    """`readings` as a hypothesis's words ("goods_read"), none where there is nothing to say."""
    said = readings(phrases)
    return {"goods_read": said} if said else {}


def _hypernym_of_other(p: GoodsPhrase, phrases: list[GoodsPhrase]) -> bool:
    """Whether `p` is a class word and goods of its class are named by their own words."""
    kind = HYPERNYMS.get(p.term, ())
    return bool(kind) and any(q.term != p.term and q.heading in kind for q in phrases)


def codes_of(phrases: list[GoodsPhrase], text: str) -> tuple[list[str], list[str]]:
    """Control categories and HS codes of the phrases of one claim, most specific first."""
    codes: list[str] = []
    kept = [
        p for i, p in enumerate(phrases)
        # "Vietnamese urea … Shipments of the fertiliser": goods named with "the" / "these" /
        # "such" after the same goods (or goods of its class word's kind) name them again
        if not (_named_again(p, phrases[:i], text) or _hypernym_of_other(p, phrases))
    ]  # fmt: skip
    # ("Arms flows … the assault rifles observed": the class word gives way to the goods it
    # names and the goods are named again after it; one of them stays, the most specific)
    for p in kept or [p for p in phrases if not _hypernym_of_other(p, phrases)] or phrases:
        codes += [h for h in headings_of(p) if h not in codes]
    weapons = {"9301", "9302", "9303", "9305"}
    if "9306" in codes and not any(p.term in SPECIFIC_ARMS or _paired(p, phrases, text)
                                   for p in phrases if p.heading in weapons):  # fmt: skip
        # "weapons" in a text about ammunition are the weapons the ammunition is for, unless
        # the two are named side by side ("weapons and ammunition", "zbraní a střeliva").
        codes = [c for c in codes if c not in weapons]
    categories = categories_of(codes)
    if "9306" in codes and COMPONENTS.search(text):
        # Components of ammunition: shell bodies and parts (9306.90), propellant and fuzes.
        codes += [h for h in ("930690",) if h not in codes]
    return categories, codes


_AND = r"\s*(?:,|and|or|as well as|и|і|та|й|или|або|i|a|ili|und|oder|sowie|et|ou)\s+"


def _paired(p: GoodsPhrase, phrases: list[GoodsPhrase], text: str) -> bool:
    """Whether weapons `p` and ammunition are joined by "and" ("arms and ammunition",
    "оружие и боеприпасы", "Waffen und Munition"): two goods, not ammunition for weapons."""
    for q in phrases:
        if q.heading != "9306":
            continue
        gap = text[p.end : q.start] if p.end <= q.start else text[q.end : p.start]
        if re.fullmatch(_AND + r"(?:\w+\s+){0,2}", gap, re.IGNORECASE):
            return True
    return False


def categories_of(codes: list[str]) -> list[str]:
    """The control-list categories the codes fall in (a code matches a listed code it starts or is
    started by), in the order found."""
    cl = control_list()
    out: list[str] = []
    for code in codes:
        for c, cat in zip(cl["hs_code"], cl["category"], strict=True):
            if (code.startswith(c) or c.startswith(code)) and cat not in out:
                out.append(cat)
                break
    return out


# Goods the vocabulary does not name, read where a country marks them as made there ("Bulgarian
# detonating cord", "Chinese-made mortars", "quadcopters made in China") and classified by the
# description classifier over the HS 2022 headings, so any goods the nomenclature describes can
# be read, not only the listed ones. English only (the classifier reads English), and only when
# it is confident (score above MIN_SCORE: "detonating cord" 0.71, "quadcopters" 0.50, while
# "customs", "firms", "gangs" or "militias" score below -0.5).
_NAMED_STOP = frozenset(
    re.findall(
        r"\S+",
        "a an the and or but of for to into in on at from via through thru across with by "
        "that which who whose were was is are be been being has have had will would could "
        "may might can bound destined headed heading made manufactured produced worth again "
        "all over said says this these those its their his her it they them as than then now "
        "also not never exports imports re-exports shipments sales deliveries trade consignments "
        "supplies transfers purchases "
        # goods of every kind name no heading: "Polish goods worth €40m were re-exported"
        "goods products merchandise items commodities wares cargo cargoes",
    )
)
_WORD = re.compile(r"[^\W\d_][\w'-]*", re.UNICODE)
_MADE_AFTER = re.compile(r"-(?:made|produced|manufactured|built|origin)\b", re.I)
_MADE_IN = re.compile(
    r"\b(?:made|manufactured|produced|built|mined|extracted|grown|assembled)\s+in\s+(?:the\s+)?"
    r"(?:(?:north|south|east|west)(?:ern)?\s+|central\s+)?$",
    re.I,
)


def _classified(words: list[tuple[int, int]], text: str) -> GoodsPhrase | None:
    """The longest run of the words, ending at the last (an English noun phrase's head), that
    the classifier reads confidently as one HS heading; else a single word that is what an HS
    heading is about (`_heading_word`)."""
    from shadowtrade.classify.hs_text import hs_text_model

    for k in range(len(words)):
        a, b = words[k][0], words[-1][1]
        phrase = text[a:b]
        top = hs_text_model().predict([phrase], top=1).iloc[0]
        heading = str(top["heading_1"])
        if float(top["score_1"]) > MIN_SCORE and heading in hs_texts():
            return GoodsPhrase(a, b, phrase, phrase, heading)
    if words:
        a, b = words[-1]
        about = _heading_words().get(text[a:b].lower())
        if about:
            return GoodsPhrase(a, b, text[a:b], text[a:b], about)
    return None


@cache
def _heading_words() -> dict[str, str]:
    """Words an HS 2022 heading is about, from its legal text's opening word standing alone or
    set off ("Cotton; not carded or combed" 5201, "Ivory, tortoise-shell …" 0507, "Tea" 0902):
    the first such heading, the rawest form. Read where the classifier is unsure of one word
    ("cotton" scores -0.28)."""
    out: dict[str, str] = {}
    for code, desc in sorted(hs_texts().items()):
        m = re.match(r"([A-Za-z]{3,})\s*(?:[,.;(]|$)", desc) if len(code) == 4 else None
        if m and m.group(1).lower() not in _GENERIC:
            out.setdefault(m.group(1).lower(), code)
    return out


# Opening words of HS headings too general or too ambiguous to name goods alone ("machines"
# 8420 is calendering machines, "arms" 9307 swords, "plants" 0602 live plants, "lead" a verb).
_GENERIC = frozenset(
    re.findall(
        r"\S+",
        "agricultural animal arms bodies boards circuits containers converters drawing electric "
        "festive instruments laboratory lifting machinery machines moving panels plants plates "
        "precious registers reservoirs signalling table tanks tools transfers tubes vehicles "
        "vessels waste waters gas dates matches stamps seats ties lead slips suits safes trunks "
        "presses stone stones photographic sulphonated thermionic typewriter vegetable surveying "
        "gymnastics bombs coats bells",
    )
)


def named_goods(text: str, lang: str) -> list[GoodsPhrase]:
    """Goods the vocabulary does not name, after a demonym or before "made in" (English)."""
    if lang != "en":
        return []
    from shadowtrade.claims import places

    out: list[GoodsPhrase] = []
    for m in places.mentions(text, lang):
        runs: list[list[tuple[int, int]]] = []
        made = _MADE_AFTER.match(text, m.end)
        if not made and re.match(rf"\s+(?:[\w-]+\s+)?(?:{BUYER})(?!\w)", text[m.end :], re.I):
            continue  # "Russian defence plants", "Nigerian gangs": who receives, not goods
        if m.kind == "demonym" or made:
            run: list[tuple[int, int]] = []
            for w in _WORD.finditer(text, made.end() if made else m.end):
                if w.group(0).lower() in _NAMED_STOP or len(run) == 3:
                    break
                last = run[-1][1] if run else (made.end() if made else m.end)
                if text[last : w.start()].strip(" -"):
                    break  # punctuation ends the phrase
                run.append((w.start(), w.end()))
            runs.append(run)
        made_in = _MADE_IN.search(text[max(0, m.start - 40) : m.start])
        if made_in:
            end = m.start - len(made_in.group(0))
            before = list(_WORD.finditer(text[max(0, end - 40) : end]))
            run = []
            for w in reversed(before):
                if w.group(0).lower() in _NAMED_STOP or len(run) == 3:
                    break
                run.insert(0, (max(0, end - 40) + w.start(), max(0, end - 40) + w.end()))
            runs.append(run)
        for run in runs:
            hit = _classified(run, text) if run else None
            if hit and not any(h.start < hit.end and hit.start < h.end for h in out):
                out.append(hit)
                out += [h for h in _shared_head(hit, text) if h.heading != hit.heading]
    return sorted(out, key=lambda h: h.start)


def read_words(words: str, lang: str = "en") -> tuple[list[str], list[str], list[GoodsPhrase]]:
    """Goods given as words in a field ("computers", "мотоциклы", "heat exchangers"), read as
    the free-text reader reads them in a text: the vocabulary of the language (and English),
    else the run of words the description classifier reads confidently as one heading (as
    after a demonym). Control categories, HS codes and the phrases read; none: no goods."""
    phrases: list[GoodsPhrase] = []
    for one in dict.fromkeys((lang, "en")):
        phrases = find(words, one)
        if phrases:
            break
    if not phrases and lang == "en":
        run = [(w.start(), w.end()) for w in _WORD.finditer(words)]
        hit = _classified(run[-3:], words) if run else None
        phrases = [hit] if hit else []
    if not phrases:
        return [], [], []
    categories, codes = codes_of(phrases, words)
    return categories, codes, phrases


# "tin, tantalum and tungsten ores": a list of words before one head noun, each its own goods.
_LIST_BEFORE = re.compile(r"((?:[^\W\d_][\w-]*,\s+)*[^\W\d_][\w-]*,?\s+(?:and|or)\s+)$")


def _shared_head(hit: GoodsPhrase, text: str) -> list[GoodsPhrase]:
    """The other goods of a list that shares the head noun of `hit` (English)."""
    head = hit.words.split()[-1]
    listed = _LIST_BEFORE.search(text[max(0, hit.start - 80) : hit.start])
    if listed is None or len(hit.words.split()) != 2:
        return []
    a = hit.start - len(listed.group(1))
    out: list[GoodsPhrase] = []
    for w in re.finditer(r"[^\W\d_][\w-]*", listed.group(1)):
        if w.group(0).lower() in ("and", "or") or w.group(0).lower() in _NAMED_STOP:
            continue
        heading = _same_chapter(f"{w.group(0)} {head}", hit.heading[:2])
        if heading:
            out.append(GoodsPhrase(a + w.start(), a + w.end(), w.group(0), w.group(0), heading))
    return out


def _same_chapter(phrase: str, chapter: str) -> str | None:
    """The classifier's likeliest heading for `phrase` in HS chapter `chapter` (of its five
    best): goods listed under one head noun are of one kind ("tantalum ores" are ores, 2615,
    though the classifier's first reading is the metal, 8103)."""
    from shadowtrade.classify.hs_text import hs_text_model

    top = hs_text_model().predict([phrase], top=5).iloc[0]
    for k in range(1, 6):
        heading = str(top.get(f"heading_{k}", ""))
        if heading.startswith(chapter) and heading in hs_texts():
            return heading
    return None
