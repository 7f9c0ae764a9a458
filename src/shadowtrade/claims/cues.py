# ruff: noqa: E501 — a table of regular-expression alternatives, one language a block
"""The words that give a country its role in an allegation, per language (regex alternatives).

- `via`: before an intermediary ("through", "via", "relabelled in", "через", "preko", "über");
- `dest`: before a destination ("to", "into", "bound for", "на", "do", "nach", "vers");
- `origin`: before an origin ("from", "made in", "из", "iz", "z", "aus", "de");
- `origin_after`: after an origin ("US-made", "of US origin");
- verbs whose subject supplies (`supply`), passes goods on (`reexport`), receives (`receive`),
  and verbs of goods moving (`move`: "reached", "стигат", "gelangen");
- `actor`: nouns that make a demonym a party ("Czech intermediaries", "Kazakh firms");
- `broker`: the actors that are intermediaries by what they are;
- `deny`: a denial or a "never" ("denied", "never", "отрицает", "negira", "popírá", "dément");
- `trade`: nouns of trade that make a sentence about shipments without naming goods;
- `split`: where a sentence turns to another route ("while", "whereas", ", а", "tandis que").
"""

from __future__ import annotations

ART = r"(?:the|la|le|l'|les|die|den|dem|der|des|du|d')"
CUES: dict[str, dict[str, str]] = {
    "en": {
        "via": r"(?:after )?(?:a |one )?(?:brief |short )?stop in|(?:through|via) (?:an? |the )?(?:distributor|buyer|reseller|dealer|broker|intermediary|front company|company|firm)s? (?:in|based in)|through|thru|via|across|by way of|transit(?:ed|ing)? (?:through|via|in)|trans-?s?hipped (?:in|at|through|via)"
               r"|refuel(?:l?ed|l?ing|s)? (?:in|at)|stopp(?:ed|ing|s)? over (?:in|at)|(?:a )?stopover (?:in|at)"
               r"|relabel+ed in|repackaged in|re-?exported (?:by|from|through|via)|re-?sold (?:by|in)"
               r"|assembled in|third countr(?:y|ies) such as|intermediar(?:y|ies) (?:in|such as)"
               r"|passing through|after passing through|rout(?:ed|ing) (?:through|via)|by rail through"
               r"|transiting|(?:a )?detour (?:through|via)|(?:seized|intercepted|held|stopped|detained) in"
               r"|(?:bought|purchased|acquired) by|cross(?:ed|es|ing)?|held up in"
               r"|transited|transits|(?:front|shell|trading|transit) (?:company|companies|firms?) (?:in|based in)"
               r"|dock(?:ed|s|ing)? (?:in|at)|call(?:ed|s|ing)? at(?: the ports? of)?|stopp(?:ed|ing) over in|layover in"
               r"|via (?:\w+ ){0,2}(?:buyers?|intermediar(?:y|ies)|compan(?:y|ies)|firms?|traders?) in",
        "dest": r"to|into|for|bound for|destined for|on to|onward to|onto|towards?|reach(?:es|ed|ing)?|cross(?:ed|es|ing)? (?:the )?(?:\w+ )?border (?:with|into)"
                r"|end(?:s|ed)? up(?: in| with)?:?|ended up in|landed in|arriv(?:e|es|ed|ing) in|flown to|trucking (?:\w+ )?to"
                r"|turn(?:s|ed)? up in|turning up in|pop(?:s|ped|ping)? up in|show(?:s|ed|ing)? up in|surfac(?:e|es|ed|ing) in|reappear(?:s|ed|ing)? (?:in|at)|(?:a )?(?:buyer|distributor|customer|reseller|consignee|front company)s? in"
                r"|enter(?:s|ed|ing)?|(?:later |then )?registered in|head(?:ed|ing)? (?:to|for)"
                r"|on (?:its|their|the) way to|(?:discharged|unloaded|offloaded) (?:in|at)(?: an?| the ports? of| the port city of)?|end[- ]users? in"
                r"|(?:rebels?|militants?|fighters|militias?|insurgents|armed groups?|forces|junta|army|cartels?) in"
                r"|(?:destined|bound|intended|meant) for (?:\S+ ){1,3}in|(?:third )?parties in|turned (?:back|away) (?:from|at)(?: (?:the )?port(?: of)?)?"
                r"|consigned to (?:an? |the )?(?:[\w-]+ ){1,3}(?:in|based in)"
                # "re-exported the parts to an aviation maintenance unit in Tehran"
                r"|to (?:an?|the) (?:[\w'-]+ ){0,3}?(?:unit|plant|factory|works|base|workshop|facility|university|institute|laborator(?:y|ies)|depot|arsenal|shipyard|end[- ]users?)s? (?:in|at|near|outside)",
        "origin": r"from|made in|manufactured in|produced in|built in|sourced (?:from|in)|bought in|buys? in|"
                  r"purchased in|it buys in|buying in|out of|mined in|extracted in|grown in|"
                  r"quarried in|originating (?:in|from)|leaving|left|departing|departed",
        "origin_after": r"-made|-built|-produced|-manufactured|-assembled|-brand|-origin|\s+origin",
        "supply": r"suppl(?:y|ies|ied|ying)|ship(?:s|ped|ping)?|export(?:s|ed|ing)?|sell(?:s|ing)?|sold"
                  r"|deliver(?:s|ed|ing)?|provid(?:e|es|ed|ing)|send(?:s|ing)?|sent|arm(?:ed|ing)"
                  r"|transfer(?:s|red|ring)?|mov(?:e|es|ed|ing)|smuggl(?:e|es|ed|ing)|trucking"
                  r"|aid(?= to)|exports(?= of)|caused|invoic(?:ed|ing)(?=\s+(?:[^\s.;]+\s+){0,10}?to\s)",
        "reexport": r"re-?export(?:s|ed|ing)?|re-?sell(?:s|ing)?|re-?sold|funnel+(?:s|ed|ing)?"
                    r"|trans-?ship(?:s|ped|ping)?|relabel+(?:s|ed|ing)?|pass(?:es|ed|ing)?"
                    r"|conduits?|hubs?|transit (?:countr(?:y|ies)|hubs?|points?|routes?)|flip(?:s|ped|ping)|(?:allow|permit)\w* (?:\w+ ){0,3}to transit|(?:permit|allow)(?:s|ted|ed|ing)? (?:\w+ ){0,2}transit|(?:moved|shipped|sent) on|serv(?:e|es|ed|ing) as (?:a |the )?(?:\w+ )?transit (?:hub|countr(?:y|ies)|point|route)s?|launder(?:s|ed|ing)?|re-?rout(?:e|es|ed|ing)|resold|forward(?:s|ed|ing)?|re-?invoic(?:ed|ing)",
        "receive": r"receiv(?:e|es|ed|ing)|(?:took|take|takes|taking|taken) delivery of|gets?|getting|got|obtain(?:s|ed|ing)?|acquir(?:e|es|ed|ing)"
                   r"|import(?:s|ed|ing)?|bought|buy(?:s|ing)?|purchas(?:e|es|ed|ing)",
        "move": r"reach(?:es|ed|ing)?|arriv(?:e|es|ed|ing)|rout(?:ed|ing)|flow(?:s|ed|ing)?|flood(?:s|ed|ing)?"
                r"|travel+(?:s|ed|ing)?|land(?:s|ed|ing)?|end(?:s|ed)? up|flown",
        "actor": r"firms?|compan(?:y|ies)|traders?|arms traders|intermediar(?:y|ies)|re-?exporters?"
                 r"|brokers?|guys|businesses|suppliers?|exporters?|importers?|dealers?|smugglers?|middlemen"
                 r"|manufacturers?|maker|producers?|factories|government|(?:front|shell) compan(?:y|ies)|(?:freight )?forwarders?|authorities|ports?|harbou?rs?|airports?|free(?:-trade)? zones?",
        "broker": r"intermediar(?:y|ies)|re-?exporters?|brokers?|middlemen|ports?|harbou?rs?|airports?|free(?:-trade)? zones?|(?:front|shell) compan(?:y|ies)|(?:freight )?forwarders?",
        "deny": r"an (?:allegation|accusation) (?:[\w-]+ ){1,3}(?:rejected|denied|dismissed|disputed|refuted|rejects|denies|dismisses|disputes|refutes)\b|a (?:claim|charge) (?:[\w-]+ ){1,3}(?:rejected|denied|dismissed|disputed|refuted|rejects|denies|dismisses|disputes|refutes)\b|acquit(?:s|ted|tal)\b|(?:found|there (?:is|was|has been)|there.s) no (?:indication|sign|trace)s? (?:that|of)|overturn\w* (?:the |his |her |their )?convictions?|(?:prosecut\w*|the (?:state|government|prosecution|authorities)) (?:had )?failed to (?:prove|show|establish|demonstrate)|not proven|found (?:him|her|them|the [\w-]+) not guilty|(?:dismiss|reject)(?:ed|s)? (?:[\w-]+ ){0,5}as [\"'“‘]?(?:unfounded|baseless|groundless|false|untrue|fantas(?:y|ies)|fabrications?|lies|nonsense|fake)|(?:reject|refut|dismiss)(?:s|es|ed)?[\"'”’]+ (?:[\w-]+ ){0,6}(?:claims?|allegations?|reports?|accusations?)|den(?:y|ies|ied|ying|ial)|disput(?:es|ed|ing) (?:that|having|ever|any|the (?:claims?|reports?|allegations?))|fake news|disinformation|(?:call(?:s|ed|ing)?|dubb(?:ed|s)|brand(?:s|ed)|describ(?:es|ed)) (?:[^.]{0,120}?)\b(?:fake|lies?|false|baseless|propaganda|fabricat\w+|nonsense|absurd)\b|(?:reject|refut|oppos|dismiss)(?:s|es|ed|e|ing)? (?:as [\"'“‘]?(?:\w+[\"'”’]? ){1,2})?(?:[\w'’-]+ ){0,6}(?:claims?|allegations?|reports?|accusations?|assertions?|findings?)"
                r"|no truth (?:in|to)|untrue|never(?! lies?\b)|(?:did|does|do|has|have|had|was|were|is|are)(?: not|n't)(?! lie\b)|not\b(?! lie\b)|no evidence"
                r"|no\s+(?:[\w-]+\s+){1,3}(?:has|have|had|was|were|is|are)\b"
                r"|(?:it is|it's) (?:false|untrue|not true|a lie)|(?:false|untrue|baseless|groundless|unfounded|fabricated) (?:claims?|reports?|allegations?|accusations?)"
                r"|(?:are|is|were|was) (?:\w+ )?(?:baseless|groundless|false|untrue|unfounded|fabricated)|at no (?:time|point)"
                r"|dismiss(?:es|ed|ing)? (?:as (?:baseless|false|untrue|groundless|propaganda|fabricated) )?(?:\w+ ){0,2}(?:claims?|reports?|allegations?|accusations?)|(?:none of (?:the|these|those|its|their)|no such)\s+(?:[\w-]+\s+){0,2}?(?:deliver\w*|shipments?|consignments?|cargo\w*|exports?|re-exports?|supplies|transfers?|batch\w*|lots?|units?)\b|none of (?:it|them) (?:had )?(?:ever )?(?:went|reached|crossed|arrived|left|passed|(?:was|were|had been) (?:ever )?(?:shipped|sent|delivered|exported|re-exported|transferred|supplied|sold))\b",
        "trade": r"aid|goods|shipments?|consignments?|pipeline|supplies|cargo|deliver(?:y|ies)"
                 r"|exports?|imports?|trade|military",
        "split": r"while|whereas|whilst|but|as did|and",
    },
    "ru": {
        "via": r"через|транзитом через|посредник\w* (?:в|во|из)|реэкспорт\w* (?:из|со|с)|перепродан\w* из",
        "dest": r"в|во|на|для|до|к|(?:пересек\w*|переш[её]л\w*|перешл\w*|пересека\w*) (?:\w+ )?границу (?:с|со)",
        "origin": r"из|от|производства|(?:произвед[её]нн|изготовл[её]нн|сделанн)\w* в|(?:закупа|покупа|купи|приобрета)\w*\s+(?:\w+\s+){0,2}(?:у|в)",
        "origin_after": r"\s+производства|\s+происхождения",
        "supply": r"поставля\w*|доставля\w*|доставлен\w*|достав(?:ил|ила|или|ило|ит|ят)\w*|вез[её]т|везут|возит|возят|постав(?:ил|ила|или|ило|ит|ят|ка|ки|ок)\w*|отправля\w*|отправ\w*|прода\w*"
                  r"|экспорт\w*|вывез\w*|вывоз\w*|переда\w*|снабжа\w*|вооружа\w*",
        "reexport": r"перенаправ\w*|перегружа\w*|перевалива\w*|реэкспорт\w*|переправля\w*|переправ\w*|перепрода\w*|транзит\w*|гонит|гонят|перегоня\w*|перегна\w*",
        "receive": r"приобре\w*|покупа\w*|купил\w*|получа\w*|получил\w*|закупа\w*|импортир\w*|ввоз\w*|ввез\w*|бер[её]т|берут",
        "move": r"попал\w*|дошл\w*|доходя\w*|доходит|прибыл\w*|оказал(?:ись|ось|ся|ась)|оказыва(?:ются|ется)|поступа\w*|достига\w*|попада\w*|летят|идут|ид[её]т|шл[аио]|ш[её]л|прибыва\w*",
        "actor": r"компани\w*|фирм\w*|торговц\w*|посредник\w*|перекупщик\w*|поставщик\w*|предприяти\w*|завод\w*",
        "broker": r"посредник\w*|перекупщик\w*",
        "deny": r"назва\w* (?:\w+ )?[«\"„“]?спекуляци\w*|назва\w* (?:\w+ ){0,2}[«\"„“]?абсурдн\w*|безосновательн\w*|не соответству\w* действительности|оправдательн\w* приговор\w*|оправдал\w* (?:его|её|их|подсудим\w*|обвиняем\w*)|(?:был|была|были|обвиняем\w*|подсудим\w*) оправдан\w*|назвал\w* (?:\w+ )?(?:ложн|беспочвенн|необоснованн|клеветн|голословн|недостоверн)\w*|(?:беспочвенн|необоснованн|голословн|ложн)\w* (?:обвинени|утверждени|сообщени|заявлени)\w*|фейк\w*|фальшивк\w*|вымыс\w*|отрица\w*|опроверг\w*|отверга\w*|отверг\w*|открести\w*|назвал\w* ложью|ложь|никогда|(?:ни (?:один|одна|одно|одной|одного|единого|единой)|(?<!без )никаких|(?<!без )никакие)\s+(?:\w+\s+){0,2}?(?:поставк\w*|поставок|парти\w*|груз\w*|экспорт\w*|реэкспорт\w*|отгрузк\w*|снаряд\w*|патрон\w*|дрон\w*)|не\s+(?:\w+\s+)?(?:поставля|реэкспорт|постав|прода|экспорт|переда|отправ)\w*|(?:нет|не име\w*|не располага\w*|не обнаружил\w*|не найден\w*)\s+(?:\w+\s+){0,2}?(?:доказательств|свидетельств|подтверждени)\w*|назва\w* [«\"„“‘\']?\s*(?:\w+\s+)?(?:ложью|дезинформаци\w*|вброс\w*|фейк\w*|провокаци\w*|клевет\w*|выдумк\w*|инсинуаци\w*)",
        "trade": r"поставк\w*|помощ\w*|груз\w*|товар\w*",
        "split": r"а|и|тогда как|в то время как",
    },
    "uk": {
        "via": r"через|посередник\w* (?:в|у|з|із)|реекспорт\w* (?:з|із|зі)",
        "dest": r"до|в|у|на|для|(?:перетн\w*|перетина\w*|перейш\w*) (?:\w+ )?кордон (?:з|із|зі)",
        "origin": r"з|із|від|виробництва|(?:вироблен|виготовлен)\w* (?:в|у)|(?:закуп|купу|купи|придба)\w*\s+(?:\w+\s+){0,2}(?:в|у)",
        "origin_after": r"\s+виробництва|\s+походження",
        "supply": r"постача\w*|постав\w*|прода\w*|переда\w*|експорт\w*|надсила\w*|відправ\w*|вивоз\w*|вивез\w*|возить|возять|везе|везуть",
        "reexport": r"транзит\w*|перенаправ\w*|перевантаж\w*|реекспорт\w*|переправля\w*|переправ\w*|перепрода\w*|жене|женуть|переганя\w*|перегна\w*",
        "receive": r"закупову\w*|закупи\w*|імпорту\w*|придба\w*|отриму\w*|отрима\w*|одержу\w*|купу\w*|купи\w*|ввоз\w*|ввез\w*",
        "move": r"потрап\w*|дійш\w*|дістал\w*|опинил\w*|опиня\w*|прибул\w*|надход\w*|потрапля\w*|прибува\w*",
        "actor": r"компані\w*|фірм\w*|торговц\w*|посередник\w*",
        "broker": r"посередник\w*",
        "deny": r"назва\w* (?:\w+ )?[«\"„“]?спекуляці\w*|назва\w* (?:\w+ ){0,2}[«\"„“]?абсурдн\w*|не відповіда\w* дійсності|виправдувальн\w* вирок\w*|виправда(?:в|ла|ли) (?:його|її|їх|обвинувачен\w*)|відкида\w*|відкину\w*|(?:безпідставн|необґрунтован|неправдив)\w*|фейк\w*|фальшивк\w*|вигадк\w*|брехн\w*|назва\w* брехнею|запереч\w*|спростов\w*|спросту\w*|ніколи|(?<!без )жод(?:ен|на|не|них|ного|ної|ні|ну|ним|ною)\s+(?:\w+\s+){0,2}?(?:поставк\w*|поставок|парті\w*|вантаж\w*|експорт\w*|реекспорт\w*|кілограм\w*|снаряд\w*|набо\w*|дрон\w*)|не\s+(?:\w+\s+)?(?:постача|реекспорт|постав|прода|експорт|переда|переправля)\w*|(?:немає|не ма\w*|не виявил\w*)\s+(?:\w+\s+){0,2}?(?:доказ|свідчен|підтвердж)\w*|назва\w* [«\"„“‘\']?\s*(?:\w+\s+)?(?:брехнею|дезінформаці\w*|вкид\w*|фейк\w*|провокаці\w*|вигадк\w*)",
        "trade": r"постачан\w*|допомог\w*|вантаж\w*|товар\w*",
        "split": r"а|і|та|тоді як",
    },
    "sr": {
        "via": r"преко|preko|кроз|kroz|посредни\w* (?:у|из)|posredni\w* (?:u|iz)|reeksport\w* iz|реекспорт\w* из",
        "dest": r"намењен\w*|namenjen\w*|у|u|за|za|ка|ka|до|do|на|na|(?:прешл\w*|prešl\w*|прелаз\w*|prelaz\w*|преш\w*|preš\w*) (?:\w+ )?(?:границу|granicu) (?:са|sa|с|s)",
        "origin": r"из|iz|од|od|(?:произведен|направљен|израђен)\w* у|(?:proizveden|napravljen|izrađen)\w* u|(?:kupova|kupi|kupljen|nabavlja|nabavi|купова|купи|купљен|набавља|набави)\w*\s+(?:\w+\s+){0,2}(?:u|у)",
        "origin_after": r"\s+производње|\s+proizvodnje|\s+порекла|\s+porekla",
        "supply": r"испоруч\w*|достављ\w*|dostavlj\w*|достави\w*|dostavi\w*|isporuč\w*|извоз\w*|izvoz\w*|извез\w*|izvez\w*|прода\w*|proda\w*|шаље\w*|šalje\w*|шаљу|šalju"
                  r"|слао|slao|послао|poslao|кријумчар\w*|krijumčar\w*|снабдева\w*|snabdeva\w*",
        "reexport": r"транзит\w*|tranzit\w*|пребацуј\w*|prebacuj\w*|пребаци\w*|prebaci\w*|пребачен\w*|prebačen\w*|преусмер\w*|preusmer\w*|реекспорт\w*|reeksport\w*|препрода\w*|preproda\w*|препродаје|preprodaje|прослед\w*|prosled\w*|proslijed\w*",
        "receive": r"увоз\w*|uvoz\w*|увез\w*|uvez\w*|купуј\w*|kupuj\w*|купил\w*|kupil\w*|добил\w*|dobil\w*|примил\w*|primil\w*|набави\w*|nabavi\w*|добија\w*|dobija\w*|прима\w*|prima\w*|набавља\w*|nabavlja\w*",
        "move": r"доспе\w*|dospe\w*|завршил\w*|završil\w*|заврша\w*|završa\w*|стиж\w*|stiž\w*|стиза\w*|stiza\w*|стигл\w*|stigl\w*|долаз\w*|dolaz\w*|иду|idu|иде|ide",
        "actor": r"компаниј\w*|kompanij\w*|фирм\w*|firm\w*|трговц\w*|trgovc\w*|посредни\w*|posredni\w*|дистрибут\w*|distribut\w*",
        "broker": r"посредни\w*|posredni\w*",
        "deny": r"ослобод\w* (?:\w+ )?оптужб\w*|oslobod\w* (?:\w+ )?optužb\w*|није доказано|nije dokazano|одбаци\w*|odbaci\w*|демантуј\w*|demantuj\w*|деманти\w*|demanti\w*|неоснован\w*|neosnovan\w*|лаж\w*|laž\w*|оповрг\w*|opovrg\w*|негира\w*|negira\w*|пориче\w*|poriče\w*|поричу|poriču|порица\w*|porica\w*|порекао|porekao|(?:je|su) porekl[aio]|(?:је|су) порекл[аио]|одбацуј\w*|odbacuj\w*|демантова\w*|demantova\w*|никада|nikada|(?:nijed(?:an|na|no|nog|ne|nu)|ниједа\w*|ниједн\w*|(?<!bez )nikakv\w*|(?<!без )никакв\w*)\s+(?:\w+\s+){0,2}?(?:isporuk\w*|испорук\w*|pošiljk\w*|пошиљк\w*|metak|метак|izvoz\w*|извоз\w*|partij\w*|партиј\w*|kontejner\w*|контејнер\w*|granat\w*|гранат\w*)|није|nije|нису|nisu|(?:нема|nema|немају|nemaju|нису пронађени|nisu pronađeni)\s+(?:\w+\s+){0,2}?(?:доказ|dokaz|потврд|potvrd)\w*|(?:назва\w*|nazva\w*|окарактериса\w*|okarakterisa\w*) (?:\w+\s+)?(?:као )?(?:kao )?[«\"„“‘\']?\s*(?:\w+\s+)?(?:дезинформациј\w*|dezinformacij\w*|лажи|laži|измишљотин\w*|izmišljotin\w*)",
        "trade": r"испорук\w*|isporuk\w*|помоћ|pomoć|терет\w*|teret\w*|роб\w*",
        "split": r"а|a|и|i|док|dok",
    },
    "bg": {
        "via": r"през|чрез|посредни\w* (?:в|от)|реекспорт\w* от",
        "dest": r"за|в|до|към|на|(?:преминал\w*|пресякл\w*|премина\w*|пресича\w*) (?:\w+ )?границата с",
        "origin": r"от|из|(?:произведен|изработен)\w* в|(?:купува|купи|закупува|закупи|закупен)\w*\s+(?:\w+\s+){0,2}в",
        "origin_after": r"\s+производство|\s+произход",
        "supply": r"доставя\w*|достав\w*|изнася\w*|изнас\w*|изнес\w*|продава\w*|прода\w*|праща\w*|изпраща\w*|снабдява\w*",
        "reexport": r"транзит\w*|пренасоч\w*|претовар\w*|реекспорт\w*|препрода\w*|прехвърля\w*|препраща\w*",
        "receive": r"купува\w*|купи\w*|закупува\w*|закупи\w*|получава\w*|получи\w*|внася\w*|внес\w*",
        "move": r"попад\w*|озова\w*|пристигна\w*|достига\w*|стига\w*|пристига\w*",
        "actor": r"фирм\w*|компани\w*|търговц\w*|посредни\w*",
        "broker": r"посредни\w*",
        "deny": r"оправдателна присъда|(?:беше|бяха|е) оправдан\w*|съдът оправда\w*|не отговаря\w* на истината|отхвърл\w*|отрече\w*|опровергава\w*|неоснователн\w*|невярн\w*|лъжа|лъжлив\w*|отрича\w*|опроверг\w*|никога|(?:нито (?:един|една|едно)|(?<!без )никакв\w*)\s+(?:\w+\s+){0,2}?(?:доставк\w*|пратк\w*|партид\w*|износ\w*|гранатомет\w*|снаряд\w*|боеприпас\w*)|не\s+е|не\s+са|(?:няма|нямат|не разполага\w*)\s+(?:\w+\s+){0,2}?(?:доказателств|данни|потвържден)\w*|(?:нарече\w*|определи\w*) (?:\w+\s+)?(?:като )?[«\"„“‘\']?\s*(?:\w+\s+)?(?:дезинформаци\w*|лъжа|лъжи|измислиц\w*|фалшив\w*)",
        "trade": r"доставк\w*|помощ|товар\w*",
        "split": r"а|и|докато",
    },
    "cs": {
        "via": r"přes|skrz|prostřednictvím|zprostředkovatel\w* (?:v|ve|z|ze)|reexport\w* (?:z|ze)",
        "dest": r"do|na|pro|k|ke|(?:skončil|skonči|ocitl|ocitá|přistál)\w*\s+(?:se\s+)?(?:\S+\s+){0,3}?ve?|(?:překročil\w*|přešl\w*|překračuj\w*) (?:\w+ )?hranici (?:s|se)",
        "origin": r"z|ze|od|vyroben\w* v|(?:nakupoval|nakoupil|kupoval|koupil|nakupuj|nakoupen|zakoupen)\w*\s+(?:\w+\s+){0,2}(?:v|ve)",
        "origin_after": r"\s+výroby|\s+původu",
        "supply": r"(?:ne)?(?:dodáv\w*|dodal\w*|dodá\w*|dodán\w*|vyváž\w*|vyvez\w*|vyvá\w*|prodáv\w*|prodal\w*|prodán\w*|posílá\w*|poslal\w*|poslán\w*|zásob\w*)",
        "reexport": r"přeposíl\w*|přeposl\w*|tranzit\w*|překládá\w*|přeložen\w*|přesměrov\w*|reexport\w*|přeprod\w*",
        "receive": r"dováž\w*|dovez\w*|nakupuj\w*|nakoupil\w*|koupil\w*|získal\w*|obdržel\w*|dostáv\w*|získáv\w*|dostal\w*",
        "move": r"mířil\w*|skončil\w*|dorazil\w*|dostal\w* se|dostaly se|míří|dostávají se|dostává se|proudí|putuj\w*",
        "actor": r"firm\w*|společnost\w*|obchodník\w*|zprostředkovatel\w*|překupník\w*",
        "broker": r"zprostředkovatel\w*|překupník\w*",
        "deny": r"zprostil\w*|zproštěn\w*|nebylo prokázáno|vyvrací|vyvrátil\w*|nepravdiv\w*|nepodložen\w*|lež\w*|zamítá|zamítl\w*|dementoval\w*|dementuje|popír\w*|odmít\w*|popřel\w*|zapír\w*|zapřel\w*|nikdy|(?<!bez )žádn\w+\s+(?:\w+\s+){0,2}?(?:dodávk\w*|zásilk\w*|vývoz\w*|export\w*|reexport\w*|tranzit\w*|náboj\w*|granát\w*|zbraň\w*)|ne(?:dodáv|vyváž|prodáv|posíl|dodal|vyvezl)\w*|(?:žádn\w*|nemá\w*|neexistuj\w*)\s+(?:\w+\s+){0,2}?(?:důkaz|doklad|náznak|potvrzen)\w*|označil\w* (?:\w+\s+)?(?:za|jako) [«\"„“‘\']?\s*(?:\w+\s+)?(?:dezinformac\w*|výmysl\w*|fám\w*)",
        "trade": r"dodávk\w*|pomoc\w*|zboží|náklad\w*",
        "split": r"a|zatímco|ale",
    },
    "de": {
        "via": r"über|via|durch|Zwischenhändler\w* in|reexportiert\w* (?:aus|von)",
        "dest": r"nach|an|in|für|zu|(?:überquert\w*|passiert\w*) (?:die )?Grenze (?:zu|nach)",
        "origin": r"aus|von|hergestellt in|produziert in|gefertigt in",
        "origin_after": r"\s+Herkunft|\s+Ursprungs|\s+Produktion|\s+Fertigung",
        "supply": r"liefer\w*|geliefert|exportier\w*|verkauf\w*|schick\w*|ausgeführt|ausführ\w*|versorg\w*",
        "reexport": r"weiterzu\w+|umgeladen|umgeschlagen|umgeleitet|umetikettiert|weitergeliefert|weitergegeben|weiterexport\w*|verkauf\w*(?=[^.;]{0,80}\bweiter\b)|exportiert\w*(?=[^.;]{0,80}\bweiter\b)|weiterverkauf\w*|schleus\w*|weitergeleitet",
        "receive": r"kauf(?:t|en|te|ten)|gekauft|bezog\w*|bezogen|erhalten|empfang\w*|bekommt|bekommen|erhält|erhielt|bezieht|bekam|importier\w*",
        "move": r"landet\w*|gelandet|angekommen|gelang\w*|erreich\w*|fließ\w*|ging es los|verschick\w*|verschifft\w*|verschiff\w*|versandt|versende\w*|geschickt",
        "actor": r"Firmen|Firma|Unternehmen|Händler\w*|Zwischenhändler\w*|Exporteur\w*",
        "broker": r"Zwischenhändler\w*|Händler\w*",
        "deny": r"freigesprochen|zu keinem Zeitpunkt|Freispruch\w*|sprach\w* (?:[^.]{0,80}?)\bfrei\b|wies\w*(?: .{0,40})? zurück|weder|haltlos\w*|unbegründet\w*|Lüge\w*|abgestritten|stritt\w*(?: .{0,40})? ab|bestreit\w*|bestritt\w*|leugne\w*|geleugnet|verneint\w*|dementier\w*|nie|niemals|nicht|kein(?:e|en|er|es)?|weist(?: .{0,40})? zurück|zurückgewiesen|kein(?:e|erlei)?\s+(?:\w+\s+){0,2}?(?:Hinweis|Beleg|Beweis|Anhaltspunkt)\w*|(?:nennt|nennen|nannte\w*|bezeichnet\w*)\s+(?:das|dies|es|diese \w+|die \w+)\s+(?:\w+\s+)?[„\"«‚']?(?:Fake\w*|Lüge\w*|Propaganda|Desinformation|Unsinn|Erfindung\w*)|(?:bezeichnet\w*|nannte\w*|genannt)\b[^.]{0,80}?\bals [«\"„“‘\']?\s*(?:\w+\s+)?(?:Desinformation|Falschmeldung\w*|Propaganda|Fake News|Erfindung\w*)|\bals [«\"„“‘\']?\s*(?:\w+\s+)?(?:Desinformation|Falschmeldung\w*|Propaganda|Fake News|Erfindung\w*)[“”\"«»]?\s+(?:\w+\s+)?(?:bezeichnet|genannt|zurückgewiesen)",
        "trade": r"Lieferung\w*|Hilfe|Güter|Waren|Fracht",
        "split": r"und|während|wohingegen|aber",
    },
    "fr": {
        "via": r"par l'intermédiaire d(?:e l'|e|u|es|')|via|par|à travers|en passant par|en transit par|intermédiaires? (?:en|au|aux|à)|réexporté\w* (?:depuis|de|du|des|d')",
        "dest": r"à destination d(?:e|u|es|e l'|')|à|vers|en|pour|au|aux|jusqu'(?:à|en)|(?:avant d'|pour |afin d')atteindre|(?:franchi\w*|travers\w*) (?:la )?frontière (?:avec|vers)",
        "origin": r"(?<!destination )(?<!intermédiaire )(?:de|d'|du)|en provenance d[eu']|venant d[eu']|fabriqu\w+ en|d'origine|de fabrication|de production",
        "origin_after": r"",
        "supply": r"livr\w*|fourni\w*|export\w*|vend\w*|envo\w*|approvisionn\w*|expédi\w*",
        "reexport": r"transit\w*|transbord\w*|réachemin\w*|réétiquet\w*|réexport\w*|revend\w*|revendu\w*|renvo\w*",
        "receive": r"acqui\w*|procur\w*|reçoi\w*|reçu\w*|obtient|obtenu|import\w*|achèt\w*|achet\w*",
        "move": r"about\w*|atterri\w*|se retrouv\w*|parvenu\w*|arriv\w*|parvien\w*|achemin\w*",
        "actor": r"entreprises?|sociétés?|firmes?|intermédiaires?|négociants?|marchands?",
        "broker": r"intermédiaires?",
        "deny": r"aucun(?:e|s|es)?\b[^.;]{0,80}?\bn['’](?:a|ont|avait|avaient|aurait|auraient) (?:été )?(?:pris|quitt|transit|atteint|franchi|livr|export|vendu|expédi|travers|achemin|réexport|parvenu|arrivé)\w*|(?:a|ont) été acquitté\w*|acquittement|(?:a|ont) été relaxée?s?|n'a pas été (?:établi|prouvé)\w*|réfut\w*|infondé\w*|sans fondement|mensong\w*|récus\w*|rejett?\w* (?:les |des )?(?:informations|rapports?|affirmations?|accusations?|allégations?)|dément\w*|démenti\w*|nié\w*|niai\w*|nient|niant|contest(?:e|ent|é|ée|ait|aient)(?!\w)|rejett?\w* (?:les |des )?(?:accusations?|allégations?|affirmations?)|\bnie\b|jamais|n'a pas|ne \w+ pas|ne \w+ jamais|ne pas|ne jamais|n'avoir (?:jamais|pas)|aucun(?:e)?\s+(?:\w+\s+){0,2}?(?:preuve|élément|indice|trace)\w*|qualifi\w* (?:\w+\s+){0,4}?d[e\'] ?[«\"„“‘\']?\s*(?:\w+\s+)?(?:désinformation|infox|fake news|propagande|fabrication)",
        "trade": r"livraisons?|aide|marchandises?|cargaisons?",
        "split": r"et|tandis que|alors que|mais",
    },
}  # fmt: skip

# A receiver named by its place ("a recipient in Tashkent", "příjemci v Taškentu", "společnosti se
# sídlem v Nairobi" after a sale, "получателю в Тбилиси", "an einen Abnehmer in Eriwan"): the
# goods' end (the place of a later receiver then makes it a stop).
RECEIVER_IN = {
    "en": r"(?:recipients?|receivers?|purchasers?) (?:in|based in)",
    "ru": r"получател\w* (?:в|во)|покупател\w* (?:в|во)",
    "uk": r"отримувач\w* (?:в|у)|покупц\w* (?:в|у)",
    "sr": r"прима(?:лац|оц\w*) (?:у|из)|prima(?:lac|oc\w*) (?:u|iz)|купц\w* (?:у|из)|kupc\w* (?:u|iz)",
    "bg": r"получател\w* (?:в|във)|купувач\w* (?:в|във)",
    "cs": r"(?:příjemc\w*|odběratel\w*|kupc\w*|zákazník\w*) (?:se sídlem )?(?:v|ve)|"
    r"(?:společnosti|firmě) se sídlem (?:v|ve)",
    "de": r"(?:Empfänger\w*|Abnehmer\w*|Käufer\w*) (?:in|aus)",
    "fr": r"(?:destinataires?|acheteurs?|acquéreurs?) (?:à|au|aux|en)",
}
for _lang, _words in RECEIVER_IN.items():
    CUES[_lang]["dest"] += "|" + _words
# "Through its territory", "через территорию республики": the route passes through the country
# the sentence is about (its government denies or admits it).
OWN_TERRITORY = (
    r"(?:through|via|across|cross\w*|transit\w*|travers\w*) (?:its|their|our|the country's|the republic's) (?:own )?territory|"
    r"(?:through|via|across|transit\w*(?: through)?) (?:the|this) country(?!\w|'s)|"
    r"(?:re-?exported|shipped|sent|moved|smuggled) (?:out )?(?:from|out of) (?:its|their|our) (?:own )?territory|"
    r"(?:its|their|our) (?:own )?territory (?:to be |being |was |were )?used|"
    r"(?:seized|stopped|intercepted|caught|found|detained) (?:at|on) (?:its|their|our) (?:own )?(?:border|ports?|airports?)|"
    r"через (?:свою |нашу |её |его |их )?территори\w+(?: (?:республики|страны))?|через (?:свою |нашу |її |його |їхню )?"
    r"територі\w+(?: (?:республіки|країни))?|преко (?:своје |наше )?територије|preko (?:svoje |naše )?"
    r"teritorije|през (?:своята |нашата )?територия|през територията на (?:страната|републиката)|"
    r"přes (?:své |naše )?území|über (?:sein|ihr|unser) (?:Staats)?[Gg]ebiet|über das Staatsgebiet|"
    r"(?:par|via|à travers) (?:son|notre) territoire|через страну|через країну|преко земље|preko zemlje|"
    r"през страната|přes zemi|durch das Land|par le pays|through the country|"
    # the possessives of "its" / "her" / "their" in each language ("през нейна територия",
    # "preko njene teritorije", "přes její území", "par leur territoire")
    r"через (?:её|ее|его|их|її|його|їхню|їх) территори\w+|преко (?:њене|његове|њихове|своје) територије|"
    r"preko (?:njene|njegove|njihove) teritorije|през (?:нейна|нейната|неговата|тяхната|своя) територия|"
    r"přes (?:její|jeho|jejich) území|über (?:dessen|deren) (?:Staats)?[Gg]ebiet|"
    r"(?:par|via|à travers) (?:leur|son propre) territoire|across (?:its|their|her) (?:own )?(?:territory|soil)"
)
# Verbs of seizing goods on their way: the seizing country is on the route ("Latvian customs
# seized Chinese drone parts bound for Russia").
SEIZE = (
    r"seiz(?:e|es|ed|ing)|caught|stopped|intercept(?:s|ed|ing)?|confiscat(?:e|es|ed|ing)|impound(?:s|ed|ing)?|"
    r"задерж\w*|изъя\w*|конфиск\w*|затрима\w*|вилуч\w*|конфіск\w*|заплени\w*|zapleni\w*|"
    r"задържа\w*|zabavil\w*|zadržel\w*|beschlagnahm\w*|abgefangen|saisi\w*|intercept\w*|"
    r"waved through|let through|halted|"
    r"перехват\w*|останов\w*|перехоп\w*|зупини\w*|зупиня\w*|задржа\w*|zadrža\w*|одузе\w*|oduze\w*|"
    r"пресре\w*|presre\w*|заустави\w*|zaustavi\w*|заплењен\w*|zaplenjen\w*|иззе\w*|спря(?:л|ла|ли|ха)|прихвана\w*|"
    r"zachytil\w*|zastavil\w*|zabaven\w*|zadržen\w*|zkonfiskoval\w*|stoppt\w*|gestoppt|sichergestellt|"
    r"konfisziert\w*|festgesetzt|arrêté\w*|bloqué\w*|immobilisé\w*|confisqu\w*|arraisonn\w*|"
    # stopping an attempt is seizing too: "Finnish Customs blocked 37 attempts to send …"
    r"block(?:s|ed|ing)?|thwart(?:s|ed|ing)?|foil(?:s|ed|ing)?|prevent(?:s|ed|ing)?|"
    r"заблокир\w*|предотврати\w*|пресек\w*|пресекл\w*|заблокува\w*|запобіг\w*|зірва\w*|"
    r"спречи\w*|spreči\w*|блокира\w*|blokira\w*|осујети\w*|osujeti\w*|предотврат\w*|осуети\w*|"
    r"zablokoval\w*|zabránil\w*|zmařil\w*|blockiert\w*|verhindert\w*|vereitelt\w*|"
    r"empêch\w*|déjou\w*"
)
# Who watches a border, tells or tries a case: never a trader ("Czech police charged two men
# with selling …", "a Moroccan newspaper reported that …"); on the route when they seize or find.
AUTHORITY = (
    r"authorities|customs|police|border (?:guards?|police)|coast ?guard|navy|officials|officers|"
    r"prosecutors?|investigators|court|newspapers?|media|outlets?|agency|portal|intelligence|"
    r"власти|таможн\w*|полици\w*|пограничн\w*|прокур\w*|СМИ|газет\w*|влад\w*|митни\w*|"
    r"поліці\w*|прикордонн\w*|царин\w*|carin\w*|полициј\w*|policij\w*|гранична полиција|"
    r"granična policija|власти|митничари|гранична полиция|celní\w*|celníci|policie|policist\w*|"
    r"Behörden|Zoll\w*|Polizei|Grenzschutz|Staatsanwalt\w*|autorités|douanes?|douaniers|police|"
    r"gendarmerie|garde-côtes|inspectors|agents|security (?:services?|forces)|ФСБ|СБУ|спецслужб\w*|"
    r"пограничник\w*|граничн\w*|graničn\w*|инспектор\w*|inspektor\w*|митниц\w*|ДАНС|celn\w*|pohranič\w*|"
    r"Grenzschütz\w*|Zöllner\w*|Grenzpolizei|Bundespolizei|Ermittler\w*|Fahnder\w*|douan\w*|"
    r"garde-frontières?|gardes-frontières|enquêteurs|gendarmes"
)
# Verbs of finding or letting goods pass: with a country's authorities, the country is on the route.
ON_ROUTE = (
    r"found|discovered|uncovered|detained|waved through|let through|allowed through|cleared|"
    r"нашли|обнаружил\w*|знайшл\w*|виявил\w*|пронаш\w*|pronaš\w*|откри\w*|našl\w*|odhalil\w*|"
    r"entdeckt\w*|gefunden|fanden|découvert\w*|trouvé\w*|retrouvé\w*|обнаруж\w*|виявлен\w*|"
    r"знайден\w*|otkri\w*|намери\w*|намерен\w*|objevil\w*|nalezen\w*|repéré\w*|détecté\w*|"
    r"boarded|raided|searched|inspected|досмотр\w*|обыска\w*|оглян\w*|обшук\w*|претрес\w*|"
    r"pretres\w*|претърс\w*|prohledal\w*|prohledán\w*|durchsucht\w*|fouill\w*|inspecté\w*"
)
# Buyers named by their country ("to Russian customers", "российским заказчикам"): the destination.
BUYER = (
    r"buyers?|customers?|clients?|end[- ]users?|importers?|purchasers?|consignees?|"
    r"импортер\w*|імпортер\w*|увозни\w*|uvozni\w*|вносител\w*|dovozc\w*|Importeur\w*|"
    r"importateurs?|заказчик\w*|покупател\w*|клиент\w*|"
    r"замовник\w*|покупц\w*|клієнт\w*|купц\w*|kupc\w*|наручиоц\w*|naručioc\w*|купувач\w*|"
    r"zákazník\w*|odběratel\w*|Abnehmer\w*|Kunden|Käufer\w*|acheteurs?|contractors?|makers|manufacturers|"
    r"arms makers?|defen[cs]e (?:firms?|plants?|companies|industry)|"
    # firms and plants in the dative, the case of whom goods go to ("российским заводам",
    # "російським підприємствам", "руским фабрикама", "ruským továrnám", "ruským firmám")
    r"заводам|предприятиям|фабрикам|производителям|компаниям|фирмам|оборонщикам|"
    r"підприємствам|виробникам|компаніям|фірмам|фабрикама|fabrikama|предузећима|preduzećima|"
    r"компанијама|kompanijama|фирмама|firmama|továrnám|podnikům|firmám|společnostem|výrobcům|"
    r"usines|entreprises|"
    r"произвођачима|proizvođačima|заводима|zavodima|"
    # armed groups named by their country use the goods: "nigerian gangs using czech pistols"
    r"gangs?|militias?|rebels?|insurgents?|cartels?|jihadists?|warlords?|"
    r"группировк\w*|боевик\w*|повстанц\w*|угрупован\w*|бойовик\w*|групировк\w*|бунтовниц\w*|"
    r"побуњени\w*|pobunjeni\w*|паравојн\w*|paravojn\w*|povstalc\w*|milic\w*|Miliz\w*|Rebellen|"
    r"Kartelle\w*|Banden|milices|rebelles|groupes armés|cartels|"
    # an army's units use the goods: "turning up with Russian units", "российским войскам"
    r"units|troops|soldiers|armed forces|войскам|військам|подразделени\w*|підрозділ\w*|"
    r"jednotk\w*|Truppen|Einheiten|unités|troupes"
)
SPEECH = (r"said|says|say|stated|announced|reported|told|wrote|declared|confirmed|claimed|claims|"
          r"alleges|alleged|insists|asserts|affirme|affirment|assure|berichtet\w*|behauptet|"
          r"заявляют|утверждают|утверждает|стверджує|стверджують|тврди|tvrdi|тврде|tvrdi|tvrdí|"
          r"твърдят|заявил\w*|"
          r"заяви\w*|сообщил\w*|заявив\w*|повідомив\w*|изјави\w*|izjavi\w*|uvedl\w*|oznámil\w*|"
          r"erklärt\w*|teilte\w*|sagte\w*|déclaré|annoncé|affirmé|tvrde|твърди|berichtet")  # fmt: skip


def cues(lang: str) -> dict[str, str]:
    """The cue words of a language (English for a language the check has no words for)."""
    return CUES.get(lang, CUES["en"])


# A party on the route named by where it sits: "through a freight forwarder in Tallinn", "через
# підставну компанію в Гонконзі", "преко фирме регистроване у Северној Македонији", "über eine
# Tochterfirma in Dubai", "by way of a freight forwarder in Cyprus". The place word ("in", "в",
# "у", "v", "im", "en") that follows the party's noun, per language; what comes before is a via
# cue of the language, so the country is the party's seat and the goods passed through it.
SEAT = {
    "en": r"in|at|based in|registered in|located in|incorporated in|headquartered in",
    "ru": r"в|во|на|(?:за)?регистрированн\w* в|расположенн\w* в",
    "uk": r"в|у|на|зареєстрован\w* (?:в|у)|розташован\w* (?:в|у)",
    "sr": r"у|u|на|na|регистрован\w* у|registrovan\w* u|са седиштем у|sa sedištem u",
    "bg": r"в|във|на|регистриран\w* в|със седалище в",
    "cs": r"v|ve|na|registrovan\w* v|se sídlem v",
    "de": r"in|im|mit Sitz in|registriert\w* in|ansässig\w* in",
    "fr": r"en|à|au|aux|basée? (?:en|à|au|aux)|immatriculée? (?:en|à|au|aux)|établie? (?:en|à|au|aux)",
}
# Nouns of a party that is an intermediary by what it is, wherever the goods go next: "sold to a
# broker in Istanbul, who … arranged its onward shipment to Pakistan".
PARTY_BETWEEN = (
    r"brokers?|intermediar(?:y|ies)|middlem[ae]n|(?:freight )?forwarders?|front compan(?:y|ies)|"
    r"shell compan(?:y|ies)|посредник\w*|посередник\w*|посредни\w*|posredni\w*|"
    r"zprostředkovatel\w*|Zwischenhändler\w*|Vermittler\w*|"
    r"intermédiaires?|courtiers?|transitaires?|спедитор\w*|экспедитор\w*|експедитор\w*|"
    r"шпедитер\w*|špediter\w*|speditér\w*|Spediteur\w*|подставн\w* компани\w*|підставн\w* компані\w*|"
    r"фиктивн\w* фирм\w*|fiktivn\w* firm\w*|paravánov\w* firm\w*|Briefkastenfirm\w*|"
    r"sociétés? écrans?"
)
