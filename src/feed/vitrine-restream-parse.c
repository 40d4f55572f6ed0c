/* vitrine-restream-parse.c
 *
 * Copyright 2026 The Vitrine developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "vitrine-restream"

#include "config.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "vitrine-feed-error.h"
#include "vitrine-json-guard.h"
#include "vitrine-restream-parse.h"

/* The frames of the Restream Chat WebSocket, read without any I/O so a fuzzer
 * can feed them anything (tests/fuzz/fuzz-restream.c). Each frame is one
 * action (developers.restream.io/chat/actions, platform-apis.md §6.1):
 *
 *   {"action": "event", "timestamp": 1763751845,
 *    "payload": {"connectionIdentifier": "…", "eventIdentifier": "…",
 *                "eventSourceId": 2, "eventTypeId": 4, "userId": 4242,
 *                "eventPayload": {"author": {…}, "text": "…", …}}}
 *
 * `eventSourceId` says where the message was written (1 Restream, 2 Twitch,
 * 13 YouTube, 19/20 Facebook profile/page, 24 DLive, 25 Discord, 26 LinkedIn,
 * 27 Trovo, 28 X, 29 Kick, 33 Rumble): items carry that platform, so a
 * Twitch message read through Restream is a Twitch message in the feed.
 * `eventTypeId` says the shape of `eventPayload`: 4 Twitch text, 5 YouTube
 * text, 7 Super Chat and 8 Super Sticker (`donation.amount` a decimal string
 * and `donation.currencyString`), 11–14 and 19–20 Facebook text and stickers
 * (every author field optional), 1 Discord, 2–3 DLive, 21 LinkedIn (the
 * author optional). Unknown types that carry a `text` still become chat.
 *
 * `eventIdentifier` is documented as not unique; it is kept as the item's id
 * all the same (nothing is dropped because of it). Restream documents no
 * deletion or ban action. Money is read as decimal text into minor units,
 * never through a double; a JSON number that is not an integer leaves the
 * amount out. Invalid UTF-8 is replaced before parsing. */

typedef enum
{
  SHAPE_GENERIC,
  SHAPE_TWITCH,
  SHAPE_YOUTUBE,
  SHAPE_FACEBOOK,
  SHAPE_LINKEDIN,
  SHAPE_DLIVE,
  SHAPE_DISCORD,
} Shape;

static const struct
{
  gint64               id;
  Shape                shape;
  VitrineFeedItemKind  kind;
  const char          *detail;
} event_types[] = {
  { 1,  SHAPE_DISCORD,  VITRINE_FEED_ITEM_CHAT, NULL },
  { 2,  SHAPE_DLIVE,    VITRINE_FEED_ITEM_CHAT, NULL },
  { 3,  SHAPE_DLIVE,    VITRINE_FEED_ITEM_CHAT, N_("Emoji") },
  { 4,  SHAPE_TWITCH,   VITRINE_FEED_ITEM_CHAT, NULL },
  { 5,  SHAPE_YOUTUBE,  VITRINE_FEED_ITEM_CHAT, NULL },
  { 7,  SHAPE_YOUTUBE,  VITRINE_FEED_ITEM_PAID, N_("Super Chat") },
  { 8,  SHAPE_YOUTUBE,  VITRINE_FEED_ITEM_PAID, N_("Super Sticker") },
  { 11, SHAPE_FACEBOOK, VITRINE_FEED_ITEM_CHAT, NULL },
  { 12, SHAPE_FACEBOOK, VITRINE_FEED_ITEM_CHAT, N_("Sticker") },
  { 13, SHAPE_FACEBOOK, VITRINE_FEED_ITEM_CHAT, NULL },
  { 14, SHAPE_FACEBOOK, VITRINE_FEED_ITEM_CHAT, N_("Sticker") },
  { 19, SHAPE_FACEBOOK, VITRINE_FEED_ITEM_CHAT, NULL },
  { 20, SHAPE_FACEBOOK, VITRINE_FEED_ITEM_CHAT, N_("Sticker") },
  { 21, SHAPE_LINKEDIN, VITRINE_FEED_ITEM_CHAT, NULL },
};

static const struct
{
  gint64      id;
  const char *platform;
} event_sources[] = {
  { 1,  "restream" },
  { 2,  "twitch" },
  { 13, "youtube" },
  { 19, "facebook" },
  { 20, "facebook" },
  { 24, "dlive" },
  { 25, "discord" },
  { 26, "linkedin" },
  { 27, "trovo" },
  { 28, "x" },
  { 29, "kick" },
  { 33, "rumble" },
};

static const struct
{
  const char *platform;
  const char *title;
} platform_titles[] = {
  { "restream", "Restream" },
  { "twitch",   "Twitch" },
  { "youtube",  "YouTube" },
  { "facebook", "Facebook" },
  { "dlive",    "DLive" },
  { "discord",  "Discord" },
  { "linkedin", "LinkedIn" },
  { "trovo",    "Trovo" },
  { "x",        "X" },
  { "kick",     "Kick" },
  { "rumble",   "Rumble" },
};

static const struct
{
  const char                *name;
  VitrineRestreamActionType  type;
} action_names[] = {
  { "heartbeat",         VITRINE_RESTREAM_ACTION_HEARTBEAT },
  { "connection_info",   VITRINE_RESTREAM_ACTION_CONNECTION_INFO },
  { "connection_closed", VITRINE_RESTREAM_ACTION_CONNECTION_CLOSED },
  { "event",             VITRINE_RESTREAM_ACTION_EVENT },
  { "reply_created",     VITRINE_RESTREAM_ACTION_REPLY_CREATED },
  { "reply_accepted",    VITRINE_RESTREAM_ACTION_REPLY_ACCEPTED },
  { "reply_confirmed",   VITRINE_RESTREAM_ACTION_REPLY_CONFIRMED },
  { "reply_failed",      VITRINE_RESTREAM_ACTION_REPLY_FAILED },
  { "relay_accepted",    VITRINE_RESTREAM_ACTION_RELAY },
  { "relay_confirmed",   VITRINE_RESTREAM_ACTION_RELAY },
  { "relay_failed",      VITRINE_RESTREAM_ACTION_RELAY },
};

/* Ids and codes are compared, never shown, but they end up in logs and
 * hash tables: kept short. */
#define MAX_ID_BYTES 256

/* No frame of this API nests deeper than a few levels; json-glib parses
 * recursively (see vitrine_json_check_depth()). */
#define MAX_JSON_DEPTH 64

static JsonObject *
get_object (JsonObject *object,
            const char *member)
{
  JsonNode *node = object ? json_object_get_member (object, member) : NULL;

  return node && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
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

static gboolean
get_int (JsonObject *object,
         const char *member,
         gint64     *value)
{
  JsonNode *node = object ? json_object_get_member (object, member) : NULL;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_INT64)
    return FALSE;
  *value = json_node_get_int (node);
  return TRUE;
}

static gboolean
get_boolean (JsonObject *object,
             const char *member)
{
  JsonNode *node = object ? json_object_get_member (object, member) : NULL;

  return node != NULL && JSON_NODE_HOLDS_VALUE (node) &&
         json_node_get_value_type (node) == G_TYPE_BOOLEAN && json_node_get_boolean (node);
}

/* A string or an integer, as short text; NULL when empty or another type. */
static char *
dup_id (JsonObject *object,
        const char *member)
{
  JsonNode *node = object ? json_object_get_member (object, member) : NULL;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return NULL;
  if (json_node_get_value_type (node) == G_TYPE_STRING)
    {
      g_autofree char *valid = NULL;
      const char *text = json_node_get_string (node);
      gsize length;

      if (text == NULL || *text == '\0')
        return NULL;
      /* Compared, never shown: valid UTF-8 (json-glib lets "\ud800"
       * through), of a sane length, cut on a character boundary. */
      valid = g_utf8_make_valid (text, -1);
      length = strlen (valid);
      if (length > MAX_ID_BYTES)
        length = g_utf8_find_prev_char (valid, valid + MAX_ID_BYTES + 1) - valid;
      valid[length] = '\0';
      return g_steal_pointer (&valid);
    }
  if (json_node_get_value_type (node) == G_TYPE_INT64)
    return g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (node));
  return NULL;
}

/* A name is shown only if something visible is left once sanitised. */
static const char *
visible (const char *name)
{
  g_autofree char *shown = NULL;

  if (name == NULL)
    return NULL;
  shown = vitrine_feed_sanitize_name (name, 64);
  return *shown != '\0' ? name : NULL;
}

/**
 * vitrine_restream_platform_for_source:
 * @source_id: Restream's `eventSourceId`
 *
 * Returns: our platform name: `twitch`, `youtube`, `facebook`, … or
 *   `restream` for Restream itself and for sources this version does not know
 */
const char *
vitrine_restream_platform_for_source (gint64 source_id)
{
  for (guint i = 0; i < G_N_ELEMENTS (event_sources); i++)
    if (event_sources[i].id == source_id)
      return event_sources[i].platform;
  return "restream";
}

/**
 * vitrine_restream_platform_title:
 * @platform: (nullable): a platform name such as `youtube`
 *
 * Returns: the platform's name as its owner writes it (`YouTube`), for
 *   status lines
 */
const char *
vitrine_restream_platform_title (const char *platform)
{
  for (guint i = 0; i < G_N_ELEMENTS (platform_titles); i++)
    if (g_strcmp0 (platform_titles[i].platform, platform) == 0)
      return platform_titles[i].title;
  return "Restream";
}

/**
 * vitrine_restream_describe_reason:
 * @reason: (nullable): a connection's or reply's error code
 *
 * Returns: (transfer full): what the code means, in words a host reads
 */
char *
vitrine_restream_describe_reason (const char *reason)
{
  g_autofree char *code = vitrine_feed_sanitize_text (reason, 80);

  if (g_strcmp0 (code, "youtube_livechat_ended") == 0)
    return g_strdup (_("the live chat has ended"));
  if (g_strcmp0 (code, "restream_channel_connection_expired") == 0)
    return g_strdup (_("Restream’s link to the channel expired: connect the channel again in "
                       "Restream"));
  if (g_strcmp0 (code, "facebook_event_not_live") == 0)
    return g_strdup (_("the Facebook event is not live"));
  if (g_strcmp0 (code, "connection_in_error_state") == 0)
    return g_strdup (_("Restream’s connection to the channel has an error"));
  if (*code == '\0')
    return g_strdup (_("Restream reports an error"));
  return g_strdup_printf (_("Restream reports “%s”"), code);
}

static VitrineFeedItemFlags
twitch_flags (JsonObject *author)
{
  VitrineFeedItemFlags flags = VITRINE_FEED_ITEM_FLAG_NONE;
  JsonNode *badges = json_object_get_member (author, "badges");
  g_autoptr(GPtrArray) names = g_ptr_array_new ();
  gint64 months;

  /* An array of {title, imageUrl, clickUrl} in the docs, an object of
   * name → version in a capture: both read. */
  if (badges != NULL && JSON_NODE_HOLDS_ARRAY (badges))
    {
      JsonArray *array = json_node_get_array (badges);

      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          JsonNode *badge = json_array_get_element (array, i);

          if (JSON_NODE_HOLDS_OBJECT (badge))
            {
              const char *title = get_string (json_node_get_object (badge), "title");

              if (title != NULL)
                g_ptr_array_add (names, (gpointer) title);
            }
        }
    }
  else if (badges != NULL && JSON_NODE_HOLDS_OBJECT (badges))
    {
      JsonObjectIter iter;
      const char *name;

      json_object_iter_init (&iter, json_node_get_object (badges));
      while (json_object_iter_next (&iter, &name, NULL))
        g_ptr_array_add (names, (gpointer) name);
    }

  for (guint i = 0; i < names->len; i++)
    {
      g_autofree char *name = g_utf8_strdown (g_ptr_array_index (names, i), -1);

      if (strstr (name, "broadcaster") != NULL)
        flags |= VITRINE_FEED_ITEM_FLAG_OWNER;
      else if (strstr (name, "moderator") != NULL)
        flags |= VITRINE_FEED_ITEM_FLAG_MODERATOR;
      else if (strstr (name, "verified") != NULL || strstr (name, "partner") != NULL)
        flags |= VITRINE_FEED_ITEM_FLAG_VERIFIED;
      else if (strstr (name, "subscriber") != NULL || strstr (name, "founder") != NULL)
        flags |= VITRINE_FEED_ITEM_FLAG_MEMBER;
    }

  if (get_int (author, "subscribedFor", &months) && months > 0)
    flags |= VITRINE_FEED_ITEM_FLAG_MEMBER;
  return flags;
}

static VitrineFeedItemFlags
youtube_flags (JsonObject *author)
{
  VitrineFeedItemFlags flags = VITRINE_FEED_ITEM_FLAG_NONE;

  if (get_boolean (author, "isChatOwner"))
    flags |= VITRINE_FEED_ITEM_FLAG_OWNER;
  if (get_boolean (author, "isChatModerator"))
    flags |= VITRINE_FEED_ITEM_FLAG_MODERATOR;
  if (get_boolean (author, "isChatSponsor"))
    flags |= VITRINE_FEED_ITEM_FLAG_MEMBER;
  if (get_boolean (author, "isVerified"))
    flags |= VITRINE_FEED_ITEM_FLAG_VERIFIED;
  return flags;
}

static const char *
author_name (JsonObject *author,
             Shape       shape)
{
  const char *name = NULL;

  switch (shape)
    {
    case SHAPE_TWITCH:
      name = visible (get_string (author, "displayName"));
      if (name == NULL)
        name = visible (get_string (author, "name"));
      break;
    case SHAPE_DISCORD:
      name = visible (get_string (author, "nickname"));
      if (name == NULL)
        name = visible (get_string (author, "name"));
      break;
    case SHAPE_DLIVE:
      name = visible (get_string (author, "name"));
      if (name == NULL)
        name = visible (get_string (author, "username"));
      break;
    case SHAPE_YOUTUBE:
    case SHAPE_FACEBOOK:
    case SHAPE_LINKEDIN:
    case SHAPE_GENERIC:
    default:
      name = visible (get_string (author, "displayName"));
      if (name == NULL)
        name = visible (get_string (author, "name"));
      if (name == NULL)
        name = visible (get_string (author, "nickname"));
      if (name == NULL)
        name = visible (get_string (author, "username"));
      break;
    }

  if (name != NULL)
    return name;

  /* Facebook hides authors for privacy, LinkedIn for members who do not
   * share their name. */
  switch (shape)
    {
    case SHAPE_FACEBOOK:
      return _("Facebook user");
    case SHAPE_LINKEDIN:
      return _("LinkedIn member");
    default:
      return _("Viewer");
    }
}

/* Super Chat and Super Sticker: `donation.amount` as decimal text. */
static void
read_donation (VitrineFeedItem *item,
               JsonObject      *payload,
               const char      *detail)
{
  JsonObject *donation = get_object (payload, "donation");
  JsonNode *amount_node = donation ? json_object_get_member (donation, "amount") : NULL;
  const char *currency = get_string (donation, "currencyString");
  g_autofree char *amount = NULL;
  char code[4];
  VitrineMoney money;

  if (amount_node != NULL && JSON_NODE_HOLDS_VALUE (amount_node))
    {
      if (json_node_get_value_type (amount_node) == G_TYPE_STRING)
        amount = g_strdup (json_node_get_string (amount_node));
      else if (json_node_get_value_type (amount_node) == G_TYPE_INT64)
        amount = g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (amount_node));
    }

  if (amount != NULL && currency != NULL && vitrine_currency_normalize (currency, code) &&
      vitrine_money_parse (amount, code, &money, NULL))
    {
      vitrine_feed_item_set_amount (item, &money);
      vitrine_feed_item_set_detail (item, detail);
      return;
    }

  /* Not an amount Vitrine can count: the host still sees what was said. */
  if (amount != NULL && currency != NULL)
    {
      g_autofree char *shown = g_strdup_printf ("%s · %s %s", detail, amount, currency);

      vitrine_feed_item_set_detail (item, shown);
    }
  else
    {
      vitrine_feed_item_set_detail (item, detail);
    }
}

static void
read_event (VitrineRestreamAction *action,
            JsonObject            *payload,
            GDateTime             *time)
{
  JsonObject *event = get_object (payload, "eventPayload");
  JsonObject *author;
  JsonObject *parent;
  g_autofree char *id = dup_id (payload, "eventIdentifier");
  g_autofree char *author_id = NULL;
  VitrineFeedItemKind kind = VITRINE_FEED_ITEM_CHAT;
  VitrineFeedItemFlags flags = VITRINE_FEED_ITEM_FLAG_NONE;
  const char *detail = NULL;
  const char *text;
  const char *parent_name;
  Shape shape = SHAPE_GENERIC;
  gint64 source_id = 0;
  gint64 type_id = 0;
  VitrineFeedItem *item;

  get_int (payload, "eventSourceId", &source_id);
  get_int (payload, "eventTypeId", &type_id);
  action->platform = g_strdup (vitrine_restream_platform_for_source (source_id));
  action->connection_identifier = dup_id (payload, "connectionIdentifier");

  if (event == NULL)
    return;

  for (guint i = 0; i < G_N_ELEMENTS (event_types); i++)
    if (event_types[i].id == type_id)
      {
        shape = event_types[i].shape;
        kind = event_types[i].kind;
        detail = event_types[i].detail ? _(event_types[i].detail) : NULL;
        break;
      }

  text = get_string (event, "text");
  /* A type this version does not know is shown if it says something. */
  if (text == NULL && detail == NULL)
    return;

  author = get_object (event, "author");
  switch (shape)
    {
    case SHAPE_DLIVE:
      author_id = dup_id (author, "username");
      break;
    case SHAPE_LINKEDIN:
      break;
    default:
      author_id = dup_id (author, "id");
      break;
    }

  if (shape == SHAPE_TWITCH && author != NULL)
    flags = twitch_flags (author);
  else if (shape == SHAPE_YOUTUBE && author != NULL)
    flags = youtube_flags (author);

  item = vitrine_feed_item_new_full (kind, action->platform, id, author_id,
                                     author_name (author, shape), text ? text : "", time);
  vitrine_feed_item_set_flags (item, flags);

  if (kind == VITRINE_FEED_ITEM_PAID)
    read_donation (item, event, detail);
  else if (detail != NULL)
    vitrine_feed_item_set_detail (item, detail);

  /* A Facebook reply names the author of the comment it answers. */
  parent = get_object (event, "parent");
  parent_name = visible (get_string (parent, "name"));
  if (parent_name != NULL && vitrine_feed_item_get_detail (item) == NULL)
    {
      g_autofree char *reply = g_strdup_printf (_("Reply to %s"), parent_name);

      vitrine_feed_item_set_detail (item, reply);
    }

  action->item = item;
}

static void
read_reply_created (VitrineRestreamAction *action,
                    JsonObject            *payload,
                    GDateTime             *time)
{
  g_autofree char *id = dup_id (payload, "replyUuid");
  const char *text = get_string (payload, "text");
  gint64 source_id = 1;

  get_int (payload, "eventSourceId", &source_id);
  action->platform = g_strdup (vitrine_restream_platform_for_source (source_id));
  if (text == NULL)
    return;

  /* The host's own words, sent from Restream Chat to one channel or all. */
  action->item = vitrine_feed_item_new_full (VITRINE_FEED_ITEM_CHAT, action->platform, id, NULL,
                                             _("You"), text, time);
  vitrine_feed_item_set_flags (action->item, VITRINE_FEED_ITEM_FLAG_OWNER);
}

static GDateTime *
read_time (JsonObject *root)
{
  JsonNode *node = json_object_get_member (root, "timestamp");
  gint64 seconds;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return NULL;
  /* A time, not money: a double is fine. */
  if (json_node_get_value_type (node) == G_TYPE_INT64)
    seconds = json_node_get_int (node);
  else if (json_node_get_value_type (node) == G_TYPE_DOUBLE)
    seconds = (gint64) CLAMP (json_node_get_double (node), 0, 253402300799.0);
  else
    return NULL;

  /* 0001-01-01 … 9999-12-31, what GDateTime can hold. */
  if (seconds <= 0 || seconds > G_GINT64_CONSTANT (253402300799))
    return NULL;
  return g_date_time_new_from_unix_utc (seconds);
}

/**
 * vitrine_restream_parse_action:
 * @data: (array length=length): one WebSocket frame, any bytes
 * @length: its length
 *
 * Returns: (transfer full) (nullable): the action, or %NULL with @error set
 *   (%VITRINE_FEED_ERROR_PROTOCOL) when the frame is not one
 */
VitrineRestreamAction *
vitrine_restream_parse_action (const char  *data,
                               gsize        length,
                               GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) local_error = NULL;
  g_autoptr(VitrineRestreamAction) action = NULL;
  g_autofree char *valid = NULL;
  JsonObject *root;
  JsonObject *payload;
  JsonNode *node;
  const char *name;
  gsize offset;

  if (data == NULL || length == 0)
    {
      g_set_error (error, VITRINE_FEED_ERROR, VITRINE_FEED_ERROR_PROTOCOL,
                   _("Restream sent an empty message"));
      return NULL;
    }

  if (!vitrine_json_check_depth (data, length, MAX_JSON_DEPTH, &offset))
    {
      g_set_error (error, VITRINE_FEED_ERROR, VITRINE_FEED_ERROR_PROTOCOL,
                   _("Restream sent a message nested too deeply to be read"));
      return NULL;
    }
  if (!vitrine_json_is_one_container (data, length))
    {
      g_set_error (error, VITRINE_FEED_ERROR, VITRINE_FEED_ERROR_PROTOCOL,
                   _("Restream sent a message that is not one JSON object"));
      return NULL;
    }

  valid = g_utf8_make_valid (data, length);
  if (!json_parser_load_from_data (parser, valid, -1, &local_error))
    {
      g_set_error (error, VITRINE_FEED_ERROR, VITRINE_FEED_ERROR_PROTOCOL,
                   _("Restream sent a message that is not JSON: %s"), local_error->message);
      return NULL;
    }

  node = json_parser_get_root (parser);
  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    {
      g_set_error (error, VITRINE_FEED_ERROR, VITRINE_FEED_ERROR_PROTOCOL,
                   _("Restream sent a message that is not a JSON object"));
      return NULL;
    }
  root = json_node_get_object (node);

  name = get_string (root, "action");
  if (name == NULL)
    {
      g_set_error (error, VITRINE_FEED_ERROR, VITRINE_FEED_ERROR_PROTOCOL,
                   _("Restream sent a message without an action"));
      return NULL;
    }

  action = g_new0 (VitrineRestreamAction, 1);
  for (guint i = 0; i < G_N_ELEMENTS (action_names); i++)
    if (g_str_equal (action_names[i].name, name))
      {
        action->type = action_names[i].type;
        break;
      }
  action->time = read_time (root);
  payload = get_object (root, "payload");

  switch (action->type)
    {
    case VITRINE_RESTREAM_ACTION_CONNECTION_INFO:
      {
        gint64 source_id = 0;
        const char *reason = get_string (payload, "reason");

        get_int (payload, "eventSourceId", &source_id);
        action->platform = g_strdup (vitrine_restream_platform_for_source (source_id));
        action->connection_identifier = dup_id (payload, "connectionIdentifier");
        action->connection_uuid = dup_id (payload, "connectionUuid");
        action->status = dup_id (payload, "status");
        action->reason = reason ? vitrine_feed_sanitize_text (reason, 80) : NULL;
      }
      break;

    case VITRINE_RESTREAM_ACTION_CONNECTION_CLOSED:
    case VITRINE_RESTREAM_ACTION_REPLY_FAILED:
      {
        const char *reason = get_string (payload, "reason");

        action->connection_identifier = dup_id (payload, "connectionIdentifier");
        action->connection_uuid = dup_id (payload, "connectionUuid");
        action->reason = reason ? vitrine_feed_sanitize_text (reason, 80) : NULL;
      }
      break;

    case VITRINE_RESTREAM_ACTION_EVENT:
      if (payload != NULL)
        read_event (action, payload, action->time);
      break;

    case VITRINE_RESTREAM_ACTION_REPLY_CREATED:
      if (payload != NULL)
        read_reply_created (action, payload, action->time);
      break;

    case VITRINE_RESTREAM_ACTION_REPLY_ACCEPTED:
    case VITRINE_RESTREAM_ACTION_REPLY_CONFIRMED:
    case VITRINE_RESTREAM_ACTION_RELAY:
      action->connection_identifier = dup_id (payload, "connectionIdentifier");
      break;

    case VITRINE_RESTREAM_ACTION_HEARTBEAT:
    case VITRINE_RESTREAM_ACTION_UNKNOWN:
    default:
      break;
    }

  return g_steal_pointer (&action);
}

void
vitrine_restream_action_free (VitrineRestreamAction *action)
{
  if (action == NULL)
    return;
  g_clear_pointer (&action->time, g_date_time_unref);
  g_clear_object (&action->item);
  g_free (action->platform);
  g_free (action->connection_identifier);
  g_free (action->connection_uuid);
  g_free (action->status);
  g_free (action->reason);
  g_free (action);
}
