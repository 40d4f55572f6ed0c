/* vitrine-product-shelf.c
 *
 * Copyright 2026 The Vitrine developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The show's catalog as the host browses it while on air: a search by
 * title, short code or SKU over a list of the products. A click (or Enter
 * in the search) puts a product on screen. The shelf only observes the
 * catalog the application owns and the engine's graphics. */

#define G_LOG_DOMAIN "vitrine-product-shelf"

#include "config.h"

#include <glib/gi18n.h>

#include "vitrine-commerce-ui.h"
#include "vitrine-product-row.h"
#include "vitrine-product-shelf.h"

struct _VitrineProductShelf
{
  GtkBox              parent_instance;

  VitrineCatalog     *catalog;
  VitrineGraphics    *graphics;
  char               *folded_query;

  /* Template children */
  GtkLabel           *count_label;
  GtkSearchEntry     *search_entry;
  GtkStack           *stack;
  GtkListView        *list_view;
  GtkFilterListModel *filter_model;
  GtkCustomFilter    *filter;
  AdwStatusPage      *empty_page;
};

G_DEFINE_FINAL_TYPE (VitrineProductShelf, vitrine_product_shelf, GTK_TYPE_BOX)

enum {
  PROP_0,
  PROP_CATALOG,
  PROP_GRAPHICS,
  N_PROPS
};

static GParamSpec *properties [N_PROPS];

static gboolean
filter_func (gpointer item,
             gpointer user_data)
{
  VitrineProductShelf *self = user_data;

  return vitrine_commerce_product_matches (item, self->folded_query);
}

static void
update_page (VitrineProductShelf *self)
{
  guint n_shown = g_list_model_get_n_items (G_LIST_MODEL (self->filter_model));
  guint n_total = self->catalog ? g_list_model_get_n_items (G_LIST_MODEL (self->catalog)) : 0;
  g_autofree char *count = NULL;

  if (self->catalog == NULL)
    gtk_stack_set_visible_child_name (self->stack, "empty");
  else if (n_shown == 0 && n_total > 0)
    gtk_stack_set_visible_child_name (self->stack, "no-results");
  else if (n_total == 0)
    gtk_stack_set_visible_child_name (self->stack, "no-products");
  else
    gtk_stack_set_visible_child_name (self->stack, "products");

  if (self->catalog == NULL)
    count = NULL;
  else if (n_shown == n_total)
    /* Translators: the number of products in the catalog, beside "Products" */
    count = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u product", "%u products",
                                          n_total),
                             n_total);
  else
    /* Translators: while searching the catalog: "3 of 8" products */
    count = g_strdup_printf (_("%u of %u"), n_shown, n_total);

  gtk_label_set_text (self->count_label, count ? count : "");
  gtk_widget_set_visible (GTK_WIDGET (self->count_label), count != NULL);
  /* Nothing to search. A search entry made insensitive while it has the
   * focus never hears that it lost it (its cursor would go on blinking),
   * so the focus leaves it first. */
  if (n_total == 0 && gtk_widget_get_sensitive (GTK_WIDGET (self->search_entry)))
    {
      GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
      GtkWidget *focus = root != NULL ? gtk_root_get_focus (root) : NULL;

      if (focus != NULL && gtk_widget_is_ancestor (focus, GTK_WIDGET (self->search_entry)))
        gtk_root_set_focus (root, NULL);
    }
  gtk_widget_set_sensitive (GTK_WIDGET (self->search_entry), n_total > 0);
}

static void
search_changed_cb (VitrineProductShelf *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));
  g_autofree char *stripped = g_strstrip (g_strdup (text));
  g_autofree char *normalized = g_utf8_normalize (stripped, -1, G_NORMALIZE_ALL);

  g_clear_pointer (&self->folded_query, g_free);
  if (normalized != NULL && *normalized != '\0')
    self->folded_query = g_utf8_casefold (normalized, -1);

  gtk_filter_changed (GTK_FILTER (self->filter), GTK_FILTER_CHANGE_DIFFERENT);
}

static void
stop_search_cb (VitrineProductShelf *self)
{
  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
}

static void
pin_position (VitrineProductShelf *self,
              guint                position)
{
  g_autoptr(VitrineProduct) product = NULL;

  if (self->graphics == NULL)
    return;

  product = g_list_model_get_item (G_LIST_MODEL (self->filter_model), position);
  if (product != NULL)
    vitrine_graphics_pin (self->graphics, product);
}

/* Enter in the search puts the first match on screen: "a3⏎". */
static void
search_activate_cb (VitrineProductShelf *self)
{
  pin_position (self, 0);
}

static void
list_activate_cb (VitrineProductShelf *self,
                  guint                position)
{
  pin_position (self, position);
}

static void
setup_row_cb (VitrineProductShelf      *self,
              GtkListItem              *item,
              GtkSignalListItemFactory *factory)
{
  gtk_list_item_set_child (item, vitrine_product_row_new ());
}

static void
bind_row_cb (VitrineProductShelf      *self,
             GtkListItem              *item,
             GtkSignalListItemFactory *factory)
{
  VitrineProductRow *row = VITRINE_PRODUCT_ROW (gtk_list_item_get_child (item));

  vitrine_product_row_set_graphics (row, self->graphics);
  vitrine_product_row_set_product (row, gtk_list_item_get_item (item));
}

static void
unbind_row_cb (VitrineProductShelf      *self,
               GtkListItem              *item,
               GtkSignalListItemFactory *factory)
{
  VitrineProductRow *row = VITRINE_PRODUCT_ROW (gtk_list_item_get_child (item));

  vitrine_product_row_set_product (row, NULL);
  vitrine_product_row_set_graphics (row, NULL);
}

/* Rows get the catalog's products and the graphics when bound: setting the
 * model again binds them all afresh. */
static void
rebind (VitrineProductShelf *self)
{
  gtk_filter_list_model_set_model (self->filter_model, NULL);
  gtk_filter_list_model_set_model (self->filter_model, G_LIST_MODEL (self->catalog));
  update_page (self);
}

/**
 * vitrine_product_shelf_set_catalog:
 * @catalog: (nullable): the products to show
 */
void
vitrine_product_shelf_set_catalog (VitrineProductShelf *self,
                                   VitrineCatalog      *catalog)
{
  g_return_if_fail (VITRINE_IS_PRODUCT_SHELF (self));
  g_return_if_fail (!catalog || VITRINE_IS_CATALOG (catalog));

  if (!g_set_object (&self->catalog, catalog))
    return;

  /* A new show: its products, unfiltered. */
  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
  rebind (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_CATALOG]);
}

VitrineCatalog *
vitrine_product_shelf_get_catalog (VitrineProductShelf *self)
{
  g_return_val_if_fail (VITRINE_IS_PRODUCT_SHELF (self), NULL);

  return self->catalog;
}

/**
 * vitrine_product_shelf_set_graphics:
 * @graphics: (nullable): the graphics products are pinned on
 */
void
vitrine_product_shelf_set_graphics (VitrineProductShelf *self,
                                    VitrineGraphics     *graphics)
{
  g_return_if_fail (VITRINE_IS_PRODUCT_SHELF (self));
  g_return_if_fail (!graphics || VITRINE_IS_GRAPHICS (graphics));

  if (!g_set_object (&self->graphics, graphics))
    return;

  rebind (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_GRAPHICS]);
}

VitrineGraphics *
vitrine_product_shelf_get_graphics (VitrineProductShelf *self)
{
  g_return_val_if_fail (VITRINE_IS_PRODUCT_SHELF (self), NULL);

  return self->graphics;
}

/**
 * vitrine_product_shelf_set_empty_text:
 *
 * What the shelf says when it has no catalog: the show names none, or it
 * is being read, or it could not be.
 */
void
vitrine_product_shelf_set_empty_text (VitrineProductShelf *self,
                                      const char          *title,
                                      const char          *description)
{
  g_autofree char *escaped = NULL;

  g_return_if_fail (VITRINE_IS_PRODUCT_SHELF (self));

  adw_status_page_set_title (self->empty_page, title);
  /* AdwStatusPage parses its description as Pango markup. */
  if (description != NULL)
    escaped = g_markup_escape_text (description, -1);
  adw_status_page_set_description (self->empty_page, escaped);
}

GtkSearchEntry *
vitrine_product_shelf_get_search_entry (VitrineProductShelf *self)
{
  g_return_val_if_fail (VITRINE_IS_PRODUCT_SHELF (self), NULL);

  return self->search_entry;
}

/**
 * vitrine_product_shelf_get_shown:
 *
 * Returns: (transfer none): the products the shelf lists, after the search
 */
GListModel *
vitrine_product_shelf_get_shown (VitrineProductShelf *self)
{
  g_return_val_if_fail (VITRINE_IS_PRODUCT_SHELF (self), NULL);

  return G_LIST_MODEL (self->filter_model);
}

static void
vitrine_product_shelf_dispose (GObject *object)
{
  VitrineProductShelf *self = VITRINE_PRODUCT_SHELF (object);

  if (self->filter_model != NULL)
    gtk_filter_list_model_set_model (self->filter_model, NULL);
  g_clear_object (&self->catalog);
  g_clear_object (&self->graphics);

  gtk_widget_dispose_template (GTK_WIDGET (self), VITRINE_TYPE_PRODUCT_SHELF);

  G_OBJECT_CLASS (vitrine_product_shelf_parent_class)->dispose (object);
}

static void
vitrine_product_shelf_finalize (GObject *object)
{
  VitrineProductShelf *self = VITRINE_PRODUCT_SHELF (object);

  g_free (self->folded_query);

  G_OBJECT_CLASS (vitrine_product_shelf_parent_class)->finalize (object);
}

static void
vitrine_product_shelf_get_property (GObject    *object,
                                    guint       prop_id,
                                    GValue     *value,
                                    GParamSpec *pspec)
{
  VitrineProductShelf *self = VITRINE_PRODUCT_SHELF (object);

  switch (prop_id)
    {
    case PROP_CATALOG:
      g_value_set_object (value, self->catalog);
      break;

    case PROP_GRAPHICS:
      g_value_set_object (value, self->graphics);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vitrine_product_shelf_set_property (GObject      *object,
                                    guint         prop_id,
                                    const GValue *value,
                                    GParamSpec   *pspec)
{
  VitrineProductShelf *self = VITRINE_PRODUCT_SHELF (object);

  switch (prop_id)
    {
    case PROP_CATALOG:
      vitrine_product_shelf_set_catalog (self, g_value_get_object (value));
      break;

    case PROP_GRAPHICS:
      vitrine_product_shelf_set_graphics (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vitrine_product_shelf_class_init (VitrineProductShelfClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = vitrine_product_shelf_dispose;
  object_class->finalize = vitrine_product_shelf_finalize;
  object_class->get_property = vitrine_product_shelf_get_property;
  object_class->set_property = vitrine_product_shelf_set_property;

  properties [PROP_CATALOG] =
    g_param_spec_object ("catalog", NULL, NULL, VITRINE_TYPE_CATALOG,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties [PROP_GRAPHICS] =
    g_param_spec_object ("graphics", NULL, NULL, VITRINE_TYPE_GRAPHICS,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PREFIX "/ui/vitrine-product-shelf.ui");
  gtk_widget_class_bind_template_child (widget_class, VitrineProductShelf, count_label);
  gtk_widget_class_bind_template_child (widget_class, VitrineProductShelf, search_entry);
  gtk_widget_class_bind_template_child (widget_class, VitrineProductShelf, stack);
  gtk_widget_class_bind_template_child (widget_class, VitrineProductShelf, list_view);
  gtk_widget_class_bind_template_child (widget_class, VitrineProductShelf, filter_model);
  gtk_widget_class_bind_template_child (widget_class, VitrineProductShelf, filter);
  gtk_widget_class_bind_template_child (widget_class, VitrineProductShelf, empty_page);
  gtk_widget_class_bind_template_callback (widget_class, search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, stop_search_cb);
  gtk_widget_class_bind_template_callback (widget_class, search_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, list_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, setup_row_cb);
  gtk_widget_class_bind_template_callback (widget_class, bind_row_cb);
  gtk_widget_class_bind_template_callback (widget_class, unbind_row_cb);

  g_type_ensure (VITRINE_TYPE_PRODUCT_ROW);
}

static void
vitrine_product_shelf_init (VitrineProductShelf *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  gtk_custom_filter_set_filter_func (self->filter, filter_func, self, NULL);
  g_signal_connect_object (self->filter_model, "items-changed",
                           G_CALLBACK (update_page), self, G_CONNECT_SWAPPED);
  update_page (self);
}

/**
 * vitrine_product_shelf_new:
 *
 * Returns: (transfer floating): a new, empty shelf
 */
GtkWidget *
vitrine_product_shelf_new (void)
{
  return g_object_new (VITRINE_TYPE_PRODUCT_SHELF, NULL);
}
