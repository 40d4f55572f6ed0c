/* vitrine-catalog-private.h
 *
 * Copyright 2026 The Vitrine developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "vitrine-catalog.h"
#include "vitrine-catalog-import.h"
#include "vitrine-product.h"

G_BEGIN_DECLS

/* vitrine-product.c: setters that say whether anything changed. */
gboolean  _vitrine_set_str          (char               **dest,
                                     const char          *value);
gboolean  _vitrine_set_strv         (GStrv               *dest,
                                     const char * const  *value);
gboolean  _vitrine_money_set        (VitrineMoney        *dest,
                                     const VitrineMoney  *value);
char     *_vitrine_nonempty_strdup  (const char          *value);
void      _vitrine_product_seal     (VitrineProduct      *self);

/* vitrine-catalog.c */

/* What an import needs to know about the catalog it is meant for, copied on
 * the caller's thread so that the import thread never touches the catalog. */
typedef struct
{
  GHashTable *codes;     /* upper-case code → product id */
  GHashTable *skus;      /* SKU (product's or variant's) → product id */
  GHashTable *id_codes;  /* product id → code */
  GHashTable *titles;    /* product id → title, for messages */
} VitrineCatalogSnapshot;

VitrineCatalogSnapshot *_vitrine_catalog_snapshot           (VitrineCatalog          *self);
void                    _vitrine_catalog_snapshot_free      (VitrineCatalogSnapshot  *snapshot);
gboolean                _vitrine_catalog_apply              (VitrineCatalog          *self,
                                                             GListModel              *products,
                                                             GError                 **error);
char                   *_vitrine_code_key                   (const char              *code);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (VitrineCatalogSnapshot, _vitrine_catalog_snapshot_free)

/* The import, split over vitrine-catalog-import{,-csv,-json}.c.
 *
 * Parsers turn records into drafts; vitrine-catalog-import.c then checks
 * what needs the whole file (duplicate codes, SKUs and ids, within the file
 * and against the catalog), hands out short codes, and only then builds the
 * products, whose code is fixed at construction. */

typedef struct
{
  guint          line;
  char          *path;          /* JSON: "products[2].variants[1]"; CSV: NULL */
  char          *id;            /* NULL: the SKU, else "<product id>/<n>" */
  char          *sku;
  char          *sku_field;
  char          *title;
  GStrv          options;
  VitrineMoney   price;
  VitrineMoney   compare_at;
  gint64         stock;
} VitrineVariantDraft;

typedef struct
{
  guint          line;
  int            index;         /* JSON product index, else -1 */
  char          *id;            /* NULL: the SKU, else the code */
  char          *id_field;
  char          *code;          /* NULL: assign one */
  char          *code_field;
  char          *sku;
  char          *sku_field;
  char          *title;
  char          *title_field;
  char          *description;
  char          *description_field;
  char          *image;
  char          *checkout_url;
  char          *checkout_url_field;
  GPtrArray     *tags;          /* char * */
  GStrv          option_names;
  VitrineMoney   price;
  VitrineMoney   compare_at;
  char          *price_field;
  char          *compare_at_field;
  gint64         stock;
  GPtrArray     *variants;      /* VitrineVariantDraft */
} VitrineProductDraft;

typedef struct
{
  /* Options, copied. */
  VitrineCatalogFormat     format;
  char                     currency[4];    /* "" when none */
  char                    *shop_domain;
  char                    *base_dir;       /* for relative image paths, or NULL */
  char                    *name;           /* the file's name, for messages */
  VitrineCatalogSnapshot  *snapshot;       /* or NULL */
  GCancellable            *cancellable;

  /* Results. */
  GPtrArray               *drafts;         /* VitrineProductDraft */
  GPtrArray               *problems;       /* VitrineCatalogProblem */
  guint                    n_rows;
} VitrineImportContext;

VitrineProductDraft *_vitrine_product_draft_new       (guint                 line,
                                                       int                   index);
void                 _vitrine_product_draft_free      (VitrineProductDraft  *draft);
VitrineVariantDraft *_vitrine_variant_draft_new       (guint                 line);
void                 _vitrine_variant_draft_free      (VitrineVariantDraft  *draft);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (VitrineProductDraft, _vitrine_product_draft_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VitrineVariantDraft, _vitrine_variant_draft_free)

void                 _vitrine_import_problem          (VitrineImportContext *ctx,
                                                       VitrineCatalogProblemSeverity severity,
                                                       guint                 line,
                                                       int                   index,
                                                       const char           *field,
                                                       const char           *format,
                                                       ...) G_GNUC_PRINTF (6, 7);
char                *_vitrine_import_quote            (const char           *text);
char                *_vitrine_import_resolve_image    (VitrineImportContext *ctx,
                                                       const char           *image);
gboolean             _vitrine_import_count_row        (VitrineImportContext *ctx,
                                                       GError              **error);
gboolean             _vitrine_import_parse_stock      (const char           *text,
                                                       gint64               *stock,
                                                       GError              **error);
void                 _vitrine_import_add_tags         (VitrineProductDraft  *draft,
                                                       const char           *tags,
                                                       gboolean              take_code);

gboolean             _vitrine_import_csv              (VitrineImportContext *ctx,
                                                       const char           *data,
                                                       gsize                 length,
                                                       GError              **error);
gboolean             _vitrine_import_json             (VitrineImportContext *ctx,
                                                       const char           *data,
                                                       gsize                 length,
                                                       GError              **error);

G_END_DECLS
