/* vitrine-catalog-import.h
 *
 * Copyright 2026 The Vitrine developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "vitrine-catalog.h"

G_BEGIN_DECLS

/**
 * VITRINE_CATALOG_IMPORT_MAX_BYTES:
 *
 * The largest catalog file Vitrine reads: 20 MiB. A Shopify export of 50 000
 * variant rows with long descriptions stays below it; anything bigger is
 * refused before it is read.
 */
#define VITRINE_CATALOG_IMPORT_MAX_BYTES (20 * 1024 * 1024)

/**
 * VITRINE_CATALOG_IMPORT_MAX_ROWS:
 *
 * The most records a catalog file may hold: 50 000 CSV rows after the header,
 * or 50 000 JSON products and variants together. A live show presents tens of
 * products; a file far above this is a mistake (a whole warehouse), not a
 * catalog for a show.
 */
#define VITRINE_CATALOG_IMPORT_MAX_ROWS 50000

/**
 * VITRINE_CATALOG_MAX_TITLE:
 *
 * Titles are cut to this many characters (with a warning): a card shows one
 * or two lines of it.
 */
#define VITRINE_CATALOG_MAX_TITLE 200

/**
 * VITRINE_CATALOG_MAX_DESCRIPTION:
 *
 * Descriptions are cut to this many characters (with a warning).
 */
#define VITRINE_CATALOG_MAX_DESCRIPTION 5000

/**
 * VitrineCatalogFormat:
 * @VITRINE_CATALOG_FORMAT_AUTO: detect the format (when importing)
 * @VITRINE_CATALOG_FORMAT_SHOPIFY_CSV: a Shopify product export
 * @VITRINE_CATALOG_FORMAT_VITRINE_CSV: Vitrine's simple CSV
 * @VITRINE_CATALOG_FORMAT_JSON: Vitrine's JSON catalog
 *
 * The catalog file formats, described in #VitrineCatalogImport.
 */
typedef enum
{
  VITRINE_CATALOG_FORMAT_AUTO,
  VITRINE_CATALOG_FORMAT_SHOPIFY_CSV,
  VITRINE_CATALOG_FORMAT_VITRINE_CSV,
  VITRINE_CATALOG_FORMAT_JSON,
} VitrineCatalogFormat;

/**
 * VitrineCatalogImportOptions:
 * @format: the file's format, or %VITRINE_CATALOG_FORMAT_AUTO to detect it
 *   from the content (and the `.json` extension)
 * @currency: (nullable): the shop's currency, such as `EUR`. Required for a
 *   Shopify export, which never says its currency; for the simple CSV and
 *   JSON it is used where the file gives none
 * @shop_domain: (nullable): the shop's domain, such as `shop.example.com`:
 *   Shopify products then get `https://<shop_domain>/products/<handle>` as
 *   their checkout URL
 * @catalog: (nullable): the catalog the products are meant for: codes and
 *   SKUs its other products use are problems, products with an id it already
 *   has keep their code, and new products get codes it does not use
 *
 * What a catalog import needs to know beyond the file. Everything may be left
 * zero.
 */
typedef struct
{
  VitrineCatalogFormat  format;
  const char           *currency;
  const char           *shop_domain;
  VitrineCatalog       *catalog;
} VitrineCatalogImportOptions;

/**
 * VitrineCatalogProblemSeverity:
 * @VITRINE_CATALOG_PROBLEM_WARNING: the product is imported, with a change the
 *   host should know about (a title cut short, a compare-at price dropped)
 * @VITRINE_CATALOG_PROBLEM_ERROR: the product (or variant) is not imported
 */
typedef enum
{
  VITRINE_CATALOG_PROBLEM_WARNING,
  VITRINE_CATALOG_PROBLEM_ERROR,
} VitrineCatalogProblemSeverity;

/**
 * VitrineCatalogProblem:
 * @severity: whether the product was imported anyway
 * @line: the 1-based line in the file where the record starts (the physical
 *   line, counting the header and line breaks inside quoted fields; for
 *   JSON, the line of the product's or variant's `{`), or 0 for the file as a
 *   whole
 * @index: for JSON, the 0-based index of the product in `products`; -1
 *   otherwise
 * @field: (nullable): the column as the file's header names it (`price`,
 *   `Variant Price`) or, for JSON, the member's path (`products[2].price`)
 * @message: what is wrong, translated, for the host to read
 *
 * One problem found while importing a catalog file. See
 * vitrine_catalog_problem_to_string() for the whole sentence.
 */
typedef struct
{
  VitrineCatalogProblemSeverity  severity;
  guint                          line;
  int                            index;
  char                          *field;
  char                          *message;
} VitrineCatalogProblem;

#define VITRINE_TYPE_CATALOG_IMPORT (vitrine_catalog_import_get_type ())

G_DECLARE_FINAL_TYPE (VitrineCatalogImport, vitrine_catalog_import,
                      VITRINE, CATALOG_IMPORT, GObject)

VitrineCatalogImport *vitrine_catalog_import_file (GFile                              *file,
                                                   const VitrineCatalogImportOptions  *options,
                                                   GError                            **error);
void vitrine_catalog_import_file_async (GFile                             *file,
                                        const VitrineCatalogImportOptions *options,
                                        GCancellable                      *cancellable,
                                        GAsyncReadyCallback                callback,
                                        gpointer                           user_data);
VitrineCatalogImport *vitrine_catalog_import_file_finish (GAsyncResult  *result,
                                                          GError       **error);
VitrineCatalogImport *vitrine_catalog_import_bytes (GBytes                             *bytes,
                                                    const char                         *name,
                                                    GFile                              *directory,
                                                    const VitrineCatalogImportOptions  *options,
                                                    GError                            **error);
VitrineCatalogFormat vitrine_catalog_import_get_format (VitrineCatalogImport *self);
GListModel *vitrine_catalog_import_get_products (VitrineCatalogImport *self);
guint vitrine_catalog_import_get_n_problems (VitrineCatalogImport *self);
const VitrineCatalogProblem *vitrine_catalog_import_get_problem (VitrineCatalogImport *self,
                                                                 guint                 index);
gboolean vitrine_catalog_import_apply (VitrineCatalogImport  *self,
                                       VitrineCatalog        *catalog,
                                       GError               **error);
char *vitrine_catalog_problem_to_string (const VitrineCatalogProblem *problem);

G_END_DECLS
