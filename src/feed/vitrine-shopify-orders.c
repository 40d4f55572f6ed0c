/* vitrine-shopify-orders.c
 *
 * Copyright 2026 The Vitrine developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "vitrine-shopify"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "vitrine-feed-error.h"
#include "vitrine-product-sync-private.h"
#include "vitrine-shopify-orders.h"
#include "vitrine-shopify-products.h"

/* A Shopify shop's orders, polled through the Admin GraphQL API
 * (`POST <shop>/admin/api/<version>/graphql.json`, header
 * `X-Shopify-Access-Token`, scope `read_orders`):
 *
 *   orders(first: N, after: $after, sortKey: UPDATED_AT,
 *          query: "updated_at:>='<floor>'")
 *
 * Where to ask from is a VitrineOrderCursor (vitrine-order.c): the newest
 * change seen minus an overlap, with every order version seen since, so that
 * orders changed in the same second as the last one read, or shown late by
 * Shopify's search, are neither lost nor reported twice; it is saved by the
 * journal (vitrine_shopify_orders_get_cursor(), `notify::cursor`) and given
 * back after a restart (vitrine_shopify_orders_set_cursor()). Within one
 * round the pages follow `pageInfo.endCursor` with the same query.
 *
 * Shopify limits by query cost: each answer says in `extensions.cost` what
 * the query was expected to cost and how full the bucket is. Before the next
 * page (and the next round) Vitrine waits ceil((requested − available) /
 * restoreRate) seconds when the bucket is short; a `THROTTLED` answer is
 * waited out the same way and asked again, up to MAX_THROTTLED times in a
 * row; HTTP 429 and 5xx are retried by the shared sender. A query Shopify
 * finds too expensive (`MAX_COST_EXCEEDED`) is asked again for fewer orders.
 *
 * Ids stay what GraphQL calls them (`gid://shopify/Order/6021548310587`):
 * strings, never through a double. Money is the `shopMoney` of the price
 * sets, a decimal string read with vitrine_money_parse().
 *
 * What reaches the feed: an ORDER item when an order is placed (or, for one
 * first seen awaiting payment, when it is placed after all), and another
 * when it is cancelled or refunded; every new version of an order is also
 * the "order" signal, which is what the catalog follows
 * (vitrine_order_apply_to_catalog()). Orders placed before the cursor's
 * start (vitrine_shopify_orders_set_since(), by default when polling first
 * started) are not the show's and are left out. */

#define DEFAULT_INTERVAL_MS 5000
#define DEFAULT_OVERLAP_S   60
#define DEFAULT_PAGE_SIZE   25
#define MAX_PAGE_SIZE       250
#define LINE_ITEMS          50

/* THROTTLED answers in a row before the round is given up (and tried again
 * after a backoff). */
#define MAX_THROTTLED 5

/* The most lines read from one order. */
#define MAX_LINES 250

/* The most pages in one round: a shop that keeps saying "more" with a new
 * cursor every time is not listing orders any more. */
#define MAX_PAGES 1000

#define ORDER_PREFIX    "gid://shopify/Order/"
#define PRODUCT_PREFIX  "gid://shopify/Product/"
#define VARIANT_PREFIX  "gid://shopify/ProductVariant/"
#define LINE_PREFIX     "gid://shopify/LineItem/"

static const char orders_query[] =
  "query VitrineOrders($first: Int!, $after: String, $q: String!) { "
  "orders(first: $first, after: $after, sortKey: UPDATED_AT, query: $q) { "
  "edges { cursor node { "
  "id name createdAt updatedAt cancelledAt test displayFinancialStatus currencyCode "
  "totalPriceSet { shopMoney { amount currencyCode } } "
  "customer { firstName lastName displayName } "
  "lineItems(first: " G_STRINGIFY (LINE_ITEMS) ") { edges { node { "
  "id title sku quantity variant { id sku } product { id } "
  "originalUnitPriceSet { shopMoney { amount currencyCode } } } } "
  "pageInfo { hasNextPage } } "
  "} } "
  "pageInfo { hasNextPage endCursor } } }";

struct _VitrineShopifyOrders
{
  VitrineFeedSource   parent_instance;

  char               *secret_id;      /* NULL: shopify:<host> */
  char               *api_version;
  guint               interval_ms;
  guint               overlap_s;
  guint               page_size;
  GDateTime          *since;          /* for a new cursor; NULL: when started */
  VitrineOrderCursor *cursor;

  /* While running. */
  GUri               *endpoint;
  char               *host;
  char               *token;
  GBytes             *body;           /* the request of the page in flight */
  char               *after;          /* pageInfo.endCursor within a round */
  GDateTime          *poll_floor;     /* the cursor's floor when the round began */
  guint               throttled;      /* THROTTLED answers in a row */
  guint               pages;          /* pages in this round */

  /* From the last answer's extensions.cost. */
  gboolean            have_cost;
  double              requested;
  double              available;
  double              restore_rate;
};

G_DEFINE_FINAL_TYPE (VitrineShopifyOrders, vitrine_shopify_orders, VITRINE_TYPE_FEED_SOURCE)

enum {
  PROP_0,
  PROP_SECRET_ID,
  PROP_API_VERSION,
  PROP_INTERVAL,
  PROP_OVERLAP,
  PROP_PAGE_SIZE,
  PROP_CURSOR,
  N_PROPS
};


static GParamSpec *properties [N_PROPS];

static void begin_round (VitrineShopifyOrders *self);
static void request_page (VitrineShopifyOrders *self);

/* JSON helpers */

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

static gboolean
get_boolean (JsonObject *object,
             const char *member)
{
  JsonNode *node = object ? json_object_get_member (object, member) : NULL;

  return node != NULL && JSON_NODE_HOLDS_VALUE (node) &&
         json_node_get_value_type (node) == G_TYPE_BOOLEAN && json_node_get_boolean (node);
}

/* Query costs (not money): either JSON number type. */
static gboolean
get_number (JsonObject *object,
            const char *member,
            double     *value)
{
  JsonNode *node = object ? json_object_get_member (object, member) : NULL;
  GType type;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return FALSE;

  type = json_node_get_value_type (node);
  if (type == G_TYPE_INT64)
    *value = (double) json_node_get_int (node);
  else if (type == G_TYPE_DOUBLE)
    *value = json_node_get_double (node);
  else
    return FALSE;
  return isfinite (*value);
}

/* The nodes of a connection, asked as `edges { node }` or as `nodes`. */
static GPtrArray *
connection_nodes (JsonObject *connection)
{
  GPtrArray *nodes = g_ptr_array_new ();
  JsonArray *edges = get_array (connection, "edges");
  JsonArray *plain = get_array (connection, "nodes");

  if (edges != NULL)
    for (guint i = 0; i < json_array_get_length (edges); i++)
      {
        JsonNode *edge = json_array_get_element (edges, i);

        g_ptr_array_add (nodes, JSON_NODE_HOLDS_OBJECT (edge)
                                  ? json_object_get_member (json_node_get_object (edge), "node")
                                  : NULL);
      }
  else if (plain != NULL)
    for (guint i = 0; i < json_array_get_length (plain); i++)
      g_ptr_array_add (nodes, json_array_get_element (plain, i));

  return nodes;
}

/* Shared with the WooCommerce connector */


/**
 * _vitrine_orders_parse_json:
 * @message: (out) (optional): why it cannot be read
 *
 * Returns: (transfer full) (nullable): the answer's JSON, or %NULL
 */
JsonNode *
_vitrine_orders_parse_json (GBytes  *body,
                            char   **message)
{
  g_autofree char *why = NULL;
  JsonNode *root;
  guint line, column;

  root = _vitrine_shop_parse_json (body, &line, &column, &why);
  if (message != NULL)
    *message = g_steal_pointer (&why);
  return root;
}

/**
 * _vitrine_orders_parse_time:
 * @default_tz: (nullable): the zone of a time that does not say it; %NULL
 *   refuses such times
 *
 * Returns: (transfer full) (nullable): the time in UTC, or %NULL when it is
 *   not ISO 8601, before 2000 or more than a day ahead (a far-future time
 *   would move the cursor past every real order)
 */
GDateTime *
_vitrine_orders_parse_time (const char *text,
                            GTimeZone  *default_tz)
{
  g_autoptr(GDateTime) time = NULL;
  g_autoptr(GDateTime) utc = NULL;
  g_autoptr(GDateTime) now = NULL;
  g_autoptr(GDateTime) limit = NULL;

  if (text == NULL || strlen (text) > 64)
    return NULL;

  time = g_date_time_new_from_iso8601 (text, default_tz);
  if (time == NULL)
    return NULL;

  utc = g_date_time_to_utc (time);
  now = g_date_time_new_now_utc ();
  limit = g_date_time_add_days (now, 1);
  if (g_date_time_get_year (utc) < 2000 || g_date_time_compare (utc, limit) > 0)
    return NULL;
  return g_steal_pointer (&utc);
}

/* A price as a decimal string ("62.64"); a number is refused (it went through
 * a double somewhere). */
gboolean
_vitrine_orders_parse_money (JsonNode     *amount,
                             const char   *currency,
                             VitrineMoney *out)
{
  if (amount == NULL || currency == NULL || !JSON_NODE_HOLDS_VALUE (amount) ||
      json_node_get_value_type (amount) != G_TYPE_STRING)
    return FALSE;

  return vitrine_money_parse (json_node_get_string (amount), currency, out, NULL);
}

/* An id as text: a string as it is (a GraphQL id, or digits that get
 * @prefix), or a positive JSON integer, which json-glib holds as a gint64 and
 * so stays exact above 2^53. A JSON double is refused. */
char *
_vitrine_orders_id_from_node (JsonNode   *node,
                              const char *prefix)
{
  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return NULL;

  if (json_node_get_value_type (node) == G_TYPE_INT64)
    {
      gint64 value = json_node_get_int (node);

      if (value <= 0)
        return NULL;
      return g_strdup_printf ("%s%" G_GINT64_FORMAT, prefix ? prefix : "", value);
    }

  if (json_node_get_value_type (node) == G_TYPE_STRING)
    {
      const char *text = json_node_get_string (node);
      gsize length = strlen (text);
      guint64 number;

      if (length == 0 || length > 256 || !g_utf8_validate (text, length, NULL))
        return NULL;
      if (prefix != NULL &&
          g_ascii_string_to_unsigned (text, 10, 1, G_MAXINT64, &number, NULL))
        return g_strdup_printf ("%s%" G_GUINT64_FORMAT, prefix, number);
      return g_strdup (text);
    }

  return NULL;
}

/* A message a shop wrote, fit for a status line. */
char *
_vitrine_orders_clean_message (const char *message)
{
  return message ? vitrine_feed_sanitize_text (message, 200) : NULL;
}

/* What a connector told the feed about an order is kept as the cursor's mark
 * of the order: 0 nothing yet, else 1 + the status it was last shown with. */
#define MARK_FOR(status) ((guint) (status) + 1)

static VitrineFeedItem *
order_item (VitrineFeedSource *source,
            VitrineOrder      *order,
            const char        *id,
            const char        *detail,
            GDateTime         *time)
{
  g_autofree char *lines = vitrine_order_describe_lines (order);
  const char *customer = vitrine_order_get_customer (order);
  VitrineFeedItem *item;

  item = vitrine_feed_item_new_full (VITRINE_FEED_ITEM_ORDER,
                                     vitrine_feed_source_get_platform (source), id, NULL,
                                     customer ? customer : _("A customer"), lines, time);
  vitrine_feed_item_set_detail (item, detail);
  vitrine_feed_item_set_amount (item, vitrine_order_get_total (order));
  return item;
}

/**
 * _vitrine_orders_announce:
 * @cursor: the connector's cursor, which just admitted @order
 * @version: what the cursor made of @order
 * @poll_floor: the cursor's floor when this round began
 *
 * Puts in the feed what the host should see of this version of @order: the
 * order when it is placed, once, and its cancellation or refund. What was
 * said is kept in the cursor (so it survives a restart); an order not shown
 * yet (awaiting payment, mark 0) stays in the cursor until it is. An order
 * the cursor does not know but that was placed before the floor was shown
 * before the cursor forgot it: only a cancellation or refund is news then.
 */
void
_vitrine_orders_announce (VitrineFeedSource   *source,
                          VitrineOrderCursor  *cursor,
                          VitrineOrder        *order,
                          VitrineOrderVersion  version,
                          GDateTime           *poll_floor)
{
  const char *id = vitrine_order_get_id (order);
  VitrineOrderStatus status = vitrine_order_get_status (order);
  GDateTime *created = vitrine_order_get_created_at (order);
  guint mark = vitrine_order_cursor_get_mark (cursor, id);
  gboolean told = mark != 0;

  /* The cursor keeps orders still marked 0 (never shown) below its floor, so
   * an order it does not know that was placed before the floor was shown and
   * forgotten. */

  if (version == VITRINE_ORDER_VERSION_FIRST && created != NULL &&
      g_date_time_compare (created, poll_floor) < 0)
    told = TRUE;

  if (!told)
    {
      g_autoptr(VitrineFeedItem) item = NULL;
      g_autofree char *detail = NULL;

      /* Awaiting payment, or gone before it was ever placed: nothing yet. */
      if (!vitrine_order_holds_stock (order))
        return;

      if (vitrine_order_get_test (order))
        /* TRANSLATORS: in the feed; %s is the shop's name of the order, "#1042" */
        detail = g_strdup_printf (_("Test order %s"), vitrine_order_get_name (order));
      else
        /* TRANSLATORS: in the feed; %s is the shop's name of the order, "#1042" */
        detail = g_strdup_printf (_("Order %s"), vitrine_order_get_name (order));
      item = order_item (source, order, id, detail,
                         version == VITRINE_ORDER_VERSION_FIRST && created != NULL
                           ? created : vitrine_order_get_updated_at (order));
      vitrine_order_cursor_set_mark (cursor, id, MARK_FOR (status));
      _vitrine_feed_source_emit_item (source, item);
      return;
    }

  if ((status == VITRINE_ORDER_STATUS_CANCELLED || status == VITRINE_ORDER_STATUS_REFUNDED) &&
      mark != MARK_FOR (status))
    {
      g_autoptr(VitrineFeedItem) item = NULL;
      g_autofree char *detail = NULL;
      g_autofree char *item_id = NULL;

      if (status == VITRINE_ORDER_STATUS_CANCELLED)
        /* TRANSLATORS: in the feed; %s is the shop's name of the order, "#1042" */
        detail = g_strdup_printf (_("Order %s cancelled"), vitrine_order_get_name (order));
      else
        /* TRANSLATORS: in the feed; %s is the shop's name of the order, "#1042" */
        detail = g_strdup_printf (_("Order %s refunded"), vitrine_order_get_name (order));
      item_id = g_strdup_printf ("%s#%s", id,
                                 status == VITRINE_ORDER_STATUS_CANCELLED ? "cancelled"
                                                                          : "refunded");
      item = order_item (source, order, item_id, detail, vitrine_order_get_updated_at (order));
      vitrine_order_cursor_set_mark (cursor, id, MARK_FOR (status));
      _vitrine_feed_source_emit_item (source, item);
      return;
    }

  vitrine_order_cursor_set_mark (cursor, id, MARK_FOR (status));
}

/**
 * _vitrine_orders_waiting_status:
 * @what: (nullable): what happened, a sentence
 *
 * Returns: (transfer full): "@what Trying again in 3 seconds."
 */
char *
_vitrine_orders_waiting_status (const char *what,
                                guint       milliseconds)
{
  guint seconds = MAX (1, (milliseconds + 999) / 1000);
  g_autofree char *again = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                         "Trying again in %u second.",
                                                         "Trying again in %u seconds.",
                                                         seconds), seconds);

  if (what == NULL || *what == '\0')
    return g_steal_pointer (&again);
  return g_strconcat (what, g_str_has_suffix (what, ".") ? " " : ". ", again, NULL);
}

/**
 * _vitrine_orders_report_error:
 * @retry_ms: (out): when to try again, if so
 *
 * Shows @error as the source's state.
 *
 * Returns: whether to try again (after @retry_ms): not for refused or missing
 *   credentials, nor a wrong address, which wait for the host
 */
gboolean
_vitrine_orders_report_error (VitrineFeedSource *source,
                              const GError      *error,
                              guint             *retry_ms)
{
  VitrineFeedSourceState state = VITRINE_FEED_SOURCE_RECONNECTING;
  g_autofree char *status = NULL;

  if (error->domain == VITRINE_FEED_ERROR)
    switch (error->code)
      {
      case VITRINE_FEED_ERROR_KEY_MISSING:
      case VITRINE_FEED_ERROR_KEY_REJECTED:
        _vitrine_feed_source_set_state (source, VITRINE_FEED_SOURCE_UNAUTHORIZED, error->message);
        return FALSE;

      case VITRINE_FEED_ERROR_INVALID_URL:
      case VITRINE_FEED_ERROR_NOT_FOUND:
        _vitrine_feed_source_set_state (source, VITRINE_FEED_SOURCE_FAILED, error->message);
        return FALSE;

      case VITRINE_FEED_ERROR_RATE_LIMITED:
        state = VITRINE_FEED_SOURCE_RATE_LIMITED;
        break;

      default:
        break;
      }

  *retry_ms = _vitrine_feed_source_next_backoff (source);
  status = _vitrine_orders_waiting_status (error->message, *retry_ms);
  g_debug ("%s: %s", vitrine_feed_source_get_id (source), error->message);
  _vitrine_feed_source_set_state (source, state, status);
  return TRUE;
}

/* Reading the answers */

static VitrineOrderStatus
status_from_shopify (const char *financial,
                     gboolean    cancelled)
{
  static const struct { const char *name; VitrineOrderStatus status; } statuses[] = {
    { "PENDING", VITRINE_ORDER_STATUS_PENDING },
    { "AUTHORIZED", VITRINE_ORDER_STATUS_PENDING },
    { "PARTIALLY_PAID", VITRINE_ORDER_STATUS_PENDING },
    { "PAID", VITRINE_ORDER_STATUS_PAID },
    { "PARTIALLY_REFUNDED", VITRINE_ORDER_STATUS_PARTIALLY_REFUNDED },
    { "REFUNDED", VITRINE_ORDER_STATUS_REFUNDED },
    { "VOIDED", VITRINE_ORDER_STATUS_CANCELLED },
    { "EXPIRED", VITRINE_ORDER_STATUS_FAILED },
  };

  if (cancelled)
    return VITRINE_ORDER_STATUS_CANCELLED;

  for (guint i = 0; financial != NULL && i < G_N_ELEMENTS (statuses); i++)
    if (g_ascii_strcasecmp (financial, statuses[i].name) == 0)
      return statuses[i].status;

  /* Unknown or not said: placed, so it holds stock. */
  return VITRINE_ORDER_STATUS_PENDING;
}

static void
read_line (VitrineOrder *order,
           JsonNode     *node,
           const char   *currency,
           gboolean      graphql)
{
  g_autoptr(VitrineOrderLineItem) line = vitrine_order_line_item_new ();
  JsonObject *object;
  JsonNode *quantity;
  JsonObject *variant;
  JsonObject *product;
  JsonObject *shop_money;
  const char *sku;

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return;
  object = json_node_get_object (node);

  quantity = json_object_get_member (object, "quantity");
  if (quantity == NULL || !JSON_NODE_HOLDS_VALUE (quantity) ||
      json_node_get_value_type (quantity) != G_TYPE_INT64 || json_node_get_int (quantity) < 0)
    return;
  line->quantity = json_node_get_int (quantity);

  if (graphql)
    {
      variant = get_object (object, "variant");
      product = get_object (object, "product");
      line->id = _vitrine_orders_id_from_node (json_object_get_member (object, "id"), NULL);
      line->variant_id = variant ? _vitrine_orders_id_from_node (json_object_get_member (variant,
                                                                                         "id"),
                                                                 NULL) : NULL;
      line->product_id = product ? _vitrine_orders_id_from_node (json_object_get_member (product,
                                                                                         "id"),
                                                                 NULL) : NULL;
      sku = get_string (object, "sku");
      if ((sku == NULL || *sku == '\0') && variant != NULL)
        sku = get_string (variant, "sku");
      shop_money = get_object (get_object (object, "originalUnitPriceSet"), "shopMoney");
      if (shop_money != NULL)
        _vitrine_orders_parse_money (json_object_get_member (shop_money, "amount"),
                                     get_string (shop_money, "currencyCode"), &line->unit_price);
    }
  else
    {
      /* The REST shape of a webhook: numeric ids. */
      line->id = _vitrine_orders_id_from_node (json_object_get_member (object, "id"),
                                               LINE_PREFIX);
      line->variant_id = _vitrine_orders_id_from_node (json_object_get_member (object,
                                                                               "variant_id"),
                                                       VARIANT_PREFIX);
      line->product_id = _vitrine_orders_id_from_node (json_object_get_member (object,
                                                                               "product_id"),
                                                       PRODUCT_PREFIX);
      sku = get_string (object, "sku");
      shop_money = get_object (get_object (object, "price_set"), "shop_money");
      if (shop_money == NULL ||
          !_vitrine_orders_parse_money (json_object_get_member (shop_money, "amount"),
                                        get_string (shop_money, "currency_code"),
                                        &line->unit_price))
        _vitrine_orders_parse_money (json_object_get_member (object, "price"), currency,
                                     &line->unit_price);
    }

  /* Compared, never shown; json-glib may give bytes that are not UTF-8. */
  if (sku != NULL && *sku != '\0' && strlen (sku) <= 256 && g_utf8_validate (sku, -1, NULL))
    line->sku = g_strdup (sku);
  line->title = g_strdup (get_string (object, graphql ? "title" : "name"));
  if (line->title == NULL)
    line->title = g_strdup (get_string (object, "title"));

  vitrine_order_add_line_item (order, line);
}

/* One order node of the GraphQL answer, or NULL when it is not readable
 * enough to follow: no id, no valid updatedAt. */
static VitrineOrder *
order_from_graphql (JsonNode *node)
{
  g_autoptr(VitrineOrder) order = NULL;
  g_autofree char *id = NULL;
  g_autoptr(GDateTime) updated = NULL;
  g_autoptr(GDateTime) created = NULL;
  g_autoptr(GPtrArray) lines = NULL;
  JsonObject *object;
  JsonObject *shop_money;
  JsonObject *customer;
  JsonNode *cancelled;
  const char *currency;
  VitrineMoney total;

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return NULL;
  object = json_node_get_object (node);

  id = _vitrine_orders_id_from_node (json_object_get_member (object, "id"), NULL);
  updated = _vitrine_orders_parse_time (get_string (object, "updatedAt"), NULL);
  if (id == NULL || updated == NULL)
    return NULL;

  order = vitrine_order_new ("shopify", id);
  vitrine_order_set_updated_at (order, updated);
  created = _vitrine_orders_parse_time (get_string (object, "createdAt"), NULL);
  vitrine_order_set_created_at (order, created ? created : updated);
  vitrine_order_set_name (order, get_string (object, "name"));
  vitrine_order_set_test (order, get_boolean (object, "test"));

  cancelled = json_object_get_member (object, "cancelledAt");
  vitrine_order_set_financial_status (order, get_string (object, "displayFinancialStatus"));
  vitrine_order_set_status (order,
                            status_from_shopify (get_string (object, "displayFinancialStatus"),
                                                 cancelled != NULL &&
                                                 !JSON_NODE_HOLDS_NULL (cancelled)));

  shop_money = get_object (get_object (object, "totalPriceSet"), "shopMoney");
  currency = get_string (shop_money, "currencyCode");
  if (currency == NULL)
    currency = get_string (object, "currencyCode");
  if (shop_money != NULL &&
      _vitrine_orders_parse_money (json_object_get_member (shop_money, "amount"), currency,
                                   &total))
    vitrine_order_set_total (order, &total);

  customer = get_object (object, "customer");
  if (get_string (customer, "firstName") != NULL || get_string (customer, "lastName") != NULL)
    vitrine_order_set_customer (order, get_string (customer, "firstName"),
                                get_string (customer, "lastName"));
  else
    vitrine_order_set_customer_display_name (order, get_string (customer, "displayName"));

  lines = connection_nodes (get_object (object, "lineItems"));
  for (guint i = 0; i < lines->len && i < MAX_LINES; i++)
    read_line (order, g_ptr_array_index (lines, i), currency, TRUE);
  if (get_boolean (get_object (get_object (object, "lineItems"), "pageInfo"), "hasNextPage"))
    g_debug ("%s has more than %u lines; the rest are not counted", id, LINE_ITEMS);

  return g_steal_pointer (&order);
}

void
vitrine_shopify_orders_page_free (VitrineShopifyOrdersPage *page)
{
  if (page == NULL)
    return;

  g_clear_pointer (&page->orders, g_ptr_array_unref);
  g_free (page->end_cursor);
  g_free (page->error_code);
  g_free (page->error_message);
  g_free (page);
}

static void
read_errors (VitrineShopifyOrdersPage *page,
             JsonObject               *root)
{
  JsonNode *errors = json_object_get_member (root, "errors");
  JsonArray *array;

  if (errors == NULL || JSON_NODE_HOLDS_NULL (errors))
    return;

  /* HTTP 401 says `{"errors": "[API] Invalid API key…"}`: a string. */
  if (JSON_NODE_HOLDS_VALUE (errors) && json_node_get_value_type (errors) == G_TYPE_STRING)
    {
      page->error_message = _vitrine_orders_clean_message (json_node_get_string (errors));
      return;
    }

  if (!JSON_NODE_HOLDS_ARRAY (errors))
    {
      page->error_message = g_strdup (_("an error the shop does not describe"));
      return;
    }

  array = json_node_get_array (errors);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *node = json_array_get_element (array, i);
      JsonObject *error = JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
      const char *code = get_string (get_object (error, "extensions"), "code");
      const char *message = get_string (error, "message");

      if (g_strcmp0 (code, "THROTTLED") == 0)
        page->throttled = TRUE;
      if (page->error_code == NULL && code != NULL)
        page->error_code = g_utf8_make_valid (code, MIN (strlen (code), 64));
      if (page->error_message == NULL && message != NULL)
        page->error_message = _vitrine_orders_clean_message (message);
    }
  if (page->error_message == NULL)
    page->error_message = g_strdup (_("an error the shop does not describe"));
}

/**
 * vitrine_shopify_orders_parse_page:
 * @body: an answer of the Admin GraphQL `orders` query, as received
 * @error: a location for a %VITRINE_FEED_ERROR_PROTOCOL
 *
 * Reads one answer: the orders (an order without an id or a valid
 * `updatedAt` is left out and counted), the page info, the errors
 * (`THROTTLED` and others) and the query cost. Never trusts the shapes: a
 * member of the wrong type is as good as missing.
 *
 * Returns: (transfer full) (nullable): the page, or %NULL with @error set
 *   when @body is not a JSON object at all
 */
VitrineShopifyOrdersPage *
vitrine_shopify_orders_parse_page (GBytes  *body,
                                   GError **error)
{
  g_autoptr(JsonNode) root_node = NULL;
  g_autofree char *message = NULL;
  VitrineShopifyOrdersPage *page;
  JsonObject *root;
  JsonObject *orders;
  JsonObject *cost;
  JsonObject *throttle;
  JsonObject *page_info;

  g_return_val_if_fail (body != NULL, NULL);

  root_node = _vitrine_orders_parse_json (body, &message);
  if (root_node == NULL || !JSON_NODE_HOLDS_OBJECT (root_node))
    {
      g_set_error (error, VITRINE_FEED_ERROR, VITRINE_FEED_ERROR_PROTOCOL,
                   _("Shopify’s answer about orders cannot be read (%s)"),
                   message ? message : _("not a JSON object"));
      return NULL;
    }
  root = json_node_get_object (root_node);

  page = g_new0 (VitrineShopifyOrdersPage, 1);
  page->orders = g_ptr_array_new_with_free_func (g_object_unref);

  cost = get_object (get_object (root, "extensions"), "cost");
  throttle = get_object (cost, "throttleStatus");
  page->have_cost = get_number (cost, "requestedQueryCost", &page->requested_cost) &&
                    get_number (throttle, "currentlyAvailable", &page->available) &&
                    get_number (throttle, "restoreRate", &page->restore_rate);

  read_errors (page, root);

  orders = get_object (get_object (root, "data"), "orders");
  if (orders != NULL)
    {
      g_autoptr(GPtrArray) nodes = connection_nodes (orders);
      const char *end_cursor;

      page->has_orders = TRUE;
      for (guint i = 0; i < nodes->len; i++)
        {
          VitrineOrder *order = order_from_graphql (g_ptr_array_index (nodes, i));

          if (order != NULL)
            g_ptr_array_add (page->orders, order);
          else
            page->n_rejected++;
        }

      page_info = get_object (orders, "pageInfo");
      page->has_next_page = get_boolean (page_info, "hasNextPage");
      end_cursor = get_string (page_info, "endCursor");
      if (end_cursor != NULL && *end_cursor != '\0' && strlen (end_cursor) <= 1024 &&
          g_utf8_validate (end_cursor, -1, NULL))
        page->end_cursor = g_strdup (end_cursor);
    }

  return page;
}

/**
 * vitrine_shopify_order_from_webhook:
 * @body: the body of an `orders/create` or `orders/updated` webhook (the REST
 *   Order JSON), checked with vitrine_shopify_webhook_verify() first
 * @error: a location for a %VITRINE_FEED_ERROR_PROTOCOL
 *
 * Reads a webhook's order into the same shape polling gives: the GraphQL id
 * (`admin_graphql_api_id`, else `gid://shopify/Order/<id>` from the numeric
 * id, read as a 64-bit integer so that 820982911946154508 stays exact),
 * product and variant ids as the catalog has them.
 *
 * Returns: (transfer full) (nullable): the order, or %NULL with @error set
 */
VitrineOrder *
vitrine_shopify_order_from_webhook (GBytes  *body,
                                    GError **error)
{
  g_autoptr(JsonNode) root_node = NULL;
  g_autoptr(VitrineOrder) order = NULL;
  g_autoptr(GDateTime) updated = NULL;
  g_autoptr(GDateTime) created = NULL;
  g_autofree char *message = NULL;
  g_autofree char *id = NULL;
  JsonObject *root;
  JsonObject *customer;
  JsonObject *shop_money;
  JsonArray *lines;
  JsonNode *cancelled;
  const char *currency;
  VitrineMoney total;

  g_return_val_if_fail (body != NULL, NULL);

  root_node = _vitrine_orders_parse_json (body, &message);
  if (root_node == NULL || !JSON_NODE_HOLDS_OBJECT (root_node))
    {
      g_set_error (error, VITRINE_FEED_ERROR, VITRINE_FEED_ERROR_PROTOCOL,
                   _("The order Shopify sent cannot be read (%s)"),
                   message ? message : _("not a JSON object"));
      return NULL;
    }
  root = json_node_get_object (root_node);

  id = g_strdup (get_string (root, "admin_graphql_api_id"));
  if (id == NULL || !g_str_has_prefix (id, ORDER_PREFIX) || strlen (id) > 256 ||
      !g_utf8_validate (id, -1, NULL))
    {
      g_free (id);
      id = _vitrine_orders_id_from_node (json_object_get_member (root, "id"), ORDER_PREFIX);
    }
  updated = _vitrine_orders_parse_time (get_string (root, "updated_at"), NULL);
  if (id == NULL || updated == NULL)
    {
      g_set_error_literal (error, VITRINE_FEED_ERROR, VITRINE_FEED_ERROR_PROTOCOL,
                           _("The order Shopify sent has no id or no valid time of change"));
      return NULL;
    }

  order = vitrine_order_new ("shopify", id);
  vitrine_order_set_updated_at (order, updated);
  created = _vitrine_orders_parse_time (get_string (root, "created_at"), NULL);
  vitrine_order_set_created_at (order, created ? created : updated);
  vitrine_order_set_name (order, get_string (root, "name"));
  vitrine_order_set_test (order, get_boolean (root, "test"));
  cancelled = json_object_get_member (root, "cancelled_at");
  vitrine_order_set_financial_status (order, get_string (root, "financial_status"));
  vitrine_order_set_status (order, status_from_shopify (get_string (root, "financial_status"),
                                                        cancelled != NULL &&
                                                        !JSON_NODE_HOLDS_NULL (cancelled)));

  currency = get_string (root, "currency");
  shop_money = get_object (get_object (root, "total_price_set"), "shop_money");
  if (shop_money == NULL ||
      !_vitrine_orders_parse_money (json_object_get_member (shop_money, "amount"),
                                    get_string (shop_money, "currency_code"), &total))
    {
      if (_vitrine_orders_parse_money (json_object_get_member (root, "total_price"), currency,
                                       &total))
        vitrine_order_set_total (order, &total);
    }
  else
    vitrine_order_set_total (order, &total);

  customer = get_object (root, "customer");
  vitrine_order_set_customer (order, get_string (customer, "first_name"),
                              get_string (customer, "last_name"));

  lines = get_array (root, "line_items");
  for (guint i = 0; lines != NULL && i < json_array_get_length (lines) && i < MAX_LINES; i++)
    read_line (order, json_array_get_element (lines, i), currency, FALSE);

  return g_steal_pointer (&order);
}

/**
 * vitrine_shopify_webhook_verify:
 * @body: the request body exactly as received (not re-encoded JSON)
 * @hmac_header_b64: (nullable): the `X-Shopify-Hmac-Sha256` header
 * @secret: (nullable): the app's client secret (during a rotation, call again
 *   with the old one: Shopify may sign with it for up to an hour)
 *
 * Checks that a webhook comes from Shopify: the header must be the base64 of
 * HMAC-SHA256 over @body keyed with @secret. The comparison takes the same
 * time wherever the first difference is.
 *
 * Returns: %TRUE when the signature is right
 */
gboolean
vitrine_shopify_webhook_verify (GBytes     *body,
                                const char *hmac_header_b64,
                                const char *secret)
{
  g_autoptr(GHmac) hmac = NULL;
  guint8 digest[32];
  gsize digest_length = sizeof digest;
  g_autofree char *expected = NULL;
  const char *header;
  gsize header_length;
  gsize expected_length;
  gconstpointer data;
  gsize size;
  guint8 difference = 0;

  g_return_val_if_fail (body != NULL, FALSE);

  if (hmac_header_b64 == NULL || secret == NULL || *secret == '\0')
    return FALSE;

  hmac = g_hmac_new (G_CHECKSUM_SHA256, (const guchar *) secret, strlen (secret));
  data = g_bytes_get_data (body, &size);
  /* g_hmac_update() takes a gssize: feed a huge body in pieces. */
  for (gsize done = 0; done < size; )
    {
      gsize chunk = MIN (size - done, (gsize) G_MAXSSIZE);

      g_hmac_update (hmac, (const guchar *) data + done, (gssize) chunk);
      done += chunk;
    }
  g_hmac_get_digest (hmac, digest, &digest_length);
  expected = g_base64_encode (digest, digest_length);
  memset (digest, 0, sizeof digest);

  header = hmac_header_b64;
  while (g_ascii_isspace (*header))
    header++;
  header_length = strlen (header);
  while (header_length > 0 && g_ascii_isspace (header[header_length - 1]))
    header_length--;

  /* Compared as the base64 text: a garbage header cannot decode into
   * something that matches. The length is no secret (always 44). */
  expected_length = strlen (expected);
  if (header_length != expected_length)
    return FALSE;
  for (gsize i = 0; i < expected_length; i++)
    difference |= (guint8) (expected[i] ^ header[i]);
  return difference == 0;
}

/* Polling */

static void
vitrine_shopify_orders_dispose (GObject *object)
{
  VitrineShopifyOrders *self = VITRINE_SHOPIFY_ORDERS (object);

  g_clear_pointer (&self->token, _vitrine_shop_secret_free);

  G_OBJECT_CLASS (vitrine_shopify_orders_parent_class)->dispose (object);
}

static void
vitrine_shopify_orders_finalize (GObject *object)
{
  VitrineShopifyOrders *self = VITRINE_SHOPIFY_ORDERS (object);

  g_clear_pointer (&self->secret_id, g_free);
  g_clear_pointer (&self->api_version, g_free);
  g_clear_pointer (&self->since, g_date_time_unref);
  g_clear_pointer (&self->cursor, vitrine_order_cursor_free);
  g_clear_pointer (&self->endpoint, g_uri_unref);
  g_clear_pointer (&self->host, g_free);
  g_clear_pointer (&self->token, _vitrine_shop_secret_free);
  g_clear_pointer (&self->body, g_bytes_unref);
  g_clear_pointer (&self->after, g_free);
  g_clear_pointer (&self->poll_floor, g_date_time_unref);

  G_OBJECT_CLASS (vitrine_shopify_orders_parent_class)->finalize (object);
}

static gboolean
is_cancelled (VitrineShopifyOrders *self,
              const GError         *error)
{
  GCancellable *cancellable = _vitrine_feed_source_get_cancellable (VITRINE_FEED_SOURCE (self));

  return g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) ||
         g_cancellable_is_cancelled (cancellable);
}

static SoupMessage *
build_message (gpointer user_data)
{
  VitrineShopifyOrders *self = user_data;
  SoupMessage *message = soup_message_new_from_uri (SOUP_METHOD_POST, self->endpoint);
  SoupMessageHeaders *headers = soup_message_get_request_headers (message);

  soup_message_headers_append (headers, "X-Shopify-Access-Token", self->token ? self->token : "");
  soup_message_headers_append (headers, "Accept", "application/json");
  soup_message_set_request_body_from_bytes (message, "application/json", self->body);
  return message;
}

static GBytes *
build_body (VitrineShopifyOrders *self)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *floor = g_date_time_format (self->poll_floor, "%Y-%m-%dT%H:%M:%SZ");
  g_autofree char *search = g_strdup_printf ("updated_at:>='%s'", floor);
  char *text;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "query");
  json_builder_add_string_value (builder, orders_query);
  json_builder_set_member_name (builder, "variables");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "first");
  json_builder_add_int_value (builder, self->page_size);
  json_builder_set_member_name (builder, "after");
  if (self->after != NULL)
    json_builder_add_string_value (builder, self->after);
  else
    json_builder_add_null_value (builder);
  json_builder_set_member_name (builder, "q");
  json_builder_add_string_value (builder, search);
  json_builder_end_object (builder);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  text = json_to_string (root, FALSE);
  return g_bytes_new_take (text, strlen (text));
}

/* How long until the bucket holds what the next query costs (the same query,
 * so the same requested cost): ceil((requested − available) / restoreRate). */
static guint
budget_wait_ms (VitrineShopifyOrders *self)
{
  double ms;

  if (!self->have_cost || self->requested <= self->available)
    return 0;
  if (self->restore_rate <= 0)
    return 1000;

  ms = ceil ((self->requested - self->available) / self->restore_rate * 1000.0);
  return (guint) CLAMP (ms, 0, VITRINE_SHOP_MAX_WAIT_MS);
}

static void
round_wait_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(VitrineShopifyOrders) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!_vitrine_shop_sleep_finish (result, &error))
    return;
  if (is_cancelled (self, NULL))
    return;
  begin_round (self);
}

static void
page_wait_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(VitrineShopifyOrders) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!_vitrine_shop_sleep_finish (result, &error))
    return;
  if (is_cancelled (self, NULL))
    return;
  request_page (self);
}

static void
next_round_after (VitrineShopifyOrders *self,
                  guint                 milliseconds)
{
  _vitrine_shop_sleep_async (milliseconds,
                             _vitrine_feed_source_get_cancellable (VITRINE_FEED_SOURCE (self)),
                             round_wait_cb, g_object_ref (self));
}

static void
next_page_after (VitrineShopifyOrders *self,
                 guint                 milliseconds)
{
  if (milliseconds > 0)
    g_debug ("%s: waiting %u ms for the query budget (%.0f of %.0f points, %.0f/s)",
             self->host, milliseconds, self->available, self->requested, self->restore_rate);
  _vitrine_shop_sleep_async (milliseconds,
                             _vitrine_feed_source_get_cancellable (VITRINE_FEED_SOURCE (self)),
                             page_wait_cb, g_object_ref (self));
}

static void
fail_round (VitrineShopifyOrders *self,
            const GError         *error)
{
  guint retry_ms = 0;

  if (_vitrine_orders_report_error (VITRINE_FEED_SOURCE (self), error, &retry_ms))
    next_round_after (self, retry_ms);
}

static void
handle_order (VitrineShopifyOrders *self,
              VitrineOrder         *order)
{
  GDateTime *created = vitrine_order_get_created_at (order);
  VitrineOrderVersion version;

  version = vitrine_order_cursor_admit (self->cursor, vitrine_order_get_id (order),
                                        vitrine_order_get_updated_at (order));
  if (version == VITRINE_ORDER_VERSION_OLD)
    return;

  /* Placed before the show: not the show's business (and the catalog's
   * stock, read from the shop, already counts it). */
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

static void
page_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(VitrineShopifyOrders) self = user_data;
  g_autoptr(VitrineShopResponse) response = NULL;
  g_autoptr(VitrineShopifyOrdersPage) page = NULL;
  g_autoptr(GError) error = NULL;

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
      g_set_error (&error, VITRINE_FEED_ERROR, VITRINE_FEED_ERROR_KEY_REJECTED,
                   _("%s refused the access token (HTTP %u): enter it again, and check that it "
                     "may read orders"), self->host, response->status);
      fail_round (self, error);
      return;
    }

  if (!_vitrine_shop_check_status (response, self->host, &error))
    {
      fail_round (self, error);
      return;
    }

  page = vitrine_shopify_orders_parse_page (response->body, &error);
  if (page == NULL)
    {
      fail_round (self, error);
      return;
    }

  if (page->have_cost)
    {
      self->have_cost = TRUE;
      self->requested = page->requested_cost;
      self->available = page->available;
      self->restore_rate = page->restore_rate;
    }

  if (page->throttled)
    {
      guint wait = budget_wait_ms (self);
      g_autofree char *status = NULL;

      if (++self->throttled > MAX_THROTTLED)
        {
          g_set_error (&error, VITRINE_FEED_ERROR, VITRINE_FEED_ERROR_RATE_LIMITED,
                       _("Shopify kept asking Vitrine to slow down (%u times in a row)"),
                       MAX_THROTTLED + 1);
          self->throttled = 0;
          fail_round (self, error);
          return;
        }

      if (wait == 0)
        wait = 1000;
      status = _vitrine_orders_waiting_status (_("Shopify asks Vitrine to slow down."), wait);
      _vitrine_feed_source_set_state (VITRINE_FEED_SOURCE (self),
                                      VITRINE_FEED_SOURCE_RATE_LIMITED, status);
      g_debug ("%s: THROTTLED (%u in a row); waiting %u ms", self->host, self->throttled, wait);
      next_page_after (self, wait);
      return;
    }
  self->throttled = 0;

  if (g_strcmp0 (page->error_code, "MAX_COST_EXCEEDED") == 0 && self->page_size > 1)
    {
      self->page_size = MAX (1, self->page_size / 2);
      g_debug ("%s: the query costs too much; asking for %u orders a page", self->host,
               self->page_size);
      request_page (self);
      return;
    }

  if (g_strcmp0 (page->error_code, "ACCESS_DENIED") == 0)
    {
      g_set_error (&error, VITRINE_FEED_ERROR, VITRINE_FEED_ERROR_KEY_REJECTED,
                   _("%s does not let this access token read orders: give the app the "
                     "read_orders permission (%s)"), self->host, page->error_message);
      fail_round (self, error);
      return;
    }

  if (!page->has_orders)
    {
      g_set_error (&error, VITRINE_FEED_ERROR, VITRINE_FEED_ERROR_PROTOCOL,
                   _("Shopify did not list the orders: %s"),
                   page->error_message ? page->error_message : _("the answer has no orders"));
      fail_round (self, error);
      return;
    }

  if (page->error_message != NULL)
    g_debug ("%s: the answer has data and an error: %s", self->host, page->error_message);
  if (page->n_rejected > 0)
    g_debug ("%s: %u orders of the page are not readable", self->host, page->n_rejected);

  self->pages++;
  for (guint i = 0; i < page->orders->len; i++)
    handle_order (self, g_ptr_array_index (page->orders, i));
  _vitrine_feed_source_set_state (VITRINE_FEED_SOURCE (self), VITRINE_FEED_SOURCE_LIVE, NULL);

  if (page->has_next_page && page->end_cursor != NULL &&
      g_strcmp0 (page->end_cursor, self->after) != 0)
    {
      if (self->pages >= MAX_PAGES)
        {
          /* Not the whole listing: the floor stays where it is. */
          g_debug ("%s: more than %u pages in one round; starting over", self->host, MAX_PAGES);
          g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_CURSOR]);
          next_round_after (self, MAX (self->interval_ms, budget_wait_ms (self)));
          return;
        }

      g_free (self->after);
      self->after = g_strdup (page->end_cursor);
      g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_CURSOR]);
      next_page_after (self, budget_wait_ms (self));
      return;
    }

  /* The whole listing is read: the floor may move up. */
  vitrine_order_cursor_advance (self->cursor, self->overlap_s);
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_CURSOR]);
  next_round_after (self, MAX (self->interval_ms, budget_wait_ms (self)));
}

static void
request_page (VitrineShopifyOrders *self)
{
  g_clear_pointer (&self->body, g_bytes_unref);
  self->body = build_body (self);
  _vitrine_shop_send_async (vitrine_feed_source_get_session (VITRINE_FEED_SOURCE (self)),
                            build_message, self,
                            _vitrine_feed_source_get_cancellable (VITRINE_FEED_SOURCE (self)),
                            page_cb, g_object_ref (self));
}

static void
ensure_cursor (VitrineShopifyOrders *self)
{
  g_autoptr(GDateTime) now = NULL;

  if (self->cursor != NULL)
    return;

  now = g_date_time_new_now_utc ();
  self->cursor = vitrine_order_cursor_new (self->since ? self->since : now);
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_CURSOR]);
}

static void
begin_round (VitrineShopifyOrders *self)
{
  ensure_cursor (self);
  g_clear_pointer (&self->poll_floor, g_date_time_unref);
  self->poll_floor = g_date_time_ref (vitrine_order_cursor_get_floor (self->cursor));
  g_clear_pointer (&self->after, g_free);
  self->throttled = 0;
  self->pages = 0;
  request_page (self);
}

static void
secret_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(VitrineShopifyOrders) self = user_data;
  g_autoptr(GError) error = NULL;
  char *token;

  token = _vitrine_shop_lookup_secret_finish (result, &error);
  if (token == NULL)
    {
      if (!is_cancelled (self, error))
        fail_round (self, error);
      return;
    }
  if (is_cancelled (self, NULL))
    {
      _vitrine_shop_secret_free (token);
      return;
    }

  g_clear_pointer (&self->token, _vitrine_shop_secret_free);
  self->token = g_strstrip (token);
  begin_round (self);
}

static void
vitrine_shopify_orders_start (VitrineFeedSource *source)
{
  VitrineShopifyOrders *self = VITRINE_SHOPIFY_ORDERS (source);
  g_autoptr(GError) error = NULL;
  g_autoptr(GUri) base = NULL;
  g_autofree char *path = NULL;
  g_autofree char *secret_id = NULL;

  base = _vitrine_shop_parse_base_url (vitrine_feed_source_get_base_url (source), &error);
  if (base == NULL)
    {
      _vitrine_feed_source_set_state (source, VITRINE_FEED_SOURCE_FAILED, error->message);
      return;
    }

  g_clear_pointer (&self->endpoint, g_uri_unref);
  g_clear_pointer (&self->host, g_free);
  self->host = g_strdup (g_uri_get_host (base));
  path = g_strdup_printf ("%s/admin/api/%s/graphql.json", g_uri_get_path (base),
                          self->api_version ? self->api_version : VITRINE_SHOPIFY_API_VERSION);
  self->endpoint = g_uri_build (G_URI_FLAGS_NONE, g_uri_get_scheme (base), NULL,
                                g_uri_get_host (base), g_uri_get_port (base), path, NULL, NULL);
  self->have_cost = FALSE;

  secret_id = self->secret_id ? g_strdup (self->secret_id)
                              : _vitrine_shop_default_secret_id ("shopify", base);

  _vitrine_feed_source_set_state (source, VITRINE_FEED_SOURCE_CONNECTING, NULL);
  _vitrine_shop_lookup_secret_async (secret_id, _vitrine_feed_source_get_cancellable (source),
                                     secret_cb, g_object_ref (self));
}

static void
vitrine_shopify_orders_stop (VitrineFeedSource *source)
{
  VitrineShopifyOrders *self = VITRINE_SHOPIFY_ORDERS (source);

  g_clear_pointer (&self->token, _vitrine_shop_secret_free);
}

static void
vitrine_shopify_orders_get_property (GObject    *object,
                                     guint       prop_id,
                                     GValue     *value,
                                     GParamSpec *pspec)
{
  VitrineShopifyOrders *self = VITRINE_SHOPIFY_ORDERS (object);

  switch (prop_id)
    {
    case PROP_SECRET_ID:
      g_value_set_string (value, self->secret_id);
      break;
    case PROP_API_VERSION:
      g_value_set_string (value, self->api_version);
      break;
    case PROP_INTERVAL:
      g_value_set_uint (value, self->interval_ms);
      break;
    case PROP_OVERLAP:
      g_value_set_uint (value, self->overlap_s);
      break;
    case PROP_PAGE_SIZE:
      g_value_set_uint (value, self->page_size);
      break;
    case PROP_CURSOR:
      g_value_take_string (value, vitrine_shopify_orders_get_cursor (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vitrine_shopify_orders_set_property (GObject      *object,
                                     guint         prop_id,
                                     const GValue *value,
                                     GParamSpec   *pspec)
{
  VitrineShopifyOrders *self = VITRINE_SHOPIFY_ORDERS (object);

  switch (prop_id)
    {
    case PROP_SECRET_ID:
      self->secret_id = g_value_dup_string (value);
      break;
    case PROP_API_VERSION:
      self->api_version = g_value_dup_string (value);
      break;
    case PROP_INTERVAL:
      vitrine_shopify_orders_set_interval (self, g_value_get_uint (value));
      break;
    case PROP_OVERLAP:
      vitrine_shopify_orders_set_overlap (self, g_value_get_uint (value));
      break;
    case PROP_PAGE_SIZE:
      vitrine_shopify_orders_set_page_size (self, g_value_get_uint (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static char *
dup_cursor (VitrineFeedSource *source)
{
  return vitrine_shopify_orders_get_cursor (VITRINE_SHOPIFY_ORDERS (source));
}

static gboolean
restore_cursor (VitrineFeedSource  *source,
                const char         *cursor,
                GError            **error)
{
  return vitrine_shopify_orders_set_cursor (VITRINE_SHOPIFY_ORDERS (source), cursor, error);
}

static void
vitrine_shopify_orders_class_init (VitrineShopifyOrdersClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  VitrineFeedSourceClass *source_class = VITRINE_FEED_SOURCE_CLASS (klass);

  object_class->dispose = vitrine_shopify_orders_dispose;
  object_class->finalize = vitrine_shopify_orders_finalize;
  object_class->get_property = vitrine_shopify_orders_get_property;
  object_class->set_property = vitrine_shopify_orders_set_property;
  source_class->start = vitrine_shopify_orders_start;
  source_class->stop = vitrine_shopify_orders_stop;
  source_class->dup_cursor = dup_cursor;
  source_class->restore_cursor = restore_cursor;

  /**
   * VitrineShopifyOrders:secret-id:
   *
   * The keyring item holding the Admin API access token, or %NULL for
   * `shopify:<host>`. The environment variable vitrine_secrets_env_name()
   * names is read first.
   */
  properties [PROP_SECRET_ID] =
    g_param_spec_string ("secret-id", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  /**
   * VitrineShopifyOrders:api-version:
   *
   * The Admin API version, or %NULL for %VITRINE_SHOPIFY_API_VERSION.
   */
  properties [PROP_API_VERSION] =
    g_param_spec_string ("api-version", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  /**
   * VitrineShopifyOrders:interval:
   *
   * Milliseconds between two rounds of polling (longer when the query
   * budget asks for it).
   */
  properties [PROP_INTERVAL] =
    g_param_spec_uint ("interval", NULL, NULL, 10, 3600 * 1000, DEFAULT_INTERVAL_MS,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /**
   * VitrineShopifyOrders:overlap:
   *
   * Seconds before the newest change seen that each round asks again, for
   * changes Shopify's search shows late. Nothing is reported twice.
   */
  properties [PROP_OVERLAP] =
    g_param_spec_uint ("overlap", NULL, NULL, 0, 3600, DEFAULT_OVERLAP_S,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /**
   * VitrineShopifyOrders:page-size:
   *
   * Orders asked per page (halved by itself when Shopify finds the query too
   * expensive).
   */
  properties [PROP_PAGE_SIZE] =
    g_param_spec_uint ("page-size", NULL, NULL, 1, MAX_PAGE_SIZE, DEFAULT_PAGE_SIZE,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /**
   * VitrineShopifyOrders:cursor:
   *
   * Where polling stands, as vitrine_shopify_orders_get_cursor() gives it;
   * notified whenever it moves, for the journal to save.
   */
  properties [PROP_CURSOR] =
    g_param_spec_string ("cursor", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
vitrine_shopify_orders_init (VitrineShopifyOrders *self)
{
  self->interval_ms = DEFAULT_INTERVAL_MS;
  self->overlap_s = DEFAULT_OVERLAP_S;
  self->page_size = DEFAULT_PAGE_SIZE;
}

/**
 * vitrine_shopify_orders_new:
 * @id: the source's id, e.g. `shopify-orders`
 * @base_url: the shop's address, `https://example.myshopify.com` (plain http
 *   only for this machine)
 * @secret_id: (nullable): the keyring item of the access token, or %NULL for
 *   `shopify:<host>`
 *
 * Returns: (transfer full): a connector that polls the shop's orders once
 *   started
 */
VitrineShopifyOrders *
vitrine_shopify_orders_new (const char *id,
                            const char *base_url,
                            const char *secret_id)
{
  return g_object_new (VITRINE_TYPE_SHOPIFY_ORDERS,
                       "id", id,
                       "platform", "shopify",
                       "base-url", base_url,
                       "secret-id", secret_id,
                       NULL);
}

guint
vitrine_shopify_orders_get_interval (VitrineShopifyOrders *self)
{
  g_return_val_if_fail (VITRINE_IS_SHOPIFY_ORDERS (self), 0);
  return self->interval_ms;
}

/**
 * vitrine_shopify_orders_set_interval:
 * @milliseconds: between two rounds (10 ms to an hour)
 */
void
vitrine_shopify_orders_set_interval (VitrineShopifyOrders *self,
                                     guint                 milliseconds)
{
  g_return_if_fail (VITRINE_IS_SHOPIFY_ORDERS (self));

  milliseconds = CLAMP (milliseconds, 10, 3600 * 1000);
  if (self->interval_ms == milliseconds)
    return;
  self->interval_ms = milliseconds;
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_INTERVAL]);
}

guint
vitrine_shopify_orders_get_overlap (VitrineShopifyOrders *self)
{
  g_return_val_if_fail (VITRINE_IS_SHOPIFY_ORDERS (self), 0);
  return self->overlap_s;
}

/**
 * vitrine_shopify_orders_set_overlap:
 * @seconds: how far back each round asks again (0 to an hour)
 */
void
vitrine_shopify_orders_set_overlap (VitrineShopifyOrders *self,
                                    guint                 seconds)
{
  g_return_if_fail (VITRINE_IS_SHOPIFY_ORDERS (self));

  seconds = MIN (seconds, 3600);
  if (self->overlap_s == seconds)
    return;
  self->overlap_s = seconds;
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_OVERLAP]);
}

/**
 * vitrine_shopify_orders_set_page_size:
 * @page_size: orders per page, 1 to 250
 */
void
vitrine_shopify_orders_set_page_size (VitrineShopifyOrders *self,
                                      guint                 page_size)
{
  g_return_if_fail (VITRINE_IS_SHOPIFY_ORDERS (self));

  page_size = CLAMP (page_size, 1, MAX_PAGE_SIZE);
  if (self->page_size == page_size)
    return;
  self->page_size = page_size;
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_PAGE_SIZE]);
}

/**
 * vitrine_shopify_orders_set_since:
 * @since: (nullable): the start of the show; %NULL for when polling starts
 *
 * Where a connector without a cursor starts: orders placed or changed before
 * are not reported. A cursor (vitrine_shopify_orders_set_cursor()) carries
 * its own start.
 */
void
vitrine_shopify_orders_set_since (VitrineShopifyOrders *self,
                                  GDateTime            *since)
{
  g_return_if_fail (VITRINE_IS_SHOPIFY_ORDERS (self));

  g_clear_pointer (&self->since, g_date_time_unref);
  self->since = since ? g_date_time_ref (since) : NULL;
}

/**
 * vitrine_shopify_orders_get_cursor:
 *
 * Where polling stands, for the journal: the start, the floor each round asks
 * from, and the order versions seen since (JSON text, a few kB at most).
 *
 * Returns: (transfer full) (nullable): the cursor, or %NULL before the first
 *   round
 */
char *
vitrine_shopify_orders_get_cursor (VitrineShopifyOrders *self)
{
  g_return_val_if_fail (VITRINE_IS_SHOPIFY_ORDERS (self), NULL);

  return self->cursor ? vitrine_order_cursor_to_string (self->cursor) : NULL;
}

/**
 * vitrine_shopify_orders_set_cursor:
 * @cursor: (nullable): what vitrine_shopify_orders_get_cursor() gave, or
 *   %NULL to start over from vitrine_shopify_orders_set_since()
 * @error: a location for a %VITRINE_ORDER_ERROR_INVALID_CURSOR
 *
 * Resumes polling where a former run stood (call before starting): nothing
 * it reported is reported again, and nothing changed since is missed, also
 * orders changed in the very second the former run read last.
 *
 * Returns: %TRUE, or %FALSE with @error set and the cursor unchanged
 */
gboolean
vitrine_shopify_orders_set_cursor (VitrineShopifyOrders  *self,
                                   const char            *cursor,
                                   GError               **error)
{
  VitrineOrderCursor *parsed = NULL;

  g_return_val_if_fail (VITRINE_IS_SHOPIFY_ORDERS (self), FALSE);

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
