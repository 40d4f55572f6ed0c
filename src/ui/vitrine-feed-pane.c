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
 * host hides, leaves the screen at once ("take-off-screen").
 *
 * Or the host queues comments for the screen: a strip above the list holds
 * them (a #VitrineCommentQueue) with Approve, Move Up and Discard; approved
 * ones go on screen one at a time, each for a few seconds, through the same
 * "show-on-screen". A comment shown directly takes the screen from the
 * queue until it is taken off.
 *
 * Moderation: the rows' menus hide and show messages here (through the
 * feed), and delete messages or ban and time out their authors on the
 * platform through the item's connector (Twitch, YouTube), after asking
 * for bans. What the platform refuses is said in a toast, in its words.
 * Messages the word filter hid are left out of the list unless the host
 * turns on "Show Hidden Messages"; held ones wait in it with Allow and
 * Hide. */

#define G_LOG_DOMAIN "vitrine-feed-pane"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "vitrine-comment-queue.h"
#include "vitrine-feed-pane.h"
#include "vitrine-feed-row.h"
#include "vitrine-twitch-chat.h"
#include "vitrine-youtube-chat.h"

/* Within this many pixels of the end, the list counts as at the bottom. */
#define BOTTOM_SLACK 4.0

/* "Time Out": as long as Twitch's and YouTube's own default. */
#define TIMEOUT_SECONDS 600

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
  gboolean            show_hidden;

  VitrineCommentQueue *comment_queue;
  gboolean            on_screen_from_queue;
  gboolean            switching;       /* a direct comment replaces the queue's */
  gboolean            syncing_seconds;
  GCancellable       *cancellable;     /* moderation requests */
  GHashTable         *pending;         /* VitrineFeedItem → TRUE: a request on its way */

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
  GtkToggleButton    *show_hidden_button;
  GtkRevealer        *queue_revealer;
  GtkLabel           *queue_title;
  GtkSpinButton      *seconds_spin;
  GtkListBox         *queue_list;
};

G_DEFINE_FINAL_TYPE (VitrineFeedPane, vitrine_feed_pane, GTK_TYPE_BOX)

enum {
  PROP_0,
  PROP_FEED,
  PROP_FOLLOWING,
  PROP_N_NEW,
  PROP_ON_SCREEN,
  PROP_SHOW_HIDDEN,
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

  /* What the word filter hid is not shown unless asked for; what it held
   * waits in the list for the host. */
  if (!self->show_hidden &&
      vitrine_feed_item_get_visibility (item) == VITRINE_FEED_ITEM_HIDDEN &&
      vitrine_feed_item_get_filter_state (item) == VITRINE_FEED_ITEM_FILTER_HIDDEN)
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

/* The row the keyboard focus is on or in. */
static VitrineFeedRow *
focused_row (VitrineFeedPane *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWidget *focus = root != NULL ? gtk_root_get_focus (root) : NULL;

  for (GtkWidget *w = focus; w != NULL && w != GTK_WIDGET (self->list_view);
       w = gtk_widget_get_parent (w))
    if (VITRINE_IS_FEED_ROW (w))
      return VITRINE_FEED_ROW (w);

  /* The list's own row widget holds the focus; ours is its child. */
  if (focus != NULL && VITRINE_IS_FEED_ROW (gtk_widget_get_first_child (focus)))
    return VITRINE_FEED_ROW (gtk_widget_get_first_child (focus));

  return NULL;
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

    case GDK_KEY_Menu:
    case GDK_KEY_F10:
      /* The context-menu keys open the focused row's menu. */
      if (keyval == GDK_KEY_Menu || (state & GDK_SHIFT_MASK))
        {
          VitrineFeedRow *row = focused_row (self);

          if (row != NULL)
            {
              vitrine_feed_row_popup_menu (row);
              return TRUE;
            }
        }
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
  if (!self->refiltering && added > removed &&
      position + added == g_list_model_get_n_items (model))
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

static VitrineFeedRowAbilities
abilities_for (VitrineFeedPane *self,
               VitrineFeedItem *item)
{
  VitrineFeedRowAbilities abilities = VITRINE_FEED_ROW_CAN_NONE;
  VitrineFeedItemKind kind = vitrine_feed_item_get_kind (item);
  VitrineFeedSource *source;
  gboolean twitch, youtube;

  if (vitrine_comment_queue_contains (self->comment_queue, item))
    abilities |= VITRINE_FEED_ROW_QUEUED;

  if (self->feed == NULL ||
      (kind != VITRINE_FEED_ITEM_CHAT && kind != VITRINE_FEED_ITEM_PAID &&
       kind != VITRINE_FEED_ITEM_MEMBERSHIP))
    return abilities;

  /* Only the connectors with a moderation API; whether the account may
   * moderate, the platform says when asked. */
  source = vitrine_feed_find_source (self->feed, item);
  twitch = source != NULL && VITRINE_IS_TWITCH_CHAT (source);
  youtube = source != NULL && VITRINE_IS_YOUTUBE_CHAT (source);
  if (!twitch && !youtube)
    return abilities;

  if (vitrine_feed_item_get_id (item) != NULL && kind != VITRINE_FEED_ITEM_MEMBERSHIP)
    abilities |= VITRINE_FEED_ROW_CAN_DELETE;
  /* Nobody bans the channel's owner. */
  if (vitrine_feed_item_get_author_id (item) != NULL &&
      !(vitrine_feed_item_get_flags (item) & VITRINE_FEED_ITEM_FLAG_OWNER))
    abilities |= VITRINE_FEED_ROW_CAN_BAN | VITRINE_FEED_ROW_CAN_TIMEOUT;

  return abilities;
}

static void
update_row (VitrineFeedPane *self,
            VitrineFeedRow  *row)
{
  VitrineFeedItem *item = vitrine_feed_row_get_item (row);

  vitrine_feed_row_set_on_screen (row, item != NULL && item == self->on_screen);
  vitrine_feed_row_set_show_hidden (row, self->show_hidden);
  vitrine_feed_row_set_abilities (row, item != NULL ? abilities_for (self, item) : 0);
}

/* The rows on screen, after a change of what is on screen or queued. */
static void
update_rows (VitrineFeedPane *self,
             GtkWidget       *widget)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (VITRINE_IS_FEED_ROW (child))
        update_row (self, VITRINE_FEED_ROW (child));
      else
        update_rows (self, child);
    }
}

static void take_off_screen (VitrineFeedPane *self);

static void
on_screen_visibility_cb (VitrineFeedPane *self)
{
  /* Deleted or banned on the platform, or hidden here: off the program.
   * (The queue takes its own comment off, and shows the next.) */
  if (vitrine_feed_item_get_visibility (self->on_screen) != VITRINE_FEED_ITEM_VISIBLE &&
      !self->on_screen_from_queue)
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

  self->on_screen_from_queue =
    item != NULL && item == vitrine_comment_queue_get_current (self->comment_queue);
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
  update_rows (self, GTK_WIDGET (self->list_view));

  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_ON_SCREEN]);
}

VitrineFeedItem *
vitrine_feed_pane_get_on_screen (VitrineFeedPane *self)
{
  g_return_val_if_fail (VITRINE_IS_FEED_PANE (self), NULL);

  return self->on_screen;
}

static void
clear_screen (VitrineFeedPane *self)
{
  if (self->on_screen == NULL)
    return;

  vitrine_feed_pane_set_on_screen (self, NULL);
  g_signal_emit (self, signals [TAKE_OFF_SCREEN], 0);
}

/* The host takes the comment off (or it may no longer be shown). A comment
 * of the queue has had its time: the next approved one follows. A comment
 * shown directly gives the screen back to the queue. */
static void
take_off_screen (VitrineFeedPane *self)
{
  if (self->on_screen == NULL)
    return;

  if (self->on_screen_from_queue)
    {
      vitrine_comment_queue_next (self->comment_queue);
      return;
    }

  clear_screen (self);
  vitrine_comment_queue_set_paused (self->comment_queue, FALSE);
}

static void
take_off_clicked_cb (VitrineFeedPane *self)
{
  take_off_screen (self);
}

/* The queue's turn: its comment goes on screen the way "Show on Screen"
 * puts one there, or leaves it. */
static void
queue_current_cb (VitrineFeedPane *self)
{
  VitrineFeedItem *current = vitrine_comment_queue_get_current (self->comment_queue);
  gboolean shown = FALSE;

  if (current == NULL)
    {
      /* Replaced by a comment shown directly: no gap on the program. */
      if (!self->switching && self->on_screen_from_queue)
        clear_screen (self);
      return;
    }

  g_signal_emit (self, signals [SHOW_ON_SCREEN], 0, current, &shown);
  if (shown)
    vitrine_feed_pane_set_on_screen (self, current);
  else if (self->on_screen_from_queue)
    clear_screen (self);
}

static void
row_show_on_screen_cb (VitrineFeedRow  *row,
                       VitrineFeedItem *item,
                       VitrineFeedPane *self)
{
  g_autoptr(VitrineFeedItem) keep = g_object_ref (item);
  gboolean shown = FALSE;

  if (vitrine_feed_item_get_visibility (item) != VITRINE_FEED_ITEM_VISIBLE)
    return;

  /* Shown directly, it takes the screen from the queue until taken off. */
  self->switching = TRUE;
  vitrine_comment_queue_set_paused (self->comment_queue, TRUE);
  self->switching = FALSE;

  g_signal_emit (self, signals [SHOW_ON_SCREEN], 0, item, &shown);
  if (shown)
    {
      vitrine_comment_queue_discard (self->comment_queue, item);
      self->on_screen_from_queue = FALSE;
      vitrine_feed_pane_set_on_screen (self, item);
    }
  else
    {
      vitrine_comment_queue_set_paused (self->comment_queue, FALSE);
    }
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
/* The on-screen queue                                                    */

static VitrineFeedItem *
button_item (GtkWidget *button)
{
  return g_object_get_data (G_OBJECT (button), "vitrine-feed-item");
}

static void
approve_clicked_cb (GtkWidget       *button,
                    VitrineFeedPane *self)
{
  vitrine_comment_queue_approve (self->comment_queue, button_item (button));
}

static void
move_up_clicked_cb (GtkWidget       *button,
                    VitrineFeedPane *self)
{
  vitrine_comment_queue_move_up (self->comment_queue, button_item (button));
}

static void
discard_clicked_cb (GtkWidget       *button,
                    VitrineFeedPane *self)
{
  vitrine_comment_queue_discard (self->comment_queue, button_item (button));
}

static GtkWidget *
queue_button (VitrineFeedPane *self,
              VitrineFeedItem *item,
              const char      *icon_name,
              const char      *tooltip,
              GCallback        callback)
{
  GtkWidget *button = gtk_button_new_from_icon_name (icon_name);

  gtk_widget_set_tooltip_text (button, tooltip);
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (button, "flat");
  gtk_widget_add_css_class (button, "circular");
  g_object_set_data_full (G_OBJECT (button), "vitrine-feed-item", g_object_ref (item),
                          g_object_unref);
  g_signal_connect (button, "clicked", callback, self);
  return button;
}

static GtkWidget *
create_queue_row (gpointer object,
                  gpointer user_data)
{
  VitrineFeedPane *self = user_data;
  VitrineFeedItem *item = object;
  VitrineCommentState state = vitrine_comment_queue_get_state (self->comment_queue, item);
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *pill;
  GtkWidget *label;
  GtkWidget *button;
  const char *author = vitrine_feed_item_get_author (item);
  g_autofree char *text = NULL;
  g_autoptr(VitrineFeedItem) first = g_list_model_get_item (G_LIST_MODEL (self->comment_queue),
                                                            0);

  gtk_widget_add_css_class (box, "comment-queue-row");

  switch (state)
    {
    case VITRINE_COMMENT_ON_SCREEN:
      pill = gtk_label_new (_("On screen"));
      gtk_widget_add_css_class (pill, "on-screen-pill");
      break;

    case VITRINE_COMMENT_APPROVED:
      /* Translators: a queued comment approved, waiting for its turn on screen */
      pill = gtk_label_new (_("Approved"));
      gtk_widget_add_css_class (pill, "comment-approved-pill");
      break;

    case VITRINE_COMMENT_QUEUED:
    default:
      /* Translators: a queued comment the host has not approved yet */
      pill = gtk_label_new (_("Waiting"));
      gtk_widget_add_css_class (pill, "comment-waiting-pill");
      break;
    }
  gtk_widget_set_valign (pill, GTK_ALIGN_CENTER);
  gtk_box_append (GTK_BOX (box), pill);

  if (author != NULL && author[0] != '\0')
    text = g_strdup_printf (_("%s: %s"), author, vitrine_feed_item_get_text (item));
  else
    text = g_strdup (vitrine_feed_item_get_text (item));
  label = gtk_label_new (text);
  gtk_label_set_use_markup (GTK_LABEL (label), FALSE);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_max_width_chars (GTK_LABEL (label), 20);
  gtk_widget_set_hexpand (label, TRUE);
  gtk_widget_set_tooltip_text (label, text);
  gtk_box_append (GTK_BOX (box), label);

  if (state == VITRINE_COMMENT_QUEUED)
    gtk_box_append (GTK_BOX (box),
                    queue_button (self, item, "object-select-symbolic",
                                  _("Approve: on screen when its turn comes"),
                                  G_CALLBACK (approve_clicked_cb)));
  button = queue_button (self, item, "go-up-symbolic", _("Move Up"),
                         G_CALLBACK (move_up_clicked_cb));
  gtk_widget_set_sensitive (button, first != item);
  gtk_box_append (GTK_BOX (box), button);
  gtk_box_append (GTK_BOX (box),
                  queue_button (self, item, "window-close-symbolic",
                                state == VITRINE_COMMENT_ON_SCREEN
                                ? _("Take Off Screen") : _("Discard"),
                                G_CALLBACK (discard_clicked_cb)));

  return box;
}

static void
queue_changed_cb (VitrineFeedPane *self)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->comment_queue));
  g_autofree char *title = NULL;

  /* Translators: the title of the strip of comments queued for the screen */
  title = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u Comment for the Screen",
                                        "%u Comments for the Screen", n), n);
  gtk_label_set_text (self->queue_title, title);
  gtk_revealer_set_reveal_child (self->queue_revealer, n > 0);
  update_rows (self, GTK_WIDGET (self->list_view));
}

static void
seconds_changed_cb (VitrineFeedPane *self)
{
  if (!self->syncing_seconds)
    vitrine_comment_queue_set_seconds (self->comment_queue,
                                       gtk_spin_button_get_value_as_int (self->seconds_spin));
}

static void
queue_seconds_cb (VitrineFeedPane *self)
{
  self->syncing_seconds = TRUE;
  gtk_spin_button_set_value (self->seconds_spin,
                             vitrine_comment_queue_get_seconds (self->comment_queue));
  self->syncing_seconds = FALSE;
}

/**
 * vitrine_feed_pane_get_comment_queue:
 *
 * Returns: (transfer none): the comments queued for the screen
 */
VitrineCommentQueue *
vitrine_feed_pane_get_comment_queue (VitrineFeedPane *self)
{
  g_return_val_if_fail (VITRINE_IS_FEED_PANE (self), NULL);

  return self->comment_queue;
}

/* ---------------------------------------------------------------------- */
/* Moderation                                                             */

/* Said in the window's toasts (titles there are markup). */
static void
tell_host (VitrineFeedPane *self,
           const char      *message)
{
  GtkWidget *overlay = gtk_widget_get_ancestor (GTK_WIDGET (self), ADW_TYPE_TOAST_OVERLAY);
  g_autofree char *escaped = NULL;

  if (overlay == NULL)
    {
      g_debug ("No toast overlay to say: %s", message);
      return;
    }
  escaped = g_markup_escape_text (message, -1);
  adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay), adw_toast_new (escaped));
}

typedef struct
{
  VitrineFeedPane      *pane;
  VitrineFeed          *feed;
  VitrineFeedItem      *item;
  VitrineFeedRowAction  action;
} Moderation;

static void
moderation_free (Moderation *op)
{
  g_clear_object (&op->pane);
  g_clear_object (&op->feed);
  g_clear_object (&op->item);
  g_free (op);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Moderation, moderation_free)

static void
moderation_done_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(Moderation) op = user_data;
  g_autoptr(GError) error = NULL;
  gboolean done;

  if (VITRINE_IS_TWITCH_CHAT (object))
    done = op->action == VITRINE_FEED_ROW_DELETE
           ? vitrine_twitch_chat_delete_message_finish (VITRINE_TWITCH_CHAT (object), result,
                                                        &error)
           : vitrine_twitch_chat_ban_user_finish (VITRINE_TWITCH_CHAT (object), result, &error);
  else
    done = op->action == VITRINE_FEED_ROW_DELETE
           ? vitrine_youtube_chat_delete_message_finish (VITRINE_YOUTUBE_CHAT (object), result,
                                                         &error)
           : vitrine_youtube_chat_ban_user_finish (VITRINE_YOUTUBE_CHAT (object), result, &error);

  g_hash_table_remove (op->pane->pending, op->item);
  if (!done)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        tell_host (op->pane, error->message);
      return;
    }

  /* The platform said yes. Its own event (CLEARMSG, CLEARCHAT, the next
   * page) may follow, or not reach Vitrine: shown now; the feed says it
   * once. */
  if (op->action == VITRINE_FEED_ROW_DELETE)
    vitrine_feed_retract (op->feed, vitrine_feed_item_get_platform (op->item),
                          vitrine_feed_item_get_id (op->item));
  else
    vitrine_feed_timeout (op->feed, vitrine_feed_item_get_platform (op->item),
                          vitrine_feed_item_get_author_id (op->item),
                          op->action == VITRINE_FEED_ROW_TIMEOUT ? TIMEOUT_SECONDS : 0);
}

static void
moderate_on_platform (VitrineFeedPane      *self,
                      VitrineFeedItem      *item,
                      VitrineFeedRowAction  action)
{
  VitrineFeedSource *source;
  Moderation *op;
  const char *id = vitrine_feed_item_get_id (item);
  const char *author_id = vitrine_feed_item_get_author_id (item);
  gboolean deleting = action == VITRINE_FEED_ROW_DELETE;

  if (self->feed == NULL || g_hash_table_contains (self->pending, item))
    return;

  source = vitrine_feed_find_source (self->feed, item);
  if (source == NULL ||
      (!VITRINE_IS_TWITCH_CHAT (source) && !VITRINE_IS_YOUTUBE_CHAT (source)) ||
      (deleting ? id == NULL : author_id == NULL) ||
      (action == VITRINE_FEED_ROW_TIMEOUT && VITRINE_IS_TWITCH_CHAT (source)))
    {
      g_autofree char *message =
        g_strdup_printf (_("Vitrine cannot do this on %s"),
                         vitrine_feed_platform_name (vitrine_feed_item_get_platform (item)));

      tell_host (self, message);
      return;
    }

  op = g_new0 (Moderation, 1);
  op->pane = g_object_ref (self);
  op->feed = g_object_ref (self->feed);
  op->item = g_object_ref (item);
  op->action = action;
  g_hash_table_add (self->pending, g_object_ref (item));

  if (VITRINE_IS_TWITCH_CHAT (source) && deleting)
    vitrine_twitch_chat_delete_message_async (VITRINE_TWITCH_CHAT (source), id,
                                              self->cancellable, moderation_done_cb, op);
  else if (VITRINE_IS_TWITCH_CHAT (source))
    vitrine_twitch_chat_ban_user_async (VITRINE_TWITCH_CHAT (source), author_id, NULL,
                                        action == VITRINE_FEED_ROW_TIMEOUT ? TIMEOUT_SECONDS : 0,
                                        self->cancellable, moderation_done_cb, op);
  else if (deleting)
    vitrine_youtube_chat_delete_message_async (VITRINE_YOUTUBE_CHAT (source), id,
                                               self->cancellable, moderation_done_cb, op);
  else
    vitrine_youtube_chat_ban_user_async (VITRINE_YOUTUBE_CHAT (source), author_id,
                                         action == VITRINE_FEED_ROW_TIMEOUT ? TIMEOUT_SECONDS : 0,
                                         self->cancellable, moderation_done_cb, op);
}

typedef struct
{
  VitrineFeedPane      *pane;
  VitrineFeedItem      *item;
  VitrineFeedRowAction  action;
} Confirmation;

static void
confirmation_free (gpointer data,
                   GClosure *closure)
{
  Confirmation *confirmation = data;

  g_clear_object (&confirmation->pane);
  g_clear_object (&confirmation->item);
  g_free (confirmation);
}

static void
confirmation_response_cb (AdwMessageDialog *dialog,
                          const char       *response,
                          Confirmation     *confirmation)
{
  if (g_strcmp0 (response, "ban") == 0)
    moderate_on_platform (confirmation->pane, confirmation->item, confirmation->action);
}

/* A ban is not undone from Vitrine: the host says yes first. */
static void
confirm_ban (VitrineFeedPane      *self,
             VitrineFeedItem      *item,
             VitrineFeedRowAction  action)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  const char *author = vitrine_feed_item_get_author (item);
  const char *platform = vitrine_feed_platform_name (vitrine_feed_item_get_platform (item));
  gboolean timeout = action == VITRINE_FEED_ROW_TIMEOUT;
  g_autofree char *heading = NULL;
  g_autofree char *body = NULL;
  Confirmation *confirmation;
  GtkWidget *dialog;

  if (author == NULL || author[0] == '\0')
    author = _("This viewer");

  if (timeout)
    {
      /* Translators: "Time Out kevin_b for 10 Minutes?" */
      heading = g_strdup_printf (_("Time Out %s for 10 Minutes?"), author);
      /* Translators: "kevin_b cannot write in the chat on YouTube for 10 minutes." */
      body = g_strdup_printf (_("%s cannot write in the chat on %s for 10 minutes."), author,
                              platform);
    }
  else
    {
      /* Translators: "Ban kevin_b?" */
      heading = g_strdup_printf (_("Ban %s?"), author);
      /* Translators: "kevin_b can no longer write in the chat on Twitch. Their
       * messages are marked in the feed." */
      body = g_strdup_printf (_("%s can no longer write in the chat on %s. Their messages are "
                                "marked in the feed."), author, platform);
    }

  /* Heading and body are plain text (never markup) in libadwaita 1.2. */
  dialog = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                   heading, body);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "ban", timeout ? _("_Time Out") : _("_Ban"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "ban",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  gtk_window_set_modal (GTK_WINDOW (dialog), TRUE);

  confirmation = g_new0 (Confirmation, 1);
  confirmation->pane = g_object_ref (self);
  confirmation->item = g_object_ref (item);
  confirmation->action = action;
  g_signal_connect_data (dialog, "response", G_CALLBACK (confirmation_response_cb),
                         confirmation, confirmation_free, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
row_moderate_cb (VitrineFeedRow       *row,
                 VitrineFeedRowAction  action,
                 VitrineFeedItem      *item,
                 VitrineFeedPane      *self)
{
  if (self->feed == NULL)
    return;

  switch (action)
    {
    case VITRINE_FEED_ROW_HIDE:
      vitrine_feed_hide (self->feed, item);
      break;

    case VITRINE_FEED_ROW_UNHIDE:
      vitrine_feed_unhide (self->feed, item);
      break;

    case VITRINE_FEED_ROW_QUEUE:
      if (!vitrine_comment_queue_add (self->comment_queue, item))
        tell_host (self, _("This comment cannot be queued: it is queued already, or the queue "
                           "is full"));
      break;

    case VITRINE_FEED_ROW_DELETE:
      moderate_on_platform (self, item, action);
      break;

    case VITRINE_FEED_ROW_TIMEOUT:
    case VITRINE_FEED_ROW_BAN:
      confirm_ban (self, item, action);
      break;

    default:
      g_assert_not_reached ();
    }
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
  g_signal_connect (row, "moderate", G_CALLBACK (row_moderate_cb), self);
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
  update_row (self, row);
}

static void
unbind_row_cb (VitrineFeedPane          *self,
               GtkListItem              *list_item,
               GtkSignalListItemFactory *factory)
{
  /* The row keeps its item until it is bound to another: GTK 4.8 unbinds
   * and binds again every row it keeps when an item leaves the front of
   * the list (the feed's window moving on), and a bind to the same item
   * costs nothing. bind_row_cb() sets everything a row shows. */
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

  /* A new show: its messages, all kinds, the newest in view, nothing
   * queued for the screen. */
  vitrine_comment_queue_clear (self->comment_queue);
  vitrine_comment_queue_set_paused (self->comment_queue, FALSE);
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

/**
 * vitrine_feed_pane_get_show_hidden:
 *
 * Returns: whether messages the word filter hid are listed (dimmed and
 *   struck through), and those the host hid shown whole
 */
gboolean
vitrine_feed_pane_get_show_hidden (VitrineFeedPane *self)
{
  g_return_val_if_fail (VITRINE_IS_FEED_PANE (self), FALSE);

  return self->show_hidden;
}

/**
 * vitrine_feed_pane_set_show_hidden:
 *
 * Shows or leaves out hidden messages, as the "Show Hidden Messages"
 * button does.
 */
void
vitrine_feed_pane_set_show_hidden (VitrineFeedPane *self,
                                   gboolean         show_hidden)
{
  g_return_if_fail (VITRINE_IS_FEED_PANE (self));

  gtk_toggle_button_set_active (self->show_hidden_button, show_hidden);
}

static void
show_hidden_toggled_cb (VitrineFeedPane *self)
{
  gboolean show_hidden = gtk_toggle_button_get_active (self->show_hidden_button);

  if (self->show_hidden == show_hidden)
    return;

  self->show_hidden = show_hidden;
  /* Not news, and the host stays where they read. */
  self->refiltering = TRUE;
  gtk_filter_changed (GTK_FILTER (self->filter),
                      show_hidden ? GTK_FILTER_CHANGE_LESS_STRICT
                                  : GTK_FILTER_CHANGE_MORE_STRICT);
  self->refiltering = FALSE;
  update_rows (self, GTK_WIDGET (self->list_view));
  update_page (self);
  if (self->following)
    queue_follow (self);

  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_SHOW_HIDDEN]);
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
  g_cancellable_cancel (self->cancellable);
  if (self->comment_queue != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->comment_queue, self);
      if (self->queue_list != NULL)
        gtk_list_box_bind_model (self->queue_list, NULL, NULL, NULL, NULL);
      g_clear_object (&self->comment_queue);
    }
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
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->pending, g_hash_table_unref);

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

    case PROP_SHOW_HIDDEN:
      g_value_set_boolean (value, self->show_hidden);
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

    case PROP_SHOW_HIDDEN:
      vitrine_feed_pane_set_show_hidden (self, g_value_get_boolean (value));
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
  /**
   * VitrineFeedPane:show-hidden:
   *
   * Whether hidden messages are listed: those the word filter hid, and
   * those the host hid whole rather than as one line.
   */
  properties [PROP_SHOW_HIDDEN] =
    g_param_spec_boolean ("show-hidden", NULL, NULL, FALSE,
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
  gtk_widget_class_bind_template_child (widget_class, VitrineFeedPane, show_hidden_button);
  gtk_widget_class_bind_template_child (widget_class, VitrineFeedPane, queue_revealer);
  gtk_widget_class_bind_template_child (widget_class, VitrineFeedPane, queue_title);
  gtk_widget_class_bind_template_child (widget_class, VitrineFeedPane, seconds_spin);
  gtk_widget_class_bind_template_child (widget_class, VitrineFeedPane, queue_list);
  gtk_widget_class_bind_template_callback (widget_class, search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, stop_search_cb);
  gtk_widget_class_bind_template_callback (widget_class, filter_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, take_off_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, new_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, show_hidden_toggled_cb);
  gtk_widget_class_bind_template_callback (widget_class, seconds_changed_cb);
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
  self->cancellable = g_cancellable_new ();
  self->pending = g_hash_table_new_full (g_direct_hash, g_direct_equal, g_object_unref, NULL);
  self->comment_queue = vitrine_comment_queue_new ();

  gtk_widget_init_template (GTK_WIDGET (self));

  g_signal_connect_object (self->comment_queue, "notify::current",
                           G_CALLBACK (queue_current_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->comment_queue, "items-changed",
                           G_CALLBACK (queue_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->comment_queue, "notify::seconds",
                           G_CALLBACK (queue_seconds_cb), self, G_CONNECT_SWAPPED);
  queue_seconds_cb (self);
  gtk_list_box_bind_model (self->queue_list, G_LIST_MODEL (self->comment_queue),
                           create_queue_row, self, NULL);
  queue_changed_cb (self);

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
