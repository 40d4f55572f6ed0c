/* vitrine-show.c
 *
 * Copyright 2026 The Vitrine developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "vitrine-show"

#include "config.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "vitrine-platform-preset.h"
#include "vitrine-show.h"
#include "vitrine-word-filter.h"

/* A show file is read once, validated completely, and then immutable: every
 * later part (engine, UI, headless) trusts these structures. Every error names
 * the file, the field (as a JSON path such as `sources[2].type`) and what was
 * expected, because the person reading it is a host, not a developer. */

struct _VitrineShow
{
  GObject               parent_instance;

  char                 *name;
  char                 *path;
  guint                 width;
  guint                 height;
  guint                 fps;
  gboolean              has_portrait;
  guint                 portrait_width;
  guint                 portrait_height;
  guint                 portrait_bitrate;
  VitrineEncoderConfig  encoder;
  GArray               *sources;       /* VitrineSourceConfig */
  GArray               *scenes;        /* VitrineSceneConfig */
  GArray               *destinations;  /* VitrineDestinationConfig */
  GPtrArray            *warnings;      /* host-readable strings */
  char                 *start_scene;

  /* Commerce */
  char                 *catalog_path;
  char                 *catalog_currency;
  char                 *catalog_shop;
  char                 *shop_platform;   /* "shopify", "woocommerce" or NULL */
  char                 *shop_url;
  char                 *shop_secret;
  char                 *overlay_theme;
  char                 *overlay_locale;
  char                 *campaign;
  GArray               *run_of_show;   /* VitrineRunOfShowItem */
  GArray               *feeds;         /* VitrineFeedConfig */

  /* Moderation */
  VitrineWordFilter    *word_filter;   /* NULL when no word is blocked */
};

G_DEFINE_FINAL_TYPE (VitrineShow, vitrine_show, G_TYPE_OBJECT)

static void
clear_feed_config (VitrineFeedConfig *feed)
{
  g_clear_pointer (&feed->id, g_free);
  g_clear_pointer (&feed->type, g_free);
  g_clear_pointer (&feed->name, g_free);
  g_clear_pointer (&feed->options, json_object_unref);
}

static void
clear_run_of_show_item (VitrineRunOfShowItem *item)
{
  g_clear_pointer (&item->product, g_free);
  g_clear_pointer (&item->notes, g_free);
  g_clear_pointer (&item->deal_price, g_free);
}

G_DEFINE_QUARK (vitrine-show-error-quark, vitrine_show_error)

static const struct {
  VitrineSourceKind  kind;
  const char        *name;
} source_kinds[] = {
  { VITRINE_SOURCE_TEST_PATTERN, "test-pattern" },
  { VITRINE_SOURCE_IMAGE, "image" },
  { VITRINE_SOURCE_CAMERA, "camera" },
  { VITRINE_SOURCE_SCREEN, "screen" },
  { VITRINE_SOURCE_TONE, "tone" },
  { VITRINE_SOURCE_MICROPHONE, "microphone" },
  { VITRINE_SOURCE_MEDIA, "media" },
};

/* The videotestsrc patterns a host may ask for; names match GStreamer's nicks. */
static const char *patterns[] = {
  "smpte", "snow", "black", "white", "red", "green", "blue", "checkers-1", "checkers-2",
  "checkers-4", "checkers-8", "circular", "blink", "smpte75", "zone-plate", "gamut",
  "chroma-zone-plate", "solid-color", "ball", "smpte100", "bar", "pinwheel", "spokes",
  "gradient", "colors", "smpte-rp-219",
};

static const char *presets[] = {
  "ultrafast", "superfast", "veryfast", "faster", "fast", "medium", "slow", "slower",
  "veryslow",
};

typedef struct
{
  const char  *display_name;
  const char  *base_dir;
  GError     **error;
} Ctx;

static void
clear_source (gpointer data)
{
  VitrineSourceConfig *source = data;

  g_free (source->id);
  g_free (source->name);
  g_free (source->pattern);
  g_free (source->path);
  g_free (source->device);
  g_free (source->display);
}

static void
clear_scene (gpointer data)
{
  VitrineSceneConfig *scene = data;

  g_free (scene->id);
  g_free (scene->name);
  g_free (scene->main);
  g_free (scene->inset);
  if (scene->portrait != NULL)
    {
      clear_scene (scene->portrait);
      g_free (scene->portrait);
    }
}

static void
clear_destination (gpointer data)
{
  VitrineDestinationConfig *destination = data;

  g_free (destination->id);
  g_free (destination->name);
  g_free (destination->url);
  g_free (destination->path);
  g_free (destination->trusted_certificate);
  g_free (destination->platform);
  g_free (destination->qr_source);
}

static void
vitrine_show_finalize (GObject *object)
{
  VitrineShow *self = (VitrineShow *)object;

  g_clear_pointer (&self->name, g_free);
  g_clear_pointer (&self->path, g_free);
  g_clear_pointer (&self->encoder.preset, g_free);
  g_clear_pointer (&self->sources, g_array_unref);
  g_clear_pointer (&self->scenes, g_array_unref);
  g_clear_pointer (&self->destinations, g_array_unref);
  g_clear_pointer (&self->warnings, g_ptr_array_unref);
  g_clear_pointer (&self->start_scene, g_free);
  g_clear_pointer (&self->catalog_path, g_free);
  g_clear_pointer (&self->catalog_currency, g_free);
  g_clear_pointer (&self->catalog_shop, g_free);
  g_clear_pointer (&self->shop_platform, g_free);
  g_clear_pointer (&self->shop_url, g_free);
  g_clear_pointer (&self->shop_secret, g_free);
  g_clear_pointer (&self->overlay_theme, g_free);
  g_clear_pointer (&self->overlay_locale, g_free);
  g_clear_pointer (&self->campaign, g_free);
  g_clear_pointer (&self->run_of_show, g_array_unref);
  g_clear_pointer (&self->feeds, g_array_unref);
  g_clear_object (&self->word_filter);

  G_OBJECT_CLASS (vitrine_show_parent_class)->finalize (object);
}

static void
vitrine_show_class_init (VitrineShowClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = vitrine_show_finalize;
}

static void
vitrine_show_init (VitrineShow *self)
{
  self->sources = g_array_new (FALSE, TRUE, sizeof (VitrineSourceConfig));
  g_array_set_clear_func (self->sources, clear_source);
  self->scenes = g_array_new (FALSE, TRUE, sizeof (VitrineSceneConfig));
  g_array_set_clear_func (self->scenes, clear_scene);
  self->destinations = g_array_new (FALSE, TRUE, sizeof (VitrineDestinationConfig));
  g_array_set_clear_func (self->destinations, clear_destination);
  self->warnings = g_ptr_array_new_with_free_func (g_free);
  self->run_of_show = g_array_new (FALSE, TRUE, sizeof (VitrineRunOfShowItem));
  g_array_set_clear_func (self->run_of_show, (GDestroyNotify)clear_run_of_show_item);
  self->feeds = g_array_new (FALSE, TRUE, sizeof (VitrineFeedConfig));
  g_array_set_clear_func (self->feeds, (GDestroyNotify)clear_feed_config);
}

G_GNUC_PRINTF (3, 4)
static gboolean
fail (Ctx        *ctx,
      const char *field,
      const char *format,
      ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  /* Translators: first %s is a file name, second a field such as sources[1].type,
   * third says what is wrong with it. */
  g_set_error (ctx->error, VITRINE_SHOW_ERROR, VITRINE_SHOW_ERROR_INVALID,
               _("%s: %s: %s"), ctx->display_name, field, message);
  return FALSE;
}

static const char *
node_type_name (JsonNode *node)
{
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return _("null");
  if (JSON_NODE_HOLDS_OBJECT (node))
    return _("an object");
  if (JSON_NODE_HOLDS_ARRAY (node))
    return _("a list");

  switch (json_node_get_value_type (node))
    {
    case G_TYPE_STRING:
      return _("text");
    case G_TYPE_BOOLEAN:
      return _("true/false");
    default:
      return _("a number");
    }
}

/* Reads an optional string member; a present member of another type is an error. */
static gboolean
get_string (Ctx         *ctx,
            JsonObject  *object,
            const char  *path,
            const char  *member,
            gboolean     required,
            char       **out)
{
  g_autofree char *field = g_strdup_printf ("%s%s%s", path, *path ? "." : "", member);
  JsonNode *node = json_object_get_member (object, member);
  const char *value;

  *out = NULL;

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    {
      if (required)
        return fail (ctx, field, _("this field is required (expected text)"));
      return TRUE;
    }

  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return fail (ctx, field, _("expected text, found %s"), node_type_name (node));

  value = json_node_get_string (node);
  if (required && (value == NULL || *value == '\0'))
    return fail (ctx, field, _("must not be empty"));

  *out = g_strdup (value);
  return TRUE;
}

static gboolean
get_number (Ctx        *ctx,
            JsonObject *object,
            const char *path,
            const char *member,
            gboolean    required,
            double      fallback,
            double      min,
            double      max,
            gboolean    integer,
            double     *out)
{
  g_autofree char *field = g_strdup_printf ("%s%s%s", path, *path ? "." : "", member);
  JsonNode *node = json_object_get_member (object, member);
  GType type;
  double value;

  *out = fallback;

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    {
      if (required)
        return fail (ctx, field, _("this field is required (expected a number)"));
      return TRUE;
    }

  type = JSON_NODE_HOLDS_VALUE (node) ? json_node_get_value_type (node) : G_TYPE_INVALID;
  if (type != G_TYPE_INT64 && type != G_TYPE_DOUBLE)
    return fail (ctx, field, _("expected a number, found %s"), node_type_name (node));

  value = json_node_get_double (node);
  if (!isfinite (value))
    return fail (ctx, field, _("expected a finite number"));
  if (integer && value != floor (value))
    return fail (ctx, field, _("expected a whole number, found %g"), value);
  if (value < min || value > max)
    return fail (ctx, field, _("expected a value from %g to %g, found %g"), min, max, value);

  *out = value;
  return TRUE;
}

static gboolean
get_boolean (Ctx        *ctx,
             JsonObject *object,
             const char *path,
             const char *member,
             gboolean    fallback,
             gboolean   *out)
{
  g_autofree char *field = g_strdup_printf ("%s.%s", path, member);
  JsonNode *node = json_object_get_member (object, member);

  *out = fallback;
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_BOOLEAN)
    return fail (ctx, field, _("expected true or false, found %s"), node_type_name (node));

  *out = json_node_get_boolean (node);
  return TRUE;
}

static gboolean
in_sandbox (void)
{
  return g_file_test ("/.flatpak-info", G_FILE_TEST_EXISTS);
}

/* "backend" of a camera or screen: "portal" (the XDG desktop portal and
 * PipeWire) or the direct way (@direct: "v4l2", "x11"). Unset: the portal
 * inside Flatpak, where devices and the X server are out of reach, and for
 * the screen on Wayland, where X11 capture would see only X11 windows. */
static gboolean
get_backend (Ctx        *ctx,
             JsonObject *object,
             const char *path,
             const char *direct,
             gboolean   *portal)
{
  g_autofree char *backend = NULL;
  g_autofree char *field = g_strdup_printf ("%s.backend", path);

  if (!get_string (ctx, object, path, "backend", FALSE, &backend))
    return FALSE;

  if (backend == NULL)
    {
      *portal = in_sandbox () ||
                (g_str_equal (direct, "x11") && g_getenv ("WAYLAND_DISPLAY") != NULL &&
                 !json_object_has_member (object, "display"));
      return TRUE;
    }
  if (g_str_equal (backend, "portal") || g_str_equal (backend, direct))
    {
      *portal = g_str_equal (backend, "portal");
      return TRUE;
    }
  return fail (ctx, field, _("unknown backend “%s” (expected “portal” or “%s”)"),
               backend, direct);
}

static JsonObject *
get_object (Ctx        *ctx,
            JsonObject *object,
            const char *member,
            gboolean    required)
{
  JsonNode *node = json_object_get_member (object, member);

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    {
      if (required)
        fail (ctx, member, _("this section is required (expected an object)"));
      return NULL;
    }
  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      fail (ctx, member, _("expected an object, found %s"), node_type_name (node));
      return NULL;
    }
  return json_node_get_object (node);
}

static JsonArray *
get_array (Ctx        *ctx,
           JsonObject *object,
           const char *member)
{
  JsonNode *node = json_object_get_member (object, member);

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    {
      fail (ctx, member, _("this list is required"));
      return NULL;
    }
  if (!JSON_NODE_HOLDS_ARRAY (node))
    {
      fail (ctx, member, _("expected a list, found %s"), node_type_name (node));
      return NULL;
    }
  return json_node_get_array (node);
}

static gboolean
in_list (const char         *value,
         const char * const *list,
         gsize               n)
{
  for (gsize i = 0; i < n; i++)
    if (g_strcmp0 (value, list[i]) == 0)
      return TRUE;
  return FALSE;
}

static char *
join_list (const char * const *list,
           gsize               n)
{
  GString *s = g_string_new (NULL);

  for (gsize i = 0; i < n; i++)
    {
      if (i > 0)
        g_string_append (s, ", ");
      g_string_append (s, list[i]);
    }
  return g_string_free (s, FALSE);
}

static gboolean
valid_id (const char *id)
{
  for (const char *p = id; *p; p++)
    if (!g_ascii_isalnum (*p) && *p != '-' && *p != '_')
      return FALSE;
  return *id != '\0';
}

/* Resolves `~/…` and paths relative to the show file's folder. */
static char *
resolve_path (Ctx        *ctx,
              const char *path)
{
  if (g_str_has_prefix (path, "~/"))
    return g_build_filename (g_get_home_dir (), path + 2, NULL);
  if (g_path_is_absolute (path))
    return g_strdup (path);
  return g_build_filename (ctx->base_dir, path, NULL);
}

static gboolean
parse_sources (VitrineShow *self,
               Ctx         *ctx,
               JsonArray   *array)
{
  guint n = json_array_get_length (array);

  if (n == 0)
    return fail (ctx, "sources", _("the show needs at least one source"));

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *path = g_strdup_printf ("sources[%u]", i);
      g_autofree char *type = NULL;
      JsonNode *node = json_array_get_element (array, i);
      VitrineSourceConfig source = { 0 };
      JsonObject *object;
      gboolean found = FALSE;
      double number;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        return fail (ctx, path, _("expected an object, found %s"), node_type_name (node));
      object = json_node_get_object (node);

      if (!get_string (ctx, object, path, "id", TRUE, &source.id))
        goto failed;
      if (!valid_id (source.id))
        {
          fail (ctx, path, _("the id “%s” may only use letters, digits, “-” and “_”"), source.id);
          goto failed;
        }
      if (vitrine_show_find_source (self, source.id) != NULL)
        {
          fail (ctx, path, _("the id “%s” is used by another source"), source.id);
          goto failed;
        }
      if (!get_string (ctx, object, path, "name", FALSE, &source.name) ||
          !get_string (ctx, object, path, "type", TRUE, &type))
        goto failed;

      for (guint k = 0; k < G_N_ELEMENTS (source_kinds); k++)
        if (g_strcmp0 (type, source_kinds[k].name) == 0)
          {
            source.kind = source_kinds[k].kind;
            found = TRUE;
          }
      if (!found)
        {
          g_autofree char *field = g_strdup_printf ("%s.type", path);

          fail (ctx, field,
                _("unknown source type “%s” (expected one of test-pattern, image, media, "
                  "camera, screen, tone, microphone)"), type);
          goto failed;
        }

      if (source.name == NULL)
        source.name = g_strdup (source.id);

      switch (source.kind)
        {
        case VITRINE_SOURCE_TEST_PATTERN:
          if (!get_string (ctx, object, path, "pattern", FALSE, &source.pattern))
            goto failed;
          if (source.pattern == NULL)
            source.pattern = g_strdup ("smpte");
          if (!in_list (source.pattern, patterns, G_N_ELEMENTS (patterns)))
            {
              g_autofree char *field = g_strdup_printf ("%s.pattern", path);
              g_autofree char *all = join_list (patterns, G_N_ELEMENTS (patterns));

              fail (ctx, field, _("unknown pattern “%s” (expected one of %s)"),
                    source.pattern, all);
              goto failed;
            }
          break;

        case VITRINE_SOURCE_IMAGE:
          {
            g_autofree char *file = NULL;
            g_autofree char *field = g_strdup_printf ("%s.path", path);

            if (!get_string (ctx, object, path, "path", TRUE, &file))
              goto failed;
            source.path = resolve_path (ctx, file);
            if (!g_str_has_suffix (source.path, ".png") &&
                !g_str_has_suffix (source.path, ".PNG") &&
                !g_str_has_suffix (source.path, ".jpg") &&
                !g_str_has_suffix (source.path, ".jpeg") &&
                !g_str_has_suffix (source.path, ".JPG"))
              {
                fail (ctx, field, _("“%s” is not a PNG or JPEG image"), source.path);
                goto failed;
              }
            if (!g_file_test (source.path, G_FILE_TEST_IS_REGULAR))
              {
                fail (ctx, field, _("the image “%s” does not exist"), source.path);
                goto failed;
              }
          }
          break;

        case VITRINE_SOURCE_CAMERA:
          if (!get_string (ctx, object, path, "device", FALSE, &source.device) ||
              !get_backend (ctx, object, path, "v4l2", &source.portal))
            goto failed;
          /* Through the portal "device" names the camera (optional). */
          if (source.device == NULL && !source.portal)
            source.device = g_strdup ("/dev/video0");
          break;

        case VITRINE_SOURCE_SCREEN:
          if (!get_string (ctx, object, path, "display", FALSE, &source.display) ||
              !get_backend (ctx, object, path, "x11", &source.portal))
            goto failed;
          if (source.portal && source.display != NULL)
            {
              g_autofree char *field = g_strdup_printf ("%s.display", path);

              fail (ctx, field, _("an X11 display cannot be captured through the portal"));
              goto failed;
            }
          break;

        case VITRINE_SOURCE_TONE:
          if (!get_number (ctx, object, path, "frequency", FALSE, 440, 20, 20000, FALSE, &number))
            goto failed;
          source.frequency = number;
          if (!get_number (ctx, object, path, "volume", FALSE, 0.2, 0, 1, FALSE, &number))
            goto failed;
          source.volume = number;
          break;

        case VITRINE_SOURCE_MICROPHONE:
          if (!get_string (ctx, object, path, "device", FALSE, &source.device) ||
              !get_number (ctx, object, path, "volume", FALSE, 1.0, 0, 1, FALSE, &number))
            goto failed;
          source.volume = number;
          break;

        case VITRINE_SOURCE_MEDIA:
          {
            g_autofree char *file = NULL;
            g_autofree char *field = g_strdup_printf ("%s.path", path);

            if (!get_string (ctx, object, path, "path", TRUE, &file) ||
                !get_number (ctx, object, path, "volume", FALSE, 1.0, 0, 1, FALSE, &number) ||
                !get_boolean (ctx, object, path, "loop", TRUE, &source.loop))
              goto failed;
            source.volume = number;
            source.path = resolve_path (ctx, file);
            if (!g_file_test (source.path, G_FILE_TEST_IS_REGULAR))
              {
                fail (ctx, field, _("the video file “%s” does not exist"), source.path);
                goto failed;
              }
          }
          break;

        default:
          g_assert_not_reached ();
        }

      g_array_append_val (self->sources, source);
      continue;

    failed:
      clear_source (&source);
      return FALSE;
    }

  return TRUE;
}

static gboolean
check_video_source (VitrineShow *self,
                    Ctx         *ctx,
                    const char  *field,
                    const char  *id)
{
  const VitrineSourceConfig *source = vitrine_show_find_source (self, id);

  if (source == NULL)
    return fail (ctx, field, _("there is no source with the id “%s”"), id);
  if (vitrine_source_kind_is_audio (source->kind))
    return fail (ctx, field, _("“%s” is an audio source; a scene shows video sources"), id);
  return TRUE;
}

static const char *corners[] = { "top-left", "top-right", "bottom-left", "bottom-right" };

/* The layout part of a scene, for a canvas: the scene object itself, or its
 * "portrait" object. */
static gboolean
parse_layout (VitrineShow        *self,
              Ctx                *ctx,
              JsonObject         *object,
              const char         *path,
              gboolean            main_required,
              VitrineSceneConfig *scene)
{
  g_autofree char *layout = NULL;
  g_autofree char *corner = NULL;
  g_autofree char *main_field = g_strdup_printf ("%s.main", path);
  g_autofree char *inset_field = g_strdup_printf ("%s.inset", path);
  double number;

  if (!get_string (ctx, object, path, "layout", FALSE, &layout) ||
      !get_string (ctx, object, path, "main", main_required, &scene->main) ||
      !get_string (ctx, object, path, "inset", FALSE, &scene->inset) ||
      !get_string (ctx, object, path, "corner", FALSE, &corner) ||
      !get_number (ctx, object, path, "inset_scale", FALSE, 0.3, 0.1, 0.9, FALSE, &number))
    return FALSE;
  scene->inset_scale = number;

  if (layout == NULL || g_str_equal (layout, "full"))
    scene->layout = VITRINE_LAYOUT_FULL;
  else if (g_str_equal (layout, "pip"))
    scene->layout = VITRINE_LAYOUT_PIP;
  else
    {
      g_autofree char *field = g_strdup_printf ("%s.layout", path);

      return fail (ctx, field, _("unknown layout “%s” (expected full or pip)"), layout);
    }

  if (!check_video_source (self, ctx, main_field, scene->main))
    return FALSE;

  if (scene->layout == VITRINE_LAYOUT_PIP)
    {
      if (scene->inset == NULL)
        return fail (ctx, inset_field, _("a picture-in-picture scene needs an inset source"));
      if (!check_video_source (self, ctx, inset_field, scene->inset))
        return FALSE;
      if (g_str_equal (scene->inset, scene->main))
        return fail (ctx, inset_field, _("the inset must be another source than the main one"));
    }

  scene->corner = VITRINE_CORNER_BOTTOM_RIGHT;
  if (corner != NULL)
    {
      gboolean found = FALSE;

      for (guint k = 0; k < G_N_ELEMENTS (corners); k++)
        if (g_str_equal (corner, corners[k]))
          {
            scene->corner = (VitrineCorner)k;
            found = TRUE;
          }
      if (!found)
        {
          g_autofree char *field = g_strdup_printf ("%s.corner", path);

          return fail (ctx, field,
                       _("unknown corner “%s” (expected top-left, top-right, bottom-left or "
                         "bottom-right)"), corner);
        }
    }

  return TRUE;
}

static gboolean
parse_scenes (VitrineShow *self,
              Ctx         *ctx,
              JsonArray   *array)
{
  guint n = json_array_get_length (array);

  if (n == 0)
    return fail (ctx, "scenes", _("the show needs at least one scene"));

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *path = g_strdup_printf ("scenes[%u]", i);
      JsonNode *node = json_array_get_element (array, i);
      VitrineSceneConfig scene = { 0 };
      JsonObject *object;
      JsonObject *portrait;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        return fail (ctx, path, _("expected an object, found %s"), node_type_name (node));
      object = json_node_get_object (node);

      if (!get_string (ctx, object, path, "id", TRUE, &scene.id))
        goto failed;
      if (!valid_id (scene.id))
        {
          fail (ctx, path, _("the id “%s” may only use letters, digits, “-” and “_”"), scene.id);
          goto failed;
        }
      if (vitrine_show_find_scene (self, scene.id) != NULL)
        {
          fail (ctx, path, _("the id “%s” is used by another scene"), scene.id);
          goto failed;
        }
      if (!get_string (ctx, object, path, "name", FALSE, &scene.name) ||
          !parse_layout (self, ctx, object, path, TRUE, &scene))
        goto failed;
      if (scene.name == NULL)
        scene.name = g_strdup (scene.id);

      /* The portrait canvas shows the same scene, laid out for 9:16 by
       * default; "portrait" overrides the layout there. */
      if (json_object_has_member (object, "portrait"))
        {
          g_autofree char *portrait_path = g_strdup_printf ("%s.portrait", path);
          JsonNode *member = json_object_get_member (object, "portrait");

          if (!self->has_portrait)
            {
              fail (ctx, portrait_path,
                    _("the show has no portrait canvas (add \"portrait\": {\"width\": 720, "
                      "\"height\": 1280})"));
              goto failed;
            }
          if (!JSON_NODE_HOLDS_OBJECT (member))
            {
              fail (ctx, portrait_path, _("expected an object, found %s"),
                    node_type_name (member));
              goto failed;
            }
          portrait = json_node_get_object (member);
          scene.portrait = g_new0 (VitrineSceneConfig, 1);
          if (!parse_layout (self, ctx, portrait, portrait_path, TRUE, scene.portrait))
            goto failed;
        }

      g_array_append_val (self->scenes, scene);
      continue;

    failed:
      clear_scene (&scene);
      return FALSE;
    }

  return TRUE;
}

static gboolean
get_platform (Ctx                      *ctx,
              JsonObject               *object,
              const char               *path,
              VitrineDestinationConfig *destination)
{
  g_autofree char *field = g_strdup_printf ("%s.platform", path);

  if (!get_string (ctx, object, path, "platform", FALSE, &destination->platform))
    return FALSE;
  if (destination->platform != NULL &&
      vitrine_platform_preset_lookup (destination->platform) == NULL)
    {
      g_autoptr(GString) known = g_string_new (NULL);

      for (guint i = 0; i < vitrine_platform_preset_get_n (); i++)
        g_string_append_printf (known, "%s%s", i ? ", " : "",
                                vitrine_platform_preset_get (i)->id);
      return fail (ctx, field, _("unknown platform “%s” (expected one of %s)"),
                   destination->platform, known->str);
    }
  return TRUE;
}

static gboolean
platform_gives_url (const VitrineDestinationConfig *destination)
{
  return destination->platform != NULL &&
         vitrine_platform_preset_lookup (destination->platform)->server_url != NULL;
}

/* What a destination's platform says about this show: nothing stops the
 * show, but the host should know before going live. */
static void
check_platforms (VitrineShow *self)
{
  for (guint i = 0; i < self->destinations->len; i++)
    {
      const VitrineDestinationConfig *destination =
        &g_array_index (self->destinations, VitrineDestinationConfig, i);
      const VitrinePlatformPreset *preset;
      g_autoptr(GPtrArray) warnings = NULL;
      guint width, height, bitrate;

      if (destination->platform == NULL)
        continue;
      preset = vitrine_platform_preset_lookup (destination->platform);
      vitrine_show_get_canvas_size (self, destination->canvas, &width, &height);
      bitrate = vitrine_show_get_canvas_bitrate (self, destination->canvas);
      warnings = vitrine_platform_preset_check (preset, destination->url, width, height,
                                                self->fps, bitrate,
                                                self->encoder.keyframe_interval);
      for (guint k = 0; k < warnings->len; k++)
        /* Translators: a destination's name, then what its platform says */
        g_ptr_array_add (self->warnings,
                         g_strdup_printf (_("%s: %s"), destination->name,
                                          (const char *)g_ptr_array_index (warnings, k)));
    }
}

static gboolean
get_canvas (VitrineShow       *self,
            Ctx               *ctx,
            JsonObject        *object,
            const char        *path,
            VitrineCanvasKind *canvas)
{
  g_autofree char *field = g_strdup_printf ("%s.canvas", path);
  g_autofree char *value = NULL;

  *canvas = VITRINE_CANVAS_LANDSCAPE;
  if (!get_string (ctx, object, path, "canvas", FALSE, &value))
    return FALSE;
  if (value == NULL || g_str_equal (value, "landscape"))
    return TRUE;
  if (!g_str_equal (value, "portrait"))
    return fail (ctx, field, _("unknown canvas “%s” (expected landscape or portrait)"), value);
  if (!self->has_portrait)
    return fail (ctx, field, _("the show has no portrait canvas (add \"portrait\": "
                               "{\"width\": 720, \"height\": 1280})"));
  *canvas = VITRINE_CANVAS_PORTRAIT;
  return TRUE;
}

/* A self-hosted RTMPS server's certificate (or its CA), trusted in addition
 * to the system's certificate authorities. */
static gboolean
get_trusted_certificate (Ctx                      *ctx,
                         JsonObject               *object,
                         const char               *path,
                         VitrineDestinationConfig *destination)
{
  g_autofree char *field = g_strdup_printf ("%s.trusted_certificate", path);
  g_autofree char *file = NULL;
  g_autoptr(GTlsCertificate) certificate = NULL;
  g_autoptr(GError) error = NULL;

  if (!get_string (ctx, object, path, "trusted_certificate", FALSE, &file))
    return FALSE;
  if (file == NULL)
    return TRUE;

  destination->trusted_certificate = resolve_path (ctx, file);
  if (g_ascii_strncasecmp (destination->url, "rtmps:", 6) != 0)
    return fail (ctx, field, _("only an rtmps:// destination uses a certificate"));
  if (!(certificate = g_tls_certificate_new_from_file (destination->trusted_certificate, &error)))
    return fail (ctx, field, _("cannot read the certificate “%s”: %s"),
                 destination->trusted_certificate, error->message);
  return TRUE;
}

/* "qr": "own" gives the destination a QR code of its own, whose checkout
 * link says it came from that platform; it costs one more video encode. */
static gboolean
get_qr (VitrineShow              *self,
        Ctx                      *ctx,
        JsonObject               *object,
        const char               *path,
        VitrineDestinationConfig *destination)
{
  g_autofree char *qr = NULL;
  g_autofree char *field = g_strdup_printf ("%s.qr", path);

  if (!get_string (ctx, object, path, "qr", FALSE, &qr))
    return FALSE;
  if (qr == NULL || g_str_equal (qr, "shared"))
    return TRUE;
  if (!g_str_equal (qr, "own"))
    return fail (ctx, field, _("expected “shared” or “own”, found “%s”"), qr);

  destination->qr_source = g_strdup (destination->platform ? destination->platform
                                                           : destination->id);
  g_ptr_array_add (self->warnings,
                   g_strdup_printf (_("%s: its own QR code (utm_source=%s) costs one more "
                                      "video encode"),
                                    destination->name ? destination->name : destination->id,
                                    destination->qr_source));
  return TRUE;
}

static gboolean
parse_destinations (VitrineShow *self,
                    Ctx         *ctx,
                    JsonArray   *array)
{
  guint n = json_array_get_length (array);

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *path = g_strdup_printf ("destinations[%u]", i);
      g_autofree char *type = NULL;
      JsonNode *node = json_array_get_element (array, i);
      VitrineDestinationConfig destination = { 0 };
      JsonObject *object;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        return fail (ctx, path, _("expected an object, found %s"), node_type_name (node));
      object = json_node_get_object (node);

      if (!get_string (ctx, object, path, "id", TRUE, &destination.id))
        goto failed;
      if (!valid_id (destination.id))
        {
          fail (ctx, path, _("the id “%s” may only use letters, digits, “-” and “_”"),
                destination.id);
          goto failed;
        }
      for (guint k = 0; k < self->destinations->len; k++)
        if (g_str_equal (g_array_index (self->destinations, VitrineDestinationConfig, k).id,
                         destination.id))
          {
            fail (ctx, path, _("the id “%s” is used by another destination"), destination.id);
            goto failed;
          }
      if (!get_string (ctx, object, path, "name", FALSE, &destination.name) ||
          !get_string (ctx, object, path, "type", TRUE, &type) ||
          !get_boolean (ctx, object, path, "enabled", TRUE, &destination.enabled))
        goto failed;
      if (destination.name == NULL)
        destination.name = g_strdup (destination.id);
      if (!get_canvas (self, ctx, object, path, &destination.canvas) ||
          !get_platform (ctx, object, path, &destination))
        goto failed;
      if (destination.platform != NULL)
        destination.key_per_stream =
          vitrine_platform_preset_lookup (destination.platform)->new_key_every_stream;
      if (!get_qr (self, ctx, object, path, &destination))
        goto failed;

      if (g_str_equal (type, "rtmp"))
        {
          g_autofree char *field = g_strdup_printf ("%s.url", path);
          g_autofree char *scheme = NULL;

          destination.kind = VITRINE_DESTINATION_RTMP;
          if (!get_string (ctx, object, path, "url", !platform_gives_url (&destination),
                           &destination.url))
            goto failed;
          if (destination.url == NULL)
            destination.url = g_strdup (vitrine_platform_preset_lookup (destination.platform)
                                          ->server_url);
          scheme = g_uri_parse_scheme (destination.url);
          if (scheme == NULL ||
              (g_ascii_strcasecmp (scheme, "rtmp") != 0 &&
               g_ascii_strcasecmp (scheme, "rtmps") != 0) ||
              !g_uri_is_valid (destination.url, G_URI_FLAGS_NONE, NULL))
            {
              fail (ctx, field, _("“%s” is not an rtmp:// or rtmps:// server address"),
                    destination.url);
              goto failed;
            }
          if (strstr (destination.url, "?") != NULL)
            {
              /* Keys pasted into the URL would end up in the show file, which is
               * not a safe place for them. */
              fail (ctx, field, _("put the stream key in the destination settings, not in the "
                                  "server address"));
              goto failed;
            }
          if (!get_trusted_certificate (ctx, object, path, &destination))
            goto failed;
        }
      else if (g_str_equal (type, "srt"))
        {
          g_autofree char *field = g_strdup_printf ("%s.url", path);
          g_autofree char *scheme = NULL;

          destination.kind = VITRINE_DESTINATION_SRT;
          if (!get_string (ctx, object, path, "url", TRUE, &destination.url) ||
              !get_boolean (ctx, object, path, "encrypted", FALSE, &destination.encrypted))
            goto failed;
          scheme = g_uri_parse_scheme (destination.url);
          if (scheme == NULL || g_ascii_strcasecmp (scheme, "srt") != 0 ||
              !g_uri_is_valid (destination.url, G_URI_FLAGS_NONE, NULL))
            {
              fail (ctx, field, _("“%s” is not an srt://host:port address"), destination.url);
              goto failed;
            }
          if (strstr (destination.url, "passphrase") != NULL)
            {
              fail (ctx, field, _("set \"encrypted\": true and keep the passphrase in the "
                                  "destination settings, not in the address"));
              goto failed;
            }
        }
      else if (g_str_equal (type, "recording"))
        {
          g_autofree char *file = NULL;
          g_autofree char *field = g_strdup_printf ("%s.path", path);
          double number;

          destination.kind = VITRINE_DESTINATION_RECORDING;
          if (!get_string (ctx, object, path, "path", TRUE, &file))
            goto failed;
          destination.path = resolve_path (ctx, file);
          /* Always recorded as Matroska, which survives a crash; an .mp4 path
           * asks for MP4 after a clean stop. */
          if (g_str_has_suffix (destination.path, ".mp4"))
            {
              char *mkv = g_strdup_printf ("%.*s.mkv",
                                           (int)(strlen (destination.path) - strlen (".mp4")),
                                           destination.path);

              g_free (destination.path);
              destination.path = mkv;
              destination.remux_mp4 = TRUE;
            }
          else if (!g_str_has_suffix (destination.path, ".mkv"))
            {
              fail (ctx, field, _("the file name must end in .mkv (Matroska) or .mp4"));
              goto failed;
            }
          if (!get_number (ctx, object, path, "split_seconds", FALSE, 0, 0, 86400, TRUE,
                           &number))
            goto failed;
          destination.split_seconds = (guint)number;
          if (!get_number (ctx, object, path, "split_megabytes", FALSE, 0, 0, 1024 * 1024, TRUE,
                           &number))
            goto failed;
          destination.split_megabytes = (guint)number;
        }
      else
        {
          g_autofree char *field = g_strdup_printf ("%s.type", path);

          fail (ctx, field,
                _("unknown destination type “%s” (expected rtmp, srt or recording)"), type);
          goto failed;
        }

      g_array_append_val (self->destinations, destination);
      continue;

    failed:
      clear_destination (&destination);
      return FALSE;
    }

  return TRUE;
}

static const char *feed_types[] = {
  "twitch", "youtube", "facebook", "restream", "demo", "shopify-orders", "woocommerce-orders",
};

/* "feeds": the chat and order connectors, [{"id", "type", "name", …}]: the
 * options of each type are read by the connector (feed/), which names
 * what is wrong the same way. */
static gboolean
parse_feeds (VitrineShow *self,
             Ctx         *ctx,
             JsonObject  *object)
{
  JsonArray *feeds;

  if (!json_object_has_member (object, "feeds") ||
      JSON_NODE_HOLDS_NULL (json_object_get_member (object, "feeds")))
    return TRUE;
  if (!(feeds = get_array (ctx, object, "feeds")))
    return FALSE;

  for (guint i = 0; i < json_array_get_length (feeds); i++)
    {
      g_autofree char *path = g_strdup_printf ("feeds[%u]", i);
      JsonNode *node = json_array_get_element (feeds, i);
      VitrineFeedConfig feed = { NULL, };

      if (!JSON_NODE_HOLDS_OBJECT (node))
        return fail (ctx, path, _("expected an object, found %s"), node_type_name (node));
      if (!get_string (ctx, json_node_get_object (node), path, "id", TRUE, &feed.id) ||
          !get_string (ctx, json_node_get_object (node), path, "type", TRUE, &feed.type) ||
          !get_string (ctx, json_node_get_object (node), path, "name", FALSE, &feed.name))
        {
          clear_feed_config (&feed);
          return FALSE;
        }
      if (!in_list (feed.type, feed_types, G_N_ELEMENTS (feed_types)))
        {
          g_autofree char *all = join_list (feed_types, G_N_ELEMENTS (feed_types));
          g_autofree char *field = g_strdup_printf ("%s.type", path);

          fail (ctx, field, _("unknown feed type “%s” (expected one of %s)"), feed.type, all);
          clear_feed_config (&feed);
          return FALSE;
        }
      for (guint k = 0; k < self->feeds->len; k++)
        if (g_str_equal (g_array_index (self->feeds, VitrineFeedConfig, k).id, feed.id))
          {
            fail (ctx, path, _("the id “%s” is used by another feed"), feed.id);
            clear_feed_config (&feed);
            return FALSE;
          }
      feed.options = json_object_ref (json_node_get_object (node));
      g_array_append_val (self->feeds, feed);
    }
  return TRUE;
}

/* A lowercase slug of the show's name, for utm_campaign. */
static char *
campaign_from_name (const char *name)
{
  g_autofree char *folded = g_utf8_strdown (name, -1);
  GString *slug = g_string_new (NULL);

  for (const char *p = folded; *p; p++)
    {
      if (g_ascii_isalnum (*p))
        g_string_append_c (slug, *p);
      else if (slug->len > 0 && slug->str[slug->len - 1] != '-')
        g_string_append_c (slug, '-');
    }
  while (slug->len > 0 && slug->str[slug->len - 1] == '-')
    g_string_truncate (slug, slug->len - 1);
  if (slug->len == 0)
    g_string_append (slug, "live");
  return g_string_free (slug, FALSE);
}

/* "catalog" (a file, or {"path", "currency", "shop"}), "overlays" {"theme",
 * "locale", "campaign"} and "run_of_show" [{"product", "notes"}]. */
static gboolean
parse_commerce (VitrineShow *self,
                Ctx         *ctx,
                JsonObject  *object)
{
  JsonNode *catalog = json_object_get_member (object, "catalog");
  JsonObject *overlays;
  g_autofree char *file = NULL;

  if (catalog != NULL && JSON_NODE_HOLDS_VALUE (catalog) &&
      json_node_get_value_type (catalog) == G_TYPE_STRING)
    {
      if (!get_string (ctx, object, "", "catalog", TRUE, &file))
        return FALSE;
    }
  else if (catalog != NULL && !JSON_NODE_HOLDS_NULL (catalog))
    {
      JsonObject *section = get_object (ctx, object, "catalog", FALSE);
      const char *platforms[] = { "shopify", "woocommerce" };

      if (section == NULL ||
          !get_string (ctx, section, "catalog", "path", FALSE, &file) ||
          !get_string (ctx, section, "catalog", "currency", FALSE, &self->catalog_currency) ||
          !get_string (ctx, section, "catalog", "shop", FALSE, &self->catalog_shop))
        return FALSE;

      /* Products read from the shop itself: {"shopify": {"url": …}}. */
      for (guint i = 0; i < G_N_ELEMENTS (platforms); i++)
        {
          g_autofree char *path = g_strdup_printf ("catalog.%s", platforms[i]);
          JsonObject *shop;

          if (!json_object_has_member (section, platforms[i]))
            continue;
          if ((shop = get_object (ctx, section, platforms[i], TRUE)) == NULL)
            return FALSE;
          if (self->shop_platform != NULL)
            return fail (ctx, "catalog", _("name one shop, not both"));
          self->shop_platform = g_strdup (platforms[i]);
          if (!get_string (ctx, shop, path, "url", TRUE, &self->shop_url) ||
              !get_string (ctx, shop, path, "secret", FALSE, &self->shop_secret))
            return FALSE;
          if (!g_str_has_prefix (self->shop_url, "https://") &&
              !g_str_has_prefix (self->shop_url, "http://"))
            {
              g_autofree char *field = g_strdup_printf ("%s.url", path);

              return fail (ctx, field, _("“%s” is not a shop address (https://…)"),
                           self->shop_url);
            }
        }
      if (file == NULL && self->shop_platform == NULL)
        return fail (ctx, "catalog", _("give a catalog file (“path”) or a shop "
                                       "(“shopify” or “woocommerce”)"));
    }
  if (file != NULL)
    {
      self->catalog_path = resolve_path (ctx, file);
      if (!g_file_test (self->catalog_path, G_FILE_TEST_IS_REGULAR))
        return fail (ctx, "catalog", _("the catalog “%s” does not exist"), self->catalog_path);
    }

  if ((overlays = get_object (ctx, object, "overlays", FALSE)) != NULL)
    {
      if (!get_string (ctx, overlays, "overlays", "theme", FALSE, &self->overlay_theme) ||
          !get_string (ctx, overlays, "overlays", "locale", FALSE, &self->overlay_locale) ||
          !get_string (ctx, overlays, "overlays", "campaign", FALSE, &self->campaign))
        return FALSE;
    }
  else if (json_object_has_member (object, "overlays") &&
           !JSON_NODE_HOLDS_NULL (json_object_get_member (object, "overlays")))
    return FALSE;

  /* A theme is a built-in name or a JSON file next to the show. */
  if (self->overlay_theme != NULL &&
      (strchr (self->overlay_theme, '/') != NULL || g_str_has_suffix (self->overlay_theme, ".json")))
    {
      char *path = resolve_path (ctx, self->overlay_theme);

      g_free (self->overlay_theme);
      self->overlay_theme = path;
      if (!g_file_test (path, G_FILE_TEST_IS_REGULAR))
        return fail (ctx, "overlays.theme", _("the theme “%s” does not exist"), path);
    }
  if (self->overlay_theme == NULL)
    self->overlay_theme = g_strdup ("studio");
  if (self->campaign == NULL)
    self->campaign = campaign_from_name (self->name);

  if (json_object_has_member (object, "run_of_show") &&
      !JSON_NODE_HOLDS_NULL (json_object_get_member (object, "run_of_show")))
    {
      JsonArray *items = get_array (ctx, object, "run_of_show");

      if (items == NULL)
        return FALSE;
      for (guint i = 0; i < json_array_get_length (items); i++)
        {
          g_autofree char *path = g_strdup_printf ("run_of_show[%u]", i);
          JsonNode *node = json_array_get_element (items, i);
          VitrineRunOfShowItem item = { NULL, NULL, NULL, 0 };
          JsonObject *deal;
          double number;

          if (!JSON_NODE_HOLDS_OBJECT (node))
            return fail (ctx, path, _("expected an object, found %s"), node_type_name (node));
          if (!get_string (ctx, json_node_get_object (node), path, "product", TRUE,
                           &item.product) ||
              !get_string (ctx, json_node_get_object (node), path, "notes", FALSE, &item.notes))
            {
              clear_run_of_show_item (&item);
              return FALSE;
            }
          /* The flash deal the deal key starts for this product. */
          if ((deal = get_object (ctx, json_node_get_object (node), "deal", FALSE)) != NULL)
            {
              g_autofree char *deal_path = g_strdup_printf ("%s.deal", path);

              if (!get_string (ctx, deal, deal_path, "price", TRUE, &item.deal_price) ||
                  !get_number (ctx, deal, deal_path, "seconds", FALSE, 120, 1, 86400, TRUE,
                               &number))
                {
                  clear_run_of_show_item (&item);
                  return FALSE;
                }
              item.deal_seconds = (guint)number;
            }
          g_array_append_val (self->run_of_show, item);
        }
    }

  return parse_feeds (self, ctx, object);
}

/* "moderation": {"blocked_words": ["scam*", "buy followers"], "action":
 * "hide" | "hold"}. Each word is checked on its own, so the error names
 * the one that cannot be used. */
static gboolean
parse_moderation (VitrineShow *self,
                  Ctx         *ctx,
                  JsonObject  *object)
{
  static const char *actions[] = { "hide", "hold" };
  g_autoptr(VitrineWordFilter) filter = NULL;
  g_autoptr(GPtrArray) words = g_ptr_array_new ();
  g_autofree char *action = NULL;
  JsonObject *section;
  JsonNode *node;
  JsonArray *list;
  g_autoptr(GError) error = NULL;

  node = json_object_get_member (object, "moderation");
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  if ((section = get_object (ctx, object, "moderation", FALSE)) == NULL)
    return FALSE;

  if (!get_string (ctx, section, "moderation", "action", FALSE, &action))
    return FALSE;
  if (action != NULL && !in_list (action, actions, G_N_ELEMENTS (actions)))
    return fail (ctx, "moderation.action",
                 _("unknown action “%s” (expected “hide” or “hold”)"), action);

  node = json_object_get_member (section, "blocked_words");
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  if (!JSON_NODE_HOLDS_ARRAY (node))
    return fail (ctx, "moderation.blocked_words", _("expected a list of words, found %s"),
                 node_type_name (node));
  list = json_node_get_array (node);
  if (json_array_get_length (list) > VITRINE_WORD_FILTER_MAX_WORDS)
    return fail (ctx, "moderation.blocked_words", _("more than %u blocked words"),
                 VITRINE_WORD_FILTER_MAX_WORDS);

  filter = vitrine_word_filter_new ();
  for (guint i = 0; i < json_array_get_length (list); i++)
    {
      g_autofree char *field = g_strdup_printf ("moderation.blocked_words[%u]", i);
      JsonNode *element = json_array_get_element (list, i);
      const char *one[2] = { NULL, NULL };

      if (!JSON_NODE_HOLDS_VALUE (element) ||
          json_node_get_value_type (element) != G_TYPE_STRING)
        return fail (ctx, field, _("expected text, found %s"), node_type_name (element));
      one[0] = json_node_get_string (element);
      if (!vitrine_word_filter_set_words (filter, one, &error))
        return fail (ctx, field, "%s", error->message);
      g_ptr_array_add (words, (gpointer) one[0]);
    }
  if (words->len == 0)
    return TRUE;

  g_ptr_array_add (words, NULL);
  if (!vitrine_word_filter_set_words (filter, (const char * const *) words->pdata, &error))
    return fail (ctx, "moderation.blocked_words", "%s", error->message);
  vitrine_word_filter_set_action (filter, g_strcmp0 (action, "hold") == 0
                                          ? VITRINE_WORD_FILTER_HOLD
                                          : VITRINE_WORD_FILTER_HIDE);
  self->word_filter = g_steal_pointer (&filter);
  return TRUE;
}

static gboolean
parse_root (VitrineShow *self,
            Ctx         *ctx,
            JsonNode    *root)
{
  JsonObject *object;
  JsonObject *canvas;
  JsonObject *encoder;
  JsonArray *array;
  double number;

  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error (ctx->error, VITRINE_SHOW_ERROR, VITRINE_SHOW_ERROR_INVALID,
                   _("%s: a show file must contain one JSON object, found %s"),
                   ctx->display_name, node_type_name (root));
      return FALSE;
    }
  object = json_node_get_object (root);

  if (!get_string (ctx, object, "", "name", FALSE, &self->name))
    return FALSE;
  if (self->name == NULL)
    self->name = g_strdup (_("Untitled show"));

  if (!(canvas = get_object (ctx, object, "canvas", TRUE)))
    return FALSE;
  if (!get_number (ctx, canvas, "canvas", "width", TRUE, 0, 16, 7680, TRUE, &number))
    return FALSE;
  self->width = (guint)number;
  if (!get_number (ctx, canvas, "canvas", "height", TRUE, 0, 16, 7680, TRUE, &number))
    return FALSE;
  self->height = (guint)number;
  if (self->width % 2 != 0 || self->height % 2 != 0)
    return fail (ctx, "canvas", _("width and height must be even numbers for H.264"));
  if (!get_number (ctx, canvas, "canvas", "fps", FALSE, 30, 1, 120, TRUE, &number))
    return FALSE;
  self->fps = (guint)number;

  self->encoder.video_bitrate = 4500;
  self->encoder.keyframe_interval = 2;
  self->encoder.audio_bitrate = 128;
  if ((encoder = get_object (ctx, object, "encoder", FALSE)) != NULL)
    {
      if (!get_number (ctx, encoder, "encoder", "video_bitrate", FALSE, 4500, 100, 100000, TRUE,
                       &number))
        return FALSE;
      self->encoder.video_bitrate = (guint)number;
      if (!get_number (ctx, encoder, "encoder", "keyframe_interval", FALSE, 2, 1, 10, TRUE,
                       &number))
        return FALSE;
      self->encoder.keyframe_interval = (guint)number;
      if (!get_number (ctx, encoder, "encoder", "audio_bitrate", FALSE, 128, 32, 512, TRUE,
                       &number))
        return FALSE;
      self->encoder.audio_bitrate = (guint)number;
      if (!get_string (ctx, encoder, "encoder", "preset", FALSE, &self->encoder.preset))
        return FALSE;
    }
  else if (json_object_has_member (object, "encoder") &&
           !JSON_NODE_HOLDS_NULL (json_object_get_member (object, "encoder")))
    return FALSE;

  if (self->encoder.preset == NULL)
    self->encoder.preset = g_strdup ("veryfast");
  if (!in_list (self->encoder.preset, presets, G_N_ELEMENTS (presets)))
    {
      g_autofree char *all = join_list (presets, G_N_ELEMENTS (presets));

      return fail (ctx, "encoder.preset", _("unknown preset “%s” (expected one of %s)"),
                   self->encoder.preset, all);
    }

  /* An optional second, vertical canvas built from the same sources with its
   * own encoder, for TikTok, Instagram and Shorts. */
  if (json_object_has_member (object, "portrait") &&
      !JSON_NODE_HOLDS_NULL (json_object_get_member (object, "portrait")))
    {
      JsonObject *portrait = get_object (ctx, object, "portrait", TRUE);

      if (portrait == NULL)
        return FALSE;
      if (!get_number (ctx, portrait, "portrait", "width", FALSE, 720, 16, 7680, TRUE, &number))
        return FALSE;
      self->portrait_width = (guint)number;
      if (!get_number (ctx, portrait, "portrait", "height", FALSE, 1280, 16, 7680, TRUE, &number))
        return FALSE;
      self->portrait_height = (guint)number;
      if (self->portrait_width % 2 != 0 || self->portrait_height % 2 != 0)
        return fail (ctx, "portrait", _("width and height must be even numbers for H.264"));
      if (self->portrait_width >= self->portrait_height)
        return fail (ctx, "portrait", _("a portrait canvas is taller than wide, found %u×%u"),
                     self->portrait_width, self->portrait_height);
      if (!get_number (ctx, portrait, "portrait", "video_bitrate", FALSE,
                       self->encoder.video_bitrate, 100, 100000, TRUE, &number))
        return FALSE;
      self->portrait_bitrate = (guint)number;
      self->has_portrait = TRUE;
    }

  if (!(array = get_array (ctx, object, "sources")) || !parse_sources (self, ctx, array))
    return FALSE;
  if (!(array = get_array (ctx, object, "scenes")) || !parse_scenes (self, ctx, array))
    return FALSE;

  if (json_object_has_member (object, "destinations"))
    {
      if (!(array = get_array (ctx, object, "destinations")) ||
          !parse_destinations (self, ctx, array))
        return FALSE;
    }

  check_platforms (self);

  if (!get_string (ctx, object, "", "start_scene", FALSE, &self->start_scene))
    return FALSE;
  if (self->start_scene == NULL)
    self->start_scene = g_strdup (g_array_index (self->scenes, VitrineSceneConfig, 0).id);

  if (!parse_commerce (self, ctx, object) ||
      !parse_moderation (self, ctx, object))
    return FALSE;
  else if (vitrine_show_find_scene (self, self->start_scene) == NULL)
    return fail (ctx, "start_scene", _("there is no scene with the id “%s”"), self->start_scene);

  return TRUE;
}

/**
 * vitrine_show_new_from_data:
 * @data: the JSON text
 * @length: its length, or -1 if nul-terminated
 * @base_dir: the folder relative paths are resolved against
 * @display_name: how to name the file in error messages
 * @error: a location for a #GError
 *
 * Parses and validates a show.
 *
 * Returns: (transfer full): the show, or %NULL with @error set to a message
 *   that names the file, the field and what was expected.
 */
VitrineShow *
vitrine_show_new_from_data (const char  *data,
                            gssize       length,
                            const char  *base_dir,
                            const char  *display_name,
                            GError     **error)
{
  g_autoptr(VitrineShow) self = NULL;
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(GError) local_error = NULL;
  Ctx ctx = { display_name, base_dir, error };

  g_return_val_if_fail (data != NULL, NULL);
  g_return_val_if_fail (base_dir != NULL, NULL);
  g_return_val_if_fail (display_name != NULL, NULL);

  if (length < 0)
    length = strlen (data);

  if (!g_utf8_validate (data, length, NULL))
    {
      g_set_error (error, VITRINE_SHOW_ERROR, VITRINE_SHOW_ERROR_SYNTAX,
                   _("%s: the file is not UTF-8 text"), display_name);
      return NULL;
    }

  parser = json_parser_new_immutable ();
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
        g_set_error (error, VITRINE_SHOW_ERROR, VITRINE_SHOW_ERROR_SYNTAX,
                     _("%s: invalid JSON at line %u, column %u: %s"),
                     display_name, line, column, problem);
      else
        g_set_error (error, VITRINE_SHOW_ERROR, VITRINE_SHOW_ERROR_SYNTAX,
                     _("%s: invalid JSON: %s"), display_name, problem);
      return NULL;
    }

  self = g_object_new (VITRINE_TYPE_SHOW, NULL);
  if (!parse_root (self, &ctx, json_parser_get_root (parser)))
    return NULL;

  return g_steal_pointer (&self);
}

/**
 * vitrine_show_new_from_file:
 * @file: a show file
 * @error: a location for a #GError
 *
 * Loads a show file. Blocking: it reads a small local file.
 *
 * Returns: (transfer full): the show, or %NULL with @error set.
 */
VitrineShow *
vitrine_show_new_from_file (GFile   *file,
                            GError **error)
{
  g_autoptr(GFile) parent = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *display = NULL;
  g_autofree char *base_dir = NULL;
  VitrineShow *self;
  gsize length;

  g_return_val_if_fail (G_IS_FILE (file), NULL);

  display = g_file_get_parse_name (file);

  if (!g_file_load_contents (file, NULL, &contents, &length, NULL, &local_error))
    {
      if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
        g_set_error (error, VITRINE_SHOW_ERROR, VITRINE_SHOW_ERROR_NOT_FOUND,
                     _("%s: the show file does not exist"), display);
      else
        g_set_error (error, VITRINE_SHOW_ERROR, VITRINE_SHOW_ERROR_NOT_FOUND,
                     _("%s: cannot read the show file: %s"), display, local_error->message);
      return NULL;
    }

  if (length > 16 * 1024 * 1024)
    {
      g_set_error (error, VITRINE_SHOW_ERROR, VITRINE_SHOW_ERROR_INVALID,
                   _("%s: the file is too large to be a show file"), display);
      return NULL;
    }

  parent = g_file_get_parent (file);
  base_dir = parent ? g_file_get_path (parent) : g_get_current_dir ();
  if (base_dir == NULL)
    base_dir = g_get_current_dir ();

  self = vitrine_show_new_from_data (contents, length, base_dir, display, error);
  if (self != NULL)
    self->path = g_file_get_path (file);

  return self;
}

const char *
vitrine_show_get_name (VitrineShow *self)
{
  g_return_val_if_fail (VITRINE_IS_SHOW (self), NULL);
  return self->name;
}

/**
 * vitrine_show_get_path:
 *
 * Returns: (nullable): the file the show was loaded from
 */
const char *
vitrine_show_get_path (VitrineShow *self)
{
  g_return_val_if_fail (VITRINE_IS_SHOW (self), NULL);
  return self->path;
}

guint
vitrine_show_get_width (VitrineShow *self)
{
  g_return_val_if_fail (VITRINE_IS_SHOW (self), 0);
  return self->width;
}

guint
vitrine_show_get_height (VitrineShow *self)
{
  g_return_val_if_fail (VITRINE_IS_SHOW (self), 0);
  return self->height;
}

guint
vitrine_show_get_fps (VitrineShow *self)
{
  g_return_val_if_fail (VITRINE_IS_SHOW (self), 0);
  return self->fps;
}

const VitrineEncoderConfig *
vitrine_show_get_encoder (VitrineShow *self)
{
  g_return_val_if_fail (VITRINE_IS_SHOW (self), NULL);
  return &self->encoder;
}

guint
vitrine_show_get_n_sources (VitrineShow *self)
{
  g_return_val_if_fail (VITRINE_IS_SHOW (self), 0);
  return self->sources->len;
}

const VitrineSourceConfig *
vitrine_show_get_source (VitrineShow *self,
                         guint        index)
{
  g_return_val_if_fail (VITRINE_IS_SHOW (self), NULL);
  g_return_val_if_fail (index < self->sources->len, NULL);
  return &g_array_index (self->sources, VitrineSourceConfig, index);
}

/**
 * vitrine_show_find_source:
 *
 * Returns: (nullable): the source with @id
 */
const VitrineSourceConfig *
vitrine_show_find_source (VitrineShow *self,
                          const char  *id)
{
  g_return_val_if_fail (VITRINE_IS_SHOW (self), NULL);

  for (guint i = 0; i < self->sources->len; i++)
    if (g_strcmp0 (g_array_index (self->sources, VitrineSourceConfig, i).id, id) == 0)
      return &g_array_index (self->sources, VitrineSourceConfig, i);
  return NULL;
}

guint
vitrine_show_get_n_scenes (VitrineShow *self)
{
  g_return_val_if_fail (VITRINE_IS_SHOW (self), 0);
  return self->scenes->len;
}

const VitrineSceneConfig *
vitrine_show_get_scene (VitrineShow *self,
                        guint        index)
{
  g_return_val_if_fail (VITRINE_IS_SHOW (self), NULL);
  g_return_val_if_fail (index < self->scenes->len, NULL);
  return &g_array_index (self->scenes, VitrineSceneConfig, index);
}

/**
 * vitrine_show_find_scene:
 *
 * Returns: (nullable): the scene with @id
 */
const VitrineSceneConfig *
vitrine_show_find_scene (VitrineShow *self,
                         const char  *id)
{
  g_return_val_if_fail (VITRINE_IS_SHOW (self), NULL);

  for (guint i = 0; i < self->scenes->len; i++)
    if (g_strcmp0 (g_array_index (self->scenes, VitrineSceneConfig, i).id, id) == 0)
      return &g_array_index (self->scenes, VitrineSceneConfig, i);
  return NULL;
}

const char *
vitrine_show_get_start_scene (VitrineShow *self)
{
  g_return_val_if_fail (VITRINE_IS_SHOW (self), NULL);
  return self->start_scene;
}

guint
vitrine_show_get_n_destinations (VitrineShow *self)
{
  g_return_val_if_fail (VITRINE_IS_SHOW (self), 0);
  return self->destinations->len;
}

const VitrineDestinationConfig *
vitrine_show_get_destination (VitrineShow *self,
                              guint        index)
{
  g_return_val_if_fail (VITRINE_IS_SHOW (self), NULL);
  g_return_val_if_fail (index < self->destinations->len, NULL);
  return &g_array_index (self->destinations, VitrineDestinationConfig, index);
}

/**
 * vitrine_show_has_portrait:
 *
 * Returns: whether the show has a second, portrait canvas
 */
/**
 * vitrine_show_get_warnings:
 *
 * Returns: (transfer none) (element-type utf8): what the destinations'
 *   platforms say about the show (too high a bitrate, the wrong orientation…),
 *   one sentence each; empty when all is well
 */
GPtrArray *
vitrine_show_get_warnings (VitrineShow *self)
{
  g_return_val_if_fail (VITRINE_IS_SHOW (self), NULL);
  return self->warnings;
}

gboolean
vitrine_show_has_portrait (VitrineShow *self)
{
  g_return_val_if_fail (VITRINE_IS_SHOW (self), FALSE);
  return self->has_portrait;
}

/**
 * vitrine_show_get_canvas_size:
 * @canvas: which canvas
 * @width: (out): its width
 * @height: (out): its height
 */
void
vitrine_show_get_canvas_size (VitrineShow       *self,
                              VitrineCanvasKind  canvas,
                              guint             *width,
                              guint             *height)
{
  g_return_if_fail (VITRINE_IS_SHOW (self));

  if (canvas == VITRINE_CANVAS_PORTRAIT && self->has_portrait)
    {
      *width = self->portrait_width;
      *height = self->portrait_height;
    }
  else
    {
      *width = self->width;
      *height = self->height;
    }
}

/**
 * vitrine_show_get_canvas_bitrate:
 *
 * Returns: the video bitrate (kb/s) of the canvas' encoder
 */
guint
vitrine_show_get_canvas_bitrate (VitrineShow       *self,
                                 VitrineCanvasKind  canvas)
{
  g_return_val_if_fail (VITRINE_IS_SHOW (self), 0);

  if (canvas == VITRINE_CANVAS_PORTRAIT && self->has_portrait)
    return self->portrait_bitrate;
  return self->encoder.video_bitrate;
}

gboolean
vitrine_source_kind_is_audio (VitrineSourceKind kind)
{
  return kind == VITRINE_SOURCE_TONE || kind == VITRINE_SOURCE_MICROPHONE;
}

const char *
vitrine_source_kind_to_string (VitrineSourceKind kind)
{
  for (guint k = 0; k < G_N_ELEMENTS (source_kinds); k++)
    if (source_kinds[k].kind == kind)
      return source_kinds[k].name;
  return NULL;
}

/**
 * vitrine_show_get_catalog_path:
 *
 * Returns: (nullable): the product catalog file (CSV or JSON), or %NULL
 */
const char *
vitrine_show_get_catalog_path (VitrineShow *self)
{
  g_return_val_if_fail (VITRINE_IS_SHOW (self), NULL);
  return self->catalog_path;
}

/**
 * vitrine_show_get_catalog_currency:
 *
 * Returns: (nullable): the shop's currency for catalogs that do not say
 *   (a Shopify export), or %NULL
 */
const char *
vitrine_show_get_catalog_currency (VitrineShow *self)
{
  g_return_val_if_fail (VITRINE_IS_SHOW (self), NULL);
  return self->catalog_currency;
}

/**
 * vitrine_show_get_catalog_shop:
 *
 * Returns: (nullable): the shop's domain, for checkout links of catalogs
 *   that carry none, or %NULL
 */
const char *
vitrine_show_get_catalog_shop (VitrineShow *self)
{
  g_return_val_if_fail (VITRINE_IS_SHOW (self), NULL);
  return self->catalog_shop;
}

/**
 * vitrine_show_get_overlay_theme:
 *
 * Returns: a built-in theme name (`studio`, `night`) or a theme file's path
 */
const char *
vitrine_show_get_overlay_theme (VitrineShow *self)
{
  g_return_val_if_fail (VITRINE_IS_SHOW (self), NULL);
  return self->overlay_theme;
}

/**
 * vitrine_show_get_overlay_locale:
 *
 * Returns: (nullable): the locale prices on screen are written in, or %NULL
 *   for the host's
 */
const char *
vitrine_show_get_overlay_locale (VitrineShow *self)
{
  g_return_val_if_fail (VITRINE_IS_SHOW (self), NULL);
  return self->overlay_locale;
}

/**
 * vitrine_show_get_campaign:
 *
 * Returns: `utm_campaign` of checkout links (by default made from the name)
 */
const char *
vitrine_show_get_campaign (VitrineShow *self)
{
  g_return_val_if_fail (VITRINE_IS_SHOW (self), NULL);
  return self->campaign;
}

guint
vitrine_show_get_n_run_of_show (VitrineShow *self)
{
  g_return_val_if_fail (VITRINE_IS_SHOW (self), 0);
  return self->run_of_show->len;
}

/**
 * vitrine_show_get_run_of_show_item:
 *
 * Returns: the @index-th product of the show, in the order the host
 *   presents them, with the host's talking points
 */
const VitrineRunOfShowItem *
vitrine_show_get_run_of_show_item (VitrineShow *self,
                                   guint        index)
{
  g_return_val_if_fail (VITRINE_IS_SHOW (self), NULL);
  g_return_val_if_fail (index < self->run_of_show->len, NULL);
  return &g_array_index (self->run_of_show, VitrineRunOfShowItem, index);
}

/**
 * vitrine_show_get_shop:
 * @platform: (out) (optional): "shopify" or "woocommerce"
 * @url: (out) (optional): the shop's address
 * @secret_id: (out) (optional) (nullable): the keyring item of its
 *   credentials, or %NULL for the default
 *
 * Returns: whether the show reads its products from a shop
 */
gboolean
vitrine_show_get_shop (VitrineShow  *self,
                       const char  **platform,
                       const char  **url,
                       const char  **secret_id)
{
  g_return_val_if_fail (VITRINE_IS_SHOW (self), FALSE);

  if (platform)
    *platform = self->shop_platform;
  if (url)
    *url = self->shop_url;
  if (secret_id)
    *secret_id = self->shop_secret;
  return self->shop_platform != NULL;
}

guint
vitrine_show_get_n_feeds (VitrineShow *self)
{
  g_return_val_if_fail (VITRINE_IS_SHOW (self), 0);
  return self->feeds->len;
}

/**
 * vitrine_show_get_feed:
 *
 * Returns: the @index-th chat or order connector of the show
 */
const VitrineFeedConfig *
vitrine_show_get_feed (VitrineShow *self,
                       guint        index)
{
  g_return_val_if_fail (VITRINE_IS_SHOW (self), NULL);
  g_return_val_if_fail (index < self->feeds->len, NULL);
  return &g_array_index (self->feeds, VitrineFeedConfig, index);
}

/**
 * vitrine_show_get_word_filter:
 *
 * The show's blocked words (`"moderation"`) and what happens to a message
 * with one: give it to the feed (vitrine_feed_set_word_filter()).
 *
 * Returns: (transfer none) (nullable): the filter, or %NULL when the show
 *   blocks no word
 */
VitrineWordFilter *
vitrine_show_get_word_filter (VitrineShow *self)
{
  g_return_val_if_fail (VITRINE_IS_SHOW (self), NULL);
  return self->word_filter;
}
