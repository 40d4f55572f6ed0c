/* vitrine-catalog.c
 *
 * Copyright 2026 The Vitrine developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "vitrine-catalog"

#include "config.h"

#include <glib/gi18n.h>

#include "vitrine-catalog-private.h"
#include "vitrine-catalog.h"

/**
 * VitrineCatalog:
 *
 * The products of a show, as a #GListModel of #VitrineProduct that a shelf
 * binds to directly.
 *
 * Every product has its own id, short code and SKUs (its own and its
 * variants'): the catalog refuses a product that would share one, so that a
 * viewer's "A12" or an order's SKU always means one product. Codes are found
 * without regard to case ("a12" is "A12"); ids and SKUs exactly, as shops
 * treat them.
 */
struct _VitrineCatalog
{
  GObject     parent_instance;

  GPtrArray  *products;   /* VitrineProduct, owned */
  GHashTable *by_id;      /* id → product */
  GHashTable *by_code;    /* upper-case code → product */
  GHashTable *by_sku;     /* SKU → SkuEntry */
};

typedef struct
{
  VitrineProduct        *product;
  VitrineProductVariant *variant;   /* NULL for the product's own SKU */
} SkuEntry;

static void list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (VitrineCatalog, vitrine_catalog, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

G_DEFINE_QUARK (vitrine-catalog-error-quark, vitrine_catalog_error)

enum {
  PROP_0,
  PROP_N_ITEMS,
  N_PROPS
};

static GParamSpec *properties [N_PROPS];

char *
_vitrine_code_key (const char *code)
{
  return g_ascii_strup (code, -1);
}

static GType
vitrine_catalog_get_item_type (GListModel *model)
{
  return VITRINE_TYPE_PRODUCT;
}

static guint
vitrine_catalog_get_n_items (GListModel *model)
{
  VitrineCatalog *self = VITRINE_CATALOG (model);

  return self->products->len;
}

static gpointer
vitrine_catalog_get_item (GListModel *model,
                          guint       position)
{
  VitrineCatalog *self = VITRINE_CATALOG (model);

  if (position >= self->products->len)
    return NULL;

  return g_object_ref (g_ptr_array_index (self->products, position));
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = vitrine_catalog_get_item_type;
  iface->get_n_items = vitrine_catalog_get_n_items;
  iface->get_item = vitrine_catalog_get_item;
}

static void
vitrine_catalog_finalize (GObject *object)
{
  VitrineCatalog *self = (VitrineCatalog *)object;

  g_clear_pointer (&self->by_sku, g_hash_table_unref);
  g_clear_pointer (&self->by_code, g_hash_table_unref);
  g_clear_pointer (&self->by_id, g_hash_table_unref);
  g_clear_pointer (&self->products, g_ptr_array_unref);

  G_OBJECT_CLASS (vitrine_catalog_parent_class)->finalize (object);
}

static void
vitrine_catalog_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  VitrineCatalog *self = VITRINE_CATALOG (object);

  switch (prop_id)
    {
    case PROP_N_ITEMS:
      g_value_set_uint (value, self->products->len);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vitrine_catalog_class_init (VitrineCatalogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = vitrine_catalog_finalize;
  object_class->get_property = vitrine_catalog_get_property;

  /**
   * VitrineCatalog:n-items:
   *
   * The number of products, for bindings ("12 products").
   */
  properties[PROP_N_ITEMS] =
    g_param_spec_uint ("n-items", NULL, NULL,
                       0, G_MAXUINT, 0,
                       (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
vitrine_catalog_init (VitrineCatalog *self)
{
  self->products = g_ptr_array_new_with_free_func (g_object_unref);
  self->by_id = g_hash_table_new (g_str_hash, g_str_equal);
  self->by_code = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->by_sku = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);
}

/**
 * vitrine_catalog_new:
 *
 * Returns: (transfer full): an empty catalog
 */
VitrineCatalog *
vitrine_catalog_new (void)
{
  return g_object_new (VITRINE_TYPE_CATALOG, NULL);
}

static const char *
product_name (VitrineProduct *product)
{
  const char *title = vitrine_product_get_title (product);

  return title != NULL && *title != '\0' ? title : vitrine_product_get_id (product);
}

/* Calls @func for the product's own SKU and each variant's. */
static gboolean
foreach_sku (VitrineProduct *product,
             gboolean      (*func) (const char            *sku,
                                    VitrineProduct        *product,
                                    VitrineProductVariant *variant,
                                    gpointer               data),
             gpointer        data)
{
  GListModel *variants = vitrine_product_get_variants (product);
  guint n = g_list_model_get_n_items (variants);

  if (vitrine_product_get_sku (product) != NULL &&
      !func (vitrine_product_get_sku (product), product, NULL, data))
    return FALSE;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(VitrineProductVariant) variant = g_list_model_get_item (variants, i);
      const char *sku = vitrine_product_variant_get_sku (variant);

      if (sku != NULL && !func (sku, product, variant, data))
        return FALSE;
    }

  return TRUE;
}

typedef struct
{
  VitrineCatalog  *self;
  VitrineProduct  *ignore;   /* the product being replaced */
  GHashTable      *seen;     /* SKUs of the product itself */
  GError         **error;
} ConflictCheck;

static gboolean
check_sku_cb (const char            *sku,
              VitrineProduct        *product,
              VitrineProductVariant *variant,
              gpointer               data)
{
  ConflictCheck *check = data;
  SkuEntry *entry = g_hash_table_lookup (check->self->by_sku, sku);

  if (entry != NULL && entry->product != check->ignore)
    {
      g_set_error (check->error, VITRINE_CATALOG_ERROR, VITRINE_CATALOG_ERROR_DUPLICATE,
                   _("The SKU “%s” is already used by “%s”"), sku, product_name (entry->product));
      return FALSE;
    }

  if (!g_hash_table_add (check->seen, (gpointer) sku))
    {
      g_set_error (check->error, VITRINE_CATALOG_ERROR, VITRINE_CATALOG_ERROR_DUPLICATE,
                   _("The SKU “%s” is used twice in “%s”"), sku, product_name (product));
      return FALSE;
    }

  return TRUE;
}

static gboolean
check_conflicts (VitrineCatalog  *self,
                 VitrineProduct  *product,
                 VitrineProduct  *ignore,
                 GError         **error)
{
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  g_autofree char *key = _vitrine_code_key (vitrine_product_get_code (product));
  VitrineProduct *other;
  ConflictCheck check = { self, ignore, seen, error };

  other = g_hash_table_lookup (self->by_id, vitrine_product_get_id (product));
  if (other != NULL && other != ignore)
    {
      g_set_error (error, VITRINE_CATALOG_ERROR, VITRINE_CATALOG_ERROR_DUPLICATE,
                   _("The catalog already has a product with the id “%s”: “%s”"),
                   vitrine_product_get_id (product), product_name (other));
      return FALSE;
    }

  other = g_hash_table_lookup (self->by_code, key);
  if (other != NULL && other != ignore)
    {
      g_set_error (error, VITRINE_CATALOG_ERROR, VITRINE_CATALOG_ERROR_DUPLICATE,
                   _("The code “%s” is already used by “%s”"),
                   vitrine_product_get_code (product), product_name (other));
      return FALSE;
    }

  return foreach_sku (product, check_sku_cb, &check);
}

static gboolean
index_sku_cb (const char            *sku,
              VitrineProduct        *product,
              VitrineProductVariant *variant,
              gpointer               data)
{
  VitrineCatalog *self = data;
  SkuEntry *entry = g_new0 (SkuEntry, 1);

  entry->product = product;
  entry->variant = variant;
  /* The key is the product's or variant's own string: both live as long as
   * the product stays in the catalog. */
  g_hash_table_insert (self->by_sku, (gpointer) sku, entry);
  return TRUE;
}

static gboolean
unindex_sku_cb (const char            *sku,
                VitrineProduct        *product,
                VitrineProductVariant *variant,
                gpointer               data)
{
  VitrineCatalog *self = data;

  g_hash_table_remove (self->by_sku, sku);
  return TRUE;
}

static void
index_product (VitrineCatalog *self,
               VitrineProduct *product)
{
  g_hash_table_insert (self->by_id, (gpointer) vitrine_product_get_id (product), product);
  g_hash_table_insert (self->by_code, _vitrine_code_key (vitrine_product_get_code (product)),
                       product);
  foreach_sku (product, index_sku_cb, self);
  _vitrine_product_seal (product);
}

static void
unindex_product (VitrineCatalog *self,
                 VitrineProduct *product)
{
  g_autofree char *key = _vitrine_code_key (vitrine_product_get_code (product));

  g_hash_table_remove (self->by_id, vitrine_product_get_id (product));
  g_hash_table_remove (self->by_code, key);
  foreach_sku (product, unindex_sku_cb, self);
}

static void
notify_changed (VitrineCatalog *self,
                guint           position,
                guint           removed,
                guint           added)
{
  g_list_model_items_changed (G_LIST_MODEL (self), position, removed, added);
  if (removed != added)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ITEMS]);
}

/**
 * vitrine_catalog_add:
 * @self: a catalog
 * @product: a product
 * @error: a location for a #GError
 *
 * Adds @product at the end, unless its id, code or one of its SKUs is already
 * used by a product of the catalog (or its SKUs repeat each other). Its
 * variants cannot change from now on.
 *
 * Returns: %TRUE if the product was added, %FALSE with
 *   %VITRINE_CATALOG_ERROR_DUPLICATE otherwise
 */
gboolean
vitrine_catalog_add (VitrineCatalog  *self,
                     VitrineProduct  *product,
                     GError         **error)
{
  g_return_val_if_fail (VITRINE_IS_CATALOG (self), FALSE);
  g_return_val_if_fail (VITRINE_IS_PRODUCT (product), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!check_conflicts (self, product, NULL, error))
    return FALSE;

  g_ptr_array_add (self->products, g_object_ref (product));
  index_product (self, product);
  notify_changed (self, self->products->len - 1, 0, 1);
  return TRUE;
}

/**
 * vitrine_catalog_remove:
 * @self: a catalog
 * @product: a product
 *
 * Returns: %TRUE if @product was in the catalog and is removed
 */
gboolean
vitrine_catalog_remove (VitrineCatalog *self,
                        VitrineProduct *product)
{
  g_autoptr(VitrineProduct) removed = NULL;
  guint position;

  g_return_val_if_fail (VITRINE_IS_CATALOG (self), FALSE);
  g_return_val_if_fail (VITRINE_IS_PRODUCT (product), FALSE);

  if (!g_ptr_array_find (self->products, product, &position))
    return FALSE;

  unindex_product (self, product);
  removed = g_ptr_array_steal_index (self->products, position);
  notify_changed (self, position, 1, 0);
  return TRUE;
}

/**
 * vitrine_catalog_remove_all:
 * @self: a catalog
 *
 * Removes every product.
 */
void
vitrine_catalog_remove_all (VitrineCatalog *self)
{
  g_autoptr(GPtrArray) old = NULL;

  g_return_if_fail (VITRINE_IS_CATALOG (self));

  if (self->products->len == 0)
    return;

  g_hash_table_remove_all (self->by_sku);
  g_hash_table_remove_all (self->by_code);
  g_hash_table_remove_all (self->by_id);
  old = g_steal_pointer (&self->products);
  self->products = g_ptr_array_new_with_free_func (g_object_unref);
  notify_changed (self, 0, old->len, 0);
}

/**
 * vitrine_catalog_replace:
 * @self: a catalog
 * @old_product: a product of the catalog
 * @new_product: the product to put in its place
 * @error: a location for a #GError
 *
 * Puts @new_product where @old_product is, in one change of the list, such as
 * when a re-import updates a product. @new_product may reuse the old
 * product's id, code and SKUs, but not another product's.
 *
 * Returns: %TRUE on success, %FALSE with %VITRINE_CATALOG_ERROR_DUPLICATE if
 *   @new_product clashes with another product
 */
gboolean
vitrine_catalog_replace (VitrineCatalog  *self,
                         VitrineProduct  *old_product,
                         VitrineProduct  *new_product,
                         GError         **error)
{
  guint position;

  g_return_val_if_fail (VITRINE_IS_CATALOG (self), FALSE);
  g_return_val_if_fail (VITRINE_IS_PRODUCT (old_product), FALSE);
  g_return_val_if_fail (VITRINE_IS_PRODUCT (new_product), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!g_ptr_array_find (self->products, old_product, &position))
    g_return_val_if_reached (FALSE);

  if (old_product == new_product)
    return TRUE;

  if (!check_conflicts (self, new_product, old_product, error))
    return FALSE;

  unindex_product (self, old_product);
  /* The array's free function drops the old product's reference. */
  g_ptr_array_index (self->products, position) = g_object_ref (new_product);
  index_product (self, new_product);
  g_object_unref (old_product);
  notify_changed (self, position, 1, 1);
  return TRUE;
}

/**
 * vitrine_catalog_find_by_id:
 * @self: a catalog
 * @id: a product id
 *
 * Returns: (nullable) (transfer none): the product with this id, or %NULL
 */
VitrineProduct *
vitrine_catalog_find_by_id (VitrineCatalog *self,
                            const char     *id)
{
  g_return_val_if_fail (VITRINE_IS_CATALOG (self), NULL);
  g_return_val_if_fail (id != NULL, NULL);

  return g_hash_table_lookup (self->by_id, id);
}

/**
 * vitrine_catalog_find_by_code:
 * @self: a catalog
 * @code: a short code as a viewer typed it, such as `a12`
 *
 * Finds a product by its short code, without regard to case. Spaces around
 * @code are ignored, because that is how a chat message quotes it.
 *
 * Returns: (nullable) (transfer none): the product, or %NULL
 */
VitrineProduct *
vitrine_catalog_find_by_code (VitrineCatalog *self,
                              const char     *code)
{
  g_autofree char *key = NULL;

  g_return_val_if_fail (VITRINE_IS_CATALOG (self), NULL);
  g_return_val_if_fail (code != NULL, NULL);

  key = g_strstrip (_vitrine_code_key (code));
  return g_hash_table_lookup (self->by_code, key);
}

/**
 * vitrine_catalog_find_by_sku:
 * @self: a catalog
 * @sku: a SKU, as the shop writes it
 * @variant: (out) (optional) (nullable) (transfer none): the variant with this
 *   SKU, or %NULL when it is the product's own SKU
 *
 * Finds the product an order line means: by the product's own SKU or one of
 * its variants'.
 *
 * Returns: (nullable) (transfer none): the product, or %NULL
 */
VitrineProduct *
vitrine_catalog_find_by_sku (VitrineCatalog         *self,
                             const char             *sku,
                             VitrineProductVariant **variant)
{
  SkuEntry *entry;

  g_return_val_if_fail (VITRINE_IS_CATALOG (self), NULL);
  g_return_val_if_fail (sku != NULL, NULL);

  entry = g_hash_table_lookup (self->by_sku, sku);
  if (variant != NULL)
    *variant = entry ? entry->variant : NULL;

  return entry ? entry->product : NULL;
}

static gboolean
snapshot_sku_cb (const char            *sku,
                 VitrineProduct        *product,
                 VitrineProductVariant *variant,
                 gpointer               data)
{
  VitrineCatalogSnapshot *snapshot = data;

  g_hash_table_insert (snapshot->skus, g_strdup (sku), g_strdup (vitrine_product_get_id (product)));
  return TRUE;
}

VitrineCatalogSnapshot *
_vitrine_catalog_snapshot (VitrineCatalog *self)
{
  VitrineCatalogSnapshot *snapshot;

  g_return_val_if_fail (VITRINE_IS_CATALOG (self), NULL);

  snapshot = g_new0 (VitrineCatalogSnapshot, 1);
  snapshot->codes = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  snapshot->skus = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  snapshot->id_codes = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  snapshot->titles = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  for (guint i = 0; i < self->products->len; i++)
    {
      VitrineProduct *product = g_ptr_array_index (self->products, i);
      const char *id = vitrine_product_get_id (product);

      g_hash_table_insert (snapshot->codes, _vitrine_code_key (vitrine_product_get_code (product)),
                           g_strdup (id));
      g_hash_table_insert (snapshot->id_codes, g_strdup (id),
                           g_strdup (vitrine_product_get_code (product)));
      g_hash_table_insert (snapshot->titles, g_strdup (id), g_strdup (product_name (product)));
      foreach_sku (product, snapshot_sku_cb, snapshot);
    }

  return snapshot;
}

void
_vitrine_catalog_snapshot_free (VitrineCatalogSnapshot *snapshot)
{
  if (snapshot == NULL)
    return;

  g_clear_pointer (&snapshot->codes, g_hash_table_unref);
  g_clear_pointer (&snapshot->skus, g_hash_table_unref);
  g_clear_pointer (&snapshot->id_codes, g_hash_table_unref);
  g_clear_pointer (&snapshot->titles, g_hash_table_unref);
  g_free (snapshot);
}

/* Adds or updates (by id) all of @products, or none: every clash is looked for
 * before anything changes. Products new to the catalog are appended in one
 * change of the list, so a shelf showing it rebuilds once, not 5000 times. */
gboolean
_vitrine_catalog_apply (VitrineCatalog  *self,
                        GListModel      *products,
                        GError         **error)
{
  g_autoptr(GPtrArray) added = g_ptr_array_new_with_free_func (g_object_unref);
  guint n = g_list_model_get_n_items (products);
  guint first_added;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(VitrineProduct) product = g_list_model_get_item (products, i);
      const char *id = vitrine_product_get_id (product);
      VitrineProduct *existing = g_hash_table_lookup (self->by_id, id);

      if (existing == product)
        continue;
      if (!check_conflicts (self, product, existing, error))
        return FALSE;
    }

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(VitrineProduct) product = g_list_model_get_item (products, i);
      const char *id = vitrine_product_get_id (product);
      VitrineProduct *existing = g_hash_table_lookup (self->by_id, id);

      if (existing == product)
        continue;
      if (existing != NULL)
        {
          if (!vitrine_catalog_replace (self, existing, product, error))
            g_assert_not_reached ();
        }
      else
        g_ptr_array_add (added, g_steal_pointer (&product));
    }

  if (added->len == 0)
    return TRUE;

  first_added = self->products->len;
  for (guint i = 0; i < added->len; i++)
    {
      VitrineProduct *product = g_ptr_array_index (added, i);

      g_ptr_array_add (self->products, g_object_ref (product));
      index_product (self, product);
    }
  notify_changed (self, first_added, 0, added->len);
  return TRUE;
}
