/* vitrine-shopify-products.c
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

#include "vitrine-product-sync-private.h"
#include "vitrine-shopify-products.h"

/* Shopify's products through the Admin GraphQL API
 * (`POST <shop>/admin/api/<version>/graphql.json`, header
 * `X-Shopify-Access-Token`), paged with a cursor (`first`, `after`,
 * `pageInfo { hasNextPage endCursor }`).
 *
 * Shopify limits by query cost, not by request count: each answer says in
 * `extensions.cost` what the query was expected to cost
 * (`requestedQueryCost`) and how full the bucket is
 * (`throttleStatus { currentlyAvailable restoreRate }`). Before the next page
 * Vitrine waits until the bucket holds the next query's cost, and an answer
 * with a `THROTTLED` error (HTTP 200) is waited out the same way and asked
 * again; HTTP 429 and 5xx are retried by the shared sender. A query Shopify
 * finds too expensive (`MAX_COST_EXCEEDED`) is asked again for fewer
 * products per page.
 *
 * Ids are GraphQL ids (`gid://shopify/Product/8812345678901`), kept as the
 * strings they are: a 64-bit id never goes through a double. Prices are the
 * `Money` scalar, a decimal string ("19.99"); where a version of the API has
 * `MoneyV2` instead (`{ amount currencyCode }`), both the query and the reader
 * follow (the first answer that says `price` needs a selection switches the
 * query). */

/* Products per page, variants per product. Shopify refuses a query expected
 * to cost more than 1000 points; a connection costs 2 + first × what each
 * node costs, so 10 products of up to 40 variants stay near 900. */
#define PAGE_PRODUCTS 10
#define PAGE_VARIANTS 40

/* How often a THROTTLED answer is waited out before giving up. */
#define MAX_THROTTLED 5

#define ID_PREFIX "gid://shopify/Product/"

#define PRODUCT_FIELDS \
  "id handle title description onlineStoreUrl tags featuredImage { url } "

#define VARIANTS_OPEN \
  "variants(first: $variants) { edges { node { id sku title inventoryQuantity inventoryPolicy " \
  "selectedOptions { name value } "

#define VARIANTS_CLOSE \
  "} } pageInfo { hasNextPage } } "

#define QUERY_OPEN \
  "query VitrineProducts($first: Int!, $variants: Int!, $after: String) { " \
  "shop { currencyCode primaryDomain { url } } " \
  "products(first: $first, after: $after, query: \"status:active\") { " \
  "edges { node { " PRODUCT_FIELDS VARIANTS_OPEN

#define QUERY_CLOSE \
  VARIANTS_CLOSE "} } pageInfo { hasNextPage endCursor } } }"

static const char query_money[] =
  QUERY_OPEN "price compareAtPrice " QUERY_CLOSE;
static const char query_money_v2[] =
  QUERY_OPEN "price { amount currencyCode } compareAtPrice { amount currencyCode } " QUERY_CLOSE;

typedef struct
{
  SoupSession        *session;
  GUri               *endpoint;
  char               *host;
  char               *secret_id;
  char               *token;
  char               *currency;        /* from the options, or NULL */
  VitrineCatalog     *catalog;
  VitrineSyncBuilder *builder;
  GBytes             *body;            /* the request of the current page */
  char               *cursor;
  char               *shop_url;        /* shop.primaryDomain.url */
  guint               page;
  guint               first;
  guint               variants;
  gboolean            money_v2;
  gboolean            shape_switched;
  guint               throttled;

  /* From the last answer's extensions.cost. */
  gboolean            have_cost;
  double              requested;
  double              available;
  double              restore_rate;
} Fetch;

static void
fetch_free (Fetch *self)
{
  g_clear_object (&self->session);
  g_clear_pointer (&self->endpoint, g_uri_unref);
  g_free (self->host);
  g_free (self->secret_id);
  g_clear_pointer (&self->token, _vitrine_shop_secret_free);
  g_free (self->currency);
  g_clear_object (&self->catalog);
  g_clear_pointer (&self->builder, _vitrine_sync_builder_free);
  g_clear_pointer (&self->body, g_bytes_unref);
  g_free (self->cursor);
  g_free (self->shop_url);
  g_free (self);
}

static void request_page (GTask *task);

static SoupMessage *
build_message (gpointer user_data)
{
  Fetch *self = user_data;
  SoupMessage *message = soup_message_new_from_uri (SOUP_METHOD_POST, self->endpoint);
  SoupMessageHeaders *headers = soup_message_get_request_headers (message);

  soup_message_headers_append (headers, "X-Shopify-Access-Token", self->token);
  soup_message_headers_append (headers, "Accept", "application/json");
  soup_message_set_request_body_from_bytes (message, "application/json", self->body);
  return message;
}

static GBytes *
build_body (Fetch *self)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *text = NULL;
  gsize length;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "query");
  json_builder_add_string_value (builder, self->money_v2 ? query_money_v2 : query_money);
  json_builder_set_member_name (builder, "variables");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "first");
  json_builder_add_int_value (builder, self->first);
  json_builder_set_member_name (builder, "variants");
  json_builder_add_int_value (builder, self->variants);
  json_builder_set_member_name (builder, "after");
  if (self->cursor != NULL)
    json_builder_add_string_value (builder, self->cursor);
  else
    json_builder_add_null_value (builder);
  json_builder_end_object (builder);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  text = json_to_string (root, FALSE);
  length = strlen (text);
  return g_bytes_new_take (g_steal_pointer (&text), length);
}

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
  return TRUE;
}

/* The nodes of a connection, whether it is asked as `edges { node }` or as
 * `nodes`. */
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
        JsonNode *node = NULL;

        if (JSON_NODE_HOLDS_OBJECT (edge))
          node = json_object_get_member (json_node_get_object (edge), "node");
        /* Kept even when malformed: the product's problem says so. */
        g_ptr_array_add (nodes, node ? node : edge);
      }
  else if (plain != NULL)
    for (guint i = 0; i < json_array_get_length (plain); i++)
      g_ptr_array_add (nodes, json_array_get_element (plain, i));

  return nodes;
}

static void
read_cost (Fetch      *self,
           JsonObject *root)
{
  JsonObject *cost = get_object (get_object (root, "extensions"), "cost");
  JsonObject *status = get_object (cost, "throttleStatus");
  double requested, available, rate;

  if (!get_number (cost, "requestedQueryCost", &requested) ||
      !get_number (status, "currentlyAvailable", &available) ||
      !get_number (status, "restoreRate", &rate))
    return;

  self->have_cost = TRUE;
  self->requested = requested;
  self->available = available;
  self->restore_rate = rate;
}

/* How long until the bucket holds what the next query costs (the same query
 * as the last one, so the same requested cost). */
static guint
budget_wait_ms (Fetch *self)
{
  double missing;
  double ms;

  if (!self->have_cost || self->requested <= self->available)
    return 0;

  missing = self->requested - self->available;
  if (self->restore_rate <= 0)
    return 1000;

  ms = ceil (missing / self->restore_rate * 1000.0);
  return (guint) CLAMP (ms, 0, VITRINE_SHOP_MAX_WAIT_MS);
}

static void
finish (GTask *task)
{
  Fetch *self = g_task_get_task_data (task);
  VitrineProductSync *sync = _vitrine_product_sync_build (self->builder, self->catalog);

  g_debug ("%s: %u products listed, %u kept, %u problems", self->host, self->builder->n_listed,
           g_list_model_get_n_items (vitrine_product_sync_get_products (sync)),
           vitrine_product_sync_get_n_problems (sync));
  g_task_return_pointer (task, sync, g_object_unref);
}

static void
wait_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  if (!_vitrine_shop_sleep_finish (result, &error))
    {
      g_task_return_error (task, error);
      return;
    }

  request_page (g_steal_pointer (&task));
}

static void
request_after (GTask *task,
               guint  milliseconds)
{
  Fetch *self = g_task_get_task_data (task);

  if (milliseconds == 0)
    {
      request_page (task);
      return;
    }

  g_debug ("%s: waiting %u ms for the query budget (%.0f of %.0f points, %.0f/s)",
           self->host, milliseconds, self->available, self->requested, self->restore_rate);
  _vitrine_shop_sleep_async (milliseconds, g_task_get_cancellable (task), wait_cb, task);
}

static gboolean
is_default_title (VitrineVariantDraft *variant)
{
  return variant->options == NULL ||
         (g_strv_length (variant->options) == 1 &&
          g_str_equal (variant->options[0], "Default Title"));
}

static gboolean
read_stock (Fetch               *self,
            JsonObject          *object,
            const char          *path,
            int                  index,
            const char          *title,
            VitrineVariantDraft *variant)
{
  VitrineSyncBuilder *builder = self->builder;
  JsonNode *quantity = json_object_get_member (object, "inventoryQuantity");
  const char *policy = get_string (object, "inventoryPolicy");
  g_autofree char *field = _vitrine_sync_join_path (path, "inventoryQuantity");
  gint64 stock;

  variant->stock = -1;
  if (quantity == NULL || JSON_NODE_HOLDS_NULL (quantity))
    return TRUE;

  if (!JSON_NODE_HOLDS_VALUE (quantity) || json_node_get_value_type (quantity) != G_TYPE_INT64)
    {
      _vitrine_sync_problem (builder, VITRINE_CATALOG_PROBLEM_ERROR, 0, index, field, title,
                             _("the stock is %s, not a whole number"),
                             _vitrine_sync_describe_node (quantity));
      return FALSE;
    }

  /* A shop that keeps selling at 0 is never sold out on the card. */
  if (policy != NULL && g_ascii_strcasecmp (policy, "CONTINUE") == 0)
    return TRUE;

  stock = json_node_get_int (quantity);
  if (stock < 0)
    {
      _vitrine_sync_problem (builder, VITRINE_CATALOG_PROBLEM_WARNING, 0, index, field, title,
                             _("the stock is %" G_GINT64_FORMAT " (oversold), so it counts as 0"),
                             stock);
      stock = 0;
    }
  variant->stock = stock;
  return TRUE;
}

static VitrineVariantDraft *
read_variant (Fetch      *self,
              JsonNode   *node,
              const char *path,
              int         index,
              const char *title,
              GPtrArray  *option_names)
{
  VitrineSyncBuilder *builder = self->builder;
  g_autoptr(VitrineVariantDraft) variant = _vitrine_variant_draft_new (0);
  g_autoptr(GPtrArray) options = g_ptr_array_new_with_free_func (g_free);
  const char *currency = builder->currency[0] ? builder->currency : self->currency;
  JsonObject *object;
  JsonNode *price;
  JsonNode *compare_at;
  JsonArray *selected;
  g_autofree char *field = NULL;

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    {
      _vitrine_sync_problem (builder, VITRINE_CATALOG_PROBLEM_ERROR, 0, index, path, title,
                             _("the variant is %s, not an object"),
                             _vitrine_sync_describe_node (node));
      return NULL;
    }
  object = json_node_get_object (node);
  variant->path = g_strdup (path);

  if (!_vitrine_sync_get_string (builder, object, "id", path, index, title,
                                 VITRINE_CATALOG_PROBLEM_ERROR, &variant->id))
    return NULL;
  if (variant->id == NULL || *variant->id == '\0')
    {
      field = _vitrine_sync_join_path (path, "id");
      _vitrine_sync_problem (builder, VITRINE_CATALOG_PROBLEM_ERROR, 0, index, field, title,
                             _("the variant has no id"));
      return NULL;
    }

  _vitrine_sync_get_string (builder, object, "sku", path, index, title,
                            VITRINE_CATALOG_PROBLEM_WARNING, &variant->sku);
  if (variant->sku != NULL && *g_strstrip (variant->sku) == '\0')
    g_clear_pointer (&variant->sku, g_free);
  variant->sku_field = _vitrine_sync_join_path (path, "sku");
  _vitrine_sync_get_string (builder, object, "title", path, index, title,
                            VITRINE_CATALOG_PROBLEM_WARNING, &variant->title);

  g_clear_pointer (&field, g_free);
  field = _vitrine_sync_join_path (path, "price");
  price = json_object_get_member (object, "price");
  if (price == NULL || JSON_NODE_HOLDS_NULL (price))
    {
      _vitrine_sync_problem (builder, VITRINE_CATALOG_PROBLEM_ERROR, 0, index, field, title,
                             _("the variant has no price"));
      return NULL;
    }
  if (!_vitrine_sync_parse_money (builder, price, currency, field, index, title, &variant->price))
    return NULL;

  g_clear_pointer (&field, g_free);
  field = _vitrine_sync_join_path (path, "compareAtPrice");
  compare_at = json_object_get_member (object, "compareAtPrice");
  if (compare_at != NULL && !JSON_NODE_HOLDS_NULL (compare_at) &&
      !_vitrine_sync_parse_money (builder, compare_at, variant->price.currency, field, index,
                                  title, &variant->compare_at))
    return NULL;

  if (!read_stock (self, object, path, index, title, variant))
    return NULL;

  selected = get_array (object, "selectedOptions");
  if (selected != NULL)
    for (guint i = 0; i < json_array_get_length (selected); i++)
      {
        JsonNode *option = json_array_get_element (selected, i);
        const char *name;
        const char *value;

        if (!JSON_NODE_HOLDS_OBJECT (option))
          continue;
        name = get_string (json_node_get_object (option), "name");
        value = get_string (json_node_get_object (option), "value");
        if (value == NULL)
          continue;
        g_ptr_array_add (options, g_strdup (value));
        if (option_names != NULL && option_names->len < options->len)
          g_ptr_array_add (option_names, g_strdup (name ? name : ""));
      }
  if (options->len > 0)
    {
      g_ptr_array_add (options, NULL);
      variant->options = g_strdupv ((char **) options->pdata);
    }
  if (variant->title == NULL && variant->options != NULL)
    variant->title = g_strjoinv (" / ", variant->options);

  return g_steal_pointer (&variant);
}

static char *
checkout_url (Fetch      *self,
              const char *online_store_url,
              const char *handle)
{
  g_autofree char *escaped = NULL;

  if (online_store_url != NULL && *online_store_url != '\0')
    return g_strdup (online_store_url);

  if (handle == NULL || *handle == '\0')
    return NULL;

  /* Not on the Online Store channel: the product page of the shop's own
   * domain, else of the myshopify domain, still works. */
  escaped = g_uri_escape_string (handle, NULL, FALSE);
  if (self->shop_url != NULL)
    return g_strdup_printf ("%s/products/%s", self->shop_url, escaped);
  return g_strdup_printf ("https://%s/products/%s", self->host, escaped);
}

static void
read_tags (Fetch               *self,
           JsonObject          *object,
           const char          *path,
           VitrineProductDraft *draft)
{
  JsonNode *node = json_object_get_member (object, "tags");
  g_autofree char *field = _vitrine_sync_join_path (path, "tags");
  JsonArray *tags;

  draft->code_field = g_strdup (field);
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return;

  if (!JSON_NODE_HOLDS_ARRAY (node))
    {
      _vitrine_sync_problem (self->builder, VITRINE_CATALOG_PROBLEM_WARNING, 0, draft->index,
                             field, draft->title, _("the tags are %s, not a list, so they are "
                                                    "ignored"),
                             _vitrine_sync_describe_node (node));
      return;
    }

  tags = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (tags); i++)
    {
      JsonNode *tag_node = json_array_get_element (tags, i);
      g_autofree char *tag = NULL;

      if (!JSON_NODE_HOLDS_VALUE (tag_node) || json_node_get_value_type (tag_node) != G_TYPE_STRING)
        continue;

      tag = g_strstrip (g_strdup (json_node_get_string (tag_node)));
      if (*tag == '\0')
        continue;

      if (g_ascii_strncasecmp (tag, "code:", 5) == 0)
        {
          if (draft->code == NULL)
            draft->code = g_strstrip (g_strdup (tag + 5));
          continue;
        }
      g_ptr_array_add (draft->tags, g_steal_pointer (&tag));
    }
}

static void
read_product (Fetch    *self,
              JsonNode *node)
{
  VitrineSyncBuilder *builder = self->builder;
  g_autoptr(VitrineProductDraft) draft = NULL;
  g_autoptr(GPtrArray) variant_nodes = NULL;
  g_autoptr(GPtrArray) option_names = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *path = NULL;
  g_autofree char *handle = NULL;
  g_autofree char *online_store_url = NULL;
  g_autofree char *field = NULL;
  VitrineVariantDraft *cheapest = NULL;
  JsonObject *object;
  JsonObject *variants;
  JsonObject *image;
  gboolean title_ok;
  int index = (int) builder->n_listed - 1;

  path = g_strdup_printf ("products[%d]", index);
  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    {
      _vitrine_sync_problem (builder, VITRINE_CATALOG_PROBLEM_ERROR, 0, index, path, NULL,
                             _("the product is %s, not an object"),
                             _vitrine_sync_describe_node (node));
      return;
    }
  object = json_node_get_object (node);
  draft = _vitrine_product_draft_new (0, index);

  /* The title first: the messages about the rest name the product by it. */
  draft->title_field = _vitrine_sync_join_path (path, "title");
  title_ok = _vitrine_sync_get_string (builder, object, "title", path, index, NULL,
                                       VITRINE_CATALOG_PROBLEM_ERROR, &draft->title);

  draft->id_field = _vitrine_sync_join_path (path, "id");
  if (!_vitrine_sync_get_string (builder, object, "id", path, index, draft->title,
                                 VITRINE_CATALOG_PROBLEM_ERROR, &draft->id))
    return;
  if (draft->id == NULL || *draft->id == '\0')
    {
      _vitrine_sync_problem (builder, VITRINE_CATALOG_PROBLEM_ERROR, 0, index, draft->id_field,
                             draft->title, _("the product has no id"));
      return;
    }
  /* Listed, so not gone, even if it cannot be shown. */
  g_hash_table_add (builder->shop_ids, g_strdup (draft->id));

  if (draft->title == NULL || *g_strstrip (draft->title) == '\0')
    {
      /* A title of the wrong type has had its problem already. */
      if (title_ok)
        _vitrine_sync_problem (builder, VITRINE_CATALOG_PROBLEM_ERROR, 0, index,
                               draft->title_field, draft->id, _("the product has no title"));
      return;
    }

  _vitrine_sync_get_string (builder, object, "handle", path, index, draft->title,
                            VITRINE_CATALOG_PROBLEM_WARNING, &handle);
  draft->description_field = _vitrine_sync_join_path (path, "description");
  _vitrine_sync_get_string (builder, object, "description", path, index, draft->title,
                            VITRINE_CATALOG_PROBLEM_WARNING, &draft->description);
  if (draft->description != NULL && *g_strstrip (draft->description) == '\0')
    g_clear_pointer (&draft->description, g_free);
  draft->checkout_url_field = _vitrine_sync_join_path (path, "onlineStoreUrl");
  _vitrine_sync_get_string (builder, object, "onlineStoreUrl", path, index, draft->title,
                            VITRINE_CATALOG_PROBLEM_WARNING, &online_store_url);
  draft->checkout_url = checkout_url (self, online_store_url, handle);

  image = get_object (object, "featuredImage");
  if (image != NULL)
    {
      g_autofree char *image_path = _vitrine_sync_join_path (path, "featuredImage");

      _vitrine_sync_get_string (builder, image, "url", image_path, index, draft->title,
                                VITRINE_CATALOG_PROBLEM_WARNING, &draft->image);
    }

  read_tags (self, object, path, draft);

  field = _vitrine_sync_join_path (path, "variants");
  variants = get_object (object, "variants");
  variant_nodes = connection_nodes (variants);
  draft->sku_field = _vitrine_sync_join_path (path, "variants[0].sku");
  draft->price_field = _vitrine_sync_join_path (path, "variants[0].price");
  draft->compare_at_field = _vitrine_sync_join_path (path, "variants[0].compareAtPrice");

  for (guint i = 0; i < variant_nodes->len; i++)
    {
      g_autofree char *variant_path = g_strdup_printf ("%s.variants[%u]", path, i);
      VitrineVariantDraft *variant;

      variant = read_variant (self, g_ptr_array_index (variant_nodes, i), variant_path, index,
                              draft->title, i == 0 ? option_names : NULL);
      if (variant != NULL)
        g_ptr_array_add (draft->variants, variant);
    }

  if (variant_nodes->len == 0)
    {
      _vitrine_sync_problem (builder, VITRINE_CATALOG_PROBLEM_ERROR, 0, index, field,
                             draft->title, _("the product has no variants, so no price"));
      return;
    }
  if (draft->variants->len == 0)
    {
      _vitrine_sync_problem (builder, VITRINE_CATALOG_PROBLEM_ERROR, 0, index, field,
                             draft->title, _("none of the product’s variants can be synced"));
      return;
    }

  {
    JsonObject *page_info = get_object (variants, "pageInfo");
    JsonNode *more = page_info ? json_object_get_member (page_info, "hasNextPage") : NULL;

    if (more != NULL && JSON_NODE_HOLDS_VALUE (more) &&
        json_node_get_value_type (more) == G_TYPE_BOOLEAN && json_node_get_boolean (more))
      _vitrine_sync_problem (builder, VITRINE_CATALOG_PROBLEM_WARNING, 0, index, field,
                             draft->title,
                             g_dngettext (GETTEXT_PACKAGE,
                                          "only the first %u variant is synced; the product "
                                          "has more",
                                          "only the first %u variants are synced; the product "
                                          "has more", self->variants),
                             self->variants);
  }

  /* One "Default Title" variant: a product without variants. */
  if (variant_nodes->len == 1 && draft->variants->len == 1 &&
      is_default_title (g_ptr_array_index (draft->variants, 0)))
    {
      VitrineVariantDraft *only = g_ptr_array_index (draft->variants, 0);

      draft->sku = g_steal_pointer (&only->sku);
      draft->price = only->price;
      draft->compare_at = only->compare_at;
      draft->stock = only->stock;
      g_ptr_array_set_size (draft->variants, 0);
      g_ptr_array_add (builder->drafts, g_steal_pointer (&draft));
      return;
    }

  if (option_names->len > 0)
    {
      g_ptr_array_add (option_names, NULL);
      draft->option_names = g_strdupv ((char **) option_names->pdata);
    }

  for (guint i = 0; i < draft->variants->len; i++)
    {
      VitrineVariantDraft *variant = g_ptr_array_index (draft->variants, i);

      if (cheapest == NULL || variant->price.amount < cheapest->price.amount)
        cheapest = variant;
    }
  draft->price = cheapest->price;
  draft->compare_at = cheapest->compare_at;
  g_ptr_array_add (builder->drafts, g_steal_pointer (&draft));
}

static void
page_problem (Fetch      *self,
              guint       line,
              const char *format,
              ...) G_GNUC_PRINTF (3, 4);

static void
page_problem (Fetch      *self,
              guint       line,
              const char *format,
              ...)
{
  g_autofree char *message = NULL;
  g_autofree char *field = g_strdup_printf (_("page %u"), self->page);
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  _vitrine_sync_problem (self->builder, VITRINE_CATALOG_PROBLEM_ERROR, line, -1, field, NULL,
                         "%s", message);
}

static char *
shorten (const char *text)
{
  if (text == NULL)
    return g_strdup ("?");
  if (g_utf8_validate (text, -1, NULL) && g_utf8_strlen (text, -1) > 200)
    {
      g_autofree char *start = g_utf8_substring (text, 0, 200);

      return g_strconcat (start, "…", NULL);
    }
  return g_strdup (text);
}

typedef enum
{
  ERRORS_NONE,
  ERRORS_RETRY,
  ERRORS_FATAL,
  ERRORS_PARTIAL,
} ErrorsVerdict;

/* GraphQL errors come as a list of {message, extensions {code}}; a rejected
 * token's as a single string. */
static ErrorsVerdict
handle_errors (GTask      *task,
               JsonObject *root,
               guint      *wait_ms)
{
  Fetch *self = g_task_get_task_data (task);
  JsonNode *errors = json_object_get_member (root, "errors");
  JsonArray *list;
  g_autofree char *first_message = NULL;

  *wait_ms = 0;
  if (errors == NULL || JSON_NODE_HOLDS_NULL (errors))
    return ERRORS_NONE;

  if (JSON_NODE_HOLDS_VALUE (errors) && json_node_get_value_type (errors) == G_TYPE_STRING)
    {
      g_autofree char *message = shorten (json_node_get_string (errors));

      g_task_return_new_error (task, VITRINE_FEED_ERROR, VITRINE_FEED_ERROR_PROTOCOL,
                               _("%s refused to list the products: %s"), self->host, message);
      return ERRORS_FATAL;
    }

  if (!JSON_NODE_HOLDS_ARRAY (errors) || json_array_get_length (json_node_get_array (errors)) == 0)
    return ERRORS_NONE;

  list = json_node_get_array (errors);
  for (guint i = 0; i < json_array_get_length (list); i++)
    {
      JsonNode *node = json_array_get_element (list, i);
      JsonObject *error = JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
      const char *message = get_string (error, "message");
      const char *code = get_string (get_object (error, "extensions"), "code");

      if (first_message == NULL)
        first_message = shorten (message);

      if (g_strcmp0 (code, "THROTTLED") == 0 ||
          (message != NULL && g_ascii_strcasecmp (message, "Throttled") == 0))
        {
          if (++self->throttled > MAX_THROTTLED)
            {
              g_task_return_new_error (task, VITRINE_FEED_ERROR, VITRINE_FEED_ERROR_RATE_LIMITED,
                                       _("%s kept refusing for the query budget after %u waits; "
                                         "try again in a few minutes"),
                                       self->host, MAX_THROTTLED);
              return ERRORS_FATAL;
            }
          *wait_ms = budget_wait_ms (self);
          if (*wait_ms == 0)
            *wait_ms = 1000u << MIN (self->throttled - 1, 5u);
          return ERRORS_RETRY;
        }

      if (g_strcmp0 (code, "MAX_COST_EXCEEDED") == 0 ||
          (message != NULL && strstr (message, "max cost") != NULL))
        {
          if (self->first > 1)
            self->first = MAX (1u, self->first / 2);
          else if (self->variants > 1)
            self->variants = MAX (1u, self->variants / 2);
          else
            break;
          g_debug ("%s: query too expensive; asking %u products of %u variants", self->host,
                   self->first, self->variants);
          return ERRORS_RETRY;
        }

      /* "Field must have selections (field 'price' returns MoneyV2 …)", or
       * the other way round: this API version has the other money shape. */
      if (message != NULL && !self->shape_switched &&
          (strstr (message, "must have selections") != NULL ||
           strstr (message, "Selections can't be made on scalars") != NULL) &&
          (strstr (message, "price") != NULL || strstr (message, "Price") != NULL))
        {
          self->shape_switched = TRUE;
          self->money_v2 = !self->money_v2;
          g_debug ("%s: prices are %s in this API version", self->host,
                   self->money_v2 ? "MoneyV2" : "Money");
          return ERRORS_RETRY;
        }

      if (g_strcmp0 (code, "ACCESS_DENIED") == 0 ||
          (message != NULL && g_str_has_prefix (message, "Access denied")))
        {
          g_task_return_new_error (task, VITRINE_FEED_ERROR, VITRINE_FEED_ERROR_KEY_REJECTED,
                                   _("%s refused the access token for products: it needs the "
                                     "read_products permission"), self->host);
          return ERRORS_FATAL;
        }
    }

  /* Anything else: fatal without data, else a problem and the data. */
  if (get_object (get_object (root, "data"), "products") == NULL)
    {
      g_task_return_new_error (task, VITRINE_FEED_ERROR, VITRINE_FEED_ERROR_PROTOCOL,
                               _("%s refused to list the products: %s"), self->host,
                               first_message ? first_message : "?");
      return ERRORS_FATAL;
    }

  page_problem (self, 0, _("the shop reported an error: %s"),
                first_message ? first_message : "?");
  return ERRORS_PARTIAL;
}

static void
page_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Fetch *self = g_task_get_task_data (task);
  g_autoptr(VitrineShopResponse) response = NULL;
  g_autoptr(JsonNode) root_node = NULL;
  g_autoptr(GPtrArray) nodes = NULL;
  g_autofree char *parse_message = NULL;
  GError *error = NULL;
  JsonObject *root;
  JsonObject *data;
  JsonObject *shop;
  JsonObject *products;
  JsonObject *page_info;
  JsonNode *more;
  const char *end_cursor;
  const char *currency;
  guint line, column;
  guint wait_ms;

  response = _vitrine_shop_send_finish (result, &error);
  if (response == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  if (!_vitrine_shop_check_status (response, self->host, &error))
    {
      g_task_return_error (task, error);
      return;
    }

  root_node = _vitrine_shop_parse_json (response->body, &line, &column, &parse_message);
  if (root_node == NULL || !JSON_NODE_HOLDS_OBJECT (root_node))
    {
      /* Without the page there is no cursor to go on with: what was read so
       * far is kept, and the sync says it is incomplete. */
      if (root_node == NULL)
        page_problem (self, line, _("the shop sent malformed JSON (line %u, column %u): %s"),
                      line, column, parse_message);
      else
        page_problem (self, 0, _("the shop’s answer is %s, not an object"),
                      _vitrine_sync_describe_node (root_node));
      finish (task);
      return;
    }
  root = json_node_get_object (root_node);
  read_cost (self, root);

  switch (handle_errors (task, root, &wait_ms))
    {
    case ERRORS_FATAL:
      return;
    case ERRORS_RETRY:
      g_clear_pointer (&self->body, g_bytes_unref);
      self->body = build_body (self);
      request_after (g_steal_pointer (&task), wait_ms);
      return;
    case ERRORS_NONE:
    case ERRORS_PARTIAL:
    default:
      break;
    }
  self->throttled = 0;

  data = get_object (root, "data");
  shop = get_object (data, "shop");
  currency = get_string (shop, "currencyCode");
  if (currency != NULL && !vitrine_currency_normalize (currency, self->builder->currency))
    self->builder->currency[0] = '\0';
  if (self->shop_url == NULL && get_string (get_object (shop, "primaryDomain"), "url") != NULL)
    {
      g_autofree char *url = g_strdup (get_string (get_object (shop, "primaryDomain"), "url"));
      gsize length = strlen (url);

      while (length > 0 && url[length - 1] == '/')
        url[--length] = '\0';
      if (g_str_has_prefix (url, "https://") || g_str_has_prefix (url, "http://"))
        self->shop_url = g_steal_pointer (&url);
    }

  products = get_object (data, "products");
  if (products == NULL)
    {
      page_problem (self, 0, _("the shop’s answer has no products list"));
      finish (task);
      return;
    }

  nodes = connection_nodes (products);
  for (guint i = 0; i < nodes->len; i++)
    {
      if (!_vitrine_sync_count_product (self->builder, &error))
        {
          g_task_return_error (task, error);
          return;
        }
      read_product (self, g_ptr_array_index (nodes, i));
    }

  page_info = get_object (products, "pageInfo");
  more = page_info ? json_object_get_member (page_info, "hasNextPage") : NULL;
  end_cursor = get_string (page_info, "endCursor");

  if (more == NULL || !JSON_NODE_HOLDS_VALUE (more) ||
      json_node_get_value_type (more) != G_TYPE_BOOLEAN || !json_node_get_boolean (more))
    {
      self->builder->complete = (more != NULL);
      if (more == NULL)
        page_problem (self, 0, _("the shop’s answer does not say whether more products follow"));
      finish (task);
      return;
    }

  if (end_cursor == NULL || g_strcmp0 (end_cursor, self->cursor) == 0)
    {
      page_problem (self, 0, _("the shop says more products follow, but not where"));
      finish (task);
      return;
    }

  g_free (self->cursor);
  self->cursor = g_strdup (end_cursor);
  self->page++;
  g_clear_pointer (&self->body, g_bytes_unref);
  self->body = build_body (self);
  request_after (g_steal_pointer (&task), budget_wait_ms (self));
}

static void
request_page (GTask *task)
{
  Fetch *self = g_task_get_task_data (task);

  if (self->body == NULL)
    self->body = build_body (self);

  g_debug ("%s: asking for page %u (%u products)", self->host, self->page, self->first);
  _vitrine_shop_send_async (self->session, build_message, self, g_task_get_cancellable (task),
                            page_cb, task);
}

static void
secret_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Fetch *self = g_task_get_task_data (task);
  GError *error = NULL;

  self->token = _vitrine_shop_lookup_secret_finish (result, &error);
  if (self->token == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  g_strstrip (self->token);
  request_page (g_steal_pointer (&task));
}

/**
 * vitrine_shopify_products_fetch_async:
 * @options: where the shop is; copied before this returns
 * @cancellable: (nullable): a #GCancellable
 * @callback: called on the calling thread's main context when done
 * @user_data: data for @callback
 *
 * Reads every active product of a Shopify shop through the Admin GraphQL API,
 * without blocking: `POST <base_url>/admin/api/<api_version>/graphql.json`
 * with the access token (an Admin API token with `read_products`) in the
 * `X-Shopify-Access-Token` header, taken from the keyring item
 * `shopify:<host>` (or @options->secret_id).
 *
 * Each product's id is its GraphQL id (`gid://shopify/Product/…`), its
 * checkout URL its `onlineStoreUrl`, else `<primary domain>/products/<handle>`;
 * a product of one `Default Title` variant has no variants; stock is not
 * counted for a variant Shopify keeps selling at 0 (`inventoryPolicy:
 * CONTINUE`). The query budget is respected: see the file's comment.
 */
void
vitrine_shopify_products_fetch_async (const VitrineProductSyncOptions *options,
                                      GCancellable                    *cancellable,
                                      GAsyncReadyCallback              callback,
                                      gpointer                         user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GUri) base = NULL;
  g_autofree char *path = NULL;
  GError *error = NULL;
  Fetch *self;

  g_return_if_fail (options != NULL);
  g_return_if_fail (options->catalog == NULL || VITRINE_IS_CATALOG (options->catalog));
  g_return_if_fail (options->session == NULL || SOUP_IS_SESSION (options->session));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, vitrine_shopify_products_fetch_async);

  base = _vitrine_shop_parse_base_url (options->base_url, &error);
  if (base == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  self = g_new0 (Fetch, 1);
  g_task_set_task_data (task, self, (GDestroyNotify) fetch_free);
  self->session = options->session ? g_object_ref (options->session)
                                   : _vitrine_shop_session_new ();
  self->host = g_strdup (g_uri_get_host (base));
  self->secret_id = options->secret_id ? g_strdup (options->secret_id)
                                       : _vitrine_shop_default_secret_id ("shopify", base);
  self->currency = options->currency ? g_strstrip (g_strdup (options->currency)) : NULL;
  self->catalog = options->catalog ? g_object_ref (options->catalog) : NULL;
  self->builder = _vitrine_sync_builder_new (ID_PREFIX, "compareAtPrice");
  self->page = 1;
  self->first = PAGE_PRODUCTS;
  self->variants = PAGE_VARIANTS;

  path = g_strdup_printf ("%s/admin/api/%s/graphql.json", g_uri_get_path (base),
                          options->api_version ? options->api_version
                                               : VITRINE_SHOPIFY_API_VERSION);
  self->endpoint = g_uri_build (G_URI_FLAGS_NONE, g_uri_get_scheme (base), NULL,
                                g_uri_get_host (base), g_uri_get_port (base), path, NULL, NULL);

  _vitrine_shop_lookup_secret_async (self->secret_id, cancellable, secret_cb,
                                     g_steal_pointer (&task));
}

/**
 * vitrine_shopify_products_fetch_finish:
 * @result: the result given to the callback
 * @error: a location for a #GError in the %VITRINE_FEED_ERROR domain
 *
 * Returns: (transfer full): the products and the problems, or %NULL with
 *   @error set when nothing could be read: no credentials
 *   (%VITRINE_FEED_ERROR_KEY_MISSING), refused (%VITRINE_FEED_ERROR_KEY_REJECTED),
 *   the shop cannot be reached (%VITRINE_FEED_ERROR_UNREACHABLE), kept
 *   throttling or failing (%VITRINE_FEED_ERROR_RATE_LIMITED,
 *   %VITRINE_FEED_ERROR_SERVER_ERROR), or %G_IO_ERROR_CANCELLED
 */
VitrineProductSync *
vitrine_shopify_products_fetch_finish (GAsyncResult  *result,
                                       GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) ==
                        vitrine_shopify_products_fetch_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
