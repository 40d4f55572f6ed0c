/* vitrine-feed-row.c
 *
 * Copyright 2026 The Vitrine developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* One entry of the feed as the host reads it while on air: the platform as
 * a coloured pill, the author (with owner, moderator and member badges),
 * the time, what a paid message or an order carries, and the text. Paid
 * messages and orders are tinted so they stand out in a busy chat.
 *
 * It follows the item's visibility live: deleted on the platform or its
 * author banned, the row is dimmed and struck through; hidden by the host,
 * it shrinks to one line (or, while the pane shows hidden messages, is
 * dimmed and struck through with a "Hidden" or "Filtered" pill); held by
 * the word filter, it says which word and offers Allow and Hide. Everything
 * shown comes from the item as plain text (sanitised by its constructor);
 * no label here parses markup.
 *
 * Its menu (the button, a right click, the Menu key or Shift+F10) says what
 * the host chose with #VitrineFeedRow::moderate; the pane does it, and
 * tells the row what the item's connector can do on the platform
 * (vitrine_feed_row_set_abilities()). */

#define G_LOG_DOMAIN "vitrine-feed-row"

#include "config.h"

#include <glib/gi18n.h>

#include "vitrine-feed-row.h"

/* Longer texts are cut at this many lines; the tooltip has them whole. */
#define LONG_TEXT_CHARS 280

struct _VitrineFeedRow
{
  GtkBox           parent_instance;

  VitrineFeedItem *item;
  gboolean         on_screen;
  gboolean         show_hidden;
  VitrineFeedRowAbilities abilities;

  /* Template children */
  GtkImage        *kind_icon;
  GtkLabel        *platform_label;
  GtkLabel        *author_label;
  GtkLabel        *owner_badge;
  GtkLabel        *moderator_badge;
  GtkLabel        *member_badge;
  GtkImage        *verified_icon;
  GtkLabel        *hidden_label;
  GtkLabel        *state_label;
  GtkLabel        *on_screen_label;
  GtkLabel        *time_label;
  GtkMenuButton   *menu_button;
  GMenuModel      *row_menu;
  GtkLabel        *detail_label;
  GtkLabel        *text_label;
  GtkWidget       *held_box;
  GtkLabel        *held_label;
};

G_DEFINE_FINAL_TYPE (VitrineFeedRow, vitrine_feed_row, GTK_TYPE_BOX)

enum {
  PROP_0,
  PROP_ITEM,
  PROP_ON_SCREEN,
  PROP_SHOW_HIDDEN,
  N_PROPS
};

enum {
  SHOW_ON_SCREEN,
  TAKE_OFF_SCREEN,
  MODERATE,
  N_SIGNALS
};

static GParamSpec *properties [N_PROPS];
static guint signals [N_SIGNALS];

/* ---------------------------------------------------------------------- */
/* Platforms                                                              */

static const struct {
  const char *id;
  const char *name;   /* brand names: not translated */
} platforms[] = {
  { "youtube", "YouTube" },
  { "twitch", "Twitch" },
  { "facebook", "Facebook" },
  { "instagram", "Instagram" },
  { "tiktok", "TikTok" },
  { "kick", "Kick" },
  { "shopify", "Shopify" },
  { "woocommerce", "WooCommerce" },
};

/**
 * vitrine_feed_platform_name:
 * @platform: (nullable): a platform id ("youtube"…)
 *
 * Returns: how the host reads @platform: its brand name, the id itself for
 *   one Vitrine does not know, "Studio" for the studio's own notices
 */
const char *
vitrine_feed_platform_name (const char *platform)
{
  if (platform == NULL || platform[0] == '\0')
    /* Translators: the source of the studio's own notices in the feed */
    return _("Studio");

  for (guint i = 0; i < G_N_ELEMENTS (platforms); i++)
    if (g_ascii_strcasecmp (platform, platforms[i].id) == 0)
      return platforms[i].name;

  return platform;
}

/**
 * vitrine_feed_platform_css_class:
 * @platform: (nullable): a platform id
 *
 * Returns: the style class of @platform's pill ("other" when unknown)
 */
const char *
vitrine_feed_platform_css_class (const char *platform)
{
  if (platform != NULL)
    for (guint i = 0; i < G_N_ELEMENTS (platforms); i++)
      if (g_ascii_strcasecmp (platform, platforms[i].id) == 0)
        return platforms[i].id;

  return "other";
}

static const char *kind_classes[] = {
  [VITRINE_FEED_ITEM_NOTICE] = "notice",
  [VITRINE_FEED_ITEM_CHAT] = "chat",
  [VITRINE_FEED_ITEM_ORDER] = "order",
  [VITRINE_FEED_ITEM_PAID] = "paid",
  [VITRINE_FEED_ITEM_MEMBERSHIP] = "membership",
  [VITRINE_FEED_ITEM_CLAIM] = "claim",
  [VITRINE_FEED_ITEM_MODERATION] = "moderation",
};

/**
 * vitrine_feed_row_dup_badge_text:
 * @item: a feed item
 *
 * What the pill under the author says: the item's detail and amount, e.g.
 * "Super Chat · $20.00", "500 bits", "Order #1042 · 89,00 €", "A12 × 2 (M)".
 *
 * Returns: (transfer full) (nullable): the text, or %NULL for none
 */
char *
vitrine_feed_row_dup_badge_text (VitrineFeedItem *item)
{
  const char *detail = vitrine_feed_item_get_detail (item);
  const VitrineMoney *amount = vitrine_feed_item_get_amount (item);
  g_autofree char *money = amount != NULL ? vitrine_money_format (amount, NULL) : NULL;
  gboolean has_detail = detail != NULL && detail[0] != '\0';

  if (has_detail && money != NULL)
    /* Translators: a paid message's or an order's pill: "Super Chat · $20.00" */
    return g_strdup_printf (_("%s · %s"), detail, money);
  if (has_detail)
    return g_strdup (detail);

  return g_steal_pointer (&money);
}

/* ---------------------------------------------------------------------- */
/* Showing the item                                                       */

static void
set_label (GtkLabel   *label,
           const char *text)
{
  gtk_label_set_text (label, text != NULL ? text : "");
  gtk_widget_set_visible (GTK_WIDGET (label), text != NULL && *text != '\0');
}

static gboolean
is_held (VitrineFeedItem *item)
{
  return item != NULL &&
         vitrine_feed_item_get_visibility (item) == VITRINE_FEED_ITEM_HIDDEN &&
         vitrine_feed_item_get_filter_state (item) == VITRINE_FEED_ITEM_FILTER_HELD;
}

static void
update_actions (VitrineFeedRow *self)
{
  GtkWidget *widget = GTK_WIDGET (self);
  VitrineFeedItemVisibility visibility =
    self->item != NULL ? vitrine_feed_item_get_visibility (self->item) : VITRINE_FEED_ITEM_VISIBLE;
  gboolean has_text = self->item != NULL && vitrine_feed_item_get_text (self->item)[0] != '\0';
  gboolean visible = self->item != NULL && visibility == VITRINE_FEED_ITEM_VISIBLE;
  gboolean held = is_held (self->item);

  /* Only what the platform still shows may go on screen. */
  gtk_widget_action_set_enabled (widget, "feed-row.show-on-screen",
                                 has_text && !self->on_screen && visible);
  gtk_widget_action_set_enabled (widget, "feed-row.queue-for-screen",
                                 has_text && visible && !self->on_screen &&
                                 !(self->abilities & VITRINE_FEED_ROW_QUEUED));
  gtk_widget_action_set_enabled (widget, "feed-row.take-off-screen", self->on_screen);
  gtk_widget_action_set_enabled (widget, "feed-row.copy-text", has_text);
  gtk_widget_action_set_enabled (widget, "feed-row.hide",
                                 self->item != NULL &&
                                 (visibility != VITRINE_FEED_ITEM_HIDDEN || held));
  gtk_widget_action_set_enabled (widget, "feed-row.unhide",
                                 self->item != NULL && visibility == VITRINE_FEED_ITEM_HIDDEN &&
                                 !held);
  gtk_widget_action_set_enabled (widget, "feed-row.allow", held);

  /* On the platform: where its connector can, and not twice. */
  gtk_widget_action_set_enabled (widget, "feed-row.delete",
                                 self->item != NULL &&
                                 (self->abilities & VITRINE_FEED_ROW_CAN_DELETE) &&
                                 visibility != VITRINE_FEED_ITEM_DELETED);
  gtk_widget_action_set_enabled (widget, "feed-row.timeout",
                                 self->item != NULL &&
                                 (self->abilities & VITRINE_FEED_ROW_CAN_TIMEOUT) &&
                                 visibility != VITRINE_FEED_ITEM_BANNED);
  gtk_widget_action_set_enabled (widget, "feed-row.ban",
                                 self->item != NULL &&
                                 (self->abilities & VITRINE_FEED_ROW_CAN_BAN) &&
                                 visibility != VITRINE_FEED_ITEM_BANNED);
}

/* The local time zone, read once: g_date_time_to_local() looks at
 * /etc/localtime again on every bind. */
static GTimeZone *
local_time_zone (void)
{
  static GTimeZone *zone;

  if (g_once_init_enter (&zone))
    g_once_init_leave (&zone, g_time_zone_new_local ());
  return zone;
}

/* Tooltips are read when asked for: gtk_widget_set_tooltip_text() asks the
 * X server where the pointer is, a round trip on every bind of every row
 * (most of a bind's time with 100 000 messages in the list). */
static void
set_tooltip (GtkWidget  *widget,
             const char *text)
{
  g_object_set_data_full (G_OBJECT (widget), "vitrine-tooltip", g_strdup (text), g_free);
}

static gboolean
query_tooltip_cb (GtkWidget  *widget,
                  int         x,
                  int         y,
                  gboolean    keyboard,
                  GtkTooltip *tooltip,
                  gpointer    user_data)
{
  const char *text = g_object_get_data (G_OBJECT (widget), "vitrine-tooltip");

  if (text == NULL || *text == '\0')
    return FALSE;
  gtk_tooltip_set_text (tooltip, text);
  return TRUE;
}

static void
update_visibility (VitrineFeedRow *self)
{
  GtkWidget *widget = GTK_WIDGET (self);
  VitrineFeedItemVisibility visibility = VITRINE_FEED_ITEM_VISIBLE;
  VitrineFeedItemFilterState filter = VITRINE_FEED_ITEM_FILTER_NONE;
  VitrineFeedItemFlags flags = 0;
  const char *blocked = NULL;
  gboolean hidden, held, struck, retracted, studio;
  g_autoptr(PangoAttrList) attrs = NULL;

  if (self->item != NULL)
    {
      visibility = vitrine_feed_item_get_visibility (self->item);
      filter = vitrine_feed_item_get_filter_state (self->item);
      flags = vitrine_feed_item_get_flags (self->item);
      blocked = vitrine_feed_item_get_blocked_word (self->item);
    }
  held = is_held (self->item);
  retracted = visibility == VITRINE_FEED_ITEM_DELETED || visibility == VITRINE_FEED_ITEM_BANNED;
  /* Hidden and collapsed to one line, unless the host asked to see them
   * (then dimmed and struck through, as what is not to be read out). */
  hidden = visibility == VITRINE_FEED_ITEM_HIDDEN && !held && !self->show_hidden;
  struck = retracted || (visibility == VITRINE_FEED_ITEM_HIDDEN && !held && self->show_hidden);
  studio = self->item != NULL &&
           (vitrine_feed_item_get_kind (self->item) == VITRINE_FEED_ITEM_NOTICE ||
            vitrine_feed_item_get_kind (self->item) == VITRINE_FEED_ITEM_MODERATION);

  if (hidden && filter == VITRINE_FEED_ITEM_FILTER_HIDDEN)
    /* Translators: in the feed, in place of a message with a word the show blocks */
    gtk_label_set_text (self->hidden_label, _("Hidden by the word filter"));
  else
    gtk_label_set_text (self->hidden_label, _("Hidden by you"));

  /* Held: what the filter found, and the host's two choices. */
  gtk_widget_set_visible (self->held_box, held);
  if (held)
    {
      g_autofree char *why = NULL;

      /* Translators: under a message the word filter held: Contains “scam*” */
      why = g_strdup_printf (_("Contains “%s”"), blocked != NULL ? blocked : "");
      gtk_label_set_text (self->held_label, why);
    }

  /* Hidden: one line, without the author either (an offensive name is a
   * reason to hide a message). */
  gtk_widget_set_visible (GTK_WIDGET (self->author_label),
                          !hidden && gtk_label_get_text (self->author_label)[0] != '\0');
  gtk_widget_set_visible (GTK_WIDGET (self->text_label),
                          !hidden && gtk_label_get_text (self->text_label)[0] != '\0');
  gtk_widget_set_visible (GTK_WIDGET (self->detail_label),
                          !hidden && gtk_label_get_text (self->detail_label)[0] != '\0');
  gtk_widget_set_visible (GTK_WIDGET (self->hidden_label), hidden);
  gtk_widget_set_visible (GTK_WIDGET (self->owner_badge),
                          !hidden && !studio && (flags & VITRINE_FEED_ITEM_FLAG_OWNER));
  gtk_widget_set_visible (GTK_WIDGET (self->moderator_badge),
                          !hidden && !studio && (flags & VITRINE_FEED_ITEM_FLAG_MODERATOR));
  gtk_widget_set_visible (GTK_WIDGET (self->member_badge),
                          !hidden && !studio && (flags & VITRINE_FEED_ITEM_FLAG_MEMBER));
  gtk_widget_set_visible (GTK_WIDGET (self->verified_icon),
                          !hidden && !studio && (flags & VITRINE_FEED_ITEM_FLAG_VERIFIED));

  gtk_widget_remove_css_class (GTK_WIDGET (self->state_label), "deleted");
  gtk_widget_remove_css_class (GTK_WIDGET (self->state_label), "banned");
  gtk_widget_remove_css_class (GTK_WIDGET (self->state_label), "held");
  if (held)
    {
      /* Translators: on a message the word filter holds for the host */
      set_label (self->state_label, _("Held"));
      gtk_widget_add_css_class (GTK_WIDGET (self->state_label), "held");
      set_tooltip (GTK_WIDGET (self->state_label),
                                   _("The word filter holds it: allow it or hide it"));
    }
  else if (visibility == VITRINE_FEED_ITEM_HIDDEN && self->show_hidden)
    {
      g_autofree char *tooltip = NULL;

      if (filter == VITRINE_FEED_ITEM_FILTER_HIDDEN)
        {
          /* Translators: on a message the word filter hid, shown on request */
          set_label (self->state_label, _("Filtered"));
          tooltip = g_strdup_printf (_("Hidden by the word filter: it contains “%s”"),
                                     blocked != NULL ? blocked : "");
        }
      else
        {
          /* Translators: on a message the host hid, shown on request */
          set_label (self->state_label, _("Hidden"));
          tooltip = g_strdup (_("Hidden by you; the platform’s viewers still see it"));
        }
      gtk_widget_add_css_class (GTK_WIDGET (self->state_label), "deleted");
      set_tooltip (GTK_WIDGET (self->state_label), tooltip);
    }
  else if (visibility == VITRINE_FEED_ITEM_DELETED)
    {
      /* Translators: on a message deleted on its platform */
      set_label (self->state_label, _("Deleted"));
      gtk_widget_add_css_class (GTK_WIDGET (self->state_label), "deleted");
      set_tooltip (GTK_WIDGET (self->state_label),
                                   _("Deleted on the platform by its author or a moderator"));
    }
  else if (visibility == VITRINE_FEED_ITEM_BANNED)
    {
      /* Translators: on a message whose author was banned or timed out */
      set_label (self->state_label, _("Banned"));
      gtk_widget_add_css_class (GTK_WIDGET (self->state_label), "banned");
      set_tooltip (GTK_WIDGET (self->state_label),
                                   _("Its author was banned or timed out on the platform"));
    }
  else
    {
      set_label (self->state_label, NULL);
      set_tooltip (GTK_WIDGET (self->state_label), NULL);
    }

  if (struck)
    {
      attrs = pango_attr_list_new ();
      pango_attr_list_insert (attrs, pango_attr_strikethrough_new (TRUE));
    }
  gtk_label_set_attributes (self->text_label, attrs);
  gtk_label_set_attributes (self->detail_label, attrs);

  if (struck)
    gtk_widget_add_css_class (widget, "retracted");
  else
    gtk_widget_remove_css_class (widget, "retracted");
  if (hidden)
    gtk_widget_add_css_class (widget, "hidden-by-host");
  else
    gtk_widget_remove_css_class (widget, "hidden-by-host");
  if (held)
    gtk_widget_add_css_class (widget, "held");
  else
    gtk_widget_remove_css_class (widget, "held");

  update_actions (self);
}

static void
update_item (VitrineFeedRow *self)
{
  GtkWidget *widget = GTK_WIDGET (self);
  VitrineFeedItem *item = self->item;
  VitrineFeedItemKind kind;
  const char *platform;
  const char *text;
  g_autofree char *badge = NULL;
  g_autofree char *time = NULL;
  g_autofree char *when = NULL;
  g_autoptr(GDateTime) local = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (kind_classes); i++)
    gtk_widget_remove_css_class (widget, kind_classes[i]);
  for (guint i = 0; i < G_N_ELEMENTS (platforms); i++)
    gtk_widget_remove_css_class (GTK_WIDGET (self->platform_label), platforms[i].id);
  gtk_widget_remove_css_class (GTK_WIDGET (self->platform_label), "other");

  if (item == NULL)
    {
      set_label (self->platform_label, NULL);
      set_label (self->author_label, NULL);
      set_label (self->time_label, NULL);
      set_label (self->detail_label, NULL);
      set_label (self->text_label, NULL);
      gtk_widget_set_visible (GTK_WIDGET (self->kind_icon), FALSE);
      update_visibility (self);
      return;
    }

  kind = vitrine_feed_item_get_kind (item);
  platform = vitrine_feed_item_get_platform (item);
  text = vitrine_feed_item_get_text (item);
  if (kind < G_N_ELEMENTS (kind_classes) && kind_classes[kind] != NULL)
    gtk_widget_add_css_class (widget, kind_classes[kind]);

  /* The studio's own notices have no platform pill, an icon instead. */
  if (kind == VITRINE_FEED_ITEM_NOTICE || kind == VITRINE_FEED_ITEM_MODERATION)
    {
      gtk_image_set_from_icon_name (self->kind_icon,
                                    kind == VITRINE_FEED_ITEM_NOTICE
                                      ? "dialog-information-symbolic"
                                      : "emblem-important-symbolic");
      gtk_widget_set_visible (GTK_WIDGET (self->kind_icon), TRUE);
    }
  else
    {
      gtk_widget_set_visible (GTK_WIDGET (self->kind_icon), FALSE);
    }
  if (platform != NULL && platform[0] != '\0')
    {
      set_label (self->platform_label, vitrine_feed_platform_name (platform));
      gtk_widget_add_css_class (GTK_WIDGET (self->platform_label),
                                vitrine_feed_platform_css_class (platform));
    }
  else
    {
      set_label (self->platform_label, NULL);
    }

  set_label (self->author_label, vitrine_feed_item_get_author (item));
  set_tooltip (GTK_WIDGET (self->author_label),
                               vitrine_feed_item_get_author (item));

  local = g_date_time_to_timezone (vitrine_feed_item_get_time (item), local_time_zone ());
  time = g_date_time_format (local, "%H:%M");
  when = g_date_time_format (local, "%c");
  set_label (self->time_label, time);
  set_tooltip (GTK_WIDGET (self->time_label), when);

  badge = vitrine_feed_row_dup_badge_text (item);
  set_label (self->detail_label, badge);

  set_label (self->text_label, text);
  set_tooltip (GTK_WIDGET (self->text_label),
                               g_utf8_strlen (text, -1) > LONG_TEXT_CHARS ? text : NULL);

  update_visibility (self);
}

/* ---------------------------------------------------------------------- */
/* Actions                                                                */

static void
show_on_screen_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  VitrineFeedRow *self = VITRINE_FEED_ROW (widget);

  if (self->item != NULL)
    g_signal_emit (self, signals [SHOW_ON_SCREEN], 0, self->item);
}

static void
take_off_screen_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  VitrineFeedRow *self = VITRINE_FEED_ROW (widget);

  if (self->item != NULL)
    g_signal_emit (self, signals [TAKE_OFF_SCREEN], 0, self->item);
}

static void
copy_text_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  VitrineFeedRow *self = VITRINE_FEED_ROW (widget);

  if (self->item != NULL)
    gdk_clipboard_set_text (gtk_widget_get_clipboard (widget),
                            vitrine_feed_item_get_text (self->item));
}

/* Hide, Show Again / Allow, Queue for Screen, Delete, Time Out, Ban: the
 * pane does them (through the feed, the queue, the item's connector). */
static void
moderate_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  VitrineFeedRow *self = VITRINE_FEED_ROW (widget);
  static const struct {
    const char           *name;
    VitrineFeedRowAction  action;
  } actions[] = {
    { "feed-row.hide", VITRINE_FEED_ROW_HIDE },
    { "feed-row.unhide", VITRINE_FEED_ROW_UNHIDE },
    { "feed-row.allow", VITRINE_FEED_ROW_UNHIDE },
    { "feed-row.queue-for-screen", VITRINE_FEED_ROW_QUEUE },
    { "feed-row.delete", VITRINE_FEED_ROW_DELETE },
    { "feed-row.timeout", VITRINE_FEED_ROW_TIMEOUT },
    { "feed-row.ban", VITRINE_FEED_ROW_BAN },
  };
  g_autoptr(VitrineFeedItem) item = NULL;

  if (self->item == NULL)
    return;

  /* The handler may rebind the row. */
  item = g_object_ref (self->item);
  for (guint i = 0; i < G_N_ELEMENTS (actions); i++)
    if (g_str_equal (action_name, actions[i].name))
      {
        g_signal_emit (self, signals [MODERATE], 0, actions[i].action, item);
        return;
      }
}

static void
popup_menu_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  vitrine_feed_row_popup_menu (VITRINE_FEED_ROW (widget));
}

/* A right click anywhere on the row opens the same menu as its button. */
/* The menu's popover is built the first time it opens: a list of messages
 * creates and recycles rows all the time, and most menus never open. */
static void
ensure_menu (VitrineFeedRow *self)
{
  if (gtk_menu_button_get_popover (self->menu_button) == NULL)
    gtk_menu_button_set_menu_model (self->menu_button, self->row_menu);
}

static void
create_popup_cb (GtkMenuButton *button,
                 gpointer       user_data)
{
  ensure_menu (user_data);
}

static void
secondary_pressed_cb (GtkGestureClick *gesture,
                      int              n_press,
                      double           x,
                      double           y,
                      VitrineFeedRow  *self)
{
  if (self->item == NULL)
    return;

  gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_CLAIMED);
  ensure_menu (self);
  gtk_menu_button_popup (self->menu_button);
}

/* ---------------------------------------------------------------------- */
/* API                                                                    */

/**
 * vitrine_feed_row_set_item:
 * @item: (nullable): the item to show
 */
void
vitrine_feed_row_set_item (VitrineFeedRow  *self,
                           VitrineFeedItem *item)
{
  g_return_if_fail (VITRINE_IS_FEED_ROW (self));
  g_return_if_fail (!item || VITRINE_IS_FEED_ITEM (item));

  if (self->item == item)
    return;

  if (self->item != NULL)
    g_signal_handlers_disconnect_by_data (self->item, self);
  g_set_object (&self->item, item);
  if (item != NULL)
    {
      g_signal_connect_object (item, "notify::visibility", G_CALLBACK (update_visibility), self,
                               G_CONNECT_SWAPPED);
      g_signal_connect_object (item, "notify::filter-state", G_CALLBACK (update_visibility),
                               self, G_CONNECT_SWAPPED);
    }

  update_item (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_ITEM]);
}

VitrineFeedItem *
vitrine_feed_row_get_item (VitrineFeedRow *self)
{
  g_return_val_if_fail (VITRINE_IS_FEED_ROW (self), NULL);

  return self->item;
}

/**
 * vitrine_feed_row_set_on_screen:
 *
 * Marks the row as the comment highlighted on screen.
 */
void
vitrine_feed_row_set_on_screen (VitrineFeedRow *self,
                                gboolean        on_screen)
{
  g_return_if_fail (VITRINE_IS_FEED_ROW (self));

  on_screen = !!on_screen;
  if (self->on_screen == on_screen)
    return;

  self->on_screen = on_screen;
  gtk_widget_set_visible (GTK_WIDGET (self->on_screen_label), on_screen);
  if (on_screen)
    gtk_widget_add_css_class (GTK_WIDGET (self), "on-screen");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self), "on-screen");
  update_actions (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_ON_SCREEN]);
}

gboolean
vitrine_feed_row_get_on_screen (VitrineFeedRow *self)
{
  g_return_val_if_fail (VITRINE_IS_FEED_ROW (self), FALSE);

  return self->on_screen;
}

/**
 * vitrine_feed_row_get_menu_button:
 *
 * Returns: (transfer none): the button that opens the row's actions
 */
GtkWidget *
vitrine_feed_row_get_menu_button (VitrineFeedRow *self)
{
  g_return_val_if_fail (VITRINE_IS_FEED_ROW (self), NULL);

  return GTK_WIDGET (self->menu_button);
}

/**
 * vitrine_feed_row_popup_menu:
 *
 * Opens the row's menu, as its button, a right click, the Menu key and
 * Shift+F10 do.
 */
void
vitrine_feed_row_popup_menu (VitrineFeedRow *self)
{
  g_return_if_fail (VITRINE_IS_FEED_ROW (self));

  if (self->item != NULL)
    {
      ensure_menu (self);
      gtk_menu_button_popup (self->menu_button);
    }
}

VitrineFeedRowAbilities
vitrine_feed_row_get_abilities (VitrineFeedRow *self)
{
  g_return_val_if_fail (VITRINE_IS_FEED_ROW (self), 0);

  return self->abilities;
}

/**
 * vitrine_feed_row_set_abilities:
 * @abilities: what the item's connector can do on the platform, and
 *   whether the item is queued for the screen
 *
 * The pane says this when it binds the row to an item.
 */
void
vitrine_feed_row_set_abilities (VitrineFeedRow          *self,
                                VitrineFeedRowAbilities  abilities)
{
  g_return_if_fail (VITRINE_IS_FEED_ROW (self));

  if (self->abilities == abilities)
    return;
  self->abilities = abilities;
  update_actions (self);
}

gboolean
vitrine_feed_row_get_show_hidden (VitrineFeedRow *self)
{
  g_return_val_if_fail (VITRINE_IS_FEED_ROW (self), FALSE);

  return self->show_hidden;
}

/**
 * vitrine_feed_row_set_show_hidden:
 * @show_hidden: whether a hidden message is shown whole (dimmed and
 *   struck through) rather than as one line
 */
void
vitrine_feed_row_set_show_hidden (VitrineFeedRow *self,
                                  gboolean        show_hidden)
{
  g_return_if_fail (VITRINE_IS_FEED_ROW (self));

  show_hidden = !!show_hidden;
  if (self->show_hidden == show_hidden)
    return;
  self->show_hidden = show_hidden;
  update_visibility (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_SHOW_HIDDEN]);
}

/* ---------------------------------------------------------------------- */
/* GObject                                                                */

static void
vitrine_feed_row_dispose (GObject *object)
{
  VitrineFeedRow *self = VITRINE_FEED_ROW (object);

  vitrine_feed_row_set_item (self, NULL);

  gtk_widget_dispose_template (GTK_WIDGET (self), VITRINE_TYPE_FEED_ROW);

  G_OBJECT_CLASS (vitrine_feed_row_parent_class)->dispose (object);
}

static void
vitrine_feed_row_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  VitrineFeedRow *self = VITRINE_FEED_ROW (object);

  switch (prop_id)
    {
    case PROP_ITEM:
      g_value_set_object (value, self->item);
      break;

    case PROP_ON_SCREEN:
      g_value_set_boolean (value, self->on_screen);
      break;

    case PROP_SHOW_HIDDEN:
      g_value_set_boolean (value, self->show_hidden);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vitrine_feed_row_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  VitrineFeedRow *self = VITRINE_FEED_ROW (object);

  switch (prop_id)
    {
    case PROP_ITEM:
      vitrine_feed_row_set_item (self, g_value_get_object (value));
      break;

    case PROP_ON_SCREEN:
      vitrine_feed_row_set_on_screen (self, g_value_get_boolean (value));
      break;

    case PROP_SHOW_HIDDEN:
      vitrine_feed_row_set_show_hidden (self, g_value_get_boolean (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vitrine_feed_row_class_init (VitrineFeedRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = vitrine_feed_row_dispose;
  object_class->get_property = vitrine_feed_row_get_property;
  object_class->set_property = vitrine_feed_row_set_property;

  properties [PROP_ITEM] =
    g_param_spec_object ("item", NULL, NULL, VITRINE_TYPE_FEED_ITEM,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  /**
   * VitrineFeedRow:on-screen:
   *
   * Whether the row's comment is the one highlighted on screen.
   */
  properties [PROP_ON_SCREEN] =
    g_param_spec_boolean ("on-screen", NULL, NULL, FALSE,
                          (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  /**
   * VitrineFeedRow:show-hidden:
   *
   * Whether a hidden message is shown whole, dimmed and struck through,
   * rather than as one line.
   */
  properties [PROP_SHOW_HIDDEN] =
    g_param_spec_boolean ("show-hidden", NULL, NULL, FALSE,
                          (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * VitrineFeedRow::show-on-screen:
   * @item: the row's item
   *
   * The host chose "Show on Screen".
   */
  signals [SHOW_ON_SCREEN] =
    g_signal_new ("show-on-screen", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 1, VITRINE_TYPE_FEED_ITEM);
  /**
   * VitrineFeedRow::take-off-screen:
   * @item: the row's item
   *
   * The host chose "Take Off Screen" on the row shown on screen.
   */
  signals [TAKE_OFF_SCREEN] =
    g_signal_new ("take-off-screen", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 1, VITRINE_TYPE_FEED_ITEM);

  gtk_widget_class_install_action (widget_class, "feed-row.show-on-screen", NULL,
                                   show_on_screen_action);
  gtk_widget_class_install_action (widget_class, "feed-row.take-off-screen", NULL,
                                   take_off_screen_action);
  /**
   * VitrineFeedRow::moderate:
   * @action: a #VitrineFeedRowAction
   * @item: the row's item
   *
   * The host chose to hide, show, allow, queue, delete or ban in the row's
   * menu (or its Allow and Hide buttons). Time Out and Ban have not been
   * confirmed yet.
   */
  signals [MODERATE] =
    g_signal_new ("moderate", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_INT, VITRINE_TYPE_FEED_ITEM);

  gtk_widget_class_install_action (widget_class, "feed-row.copy-text", NULL, copy_text_action);
  gtk_widget_class_install_action (widget_class, "feed-row.queue-for-screen", NULL,
                                   moderate_action);
  gtk_widget_class_install_action (widget_class, "feed-row.hide", NULL, moderate_action);
  gtk_widget_class_install_action (widget_class, "feed-row.unhide", NULL, moderate_action);
  gtk_widget_class_install_action (widget_class, "feed-row.allow", NULL, moderate_action);
  gtk_widget_class_install_action (widget_class, "feed-row.delete", NULL, moderate_action);
  gtk_widget_class_install_action (widget_class, "feed-row.timeout", NULL, moderate_action);
  gtk_widget_class_install_action (widget_class, "feed-row.ban", NULL, moderate_action);
  gtk_widget_class_install_action (widget_class, "feed-row.popup-menu", NULL, popup_menu_action);
  /* The keyboard's context-menu keys, while the focus is in the row. */
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Menu, 0, "feed-row.popup-menu",
                                       NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F10, GDK_SHIFT_MASK,
                                       "feed-row.popup-menu", NULL);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PREFIX "/ui/vitrine-feed-row.ui");
  gtk_widget_class_bind_template_child (widget_class, VitrineFeedRow, kind_icon);
  gtk_widget_class_bind_template_child (widget_class, VitrineFeedRow, platform_label);
  gtk_widget_class_bind_template_child (widget_class, VitrineFeedRow, author_label);
  gtk_widget_class_bind_template_child (widget_class, VitrineFeedRow, owner_badge);
  gtk_widget_class_bind_template_child (widget_class, VitrineFeedRow, moderator_badge);
  gtk_widget_class_bind_template_child (widget_class, VitrineFeedRow, member_badge);
  gtk_widget_class_bind_template_child (widget_class, VitrineFeedRow, verified_icon);
  gtk_widget_class_bind_template_child (widget_class, VitrineFeedRow, hidden_label);
  gtk_widget_class_bind_template_child (widget_class, VitrineFeedRow, state_label);
  gtk_widget_class_bind_template_child (widget_class, VitrineFeedRow, on_screen_label);
  gtk_widget_class_bind_template_child (widget_class, VitrineFeedRow, time_label);
  gtk_widget_class_bind_template_child (widget_class, VitrineFeedRow, menu_button);
  gtk_widget_class_bind_template_child (widget_class, VitrineFeedRow, row_menu);
  gtk_widget_class_bind_template_child (widget_class, VitrineFeedRow, detail_label);
  gtk_widget_class_bind_template_child (widget_class, VitrineFeedRow, text_label);
  gtk_widget_class_bind_template_child (widget_class, VitrineFeedRow, held_box);
  gtk_widget_class_bind_template_child (widget_class, VitrineFeedRow, held_label);
}

static void
vitrine_feed_row_init (VitrineFeedRow *self)
{
  GtkGesture *gesture;

  gtk_widget_init_template (GTK_WIDGET (self));

  {
    GtkWidget *with_tooltips[] = { GTK_WIDGET (self->state_label),
                                   GTK_WIDGET (self->author_label),
                                   GTK_WIDGET (self->time_label),
                                   GTK_WIDGET (self->text_label) };

    for (guint i = 0; i < G_N_ELEMENTS (with_tooltips); i++)
      {
        gtk_widget_set_has_tooltip (with_tooltips[i], TRUE);
        g_signal_connect (with_tooltips[i], "query-tooltip", G_CALLBACK (query_tooltip_cb), NULL);
      }
  }

  gtk_menu_button_set_create_popup_func (self->menu_button, create_popup_cb, self, NULL);

  gesture = gtk_gesture_click_new ();
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (gesture), GDK_BUTTON_SECONDARY);
  g_signal_connect (gesture, "pressed", G_CALLBACK (secondary_pressed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (gesture));

  update_item (self);
}

/**
 * vitrine_feed_row_new:
 *
 * Returns: (transfer floating): a row for the feed pane
 */
GtkWidget *
vitrine_feed_row_new (void)
{
  return g_object_new (VITRINE_TYPE_FEED_ROW, NULL);
}
