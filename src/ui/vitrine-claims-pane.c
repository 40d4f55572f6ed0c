/* vitrine-claims-pane.c
 *
 * Copyright 2026 The Vitrine developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The claim queue as the host works it while on air: one section per
 * product that has claims, the product with the newest claim on top, each
 * with a header ("A12 · Silk scarf", "7 of 10 confirmed · 3 waitlisted ·
 * stock 3") and its claims in the order the platforms wrote them: the
 * viewer, the platform's pill, how many and which variant, the time, and
 * where the claim stands.
 *
 * When the host confirms (the "Host Confirms" mode), pending claims have
 * Confirm and Reject buttons; any claim not rejected yet can be rejected.
 * What happens next is the queue's business: the pane only asks it, and
 * shows the states it then reports (a waitlisted claim moving up when a
 * confirmed one is rejected). Rows follow their claim live.
 *
 * Everything shown comes from the claim's message as plain text (sanitised
 * by VitrineFeedItem); no label here parses markup. */

#define G_LOG_DOMAIN "vitrine-claims-pane"

#include "config.h"

#include <glib/gi18n.h>

#include "vitrine-claims-pane.h"
#include "vitrine-feed-row.h"
#include "vitrine-thumbnail.h"

#define THUMBNAIL_SIZE 40

/* ---------------------------------------------------------------------- */
/* A claim                                                                */

#define VITRINE_TYPE_CLAIMS_PANE_ROW (vitrine_claims_pane_row_get_type ())

G_DECLARE_FINAL_TYPE (VitrineClaimsPaneRow, vitrine_claims_pane_row,
                      VITRINE, CLAIMS_PANE_ROW, GtkListBoxRow)

struct _VitrineClaimsPaneRow
{
  GtkListBoxRow      parent_instance;

  VitrineClaimQueue *queue;
  VitrineClaim      *claim;

  GtkWidget         *content;
  GtkLabel          *platform_label;
  GtkLabel          *author_label;
  GtkLabel          *time_label;
  GtkLabel          *quantity_label;
  GtkLabel          *state_label;
  GtkWidget         *confirm_button;
  GtkWidget         *reject_button;
};

G_DEFINE_FINAL_TYPE (VitrineClaimsPaneRow, vitrine_claims_pane_row, GTK_TYPE_LIST_BOX_ROW)

/* ---------------------------------------------------------------------- */
/* A product's claims                                                     */

#define VITRINE_TYPE_CLAIMS_PANE_SECTION (vitrine_claims_pane_section_get_type ())

G_DECLARE_FINAL_TYPE (VitrineClaimsPaneSection, vitrine_claims_pane_section,
                      VITRINE, CLAIMS_PANE_SECTION, GtkBox)

struct _VitrineClaimsPaneSection
{
  GtkBox             parent_instance;

  VitrineClaimsPane *pane;      /* unowned: the pane holds the section */
  VitrineClaimQueue *queue;
  char              *code;      /* as the catalog spells it */
  GListModel        *claims;
  VitrineProduct    *product;   /* watched for its title, image and stock */
  gboolean           dirty;

  GtkPicture        *thumbnail;
  GtkLabel          *code_label;
  GtkLabel          *title_label;
  GtkLabel          *counts_label;
  GtkListBox        *list;
};

G_DEFINE_FINAL_TYPE (VitrineClaimsPaneSection, vitrine_claims_pane_section, GTK_TYPE_BOX)

/* ---------------------------------------------------------------------- */
/* The pane                                                               */

struct _VitrineClaimsPane
{
  GtkBox                parent_instance;

  VitrineClaimQueue    *queue;
  VitrineCatalog       *catalog;
  GHashTable           *sections;    /* upper-case code → section (the box holds them) */
  GPtrArray            *codes;       /* the drop-down's products, after "All Products" */
  char                 *product;     /* the product shown alone, or NULL */
  GCancellable         *cancellable;
  GtkFileChooserNative *chooser;
  guint                 update_id;
  gboolean              syncing;

  /* Template children */
  GtkLabel             *count_label;
  GtkToggleButton      *auto_button;
  GtkToggleButton      *manual_button;
  GtkDropDown          *product_dropdown;
  GtkStringList        *product_names;
  GtkButton            *export_button;
  GtkRevealer          *message_revealer;
  GtkLabel             *message_label;
  GtkStack             *stack;
  GtkLabel             *empty_label;
  GtkBox               *sections_box;
};

G_DEFINE_FINAL_TYPE (VitrineClaimsPane, vitrine_claims_pane, GTK_TYPE_BOX)

enum {
  PROP_0,
  PROP_QUEUE,
  PROP_PRODUCT,
  N_PROPS
};

static GParamSpec *properties [N_PROPS];

static void queue_update (VitrineClaimsPane *self);

/* ---------------------------------------------------------------------- */
/* Rows                                                                   */

static const char *state_classes[] = { "warning", "success", "idle", "error" };

static const char *
state_name (VitrineClaimState state)
{
  switch (state)
    {
    case VITRINE_CLAIM_PENDING:
      /* Translators: a claim within stock, not confirmed yet */
      return _("Pending");

    case VITRINE_CLAIM_CONFIRMED:
      /* Translators: a claim the viewer gets */
      return _("Confirmed");

    case VITRINE_CLAIM_WAITLISTED:
      /* Translators: a claim beyond the stock, waiting for a unit to free up */
      return _("Waitlisted");

    case VITRINE_CLAIM_REJECTED:
      /* Translators: a claim the host refused */
      return _("Rejected");

    default:
      return "";
    }
}

static char *
dup_quantity_text (VitrineClaim *claim)
{
  const char *variant = vitrine_claim_get_variant (claim);
  guint quantity = vitrine_claim_get_quantity (claim);

  if (variant != NULL && variant[0] != '\0')
    /* Translators: how many units a viewer claims and which variant: "× 2 · M" */
    return g_strdup_printf (_("× %u · %s"), quantity, variant);

  /* Translators: how many units a viewer claims: "× 2" */
  return g_strdup_printf (_("× %u"), quantity);
}

static const char *
author_of (VitrineClaim *claim)
{
  const char *author = vitrine_claim_get_author (claim);

  /* Translators: a claim whose author has no display name */
  return author != NULL && author[0] != '\0' ? author : _("Someone");
}

static void
row_update (VitrineClaimsPaneRow *self)
{
  VitrineClaimState state = vitrine_claim_get_state (self->claim);
  VitrineClaimMode mode = vitrine_claim_queue_get_mode (self->queue);
  gboolean can_confirm = mode == VITRINE_CLAIM_MODE_MANUAL && state == VITRINE_CLAIM_PENDING;
  gboolean can_reject = state != VITRINE_CLAIM_REJECTED;
  g_autofree char *quantity = dup_quantity_text (self->claim);
  g_autofree char *description = NULL;
  GtkRoot *root;
  GtkWidget *focus;

  gtk_label_set_text (self->state_label, state_name (state));
  for (guint i = 0; i < G_N_ELEMENTS (state_classes); i++)
    gtk_widget_remove_css_class (GTK_WIDGET (self->state_label), state_classes[i]);
  gtk_widget_add_css_class (GTK_WIDGET (self->state_label), state_classes[state]);

  if (state == VITRINE_CLAIM_REJECTED)
    gtk_widget_add_css_class (self->content, "dim-label");
  else
    gtk_widget_remove_css_class (self->content, "dim-label");

  /* A button that goes away while it has the keyboard focus would drop the
   * focus out of the list: the row keeps it. */
  root = gtk_widget_get_root (GTK_WIDGET (self));
  focus = root != NULL ? gtk_root_get_focus (root) : NULL;
  if ((focus == self->confirm_button && !can_confirm) ||
      (focus == self->reject_button && !can_reject))
    gtk_widget_grab_focus (GTK_WIDGET (self));

  gtk_widget_set_visible (self->confirm_button, can_confirm);
  gtk_widget_set_visible (self->reject_button, can_reject);

  /* Translators: what a screen reader says for a claim:
   * "Ana, YouTube, × 2 · M, 19:02:05, Pending" */
  description = g_strdup_printf (_("%s, %s, %s, %s, %s"), author_of (self->claim),
                                 gtk_label_get_text (self->platform_label), quantity,
                                 gtk_label_get_text (self->time_label), state_name (state));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, description,
                                  -1);
}

static void
row_state_changed_cb (VitrineClaimsPaneRow *self)
{
  GtkWidget *section;

  row_update (self);

  section = gtk_widget_get_ancestor (GTK_WIDGET (self), VITRINE_TYPE_CLAIMS_PANE_SECTION);
  if (section != NULL)
    {
      VITRINE_CLAIMS_PANE_SECTION (section)->dirty = TRUE;
      queue_update (VITRINE_CLAIMS_PANE_SECTION (section)->pane);
    }
}

static void
confirm_clicked_cb (VitrineClaimsPaneRow *self)
{
  vitrine_claim_queue_confirm (self->queue, self->claim);
}

static void
reject_clicked_cb (VitrineClaimsPaneRow *self)
{
  vitrine_claim_queue_reject (self->queue, self->claim);
}

static void
vitrine_claims_pane_row_dispose (GObject *object)
{
  VitrineClaimsPaneRow *self = VITRINE_CLAIMS_PANE_ROW (object);

  if (self->claim != NULL)
    g_signal_handlers_disconnect_by_data (self->claim, self);
  if (self->queue != NULL)
    g_signal_handlers_disconnect_by_data (self->queue, self);
  g_clear_object (&self->claim);
  g_clear_object (&self->queue);

  G_OBJECT_CLASS (vitrine_claims_pane_row_parent_class)->dispose (object);
}

static void
vitrine_claims_pane_row_class_init (VitrineClaimsPaneRowClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = vitrine_claims_pane_row_dispose;
}

static void
vitrine_claims_pane_row_init (VitrineClaimsPaneRow *self)
{
}

static GtkLabel *
plain_label (const char *css_class)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_use_markup (GTK_LABEL (label), FALSE);
  gtk_label_set_use_underline (GTK_LABEL (label), FALSE);
  gtk_label_set_single_line_mode (GTK_LABEL (label), TRUE);
  gtk_widget_set_valign (label, GTK_ALIGN_CENTER);
  if (css_class != NULL)
    gtk_widget_add_css_class (label, css_class);

  return GTK_LABEL (label);
}

static GtkWidget *
row_button (const char *label,
            const char *tooltip,
            const char *accessible_label)
{
  GtkWidget *button = gtk_button_new_with_mnemonic (label);

  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (button, tooltip);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, accessible_label,
                                  -1);
  gtk_widget_add_css_class (button, "take-off-button");

  return button;
}

static GtkWidget *
row_new (VitrineClaimQueue *queue,
         VitrineClaim      *claim)
{
  VitrineClaimsPaneRow *self = g_object_new (VITRINE_TYPE_CLAIMS_PANE_ROW, NULL);
  const char *platform = vitrine_claim_get_platform (claim);
  const char *author = author_of (claim);
  g_autoptr(GDateTime) local = g_date_time_to_local (vitrine_claim_get_time (claim));
  g_autofree char *time = g_date_time_format (local, "%H:%M:%S");
  g_autofree char *when = g_date_time_format (local, "%c");
  g_autofree char *quantity = dup_quantity_text (claim);
  g_autofree char *confirm_a11y = NULL;
  g_autofree char *reject_a11y = NULL;
  GtkWidget *line;
  GtkWidget *spacer;

  self->queue = g_object_ref (queue);
  self->claim = g_object_ref (claim);

  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (self), FALSE);
  gtk_widget_add_css_class (GTK_WIDGET (self), "claim-row");
  /* The viewer's words, whole, for the host who wonders what they wrote. */
  gtk_widget_set_tooltip_text (GTK_WIDGET (self), vitrine_claim_get_text (claim));

  self->content = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
  gtk_widget_add_css_class (self->content, "feed-row");
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (self), self->content);

  line = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  gtk_box_append (GTK_BOX (self->content), line);

  self->platform_label = plain_label ("platform-pill");
  gtk_label_set_text (self->platform_label, vitrine_feed_platform_name (platform));
  gtk_widget_add_css_class (GTK_WIDGET (self->platform_label),
                            vitrine_feed_platform_css_class (platform));
  gtk_box_append (GTK_BOX (line), GTK_WIDGET (self->platform_label));

  self->author_label = plain_label ("feed-author");
  gtk_label_set_text (self->author_label, author);
  gtk_label_set_xalign (self->author_label, 0);
  gtk_label_set_ellipsize (self->author_label, PANGO_ELLIPSIZE_END);
  gtk_widget_set_hexpand (GTK_WIDGET (self->author_label), TRUE);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->author_label), author);
  gtk_box_append (GTK_BOX (line), GTK_WIDGET (self->author_label));

  self->time_label = plain_label ("dim-label");
  gtk_widget_add_css_class (GTK_WIDGET (self->time_label), "caption");
  gtk_widget_add_css_class (GTK_WIDGET (self->time_label), "numeric");
  gtk_label_set_text (self->time_label, time);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->time_label), when);
  gtk_box_append (GTK_BOX (line), GTK_WIDGET (self->time_label));

  line = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  gtk_box_append (GTK_BOX (self->content), line);

  self->quantity_label = plain_label ("feed-detail-pill");
  gtk_widget_add_css_class (GTK_WIDGET (self->quantity_label), "numeric");
  gtk_label_set_text (self->quantity_label, quantity);
  gtk_box_append (GTK_BOX (line), GTK_WIDGET (self->quantity_label));

  self->state_label = plain_label ("state-pill");
  gtk_box_append (GTK_BOX (line), GTK_WIDGET (self->state_label));

  spacer = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);
  gtk_widget_set_hexpand (spacer, TRUE);
  gtk_box_append (GTK_BOX (line), spacer);

  /* Translators: what a screen reader says for the Confirm button of Ana's claim */
  confirm_a11y = g_strdup_printf (_("Confirm the claim of %s"), author);
  self->confirm_button = row_button (_("_Confirm"), _("The viewer gets it"), confirm_a11y);
  gtk_widget_add_css_class (self->confirm_button, "suggested-action");
  g_signal_connect_swapped (self->confirm_button, "clicked",
                            G_CALLBACK (confirm_clicked_cb), self);
  gtk_box_append (GTK_BOX (line), self->confirm_button);

  /* Translators: what a screen reader says for the Reject button of Ana's claim */
  reject_a11y = g_strdup_printf (_("Reject the claim of %s"), author);
  self->reject_button = row_button (_("_Reject"),
                                    _("Refuse the claim; its units go to the waitlist"),
                                    reject_a11y);
  gtk_widget_add_css_class (self->reject_button, "flat");
  g_signal_connect_swapped (self->reject_button, "clicked",
                            G_CALLBACK (reject_clicked_cb), self);
  gtk_box_append (GTK_BOX (line), self->reject_button);

  g_signal_connect_object (claim, "notify::state", G_CALLBACK (row_state_changed_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (queue, "notify::mode", G_CALLBACK (row_update), self,
                           G_CONNECT_SWAPPED);
  row_update (self);

  return GTK_WIDGET (self);
}

/* ---------------------------------------------------------------------- */
/* Sections                                                               */

static char *
dup_section_title (VitrineClaimsPaneSection *self)
{
  const char *title = self->product != NULL ? vitrine_product_get_title (self->product) : NULL;

  if (title == NULL || title[0] == '\0')
    return g_strdup (self->code);

  /* Translators: a product in the claims' product filter: "A12 · Silk scarf" */
  return g_strdup_printf (_("%s · %s"), self->code, title);
}

static char *
dup_counts_text (VitrineClaimsPaneSection *self)
{
  guint n = g_list_model_get_n_items (self->claims);
  guint counts[VITRINE_CLAIM_REJECTED + 1] = { 0, };
  g_autoptr(GPtrArray) parts = g_ptr_array_new_with_free_func (g_free);
  guint holding;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(VitrineClaim) claim = g_list_model_get_item (self->claims, i);

      counts[vitrine_claim_get_state (claim)]++;
    }

  /* "of": the claims that got a unit, confirmed or still to confirm. */
  holding = counts[VITRINE_CLAIM_CONFIRMED] + counts[VITRINE_CLAIM_PENDING];
  g_ptr_array_add (parts,
                   /* Translators: claims of a product: "7 of 10 confirmed" */
                   g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u of %u confirmed",
                                                 "%u of %u confirmed", holding),
                                    counts[VITRINE_CLAIM_CONFIRMED], holding));
  if (counts[VITRINE_CLAIM_WAITLISTED] > 0)
    g_ptr_array_add (parts,
                     /* Translators: claims of a product beyond its stock: "3 waitlisted" */
                     g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u waitlisted",
                                                   "%u waitlisted",
                                                   counts[VITRINE_CLAIM_WAITLISTED]),
                                      counts[VITRINE_CLAIM_WAITLISTED]));
  if (counts[VITRINE_CLAIM_REJECTED] > 0)
    g_ptr_array_add (parts,
                     /* Translators: claims of a product the host refused: "1 rejected" */
                     g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u rejected",
                                                   "%u rejected",
                                                   counts[VITRINE_CLAIM_REJECTED]),
                                      counts[VITRINE_CLAIM_REJECTED]));

  if (self->product == NULL)
    /* Translators: a product claimed in the chat that the catalog no longer has */
    g_ptr_array_add (parts, g_strdup (_("not in the catalog")));
  else if (vitrine_product_get_stock (self->product) < 0)
    /* Translators: the shop does not count this product's stock */
    g_ptr_array_add (parts, g_strdup (_("stock not tracked")));
  else
    {
      g_autofree char *stock = g_strdup_printf ("%" G_GINT64_FORMAT,
                                                vitrine_product_get_stock (self->product));

      /* Translators: a product's stock in the claims' header: "stock 3" */
      g_ptr_array_add (parts, g_strdup_printf (_("stock %s"), stock));
    }

  g_ptr_array_add (parts, NULL);
  /* Translators: the separator between the parts of a product's claim counts */
  return g_strjoinv (_(" · "), (char **) parts->pdata);
}

static void
section_update (VitrineClaimsPaneSection *self)
{
  const char *title = self->product != NULL ? vitrine_product_get_title (self->product) : NULL;
  g_autofree char *counts = dup_counts_text (self);
  g_autofree char *heading = dup_section_title (self);
  g_autofree char *accessible = NULL;

  self->dirty = FALSE;

  gtk_label_set_text (self->code_label, self->code);
  gtk_label_set_text (self->title_label, title != NULL ? title : "");
  gtk_widget_set_visible (GTK_WIDGET (self->title_label), title != NULL && title[0] != '\0');
  gtk_label_set_text (self->counts_label, counts);

  /* Translators: a product's claims, for screen readers:
   * "A12 · Silk scarf — 2 of 2 confirmed" */
  accessible = g_strdup_printf (_("%s — %s"), heading, counts);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->list),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, accessible,
                                  -1);
}

static void
section_product_changed_cb (VitrineClaimsPaneSection *self,
                            GParamSpec               *pspec,
                            VitrineProduct           *product)
{
  if (g_strcmp0 (pspec->name, "image") == 0)
    vitrine_thumbnail_set_picture (self->thumbnail, vitrine_product_get_image (product),
                                   THUMBNAIL_SIZE);

  self->dirty = TRUE;
  queue_update (self->pane);
}

/* The catalog may have replaced the product (a sync) or dropped it. */
static void
section_set_product (VitrineClaimsPaneSection *self,
                     VitrineProduct           *product)
{
  const char *image;

  if (self->product == product)
    return;

  if (self->product != NULL)
    g_signal_handlers_disconnect_by_data (self->product, self);
  g_set_object (&self->product, product);
  if (product != NULL)
    g_signal_connect_object (product, "notify", G_CALLBACK (section_product_changed_cb), self,
                             G_CONNECT_SWAPPED);

  image = product != NULL ? vitrine_product_get_image (product) : NULL;
  vitrine_thumbnail_set_picture (self->thumbnail, image, THUMBNAIL_SIZE);
  gtk_widget_set_visible (GTK_WIDGET (self->thumbnail), image != NULL);
  self->dirty = TRUE;
}

static GtkWidget *
create_row_cb (gpointer item,
               gpointer user_data)
{
  VitrineClaimsPaneSection *self = user_data;

  return row_new (self->queue, item);
}

static void move_section_up (VitrineClaimsPane        *pane,
                             VitrineClaimsPaneSection *section);

static void
section_claims_changed_cb (VitrineClaimsPaneSection *self,
                           guint                     position,
                           guint                     removed,
                           guint                     added)
{
  self->dirty = TRUE;
  queue_update (self->pane);

  /* A new claim (not one moved within the queue): the newest activity. */
  if (added > removed)
    move_section_up (self->pane, self);
}

static void
vitrine_claims_pane_section_dispose (GObject *object)
{
  VitrineClaimsPaneSection *self = VITRINE_CLAIMS_PANE_SECTION (object);

  if (self->product != NULL)
    g_signal_handlers_disconnect_by_data (self->product, self);
  g_clear_object (&self->product);
  if (self->claims != NULL)
    g_signal_handlers_disconnect_by_data (self->claims, self);
  /* The rows go now, while the queue they talk to is still there. */
  if (self->list != NULL)
    gtk_list_box_bind_model (self->list, NULL, NULL, NULL, NULL);
  self->list = NULL;
  g_clear_object (&self->claims);
  g_clear_object (&self->queue);

  G_OBJECT_CLASS (vitrine_claims_pane_section_parent_class)->dispose (object);
}

static void
vitrine_claims_pane_section_finalize (GObject *object)
{
  VitrineClaimsPaneSection *self = VITRINE_CLAIMS_PANE_SECTION (object);

  g_free (self->code);

  G_OBJECT_CLASS (vitrine_claims_pane_section_parent_class)->finalize (object);
}

static void
vitrine_claims_pane_section_class_init (VitrineClaimsPaneSectionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = vitrine_claims_pane_section_dispose;
  object_class->finalize = vitrine_claims_pane_section_finalize;
}

static void
vitrine_claims_pane_section_init (VitrineClaimsPaneSection *self)
{
}

static VitrineClaimsPaneSection *
section_new (VitrineClaimsPane *pane,
             const char        *code)
{
  VitrineClaimsPaneSection *self;
  VitrineProduct *product;
  GtkWidget *header;
  GtkWidget *text;
  GtkWidget *line;
  GListModel *claims;

  claims = vitrine_claim_queue_get_product_claims (pane->queue, code);
  if (claims == NULL)
    return NULL;

  self = g_object_new (VITRINE_TYPE_CLAIMS_PANE_SECTION,
                       "orientation", GTK_ORIENTATION_VERTICAL,
                       "spacing", 8,
                       NULL);
  product = pane->catalog != NULL ? vitrine_catalog_find_by_code (pane->catalog, code) : NULL;
  self->pane = pane;
  self->queue = g_object_ref (pane->queue);
  /* As the catalog spells it, whatever the caller's case. */
  self->code = g_strdup (product != NULL ? vitrine_product_get_code (product) : code);
  self->claims = g_object_ref (claims);
  gtk_widget_add_css_class (GTK_WIDGET (self), "claims-section");

  header = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 10);
  gtk_box_append (GTK_BOX (self), header);

  self->thumbnail = GTK_PICTURE (gtk_picture_new ());
  gtk_widget_set_size_request (GTK_WIDGET (self->thumbnail), THUMBNAIL_SIZE, THUMBNAIL_SIZE);
  gtk_widget_set_valign (GTK_WIDGET (self->thumbnail), GTK_ALIGN_CENTER);
  gtk_picture_set_can_shrink (self->thumbnail, TRUE);
  gtk_picture_set_content_fit (self->thumbnail, GTK_CONTENT_FIT_COVER);
  gtk_widget_set_overflow (GTK_WIDGET (self->thumbnail), GTK_OVERFLOW_HIDDEN);
  gtk_widget_add_css_class (GTK_WIDGET (self->thumbnail), "product-thumbnail");
  gtk_widget_set_visible (GTK_WIDGET (self->thumbnail), FALSE);
  gtk_box_append (GTK_BOX (header), GTK_WIDGET (self->thumbnail));

  text = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  gtk_widget_set_hexpand (text, TRUE);
  gtk_widget_set_valign (text, GTK_ALIGN_CENTER);
  gtk_box_append (GTK_BOX (header), text);

  line = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
  gtk_box_append (GTK_BOX (text), line);

  self->code_label = plain_label ("product-code");
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->code_label),
                               _("The product's short code, which viewers type in the chat"));
  gtk_box_append (GTK_BOX (line), GTK_WIDGET (self->code_label));

  self->title_label = plain_label ("product-title");
  gtk_label_set_xalign (self->title_label, 0);
  gtk_label_set_ellipsize (self->title_label, PANGO_ELLIPSIZE_END);
  gtk_widget_set_hexpand (GTK_WIDGET (self->title_label), TRUE);
  gtk_box_append (GTK_BOX (line), GTK_WIDGET (self->title_label));

  self->counts_label = plain_label ("dim-label");
  gtk_label_set_single_line_mode (self->counts_label, FALSE);
  gtk_label_set_wrap (self->counts_label, TRUE);
  gtk_label_set_xalign (self->counts_label, 0);
  gtk_widget_add_css_class (GTK_WIDGET (self->counts_label), "caption");
  gtk_widget_add_css_class (GTK_WIDGET (self->counts_label), "numeric");
  gtk_box_append (GTK_BOX (text), GTK_WIDGET (self->counts_label));

  self->list = GTK_LIST_BOX (gtk_list_box_new ());
  gtk_list_box_set_selection_mode (self->list, GTK_SELECTION_NONE);
  gtk_widget_add_css_class (GTK_WIDGET (self->list), "boxed-list");
  gtk_list_box_bind_model (self->list, claims, create_row_cb, self, NULL);
  gtk_box_append (GTK_BOX (self), GTK_WIDGET (self->list));

  g_signal_connect_object (claims, "items-changed", G_CALLBACK (section_claims_changed_cb),
                           self, G_CONNECT_SWAPPED);
  section_set_product (self, product);
  section_update (self);

  return self;
}

/* ---------------------------------------------------------------------- */
/* The pane: sections, filter, counts                                     */

static char *
code_key (const char *code)
{
  return g_ascii_strup (code, -1);
}

static gboolean
section_is_shown (VitrineClaimsPane        *self,
                  VitrineClaimsPaneSection *section)
{
  if (self->product != NULL)
    return g_ascii_strcasecmp (self->product, section->code) == 0;

  return g_list_model_get_n_items (section->claims) > 0;
}

static void
update_page (VitrineClaimsPane *self)
{
  GListModel *all = self->queue != NULL ? vitrine_claim_queue_get_claims (self->queue) : NULL;
  guint n_claims = all != NULL ? g_list_model_get_n_items (all) : 0;
  guint n_pending = 0;
  gboolean any_shown = FALSE;
  GHashTableIter iter;
  gpointer value;
  g_autofree char *count = NULL;

  g_hash_table_iter_init (&iter, self->sections);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      VitrineClaimsPaneSection *section = value;
      gboolean shown = section_is_shown (self, section);

      gtk_widget_set_visible (GTK_WIDGET (section), shown);
      any_shown |= shown;
    }

  if (self->queue == NULL)
    gtk_stack_set_visible_child_name (self->stack, "no-queue");
  else if (!any_shown)
    gtk_stack_set_visible_child_name (self->stack, "empty");
  else
    gtk_stack_set_visible_child_name (self->stack, "claims");

  if (self->queue != NULL)
    n_pending = vitrine_claim_queue_count (self->queue, NULL, VITRINE_CLAIM_PENDING);

  if (self->queue == NULL)
    count = NULL;
  else if (n_pending > 0 && vitrine_claim_queue_get_mode (self->queue) == VITRINE_CLAIM_MODE_MANUAL)
    /* Translators: beside "Claims": "12 claims, 3 to confirm" */
    count = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u claim, %u to confirm",
                                          "%u claims, %u to confirm", n_claims),
                             n_claims, n_pending);
  else
    /* Translators: beside "Claims": how many claims the show has */
    count = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u claim", "%u claims", n_claims),
                             n_claims);

  gtk_label_set_text (self->count_label, count != NULL ? count : "");
  gtk_widget_set_sensitive (GTK_WIDGET (self->export_button), self->queue != NULL);
  gtk_widget_set_sensitive (GTK_WIDGET (self->product_dropdown), self->codes->len > 0);
}

static gboolean
update_cb (gpointer data)
{
  VitrineClaimsPane *self = data;
  GHashTableIter iter;
  gpointer value;

  self->update_id = 0;

  g_hash_table_iter_init (&iter, self->sections);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    if (VITRINE_CLAIMS_PANE_SECTION (value)->dirty)
      section_update (value);
  update_page (self);

  return G_SOURCE_REMOVE;
}

/* A confirmation changes every claim after it: the headers are counted
 * once for all of them, after the queue is done. */
static void
queue_update (VitrineClaimsPane *self)
{
  if (self->update_id == 0)
    self->update_id = g_idle_add_full (G_PRIORITY_HIGH_IDLE + 20, update_cb, self, NULL);
}

static void
sync_filter (VitrineClaimsPane *self)
{
  guint selected = 0;

  if (self->product != NULL)
    for (guint i = 0; i < self->codes->len; i++)
      if (g_ascii_strcasecmp (g_ptr_array_index (self->codes, i), self->product) == 0)
        selected = i + 1;

  self->syncing = TRUE;
  gtk_drop_down_set_selected (self->product_dropdown, selected);
  self->syncing = FALSE;
}

/* The drop-down lists the products in the order their first claim came,
 * so that its entries do not move while the host picks one. */
static void
rebuild_filter (VitrineClaimsPane *self)
{
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->product_names));

  g_ptr_array_add (names, g_strdup (_("All Products")));
  for (guint i = 0; i < self->codes->len; i++)
    {
      g_autofree char *key = code_key (g_ptr_array_index (self->codes, i));
      VitrineClaimsPaneSection *section = g_hash_table_lookup (self->sections, key);

      g_ptr_array_add (names, section != NULL ? dup_section_title (section)
                                              : g_strdup (g_ptr_array_index (self->codes, i)));
    }
  g_ptr_array_add (names, NULL);

  self->syncing = TRUE;
  gtk_string_list_splice (self->product_names, 0, n, (const char * const *) names->pdata);
  self->syncing = FALSE;
  sync_filter (self);
}

static void
move_section_up (VitrineClaimsPane        *self,
                 VitrineClaimsPaneSection *section)
{
  if (gtk_widget_get_first_child (GTK_WIDGET (self->sections_box)) != GTK_WIDGET (section))
    gtk_box_reorder_child_after (self->sections_box, GTK_WIDGET (section), NULL);
}

static VitrineClaimsPaneSection *
ensure_section (VitrineClaimsPane *self,
                const char        *code)
{
  g_autofree char *key = code_key (code);
  VitrineClaimsPaneSection *section = g_hash_table_lookup (self->sections, key);

  if (section != NULL)
    return section;

  section = section_new (self, code);
  if (section == NULL)
    return NULL;

  g_hash_table_insert (self->sections, g_steal_pointer (&key), section);
  g_ptr_array_add (self->codes, g_strdup (section->code));
  gtk_box_prepend (self->sections_box, GTK_WIDGET (section));
  rebuild_filter (self);

  return section;
}

static void
claims_changed_cb (VitrineClaimsPane *self,
                   guint              position,
                   guint              removed,
                   guint              added,
                   GListModel        *claims)
{
  for (guint i = position; i < position + added; i++)
    {
      g_autoptr(VitrineClaim) claim = g_list_model_get_item (claims, i);

      ensure_section (self, vitrine_claim_get_code (claim));
    }

  queue_update (self);
}

static void
remove_sections (VitrineClaimsPane *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->sections_box))) != NULL)
    gtk_box_remove (self->sections_box, child);
  g_hash_table_remove_all (self->sections);
  g_ptr_array_set_size (self->codes, 0);
}

static void
catalog_changed_cb (VitrineClaimsPane *self)
{
  GHashTableIter iter;
  gpointer value;

  g_hash_table_iter_init (&iter, self->sections);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      VitrineClaimsPaneSection *section = value;

      section_set_product (section, vitrine_catalog_find_by_code (self->catalog, section->code));
      section_update (section);
    }
  rebuild_filter (self);
}

static void
sync_mode (VitrineClaimsPane *self)
{
  gboolean manual = self->queue != NULL &&
                    vitrine_claim_queue_get_mode (self->queue) == VITRINE_CLAIM_MODE_MANUAL;

  self->syncing = TRUE;
  gtk_toggle_button_set_active (manual ? self->manual_button : self->auto_button, TRUE);
  self->syncing = FALSE;
  gtk_widget_set_sensitive (GTK_WIDGET (self->auto_button), self->queue != NULL);
  gtk_widget_set_sensitive (GTK_WIDGET (self->manual_button), self->queue != NULL);
  queue_update (self);
}

static void
mode_toggled_cb (VitrineClaimsPane *self,
                 GtkToggleButton   *button)
{
  if (self->syncing || self->queue == NULL || !gtk_toggle_button_get_active (button))
    return;

  vitrine_claim_queue_set_mode (self->queue,
                                button == self->manual_button ? VITRINE_CLAIM_MODE_MANUAL
                                                              : VITRINE_CLAIM_MODE_AUTO);
}

static void
product_selected_cb (VitrineClaimsPane *self)
{
  guint selected = gtk_drop_down_get_selected (self->product_dropdown);

  if (self->syncing)
    return;

  if (selected == GTK_INVALID_LIST_POSITION || selected == 0 || selected > self->codes->len)
    vitrine_claims_pane_set_product (self, NULL);
  else
    vitrine_claims_pane_set_product (self, g_ptr_array_index (self->codes, selected - 1));
}

/* ---------------------------------------------------------------------- */
/* Messages and export                                                    */

static void
show_message (VitrineClaimsPane *self,
              const char        *message,
              gboolean           error)
{
  gtk_label_set_text (self->message_label, message);
  if (error)
    gtk_widget_add_css_class (GTK_WIDGET (self->message_label), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->message_label), "error");
  gtk_revealer_set_reveal_child (self->message_revealer, TRUE);
}

static void
dismiss_clicked_cb (VitrineClaimsPane *self)
{
  gtk_revealer_set_reveal_child (self->message_revealer, FALSE);
}

typedef struct
{
  VitrineClaimsPane *self;
  GCancellable      *cancellable;
  GFile             *file;
  guint              n_claims;
} Export;

static void
export_free (Export *export)
{
  g_clear_object (&export->self);
  g_clear_object (&export->cancellable);
  g_clear_object (&export->file);
  g_free (export);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Export, export_free)

static void
exported_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(Export) export = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *name = g_file_get_basename (export->file);
  g_autofree char *message = NULL;
  gboolean written;

  written = vitrine_claim_queue_export_csv_finish (VITRINE_CLAIM_QUEUE (object), result, &error);

  /* Another queue since, or the pane is gone: nobody to tell. */
  if (g_cancellable_is_cancelled (export->cancellable))
    return;

  if (!written)
    {
      /* Translators: the claims could not be exported; %s says why */
      message = g_strdup_printf (_("Could not save the claims: %s"), error->message);
      show_message (export->self, message, TRUE);
      return;
    }

  /* Translators: after exporting: "Saved 12 claims to claims.csv" */
  message = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Saved %u claim to “%s”",
                                          "Saved %u claims to “%s”", export->n_claims),
                             export->n_claims, name);
  show_message (export->self, message, FALSE);
}

/**
 * vitrine_claims_pane_export_to_file:
 * @file: where to write the CSV, replaced if it exists
 *
 * Writes every claim of the queue as CSV (see vitrine_claim_queue_to_csv()),
 * without blocking, as "Export CSV…" does once the host has picked a file;
 * the pane then says where it saved them, or why it could not.
 */
void
vitrine_claims_pane_export_to_file (VitrineClaimsPane *self,
                                    GFile             *file)
{
  Export *export;

  g_return_if_fail (VITRINE_IS_CLAIMS_PANE (self));
  g_return_if_fail (G_IS_FILE (file));

  if (self->queue == NULL)
    return;

  export = g_new0 (Export, 1);
  export->self = g_object_ref (self);
  export->cancellable = g_object_ref (self->cancellable);
  export->file = g_object_ref (file);
  export->n_claims = g_list_model_get_n_items (vitrine_claim_queue_get_claims (self->queue));

  gtk_revealer_set_reveal_child (self->message_revealer, FALSE);
  vitrine_claim_queue_export_csv_async (self->queue, file, self->cancellable, exported_cb, export);
}

static void
chooser_response_cb (VitrineClaimsPane *self,
                     int                response,
                     GtkNativeDialog   *chooser)
{
  g_autoptr(GFile) file = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));

  gtk_native_dialog_destroy (chooser);
  g_clear_object (&self->chooser);

  if (file != NULL)
    vitrine_claims_pane_export_to_file (self, file);
}

static void
export_clicked_cb (VitrineClaimsPane *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *name = NULL;

  if (self->queue == NULL || self->chooser != NULL)
    return;

  self->chooser = gtk_file_chooser_native_new (_("Export Claims"),
                                               GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                               GTK_FILE_CHOOSER_ACTION_SAVE,
                                               _("_Export"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->chooser), TRUE);

  gtk_file_filter_set_name (filter, _("CSV spreadsheets"));
  gtk_file_filter_add_pattern (filter, "*.csv");
  gtk_file_filter_add_mime_type (filter, "text/csv");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->chooser), filter);

  /* Translators: the suggested file name of the claims' export; keep the date format */
  name = g_date_time_format (now, _("claims-%Y-%m-%d.csv"));
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (self->chooser), name);

  g_signal_connect_object (self->chooser, "response", G_CALLBACK (chooser_response_cb), self,
                           G_CONNECT_SWAPPED);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

/* ---------------------------------------------------------------------- */
/* API                                                                    */

/**
 * vitrine_claims_pane_set_queue:
 * @queue: (nullable): the claims to show, or %NULL for none
 *
 * Shows @queue's claims, by product. The products' titles, pictures and
 * stock come from the queue's catalog (vitrine_claim_queue_get_catalog()).
 */
void
vitrine_claims_pane_set_queue (VitrineClaimsPane *self,
                               VitrineClaimQueue *queue)
{
  VitrineCatalog *catalog;
  GListModel *claims;
  guint n;

  g_return_if_fail (VITRINE_IS_CLAIMS_PANE (self));
  g_return_if_fail (!queue || VITRINE_IS_CLAIM_QUEUE (queue));

  if (self->queue == queue)
    return;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();

  if (self->queue != NULL)
    {
      g_signal_handlers_disconnect_by_data (vitrine_claim_queue_get_claims (self->queue), self);
      g_signal_handlers_disconnect_by_data (self->queue, self);
    }
  if (self->catalog != NULL)
    g_signal_handlers_disconnect_by_data (self->catalog, self);
  remove_sections (self);
  g_clear_pointer (&self->product, g_free);
  gtk_revealer_set_reveal_child (self->message_revealer, FALSE);

  g_set_object (&self->queue, queue);
  catalog = queue != NULL ? vitrine_claim_queue_get_catalog (queue) : NULL;
  g_set_object (&self->catalog, catalog);

  if (queue != NULL)
    {
      claims = vitrine_claim_queue_get_claims (queue);
      g_signal_connect_object (claims, "items-changed", G_CALLBACK (claims_changed_cb), self,
                               G_CONNECT_SWAPPED);
      g_signal_connect_object (queue, "notify::mode", G_CALLBACK (sync_mode), self,
                               G_CONNECT_SWAPPED);
      g_signal_connect_object (self->catalog, "items-changed", G_CALLBACK (catalog_changed_cb),
                               self, G_CONNECT_SWAPPED);

      /* In platform-time order, each product's newest claim moving it up:
       * the product claimed last ends on top. */
      n = g_list_model_get_n_items (claims);
      for (guint i = 0; i < n; i++)
        {
          g_autoptr(VitrineClaim) claim = g_list_model_get_item (claims, i);
          VitrineClaimsPaneSection *section = ensure_section (self, vitrine_claim_get_code (claim));

          if (section != NULL)
            move_section_up (self, section);
        }
    }

  rebuild_filter (self);
  sync_mode (self);
  update_page (self);

  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_QUEUE]);
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_PRODUCT]);
}

/**
 * vitrine_claims_pane_get_queue:
 *
 * Returns: (transfer none) (nullable): the claims shown
 */
VitrineClaimQueue *
vitrine_claims_pane_get_queue (VitrineClaimsPane *self)
{
  g_return_val_if_fail (VITRINE_IS_CLAIMS_PANE (self), NULL);

  return self->queue;
}

/**
 * vitrine_claims_pane_set_product:
 * @code: (nullable): a product's short code, or %NULL for every product
 *
 * Shows only the claims of one product (even before it has any), as
 * choosing it in the pane's drop-down does.
 */
void
vitrine_claims_pane_set_product (VitrineClaimsPane *self,
                                 const char        *code)
{
  g_return_if_fail (VITRINE_IS_CLAIMS_PANE (self));

  if (code != NULL && code[0] == '\0')
    code = NULL;
  if (g_strcmp0 (self->product, code) == 0)
    return;

  g_free (self->product);
  self->product = g_strdup (code);

  if (code != NULL && self->queue != NULL)
    {
      VitrineClaimsPaneSection *section = ensure_section (self, code);

      /* As the catalog spells it, so the drop-down finds it. */
      if (section != NULL)
        {
          g_free (self->product);
          self->product = g_strdup (section->code);
        }
    }

  sync_filter (self);
  update_page (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_PRODUCT]);
}

/**
 * vitrine_claims_pane_get_product:
 *
 * Returns: (nullable): the code of the product shown alone, or %NULL
 */
const char *
vitrine_claims_pane_get_product (VitrineClaimsPane *self)
{
  g_return_val_if_fail (VITRINE_IS_CLAIMS_PANE (self), NULL);

  return self->product;
}

/* ---------------------------------------------------------------------- */
/* GObject                                                                */

static void
vitrine_claims_pane_dispose (GObject *object)
{
  VitrineClaimsPane *self = VITRINE_CLAIMS_PANE (object);

  g_clear_handle_id (&self->update_id, g_source_remove);
  g_cancellable_cancel (self->cancellable);
  if (self->chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
  g_clear_object (&self->chooser);
  if (self->queue != NULL)
    {
      g_signal_handlers_disconnect_by_data (vitrine_claim_queue_get_claims (self->queue), self);
      g_signal_handlers_disconnect_by_data (self->queue, self);
    }
  if (self->catalog != NULL)
    g_signal_handlers_disconnect_by_data (self->catalog, self);
  if (self->sections_box != NULL)
    remove_sections (self);
  g_clear_object (&self->queue);
  g_clear_object (&self->catalog);

  gtk_widget_dispose_template (GTK_WIDGET (self), VITRINE_TYPE_CLAIMS_PANE);

  G_OBJECT_CLASS (vitrine_claims_pane_parent_class)->dispose (object);
}

static void
vitrine_claims_pane_finalize (GObject *object)
{
  VitrineClaimsPane *self = VITRINE_CLAIMS_PANE (object);

  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->sections, g_hash_table_unref);
  g_clear_pointer (&self->codes, g_ptr_array_unref);
  g_free (self->product);

  G_OBJECT_CLASS (vitrine_claims_pane_parent_class)->finalize (object);
}

static void
vitrine_claims_pane_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  VitrineClaimsPane *self = VITRINE_CLAIMS_PANE (object);

  switch (prop_id)
    {
    case PROP_QUEUE:
      g_value_set_object (value, self->queue);
      break;

    case PROP_PRODUCT:
      g_value_set_string (value, self->product);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vitrine_claims_pane_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  VitrineClaimsPane *self = VITRINE_CLAIMS_PANE (object);

  switch (prop_id)
    {
    case PROP_QUEUE:
      vitrine_claims_pane_set_queue (self, g_value_get_object (value));
      break;

    case PROP_PRODUCT:
      vitrine_claims_pane_set_product (self, g_value_get_string (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vitrine_claims_pane_class_init (VitrineClaimsPaneClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = vitrine_claims_pane_dispose;
  object_class->finalize = vitrine_claims_pane_finalize;
  object_class->get_property = vitrine_claims_pane_get_property;
  object_class->set_property = vitrine_claims_pane_set_property;

  /**
   * VitrineClaimsPane:queue:
   *
   * The claims shown, or %NULL.
   */
  properties [PROP_QUEUE] =
    g_param_spec_object ("queue", NULL, NULL, VITRINE_TYPE_CLAIM_QUEUE,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  /**
   * VitrineClaimsPane:product:
   *
   * The code of the product whose claims are shown alone, or %NULL for
   * every product.
   */
  properties [PROP_PRODUCT] =
    g_param_spec_string ("product", NULL, NULL, NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PREFIX "/ui/vitrine-claims-pane.ui");
  gtk_widget_class_bind_template_child (widget_class, VitrineClaimsPane, count_label);
  gtk_widget_class_bind_template_child (widget_class, VitrineClaimsPane, auto_button);
  gtk_widget_class_bind_template_child (widget_class, VitrineClaimsPane, manual_button);
  gtk_widget_class_bind_template_child (widget_class, VitrineClaimsPane, product_dropdown);
  gtk_widget_class_bind_template_child (widget_class, VitrineClaimsPane, product_names);
  gtk_widget_class_bind_template_child (widget_class, VitrineClaimsPane, export_button);
  gtk_widget_class_bind_template_child (widget_class, VitrineClaimsPane, message_revealer);
  gtk_widget_class_bind_template_child (widget_class, VitrineClaimsPane, message_label);
  gtk_widget_class_bind_template_child (widget_class, VitrineClaimsPane, stack);
  gtk_widget_class_bind_template_child (widget_class, VitrineClaimsPane, empty_label);
  gtk_widget_class_bind_template_child (widget_class, VitrineClaimsPane, sections_box);
  gtk_widget_class_bind_template_callback (widget_class, mode_toggled_cb);
  gtk_widget_class_bind_template_callback (widget_class, product_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, export_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, dismiss_clicked_cb);
}

static void
vitrine_claims_pane_init (VitrineClaimsPane *self)
{
  self->sections = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->codes = g_ptr_array_new_with_free_func (g_free);
  self->cancellable = g_cancellable_new ();

  gtk_widget_init_template (GTK_WIDGET (self));

  rebuild_filter (self);
  sync_mode (self);
  update_page (self);
}

/**
 * vitrine_claims_pane_new:
 *
 * Returns: (transfer floating): a pane for the show's claims
 */
GtkWidget *
vitrine_claims_pane_new (void)
{
  return g_object_new (VITRINE_TYPE_CLAIMS_PANE, NULL);
}
