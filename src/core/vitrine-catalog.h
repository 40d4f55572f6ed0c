/* vitrine-catalog.h
 *
 * Copyright 2026 The Vitrine developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "vitrine-product.h"

G_BEGIN_DECLS

#define VITRINE_CATALOG_ERROR (vitrine_catalog_error_quark ())

/**
 * VitrineCatalogError:
 * @VITRINE_CATALOG_ERROR_NOT_FOUND: the file does not exist or cannot be read
 * @VITRINE_CATALOG_ERROR_TOO_LARGE: the file is above the size or row limit
 * @VITRINE_CATALOG_ERROR_EMPTY: the file has no products at all (empty, or a
 *   header only)
 * @VITRINE_CATALOG_ERROR_ENCODING: the file is not UTF-8 text (UTF-16, binary)
 * @VITRINE_CATALOG_ERROR_UNKNOWN_FORMAT: the file is none of the formats Vitrine
 *   reads
 * @VITRINE_CATALOG_ERROR_MISSING_COLUMN: a CSV file lacks a required column
 * @VITRINE_CATALOG_ERROR_SYNTAX: a JSON file is malformed or not shaped like a
 *   catalog
 * @VITRINE_CATALOG_ERROR_NO_CURRENCY: the file does not say its currency and no
 *   shop currency was given (Shopify exports never say it)
 * @VITRINE_CATALOG_ERROR_DUPLICATE: a product's id, code or SKU is already used
 *   by another product in the catalog
 *
 * Errors that stop a whole catalog import, or a change to a catalog. Problems
 * with single products in a file are not errors: see #VitrineCatalogProblem.
 */
typedef enum
{
  VITRINE_CATALOG_ERROR_NOT_FOUND,
  VITRINE_CATALOG_ERROR_TOO_LARGE,
  VITRINE_CATALOG_ERROR_EMPTY,
  VITRINE_CATALOG_ERROR_ENCODING,
  VITRINE_CATALOG_ERROR_UNKNOWN_FORMAT,
  VITRINE_CATALOG_ERROR_MISSING_COLUMN,
  VITRINE_CATALOG_ERROR_SYNTAX,
  VITRINE_CATALOG_ERROR_NO_CURRENCY,
  VITRINE_CATALOG_ERROR_DUPLICATE,
} VitrineCatalogError;

#define VITRINE_TYPE_CATALOG (vitrine_catalog_get_type ())

G_DECLARE_FINAL_TYPE (VitrineCatalog, vitrine_catalog, VITRINE, CATALOG, GObject)

GQuark          vitrine_catalog_error_quark   (void);

VitrineCatalog *vitrine_catalog_new           (void);
gboolean        vitrine_catalog_add           (VitrineCatalog         *self,
                                               VitrineProduct         *product,
                                               GError                **error);
gboolean        vitrine_catalog_remove        (VitrineCatalog         *self,
                                               VitrineProduct         *product);
gboolean        vitrine_catalog_replace       (VitrineCatalog         *self,
                                               VitrineProduct         *old_product,
                                               VitrineProduct         *new_product,
                                               GError                **error);
void            vitrine_catalog_remove_all    (VitrineCatalog         *self);
VitrineProduct *vitrine_catalog_find_by_id    (VitrineCatalog         *self,
                                               const char             *id);
VitrineProduct *vitrine_catalog_find_by_code  (VitrineCatalog         *self,
                                               const char             *code);
VitrineProduct *vitrine_catalog_find_by_sku   (VitrineCatalog         *self,
                                               const char             *sku,
                                               VitrineProductVariant **variant);

G_END_DECLS
