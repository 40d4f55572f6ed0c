/* vitrine-feed-pane.c
 *
 * Copyright 2026 The Vitrine developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The show's feed as the host follows it while on air: every platform's
 * chat, paid messages, orders and claims in one list, with the state of
 * each connector as a chip, a filter by kind and a search.
 *
 * The list follows the newest message while the host is at the bottom. As
 * soon as the host scrolls up to read, it stays put and counts what
 * arrives on a "↓ N new" button; the button (or scrolling back down)
 * follows again. The host's own scrolling up (the wheel or touchpad, the
 * scrollbar, the keyboard) stops the following; being at the bottom again
 * resumes it. While following, the list is anchored to its last row and
 * put back there whenever rows measured at another height than estimated
 * move it: layout alone never stops the following.
 *
 * A row's menu puts a comment on screen: the pane only says so
 * ("show-on-screen"); the window owns the graphics. A comment on screen
 * that is deleted or whose author is banned on the platform, or that the
 * host hides, leaves the screen at once ("take-off-screen"). */

#define G_LOG_DOMAIN "vitrine-feed-pane"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "vitrine-feed-pane.h"
#include "vitrine-feed-row.h"

/* Within this many pixels of the end, the list counts as at the bottom. */
#define BOTTOM_SLACK 4.0

struct _VitrineFeedPane
{
  GtkBox              parent_instance;

  VitrineFeed        *feed;
  VitrineFeedFilter   filter_kind;
  char               *folded_query;
  VitrineFeedItem    *on_screen;
  guint               n_sources;
  guint               n_new;
  guint               follow_id;
  gboolean            following;
  gboolean            refiltering;

  /* Template children */
  GtkLabel           *count_label;
  GtkWidget          *sources_scroller;
  GtkBox             *sources_box;
  GtkLabel           *no_sources_label;
  GtkSearchEntry     *search_entry;
  GtkDropDown        *filter_dropdown;
  GtkRevealer        *on_screen_revealer;
  GtkLabel           *on_screen_label;
  GtkStack           *stack;
  GtkScrolledWindow  *scrolled_window;
  GtkListView        *list_view;
  GtkNoSelection     *selection;
  GtkFilterListModel *filter_model;
  GtkCustomFilter    *filter;
  GtkButton          *new_button;
  GtkLabel           *new_label;
};

G_DEFINE_FINAL_TYPE (VitrineFeedPane, vitrine_feed_pane, GTK_TYPE_BOX)

enum {
  PROP_0,
  PROP_FEED,
  PROP_FOLLOWING,
  PROP_N_NEW,
  PROP_ON_SCREEN,
  N_PROPS
};

enum {
  SHOW_ON_SCREEN,
  TAKE_OFF_SCREEN,
  N_SIGNALS
};

static GParamSpec *properties [N_PROPS];
static guint signals [N_SIGNALS];

static GQuark folded_quark;

/* ---------------------------------------------------------------------- */
/* Filter and search                                                      */

static gboolean
kind_matches (VitrineFeedFilter   filter,
              VitrineFeedItemKind kind)
{
  switch (filter)
    {
    case VITRINE_FEED_FILTER_CHAT:
      return kind == VITRINE_FEED_ITEM_CHAT;

    case VITRINE_FEED_FILTER_PAID:
      return kind == VITRINE_FEED_ITEM_PAID || kind == VITRINE_FEED_ITEM_MEMBERSHIP;

    case VITRINE_FEED_FILTER_ORDERS:
      return kind == VITRINE_FEED_ITEM_ORDER;

    case VITRINE_FEED_FILTER_CLAIMS:
      return kind == VITRINE_FEED_ITEM_CLAIM;

    case VITRINE_FEED_FILTER_ALL:
    default:
      return TRUE;
    }
}

/* What the search looks in, compatibility-normalised (NFKC: "ｆｕｌｌ" and
 * "ﬁ" find "full" and "fi") and case-folded, once per item: an item's
 * texts never change. */
static const char *
folded_text (VitrineFeedItem *item)
{
  const char *folded = g_object_get_qdata (G_OBJECT (item), folded_quark);

  if (folded == NULL)
    {
      const char *detail = vitrine_feed_item_get_detail (item);
      g_autofree char *joined = g_strjoin ("\n", vitrine_feed_item_get_author (item),
                                           vitrine_feed_item_get_text (item),
                                           detail != NULL ? detail : "", NULL);
      g_autofree char *normalized = g_utf8_normalize (joined, -1, G_NORMALIZE_ALL);
      char *text = g_utf8_casefold (normalized != NULL ? normalized : joined, -1);

      g_object_set_qdata_full (G_OBJECT (item), folded_quark, text, g_free);
      folded = text;
    }

  return folded;
}

static gboolean
filter_func (gpointer object,
             gpointer user_data)
{
  VitrineFeedPane *self = user_data;
  VitrineFeedItem *item = object;

  if (!kind_matches (self->filter_kind, vitrine_feed_item_get_kind (item)))
    return FALSE;

  return self->folded_query == NULL || strstr (folded_text (item), self->folded_query) != NULL;
}

static void
update_page (VitrineFeedPane *self)
{
  guint n_shown = g_list_model_get_n_items (G_LIST_MODEL (self->filter_model));
  guint n_total = self->feed != NULL ? g_list_model_get_n_items (G_LIST_MODEL (self->feed)) : 0;
  g_autofree char *count = NULL;

  if (self->feed == NULL)
    gtk_stack_set_visible_child_name (self->stack, "no-feed");
  else if (n_total == 0)
    gtk_stack_set_visible_child_name (self->stack, "waiting");
  else if (n_shown == 0)
    gtk_stack_set_visible_child_name (self->stack, "no-results");
  else
    gtk_stack_set_visible_child_name (self->stack, "feed");

  if (self->feed == NULL)
    count = NULL;
  else if (n_shown == n_total)
    /* Translators: how many messages, orders… the feed holds, beside "Feed" */
    count = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u item", "%u items", n_total),
                             n_total);
  else
    /* Translators: while filtering the feed: "12 of 60" items */
    count = g_strdup_printf (_("%u of %u"), n_shown, n_total);

  gtk_label_set_text (self->count_label, count ? count : "");
  gtk_widget_set_visible (GTK_WIDGET (self->count_label), count != NULL);
}

/* ---------------------------------------------------------------------- */
/* Following the newest                                                   */

static void
update_new_button (VitrineFeedPane *self)
{
  g_autofree char *text = NULL;

  /* Translators: on the button over the feed that jumps to the messages
   * that arrived while the host was reading older ones */
  text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u new", "%u new", self->n_new),
                          self->n_new);
  gtk_label_set_text (self->new_label, text);
  gtk_widget_set_visible (GTK_WIDGET (self->new_button), !self->following && self->n_new > 0);
}

static void
set_following (VitrineFeedPane *self,
               gboolean         following)
{
  gboolean had_new = self->n_new > 0;

  following = !!following;
  if (following)
    self->n_new = 0;
  update_new_button (self);

  if (had_new && self->n_new == 0)
    g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_N_NEW]);
  if (self->following == following)
    return;

  self->following = following;
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_FOLLOWING]);
}

static void
scroll_to_end (VitrineFeedPane *self)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->filter_model));

  /* Anchors the list to its last row, aligned at the bottom: it stays
   * there as rows above it come and go or change height. */
  if (n > 0)
    gtk_widget_activate_action (GTK_WIDGET (self->list_view), "list.scroll-to-item", "u", n - 1);
}

static gboolean
follow_cb (gpointer data)
{
  VitrineFeedPane *self = data;

  self->follow_id = 0;
  if (self->following)
    scroll_to_end (self);

  return G_SOURCE_REMOVE;
}

/* The list cannot be anchored while it has no size (the Feed page not
 * shown): once it has one, or when rows were measured at another height
 * than estimated, the newest row is anchored again. */
static void
queue_follow (VitrineFeedPane *self)
{
  if (self->follow_id == 0 && self->following)
    self->follow_id = g_idle_add_full (G_PRIORITY_HIGH_IDLE + 30, follow_cb, self, NULL);
}

static gboolean
is_at_bottom (GtkAdjustment *adjustment)
{
  double bottom = gtk_adjustment_get_upper (adjustment) - gtk_adjustment_get_page_size (adjustment);

  return gtk_adjustment_get_value (adjustment) >= bottom - BOTTOM_SLACK;
}

/* Back at the bottom, the list follows again; moved away from it by a
 * change of layout while following, it is put back. */
static void
vadjustment_changed_cb (VitrineFeedPane *self,
                        GtkAdjustment   *adjustment)
{
  if (is_at_bottom (adjustment))
    set_following (self, TRUE);
  else if (self->following)
    queue_follow (self);
}

/* The host moves up, by any means: the list stays where the host reads. */
static void
host_scrolls_up (VitrineFeedPane *self)
{
  GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment (self->scrolled_window);

  /* Already at the top (or nothing to scroll): nothing moves. */
  if (gtk_adjustment_get_value (adjustment) <= gtk_adjustment_get_lower (adjustment) + 0.5)
    return;

  g_clear_handle_id (&self->follow_id, g_source_remove);
  set_following (self, FALSE);
}

static gboolean
scroll_cb (VitrineFeedPane          *self,
           double                    dx,
           double                    dy,
           GtkEventControllerScroll *controller)
{
  if (dy < 0)
    host_scrolls_up (self);

  /* The scrolled window scrolls as ever. */
  return FALSE;
}

static void
scrollbar_pressed_cb (VitrineFeedPane *self)
{
  host_scrolls_up (self);
}

static gboolean
key_pressed_cb (VitrineFeedPane       *self,
                guint                  keyval,
                guint                  keycode,
                GdkModifierType        state,
                GtkEventControllerKey *controller)
{
  switch (keyval)
    {
    case GDK_KEY_Up:
    case GDK_KEY_KP_Up:
    case GDK_KEY_Page_Up:
    case GDK_KEY_KP_Page_Up:
    case GDK_KEY_Home:
    case GDK_KEY_KP_Home:
      host_scrolls_up (self);
      break;

    default:
      break;
    }

  return FALSE;
}

static void
shown_items_changed_cb (VitrineFeedPane *self,
                        guint            position,
                        guint            removed,
                        guint            added,
                        GListModel      *model)
{
  /* New items arrive at the end; a new filter or search is not news. */
  if (!self->refiltering && added > 0 && position + added == g_list_model_get_n_items (model))
    {
      if (self->following)
        {
          scroll_to_end (self);
        }
      else
        {
          self->n_new += added;
          update_new_button (self);
          g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_N_NEW]);
        }
    }

  update_page (self);
}

/**
 * vitrine_feed_pane_scroll_to_newest:
 *
 * Jumps to the newest message and follows the feed again, as the "N new"
 * button does.
 */
void
vitrine_feed_pane_scroll_to_newest (VitrineFeedPane *self)
{
  g_return_if_fail (VITRINE_IS_FEED_PANE (self));

  set_following (self, TRUE);
  scroll_to_end (self);
}

static void
new_clicked_cb (VitrineFeedPane *self)
{
  vitrine_feed_pane_scroll_to_newest (self);
}

static void
refilter (VitrineFeedPane *self)
{
  self->refiltering = TRUE;
  gtk_filter_changed (GTK_FILTER (self->filter), GTK_FILTER_CHANGE_DIFFERENT);
  self->refiltering = FALSE;

  /* A new search starts from its newest match. */
  vitrine_feed_pane_scroll_to_newest (self);
  update_page (self);
}

static void
search_changed_cb (VitrineFeedPane *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));
  g_autofree char *stripped = g_strstrip (g_strdup (text));
  g_autofree char *normalized = g_utf8_normalize (stripped, -1, G_NORMALIZE_ALL);

  g_clear_pointer (&self->folded_query, g_free);
  if (normalized != NULL && *normalized != '\0')
    self->folded_query = g_utf8_casefold (normalized, -1);

  refilter (self);
}

static void
stop_search_cb (VitrineFeedPane *self)
{
  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
}

static void
filter_selected_cb (VitrineFeedPane *self)
{
  guint selected = gtk_drop_down_get_selected (self->filter_dropdown);

  if (selected > VITRINE_FEED_FILTER_CLAIMS)
    selected = VITRINE_FEED_FILTER_ALL;
  if (self->filter_kind == (VitrineFeedFilter) selected)
    return;

  self->filter_kind = selected;
  refilter (self);
}

/* ---------------------------------------------------------------------- */
/* Connector chips                                                        */

static const char *chip_classes[] = { "live", "warning", "error", "idle" };

static void
update_chip (GtkWidget *chip)
{
  VitrineFeedSource *source = g_object_get_data (G_OBJECT (chip), "vitrine-feed-source");
  VitrineFeedSourceState state = vitrine_feed_source_get_state (source);
  const char *status = vitrine_feed_source_get_status (source);
  const char *platform = vitrine_feed_platform_name (vitrine_feed_source_get_platform (source));
  const char *klass;
  const char *fallback;
  g_autofree char *tooltip = NULL;

  switch (state)
    {
    case VITRINE_FEED_SOURCE_LIVE:
      klass = "live";
      fallback = _("Receiving");
      break;

    case VITRINE_FEED_SOURCE_CONNECTING:
      klass = "warning";
      fallback = _("Connecting…");
      break;

    case VITRINE_FEED_SOURCE_RECONNECTING:
      klass = "warning";
      fallback = _("Connection lost; trying again");
      break;

    case VITRINE_FEED_SOURCE_RATE_LIMITED:
      klass = "warning";
      fallback = _("The platform asked to slow down; trying again later");
      break;

    case VITRINE_FEED_SOURCE_UNAUTHORIZED:
      klass = "error";
      fallback = _("The platform refused the sign-in; sign in again");
      break;

    case VITRINE_FEED_SOURCE_FAILED:
      klass = "error";
      fallback = _("Cannot work as set up in the show");
      break;

    case VITRINE_FEED_SOURCE_ENDED:
      klass = "idle";
      fallback = _("The chat has ended");
      break;

    case VITRINE_FEED_SOURCE_STOPPED:
      klass = "idle";
      fallback = _("Stopped");
      break;

    case VITRINE_FEED_SOURCE_IDLE:
    default:
      klass = "idle";
      fallback = _("Not started");
      break;
    }

  for (guint i = 0; i < G_N_ELEMENTS (chip_classes); i++)
    gtk_widget_remove_css_class (chip, chip_classes[i]);
  gtk_widget_add_css_class (chip, klass);

  /* Translators: a connector chip's tooltip: "Twitch: Receiving" */
  tooltip = g_strdup_printf (_("%s: %s"), platform,
                             status != NULL && status[0] != '\0' ? status : fallback);
  gtk_widget_set_tooltip_text (chip, tooltip);
}

static GtkWidget *
create_chip (VitrineFeedSource *source)
{
  GtkWidget *chip = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *dot = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);
  GtkWidget *label = gtk_label_new (vitrine_feed_platform_name (
                                      vitrine_feed_source_get_platform (source)));

  gtk_widget_add_css_class (chip, "source-chip");
  gtk_widget_add_css_class (dot, "state-dot");
  gtk_widget_set_valign (dot, GTK_ALIGN_CENTER);
  gtk_box_append (GTK_BOX (chip), dot);
  gtk_box_append (GTK_BOX (chip), label);

  g_object_set_data_full (G_OBJECT (chip), "vitrine-feed-source", g_object_ref (source),
                          g_object_unref);
  g_signal_connect_object (source, "notify::state", G_CALLBACK (update_chip), chip,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (source, "notify::status", G_CALLBACK (update_chip), chip,
                           G_CONNECT_SWAPPED);
  update_chip (chip);

  return chip;
}

/**
 * vitrine_feed_pane_update_sources:
 *
 * Shows a chip for each connector of the feed. The pane does this when it
 * gets a feed and when an item arrives from a connector added since; call
 * it after adding one to a feed already shown.
 */
void
vitrine_feed_pane_update_sources (VitrineFeedPane *self)
{
  GPtrArray *sources = self->feed != NULL ? vitrine_feed_get_sources (self->feed) : NULL;
  GtkWidget *child;

  g_return_if_fail (VITRINE_IS_FEED_PANE (self));

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->sources_box))) != NULL)
    gtk_box_remove (self->sources_box, child);

  self->n_sources = sources != NULL ? sources->len : 0;
  for (guint i = 0; i < self->n_sources; i++)
    {
      gtk_box_append (self->sources_box, create_chip (g_ptr_array_index (sources, i)));
    }

  gtk_widget_set_visible (self->sources_scroller, self->n_sources > 0);
  gtk_widget_set_visible (GTK_WIDGET (self->no_sources_label),
                          self->feed != NULL && self->n_sources == 0);
}

static void
feed_appended_cb (VitrineFeedPane *self)
{
  if (vitrine_feed_get_sources (self->feed)->len != self->n_sources)
    vitrine_feed_pane_update_sources (self);
}

/* ---------------------------------------------------------------------- */
/* On screen                                                              */

static void
mark_rows (GtkWidget       *widget,
           VitrineFeedItem *on_screen)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (VITRINE_IS_FEED_ROW (child))
        vitrine_feed_row_set_on_screen (VITRINE_FEED_ROW (child),
                                        on_screen != NULL &&
                                        vitrine_feed_row_get_item (VITRINE_FEED_ROW (child)) ==
                                          on_screen);
      else
        mark_rows (child, on_screen);
    }
}

static void take_off_screen (VitrineFeedPane *self);

static void
on_screen_visibility_cb (VitrineFeedPane *self)
{
  /* Deleted or banned on the platform, or hidden here: off the program. */
  if (vitrine_feed_item_get_visibility (self->on_screen) != VITRINE_FEED_ITEM_VISIBLE)
    take_off_screen (self);
}

/**
 * vitrine_feed_pane_set_on_screen:
 * @item: (nullable): the comment the graphics show, or %NULL
 *
 * Marks @item as the comment on screen (its row, and the strip above the
 * list with a Take Off button). The pane does this itself when the
 * handler of #VitrineFeedPane::show-on-screen returns %TRUE.
 */
void
vitrine_feed_pane_set_on_screen (VitrineFeedPane *self,
                                 VitrineFeedItem *item)
{
  g_return_if_fail (VITRINE_IS_FEED_PANE (self));
  g_return_if_fail (!item || VITRINE_IS_FEED_ITEM (item));

  if (self->on_screen == item)
    return;

  if (self->on_screen != NULL)
    g_signal_handlers_disconnect_by_func (self->on_screen, on_screen_visibility_cb, self);
  g_set_object (&self->on_screen, item);

  if (item != NULL)
    {
      const char *author = vitrine_feed_item_get_author (item);
      g_autofree char *text = NULL;

      g_signal_connect_object (item, "notify::visibility", G_CALLBACK (on_screen_visibility_cb),
                               self, G_CONNECT_SWAPPED);
      if (author != NULL && author[0] != '\0')
        /* Translators: the comment on screen, above the feed: "Ana: I love it" */
        text = g_strdup_printf (_("%s: %s"), author, vitrine_feed_item_get_text (item));
      else
        text = g_strdup (vitrine_feed_item_get_text (item));
      gtk_label_set_text (self->on_screen_label, text);
      gtk_widget_set_tooltip_text (GTK_WIDGET (self->on_screen_label), text);
    }
  gtk_revealer_set_reveal_child (self->on_screen_revealer, item != NULL);
  mark_rows (GTK_WIDGET (self->list_view), item);

  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_ON_SCREEN]);
}

VitrineFeedItem *
vitrine_feed_pane_get_on_screen (VitrineFeedPane *self)
{
  g_return_val_if_fail (VITRINE_IS_FEED_PANE (self), NULL);

  return self->on_screen;
}

static void
take_off_screen (VitrineFeedPane *self)
{
  if (self->on_screen == NULL)
    return;

  vitrine_feed_pane_set_on_screen (self, NULL);
  g_signal_emit (self, signals [TAKE_OFF_SCREEN], 0);
}

static void
take_off_clicked_cb (VitrineFeedPane *self)
{
  take_off_screen (self);
}

static void
row_show_on_screen_cb (VitrineFeedRow  *row,
                       VitrineFeedItem *item,
                       VitrineFeedPane *self)
{
  gboolean shown = FALSE;

  if (vitrine_feed_item_get_visibility (item) != VITRINE_FEED_ITEM_VISIBLE)
    return;

  g_signal_emit (self, signals [SHOW_ON_SCREEN], 0, item, &shown);
  if (shown)
    vitrine_feed_pane_set_on_screen (self, item);
}

static void
row_take_off_screen_cb (VitrineFeedRow  *row,
                        VitrineFeedItem *item,
                        VitrineFeedPane *self)
{
  if (item == self->on_screen)
    take_off_screen (self);
}

/* ---------------------------------------------------------------------- */
/* Rows                                                                   */

static void
setup_row_cb (VitrineFeedPane          *self,
              GtkListItem              *list_item,
              GtkSignalListItemFactory *factory)
{
  GtkWidget *row = vitrine_feed_row_new ();

  g_signal_connect (row, "show-on-screen", G_CALLBACK (row_show_on_screen_cb), self);
  g_signal_connect (row, "take-off-screen", G_CALLBACK (row_take_off_screen_cb), self);
  gtk_list_item_set_activatable (list_item, FALSE);
  gtk_list_item_set_child (list_item, row);
}

static void
bind_row_cb (VitrineFeedPane          *self,
             GtkListItem              *list_item,
             GtkSignalListItemFactory *factory)
{
  VitrineFeedRow *row = VITRINE_FEED_ROW (gtk_list_item_get_child (list_item));
  VitrineFeedItem *item = gtk_list_item_get_item (list_item);

  vitrine_feed_row_set_item (row, item);
  vitrine_feed_row_set_on_screen (row, item != NULL && item == self->on_screen);
}

static void
unbind_row_cb (VitrineFeedPane          *self,
               GtkListItem              *list_item,
               GtkSignalListItemFactory *factory)
{
  VitrineFeedRow *row = VITRINE_FEED_ROW (gtk_list_item_get_child (list_item));

  vitrine_feed_row_set_item (row, NULL);
  vitrine_feed_row_set_on_screen (row, FALSE);
}

/* ---------------------------------------------------------------------- */
/* API                                                                    */

/**
 * vitrine_feed_pane_set_feed:
 * @feed: (nullable): the feed to show
 */
void
vitrine_feed_pane_set_feed (VitrineFeedPane *self,
                            VitrineFeed     *feed)
{
  g_return_if_fail (VITRINE_IS_FEED_PANE (self));
  g_return_if_fail (!feed || VITRINE_IS_FEED (feed));

  if (self->feed == feed)
    return;

  if (self->feed != NULL)
    g_signal_handlers_disconnect_by_func (self->feed, feed_appended_cb, self);
  g_set_object (&self->feed, feed);
  if (feed != NULL)
    g_signal_connect_object (feed, "appended", G_CALLBACK (feed_appended_cb), self,
                             G_CONNECT_SWAPPED);

  /* A new show: its messages, all kinds, the newest in view. */
  vitrine_feed_pane_set_on_screen (self, NULL);
  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
  gtk_drop_down_set_selected (self->filter_dropdown, VITRINE_FEED_FILTER_ALL);
  self->refiltering = TRUE;
  gtk_filter_list_model_set_model (self->filter_model, G_LIST_MODEL (feed));
  self->refiltering = FALSE;
  vitrine_feed_pane_update_sources (self);
  vitrine_feed_pane_scroll_to_newest (self);
  update_page (self);

  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_FEED]);
}

VitrineFeed *
vitrine_feed_pane_get_feed (VitrineFeedPane *self)
{
  g_return_val_if_fail (VITRINE_IS_FEED_PANE (self), NULL);

  return self->feed;
}

VitrineFeedFilter
vitrine_feed_pane_get_filter (VitrineFeedPane *self)
{
  g_return_val_if_fail (VITRINE_IS_FEED_PANE (self), VITRINE_FEED_FILTER_ALL);

  return self->filter_kind;
}

/**
 * vitrine_feed_pane_set_filter:
 *
 * Shows only one kind of items, as choosing it in the pane's drop-down does.
 */
void
vitrine_feed_pane_set_filter (VitrineFeedPane   *self,
                              VitrineFeedFilter  filter)
{
  g_return_if_fail (VITRINE_IS_FEED_PANE (self));
  g_return_if_fail (filter <= VITRINE_FEED_FILTER_CLAIMS);

  gtk_drop_down_set_selected (self->filter_dropdown, filter);
}

GtkSearchEntry *
vitrine_feed_pane_get_search_entry (VitrineFeedPane *self)
{
  g_return_val_if_fail (VITRINE_IS_FEED_PANE (self), NULL);

  return self->search_entry;
}

GtkDropDown *
vitrine_feed_pane_get_filter_dropdown (VitrineFeedPane *self)
{
  g_return_val_if_fail (VITRINE_IS_FEED_PANE (self), NULL);

  return self->filter_dropdown;
}

/**
 * vitrine_feed_pane_get_shown:
 *
 * Returns: (transfer none): the items the pane lists, after the filter and
 *   the search
 */
GListModel *
vitrine_feed_pane_get_shown (VitrineFeedPane *self)
{
  g_return_val_if_fail (VITRINE_IS_FEED_PANE (self), NULL);

  return G_LIST_MODEL (self->filter_model);
}

/**
 * vitrine_feed_pane_get_following:
 *
 * Returns: whether the list keeps the newest item in view
 */
gboolean
vitrine_feed_pane_get_following (VitrineFeedPane *self)
{
  g_return_val_if_fail (VITRINE_IS_FEED_PANE (self), FALSE);

  return self->following;
}

/**
 * vitrine_feed_pane_get_n_new:
 *
 * Returns: how many items arrived since the host scrolled up
 */
guint
vitrine_feed_pane_get_n_new (VitrineFeedPane *self)
{
  g_return_val_if_fail (VITRINE_IS_FEED_PANE (self), 0);

  return self->n_new;
}

/**
 * vitrine_feed_pane_get_new_button:
 *
 * Returns: (transfer none): the "N new" button over the list
 */
GtkWidget *
vitrine_feed_pane_get_new_button (VitrineFeedPane *self)
{
  g_return_val_if_fail (VITRINE_IS_FEED_PANE (self), NULL);

  return GTK_WIDGET (self->new_button);
}

GtkListView *
vitrine_feed_pane_get_list_view (VitrineFeedPane *self)
{
  g_return_val_if_fail (VITRINE_IS_FEED_PANE (self), NULL);

  return self->list_view;
}

/* ---------------------------------------------------------------------- */
/* GObject                                                                */

static void
vitrine_feed_pane_dispose (GObject *object)
{
  VitrineFeedPane *self = VITRINE_FEED_PANE (object);

  g_clear_handle_id (&self->follow_id, g_source_remove);
  if (self->on_screen != NULL)
    g_signal_handlers_disconnect_by_func (self->on_screen, on_screen_visibility_cb, self);
  g_clear_object (&self->on_screen);
  if (self->feed != NULL)
    g_signal_handlers_disconnect_by_func (self->feed, feed_appended_cb, self);
  if (self->filter_model != NULL)
    gtk_filter_list_model_set_model (self->filter_model, NULL);
  g_clear_object (&self->feed);

  gtk_widget_dispose_template (GTK_WIDGET (self), VITRINE_TYPE_FEED_PANE);

  G_OBJECT_CLASS (vitrine_feed_pane_parent_class)->dispose (object);
}

static void
vitrine_feed_pane_finalize (GObject *object)
{
  VitrineFeedPane *self = VITRINE_FEED_PANE (object);

  g_free (self->folded_query);

  G_OBJECT_CLASS (vitrine_feed_pane_parent_class)->finalize (object);
}

static void
vitrine_feed_pane_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  VitrineFeedPane *self = VITRINE_FEED_PANE (object);

  switch (prop_id)
    {
    case PROP_FEED:
      g_value_set_object (value, self->feed);
      break;

    case PROP_FOLLOWING:
      g_value_set_boolean (value, self->following);
      break;

    case PROP_N_NEW:
      g_value_set_uint (value, self->n_new);
      break;

    case PROP_ON_SCREEN:
      g_value_set_object (value, self->on_screen);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vitrine_feed_pane_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  VitrineFeedPane *self = VITRINE_FEED_PANE (object);

  switch (prop_id)
    {
    case PROP_FEED:
      vitrine_feed_pane_set_feed (self, g_value_get_object (value));
      break;

    case PROP_ON_SCREEN:
      vitrine_feed_pane_set_on_screen (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vitrine_feed_pane_class_init (VitrineFeedPaneClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = vitrine_feed_pane_dispose;
  object_class->finalize = vitrine_feed_pane_finalize;
  object_class->get_property = vitrine_feed_pane_get_property;
  object_class->set_property = vitrine_feed_pane_set_property;

  properties [PROP_FEED] =
    g_param_spec_object ("feed", NULL, NULL, VITRINE_TYPE_FEED,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  /**
   * VitrineFeedPane:following:
   *
   * Whether the list keeps the newest item in view: the host is at the
   * bottom.
   */
  properties [PROP_FOLLOWING] =
    g_param_spec_boolean ("following", NULL, NULL, TRUE,
                          (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  /**
   * VitrineFeedPane:n-new:
   *
   * How many items arrived since the host scrolled up, as the "N new"
   * button says.
   */
  properties [PROP_N_NEW] =
    g_param_spec_uint ("n-new", NULL, NULL, 0, G_MAXUINT, 0,
                       (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  /**
   * VitrineFeedPane:on-screen:
   *
   * The comment highlighted on the program, or %NULL.
   */
  properties [PROP_ON_SCREEN] =
    g_param_spec_object ("on-screen", NULL, NULL, VITRINE_TYPE_FEED_ITEM,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * VitrineFeedPane::show-on-screen:
   * @item: the comment the host chose
   *
   * The host chose "Show on Screen" on a row. The handler puts @item on
   * the program (vitrine_graphics_show_comment()).
   *
   * Returns: %TRUE if @item is now on screen
   */
  signals [SHOW_ON_SCREEN] =
    g_signal_new ("show-on-screen", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  g_signal_accumulator_true_handled, NULL, NULL,
                  G_TYPE_BOOLEAN, 1, VITRINE_TYPE_FEED_ITEM);
  /**
   * VitrineFeedPane::take-off-screen:
   *
   * The comment on screen must leave it: the host took it off, hid it, or
   * it was deleted or its author banned on the platform.
   */
  signals [TAKE_OFF_SCREEN] =
    g_signal_new ("take-off-screen", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PREFIX "/ui/vitrine-feed-pane.ui");
  gtk_widget_class_bind_template_child (widget_class, VitrineFeedPane, count_label);
  gtk_widget_class_bind_template_child (widget_class, VitrineFeedPane, sources_scroller);
  gtk_widget_class_bind_template_child (widget_class, VitrineFeedPane, sources_box);
  gtk_widget_class_bind_template_child (widget_class, VitrineFeedPane, no_sources_label);
  gtk_widget_class_bind_template_child (widget_class, VitrineFeedPane, search_entry);
  gtk_widget_class_bind_template_child (widget_class, VitrineFeedPane, filter_dropdown);
  gtk_widget_class_bind_template_child (widget_class, VitrineFeedPane, on_screen_revealer);
  gtk_widget_class_bind_template_child (widget_class, VitrineFeedPane, on_screen_label);
  gtk_widget_class_bind_template_child (widget_class, VitrineFeedPane, stack);
  gtk_widget_class_bind_template_child (widget_class, VitrineFeedPane, scrolled_window);
  gtk_widget_class_bind_template_child (widget_class, VitrineFeedPane, list_view);
  gtk_widget_class_bind_template_child (widget_class, VitrineFeedPane, selection);
  gtk_widget_class_bind_template_child (widget_class, VitrineFeedPane, filter_model);
  gtk_widget_class_bind_template_child (widget_class, VitrineFeedPane, filter);
  gtk_widget_class_bind_template_child (widget_class, VitrineFeedPane, new_button);
  gtk_widget_class_bind_template_child (widget_class, VitrineFeedPane, new_label);
  gtk_widget_class_bind_template_callback (widget_class, search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, stop_search_cb);
  gtk_widget_class_bind_template_callback (widget_class, filter_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, take_off_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, new_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, setup_row_cb);
  gtk_widget_class_bind_template_callback (widget_class, bind_row_cb);
  gtk_widget_class_bind_template_callback (widget_class, unbind_row_cb);

  folded_quark = g_quark_from_static_string ("vitrine-feed-pane-folded");
  g_type_ensure (VITRINE_TYPE_FEED_ROW);
}

static void
vitrine_feed_pane_init (VitrineFeedPane *self)
{
  GtkAdjustment *vadjustment;
  GtkEventController *controller;
  GtkGesture *gesture;

  self->following = TRUE;

  gtk_widget_init_template (GTK_WIDGET (self));

  gtk_custom_filter_set_filter_func (self->filter, filter_func, self, NULL);
  /* After the list view has taken the change in. */
  g_signal_connect_object (self->selection, "items-changed",
                           G_CALLBACK (shown_items_changed_cb), self, G_CONNECT_SWAPPED);
  vadjustment = gtk_scrolled_window_get_vadjustment (self->scrolled_window);
  g_signal_connect_object (vadjustment, "value-changed",
                           G_CALLBACK (vadjustment_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (vadjustment, "changed",
                           G_CALLBACK (vadjustment_changed_cb), self, G_CONNECT_SWAPPED);

  /* Seen before the scrolled window and the list handle them. */
  controller = gtk_event_controller_scroll_new (GTK_EVENT_CONTROLLER_SCROLL_VERTICAL);
  gtk_event_controller_set_propagation_phase (controller, GTK_PHASE_CAPTURE);
  g_signal_connect_swapped (controller, "scroll", G_CALLBACK (scroll_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self->scrolled_window), controller);

  gesture = gtk_gesture_click_new ();
  gtk_event_controller_set_propagation_phase (GTK_EVENT_CONTROLLER (gesture), GTK_PHASE_CAPTURE);
  g_signal_connect_swapped (gesture, "pressed", G_CALLBACK (scrollbar_pressed_cb), self);
  gtk_widget_add_controller (gtk_scrolled_window_get_vscrollbar (self->scrolled_window),
                             GTK_EVENT_CONTROLLER (gesture));

  controller = gtk_event_controller_key_new ();
  gtk_event_controller_set_propagation_phase (controller, GTK_PHASE_CAPTURE);
  g_signal_connect_swapped (controller, "key-pressed", G_CALLBACK (key_pressed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self->list_view), controller);
  g_signal_connect_object (self->list_view, "map",
                           G_CALLBACK (queue_follow), self, G_CONNECT_SWAPPED);

  update_new_button (self);
  vitrine_feed_pane_update_sources (self);
  update_page (self);
}

/**
 * vitrine_feed_pane_new:
 *
 * Returns: (transfer floating): a new pane, without a feed
 */
GtkWidget *
vitrine_feed_pane_new (void)
{
  return g_object_new (VITRINE_TYPE_FEED_PANE, NULL);
}
