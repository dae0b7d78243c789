"""Where every preset number was read: the SOURCES table, with dates and confidence (private)."""

from __future__ import annotations

import re
from typing import Any

import attrs

from giftflow import InvalidTypeError, InvalidValueError

__all__ = ["SOURCES", "Source"]

_CONFIDENCE = re.compile(r"(stated|reported|inferred|illustrative|not found)\b.*")


def _check_text(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if type(value) is not str:
        raise InvalidTypeError(attribute.name, value, "must be a str", "pass text, e.g. 'n.d.'")
    if not value.strip():
        raise InvalidValueError(
            attribute.name, value, "must not be empty", "say what was read, or 'n.d.' for a date"
        )


def _check_confidence(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    _check_text(instance, attribute, value)
    if not _CONFIDENCE.fullmatch(value):
        raise InvalidValueError(
            "confidence",
            value,
            "must start with stated, reported, inferred, illustrative or not found",
            "pass e.g. 'reported' or 'reported (low)'",
        )


@attrs.frozen(kw_only=True)
class Source:
    """Where a preset's numbers come from.

    Attributes:
        what: The numbers this source supports.
        where: The page (title and address) they were read from.
        date: The page's date as shown, or ``"n.d."``.
        confidence: ``"stated"``, ``"reported"``, ``"inferred"``, ``"illustrative"`` or
            ``"not found"``, optionally qualified (``"reported (low)"``).

    >>> Source(what="x", where="https://example.com", date="n.d.", confidence="sure")
    Traceback (most recent call last):
    ...
    giftflow.InvalidValueError: confidence must start with stated, reported, inferred, ...
    """

    what: str = attrs.field(validator=_check_text)
    where: str = attrs.field(validator=_check_text)
    date: str = attrs.field(validator=_check_text)
    confidence: str = attrs.field(validator=_check_confidence)


SOURCES: dict[str, Source] = {
    "tiktok_app_ladder": Source(
        what="TikTok US app coin packages 65/330/660/16,500 coins for $0.99/$4.99/$9.99/$249.99",
        where="Sportskeeda, 'How much is Lion worth on TikTok'",
        date="n.d. (~2021)",
        confidence="reported",
    ),
    "tiktok_app_ladder_middle": Source(
        what="TikTok US app packages 1,321 = $19.99 and 6,607 = $99.99",
        where="bloc4you.com TikTok coins guide (https://bloc4you.com/?p=8857)",
        date="n.d.",
        confidence="reported",
    ),
    "tiktok_app_ladder_3300": Source(
        what="TikTok US app package 3,300 = $49.99",
        where="public GitHub code catalog commented 'official TikTok pricing'",
        date="2025-11",
        confidence="reported (low)",
    ),
    "tiktok_uk_app": Source(
        what="TikTok UK app packages 65 = GBP 0.99, 6,607 = GBP 99.99",
        where="blog.tiktokcoins.ai, 'Understanding TikTok Coins in the UK'",
        date="n.d.",
        confidence="reported",
    ),
    "tiktok_70_ladder": Source(
        what="TikTok '70-coin' ladder 70/350/700/1,400/3,500/7,000/17,500 coins "
        "for $0.99/$4.99/$9.99/$19.99/$49.99/$99.99/$249.99",
        where="backtofrontshow.com 'How much are TikTok gifts worth'; businesshab.com",
        date="n.d.",
        confidence="reported",
    ),
    "tiktok_web": Source(
        what="TikTok web recharge: 'options typically start at 70 coins for $0.74'; web is "
        "'25-30%' cheaper than the app",
        where="hiwildflower.com 'How to buy TikTok recharge coins'; appsnaptik.com (2025)",
        date="n.d. / 2025",
        confidence="reported",
    ),
    "tiktok_web_ladder": Source(
        what="TikTok web prices for 350-17,500 coins: the 70-coin ladder's prices x 0.75, "
        "rounded half-up to the cent; matches the one sourced web price (70 for $0.74)",
        where="arithmetic on the two sources above",
        date="2026-11",
        confidence="inferred",
    ),
    "tiktok_age": Source(
        what="Buying coins and sending gifts: 18+ (19+ in South Korea)",
        where="support.tiktok.com, 'Send a gift during a LIVE on TikTok'",
        date="n.d.",
        confidence="stated",
    ),
    "tiktok_gift_age_2019": Source(
        what="TikTok will 'only allow those aged 18 and over to purchase, send, or receive "
        "virtual gifts' (the policy introduced after a BBC investigation)",
        where="BBC News, feeds.bbci.co.uk/news/technology-50651125",
        date="2019-12",
        confidence="stated",
    ),
    "apple_commission": Source(
        what="Apple App Store commission 30%; Small Business Program 15% while proceeds stay "
        "within $1M in the calendar year, 30% for the rest of a year in which they exceed it",
        where="Apple newsroom, quoted by devdiscourse/sdtimes",
        date="2020-11-18",
        confidence="stated",
    ),
    "google_play_commission": Source(
        what="Google Play from 2021-07-01: enrolled in the 15% tier, 15% on the first $1M of "
        "earnings each year and 30% above; 30% if not enrolled",
        where="support.google.com/googleplay/android-developer/answer/112622",
        date="2021",
        confidence="stated",
    ),
    "google_play_us_alternative_billing": Source(
        what="Google Play US: from 2025-10-29 (injunction, to 2027-11-01) Play Billing is not "
        "required and external links are allowed; reported fees under alternative billing 20% "
        "on purchases (10% on subscriptions)",
        where="Google Play Console help as reported; court docket",
        date="2025-10-29",
        confidence="reported",
    ),
    "apple_small_business": Source(
        what="Apple Small Business Program from 2021-01-01: 15% for developers whose proceeds "
        "in the prior calendar year were at most $1M (associated accounts counted); crossing "
        "$1M in the year moves to the standard 30% for the rest of that year, and the next "
        "year is standard too; a developer below $1M again requalifies the year after",
        where="Apple newsroom, quoted by devdiscourse/sdtimes; Apple developer news and "
        "program terms",
        date="2020-11-18 (program) / 2025 (terms)",
        confidence="stated",
    ),
    "apple_link_out_us": Source(
        what="US storefront, purchases through a link out of the app: Apple charged 27% on "
        "purchases within 7 days of following a link; the contempt order of 2025-04-30 (Epic "
        "v. Apple) bars any commission on them (guidelines 3.1.1(a)/3.1.3 changed for the US "
        "storefront on 2025-05-01)",
        where="macrumors 2025-04-30; court filings as reported; Apple guideline change notes",
        date="2025-04-30",
        confidence="reported (court)",
    ),
    "apple_link_out_us_appeal": Source(
        what="The Ninth Circuit (2025-12-11, No. 25-2935) affirmed the contempt finding but "
        "reversed the zero-commission ban and sent the fee back to the district court; 0% "
        "applies until a fee is set",
        where="court filings as reported; appleosophy 2025-10-22; ferra.ru 2025-12-12",
        date="2025-12-11",
        confidence="reported (court)",
    ),
    "apple_eu_alternative_terms": Source(
        what="Apple's EU alternative terms (DMA) of 2025-06-26: initial acquisition fee 2%, "
        "Store Services Fee 5% (tier 1) or 13% (tier 2; 10% for small-business members), "
        "Core Technology Commission 5%; a single model based on the Core Technology "
        "Commission announced for 2026-01-01, its rates not given",
        where="Apple developer news as reported",
        date="2025-06-26",
        confidence="reported",
    ),
    "card_processor": Source(
        what="A web card processor charging 2.9% + $0.30 of the gross payment",
        where="the common US card-processing price (example only; no platform publishes "
        "its processor contract)",
        date="n.d.",
        confidence="illustrative",
    ),
    "uk_vat": Source(
        what="UK VAT standard rate 20%, included in consumer prices",
        where="gov.uk, 'VAT rates'",
        date="n.d.",
        confidence="stated",
    ),
    "twitch_bits": Source(
        what="Twitch Bits (US): 100 = $1.40; 500 = $7.00; 1,500 = $19.95; 5,000 = $64.40; "
        "10,000 = $126.00; 25,000 = $308.00",
        where="Sportskeeda (2020-07-03); dviouscontent.com",
        date="2020-07-03",
        confidence="reported",
    ),
    "facebook_stars_store": Source(
        what="Facebook web Stars Store: 45 (+35 bonus) = $0.99; 530 (+420) = $9.99; "
        "6,400 (+3,600) = $99.99",
        where="TechCrunch, from the live site",
        date="2021-12-07",
        confidence="reported",
    ),
    "facebook_stars_other": Source(
        what="Other web Stars packs: 145 (+90) = $2.99; 310 (+180) = $5.99; 1,500 (+735) = "
        "$24.99; 3,000 (+1,465) = $49.99 (its 530 (+300) conflicts with TechCrunch and is "
        "left out)",
        where="voonze.com",
        date="~2021",
        confidence="reported",
    ),
    "tiktok_gifts": Source(
        what="TikTok gift prices in coins: Rose 1 (id 5655), TikTok 1, Finger Heart 5 "
        "(conflicting: one chart says 25), Rosa 10, Perfume 20, Doughnut 30, Hat and "
        "Mustache 99, Paper Crane 99, Swan 699, Lion 29,999",
        where="calculatecreator guides; streamtoearn-sourced code catalog (Nov 2025); "
        "Sportskeeda; webcast test fixtures",
        date="2021-2025",
        confidence="reported",
    ),
    "tiktok_universe": Source(
        what="TikTok Universe 34,999 coins in older sources, 44,999 now; the date of the "
        "change is not published, so the catalog switches on 2025-11-01 (illustrative "
        "boundary, the month of the newest list)",
        where="yandex summary of TikTok's guide; streamtoearn list (Nov 2025)",
        date="2025-11",
        confidence="reported (boundary illustrative)",
    ),
    "tiktok_diamonds": Source(
        what="One diamond per coin of gift price; a diamond worth about $0.005",
        where="streampace.io glossary; Live Success newsletter; calculatecreator.com",
        date="2025",
        confidence="reported",
    ),
    "tiktok_share": Source(
        what="Creators get up to 50% of virtual-item revenue after app-store, processor "
        "and other deductions; agencies are paid from TikTok's portion",
        where="Business Insider, quoting a TikTok spokesperson",
        date="2023-09-13",
        confidence="stated",
    ),
    "tiktok_scaled_rewards": Source(
        what="US Scaled LIVE rewards from 2025-02-10: up to 53% (40% per-LIVE missions, "
        "13% weekly). Third-party reading: under 5 min 20%, 38% above 25 min, +2% for 5+ "
        "new followers, weekly +6% (one 25+ min LIVE) or +8% (two or more), violations "
        "cut up to 20%",
        where="TikTok Creator Academy 'Scaled LIVE rewards' (stated); Live Success newsletter "
        "(reported breakdown)",
        date="2025-02",
        confidence="stated (caps) / reported (steps)",
    ),
    "twitch_cheer": Source(
        what="Streamers earn $0.01 per Bit cheered; Cheermote tiers 1, 100, 500, 1000, 5000, "
        "10000, 100000 Bits",
        where="Twitch monetization text quoted at bossbabenation.co; Helix Get Cheermotes schema",
        date="n.d.",
        confidence="stated (quoted)",
    ),
    "youtube_supers": Source(
        what="Creators get 70% of Supers revenue after local sales tax and iOS App Store fees; "
        "YouTube covers card fees; Super Chat $1-$500",
        where="support.google.com/youtube/answer/7288782; slashgear.com (range)",
        date="n.d.",
        confidence="stated (share) / reported (range)",
    ),
    "facebook_stars_value": Source(
        what="'For every Star you receive from a fan, you earn 1 cent from Meta'",
        where="creators.facebook.com/tools/stars",
        date="n.d.",
        confidence="stated",
    ),
    "bigo": Source(
        what="Viewers buy Diamonds, streamers get Beans; 100 Diamonds $1.96, 1,000 $19.61, "
        "10,000 $196.06; 1,000 Diamonds = 500 Beans (another source says 1:1); 210 Beans = $1",
        where="blog.bigo.tv (currencies, stated); bittopup.com (numbers, a reseller)",
        date="2025-12",
        confidence="stated (model) / reported, low (numbers)",
    ),
    "tango_battle": Source(
        what="Battle winner gets +8% on all diamonds received during the battle",
        where="help.tango.me/en/articles/4874027-competition-broadcasts",
        date="n.d.",
        confidence="stated",
    ),
    "youtube_supers_caps": Source(
        what="Super Chat and Super Stickers purchases up to $500 per day or $2,000 per week",
        where="support.google.com/youtube/answer/9178363",
        date="n.d.",
        confidence="stated",
    ),
    "youtube_rubies": Source(
        what="Creators receive Rubies for the gifts viewers send with Jewels: '1 Ruby equals 1 "
        "cent, so 100 Rubies equal $1'; 'no fixed revenue share', since what Jewels cost "
        "varies by bundle and promotion. Not published: any Jewel bundle price, any gift's "
        "price in Jewels, and how many Rubies a gift of so many Jewels earns",
        where="YouTube's announcement, quoted by swipeinsight.app ('YouTube introduces Jewels "
        "and gifts for creators to earn more on vertical live streams'), netinfluencer.com and "
        "androidpolice.com",
        date="2024-11-14",
        confidence="stated (quoted)",
    ),
    "youtube_jewels_launch": Source(
        what="Jewels at launch: only US viewers can buy Jewels and send gifts, to US YouTube "
        "Partner Program creators who accept the Virtual Items Module; vertical live streams "
        "only; gifts are sent from the YouTube mobile app; they replace Super Stickers on "
        "vertical live streams; a launch bonus of 50% of gift earnings, up to $1,000 a month, "
        "for 3 months",
        where="YouTube's announcement, quoted by swipeinsight.app, netinfluencer.com and "
        "androidpolice.com",
        date="2024-11",
        confidence="stated (quoted)",
    ),
    "youtube_google_play": Source(
        what="No store fee on Jewels bought through Google Play: YouTube says Supers bought in "
        "the Android app are billed via Google Play, which 'will not impact pricing', and "
        "takes creators' 70% of Supers after iOS App Store fees only; Google owns both",
        where="support.google.com/youtube/answer/9178363 (Android billing); "
        "support.google.com/youtube/answer/7288782 (the 70%)",
        date="n.d.",
        confidence="inferred",
    ),
    "instagram_gifts_value": Source(
        what="Instagram Gifts: viewers buy Stars 'directly within the Instagram app'; creators "
        "get 'a revenue share ... on a monthly basis equal to $.01 USD for every star "
        "received'; about a 40% creator split at the Stars prices of the time; gifts of up to "
        "$5.99 each. No Stars price for Instagram is among the sourced numbers",
        where="svdaily.com, 'Instagram Expanding Gifts for Creators' (quoting Instagram); "
        "valideapp.com and socialnationnow.com (the 40%); MediaPost (up to $5.99)",
        date="2023-02-09",
        confidence="stated (quoted) / reported (40%, $5.99)",
    ),
    "tiktok_payout_methods": Source(
        what="TikTok pays out by bank account or PayPal and charges no cash-out fee; PayPal or "
        "banks may charge their own (amounts not given)",
        where="support.tiktok.com/en/live-gifts-wallet/wallet",
        date="n.d.",
        confidence="stated",
    ),
    "tiktok_payout_cap": Source(
        what="TikTok withdrawals: at most $1,000 per calendar day (time zone not stated)",
        where="support.tiktok.com/en/live-gifts-wallet/wallet; "
        "support.tiktok.com/knowledge-base/withdrawal-instructions",
        date="n.d. / 2019-02-19",
        confidence="stated",
    ),
    "tiktok_payout_minimum": Source(
        what="TikTok minimum withdrawal 2,000 diamonds ($10); TikTok's current page says only "
        "'certain thresholds'",
        where="followchain.org",
        date="n.d.",
        confidence="reported",
    ),
    "tiktok_payout_minimum_2019": Source(
        what="TikTok minimum withdrawal US$100",
        where="support.tiktok.com/knowledge-base/withdrawal-instructions",
        date="2019-02-19",
        confidence="stated (old)",
    ),
    "tiktok_payout_processing": Source(
        what="Each TikTok withdrawal is reviewed and processed within 15 calendar days; PayPal "
        "or banks may hold it longer (2019: 'a further 21 days')",
        where="support.tiktok.com (wallet page; 2019 withdrawal instructions)",
        date="n.d. / 2019",
        confidence="stated",
    ),
    "tiktok_payout_eligibility": Source(
        what="To collect Diamonds: 18+ (or the local age of majority), in a country where "
        "Diamonds are available, account in good standing",
        where="support.tiktok.com/en/business-and-creator/video-gifts-on-tiktok/diamonds",
        date="n.d.",
        confidence="stated",
    ),
    "twitch_payout_threshold": Source(
        what="Twitch payout threshold $50 (rolled out from 2022-07-15); $100 by wire transfer",
        where="Tubefilter (2022-07-13); Twitch Support tweet via trexgamestudio.com",
        date="2022-07-13",
        confidence="stated",
    ),
    "twitch_payout_net15": Source(
        what="Twitch pays Net-15 (15 days after the end of the month) since 2019, Net-45 before",
        where="streamersquare.com",
        date="2019-04-18",
        confidence="reported",
    ),
    "facebook_stars_net30": Source(
        what="Facebook Stars are paid about 30 days after the end of the month they were "
        "received in ('Net30')",
        where="creator.org, quoting Facebook",
        date="2020-09",
        confidence="reported (quoting official)",
    ),
    "instagram_gifts_payout": Source(
        what="Instagram Gifts: cash out from $100 at the US launch (Feb 2023), later $25; no "
        "payout account within 6 months and Meta keeps the money; creators 18+ with 5,000+ "
        "followers",
        where="socialnationnow (Social Media Today reprint of the Instagram blog); MediaPost",
        date="2023",
        confidence="reported (quoting official)",
    ),
    "instagram_gifts_schedule": Source(
        what="Instagram Gifts payout schedule assumed Net-30 like Facebook Stars: Instagram "
        "pays monthly (instagram_gifts_value) but no source says how long after the month",
        where="assumption, see facebook_stars_net30",
        date="2026-11",
        confidence="illustrative",
    ),
    "bigo_withdrawal": Source(
        what="Bigo withdrawals: minimum 6,700 Beans ($31.90), maximum 1,050,000 Beans per week "
        "($5,000), one withdrawal per 7 days, new Beans held 48 hours",
        where="bittopup.com (a top-up reseller)",
        date="2025/26",
        confidence="reported (low)",
    ),
    "payout_not_found": Source(
        what="Not found in any stored source, so left out of the payout presets: PayPal, bank "
        "and wire fees of every platform; tax withholding rates; Twitch, Facebook, Instagram "
        "and Bigo payout methods, processing times and (except Instagram) age rules; country "
        "lists; the time zones of 'calendar day' and 'month end'",
        where="domain facts (November 2026), sections 1d, 2, 4 and 5",
        date="2026-11",
        confidence="not found",
    ),
}
"""Every number the presets use, by key: what it is, where and when it was read, and how sure.

The docstring of each preset names the keys of the numbers it uses.
"""
