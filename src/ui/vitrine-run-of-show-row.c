/* vitrine-run-of-show-row.c
 *
 * Copyright 2026 The Vitrine developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* One step of the run of show: the number key that pins it, the product's
 * picture, code and title, the planned deal and the first words of the
 * host's notes. The step on screen is highlighted (its key lit) and counts
 * its deal down. */

#define G_LOG_DOMAIN "vitrine-run-of-show-row"

#include "config.h"

#include <glib/gi18n.h>

#include "vitrine-commerce-ui.h"
#include "vitrine-run-of-show-row.h"
#include "vitrine-thumbnail.h"

#define THUMBNAIL_SIZE 40

struct _VitrineRunOfShowRow
{
  GtkListBoxRow    parent_instance;

  guint            number;
  VitrineProduct  *product;
  VitrineGraphics *graphics;
  char            *deal;
  gboolean         pinned;

  /* Template children */
  GtkLabel        *key_label;
  GtkPicture      *thumbnail;
  GtkLabel        *code_label;
  GtkLabel        *title_label;
  GtkLabel        *notes_label;
  GtkLabel        *deal_label;
};

G_DEFINE_FINAL_TYPE (VitrineRunOfShowRow, vitrine_run_of_show_row, GTK_TYPE_LIST_BOX_ROW)

static void
update_pinned (VitrineRunOfShowRow *self)
{
  gboolean pinned = self->product != NULL && self->graphics != NULL &&
                    vitrine_graphics_get_pinned (self->graphics) == self->product;
  gint64 remaining = pinned ? vitrine_graphics_get_deal_remaining (self->graphics) : -1;

  /* The planned deal, or its countdown while it runs. */
  if (remaining >= 0)
    {
      g_autofree char *countdown = vitrine_commerce_format_duration (remaining);
      /* Translators: on the run-of-show step whose flash deal runs; %s is m:ss */
      g_autofree char *text = g_strdup_printf (_("Deal %s"), countdown);

      gtk_label_set_text (self->deal_label, text);
      gtk_widget_add_css_class (GTK_WIDGET (self->deal_label), "running");
    }
  else
    {
      gtk_label_set_text (self->deal_label, self->deal != NULL ? self->deal : "");
      gtk_widget_remove_css_class (GTK_WIDGET (self->deal_label), "running");
    }
  gtk_widget_set_visible (GTK_WIDGET (self->deal_label), self->deal != NULL || remaining >= 0);

  if (pinned == self->pinned)
    return;

  self->pinned = pinned;
  if (pinned)
    {
      gtk_widget_add_css_class (GTK_WIDGET (self), "pinned");
      gtk_widget_set_tooltip_text (GTK_WIDGET (self), _("On screen"));
    }
  else
    {
      gtk_widget_remove_css_class (GTK_WIDGET (self), "pinned");
      gtk_widget_set_tooltip_text (GTK_WIDGET (self), NULL);
    }
}

static void
vitrine_run_of_show_row_dispose (GObject *object)
{
  VitrineRunOfShowRow *self = VITRINE_RUN_OF_SHOW_ROW (object);

  if (self->graphics != NULL)
    g_signal_handlers_disconnect_by_data (self->graphics, self);
  g_clear_object (&self->graphics);
  g_clear_object (&self->product);

  gtk_widget_dispose_template (GTK_WIDGET (self), VITRINE_TYPE_RUN_OF_SHOW_ROW);

  G_OBJECT_CLASS (vitrine_run_of_show_row_parent_class)->dispose (object);
}

static void
vitrine_run_of_show_row_finalize (GObject *object)
{
  VitrineRunOfShowRow *self = VITRINE_RUN_OF_SHOW_ROW (object);

  g_free (self->deal);

  G_OBJECT_CLASS (vitrine_run_of_show_row_parent_class)->finalize (object);
}

static void
vitrine_run_of_show_row_class_init (VitrineRunOfShowRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = vitrine_run_of_show_row_dispose;
  object_class->finalize = vitrine_run_of_show_row_finalize;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PREFIX "/ui/vitrine-run-of-show-row.ui");
  gtk_widget_class_bind_template_child (widget_class, VitrineRunOfShowRow, key_label);
  gtk_widget_class_bind_template_child (widget_class, VitrineRunOfShowRow, thumbnail);
  gtk_widget_class_bind_template_child (widget_class, VitrineRunOfShowRow, code_label);
  gtk_widget_class_bind_template_child (widget_class, VitrineRunOfShowRow, title_label);
  gtk_widget_class_bind_template_child (widget_class, VitrineRunOfShowRow, notes_label);
  gtk_widget_class_bind_template_child (widget_class, VitrineRunOfShowRow, deal_label);
}

static void
vitrine_run_of_show_row_init (VitrineRunOfShowRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

static void
product_changed_cb (VitrineRunOfShowRow *self)
{
  gtk_label_set_text (self->title_label, vitrine_product_get_title (self->product));
}

/**
 * vitrine_run_of_show_row_new:
 * @number: the step's place in the run of show, from 1
 * @item: the step
 * @product: (nullable): the product it names, or %NULL when the catalog
 *   has no such product
 * @graphics: (nullable): the graphics the product is pinned on
 *
 * Returns: (transfer floating): a row for the run-of-show list
 */
GtkWidget *
vitrine_run_of_show_row_new (guint                       number,
                             const VitrineRunOfShowItem *item,
                             VitrineProduct             *product,
                             VitrineGraphics            *graphics)
{
  VitrineRunOfShowRow *self;
  g_autofree char *number_text = NULL;

  g_return_val_if_fail (item != NULL, NULL);
  g_return_val_if_fail (!product || VITRINE_IS_PRODUCT (product), NULL);
  g_return_val_if_fail (!graphics || VITRINE_IS_GRAPHICS (graphics), NULL);

  self = g_object_new (VITRINE_TYPE_RUN_OF_SHOW_ROW, NULL);
  self->number = number;
  g_set_object (&self->product, product);
  g_set_object (&self->graphics, graphics);

  /* Keys 1 to 9 pin the first nine steps; the others are clicked. */
  number_text = g_strdup_printf ("%u", number);
  gtk_label_set_text (self->key_label, number_text);
  if (number <= 9)
    {
      g_autofree char *tooltip = NULL;

      /* Translators: tooltip of a run-of-show step's number */
      tooltip = g_strdup_printf (_("Press %u to put it on screen"), number);
      gtk_widget_set_tooltip_text (GTK_WIDGET (self->key_label), tooltip);
    }
  else
    {
      gtk_widget_add_css_class (GTK_WIDGET (self->key_label), "no-key");
    }

  gtk_label_set_text (self->notes_label, item->notes != NULL ? item->notes : "");
  gtk_widget_set_visible (GTK_WIDGET (self->notes_label), item->notes != NULL);

  if (product != NULL)
    {
      gtk_label_set_text (self->code_label, vitrine_product_get_code (product));
      gtk_label_set_text (self->title_label, vitrine_product_get_title (product));
      g_signal_connect_object (product, "notify::title", G_CALLBACK (product_changed_cb),
                               self, G_CONNECT_SWAPPED);
      vitrine_thumbnail_set_picture (self->thumbnail, vitrine_product_get_image (product),
                                     THUMBNAIL_SIZE);
      self->deal = vitrine_commerce_format_deal (item, product);
    }
  else
    {
      g_autofree char *missing = NULL;

      gtk_label_set_text (self->code_label, item->product);
      /* Translators: a run-of-show step names a product the catalog lacks */
      missing = g_strdup_printf (_("“%s” is not in the catalog"), item->product);
      gtk_label_set_text (self->title_label, missing);
      gtk_widget_add_css_class (GTK_WIDGET (self->title_label), "error");
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (self), FALSE);
    }

  if (self->deal != NULL)
    {
      g_autofree char *tooltip = NULL;

      /* Translators: tooltip of a planned deal; %s is "€29.90 for 2:00" */
      tooltip = g_strdup_printf (_("Planned flash deal: %s. Press D while the product is on "
                                   "screen to start it."), self->deal);
      gtk_widget_set_tooltip_text (GTK_WIDGET (self->deal_label), tooltip);
    }

  if (graphics != NULL)
    {
      g_signal_connect_object (graphics, "notify::pinned", G_CALLBACK (update_pinned), self,
                               G_CONNECT_SWAPPED);
      g_signal_connect_object (graphics, "notify::deal-remaining", G_CALLBACK (update_pinned),
                               self, G_CONNECT_SWAPPED);
    }
  update_pinned (self);

  return GTK_WIDGET (self);
}

guint
vitrine_run_of_show_row_get_number (VitrineRunOfShowRow *self)
{
  g_return_val_if_fail (VITRINE_IS_RUN_OF_SHOW_ROW (self), 0);

  return self->number;
}

/**
 * vitrine_run_of_show_row_get_product:
 *
 * Returns: (transfer none) (nullable): the step's product
 */
VitrineProduct *
vitrine_run_of_show_row_get_product (VitrineRunOfShowRow *self)
{
  g_return_val_if_fail (VITRINE_IS_RUN_OF_SHOW_ROW (self), NULL);

  return self->product;
}

gboolean
vitrine_run_of_show_row_get_pinned (VitrineRunOfShowRow *self)
{
  g_return_val_if_fail (VITRINE_IS_RUN_OF_SHOW_ROW (self), FALSE);

  return self->pinned;
}
