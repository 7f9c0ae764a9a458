# ruff: noqa: E501 — tables of month, season and cue words in eight languages
"""The shipments' period in an allegation's words, apart from the date of the statement.

Month names in each language come from `dateparser`'s locale data (Serbian genitives added);
relative spans ("over the past six months", "last year") are anchored on the text's own date
with dateparser's relative parser where it reads them. On top: quarters (Q2 2023, "the second
quarter"), halves, seasons, early / mid / late (Jan–Apr, May–Aug, Sep–Dec), "between X and Y",
"from X to Y", open starts ("since", "from", "seit", "depuis", "с", "од", "od", "от") that run to
the text's date, and "as the war enters its fifth year". A date told as when something was
*said* ("the ministry said in October 2023") is the statement's date, never the period.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date
from functools import cache

from shadowtrade.claims.cues import SEIZE

WAR_START = date(2022, 2, 24)  # the full-scale war "as the war enters its fifth year" counts from
YEAR = (r"(?P<y>(?:19|20)\d\d)(?!\d)(?:\s*(?:г\.|г\b|годин[аеиу]\b|года\b|году\b|год\b|року\b|"
        r"році\b|рік\b|годах\b|роках\b|godin[aeiu]\b|\.(?=\s+годин|\s+godin)))?")  # fmt: skip
ORDINAL = {
    1: r"first|1st|перв\w*|перш\w*|прв\w*|prv\w*|първ\w*|první\w*|prvním|erst\w*|premier|première",
    2: r"second|2nd|втор\w*|друг\w*|drug\w*|druh\w*|zweit\w*|deuxième|seconde?",
    3: r"third|3rd|трет\w*|трећ\w*|treć\w*|třet\w*|dritt\w*|troisième",
    4: r"fourth|4th|final|last|четв\w*|четврт\w*|četvrt\w*|čtvrt\w*|viert\w*|quatrième|"
    r"последн\w*|останн\w*|послед\w*|posledn\w*|letzt\w*|dernier",
}
QUARTER = r"quarters?|квартал\w*|kvartal\w*|тромесеч\w*|tromesečj\w*|тримесечи\w*|čtvrtletí|Quartal\w*|trimestres?"
HALF = (r"half|полугоди\w*|півріч\w*|половин\w*|polovin\w*|pololetí|Halbjahr\w*|"
        r"Jahreshälfte|Hälfte|semestre")  # fmt: skip
SEASONS = {
    (
        3,
        5,
    ): r"spring|весн\w*|навесні|пролећ\w*|proleć\w*|пролет\w*|jar[oau]|jaře|Frühling|Frühjahr|printemps",
    (
        6,
        8,
    ): r"summer|лет[оаеу]|летом|лети|leti|літ[оау]|літі|влітку|улітку|ljet\w*|let[oaeu]|лят\w*|léto|léta|létě|"
    r"Sommer\w*|été",
    (
        9,
        11,
    ): r"autumn|fall|осен\w*|осін\w*|восени|јесен\w*|jesen\w*|есен\w*|podzim\w*|Herbst\w*|automne",
    (12, 14): r"winter|зим\w*|взимку|узимку|zim\w*|Winter\w*|hiver",
}
PART = {
    (1, 4): r"early|beginning of|the beginning of|the start of|start of|начал\w*|початк\w*|почетк\w*|"
            r"početk\w*|началото на|začátk\w*|Anfang|début|le début de|au début de",
    (5, 8): r"mid|middle of|the middle of|середин\w*|средин\w*|sredin\w*|средата на|Mitte|mi|"
            r"milieu|le milieu|polovin[aěuy]",
    (9, 12): r"late|end of|the end of|конц\w*|конец|кінц\w*|кінець|наприкінці|крај\w*|kraj\w*|края на|konc\w*|Ende|fin",
}  # fmt: skip
SINCE = (r"since|from|starting(?: in| from)?|beginning(?: in)?|as of|с|со|з|із|від|од|od|от|"
         r"seit|ab|depuis|dès|à partir d[e']")  # fmt: skip
# "since the start of summer 2024", "od početka leta 2024.", "з початку літа 2024 року", "od
# počátku léta 2024", "seit Beginn des Sommers 2024", "depuis le début de l'été 2024": since then.
SINCE_START = (rf"(?:{SINCE})\s+(?:the\s+)?(?:{PART[(1, 4)]}|Beginn|počátk\w*)"
               r"(?:\s+(?:of|des|der|de|du))?")  # fmt: skip
# "after March 2022", "след март 2022", "nach März 2022", "après mars 2022", "после марта": open
# from that month on, as "since" is (the month itself included: a month's trade is one figure).
AFTER = r"after|following|после|після|след|nach|après|nakon|након|posle|poslije|послије"
POINT = r"in|during|throughout|all of|over|across|в|во|у|u|за|током|tokom|през|v|ve|během|im|in den|en|au|dans"
RANGE_A = r"(?:from|since) at least|from as early as|(?:beginning|starting) (?:no later than|in|on or about|at least)|between|from|с|со|з|між|між|од|od|между|између|između|izmedju|от|mezi lety|mezi roky|mezi|v letech|in den Jahren|zwischen den Jahren|zwischen|von|entre les années|entre|de|du"
RANGE_B = r"and|to|through|until|till|и|і|й|по|до|i|a|až|do|und|bis|et|à|au|-|–|—"
# A bare year after an auxiliary verb is an adverbial ("Händler haben 2024 … weiterverkauft").
AUX = (
    r"(?<!\w)(?:haben|hat|hatte|hatten|wurde|wurden|sind|ist|have|has|had|su|je|са|е|"
    r"lieferte|lieferten|exportierte|exportierten|verkaufte|verkauften|schickte|schickten|"
    r"gelangte|gelangten|kamen|gingen)\s+$"
)
# A German finite verb in lower case before a bare year ("Die Lieferungen stiegen 2024 stark
# an", "wuchsen 2023 um 40 Prozent"): a time adverbial; a capitalised noun ("Drohnen 2024") or an
# article ("den 2024 …") is not a verb.
DE_VERB = (r"(?<!\w)(?!(?:den|einen|diesen|jenen|ihren|seinen|unseren|allen|beiden)\s)"
           r"(?-i:[a-zäöüß]{2,}(?:te|ten|en))\s+$")  # fmt: skip
# … and only where the year is followed by the clause's end or an adverb, not by a noun it counts
# ("schmuggelten 2000 Gewehre") or a participle it dates ("fanden 2023 hergestellte Chips").
DE_AFTER_YEAR = r"\s*(?:[.,;:!?)]|$|(?-i:[a-zäöüß]+)(?<!te)(?<!ten)(?<!tes)(?<!ter)(?<!ene)(?<!enen)(?<!ener)(?!\w))"
# "Ende 2023 ging es los", "it began in late 2023": the date is where the period starts.
STARTED = (
    r"\s*(?:ging es los|began|started|begann|begannen|началось|начались|почалося|почалися|"
    r"почали|počele|почеле|започнаха|започна|začaly|začal[aoy]?|commencé|a commencé|"
    r"ont commencé|ont débuté|započal\w*|onwards?|and after)\b"
)
# "the shipments, which began in the autumn of 2024", "начавшиеся осенью 2024 года", "які почалися
# у 2023 році": a verb of beginning before the date makes it where the period starts.
BEGAN_VERB = (
    r"began|begun|started|commenced|начал\w*|начав\w*|почал\w*|почав\w*|počel\w*|почел\w*|"
    r"започна\w*|začal\w*|začaly|begann\w*|commencé|débuté"
)
# What begins when a period begins: the shipments ("deliveries began in April").
SHIPMENTS = (r"deliver(?:y|ies)|shipments?|supplies|exports?|transfers?|flights|consignments|"
             r"доставк\w*|поставк\w*|пратк\w*|износ\w*|экспорт\w*|експорт\w*|постачанн\w*|"
             r"isporuk\w*|испорук\w*|izvoz\w*|извоз\w*|dodávk\w*|zásilk\w*|vývoz\w*|"
             r"Lieferung\w*|Ausfuhr\w*|Exporte?|livraisons?|exportations?|envois?")  # fmt: skip
BEGAN = (
    rf"(?:{BEGAN_VERB})\s+"
    r"(?:(?:in|on|at|from|im|en|au|в|во|у|u|v|ve|през|с|od|од)\s+)?(?:the\s+|l'|le\s+|la\s+)?"
)
SPEECH = (r"(?:said|says|stated|announced|reported|told|wrote|declared|confirmed|claimed|"
          r"acknowledged|admitted|conceded|"
          r"заявил\w*|заяви\w*|сообщил\w*|заявив\w*|повідомив\w*|изјави\w*|izjavi\w*|"
          r"саопшти\w*|saopšti\w*|"
          r"uvedl\w*|oznámil\w*|erklärt\w*|teilte\w*|sagte\w*|déclaré|annoncé|affirmé|"
          # "ministerstvo zahraničí o tom 7. února informovalo partnery": the day it told them
          r"informoval\w*|informiert\w*|informé\w*|проинформирова\w*|поінформува\w*|"
          r"информира\w*|обавести\w*|obavesti\w*|"
          # "a indiqué le 19 mai que", "На 16 октомври министерството уточни", "upřesnilo 3.
          # března": verbs of telling and stating more precisely, the statement's day (their
          # adverbs are none: "précisément le 19 mai", "подчеркнуто", "подчертано")
          r"indiqu[ée]\w*|précis(?:ée?s?|e|ent|ait|aient)(?!\w)|soulign[ée]\w*|expliqu[ée]\w*|"
          r"stressed|clarified|уточни\w*|уточнил\w*|подчеркну(?!т)\w*|"
          r"пояснил\w*|пояснив\w*|зазначи\w*|наголоси\w*|підкресли\w*|посочи(?:ха)?|"
          r"съобщи(?:ха)?|подчерта(?!н)\w*|навео|навела|naveo|navela|истака\w*|istaka\w*|"
          r"навел[аои]|navel[aoi]|прецизира\w*|precizira\w*|upřesnil\w*|sdělil\w*|zdůraznil\w*|"
          r"mitgeteilt|betont\w*|präzisiert\w*|"
          # a report's own date ("a report published in September 2025") is the statement's
          r"published|released|issued|опубликова\w*|опублікова\w*|објављен\w*|objavljen\w*|"
          r"публикува\w*|zveřejn\w*|veröffentlicht\w*|publié\w*)")  # fmt: skip


# What a text draws on, named before the season it is from ("documents from this summer",
# "данные с этого лета", "dokumenty od letošního léta"): the season, not where a period starts.
RECORDS = (r"documents?|records?|reports?|data|papers|files|filings|photos|images|imagery|footage|"
           r"videos?|emails|messages|letters|invoices|manifests|statistics|figures|"
           r"документ\w*|данн\w*|дані|даних|отч[её]т\w*|звіт\w*|доклад\w*|снимк\w*|знімк\w*|"
           r"фото\w*|dokument\w*|podac\w*|podatk\w*|подац\w*|податк\w*|izvešta\w*|извешта\w*|"
           r"snimc\w*|снимц\w*|údaj\w*|zpráv\w*|snímk\w*|Dokumente|Unterlagen|Berichte|Daten|"
           r"Aufnahmen|rapports?|données")  # fmt: skip


# A year a figure is compared with: "up from $0.3 billion in 2022", "compared with 2021".
# ("more than 800 tonnes in 2024" is an amount, not a time compared with)
COMPARED = (
    r"(?:(?:up|down|rising|falling|increase|decrease|rose|grew|jumped|climbed|fell|dropped|"
    r"increased|decreased|surged|soared) from|compared (?:with|to)|against|(?<!later )(?<!earlier )than(?: in)?(?!\s+[\d$€£])"
    r"|по сравнению с|у порівнянні з|у поређењу са|u poređenju sa|в сравнение с|oproti|ve srovnání s"
    r"|gegenüber|im Vergleich zu|par rapport à|contre)\s+(?:[^,;]{0,30}?\s+)?(?:in\s+|в\s+|у\s+|u\s+"
    r"|v\s+|im\s+|en\s+)?$"
)
WEEKDAYS = {
    0: r"monday|понедельник|понеділок|понедељак|ponedeljak|понеделник|pondělí|Montag|lundi",
    1: r"tuesday|вторник|вівторок|уторак|utorak|úterý|Dienstag|mardi",
    2: r"wednesday|среду|среда|середу|середа|сряда|středu|středa|Mittwoch|mercredi",
    3: r"thursday|четверг|четвер|четвртак|četvrtak|четвъртък|čtvrtek|Donnerstag|jeudi",
    4: r"friday|пятницу|пятница|п'ятницю|п'ятниця|петак|petak|петък|pátek|Freitag|vendredi",
    5: r"saturday|субботу|суббота|суботу|субота|subotu|subota|събота|sobotu|sobota|Samstag|samedi",
    6: r"sunday|воскресенье|неділю|неділя|недељу|nedelju|неделя|neděli|neděle|Sonntag|dimanche",
}  # fmt: skip
ON_DAY = r"on|в|у|u|в|v|ve|am|le|през"
# A document's publication ("an investigation published in December", "оприлюдненому в
# грудні", "veröffentlicht im März"): when it came out, not when the goods moved.
PUBLISHED = (r"published|released|issued|made public|опубликова\w*|обнародова\w*|оприлюдн\w*|"
             r"опублікова\w*|објављен\w*|objavljen\w*|публикува\w*|публикуван\w*|"
             r"zveřejn\w*|publikov\w*|vydan\w*|veröffentlicht\w*|publiée?s?|parue?s?|"
             r"rendue?s? publique?s?|"
             # "as the Committee heard last week": a hearing's date, the statement's
             r"(?:committee|commission|court|house|parliament|inquiry|MPs|lawmakers)\s+heard"
             r"(?=\s+(?:last|on|in|this|yesterday|earlier)\b|\s*$)")  # fmt: skip
# A document a weekday dates ("the indictment unsealed on Thursday", "a report circulated on
# Tuesday", "une enquête publiée vendredi"): the day it was made public, not the shipments'.
DOCUMENT = (r"report|indictment|complaint|filing|study|investigation|statement|findings|ruling|"
            r"verdict|judgment|documents?|papers|доклад\w*|отч[её]т\w*|расследовани\w*|звіт\w*|"
            r"розслідуванн\w*|извештај\w*|izveštaj\w*|истраживањ\w*|istraživanj\w*|"
            r"разследван\w*|zpráv\w*|studi\w*|šetřen\w*|obžalob\w*|Bericht\w*|Anklage\w*|"
            r"Recherche\w*|Urteil\w*|rapport\w*|enquête\w*|acte d'accusation")  # fmt: skip
# Goods found, held or arriving on a day, besides the seizure verbs (`cues.SEIZE`).
CAUGHT = (r"landed|arrived|docked|unloaded|offloaded|приземлил\w*|прибыл[аио]?|прибув|прибул[аио]|"
          r"стигл[аиое]?|стигао|stigl[aieo]?|stigao|пристигна(?:л[аио]?|ха|х)?|přistál[aoiy]?|"
          r"dorazil[aoiy]?|landeten?|gelandet|eingetroffen|atterri(?:e|s|es|t|rent)?|arrivée?s?|"
          r"found|boarded|detained|discovered|searched|арестова\w*|обнаруж\w*|виявил\w*|"
          r"пронађ\w*|pronađ\w*|открил\w*|zachyt\w*|našl[aoiy]?|entdeckt\w*|gefunden|"
          r"découv\w*|trouvée?s?")  # fmt: skip
ANSWERED = (r"rejected|denied|dismissed|refuted|arrested|charged|indicted|sentenced|convicted|опроверг\w*|отверг\w*|спростува\w*|заперечи\w*|"
            r"одбаци\w*|odbaci\w*|негира\w*|negira\w*|отхвърли\w*|popřel\w*|odmítl\w*|"
            r"dementiert\w*|bestritt\w*|wies\b|démenti|a démenti|a rejeté|"
            # what a court or a prosecutor did on that day, not when the goods moved
            r"zurückgewiesen|abgelehnt|bestritten|dementiert|отрече\w*|отрича\w*|отрица\w*|"
            r"rejette\w*|rejeté\w*|"
            r"verurteilt\w*|angeklagt|festgenommen|condamné\w*|inculpé\w*|"
            # "МИД России 11 октября назвала «вбросом» …": the day it called the reports lies
            r"назва\w*|nazva\w*|нарече\w*|označil\w*|bezeichnete\w*|qualifié\w*")  # fmt: skip
# A statement dated by the day after it: "в заявлении от 9 февраля", "у заяві від 29 серпня",
# "в позицията на министерството от 15 юли", "u saopštenju od 3. marta", "v prohlášení ze
# 3. března", "in der Erklärung vom 3. März", "dans un communiqué du 3 mars", "a statement dated".
STATEMENT_OF = (r"(?:statement|communiqu[eé]|declaration|заявлени\w*|заяв[іиа]\w*|позици\w*|"
                r"изјав\w*|izjav\w*|саопштењ\w*|saopštenj\w*|изявлени\w*|prohlášení|"
                r"Erklärung|Mitteilung|Stellungnahme|déclaration)\s+(?:[^\s,]+\s+){0,2}?"
                r"(?:от|від|од|od|ze|z|vom|du|of|dated)\s+$")  # fmt: skip


@dataclass(frozen=True)
class Span:
    """A time expression: first and last day, the words, and whether it is a statement's date."""

    start: date
    end: date
    words: str
    statement: bool = False
    whole: bool = False  # a named season read whole ("this winter"), not cut at the text's date


def month_end(year: int, month: int) -> date:
    """The last day of a month."""
    return date(year, month, calendar.monthrange(year, month)[1])


def _latest_season(m: re.Match[str], today: date) -> tuple[int, int, int]:
    """(first month, last month, year) of the season `m` names ("last spring", "l'été
    dernier"): the latest such season before the current one."""
    key = next(k for k, v in m.groupdict().items() if v and k[0] == "s" and "_" in k)
    a, b = (int(x) for x in key[1:].split("_"))
    current = a <= today.month <= b or (b > 12 and today.month <= b - 12)
    return a, b, today.year - 1 if current or a > today.month else today.year


def _span(year: int, first: int, last: int) -> tuple[date, date]:
    if last > 12:
        return date(year, first, 1), month_end(year + 1, last - 12)
    return date(year, first, 1), month_end(year, last)


@cache
def _months(lang: str) -> dict[str, int]:
    """Month words of a language → month number, from dateparser's locale data."""
    from dateparser.languages.loader import default_loader  # type: ignore[import-untyped]

    names = ("january", "february", "march", "april", "may", "june", "july", "august",
             "september", "october", "november", "december")  # fmt: skip
    locales = {"sr": ("sr-Cyrl", "sr-Latn")}.get(lang, (lang,))
    out: dict[str, int] = {}
    for code in (*locales, "en"):
        info = default_loader.get_locale(code).info
        for i, n in enumerate(names, start=1):
            forms = [form.lower().rstrip(".") for form in info.get(n, [])]
            for f in forms:
                if len(f) < 3:
                    continue
                out[f] = i
                if any(g != f and g.startswith(f) for g in forms) or code == "en":
                    continue  # an abbreviation ("нов", "мар") takes no endings: "нову" is "new"
                if lang == "sr":
                    # Serbian genitives and locatives: март → марта, марту; октобар → октобра,
                    # октобру; мај → маја, мају (dateparser has the nominatives).
                    stem = re.sub(r"([бb])[аa]([рr])$", r"\1\2", f)  # the fleeting a of -бар
                    for ending in ("а", "у") if code == "sr-Cyrl" else ("a", "u"):
                        out.setdefault(stem + ending, i)
                # Locatives of the genitives dateparser lists ("в марте", "у березні"):
                # Russian -а/-я → -е; Ukrainian -я/-а → -і, -ого → -ому.
                elif lang == "ru" and f[-1] in "ая":
                    out.setdefault(f[:-1] + "е", i)
                elif lang == "uk" and f.endswith("ого"):
                    out.setdefault(f[:-3] + "ому", i)
                elif lang == "uk" and f[-1] in "ая":
                    out.setdefault(f[:-1] + "і", i)
                # Instrumentals after "between" ("между январём и маем", "між січнем і
                # травнем", "mezi lednem a květnem"): Russian and Ukrainian from the genitive
                # (-я → -ем/-ём, -а → -ом, -ого → -им), Czech from the locative (-u/-i → -em).
                if lang in ("ru", "uk") and f[-1] in "ая":
                    for ending in ("ем", "ём") if f[-1] == "я" else ("ом",):
                        out.setdefault(f[:-1] + ending, i)
                elif lang == "uk" and f.endswith("ого"):
                    out.setdefault(f[:-3] + "им", i)
                elif lang == "cs" and f[-1] in "ui" and len(f) > 4:
                    out.setdefault(f[:-1] + "em", i)
                elif lang == "cs" and f == "září":
                    out.setdefault("zářím", i)
    return out


@cache
def _patterns(lang: str) -> dict[str, re.Pattern[str]]:
    months = "|".join(sorted(map(re.escape, _months(lang)), key=len, reverse=True))
    ordinal = "|".join(f"(?P<o{n}>{p})" for n, p in ORDINAL.items())
    season = "|".join(f"(?P<s{a}_{b}>{p})" for (a, b), p in SEASONS.items())
    part = "|".join(f"(?P<p{a}_{b}>{p})" for (a, b), p in PART.items())
    fill = r"(?:\s+(?:of|the|на|de|du|l'année|l'an|l'|d'|des|Jahres|roku|року|года|godine|године|an|année))*\s*"
    flags = re.IGNORECASE
    ord_a = "|".join(f"(?P<a{n}>{p})" for n, p in ORDINAL.items())
    ord_b = "|".join(f"(?P<b{n}>{p})" for n, p in ORDINAL.items())
    return {
        # "the second and third quarters of 2023", "во втором и третьем кварталах 2023 года",
        # "im zweiten und dritten Quartal 2023": from the first quarter to the second
        "q2": re.compile(
            rf"\b(?:{ord_a})\s+(?:and|и|і|та|й|i|a|und|et)\s+(?:the\s+)?(?:{ord_b})\s+"
            rf"(?:{QUARTER}){fill}{YEAR}",
            flags,
        ),
        "q": re.compile(rf"\b(?:Q(?P<qn>[1-4])|(?:{ordinal})\s+(?:{QUARTER})){fill}{YEAR}", flags),
        "qy": re.compile(rf"\b{YEAR}\s*Q(?P<qn>[1-4])\b", flags),
        "first_months": re.compile(
            rf"\b(?:the\s+)?first\s+(?P<fm>\w+)\s+(?P<fu>months|quarters)\s+of{fill}{YEAR}",
            flags,
        ),
        "h": re.compile(rf"\b(?:H(?P<hn>[12])|(?:{ordinal})\s+(?:{HALF})){fill}{YEAR}", flags),
        "season": re.compile(rf"(?<!\w)(?:{season}){fill}{YEAR}", flags),
        "part": re.compile(rf"(?<!\w)(?:{part})(?:-|\s+|{fill}){YEAR}", flags),
        "month": re.compile(
            rf"(?<!\w)(?P<m>{months})\.?(?:\s+\d{{1,2}}(?:st|nd|rd|th)?,?)?{fill}{YEAR}", flags
        ),
        "month_only": re.compile(rf"(?<!\w)(?P<m>{months})(?!\w)", flags),
        "year": re.compile(rf"(?<!\w){YEAR}", flags),
        "season_only": re.compile(rf"(?<!\w)(?:the\s+)?(?:{season})(?!\w)", flags),
    }


def _unit(m: re.Match[str], kind: str, lang: str) -> tuple[date, date]:
    g = m.groupdict()
    year = int(g["y"]) if g.get("y") else 0
    if kind == "q2":
        n1 = next(i for i in ORDINAL if g.get(f"a{i}"))
        n2 = next(i for i in ORDINAL if g.get(f"b{i}"))
        if n2 <= n1:
            raise ValueError(m.group(0))
        return _span(year, 3 * n1 - 2, 3 * n2)
    if kind in ("q", "qy"):
        n = int(g["qn"]) if g.get("qn") else next(i for i in ORDINAL if g.get(f"o{i}"))
        return _span(year, 3 * n - 2, 3 * n)
    if kind == "first_months":
        n = NUMBERS.get(g["fm"].lower(), int(g["fm"]) if g["fm"].isdigit() else 0)
        n *= 3 if g["fu"].lower() == "quarters" else 1  # "the first three quarters of 2024"
        if not 1 <= n <= 12:
            raise ValueError(g["fm"])
        return _span(year, 1, n)
    if kind == "h":
        n = int(g["hn"]) if g.get("hn") else next(i for i in ORDINAL if g.get(f"o{i}"))
        return _span(year, 1, 6) if n == 1 else _span(year, 7, 12)
    if kind in ("season", "part"):
        key = next(k for k, v in g.items() if v and k[0] in "sp" and "_" in k)
        a, b = (int(x) for x in key[1:].split("_"))
        return _span(year, a, b)
    if kind == "month":
        month = _months(lang)[g["m"].lower()]
        return date(year, month, 1), month_end(year, month)
    return date(year, 1, 1), date(year, 12, 31)


ROUTE_AFTER_YEAR = (
    r"\s+(?:über|nach|via|through|into|aus|durch|přes|через|преко|preko|през|"
    r"par|vers|à destination)(?!\w)"
)


# What a round number counts, right after it: a lower-case word that is no year word ("с 2000
# тепловизионных модулей", "since 2000 rounds"), not "2000 года", "2000. godine", "2000 and".
COUNTED = (r"\s+(?!(?:year|years|г|гг|год\w*|рік|року|році|godin\w*|годин\w*|година|roku|roce|rok|"
           r"Jahr\w*|an|année|and|und|et|и|і|та|i|a|to|bis|до|по|do|au|à|until|till|till|with|"
           r"in|on|at|the|a|an)\b)[a-zа-яёєіїђјљњћџčćšžěřůýáíéúäöüßàâçèéêëîïôùûœ]{3,}")  # fmt: skip


def _units(text: str, lang: str) -> list[tuple[int, int, date, date]]:
    """Every dated expression, the most specific where two overlap."""
    pats = _patterns(lang)
    out: list[tuple[int, int, date, date]] = []
    # "a" joins two years in Czech ("2022 a 2023"); elsewhere it is an article ("a 2019 licence")
    range_b = RANGE_B if lang == "cs" else RANGE_B.replace("|a|", "|")
    for kind in ("q2", "q", "qy", "first_months", "h", "season", "part", "month", "year"):
        for m in pats[kind].finditer(text):
            if any(m.start() < b and a < m.end() for a, b, _, _ in out):
                continue
            count = m.group(0).strip().endswith("00")  # a round count may look like a year
            if kind == "year" and not re.search(
                rf"(?<!\w)(?:{POINT}|{SINCE}|{AFTER}|{RANGE_A}|{range_b}|roku|roce|року|році|году|года|year|année|Jahr|Jahre|Jahres|godine|године)\s*$",
                text[max(0, m.start() - 30) : m.start()], re.IGNORECASE,
            ) and not re.search(r"\d{4}\s*[-–—]\s*$", text[max(0, m.start() - 8) : m.start()]) and not (
                m.group(0).strip()[4:]  # "2024. godine", "2024 года": a year word follows
                or re.search(AUX, text[max(0, m.start() - 12) : m.start()], re.IGNORECASE)
                or (
                    lang == "de"
                    and re.search(DE_VERB, text[max(0, m.start() - 16) : m.start()])
                    and re.match(DE_AFTER_YEAR, text[m.end() :])
                )
                # a year that opens a clause ("…, 2024 tschechische Pistolen … geliefert",
                # "2023 lieferte Serbien …"): a time adverbial, not an adjective
                # a year after a bare year word ("po celý rok 2024"), not a round count ("За
                # последний год 2000 дронов")
                or (re.search(r"(?<!\w)(?:rok|год|рік|година|godina)\s*$",
                              text[max(0, m.start() - 12) : m.start()], re.IGNORECASE)
                    and not count)
                # (not a round count: "…, 2000 детонатора без придружителни документи")
                or (re.search(r"(?:^|[,;:])\s*$", text[: m.start()][-3:] if m.start() else "")
                    and not count)
                or (m.start() == 0 and not count)
                # a year before the route's preposition ("Werkzeugmaschinen 2023 über Georgien
                # … gelangten"): when, not which
                or re.match(ROUTE_AFTER_YEAR, text[m.end() :], re.IGNORECASE)
            ):  # fmt: skip
                continue  # a bare year is an adjective ("the 2014 annexation"), not a period
            # a round count before what it counts: "фуру с 2000 тепловизионных модулей" (German
            # nouns are capitalised: a lower-case word after a year there is a verb)
            if kind == "year" and count and lang != "de" and re.match(COUNTED, text[m.end() :]):
                continue
            word = m.group(0)
            if (
                kind == "part"
                and word.lower().startswith("mi")
                and "-" not in word
                and not (re.match(r"mid\b|middle|Mitte\b|milieu\b", word, re.I))
            ):
                continue
            try:
                a, b = _unit(m, kind, lang)
            except (KeyError, StopIteration, ValueError):
                continue
            out.append((m.start(), m.end(), a, b))
    return sorted(out)


def _ends_with(before: str, words: str) -> re.Match[str] | None:
    article = r"(?:\s+(?:the|le|la|l'|dem|der|den|roku|року|году|года|on or about(?: \d{1,2})?))?"
    return re.search(rf"(?<!\w)(?:{words}){article}\s*$", before, re.IGNORECASE)


# Words of a shipment planned, whose time may lie after the text's date: "a planned shipment …
# in the third quarter of 2025", "will be loaded in February", "dodá … v prvním čtvrtletí 2025",
# "sollte im März geliefert werden" (not a review, ban or trial planned: "Serbia will review
# arms exports in 2026", "vlada planira reviziju 2026").
PLANNED = (r"planned|plans? to (?:ship|deliver|send|supply|sell|export)|scheduled|earmarked|"
           r"(?:to be|will be|would be) (?:shipped|delivered|loaded|trucked|flown|sent|supplied)|"
           r"arrang\w* to (?:ship|deliver|send)|agreed to (?:ship|deliver|supply|sell|send)|"
           r"планир\w*|планує\w*|плануют\w*|планува\w*|планира\w*|planira\w*|plánov\w*|"
           r"geplant\w*|prévu\w*|dodá|dodají|доставит|поставит|постачить")  # fmt: skip
NOT_SHIPMENT = (
    r"review|ban|check|investigation|inquiry|trial|audit|sanction\w*|ревизи\w*|"
    r"провер\w*|забран\w*|заборон\w*|revizij\w*|reviziju|enquête|Prozess\w*|"
    r"kontrol\w*|контрол\w*|closure|закры\w*|zákaz\w*|Verbot\w*|interdiction"
)


def spans(text: str, lang: str, today: date) -> list[Span]:
    """The time spans of a text (a clause), anchored on its own date `today`; a planned
    shipment's time after `today` is kept where a year names it and a word of planning the
    shipment stands just before it ("a planned shipment … in the third quarter of 2025")."""
    out = _spans(text, lang, today)
    if not re.search(rf"(?<!\w)(?:{PLANNED})(?!\w)", text, re.I):
        return out
    later = []
    for s in _spans(text, lang, date(2100, 12, 31)):
        at = text.find(s.words)
        plan = re.search(
            rf"(?<!\w)(?:{PLANNED})(?!\w)(?:(?![;.])[^;.]){{0,80}}$", text[: max(at, 0)], re.I
        )
        if (
            at < 0
            or plan is None
            or s.start <= today
            or s.statement
            or not any(
                int(y) >= today.year for y in re.findall(r"(?<!\d)(?:19|20)\d\d(?!\d)", s.words)
            )
            or re.search(r"(?<!\w)(?:until|till|bis|до|jusqu\w*|do|by)\s+\S*\s*$", text[:at], re.I)
            or re.search(rf"(?<!\w)(?:{NOT_SHIPMENT})(?!\w)", text[plan.start() : at], re.I)
        ):
            continue
        later.append(s)
    return out + [s for s in later if all(s.words != o.words for o in out)]


def _spans(text: str, lang: str, today: date) -> list[Span]:
    out: list[Span] = []
    units = _units(text, lang)
    used: set[int] = set()
    for i, (a, b, first, last) in enumerate(units):
        if i in used:
            continue
        before = text[max(0, a - 40) : a]
        start_at = a
        if re.search(COMPARED, before, re.IGNORECASE):
            continue  # "… in 2024, up from $0.3 billion in 2022": a year compared with, not when
        statement = bool(
            re.search(rf"{SPEECH}\s+(?!that\b)(?:[^\s,]+\s+){{0,3}}$", before, re.IGNORECASE)
            or re.search(rf"(?<!\w)(?:{PUBLISHED})\s+(?:[^\s,]+\s+){{0,2}}$", before, re.I)
        )  # "says that in early 2024 …", "сообщили в прокуратуре, с начала 2024 года …" (a
        # comma closes who said it): the reported event's date, not the statement's
        nxt = units[i + 1] if i + 1 < len(units) else None
        # "between 2022 and 2024", "from January 2021 to March 2022", "between March and
        # September 2023" (the first month takes the second's year).
        range_a = _ends_with(before, RANGE_A)
        joint = text[b : nxt[0]] if nxt else ""
        dash = (  # "в 2021–2022 годах": two years joined by a dash
            bool(nxt and re.fullmatch(r"\s*[-–—]\s*", joint))
            and text[a:b].isdigit() and text[nxt[0] : nxt[0] + 4].isdigit() if nxt else False
        )  # fmt: skip
        # "Взимку 2023–2024 років", "winter 2023/24": the winter that spans both years, one
        if (
            nxt and first.month == 12 and last.year == first.year + 1
            and re.fullmatch(r"\s*[-–—/]\s*", joint)
            and text[nxt[0] : nxt[1]][:4] == str(last.year)
        ):  # fmt: skip
            used.add(i + 1)
        elif nxt and (dash or (range_a and re.fullmatch(
            rf"\.?,?\s*(?:and\s+(?:continu\w+|running|lasting)\s+)?(?:{RANGE_B})\s*(?:at least\s+)?"
            # "from March 2023 until his arrest in January 2024": an event that ends the range
            rf"(?:(?:his|her|their|its|the)\s+[\w-]+\s+(?:in|on)\s+)?"
            rf"(?:the\s+)?(?:on or about\s+(?:\d{{1,2}}\s+)?)?", joint, re.I
        ))):  # fmt: skip
            used.add(i + 1)
            out.append(
                Span(
                    first,
                    min(nxt[3], today),
                    text[(range_a.start() + a - len(before)) if range_a else a : nxt[1]],
                )
            )
            continue
        # "Q1-Q3 2024", "H1–H2 2023": the first quarter or half takes the second's year
        unit = text[a:b]
        qr = re.search(r"(?<!\w)([QH])([1-4])\s*(?:[-–—]|to|through)\s*$", before)
        if (
            qr
            and unit[:1].upper() == qr.group(1).upper()
            and not (qr.group(1) == "H" and qr.group(2) > "2")
        ):
            n = int(qr.group(2))
            start = date(first.year, 3 * n - 2 if qr.group(1) == "Q" else 6 * n - 5, 1)
            if start < first:
                out.append(Span(start, min(last, today), text[a - len(before) + qr.start() : b]))
                continue
        # "in the twelve months to March 2024", "the fiscal year ending 30 June 2022": the
        # months that end there
        upto = re.search(
            r"(?:(?P<n>\w+)\s+months|(?:fiscal|financial|tax)\s+year)\s+(?:to|ending|ended|"
            r"through|up to)\s+(?:\d{1,2}\s+)?$", before, re.I,
        )  # fmt: skip
        if upto and last.month == first.month:
            n = 12 if upto.group("n") is None else NUMBERS.get(
                upto.group("n").lower(), int(upto.group("n")) if upto.group("n").isdigit() else 0
            )  # fmt: skip
            if 1 <= n <= 36:
                k = last.year * 12 + last.month - n  # months since year 0 of the first month
                start = date(k // 12, k % 12 + 1, 1)
                out.append(Span(start, min(last, today), text[a - len(before) + upto.start() : b]))
                continue
        # "с марта по август 2023 года"; "у березні–квітні 2024 року", "in March–April 2024"
        m_only = re.search(
            rf"(?:{RANGE_A})\s+(?P<m>\w+)\s+(?:{RANGE_B})\s*$", before, re.IGNORECASE
        ) or re.search(rf"(?:(?:{MONTH_IN})\s+)?(?P<m>\w+)\s*[–—-]\s*$", before, re.IGNORECASE)
        if m_only and m_only.group("m").lower() in _months(lang):
            month = _months(lang)[m_only.group("m").lower()]
            start = date(first.year, month, 1)
            out.append(Span(start, min(last, today), text[a - len(before) + m_only.start() : b]))
            continue
        # "in spring and summer 2024": the first season takes the second's year
        pair = re.search(
            rf"(?:{_patterns(lang)['season_only'].pattern})\s+(?:{RANGE_B}|or|или|або|ili|nebo|"
            rf"oder|ou)\s*$", before, re.IGNORECASE,
        )  # fmt: skip
        if pair and before.rstrip().endswith(pair.group(0).rstrip()):
            key = next(k for k, v in pair.groupdict().items() if v and k[0] == "s" and "_" in k)
            start = date(first.year, int(key[1:].split("_")[0]), 1)
            if start < first:
                out.append(Span(start, min(last, today), text[a - len(before) + pair.start() : b]))
                continue
        # "since at least 2023", "since the war began in April 2023", "seit dem Putsch im Juli
        # 2023": the time from there on ("since" / "seit" / "depuis" say it; "from" may not)
        since = (
            _ends_with(before, rf"(?:since|seit|depuis)\s+(?:at least|as early as)|{SINCE}")
            or _ends_with(before, SINCE_START)  # "od početka leta 2024.", "seit Beginn des …"
            or _ends_with(before, BEGAN)
            or _ends_with(before, AFTER)
            or re.match(STARTED, text[b:], re.I)
            or re.search(r"(?<!\w)(?:since|seit|depuis)\s+(?:[^\s,;.]+\s+){1,5}?(?:in|im|en|on)"
                         r"(?:\s+(?:the|le|la))?\s*$", before, re.I)
        )  # fmt: skip
        if since:
            start_at = a - len(before) + since.start() if since.string is not text else a
            out.append(Span(first, today, text[start_at:b], statement))
            continue
        out.append(Span(first, min(last, today), text[start_at:b], statement))
    out += _relative(text, lang, today)
    out += _since_invasion(text, today)
    out = _month_of_year(text, out, today, lang)
    out = _part_of_year(text, out, today)
    out = _no_yearless_overlap(text, out)
    out = _winter_of_split_year(text, out)
    out = _range_to_relative(text, out, today)
    # A span whose words another span's longer words hold is part of that reading ("2024" in
    # "2024-25", "прошлого года" in "с января по апрель прошлого года"): the longer one stands.
    out = [s for s in out if not any(len(o.words) > len(s.words) and s.words in o.words
                                     for o in out)]  # fmt: skip
    # Whatever a publication's participle dates is the statement's ("un rapport publié la
    # semaine dernière", "a study released last month"), however the date is told.
    out = [
        Span(s.start, s.end, s.words, True, s.whole)
        if not s.statement and (at := text.find(s.words)) >= 0 and (re.search(
            rf"(?<!\w)(?:{PUBLISHED})\s+(?:[^\s,]+\s+){{0,2}}$", text[max(0, at - 40) : at], re.I
        ) or _report_dated(text, at, s.words)) else s
        for s in out
    ]  # fmt: skip
    return [s for s in out if s.start <= today]


def _report_dated(text: str, at: int, words: str) -> bool:
    """ "reports this week say …", "a study last month found …": the reports' date, between the
    document and its verb of saying, is the statement's."""
    if re.match(r"(?:from|od|од|с|со|з|із|от|seit|depuis|aus)\s", words, re.I):
        return False  # ("Documents from this summer show …": the records' season, the goods')
    return bool(
        re.search(rf"(?<!\w)(?:{DOCUMENT}|reports?)\s+$", text[max(0, at - 25) : at], re.I)
        and re.match(
            r"\s+(?:say|says|said|show|shows|showed|found|find|finds|claim\w*|suggest\w*|"
            r"allege\w*)(?!\w)", text[at + len(words) :], re.I,
        )
    )  # fmt: skip


def _range_to_relative(text: str, out: list[Span], today: date) -> list[Span]:
    """ "from April 2023 to the end of last year", "od aprila 2023. do kraja prošle godine", "с
    марта 2023 года по конец прошлого года": a range whose end is told relative to the text's
    date ends there, not at the text's date."""
    for s in list(out):
        a = text.find(s.words)
        if a < 0 or s.end != today or not re.match(rf"(?:{RANGE_A})\s", s.words, re.I):
            continue
        for r in out:
            b = text.find(r.words, a + len(s.words))
            if r is s or b < 0 or r.start < s.start or r.end >= today:
                continue
            joint = text[a + len(s.words) : b]
            if re.fullmatch(rf"\.?,?\s*(?:{RANGE_B})\s*(?:the\s+)?", joint, re.I):
                merged = Span(s.start, r.end, text[a : b + len(r.words)], s.statement)
                out = [merged if x is s else x for x in out if x is not r]
                break
    return out


def _winter_of_split_year(text: str, out: list[Span]) -> list[Span]:
    """ "im Winter 2023/24", "зимой 2023/24 года", "l'hiver 2023-2024": the split year names
    the winter that spans its two years (December to February), not both whole years."""

    def at(s: Span) -> tuple[int, int]:
        a = text.find(s.words)
        return (a, a + len(s.words)) if a >= 0 else (-1, -1)

    winters = [at(w) for w in out if w.start.month == 12 and w.end.year == w.start.year + 1]
    return [
        s for s in out
        if not (
            re.fullmatch(r"(?:19|20)\d\d\s*[-–—/]\s*(?:\d\d){1,2}", s.words.strip())
            and at(s)[0] >= 0
            and any(a < at(s)[1] and at(s)[0] < b for a, b in winters)
        )
    ]  # fmt: skip


def _no_yearless_overlap(text: str, out: list[Span]) -> list[Span]:
    """ "през есента на 2024 г.": a month or season read without its year ("през есента") where
    its words overlap a reading with the year is the same time, not the latest such season."""

    def at(s: Span) -> tuple[int, int]:
        a = text.find(s.words)
        return (a, a + len(s.words)) if a >= 0 else (-1, -1)

    dated = [at(o) for o in out if re.search(r"\d", o.words)]
    out = [
        s for s in out
        if re.search(r"\d", s.words) or at(s)[0] < 0
        or not any(a < at(s)[1] and at(s)[0] < b for a, b in dated)
    ]  # fmt: skip
    # "in the first quarter of last year": the quarter read alone (the latest first quarter)
    # overlaps the longer reading with its relative year, which stands.
    return [
        s for s in out
        if re.search(r"\d", s.words) or at(s)[0] < 0
        or not any(len(o.words) > len(s.words) and at(o)[0] < at(s)[1] and at(s)[0] < at(o)[1]
                   and at(o)[0] >= 0 for o in out if o is not s)
    ]  # fmt: skip


def _relative_years(out: list[Span], today: date) -> list[Span]:
    """The spans of "last year" / "this year" (no digits; the whole of one of the two years)."""
    return [
        s for s in out
        if not re.search(r"\d", s.words) and s.start in (date(today.year, 1, 1),
                                                          date(today.year - 1, 1, 1))
        and (s.end == date(s.start.year, 12, 31) or s.end == today)
        and (s.end.month > 1 or s.end.year > s.start.year)
    ]  # fmt: skip


def _part_of_year(text: str, out: list[Span], today: date) -> list[Span]:
    """A part of a relative year: "at the end of last year", "в начале этого года", "Ende
    letzten Jahres", "в первой половине прошлого года", "летом прошлого года", "loni v létě":
    those months of that year, not the whole year."""
    ordinal = "|".join(f"(?P<o{n}>{p})" for n, p in ORDINAL.items())
    fill = r"\s*(?:(?:of|the|на|de|d'|l'|des|du|der|des)\s*)*$"
    season = _patterns("en").get("season_only")  # the seasons of every language are one table
    for y in _relative_years(out, today):
        at = text.find(y.words)
        if at < 0:
            continue
        year = y.start.year
        before = text[max(0, at - 40) : at]
        found: tuple[int, int, str] | None = None
        for (a, b), words in PART.items():
            m = re.search(rf"(?<!\w)(?:{words})(?:-|{fill})", before, re.IGNORECASE)
            if m and m.group(0).strip():
                found = (a, b, m.group(0))
        m = re.search(rf"(?<!\w)(?:{ordinal})\s+(?P<k>{HALF}|{QUARTER}){fill}", before, re.I)
        qh = re.search(rf"(?<!\w)(?P<k>[QH])(?P<n>[1-4])(?!\w){fill}", before)  # "Q2 this year"
        if qh and not (qh.group("k") == "H" and qh.group("n") > "2"):
            n = int(qh.group("n"))
            found = ((1, 6) if n == 1 else (7, 12)) + (qh.group(0),) if qh.group("k") == "H" else (
                3 * n - 2, 3 * n, qh.group(0))  # fmt: skip
        if m:
            n = next(i for i in ORDINAL if m.group(f"o{i}"))
            half = re.fullmatch(HALF, m.group("k"), re.IGNORECASE) is not None
            if not half or n <= 2:
                found = ((1, 6) if n == 1 else (7, 12)) + (m.group(0),) if half else (
                    3 * n - 2, 3 * n, m.group(0))  # fmt: skip
        taken: Span | None = None
        if found is None and season is not None:
            after = text[at + len(y.words) : at + len(y.words) + 30]
            sb = re.search(rf"(?:{season.pattern}){fill}", before, re.IGNORECASE)
            sa = re.match(rf"[\s,]*(?:(?:v|ve|в|у|u|im|en|in|na)\s+)?(?:{season.pattern})", after,
                          re.IGNORECASE)  # fmt: skip
            hit = sb or sa
            if hit:
                key = next(k for k, v in hit.groupdict().items() if v and k[0] == "s" and "_" in k)
                a, b = (int(x) for x in key[1:].split("_"))
                found = (a, b, hit.group(0))
                words = (hit.group(0) + y.words) if hit is sb else (y.words + hit.group(0))
                core = hit.group(key)  # the season's own word ("spring", "létě")
                taken = next((s for s in out if s is not y and s.words.strip() and
                              (s.words in words or core in s.words)), None)  # fmt: skip
        if found is None:
            continue
        a, b, _ = found
        first, last = _span(year, a, b)
        words = (found[2] + y.words) if found[2] in before else (y.words + found[2])
        # "since late last year", "с конца прошлого года", "seit Ende letzten Jahres": from then
        # up to the text's date.
        lead = text[max(0, at - 40) : at].rsplit(found[2], 1)[0] if found[2] in before else ""
        since = re.search(rf"(?<!\w)(?:{SINCE})\s+(?:(?:the|la|le|l')\s+)?$", lead, re.I)
        out = [s for s in out if s is not y and s is not taken] + [
            Span(first, today if since else min(last, today), words.strip(), y.statement)
        ]
    return out


# A month and a year named apart: "у грудні минулого року", "im März dieses Jahres", "loni v
# prosinci", "in December of last year" — between them at most these words.
_MONTH_YEAR_GAP = r"[\s,]*(?:(?:of|the|de|d'|l'|на|в|у|v|ve|u|im|en|през)\s+)*"


def _month_of_year(text: str, out: list[Span], today: date, lang: str) -> list[Span]:
    """A month without its year beside a relative year ("last year", "этого года") is that
    month of that year, not the whole year and the latest such month."""
    names = _months(lang)
    # (a month "since" counts too: "з вересня минулого року" runs from that September on)
    months = [s for s in out if ((s.start.year == s.end.year and s.start.month == s.end.month)
                                 or (s.end == today and re.match(SINCE, s.words, re.I)))
              and not re.search(r"\d", s.words)
              and any(w.lower() in names for w in re.findall(r"\w+", s.words))]  # fmt: skip
    years = [s for s in out if s.start == date(s.start.year, 1, 1) and s.start.year in
             (today.year, today.year - 1) and (s.end.month, s.end.day) in ((12, 31), (today.month, today.day))
             and not re.search(r"\d", s.words) and s.start.year != s.end.year - 1]  # fmt: skip
    for m in months:
        for y in years:
            a, b = text.find(m.words), text.find(y.words)
            if a < 0 or b < 0:
                continue
            gap = text[a + len(m.words) : b] if a < b else text[b + len(y.words) : a]
            if not re.fullmatch(_MONTH_YEAR_GAP, gap, re.IGNORECASE):
                continue
            year = y.start.year
            words = text[min(a, b) : max(a + len(m.words), b + len(y.words))]
            # (a month of the text's own month ends on its date without any "since": "in
            # October" dated 3 October; "since October last year" runs on to that date)
            since = m.end == today and (
                m.start.month != today.month or re.match(rf"(?:{SINCE})\s", m.words, re.I)
            )
            last = today if since else min(month_end(year, m.start.month), today)
            whole = Span(date(year, m.start.month, 1), last, words, m.statement)
            out = [s for s in out if s is not m and s is not y] + [whole]
            break
    return out


# Licences and permits: a time told with them is the licensing record's, not the shipments'.
LICENCES = (
    r"(?<!\w)(?:licen[cs]\w*|permits?|authori[sz]ations?|лиценз\w*|ліценз\w*|разрешени\w*|"
    r"дозвол\w*|dozvol\w*|licenc\w*|povolen\w*|Genehmigung\w*|Lizenz\w*|autorisations?)"
)

# "without export licences", "без лицензий", "ohne Genehmigung", "bez povolení": the shipments'.
WITHOUT = r"(?<!\w)(?:without|unlicensed|без|bez|ohne|sans)\s+(?:\w+\s+){0,2}?"


RELATIVE = {
    "last_year": r"last year|the previous year|в прошлом году|прошлого года|минулого року|торік|"
                 r"прошле године|prošle godine|миналата година|loni|v loňském roce|minulý rok|"
                 r"letztes Jahr|im vergangenen Jahr|im letzten Jahr|l'an dernier|l'année dernière|"
                 r"loňského roku|minulého roku|v minulém roce|letzten Jahres|vergangenen Jahres|"
                 r"des Vorjahres|im Vorjahr|l'année précédente|l'année passée|минулого року|минулому році|"
                 r"прошлой године|prošlog godine|loňska|"
                 # the whole year before ("весь прошлый год", "celý loňský rok", "das ganze
                 # letzte Jahr", "през цялата минала година")
                 r"прошлый год|минулий рік|loňský rok|минала година|letzte Jahr|"
                 r"vergangene Jahr|vergangenen Jahr|letzten Jahr",
    "last_month": r"last month|the previous month|в прошлом месяце|минулого місяця|прошлог месеца|"
                  r"prošlog meseca|миналия месец|minulý měsíc|letzten Monat|im vergangenen Monat|"
                  r"le mois dernier",
    "last_week": r"last week|the previous week|на прошлой неделе|минулого тижня|прошле недеље|"
                 r"prošle nedelje|миналата седмица|minulý týden|letzte Woche|la semaine dernière",
    "this_week": r"this week|на этой неделе|цього тижня|ове недеље|ove nedelje|тази седмица|"
                 r"tento týden|diese Woche|in dieser Woche|cette semaine",
    "this_month": r"this month|в этом месяце|цього місяця|овог месеца|ovog meseca|този месец|"
                  r"tento měsíc|diesen Monat|in diesem Monat|ce mois-ci",
    "this_year": r"this year|earlier this year|в этом году|цього року|ове године|ove godine|тази година|letos|"
                 r"dieses Jahr|in diesem Jahr|cette année|этого года|текущего года|поточного року|"
                 r"цьому році|текуће године|tekuće godine|letošního roku|"
                 r"tohoto roku|v letošním roce|(?:celý )?letošní rok|(?:весь )?этот год|"
                 r"(?:(?:весь|увесь) )?цей рік|(?:цијеле|целе|cijele|cele) (?:ове|ove) године|"
                 r"dieses Jahres|das ganze Jahr über|des laufenden Jahres|l'année en cours|"
                 r"de l'année en cours|(?:toute|tout au long de) l'année(?!\s*\d)(?!\s+(?:dernière|précédente|passée))",
    "past": r"(?:over|in|during|for) the (?:past|last) (?P<n>\w+) months|за последние (?P<n2>\w+) месяц\w*|"
            r"(?:за|протягом|впродовж|упродовж) останні\w* (?P<n3>\w+) місяц\w*|"
            r"in den (?:letzten|vergangenen) (?P<n4>\w+) Monaten|"
            r"au cours des (?P<n5>\w+) derniers mois|(?:през|за) последните (?P<n6>\w+) месец\w*|"
            r"(?:za|v|během) posledních (?P<n7>\w+) měsíc\w*|"
            r"(?:у|u|током|tokom|за|za) последњ\w* (?P<n8>\w+) месец\w*|"
            r"(?:u|tokom|za) poslednj\w* (?P<n9>\w+) mj?esec\w*|"
            r"(?:у|u|током|tokom|за|za) последњ\w* (?P<n10>\w+) мј?есец\w*",
    "past_years": r"(?:over|in|during) the (?:past|last) (?:(?P<n>\w+) )?years?|"
                  r"(?:за|в течение|на протяжении) последни[ех] (?P<n2>\w+) (?:года|лет)|"
                  r"(?:за|протягом|упродовж) останні(?:х)? (?P<n3>\w+) рок\w*|"
                  r"(?:у|u|током|tokom|за|za) (?:последњ|poslednj)\w* (?P<n4>\w+) (?:годин|godin)\w*|"
                  r"(?:през|за) последните (?P<n5>\w+) години|"
                  r"(?:za|v|během) posledních (?P<n6>\w+) let(?:ech)?|"
                  r"in den (?:vergangenen|letzten) (?P<n7>\w+) Jahren|"
                  r"(?:au cours des|durant les|pendant les|ces) (?P<n8>\w+) dernières années|"
                  r"(?:au cours de|durant|pendant) l'année écoulée",
}  # fmt: skip


def _weekdays(text: str, today: date) -> list[Span]:
    """ "On Sunday", "в воскресенье", "am Montag": the last such day up to the text's date (its
    month, the unit of a period); after "said" it is the statement's day."""
    out: list[Span] = []
    for wd, words in WEEKDAYS.items():
        for m in re.finditer(rf"(?<!\w)(?:{ON_DAY})\s+(?:{words})(?!\w)", text, re.IGNORECASE):
            d = date.fromordinal(today.toordinal() - (today.weekday() - wd) % 7)
            before = text[max(0, m.start() - 40) : m.start()]
            said = (
                re.search(rf"(?:{SPEECH}|{ANSWERED})\s+(?:\S+\s+){{0,3}}$", before, re.IGNORECASE)
                or re.search(rf"(?<!\w)(?:{DOCUMENT})\s+(?:\S+\s+){{0,3}}$", before, re.IGNORECASE)
                or re.match(
                    rf"\s+(?:\w+\s+)?(?:{SPEECH}|{ANSWERED})", text[m.end() :], re.IGNORECASE
                )
                or (
                    re.search(
                        r"(?<!\w)(?:hat|haben|hatte|hatten|ist|sind|wurde|wurden)\s+$", before
                    )
                    and re.match(
                        rf"\s+(?:[^\s,]+\s+){{0,3}}(?:{SPEECH}|{ANSWERED})",
                        text[m.end() :],
                        re.IGNORECASE,
                    )
                )
            )
            # "the ministry on Tuesday rejected reports …", "hat am Dienstag Berichte
            # zurückgewiesen" (the participle closes the German clause): the day it answered.
            # A weekday is a news story's peg: the shipments' time only where the clause tells
            # of goods caught on that day ("seized … on Sunday", "on Friday intercepted").
            # Only the weekday's own clause tells it: "…, a Reuters investigation found. On
            # Tuesday the EU added three firms" dates no shipment.
            clause = (
                re.split(r"[.;!?]\s", text[: m.start()])[-1]
                + re.split(r"[.;!?](?:\s|$)", text[m.start() :])[0]
            )
            caught = re.search(rf"(?<!\w)(?:{SEIZE}|{CAUGHT})(?!\w)", clause, re.IGNORECASE)
            out.append(Span(date(d.year, d.month, 1), min(month_end(d.year, d.month), today),
                            m.group(0), bool(said) or not caught))  # fmt: skip
    return out


# The words before a month or a season named without its year ("in March", "през януари",
# "all autumn", "током лета"), for each language.
MONTH_IN = (r"in|during|throughout|v|ve|в|у|u|im|en|през|током|tokom|během|au mois de|au mois d'|"
            r"at(?=\s+the\s+(?:end|beginning|start|middle)\s+of\s)|by(?=\s+the\s+end\s+of\s)|"
            r"im Laufe des|pendant|durant")  # fmt: skip
# The start, middle or end of a month, in the languages that put it before the month's name
# without "in" ("Ende Oktober", "в конце октября", "fin octobre"; English is read with MONTH_IN).
MONTH_PART = (r"(?:Anfang|Mitte|Ende)(?:\s+des)?|(?:в|во|у)\s+(?:начале|середине|конце|кінці|"
              r"середині|края на|началото на|средата на)|на\s+початку|наприкінці|напочатку|"
              r"(?:v\s+)?(?:polovině|polovici)|koncem|začátkem|počátkem|(?:à\s+la\s+)?(?:fin|début|mi)"
              r"(?:\s+d[e'’]|-)?|krajem|početkom|sredinom|крајем|почетком|средином")  # fmt: skip
# "all autumn" in each language: "всю осень", "усю осінь", "цијеле јесени", "cijelo ljeto",
# "celé léto", "цялата есен", "den ganzen Herbst", "tout l'automne".
SEASON_IN = (r"in|during|over|throughout|all|all of|през|током|tokom|během|im|en|pendant|durant|"
             r"na|v|ve|au|у|u|в|"
             r"au cours de|в течение|протягом|впродовж|всю|весь|всё|все|усю|увесь|ціл\w+|"
             r"цел\w+|cel\w+|цијел\w+|cijel\w+|цял\w+|den ganzen|im ganzen|"
             r"tout l'|tout le|toute l'|au cours de l'|pendant l'|durant l'")  # fmt: skip


# "this" before a season, in each language (with "all of this": "cele ove jeseni").
THIS = (r"(?:(?:all|cel\w*|цел\w*|ціл\w*|всю|весь|всё|усю|увесь|цял\w*|den ganzen)\s+)?"
        r"(?:this|этой|этим|этого|этот|этом|эту|это|цього|цієї|цю|цей|цим|цьому|ове|ову|ово|овог|"
        r"ова|ovog|ove|ovo|ovu|ova|тази|този|това|letošní\w*|tohoto|tento|toto|tuto|diesen|diesem|"
        r"dieses|cet|cette|ce)")  # fmt: skip

# "Last year's" as an adjective: the season of the year before the text's ("od loňského léta"
# in September 2025 is from June 2024), not the latest such season ("last summer").
LAST_YEARS = (r"loňsk\w+|прошлогодн\w+|торішн\w+|минулорічн\w+|лањск\w+|lanjsk\w+|"
              r"миналогодишн\w+|vorjährig\w+|letztjährig\w+")  # fmt: skip


def _yearless_month(word: str, lang: str, today: date, *, any_case: bool = False) -> date | None:
    """The first day of the month `word` names without a year: the last such month up to the
    text's date. A word of three letters or more; in English and German capitalised too (a
    lower-case "may" or "march" is no month there) unless `any_case`."""
    month = _months(lang).get(word.lower())
    if (
        not month
        or len(word) < 3
        or not (any_case or word[0].isupper() or lang not in ("en", "de"))
    ):
        return None
    return date(today.year if month <= today.month else today.year - 1, month, 1)


def _relative(text: str, lang: str, today: date) -> list[Span]:  # noqa: C901 (one rule per kind)
    out: list[Span] = _weekdays(text, today)
    for kind, pattern in RELATIVE.items():
        for m in re.finditer(rf"(?<!\w)(?:{pattern})(?!\w)", text, re.IGNORECASE):
            # "since last year", "još od prošle godine": from then up to the text's date.
            since = _ends_with(text[max(0, m.start() - 12) : m.start()], SINCE)
            if since and kind in ("last_year", "last_month", "last_week"):
                y, mo = divmod(today.year * 12 + today.month - 2, 12)
                first = (
                    date(today.year - 1, 1, 1) if kind == "last_year"
                    else date(y, mo + 1, 1) if kind == "last_month"
                    else date.fromordinal(today.toordinal() - 7)
                )  # fmt: skip
                out.append(Span(first, today, text[m.start() - len(since.group(0)) : m.end()]))
                continue
            if kind in ("last_year", "last_month") and re.search(
                r"(?<!\w)(?:than|compared (?:with|to)|versus|vs\.?)\s+$",
                text[max(0, m.start() - 15) : m.start()], re.IGNORECASE,
            ):  # fmt: skip
                continue  # "5x more … than last year": the base of a comparison, no period
            if kind == "last_year":
                out.append(
                    Span(date(today.year - 1, 1, 1), date(today.year - 1, 12, 31), m.group(0))
                )
            elif kind == "last_month":
                y, mo = divmod(today.year * 12 + today.month - 2, 12)
                out.append(Span(date(y, mo + 1, 1), month_end(y, mo + 1), m.group(0)))
            elif kind == "last_week":
                d = date.fromordinal(today.toordinal() - 7)
                out.append(Span(date(d.year, d.month, 1), today, m.group(0)))
            elif kind == "this_week":
                d = date.fromordinal(today.toordinal() - today.weekday())
                out.append(Span(date(d.year, d.month, 1), today, m.group(0)))
            elif kind == "this_month":
                out.append(Span(date(today.year, today.month, 1), today, m.group(0)))
            elif kind == "this_year":
                out.append(Span(date(today.year, 1, 1), today, m.group(0)))
            elif kind == "past_years":
                near = text[max(0, m.start() - 80) : m.end() + 80]
                if re.search(LICENCES, near, re.I) and not re.search(
                    WITHOUT + LICENCES, near, re.I
                ):
                    continue  # "no licence issued over the past five years": the licensing
                word = next((v for v in m.groupdict().values() if v), "one").lower()
                years = NUMBERS.get(word, int(word) if word.isdigit() else _VALUES.get(word, 0))
                if years:
                    y, mo = divmod(today.year * 12 + today.month - 1 - 12 * years, 12)
                    out.append(Span(date(y, mo + 1, 1), today, m.group(0)))
            else:
                n = next(v for k, v in m.groupdict().items() if v)
                start = _months_ago(n, lang, today)
                if start:
                    out.append(Span(start, today, m.group(0)))
    # "in March" (no year): that month, the last one up to the text's date.
    for m in re.finditer(rf"(?<!\w)(?:{MONTH_IN})\s+(?:(?:early|mid-?|late|the end of|"
                         r"the beginning of|the start of|the middle of)\s*)?(?P<m>\w+)(?!\w)(?!\s*\d)", text,
                         re.IGNORECASE):  # fmt: skip
        named = _yearless_month(m.group("m"), lang, today)
        if named:
            said = re.search(  # "a UN report said in July": when it was said, not shipped
                rf"(?:{SPEECH}|(?<!\w)(?:{PUBLISHED}))\s+$",
                text[max(0, m.start() - 30) : m.start()], re.IGNORECASE,
            )  # fmt: skip
            end = month_end(named.year, named.month)
            # "deliveries began in April", "доставките са започнали още през април": from then
            # (not "talks began in April": the beginning must be the shipments')
            began = re.search(
                rf"(?<!\w)(?:{SHIPMENTS})(?!\w)(?:[^.;]{{0,40}}?)(?<!\w)(?:{BEGAN_VERB})\s+"
                r"(?:(?:already|as early as|още|уже|вже|već|још|už|bereits|schon|dès)\s+)?$",
                text[max(0, m.start() - 100) : m.start()], re.IGNORECASE,
            )  # fmt: skip
            end = today if began and not said else end
            out.append(Span(named, end, m.group(0), bool(said)))
    # "Ende Oktober", "в конце октября", "koncem října", "fin octobre", "krajem oktobra",
    # "наприкінці жовтня", "в края на октомври" (no year): that month, the last one up to the
    # text's date.
    for m in re.finditer(
        rf"(?<!\w)(?:{MONTH_PART})(?:\s+|(?<=['’-]))(?P<m>\w+)(?!\w)(?!\s*\d)", text, re.I
    ):
        named = _yearless_month(m.group("m"), lang, today, any_case=True)
        if named:
            out.append(Span(named, month_end(named.year, named.month), m.group(0)))
    # "since the end of February", "с конца февраля", "від кінця лютого", "од краја фебруара",
    # "от края на февруари", "od konce února", "seit Ende Februar", "depuis fin février" (no
    # year): from that month, the last one up to the text's date, to the text's date.
    for m in re.finditer(
        rf"(?<!\w)(?:{SINCE})\s+(?:the\s+|la\s+|le\s+)?(?:{PART[(1, 4)]}|{PART[(5, 8)]}|"
        rf"{PART[(9, 12)]})(?:\s+(?:of|de|d'|des|du|на))?\s+(?P<m>\w+)(?!\w)(?!\s*\d)"
        r"(?!\s*(?:[-–—]|to|until|till|through|до|по|do|bis|à|au|jusqu)(?!\w))",
        text, re.I,
    ):  # fmt: skip
        named = _yearless_month(m.group("m"), lang, today)
        if named:
            out.append(Span(named, today, m.group(0)))
    # "last December", "im vergangenen Dezember": the latest such month before the current one.
    for m in re.finditer(
        r"(?<!\w)(?:last|this past|(?:im\s+)?(?:vergangenen|letzten))\s+(?P<m>\w+)(?!\w)(?!\s*\d)",
        text, re.IGNORECASE,
    ):  # fmt: skip
        month = _months(lang).get(m.group("m").lower())
        if month and len(m.group("m")) >= 3 and m.group("m")[0].isupper():
            year = today.year if month < today.month else today.year - 1
            # "since last October": from that month up to the text's date
            since = re.search(r"(?<!\w)(?:since|from)\s+$", text[: m.start()], re.I)
            last = today if since else month_end(year, month)
            words = text[since.start() : m.end()] if since else m.group(0)
            out.append(Span(date(year, month, 1), last, words))
    # "in the first five months of this year" / "of last year": January to that month
    for m in re.finditer(
        rf"(?<!\w)(?:the\s+)?first\s+(?P<n>\w+)\s+months\s+of\s+(?:(?P<last>"
        rf"{RELATIVE['last_year']})|{RELATIVE['this_year']}|the\s+year)",
        text, re.IGNORECASE,
    ):  # fmt: skip
        n = NUMBERS.get(m.group("n").lower(), int(m.group("n")) if m.group("n").isdigit() else 0)
        year = today.year - (1 if m.group("last") else 0)
        if 1 <= n <= 12:
            out.append(Span(date(year, 1, 1), min(month_end(year, n), today), m.group(0)))
    # "this summer", "letošního léta", "cele ove jeseni", "cet été" (no year): this year's season,
    # up to the text's date; "this winter" is the winter that holds the text's date or last ended
    # before it (in May 2024: 2023-12..2024-02). "since this summer", "с этого лета", "od
    # letošního léta", "depuis cet été": from the season's start to the text's date.
    for m in re.finditer(
        rf"(?<!\w)(?:(?P<from_>since|from|od|од|seit|depuis|с|со|з|із|від|от)\s+)?(?:{THIS})\s+"
        rf"{_patterns(lang)['season_only'].pattern}",
        text, re.IGNORECASE,
    ):  # fmt: skip
        key = next(k for k, v in m.groupdict().items() if v and k[0] == "s")
        a, b = (int(x) for x in key[1:].split("_"))
        first, last = _span(today.year - (b > 12 and today.month != 12), a, b)
        # "are being smuggled … this winter", "have been entering … this winter": a flow still
        # going on is claimed for the season as a whole; "this summer. again." up to the date.
        going = re.search(r"(?<!\w)(?:(?:is|are)\s+being|(?:has|have)\s+been)\s", text, re.I)
        starts = m.group("from_") and not re.search(
            rf"(?<!\w)(?:{RECORDS})\s+$", text[max(0, m.start() - 40) : m.start()], re.I
        )  # "documents from this summer": the records' season, no start
        if first <= today and starts:
            out.append(Span(first, today, m.group(0)))
        elif first <= today:
            out.append(
                Span(
                    first, last if going else min(last, today), m.group(0), whole=going is not None
                )
            )
    # "last spring", "since last spring": the latest such season before the current one.
    for m in re.finditer(
        rf"(?<!\w)(?:(?P<since>since|from|od|seit|depuis|с|з|від|от)\s+(?:dem\s+|the\s+)?)?"
        rf"(?:(?P<lastyears>{LAST_YEARS})|last|minul\w+|прошл\w+|минул\w+|prošl\w+|"
        rf"минал\w+|letzt\w+|vergangen\w+)\s+{_patterns(lang)['season_only'].pattern}",
        text, re.IGNORECASE,
    ):  # fmt: skip
        a, b, year = _latest_season(m, today)
        if m.group("lastyears"):  # "loňské léto", "прошлогоднее лето": last year's season
            year = today.year - 1
        first, last = _span(year, a, b)
        out.append(Span(first, today if m.group("since") else min(last, today), m.group(0)))
    out += _day_and_month(text, lang, today) + _ago(text, lang, today)
    out += _month_range(text, lang, today)
    # "in 2024-25", "2023/24": the two years.
    for m in re.finditer(r"(?<![\d/-])(?P<a>(?:19|20)\d\d)\s*[-/–]\s*(?P<b>\d\d)(?![\d/-])", text):
        a, b = int(m.group("a")), int(m.group("a")[:2] + m.group("b"))
        if b == a + 1:
            out.append(Span(date(a, 1, 1), min(date(b, 12, 31), today), m.group(0)))
    # "yesterday", "вчера", "juče", "včera", "gestern", "hier" (and the day before, last night):
    # the day before the text's, a point in time; after a verb of saying, the statement's.
    for m in re.finditer(rf"(?<!\w)(?:{YESTERDAY})(?!\w)", text, re.IGNORECASE):
        d = date.fromordinal(today.toordinal() - 1)
        said = re.search(rf"(?:{SPEECH})\s+$", text[max(0, m.start() - 30) : m.start()], re.I)
        out.append(Span(d, d, m.group(0), bool(said)))
    # "l'hiver dernier", "l'été dernier": the French adjective follows; the latest such season.
    for m in re.finditer(
        rf"(?<!\w)(?:(?P<since>depuis|dès)\s+)?(?:l'|le\s+|la\s+)?"
        rf"(?:{_patterns(lang)['season_only'].pattern})\s+derni(?:er|ère)",
        text, re.IGNORECASE,
    ):  # fmt: skip
        a, b, year = _latest_season(m, today)
        first, last = _span(year, a, b)  # ("depuis l'hiver dernier": from then on)
        out.append(Span(first, today if m.group("since") else min(last, today), m.group(0)))
    # "осенью", "влітку", "зими" (an adverb, no year): the last such season to have begun.
    for m in re.finditer(
        r"(?<!\w)(?:весной|летом|осенью|зимой|навесні|влітку|улітку|восени|взимку|узимку|лети|"
        r"leti|зими|zimi)(?!\w)(?!\s*(?:of\s+)?\d)", text, re.IGNORECASE,
    ):  # fmt: skip
        season = _patterns(lang)["season_only"].match(m.group(0))
        if season is None:
            continue
        key = next(k for k, v in season.groupdict().items() if v and k[0] == "s" and "_" in k)
        a, b = (int(x) for x in key[1:].split("_"))
        year = today.year if a <= today.month else today.year - 1
        first, last = _span(year, a, b)
        out.append(Span(first, min(last, today), m.group(0)))
    # "in the spring" (no year): that season, the last one to have begun by the text's date.
    pats = _patterns(lang)
    for m in re.finditer(rf"(?<!\w)(?:{SEASON_IN})(?:\s+|(?<='))(?:{pats['season_only'].pattern})", text,
                         re.IGNORECASE):  # fmt: skip
        if re.match(r"\s*(?:of\s+)?\d", text[m.end() :]):
            continue
        key = next(k for k, v in m.groupdict().items() if v and k[0] == "s")
        a, b = (int(x) for x in key[1:].split("_"))
        year = today.year if a <= today.month else today.year - 1
        first, last = _span(year, a, b)
        out.append(Span(first, min(last, today), m.group(0)))
    # "since the spring", "с лета", "још од пролећа" (no year): from the last such season to have
    # begun by the text's date, up to that date.
    for m in re.finditer(
        rf"(?<!\w)(?:{SINCE})\s+(?:(?:the\s+)?(?:{PART[(1, 4)]})\s*(?:of\s+)?)?"
        rf"(?:the\s+|l'|le\s+|la\s+|dem\s+|diesem\s+)?"
        rf"{pats['season_only'].pattern}(?!\s*(?:of\s+)?\d)", text,
        re.IGNORECASE,
    ):  # fmt: skip
        key = next(k for k, v in m.groupdict().items() if v and k[0] == "s" and "_" in k)
        a, b = (int(x) for x in key[1:].split("_"))
        year = today.year if a <= today.month else today.year - 1
        out.append(Span(_span(year, a, b)[0], today, m.group(0)))
    # "in the first quarter" (no year): the last such quarter to have begun by the text's date.
    ordinal = "|".join(f"(?P<o{n}>{p})" for n, p in ORDINAL.items())
    for m in re.finditer(
        rf"(?<!\w)(?:in|during|over|throughout|в|у|u|v|ve|im|au|през)\s+(?:the\s+)?(?:{ordinal})\s+"
        rf"(?:{QUARTER})(?!\w)(?!\s*(?:(?:of|на|de|du|des|roku|року|года|godine|године|Jahres)\s+)?"
        rf"(?:the\s+)?(?:\d|year))",
        text, re.IGNORECASE,
    ):  # fmt: skip
        n = next(int(k[1:]) for k, v in m.groupdict().items() if v and k[0] == "o")
        first_month = 3 * n - 2
        year = today.year if first_month <= today.month else today.year - 1
        first, last = _span(year, first_month, first_month + 2)
        out.append(Span(first, min(last, today), m.group(0)))
    # "in the first half (of the year)", "в первом полугодии", "у першому півріччі", "през
    # първата половина на годината", "v první polovině roku", "in der ersten Jahreshälfte", "au
    # premier semestre" (no year): the last such half to have begun by the text's date.
    for m in re.finditer(
        rf"(?<!\w)(?:in|during|over|throughout|в|во|у|u|v|ve|im|in der|au|au cours du|en|през|za)"
        rf"\s+(?:the\s+)?(?:(?P<h1>{ORDINAL[1]})|(?P<h2>{ORDINAL[2]}))\s+(?:{HALF})(?!\w)"
        rf"(?:\s+(?:(?:of|на)\s+)?(?:the\s+|this\s+)?(?:year|года|року|godine|године|годината|roku|"
        rf"(?:des\s+)?Jahres|de\s+l'année)(?!\w))?"
        rf"(?!\s*(?:(?:of|на|de|du|des|roku|року|года|godine|године|Jahres)\s+)?(?:the\s+)?\d)"
        rf"(?!\s+(?:of\s+)?(?:the\s+)?(?:last|previous|next|прошл|минул|prošl|минал|loňsk|"
        rf"vergangen|dernier|précédent))",
        text, re.IGNORECASE,
    ):  # fmt: skip
        a, b = (1, 6) if m.group("h1") else (7, 12)
        year = today.year if a <= today.month else today.year - 1
        first, last = _span(year, a, b)
        out.append(Span(first, min(last, today), m.group(0)))
    # "in Q1", "during H2" (no year): the last such quarter (half) to have begun by the text's
    # date; not "Q1-Q3 2024", "Q2 of 2023", "Q1 this year" (read with their year elsewhere).
    for m in re.finditer(
        r"(?<!\w)(?:in|during|over|throughout|в|у|u|v|ve|im|au|en|през|za)\s+(?:the\s+)?"
        r"(?P<k>[QH])(?P<n>[1-4])(?!\w)(?!\s*(?:[-–—/'’]|\d|(?:to|through|and|or|of|this|last|"
        r"next|the|des|de|du|roku|года|року|godine|године|г|Jahres)(?!\w)))",
        text,
    ):  # fmt: skip
        n = int(m.group("n"))
        if m.group("k") == "H" and n > 2:
            continue
        a, b = ((1, 6) if n == 1 else (7, 12)) if m.group("k") == "H" else (3 * n - 2, 3 * n)
        year = today.year if a <= today.month else today.year - 1
        first, last = _span(year, a, b)
        out.append(Span(first, min(last, today), m.group(0)))
    # "since the start of the year", "од почетка године", "с начала года": this year so far.
    for m in re.finditer(
        rf"(?<!\w)(?:{SINCE})\s+(?:{PART[(1, 4)]})\s*(?:(?:of\s+)?(?:the|this)\s+year|године|godine|"
        rf"года|року|roku|(?:des\s+)?Jahres|de l'année|l'année|годината|letošního roku|tohoto roku)"
        rf"(?!\s*\d)|(?<!\w)(?:seit|ab)\s+(?:Jahresbeginn|Jahresanfang|Beginn des Jahres)(?!\w)",
        text, re.IGNORECASE,
    ):  # fmt: skip
        out.append(Span(date(today.year, 1, 1), today, m.group(0)))
    # "уже полгода", "уже год как": the last six (twelve) months up to the text's date.
    for m in re.finditer(
        r"(?<!\w)(?:уже|вже|already|for|over the past|за последние|за останні|već|už|seit|depuis)\s+"
        r"(?:полгода|півроку|half a year|six months|пола године|pola godine|půl roku|"
        r"einem halben Jahr|six mois|(?P<y>год|рік|a year|годину дана|godinu dana|rok|einem Jahr|"
        r"un an))(?!\w)", text, re.IGNORECASE,
    ):  # fmt: skip
        y, mo = divmod(today.year * 12 + today.month - (12 if m.group("y") else 6), 12)
        out.append(Span(date(y, mo + 1, 1), today, m.group(0)))
    # "since August" (no year): the last August up to the text's date.
    # ("з березня — щонайменше двісті машин": a dash that opens no second month ends no range)
    words = RANGE_B.replace("|-|–|—", "")
    # ("since at least September", "seit spätestens März", "depuis au moins mars": the same)
    for m in re.finditer(rf"(?<!\w)(?:{SINCE})\s+(?:(?:at least|as early as|spätestens|"
                         r"mindestens|au moins|najmanje|най-малко|минимум|щонайменше|как минимум)\s+)?"
                         rf"(?P<m>\w+)(?!\w)(?!\s*\d)", text, re.IGNORECASE):  # fmt: skip
        month = _months(lang).get(m.group("m").lower())
        # a range's start ("since March to May"), not "attempts since January to re-export …"
        rng = re.match(rf"\s+(?:{words})\s+(?:the\s+)?(\S+)", text[m.end() :], re.IGNORECASE)
        if rng and (
            _months(lang).get(rng.group(1).lower().strip(".,;"))
            or rng.group(1)[:1].isdigit()
            or re.match(r"end|early|mid|late|beginning|start|конц|кінц|kraj|края|konc|Ende|fin",
                        rng.group(1), re.IGNORECASE)
        ):  # fmt: skip
            continue
        dash = re.match(r"\s+[-–—]\s+(?:(?:по|до|to|do|bis)\s+)?(\w+)", text[m.end() :])
        if dash and _months(lang).get(dash.group(1).lower()):
            continue  # "с марта — по май": a range, read as such
        if month:
            year = today.year if month <= today.month else today.year - 1
            out.append(Span(date(year, month, 1), today, m.group(0)))
    return out


def _month_range(text: str, lang: str, today: date) -> list[Span]:
    """ "between March and May", "с марта по май", "od března do května", "de mars à mai" (no
    year): the latest such months up to the text's date, or those of "last year" / "this year"
    when it follows ("с января по апрель прошлого года"); "between last August and January"."""
    months = "|".join(sorted(map(re.escape, _months(lang)), key=len, reverse=True))
    rel = rf"(?P<last>{RELATIVE['last_year']})|(?P<this>{RELATIVE['this_year']})"
    out: list[Span] = []
    for m in re.finditer(
        rf"(?<!\w)(?:{RANGE_A}|{MONTH_IN})\s+(?:last\s+)?(?P<m1>{months})(?:\s+(?:{RANGE_B})\s+|\s*[–—-]\s*)"
        rf"(?P<m2>{months})(?!\w)"
        rf"(?!\.?\s*,?\s*\d)(?:[\s,]+(?:(?:of|de|d'|l')\s*)?(?:{rel}))?",
        text, re.IGNORECASE,
    ):  # fmt: skip
        m1 = _months(lang).get(m.group("m1").lower())
        m2 = _months(lang).get(m.group("m2").lower())
        if not m1 or not m2 or min(len(m.group("m1")), len(m.group("m2"))) < 3:
            continue
        if m.group("last") or m.group("this"):
            y2 = today.year - (1 if m.group("last") else 0)
        else:
            y2 = today.year if m2 <= today.month else today.year - 1
        y1 = y2 if m1 <= m2 else y2 - 1
        first = date(y1, m1, 1)
        if first <= today:
            out.append(Span(first, min(month_end(y2, m2), today), m.group(0)))
    return out


YESTERDAY = (r"yesterday|last night|the day before yesterday|вчера|позавчера|прошлой ночью|"
             r"вчора|позавчора|минулої ночі|јуче|juče|прекјуче|prekjuče|синоћ|sinoć|снощи|"
             r"včera|předevčírem|gestern|vorgestern|hier|avant-hier")  # fmt: skip


def _day_and_month(text: str, lang: str, today: date) -> list[Span]:
    """ "on 3 March", "3 марта", "am 3. März", "le 3 mars" (no year): that day, the last one up
    to the text's date; after a verb of saying ("said on 18 July") the statement's date."""
    months = "|".join(sorted(map(re.escape, _months(lang)), key=len, reverse=True))
    out: list[Span] = []
    for m in re.finditer(
        rf"(?<![\w.])(?:(?P<d>\d{{1,2}})\.?\s+(?P<m>{months})|(?P<m2>{months})\s+(?P<d2>\d{{1,2}})"
        rf"(?:st|nd|rd|th)?)(?!\w)(?!\.?\s*,?\s*(?:\d{{4}}|\d))",
        text, re.IGNORECASE,
    ):  # fmt: skip
        word = m.group("m") or m.group("m2")
        day = int(m.group("d") or m.group("d2"))
        month = _months(lang).get(word.lower())
        if not month or not 1 <= day <= 31 or len(word) < 3:
            continue
        year = today.year if (month, day) <= (today.month, today.day) else today.year - 1
        said = (
            re.search(SAID_ON, text[max(0, m.start() - 50) : m.start()], re.IGNORECASE)
            or _said_after(text, m) or _dateline(text, m)
            or re.search(STATEMENT_OF, text[max(0, m.start() - 60) : m.start()], re.IGNORECASE)
            # "une réponse publiée au Journal officiel le 7 mars": the day it was made public
            or re.search(rf"(?<!\w)(?:{PUBLISHED})\s+(?:[^\s,]+\s+){{0,4}}$",
                         text[max(0, m.start() - 50) : m.start()], re.IGNORECASE)
        )  # fmt: skip
        try:
            day_of = date(year, month, day)
        except ValueError:
            continue
        since = _ends_with(text[max(0, m.start() - 25) : m.start()], SINCE)
        if since and not said:  # "since 3 February": from that day to the text's date
            out.append(Span(day_of, today, since.group(0) + m.group(0)))
            continue
        out.append(Span(day_of, day_of, m.group(0), bool(said)))  # a point in time, that day
    return out


# Who speaks, named after the verb ("erklärte ein Sprecher am 4. Juni", "sagte ein
# Regierungssprecher am 7. Juli", "uvedl mluvčí 28. srpna", "said a spokeswoman on 3 May", "a
# déclaré un porte-parole le 4 juin", "заявил представитель министерства 4 июня"): the day is
# still the statement's.
SPEAKER_AFTER = (r"(?:(?:a|an|the|its|their|ein|eine|der|die|ihr|sein|un|une|le|la|son|leur)\s+)?"
                 r"(?:[\w-]+\s+)?(?:spokes(?:man|woman|person)|officials?|[\w-]*[Ss]precher\w*|"
                 r"mluvčí|porte-parole|представител\w*|пресс-секретар\w*|прес-секретар\w*|"
                 r"речник\w*|portparol\w*|портпарол\w*|говорител\w*|"
                 r"прессекретар\w*|спикер\w*)(?:\s+(?:of\s+(?:the\s+)?)?[^\W\d][\w-]*){0,2}?"
                 r",?\s+")  # fmt: skip


# A verb of saying or answering right before a day: "said on 3 May", "на 3 май отрече", "a
# statement issued in Abu Dhabi on 29 March" (where it was said may come between).
SAID_ON = (rf"(?:{SPEECH}|{ANSWERED}),?\s+(?:је\s+|je\s+|е\s+|a\s+)?(?:{SPEAKER_AFTER})?"
           # where it was said: "in Abu Dhabi", "на брифинге", "at a briefing", "na tiskové …"
           rf"(?:(?:in|at|в|у|u|v|ve|à|на|na|auf)\s+(?:a\s+|an\s+)?"
           rf"[^\W\d][\w'’-]*(?:\s+[^\W\d][\w'’-]*)?\s+)?"
           rf"(?:on\s+|am\s+|le\s+|на\s+)?$")  # fmt: skip


def _said_after(text: str, m: re.Match[str]) -> bool:
    """ "Tbilisi on 11 May dismissed …", "МИД Казахстана 14 марта заявил", "Celní správa 25.
    června uvedla": a day the verb of saying or answering right after it dates, the statement's
    (no comma or "and" between: "seized on 3 March and customs said" dates the seizure)."""
    lead = r"(?:(?!(?:and|и|і|та|a|i|und|et)\s)[^\s,;:]+\s+){0,2}"
    return bool(re.match(rf"\s+{lead}(?:{SPEECH}|{ANSWERED})(?!\w)", text[m.end() :], re.I))


def _dateline(text: str, m: re.Match[str]) -> bool:
    """ "ASTANA, Oct 4 - …", "BEIJING, May 20 —": a wire story's dateline, the story's own day."""
    return bool(
        re.fullmatch(r"\s*(?:[A-ZÀ-ÝА-ЯЁІЇЄЂЈЉЊЋЏ][\w.'’-]*[\s/]*){1,3},\s*", text[: m.start()])
        and re.match(r"\s*(?:\(\w+\)\s*)?(?:[-–—]|$)", text[m.end() :])
    )


# "two weeks ago", "месяц назад", "два тижні тому", "пре два месеца", "преди месец", "před
# dvěma týdny", "vor drei Monaten", "il y a trois mois": read by dateparser, a month.
AGO = {
    "en": r"(?:a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|\d{1,2})\s+"
          r"(?:days?|weeks?|months?|years?)\s+ago",
    "ru": r"(?:\w+\s+)?(?:день|дня|дней|неделю|недели|недель|месяц|месяца|месяцев|год|года|лет)"
          r"\s+(?:тому\s+)?назад",
    "uk": r"(?:\w+\s+)?(?:день|дні|днів|тиждень|тижні|тижнів|місяць|місяці|місяців|рік|роки|"
          r"років)\s+тому",
    "sr": r"(?:пре|pre)\s+(?:\w+\s+)?(?:дан|дана|недељ\w*|месец\w*|годин\w*|dan|dana|nedelj\w*|"
          r"mesec\w*|godin\w*)",
    "bg": r"преди\s+(?:\w+\s+)?(?:ден|дни|седмиц\w*|месец\w*|годин\w*)",
    "cs": r"před\s+(?:\w+\s+)?(?:dnem|dny|týdnem|týdny|měsícem|měsíci|rokem|lety)",
    "de": r"vor\s+(?:\w+\s+)?(?:Tag\w*|Woche\w*|Monat\w*|Jahr\w*)",
    "fr": r"il y a\s+(?:\w+\s+)?(?:jours?|semaines?|mois|ans?|années?)",
}  # fmt: skip


def _ago(text: str, lang: str, today: date) -> list[Span]:
    from datetime import datetime

    import dateparser  # type: ignore[import-untyped]

    pattern = AGO.get(lang)
    if pattern is None:
        return []
    out: list[Span] = []
    for m in re.finditer(rf"(?<!\w)(?:{pattern})(?!\w)", text, re.IGNORECASE):
        words = m.group(0)
        if lang == "sr":  # dateparser reads Serbian in Latin letters, numbers in digits
            from shadowtrade.claims.inflect import sr_to_latin

            words = re.sub(r"\w+", lambda w: str(_VALUES.get(w.group(0).casefold(), w.group(0))),
                           sr_to_latin(words))  # fmt: skip
        got = dateparser.parse(
            words, languages=["sr-Latn" if lang == "sr" else lang],
            settings={"RELATIVE_BASE": datetime(today.year, today.month, today.day)},
        )  # fmt: skip
        if got is None or got.date() > today:
            continue
        d = got.date()
        out.append(Span(date(d.year, d.month, 1), min(month_end(d.year, d.month), today),
                        m.group(0)))  # fmt: skip
    return out


NUMBERS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
           "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "fifteen": 15,
           "eighteen": 18, "twenty-four": 24, "thirty-six": 36}  # fmt: skip
# The numbers one to twelve in the seven other languages read here ("за последние шесть
# месяцев", "през последните шест месеца", "za posledních šest měsíců", "in den letzten sechs
# Monaten", "au cours des six derniers mois").
_VALUES = {
    **dict.fromkeys(("один", "одна", "одну", "jedan", "jeden", "ein", "einen", "un"), 1),
    **dict.fromkeys(("два", "две", "дві", "dva", "zwei", "deux", "двух", "двох", "dvou", "dve",
                     "dvije", "dvije", "двије", "двете"), 2),
    **dict.fromkeys(("три", "tri", "tři", "drei", "trois", "трёх", "трех", "трьох", "трите"), 3),
    **dict.fromkeys(("четыре", "чотири", "четири", "četiri", "čtyři", "vier", "quatre",
                     "четырёх", "четырех", "чотирьох"), 4),
    **dict.fromkeys(("пять", "п'ять", "пет", "pet", "pět", "fünf", "cinq", "пяти", "п'яти"), 5),
    **dict.fromkeys(("шесть", "шість", "шест", "šest", "sechs", "six", "шести"), 6),
    **dict.fromkeys(("семь", "сім", "седам", "седем", "sedam", "sedm", "sieben", "sept"), 7),
    **dict.fromkeys(("восемь", "вісім", "осам", "осем", "osam", "osm", "acht", "huit"), 8),
    **dict.fromkeys(("девять", "дев'ять", "девет", "devet", "devět", "neun", "neuf"), 9),
    **dict.fromkeys(("десять", "десет", "deset", "zehn", "dix"), 10),
    **dict.fromkeys(("одиннадцать", "одинадцять", "једанаест", "единадесет", "jedanaest",
                     "jedenáct", "elf", "onze"), 11),
    **dict.fromkeys(("двенадцать", "дванадцять", "дванаест", "дванадесет", "dvanaest",
                     "dvanáct", "zwölf", "douze", "двенадцати", "дванадцяти"), 12),
}  # fmt: skip


def _months_ago(n: str, lang: str, today: date) -> date | None:
    """The first of the `n` months that end with `today`'s month ("over the past six months" in
    August: March to August, the project's convention), n in digits or words, read by dateparser."""
    from datetime import datetime

    import dateparser

    got = dateparser.parse(
        f"{n} months ago", languages=["en"], settings={"RELATIVE_BASE": datetime(today.year, today.month, today.day)}
    ) if lang == "en" else None  # fmt: skip
    k = int(n) if n.isdigit() else _VALUES.get(n.casefold())
    if got is not None:
        k = (today.year - got.year) * 12 + today.month - got.month
    if not k:
        return None
    y, m = divmod(today.year * 12 + today.month - k, 12)
    return date(y, m + 1, 1)


# "after the invasion", "since the full-scale invasion", "після вторгнення", "после вторжения",
# "nach dem Einmarsch", "depuis l'invasion", "od invaze", "nakon invazije", "след инвазията".
INVASION = (
    r"(?:after|since|following)\s+(?:the\s+)?(?:(?:full[- ]scale|Russian|Russia's)\s+)*invasion|"
    r"(?:після|з|від|з\s+часу)\s+(?:(?:повномасштабного|російського)\s+)*вторгнення|"
    r"(?:после|с|со\s+времени)\s+(?:(?:полномасштабного|российского)\s+)*вторжения|"
    r"(?:след|от)\s+(?:(?:пълномащабн\w*|руск\w*)\s+)*(?:инвазия\w*|нахлуван\w*)|"
    r"(?:nakon|od|након|од|posle|после)\s+(?:(?:ruske|руске|pune|пуне)\s+)*(?:invazij\w*|инвазиј\w*)|"
    r"(?:od|po)\s+(?:(?:ruské|plnohodnotné)\s+)*invaz\w*|"
    r"(?:nach|seit)\s+(?:dem|der)\s+(?:(?:russischen|großangelegten)\s+)*(?:Einmarsch|Invasion|"
    r"Überfall)|(?:après|depuis)\s+(?:l'|le\s+début\s+de\s+l')(?:invasion)(?:\s+russe)?|"
    # "since the war began", "seit Kriegsbeginn", "с начала войны", "od začátku války"; "від
    # початку повномасштабного вторгнення", "since the start of the invasion"
    r"since\s+the\s+(?:start|beginning)\s+of\s+the\s+(?:full[- ]scale\s+|Russian\s+)*invasion|"
    r"(?:з|від)\s+початку\s+(?:повномасштабного\s+|російського\s+)*вторгнення|"
    r"с\s+начала\s+(?:полномасштабного\s+|российского\s+)*вторжения|"
    r"от\s+началото\s+на\s+(?:пълномащабната\s+|руската\s+)*инвазия|"
    r"(?:od|од)\s+(?:početka|почетка)\s+(?:(?:ruske|руске|pune|пуне)\s+)*(?:invazije|инвазије)|"
    r"od\s+začátku\s+(?:ruské\s+|plnohodnotné\s+)*invaze|"
    r"seit\s+Beginn\s+der\s+(?:russischen\s+)?Invasion|"
    r"since\s+the\s+(?:full[- ]scale\s+)?war\s+(?:began|started|broke out)|"
    r"since\s+the\s+(?:start|beginning|outbreak)\s+of\s+the\s+(?:full[- ]scale\s+)?war|"
    r"seit\s+(?:dem\s+)?Kriegsbeginn|seit\s+Beginn\s+des\s+(?:russischen\s+)?(?:Angriffs)?[Kk]rieges|"
    r"с\s+начала\s+(?:полномасштабной\s+)?войны|з\s+початку\s+(?:повномасштабної\s+)?війни|"
    r"от\s+началото\s+на\s+(?:пълномащабната\s+)?войната|od\s+začátku\s+války|"
    r"od\s+početka\s+rata|од\s+почетка\s+рата|depuis\s+le\s+début\s+de\s+la\s+guerre"
)
# The text is about Russia's war on Ukraine: one of the two is named.
RUSSIA_OR_UKRAINE = (r"Russ|Росси|Росі|Руси|Русиј|Rusk|Rusij|Rusk|Ukrain|Украин|Україн|Украјин|"
                     r"Ukrajin|Украйн|Moscow|Москв|Moskau|Moscou|Moskv|Kyiv|Київ|Киев")  # fmt: skip


def _since_invasion(text: str, today: date) -> list[Span]:
    """ "after the invasion" (of Ukraine) and its kin: from the full-scale war's start
    (2022-02-24, WAR_START: its month, February 2022, is the first month read) to the text's
    date, where the text names Russia or Ukraine (another invasion is no date we know)."""
    if not re.search(RUSSIA_OR_UKRAINE, text, re.I):
        return []
    return [
        Span(WAR_START, today, m.group(0))
        for m in re.finditer(rf"(?<!\w)(?:{INVASION})(?!\w)", text, re.I)
        # (not where the text bounds it: "з початку війни в лютому 2022 року і до кінця червня
        # 2024 року" ends in June 2024, read from its own words)
        if today >= WAR_START
        and not re.search(UNTIL_YEAR, text[m.end() : m.end() + 80], re.I)
        and not re.match(OTHER_WAR, text[m.end() : m.end() + 40], re.I)
    ]


# A war named by another place after its words: "since the war broke out in Gaza".
OTHER_WAR = (
    r"\s+(?:in|im|en|в|у|u|na|v|ve)\s+(?!(?:the\s+)?(?:Ukrain|Украин|Україн|Ukrajin|"
    r"Украјин|Украйн|Донбас|Donbas))[A-ZА-ЯЁЄІЇ]"
)


# An end said with its year: "до кінця червня 2024", "until June 2024", "bis Mai 2024".
UNTIL_YEAR = (
    r"(?<!\w)(?:until|till|through|bis|jusqu\w*|(?:до|do)\s+(?:кінця|конца|края|"
    r"краја|konce|kraja|konca))\s+[^.;]{0,30}?(?<!\d)(?:19|20)\d\d(?!\d)"
)


def war_years(text: str) -> Span | None:
    """'As the war enters its fifth year': from the full-scale war's start to that anniversary."""
    ordinals = {"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6,
                "seventh": 7, "eighth": 8, "ninth": 9, "tenth": 10}  # fmt: skip
    war = re.search(r"\bwar\b[^.]{0,40}\b(?:enters|entered|entering|in) its (\w+) year", text, re.I)
    if war and war.group(1).lower() in ordinals:
        n = ordinals[war.group(1).lower()]
        end = date(WAR_START.year + n - 1, WAR_START.month, WAR_START.day)
        return Span(WAR_START, end, war.group(0))
    return None


def day_without_year(text: str, lang: str) -> tuple[int, int] | None:
    """'on May 9' / 'on 9 May': (month, day) of an event told without its year; not the day a
    statement was made ("Tbilisi on 11 May dismissed …", "said on 9 May")."""
    months = "|".join(sorted(map(re.escape, _months(lang)), key=len, reverse=True))
    found = [
        *re.finditer(rf"\bon (?P<m>{months}) (?P<d>\d{{1,2}})\b(?!,? \d{{4}})", text, re.I),
        *re.finditer(rf"\bon (?P<d>\d{{1,2}}) (?P<m>{months})\b(?! \d{{4}})", text, re.I),
    ]
    for m in found:
        said = re.search(SAID_ON, text[max(0, m.start() - 50) : m.start()], re.I)
        if not said and not _said_after(text, m):
            return _months(lang)[m.group("m").lower()], int(m.group("d"))
    return None
