"""`mirror_gap`: exporter A's reported exports to B against B's reported imports from A.

The two reports never agree exactly (DOMAIN.md): imports are CIF, exports FOB; goods cross a
month boundary; a reporter that reported nothing in a month is missing, not zero. So:

- only months that both A (as exporter) and B (as importer) reported are compared;
- flows are summed over rolling six-month windows (two consecutive quarters, stepping by a
  quarter), which absorbs booking lags of a month or two;
- the expected import/export ratio is learnt, not fixed: the median log ratio of the pair's
  matched windows (all codes), or else of the code's, or else of all flows, with its robust
  spread (MAD);
- a window is a gap when one side's value is far below what the other side's report and the
  expected ratio predict; gaps must persist over consecutive windows (an episode).

Two directions: **phantom exports** (A reports exports to B that B does not record, the
signature found in EU exports to Central Asia and the Caucasus in 2022–23) and **unrecorded
exports** (B records imports from A that A does not report). Legitimate explanations lower the
score: the other side's flows of that heading booked to 'Areas, nes' (confidential chapters),
re-exports of the code to B by a third country (B records the country of origin), and a side
that does not record that chapter from anyone (systematic non-reporting, such as arms imports
kept confidential) rather than from A alone. A side that names other partners in the chapter
does not keep its partners confidential: where it records little of what its other partners say
they sent it (those may be unrecorded flows too: in the dev 4.6 M-row world CHE's other arms
exporters were two more schemes), the factor is no lower than where it has no others
(`no_others_factor`). Dev 4.6 M-row world: phantom_export 21 → 22 of 29, new_route 12 → 13,
mirror_gap's 202 alerts ≥ 0.5 all planted; scheme-free dev 1–5 and the 10.8 M-row world: none
gained. A side that names partners in the chapter who report no trade with it (it records more
than they say they sent, so no coverage can be measured) keeps none confidential either: its
factor is 1, not `no_others_factor` (dev mixed seed 4: BRA → FRA 360350 0.47 → 0.62;
mirror_gap's alerts ≥ 0.5 on dev mixed 1–5 90 → 92, all planted; none gained on scheme-free dev
1–5 or the 10.8 M-row world). An importer that records no arms imports from anyone (the
simulator's UKR, and AZE in the dev 4.6 M-row world, whose one other arms exporter is a scheme
too) is not told apart from one that keeps them confidential: weighing a coverage measured on
one or two partners less lifted ordinary gaps into UKR to 0.45–0.51. A side that books the
chapter to 'Areas, nes' (flows worth `min_gap_usd` beyond what may hold this gap) records it
too, confidentially, and is treated as one that names partners: where its other partners are
unrecorded as well, the factor is no lower than `no_others_factor`. In a fresh dev world (mixed
seed 15) HUN booked 2.1 M USD of ammunition to 'Areas, nes' in 2024, none in 2021–22, and its
one other partner in chapters 93 and 36 was each time the other of two phantom schemes (BRA →
HUN 930621, JPN → HUN 360200), so coverage was 0.04 and 0.32: 0.26 and 0.49 before, 0.67 and
0.68 now. Dev mixed seeds 6–15: phantom_export 48 → 50 of 50, no alert ≥ 0.5 gained off the
schemes (17 scores move, the highest ordinary one 0.37 → 0.40); scheme-free dev 1–10: none
moves. An importer that books nothing anywhere (UKR) keeps the coverage factor.

'Areas, nes' explains a phantom export only in proportion: an importer that books the heading
to 'Areas, nes' all along fills those flows with its other partners' trade too (the other
exporters' reported exports to it that it records from no one by name). So the importer's
'Areas, nes' flows of the heading in the episode are shared among all the unmatched flows they
may hold, this gap's and the other exporters' (`areas_nes_filled_by_other_partners_usd` in the
evidence); where they cover them all, the whole gap is explained as before. The sharing is done
quarter by quarter: a quarter's 'Areas, nes' flows hold only that quarter's unmatched flows, so
flows the importer booked before a route began, or none in its last quarters, do not explain it
(the dev 4.6 M-row world: ROU → SGP 360340, 31 M USD, explained 31 → 18 M, its score 0 → 0.38;
KGZ → POL 360350 0 → 0.50; no scheme-free dev world or the 10.8 M-row one gains an alert). (Not
for the exporter's side, where every 'Areas, nes' dollar still explains: not calibrated there.)
Whether they rose with the gap was tried first: on the simulator's scheme-free dev worlds a
heading's 'Areas, nes' total moves with every partner's route births and deaths, and subtracting
only its rise made 45 ordinary gaps score 0.5 or more.

And an importer books a partner's flows to 'Areas, nes' by a standing practice (a confidential
partner or heading), not quarter by quarter: where its 'Areas, nes' flows of the heading are
worth less than half of a route's gap in some quarters, those quarters show the route unrecorded
and not booked there, and the flows of the quarters that could hold it are likely other trade.
So what the quarters hold explains the gap only in proportion to the share of the gap in
quarters whose 'Areas, nes' flows are worth at least half of it (`areas_nes_hold_share`). On the
dev 4.6 M-row world the 'Areas, nes' of POL and SGP rose a year before two phantom routes began
and stopped while they ran on: KGZ → POL 360350 0.50 → 0.73, ROU → SGP 360340 0.38 → 0.59. (The
test is on the quarter's whole 'Areas, nes' flows, not the part left after sharing: sharing it
made an ordinary ROU → POL route, whose months POL's 'Areas, nes' flows match, lose its
quarters to KGZ's unmatched flows, 0.39 → 0.57.) A booking lag crosses quarters: what the next
quarter's 'Areas, nes' flows hold beyond its own unmatched flows, up to those of its first
`lag_months`, holds the quarter before (read outside world A7_s0: CHN's 24.9 M USD of 930190
exported to POL in 2023-12, booked by POL to 'Areas, nes' in 2024-01, left the standing practice
unread, `areas_nes_hold_share` 0.57, and a benign route at 0.65; now 1.0 and 0.02).

Sharing in proportion assumes the 'Areas, nes' flows could be anyone's; their movement quarter
by quarter can say whose they are. Where other partners' unmatched flows compete for them, the
quarters' 'Areas, nes' flows n are fitted as a·o + b·g (o the others' unmatched flows, g this
route's gap, a and b between 0 and 1, least squares over the episode's quarters), and they
explain no more than the share b of the gap (`areas_nes_fit_share`), where b lies below
proportional sharing's share by two standard errors (else the quarters cannot tell, and the
share stays proportional). An importer that books its arms imports to 'Areas, nes' may book one
partner's flows there and not another's: in a dev 4.6 M-row world (seed 2) AZE's 'Areas, nes'
flows of 9306 followed CZE's exports to it quarter by quarter (1.90, 2.15, 2.02, 3.22, 3.39,
2.43 M USD against AZE's 1.99, 2.27, 2.17, 3.27, 3.60, 2.63 M) and not MEX's phantom exports
(0.66 … 4.25 M): half of MEX's gap had been explained (score 0.30), none is now (0.71). Dev
4.6 M-row worlds seeds 1, 2, 3: phantom_export by mirror_gap 28/29, 27 → 28/29, 27/29, no alert
≥ 0.5 gained off the schemes' pairs (ROU → POL above stays 0.39: its gap is small beside the
others', and the fit cannot tell); scheme-free dev 1–5 none and the 10.8 M-row world 4 ≥ 0.5,
as before (6 of 1,080 scores move, the highest to 0.16).

One side may book the goods under another code (`related_codes.py`): its customs classify a
product under another subheading of the same heading, or it is still on an older HS version
(unmanned aircraft of HS 2022's 8806 booked under 8802 or 852580, as the shipped concordance
links them). Code by code that is a gap on one code and its mirror on the other; so the silent
side's surplus under related codes (what it records of the route there beyond what the other
side reports there, at the expected ratio, over the episode and the booking lag) explains the
gap (`recorded_under_related_codes_usd`, `related_code`; the summary says so). A cover code and
a controlled heading it may hide are never related: that is `cross_code_mirror`'s signature.
Measured on scheme-free dev worlds 1–3 rewritten so that importers book 3 % of their codes
(from every partner) under a sibling of the heading, before the simulator carried the habit:
mirror_gap alerts ≥ 0.5 12, 13, 33 → 0, 0, 0; with three reporters still on HS 2017 after
2022: 4, 4, 23 → 0, 0, 0. Dev mixed worlds 6–15 (without the habits): the same recall and the
same 560 of 578 alerts ≥ 0.5 on planted schemes.
A silent exporter's records there include its re-exports (flow RX): a hub that passes on
goods of its own origin, books them as re-exports under a sibling code, while the importer books
them from it under another (family A world 1: SGP's re-exports to FRA under 732182 and to GBR
under 293336, booked as 732190 and 293354 from SGP); the summary says "reports as re-exports".
Family-A worlds: scheme-free mirror_gap alerts ≥ 0.5 11 → 9 (A1), 2 → 2 (A2).

A hub's re-export is one flow under two attributions (DOMAIN.md: importers record the country
of origin, exporters the country of last known destination). Origin O reports exports to hub
H, H reports the goods as its exports to K (as EU members report re-exports), and K books them
from O: code by code, a phantom export H → K beside an unrecorded export O → K of the same size
in the same months. The rule (`_attribution`): for an importer K, a code and each six-month
window of an episode, the gap is matched by the complementary differences of K's other
partners in that code and window — for a phantom export H → K, what K books from each O beyond
what O reports (beyond the pair's noise, twice its spread on the matched part); for an
unrecorded export O → K, what each H reports beyond what K books from it — each counted only
where the third leg is there, O's reported exports of the code to H in that window, and no
further than that leg times `attribution_markup` (the hub's margin and freight). The matched
amount, window by window no more than the gap's own (so the months must agree), explains the
gap only where the sizes agree: the partners' whole differences over the episode within
`attribution_ratio` of the gap, either way. The partners' differences are read on the code,
and, for the episodes the code leaves unexplained, on any code of its heading with the third leg
under the heading too: the hub or the importer may book the goods under a sibling code (family
A's world 2: BEL reports 840734 exports to the USA that the USA books as 840721 from NLD; its
scheme-free mirror_gap alerts ≥ 0.5 12 → 2, off the schemes of its mixed twin 14 → 4, on them 13
as before; world 1 unchanged). The heading is only a second reading: its larger pool of unrelated
differences must not undo a size agreement found on the code. It is said in the summary
("KOR books 13.36 M USD from TUR, the origin, that NLD reports as its exports to KOR: read as
one re-export recorded under origin and consignment") and stored (`attribution_difference_usd`,
`attribution_partner`, `attribution_partner_usd`). A phantom export stays a gap where the
importer's other imports of the code are recorded by their exporters too (no surplus), where
the surplus is of another size (five times the gap) or in other months, or where the origin
reports no exports to the hub. Independent worlds of family A (`/work/indep`, ~0.96 M rows
each): mirror_gap alerts ≥ 0.5 on the scheme-free ones 107 → 19 and 85 → 2; on the ones with
20 planted schemes those off the schemes 107 → 19 and 88 → 4, those on them 9 and 13 as before,
recall unchanged.
The rule is `attribution.py`'s, one for mirror_gap and route_break, with one set of parameters.
Two records of a re-export lie outside the export records the windows compare, and the rule
reads them too (`_silent_origins`, `_re_exports`). An origin whose data holds no exports in
those months (not a reporter, or not then) has no record to match the importer's imports from
it: all of them are the importer's surplus from the origin, and the hub's own imports from it
are the first leg (family A's world 1: NLD and BEL report re-exports of OMN, PER and AUT goods
as exports to GBR, BRA and CHN, which book them from those origins, which report nothing). A
hub that reports the goods as re-exports (flow RX) reports them outside its exports: for an
unrecorded export O → K, its re-exports to K count as its excess into K, the first leg O's
exports to the hub (SGP and HKG re-export HUN, FRA, ITA and USA goods, the importer often
booking them under a sibling code of the heading). Both are said: the sentence names who
records the first leg and the hub's flow (`attribution_leg_recorded_by`,
`attribution_partner_flow`). Family-A worlds: scheme-free mirror_gap alerts ≥ 0.5 19 → 11
(world 1) and 2 → 2 (world 2); with 20 planted schemes all alerts ≥ 0.5 64 → 56 and 52 → 51,
the planted schemes found as before (16/20, 13/20), the alerts matching one as before (33, 37).
An origin whose exports of the heading in those months all went to no country ('Areas, nes', a
withheld partner, as many countries book their arms exports: `silent_hub._unnamed_onward`)
names no destination of them either, and is read as silent on them too (outside world A7_s0,
issue 20, helper s23: KOR books its 930700 exports to 'Areas, nes'; NLD re-exports 93 M USD of
them to JPN as its own exports and JPN books them from KOR: two phantom exports at 0.70, one
re-export now); the sentence says "whose data holds no exports of the heading to a named
country in those months".
A partner's difference that runs through the episode is no noise though each window's lies
within it (a hub's steady re-export of 20–40 % of the route, beside twice the spread on the
matched part, 27 % at the floor): where its sum over the episode exceeds the noise of the sum
(each window's over the root of half the windows: quarters' noise partly cancels), it counts
window by window in full. The size check still reads the partners' whole beyond each window's
noise (`raw` in `attribution.match`): a larger pool must not undo a match. Family-A worlds:
NLD → AUS 392112, NLD → CHN 284920 (world 1), BEL → HKG 521132, BEL → MEX 300214 (world 2:
HKG books 81.7 M USD of USA's 521132 against USA's 58.7 M) are read as re-exports;
scheme-free mirror_gap alerts ≥ 0.5 9 → 6 and 2 → 0; with 20 planted schemes all alerts ≥ 0.5
54 → 51 and 51 → 49, planted found and matching as before, no planted alert lowered.
A partner whose differences are more than `attribution_ratio` times what its third leg can
carry is a flow of its own (a large route's timing noise beside a small leg): it neither
explains the gap nor counts in the partners' whole (`attribution.match`). Counted there it
vetoed matches whose sizes agreed: the outside generator's read world D2-s0 (family D, seed 2)
has BEL → PRT 880529 booked by PRT from CAN, the origin, beside PRT's surplus from ARE, 20 times
ARE's leg to BEL (mirror_gap alerts ≥ 0.5 there 6 → 3). So is a partner whose differences are
more than `attribution_ratio` times the gap's own in the windows where it has them and the
windows next to them: a re-export's other record is no larger than the re-export in the months
it ran (read outside world A7_s0: AUS's 2.3 M USD one-quarter surplus from CHN beside NLD's
re-exports of RUS's 902110, which AUS books from RUS, undid the RUS match: 0.55 -> 0.01).
A hub passes on several origins' goods to one importer, and its excess into the importer is the
other record of all of them: read whole beside one origin's unrecorded export it was too large
for the sizes to agree (the outside generator's D4-s0: NLD's exports of 080242 to JPN carry
CHN's and VNM's goods, 2.2 times CHN's part; CHN → JPN stood at 0.61). For an unrecorded export
O → K, what other origins' re-exports through the hub H claim of its excess (window by window,
what K books from each other origin O' beyond what O' reports, beyond the pair's noise, shared
among the hubs read by the legs O' reports to each, so that it is claimed once, and at H no more
than the leg O' → H times `attribution_markup`) counts neither in the partners' whole nor
against the leg when H is read as a flow of its own: a claim can lift that veto and make more of
O → K explained, though H's difference that may explain it is unchanged, no more than O's own
leg carries. Said in the sentence ("…; 20.04 M USD more of NLD's exports to JPN are other
origins' goods re-exported through it, which JPN books from them") and stored
(`attribution_others_claimed_usd`). On the heading a partner's difference, and another origin's
surplus that claims it, is read on the heading's sum, window by window (it was read code by
code, summed over the heading only for a steady partner): a sibling code one side books for the
other's is no difference (A3_s0: SGP reports 853221 exports to IND that IND books as 853222, an
'excess' five times what SGP's leg carries, so SGP's re-exports of NOR's and FIN's 853221 and
853224, booked by IND from them as 853222, were not read). Outside worlds, alerts ≥ 0.5 (77fe7f0
→ this): the fresh read worlds D4-s0 14 → 13 (CHN → JPN 080242), D5-s0 16 → 15 (NLD's re-export
of SGP's 820510 to IRN), A3_s0 13 → 11 (NOR → IND and FIN → IND 853222); read D3-s0 23 → 22 (COL
→ CHN 848180 through BEL), A1_s0 9 → 8 (NLD → IND 293336), D2-s0 13; with 20 planted schemes
D4-s20 58 → 57, A3_s20 46 → 44, A1_s20 42 → 41, D2-s20 59, A2_s20 43, recall unchanged, no
planted alert lowered; A2_s0 2. Below 0.5 one to six a world rise, matches the code-by-code or
whole reading had made, to at most 0.30 (A2_s0's GBR → ARE 845819, read before as re-exported by
CHE, no hub there). As first built, an origin's surplus was claimed in full at each hub it ships
to, and on the heading read code by code: on hand-built worlds a surplus claimed at two hubs, and
one that a sibling code made, lowered an unexplained CHN → JPN from 0.77 and 0.66 to 0.00 (no
score changed on D4-s0 and A3_s20 when that was fixed).
A hub that reports nothing has no record for the rule to read (`silent_hub.py`, one rule with
route_break's): family D's NLD is no reporter, and the importers book the goods it re-exports
from their origin (D3-s0, seed 3: 60 mirror_gap alerts ≥ 0.5, all such unrecorded exports). For
an unrecorded export O → K that the rule leaves unattributed, O's reported exports of the code
(or of its heading) to a country whose data names no destination of its exports of the heading
in those months (no exports at all, or those of the heading booked to 'Areas, nes') are
the other record of the goods where K's imports from O track them month by month: correlation
of three-month sums at least `silent_hub_min_corr` over at least `silent_hub_min_months` such
sums (the episode's first two months begin none: 6 sums need 8 months), at the best lag up to
`silent_hub_max_lag` months. The leg explains no more than it carries (times
`attribution_markup`), and nothing where that is less than the gap over `attribution_ratio` (a
chance correlation with a small shipment: a planted KOR → BEL 930629 new-route scheme of family
A's A2_s20 beside KOR's small exports to IRL). Said in the summary ("ITA books 19.02 M USD from
CHE, the origin, that track CHE's reported exports of the code to NLD, whose data holds no
exports in those months, month by month (correlation 1.00, 1 month(s) later)") and stored
(`attribution_hub_silent`, `attribution_track_correlation`, `attribution_track_lag_months`).
D3-s0: mirror_gap alerts ≥ 0.5 60 → 12, all alerts ≥ 0.5 84 → 36; D2-s20 (20 schemes) recall
17/20 as before; family A's A1_s20 and A2_s20 recall 16/20 and 14/20 as before, no planted
alert lowered.
A review found two faults in that reading. One silent hub's leg explained every importer that
tracked it, the same leg counted whole for each: a leg of X explains at most X in all, so each
month of it is now shared among the episodes read to come through it (each at its own lag), in
proportion to what each leaves unexplained a month; the sizes must still agree against the
whole leg, and the summary says where the leg is shared ("its leg, 29.90 M USD over these
months as reported, is shared with 2 other flow(s) that track it …: 9.97 M USD of it to this
one (up to 12.96 M USD at the importer's prices, margin and freight included)"; it printed the
leg at the importer's prices as the leg; stored: `attribution_hub_leg_usd`, at the importer's
prices, `attribution_hub_shared_with`). The tracking says whether the leg was read on the code
or on its heading ("exports of the heading"; it always said "of the code"). And over few
months the correlation of whole three-month sums is high by chance: overlapping sums of
unrelated series correlate with a spread of √(19 / 9n) over n sums (Bartlett), 0.51 over 8,
so the correlation must also reach `silent_hub_chance_z` (2) such spreads, at most 0.95: 0.95
up to 9 sums, 0.84 over 12, the floor of 0.7 from 18 (a discount by the number of points
rather than a longer minimum: a short episode that tracks its leg closely is still read, and a
long one needs no more than the floor; stored as `attribution_track_points`). Ten months of
ITA's imports from CHE that correlate 0.88 with CHE's unrelated exports to NLD a month later
were read as explained (0.01); they stand.
Uncapped, the bar exceeds 1 below 9 sums (1.03 over 8), which no correlation reaches: ten
months of ITA's imports that are exactly 0.954 × CHE's exports to NLD a month earlier
(correlation 1.00 over 8 sums) were read as a 100 % unreported export (0.47); with the bar
capped at 0.95 they are one re-export (the chance tracking of 0.88 still fails). Months
either side did not report are left out of the tracking, not read as zero on both series
(the zero months alone correlated); and the heading's pass shares only what the code's
episodes left of a leg (one leg had explained a flow on the code and another on the heading).
Silent-hub readings (all detectors' alerts) on the outside generator's read worlds 8efde3c →
this: D3-s0 203 → 110 (NLD, no reporter there, 104 → 78; other countries in months their data
missed, 99 → 32), D2-s0 95 → 32 and family A's A1_s0 81 → 17, worlds with no silent re-export
hub, where such readings are chance; 17, 5 and 1 share a leg. D3-s0's alerts ≥ 0.5 rise 24 → 29
(mirror_gap 12 → 15, route_break 5 → 7): five NLD re-exports of 13–15 months whose sums
correlate 0.72–0.89, under their chance bar; D2-s0 15, A1_s0 13, D2-s20 61 (recall 17/20),
A1_s20 46, A2_s20 44 unchanged, no alert lowered.
A hub that reports but books the heading's exports and re-exports to no country ('Areas, nes')
names no destination either, and is as silent on them (`silent_hub._unnamed_onward`): read
A1_s0's ARE books SWE's 360410 as imports from and re-exports to 'Areas, nes', and FRA's
imports of it from SWE, which track SWE's exports to ARE, were a 41.8 M USD unreported export
(0.70). Alerts >= 0.5 per million rows: A1_s0 5.19 -> 4.15; A1_s20 recall 17/20 as before, share
on schemes 0.878 -> 0.900, planted in the top 20 cases 12 -> 13; A2, A3 and the held-out B worlds
and the real Eurostat downloads unchanged (alert ids and scores).

**A re-export that the origin's own trade hides (mirror_gap/2).** A hub that reports its
re-exports as exports (NLD, BEL) shows them as exports to an importer that books the goods from
their origin; where the origin's own trade with the importer is ten or thirty times the
re-export, the importer's surplus from the origin is inside the pair's ordinary spread and the
attribution above cannot match it (read outside world A4_s30, 5.6 M rows: 17 of its 29 unmatched
mirror gaps at 0.5 or above were NLD's or BEL's exports to such importers; BEL -> CHN 843139, 14 M
USD beside DEU -> CHN's 260 M, which CHN books at 1.40 times). So an unrecorded export whose
exporter took in the code over the months it ran (and `lag_months` before; at least
`re_export_inflow_share` of the gap left unexplained) is a *possible* re-export where its sources
could hide that gap in the importer's records of them: per source, as first built, only where the
importer books it at or above the pair's learnt ratio (a surplus to hold the goods), its reported
flow times the pair's robust spread at `re_export_hidden_z` standard deviations, and no more than
the exporter took in from it (mirror_gap/5 below reads that room either side of the median).
Not explained: the score times `possible_re_export_factor` (0.5), the factor
`possible_re_export` in the evidence with the sums (`re_export_hub_inflow_usd`,
`re_export_sources_trade_usd`, `re_export_could_hide_usd`, `re_export_gap_compared_usd`). A
source whose records with the importer agree closely (no spread), that the importer books below
the pair's ratio (mirror_gap/5: below the low end of its spread), or that the importer books
without the source reporting (a gap of its own) hides nothing: HUN's phantom export beside CHN's
exactly matched trade and ITA's unreported one keeps its score, and so does an arms exporter
that also imports the code from a source whose trade with the importer is matched. A review of
the first version (which counted every source's trade at the detector's minimum spread, summed
over sources, against the whole gap) found it halved such arms phantom exports; this version was
measured again on every world.

**Goods possibly booked under a sibling code (mirror_gap/3, issue 20).** Related codes (3)
explain a gap where the silent side's surplus under them shows it; beside a pair's large trade
in a sibling code that surplus is inside the trade's ordinary spread and shows nothing either
way (read outside world A9_s0: DEU books 2.4 M USD of 847150 from MYS over 31 months, which MYS
never reports under that code to anyone, beside 194 M of 847160 that MYS reports to DEU; 0.56).
So an unreported export whose exporter books none of the code to the importer over the
episode, while its own records of the heading's other codes (or the code's HS-revision
relatives; never a cover code and the heading it may hide) to the importer could hide what is
left of the gap in their ordinary spread (the pair's spread at `re_export_hidden_z`, as for a
possible re-export), is *possibly* the same goods classified elsewhere: not explained, the
score times `possible_sibling_code_factor` (0.5), the factor `possible_sibling_code` in the
evidence with the sums. Unreported exports only: a phantom export beside the importer's
sibling trade is left as it was (phantom exports are read in aggregate, EBRD), and so is an
exporter that reports some of the code to the importer. Outside read worlds A1, A6-A11
(docs/benchmarks.md, 2026-12-06, issue 20, helper s25): A9_s0's alert 0.56 -> 0.28; 75-116
benign unreported exports per world halved, all below 0.5 before; no planted scheme's best
score moved.

**A standing gap (mirror_gap/4).** Two reporters that record a pair's trade of a code
differently (one classifies it elsewhere, keeps it confidential, books it to the origin or the
consignment country) show a gap from the first month their files can show the pair, and go on
showing it: the data cannot date it, and a scheme is something that starts. Read on the outside
worlds A1-A12 (family A, issue 20, helper s26): eight of the nine ordinary gaps at 0.5 or more
on the seven scheme-free worlds opened within six months of both sides' files, six of them ran
32-47 months (HKG -> CHN 630710, SGP -> CHN 846012, CHN -> CAN 845611, NLD -> CHN 870324, BEL ->
CAN 854110, NLD -> CHE 900130); no planted scheme's gap ran 24 months or more from the data's
start. So a gap that opened within `standing_gap_after_months` (6) of the later of the two
reporters' first months of files holding the code's chapter (`seen_from`) and ran
`standing_gap_min_months` (24) or more scores times `standing_gap_factor` (0.8): a weight, not
a filter (a large, complete gap keeps 0.5 and more), in the evidence as `standing_gap` with its
months. The same principle as unit_value's routes as old as the data and route_break's file
start: what the data shows from its first month is not a change.

**A re-export hidden in the origin's trade booked below its median ratio (mirror_gap/5, issue
20).** A possible re-export (mirror_gap/2) counted a source's records with the importer only
where the importer booked it at or above the pair's median ratio. But a re-export that is a few
per cent of the source's own trade with the importer is drowned in that trade's noise: the
importer's records of the source are the direct trade at the pair's ratio, give or take its
spread, plus the re-exported goods, and half the time the direct part falls below the median by
chance and takes the sum with it (read outside world A22_s0, scheme-free: NLD took in 25.5 M
USD of 854232, 20.5 M of it from DEU, and reported 0.73 M of exports to JPN that JPN books from
no one by NLD's name; JPN books 14.33 M from DEU against DEU's 12.82 M, 1.118 times, beside the
pair's 1.14: NLD -> JPN stood at 0.62). So a source's records hold a re-export where they stand
within the pair's ordinary spread (its ratio `re_export_hidden_z` robust standard deviations
either side of the median) and, the goods taken out, what is left still does: the room is what
the importer books beyond the source's figure times the low end of that spread, up to the high
end, no more than the exporter took in from the source. A source booked below the low end holds
nothing (no room); of one booked above the high end only the spread's width counts (and
mirror_gap/2's reading, at or above the median, where it gives more): beyond it a
surplus stands out, which the attribution reads and, where its size disagrees with the gap,
leaves as a flow of its own (AUS's steady 2.12 M a month from DEU beside NLD's 0.3 M, with
records that otherwise agree exactly: no spread, no room). The sums are in
the evidence (`re_export_sources_trade_usd`, `re_export_sources_booked_usd`,
`re_export_could_hide_usd`). Outside family-A worlds, alerts >= 0.5 per million rows (ad4e763 ->
this): scheme-free A22_s0 6.19 -> 5.16 (NLD -> JPN 854232 0.62 -> 0.31), A24_s0 3.08 -> 3.08,
fresh A31_s0 4.12 -> 3.09; with 20 planted schemes A22_s20 recall 13/20 as before, alerts on
schemes 0.857 -> 0.875, planted in the top 20 cases 14 -> 15 (the cover-code half of a planted
cross-code scheme, IRN -> KOR 847990, 0.62 -> 0.31: IRN took in 1.71 M USD of the code from
CHN, which KOR books at 1.115 beside the pair's 1.13; the scheme's best alert, cross_code_mirror's
0.78, is unchanged), A29_s20 17/20, 0.913, 18 as before. No score rose; no planted scheme's
best score moved.

**The hub's side of the same goods (mirror_gap/6, issue 20).** The hub's re-export is also an
unreported export of the origin: the importer books the goods from the origin, which reports
them as its exports to the hub, and the hub reports them as its exports to the importer. Where
the hub's own trade with the importer is tens or hundreds of times the re-export, its excess
over the importer's records is inside that pair's ordinary spread and the attribution cannot
match it (read outside world A22_s0, scheme-free: GBR sent 3.63 M USD of 321490 to BEL from
2022-07, BEL reports 213.6 M of it to the USA, which books 239.9 M from BEL, and the USA books
3.02 M from GBR that GBR never reports to it: 0.55). So an unreported export whose exporter sent
the code to other countries over the months it ran (and `lag_months` before; at least
`re_export_inflow_share` of the gap left unexplained: the first leg) is a *possible* re-export
where those countries' records with the importer could hide what is left of the gap: per hub,
of its reported exports of the code to the importer, what lies above the importer's records of
it over the pair's ratio `re_export_hidden_z` robust standard deviations above its median, up to
those records over the ratio as far below it, no more than the leg, in the importer's terms.
The same factor (`possible_re_export_factor`) and evidence fields, read for the other side
(`re_export_hub_inflow_usd` the first leg, `re_export_sources_trade_usd` and
`re_export_sources_booked_usd` the hubs' reports to the importer and the importer's records of
them); the sentence says which side it reads. A hub the importer does not book at all, one
whose records with the importer agree exactly, and an exporter that sent the code nowhere else
hide nothing. Outside family-A worlds, alerts >= 0.5 per million rows (mirror_gap/5 -> this):
scheme-free A22_s0 5.16 -> 4.13 (GBR -> USA 321490 0.55 -> 0.27), A24_s0 3.08 -> 3.08, fresh
A31_s0 3.09 -> 3.09 and fresh A32_s0 6.12 (ad4e763) -> 6.12 (its one mirror gap at 0.5 or more
does not move); with 20 planted schemes A22_s20 recall 13/20 as before, alerts on
schemes 0.875 -> 0.897, top 20 cases 15 planted as before; A29_s20 17/20 as before, 0.913 ->
0.933, 18 as before. 62-82 scores a world halved, none rose; no planted scheme's best score
moved, and no alert on a planted scheme fell.

A mirror needs the other side's data on the pair. Where the silent side's data names no flow
at all with the partner in that direction (any code, any period: `flows.named_partners`) and
names fewer than half of the reporters whose data names it (`flows.partner_scope`: its data is
a selection of partners), its silence is outside what the data covers, not a record of zero: a
Eurostat download of the member states' imports from Kyrgyzstan only said nothing of their
imports from Armenia, and Armenia's exports to nine of them read as 100 % phantom exports at
0.50–0.56 (tester2 D10). Such a pair is not compared (monthly and annual alike); the scan's
account says which pairs had no mirror data. A phantom export the importer records nothing of
is still a gap where it records other goods from the exporter, or where its data covers its
partners: the simulator's phantom schemes run between countries that trade nothing else, into
importers that name nearly all their exporters (dev mixed seed 1: without the scope test, 9
planted phantom exports ≥ 0.5 went unmirrored, phantom_export 5/5 → 2/5).

The gap is told in the terms of the side that reported the flow: a phantom export's in the
exporter's (what it reported less what the importer recorded, brought back by the learnt
ratio), never more than what was exported; an unrecorded export's in the importer's
(`gap_terms`). It was worked and told in the importer's terms, and at a learnt ratio of 1.50
LTU's 277.9 M USD of exports to ARM showed 377.7 M USD "unrecorded" (tester2 D12). A learnt
ratio outside `CIF_FOB_BAND` (0.8–1.3) is named as what it is, a methodological asymmetry (one
side recording the country of origin, the other the country of consignment, or goods routed
through a third country), not a CIF/FOB margin (`ratio_reading`; the summary says so).

HS levels: each side is read at the level its reporter's data has (HS6, HS4 or HS2; CN8 folded
to HS6) and a route is compared at the finest level both share: A's HS6 exports are summed to
HS4 where B records only HS4 imports. The summary and evidence name the level compared.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

import ibis
import ibis.expr.types as ir
import pandas as pd

from shadowtrade.detect import annual_mirror
from shadowtrade.detect import attribution as at
from shadowtrade.detect import flows as fl
from shadowtrade.detect import levels as lv
from shadowtrade.detect import related_codes as rc
from shadowtrade.detect import silent_hub as sh
from shadowtrade.detect.alerts import alert_row, factor, scored
from shadowtrade.detect.registry import Detector, Parameter, TradeInputs, register
from shadowtrade.incremental import per_series
from shadowtrade.results import fetch
from shadowtrade.schema import ALERTS
from shadowtrade.staging import stage

if TYPE_CHECKING:
    from shadowtrade.scan_context import ScanContext

NAME = "mirror_gap"
SCORING_VERSION = "mirror_gap/6"  # the product of the factors in `score_factors`
MAD_TO_SIGMA = 1.4826
ROUTE = ["exporter", "importer", "code"]
AREAS_NES = "XNS"
# Import/export ratios that freight and insurance (CIF against FOB) and timing explain. A pair's
# learnt ratio outside them is a difference in how the two sides record the pair (one by
# country of origin, the other by country of consignment; goods routed through a hub), not a
# price margin: the finding says so instead of using it silently as a CIF/FOB norm.
CIF_FOB_BAND = (0.8, 1.3)


def _sides(ws: ScanContext) -> tuple[ir.Table, ir.Table, ir.Table]:
    """(all monthly rows, matched-months export side, matched-months import side)."""
    allf = fl.monthly_flows(ws)
    cal = fl.reported_months(ws)
    calx = cal.filter(cal.flow == "export").select(exporter="reporter", period="period")
    calm = cal.filter(cal.flow == "import").select(importer="reporter", period="period")
    f = fl.between_countries(ws, allf)
    x = f.filter(f.flow == "export").select(
        "code", "period", "value", "kg", exporter=f.reporter, importer=f.partner
    )
    m = f.filter(f.flow == "import").select(
        "code", "period", "value", "kg", exporter=f.partner, importer=f.reporter
    )
    # Months both sides reported: elsewhere one side is missing, not zero. (A row's own reporter
    # reported that month, in that direction, by the row itself: only the other side is tested.)
    x = x.join(calm, ["importer", "period"])
    m = m.join(calx, ["exporter", "period"])
    if not lv.all_hs6(ws):
        # Like with like: each side's codes cut to the level the other side reports the chapter
        # at (A's HS6 exports summed to HS4 where B records only HS4 imports).
        keys, sums = ["exporter", "importer", "code", "period"], ["value", "kg"]
        x = lv.to_common_level(ws, x, other="importer", other_flow="import", keys=keys, sums=sums)
        m = lv.to_common_level(ws, m, other="exporter", other_flow="export", keys=keys, sums=sums)
    return allf, x, m


def _six_months(t: ir.Table, *sums: str) -> ir.Table:
    """Six-month windows (quarters q and q+1) per route of monthly rows (ROUTE, period, `sums`).

    Summed per quarter first, then each quarter counted in its own window and the one before,
    so that the month-level table is read once: the one reading of a window for the sides
    compared (`_windows`) and for the records no mirror compares (`_silent_origins`,
    `_re_exports`), so that their windows agree.
    """
    q = t.group_by(*ROUTE, q=t.period.truncate("Q")).agg(**{c: t[c].sum() for c in sums})
    w = q.mutate(w=q.q).union(q.mutate(w=q.q - ibis.interval(months=3)))
    return w.group_by(*ROUTE, "w").agg(**{c: w[c].sum() for c in sums})


def _windows(x: ir.Table, m: ir.Table) -> ir.Table:
    """Six-month windows per route: X (the exporter's report) and M (the importer's)."""
    zero = ibis.literal(0.0)
    both = x.select(*ROUTE, "period", X="value", M=zero)
    both = both.union(m.select(*ROUTE, "period", X=zero, M="value"))
    return _six_months(both, "X", "M")


def _norms(g: ir.Table, by: list[str], min_n: int, tag: str) -> ir.Table:
    """Median and robust spread of ln(M/X) over matched windows, grouped by `by`."""
    mt = g.filter((g.X > 0) & (g.M > 0))
    return fl.robust_norms(mt.mutate(lr=(mt.M / mt.X).ln()), by, min_n, tag)


def _family(code: ir.StringValue) -> ir.StringValue:
    """The chapter, with arms (93) and explosives (36) as one family: reporters that keep one
    confidential usually keep both."""
    ch = code.substr(0, 2)
    return ibis.ifelse(ch.isin(["93", "36"]), "arms", ch)


def _cached_sides(ws: ScanContext) -> tuple[ir.Table, ir.Table, ir.Table]:
    """`_sides`, materialised: each is read several times, by the candidates and the evidence."""
    allf, x, m = _sides(ws)
    # allf is the shared monthly_flows, already materialised
    return allf, x.pipe(stage), m.pipe(stage)


def candidates(
    ws: ScanContext,
    p: dict[str, Any],
    sides: tuple[ir.Table, ir.Table, ir.Table] | None = None,
    *,
    keep_unmirrored: bool = False,
) -> ir.Table:
    """Windows of months where the exporter's and importer's records of a route disagree, one row
    per route and window. A route whose silent side's data names no flow with the other at all
    (`flows.named_partners`) has no mirror data: `mirrored` is false, and it is left out unless
    `keep_unmirrored` (the scan says which pairs were not compared)."""
    allf, x, m = sides if sides is not None else _cached_sides(ws)
    # A route's windows need its own rows and its two reporters' calendars only: an incremental
    # scan recomputes those of routes with a reporter that sent new rows.
    windows = g = per_series(
        ws, "mirror_gap_windows", {}, lambda r: _windows(r(x), r(m)), ("exporter", "importer")
    )
    if ws.increment is None:
        windows = g = g.pipe(stage)

    # Staged: the possible re-exports (7) read the pairs' spreads again.
    pair = _norms(g, ["exporter", "importer"], p["min_norm_windows"], "p").pipe(stage)
    code = _norms(g, ["code"], p["min_norm_windows"], "c")
    g = g.left_join(pair, ["exporter", "importer"]).select(g, pair.p_med, pair.p_mad)
    g = g.left_join(code, "code").select(g, code.c_med, code.c_mad)
    glob = g.filter((g.X > 0) & (g.M > 0))
    glob_med = (glob.M / glob.X).ln().median().as_scalar()
    expected = ibis.coalesce(g.p_med, g.c_med, glob_med)
    spread = ibis.greatest(
        ibis.coalesce(g.p_mad, g.c_mad, ibis.literal(0.2)) * MAD_TO_SIGMA,
        ibis.literal(p["min_spread"]),
    )
    # Staged: the episodes and both attribution passes read it (its norms are quantiles, each
    # read of the unstaged expression computed them again).
    g = normed = g.mutate(expected=expected, spread=spread).pipe(stage)
    # Value each side should show given the other and the expected CIF/FOB ratio.
    m_expected = g.X * g.expected.exp()
    x_expected = g.M / g.expected.exp()
    eps = 0.01
    dev = ((g.M + eps * m_expected + 1.0) / (m_expected + 1.0)).ln() / g.spread
    g = g.mutate(
        phantom_share=(1 - g.M / m_expected).clip(0.0, 1.0),
        unrecorded_share=(1 - g.X / x_expected).clip(0.0, 1.0),
        dev=dev,
    )
    k, share = p["min_z"], p["min_gap_share"]
    phantom = (p["min_window_usd"] <= g.X) & (g.phantom_share >= share) & (g.dev <= -k)
    unrec = (p["min_window_usd"] <= g.M) & (g.unrecorded_share >= share) & (g.dev >= k)
    flagged = g.mutate(
        direction=ibis.cases((phantom, "phantom"), (unrec, "unrecorded"), else_=ibis.null("str"))
    )
    flagged = flagged.filter(flagged.direction.notnull())

    # Episodes: runs of consecutive flagged windows (gaps and islands on the quarter index).
    widx = flagged.w.year() * 4 + (flagged.w.month() - 1) // 3
    flagged = fl.islands(flagged, [*ROUTE, "direction"], widx)
    ep = flagged.group_by(*ROUTE, "direction", "island").agg(
        start=flagged.w.min(),
        last_w=flagged.w.max(),
        windows=flagged.count(),
        expected=flagged.expected.max(),
        spread=flagged.spread.max(),
    )
    ep = ep.filter(ep.windows >= p["min_windows"])
    ep = ep.mutate(end=ep.last_w + ibis.interval(months=5)).pipe(stage)

    # Both series over the episode. The side that reports the flow is summed over the episode;
    # the silent side over the episode widened by `lag_months` each way, so that shipments
    # booked a month or two apart (or in a month the other side did not report) still match.
    lag = ibis.interval(months=p["lag_months"])
    phantom_ep = ep.direction == "phantom"

    # Each side's bounds as dates, once per episode: in the joins' conditions, month arithmetic
    # on every month of the routes cost about a second at 9.2 M monthly rows.
    bounds = {}
    for prefix, loud in (("x", phantom_ep), ("m", ~phantom_ep)):
        bounds[f"_{prefix}_lo"] = ibis.ifelse(loud, ep.start, ep.start - lag).cast("date")
        bounds[f"_{prefix}_hi"] = ibis.ifelse(loud, ep.end, ep.end + lag).cast("date")
    eb = ep.mutate(**bounds).pipe(stage)  # (a table apart: `ep` is joined with what it gives)

    def within(side: ir.Table, prefix: str) -> ir.Table:
        s = side.rename(_e="exporter", _i="importer", _c="code", _p="period")
        lo, hi = eb[f"_{prefix}_lo"], eb[f"_{prefix}_hi"]
        j = eb.join(
            s, [eb.exporter == s._e, eb.importer == s._i, eb.code == s._c, s._p >= lo, s._p <= hi]
        )
        in_ep = (j._p >= j.start) & (j._p <= j.end)
        return j.group_by(*ROUTE, "direction", "island").agg(
            **{
                f"{prefix}_usd": j.value.sum(),
                f"{prefix}_kg": j.kg.sum(),
                f"{prefix}_months": j._p.nunique(where=in_ep),
                f"{prefix}_max": j.value.max(where=in_ep),
                f"{prefix}_first": j._p.min(where=in_ep),
                f"{prefix}_last": j._p.max(where=in_ep),
            }
        )

    keys = [*ROUTE, "direction", "island"]
    for side, prefix in ((x, "x"), (m, "m")):
        wv = within(side, prefix)
        ep = ep.left_join(wv, keys).select(ep, *[wv[c] for c in wv.columns if c not in keys])
    ep = ep.mutate(x_usd=ep.x_usd.fill_null(0.0), m_usd=ep.m_usd.fill_null(0.0))
    loud_months = ibis.ifelse(phantom_ep, ep.x_months, ep.m_months).fill_null(0)
    loud_max = ibis.ifelse(phantom_ep, ep.x_max / ep.x_usd, ep.m_max / ep.m_usd)
    # A gap carried by one month is a stray shipment (or a re-export booked from its origin),
    # not a persistent pattern.
    ep = ep.filter((loud_months >= p["min_months"]) & (loud_max <= p["max_month_share"]))
    # The finding covers the months the reporting side's flow ran, not the windows' edges.
    # (Cached at each step: every left join below reads `ep` again, and an uncached chain of
    # them grows into a plan that recomputes the episodes many times over.)
    ep = ep.mutate(
        first=ibis.ifelse(phantom_ep, ep.x_first, ep.m_first),
        last=ibis.ifelse(phantom_ep, ep.x_last, ep.m_last),
    ).pipe(stage)
    phantom_ep = ep.direction == "phantom"
    fx = ep.expected.exp()
    gap = ibis.ifelse(phantom_ep, ep.x_usd * fx - ep.m_usd, ep.m_usd - ep.x_usd * fx)
    base = ibis.ifelse(phantom_ep, ep.x_usd * fx, ep.m_usd)
    ep = ep.mutate(gap_usd=gap, gap_share=(gap / base).clip(0.0, 1.0))
    # (The gaps are worked in the importer's terms, where the explanations below are booked;
    # the finding is told in the terms of the side that reported the flow: `_loud_terms`.)
    ep = ep.filter(ep.gap_usd * _loud_terms(ep) >= p["min_gap_usd"]).pipe(stage)
    phantom_ep = ep.direction == "phantom"

    # Legitimate explanations. (1) The recording side booked this heading to 'Areas, nes'.
    nes = allf.filter(allf.partner == AREAS_NES).mutate(h4=allf.code.substr(0, 4))
    nes = nes.select(rep=nes.reporter, nflow=nes.flow, h4=nes.h4, np=nes.period, nv=nes.value)
    # small; and a join with a table derived from the same flows confuses Spark
    nes = nes.pipe(stage)
    silent = ibis.ifelse(phantom_ep, ep.importer, ep.exporter)
    silent_flow = ibis.ifelse(phantom_ep, "import", "export")
    ep = ep.mutate(
        silent=silent, silent_flow=silent_flow, h4=ep.code.substr(0, 4), chapter=_family(ep.code)
    ).pipe(stage)
    phantom_ep = ep.direction == "phantom"
    jn = ep.join(
        nes,
        [
            ep.silent == nes.rep,
            ep.silent_flow == nes.nflow,
            ep.h4 == nes.h4,
            nes.np >= ep.start,
            nes.np <= ep.end,
        ],
    )
    nes_sum = jn.group_by(keys).agg(nes_usd=jn.nv.sum())
    ep = ep.left_join(nes_sum, keys).select(ep, nes_sum.nes_usd)
    ep = _nes_free(ep, x, m, nes, keys, p["lag_months"]).pipe(stage)
    phantom_ep = ep.direction == "phantom"
    # (2) Re-exports of the code to B by third countries (B records the country of origin).
    rx = fl.between_countries(ws, allf)
    rx = (
        rx.filter(rx.flow == "re-export")
        .select(rexp=rx.reporter, rimp=rx.partner, rcode=rx.code, rp=rx.period, rv=rx.value)
        .pipe(stage)
    )
    jr = ep.join(
        rx, [ep.importer == rx.rimp, ep.code == rx.rcode, rx.rp >= ep.start, rx.rp <= ep.end]
    )
    rx_sum = jr.group_by(keys).agg(rx_usd=jr.rv.sum())
    ep = ep.left_join(rx_sum, keys).select(ep, rx_sum.rx_usd)
    # (3) The silent side records the goods under another code: one of the same heading (a
    # customs practice of classifying them elsewhere) or one an HS revision links this code to
    # (a reporter still on the older version). Its surplus there, over what the other side
    # reports under that code, is the same goods booked twice differently, not a gap.
    # (materialised: it derives from `ep`, and a left join of a table with its own derivative
    # takes the key columns from the wrong side)
    rx_rows = rx.select(exporter="rexp", importer="rimp", code="rcode", period="rp", value="rv")
    rel = _related_codes(ws, ep, x, m, rx_rows, keys, lag).pipe(stage)
    ep = ep.left_join(rel, keys).select(
        ep, rel.related_usd, rel.related_code, rel.related_as_re_exports, rel.related_silent_usd
    )
    phantom_ep = ep.direction == "phantom"
    related = ibis.least(ep.related_usd.fill_null(0.0), ep.gap_usd.clip(lower=0.0))
    ep = ep.mutate(
        related_usd=related,
        explained_usd=ep.nes_free_usd
        + ibis.ifelse(phantom_ep, 0.0, ep.rx_usd.fill_null(0.0))
        + related,
    ).pipe(stage)
    # (4) One re-export recorded under two attributions: the importer books from the origin
    # what the hub reports as its exports to it (`_attribution`).
    unmirrored = (_silent_origins(ws, allf), _re_exports(ws, allf))
    att = _attribution(normed, unmirrored, ep, keys, p).pipe(stage)
    ep = ep.left_join(att, keys).select(
        ep,
        att.attribution_usd,
        att.attribution_partner,
        att.attribution_partner_usd,
        att.attribution_origin_silent,
        att.attribution_partner_re_exports,
        att.attribution_others_claimed_usd,
    )
    attributed = ibis.least(
        ep.attribution_usd.fill_null(0.0), (ep.gap_usd - ep.explained_usd).clip(lower=0.0)
    )
    ep = ep.mutate(attribution_usd=attributed, explained_usd=ep.explained_usd + attributed).pipe(
        stage
    )
    # (5) The same where the hub reports no exports: the importer's imports from the origin
    # track the origin's exports to a silent hub (`silent_hub.tracking`), for episodes (4) leaves
    # unattributed; a hub's leg read by several is shared among them by what each leaves.
    left = (ep.gap_usd - ep.explained_usd).clip(lower=0.0)
    open_ = ep.filter((ep.direction == "unrecorded") & ep.attribution_partner.isnull() & (left > 0))
    open_ = open_.mutate(demand=(open_.gap_usd - open_.explained_usd).clip(lower=0.0))
    hub = sh.on_code_or_heading(ws, allf, open_, m, keys, p)
    ep = ep.left_join(hub, keys).select(ep, *[hub[c] for c in sh.COLUMNS])
    # (Where the sizes agree, as in `attribution.match`: a whole leg that carries less than the
    # gap left over `attribution_ratio` is some other shipment.)
    left = (ep.gap_usd - ep.explained_usd).clip(lower=0.0)
    by_hub = (
        ep.attribution_partner.isnull()
        & ep.hub_partner.notnull()
        & (ep.hub_leg_usd * p["attribution_ratio"] >= left)
    )
    hub_part = ibis.least(ep.hub_usd, left)
    hub_part = ibis.ifelse(by_hub, hub_part, 0.0)
    ep = ep.mutate(
        attribution_hub_silent=by_hub,
        attribution_usd=ep.attribution_usd + hub_part,
        attribution_partner=ibis.ifelse(by_hub, ep.hub_partner, ep.attribution_partner),
        attribution_partner_usd=ibis.ifelse(by_hub, hub_part, ep.attribution_partner_usd),
        explained_usd=ep.explained_usd + hub_part,
    ).pipe(stage)
    phantom_ep = ep.direction == "phantom"
    # (3) Does the silent side record this chapter from (phantom) / to (unrecorded) others?
    ch = windows.mutate(chapter=_family(windows.code))  # not `g`: its norms would rerun
    imp_cov = ch.group_by(silent="importer", chapter="chapter", other="exporter").agg(
        told=ch.M.sum(), said=ch.X.sum()
    )
    exp_cov = ch.group_by(silent="exporter", chapter="chapter", other="importer").agg(
        told=ch.X.sum(), said=ch.M.sum()
    )
    cov = imp_cov.mutate(silent_flow=ibis.literal("import")).union(
        exp_cov.mutate(silent_flow=ibis.literal("export"))
    )
    counter = ibis.ifelse(phantom_ep, ep.exporter, ep.importer)
    ep = ep.mutate(counter=counter)
    jc = ep.join(
        cov,
        [
            ep.silent == cov.silent,
            ep.silent_flow == cov.silent_flow,
            ep.chapter == cov.chapter,
            ep.counter != cov.other,
        ],
    )
    cov_sum = jc.group_by(keys).agg(
        others_told=jc.told.sum(), others_said=jc.said.sum(), others=jc.other.nunique()
    )
    ep = ep.left_join(cov_sum, keys).select(
        ep, cov_sum.others_told, cov_sum.others_said, cov_sum.others
    )
    # Flows the silent side booked to 'Areas, nes' in the chapter count as recorded: a reporter
    # that hides its arms imports' partners still records them (less the rise that explains
    # this gap).
    nes_ch = nes.group_by(rep=nes.rep, nflow=nes.nflow, nch=_family(nes.h4)).agg(
        nes_chapter=nes.nv.sum()
    )
    ep = ep.left_join(
        nes_ch,
        [ep.silent == nes_ch.rep, ep.silent_flow == nes_ch.nflow, ep.chapter == nes_ch.nch],
    ).select(ep, nes_ch.nes_chapter)
    # (7) A re-export the importer books under the origin, beside the origin's own trade.
    rx_in = _possible_re_export(ws, allf, ep, pair, keys, p).pipe(stage)
    ep = ep.left_join(rx_in, keys).select(
        ep,
        rx_in.hub_inflow_usd,
        rx_in.hub_sources_usd,
        rx_in.hub_sources_booked_usd,
        rx_in.hub_hidden_usd,
    )
    # Against what is left unexplained (attribution, 'Areas, nes' and related codes above), in
    # the importer's terms, as the sums are.
    rest = (ep.gap_usd - ep.explained_usd).clip(lower=0.0)
    possible = (
        (rest > 0)
        & (ep.hub_inflow_usd.fill_null(0.0) >= p["re_export_inflow_share"] * rest)
        & (ep.hub_hidden_usd.fill_null(0.0) >= rest)
    )
    re_export_factor = ibis.ifelse(possible, p["possible_re_export_factor"], 1.0)
    # (8) Goods the exporter books under a sibling code (issue 20): an unreported export whose
    # exporter books none of the code to the importer but trades the heading with it (or the
    # code's HS-revision relatives) on a scale whose ordinary spread between the two records
    # could hold the whole gap is possibly the same goods classified elsewhere, as (3) reads
    # where the exporter's surplus there shows it; below the noise, nothing shows it either
    # way. Possible, not shown: the score times `possible_sibling_code_factor`.
    sib_room = (ep.spread * p["re_export_hidden_z"]).exp() - 1.0
    sib_hidden = ep.related_silent_usd.fill_null(0.0) * sib_room
    sibling = (ep.direction == "unrecorded") & (rest > 0) & (ep.x_usd <= 0.0) & (sib_hidden >= rest)
    sibling_factor = ibis.ifelse(sibling, p["possible_sibling_code_factor"], 1.0)
    ep = ep.mutate(
        re_export_possible=possible,
        re_export_rest_usd=rest,
        sibling_possible=sibling,
        sibling_hidden_usd=sib_hidden,
    )
    # (The others' sums are over six-month windows, which count each quarter twice: so are the
    # 'Areas, nes' months, which are summed by month.)
    recorded = ep.others_told.fill_null(0.0) + 2.0 * (
        ep.nes_chapter.fill_null(0.0) - ep.nes_free_usd
    )
    coverage = recorded / ep.others_said
    has_others = ep.others_said.fill_null(0.0) >= p["min_gap_usd"]
    # A silent side that names other partners in the chapter does not keep the chapter's
    # partners confidential: where it records little of what the others say they sent it,
    # those others may be unrecorded flows too, and its silence is no more explained than where
    # it has no others (no_others_factor).
    names = ep.others_told.fill_null(0.0) >= p["min_gap_usd"]
    # A silent side that books the chapter to 'Areas, nes' (outside what may hold this gap)
    # records it too, confidentially: where its other partners are unrecorded as well (in a
    # dev world, HUN's two other-chapter-36/93 partners were two phantom schemes, each the
    # other's only 'other'), its silence is no more explained than where it has no others.
    books_nes = ep.nes_chapter.fill_null(0.0) - ep.nes_free_usd >= p["min_gap_usd"]
    by_coverage = 0.25 + 0.75 * (coverage / 0.8).clip(0.0, 1.0)
    cov_factor = ibis.cases(
        (has_others & (names | books_nes), ibis.greatest(by_coverage, p["no_others_factor"])),
        (has_others, by_coverage),
        # It records the chapter by partner from others who report no exports to it: it keeps
        # no partner confidential, and what it records exceeds what its others say they sent.
        (names, 1.0),
        else_=p["no_others_factor"],
    )
    ep = ep.mutate(coverage_of_others=ibis.ifelse(has_others, coverage, ibis.null("float64")))
    ep = ep.join(fl.code_weight(ws, ep.select("code")), "code")

    months = (ep.last.year() - ep.first.year()) * 12 + ep.last.month() - ep.first.month() + 1
    s_pers = (months.cast("float64") / 12.0).clip(upper=1.0)
    unexplained = (1 - ep.explained_usd / ep.gap_usd).clip(0.0, 1.0)
    loud = _loud_terms(ep)
    gap_loud = ep.gap_usd * loud
    s_size = ((gap_loud / p["min_gap_usd"]).log10() / 2.0).clip(0.0, 1.0)
    score = (
        ep.weight
        * ep.gap_share
        * (0.5 + 0.5 * s_pers)
        * (0.6 + 0.4 * s_size)
        * unexplained
        * cov_factor
        * re_export_factor
        * sibling_factor
    )
    ep = ep.mutate(
        months=months,
        score=score.clip(0.0, 1.0),
        f_re_export=re_export_factor,
        f_sibling=sibling_factor,
        f_persistence=0.5 + 0.5 * s_pers,
        f_size=0.6 + 0.4 * s_size,
        f_unexplained=unexplained,
        f_coverage=cov_factor,
        gap_usd=gap_loud,
        explained_usd=ep.explained_usd * loud,
        attribution_usd=ep.attribution_usd * loud,
        attribution_partner_usd=ep.attribution_partner_usd * loud,
    )
    # (9) A standing gap (mirror_gap/4, issue 20): open from the first months both sides'
    # files can show the pair and for years on, the pair's own recording difference.
    ep = _with_seen_from(ws, ep)
    seen = ep.seen_from
    since = (ep.first.year() - seen.year()) * 12 + ep.first.month() - seen.month()
    standing = (
        seen.notnull()
        & (since < p["standing_gap_after_months"])
        & (ep.months >= p["standing_gap_min_months"])
    ).fill_null(False)
    standing_factor = ibis.ifelse(standing, p["standing_gap_factor"], 1.0)
    ep = ep.mutate(score=ep.score * standing_factor, f_standing=standing_factor)
    return fl.with_mirror(ws, ep, keep_unmirrored)


def _with_seen_from(ws: ScanContext, ep: ir.Table) -> ir.Table:
    """`ep` with `seen_from`: the first month both sides' files could show the pair's trade of
    the code's chapter (the later of the exporter's files of it, exports and re-exports, and
    the importer's; a side whose files hold none of the chapter leaves the other's)."""
    cov = lv.coverage(ws)
    cov = cov.group_by(c_rep=cov.reporter, c_exp=cov.flow.isin(fl.EXPORTS), c_ch=cov.chapter).agg(
        c_first=cov["first"].min()
    )
    ch = ep.code.substr(0, 2)
    xs = cov.rename(x_rep="c_rep", x_exp="c_exp", x_ch="c_ch", x_cov="c_first")
    ms = cov.rename(m_rep="c_rep", m_exp="c_exp", m_ch="c_ch", m_cov="c_first")
    j = ep.left_join(xs, [ep.exporter == xs.x_rep, xs.x_exp, ch == xs.x_ch]).select(ep, xs.x_cov)
    ch = j.code.substr(0, 2)
    j = j.left_join(ms, [j.importer == ms.m_rep, ~ms.m_exp, ch == ms.m_ch]).select(j, ms.m_cov)
    seen = ibis.ifelse(
        j.x_cov.isnull(),
        j.m_cov,
        ibis.ifelse(j.m_cov.isnull(), j.x_cov, ibis.greatest(j.x_cov, j.m_cov)),
    )
    return j.mutate(seen_from=seen).drop("x_cov", "m_cov")


def _possible_re_export(
    ws: ScanContext,
    allf: ir.Table,
    ep: ir.Table,
    pair: ir.Table,
    keys: list[str],
    p: dict[str, Any],
) -> ir.Table:
    """Per unrecorded export (phantom episode) of exporter H to importer K, over the months the
    flow ran (`first`..`last`, the inflow from `lag_months` before): `hub_inflow_usd`, what H
    took in of the code (per source, the larger of H's imports and the source's exports to H);
    `hub_hidden_usd`, how large a re-export of each source's goods could hide in K's records of
    that source within the pair's ordinary spread (its ratio `re_export_hidden_z` robust
    standard deviations either side of the median): what K books from it beyond the source's
    own figure times the low end (taken out, what is left is still ordinary), up to the high
    end, or, where K books the source at or above the median, the source's flow times
    exp(z × spread) − 1 if that is more (mirror_gap/2's reading), no more than what H took in
    from that source; `hub_sources_usd` and
    `hub_sources_booked_usd`, what the sources with such room report sending K and what K books
    from them (mirror_gap/5: a source counted only where K booked at or above the pair's median
    ratio, and then its flow times exp(z × spread) − 1, which left out half of the sources a
    re-export could hide in, those whose direct trade fell below the median by chance).

    Why: importers record the country of origin, exporters the last destination (DOMAIN.md), and
    a hub that reports its re-exports as exports (NLD, BEL) shows them as exports to K that K
    books from the origin. `attribution.py` reads that where K's surplus from the origin stands
    out; where the origin's own trade with K is ten or thirty times the re-export (read outside
    world A4_s30: BEL's 14 M USD of DEU's 843139 to CHN beside DEU -> CHN's 260 M), the surplus is
    inside the pair's ordinary spread and cannot be seen. Possible, not shown: the gap's score
    is lowered (`possible_re_export_factor`), not explained. A source hides nothing where K books
    less of it than the low end of the pair's ordinary ratio (no room to hold the goods), no more
    than the spread's width where K books more than the high end (a surplus that stands out:
    `_attribution` reads it, and where its size disagrees with the gap it is a flow of its own,
    AUS's steady 2.12 M a month from DEU beside records that otherwise agree exactly), where
    the pair has no learnt spread (or none: records that agree exactly), or where K books it and
    the source reports nothing (a gap of its own); and a source hides no more than H took in
    from it."""
    f = fl.between_countries(ws, allf)
    imports = f.filter(f.flow == "import").select(
        to="reporter", frm="partner", c="code", t="period", v="value"
    )
    exports = f.filter(f.flow == "export").select(
        to="partner", frm="reporter", c="code", t="period", v="value"
    )
    ph = ep.filter(ep.direction == "phantom").select(*keys, "first", "last").pipe(stage)
    inflow, both = _re_export_legs(ph, pair, keys, p, imports, exports, into_exporter=True)
    # K's records of a source hide a re-export in the pair's ordinary spread of its ratio
    # (`re_export_hidden_z` robust standard deviations either side of its median): what K
    # books above the source's figure times the low end, up to the high end (beyond it a
    # surplus stands out, which `_attribution` reads), so that, the goods taken out, what is
    # left is still ordinary (mirror_gap/5); and, as mirror_gap/2 read it, where K books the
    # source at or above the median, the source's figure times exp(z × spread) − 1 (the larger
    # of the two: a pair whose median ratio lies below z spreads reads more room so).
    spread = both.p_mad * MAD_TO_SIGMA
    z = p["re_export_hidden_z"]
    low = both.sent * (both.p_med - spread * z).exp()
    high = both.sent * (both.p_med + spread * z).exp()
    within = (ibis.least(both.booked, high) - low).clip(lower=0.0)
    above = ibis.ifelse(
        both.booked >= both.sent * both.p_med.exp(), both.sent * ((spread * z).exp() - 1.0), 0.0
    )
    hidden = ibis.least(ibis.greatest(within, above), both.leg)
    phantoms = _re_export_room(inflow, both, hidden, keys)
    return phantoms.union(_possible_re_export_out(ep, pair, keys, p, imports, exports))


def _possible_re_export_out(
    ep: ir.Table,
    pair: ir.Table,
    keys: list[str],
    p: dict[str, Any],
    imports: ir.Table,
    exports: ir.Table,
) -> ir.Table:
    """The other record of the same goods (mirror_gap/6, issue 20): per unreported export of O
    to K (K books imports from O that O does not report), over the months it ran (the first
    leg from `lag_months` before), `hub_inflow_usd`, what O sent of the code to countries other
    than K (per hub H, the larger of O's exports to H and H's imports from O: the first leg);
    `hub_hidden_usd`, how large a re-export of O's goods each H could have reported as its
    exports to K (which K books from O, the origin) inside the H -> K pair's ordinary spread:
    of H's reported exports of the code to K, what is above K's records of H over the pair's
    ratio `re_export_hidden_z` robust standard deviations above its median, up to those over
    the ratio as far below it (beyond it an excess stands out, which `_attribution` reads), no
    more than the leg, in K's terms (times the pair's median ratio); `hub_sources_usd` and
    `hub_sources_booked_usd`, what those hubs report sending K and what K books from them.

    Why: a hub that reports a re-export as its exports (NLD, BEL) shows it in its records of K,
    and K books it from the origin (DOMAIN.md): code by code, an unreported export O -> K. Where
    the hub's own trade with K is ten or a hundred times the re-export, its excess is inside the
    pair's ordinary spread and `_attribution` cannot match it (read outside world A22_s0: GBR
    sent 3.63 M USD of 321490 to BEL, which reports 213.6 M of it to the USA, and the USA books
    3.02 M from GBR that GBR never reports, at 0.55). Possible, not shown: the score is lowered
    (`possible_re_export_factor`), not explained. A hub that K does not book at all (a gap of
    its own), whose pair has no learnt spread (or none), or to which O sent nothing hides
    nothing."""
    un = ep.filter(ep.direction == "unrecorded").select(*keys, "first", "last").pipe(stage)
    first_leg, both = _re_export_legs(un, pair, keys, p, imports, exports, into_exporter=False)
    spread = both.p_mad * MAD_TO_SIGMA
    z = p["re_export_hidden_z"]
    # In H's terms: what H's records must keep for K's to stand within the pair's spread.
    keep = both.booked / (both.p_med + spread * z).exp()
    most = both.booked / (both.p_med - spread * z).exp()
    within = (ibis.least(both.sent, most) - keep).clip(lower=0.0)
    hidden = ibis.least(within, both.leg) * both.p_med.exp()
    return _re_export_room(first_leg, both, hidden, keys)


def _re_export_legs(
    eps: ir.Table,
    pair: ir.Table,
    keys: list[str],
    p: dict[str, Any],
    imports: ir.Table,
    exports: ir.Table,
    *,
    into_exporter: bool,
) -> tuple[ir.Table, ir.Table]:
    """The two legs of a possible re-export beside episodes `eps` (exporter X, importer K,
    code, `first`..`last`), shared by `_possible_re_export` and `_possible_re_export_out`.

    The first leg runs between X and a third country `other` (never K), in the episode's code,
    from `lag_months` before `first` to `last`: into X (`into_exporter`: X is the hub, `other`
    a source) or out of X (X is the origin, `other` a hub); per episode and other, `leg` is the
    larger of the two sides' records of it. The second leg is `other` -> K over `first`..`last`:
    `sent`, what `other` reports exporting to K, and `booked`, what K books from it, kept only
    where both sides record it and the pair other -> K has a learnt ratio (`p_med`, `p_mad`).

    Returns (per episode, `hub_inflow_usd`: the first leg's sum; per episode and other with a
    second leg: `leg`, `sent`, `booked`, `p_med`, `p_mad`)."""
    lag = ibis.interval(months=p["lag_months"])
    near, far = ("to", "frm") if into_exporter else ("frm", "to")

    def first(side: ir.Table, name: str) -> ir.Table:
        j = eps.join(
            side,
            [
                eps.exporter == side[near],
                eps.code == side.c,
                side[far] != eps.importer,
                side.t >= eps["first"] - lag,
                side.t <= eps["last"],
            ],
        )
        return j.group_by(*keys, other=j[far]).agg(**{name: j.v.sum()})

    by_m, by_x = first(imports, "lm"), first(exports, "lx")
    legs = by_m.outer_join(by_x, [*keys, "other"]).select(
        *[ibis.coalesce(by_m[k], by_x[k]).name(k) for k in [*keys, "other"]],
        leg=ibis.greatest(by_m.lm.fill_null(0.0), by_x.lx.fill_null(0.0)),
    )
    legs = legs.pipe(stage)
    first_leg = legs.group_by(keys).agg(hub_inflow_usd=legs.leg.sum())
    per = legs.join(eps, keys).select(
        legs.other, legs.leg, *[eps[k] for k in keys], eps["first"], eps["last"]
    )

    def second(side: ir.Table, name: str) -> ir.Table:
        j = per.join(
            side,
            [
                per.other == side.frm,
                per.importer == side.to,
                per.code == side.c,
                side.t >= per["first"],
                side.t <= per["last"],
            ],
        )
        return j.group_by(*keys, "other", "leg").agg(**{name: j.v.sum()})

    booked, sent = second(imports, "booked"), second(exports, "sent")
    both = booked.join(sent, [*keys, "other"]).select(booked, sent.sent)
    both = both.join(pair, [both.other == pair.exporter, both.importer == pair.importer]).select(
        both, pair.p_med, pair.p_mad
    )
    return first_leg, both


def _re_export_room(
    first_leg: ir.Table, both: ir.Table, hidden: ir.FloatingValue, keys: list[str]
) -> ir.Table:
    """Per episode of `first_leg`: `hub_inflow_usd` and, over the others whose second leg
    could hide some of the goods (`hidden` > 0, in K's terms), `hub_sources_usd` (what they
    report sending K), `hub_sources_booked_usd` (what K books from them) and `hub_hidden_usd`
    (the room)."""
    room = both.mutate(hidden=hidden)
    room = room.filter(room.hidden > 0)
    k_side = room.group_by(keys).agg(
        hub_sources_usd=room.sent.sum(),
        hub_sources_booked_usd=room.booked.sum(),
        hub_hidden_usd=room.hidden.sum(),
    )
    return first_leg.left_join(k_side, keys).select(
        first_leg,
        k_side.hub_sources_usd,
        k_side.hub_sources_booked_usd,
        k_side.hub_hidden_usd,
    )


def _loud_terms(ep: ir.Table) -> ir.FloatingValue:
    """The factor that puts a gap worked in the importer's terms into those of the side that
    reported the flow: the exporter's (FOB) for a phantom export, 1 for an unrecorded one. A
    phantom gap in the importer's terms is the exporter's figure times the learnt ratio, and
    with a ratio of 1.5 it exceeded what was exported (tester2 D12)."""
    return ibis.ifelse(ep.direction == "phantom", (-ep.expected).exp(), 1.0)


def _silent_origins(ws: ScanContext, allf: ir.Table) -> ir.Table:
    """Imports from partners whose data holds no exports at all in that month (not reporters,
    or not that month), or whose exports of the heading that month all went to no country
    ('Areas, nes', a withheld partner: `silent_hub._unnamed_onward`, as many countries book
    their arms exports), in six-month windows (exporter, importer, code, w, M): the flows no
    mirror can test, which `_attribution` reads as a re-export's origin with the hub's own
    imports as its first leg. Read outside world A7_s0: KOR books its 930700 exports to 'Areas,
    nes'; NLD re-exports them to JPN as its own exports, and JPN books them from KOR."""
    f = fl.between_countries(ws, allf)
    cal = fl.reported_months(ws)
    calx = cal.filter(cal.flow == "export").select(exporter="reporter", period="period")
    m = f.filter(f.flow == "import").select(
        "code", "period", "value", exporter=f.partner, importer=f.reporter
    )
    unnamed = ws.shared("silent_hub_unnamed", lambda: sh._unnamed_onward(ws, allf))
    unnamed_origin = m.semi_join(
        unnamed,
        [
            m.exporter == unnamed._h,
            m.period == unnamed.period,
            m.code.substr(0, 4) == unnamed._h4,
        ],
    )
    m = m.anti_join(calx, ["exporter", "period"]).union(unnamed_origin, distinct=False)
    return _six_months(m.select(*ROUTE, "period", M="value"), "M").pipe(stage)


def _re_exports(ws: ScanContext, allf: ir.Table) -> ir.Table:
    """Re-exports (flow RX) in six-month windows (exporter, importer, code, w, RX): a hub's
    report of goods it passes on, outside the export records `g` compares, which
    `_attribution` reads as the hub's side of a re-export the importer books from the
    origin."""
    f = fl.between_countries(ws, allf)
    r = f.filter(f.flow == "re-export").select(
        "code", "period", "value", exporter=f.reporter, importer=f.partner
    )
    return _six_months(r.select(*ROUTE, "period", RX="value"), "RX").pipe(stage)


def _attribution(
    g: ir.Table,
    unmirrored: tuple[ir.Table, ir.Table],
    ep: ir.Table,
    keys: list[str],
    p: dict[str, Any],
) -> ir.Table:
    """`_attribution_at` on the code, and on its heading for the episodes the code leaves
    unexplained: the hub or the importer may book the goods under a sibling code (DOMAIN.md),
    but the heading's larger pool of unrelated differences must not undo a match on the code."""
    on_code = _attribution_at(g, unmirrored, ep, keys, p, heading=False).pipe(stage)
    on_heading = _attribution_at(g, unmirrored, ep, keys, p, heading=True)
    on_heading = on_heading.anti_join(on_code, keys)
    return on_code.union(on_heading)


def _attribution_at(
    g: ir.Table,
    unmirrored: tuple[ir.Table, ir.Table],
    ep: ir.Table,
    keys: list[str],
    p: dict[str, Any],
    *,
    heading: bool,
) -> ir.Table:
    """Per episode (`keys`): `attribution_usd`, the part of its gap that is one re-export
    recorded under two attributions (`attribution.match`), and the partner route that holds
    most of it (`attribution_partner`, `attribution_partner_usd`).

    Read window by window (the six-month windows, `g`) in the pair's own terms: a phantom
    export H → K is matched by K's surplus from other partners O (what K books from O beyond
    what O reports, at the pair's learnt ratio and beyond twice its spread: not noise), with
    O's reported exports of the code to H in the window as the third leg; an unrecorded export
    O → K by other exporters' excess H → K (what H reports beyond what K books), with this
    exporter's reported exports of the code to H as the third leg. An origin O whose data holds
    no exports in those months (`silent`: not a reporter, or not then) has no record to match
    K's imports from it: all of them are K's surplus from O, and H's own imports from O are
    the third leg (`attribution_origin_silent` where the top partner's leg is the hub's
    record only). A hub H that reports the goods to K as re-exports (`re_exports`, flow RX)
    reports them outside the export records: for an unrecorded export O → K they count as H's
    excess into K, less what K books from H beyond H's exports under the code (goods K books
    from the hub are not booked from the origin), and only under another code of the heading:
    those of the code itself are re-exports by others, counted already
    (`attribution_partner_re_exports` where they hold most of the top partner's). A partner
    whose difference runs through the episode, and sums to no more than `attribution_ratio`
    times the target's, counts in full, summed over the heading's codes before its sign is
    read."""
    silent, rx = unmirrored
    n = 4 if heading else 6
    e = ep.select(*keys, "start", "last_w", "gap_usd", h4=ep.code.substr(0, n))
    spots = e.select("importer", "h4").distinct()
    gw = g.mutate(h4=g.code.substr(0, n)).semi_join(spots, ["importer", "h4"])
    fx = gw.expected.exp()
    # A partner's difference counts beyond the pair's noise on what both sides record: twice
    # its spread on the matched part (a route both record in full shows none).
    noise = ((2.0 * gw.spread).exp() - 1.0) * ibis.least(gw.X * fx, gw.M)
    gw = gw.select(
        _e=gw.exporter,
        _i=gw.importer,
        _c=gw.code,
        _h=gw.h4,
        _w=gw.w,
        own_excess=(gw.X * fx - gw.M).clip(lower=0.0),
        own_surplus=(gw.M - gw.X * fx).clip(lower=0.0),
        excess=(gw.X * fx - gw.M - noise).clip(lower=0.0),
        surplus=(gw.M - gw.X * fx - noise).clip(lower=0.0),
        d_sur=gw.M - gw.X * fx,
        nz=noise,
    ).pipe(stage)
    # On the heading a partner's difference is read on the heading's sum, window by window: a
    # sibling code one side books for the other's is no difference (A3_s0: SGP reports 853221
    # exports to IND that IND books as 853222, an 'excess' five times what SGP's leg carries).
    gp = gw
    if heading:
        gp = gw.group_by("_e", "_i", "_h", "_w").agg(d_sur=gw.d_sur.sum(), nz=gw.nz.sum())
        gp = gp.mutate(
            excess=(-gp.d_sur - gp.nz).clip(lower=0.0), surplus=(gp.d_sur - gp.nz).clip(lower=0.0)
        ).pipe(stage)
    in_ep = [e.importer == gw._i, gw._w >= e.start, gw._w <= e.last_w]
    own = e.join(gw, [*in_ep, e.code == gw._c, e.exporter == gw._e])
    own = own.select(
        *keys,
        w=own._w,
        own=ibis.ifelse(own.direction == "phantom", own.own_excess, own.own_surplus),
    ).pipe(stage)
    # Partners' differences under the code, or under any code of its heading (`h4` is then the
    # heading; else the code itself).
    pj = e.join(
        gp,
        [e.importer == gp._i, gp._w >= e.start, gp._w <= e.last_w, e.h4 == gp._h,
         e.exporter != gp._e],
    )  # fmt: skip
    pj = pj.select(
        *keys,
        "h4",
        w=pj._w,
        partner=pj._e,
        pv=ibis.ifelse(pj.direction == "phantom", pj.surplus, pj.excess),
        dv=ibis.ifelse(pj.direction == "phantom", pj.d_sur, -pj.d_sur),
        nz=pj.nz,
        # The first leg: the origin's reported exports to the hub.
        le=ibis.ifelse(pj.direction == "phantom", pj._e, pj.exporter),
        li=ibis.ifelse(pj.direction == "phantom", pj.exporter, pj._e),
        rxv=ibis.literal(0.0),
    )
    # A difference that runs through the episode is no noise though each window's lies within
    # it: beyond the noise of its sum (each window's noise over the root of the quarters, whose
    # noise partly cancels), every window's difference counts in full.
    st = pj.group_by(*keys, "partner").agg(sd=pj.dv.sum(), sn=pj.nz.sum(), nw=pj.count())
    st = st.filter(st.sd * (st.nw.cast("float64") / 2.0).sqrt().clip(lower=1.0) > st.sn)
    # No larger than `attribution_ratio` times the target's own difference: a partner's steady
    # surplus many times the gap is a flow of its own (read beyond each window's noise, as
    # any other's), not the hub's re-export.
    oa = own.group_by(*keys).agg(own_all=own.own.sum())
    st = st.join(oa, keys).select(st, oa.own_all)
    st = st.filter(st.sd <= p["attribution_ratio"] * st.own_all)
    # (materialised: a left join of a table with its own derivative takes the key columns from
    # the wrong side)
    st = st.select(*keys, "partner", steady=ibis.literal(True)).pipe(stage)
    pj = pj.left_join(st, [*keys, "partner"]).select(pj, st.steady)
    # A steady partner's differences are summed over the heading's codes before the sign is
    # read (`sdv`: a code it books short offsets one it books over).
    steady = pj.steady.fill_null(False)
    pj = pj.select(
        *keys, "h4", "w", "partner", "le", "li", "rxv",
        pv=ibis.ifelse(steady, 0.0, pj.pv),
        raw=pj.pv,
        sdv=ibis.ifelse(steady, pj.dv, 0.0),
        steady=steady,
    )  # fmt: skip
    # A phantom export H → K beside K's imports from a silent origin O: all of them K's
    # surplus from O (nothing to match them), the first leg as H records it.
    sw = silent.select(
        _e=silent.exporter,
        _i=silent.importer,
        _h=silent.code.substr(0, n),
        _w=silent.w,
        sm=silent.M,
    )
    ph = e.filter(e.direction == "phantom")
    sj = ph.join(
        sw.semi_join(spots, [sw._i == spots.importer, sw._h == spots.h4]),
        [ph.importer == sw._i, sw._w >= ph.start, sw._w <= ph.last_w, ph.h4 == sw._h,
         ph.exporter != sw._e],
    )  # fmt: skip
    sj = sj.select(
        *keys, "h4", w=sj._w, partner=sj._e, le=sj._e, li=sj.exporter, rxv=0.0, pv=sj.sm,
        raw=sj.sm, sdv=0.0, steady=False,
    )  # fmt: skip
    # An unrecorded export O → K beside a hub H's re-exports to K: H's report of the goods,
    # the first leg O's reported exports to H. Only what K does not book from H counts (the
    # re-exports at the pair's ratio less K's surplus from H under the code: goods K books
    # from the hub are no record under the origin), and only re-exports under another code
    # of the heading: those of the code itself are counted already (`rx_usd`, step 2).
    # (K's imports from a hub with no export data that month are in `silent`, not `g`.)
    rk = g.select(
        _e=g.exporter, _i=g.importer, _c=g.code, _w=g.w, kx=g.X, km=g.M, kf=g.expected.exp()
    )
    rk = rk.union(
        silent.select(
            _e=silent.exporter, _i=silent.importer, _c=silent.code, _w=silent.w,
            kx=ibis.literal(0.0), km=silent.M, kf=ibis.null("float64"),
        )
    )  # fmt: skip
    # Only the hub re-exports into the episodes' importers and headings count (`spots`), and
    # only their own routes and windows need K's records: both cut before any sum (summing
    # every route's windows first cost 5 CPU-s a pass at 9 M rows).
    rx = rx.semi_join(spots, [rx.importer == spots.importer, rx.code.substr(0, n) == spots.h4])
    rk = rk.semi_join(
        rx, [rk._e == rx.exporter, rk._i == rx.importer, rk._c == rx.code, rk._w == rx.w]
    )
    rk = rk.group_by("_e", "_i", "_c", "_w").agg(kx=rk.kx.sum(), km=rk.km.sum(), kf=rk.kf.max())
    rh = rx.left_join(
        rk, [rx.exporter == rk._e, rx.importer == rk._i, rx.code == rk._c, rx.w == rk._w]
    ).select(rx, rk.kx, rk.km, rk.kf)
    kf = rh.kf.fill_null(1.0)
    k_sur = (rh.km.fill_null(0.0) - rh.kx.fill_null(0.0) * kf).clip(lower=0.0)
    rw = rh.select(
        _e=rh.exporter,
        _i=rh.importer,
        _c=rh.code,
        _h=rh.code.substr(0, n),
        _w=rh.w,
        rv=(rh.RX * kf - k_sur).clip(lower=0.0),
    )
    un = e.filter(e.direction != "phantom")
    rj = un.join(
        rw.semi_join(spots, [rw._i == spots.importer, rw._h == spots.h4]),
        [un.importer == rw._i, rw._w >= un.start, rw._w <= un.last_w, un.h4 == rw._h,
         un.exporter != rw._e, un.code != rw._c, rw.rv > 0],
    )  # fmt: skip
    rj = rj.select(
        *keys, "h4", w=rj._w, partner=rj._e, le=rj.exporter, li=rj._e, rxv=rj.rv, pv=rj.rv,
        raw=rj.rv, sdv=0.0, steady=False,
    )  # fmt: skip
    pj = pj.filter((pj.pv > 0) | pj.steady).union(sj).union(rj)
    pj = pj.group_by(*keys, "h4", "w", "partner", "le", "li").agg(
        pv=pj.pv.sum(), raw=pj.raw.sum(), rxv=pj.rxv.sum(), sdv=pj.sdv.sum()
    )
    sdv = pj.sdv.clip(lower=0.0)
    pj = pj.select(*keys, "h4", "w", "partner", "le", "li", "rxv", "raw", pv=pj.pv + sdv)
    pj = _less_other_origins(pj, gp, g, keys, n, p)
    pj = pj.filter(pj.pv > 0)
    pj = pj.pipe(stage)
    # The first legs of the partners read (`pk`) only, cut before they are summed: summing
    # every route's windows first cost 2-3 CPU-s a pass at 9 M rows.
    pk = pj.select("le", "li", "h4").distinct()
    gk = g.semi_join(pk, [g.exporter == pk.le, g.importer == pk.li, g.code.substr(0, n) == pk.h4])
    reported = gk.group_by(
        _le=gk.exporter, _li=gk.importer, _lh=gk.code.substr(0, n), _lw=gk.w
    ).agg(leg=gk.X.sum())
    swk = sw.semi_join(pk, [sw._e == pk.le, sw._i == pk.li, sw._h == pk.h4])
    by_hub = swk.group_by(_le=swk._e, _li=swk._i, _lh=swk._h, _lw=swk._w).agg(leg=swk.sm.sum())
    lg = reported.mutate(hub=ibis.literal(0.0)).union(by_hub.mutate(hub=by_hub.leg))
    lg = lg.group_by("_le", "_li", "_lh", "_lw").agg(leg=lg.leg.sum(), hub=lg.hub.sum())
    lg = lg.pipe(stage)
    lj = pj.join(lg, [pj.le == lg._le, pj.li == lg._li, pj.h4 == lg._lh, pj.w == lg._lw])
    legs = lj.select(*keys, "w", counterpart=lj.partner, leg=lj.leg)
    diffs = pj.select(*keys, "w", counterpart=pj.partner, pv=pj.pv, raw=pj.raw, claimed=pj.claimed)
    got = at.match(own, diffs, legs, keys, p)
    # Whether the top partner's first leg is the hub's record only (the origin reports none),
    # and whether its report of the goods is mostly re-exports.
    lt = lj.group_by(*keys, counterpart=lj.partner).agg(
        leg_all=lj.leg.sum(),
        hub_all=lj.hub.sum(),
        pv_all=lj.pv.sum(),
        rx_all=lj.rxv.sum(),
        cl_all=lj.claimed.sum(),
    )
    got = got.left_join(
        lt, [*[got[k] == lt[k] for k in keys], got.attribution_partner == lt.counterpart]
    ).select(
        got,
        origin_silent=lt.hub_all >= lt.leg_all,
        partner_rx=2.0 * lt.rx_all >= lt.pv_all,
        others_claimed=lt.cl_all,
    )
    out = e.join(got, keys)
    usd = out.gap_usd.clip(lower=0.0) * (out.matched / out.own_all)
    return out.select(
        *keys,
        attribution_usd=usd,
        attribution_partner=out.attribution_partner,
        attribution_partner_usd=usd * (out.top_usd / out.sup_all).clip(upper=1.0),
        attribution_origin_silent=out.origin_silent.fill_null(False),
        attribution_partner_re_exports=out.partner_rx.fill_null(False),
        # (in the gap's terms: the windows overlap, and both sums count each month twice)
        attribution_others_claimed_usd=(
            out.gap_usd.clip(lower=0.0) * (out.others_claimed / out.own_all)
        ).fill_null(0.0),
    )


def _less_other_origins(
    pj: ir.Table, gp: ir.Table, g: ir.Table, keys: list[str], n: int, p: dict[str, Any]
) -> ir.Table:
    """`pj` with `claimed`: for an unrecorded export O → K, the part of a hub's excess into K
    that other origins' re-exports through the hub account for. A hub passes on several
    origins' goods to one importer, and its excess into K is the other record of all of them
    (D4-s0: NLD's exports of 080242 to JPN carry CHN's and VNM's goods, 2.2 times CHN's part).
    Another origin O' claims, window by window, what K books from it beyond what it reports
    (beyond the pair's noise; on the heading read on the heading's sum, as `gp` holds the
    partners' differences, so a sibling code one side books for the other's is no surplus),
    shared among the reading's hubs (those with an excess into K) by the exports to each it
    reports, so that its surplus is claimed once, not once at each hub, and at each no more
    than that leg carries (times `attribution_markup`). What is claimed counts neither in the
    partners' whole (`raw`) nor against the leg when the partner is read as a flow of its own
    (`attribution.match`): a claim lowers the whole the sizes are read against and can lift
    that veto, so it can make more of O → K explained, though the hub's difference that may
    explain O → K is itself unchanged (still no more than O's own leg carries)."""
    un = pj.filter((pj.direction != "phantom") & (pj.pv > 0))
    spots = un.select(_k=un.importer, _hub=un.partner, _h=un.h4).distinct()
    sur = gp.filter(gp.surplus > 0)
    sur = sur.select(_o=sur._e, _k=sur._i, _h=sur._h, _w=sur._w, sur=sur.surplus)
    sur = sur.semi_join(spots, ["_k", "_h"])
    sur = sur.group_by("_o", "_k", "_h", "_w").agg(sur=sur.sur.sum()).pipe(stage)
    lx = g.select(_o=g.exporter, _hub=g.importer, _h=g.code.substr(0, n), _w=g.w, lx=g.X)
    lx = lx.semi_join(spots, ["_hub", "_h"]).semi_join(sur, ["_o", "_h", "_w"])
    lx = lx.group_by("_o", "_hub", "_h", "_w").agg(lx=lx.lx.sum())
    cl = sur.join(lx, ["_o", "_h", "_w"])
    cl = cl.filter(cl.lx > 0)
    cl = cl.select("_o", "_k", "_hub", "_h", "_w", "sur", "lx")
    cl = cl.semi_join(spots, ["_k", "_hub", "_h"]).pipe(stage)
    j = un.join(
        cl,
        [un.importer == cl._k, un.partner == cl._hub, un.h4 == cl._h, un.w == cl._w,
         cl._o != un.exporter, cl._o != un.partner],
    )  # fmt: skip
    pk = [*keys, "h4", "w", "partner", "le", "li"]
    j = j.select(*pk, "_o", "sur", "lx").pipe(stage)
    # O''s surplus shared among the hubs of this reading it reports exports to, by those legs:
    # least(surplus, markup × all its legs) × this hub's share of them.
    whole = j.group_by(*keys, "w", "_o").agg(lx_all=j.lx.sum()).pipe(stage)
    j = j.join(whole, [*keys, "w", "_o"])
    share = j.lx / j.lx_all
    j = j.select(*pk, claim=share * ibis.least(j.sur, p["attribution_markup"] * j.lx_all))
    per = j.group_by(pk).agg(claim=j.claim.sum()).pipe(stage)
    out = pj.left_join(per, pk).select(pj, per.claim)
    c = ibis.least(out.claim.fill_null(0.0), out.pv)
    return out.select(*pk, "rxv", "pv", raw=(out.raw - c).clip(lower=0.0), claimed=c)


def _related_codes(
    ws: ScanContext,
    ep: ir.Table,
    x: ir.Table,
    m: ir.Table,
    rx: ir.Table,
    keys: list[str],
    lag: ir.IntervalValue,
) -> ir.Table:
    """Per episode (`keys`): `related_usd`, what the silent side records of the route under
    other codes beyond what the other side reports under them (at the expected ratio, over the
    episode widened by the booking lag), and `related_code`, the code holding most of it.
    A silent exporter's records include its re-exports (`rx`, flow RX: a hub's report of the
    goods it passes on, which the importer books from it where it is their origin), said as
    such (`related_as_re_exports`: the top code's are mostly re-exports).

    Other codes are those of the same heading and those an HS revision links the code to. A
    cover code and a controlled heading it may hide are never related here: goods exported
    under one and imported under the other are the cross-code signature (`cross_code_mirror`),
    not a classification habit."""
    e = ep.select(*keys, "start", "end", "expected")
    zero = ibis.literal(0.0)
    both = (
        x.select(_e=x.exporter, _i=x.importer, _c=x.code, _p=x.period, xv=x.value, mv=zero, rv=zero)
        .union(
            m.select(
                _e=m.exporter, _i=m.importer, _c=m.code, _p=m.period, xv=zero, mv=m.value, rv=zero
            )
        )
        .union(
            rx.select(
                _e=rx.exporter,
                _i=rx.importer,
                _c=rx.code,
                _p=rx.period,
                xv=zero,
                mv=zero,
                rv=rx.value,
            )
        )
    )
    # The episodes' routes only (few), before any code is cut or compared.
    routes = e.select("exporter", "importer").distinct()
    both = both.semi_join(routes, [both._e == routes.exporter, both._i == routes.importer])
    both = both.pipe(stage)
    rp = rc.related_pairs(ws, e.select("code"), both.select(code=both._c))
    er = e.join(rp, "code")
    j = er.join(
        both,
        [
            er.exporter == both._e,
            er.importer == both._i,
            er.c2 == both._c,
            both._p >= er.start - lag,
            both._p <= er.end + lag,
        ],
    )
    cols = [*keys, "expected"]
    per = j.group_by(*cols, "c2").agg(xs=j.xv.sum(), ms=j.mv.sum(), rs=j.rv.sum())
    fx = per.expected.exp()
    ph = per.direction == "phantom"
    surplus = ibis.ifelse(ph, per.ms - per.xs * fx, (per.xs + per.rs) * fx - per.ms)
    # What the silent side itself records of the route under those codes (the importer's
    # terms): the trade whose ordinary spread could hold the goods (`sibling_hidden_usd`).
    own = ibis.ifelse(ph, per.ms, (per.xs + per.rs) * fx)
    per = per.mutate(surplus=surplus.clip(lower=0.0), as_rx=~ph & (per.rs > per.xs), own=own)
    per = per.pipe(stage)
    whole = per.group_by(keys).agg(related_silent_usd=per.own.sum())
    per = per.filter(per.surplus > 0)
    out = per.group_by(keys).agg(
        related_usd=per.surplus.sum(),
        related_code=per.c2.argmax(per.surplus),
        related_as_re_exports=per.as_rx.argmax(per.surplus),
    )
    return whole.left_join(out, keys).select(
        whole, out.related_usd, out.related_code, out.related_as_re_exports
    )


def _nes_free(
    ep: ir.Table, x: ir.Table, m: ir.Table, nes: ir.Table, keys: list[str], lag: int
) -> ir.Table:
    """`ep` with `nes_others_usd` (the silent side's other partners' own unmatched flows of the
    heading in the episode: for a phantom export, the other exporters' reported exports to the
    importer that it does not record from them, at the expected ratio) and `nes_free_usd`: the
    part of this gap its 'Areas, nes' flows of the heading can hold.

    For a phantom export, quarter by quarter: the importer's 'Areas, nes' flows of a quarter
    can hold only that quarter's unmatched flows, and they are shared in proportion among all
    of them, this gap's and the other exporters' (all of the quarter's gap when they cover them
    all). An importer that books the heading to 'Areas, nes' all along fills them with its
    other partners' trade, and flows booked a year before a route began, or none in its last
    quarters, do not hold it. (For an unrecorded export, the exporter's 'Areas, nes' flows over
    the whole episode explain it, as before: not calibrated for that side.)"""
    ph_ep = ep.direction == "phantom"
    months = ep.filter(ph_ep)
    months = months.select(
        *keys, "silent", "h4", "start", "end", "expected", counter=months.exporter
    )
    qkeys = [*keys, "expected", "q"]
    zero = ibis.literal(0.0)

    def window(
        s: ir.Table, on: list[ir.BooleanValue], by: Callable[[ir.Table], dict[str, Any]]
    ) -> ir.Table:
        j = months.join(s, [*on, s._p >= months.start, s._p <= months.end])
        return j.group_by(*keys, "expected", q=j._p.truncate("Q"), **by(j)).agg(v=j._v.sum())

    def flows(side: ir.Table) -> ir.Table:
        return side.select(
            _e="exporter", _i="importer", _c="code", _h=side.code.substr(0, 4), _p="period",
            _v="value",
        )  # fmt: skip

    sx, sm = flows(x), flows(m)

    def to_importer(s: ir.Table) -> ir.Table:
        """Each exporter's flows of the heading to the importer, per quarter: this route's own
        ("own"), the other exporters' ("other"), and this exporter's other codes ("skip")."""
        on = [s._i == months.silent, s._h == months.h4]

        def tag(j: ir.Table) -> dict[str, Any]:
            own = ibis.ifelse(j._c == j.code, "own", "skip")
            return {"other": j._e, "tag": ibis.ifelse(j._e == j.counter, own, "other")}

        return window(s, on, tag)

    ox = to_importer(sx).rename(ox="v")
    om = to_importer(sm).rename(om="v")
    o = ox.outer_join(om, [*qkeys, "other", "tag"])
    o = o.select(
        *[ibis.coalesce(o[k], o[f"{k}_right"]).name(k) for k in [*qkeys, "other", "tag"]],
        ox=o.ox.fill_null(0.0),
        om=o.om.fill_null(0.0),
    )
    # The other exporters' unmatched flows, partner by partner, at the expected ratio.
    miss = (o.ox * o.expected.exp() - o.om).clip(lower=0.0)
    own = o.tag == "own"
    w = o.group_by(qkeys).agg(
        xv=o.ox.sum(where=own), mv=o.om.sum(where=own), ov=miss.sum(where=o.tag == "other")
    )
    w = w.mutate(xv=w.xv.fill_null(0.0), mv=w.mv.fill_null(0.0), ov=w.ov.fill_null(0.0))
    parts = [w.select(*qkeys, "xv", "mv", "ov", nv=zero)]
    # The importer's 'Areas, nes' flows of the heading.
    sn = nes.filter(nes.nflow == "import").select(_r="rep", _h="h4", _p="np", _v="nv")
    w = window(sn, [sn._r == months.silent, sn._h == months.h4], lambda j: {})
    parts = [pt.mutate(ne=zero) for pt in parts]
    parts.append(w.select(*qkeys, xv=zero, mv=zero, ov=zero, nv=w.v, ne=zero))
    # (and those of the quarter's first `lag` months, which may be the quarter before's goods
    # booked late)
    early = sn.filter((sn._p.month() - 1) % 3 < lag)
    w = window(early, [early._r == months.silent, early._h == months.h4], lambda j: {})
    parts.append(w.select(*qkeys, xv=zero, mv=zero, ov=zero, nv=zero, ne=w.v))
    u = parts[0]
    for part in parts[1:]:
        u = u.union(part)
    qs = u.group_by(qkeys).agg(
        xv=u.xv.sum(), mv=u.mv.sum(), ov=u.ov.sum(), nv=u.nv.sum(), ne=u.ne.sum()
    )
    gap_q = (qs.xv * qs.expected.exp() - qs.mv).clip(lower=0.0)
    # A booking lag crosses quarters (DOMAIN.md: goods in transit cross a month boundary; the
    # importer books after the exporter ships): what the next quarter's 'Areas, nes' flows
    # hold beyond its own unmatched flows, up to those of its first `lag` months, holds this
    # quarter's (outside read world A7_s0: CHN's 24.9 M USD of 930190 exports to POL in
    # 2023-12, booked by POL to 'Areas, nes' in 2024-01, split the quarters and left a benign
    # route at 0.65). Only the spare is lent: the next quarter's own holding is unchanged.
    spare = (qs.nv - gap_q - qs.ov).clip(lower=0.0)
    lent = ibis.least(spare, qs.ne)
    by_route = ibis.window(group_by=keys, order_by=qs.q)
    nxt = (qs.q + ibis.interval(months=3)).cast("date") == qs.q.lead().over(by_route).cast("date")
    lend = ibis.ifelse(nxt, lent.lead().over(by_route), zero).fill_null(zero)
    qs = qs.mutate(nv=qs.nv + lend).pipe(stage)
    gap_q = (qs.xv * qs.expected.exp() - qs.mv).clip(lower=0.0)
    held = ibis.ifelse(gap_q + qs.ov > 0, gap_q * (qs.nv / (gap_q + qs.ov)).clip(upper=1.0), zero)
    # An importer books a partner's flows to 'Areas, nes' by a standing practice (a confidential
    # partner or heading), not quarter by quarter: quarters whose 'Areas, nes' flows are worth
    # less than half of the route's gap show it unrecorded and not booked there, so the flows of
    # the quarters that could hold it are likely other trade. They explain in proportion to the
    # share of the gap that falls in quarters they could hold (`areas_nes_hold_share`).
    holds = (gap_q > 0) & (qs.nv >= 0.5 * gap_q)
    n, o, g = qs.nv, qs.ov, gap_q
    per = qs.group_by(keys).agg(
        q_others=qs.ov.sum(),
        q_free=held.sum(),
        q_gap=gap_q.sum(),
        q_gap_held=gap_q.sum(where=holds).fill_null(0.0),
        s_nn=(n * n).sum(), s_no=(n * o).sum(), s_ng=(n * g).sum(),
        s_oo=(o * o).sum(), s_gg=(g * g).sum(), s_og=(o * g).sum(), n_q=qs.count(),
    )  # fmt: skip
    # Null where no quarter shows a gap: nothing was measured (the evidence says so).
    per = per.mutate(
        q_hold=ibis.ifelse(per.q_gap > 0, per.q_gap_held / per.q_gap, ibis.null("float64")),
        q_fit=_fitted_share(per),
    )
    ep = ep.left_join(per, keys).select(
        ep, per.q_others, per.q_free, per.q_gap, per.q_hold, per.q_fit
    )
    # Where the other partners' unmatched flows compete for them, the quarters' 'Areas, nes'
    # flows hold no more of the gap than their quarter-by-quarter movement fits (where it
    # tells: `_fitted_share` is null where it cannot). (Read off the join, where q_fit is a
    # column: on `per` it would be inlined again at each use, the fit's whole formula thrice.)
    by_fit = ibis.least(ep.q_free, ep.q_fit * ep.q_gap)
    ep = ep.mutate(q_free=ibis.ifelse(ep.q_fit.notnull(), by_fit, ep.q_free))
    ph_ep = ep.direction == "phantom"
    nes_total = ep.nes_usd.fill_null(0.0)
    gap = ep.gap_usd.clip(lower=0.0)
    others = ibis.ifelse(ph_ep, ep.q_others.fill_null(0.0), zero)
    measured = ibis.ifelse(ph_ep, ep.q_hold, ibis.null("float64"))
    hold = measured.fill_null(1.0)
    free = ibis.ifelse(
        ph_ep,
        ep.q_free.fill_null(0.0) * hold,
        gap * (nes_total / gap).clip(upper=1.0).fill_null(0.0),
    )
    ep = ep.mutate(
        nes_others_usd=others,
        nes_free_usd=ibis.least(free, gap),
        nes_hold_share=measured,
        nes_fit_share=ibis.ifelse(ph_ep, ep.q_fit, ibis.null("float64")),
    )
    return ep.drop("q_others", "q_free", "q_gap", "q_hold", "q_fit")


def _fitted_share(t: ir.Table) -> ir.FloatingValue:
    """The share b of the route's quarterly gaps g that the importer's quarterly 'Areas, nes'
    flows n hold, fitted with the other partners' unmatched flows o: the least-squares
    n ≈ a·o + b·g with a and b between 0 and 1, from the sums of products over the quarters
    (`s_nn`, `s_no`, …, over `n_q` quarters). Null where there are no 'Areas, nes' flows or no
    other partner's flows compete, or where the quarters do not tell the shares apart: b must
    lie below proportional sharing's share (`q_free` / `q_gap`) by two standard errors.

    The minimum of a convex quadratic over the unit square is its free minimum where that lies
    inside, else the best of the four edges' own minima; each candidate is scored and the best
    kept (the first of equals). Written as one `least` and one `cases` over the four losses,
    not a chain of pairwise choices: each choice would repeat the losses before it, and the
    chain compiled to 250 kB of SQL (0.8 CPU-s of Ibis per scan)."""
    nn, no, ng, oo, gg, og = t.s_nn, t.s_no, t.s_ng, t.s_oo, t.s_gg, t.s_og

    def loss(a: ir.FloatingValue, b: ir.FloatingValue) -> ir.FloatingValue:
        return nn - 2 * a * no - 2 * b * ng + a * a * oo + 2 * a * b * og + b * b * gg

    def clip(v: ir.FloatingValue) -> ir.FloatingValue:
        # Not `v.clip`, which repeats v thrice to keep a null null: the result is read only
        # where the fit `tells`, and there every sum and quotient here is a finite number.
        return ibis.greatest(ibis.least(v, 1.0), 0.0)

    det = oo * gg - og * og
    a_free, b_free = (no * gg - ng * og) / det, (ng * oo - no * og) / det
    inside = (det > 1e-9 * oo * gg) & a_free.between(0.0, 1.0) & b_free.between(0.0, 1.0)
    zero, one = ibis.literal(0.0), ibis.literal(1.0)
    cands = [
        (zero, clip(ng / gg)),  # a = 0
        (one, clip((ng - og) / gg)),  # a = 1
        (clip(no / oo), zero),  # b = 0
        (clip((no - og) / oo), one),  # b = 1
    ]
    losses = [loss(a, b) for a, b in cands]
    best_loss = ibis.least(*losses)
    best_b = ibis.cases(*[(f == best_loss, b) for f, (_, b) in zip(losses, cands, strict=True)])
    fitted = ibis.ifelse(inside, b_free, best_b)
    # Told apart only where the fit puts the share below proportional sharing's (the quarters'
    # held flows over their gaps) by two standard errors of b: the residual variance over the
    # quarters less the two fitted shares, times the (o, g) design's inverse for b.
    resid = ibis.ifelse(inside, loss(a_free, b_free), best_loss).clip(lower=0.0)
    se = (resid / (t.n_q - 2) * oo / det).sqrt()
    prop = t.q_free / t.q_gap
    tells = (nn > 0) & (oo > 0) & (gg > 0) & (t.n_q >= 3) & (det > 1e-9 * oo * gg)
    return ibis.ifelse(tells & (prop - fitted >= 2 * se), fitted, ibis.null("float64"))


def to_alerts(
    df: pd.DataFrame, levels: dict[tuple[str, str, str], int] | None = None
) -> pd.DataFrame:
    """Rows of the alert contract; `levels` ((reporter, flow, chapter) → HS level) names the
    level compared where it is coarser than HS6."""
    rows = []
    for r in df.to_dict("records"):
        a, b, code = r["exporter"], r["importer"], r["code"]
        start = pd.Timestamp(r["first"]).date()
        end = pd.Timestamp(r["last"]).date()
        x, mv, gap = float(r["x_usd"]), float(r["m_usd"]), float(r["gap_usd"])
        expected_ratio = math.exp(float(r["expected"]))
        sides = [(a, "export"), (b, "import")]
        at = lv.level_words(code, levels or {}, sides)
        at = f" ({at})" if at else ""
        reading, said = ratio_reading(expected_ratio, "the learnt ratio of imports to exports")
        if r["direction"] == "phantom":
            summary = (
                f"{a} reported {x / 1e6:,.2f} M USD of HS {code} exports to {b}{at} in"
                f" {start:%Y-%m}–{end:%Y-%m} while {b} recorded {mv / 1e6:,.2f} M USD of"
                f" them: {gap / 1e6:,.2f} M USD ({r['gap_share']:.0%}) unrecorded by the importer."
            )
        else:
            summary = (
                f"{b} recorded {mv / 1e6:,.2f} M USD of HS {code} imports from {a}{at} in"
                f" {start:%Y-%m}–{end:%Y-%m} while {a} reported {x / 1e6:,.2f} M USD of exports"
                f" to {b}: {gap / 1e6:,.2f} M USD ({r['gap_share']:.0%}) unreported by the"
                " exporter."
            )
        summary += said
        related = _num(r.get("related_usd")) or 0.0
        if related > 0:
            booker = b if r["direction"] == "phantom" else a
            booked = "books" if not _flag(r, "related_as_re_exports") else "reports as re-exports"
            summary += (
                f" {booker} {booked} {related / 1e6:,.2f} M USD more than its partner under HS"
                f" {r['related_code']}, a related code: read as a classification difference,"
                " which lowers the score."
            )
        attributed = _num(r.get("attribution_usd")) or 0.0
        if attributed > 0:
            summary += " " + _attribution_words(r, attributed)
        cov = r["coverage_of_others"]
        evidence = {
            "direction": r["direction"],
            "exporter_reported_usd": round(x, 2),
            "importer_reported_usd": round(mv, 2),
            "exporter_reported_kg": _num(r["x_kg"]),
            "importer_reported_kg": _num(r["m_kg"]),
            "expected_import_to_export_ratio": round(expected_ratio, 4),
            "ratio_reading": reading,
            "ratio_spread_log": round(float(r["spread"]), 3),
            "gap_usd": round(gap, 2),
            "gap_terms": "exporter" if r["direction"] == "phantom" else "importer",
            "gap_kg": _gap_kg(r),
            "gap_share": round(float(r["gap_share"]), 3),
            "gap_windows_6m": int(r["windows"]),
            "explained_by_areas_nes_or_reexports_usd": round(float(r["explained_usd"]), 2),
            "recorded_under_related_codes_usd": round(float(_num(r.get("related_usd")) or 0.0), 2),
            "related_code": r.get("related_code") if _num(r.get("related_usd")) else None,
            "attribution_difference_usd": round(attributed, 2),
            "attribution_partner": r.get("attribution_partner") if attributed > 0 else None,
            "attribution_partner_usd": _num(r.get("attribution_partner_usd"))
            if attributed > 0
            else None,
            "attribution_leg_recorded_by": _leg_recorder(r) if attributed > 0 else None,
            "attribution_hub_silent": _flag(r, "attribution_hub_silent")
            if attributed > 0
            else None,
            "attribution_track_correlation": _share(r.get("hub_corr"))
            if attributed > 0 and _flag(r, "attribution_hub_silent")
            else None,
            "attribution_track_lag_months": int(r["hub_lag"])
            if attributed > 0 and _flag(r, "attribution_hub_silent")
            else None,
            **_hub_share_evidence(r, attributed),
            "attribution_partner_flow": (
                "re-export" if _flag(r, "attribution_partner_re_exports") else "export"
            )
            if attributed > 0
            else None,
            "attribution_others_claimed_usd": _claimed(r) if attributed > 0 else None,
            "re_export_hub_inflow_usd": _num(r.get("hub_inflow_usd")),
            "re_export_sources_trade_usd": _num(r.get("hub_sources_usd")),
            "re_export_sources_booked_usd": _num(r.get("hub_sources_booked_usd")),
            "re_export_gap_compared_usd": _num(r.get("re_export_rest_usd")),
            "re_export_could_hide_usd": _num(r.get("hub_hidden_usd")),
            "areas_nes_in_episode_usd": round(float(_num(r["nes_usd"]) or 0.0), 2),
            "areas_nes_filled_by_other_partners_usd": _num(r["nes_others_usd"]),
            "areas_nes_hold_share": _share(r.get("nes_hold_share")),
            "areas_nes_fit_share": _share(r.get("nes_fit_share")),
            "silent_side_coverage_of_other_partners": None
            if pd.isna(cov)
            else round(float(cov), 3),
            "other_partners_in_chapter": None if pd.isna(r["others"]) else int(r["others"]),
            "code_category": r["category"],
            **_listed(r),
            **lv.level_evidence(code, levels or {}, sides),
            "exporter_series": r.get("x_series"),
            "importer_series": r.get("m_series"),
            **scored(_factors(r), SCORING_VERSION),
        }
        rows.append(
            alert_row(
                NAME,
                (a, b, code, r["direction"], start),
                score=r["score"],
                origin=a,
                destination=b,
                hs_code=code,
                period_start=start,
                period_end=end,
                summary=summary,
                evidence=evidence,
            )
        )
    return pd.DataFrame(rows, columns=list(ALERTS))


def _attribution_words(r: Mapping[Any, Any], usd: float) -> str:
    """The sentence that reads part of a gap as one re-export under two attributions (in the
    terms of the side that reported the flow, as the gap is)."""
    a, b, other = r["exporter"], r["importer"], r["attribution_partner"]
    amount = f"{usd / 1e6:,.2f} M USD"
    if r["direction"] == "phantom" and _leg_recorder(r) == "hub":
        return (
            f"{amount} of {a}'s exports to {b} are booked by {b} from {other}, the origin:"
            f" {at.READING} ({a} records imports of the code from {other}, whose data holds no"
            " exports of the heading to a named country in those months, covering it), which"
            " lowers the score."
        )
    if r["direction"] == "phantom":
        return (
            f"{amount} of {a}'s exports to {b} are booked by {b} from {other}, the origin:"
            f" {at.READING} ({other}"
            f" reports exports of the code to {a} covering it), which lowers the score."
        )
    if _flag(r, "attribution_hub_silent"):
        track = sh.track_words(
            a, other, float(r["hub_corr"]), int(r["hub_lag"]), on_heading=sh.on_heading(r)
        )
        return (
            f"{b} books {amount} from {a}, the origin, that {track}:"
            f" {at.READING} ({other}'s record of it is missing{sh.share_words(r)}), which"
            " lowers the score."
        )
    flow = "re-exports" if _flag(r, "attribution_partner_re_exports") else "exports"
    claimed = _claimed(r)
    others = (
        f"; {claimed / 1e6:,.2f} M USD more of {other}'s {flow} to {b} are other origins' goods"
        f" re-exported through it, which {b} books from them"
        if claimed
        else ""
    )
    return (
        f"{b} books {amount} from {a}, the origin, that {other} reports as its {flow} to {b}:"
        f" {at.READING} ({a} reports exports of"
        f" the code to {other} covering it{others}), which lowers the score."
    )


def _claimed(r: Mapping[Any, Any]) -> float | None:
    """What other origins' re-exports through the hub claim of its difference into the
    importer (`_less_other_origins`), in the importer's terms; None where nothing is."""
    v = _num(r.get("attribution_others_claimed_usd"))
    return round(v, 2) if v and v >= 0.005 else None


def _hub_share_evidence(r: Mapping[Any, Any], attributed: float) -> dict[str, Any]:
    """The silent hub's whole leg (in the importer's terms), the whole three-month sums its
    tracking was read over, and how many other flows share the leg (all null elsewhere)."""
    hub = attributed > 0 and _flag(r, "attribution_hub_silent")
    return {
        "attribution_track_points": int(r["hub_points"]) if hub else None,
        "attribution_hub_leg_usd": round(float(r["hub_leg_usd"]), 2) if hub else None,
        "attribution_hub_shared_with": int(r["hub_shared_with"]) if hub else None,
    }


def _leg_recorder(r: Mapping[Any, Any]) -> str:
    """Who records the re-export's first leg (origin to hub): the origin, or only the hub
    where the origin's data holds no exports in those months."""
    return "hub" if _flag(r, "attribution_origin_silent") else "origin"


def _flag(r: Mapping[Any, Any], name: str) -> bool:
    """A boolean column of a fetched row, false where null."""
    v = r.get(name)
    return v is not None and not pd.isna(v) and bool(v)


def _listed(r: Mapping[Any, Any]) -> dict[str, Any]:
    """The control-list or CHPL items a heading or chapter holds (none at HS6)."""
    within = r.get("listed_within")
    return {"listed_items_within": within.split(",")} if isinstance(within, str) else {}


def _num(v: Any) -> float | None:
    return None if v is None or pd.isna(v) else round(float(v), 1)


def _share(v: Any) -> float | None:
    return None if v is None or pd.isna(v) else round(float(v), 3)


def _gap_kg(r: Mapping[Any, Any]) -> float | None:
    xk, mk = _num(r["x_kg"]), _num(r["m_kg"])
    if xk is None and mk is None:
        return None
    d = (xk or 0.0) - (mk or 0.0)
    return round(abs(d), 1)


def unmirrored_remarks(monthly: pd.DataFrame, annual: pd.DataFrame) -> list[str]:
    """The scan's account of the gaps not compared for want of mirror data (`flows.with_mirror`):
    one sentence, the pairs with the largest gaps named. Empty where there are none."""
    cols = ["exporter", "importer", "direction", "gap_usd"]
    both = pd.concat([monthly[cols], annual[cols]], ignore_index=True)
    if not len(both):
        return []
    ph = both["direction"] == "phantom"
    both = both.assign(
        silent=both["importer"].where(ph, both["exporter"]),
        pair=both["exporter"].astype(str) + " → " + both["importer"].astype(str),
    )
    pairs = both.groupby(["pair", "silent", "direction"], as_index=False).agg(
        gap_usd=("gap_usd", "max")
    )
    pairs = pairs.sort_values(["gap_usd", "pair"], ascending=[False, True])
    shown = [
        f"{r.pair} ({'no imports' if r.direction == 'phantom' else 'no exports'} in"
        f" {r.silent}'s data)"
        for r in pairs.head(6).itertuples()
    ]
    more = f" and {len(pairs) - 6} more" if len(pairs) > 6 else ""
    n = len(pairs)
    return [
        f"no mirror data for {n:,} pair{'s' if n != 1 else ''} with a gap: the silent side's data"
        " names no flow with the partner at all (any code, any period) and fewer than half of"
        " the reporters that name it, a selection of partners that leaves the pair out (not a"
        " gap); not compared: " + ", ".join(shown) + more
    ]


def ratio_reading(ratio: float, norm: str) -> tuple[str, str]:
    """('cif_fob' or 'methodological_asymmetry', a sentence for the summary: empty for a ratio
    within `CIF_FOB_BAND`). `norm` names the norm ('the pair's usual ratio')."""
    lo, hi = CIF_FOB_BAND
    if lo <= ratio <= hi:
        return "cif_fob", ""
    return "methodological_asymmetry", (
        f" {norm[0].upper()}{norm[1:]} ({ratio:.2f}) is beyond what freight and insurance"
        f" explain ({lo:.1f}–{hi:.1f}): a methodological asymmetry (one side recording the"
        " country of origin, the other the country of consignment, or goods routed through a"
        " third country), not a CIF/FOB margin; the gap is measured against it."
    )


def _shared_factors(r: Mapping[Any, Any]) -> list[dict[str, object]]:
    """The factors the monthly and the annual comparison share: the goods' weight, the gap's
    share of the flow and its size."""
    gap, share = float(r["gap_usd"]), float(r["gap_share"])
    return [
        factor(
            "code_weight",
            float(r["weight"]),
            1.0,
            f"HS {r['code']} is {str(r['category']).replace('_', ' ')}",
        ),
        factor(
            "gap_share",
            share,
            1.0,
            f"{share:.0%} of the flow one side reported is missing from the other's records",
        ),
        factor(
            "gap_size",
            float(r["f_size"]),
            DETECTOR.params()["min_gap_usd"],
            f"a gap of {gap / 1e6:,.2f} M USD (0.6 at the smallest gap counted, full at 100"
            " times it)",
        ),
    ]


def _factors(r: Mapping[Any, Any]) -> list[dict[str, object]]:
    """The score's factors (it is their product), each with a sentence built with its number."""
    months = int(r["months"])
    explained, gap = float(r["explained_usd"]), float(r["gap_usd"])
    cov = r["coverage_of_others"]
    return [
        *_shared_factors(r),
        factor(
            "persistence",
            float(r["f_persistence"]),
            12,
            f"{months} month(s) of gap (half, the other half at twelve months or more)",
        ),
        factor(
            "unexplained",
            float(r["f_unexplained"]),
            1.0,
            "no part of the gap is explained by 'Areas, nes', re-exports, related codes or"
            " attribution"
            if explained <= 0
            else f"{explained / 1e6:,.2f} M USD of the {gap / 1e6:,.2f} M USD gap is explained by"
            " 'Areas, nes', re-exports, related codes or attribution",
        ),
        _re_export_factor(r),
        _sibling_factor(r),
        _standing_factor(r),
        factor(
            "silent_side_records_others",
            float(r["f_coverage"]),
            DETECTOR.params()["no_others_factor"],
            (
                "the silent side records the chapter by partner from others who report no trade"
                " with it"
                if float(r["f_coverage"]) >= 1.0
                else "no other partner in the chapter reports enough trade with the silent side"
                " to measure its records by"
            )
            if cov is None or pd.isna(cov)
            else _coverage_words(float(cov), float(r["f_coverage"])),
        ),
    ]


def _standing_factor(r: Mapping[Any, Any]) -> dict[str, object]:
    """`standing_gap`: its value, weight (the parameter) and a sentence with the months."""
    p = DETECTOR.params()
    value = float(r["f_standing"])
    seen = r.get("seen_from")
    seen_txt = "?" if seen is None or pd.isna(seen) else f"{pd.Timestamp(seen):%Y-%m}"
    first = pd.Timestamp(r["first"])
    if value < 1.0:
        words = (
            f"a standing gap: open from {first:%Y-%m}, within"
            f" {p['standing_gap_after_months']} months of the first month both sides' files"
            f" show the pair's trade in the chapter ({seen_txt}), for {int(r['months'])}"
            " months: a difference in how the two record the pair, which the data cannot date"
        )
    else:
        words = (
            f"not a standing gap: it opened in {first:%Y-%m} (both sides' files from"
            f" {seen_txt}) or ran under {p['standing_gap_min_months']} months"
        )
    return factor("standing_gap", value, p["standing_gap_factor"], words)


def _re_export_factor(r: Mapping[Any, Any]) -> dict[str, object]:
    """`possible_re_export`: its value, weight (the parameter) and a sentence with the sums."""
    value = float(r["f_re_export"])
    inflow = (_num(r.get("hub_inflow_usd")) or 0.0) / 1e6
    sent = (_num(r.get("hub_sources_usd")) or 0.0) / 1e6
    booked = (_num(r.get("hub_sources_booked_usd")) or 0.0) / 1e6
    hidden = (_num(r.get("hub_hidden_usd")) or 0.0) / 1e6
    rest = (_num(r.get("re_export_rest_usd")) or 0.0) / 1e6
    weight = DETECTOR.params()["possible_re_export_factor"]
    if r["direction"] != "phantom":
        sums = (
            f"the exporter sent {inflow:,.2f} M USD of the code to other countries; those of them"
            f" whose records could hold its goods re-exported report {sent:,.2f} M USD of it to"
            f" the importer, which books {booked:,.2f} M USD from them, and {hidden:,.2f} M USD"
            " of their reports could be the exporter's goods with each pair's ratio left within"
            f" its ordinary spread, against {rest:,.2f} M USD of gap left unexplained"
        )
        words = (
            f"{sums}: the goods may be a re-export that a hub reports as its exports and the"
            " importer books under their origin, which the statistics cannot tell apart from"
            " the hub's own trade"
            if _flag(r, "re_export_possible")
            else f"no sign of a re-export booked under the origin ({sums})"
        )
        return factor("possible_re_export", value, weight, words)
    sums = (
        f"the exporter took in {inflow:,.2f} M USD of the code; the importer books"
        f" {booked:,.2f} M USD of it from those sources whose records could hold their goods"
        f" re-exported (they report {sent:,.2f} M USD to it), and {hidden:,.2f} M USD of their"
        " goods could be taken out of those records with each pair's ratio left within its"
        f" ordinary spread, against {rest:,.2f} M USD of gap left unexplained (importer's terms)"
    )
    words = (
        f"{sums}: the goods may be a re-export the importer books under their origin, which the"
        " statistics cannot tell apart from the origin's own trade"
        if _flag(r, "re_export_possible")
        else f"no sign of a re-export booked under the origin ({sums})"
    )
    return factor("possible_re_export", value, weight, words)


def _sibling_factor(r: Mapping[Any, Any]) -> dict[str, object]:
    """`possible_sibling_code`: its value, weight (the parameter) and a sentence with the sums."""
    value = float(r.get("f_sibling", 1.0))
    weight = DETECTOR.params()["possible_sibling_code_factor"]
    if r["direction"] != "unrecorded":
        return factor("possible_sibling_code", value, weight, "not read: the exporter reports more")
    own = (_num(r.get("related_silent_usd")) or 0.0) / 1e6
    hidden = (_num(r.get("sibling_hidden_usd")) or 0.0) / 1e6
    rest = (_num(r.get("re_export_rest_usd")) or 0.0) / 1e6
    sums = (
        f"the exporter reports {own:,.2f} M USD of the heading's other codes (or the code's"
        f" revision relatives) to the importer, whose ordinary spread could hide {hidden:,.2f} M"
        f" USD, against {rest:,.2f} M USD of gap left unexplained"
    )
    words = (
        f"{sums}: the exporter books none of this code to the importer, and the goods may be"
        " booked under a sibling code, which the statistics cannot tell apart from its trade"
        " there"
        if _flag(r, "sibling_possible")
        else f"no sign of the goods booked under a sibling code ({sums})"
    )
    return factor("possible_sibling_code", value, weight, words)


def _coverage_words(cov: float, value: float) -> str:
    """The sentence of the silent side's coverage factor: the share of its other partners'
    flows it records, and why the factor is higher than that share gives where it is."""
    by_share = 0.25 + 0.75 * min(1.0, max(0.0, cov / 0.8))
    recorded = (
        f"all of what its other partners in the chapter say they traded with it ({cov:.1f}"
        " times as much)"
        if cov >= 1.0
        else f"{cov:.0%} of what its other partners in the chapter say they traded with it"
    )
    if value > by_share + 1e-4:
        return (
            f"the silent side records {recorded}; as it names partners in the chapter or books"
            f" it to 'Areas, nes', the factor is no lower than where it has no others ({value:g})"
        )
    return f"the silent side records {recorded} (0.25, full at 80 %)"


def _annual_factors(r: Mapping[Any, Any]) -> list[dict[str, object]]:
    """The annual comparison's factors (the score is their product)."""
    pair = bool(r["from_pair"])
    return [
        *_shared_factors(r),
        factor(
            "norm_from_the_pair",
            float(r["f_norm"]),
            0.8,
            "the ratio of imports to exports is learnt from the pair's own other years"
            if pair
            else "the ratio is the code's, not the pair's own (0.8)",
        ),
    ]


def annual_to_alerts(df: pd.DataFrame) -> pd.DataFrame:
    """Alert rows of the annual comparison (annual_mirror), one per episode of gap years."""
    rows = []
    for r in df.to_dict("records"):
        a, b, code = r["exporter"], r["importer"], r["code"]
        y0, y1 = int(r["first_year"]), int(r["last_year"])
        what = "all goods" if code == "TOTAL" else f"HS {code}"
        years = f"{y0}" if y0 == y1 else f"{y0}–{y1}"
        x, mv, gap = float(r["x_usd"]), float(r["m_usd"]), float(r["gap_usd"])
        ratio = math.exp(float(r["expected"]))
        norm = "the pair's usual ratio" if r["from_pair"] else "the usual ratio"
        if r["direction"] == "phantom":
            summary = (
                f"{a} reported {x / 1e6:,.1f} M USD of exports of {what} to {b} in {years} while"
                f" {b} recorded {mv / 1e6:,.1f} M USD of imports from {a}: at {norm} of imports to"
                f" exports ({ratio:.2f}) {gap / 1e6:,.1f} M USD ({r['gap_share']:.0%}) of the"
                " exports is unrecorded by the importer."
            )
        else:
            summary = (
                f"{b} recorded {mv / 1e6:,.1f} M USD of imports of {what} from {a} in {years}"
                f" while {a} reported {x / 1e6:,.1f} M USD of exports to {b}: at {norm} of"
                f" imports to exports ({ratio:.2f}) {gap / 1e6:,.1f} M USD ({r['gap_share']:.0%})"
                " of the imports is unreported by the exporter."
            )
        reading, said = ratio_reading(ratio, norm)
        summary += said
        evidence = {
            "direction": r["direction"],
            "comparison": "annual",
            "exporter_reported_usd": round(x, 2),
            "importer_reported_usd": round(mv, 2),
            "expected_import_to_export_ratio": round(ratio, 4),
            "norm_learnt_from_pair": bool(r["from_pair"]),
            "ratio_reading": reading,
            "ratio_spread_log": round(float(r["spread"]), 3),
            "gap_usd": round(gap, 2),
            "gap_terms": "exporter" if r["direction"] == "phantom" else "importer",
            "gap_share": round(float(r["gap_share"]), 3),
            "gap_years": int(r["years"]),
            "code_category": r["category"],
            "exporter_series": r.get("x_series"),
            "importer_series": r.get("m_series"),
            **scored(_annual_factors(r), SCORING_VERSION),
        }
        rows.append(
            alert_row(
                NAME,
                (a, b, code, r["direction"], "annual", y0),
                score=r["score"],
                origin=a,
                destination=b,
                hs_code=None if code == "TOTAL" else code,
                period_start=pd.Timestamp(year=y0, month=1, day=1).date(),
                period_end=pd.Timestamp(year=y1, month=12, day=1).date(),
                summary=summary,
                evidence=evidence,
            )
        )
    return pd.DataFrame(rows, columns=list(ALERTS))


def _annual_alerts(ws: ScanContext, p: dict[str, Any]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The annual comparison's alerts, and the gaps of pairs with no mirror data."""
    c = annual_mirror.candidates(ws, p, keep_unmirrored=True)
    df = fetch(c)
    unmirrored = df[~df["mirrored"].astype(bool)]
    df = df[df["mirrored"].astype(bool)]
    if len(df):
        routes = ibis.memtable(df[ROUTE].drop_duplicates())  # not `c` again: it would rerun
        s = fetch(annual_mirror.series(ws, routes))
        for side in ("x", "m"):
            part = s[s["side"] == side]
            if not len(part):  # (one side with no yearly value on any route: apply gives none)
                df[f"{side}_series"] = None
                continue
            ser = (
                part.sort_values("year")
                .groupby(ROUTE)[["year", "value"]]
                .apply(
                    lambda g: {str(y): round(v) for y, v in zip(g["year"], g["value"], strict=True)}
                )
                .rename(f"{side}_series")
                .reset_index()
            )
            df = df.merge(ser, on=ROUTE, how="left")
    return annual_to_alerts(df), unmirrored


def detect(ws: ScanContext, p: dict[str, Any]) -> ir.Table:
    """The detector's run: each window as an alert, with both sides' monthly series."""
    sides = _cached_sides(ws)
    c = candidates(ws, p, sides, keep_unmirrored=True)
    df = fetch(c)
    unmirrored = df[~df["mirrored"].astype(bool)]
    df = df[df["mirrored"].astype(bool)]
    if len(df):
        _, x, m = sides
        kinds = {"exporter": "country", "importer": "country", "code": "hs6"}
        keys = fl.keys_table(ws, df[ROUTE].drop_duplicates(), kinds)  # not `c` again
        for side, col in ((x, "x_series"), (m, "m_series")):
            s = fetch(side.join(keys, ROUTE).select(*ROUTE, "period", "value"))
            df = df.merge(
                fl.series_json(s, ROUTE).rename(columns={"series": col}), on=ROUTE, how="left"
            )
    monthly = to_alerts(df, lv.level_lookup(ws))
    annual, annual_unmirrored = _annual_alerts(ws, p)
    ws.remark(NAME, unmirrored_remarks(unmirrored, annual_unmirrored))
    parts = [d for d in (monthly, annual) if len(d)]
    return ibis.memtable(pd.concat(parts, ignore_index=True) if parts else monthly)


DETECTOR = register(
    Detector(
        source="statistics",
        words="mirror gap",
        sides="mirror",
        evidence_fields=("exporter_reported_usd", "importer_reported_usd"),
        name=NAME,
        description="persistent gaps between an exporter's and its partner's reports of a flow",
        reads=("trade_flows", "ref_control_list", "ref_cover_codes", "ref_countries"),
        trade=TradeInputs(levels=(2, 4, 6), freqs=("M", "A"), totals=True),
        run=detect,
        parameters=(
            Parameter("min_z", 3.0, "robust z of a window's log ratio against the learnt norm"),
            Parameter("min_gap_share", 0.6, "share of a window's value the other side lacks"),
            Parameter("min_windows", 2, "consecutive six-month windows with a gap"),
            Parameter("min_months", 3, "months with the unmatched flow in an episode"),
            Parameter("lag_months", 2, "booking lag tolerated on the silent side"),
            Parameter("max_month_share", 0.6, "largest share of a gap that one month may carry"),
            Parameter("min_window_usd", 100_000.0, "smallest reported value of a gap window"),
            Parameter("min_gap_usd", 250_000.0, "smallest gap over an episode"),
            Parameter("min_spread", 0.12, "floor on the spread of the log ratio"),
            Parameter("min_norm_windows", 8, "matched windows needed to learn a norm"),
            Parameter("min_norm_years", 3, "matched years that teach a pair its annual norm"),
            Parameter("min_years", 2, "consecutive years with a gap (annual comparison)"),
            Parameter(
                "min_gap_share_annual",
                0.4,
                "share of a year's value the other side lacks (annual comparison, where totals"
                " mix the gap with matched trade)",
            ),
            *at.PARAMETERS,
            *sh.PARAMETERS,
            Parameter(
                "no_others_factor",
                0.75,
                "score factor when the silent side has no other partners in the chapter",
            ),
            Parameter(
                "possible_re_export_factor",
                0.5,
                "score factor of a gap that may be a re-export the importer books under the"
                " origin: for an unrecorded export, the exporter took in the code, and the gap"
                " could be taken out of the importer's records of its sources with each pair's"
                " ratio left within its ordinary spread (mirror_gap/5); for an unreported one,"
                " the exporter sent the code to hubs whose reports to the importer could hold"
                " it so (mirror_gap/6) (1: off)",
            ),
            Parameter(
                "standing_gap_factor",
                0.8,
                "score factor of a standing gap: one open from the first months both sides'"
                " files show the pair and for years on (1: off; mirror_gap/4)",
            ),
            Parameter(
                "standing_gap_after_months",
                6,
                "months after both sides' files begin before which a gap's start is the data's,"
                " not the gap's",
            ),
            Parameter(
                "standing_gap_min_months",
                24,
                "months a gap open from the data's start runs to be a standing gap",
            ),
            Parameter(
                "possible_sibling_code_factor",
                0.5,
                "score factor of an unreported export whose exporter books none of the code to"
                " the importer but trades it the heading's other codes (or the code's revision"
                " relatives) on a scale whose ordinary spread could hide the gap (1: off)",
            ),
            Parameter(
                "re_export_hidden_z",
                2.0,
                "robust standard deviations of a source-to-importer pair's ratio within which a"
                " re-export of the source's goods could hide in the importer's records of it",
            ),
            Parameter(
                "re_export_inflow_share",
                0.5,
                "share of the gap the exporter's own imports of the code (for an unreported"
                " export, its exports of it to other countries) must reach in those months for"
                " the goods to be a possible re-export",
            ),
        ),
    )
)
