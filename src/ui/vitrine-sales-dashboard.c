/* vitrine-sales-dashboard.c
 *
 * Copyright 2026 The Vitrine developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The show's figures as the journal sums them up (vitrine_journal_get_summary()):
 * revenue per currency, orders, units, the products that sold most, each
 * shop platform, claims by state, comments per platform and paid messages.
 *
 * Money is shown per currency, as the journal keeps it: amounts in two
 * currencies are listed side by side and never added up, since no rate
 * would be right. Every amount goes through vitrine_money_format().
 *
 * The summary is read without blocking (the journal's worker thread), when
 * asked to (vitrine_sales_dashboard_queue_refresh(), after an order or a
 * claim; a burst of them is one read half a second later) and every five
 * seconds while the dashboard is on screen. One read at a time: a request
 * while one runs is served by one more read after it. A journal that
 * cannot be read leaves the last figures up and says why in one line. */

#define G_LOG_DOMAIN "vitrine-sales-dashboard"

#include "config.h"

#include <glib/gi18n.h>

#include "vitrine-feed-row.h"
#include "vitrine-sales-dashboard.h"

/* A burst of orders or claims is one read, this long after the first. */
#define REFRESH_DELAY_MS 500

/* While on screen, the figures are read again this often. */
#define REFRESH_INTERVAL_S 5

#define MAX_TOP_PRODUCTS 10

struct _VitrineSalesDashboard
{
  GtkBox                parent_instance;

  VitrineJournal       *journal;
  VitrineCatalog       *catalog;
  JsonNode             *summary;
  GCancellable         *cancellable;   /* the current journal's reads and exports */
  GtkFileChooserNative *chooser;
  VitrineJournalTable   chooser_table;
  guint                 delay_id;
  guint                 interval_id;
  gboolean              reading;
  gboolean              read_again;

  /* Template children */
  GtkLabel             *updated_label;
  GtkButton            *export_feed_button;
  GtkButton            *export_claims_button;
  GtkLabel             *error_label;
  GtkRevealer          *message_revealer;
  GtkLabel             *message_label;
  GtkStack             *stack;
  GtkBox               *revenue_box;
  GtkLabel             *orders_label;
  GtkLabel             *units_label;
  GtkListBox           *products_list;
  GtkLabel             *no_products_label;
  GtkListBox           *platforms_list;
  GtkLabel             *no_platforms_label;
  GtkLabel             *claims_label;
  GtkListBox           *comments_list;
  GtkLabel             *no_comments_label;
  GtkLabel             *paid_label;
};

G_DEFINE_FINAL_TYPE (VitrineSalesDashboard, vitrine_sales_dashboard, GTK_TYPE_BOX)

enum {
  PROP_0,
  PROP_JOURNAL,
  PROP_CATALOG,
  N_PROPS
};

static GParamSpec *properties [N_PROPS];

static void refresh_now (VitrineSalesDashboard *self);

/* ---------------------------------------------------------------------- */
/* Reading the summary                                                    */

static JsonArray *
get_array (JsonObject *object,
           const char *member)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, member) : NULL;

  return node != NULL && JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL;
}

static JsonObject *
get_element (JsonArray *array,
             guint      index)
{
  JsonNode *node = json_array_get_element (array, index);

  return JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
}

static gint64
get_int (JsonObject *object,
         const char *member)
{
  return object != NULL ? json_object_get_int_member_with_default (object, member, 0) : 0;
}

static const char *
get_string (JsonObject *object,
            const char *member)
{
  return object != NULL ? json_object_get_string_member_with_default (object, member, NULL)
                        : NULL;
}

static char *
format_count (gint64 count)
{
  return g_strdup_printf ("%" G_GINT64_FORMAT, count);
}

/* An amount in a currency Vitrine does not know (a shop that sent none):
 * its minor units and whatever the shop called the currency, rather than
 * nothing. */
static char *
format_money (const char *currency,
              gint64      amount)
{
  VitrineMoney money;
  char *text = NULL;

  if (currency != NULL && vitrine_money_init (&money, amount, currency))
    text = vitrine_money_format (&money, NULL);
  if (text == NULL)
    text = g_strdup_printf ("%" G_GINT64_FORMAT " %s", amount,
                            currency != NULL && currency[0] != '\0' ? currency : "?");

  return text;
}

/* "€33.74 · $58.00": each currency on its own, never summed. */
static char *
format_revenue (JsonArray *revenue)
{
  g_autoptr(GPtrArray) parts = g_ptr_array_new_with_free_func (g_free);
  guint n = revenue != NULL ? json_array_get_length (revenue) : 0;

  for (guint i = 0; i < n; i++)
    {
      JsonObject *entry = get_element (revenue, i);

      if (entry != NULL)
        g_ptr_array_add (parts, format_money (get_string (entry, "currency"),
                                              get_int (entry, "amount")));
    }

  if (parts->len == 0)
    return g_strdup ("—");

  g_ptr_array_add (parts, NULL);
  /* Translators: between amounts in different currencies: "€33.74 · $58.00" */
  return g_strjoinv (_(" · "), (char **) parts->pdata);
}

static char *
format_units (gint64 units)
{
  g_autofree char *count = format_count (units);

  /* Translators: how many items of a product or platform sold: "4 units" */
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s unit", "%s units",
                                       (gulong) CLAMP (units, 0, G_MAXLONG)),
                          count);
}

static char *
format_orders (gint64 orders)
{
  g_autofree char *count = format_count (orders);

  /* Translators: how many orders a platform had: "2 orders" */
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s order", "%s orders",
                                       (gulong) CLAMP (orders, 0, G_MAXLONG)),
                          count);
}

/* ---------------------------------------------------------------------- */
/* Showing it                                                             */

static GtkWidget *
new_label (const char *text,
           const char *css_class)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_use_markup (GTK_LABEL (label), FALSE);
  gtk_label_set_use_underline (GTK_LABEL (label), FALSE);
  gtk_widget_set_valign (label, GTK_ALIGN_CENTER);
  if (css_class != NULL)
    gtk_widget_add_css_class (label, css_class);

  return label;
}

static void
clear_box (GtkWidget *box)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (box)) != NULL)
    {
      if (GTK_IS_LIST_BOX (box))
        gtk_list_box_remove (GTK_LIST_BOX (box), child);
      else
        gtk_box_remove (GTK_BOX (box), child);
    }
}

/* A read-only row: the list is to be read, not acted on. */
static GtkWidget *
append_row (GtkListBox *list)
{
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);

  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
  gtk_widget_set_margin_top (box, 8);
  gtk_widget_set_margin_bottom (box, 8);
  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 12);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  gtk_list_box_append (list, row);

  return box;
}

static GtkWidget *
platform_pill (const char *platform)
{
  GtkWidget *pill = new_label (vitrine_feed_platform_name (platform), "platform-pill");

  gtk_label_set_single_line_mode (GTK_LABEL (pill), TRUE);
  gtk_widget_add_css_class (pill, vitrine_feed_platform_css_class (platform));

  return pill;
}

/* The product a summary line names: its code, else its SKU, else its title
 * as the shop wrote it. */
static VitrineProduct *
find_product (VitrineSalesDashboard *self,
              const char            *key)
{
  VitrineProduct *product;

  if (self->catalog == NULL || key == NULL || key[0] == '\0')
    return NULL;

  product = vitrine_catalog_find_by_code (self->catalog, key);
  if (product == NULL)
    product = vitrine_catalog_find_by_sku (self->catalog, key, NULL);

  return product;
}

static int
compare_products (gconstpointer a,
                  gconstpointer b)
{
  JsonObject *x = *(JsonObject **) a;
  JsonObject *y = *(JsonObject **) b;
  gint64 ux = get_int (x, "units");
  gint64 uy = get_int (y, "units");

  if (ux != uy)
    return ux > uy ? -1 : 1;

  return g_strcmp0 (get_string (x, "product"), get_string (y, "product"));
}

static void
show_products (VitrineSalesDashboard *self,
               JsonArray             *products,
               gint64                *units)
{
  g_autoptr(GPtrArray) sorted = g_ptr_array_new ();
  guint n = products != NULL ? json_array_get_length (products) : 0;

  *units = 0;
  for (guint i = 0; i < n; i++)
    {
      JsonObject *product = get_element (products, i);

      if (product == NULL)
        continue;
      *units += get_int (product, "units");
      g_ptr_array_add (sorted, product);
    }
  g_ptr_array_sort (sorted, compare_products);

  clear_box (GTK_WIDGET (self->products_list));
  for (guint i = 0; i < sorted->len && i < MAX_TOP_PRODUCTS; i++)
    {
      JsonObject *line = g_ptr_array_index (sorted, i);
      const char *key = get_string (line, "product");
      VitrineProduct *product = find_product (self, key);
      const char *title = product != NULL ? vitrine_product_get_title (product) : NULL;
      g_autofree char *units_text = format_units (get_int (line, "units"));
      g_autofree char *revenue = format_revenue (get_array (line, "revenue"));
      GtkWidget *box = append_row (self->products_list);
      GtkWidget *text = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
      GtkWidget *label;

      if (product != NULL)
        {
          label = new_label (vitrine_product_get_code (product), "product-code");
          /* The titles line up whatever the codes' lengths. */
          gtk_label_set_width_chars (GTK_LABEL (label), 4);
          gtk_box_append (GTK_BOX (box), label);
        }

      gtk_widget_set_hexpand (text, TRUE);
      gtk_box_append (GTK_BOX (box), text);

      /* Translators: a product the shop sold that has no name */
      label = new_label (title != NULL && title[0] != '\0' ? title
                         : key != NULL && key[0] != '\0' ? key : _("Unnamed product"),
                         "product-title");
      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
      gtk_widget_set_tooltip_text (label, gtk_label_get_text (GTK_LABEL (label)));
      gtk_box_append (GTK_BOX (text), label);

      label = new_label (units_text, "dim-label");
      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_widget_add_css_class (label, "caption");
      gtk_widget_add_css_class (label, "numeric");
      gtk_box_append (GTK_BOX (text), label);

      label = new_label (revenue, "numeric");
      gtk_label_set_xalign (GTK_LABEL (label), 1);
      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_widget_add_css_class (label, "product-price");
      gtk_box_append (GTK_BOX (box), label);
    }

  gtk_widget_set_visible (GTK_WIDGET (self->products_list), sorted->len > 0);
  gtk_widget_set_visible (GTK_WIDGET (self->no_products_label), sorted->len == 0);
}

static void
show_platforms (VitrineSalesDashboard *self,
                JsonArray             *platforms)
{
  guint n = platforms != NULL ? json_array_get_length (platforms) : 0;
  guint shown = 0;

  clear_box (GTK_WIDGET (self->platforms_list));
  for (guint i = 0; i < n; i++)
    {
      JsonObject *platform = get_element (platforms, i);
      g_autofree char *orders = NULL;
      g_autofree char *units = NULL;
      g_autofree char *counts = NULL;
      g_autofree char *revenue = NULL;
      GtkWidget *box;
      GtkWidget *label;

      if (platform == NULL)
        continue;

      orders = format_orders (get_int (platform, "orders"));
      units = format_units (get_int (platform, "units"));
      /* Translators: a shop platform's figures: "2 orders · 5 units" */
      counts = g_strdup_printf (_("%s · %s"), orders, units);
      revenue = format_revenue (get_array (platform, "revenue"));

      box = append_row (self->platforms_list);
      gtk_box_append (GTK_BOX (box), platform_pill (get_string (platform, "platform")));

      label = new_label (counts, "numeric");
      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
      gtk_widget_set_hexpand (label, TRUE);
      gtk_box_append (GTK_BOX (box), label);

      label = new_label (revenue, "numeric");
      gtk_label_set_xalign (GTK_LABEL (label), 1);
      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_widget_add_css_class (label, "product-price");
      gtk_box_append (GTK_BOX (box), label);
      shown++;
    }

  gtk_widget_set_visible (GTK_WIDGET (self->platforms_list), shown > 0);
  gtk_widget_set_visible (GTK_WIDGET (self->no_platforms_label), shown == 0);
}

/* The claim queue's states, in the order a host reads them. */
typedef enum
{
  CLAIMS_CONFIRMED,
  CLAIMS_PENDING,
  CLAIMS_WAITLISTED,
  CLAIMS_REJECTED,
  N_CLAIM_STATES
} ClaimState;

static int
claim_state_from_name (const char *name)
{
  if (g_strcmp0 (name, "confirmed") == 0)
    return CLAIMS_CONFIRMED;
  /* The queue says "pending"; the journal's first writers said "queued". */
  if (g_strcmp0 (name, "pending") == 0 || g_strcmp0 (name, "queued") == 0)
    return CLAIMS_PENDING;
  if (g_strcmp0 (name, "waitlisted") == 0)
    return CLAIMS_WAITLISTED;
  if (g_strcmp0 (name, "rejected") == 0)
    return CLAIMS_REJECTED;
  return -1;
}

static char *
format_claims (ClaimState state,
               gint64     count)
{
  g_autofree char *number = format_count (count);
  gulong n = (gulong) CLAMP (count, 0, G_MAXLONG);

  switch (state)
    {
    case CLAIMS_CONFIRMED:
      /* Translators: claims counted on the sales dashboard: "10 confirmed" */
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s confirmed", "%s confirmed", n),
                              number);

    case CLAIMS_PENDING:
      /* Translators: claims within stock not confirmed yet: "2 pending" */
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s pending", "%s pending", n),
                              number);

    case CLAIMS_WAITLISTED:
      /* Translators: claims beyond the stock: "40 waitlisted" */
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s waitlisted", "%s waitlisted", n),
                              number);

    case CLAIMS_REJECTED:
      /* Translators: claims the host refused: "3 rejected" */
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s rejected", "%s rejected", n),
                              number);

    case N_CLAIM_STATES:
    default:
      g_assert_not_reached ();
    }
}

static void
show_claims (VitrineSalesDashboard *self,
             JsonArray             *claims)
{
  g_autoptr(GPtrArray) parts = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) others = g_ptr_array_new_with_free_func (g_free);
  guint n = claims != NULL ? json_array_get_length (claims) : 0;
  gint64 counts[N_CLAIM_STATES] = { 0, };
  g_autofree char *text = NULL;

  for (guint i = 0; i < n; i++)
    {
      JsonObject *entry = get_element (claims, i);
      const char *name = get_string (entry, "state");
      gint64 count = get_int (entry, "count");
      int state = claim_state_from_name (name);

      if (entry == NULL || count <= 0)
        continue;

      if (state >= 0)
        {
          counts[state] += count;
        }
      else
        {
          g_autofree char *number = format_count (count);

          /* Translators: claims in a state Vitrine has no words for: "3 held" */
          g_ptr_array_add (others, g_strdup_printf (C_("claims", "%s %s"), number,
                                                    name != NULL ? name : "?"));
        }
    }

  for (int state = 0; state < N_CLAIM_STATES; state++)
    if (counts[state] > 0)
      g_ptr_array_add (parts, format_claims (state, counts[state]));
  for (guint i = 0; i < others->len; i++)
    g_ptr_array_add (parts, g_strdup (g_ptr_array_index (others, i)));

  if (parts->len == 0)
    {
      gtk_label_set_text (self->claims_label, _("No claims yet"));
      return;
    }

  g_ptr_array_add (parts, NULL);
  text = g_strjoinv (_(" · "), (char **) parts->pdata);
  gtk_label_set_text (self->claims_label, text);
}

static void
show_comments (VitrineSalesDashboard *self,
               JsonArray             *comments)
{
  guint n = comments != NULL ? json_array_get_length (comments) : 0;
  guint shown = 0;

  clear_box (GTK_WIDGET (self->comments_list));
  for (guint i = 0; i < n; i++)
    {
      JsonObject *entry = get_element (comments, i);
      gint64 count = get_int (entry, "count");
      gint64 removed = get_int (entry, "removed");
      g_autofree char *number = NULL;
      g_autofree char *text = NULL;
      GtkWidget *box;
      GtkWidget *label;

      if (entry == NULL)
        continue;

      number = format_count (count);
      /* Translators: chat messages on one platform: "512 comments" */
      text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s comment", "%s comments",
                                           (gulong) CLAMP (count, 0, G_MAXLONG)),
                              number);

      box = append_row (self->comments_list);
      gtk_box_append (GTK_BOX (box), platform_pill (get_string (entry, "platform")));

      label = new_label (text, "numeric");
      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_widget_set_hexpand (label, TRUE);
      gtk_box_append (GTK_BOX (box), label);

      if (removed > 0)
        {
          g_autofree char *removed_number = format_count (removed);
          g_autofree char *removed_text = NULL;

          /* Translators: comments deleted, banned or hidden since: "3 removed" */
          removed_text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s removed",
                                                       "%s removed",
                                                       (gulong) CLAMP (removed, 0, G_MAXLONG)),
                                          removed_number);
          label = new_label (removed_text, "dim-label");
          gtk_widget_add_css_class (label, "numeric");
          gtk_widget_set_tooltip_text (label,
                                       _("Deleted or banned on the platform, or hidden by you"));
          gtk_box_append (GTK_BOX (box), label);
        }
      shown++;
    }

  gtk_widget_set_visible (GTK_WIDGET (self->comments_list), shown > 0);
  gtk_widget_set_visible (GTK_WIDGET (self->no_comments_label), shown == 0);
}

static void
show_paid (VitrineSalesDashboard *self,
           JsonArray             *paid)
{
  g_autoptr(GPtrArray) lines = g_ptr_array_new_with_free_func (g_free);
  guint n = paid != NULL ? json_array_get_length (paid) : 0;
  g_autofree char *text = NULL;

  for (guint i = 0; i < n; i++)
    {
      JsonObject *entry = get_element (paid, i);
      gint64 count = get_int (entry, "count");
      g_autofree char *money = NULL;
      g_autofree char *number = NULL;

      if (entry == NULL)
        continue;

      money = format_money (get_string (entry, "currency"), get_int (entry, "amount"));
      number = format_count (count);
      /* Translators: paid messages in one currency: "$15.00 from 3 messages" */
      g_ptr_array_add (lines,
                       g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s from %s message",
                                                     "%s from %s messages",
                                                     (gulong) CLAMP (count, 0, G_MAXLONG)),
                                        money, number));
    }

  if (lines->len == 0)
    {
      gtk_label_set_text (self->paid_label, _("No paid messages yet"));
      return;
    }

  g_ptr_array_add (lines, NULL);
  text = g_strjoinv ("\n", (char **) lines->pdata);
  gtk_label_set_text (self->paid_label, text);
}

static void
show_revenue (VitrineSalesDashboard *self,
              JsonArray             *totals)
{
  guint n = totals != NULL ? json_array_get_length (totals) : 0;
  guint shown = 0;

  clear_box (GTK_WIDGET (self->revenue_box));
  for (guint i = 0; i < n; i++)
    {
      JsonObject *entry = get_element (totals, i);
      g_autofree char *money = NULL;
      g_autofree char *orders = NULL;
      g_autofree char *tooltip = NULL;
      GtkWidget *label;

      if (entry == NULL)
        continue;

      money = format_money (get_string (entry, "currency"), get_int (entry, "amount"));
      orders = format_orders (get_int (entry, "orders"));
      /* Translators: the tooltip of a revenue figure: "From 2 orders, tax and shipping included" */
      tooltip = g_strdup_printf (_("From %s, tax and shipping included"), orders);

      label = new_label (money, "title-2");
      gtk_widget_add_css_class (label, "numeric");
      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_widget_set_tooltip_text (label, tooltip);
      gtk_box_append (self->revenue_box, label);
      shown++;
    }

  if (shown == 0)
    gtk_box_append (self->revenue_box, new_label ("—", "title-2"));
}

static void
show_summary (VitrineSalesDashboard *self)
{
  JsonObject *summary = self->summary != NULL && JSON_NODE_HOLDS_OBJECT (self->summary)
                        ? json_node_get_object (self->summary) : NULL;
  g_autofree char *orders = format_count (get_int (summary, "orders"));
  g_autofree char *units_text = NULL;
  gint64 units = 0;

  show_revenue (self, get_array (summary, "order_totals"));
  show_products (self, get_array (summary, "products"), &units);
  show_platforms (self, get_array (summary, "platforms"));
  show_claims (self, get_array (summary, "claims"));
  show_comments (self, get_array (summary, "comments"));
  show_paid (self, get_array (summary, "paid"));

  units_text = format_count (units);
  gtk_label_set_text (self->orders_label, orders);
  gtk_label_set_text (self->units_label, units_text);
}

static void
update_page (VitrineSalesDashboard *self)
{
  gboolean has_journal = self->journal != NULL;

  gtk_stack_set_visible_child_name (self->stack, has_journal ? "summary" : "no-journal");
  gtk_widget_set_sensitive (GTK_WIDGET (self->export_feed_button), has_journal);
  gtk_widget_set_sensitive (GTK_WIDGET (self->export_claims_button), has_journal);
  if (!has_journal)
    {
      gtk_label_set_text (self->updated_label, "");
      gtk_widget_set_visible (GTK_WIDGET (self->error_label), FALSE);
    }
}

/* ---------------------------------------------------------------------- */
/* Refreshing                                                             */

typedef struct
{
  VitrineSalesDashboard *self;
  GCancellable          *cancellable;
} Read;

static void
read_free (Read *read)
{
  g_clear_object (&read->self);
  g_clear_object (&read->cancellable);
  g_free (read);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Read, read_free)

static gboolean
delay_cb (gpointer data)
{
  VitrineSalesDashboard *self = data;

  self->delay_id = 0;
  refresh_now (self);

  return G_SOURCE_REMOVE;
}

static void
summary_read_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(Read) read = user_data;
  VitrineSalesDashboard *self = read->self;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) summary = NULL;
  g_autoptr(GDateTime) now = NULL;
  g_autofree char *time = NULL;
  g_autofree char *updated = NULL;

  summary = vitrine_journal_get_summary_finish (VITRINE_JOURNAL (object), result, &error);

  /* Another journal since, or the dashboard is gone: not ours to show. */
  if (g_cancellable_is_cancelled (read->cancellable) || read->cancellable != self->cancellable)
    return;

  self->reading = FALSE;

  if (summary == NULL)
    {
      g_autofree char *message = NULL;

      /* Translators: the sales figures could not be read; %s says why */
      message = g_strdup_printf (_("Could not read the sales figures: %s"), error->message);
      gtk_label_set_text (self->error_label, message);
      gtk_widget_set_visible (GTK_WIDGET (self->error_label), TRUE);
    }
  else
    {
      gtk_widget_set_visible (GTK_WIDGET (self->error_label), FALSE);
      if (self->summary == NULL || !json_node_equal (self->summary, summary))
        {
          g_clear_pointer (&self->summary, json_node_unref);
          self->summary = g_steal_pointer (&summary);
          show_summary (self);
        }

      now = g_date_time_new_now_local ();
      time = g_date_time_format (now, "%X");
      /* Translators: when the sales figures were last read: "Updated 19:02:13" */
      updated = g_strdup_printf (_("Updated %s"), time);
      gtk_label_set_text (self->updated_label, updated);
    }

  if (self->read_again)
    {
      self->read_again = FALSE;
      vitrine_sales_dashboard_queue_refresh (self);
    }
}

static void
refresh_now (VitrineSalesDashboard *self)
{
  Read *read;

  g_clear_handle_id (&self->delay_id, g_source_remove);

  if (self->journal == NULL)
    return;

  /* What changed since the read in flight began is in the next one. */
  if (self->reading)
    {
      self->read_again = TRUE;
      return;
    }

  read = g_new0 (Read, 1);
  read->self = g_object_ref (self);
  read->cancellable = g_object_ref (self->cancellable);
  self->reading = TRUE;
  vitrine_journal_get_summary_async (self->journal, self->cancellable, summary_read_cb, read);
}

static gboolean
interval_cb (gpointer data)
{
  refresh_now (data);

  return G_SOURCE_CONTINUE;
}

/**
 * vitrine_sales_dashboard_queue_refresh:
 *
 * Reads the figures again soon: half a second after the first of a burst
 * of calls. Call it when an order or a claim is recorded. While the
 * dashboard is not on screen, nothing is read; it reads when shown.
 */
void
vitrine_sales_dashboard_queue_refresh (VitrineSalesDashboard *self)
{
  g_return_if_fail (VITRINE_IS_SALES_DASHBOARD (self));

  if (self->journal == NULL || !gtk_widget_get_mapped (GTK_WIDGET (self)))
    return;

  if (self->delay_id == 0)
    {
      self->delay_id = g_timeout_add (REFRESH_DELAY_MS, delay_cb, self);
      g_source_set_name_by_id (self->delay_id, "[vitrine] sales dashboard refresh");
    }
}

static void
map_cb (VitrineSalesDashboard *self)
{
  refresh_now (self);

  if (self->interval_id == 0)
    {
      self->interval_id = g_timeout_add_seconds (REFRESH_INTERVAL_S, interval_cb, self);
      g_source_set_name_by_id (self->interval_id, "[vitrine] sales dashboard interval");
    }
}

static void
unmap_cb (VitrineSalesDashboard *self)
{
  g_clear_handle_id (&self->interval_id, g_source_remove);
  g_clear_handle_id (&self->delay_id, g_source_remove);
}

/* ---------------------------------------------------------------------- */
/* Export                                                                 */

typedef struct
{
  VitrineSalesDashboard *self;
  GCancellable          *cancellable;
  GFile                 *file;
  VitrineJournalTable    table;
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
show_message (VitrineSalesDashboard *self,
              const char            *message,
              gboolean               error)
{
  gtk_label_set_text (self->message_label, message);
  if (error)
    gtk_widget_add_css_class (GTK_WIDGET (self->message_label), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->message_label), "error");
  gtk_revealer_set_reveal_child (self->message_revealer, TRUE);
}

static void
dismiss_clicked_cb (VitrineSalesDashboard *self)
{
  gtk_revealer_set_reveal_child (self->message_revealer, FALSE);
}

static void
exported_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(Export) export = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *name = g_file_get_basename (export->file);
  g_autofree char *message = NULL;
  gboolean feed = export->table == VITRINE_JOURNAL_TABLE_ITEMS;

  if (!vitrine_journal_export_csv_finish (VITRINE_JOURNAL (object), result, &error))
    {
      if (g_cancellable_is_cancelled (export->cancellable))
        return;
      message = g_strdup_printf (feed
                                 /* Translators: the feed could not be exported; %s says why */
                                 ? _("Could not export the feed: %s")
                                 /* Translators: the claims could not be exported; %s says why */
                                 : _("Could not export the claims: %s"),
                                 error->message);
      show_message (export->self, message, TRUE);
      return;
    }

  if (g_cancellable_is_cancelled (export->cancellable))
    return;

  message = g_strdup_printf (feed
                             /* Translators: after exporting: "Saved the feed to “feed.csv”" */
                             ? _("Saved the feed to “%s”")
                             /* Translators: after exporting:
                              * "Saved the claims to “claims.csv”" */
                             : _("Saved the claims to “%s”"),
                             name);
  show_message (export->self, message, FALSE);
}

/**
 * vitrine_sales_dashboard_export_to_file:
 * @table: what to export: the feed's items or the claims
 * @file: where to write the CSV, replaced if it exists
 *
 * Exports from the journal (vitrine_journal_export_csv_async()), as "Export
 * Feed CSV…" and "Export Claims CSV…" do once the host has picked a file;
 * the dashboard then says where it saved them, or why it could not.
 */
void
vitrine_sales_dashboard_export_to_file (VitrineSalesDashboard *self,
                                        VitrineJournalTable    table,
                                        GFile                 *file)
{
  Export *export;

  g_return_if_fail (VITRINE_IS_SALES_DASHBOARD (self));
  g_return_if_fail (table == VITRINE_JOURNAL_TABLE_ITEMS || table == VITRINE_JOURNAL_TABLE_CLAIMS);
  g_return_if_fail (G_IS_FILE (file));

  if (self->journal == NULL)
    return;

  export = g_new0 (Export, 1);
  export->self = g_object_ref (self);
  export->cancellable = g_object_ref (self->cancellable);
  export->file = g_object_ref (file);
  export->table = table;

  gtk_revealer_set_reveal_child (self->message_revealer, FALSE);
  vitrine_journal_export_csv_async (self->journal, table, file, self->cancellable,
                                    exported_cb, export);
}

static void
chooser_response_cb (VitrineSalesDashboard *self,
                     int                    response,
                     GtkNativeDialog       *chooser)
{
  g_autoptr(GFile) file = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));

  gtk_native_dialog_destroy (chooser);
  g_clear_object (&self->chooser);

  if (file != NULL)
    vitrine_sales_dashboard_export_to_file (self, self->chooser_table, file);
}

static void
choose_file (VitrineSalesDashboard *self,
             VitrineJournalTable    table)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *name = NULL;
  gboolean feed = table == VITRINE_JOURNAL_TABLE_ITEMS;

  if (self->journal == NULL || self->chooser != NULL)
    return;

  self->chooser_table = table;
  self->chooser = gtk_file_chooser_native_new (feed ? _("Export Feed") : _("Export Claims"),
                                               GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                               GTK_FILE_CHOOSER_ACTION_SAVE,
                                               _("_Export"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->chooser), TRUE);

  gtk_file_filter_set_name (filter, _("CSV spreadsheets"));
  gtk_file_filter_add_pattern (filter, "*.csv");
  gtk_file_filter_add_mime_type (filter, "text/csv");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->chooser), filter);

  name = g_date_time_format (now, feed
                             /* Translators: the suggested file name of the feed's
                              * export; keep the date format */
                             ? _("feed-%Y-%m-%d.csv")
                             /* Translators: the suggested file name of the claims'
                              * export; keep the date format */
                             : _("claims-%Y-%m-%d.csv"));
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (self->chooser), name);

  g_signal_connect_object (self->chooser, "response", G_CALLBACK (chooser_response_cb), self,
                           G_CONNECT_SWAPPED);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

static void
export_feed_clicked_cb (VitrineSalesDashboard *self)
{
  choose_file (self, VITRINE_JOURNAL_TABLE_ITEMS);
}

static void
export_claims_clicked_cb (VitrineSalesDashboard *self)
{
  choose_file (self, VITRINE_JOURNAL_TABLE_CLAIMS);
}

/* ---------------------------------------------------------------------- */
/* API                                                                    */

/**
 * vitrine_sales_dashboard_set_journal:
 * @journal: (nullable): the show's journal, or %NULL
 *
 * Shows @journal's figures, read at once when the dashboard is on screen.
 * Without a journal the dashboard says sales appear once it is open.
 */
void
vitrine_sales_dashboard_set_journal (VitrineSalesDashboard *self,
                                     VitrineJournal        *journal)
{
  g_return_if_fail (VITRINE_IS_SALES_DASHBOARD (self));
  g_return_if_fail (!journal || VITRINE_IS_JOURNAL (journal));

  if (self->journal == journal)
    return;

  /* What the last journal still has to say is not this one's. */
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  self->reading = FALSE;
  self->read_again = FALSE;
  g_clear_handle_id (&self->delay_id, g_source_remove);

  g_set_object (&self->journal, journal);
  g_clear_pointer (&self->summary, json_node_unref);
  gtk_label_set_text (self->updated_label, "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), FALSE);
  gtk_revealer_set_reveal_child (self->message_revealer, FALSE);
  show_summary (self);
  update_page (self);

  if (journal != NULL && gtk_widget_get_mapped (GTK_WIDGET (self)))
    refresh_now (self);

  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_JOURNAL]);
}

/**
 * vitrine_sales_dashboard_get_journal:
 *
 * Returns: (transfer none) (nullable): the journal whose figures are shown
 */
VitrineJournal *
vitrine_sales_dashboard_get_journal (VitrineSalesDashboard *self)
{
  g_return_val_if_fail (VITRINE_IS_SALES_DASHBOARD (self), NULL);

  return self->journal;
}

static void
catalog_changed_cb (VitrineSalesDashboard *self)
{
  show_summary (self);
}

/**
 * vitrine_sales_dashboard_set_catalog:
 * @catalog: (nullable): the show's catalog, for the products' titles
 *
 * Names the products sold as the catalog does; without it, as the shop
 * did.
 */
void
vitrine_sales_dashboard_set_catalog (VitrineSalesDashboard *self,
                                     VitrineCatalog        *catalog)
{
  g_return_if_fail (VITRINE_IS_SALES_DASHBOARD (self));
  g_return_if_fail (!catalog || VITRINE_IS_CATALOG (catalog));

  if (self->catalog == catalog)
    return;

  if (self->catalog != NULL)
    g_signal_handlers_disconnect_by_data (self->catalog, self);
  g_set_object (&self->catalog, catalog);
  if (catalog != NULL)
    g_signal_connect_object (catalog, "items-changed", G_CALLBACK (catalog_changed_cb), self,
                             G_CONNECT_SWAPPED);

  show_summary (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_CATALOG]);
}

/**
 * vitrine_sales_dashboard_get_catalog:
 *
 * Returns: (transfer none) (nullable): the catalog that names the products
 */
VitrineCatalog *
vitrine_sales_dashboard_get_catalog (VitrineSalesDashboard *self)
{
  g_return_val_if_fail (VITRINE_IS_SALES_DASHBOARD (self), NULL);

  return self->catalog;
}

/* ---------------------------------------------------------------------- */
/* GObject                                                                */

static void
vitrine_sales_dashboard_dispose (GObject *object)
{
  VitrineSalesDashboard *self = VITRINE_SALES_DASHBOARD (object);

  g_clear_handle_id (&self->delay_id, g_source_remove);
  g_clear_handle_id (&self->interval_id, g_source_remove);
  g_cancellable_cancel (self->cancellable);
  if (self->chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
  g_clear_object (&self->chooser);
  if (self->catalog != NULL)
    g_signal_handlers_disconnect_by_data (self->catalog, self);
  g_clear_object (&self->catalog);
  g_clear_object (&self->journal);
  g_clear_pointer (&self->summary, json_node_unref);

  gtk_widget_dispose_template (GTK_WIDGET (self), VITRINE_TYPE_SALES_DASHBOARD);

  G_OBJECT_CLASS (vitrine_sales_dashboard_parent_class)->dispose (object);
}

static void
vitrine_sales_dashboard_finalize (GObject *object)
{
  VitrineSalesDashboard *self = VITRINE_SALES_DASHBOARD (object);

  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (vitrine_sales_dashboard_parent_class)->finalize (object);
}

static void
vitrine_sales_dashboard_get_property (GObject    *object,
                                      guint       prop_id,
                                      GValue     *value,
                                      GParamSpec *pspec)
{
  VitrineSalesDashboard *self = VITRINE_SALES_DASHBOARD (object);

  switch (prop_id)
    {
    case PROP_JOURNAL:
      g_value_set_object (value, self->journal);
      break;

    case PROP_CATALOG:
      g_value_set_object (value, self->catalog);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vitrine_sales_dashboard_set_property (GObject      *object,
                                      guint         prop_id,
                                      const GValue *value,
                                      GParamSpec   *pspec)
{
  VitrineSalesDashboard *self = VITRINE_SALES_DASHBOARD (object);

  switch (prop_id)
    {
    case PROP_JOURNAL:
      vitrine_sales_dashboard_set_journal (self, g_value_get_object (value));
      break;

    case PROP_CATALOG:
      vitrine_sales_dashboard_set_catalog (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vitrine_sales_dashboard_class_init (VitrineSalesDashboardClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = vitrine_sales_dashboard_dispose;
  object_class->finalize = vitrine_sales_dashboard_finalize;
  object_class->get_property = vitrine_sales_dashboard_get_property;
  object_class->set_property = vitrine_sales_dashboard_set_property;

  /**
   * VitrineSalesDashboard:journal:
   *
   * The show's journal, whose figures are shown, or %NULL.
   */
  properties [PROP_JOURNAL] =
    g_param_spec_object ("journal", NULL, NULL, VITRINE_TYPE_JOURNAL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  /**
   * VitrineSalesDashboard:catalog:
   *
   * The show's catalog, which names the products sold, or %NULL.
   */
  properties [PROP_CATALOG] =
    g_param_spec_object ("catalog", NULL, NULL, VITRINE_TYPE_CATALOG,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PREFIX "/ui/vitrine-sales-dashboard.ui");
  gtk_widget_class_bind_template_child (widget_class, VitrineSalesDashboard, updated_label);
  gtk_widget_class_bind_template_child (widget_class, VitrineSalesDashboard, export_feed_button);
  gtk_widget_class_bind_template_child (widget_class, VitrineSalesDashboard, export_claims_button);
  gtk_widget_class_bind_template_child (widget_class, VitrineSalesDashboard, error_label);
  gtk_widget_class_bind_template_child (widget_class, VitrineSalesDashboard, message_revealer);
  gtk_widget_class_bind_template_child (widget_class, VitrineSalesDashboard, message_label);
  gtk_widget_class_bind_template_child (widget_class, VitrineSalesDashboard, stack);
  gtk_widget_class_bind_template_child (widget_class, VitrineSalesDashboard, revenue_box);
  gtk_widget_class_bind_template_child (widget_class, VitrineSalesDashboard, orders_label);
  gtk_widget_class_bind_template_child (widget_class, VitrineSalesDashboard, units_label);
  gtk_widget_class_bind_template_child (widget_class, VitrineSalesDashboard, products_list);
  gtk_widget_class_bind_template_child (widget_class, VitrineSalesDashboard, no_products_label);
  gtk_widget_class_bind_template_child (widget_class, VitrineSalesDashboard, platforms_list);
  gtk_widget_class_bind_template_child (widget_class, VitrineSalesDashboard, no_platforms_label);
  gtk_widget_class_bind_template_child (widget_class, VitrineSalesDashboard, claims_label);
  gtk_widget_class_bind_template_child (widget_class, VitrineSalesDashboard, comments_list);
  gtk_widget_class_bind_template_child (widget_class, VitrineSalesDashboard, no_comments_label);
  gtk_widget_class_bind_template_child (widget_class, VitrineSalesDashboard, paid_label);
  gtk_widget_class_bind_template_callback (widget_class, export_feed_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, export_claims_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, dismiss_clicked_cb);
}

static void
vitrine_sales_dashboard_init (VitrineSalesDashboard *self)
{
  self->cancellable = g_cancellable_new ();

  gtk_widget_init_template (GTK_WIDGET (self));

  g_signal_connect (self, "map", G_CALLBACK (map_cb), NULL);
  g_signal_connect (self, "unmap", G_CALLBACK (unmap_cb), NULL);

  show_summary (self);
  update_page (self);
}

/**
 * vitrine_sales_dashboard_new:
 *
 * Returns: (transfer floating): a dashboard of the show's sales
 */
GtkWidget *
vitrine_sales_dashboard_new (void)
{
  return g_object_new (VITRINE_TYPE_SALES_DASHBOARD, NULL);
}
