/* vitrine-woocommerce-products.c
 *
 * Copyright 2026 The Vitrine developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "vitrine-woocommerce"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "vitrine-product-sync-private.h"
#include "vitrine-woocommerce-products.h"

/* WooCommerce's products through its REST API v3:
 * `GET <base>/wp-json/wc/v3/products?per_page=100&page=N&status=publish`,
 * paged by page number (the `X-WP-TotalPages` header, else a `Link` header
 * with `rel="next"`, else a short page ends the list), and for each product
 * of type `variable`, `GET …/products/<id>/variations`, paged the same way.
 *
 * Authentication is HTTP Basic with the consumer key and secret over HTTPS,
 * or the same two in the query string (`consumer_key`, `consumer_secret`) for
 * servers that strip the `Authorization` header: WooCommerce then answers 401
 * “Consumer key is missing”, and Vitrine switches once by itself. The keyring
 * item holds both as `ck_…:cs_…`.
 *
 * Products do not say their currency: it comes from the options, else from
 * `GET …/data/currencies/current` (`{"code": "EUR", …}`).
 *
 * Ids are `gid://woocommerce/Product/<id>` and
 * `gid://woocommerce/ProductVariation/<id>`, shaped like Shopify's so that one
 * catalog can tell where a product came from. */

#define PER_PAGE 100

/* 50 000 products at 100 a page; a product's variations alike. */
#define MAX_PAGES (VITRINE_CATALOG_IMPORT_MAX_ROWS / PER_PAGE)

#define ID_PREFIX "gid://woocommerce/Product/"
#define VARIATION_PREFIX "gid://woocommerce/ProductVariation/"

typedef enum
{
  REQUEST_CURRENCY,
  REQUEST_PRODUCTS,
  REQUEST_VARIATIONS,
} RequestKind;

/* A variable product waiting for its variations. */
typedef struct
{
  VitrineProductDraft *draft;        /* borrowed: owned by builder->drafts */
  char                *woo_id;
  GStrv                option_names;
  guint                page;
  guint                total_pages;  /* 0: not said */
  guint                listed;
} Pending;

typedef struct
{
  SoupSession        *session;
  GUri               *base;
  char               *host;
  char               *secret_id;
  char               *consumer_key;
  char               *consumer_secret;
  gboolean            query_auth;
  gboolean            auth_switched;
  VitrineCatalog     *catalog;
  VitrineSyncBuilder *builder;

  /* The request in flight. */
  RequestKind         kind;
  char               *path;
  char               *query;

  /* Product pages. */
  guint               page;
  guint               total_pages;   /* 0: not said */
  gboolean            products_done;
  gboolean            incomplete;

  GQueue              pending;       /* Pending */
  Pending            *current;
} Fetch;

static void
pending_free (Pending *pending)
{
  g_free (pending->woo_id);
  g_strfreev (pending->option_names);
  g_free (pending);
}

static void
fetch_free (Fetch *self)
{
  g_clear_object (&self->session);
  g_clear_pointer (&self->base, g_uri_unref);
  g_free (self->host);
  g_free (self->secret_id);
  g_clear_pointer (&self->consumer_key, _vitrine_shop_secret_free);
  g_clear_pointer (&self->consumer_secret, _vitrine_shop_secret_free);
  g_clear_object (&self->catalog);
  g_clear_pointer (&self->builder, _vitrine_sync_builder_free);
  g_free (self->path);
  g_free (self->query);
  g_queue_clear_full (&self->pending, (GDestroyNotify) pending_free);
  g_clear_pointer (&self->current, pending_free);
  g_free (self);
}

static void request (GTask *task);
static void go_on (GTask *task);

static SoupMessage *
build_message (gpointer user_data)
{
  Fetch *self = user_data;
  g_autoptr(GString) query = g_string_new (self->query);
  g_autofree char *path = g_strconcat (g_uri_get_path (self->base), self->path, NULL);
  g_autoptr(GUri) uri = NULL;
  SoupMessage *message;
  SoupMessageHeaders *headers;

  if (self->query_auth)
    {
      g_autofree char *key = g_uri_escape_string (self->consumer_key, NULL, FALSE);
      g_autofree char *secret = g_uri_escape_string (self->consumer_secret, NULL, FALSE);

      g_string_append_printf (query, "%sconsumer_key=%s&consumer_secret=%s",
                              query->len > 0 ? "&" : "", key, secret);
      memset (key, 0, strlen (key));
      memset (secret, 0, strlen (secret));
    }

  uri = g_uri_build (G_URI_FLAGS_ENCODED_QUERY, g_uri_get_scheme (self->base), NULL,
                     g_uri_get_host (self->base), g_uri_get_port (self->base), path,
                     query->len > 0 ? query->str : NULL, NULL);
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

static void
finish (GTask *task)
{
  Fetch *self = g_task_get_task_data (task);
  VitrineProductSync *sync;

  self->builder->complete = !self->incomplete;
  sync = _vitrine_product_sync_build (self->builder, self->catalog);
  g_debug ("%s: %u products listed, %u kept, %u problems", self->host, self->builder->n_listed,
           g_list_model_get_n_items (vitrine_product_sync_get_products (sync)),
           vitrine_product_sync_get_n_problems (sync));
  g_task_return_pointer (task, sync, g_object_unref);
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

/* "Sorry, you cannot list resources.": WooCommerce's own words, unless they
 * quote a credential back. */
static char *
shop_message (Fetch               *self,
              VitrineShopResponse *response)
{
  guint line, column;
  g_autofree char *parse_message = NULL;
  g_autoptr(JsonNode) root = _vitrine_shop_parse_json (response->body, &line, &column,
                                                       &parse_message);
  const char *message;

  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return NULL;

  message = get_string (json_node_get_object (root), "message");
  if (message == NULL || *message == '\0' || g_utf8_strlen (message, -1) > 300 ||
      strstr (message, self->consumer_key) != NULL ||
      strstr (message, self->consumer_secret) != NULL)
    return NULL;

  return g_strdup (message);
}

/* An id as WooCommerce writes it (an integer), as text; a 64-bit one stays
 * exact, since json-glib reads integers as gint64. */
static char *
read_id (VitrineSyncBuilder *builder,
         JsonObject         *object,
         const char         *path,
         int                 index,
         const char         *title)
{
  JsonNode *node = json_object_get_member (object, "id");
  g_autofree char *field = _vitrine_sync_join_path (path, "id");

  if (node != NULL && JSON_NODE_HOLDS_VALUE (node) &&
      json_node_get_value_type (node) == G_TYPE_INT64 && json_node_get_int (node) > 0)
    return g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (node));

  if (node != NULL && JSON_NODE_HOLDS_VALUE (node) &&
      json_node_get_value_type (node) == G_TYPE_STRING &&
      g_ascii_string_to_unsigned (json_node_get_string (node), 10, 1, G_MAXINT64, NULL, NULL))
    return g_strdup (json_node_get_string (node));

  _vitrine_sync_problem (builder, VITRINE_CATALOG_PROBLEM_ERROR, 0, index, field, title,
                         _("the id is %s, not a whole number"),
                         _vitrine_sync_describe_node (node));
  return NULL;
}

static gboolean
get_boolean (JsonObject *object,
             const char *member,
             gboolean   *value)
{
  JsonNode *node = json_object_get_member (object, member);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_BOOLEAN)
    return FALSE;
  *value = json_node_get_boolean (node);
  return TRUE;
}

static gboolean
is_empty_string (JsonNode *node)
{
  return node == NULL || JSON_NODE_HOLDS_NULL (node) ||
         (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING &&
          *json_node_get_string (node) == '\0');
}

/* price / regular_price / sale_price, all decimal text, "" when not set: on
 * sale, the sale price with the regular price struck through; else the
 * price. */
static gboolean
read_prices (Fetch        *self,
             JsonObject   *object,
             const char   *path,
             int           index,
             const char   *title,
             VitrineMoney *price,
             VitrineMoney *compare_at)
{
  VitrineSyncBuilder *builder = self->builder;
  JsonNode *current = json_object_get_member (object, "price");
  JsonNode *regular = json_object_get_member (object, "regular_price");
  JsonNode *sale = json_object_get_member (object, "sale_price");
  g_autofree char *current_field = _vitrine_sync_join_path (path, "price");
  g_autofree char *regular_field = _vitrine_sync_join_path (path, "regular_price");
  g_autofree char *sale_field = _vitrine_sync_join_path (path, "sale_price");
  gboolean on_sale;

  compare_at->amount = 0;
  if (!get_boolean (object, "on_sale", &on_sale))
    on_sale = !is_empty_string (sale);

  if (on_sale && !is_empty_string (sale))
    {
      if (!_vitrine_sync_parse_money (builder, sale, builder->currency, sale_field, index, title,
                                      price))
        return FALSE;
      if (!is_empty_string (regular) &&
          !_vitrine_sync_parse_money (builder, regular, builder->currency, regular_field, index,
                                      title, compare_at))
        return FALSE;
      return TRUE;
    }

  if (!is_empty_string (current))
    {
      if (!_vitrine_sync_parse_money (builder, current, builder->currency, current_field, index,
                                      title, price))
        return FALSE;
      if (on_sale && !is_empty_string (regular) &&
          !_vitrine_sync_parse_money (builder, regular, builder->currency, regular_field, index,
                                      title, compare_at))
        return FALSE;
      return TRUE;
    }

  if (!is_empty_string (regular))
    return _vitrine_sync_parse_money (builder, regular, builder->currency, regular_field, index,
                                      title, price);

  _vitrine_sync_problem (builder, VITRINE_CATALOG_PROBLEM_ERROR, 0, index, current_field, title,
                         _("the product has no price"));
  return FALSE;
}

/* manage_stock: the count in stock_quantity; else only stock_status says
 * "outofstock". A shop that takes backorders keeps selling at 0, so the card
 * must not say SOLD OUT: not counted. */
static gboolean
read_stock (Fetch        *self,
            JsonObject   *object,
            const char   *path,
            int           index,
            const char   *title,
            gint64       *stock)
{
  VitrineSyncBuilder *builder = self->builder;
  JsonNode *quantity = json_object_get_member (object, "stock_quantity");
  const char *status = get_string (object, "stock_status");
  const char *backorders = get_string (object, "backorders");
  g_autofree char *field = _vitrine_sync_join_path (path, "stock_quantity");
  gboolean managed = FALSE;
  gint64 value;

  *stock = -1;
  /* A variation's "parent" means the product's count, shared by all its
   * variations: not a count of this one. */
  get_boolean (object, "manage_stock", &managed);

  if (!managed)
    {
      if (g_strcmp0 (status, "outofstock") == 0)
        *stock = 0;
      return TRUE;
    }

  if (quantity == NULL || JSON_NODE_HOLDS_NULL (quantity))
    return TRUE;

  if (!JSON_NODE_HOLDS_VALUE (quantity) || json_node_get_value_type (quantity) != G_TYPE_INT64)
    {
      _vitrine_sync_problem (builder, VITRINE_CATALOG_PROBLEM_ERROR, 0, index, field, title,
                             _("the stock is %s, not a whole number"),
                             _vitrine_sync_describe_node (quantity));
      return FALSE;
    }

  if (backorders != NULL && g_strcmp0 (backorders, "no") != 0)
    return TRUE;

  value = json_node_get_int (quantity);
  if (value < 0)
    {
      _vitrine_sync_problem (builder, VITRINE_CATALOG_PROBLEM_WARNING, 0, index, field, title,
                             _("the stock is %" G_GINT64_FORMAT " (oversold), so it counts as 0"),
                             value);
      value = 0;
    }
  *stock = value;
  return TRUE;
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
                             field, draft->title,
                             _("the tags are %s, not a list, so they are ignored"),
                             _vitrine_sync_describe_node (node));
      return;
    }

  tags = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (tags); i++)
    {
      JsonNode *tag_node = json_array_get_element (tags, i);
      const char *name;
      g_autofree char *tag = NULL;

      if (!JSON_NODE_HOLDS_OBJECT (tag_node))
        continue;
      name = get_string (json_node_get_object (tag_node), "name");
      if (name == NULL)
        continue;

      tag = g_strstrip (g_strdup (name));
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

/* The names of the attributes variations are made of, in the product's
 * order: "Colour", "Size". */
static GStrv
read_option_names (JsonObject *object)
{
  JsonNode *node = json_object_get_member (object, "attributes");
  g_autoptr(GStrvBuilder) names = g_strv_builder_new ();
  JsonArray *attributes;

  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    return NULL;

  attributes = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (attributes); i++)
    {
      JsonNode *attribute = json_array_get_element (attributes, i);
      gboolean variation = FALSE;
      const char *name;

      if (!JSON_NODE_HOLDS_OBJECT (attribute))
        continue;
      name = get_string (json_node_get_object (attribute), "name");
      if (name != NULL && get_boolean (json_node_get_object (attribute), "variation", &variation) &&
          variation)
        g_strv_builder_add (names, name);
    }

  return g_strv_builder_end (names);
}

static void
read_product (GTask    *task,
              JsonNode *node)
{
  Fetch *self = g_task_get_task_data (task);
  VitrineSyncBuilder *builder = self->builder;
  g_autoptr(VitrineProductDraft) draft = NULL;
  g_autofree char *path = NULL;
  g_autofree char *woo_id = NULL;
  g_autofree char *type = NULL;
  g_autofree char *html = NULL;
  JsonObject *object;
  JsonNode *images;
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

  draft->title_field = _vitrine_sync_join_path (path, "name");
  title_ok = _vitrine_sync_get_string (builder, object, "name", path, index, NULL,
                                       VITRINE_CATALOG_PROBLEM_ERROR, &draft->title);

  draft->id_field = _vitrine_sync_join_path (path, "id");
  woo_id = read_id (builder, object, path, index, draft->title);
  if (woo_id == NULL)
    return;
  draft->id = g_strconcat (ID_PREFIX, woo_id, NULL);
  g_hash_table_add (builder->shop_ids, g_strdup (draft->id));

  if (draft->title == NULL || *g_strstrip (draft->title) == '\0')
    {
      if (title_ok)
        _vitrine_sync_problem (builder, VITRINE_CATALOG_PROBLEM_ERROR, 0, index,
                               draft->title_field, draft->id, _("the product has no name"));
      return;
    }

  _vitrine_sync_get_string (builder, object, "type", path, index, draft->title,
                            VITRINE_CATALOG_PROBLEM_WARNING, &type);

  draft->sku_field = _vitrine_sync_join_path (path, "sku");
  _vitrine_sync_get_string (builder, object, "sku", path, index, draft->title,
                            VITRINE_CATALOG_PROBLEM_WARNING, &draft->sku);
  if (draft->sku != NULL && *g_strstrip (draft->sku) == '\0')
    g_clear_pointer (&draft->sku, g_free);

  draft->checkout_url_field = _vitrine_sync_join_path (path, "permalink");
  _vitrine_sync_get_string (builder, object, "permalink", path, index, draft->title,
                            VITRINE_CATALOG_PROBLEM_WARNING, &draft->checkout_url);

  /* The short description is the one written for a glance. */
  draft->description_field = _vitrine_sync_join_path (path, "short_description");
  _vitrine_sync_get_string (builder, object, "short_description", path, index, draft->title,
                            VITRINE_CATALOG_PROBLEM_WARNING, &html);
  draft->description = _vitrine_sync_html_to_text (html);
  if (draft->description == NULL)
    {
      g_clear_pointer (&html, g_free);
      g_free (draft->description_field);
      draft->description_field = _vitrine_sync_join_path (path, "description");
      _vitrine_sync_get_string (builder, object, "description", path, index, draft->title,
                                VITRINE_CATALOG_PROBLEM_WARNING, &html);
      draft->description = _vitrine_sync_html_to_text (html);
    }

  images = json_object_get_member (object, "images");
  if (images != NULL && JSON_NODE_HOLDS_ARRAY (images) &&
      json_array_get_length (json_node_get_array (images)) > 0)
    {
      JsonNode *first = json_array_get_element (json_node_get_array (images), 0);

      if (JSON_NODE_HOLDS_OBJECT (first))
        {
          g_autofree char *image_path = _vitrine_sync_join_path (path, "images[0]");

          _vitrine_sync_get_string (builder, json_node_get_object (first), "src", image_path,
                                    index, draft->title, VITRINE_CATALOG_PROBLEM_WARNING,
                                    &draft->image);
        }
    }

  read_tags (self, object, path, draft);

  if (g_strcmp0 (type, "variable") == 0)
    {
      Pending *pending = g_new0 (Pending, 1);

      /* Its price and stock are its variations': read them next. */
      pending->draft = draft;
      pending->woo_id = g_steal_pointer (&woo_id);
      pending->option_names = read_option_names (object);
      pending->page = 1;
      draft->option_names = g_strdupv (pending->option_names);
      draft->price_field = _vitrine_sync_join_path (path, "variations");
      draft->compare_at_field = _vitrine_sync_join_path (path, "variations");
      g_ptr_array_add (builder->drafts, g_steal_pointer (&draft));
      g_queue_push_tail (&self->pending, pending);
      return;
    }

  draft->price_field = _vitrine_sync_join_path (path, "price");
  draft->compare_at_field = _vitrine_sync_join_path (path, "regular_price");
  if (!read_prices (self, object, path, index, draft->title, &draft->price, &draft->compare_at) ||
      !read_stock (self, object, path, index, draft->title, &draft->stock))
    return;

  g_ptr_array_add (builder->drafts, g_steal_pointer (&draft));
}

static void
read_variation (Fetch    *self,
                JsonNode *node)
{
  Pending *pending = self->current;
  VitrineProductDraft *draft = pending->draft;
  VitrineSyncBuilder *builder = self->builder;
  g_autoptr(VitrineVariantDraft) variant = NULL;
  g_autoptr(GStrvBuilder) options = g_strv_builder_new ();
  g_autofree char *path = g_strdup_printf ("products[%d].variations[%u]", draft->index,
                                           pending->listed - 1);
  g_autofree char *woo_id = NULL;
  const char *status;
  JsonObject *object;
  JsonNode *attributes;

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    {
      _vitrine_sync_problem (builder, VITRINE_CATALOG_PROBLEM_ERROR, 0, draft->index, path,
                             draft->title, _("the variation is %s, not an object"),
                             _vitrine_sync_describe_node (node));
      return;
    }
  object = json_node_get_object (node);

  /* A variation the shop does not sell (private, draft) is not shown. */
  status = get_string (object, "status");
  if (status != NULL && g_strcmp0 (status, "publish") != 0)
    return;

  woo_id = read_id (builder, object, path, draft->index, draft->title);
  if (woo_id == NULL)
    return;

  variant = _vitrine_variant_draft_new (0);
  variant->path = g_strdup (path);
  variant->id = g_strconcat (VARIATION_PREFIX, woo_id, NULL);
  variant->sku_field = _vitrine_sync_join_path (path, "sku");
  _vitrine_sync_get_string (builder, object, "sku", path, draft->index, draft->title,
                            VITRINE_CATALOG_PROBLEM_WARNING, &variant->sku);
  if (variant->sku != NULL && *g_strstrip (variant->sku) == '\0')
    g_clear_pointer (&variant->sku, g_free);

  if (!read_prices (self, object, path, draft->index, draft->title, &variant->price,
                    &variant->compare_at) ||
      !read_stock (self, object, path, draft->index, draft->title, &variant->stock))
    return;

  /* [{"id": 1, "name": "Colour", "option": "Blue"}], in the product's
   * order of attributes; one left out means "any". */
  attributes = json_object_get_member (object, "attributes");
  for (guint i = 0; pending->option_names != NULL && pending->option_names[i] != NULL; i++)
    {
      const char *value = NULL;

      if (attributes != NULL && JSON_NODE_HOLDS_ARRAY (attributes))
        {
          JsonArray *list = json_node_get_array (attributes);

          for (guint j = 0; j < json_array_get_length (list) && value == NULL; j++)
            {
              JsonNode *attribute = json_array_get_element (list, j);

              if (JSON_NODE_HOLDS_OBJECT (attribute) &&
                  g_strcmp0 (get_string (json_node_get_object (attribute), "name"),
                             pending->option_names[i]) == 0)
                value = get_string (json_node_get_object (attribute), "option");
            }
        }
      /* Translators: a variation that fits any value of an attribute. */
      g_strv_builder_add (options, value ? value : C_("variation attribute", "Any"));
    }
  variant->options = g_strv_builder_end (options);
  if (variant->options[0] != NULL)
    variant->title = g_strjoinv (" / ", variant->options);
  else
    g_clear_pointer (&variant->options, g_strfreev);

  g_ptr_array_add (draft->variants, g_steal_pointer (&variant));
}

/* All its variations are read: the product's price is the lowest of theirs. */
static void
finish_pending (Fetch *self)
{
  Pending *pending = g_steal_pointer (&self->current);
  VitrineProductDraft *draft = pending->draft;
  VitrineVariantDraft *cheapest = NULL;

  if (draft->variants->len == 0)
    {
      if (pending->listed == 0)
        _vitrine_sync_problem (self->builder, VITRINE_CATALOG_PROBLEM_ERROR, 0, draft->index,
                               draft->price_field, draft->title,
                               _("the product has no variations on sale, so no price"));
      else
        _vitrine_sync_problem (self->builder, VITRINE_CATALOG_PROBLEM_ERROR, 0, draft->index,
                               draft->price_field, draft->title,
                               _("none of the product’s variations can be synced"));
      g_ptr_array_remove (self->builder->drafts, draft);
      pending_free (pending);
      return;
    }

  for (guint i = 0; i < draft->variants->len; i++)
    {
      VitrineVariantDraft *variant = g_ptr_array_index (draft->variants, i);

      if (cheapest == NULL || variant->price.amount < cheapest->price.amount)
        cheapest = variant;
    }
  draft->price = cheapest->price;
  draft->compare_at = cheapest->compare_at;
  pending_free (pending);
}

/* X-WP-TotalPages, else whether a Link header points to a next page, else
 * whether the page was full. */
static gboolean
has_next_page (VitrineShopResponse *response,
               guint                page,
               guint                n_items,
               guint               *total_pages)
{
  const char *total = soup_message_headers_get_one (response->headers, "X-WP-TotalPages");
  const char *link = soup_message_headers_get_one (response->headers, "Link");
  guint64 value;

  if (total != NULL && g_ascii_string_to_unsigned (total, 10, 0, G_MAXUINT, &value, NULL))
    {
      *total_pages = (guint) value;
      return page < *total_pages;
    }

  if (link != NULL)
    return strstr (link, "rel=\"next\"") != NULL;

  return n_items >= PER_PAGE;
}

static void
page_problem (Fetch      *self,
              guint       line,
              const char *field,
              const char *format,
              ...) G_GNUC_PRINTF (4, 5);

static void
page_problem (Fetch      *self,
              guint       line,
              const char *field,
              const char *format,
              ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  _vitrine_sync_problem (self->builder, VITRINE_CATALOG_PROBLEM_ERROR, line, -1, field, NULL,
                         "%s", message);
}

static void
products_page (GTask               *task,
               VitrineShopResponse *response)
{
  Fetch *self = g_task_get_task_data (task);
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *message = NULL;
  g_autofree char *field = g_strdup_printf (_("page %u"), self->page);
  GError *error = NULL;
  JsonArray *products;
  guint line, column;
  guint n_items = 0;

  root = _vitrine_shop_parse_json (response->body, &line, &column, &message);
  if (root == NULL || !JSON_NODE_HOLDS_ARRAY (root))
    {
      /* The other pages can still be read when the shop said how many. */
      if (root == NULL)
        page_problem (self, line, field,
                      _("the shop sent malformed JSON (line %u, column %u): %s"),
                      line, column, message);
      else
        page_problem (self, 0, field, _("the shop’s answer is %s, not a list of products"),
                      _vitrine_sync_describe_node (root));
      self->incomplete = TRUE;
      has_next_page (response, self->page, 0, &self->total_pages);
      self->products_done = self->total_pages == 0 || self->page >= self->total_pages;
      self->page++;
      go_on (g_object_ref (task));
      return;
    }

  products = json_node_get_array (root);
  n_items = json_array_get_length (products);
  for (guint i = 0; i < n_items; i++)
    {
      if (!_vitrine_sync_count_product (self->builder, &error))
        {
          g_task_return_error (task, error);
          return;
        }
      read_product (task, json_array_get_element (products, i));
    }

  self->products_done = n_items == 0 ||
                        !has_next_page (response, self->page, n_items, &self->total_pages);
  if (!self->products_done && self->page >= MAX_PAGES)
    {
      g_task_return_new_error (task, VITRINE_FEED_ERROR, VITRINE_FEED_ERROR_FAILED,
                               _("The shop lists more than %u products; a catalog can have at "
                                 "most %u. Import the products of the show from a file instead"),
                               VITRINE_CATALOG_IMPORT_MAX_ROWS, VITRINE_CATALOG_IMPORT_MAX_ROWS);
      return;
    }
  self->page++;
  go_on (g_object_ref (task));
}

static void
variations_page (GTask               *task,
                 VitrineShopResponse *response)
{
  Fetch *self = g_task_get_task_data (task);
  Pending *pending = self->current;
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *message = NULL;
  g_autofree char *field = g_strdup_printf ("products[%d].variations", pending->draft->index);
  JsonArray *variations;
  guint line, column;
  guint n_items;

  root = _vitrine_shop_parse_json (response->body, &line, &column, &message);
  if (root == NULL || !JSON_NODE_HOLDS_ARRAY (root))
    {
      if (root == NULL)
        _vitrine_sync_problem (self->builder, VITRINE_CATALOG_PROBLEM_ERROR, line,
                               pending->draft->index, field, pending->draft->title,
                               _("the shop sent malformed JSON for the variations (line %u, "
                                 "column %u): %s"), line, column, message);
      else
        _vitrine_sync_problem (self->builder, VITRINE_CATALOG_PROBLEM_ERROR, 0,
                               pending->draft->index, field, pending->draft->title,
                               _("the shop’s answer is %s, not a list of variations"),
                               _vitrine_sync_describe_node (root));
      /* Half its variations would show a wrong stock: none, then. */
      g_ptr_array_set_size (pending->draft->variants, 0);
      pending->listed = 1;
      finish_pending (self);
      go_on (g_object_ref (task));
      return;
    }

  variations = json_node_get_array (root);
  n_items = json_array_get_length (variations);
  for (guint i = 0; i < n_items; i++)
    {
      pending->listed++;
      read_variation (self, json_array_get_element (variations, i));
    }

  if (n_items > 0 && pending->page < MAX_PAGES &&
      has_next_page (response, pending->page, n_items, &pending->total_pages))
    pending->page++;
  else
    finish_pending (self);
  go_on (g_object_ref (task));
}

static void
currency_answer (GTask               *task,
                 VitrineShopResponse *response)
{
  Fetch *self = g_task_get_task_data (task);
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *message = NULL;
  const char *code = NULL;
  guint line, column;

  root = _vitrine_shop_parse_json (response->body, &line, &column, &message);
  if (root != NULL && JSON_NODE_HOLDS_OBJECT (root))
    code = get_string (json_node_get_object (root), "code");

  if (code == NULL || !vitrine_currency_normalize (code, self->builder->currency))
    {
      self->builder->currency[0] = '\0';
      g_task_return_new_error (task, VITRINE_FEED_ERROR, VITRINE_FEED_ERROR_PROTOCOL,
                               _("%s does not say its currency: enter it in the shop settings"),
                               self->host);
      return;
    }

  go_on (g_object_ref (task));
}

static void
response_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Fetch *self = g_task_get_task_data (task);
  g_autoptr(VitrineShopResponse) response = NULL;
  GError *error = NULL;

  response = _vitrine_shop_send_finish (result, &error);
  if (response == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  if (response->status == SOUP_STATUS_UNAUTHORIZED || response->status == SOUP_STATUS_FORBIDDEN)
    {
      g_autofree char *message = shop_message (self, response);

      /* The server dropped the Authorization header on its way to PHP. */
      if (!self->query_auth && !self->auth_switched && message != NULL &&
          strstr (message, "Consumer key is missing") != NULL)
        {
          g_debug ("%s strips the Authorization header; sending the key in the query instead",
                   self->host);
          self->query_auth = TRUE;
          self->auth_switched = TRUE;
          request (g_steal_pointer (&task));
          return;
        }

      g_task_return_new_error (task, VITRINE_FEED_ERROR, VITRINE_FEED_ERROR_KEY_REJECTED,
                               _("%s refused the consumer key (HTTP %u): %s"), self->host,
                               response->status,
                               message ? message : _("enter the key and secret again, and "
                                                     "check that they may read products"));
      return;
    }

  if (self->kind == REQUEST_VARIATIONS && !SOUP_STATUS_IS_SUCCESSFUL (response->status) &&
      !SOUP_STATUS_IS_REDIRECTION (response->status))
    {
      g_autofree char *field = g_strdup_printf ("products[%d].variations",
                                                self->current->draft->index);

      /* One product's variations failing is that product's problem. */
      _vitrine_sync_problem (self->builder, VITRINE_CATALOG_PROBLEM_ERROR, 0,
                             self->current->draft->index, field, self->current->draft->title,
                             _("the variations cannot be read (HTTP %u)"), response->status);
      g_ptr_array_set_size (self->current->draft->variants, 0);
      self->current->listed = 1;
      finish_pending (self);
      go_on (g_steal_pointer (&task));
      return;
    }

  if (!_vitrine_shop_check_status (response, self->host, &error))
    {
      g_task_return_error (task, error);
      return;
    }

  switch (self->kind)
    {
    case REQUEST_CURRENCY:
      currency_answer (task, response);
      break;
    case REQUEST_PRODUCTS:
      products_page (task, response);
      break;
    case REQUEST_VARIATIONS:
      variations_page (task, response);
      break;
    default:
      g_assert_not_reached ();
    }
}

static void
request (GTask *task)
{
  Fetch *self = g_task_get_task_data (task);

  if (self->kind == REQUEST_CURRENCY)
    g_debug ("%s: GET %s", self->host, self->path);
  else
    g_debug ("%s: GET %s (page %u)", self->host, self->path,
             self->kind == REQUEST_VARIATIONS ? self->current->page : self->page);
  _vitrine_shop_send_async (self->session, build_message, self, g_task_get_cancellable (task),
                            response_cb, task);
}

static void
set_request (Fetch       *self,
             RequestKind  kind,
             const char  *path,
             guint        page)
{
  self->kind = kind;
  g_free (self->path);
  self->path = g_strdup (path);
  g_free (self->query);
  if (kind == REQUEST_CURRENCY)
    self->query = NULL;
  else if (kind == REQUEST_PRODUCTS)
    self->query = g_strdup_printf ("per_page=%u&page=%u&status=publish", PER_PAGE, page);
  else
    self->query = g_strdup_printf ("per_page=%u&page=%u", PER_PAGE, page);
}

/* What comes next: the currency, the variations of the products read so far,
 * the next page of products, or the end. Takes over @task. */
static void
go_on (GTask *task)
{
  Fetch *self = g_task_get_task_data (task);

  if (self->builder->currency[0] == '\0')
    {
      set_request (self, REQUEST_CURRENCY, "/wp-json/wc/v3/data/currencies/current", 0);
      request (task);
      return;
    }

  if (self->current == NULL)
    self->current = g_queue_pop_head (&self->pending);

  if (self->current != NULL)
    {
      g_autofree char *path = g_strdup_printf ("/wp-json/wc/v3/products/%s/variations",
                                               self->current->woo_id);

      set_request (self, REQUEST_VARIATIONS, path, self->current->page);
      request (task);
      return;
    }

  if (!self->products_done)
    {
      set_request (self, REQUEST_PRODUCTS, "/wp-json/wc/v3/products", self->page);
      request (task);
      return;
    }

  finish (task);
  g_object_unref (task);
}

static void
secret_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Fetch *self = g_task_get_task_data (task);
  GError *error = NULL;
  char *secret;
  char *colon;

  secret = _vitrine_shop_lookup_secret_finish (result, &error);
  if (secret == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  colon = strchr (g_strstrip (secret), ':');
  if (colon == NULL || colon == secret || colon[1] == '\0')
    {
      _vitrine_shop_secret_free (secret);
      g_task_return_new_error (task, VITRINE_FEED_ERROR, VITRINE_FEED_ERROR_KEY_MISSING,
                               _("The credentials stored for %s must be the consumer key and "
                                 "the consumer secret joined by “:” (ck_…:cs_…)"), self->host);
      return;
    }

  self->consumer_key = g_strndup (secret, colon - secret);
  self->consumer_secret = g_strdup (colon + 1);
  _vitrine_shop_secret_free (secret);
  go_on (g_steal_pointer (&task));
}

/**
 * vitrine_woocommerce_products_fetch_async:
 * @options: where the shop is; copied before this returns
 * @cancellable: (nullable): a #GCancellable
 * @callback: called on the calling thread's main context when done
 * @user_data: data for @callback
 *
 * Reads every published product of a WooCommerce shop through its REST API
 * v3, without blocking, with the consumer key and secret from the keyring
 * item `woocommerce:<host>` (or @options->secret_id), stored as
 * `ck_…:cs_…`.
 *
 * A product on sale shows its sale price with the regular price struck
 * through; a variable product gets its variations as variants, their options
 * in the order of the product's variation attributes, and the lowest of their
 * prices. Stock is counted where WooCommerce manages it and takes no
 * backorders; else a product is only sold out when its stock status says so.
 * The checkout URL is the product's permalink; the image the first of
 * `images`; a tag `code:A12` gives the short code.
 */
void
vitrine_woocommerce_products_fetch_async (const VitrineProductSyncOptions *options,
                                          GCancellable                    *cancellable,
                                          GAsyncReadyCallback              callback,
                                          gpointer                         user_data)
{
  g_autoptr(GTask) task = NULL;
  GError *error = NULL;
  Fetch *self;

  g_return_if_fail (options != NULL);
  g_return_if_fail (options->catalog == NULL || VITRINE_IS_CATALOG (options->catalog));
  g_return_if_fail (options->session == NULL || SOUP_IS_SESSION (options->session));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, vitrine_woocommerce_products_fetch_async);

  self = g_new0 (Fetch, 1);
  g_queue_init (&self->pending);
  g_task_set_task_data (task, self, (GDestroyNotify) fetch_free);

  self->base = _vitrine_shop_parse_base_url (options->base_url, &error);
  if (self->base == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  self->session = options->session ? g_object_ref (options->session)
                                   : _vitrine_shop_session_new ();
  self->host = g_strdup (g_uri_get_host (self->base));
  self->secret_id = options->secret_id ? g_strdup (options->secret_id)
                                       : _vitrine_shop_default_secret_id ("woocommerce",
                                                                          self->base);
  self->query_auth = options->query_string_auth;
  self->catalog = options->catalog ? g_object_ref (options->catalog) : NULL;
  self->builder = _vitrine_sync_builder_new (ID_PREFIX, "regular_price");
  self->page = 1;

  if (options->currency != NULL)
    {
      g_autofree char *currency = g_strstrip (g_strdup (options->currency));

      if (!vitrine_currency_normalize (currency, self->builder->currency))
        {
          g_task_return_new_error (task, VITRINE_FEED_ERROR, VITRINE_FEED_ERROR_FAILED,
                                   _("“%s” is not a currency code (expected an ISO 4217 code "
                                     "such as EUR)"), currency);
          return;
        }
    }

  _vitrine_shop_lookup_secret_async (self->secret_id, cancellable, secret_cb,
                                     g_steal_pointer (&task));
}

/**
 * vitrine_woocommerce_products_fetch_finish:
 * @result: the result given to the callback
 * @error: a location for a #GError in the %VITRINE_FEED_ERROR domain
 *
 * Returns: (transfer full): the products and the problems, or %NULL with
 *   @error set when nothing could be read, as for
 *   vitrine_shopify_products_fetch_finish()
 */
VitrineProductSync *
vitrine_woocommerce_products_fetch_finish (GAsyncResult  *result,
                                           GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) ==
                        vitrine_woocommerce_products_fetch_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
