/* vitrine-catalog-import-json.c
 *
 * Copyright 2026 The Vitrine developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "vitrine-catalog-import"

#include "config.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>
#include <stdio.h>
#include <string.h>

#include "vitrine-catalog-private.h"
#include "vitrine-json-guard.h"

/* JSON catalogs. json-glib parses recursively with no depth limit, so a file
 * of a million "[" would overflow the stack: the nesting is measured first.
 * Problems name the member as a path ("products[2].price") and the line of the
 * product's (or variant's) "{", which the parser's object-start and object-end
 * signals give. */

/* A catalog is four levels deep (root, products, product, variants, variant,
 * options); anything far deeper is not a catalog. */
#define MAX_DEPTH 32

typedef struct
{
  VitrineImportContext *ctx;
  GHashTable           *lines;    /* JsonObject → line of its "{" */
  GArray               *starts;   /* stack of lines of open objects */
  char                  currency[4];
} JsonImport;

static void
object_start_cb (JsonParser *parser,
                 JsonImport *import)
{
  guint line = json_parser_get_current_line (parser);

  g_array_append_val (import->starts, line);
}

static void
object_end_cb (JsonParser *parser,
               JsonObject *object,
               JsonImport *import)
{
  guint line;

  if (import->starts->len == 0)
    return;

  line = g_array_index (import->starts, guint, import->starts->len - 1);
  g_array_set_size (import->starts, import->starts->len - 1);
  g_hash_table_insert (import->lines, object, GUINT_TO_POINTER (line));
}

static guint
object_line (JsonImport *import,
             JsonObject *object)
{
  return GPOINTER_TO_UINT (g_hash_table_lookup (import->lines, object));
}

static guint
line_of_offset (const char *data,
                gsize       offset)
{
  return vitrine_text_position (data, offset, NULL);
}

static const char *
node_type_name (JsonNode *node)
{
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
    default:
      return _("a number");
    }
}

/* A JSON number as the file most likely wrote it: 19.99, not the
 * 19.989999999999998 a double holds. */
static char *
number_to_string (JsonNode *node)
{
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];

  if (json_node_get_value_type (node) == G_TYPE_INT64)
    return g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (node));

  return g_strdup (g_ascii_formatd (buffer, sizeof buffer, "%.15g", json_node_get_double (node)));
}

static gboolean
is_string (JsonNode *node)
{
  return JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING;
}

static gboolean
is_integer (JsonNode *node)
{
  return JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_INT64;
}

static gboolean
is_number (JsonNode *node)
{
  return JSON_NODE_HOLDS_VALUE (node) &&
         (json_node_get_value_type (node) == G_TYPE_INT64 ||
          json_node_get_value_type (node) == G_TYPE_DOUBLE);
}

/* The member as text, trimmed; NULL when missing, null or empty. */
static gboolean
get_string (JsonImport  *import,
            JsonObject  *object,
            const char  *member,
            const char  *path,
            guint        line,
            int          index,
            char       **out)
{
  g_autofree char *field = g_strdup_printf ("%s.%s", path, member);
  JsonNode *node = json_object_get_member (object, member);

  *out = NULL;
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;

  if (!is_string (node))
    {
      _vitrine_import_problem (import->ctx, VITRINE_CATALOG_PROBLEM_ERROR, line, index, field,
                               _("expected text, found %s"), node_type_name (node));
      return FALSE;
    }

  *out = g_strstrip (g_strdup (json_node_get_string (node)));
  if (**out == '\0')
    g_clear_pointer (out, g_free);
  return TRUE;
}

static gboolean
get_strv (JsonImport  *import,
          JsonObject  *object,
          const char  *member,
          const char  *path,
          guint        line,
          int          index,
          GStrv       *out)
{
  g_autofree char *field = g_strdup_printf ("%s.%s", path, member);
  g_autoptr(GStrvBuilder) builder = NULL;
  JsonNode *node = json_object_get_member (object, member);
  JsonArray *array;
  guint n;

  *out = NULL;
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;

  if (!JSON_NODE_HOLDS_ARRAY (node))
    {
      _vitrine_import_problem (import->ctx, VITRINE_CATALOG_PROBLEM_ERROR, line, index, field,
                               _("expected a list of text, found %s"), node_type_name (node));
      return FALSE;
    }

  builder = g_strv_builder_new ();
  array = json_node_get_array (node);
  n = json_array_get_length (array);
  for (guint i = 0; i < n; i++)
    {
      JsonNode *element = json_array_get_element (array, i);
      g_autofree char *value = NULL;

      if (!is_string (element))
        {
          g_autofree char *element_field = g_strdup_printf ("%s[%u]", field, i);

          _vitrine_import_problem (import->ctx, VITRINE_CATALOG_PROBLEM_ERROR, line, index,
                                   element_field, _("expected text, found %s"),
                                   node_type_name (element));
          return FALSE;
        }

      value = g_strstrip (g_strdup (json_node_get_string (element)));
      if (*value != '\0')
        g_strv_builder_add (builder, value);
    }

  *out = g_strv_builder_end (builder);
  if (**out == NULL)
    g_clear_pointer (out, g_strfreev);
  return TRUE;
}

/* "price" as decimal text, or "price_minor" as whole minor units. *found
 * says whether either was there. */
static gboolean
get_money (JsonImport   *import,
           JsonObject   *object,
           const char   *member,
           const char   *path,
           guint         line,
           int           index,
           const char   *currency,
           VitrineMoney *out,
           gboolean     *found)
{
  g_autofree char *minor_member = g_strdup_printf ("%s_minor", member);
  g_autofree char *field = g_strdup_printf ("%s.%s", path, member);
  g_autofree char *minor_field = g_strdup_printf ("%s.%s", path, minor_member);
  JsonNode *node = json_object_get_member (object, member);
  JsonNode *minor = json_object_get_member (object, minor_member);
  g_autoptr(GError) error = NULL;

  if (node != NULL && JSON_NODE_HOLDS_NULL (node))
    node = NULL;
  if (minor != NULL && JSON_NODE_HOLDS_NULL (minor))
    minor = NULL;

  *found = node != NULL || minor != NULL;
  if (!*found)
    return TRUE;

  if (node != NULL && minor != NULL)
    {
      _vitrine_import_problem (import->ctx, VITRINE_CATALOG_PROBLEM_ERROR, line, index, field,
                               _("give either “%s” or “%s”, not both"), member, minor_member);
      return FALSE;
    }

  if (minor != NULL)
    {
      if (!is_integer (minor) || json_node_get_int (minor) < 0)
        {
          g_autofree char *found_text = NULL;

          if (is_number (minor))
            found_text = number_to_string (minor);
          else
            found_text = g_strdup (node_type_name (minor));

          _vitrine_import_problem (import->ctx, VITRINE_CATALOG_PROBLEM_ERROR, line, index,
                                   minor_field,
                                   _("expected a whole number of minor units, 0 or more "
                                     "(1999 for 19.99), found %s"), found_text);
          return FALSE;
        }

      vitrine_money_init (out, json_node_get_int (minor), currency);
      return TRUE;
    }

  if (is_number (node))
    {
      g_autofree char *number = number_to_string (node);

      /* Whatever wrote 19.99 as a JSON number held it as a double, and the
       * file may already say 19.989999999999998; a price is text. */
      _vitrine_import_problem (import->ctx, VITRINE_CATALOG_PROBLEM_ERROR, line, index, field,
                               _("%s is a JSON number, which can be rounded; write the price "
                                 "as text, such as \"%s\", or in minor units as “%s”"),
                               number, number, minor_member);
      return FALSE;
    }

  if (!is_string (node))
    {
      _vitrine_import_problem (import->ctx, VITRINE_CATALOG_PROBLEM_ERROR, line, index, field,
                               _("expected a price as text, such as \"19.99\", found %s"),
                               node_type_name (node));
      return FALSE;
    }

  if (!vitrine_money_parse (json_node_get_string (node), currency, out, &error))
    {
      _vitrine_import_problem (import->ctx, VITRINE_CATALOG_PROBLEM_ERROR, line, index, field,
                               "%s", error->message);
      return FALSE;
    }

  return TRUE;
}

static gboolean
get_stock (JsonImport  *import,
           JsonObject  *object,
           const char  *path,
           guint        line,
           int          index,
           gint64      *out)
{
  g_autofree char *field = g_strdup_printf ("%s.stock", path);
  JsonNode *node = json_object_get_member (object, "stock");

  *out = -1;
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;

  if (!is_integer (node))
    {
      if (is_number (node))
        {
          g_autofree char *number = number_to_string (node);

          _vitrine_import_problem (import->ctx, VITRINE_CATALOG_PROBLEM_ERROR, line, index, field,
                                   _("expected a whole number, found %s"), number);
        }
      else
        _vitrine_import_problem (import->ctx, VITRINE_CATALOG_PROBLEM_ERROR, line, index, field,
                                 _("expected a whole number, found %s"), node_type_name (node));
      return FALSE;
    }

  if (json_node_get_int (node) < 0)
    {
      _vitrine_import_problem (import->ctx, VITRINE_CATALOG_PROBLEM_ERROR, line, index, field,
                               _("%" G_GINT64_FORMAT " is below zero; leave “stock” out (or "
                                 "null) when the stock is not counted"),
                               json_node_get_int (node));
      return FALSE;
    }

  *out = json_node_get_int (node);
  return TRUE;
}

static VitrineVariantDraft *
parse_variant (JsonImport          *import,
               VitrineProductDraft *product,
               JsonNode            *node,
               const char          *path,
               const char          *currency,
               gboolean            *has_price,
               GError             **error)
{
  g_autoptr(VitrineVariantDraft) variant = NULL;
  JsonObject *object;
  guint line;
  int index = product->index;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      _vitrine_import_problem (import->ctx, VITRINE_CATALOG_PROBLEM_ERROR, product->line, index,
                               path, _("expected an object, found %s"), node_type_name (node));
      return NULL;
    }

  if (!_vitrine_import_count_row (import->ctx, error))
    return NULL;

  object = json_node_get_object (node);
  line = object_line (import, object);
  variant = _vitrine_variant_draft_new (line);
  variant->path = g_strdup (path);
  variant->sku_field = g_strdup_printf ("%s.sku", path);

  if (!get_string (import, object, "id", path, line, index, &variant->id) ||
      !get_string (import, object, "sku", path, line, index, &variant->sku) ||
      !get_string (import, object, "title", path, line, index, &variant->title) ||
      !get_strv (import, object, "options", path, line, index, &variant->options) ||
      !get_money (import, object, "price", path, line, index, currency, &variant->price,
                  has_price) ||
      !get_stock (import, object, path, line, index, &variant->stock))
    return NULL;

  {
    gboolean has_compare_at;

    if (!get_money (import, object, "compare_at", path, line, index, currency,
                    &variant->compare_at, &has_compare_at))
      return NULL;
  }

  if (variant->title == NULL && variant->options != NULL)
    variant->title = g_strjoinv (" / ", variant->options);

  if (variant->title == NULL)
    {
      g_autofree char *field = g_strdup_printf ("%s.title", path);

      _vitrine_import_problem (import->ctx, VITRINE_CATALOG_PROBLEM_ERROR, line, index, field,
                               _("a variant needs a title or options"));
      return NULL;
    }

  return g_steal_pointer (&variant);
}

/* Returns FALSE only for errors that stop the whole import (too many rows);
 * a bad product is reported and left out. */
static gboolean
parse_product (JsonImport  *import,
               JsonNode    *node,
               guint        index,
               GError     **error)
{
  VitrineImportContext *ctx = import->ctx;
  g_autoptr(VitrineProductDraft) draft = NULL;
  g_autofree char *path = g_strdup_printf ("products[%u]", index);
  g_autofree char *currency_text = NULL;
  g_autofree char *image = NULL;
  g_auto(GStrv) tags = NULL;
  char currency[4] = "";
  JsonObject *object;
  JsonNode *variants;
  gboolean has_price;
  gboolean has_compare_at;
  gboolean ok = TRUE;
  guint line;

  /* Only objects have a known line; the path says where this one is. */
  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      _vitrine_import_problem (ctx, VITRINE_CATALOG_PROBLEM_ERROR, 0, index, path,
                               _("expected an object, found %s"), node_type_name (node));
      return _vitrine_import_count_row (ctx, error);
    }

  if (!_vitrine_import_count_row (ctx, error))
    return FALSE;

  object = json_node_get_object (node);
  line = object_line (import, object);
  draft = _vitrine_product_draft_new (line, index);
  draft->id_field = g_strdup_printf ("%s.id", path);
  draft->code_field = g_strdup_printf ("%s.code", path);
  draft->sku_field = g_strdup_printf ("%s.sku", path);
  draft->title_field = g_strdup_printf ("%s.title", path);
  draft->description_field = g_strdup_printf ("%s.description", path);
  draft->checkout_url_field = g_strdup_printf ("%s.checkout_url", path);
  draft->price_field = g_strdup_printf ("%s.price", path);
  draft->compare_at_field = g_strdup_printf ("%s.compare_at", path);

  if (!get_string (import, object, "id", path, line, index, &draft->id) ||
      !get_string (import, object, "code", path, line, index, &draft->code) ||
      !get_string (import, object, "sku", path, line, index, &draft->sku) ||
      !get_string (import, object, "title", path, line, index, &draft->title) ||
      !get_string (import, object, "description", path, line, index, &draft->description) ||
      !get_string (import, object, "image", path, line, index, &image) ||
      !get_string (import, object, "checkout_url", path, line, index, &draft->checkout_url) ||
      !get_string (import, object, "currency", path, line, index, &currency_text) ||
      !get_strv (import, object, "tags", path, line, index, &tags) ||
      !get_strv (import, object, "option_names", path, line, index, &draft->option_names) ||
      !get_stock (import, object, path, line, index, &draft->stock))
    return TRUE;

  if (draft->title == NULL)
    {
      _vitrine_import_problem (ctx, VITRINE_CATALOG_PROBLEM_ERROR, line, index, draft->title_field,
                               _("the title is missing"));
      return TRUE;
    }

  if (currency_text != NULL)
    {
      if (!vitrine_currency_normalize (currency_text, currency))
        {
          g_autofree char *field = g_strdup_printf ("%s.currency", path);
          g_autofree char *quoted = _vitrine_import_quote (currency_text);

          _vitrine_import_problem (ctx, VITRINE_CATALOG_PROBLEM_ERROR, line, index, field,
                                   _("%s is not a currency code (expected an ISO 4217 code "
                                     "such as EUR)"), quoted);
          return TRUE;
        }
    }
  else if (import->currency[0] != '\0')
    memcpy (currency, import->currency, sizeof currency);
  else if (ctx->currency[0] != '\0')
    memcpy (currency, ctx->currency, sizeof currency);
  else
    {
      g_autofree char *field = g_strdup_printf ("%s.currency", path);

      _vitrine_import_problem (ctx, VITRINE_CATALOG_PROBLEM_ERROR, line, index, field,
                               _("no currency: give “currency” for the whole file or for the "
                                 "product, or choose the shop’s currency before importing"));
      return TRUE;
    }

  if (!get_money (import, object, "price", path, line, index, currency, &draft->price,
                  &has_price) ||
      !get_money (import, object, "compare_at", path, line, index, currency,
                  &draft->compare_at, &has_compare_at))
    return TRUE;

  draft->image = _vitrine_import_resolve_image (ctx, image);
  for (guint i = 0; tags != NULL && tags[i] != NULL; i++)
    g_ptr_array_add (draft->tags, g_strdup (tags[i]));

  variants = json_object_get_member (object, "variants");
  if (variants != NULL && !JSON_NODE_HOLDS_NULL (variants))
    {
      g_autofree char *field = g_strdup_printf ("%s.variants", path);
      VitrineVariantDraft *cheapest = NULL;
      JsonArray *array;
      guint n;

      if (!JSON_NODE_HOLDS_ARRAY (variants))
        {
          _vitrine_import_problem (ctx, VITRINE_CATALOG_PROBLEM_ERROR, line, index, field,
                                   _("expected a list, found %s"), node_type_name (variants));
          return TRUE;
        }

      array = json_node_get_array (variants);
      n = json_array_get_length (array);
      for (guint i = 0; i < n; i++)
        {
          g_autofree char *variant_path = g_strdup_printf ("%s[%u]", field, i);
          g_autoptr(GError) local_error = NULL;
          VitrineVariantDraft *variant;
          gboolean variant_has_price = FALSE;

          variant = parse_variant (import, draft, json_array_get_element (array, i),
                                   variant_path, currency, &variant_has_price, &local_error);
          if (local_error != NULL)
            {
              g_propagate_error (error, g_steal_pointer (&local_error));
              return FALSE;
            }
          if (variant == NULL)
            {
              /* One bad variant leaves the product out: a product without
               * one of its sizes would be wrong on air. */
              ok = FALSE;
              continue;
            }

          g_ptr_array_add (draft->variants, variant);
          if (!variant_has_price)
            {
              if (!has_price)
                {
                  g_autofree char *price_field = g_strdup_printf ("%s.price", variant_path);

                  _vitrine_import_problem (ctx, VITRINE_CATALOG_PROBLEM_ERROR, variant->line,
                                           index, price_field,
                                           _("the price is missing, here and for the product"));
                  ok = FALSE;
                  continue;
                }
              variant->price = draft->price;
              if (variant->compare_at.amount == 0)
                variant->compare_at = draft->compare_at;
            }

          if (cheapest == NULL || variant->price.amount < cheapest->price.amount)
            cheapest = variant;
        }

      if (!ok)
        return TRUE;

      if (!has_price && cheapest != NULL)
        {
          draft->price = cheapest->price;
          if (!has_compare_at)
            draft->compare_at = cheapest->compare_at;
          has_price = TRUE;
        }
    }

  if (!has_price)
    {
      _vitrine_import_problem (ctx, VITRINE_CATALOG_PROBLEM_ERROR, line, index, draft->price_field,
                               _("the price is missing"));
      return TRUE;
    }

  g_ptr_array_add (ctx->drafts, g_steal_pointer (&draft));
  return TRUE;
}

gboolean
_vitrine_import_json (VitrineImportContext  *ctx,
                      const char            *data,
                      gsize                  length,
                      GError               **error)
{
  gsize deep = 0;
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(GHashTable) lines = NULL;
  g_autoptr(GArray) starts = NULL;
  g_autoptr(GError) local_error = NULL;
  JsonImport import = { ctx, NULL, NULL, "" };
  JsonObject *root;
  JsonNode *root_node;
  JsonNode *products;
  JsonNode *currency;
  JsonArray *array;
  const char *end;
  guint root_line;
  guint line;
  guint n;

  if (!g_utf8_validate (data, length, &end))
    {
      g_set_error (error, VITRINE_CATALOG_ERROR, VITRINE_CATALOG_ERROR_ENCODING,
                   _("line %u: %s is not UTF-8 text (byte 0x%02X)"),
                   line_of_offset (data, end - data), ctx->name, (guchar) *end);
      return FALSE;
    }

  if (!vitrine_json_check_depth (data, length, MAX_DEPTH, &deep) &&
      (line = line_of_offset (data, deep)) > 0)
    {
      g_set_error (error, VITRINE_CATALOG_ERROR, VITRINE_CATALOG_ERROR_SYNTAX,
                   _("line %u: %s is nested too deeply to be a catalog"), line, ctx->name);
      return FALSE;
    }

  lines = g_hash_table_new (NULL, NULL);
  starts = g_array_new (FALSE, FALSE, sizeof (guint));
  import.lines = lines;
  import.starts = starts;

  parser = json_parser_new_immutable ();
  g_signal_connect (parser, "object-start", G_CALLBACK (object_start_cb), &import);
  g_signal_connect (parser, "object-end", G_CALLBACK (object_end_cb), &import);

  if (!json_parser_load_from_data (parser, data, length, &local_error))
    {
      /* json-glib says "<data>:LINE:COLUMN: Parse error: PROBLEM". */
      const char *message = local_error->message;
      const char *problem;
      guint column = 0;

      if (g_str_has_prefix (message, "<data>:"))
        message += strlen ("<data>:");
      problem = strstr (message, "Parse error: ");
      problem = problem ? problem + strlen ("Parse error: ") : message;

      if (sscanf (message, "%u:%u:", &line, &column) == 2)
        g_set_error (error, VITRINE_CATALOG_ERROR, VITRINE_CATALOG_ERROR_SYNTAX,
                     _("line %u, column %u: %s is not valid JSON: %s"),
                     line, column, ctx->name, problem);
      else
        g_set_error (error, VITRINE_CATALOG_ERROR, VITRINE_CATALOG_ERROR_SYNTAX,
                     _("%s is not valid JSON: %s"), ctx->name, problem);
      return FALSE;
    }

  root_node = json_parser_get_root (parser);
  if (root_node == NULL || !JSON_NODE_HOLDS_OBJECT (root_node))
    {
      g_set_error (error, VITRINE_CATALOG_ERROR, VITRINE_CATALOG_ERROR_SYNTAX,
                   _("%s: expected an object with a “products” list, found %s"), ctx->name,
                   root_node ? node_type_name (root_node) : _("nothing"));
      return FALSE;
    }

  root = json_node_get_object (root_node);
  root_line = object_line (&import, root);

  currency = json_object_get_member (root, "currency");
  if (currency != NULL && !JSON_NODE_HOLDS_NULL (currency))
    {
      if (!is_string (currency))
        {
          g_set_error (error, VITRINE_CATALOG_ERROR, VITRINE_CATALOG_ERROR_SYNTAX,
                       _("line %u, currency: expected text such as \"EUR\", found %s"),
                       root_line, node_type_name (currency));
          return FALSE;
        }

      if (!vitrine_currency_normalize (json_node_get_string (currency), import.currency))
        {
          g_autofree char *quoted = _vitrine_import_quote (json_node_get_string (currency));

          g_set_error (error, VITRINE_CATALOG_ERROR, VITRINE_CATALOG_ERROR_NO_CURRENCY,
                       _("line %u, currency: %s is not a currency code (expected an ISO 4217 "
                         "code such as EUR)"), root_line, quoted);
          return FALSE;
        }
    }

  products = json_object_get_member (root, "products");
  if (products == NULL || JSON_NODE_HOLDS_NULL (products))
    {
      g_set_error (error, VITRINE_CATALOG_ERROR, VITRINE_CATALOG_ERROR_SYNTAX,
                   _("%s has no “products” list"), ctx->name);
      return FALSE;
    }

  if (!JSON_NODE_HOLDS_ARRAY (products))
    {
      g_set_error (error, VITRINE_CATALOG_ERROR, VITRINE_CATALOG_ERROR_SYNTAX,
                   _("line %u, products: expected a list, found %s"), root_line,
                   node_type_name (products));
      return FALSE;
    }

  array = json_node_get_array (products);
  n = json_array_get_length (array);
  if (n == 0)
    {
      g_set_error (error, VITRINE_CATALOG_ERROR, VITRINE_CATALOG_ERROR_EMPTY,
                   _("%s has no products"), ctx->name);
      return FALSE;
    }

  for (guint i = 0; i < n; i++)
    {
      if (i % 1024 == 0 && g_cancellable_set_error_if_cancelled (ctx->cancellable, error))
        return FALSE;

      if (!parse_product (&import, json_array_get_element (array, i), i, error))
        return FALSE;
    }

  return TRUE;
}
