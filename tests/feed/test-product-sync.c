/* test-product-sync.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Shopify (Admin GraphQL) and WooCommerce (REST v3) product syncs against a
 * local SoupServer that answers in the documented wire shapes
 * (../shared/reference/platform-apis.md §5.2, §5.3): cursor and page-number
 * paging, the query budget, THROTTLED, 401, 5xx, malformed JSON and members of
 * the wrong type. What is asserted is what the host would see: the catalog's
 * products, the problems, the errors, what the shop received, and that no
 * credential ever reaches a log line.
 */

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>
#include <string.h>

#include "vitrine-product-sync.h"
#include "vitrine-shopify-products.h"
#include "vitrine-woocommerce-products.h"

#define SHOPIFY_TOKEN "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"
#define WOO_KEY "ck_5e1f0a9b8c7d6e5f4a3b2c1d0e9f8a7b6c5d4e3f"
#define WOO_SECRET "cs_0a1b2c3d4e5f60718293a4b5c6d7e8f901234567"

/* Everything logged, by anyone, while the tests run. */
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

      if (g_strcmp0 (fields[i].key, "MESSAGE") != 0 &&
          g_strcmp0 (fields[i].key, "GLIB_DOMAIN") != 0)
        continue;
      if (length < 0)
        length = strlen (fields[i].value);
      g_string_append_len (captured_log, fields[i].value, length);
      g_string_append_c (captured_log, ' ');
    }
  g_string_append_c (captured_log, '\n');

  /* Debug output stays captured; anything louder goes out as usual (and a
   * warning still fails the test under G_DEBUG=fatal-warnings). */
  if (log_level & G_LOG_LEVEL_DEBUG || log_level & G_LOG_LEVEL_INFO)
    return G_LOG_WRITER_HANDLED;
  return g_log_writer_default (log_level, fields, n_fields, user_data);
}

static void
assert_no_secret (const char *text)
{
  g_autofree char *pair = g_strconcat (WOO_KEY, ":", WOO_SECRET, NULL);
  g_autofree char *basic = g_base64_encode ((const guchar *) pair, strlen (pair));

  if (text == NULL)
    return;
  g_assert_null (strstr (text, SHOPIFY_TOKEN));
  g_assert_null (strstr (text, WOO_KEY));
  g_assert_null (strstr (text, WOO_SECRET));
  g_assert_null (strstr (text, basic));
}

/* The fake shop */

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
typedef void (*Respond) (Shop              *shop,
                         SoupServerMessage *msg,
                         Request           *request);

struct _Shop
{
  SoupServer *server;
  char       *base_url;
  GPtrArray  *requests;
  Respond     respond;
  guint       round;
  gboolean    flag;
};

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

  shop->respond (shop, msg, request);
}

static Shop *
shop_new (Respond respond)
{
  Shop *shop = g_new0 (Shop, 1);
  g_autoptr(GError) error = NULL;
  GSList *uris;

  shop->server = soup_server_new (NULL, NULL);
  shop->requests = g_ptr_array_new_with_free_func ((GDestroyNotify) request_free);
  shop->respond = respond;
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
  /* Let the server see the client's connections close first. */
  while (g_main_context_iteration (NULL, FALSE))
    ;
  soup_server_disconnect (shop->server);
  g_object_unref (shop->server);
  g_ptr_array_unref (shop->requests);
  g_free (shop->base_url);
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

static char *
data_path (const char *name)
{
  return g_test_build_filename (G_TEST_DIST, "feed", "data", name, NULL);
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
respond_file (SoupServerMessage *msg,
              const char        *name)
{
  g_autofree char *path = data_path (name);
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;

  g_file_get_contents (path, &contents, NULL, &error);
  g_assert_no_error (error);
  respond_text (msg, SOUP_STATUS_OK, contents);
}

static void
set_pages (SoupServerMessage *msg,
           Shop              *shop,
           const char        *path,
           guint              page,
           guint              total,
           guint              total_pages)
{
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);
  g_autofree char *total_text = g_strdup_printf ("%u", total);
  g_autofree char *pages_text = g_strdup_printf ("%u", total_pages);
  g_autoptr(GString) link = g_string_new (NULL);

  soup_message_headers_replace (headers, "X-WP-Total", total_text);
  soup_message_headers_replace (headers, "X-WP-TotalPages", pages_text);
  if (page < total_pages)
    g_string_append_printf (link, "<%s%s?page=%u>; rel=\"next\", ", shop->base_url, path,
                            page + 1);
  g_string_append_printf (link, "<%s%s?page=%u>; rel=\"last\"", shop->base_url, path,
                          total_pages);
  soup_message_headers_replace (headers, "Link", link->str);
}

static guint
query_page (Request *request)
{
  g_autoptr(GHashTable) params = NULL;
  const char *page;

  g_assert_nonnull (request->query);
  params = g_uri_parse_params (request->query, -1, "&", G_URI_PARAMS_NONE, NULL);
  g_assert_nonnull (params);
  g_assert_cmpstr (g_hash_table_lookup (params, "per_page"), ==, "100");
  page = g_hash_table_lookup (params, "page");
  g_assert_nonnull (page);
  return (guint) g_ascii_strtoull (page, NULL, 10);
}

/* Running the async API */

static void
done_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

static VitrineProductSync *
fetch_shopify (const VitrineProductSyncOptions  *options,
               GError                          **error)
{
  g_autoptr(GAsyncResult) result = NULL;
  VitrineProductSync *sync;

  vitrine_shopify_products_fetch_async (options, NULL, done_cb, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  sync = vitrine_shopify_products_fetch_finish (result, error);
  if (error != NULL && *error != NULL)
    assert_no_secret ((*error)->message);
  return sync;
}

static VitrineProductSync *
fetch_woocommerce (const VitrineProductSyncOptions  *options,
                   GError                          **error)
{
  g_autoptr(GAsyncResult) result = NULL;
  VitrineProductSync *sync;

  vitrine_woocommerce_products_fetch_async (options, NULL, done_cb, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  sync = vitrine_woocommerce_products_fetch_finish (result, error);
  if (error != NULL && *error != NULL)
    assert_no_secret ((*error)->message);
  return sync;
}

/* Assertions */

static void
assert_money (const VitrineMoney *money,
              gint64              amount,
              const char         *currency)
{
  g_assert_cmpint (money->amount, ==, amount);
  if (amount != 0)
    g_assert_cmpstr (money->currency, ==, currency);
}

static void
assert_strv (const char * const *strv,
             const char         *first,
             ...)
{
  va_list args;
  const char *expected = first;
  guint i = 0;

  va_start (args, first);
  for (; expected != NULL; expected = va_arg (args, const char *), i++)
    {
      g_assert_nonnull (strv);
      g_assert_cmpstr (strv[i], ==, expected);
    }
  va_end (args);
  g_assert_true (strv == NULL || strv[i] == NULL);
}

static void
assert_problem (VitrineProductSync            *sync,
                guint                          position,
                VitrineCatalogProblemSeverity  severity,
                int                            index,
                const char                    *field,
                const char                    *fragment)
{
  const VitrineCatalogProblem *problem = vitrine_product_sync_get_problem (sync, position);
  g_autofree char *sentence = vitrine_catalog_problem_to_string (problem);

  g_test_message ("problem %u: %s", position, sentence);
  g_assert_cmpint (problem->severity, ==, severity);
  g_assert_cmpint (problem->index, ==, index);
  g_assert_cmpstr (problem->field, ==, field);
  g_assert_nonnull (strstr (problem->message, fragment));
}

static void
assert_no_secret_in_sync (VitrineProductSync *sync)
{
  for (guint i = 0; i < vitrine_product_sync_get_n_problems (sync); i++)
    assert_no_secret (vitrine_product_sync_get_problem (sync, i)->message);
}

static VitrineProduct *
product_at (GListModel *model,
            guint       position)
{
  g_autoptr(VitrineProduct) product = g_list_model_get_item (model, position);

  g_assert_nonnull (product);
  /* The model keeps its own reference. */
  return product;
}

static VitrineProductVariant *
variant_at (VitrineProduct *product,
            guint           position)
{
  g_autoptr(VitrineProductVariant) variant =
    g_list_model_get_item (vitrine_product_get_variants (product), position);

  g_assert_nonnull (variant);
  return variant;
}

static void
count_notify_cb (GObject    *object,
                 GParamSpec *pspec,
                 guint      *count)
{
  (*count)++;
}

static gint64
gap_ms (Shop  *shop,
        guint  first)
{
  return (shop_request (shop, first + 1)->time - shop_request (shop, first)->time) / 1000;
}

/* Shopify */

static const char *
graphql_after (Request *request)
{
  static char after[256];
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonObject *root;
  JsonObject *variables;
  JsonNode *node;

  json_parser_load_from_data (parser, request->body, -1, &error);
  g_assert_no_error (error);
  root = json_node_get_object (json_parser_get_root (parser));
  g_assert_nonnull (strstr (json_object_get_string_member (root, "query"),
                            "products(first: $first, after: $after"));
  variables = json_object_get_object_member (root, "variables");
  g_assert_cmpint (json_object_get_int_member (variables, "first"), >, 0);
  node = json_object_get_member (variables, "after");
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return NULL;
  g_strlcpy (after, json_node_get_string (node), sizeof after);
  return after;
}

static void
check_shopify_request (Request *request)
{
  g_assert_cmpstr (request->method, ==, "POST");
  g_assert_cmpstr (request->path, ==, "/admin/api/" VITRINE_SHOPIFY_API_VERSION "/graphql.json");
  /* The token travels in its own header, and only there. */
  g_assert_cmpstr (request->token, ==, SHOPIFY_TOKEN);
  g_assert_null (request->authorization);
  g_assert_null (request->query);
  g_assert_null (strstr (request->body, SHOPIFY_TOKEN));
}

static void
respond_shopify_catalog (Shop              *shop,
                         SoupServerMessage *msg,
                         Request           *request)
{
  const char *after;

  check_shopify_request (request);
  after = graphql_after (request);

  if (after == NULL)
    respond_file (msg, "shopify-products-1.json");
  else if (g_str_equal (after, "eyJsYXN0X2lkIjo4ODEyMzQ1Njc4OTAxfQ==") && !shop->flag)
    {
      /* HTTP 200 with a THROTTLED error, as Shopify does. */
      shop->flag = TRUE;
      respond_file (msg, "shopify-throttled.json");
    }
  else if (g_str_equal (after, "eyJsYXN0X2lkIjo4ODEyMzQ1Njc4OTAxfQ=="))
    respond_file (msg, "shopify-products-2.json");
  else
    g_assert_not_reached ();
}

static VitrineProduct *
old_beanie (void)
{
  g_autoptr(VitrineProduct) product = NULL;
  g_autoptr(VitrineProductVariant) blue = NULL;
  g_autoptr(VitrineProductVariant) red = NULL;
  VitrineMoney price;

  /* What an earlier sync left: the same id and variants, older values, and
   * the code the host has been announcing. */
  product = vitrine_product_new ("gid://shopify/Product/8812345678901", "B7", NULL);
  vitrine_product_set_title (product, "Old beanie");
  vitrine_money_init (&price, 2600, "EUR");
  vitrine_product_set_price (product, &price);
  blue = vitrine_product_variant_new ("gid://shopify/ProductVariant/45123456789012",
                                      "BEANIE-BLU-M");
  vitrine_product_variant_set_price (blue, &price);
  vitrine_product_variant_set_stock (blue, 9);
  red = vitrine_product_variant_new ("gid://shopify/ProductVariant/45123456789013",
                                     "BEANIE-RED-M");
  vitrine_product_variant_set_price (red, &price);
  vitrine_product_variant_set_stock (red, 1);
  vitrine_product_add_variant (product, blue);
  vitrine_product_add_variant (product, red);
  return g_steal_pointer (&product);
}

static void
test_shopify_catalog (void)
{
  g_autoptr(Shop) shop = shop_new (respond_shopify_catalog);
  g_autoptr(VitrineCatalog) catalog = vitrine_catalog_new ();
  g_autoptr(VitrineProduct) manual = vitrine_product_new ("manual-1", "A1", NULL);
  g_autoptr(VitrineProduct) beanie = old_beanie ();
  g_autoptr(VitrineProductSync) sync = NULL;
  g_autoptr(GListModel) gone = NULL;
  g_autoptr(GError) error = NULL;
  VitrineProductSyncOptions options = { 0 };
  VitrineProduct *product;
  VitrineProductVariant *variant;
  GListModel *products;
  VitrineMoney price;
  guint price_notifies = 0;
  guint stock_notifies = 0;
  guint title_notifies = 0;

  vitrine_money_init (&price, 100, "EUR");
  vitrine_product_set_price (manual, &price);
  g_assert_true (vitrine_catalog_add (catalog, manual, NULL));
  g_assert_true (vitrine_catalog_add (catalog, beanie, NULL));
  g_signal_connect (beanie, "notify::price", G_CALLBACK (count_notify_cb), &price_notifies);
  g_signal_connect (beanie, "notify::stock", G_CALLBACK (count_notify_cb), &stock_notifies);
  g_signal_connect (beanie, "notify::title", G_CALLBACK (count_notify_cb), &title_notifies);

  options.base_url = shop->base_url;
  options.catalog = catalog;
  sync = fetch_shopify (&options, &error);
  g_assert_no_error (error);
  g_assert_nonnull (sync);

  /* Page 1, page 2 refused for the budget, page 2 again. */
  g_assert_cmpuint (shop->requests->len, ==, 3);
  /* Page 1 left 60 points for a query of 100 at 100/s: 400 ms before
   * page 2. The THROTTLED answer had 50 of 100 at 200/s: 250 ms. */
  g_test_message ("waited %" G_GINT64_FORMAT " ms and %" G_GINT64_FORMAT " ms",
                  gap_ms (shop, 0), gap_ms (shop, 1));
  g_assert_cmpint (gap_ms (shop, 0), >=, 400);
  g_assert_cmpint (gap_ms (shop, 0), <, 2000);
  g_assert_cmpint (gap_ms (shop, 1), >=, 250);
  g_assert_cmpint (gap_ms (shop, 1), <, 2000);

  g_assert_true (vitrine_product_sync_is_complete (sync));
  g_assert_cmpstr (vitrine_product_sync_get_currency (sync), ==, "EUR");

  g_assert_cmpuint (vitrine_product_sync_get_n_problems (sync), ==, 4);
  assert_problem (sync, 0, VITRINE_CATALOG_PROBLEM_WARNING, 1,
                  "products[1].variants[1].inventoryQuantity", "oversold");
  assert_problem (sync, 1, VITRINE_CATALOG_PROBLEM_ERROR, 3, "products[3].title",
                  "is a whole number, not text");
  assert_problem (sync, 2, VITRINE_CATALOG_PROBLEM_ERROR, 4, "products[4].variants[0].price",
                  "with decimals");
  assert_problem (sync, 3, VITRINE_CATALOG_PROBLEM_ERROR, 4, "products[4].variants",
                  "none of the product’s variants");
  assert_no_secret_in_sync (sync);

  products = vitrine_product_sync_get_products (sync);
  g_assert_cmpuint (g_list_model_get_n_items (products), ==, 3);

  /* An id above 2^53, exact; one "Default Title" variant is no variant. */
  product = product_at (products, 0);
  g_assert_cmpstr (vitrine_product_get_id (product), ==, "gid://shopify/Product/9007199254740993");
  g_assert_cmpstr (vitrine_product_get_code (product), ==, "S1");
  g_assert_cmpstr (vitrine_product_get_sku (product), ==, "SCARF-01");
  g_assert_cmpstr (vitrine_product_get_title (product), ==, "Silk scarf");
  g_assert_cmpstr (vitrine_product_get_description (product), ==, "Hand-rolled edges.");
  g_assert_cmpstr (vitrine_product_get_image (product), ==,
                   "https://cdn.shopify.com/s/files/1/scarf.jpg");
  g_assert_cmpstr (vitrine_product_get_checkout_url (product), ==,
                   "https://shop.example.com/products/silk-scarf");
  assert_strv (vitrine_product_get_tags (product), "silk", NULL);
  assert_money (vitrine_product_get_price (product), 3990, "EUR");
  assert_money (vitrine_product_get_compare_at_price (product), 4990, "EUR");
  g_assert_cmpint (vitrine_product_get_stock (product), ==, 3);
  g_assert_cmpuint (g_list_model_get_n_items (vitrine_product_get_variants (product)), ==, 0);

  /* Keeps the catalog's code; not on the Online Store: the primary domain. */
  product = product_at (products, 1);
  g_assert_cmpstr (vitrine_product_get_id (product), ==, "gid://shopify/Product/8812345678901");
  g_assert_cmpstr (vitrine_product_get_code (product), ==, "B7");
  g_assert_null (vitrine_product_get_sku (product));
  g_assert_cmpstr (vitrine_product_get_title (product), ==, "Wool beanie");
  g_assert_null (vitrine_product_get_description (product));
  g_assert_null (vitrine_product_get_image (product));
  g_assert_cmpstr (vitrine_product_get_checkout_url (product), ==,
                   "https://shop.example.com/products/wool-beanie");
  assert_strv (vitrine_product_get_option_names (product), "Colour", "Size", NULL);
  assert_money (vitrine_product_get_price (product), 2250, "EUR");
  assert_money (vitrine_product_get_compare_at_price (product), 3000, "EUR");
  g_assert_cmpint (vitrine_product_get_stock (product), ==, 5);
  g_assert_cmpuint (g_list_model_get_n_items (vitrine_product_get_variants (product)), ==, 2);
  variant = variant_at (product, 0);
  g_assert_cmpstr (vitrine_product_variant_get_id (variant), ==,
                   "gid://shopify/ProductVariant/45123456789012");
  g_assert_cmpstr (vitrine_product_variant_get_sku (variant), ==, "BEANIE-BLU-M");
  g_assert_cmpstr (vitrine_product_variant_get_title (variant), ==, "Blue / M");
  assert_strv (vitrine_product_variant_get_options (variant), "Blue", "M", NULL);
  assert_money (vitrine_product_variant_get_price (variant), 2400, "EUR");
  assert_money (vitrine_product_variant_get_compare_at_price (variant), 0, NULL);
  g_assert_cmpint (vitrine_product_variant_get_stock (variant), ==, 5);
  variant = variant_at (product, 1);
  g_assert_cmpstr (vitrine_product_variant_get_sku (variant), ==, "BEANIE-RED-M");
  assert_strv (vitrine_product_variant_get_options (variant), "Red", "M", NULL);
  assert_money (vitrine_product_variant_get_price (variant), 2250, "EUR");
  assert_money (vitrine_product_variant_get_compare_at_price (variant), 3000, "EUR");
  g_assert_cmpint (vitrine_product_variant_get_stock (variant), ==, 0);

  /* A MoneyV2 price; sold at 0 (CONTINUE): not counted; A1 is taken. */
  product = product_at (products, 2);
  g_assert_cmpstr (vitrine_product_get_id (product), ==, "gid://shopify/Product/7001");
  g_assert_cmpstr (vitrine_product_get_code (product), ==, "A2");
  g_assert_cmpstr (vitrine_product_get_sku (product), ==, "TOTE-1");
  g_assert_cmpstr (vitrine_product_get_checkout_url (product), ==,
                   "https://shop.example.com/products/canvas-tote");
  assert_money (vitrine_product_get_price (product), 1999, "EUR");
  g_assert_cmpint (vitrine_product_get_stock (product), ==, -1);

  /* Applied: the beanie is the same object, updated, so a pinned card
   * follows; the others are added after it. */
  g_assert_true (vitrine_product_sync_apply (sync, catalog, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (catalog)), ==, 4);
  g_assert_true (product_at (G_LIST_MODEL (catalog), 0) == manual);
  g_assert_true (product_at (G_LIST_MODEL (catalog), 1) == beanie);
  g_assert_true (vitrine_catalog_find_by_id (catalog, "gid://shopify/Product/8812345678901") ==
                 beanie);
  g_assert_cmpstr (vitrine_product_get_code (product_at (G_LIST_MODEL (catalog), 2)), ==, "S1");
  g_assert_cmpstr (vitrine_product_get_code (product_at (G_LIST_MODEL (catalog), 3)), ==, "A2");
  g_assert_cmpstr (vitrine_product_get_title (beanie), ==, "Wool beanie");
  assert_money (vitrine_product_get_price (beanie), 2250, "EUR");
  assert_money (vitrine_product_get_compare_at_price (beanie), 3000, "EUR");
  g_assert_cmpint (vitrine_product_get_stock (beanie), ==, 5);
  g_assert_cmpint (vitrine_product_variant_get_stock (variant_at (beanie, 1)), ==, 0);
  g_assert_cmpuint (price_notifies, ==, 1);
  g_assert_cmpuint (title_notifies, ==, 1);
  g_assert_cmpuint (stock_notifies, >=, 1);
  g_assert_true (vitrine_catalog_find_by_code (catalog, "s1") != NULL);
  g_assert_true (vitrine_catalog_find_by_sku (catalog, "BEANIE-RED-M", NULL) == beanie);

  gone = vitrine_product_sync_list_gone (sync, catalog);
  g_assert_cmpuint (g_list_model_get_n_items (gone), ==, 0);
}

static void
respond_shopify_unauthorized (Shop              *shop,
                              SoupServerMessage *msg,
                              Request           *request)
{
  check_shopify_request (request);
  respond_text (msg, SOUP_STATUS_UNAUTHORIZED,
                "{\"errors\":\"[API] Invalid API key or access token (unrecognized login or "
                "wrong password)\"}");
}

static void
test_shopify_unauthorized (void)
{
  g_autoptr(Shop) shop = shop_new (respond_shopify_unauthorized);
  g_autoptr(VitrineProductSync) sync = NULL;
  g_autoptr(GError) error = NULL;
  VitrineProductSyncOptions options = { 0 };

  options.base_url = shop->base_url;
  sync = fetch_shopify (&options, &error);
  g_assert_error (error, VITRINE_FEED_ERROR, VITRINE_FEED_ERROR_KEY_REJECTED);
  g_assert_null (sync);
  g_assert_nonnull (strstr (error->message, "refused the access token"));
  /* A 401 is not retried. */
  g_assert_cmpuint (shop->requests->len, ==, 1);
}

static void
respond_shopify_unavailable (Shop              *shop,
                             SoupServerMessage *msg,
                             Request           *request)
{
  check_shopify_request (request);
  soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Retry-After",
                                "0");
  respond_text (msg, SOUP_STATUS_SERVICE_UNAVAILABLE, "{\"errors\":\"Service unavailable\"}");
}

static void
test_shopify_server_error (void)
{
  g_autoptr(Shop) shop = shop_new (respond_shopify_unavailable);
  g_autoptr(VitrineProductSync) sync = NULL;
  g_autoptr(GError) error = NULL;
  VitrineProductSyncOptions options = { 0 };

  options.base_url = shop->base_url;
  sync = fetch_shopify (&options, &error);
  g_assert_error (error, VITRINE_FEED_ERROR, VITRINE_FEED_ERROR_SERVER_ERROR);
  g_assert_null (sync);
  /* Bounded: four tries, then the host is told. */
  g_assert_cmpuint (shop->requests->len, ==, 4);
}

static void
respond_shopify_malformed (Shop              *shop,
                           SoupServerMessage *msg,
                           Request           *request)
{
  check_shopify_request (request);
  if (graphql_after (request) == NULL)
    respond_file (msg, "shopify-products-1.json");
  else
    respond_text (msg, SOUP_STATUS_OK,
                  "{\"data\": {\n  \"products\": {\"edges\": [ {\"node\": {\"id\": ");
}

static void
test_shopify_malformed (void)
{
  g_autoptr(Shop) shop = shop_new (respond_shopify_malformed);
  g_autoptr(VitrineProductSync) sync = NULL;
  g_autoptr(GError) error = NULL;
  VitrineProductSyncOptions options = { 0 };
  const VitrineCatalogProblem *problem;

  options.base_url = shop->base_url;
  sync = fetch_shopify (&options, &error);
  g_assert_no_error (error);

  /* Page 1 is kept; page 2 is a problem that says where. */
  g_assert_cmpuint (g_list_model_get_n_items (vitrine_product_sync_get_products (sync)), ==, 2);
  g_assert_false (vitrine_product_sync_is_complete (sync));
  problem = vitrine_product_sync_get_problem (sync, 0);
  g_assert_cmpint (problem->severity, ==, VITRINE_CATALOG_PROBLEM_ERROR);
  g_assert_cmpint (problem->index, ==, -1);
  g_assert_cmpstr (problem->field, ==, "page 2");
  g_assert_cmpuint (problem->line, ==, 2);
  g_assert_nonnull (strstr (problem->message, "malformed JSON (line 2, column"));
}

static void
respond_shopify_money_v2 (Shop              *shop,
                          SoupServerMessage *msg,
                          Request           *request)
{
  check_shopify_request (request);
  if (strstr (request->body, "price { amount currencyCode }") == NULL)
    respond_text (msg, SOUP_STATUS_OK,
                  "{\"errors\":[{\"message\":\"Field must have selections (field 'price' returns "
                  "MoneyV2 but has no selections. Did you mean 'price { ... }'?)\","
                  "\"locations\":[{\"line\":1,\"column\":420}],"
                  "\"extensions\":{\"code\":\"selectionMismatch\",\"nodeName\":\"field 'price'\","
                  "\"typeName\":\"MoneyV2\"}}]}");
  else
    respond_file (msg, "shopify-products-2.json");
}

static void
test_shopify_money_v2 (void)
{
  g_autoptr(Shop) shop = shop_new (respond_shopify_money_v2);
  g_autoptr(VitrineProductSync) sync = NULL;
  g_autoptr(GError) error = NULL;
  VitrineProductSyncOptions options = { 0 };
  VitrineProduct *product;

  options.base_url = shop->base_url;
  sync = fetch_shopify (&options, &error);
  g_assert_no_error (error);

  /* Asked again with { amount currencyCode }, once. */
  g_assert_cmpuint (shop->requests->len, ==, 2);
  g_assert_true (vitrine_product_sync_is_complete (sync));
  g_assert_cmpuint (g_list_model_get_n_items (vitrine_product_sync_get_products (sync)), ==, 1);
  product = product_at (vitrine_product_sync_get_products (sync), 0);
  g_assert_cmpstr (vitrine_product_get_code (product), ==, "A1");
  assert_money (vitrine_product_get_price (product), 1999, "EUR");
}

static void
respond_shopify_starved (Shop              *shop,
                         SoupServerMessage *msg,
                         Request           *request)
{
  check_shopify_request (request);
  g_assert_null (graphql_after (request));
  /* An empty bucket that refills at 10 points a second: a long wait. */
  respond_text (msg, SOUP_STATUS_OK,
                "{\"data\":{\"shop\":{\"currencyCode\":\"USD\"},\"products\":{\"edges\":[],"
                "\"pageInfo\":{\"hasNextPage\":true,\"endCursor\":\"next\"}}},"
                "\"extensions\":{\"cost\":{\"requestedQueryCost\":1000,\"actualQueryCost\":1000,"
                "\"throttleStatus\":{\"maximumAvailable\":1000.0,\"currentlyAvailable\":0,"
                "\"restoreRate\":10.0}}}}");
}

static gboolean
cancel_cb (gpointer user_data)
{
  g_cancellable_cancel (user_data);
  return G_SOURCE_REMOVE;
}

static void
test_shopify_cancel (void)
{
  g_autoptr(Shop) shop = shop_new (respond_shopify_starved);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(VitrineProductSync) sync = NULL;
  g_autoptr(GError) error = NULL;
  VitrineProductSyncOptions options = { 0 };
  gint64 cancelled_at;

  options.base_url = shop->base_url;
  vitrine_shopify_products_fetch_async (&options, cancellable, done_cb, &result);
  while (shop->requests->len == 0)
    g_main_context_iteration (NULL, TRUE);

  /* The sync now waits (capped at a minute) for the budget, without
   * blocking: the loop keeps running, and cancelling ends it at once. */
  g_timeout_add (300, cancel_cb, cancellable);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  cancelled_at = g_get_monotonic_time ();

  sync = vitrine_shopify_products_fetch_finish (result, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_null (sync);
  g_assert_cmpuint (shop->requests->len, ==, 1);
  g_assert_cmpint ((cancelled_at - shop_request (shop, 0)->time) / 1000, <, 2000);
  g_assert_nonnull (strstr (captured_log->str, "waiting 60000 ms for the query budget"));
}

/* WooCommerce */

static void
check_basic_auth (Request *request)
{
  g_autofree char *pair = g_strconcat (WOO_KEY, ":", WOO_SECRET, NULL);
  g_autofree char *encoded = g_base64_encode ((const guchar *) pair, strlen (pair));
  g_autofree char *expected = g_strconcat ("Basic ", encoded, NULL);

  g_assert_cmpstr (request->method, ==, "GET");
  g_assert_cmpstr (request->authorization, ==, expected);
  g_assert_null (request->token);
  g_assert_true (request->query == NULL || strstr (request->query, "consumer_") == NULL);
}

static void
respond_woo_catalog (Shop              *shop,
                     SoupServerMessage *msg,
                     Request           *request)
{
  check_basic_auth (request);

  if (g_str_equal (request->path, "/wp-json/wc/v3/data/currencies/current"))
    respond_text (msg, SOUP_STATUS_OK,
                  "{\"code\":\"EUR\",\"name\":\"Euro\",\"symbol\":\"&euro;\"}");
  else if (g_str_equal (request->path, "/wp-json/wc/v3/products"))
    {
      guint page = query_page (request);

      g_assert_nonnull (strstr (request->query, "status=publish"));
      if (page == 1)
        respond_file (msg, "woocommerce-products-1.json");
      else if (page == 2 && !shop->flag)
        {
          shop->flag = TRUE;
          respond_text (msg, SOUP_STATUS_INTERNAL_SERVER_ERROR,
                        "{\"code\":\"internal_server_error\",\"message\":\"There has been a "
                        "critical error on this website.\",\"data\":{\"status\":500}}");
          return;
        }
      else if (page == 2)
        respond_file (msg, "woocommerce-products-2.json");
      else
        g_assert_not_reached ();
      set_pages (msg, shop, request->path, page, 6, 2);
    }
  else if (g_str_equal (request->path, "/wp-json/wc/v3/products/301/variations"))
    {
      guint page = query_page (request);

      if (page == 1)
        respond_file (msg, "woocommerce-variations-301-1.json");
      else if (page == 2)
        respond_file (msg, "woocommerce-variations-301-2.json");
      else
        g_assert_not_reached ();
      set_pages (msg, shop, request->path, page, 3, 2);
    }
  else
    g_assert_not_reached ();
}

static void
test_woocommerce_catalog (void)
{
  g_autoptr(Shop) shop = shop_new (respond_woo_catalog);
  g_autoptr(VitrineCatalog) catalog = vitrine_catalog_new ();
  g_autoptr(VitrineProductSync) sync = NULL;
  g_autoptr(GError) error = NULL;
  VitrineProductSyncOptions options = { 0 };
  VitrineProduct *product;
  VitrineProductVariant *variant;
  GListModel *products;

  options.base_url = shop->base_url;
  options.catalog = catalog;
  sync = fetch_woocommerce (&options, &error);
  g_assert_no_error (error);

  /* Currency, products page 1, the variable product's two pages of
   * variations, products page 2 (500), page 2 again after a backoff. */
  g_assert_cmpuint (shop->requests->len, ==, 6);
  g_assert_cmpstr (shop_request (shop, 0)->path, ==, "/wp-json/wc/v3/data/currencies/current");
  g_assert_cmpstr (shop_request (shop, 2)->path, ==, "/wp-json/wc/v3/products/301/variations");
  g_assert_cmpstr (shop_request (shop, 3)->path, ==, "/wp-json/wc/v3/products/301/variations");
  g_assert_cmpuint (query_page (shop_request (shop, 3)), ==, 2);
  g_assert_cmpuint (query_page (shop_request (shop, 4)), ==, 2);
  g_assert_cmpuint (query_page (shop_request (shop, 5)), ==, 2);
  g_test_message ("backed off %" G_GINT64_FORMAT " ms after the 500", gap_ms (shop, 4));
  g_assert_cmpint (gap_ms (shop, 4), >=, 1000);
  g_assert_cmpint (gap_ms (shop, 4), <, 3000);

  g_assert_true (vitrine_product_sync_is_complete (sync));
  g_assert_cmpstr (vitrine_product_sync_get_currency (sync), ==, "EUR");

  g_assert_cmpuint (vitrine_product_sync_get_n_problems (sync), ==, 3);
  assert_problem (sync, 0, VITRINE_CATALOG_PROBLEM_ERROR, 2, "products[2].name",
                  "is a whole number, not text");
  assert_problem (sync, 1, VITRINE_CATALOG_PROBLEM_ERROR, 3, "products[3].price",
                  "with decimals");
  assert_problem (sync, 2, VITRINE_CATALOG_PROBLEM_ERROR, 4, "products[4].stock_quantity",
                  "the stock is text, not a whole number");
  g_assert_nonnull (strstr (vitrine_product_sync_get_problem (sync, 1)->message,
                            "“Float price”"));
  assert_no_secret_in_sync (sync);

  products = vitrine_product_sync_get_products (sync);
  g_assert_cmpuint (g_list_model_get_n_items (products), ==, 3);

  /* On sale: the sale price, the regular one struck through. */
  product = product_at (products, 0);
  g_assert_cmpstr (vitrine_product_get_id (product), ==,
                   "gid://woocommerce/Product/9007199254740993");
  g_assert_cmpstr (vitrine_product_get_code (product), ==, "L1");
  g_assert_cmpstr (vitrine_product_get_sku (product), ==, "SHIRT-1");
  g_assert_cmpstr (vitrine_product_get_title (product), ==, "Linen shirt");
  g_assert_cmpstr (vitrine_product_get_description (product), ==, "Breathable & light.");
  g_assert_cmpstr (vitrine_product_get_image (product), ==,
                   "https://shop.example.com/wp-content/uploads/shirt.jpg");
  g_assert_cmpstr (vitrine_product_get_checkout_url (product), ==,
                   "https://shop.example.com/product/linen-shirt/");
  assert_strv (vitrine_product_get_tags (product), "linen", NULL);
  assert_money (vitrine_product_get_price (product), 2990, "EUR");
  assert_money (vitrine_product_get_compare_at_price (product), 3990, "EUR");
  g_assert_cmpint (vitrine_product_get_stock (product), ==, 7);
  g_assert_cmpuint (vitrine_product_get_discount_percent (product), ==, 25);

  /* Variable: its variations (two pages; the private one left out). */
  product = product_at (products, 1);
  g_assert_cmpstr (vitrine_product_get_id (product), ==, "gid://woocommerce/Product/301");
  g_assert_cmpstr (vitrine_product_get_code (product), ==, "A1");
  g_assert_null (vitrine_product_get_sku (product));
  g_assert_cmpstr (vitrine_product_get_checkout_url (product), ==,
                   "https://shop.example.com/product/wool-scarf/");
  assert_strv (vitrine_product_get_option_names (product), "Colour", NULL);
  assert_money (vitrine_product_get_price (product), 1990, "EUR");
  assert_money (vitrine_product_get_compare_at_price (product), 2490, "EUR");
  g_assert_cmpint (vitrine_product_get_stock (product), ==, 2);
  g_assert_cmpuint (g_list_model_get_n_items (vitrine_product_get_variants (product)), ==, 2);
  variant = variant_at (product, 0);
  g_assert_cmpstr (vitrine_product_variant_get_id (variant), ==,
                   "gid://woocommerce/ProductVariation/305");
  g_assert_cmpstr (vitrine_product_variant_get_sku (variant), ==, "SCARF-BLU");
  g_assert_cmpstr (vitrine_product_variant_get_title (variant), ==, "Blue");
  assert_strv (vitrine_product_variant_get_options (variant), "Blue", NULL);
  assert_money (vitrine_product_variant_get_price (variant), 2437, "EUR");
  assert_money (vitrine_product_variant_get_compare_at_price (variant), 0, NULL);
  g_assert_cmpint (vitrine_product_variant_get_stock (variant), ==, 2);
  variant = variant_at (product, 1);
  g_assert_cmpstr (vitrine_product_variant_get_id (variant), ==,
                   "gid://woocommerce/ProductVariation/306");
  assert_strv (vitrine_product_variant_get_options (variant), "Red", NULL);
  assert_money (vitrine_product_variant_get_price (variant), 1990, "EUR");
  assert_money (vitrine_product_variant_get_compare_at_price (variant), 2490, "EUR");
  g_assert_cmpint (vitrine_product_variant_get_stock (variant), ==, 0);

  /* Stock not managed: not counted; the long description as text. */
  product = product_at (products, 2);
  g_assert_cmpstr (vitrine_product_get_id (product), ==, "gid://woocommerce/Product/404");
  g_assert_cmpstr (vitrine_product_get_code (product), ==, "A2");
  g_assert_cmpstr (vitrine_product_get_description (product), ==, "Canvas,\ntwo handles.");
  assert_strv (vitrine_product_get_tags (product), "bags", NULL);
  assert_money (vitrine_product_get_price (product), 1500, "EUR");
  assert_money (vitrine_product_get_compare_at_price (product), 0, NULL);
  g_assert_cmpint (vitrine_product_get_stock (product), ==, -1);

  g_assert_true (vitrine_product_sync_apply (sync, catalog, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (catalog)), ==, 3);
  g_assert_true (vitrine_catalog_find_by_code (catalog, "l1") == product_at (products, 0));
  g_assert_true (vitrine_catalog_find_by_sku (catalog, "SCARF-RED", &variant) ==
                 product_at (products, 1));
  g_assert_cmpstr (vitrine_product_variant_get_id (variant), ==,
                   "gid://woocommerce/ProductVariation/306");
}

static void
respond_woo_unauthorized (Shop              *shop,
                          SoupServerMessage *msg,
                          Request           *request)
{
  check_basic_auth (request);
  respond_text (msg, SOUP_STATUS_UNAUTHORIZED,
                "{\"code\":\"woocommerce_rest_cannot_view\",\"message\":\"Sorry, you cannot list "
                "resources.\",\"data\":{\"status\":401}}");
}

static void
test_woocommerce_unauthorized (void)
{
  g_autoptr(Shop) shop = shop_new (respond_woo_unauthorized);
  g_autoptr(VitrineProductSync) sync = NULL;
  g_autoptr(GError) error = NULL;
  VitrineProductSyncOptions options = { 0 };

  options.base_url = shop->base_url;
  options.currency = "EUR";
  sync = fetch_woocommerce (&options, &error);
  g_assert_error (error, VITRINE_FEED_ERROR, VITRINE_FEED_ERROR_KEY_REJECTED);
  g_assert_null (sync);
  g_assert_nonnull (strstr (error->message, "refused the consumer key (HTTP 401)"));
  g_assert_nonnull (strstr (error->message, "Sorry, you cannot list resources."));
  g_assert_cmpuint (shop->requests->len, ==, 1);
}

static void
respond_woo_strips_header (Shop              *shop,
                           SoupServerMessage *msg,
                           Request           *request)
{
  g_autoptr(GHashTable) params = NULL;

  g_assert_cmpstr (request->path, ==, "/wp-json/wc/v3/products");
  if (request->authorization != NULL)
    {
      /* As a server that drops Authorization before PHP sees it. */
      respond_text (msg, SOUP_STATUS_UNAUTHORIZED,
                    "{\"code\":\"woocommerce_rest_authentication_error\",\"message\":\"Consumer "
                    "key is missing.\",\"data\":{\"status\":401}}");
      return;
    }

  params = g_uri_parse_params (request->query, -1, "&", G_URI_PARAMS_NONE, NULL);
  g_assert_cmpstr (g_hash_table_lookup (params, "consumer_key"), ==, WOO_KEY);
  g_assert_cmpstr (g_hash_table_lookup (params, "consumer_secret"), ==, WOO_SECRET);
  respond_text (msg, SOUP_STATUS_OK,
                "[{\"id\": 11, \"name\": \"Mug\", \"type\": \"simple\", \"price\": \"9.50\", "
                "\"regular_price\": \"9.50\", \"sale_price\": \"\", \"on_sale\": false}]");
  set_pages (msg, shop, request->path, 1, 1, 1);
}

static void
test_woocommerce_query_auth (void)
{
  g_autoptr(Shop) shop = shop_new (respond_woo_strips_header);
  g_autoptr(VitrineProductSync) sync = NULL;
  g_autoptr(GError) error = NULL;
  VitrineProductSyncOptions options = { 0 };

  options.base_url = shop->base_url;
  options.currency = "eur";
  sync = fetch_woocommerce (&options, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (shop->requests->len, ==, 2);
  g_assert_null (shop_request (shop, 1)->authorization);
  g_assert_cmpuint (g_list_model_get_n_items (vitrine_product_sync_get_products (sync)), ==, 1);
  assert_money (vitrine_product_get_price (product_at (vitrine_product_sync_get_products (sync),
                                                       0)), 950, "EUR");
}

static void
respond_woo_malformed (Shop              *shop,
                       SoupServerMessage *msg,
                       Request           *request)
{
  guint page;

  check_basic_auth (request);
  page = query_page (request);
  if (page == 1)
    respond_text (msg, SOUP_STATUS_OK, "[\n  {\"id\": 1,\n   \"name\": \"Broken\",\n   \"price\"");
  else
    respond_text (msg, SOUP_STATUS_OK,
                  "[{\"id\": 12, \"name\": \"Cup\", \"type\": \"simple\", \"price\": \"4.00\", "
                  "\"regular_price\": \"4.00\", \"sale_price\": \"\", \"on_sale\": false}]");
  set_pages (msg, shop, request->path, page, 2, 2);
}

static void
test_woocommerce_malformed (void)
{
  g_autoptr(Shop) shop = shop_new (respond_woo_malformed);
  g_autoptr(VitrineCatalog) catalog = vitrine_catalog_new ();
  g_autoptr(VitrineProduct) old = vitrine_product_new ("gid://woocommerce/Product/99", "A9", NULL);
  g_autoptr(VitrineProductSync) sync = NULL;
  g_autoptr(GListModel) gone = NULL;
  g_autoptr(GError) error = NULL;
  VitrineProductSyncOptions options = { 0 };
  const VitrineCatalogProblem *problem;

  g_assert_true (vitrine_catalog_add (catalog, old, NULL));
  options.base_url = shop->base_url;
  options.currency = "EUR";
  options.catalog = catalog;
  sync = fetch_woocommerce (&options, &error);
  g_assert_no_error (error);

  /* Page 2 is still read: the shop said there are two. */
  g_assert_cmpuint (shop->requests->len, ==, 2);
  g_assert_cmpuint (g_list_model_get_n_items (vitrine_product_sync_get_products (sync)), ==, 1);
  g_assert_cmpuint (vitrine_product_sync_get_n_problems (sync), ==, 1);
  problem = vitrine_product_sync_get_problem (sync, 0);
  g_assert_cmpint (problem->severity, ==, VITRINE_CATALOG_PROBLEM_ERROR);
  g_assert_cmpint (problem->index, ==, -1);
  g_assert_cmpstr (problem->field, ==, "page 1");
  g_assert_cmpuint (problem->line, ==, 4);
  g_assert_nonnull (strstr (problem->message, "malformed JSON (line 4, column"));

  /* Product 99 may be on the page that could not be read: not called gone. */
  g_assert_false (vitrine_product_sync_is_complete (sync));
  gone = vitrine_product_sync_list_gone (sync, catalog);
  g_assert_cmpuint (g_list_model_get_n_items (gone), ==, 0);
}

static void
respond_woo_resync (Shop              *shop,
                    SoupServerMessage *msg,
                    Request           *request)
{
  check_basic_auth (request);
  g_assert_cmpstr (request->path, ==, "/wp-json/wc/v3/products");
  if (shop->round == 0)
    respond_text (msg, SOUP_STATUS_OK,
                  "[{\"id\": 501, \"name\": \"Mug\", \"type\": \"simple\", \"sku\": \"MUG-1\", "
                  "\"price\": \"10.00\", \"regular_price\": \"10.00\", \"sale_price\": \"\", "
                  "\"on_sale\": false, \"manage_stock\": true, \"stock_quantity\": 4},"
                  " {\"id\": 502, \"name\": \"Cap\", \"type\": \"simple\", \"price\": \"12.00\", "
                  "\"regular_price\": \"12.00\", \"sale_price\": \"\", \"on_sale\": false}]");
  else
    respond_text (msg, SOUP_STATUS_OK,
                  "[{\"id\": 501, \"name\": \"Mug\", \"type\": \"simple\", \"sku\": \"MUG-1\", "
                  "\"price\": \"8.00\", \"regular_price\": \"10.00\", \"sale_price\": \"8.00\", "
                  "\"on_sale\": true, \"manage_stock\": true, \"stock_quantity\": 3}]");
  set_pages (msg, shop, request->path, 1, 1, 1);
}

static void
test_woocommerce_resync (void)
{
  g_autoptr(Shop) shop = shop_new (respond_woo_resync);
  g_autoptr(VitrineCatalog) catalog = vitrine_catalog_new ();
  g_autoptr(VitrineProduct) other = vitrine_product_new ("gid://shopify/Product/1", "Z1", NULL);
  g_autoptr(VitrineProductSync) first = NULL;
  g_autoptr(VitrineProductSync) second = NULL;
  g_autoptr(GListModel) gone = NULL;
  g_autoptr(GError) error = NULL;
  VitrineProductSyncOptions options = { 0 };
  VitrineProduct *mug;
  VitrineProduct *cap;
  guint price_notifies = 0;
  guint stock_notifies = 0;
  guint items_changed = 0;

  g_assert_true (vitrine_catalog_add (catalog, other, NULL));
  options.base_url = shop->base_url;
  options.currency = "EUR";
  options.catalog = catalog;
  first = fetch_woocommerce (&options, &error);
  g_assert_no_error (error);
  g_assert_true (vitrine_product_sync_apply (first, catalog, &error));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (catalog)), ==, 3);

  /* The host pins the mug: whatever shows it holds this object. */
  mug = vitrine_catalog_find_by_id (catalog, "gid://woocommerce/Product/501");
  cap = vitrine_catalog_find_by_id (catalog, "gid://woocommerce/Product/502");
  g_assert_nonnull (mug);
  g_assert_nonnull (cap);
  g_assert_cmpstr (vitrine_product_get_code (mug), ==, "A1");
  g_assert_cmpint (vitrine_product_get_stock (mug), ==, 4);
  g_signal_connect (mug, "notify::price", G_CALLBACK (count_notify_cb), &price_notifies);
  g_signal_connect (mug, "notify::stock", G_CALLBACK (count_notify_cb), &stock_notifies);
  g_signal_connect_swapped (catalog, "items-changed", G_CALLBACK (count_notify_cb),
                            &items_changed);

  shop->round = 1;
  second = fetch_woocommerce (&options, &error);
  g_assert_no_error (error);
  g_assert_true (vitrine_product_sync_is_complete (second));
  g_assert_true (vitrine_product_sync_apply (second, catalog, &error));
  g_assert_no_error (error);

  /* Updated in place: same object, same code, each change notified once,
   * and the list itself did not change. */
  g_assert_true (vitrine_catalog_find_by_id (catalog, "gid://woocommerce/Product/501") == mug);
  g_assert_cmpstr (vitrine_product_get_code (mug), ==, "A1");
  assert_money (vitrine_product_get_price (mug), 800, "EUR");
  assert_money (vitrine_product_get_compare_at_price (mug), 1000, "EUR");
  g_assert_cmpint (vitrine_product_get_stock (mug), ==, 3);
  g_assert_cmpuint (price_notifies, ==, 1);
  g_assert_cmpuint (stock_notifies, ==, 1);
  g_assert_cmpuint (items_changed, ==, 0);

  /* The cap is gone from the shop: reported, not deleted; the Shopify
   * product is none of this shop's business. */
  gone = vitrine_product_sync_list_gone (second, catalog);
  g_assert_cmpuint (g_list_model_get_n_items (gone), ==, 1);
  g_assert_true (product_at (gone, 0) == cap);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (catalog)), ==, 3);
}

/* Either shop */

static void
test_unreachable (void)
{
  g_autoptr(VitrineProductSync) sync = NULL;
  g_autoptr(GError) error = NULL;
  VitrineProductSyncOptions options = { 0 };
  g_autofree char *base_url = NULL;

  /* A port that was just free: nothing listens there. */
  {
    g_autoptr(Shop) closed = shop_new (respond_shopify_unauthorized);

    base_url = g_strdup (closed->base_url);
  }

  options.base_url = base_url;
  sync = fetch_shopify (&options, &error);
  g_assert_error (error, VITRINE_FEED_ERROR, VITRINE_FEED_ERROR_UNREACHABLE);
  g_assert_null (sync);
  g_assert_nonnull (strstr (error->message, "cannot be reached"));
  g_clear_error (&error);

  options.currency = "EUR";
  sync = fetch_woocommerce (&options, &error);
  g_assert_error (error, VITRINE_FEED_ERROR, VITRINE_FEED_ERROR_UNREACHABLE);
  g_assert_null (sync);
}

static void
test_invalid_url (void)
{
  static const char * const bad[] = {
    "http://shop.example.com", "ftp://shop.example.com", "", "https://user:pw@shop.example.com",
    "https://shop.example.com/?key=1",
  };
  VitrineProductSyncOptions options = { 0 };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(VitrineProductSync) sync = NULL;
      g_autoptr(GError) error = NULL;

      options.base_url = bad[i];
      sync = fetch_shopify (&options, &error);
      g_assert_error (error, VITRINE_FEED_ERROR, VITRINE_FEED_ERROR_INVALID_URL);
      g_assert_null (sync);
      g_clear_error (&error);

      sync = fetch_woocommerce (&options, &error);
      g_assert_error (error, VITRINE_FEED_ERROR, VITRINE_FEED_ERROR_INVALID_URL);
      g_assert_null (sync);
    }
}

/* Runs last: every log line of every test above. */
static void
test_logs (void)
{
  g_test_message ("%" G_GSIZE_FORMAT " bytes of log captured", captured_log->len);
  g_assert_cmpuint (captured_log->len, >, 0);
  /* The capture works: the connectors did log their pages. */
  g_assert_nonnull (strstr (captured_log->str, "asking for page 2"));
  g_assert_nonnull (strstr (captured_log->str, "GET /wp-json/wc/v3/products"));
  assert_no_secret (captured_log->str);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  /* Debug messages too, so that they can be searched for a credential. */
  g_setenv ("G_MESSAGES_DEBUG", "all", TRUE);
  captured_log = g_string_new (NULL);
  g_log_set_writer_func (capture_writer, NULL, NULL);

  /* The keyring's environment fallback: no Secret Service needed. */
  g_setenv ("VITRINE_KEY_SHOPIFY_127_0_0_1", SHOPIFY_TOKEN, TRUE);
  g_setenv ("VITRINE_KEY_WOOCOMMERCE_127_0_0_1", WOO_KEY ":" WOO_SECRET, TRUE);

  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/product-sync/shopify/catalog", test_shopify_catalog);
  g_test_add_func ("/product-sync/shopify/unauthorized", test_shopify_unauthorized);
  g_test_add_func ("/product-sync/shopify/server-error", test_shopify_server_error);
  g_test_add_func ("/product-sync/shopify/malformed", test_shopify_malformed);
  g_test_add_func ("/product-sync/shopify/money-v2", test_shopify_money_v2);
  g_test_add_func ("/product-sync/shopify/cancel", test_shopify_cancel);
  g_test_add_func ("/product-sync/woocommerce/catalog", test_woocommerce_catalog);
  g_test_add_func ("/product-sync/woocommerce/unauthorized", test_woocommerce_unauthorized);
  g_test_add_func ("/product-sync/woocommerce/query-auth", test_woocommerce_query_auth);
  g_test_add_func ("/product-sync/woocommerce/malformed", test_woocommerce_malformed);
  g_test_add_func ("/product-sync/woocommerce/resync", test_woocommerce_resync);
  g_test_add_func ("/product-sync/any/unreachable", test_unreachable);
  g_test_add_func ("/product-sync/any/invalid-url", test_invalid_url);
  g_test_add_func ("/product-sync/logs/no-credentials", test_logs);

  status = g_test_run ();
  g_string_free (captured_log, TRUE);
  return status;
}
