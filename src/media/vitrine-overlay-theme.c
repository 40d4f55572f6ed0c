/* vitrine-overlay-theme.c
 *
 * Copyright 2026 The Vitrine developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "vitrine-overlay"

#include "config.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>
#include <stdio.h>
#include <string.h>

#include "vitrine-overlay-private.h"
#include "vitrine-overlay-themes.h"

/**
 * VitrineOverlayTheme:
 *
 * How the overlays look and where they sit: a JSON file, validated when
 * loaded and immutable afterwards, so one theme can serve renderers on any
 * number of threads. The built-in themes are data/themes/studio.json (light
 * card, dark translucent panels) and data/themes/night.json (dark card,
 * amber accent), compiled into the library.
 *
 * Lengths are in units: pixels on a canvas whose short side is 1080 px
 * (they scale with the canvas). Every field is required, unless the theme
 * starts with `"extends": "<built-in name>"`, in which case it gives only
 * what it changes (objects are merged member by member). Unknown fields are
 * errors, so that a typo is reported rather than ignored.
 *
 * |[<!-- language="JSON" -->
 * {
 *   "name": "studio",
 *   "font": "DejaVu Sans, Noto Sans CJK SC",       // Pango family list
 *   "weights": { "title": 700, "body": 400, "price": 800, "label": 700 },
 *   "radii": { "card": 22, "image": 14, "badge": 10, "deal": 14, "stamp": 10,
 *              "qr": 10, "panel": 14, "alert": 999 },  // 999: a pill
 *   "colors": { "card": "#fbfaf8", "price": "#15171c", "shadow": "#00000059", … },
 *   "platforms": { "youtube": "#ff0033", "twitch": "#9146ff", "facebook": …,
 *                  "instagram": …, "tiktok": …, "kick": …, "other": … },
 *   "placements": {
 *     "landscape": { "card": { "anchor": "bottom-left", "margin": [48, 96] },
 *                    "lower_third": …, "ticker": …, "comment": …, "alert": … },
 *     "portrait": { "card": { "anchor": "bottom", "margin": [36, 250] }, … }
 *   },
 *   "animation": { "in_ms": 260, "out_ms": 200, "slide": 56 }  // ms ≤ 300
 * }
 * ]|
 *
 * Colours are `#rrggbb` or `#rrggbbaa` (straight alpha); the colour names
 * are listed in color_names[] below. Anchors are top-left, top, top-right,
 * left, center, right, bottom-left, bottom, bottom-right; a margin is
 * [from the side edge, from the top or bottom edge]. Emoji need no font in
 * the list (fontconfig finds the colour emoji font), and listing one is an
 * error, see parse_theme().
 */

#define THEME_RESOURCE_PATH RESOURCE_PREFIX "/themes/"
#define MAX_EXTENDS_DEPTH 4
#define MAX_DURATION_MS 300

struct _VitrineOverlayThemeClass
{
  GObjectClass parent_class;
};

G_DEFINE_FINAL_TYPE (VitrineOverlayTheme, vitrine_overlay_theme, G_TYPE_OBJECT)

G_DEFINE_QUARK (vitrine-overlay-error-quark, vitrine_overlay_error)

static const char * const builtin_themes[] = { "studio", "night", NULL };

static const char * const color_names[VITRINE_OVERLAY_N_COLORS] = {
  [VITRINE_OVERLAY_COLOR_SHADOW] = "shadow",
  [VITRINE_OVERLAY_COLOR_CARD] = "card",
  [VITRINE_OVERLAY_COLOR_CARD_TEXT] = "card_text",
  [VITRINE_OVERLAY_COLOR_CARD_MUTED] = "card_muted",
  [VITRINE_OVERLAY_COLOR_CARD_BORDER] = "card_border",
  [VITRINE_OVERLAY_COLOR_PRICE] = "price",
  [VITRINE_OVERLAY_COLOR_COMPARE_AT] = "compare_at",
  [VITRINE_OVERLAY_COLOR_BADGE] = "badge",
  [VITRINE_OVERLAY_COLOR_BADGE_TEXT] = "badge_text",
  [VITRINE_OVERLAY_COLOR_STOCK] = "stock",
  [VITRINE_OVERLAY_COLOR_DEAL] = "deal",
  [VITRINE_OVERLAY_COLOR_DEAL_TEXT] = "deal_text",
  [VITRINE_OVERLAY_COLOR_DEAL_ACCENT] = "deal_accent",
  [VITRINE_OVERLAY_COLOR_SOLD_OUT] = "sold_out",
  [VITRINE_OVERLAY_COLOR_SOLD_OUT_TEXT] = "sold_out_text",
  [VITRINE_OVERLAY_COLOR_SOLD_OUT_WASH] = "sold_out_wash",
  [VITRINE_OVERLAY_COLOR_ACCENT] = "accent",
  [VITRINE_OVERLAY_COLOR_LOWER_THIRD] = "lower_third",
  [VITRINE_OVERLAY_COLOR_LOWER_THIRD_NAME] = "lower_third_name",
  [VITRINE_OVERLAY_COLOR_LOWER_THIRD_TITLE] = "lower_third_title",
  [VITRINE_OVERLAY_COLOR_TICKER] = "ticker",
  [VITRINE_OVERLAY_COLOR_TICKER_TEXT] = "ticker_text",
  [VITRINE_OVERLAY_COLOR_COMMENT] = "comment",
  [VITRINE_OVERLAY_COLOR_COMMENT_TEXT] = "comment_text",
  [VITRINE_OVERLAY_COLOR_COMMENT_AUTHOR] = "comment_author",
  [VITRINE_OVERLAY_COLOR_ALERT] = "alert",
  [VITRINE_OVERLAY_COLOR_ALERT_TEXT] = "alert_text",
};

static const char * const platform_names[VITRINE_OVERLAY_N_PLATFORMS] = {
  [VITRINE_OVERLAY_PLATFORM_YOUTUBE] = "youtube",
  [VITRINE_OVERLAY_PLATFORM_TWITCH] = "twitch",
  [VITRINE_OVERLAY_PLATFORM_FACEBOOK] = "facebook",
  [VITRINE_OVERLAY_PLATFORM_INSTAGRAM] = "instagram",
  [VITRINE_OVERLAY_PLATFORM_TIKTOK] = "tiktok",
  [VITRINE_OVERLAY_PLATFORM_KICK] = "kick",
  [VITRINE_OVERLAY_PLATFORM_OTHER] = "other",
};

static const char * const weight_names[VITRINE_OVERLAY_N_WEIGHTS] = {
  [VITRINE_OVERLAY_WEIGHT_TITLE] = "title",
  [VITRINE_OVERLAY_WEIGHT_BODY] = "body",
  [VITRINE_OVERLAY_WEIGHT_PRICE] = "price",
  [VITRINE_OVERLAY_WEIGHT_LABEL] = "label",
};

static const char * const radius_names[VITRINE_OVERLAY_N_RADII] = {
  [VITRINE_OVERLAY_RADIUS_CARD] = "card",
  [VITRINE_OVERLAY_RADIUS_IMAGE] = "image",
  [VITRINE_OVERLAY_RADIUS_BADGE] = "badge",
  [VITRINE_OVERLAY_RADIUS_DEAL] = "deal",
  [VITRINE_OVERLAY_RADIUS_STAMP] = "stamp",
  [VITRINE_OVERLAY_RADIUS_QR] = "qr",
  [VITRINE_OVERLAY_RADIUS_PANEL] = "panel",
  [VITRINE_OVERLAY_RADIUS_ALERT] = "alert",
};

static const char * const kind_names[VITRINE_OVERLAY_N_KINDS] = {
  [VITRINE_OVERLAY_CARD] = "card",
  [VITRINE_OVERLAY_LOWER_THIRD] = "lower_third",
  [VITRINE_OVERLAY_TICKER] = "ticker",
  [VITRINE_OVERLAY_COMMENT] = "comment",
  [VITRINE_OVERLAY_ALERT] = "alert",
};

static const char * const anchor_names[] = {
  [VITRINE_OVERLAY_ANCHOR_TOP_LEFT] = "top-left",
  [VITRINE_OVERLAY_ANCHOR_TOP] = "top",
  [VITRINE_OVERLAY_ANCHOR_TOP_RIGHT] = "top-right",
  [VITRINE_OVERLAY_ANCHOR_LEFT] = "left",
  [VITRINE_OVERLAY_ANCHOR_CENTER] = "center",
  [VITRINE_OVERLAY_ANCHOR_RIGHT] = "right",
  [VITRINE_OVERLAY_ANCHOR_BOTTOM_LEFT] = "bottom-left",
  [VITRINE_OVERLAY_ANCHOR_BOTTOM] = "bottom",
  [VITRINE_OVERLAY_ANCHOR_BOTTOM_RIGHT] = "bottom-right",
};

static const char * const orientation_names[] = { "landscape", "portrait" };

static void
vitrine_overlay_theme_finalize (GObject *object)
{
  VitrineOverlayTheme *self = (VitrineOverlayTheme *)object;

  g_clear_pointer (&self->name, g_free);
  g_clear_pointer (&self->font_family, g_free);

  G_OBJECT_CLASS (vitrine_overlay_theme_parent_class)->finalize (object);
}

static void
vitrine_overlay_theme_class_init (VitrineOverlayThemeClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = vitrine_overlay_theme_finalize;
}

static void
vitrine_overlay_theme_init (VitrineOverlayTheme *self)
{
}

G_GNUC_PRINTF (3, 4)
static gboolean
fail (GError     **error,
      const char  *field,
      const char  *format,
      ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  /* Translators: first %s is a theme field such as colors.price, the second
   * says what is wrong with it. */
  g_set_error (error, VITRINE_OVERLAY_ERROR, VITRINE_OVERLAY_ERROR_INVALID,
               _("Theme field “%s”: %s"), field, message);
  return FALSE;
}

static JsonNode *
parse_json (const char  *data,
            gsize        length,
            const char  *display_name,
            GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_autoptr(GError) local_error = NULL;
  JsonNode *root;

  if (!g_utf8_validate (data, length, NULL))
    {
      g_set_error (error, VITRINE_OVERLAY_ERROR, VITRINE_OVERLAY_ERROR_SYNTAX,
                   _("Theme %s is not UTF-8 text"), display_name);
      return NULL;
    }

  if (!json_parser_load_from_data (parser, data, length, &local_error))
    {
      /* json-glib says "<data>:LINE:COLUMN: Parse error: PROBLEM". */
      const char *message = local_error->message;
      const char *problem;
      guint line = 0, column = 0;

      if (g_str_has_prefix (message, "<data>:"))
        message += strlen ("<data>:");
      problem = strstr (message, "Parse error: ");
      problem = problem ? problem + strlen ("Parse error: ") : message;

      if (sscanf (message, "%u:%u:", &line, &column) == 2)
        g_set_error (error, VITRINE_OVERLAY_ERROR, VITRINE_OVERLAY_ERROR_SYNTAX,
                     _("Theme %s: invalid JSON at line %u, column %u: %s"),
                     display_name, line, column, problem);
      else
        g_set_error (error, VITRINE_OVERLAY_ERROR, VITRINE_OVERLAY_ERROR_SYNTAX,
                     _("Theme %s: invalid JSON: %s"), display_name, problem);
      return NULL;
    }

  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error (error, VITRINE_OVERLAY_ERROR, VITRINE_OVERLAY_ERROR_SYNTAX,
                   _("Theme %s: the file must hold one JSON object"), display_name);
      return NULL;
    }

  return json_node_copy (root);
}

static JsonNode *load_tree (const char *data,
                            gsize       length,
                            const char *display_name,
                            guint       depth,
                            GError    **error);

static GBytes *
lookup_builtin (const char  *name,
                GError     **error)
{
  g_autofree char *path = NULL;
  GBytes *bytes;

  if (name == NULL || !g_strv_contains (builtin_themes, name))
    {
      g_set_error (error, VITRINE_OVERLAY_ERROR, VITRINE_OVERLAY_ERROR_NOT_FOUND,
                   _("There is no built-in overlay theme called “%s”"), name ? name : "");
      return NULL;
    }

  /* Looked up in our own GResource rather than the global registry: the
   * static library's resource object is then certainly linked in. */
  path = g_strconcat (THEME_RESOURCE_PATH, name, ".json", NULL);
  bytes = g_resource_lookup_data (vitrine_overlay_themes_get_resource (), path,
                                  G_RESOURCE_LOOKUP_FLAGS_NONE, NULL);
  if (bytes == NULL)
    g_set_error (error, VITRINE_OVERLAY_ERROR, VITRINE_OVERLAY_ERROR_NOT_FOUND,
                 _("The built-in overlay theme “%s” is missing from this build"), name);
  return bytes;
}

/* Copies @overlay's members over @base, recursing into objects; lists and
 * values are replaced whole. */
static void
merge_objects (JsonObject *base,
               JsonObject *overlay)
{
  JsonObjectIter iter;
  const char *member;
  JsonNode *node;

  json_object_iter_init (&iter, overlay);
  while (json_object_iter_next (&iter, &member, &node))
    {
      JsonNode *current = json_object_get_member (base, member);

      if (current != NULL && JSON_NODE_HOLDS_OBJECT (current) && JSON_NODE_HOLDS_OBJECT (node))
        merge_objects (json_node_get_object (current), json_node_get_object (node));
      else
        json_object_set_member (base, member, json_node_copy (node));
    }
}

/* Parses one theme file and resolves its "extends" chain into one tree. */
static JsonNode *
load_tree (const char  *data,
           gsize        length,
           const char  *display_name,
           guint        depth,
           GError     **error)
{
  g_autoptr(JsonNode) root = parse_json (data, length, display_name, error);
  g_autoptr(JsonNode) base = NULL;
  g_autoptr(GBytes) bytes = NULL;
  JsonObject *object;
  JsonNode *extends;
  const char *parent;

  if (root == NULL)
    return NULL;

  object = json_node_get_object (root);
  extends = json_object_get_member (object, "extends");
  if (extends == NULL)
    return g_steal_pointer (&root);

  if (!JSON_NODE_HOLDS_VALUE (extends) || json_node_get_value_type (extends) != G_TYPE_STRING)
    {
      fail (error, "extends", _("expected the name of a built-in theme"));
      return NULL;
    }
  if (depth >= MAX_EXTENDS_DEPTH)
    {
      fail (error, "extends", _("themes extend each other too deeply"));
      return NULL;
    }

  parent = json_node_get_string (extends);
  bytes = lookup_builtin (parent, error);
  if (bytes == NULL)
    return NULL;

  base = load_tree (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), parent,
                    depth + 1, error);
  if (base == NULL)
    return NULL;

  merge_objects (json_node_get_object (base), object);
  json_object_remove_member (json_node_get_object (base), "extends");
  return g_steal_pointer (&base);
}

static gboolean
check_members (JsonObject          *object,
               const char          *prefix,
               const char * const  *names,
               guint                n_names,
               GError             **error)
{
  JsonObjectIter iter;
  const char *member;
  JsonNode *node;

  json_object_iter_init (&iter, object);
  while (json_object_iter_next (&iter, &member, &node))
    {
      gboolean known = FALSE;

      for (guint i = 0; i < n_names && !known; i++)
        known = g_strcmp0 (names[i], member) == 0;
      if (!known)
        {
          g_autofree char *field = prefix ? g_strconcat (prefix, ".", member, NULL)
                                          : g_strdup (member);
          return fail (error, field, _("unknown field"));
        }
    }
  return TRUE;
}

static JsonObject *
get_object (JsonObject  *object,
            const char  *member,
            const char  *field,
            GError     **error)
{
  JsonNode *node = json_object_get_member (object, member);

  if (node == NULL)
    {
      fail (error, field, _("missing"));
      return NULL;
    }
  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      fail (error, field, _("expected an object"));
      return NULL;
    }
  return json_node_get_object (node);
}

static gboolean
get_number (JsonObject  *object,
            const char  *member,
            const char  *field,
            double       min,
            double       max,
            double      *value,
            GError     **error)
{
  JsonNode *node = json_object_get_member (object, member);
  GType type;

  if (node == NULL)
    return fail (error, field, _("missing"));

  type = JSON_NODE_HOLDS_VALUE (node) ? json_node_get_value_type (node) : G_TYPE_INVALID;
  if (type != G_TYPE_INT64 && type != G_TYPE_DOUBLE)
    return fail (error, field, _("expected a number"));

  *value = json_node_get_double (node);
  if (*value < min || *value > max)
    return fail (error, field, _("expected a number from %g to %g"), min, max);
  return TRUE;
}

static const char *
get_string (JsonObject  *object,
            const char  *member,
            const char  *field,
            GError     **error)
{
  JsonNode *node = json_object_get_member (object, member);

  if (node == NULL)
    {
      fail (error, field, _("missing"));
      return NULL;
    }
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    {
      fail (error, field, _("expected text"));
      return NULL;
    }
  return json_node_get_string (node);
}

static int
hex_digit (char c)
{
  return g_ascii_xdigit_value (c);
}

static gboolean
parse_color (const char         *text,
             VitrineOverlayRgba *rgba)
{
  guint8 channels[4] = { 0, 0, 0, 255 };
  gsize length = strlen (text);

  if (text[0] != '#' || (length != 7 && length != 9))
    return FALSE;

  for (gsize i = 0; i < (length - 1) / 2; i++)
    {
      int high = hex_digit (text[1 + 2 * i]);
      int low = hex_digit (text[2 + 2 * i]);

      if (high < 0 || low < 0)
        return FALSE;
      channels[i] = high * 16 + low;
    }

  rgba->red = channels[0] / 255.;
  rgba->green = channels[1] / 255.;
  rgba->blue = channels[2] / 255.;
  rgba->alpha = channels[3] / 255.;
  return TRUE;
}

static gboolean
parse_color_table (JsonObject          *root,
                   const char          *member,
                   const char * const  *names,
                   guint                n_names,
                   VitrineOverlayRgba  *colors,
                   GError             **error)
{
  JsonObject *object = get_object (root, member, member, error);

  if (object == NULL || !check_members (object, member, names, n_names, error))
    return FALSE;

  for (guint i = 0; i < n_names; i++)
    {
      g_autofree char *field = g_strconcat (member, ".", names[i], NULL);
      const char *text = get_string (object, names[i], field, error);

      if (text == NULL)
        return FALSE;
      if (!parse_color (text, &colors[i]))
        return fail (error, field, _("expected a colour like #rrggbb or #rrggbbaa, not “%s”"),
                     text);
    }
  return TRUE;
}

static gboolean
parse_placement (JsonObject               *object,
                 const char               *field,
                 VitrineOverlayPlacement  *placement,
                 GError                  **error)
{
  static const char * const members[] = { "anchor", "margin" };
  g_autofree char *anchor_field = g_strconcat (field, ".anchor", NULL);
  g_autofree char *margin_field = g_strconcat (field, ".margin", NULL);
  const char *anchor;
  JsonNode *margin;
  JsonArray *array;
  gboolean found = FALSE;

  if (!check_members (object, field, members, G_N_ELEMENTS (members), error))
    return FALSE;

  anchor = get_string (object, "anchor", anchor_field, error);
  if (anchor == NULL)
    return FALSE;
  for (guint i = 0; i < G_N_ELEMENTS (anchor_names) && !found; i++)
    if (g_str_equal (anchor, anchor_names[i]))
      {
        placement->anchor = i;
        found = TRUE;
      }
  if (!found)
    return fail (error, anchor_field,
                 _("expected one of top-left, top, top-right, left, center, right, "
                   "bottom-left, bottom, bottom-right; not “%s”"), anchor);

  margin = json_object_get_member (object, "margin");
  if (margin == NULL)
    return fail (error, margin_field, _("missing"));
  array = JSON_NODE_HOLDS_ARRAY (margin) ? json_node_get_array (margin) : NULL;
  if (array == NULL || json_array_get_length (array) != 2)
    return fail (error, margin_field, _("expected two numbers: [horizontal, vertical]"));
  for (guint i = 0; i < 2; i++)
    {
      JsonNode *element = json_array_get_element (array, i);
      GType type = JSON_NODE_HOLDS_VALUE (element) ? json_node_get_value_type (element)
                                                   : G_TYPE_INVALID;
      double value;

      if (type != G_TYPE_INT64 && type != G_TYPE_DOUBLE)
        return fail (error, margin_field, _("expected two numbers: [horizontal, vertical]"));
      value = json_node_get_double (element);
      if (value < 0 || value > 2000)
        return fail (error, margin_field, _("expected margins from 0 to 2000"));
      if (i == 0)
        placement->margin_x = value;
      else
        placement->margin_y = value;
    }
  return TRUE;
}

static gboolean
parse_theme (VitrineOverlayTheme  *self,
             JsonObject           *root,
             GError              **error)
{
  static const char * const members[] = {
    "name", "font", "weights", "radii", "colors", "platforms", "placements", "animation",
  };
  static const char * const animation_members[] = { "in_ms", "out_ms", "slide" };
  JsonObject *object;
  const char *text;
  double value;

  if (!check_members (root, NULL, members, G_N_ELEMENTS (members), error))
    return FALSE;

  if ((text = get_string (root, "name", "name", error)) == NULL)
    return FALSE;
  self->name = g_strdup (text);

  if ((text = get_string (root, "font", "font", error)) == NULL)
    return FALSE;
  if (*text == '\0')
    return fail (error, "font", _("expected a list of font families"));
  /* Pango 1.50 takes digits (emoji keycap bases) from a colour emoji font
   * named in the list, which turns "€89,00" into emoji-font digits. Emoji
   * come from fontconfig's fallback instead, in colour. */
  {
    g_autofree char *folded = g_ascii_strdown (text, -1);

    if (strstr (folded, "emoji") != NULL)
      return fail (error, "font",
                   _("do not list an emoji font: emoji are found without it, and listing "
                     "it would draw digits with it"));
  }
  self->font_family = g_strdup (text);

  if ((object = get_object (root, "weights", "weights", error)) == NULL ||
      !check_members (object, "weights", weight_names, G_N_ELEMENTS (weight_names), error))
    return FALSE;
  for (guint i = 0; i < G_N_ELEMENTS (weight_names); i++)
    {
      g_autofree char *field = g_strconcat ("weights.", weight_names[i], NULL);

      if (!get_number (object, weight_names[i], field, 100, 1000, &value, error))
        return FALSE;
      self->weights[i] = (int)value;
    }

  if ((object = get_object (root, "radii", "radii", error)) == NULL ||
      !check_members (object, "radii", radius_names, G_N_ELEMENTS (radius_names), error))
    return FALSE;
  for (guint i = 0; i < G_N_ELEMENTS (radius_names); i++)
    {
      g_autofree char *field = g_strconcat ("radii.", radius_names[i], NULL);

      /* Large radii are clamped to half the shape's height: 999 means a pill. */
      if (!get_number (object, radius_names[i], field, 0, 1000, &self->radii[i], error))
        return FALSE;
    }

  if (!parse_color_table (root, "colors", color_names, G_N_ELEMENTS (color_names),
                          self->colors, error))
    return FALSE;
  if (!parse_color_table (root, "platforms", platform_names, G_N_ELEMENTS (platform_names),
                          self->platforms, error))
    return FALSE;

  if ((object = get_object (root, "placements", "placements", error)) == NULL ||
      !check_members (object, "placements", orientation_names,
                      G_N_ELEMENTS (orientation_names), error))
    return FALSE;
  for (guint o = 0; o < G_N_ELEMENTS (orientation_names); o++)
    {
      g_autofree char *prefix = g_strconcat ("placements.", orientation_names[o], NULL);
      JsonObject *kinds = get_object (object, orientation_names[o], prefix, error);

      if (kinds == NULL ||
          !check_members (kinds, prefix, kind_names, G_N_ELEMENTS (kind_names), error))
        return FALSE;
      for (guint k = 0; k < G_N_ELEMENTS (kind_names); k++)
        {
          g_autofree char *field = g_strconcat (prefix, ".", kind_names[k], NULL);
          JsonObject *placement = get_object (kinds, kind_names[k], field, error);

          if (placement == NULL ||
              !parse_placement (placement, field, &self->placements[o][k], error))
            return FALSE;
        }
    }

  if ((object = get_object (root, "animation", "animation", error)) == NULL ||
      !check_members (object, "animation", animation_members,
                      G_N_ELEMENTS (animation_members), error))
    return FALSE;
  if (!get_number (object, "in_ms", "animation.in_ms", 0, MAX_DURATION_MS, &value, error))
    return FALSE;
  self->in_ms = (guint)value;
  if (!get_number (object, "out_ms", "animation.out_ms", 0, MAX_DURATION_MS, &value, error))
    return FALSE;
  self->out_ms = (guint)value;
  if (!get_number (object, "slide", "animation.slide", 0, 1000, &self->slide, error))
    return FALSE;

  return TRUE;
}

static VitrineOverlayTheme *
theme_new (const char  *data,
           gsize        length,
           const char  *display_name,
           GError     **error)
{
  g_autoptr(VitrineOverlayTheme) self = NULL;
  g_autoptr(JsonNode) root = load_tree (data, length, display_name, 0, error);

  if (root == NULL)
    return NULL;

  self = g_object_new (VITRINE_TYPE_OVERLAY_THEME, NULL);
  if (!parse_theme (self, json_node_get_object (root), error))
    return NULL;

  return g_steal_pointer (&self);
}

/**
 * vitrine_overlay_theme_list_builtin:
 *
 * Lists the names of the themes compiled into Vitrine.
 *
 * Returns: (transfer none): a %NULL-terminated array: "studio", "night"
 */
const char * const *
vitrine_overlay_theme_list_builtin (void)
{
  return builtin_themes;
}

/**
 * vitrine_overlay_theme_new_builtin:
 * @name: a name from vitrine_overlay_theme_list_builtin()
 * @error: return location for a #VITRINE_OVERLAY_ERROR
 *
 * Loads one of the built-in themes: "studio" (a light card on a dark
 * translucent shadow) or "night" (a dark card with an amber accent).
 *
 * Returns: (transfer full): the theme, or %NULL if there is no such theme
 */
VitrineOverlayTheme *
vitrine_overlay_theme_new_builtin (const char  *name,
                                   GError     **error)
{
  g_autoptr(GBytes) bytes = NULL;

  g_return_val_if_fail (name != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  bytes = lookup_builtin (name, error);
  if (bytes == NULL)
    return NULL;

  return theme_new (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), name, error);
}

/**
 * vitrine_overlay_theme_new_from_bytes:
 * @bytes: the JSON text of a theme
 * @error: return location for a #VITRINE_OVERLAY_ERROR
 *
 * Parses and validates a theme. Errors name the offending field, such as
 * `colors.price` or `placements.portrait.card.anchor`. Reading the file is
 * left to the caller (g_file_load_bytes_async()), so this never blocks.
 *
 * Returns: (transfer full): the theme, or %NULL with @error set
 */
VitrineOverlayTheme *
vitrine_overlay_theme_new_from_bytes (GBytes  *bytes,
                                      GError **error)
{
  g_return_val_if_fail (bytes != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return theme_new (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), _("file"), error);
}

/**
 * vitrine_overlay_theme_get_name:
 * @self: a #VitrineOverlayTheme
 *
 * Returns: the theme's "name" field
 */
const char *
vitrine_overlay_theme_get_name (VitrineOverlayTheme *self)
{
  g_return_val_if_fail (VITRINE_IS_OVERLAY_THEME (self), NULL);

  return self->name;
}

/**
 * vitrine_overlay_theme_get_anchor:
 * @self: a #VitrineOverlayTheme
 * @kind: an overlay kind
 * @portrait: whether the canvas is taller than wide
 *
 * Returns: where overlays of @kind sit on such a canvas
 */
VitrineOverlayAnchor
vitrine_overlay_theme_get_anchor (VitrineOverlayTheme *self,
                                  VitrineOverlayKind   kind,
                                  gboolean             portrait)
{
  g_return_val_if_fail (VITRINE_IS_OVERLAY_THEME (self), VITRINE_OVERLAY_ANCHOR_CENTER);
  g_return_val_if_fail (kind < VITRINE_OVERLAY_N_KINDS, VITRINE_OVERLAY_ANCHOR_CENTER);

  return self->placements[!!portrait][kind].anchor;
}

/**
 * vitrine_overlay_theme_get_duration:
 * @self: a #VitrineOverlayTheme
 * @transition: in or out
 *
 * How long the slide-and-fade of vitrine_overlay_get_transform() should take:
 * the caller maps elapsed time onto its progress. At most 300 ms.
 *
 * Returns: the duration in milliseconds
 */
guint
vitrine_overlay_theme_get_duration (VitrineOverlayTheme      *self,
                                    VitrineOverlayTransition  transition)
{
  g_return_val_if_fail (VITRINE_IS_OVERLAY_THEME (self), 0);

  return transition == VITRINE_OVERLAY_TRANSITION_IN ? self->in_ms : self->out_ms;
}
