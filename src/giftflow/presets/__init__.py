"""Ready-made configurations of real platforms, each number with its source and date.

Platforms change prices often and publish few of them; every preset is a
snapshot of what public sources reported, not an official price list. Each
number's source, date and confidence (``stated`` by the platform, ``reported``
by a third party, or ``inferred`` by arithmetic on sourced numbers) is listed
in :data:`SOURCES` and in the docstring of the function that uses it. Where no
source gives a number, the preset says so and either leaves it out, uses a
value marked *illustrative*, or takes it from the caller (YouTube's Jewel bundle
prices and Instagram's Stars prices: :func:`youtube_jewels`,
:func:`instagram_gifts`).

>>> from datetime import datetime, timezone
>>> from giftflow import Channel, checkout
>>> book = tiktok_price_book()
>>> quote = book.quote("coins_65", country="US", channel=Channel.IOS,
...                    at=datetime(2026, 11, 24, tzinfo=timezone.utc))
>>> checkout(quote, purchase_id="p1").breakdown.net
Money.parse('0.69', 'USD')
"""

from types import FunctionType as _FunctionType

from giftflow.presets._bigo import bigo, bigo_payout_policy
from giftflow.presets._meta import (
    facebook_stars,
    facebook_stars_payout_policy,
    facebook_stars_price_book,
    instagram_gifts,
    instagram_gifts_payout_policy,
    instagram_gifts_price_book,
)
from giftflow.presets._sources import SOURCES, Source
from giftflow.presets._stores import (
    apple_eu_alternative_fee_schedule,
    apple_fee,
    apple_fee_schedule,
    apple_link_out_fee_schedule,
    card_processor_fee,
    google_play_fee,
    google_play_fee_schedule,
    google_play_us_alternative_billing_fee_schedule,
)
from giftflow.presets._tiktok import (
    tiktok,
    tiktok_age_rule,
    tiktok_catalog,
    tiktok_net_share,
    tiktok_payout_policy,
    tiktok_price_book,
    tiktok_scaled_rewards_2025,
)
from giftflow.presets._twitch import twitch_bits, twitch_bits_price_book, twitch_payout_policy
from giftflow.presets._youtube import (
    youtube,
    youtube_jewels,
    youtube_jewels_price_book,
    youtube_supers,
    youtube_supers_spending_rules,
)

# One group per private module, each sorted (ruff's RUF022 sorts every list literal, so
# the groups are added one by one).
__all__ = [
    # Where every number was read, its date and confidence.
    "SOURCES",
    "Source",
]
__all__ += [
    # App stores and payment processors: the fees the platforms' price books charge, and
    # the store programs as dated fee schedules.
    "apple_eu_alternative_fee_schedule",
    "apple_fee",
    "apple_fee_schedule",
    "apple_link_out_fee_schedule",
    "card_processor_fee",
    "google_play_fee",
    "google_play_fee_schedule",
    "google_play_us_alternative_billing_fee_schedule",
]
__all__ += [
    # TikTok LIVE: coins, gifts, diamonds, creator shares, cash out.
    "tiktok",
    "tiktok_age_rule",
    "tiktok_catalog",
    "tiktok_net_share",
    "tiktok_payout_policy",
    "tiktok_price_book",
    "tiktok_scaled_rewards_2025",
]
__all__ += [
    # Twitch Bits.
    "twitch_bits",
    "twitch_bits_price_book",
    "twitch_payout_policy",
]
__all__ += [
    # YouTube: Super Chat, and Jewels and Rubies.
    "youtube",
    "youtube_jewels",
    "youtube_jewels_price_book",
    "youtube_supers",
    "youtube_supers_spending_rules",
]
__all__ += [
    # Meta: Facebook Stars and Instagram Gifts.
    "facebook_stars",
    "facebook_stars_payout_policy",
    "facebook_stars_price_book",
    "instagram_gifts",
    "instagram_gifts_payout_policy",
    "instagram_gifts_price_book",
]
__all__ += [
    # Bigo Live.
    "bigo",
    "bigo_payout_policy",
]

# The presets were written as one module and still report it as their home, so reprs,
# pickles and doctest names say `giftflow.presets.tiktok`, never a private module. (Their
# doctests therefore run in this namespace: each example imports what it uses.)
for _name in __all__:
    _obj = globals()[_name]
    if isinstance(_obj, type | _FunctionType):
        _obj.__module__ = __name__
del _name, _obj, _FunctionType
