/* vitrine-youtube-parse.c
 *
 * Copyright 2026 The Vitrine developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "vitrine-youtube"

#include "config.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "vitrine-json-guard.h"
#include "vitrine-youtube-parse.h"

/* The wire format of YouTube's live chat (`liveChatMessages.list`, and each
 * message of `streamList`, which is the same response), read into feed items
 * (../shared/reference/platform-apis.md §1.3, §1.5). No I/O: one answer in,
 * one result out, so the fuzzer and the tests drive it directly.
 *
 * What the page means, per `snippet.type`:
 *   textMessageEvent                  → CHAT
 *   superChatEvent, fanFundingEvent   → PAID, amountMicros + currency in minor units
 *   superStickerEvent                 → PAID, the sticker's alt text as detail
 *   giftEvent (Jewels)                → PAID without money (Jewels are no currency)
 *   newSponsorEvent, memberMilestoneChatEvent, membershipGiftingEvent,
 *   giftMembershipReceivedEvent       → MEMBERSHIP
 *   sponsorOnlyModeStarted/EndedEvent → NOTICE
 *   messageDeletedEvent               → retract deletedMessageId
 *   messageRetractedEvent             → retract retractedMessageId (its author took it back)
 *   tombstone                         → retract the tombstone's own id: it stands in for
 *                                       a message that is gone (platform-apis.md [inf])
 *   userBannedEvent                   → ban bannedUserDetails.channelId, and a MODERATION
 *                                       item saying who, for how long
 *   chatEndedEvent                    → chat_ended
 *   pollEvent, invalidType, others    → skipped (counted)
 *
 * The streamList variant names the types as enum constants
 * (`SUPER_STICKER_EVENT`); both spellings are read.
 *
 * Nothing from the wire is trusted: every member is checked for its JSON type
 * (a string where a number is documented is read only where Google documents
 * a 64-bit number as a string), the nesting is checked before json-glib
 * recurses into it, ids are kept valid UTF-8 and bounded, and every text goes
 * through the feed item's sanitiser. Money never passes through a double:
 * amountMicros is an unsigned 64-bit decimal string divided by an integer
 * power of ten. */

/* A list response nests six deep; anything past this is not YouTube. */
#define MAX_DEPTH 32

/* Ids are compared, never shown; YouTube's are under 100 bytes. */
#define MAX_ID_BYTES 256

typedef enum
{
  TYPE_UNKNOWN,
  TYPE_TEXT,
  TYPE_TOMBSTONE,
  TYPE_FAN_FUNDING,
  TYPE_CHAT_ENDED,
  TYPE_SPONSOR_ONLY_STARTED,
  TYPE_SPONSOR_ONLY_ENDED,
  TYPE_NEW_SPONSOR,
  TYPE_MEMBER_MILESTONE,
  TYPE_MEMBERSHIP_GIFTING,
  TYPE_GIFT_MEMBERSHIP_RECEIVED,
  TYPE_MESSAGE_DELETED,
  TYPE_MESSAGE_RETRACTED,
  TYPE_USER_BANNED,
  TYPE_SUPER_CHAT,
  TYPE_SUPER_STICKER,
  TYPE_GIFT,
} MessageType;

static const struct
{
  const char  *name;   /* the REST (JSON) spelling */
  const char  *grpc;   /* the streamList enum constant */
  MessageType  type;
} message_types[] = {
  { "textMessageEvent", "TEXT_MESSAGE_EVENT", TYPE_TEXT },
  { "tombstone", "TOMBSTONE", TYPE_TOMBSTONE },
  { "fanFundingEvent", "FAN_FUNDING_EVENT", TYPE_FAN_FUNDING },
  { "chatEndedEvent", "CHAT_ENDED_EVENT", TYPE_CHAT_ENDED },
  { "sponsorOnlyModeStartedEvent", "SPONSOR_ONLY_MODE_STARTED_EVENT", TYPE_SPONSOR_ONLY_STARTED },
  { "sponsorOnlyModeEndedEvent", "SPONSOR_ONLY_MODE_ENDED_EVENT", TYPE_SPONSOR_ONLY_ENDED },
  { "newSponsorEvent", "NEW_SPONSOR_EVENT", TYPE_NEW_SPONSOR },
  { "memberMilestoneChatEvent", "MEMBER_MILESTONE_CHAT_EVENT", TYPE_MEMBER_MILESTONE },
  { "membershipGiftingEvent", "MEMBERSHIP_GIFTING_EVENT", TYPE_MEMBERSHIP_GIFTING },
  { "giftMembershipReceivedEvent", "GIFT_MEMBERSHIP_RECEIVED_EVENT",
    TYPE_GIFT_MEMBERSHIP_RECEIVED },
  { "messageDeletedEvent", "MESSAGE_DELETED_EVENT", TYPE_MESSAGE_DELETED },
  { "messageRetractedEvent", "MESSAGE_RETRACTED_EVENT", TYPE_MESSAGE_RETRACTED },
  { "userBannedEvent", "USER_BANNED_EVENT", TYPE_USER_BANNED },
  { "superChatEvent", "SUPER_CHAT_EVENT", TYPE_SUPER_CHAT },
  { "superStickerEvent", "SUPER_STICKER_EVENT", TYPE_SUPER_STICKER },
  { "giftEvent", "GIFT_EVENT", TYPE_GIFT },
};

static const struct
{
  const char           *name;
  VitrineYoutubeReason  reason;
} error_reasons[] = {
  { "quotaExceeded", VITRINE_YOUTUBE_REASON_QUOTA_EXCEEDED },
  { "dailyLimitExceeded", VITRINE_YOUTUBE_REASON_QUOTA_EXCEEDED },
  { "rateLimitExceeded", VITRINE_YOUTUBE_REASON_RATE_LIMIT_EXCEEDED },
  { "userRateLimitExceeded", VITRINE_YOUTUBE_REASON_RATE_LIMIT_EXCEEDED },
  { "RATE_LIMIT_EXCEEDED", VITRINE_YOUTUBE_REASON_RATE_LIMIT_EXCEEDED },
  { "liveChatEnded", VITRINE_YOUTUBE_REASON_CHAT_ENDED },
  { "liveChatDisabled", VITRINE_YOUTUBE_REASON_CHAT_DISABLED },
  { "liveChatNotFound", VITRINE_YOUTUBE_REASON_CHAT_NOT_FOUND },
  { "forbidden", VITRINE_YOUTUBE_REASON_FORBIDDEN },
  { "insufficientPermissions", VITRINE_YOUTUBE_REASON_FORBIDDEN },
  { "insufficientLivePermissions", VITRINE_YOUTUBE_REASON_FORBIDDEN },
  { "livePermissionBlocked", VITRINE_YOUTUBE_REASON_FORBIDDEN },
  { "authError", VITRINE_YOUTUBE_REASON_AUTH },
  { "unauthorized", VITRINE_YOUTUBE_REASON_AUTH },
  { "API_KEY_INVALID", VITRINE_YOUTUBE_REASON_AUTH },
  { "keyInvalid", VITRINE_YOUTUBE_REASON_AUTH },
  { "pageTokenInvalid", VITRINE_YOUTUBE_REASON_PAGE_TOKEN_INVALID },
  { "liveChatMessageNotFound", VITRINE_YOUTUBE_REASON_MESSAGE_NOT_FOUND },
  { "modificationNotAllowed", VITRINE_YOUTUBE_REASON_NOT_ALLOWED },
};

/* JSON members, each read only when it has the documented type */

static JsonObject *
get_object (JsonObject *object,
            const char *member)
{
  JsonNode *node = object ? json_object_get_member (object, member) : NULL;

  return node && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
}

static JsonArray *
get_array (JsonObject *object,
           const char *member)
{
  JsonNode *node = object ? json_object_get_member (object, member) : NULL;

  return node && JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL;
}

static const char *
get_string (JsonObject *object,
            const char *member)
{
  JsonNode *node = object ? json_object_get_member (object, member) : NULL;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

/* A string that says something: absent, wrong-typed and "" are all NULL. */
static const char *
get_text (JsonObject *object,
          const char *member)
{
  const char *text = get_string (object, member);

  return text != NULL && *text != '\0' ? text : NULL;
}

static gboolean
get_boolean (JsonObject *object,
             const char *member)
{
  JsonNode *node = object ? json_object_get_member (object, member) : NULL;

  return node != NULL && JSON_NODE_HOLDS_VALUE (node) &&
         json_node_get_value_type (node) == G_TYPE_BOOLEAN && json_node_get_boolean (node);
}

/* An unsigned number: a JSON integer, or, as Google writes 64-bit numbers
 * (amountMicros, banDurationSeconds), a string of decimal digits. Never a
 * double: 1e3 or 5.0 is not what the API sends, so it is not read. */
static gboolean
get_unsigned (JsonObject *object,
              const char *member,
              guint64    *value)
{
  JsonNode *node = object ? json_object_get_member (object, member) : NULL;
  GType type;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return FALSE;

  type = json_node_get_value_type (node);
  if (type == G_TYPE_INT64)
    {
      gint64 number = json_node_get_int (node);

      if (number < 0)
        return FALSE;
      *value = (guint64) number;
      return TRUE;
    }
  if (type == G_TYPE_STRING)
    return g_ascii_string_to_unsigned (json_node_get_string (node), 10, 0, G_MAXUINT64, value,
                                       NULL);
  return FALSE;
}

/* A small count (a tier, months, memberships), or -1. */
static gint64
get_count (JsonObject *object,
           const char *member)
{
  guint64 value;

  if (!get_unsigned (object, member, &value) || value > G_MAXINT32)
    return -1;
  return (gint64) value;
}

static char *
clean_id (const char *id)
{
  if (id == NULL || *id == '\0')
    return NULL;
  return g_utf8_make_valid (id, MIN (strlen (id), MAX_ID_BYTES));
}

static GDateTime *
parse_time (const char *text)
{
  g_autoptr(GTimeZone) utc = NULL;

  if (text == NULL)
    return NULL;
  /* RFC 3339 with fractional seconds and an offset; a time without one is
   * taken as UTC rather than as the studio's local time. */
  utc = g_time_zone_new_utc ();
  return g_date_time_new_from_iso8601 (text, utc);
}

/* Google's messages carry HTML (the quota message links to the docs).
 * Tags go; the rest is sanitised like any outside text. */
static char *
strip_tags (const char *text)
{
  g_autofree char *plain = NULL;
  GString *out;
  gboolean in_tag = FALSE;

  if (text == NULL)
    return NULL;

  out = g_string_new (NULL);
  for (const char *p = text; *p && out->len < 4096; p++)
    {
      if (*p == '<')
        in_tag = TRUE;
      else if (*p == '>' && in_tag)
        in_tag = FALSE;
      else if (!in_tag)
        g_string_append_c (out, *p);
    }
  plain = g_string_free (out, FALSE);
  return vitrine_feed_sanitize_text (plain, 300);
}

/* Money */

/**
 * vitrine_youtube_micros_to_minor:
 * @micros: an amount in millionths of the currency's major unit
 * @digits: the currency's minor-unit digits (0 for JPY, 2 for EUR, 3 for KWD)
 * @minor: (out): the amount in minor units
 *
 * `micros / 10^(6 - digits)` in integers. YouTube's amounts are whole minor
 * units, so the division is exact for every amount it sends; a remainder
 * (an amount finer than the currency has) is dropped, never rounded up.
 *
 * Returns: %FALSE when @digits is out of range or the result does not fit
 */
gboolean
vitrine_youtube_micros_to_minor (guint64  micros,
                                 int      digits,
                                 gint64  *minor)
{
  guint64 scale = 1;

  g_return_val_if_fail (minor != NULL, FALSE);

  if (digits < 0 || digits > 9)
    return FALSE;

  for (int i = 0; i < ABS (6 - digits); i++)
    scale *= 10;

  if (digits <= 6)
    {
      guint64 value = micros / scale;

      if (value > G_MAXINT64)
        return FALSE;
      *minor = (gint64) value;
    }
  else
    {
      if (micros > (guint64) G_MAXINT64 / scale)
        return FALSE;
      *minor = (gint64) (micros * scale);
    }
  return TRUE;
}

static gboolean
amount_from_micros (guint64       micros,
                    const char   *currency,
                    VitrineMoney *out)
{
  int digits;
  gint64 minor;

  if (currency == NULL)
    return FALSE;
  digits = vitrine_currency_get_digits (currency);
  if (digits < 0 || !vitrine_youtube_micros_to_minor (micros, digits, &minor))
    return FALSE;
  return vitrine_money_init (out, minor, currency);
}

/**
 * vitrine_youtube_parse_amount:
 * @micros: `amountMicros` as YouTube sends it: unsigned decimal digits
 * @currency: `currency`, an ISO 4217 code
 * @out: (out caller-allocates): the amount in minor units
 *
 * Returns: %FALSE (and @out untouched) for anything but digits, an unknown
 *   currency, or an amount beyond 64 bits
 */
gboolean
vitrine_youtube_parse_amount (const char   *micros,
                              const char   *currency,
                              VitrineMoney *out)
{
  guint64 value;

  g_return_val_if_fail (out != NULL, FALSE);

  if (micros == NULL ||
      !g_ascii_string_to_unsigned (micros, 10, 0, G_MAXUINT64, &value, NULL))
    return FALSE;
  return amount_from_micros (value, currency, out);
}

static gboolean
read_amount (JsonObject   *details,
             VitrineMoney *out)
{
  guint64 micros;

  return get_unsigned (details, "amountMicros", &micros) &&
         amount_from_micros (micros, get_string (details, "currency"), out);
}

/* What the host reads as the amount: YouTube's own string ("$5.00",
 * localised by `hl`), else the exact decimal and the code. */
static char *
amount_label (JsonObject         *details,
              const VitrineMoney *amount)
{
  const char *display = get_text (details, "amountDisplayString");
  g_autofree char *decimal = NULL;

  if (display != NULL)
    return g_strdup (display);
  if (amount == NULL)
    return NULL;
  decimal = vitrine_money_to_decimal (amount);
  return g_strdup_printf ("%s %s", decimal, amount->currency);
}

/* Durations */

static char *
unit_text (guint64 n,
           guint64 unit)
{
  gulong count = (gulong) MIN (n, G_MAXUINT);

  if (unit == 86400)
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%lu day", "%lu days", count), count);
  if (unit == 3600)
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%lu hour", "%lu hours", count), count);
  if (unit == 60)
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%lu minute", "%lu minutes", count),
                            count);
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%lu second", "%lu seconds", count),
                          count);
}

/**
 * vitrine_youtube_format_duration:
 * @seconds: a duration
 *
 * The duration in at most two units, for the host: "5 minutes",
 * "1 minute 30 seconds", "7 hours 14 minutes" (rounded up to the smaller
 * unit, so a wait is never announced shorter than it is).
 *
 * Returns: (transfer full): the text
 */
char *
vitrine_youtube_format_duration (guint64 seconds)
{
  static const guint64 units[] = { 86400, 3600, 60, 1 };
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;
  guint64 big, small, total;
  guint i;

  if (seconds < 60)
    return unit_text (seconds, 1);

  for (i = 0; seconds < units[i]; i++)
    ;
  big = units[i];
  small = units[i + 1];

  /* Counted in the smaller unit, rounded up, then split. */
  total = seconds / small + (seconds % small != 0);
  first = unit_text (total / (big / small), big);
  if (total % (big / small) == 0)
    return g_steal_pointer (&first);
  second = unit_text (total % (big / small), small);

  /* TRANSLATORS: a duration in two units, such as "7 hours" and "14 minutes" */
  return g_strdup_printf (_("%s %s"), first, second);
}

/**
 * vitrine_youtube_quota_reset_time:
 * @now: the current time
 *
 * YouTube's daily quota starts again at midnight Pacific time
 * (America/Los_Angeles, so 08:00 UTC in winter and 07:00 UTC in summer).
 *
 * Returns: (transfer full) (nullable): the next such midnight after @now, in
 *   UTC; %NULL only at the end of year 9999
 */
GDateTime *
vitrine_youtube_quota_reset_time (GDateTime *now)
{
  g_autoptr(GTimeZone) pacific = NULL;
  g_autoptr(GDateTime) local = NULL;
  g_autoptr(GDateTime) midnight = NULL;
  g_autoptr(GDateTime) next = NULL;

  g_return_val_if_fail (now != NULL, NULL);

  pacific = g_time_zone_new_identifier ("America/Los_Angeles");
  /* Without tzdata: standard time, so the retry is at most an hour late. */
  if (pacific == NULL)
    pacific = g_time_zone_new_offset (-8 * 3600);

  local = g_date_time_to_timezone (now, pacific);
  if (local == NULL)
    return NULL;
  midnight = g_date_time_new (pacific, g_date_time_get_year (local),
                              g_date_time_get_month (local),
                              g_date_time_get_day_of_month (local), 0, 0, 0);
  /* Adding a day keeps the wall clock: the next local midnight, also across
   * a DST change (which happens at 02:00, never at midnight). */
  next = midnight ? g_date_time_add_days (midnight, 1) : NULL;
  return next ? g_date_time_to_utc (next) : NULL;
}

/* Items */

static MessageType
lookup_type (const char *name)
{
  if (name == NULL)
    return TYPE_UNKNOWN;
  for (guint i = 0; i < G_N_ELEMENTS (message_types); i++)
    if (g_str_equal (name, message_types[i].name) || g_str_equal (name, message_types[i].grpc))
      return message_types[i].type;
  return TYPE_UNKNOWN;
}

typedef struct
{
  const char           *id;
  const char           *author_id;
  const char           *author;
  GDateTime            *time;
  VitrineFeedItemFlags  flags;
} Envelope;

static VitrineFeedItem *
new_item (const Envelope      *envelope,
          VitrineFeedItemKind  kind,
          const char          *text,
          const char          *detail)
{
  VitrineFeedItem *item = vitrine_feed_item_new_full (kind, VITRINE_YOUTUBE_PLATFORM,
                                                      envelope->id, envelope->author_id,
                                                      envelope->author, text ? text : "",
                                                      envelope->time);

  vitrine_feed_item_set_flags (item, envelope->flags);
  if (detail != NULL)
    vitrine_feed_item_set_detail (item, detail);
  return item;
}

static void
add_retracted (VitrineYoutubeParseResult *result,
               const char                *id)
{
  char *clean = clean_id (id);

  if (clean != NULL)
    g_ptr_array_add (result->retracted, clean);
}

static VitrineFeedItem *
read_paid (const Envelope *envelope,
           JsonObject     *details,
           MessageType     type)
{
  VitrineMoney amount = { 0 };
  g_autofree char *label = NULL;
  g_autofree char *detail = NULL;
  const char *comment;
  gboolean have_amount;
  gint64 tier;
  VitrineFeedItem *item;

  if (details == NULL)
    return NULL;

  have_amount = read_amount (details, &amount);
  label = amount_label (details, have_amount ? &amount : NULL);
  comment = get_string (details, "userComment");
  tier = get_count (details, "tier");

  if (type == TYPE_FAN_FUNDING)
    detail = label ? g_strdup_printf (_("Fan Funding %s"), label) : g_strdup (_("Fan Funding"));
  else if (label != NULL && tier > 0)
    detail = g_strdup_printf (_("Super Chat %s, tier %d"), label, (int) tier);
  else if (label != NULL)
    detail = g_strdup_printf (_("Super Chat %s"), label);
  else
    detail = g_strdup (_("Super Chat"));

  item = new_item (envelope, VITRINE_FEED_ITEM_PAID, comment, detail);
  if (have_amount)
    vitrine_feed_item_set_amount (item, &amount);
  return item;
}

static VitrineFeedItem *
read_sticker (const Envelope *envelope,
              JsonObject     *details)
{
  JsonObject *metadata = get_object (details, "superStickerMetadata");
  const char *alt = get_text (metadata, "altText");
  VitrineMoney amount = { 0 };
  VitrineFeedItem *item;

  if (details == NULL)
    return NULL;

  item = new_item (envelope, VITRINE_FEED_ITEM_PAID, NULL, alt ? alt : _("Super Sticker"));
  if (read_amount (details, &amount))
    vitrine_feed_item_set_amount (item, &amount);
  return item;
}

/* Jewels gifts: two shapes in the wild (platform-apis.md §1.3), both read.
 * Jewels are not money, so the item has no amount. */
static VitrineFeedItem *
read_gift (const Envelope *envelope,
           JsonObject     *snippet)
{
  JsonObject *details = get_object (snippet, "giftDetails");
  g_autofree char *detail = NULL;
  const char *name;
  gint64 combo;

  if (details == NULL)
    details = get_object (get_object (snippet, "giftEventDetails"), "giftMetadata");
  if (details == NULL)
    return NULL;

  name = get_text (details, "giftName");
  if (name == NULL)
    name = get_text (details, "altText");
  combo = get_count (details, "comboCount");

  if (name != NULL && combo > 1)
    detail = g_strdup_printf (_("Gift: %s ×%d"), name, (int) combo);
  else if (name != NULL)
    detail = g_strdup_printf (_("Gift: %s"), name);
  else
    detail = g_strdup (_("Gift"));
  return new_item (envelope, VITRINE_FEED_ITEM_PAID, NULL, detail);
}

static VitrineFeedItem *
read_membership (const Envelope *envelope,
                 JsonObject     *snippet,
                 MessageType     type)
{
  g_autofree char *detail = NULL;
  const char *comment = NULL;
  JsonObject *details;
  const char *level;

  switch (type)
    {
    case TYPE_NEW_SPONSOR:
      details = get_object (snippet, "newSponsorDetails");
      level = get_text (details, "memberLevelName");
      if (get_boolean (details, "isUpgrade"))
        detail = level ? g_strdup_printf (_("Upgraded membership: %s"), level)
                       : g_strdup (_("Upgraded membership"));
      else
        detail = level ? g_strdup_printf (_("New member: %s"), level)
                       : g_strdup (_("New member"));
      break;

    case TYPE_MEMBER_MILESTONE:
      {
        gint64 months;

        details = get_object (snippet, "memberMilestoneChatDetails");
        level = get_text (details, "memberLevelName");
        months = get_count (details, "memberMonth");
        comment = get_string (details, "userComment");
        if (months > 0)
          {
            g_autofree char *duration =
              g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Member for %d month",
                                            "Member for %d months", months), (int) months);

            detail = level ? g_strdup_printf (_("%s: %s"), duration, level)
                           : g_steal_pointer (&duration);
          }
        else
          detail = level ? g_strdup_printf (_("Membership milestone: %s"), level)
                         : g_strdup (_("Membership milestone"));
      }
      break;

    case TYPE_MEMBERSHIP_GIFTING:
      {
        gint64 count;

        details = get_object (snippet, "membershipGiftingDetails");
        level = get_text (details, "giftMembershipsLevelName");
        count = get_count (details, "giftMembershipsCount");
        if (count > 0)
          {
            g_autofree char *gifted =
              g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Gifted %d membership",
                                            "Gifted %d memberships", count), (int) count);

            detail = level ? g_strdup_printf (_("%s: %s"), gifted, level)
                           : g_steal_pointer (&gifted);
          }
        else
          detail = level ? g_strdup_printf (_("Gifted memberships: %s"), level)
                         : g_strdup (_("Gifted memberships"));
      }
      break;

    case TYPE_GIFT_MEMBERSHIP_RECEIVED:
      /* authorDetails is the viewer who received it. */
      details = get_object (snippet, "giftMembershipReceivedDetails");
      level = get_text (details, "memberLevelName");
      detail = level ? g_strdup_printf (_("Received a gift membership: %s"), level)
                     : g_strdup (_("Received a gift membership"));
      break;

    default:
      g_assert_not_reached ();
    }

  return new_item (envelope, VITRINE_FEED_ITEM_MEMBERSHIP, comment, detail);
}

/* The ban itself goes to result->banned; the item tells the host who was
 * banned by whom. Its author is the moderator (authorDetails and
 * authorChannelId are the moderator's on this type), never the banned
 * viewer: the feed marks a banned viewer's items, and this one must stay
 * visible. */
static gboolean
read_ban (VitrineYoutubeParseResult *result,
          const Envelope            *envelope,
          JsonObject                *snippet)
{
  JsonObject *details = get_object (snippet, "userBannedDetails");
  JsonObject *user = get_object (details, "bannedUserDetails");
  g_autofree char *channel = clean_id (get_string (user, "channelId"));
  const char *name = get_text (user, "displayName");
  const char *type = get_string (details, "banType");
  g_autofree char *text = NULL;
  g_autofree char *detail = NULL;
  guint64 seconds = 0;

  if (channel == NULL)
    return FALSE;
  if (name == NULL)
    name = channel;

  if (g_strcmp0 (type, "temporary") == 0 || g_strcmp0 (type, "TEMPORARY") == 0)
    {
      g_autofree char *duration = NULL;

      /* The documented default of a temporary ban. */
      if (!get_unsigned (details, "banDurationSeconds", &seconds) || seconds == 0)
        seconds = 300;
      duration = vitrine_youtube_format_duration (seconds);
      text = g_strdup_printf (_("%s was timed out for %s"), name, duration);
      detail = g_strdup_printf (_("Timeout: %s"), duration);
    }
  else
    {
      text = g_strdup_printf (_("%s was banned from the chat"), name);
      detail = g_strdup (_("Permanent ban"));
    }

  g_ptr_array_add (result->banned, g_steal_pointer (&channel));
  {
    guint timeout = (guint) MIN (seconds, G_MAXUINT);

    g_array_append_val (result->ban_seconds, timeout);
  }
  g_ptr_array_add (result->items, new_item (envelope, VITRINE_FEED_ITEM_MODERATION, text, detail));
  return TRUE;
}

/* Returns whether the item meant something. */
static gboolean
read_message (VitrineYoutubeParseResult *result,
              JsonNode                  *node)
{
  g_autoptr(GDateTime) time = NULL;
  JsonObject *message;
  JsonObject *snippet;
  JsonObject *author;
  VitrineFeedItem *item = NULL;
  Envelope envelope = { 0 };
  MessageType type;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    return FALSE;
  message = json_node_get_object (node);
  snippet = get_object (message, "snippet");
  if (snippet == NULL)
    return FALSE;

  type = lookup_type (get_string (snippet, "type"));
  author = get_object (message, "authorDetails");
  time = parse_time (get_string (snippet, "publishedAt"));

  envelope.id = get_text (message, "id");
  envelope.author = get_string (author, "displayName");
  envelope.author_id = get_text (author, "channelId");
  if (envelope.author_id == NULL)
    envelope.author_id = get_text (snippet, "authorChannelId");
  envelope.time = time;
  if (get_boolean (author, "isChatOwner"))
    envelope.flags |= VITRINE_FEED_ITEM_FLAG_OWNER;
  if (get_boolean (author, "isChatModerator"))
    envelope.flags |= VITRINE_FEED_ITEM_FLAG_MODERATOR;
  if (get_boolean (author, "isChatSponsor"))
    envelope.flags |= VITRINE_FEED_ITEM_FLAG_MEMBER;
  if (get_boolean (author, "isVerified"))
    envelope.flags |= VITRINE_FEED_ITEM_FLAG_VERIFIED;

  switch (type)
    {
    case TYPE_TEXT:
      {
        const char *text = get_string (get_object (snippet, "textMessageDetails"),
                                       "messageText");

        if (text == NULL)
          text = get_string (snippet, "displayMessage");
        if (text == NULL)
          return FALSE;
        item = new_item (&envelope, VITRINE_FEED_ITEM_CHAT, text, NULL);
      }
      break;

    case TYPE_SUPER_CHAT:
      item = read_paid (&envelope, get_object (snippet, "superChatDetails"), type);
      break;

    case TYPE_FAN_FUNDING:
      item = read_paid (&envelope, get_object (snippet, "fanFundingEventDetails"), type);
      break;

    case TYPE_SUPER_STICKER:
      item = read_sticker (&envelope, get_object (snippet, "superStickerDetails"));
      break;

    case TYPE_GIFT:
      item = read_gift (&envelope, snippet);
      break;

    case TYPE_NEW_SPONSOR:
    case TYPE_MEMBER_MILESTONE:
    case TYPE_MEMBERSHIP_GIFTING:
    case TYPE_GIFT_MEMBERSHIP_RECEIVED:
      item = read_membership (&envelope, snippet, type);
      break;

    case TYPE_SPONSOR_ONLY_STARTED:
      item = new_item (&envelope, VITRINE_FEED_ITEM_NOTICE, _("Members-only chat is on"), NULL);
      break;

    case TYPE_SPONSOR_ONLY_ENDED:
      item = new_item (&envelope, VITRINE_FEED_ITEM_NOTICE, _("Members-only chat is off"), NULL);
      break;

    case TYPE_MESSAGE_DELETED:
      {
        const char *id = get_text (get_object (snippet, "messageDeletedDetails"),
                                   "deletedMessageId");

        if (id == NULL)
          return FALSE;
        add_retracted (result, id);
        return TRUE;
      }

    case TYPE_MESSAGE_RETRACTED:
      {
        const char *id = get_text (get_object (snippet, "messageRetractedDetails"),
                                   "retractedMessageId");

        if (id == NULL)
          return FALSE;
        add_retracted (result, id);
        return TRUE;
      }

    case TYPE_TOMBSTONE:
      if (envelope.id == NULL)
        return FALSE;
      add_retracted (result, envelope.id);
      return TRUE;

    case TYPE_USER_BANNED:
      return read_ban (result, &envelope, snippet);

    case TYPE_CHAT_ENDED:
      result->chat_ended = TRUE;
      return TRUE;

    case TYPE_UNKNOWN:
    default:
      g_debug ("skipping a message of type %s",
               get_string (snippet, "type") ? get_string (snippet, "type") : "(none)");
      return FALSE;
    }

  if (item == NULL)
    return FALSE;
  g_ptr_array_add (result->items, item);
  return TRUE;
}

static VitrineYoutubeReason
lookup_reason (const char *name)
{
  if (name == NULL)
    return VITRINE_YOUTUBE_REASON_OTHER;
  for (guint i = 0; i < G_N_ELEMENTS (error_reasons); i++)
    if (g_str_equal (name, error_reasons[i].name))
      return error_reasons[i].reason;
  return VITRINE_YOUTUBE_REASON_OTHER;
}

/* Remembers the first reason given, and the first that Vitrine knows. */
static void
consider_reason (VitrineYoutubeParseResult *result,
                 const char                *name)
{
  VitrineYoutubeReason reason;

  if (name == NULL || *name == '\0')
    return;
  reason = lookup_reason (name);
  if (result->reason_name == NULL ||
      (result->reason == VITRINE_YOUTUBE_REASON_OTHER && reason != VITRINE_YOUTUBE_REASON_OTHER))
    {
      g_free (result->reason_name);
      result->reason_name = vitrine_feed_sanitize_text (name, 64);
      result->reason = reason;
    }
}

/* The standard Google error body:
 * {"error": {"code": 403, "message": "…", "status": "PERMISSION_DENIED",
 *            "errors": [{"reason": "…", "domain": "…"}],
 *            "details": [{"@type": "…ErrorInfo", "reason": "…"}]}} */
static void
read_error (VitrineYoutubeParseResult *result,
            JsonObject                *error)
{
  JsonArray *errors = get_array (error, "errors");
  JsonArray *details = get_array (error, "details");
  const char *status = get_string (error, "status");
  guint64 code;

  result->reason = VITRINE_YOUTUBE_REASON_OTHER;
  if (get_unsigned (error, "code", &code) && code < 1000)
    result->error_code = (int) code;
  result->error_message = strip_tags (get_string (error, "message"));

  for (guint i = 0; errors != NULL && i < json_array_get_length (errors); i++)
    {
      JsonNode *node = json_array_get_element (errors, i);

      if (JSON_NODE_HOLDS_OBJECT (node))
        consider_reason (result, get_string (json_node_get_object (node), "reason"));
    }
  for (guint i = 0; details != NULL && i < json_array_get_length (details); i++)
    {
      JsonNode *node = json_array_get_element (details, i);

      if (JSON_NODE_HOLDS_OBJECT (node))
        consider_reason (result, get_string (json_node_get_object (node), "reason"));
    }

  /* No reason Vitrine knows: the status names the family. */
  if (result->reason == VITRINE_YOUTUBE_REASON_OTHER)
    {
      if (result->error_code == 401 || g_strcmp0 (status, "UNAUTHENTICATED") == 0)
        result->reason = VITRINE_YOUTUBE_REASON_AUTH;
      else if (result->error_code == 429 || g_strcmp0 (status, "RESOURCE_EXHAUSTED") == 0)
        result->reason = VITRINE_YOUTUBE_REASON_RATE_LIMIT_EXCEEDED;
    }
  if (result->reason_name == NULL && status != NULL)
    result->reason_name = vitrine_feed_sanitize_text (status, 64);
}


static void
read_page (VitrineYoutubeParseResult *result,
           JsonObject                *root)
{
  JsonNode *items_node = json_object_get_member (root, "items");
  JsonArray *items = get_array (root, "items");
  const char *token = get_text (root, "nextPageToken");
  guint64 interval;

  /* A page lists items, or at least says where to continue. */
  if ((items_node != NULL && items == NULL && !JSON_NODE_HOLDS_NULL (items_node)) ||
      (items == NULL && token == NULL))
    {
      result->reason = VITRINE_YOUTUBE_REASON_MALFORMED;
      return;
    }

  result->reason = VITRINE_YOUTUBE_REASON_NONE;
  result->next_page_token = token ? g_utf8_make_valid (token, MIN (strlen (token), 4096)) : NULL;
  if (get_unsigned (root, "pollingIntervalMillis", &interval))
    result->polling_interval_ms = (gint64) MIN (interval, (guint64) G_MAXINT64);
  result->offline_at = parse_time (get_string (root, "offlineAt"));

  for (guint i = 0; items != NULL && i < json_array_get_length (items); i++)
    {
      result->n_items++;
      if (!read_message (result, json_array_get_element (items, i)))
        result->n_skipped++;
    }
}

/**
 * vitrine_youtube_parse_page:
 * @data: (array length=length): an answer's body, not necessarily
 *   NUL-terminated, not necessarily JSON
 * @length: its length in bytes
 *
 * Reads one answer of `liveChatMessages.list` (or any YouTube Data API
 * error body).
 *
 * Returns: (transfer full): the result; never %NULL
 */
VitrineYoutubeParseResult *
vitrine_youtube_parse_page (const char *data,
                            gsize       length)
{
  VitrineYoutubeParseResult *result = g_new0 (VitrineYoutubeParseResult, 1);
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(GError) error = NULL;
  JsonNode *root;
  JsonObject *object;
  gsize offset;

  result->items = g_ptr_array_new_with_free_func (g_object_unref);
  result->retracted = g_ptr_array_new_with_free_func (g_free);
  result->banned = g_ptr_array_new_with_free_func (g_free);
  result->ban_seconds = g_array_new (FALSE, FALSE, sizeof (guint));
  result->polling_interval_ms = -1;
  result->reason = VITRINE_YOUTUBE_REASON_MALFORMED;

  if (data == NULL || length == 0 || length > G_MAXSSIZE)
    return result;

  if (!vitrine_json_check_depth (data, length, MAX_DEPTH, &offset))
    {
      g_debug ("answer nests too deep at byte %" G_GSIZE_FORMAT, offset);
      return result;
    }

  if (!vitrine_json_is_one_container (data, length))
    {
      g_debug ("answer is not one JSON object");
      return result;
    }

  parser = json_parser_new_immutable ();
  if (!json_parser_load_from_data (parser, data, (gssize) length, &error))
    {
      g_debug ("answer is not JSON: %s", error->message);
      return result;
    }

  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return result;
  object = json_node_get_object (root);

  if (get_object (object, "error") != NULL)
    read_error (result, get_object (object, "error"));
  else
    read_page (result, object);

  return result;
}

void
vitrine_youtube_parse_result_free (VitrineYoutubeParseResult *result)
{
  if (result == NULL)
    return;

  g_clear_pointer (&result->items, g_ptr_array_unref);
  g_clear_pointer (&result->retracted, g_ptr_array_unref);
  g_clear_pointer (&result->banned, g_ptr_array_unref);
  g_clear_pointer (&result->ban_seconds, g_array_unref);
  g_clear_pointer (&result->offline_at, g_date_time_unref);
  g_free (result->next_page_token);
  g_free (result->reason_name);
  g_free (result->error_message);
  g_free (result);
}
