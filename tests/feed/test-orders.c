/* test-orders.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The Shopify (Admin GraphQL) and WooCommerce (REST v3) order connectors
 * against a local SoupServer that speaks both APIs as
 * ../shared/reference/platform-apis.md §5.1–5.3 document them: filtering by
 * time of change to the second, cursor and page-number paging, the query
 * budget and THROTTLED, 64-bit ids, 401s. Asserted is what the host sees:
 * the feed items (kind, author, text, detail, amount), the states, the
 * orders reported and the catalog's stock, and what the shop was asked.
 */

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>
#include <stdio.h>
#include <string.h>

#include "vitrine-feed.h"
#include "vitrine-shopify-orders.h"
#include "vitrine-woocommerce-orders.h"

#define SHOPIFY_TOKEN "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"
#define WOO_KEY "ck_5e1f0a9b8c7d6e5f4a3b2c1d0e9f8a7b6c5d4e3f"
#define WOO_SECRET "cs_0a1b2c3d4e5f60718293a4b5c6d7e8f901234567"
#define WEBHOOK_SECRET "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"

/* 2026-11-21T19:00:00Z: where the show starts. */
static gint64 t0;

/* Everything logged while the tests run. */
static GString *captured_log;

static GLogWriterOutput
capture_writer (GLogLevelFlags   log_level,
                const GLogField *fields,
                gsize            n_fields,
                gpointer         user_data)
{
  for (gsize i = 0; i < n_fields; i++)
    {
      gssize length = fields[i].length;

      if (g_strcmp0 (fields[i].key, "MESSAGE") != 0)
        continue;
      if (length < 0)
        length = strlen (fields[i].value);
      g_string_append_len (captured_log, fields[i].value, length);
      g_string_append_c (captured_log, '\n');
    }

  if (log_level & G_LOG_LEVEL_DEBUG || log_level & G_LOG_LEVEL_INFO)
    return G_LOG_WRITER_HANDLED;
  return g_log_writer_default (log_level, fields, n_fields, user_data);
}

static void
assert_no_secret (const char *text)
{
  if (text == NULL)
    return;
  g_assert_null (strstr (text, SHOPIFY_TOKEN));
  g_assert_null (strstr (text, WOO_KEY));
  g_assert_null (strstr (text, WOO_SECRET));
}

static char *
iso (gint64      unix_time,
     const char *format)
{
  g_autoptr(GDateTime) time = g_date_time_new_from_unix_utc (unix_time);

  return g_date_time_format (time, format);
}

/* Waiting on the main loop */

static gboolean
wake_cb (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

static void
iterate_for (guint milliseconds)
{
  gboolean done = FALSE;
  guint id = g_timeout_add (milliseconds, wake_cb, &done);

  while (!done)
    g_main_context_iteration (NULL, TRUE);
  (void) id;
}

#define WAIT_FOR(cond, ms) \
  G_STMT_START { \
    gint64 wait_end_ = g_get_monotonic_time () + (gint64) (ms) * 1000; \
    while (!(cond)) \
      { \
        if (g_get_monotonic_time () > wait_end_) \
          g_test_message ("timed out waiting for %s", #cond); \
        g_assert_cmpint (g_get_monotonic_time (), <=, wait_end_); \
        iterate_for (5); \
      } \
  } G_STMT_END

/* The fake shop */

typedef struct
{
  const char *sku;
  gint64      quantity;
  gint64      product;
  gint64      variant;
  const char *title;
  const char *price;      /* Shopify unit price; WooCommerce subtotal */
  const char *woo_price;  /* WooCommerce `price`, written as a JSON number */
} FakeLine;

typedef struct
{
  gint64    id;
  gint64    created;
  gint64    updated;
  char     *number;
  char     *status;      /* displayFinancialStatus, or WooCommerce status */
  gboolean  cancelled;
  gboolean  test;
  char     *first;
  char     *last;
  char     *total;
  char     *currency;
  FakeLine  lines[3];
  guint     n_lines;
  char     *raw;         /* a hostile node, sent as it is */
} FakeOrder;

typedef struct
{
  char   *method;
  char   *path;
  char   *query;
  char   *token;
  char   *authorization;
  char   *body;
  gint64  time;
} Request;

typedef struct _Shop Shop;

/* Answers instead of the default when it returns TRUE. */
typedef gboolean (*Override) (Shop              *shop,
                              SoupServerMessage *msg,
                              Request           *request,
                              guint              index);

struct _Shop
{
  SoupServer *server;
  char       *base_url;
  GPtrArray  *requests;
  GPtrArray  *orders;     /* FakeOrder */
  gboolean    woo;
  Override    override;
  char       *cost;       /* the extensions.cost of the next answers */
  gpointer    data;
};

static void
fake_order_free (FakeOrder *order)
{
  g_free (order->number);
  g_free (order->status);
  g_free (order->first);
  g_free (order->last);
  g_free (order->total);
  g_free (order->currency);
  g_free (order->raw);
  g_free (order);
}

static void
request_free (Request *request)
{
  g_free (request->method);
  g_free (request->path);
  g_free (request->query);
  g_free (request->token);
  g_free (request->authorization);
  g_free (request->body);
  g_free (request);
}

static FakeOrder *
shop_add (Shop       *shop,
          gint64      id,
          gint64      created,
          gint64      updated,
          const char *number,
          const char *status,
          const char *first,
          const char *last,
          const char *total)
{
  FakeOrder *order = g_new0 (FakeOrder, 1);

  order->id = id;
  order->created = t0 + created;
  order->updated = t0 + updated;
  order->number = g_strdup (number);
  order->status = g_strdup (status);
  order->first = g_strdup (first);
  order->last = g_strdup (last);
  order->total = g_strdup (total);
  order->currency = g_strdup (shop->woo ? "EUR" : "USD");
  g_ptr_array_add (shop->orders, order);
  return order;
}

static void
order_line (FakeOrder  *order,
            const char *sku,
            gint64      quantity,
            gint64      product,
            gint64      variant,
            const char *title,
            const char *price)
{
  FakeLine *line = &order->lines[order->n_lines++];

  g_assert_cmpuint (order->n_lines, <=, G_N_ELEMENTS (order->lines));
  line->sku = sku;
  line->quantity = quantity;
  line->product = product;
  line->variant = variant;
  line->title = title;
  line->price = price;
}

static FakeOrder *
shop_find (Shop   *shop,
           gint64  id)
{
  for (guint i = 0; i < shop->orders->len; i++)
    {
      FakeOrder *order = g_ptr_array_index (shop->orders, i);

      if (order->id == id)
        return order;
    }
  g_assert_not_reached ();
  return NULL;
}

static int
compare_orders (gconstpointer a,
                gconstpointer b)
{
  const FakeOrder *x = *(FakeOrder * const *) a;
  const FakeOrder *y = *(FakeOrder * const *) b;

  if (x->updated != y->updated)
    return x->updated < y->updated ? -1 : 1;
  return x->id < y->id ? -1 : x->id > y->id;
}

static void
respond_text (SoupServerMessage *msg,
              guint              status,
              const char        *text)
{
  soup_server_message_set_status (msg, status, NULL);
  soup_server_message_set_response (msg, "application/json; charset=UTF-8", SOUP_MEMORY_COPY,
                                    text, strlen (text));
}

static void
append_escaped (GString    *out,
                const char *text)
{
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_VALUE);
  g_autofree char *json = NULL;

  json_node_set_string (node, text);
  json = json_to_string (node, FALSE);
  g_string_append (out, json);
}

static void
append_string_or_null (GString    *out,
                       const char *text)
{
  if (text == NULL)
    g_string_append (out, "null");
  else
    append_escaped (out, text);
}

/* One order node as the Admin GraphQL API shapes it (§5.2). */
static void
shopify_node (GString   *out,
              FakeOrder *order)
{
  g_autofree char *created = iso (order->created, "%Y-%m-%dT%H:%M:%SZ");
  g_autofree char *updated = iso (order->updated, "%Y-%m-%dT%H:%M:%SZ");
  g_autofree char *name = g_str_has_prefix (order->number, "#") ? g_strdup (order->number)
                                                                 : g_strconcat ("#", order->number,
                                                                                NULL);

  if (order->raw != NULL)
    {
      g_string_append (out, order->raw);
      return;
    }

  g_string_append_printf (out, "{\"id\":\"gid://shopify/Order/%" G_GINT64_FORMAT "\",\"name\":",
                          order->id);
  append_escaped (out, name);
  g_string_append_printf (out, ",\"createdAt\":\"%s\",\"updatedAt\":\"%s\",\"cancelledAt\":%s,"
                          "\"test\":%s,\"displayFinancialStatus\":\"%s\","
                          "\"displayFulfillmentStatus\":\"UNFULFILLED\",\"currencyCode\":\"%s\","
                          "\"sourceName\":\"web\",",
                          created, updated, order->cancelled ? "\"2026-11-21T19:30:00Z\"" : "null",
                          order->test ? "true" : "false", order->status, order->currency);
  g_string_append_printf (out, "\"totalPriceSet\":{\"shopMoney\":{\"amount\":\"%s\","
                          "\"currencyCode\":\"%s\"},\"presentmentMoney\":{\"amount\":\"%s\","
                          "\"currencyCode\":\"%s\"}},", order->total, order->currency,
                          order->total, order->currency);
  g_string_append (out, "\"customer\":{\"id\":\"gid://shopify/Customer/7345123456789\","
                        "\"firstName\":");
  append_string_or_null (out, order->first);
  g_string_append (out, ",\"lastName\":");
  append_string_or_null (out, order->last);
  g_string_append (out, ",\"displayName\":\"ignored\"},\"lineItems\":{\"edges\":[");
  for (guint i = 0; i < order->n_lines; i++)
    {
      FakeLine *line = &order->lines[i];

      g_string_append_printf (out, "%s{\"node\":{\"id\":\"gid://shopify/LineItem/%" G_GINT64_FORMAT
                              "%u\",\"title\":", i ? "," : "", order->id, i);
      append_escaped (out, line->title);
      g_string_append (out, ",\"sku\":");
      append_string_or_null (out, line->sku);
      g_string_append_printf (out, ",\"quantity\":%" G_GINT64_FORMAT ",", line->quantity);
      if (line->variant != 0)
        g_string_append_printf (out, "\"variant\":{\"id\":\"gid://shopify/ProductVariant/%"
                                G_GINT64_FORMAT "\",\"sku\":null},", line->variant);
      else
        g_string_append (out, "\"variant\":null,");
      if (line->product != 0)
        g_string_append_printf (out, "\"product\":{\"id\":\"gid://shopify/Product/%"
                                G_GINT64_FORMAT "\"},", line->product);
      else
        g_string_append (out, "\"product\":null,");
      g_string_append_printf (out, "\"originalUnitPriceSet\":{\"shopMoney\":{\"amount\":\"%s\","
                              "\"currencyCode\":\"%s\"}}}}", line->price, order->currency);
    }
  g_string_append (out, "],\"pageInfo\":{\"hasNextPage\":false}}}");
}

/* One order as WooCommerce REST v3 shapes it (§5.3): integer ids, dates
 * without a zone, `price` a number. */
static void
woo_node (GString   *out,
          FakeOrder *order)
{
  g_autofree char *created = iso (order->created, "%Y-%m-%dT%H:%M:%S");
  g_autofree char *updated = iso (order->updated, "%Y-%m-%dT%H:%M:%S");
  g_autofree char *updated_local = iso (order->updated + 3600, "%Y-%m-%dT%H:%M:%S");

  if (order->raw != NULL)
    {
      g_string_append (out, order->raw);
      return;
    }

  g_string_append_printf (out, "{\"id\":%" G_GINT64_FORMAT ",\"parent_id\":0,\"number\":",
                          order->id);
  append_escaped (out, order->number);
  g_string_append_printf (out, ",\"order_key\":\"wc_order_9xQ2lKp3Zr7aB\",\"created_via\":"
                          "\"checkout\",\"version\":\"9.4.1\",\"status\":\"%s\",\"currency\":"
                          "\"%s\",\"date_created_gmt\":\"%s\",\"date_modified\":\"%s\","
                          "\"date_modified_gmt\":\"%s\",\"discount_total\":\"0.00\","
                          "\"total\":\"%s\",\"total_tax\":\"10.04\",\"prices_include_tax\":true,"
                          "\"customer_id\":0,\"customer_note\":\"Bitte schnell 🙏\",\"billing\":{"
                          "\"first_name\":", order->status, order->currency, created,
                          updated_local, updated, order->total);
  append_string_or_null (out, order->first);
  g_string_append (out, ",\"last_name\":");
  append_string_or_null (out, order->last);
  g_string_append (out, ",\"email\":\"j.mueller@example.de\",\"country\":\"DE\"},"
                        "\"payment_method\":\"stripe\",\"line_items\":[");
  for (guint i = 0; i < order->n_lines; i++)
    {
      FakeLine *line = &order->lines[i];

      g_string_append_printf (out, "%s{\"id\":%" G_GINT64_FORMAT "%u,\"name\":", i ? "," : "",
                              order->id, i);
      append_escaped (out, line->title);
      g_string_append_printf (out, ",\"product_id\":%" G_GINT64_FORMAT ",\"variation_id\":%"
                              G_GINT64_FORMAT ",\"quantity\":%" G_GINT64_FORMAT
                              ",\"subtotal\":\"%s\",\"total\":\"%s\",\"sku\":",
                              line->product, line->variant, line->quantity, line->price,
                              line->price);
      append_string_or_null (out, line->sku);
      g_string_append_printf (out, ",\"price\":%s,\"meta_data\":[]}",
                              line->woo_price ? line->woo_price : "0");
    }
  g_string_append (out, "]}");
}

/* The Admin GraphQL endpoint: orders(first, after, sortKey: UPDATED_AT,
 * query: "updated_at:>='…'"). */
static void
shopify_respond (Shop              *shop,
                 SoupServerMessage *msg,
                 Request           *request)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GPtrArray) sorted = g_ptr_array_new ();
  g_autoptr(GString) out = g_string_new (NULL);
  JsonObject *variables;
  const char *search;
  const char *after;
  const char *start;
  g_autofree char *time_text = NULL;
  g_autoptr(GDateTime) time = NULL;
  gboolean inclusive;
  gint64 first;
  gint64 after_updated = G_MININT64, after_id = G_MININT64;
  guint emitted = 0;
  gboolean more = FALSE;
  g_autofree char *end_cursor = NULL;

  if (g_strcmp0 (request->path, "/admin/api/2025-10/graphql.json") != 0 ||
      g_strcmp0 (request->method, "POST") != 0)
    {
      respond_text (msg, 404, "{\"errors\":\"Not Found\"}");
      return;
    }
  if (g_strcmp0 (request->token, SHOPIFY_TOKEN) != 0)
    {
      respond_text (msg, 401, "{\"errors\":\"[API] Invalid API key or access token "
                              "(unrecognized login or wrong password)\"}");
      return;
    }

  g_assert_true (json_parser_load_from_data (parser, request->body, -1, NULL));
  variables = json_object_get_object_member (json_node_get_object (json_parser_get_root (parser)),
                                             "variables");
  g_assert_nonnull (strstr (json_object_get_string_member (json_node_get_object (
                              json_parser_get_root (parser)), "query"), "sortKey: UPDATED_AT"));
  first = json_object_get_int_member (variables, "first");
  search = json_object_get_string_member (variables, "q");
  after = json_object_get_null_member (variables, "after")
            ? NULL : json_object_get_string_member (variables, "after");

  /* updated_at:>='…' or updated_at:>'…' */
  g_assert_true (g_str_has_prefix (search, "updated_at:>"));
  start = search + strlen ("updated_at:>");
  inclusive = *start == '=';
  if (inclusive)
    start++;
  g_assert_true (*start == '\'');
  time_text = g_strndup (start + 1, strchr (start + 1, '\'') - (start + 1));
  time = g_date_time_new_from_iso8601 (time_text, NULL);
  g_assert_nonnull (time);

  if (after != NULL)
    {
      gsize length;
      g_autofree guchar *decoded = g_base64_decode (after, &length);
      g_autofree char *text = g_strndup ((char *) decoded, length);

      g_assert_cmpint (sscanf (text, "%" G_GINT64_FORMAT ":%" G_GINT64_FORMAT, &after_updated,
                               &after_id), ==, 2);
    }

  for (guint i = 0; i < shop->orders->len; i++)
    g_ptr_array_add (sorted, g_ptr_array_index (shop->orders, i));
  g_ptr_array_sort (sorted, compare_orders);

  g_string_append (out, "{\"data\":{\"orders\":{\"edges\":[");
  for (guint i = 0; i < sorted->len; i++)
    {
      FakeOrder *order = g_ptr_array_index (sorted, i);
      g_autofree char *cursor_text = NULL;

      if (inclusive ? order->updated < g_date_time_to_unix (time)
                    : order->updated <= g_date_time_to_unix (time))
        continue;
      if (order->updated < after_updated ||
          (order->updated == after_updated && order->id <= after_id))
        continue;
      if (emitted == first)
        {
          more = TRUE;
          break;
        }

      cursor_text = g_strdup_printf ("%" G_GINT64_FORMAT ":%" G_GINT64_FORMAT, order->updated,
                                     order->id);
      g_free (end_cursor);
      end_cursor = g_base64_encode ((guchar *) cursor_text, strlen (cursor_text));
      g_string_append_printf (out, "%s{\"cursor\":\"%s\",\"node\":", emitted ? "," : "",
                              end_cursor);
      shopify_node (out, order);
      g_string_append (out, "}");
      emitted++;
    }
  g_string_append_printf (out, "],\"pageInfo\":{\"hasNextPage\":%s,\"endCursor\":",
                          more ? "true" : "false");
  append_string_or_null (out, end_cursor);
  g_string_append_printf (out, "}}},\"extensions\":{\"cost\":%s}}",
                          shop->cost ? shop->cost
                                     : "{\"requestedQueryCost\":252,\"actualQueryCost\":31,"
                                       "\"throttleStatus\":{\"maximumAvailable\":2000.0,"
                                       "\"currentlyAvailable\":1969,\"restoreRate\":100.0}}");
  respond_text (msg, 200, out->str);
}

static GHashTable *
parse_query (const char *query)
{
  g_autoptr(GError) error = NULL;
  GHashTable *table = g_uri_parse_params (query ? query : "", -1, "&", G_URI_PARAMS_NONE, &error);

  g_assert_no_error (error);
  return table;
}

/* GET /wp-json/wc/v3/orders?modified_after=…&dates_are_gmt=true
 * &orderby=modified&order=asc&per_page=N&page=P */
static void
woo_respond (Shop              *shop,
             SoupServerMessage *msg,
             Request           *request)
{
  g_autoptr(GHashTable) params = parse_query (request->query);
  g_autofree char *pair = g_strconcat (WOO_KEY, ":", WOO_SECRET, NULL);
  g_autofree char *encoded = g_base64_encode ((guchar *) pair, strlen (pair));
  g_autofree char *basic = g_strconcat ("Basic ", encoded, NULL);
  g_autoptr(GPtrArray) sorted = g_ptr_array_new ();
  g_autoptr(GString) out = g_string_new ("[");
  g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();
  g_autoptr(GDateTime) after = NULL;
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);
  guint64 per_page, page;
  guint total_pages;
  g_autofree char *total_text = NULL;
  g_autofree char *pages_text = NULL;

  if (g_strcmp0 (request->path, "/wp-json/wc/v3/orders") != 0)
    {
      respond_text (msg, 404, "{\"code\":\"rest_no_route\",\"message\":\"No route was found "
                              "matching the URL and request method.\",\"data\":{\"status\":404}}");
      return;
    }
  if (g_strcmp0 (request->authorization, basic) != 0 &&
      !(g_strcmp0 (g_hash_table_lookup (params, "consumer_key"), WOO_KEY) == 0 &&
        g_strcmp0 (g_hash_table_lookup (params, "consumer_secret"), WOO_SECRET) == 0))
    {
      respond_text (msg, 401, "{\"code\":\"woocommerce_rest_cannot_view\",\"message\":\"Sorry, "
                              "you cannot list resources.\",\"data\":{\"status\":401}}");
      return;
    }

  g_assert_cmpstr (g_hash_table_lookup (params, "dates_are_gmt"), ==, "true");
  g_assert_cmpstr (g_hash_table_lookup (params, "orderby"), ==, "modified");
  g_assert_cmpstr (g_hash_table_lookup (params, "order"), ==, "asc");
  g_assert_true (g_ascii_string_to_unsigned (g_hash_table_lookup (params, "per_page"), 10, 1, 100,
                                             &per_page, NULL));
  g_assert_true (g_ascii_string_to_unsigned (g_hash_table_lookup (params, "page"), 10, 1, 10000,
                                             &page, NULL));
  /* No zone: GMT, because dates_are_gmt=true. Exclusive. */
  after = g_date_time_new_from_iso8601 (g_hash_table_lookup (params, "modified_after"), utc);
  g_assert_nonnull (after);

  for (guint i = 0; i < shop->orders->len; i++)
    {
      FakeOrder *order = g_ptr_array_index (shop->orders, i);

      if (order->updated > g_date_time_to_unix (after))
        g_ptr_array_add (sorted, order);
    }
  g_ptr_array_sort (sorted, compare_orders);

  for (guint i = (page - 1) * per_page; i < sorted->len && i < page * per_page; i++)
    {
      if (out->len > 1)
        g_string_append_c (out, ',');
      woo_node (out, g_ptr_array_index (sorted, i));
    }
  g_string_append_c (out, ']');

  total_pages = (sorted->len + per_page - 1) / per_page;
  total_text = g_strdup_printf ("%u", sorted->len);
  pages_text = g_strdup_printf ("%u", total_pages);
  soup_message_headers_append (headers, "X-WP-Total", total_text);
  soup_message_headers_append (headers, "X-WP-TotalPages", pages_text);
  respond_text (msg, 200, out->str);
}

static void
server_cb (SoupServer        *server,
           SoupServerMessage *msg,
           const char        *path,
           GHashTable        *query,
           gpointer           user_data)
{
  Shop *shop = user_data;
  Request *request = g_new0 (Request, 1);
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  SoupMessageBody *body = soup_server_message_get_request_body (msg);

  request->method = g_strdup (soup_server_message_get_method (msg));
  request->path = g_strdup (path);
  request->query = g_strdup (g_uri_get_query (soup_server_message_get_uri (msg)));
  request->token = g_strdup (soup_message_headers_get_one (headers, "X-Shopify-Access-Token"));
  request->authorization = g_strdup (soup_message_headers_get_one (headers, "Authorization"));
  request->body = g_strndup (body->data, body->length);
  request->time = g_get_monotonic_time ();
  g_ptr_array_add (shop->requests, request);

  if (shop->override != NULL &&
      shop->override (shop, msg, request, shop->requests->len - 1))
    return;

  if (shop->woo)
    woo_respond (shop, msg, request);
  else
    shopify_respond (shop, msg, request);
}

static Shop *
shop_new (gboolean woo)
{
  Shop *shop = g_new0 (Shop, 1);
  g_autoptr(GError) error = NULL;
  GSList *uris;

  shop->woo = woo;
  shop->server = soup_server_new (NULL, NULL);
  shop->requests = g_ptr_array_new_with_free_func ((GDestroyNotify) request_free);
  shop->orders = g_ptr_array_new_with_free_func ((GDestroyNotify) fake_order_free);
  soup_server_add_handler (shop->server, NULL, server_cb, shop, NULL);
  soup_server_listen_local (shop->server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error);
  g_assert_no_error (error);

  uris = soup_server_get_uris (shop->server);
  g_assert_nonnull (uris);
  shop->base_url = g_strdup_printf ("http://127.0.0.1:%d", g_uri_get_port (uris->data));
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);
  return shop;
}

static void
shop_free (Shop *shop)
{
  iterate_for (20);
  soup_server_disconnect (shop->server);
  g_object_unref (shop->server);
  g_ptr_array_unref (shop->requests);
  g_ptr_array_unref (shop->orders);
  g_free (shop->base_url);
  g_free (shop->cost);
  g_free (shop);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Shop, shop_free)

static Request *
shop_request (Shop  *shop,
              guint  index)
{
  g_assert_cmpuint (index, <, shop->requests->len);
  return g_ptr_array_index (shop->requests, index);
}

/* What a connector reported */

typedef struct
{
  VitrineFeedSource *source;
  VitrineFeed       *feed;
  GPtrArray         *orders;      /* VitrineOrder, from "order" */
  GArray            *states;      /* VitrineFeedSourceState, each change */
  GPtrArray         *statuses;    /* the status at each change */
  guint              cursor_notifies;
  VitrineCatalog    *catalog;     /* when set, orders are applied to it */
  GHashTable        *applied;
  GPtrArray         *unmatched;
} Watch;

static void
order_cb (VitrineFeedSource *source,
          VitrineOrder      *order,
          Watch             *watch)
{
  g_ptr_array_add (watch->orders, g_object_ref (order));
  if (watch->catalog != NULL)
    vitrine_order_apply_to_catalog (order, watch->catalog, watch->applied, watch->unmatched);
}

static void
state_cb (VitrineFeedSource *source,
          GParamSpec        *pspec,
          Watch             *watch)
{
  VitrineFeedSourceState state = vitrine_feed_source_get_state (source);

  g_array_append_val (watch->states, state);
  g_ptr_array_add (watch->statuses, g_strdup (vitrine_feed_source_get_status (source)));
  assert_no_secret (vitrine_feed_source_get_status (source));
}

static void
cursor_cb (GObject    *object,
           GParamSpec *pspec,
           Watch      *watch)
{
  watch->cursor_notifies++;
}

static void
watch_init (Watch             *watch,
            VitrineFeedSource *source)
{
  watch->source = g_object_ref (source);
  watch->feed = vitrine_feed_new (200);
  watch->orders = g_ptr_array_new_with_free_func (g_object_unref);
  watch->states = g_array_new (FALSE, FALSE, sizeof (VitrineFeedSourceState));
  watch->statuses = g_ptr_array_new_with_free_func (g_free);
  watch->applied = vitrine_order_applied_set_new ();
  watch->unmatched = g_ptr_array_new_with_free_func ((GDestroyNotify) vitrine_order_line_item_free);
  vitrine_feed_add_source (watch->feed, source);
  g_signal_connect (source, "order", G_CALLBACK (order_cb), watch);
  g_signal_connect (source, "notify::state", G_CALLBACK (state_cb), watch);
  g_signal_connect (source, "notify::cursor", G_CALLBACK (cursor_cb), watch);
}

static void
watch_clear (Watch *watch)
{
  vitrine_feed_source_stop (watch->source);
  iterate_for (20);
  g_signal_handlers_disconnect_by_data (watch->source, watch);
  g_clear_object (&watch->feed);
  g_clear_object (&watch->source);
  g_clear_pointer (&watch->orders, g_ptr_array_unref);
  g_clear_pointer (&watch->states, g_array_unref);
  g_clear_pointer (&watch->statuses, g_ptr_array_unref);
  g_clear_pointer (&watch->applied, g_hash_table_unref);
  g_clear_pointer (&watch->unmatched, g_ptr_array_unref);
  g_clear_object (&watch->catalog);
}

static gboolean
saw_state (Watch                  *watch,
           VitrineFeedSourceState  state)
{
  for (guint i = 0; i < watch->states->len; i++)
    if (g_array_index (watch->states, VitrineFeedSourceState, i) == state)
      return TRUE;
  return FALSE;
}

static guint
n_items (Watch *watch)
{
  return g_list_model_get_n_items (G_LIST_MODEL (watch->feed));
}

static void
assert_item (Watch       *watch,
             guint        index,
             const char  *platform,
             const char  *id,
             const char  *author,
             const char  *text,
             const char  *detail,
             gint64       amount,
             const char  *currency)
{
  g_autoptr(VitrineFeedItem) item = g_list_model_get_item (G_LIST_MODEL (watch->feed), index);
  const VitrineMoney *money;

  g_assert_nonnull (item);
  g_assert_cmpint (vitrine_feed_item_get_kind (item), ==, VITRINE_FEED_ITEM_ORDER);
  g_assert_cmpstr (vitrine_feed_item_get_platform (item), ==, platform);
  g_assert_cmpstr (vitrine_feed_item_get_id (item), ==, id);
  g_assert_cmpstr (vitrine_feed_item_get_author (item), ==, author);
  g_assert_cmpstr (vitrine_feed_item_get_text (item), ==, text);
  g_assert_cmpstr (vitrine_feed_item_get_detail (item), ==, detail);
  g_assert_cmpstr (vitrine_feed_item_get_source_id (item), ==,
                   vitrine_feed_source_get_id (watch->source));
  g_assert_cmpint (vitrine_feed_item_get_visibility (item), ==, VITRINE_FEED_ITEM_VISIBLE);
  money = vitrine_feed_item_get_amount (item);
  if (currency == NULL)
    g_assert_null (money);
  else
    {
      g_assert_nonnull (money);
      g_assert_cmpint (money->amount, ==, amount);
      g_assert_cmpstr (money->currency, ==, currency);
    }
}

static VitrineOrder *
watch_order (Watch *watch,
             guint  index)
{
  g_assert_cmpuint (index, <, watch->orders->len);
  return g_ptr_array_index (watch->orders, index);
}

static VitrineShopifyOrders *
new_shopify (Shop *shop)
{
  VitrineShopifyOrders *source = vitrine_shopify_orders_new ("shopify-orders", shop->base_url,
                                                             "shopify-test");
  g_autoptr(GDateTime) since = g_date_time_new_from_unix_utc (t0);

  vitrine_shopify_orders_set_since (source, since);
  vitrine_shopify_orders_set_interval (source, 40);
  return source;
}

static VitrineWooCommerceOrders *
new_woo (Shop *shop)
{
  VitrineWooCommerceOrders *source = vitrine_woocommerce_orders_new ("woo-orders",
                                                                     shop->base_url, "woo-test");
  g_autoptr(GDateTime) since = g_date_time_new_from_unix_utc (t0);

  vitrine_woocommerce_orders_set_since (source, since);
  vitrine_woocommerce_orders_set_interval (source, 40);
  return source;
}

/* Shopify */

static void
add_scarf_orders (Shop  *shop,
                  guint  n)
{
  static const char *firsts[] = { "Ana", "Dan", "Lee", "ليلى", "Mo", "Zoë", "Kai" };
  static const char *lasts[] = { "P.", "Okafor", "Kim", "حسن", "Ali", "Brontë", "Nakamura" };

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *number = g_strdup_printf ("#%u", 1001 + i);
      /* Two of them changed in the same second. */
      gint64 updated = 10 + i - (i >= 3 ? 1 : 0);
      FakeOrder *order = shop_add (shop, 6021548310587 + i, updated - 2, updated, number, "PAID",
                                   firsts[i % 7], lasts[i % 7], "62.64");

      order_line (order, "SCARF-BLU-M", 2, 8812345678901, 45123456789012, "Wool scarf", "29.00");
    }
}

static void
test_shopify_pages (void)
{
  g_autoptr(Shop) shop = shop_new (FALSE);
  g_autoptr(VitrineShopifyOrders) source = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  static const char *authors[] = { "Ana P.", "Dan O.", "Lee K.", "ليلى ح.", "Mo A.", "Zoë B.",
                                   "Kai N." };
  Watch watch = { 0 };
  JsonObject *variables;

  add_scarf_orders (shop, 7);
  source = new_shopify (shop);
  vitrine_shopify_orders_set_page_size (source, 3);
  watch_init (&watch, VITRINE_FEED_SOURCE (source));

  vitrine_feed_source_start (VITRINE_FEED_SOURCE (source));
  g_assert_cmpint (vitrine_feed_source_get_state (VITRINE_FEED_SOURCE (source)), ==,
                   VITRINE_FEED_SOURCE_CONNECTING);
  /* Three pages, then two more rounds that find nothing new. */
  WAIT_FOR (shop->requests->len >= 5, 5000);

  g_assert_cmpint (vitrine_feed_source_get_state (VITRINE_FEED_SOURCE (source)), ==,
                   VITRINE_FEED_SOURCE_LIVE);
  g_assert_null (vitrine_feed_source_get_status (VITRINE_FEED_SOURCE (source)));
  g_assert_cmpuint (watch.orders->len, ==, 7);
  g_assert_cmpuint (n_items (&watch), ==, 7);
  for (guint i = 0; i < 7; i++)
    {
      g_autofree char *id = g_strdup_printf ("gid://shopify/Order/%" G_GINT64_FORMAT,
                                             6021548310587 + i);
      g_autofree char *detail = g_strdup_printf ("Order #%u", 1001 + i);

      assert_item (&watch, i, "shopify", id, authors[i], "2 × Wool scarf", detail, 6264, "USD");
      g_assert_cmpstr (vitrine_order_get_id (watch_order (&watch, i)), ==, id);
    }

  /* What the shop was asked: the documented query, the token in its header,
   * pages by endCursor, from the start of the show. */
  for (guint i = 0; i < 4; i++)
    {
      Request *request = shop_request (shop, i);
      JsonObject *root;

      g_assert_cmpstr (request->token, ==, SHOPIFY_TOKEN);
      g_assert_null (strstr (request->path, SHOPIFY_TOKEN));
      g_assert_true (json_parser_load_from_data (parser, request->body, -1, NULL));
      root = json_node_get_object (json_parser_get_root (parser));
      variables = json_object_get_object_member (root, "variables");
      g_assert_cmpint (json_object_get_int_member (variables, "first"), ==, 3);
      g_assert_cmpstr (json_object_get_string_member (variables, "q"), ==,
                       "updated_at:>='2026-11-21T19:00:00Z'");
      if (i == 0 || i == 3)
        g_assert_true (json_object_get_null_member (variables, "after"));
      else
        g_assert_false (json_object_get_null_member (variables, "after"));
    }
  g_assert_true (saw_state (&watch, VITRINE_FEED_SOURCE_CONNECTING));
  g_assert_false (saw_state (&watch, VITRINE_FEED_SOURCE_RATE_LIMITED));
  g_assert_cmpuint (watch.cursor_notifies, >=, 3);

  watch_clear (&watch);
}

static gboolean
budget_override (Shop              *shop,
                 SoupServerMessage *msg,
                 Request           *request,
                 guint              index)
{
  /* The first page leaves the bucket short: 252 asked, 100 left, 1000/s
   * back. */
  g_free (shop->cost);
  shop->cost = g_strdup (index == 0
                           ? "{\"requestedQueryCost\":252,\"actualQueryCost\":31,"
                             "\"throttleStatus\":{\"maximumAvailable\":1000.0,"
                             "\"currentlyAvailable\":100,\"restoreRate\":1000.0}}"
                           : NULL);
  return FALSE;
}

static void
test_shopify_budget (void)
{
  g_autoptr(Shop) shop = shop_new (FALSE);
  g_autoptr(VitrineShopifyOrders) source = NULL;
  Watch watch = { 0 };
  gint64 waited;

  add_scarf_orders (shop, 4);
  shop->override = budget_override;
  source = new_shopify (shop);
  vitrine_shopify_orders_set_page_size (source, 2);
  watch_init (&watch, VITRINE_FEED_SOURCE (source));

  vitrine_feed_source_start (VITRINE_FEED_SOURCE (source));
  WAIT_FOR (shop->requests->len >= 2 && watch.orders->len == 4, 5000);

  /* ceil ((252 − 100) / 1000 s) = 152 ms before the next page. */
  waited = (shop_request (shop, 1)->time - shop_request (shop, 0)->time) / 1000;
  g_test_message ("waited %" G_GINT64_FORMAT " ms for the query budget (152 ms owed)", waited);
  g_assert_cmpint (waited, >=, 152);
  g_assert_cmpint (waited, <, 1000);
  g_assert_cmpuint (n_items (&watch), ==, 4);

  watch_clear (&watch);
}

static gboolean
throttled_override (Shop              *shop,
                    SoupServerMessage *msg,
                    Request           *request,
                    guint              index)
{
  if (index != 0)
    return FALSE;

  /* The documented THROTTLED answer (§5.2), with HTTP 200. */
  respond_text (msg, 200,
                "{\"errors\":[{\"message\":\"Throttled\",\"extensions\":{\"code\":\"THROTTLED\","
                "\"documentation\":\"https://shopify.dev/api/usage/rate-limits\"}}],"
                "\"extensions\":{\"cost\":{\"requestedQueryCost\":752,\"actualQueryCost\":null,"
                "\"throttleStatus\":{\"maximumAvailable\":1000.0,\"currentlyAvailable\":666,"
                "\"restoreRate\":50.0}}}}");
  return TRUE;
}

static void
test_shopify_throttled (void)
{
  g_autoptr(Shop) shop = shop_new (FALSE);
  g_autoptr(VitrineShopifyOrders) source = NULL;
  Watch watch = { 0 };
  gint64 waited;
  const char *status = NULL;

  add_scarf_orders (shop, 2);
  shop->override = throttled_override;
  source = new_shopify (shop);
  watch_init (&watch, VITRINE_FEED_SOURCE (source));

  vitrine_feed_source_start (VITRINE_FEED_SOURCE (source));
  WAIT_FOR (vitrine_feed_source_get_state (VITRINE_FEED_SOURCE (source)) ==
            VITRINE_FEED_SOURCE_RATE_LIMITED, 2000);
  status = vitrine_feed_source_get_status (VITRINE_FEED_SOURCE (source));
  g_assert_cmpstr (status, ==, "Shopify asks Vitrine to slow down. Trying again in 2 seconds.");
  WAIT_FOR (watch.orders->len == 2, 5000);

  /* ceil ((752 − 666) / 50 s) = 1720 ms, then the same page again. */
  waited = (shop_request (shop, 1)->time - shop_request (shop, 0)->time) / 1000;
  g_test_message ("waited %" G_GINT64_FORMAT " ms after THROTTLED (1720 ms owed)", waited);
  g_assert_cmpint (waited, >=, 1720);
  g_assert_cmpint (waited, <, 2500);
  g_assert_cmpstr (shop_request (shop, 1)->body, ==, shop_request (shop, 0)->body);
  g_assert_cmpint (vitrine_feed_source_get_state (VITRINE_FEED_SOURCE (source)), ==,
                   VITRINE_FEED_SOURCE_LIVE);
  g_assert_cmpuint (n_items (&watch), ==, 2);

  watch_clear (&watch);
}

static gboolean
always_throttled_override (Shop              *shop,
                           SoupServerMessage *msg,
                           Request           *request,
                           guint              index)
{
  respond_text (msg, 200,
                "{\"errors\":[{\"message\":\"Throttled\",\"extensions\":{\"code\":\"THROTTLED\"}}],"
                "\"extensions\":{\"cost\":{\"requestedQueryCost\":20,\"actualQueryCost\":null,"
                "\"throttleStatus\":{\"maximumAvailable\":1000.0,\"currentlyAvailable\":19,"
                "\"restoreRate\":100.0}}}}");
  return TRUE;
}

static void
test_shopify_throttled_bounded (void)
{
  g_autoptr(Shop) shop = shop_new (FALSE);
  g_autoptr(VitrineShopifyOrders) source = NULL;
  Watch watch = { 0 };
  const char *status;

  shop->override = always_throttled_override;
  source = new_shopify (shop);
  watch_init (&watch, VITRINE_FEED_SOURCE (source));

  vitrine_feed_source_start (VITRINE_FEED_SOURCE (source));
  /* Six answers of THROTTLED (10 ms owed each): the round is given up, and
   * tried again after a backoff, not in a tight loop. */
  WAIT_FOR (shop->requests->len >= 6, 3000);
  iterate_for (300);
  g_assert_cmpuint (shop->requests->len, ==, 6);
  g_assert_cmpint (vitrine_feed_source_get_state (VITRINE_FEED_SOURCE (source)), ==,
                   VITRINE_FEED_SOURCE_RATE_LIMITED);
  status = vitrine_feed_source_get_status (VITRINE_FEED_SOURCE (source));
  g_assert_true (g_str_has_prefix (status, "Shopify kept asking Vitrine to slow down (6 times in "
                                           "a row). Trying again in "));
  g_assert_cmpuint (watch.orders->len, ==, 0);

  watch_clear (&watch);
}

static void
test_shopify_big_ids (void)
{
  g_autoptr(Shop) shop = shop_new (FALSE);
  g_autoptr(VitrineShopifyOrders) source = NULL;
  g_autoptr(VitrineProduct) low = vitrine_product_new ("gid://shopify/Product/9007199254740992",
                                                       "A1", NULL);
  g_autoptr(VitrineProduct) high = vitrine_product_new ("gid://shopify/Product/9007199254740993",
                                                        "A2", NULL);
  Watch watch = { 0 };
  FakeOrder *order;
  const VitrineOrderLineItem *line;

  /* 2^53 + 1: a double would make it …992 (§7.9). */
  order = shop_add (shop, G_GINT64_CONSTANT (9007199254740993), 5, 6, "#1042", "PAID", "Ana",
                    "P.", "29.00");
  order_line (order, NULL, 1, G_GINT64_CONSTANT (9007199254740993),
              G_GINT64_CONSTANT (9223372036854775807), "Mug", "29.00");
  order = shop_add (shop, G_GINT64_CONSTANT (820982911946154508), 6, 7, "#1043", "PAID", "Dan",
                    "K", "29.00");

  source = new_shopify (shop);
  watch_init (&watch, VITRINE_FEED_SOURCE (source));
  watch.catalog = vitrine_catalog_new ();
  vitrine_product_set_stock (low, 5);
  vitrine_product_set_stock (high, 5);
  g_assert_true (vitrine_catalog_add (watch.catalog, low, NULL));
  g_assert_true (vitrine_catalog_add (watch.catalog, high, NULL));

  vitrine_feed_source_start (VITRINE_FEED_SOURCE (source));
  WAIT_FOR (watch.orders->len == 2, 5000);

  g_assert_cmpstr (vitrine_order_get_id (watch_order (&watch, 0)), ==,
                   "gid://shopify/Order/9007199254740993");
  g_assert_cmpstr (vitrine_order_get_id (watch_order (&watch, 1)), ==,
                   "gid://shopify/Order/820982911946154508");
  line = vitrine_order_get_line_item (watch_order (&watch, 0), 0);
  g_assert_cmpstr (line->product_id, ==, "gid://shopify/Product/9007199254740993");
  g_assert_cmpstr (line->variant_id, ==, "gid://shopify/ProductVariant/9223372036854775807");
  g_assert_cmpstr (line->id, ==, "gid://shopify/LineItem/90071992547409930");
  assert_item (&watch, 1, "shopify", "gid://shopify/Order/820982911946154508", "Dan K.", "",
               "Order #1043", 2900, "USD");
  /* The right product lost stock, not its neighbour. */
  g_assert_cmpint (vitrine_product_get_stock (high), ==, 4);
  g_assert_cmpint (vitrine_product_get_stock (low), ==, 5);

  watch_clear (&watch);
}

/* Restart: a first connector reads, its cursor is saved; meanwhile the shop
 * changes orders in the very second the cursor stands at (new ids on both
 * sides of the last one, an update), and, with an overlap, one that its
 * search shows late. A second connector from the saved cursor reports
 * exactly those. */
static void
test_restart (gconstpointer data)
{
  gboolean woo = GPOINTER_TO_INT (data) & 1;
  gboolean overlap = GPOINTER_TO_INT (data) & 2;
  g_autoptr(Shop) shop = shop_new (woo);
  g_autoptr(VitrineFeedSource) first = NULL;
  g_autoptr(VitrineFeedSource) second = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *cursor = NULL;
  g_autoptr(GPtrArray) expected = g_ptr_array_new_with_free_func (g_free);
  const char *platform = woo ? "woocommerce" : "shopify";
  const char *prefix = woo ? "" : "gid://shopify/Order/";
  const char *paid = woo ? "processing" : "PAID";
  const char *currency = woo ? "EUR" : "USD";
  guint requests;
  Watch one = { 0 };
  Watch two = { 0 };
  FakeOrder *order;

  for (guint i = 0; i < 4; i++)
    {
      g_autofree char *number = g_strdup_printf ("%u", 1001 + i);
      static const gint64 updated[] = { 10, 11, 12, 12 };

      order = shop_add (shop, 1001 + i, updated[i] - 1, updated[i], number, paid, "Ana", "P.",
                        "29.00");
      order_line (order, "SCARF-BLU-M", 1, 301, 305, "Wool scarf", "29.00");
    }

  if (woo)
    {
      first = VITRINE_FEED_SOURCE (new_woo (shop));
      vitrine_woocommerce_orders_set_page_size (VITRINE_WOOCOMMERCE_ORDERS (first), 2);
      vitrine_woocommerce_orders_set_overlap (VITRINE_WOOCOMMERCE_ORDERS (first),
                                              overlap ? 60 : 0);
    }
  else
    {
      first = VITRINE_FEED_SOURCE (new_shopify (shop));
      vitrine_shopify_orders_set_page_size (VITRINE_SHOPIFY_ORDERS (first), 2);
      vitrine_shopify_orders_set_overlap (VITRINE_SHOPIFY_ORDERS (first), overlap ? 60 : 0);
    }
  watch_init (&one, first);
  vitrine_feed_source_start (first);
  WAIT_FOR (one.orders->len == 4 && shop->requests->len >= 3, 5000);
  /* Stop between rounds: the cursor is what the journal saved last. */
  requests = shop->requests->len;
  WAIT_FOR (shop->requests->len > requests, 2000);
  vitrine_feed_source_stop (first);
  cursor = woo ? vitrine_woocommerce_orders_get_cursor (VITRINE_WOOCOMMERCE_ORDERS (first))
               : vitrine_shopify_orders_get_cursor (VITRINE_SHOPIFY_ORDERS (first));
  g_assert_nonnull (cursor);
  g_test_message ("saved cursor: %s", cursor);
  g_assert_cmpuint (n_items (&one), ==, 4);

  /* While Vitrine is down: the same second as the cursor's newest (19:00:12),
   * a new order with a higher id and one with a lower id; order 1002 updated
   * (not new: no second item); a new order later. */
  order = shop_add (shop, 2000, 12, 12, "2000", paid, "Bea", "Q", "10.00");
  order_line (order, "SCARF-BLU-M", 1, 301, 305, "Wool scarf", "10.00");
  order = shop_add (shop, 500, 12, 12, "500", paid, "Cy", "R", "11.00");
  order_line (order, "SCARF-BLU-M", 1, 301, 305, "Wool scarf", "11.00");
  order = shop_find (shop, 1002);
  order->updated = t0 + 13;
  order = shop_add (shop, 3000, 14, 14, "3000", paid, "Di", "S", "12.00");
  order_line (order, "SCARF-BLU-M", 1, 301, 305, "Wool scarf", "12.00");
  g_ptr_array_add (expected, g_strdup_printf ("%s500", prefix));
  g_ptr_array_add (expected, g_strdup_printf ("%s2000", prefix));
  g_ptr_array_add (expected, g_strdup_printf ("%s1002", prefix));
  g_ptr_array_add (expected, g_strdup_printf ("%s3000", prefix));
  if (overlap)
    {
      /* Changed at 19:00:11, before the cursor's newest, but shown late by
       * the shop's search: only an overlap finds it. */
      order = shop_add (shop, 4000, 11, 11, "4000", paid, "Ed", "T", "13.00");
      order_line (order, "SCARF-BLU-M", 1, 301, 305, "Wool scarf", "13.00");
      g_ptr_array_insert (expected, 0, g_strdup_printf ("%s4000", prefix));
    }

  if (woo)
    {
      second = VITRINE_FEED_SOURCE (vitrine_woocommerce_orders_new ("woo-orders", shop->base_url,
                                                                    "woo-test"));
      vitrine_woocommerce_orders_set_interval (VITRINE_WOOCOMMERCE_ORDERS (second), 40);
      vitrine_woocommerce_orders_set_page_size (VITRINE_WOOCOMMERCE_ORDERS (second), 2);
      vitrine_woocommerce_orders_set_overlap (VITRINE_WOOCOMMERCE_ORDERS (second),
                                              overlap ? 60 : 0);
      g_assert_true (vitrine_woocommerce_orders_set_cursor (VITRINE_WOOCOMMERCE_ORDERS (second),
                                                            cursor, &error));
    }
  else
    {
      second = VITRINE_FEED_SOURCE (vitrine_shopify_orders_new ("shopify-orders", shop->base_url,
                                                                "shopify-test"));
      vitrine_shopify_orders_set_interval (VITRINE_SHOPIFY_ORDERS (second), 40);
      vitrine_shopify_orders_set_page_size (VITRINE_SHOPIFY_ORDERS (second), 2);
      vitrine_shopify_orders_set_overlap (VITRINE_SHOPIFY_ORDERS (second), overlap ? 60 : 0);
      g_assert_true (vitrine_shopify_orders_set_cursor (VITRINE_SHOPIFY_ORDERS (second), cursor,
                                                        &error));
    }
  g_assert_no_error (error);
  watch_init (&two, second);
  requests = shop->requests->len;
  vitrine_feed_source_start (second);
  WAIT_FOR (two.orders->len >= expected->len && shop->requests->len >= requests + 6, 5000);

  /* No duplicate, no gap: exactly what changed, each once, in the shop's
   * order of change. */
  g_assert_cmpuint (two.orders->len, ==, expected->len);
  for (guint i = 0; i < expected->len; i++)
    g_assert_cmpstr (vitrine_order_get_id (watch_order (&two, i)), ==,
                     g_ptr_array_index (expected, i));

  /* In the feed: the new orders only; 1002's update is no new order. */
  g_assert_cmpuint (n_items (&two), ==, expected->len - 1);
  {
    guint i = 0;
    g_autofree char *id500 = g_strdup_printf ("%s500", prefix);
    g_autofree char *id2000 = g_strdup_printf ("%s2000", prefix);
    g_autofree char *id3000 = g_strdup_printf ("%s3000", prefix);

    if (overlap)
      {
        g_autofree char *id4000 = g_strdup_printf ("%s4000", prefix);

        assert_item (&two, i++, platform, id4000, "Ed T.", "1 × Wool scarf", "Order #4000",
                     1300, currency);
      }
    assert_item (&two, i++, platform, id500, "Cy R.", "1 × Wool scarf", "Order #500", 1100,
                 currency);
    assert_item (&two, i++, platform, id2000, "Bea Q.", "1 × Wool scarf", "Order #2000", 1000,
                 currency);
    assert_item (&two, i++, platform, id3000, "Di S.", "1 × Wool scarf", "Order #3000", 1200,
                 currency);
  }

  watch_clear (&one);
  watch_clear (&two);
}

/* Orders change the catalog's stock once, whatever comes back later. */
static void
test_stock (gconstpointer data)
{
  gboolean woo = GPOINTER_TO_INT (data);
  g_autoptr(Shop) shop = shop_new (woo);
  g_autoptr(VitrineFeedSource) source = NULL;
  g_autoptr(VitrineProduct) scarf = NULL;
  g_autoptr(VitrineProductVariant) blue = NULL;
  g_autoptr(VitrineProduct) beanie = NULL;
  const char *paid = woo ? "processing" : "PAID";
  const char *prefix = woo ? "" : "gid://shopify/Order/";
  g_autofree char *o1 = g_strdup_printf ("%s1", prefix);
  g_autofree char *o2 = g_strdup_printf ("%s2", prefix);
  g_autofree char *o2_cancelled = g_strdup_printf ("%s2#cancelled", prefix);
  g_autofree char *o3 = g_strdup_printf ("%s3", prefix);
  const VitrineOrderLineItem *ghost;
  guint rounds;
  Watch watch = { 0 };
  FakeOrder *order;

  scarf = vitrine_product_new (woo ? "gid://woocommerce/Product/301"
                                   : "gid://shopify/Product/8812345678901", "A12", NULL);
  blue = vitrine_product_variant_new (woo ? "gid://woocommerce/ProductVariation/305"
                                          : "gid://shopify/ProductVariant/45123456789012",
                                      "SCARF-BLU-M");
  vitrine_product_variant_set_stock (blue, 5);
  vitrine_product_add_variant (scarf, blue);
  beanie = vitrine_product_new ("beanie", "B2", "BEANIE");
  vitrine_product_set_stock (beanie, 2);

  order = shop_add (shop, 1, 1, 2, "1", paid, "Ana", "P.", "62.64");
  order_line (order, "SCARF-BLU-M", 2, 301, 305, "Wool scarf", "29.00");
  order_line (order, "GHOST-1", 4, 999, 0, "Ghost", "1.00");
  order = shop_add (shop, 2, 2, 3, "2", paid, "Dan", "K", "20.00");
  order_line (order, "BEANIE", 1, 0, 0, "Beanie", "20.00");

  source = woo ? VITRINE_FEED_SOURCE (new_woo (shop)) : VITRINE_FEED_SOURCE (new_shopify (shop));
  watch_init (&watch, source);
  watch.catalog = vitrine_catalog_new ();
  g_assert_true (vitrine_catalog_add (watch.catalog, scarf, NULL));
  g_assert_true (vitrine_catalog_add (watch.catalog, beanie, NULL));

  vitrine_feed_source_start (source);
  WAIT_FOR (watch.orders->len == 2, 5000);
  g_assert_cmpint (vitrine_product_variant_get_stock (blue), ==, 3);
  g_assert_cmpint (vitrine_product_get_stock (beanie), ==, 1);
  /* The unknown SKU is reported, not a crash. */
  g_assert_cmpuint (watch.unmatched->len, ==, 1);
  ghost = g_ptr_array_index (watch.unmatched, 0);
  g_assert_cmpstr (ghost->sku, ==, "GHOST-1");
  g_assert_cmpint (ghost->quantity, ==, 4);

  /* Order 1 changes again (a note, fulfilment…), order 2 is cancelled. */
  order = shop_find (shop, 1);
  order->updated = t0 + 20;
  order = shop_find (shop, 2);
  order->updated = t0 + 21;
  if (woo)
    {
      g_free (order->status);
      order->status = g_strdup ("cancelled");
    }
  else
    order->cancelled = TRUE;
  WAIT_FOR (watch.orders->len == 4, 5000);

  /* Reported again, applied never again; a cancellation puts nothing back. */
  g_assert_cmpstr (vitrine_order_get_id (watch_order (&watch, 2)), ==, o1);
  g_assert_cmpstr (vitrine_order_get_id (watch_order (&watch, 3)), ==, o2);
  g_assert_cmpint (vitrine_order_get_status (watch_order (&watch, 3)), ==,
                   VITRINE_ORDER_STATUS_CANCELLED);
  g_assert_cmpint (vitrine_product_variant_get_stock (blue), ==, 3);
  g_assert_cmpint (vitrine_product_get_stock (beanie), ==, 1);
  g_assert_cmpuint (watch.unmatched->len, ==, 1);

  /* The last beanie: SOLD OUT. */
  order = shop_add (shop, 3, 22, 22, "3", paid, "Mo", "A", "20.00");
  order_line (order, "BEANIE", 1, 0, 0, "Beanie", "20.00");
  WAIT_FOR (watch.orders->len == 5, 5000);
  g_assert_cmpint (vitrine_product_get_stock (beanie), ==, 0);
  g_assert_true (vitrine_product_is_sold_out (beanie));

  /* And nothing is applied twice however many rounds go by. */
  rounds = shop->requests->len;
  WAIT_FOR (shop->requests->len >= rounds + 3, 3000);
  g_assert_cmpuint (watch.orders->len, ==, 5);
  g_assert_cmpint (vitrine_product_variant_get_stock (blue), ==, 3);

  /* The feed: three orders and a cancellation. */
  g_assert_cmpuint (n_items (&watch), ==, 4);
  assert_item (&watch, 0, woo ? "woocommerce" : "shopify", o1, "Ana P.",
               "2 × Wool scarf, 4 × Ghost", "Order #1", 6264, woo ? "EUR" : "USD");
  assert_item (&watch, 1, woo ? "woocommerce" : "shopify", o2, "Dan K.", "1 × Beanie",
               "Order #2", 2000, woo ? "EUR" : "USD");
  assert_item (&watch, 2, woo ? "woocommerce" : "shopify", o2_cancelled, "Dan K.", "1 × Beanie",
               "Order #2 cancelled", 2000, woo ? "EUR" : "USD");
  assert_item (&watch, 3, woo ? "woocommerce" : "shopify", o3, "Mo A.", "1 × Beanie",
               "Order #3", 2000, woo ? "EUR" : "USD");

  watch_clear (&watch);
}

static void
test_shopify_unauthorized (void)
{
  g_autoptr(Shop) shop = shop_new (FALSE);
  g_autoptr(VitrineShopifyOrders) source = NULL;
  Watch watch = { 0 };
  g_autofree char *expected = NULL;

  source = vitrine_shopify_orders_new ("shopify-orders", shop->base_url, "shopify-wrong");
  vitrine_shopify_orders_set_interval (source, 40);
  watch_init (&watch, VITRINE_FEED_SOURCE (source));

  vitrine_feed_source_start (VITRINE_FEED_SOURCE (source));
  WAIT_FOR (vitrine_feed_source_get_state (VITRINE_FEED_SOURCE (source)) ==
            VITRINE_FEED_SOURCE_UNAUTHORIZED, 3000);
  expected = g_strdup_printf ("127.0.0.1 refused the access token (HTTP 401): enter it again, "
                              "and check that it may read orders");
  g_assert_cmpstr (vitrine_feed_source_get_status (VITRINE_FEED_SOURCE (source)), ==, expected);
  /* Waits for the host: no retry loop. */
  iterate_for (300);
  g_assert_cmpuint (shop->requests->len, ==, 1);
  watch_clear (&watch);
}

static void
test_shopify_no_key (void)
{
  g_autoptr(Shop) shop = shop_new (FALSE);
  g_autoptr(VitrineShopifyOrders) source = NULL;
  Watch watch = { 0 };

  source = vitrine_shopify_orders_new ("shopify-orders", shop->base_url, "shopify-nothing");
  watch_init (&watch, VITRINE_FEED_SOURCE (source));
  g_setenv ("VITRINE_KEY_SHOPIFY_NOTHING", "", TRUE);

  vitrine_feed_source_start (VITRINE_FEED_SOURCE (source));
  WAIT_FOR (vitrine_feed_source_get_state (VITRINE_FEED_SOURCE (source)) ==
            VITRINE_FEED_SOURCE_UNAUTHORIZED, 5000);
  g_assert_cmpuint (shop->requests->len, ==, 0);
  watch_clear (&watch);
}

static gboolean
hostile_override (Shop              *shop,
                  SoupServerMessage *msg,
                  Request           *request,
                  guint              index)
{
  /* A truncated answer first; then the normal (hostile) orders. */
  if (index == 0)
    {
      respond_text (msg, 200,
                    "{\"data\":{\"orders\":{\"edges\":[{\"cursor\":\"x\",\"node\":{\"id\"");
      return TRUE;
    }
  return FALSE;
}

static void
test_shopify_hostile (void)
{
  g_autoptr(Shop) shop = shop_new (FALSE);
  g_autoptr(VitrineShopifyOrders) source = NULL;
  g_autoptr(GString) huge = g_string_new (NULL);
  g_autoptr(VitrineFeedItem) item = NULL;
  Watch watch = { 0 };
  FakeOrder *order;
  const char *status;

  for (guint i = 0; i < 10240; i++)
    g_string_append (huge, "\xe2\x80\xae" "A");

  /* Markup and a bidi override in the name and number, a 10 kB first name. */
  order = shop_add (shop, 1, 1, 2, "#<b>1</b>\xe2\x80\xae", "PAID",
                    "<i>Eve</i>\xe2\x80\xae\xe2\x80\x8b", "\xe2\x80\xaeZed", "1.00");
  order_line (order, "X", 1, 0, 0, "Line\nbreak\x01 <script>", "1.00");
  order = shop_add (shop, 2, 1, 3, "#2", "PAID", huge->str, "Long", "1.00");
  /* Wrong types everywhere, still readable: quantity a string (the line is
   * dropped), totals a number (no amount), customer an array. */
  order = shop_add (shop, 3, 1, 4, "#3", "PAID", NULL, NULL, "1.00");
  order->raw = g_strdup ("{\"id\":\"gid://shopify/Order/3\",\"name\":\"#3\","
                         "\"createdAt\":\"2026-11-21T19:00:01Z\","
                         "\"updatedAt\":\"2026-11-21T19:00:04Z\","
                         "\"cancelledAt\":null,\"test\":\"yes\",\"displayFinancialStatus\":42,"
                         "\"totalPriceSet\":{\"shopMoney\":{\"amount\":62.64,"
                         "\"currencyCode\":\"USD\"}},"
                         "\"customer\":[\"Ana\"],"
                         "\"lineItems\":{\"edges\":["
                         "{\"node\":{\"title\":\"A\",\"quantity\":\"2\"}},"
                         "{\"node\":{\"title\":\"B\",\"quantity\":1,\"sku\":7,\"variant\":\"v\"}},"
                         "null,42]}}");
  /* Not readable: no id, a time that is no time, a far-future time. */
  order = shop_add (shop, 4, 1, 5, "#4", "PAID", NULL, NULL, "1.00");
  order->raw = g_strdup ("{\"id\":{\"x\":1},\"updatedAt\":\"2026-11-21T19:00:05Z\"}");
  order = shop_add (shop, 5, 1, 6, "#5", "PAID", NULL, NULL, "1.00");
  order->raw = g_strdup ("{\"id\":\"gid://shopify/Order/5\",\"updatedAt\":\"yesterday\"}");
  order = shop_add (shop, 6, 1, 7, "#6", "PAID", NULL, NULL, "1.00");
  order->raw = g_strdup ("{\"id\":\"gid://shopify/Order/6\","
                         "\"updatedAt\":\"9999-12-31T23:59:59Z\"}");
  order = shop_add (shop, 7, 1, 8, "#7", "PAID", NULL, NULL, "1.00");
  order->raw = g_strdup ("[\"not\",\"an\",\"order\"]");

  shop->override = hostile_override;
  source = new_shopify (shop);
  watch_init (&watch, VITRINE_FEED_SOURCE (source));

  vitrine_feed_source_start (VITRINE_FEED_SOURCE (source));
  WAIT_FOR (vitrine_feed_source_get_state (VITRINE_FEED_SOURCE (source)) ==
            VITRINE_FEED_SOURCE_RECONNECTING, 2000);
  status = vitrine_feed_source_get_status (VITRINE_FEED_SOURCE (source));
  g_assert_true (g_str_has_prefix (status, "Shopify’s answer about orders cannot be read ("));
  /* 1 s of backoff, ±10 %. */
  g_assert_true (g_str_has_suffix (status, ". Trying again in 1 second.") ||
                 g_str_has_suffix (status, ". Trying again in 2 seconds."));
  WAIT_FOR (watch.orders->len == 3, 5000);
  g_assert_cmpint (vitrine_feed_source_get_state (VITRINE_FEED_SOURCE (source)), ==,
                   VITRINE_FEED_SOURCE_LIVE);

  g_assert_cmpuint (n_items (&watch), ==, 3);
  assert_item (&watch, 0, "shopify", "gid://shopify/Order/1", "<i>Eve</i> Z.",
               "1 × Line break <script>", "Order #<b>1</b>", 100, "USD");
  item = g_list_model_get_item (G_LIST_MODEL (watch.feed), 1);
  g_assert_null (strstr (vitrine_feed_item_get_author (item), "\xe2\x80\xae"));
  g_assert_cmpuint (g_utf8_strlen (vitrine_feed_item_get_author (item), -1), <=, 64);
  g_assert_true (g_str_has_suffix (vitrine_feed_item_get_author (item), "… L."));
  assert_item (&watch, 2, "shopify", "gid://shopify/Order/3", "A customer", "1 × B",
               "Order #3", 0, NULL);
  g_assert_cmpuint (vitrine_order_get_n_line_items (watch_order (&watch, 2)), ==, 1);
  g_assert_null (vitrine_order_get_line_item (watch_order (&watch, 2), 0)->sku);

  watch_clear (&watch);
}

/* Answers that are not what the API documents, straight to the parsers. */
static void
test_parse_hostile (void)
{
  static const char *shopify[] = {
    "", "{", "[]", "null", "42", "\"x\"", "{}", "\xff\xfe\x00{",
    "{\"data\":null}", "{\"data\":{\"orders\":\"no\"}}", "{\"data\":{\"orders\":[]}}",
    "{\"data\":{\"orders\":{\"edges\":{}}}}",
    "{\"data\":{\"orders\":{\"edges\":[null,1,\"a\",[]]}}}",
    "{\"data\":{\"orders\":{\"nodes\":[{\"id\":\"x\",\"updatedAt\":\"2026-11-21T19:00:00Z\","
      "\"lineItems\":{\"nodes\":[{\"quantity\":-1},{\"quantity\":1e400},{\"quantity\":"
      "9223372036854775807}]}}]}}}",
    "{\"errors\":{},\"data\":{}}", "{\"errors\":[1,null,{\"extensions\":[]}]}",
    "{\"errors\":\"[API] Invalid API key or access token\"}",
    "{\"extensions\":{\"cost\":{\"requestedQueryCost\":\"a\",\"throttleStatus\":[]}}}",
    "{\"data\":{\"orders\":{\"edges\":[],\"pageInfo\":{\"hasNextPage\":\"true\","
      "\"endCursor\":5}}}}",
    "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[",
    /* Two values: refused before json-glib (which would leak the first). */
    "[][]", "{} {\"data\":{}}", "1 []", "\"a\" {}",
  };
  static const char *woo[] = {
    "", "{}", "[", "[null, 1, \"a\", [], {}]", "{\"code\":\"x\"}", "[] []",
    "[{\"id\":-1,\"date_modified_gmt\":\"2026-11-21T19:00:00\"}]",
    "[{\"id\":1.5,\"date_modified_gmt\":\"2026-11-21T19:00:00\"}]",
    "[{\"id\":\"12\",\"date_modified_gmt\":\"2026-11-21T19:00:00\",\"total\":62.9,"
      "\"line_items\":{\"a\":1},\"billing\":\"x\"}]",
    "[{\"id\":9007199254740993,\"date_modified_gmt\":\"2026-11-21T19:00:00\",\"currency\":\"EUR\","
      "\"line_items\":[{\"quantity\":2,\"product_id\":1e3,\"variation_id\":\"305\","
      "\"subtotal\":\"x\",\"price\":1e308},{\"quantity\":1,\"price\":-4},{\"quantity\":3,"
      "\"subtotal\":\"10.00\",\"price\":3.33},null]}]",
  };

  for (guint i = 0; i < G_N_ELEMENTS (shopify); i++)
    {
      g_autoptr(GBytes) body = g_bytes_new_static (shopify[i], strlen (shopify[i]));
      g_autoptr(VitrineShopifyOrdersPage) page = NULL;
      g_autoptr(GError) error = NULL;

      page = vitrine_shopify_orders_parse_page (body, &error);
      g_assert_true ((page == NULL) == (error != NULL));
      if (error != NULL)
        g_assert_error (error, VITRINE_FEED_ERROR, VITRINE_FEED_ERROR_PROTOCOL);
    }

  {
    g_autoptr(GBytes) body = g_bytes_new_static (shopify[13], strlen (shopify[13]));
    g_autoptr(VitrineShopifyOrdersPage) page = vitrine_shopify_orders_parse_page (body, NULL);
    VitrineOrder *order;

    g_assert_cmpuint (page->orders->len, ==, 1);
    order = g_ptr_array_index (page->orders, 0);
    g_assert_cmpstr (vitrine_order_get_id (order), ==, "x");
    /* Only the sane quantity is kept. */
    g_assert_cmpuint (vitrine_order_get_n_line_items (order), ==, 1);
    g_assert_cmpint (vitrine_order_get_line_item (order, 0)->quantity, ==, G_MAXINT64);
    g_assert_cmpint (vitrine_order_get_n_units (order), ==, G_MAXINT64);
  }
  {
    g_autoptr(GBytes) body = g_bytes_new_static (shopify[16], strlen (shopify[16]));
    g_autoptr(VitrineShopifyOrdersPage) page = vitrine_shopify_orders_parse_page (body, NULL);

    g_assert_false (page->has_orders);
    g_assert_cmpstr (page->error_message, ==, "[API] Invalid API key or access token");
  }

  for (guint i = 0; i < G_N_ELEMENTS (woo); i++)
    {
      g_autoptr(GBytes) body = g_bytes_new_static (woo[i], strlen (woo[i]));
      g_autoptr(GPtrArray) orders = NULL;
      g_autoptr(GError) error = NULL;
      guint rejected = 0;

      orders = vitrine_woocommerce_orders_parse_page (body, &rejected, &error);
      g_assert_true ((orders == NULL) == (error != NULL));
    }

  {
    g_autoptr(GBytes) body = g_bytes_new_static (woo[9], strlen (woo[9]));
    guint rejected = 0;
    g_autoptr(GPtrArray) orders = vitrine_woocommerce_orders_parse_page (body, &rejected, NULL);
    VitrineOrder *order;
    const VitrineOrderLineItem *line;

    g_assert_cmpuint (orders->len, ==, 1);
    g_assert_cmpuint (rejected, ==, 0);
    order = g_ptr_array_index (orders, 0);
    g_assert_cmpstr (vitrine_order_get_id (order), ==, "9007199254740993");
    g_assert_cmpuint (vitrine_order_get_n_line_items (order), ==, 3);
    line = vitrine_order_get_line_item (order, 0);
    g_assert_null (line->product_id);                 /* a double is no id */
    g_assert_cmpstr (line->variant_id, ==, "gid://woocommerce/ProductVariation/305");
    g_assert_cmpstr (line->unit_price.currency, ==, "");
    line = vitrine_order_get_line_item (order, 1);
    g_assert_cmpstr (line->unit_price.currency, ==, "");
    /* 10.00 for 3 is not exact: the price the shop wrote, 3.33. */
    line = vitrine_order_get_line_item (order, 2);
    g_assert_cmpint (line->unit_price.amount, ==, 333);
    g_assert_cmpstr (line->unit_price.currency, ==, "EUR");
  }
  {
    g_autoptr(GBytes) body = g_bytes_new_static (woo[8], strlen (woo[8]));
    g_autoptr(GPtrArray) orders = vitrine_woocommerce_orders_parse_page (body, NULL, NULL);
    VitrineOrder *order = g_ptr_array_index (orders, 0);

    g_assert_cmpstr (vitrine_order_get_id (order), ==, "12");
    g_assert_null (vitrine_order_get_total (order));  /* a number is no price */
    g_assert_null (vitrine_order_get_customer (order));
    g_assert_cmpuint (vitrine_order_get_n_line_items (order), ==, 0);
  }
}

/* The webhook sample of §5.1, byte for byte. */
static const char webhook_body[] =
  "{\n"
  "  \"id\": 6021548310587,\n"
  "  \"admin_graphql_api_id\": \"gid://shopify/Order/6021548310587\",\n"
  "  \"name\": \"#1042\",\n"
  "  \"order_number\": 1042,\n"
  "  \"email\": \"ana.p@example.com\",\n"
  "  \"created_at\": \"2026-11-21T14:05:31-05:00\",\n"
  "  \"updated_at\": \"2026-11-21T14:05:33-05:00\",\n"
  "  \"currency\": \"USD\",\n"
  "  \"presentment_currency\": \"USD\",\n"
  "  \"financial_status\": \"paid\",\n"
  "  \"fulfillment_status\": null,\n"
  "  \"source_name\": \"web\",\n"
  "  \"tags\": \"live-2026-11-21\",\n"
  "  \"note_attributes\": [{ \"name\": \"live_session\", \"value\": \"yt:KicKGFVD…\" }],\n"
  "  \"subtotal_price\": \"58.00\",\n"
  "  \"total_tax\": \"4.64\",\n"
  "  \"total_price\": \"62.64\",\n"
  "  \"total_price_set\": {\n"
  "    \"shop_money\": { \"amount\": \"62.64\", \"currency_code\": \"USD\" },\n"
  "    \"presentment_money\": { \"amount\": \"62.64\", \"currency_code\": \"USD\" }\n"
  "  },\n"
  "  \"line_items\": [\n"
  "    { \"id\": 14877216325691, "
  "\"admin_graphql_api_id\": \"gid://shopify/LineItem/14877216325691\",\n"
  "      \"product_id\": 8812345678901, \"variant_id\": 45123456789012, "
  "\"title\": \"Wool scarf\",\n"
  "      \"variant_title\": \"Blue / M\", \"sku\": \"SCARF-BLU-M\", \"quantity\": 2, "
  "\"price\": \"29.00\",\n"
  "      \"price_set\": { \"shop_money\": { \"amount\": \"29.00\", \"currency_code\": \"USD\" },\n"
  "                     \"presentment_money\": { \"amount\": \"29.00\", "
  "\"currency_code\": \"USD\" } },\n"
  "      \"total_discount\": \"0.00\", \"properties\": [] }\n"
  "  ],\n"
  "  \"customer\": { \"id\": 7345123456789, \"first_name\": \"Ana\", \"last_name\": \"P.\" }\n"
  "}";

/* base64 (HMAC-SHA256 (WEBHOOK_SECRET, webhook_body)), computed with
 * `openssl dgst -sha256 -hmac … -binary | base64`. */
#define WEBHOOK_HMAC "255JjBbn+Qnjrzw0k9oaJP2iebP1DoCZAWe81E6Eyks="

static void
test_webhook_verify (void)
{
  g_autoptr(GBytes) body = g_bytes_new_static (webhook_body, strlen (webhook_body));
  g_autoptr(GBytes) hello = g_bytes_new_static ("hello", 5);
  g_autoptr(GBytes) empty = g_bytes_new_static ("", 0);
  g_autofree char *tampered_text = g_strdup (webhook_body);
  g_autoptr(GBytes) tampered = NULL;
  g_autofree char *hex = NULL;
  char *price;

  g_assert_cmpuint (strlen (webhook_body), ==, 1337);
  g_assert_true (vitrine_shopify_webhook_verify (body, WEBHOOK_HMAC, WEBHOOK_SECRET));
  /* As a header value may come, with spaces around. */
  g_assert_true (vitrine_shopify_webhook_verify (body, " " WEBHOOK_HMAC "\r\n", WEBHOOK_SECRET));
  g_assert_true (vitrine_shopify_webhook_verify (hello,
                                                 "SOaelxM7Mb5fDKsQ7QKWF6U5ZryoJlE8N27aEtkevas=",
                                                 WEBHOOK_SECRET));

  /* A tampered body: one digit of the total. */
  price = strstr (tampered_text, "\"62.64\"");
  price[5] = '5';
  tampered = g_bytes_new_static (tampered_text, strlen (tampered_text));
  g_assert_false (vitrine_shopify_webhook_verify (tampered, WEBHOOK_HMAC, WEBHOOK_SECRET));
  g_assert_false (vitrine_shopify_webhook_verify (empty, WEBHOOK_HMAC, WEBHOOK_SECRET));

  /* A wrong secret (also the old one after a rotation, or none). */
  g_assert_false (vitrine_shopify_webhook_verify (body, WEBHOOK_HMAC, "shpss_old"));
  g_assert_false (vitrine_shopify_webhook_verify (body, WEBHOOK_HMAC, ""));
  g_assert_false (vitrine_shopify_webhook_verify (body, WEBHOOK_HMAC, NULL));

  /* Garbage headers. */
  hex = g_compute_hmac_for_string (G_CHECKSUM_SHA256, (const guchar *) WEBHOOK_SECRET,
                                   strlen (WEBHOOK_SECRET), webhook_body, -1);
  g_assert_false (vitrine_shopify_webhook_verify (body, hex, WEBHOOK_SECRET));
  g_assert_false (vitrine_shopify_webhook_verify (body, NULL, WEBHOOK_SECRET));
  g_assert_false (vitrine_shopify_webhook_verify (body, "", WEBHOOK_SECRET));
  g_assert_false (vitrine_shopify_webhook_verify (body, "not base64 at all!!", WEBHOOK_SECRET));
  g_assert_false (vitrine_shopify_webhook_verify (body,
                                                  "255JjBbn+Qnjrzw0k9oaJP2iebP1DoCZAWe81E6Eyks",
                                                  WEBHOOK_SECRET));
  g_assert_false (vitrine_shopify_webhook_verify (body,
                                                  "355JjBbn+Qnjrzw0k9oaJP2iebP1DoCZAWe81E6Eyks=",
                                                  WEBHOOK_SECRET));
  g_assert_false (vitrine_shopify_webhook_verify (body,
                                                  "SOaelxM7Mb5fDKsQ7QKWF6U5ZryoJlE8N27aEtkevas=",
                                                  WEBHOOK_SECRET));
  g_assert_false (vitrine_shopify_webhook_verify (body, "\xff\xfe\x80", WEBHOOK_SECRET));
}

static void
test_webhook_order (void)
{
  g_autoptr(GBytes) body = g_bytes_new_static (webhook_body, strlen (webhook_body));
  g_autoptr(VitrineOrder) order = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *created = NULL;
  const VitrineOrderLineItem *line;
  static const char big[] =
    "{\"id\":820982911946154508,\"name\":\"#9999\",\"updated_at\":\"2026-11-21T14:05:33-05:00\","
    "\"total_price\":\"1.00\",\"currency\":\"USD\",\"line_items\":[{\"quantity\":1,"
    "\"product_id\":9007199254740993,\"variant_id\":9007199254740995,\"price\":\"1.00\","
    "\"name\":\"Mug - Red\"}]}";

  order = vitrine_shopify_order_from_webhook (body, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (vitrine_order_get_id (order), ==, "gid://shopify/Order/6021548310587");
  g_assert_cmpstr (vitrine_order_get_name (order), ==, "#1042");
  g_assert_cmpstr (vitrine_order_get_customer (order), ==, "Ana P.");
  g_assert_cmpint (vitrine_order_get_status (order), ==, VITRINE_ORDER_STATUS_PAID);
  g_assert_cmpint (vitrine_order_get_total (order)->amount, ==, 6264);
  created = g_date_time_format_iso8601 (vitrine_order_get_created_at (order));
  g_assert_cmpstr (created, ==, "2026-11-21T19:05:31Z");
  g_assert_cmpuint (vitrine_order_get_n_line_items (order), ==, 1);
  line = vitrine_order_get_line_item (order, 0);
  g_assert_cmpstr (line->sku, ==, "SCARF-BLU-M");
  g_assert_cmpstr (line->title, ==, "Wool scarf");
  g_assert_cmpint (line->quantity, ==, 2);
  g_assert_cmpstr (line->product_id, ==, "gid://shopify/Product/8812345678901");
  g_assert_cmpstr (line->variant_id, ==, "gid://shopify/ProductVariant/45123456789012");
  g_assert_cmpint (line->unit_price.amount, ==, 2900);
  g_clear_object (&order);

  /* Shopify's own sample id, which JS copies print as 820982911946154500. */
  {
    g_autoptr(GBytes) big_body = g_bytes_new_static (big, strlen (big));

    order = vitrine_shopify_order_from_webhook (big_body, &error);
    g_assert_no_error (error);
    g_assert_cmpstr (vitrine_order_get_id (order), ==, "gid://shopify/Order/820982911946154508");
    line = vitrine_order_get_line_item (order, 0);
    g_assert_cmpstr (line->product_id, ==, "gid://shopify/Product/9007199254740993");
    g_assert_cmpstr (line->variant_id, ==, "gid://shopify/ProductVariant/9007199254740995");
    g_assert_cmpstr (line->title, ==, "Mug - Red");
    g_clear_object (&order);
  }

  {
    g_autoptr(GBytes) bad = g_bytes_new_static ("{\"id\": 1.5}", 11);

    order = vitrine_shopify_order_from_webhook (bad, &error);
    g_assert_null (order);
    g_assert_error (error, VITRINE_FEED_ERROR, VITRINE_FEED_ERROR_PROTOCOL);
  }
}

/* WooCommerce */

static void
test_woo_pages (void)
{
  g_autoptr(Shop) shop = shop_new (TRUE);
  g_autoptr(VitrineWooCommerceOrders) source = NULL;
  Watch watch = { 0 };
  FakeOrder *order;
  const VitrineOrderLineItem *line;

  order = shop_add (shop, 4812, 30, 32, "4812", "processing", "Jörg", "Müller", "62.90");
  order_line (order, "SCARF-BLU-M", 2, 301, 305, "Wollschal - Blau, M", "48.74");
  order->lines[0].woo_price = "24.37";
  order_line (order, "MUG", 3, 302, 0, "Becher", "10.00");
  order->lines[1].woo_price = "3.33";
  shop_add (shop, 4813, 31, 33, "4813", "on-hold", "Anke", "Özdemir", "5.00");
  /* Awaiting payment: no order in the feed yet. */
  shop_add (shop, 4814, 33, 34, "4814", "pending", "Li", "Wu", "7.00");
  shop_add (shop, 4815, 34, 35, "4815", "completed", NULL, NULL, "8.00");
  shop_add (shop, 4816, 35, 36, "WC-4816", "refunded", "Ola", "Berg", "9.00");

  source = new_woo (shop);
  vitrine_woocommerce_orders_set_page_size (source, 2);
  watch_init (&watch, VITRINE_FEED_SOURCE (source));

  vitrine_feed_source_start (VITRINE_FEED_SOURCE (source));
  WAIT_FOR (watch.orders->len == 5 && shop->requests->len >= 4, 5000);

  /* What the shop was asked. */
  for (guint i = 0; i < 3; i++)
    {
      Request *request = shop_request (shop, i);
      g_autofree char *query = g_strdup_printf ("modified_after=2026-11-21T18:59:59"
                                                "&dates_are_gmt=true&orderby=modified&order=asc"
                                                "&per_page=2&page=%u", i + 1);
      g_autofree char *pair = g_strconcat (WOO_KEY, ":", WOO_SECRET, NULL);
      g_autofree char *encoded = g_base64_encode ((guchar *) pair, strlen (pair));
      g_autofree char *basic = g_strconcat ("Basic ", encoded, NULL);

      g_assert_cmpstr (request->method, ==, "GET");
      g_assert_cmpstr (request->path, ==, "/wp-json/wc/v3/orders");
      g_assert_cmpstr (request->query, ==, query);
      g_assert_cmpstr (request->authorization, ==, basic);
    }
  /* The second round asks from the newest second again (overlap 60 s, but
   * never before the start). */
  g_assert_cmpstr (shop_request (shop, 3)->query, ==,
                   "modified_after=2026-11-21T18:59:59&dates_are_gmt=true&orderby=modified"
                   "&order=asc&per_page=2&page=1");

  g_assert_cmpuint (n_items (&watch), ==, 3);
  assert_item (&watch, 0, "woocommerce", "4812", "Jörg M.", "2 × Wollschal - Blau, M, 3 × Becher",
               "Order #4812", 6290, "EUR");
  assert_item (&watch, 1, "woocommerce", "4813", "Anke Ö.", "", "Order #4813", 500, "EUR");
  assert_item (&watch, 2, "woocommerce", "4815", "A customer", "", "Order #4815", 800, "EUR");

  /* Unit prices: 48.74 for 2 is exact; 10.00 for 3 is not, so `price`
   * (the JSON number 3.33) as the shop wrote it. */
  line = vitrine_order_get_line_item (watch_order (&watch, 0), 0);
  g_assert_cmpint (line->unit_price.amount, ==, 2437);
  g_assert_cmpstr (line->product_id, ==, "gid://woocommerce/Product/301");
  g_assert_cmpstr (line->variant_id, ==, "gid://woocommerce/ProductVariation/305");
  line = vitrine_order_get_line_item (watch_order (&watch, 0), 1);
  g_assert_cmpint (line->unit_price.amount, ==, 333);
  g_assert_null (line->variant_id);
  g_assert_cmpint (vitrine_order_get_status (watch_order (&watch, 2)), ==,
                   VITRINE_ORDER_STATUS_AWAITING_PAYMENT);
  g_assert_cmpint (vitrine_order_get_status (watch_order (&watch, 4)), ==,
                   VITRINE_ORDER_STATUS_REFUNDED);

  /* The pending order is paid: now it is an order for the host. */
  order = shop_find (shop, 4814);
  g_free (order->status);
  order->status = g_strdup ("processing");
  order->updated = t0 + 40;
  WAIT_FOR (watch.orders->len == 6, 5000);
  g_assert_cmpuint (n_items (&watch), ==, 4);
  assert_item (&watch, 3, "woocommerce", "4814", "Li W.", "", "Order #4814", 700, "EUR");

  watch_clear (&watch);
}

/* An order created awaiting payment and paid long after (a redirect to a
 * payment page): shown when paid, also when its first version is far below
 * the cursor's floor by then, and across a restart. */
static void
test_woo_late_payment (void)
{
  g_autoptr(Shop) shop = shop_new (TRUE);
  g_autoptr(VitrineWooCommerceOrders) first = NULL;
  g_autoptr(VitrineWooCommerceOrders) second = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *cursor = NULL;
  Watch one = { 0 };
  Watch two = { 0 };
  FakeOrder *order;

  shop_add (shop, 10, 1, 1, "10", "pending", "Pia", "Q", "5.00");
  shop_add (shop, 11, 5, 5, "11", "processing", "Rob", "S", "6.00");

  first = new_woo (shop);
  vitrine_woocommerce_orders_set_overlap (first, 0);
  watch_init (&one, VITRINE_FEED_SOURCE (first));
  vitrine_feed_source_start (VITRINE_FEED_SOURCE (first));
  WAIT_FOR (one.orders->len == 2 && shop->requests->len >= 3, 5000);
  /* The floor is at order 11 (19:00:05); order 10 is not shown yet. */
  g_assert_cmpstr (shop_request (shop, 2)->query, ==,
                   "modified_after=2026-11-21T19:00:04&dates_are_gmt=true&orderby=modified"
                   "&order=asc&per_page=50&page=1");
  g_assert_cmpuint (n_items (&one), ==, 1);

  /* Paid 25 s later, while the first connector runs. */
  order = shop_find (shop, 10);
  g_free (order->status);
  order->status = g_strdup ("processing");
  order->updated = t0 + 30;
  WAIT_FOR (one.orders->len == 3, 5000);
  g_assert_cmpuint (n_items (&one), ==, 2);
  assert_item (&one, 1, "woocommerce", "10", "Pia Q.", "", "Order #10", 500, "EUR");

  /* The same across a restart: a third order waits for payment when the
   * cursor is saved, and is paid while Vitrine is down. */
  shop_add (shop, 12, 31, 31, "12", "pending", "Sam", "T", "7.00");
  shop_add (shop, 13, 35, 35, "13", "processing", "Tia", "U", "8.00");
  WAIT_FOR (one.orders->len == 5, 5000);
  vitrine_feed_source_stop (VITRINE_FEED_SOURCE (first));
  cursor = vitrine_woocommerce_orders_get_cursor (first);
  g_assert_cmpuint (n_items (&one), ==, 3);
  order = shop_find (shop, 12);
  g_free (order->status);
  order->status = g_strdup ("completed");
  order->updated = t0 + 90;

  second = vitrine_woocommerce_orders_new ("woo-orders", shop->base_url, "woo-test");
  vitrine_woocommerce_orders_set_interval (second, 40);
  vitrine_woocommerce_orders_set_overlap (second, 0);
  g_assert_true (vitrine_woocommerce_orders_set_cursor (second, cursor, &error));
  g_assert_no_error (error);
  watch_init (&two, VITRINE_FEED_SOURCE (second));
  vitrine_feed_source_start (VITRINE_FEED_SOURCE (second));
  WAIT_FOR (two.orders->len == 1, 5000);
  iterate_for (200);
  g_assert_cmpuint (two.orders->len, ==, 1);
  g_assert_cmpuint (n_items (&two), ==, 1);
  assert_item (&two, 0, "woocommerce", "12", "Sam T.", "", "Order #12", 700, "EUR");

  watch_clear (&one);
  watch_clear (&two);
}

static void
test_woo_big_ids (void)
{
  g_autoptr(Shop) shop = shop_new (TRUE);
  g_autoptr(VitrineWooCommerceOrders) source = NULL;
  g_autoptr(VitrineProduct) low = vitrine_product_new ("gid://woocommerce/Product/9007199254740992",
                                                       "A1", NULL);
  g_autoptr(VitrineProduct) high =
    vitrine_product_new ("gid://woocommerce/Product/9007199254740993", "A2", NULL);
  Watch watch = { 0 };
  FakeOrder *order;

  order = shop_add (shop, G_GINT64_CONSTANT (9007199254740993), 1, 2, "9007199254740993",
                    "processing", "Ana", "P.", "1.00");
  order_line (order, NULL, 2, G_GINT64_CONSTANT (9007199254740993), 0, "Mug", "2.00");

  source = new_woo (shop);
  watch_init (&watch, VITRINE_FEED_SOURCE (source));
  watch.catalog = vitrine_catalog_new ();
  vitrine_product_set_stock (low, 5);
  vitrine_product_set_stock (high, 5);
  g_assert_true (vitrine_catalog_add (watch.catalog, low, NULL));
  g_assert_true (vitrine_catalog_add (watch.catalog, high, NULL));

  vitrine_feed_source_start (VITRINE_FEED_SOURCE (source));
  WAIT_FOR (watch.orders->len == 1, 5000);
  g_assert_cmpstr (vitrine_order_get_id (watch_order (&watch, 0)), ==, "9007199254740993");
  assert_item (&watch, 0, "woocommerce", "9007199254740993", "Ana P.", "2 × Mug",
               "Order #9007199254740993", 100, "EUR");
  g_assert_cmpint (vitrine_product_get_stock (high), ==, 3);
  g_assert_cmpint (vitrine_product_get_stock (low), ==, 5);

  watch_clear (&watch);
}

static gboolean
shift_override (Shop              *shop,
                SoupServerMessage *msg,
                Request           *request,
                guint              index)
{
  /* Between page 1 and page 2 of the first round, the first order changes:
   * it moves to the end, and everything shifts up one place. */
  if (index == 1)
    {
      FakeOrder *order = shop_find (shop, 1);

      order->updated = t0 + 100;
    }
  return FALSE;
}

static void
test_woo_shift (void)
{
  g_autoptr(Shop) shop = shop_new (TRUE);
  g_autoptr(VitrineWooCommerceOrders) source = NULL;
  Watch watch = { 0 };

  for (guint i = 1; i <= 5; i++)
    {
      g_autofree char *number = g_strdup_printf ("%u", i);

      shop_add (shop, i, i, 10 + i, number, "processing", "Ana", "P.", "1.00");
    }
  shop->override = shift_override;
  source = new_woo (shop);
  vitrine_woocommerce_orders_set_page_size (source, 2);
  /* No overlap: the next round asks only from order 1's new time, so order
   * 3 is found in this round or never. */
  vitrine_woocommerce_orders_set_overlap (source, 0);
  watch_init (&watch, VITRINE_FEED_SOURCE (source));

  vitrine_feed_source_start (VITRINE_FEED_SOURCE (source));
  WAIT_FOR (watch.orders->len >= 6, 5000);
  iterate_for (200);

  /* Order 3 was on page 2 when the round began and on page 1 after the
   * shift: read anyway, when the round read the list again. Order 1 twice
   * (two versions), nothing else twice. */
  g_assert_cmpuint (watch.orders->len, ==, 6);
  g_assert_cmpuint (n_items (&watch), ==, 5);
  for (guint i = 0; i < 5; i++)
    {
      static const char *ids[] = { "1", "2", "4", "5", "3" };
      g_autoptr(VitrineFeedItem) item = g_list_model_get_item (G_LIST_MODEL (watch.feed), i);

      g_assert_cmpstr (vitrine_feed_item_get_id (item), ==, ids[i]);
    }
  /* Pages 1, 2, 3, then the same round again from page 1, from the same
   * time; only then from order 1's new time. */
  g_assert_cmpstr (shop_request (shop, 3)->query, ==, shop_request (shop, 0)->query);
  g_assert_true (g_str_has_prefix (shop_request (shop, 6)->query,
                                   "modified_after=2026-11-21T19:01:39&"));
  g_assert_nonnull (strstr (captured_log->str, "the list moved while it was read"));
  g_assert_cmpint (vitrine_order_get_status (watch_order (&watch, 4)), ==,
                   VITRINE_ORDER_STATUS_PAID);

  watch_clear (&watch);
}

static void
test_woo_unauthorized (void)
{
  g_autoptr(Shop) shop = shop_new (TRUE);
  g_autoptr(VitrineWooCommerceOrders) source = NULL;
  Watch watch = { 0 };

  source = vitrine_woocommerce_orders_new ("woo-orders", shop->base_url, "woo-wrong");
  watch_init (&watch, VITRINE_FEED_SOURCE (source));

  vitrine_feed_source_start (VITRINE_FEED_SOURCE (source));
  WAIT_FOR (vitrine_feed_source_get_state (VITRINE_FEED_SOURCE (source)) ==
            VITRINE_FEED_SOURCE_UNAUTHORIZED, 3000);
  g_assert_cmpstr (vitrine_feed_source_get_status (VITRINE_FEED_SOURCE (source)), ==,
                   "127.0.0.1 refused the consumer key (HTTP 401): Sorry, you cannot list "
                   "resources.");
  iterate_for (300);
  g_assert_cmpuint (shop->requests->len, ==, 1);
  watch_clear (&watch);
}

static gboolean
strip_auth_override (Shop              *shop,
                     SoupServerMessage *msg,
                     Request           *request,
                     guint              index)
{
  /* The server drops the Authorization header on its way to PHP. */
  if (strstr (request->query, "consumer_key=") == NULL)
    {
      respond_text (msg, 401, "{\"code\":\"woocommerce_rest_authentication_error\",\"message\":"
                              "\"Consumer key is missing.\",\"data\":{\"status\":401}}");
      return TRUE;
    }
  return FALSE;
}

static void
test_woo_query_auth (void)
{
  g_autoptr(Shop) shop = shop_new (TRUE);
  g_autoptr(VitrineWooCommerceOrders) source = NULL;
  Watch watch = { 0 };

  shop_add (shop, 1, 1, 2, "1", "processing", "Ana", "P.", "1.00");
  shop->override = strip_auth_override;
  source = new_woo (shop);
  watch_init (&watch, VITRINE_FEED_SOURCE (source));

  vitrine_feed_source_start (VITRINE_FEED_SOURCE (source));
  WAIT_FOR (watch.orders->len == 1, 5000);
  g_assert_nonnull (strstr (shop_request (shop, 1)->query, "consumer_key=" WOO_KEY));
  g_assert_null (shop_request (shop, 1)->authorization);
  g_assert_null (strstr (captured_log->str, WOO_SECRET));
  watch_clear (&watch);
}

static void
test_logs (void)
{
  /* Whatever ran before: no credential in any log line. */
  assert_no_secret (captured_log->str);
  g_assert_null (strstr (captured_log->str, "Basic "));
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GDateTime) start = g_date_time_new_utc (2026, 11, 21, 19, 0, 0);

  g_test_init (&argc, &argv, NULL);
  t0 = g_date_time_to_unix (start);

  captured_log = g_string_new (NULL);
  g_log_set_writer_func (capture_writer, NULL, NULL);
  g_setenv ("G_MESSAGES_DEBUG", "all", TRUE);
  g_setenv ("VITRINE_KEY_SHOPIFY_TEST", SHOPIFY_TOKEN, TRUE);
  g_setenv ("VITRINE_KEY_SHOPIFY_WRONG", "shpat_not_this_one", TRUE);
  g_setenv ("VITRINE_KEY_WOO_TEST", WOO_KEY ":" WOO_SECRET, TRUE);
  g_setenv ("VITRINE_KEY_WOO_WRONG", "ck_wrong:cs_wrong", TRUE);

  g_test_add_func ("/orders/shopify/pages", test_shopify_pages);
  g_test_add_func ("/orders/shopify/budget", test_shopify_budget);
  g_test_add_func ("/orders/shopify/throttled", test_shopify_throttled);
  g_test_add_func ("/orders/shopify/throttled-bounded", test_shopify_throttled_bounded);
  g_test_add_func ("/orders/shopify/big-ids", test_shopify_big_ids);
  g_test_add_data_func ("/orders/shopify/restart", GINT_TO_POINTER (0), test_restart);
  g_test_add_data_func ("/orders/shopify/restart-overlap", GINT_TO_POINTER (2), test_restart);
  g_test_add_data_func ("/orders/shopify/stock", GINT_TO_POINTER (FALSE), test_stock);
  g_test_add_func ("/orders/shopify/unauthorized", test_shopify_unauthorized);
  g_test_add_func ("/orders/shopify/no-key", test_shopify_no_key);
  g_test_add_func ("/orders/shopify/hostile", test_shopify_hostile);
  g_test_add_func ("/orders/shopify/webhook-verify", test_webhook_verify);
  g_test_add_func ("/orders/shopify/webhook-order", test_webhook_order);
  g_test_add_func ("/orders/parse/hostile", test_parse_hostile);
  g_test_add_func ("/orders/woocommerce/pages", test_woo_pages);
  g_test_add_func ("/orders/woocommerce/late-payment", test_woo_late_payment);
  g_test_add_func ("/orders/woocommerce/big-ids", test_woo_big_ids);
  g_test_add_data_func ("/orders/woocommerce/restart", GINT_TO_POINTER (1), test_restart);
  g_test_add_data_func ("/orders/woocommerce/restart-overlap", GINT_TO_POINTER (3), test_restart);
  g_test_add_data_func ("/orders/woocommerce/stock", GINT_TO_POINTER (TRUE), test_stock);
  g_test_add_func ("/orders/woocommerce/shift", test_woo_shift);
  g_test_add_func ("/orders/woocommerce/unauthorized", test_woo_unauthorized);
  g_test_add_func ("/orders/woocommerce/query-auth", test_woo_query_auth);
  g_test_add_func ("/orders/logs/no-credentials", test_logs);

  return g_test_run ();
}
