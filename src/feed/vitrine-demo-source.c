/* vitrine-demo-source.c
 *
 * Copyright 2026 The Vitrine developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "vitrine-demo-source"

#include "config.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>
#include <math.h>
#include <string.h>

#include "vitrine-demo-source.h"
#include "vitrine-feed-error.h"
#include "vitrine-order.h"

/* A connector without a network: it plays a script of timed events on
 * several platforms, for the demo show and for UI tests.
 *
 * The script (data/demo/feed-script.json) is a JSON object:
 *
 *   {
 *     "version": 1,                   optional; only 1 is known
 *     "title": "…",                   optional, for people reading the file
 *     "loop_after": 90.0,             optional: seconds from the start of one
 *                                     round to the next when looping; more
 *                                     than the last "at" (default: last + 2)
 *     "events": [ {…}, … ]            at least one, in the order of "at"
 *   }
 *
 * Each event has "at" (seconds from the start of the round, a number, never
 * less than the event before) and "kind":
 *
 *   "chat", "paid", "membership", "order", "claim", "moderation", "notice"
 *       a feed item of that kind, with the optional strings "platform"
 *       ("youtube", "twitch", "facebook", "shopify"…; none for a notice from
 *       the studio), "id" (the platform's message id, needed to delete it
 *       later), "author", "author_id", "text", "detail" ("Super Chat",
 *       "500 bits", "Order #1042"…), "amount" with "currency" (decimal text
 *       and an ISO 4217 code: "39.90" and "EUR"; a JSON number is refused, as
 *       money is never a double) and "flags" (a list of "owner",
 *       "moderator", "member", "verified"). A missing author is "Facebook
 *       user" on Facebook (which hides authors) and "Viewer" elsewhere.
 *       An "order" may list its "lines": [{"sku": "SCARF-RIV", "quantity": 1,
 *       "price": "39.90"}, …] (price per unit, in "currency"); it is then
 *       also a real order (the "order" signal): it takes stock from the
 *       catalog and counts in the show's sales, like a shop's.
 *   "delete"
 *       the message "target" on "platform" is deleted there.
 *   "ban"
 *       the user "author_id" on "platform" is banned there.
 *
 * Comments that are claims ("SOLD A1 M", "+1 A3", "quiero A2", "我要 A5")
 * are plain "chat": turning them into claims is the claim queue's work.
 *
 * Timing: an event is emitted when the script's clock reaches its "at"; the
 * clock runs `speed` times faster than the real one (tests use 50 or more)
 * and is anchored, so lateness never accumulates. When `loop` is set the
 * script starts over every "loop_after" seconds; ids get a "~<round>"
 * suffix from the second round on so deletions hit the right round.
 *
 * Deletions and bans are applied to the items this source emitted (marked
 * deleted or banned) as well as signalled, because the feed looks
 * retractions up under the source's platform ("demo") while the items carry
 * their own platforms. */

typedef enum
{
  ACTION_ITEM,
  ACTION_DELETE,
  ACTION_BAN,
} Action;

typedef struct
{
  double                at;
  Action                action;
  VitrineFeedItemKind   kind;
  char                 *platform;
  char                 *id;
  char                 *author_id;
  char                 *author;
  char                 *text;
  char                 *detail;
  char                 *target;
  VitrineMoney          amount;
  gboolean              has_amount;
  VitrineFeedItemFlags  flags;
  GPtrArray            *lines;        /* VitrineOrderLineItem, or NULL */
} DemoEvent;

struct _VitrineDemoSource
{
  VitrineFeedSource  parent_instance;

  GFile             *script;
  gboolean           loop;
  double             speed;

  GPtrArray         *events;        /* DemoEvent */
  double             period;        /* seconds of script per round */
  guint              next;
  guint              round;
  gint64             anchor;        /* monotonic µs when the clock read @offset */
  double             offset;        /* script seconds since the start */
  guint              timeout_id;
  GHashTable        *emitted;       /* "platform\nid" → VitrineFeedItem, this round */
  GHashTable        *banned;        /* "platform\nauthor id", this round */
};

G_DEFINE_FINAL_TYPE (VitrineDemoSource, vitrine_demo_source, VITRINE_TYPE_FEED_SOURCE)

enum {
  PROP_0,
  PROP_SCRIPT,
  PROP_LOOP,
  PROP_SPEED,
  N_PROPS
};

static GParamSpec *properties [N_PROPS];



static const struct
{
  const char          *name;
  Action               action;
  VitrineFeedItemKind  kind;
} kinds[] = {
  { "chat",       ACTION_ITEM,   VITRINE_FEED_ITEM_CHAT },
  { "paid",       ACTION_ITEM,   VITRINE_FEED_ITEM_PAID },
  { "membership", ACTION_ITEM,   VITRINE_FEED_ITEM_MEMBERSHIP },
  { "order",      ACTION_ITEM,   VITRINE_FEED_ITEM_ORDER },
  { "claim",      ACTION_ITEM,   VITRINE_FEED_ITEM_CLAIM },
  { "moderation", ACTION_ITEM,   VITRINE_FEED_ITEM_MODERATION },
  { "notice",     ACTION_ITEM,   VITRINE_FEED_ITEM_NOTICE },
  { "delete",     ACTION_DELETE, VITRINE_FEED_ITEM_MODERATION },
  { "ban",        ACTION_BAN,    VITRINE_FEED_ITEM_MODERATION },
};

static const struct
{
  const char           *name;
  VitrineFeedItemFlags  flag;
} flag_names[] = {
  { "owner",     VITRINE_FEED_ITEM_FLAG_OWNER },
  { "moderator", VITRINE_FEED_ITEM_FLAG_MODERATOR },
  { "member",    VITRINE_FEED_ITEM_FLAG_MEMBER },
  { "verified",  VITRINE_FEED_ITEM_FLAG_VERIFIED },
};

static void tick (VitrineDemoSource *self);

static void
demo_event_free (DemoEvent *event)
{
  g_free (event->platform);
  g_free (event->id);
  g_free (event->author_id);
  g_free (event->author);
  g_free (event->text);
  g_clear_pointer (&event->lines, g_ptr_array_unref);
  g_free (event->detail);
  g_free (event->target);
  g_free (event);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DemoEvent, demo_event_free)

static char *
key_for (const char *platform,
         const char *id)
{
  return g_strconcat (platform ? platform : "", "\n", id, NULL);
}

/* Script reading */

static gboolean
get_number (JsonObject *object,
            const char *member,
            double     *value)
{
  JsonNode *node = json_object_get_member (object, member);

  /* Seconds, not money: a double is what they are. */
  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return FALSE;
  if (json_node_get_value_type (node) == G_TYPE_INT64)
    *value = json_node_get_int (node);
  else if (json_node_get_value_type (node) == G_TYPE_DOUBLE)
    *value = json_node_get_double (node);
  else
    return FALSE;
  return isfinite (*value);
}

/* An optional string member: TRUE when absent (NULL) or a string. */
static gboolean
dup_string (JsonObject  *object,
            const char  *member,
            char       **value,
            guint        index,
            GError     **error)
{
  JsonNode *node = json_object_get_member (object, member);

  *value = NULL;
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    {
      g_set_error (error, VITRINE_FEED_ERROR, VITRINE_FEED_ERROR_PROTOCOL,
                   _("event %u: “%s” must be text"), index, member);
      return FALSE;
    }
  *value = g_strdup (json_node_get_string (node));
  return TRUE;
}

/* An order's "lines": what it takes from the catalog. */
static gboolean
read_lines (JsonObject  *object,
            const char  *currency,
            DemoEvent   *event,
            guint        index,
            GError     **error)
{
  JsonNode *node = json_object_get_member (object, "lines");
  JsonArray *array = JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL;

  if (array == NULL || event->kind != VITRINE_FEED_ITEM_ORDER || currency == NULL)
    {
      g_set_error (error, VITRINE_FEED_ERROR, VITRINE_FEED_ERROR_PROTOCOL,
                   _("event %u: “lines” is a list, for an order with a “currency”"), index);
      return FALSE;
    }

  event->lines = g_ptr_array_new_with_free_func ((GDestroyNotify) vitrine_order_line_item_free);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *element = json_array_get_element (array, i);
      JsonObject *line = JSON_NODE_HOLDS_OBJECT (element) ? json_node_get_object (element) : NULL;
      const char *sku = line ? json_object_get_string_member_with_default (line, "sku", NULL) : NULL;
      const char *price = line ? json_object_get_string_member_with_default (line, "price", NULL)
                               : NULL;
      JsonNode *quantity = line ? json_object_get_member (line, "quantity") : NULL;
      g_autoptr(VitrineOrderLineItem) item = vitrine_order_line_item_new ();

      if (sku == NULL || price == NULL || quantity == NULL || !JSON_NODE_HOLDS_VALUE (quantity) ||
          json_node_get_value_type (quantity) != G_TYPE_INT64 || json_node_get_int (quantity) < 1 ||
          !vitrine_money_parse (price, currency, &item->unit_price, NULL))
        {
          g_set_error (error, VITRINE_FEED_ERROR, VITRINE_FEED_ERROR_PROTOCOL,
                       _("event %u, line %u: expected {\"sku\": \"…\", \"quantity\": 1, "
                         "\"price\": \"39.90\"}"), index, i + 1);
          return FALSE;
        }
      item->id = g_strdup_printf ("%u", i + 1);
      item->sku = g_strdup (sku);
      item->quantity = json_node_get_int (quantity);
      g_ptr_array_add (event->lines, g_steal_pointer (&item));
    }
  return TRUE;
}

static DemoEvent *
read_event (JsonNode  *node,
            guint      index,
            double     previous_at,
            GError   **error)
{
  g_autoptr(DemoEvent) event = g_new0 (DemoEvent, 1);
  g_autofree char *kind = NULL;
  g_autofree char *amount = NULL;
  g_autofree char *currency = NULL;
  g_autoptr(GError) money_error = NULL;
  JsonObject *object;
  JsonNode *flags;
  gboolean known = FALSE;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      g_set_error (error, VITRINE_FEED_ERROR, VITRINE_FEED_ERROR_PROTOCOL,
                   _("event %u is not an object"), index);
      return NULL;
    }
  object = json_node_get_object (node);

  if (!get_number (object, "at", &event->at) || event->at < 0)
    {
      g_set_error (error, VITRINE_FEED_ERROR, VITRINE_FEED_ERROR_PROTOCOL,
                   _("event %u: “at” must be a number of seconds"), index);
      return NULL;
    }
  if (event->at < previous_at)
    {
      g_set_error (error, VITRINE_FEED_ERROR, VITRINE_FEED_ERROR_PROTOCOL,
                   _("event %u comes before the event above it"), index);
      return NULL;
    }

  if (!dup_string (object, "kind", &kind, index, error) ||
      !dup_string (object, "platform", &event->platform, index, error) ||
      !dup_string (object, "id", &event->id, index, error) ||
      !dup_string (object, "author_id", &event->author_id, index, error) ||
      !dup_string (object, "author", &event->author, index, error) ||
      !dup_string (object, "text", &event->text, index, error) ||
      !dup_string (object, "detail", &event->detail, index, error) ||
      !dup_string (object, "target", &event->target, index, error) ||
      !dup_string (object, "currency", &currency, index, error))
    return NULL;

  for (guint i = 0; kind != NULL && i < G_N_ELEMENTS (kinds); i++)
    if (g_str_equal (kinds[i].name, kind))
      {
        event->action = kinds[i].action;
        event->kind = kinds[i].kind;
        known = TRUE;
        break;
      }
  if (!known)
    {
      g_set_error (error, VITRINE_FEED_ERROR, VITRINE_FEED_ERROR_PROTOCOL,
                   _("event %u: “kind” must be chat, paid, membership, order, claim, "
                     "moderation, notice, delete or ban"), index);
      return NULL;
    }

  if (event->action == ACTION_DELETE && (event->platform == NULL || event->target == NULL))
    {
      g_set_error (error, VITRINE_FEED_ERROR, VITRINE_FEED_ERROR_PROTOCOL,
                   _("event %u: a deletion needs a “platform” and a “target”"), index);
      return NULL;
    }
  if (event->action == ACTION_BAN && (event->platform == NULL || event->author_id == NULL))
    {
      g_set_error (error, VITRINE_FEED_ERROR, VITRINE_FEED_ERROR_PROTOCOL,
                   _("event %u: a ban needs a “platform” and an “author_id”"), index);
      return NULL;
    }

  if (json_object_has_member (object, "amount"))
    {
      if (!dup_string (object, "amount", &amount, index, error))
        {
          g_clear_error (error);
          g_set_error (error, VITRINE_FEED_ERROR, VITRINE_FEED_ERROR_PROTOCOL,
                       _("event %u: “amount” must be decimal text such as \"39.90\""), index);
          return NULL;
        }
      if (amount != NULL &&
          !vitrine_money_parse (amount, currency ? currency : "", &event->amount, &money_error))
        {
          g_set_error (error, VITRINE_FEED_ERROR, VITRINE_FEED_ERROR_PROTOCOL,
                       _("event %u: %s"), index, money_error->message);
          return NULL;
        }
      event->has_amount = amount != NULL;
    }

  if (json_object_has_member (object, "lines") &&
      !read_lines (object, currency, event, index, error))
    return NULL;

  flags = json_object_get_member (object, "flags");
  if (flags != NULL && !JSON_NODE_HOLDS_NULL (flags))
    {
      JsonArray *array = JSON_NODE_HOLDS_ARRAY (flags) ? json_node_get_array (flags) : NULL;
      guint n = array ? json_array_get_length (array) : 1;

      for (guint i = 0; i < n; i++)
        {
          JsonNode *flag = array ? json_array_get_element (array, i) : NULL;
          const char *name = NULL;
          gboolean found = FALSE;

          if (flag != NULL && JSON_NODE_HOLDS_VALUE (flag) &&
              json_node_get_value_type (flag) == G_TYPE_STRING)
            name = json_node_get_string (flag);
          for (guint j = 0; name != NULL && j < G_N_ELEMENTS (flag_names); j++)
            if (g_str_equal (flag_names[j].name, name))
              {
                event->flags |= flag_names[j].flag;
                found = TRUE;
              }
          if (!found)
            {
              g_set_error (error, VITRINE_FEED_ERROR, VITRINE_FEED_ERROR_PROTOCOL,
                           _("event %u: “flags” must be a list of owner, moderator, member "
                             "and verified"), index);
              return NULL;
            }
        }
    }

  if (event->action == ACTION_ITEM && event->author == NULL &&
      event->kind != VITRINE_FEED_ITEM_NOTICE)
    event->author = g_strdup (g_strcmp0 (event->platform, "facebook") == 0
                              ? _("Facebook user") : _("Viewer"));

  return g_steal_pointer (&event);
}

static GPtrArray *
read_script (const char  *data,
             gsize        length,
             double      *period,
             GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GPtrArray) events = g_ptr_array_new_with_free_func ((GDestroyNotify) demo_event_free);
  JsonObject *root;
  JsonNode *node;
  JsonArray *array;
  double previous = 0;
  double loop_after;

  if (!json_parser_load_from_data (parser, data, length, error))
    return NULL;

  node = json_parser_get_root (parser);
  root = node && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
  node = root ? json_object_get_member (root, "events") : NULL;
  array = node && JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL;
  if (array == NULL || json_array_get_length (array) == 0)
    {
      g_set_error (error, VITRINE_FEED_ERROR, VITRINE_FEED_ERROR_PROTOCOL,
                   _("it has no list of “events”"));
      return NULL;
    }

  if (json_object_has_member (root, "version"))
    {
      double version = 0;

      if (!get_number (root, "version", &version) || version != 1)
        {
          g_set_error (error, VITRINE_FEED_ERROR, VITRINE_FEED_ERROR_PROTOCOL,
                       _("its “version” is not 1"));
          return NULL;
        }
    }

  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      DemoEvent *event = read_event (json_array_get_element (array, i), i + 1, previous, error);

      if (event == NULL)
        return NULL;
      previous = event->at;
      g_ptr_array_add (events, event);
    }

  *period = previous + 2.0;
  if (json_object_has_member (root, "loop_after"))
    {
      if (!get_number (root, "loop_after", &loop_after) || loop_after <= previous)
        {
          g_set_error (error, VITRINE_FEED_ERROR, VITRINE_FEED_ERROR_PROTOCOL,
                       _("“loop_after” must be a number of seconds after the last event"));
          return NULL;
        }
      *period = loop_after;
    }

  return g_steal_pointer (&events);
}

/* Playing */

static double
script_now (VitrineDemoSource *self)
{
  return self->offset + (g_get_monotonic_time () - self->anchor) / (double) G_USEC_PER_SEC *
                        self->speed;
}

static char *
round_id (VitrineDemoSource *self,
          const char        *id)
{
  if (id == NULL)
    return NULL;
  if (self->round == 0)
    return g_strdup (id);
  return g_strdup_printf ("%s~%u", id, self->round);
}

static void
emit_order (VitrineDemoSource *self,
            DemoEvent         *event,
            const char        *id)
{
  g_autoptr(VitrineOrder) order = vitrine_order_new (event->platform ? event->platform : "demo",
                                                     id);
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

  vitrine_order_set_name (order, event->detail);
  vitrine_order_set_customer_display_name (order, event->author);
  vitrine_order_set_created_at (order, now);
  vitrine_order_set_updated_at (order, now);
  vitrine_order_set_status (order, VITRINE_ORDER_STATUS_PAID);
  if (event->has_amount)
    vitrine_order_set_total (order, &event->amount);
  for (guint i = 0; i < event->lines->len; i++)
    vitrine_order_add_line_item (order, g_ptr_array_index (event->lines, i));
  _vitrine_feed_source_emit_order (VITRINE_FEED_SOURCE (self), order);
}

static void
fire (VitrineDemoSource *self,
      DemoEvent         *event)
{
  VitrineFeedSource *source = VITRINE_FEED_SOURCE (self);
  g_autofree char *id = NULL;

  switch (event->action)
    {
    case ACTION_ITEM:
      {
        g_autoptr(VitrineFeedItem) item = NULL;

        id = round_id (self, event->id);
        item = vitrine_feed_item_new_full (event->kind, event->platform, id, event->author_id,
                                           event->author, event->text ? event->text : "", NULL);
        if (event->has_amount)
          vitrine_feed_item_set_amount (item, &event->amount);
        vitrine_feed_item_set_detail (item, event->detail);
        vitrine_feed_item_set_flags (item, event->flags);

        if (event->author_id != NULL)
          {
            g_autofree char *author = key_for (event->platform, event->author_id);

            if (g_hash_table_contains (self->banned, author))
              vitrine_feed_item_set_visibility (item, VITRINE_FEED_ITEM_BANNED);
          }
        if (id != NULL)
          g_hash_table_replace (self->emitted, key_for (event->platform, id),
                                g_object_ref (item));
        _vitrine_feed_source_emit_item (source, item);
        if (event->lines != NULL && id != NULL)
          emit_order (self, event, id);
      }
      break;

    case ACTION_DELETE:
      {
        g_autofree char *key = NULL;
        VitrineFeedItem *item;

        id = round_id (self, event->target);
        key = key_for (event->platform, id);
        item = g_hash_table_lookup (self->emitted, key);
        if (item != NULL)
          vitrine_feed_item_set_visibility (item, VITRINE_FEED_ITEM_DELETED);
        _vitrine_feed_source_emit_retract (source, id);
      }
      break;

    case ACTION_BAN:
      {
        GHashTableIter iter;
        VitrineFeedItem *item;

        g_hash_table_add (self->banned, key_for (event->platform, event->author_id));
        g_hash_table_iter_init (&iter, self->emitted);
        while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &item))
          if (g_strcmp0 (vitrine_feed_item_get_platform (item), event->platform) == 0 &&
              g_strcmp0 (vitrine_feed_item_get_author_id (item), event->author_id) == 0 &&
              vitrine_feed_item_get_visibility (item) == VITRINE_FEED_ITEM_VISIBLE)
            vitrine_feed_item_set_visibility (item, VITRINE_FEED_ITEM_BANNED);
        _vitrine_feed_source_emit_ban (source, event->author_id);
      }
      break;

    default:
      g_assert_not_reached ();
    }
}

static gboolean
tick_cb (gpointer user_data)
{
  VitrineDemoSource *self = user_data;

  self->timeout_id = 0;
  tick (self);
  return G_SOURCE_REMOVE;
}

static void
tick (VitrineDemoSource *self)
{
  double now = script_now (self);
  double due;
  gint64 wait_us;

  for (;;)
    {
      DemoEvent *event;

      if (self->next >= self->events->len)
        {
          if (!self->loop)
            {
              _vitrine_feed_source_set_state (VITRINE_FEED_SOURCE (self),
                                              VITRINE_FEED_SOURCE_ENDED,
                                              _("The demo show’s chat has finished"));
              return;
            }
          self->round++;
          self->next = 0;
          g_hash_table_remove_all (self->emitted);
          g_hash_table_remove_all (self->banned);
        }

      event = g_ptr_array_index (self->events, self->next);
      due = self->round * self->period + event->at;
      if (due > now)
        break;

      self->next++;
      fire (self, event);
      /* A handler may have stopped the source. */
      if (vitrine_feed_source_get_state (VITRINE_FEED_SOURCE (self)) != VITRINE_FEED_SOURCE_LIVE)
        return;
    }

  /* Rounded up: waking early would only mean waking twice. */
  wait_us = (gint64) ceil ((due - now) / self->speed * G_USEC_PER_SEC);
  self->timeout_id = g_timeout_add ((guint) MIN ((wait_us + 999) / 1000, G_MAXUINT32),
                                    tick_cb, self);
}

static void
loaded_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  g_autoptr(GPtrArray) events = NULL;
  VitrineDemoSource *self;
  VitrineFeedSource *source;
  gsize length;
  double period = 0;

  if (!g_file_load_contents_finish (G_FILE (object), result, &contents, &length, NULL, &error))
    {
      g_autofree char *status = NULL;

      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      self = VITRINE_DEMO_SOURCE (user_data);
      status = g_strdup_printf (_("The demo show’s chat script cannot be read: %s"),
                                error->message);
      _vitrine_feed_source_set_state (VITRINE_FEED_SOURCE (self), VITRINE_FEED_SOURCE_FAILED,
                                      status);
      return;
    }

  self = VITRINE_DEMO_SOURCE (user_data);
  source = VITRINE_FEED_SOURCE (self);
  if (g_cancellable_is_cancelled (_vitrine_feed_source_get_cancellable (source)))
    return;

  events = read_script (contents, length, &period, &error);
  if (events == NULL)
    {
      g_autofree char *status =
        g_strdup_printf (_("The demo show’s chat script is broken: %s"), error->message);

      _vitrine_feed_source_set_state (VITRINE_FEED_SOURCE (self), VITRINE_FEED_SOURCE_FAILED,
                                      status);
      return;
    }

  g_clear_pointer (&self->events, g_ptr_array_unref);
  self->events = g_steal_pointer (&events);
  self->period = period;
  self->next = 0;
  self->round = 0;
  self->offset = 0;
  self->anchor = g_get_monotonic_time ();

  _vitrine_feed_source_set_state (VITRINE_FEED_SOURCE (self), VITRINE_FEED_SOURCE_LIVE,
                                  _("Demo chat: scripted, no network"));
  tick (self);
}

static void
vitrine_demo_source_start (VitrineFeedSource *source)
{
  VitrineDemoSource *self = VITRINE_DEMO_SOURCE (source);

  g_clear_handle_id (&self->timeout_id, g_source_remove);
  g_hash_table_remove_all (self->emitted);
  g_hash_table_remove_all (self->banned);
  self->anchor = 0;

  _vitrine_feed_source_set_state (source, VITRINE_FEED_SOURCE_CONNECTING, NULL);
  g_file_load_contents_async (self->script, _vitrine_feed_source_get_cancellable (source),
                              loaded_cb, self);
}

static void
vitrine_demo_source_stop (VitrineFeedSource *source)
{
  VitrineDemoSource *self = VITRINE_DEMO_SOURCE (source);

  g_clear_handle_id (&self->timeout_id, g_source_remove);
  self->anchor = 0;
}

static void
vitrine_demo_source_dispose (GObject *object)
{
  VitrineDemoSource *self = VITRINE_DEMO_SOURCE (object);

  g_clear_handle_id (&self->timeout_id, g_source_remove);

  G_OBJECT_CLASS (vitrine_demo_source_parent_class)->dispose (object);
}

static void
vitrine_demo_source_finalize (GObject *object)
{
  VitrineDemoSource *self = VITRINE_DEMO_SOURCE (object);

  g_clear_object (&self->script);
  g_clear_pointer (&self->events, g_ptr_array_unref);
  g_clear_pointer (&self->emitted, g_hash_table_unref);
  g_clear_pointer (&self->banned, g_hash_table_unref);

  G_OBJECT_CLASS (vitrine_demo_source_parent_class)->finalize (object);
}

static void
vitrine_demo_source_constructed (GObject *object)
{
  VitrineDemoSource *self = VITRINE_DEMO_SOURCE (object);

  G_OBJECT_CLASS (vitrine_demo_source_parent_class)->constructed (object);

  if (self->script == NULL)
    self->script = vitrine_demo_source_dup_default_script ();
}

static void
vitrine_demo_source_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  VitrineDemoSource *self = VITRINE_DEMO_SOURCE (object);

  switch (prop_id)
    {
    case PROP_SCRIPT:
      g_value_set_object (value, self->script);
      break;
    case PROP_LOOP:
      g_value_set_boolean (value, self->loop);
      break;
    case PROP_SPEED:
      g_value_set_double (value, self->speed);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vitrine_demo_source_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  VitrineDemoSource *self = VITRINE_DEMO_SOURCE (object);

  switch (prop_id)
    {
    case PROP_SCRIPT:
      self->script = g_value_dup_object (value);
      break;
    case PROP_LOOP:
      vitrine_demo_source_set_loop (self, g_value_get_boolean (value));
      break;
    case PROP_SPEED:
      vitrine_demo_source_set_speed (self, g_value_get_double (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vitrine_demo_source_class_init (VitrineDemoSourceClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  VitrineFeedSourceClass *source_class = VITRINE_FEED_SOURCE_CLASS (klass);

  object_class->dispose = vitrine_demo_source_dispose;
  object_class->finalize = vitrine_demo_source_finalize;
  object_class->constructed = vitrine_demo_source_constructed;
  object_class->get_property = vitrine_demo_source_get_property;
  object_class->set_property = vitrine_demo_source_set_property;

  source_class->start = vitrine_demo_source_start;
  source_class->stop = vitrine_demo_source_stop;

  /**
   * VitrineDemoSource:script:
   *
   * The JSON script played (see the top of vitrine-demo-source.c); the
   * bundled demo/feed-script.json when not set.
   */
  properties [PROP_SCRIPT] =
    g_param_spec_object ("script", NULL, NULL, G_TYPE_FILE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  /**
   * VitrineDemoSource:loop:
   *
   * Whether the script starts over after `loop_after` seconds instead of
   * ending.
   */
  properties [PROP_LOOP] =
    g_param_spec_boolean ("loop", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /**
   * VitrineDemoSource:speed:
   *
   * How many times faster than real time the script plays.
   */
  properties [PROP_SPEED] =
    g_param_spec_double ("speed", NULL, NULL, 0.01, 1000.0, 1.0,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
vitrine_demo_source_init (VitrineDemoSource *self)
{
  self->speed = 1.0;
  self->emitted = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
  self->banned = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
}

/**
 * vitrine_demo_source_dup_default_script:
 *
 * Returns: (transfer full): the bundled script, installed or in the source tree
 */
GFile *
vitrine_demo_source_dup_default_script (void)
{
  g_autofree char *installed = g_build_filename (PKGDATADIR, "demo", "feed-script.json", NULL);

  if (g_file_test (installed, G_FILE_TEST_IS_REGULAR))
    return g_file_new_for_path (installed);
  return g_file_new_build_filename (SOURCE_DATADIR, "demo", "feed-script.json", NULL);
}

/**
 * vitrine_demo_source_new:
 * @id: the connector's id, such as `demo`
 * @script: (nullable): the script to play; %NULL for the bundled one
 *
 * Returns: (transfer full): a new connector, not started
 */
VitrineDemoSource *
vitrine_demo_source_new (const char *id,
                         GFile      *script)
{
  g_return_val_if_fail (id != NULL, NULL);
  g_return_val_if_fail (script == NULL || G_IS_FILE (script), NULL);

  return g_object_new (VITRINE_TYPE_DEMO_SOURCE,
                       "id", id,
                       "platform", "demo",
                       "script", script,
                       NULL);
}

/**
 * vitrine_demo_source_get_script:
 *
 * Returns: (transfer none): the script played
 */
GFile *
vitrine_demo_source_get_script (VitrineDemoSource *self)
{
  g_return_val_if_fail (VITRINE_IS_DEMO_SOURCE (self), NULL);
  return self->script;
}

gboolean
vitrine_demo_source_get_loop (VitrineDemoSource *self)
{
  g_return_val_if_fail (VITRINE_IS_DEMO_SOURCE (self), FALSE);
  return self->loop;
}

void
vitrine_demo_source_set_loop (VitrineDemoSource *self,
                              gboolean           loop)
{
  g_return_if_fail (VITRINE_IS_DEMO_SOURCE (self));

  loop = !!loop;
  if (self->loop == loop)
    return;
  self->loop = loop;
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_LOOP]);
}

double
vitrine_demo_source_get_speed (VitrineDemoSource *self)
{
  g_return_val_if_fail (VITRINE_IS_DEMO_SOURCE (self), 1.0);
  return self->speed;
}

/**
 * vitrine_demo_source_set_speed:
 * @speed: how many times faster than real time (0.01 to 1000)
 *
 * Takes effect at once, also while playing: what was played stays played.
 */
void
vitrine_demo_source_set_speed (VitrineDemoSource *self,
                               double             speed)
{
  g_return_if_fail (VITRINE_IS_DEMO_SOURCE (self));

  speed = CLAMP (speed, 0.01, 1000.0);
  if (self->speed == speed)
    return;

  /* Re-anchor the script clock so the change applies from now on. */
  if (self->anchor != 0)
    {
      self->offset = script_now (self);
      self->anchor = g_get_monotonic_time ();
    }
  self->speed = speed;

  if (self->timeout_id != 0)
    {
      g_clear_handle_id (&self->timeout_id, g_source_remove);
      tick (self);
    }
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_SPEED]);
}

/**
 * vitrine_demo_source_get_n_events:
 *
 * Returns: how many events the loaded script has (0 before it is loaded)
 */
guint
vitrine_demo_source_get_n_events (VitrineDemoSource *self)
{
  g_return_val_if_fail (VITRINE_IS_DEMO_SOURCE (self), 0);
  return self->events ? self->events->len : 0;
}
