/* vitrine-run-of-show.c
 *
 * Copyright 2026 The Vitrine developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The host's script for the show: the products in the order they are
 * presented, each with its number key and planned deal, and beside them a
 * prompter with the talking points of the product on screen (or of the
 * next one) in large type. None of it is ever drawn into the video. */

#define G_LOG_DOMAIN "vitrine-run-of-show"

#include "config.h"

#include <glib/gi18n.h>

#include "vitrine-commerce-ui.h"
#include "vitrine-run-of-show.h"
#include "vitrine-run-of-show-row.h"

struct _VitrineRunOfShow
{
  GtkBox           parent_instance;

  VitrineShow     *show;
  VitrineCatalog  *catalog;
  VitrineGraphics *graphics;

  /* The step last on screen: the prompter offers the one after it. */
  int              last_index;

  /* Template children */
  GtkListBox      *list;
  GtkLabel        *status_label;
  GtkLabel        *title_label;
  GtkLabel        *notes_label;
  GtkWidget       *deal_box;
  GtkLabel        *deal_label;
  GtkLabel        *countdown_label;
};

G_DEFINE_FINAL_TYPE (VitrineRunOfShow, vitrine_run_of_show, GTK_TYPE_BOX)

static guint
n_steps (VitrineRunOfShow *self)
{
  return self->show != NULL ? vitrine_show_get_n_run_of_show (self->show) : 0;
}

static void
set_deal_banner (VitrineRunOfShow           *self,
                 const VitrineRunOfShowItem *item,
                 VitrineProduct             *product,
                 gboolean                    on_screen)
{
  gint64 remaining = self->graphics != NULL && on_screen
                     ? vitrine_graphics_get_deal_remaining (self->graphics) : -1;
  g_autofree char *deal = item != NULL ? vitrine_commerce_format_deal (item, product) : NULL;

  gtk_widget_remove_css_class (self->deal_box, "running");

  if (remaining >= 0)
    {
      g_autofree char *countdown = vitrine_commerce_format_duration (remaining);

      gtk_label_set_text (self->deal_label, _("Flash deal on screen · D ends it"));
      gtk_label_set_text (self->countdown_label, countdown);
      gtk_widget_set_visible (GTK_WIDGET (self->countdown_label), TRUE);
      gtk_widget_add_css_class (self->deal_box, "running");
      gtk_widget_set_visible (self->deal_box, TRUE);
    }
  else if (deal != NULL)
    {
      g_autofree char *text = NULL;

      if (on_screen)
        /* Translators: %s is the planned deal, "€29.90 for 2:00" */
        text = g_strdup_printf (_("Planned deal: %s · press D to start"), deal);
      else
        text = g_strdup_printf (_("Planned deal: %s"), deal);
      gtk_label_set_text (self->deal_label, text);
      gtk_widget_set_visible (GTK_WIDGET (self->countdown_label), FALSE);
      gtk_widget_set_visible (self->deal_box, TRUE);
    }
  else
    {
      gtk_widget_set_visible (self->deal_box, FALSE);
    }
}

/* The prompter: the step on screen, else the one to present next. */
static void
update_prompter (VitrineRunOfShow *self)
{
  VitrineProduct *pinned = self->graphics ? vitrine_graphics_get_pinned (self->graphics) : NULL;
  int index = vitrine_commerce_find_run_of_show (self->show, self->catalog, pinned);
  const VitrineRunOfShowItem *item = NULL;
  VitrineProduct *product = pinned;
  g_autofree char *status = NULL;
  const char *notes = NULL;

  if (index >= 0)
    self->last_index = index;

  if (pinned != NULL && index >= 0)
    {
      item = vitrine_show_get_run_of_show_item (self->show, index);
      /* Translators: above the prompter: the run-of-show step on screen */
      status = g_strdup_printf (_("On screen · %d of %u"), index + 1, n_steps (self));
      notes = item->notes;
    }
  else if (pinned != NULL)
    {
      status = g_strdup (_("On screen · not in the run of show"));
      notes = vitrine_product_get_description (pinned);
    }
  else if (n_steps (self) > 0)
    {
      guint next = self->last_index + 1 < (int) n_steps (self) ? self->last_index + 1 : 0;

      item = vitrine_show_get_run_of_show_item (self->show, next);
      product = vitrine_commerce_find_product (self->catalog, item->product);
      if (next < 9)
        /* Translators: above the prompter when nothing is on screen; %u is the key */
        status = g_strdup_printf (_("Up next · press %u"), next + 1);
      else
        status = g_strdup (_("Up next"));
      notes = item->notes;
    }

  if (status == NULL)
    {
      gtk_widget_remove_css_class (GTK_WIDGET (self->status_label), "on-screen");
      gtk_label_set_text (self->status_label, _("Nothing on screen"));
      gtk_label_set_text (self->title_label, _("Pick a product"));
      gtk_label_set_text (self->notes_label,
                          _("Click a product on the shelf, or press 1 to 9, to show its card "
                            "to the viewers. Your talking points appear here."));
      gtk_widget_add_css_class (GTK_WIDGET (self->notes_label), "dim-label");
      set_deal_banner (self, NULL, NULL, FALSE);
      return;
    }

  gtk_label_set_text (self->status_label, status);
  if (pinned != NULL)
    gtk_widget_add_css_class (GTK_WIDGET (self->status_label), "on-screen");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->status_label), "on-screen");

  if (product != NULL)
    gtk_label_set_text (self->title_label, vitrine_product_get_title (product));
  else if (item != NULL)
    gtk_label_set_text (self->title_label, item->product);

  if (notes != NULL && *notes != '\0')
    {
      gtk_label_set_text (self->notes_label, notes);
      gtk_widget_remove_css_class (GTK_WIDGET (self->notes_label), "dim-label");
    }
  else
    {
      gtk_label_set_text (self->notes_label, _("No talking points for this product."));
      gtk_widget_add_css_class (GTK_WIDGET (self->notes_label), "dim-label");
    }

  set_deal_banner (self, item, product, pinned != NULL);
}

static void
rebuild (VitrineRunOfShow *self)
{
  GtkListBoxRow *row;

  /* Rows only: the first child may be the placeholder. */
  while ((row = gtk_list_box_get_row_at_index (self->list, 0)) != NULL)
    gtk_list_box_remove (self->list, GTK_WIDGET (row));

  for (guint i = 0; i < n_steps (self); i++)
    {
      const VitrineRunOfShowItem *item = vitrine_show_get_run_of_show_item (self->show, i);
      VitrineProduct *product = vitrine_commerce_find_product (self->catalog, item->product);

      gtk_list_box_append (self->list,
                           vitrine_run_of_show_row_new (i + 1, item, product, self->graphics));
    }

  update_prompter (self);
}

static void
row_activated_cb (VitrineRunOfShow *self,
                  GtkListBoxRow    *row)
{
  VitrineProduct *product = vitrine_run_of_show_row_get_product (VITRINE_RUN_OF_SHOW_ROW (row));

  if (self->graphics != NULL && product != NULL)
    vitrine_graphics_pin (self->graphics, product);
}

/**
 * vitrine_run_of_show_set_show:
 * @show: (nullable): the show whose run of show to follow
 */
void
vitrine_run_of_show_set_show (VitrineRunOfShow *self,
                              VitrineShow      *show)
{
  g_return_if_fail (VITRINE_IS_RUN_OF_SHOW (self));
  g_return_if_fail (!show || VITRINE_IS_SHOW (show));

  if (!g_set_object (&self->show, show))
    return;

  self->last_index = -1;
  rebuild (self);
}

/**
 * vitrine_run_of_show_set_catalog:
 * @catalog: (nullable): where the steps' products are found
 */
void
vitrine_run_of_show_set_catalog (VitrineRunOfShow *self,
                                 VitrineCatalog   *catalog)
{
  g_return_if_fail (VITRINE_IS_RUN_OF_SHOW (self));
  g_return_if_fail (!catalog || VITRINE_IS_CATALOG (catalog));

  if (self->catalog == catalog)
    return;

  if (self->catalog != NULL)
    g_signal_handlers_disconnect_by_data (self->catalog, self);
  g_set_object (&self->catalog, catalog);

  /* A product added or removed may be one the run of show names. */
  if (catalog != NULL)
    g_signal_connect_object (catalog, "items-changed", G_CALLBACK (rebuild), self,
                             G_CONNECT_SWAPPED);
  rebuild (self);
}

/**
 * vitrine_run_of_show_set_graphics:
 * @graphics: (nullable): the graphics products are pinned on
 */
void
vitrine_run_of_show_set_graphics (VitrineRunOfShow *self,
                                  VitrineGraphics  *graphics)
{
  g_return_if_fail (VITRINE_IS_RUN_OF_SHOW (self));
  g_return_if_fail (!graphics || VITRINE_IS_GRAPHICS (graphics));

  if (self->graphics == graphics)
    return;

  if (self->graphics != NULL)
    g_signal_handlers_disconnect_by_data (self->graphics, self);
  g_set_object (&self->graphics, graphics);

  if (graphics != NULL)
    {
      g_signal_connect_object (graphics, "notify::pinned", G_CALLBACK (update_prompter), self,
                               G_CONNECT_SWAPPED);
      g_signal_connect_object (graphics, "notify::deal-remaining",
                               G_CALLBACK (update_prompter), self, G_CONNECT_SWAPPED);
    }
  rebuild (self);
}

/**
 * vitrine_run_of_show_get_prompter_text:
 *
 * Returns: (transfer none): the talking points the prompter shows
 */
const char *
vitrine_run_of_show_get_prompter_text (VitrineRunOfShow *self)
{
  g_return_val_if_fail (VITRINE_IS_RUN_OF_SHOW (self), NULL);

  return gtk_label_get_text (self->notes_label);
}

static void
vitrine_run_of_show_dispose (GObject *object)
{
  VitrineRunOfShow *self = VITRINE_RUN_OF_SHOW (object);

  if (self->catalog != NULL)
    g_signal_handlers_disconnect_by_data (self->catalog, self);
  if (self->graphics != NULL)
    g_signal_handlers_disconnect_by_data (self->graphics, self);
  g_clear_object (&self->show);
  g_clear_object (&self->catalog);
  g_clear_object (&self->graphics);

  gtk_widget_dispose_template (GTK_WIDGET (self), VITRINE_TYPE_RUN_OF_SHOW);

  G_OBJECT_CLASS (vitrine_run_of_show_parent_class)->dispose (object);
}

static void
vitrine_run_of_show_class_init (VitrineRunOfShowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = vitrine_run_of_show_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PREFIX "/ui/vitrine-run-of-show.ui");
  gtk_widget_class_bind_template_child (widget_class, VitrineRunOfShow, list);
  gtk_widget_class_bind_template_child (widget_class, VitrineRunOfShow, status_label);
  gtk_widget_class_bind_template_child (widget_class, VitrineRunOfShow, title_label);
  gtk_widget_class_bind_template_child (widget_class, VitrineRunOfShow, notes_label);
  gtk_widget_class_bind_template_child (widget_class, VitrineRunOfShow, deal_box);
  gtk_widget_class_bind_template_child (widget_class, VitrineRunOfShow, deal_label);
  gtk_widget_class_bind_template_child (widget_class, VitrineRunOfShow, countdown_label);
  gtk_widget_class_bind_template_callback (widget_class, row_activated_cb);

  g_type_ensure (VITRINE_TYPE_RUN_OF_SHOW_ROW);
}

static void
vitrine_run_of_show_init (VitrineRunOfShow *self)
{
  GtkWidget *placeholder;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->last_index = -1;

  placeholder = gtk_label_new (_("This show has no run of show: keys 1 to 9 pin the "
                                 "catalog's first products."));
  gtk_label_set_wrap (GTK_LABEL (placeholder), TRUE);
  gtk_label_set_justify (GTK_LABEL (placeholder), GTK_JUSTIFY_CENTER);
  gtk_widget_set_margin_top (placeholder, 18);
  gtk_widget_set_margin_bottom (placeholder, 18);
  gtk_widget_set_margin_start (placeholder, 12);
  gtk_widget_set_margin_end (placeholder, 12);
  gtk_widget_add_css_class (placeholder, "dim-label");
  gtk_list_box_set_placeholder (self->list, placeholder);

  update_prompter (self);
}

/**
 * vitrine_run_of_show_new:
 *
 * Returns: (transfer floating): a new, empty run of show
 */
GtkWidget *
vitrine_run_of_show_new (void)
{
  return g_object_new (VITRINE_TYPE_RUN_OF_SHOW, NULL);
}
