/* vitrine-product-row.c
 *
 * Copyright 2026 The Vitrine developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* One product on the shelf: its picture, short code, title, price (with the
 * compare-at price struck through), what is left in stock and a pin button.
 * It follows the product live (a sale lowers the stock while on air) and
 * the graphics' pinned product: the product on screen is highlighted and
 * its row shows the deal countdown while one runs. */

#define G_LOG_DOMAIN "vitrine-product-row"

#include "config.h"

#include <glib/gi18n.h>

#include "vitrine-commerce-ui.h"
#include "vitrine-product-row.h"
#include "vitrine-thumbnail.h"

/* At or below this many left, the stock is shown as running out. */
#define LOW_STOCK 3

#define THUMBNAIL_SIZE 56

struct _VitrineProductRow
{
  GtkBox           parent_instance;

  VitrineProduct  *product;
  VitrineGraphics *graphics;
  gboolean         pinned;

  /* Template children */
  GtkPicture      *thumbnail;
  GtkLabel        *code_label;
  GtkLabel        *title_label;
  GtkLabel        *price_label;
  GtkLabel        *compare_label;
  GtkLabel        *stock_label;
  GtkLabel        *on_screen_label;
  GtkButton       *pin_button;
};

G_DEFINE_FINAL_TYPE (VitrineProductRow, vitrine_product_row, GTK_TYPE_BOX)

enum {
  PROP_0,
  PROP_PRODUCT,
  PROP_GRAPHICS,
  PROP_PINNED,
  N_PROPS
};

static GParamSpec *properties [N_PROPS];

static void
set_label (GtkLabel   *label,
           const char *text)
{
  gtk_label_set_text (label, text != NULL ? text : "");
  gtk_widget_set_visible (GTK_WIDGET (label), text != NULL && *text != '\0');
}

static void
update_product (VitrineProductRow *self)
{
  g_autofree char *price = NULL;
  g_autofree char *compare = NULL;
  g_autofree char *stock = NULL;
  const VitrineMoney *compare_at;
  gint64 left;

  if (self->product == NULL)
    {
      set_label (self->code_label, NULL);
      set_label (self->title_label, NULL);
      set_label (self->price_label, NULL);
      set_label (self->compare_label, NULL);
      set_label (self->stock_label, NULL);
      return;
    }

  price = vitrine_commerce_format_price (vitrine_product_get_price (self->product));
  compare_at = vitrine_product_get_compare_at_price (self->product);
  if (compare_at != NULL && compare_at->amount > vitrine_product_get_price (self->product)->amount)
    compare = vitrine_commerce_format_price (compare_at);
  stock = vitrine_commerce_format_stock (self->product);
  left = vitrine_product_get_stock (self->product);

  set_label (self->code_label, vitrine_product_get_code (self->product));
  set_label (self->title_label, vitrine_product_get_title (self->product));
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->title_label),
                               vitrine_product_get_title (self->product));
  set_label (self->price_label, price);
  set_label (self->compare_label, compare);
  set_label (self->stock_label, stock);

  gtk_widget_remove_css_class (GTK_WIDGET (self->stock_label), "error");
  gtk_widget_remove_css_class (GTK_WIDGET (self->stock_label), "warning");
  gtk_widget_remove_css_class (GTK_WIDGET (self->stock_label), "dim-label");
  if (vitrine_product_is_sold_out (self->product))
    gtk_widget_add_css_class (GTK_WIDGET (self->stock_label), "error");
  else if (left >= 0 && left <= LOW_STOCK)
    gtk_widget_add_css_class (GTK_WIDGET (self->stock_label), "warning");
  else
    gtk_widget_add_css_class (GTK_WIDGET (self->stock_label), "dim-label");

  gtk_widget_set_opacity (GTK_WIDGET (self->thumbnail),
                          vitrine_product_is_sold_out (self->product) ? 0.5 : 1.0);
}

static void
update_pinned (VitrineProductRow *self)
{
  gboolean pinned = self->product != NULL && self->graphics != NULL &&
                    vitrine_graphics_get_pinned (self->graphics) == self->product;
  gint64 remaining = pinned ? vitrine_graphics_get_deal_remaining (self->graphics) : -1;

  if (remaining >= 0)
    {
      g_autofree char *countdown = vitrine_commerce_format_duration (remaining);
      /* Translators: on the pinned product's row while its flash deal runs; %s is m:ss */
      g_autofree char *text = g_strdup_printf (_("Deal %s"), countdown);

      gtk_label_set_text (self->on_screen_label, text);
      gtk_widget_add_css_class (GTK_WIDGET (self->on_screen_label), "running");
    }
  else
    {
      gtk_label_set_text (self->on_screen_label, _("On screen"));
      gtk_widget_remove_css_class (GTK_WIDGET (self->on_screen_label), "running");
    }
  gtk_widget_set_visible (GTK_WIDGET (self->on_screen_label), pinned);

  if (pinned == self->pinned)
    return;

  self->pinned = pinned;
  if (pinned)
    {
      gtk_widget_add_css_class (GTK_WIDGET (self), "pinned");
      gtk_widget_add_css_class (GTK_WIDGET (self->pin_button), "accent");
      gtk_widget_set_tooltip_text (GTK_WIDGET (self->pin_button), _("Take Off Screen"));
    }
  else
    {
      gtk_widget_remove_css_class (GTK_WIDGET (self), "pinned");
      gtk_widget_remove_css_class (GTK_WIDGET (self->pin_button), "accent");
      gtk_widget_set_tooltip_text (GTK_WIDGET (self->pin_button), _("Show on Screen"));
    }

  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_PINNED]);
}

static void
pin_clicked_cb (VitrineProductRow *self)
{
  if (self->graphics == NULL || self->product == NULL)
    return;

  if (vitrine_graphics_get_pinned (self->graphics) == self->product)
    vitrine_graphics_unpin (self->graphics);
  else
    vitrine_graphics_pin (self->graphics, self->product);
}

/**
 * vitrine_product_row_set_product:
 * @product: (nullable): the product to show
 */
void
vitrine_product_row_set_product (VitrineProductRow *self,
                                 VitrineProduct    *product)
{
  g_return_if_fail (VITRINE_IS_PRODUCT_ROW (self));
  g_return_if_fail (!product || VITRINE_IS_PRODUCT (product));

  if (self->product == product)
    return;

  if (self->product != NULL)
    g_signal_handlers_disconnect_by_data (self->product, self);
  g_set_object (&self->product, product);
  if (product != NULL)
    g_signal_connect_object (product, "notify", G_CALLBACK (update_product), self,
                             G_CONNECT_SWAPPED);

  vitrine_thumbnail_set_picture (self->thumbnail,
                                 product ? vitrine_product_get_image (product) : NULL,
                                 THUMBNAIL_SIZE);
  update_product (self);
  update_pinned (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_PRODUCT]);
}

/**
 * vitrine_product_row_set_graphics:
 * @graphics: (nullable): the graphics that pin products on screen
 */
void
vitrine_product_row_set_graphics (VitrineProductRow *self,
                                  VitrineGraphics   *graphics)
{
  g_return_if_fail (VITRINE_IS_PRODUCT_ROW (self));
  g_return_if_fail (!graphics || VITRINE_IS_GRAPHICS (graphics));

  if (self->graphics == graphics)
    return;

  if (self->graphics != NULL)
    g_signal_handlers_disconnect_by_data (self->graphics, self);
  g_set_object (&self->graphics, graphics);
  if (graphics != NULL)
    {
      g_signal_connect_object (graphics, "notify::pinned", G_CALLBACK (update_pinned), self,
                               G_CONNECT_SWAPPED);
      g_signal_connect_object (graphics, "notify::deal-remaining", G_CALLBACK (update_pinned),
                               self, G_CONNECT_SWAPPED);
    }

  gtk_widget_set_sensitive (GTK_WIDGET (self->pin_button), graphics != NULL);
  update_pinned (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_GRAPHICS]);
}

VitrineProduct *
vitrine_product_row_get_product (VitrineProductRow *self)
{
  g_return_val_if_fail (VITRINE_IS_PRODUCT_ROW (self), NULL);

  return self->product;
}

VitrineGraphics *
vitrine_product_row_get_graphics (VitrineProductRow *self)
{
  g_return_val_if_fail (VITRINE_IS_PRODUCT_ROW (self), NULL);

  return self->graphics;
}

/**
 * vitrine_product_row_get_pinned:
 *
 * Returns: whether the row shows its product as the one on screen
 */
gboolean
vitrine_product_row_get_pinned (VitrineProductRow *self)
{
  g_return_val_if_fail (VITRINE_IS_PRODUCT_ROW (self), FALSE);

  return self->pinned;
}

static void
vitrine_product_row_dispose (GObject *object)
{
  VitrineProductRow *self = VITRINE_PRODUCT_ROW (object);

  vitrine_product_row_set_product (self, NULL);
  vitrine_product_row_set_graphics (self, NULL);

  gtk_widget_dispose_template (GTK_WIDGET (self), VITRINE_TYPE_PRODUCT_ROW);

  G_OBJECT_CLASS (vitrine_product_row_parent_class)->dispose (object);
}

static void
vitrine_product_row_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  VitrineProductRow *self = VITRINE_PRODUCT_ROW (object);

  switch (prop_id)
    {
    case PROP_PRODUCT:
      g_value_set_object (value, self->product);
      break;

    case PROP_GRAPHICS:
      g_value_set_object (value, self->graphics);
      break;

    case PROP_PINNED:
      g_value_set_boolean (value, self->pinned);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vitrine_product_row_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  VitrineProductRow *self = VITRINE_PRODUCT_ROW (object);

  switch (prop_id)
    {
    case PROP_PRODUCT:
      vitrine_product_row_set_product (self, g_value_get_object (value));
      break;

    case PROP_GRAPHICS:
      vitrine_product_row_set_graphics (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vitrine_product_row_class_init (VitrineProductRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = vitrine_product_row_dispose;
  object_class->get_property = vitrine_product_row_get_property;
  object_class->set_property = vitrine_product_row_set_property;

  properties [PROP_PRODUCT] =
    g_param_spec_object ("product", NULL, NULL, VITRINE_TYPE_PRODUCT,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties [PROP_GRAPHICS] =
    g_param_spec_object ("graphics", NULL, NULL, VITRINE_TYPE_GRAPHICS,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  /**
   * VitrineProductRow:pinned:
   *
   * Whether the row's product is the one on screen.
   */
  properties [PROP_PINNED] =
    g_param_spec_boolean ("pinned", NULL, NULL, FALSE,
                          (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PREFIX "/ui/vitrine-product-row.ui");
  gtk_widget_class_bind_template_child (widget_class, VitrineProductRow, thumbnail);
  gtk_widget_class_bind_template_child (widget_class, VitrineProductRow, code_label);
  gtk_widget_class_bind_template_child (widget_class, VitrineProductRow, title_label);
  gtk_widget_class_bind_template_child (widget_class, VitrineProductRow, price_label);
  gtk_widget_class_bind_template_child (widget_class, VitrineProductRow, compare_label);
  gtk_widget_class_bind_template_child (widget_class, VitrineProductRow, stock_label);
  gtk_widget_class_bind_template_child (widget_class, VitrineProductRow, on_screen_label);
  gtk_widget_class_bind_template_child (widget_class, VitrineProductRow, pin_button);
  gtk_widget_class_bind_template_callback (widget_class, pin_clicked_cb);
}

static void
vitrine_product_row_init (VitrineProductRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  gtk_widget_set_sensitive (GTK_WIDGET (self->pin_button), FALSE);
}

/**
 * vitrine_product_row_new:
 *
 * Returns: (transfer floating): a row for the product shelf
 */
GtkWidget *
vitrine_product_row_new (void)
{
  return g_object_new (VITRINE_TYPE_PRODUCT_ROW, NULL);
}
