/* vitrine-feed-session.c
 *
 * Copyright 2026 The Vitrine developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "vitrine-feed"

#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "vitrine-account.h"
#include "vitrine-feed-factory.h"
#include "vitrine-feed-session.h"

/**
 * VitrineFeedSession:
 *
 * The show's feed as a whole, the same for the window and for headless
 * mode: the connectors of the show file's "feeds" in one #VitrineFeed, the
 * claims parsed from it against the catalog, and the show's journal.
 *
 * The journal is opened before any connector starts, so that the order
 * connectors resume from the cursor the journal kept (a restart during a
 * show polls from where it stopped: no order twice, none missed). Then the
 * journal records every feed item, every version of every order, the
 * connectors' cursors and what the orders took from stock (once a second,
 * see save_positions()), every claim and its state changes, and the
 * destinations' state changes. A journal that cannot be opened does
 * not stop the show: the connectors start without it and the host is told
 * why.
 *
 * Orders also take their items out of the catalog's stock (so the product
 * card and SOLD OUT follow) and are announced with the "order" signal, for
 * the on-screen order alert.
 */

/* How often the connectors' cursors and the orders that took stock are
 * written to the journal: the journal's own pace. */
#define CURSOR_SAVE_INTERVAL_S 1

#define CURSOR_KEY_PREFIX "orders:"
#define APPLIED_KEY       "orders-applied"

typedef struct
{
  char      *destination;
  char      *state;
  char      *message;
  GDateTime *time;
} PendingEvent;

struct _VitrineFeedSession
{
  GObject            parent_instance;

  VitrineShow       *show;
  VitrineFeed       *feed;
  VitrineCatalog    *catalog;
  VitrineClaimQueue *claims;
  VitrineJournal    *journal;
  GCancellable      *cancellable;
  GHashTable        *applied;      /* order keys that took stock */
  JsonObject        *applied_lines; /* the same, with their lines, for the journal */
  GPtrArray         *replay;       /* VitrineOrder from the journal, to take stock again */
  gboolean           replay_stock;
  gboolean           applied_dirty;
  GHashTable        *announced;    /* order keys announced as placed */
  GHashTable        *cursors;      /* source id → last cursor saved */
  GPtrArray         *pending;      /* PendingEvent, before the journal opens */
  GPtrArray         *problems;     /* GError: feeds of the show left out */
  guint              cursor_timer_id;
  guint              n_claims;     /* for ids of claims without a message id */
  gboolean           started;
  gboolean           sources_started;
  gboolean           opening;
};

G_DEFINE_FINAL_TYPE (VitrineFeedSession, vitrine_feed_session, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_JOURNAL,
  PROP_CLAIMS,
  N_PROPS
};

enum {
  JOURNAL_FAILED,
  NOTICE,
  ORDER,
  N_SIGNALS
};

static GParamSpec *properties [N_PROPS];
static guint signals [N_SIGNALS];

static void
pending_event_free (gpointer data)
{
  PendingEvent *event = data;

  g_free (event->destination);
  g_free (event->state);
  g_free (event->message);
  g_clear_pointer (&event->time, g_date_time_unref);
  g_free (event);
}

/* Orders ---------------------------------------------------------------- */

/* The cursor of @source into the journal, if it moved since last time. */
static void
save_cursor (VitrineFeedSession *self,
             VitrineFeedSource  *source)
{
  g_autofree char *cursor = NULL;
  g_autofree char *key = NULL;
  const char *id = vitrine_feed_source_get_id (source);

  if (self->journal == NULL)
    return;
  cursor = vitrine_feed_source_dup_cursor (source);
  if (cursor == NULL || g_strcmp0 (cursor, g_hash_table_lookup (self->cursors, id)) == 0)
    return;

  key = g_strconcat (CURSOR_KEY_PREFIX, id, NULL);
  vitrine_journal_set_cursor (self->journal, key, cursor);
  g_hash_table_replace (self->cursors, g_strdup (id), g_steal_pointer (&cursor));
}

/* Where the connectors are, and what the orders took, into the journal.
 * The orders that took stock go first: should a commit fall between the
 * two, a restart polls an order again whose stock it already counts (and
 * recognises it), never skips one whose stock it does not. Orders
 * themselves are recorded as they come; one recorded after the last
 * positions were written is polled again after a crash, and takes its
 * stock then. */
static void
save_positions (VitrineFeedSession *self)
{
  GPtrArray *sources = vitrine_feed_get_sources (self->feed);

  if (self->journal == NULL)
    return;
  if (self->applied_dirty)
    {
      g_autoptr(JsonNode) root = json_node_new (JSON_NODE_OBJECT);
      g_autofree char *text = NULL;

      json_node_set_object (root, self->applied_lines);
      text = json_to_string (root, FALSE);
      vitrine_journal_set_cursor (self->journal, APPLIED_KEY, text);
      self->applied_dirty = FALSE;
    }
  for (guint i = 0; i < sources->len; i++)
    save_cursor (self, g_ptr_array_index (sources, i));
}

static gboolean
cursor_timer_cb (gpointer user_data)
{
  save_positions (user_data);
  return G_SOURCE_CONTINUE;
}

/* The orders that took stock, with what they took, so that a restart
 * takes it again from a catalog read afresh from its file (and never twice
 * for an order the shop lists again). Written by save_positions(). */
static void
note_applied (VitrineFeedSession *self,
              VitrineOrder       *order)
{
  JsonObject *entry = json_object_new ();
  JsonArray *lines = json_array_new ();

  for (guint i = 0; i < vitrine_order_get_n_line_items (order); i++)
    {
      const VitrineOrderLineItem *line = vitrine_order_get_line_item (order, i);
      JsonObject *object = json_object_new ();

      if (line->sku != NULL)
        json_object_set_string_member (object, "sku", line->sku);
      if (line->product_id != NULL)
        json_object_set_string_member (object, "product_id", line->product_id);
      if (line->variant_id != NULL)
        json_object_set_string_member (object, "variant_id", line->variant_id);
      json_object_set_int_member (object, "quantity", line->quantity);
      json_array_add_object_element (lines, object);
    }
  json_object_set_string_member (entry, "platform", vitrine_order_get_platform (order));
  json_object_set_string_member (entry, "id", vitrine_order_get_id (order));
  json_object_set_array_member (entry, "lines", lines);
  json_object_set_object_member (self->applied_lines, vitrine_order_get_key (order), entry);
  self->applied_dirty = TRUE;
}

/* Orders the journal says took stock in an earlier run of the show. */
static void
read_applied (VitrineFeedSession *self,
              const char         *text)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *object;
  g_autoptr(GList) members = NULL;

  if (!json_parser_load_from_data (parser, text, -1, NULL) ||
      !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    return;
  object = json_node_get_object (json_parser_get_root (parser));
  members = json_object_get_members (object);
  for (const GList *l = members; l != NULL; l = l->next)
    {
      JsonNode *node = json_object_get_member (object, l->data);
      JsonObject *entry = JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
      JsonArray *lines = entry ? json_object_get_array_member (entry, "lines") : NULL;
      const char *platform = entry ? json_object_get_string_member_with_default (entry, "platform", NULL) : NULL;
      const char *id = entry ? json_object_get_string_member_with_default (entry, "id", NULL) : NULL;
      g_autoptr(VitrineOrder) order = NULL;

      if (platform == NULL || id == NULL || lines == NULL)
        continue;
      order = vitrine_order_new (platform, id);
      vitrine_order_set_status (order, VITRINE_ORDER_STATUS_PAID);
      for (guint i = 0; i < json_array_get_length (lines); i++)
        {
          JsonObject *line_object = json_array_get_object_element (lines, i);
          g_autoptr(VitrineOrderLineItem) line = vitrine_order_line_item_new ();

          if (line_object == NULL)
            continue;
          line->sku = g_strdup (json_object_get_string_member_with_default (line_object, "sku", NULL));
          line->product_id = g_strdup (json_object_get_string_member_with_default (line_object, "product_id", NULL));
          line->variant_id = g_strdup (json_object_get_string_member_with_default (line_object, "variant_id", NULL));
          line->quantity = json_object_get_int_member_with_default (line_object, "quantity", 0);
          vitrine_order_add_line_item (order, line);
        }
      json_object_set_object_member (self->applied_lines, l->data, json_object_ref (entry));
      g_hash_table_add (self->announced, g_strdup (vitrine_order_get_key (order)));
      g_ptr_array_add (self->replay, g_steal_pointer (&order));
    }
}

/* What the earlier run's orders took, taken again from this catalog, unless
 * its stock came from the shop (which counted them already). */
static void
replay_stock (VitrineFeedSession *self)
{
  if (self->catalog == NULL)
    return;
  for (guint i = 0; i < self->replay->len; i++)
    {
      VitrineOrder *order = g_ptr_array_index (self->replay, i);

      if (self->replay_stock)
        vitrine_order_apply_to_catalog (order, self->catalog, self->applied, NULL);
      else
        g_hash_table_add (self->applied, g_strdup (vitrine_order_get_key (order)));
    }
  g_ptr_array_set_size (self->replay, 0);
}

static const char *
status_name (VitrineOrderStatus status)
{
  switch (status)
    {
    case VITRINE_ORDER_STATUS_AWAITING_PAYMENT: return "awaiting_payment";
    case VITRINE_ORDER_STATUS_PENDING: return "pending";
    case VITRINE_ORDER_STATUS_PAID: return "paid";
    case VITRINE_ORDER_STATUS_PARTIALLY_REFUNDED: return "partially_refunded";
    case VITRINE_ORDER_STATUS_REFUNDED: return "refunded";
    case VITRINE_ORDER_STATUS_CANCELLED: return "cancelled";
    case VITRINE_ORDER_STATUS_FAILED: return "failed";
    default: return NULL;
    }
}

static void
record_order (VitrineFeedSession *self,
              VitrineOrder       *order)
{
  guint n = vitrine_order_get_n_line_items (order);
  g_autofree VitrineJournalLine *lines = g_new0 (VitrineJournalLine, MAX (n, 1));
  VitrineJournalOrder record = { 0, };

  for (guint i = 0; i < n; i++)
    {
      const VitrineOrderLineItem *line = vitrine_order_get_line_item (order, i);
      VitrineProductVariant *variant = NULL;
      VitrineProduct *product = NULL;

      if (self->catalog != NULL)
        product = vitrine_order_line_item_match (line, self->catalog, &variant);
      lines[i].id = line->id;
      lines[i].product = product ? vitrine_product_get_code (product) : NULL;
      lines[i].sku = line->sku;
      lines[i].title = line->title;
      lines[i].variant = variant ? vitrine_product_variant_get_title (variant) : NULL;
      lines[i].quantity = line->quantity;
      lines[i].total = line->unit_price;
      /* Unit price × quantity, in minor units; an absurd product (beyond
       * 64 bits) counts as unknown rather than wrapping around. */
      if (line->quantity > 0 &&
          __builtin_mul_overflow (line->unit_price.amount, line->quantity, &lines[i].total.amount))
        lines[i].total.currency[0] = '\0';
    }

  record.platform = vitrine_order_get_platform (order);
  record.id = vitrine_order_get_id (order);
  record.name = vitrine_order_get_name (order);
  record.customer = vitrine_order_get_customer (order);
  record.status = status_name (vitrine_order_get_status (order));
  record.total = *vitrine_order_get_total (order);
  record.created = vitrine_order_get_created_at (order);
  record.updated = vitrine_order_get_updated_at (order);
  record.lines = lines;
  record.n_lines = n;
  vitrine_journal_record_order (self->journal, &record);
}

static void
source_order_cb (VitrineFeedSource  *source,
                 VitrineOrder       *order,
                 VitrineFeedSession *self)
{
  const char *key = vitrine_order_get_key (order);
  gboolean placed = FALSE;

  if (self->catalog != NULL &&
      vitrine_order_apply_to_catalog (order, self->catalog, self->applied, NULL))
    note_applied (self, order);

  if (vitrine_order_holds_stock (order) && !g_hash_table_contains (self->announced, key))
    {
      g_hash_table_add (self->announced, g_strdup (key));
      placed = g_object_get_data (G_OBJECT (source), "vitrine-no-alerts") == NULL;
    }

  if (self->journal != NULL)
    record_order (self, order);

  g_signal_emit (self, signals [ORDER], 0, order, placed);
}

/**
 * vitrine_feed_session_dup_order_alert:
 * @order: an order
 *
 * What the on-screen order alert says of @order: "Anna just bought Silk
 * scarf “Riviera”", "Kwame just bought 2 × Linen shirt (M)", with the
 * catalog's names for the products it matched (the shop's, or the SKU,
 * for the others), at most three lines and how many more.
 *
 * Returns: (transfer full) (nullable): the text, or %NULL for an order with
 *   no lines
 */
char *
vitrine_feed_session_dup_order_alert (VitrineFeedSession *self,
                                      VitrineOrder       *order)
{
  g_autoptr(GString) what = g_string_new (NULL);
  guint n = vitrine_order_get_n_line_items (order);
  const char *customer = vitrine_order_get_customer (order);

  g_return_val_if_fail (VITRINE_IS_FEED_SESSION (self), NULL);
  g_return_val_if_fail (VITRINE_IS_ORDER (order), NULL);

  for (guint i = 0; i < n; i++)
    {
      const VitrineOrderLineItem *line = vitrine_order_get_line_item (order, i);
      VitrineProductVariant *variant = NULL;
      VitrineProduct *product = self->catalog
        ? vitrine_order_line_item_match (line, self->catalog, &variant) : NULL;
      g_autofree char *name = NULL;

      if (i == 3)
        {
          /* TRANSLATORS: the order alert after its first three products */
          g_string_append_printf (what, g_dngettext (GETTEXT_PACKAGE, " and %u more",
                                                     " and %u more", n - i), n - i);
          break;
        }
      if (product != NULL && variant != NULL)
        /* TRANSLATORS: a product and its variant in the order alert, "Linen shirt (M)" */
        name = g_strdup_printf (_("%s (%s)"), vitrine_product_get_title (product),
                                vitrine_product_variant_get_title (variant));
      else
        name = g_strdup (product ? vitrine_product_get_title (product)
                                 : line->title ? line->title : line->sku);
      if (name == NULL)
        continue;
      if (what->len > 0)
        g_string_append (what, ", ");
      if (line->quantity > 1)
        {
          char quantity[24];

          g_snprintf (quantity, sizeof quantity, "%" G_GINT64_FORMAT, line->quantity);
          /* TRANSLATORS: a quantity and a product in the order alert, "2 × Linen shirt" */
          g_string_append_printf (what, _("%s × %s"), quantity, name);
        }
      else
        g_string_append (what, name);
    }
  if (what->len == 0)
    return NULL;

  if (customer != NULL && *customer != '\0')
    /* TRANSLATORS: the on-screen order alert: "Anna just bought Silk scarf" */
    return g_strdup_printf (_("%s just bought %s"), customer, what->str);
  /* TRANSLATORS: the on-screen order alert when the shop gives no name */
  return g_strdup_printf (_("Someone just bought %s"), what->str);
}

/* Claims ---------------------------------------------------------------- */

static const char *
claim_state_name (VitrineClaimState state)
{
  switch (state)
    {
    case VITRINE_CLAIM_PENDING: return "pending";
    case VITRINE_CLAIM_CONFIRMED: return "confirmed";
    case VITRINE_CLAIM_WAITLISTED: return "waitlisted";
    case VITRINE_CLAIM_REJECTED: return "rejected";
    default: return "pending";
    }
}

/**
 * vitrine_feed_session_get_claim_id:
 * @claim: a claim of the session's queue
 *
 * The claim's id in the journal and in headless commands: the platform and
 * the id of the comment that made it (`twitch:5f1c…`).
 *
 * Returns: (transfer none): the id
 */
const char *
vitrine_feed_session_get_claim_id (VitrineFeedSession *self,
                                   VitrineClaim       *claim)
{
  const char *id = g_object_get_data (G_OBJECT (claim), "vitrine-claim-id");
  VitrineFeedItem *message;

  if (id != NULL)
    return id;

  message = vitrine_claim_get_message (claim);
  if (message != NULL && vitrine_feed_item_get_id (message) != NULL)
    id = g_strdup_printf ("%s:%s", vitrine_claim_get_platform (claim),
                          vitrine_feed_item_get_id (message));
  else
    id = g_strdup_printf ("claim-%u", ++self->n_claims);
  g_object_set_data_full (G_OBJECT (claim), "vitrine-claim-id", (gpointer)id, g_free);
  return id;
}

/**
 * vitrine_feed_session_find_claim:
 * @id: an id from vitrine_feed_session_get_claim_id()
 *
 * Returns: (transfer none) (nullable): the claim, or %NULL
 */
VitrineClaim *
vitrine_feed_session_find_claim (VitrineFeedSession *self,
                                 const char         *id)
{
  GListModel *claims;

  g_return_val_if_fail (VITRINE_IS_FEED_SESSION (self), NULL);
  g_return_val_if_fail (id != NULL, NULL);

  if (self->claims == NULL)
    return NULL;
  claims = vitrine_claim_queue_get_claims (self->claims);
  for (guint i = 0; i < g_list_model_get_n_items (claims); i++)
    {
      g_autoptr(VitrineClaim) claim = g_list_model_get_item (claims, i);

      if (g_strcmp0 (vitrine_feed_session_get_claim_id (self, claim), id) == 0)
        return claim;
    }
  return NULL;
}

static void
claim_state_cb (VitrineClaim       *claim,
                GParamSpec         *pspec,
                VitrineFeedSession *self)
{
  if (self->journal != NULL)
    vitrine_journal_update_claim (self->journal, vitrine_feed_session_get_claim_id (self, claim),
                                  claim_state_name (vitrine_claim_get_state (claim)), NULL);
}

static void
record_claim (VitrineFeedSession *self,
              VitrineClaim       *claim)
{
  VitrineFeedItem *message = vitrine_claim_get_message (claim);
  VitrineJournalClaim record = { 0, };

  g_object_set_data (G_OBJECT (claim), "vitrine-session-watched", GINT_TO_POINTER (TRUE));
  g_signal_connect_object (claim, "notify::state", G_CALLBACK (claim_state_cb), self, 0);
  if (self->journal == NULL)
    return;

  record.id = vitrine_feed_session_get_claim_id (self, claim);
  record.product = vitrine_claim_get_code (claim);
  record.variant = vitrine_claim_get_variant (claim);
  record.quantity = vitrine_claim_get_quantity (claim);
  record.state = claim_state_name (vitrine_claim_get_state (claim));
  record.platform = vitrine_claim_get_platform (claim);
  record.author_id = vitrine_claim_get_author_id (claim);
  record.author = vitrine_claim_get_author (claim);
  record.item_id = message ? vitrine_feed_item_get_id (message) : NULL;
  record.text = vitrine_claim_get_text (claim);
  record.time = vitrine_claim_get_time (claim);
  vitrine_journal_record_claim (self->journal, &record);
}

static void
claims_changed_cb (GListModel         *claims,
                   guint               position,
                   guint               removed,
                   guint               added,
                   VitrineFeedSession *self)
{
  for (guint i = position; i < position + added; i++)
    {
      g_autoptr(VitrineClaim) claim = g_list_model_get_item (claims, i);

      /* A claim moving within the queue comes back as removed and added. */
      if (g_object_get_data (G_OBJECT (claim), "vitrine-session-watched") == NULL)
        record_claim (self, claim);
    }
}

static void
update_claims (VitrineFeedSession *self)
{
  if (self->claims != NULL)
    g_signal_handlers_disconnect_by_data (vitrine_claim_queue_get_claims (self->claims), self);
  g_clear_object (&self->claims);
  if (self->catalog != NULL)
    {
      self->claims = vitrine_claim_queue_new (self->feed, self->catalog);
      g_signal_connect_object (vitrine_claim_queue_get_claims (self->claims), "items-changed",
                               G_CALLBACK (claims_changed_cb), self, 0);
    }
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_CLAIMS]);
}

/* Start ----------------------------------------------------------------- */

static void
start_sources (VitrineFeedSession *self)
{
  GPtrArray *sources = vitrine_feed_get_sources (self->feed);

  if (self->sources_started)
    return;
  self->sources_started = TRUE;
  for (guint i = 0; i < sources->len; i++)
    vitrine_feed_source_start (g_ptr_array_index (sources, i));
  if (self->journal != NULL)
    self->cursor_timer_id = g_timeout_add_seconds (CURSOR_SAVE_INTERVAL_S, cursor_timer_cb, self);
}

/* What the journal kept from an earlier run of this show: the connectors'
 * cursors and the orders that took stock. */
static void
restore_from_journal (VitrineFeedSession *self)
{
  GPtrArray *sources = vitrine_feed_get_sources (self->feed);
  g_autofree char *applied = vitrine_journal_get_cursor (self->journal, APPLIED_KEY);

  for (guint i = 0; i < sources->len; i++)
    {
      VitrineFeedSource *source = g_ptr_array_index (sources, i);
      const char *id = vitrine_feed_source_get_id (source);
      g_autofree char *key = g_strconcat (CURSOR_KEY_PREFIX, id, NULL);
      g_autofree char *cursor = NULL;
      g_autoptr(GError) error = NULL;

      cursor = vitrine_journal_get_cursor (self->journal, key);
      if (cursor == NULL)
        continue;
      if (!vitrine_feed_source_restore_cursor (source, cursor, &error))
        {
          /* Polling then starts from now, like a first run: nothing old
           * comes back as new, but orders placed while Vitrine was away are
           * not fetched. The host is told. */
          g_autofree char *message =
            g_strdup_printf (_("Where “%s” stopped reading orders is lost (%s): it starts from "
                               "now, so orders placed while Vitrine was closed do not appear"),
                             id, error->message);

          g_signal_emit (self, signals [NOTICE], 0, message);
          continue;
        }
      g_hash_table_replace (self->cursors, g_strdup (id), g_steal_pointer (&cursor));
    }

  if (applied != NULL && *applied != '\0')
    read_applied (self, applied);
  replay_stock (self);
}

static void
flush_pending (VitrineFeedSession *self)
{
  if (self->pending == NULL)
    return;
  for (guint i = 0; i < self->pending->len; i++)
    {
      PendingEvent *event = g_ptr_array_index (self->pending, i);

      vitrine_journal_record_destination_event (self->journal, event->destination,
                                                event->state, event->message, event->time);
    }
  g_clear_pointer (&self->pending, g_ptr_array_unref);
}

static void
journal_opened_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(VitrineFeedSession) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(VitrineJournal) journal = vitrine_journal_open_finish (result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self->opening = FALSE;

  if (journal == NULL)
    {
      g_clear_pointer (&self->pending, g_ptr_array_unref);
      g_signal_emit (self, signals [JOURNAL_FAILED], 0, error);
      start_sources (self);
      return;
    }

  self->journal = g_steal_pointer (&journal);
  vitrine_journal_attach_feed (self->journal, self->feed);
  restore_from_journal (self);
  flush_pending (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_JOURNAL]);
  start_sources (self);
}

/**
 * vitrine_feed_session_start:
 * @journal_path: (nullable): the show's journal, opened (or created) before
 *   the connectors start; %NULL runs without one
 *
 * Opens the journal, gives the order connectors back the cursors it kept,
 * then starts every connector. Returns at once; the journal opens on its
 * own thread. If it cannot be opened, #VitrineFeedSession::journal-failed
 * says why and the connectors start anyway.
 */
void
vitrine_feed_session_start (VitrineFeedSession *self,
                            const char         *journal_path)
{
  g_return_if_fail (VITRINE_IS_FEED_SESSION (self));

  if (self->started)
    return;
  self->started = TRUE;

  if (journal_path == NULL)
    {
      start_sources (self);
      return;
    }
  self->opening = TRUE;
  vitrine_journal_open_async (journal_path, self->cancellable, journal_opened_cb,
                              g_object_ref (self));
}

gboolean
vitrine_feed_session_is_started (VitrineFeedSession *self)
{
  g_return_val_if_fail (VITRINE_IS_FEED_SESSION (self), FALSE);

  return self->started;
}

/**
 * vitrine_feed_session_record_destination:
 * @destination: the destination's id in the show
 * @state: its new state, such as `live`, `reconnecting` or `rejected`
 * @message: (nullable): what the host was told
 *
 * Notes a destination's change of state in the journal (kept until the
 * journal has opened, dropped if it cannot be).
 */
void
vitrine_feed_session_record_destination (VitrineFeedSession *self,
                                         const char         *destination,
                                         const char         *state,
                                         const char         *message)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

  g_return_if_fail (VITRINE_IS_FEED_SESSION (self));
  g_return_if_fail (destination != NULL && state != NULL);

  if (self->journal != NULL)
    {
      vitrine_journal_record_destination_event (self->journal, destination, state, message, now);
      return;
    }
  if (!self->opening)
    return;

  {
    PendingEvent *event = g_new0 (PendingEvent, 1);

    event->destination = g_strdup (destination);
    event->state = g_strdup (state);
    event->message = g_strdup (message);
    event->time = g_date_time_ref (now);
    if (self->pending == NULL)
      self->pending = g_ptr_array_new_with_free_func (pending_event_free);
    g_ptr_array_add (self->pending, event);
  }
}

/* Stop ------------------------------------------------------------------ */

static void
stop_sources (VitrineFeedSession *self)
{
  GPtrArray *sources = vitrine_feed_get_sources (self->feed);

  g_clear_handle_id (&self->cursor_timer_id, g_source_remove);
  save_positions (self);
  for (guint i = 0; i < sources->len; i++)
    vitrine_feed_source_stop (g_ptr_array_index (sources, i));
}

static void
flushed_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  if (vitrine_journal_flush_finish (VITRINE_JOURNAL (object), result, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

/**
 * vitrine_feed_session_stop_async:
 *
 * Stops every connector, saves their cursors and writes what the journal
 * still holds to disk. The journal stays open for the show's summary and
 * exports until the session is finalized.
 */
void
vitrine_feed_session_stop_async (VitrineFeedSession  *self,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (VITRINE_IS_FEED_SESSION (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, vitrine_feed_session_stop_async);

  stop_sources (self);
  if (self->journal == NULL)
    {
      /* Still opening: nothing was recorded, and nothing will be. */
      g_cancellable_cancel (self->cancellable);
      g_task_return_boolean (task, TRUE);
      return;
    }
  vitrine_journal_flush_async (self->journal, cancellable, flushed_cb, g_steal_pointer (&task));
}

gboolean
vitrine_feed_session_stop_finish (VitrineFeedSession  *self,
                                  GAsyncResult        *result,
                                  GError             **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* Construction ---------------------------------------------------------- */

/**
 * vitrine_feed_session_default_journal_path:
 * @show: the show
 * @show_path: (nullable): the show file, which tells apart two shows of the
 *   same name
 *
 * Where the show's journal goes when the show file does not say: one folder
 * per show under the user's data folder, one database per run of the show.
 * A run started within 12 hours of the last write to the newest database
 * continues it (a restart during a show resumes it); otherwise a new one
 * is named after the start time.
 *
 * Returns: (transfer full): the path
 */
char *
vitrine_feed_session_default_journal_path (VitrineShow *show,
                                           const char  *show_path)
{
  g_autofree char *abs = show_path ? g_canonicalize_filename (show_path, NULL) : NULL;
  g_autofree char *hash = g_compute_checksum_for_string (G_CHECKSUM_SHA256,
                                                        abs ? abs : vitrine_show_get_name (show),
                                                        -1);
  g_autoptr(GString) slug = g_string_new (NULL);
  g_autofree char *folder_name = NULL;
  g_autofree char *folder = NULL;
  g_autofree char *newest = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *stamp = NULL;
  g_autoptr(GDir) dir = NULL;
  gint64 newest_mtime = 0;
  const char *name;

  g_return_val_if_fail (VITRINE_IS_SHOW (show), NULL);

  for (const char *p = vitrine_show_get_name (show); p && *p && slug->len < 40;
       p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_isalnum (c))
        g_string_append_unichar (slug, g_unichar_tolower (c));
      else if (slug->len > 0 && slug->str[slug->len - 1] != '-')
        g_string_append_c (slug, '-');
    }
  while (slug->len > 0 && slug->str[slug->len - 1] == '-')
    g_string_truncate (slug, slug->len - 1);
  if (slug->len == 0)
    g_string_append (slug, "show");
  hash[8] = '\0';
  folder_name = g_strdup_printf ("%s-%s", slug->str, hash);
  folder = g_build_filename (g_get_user_data_dir (), "vitrine", "journals", folder_name, NULL);

  if ((dir = g_dir_open (folder, 0, NULL)) != NULL)
    while ((name = g_dir_read_name (dir)) != NULL)
      {
        g_autofree char *path = NULL;
        GStatBuf st;

        if (!g_str_has_suffix (name, ".sqlite"))
          continue;
        path = g_build_filename (folder, name, NULL);
        if (g_stat (path, &st) == 0 && (gint64)st.st_mtime > newest_mtime)
          {
            newest_mtime = st.st_mtime;
            g_free (newest);
            newest = g_steal_pointer (&path);
          }
      }
  if (newest != NULL && g_date_time_to_unix (now) - newest_mtime < 12 * 3600)
    return g_steal_pointer (&newest);

  stamp = g_date_time_format (now, "%Y-%m-%d %H%M%S");
  return g_strdup_printf ("%s/%s.sqlite", folder, stamp);
}

/* Feeds that name the same account (its "id") sign in once: one account
 * object for all of them, so signing in, out or again reaches every one. */
static void
share_accounts (VitrineFeedSession *self)
{
  g_autoptr(GHashTable) accounts = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                                          g_object_unref);
  GPtrArray *sources = vitrine_feed_get_sources (self->feed);

  for (guint i = 0; i < sources->len; i++)
    {
      VitrineFeedSource *source = g_ptr_array_index (sources, i);
      g_autoptr(VitrineAccount) account = vitrine_feed_source_dup_account (source);
      VitrineAccount *shared;

      if (account == NULL)
        continue;
      shared = g_hash_table_lookup (accounts, vitrine_account_get_id (account));
      if (shared == NULL)
        g_hash_table_insert (accounts, (gpointer) vitrine_account_get_id (account),
                             g_object_ref (account));
      else if (shared != account)
        g_object_set (source, "account", shared, NULL);
    }
}

/**
 * vitrine_feed_session_new:
 * @show: the show
 * @show_dir: (nullable): the show file's folder, for relative paths
 * @window: how many recent items the feed keeps in memory
 *
 * Builds the show's connectors into one feed; nothing starts before
 * vitrine_feed_session_start(). A feed with a mistake in the show file is
 * left out and named in vitrine_feed_session_get_problems(); the others
 * run.
 *
 * Returns: (transfer full): the session
 */
VitrineFeedSession *
vitrine_feed_session_new (VitrineShow  *show,
                          const char   *show_dir,
                          guint         window)
{
  g_autoptr(VitrineFeedSession) self = NULL;

  g_return_val_if_fail (VITRINE_IS_SHOW (show), NULL);

  self = g_object_new (VITRINE_TYPE_FEED_SESSION, NULL);
  self->show = g_object_ref (show);
  self->feed = vitrine_feed_new (window);
  /* The show's blocked words hide or hold messages before anyone sees them. */
  vitrine_feed_set_word_filter (self->feed, vitrine_show_get_word_filter (show));

  for (guint i = 0; i < vitrine_show_get_n_feeds (show); i++)
    {
      JsonObject *options = vitrine_show_get_feed (show, i)->options;
      GError *error = NULL;
      g_autoptr(VitrineFeedSource) source =
        vitrine_feed_source_new_for_config (vitrine_show_get_feed (show, i), show_dir, &error);

      if (source == NULL)
        {
          g_ptr_array_add (self->problems, error);
          continue;
        }

      /* "alerts": false keeps this shop's orders off the screen. */
      if (options != NULL && json_object_has_member (options, "alerts") &&
          !json_object_get_boolean_member_with_default (options, "alerts", TRUE))
        g_object_set_data (G_OBJECT (source), "vitrine-no-alerts", GINT_TO_POINTER (TRUE));
      g_signal_connect_object (source, "order", G_CALLBACK (source_order_cb), self, 0);
      vitrine_feed_add_source (self->feed, source);
    }
  share_accounts (self);
  return g_steal_pointer (&self);
}

/**
 * vitrine_feed_session_get_problems:
 *
 * Returns: (transfer none) (element-type GError): the mistakes of the show's
 *   "feeds" that left a feed out, for the host
 */
GPtrArray *
vitrine_feed_session_get_problems (VitrineFeedSession *self)
{
  g_return_val_if_fail (VITRINE_IS_FEED_SESSION (self), NULL);

  return self->problems;
}

VitrineFeed *
vitrine_feed_session_get_feed (VitrineFeedSession *self)
{
  g_return_val_if_fail (VITRINE_IS_FEED_SESSION (self), NULL);

  return self->feed;
}

/**
 * vitrine_feed_session_get_claims:
 *
 * Returns: (transfer none) (nullable): the claim queue, once there is a
 *   catalog to match claims against
 */
VitrineClaimQueue *
vitrine_feed_session_get_claims (VitrineFeedSession *self)
{
  g_return_val_if_fail (VITRINE_IS_FEED_SESSION (self), NULL);

  return self->claims;
}

/**
 * vitrine_feed_session_get_journal:
 *
 * Returns: (transfer none) (nullable): the show's journal, once it opened
 */
VitrineJournal *
vitrine_feed_session_get_journal (VitrineFeedSession *self)
{
  g_return_val_if_fail (VITRINE_IS_FEED_SESSION (self), NULL);

  return self->journal;
}

VitrineCatalog *
vitrine_feed_session_get_catalog (VitrineFeedSession *self)
{
  g_return_val_if_fail (VITRINE_IS_FEED_SESSION (self), NULL);

  return self->catalog;
}

/**
 * vitrine_feed_session_set_catalog:
 * @catalog: (nullable): the show's catalog, once it is loaded
 *
 * Claims are parsed against it and orders take stock from it from now on.
 */
void
vitrine_feed_session_set_catalog (VitrineFeedSession *self,
                                  VitrineCatalog     *catalog)
{
  g_return_if_fail (VITRINE_IS_FEED_SESSION (self));
  g_return_if_fail (catalog == NULL || VITRINE_IS_CATALOG (catalog));

  if (g_set_object (&self->catalog, catalog))
    {
      replay_stock (self);
      update_claims (self);
    }
}

/**
 * vitrine_feed_session_set_stock_from_shop:
 * @from_shop: %TRUE when the catalog's stock was just read from the shop
 *
 * A restart during a show takes again, from a catalog read from its file,
 * what the earlier run's orders took. A catalog synced from the shop at the
 * start already counts them: say so here before the journal opens.
 */
void
vitrine_feed_session_set_stock_from_shop (VitrineFeedSession *self,
                                          gboolean            from_shop)
{
  g_return_if_fail (VITRINE_IS_FEED_SESSION (self));

  self->replay_stock = !from_shop;
}

static void
vitrine_feed_session_dispose (GObject *object)
{
  VitrineFeedSession *self = (VitrineFeedSession *)object;

  g_cancellable_cancel (self->cancellable);
  if (self->feed != NULL)
    stop_sources (self);
  if (self->claims != NULL)
    g_signal_handlers_disconnect_by_data (vitrine_claim_queue_get_claims (self->claims), self);
  g_clear_object (&self->claims);
  if (self->journal != NULL)
    {
      g_autoptr(GError) error = NULL;

      /* The queue was flushed by stop; what is left is a few records. */
      if (!vitrine_journal_close (self->journal, &error))
        g_warning ("The show's journal was not closed cleanly: %s", error->message);
      g_clear_object (&self->journal);
    }
  g_clear_object (&self->feed);
  g_clear_object (&self->catalog);
  g_clear_object (&self->show);

  G_OBJECT_CLASS (vitrine_feed_session_parent_class)->dispose (object);
}

static void
vitrine_feed_session_finalize (GObject *object)
{
  VitrineFeedSession *self = (VitrineFeedSession *)object;

  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->applied, g_hash_table_unref);
  g_clear_pointer (&self->applied_lines, json_object_unref);
  g_clear_pointer (&self->replay, g_ptr_array_unref);
  g_clear_pointer (&self->announced, g_hash_table_unref);
  g_clear_pointer (&self->cursors, g_hash_table_unref);
  g_clear_pointer (&self->pending, g_ptr_array_unref);
  g_clear_pointer (&self->problems, g_ptr_array_unref);

  G_OBJECT_CLASS (vitrine_feed_session_parent_class)->finalize (object);
}

static void
vitrine_feed_session_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  VitrineFeedSession *self = VITRINE_FEED_SESSION (object);

  switch (prop_id)
    {
    case PROP_JOURNAL:
      g_value_set_object (value, self->journal);
      break;

    case PROP_CLAIMS:
      g_value_set_object (value, self->claims);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vitrine_feed_session_class_init (VitrineFeedSessionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = vitrine_feed_session_dispose;
  object_class->finalize = vitrine_feed_session_finalize;
  object_class->get_property = vitrine_feed_session_get_property;

  /**
   * VitrineFeedSession:journal:
   *
   * The show's journal once it opened, else %NULL.
   */
  properties [PROP_JOURNAL] =
    g_param_spec_object ("journal", NULL, NULL, VITRINE_TYPE_JOURNAL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * VitrineFeedSession:claims:
   *
   * The claim queue, once there is a catalog.
   */
  properties [PROP_CLAIMS] =
    g_param_spec_object ("claims", NULL, NULL, VITRINE_TYPE_CLAIM_QUEUE,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * VitrineFeedSession::journal-failed:
   * @error: why, in words for the host
   *
   * The journal could not be opened; the show's feed runs without it.
   */
  signals [JOURNAL_FAILED] =
    g_signal_new ("journal-failed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  NULL, G_TYPE_NONE, 1, G_TYPE_ERROR);

  /**
   * VitrineFeedSession::notice:
   * @message: what the host should know, in words for the host
   *
   * Something went wrong that the show lives with.
   */
  signals [NOTICE] =
    g_signal_new ("notice", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  /**
   * VitrineFeedSession::order:
   * @order: the order, as its shop connector reported this version of it
   * @placed: %TRUE the first time it is seen placed (paid or pending, not
   *   awaiting payment, cancelled or refunded), unless its feed says
   *   `"alerts": false`: the moment for the on-screen order alert
   *
   * Every version of every order, after its stock was taken.
   */
  signals [ORDER] =
    g_signal_new ("order", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2, VITRINE_TYPE_ORDER, G_TYPE_BOOLEAN);
}

static void
vitrine_feed_session_init (VitrineFeedSession *self)
{
  self->cancellable = g_cancellable_new ();
  self->applied = vitrine_order_applied_set_new ();
  self->applied_lines = json_object_new ();
  self->replay = g_ptr_array_new_with_free_func (g_object_unref);
  self->replay_stock = TRUE;
  self->problems = g_ptr_array_new_with_free_func ((GDestroyNotify) g_error_free);
  self->announced = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->cursors = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
}
