/* vitrine-qr.c
 *
 * Copyright 2026 The Vitrine developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "vitrine-qr"

#include "config.h"

#include <errno.h>
#include <glib/gi18n.h>
#include <qrencode.h>

#include "vitrine-overlay-types.h"
#include "vitrine-qr.h"

/* The quiet zone the QR specification asks for around the symbol. */
#define QUIET_ZONE 4

struct _VitrineQrCode
{
  QRcode *code;
};

/**
 * vitrine_qr_code_new:
 * @text: what to encode, e.g. a checkout URL with its UTM parameters
 * @error: return location for a #VITRINE_OVERLAY_ERROR
 *
 * Encodes @text exactly (case-sensitive, byte for byte) at error correction
 * level M. libqrencode is reentrant, so this may run on any thread.
 *
 * Returns: (transfer full): the code, or %NULL if @text is empty or too
 *   long for a QR code
 */
VitrineQrCode *
vitrine_qr_code_new (const char  *text,
                     GError     **error)
{
  VitrineQrCode *self;
  QRcode *code;

  g_return_val_if_fail (text != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (*text == '\0')
    {
      g_set_error_literal (error, VITRINE_OVERLAY_ERROR, VITRINE_OVERLAY_ERROR_QR,
                           _("A QR code needs some text to encode"));
      return NULL;
    }

  code = QRcode_encodeString (text, 0, QR_ECLEVEL_M, QR_MODE_8, 1);
  if (code == NULL)
    {
      int saved_errno = errno;

      if (saved_errno == ERANGE)
        g_set_error (error, VITRINE_OVERLAY_ERROR, VITRINE_OVERLAY_ERROR_QR,
                     _("The link is too long for a QR code (%zu bytes)"), strlen (text));
      else
        g_set_error (error, VITRINE_OVERLAY_ERROR, VITRINE_OVERLAY_ERROR_QR,
                     _("Could not make a QR code: %s"), g_strerror (saved_errno));
      return NULL;
    }

  self = g_new0 (VitrineQrCode, 1);
  self->code = code;
  return self;
}

void
vitrine_qr_code_free (VitrineQrCode *self)
{
  if (self == NULL)
    return;

  QRcode_free (self->code);
  g_free (self);
}

/**
 * vitrine_qr_code_get_size:
 * @self: a #VitrineQrCode
 *
 * Returns: the number of modules on a side, quiet zone included
 */
int
vitrine_qr_code_get_size (VitrineQrCode *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->code->width + 2 * QUIET_ZONE;
}

/**
 * vitrine_qr_code_get_dark:
 * @self: a #VitrineQrCode
 * @x: column, 0 ≤ @x < vitrine_qr_code_get_size() (quiet zone included)
 * @y: row
 *
 * Returns: whether that module is dark
 */
gboolean
vitrine_qr_code_get_dark (VitrineQrCode *self,
                          int            x,
                          int            y)
{
  int width;

  g_return_val_if_fail (self != NULL, FALSE);

  width = self->code->width;
  x -= QUIET_ZONE;
  y -= QUIET_ZONE;
  if (x < 0 || y < 0 || x >= width || y >= width)
    return FALSE;

  /* Bit 0 of each byte is the module's colour; the others say which
   * function pattern it belongs to. */
  return (self->code->data[y * width + x] & 1) != 0;
}

/**
 * vitrine_qr_code_draw:
 * @self: a #VitrineQrCode
 * @cr: where to draw; its transformation must be an integer translation
 * @x: left edge of the quiet zone, in pixels
 * @y: top edge of the quiet zone
 * @module: pixels per module, at least 1
 *
 * Draws the code, quiet zone included, as a square of
 * vitrine_qr_code_get_size() × @module pixels: white background, black
 * modules, edges on whole pixels and no antialiasing, so that every module
 * is exactly @module × @module pixels.
 */
void
vitrine_qr_code_draw (VitrineQrCode *self,
                      cairo_t       *cr,
                      int            x,
                      int            y,
                      int            module)
{
  int width;
  int size;

  g_return_if_fail (self != NULL);
  g_return_if_fail (cr != NULL);
  g_return_if_fail (module >= 1);

  width = self->code->width;
  size = vitrine_qr_code_get_size (self) * module;

  cairo_save (cr);
  cairo_set_antialias (cr, CAIRO_ANTIALIAS_NONE);
  cairo_set_operator (cr, CAIRO_OPERATOR_OVER);

  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_rectangle (cr, x, y, size, size);
  cairo_fill (cr);

  /* One rectangle per horizontal run of dark modules: a few hundred
   * rectangles instead of a few thousand. */
  cairo_set_source_rgb (cr, 0, 0, 0);
  for (int row = 0; row < width; row++)
    {
      const unsigned char *line = self->code->data + row * width;
      int column = 0;

      while (column < width)
        {
          int start;

          if (!(line[column] & 1))
            {
              column++;
              continue;
            }
          start = column;
          while (column < width && (line[column] & 1))
            column++;
          cairo_rectangle (cr,
                           x + (QUIET_ZONE + start) * module,
                           y + (QUIET_ZONE + row) * module,
                           (column - start) * module,
                           module);
        }
    }
  cairo_fill (cr);
  cairo_restore (cr);
}
