/* vitrine-catalog-import-csv.c
 *
 * Copyright 2026 The Vitrine developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "vitrine-catalog-import"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "vitrine-catalog-private.h"

/* CSV catalogs: an RFC 4180 reader, then Vitrine's simple columns or a
 * Shopify product export. Records are read one at a time, so a 20 MB export
 * never exists as millions of field strings at once. Every record knows the
 * physical line it starts on (counting line breaks inside quoted fields), and
 * every field its own, which is what problems report. */

/* RFC 4180 reader */

typedef struct
{
  const char *data;
  gsize       length;
  gsize       pos;
  guint       line;       /* of data[pos], 1-based */
} CsvReader;

typedef struct
{
  GPtrArray  *fields;     /* char *, raw bytes (not yet checked for UTF-8) */
  GArray     *lines;      /* guint: the line each field starts on */
  guint       line;       /* the line the record starts on */
  gboolean    quoted;     /* the first field was quoted (so the record is not blank) */
  const char *error;      /* a record the reader could not read properly */
  guint       error_field;
} CsvRecord;

static void
csv_record_init (CsvRecord *record)
{
  record->fields = g_ptr_array_new_with_free_func (g_free);
  record->lines = g_array_new (FALSE, FALSE, sizeof (guint));
}

static void
csv_record_clear (CsvRecord *record)
{
  g_clear_pointer (&record->fields, g_ptr_array_unref);
  g_clear_pointer (&record->lines, g_array_unref);
}

/* Consumes one line break (\r\n, \n or a lone \r, as old Mac spreadsheets
 * write) if there is one at the reader's position. */
static gboolean
csv_skip_newline (CsvReader *reader)
{
  if (reader->pos >= reader->length)
    return FALSE;

  if (reader->data[reader->pos] == '\r')
    {
      reader->pos++;
      if (reader->pos < reader->length && reader->data[reader->pos] == '\n')
        reader->pos++;
      reader->line++;
      return TRUE;
    }

  if (reader->data[reader->pos] == '\n')
    {
      reader->pos++;
      reader->line++;
      return TRUE;
    }

  return FALSE;
}

static gboolean
csv_is_newline (char c)
{
  return c == '\r' || c == '\n';
}

/* Reads one record. Returns FALSE at the end of the data. */
static gboolean
csv_next (CsvReader *reader,
          CsvRecord *record,
          GString   *buffer)
{
  const char *data = reader->data;

  g_ptr_array_set_size (record->fields, 0);
  g_array_set_size (record->lines, 0);
  record->line = reader->line;
  record->quoted = FALSE;
  record->error = NULL;

  if (reader->pos >= reader->length)
    return FALSE;

  for (;;)
    {
      guint field_line = reader->line;

      g_string_truncate (buffer, 0);

      if (data[reader->pos] == '"')
        {
          gboolean closed = FALSE;

          if (record->fields->len == 0)
            record->quoted = TRUE;
          reader->pos++;

          while (reader->pos < reader->length)
            {
              char c = data[reader->pos];

              if (c == '"')
                {
                  if (reader->pos + 1 < reader->length && data[reader->pos + 1] == '"')
                    {
                      g_string_append_c (buffer, '"');
                      reader->pos += 2;
                      continue;
                    }
                  reader->pos++;
                  closed = TRUE;
                  break;
                }

              if (csv_is_newline (c))
                {
                  csv_skip_newline (reader);
                  g_string_append_c (buffer, '\n');
                  continue;
                }

              /* Copy the run up to the next quote or line break at once. */
              {
                gsize end = reader->pos + 1;

                while (end < reader->length && data[end] != '"' && !csv_is_newline (data[end]))
                  end++;
                g_string_append_len (buffer, data + reader->pos, end - reader->pos);
                reader->pos = end;
              }
            }

          if (!closed && record->error == NULL)
            {
              record->error = N_("the quote that opens this field is never closed, so the "
                                 "rest of the file was read as part of it");
              record->error_field = record->fields->len;
              record->line = field_line;
            }

          /* 'a"b,' after a closing quote: RFC 4180 has no meaning for it. */
          if (reader->pos < reader->length && data[reader->pos] != ',' &&
              !csv_is_newline (data[reader->pos]))
            {
              if (record->error == NULL)
                {
                  record->error = N_("there is text after the closing quote of this field; "
                                     "inside quotes, write a quote as two (\"\")");
                  record->error_field = record->fields->len;
                }
              while (reader->pos < reader->length && data[reader->pos] != ',' &&
                     !csv_is_newline (data[reader->pos]))
                reader->pos++;
            }
        }
      else
        {
          gsize end = reader->pos;

          /* A quote inside an unquoted field (12" vinyl) is kept as it is. */
          while (end < reader->length && data[end] != ',' && !csv_is_newline (data[end]))
            end++;
          g_string_append_len (buffer, data + reader->pos, end - reader->pos);
          reader->pos = end;
        }

      g_ptr_array_add (record->fields, g_strndup (buffer->str, buffer->len));
      g_array_append_val (record->lines, field_line);

      if (reader->pos >= reader->length)
        return TRUE;

      if (data[reader->pos] == ',')
        {
          reader->pos++;
          /* "a,b," at the very end: one more, empty, field. */
          if (reader->pos >= reader->length)
            {
              g_ptr_array_add (record->fields, g_strdup (""));
              g_array_append_val (record->lines, reader->line);
              return TRUE;
            }
          continue;
        }

      csv_skip_newline (reader);
      return TRUE;
    }
}

static gboolean
csv_record_is_blank (CsvRecord *record)
{
  if (record->quoted || record->error != NULL)
    return FALSE;

  for (guint i = 0; i < record->fields->len; i++)
    {
      const char *field = g_ptr_array_index (record->fields, i);

      for (; *field != '\0'; field++)
        if (!g_ascii_isspace (*field))
          return FALSE;
    }

  return TRUE;
}

/* Columns */

typedef struct
{
  GPtrArray *names;      /* char *, trimmed, as the file writes them */
} CsvHeader;

static int
find_column (CsvHeader          *header,
             const char * const *names)
{
  for (guint i = 0; names[i] != NULL; i++)
    for (guint column = 0; column < header->names->len; column++)
      if (g_ascii_strcasecmp (g_ptr_array_index (header->names, column), names[i]) == 0)
        return column;

  return -1;
}

static const char *
column_name (CsvHeader *header,
             guint      column)
{
  if (column < header->names->len)
    return g_ptr_array_index (header->names, column);
  return NULL;
}

static const char *
get_raw (CsvRecord *record,
         int        column)
{
  if (column < 0 || (guint) column >= record->fields->len)
    return "";
  return g_ptr_array_index (record->fields, column);
}

/* The field, trimmed, or NULL when empty. */
static char *
get (CsvRecord *record,
     int        column)
{
  char *value = g_strstrip (g_strdup (get_raw (record, column)));

  if (*value == '\0')
    g_clear_pointer (&value, g_free);
  return value;
}

/* Checks that every field is UTF-8, and reports the line of the first bad
 * byte and its column otherwise. */
static gboolean
check_record_utf8 (VitrineImportContext *ctx,
                   CsvHeader            *header,
                   CsvRecord            *record)
{
  for (guint i = 0; i < record->fields->len; i++)
    {
      const char *field = g_ptr_array_index (record->fields, i);
      const char *end;
      guint line;

      if (g_utf8_validate (field, -1, &end))
        continue;

      line = g_array_index (record->lines, guint, i);
      for (const char *p = field; p < end; p++)
        if (*p == '\n')
          line++;

      _vitrine_import_problem (ctx, VITRINE_CATALOG_PROBLEM_ERROR, line, -1,
                               header ? column_name (header, i) : NULL,
                               _("the text is not UTF-8 (byte 0x%02X); save the file as "
                                 "“CSV UTF-8”"),
                               (guchar) *end);
      return FALSE;
    }

  return TRUE;
}

static gboolean
check_record_syntax (VitrineImportContext *ctx,
                     CsvHeader            *header,
                     CsvRecord            *record)
{
  if (record->error != NULL)
    {
      _vitrine_import_problem (ctx, VITRINE_CATALOG_PROBLEM_ERROR, record->line, -1,
                               column_name (header, record->error_field), "%s",
                               _(record->error));
      return FALSE;
    }

  /* More fields than the header has is usually an unquoted comma, such as
   * 19,99 written as a price: every column after it is off by one. Empty
   * extra fields (a trailing comma) are harmless. */
  for (guint i = header->names->len; i < record->fields->len; i++)
    {
      const char *field = g_ptr_array_index (record->fields, i);

      if (*field != '\0')
        {
          _vitrine_import_problem (ctx, VITRINE_CATALOG_PROBLEM_ERROR, record->line, -1, NULL,
                                   _("the row has %u fields but the header has %u; a field "
                                     "with a comma in it needs quotes"),
                                   record->fields->len, header->names->len);
          return FALSE;
        }
    }

  return TRUE;
}

static gboolean
check_cancelled (VitrineImportContext  *ctx,
                 guint                  n,
                 GError               **error)
{
  return n % 1024 != 0 || !g_cancellable_set_error_if_cancelled (ctx->cancellable, error);
}

static gboolean
parse_price (VitrineImportContext *ctx,
             guint                 line,
             const char           *field,
             const char           *text,
             const char           *currency,
             VitrineMoney         *money)
{
  g_autoptr(GError) error = NULL;

  if (vitrine_money_parse (text ? text : "", currency, money, &error))
    return TRUE;

  _vitrine_import_problem (ctx, VITRINE_CATALOG_PROBLEM_ERROR, line, -1, field,
                           "%s", error->message);
  return FALSE;
}

/* Vitrine CSV */

enum {
  COL_CODE,
  COL_SKU,
  COL_TITLE,
  COL_PRICE,
  COL_COMPARE_AT,
  COL_CURRENCY,
  COL_STOCK,
  COL_IMAGE,
  COL_CHECKOUT_URL,
  COL_DESCRIPTION,
  COL_TAGS,
  N_COLUMNS
};

static const char *simple_columns[N_COLUMNS] = {
  "code", "sku", "title", "price", "compare_at", "currency", "stock", "image", "checkout_url",
  "description", "tags",
};

static void
simple_row (VitrineImportContext *ctx,
            CsvHeader            *header,
            const int            *columns,
            CsvRecord            *record)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *currency = get (record, columns[COL_CURRENCY]);
  g_autofree char *price = get (record, columns[COL_PRICE]);
  g_autofree char *compare_at = get (record, columns[COL_COMPARE_AT]);
  g_autofree char *stock = get (record, columns[COL_STOCK]);
  g_autofree char *image = get (record, columns[COL_IMAGE]);
  g_autofree char *tags = get (record, columns[COL_TAGS]);
  VitrineProductDraft *draft;
  char normalized[4];
  guint line = record->line;

  draft = _vitrine_product_draft_new (line, -1);
  draft->code = get (record, columns[COL_CODE]);
  draft->code_field = g_strdup (column_name (header, columns[COL_CODE]));
  draft->sku = get (record, columns[COL_SKU]);
  draft->sku_field = g_strdup (column_name (header, columns[COL_SKU]));
  draft->id_field = g_strdup (draft->sku_field);
  draft->title = get (record, columns[COL_TITLE]);
  draft->title_field = g_strdup (column_name (header, columns[COL_TITLE]));
  draft->description = get (record, columns[COL_DESCRIPTION]);
  draft->description_field = g_strdup (column_name (header, columns[COL_DESCRIPTION]));
  draft->checkout_url = get (record, columns[COL_CHECKOUT_URL]);
  draft->checkout_url_field = g_strdup (column_name (header, columns[COL_CHECKOUT_URL]));
  draft->price_field = g_strdup (column_name (header, columns[COL_PRICE]));
  draft->compare_at_field = g_strdup (column_name (header, columns[COL_COMPARE_AT]));
  draft->image = _vitrine_import_resolve_image (ctx, image);
  /* The code has its own column here; a "code:" tag is just a tag. */
  _vitrine_import_add_tags (draft, tags, FALSE);

  if (draft->title == NULL)
    {
      _vitrine_import_problem (ctx, VITRINE_CATALOG_PROBLEM_ERROR, line, -1, draft->title_field,
                               _("the title is empty"));
      goto skip;
    }

  if (currency == NULL && ctx->currency[0] == '\0')
    {
      _vitrine_import_problem (ctx, VITRINE_CATALOG_PROBLEM_ERROR, line, -1,
                               column_name (header, columns[COL_CURRENCY]),
                               _("no currency: fill it in, or choose the shop’s currency "
                                 "before importing"));
      goto skip;
    }

  if (currency != NULL && !vitrine_currency_normalize (currency, normalized))
    {
      g_autofree char *quoted = _vitrine_import_quote (currency);

      _vitrine_import_problem (ctx, VITRINE_CATALOG_PROBLEM_ERROR, line, -1,
                               column_name (header, columns[COL_CURRENCY]),
                               _("%s is not a currency code (expected an ISO 4217 code such "
                                 "as EUR)"), quoted);
      goto skip;
    }

  if (!parse_price (ctx, line, draft->price_field, price,
                    currency ? normalized : ctx->currency, &draft->price))
    goto skip;

  if (compare_at != NULL &&
      !parse_price (ctx, line, draft->compare_at_field, compare_at,
                    currency ? normalized : ctx->currency, &draft->compare_at))
    goto skip;

  if (stock != NULL && !_vitrine_import_parse_stock (stock, &draft->stock, &error))
    {
      _vitrine_import_problem (ctx, VITRINE_CATALOG_PROBLEM_ERROR, line, -1,
                               column_name (header, columns[COL_STOCK]), "%s", error->message);
      goto skip;
    }

  g_ptr_array_add (ctx->drafts, draft);
  return;

skip:
  _vitrine_product_draft_free (draft);
}

static gboolean
import_simple (VitrineImportContext  *ctx,
               CsvReader             *reader,
               CsvHeader             *header,
               guint                  header_line,
               CsvRecord             *record,
               GString               *buffer,
               GError               **error)
{
  int columns[N_COLUMNS];
  guint n_records = 0;

  for (guint i = 0; i < N_COLUMNS; i++)
    {
      const char *names[] = { simple_columns[i], NULL };

      columns[i] = find_column (header, names);
    }

  for (guint i = 0; i < N_COLUMNS; i++)
    if ((i == COL_TITLE || i == COL_PRICE) && columns[i] < 0)
      {
        g_autofree char *names = g_strjoinv (",", (char **) header->names->pdata);

        /* "code;sku;title;price" is one column: a spreadsheet set to use
         * semicolons. Say so rather than "no title column". */
        if (header->names->len == 1 && strchr (names, ';') != NULL)
          g_set_error (error, VITRINE_CATALOG_ERROR, VITRINE_CATALOG_ERROR_MISSING_COLUMN,
                       _("line %u: the columns of %s are separated by semicolons; a catalog "
                         "CSV separates them by commas"), header_line, ctx->name);
        else
          g_set_error (error, VITRINE_CATALOG_ERROR, VITRINE_CATALOG_ERROR_MISSING_COLUMN,
                       _("line %u: %s has no “%s” column (a Vitrine CSV needs at least "
                         "title and price; Shopify exports have a Handle column)"),
                       header_line, ctx->name, simple_columns[i]);
        return FALSE;
      }

  if (columns[COL_CURRENCY] < 0 && ctx->currency[0] == '\0')
    {
      g_set_error (error, VITRINE_CATALOG_ERROR, VITRINE_CATALOG_ERROR_NO_CURRENCY,
                   _("%s has no “currency” column: add one, or choose the shop’s currency "
                     "before importing"), ctx->name);
      return FALSE;
    }

  /* Unknown columns are most likely typos of known ones ("compare_price"),
   * whose values would otherwise vanish without a word. */
  for (guint column = 0; column < header->names->len; column++)
    {
      const char *name = g_ptr_array_index (header->names, column);
      gboolean known = FALSE;

      for (guint i = 0; i < N_COLUMNS && !known; i++)
        known = g_ascii_strcasecmp (name, simple_columns[i]) == 0 && columns[i] == (int) column;

      if (!known)
        {
          g_autofree char *quoted = _vitrine_import_quote (name);

          _vitrine_import_problem (ctx, VITRINE_CATALOG_PROBLEM_WARNING, header_line, -1, NULL,
                                   _("the column %s is not one Vitrine knows (or appears "
                                     "twice), so it is ignored"), quoted);
        }
    }

  while (csv_next (reader, record, buffer))
    {
      if (csv_record_is_blank (record))
        continue;

      if (!_vitrine_import_count_row (ctx, error) || !check_cancelled (ctx, ++n_records, error))
        return FALSE;

      if (!check_record_syntax (ctx, header, record) || !check_record_utf8 (ctx, header, record))
        continue;

      simple_row (ctx, header, columns, record);
    }

  if (n_records == 0)
    {
      g_set_error (error, VITRINE_CATALOG_ERROR, VITRINE_CATALOG_ERROR_EMPTY,
                   _("%s has a header row but no products"), ctx->name);
      return FALSE;
    }

  return TRUE;
}

/* Shopify */

/* Shopify's "Body (HTML)" as plain text for the host: tags dropped, block
 * ends as line breaks, the common entities decoded, spaces collapsed. */
static char *
html_to_text (const char *html)
{
  static const struct {
    const char *entity;
    const char *text;
  } entities[] = {
    { "&amp;", "&" }, { "&lt;", "<" }, { "&gt;", ">" }, { "&quot;", "\"" },
    { "&#39;", "'" }, { "&apos;", "'" }, { "&nbsp;", " " },
  };
  g_autoptr(GString) text = g_string_new (NULL);
  const char *p = html;
  gboolean space = FALSE;

  while (*p != '\0')
    {
      if (*p == '<')
        {
          const char *end = strchr (p, '>');
          g_autofree char *tag = NULL;

          if (end == NULL)
            break;
          tag = g_ascii_strdown (p + 1, end - p - 1);
          if (g_str_has_prefix (tag, "br") || g_str_has_prefix (tag, "/p") ||
              g_str_has_prefix (tag, "/div") || g_str_has_prefix (tag, "/li") ||
              g_str_has_prefix (tag, "/h"))
            {
              while (text->len > 0 && text->str[text->len - 1] == ' ')
                g_string_truncate (text, text->len - 1);
              if (text->len > 0 && text->str[text->len - 1] != '\n')
                g_string_append_c (text, '\n');
              space = FALSE;
            }
          else if (g_str_has_prefix (tag, "li"))
            {
              if (text->len > 0 && text->str[text->len - 1] != '\n')
                g_string_append_c (text, '\n');
              g_string_append (text, "• ");
              space = FALSE;
            }
          else
            space = text->len > 0 && text->str[text->len - 1] != '\n';
          p = end + 1;
          continue;
        }

      if (g_ascii_isspace (*p))
        {
          space = text->len > 0 && text->str[text->len - 1] != '\n';
          p++;
          continue;
        }

      if (space)
        {
          g_string_append_c (text, ' ');
          space = FALSE;
        }

      if (*p == '&')
        {
          gboolean decoded = FALSE;

          for (guint i = 0; i < G_N_ELEMENTS (entities) && !decoded; i++)
            if (g_str_has_prefix (p, entities[i].entity))
              {
                g_string_append (text, entities[i].text);
                p += strlen (entities[i].entity);
                decoded = TRUE;
              }

          if (!decoded && p[1] == '#')
            {
              char *end = NULL;
              guint64 code;

              if (p[2] == 'x' || p[2] == 'X')
                code = g_ascii_strtoull (p + 3, &end, 16);
              else
                code = g_ascii_strtoull (p + 2, &end, 10);
              if (end != NULL && *end == ';' && code > 0 && code <= 0x10FFFF &&
                  g_unichar_validate ((gunichar) code))
                {
                  g_string_append_unichar (text, (gunichar) code);
                  p = end + 1;
                  decoded = TRUE;
                }
            }

          if (decoded)
            continue;
        }

      g_string_append_c (text, *p);
      p++;
    }

  while (text->len > 0 && g_ascii_isspace (text->str[text->len - 1]))
    g_string_truncate (text, text->len - 1);

  return text->len > 0 ? g_strdup (text->str) : NULL;
}

enum {
  SH_HANDLE,
  SH_TITLE,
  SH_BODY,
  SH_TAGS,
  SH_OPTION1_NAME,
  SH_OPTION1_VALUE,
  SH_OPTION2_NAME,
  SH_OPTION2_VALUE,
  SH_OPTION3_NAME,
  SH_OPTION3_VALUE,
  SH_SKU,
  SH_TRACKER,
  SH_QTY,
  SH_POLICY,
  SH_PRICE,
  SH_COMPARE_AT,
  SH_IMAGE_SRC,
  SH_IMAGE_POSITION,
  SH_N_COLUMNS
};

/* The export's own column names, then the newer spellings of Shopify's 2024
 * template. Matched without regard to case ("Option1 name"). */
static const char *shopify_columns[SH_N_COLUMNS][3] = {
  [SH_HANDLE] = { "Handle", "URL handle", NULL },
  [SH_TITLE] = { "Title", NULL },
  [SH_BODY] = { "Body (HTML)", "Description", NULL },
  [SH_TAGS] = { "Tags", NULL },
  [SH_OPTION1_NAME] = { "Option1 Name", NULL },
  [SH_OPTION1_VALUE] = { "Option1 Value", NULL },
  [SH_OPTION2_NAME] = { "Option2 Name", NULL },
  [SH_OPTION2_VALUE] = { "Option2 Value", NULL },
  [SH_OPTION3_NAME] = { "Option3 Name", NULL },
  [SH_OPTION3_VALUE] = { "Option3 Value", NULL },
  [SH_SKU] = { "Variant SKU", "SKU", NULL },
  [SH_TRACKER] = { "Variant Inventory Tracker", "Inventory tracker", NULL },
  [SH_QTY] = { "Variant Inventory Qty", "Inventory quantity", NULL },
  [SH_POLICY] = { "Variant Inventory Policy", NULL },
  [SH_PRICE] = { "Variant Price", "Price", NULL },
  [SH_COMPARE_AT] = { "Variant Compare At Price", "Compare-at price", NULL },
  [SH_IMAGE_SRC] = { "Image Src", "Product image URL", NULL },
  [SH_IMAGE_POSITION] = { "Image Position", NULL },
};

typedef struct
{
  VitrineProductDraft *draft;
  char                *handle;
  gboolean             bad;            /* reported; its other rows are skipped quietly */
  gboolean             variant_failed; /* a variant row was reported */
  guint64              image_position;
  guint                last_line;      /* of its latest row */
} ShopifyProduct;

static void
shopify_product_free (ShopifyProduct *product)
{
  _vitrine_product_draft_free (product->draft);
  g_free (product->handle);
  g_free (product);
}

static gboolean
is_default_title (VitrineVariantDraft *variant)
{
  return variant->options == NULL ||
         (g_strv_length (variant->options) == 1 &&
          g_str_equal (variant->options[0], "Default Title"));
}

static void
shopify_variant_row (VitrineImportContext *ctx,
                     CsvHeader            *header,
                     const int            *columns,
                     CsvRecord            *record,
                     ShopifyProduct       *product)
{
  g_autoptr(GPtrArray) options = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *price = get (record, columns[SH_PRICE]);
  g_autofree char *compare_at = get (record, columns[SH_COMPARE_AT]);
  g_autofree char *tracker = get (record, columns[SH_TRACKER]);
  g_autofree char *qty = get (record, columns[SH_QTY]);
  g_autofree char *policy = get (record, columns[SH_POLICY]);
  VitrineVariantDraft *variant;
  guint line = record->line;

  variant = _vitrine_variant_draft_new (line);
  variant->sku = get (record, columns[SH_SKU]);
  variant->sku_field = g_strdup (column_name (header, columns[SH_SKU]));

  for (guint i = SH_OPTION1_VALUE; i <= SH_OPTION3_VALUE; i += 2)
    {
      char *value = get (record, columns[i]);

      if (value != NULL)
        g_ptr_array_add (options, value);
    }
  if (options->len > 0)
    {
      g_ptr_array_add (options, NULL);
      variant->options = g_strdupv ((char **) options->pdata);
      variant->title = g_strjoinv (" / ", variant->options);
    }

  if (!parse_price (ctx, line, column_name (header, columns[SH_PRICE]), price, ctx->currency,
                    &variant->price))
    goto skip;

  if (compare_at != NULL &&
      !parse_price (ctx, line, column_name (header, columns[SH_COMPARE_AT]), compare_at,
                    ctx->currency, &variant->compare_at))
    goto skip;

  /* Counted only when Shopify tracks it and stops selling at 0. */
  if (tracker != NULL && qty != NULL &&
      (policy == NULL || g_ascii_strcasecmp (policy, "continue") != 0))
    {
      g_autofree char *quoted = _vitrine_import_quote (qty);
      gint64 stock;

      if (!g_ascii_string_to_signed (qty, 10, G_MININT64, G_MAXINT64, &stock, NULL))
        {
          _vitrine_import_problem (ctx, VITRINE_CATALOG_PROBLEM_ERROR, line, -1,
                                   column_name (header, columns[SH_QTY]),
                                   _("%s is not a whole number"), quoted);
          goto skip;
        }

      /* Shopify lets stock go below zero when orders come in faster than
       * it is counted; for the card it is simply sold out. */
      if (stock < 0)
        {
          _vitrine_import_problem (ctx, VITRINE_CATALOG_PROBLEM_WARNING, line, -1,
                                   column_name (header, columns[SH_QTY]),
                                   _("%s is below zero (oversold), so it counts as 0"),
                                   quoted);
          stock = 0;
        }
      variant->stock = stock;
    }

  g_ptr_array_add (product->draft->variants, variant);
  return;

skip:
  product->variant_failed = TRUE;
  _vitrine_variant_draft_free (variant);
}

static ShopifyProduct *
shopify_first_row (VitrineImportContext *ctx,
                   CsvHeader            *header,
                   const int            *columns,
                   CsvRecord            *record,
                   const char           *handle)
{
  ShopifyProduct *product = g_new0 (ShopifyProduct, 1);
  VitrineProductDraft *draft;
  g_autoptr(GPtrArray) option_names = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *body = get (record, columns[SH_BODY]);
  g_autofree char *tags = get (record, columns[SH_TAGS]);

  product->handle = g_strdup (handle);
  product->image_position = G_MAXUINT64;
  product->draft = draft = _vitrine_product_draft_new (record->line, -1);

  draft->id = g_strdup (handle);
  draft->id_field = g_strdup (column_name (header, columns[SH_HANDLE]));
  draft->title = get (record, columns[SH_TITLE]);
  draft->title_field = g_strdup (column_name (header, columns[SH_TITLE]));
  draft->description = body ? html_to_text (body) : NULL;
  draft->description_field = g_strdup (column_name (header, columns[SH_BODY]));
  draft->code_field = g_strdup (column_name (header, columns[SH_TAGS]));
  draft->sku_field = g_strdup (column_name (header, columns[SH_SKU]));
  draft->price_field = g_strdup (column_name (header, columns[SH_PRICE]));
  draft->compare_at_field = g_strdup (column_name (header, columns[SH_COMPARE_AT]));
  _vitrine_import_add_tags (draft, tags, TRUE);

  for (guint i = SH_OPTION1_NAME; i <= SH_OPTION3_NAME; i += 2)
    {
      char *name = get (record, columns[i]);

      if (name != NULL)
        g_ptr_array_add (option_names, name);
    }
  if (option_names->len > 0 &&
      !(option_names->len == 1 && g_str_equal (g_ptr_array_index (option_names, 0), "Title")))
    {
      g_ptr_array_add (option_names, NULL);
      draft->option_names = g_strdupv ((char **) option_names->pdata);
    }

  if (ctx->shop_domain != NULL)
    {
      g_autofree char *escaped = g_uri_escape_string (handle, NULL, FALSE);

      draft->checkout_url = g_strdup_printf ("https://%s/products/%s", ctx->shop_domain, escaped);
    }

  if (draft->title == NULL)
    {
      _vitrine_import_problem (ctx, VITRINE_CATALOG_PROBLEM_ERROR, record->line, -1,
                               draft->title_field,
                               _("the first row of the product %s has no title"),
                               handle);
      product->bad = TRUE;
    }

  return product;
}

/* Once all rows are read: a product of one "Default Title" variant is a
 * product without variants; otherwise its price is the lowest of theirs. */
static VitrineProductDraft *
shopify_finish (VitrineImportContext *ctx,
                ShopifyProduct       *product)
{
  VitrineProductDraft *draft = product->draft;
  VitrineVariantDraft *cheapest = NULL;

  if (product->bad)
    return NULL;

  if (draft->variants->len == 0)
    {
      if (!product->variant_failed)
        _vitrine_import_problem (ctx, VITRINE_CATALOG_PROBLEM_ERROR, draft->line, -1,
                                 draft->price_field,
                                 _("the product has no price (no row with a Variant Price)"));
      return NULL;
    }

  if (draft->variants->len == 1 &&
      is_default_title (g_ptr_array_index (draft->variants, 0)))
    {
      VitrineVariantDraft *only = g_ptr_array_index (draft->variants, 0);

      draft->sku = g_steal_pointer (&only->sku);
      draft->price = only->price;
      draft->compare_at = only->compare_at;
      draft->stock = only->stock;
      g_clear_pointer (&draft->option_names, g_strfreev);
      g_ptr_array_set_size (draft->variants, 0);
      goto done;
    }

  for (guint i = 0; i < draft->variants->len; i++)
    {
      VitrineVariantDraft *variant = g_ptr_array_index (draft->variants, i);

      if (cheapest == NULL || variant->price.amount < cheapest->price.amount)
        cheapest = variant;
    }
  draft->price = cheapest->price;
  draft->compare_at = cheapest->compare_at;

done:
  product->draft = NULL;
  return draft;
}

static gboolean
import_shopify (VitrineImportContext  *ctx,
                CsvReader             *reader,
                CsvHeader             *header,
                guint                  header_line,
                CsvRecord             *record,
                GString               *buffer,
                GError               **error)
{
  g_autoptr(GHashTable) by_handle = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GPtrArray) products = NULL;
  ShopifyProduct *previous = NULL;
  int columns[SH_N_COLUMNS];
  guint n_records = 0;

  products = g_ptr_array_new_with_free_func ((GDestroyNotify) shopify_product_free);
  for (guint i = 0; i < SH_N_COLUMNS; i++)
    columns[i] = find_column (header, shopify_columns[i]);

  for (guint i = 0; i < SH_N_COLUMNS; i++)
    if ((i == SH_HANDLE || i == SH_TITLE || i == SH_PRICE) && columns[i] < 0)
      {
        g_set_error (error, VITRINE_CATALOG_ERROR, VITRINE_CATALOG_ERROR_MISSING_COLUMN,
                     _("line %u: %s has no “%s” column, which every Shopify product export "
                       "has"), header_line, ctx->name, shopify_columns[i][0]);
        return FALSE;
      }

  if (ctx->currency[0] == '\0')
    {
      g_set_error (error, VITRINE_CATALOG_ERROR, VITRINE_CATALOG_ERROR_NO_CURRENCY,
                   _("Shopify exports do not say their currency: choose the shop’s currency "
                     "(such as EUR) to import %s"), ctx->name);
      return FALSE;
    }

  while (csv_next (reader, record, buffer))
    {
      g_autofree char *handle = NULL;
      g_autofree char *title = NULL;
      g_autofree char *image = NULL;
      ShopifyProduct *product;

      if (csv_record_is_blank (record))
        continue;

      if (!_vitrine_import_count_row (ctx, error) || !check_cancelled (ctx, ++n_records, error))
        return FALSE;

      if (!check_record_syntax (ctx, header, record) || !check_record_utf8 (ctx, header, record))
        {
          previous = NULL;
          continue;
        }

      handle = get (record, columns[SH_HANDLE]);
      title = get (record, columns[SH_TITLE]);

      /* Some tools leave the handle empty on a product's later rows. */
      if (handle == NULL && title == NULL && previous != NULL)
        handle = g_strdup (previous->handle);

      if (handle == NULL)
        {
          _vitrine_import_problem (ctx, VITRINE_CATALOG_PROBLEM_ERROR, record->line, -1,
                                   column_name (header, columns[SH_HANDLE]),
                                   _("the handle is empty"));
          previous = NULL;
          continue;
        }

      product = g_hash_table_lookup (by_handle, handle);
      if (product == NULL)
        {
          product = shopify_first_row (ctx, header, columns, record, handle);
          g_ptr_array_add (products, product);
          g_hash_table_insert (by_handle, product->handle, product);
        }
      else if (title != NULL && product != previous)
        {
          /* A handle is a product's URL: two products cannot share it. */
          g_autofree char *quoted = _vitrine_import_quote (handle);

          _vitrine_import_problem (ctx, VITRINE_CATALOG_PROBLEM_ERROR, record->line, -1,
                                   column_name (header, columns[SH_HANDLE]),
                                   _("the handle %s is already used by the product on line %u"),
                                   quoted, product->draft ? product->draft->line : 0);
          previous = NULL;
          continue;
        }

      previous = product;
      product->last_line = record->line;
      if (product->bad)
        continue;

      image = get (record, columns[SH_IMAGE_SRC]);
      if (image != NULL)
        {
          g_autofree char *position_text = get (record, columns[SH_IMAGE_POSITION]);
          guint64 position = G_MAXUINT64 - 1;

          if (position_text != NULL)
            g_ascii_string_to_unsigned (position_text, 10, 0, G_MAXUINT64 - 1, &position, NULL);
          if (position < product->image_position)
            {
              product->image_position = position;
              g_free (product->draft->image);
              product->draft->image = _vitrine_import_resolve_image (ctx, image);
            }
        }

      if (*get_raw (record, columns[SH_OPTION1_VALUE]) != '\0' ||
          *get_raw (record, columns[SH_SKU]) != '\0' ||
          *get_raw (record, columns[SH_PRICE]) != '\0')
        shopify_variant_row (ctx, header, columns, record, product);
    }

  if (n_records == 0)
    {
      g_set_error (error, VITRINE_CATALOG_ERROR, VITRINE_CATALOG_ERROR_EMPTY,
                   _("%s has a header row but no products"), ctx->name);
      return FALSE;
    }

  for (guint i = 0; i < products->len; i++)
    {
      VitrineProductDraft *draft = shopify_finish (ctx, g_ptr_array_index (products, i));

      if (draft != NULL)
        g_ptr_array_add (ctx->drafts, draft);
    }

  return TRUE;
}

gboolean
_vitrine_import_csv (VitrineImportContext  *ctx,
                     const char            *data,
                     gsize                  length,
                     GError               **error)
{
  CsvReader reader = { data, length, 0, 1 };
  CsvRecord record = { 0 };
  CsvHeader header = { 0 };
  g_autoptr(GString) buffer = g_string_new (NULL);
  gboolean found = FALSE;
  gboolean ok = FALSE;
  guint header_line;
  const char *handle_names[] = { "Handle", "URL handle", NULL };

  csv_record_init (&record);
  header.names = g_ptr_array_new_null_terminated (0, g_free, TRUE);

  while (csv_next (&reader, &record, buffer) && !(found = !csv_record_is_blank (&record)))
    ;

  if (!found)
    {
      g_set_error (error, VITRINE_CATALOG_ERROR, VITRINE_CATALOG_ERROR_EMPTY,
                   _("%s is empty"), ctx->name);
      goto out;
    }

  header_line = record.line;
  if (record.error != NULL)
    {
      g_set_error (error, VITRINE_CATALOG_ERROR, VITRINE_CATALOG_ERROR_MISSING_COLUMN,
                   _("line %u: the header row of %s cannot be read: %s"),
                   header_line, ctx->name, _(record.error));
      goto out;
    }

  for (guint i = 0; i < record.fields->len; i++)
    {
      const char *name = g_ptr_array_index (record.fields, i);

      if (!g_utf8_validate (name, -1, NULL))
        {
          g_set_error (error, VITRINE_CATALOG_ERROR, VITRINE_CATALOG_ERROR_ENCODING,
                       _("line %u: the header row of %s is not UTF-8 text; save the file as "
                         "“CSV UTF-8”"), header_line, ctx->name);
          goto out;
        }
      g_ptr_array_add (header.names, g_strstrip (g_strdup (name)));
    }

  if (ctx->format == VITRINE_CATALOG_FORMAT_AUTO)
    ctx->format = find_column (&header, handle_names) >= 0
                  ? VITRINE_CATALOG_FORMAT_SHOPIFY_CSV
                  : VITRINE_CATALOG_FORMAT_VITRINE_CSV;

  if (ctx->format == VITRINE_CATALOG_FORMAT_SHOPIFY_CSV)
    ok = import_shopify (ctx, &reader, &header, header_line, &record, buffer, error);
  else
    ok = import_simple (ctx, &reader, &header, header_line, &record, buffer, error);

out:
  csv_record_clear (&record);
  g_ptr_array_unref (header.names);
  return ok;
}
