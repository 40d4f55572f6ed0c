/* vitrine-product-sync.c
 *
 * Copyright 2026 The Vitrine developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "vitrine-product-sync"

#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>
#include <string.h>

#include "vitrine-json-guard.h"
#include "vitrine-product-sync-private.h"
#include "vitrine-secrets.h"

/**
 * VitrineProductSync:
 *
 * What a shop listed, read by vitrine_shopify_products_fetch_async() or
 * vitrine_woocommerce_products_fetch_async(): the products that are fine, and
 * a list of problems (#VitrineCatalogProblem, as for a catalog file) for the
 * others. Nothing is applied by itself: the host reads the problems and
 * decides, then vitrine_product_sync_apply() updates the catalog.
 *
 * A problem's @index is the product's 0-based position in the shop's listing
 * (across pages), or -1 for a whole page; its @field is the member as a path
 * such as `products[12].variants[1].price`; its @line is 0, except for an
 * answer that is not valid JSON, where it is the line of that answer where
 * parsing stopped. Messages name the product by its title.
 *
 * ## Short codes
 *
 * A product gets the code of its tag `code:A12` (in the shop's tags, where
 * the host can set it); else the code the catalog already has for it (same
 * id), so that syncing again never renumbers a show; else the first free one
 * of `A1`, `A2`, … in listing order. A tag code that another product already
 * uses is ignored, with a warning.
 *
 * ## Checks
 *
 * As for a catalog file: titles longer than %VITRINE_CATALOG_MAX_TITLE
 * characters and descriptions longer than %VITRINE_CATALOG_MAX_DESCRIPTION
 * are cut, a compare-at price below the price is dropped, a checkout URL that
 * is not http(s) is dropped, each with a warning. A SKU that another product
 * uses (in the shop or in the catalog) is dropped with a warning, since a
 * catalog cannot have it twice; the product is kept.
 */
struct _VitrineProductSync
{
  GObject     parent_instance;

  GListStore *products;
  GPtrArray  *problems;     /* VitrineCatalogProblem */
  GHashTable *shop_ids;     /* every id the shop listed */
  char       *id_prefix;
  gboolean    complete;
  char        currency[4];
};

G_DEFINE_FINAL_TYPE (VitrineProductSync, vitrine_product_sync, G_TYPE_OBJECT)

/* A shop full of the same mistake should not give a list of 50 000. */
#define MAX_PROBLEMS 500

#define MAX_URL 2048

/* RFC 6585; libsoup 3.2 has no name for it. */
#define STATUS_TOO_MANY_REQUESTS 429

/* json-glib parses recursively: nesting is measured before it parses. A
 * products page is about eight levels deep. */
#define MAX_DEPTH 64

static void
problem_free (VitrineCatalogProblem *problem)
{
  g_free (problem->field);
  g_free (problem->message);
  g_free (problem);
}

static void
vitrine_product_sync_finalize (GObject *object)
{
  VitrineProductSync *self = (VitrineProductSync *)object;

  g_clear_object (&self->products);
  g_clear_pointer (&self->problems, g_ptr_array_unref);
  g_clear_pointer (&self->shop_ids, g_hash_table_unref);
  g_clear_pointer (&self->id_prefix, g_free);

  G_OBJECT_CLASS (vitrine_product_sync_parent_class)->finalize (object);
}

static void
vitrine_product_sync_class_init (VitrineProductSyncClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = vitrine_product_sync_finalize;
}

static void
vitrine_product_sync_init (VitrineProductSync *self)
{
  self->products = g_list_store_new (VITRINE_TYPE_PRODUCT);
}

/* Builder */

VitrineSyncBuilder *
_vitrine_sync_builder_new (const char *id_prefix,
                           const char *compare_at_member)
{
  VitrineSyncBuilder *builder = g_new0 (VitrineSyncBuilder, 1);

  builder->compare_at_member = compare_at_member;

  builder->drafts = g_ptr_array_new_with_free_func ((GDestroyNotify) _vitrine_product_draft_free);
  builder->problems = g_ptr_array_new_with_free_func ((GDestroyNotify) problem_free);
  builder->shop_ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  builder->id_prefix = g_strdup (id_prefix);
  return builder;
}

void
_vitrine_sync_builder_free (VitrineSyncBuilder *builder)
{
  if (builder == NULL)
    return;

  g_ptr_array_unref (builder->drafts);
  g_ptr_array_unref (builder->problems);
  g_hash_table_unref (builder->shop_ids);
  g_free (builder->id_prefix);
  g_free (builder);
}

void
_vitrine_sync_problem (VitrineSyncBuilder            *builder,
                       VitrineCatalogProblemSeverity  severity,
                       guint                          line,
                       int                            index,
                       const char                    *field,
                       const char                    *title,
                       const char                    *format,
                       ...)
{
  VitrineCatalogProblem *problem;
  g_autofree char *detail = NULL;
  va_list args;

  if (builder->problems->len > MAX_PROBLEMS)
    return;

  problem = g_new0 (VitrineCatalogProblem, 1);
  if (builder->problems->len == MAX_PROBLEMS)
    {
      /* The last slot says that the list stops here. */
      problem->severity = VITRINE_CATALOG_PROBLEM_ERROR;
      problem->index = -1;
      problem->message = g_strdup_printf (_("more than %u problems; the rest are not listed"),
                                          MAX_PROBLEMS);
      g_ptr_array_add (builder->problems, problem);
      return;
    }

  va_start (args, format);
  detail = g_strdup_vprintf (format, args);
  va_end (args);

  problem->severity = severity;
  problem->line = line;
  problem->index = index;
  problem->field = g_strdup (field);
  if (title != NULL && *title != '\0')
    {
      g_autofree char *quoted = _vitrine_import_quote (title);

      /* Translators: a product's title, then what is wrong with it. */
      problem->message = g_strdup_printf (_("%s: %s"), quoted, detail);
    }
  else
    problem->message = g_steal_pointer (&detail);
  g_ptr_array_add (builder->problems, problem);
}

gboolean
_vitrine_sync_count_product (VitrineSyncBuilder  *builder,
                             GError             **error)
{
  if (++builder->n_listed <= VITRINE_CATALOG_IMPORT_MAX_ROWS)
    return TRUE;

  g_set_error (error, VITRINE_FEED_ERROR, VITRINE_FEED_ERROR_FAILED,
               _("The shop lists more than %u products; a catalog can have at most %u. "
                 "Import the products of the show from a file instead"),
               VITRINE_CATALOG_IMPORT_MAX_ROWS, VITRINE_CATALOG_IMPORT_MAX_ROWS);
  return FALSE;
}

/* JSON helpers */

const char *
_vitrine_sync_describe_node (JsonNode *node)
{
  if (node == NULL)
    return _("missing");

  switch (JSON_NODE_TYPE (node))
    {
    case JSON_NODE_NULL:
      return _("null");
    case JSON_NODE_OBJECT:
      return _("an object");
    case JSON_NODE_ARRAY:
      return _("a list");
    case JSON_NODE_VALUE:
    default:
      break;
    }

  switch (json_node_get_value_type (node))
    {
    case G_TYPE_STRING:
      return _("text");
    case G_TYPE_BOOLEAN:
      return _("true/false");
    case G_TYPE_INT64:
      return _("a whole number");
    case G_TYPE_DOUBLE:
    default:
      return _("a number");
    }
}

char *
_vitrine_sync_join_path (const char *path,
                         const char *member)
{
  return g_strdup_printf ("%s.%s", path, member);
}

gboolean
_vitrine_sync_get_string (VitrineSyncBuilder             *builder,
                          JsonObject                     *object,
                          const char                     *member,
                          const char                     *path,
                          int                             index,
                          const char                     *title,
                          VitrineCatalogProblemSeverity   severity,
                          char                          **out)
{
  JsonNode *node = json_object_get_member (object, member);
  g_autofree char *field = NULL;

  *out = NULL;
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;

  if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
    {
      *out = g_strdup (json_node_get_string (node));
      return TRUE;
    }

  field = _vitrine_sync_join_path (path, member);
  _vitrine_sync_problem (builder, severity, 0, index, field, title,
                         severity == VITRINE_CATALOG_PROBLEM_ERROR
                         ? _("“%s” is %s, not text, so the product is left out")
                         : _("“%s” is %s, not text, so it is ignored"),
                         member, _vitrine_sync_describe_node (node));
  return FALSE;
}

static gboolean
parse_amount (VitrineSyncBuilder *builder,
              const char         *text,
              const char         *currency,
              const char         *path,
              int                 index,
              const char         *title,
              VitrineMoney       *out)
{
  g_autoptr(GError) error = NULL;

  if (currency == NULL || *currency == '\0')
    {
      _vitrine_sync_problem (builder, VITRINE_CATALOG_PROBLEM_ERROR, 0, index, path, title,
                             _("the shop does not say the currency of the price; enter the "
                               "shop currency in the shop settings"));
      return FALSE;
    }

  if (!vitrine_money_parse (text, currency, out, &error))
    {
      _vitrine_sync_problem (builder, VITRINE_CATALOG_PROBLEM_ERROR, 0, index, path, title,
                             "%s", error->message);
      return FALSE;
    }

  return TRUE;
}

/* A price as the shops write it: decimal text ("19.99"), or Shopify's MoneyV2
 * object ({"amount": "19.99", "currencyCode": "EUR"}), whose currency then
 * wins. A JSON number with decimals is refused: whatever wrote it may already
 * have rounded it. A whole JSON number is exact, so it is taken as whole
 * units. */
gboolean
_vitrine_sync_parse_money (VitrineSyncBuilder *builder,
                           JsonNode           *node,
                           const char         *currency,
                           const char         *path,
                           int                 index,
                           const char         *title,
                           VitrineMoney       *out)
{
  if (JSON_NODE_HOLDS_OBJECT (node))
    {
      JsonObject *money = json_node_get_object (node);
      JsonNode *amount = json_object_get_member (money, "amount");
      JsonNode *code = json_object_get_member (money, "currencyCode");
      g_autofree char *amount_path = _vitrine_sync_join_path (path, "amount");
      g_autofree char *code_path = _vitrine_sync_join_path (path, "currencyCode");

      if (code != NULL && !JSON_NODE_HOLDS_NULL (code))
        {
          if (!JSON_NODE_HOLDS_VALUE (code) || json_node_get_value_type (code) != G_TYPE_STRING)
            {
              _vitrine_sync_problem (builder, VITRINE_CATALOG_PROBLEM_ERROR, 0, index, code_path,
                                     title, _("the currency is %s, not text"),
                                     _vitrine_sync_describe_node (code));
              return FALSE;
            }
          currency = json_node_get_string (code);
        }

      if (amount == NULL || !JSON_NODE_HOLDS_VALUE (amount) ||
          json_node_get_value_type (amount) != G_TYPE_STRING)
        {
          _vitrine_sync_problem (builder, VITRINE_CATALOG_PROBLEM_ERROR, 0, index, amount_path,
                                 title, _("the amount is %s, not text such as “19.99”"),
                                 _vitrine_sync_describe_node (amount));
          return FALSE;
        }

      return parse_amount (builder, json_node_get_string (amount), currency, amount_path, index,
                           title, out);
    }

  if (JSON_NODE_HOLDS_VALUE (node))
    {
      GType type = json_node_get_value_type (node);

      if (type == G_TYPE_STRING)
        return parse_amount (builder, json_node_get_string (node), currency, path, index, title,
                             out);

      if (type == G_TYPE_INT64)
        {
          char text[32];

          g_snprintf (text, sizeof text, "%" G_GINT64_FORMAT, json_node_get_int (node));
          return parse_amount (builder, text, currency, path, index, title, out);
        }

      if (type == G_TYPE_DOUBLE)
        {
          _vitrine_sync_problem (builder, VITRINE_CATALOG_PROBLEM_ERROR, 0, index, path, title,
                                 _("the price is a JSON number with decimals, which may have "
                                   "been rounded; the shop should send text such as “19.99”"));
          return FALSE;
        }
    }

  _vitrine_sync_problem (builder, VITRINE_CATALOG_PROBLEM_ERROR, 0, index, path, title,
                         _("the price is %s, not text such as “19.99”"),
                         _vitrine_sync_describe_node (node));
  return FALSE;
}

static gboolean
is_block_tag (const char *name)
{
  static const char * const blocks[] = {
    "br", "p", "div", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "table",
    "section", "article", "blockquote", "hr",
  };
  char tag[16];
  guint length = 0;

  while (length < sizeof tag - 1 && g_ascii_isalnum (name[length]))
    {
      tag[length] = g_ascii_tolower (name[length]);
      length++;
    }
  tag[length] = '\0';

  for (guint i = 0; i < G_N_ELEMENTS (blocks); i++)
    if (strcmp (tag, blocks[i]) == 0)
      return TRUE;
  return FALSE;
}

/* WooCommerce descriptions are HTML; a card wants plain text. */
char *
_vitrine_sync_html_to_text (const char *html)
{
  static const struct { const char *name; const char *text; } entities[] = {
    { "amp", "&" }, { "lt", "<" }, { "gt", ">" }, { "quot", "\"" }, { "apos", "'" },
    { "nbsp", "\xc2\xa0" }, { "ndash", "–" }, { "mdash", "—" }, { "hellip", "…" },
    { "rsquo", "’" }, { "lsquo", "‘" }, { "rdquo", "”" }, { "ldquo", "„" },
  };
  g_autoptr(GString) out = NULL;
  const char *p;

  if (html == NULL)
    return NULL;

  out = g_string_sized_new (strlen (html));
  for (p = html; *p != '\0';)
    {
      if (*p == '<')
        {
          const char *end = strchr (p, '>');
          const char *name = p + 1;

          if (end == NULL)
            break;
          if (*name == '/')
            name++;
          /* Blocks and line breaks become line breaks. */
          if (is_block_tag (name))
            {
              if (out->len > 0 && out->str[out->len - 1] != '\n')
                g_string_append_c (out, '\n');
            }
          p = end + 1;
          continue;
        }

      if (*p == '&')
        {
          const char *end = strchr (p, ';');
          gboolean done = FALSE;

          if (end != NULL && end - p <= 10)
            {
              g_autofree char *name = g_strndup (p + 1, end - p - 1);

              if (name[0] == '#')
                {
                  guint64 code = 0;
                  gboolean ok;

                  if (name[1] == 'x' || name[1] == 'X')
                    ok = g_ascii_string_to_unsigned (name + 2, 16, 1, 0x10FFFF, &code, NULL);
                  else
                    ok = g_ascii_string_to_unsigned (name + 1, 10, 1, 0x10FFFF, &code, NULL);
                  if (ok && g_unichar_validate ((gunichar) code))
                    {
                      g_string_append_unichar (out, (gunichar) code);
                      done = TRUE;
                    }
                }
              else
                for (guint i = 0; i < G_N_ELEMENTS (entities); i++)
                  if (strcmp (name, entities[i].name) == 0)
                    {
                      g_string_append (out, entities[i].text);
                      done = TRUE;
                      break;
                    }
            }

          if (done)
            {
              p = end + 1;
              continue;
            }
        }

      if (*p == '\r' || *p == '\n' || *p == '\t')
        {
          /* HTML source line breaks are spaces. */
          if (out->len > 0 && out->str[out->len - 1] != ' ' && out->str[out->len - 1] != '\n')
            g_string_append_c (out, ' ');
          p++;
          continue;
        }

      g_string_append_c (out, *p);
      p++;
    }

  /* Trim each line and drop empty ones. */
  {
    g_auto(GStrv) lines = g_strsplit (out->str, "\n", -1);
    g_autoptr(GString) text = g_string_new (NULL);

    for (guint i = 0; lines[i] != NULL; i++)
      {
        char *line = g_strstrip (lines[i]);

        if (*line == '\0')
          continue;
        if (text->len > 0)
          g_string_append_c (text, '\n');
        g_string_append (text, line);
      }

    if (text->len == 0 || !g_utf8_validate (text->str, text->len, NULL))
      return NULL;
    return g_string_free (g_steal_pointer (&text), FALSE);
  }
}


JsonNode *
_vitrine_shop_parse_json (GBytes  *body,
                          guint   *line,
                          guint   *column,
                          char   **message)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_autoptr(GError) error = NULL;
  gsize length = 0;
  const char *data = body ? g_bytes_get_data (body, &length) : NULL;
  gsize offset;

  *line = 0;
  *column = 0;
  *message = NULL;

  if (length == 0)
    {
      *message = g_strdup (_("the answer is empty"));
      return NULL;
    }

  if (!vitrine_json_check_depth (data, length, MAX_DEPTH, &offset))
    {
      *line = vitrine_text_position (data, offset, column);
      *message = g_strdup_printf (_("the answer is nested more than %u levels deep"), MAX_DEPTH);
      return NULL;
    }

  if (!g_utf8_validate_len (data, length, NULL) || memchr (data, '\0', length) != NULL)
    {
      *message = g_strdup (_("the answer is not UTF-8 text"));
      return NULL;
    }

  /* json-glib 1.6 leaks all but the last of several top-level values. */
  if (!vitrine_json_is_one_container (data, length))
    {
      *message = g_strdup (_("the answer is not one JSON object or array"));
      return NULL;
    }

  if (!json_parser_load_from_data (parser, data, length, &error))
    {
      /* json-glib says where: "<data>:3:14: Parse error: …". */
      if (sscanf (error->message, "<data>:%u:%u:", line, column) != 2)
        {
          *line = 0;
          *column = 0;
        }
      *message = g_strdup (error->message);
      return NULL;
    }

  if (json_parser_get_root (parser) == NULL)
    {
      *message = g_strdup (_("the answer is empty"));
      return NULL;
    }

  return json_node_ref (json_parser_get_root (parser));
}

/* Building the products */

static char *
cut_text (VitrineSyncBuilder  *builder,
          VitrineProductDraft *draft,
          const char          *field,
          char                *text,
          guint                limit)
{
  glong length;
  char *cut;

  if (text == NULL)
    return NULL;

  length = g_utf8_strlen (text, -1);
  if (length <= limit)
    return text;

  _vitrine_sync_problem (builder, VITRINE_CATALOG_PROBLEM_WARNING, 0, draft->index, field,
                         draft->title,
                         g_dngettext (GETTEXT_PACKAGE,
                                      "%ld characters long; cut to the first %u character",
                                      "%ld characters long; cut to the first %u characters",
                                      limit),
                         length, limit);
  cut = g_utf8_substring (text, 0, limit);
  g_free (text);
  return cut;
}

static void
check_money (VitrineSyncBuilder  *builder,
             VitrineProductDraft *draft,
             const char          *field,
             const VitrineMoney  *price,
             VitrineMoney        *compare_at)
{
  g_autofree char *compare_text = NULL;
  g_autofree char *price_text = NULL;

  if (compare_at->amount == 0)
    return;

  if (compare_at->amount > price->amount && strcmp (compare_at->currency, price->currency) == 0)
    return;

  /* The same as the price says nothing; below it, the card would strike
   * through a lower price and call the higher one a deal. */
  if (compare_at->amount < price->amount || strcmp (compare_at->currency, price->currency) != 0)
    {
      compare_text = vitrine_money_to_decimal (compare_at);
      price_text = vitrine_money_to_decimal (price);
      _vitrine_sync_problem (builder, VITRINE_CATALOG_PROBLEM_WARNING, 0, draft->index, field,
                             draft->title,
                             _("the compare-at price %s %s is not above the price %s %s, so it "
                               "is ignored"),
                             compare_text, compare_at->currency, price_text, price->currency);
    }
  compare_at->amount = 0;
}

static gboolean
is_web_url (const char *url)
{
  g_autoptr(GUri) uri = g_uri_parse (url, G_URI_FLAGS_NONE, NULL);
  const char *scheme;

  if (uri == NULL || g_uri_get_host (uri) == NULL || *g_uri_get_host (uri) == '\0')
    return FALSE;

  scheme = g_uri_get_scheme (uri);
  return g_ascii_strcasecmp (scheme, "https") == 0 || g_ascii_strcasecmp (scheme, "http") == 0;
}

static void
check_draft (VitrineSyncBuilder  *builder,
             VitrineProductDraft *draft)
{
  draft->title = cut_text (builder, draft, draft->title_field, draft->title,
                           VITRINE_CATALOG_MAX_TITLE);
  draft->description = cut_text (builder, draft, draft->description_field, draft->description,
                                 VITRINE_CATALOG_MAX_DESCRIPTION);

  if (draft->checkout_url != NULL &&
      (strlen (draft->checkout_url) > MAX_URL || !is_web_url (draft->checkout_url)))
    {
      g_autofree char *quoted = _vitrine_import_quote (draft->checkout_url);

      _vitrine_sync_problem (builder, VITRINE_CATALOG_PROBLEM_WARNING, 0, draft->index,
                             draft->checkout_url_field, draft->title,
                             _("%s is not a web address (http:// or https://), so the "
                               "product has no checkout link"), quoted);
      g_clear_pointer (&draft->checkout_url, g_free);
    }

  if (draft->image != NULL && (strlen (draft->image) > MAX_URL || !is_web_url (draft->image)))
    g_clear_pointer (&draft->image, g_free);

  check_money (builder, draft, draft->compare_at_field, &draft->price, &draft->compare_at);
  for (guint i = 0; i < draft->variants->len; i++)
    {
      VitrineVariantDraft *variant = g_ptr_array_index (draft->variants, i);
      g_autofree char *field = _vitrine_sync_join_path (variant->path,
                                                        builder->compare_at_member);

      check_money (builder, draft, field, &variant->price, &variant->compare_at);
    }
}

typedef struct
{
  VitrineCatalog *catalog;   /* or NULL */
  GHashTable     *skus;      /* SKU → product id */
  GHashTable     *codes;     /* upper-case code → product id */
} Seen;

/* Whether @sku can be the SKU of the product with @id; warns otherwise. */
static gboolean
sku_is_free (VitrineSyncBuilder  *builder,
             Seen                *seen,
             VitrineProductDraft *draft,
             const char          *sku,
             const char          *field)
{
  g_autofree char *quoted = _vitrine_import_quote (sku);
  VitrineProduct *owner;

  if (g_hash_table_contains (seen->skus, sku))
    {
      _vitrine_sync_problem (builder, VITRINE_CATALOG_PROBLEM_WARNING, 0, draft->index, field,
                             draft->title,
                             _("the SKU %s is used twice in the shop, so it is left out here"),
                             quoted);
      return FALSE;
    }

  if (seen->catalog != NULL &&
      (owner = vitrine_catalog_find_by_sku (seen->catalog, sku, NULL)) != NULL &&
      g_strcmp0 (vitrine_product_get_id (owner), draft->id) != 0)
    {
      g_autofree char *other = _vitrine_import_quote (vitrine_product_get_title (owner)
                                                      ? vitrine_product_get_title (owner)
                                                      : vitrine_product_get_id (owner));

      _vitrine_sync_problem (builder, VITRINE_CATALOG_PROBLEM_WARNING, 0, draft->index, field,
                             draft->title,
                             _("the SKU %s is already used by %s in the catalog, so it is left "
                               "out here"), quoted, other);
      return FALSE;
    }

  g_hash_table_insert (seen->skus, g_strdup (sku), draft->id);
  return TRUE;
}

static void
check_skus (VitrineSyncBuilder  *builder,
            Seen                *seen,
            VitrineProductDraft *draft)
{
  if (draft->sku != NULL && !sku_is_free (builder, seen, draft, draft->sku, draft->sku_field))
    g_clear_pointer (&draft->sku, g_free);

  for (guint i = 0; i < draft->variants->len; i++)
    {
      VitrineVariantDraft *variant = g_ptr_array_index (draft->variants, i);

      if (variant->sku != NULL &&
          !sku_is_free (builder, seen, draft, variant->sku, variant->sku_field))
        g_clear_pointer (&variant->sku, g_free);
    }
}

static gboolean
code_is_free (Seen       *seen,
              const char *code,
              const char *id)
{
  g_autofree char *key = _vitrine_code_key (code);
  VitrineProduct *owner;

  if (g_hash_table_contains (seen->codes, key))
    return FALSE;

  if (seen->catalog != NULL &&
      (owner = vitrine_catalog_find_by_code (seen->catalog, code)) != NULL &&
      g_strcmp0 (vitrine_product_get_id (owner), id) != 0)
    return FALSE;

  return TRUE;
}

static void
claim_code (Seen                *seen,
            VitrineProductDraft *draft)
{
  g_hash_table_insert (seen->codes, _vitrine_code_key (draft->code), draft->id);
}

/* The tag's code, else the catalog's, else the next free A<n>: explicit codes
 * are all claimed before any is handed out. */
static void
assign_codes (VitrineSyncBuilder *builder,
              Seen               *seen,
              GPtrArray          *drafts)
{
  guint next = 1;

  for (guint i = 0; i < drafts->len; i++)
    {
      VitrineProductDraft *draft = g_ptr_array_index (drafts, i);
      g_autofree char *quoted = NULL;

      if (draft->code == NULL)
        continue;

      quoted = _vitrine_import_quote (draft->code);
      if (!vitrine_product_code_is_valid (draft->code))
        _vitrine_sync_problem (builder, VITRINE_CATALOG_PROBLEM_WARNING, 0, draft->index,
                               draft->code_field, draft->title,
                               _("the tag gives %s, which cannot be a short code (use 1 to 16 "
                                 "letters, digits or “-”, such as A12), so another is given"),
                               quoted);
      else if (!code_is_free (seen, draft->code, draft->id))
        _vitrine_sync_problem (builder, VITRINE_CATALOG_PROBLEM_WARNING, 0, draft->index,
                               draft->code_field, draft->title,
                               _("the code %s is already used by another product, so another "
                                 "is given"), quoted);
      else
        {
          claim_code (seen, draft);
          continue;
        }
      g_clear_pointer (&draft->code, g_free);
    }

  for (guint i = 0; i < drafts->len && seen->catalog != NULL; i++)
    {
      VitrineProductDraft *draft = g_ptr_array_index (drafts, i);
      VitrineProduct *existing;

      if (draft->code != NULL)
        continue;

      /* A product the catalog has keeps its code. */
      existing = vitrine_catalog_find_by_id (seen->catalog, draft->id);
      if (existing != NULL && code_is_free (seen, vitrine_product_get_code (existing), draft->id))
        {
          draft->code = g_strdup (vitrine_product_get_code (existing));
          claim_code (seen, draft);
        }
    }

  for (guint i = 0; i < drafts->len; i++)
    {
      VitrineProductDraft *draft = g_ptr_array_index (drafts, i);

      while (draft->code == NULL)
        {
          g_autofree char *code = g_strdup_printf ("A%u", next++);

          if (code_is_free (seen, code, draft->id))
            {
              draft->code = g_steal_pointer (&code);
              claim_code (seen, draft);
            }
        }
    }
}

static VitrineProduct *
build_product (VitrineProductDraft *draft)
{
  g_autoptr(VitrineProduct) product = NULL;

  product = vitrine_product_new (draft->id, draft->code, draft->sku);
  vitrine_product_set_title (product, draft->title);
  vitrine_product_set_description (product, draft->description);
  vitrine_product_set_image (product, draft->image);
  vitrine_product_set_checkout_url (product, draft->checkout_url);
  g_ptr_array_add (draft->tags, NULL);
  vitrine_product_set_tags (product, (const char * const *) draft->tags->pdata);
  g_ptr_array_remove_index (draft->tags, draft->tags->len - 1);
  vitrine_product_set_option_names (product, (const char * const *) draft->option_names);
  vitrine_product_set_price (product, &draft->price);
  vitrine_product_set_compare_at_price (product,
                                        draft->compare_at.amount > 0 ? &draft->compare_at : NULL);

  if (draft->variants->len == 0)
    vitrine_product_set_stock (product, draft->stock);

  for (guint i = 0; i < draft->variants->len; i++)
    {
      VitrineVariantDraft *vdraft = g_ptr_array_index (draft->variants, i);
      g_autoptr(VitrineProductVariant) variant = NULL;

      variant = vitrine_product_variant_new (vdraft->id, vdraft->sku);
      vitrine_product_variant_set_title (variant, vdraft->title);
      vitrine_product_variant_set_options (variant, (const char * const *) vdraft->options);
      vitrine_product_variant_set_price (variant, &vdraft->price);
      vitrine_product_variant_set_compare_at_price (variant,
                                                    vdraft->compare_at.amount > 0
                                                    ? &vdraft->compare_at : NULL);
      vitrine_product_variant_set_stock (variant, vdraft->stock);
      vitrine_product_add_variant (product, variant);
    }

  return g_steal_pointer (&product);
}

static int
compare_problems (gconstpointer a,
                  gconstpointer b)
{
  const VitrineCatalogProblem *pa = *(VitrineCatalogProblem * const *) a;
  const VitrineCatalogProblem *pb = *(VitrineCatalogProblem * const *) b;

  /* Whole pages first, then by product; stable within one product. */
  if (pa->index != pb->index)
    return pa->index < pb->index ? -1 : 1;
  return 0;
}

/* Runs on the main thread when every page is read; @catalog, if any, is read
 * now, so codes are handed out against the catalog as it is. */
VitrineProductSync *
_vitrine_product_sync_build (VitrineSyncBuilder *builder,
                             VitrineCatalog     *catalog)
{
  g_autoptr(VitrineProductSync) self = g_object_new (VITRINE_TYPE_PRODUCT_SYNC, NULL);
  g_autoptr(GPtrArray) drafts = g_ptr_array_new ();
  g_autoptr(GHashTable) ids = g_hash_table_new (g_str_hash, g_str_equal);
  Seen seen;

  seen.catalog = catalog;
  seen.skus = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  seen.codes = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  for (guint i = 0; i < builder->drafts->len; i++)
    {
      VitrineProductDraft *draft = g_ptr_array_index (builder->drafts, i);

      /* Page-number paging can list a product twice when the shop changes
       * while it is read: the first one counts. */
      if (!g_hash_table_add (ids, draft->id))
        {
          g_debug ("Product %s listed twice; the second is skipped", draft->id);
          continue;
        }

      check_draft (builder, draft);
      check_skus (builder, &seen, draft);
      g_ptr_array_add (drafts, draft);
    }

  assign_codes (builder, &seen, drafts);

  for (guint i = 0; i < drafts->len; i++)
    {
      g_autoptr(VitrineProduct) product = build_product (g_ptr_array_index (drafts, i));

      g_list_store_append (self->products, product);
    }

  g_hash_table_unref (seen.skus);
  g_hash_table_unref (seen.codes);

  g_ptr_array_sort (builder->problems, compare_problems);
  self->problems = g_ptr_array_ref (builder->problems);
  self->shop_ids = g_hash_table_ref (builder->shop_ids);
  self->id_prefix = g_strdup (builder->id_prefix);
  self->complete = builder->complete;
  memcpy (self->currency, builder->currency, sizeof self->currency);
  return g_steal_pointer (&self);
}

/* Public API */

/**
 * vitrine_product_sync_get_products:
 * @self: a sync
 *
 * Returns: (transfer none): a #GListModel of the #VitrineProduct that can be
 *   synced, in the shop's order. Until vitrine_product_sync_apply(), they are
 *   new objects, not the catalog's
 */
GListModel *
vitrine_product_sync_get_products (VitrineProductSync *self)
{
  g_return_val_if_fail (VITRINE_IS_PRODUCT_SYNC (self), NULL);

  return G_LIST_MODEL (self->products);
}

/**
 * vitrine_product_sync_get_n_problems:
 * @self: a sync
 *
 * Returns: the number of problems found
 */
guint
vitrine_product_sync_get_n_problems (VitrineProductSync *self)
{
  g_return_val_if_fail (VITRINE_IS_PRODUCT_SYNC (self), 0);

  return self->problems->len;
}

/**
 * vitrine_product_sync_get_problem:
 * @self: a sync
 * @index: a number below vitrine_product_sync_get_n_problems()
 *
 * Problems about a whole page come first, then by product in the shop's
 * order. vitrine_catalog_problem_to_string() puts one in a sentence.
 *
 * Returns: (transfer none): the problem
 */
const VitrineCatalogProblem *
vitrine_product_sync_get_problem (VitrineProductSync *self,
                                  guint               index)
{
  g_return_val_if_fail (VITRINE_IS_PRODUCT_SYNC (self), NULL);
  g_return_val_if_fail (index < self->problems->len, NULL);

  return g_ptr_array_index (self->problems, index);
}

/**
 * vitrine_product_sync_is_complete:
 * @self: a sync
 *
 * Whether every page of the shop's listing was read. A page the shop sent
 * malformed is a problem, and the sync is then incomplete: its products are
 * still good, but vitrine_product_sync_list_gone() cannot tell what the shop
 * no longer has.
 *
 * Returns: %TRUE when the whole listing was read
 */
gboolean
vitrine_product_sync_is_complete (VitrineProductSync *self)
{
  g_return_val_if_fail (VITRINE_IS_PRODUCT_SYNC (self), FALSE);

  return self->complete;
}

/**
 * vitrine_product_sync_get_currency:
 * @self: a sync
 *
 * Returns: (nullable): the shop's currency, such as `EUR`, or %NULL when the
 *   shop did not say it
 */
const char *
vitrine_product_sync_get_currency (VitrineProductSync *self)
{
  g_return_val_if_fail (VITRINE_IS_PRODUCT_SYNC (self), NULL);

  return self->currency[0] != '\0' ? self->currency : NULL;
}

static gboolean
same_shape (VitrineProduct *a,
            VitrineProduct *b)
{
  GListModel *va = vitrine_product_get_variants (a);
  GListModel *vb = vitrine_product_get_variants (b);
  guint n = g_list_model_get_n_items (va);

  if (g_strcmp0 (vitrine_product_get_code (a), vitrine_product_get_code (b)) != 0 ||
      g_strcmp0 (vitrine_product_get_sku (a), vitrine_product_get_sku (b)) != 0 ||
      n != g_list_model_get_n_items (vb))
    return FALSE;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(VitrineProductVariant) x = g_list_model_get_item (va, i);
      g_autoptr(VitrineProductVariant) y = g_list_model_get_item (vb, i);

      if (g_strcmp0 (vitrine_product_variant_get_id (x), vitrine_product_variant_get_id (y)) != 0 ||
          g_strcmp0 (vitrine_product_variant_get_sku (x), vitrine_product_variant_get_sku (y)) != 0)
        return FALSE;
    }

  return TRUE;
}

/* Copies what can change during a show into the catalog's own object, so
 * that whatever shows it (a pinned card, the shelf) sees each change as a
 * property notification. */
static void
update_in_place (VitrineProduct *target,
                 VitrineProduct *source)
{
  GListModel *tv = vitrine_product_get_variants (target);
  GListModel *sv = vitrine_product_get_variants (source);
  guint n = g_list_model_get_n_items (tv);
  const VitrineMoney *compare_at = vitrine_product_get_compare_at_price (source);

  g_object_freeze_notify (G_OBJECT (target));

  vitrine_product_set_title (target, vitrine_product_get_title (source));
  vitrine_product_set_description (target, vitrine_product_get_description (source));
  vitrine_product_set_image (target, vitrine_product_get_image (source));
  vitrine_product_set_checkout_url (target, vitrine_product_get_checkout_url (source));
  vitrine_product_set_tags (target, vitrine_product_get_tags (source));
  vitrine_product_set_option_names (target, vitrine_product_get_option_names (source));
  vitrine_product_set_price (target, vitrine_product_get_price (source));
  vitrine_product_set_compare_at_price (target, compare_at->amount > 0 ? compare_at : NULL);

  if (n == 0)
    vitrine_product_set_stock (target, vitrine_product_get_stock (source));

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(VitrineProductVariant) t = g_list_model_get_item (tv, i);
      g_autoptr(VitrineProductVariant) s = g_list_model_get_item (sv, i);
      const VitrineMoney *variant_compare_at = vitrine_product_variant_get_compare_at_price (s);

      vitrine_product_variant_set_title (t, vitrine_product_variant_get_title (s));
      vitrine_product_variant_set_options (t, vitrine_product_variant_get_options (s));
      vitrine_product_variant_set_price (t, vitrine_product_variant_get_price (s));
      vitrine_product_variant_set_compare_at_price (t, variant_compare_at->amount > 0
                                                    ? variant_compare_at : NULL);
      vitrine_product_variant_set_stock (t, vitrine_product_variant_get_stock (s));
    }

  g_object_thaw_notify (G_OBJECT (target));
}

/**
 * vitrine_product_sync_apply:
 * @self: a sync
 * @catalog: the catalog to update
 * @error: a location for a #GError in the %VITRINE_CATALOG_ERROR domain
 *
 * Brings @catalog up to date with the shop. A product the catalog already has
 * (same id) is updated in place: the catalog keeps the same object and each
 * change (title, price, stock, a variant's stock…) is a property
 * notification, so a pinned card follows live. Only when its short code, SKU
 * or variants changed is it replaced by a new object in the same position.
 * New products are added at the end. Products the shop no longer lists stay:
 * see vitrine_product_sync_list_gone().
 *
 * All or nothing: if the catalog changed since the sync and a code or SKU now
 * clashes, nothing changes.
 *
 * Returns: %TRUE on success, %FALSE with %VITRINE_CATALOG_ERROR_DUPLICATE
 */
gboolean
vitrine_product_sync_apply (VitrineProductSync  *self,
                            VitrineCatalog      *catalog,
                            GError             **error)
{
  g_autoptr(GListStore) structural = NULL;
  g_autoptr(GPtrArray) in_place = NULL;
  guint n;

  g_return_val_if_fail (VITRINE_IS_PRODUCT_SYNC (self), FALSE);
  g_return_val_if_fail (VITRINE_IS_CATALOG (catalog), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  structural = g_list_store_new (VITRINE_TYPE_PRODUCT);
  in_place = g_ptr_array_new_with_free_func (g_object_unref);
  n = g_list_model_get_n_items (G_LIST_MODEL (self->products));

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(VitrineProduct) product = g_list_model_get_item (G_LIST_MODEL (self->products), i);
      VitrineProduct *existing = vitrine_catalog_find_by_id (catalog,
                                                             vitrine_product_get_id (product));

      if (existing == product)
        continue;
      if (existing != NULL && same_shape (existing, product))
        {
          g_ptr_array_add (in_place, g_object_ref (existing));
          g_ptr_array_add (in_place, g_object_ref (product));
        }
      else
        g_list_store_append (structural, product);
    }

  /* Checks every clash first; in-place updates change no id, code or SKU,
   * so they cannot fail afterwards. */
  if (!_vitrine_catalog_apply (catalog, G_LIST_MODEL (structural), error))
    return FALSE;

  for (guint i = 0; i + 1 < in_place->len; i += 2)
    update_in_place (g_ptr_array_index (in_place, i), g_ptr_array_index (in_place, i + 1));

  return TRUE;
}

/**
 * vitrine_product_sync_list_gone:
 * @self: a sync
 * @catalog: a catalog
 *
 * The products of @catalog that came from this shop (their id looks like
 * this shop's: `gid://shopify/Product/…` or `gid://woocommerce/Product/…`)
 * but that the shop no longer lists, or no longer publishes. They are not
 * deleted: the host decides, since one may be pinned on air.
 *
 * Returns: (transfer full): a #GListModel of #VitrineProduct of @catalog;
 *   empty when the sync is not complete, since it cannot tell then
 */
GListModel *
vitrine_product_sync_list_gone (VitrineProductSync *self,
                                VitrineCatalog     *catalog)
{
  GListStore *gone;
  guint n;

  g_return_val_if_fail (VITRINE_IS_PRODUCT_SYNC (self), NULL);
  g_return_val_if_fail (VITRINE_IS_CATALOG (catalog), NULL);

  gone = g_list_store_new (VITRINE_TYPE_PRODUCT);
  if (!self->complete)
    return G_LIST_MODEL (gone);

  n = g_list_model_get_n_items (G_LIST_MODEL (catalog));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(VitrineProduct) product = g_list_model_get_item (G_LIST_MODEL (catalog), i);
      const char *id = vitrine_product_get_id (product);

      if (g_str_has_prefix (id, self->id_prefix) && !g_hash_table_contains (self->shop_ids, id))
        g_list_store_append (gone, product);
    }

  return G_LIST_MODEL (gone);
}

/* HTTP */

void
_vitrine_shop_response_free (VitrineShopResponse *response)
{
  if (response == NULL)
    return;

  g_clear_pointer (&response->body, g_bytes_unref);
  g_clear_pointer (&response->headers, soup_message_headers_unref);
  g_free (response);
}

SoupSession *
_vitrine_shop_session_new (void)
{
  return g_object_new (SOUP_TYPE_SESSION,
                       "timeout", 60,
                       "idle-timeout", 60,
                       "user-agent", "Vitrine/" PACKAGE_VERSION " ",
                       NULL);
}

static gboolean
is_loopback (const char *host)
{
  return g_strcmp0 (host, "localhost") == 0 || g_strcmp0 (host, "127.0.0.1") == 0 ||
         g_strcmp0 (host, "::1") == 0 || g_strcmp0 (host, "[::1]") == 0;
}

/* The shop's address, checked: https, or http on this machine (tests, a
 * local development shop). Trailing slashes are dropped. */
GUri *
_vitrine_shop_parse_base_url (const char  *base_url,
                              GError     **error)
{
  g_autoptr(GUri) uri = NULL;
  g_autofree char *trimmed = NULL;
  g_autofree char *path = NULL;
  g_autofree char *lower = NULL;
  const char *scheme;
  gsize length;

  if (base_url == NULL || *base_url == '\0')
    {
      g_set_error_literal (error, VITRINE_FEED_ERROR, VITRINE_FEED_ERROR_INVALID_URL,
                           _("The shop has no address: enter it in the shop settings"));
      return NULL;
    }

  trimmed = g_strstrip (g_strdup (base_url));
  /* Forgive "shop.example.com" for "https://shop.example.com". */
  if (g_uri_peek_scheme (trimmed) == NULL)
    {
      char *with_scheme = g_strconcat ("https://", trimmed, NULL);

      g_free (trimmed);
      trimmed = with_scheme;
    }

  uri = g_uri_parse (trimmed, G_URI_FLAGS_NONE, NULL);
  if (uri == NULL || g_uri_get_host (uri) == NULL || *g_uri_get_host (uri) == '\0')
    {
      g_set_error (error, VITRINE_FEED_ERROR, VITRINE_FEED_ERROR_INVALID_URL,
                   _("“%s” is not a web address such as https://shop.example.com"), base_url);
      return NULL;
    }

  scheme = g_uri_get_scheme (uri);
  if (g_ascii_strcasecmp (scheme, "https") != 0 &&
      !(g_ascii_strcasecmp (scheme, "http") == 0 && is_loopback (g_uri_get_host (uri))))
    {
      g_set_error (error, VITRINE_FEED_ERROR, VITRINE_FEED_ERROR_INVALID_URL,
                   _("“%s” must start with https://, so that the shop’s credentials are not "
                     "sent in the clear"), base_url);
      return NULL;
    }

  if (g_uri_get_userinfo (uri) != NULL || g_uri_get_query (uri) != NULL ||
      g_uri_get_fragment (uri) != NULL)
    {
      g_set_error (error, VITRINE_FEED_ERROR, VITRINE_FEED_ERROR_INVALID_URL,
                   _("Enter only the shop’s address, such as https://shop.example.com, without "
                     "a user name, “?” or “#”"));
      return NULL;
    }

  path = g_strdup (g_uri_get_path (uri));
  length = strlen (path);
  while (length > 0 && path[length - 1] == '/')
    path[--length] = '\0';

  lower = g_ascii_strdown (scheme, -1);
  return g_uri_build (G_URI_FLAGS_NONE, lower, NULL, g_uri_get_host (uri), g_uri_get_port (uri),
                      path, NULL, NULL);
}

char *
_vitrine_shop_default_secret_id (const char *platform,
                                 GUri       *base)
{
  g_autofree char *host = g_ascii_strdown (g_uri_get_host (base), -1);

  return g_strdup_printf ("%s:%s", platform, host);
}

typedef struct
{
  SoupSession            *session;
  VitrineShopMessageFunc  build;
  gpointer                build_data;
  SoupMessage            *message;
  GInputStream           *stream;
  GByteArray             *buffer;
  guint                   attempts;
} SendData;

static void
send_data_free (SendData *data)
{
  g_clear_object (&data->session);
  g_clear_object (&data->message);
  g_clear_object (&data->stream);
  g_clear_pointer (&data->buffer, g_byte_array_unref);
  g_free (data);
}

static void send_attempt (GTask *task);

static void
return_transport_error (GTask  *task,
                        GError *error)
{
  SendData *data = g_task_get_task_data (task);
  GUri *uri = soup_message_get_uri (data->message);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_task_return_error (task, error);
      return;
    }

  /* Soup's own words say which (no such host, refused, timed out); they name
   * the host at most, never the path or query, where a key may be. */
  g_task_return_new_error (task, VITRINE_FEED_ERROR, VITRINE_FEED_ERROR_UNREACHABLE,
                           _("The shop %s cannot be reached: %s"),
                           g_uri_get_host (uri), error->message);
  g_error_free (error);
}

static void
retry_wait_cb (GObject      *object,
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

  send_attempt (g_steal_pointer (&task));
}

static void
read_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  SendData *data = g_task_get_task_data (task);
  g_autoptr(GBytes) bytes = NULL;
  GCancellable *cancellable;
  GError *error = NULL;
  VitrineShopResponse *response;

  bytes = g_input_stream_read_bytes_finish (G_INPUT_STREAM (object), result, &error);
  if (bytes == NULL)
    {
      return_transport_error (task, error);
      return;
    }

  if (g_bytes_get_size (bytes) > 0)
    {
      g_byte_array_append (data->buffer, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
      if (data->buffer->len > VITRINE_SHOP_MAX_RESPONSE)
        {
          g_autofree char *limit = g_format_size_full (VITRINE_SHOP_MAX_RESPONSE,
                                                       G_FORMAT_SIZE_IEC_UNITS);

          g_task_return_new_error (task, VITRINE_FEED_ERROR, VITRINE_FEED_ERROR_PROTOCOL,
                                   _("The shop’s answer is larger than %s; that is not a page "
                                     "of products"), limit);
          return;
        }

      /* The task goes to the callback: take what the call needs first. */
      cancellable = g_task_get_cancellable (task);
      g_input_stream_read_bytes_async (data->stream, 64 * 1024, G_PRIORITY_DEFAULT,
                                       cancellable, read_cb, g_steal_pointer (&task));
      return;
    }

  response = g_new0 (VitrineShopResponse, 1);
  response->status = soup_message_get_status (data->message);
  response->headers = soup_message_headers_ref (soup_message_get_response_headers (data->message));
  response->body = g_byte_array_free_to_bytes (g_steal_pointer (&data->buffer));
  response->attempts = data->attempts;
  g_task_return_pointer (task, response, (GDestroyNotify) _vitrine_shop_response_free);
}

static void
send_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  SendData *data = g_task_get_task_data (task);
  GCancellable *cancellable = g_task_get_cancellable (task);
  GError *error = NULL;
  guint status;

  g_clear_object (&data->stream);
  data->stream = soup_session_send_finish (SOUP_SESSION (object), result, &error);
  if (data->stream == NULL)
    {
      return_transport_error (task, error);
      return;
    }

  status = soup_message_get_status (data->message);
  if ((status >= 500 || status == STATUS_TOO_MANY_REQUESTS) &&
      data->attempts < VITRINE_SHOP_MAX_ATTEMPTS)
    {
      /* 1 s, 2 s, 4 s, unless the shop says how long. */
      guint wait = _vitrine_shop_retry_after_ms (soup_message_get_response_headers (data->message),
                                                 1000u << (data->attempts - 1));

      g_debug ("%s answered HTTP %u; trying again in %u ms (attempt %u of %u)",
               g_uri_get_host (soup_message_get_uri (data->message)), status, wait,
               data->attempts + 1, VITRINE_SHOP_MAX_ATTEMPTS);
      g_clear_object (&data->stream);
      _vitrine_shop_sleep_async (wait, cancellable, retry_wait_cb, g_steal_pointer (&task));
      return;
    }

  data->buffer = g_byte_array_new ();
  g_input_stream_read_bytes_async (data->stream, 64 * 1024, G_PRIORITY_DEFAULT, cancellable,
                                   read_cb, g_steal_pointer (&task));
}

static void
send_attempt (GTask *task)
{
  SendData *data = g_task_get_task_data (task);

  data->attempts++;
  g_clear_object (&data->message);
  data->message = data->build (data->build_data);
  /* A redirect would carry the token's header to wherever it points. */
  soup_message_add_flags (data->message, SOUP_MESSAGE_NO_REDIRECT);
  soup_session_send_async (data->session, data->message, G_PRIORITY_DEFAULT,
                           g_task_get_cancellable (task), send_cb, task);
}

/* Sends the message @build makes, again (a new one each time) while the shop
 * answers 5xx or 429, up to VITRINE_SHOP_MAX_ATTEMPTS times, and reads the
 * whole answer, up to VITRINE_SHOP_MAX_RESPONSE bytes. */
void
_vitrine_shop_send_async (SoupSession            *session,
                          VitrineShopMessageFunc  build,
                          gpointer                build_data,
                          GCancellable           *cancellable,
                          GAsyncReadyCallback     callback,
                          gpointer                user_data)
{
  GTask *task;
  SendData *data;

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, _vitrine_shop_send_async);
  data = g_new0 (SendData, 1);
  data->session = g_object_ref (session);
  data->build = build;
  data->build_data = build_data;
  g_task_set_task_data (task, data, (GDestroyNotify) send_data_free);
  send_attempt (task);
}

VitrineShopResponse *
_vitrine_shop_send_finish (GAsyncResult  *result,
                           GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

guint
_vitrine_shop_retry_after_ms (SoupMessageHeaders *headers,
                              guint               fallback_ms)
{
  const char *value = soup_message_headers_get_one (headers, "Retry-After");
  g_autofree char *copy = value ? g_strstrip (g_strdup (value)) : NULL;
  guint64 seconds;

  /* Only the delay form; a date means a long outage, and the fallback is as
   * good a guess. */
  if (copy != NULL && g_ascii_string_to_unsigned (copy, 10, 0, G_MAXUINT32, &seconds, NULL))
    return (guint) MIN (seconds * 1000, VITRINE_SHOP_MAX_WAIT_MS);

  return MIN (fallback_ms, VITRINE_SHOP_MAX_WAIT_MS);
}

/* The statuses every shop means the same way. */
gboolean
_vitrine_shop_check_status (VitrineShopResponse  *response,
                            const char           *shop,
                            GError              **error)
{
  guint status = response->status;

  if (SOUP_STATUS_IS_SUCCESSFUL (status))
    return TRUE;

  if (SOUP_STATUS_IS_REDIRECTION (status))
    {
      const char *location = soup_message_headers_get_one (response->headers, "Location");
      g_autoptr(GUri) uri = location ? g_uri_parse (location, G_URI_FLAGS_NONE, NULL) : NULL;
      const char *host = uri && g_uri_get_host (uri) ? g_uri_get_host (uri) : "?";

      g_set_error (error, VITRINE_FEED_ERROR, VITRINE_FEED_ERROR_INVALID_URL,
                   _("%s sends Vitrine to another address (on %s): enter the shop’s current "
                     "address, with https://"), shop, host);
    }
  else if (status == SOUP_STATUS_UNAUTHORIZED || status == SOUP_STATUS_FORBIDDEN)
    g_set_error (error, VITRINE_FEED_ERROR, VITRINE_FEED_ERROR_KEY_REJECTED,
                 _("%s refused the access token (HTTP %u): enter it again, and check that it "
                   "may read products"), shop, status);
  else if (status == SOUP_STATUS_NOT_FOUND)
    g_set_error (error, VITRINE_FEED_ERROR, VITRINE_FEED_ERROR_NOT_FOUND,
                 _("%s has no such API at this address (HTTP 404): check the address"), shop);
  else if (status == STATUS_TOO_MANY_REQUESTS)
    g_set_error (error, VITRINE_FEED_ERROR, VITRINE_FEED_ERROR_RATE_LIMITED,
                 _("%s refused %u times in a row for too many requests; try again in a few "
                   "minutes"), shop, response->attempts);
  else if (status >= 500)
    g_set_error (error, VITRINE_FEED_ERROR, VITRINE_FEED_ERROR_SERVER_ERROR,
                 _("%s had a problem (HTTP %u) %u times in a row; try again later"),
                 shop, status, response->attempts);
  else
    g_set_error (error, VITRINE_FEED_ERROR, VITRINE_FEED_ERROR_FAILED,
                 _("%s answered HTTP %u"), shop, status);
  return FALSE;
}

/* Waiting without blocking: a timeout, or the cancellable, whichever first. */

typedef struct
{
  GSource *timeout;
  GSource *cancel;
} SleepData;

static void
sleep_data_free (SleepData *data)
{
  if (data->timeout != NULL)
    {
      g_source_destroy (data->timeout);
      g_source_unref (data->timeout);
    }
  if (data->cancel != NULL)
    {
      g_source_destroy (data->cancel);
      g_source_unref (data->cancel);
    }
  g_free (data);
}

static gboolean
sleep_done_cb (gpointer user_data)
{
  GTask *task = user_data;
  SleepData *data = g_task_get_task_data (task);

  /* Either source ends the wait; the other must not fire afterwards. */
  g_source_destroy (data->timeout);
  if (data->cancel != NULL)
    g_source_destroy (data->cancel);

  /* With a cancelled cancellable, GTask returns G_IO_ERROR_CANCELLED. */
  g_task_return_boolean (task, TRUE);
  g_object_unref (task);
  return G_SOURCE_REMOVE;
}

static gboolean
sleep_cancelled_cb (GCancellable *cancellable,
                    gpointer      user_data)
{
  return sleep_done_cb (user_data);
}

void
_vitrine_shop_sleep_async (guint                milliseconds,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  GTask *task = g_task_new (NULL, cancellable, callback, user_data);
  SleepData *data = g_new0 (SleepData, 1);

  g_task_set_source_tag (task, _vitrine_shop_sleep_async);
  g_task_set_task_data (task, data, (GDestroyNotify) sleep_data_free);

  data->timeout = g_timeout_source_new (milliseconds);
  g_task_attach_source (task, data->timeout, sleep_done_cb);
  if (cancellable != NULL)
    {
      data->cancel = g_cancellable_source_new (cancellable);
      g_source_set_callback (data->cancel, (GSourceFunc) (void (*) (void)) sleep_cancelled_cb,
                             task, NULL);
      g_source_attach (data->cancel, g_task_get_context (task));
    }
}

gboolean
_vitrine_shop_sleep_finish (GAsyncResult  *result,
                            GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* Credentials */

void
_vitrine_shop_secret_free (char *secret)
{
  if (secret == NULL)
    return;

  /* Not left behind in freed memory. */
  memset (secret, 0, strlen (secret));
  g_free (secret);
}

static void
keyring_lookup_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  const char *secret_id = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  char *secret;

  secret = vitrine_secrets_lookup_finish (result, &error);
  if (error != NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_task_return_error (task, g_steal_pointer (&error));
      else
        g_task_return_new_error (task, VITRINE_FEED_ERROR, VITRINE_FEED_ERROR_KEY_MISSING,
                                 _("The keyring cannot be read for the shop “%s”: %s"),
                                 secret_id, error->message);
      return;
    }

  if (secret == NULL || *secret == '\0')
    {
      g_autofree char *env = vitrine_secrets_env_name (secret_id);

      _vitrine_shop_secret_free (secret);
      g_task_return_new_error (task, VITRINE_FEED_ERROR, VITRINE_FEED_ERROR_KEY_MISSING,
                               _("No credentials are stored for the shop “%s”: enter them in "
                                 "the shop settings (or set %s)"), secret_id, env);
      return;
    }

  g_task_return_pointer (task, secret, (GDestroyNotify) _vitrine_shop_secret_free);
}

void
_vitrine_shop_lookup_secret_async (const char          *secret_id,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  GTask *task = g_task_new (NULL, cancellable, callback, user_data);
  char *secret;

  g_task_set_source_tag (task, _vitrine_shop_lookup_secret_async);
  g_task_set_task_data (task, g_strdup (secret_id), g_free);

  /* The environment first: a headless run and the tests have no keyring. */
  secret = vitrine_secrets_lookup_env (secret_id);
  if (secret != NULL)
    {
      g_task_return_pointer (task, secret, (GDestroyNotify) _vitrine_shop_secret_free);
      g_object_unref (task);
      return;
    }

  vitrine_secrets_lookup_async (secret_id, cancellable, keyring_lookup_cb, task);
}

char *
_vitrine_shop_lookup_secret_finish (GAsyncResult  *result,
                                    GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
