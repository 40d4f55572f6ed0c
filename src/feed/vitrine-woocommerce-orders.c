/* vitrine-woocommerce-orders.c
 *
 * Copyright 2026 The Vitrine developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "vitrine-woocommerce"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "vitrine-feed-error.h"
#include "vitrine-product-sync-private.h"
#include "vitrine-shopify-orders.h"
#include "vitrine-woocommerce-orders.h"

/* A WooCommerce shop's orders, polled through the REST API v3:
 *
 *   GET <base>/wp-json/wc/v3/orders?modified_after=<floor − 1 s>
 *       &dates_are_gmt=true&orderby=modified&order=asc&per_page=N&page=P
 *
 * paged by number (`X-WP-TotalPages`, else a `Link` with `rel="next"`, else
 * a full page), authenticated with HTTP Basic (consumer key and secret from
 * the keyring item `woocommerce:<host>`, held as `ck_…:cs_…`), or with the
 * two in the query string for servers that strip `Authorization` (switched
 * by itself on "Consumer key is missing").
 *
 * `modified_after` is exclusive and to the second, hence "floor − 1 s": the
 * cursor (vitrine-order.c) asks the floor's second again and tells apart
 * what it already saw, so that a restart from a saved cursor
 * (vitrine_woocommerce_orders_set_cursor()) reports nothing twice and
 * misses nothing, also orders changed in the same second.
 *
 * Page numbers over a list that changes while it is read can skip an order:
 * one changed between two pages moves to the end and the rest shift up one
 * place. So a round counts the distinct orders it read against the
 * `X-WP-Total` of its first page, and reads the list again (the cursor
 * drops what it saw) when some are missing.
 *
 * Dates: `date_modified_gmt` and `date_created_gmt` carry no zone and are
 * UTC. Ids are integers, read as gint64 (exact above 2^53); product and
 * variation ids become `gid://woocommerce/Product/<id>` and
 * `gid://woocommerce/ProductVariation/<id>`, as the product sync names them.
 * `total` is a decimal string; a line's unit price is its `subtotal`
 * divided by the quantity when that is exact, else `price`, which WooCommerce
 * sends as a JSON number: its shortest decimal text (what the shop wrote) is
 * read, never the double itself.
 *
 * The feed and the "order" signal follow the Shopify connector's rules
 * (_vitrine_orders_announce()). */

#define DEFAULT_INTERVAL_MS 5000
#define DEFAULT_OVERLAP_S   60
#define DEFAULT_PER_PAGE    50
#define MAX_PER_PAGE        100
#define MAX_PAGES           1000
#define MAX_LINES           250

/* Rounds read again in a row because the list shifted while it was read. */
#define MAX_REREADS 2

#define PRODUCT_PREFIX   "gid://woocommerce/Product/"
#define VARIATION_PREFIX "gid://woocommerce/ProductVariation/"

struct _VitrineWooCommerceOrders
{
  VitrineFeedSource   parent_instance;

  char               *secret_id;
  guint               interval_ms;
  guint               overlap_s;
  guint               per_page;
  GDateTime          *since;
  VitrineOrderCursor *cursor;

  /* While running. */
  GUri               *base;
  char               *host;
  char               *consumer_key;
  char               *consumer_secret;
  gboolean            query_auth;
  gboolean            auth_switched;
  gboolean            orderby_date;     /* the shop refused orderby=modified */
  GDateTime          *poll_floor;
  guint               page;
  gint64              round_total;      /* X-WP-Total of the first page, or -1 */
  GHashTable         *round_ids;        /* ids listed in this round */
  guint               round_rejected;
  guint               rereads;
};

G_DEFINE_FINAL_TYPE (VitrineWooCommerceOrders, vitrine_woocommerce_orders,
                     VITRINE_TYPE_FEED_SOURCE)

enum {
  PROP_0,
  PROP_SECRET_ID,
  PROP_INTERVAL,
  PROP_OVERLAP,
  PROP_PAGE_SIZE,
  PROP_CURSOR,
  N_PROPS
};


static GParamSpec *properties [N_PROPS];

static void begin_round (VitrineWooCommerceOrders *self);
static void request_page (VitrineWooCommerceOrders *self);

/* Reading the answers */

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

static VitrineOrderStatus
status_from_woocommerce (const char *status)
{
  static const struct { const char *name; VitrineOrderStatus status; } statuses[] = {
    { "pending", VITRINE_ORDER_STATUS_AWAITING_PAYMENT },
    { "checkout-draft", VITRINE_ORDER_STATUS_AWAITING_PAYMENT },
    { "on-hold", VITRINE_ORDER_STATUS_PENDING },
    { "processing", VITRINE_ORDER_STATUS_PAID },
    { "completed", VITRINE_ORDER_STATUS_PAID },
    { "refunded", VITRINE_ORDER_STATUS_REFUNDED },
    { "cancelled", VITRINE_ORDER_STATUS_CANCELLED },
    { "trash", VITRINE_ORDER_STATUS_CANCELLED },
    { "failed", VITRINE_ORDER_STATUS_FAILED },
  };

  for (guint i = 0; status != NULL && i < G_N_ELEMENTS (statuses); i++)
    if (g_ascii_strcasecmp (status, statuses[i].name) == 0)
      return statuses[i].status;

  /* A plugin's own status ("shipped", "ready-to-pick"…) comes after the
   * order was placed. */
  return VITRINE_ORDER_STATUS_PENDING;
}

/* WooCommerce sends a line's `price` as a JSON number. The shortest text
 * that reads back as the same double is the decimal the shop wrote ("24.37");
 * that text is what is parsed, with the money rules (no rounding). */
static gboolean
money_from_number (JsonNode     *node,
                   const char   *currency,
                   VitrineMoney *out)
{
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];
  double value;

  if (node == NULL || currency == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return FALSE;
  if (json_node_get_value_type (node) == G_TYPE_STRING)
    return _vitrine_orders_parse_money (node, currency, out);
  if (json_node_get_value_type (node) == G_TYPE_INT64)
    {
      g_snprintf (buffer, sizeof buffer, "%" G_GINT64_FORMAT, json_node_get_int (node));
      return vitrine_money_parse (buffer, currency, out, NULL);
    }
  if (json_node_get_value_type (node) != G_TYPE_DOUBLE)
    return FALSE;

  value = json_node_get_double (node);
  if (!isfinite (value) || value < 0 || value > 1e15)
    return FALSE;

  for (int digits = 1; digits <= 17; digits++)
    {
      char format[8];

      g_snprintf (format, sizeof format, "%%.%dg", digits);
      g_ascii_formatd (buffer, sizeof buffer, format, value);
      if (g_ascii_strtod (buffer, NULL) == value)
        break;
    }
  if (strchr (buffer, 'e') != NULL || strchr (buffer, 'E') != NULL)
    return FALSE;
  return vitrine_money_parse (buffer, currency, out, NULL);
}

static void
read_line (VitrineOrder *order,
           JsonNode     *node,
           const char   *currency)
{
  g_autoptr(VitrineOrderLineItem) line = vitrine_order_line_item_new ();
  JsonObject *object;
  JsonNode *quantity;
  VitrineMoney subtotal;
  const char *sku;

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return;
  object = json_node_get_object (node);

  quantity = json_object_get_member (object, "quantity");
  if (quantity == NULL || !JSON_NODE_HOLDS_VALUE (quantity) ||
      json_node_get_value_type (quantity) != G_TYPE_INT64 || json_node_get_int (quantity) < 0)
    return;
  line->quantity = json_node_get_int (quantity);

  line->id = _vitrine_orders_id_from_node (json_object_get_member (object, "id"), NULL);
  line->product_id = _vitrine_orders_id_from_node (json_object_get_member (object, "product_id"),
                                                   PRODUCT_PREFIX);
  line->variant_id =
    _vitrine_orders_id_from_node (json_object_get_member (object, "variation_id"),
                                  VARIATION_PREFIX);
  sku = get_string (object, "sku");
  if (sku != NULL && *sku != '\0' && strlen (sku) <= 256 && g_utf8_validate (sku, -1, NULL))
    line->sku = g_strdup (sku);
  line->title = g_strdup (get_string (object, "name"));

  if (line->quantity > 0 &&
      _vitrine_orders_parse_money (json_object_get_member (object, "subtotal"), currency,
                                   &subtotal) &&
      subtotal.amount % line->quantity == 0)
    {
      line->unit_price = subtotal;
      line->unit_price.amount = subtotal.amount / line->quantity;
    }
  else
    money_from_number (json_object_get_member (object, "price"), currency, &line->unit_price);

  vitrine_order_add_line_item (order, line);
}

static VitrineOrder *
order_from_json (JsonNode  *node,
                 GTimeZone *utc)
{
  g_autoptr(VitrineOrder) order = NULL;
  g_autofree char *id = NULL;
  g_autofree char *name = NULL;
  g_autoptr(GDateTime) updated = NULL;
  g_autoptr(GDateTime) created = NULL;
  JsonObject *object;
  JsonObject *billing;
  JsonNode *lines;
  const char *number;
  const char *currency;
  VitrineMoney total;

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return NULL;
  object = json_node_get_object (node);

  id = _vitrine_orders_id_from_node (json_object_get_member (object, "id"), NULL);
  updated = _vitrine_orders_parse_time (get_string (object, "date_modified_gmt"), utc);
  if (updated == NULL)
    /* Site-local time without a zone; as good as it gets. */
    updated = _vitrine_orders_parse_time (get_string (object, "date_modified"), utc);
  if (id == NULL || updated == NULL)
    return NULL;

  order = vitrine_order_new ("woocommerce", id);
  vitrine_order_set_updated_at (order, updated);
  created = _vitrine_orders_parse_time (get_string (object, "date_created_gmt"), utc);
  vitrine_order_set_created_at (order, created ? created : updated);

  number = get_string (object, "number");
  name = g_strdup_printf ("#%s", number && *number ? number : id);
  vitrine_order_set_name (order, name);
  vitrine_order_set_financial_status (order, get_string (object, "status"));
  vitrine_order_set_status (order, status_from_woocommerce (get_string (object, "status")));

  currency = get_string (object, "currency");
  if (_vitrine_orders_parse_money (json_object_get_member (object, "total"), currency, &total))
    vitrine_order_set_total (order, &total);

  billing = get_object (object, "billing");
  vitrine_order_set_customer (order, get_string (billing, "first_name"),
                              get_string (billing, "last_name"));

  lines = json_object_get_member (object, "line_items");
  if (lines != NULL && JSON_NODE_HOLDS_ARRAY (lines))
    {
      JsonArray *array = json_node_get_array (lines);

      for (guint i = 0; i < json_array_get_length (array) && i < MAX_LINES; i++)
        read_line (order, json_array_get_element (array, i), currency);
    }

  return g_steal_pointer (&order);
}

/**
 * vitrine_woocommerce_orders_parse_page:
 * @body: an answer of `GET /wp-json/wc/v3/orders`, as received
 * @n_rejected: (out) (optional): how many listed orders were not readable
 *   (no id, no valid date of change), left out
 * @error: a location for a %VITRINE_FEED_ERROR_PROTOCOL
 *
 * Returns: (transfer full) (element-type VitrineOrder) (nullable): the
 *   orders, in the shop's order, or %NULL with @error set when @body is not a
 *   JSON array
 */
GPtrArray *
vitrine_woocommerce_orders_parse_page (GBytes  *body,
                                       guint   *n_rejected,
                                       GError **error)
{
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();
  g_autofree char *message = NULL;
  GPtrArray *orders;
  JsonArray *array;
  guint rejected = 0;

  g_return_val_if_fail (body != NULL, NULL);

  if (n_rejected != NULL)
    *n_rejected = 0;

  root = _vitrine_orders_parse_json (body, &message);
  if (root == NULL || !JSON_NODE_HOLDS_ARRAY (root))
    {
      g_set_error (error, VITRINE_FEED_ERROR, VITRINE_FEED_ERROR_PROTOCOL,
                   _("WooCommerce’s answer about orders cannot be read (%s)"),
                   message ? message : _("not a list of orders"));
      return NULL;
    }

  orders = g_ptr_array_new_with_free_func (g_object_unref);
  array = json_node_get_array (root);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      VitrineOrder *order = order_from_json (json_array_get_element (array, i), utc);

      if (order != NULL)
        g_ptr_array_add (orders, order);
      else
        rejected++;
    }

  if (n_rejected != NULL)
    *n_rejected = rejected;
  return orders;
}

/* Polling */

static void
vitrine_woocommerce_orders_dispose (GObject *object)
{
  VitrineWooCommerceOrders *self = VITRINE_WOOCOMMERCE_ORDERS (object);

  g_clear_pointer (&self->consumer_key, _vitrine_shop_secret_free);
  g_clear_pointer (&self->consumer_secret, _vitrine_shop_secret_free);

  G_OBJECT_CLASS (vitrine_woocommerce_orders_parent_class)->dispose (object);
}

static void
vitrine_woocommerce_orders_finalize (GObject *object)
{
  VitrineWooCommerceOrders *self = VITRINE_WOOCOMMERCE_ORDERS (object);

  g_clear_pointer (&self->secret_id, g_free);
  g_clear_pointer (&self->since, g_date_time_unref);
  g_clear_pointer (&self->cursor, vitrine_order_cursor_free);
  g_clear_pointer (&self->base, g_uri_unref);
  g_clear_pointer (&self->host, g_free);
  g_clear_pointer (&self->consumer_key, _vitrine_shop_secret_free);
  g_clear_pointer (&self->consumer_secret, _vitrine_shop_secret_free);
  g_clear_pointer (&self->poll_floor, g_date_time_unref);
  g_clear_pointer (&self->round_ids, g_hash_table_unref);

  G_OBJECT_CLASS (vitrine_woocommerce_orders_parent_class)->finalize (object);
}

static gboolean
is_cancelled (VitrineWooCommerceOrders *self,
              const GError             *error)
{
  GCancellable *cancellable = _vitrine_feed_source_get_cancellable (VITRINE_FEED_SOURCE (self));

  return g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) ||
         g_cancellable_is_cancelled (cancellable);
}

static SoupMessage *
build_message (gpointer user_data)
{
  VitrineWooCommerceOrders *self = user_data;
  g_autoptr(GDateTime) after = g_date_time_add_seconds (self->poll_floor, -1);
  g_autofree char *modified_after = g_date_time_format (after, "%Y-%m-%dT%H:%M:%S");
  g_autofree char *path = g_strconcat (g_uri_get_path (self->base), "/wp-json/wc/v3/orders",
                                       NULL);
  g_autoptr(GString) query = g_string_new (NULL);
  g_autoptr(GUri) uri = NULL;
  SoupMessage *message;
  SoupMessageHeaders *headers;

  g_string_append_printf (query, "modified_after=%s&dates_are_gmt=true&orderby=%s&order=asc"
                          "&per_page=%u&page=%u", modified_after,
                          self->orderby_date ? "date" : "modified", self->per_page, self->page);
  if (self->query_auth)
    {
      g_autofree char *key = g_uri_escape_string (self->consumer_key, NULL, FALSE);
      g_autofree char *secret = g_uri_escape_string (self->consumer_secret, NULL, FALSE);

      g_string_append_printf (query, "&consumer_key=%s&consumer_secret=%s", key, secret);
      memset (key, 0, strlen (key));
      memset (secret, 0, strlen (secret));
    }

  uri = g_uri_build (G_URI_FLAGS_ENCODED_QUERY, g_uri_get_scheme (self->base), NULL,
                     g_uri_get_host (self->base), g_uri_get_port (self->base), path,
                     query->str, NULL);
  memset (query->str, 0, query->len);

  message = soup_message_new_from_uri (SOUP_METHOD_GET, uri);
  headers = soup_message_get_request_headers (message);
  soup_message_headers_append (headers, "Accept", "application/json");
  if (!self->query_auth)
    {
      g_autofree char *pair = g_strconcat (self->consumer_key, ":", self->consumer_secret, NULL);
      g_autofree char *encoded = g_base64_encode ((const guchar *) pair, strlen (pair));
      g_autofree char *value = g_strconcat ("Basic ", encoded, NULL);

      soup_message_headers_append (headers, "Authorization", value);
      memset (pair, 0, strlen (pair));
      memset (encoded, 0, strlen (encoded));
      memset (value, 0, strlen (value));
    }
  return message;
}

/* WooCommerce's own words ("Sorry, you cannot list resources."), unless they
 * quote a credential back; and its error code. */
static char *
shop_message (VitrineWooCommerceOrders  *self,
              VitrineShopResponse       *response,
              char                     **code)
{
  g_autoptr(JsonNode) root = _vitrine_orders_parse_json (response->body, NULL);
  const char *message;

  if (code != NULL)
    *code = NULL;
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return NULL;

  if (code != NULL && get_string (json_node_get_object (root), "code") != NULL)
    *code = _vitrine_orders_clean_message (get_string (json_node_get_object (root), "code"));
  message = get_string (json_node_get_object (root), "message");
  if (message == NULL || *message == '\0' ||
      (self->consumer_key && strstr (message, self->consumer_key) != NULL) ||
      (self->consumer_secret && strstr (message, self->consumer_secret) != NULL))
    return NULL;

  return _vitrine_orders_clean_message (message);
}

static void
round_wait_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(VitrineWooCommerceOrders) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!_vitrine_shop_sleep_finish (result, &error) || is_cancelled (self, NULL))
    return;
  begin_round (self);
}

static void
next_round_after (VitrineWooCommerceOrders *self,
                  guint                     milliseconds)
{
  _vitrine_shop_sleep_async (milliseconds,
                             _vitrine_feed_source_get_cancellable (VITRINE_FEED_SOURCE (self)),
                             round_wait_cb, g_object_ref (self));
}

static void
fail_round (VitrineWooCommerceOrders *self,
            const GError             *error)
{
  guint retry_ms = 0;

  if (_vitrine_orders_report_error (VITRINE_FEED_SOURCE (self), error, &retry_ms))
    next_round_after (self, retry_ms);
}

static void
handle_order (VitrineWooCommerceOrders *self,
              VitrineOrder             *order)
{
  GDateTime *created = vitrine_order_get_created_at (order);
  VitrineOrderVersion version;

  g_hash_table_add (self->round_ids, g_strdup (vitrine_order_get_id (order)));

  version = vitrine_order_cursor_admit (self->cursor, vitrine_order_get_id (order),
                                        vitrine_order_get_updated_at (order));
  if (version == VITRINE_ORDER_VERSION_OLD)
    return;

  /* Placed before the show: not the show's business. */
  if (created != NULL &&
      g_date_time_compare (created, vitrine_order_cursor_get_since (self->cursor)) < 0)
    {
      vitrine_order_cursor_set_mark (self->cursor, vitrine_order_get_id (order),
                                     _VITRINE_ORDERS_MARK_IGNORED);
      return;
    }

  _vitrine_orders_announce (VITRINE_FEED_SOURCE (self), self->cursor, order, version,
                            self->poll_floor);
  _vitrine_feed_source_emit_order (VITRINE_FEED_SOURCE (self), order);
}

/* X-WP-TotalPages, else a Link header with rel="next", else a full page. */
static gboolean
has_next_page (VitrineWooCommerceOrders *self,
               VitrineShopResponse      *response,
               guint                     n_items)
{
  const char *total = soup_message_headers_get_one (response->headers, "X-WP-TotalPages");
  const char *link = soup_message_headers_get_one (response->headers, "Link");
  g_autofree char *copy = total ? g_strstrip (g_strdup (total)) : NULL;
  guint64 value;

  if (copy != NULL && g_ascii_string_to_unsigned (copy, 10, 0, G_MAXUINT, &value, NULL))
    return self->page < value;

  if (link != NULL)
    return strstr (link, "rel=\"next\"") != NULL;

  return n_items >= self->per_page;
}

static void
page_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(VitrineWooCommerceOrders) self = user_data;
  g_autoptr(VitrineShopResponse) response = NULL;
  g_autoptr(GPtrArray) orders = NULL;
  g_autoptr(GError) error = NULL;
  guint rejected = 0;

  response = _vitrine_shop_send_finish (result, &error);
  if (response == NULL)
    {
      if (!is_cancelled (self, error))
        fail_round (self, error);
      return;
    }
  if (is_cancelled (self, NULL))
    return;

  if (response->status == SOUP_STATUS_UNAUTHORIZED || response->status == SOUP_STATUS_FORBIDDEN)
    {
      g_autofree char *message = shop_message (self, response, NULL);

      /* The server dropped the Authorization header on its way to PHP. */
      if (!self->query_auth && !self->auth_switched && message != NULL &&
          strstr (message, "Consumer key is missing") != NULL)
        {
          g_debug ("%s strips the Authorization header; sending the key in the query instead",
                   self->host);
          self->query_auth = TRUE;
          self->auth_switched = TRUE;
          request_page (self);
          return;
        }

      g_set_error (&error, VITRINE_FEED_ERROR, VITRINE_FEED_ERROR_KEY_REJECTED,
                   _("%s refused the consumer key (HTTP %u): %s"), self->host, response->status,
                   message ? message : _("enter the key and secret again, and check that they "
                                         "may read orders"));
      fail_round (self, error);
      return;
    }

  if (response->status == SOUP_STATUS_BAD_REQUEST && !self->orderby_date)
    {
      g_autofree char *code = NULL;
      g_autofree char *message = shop_message (self, response, &code);

      /* An older WooCommerce knows no orderby=modified: the round does not
       * depend on the order of the list, only on reading all of it. */
      if (g_strcmp0 (code, "rest_invalid_param") == 0 && message != NULL &&
          strstr (message, "orderby") != NULL)
        {
          g_debug ("%s cannot sort orders by modification; sorting by date", self->host);
          self->orderby_date = TRUE;
          begin_round (self);
          return;
        }
    }

  if (!_vitrine_shop_check_status (response, self->host, &error))
    {
      fail_round (self, error);
      return;
    }

  orders = vitrine_woocommerce_orders_parse_page (response->body, &rejected, &error);
  if (orders == NULL)
    {
      fail_round (self, error);
      return;
    }

  if (self->page == 1)
    {
      const char *total = soup_message_headers_get_one (response->headers, "X-WP-Total");
      g_autofree char *copy = total ? g_strstrip (g_strdup (total)) : NULL;
      guint64 value;

      self->round_total = -1;
      if (copy != NULL && g_ascii_string_to_unsigned (copy, 10, 0, G_MAXINT64, &value, NULL))
        self->round_total = (gint64) value;
    }

  if (rejected > 0)
    g_debug ("%s: %u orders of the page are not readable", self->host, rejected);
  self->round_rejected += rejected;

  for (guint i = 0; i < orders->len; i++)
    handle_order (self, g_ptr_array_index (orders, i));
  _vitrine_feed_source_set_state (VITRINE_FEED_SOURCE (self), VITRINE_FEED_SOURCE_LIVE, NULL);
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_CURSOR]);

  if (orders->len + rejected > 0 && has_next_page (self, response, orders->len + rejected))
    {
      if (self->page < MAX_PAGES)
        {
          self->page++;
          request_page (self);
          return;
        }
      /* Not the whole listing: the floor stays where it is. */
      g_debug ("%s: more than %u pages in one round; starting over", self->host, MAX_PAGES);
      next_round_after (self, self->interval_ms);
      return;
    }

  if (self->round_total >= 0 &&
      (gint64) (g_hash_table_size (self->round_ids) + self->round_rejected) < self->round_total &&
      self->rereads < MAX_REREADS)
    {
      g_debug ("%s: %u of %" G_GINT64_FORMAT " orders read; the list moved while it was read, "
               "reading it again", self->host, g_hash_table_size (self->round_ids),
               self->round_total);
      self->rereads++;
      g_hash_table_remove_all (self->round_ids);
      self->round_rejected = 0;
      self->page = 1;
      request_page (self);
      return;
    }

  /* The whole listing is read: the floor may move up. */
  self->rereads = 0;
  vitrine_order_cursor_advance (self->cursor, self->overlap_s);
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_CURSOR]);
  next_round_after (self, self->interval_ms);
}

static void
request_page (VitrineWooCommerceOrders *self)
{
  _vitrine_shop_send_async (vitrine_feed_source_get_session (VITRINE_FEED_SOURCE (self)),
                            build_message, self,
                            _vitrine_feed_source_get_cancellable (VITRINE_FEED_SOURCE (self)),
                            page_cb, g_object_ref (self));
}

static void
begin_round (VitrineWooCommerceOrders *self)
{
  if (self->cursor == NULL)
    {
      g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

      self->cursor = vitrine_order_cursor_new (self->since ? self->since : now);
      g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_CURSOR]);
    }

  g_clear_pointer (&self->poll_floor, g_date_time_unref);
  self->poll_floor = g_date_time_ref (vitrine_order_cursor_get_floor (self->cursor));
  self->page = 1;
  self->round_total = -1;
  self->round_rejected = 0;
  g_hash_table_remove_all (self->round_ids);
  request_page (self);
}

static void
secret_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(VitrineWooCommerceOrders) self = user_data;
  g_autoptr(GError) error = NULL;
  char *secret;
  char *colon;

  secret = _vitrine_shop_lookup_secret_finish (result, &error);
  if (secret == NULL)
    {
      if (!is_cancelled (self, error))
        fail_round (self, error);
      return;
    }
  if (is_cancelled (self, NULL))
    {
      _vitrine_shop_secret_free (secret);
      return;
    }

  g_strstrip (secret);
  colon = strchr (secret, ':');
  if (colon == NULL || colon == secret || colon[1] == '\0')
    {
      _vitrine_shop_secret_free (secret);
      g_set_error (&error, VITRINE_FEED_ERROR, VITRINE_FEED_ERROR_KEY_MISSING,
                   _("The credentials stored for %s must be the consumer key and the consumer "
                     "secret joined by “:” (ck_…:cs_…)"), self->host);
      fail_round (self, error);
      return;
    }

  g_clear_pointer (&self->consumer_key, _vitrine_shop_secret_free);
  g_clear_pointer (&self->consumer_secret, _vitrine_shop_secret_free);
  self->consumer_key = g_strndup (secret, colon - secret);
  self->consumer_secret = g_strdup (colon + 1);
  _vitrine_shop_secret_free (secret);
  begin_round (self);
}

static void
vitrine_woocommerce_orders_start (VitrineFeedSource *source)
{
  VitrineWooCommerceOrders *self = VITRINE_WOOCOMMERCE_ORDERS (source);
  g_autoptr(GError) error = NULL;
  g_autofree char *secret_id = NULL;

  g_clear_pointer (&self->base, g_uri_unref);
  self->base = _vitrine_shop_parse_base_url (vitrine_feed_source_get_base_url (source), &error);
  if (self->base == NULL)
    {
      _vitrine_feed_source_set_state (source, VITRINE_FEED_SOURCE_FAILED, error->message);
      return;
    }

  g_clear_pointer (&self->host, g_free);
  self->host = g_strdup (g_uri_get_host (self->base));
  self->rereads = 0;
  secret_id = self->secret_id ? g_strdup (self->secret_id)
                              : _vitrine_shop_default_secret_id ("woocommerce", self->base);

  _vitrine_feed_source_set_state (source, VITRINE_FEED_SOURCE_CONNECTING, NULL);
  _vitrine_shop_lookup_secret_async (secret_id, _vitrine_feed_source_get_cancellable (source),
                                     secret_cb, g_object_ref (self));
}

static void
vitrine_woocommerce_orders_stop (VitrineFeedSource *source)
{
  VitrineWooCommerceOrders *self = VITRINE_WOOCOMMERCE_ORDERS (source);

  g_clear_pointer (&self->consumer_key, _vitrine_shop_secret_free);
  g_clear_pointer (&self->consumer_secret, _vitrine_shop_secret_free);
}

static void
vitrine_woocommerce_orders_get_property (GObject    *object,
                                         guint       prop_id,
                                         GValue     *value,
                                         GParamSpec *pspec)
{
  VitrineWooCommerceOrders *self = VITRINE_WOOCOMMERCE_ORDERS (object);

  switch (prop_id)
    {
    case PROP_SECRET_ID:
      g_value_set_string (value, self->secret_id);
      break;
    case PROP_INTERVAL:
      g_value_set_uint (value, self->interval_ms);
      break;
    case PROP_OVERLAP:
      g_value_set_uint (value, self->overlap_s);
      break;
    case PROP_PAGE_SIZE:
      g_value_set_uint (value, self->per_page);
      break;
    case PROP_CURSOR:
      g_value_take_string (value, vitrine_woocommerce_orders_get_cursor (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vitrine_woocommerce_orders_set_property (GObject      *object,
                                         guint         prop_id,
                                         const GValue *value,
                                         GParamSpec   *pspec)
{
  VitrineWooCommerceOrders *self = VITRINE_WOOCOMMERCE_ORDERS (object);

  switch (prop_id)
    {
    case PROP_SECRET_ID:
      self->secret_id = g_value_dup_string (value);
      break;
    case PROP_INTERVAL:
      vitrine_woocommerce_orders_set_interval (self, g_value_get_uint (value));
      break;
    case PROP_OVERLAP:
      vitrine_woocommerce_orders_set_overlap (self, g_value_get_uint (value));
      break;
    case PROP_PAGE_SIZE:
      vitrine_woocommerce_orders_set_page_size (self, g_value_get_uint (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static char *
dup_cursor (VitrineFeedSource *source)
{
  return vitrine_woocommerce_orders_get_cursor (VITRINE_WOOCOMMERCE_ORDERS (source));
}

static gboolean
restore_cursor (VitrineFeedSource  *source,
                const char         *cursor,
                GError            **error)
{
  return vitrine_woocommerce_orders_set_cursor (VITRINE_WOOCOMMERCE_ORDERS (source), cursor, error);
}

static void
vitrine_woocommerce_orders_class_init (VitrineWooCommerceOrdersClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  VitrineFeedSourceClass *source_class = VITRINE_FEED_SOURCE_CLASS (klass);

  object_class->dispose = vitrine_woocommerce_orders_dispose;
  object_class->finalize = vitrine_woocommerce_orders_finalize;
  object_class->get_property = vitrine_woocommerce_orders_get_property;
  object_class->set_property = vitrine_woocommerce_orders_set_property;
  source_class->start = vitrine_woocommerce_orders_start;
  source_class->stop = vitrine_woocommerce_orders_stop;
  source_class->dup_cursor = dup_cursor;
  source_class->restore_cursor = restore_cursor;

  /**
   * VitrineWooCommerceOrders:secret-id:
   *
   * The keyring item holding `ck_…:cs_…`, or %NULL for
   * `woocommerce:<host>`. The environment variable vitrine_secrets_env_name()
   * names is read first.
   */
  properties [PROP_SECRET_ID] =
    g_param_spec_string ("secret-id", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties [PROP_INTERVAL] =
    g_param_spec_uint ("interval", NULL, NULL, 10, 3600 * 1000, DEFAULT_INTERVAL_MS,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties [PROP_OVERLAP] =
    g_param_spec_uint ("overlap", NULL, NULL, 0, 3600, DEFAULT_OVERLAP_S,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties [PROP_PAGE_SIZE] =
    g_param_spec_uint ("page-size", NULL, NULL, 1, MAX_PER_PAGE, DEFAULT_PER_PAGE,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /**
   * VitrineWooCommerceOrders:cursor:
   *
   * Where polling stands (vitrine_woocommerce_orders_get_cursor()); notified
   * whenever it moves, for the journal to save.
   */
  properties [PROP_CURSOR] =
    g_param_spec_string ("cursor", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
vitrine_woocommerce_orders_init (VitrineWooCommerceOrders *self)
{
  self->interval_ms = DEFAULT_INTERVAL_MS;
  self->overlap_s = DEFAULT_OVERLAP_S;
  self->per_page = DEFAULT_PER_PAGE;
  self->round_total = -1;
  self->round_ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
}

/**
 * vitrine_woocommerce_orders_new:
 * @id: the source's id, e.g. `woocommerce-orders`
 * @base_url: the WordPress address (`https://shop.example.com`; plain http
 *   only for this machine)
 * @secret_id: (nullable): the keyring item of `ck_…:cs_…`, or %NULL for
 *   `woocommerce:<host>`
 *
 * Returns: (transfer full): a connector that polls the shop's orders once
 *   started
 */
VitrineWooCommerceOrders *
vitrine_woocommerce_orders_new (const char *id,
                                const char *base_url,
                                const char *secret_id)
{
  return g_object_new (VITRINE_TYPE_WOOCOMMERCE_ORDERS,
                       "id", id,
                       "platform", "woocommerce",
                       "base-url", base_url,
                       "secret-id", secret_id,
                       NULL);
}

guint
vitrine_woocommerce_orders_get_interval (VitrineWooCommerceOrders *self)
{
  g_return_val_if_fail (VITRINE_IS_WOOCOMMERCE_ORDERS (self), 0);
  return self->interval_ms;
}

void
vitrine_woocommerce_orders_set_interval (VitrineWooCommerceOrders *self,
                                         guint                     milliseconds)
{
  g_return_if_fail (VITRINE_IS_WOOCOMMERCE_ORDERS (self));

  milliseconds = CLAMP (milliseconds, 10, 3600 * 1000);
  if (self->interval_ms == milliseconds)
    return;
  self->interval_ms = milliseconds;
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_INTERVAL]);
}

guint
vitrine_woocommerce_orders_get_overlap (VitrineWooCommerceOrders *self)
{
  g_return_val_if_fail (VITRINE_IS_WOOCOMMERCE_ORDERS (self), 0);
  return self->overlap_s;
}

/**
 * vitrine_woocommerce_orders_set_overlap:
 * @seconds: how far back each round asks again (at least the second of the
 *   newest change is always asked again)
 */
void
vitrine_woocommerce_orders_set_overlap (VitrineWooCommerceOrders *self,
                                        guint                     seconds)
{
  g_return_if_fail (VITRINE_IS_WOOCOMMERCE_ORDERS (self));

  seconds = MIN (seconds, 3600);
  if (self->overlap_s == seconds)
    return;
  self->overlap_s = seconds;
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_OVERLAP]);
}

/**
 * vitrine_woocommerce_orders_set_page_size:
 * @per_page: orders per page, 1 to 100
 */
void
vitrine_woocommerce_orders_set_page_size (VitrineWooCommerceOrders *self,
                                          guint                     per_page)
{
  g_return_if_fail (VITRINE_IS_WOOCOMMERCE_ORDERS (self));

  per_page = CLAMP (per_page, 1, MAX_PER_PAGE);
  if (self->per_page == per_page)
    return;
  self->per_page = per_page;
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_PAGE_SIZE]);
}

/**
 * vitrine_woocommerce_orders_set_since:
 * @since: (nullable): the start of the show; %NULL for when polling starts
 *
 * Where a connector without a cursor starts: orders placed or changed before
 * are not reported.
 */
void
vitrine_woocommerce_orders_set_since (VitrineWooCommerceOrders *self,
                                      GDateTime                *since)
{
  g_return_if_fail (VITRINE_IS_WOOCOMMERCE_ORDERS (self));

  g_clear_pointer (&self->since, g_date_time_unref);
  self->since = since ? g_date_time_ref (since) : NULL;
}

/**
 * vitrine_woocommerce_orders_get_cursor:
 *
 * Returns: (transfer full) (nullable): where polling stands, for the
 *   journal, or %NULL before the first round
 */
char *
vitrine_woocommerce_orders_get_cursor (VitrineWooCommerceOrders *self)
{
  g_return_val_if_fail (VITRINE_IS_WOOCOMMERCE_ORDERS (self), NULL);

  return self->cursor ? vitrine_order_cursor_to_string (self->cursor) : NULL;
}

/**
 * vitrine_woocommerce_orders_set_cursor:
 * @cursor: (nullable): what vitrine_woocommerce_orders_get_cursor() gave, or
 *   %NULL to start over
 * @error: a location for a %VITRINE_ORDER_ERROR_INVALID_CURSOR
 *
 * Resumes polling where a former run stood (call before starting).
 *
 * Returns: %TRUE, or %FALSE with @error set and the cursor unchanged
 */
gboolean
vitrine_woocommerce_orders_set_cursor (VitrineWooCommerceOrders  *self,
                                       const char                *cursor,
                                       GError                   **error)
{
  VitrineOrderCursor *parsed = NULL;

  g_return_val_if_fail (VITRINE_IS_WOOCOMMERCE_ORDERS (self), FALSE);

  if (cursor != NULL)
    {
      parsed = vitrine_order_cursor_new_from_string (cursor, error);
      if (parsed == NULL)
        return FALSE;
    }

  g_clear_pointer (&self->cursor, vitrine_order_cursor_free);
  self->cursor = parsed;
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_CURSOR]);
  return TRUE;
}
