/* vitrine-catalog-import.c
 *
 * Copyright 2026 The Vitrine developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "vitrine-catalog-import"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "vitrine-catalog-import.h"
#include "vitrine-catalog-private.h"

/**
 * VitrineCatalogImport:
 *
 * The result of reading a catalog file: the products that are fine, and a
 * list of problems with line, field and message for the others. Nothing is
 * applied by itself: the host reads the problems and decides, and
 * vitrine_catalog_import_apply() then adds or updates the good products.
 *
 * Three formats are read; vitrine_catalog_import_file() tells them apart by
 * content (a `{` first means JSON; a CSV header with a `Handle` column means
 * Shopify) and by the `.json` extension. Every file is UTF-8 (a byte-order
 * mark is skipped), at most %VITRINE_CATALOG_IMPORT_MAX_BYTES long, with at
 * most %VITRINE_CATALOG_IMPORT_MAX_ROWS records. Prices are always decimal
 * text with a dot (`19.99`, `1234`, `1000.00`), read exactly into minor units
 * (see vitrine_money_parse()).
 *
 * ## Vitrine CSV
 *
 * RFC 4180: comma-separated, a header row first, fields in double quotes when
 * they hold a comma, a quote (doubled: `""`) or a line break. One row per
 * product (no variants: use JSON or a Shopify export for those). Columns, in
 * any order, names without regard to case; unknown columns are ignored with a
 * warning:
 *
 * - `code`: the short code viewers type, such as `A12` (1–16 letters, digits
 *   or `-`); empty: one is assigned (see below)
 * - `sku`: the SKU; it is also the product's id when given
 * - `title`: required
 * - `price`: required, such as `19.99`
 * - `compare_at`: the price before the reduction, or empty
 * - `currency`: an ISO 4217 code such as `EUR`; empty or no column: the
 *   shop currency from the options
 * - `stock`: how many are left, 0 or more; empty: not counted
 * - `image`: a path (relative to the file's folder) or an http(s) URL
 * - `checkout_url`: an http(s) URL
 * - `description`: plain text
 * - `tags`: comma-separated, such as `"silk, summer"`
 *
 * ## JSON
 *
 * ```json
 * {
 *   "currency": "EUR",
 *   "products": [
 *     {
 *       "id": "silk-scarf",
 *       "code": "A1",
 *       "sku": "SCARF-01",
 *       "title": "Silk scarf",
 *       "description": "Hand-rolled edges.",
 *       "image": "products/scarf.png",
 *       "price": "39.90",
 *       "compare_at": "49.90",
 *       "currency": "EUR",
 *       "stock": 3,
 *       "checkout_url": "https://shop.example.com/products/silk-scarf",
 *       "tags": ["silk", "summer"],
 *       "option_names": ["Size"],
 *       "variants": [
 *         { "sku": "SCARF-01-S", "title": "S", "options": ["S"], "price": "39.90",
 *           "compare_at": "49.90", "stock": 1 }
 *       ]
 *     }
 *   ]
 * }
 * ```
 *
 * Only `products` and each product's `title` are required; the top-level
 * `currency` is the default for products without one (else the shop currency
 * from the options). Prices are JSON strings in the decimal form above, or
 * integers of minor units in `price_minor` and `compare_at_minor` (1999 for
 * €19.99); a JSON number in `price` is refused, because a number such as 19.99
 * may already have been rounded by whatever wrote it. A product's price may be
 * left out when all its variants have one: it is then the lowest of theirs. A
 * variant without a price has the product's. `stock` is a whole number, 0 or
 * more; missing or `null` means not counted. `id` defaults to the SKU, else
 * the code; a variant's `id` to its SKU, else `<product id>/<n>`; a variant's
 * `title` to its options joined with ` / `.
 *
 * ## Shopify product export
 *
 * The CSV that Shopify's admin exports (Products → Export), with its own
 * column names (`Handle`, `Title`, `Body (HTML)`, `Tags`, `Option1 Name`,
 * `Option1 Value` … `Option3 Value`, `Variant SKU`, `Variant Inventory
 * Tracker`, `Variant Inventory Qty`, `Variant Inventory Policy`, `Variant
 * Price`, `Variant Compare At Price`, `Image Src`, `Image Position`, …; the
 * newer spellings `URL handle`, `SKU`, `Price`, `Compare-at price` and
 * `Inventory quantity` are read too). `Handle`, `Title` and `Variant Price`
 * are required. A product spans the rows with the same handle: the first
 * carries the title, description (HTML, turned into plain text), tags and
 * option names; every row with an option value, SKU or price is a variant;
 * rows with only an `Image Src` add pictures (the card uses the one with the
 * lowest `Image Position`). A product whose only variant is Shopify's
 * `Default Title` has no variants. Its price is the lowest variant price.
 *
 * The export says neither the currency nor a short code, so the options must
 * give the shop currency; a tag `code:A12` gives the code. Stock is counted
 * when `Variant Inventory Tracker` is set, unless `Variant Inventory Policy` is
 * `continue` (the shop keeps selling at 0, so the card must not say SOLD OUT);
 * a negative quantity (oversold) counts as 0, with a warning. With a shop
 * domain in the options, the checkout URL is
 * `https://<shop domain>/products/<handle>`.
 *
 * ## Short codes, ids and duplicates
 *
 * Products without a code get the first free one of `A1`, `A2`, `A3` … in
 * file order, skipping codes the file or the catalog already use; a product
 * the catalog already has (same id) keeps its code, so importing an updated
 * file again does not renumber the show. Two products of the file with the
 * same code, SKU or id, or a code or SKU that another product of the catalog
 * uses, are errors: the later product is not imported.
 *
 * ## Warnings and errors
 *
 * Errors leave the product (or a Shopify variant) out: a missing title, a
 * price that is not a price, an unknown currency, a negative stock, a
 * duplicate, broken UTF-8, an unterminated quote. Warnings import it with a
 * change: a title longer than %VITRINE_CATALOG_MAX_TITLE characters or a
 * description longer than %VITRINE_CATALOG_MAX_DESCRIPTION is cut; a
 * compare-at price below the price is dropped (it would show a "reduction"
 * that raises the price); a checkout URL that is not http(s) is dropped.
 * Problems that concern the whole file (missing column, no currency, malformed
 * JSON, too large, empty) are a #GError instead.
 */
struct _VitrineCatalogImport
{
  GObject               parent_instance;

  VitrineCatalogFormat  format;
  GListStore           *products;
  GPtrArray            *problems;
};

G_DEFINE_FINAL_TYPE (VitrineCatalogImport, vitrine_catalog_import, G_TYPE_OBJECT)

/* A file full of the same mistake should not give a list of 50 000. */
#define MAX_PROBLEMS 500

#define MAX_URL 2048
#define MAX_ID 255

static void
problem_free (VitrineCatalogProblem *problem)
{
  g_free (problem->field);
  g_free (problem->message);
  g_free (problem);
}

static void
vitrine_catalog_import_finalize (GObject *object)
{
  VitrineCatalogImport *self = (VitrineCatalogImport *)object;

  g_clear_object (&self->products);
  g_clear_pointer (&self->problems, g_ptr_array_unref);

  G_OBJECT_CLASS (vitrine_catalog_import_parent_class)->finalize (object);
}

static void
vitrine_catalog_import_class_init (VitrineCatalogImportClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = vitrine_catalog_import_finalize;
}

static void
vitrine_catalog_import_init (VitrineCatalogImport *self)
{
  self->products = g_list_store_new (VITRINE_TYPE_PRODUCT);
}

/* Drafts */

VitrineProductDraft *
_vitrine_product_draft_new (guint line,
                            int   index)
{
  VitrineProductDraft *draft = g_new0 (VitrineProductDraft, 1);

  draft->line = line;
  draft->index = index;
  draft->stock = -1;
  draft->tags = g_ptr_array_new_with_free_func (g_free);
  draft->variants = g_ptr_array_new_with_free_func ((GDestroyNotify) _vitrine_variant_draft_free);
  return draft;
}

void
_vitrine_product_draft_free (VitrineProductDraft *draft)
{
  if (draft == NULL)
    return;

  g_free (draft->id);
  g_free (draft->id_field);
  g_free (draft->code);
  g_free (draft->code_field);
  g_free (draft->sku);
  g_free (draft->sku_field);
  g_free (draft->title);
  g_free (draft->title_field);
  g_free (draft->description);
  g_free (draft->description_field);
  g_free (draft->image);
  g_free (draft->checkout_url);
  g_free (draft->checkout_url_field);
  g_ptr_array_unref (draft->tags);
  g_strfreev (draft->option_names);
  g_free (draft->price_field);
  g_free (draft->compare_at_field);
  g_ptr_array_unref (draft->variants);
  g_free (draft);
}

VitrineVariantDraft *
_vitrine_variant_draft_new (guint line)
{
  VitrineVariantDraft *draft = g_new0 (VitrineVariantDraft, 1);

  draft->line = line;
  draft->stock = -1;
  return draft;
}

void
_vitrine_variant_draft_free (VitrineVariantDraft *draft)
{
  if (draft == NULL)
    return;

  g_free (draft->path);
  g_free (draft->id);
  g_free (draft->sku);
  g_free (draft->sku_field);
  g_free (draft->title);
  g_strfreev (draft->options);
  g_free (draft);
}

/* Context */

static VitrineImportContext *
context_new (const VitrineCatalogImportOptions *options,
             const char                        *name,
             GFile                             *directory)
{
  VitrineImportContext *ctx = g_new0 (VitrineImportContext, 1);

  ctx->name = g_strdup (name);
  ctx->drafts = g_ptr_array_new_with_free_func ((GDestroyNotify) _vitrine_product_draft_free);
  ctx->problems = g_ptr_array_new_with_free_func ((GDestroyNotify) problem_free);
  if (directory != NULL)
    ctx->base_dir = g_file_get_path (directory);

  if (options == NULL)
    return ctx;

  ctx->format = options->format;
  if (options->currency != NULL)
    {
      g_autofree char *currency = g_strstrip (g_strdup (options->currency));

      if (!vitrine_currency_normalize (currency, ctx->currency))
        ctx->currency[0] = '\0';
    }

  if (options->shop_domain != NULL)
    {
      /* Forgive "https://shop.example.com/" for "shop.example.com". */
      g_autofree char *domain = g_strstrip (g_strdup (options->shop_domain));
      const char *start = domain;
      gsize length;

      if (g_str_has_prefix (start, "https://"))
        start += strlen ("https://");
      else if (g_str_has_prefix (start, "http://"))
        start += strlen ("http://");
      length = strlen (start);
      while (length > 0 && start[length - 1] == '/')
        length--;
      if (length > 0)
        ctx->shop_domain = g_strndup (start, length);
    }

  if (options->catalog != NULL)
    ctx->snapshot = _vitrine_catalog_snapshot (options->catalog);

  return ctx;
}

static void
context_free (VitrineImportContext *ctx)
{
  g_free (ctx->shop_domain);
  g_free (ctx->base_dir);
  g_free (ctx->name);
  _vitrine_catalog_snapshot_free (ctx->snapshot);
  g_clear_object (&ctx->cancellable);
  g_ptr_array_unref (ctx->drafts);
  g_ptr_array_unref (ctx->problems);
  g_free (ctx);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (VitrineImportContext, context_free)

/* Helpers for the parsers */

void
_vitrine_import_problem (VitrineImportContext          *ctx,
                         VitrineCatalogProblemSeverity  severity,
                         guint                          line,
                         int                            index,
                         const char                    *field,
                         const char                    *format,
                         ...)
{
  VitrineCatalogProblem *problem;
  va_list args;

  if (ctx->problems->len > MAX_PROBLEMS)
    return;

  problem = g_new0 (VitrineCatalogProblem, 1);
  if (ctx->problems->len == MAX_PROBLEMS)
    {
      /* The last slot says that the list stops here. */
      problem->severity = VITRINE_CATALOG_PROBLEM_ERROR;
      problem->index = -1;
      problem->line = line;
      problem->message = g_strdup_printf (_("more than %u problems; the rest are not listed"),
                                          MAX_PROBLEMS);
      g_ptr_array_add (ctx->problems, problem);
      return;
    }

  problem->severity = severity;
  problem->line = line;
  problem->index = index;
  problem->field = g_strdup (field);
  va_start (args, format);
  problem->message = g_strdup_vprintf (format, args);
  va_end (args);
  g_ptr_array_add (ctx->problems, problem);
}

/* Quotes what the file says, cut short so that a pasted paragraph does not
 * become the message. */
char *
_vitrine_import_quote (const char *text)
{
  if (!g_utf8_validate (text, -1, NULL))
    return g_strdup ("“…”");

  if (g_utf8_strlen (text, -1) > 40)
    {
      g_autofree char *start = g_utf8_substring (text, 0, 40);

      return g_strdup_printf ("“%s…”", start);
    }

  return g_strdup_printf ("“%s”", text);
}

char *
_vitrine_import_resolve_image (VitrineImportContext *ctx,
                               const char           *image)
{
  g_autofree char *path = NULL;

  if (image == NULL || *image == '\0')
    return NULL;

  if (g_uri_peek_scheme (image) != NULL || g_path_is_absolute (image) || ctx->base_dir == NULL)
    return g_strdup (image);

  path = g_build_filename (ctx->base_dir, image, NULL);
  return g_canonicalize_filename (path, NULL);
}

gboolean
_vitrine_import_count_row (VitrineImportContext  *ctx,
                           GError               **error)
{
  if (++ctx->n_rows <= VITRINE_CATALOG_IMPORT_MAX_ROWS)
    return TRUE;

  g_set_error (error, VITRINE_CATALOG_ERROR, VITRINE_CATALOG_ERROR_TOO_LARGE,
               _("%s has more than %u products and variants; a catalog can have at most %u. "
                 "Import only the products of the show"),
               ctx->name, VITRINE_CATALOG_IMPORT_MAX_ROWS, VITRINE_CATALOG_IMPORT_MAX_ROWS);
  return FALSE;
}

gboolean
_vitrine_import_parse_stock (const char  *text,
                             gint64      *stock,
                             GError     **error)
{
  g_autofree char *copy = g_strstrip (g_strdup (text));
  g_autofree char *quoted = _vitrine_import_quote (copy);
  gint64 value;

  if (*copy == '\0')
    {
      *stock = -1;
      return TRUE;
    }

  if (!g_ascii_string_to_signed (copy, 10, G_MININT64, G_MAXINT64, &value, NULL))
    {
      g_set_error (error, VITRINE_CATALOG_ERROR, VITRINE_CATALOG_ERROR_SYNTAX,
                   _("%s is not a whole number"), quoted);
      return FALSE;
    }

  if (value < 0)
    {
      g_set_error (error, VITRINE_CATALOG_ERROR, VITRINE_CATALOG_ERROR_SYNTAX,
                   _("%s is below zero; leave it empty when the stock is not counted"),
                   quoted);
      return FALSE;
    }

  *stock = value;
  return TRUE;
}

/* "silk, summer, code:A12": tags and, with @take_code, the product's short
 * code from a "code:" tag (the first one), as Shopify exports can carry it. */
void
_vitrine_import_add_tags (VitrineProductDraft *draft,
                          const char          *tags,
                          gboolean             take_code)
{
  g_auto(GStrv) parts = NULL;

  if (tags == NULL)
    return;

  parts = g_strsplit (tags, ",", -1);
  for (guint i = 0; parts[i] != NULL; i++)
    {
      char *tag = g_strstrip (parts[i]);

      if (*tag == '\0')
        continue;

      if (take_code && g_ascii_strncasecmp (tag, "code:", 5) == 0)
        {
          if (draft->code == NULL)
            draft->code = g_strstrip (g_strdup (tag + 5));
          continue;
        }

      g_ptr_array_add (draft->tags, g_strdup (tag));
    }
}

/* Reading */

static gboolean
read_limited (GFile         *file,
              GCancellable  *cancellable,
              GBytes       **bytes,
              GError       **error)
{
  g_autoptr(GFileInfo) info = NULL;
  g_autoptr(GFileInputStream) stream = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *display = g_file_get_parse_name (file);
  g_autofree char *buffer = NULL;
  gsize length = 0;

  info = g_file_query_info (file, G_FILE_ATTRIBUTE_STANDARD_SIZE "," G_FILE_ATTRIBUTE_STANDARD_TYPE,
                            G_FILE_QUERY_INFO_NONE, cancellable, &local_error);
  if (info == NULL)
    {
      if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_propagate_error (error, g_steal_pointer (&local_error));
      else if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
        g_set_error (error, VITRINE_CATALOG_ERROR, VITRINE_CATALOG_ERROR_NOT_FOUND,
                     _("%s does not exist"), display);
      else
        g_set_error (error, VITRINE_CATALOG_ERROR, VITRINE_CATALOG_ERROR_NOT_FOUND,
                     _("Cannot read %s: %s"), display, local_error->message);
      return FALSE;
    }

  if (g_file_info_get_file_type (info) == G_FILE_TYPE_DIRECTORY)
    {
      g_set_error (error, VITRINE_CATALOG_ERROR, VITRINE_CATALOG_ERROR_NOT_FOUND,
                   _("%s is a folder, not a catalog file"), display);
      return FALSE;
    }

  /* Refused before reading a byte of it. */
  if (g_file_info_get_size (info) > VITRINE_CATALOG_IMPORT_MAX_BYTES)
    {
      g_autofree char *size = g_format_size_full (g_file_info_get_size (info),
                                                  G_FORMAT_SIZE_IEC_UNITS);
      g_autofree char *limit = g_format_size_full (VITRINE_CATALOG_IMPORT_MAX_BYTES,
                                                   G_FORMAT_SIZE_IEC_UNITS);

      g_set_error (error, VITRINE_CATALOG_ERROR, VITRINE_CATALOG_ERROR_TOO_LARGE,
                   _("%s is %s; a catalog file can be at most %s"), display, size, limit);
      return FALSE;
    }

  stream = g_file_read (file, cancellable, &local_error);
  if (stream == NULL)
    {
      if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_propagate_error (error, g_steal_pointer (&local_error));
      else
        g_set_error (error, VITRINE_CATALOG_ERROR, VITRINE_CATALOG_ERROR_NOT_FOUND,
                     _("Cannot read %s: %s"), display, local_error->message);
      return FALSE;
    }

  /* The size can lie (a file still being written, a pipe): read at most one
   * byte more than allowed, and refuse if it is there. */
  buffer = g_malloc (VITRINE_CATALOG_IMPORT_MAX_BYTES + 1);
  if (!g_input_stream_read_all (G_INPUT_STREAM (stream), buffer,
                                VITRINE_CATALOG_IMPORT_MAX_BYTES + 1,
                                &length, cancellable, &local_error))
    {
      if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_propagate_error (error, g_steal_pointer (&local_error));
      else
        g_set_error (error, VITRINE_CATALOG_ERROR, VITRINE_CATALOG_ERROR_NOT_FOUND,
                     _("Cannot read %s: %s"), display, local_error->message);
      return FALSE;
    }

  if (length > VITRINE_CATALOG_IMPORT_MAX_BYTES)
    {
      g_autofree char *limit = g_format_size_full (VITRINE_CATALOG_IMPORT_MAX_BYTES,
                                                   G_FORMAT_SIZE_IEC_UNITS);

      g_set_error (error, VITRINE_CATALOG_ERROR, VITRINE_CATALOG_ERROR_TOO_LARGE,
                   _("%s is larger than %s, the most a catalog file can be"), display, limit);
      return FALSE;
    }

  *bytes = g_bytes_new_take (g_realloc (g_steal_pointer (&buffer), MAX (length, 1)), length);
  return TRUE;
}

/* After parsing: checks on one product that need no other product. */
static void
check_money (VitrineImportContext *ctx,
             guint                 line,
             int                   index,
             const char           *field,
             const VitrineMoney   *price,
             VitrineMoney         *compare_at)
{
  g_autofree char *compare_text = NULL;
  g_autofree char *price_text = NULL;

  if (compare_at->amount == 0)
    return;

  if (compare_at->amount > price->amount)
    return;

  /* The same as the price says nothing; below it, the card would strike
   * through a lower price and call the higher one a deal. */
  if (compare_at->amount < price->amount)
    {
      compare_text = vitrine_money_to_decimal (compare_at);
      price_text = vitrine_money_to_decimal (price);
      _vitrine_import_problem (ctx, VITRINE_CATALOG_PROBLEM_WARNING, line, index, field,
                               _("the compare-at price %s is below the price %s, so it is "
                                 "ignored"), compare_text, price_text);
    }
  compare_at->amount = 0;
}

static char *
cut_text (VitrineImportContext *ctx,
          VitrineProductDraft  *draft,
          const char           *field,
          char                 *text,
          guint                 limit)
{
  glong length;

  if (text == NULL)
    return NULL;

  length = g_utf8_strlen (text, -1);
  if (length <= limit)
    return text;

  _vitrine_import_problem (ctx, VITRINE_CATALOG_PROBLEM_WARNING, draft->line, draft->index, field,
                           g_dngettext (GETTEXT_PACKAGE,
                                        "%ld characters long; cut to the first %u character",
                                        "%ld characters long; cut to the first %u characters",
                                        limit),
                           length, limit);
  {
    char *cut = g_utf8_substring (text, 0, limit);

    g_free (text);
    return cut;
  }
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
check_draft (VitrineImportContext *ctx,
             VitrineProductDraft  *draft)
{
  draft->title = cut_text (ctx, draft, draft->title_field, draft->title,
                           VITRINE_CATALOG_MAX_TITLE);
  draft->description = cut_text (ctx, draft, draft->description_field, draft->description,
                                 VITRINE_CATALOG_MAX_DESCRIPTION);

  if (draft->checkout_url != NULL &&
      (strlen (draft->checkout_url) > MAX_URL || !is_web_url (draft->checkout_url)))
    {
      g_autofree char *quoted = _vitrine_import_quote (draft->checkout_url);

      _vitrine_import_problem (ctx, VITRINE_CATALOG_PROBLEM_WARNING, draft->line, draft->index,
                               draft->checkout_url_field,
                               _("%s is not a web address (http:// or https://), so the "
                                 "product has no checkout link"), quoted);
      g_clear_pointer (&draft->checkout_url, g_free);
    }

  check_money (ctx, draft->line, draft->index, draft->compare_at_field,
               &draft->price, &draft->compare_at);

  for (guint i = 0; i < draft->variants->len; i++)
    {
      VitrineVariantDraft *variant = g_ptr_array_index (draft->variants, i);
      g_autofree char *field = NULL;

      if (variant->path != NULL)
        field = g_strdup_printf ("%s.compare_at", variant->path);
      else
        field = g_strdup (draft->compare_at_field);
      check_money (ctx, variant->line, draft->index, field, &variant->price, &variant->compare_at);
    }
}

/* After parsing: duplicates and short codes, which need the whole file. */

typedef struct
{
  GHashTable *codes;   /* upper-case code → line (GUINT_TO_POINTER) */
  GHashTable *skus;    /* SKU → line */
  GHashTable *ids;     /* id → line */
} Seen;

static const char *
catalog_title (VitrineImportContext *ctx,
               const char           *id)
{
  return g_hash_table_lookup (ctx->snapshot->titles, id);
}

/* Whether @sku is free for a product with @id; says why not otherwise. */
static gboolean
check_sku (VitrineImportContext *ctx,
           Seen                 *seen,
           GHashTable           *own,
           const char           *id,
           const char           *sku,
           guint                 line,
           int                   index,
           const char           *field)
{
  g_autofree char *quoted = _vitrine_import_quote (sku);
  gpointer other_line;
  const char *owner;

  if (strlen (sku) > MAX_ID)
    {
      _vitrine_import_problem (ctx, VITRINE_CATALOG_PROBLEM_ERROR, line, index, field,
                               _("the SKU is longer than %u characters"), MAX_ID);
      return FALSE;
    }

  if (g_hash_table_lookup_extended (seen->skus, sku, NULL, &other_line) ||
      g_hash_table_lookup_extended (own, sku, NULL, &other_line))
    {
      _vitrine_import_problem (ctx, VITRINE_CATALOG_PROBLEM_ERROR, line, index, field,
                               _("the SKU %s is already used on line %u"),
                               quoted, GPOINTER_TO_UINT (other_line));
      return FALSE;
    }

  if (ctx->snapshot != NULL &&
      (owner = g_hash_table_lookup (ctx->snapshot->skus, sku)) != NULL &&
      g_strcmp0 (owner, id) != 0)
    {
      _vitrine_import_problem (ctx, VITRINE_CATALOG_PROBLEM_ERROR, line, index, field,
                               _("the SKU %s is already used by “%s” in the catalog"),
                               quoted, catalog_title (ctx, owner));
      return FALSE;
    }

  return TRUE;
}

/* Checks one draft's id, code and SKUs against the file so far and the
 * catalog, drops variants whose SKU clashes, and records what it uses. */
static gboolean
check_identity (VitrineImportContext *ctx,
                Seen                 *seen,
                VitrineProductDraft  *draft)
{
  g_autoptr(GHashTable) own = g_hash_table_new (g_str_hash, g_str_equal);
  g_autofree char *code_key = NULL;
  const char *id;
  gpointer other_line;
  const char *owner;
  guint n_variants = draft->variants->len;

  if (draft->id != NULL && strlen (draft->id) > MAX_ID)
    {
      _vitrine_import_problem (ctx, VITRINE_CATALOG_PROBLEM_ERROR, draft->line, draft->index,
                               draft->id_field, _("the id is longer than %u characters"), MAX_ID);
      return FALSE;
    }

  /* The id the product will have, when the file decides it. */
  id = draft->id ? draft->id : draft->sku ? draft->sku : draft->code;

  if (draft->code != NULL)
    {
      g_autofree char *quoted = _vitrine_import_quote (draft->code);

      if (!vitrine_product_code_is_valid (draft->code))
        {
          _vitrine_import_problem (ctx, VITRINE_CATALOG_PROBLEM_ERROR, draft->line, draft->index,
                                   draft->code_field,
                                   _("%s cannot be a short code: use 1 to 16 letters, digits "
                                     "or “-”, such as A12"), quoted);
          return FALSE;
        }

      code_key = _vitrine_code_key (draft->code);
      if (g_hash_table_lookup_extended (seen->codes, code_key, NULL, &other_line))
        {
          _vitrine_import_problem (ctx, VITRINE_CATALOG_PROBLEM_ERROR, draft->line, draft->index,
                                   draft->code_field,
                                   _("the code %s is already used on line %u"),
                                   quoted, GPOINTER_TO_UINT (other_line));
          return FALSE;
        }

      if (ctx->snapshot != NULL &&
          (owner = g_hash_table_lookup (ctx->snapshot->codes, code_key)) != NULL &&
          g_strcmp0 (owner, id) != 0)
        {
          _vitrine_import_problem (ctx, VITRINE_CATALOG_PROBLEM_ERROR, draft->line, draft->index,
                                   draft->code_field,
                                   _("the code %s is already used by “%s” in the catalog"),
                                   quoted, catalog_title (ctx, owner));
          return FALSE;
        }
    }

  if (draft->id != NULL &&
      g_hash_table_lookup_extended (seen->ids, draft->id, NULL, &other_line))
    {
      g_autofree char *quoted = _vitrine_import_quote (draft->id);

      _vitrine_import_problem (ctx, VITRINE_CATALOG_PROBLEM_ERROR, draft->line, draft->index,
                               draft->id_field, _("the id %s is already used on line %u"),
                               quoted, GPOINTER_TO_UINT (other_line));
      return FALSE;
    }

  if (draft->sku != NULL)
    {
      if (!check_sku (ctx, seen, own, id, draft->sku, draft->line, draft->index, draft->sku_field))
        return FALSE;
      g_hash_table_insert (own, draft->sku, GUINT_TO_POINTER (draft->line));
    }

  for (guint i = 0; i < draft->variants->len;)
    {
      VitrineVariantDraft *variant = g_ptr_array_index (draft->variants, i);

      if (variant->sku != NULL)
        {
          if (!check_sku (ctx, seen, own, id, variant->sku, variant->line, draft->index,
                          variant->sku_field))
            {
              g_ptr_array_remove_index (draft->variants, i);
              continue;
            }
          g_hash_table_insert (own, variant->sku, GUINT_TO_POINTER (variant->line));
        }
      i++;
    }

  if (n_variants > 0 && draft->variants->len == 0)
    {
      _vitrine_import_problem (ctx, VITRINE_CATALOG_PROBLEM_ERROR, draft->line, draft->index,
                               NULL, _("none of the product’s variants can be imported"));
      return FALSE;
    }

  /* Everything is fine: the file now uses these. */
  if (code_key != NULL)
    g_hash_table_insert (seen->codes, g_steal_pointer (&code_key),
                         GUINT_TO_POINTER (draft->line));
  if (draft->id != NULL)
    g_hash_table_insert (seen->ids, g_strdup (draft->id), GUINT_TO_POINTER (draft->line));
  {
    GHashTableIter iter;
    gpointer key, value;

    g_hash_table_iter_init (&iter, own);
    while (g_hash_table_iter_next (&iter, &key, &value))
      g_hash_table_insert (seen->skus, g_strdup (key), value);
  }

  return TRUE;
}

static gboolean
code_is_free (VitrineImportContext *ctx,
              Seen                 *seen,
              const char           *code,
              const char           *id)
{
  g_autofree char *key = _vitrine_code_key (code);
  const char *owner;

  if (g_hash_table_contains (seen->codes, key))
    return FALSE;

  if (ctx->snapshot != NULL &&
      (owner = g_hash_table_lookup (ctx->snapshot->codes, key)) != NULL &&
      g_strcmp0 (owner, id) != 0)
    return FALSE;

  return TRUE;
}

/* A1, A2, … in file order, after every explicit code is known. */
static void
assign_codes (VitrineImportContext *ctx,
              Seen                 *seen)
{
  guint next = 1;

  for (guint i = 0; i < ctx->drafts->len; i++)
    {
      VitrineProductDraft *draft = g_ptr_array_index (ctx->drafts, i);
      const char *id;

      if (draft->code != NULL)
        continue;

      id = draft->id ? draft->id : draft->sku;

      /* A product the catalog has keeps its code. */
      if (id != NULL && ctx->snapshot != NULL)
        {
          const char *code = g_hash_table_lookup (ctx->snapshot->id_codes, id);

          if (code != NULL && code_is_free (ctx, seen, code, id))
            draft->code = g_strdup (code);
        }

      while (draft->code == NULL)
        {
          g_autofree char *code = g_strdup_printf ("A%u", next++);

          if (code_is_free (ctx, seen, code, id))
            draft->code = g_steal_pointer (&code);
        }

      g_hash_table_insert (seen->codes, _vitrine_code_key (draft->code),
                           GUINT_TO_POINTER (draft->line));
    }
}

static VitrineProduct *
build_product (VitrineImportContext *ctx,
               VitrineProductDraft  *draft,
               Seen                 *seen)
{
  g_autoptr(VitrineProduct) product = NULL;
  g_autofree char *id = NULL;

  if (draft->id != NULL)
    id = g_strdup (draft->id);
  else if (draft->sku != NULL)
    id = g_strdup (draft->sku);
  else
    {
      /* A product the file gives neither id, SKU nor code is known by the
       * code it was given, unless another product's SKU is that already. */
      id = g_strdup (draft->code);
      for (guint n = 2; g_hash_table_contains (seen->ids, id) ||
                        g_hash_table_contains (seen->skus, id); n++)
        {
          g_free (id);
          id = g_strdup_printf ("%s~%u", draft->code, n);
        }
    }
  g_hash_table_insert (seen->ids, g_strdup (id), GUINT_TO_POINTER (draft->line));

  product = vitrine_product_new (id, draft->code, draft->sku);
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
      g_autofree char *variant_id = NULL;

      if (vdraft->id != NULL)
        variant_id = g_strdup (vdraft->id);
      else if (vdraft->sku != NULL)
        variant_id = g_strdup (vdraft->sku);
      else
        variant_id = g_strdup_printf ("%s/%u", id, i + 1);

      variant = vitrine_product_variant_new (variant_id, vdraft->sku);
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

  /* JSON problems go by product (one that is not an object has no line),
   * CSV problems by line. */
  if (pa->index >= 0 && pb->index >= 0 && pa->index != pb->index)
    return pa->index < pb->index ? -1 : 1;
  if (pa->line != pb->line)
    return pa->line < pb->line ? -1 : 1;
  return 0;
}

static VitrineCatalogImport *
finish_import (VitrineImportContext *ctx)
{
  g_autoptr(VitrineCatalogImport) self = g_object_new (VITRINE_TYPE_CATALOG_IMPORT, NULL);
  g_autoptr(GPtrArray) kept = NULL;
  Seen seen;

  seen.codes = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  seen.skus = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  seen.ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  /* Only the products that make it take part in code assignment. */
  kept = g_ptr_array_new_full (ctx->drafts->len, (GDestroyNotify) _vitrine_product_draft_free);
  for (guint i = 0; i < ctx->drafts->len; i++)
    {
      VitrineProductDraft *draft = g_ptr_array_index (ctx->drafts, i);

      check_draft (ctx, draft);
      if (check_identity (ctx, &seen, draft))
        {
          g_ptr_array_add (kept, draft);
          g_ptr_array_index (ctx->drafts, i) = NULL;
        }
    }
  /* Frees the drafts left behind; the free function takes NULL. */
  g_ptr_array_set_size (ctx->drafts, 0);
  g_ptr_array_extend_and_steal (ctx->drafts, g_steal_pointer (&kept));
  assign_codes (ctx, &seen);

  for (guint i = 0; i < ctx->drafts->len; i++)
    {
      g_autoptr(VitrineProduct) product = build_product (ctx, g_ptr_array_index (ctx->drafts, i),
                                                         &seen);

      g_list_store_append (self->products, product);
    }

  g_hash_table_unref (seen.codes);
  g_hash_table_unref (seen.skus);
  g_hash_table_unref (seen.ids);

  /* Stable: problems of one line stay in the order they were found. */
  g_ptr_array_sort (ctx->problems, compare_problems);
  self->problems = g_ptr_array_ref (ctx->problems);
  self->format = ctx->format;
  return g_steal_pointer (&self);
}

static gboolean
looks_like_json (const char *data,
                 gsize       length)
{
  for (gsize i = 0; i < length; i++)
    {
      if (g_ascii_isspace (data[i]))
        continue;
      return data[i] == '{' || data[i] == '[';
    }
  return FALSE;
}

static VitrineCatalogImport *
import_data (VitrineImportContext  *ctx,
             const char            *data,
             gsize                  length,
             GError               **error)
{
  gboolean only_space = TRUE;
  gboolean ok;

  if (length == 0)
    {
      g_set_error (error, VITRINE_CATALOG_ERROR, VITRINE_CATALOG_ERROR_EMPTY,
                   _("%s is empty"), ctx->name);
      return NULL;
    }

  if (length >= 4 && memcmp (data, "PK\003\004", 4) == 0)
    {
      g_set_error (error, VITRINE_CATALOG_ERROR, VITRINE_CATALOG_ERROR_ENCODING,
                   _("%s is a spreadsheet or an archive, not text: save it as “CSV UTF-8” "
                     "first"), ctx->name);
      return NULL;
    }

  if (length >= 2 && ((guchar) data[0] == 0xff || (guchar) data[0] == 0xfe) &&
      ((guchar) data[1] == 0xff || (guchar) data[1] == 0xfe))
    {
      g_set_error (error, VITRINE_CATALOG_ERROR, VITRINE_CATALOG_ERROR_ENCODING,
                   _("%s is UTF-16 text: save it as UTF-8 (“CSV UTF-8”) instead"), ctx->name);
      return NULL;
    }

  /* Excel's "CSV UTF-8" starts with a byte-order mark. */
  if (length >= 3 && memcmp (data, "\xef\xbb\xbf", 3) == 0)
    {
      data += 3;
      length -= 3;
    }

  if (memchr (data, '\0', length) != NULL)
    {
      g_set_error (error, VITRINE_CATALOG_ERROR, VITRINE_CATALOG_ERROR_ENCODING,
                   _("%s is not a text file"), ctx->name);
      return NULL;
    }

  for (gsize i = 0; i < length && only_space; i++)
    only_space = g_ascii_isspace (data[i]);
  if (only_space)
    {
      g_set_error (error, VITRINE_CATALOG_ERROR, VITRINE_CATALOG_ERROR_EMPTY,
                   _("%s is empty"), ctx->name);
      return NULL;
    }

  if (ctx->format == VITRINE_CATALOG_FORMAT_AUTO &&
      (looks_like_json (data, length) || g_str_has_suffix (ctx->name, ".json")))
    ctx->format = VITRINE_CATALOG_FORMAT_JSON;

  if (ctx->format == VITRINE_CATALOG_FORMAT_JSON)
    ok = _vitrine_import_json (ctx, data, length, error);
  else
    ok = _vitrine_import_csv (ctx, data, length, error);

  if (!ok)
    return NULL;

  return finish_import (ctx);
}

static VitrineCatalogImport *
import_file (VitrineImportContext  *ctx,
             GFile                 *file,
             GError               **error)
{
  g_autoptr(GBytes) bytes = NULL;
  gsize length;
  const char *data;

  if (!read_limited (file, ctx->cancellable, &bytes, error))
    return NULL;

  data = g_bytes_get_data (bytes, &length);
  return import_data (ctx, data, length, error);
}

/**
 * vitrine_catalog_import_file:
 * @file: a catalog file: a Shopify product export, a Vitrine CSV or JSON
 * @options: (nullable): what the file does not say, such as the shop currency
 * @error: a location for a #GError in the %VITRINE_CATALOG_ERROR domain
 *
 * Reads a catalog file, and blocks while it does: use
 * vitrine_catalog_import_file_async() from the UI. The formats are described
 * in #VitrineCatalogImport. Relative image paths are taken from the file's
 * folder.
 *
 * Returns: (transfer full): the good products and the problems, or %NULL with
 *   @error set when nothing in the file can be used (it cannot be read, is too
 *   large, empty, not UTF-8, lacks a required column, has no currency, or is
 *   malformed JSON)
 */
VitrineCatalogImport *
vitrine_catalog_import_file (GFile                              *file,
                             const VitrineCatalogImportOptions  *options,
                             GError                            **error)
{
  g_autoptr(VitrineImportContext) ctx = NULL;
  g_autoptr(GFile) directory = NULL;
  g_autofree char *name = NULL;

  g_return_val_if_fail (G_IS_FILE (file), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  name = g_file_get_basename (file);
  directory = g_file_get_parent (file);
  ctx = context_new (options, name, directory);
  return import_file (ctx, file, error);
}

/**
 * vitrine_catalog_import_bytes:
 * @bytes: the contents of a catalog file
 * @name: the file's name, for messages and to recognize a `.json` extension
 * @directory: (nullable): the folder relative image paths are taken from, or
 *   %NULL to leave them relative
 * @options: (nullable): what the file does not say, such as the shop currency
 * @error: a location for a #GError in the %VITRINE_CATALOG_ERROR domain
 *
 * Like vitrine_catalog_import_file(), for contents already in memory (a
 * download, a paste). The row limit applies, the byte limit too.
 *
 * Returns: (transfer full): the good products and the problems, or %NULL with
 *   @error set
 */
VitrineCatalogImport *
vitrine_catalog_import_bytes (GBytes                             *bytes,
                              const char                         *name,
                              GFile                              *directory,
                              const VitrineCatalogImportOptions  *options,
                              GError                            **error)
{
  g_autoptr(VitrineImportContext) ctx = NULL;
  const char *data;
  gsize length;

  g_return_val_if_fail (bytes != NULL, NULL);
  g_return_val_if_fail (name != NULL, NULL);
  g_return_val_if_fail (directory == NULL || G_IS_FILE (directory), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  ctx = context_new (options, name, directory);
  data = g_bytes_get_data (bytes, &length);

  if (length > VITRINE_CATALOG_IMPORT_MAX_BYTES)
    {
      g_autofree char *limit = g_format_size_full (VITRINE_CATALOG_IMPORT_MAX_BYTES,
                                                   G_FORMAT_SIZE_IEC_UNITS);

      g_set_error (error, VITRINE_CATALOG_ERROR, VITRINE_CATALOG_ERROR_TOO_LARGE,
                   _("%s is larger than %s, the most a catalog file can be"), name, limit);
      return NULL;
    }

  return import_data (ctx, data, length, error);
}

typedef struct
{
  VitrineImportContext *ctx;
  GFile                *file;
} AsyncData;

static void
async_data_free (AsyncData *data)
{
  context_free (data->ctx);
  g_object_unref (data->file);
  g_free (data);
}

static void
import_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  AsyncData *data = task_data;
  GError *error = NULL;
  VitrineCatalogImport *import;

  import = import_file (data->ctx, data->file, &error);
  if (import == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, import, g_object_unref);
}

/**
 * vitrine_catalog_import_file_async:
 * @file: a catalog file
 * @options: (nullable): what the file does not say; copied, as is what the
 *   import needs from @options->catalog, before this returns
 * @cancellable: (nullable): a #GCancellable
 * @callback: called on the calling thread's main context when done
 * @user_data: data for @callback
 *
 * Reads a catalog file in a worker thread, so that a large Shopify export
 * does not freeze the window. The catalog in @options is only read now, on
 * the calling thread; the worker never touches it.
 */
void
vitrine_catalog_import_file_async (GFile                             *file,
                                   const VitrineCatalogImportOptions *options,
                                   GCancellable                      *cancellable,
                                   GAsyncReadyCallback                callback,
                                   gpointer                           user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GFile) directory = NULL;
  g_autofree char *name = NULL;
  AsyncData *data;

  g_return_if_fail (G_IS_FILE (file));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  name = g_file_get_basename (file);
  directory = g_file_get_parent (file);

  data = g_new0 (AsyncData, 1);
  data->ctx = context_new (options, name, directory);
  data->file = g_object_ref (file);
  if (cancellable != NULL)
    data->ctx->cancellable = g_object_ref (cancellable);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, vitrine_catalog_import_file_async);
  g_task_set_task_data (task, data, (GDestroyNotify) async_data_free);
  g_task_run_in_thread (task, import_thread);
}

/**
 * vitrine_catalog_import_file_finish:
 * @result: the result given to the callback
 * @error: a location for a #GError
 *
 * Returns: (transfer full): what vitrine_catalog_import_file() returns, or
 *   %NULL with @error set (%G_IO_ERROR_CANCELLED when cancelled)
 */
VitrineCatalogImport *
vitrine_catalog_import_file_finish (GAsyncResult  *result,
                                    GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) ==
                        vitrine_catalog_import_file_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/**
 * vitrine_catalog_import_get_format:
 * @self: an import
 *
 * Returns: the format the file was read as
 */
VitrineCatalogFormat
vitrine_catalog_import_get_format (VitrineCatalogImport *self)
{
  g_return_val_if_fail (VITRINE_IS_CATALOG_IMPORT (self), VITRINE_CATALOG_FORMAT_AUTO);

  return self->format;
}

/**
 * vitrine_catalog_import_get_products:
 * @self: an import
 *
 * Returns: (transfer none): a #GListModel of the #VitrineProduct that can be
 *   imported, in file order
 */
GListModel *
vitrine_catalog_import_get_products (VitrineCatalogImport *self)
{
  g_return_val_if_fail (VITRINE_IS_CATALOG_IMPORT (self), NULL);

  return G_LIST_MODEL (self->products);
}

/**
 * vitrine_catalog_import_get_n_problems:
 * @self: an import
 *
 * Returns: the number of problems found
 */
guint
vitrine_catalog_import_get_n_problems (VitrineCatalogImport *self)
{
  g_return_val_if_fail (VITRINE_IS_CATALOG_IMPORT (self), 0);

  return self->problems->len;
}

/**
 * vitrine_catalog_import_get_problem:
 * @self: an import
 * @index: a number below vitrine_catalog_import_get_n_problems()
 *
 * Problems are in file order.
 *
 * Returns: (transfer none): the problem
 */
const VitrineCatalogProblem *
vitrine_catalog_import_get_problem (VitrineCatalogImport *self,
                                    guint                 index)
{
  g_return_val_if_fail (VITRINE_IS_CATALOG_IMPORT (self), NULL);
  g_return_val_if_fail (index < self->problems->len, NULL);

  return g_ptr_array_index (self->problems, index);
}

/**
 * vitrine_catalog_import_apply:
 * @self: an import
 * @catalog: the catalog to add the products to
 * @error: a location for a #GError
 *
 * Adds the import's products to @catalog; a product whose id @catalog already
 * has replaces it, in place. All of them or none: if the catalog changed since
 * the import and a code or SKU now clashes, nothing changes.
 *
 * Returns: %TRUE on success, %FALSE with %VITRINE_CATALOG_ERROR_DUPLICATE
 */
gboolean
vitrine_catalog_import_apply (VitrineCatalogImport  *self,
                              VitrineCatalog        *catalog,
                              GError               **error)
{
  g_return_val_if_fail (VITRINE_IS_CATALOG_IMPORT (self), FALSE);
  g_return_val_if_fail (VITRINE_IS_CATALOG (catalog), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return _vitrine_catalog_apply (catalog, G_LIST_MODEL (self->products), error);
}

/**
 * vitrine_catalog_problem_to_string:
 * @problem: a problem
 *
 * Puts a problem in one sentence for the host, such as
 * `line 7, price: “12,5O” is not a price (expected a number such as 19.99)`.
 *
 * Returns: (transfer full): the translated sentence
 */
char *
vitrine_catalog_problem_to_string (const VitrineCatalogProblem *problem)
{
  g_return_val_if_fail (problem != NULL, NULL);

  if (problem->line > 0 && problem->field != NULL)
    /* Translators: "line 7, price: “12,5O” is not a price". */
    return g_strdup_printf (_("line %u, %s: %s"), problem->line, problem->field,
                            problem->message);
  if (problem->line > 0)
    return g_strdup_printf (_("line %u: %s"), problem->line, problem->message);
  if (problem->field != NULL)
    return g_strdup_printf (_("%s: %s"), problem->field, problem->message);
  return g_strdup (problem->message);
}
